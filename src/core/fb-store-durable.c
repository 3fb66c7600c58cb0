/* fb-store-durable.c — changes made here reach the disk beside the window,
 * and leave the machine only once they have
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A change made here exists nowhere else until a server has it, so it
 * must be on the disk before it is sent. Waiting for the disk inside the
 * commit did that, but on the window's thread: a sync takes a millisecond
 * on a quiet disk and can take seconds on a busy one, and every change
 * typed waited for it. Instead, a change made here commits without
 * waiting (WAL with synchronous=NORMAL: a program killed at any moment
 * loses nothing committed, the kernel holds it), and the write-ahead log
 * is synced in a thread at once. The outbox hands out only what a sync
 * has covered, syncing itself first when it must
 * (_fb_store_durable_sync ()); the store announces the outbox when the
 * thread's sync is done. One sync covers every commit before it, so
 * changes made faster than the disk syncs share a sync.
 *
 * What a power cut can take is a change made in the last moment before
 * it, which never left the machine: its number is used again, and no one
 * holds two changes of that number. A sync that fails leaves the store
 * refusing writes, with words that say so (a disk that failed to write
 * once cannot be trusted to hold what it said it wrote).
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-error.h"
#include "fb-store-private.h"

struct _FbDurable
{
  GMutex        lock;
  GCond         idle;
  sqlite3_file *wal;        /* SQLite's own handle of the log: its xSync */
  gint64        committed;  /* commits made here, counted */
  gint64        synced;     /* of them, those a sync covered */
  gboolean      running;    /* a sync is on its way in the thread */
  gboolean      closing;    /* the connection is about to close */
  char         *failure;    /* why a sync failed; then no more are tried */
  GWeakRef      store;
  GMainContext *context;    /* the store's, where it is told */
};

static void
durable_clear (FbDurable *self)
{
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->idle);
  g_free (self->failure);
  g_weak_ref_clear (&self->store);
  g_main_context_unref (self->context);
}

static void
durable_unref (FbDurable *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) durable_clear);
}

/* What the thread tells the store's thread once the log is synced. */
typedef struct
{
  FbDurable *durable;
  char      *failure;
} Told;

static gboolean
tell_cb (gpointer data)
{
  Told *told = data;
  g_autoptr(FbStore) store = g_weak_ref_get (&told->durable->store);

  if (store == NULL)
    return G_SOURCE_REMOVE;

  if (told->failure != NULL)
    _fb_store_durable_failed (store, told->failure);
  else
    _fb_store_emit_changed (store, FB_CHANGE_SENDABLE, NULL);
  return G_SOURCE_REMOVE;
}

static void
told_free (gpointer data)
{
  Told *told = data;

  durable_unref (told->durable);
  g_free (told->failure);
  g_free (told);
}

/* Always from the store's own thread, in its loop: g_main_context_invoke ()
 * would run it in this one whenever that loop is not running. */
static void
tell (GMainContext *context,
      Told         *told)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, tell_cb, told, told_free);
  g_source_set_static_name (source, "[firebreak] changes on the disk");
  g_source_attach (source, context);
  g_source_unref (source);
}

/* The log synced; on failure, *failure says why, and nothing more is
 * tried. Called with the lock held, which it lets go meanwhile. */
static void
sync_log (FbDurable *self)
{
  gint64 target = self->committed;
  int rc;

  g_mutex_unlock (&self->lock);
  rc = self->wal->pMethods->xSync (self->wal, SQLITE_SYNC_NORMAL);
  g_mutex_lock (&self->lock);

  if (rc != SQLITE_OK)
    {
      if (self->failure == NULL)
        self->failure = g_strdup (sqlite3_errstr (rc));
    }
  else
    self->synced = MAX (self->synced, target);
}

/* The thread: syncs until a sync covers every commit made, and tells the
 * store's thread of each. What it tells is on its way before the sync
 * counts as over, so that whoever waited for the sync (sync_now ()) finds
 * it queued. */
