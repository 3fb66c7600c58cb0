/* test-drill-console.c — the facilitator's console: injects released by
 * the drill clock, paused, sped up and released by hand
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-drill-console.h"
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

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/drill-console/clock", UiFixture, NULL, ui_fixture_set_up, test_console, ui_fixture_tear_down);

  return g_test_run ();
}
