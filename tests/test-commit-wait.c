/* test-commit-wait.c — which commits wait for the disk
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A change made here exists nowhere else until the server has it: it
 * must reach the disk before it leaves the machine, and the window's
 * thread must not wait for that. Ops a server sent are already on its
 * disk, and their commit need not wait. The test counts the syncs of
 * each store's write-ahead log through a VFS that passes every call to
 * SQLite's own and counts xSync, by thread; it can hold the syncs other
 * threads make, and make them fail as a failing disk does. It also counts
 * the writes and syncs of the database file itself, which a checkpoint
 * makes when it copies the log in: the window's thread makes none.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-test-store.h"
#include "fb-test-util.h"

/* The counting VFS --------------------------------------------------------- */

typedef struct
{
  sqlite3_file  base;
  gboolean      wal;
  gboolean      main_db;
  sqlite3_file *real;  /* follows this struct in the same allocation */
} CountFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs count_vfs;
static sqlite3_io_methods count_methods;
static guint wal_syncs;          /* on any thread */
static guint wal_syncs_here;     /* on the test's own (the window's) thread */
static GThread *here_thread;
static GMutex gate_lock;
static GCond gate_open;
static gboolean holding;         /* syncs on other threads wait for release () */
static gboolean failing;         /* syncs of the log fail, as on a failing disk */
static gint released;
static guint db_writes;          /* to the database file, on any thread */
static guint db_touched_here;    /* its writes and syncs on the test's thread */

static sqlite3_file *
real_of (sqlite3_file *file)
{
  return ((CountFile *) file)->real;
}

static int
count_close (sqlite3_file *file)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods != NULL ? real->pMethods->xClose (real) : SQLITE_OK;
}

static int
count_read (sqlite3_file *file, void *buf, int amount, sqlite3_int64 offset)
{
  return real_of (file)->pMethods->xRead (real_of (file), buf, amount, offset);
}

/* A write or a sync of the database file itself. */
static void
count_db (sqlite3_file *file,
          gboolean      write)
{
  if (!((CountFile *) file)->main_db)
    return;
  if (g_thread_self () == here_thread)
    g_atomic_int_inc (&db_touched_here);
  if (write)
    g_atomic_int_inc (&db_writes);
}

static int
count_write (sqlite3_file *file, const void *buf, int amount, sqlite3_int64 offset)
{
  count_db (file, TRUE);
  return real_of (file)->pMethods->xWrite (real_of (file), buf, amount, offset);
}

static int
count_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  return real_of (file)->pMethods->xTruncate (real_of (file), size);
}

static int
count_sync (sqlite3_file *file, int flags)
{
  count_db (file, FALSE);
  if (!((CountFile *) file)->wal)
    return real_of (file)->pMethods->xSync (real_of (file), flags);

  if (g_thread_self () == here_thread)
    g_atomic_int_inc (&wal_syncs_here);
  else
    {
      /* Held for at most a minute: a test that never releases fails on
       * its own assertions rather than hanging. */
      gint64 until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      g_mutex_lock (&gate_lock);
      while (holding && g_cond_wait_until (&gate_open, &gate_lock, until))
        ;
      g_mutex_unlock (&gate_lock);
    }
  g_atomic_int_inc (&wal_syncs);

  if (g_atomic_int_get (&failing))
    return SQLITE_IOERR_FSYNC;
  return real_of (file)->pMethods->xSync (real_of (file), flags);
}

static void
hold (void)
{
  g_mutex_lock (&gate_lock);
  holding = TRUE;
  g_atomic_int_set (&released, FALSE);
  g_mutex_unlock (&gate_lock);
}

static void
release (void)
{
  g_mutex_lock (&gate_lock);
  holding = FALSE;
  g_atomic_int_set (&released, TRUE);
  g_cond_broadcast (&gate_open);
  g_mutex_unlock (&gate_lock);
}

static gpointer
release_later_thread (gpointer data)
{
  g_usleep (200 * 1000);
  release ();
  return NULL;
}

static int
count_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return real_of (file)->pMethods->xFileSize (real_of (file), size);
}

static int
count_lock (sqlite3_file *file, int lock)
{
  return real_of (file)->pMethods->xLock (real_of (file), lock);
}

static int
count_unlock (sqlite3_file *file, int lock)
{
  return real_of (file)->pMethods->xUnlock (real_of (file), lock);
}

static int
count_check_lock (sqlite3_file *file, int *out)
{
  return real_of (file)->pMethods->xCheckReservedLock (real_of (file), out);
}

