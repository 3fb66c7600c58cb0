/* test-drill-console.c — the facilitator's console: injects released by
 * the drill clock, paused, sped up and released by hand
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-drill-console.h"
#include "fb-entry-row.h"
#include "fb-ui-test-util.h"

#define MINUTE 60000

static guint
count_released (UiFixture  *fixture,
                const char *incident)
{
  g_autoptr(GPtrArray) released = fb_drill_list_released (fixture->store, incident);

  return released->len;
}

static void
test_console (UiFixture     *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbScenario) scenario = fb_scenario_new_builtin ("ransomware", &error);
  g_autofree char *incident = NULL;
  FbTestClock clock = { G_GINT64_CONSTANT (1800000000000) };
  FbDrillConsole *console;

  g_assert_no_error (error);
  fb_context_set_clock (fixture->context, fb_test_clock_read, &clock);
  fb_store_set_clock (fixture->store, fb_test_clock_read, &clock);
  incident = fb_drill_start (fixture->store, scenario, 1, &error);
  g_assert_no_error (error);

  console = fb_drill_console_new (NULL, fixture->context, incident, scenario);
  gtk_window_present (GTK_WINDOW (console));
  g_assert_true (ui_find_window (FB_TYPE_DRILL_CONSOLE) == GTK_WINDOW (console));

  /* The first inject is due at once; the ransom note at +10. */
  g_assert_cmpuint (count_released (fixture, incident), ==, 1);
  clock.now_ms += 9 * MINUTE;
  fb_context_tick (fixture->context);
  g_assert_cmpuint (count_released (fixture, incident), ==, 1);
  clock.now_ms += MINUTE;
  fb_context_tick (fixture->context);
  g_assert_cmpuint (count_released (fixture, incident), ==, 2);
  g_assert_cmpint (fb_drill_console_get_drill_ms (console), ==, 10 * MINUTE);

  /* Paused, the drill clock stands while real time goes on. */
  gtk_widget_activate_action (GTK_WIDGET (console), "drill.toggle-pause", NULL);
  g_assert_true (fb_drill_console_get_paused (console));
  clock.now_ms += 60 * MINUTE;
  fb_context_tick (fixture->context);
  g_assert_cmpuint (count_released (fixture, incident), ==, 2);
  g_assert_cmpint (fb_drill_console_get_drill_ms (console), ==, 10 * MINUTE);
  gtk_widget_activate_action (GTK_WIDGET (console), "drill.toggle-pause", NULL);
  g_assert_false (fb_drill_console_get_paused (console));

  /* Faster: 2 drill minutes a minute; 8 real minutes reach +26, past the
   * CEO's call at +25. */
  gtk_widget_activate_action (GTK_WIDGET (console), "drill.faster", NULL);
  g_assert_cmpint (fb_drill_console_get_speed (console), ==, 2);
  clock.now_ms += 8 * MINUTE;
  fb_context_tick (fixture->context);
  g_assert_cmpint (fb_drill_console_get_drill_ms (console), ==, 26 * MINUTE);
  g_assert_cmpuint (count_released (fixture, incident), ==, 3);

  /* By hand, out of turn; a second press changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (console), "drill.release", "s", "regulator");
  gtk_widget_activate_action (GTK_WIDGET (console), "drill.release", "s", "regulator");
  g_assert_cmpuint (count_released (fixture, incident), ==, 4);

  gtk_window_destroy (GTK_WINDOW (console));
  ui_spin (50);
}

static gboolean
has_label_containing (GtkWidget  *widget,
                      const char *text)
{
  if (ui_label_text (widget) != NULL && strstr (ui_label_text (widget), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label_containing (child, text))
      return TRUE;

  return FALSE;
}

/* On a player's timeline an inject is marked as one, not dimmed as the
 * record's own notes are, and a system note beside it still is. */
static void
test_inject_row (UiFixture     *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbScenario) scenario = fb_scenario_new_builtin ("ransomware", &error);
  g_autoptr(GPtrArray) released = NULL;
  g_autoptr(GListModel) systems = NULL;
  g_autoptr(FbEntry) inject = NULL;
  g_autoptr(FbEntry) started = NULL;
  g_autofree char *incident = NULL;
  GtkWidget *row;

  g_assert_no_error (error);
  incident = fb_drill_start (fixture->store, scenario, 1, &error);
  g_assert_no_error (error);
  g_free (fb_drill_release (fixture->store, incident, scenario, fb_scenario_get_inject (scenario, 0), 1, &error));
  g_assert_no_error (error);

  systems = fb_store_list_entries_where (fixture->store, incident, 1u << FB_ENTRY_SYSTEM, FALSE, 10);
  for (guint i = 0; i < g_list_model_get_n_items (systems); i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (systems, i);
      g_autoptr(JsonObject) entry_data = fb_entry_dup_data_object (entry);
      const char *event = entry_data != NULL ? fb_entry_data_get_string (entry_data, "event") : NULL;

      if (g_strcmp0 (event, "inject") == 0 && inject == NULL)
        inject = g_object_ref (entry);
      else if (g_strcmp0 (event, "drill-started") == 0)
        started = g_object_ref (entry);
    }
  g_assert_nonnull (inject);
  g_assert_nonnull (started);

  row = g_object_ref_sink (fb_entry_row_new (fixture->context));
  fb_entry_row_set_entry (FB_ENTRY_ROW (row), inject);
  g_assert_true (gtk_widget_has_css_class (row, "inject"));
  g_assert_false (gtk_widget_has_css_class (row, "system"));
  g_assert_true (has_label_containing (row, "Drill Inject"));

  fb_entry_row_set_entry (FB_ENTRY_ROW (row), started);
  g_assert_false (gtk_widget_has_css_class (row, "inject"));
  g_assert_false (has_label_containing (row, "Drill Inject"));
  g_assert_true (gtk_widget_has_css_class (row, "system"));
  g_object_unref (row);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/drill-console/clock", UiFixture, NULL, ui_fixture_set_up, test_console, ui_fixture_tear_down);
  g_test_add ("/drill-console/inject-row", UiFixture, NULL, ui_fixture_set_up, test_inject_row,
              ui_fixture_tear_down);

  return g_test_run ();
}
