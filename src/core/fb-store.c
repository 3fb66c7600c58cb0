/* fb-store.c — opening the database, its schema and its change signals
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fb-error.h"
#include "fb-op-kinds-private.h"

G_DEFINE_FINAL_TYPE (FbStore, fb_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_DEVICE_ID,
  PROP_AUTHOR,
  N_PROPS
};

enum {
  CHANGED,
  DAMAGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Each version's script takes the database from the one before it. A
 * migration runs in the same transaction as the bump of user_version, so a
 * crash leaves the old schema or the new one, never half of each. */
static const char *schema_scripts[] = {
  /* 1 */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE ops ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  device TEXT NOT NULL,"
  "  device_seq INTEGER NOT NULL,"
  "  prev TEXT NOT NULL,"
  "  hash TEXT NOT NULL,"
  "  hlc TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  incident TEXT,"
  "  entity TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  UNIQUE (device, device_seq));"
  "CREATE TABLE clocks ("
  "  entity TEXT NOT NULL, field TEXT NOT NULL, stamp TEXT NOT NULL, value TEXT NOT NULL,"
  "  PRIMARY KEY (entity, field)) WITHOUT ROWID;"
  "CREATE TABLE incidents ("
  "  id TEXT PRIMARY KEY,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  kind TEXT NOT NULL DEFAULT 'generic',"
  "  severity INTEGER NOT NULL DEFAULT 3,"
  "  status TEXT NOT NULL DEFAULT 'open',"
  "  phase TEXT NOT NULL DEFAULT 'detection',"
  "  detected_at INTEGER NOT NULL DEFAULT 0,"
  "  declared_at INTEGER NOT NULL DEFAULT 0,"
  "  contained_at INTEGER NOT NULL DEFAULT 0,"
  "  resolved_at INTEGER NOT NULL DEFAULT 0,"
  "  containment_target_min INTEGER NOT NULL DEFAULT 60,"
  "  drill INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE entries ("
  "  id TEXT PRIMARY KEY,"
  "  incident TEXT NOT NULL,"
  "  occurred_at INTEGER NOT NULL,"
  "  recorded_at INTEGER NOT NULL,"
  "  hlc TEXT NOT NULL,"
  "  device TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  pinned INTEGER NOT NULL DEFAULT 0,"
  "  amends TEXT,"
  "  data TEXT,"
  "  op TEXT NOT NULL);"
  "CREATE INDEX entries_order ON entries (incident, occurred_at, hlc, id);"
  "CREATE INDEX entries_amends ON entries (amends) WHERE amends IS NOT NULL;"
  "CREATE TABLE roles ("
  "  incident TEXT NOT NULL, role TEXT NOT NULL, person TEXT NOT NULL, contact TEXT,"
  "  assigned_at INTEGER NOT NULL,"
  "  PRIMARY KEY (incident, role)) WITHOUT ROWID;"
  "CREATE TABLE workers ("
  "  id TEXT PRIMARY KEY,"
  "  incident TEXT NOT NULL,"
  "  person TEXT NOT NULL DEFAULT '',"
  "  status TEXT NOT NULL DEFAULT 'investigating',"
  "  task TEXT NOT NULL DEFAULT '',"
  "  contact TEXT);"
  "CREATE INDEX workers_incident ON workers (incident);"
  "CREATE TABLE contacts ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  organisation TEXT NOT NULL DEFAULT '',"
  "  title TEXT NOT NULL DEFAULT '',"
  "  category TEXT NOT NULL DEFAULT 'other',"
  "  tier INTEGER NOT NULL DEFAULT 0,"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  email TEXT NOT NULL DEFAULT '',"
  "  chat TEXT NOT NULL DEFAULT '',"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  example INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE checklist ("
  "  id TEXT PRIMARY KEY,"
  "  incident TEXT NOT NULL,"
  "  section TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  playbook_item TEXT NOT NULL DEFAULT '',"
  "  state TEXT NOT NULL DEFAULT 'todo',"
  "  assignee TEXT NOT NULL DEFAULT '',"
  "  due_at INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  done_at INTEGER NOT NULL DEFAULT 0,"
  "  done_by TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX checklist_incident ON checklist (incident, section, position);",

  /* 2: incident summaries for the report, and full-text search. The
   * trigram tokenizer finds words inside Japanese text, which has no
   * spaces for a word tokenizer to split on; searches are LIKE patterns,
   * which it answers without positions, so detail=none keeps the index
   * (and every insert) small. */
  "ALTER TABLE incidents ADD COLUMN summary TEXT NOT NULL DEFAULT '';"
  "CREATE VIRTUAL TABLE entries_fts USING fts5 ("
  "  text, content='entries', content_rowid='rowid', tokenize='trigram', detail='none');"
  "INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');",

  /* 3: links stand in for ops this store does not hold (another
   * incident's, on an imported file): device, number and hashes only, so
   * that a device's chain can be checked end to end without them. */
  "CREATE TABLE links ("
  "  device TEXT NOT NULL, device_seq INTEGER NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL,"
  "  PRIMARY KEY (device, device_seq)) WITHOUT ROWID;",

  /* 4: the overview's pinned facts, without reading the whole timeline. */
  "CREATE INDEX entries_pinned ON entries (incident, occurred_at, hlc, id) WHERE pinned;",

  /* 5: one kind of an incident's entries (the decisions, a kind filter on
   * the timeline) without reading all of them; and the escalations that
   * carry data, which are the contacts logged, for whom has been told. */
  "CREATE INDEX entries_kind ON entries (incident, kind, occurred_at, hlc, id);"
  "CREATE INDEX entries_contact_logs ON entries (incident, occurred_at, hlc, id)"
  "  WHERE kind = 'escalation' AND data IS NOT NULL;",

  /* 6: a worker taken off the board (worker.remove) stays in the record,
   * marked. */
  "ALTER TABLE workers ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (schema_scripts) == FB_STORE_SCHEMA_VERSION);

const char *
_fb_store_schema_sql (guint version)
{
  g_return_val_if_fail (version >= 1 && version <= FB_STORE_SCHEMA_VERSION, NULL);

  return schema_scripts[version - 1];
}

/* SQLite plumbing -------------------------------------------------------- */

static gboolean
is_corruption (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

gboolean
_fb_store_check (FbStore *self,
                 int      rc,
                 GError **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  if (is_corruption (rc))
    g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                 _("The database “%s” is damaged (%s). Firebreak will not write to it; "
                   "restore it from a backup or sync it again from the server."),
                 self->path, sqlite3_errmsg (self->db));
  else if ((rc & 0xff) == SQLITE_FULL)
    g_set_error (error, FB_ERROR, FB_ERROR_FAILED,
                 _("The disk holding “%s” is full; nothing was saved. Free some space and try again."),
                 self->path);
  else if ((rc & 0xff) == SQLITE_READONLY)
    g_set_error (error, FB_ERROR, FB_ERROR_READ_ONLY,
                 _("The database “%s” cannot be written to; check its permissions."),
                 self->path);
  else
    g_set_error (error, FB_ERROR, FB_ERROR_FAILED,
                 _("The database “%s” reported an error: %s"),
                 self->path, sqlite3_errmsg (self->db));

  return FALSE;
}

sqlite3_stmt *
_fb_store_stmt (FbStore    *self,
                const char *sql)
{
  sqlite3_stmt *stmt;

  stmt = g_hash_table_lookup (self->stmts, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      /* Statements are written in this program; failing to prepare one is
       * a bug or a damaged schema, reported as the step failing. */
      g_warning ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      return NULL;
    }

  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_fb_store_exec (FbStore    *self,
                const char *sql,
                GError    **error)
{
  return _fb_store_check (self, sqlite3_exec (self->db, sql, NULL, NULL, NULL), error);
}

static gint64
query_int (FbStore    *self,
           const char *sql,
           gint64      fallback)
{
  sqlite3_stmt *stmt = _fb_store_stmt (self, sql);
  gint64 value = fallback;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);

  if (stmt != NULL)
    sqlite3_reset (stmt);

  return value;
}

/* Meta ------------------------------------------------------------------ */

char *
fb_store_get_meta (FbStore    *self,
                   const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT value FROM meta WHERE key = ?");
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = _fb_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

gboolean
fb_store_set_meta (FbStore    *self,
                   const char *key,
                   const char *value,
                   GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!_fb_store_writable (self, error))
    return FALSE;

  if (value == NULL)
    {
      stmt = _fb_store_stmt (self, "DELETE FROM meta WHERE key = ?");
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
    }
  else
    {
      stmt = _fb_store_stmt (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
    }

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return _fb_store_check (self, rc, error);
}

/* Announcing changes -----------------------------------------------------
 *
 * Whoever wrote them (this store, another store on the same file, another
 * process), new ops are announced from the op log itself, so every view
 * hears of every change the same way. */

void
_fb_store_announce (FbStore      *self,
                    FbChangeFlags extra)
{
  g_autoptr(GHashTable) changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key, value;
  FbChangeFlags global = extra;

  stmt = _fb_store_stmt (self, "SELECT seq, type, incident FROM ops WHERE seq > ? ORDER BY seq");
  if (stmt == NULL)
    return;

  sqlite3_bind_int64 (stmt, 1, self->seen_seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const FbOpKindInfo *info = _fb_op_kind_lookup (_fb_column_text (stmt, 1));
      FbChangeFlags flags = info != NULL ? info->changes : 0;
      const char *incident = (const char *) sqlite3_column_text (stmt, 2);

      self->seen_seq = sqlite3_column_int64 (stmt, 0);

      if (incident == NULL)
        global |= flags;
      else
        {
          FbChangeFlags old = GPOINTER_TO_UINT (g_hash_table_lookup (changes, incident));
          g_hash_table_replace (changes, g_strdup (incident), GUINT_TO_POINTER (old | flags));
        }
    }
  sqlite3_reset (stmt);

  if (global != 0)
    g_signal_emit (self, signals[CHANGED], 0, global, NULL);

  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_signal_emit (self, signals[CHANGED], 0, GPOINTER_TO_UINT (value) | extra, key);
}

static void
on_file_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    FbStore           *self)
{
  gint64 version;

  if (event != G_FILE_MONITOR_EVENT_CHANGED && event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT)
    return;

  /* data_version moves only when another connection commits, so our own
   * writes (already announced) cost one cheap pragma here. */
  version = query_int (self, "PRAGMA data_version", self->data_version);
  if (version == self->data_version)
    return;

  self->data_version = version;
  _fb_store_announce (self, FB_CHANGE_OUTBOX);
}

static void
watch_file (FbStore *self)
{
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (self->path, suffixes[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (name);

      self->monitors[i] = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, NULL);
      if (self->monitors[i] == NULL)
        continue;

      g_file_monitor_set_rate_limit (self->monitors[i], 50);
      g_signal_connect_object (self->monitors[i], "changed",
                               G_CALLBACK (on_file_changed_cb), self, 0);
    }
}

/* Opening ---------------------------------------------------------------- */

static gboolean
refuse (GError    **error,
        FbError     code,
        const char *path,
        const char *why)
{
  g_set_error (error, FB_ERROR, code,
               _("Cannot open “%s”: %s It was left exactly as it was."),
               path, why);
  return FALSE;
}

/* Looks at an existing file without writing a byte of it, so that a
 * damaged or foreign file is refused before anything could change it.
 *
 * Only SQLite itself may open the file: POSIX locks belong to the process,
 * so closing any other descriptor on it would drop the locks this
 * process's connections hold, and another program would then take itself
 * for the last user and delete a journal still in use. */
/* Reads every page of the file through its own read-only connection; an
 * unreadable or inconsistent page fails it. */
static gboolean
quick_check (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  ok = rc == SQLITE_ROW && g_str_equal (_fb_column_text (stmt, 0), "ok");

  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return ok;
}

static gboolean
probe_existing (const char *path,
                gboolean    check_now,
                gint64     *version_out,
                GError    **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 app_id = 0, version = 0, n_tables = 0;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      refuse (error, FB_ERROR_FAILED, path, sqlite3_errstr (rc));
      goto out;
    }

  rc = sqlite3_prepare_v2 (db,
                           "SELECT (SELECT application_id FROM pragma_application_id),"
                           "       (SELECT user_version FROM pragma_user_version),"
                           "       (SELECT count(*) FROM sqlite_master)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      rc = rc == SQLITE_OK ? sqlite3_errcode (db) : rc;
      if ((rc & 0xff) == SQLITE_NOTADB)
        refuse (error, FB_ERROR_CORRUPT, path,
                _("it is not a Firebreak database (not an SQLite file, or damaged at its start)."));
      else
        refuse (error, FB_ERROR_CORRUPT, path, is_corruption (rc) ?
                _("the file is damaged.") : sqlite3_errmsg (db));
      goto out;
    }

  app_id = sqlite3_column_int64 (stmt, 0);
  version = sqlite3_column_int64 (stmt, 1);
  n_tables = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (app_id != FB_STORE_APPLICATION_ID && !(app_id == 0 && n_tables == 0))
    {
      refuse (error, FB_ERROR_CORRUPT, path,
              _("it is an SQLite database of another program, not of Firebreak."));
      goto out;
    }

  if (version > FB_STORE_SCHEMA_VERSION)
    {
      refuse (error, FB_ERROR_NEWER_SCHEMA, path,
              _("it was written by a newer version of Firebreak. Update Firebreak to open it."));
      goto out;
    }

  /* A page damaged in the middle of the file would otherwise surface
   * later, in the middle of someone's work. A migration writes, so it
   * always waits for the check. */
  if ((check_now || version != FB_STORE_SCHEMA_VERSION) && !quick_check (path))
    {
      refuse (error, FB_ERROR_CORRUPT, path, _("the file is damaged."));
      goto out;
    }

  *version_out = version;
  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return ok;
}

static gboolean
migrate (FbStore *self,
         GError **error)
{
  gint64 version = query_int (self, "PRAGMA user_version", 0);

  if (version == FB_STORE_SCHEMA_VERSION)
    return TRUE;

  if (!_fb_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (gint64 v = version + 1; v <= FB_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, v);

      if (!_fb_store_exec (self, schema_scripts[v - 1], error) ||
          !_fb_store_exec (self, bump, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  if (version == 0)
    {
      g_autofree char *device = fb_uuid_new ();
      g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d", FB_STORE_APPLICATION_ID);

      if (!_fb_store_exec (self, app_id, error) ||
          !fb_store_set_meta (self, "device", device, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return _fb_store_exec (self, "COMMIT", error);
}

/* Where this device's chain and clock stand. Read at open, and again
 * inside every local write transaction: another program on the same file
 * (the command-line tool, a second window's process) may have added to the
 * chain since. */
void
_fb_store_load_counters (FbStore *self)
{
  g_autofree char *hlc_text = NULL;
  g_autofree char *seq = NULL;
  sqlite3_stmt *stmt;
  FbHlc hlc;

  g_clear_pointer (&self->last_hash, g_free);
  self->device_seq = 0;

  /* The highest of the log and the counter kept beside it: if ops were
   * removed behind our back, we still never reuse their numbers. */
  stmt = _fb_store_stmt (self, "SELECT device_seq, hash FROM ops WHERE device = ? ORDER BY device_seq DESC LIMIT 1");
  sqlite3_bind_text (stmt, 1, self->device_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      self->device_seq = sqlite3_column_int64 (stmt, 0);
      self->last_hash = _fb_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (self->last_hash == NULL)
    self->last_hash = g_strdup ("");

  seq = fb_store_get_meta (self, "device_seq");
  if (seq != NULL)
    self->device_seq = MAX (self->device_seq, g_ascii_strtoll (seq, NULL, 10));

  hlc_text = fb_store_get_meta (self, "hlc");
  if (hlc_text != NULL && fb_hlc_parse (hlc_text, &hlc) && fb_hlc_compare (&hlc, &self->hlc) > 0)
    self->hlc = hlc;
}

static gboolean
load_state (FbStore *self,
            GError **error)
{
  self->device_id = fb_store_get_meta (self, "device");
  if (self->device_id == NULL || !fb_uuid_is_valid (self->device_id))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                   _("The database “%s” has lost its device identity; restore it from a backup."),
                   self->path);
      return FALSE;
    }

  _fb_store_load_counters (self);
  self->seen_seq = query_int (self, "SELECT coalesce(max(seq), 0) FROM ops", 0);
  self->data_version = query_int (self, "PRAGMA data_version", 0);

  return TRUE;
}

/* The check in the background --------------------------------------------
 *
 * Reading every page of a large record takes longer than the window takes
 * to appear. With FB_STORE_OPEN_CHECK_IN_BACKGROUND the store opens at once
 * and checks the file in a thread; its first write waits for the answer,
 * so nothing is ever written to a damaged file, and a damaged one is
 * announced with ::damaged and then only read.
 */

typedef struct
{
  char         *path;
  GWeakRef      store;
  GMainContext *context;   /* where the store was opened */
  gboolean      ok;
} CheckJob;

static void
check_job_clear (CheckJob *job)
{
  g_free (job->path);
  g_weak_ref_clear (&job->store);
  g_main_context_unref (job->context);
}

static void
check_job_unref (CheckJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) check_job_clear);
}

static void
finish_check (FbStore *self)
{
  CheckJob *job;

  if (self->check_thread == NULL)
    return;

  job = g_thread_join (g_steal_pointer (&self->check_thread));
  if (!job->ok)
    g_set_error (&self->damage, FB_ERROR, FB_ERROR_CORRUPT,
                 _("The database “%s” is damaged. Firebreak will not write to it; "
                   "restore it from a backup or sync it again from the server."),
                 self->path);
  check_job_unref (job);

  if (self->damage != NULL)
    g_signal_emit (self, signals[DAMAGED], 0);
}

static gboolean
check_done_cb (gpointer data)
{
  CheckJob *job = data;
  g_autoptr(FbStore) self = g_weak_ref_get (&job->store);

  if (self != NULL)
    finish_check (self);
  return G_SOURCE_REMOVE;
}

static gpointer
run_check (gpointer data)
{
  CheckJob *job = data;

  job->ok = quick_check (job->path);
  /* Told in the thread that opened the store; the join is then instant. */
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, check_done_cb,
                              g_atomic_rc_box_acquire (job), (GDestroyNotify) check_job_unref);
  return job;
}

static void
start_check (FbStore *self)
{
  CheckJob *job = g_atomic_rc_box_new0 (CheckJob);

  job->path = g_strdup (self->path);
  g_weak_ref_init (&job->store, self);
  job->context = g_main_context_ref_thread_default ();
  self->check_thread = g_thread_new ("fb-store-check", run_check, job);
}

/* Called before every write: waits for a background check still running,
 * and refuses to write to a file it found damaged. */
gboolean
_fb_store_writable (FbStore *self,
                    GError **error)
{
  finish_check (self);

  if (self->damage != NULL)
    {
      g_propagate_error (error, g_error_copy (self->damage));
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_database (FbStore         *self,
               FbStoreOpenFlags flags,
               GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  gboolean check_later = FALSE;
  gint64 version = 0;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  if (g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      if (!probe_existing (self->path,
                           !(flags & (FB_STORE_OPEN_CHECK_IN_BACKGROUND | _FB_STORE_OPEN_CHECKED_ELSEWHERE)),
                           &version, error))
        return FALSE;
      check_later = (flags & FB_STORE_OPEN_CHECK_IN_BACKGROUND) && version == FB_STORE_SCHEMA_VERSION;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FAILED, _("Cannot open “%s”: %s"),
                   self->path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, TRUE);

  /* WAL lets readers work while a writer commits; synchronous=FULL makes a
   * commit durable before we acknowledge it, even against power loss. */
  if (!_fb_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_fb_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !_fb_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      /* A page cache of 4 MiB holds a busy timeline's index pages (the
       * apply benchmark runs as fast as with 8) without weighing much on
       * the memory of the app. */
      !_fb_store_exec (self, "PRAGMA cache_size = -4096", error) ||
      /* Checkpointing less often writes a page changed by many commits
       * once rather than once per checkpoint. */
      !_fb_store_exec (self, "PRAGMA wal_autocheckpoint = 8192", error) ||
      !migrate (self, error) ||
      !load_state (self, error))
    return FALSE;

  if (flags & FB_STORE_OPEN_WATCH)
    watch_file (self);
  if (check_later)
    start_check (self);

  return TRUE;
}

/* GObject ---------------------------------------------------------------- */

static void
fb_store_dispose (GObject *object)
{
  FbStore *self = (FbStore *) object;

  if (self->check_thread != NULL)
    {
      CheckJob *job = g_thread_join (g_steal_pointer (&self->check_thread));
      check_job_unref (job);
    }

  for (guint i = 0; i < G_N_ELEMENTS (self->monitors); i++)
    {
      if (self->monitors[i] != NULL)
        g_file_monitor_cancel (self->monitors[i]);
      g_clear_object (&self->monitors[i]);
    }

  G_OBJECT_CLASS (fb_store_parent_class)->dispose (object);
}

static void
fb_store_finalize (GObject *object)
{
  FbStore *self = (FbStore *) object;

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->device_id);
  g_free (self->last_hash);
  g_free (self->author);
  g_clear_error (&self->damage);

  G_OBJECT_CLASS (fb_store_parent_class)->finalize (object);
}

static void
fb_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FbStore *self = FB_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;

    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  FbStore *self = FB_STORE (object);

  switch (prop_id)
    {
    case PROP_AUTHOR:
      fb_store_set_author (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_store_class_init (FbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_store_dispose;
  object_class->finalize = fb_store_finalize;
  object_class->get_property = fb_store_get_property;
  object_class->set_property = fb_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEVICE_ID] =
    g_param_spec_string ("device-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbStore::changed:
   * @flags: what kinds of rows changed
   * @incident: (nullable): the incident they belong to, or %NULL for
   *   changes outside incidents (contacts) or to many at once
   *
   * Emitted after a commit, by this store or any other writer of the file.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  /**
   * FbStore::damaged:
   *
   * Emitted when the check of a store opened with
   * %FB_STORE_OPEN_CHECK_IN_BACKGROUND found the file damaged; from then
   * on every write is refused with fb_store_get_damage().
   */
  signals[DAMAGED] =
    g_signal_new ("damaged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
fb_store_init (FbStore *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) sqlite3_finalize);
  self->clock = fb_clock_real_ms;

  self->author = g_strdup (g_get_real_name ());
  if (self->author == NULL || self->author[0] == '\0' || g_str_equal (self->author, "Unknown"))
    {
      g_free (self->author);
      self->author = g_strdup (g_get_user_name ());
    }
}

/* Public API ------------------------------------------------------------- */

char *
fb_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "firebreak", "firebreak.db", NULL);
}

FbStore *
fb_store_open_with_clock (const char      *path,
                          FbStoreOpenFlags flags,
                          FbClockFunc      clock,
                          gpointer         clock_data,
                          GError         **error)
{
  g_autoptr(FbStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FB_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (clock != NULL)
    {
      self->clock = clock;
      self->clock_data = clock_data;
    }

  if (!open_database (self, flags, error))
    return NULL;

  return g_steal_pointer (&self);
}

FbStore *
fb_store_open (const char      *path,
               FbStoreOpenFlags flags,
               GError         **error)
{
  return fb_store_open_with_clock (path, flags, NULL, NULL, error);
}

/**
 * fb_store_get_damage:
 *
 * Returns: (nullable) (transfer none): why the store refuses to write, once
 *   a check in the background found the file damaged
 */
const GError *
fb_store_get_damage (FbStore *self)
{
  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  return self->damage;
}

const char *
fb_store_get_path (FbStore *self)
{
  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  return self->path;
}

const char *
fb_store_get_device_id (FbStore *self)
{
  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  return self->device_id;
}

const char *
fb_store_get_author (FbStore *self)
{
  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  return self->author;
}

void
fb_store_set_author (FbStore    *self,
                     const char *author)
{
  g_return_if_fail (FB_IS_STORE (self));

  if (author == NULL || author[0] == '\0')
    return;

  if (g_strcmp0 (self->author, author) == 0)
    return;

  g_free (self->author);
  self->author = g_strdup (author);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHOR]);
}

gint64
fb_store_now_ms (FbStore *self)
{
  g_return_val_if_fail (FB_IS_STORE (self), 0);

  return self->clock (self->clock_data);
}

/* src/sync moves to fb_store_apply */
gboolean
fb_store_apply_remote_linked (FbStore     *self,
                              GPtrArray   *ops,
                              GPtrArray   *links,
                              FbApplyFlags flags,
                              guint       *n_applied,
                              GError     **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (ops != NULL, FALSE);

  return fb_store_apply (self, ops, links, flags & ~FB_APPLY_LOCAL, n_applied, error);
}

/**
 * fb_store_get_links:
 *
 * Returns: (transfer full) (element-type FbLink): the links this store
 *   holds for @device below number @below, in order; %NULL on error
 */
GPtrArray *
fb_store_get_links (FbStore    *self,
                    const char *device,
                    gint64      below,
                    GError    **error)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (device != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT device_seq, prev, hash FROM links WHERE device = ? AND device_seq < ?"
                               " ORDER BY device_seq");
  sqlite3_bind_text (stmt, 1, device, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, below);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbLink *link = g_new0 (FbLink, 1);

      link->device = g_strdup (device);
      link->device_seq = sqlite3_column_int64 (stmt, 0);
      link->prev = _fb_column_dup (stmt, 1);
      link->hash = _fb_column_dup (stmt, 2);
      g_ptr_array_add (links, link);
    }
  sqlite3_reset (stmt);

  if (!_fb_store_check (self, rc, error))
    return NULL;
  return g_steal_pointer (&links);
}

/* The op log ------------------------------------------------------------- */


FbOp *
_fb_store_op_from_row (sqlite3_stmt *stmt,
                       int           c,
                       GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(FbOp) op = g_new0 (FbOp, 1);
  JsonNode *root;

  op->id = _fb_column_dup (stmt, c + 0);
  op->device = _fb_column_dup (stmt, c + 1);
  op->device_seq = sqlite3_column_int64 (stmt, c + 2);
  op->prev = _fb_column_dup (stmt, c + 3);
  op->hash = _fb_column_dup (stmt, c + 4);
  op->hlc = _fb_column_dup (stmt, c + 5);
  op->author = _fb_column_dup (stmt, c + 6);
  op->type = _fb_column_dup (stmt, c + 7);
  op->kind = fb_op_kind_from_string (op->type);
  op->incident = _fb_column_dup (stmt, c + 8);
  op->entity = _fb_column_dup (stmt, c + 9);

  if (!json_parser_load_from_data (parser, _fb_column_text (stmt, c + 10), -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                   _("The stored contents of change %s cannot be read"), op->id);
      return NULL;
    }

  op->body = json_node_dup_object (root);
  return g_steal_pointer (&op);
}

static GPtrArray *
collect_ops (FbStore      *self,
             sqlite3_stmt *stmt,
             GError      **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbOp *op = _fb_store_op_from_row (stmt, 0, error);

      if (op == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (ops, op);
    }
  sqlite3_reset (stmt);

  if (!_fb_store_check (self, rc, error))
    return NULL;

  return g_steal_pointer (&ops);
}

/* The outbox is this device's ops after the last one the server
 * acknowledged. The server takes a device's ops in order and without gaps,
 * so one number says what it holds, and making an op costs no second
 * write. */
static gint64
acked_seq (FbStore *self)
{
  g_autofree char *value = fb_store_get_meta (self, "outbox.acked");

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

GPtrArray *
fb_store_get_outbox (FbStore *self,
                     guint    limit,
                     GError **error)
{
  sqlite3_stmt *stmt;
  gint64 acked;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  acked = acked_seq (self);
  stmt = _fb_store_stmt (self,
                         "SELECT " FB_OP_COLUMNS " FROM ops o WHERE o.device = ? AND o.device_seq > ?"
                         " ORDER BY o.device_seq LIMIT ?");
  sqlite3_bind_text (stmt, 1, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, acked);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? limit : G_MAXINT64);

  return collect_ops (self, stmt, error);
}

gboolean
fb_store_ack_outbox (FbStore   *self,
                     GPtrArray *op_ids,
                     GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 acked, highest;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (op_ids != NULL, FALSE);

  highest = acked = acked_seq (self);
  stmt = _fb_store_stmt (self, "SELECT device_seq FROM ops WHERE id = ? AND device = ?");
  for (guint i = 0; i < op_ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (op_ids, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, self->device_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        highest = MAX (highest, sqlite3_column_int64 (stmt, 0));
    }
  sqlite3_reset (stmt);

  if (highest == acked)
    return TRUE;

  {
    g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, highest);

    if (!fb_store_set_meta (self, "outbox.acked", value, error))
      return FALSE;
  }

  g_signal_emit (self, signals[CHANGED], 0, FB_CHANGE_OUTBOX, NULL);
  return TRUE;
}

/**
 * fb_store_reset_outbox:
 *
 * Puts every op of this device back in the outbox, for a server that lost
 * them (restored from an older backup, or replaced).
 */
gboolean
fb_store_reset_outbox (FbStore *self,
                       GError **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  if (!fb_store_set_meta (self, "outbox.acked", "0", error))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0, FB_CHANGE_OUTBOX, NULL);
  return TRUE;
}

