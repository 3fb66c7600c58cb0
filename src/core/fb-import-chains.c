/* fb-import-chains.c — the chains of an imported file, checked end to end
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every device's chain, the file's ops and links together, must run from
 * 1 without a gap, each naming the hash before it. A file lists its ops
 * in the exporter's log order, which is not always each device's (ops
 * pulled out of order), and its links after them, so the places are
 * sorted before they are compared. A million of them do not stay in
 * memory: they go into a private temporary database, which SQLite keeps
 * in its page cache and spills to a file beside the others it makes, and
 * are compared in one query in each device's order.
 */

#define G_LOG_DOMAIN "fb-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "fb-error.h"
#include "fb-import-private.h"

struct _FbImportChains
{
  sqlite3      *db;
  sqlite3_stmt *insert;
};

static gboolean
failed (FbImportChains *self,
        GError        **error)
{
  /* sqlite3_errmsg () of no connection is "out of memory". */
  g_set_error (error, FB_ERROR, FB_ERROR_FAILED, _("The changes’ order could not be checked in a temporary file: %s"),
               sqlite3_errmsg (self->db));
  return FALSE;
}

FbImportChains *
_fb_import_chains_new (GError **error)
{
  g_autoptr(FbImportChains) self = g_new0 (FbImportChains, 1);

  /* An empty name: a database of this connection's own, deleted when it
   * closes, on disk only once its cache is full. */
  if (sqlite3_open_v2 ("", &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      sqlite3_exec (self->db,
                    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192;"
                    "CREATE TABLE places (device TEXT NOT NULL, seq INTEGER NOT NULL, prev TEXT NOT NULL,"
                    " hash TEXT NOT NULL); BEGIN",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "INSERT INTO places VALUES (?, ?, ?, ?)", -1, &self->insert, NULL) != SQLITE_OK)
    {
      failed (self, error);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
_fb_import_chains_free (FbImportChains *self)
{
  sqlite3_finalize (self->insert);
  sqlite3_close (self->db);
  g_free (self);
}

gboolean
_fb_import_chains_add (FbImportChains *self,
                       const char     *device,
                       gint64          seq,
                       const char     *prev,
                       const char     *hash,
                       GError        **error)
{
  int rc;

  sqlite3_bind_text (self->insert, 1, device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (self->insert, 2, seq);
  sqlite3_bind_text (self->insert, 3, prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->insert, 4, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->insert);
  sqlite3_reset (self->insert);
  sqlite3_clear_bindings (self->insert);

  return rc == SQLITE_DONE || failed (self, error);
}

/**
 * _fb_import_chains_check:
 * @device: (out): where a chain is broken, the device's
 * @number: (out): and the number in it, counted from 1
 *
 * Returns: %FALSE with @error if the places could not be compared; else
 *   %TRUE, with *@device %NULL when every chain is whole
 */
gboolean
_fb_import_chains_check (FbImportChains *self,
                         char          **device,
                         gint64         *number,
                         GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *device = NULL;
  *number = 0;

  /* The n-th place of a device's chain must be number n and name the
   * hash of the one before, or "" for the first. */
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT device, n FROM (SELECT device, seq, prev,"
                          " lag (hash, 1, '') OVER w AS before, row_number () OVER w AS n FROM places"
                          " WINDOW w AS (PARTITION BY device ORDER BY seq))"
                          " WHERE seq != n OR prev != before LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return failed (self, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *device = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *number = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);

  return rc == SQLITE_ROW || rc == SQLITE_DONE || failed (self, error);
}
