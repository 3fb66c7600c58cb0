/* test-verify-spool.c — the check of a long record keeps its hashes
 * beyond a bound on disk, and in memory when it has no disk to use
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two workstations write several thousand entries each, in turns, so
 * that each device's hashes fill the spool's memory more than once. The
 * fast check must give the digest and counts that the ordered check
 * gives. Without a scratch folder (one that does not exist, as a full or
 * missing disk would leave it) the spool keeps its bytes in memory.
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-spool-private.h"
#include "fb-store-verify-private.h"
#include "fb-test-store.h"
#include "fb-test-util.h"

#define N_STORES 2
#define ROUNDS   6
#define BATCH    500

static FbTestDir *record_dir;
static char *record_path;
static char *incident;

static void
add_batch (FbStore    *store,
           const char *incident_id,
           guint       round)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < BATCH; i++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autofree char *id = fb_uuid_new ();
      g_autofree char *text = g_strdup_printf ("Round %u: host %u answered the sweep", round, i);

      json_object_set_string_member (body, "kind", "fact");
      json_object_set_string_member (body, "text", text);
      json_object_set_int_member (body, "occurred_at", (gint64) (round * BATCH + i) * 1000);
      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident_id, id, body));
    }

  g_assert_true (fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error));
  g_assert_no_error (error);
}

static void
make_record (void)
{
  g_autoptr(GError) error = NULL;
  FbStore *stores[N_STORES];

  record_dir = fb_test_dir_new ();
  record_path = fb_test_store_open_several (record_dir, stores, N_STORES);

  incident = fb_store_create_incident (stores[0], "Ransomware on the file servers", "ransomware", 1, 0, 60,
                                       FALSE, &error);
  g_assert_no_error (error);
  fb_test_store_exchange (stores, N_STORES);

  for (guint round = 0; round < ROUNDS; round++)
    {
      for (guint i = 0; i < N_STORES; i++)
        add_batch (stores[i], incident, round);
      fb_test_store_exchange (stores, N_STORES);
    }

  for (guint i = 0; i < N_STORES; i++)
    g_object_unref (stores[i]);
}

/* The fast check, and the ordered one that walks each chain in its
 * order and applies every change again, agree on an intact record. */
static void
check_record (const char *incident_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (record_path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbVerification) fast = NULL;
  g_autoptr(FbVerification) full = NULL;
  FbVerifySteps steps = { NULL, 0, 0 };
  gboolean settled;

  g_assert_no_error (error);
  fast = _fb_store_verify_pass (store, incident_id, TRUE, &steps, &settled, &error);
  g_assert_no_error (error);
  g_assert_true (settled);
  g_assert_null (fast->problem);

  full = _fb_store_verify_pass (store, incident_id, FALSE, &steps, &settled, &error);
  g_assert_no_error (error);
  g_assert_null (full->problem);

  g_assert_cmpstr (fast->digest, ==, full->digest);
  g_assert_cmpuint (fast->n_ops, ==, full->n_ops);
  g_assert_cmpuint (fast->n_devices, ==, N_STORES);
  g_assert_cmpuint (fast->n_ops, >, N_STORES * ROUNDS * BATCH);
}

static void
test_long_record (void)
{
  check_record (incident);
  check_record (NULL);
}

/* Bytes appended a few at a time come back in order, whole, however the
 * spool held them. */
static void
collect_cb (const guint8 *data,
            gsize         length,
            gpointer      user_data)
{
  g_byte_array_append (user_data, data, (guint) length);
}

static void
check_spool_reads_back (void)
{
  g_autoptr(FbSpool) spool = _fb_spool_new ();
  g_autoptr(GByteArray) back = g_byte_array_new ();
  guint8 piece[32];
  guint n = 20000;

  for (guint i = 0; i < n; i++)
    {
      memset (piece, (int) (i & 0xff), sizeof piece);
      piece[0] = (guint8) (i >> 8);
      _fb_spool_append (spool, piece, sizeof piece);
    }
  g_assert_cmpuint (_fb_spool_get_size (spool), ==, (guint64) n * sizeof piece);

  g_assert_true (_fb_spool_read (spool, collect_cb, back));
  g_assert_cmpuint (back->len, ==, n * sizeof piece);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (back->data[i * sizeof piece], ==, (guint8) (i >> 8));
      g_assert_cmpuint (back->data[i * sizeof piece + 31], ==, (guint8) (i & 0xff));
    }

  /* Read twice, it gives the same. */
  g_byte_array_set_size (back, 0);
  g_assert_true (_fb_spool_read (spool, collect_cb, back));
  g_assert_cmpuint (back->len, ==, n * sizeof piece);
}

static void
test_spool (void)
{
  check_spool_reads_back ();
}

/* With nowhere to put a scratch file the spool keeps everything in
 * memory. The folder is missing only in a process of its own, named
 * there before anything reads it (main ()): GLib reads TMPDIR once. */
static void
test_no_scratch (void)
{
  if (g_test_subprocess ())
    {
      g_assert_false (g_file_test (g_get_tmp_dir (), G_FILE_TEST_EXISTS));
      check_spool_reads_back ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verify/spool/read-back", test_spool);
  g_test_add_func ("/verify/spool/no-scratch", test_no_scratch);
  if (g_test_subprocess ())
    g_setenv ("TMPDIR", "/nonexistent/firebreak-scratch", TRUE);
  else
    {
      make_record ();
      g_test_add_func ("/verify/spool/long-record", test_long_record);
    }
  status = g_test_run ();

  g_free (record_path);
  g_free (incident);
  if (record_dir != NULL)
    fb_test_dir_free (record_dir);
  return status;
}
