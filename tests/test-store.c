/* test-store.c — FbStore on real SQLite files
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "firebreak-core.h"
#include "fb-test-file.h"
#include "fb-test-util.h"

static FbStore *
open_store (FbTestDir  *dir,
            const char *name)
{
  g_autofree char *path = fb_test_dir_file (dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  fb_store_set_author (store, "Aiko Tanaka");

  return store;
}

static void
test_store_create_and_query (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "a.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) incidents = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autofree char *id = NULL, *entry_id = NULL;

  id = fb_store_create_incident (store, "NAS encrypted", "ransomware", 1, 1764000000000, 45, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (fb_uuid_is_valid (id));

  entry_id = fb_store_add_entry (store, id, FB_ENTRY_FACT, "Files renamed to *.locked", 1764000060000, NULL, NULL, &error);
  g_assert_no_error (error);

  incidents = fb_store_list_incidents (store, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (incidents), ==, 1);

  incident = fb_store_get_incident (store, id);
  g_assert_cmpstr (fb_incident_get_title (incident), ==, "NAS encrypted");
  g_assert_cmpstr (fb_incident_get_kind (incident), ==, "ransomware");
  g_assert_cmpint (fb_incident_get_severity (incident), ==, 1);
  g_assert_cmpint (fb_incident_get_containment_target_min (incident), ==, 45);
  g_assert_cmpint (fb_incident_get_detected_at (incident), ==, 1764000000000);
  g_assert_cmpint (fb_incident_get_status (incident), ==, FB_STATUS_OPEN);

  entry = fb_store_get_entry (store, entry_id);
  g_assert_cmpstr (fb_entry_get_text (entry), ==, "Files renamed to *.locked");
  g_assert_cmpstr (fb_entry_get_author (entry), ==, "Aiko Tanaka");
  g_assert_cmpint (fb_entry_get_kind (entry), ==, FB_ENTRY_FACT);
  g_assert_cmpint (fb_entry_get_occurred_at (entry), ==, 1764000060000);

  /* Every local op waits in the outbox for a server, until it says it
   * has them; a server restored from an old backup gets them again. */
  g_assert_cmpuint (fb_store_count_outbox (store), ==, 2);
  {
    g_autoptr(GPtrArray) outbox = fb_store_get_outbox (store, 1, &error);
    g_autoptr(GPtrArray) acked = g_ptr_array_new ();

    g_assert_no_error (error);
    g_assert_cmpuint (outbox->len, ==, 1);
    g_ptr_array_add (acked, ((FbOp *) outbox->pdata[0])->id);
    g_assert_true (fb_store_ack_outbox (store, acked, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fb_store_count_outbox (store), ==, 1);

    g_clear_pointer (&outbox, g_ptr_array_unref);
    outbox = fb_store_get_outbox (store, 0, &error);
    g_assert_cmpuint (outbox->len, ==, 1);
    g_assert_cmpint (((FbOp *) outbox->pdata[0])->device_seq, ==, 2);

    g_assert_true (fb_store_reset_outbox (store, &error));
    g_assert_cmpuint (fb_store_count_outbox (store), ==, 2);
  }
}