/* Ops that came in a file rather than from a server ---------------------
 *
 * The outbox holds this device's own ops. Another device's, imported from
 * a file, may be news to the war-room server too: their devices are noted
 * here, and the sync client offers every op of those devices to its server
 * at its next pass, then clears the note.
 */

#define META_OFFER "sync.offer"

/**
 * fb_store_offer_devices:
 * @ops: (element-type FbOp): ops that came in a file
 *
 * Notes the devices of @ops, other than this one, for the sync client.
 */
gboolean
fb_store_offer_devices (FbStore   *self,
                        GPtrArray *ops,
                        GError   **error)
{
  g_autofree char *old = NULL;
  g_autoptr(GString) value = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) known = NULL;
  gboolean added = FALSE;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (ops != NULL, FALSE);

  old = fb_store_get_meta (self, META_OFFER);
  value = g_string_new (old);
  known = g_strsplit (old != NULL ? old : "", "\n", -1);
  for (guint i = 0; known[i] != NULL; i++)
    g_hash_table_add (seen, known[i]);

  for (guint i = 0; i < ops->len; i++)
    {
      const char *device = ((FbOp *) g_ptr_array_index (ops, i))->device;

      if (g_str_equal (device, self->device_id) || g_hash_table_contains (seen, device))
        continue;
      g_hash_table_add (seen, (gpointer) device);
      if (value->len > 0)
        g_string_append_c (value, '\n');
      g_string_append (value, device);
      added = TRUE;
    }

  if (!added)
    return TRUE;
  if (!fb_store_set_meta (self, META_OFFER, value->str, error))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0, FB_CHANGE_OUTBOX, NULL);
  return TRUE;
}

