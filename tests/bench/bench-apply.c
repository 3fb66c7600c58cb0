/* bench-apply.c — how fast the one door takes ops, against plain inserts
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Applies 100,000 local timeline entries in batches of 1,000 through
 * FbStore (validation, clock, hash chain, op log, outbox, timeline and its
 * search index), then inserts the same rows into the same entries table
 * with plain prepared statements in the same batches: the floor, measured
 * in the same run because these machines are noisy. Then decodes 10,000
 * remote ops from JSON and applies them as one batch.
 */

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>

#include "firebreak-core.h"
#include "fb-store-private.h"
#include "../fb-test-util.h"

#define N_OPS 100000
#define BATCH 1000
#define N_REMOTE 10000

static char *
entry_text (guint i)
{
  switch (i % 4)
    {
    case 0: return g_strdup_printf ("Host %u shows files renamed to .locked", i);
    case 1: return g_strdup_printf ("Firewall blocked outbound SMB from host %u", i);
    case 2: return g_strdup_printf ("User at desk %u reports a ransom note on screen", i);
    default: return g_strdup_printf ("EDR quarantined a loader on host %u", i);
    }
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static double
bench_store (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autofree char *incident = NULL;
  gint64 start, base = 1764000000000;

  g_assert_no_error (error);
  incident = fb_store_create_incident (store, "Benchmark", NULL, 2, base, 60, TRUE, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint b = 0; b < N_OPS / BATCH; b++)
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

      for (guint i = 0; i < BATCH; i++)
        {
          guint n = b * BATCH + i;
          g_autoptr(JsonObject) body = json_object_new ();
          g_autofree char *entity = fb_uuid_new ();

          json_object_set_string_member (body, "kind", "fact");
          g_autofree char *text = entry_text (n);

          json_object_set_string_member (body, "text", text);
          json_object_set_int_member (body, "occurred_at", base + n);
          g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, entity, body));
        }

      if (!fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error))
        g_error ("%s", error->message);
    }

  return seconds_since (start);
}

static double
bench_floor (const char *dir,
             gboolean    with_search)
{
  g_autofree char *path = g_build_filename (dir, with_search ? "floor-search.db" : "floor.db", NULL);
  sqlite3_stmt *fts = NULL;
  g_autofree char *incident = fb_uuid_new ();
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 start, base = 1764000000000;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", NULL, NULL, NULL);
  /* The same table and indexes the store's timeline uses, and with
   * with_search its full-text index too. */
  g_assert_cmpint (sqlite3_exec (db, _fb_store_schema_sql (1), NULL, NULL, NULL), ==, SQLITE_OK);
  if (with_search)
    {
      g_assert_cmpint (sqlite3_exec (db, _fb_store_schema_sql (2), NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_prepare_v2 (db, "INSERT INTO entries_fts (rowid, text) VALUES (last_insert_rowid(), ?)", -1, &fts, NULL);
    }
  sqlite3_prepare_v2 (db,
                      "INSERT INTO entries (id, incident, occurred_at, recorded_at, hlc, device,"
                      " author, kind, text, amends, data, op)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
                      -1, &stmt, NULL);

  start = g_get_monotonic_time ();
  for (guint b = 0; b < N_OPS / BATCH; b++)
    {
      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      for (guint i = 0; i < BATCH; i++)
        {
          guint n = b * BATCH + i;
          g_autofree char *id = fb_uuid_new ();
          g_autofree char *op = fb_uuid_new ();
          g_autofree char *text = entry_text (n);
          FbHlc hlc = { base + n, 0 };
          g_autofree char *clock = fb_hlc_to_string (&hlc);

          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, incident, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, base + n);
          sqlite3_bind_int64 (stmt, 4, base + n);
          sqlite3_bind_text (stmt, 5, clock, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, incident, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 7, "Benchmark", -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 8, "fact", -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 9, text, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 10, op, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            g_error ("%s", sqlite3_errmsg (db));
          sqlite3_reset (stmt);
          if (fts != NULL)
            {
              sqlite3_bind_text (fts, 1, text, -1, SQLITE_STATIC);
              if (sqlite3_step (fts) != SQLITE_DONE)
                g_error ("%s", sqlite3_errmsg (db));
              sqlite3_reset (fts);
            }
        }
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }

  sqlite3_finalize (stmt);
  sqlite3_finalize (fts);
  sqlite3_close (db);
  return seconds_since (start);
}

static void
bench_remote (const char *dir,
              double     *decode_s,
              double     *apply_s)
{
  g_autofree char *source_path = g_build_filename (dir, "source.db", NULL);
  g_autofree char *target_path = g_build_filename (dir, "target.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) source = fb_store_open (source_path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbStore) target = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GPtrArray) json = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) decoded = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *incident = NULL;
  guint applied = 0;
  gint64 start;

  g_assert_no_error (error);
  incident = fb_store_create_incident (source, "Remote", NULL, 2, 0, 60, TRUE, &error);
  for (guint n = 1; n < N_REMOTE; n++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autofree char *entity = fb_uuid_new ();

      json_object_set_string_member (body, "kind", "fact");
      g_autofree char *text = entry_text (n);

      json_object_set_string_member (body, "text", text);
      json_object_set_int_member (body, "occurred_at", 1764000000000 + n);
      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, entity, body));
    }
  if (!fb_store_apply (source, drafts, NULL, FB_APPLY_LOCAL, NULL, &error))
    g_error ("%s", error->message);

  ops = fb_store_get_ops (source, NULL, &error);
  g_assert_cmpuint (ops->len, ==, N_REMOTE);
  for (guint i = 0; i < ops->len; i++)
    g_ptr_array_add (json, fb_op_to_json (ops->pdata[i], NULL));

  target = fb_store_open (target_path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < json->len; i++)
    {
      FbOp *op = fb_op_from_json (json->pdata[i], -1, &error);
      if (op == NULL)
        g_error ("%s", error->message);
      g_ptr_array_add (decoded, op);
    }
  *decode_s = seconds_since (start);

  start = g_get_monotonic_time ();
  if (!fb_store_apply (target, decoded, NULL, FB_APPLY_DEFAULT, &applied, &error))
    g_error ("%s", error->message);
  *apply_s = seconds_since (start);
  g_assert_cmpuint (applied, ==, N_REMOTE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  double store_s, floor_s, bare_s, decode_s, apply_s;

  /* Both floors run before and the store after; each sees the same disk
   * and an equally warm cache. */
  bare_s = bench_floor (dir->path, FALSE);
  floor_s = bench_floor (dir->path, TRUE);
  store_s = bench_store (dir->path);
  bench_remote (dir->path, &decode_s, &apply_s);

  printf ("apply %d local entry ops in batches of %d: %.2f s, %.0f ops/s\n",
          N_OPS, BATCH, store_s, N_OPS / store_s);
  printf ("floor, plain prepared inserts of the same rows into the same timeline table"
          " and its search index: %.2f s, %.0f rows/s\n", floor_s, N_OPS / floor_s);
  printf ("  (the same without the search index: %.2f s, %.0f rows/s; ratio to that %.2f)\n",
          bare_s, N_OPS / bare_s, bare_s / store_s);
  printf ("ratio %.2f of the floor's rate (target >= 0.33): %s\n",
          floor_s / store_s, floor_s / store_s >= 0.33 ? "met" : "NOT MET");
  printf ("remote batch of %d ops: decode from JSON %.3f s, apply in one transaction %.3f s (%.0f ops/s)\n",
          N_REMOTE, decode_s, apply_s, N_REMOTE / (decode_s + apply_s));

  return 0;
}
