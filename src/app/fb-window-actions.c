/* fb-window-actions.c — everything a person can do in the window, as actions
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every operation is an action, so that a key, a button, a menu and a
 * test all reach it the same way.
 */

#define G_LOG_DOMAIN "fb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-drill-console.h"
#include "fb-format.h"
#include "fb-new-review-dialog.h"
#include "fb-restrict-dialog.h"
#include "fb-status-update-dialog.h"
#include "fb-wall-window.h"
#include "fb-window-private.h"

static void
on_dialog_created_cb (FbWindow            *self,
                      const char          *incident,
                      FbNewIncidentDialog *dialog)
{
  fb_window_select_incident (self, incident);
  adw_view_stack_set_visible_child_name (self->view_stack, "timeline");
  /* In a folded window the list may be what shows: the new incident is
   * what the user wants to see. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
new_incident_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }

  self->dialog = fb_new_incident_dialog_new (self->context);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  gtk_window_set_transient_for (GTK_WINDOW (self->dialog), GTK_WINDOW (self));
  g_signal_connect_object (self->dialog, "created", G_CALLBACK (on_dialog_created_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
on_review_dialog_response_cb (FbWindow          *self,
                              const char        *response,
                              FbNewReviewDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (g_strcmp0 (response, "start") != 0)
    return;

  id = fb_new_review_dialog_start (dialog, &error);
  if (id == NULL)
    {
      _fb_window_toast (self, error->message);
      return;
    }

  fb_window_select_incident (self, id);
  adw_view_stack_set_visible_child_name (self->view_stack, "checklist");
}

/* A readiness review is started at leisure, from its own dialog: it has
 * none of the choices an incident's declaration asks for. */
static void
new_review_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  FbNewReviewDialog *dialog = fb_new_review_dialog_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_review_dialog_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_containment_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL)
    return;

  if (!fb_store_record_containment (fb_context_get_store (self->context), self->incident,
                                    fb_context_now_ms (self->context), &error))
    {
      _fb_window_toast (self, error->message);
      return;
    }
  _fb_window_toast (self, _("Containment recorded; the clock has stopped."));
  _fb_window_actions_update (self);
}

static void
on_status_update_sent_cb (FbWindow             *self,
                          const char           *entry,
                          FbStatusUpdateDialog *dialog)
{
  g_autofree char *due = NULL;
  g_autofree char *message = NULL;
  gint64 due_at;

  if (self->incident == NULL ||
      !fb_store_get_next_update_due (fb_context_get_store (self->context), self->incident, &due_at))
    return;

  due = fb_context_format_time (self->context, due_at);
  /* Translators: a notice after sending a status update; %s is a time */
  message = g_strdup_printf (_("Status update logged; the next one is due %s."), due);
  _fb_window_toast (self, message);
}

/* A dialog about the incident shown, over the window; NULL when none is
 * shown. */
static GtkWidget *
present_incident_dialog (FbWindow   *self,
                         GtkWidget *(*new_dialog) (FbContext  *context,
                                                   const char *incident))
{
  GtkWidget *dialog;

  if (self->incident == NULL)
    return NULL;

  dialog = new_dialog (self->context, self->incident);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
status_update_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  GtkWidget *dialog = present_incident_dialog (self, fb_status_update_dialog_new);

  if (dialog != NULL)
    g_signal_connect_object (dialog, "sent", G_CALLBACK (on_status_update_sent_cb), self, G_CONNECT_SWAPPED);
}

static void
restrict_incident_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  present_incident_dialog (FB_WINDOW (widget), fb_restrict_dialog_new);
}

/* The console of a drill started from a shipped scenario; the scenario
 * is read again, as the incident keeps only its id. */
static void
drill_console_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(FbScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  FbDrillConsole *console;

  if (self->incident == NULL ||
      !fb_drill_get_start (fb_context_get_store (self->context), self->incident, &id, NULL, NULL))
    return;

  scenario = fb_scenario_new_builtin (id, &error);
  if (scenario == NULL)
    {
      _fb_window_toast (self, error->message);
      return;
    }

  console = fb_drill_console_new (gtk_window_get_application (GTK_WINDOW (self)), self->context,
                                  self->incident, scenario);
  gtk_window_present (GTK_WINDOW (console));
}

