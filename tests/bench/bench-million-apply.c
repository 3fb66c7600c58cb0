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

#include <sqlite3.h>
#include <stdio.h>

#include "firebreak-core.h"
#include "fb-store-private.h"
#include "../fb-test-util.h"
#include "fb-bench-million.h"

static double
bench_floor (const char *path)
{
  g_autofree char *incident = fb_uuid_new ();
  sqlite3_stmt *stmt, *fts;
  sqlite3 *db;
  gint64 start, detected = 1764000000000;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", NULL, NULL, NULL);
  g_assert_cmpint (sqlite3_exec (db, _fb_store_schema_sql (1), NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, _fb_store_schema_sql (2), NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db,
                      "INSERT INTO entries (id, incident, occurred_at, recorded_at, hlc, device,"
                      " author, kind, text, amends, data, op)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
                      -1, &stmt, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO entries_fts (rowid, text) VALUES (last_insert_rowid(), ?)", -1, &fts, NULL);

  start = g_get_monotonic_time ();
  for (guint done = 0; done < FB_BENCH_MILLION_ENTRIES;)
    {
      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      for (guint i = 0; i < FB_BENCH_MILLION_BATCH && done < FB_BENCH_MILLION_ENTRIES; i++, done++)
        {
          g_autofree char *id = fb_uuid_new ();
          g_autofree char *op = fb_uuid_new ();
          g_autofree char *text = fb_bench_million_text (done);
          gint64 at = fb_bench_million_occurred_at (detected, done);
          FbHlc hlc = { at, 0 };
          g_autofree char *clock = fb_hlc_to_string (&hlc);

          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, incident, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, at);
          sqlite3_bind_int64 (stmt, 4, at);
          sqlite3_bind_text (stmt, 5, clock, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, incident, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 7, "Bench", -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 8, fb_entry_kind_to_string (done % FB_ENTRY_SYSTEM), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 9, text, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 10, op, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            g_error ("%s", sqlite3_errmsg (db));
          sqlite3_reset (stmt);
          sqlite3_bind_text (fts, 1, text, -1, SQLITE_STATIC);
          if (sqlite3_step (fts) != SQLITE_DONE)
            g_error ("%s", sqlite3_errmsg (db));
          sqlite3_reset (fts);
        }
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }

  sqlite3_finalize (stmt);
  sqlite3_finalize (fts);
  sqlite3_close (db);
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
