/* bench-startup.c — Firebreak's window on a large record: time to the
 * first frame and peak memory, each beside an empty libadwaita window
 * measured in the same run.
 *
 *   bench-startup FIREBREAK BENCH-EMPTY-WINDOW
 *
 * 1. A record of 100,000 entries in 50 incidents (the most recently
 *    detected, which the window opens on, holds 51,000 of them); the time
 *    from spawning the process to its first painted frame, median of five
 *    runs, against the same for an empty AdwApplicationWindow. Target: at
 *    most twice the floor.
 * 2. A record of one incident with 100,000 entries; the peak resident set
 *    after scrolling its timeline from top to bottom, ten pages a frame.
 *    Target: at most 150 MB. Measured with the renderer GTK picks (GL,
 *    which under Xvfb is Mesa's llvmpipe: some 55 MB of LLVM before the
 *    window shows anything) and with cairo, each beside the empty window
 *    drawn the same way.
 *
 *   bench-startup FIREBREAK BENCH-EMPTY-WINDOW --million
 *
 * 3. The kept record of fb-bench-million.h, one incident of 1,000,000
 *    entries, which the window opens on: first frame, median of five
 *    runs, against the empty window. Target: at most 2.5 times the floor.
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firebreak-core.h"
#include "../fb-test-util.h"
#include "fb-bench-million.h"

#define N_RUNS       5
#define N_ENTRIES    100000
#define N_INCIDENTS  50
#define BATCH        1000

static void
add_entries (FbStore    *store,
             const char *incident,
             guint       n,
             gint64      start_ms,
             guint      *counter)
{
  for (guint done = 0; done < n; done += BATCH)
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
      g_autoptr(GError) error = NULL;

      for (guint i = done; i < MIN (n, done + BATCH); i++)
        {
          g_autoptr(JsonObject) body = json_object_new ();
          g_autofree char *id = fb_uuid_new ();
          g_autofree char *text = fb_bench_million_text ((*counter)++);

          json_object_set_string_member (body, "kind", fb_entry_kind_to_string (i % FB_ENTRY_SYSTEM));
          json_object_set_string_member (body, "text", text);
          json_object_set_int_member (body, "occurred_at", start_ms + (gint64) i * 1000);
          g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, id, body));
        }

      if (!fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error))
        g_error ("generating the record: %s", error->message);
    }
}

static char *
make_record (FbTestDir  *dir,
             const char *name,
             guint       n_incidents,
             guint       n_largest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  char *path = fb_test_dir_file (dir, name);
  gint64 now, t0 = g_get_monotonic_time ();
  guint counter = 0;
  guint rest = n_incidents > 1 ? (N_ENTRIES - n_largest) / (n_incidents - 1) : 0;

  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  fb_store_set_author (store, "Bench");
  now = fb_store_now_ms (store);

  for (guint i = 0; i < n_incidents; i++)
    {
      g_autofree char *title = g_strdup_printf ("Incident %u", i);
      /* The largest is detected last, so the window opens on it. */
      gint64 detected = now - (gint64) (n_incidents - i) * 3600 * 1000 * 24;
      guint n = i == n_incidents - 1 ? n_largest : rest;
      g_autofree char *id = NULL;

      if (i == n_incidents - 1)
        detected = now - (gint64) n * 1000 - 60000;
      id = fb_store_create_incident (store, title, "generic", 1 + i % 4, detected, 60, FALSE, &error);
      if (id == NULL)
        g_error ("%s", error->message);
      add_entries (store, id, n, detected, &counter);
    }

  printf ("# %s: %u entries in %u incidents (largest %u), generated in %.1f s\n",
          name, counter, n_incidents, n_largest, (g_get_monotonic_time () - t0) / 1e6);
  fflush (stdout);
  return path;
}

static char **
child_env (gboolean    scroll,
           const char *renderer)
{
  char **env = g_get_environ ();

  /* Not the tests' fatal warnings: a missing session bus under Xvfb is a
   * warning, and not what is measured. */
  env = g_environ_unsetenv (env, "G_DEBUG");
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "FIREBREAK_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  if (scroll)
    env = g_environ_setenv (env, "FIREBREAK_SCROLL_AND_EXIT", "1", TRUE);
  if (renderer != NULL)
    env = g_environ_setenv (env, "GSK_RENDERER", renderer, TRUE);
  return env;
}

static gint64
value_of (const char *output,
          const char *key)
{
  g_autofree char *needle = g_strconcat (key, "=", NULL);
  const char *at = strstr (output, needle);

  return at != NULL ? g_ascii_strtoll (at + strlen (needle), NULL, 10) : -1;
}

/* Runs one program to its first frame; returns the milliseconds from
 * spawning it to that frame, and its whole output in @output. */
static double
run_once (const char  *program,
          const char  *database,
          gboolean     scroll,
          const char  *renderer,
          char       **output)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = child_env (scroll, renderer);
  g_autofree char *err = NULL;
  const char *argv[] = { program, database != NULL ? "--database" : NULL, database, NULL };
  gint64 t0;
  int status;

  t0 = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, output, &err, &status, &error))
    g_error ("%s: %s", program, error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s\n%s", program, error->message, err);
  if (value_of (*output, "FIREBREAK_FIRST_FRAME_MONOTONIC_US") < 0)
    g_error ("%s printed no first frame:\n%s\n%s", program, *output, err);

  return (value_of (*output, "FIREBREAK_FIRST_FRAME_MONOTONIC_US") - t0) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), (int (*) (const void *, const void *)) compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Peak RSS of the app scrolling the whole timeline, beside the empty
 * window's, both drawn by @renderer (NULL: what GTK picks). */