static int
count_control (sqlite3_file *file, int op, void *arg)
{
  return real_of (file)->pMethods->xFileControl (real_of (file), op, arg);
}

static int
count_sector_size (sqlite3_file *file)
{
  return real_of (file)->pMethods->xSectorSize (real_of (file));
}

static int
count_device (sqlite3_file *file)
{
  return real_of (file)->pMethods->xDeviceCharacteristics (real_of (file));
}

static int
count_shm_map (sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
  return real_of (file)->pMethods->xShmMap (real_of (file), page, size, extend, out);
}

static int
count_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return real_of (file)->pMethods->xShmLock (real_of (file), offset, n, flags);
}

static void
count_shm_barrier (sqlite3_file *file)
{
  real_of (file)->pMethods->xShmBarrier (real_of (file));
}

static int
count_shm_unmap (sqlite3_file *file, int delete)
{
  return real_of (file)->pMethods->xShmUnmap (real_of (file), delete);
}

static int
count_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  CountFile *count = (CountFile *) file;
  int rc;

  (void) vfs;
  count->real = (sqlite3_file *) (count + 1);
  count->wal = (flags & SQLITE_OPEN_WAL) != 0;
  count->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  rc = real_vfs->xOpen (real_vfs, name, count->real, flags, out_flags);
  /* SQLite calls xClose only when pMethods is set. */
  file->pMethods = rc == SQLITE_OK ? &count_methods : NULL;
  return rc;
}