static void
set_open (FbWindow   *self,
          const char *action_name,
          gboolean    open)
{
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL)
    return;

  if (!fb_store_set_incident_open (fb_context_get_store (self->context), self->incident, open, &error))
    {
      _fb_window_toast (self, error->message);
      return;
    }
  if (g_str_has_suffix (action_name, "-review"))
    _fb_window_toast (self, open ? _("Review reopened") : _("Review closed"));
  else
    _fb_window_toast (self, open ? _("Incident reopened") : _("Incident closed"));
  _fb_window_actions_update (self);
}

static void
close_incident_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  set_open (FB_WINDOW (widget), action_name, FALSE);
}

static void
reopen_incident_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  set_open (FB_WINDOW (widget), action_name, TRUE);
}

/* The entry a row's action names, or %NULL once it is gone. */
static FbEntry *
dup_target_entry (FbWindow *self,
                  GVariant *param)
{
  return fb_store_get_entry (fb_context_get_store (self->context), g_variant_get_string (param, NULL));
}

static void
toggle_pin_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(FbEntry) entry = dup_target_entry (self, param);
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_context_get_store (self->context);

  if (entry == NULL)
    return;

  if (!fb_store_set_pinned (store, fb_entry_get_id (entry), !fb_entry_get_pinned (entry), &error))
    _fb_window_toast (self, error->message);
}

/* An entry that shows the incident began before it was thought to moves
 * the detection time back to it; the command notes the move in the
 * timeline. */
static void
move_detection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(FbEntry) entry = dup_target_entry (self, param);
  g_autoptr(GError) error = NULL;

  if (entry == NULL)
    return;

  json_object_set_int_member (fields, "detected_at", fb_entry_get_occurred_at (entry));
  if (!fb_store_update_incident (fb_context_get_store (self->context), fb_entry_get_incident (entry),
                                 fields, &error))
    _fb_window_toast (self, error->message);
}

static void
amend_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(FbEntry) entry = dup_target_entry (self, param);

  if (entry == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "timeline");
  fb_quick_entry_amend (fb_timeline_view_get_quick_entry (self->timeline), entry);
}

/* The timeline of the incident in the window, brought to the front;
 * FALSE when the window shows no incident. */
static gboolean
show_timeline (FbWindow *self)
{
  if (self->incident == NULL)
    return FALSE;
  adw_view_stack_set_visible_child_name (self->view_stack, "timeline");
  return TRUE;
}

static void
show_entry_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  if (show_timeline (self))
    fb_timeline_view_show_entry (self->timeline, g_variant_get_string (param, NULL));
}

static void
timeline_start_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  if (show_timeline (self))
    fb_timeline_view_scroll_to_start (self->timeline);
}

static void
timeline_end_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  if (show_timeline (self))
    fb_timeline_view_jump_to_end (self->timeline);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  if (show_timeline (self))
    fb_timeline_view_focus_search (self->timeline);
}

static void
entry_kind_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  FbQuickEntry *quick = fb_timeline_view_get_quick_entry (self->timeline);
  FbEntryKind kind;

  if (!fb_entry_kind_from_string (g_variant_get_string (param, NULL), &kind) || kind == FB_ENTRY_SYSTEM)
    return;

  fb_quick_entry_set_kind (quick, kind);
  if (show_timeline (self))
    fb_quick_entry_focus (quick);
}

static void
toggle_at_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  if (show_timeline (self))
    fb_quick_entry_toggle_at (fb_timeline_view_get_quick_entry (self->timeline));
}

static void
focus_entry_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  if (show_timeline (self))
    fb_quick_entry_focus (fb_timeline_view_get_quick_entry (self->timeline));
}

