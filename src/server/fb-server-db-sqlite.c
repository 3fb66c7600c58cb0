/* fb-server-db-sqlite.c — the server's database in one SQLite file
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The embedded default: one server process on one file, through the same
 * helper as the store (src/core/fb-sqlite.c).
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "fb-server-db-private.h"
#include "fb-sqlite.h"

#define SERVER_APPLICATION_ID 0x46425331 /* "FBS1" */
#define SERVER_SCHEMA_VERSION 3

typedef struct
{
  FbServerDb parent;
  FbSqlite   sql;
} FbServerDbSqlite;

static const FbSqliteMessages server_messages = {
  N_("The server database “%s” is damaged (%s); restore it from a backup."),
  N_("The disk holding “%s” is full; nothing was stored."),
  NULL,
  N_("The server database “%s” reported an error: %s"),
};

/* 2: links, the hash-only places of a device's chain whose ops the
 * server was never sent: an incident imported from a laptop that recorded
 * others before it arrives with links for those, and clients pulling it
 * receive them too. */
#define LINKS_SQL \
  "CREATE TABLE links (" \
  "  device TEXT NOT NULL, device_seq INTEGER NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL," \
  "  PRIMARY KEY (device, device_seq)) WITHOUT ROWID;"

/* Each version's script takes the database from the one before it. */
static const char * const schema_steps[] = {
  /* 1 */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE ops ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id TEXT NOT NULL UNIQUE,"
  "  device TEXT NOT NULL,"
  "  device_seq INTEGER NOT NULL,"
  "  hash TEXT NOT NULL,"
  "  op TEXT NOT NULL,"
  "  user TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  UNIQUE (device, device_seq));"
  "CREATE TABLE tokens ("
  "  name TEXT PRIMARY KEY,"
  "  digest TEXT NOT NULL UNIQUE,"
  "  read_only INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  revoked_at INTEGER NOT NULL DEFAULT 0);",

  /* 2 */
  LINKS_SQL,

  /* 3: need-to-know incidents. Each op's incident and prev, so that a
   * pull can send a hash-only link in its place; the groups of users;
   * and per incident the body of its latest incident.restrict, with the
   * (hlc, device) stamp that orders them. */
  "ALTER TABLE ops ADD COLUMN incident TEXT;"
  "ALTER TABLE ops ADD COLUMN prev TEXT NOT NULL DEFAULT '';"
  "UPDATE ops SET incident = json_extract (op, '$.incident'), prev = json_extract (op, '$.prev');"
  "CREATE TABLE groups (name TEXT NOT NULL, member TEXT NOT NULL,"
  "  PRIMARY KEY (name, member)) WITHOUT ROWID;"
  "CREATE TABLE restrictions (incident TEXT PRIMARY KEY, stamp TEXT NOT NULL,"
  "  body TEXT NOT NULL) WITHOUT ROWID;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (schema_steps) == SERVER_SCHEMA_VERSION);

/* Statements -------------------------------------------------------------- */

static gboolean
run (FbServerDb         *db,
     FbQuery             query,
     const char * const *params,
     guint               n_params,
     FbRows             *rows,
     GError            **error)
{
  FbServerDbSqlite *self = (FbServerDbSqlite *) db;
  sqlite3_stmt *stmt = fb_sqlite_stmt (&self->sql, _fb_server_db_sql[query]);
  int rc;

  /* Every statement is written in fb-server-db.c: failing to prepare one
   * means the schema is not ours, which opening has already ruled out. */
  if (stmt == NULL)
    g_error ("Cannot prepare “%s”: %s", _fb_server_db_sql[query], sqlite3_errmsg (self->sql.db));

  /* $1, $2 … are names to SQLite, numbered in the order they first
   * appear: each is bound by its name. Every value is text, which an
   * INTEGER column stored into or compared with takes as a number. */
  for (guint i = 0; i < n_params; i++)
    {
      char name[16];
      int index;

      g_snprintf (name, sizeof name, "$%u", i + 1);
      index = sqlite3_bind_parameter_index (stmt, name);
      if (index == 0)
        continue;
      if (params[i] != NULL)
        sqlite3_bind_text (stmt, index, params[i], -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, index);
    }

  rows->n_columns = (guint) sqlite3_column_count (stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (guint c = 0; c < rows->n_columns; c++)
      _fb_rows_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, (int) c)));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      rows->conflict = TRUE;
      return TRUE;
    }
  rows->changes = sqlite3_changes (self->sql.db);

  /* A read that fails (a damaged page under the lookup) fails the push:
   * a row it could not see is not a row that is absent. */
  return fb_sqlite_check (&self->sql, rc, error);
}

static gboolean
begin (FbServerDb *db,
       FbTx        tx,
       GError    **error)
{
  FbServerDbSqlite *self = (FbServerDbSqlite *) db;

  /* One writer at a time takes the file's lock at once, so the checks
   * and the numbers of a push see no other writer. */
  return fb_sqlite_exec (&self->sql, tx == FB_TX_READ ? "BEGIN" : "BEGIN IMMEDIATE", error);
}