static int
count_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  (void) vfs;
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
count_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  (void) vfs;
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
count_full_path (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  (void) vfs;
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static int
count_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  (void) vfs;
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
count_sleep (sqlite3_vfs *vfs, int us)
{
  (void) vfs;
  return real_vfs->xSleep (real_vfs, us);
}

static int
count_current_time (sqlite3_vfs *vfs, double *out)
{
  (void) vfs;
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
count_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  (void) vfs;
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
count_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  (void) vfs;
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

/* Counts for every store opened after it. Version 2 of the file methods: the shared memory a WAL needs, without
 * the memory-mapped reads of version 3, which the store does not use. */
static void
register_count_vfs (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  here_thread = g_thread_self ();

  count_methods = (sqlite3_io_methods) {
    .iVersion = 2,
    .xClose = count_close,
    .xRead = count_read,
    .xWrite = count_write,
    .xTruncate = count_truncate,
    .xSync = count_sync,
    .xFileSize = count_file_size,
    .xLock = count_lock,
    .xUnlock = count_unlock,
    .xCheckReservedLock = count_check_lock,
    .xFileControl = count_control,
    .xSectorSize = count_sector_size,
    .xDeviceCharacteristics = count_device,
    .xShmMap = count_shm_map,
    .xShmLock = count_shm_lock,
    .xShmBarrier = count_shm_barrier,
    .xShmUnmap = count_shm_unmap,
  };
  count_vfs = (sqlite3_vfs) {
    .iVersion = 2,
    .szOsFile = (int) sizeof (CountFile) + real_vfs->szOsFile,
    .mxPathname = real_vfs->mxPathname,
    .zName = "fb-count-syncs",
    .xOpen = count_open,
    .xDelete = count_delete,
    .xAccess = count_access,
    .xFullPathname = count_full_path,
    .xRandomness = count_randomness,
    .xSleep = count_sleep,
    .xCurrentTime = count_current_time,
    .xGetLastError = count_last_error,
    .xCurrentTimeInt64 = count_current_time_int64,
  };
  g_assert_cmpint (sqlite3_vfs_register (&count_vfs, 1), ==, SQLITE_OK);
}

/* The tests ---------------------------------------------------------------- */

#define T0 G_GINT64_CONSTANT (1767225600000)

typedef struct
{
  FbTestDir   *dir;
  FbTestClock  clock;
  FbStore     *here;
  FbStore     *there;
  char        *incident;
} Room;

/* Waits for the syncs of what was made here so far, and for what they
 * tell, so that none falls in what a test counts next. */
static void
settle (FbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = fb_store_get_outbox (store, 0, &error);

  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
room_open (Room *room)
{
  g_autoptr(GError) error = NULL;

  room->dir = fb_test_dir_new ();
  room->clock.now_ms = T0;
  room->there = fb_test_store_open (room->dir, "there.db", &room->clock, "Aiko");
  /* After the first store: Firebreak listens to SQLite's reports of
   * damage, which can only be set up before SQLite's first use. */
  if (real_vfs == NULL)
    register_count_vfs ();
  room->here = fb_test_store_open (room->dir, "here.db", &room->clock, "Ben");
  room->incident = fb_store_create_incident (room->there, "Leak from the CRM", "leak", 1, T0, 60, FALSE, &error);
  g_assert_no_error (error);

  /* The first frame of a write-ahead log waits for the disk whatever the
   * commit: a store's log begins with its first write. */
  g_free (fb_store_create_incident (room->here, "Drill: phishing", "phishing", 3, T0, 60, TRUE, &error));
  g_assert_no_error (error);
  settle (room->here);
}

static void
room_close (Room *room)
{
  g_clear_object (&room->here);
  g_clear_object (&room->there);
  g_free (room->incident);
  fb_test_dir_free (room->dir);
}

/* Adds an entry there, and returns the ops there that @here lacks. */
static GPtrArray *
new_ops_there (Room       *room,
               const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

  room->clock.now_ms += 1000;
  g_free (fb_store_add_entry (room->there, room->incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));
  g_assert_no_error (error);
  settle (room->there);
  all = fb_store_get_ops (room->there, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      const FbOp *op = all->pdata[i];

      if (!fb_store_has_op (room->here, op->id))
        g_ptr_array_add (fresh, fb_op_copy (op));
    }
  g_assert_cmpuint (fresh->len, >, 0);
  return fresh;
}

static void
on_changed_cb (FbStore    *store,
               guint       flags,
               const char *incident,
               guint      *outbox_told)
{
  if (flags & FB_CHANGE_SENDABLE)
    (*outbox_told)++;
}

/* Iterates the loop until the store announces changes ready to send,
 * and returns the log's syncs by then, since @before. */
static guint
syncs_when_outbox_told (FbStore *store,
                        guint    before)
{
  guint told = 0, syncs = 0;
  gulong id = g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &told);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (told == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  syncs = g_atomic_int_get (&wal_syncs) - before;
  g_signal_handler_disconnect (store, id);
  g_assert_cmpuint (told, >, 0);
  return syncs;
}

/* An entry made here: the syncs of the log before it was announced as
 * ready to send. */
static guint
syncs_of_local_entry (Room       *room,
                      const char *text)
{
  g_autoptr(GError) error = NULL;
  guint before = g_atomic_int_get (&wal_syncs);

  room->clock.now_ms += 1000;
  g_free (fb_store_add_entry (room->here, room->incident, FB_ENTRY_ACTION, text, 0, NULL, NULL, &error));
  g_assert_no_error (error);
  return syncs_when_outbox_told (room->here, before);
}

static guint
syncs_of_apply (Room        *room,
                GPtrArray   *ops,
                FbApplyFlags flags)
{
  g_autoptr(GError) error = NULL;
  guint before = g_atomic_int_get (&wal_syncs);
  guint applied = 0;

  fb_store_apply (room->here, ops, NULL, flags, &applied, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, ops->len);
  return wal_syncs - before;
}

static void
test_server_ops_do_not_wait (void)
{
  Room room = { 0 };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;

  room_open (&room);

  /* A store's own change is on the disk before it is offered to leave. */
  first = new_ops_there (&room, "Exfiltration to 203.0.113.7 seen in proxy logs");
  g_assert_cmpuint (syncs_of_apply (&room, first, FB_APPLY_TRUST_CLOCKS | FB_APPLY_HELD_BY_SERVER), ==, 0);
  g_assert_cmpuint (syncs_of_local_entry (&room, "Proxy logs kept"), >, 0);

  /* Ops from anywhere but a server (a peer, a file) wait too. */
  second = new_ops_there (&room, "CRM export account disabled");
  g_assert_cmpuint (syncs_of_apply (&room, second, FB_APPLY_TRUST_CLOCKS), >, 0);

  /* Drafts are made here: they wait whatever else the caller says. */
  {
    g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
    g_autoptr(JsonObject) body = json_object_new ();
    g_autoptr(GError) error = NULL;
    guint before = g_atomic_int_get (&wal_syncs);

    json_object_set_string_member (body, "title", "Leak from the CRM, customer data");
    g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_INCIDENT_UPDATE, room.incident, room.incident, body));
    g_assert_true (fb_store_apply (room.here, drafts, NULL, FB_APPLY_LOCAL | FB_APPLY_HELD_BY_SERVER, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (syncs_when_outbox_told (room.here, before), >, 0);
  }

  /* After a batch from the server that is refused, the next own change
   * still waits. */
  third = new_ops_there (&room, "Legal informed");
  {
    g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
    g_autoptr(GError) error = NULL;
    FbOp *op;

    for (guint i = 0; i < third->len; i++)
      g_ptr_array_add (bad, fb_op_copy (third->pdata[i]));
    op = bad->pdata[bad->len - 1];
    g_free (op->hash);
    op->hash = g_strdup ("0000000000000000000000000000000000000000000000000000000000000000");
    g_assert_false (fb_store_apply (room.here, bad, NULL, FB_APPLY_TRUST_CLOCKS | FB_APPLY_HELD_BY_SERVER,
                                    NULL, &error));
    g_assert_nonnull (error);
  }
  g_assert_cmpuint (syncs_of_local_entry (&room, "Customers' notice drafted"), >, 0);
  g_assert_cmpuint (syncs_of_apply (&room, third, FB_APPLY_TRUST_CLOCKS | FB_APPLY_HELD_BY_SERVER), ==, 0);
  g_assert_cmpuint (syncs_of_local_entry (&room, "Regulator's form opened"), >, 0);

  room_close (&room);
}

/* What a commit that did not wait holds is read back whole once the
 * store is opened again: not waiting changes when the disk has it, not
 * what is written. */
static void
test_server_ops_read_back (void)
{
  Room room = { 0 };
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) read_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FbVerification) verification = NULL;

  room_open (&room);
  ops = new_ops_there (&room, "Backups of the CRM are intact");
  g_assert_cmpuint (syncs_of_apply (&room, ops, FB_APPLY_TRUST_CLOCKS | FB_APPLY_HELD_BY_SERVER), ==, 0);
  g_clear_object (&room.here);

  path = fb_test_dir_file (room.dir, "here.db");
  room.here = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, &room.clock, &error);
  g_assert_no_error (error);
  read_back = fb_store_get_ops (room.here, room.incident, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read_back->len, ==, ops->len);
  verification = fb_store_verify (room.here, room.incident, &error);
  g_assert_no_error (error);
  g_assert_null (verification->problem);

  room_close (&room);
}

