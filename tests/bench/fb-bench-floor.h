/* fb-bench-floor.h — the timeline's rows written with plain prepared
 * statements, the floor the store's apply is measured against
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "firebreak-core.h"
#include "fb-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *insert;
  sqlite3_stmt *fts;        /* NULL without the search index */
  char         *incident;
} FbBenchFloor;

/* A new file at @path with the store's timeline table and indexes, and
 * with @with_search its full-text index too, set up as the store sets
 * up its own. */
static inline FbBenchFloor *
fb_bench_floor_open (const char *path,
                     gboolean    with_search)
{
  FbBenchFloor *rows = g_new0 (FbBenchFloor, 1);

  rows->incident = fb_uuid_new ();
  g_assert_cmpint (sqlite3_open (path, &rows->db), ==, SQLITE_OK);
  sqlite3_exec (rows->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", NULL, NULL, NULL);
  g_assert_cmpint (sqlite3_exec (rows->db, _fb_store_schema_sql (1), NULL, NULL, NULL), ==, SQLITE_OK);
  if (with_search)
    {
      g_assert_cmpint (sqlite3_exec (rows->db, _fb_store_schema_sql (2), NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_prepare_v2 (rows->db, "INSERT INTO entries_fts (rowid, text) VALUES (last_insert_rowid(), ?)",
                          -1, &rows->fts, NULL);
    }
  sqlite3_prepare_v2 (rows->db,
                      "INSERT INTO entries (id, incident, occurred_at, recorded_at, hlc, device,"
                      " author, kind, text, amends, data, op)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
                      -1, &rows->insert, NULL);
  return rows;
}

/* One timeline row, and its words in the search index if there is one. */
static inline void
fb_bench_floor_insert (FbBenchFloor *rows,
                       gint64        at,
                       const char   *kind,
                       const char   *text)
{
  g_autofree char *id = fb_uuid_new ();
  g_autofree char *op = fb_uuid_new ();
  FbHlc hlc = { at, 0 };
  g_autofree char *clock = fb_hlc_to_string (&hlc);
  sqlite3_stmt *stmt = rows->insert;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rows->incident, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, at);
  sqlite3_bind_int64 (stmt, 4, at);
  sqlite3_bind_text (stmt, 5, clock, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, rows->incident, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, "Benchmark", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, op, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("%s", sqlite3_errmsg (rows->db));
  sqlite3_reset (stmt);
  if (rows->fts != NULL)
    {
      sqlite3_bind_text (rows->fts, 1, text, -1, SQLITE_STATIC);
      if (sqlite3_step (rows->fts) != SQLITE_DONE)
        g_error ("%s", sqlite3_errmsg (rows->db));
      sqlite3_reset (rows->fts);
    }
}

static inline void
fb_bench_floor_close (FbBenchFloor *rows)
{
  sqlite3_finalize (rows->insert);
  sqlite3_finalize (rows->fts);
  sqlite3_close (rows->db);
  g_free (rows->incident);
  g_free (rows);
}

G_END_DECLS
