/* fb-board-shift.c — the role board's handovers, operational period and
 * hours on duty
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An offered handover shows under the commander on every workstation
 * until it is accepted, declined or withdrawn; the incoming commander's
 * workstation offers to accept it, the others to withdraw it. Workers
 * show since when they are on duty and with whom they work, and a
 * warning once they pass the incident's limit.
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-shift-private.h"
#include "fb-form-private.h"

static GtkWidget *
add_text_button (GtkWidget  *row,
                 const char *label,
                 const char *action,
                 const char *target,
                 gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (target));
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

static char *
format_hours (gint64 ms)
{
  gint64 minutes = ms / 60000;

  /* TRANSLATORS: a length of time in hours and minutes, for example "3 h 05 min" */
  return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
}

/**
 * _fb_board_describe_period:
 * @since: (out): since when, and for how long it is planned
 *
 * For the board, the overview and the wall display.
 *
 * Returns: the period's name, "Operational Period 2"
 */
char *
_fb_board_describe_period (FbPeriod   *period,
                           FbContext  *context,
                           char      **since)
{
  g_autofree char *at = fb_context_format_time (context, fb_period_get_started_at (period));
  int planned = fb_period_get_planned_min (period);

  if (planned > 0)
    /* TRANSLATORS: when the period started, and its planned length in hours */
    *since = g_strdup_printf (_("Since %s, planned for %d h"), at, planned / 60);
  else
    *since = g_strdup_printf (_("Since %s"), at);
  /* TRANSLATORS: %d is the number of the operational period */
  return g_strdup_printf (_("Operational Period %d"), fb_period_get_number (period));
}

/* The offer waiting for acceptance, if any, and the current period: rows
 * under the commander's. */
void
_fb_board_add_shift_rows (GtkListBox *command_list,
                          FbContext  *context,
                          const char *incident)
{
  FbStore *store = fb_context_get_store (context);
  g_autoptr(FbHandover) offered = fb_store_get_offered_handover (store, incident);
  g_autoptr(FbPeriod) period = fb_store_get_current_period (store, incident);
  g_autofree char *period_title = NULL;
  g_autofree char *period_subtitle = NULL;
  g_autofree char *limit_text = NULL;
  int limit_hours;
  GtkWidget *row;

  if (offered != NULL)
    {
      const char *incoming = fb_handover_get_incoming (offered);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *at = fb_context_format_time (context, fb_handover_get_offered_at (offered));
      const char *outgoing = fb_handover_get_outgoing (offered);
      GtkWidget *icon = gtk_image_new_from_icon_name ("system-switch-user-symbolic");

      /* TRANSLATORS: %s is the incoming commander's name */
      title = g_strdup_printf (_("Handover offered to %s — waiting for acceptance"), incoming);
      if (outgoing[0] != '\0')
        /* TRANSLATORS: when the handover was offered, and the commander who keeps command until then */
        subtitle = g_strdup_printf (_("Offered at %s. %s stays in command until %s accepts on "
                                      "their own workstation."), at, outgoing, incoming);
      else
        subtitle = g_strdup_printf (_("Offered at %s. %s takes command by accepting on their own "
                                      "workstation."), at, incoming);

      row = _fb_board_new_row (title, subtitle);
      gtk_widget_add_css_class (row, "accent");
      gtk_widget_add_css_class (icon, "accent");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      _fb_board_add_button (row, "printer-symbolic", _("Print the Briefing"),
                            "win.print-briefing", g_variant_new_string (fb_handover_get_id (offered)));
      if (fb_person_equal (fb_store_get_author (store), incoming))
        {
          add_text_button (row, _("_Decline"), "board.decline-handover", fb_handover_get_id (offered), FALSE);
          add_text_button (row, _("_Accept Command"), "board.accept-handover", fb_handover_get_id (offered), TRUE);
        }
      else
        add_text_button (row, _("_Withdraw"), "board.withdraw-handover", fb_handover_get_id (offered), FALSE);
      gtk_list_box_append (command_list, row);
    }

  if (period != NULL)
    period_title = _fb_board_describe_period (period, context, &period_subtitle);

  row = _fb_board_new_row (period_title != NULL ? period_title : _("Operational Period"),
                           period_subtitle != NULL ? period_subtitle : _("No period started yet"));
  gtk_widget_add_css_class (row, "property");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("alarm-symbolic"));
  if (period != NULL)
    _fb_board_add_button (row, "printer-symbolic", _("Print the Period’s Briefing"),
                          "win.print-briefing", g_variant_new_string (fb_period_get_id (period)));
  _fb_board_add_button (row, "list-add-symbolic", _("Start a New Period"), "board.start-period", NULL);
  gtk_list_box_append (command_list, row);

  limit_hours = fb_store_get_duty_limit (store, incident) / 60;
  limit_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", limit_hours), limit_hours);
  row = _fb_board_new_row (_("Hours on Duty Before a Warning"), limit_text);
  gtk_widget_add_css_class (row, "property");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("preferences-system-time-symbolic"));
  _fb_board_add_button (row, "document-edit-symbolic", _("Change the Limit of Hours on Duty"),
                        "board.set-duty-limit", NULL);
  gtk_list_box_append (command_list, row);
}

