/* bench-cli-post.c — what the check before writing costs a script
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills one incident with 100,000 timeline entries, then times
 * `firebreak-cli post` on it (a process that opens the file, checks it
 * whole with SQLite's integrity check, adds one entry and exits), against
 * two figures measured in the same run: each check alone, and the same
 * post without the check (the run less the integrity check). A command
 * that only reads, `firebreak-cli list`, takes the quick check.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "firebreak-core.h"
#include "fb-sqlite.h"
#include "../fb-test-fill.h"
#include "../fb-test-util.h"
#include "fb-bench-util.h"

#define N_ENTRIES 100000
#define N_RUNS 10

/* The median of N_RUNS runs of the CLI, in seconds. */
static double
time_cli (const char * const *argv)
{
  double times[N_RUNS];

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      int status = -1;
      gint64 start = g_get_monotonic_time ();

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                         NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("%s: %s", argv[3], error->message);
      times[i] = fb_bench_seconds_since (start);
    }

  for (guint i = 1; i < N_RUNS; i++)
    for (guint j = i; j > 0 && times[j - 1] > times[j]; j--)
      {
        double t = times[j];
        times[j] = times[j - 1];
        times[j - 1] = t;
      }
  return times[N_RUNS / 2];
}

static double
time_check (const char *path,
            gboolean    full)
{
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      if (!fb_sqlite_check_file (path, full, &error))
        g_error ("%s", error->message);
      best = MIN (best, fb_bench_seconds_since (start));
    }
  return best;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "store.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  double post, list, full, quick;
  gint64 base = 1764000000000;

  {
    g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    incident = fb_store_create_incident (store, "Benchmark", NULL, 2, base, 60, TRUE, &error);
    g_assert_no_error (error);
    fb_test_add_facts (store, incident, N_ENTRIES, base);
  }

  {
    const char * const post_argv[] = { FIREBREAK_CLI_PATH, "--database", path, "post", incident,
                                       "EDR quarantined a loader on host 4711", NULL };
    const char * const list_argv[] = { FIREBREAK_CLI_PATH, "--database", path, "list", NULL };

    post = time_cli (post_argv);
    list = time_cli (list_argv);
  }
  full = time_check (path, TRUE);
  quick = time_check (path, FALSE);

  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    printf ("record of %d entries, file of %.0f MB\n", N_ENTRIES, st.st_size / 1e6);
  }
  printf ("firebreak-cli post (integrity check, then the write): %.3f s (median of %d)\n", post, N_RUNS);
  printf ("  the integrity check alone: %.3f s\n", full);
  printf ("  floor: the same post without the check: %.3f s\n", post - full);
  printf ("firebreak-cli list (quick check, then the read): %.3f s\n", list);
  printf ("  the quick check alone: %.3f s\n", quick);
  return 0;
}