static GtkWidget *
find_list_box (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget) && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_box (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The keyboard lands on the page's work, not on whatever button comes
 * first in it: the entry on the timeline, the first step of the
 * checklist. The other pages begin with what they are about. */
static void
focus_page (FbWindow   *self,
            const char *name)
{
  GtkWidget *page = adw_view_stack_get_child_by_name (self->view_stack, name);
  GtkWidget *list;

  if (g_str_equal (name, "timeline"))
    fb_quick_entry_focus (fb_timeline_view_get_quick_entry (self->timeline));
  else if (g_str_equal (name, "checklist") && (list = find_list_box (page)) != NULL)
    gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, name);
  /* Alt+N from the list of a folded window shows the page asked for. */
  if (self->incident != NULL)
    {
      adw_leaflet_set_visible_child (self->leaflet, self->content);
      focus_page (self, name);
    }
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The wall display of the incident shown, in a window of its own. */
static void
wall_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  FbWallWindow *wall;

  if (self->incident == NULL)
    return;

  wall = fb_wall_window_new (gtk_window_get_application (GTK_WINDOW (self)), self->context, self->incident);
  fb_wall_window_set_sync (wall, self->sync);
  gtk_window_present (GTK_WINDOW (wall));
}

/* Installed on the class, as every other action of the window's
 * (fb-window-record.c adds export, import, print and verify), so that one
 * mechanism serves keys, buttons, menus and tests. */
void
_fb_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-incident", NULL, new_incident_action);
  gtk_widget_class_install_action (widget_class, "win.new-review", NULL, new_review_action);
  gtk_widget_class_install_action (widget_class, "win.record-containment", NULL, record_containment_action);
  gtk_widget_class_install_action (widget_class, "win.status-update", NULL, status_update_action);
  gtk_widget_class_install_action (widget_class, "win.restrict-incident", NULL, restrict_incident_action);
  gtk_widget_class_install_action (widget_class, "win.drill-console", NULL, drill_console_action);
  gtk_widget_class_install_action (widget_class, "win.close-incident", NULL, close_incident_action);
  gtk_widget_class_install_action (widget_class, "win.reopen-incident", NULL, reopen_incident_action);
  gtk_widget_class_install_action (widget_class, "win.close-review", NULL, close_incident_action);
  gtk_widget_class_install_action (widget_class, "win.reopen-review", NULL, reopen_incident_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-pin", "s", toggle_pin_action);
  gtk_widget_class_install_action (widget_class, "win.amend", "s", amend_action);
  gtk_widget_class_install_action (widget_class, "win.show-entry", "s", show_entry_action);
  gtk_widget_class_install_action (widget_class, "win.move-detection", "s", move_detection_action);
  gtk_widget_class_install_action (widget_class, "win.timeline-start", NULL, timeline_start_action);
  gtk_widget_class_install_action (widget_class, "win.timeline-end", NULL, timeline_end_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.entry-kind", "s", entry_kind_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-at", NULL, toggle_at_action);
  gtk_widget_class_install_action (widget_class, "win.focus-entry", NULL, focus_entry_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.wall", NULL, wall_action);
  _fb_window_record_class_init (widget_class);
}

void
_fb_window_actions_update (FbWindow *self)
{
  g_autoptr(FbIncident) incident = NULL;
  gboolean open = FALSE, running = FALSE, review = FALSE;

  if (self->incident != NULL && self->context != NULL)
    incident = fb_store_get_incident (fb_context_get_store (self->context), self->incident);

  if (incident != NULL)
    {
      open = fb_incident_get_status (incident) == FB_STATUS_OPEN;
      review = fb_incident_is_review (incident);
      /* A review runs no clock to stop and owes nobody an update. */
      running = fb_incident_get_contained_at (incident) <= 0 && !review;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.record-containment", incident != NULL && running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.status-update", incident != NULL && open && !review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restrict-incident", incident != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.drill-console",
                                 incident != NULL && fb_incident_get_drill (incident) &&
                                 fb_drill_get_start (fb_context_get_store (self->context), self->incident,
                                                     NULL, NULL, NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-incident", incident != NULL && open && !review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reopen-incident", incident != NULL && !open && !review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-review", incident != NULL && open && review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reopen-review", incident != NULL && !open && review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", incident != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-at", incident != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.focus-entry", incident != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.wall", incident != NULL);
}
