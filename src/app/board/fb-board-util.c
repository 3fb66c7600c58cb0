/* fb-board-util.c — small pieces the board's pages share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"

static GtkWidget *
find_toast_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toast_overlay (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* An error the user can act on: a toast when the page sits in a toast
 * overlay (the main window), a dialog otherwise. */
void
_fb_board_show_error (GtkWidget    *widget,
                      const char   *heading,
                      const GError *error)
{
  GtkWidget *overlay;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL && GTK_IS_WINDOW (widget))
    overlay = find_toast_overlay (widget);
  if (overlay != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", heading, error->message);
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
      return;
    }

  root = gtk_widget_get_root (widget);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_fb_board_present (GtkWidget *from,
                   GtkWindow *dialog)
{
  GtkRoot *root = gtk_widget_get_root (from);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_present (dialog);
}

void
_fb_board_clear_list (GtkListBox *list)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));

  /* The placeholder is a child too; only the rows go. */
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (list, child);
      child = next;
    }
}

GtkListBox *
_fb_board_new_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return GTK_LIST_BOX (list);
}

/* "3 on shift · 1 off shift", or %NULL for an incident with no workers. */
char *
_fb_board_format_shifts (GListModel *workers)
{
  guint n_working = 0, n_off = 0;
  g_autofree char *working = NULL;
  g_autofree char *off = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (workers); i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (workers, i);

      if (fb_worker_get_status (worker) == FB_WORKER_OFF_SHIFT)
        n_off++;
      else
        n_working++;
    }
  if (n_working + n_off == 0)
    return NULL;

  working = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u on shift", "%u on shift", n_working), n_working);
  off = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u off shift", "%u off shift", n_off), n_off);
  return g_strdup_printf ("%s · %s", working, off);
}

GtkWidget *
_fb_board_new_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

/* Rows show text people typed: never markup. */
GtkWidget *
_fb_board_new_row (const char *title,
                   const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  return row;
}

GtkWidget *
_fb_board_add_button (GtkWidget  *row,
                      const char *icon_name,
                      const char *tooltip,
                      const char *action,
                      GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return button;
}

/* What an empty list says, as a row of the list; shown while it has none. */
GtkWidget *
_fb_board_new_empty_row (const char *title)
{
  GtkWidget *row = _fb_board_new_row (title, NULL);

  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static gboolean
is_overdue (FbChecklistItem *item,
            gint64           now_ms)
{
  gint64 due_at = fb_checklist_item_get_due_at (item);

  return due_at > 0 && due_at < now_ms;
}

/* For an FbLiveList of checklist items: a row says "overdue" once the
 * time passes, though the item is the same. */
gboolean
_fb_board_checklist_items_equal (gpointer old_item,
                                 gpointer new_item,
                                 gpointer row_time)
{
  FbRowTime *time = row_time;

  return fb_live_list_items_equal (old_item, new_item, NULL) &&
         is_overdue (old_item, time->shown_ms) == is_overdue (new_item, time->now_ms);
}

/* A decision entry's question, from its data; its text for an older one. */
const char *
_fb_board_decision_question (FbEntry    *entry,
                             JsonObject *data)
{
  const char *question = fb_entry_data_get_string (data, "question");

  return question[0] != '\0' ? question : fb_entry_get_text (entry);
}

/* As fb_incident_summary_command_warnings(), for the incident's page: a
 * readiness review is no response, so nobody need command it. */
FbCommandWarnings
_fb_board_command_warnings (FbStore    *store,
                            const char *incident,
                            GListModel *roles,
                            GListModel *workers,
                            FbWorker  **commander_worker)
{
  g_autoptr(FbIncident) record = incident != NULL ? fb_store_get_incident (store, incident) : NULL;
  FbCommandWarnings warnings = fb_incident_summary_command_warnings (roles, workers, commander_worker);

  if (record != NULL && fb_incident_is_review (record))
    warnings &= ~FB_COMMAND_WARNING_NO_COMMANDER;

  return warnings;
}