/* The window's thread does not wait for the disk: the sync is another
 * thread's, and until it is done nothing is announced for sending; the
 * outbox read meanwhile waits for it. */
static void
test_window_does_not_wait (void)
{
  Room room = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GThread) releaser = NULL;
  guint told = 0, here_before, before;
  gulong changed;
  gint64 until;

  room_open (&room);

  changed = g_signal_connect (room.here, "changed", G_CALLBACK (on_changed_cb), &told);
  hold ();
  here_before = g_atomic_int_get (&wal_syncs_here);
  before = g_atomic_int_get (&wal_syncs);
  room.clock.now_ms += 1000;
  id = fb_store_add_entry (room.here, room.incident, FB_ENTRY_DECISION, "Isolate the CRM host", 0, NULL, NULL,
                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_cmpuint (g_atomic_int_get (&wal_syncs_here), ==, here_before);

  /* The sync is held: a tenth of a second of the loop announces nothing
   * to send. */
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 10;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (told, ==, 0);

  /* Reading the outbox waits for the sync, which another thread lets go
   * a moment later. */
  releaser = g_thread_new ("release-later", release_later_thread, NULL);
  outbox = fb_store_get_outbox (room.here, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_atomic_int_get (&released));
  g_assert_cmpuint (g_atomic_int_get (&wal_syncs) - before, >, 0);
  g_assert_cmpuint (outbox->len, >, 0);
  g_assert_cmpstr (((FbOp *) outbox->pdata[outbox->len - 1])->entity, ==, id);
  g_thread_join (g_steal_pointer (&releaser));

  /* And then it is announced. */
  until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (told == 0 && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (told, >, 0);
  g_signal_handler_disconnect (room.here, changed);

  room_close (&room);
}

static void
on_damaged_cb (FbStore  *store,
               gboolean *damaged)
{
  *damaged = TRUE;
}

/* A disk that fails to sync: the store says so in words, refuses to
 * write from then on, and sends nothing; what it held is still read. */
static void
test_sync_fails (void)
{
  Room room = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *id = NULL, *refused = NULL, *path = NULL;
  g_autoptr(FbEntry) entry = NULL;
  gboolean damaged = FALSE;
  gint64 until;

  room_open (&room);
  g_signal_connect (room.here, "damaged", G_CALLBACK (on_damaged_cb), &damaged);

  g_atomic_int_set (&failing, TRUE);
  room.clock.now_ms += 1000;
  id = fb_store_add_entry (room.here, room.incident, FB_ENTRY_FACT, "Disk errors in the host's log", 0, NULL, NULL,
                           &error);
  g_assert_no_error (error);

  until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!damaged && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (damaged);
  g_assert_nonnull (fb_store_get_damage (room.here));
  g_assert_nonnull (strstr (fb_store_get_damage (room.here)->message, "could not be written to the disk"));
  g_assert_nonnull (strstr (fb_store_get_damage (room.here)->message, "here.db"));

  refused = fb_store_add_entry (room.here, room.incident, FB_ENTRY_FACT, "Another", 0, NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, FB_ERROR, FB_ERROR_FAILED);
  g_clear_error (&error);

  outbox = fb_store_get_outbox (room.here, 0, &error);
  g_assert_null (outbox);
  g_assert_error (error, FB_ERROR, FB_ERROR_FAILED);
  g_clear_error (&error);
  g_atomic_int_set (&failing, FALSE);

  /* Opened again on a disk that works, the record is whole. */
  g_clear_object (&room.here);
  path = fb_test_dir_file (room.dir, "here.db");
  room.here = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, &room.clock, &error);
  g_assert_no_error (error);
  entry = fb_store_get_entry (room.here, id);
  g_assert_nonnull (entry);

  room_close (&room);
}

