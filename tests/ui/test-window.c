/* test-window.c — the main window end to end, through its actions
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-describe.h"
#include "fb-entry-row.h"
#include "fb-incident-row.h"
#include "fb-window-private.h"
#include "../fb-test-file.h"
#include "fb-ui-test-util.h"

/* The texts of the timeline rows on screen. */
static GPtrArray *
shown_rows (FbWindow *window)
{
  return ui_timeline_rows (_fb_window_get_timeline (window));
}

static gboolean
shows_row (FbWindow   *window,
           const char *text)
{
  g_autoptr(GPtrArray) texts = shown_rows (window);

  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_row_by_text (GtkWidget  *widget,
                  const char *text)
{
  if (FB_IS_ENTRY_ROW (widget) && fb_entry_row_get_entry (FB_ENTRY_ROW (widget)) != NULL &&
      gtk_widget_get_mapped (widget) && g_str_equal (fb_entry_row_get_text (FB_ENTRY_ROW (widget)), text))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_by_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the timeline row reading @text lies, at least in part, inside
 * the scrolled area a person sees: rows the list view keeps around its
 * anchor exist off screen too. */
static gboolean
row_in_view (FbWindow   *window,
             const char *text)
{
  FbTimelineView *timeline = _fb_window_get_timeline (window);
  GtkWidget *scroller = GTK_WIDGET (fb_timeline_view_get_scroller (timeline));
  GtkWidget *row = find_row_by_text (GTK_WIDGET (fb_timeline_view_get_list_view (timeline)), text);
  graphene_rect_t bounds;

  if (row == NULL || !gtk_widget_compute_bounds (row, scroller, &bounds))
    return FALSE;

  return bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (scroller);
}

static guint
n_shown (FbWindow *window)
{
  g_autoptr(GPtrArray) texts = shown_rows (window);
  return texts->len;
}

static guint
n_items (FbWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fb_timeline_view_get_model (_fb_window_get_timeline (window))));
}

static char *
post (FbWindow   *window,
      const char *kind,
      const char *text)
{
  FbQuickEntry *quick = fb_timeline_view_get_quick_entry (_fb_window_get_timeline (window));

  if (kind != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.entry-kind", "s", kind);
  gtk_editable_set_text (fb_quick_entry_get_text_editable (quick), text);
  return fb_quick_entry_post (quick);
}

/* Whether the window's action is enabled, as a button bound to it sees:
 * a probe in the header follows the action's state. */
static gboolean
action_enabled (FbWindow   *window,
                const char *name)
{
  g_autofree char *full = g_strconcat ("win.", name, NULL);
  GtkBox *slot = fb_incident_header_get_sync_slot (_fb_window_get_header (window));
  GtkWidget *probe = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), full);
  gtk_box_append (slot, probe);
  enabled = gtk_widget_get_sensitive (probe);
  gtk_box_remove (slot, probe);
  return enabled;
}

