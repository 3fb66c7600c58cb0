/* fb-board-summary.c — the board, the checklist and the contacts at a glance
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the overview page (fb_overview_page_add_section): who commands and
 * the two warnings, the open steps per section, the next deadlines, the
 * pending decisions and who has not been told.
 *
 * Actions (prefix "summary."):
 *   hand-over            the handover briefing
 *   log-contact(s)       log a contact (by contact id) with this incident
 *   decide(s)            record the outcome of a pending decision entry
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-summary.h"
#include "fb-board-util.h"
#include "fb-decision-dialog.h"
#include "fb-handover-dialog.h"
#include "fb-log-contact-dialog.h"

#define N_DEADLINES 5

struct _FbBoardSummary
{
  GtkWidget            parent_instance;

  FbContext           *context;
  FbStore             *store;
  char                *incident;
  FbDeferred           deferred;

  GtkBox              *box;
  GtkListBox          *command_list;
  GtkListBox          *sections_list;
  AdwPreferencesGroup *deadlines_group;
  GtkListBox          *deadlines_list;
  AdwPreferencesGroup *decisions_group;
  GtkListBox          *decisions_list;
  AdwPreferencesGroup *untold_group;
  GtkListBox          *untold_list;
};

G_DEFINE_FINAL_TYPE (FbBoardSummary, fb_board_summary, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCIDENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_warning_row (GtkListBox *list,
                 const char *title,
                 const char *subtitle)
{
  GtkWidget *row = _fb_board_new_row (title, subtitle);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_add_css_class (row, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (list, row);
}

static void
update_command (FbBoardSummary *self)
{
  g_autoptr(GListModel) roles = fb_store_list_roles (self->store, self->incident);
  g_autoptr(GListModel) workers = fb_store_list_workers (self->store, self->incident);
  g_autoptr(FbWorker) culprit = NULL;
  g_autoptr(FbRole) commander = fb_store_get_role (self->store, self->incident, "commander");
  g_autoptr(GString) held = g_string_new (NULL);
  FbCommandWarnings warnings = fb_incident_summary_command_warnings (roles, workers, &culprit);
  guint n_working = 0, n_off = 0;
  GtkWidget *row;

  _fb_board_clear_list (self->command_list);

  if (warnings & FB_COMMAND_WARNING_NO_COMMANDER)
    add_warning_row (self->command_list, _("Nobody commands this incident"),
                     _("Name one incident commander, who decides and delegates."));
  if (warnings & FB_COMMAND_WARNING_COMMANDER_WORKS)
    add_warning_row (self->command_list, _("The commander also holds a worker task"),
                     fb_worker_get_task (culprit));

  row = _fb_board_new_row (fb_role_get_label ("commander"),
                           commander != NULL ? fb_role_get_person (commander) : _("Vacant"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("starred-symbolic"));
  _fb_board_add_button (row, "system-switch-user-symbolic", _("Hand Over Command"),
                        "summary.hand-over", NULL);
  gtk_list_box_append (self->command_list, row);

  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(FbRole) role = g_list_model_get_item (roles, i);

      if (g_str_equal (fb_role_get_role (role), "commander"))
        continue;
      if (held->len > 0)
        g_string_append (held, " · ");
      /* TRANSLATORS: a role and who holds it, "Scribe: Yuki Tanaka" */
      g_string_append_printf (held, _("%s: %s"), fb_role_get_label (fb_role_get_role (role)),
                              fb_role_get_person (role));
    }
  if (held->len > 0)
    {
      row = _fb_board_new_row (_("Roles"), held->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->command_list, row);
    }

  for (guint i = 0; i < g_list_model_get_n_items (workers); i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (workers, i);

      if (fb_worker_get_status (worker) == FB_WORKER_OFF_SHIFT)
        n_off++;
      else
        n_working++;
    }
  if (n_working + n_off > 0)
    {
      g_autofree char *working = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u on shift",
                                                               "%u on shift", n_working), n_working);
      g_autofree char *off = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u off shift",
                                                           "%u off shift", n_off), n_off);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", working, off);

      row = _fb_board_new_row (_("Workers"), subtitle);
      gtk_list_box_append (self->command_list, row);
    }
}

