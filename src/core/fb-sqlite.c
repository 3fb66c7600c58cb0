/* fb-sqlite.c — what the store and the server share of SQLite
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cache of prepared statements, SQLite's result codes as errors in the
 * owner's words, and numbered schema steps applied up to a version.
 */

#define G_LOG_DOMAIN "fb-sqlite"
/* renameat2 () and RENAME_NOREPLACE */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "fb-error.h"
#include "fb-sqlite.h"

/* Damage SQLite came across in this thread, counted from its log: a
 * statement whose result a caller does not look at (a lookup taken for
 * "no row") still counts. */
static _Thread_local guint64 damage_seen;

static void
on_sqlite_log_cb (void       *data,
                  int         code,
                  const char *message)
{
  if (fb_sqlite_is_corruption (code))
    damage_seen++;
}

static gpointer
listen_to_sqlite (gpointer data)
{
  /* Only possible before SQLite's first use in the process; without it a
   * write still fails on the codes its statements return. */
  if (sqlite3_config (SQLITE_CONFIG_LOG, on_sqlite_log_cb, NULL) != SQLITE_OK)
    g_debug ("SQLite was used before Firebreak: its reports of damage are not heard");
  return NULL;
}

/**
 * fb_sqlite_damage_seen:
 *
 * Returns: how often SQLite has come across damage in this thread: a
 *   write that begins and ends with different counts must not commit
 */
guint64
fb_sqlite_damage_seen (void)
{
  return damage_seen;
}

void
fb_sqlite_init (FbSqlite               *sql,
                const char             *path,
                const FbSqliteMessages *messages)
{
  static GOnce listening = G_ONCE_INIT;

  g_return_if_fail (sql != NULL);
  g_return_if_fail (messages != NULL);

  g_once (&listening, listen_to_sqlite, NULL);

  sql->db = NULL;
  sql->path = g_strdup (path);
  sql->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) sqlite3_finalize);
  sql->messages = messages;
  sql->checkpointer = NULL;
}

static gboolean
make_folder (const char *path,
             GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void remove_stale_creations (const char *path);

/* Opens the existing file for reading and writing by one thread at a
 * time; fb_sqlite_create () makes a new one. */
gboolean
fb_sqlite_open (FbSqlite *sql,
                GError  **error)
{
  int rc;

  g_return_val_if_fail (sql != NULL && sql->db == NULL, FALSE);

  rc = sqlite3_open_v2 (sql->path, &sql->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FAILED, _("Cannot open “%s”: %s"),
                   sql->path, sql->db != NULL ? sqlite3_errmsg (sql->db) : sqlite3_errstr (rc));
      g_clear_pointer (&sql->db, sqlite3_close_v2);
      return FALSE;
    }

  sqlite3_busy_timeout (sql->db, 5000);
  sqlite3_extended_result_codes (sql->db, TRUE);

  /* A creation killed after its file was linked into place, but before
   * its temporary name was removed, leaves that name beside the file. */
  remove_stale_creations (sql->path);
  return TRUE;
}

static void
remove_database_files (const char *path)
{
  static const char * const suffixes[] = { "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);
      g_unlink (side);
    }
  g_unlink (path);
}

/* A creation killed before its file was moved into place leaves its
 * temporary file behind, named after the process that made it. */
static void
remove_stale_creations (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (".", base, ".new-", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *stale = NULL;
      guint64 pid;
      char *end = NULL;

      if (!g_str_has_prefix (name, prefix))
        continue;
      pid = g_ascii_strtoull (name + strlen (prefix), &end, 10);
      if (end == NULL || *end != '-' || pid == 0 || pid > G_MAXINT ||
          (pid_t) pid == getpid () ||
          kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;

      /* Its journal may be all that is left of it. */
      for (end++; g_ascii_isdigit (*end); end++)
        ;
      stale = g_build_filename (dir, name, NULL);
      stale[strlen (stale) - strlen (end)] = '\0';
      remove_database_files (stale);
    }
}

static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  fsync (fd);
  close (fd);
}

/* Puts @from at @to unless something is already there. */
static int
place_new_file (const char *from,
                const char *to)
{
  if (link (from, to) == 0)
    return 0;
  if (errno == EEXIST)
    return EEXIST;

  /* Some file systems have no hard links. */
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  return errno;
}

/**
 * fb_sqlite_create:
 * @steps: (array length=n_steps): as for fb_sqlite_migrate ()
 * @created: (nullable): what a new file needs besides its tables
 *
 * Makes a new database at the path given to fb_sqlite_init () where no
 * file is, whole or not at all: it is built under a temporary name in the
 * same folder, in one transaction, and linked into place only when
 * complete, so that a creation killed at any moment leaves either nothing
 * or a database that opens. If another process put a file there first,
 * that file is left to the caller's checks and %TRUE returned.
 */