static void
on_duty_limit_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           GtkSpinButton    *spin)
{
  FbContext *context = g_object_get_data (G_OBJECT (dialog), "context");
  const char *incident = g_object_get_data (G_OBJECT (dialog), "incident");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "set"))
    return;

  if (!fb_store_set_duty_limit (fb_context_get_store (context), incident,
                                gtk_spin_button_get_value_as_int (spin) * 60, &error))
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

      _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (dialog),
                            _("The limit was not changed"), error);
    }
}

/* Asks for the hours on duty @incident allows before a warning. */
GtkWindow *
_fb_board_duty_limit_dialog_new (FbContext  *context,
                                 const char *incident)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("Hours on Duty"), NULL));
  GtkListBox *form = _fb_board_new_list ();
  GtkSpinButton *spin;

  adw_message_dialog_set_body (dialog, _("After this many hours on duty, the board and a notification "
                                         "warn that a worker should rest. The change is in the record."));
  spin = _fb_form_add_spin (form, _("_Hours Before a Warning"), NULL, FB_OP_MIN_DUTY_MIN / 60,
                            FB_OP_MAX_DUTY_MIN / 60,
                            fb_store_get_duty_limit (fb_context_get_store (context), incident) / 60);
  _fb_board_set_form (dialog, GTK_WIDGET (form));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "set", _("_Set Limit"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "set");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "context", g_object_ref (context), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "incident", g_strdup (incident), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_duty_limit_response_cb), spin);
  return GTK_WINDOW (dialog);
}