static void
update_checklist (FbBoardSummary *self)
{
  g_autoptr(GListModel) items = fb_store_list_checklist (self->store, self->incident);
  g_autoptr(GPtrArray) deadlines = fb_incident_summary_next_deadlines (items, N_DEADLINES);
  FbSectionProgress progress[FB_N_SECTIONS];
  gint64 now_ms = fb_context_now_ms (self->context);

  fb_incident_summary_progress (items, progress);
  _fb_board_clear_list (self->sections_list);
  _fb_board_clear_list (self->deadlines_list);

  for (guint s = 0; s < FB_N_SECTIONS; s++)
    {
      const FbSectionProgress *p = &progress[s];
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *bar;

      if (p->total == 0)
        continue;

      /* TRANSLATORS: open checklist steps in a section, of all its steps */
      subtitle = g_strdup_printf (_("%u open of %u"), fb_section_progress_get_open (p), p->total);
      row = _fb_board_new_row (fb_section_get_label (s), subtitle);
      bar = gtk_level_bar_new_for_interval (0.0, 1.0);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), fb_section_progress_get_fraction (p));
      gtk_widget_set_size_request (bar, 120, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
      gtk_list_box_append (self->sections_list, row);
    }

  for (guint i = 0; i < deadlines->len; i++)
    {
      FbChecklistItem *item = g_ptr_array_index (deadlines, i);
      gint64 due_at = fb_checklist_item_get_due_at (item);
      g_autofree char *when = fb_context_format_time (self->context, due_at);
      g_autofree char *subtitle = NULL;
      const char *assignee = fb_checklist_item_get_assignee (item);
      GtkWidget *row;
      GtkWidget *label;

      if (assignee != NULL && assignee[0] != '\0')
        subtitle = g_strdup_printf ("%s · %s", fb_section_get_label (fb_checklist_item_get_section (item)),
                                    assignee);
      else
        subtitle = g_strdup (fb_section_get_label (fb_checklist_item_get_section (item)));

      row = _fb_board_new_row (fb_checklist_item_get_text (item), subtitle);
      label = gtk_label_new (when);
      gtk_widget_add_css_class (label, "numeric");
      if (due_at < now_ms)
        {
          gtk_widget_add_css_class (label, "error");
          gtk_widget_set_tooltip_text (label, _("Overdue"));
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->deadlines_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->deadlines_group), deadlines->len > 0);
}

static void
update_entries (FbBoardSummary *self)
{
  /* Pending decisions are among the recent ones. */
  g_autoptr(GListModel) decisions = fb_store_list_entries_where (self->store, self->incident,
                                                                  1u << FB_ENTRY_DECISION, FALSE, 200);
  g_autoptr(GListModel) logs = fb_store_list_contact_logs (self->store, self->incident);
  g_autoptr(GListModel) contacts = fb_store_list_contacts (self->store, NULL);
  g_autoptr(GPtrArray) pending = fb_incident_summary_decisions (decisions, TRUE);
  g_autoptr(GPtrArray) untold = fb_incident_summary_untold_contacts (contacts, logs);

  _fb_board_clear_list (self->decisions_list);
  _fb_board_clear_list (self->untold_list);

  for (guint i = 0; i < pending->len; i++)
    {
      FbEntry *entry = g_ptr_array_index (pending, i);
      g_autoptr(JsonObject) data = _fb_board_entry_data (entry);
      const char *question = _fb_json_get_string (data, "question");
      GtkWidget *row = _fb_board_new_row (question[0] != '\0' ? question : fb_entry_get_text (entry), NULL);

      _fb_board_add_button (row, "object-select-symbolic", _("Record the Decision"),
                            "summary.decide", g_variant_new_string (fb_entry_get_id (entry)));
      gtk_list_box_append (self->decisions_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->decisions_group), pending->len > 0);

  for (guint i = 0; i < untold->len; i++)
    {
      FbContact *contact = g_ptr_array_index (untold, i);
      const char *organisation = fb_contact_get_organisation (contact);
      const char *category = fb_contact_category_get_label (fb_contact_get_category (contact));
      g_autofree char *subtitle = organisation != NULL && organisation[0] != '\0'
                                  ? g_strdup_printf ("%s · %s", organisation, category)
                                  : g_strdup (category);
      GtkWidget *row = _fb_board_new_row (fb_contact_get_name (contact), subtitle);

      _fb_board_add_button (row, "call-start-symbolic", _("Log a Contact"),
                            "summary.log-contact", g_variant_new_string (fb_contact_get_id (contact)));
      gtk_list_box_append (self->untold_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->untold_group), untold->len > 0);
}

static void
update (FbBoardSummary *self,
        FbChangeFlags   flags)
{
  gboolean have = self->store != NULL && self->incident != NULL;

  if (_fb_deferred_hold (&self->deferred, GTK_WIDGET (self), flags))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->box), have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.hand-over", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.log-contact", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.decide", have);
  if (!have)
    return;

  if (flags & (FB_CHANGE_ROLES | FB_CHANGE_WORKERS))
    update_command (self);
  if (flags & FB_CHANGE_CHECKLIST)
    update_checklist (self);
  if (flags & (FB_CHANGE_ENTRIES | FB_CHANGE_CONTACTS))
    update_entries (self);
}