gboolean
fb_sqlite_create (FbSqlite            *sql,
                  const char * const  *steps,
                  guint                n_steps,
                  FbSqliteCreatedFunc  created,
                  gpointer             data,
                  GError             **error)
{
  static gint counter;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *temp = NULL;
  gboolean ok;
  int rc, saved;

  g_return_val_if_fail (sql != NULL && sql->db == NULL, FALSE);

  if (!make_folder (sql->path, error))
    return FALSE;
  if (!fb_sqlite_can_write (sql->path))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_READ_ONLY,
                   _("Cannot create “%s”: its folder is on a read-only disk or may not be written "
                     "to. Choose another place for it."), sql->path);
      return FALSE;
    }
  remove_stale_creations (sql->path);

  dir = g_path_get_dirname (sql->path);
  base = g_path_get_basename (sql->path);
  name = g_strdup_printf (".%s.new-%d-%d", base, (int) getpid (), g_atomic_int_add (&counter, 1));
  temp = g_build_filename (dir, name, NULL);
  remove_database_files (temp);

  rc = sqlite3_open_v2 (temp, &sql->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (sql->db, TRUE);
      ok = fb_sqlite_exec (sql, "PRAGMA synchronous = FULL", error) &&
           fb_sqlite_migrate (sql, steps, n_steps, created, data, error);
    }
  else
    ok = fb_sqlite_check (sql, rc, error);

  g_hash_table_remove_all (sql->stmts);
  g_clear_pointer (&sql->db, sqlite3_close_v2);

  if (!ok)
    {
      remove_database_files (temp);
      return FALSE;
    }

  saved = place_new_file (temp, sql->path);
  remove_database_files (temp);
  if (saved != 0 && saved != EEXIST)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot open “%s”: %s"), sql->path, g_strerror (saved));
      return FALSE;
    }

  sync_folder (sql->path);
  return TRUE;
}

/* Statements go before the connection, which cannot close while any is
 * left. */