/* One row of the handover history. */
GtkWidget *
_fb_board_create_handover_row (FbHandover *handover,
                               FbContext  *context)
{
  const char *outgoing = fb_handover_get_outgoing (handover);
  const char *incoming = fb_handover_get_incoming (handover);
  g_autofree char *offered = fb_context_format_time (context, fb_handover_get_offered_at (handover));
  g_autofree char *closed = fb_context_format_time (context, fb_handover_get_closed_at (handover));
  const char *by = fb_handover_get_closed_by (handover);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *icon_name = "content-loading-symbolic";
  GtkWidget *row;

  /* TRANSLATORS: the outgoing and the incoming commander */
  title = outgoing[0] != '\0' ? g_strdup_printf (_("%s → %s"), outgoing, incoming)
                              : g_strdup_printf (_("To %s"), incoming);

  switch (fb_handover_get_state (handover))
    {
    case FB_HANDOVER_ACCEPTED:
      subtitle = g_strdup_printf (_("Offered at %s, accepted at %s"), offered, closed);
      icon_name = "emblem-ok-symbolic";
      break;
    case FB_HANDOVER_DECLINED:
      subtitle = g_strdup_printf (_("Offered at %s, declined at %s"), offered, closed);
      icon_name = "action-unavailable-symbolic";
      break;
    case FB_HANDOVER_WITHDRAWN:
      subtitle = g_strdup_printf (_("Offered at %s, withdrawn at %s by %s"), offered, closed, by);
      icon_name = "action-unavailable-symbolic";
      break;
    case FB_HANDOVER_OFFERED:
    default:
      subtitle = g_strdup_printf (_("Offered at %s, waiting for acceptance"), offered);
      break;
    }

  row = _fb_board_new_row (title, subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  _fb_board_add_button (row, "printer-symbolic", _("Print the Briefing"),
                        "win.print-briefing", g_variant_new_string (fb_handover_get_id (handover)));
  return row;
}

/* Whether @worker has been on duty longer than @limit_min at @now. */
static gboolean
is_over (FbWorker *worker,
         int       limit_min,
         gint64    now)
{
  gint64 limit_at = fb_worker_get_duty_limit_at (worker, limit_min);

  return limit_at > 0 && limit_at <= now;
}

/* The worker's row subtitle: the task, since when on duty, and the pair. */
char *
_fb_board_describe_worker (FbWorker   *worker,
                           FbContext  *context,
                           const char *incident)
{
  FbStore *store = fb_context_get_store (context);
  const char *task = fb_worker_get_task (worker);
  const char *pair = fb_worker_get_pair (worker);
  GString *out = g_string_new (task != NULL && task[0] != '\0' ? task : _("No task"));

  if (fb_worker_get_duty_limit_at (worker, 0) > 0)
    {
      g_autofree char *since = fb_context_format_time (context, fb_worker_get_on_duty_since (worker));

      g_string_append (out, " · ");
      /* TRANSLATORS: %s is the time the worker came on duty */
      g_string_append_printf (out, _("on duty since %s"), since);
    }

  if (pair != NULL && pair[0] != '\0')
    {
      g_autoptr(FbWorker) other = fb_store_get_worker (store, incident, pair);

      if (other != NULL)
        {
          g_string_append (out, " · ");
          /* TRANSLATORS: %s is the worker's pair */
          g_string_append_printf (out, _("pair with %s"), fb_worker_get_person (other));
        }
    }

  return g_string_free (out, FALSE);
}

/* Marks the row of a worker past the limit. */
void
_fb_board_mark_worker_row (GtkWidget  *row,
                           FbWorker   *worker,
                           FbContext  *context,
                           const char *incident)
{
  int limit = fb_store_get_duty_limit (fb_context_get_store (context), incident);
  GtkWidget *icon;

  if (!is_over (worker, limit, fb_context_now_ms (context)))
    return;

  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_tooltip_text (icon, _("On duty longer than the incident allows"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("On duty longer than the incident allows"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
}

/**
 * _fb_board_add_duty_warnings:
 *
 * Adds a warning to @warnings for each worker on duty longer than the
 * incident allows.
 *
 * Returns: the next time someone passes the limit, 0 for none, so that the
 *   board can look again then
 */
gint64
_fb_board_add_duty_warnings (GtkListBox *warnings,
                             FbContext  *context,
                             const char *incident,
                             GListModel *workers,
                             guint      *n_added)
{
  int limit = fb_store_get_duty_limit (fb_context_get_store (context), incident);
  gint64 now = fb_context_now_ms (context);
  gint64 next = 0;

  *n_added = 0;
  for (guint i = 0; i < g_list_model_get_n_items (workers); i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (workers, i);
      gint64 limit_at = fb_worker_get_duty_limit_at (worker, limit);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *hours = NULL;
      GtkWidget *row;
      GtkWidget *icon;

      if (limit_at <= 0)
        continue;
      if (limit_at > now)
        {
          next = next == 0 ? limit_at : MIN (next, limit_at);
          continue;
        }

      hours = format_hours (now - fb_worker_get_on_duty_since (worker));
      /* TRANSLATORS: a worker's name and how long they have been on duty */
      title = g_strdup_printf (_("%s has been on duty for %s"), fb_worker_get_person (worker), hours);
      /* TRANSLATORS: %d is the incident's limit of hours on duty */
      subtitle = g_strdup_printf (_("Longer than the %d hours this incident allows: tired people make "
                                    "mistakes. Send them off duty and hand their task over."),
                                  limit / 60);
      row = _fb_board_new_row (title, subtitle);
      gtk_widget_add_css_class (row, "warning");
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      add_text_button (row, _("_Edit Worker…"), "board.edit-worker", fb_worker_get_id (worker), FALSE);
      gtk_list_box_append (warnings, row);
      (*n_added)++;
    }

  return next;
}