static void
fb_board_summary_map (GtkWidget *widget)
{
  FbBoardSummary *self = FB_BOARD_SUMMARY (widget);
  guint flags;

  GTK_WIDGET_CLASS (fb_board_summary_parent_class)->map (widget);
  if (_fb_deferred_take (&self->deferred, &flags))
    update (self, flags);
}

static void
on_store_changed_cb (FbBoardSummary *self,
                     guint           flags,
                     const char     *incident,
                     FbStore        *store)
{
  if (self->incident == NULL)
    return;
  /* Contacts belong to no incident. */
  if (incident != NULL && g_strcmp0 (incident, self->incident) != 0)
    flags &= FB_CHANGE_CONTACTS;

  update (self, flags);
}

static void
hand_over_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FbBoardSummary *self = FB_BOARD_SUMMARY (widget);

  _fb_board_present (widget, GTK_WINDOW (fb_handover_dialog_new (self->context, self->incident)));
}

static void
log_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FbBoardSummary *self = FB_BOARD_SUMMARY (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  _fb_board_present (widget, GTK_WINDOW (fb_log_contact_dialog_new (self->context, self->incident,
                                                                   id[0] != '\0' ? id : NULL)));
}

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbBoardSummary *self = FB_BOARD_SUMMARY (widget);

  _fb_board_present (widget, GTK_WINDOW (fb_decision_dialog_new (self->context, self->incident,
                                                                g_variant_get_string (parameter, NULL))));
}

static void
fb_board_summary_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FbBoardSummary *self = FB_BOARD_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_board_summary_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FbBoardSummary *self = FB_BOARD_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_assert (self->context == NULL);
      self->context = g_value_dup_object (value);
      self->store = self->context != NULL ? g_object_ref (fb_context_get_store (self->context)) : NULL;
      if (self->store != NULL)
        g_signal_connect_object (self->store, "changed",
                                 G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
      break;
    case PROP_INCIDENT:
      fb_board_summary_set_incident (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_board_summary_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FB_TYPE_BOARD_SUMMARY);
  /* dispose_template() unparents only the children it binds. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_board_summary_parent_class)->dispose (object);
}

static void
fb_board_summary_finalize (GObject *object)
{
  FbBoardSummary *self = FB_BOARD_SUMMARY (object);

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->incident, g_free);

  G_OBJECT_CLASS (fb_board_summary_parent_class)->finalize (object);
}

static void
fb_board_summary_class_init (FbBoardSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fb_board_summary_get_property;
  object_class->set_property = fb_board_summary_set_property;
  object_class->dispose = fb_board_summary_dispose;
  widget_class->map = fb_board_summary_map;
  object_class->finalize = fb_board_summary_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/firebreak/Firebreak/board/fb-board-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, FbBoardSummary, box);
  gtk_widget_class_bind_template_child (widget_class, FbBoardSummary, command_list);
  gtk_widget_class_bind_template_child (widget_class, FbBoardSummary, sections_list);
  gtk_widget_class_bind_template_child (widget_class, FbBoardSummary, deadlines_group);
  gtk_widget_class_bind_template_child (widget_class, FbBoardSummary, deadlines_list);
  gtk_widget_class_bind_template_child (widget_class, FbBoardSummary, decisions_group);
  gtk_widget_class_bind_template_child (widget_class, FbBoardSummary, decisions_list);
  gtk_widget_class_bind_template_child (widget_class, FbBoardSummary, untold_group);
  gtk_widget_class_bind_template_child (widget_class, FbBoardSummary, untold_list);

  gtk_widget_class_install_action (widget_class, "summary.hand-over", NULL, hand_over_action);
  gtk_widget_class_install_action (widget_class, "summary.log-contact", "s", log_contact_action);
  gtk_widget_class_install_action (widget_class, "summary.decide", "s", decide_action);

  gtk_widget_class_set_css_name (widget_class, "fb-board-summary");
}

static void
fb_board_summary_init (FbBoardSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_placeholder (self->sections_list,
                                _fb_board_new_placeholder (_("This incident has no checklist steps")));
  update (self, 0);
}

GtkWidget *
fb_board_summary_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_BOARD_SUMMARY, "context", context, NULL);
}

const char *
fb_board_summary_get_incident (FbBoardSummary *self)
{
  g_return_val_if_fail (FB_IS_BOARD_SUMMARY (self), NULL);
  return self->incident;
}

void
fb_board_summary_set_incident (FbBoardSummary *self,
                               const char     *incident_id)
{
  g_return_if_fail (FB_IS_BOARD_SUMMARY (self));

  if (g_strcmp0 (self->incident, incident_id) == 0)
    return;

  g_free (self->incident);
  self->incident = g_strdup (incident_id);
  update (self, FB_CHANGE_ROLES | FB_CHANGE_WORKERS | FB_CHANGE_CHECKLIST | FB_CHANGE_ENTRIES);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
}
