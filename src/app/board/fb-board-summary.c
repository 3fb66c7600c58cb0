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
#include "fb-board-private.h"
#include "fb-decision-dialog.h"
#include "fb-handover-dialog.h"
#include "fb-log-contact-dialog.h"

#define N_DEADLINES 5

struct _FbBoardSummary
{
  FbIncidentPage       parent_instance;

  FbLiveList          *deadlines;   /* held by FbIncidentPage */
  FbLiveList          *decisions;
  FbLiveList          *untold;
  FbRowTime            time;

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

G_DEFINE_FINAL_TYPE (FbBoardSummary, fb_board_summary, FB_TYPE_INCIDENT_PAGE)

static GListModel *
store_of (GPtrArray *items,
          GType      type)
{
  GListStore *store = g_list_store_new (type);

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (store);
}

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
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autoptr(GListModel) roles = fb_store_list_roles (fb_incident_page_get_store (page),
                                                     fb_incident_page_get_incident (page));
  g_autoptr(GListModel) workers = fb_store_list_workers (fb_incident_page_get_store (page),
                                                         fb_incident_page_get_incident (page));
  g_autoptr(FbWorker) culprit = NULL;
  g_autoptr(FbRole) commander = fb_store_get_role (fb_incident_page_get_store (page),
                                                   fb_incident_page_get_incident (page), "commander");
  g_autoptr(GString) held = g_string_new (NULL);
  FbCommandWarnings warnings = _fb_board_command_warnings (fb_incident_page_get_store (page),
                                                          fb_incident_page_get_incident (page),
                                                          roles, workers, &culprit);
  g_autofree char *shifts = NULL;
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

  shifts = _fb_board_format_shifts (workers);
  if (shifts != NULL)
    {
      row = _fb_board_new_row (_("Workers"), shifts);
      gtk_list_box_append (self->command_list, row);
    }
}

static void
update_sections (FbBoardSummary *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  FbSectionProgress progress[FB_N_SECTIONS];
  g_autoptr(GListModel) items = fb_store_list_checklist (fb_incident_page_get_store (page),
                                                         fb_incident_page_get_incident (page));

  fb_incident_summary_progress (items, progress);
  _fb_board_clear_list (self->sections_list);

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
}

static GListModel *
query_deadlines (gpointer user_data)
{
  FbIncidentPage *page = user_data;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GPtrArray) deadlines = NULL;

  items = fb_store_list_checklist (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));
  deadlines = fb_incident_summary_next_deadlines (items, N_DEADLINES);
  return store_of (deadlines, FB_TYPE_CHECKLIST_ITEM);
}

