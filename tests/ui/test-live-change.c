/* test-live-change.c — a change made by another process shows in the open
 * window in the next frame
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows an incident whose timeline is longer than the window,
 * held at its end. A script posts to the same file with firebreak-cli, in
 * a process of its own. Nothing is timed: once the store has announced
 * the change, the first frame the window paints must show the new row,
 * so no timer and no second frame stands between the change and the
 * screen.
 */

#include "config.h"

#include "fb-ui-test-util.h"
#include "fb-window.h"

#define N_ENTRIES 60

typedef struct
{
  guint announced;   /* ::changed with new entries */
  guint painted;     /* frames painted since */
} Counts;

static void
on_store_changed_cb (FbStore    *store,
                     guint       flags,
                     const char *incident,
                     Counts     *counts)
{
  if (flags & FB_CHANGE_ENTRIES)
    {
      counts->announced++;
      counts->painted = 0;
    }
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Counts        *counts)
{
  counts->painted++;
}

static void
test_post_from_another_process (UiFixture     *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *last = NULL;
  Counts counts = { 0, 0 };
  GdkFrameClock *clock;
  FbWindow *window;

  incident = fb_store_create_incident (fixture->store, "Ransomware on FS-02", "ransomware", 1, 0, 60, FALSE,
                                       &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_ENTRIES; i++)
    {
      g_free (last);
      last = g_strdup_printf ("Fact %u", i);
      g_free (fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, last, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  fb_window_select_incident (window, incident);
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_until (ui_shows_label (GTK_WIDGET (window), last));
  /* The timeline is longer than the window: a row added at its end is
   * below the fold unless the view follows it. */
  g_assert_false (ui_shows_label (GTK_WIDGET (window), "Fact 0"));
  /* As in a war room, the timeline has been growing while it is shown. */
  for (guint i = 0; i < 5; i++)
    {
      g_free (last);
      last = g_strdup_printf ("Later fact %u", i);
      g_free (fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, last, 0, NULL, NULL, &error));
      g_assert_no_error (error);
      ui_wait_until (ui_shows_label (GTK_WIDGET (window), last));
    }

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_store_changed_cb), &counts);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &counts);

  ui_post_with_cli (fixture->path, incident, "EDR quarantined a loader on host 4711");

  /* The file monitor tells the store; the store tells the views at once. */
  ui_wait_until (counts.announced > 0);
  g_assert_cmpuint (counts.announced, ==, 1);
  ui_wait_until (counts.painted > 0);
  g_assert_true (ui_shows_label (GTK_WIDGET (window), "EDR quarantined a loader on host 4711"));

  g_signal_handlers_disconnect_by_data (clock, &counts);
  g_signal_handlers_disconnect_by_data (fixture->store, &counts);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/live-change/post-from-another-process", UiFixture, NULL, ui_fixture_set_up,
              test_post_from_another_process, ui_fixture_tear_down);

  return g_test_run ();
}