/* A long log is copied into the database by another thread: the window's
 * thread neither writes the file nor syncs it, however many changes it
 * makes, and what the copy wrote reads back. */
static void
test_checkpoint_beside (void)
{
  Room room = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (1500, 'x');
  g_autofree char *path = NULL, *wal = NULL, *first = NULL, *last = NULL;
  g_autoptr(FbEntry) entry = NULL;
  GStatBuf info;
  goffset before;
  guint n = 0;

  room_open (&room);
  g_atomic_int_set (&db_touched_here, 0);
  g_atomic_int_set (&db_writes, 0);

  /* Enough for several copies: each entry writes a few pages to the log. */
  for (; n < 6000 && g_atomic_int_get (&db_writes) == 0; n++)
    {
      g_autofree char *id = NULL;

      room.clock.now_ms += 10;
      id = fb_store_add_entry (room.here, room.incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error);
      g_assert_no_error (error);
      if (first == NULL)
        first = g_steal_pointer (&id);
    }
  g_assert_true (fb_store_flush (room.here, &error));
  g_assert_no_error (error);
  g_test_message ("%u entries before the first copy", n);

  g_assert_cmpuint (g_atomic_int_get (&db_writes), >, 0);
  g_assert_cmpuint (g_atomic_int_get (&db_touched_here), ==, 0);

  /* The log is begun again after the copy, in a moment with no write on
   * its way: the copy began as the last entry above was written, and
   * the flush waited for it with nothing else written. Half as many
   * entries again then fit in the log's file without growing it; without
   * the new beginning they would be written past its end. (How soon a
   * gap between a person's or a sync's writes is found on a loaded
   * machine is a matter for the benchmarks, not a test.) */
  path = fb_test_dir_file (room.dir, "here.db");
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_cmpint (g_stat (wal, &info), ==, 0);
  before = info.st_size;
  for (guint i = 0; i < n / 2; i++)
    {
      room.clock.now_ms += 10;
      g_free (last);
      last = fb_store_add_entry (room.here, room.incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (fb_store_flush (room.here, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_atomic_int_get (&db_touched_here), ==, 0);
  g_assert_cmpint (g_stat (wal, &info), ==, 0);
  g_test_message ("log file %lld bytes, then %lld", (long long) before, (long long) info.st_size);
  g_assert_cmpint (info.st_size, <=, before);

  /* Opened anew, everything is there and the record checks out. */
  g_clear_object (&room.here);
  room.here = fb_store_open_with_clock (path, FB_STORE_OPEN_CHECK_FULLY, fb_test_clock_read, &room.clock, &error);
  g_assert_no_error (error);
  entry = fb_store_get_entry (room.here, first);
  g_assert_nonnull (entry);
  g_clear_object (&entry);
  entry = fb_store_get_entry (room.here, last);
  g_assert_nonnull (entry);
  {
    g_autoptr(FbVerification) verification = fb_store_verify (room.here, NULL, &error);

    g_assert_no_error (error);
    g_assert_null (verification->problem);
  }

  room_close (&room);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/commit-wait/server-ops-do-not-wait", test_server_ops_do_not_wait);
  g_test_add_func ("/commit-wait/server-ops-read-back", test_server_ops_read_back);
  g_test_add_func ("/commit-wait/window-does-not-wait", test_window_does_not_wait);
  g_test_add_func ("/commit-wait/sync-fails", test_sync_fails);
  g_test_add_func ("/commit-wait/checkpoint-beside", test_checkpoint_beside);

  return g_test_run ();
}
