/* fb-server-db-heads.c — the newest place of each chain the server holds
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What GET /api/v1/heads answers from: a workstation compares its record
 * with these, so the server is a witness of changes cut from it.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include "fb-record-state.h"
#include "fb-server-db-private.h"

/**
 * fb_server_db_get_state:
 *
 * Returns: (transfer full): the newest place of each device the server
 *   holds, as an op or a link, and their digest; %NULL on error
 */
FbRecordState *
fb_server_db_get_state (FbServerDb *db,
                        GError    **error)
{
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_head_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  /* One read transaction, so that the numbers and their hashes agree. */
  if (!fb_sqlite_exec (&db->sql, "BEGIN", error))
    return NULL;

  stmt = _fb_server_db_stmt (db, "SELECT device, max(n) FROM"
                       " (SELECT device, max(device_seq) AS n FROM ops GROUP BY device"
                       "  UNION ALL SELECT device, max(device_seq) FROM links GROUP BY device)"
                       " GROUP BY device");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (heads, fb_head_new ((const char *) sqlite3_column_text (stmt, 0),
                                         sqlite3_column_int64 (stmt, 1), NULL));
  sqlite3_reset (stmt);

  for (guint i = 0; rc == SQLITE_DONE && i < heads->len; i++)
    {
      FbHead *head = g_ptr_array_index (heads, i);

      stmt = _fb_server_db_stmt (db, "SELECT hash FROM ops WHERE device = ?1 AND device_seq = ?2"
                           " UNION ALL SELECT hash FROM links WHERE device = ?1 AND device_seq = ?2 LIMIT 1");
      sqlite3_bind_text (stmt, 1, head->device, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, head->device_seq);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          head->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          rc = SQLITE_DONE;
        }
      sqlite3_reset (stmt);
    }

  fb_sqlite_exec (&db->sql, "COMMIT", NULL);
  if (!fb_sqlite_check (&db->sql, rc, error))
    return NULL;

  return fb_record_state_new (g_steal_pointer (&heads));
}

/**
 * fb_server_db_get_place:
 * @seq: (out): the server's number of the op there; 0 for a link
 *
 * Returns: (transfer full) (nullable): the place @device_seq of @device's
 *   chain, from the op or the link the server holds there; %NULL, without
 *   an error, when it holds neither
 */
FbLink *
fb_server_db_get_place (FbServerDb *db,
                        const char *device,
                        gint64      device_seq,
                        gint64     *seq,
                        GError    **error)
{
  sqlite3_stmt *stmt;
  FbLink *link = NULL;
  int rc;

  g_return_val_if_fail (db != NULL && device != NULL && seq != NULL, NULL);

  stmt = _fb_server_db_stmt (db, "SELECT seq, json_extract (op, '$.prev'), hash FROM ops WHERE device = ?1 AND device_seq = ?2"
                       " UNION ALL SELECT 0, prev, hash FROM links WHERE device = ?1 AND device_seq = ?2 LIMIT 1");
  sqlite3_bind_text (stmt, 1, device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, device_seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      link = g_new0 (FbLink, 1);
      link->device = g_strdup (device);
      link->device_seq = device_seq;
      *seq = sqlite3_column_int64 (stmt, 0);
      link->prev = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      link->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      rc = SQLITE_DONE;
    }
  sqlite3_reset (stmt);

  if (!fb_sqlite_check (&db->sql, rc, error))
    g_clear_pointer (&link, fb_link_free);
  return link;
}