/* Whether a label below @widget reads @text, whole or in part. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (ui_label_text (widget) != NULL && strstr (ui_label_text (widget), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_entry_row (GtkWidget  *widget,
                const char *id)
{
  if (FB_IS_ENTRY_ROW (widget) && fb_entry_row_get_entry (FB_ENTRY_ROW (widget)) != NULL &&
      g_str_equal (fb_entry_get_id (fb_entry_row_get_entry (FB_ENTRY_ROW (widget))), id))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry_row (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_flow (UiFixture     *fixture,
                  gconstpointer  data)
{
  FbWindow *window;
  FbNewIncidentDialog *dialog;
  FbTimelineView *timeline;
  g_autoptr(GListModel) incidents = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autoptr(FbEntry) original = NULL;
  g_autofree char *fact = NULL;
  g_autofree char *decision = NULL;
  g_autofree char *action = NULL;
  g_autofree char *fix = NULL;
  const char *id;

  window = fb_window_new (NULL, fixture->context);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  timeline = _fb_window_get_timeline (window);

  /* An empty record: the empty state, and nothing to act on. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (_fb_window_get_main_stack (window)), ==, "empty");
  g_assert_false (action_enabled (window, "record-containment"));

  /* Declaring through the dialog's action. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-incident", NULL);
  dialog = _fb_window_get_dialog (window);
  g_assert_nonnull (dialog);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.create", NULL);
  g_assert_nonnull (fb_new_incident_dialog_get_error (dialog));
  g_assert_true (_fb_window_get_dialog (window) == dialog);

  fb_new_incident_dialog_set_title (dialog, "Ransomware on FS-02");
  fb_new_incident_dialog_set_detected (dialog, "2099-01-01 00:00");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.create", NULL);
  g_assert_nonnull (strstr (fb_new_incident_dialog_get_error (dialog), "future"));

  fb_new_incident_dialog_set_detected (dialog, "-30m");
  g_assert_null (fb_new_incident_dialog_get_error (dialog));
  fb_new_incident_dialog_set_severity (dialog, 1);
  fb_new_incident_dialog_set_drill (dialog, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.create", NULL);
  ui_wait_until (_fb_window_get_dialog (window) == NULL);

  incidents = fb_store_list_incidents (fixture->store, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (incidents), ==, 1);
  incident = g_list_model_get_item (incidents, 0);
  id = fb_incident_get_id (incident);
  g_assert_cmpstr (fb_incident_get_title (incident), ==, "Ransomware on FS-02");
  g_assert_cmpint (fb_incident_get_severity (incident), ==, 1);
  g_assert_true (fb_incident_get_drill (incident));
  g_assert_cmpint (fb_store_now_ms (fixture->store) - fb_incident_get_detected_at (incident), >=, 30 * 60000 - 1000);
  g_assert_cmpstr (fb_window_get_incident (window), ==, id);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (_fb_window_get_main_stack (window)), ==, "incident");
  g_assert_nonnull (gtk_list_box_get_row_at_index (_fb_window_get_incident_list (window), 0));
  g_assert_true (action_enabled (window, "record-containment"));

  /* Posting through the quick entry. */
  fact = post (window, "fact", "Ransom note found on FS-02");
  decision = post (window, "decision", "Isolate FS-02 from the network");
  action = post (window, "action", "Switch port 12 disabled");
  g_assert_nonnull (fact);
  g_assert_nonnull (decision);
  g_assert_nonnull (action);
  g_assert_cmpuint (fb_store_count_entries (fixture->store, id), ==, 3);
  g_assert_cmpuint (n_items (window), ==, 3);
  ui_wait_until (shows_row (window, "Switch port 12 disabled"));
  g_assert_true (shows_row (window, "Ransom note found on FS-02"));

  /* Amending: the original stays, the correction beside it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.amend", "s", action);
  g_assert_cmpstr (fb_quick_entry_get_amends (fb_timeline_view_get_quick_entry (timeline)), ==, action);
  fix = post (window, NULL, "Switch port 14 disabled (not 12)");
  g_assert_nonnull (fix);
  original = fb_store_get_entry (fixture->store, action);
  g_assert_cmpstr (fb_entry_get_text (original), ==, "Switch port 12 disabled");
  g_assert_cmpstr (fb_entry_get_amended_by (original), ==, fix);
  g_assert_cmpint (fb_entry_get_kind (original), ==, FB_ENTRY_ACTION);
  ui_wait_until (shows_row (window, "Switch port 14 disabled (not 12)"));
  g_assert_true (shows_row (window, "Switch port 12 disabled"));
  /* The original on screen changes at once: struck through, with the
   * correction beneath it. */
  ui_wait_until (find_entry_row (GTK_WIDGET (timeline), action) != NULL &&
                 has_label (find_entry_row (GTK_WIDGET (timeline), action),
                            "Corrected by Tester: Switch port 14 disabled (not 12)"));

  /* Pinning. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-pin", "s", decision);
  {
    g_autoptr(FbEntry) pinned = fb_store_get_entry (fixture->store, decision);
    g_assert_true (fb_entry_get_pinned (pinned));
  }
  /* The row on screen says so at once. */
  ui_wait_until (find_entry_row (GTK_WIDGET (timeline), decision) != NULL &&
                 has_label (find_entry_row (GTK_WIDGET (timeline), decision), "Pinned"));
  /* The overview reads the store when it comes to the front. */
  g_assert_cmpuint (fb_overview_page_get_n_pinned (_fb_window_get_overview (window)), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "overview");
  ui_wait_until (gtk_widget_get_mapped (GTK_WIDGET (_fb_window_get_overview (window))));
  g_assert_cmpuint (fb_overview_page_get_n_pinned (_fb_window_get_overview (window)), ==, 1);
  g_assert_cmpuint (fb_overview_page_get_n_decisions (_fb_window_get_overview (window)), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "timeline");

  /* Filtering by kind, by pin and by text. */
  fb_timeline_view_set_kinds (timeline, 1u << FB_ENTRY_DECISION);
  g_assert_cmpuint (n_items (window), ==, 1);
  ui_wait_until (n_shown (window) == 1);
  g_assert_true (shows_row (window, "Isolate FS-02 from the network"));
  fb_timeline_view_set_kinds (timeline, FB_ENTRY_KINDS_ALL);
  g_assert_cmpuint (n_items (window), ==, 4);

  fb_timeline_view_set_pinned_only (timeline, TRUE);
  g_assert_cmpuint (n_items (window), ==, 1);
  fb_timeline_view_set_pinned_only (timeline, FALSE);

  fb_timeline_view_set_search (timeline, "port");
  g_assert_cmpuint (n_items (window), ==, 2);
  ui_wait_until (n_shown (window) == 2);
  fb_timeline_view_set_search (timeline, "no such words");
  g_assert_cmpuint (n_items (window), ==, 0);
  fb_timeline_view_set_search (timeline, NULL);
  g_assert_cmpuint (n_items (window), ==, 4);

  /* Containment: one action, which stops the clock and logs an entry. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.record-containment", NULL);
  {
    g_autoptr(FbIncident) contained = fb_store_get_incident (fixture->store, id);
    g_assert_cmpint (fb_incident_get_contained_at (contained), >, 0);
    g_assert_cmpint (fb_incident_get_phase (contained), ==, FB_PHASE_CONTAINMENT);
  }
  g_assert_true (g_str_has_prefix (fb_incident_header_get_clock_text (_fb_window_get_header (window)), "Contained in 0:3"));
  g_assert_false (action_enabled (window, "record-containment"));
  g_assert_cmpuint (n_items (window), ==, 5);
  ui_wait_until (shows_row (window, "Containment recorded, 30 min after detection (target 60 min)"));

  /* Closing and reopening. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-incident", NULL);
  {
    g_autoptr(FbIncident) closed = fb_store_get_incident (fixture->store, id);
    g_assert_cmpint (fb_incident_get_status (closed), ==, FB_STATUS_CLOSED);
  }
  g_assert_false (action_enabled (window, "close-incident"));
  g_assert_true (action_enabled (window, "reopen-incident"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reopen-incident", NULL);
  {
    g_autoptr(FbIncident) reopened = fb_store_get_incident (fixture->store, id);
    g_assert_cmpint (fb_incident_get_status (reopened), ==, FB_STATUS_OPEN);
  }
  g_assert_cmpuint (n_items (window), ==, 7);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* A second window, and another process writing the same file, show new
 * entries without a restart and without polling. */
