/* fb-store.c — opening the database, its settings and its change signals
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-error.h"
#include "fb-op-kinds-private.h"
#include "fb-probe.h"
#include "fb-task-private.h"

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

static const FbSqliteMessages store_messages = {
  N_("The database “%s” is damaged (%s). Firebreak will not write to it; "
     "restore it from a backup or sync it again from the server."),
  N_("The disk holding “%s” is full; nothing was saved. Free some space and try again."),
  N_("The database “%s” cannot be written to; check its permissions."),
  N_("The database “%s” reported an error: %s"),
};

/* Steps a statement that returns no rows; a statement that could not be
 * prepared (NULL) means the schema is not the one expected. */
gboolean
_fb_store_step_done (FbStore      *self,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  int rc;

  if (stmt == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                   _("The database “%s” does not have the tables Firebreak expects"),
                   self->sql.path);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return _fb_store_check (self, rc, error);
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
_fb_store_emit_changed (FbStore      *self,
                        FbChangeFlags flags,
                        const char   *incident)
{
  g_signal_emit (self, signals[CHANGED], 0, flags, incident);
}

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

  fb_probe_mark_for (FB_PROBE_ANNOUNCED, self);
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
  version = fb_sqlite_query_int (&self->sql, "PRAGMA data_version", self->data_version);
  if (version == self->data_version)
    return;

  self->data_version = version;
  fb_probe_mark (FB_PROBE_NOTICED);
  /* Another program's commit reaches the disk by its own sync, which may
   * not be done yet: ours goes first before anything is sent. */
  _fb_store_durable_foreign (self);
  _fb_store_announce (self, FB_CHANGE_OUTBOX | FB_CHANGE_SENDABLE);
}

static void
watch_file (FbStore *self)
{
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (self->sql.path, suffixes[i], NULL);
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
                   self->sql.path);
      return FALSE;
    }

  _fb_store_load_counters (self);
  self->seen_seq = fb_sqlite_query_int (&self->sql, "SELECT coalesce(max(seq), 0) FROM ops", 0);
  self->data_version = fb_sqlite_query_int (&self->sql, "PRAGMA data_version", 0);

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
  gboolean      ok;        /* not found damaged */
  gboolean      checked;   /* and checked to the end */
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

/* From now on every write is refused, and whoever shows the store is
 * told once. */
void
_fb_store_mark_damaged (FbStore *self)
{
  if (self->damage != NULL)
    return;

  _fb_store_refuse_writes (self, g_error_new (FB_ERROR, FB_ERROR_CORRUPT,
                                              _("The database “%s” is damaged. Firebreak will not write to it; "
                                                "restore it from a backup or sync it again from the server."),
                                              self->sql.path));
}

/* The same for any reason the file cannot be trusted to keep what is
 * written: @why (taken) is what every write is refused with. */
void
_fb_store_refuse_writes (FbStore *self,
                         GError  *why)
{
  if (self->damage != NULL)
    {
      g_error_free (why);
      return;
    }

  self->damage = why;
  g_signal_emit (self, signals[DAMAGED], 0);
}

static void
finish_check (FbStore *self)
{
  CheckJob *job;
  gboolean ok;

  if (self->check_thread == NULL)
    return;

  job = g_thread_join (g_steal_pointer (&self->check_thread));
  ok = job->ok;
  self->checked_fully = job->checked;
  check_job_unref (job);

  if (!ok)
    _fb_store_mark_damaged (self);
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

  g_autoptr(GError) error = NULL;

  _fb_thread_step_back ();

  /* The full check, which also compares each index with its table: an
   * index page damaged without a broken page passes the quick one. Only
   * damage is damage: a file another program kept busy is not, and is
   * checked again before the first write. */
  job->checked = fb_sqlite_check_file (job->path, TRUE, &error);
  job->ok = job->checked || !g_error_matches (error, FB_ERROR, FB_ERROR_CORRUPT);
  /* Told in the thread that opened the store; the join is then instant.
   * Always through a source: g_main_context_invoke () would run the
   * callback here, in this thread, whenever nobody owned the context at
   * that moment, and the thread would then wait to join itself. */
  {
    GSource *source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, check_done_cb, g_atomic_rc_box_acquire (job), (GDestroyNotify) check_job_unref);
    g_source_attach (source, job->context);
    g_source_unref (source);
  }
  return job;
}

static void
start_check (FbStore *self)
{
  CheckJob *job = g_atomic_rc_box_new0 (CheckJob);

  job->path = g_strdup (self->sql.path);
  g_weak_ref_init (&job->store, self);
  job->context = g_main_context_ref_thread_default ();
  self->check_thread = g_thread_new ("fb-store-check", run_check, job);
}

/* Every commit but that of ops a server already holds waits for the disk
 * (synchronous=FULL, set when the store opens). The setting goes back
 * after each such commit; should that fail, the next write tries again
 * (_fb_store_writable()) and fails with the reason rather than commit
 * without the wait. */