static gboolean
commit (FbServerDb *db,
        GError    **error)
{
  return fb_sqlite_exec (&((FbServerDbSqlite *) db)->sql, "COMMIT", error);
}

static void
rollback (FbServerDb *db)
{
  fb_sqlite_rollback (&((FbServerDbSqlite *) db)->sql);
}

static void
free_sqlite (FbServerDb *db)
{
  FbServerDbSqlite *self = (FbServerDbSqlite *) db;

  fb_sqlite_clear (&self->sql);
  g_free (self);
}

static const FbServerDbBackend sqlite_backend = {
  free_sqlite, run, begin, commit, rollback, NULL, NULL, NULL,
};

/* Opening ---------------------------------------------------------------- */

/* A new server gets a new identity, so that clients that knew another
 * one (or this file's older self) resend what it may lack. */
static gboolean
create_identity (FbSqlite  *sql,
                 gpointer   data,
                 GError   **error)
{
  g_autofree char *server_id = fb_uuid_new ();
  g_autofree char *pragma = g_strdup_printf ("PRAGMA application_id = %d", SERVER_APPLICATION_ID);
  sqlite3_stmt *stmt;
  int rc;

  if (!fb_sqlite_exec (sql, pragma, error))
    return FALSE;

  stmt = fb_sqlite_stmt (sql, "INSERT INTO meta (key, value) VALUES ('server_id', ?)");
  if (stmt == NULL)
    return fb_sqlite_check (sql, sqlite3_errcode (sql->db), error);
  sqlite3_bind_text (stmt, 1, server_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return fb_sqlite_check (sql, rc, error);
}

static gboolean
refuse (GError    **error,
        FbError     code,
        const char *path,
        const char *why)
{
  g_set_error (error, FB_ERROR, code,
               _("Cannot use the server database “%s”: %s It was left exactly as it was."),
               path, why);
  return FALSE;
}

/* Decides on a file before anything writes to it, not even the switch
 * to WAL, which changes its header. A damaged file is refused at start
 * rather than found in the middle of a push. */
static gboolean
probe_existing (const char *path,
                GError    **error)
{
  /* A new database would have a new identity, and every client's token
   * and cursor would be refused against it. */
  static const FbSqliteOwner owner = {
    SERVER_APPLICATION_ID,
    SERVER_SCHEMA_VERSION,
    N_("the file is empty. Delete it to start a new server database there "
       "(every client must then be given a new token), or restore it from a backup."),
    N_("it is not a Firebreak server database (perhaps a workstation’s "
       "database or another program’s)."),
    N_("it was written by a newer firebreak-server; update this one."),
  };
  g_autoptr(GError) local = NULL;
  gint64 version;

  if (!fb_sqlite_probe (path, &owner, &version, &local))
    return refuse (error, local->code, path, local->message);

  if (!fb_sqlite_check_file (path, TRUE, &local))
    return refuse (error, local->code, path, local->message);

  return TRUE;
}

FbServerDb *
_fb_server_db_open_sqlite (const char *path,
                           GError    **error)
{
  FbServerDbSqlite *self = g_new0 (FbServerDbSqlite, 1);
  g_autoptr(FbServerDb) db = (FbServerDb *) self;
  g_auto(FbRows) rows = { 0 };

  db->backend = &sqlite_backend;
  db->location = g_strdup (path);
  fb_sqlite_init (&self->sql, path, &server_messages);

  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      !fb_sqlite_create (&self->sql, schema_steps, G_N_ELEMENTS (schema_steps),
                         create_identity, db, error))
    return NULL;

  if (!probe_existing (path, error) ||
      !fb_sqlite_open (&self->sql, error))
    return NULL;

  /* A push that finds another process holding the lock is answered "busy,
   * come back" within a quarter of a second rather than keeping every
   * other client waiting behind it. */
  sqlite3_busy_timeout (self->sql.db, 250);

  /* An answer of "accepted" is a promise: synchronous=FULL makes the
   * commit durable before the answer leaves, even against power loss. */
  if (!fb_sqlite_exec (&self->sql, "PRAGMA journal_mode = WAL", error) ||
      !fb_sqlite_exec (&self->sql, "PRAGMA synchronous = FULL", error))
    {
      g_prefix_error (error, _("Cannot use “%s”: "), path);
      return NULL;
    }

  if (!fb_sqlite_migrate (&self->sql, schema_steps, G_N_ELEMENTS (schema_steps),
                          create_identity, db, error))
    return NULL;
  /* Copying the log into the file here would keep every client waiting.
   * The copies stay as small as SQLite's own (1,000 pages): each copy's
   * sync of the file holds up the syncs of the pushes meanwhile. */
  fb_sqlite_copy_log_beside (&self->sql, 1000);

  if (!_fb_server_db_run (db, FB_Q_GET_META, &rows, error, 1, "server_id"))
    return NULL;
  if (_fb_rows_count (&rows) == 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                   _("The server database “%s” has lost its identity; restore it from a backup."),
                   path);
      return NULL;
    }
  db->server_id = g_strdup (_fb_rows_text (&rows, 0, 0));

  return g_steal_pointer (&db);
}
