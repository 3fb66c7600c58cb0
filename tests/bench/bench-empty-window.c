/* bench-empty-window.c — the floor for the startup benchmark: an empty
 * AdwApplicationWindow, timed to its first painted frame exactly as
 * Firebreak is (FIREBREAK_EXIT_AFTER_FIRST_FRAME, FIREBREAK_SCROLL_AND_EXIT).
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

static gint64 start_us;

static gint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, user_data);
  printf ("FIREBREAK_FIRST_FRAME_MONOTONIC_US=%" G_GINT64_FORMAT "\n", now);
  printf ("FIREBREAK_FIRST_FRAME_SINCE_MAIN_MS=%.1f\n", (now - start_us) / 1000.0);
  if (g_getenv ("FIREBREAK_SCROLL_AND_EXIT") != NULL)
    printf ("FIREBREAK_VMHWM_KB=%" G_GINT64_FORMAT "\n", peak_rss_kb ());
  fflush (stdout);
  g_application_quit (G_APPLICATION (user_data));
}

static void
on_activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint_cb), app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  start_us = g_get_monotonic_time ();
  app = adw_application_new ("io.github.firebreak.BenchEmptyWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
