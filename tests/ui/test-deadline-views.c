/* test-deadline-views.c — deadline clocks in the window: declared with the
 * answers, on the overview and in the header, met and waived from there
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-deadline-section.h"
#include "fb-window-private.h"
#include "fb-ui-test-util.h"

#define MINUTE G_GINT64_CONSTANT (60000)
#define HOUR   (60 * MINUTE)

/* 2026-11-25 14:30:00 UTC */
#define START  G_GINT64_CONSTANT (1795617000000)

/* The incident's deadlines in the order they fall due. */
static FbDeadline *
nth_deadline (FbStore    *store,
              const char *incident,
              guint       n)
{
  g_autoptr(GListModel) list = fb_store_list_deadlines (store, incident);

  return g_list_model_get_item (list, n);
}

static GtkWidget *
find_label_with_class (GtkWidget  *widget,
                       const char *css)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_class (child, css);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;

  return FALSE;
}

static void
test_deadline_views (UiFixture     *fixture,
                     gconstpointer  data)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  FbDeadlineRules answers = { .personal_data = TRUE, .improper_purpose = TRUE };
  FbTestClock clock = { START };
  g_autoptr(GListModel) incidents = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autoptr(FbDeadline) prelim = NULL, final = NULL;
  g_autofree char *first = NULL;
  FbNewIncidentDialog *dialog;
  FbDeadlineSection *section;
  FbIncidentHeader *header;
  FbWindow *window;
  const char *id;

  fb_context_set_clock (fixture->context, fb_test_clock_read, &clock);
  fb_context_set_time_zone (fixture->context, utc);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));

  /* A ransomware incident with personal data, through the dialog. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-incident", NULL);
  dialog = _fb_window_get_dialog (window);
  fb_new_incident_dialog_set_title (dialog, "Files encrypted on FS-02");
  fb_new_incident_dialog_set_kind (dialog, "ransomware");
  fb_new_incident_dialog_set_rules (dialog, &answers);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.create", NULL);
  ui_wait_until (_fb_window_get_dialog (window) == NULL);

  incidents = fb_store_list_incidents (fixture->store, TRUE);
  incident = g_list_model_get_item (incidents, 0);
  id = fb_incident_get_id (incident);
  prelim = nth_deadline (fixture->store, id, 0);
  final = nth_deadline (fixture->store, id, 1);
  g_assert_cmpstr (fb_deadline_get_playbook_deadline (prelim), ==, "appi-preliminary");
  g_assert_cmpstr (fb_deadline_get_playbook_deadline (final), ==, "appi-final");
  g_assert_null (nth_deadline (fixture->store, id, 2));

  /* The overview lists both; the header shows the next two. */
  adw_view_stack_set_visible_child_name (_fb_window_get_view_stack (window), "overview");
  section = fb_overview_page_get_deadlines (_fb_window_get_overview (window));
  header = _fb_window_get_header (window);
  ui_wait_until (fb_deadline_section_get_n_shown (section) == 2);
  g_assert_cmpuint (fb_incident_header_get_n_deadlines (header), ==, 2);
  first = fb_incident_header_get_deadline_text (header, 0);
  g_assert_cmpstr (first, ==, "Japan APPI: preliminary report to the PPC 3 d 0 h");

  /* With a quarter of the time left the countdowns warn; past it they are
   * errors, on the next tick and without a change in the store. */
  clock.now_ms = START + 54 * HOUR;
  fb_context_tick (fixture->context);
  g_clear_pointer (&first, g_free);
  first = fb_incident_header_get_deadline_text (header, 0);
  g_assert_cmpstr (first, ==, "Japan APPI: preliminary report to the PPC 18 h 0 min");
  g_assert_nonnull (find_label_with_class (GTK_WIDGET (header), "warning"));
  clock.now_ms = START + 73 * HOUR;
  fb_context_tick (fixture->context);
  g_assert_nonnull (find_label_with_class (GTK_WIDGET (section), "error"));

  /* Meeting one from the overview takes it off the header; waiving asks why. */
  gtk_widget_activate_action (GTK_WIDGET (section), "deadlines.meet", "s", fb_deadline_get_id (prelim));
  ui_wait_until (fb_incident_header_get_n_deadlines (header) == 1);
  {
    g_autoptr(FbDeadline) now_met = fb_store_get_deadline (fixture->store, fb_deadline_get_id (prelim));

    g_assert_cmpint (fb_deadline_get_state (now_met), ==, FB_DEADLINE_MET);
  }
  g_assert_cmpuint (fb_deadline_section_get_n_shown (section), ==, 2);
  g_assert_nonnull (find_label_with_class (GTK_WIDGET (section), "success"));
  g_assert_true (shows_label (GTK_WIDGET (section), "Met"));
  g_assert_true (shows_label (GTK_WIDGET (section), "APPI art. 26; PPC rules art. 8(1) · met 2026-11-28 15:30"));

  g_assert_true (fb_store_waive_deadline (fixture->store, fb_deadline_get_id (final), "Filed with the PPC", NULL));
  ui_wait_until (fb_incident_header_get_n_deadlines (header) == 0);
  ui_wait_until (shows_label (GTK_WIDGET (section), "Waived"));
  g_assert_true (shows_label (GTK_WIDGET (section), "APPI art. 26; PPC rules art. 8(2) · waived: Filed with the PPC"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/deadline-views/flow", UiFixture, NULL, ui_fixture_set_up, test_deadline_views,
              ui_fixture_tear_down);

  return g_test_run ();
}