/* An incident with one entry in @store: its two ops. */
static GPtrArray *
make_incident_with_entry (FbStore  *store,
                          char    **id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *ops;

  *id = fb_store_create_incident (store, "DoS on shop", "denial-of-service", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  g_free (fb_store_add_entry (store, *id, FB_ENTRY_FACT, "Shop answers 503", 0, NULL, NULL, &error));
  g_assert_no_error (error);

  ops = fb_store_get_ops (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 2);
  return ops;
}

static void
test_store_same_op_twice (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) a = open_store (dir, "a.db");
  g_autoptr(FbStore) b = open_store (dir, "b.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *id = NULL;
  guint n = 0;

  ops = make_incident_with_entry (a, &id);

  g_assert_true (fb_store_apply (b, ops, NULL, FB_APPLY_DEFAULT, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  /* The same ops again, and to the store that made them: nothing changes. */
  g_assert_true (fb_store_apply (b, ops, NULL, FB_APPLY_DEFAULT, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (fb_store_apply (a, ops, NULL, FB_APPLY_DEFAULT, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);

  g_assert_cmpuint (fb_store_count_entries (b, id), ==, 1);
  g_assert_cmpuint (fb_store_count_entries (a, id), ==, 1);

  /* Remote ops are not ours to push. */
  g_assert_cmpuint (fb_store_count_outbox (b), ==, 0);
}

/* Ops a caller says it checked already are still refused when their kind
 * is unknown or their hash does not match them, and nothing is kept. */
static void
test_store_validated_still_checked (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *id = NULL;
  g_autoptr(FbStore) a = open_store (dir, "a.db");
  g_autoptr(GPtrArray) ops = make_incident_with_entry (a, &id);
  g_autoptr(FbStore) b = open_store (dir, "b.db");
  g_autoptr(GError) error = NULL;
  FbOp *entry = g_ptr_array_index (ops, 1);
  char *saved;
  guint n = 0;

  saved = entry->type;
  entry->type = g_strdup ("telegram");
  g_assert_false (fb_store_apply (b, ops, NULL, FB_APPLY_VALIDATED, &n, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "telegram"));
  g_clear_error (&error);
  g_free (entry->type);
  entry->type = saved;

  saved = entry->author;
  entry->author = g_strdup ("mallory");
  g_assert_false (fb_store_apply (b, ops, NULL, FB_APPLY_VALIDATED, &n, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (fb_store_count_entries (b, id), ==, 0);
  g_free (entry->author);
  entry->author = saved;

  g_assert_true (fb_store_apply (b, ops, NULL, FB_APPLY_VALIDATED, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (fb_store_count_entries (b, id), ==, 1);
}

static void
test_store_reopen (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "a.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL, *device = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  FbStore *store;

  store = open_store (dir, "a.db");
  id = fb_store_create_incident (store, "Laptop lost", "lost-device", 3, 0, 60, TRUE, &error);
  g_assert_no_error (error);
  g_free (fb_store_add_entry (store, id, FB_ENTRY_FACT, "Left on a train", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  device = g_strdup (fb_store_get_device_id (store));
  g_assert_finalize_object (store);

  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_store_get_device_id (store), ==, device);
  g_assert_cmpuint (fb_store_count_entries (store, id), ==, 1);

  /* The chain continues where it stopped. */
  g_free (fb_store_add_entry (store, id, FB_ENTRY_ACTION, "Remote wipe requested", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  ops = fb_store_get_ops (store, NULL, &error);
  g_assert_cmpuint (ops->len, ==, 3);
  g_assert_cmpint (((FbOp *) ops->pdata[2])->device_seq, ==, 3);
  g_assert_cmpstr (((FbOp *) ops->pdata[2])->prev, ==, ((FbOp *) ops->pdata[1])->hash);

  {
    g_autoptr(FbVerification) v = fb_store_verify (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (v->problem);
    g_assert_cmpuint (v->n_ops, ==, 3);
  }

  g_assert_finalize_object (store);
}

static void
test_store_new_database_new_device (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) a = open_store (dir, "a.db");
  g_autoptr(FbStore) b = open_store (dir, "b.db");

  g_assert_true (fb_uuid_is_valid (fb_store_get_device_id (a)));
  g_assert_cmpstr (fb_store_get_device_id (a), !=, fb_store_get_device_id (b));
}

static void
assert_refused_untouched (const char *path,
                          int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  FbStore *store;

  before = fb_test_read_bytes (path, &before_len);
  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, FB_ERROR, code);
  /* The message names the file and says it was left alone. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "left exactly as it was"));

  after = fb_test_read_bytes (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* A real Firebreak database with pages in its middle overwritten. */
static char *
make_damaged (FbTestDir  *dir,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  char *path = fb_test_dir_file (dir, name);
  FbStore *store = open_store (dir, name);
  g_autofree char *id = fb_store_create_incident (store, "Target", NULL, 2, 0, 60, FALSE, &error);
  gsize len;

  g_assert_no_error (error);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("Entry number %u with some padding to fill pages", i);
      g_free (fb_store_add_entry (store, id, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_finalize_object (store);

  bytes = fb_test_read_bytes (path, &len);
  g_assert_cmpuint (len, >, 8 * 4096);
  memset (bytes + 4 * 4096, 0x5a, 3 * 4096);
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_store_corrupt_file (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *garbage = fb_test_dir_file (dir, "garbage.db");
  g_autofree char *damaged = NULL;
  g_autofree char *foreign = fb_test_dir_file (dir, "foreign.db");
  g_autoptr(GError) error = NULL;

  /* Not a database at all. */
  g_file_set_contents (garbage, "This is a shopping list, not a database.\n", -1, &error);
  g_assert_no_error (error);
  assert_refused_untouched (garbage, FB_ERROR_CORRUPT);

  damaged = make_damaged (dir, "damaged.db");
  assert_refused_untouched (damaged, FB_ERROR_CORRUPT);

  /* Somebody else's SQLite database. */
  {
    sqlite3 *db;
    g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE recipes (name TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  assert_refused_untouched (foreign, FB_ERROR_CORRUPT);
}

static void
on_damaged_cb (FbStore *store,
               guint   *count)
{
  (*count)++;
}

/* The app opens at once and checks the file beside its first frame: a
 * sound file is written as usual; a damaged one is announced, and nothing
 * is written to it. */
static void
test_store_check_in_background (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *sound = fb_test_dir_file (dir, "sound.db");
  g_autofree char *damaged = make_damaged (dir, "damaged.db");
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gsize before_len, after_len;
  guint n_damaged = 0;
  FbStore *store;

  g_assert_finalize_object (open_store (dir, "sound.db"));
  store = fb_store_open (sound, FB_STORE_OPEN_CHECK_IN_BACKGROUND, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "damaged", G_CALLBACK (on_damaged_cb), &n_damaged);
  id = fb_store_create_incident (store, "Sound", NULL, 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (fb_store_get_damage (store));
  g_assert_cmpuint (n_damaged, ==, 0);
  g_assert_finalize_object (store);

  before = fb_test_read_bytes (damaged, &before_len);
  store = fb_store_open (damaged, FB_STORE_OPEN_CHECK_IN_BACKGROUND, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "damaged", G_CALLBACK (on_damaged_cb), &n_damaged);

  /* Told on the main loop once the check is done. */
  while (n_damaged == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error ((GError *) fb_store_get_damage (store), FB_ERROR, FB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (fb_store_get_damage (store)->message, damaged));

  /* Every write refused, in words a user can act on. */
  g_assert_null (fb_store_create_incident (store, "Another", NULL, 2, 0, 60, FALSE, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "backup"));
  g_clear_error (&error);
  g_assert_false (fb_store_set_meta (store, "note", "x", &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_cmpuint (n_damaged, ==, 1);
  g_assert_finalize_object (store);

  after = fb_test_read_bytes (damaged, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* A store with an incident of @n entries, closed; its id in @incident. */
static char *
make_record (FbTestDir  *dir,
             const char *name,
             guint       n,
             char      **incident)
{
  g_autoptr(GError) error = NULL;
  FbStore *store = open_store (dir, name);

  *incident = fb_store_create_incident (store, "Target", NULL, 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("Entry number %u", i);
      g_free (fb_store_add_entry (store, *incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_finalize_object (store);
  return fb_test_dir_file (dir, name);
}

/* One byte of an index, which only SQLite's integrity check sees: the
 * app's check in the background finds it, a store opened without one
 * checks before its first write, and the file is never written. */
static void
test_store_damaged_index (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *incident = NULL;
  g_autofree char *path = make_record (dir, "record.db", 40, &incident);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  gsize before_len, after_len;
  guint n_damaged = 0;
  FbStore *store;

  fb_test_flip_index_byte (path, "entries_order");
  before = fb_test_read_bytes (path, &before_len);

  store = fb_store_open (path, FB_STORE_OPEN_CHECK_IN_BACKGROUND, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "damaged", G_CALLBACK (on_damaged_cb), &n_damaged);
  while (n_damaged == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (fb_store_get_damage (store)->message, "backup"));
  g_assert_null (fb_store_add_entry (store, incident, FB_ENTRY_FACT, "Nothing", 0, NULL, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_finalize_object (store);

  /* Read as usual; the first write checks first. */
  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "damaged", G_CALLBACK (on_damaged_cb), &n_damaged);
  g_assert_cmpuint (fb_store_count_entries (store, incident), ==, 40);
  g_assert_null (fb_store_add_entry (store, incident, FB_ENTRY_FACT, "Nothing", 0, NULL, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_cmpuint (n_damaged, ==, 2);
  g_assert_finalize_object (store);

  /* The record's check names the damage. */
  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  {
    g_autoptr(FbVerification) v = fb_store_verify (store, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (v->problem, "entries_order"));
    g_assert_nonnull (strstr (v->problem, "backup"));
  }
  g_assert_finalize_object (store);

  /* Opened for writing, it is refused at once. */
  g_assert_null (fb_store_open (path, FB_STORE_OPEN_CHECK_FULLY, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "entries_order"));

  after = fb_test_read_bytes (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* Damage that appears once a store has checked the file and written to
 * it: the write whose statements come across it is undone whole, and
 * every later write refused. */
static void
test_store_damage_while_open (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *incident = NULL;
  g_autofree char *path = make_record (dir, "record.db", 5, &incident);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  guint n_damaged = 0;
  FbStore *store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_signal_connect (store, "damaged", G_CALLBACK (on_damaged_cb), &n_damaged);
  g_free (fb_store_add_entry (store, incident, FB_ENTRY_FACT, "Before", 0, NULL, NULL, &error));
  g_assert_no_error (error);

  fb_test_damage_index_under (path, "sqlite_autoindex_ops_2");
  g_assert_null (fb_store_add_entry (store, incident, FB_ENTRY_FACT, "After", 0, NULL, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_cmpuint (n_damaged, ==, 1);
  g_assert_false (fb_store_set_meta (store, "note", "x", &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_finalize_object (store);
}

/* An empty file is a record that is gone, not a place for a new one:
 * making one there would give it a new device and hide the loss. */
static void
test_store_empty_file (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *empty = fb_test_dir_file (dir, "empty.db");
  g_autofree char *bare = fb_test_dir_file (dir, "bare.db");
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);
  assert_refused_untouched (empty, FB_ERROR_CORRUPT);

  /* An SQLite file whose tables are gone. */
  g_assert_cmpint (sqlite3_open (bare, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); DROP TABLE t", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_untouched (bare, FB_ERROR_CORRUPT);

  /* And the message says what to do. */
  g_assert_null (fb_store_open (empty, FB_STORE_OPEN_DEFAULT, &error));
  g_assert_nonnull (strstr (error->message, "Delete it to start a new record there"));
}

/* A creation killed before its file was in place left a temporary file;
 * the next creation in the folder removes it, and leaves none of its
 * own. */
static void
test_store_stale_creation (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *journal = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n_files = 0;

  /* A process number no process can hold (Linux never hands out one over
   * 2^22), so that a busy machine cannot give it to a new process, as it
   * could the number of one that has just ended. */
  stale = g_strdup_printf ("%s/.new.db.new-%d-0", dir->path, G_MAXINT);
  journal = g_strconcat (stale, "-journal", NULL);
  g_file_set_contents (stale, "half", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (journal, "half", -1, &error);
  g_assert_no_error (error);

  g_assert_finalize_object (open_store (dir, "new.db"));

  listing = g_dir_open (dir->path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, "."));
      n_files++;
    }
  g_assert_cmpuint (n_files, >=, 1);
}

/* A disk that fills while a database is made, at every size from too
 * small for the file to just enough: the error says the disk is full
 * (never "disk I/O error"), and what is left opens once there is room. */
static void
test_store_disk_full (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *mount_point = fb_test_dir_file (dir, "small");
  g_autofree char *fill = g_build_filename (mount_point, "fill", NULL);
  g_autofree char *path = g_build_filename (mount_point, "new.db", NULL);
  const guint size_k = 2048;
  guint n_full = 0, n_made = 0;

  if (getuid () != 0)
    {
      g_test_skip ("mounting a small tmpfs needs root");
      return;
    }
  g_assert_cmpint (g_mkdir (mount_point, 0700), ==, 0);
  if (!fb_test_run_quietly ((const char *[]) { "mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount_point, NULL }))
    {
      g_test_skip ("cannot mount a tmpfs here");
      return;
    }

  for (guint free_k = 96; free_k <= 304; free_k += 8)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *zeros = g_malloc0 ((size_k - free_k) * 1024);
      FbStore *store;

      g_assert_true (g_file_set_contents (fill, zeros, (size_k - free_k) * 1024, NULL));
      store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
      if (store != NULL)
        g_free (fb_store_create_incident (store, "Full", NULL, 3, 0, 60, FALSE, &error));
      if (error != NULL)
        {
          g_assert_error (error, FB_ERROR, FB_ERROR_FAILED);
          g_assert_nonnull (strstr (error->message, "is full"));
          n_full++;
        }
      else
        n_made++;
      g_clear_object (&store);

      /* With room again, what the full disk left opens. */
      g_unlink (fill);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_clear_error (&error);
          g_assert_finalize_object (fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error));
          g_assert_no_error (error);
        }
      fb_test_dir_remove (mount_point);
      g_mkdir (mount_point, 0700);
    }

  g_assert_true (fb_test_run_quietly ((const char *[]) { "umount", mount_point, NULL }));
  g_test_message ("disk full: %u refused as full, %u made", n_full, n_made);
  g_assert_cmpuint (n_full, >, 0);
  g_assert_cmpuint (n_made, >, 0);
}

static void
test_store_newer_schema (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "future.db");
  sqlite3 *db;

  g_assert_finalize_object (open_store (dir, "future.db"));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused_untouched (path, FB_ERROR_NEWER_SCHEMA);
}

static void
on_changed_cb (FbStore    *store,
               guint       flags,
               const char *incident,
               guint      *entry_changes)
{
  if (flags & FB_CHANGE_ENTRIES)
    (*entry_changes)++;
}

/* Two programs on one file: the second hears of the first's commits
 * through the file, not through a shared object. */
static void
test_store_other_writer (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "shared.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) writer = NULL;
  g_autoptr(FbStore) watcher = NULL;
  g_autoptr(FbEntryList) list = NULL;
  g_autofree char *id = NULL;
  guint changes = 0;
  gint64 deadline;

  writer = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  id = fb_store_create_incident (writer, "Phishing wave", NULL, 3, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  watcher = fb_store_open (path, FB_STORE_OPEN_WATCH, &error);
  g_assert_no_error (error);
  g_signal_connect (watcher, "changed", G_CALLBACK (on_changed_cb), &changes);
  list = fb_entry_list_new (watcher, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  g_free (fb_store_add_entry (writer, id, FB_ENTRY_FACT, "Forty users got the mail", 0, NULL, NULL, &error));
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (changes == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (changes, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* Both write, in turns: one device, one chain, no number used twice. */
  for (guint i = 0; i < 5; i++)
    {
      g_free (fb_store_add_entry (watcher, id, FB_ENTRY_NOTE, "from the watcher", 0, NULL, NULL, &error));
      g_assert_no_error (error);
      g_free (fb_store_add_entry (writer, id, FB_ENTRY_NOTE, "from the writer", 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  {
    g_autoptr(FbVerification) v = fb_store_verify (writer, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (v->problem);
    g_assert_cmpuint (v->n_ops, ==, 12);
  }
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *calls)
{
  calls[0]++;
  calls[1] = position;
  calls[2] = removed;
  calls[3] = added;
}

static void
test_store_entry_list (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "a.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbEntryList) list = NULL;
  g_autoptr(FbEntry) first = NULL, last = NULL;
  g_autofree char *id = NULL, *early = NULL, *original = NULL, *amendment = NULL;
  guint calls[4] = { 0 };

  id = fb_store_create_incident (store, "Cloud bucket public", "cloud-exposure", 2, 1764000000000, 60, FALSE, &error);
  g_assert_no_error (error);
  list = fb_entry_list_new (store, id);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), calls);

  original = fb_store_add_entry (store, id, FB_ENTRY_FACT, "Bucket readable since 3 May", 1764000300000, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls[0], ==, 1);
  g_assert_cmpuint (calls[1], ==, 0);
  g_assert_cmpuint (calls[3], ==, 1);

  /* A back-dated fact sorts by when it happened, not when it was typed. */
  early = fb_store_add_entry (store, id, FB_ENTRY_FACT, "Researcher emailed security@", 1764000100000, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls[1], ==, 0);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (fb_entry_get_id (first), ==, early);

  /* Amending leaves the original and links the two. */
  amendment = fb_store_add_entry (store, id, FB_ENTRY_FACT, "Bucket readable since 3 April", 1764000400000, original, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  {
    g_autoptr(FbEntry) orig = fb_store_get_entry (store, original);
    g_assert_cmpstr (fb_entry_get_text (orig), ==, "Bucket readable since 3 May");
    g_assert_cmpstr (fb_entry_get_amended_by (orig), ==, amendment);
  }
  last = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_assert_cmpstr (fb_entry_get_amends (last), ==, original);

  /* Pinning shows through the same model. */
  g_assert_true (fb_store_set_pinned (store, early, TRUE, &error));
  g_assert_no_error (error);
  fb_entry_list_set_pinned_only (list, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  fb_entry_list_set_pinned_only (list, FALSE);

  /* Kind filter and search, Latin and Japanese, long and short. */
  g_free (fb_store_add_entry (store, id, FB_ENTRY_DECISION, "公開設定を直ちに非公開に変更する", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  fb_entry_list_set_kinds (list, 1u << FB_ENTRY_DECISION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  fb_entry_list_set_kinds (list, FB_ENTRY_KINDS_ALL);

  fb_entry_list_set_search (list, "april");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  fb_entry_list_set_search (list, "非公開");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  fb_entry_list_set_search (list, "公開");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  fb_entry_list_set_search (list, "Bucket \"readable");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  fb_entry_list_set_search (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  g_assert_cmpuint (fb_entry_list_find (list, amendment), ==, 2);
}

static void
test_store_containment_and_close (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "a.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autoptr(GListModel) system = NULL;
  g_autoptr(GListModel) open = NULL;
  g_autofree char *id = NULL;

  id = fb_store_create_incident (store, "Targeted attack", "targeted-attack", 1, 1764000000000, 60, FALSE, &error);
  g_assert_no_error (error);

  g_assert_true (fb_store_record_containment (store, id, 1764000000000 + 47 * 60000, &error));
  g_assert_no_error (error);
  incident = fb_store_get_incident (store, id);
  g_assert_cmpint (fb_incident_get_contained_at (incident), ==, 1764000000000 + 47 * 60000);
  g_assert_cmpint (fb_incident_get_phase (incident), ==, FB_PHASE_CONTAINMENT);

  system = fb_store_list_entries_where (store, id, 1u << FB_ENTRY_SYSTEM, FALSE, 0);
  g_assert_cmpuint (g_list_model_get_n_items (system), ==, 1);
  {
    g_autoptr(FbEntry) entry = g_list_model_get_item (system, 0);
    g_assert_nonnull (strstr (fb_entry_get_text (entry), "47 min"));
  }

  g_assert_true (fb_store_set_incident_open (store, id, FALSE, &error));
  g_assert_no_error (error);
  open = fb_store_list_incidents (store, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 0);
}

static void
test_store_roles_and_checklist (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "a.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRole) commander = NULL;
  g_autoptr(FbChecklistItem) item = NULL;
  g_autoptr(GListModel) system = NULL;
  g_autoptr(JsonObject) done = json_object_new ();
  g_autofree char *id = NULL, *item_id = NULL;

  id = fb_store_create_incident (store, "Ransomware", "ransomware", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  g_assert_true (fb_store_assign_role (store, id, "commander", "Kenji Sato", NULL, &error));
  g_assert_no_error (error);
  commander = fb_store_get_role (store, id, "commander");
  g_assert_cmpstr (fb_role_get_person (commander), ==, "Kenji Sato");

  item_id = fb_store_add_checklist_item (store, id, FB_SECTION_DAMAGE_LIMITATION, "Isolate infected hosts", 0, NULL, &error);
  g_assert_no_error (error);
  json_object_set_string_member (done, "state", "done");
  g_assert_true (fb_store_set_checklist_item (store, item_id, done, &error));
  g_assert_no_error (error);

  item = fb_store_get_checklist_item (store, item_id);
  g_assert_cmpint (fb_checklist_item_get_state (item), ==, FB_ITEM_DONE);
  g_assert_cmpstr (fb_checklist_item_get_done_by (item), ==, "Aiko Tanaka");
  g_assert_cmpint (fb_checklist_item_get_done_at (item), >, 0);

  /* Both the commander and the finished item are on the timeline. */
  system = fb_store_list_entries_where (store, id, 1u << FB_ENTRY_SYSTEM, FALSE, 0);
  g_assert_cmpuint (g_list_model_get_n_items (system), ==, 2);
}

static void
test_store_contacts (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "a.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) later = json_object_new ();
  g_autoptr(GListModel) all = NULL, found = NULL, after = NULL;
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "name", "Yuki Mori");
  json_object_set_string_member (fields, "organisation", "Legal department");
  json_object_set_string_member (fields, "category", "legal");
  json_object_set_string_member (fields, "phone", "+81 3 0000 0000");
  id = fb_store_set_contact (store, NULL, fields, &error);
  g_assert_no_error (error);

  all = fb_store_list_contacts (store, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
  found = fb_store_list_contacts (store, "legal");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);

  g_assert_true (fb_store_delete_contact (store, id, &error));
  g_assert_no_error (error);

  /* An edit after the delete does not bring the contact back. */
  json_object_set_string_member (later, "phone", "+81 3 1111 1111");
  g_free (fb_store_set_contact (store, id, later, &error));
  g_assert_no_error (error);
  after = fb_store_list_contacts (store, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, 0);
}

static void
test_store_bad_local_input (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "a.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL, *bad = NULL;
  g_autofree char *too_long = g_strnfill (FB_OP_MAX_TEXT + 1, 'a');

  id = fb_store_create_incident (store, "Test", NULL, 3, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  bad = fb_store_add_entry (store, id, FB_ENTRY_FACT, too_long, 0, NULL, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, FB_ERROR, FB_ERROR_TOO_LARGE);
  g_clear_error (&error);

  bad = fb_store_create_incident (store, "", NULL, 3, 0, 60, FALSE, &error);
  g_assert_null (bad);
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  /* A refused op leaves no trace and does not use up a number. */
  g_assert_cmpuint (fb_store_count_outbox (store), ==, 1);
  g_free (fb_store_add_entry (store, id, FB_ENTRY_FACT, "fine", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(FbVerification) v = fb_store_verify (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (v->problem);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/create-and-query", test_store_create_and_query);
  g_test_add_func ("/store/same-op-twice", test_store_same_op_twice);
  g_test_add_func ("/store/validated-still-checked", test_store_validated_still_checked);
  g_test_add_func ("/store/reopen", test_store_reopen);
  g_test_add_func ("/store/new-database-new-device", test_store_new_database_new_device);
  g_test_add_func ("/store/corrupt-file", test_store_corrupt_file);
  g_test_add_func ("/store/check-in-background", test_store_check_in_background);
  g_test_add_func ("/store/damaged-index", test_store_damaged_index);
  g_test_add_func ("/store/damage-while-open", test_store_damage_while_open);
  g_test_add_func ("/store/newer-schema", test_store_newer_schema);
  g_test_add_func ("/store/empty-file", test_store_empty_file);
  g_test_add_func ("/store/stale-creation", test_store_stale_creation);
  g_test_add_func ("/store/disk-full", test_store_disk_full);
  g_test_add_func ("/store/other-writer", test_store_other_writer);
  g_test_add_func ("/store/entry-list", test_store_entry_list);
  g_test_add_func ("/store/containment-and-close", test_store_containment_and_close);
  g_test_add_func ("/store/roles-and-checklist", test_store_roles_and_checklist);
  g_test_add_func ("/store/contacts", test_store_contacts);
  g_test_add_func ("/store/bad-local-input", test_store_bad_local_input);

  return g_test_run ();
}
