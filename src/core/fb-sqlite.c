/* fb-sqlite.c — what the store and the server share of SQLite
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cache of prepared statements, SQLite's result codes as errors in the
 * owner's words, and numbered schema steps applied up to a version.
 */

#define G_LOG_DOMAIN "fb-sqlite"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fb-error.h"
#include "fb-sqlite.h"

void
fb_sqlite_init (FbSqlite               *sql,
                const char             *path,
                const FbSqliteMessages *messages)
{
  g_return_if_fail (sql != NULL);
  g_return_if_fail (messages != NULL);

  sql->db = NULL;
  sql->path = g_strdup (path);
  sql->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) sqlite3_finalize);
  sql->messages = messages;
}

/* Opens (or makes) the file, and its folder, for reading and writing by
 * one thread at a time. */
gboolean
fb_sqlite_open (FbSqlite *sql,
                GError  **error)
{
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (sql != NULL && sql->db == NULL, FALSE);

  dir = g_path_get_dirname (sql->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  rc = sqlite3_open_v2 (sql->path, &sql->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FAILED, _("Cannot open “%s”: %s"),
                   sql->path, sql->db != NULL ? sqlite3_errmsg (sql->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_busy_timeout (sql->db, 5000);
  sqlite3_extended_result_codes (sql->db, TRUE);
  return TRUE;
}

/* Statements go before the connection, which cannot close while any is
 * left. */
void
fb_sqlite_clear (FbSqlite *sql)
{
  g_return_if_fail (sql != NULL);

  g_clear_pointer (&sql->stmts, g_hash_table_unref);
  g_clear_pointer (&sql->db, sqlite3_close_v2);
  g_clear_pointer (&sql->path, g_free);
}

/**
 * fb_sqlite_stmt:
 *
 * Returns: (transfer none) (nullable): @text prepared once and reset for
 *   another use; %NULL, with a warning, if it cannot be prepared
 */
sqlite3_stmt *
fb_sqlite_stmt (FbSqlite   *sql,
                const char *text)
{
  sqlite3_stmt *stmt;

  stmt = g_hash_table_lookup (sql->stmts, text);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (sql->db, text, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      /* Statements are written in this program; failing to prepare one is
       * a bug or a damaged schema, reported as the step failing. */
      g_warning ("Cannot prepare “%s”: %s", text, sqlite3_errmsg (sql->db));
      return NULL;
    }

  g_hash_table_insert (sql->stmts, g_strdup (text), stmt);
  return stmt;
}

gboolean
fb_sqlite_is_corruption (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* The messages are the owner's, marked for translation where written. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

gboolean
fb_sqlite_check (FbSqlite *sql,
                 int       rc,
                 GError  **error)
{
  const FbSqliteMessages *messages = sql->messages;

  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  if (fb_sqlite_is_corruption (rc))
    g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT, _(messages->damaged),
                 sql->path, sqlite3_errmsg (sql->db));
  else if ((rc & 0xff) == SQLITE_FULL)
    g_set_error (error, FB_ERROR, FB_ERROR_FAILED, _(messages->full), sql->path);
  else if ((rc & 0xff) == SQLITE_READONLY && messages->read_only != NULL)
    g_set_error (error, FB_ERROR, FB_ERROR_READ_ONLY, _(messages->read_only), sql->path);
  else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    g_set_error (error, FB_ERROR, FB_ERROR_BUSY, _(messages->failed),
                 sql->path, sqlite3_errmsg (sql->db));
  else
    g_set_error (error, FB_ERROR, FB_ERROR_FAILED, _(messages->failed),
                 sql->path, sqlite3_errmsg (sql->db));

  return FALSE;
}

#pragma GCC diagnostic pop

gboolean
fb_sqlite_exec (FbSqlite   *sql,
                const char *text,
                GError    **error)
{
  return fb_sqlite_check (sql, sqlite3_exec (sql->db, text, NULL, NULL, NULL), error);
}

void
fb_sqlite_rollback (FbSqlite *sql)
{
  sqlite3_exec (sql->db, "ROLLBACK", NULL, NULL, NULL);
}

gint64
fb_sqlite_query_int (FbSqlite   *sql,
                     const char *text,
                     gint64      fallback)
{
  sqlite3_stmt *stmt = fb_sqlite_stmt (sql, text);
  gint64 value = fallback;

  if (stmt == NULL)
    return fallback;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

/**
 * fb_sqlite_migrate:
 * @steps: (array length=n_steps): the script of each version, each taking
 *   the database from the one before it
 * @created: (nullable): what a new file needs besides its tables
 *
 * Brings the database from its user_version up to @n_steps. The steps run
 * in one transaction with the bumps of user_version, so a crash leaves the
 * old schema or the new one, never half of each.
 */
gboolean
fb_sqlite_migrate (FbSqlite            *sql,
                   const char * const  *steps,
                   guint                n_steps,
                   FbSqliteCreatedFunc  created,
                   gpointer             data,
                   GError             **error)
{
  gint64 version = fb_sqlite_query_int (sql, "PRAGMA user_version", 0);

  if (version == n_steps)
    return TRUE;

  if (!fb_sqlite_exec (sql, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (gint64 v = version + 1; v <= n_steps; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, v);

      if (!fb_sqlite_exec (sql, steps[v - 1], error) ||
          !fb_sqlite_exec (sql, bump, error))
        goto fail;
    }

  if (version == 0 && created != NULL && !created (sql, data, error))
    goto fail;

  if (fb_sqlite_exec (sql, "COMMIT", error))
    return TRUE;

fail:
  fb_sqlite_rollback (sql);
  return FALSE;
}