static void
run (gpointer data,
     gpointer unused G_GNUC_UNUSED)
{
  FbDurable *self = data;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      Told *told = g_new0 (Told, 1);

      while (!self->closing && self->failure == NULL && self->synced < self->committed)
        sync_log (self);
      told->durable = g_atomic_rc_box_acquire (self);
      told->failure = g_strdup (self->failure);
      g_mutex_unlock (&self->lock);

      tell (self->context, told);

      g_mutex_lock (&self->lock);
      if (self->closing || self->failure != NULL || self->synced >= self->committed)
        break;
    }
  self->running = FALSE;
  g_cond_broadcast (&self->idle);
  g_mutex_unlock (&self->lock);

  durable_unref (self);
}

/* Syncs of several stores (a process holding many) go side by side; a
 * disk serves few at once, so a few threads are enough. */
static GThreadPool *
pool (void)
{
  static GThreadPool *threads;

  if (g_once_init_enter (&threads))
    g_once_init_leave (&threads, g_thread_pool_new (run, NULL, 4, FALSE, NULL));
  return threads;
}

/* The log's handle, in WAL mode, once the connection has read: NULL for a
 * database without a log file (in memory, or not in WAL mode). */
static sqlite3_file *
log_file (FbStore *self)
{
  g_autofree char *mode = NULL;
  sqlite3_file *file = NULL;
  sqlite3_stmt *stmt;
  const char *name = sqlite3_db_filename (self->sql.db, "main");

  if (name == NULL || *name == '\0')
    return NULL;

  if (sqlite3_prepare_v2 (self->sql.db, "PRAGMA journal_mode", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (g_strcmp0 (mode, "wal") != 0)
    return NULL;

  if (sqlite3_file_control (self->sql.db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &file) != SQLITE_OK ||
      file == NULL || file->pMethods == NULL)
    return NULL;
  return file;
}

/* The store's, made at its first need. Until a sync covers it, what the
 * file held when opened counts as one commit not known to be on the disk:
 * a program killed before its sync left it to the kernel. */
static FbDurable *
durable_of (FbStore *self)
{
  sqlite3_file *wal;
  FbDurable *durable;

  if (self->durable != NULL || self->durable_tried)
    return self->durable;

  self->durable_tried = TRUE;
  if ((wal = log_file (self)) == NULL)
    return NULL;

  durable = g_atomic_rc_box_new0 (FbDurable);
  g_mutex_init (&durable->lock);
  g_cond_init (&durable->idle);
  durable->wal = wal;
  durable->committed = 1;
  g_weak_ref_init (&durable->store, self);
  durable->context = g_main_context_ref_thread_default ();
  self->durable = durable;
  return durable;
}

/**
 * _fb_store_durable_ready:
 *
 * Whether the next commit of a change made here may leave its wait for
 * the disk to the thread: the store writes through a write-ahead log, and
 * no sync has failed.
 */
gboolean
_fb_store_durable_ready (FbStore *self)
{
  FbDurable *durable = durable_of (self);
  gboolean ready;

  if (durable == NULL)
    return FALSE;

  g_mutex_lock (&durable->lock);
  ready = durable->failure == NULL;
  g_mutex_unlock (&durable->lock);
  return ready;
}

/**
 * _fb_store_durable_committed:
 *
 * A change made here was committed without waiting for the disk
 * (_fb_store_durable_ready () said it may be): the thread syncs the log,
 * and the outbox is announced once that is done.
 */
void
_fb_store_durable_committed (FbStore *self)
{
  FbDurable *durable = self->durable;

  g_mutex_lock (&durable->lock);
  durable->committed++;
  if (!durable->running && durable->failure == NULL)
    {
      durable->running = TRUE;
      g_thread_pool_push (pool (), g_atomic_rc_box_acquire (durable), NULL);
    }
  g_mutex_unlock (&durable->lock);
}

/**
 * _fb_store_durable_foreign:
 *
 * Another program committed to the file: the next read of the outbox
 * syncs the log first, as for a commit made here.
 */
void
_fb_store_durable_foreign (FbStore *self)
{
  FbDurable *durable = durable_of (self);

  if (durable == NULL)
    return;

  g_mutex_lock (&durable->lock);
  durable->committed++;
  g_mutex_unlock (&durable->lock);
}

/* Every commit counted is on the disk once this returns NULL: after the
 * thread's sync, or after one made now on this thread. Otherwise, why
 * not. */
static char *
sync_now (FbDurable *self)
{
  char *failure;

  g_mutex_lock (&self->lock);
  while (self->running)
    g_cond_wait (&self->idle, &self->lock);
  if (self->failure == NULL && self->synced < self->committed)
    sync_log (self);
  failure = g_strdup (self->failure);
  g_mutex_unlock (&self->lock);

  return failure;
}

/**
 * _fb_store_durable_sync:
 *
 * Before anything made here leaves the machine: every change committed
 * here is on the disk, or an error says why not (and the store refuses
 * writes from then on).
 */
gboolean
_fb_store_durable_sync (FbStore *self,
                        GError **error)
{
  FbDurable *durable = durable_of (self);
  g_autofree char *failure = NULL;

  if (durable == NULL || (failure = sync_now (durable)) == NULL)
    return TRUE;

  _fb_store_durable_failed (self, failure);
  g_propagate_error (error, g_error_copy (self->damage));
  return FALSE;
}

/**
 * _fb_store_durable_check:
 *
 * Before a write: a sync the thread found failing makes the store refuse
 * it at once, even before the thread's word reaches this one.
 */
void
_fb_store_durable_check (FbStore *self)
{
  g_autofree char *failure = NULL;

  if (self->durable == NULL)
    return;

  g_mutex_lock (&self->durable->lock);
  failure = g_strdup (self->durable->failure);
  g_mutex_unlock (&self->durable->lock);
  if (failure != NULL)
    _fb_store_durable_failed (self, failure);
}

/**
 * fb_store_flush:
 * @self: a #FbStore
 * @error: why the changes may not be on the disk
 *
 * Waits until every change made here is on the disk, and for the copy of
 * the log into the database on its way. A change's commit returns before
 * that (the disk is synced in a thread, and nothing is sent before it is
 * done); a program about to end calls this, so that what it showed as
 * recorded is kept even if the power goes next.
 *
 * Returns: %TRUE once everything is on the disk
 */
gboolean
fb_store_flush (FbStore *self,
                GError **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  fb_sqlite_wait_for_copy (&self->sql);
  return _fb_store_durable_sync (self, error);
}

/**
 * _fb_store_durable_failed:
 * @why: SQLite's words for the failure
 *
 * A sync failed: from now on the store refuses to write, and whoever
 * shows it is told, as of a damaged file.
 */
void
_fb_store_durable_failed (FbStore    *self,
                          const char *why)
{
  _fb_store_refuse_writes (self,
                           g_error_new (FB_ERROR, FB_ERROR_FAILED,
                                        _("The latest changes could not be written to the disk holding “%s” (%s): "
                                          "those made in the last moments may be lost, and none of them was sent. "
                                          "Firebreak will not write to the file again until it is opened anew; "
                                          "check that the disk is there and neither full nor failing."),
                                        self->sql.path, why));
}

/**
 * _fb_store_durable_close:
 *
 * Before the connection closes: waits for the thread's sync, and syncs
 * what it did not cover.
 */
void
_fb_store_durable_close (FbStore *self)
{
  FbDurable *durable = g_steal_pointer (&self->durable);

  if (durable == NULL)
    return;

  g_free (sync_now (durable));
  g_mutex_lock (&durable->lock);
  durable->closing = TRUE;
  g_mutex_unlock (&durable->lock);
  durable_unref (durable);
}