void
fb_sqlite_clear (FbSqlite *sql)
{
  g_return_if_fail (sql != NULL);

  _fb_sqlite_end_copies (sql);
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
  else if ((rc & 0xff) == SQLITE_FULL ||
           /* A write to the journal's index or a sync that found no room
            * says only "disk I/O error". */
           ((rc & 0xff) == SQLITE_IOERR && sqlite3_system_errno (sql->db) == ENOSPC))
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

static gboolean
has_journal (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  GStatBuf st;

  return (g_stat (wal, &st) == 0 && st.st_size > 0) ||
         (g_stat (journal, &st) == 0 && st.st_size > 0);
}

static gboolean
is_busy (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* Why a file could not be read, as the end of its owner's sentence. */
static void
set_unreadable (GError    **error,
                sqlite3    *db,
                int         rc)
{
  if ((rc & 0xff) == SQLITE_NOTADB)
    g_set_error_literal (error, FB_ERROR, FB_ERROR_CORRUPT,
                         _("it is not a Firebreak database (not an SQLite file, or damaged at its start)."));
  else if (fb_sqlite_is_corruption (rc))
    g_set_error_literal (error, FB_ERROR, FB_ERROR_CORRUPT, _("the file is damaged."));
  else if (is_busy (rc))
    g_set_error_literal (error, FB_ERROR, FB_ERROR_BUSY,
                         _("another program kept it busy for too long. Try again."));
  else
    g_set_error_literal (error, FB_ERROR, FB_ERROR_FAILED,
                         db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
}

/* Only SQLite itself may open the file: POSIX locks belong to the
 * process, so closing any other descriptor on it would drop the locks
 * this process's connections hold, and another program would then take
 * itself for the last user and delete a journal still in use. A writer
 * elsewhere is waited for as long as the main connection would. */
static sqlite3 *
open_read_only (const char *path,
                GError    **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);

  /* Opening reads nothing yet: the first read tells. */
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      rc = sqlite3_exec (db, "PRAGMA schema_version", NULL, NULL, NULL);
    }

  /* A file in WAL mode on a read-only disk or in a folder we may not
   * write has no shared index for its readers; with no journal left
   * beside it nobody is writing, and it can be read as it lies. */
  if (((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY) && !has_journal (path))
    {
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
      g_autofree char *immutable = g_strconcat (uri, "?immutable=1", NULL);

      sqlite3_close_v2 (db);
      db = NULL;
      rc = sqlite3_open_v2 (immutable, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    }

  if (rc != SQLITE_OK)
    {
      set_unreadable (error, db, rc);
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  sqlite3_extended_result_codes (db, TRUE);
  return db;
}

/**
 * fb_sqlite_can_write:
 *
 * Returns: whether this process may change the file at @path: the file
 *   and its folder, where the journal goes, writable on a disk that is
 *   not read-only
 */
gboolean
fb_sqlite_can_write (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct statvfs fs;

  if (statvfs (dir, &fs) == 0 && (fs.f_flag & ST_RDONLY))
    return FALSE;
  return g_access (dir, W_OK) == 0 &&
         (g_access (path, W_OK) == 0 || errno == ENOENT);
}

/**
 * fb_sqlite_open_read_only:
 *
 * Opens the existing file for reading only, as it lies on a read-only
 * disk or in a folder this process may not write.
 */
gboolean
fb_sqlite_open_read_only (FbSqlite *sql,
                          GError  **error)
{
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (sql != NULL && sql->db == NULL, FALSE);

  sql->db = open_read_only (sql->path, &local);
  if (sql->db == NULL)
    {
      g_set_error (error, FB_ERROR, local->code, _("Cannot open “%s”: %s"), sql->path, local->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * fb_sqlite_probe:
 * @version: (out): the file's schema version
 *
 * Reads an existing file's marks without writing a byte of it, so that
 * its owner can refuse a foreign, newer or empty file before anything
 * could change it. A file of no bytes is read by nothing at all: making
 * a new database there would give it a new identity, and hide that the
 * one it was meant to hold is gone.
 *
 * Returns: %FALSE, with the end of a sentence ("the file is damaged.") as
 *   @error's message, if the file cannot be read or is not @owner's
 */
gboolean
fb_sqlite_probe (const char          *path,
                 const FbSqliteOwner *owner,
                 gint64              *version,
                 GError             **error)
{
  GStatBuf st;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 app_id = 0, n_tables = 0;
  int rc;

  *version = 0;
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size == 0)
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_CORRUPT, _(owner->empty));
      return FALSE;
    }

  db = open_read_only (path, error);
  if (db == NULL)
    return FALSE;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT (SELECT application_id FROM pragma_application_id),"
                           "       (SELECT user_version FROM pragma_user_version),"
                           "       (SELECT count(*) FROM sqlite_master)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      app_id = sqlite3_column_int64 (stmt, 0);
      *version = sqlite3_column_int64 (stmt, 1);
      n_tables = sqlite3_column_int64 (stmt, 2);
    }
  else
    set_unreadable (error, db, rc == SQLITE_OK ? sqlite3_errcode (db) : rc);

  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);

  if (rc != SQLITE_ROW)
    return FALSE;
  if (n_tables == 0)
    g_set_error_literal (error, FB_ERROR, FB_ERROR_CORRUPT, _(owner->empty));
  else if (app_id != owner->app_id)
    g_set_error_literal (error, FB_ERROR, FB_ERROR_CORRUPT, _(owner->foreign));
  else if (*version > owner->version)
    g_set_error_literal (error, FB_ERROR, FB_ERROR_NEWER_SCHEMA, _(owner->newer));
  else
    return TRUE;
  return FALSE;
}

/**
 * fb_sqlite_check_file:
 * @full: %PRAGMA integrity_check, which also compares every index with
 *   its table, rather than %PRAGMA quick_check
 *
 * Reads every page of the file through its own read-only connection.
 *
 * Returns: %FALSE, with %FB_ERROR_CORRUPT if the file is damaged or
 *   another code if it could not be read (%FB_ERROR_BUSY while another
 *   program holds it too long), and the end of a sentence as message
 */
gboolean
fb_sqlite_check_file (const char *path,
                      gboolean    full,
                      GError    **error)
{
  return fb_sqlite_check_file_until (path, full, NULL, error);
}

static int
on_check_progress_cb (void *data)
{
  return g_atomic_int_get ((const gint *) data);
}

/**
 * fb_sqlite_check_file_until:
 * @stop: (nullable): set, from another thread, to end the check early
 *
 * As fb_sqlite_check_file(). A check ended by @stop returns %FALSE with
 * %G_IO_ERROR_CANCELLED.
 */
gboolean
fb_sqlite_check_file_until (const char *path,
                            gboolean    full,
                            const gint *stop,
                            GError    **error)
{
  sqlite3 *db = open_read_only (path, error);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (db == NULL)
    return FALSE;

  if (stop != NULL)
    sqlite3_progress_handler (db, 1000, on_check_progress_cb, (void *) stop);

  rc = sqlite3_prepare_v2 (db, full ? "PRAGMA integrity_check(1)" : "PRAGMA quick_check(1)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *answer = (const char *) sqlite3_column_text (stmt, 0);

      /* SQLite's own words name the table or index, for whoever repairs
       * it. */
      if (g_strcmp0 (answer, "ok") != 0)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                       _("the file is damaged (SQLite’s check found: %s)."), answer);
          rc = SQLITE_CORRUPT;
        }
    }
  else if (rc == SQLITE_INTERRUPT && stop != NULL && g_atomic_int_get (stop))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The check of the file was stopped."));
  else
    set_unreadable (error, db, rc == SQLITE_OK ? sqlite3_errcode (db) : rc);

  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return rc == SQLITE_ROW;
}
