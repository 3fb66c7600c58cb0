/* fb-sqlite-checkpoint.c — the write-ahead log copied into its database
 * beside the thread that commits
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A database in WAL mode has its log copied into it now and then (a
 * checkpoint): megabytes written, then the file synced. SQLite does it in
 * the commit that finds the log long, on the committing thread: the
 * window's, or the server's, which then answers no one meanwhile. Here a
 * WAL hook stands in for that checkpoint, and asks a thread of its own to
 * copy on a connection of its own, without waiting for readers or writers.
 *
 * Copying does not make the log shorter: it is begun again from its start
 * only in a moment with no write on its way and no reader still in it,
 * which the thread looks for once the copy is done, a millisecond apart,
 * without a busy handler (so that it never holds the write lock while it
 * waits for a reader). A writer that comes in that moment waits for the
 * pages written since the copy to be copied too.
 */

#define G_LOG_DOMAIN "fb-sqlite"

#include "config.h"

#include "fb-sqlite.h"

/* A copy that could not take the whole log (a reader still needed its
 * older pages), or could not begin it again, is asked for again by a
 * commit this long after it. */
#define RETRY_MS 50

/* How many times, a millisecond apart, the thread looks for a moment to
 * begin the log again. */
#define RESTART_TRIES 100

struct _FbCheckpointer
{
  GMutex    lock;
  GCond     idle;
  char     *path;      /* the file, for the copying connection */
  char     *vfs;       /* the VFS the committing connection uses */
  int       pages;     /* the log's length that asks for a copy */
  gboolean  copying;   /* a copy is on its way in the thread */
  gboolean  closing;   /* no more are asked for */
  gint64    retry_at;  /* monotonic time before which none is asked */
};

static void
checkpointer_clear (FbCheckpointer *self)
{
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->idle);
  g_free (self->path);
  g_free (self->vfs);
}

static void
checkpointer_unref (FbCheckpointer *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) checkpointer_clear);
}

/* In the thread. A copy that fails leaves the log as it was, whole: the
 * next one tries again. */
static void
copy_log (gpointer data,
          gpointer unused G_GNUC_UNUSED)
{
  FbCheckpointer *self = data;
  sqlite3 *db = NULL;
  int log = -1, copied = -1, rc;
  gboolean restarted = FALSE;

  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, self->vfs);
  /* A read opens the log, which the checkpoint needs to find. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA schema_version", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_wal_checkpoint_v2 (db, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &copied);

  /* Each try gives up at once (there is no busy handler), and lets go of
   * the write lock at once when a reader still uses the log. A gap
   * between two commits is enough; what came since the copy is copied
   * then, with the lock held. */
  for (guint i = 0; rc == SQLITE_OK && log >= 0 && copied == log && !restarted && i < RESTART_TRIES; i++)
    {
      if (i > 0)
        g_usleep (1000);
      rc = sqlite3_wal_checkpoint_v2 (db, "main", SQLITE_CHECKPOINT_RESTART, &log, &copied);
      restarted = rc == SQLITE_OK;
      if ((rc & 0xff) == SQLITE_BUSY)
        rc = SQLITE_OK;
    }

  if (rc != SQLITE_OK)
    g_debug ("Copying the log of %s into it: %s", self->path,
             db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_close (db);

  g_mutex_lock (&self->lock);
  self->copying = FALSE;
  self->retry_at = restarted ? 0 : g_get_monotonic_time () + RETRY_MS * 1000;
  g_cond_broadcast (&self->idle);
  g_mutex_unlock (&self->lock);

  checkpointer_unref (self);
}

/* One thread for every database of the process: a copy is rare, and long. */
static GThreadPool *
copier (void)
{
  static GThreadPool *threads;

  if (g_once_init_enter (&threads))
    g_once_init_leave (&threads, g_thread_pool_new (copy_log, NULL, 1, FALSE, NULL));
  return threads;
}

/* SQLite's word, after each commit, of how long the log is. No statement
 * may run here. */
static int
on_log_grown (void       *data,
              sqlite3    *db G_GNUC_UNUSED,
              const char *name G_GNUC_UNUSED,
              int         pages)
{
  FbCheckpointer *self = data;

  if (pages < self->pages)
    return SQLITE_OK;

  g_mutex_lock (&self->lock);
  if (!self->copying && !self->closing &&
      (self->retry_at == 0 || g_get_monotonic_time () >= self->retry_at))
    {
      self->copying = TRUE;
      g_thread_pool_push (copier (), g_atomic_rc_box_acquire (self), NULL);
    }
  g_mutex_unlock (&self->lock);
  return SQLITE_OK;
}

/**
 * fb_sqlite_copy_log_beside:
 * @pages: how long the log grows before it is copied: the longer, the
 *   fewer times a page many commits change is written, and the more each
 *   copy's sync of the file holds up other syncs of the disk
 *
 * Once @sql is open in WAL mode: its log is copied into the database by a
 * thread of its own, never by the committing one. It replaces SQLite's
 * automatic checkpoint (PRAGMA wal_autocheckpoint), which must not be set
 * on the connection afterwards. fb_sqlite_clear () ends it.
 */
void
fb_sqlite_copy_log_beside (FbSqlite *sql,
                           int       pages)
{
  FbCheckpointer *self;
  sqlite3_vfs *vfs = NULL;

  g_return_if_fail (sql != NULL && sql->db != NULL && sql->checkpointer == NULL);
  g_return_if_fail (pages > 0);

  self = g_atomic_rc_box_new0 (FbCheckpointer);
  g_mutex_init (&self->lock);
  g_cond_init (&self->idle);
  self->pages = pages;
  self->path = g_strdup (sqlite3_db_filename (sql->db, "main"));
  if (sqlite3_file_control (sql->db, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) == SQLITE_OK && vfs != NULL)
    self->vfs = g_strdup (vfs->zName);

  sql->checkpointer = self;
  sqlite3_wal_hook (sql->db, on_log_grown, self);
}

/* Waits, with the lock held, for the copy on its way, if one is. */
static void
wait_locked (FbCheckpointer *self)
{
  while (self->copying)
    g_cond_wait (&self->idle, &self->lock);
}

/**
 * fb_sqlite_wait_for_copy:
 *
 * Waits for the copy of @sql's log on its way, if one is.
 */
void
fb_sqlite_wait_for_copy (FbSqlite *sql)
{
  FbCheckpointer *self = sql->checkpointer;

  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  wait_locked (self);
  g_mutex_unlock (&self->lock);
}

/* Before the connection closes: no more copies, and the one on its way
 * done. */
void
_fb_sqlite_end_copies (FbSqlite *sql)
{
  FbCheckpointer *self = g_steal_pointer (&sql->checkpointer);

  if (self == NULL)
    return;

  if (sql->db != NULL)
    sqlite3_wal_hook (sql->db, NULL, NULL);
  g_mutex_lock (&self->lock);
  self->closing = TRUE;
  wait_locked (self);
  g_mutex_unlock (&self->lock);
  checkpointer_unref (self);
}