static GtkWidget *
create_deadline_row_cb (gpointer item_,
                        gpointer user_data)
{
  FbBoardSummary *self = user_data;
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  FbChecklistItem *item = item_;
  gint64 due_at = fb_checklist_item_get_due_at (item);
  g_autofree char *when = fb_context_format_time (fb_incident_page_get_context (page), due_at);
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
  if (due_at < self->time.now_ms)
    {
      gtk_widget_add_css_class (label, "error");
      gtk_widget_set_tooltip_text (label, _("Overdue"));
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static GListModel *
query_decisions (gpointer user_data)
{
  FbIncidentPage *page = user_data;
  g_autoptr(GListModel) decisions = NULL;
  g_autoptr(GPtrArray) pending = NULL;

  /* Pending decisions are among the recent ones. */
  decisions = fb_store_list_entries_where (fb_incident_page_get_store (page),
                                           fb_incident_page_get_incident (page),
                                           1u << FB_ENTRY_DECISION, FALSE, 200);
  pending = fb_incident_summary_decisions (decisions, TRUE);
  return store_of (pending, FB_TYPE_ENTRY);
}

static GtkWidget *
create_decision_row_cb (gpointer item,
                        gpointer user_data)
{
  FbEntry *entry = item;
  g_autoptr(JsonObject) data = fb_entry_dup_data_object (entry);
  GtkWidget *row = _fb_board_new_row (_fb_board_decision_question (entry, data), NULL);

  _fb_board_add_button (row, "object-select-symbolic", _("Record the Decision"),
                        "summary.decide", g_variant_new_string (fb_entry_get_id (entry)));
  return row;
}

static GListModel *
query_untold (gpointer user_data)
{
  FbIncidentPage *page = user_data;
  g_autoptr(GListModel) logs = NULL;
  g_autoptr(GListModel) contacts = NULL;
  g_autoptr(GPtrArray) untold = NULL;

  logs = fb_store_list_contact_logs (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));
  contacts = fb_store_list_contacts (fb_incident_page_get_store (page), NULL);
  untold = fb_incident_summary_untold_contacts (contacts, logs);
  return store_of (untold, FB_TYPE_CONTACT);
}

static GtkWidget *
create_untold_row_cb (gpointer item,
                      gpointer user_data)
{
  FbContact *contact = item;
  const char *organisation = fb_contact_get_organisation (contact);
  const char *category = fb_contact_category_get_label (fb_contact_get_category (contact));
  g_autofree char *subtitle = organisation != NULL && organisation[0] != '\0'
                              ? g_strdup_printf ("%s · %s", organisation, category)
                              : g_strdup (category);
  GtkWidget *row = _fb_board_new_row (fb_contact_get_name (contact), subtitle);

  _fb_board_add_button (row, "call-start-symbolic", _("Log a Contact"),
                        "summary.log-contact", g_variant_new_string (fb_contact_get_id (contact)));
  return row;
}

static void
fb_board_summary_refresh (FbIncidentPage *page,
                          FbChangeFlags   flags)
{
  FbBoardSummary *self = FB_BOARD_SUMMARY (page);
  gboolean have = fb_incident_page_get_incident (page) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->box), have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.hand-over", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.log-contact", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.decide", have);
  if (!have)
    return;

  if (flags == 0)
    flags = FB_CHANGE_ROLES | FB_CHANGE_WORKERS | FB_CHANGE_CHECKLIST | FB_CHANGE_ENTRIES | FB_CHANGE_CONTACTS;

  if (flags & (FB_CHANGE_ROLES | FB_CHANGE_WORKERS))
    update_command (self);
  if (flags & FB_CHANGE_CHECKLIST)
    {
      update_sections (self);
      self->time.now_ms = fb_context_now_ms (fb_incident_page_get_context (page));
      fb_live_list_refresh (self->deadlines);
      self->time.shown_ms = self->time.now_ms;
    }
  if (flags & (FB_CHANGE_ENTRIES | FB_CHANGE_CONTACTS))
    {
      fb_live_list_refresh (self->decisions);
      fb_live_list_refresh (self->untold);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->deadlines_group),
                          g_list_model_get_n_items (G_LIST_MODEL (self->deadlines)) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->decisions_group),
                          g_list_model_get_n_items (G_LIST_MODEL (self->decisions)) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->untold_group),
                          g_list_model_get_n_items (G_LIST_MODEL (self->untold)) > 0);
}

static void
hand_over_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);

  _fb_board_present (widget, GTK_WINDOW (fb_handover_dialog_new (fb_incident_page_get_context (page),
                                                                 fb_incident_page_get_incident (page))));
}

static void
log_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  _fb_board_present (widget, GTK_WINDOW (fb_log_contact_dialog_new (fb_incident_page_get_context (page),
                                                                    fb_incident_page_get_incident (page),
                                                                   id[0] != '\0' ? id : NULL)));
}

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);

  _fb_board_present (widget, GTK_WINDOW (fb_decision_dialog_new (fb_incident_page_get_context (page),
                                                                 fb_incident_page_get_incident (page),
                                                                g_variant_get_string (parameter, NULL))));
}

static void
fb_board_summary_class_init (FbBoardSummaryClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FbIncidentPageClass *page_class = FB_INCIDENT_PAGE_CLASS (klass);

  page_class->refresh = fb_board_summary_refresh;
  page_class->changes = FB_CHANGE_ROLES | FB_CHANGE_WORKERS | FB_CHANGE_CHECKLIST |
                        FB_CHANGE_ENTRIES | FB_CHANGE_CONTACTS;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/board/fb-board-summary.ui");
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

  self->deadlines = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->deadlines_list, FB_TYPE_CHECKLIST_ITEM,
                                               query_deadlines, create_deadline_row_cb);
  fb_live_list_set_equal_func (self->deadlines, _fb_board_checklist_items_equal, &self->time);
  self->decisions = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->decisions_list, FB_TYPE_ENTRY,
                                               query_decisions, create_decision_row_cb);
  self->untold = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->untold_list, FB_TYPE_CONTACT,
                                            query_untold, create_untold_row_cb);
}

GtkWidget *
fb_board_summary_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_BOARD_SUMMARY, "context", context, NULL);
}