gboolean
_fb_store_set_relaxed (FbStore  *self,
                       gboolean  relaxed,
                       GError  **error)
{
  if (self->relaxed == relaxed)
    return TRUE;
  if (!_fb_store_exec (self, relaxed ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", error))
    return FALSE;
  self->relaxed = relaxed;
  return TRUE;
}

/* Called before every write: waits for a background check still running,
 * runs SQLite's full check before the first write if none has passed
 * since open, and refuses to write to a file found damaged. */
gboolean
_fb_store_writable (FbStore *self,
                    GError **error)
{
  g_autoptr(GError) local = NULL;

  finish_check (self);
  _fb_store_durable_check (self);

  if (self->damage != NULL)
    {
      g_propagate_error (error, g_error_copy (self->damage));
      return FALSE;
    }
  if (self->read_only)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_READ_ONLY,
                   _("“%s” is on a read-only disk or in a folder that may not be written to: "
                     "it can be read, but nothing can be added. Copy it somewhere writable to add to it."),
                   self->sql.path);
      return FALSE;
    }
  /* A write inside another's transaction commits as that one does. */
  if (sqlite3_get_autocommit (self->sql.db) && !_fb_store_set_relaxed (self, FALSE, error))
    return FALSE;

  if (self->checked_fully)
    return TRUE;

  if (fb_sqlite_check_file (self->sql.path, TRUE, &local))
    {
      self->checked_fully = TRUE;
      return TRUE;
    }

  if (g_error_matches (local, FB_ERROR, FB_ERROR_CORRUPT))
    {
      _fb_store_mark_damaged (self);
      g_propagate_error (error, g_error_copy (self->damage));
    }
  else
    g_set_error (error, FB_ERROR, local->code, _("Cannot check “%s” before writing to it: %s"),
                 self->sql.path, local->message);
  return FALSE;
}

static gboolean
open_database (FbStore         *self,
               FbStoreOpenFlags flags,
               GError         **error)
{
  gboolean check_later = FALSE;
  gboolean fully = (flags & FB_STORE_OPEN_CHECK_FULLY) != 0;
  gint64 version = 0;

  /* A new file is made whole or not at all, and then looked at like any
   * other: another process may have put its own there first. What the
   * making writes goes into a file of its own, sound by birth. */
  if (!g_file_test (self->sql.path, G_FILE_TEST_EXISTS))
    {
      self->checked_fully = TRUE;
      if (!_fb_store_create (self, error))
        return FALSE;
      self->checked_fully = FALSE;
    }

  if (!_fb_store_probe_existing (self->sql.path,
                                 fully || !(flags & (FB_STORE_OPEN_CHECK_IN_BACKGROUND | _FB_STORE_OPEN_CHECKED_ELSEWHERE)),
                                 fully, &version, error))
    return FALSE;
  /* A migration waited for the full check. */
  self->checked_fully = fully || version != FB_STORE_SCHEMA_VERSION;
  check_later = (flags & FB_STORE_OPEN_CHECK_IN_BACKGROUND) && !self->checked_fully;

  /* Read where it lies: reading, verifying and exporting need no
   * writes; a write says why it cannot be made. */
  if (!fb_sqlite_can_write (self->sql.path))
    {
      if (version != FB_STORE_SCHEMA_VERSION)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_READ_ONLY,
                       _("“%s” was written by an older version of Firebreak and must be updated, "
                         "which cannot be done on a read-only disk or in a folder that may not be "
                         "written to. Copy it somewhere writable to open it."),
                       self->sql.path);
          return FALSE;
        }
      self->read_only = TRUE;
      if (!fb_sqlite_open_read_only (&self->sql, error) ||
          !load_state (self, error))
        return FALSE;
      if (check_later)
        start_check (self);
      return TRUE;
    }

  if (!fb_sqlite_open (&self->sql, error))
    return FALSE;

  /* WAL lets readers work while a writer commits; synchronous=FULL makes a
   * commit durable before we acknowledge it, even against power loss. */
  if (!_fb_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_fb_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !_fb_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      /* A page cache of 4 MiB holds a busy timeline's index pages (the
       * apply benchmark runs as fast as with 8) without weighing much on
       * the memory of the app. */
      !_fb_store_exec (self, "PRAGMA cache_size = -4096", error) ||
      !_fb_store_migrate (self, error) ||
      !load_state (self, error))
    return FALSE;

  /* The log is copied into the file in a thread of its own, every 16 MiB
   * of 4 KiB pages: a page changed by many commits is written once. */
  fb_sqlite_copy_log_beside (&self->sql, 4096);
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
  _fb_store_durable_close (self);

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

  fb_sqlite_clear (&self->sql);
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
      g_value_set_string (value, self->sql.path);
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
  fb_sqlite_init (&self->sql, path, &store_messages);
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

  return self->sql.path;
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

/* The application's context hands its clock to the store, so that a test
 * that fixes the time fixes it for what is recorded too. %NULL goes back
 * to the real clock. */
void
fb_store_set_clock (FbStore     *self,
                    FbClockFunc  clock,
                    gpointer     clock_data)
{
  g_return_if_fail (FB_IS_STORE (self));

  self->clock = clock != NULL ? clock : fb_clock_real_ms;
  self->clock_data = clock != NULL ? clock_data : NULL;
}