static void
test_window_live (UiFixture     *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  FbWindow *one, *two;
  FbStore *other;

  incident = fb_store_create_incident (fixture->store, "Lost laptop", "generic", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  one = g_object_ref (fb_window_new (NULL, fixture->context));
  two = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (one));
  gtk_window_present (GTK_WINDOW (two));
  g_assert_cmpstr (fb_window_get_incident (one), ==, incident);
  g_assert_cmpstr (fb_window_get_incident (two), ==, incident);

  mine = post (one, "fact", "Laptop left on the 09:40 train");
  g_assert_nonnull (mine);
  g_assert_cmpuint (n_items (two), ==, 1);
  ui_wait_until (shows_row (two, "Laptop left on the 09:40 train"));

  /* Another process: its own connection to the same file. */
  other = fb_store_open (fixture->path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fb_store_set_author (other, "Someone else");
  theirs = fb_store_add_entry (other, incident, FB_ENTRY_COMMUNICATION, "Called the railway lost property office",
                               0, NULL, NULL, &error);
  g_assert_no_error (error);
  ui_wait_until (n_items (one) == 2 && n_items (two) == 2);
  ui_wait_until (shows_row (one, "Called the railway lost property office"));

  /* An incident declared elsewhere appears in the list. */
  g_free (fb_store_create_incident (other, "Phishing wave", "generic", 3, 0, 60, FALSE, &error));
  g_assert_no_error (error);
  ui_wait_until (gtk_list_box_get_row_at_index (_fb_window_get_incident_list (one), 1) != NULL);

  g_assert_finalize_object (other);
  gtk_window_destroy (GTK_WINDOW (one));
  gtk_window_destroy (GTK_WINDOW (two));
  g_assert_finalize_object (one);
  g_assert_finalize_object (two);
}

/* The timeline stays at the newest entry while the reader is there, and
 * leaves a reader who scrolled up where they were. */
static void
test_timeline_sticks_to_end (UiFixture     *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *early = NULL;
  FbWindow *window;
  FbTimelineView *timeline;
  FbTailModel *shown;
  GtkAdjustment *adj;
  gint64 now = fb_store_now_ms (fixture->store);

  incident = fb_store_create_incident (fixture->store, "Busy incident", "generic", 2, now - 3600000, 60, FALSE, &error);
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *text = g_strdup_printf ("Entry %d", i);
      char *id = fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, text, now - 3600000 + i * 1000, NULL, NULL, &error);

      g_assert_no_error (error);
      if (i == 20)
        early = id;
      else
        g_free (id);
    }

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  timeline = _fb_window_get_timeline (window);
  adj = gtk_scrolled_window_get_vadjustment (fb_timeline_view_get_scroller (timeline));

  ui_wait_until (shows_row (window, "Entry 199"));
  g_assert_true (fb_timeline_view_get_at_end (timeline));

  g_free (fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, "Newest", 0, NULL, NULL, &error));
  ui_wait_until (shows_row (window, "Newest"));
  ui_spin (200);
  g_assert_true (fb_timeline_view_get_at_end (timeline));
  g_assert_true (shows_row (window, "Entry 199"));

  /* The list view was given the end of the timeline, not all of it. */
  shown = fb_timeline_view_get_shown (timeline);
  g_assert_cmpuint (fb_tail_model_get_hidden (shown), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), <, 100);

  /* Going to an early entry from the overview shows the entries back to
   * it, and clears a filter that hides it. */
  fb_timeline_view_set_kinds (timeline, 1u << FB_ENTRY_DECISION);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-entry", "s", early);
  g_assert_cmpuint (fb_timeline_view_get_kinds (timeline), ==, FB_ENTRY_KINDS_ALL);
  ui_wait_until (row_in_view (window, "Entry 20"));
  g_assert_cmpuint (fb_tail_model_get_hidden (shown), <=, 20);
  /* It stays there: the view no longer follows the end. */
  ui_spin (200);
  g_assert_true (row_in_view (window, "Entry 20"));
  g_assert_false (row_in_view (window, "Entry 199"));
  g_assert_false (fb_timeline_view_get_at_end (timeline));

  /* The reader scrolls up to read: older entries appear above as they
   * reach the top, until the first. */
  for (guint i = 0; i < 200 && fb_tail_model_get_hidden (shown) > 0; i++)
    {
      gtk_adjustment_set_value (adj, 0);
      ui_spin (20);
    }
  /* The last batch keeps the rows that were at the top in place. */
  ui_spin (100);
  gtk_adjustment_set_value (adj, 0);
  ui_wait_until (shows_row (window, "Entry 0"));
  g_assert_cmpuint (fb_tail_model_get_hidden (shown), ==, 0);
  g_assert_false (fb_timeline_view_get_at_end (timeline));
  g_free (fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, "Newer still", 0, NULL, NULL, &error));
  ui_spin (200);
  g_assert_true (shows_row (window, "Entry 0"));
  g_assert_false (shows_row (window, "Newer still"));

  /* Back to the end, and it follows again. */
  gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.jump-to-end", NULL);
  ui_wait_until (shows_row (window, "Newer still"));

  /* A search shows the end of what it finds; Ctrl+Home goes straight to
   * the first, Ctrl+End back to the newest. */
  fb_timeline_view_set_search (timeline, "Entry 1");
  ui_wait_until (shows_row (window, "Entry 199"));
  g_assert_cmpuint (fb_tail_model_get_hidden (shown), >, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.timeline-start", NULL);
  g_assert_cmpuint (fb_tail_model_get_hidden (shown), ==, 0);
  ui_wait_until (shows_row (window, "Entry 1"));
  g_assert_false (fb_timeline_view_get_at_end (timeline));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.timeline-end", NULL);
  ui_wait_until (shows_row (window, "Entry 199") && !shows_row (window, "Entry 1"));
  g_assert_true (fb_timeline_view_get_at_end (timeline));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* One clock for everything: fixed in the context, it is the time the store
 * records, the timeline shows and the board counts from. */
static void
test_one_clock (UiFixture     *fixture,
                gconstpointer  data)
{
  /* 2026-11-25 14:30:00 UTC */
  const gint64 start = 1795617000000;
  const gint64 minute = 60 * 1000;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(JsonObject) due = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autofree char *incident_id = NULL;
  g_autofree char *item = NULL;
  g_autofree char *posted = NULL;
  FbTestClock clock = { start };
  GtkWidget *row;
  FbWindow *window;

  fb_context_set_clock (fixture->context, fb_test_clock_read, &clock);
  fb_context_set_time_zone (fixture->context, utc);

  incident_id = fb_store_create_incident (fixture->store, "One clock", "generic", 2,
                                          start - 30 * minute, 60, FALSE, &error);
  g_assert_no_error (error);
  incident = fb_store_get_incident (fixture->store, incident_id);
  g_assert_cmpint (fb_incident_get_declared_at (incident), ==, start);
  item = fb_store_add_checklist_item (fixture->store, incident_id, FB_SECTION_ESCALATION,
                                      "Call the regulator", 0, NULL, &error);
  g_assert_no_error (error);
  json_object_set_int_member (due, "due_at", start + 45 * minute);
  g_assert_true (fb_store_set_checklist_item (fixture->store, item, due, &error));
  g_assert_no_error (error);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));
  fb_window_select_incident (window, incident_id);

  /* The store records the context's time... */
  clock.now_ms += 10 * minute;
  posted = post (window, "fact", "Beacon to 203.0.113.7");
  g_assert_nonnull (posted);
  entry = fb_store_get_entry (fixture->store, posted);
  g_assert_cmpint (fb_entry_get_occurred_at (entry), ==, start + 10 * minute);
  g_assert_cmpint (fb_entry_get_recorded_at (entry), ==, start + 10 * minute);

  /* ...the timeline shows it... */
  ui_wait_until ((row = find_entry_row (GTK_WIDGET (_fb_window_get_timeline (window)), posted)) != NULL);
  g_assert_true (has_label (row, "14:40"));

  /* ...and the board counts from it. */
  adw_view_stack_set_visible_child_name (_fb_window_get_view_stack (window), "checklist");
  ui_wait_until (has_label (GTK_WIDGET (window->checklist_page), "Due 15:15"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The first widget below @widget, shown, that is a label reading @text
 * in part, a button labelled @text, or that has a tooltip holding @text. */
static GtkWidget *
find_shown (GtkWidget  *widget,
            const char *text)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (ui_label_text (widget) != NULL && strstr (ui_label_text (widget), text) != NULL)
    return widget;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0)
    return widget;
  if (tooltip != NULL && strstr (tooltip, text) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shown (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* An entry typed with an earlier time shows when it was written down, and
 * one placed before the detection time offers to move the detection time
 * to it. */
static void
test_back_dated (UiFixture     *fixture,
                 gconstpointer  data)
{
  /* 2026-11-25 14:30:00 UTC */
  const gint64 start = 1795617000000;
  const gint64 minute = 60 * 1000;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbEntry) late = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autoptr(GListModel) system = NULL;
  g_autoptr(FbEntry) moved = NULL;
  g_autofree char *incident_id = NULL;
  g_autofree char *late_id = NULL;
  g_autofree char *prompt_id = NULL;
  g_autofree char *moved_text = NULL;
  FbTestClock clock = { start };
  FbQuickEntry *quick;
  GtkWidget *row, *prompt_row, *marker, *button;
  FbWindow *window;

  fb_context_set_clock (fixture->context, fb_test_clock_read, &clock);
  fb_context_set_time_zone (fixture->context, utc);
  incident_id = fb_store_create_incident (fixture->store, "Beacon", "generic", 2,
                                          start - 10 * minute, 60, FALSE, &error);
  g_assert_no_error (error);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));
  fb_window_select_incident (window, incident_id);

  quick = fb_timeline_view_get_quick_entry (_fb_window_get_timeline (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-at", NULL);
  gtk_editable_set_text (fb_quick_entry_get_at_editable (quick), "-30m");
  late_id = post (window, "fact", "First beacon in the proxy log");
  g_assert_nonnull (late_id);
  late = fb_store_get_entry (fixture->store, late_id);
  g_assert_cmpint (fb_entry_get_occurred_at (late), ==, start - 30 * minute);
  g_assert_cmpint (fb_entry_get_recorded_at (late), ==, start);
  prompt_id = post (window, "fact", "Proxy blocks the beacon");
  g_assert_nonnull (prompt_id);

  ui_wait_until ((row = find_entry_row (GTK_WIDGET (_fb_window_get_timeline (window)), late_id)) != NULL);
  g_assert_nonnull (find_shown (row, "Recorded 14:30"));
  /* The line of the time explains the mark: its tooltip, which a screen
   * reader has as its description. */
  marker = gtk_widget_get_parent (gtk_widget_get_parent (find_shown (row, "Recorded 14:30")));
  g_assert_true (gtk_widget_get_has_tooltip (marker));
  gtk_test_accessible_assert_property (marker, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Happened 2026-11-25 14:00\nRecorded 2026-11-25 14:30");
  g_assert_nonnull (find_shown (row, "Before detection"));

  /* Written at the time, after detection: no marks. */
  ui_wait_until ((prompt_row = find_entry_row (GTK_WIDGET (_fb_window_get_timeline (window)), prompt_id)) != NULL);
  g_assert_null (find_shown (prompt_row, "Recorded "));
  g_assert_null (find_shown (prompt_row, "Before detection"));

  button = find_shown (row, "Move Detection to This Time");
  g_assert_nonnull (button);
  /* A click: gtk_widget_activate () on a button clicks it only later. */
  g_signal_emit_by_name (button, "clicked");

  incident = fb_store_get_incident (fixture->store, incident_id);
  g_assert_cmpint (fb_incident_get_detected_at (incident), ==, start - 30 * minute);
  ui_wait_until (find_shown (row, "Before detection") == NULL);
  /* Still back-dated: the move changes the incident, not the entry. */
  g_assert_nonnull (find_shown (row, "Recorded 14:30"));

  /* The move is in the record. */
  system = fb_store_list_entries_where (fixture->store, incident_id, 1u << FB_ENTRY_SYSTEM, FALSE, 0);
  g_assert_cmpuint (g_list_model_get_n_items (system), ==, 1);
  moved = g_list_model_get_item (system, 0);
  moved_text = fb_describe_entry (moved, fixture->store);
  g_assert_true (g_str_has_prefix (moved_text, "Detection time moved: "));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The message dialogs @window has shown, or any window if %NULL. */
static GPtrArray *
find_dialogs (FbWindow *window)
{
  GPtrArray *dialogs = g_ptr_array_new ();
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) &&
        (window == NULL || gtk_window_get_transient_for (l->data) == GTK_WINDOW (window)))
      g_ptr_array_add (dialogs, l->data);
  g_list_free (toplevels);

  return dialogs;
}

/* A job's thread lets go of its task, and of the store the task holds, a
 * moment after the job has returned. */
#define wait_for_threads(fixture) ui_wait_until (G_OBJECT ((fixture)->store)->ref_count == 2)

static FbWindow *
window_with_record (UiFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  FbWindow *window;

  incident = fb_store_create_incident (fixture->store, "Lost laptop", "generic", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("Searched room %u", i);
      g_free (fb_store_add_entry (fixture->store, incident, FB_ENTRY_ACTION, text, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (fb_window_get_incident (window), ==, incident);
  return window;
}

/* Checking the record runs beside the window, and answers in a dialog. */
static void
test_window_verify (UiFixture     *fixture,
                    gconstpointer  data)
{
  FbWindow *window = window_with_record (fixture);
  g_autoptr(GPtrArray) dialogs = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.verify", NULL);
  g_assert_cmpuint (window->n_jobs, ==, 1);
  ui_wait_until (window->n_jobs == 0);

  dialogs = find_dialogs (window);
  g_assert_cmpuint (dialogs->len, ==, 1);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialogs->pdata[0]), ==, "The Record Is Intact");
  gtk_window_destroy (dialogs->pdata[0]);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  wait_for_threads (fixture);
}

/* Damage found while the window is open: the write that came across it
 * is refused, and a banner over the incident says from then on that
 * nothing more can be written. */
static void
test_window_damaged (UiFixture     *fixture,
                     gconstpointer  data)
{
  FbWindow *window = window_with_record (fixture);
  g_autoptr(GError) error = NULL;

  g_assert_false (gtk_revealer_get_reveal_child (window->damage_banner));
  fb_test_damage_index_under (fixture->path, "sqlite_autoindex_ops_2");
  g_assert_null (fb_store_add_entry (fixture->store, fb_window_get_incident (window), FB_ENTRY_FACT,
                                     "After the damage", 0, NULL, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CORRUPT);

  g_assert_true (gtk_revealer_get_reveal_child (window->damage_banner));
  g_assert_nonnull (strstr (gtk_label_get_text (window->damage_label), "damaged"));
  g_assert_nonnull (strstr (gtk_label_get_text (window->damage_label), "backup"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Closing the window cancels what it started, and does not wait for it:
 * the result, whenever it comes, is for nobody. */
static void
test_window_close_cancels (UiFixture     *fixture,
                           gconstpointer  data)
{
  FbWindow *window = window_with_record (fixture);
  g_autoptr(GCancellable) cancellable = g_object_ref (window->cancellable);
  g_autoptr(GPtrArray) dialogs = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.verify", NULL);
  g_assert_cmpuint (window->n_jobs, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_true (g_cancellable_is_cancelled (cancellable));

  /* The job has returned once its task is gone. */
  wait_for_threads (fixture);
  dialogs = find_dialogs (NULL);
  g_assert_cmpuint (dialogs->len, ==, 0);
}

/* In a window too narrow for both panes, clicking the incident that is
 * already selected still shows it. */
static void
test_activate_selected_row (UiFixture     *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  GtkListBoxRow *row;
  FbWindow *window;

  incident = fb_store_create_incident (fixture->store, "Only incident", "generic", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 600);
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_until (adw_leaflet_get_folded (window->leaflet));
  ui_wait_until (g_strcmp0 (fb_window_get_incident (window), incident) == 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  ui_wait_until (adw_leaflet_get_visible_child (window->leaflet) == window->sidebar);

  row = gtk_list_box_get_selected_row (_fb_window_get_incident_list (window));
  g_assert_nonnull (row);
  g_signal_emit_by_name (_fb_window_get_incident_list (window), "row-activated", row);
  ui_wait_until (adw_leaflet_get_visible_child (window->leaflet) == window->content);
  g_assert_cmpstr (fb_window_get_incident (window), ==, incident);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The timeline is one Tab stop: its rows' buttons take no focus, and the
 * focused row's actions are keys and a menu. */
static gboolean
any_focusable_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) && gtk_widget_get_focusable (widget))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (any_focusable_button (child))
      return TRUE;
  return FALSE;
}

static GtkPopover *
find_popover_menu (GtkWidget *widget)
{
  if (GTK_IS_POPOVER_MENU (widget) && gtk_widget_get_visible (widget))
    return GTK_POPOVER (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkPopover *found = find_popover_menu (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Alt+4 puts the keyboard on the first step, not on the page's first
 * button; Alt+2 back in the entry. */
static void
test_page_focus (UiFixture     *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  FbWindow *window;
  GtkWidget *focus;

  incident = fb_store_create_incident (fixture->store, "Focus", "ransomware", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      g_free (fb_store_add_checklist_item (fixture->store, incident, FB_SECTION_FACT_FINDING, "Find the entry point",
                                           i, NULL, &error));
      g_assert_no_error (error);
    }

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));
  fb_window_select_incident (window, incident);
  ui_spin (20);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "checklist");
  ui_wait_until ((focus = gtk_root_get_focus (GTK_ROOT (window))) != NULL &&
                 gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) != NULL);
  g_assert_true (gtk_widget_is_ancestor (focus, adw_view_stack_get_child_by_name (window->view_stack, "checklist")));
  g_assert_false (GTK_IS_BUTTON (focus));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "timeline");
  ui_wait_until ((focus = gtk_root_get_focus (GTK_ROOT (window))) != NULL && GTK_IS_TEXT (focus));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_timeline_keys (UiFixture     *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *fact = NULL;
  g_autoptr(FbEntry) entry = NULL;
  FbTimelineView *timeline;
  GtkWidget *row;
  FbWindow *window;

  incident = fb_store_create_incident (fixture->store, "Keys", "generic", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  fact = fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, "Beacon to 203.0.113.7", 0, NULL, NULL, &error);
  g_assert_no_error (error);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));
  fb_window_select_incident (window, incident);
  timeline = _fb_window_get_timeline (window);
  ui_wait_until ((row = find_entry_row (GTK_WIDGET (timeline), fact)) != NULL);

  g_assert_false (any_focusable_button (row));

  /* Nothing happens while the keyboard is elsewhere. */
  gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.pin-focused", NULL);
  entry = fb_store_get_entry (fixture->store, fact);
  g_assert_false (fb_entry_get_pinned (entry));
  g_clear_object (&entry);

  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (row)));
  gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.pin-focused", NULL);
  entry = fb_store_get_entry (fixture->store, fact);
  g_assert_true (fb_entry_get_pinned (entry));

  /* The row is drawn anew for its pin; the keyboard stays on it. */
  ui_wait_until ((row = find_entry_row (GTK_WIDGET (timeline), fact)) != NULL && has_label (row, "Pinned"));
  ui_wait_until (gtk_root_get_focus (GTK_ROOT (window)) != NULL &&
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (fb_timeline_view_get_list_view (timeline))));
  row = find_entry_row (GTK_WIDGET (timeline), fact);
  gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.row-menu", NULL);
  ui_wait_until (find_popover_menu (row) != NULL);
  gtk_popover_popdown (find_popover_menu (row));
  ui_spin (50);

  gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.amend-focused", NULL);
  g_assert_cmpstr (fb_quick_entry_get_amends (fb_timeline_view_get_quick_entry (timeline)), ==, fact);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/window/flow", UiFixture, NULL, ui_fixture_set_up, test_window_flow, ui_fixture_tear_down);
  g_test_add ("/window/live", UiFixture, NULL, ui_fixture_set_up, test_window_live, ui_fixture_tear_down);
  g_test_add ("/window/verify", UiFixture, NULL, ui_fixture_set_up, test_window_verify, ui_fixture_tear_down);
  g_test_add ("/window/damaged", UiFixture, NULL, ui_fixture_set_up, test_window_damaged, ui_fixture_tear_down);
  g_test_add ("/window/close-cancels", UiFixture, NULL, ui_fixture_set_up, test_window_close_cancels,
              ui_fixture_tear_down);
  g_test_add ("/window/sticks-to-end", UiFixture, NULL, ui_fixture_set_up, test_timeline_sticks_to_end,
              ui_fixture_tear_down);

  g_test_add ("/window/activate-selected-row", UiFixture, NULL, ui_fixture_set_up, test_activate_selected_row,
              ui_fixture_tear_down);
  g_test_add ("/window/timeline-keys", UiFixture, NULL, ui_fixture_set_up, test_timeline_keys, ui_fixture_tear_down);
  g_test_add ("/window/page-focus", UiFixture, NULL, ui_fixture_set_up, test_page_focus, ui_fixture_tear_down);
  g_test_add ("/window/one-clock", UiFixture, NULL, ui_fixture_set_up, test_one_clock, ui_fixture_tear_down);
  g_test_add ("/window/back-dated", UiFixture, NULL, ui_fixture_set_up, test_back_dated, ui_fixture_tear_down);

  return g_test_run ();
}