static gboolean
measure_memory (const char *firebreak,
                const char *empty_window,
                const char *database,
                const char *renderer)
{
  g_autofree char *out1 = NULL, *out2 = NULL;
  const char *drawn = renderer != NULL ? renderer : "GTK's choice of renderer";
  gint64 empty_rss, app_rss;

  run_once (empty_window, NULL, TRUE, renderer, &out1);
  run_once (firebreak, database, TRUE, renderer, &out2);
  empty_rss = value_of (out1, "FIREBREAK_VMHWM_KB");
  app_rss = value_of (out2, "FIREBREAK_VMHWM_KB");

  printf ("memory (%s): firebreak scrolled %" G_GINT64_FORMAT " rows end to end in %" G_GINT64_FORMAT
          " frames, peak RSS %.1f MB\n", drawn,
          value_of (out2, "FIREBREAK_ROWS"), value_of (out2, "FIREBREAK_SCROLL_FRAMES"), app_rss / 1024.0);
  printf ("memory (%s): empty AdwApplicationWindow, peak RSS %.1f MB\n", drawn, empty_rss / 1024.0);
  printf ("memory (%s): %.1f MB (target ≤ 150 MB): %s; %.1f MB above the empty window\n", drawn,
          app_rss / 1024.0, app_rss <= 150 * 1024 ? "met" : "MISSED", (app_rss - empty_rss) / 1024.0);
  fflush (stdout);
  return app_rss > 0 && app_rss <= 150 * 1024;
}

/* First frames of the app on @database and of the empty window, median
 * of N_RUNS alternating, so that a slow spell of the machine hits both;
 * TRUE when the app's is at most @target times the empty window's. */
static gboolean
measure_first_frame (const char *firebreak,
                     const char *empty_window,
                     const char *database,
                     const char *what,
                     double      target)
{
  double app_ms[N_RUNS], empty_ms[N_RUNS];
  double app_median, empty_median;

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autofree char *out1 = NULL, *out2 = NULL;

      empty_ms[i] = run_once (empty_window, NULL, FALSE, NULL, &out1);
      app_ms[i] = run_once (firebreak, database, FALSE, NULL, &out2);
      printf ("# run %u: empty window %.1f ms, firebreak %.1f ms\n", i + 1, empty_ms[i], app_ms[i]);
      fflush (stdout);
    }
  app_median = median (app_ms, N_RUNS);
  empty_median = median (empty_ms, N_RUNS);

  printf ("startup: firebreak on %s, first frame after %.1f ms (median of %u)\n",
          what, app_median, N_RUNS);
  printf ("startup: empty AdwApplicationWindow, first frame after %.1f ms (median of %u)\n",
          empty_median, N_RUNS);
  printf ("startup: ratio %.2f× (target ≤ %g×): %s\n", app_median / empty_median, target,
          app_median <= target * empty_median ? "met" : "MISSED");
  fflush (stdout);
  return app_median <= target * empty_median;
}

int
main (int   argc,
      char *argv[])
{
  FbTestDir *dir;
  g_autofree char *startup_db = NULL;
  g_autofree char *scroll_db = NULL;
  g_autofree char *what = NULL;
  gboolean ok = TRUE;

  if (argc != 3 && !(argc == 4 && g_str_equal (argv[3], "--million")))
    {
      fprintf (stderr, "usage: %s FIREBREAK BENCH-EMPTY-WINDOW [--million]\n", argv[0]);
      return 2;
    }

  if (argc == 4)
    {
      g_autofree char *million_db = fb_bench_million_path ();

      what = g_strdup_printf ("one incident of %d entries", FB_BENCH_MILLION_ENTRIES);
      ok = measure_first_frame (argv[1], argv[2], million_db, what, 2.5);
      printf ("targets: %s\n", ok ? "all met" : "not all met");
      return 0;
    }

  dir = fb_test_dir_new ();
  startup_db = make_record (dir, "startup.db", N_INCIDENTS, 51000);
  /* To profile by hand: FIREBREAK_BENCH_KEEP=1 keeps the records. */
  if (g_getenv ("FIREBREAK_BENCH_KEEP") != NULL)
    {
      g_autofree char *scroll = make_record (dir, "scroll.db", 1, N_ENTRIES);
      printf ("# kept %s and %s\n", startup_db, scroll);
      return 0;
    }

  what = g_strdup_printf ("%u entries in %u incidents", N_ENTRIES, N_INCIDENTS);
  ok &= measure_first_frame (argv[1], argv[2], startup_db, what, 2);

  scroll_db = make_record (dir, "scroll.db", 1, N_ENTRIES);
  ok &= measure_memory (argv[1], argv[2], scroll_db, NULL);
  ok &= measure_memory (argv[1], argv[2], scroll_db, "cairo");

  fb_test_dir_remove (dir->path);
  g_free (dir->path);
  g_free (dir);

  /* A benchmark measures; the figures and "MISSED" above tell the story,
   * and a slow machine should not fail `make bench`. */
  printf ("targets: %s\n", ok ? "all met" : "not all met");
  return 0;
}
