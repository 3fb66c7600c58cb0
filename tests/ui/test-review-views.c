/* test-review-views.c — a readiness review in the window: its own section
 * of the sidebar, and no clock of an incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-incident-row.h"
#include "fb-new-review-dialog.h"
#include "fb-window-private.h"
#include "fb-ui-test-util.h"

/* A shown label below @root reading @text, looked for breadth first:
 * the headings of a page come before what is nested in its rows. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GQueue) queue = g_queue_new ();
  GtkWidget *widget;

  g_queue_push_tail (queue, root);
  while ((widget = g_queue_pop_head (queue)) != NULL)
    {
      if (!gtk_widget_get_visible (widget))
        continue;
      if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
        return widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }
  return NULL;
}

static FbNewReviewDialog *
find_review_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (FB_IS_NEW_REVIEW_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return FB_NEW_REVIEW_DIALOG (window);
    }
  return NULL;
}

static const char *
row_heading (GtkListBoxRow *row)
{
  GtkWidget *header = gtk_list_box_row_get_header (row);

  return GTK_IS_LABEL (header) ? gtk_label_get_text (GTK_LABEL (header)) : NULL;
}

static void
set_first_step_done (UiFixture  *fixture,
                     const char *review)
{
  g_autoptr(GListModel) steps = fb_store_list_checklist (fixture->store, review);
  g_autoptr(FbChecklistItem) first = g_list_model_get_item (steps, 0);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (fields, "state", "done");
  g_assert_true (fb_store_set_checklist_item (fixture->store, fb_checklist_item_get_id (first), fields, &error));
  g_assert_no_error (error);
}

static void
test_review_window (UiFixture     *fixture,
                    gconstpointer  data)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  guint n_steps = fb_playbook_get_n_items (fb_playbook_library_lookup (library, "preparation"));
  g_autoptr(GError) error = NULL;
  g_autoptr(FbIncident) review = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *review_id = NULL;
  FbNewReviewDialog *dialog;
  FbIncidentHeader *header;
  FbOverviewPage *overview;
  GtkListBox *list;
  GtkListBoxRow *first, *second;
  FbWindow *window;

  incident = fb_store_create_incident (fixture->store, "Mail server down", "generic", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_until (g_strcmp0 (fb_window_get_incident (window), incident) == 0);
  header = _fb_window_get_header (window);
  g_assert_false (fb_incident_header_get_review_mode (header));
  g_assert_cmpstr (fb_incident_header_get_clock_text (header), !=, "");

  /* Started from its own action, with a title ready to use. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-review", NULL);
  ui_wait_until ((dialog = find_review_dialog ()) != NULL);
  fb_new_review_dialog_set_title (dialog, "Spring review");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "start");
  ui_wait_until (g_strcmp0 (fb_window_get_incident (window), incident) != 0);
  review_id = g_strdup (fb_window_get_incident (window));
  review = fb_store_get_incident (fixture->store, review_id);
  g_assert_true (fb_incident_is_review (review));
  g_assert_cmpstr (fb_incident_get_title (review), ==, "Spring review");

  /* The sidebar: the incident first, then the review under a heading of
   * its own. */
  list = _fb_window_get_incident_list (window);
  ui_wait_until ((second = gtk_list_box_get_row_at_index (list, 1)) != NULL);
  first = gtk_list_box_get_row_at_index (list, 0);
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));
  g_assert_cmpstr (fb_incident_get_id (fb_incident_row_get_incident (FB_INCIDENT_ROW (first))), ==, incident);
  g_assert_cmpstr (row_heading (first), !=, "Readiness Reviews");
  g_assert_cmpstr (fb_incident_get_id (fb_incident_row_get_incident (FB_INCIDENT_ROW (second))), ==, review_id);
  g_assert_cmpstr (row_heading (second), ==, "Readiness Reviews");
  g_assert_null (find_label (GTK_WIDGET (second), "SEV 3"));

  /* No containment clock, deadline or update anywhere in sight; the steps
   * instead. */
  expected = g_strdup_printf ("0 of %u", n_steps);
  ui_wait_until (fb_incident_header_get_review_mode (header));
  g_assert_cmpstr (fb_incident_header_get_clock_text (header), ==, "");
  g_assert_cmpstr (fb_incident_header_get_progress_text (header), ==, expected);
  g_assert_null (find_label (GTK_WIDGET (header), "Detection to containment"));
  g_assert_null (fb_incident_header_get_update_text (header));
  g_assert_cmpuint (fb_incident_header_get_n_deadlines (header), ==, 0);

  overview = _fb_window_get_overview (window);
  adw_view_stack_set_visible_child_name (_fb_window_get_view_stack (window), "overview");
  ui_wait_until (g_strcmp0 (fb_overview_page_get_containment_text (overview), expected) == 0);
  g_assert_nonnull (find_label (GTK_WIDGET (overview), "Steps Done"));
  g_assert_null (find_label (GTK_WIDGET (overview), "Containment"));
  g_assert_null (find_label (GTK_WIDGET (overview), "Since Detection"));
  g_assert_null (fb_overview_page_get_update_text (overview));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fb_overview_page_get_deadlines (overview))));

  /* A step done counts at once, in both places. */
  set_first_step_done (fixture, review_id);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("1 of %u", n_steps);
  ui_wait_until (g_strcmp0 (fb_incident_header_get_progress_text (header), expected) == 0);
  ui_wait_until (g_strcmp0 (fb_overview_page_get_containment_text (overview), expected) == 0);

  /* Its own close: the incident's actions are off for it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-incident", NULL);
  g_clear_object (&review);
  review = fb_store_get_incident (fixture->store, review_id);
  g_assert_cmpint (fb_incident_get_status (review), ==, FB_STATUS_OPEN);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-review", NULL);
  g_clear_object (&review);
  review = fb_store_get_incident (fixture->store, review_id);
  g_assert_cmpint (fb_incident_get_status (review), ==, FB_STATUS_CLOSED);

  /* Back on the incident, its clocks return. */
  fb_window_select_incident (window, incident);
  ui_wait_until (!fb_incident_header_get_review_mode (header));
  g_assert_cmpstr (fb_incident_header_get_clock_text (header), !=, "");
  ui_wait_until (find_label (GTK_WIDGET (overview), "Containment") != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/review/window", UiFixture, NULL, ui_fixture_set_up, test_review_window, ui_fixture_tear_down);

  return g_test_run ();
}