/**
 * fb_store_get_offer:
 *
 * Returns: (transfer full): the devices whose ops are to be offered to a
 *   server, possibly none
 */
char **
fb_store_get_offer (FbStore *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  value = fb_store_get_meta (self, META_OFFER);
  if (value == NULL || value[0] == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (value, "\n", -1);
}

gboolean
fb_store_clear_offer (FbStore *self,
                      GError **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  return fb_store_set_meta (self, META_OFFER, NULL, error);
}

guint
fb_store_count_outbox (FbStore *self)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (FB_IS_STORE (self), 0);

  stmt = _fb_store_stmt (self, "SELECT count(*) FROM ops WHERE device = ? AND device_seq > ?");
  sqlite3_bind_text (stmt, 1, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, acked_seq (self));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

GPtrArray *
fb_store_get_ops (FbStore    *self,
                  const char *incident,
                  GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  if (incident != NULL)
    {
      stmt = _fb_store_stmt (self, "SELECT " FB_OP_COLUMNS " FROM ops o WHERE o.incident = ? ORDER BY o.seq");
      sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
    }
  else
    stmt = _fb_store_stmt (self, "SELECT " FB_OP_COLUMNS " FROM ops o ORDER BY o.seq");

  return collect_ops (self, stmt, error);
}

gboolean
fb_store_has_op (FbStore    *self,
                 const char *op_id)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  stmt = _fb_store_stmt (self, "SELECT 1 FROM ops WHERE id = ?");
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return found;
}

void
fb_verification_free (FbVerification *verification)
{
  if (verification == NULL)
    return;

  g_free (verification->digest);
  g_free (verification->problem);
  g_free (verification->op_id);
  g_free (verification);
}
