/* bench-million-apply.c — 1,000,000 local ops through the one door,
 * against plain inserts of the same rows
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inserts the million entries of fb-bench-million.h into the store's
 * timeline table and its search index with plain prepared statements,
 * 10,000 to a transaction (the floor), then applies the same entries as
 * local ops through fb_store_apply() in batches of 10,000 (validation,
 * clock, hash chain, op log, outbox, timeline and search index), each
 * into a new file. Target: the store at least a third of the floor's rate.
 * The kept record the other million-entry benchmarks read is made the
 * same way. About two minutes on two cores.
 */

#include "config.h"

#include <stdio.h>

#include "firebreak-core.h"
#include "../fb-test-util.h"
#include "fb-bench-floor.h"
#include "fb-bench-million.h"

static double
bench_floor (const char *path)
{
  FbBenchFloor *rows = fb_bench_floor_open (path, TRUE);
  gint64 start, detected = 1764000000000;

  start = g_get_monotonic_time ();
  for (guint done = 0; done < FB_BENCH_MILLION_ENTRIES;)
    {
      sqlite3_exec (rows->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      for (guint i = 0; i < FB_BENCH_MILLION_BATCH && done < FB_BENCH_MILLION_ENTRIES; i++, done++)
        {
          g_autofree char *text = fb_bench_million_text (done);

          fb_bench_floor_insert (rows, fb_bench_million_occurred_at (detected, done),
                                 fb_entry_kind_to_string (done % FB_ENTRY_SYSTEM), text);
        }
      sqlite3_exec (rows->db, "COMMIT", NULL, NULL, NULL);
    }

  fb_bench_floor_close (rows);
  return fb_bench_seconds_since (start);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *floor_path = fb_test_dir_file (dir, "floor.db");
  g_autofree char *store_path = fb_test_dir_file (dir, "store.db");
  g_autofree char *incident = NULL;
  double floor_s, store_s;
  gint64 start;

  floor_s = bench_floor (floor_path);
  printf ("# floor done in %.1f s\n", floor_s);
  fflush (stdout);
  g_unlink (floor_path);

  start = g_get_monotonic_time ();
  incident = fb_bench_million_generate (store_path);
  store_s = fb_bench_seconds_since (start);

  printf ("apply %d local entry ops in batches of %d: %.1f s, %.0f ops/s\n",
          FB_BENCH_MILLION_ENTRIES, FB_BENCH_MILLION_BATCH, store_s, FB_BENCH_MILLION_ENTRIES / store_s);
  printf ("floor, plain prepared inserts of the same rows into the same timeline table"
          " and its search index: %.1f s, %.0f rows/s\n", floor_s, FB_BENCH_MILLION_ENTRIES / floor_s);
  printf ("ratio %.2f of the floor's rate (target >= 0.33): %s\n",
          floor_s / store_s, floor_s / store_s >= 0.33 ? "met" : "NOT MET");
  return 0;
}
