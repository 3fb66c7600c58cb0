/* test-witness.c — a record's newest changes cut off are seen by the
 * witnesses of what left it or came to it
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-report.h"
#include "fb-test-tamper.h"
#include "fb-test-util.h"

typedef struct
{
  FbTestDir *dir;
  char      *path;      /* this computer's record */
  char      *other;     /* another workstation's */
  char      *incident;
} Fixture;

/* Everything @from holds that @to lacks, as a sync would bring it. */
static void
pass_ops (FbStore      *from,
          FbStore      *to,
          FbApplyFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = fb_store_get_ops (from, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (fb_store_apply (to, ops, NULL, flags, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbStore) other = NULL;

  f->dir = fb_test_dir_new ();
  f->path = fb_test_dir_file (f->dir, "record.db");
  f->other = fb_test_dir_file (f->dir, "other.db");

  store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->incident = fb_store_create_incident (store, "Data theft", "targeted-attack", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  fb_test_add_entries (store, f->incident, "Here", 3);

  other = fb_store_open (f->other, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  pass_ops (store, other, FB_APPLY_DEFAULT);
  fb_test_add_entries (other, f->incident, "There", 6);
  pass_ops (other, store, FB_APPLY_TRUST_CLOCKS);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->incident);
  g_free (f->path);
  g_free (f->other);
  fb_test_dir_free (f->dir);
}

static char *
device_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return g_strdup (fb_store_get_device_id (store));
}

static char *
verify_problem (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbVerification) v = NULL;

  g_assert_no_error (error);
  v = fb_store_verify (store, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (v->problem);
}

static void
test_witness_recorded (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbStore) other = fb_store_open (f->other, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) witnesses = fb_store_list_witnesses (store, &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) older = NULL;
  FbWitness *witness;

  g_assert_no_error (error);
  g_assert_cmpuint (witnesses->len, ==, 2);   /* theirs, and ours sent back */
  witness = g_ptr_array_index (witnesses, 0);
  if (g_str_equal (witness->device, fb_store_get_device_id (store)))
    witness = g_ptr_array_index (witnesses, 1);
  g_assert_cmpstr (witness->device, ==, fb_store_get_device_id (other));
  g_assert_cmpint (witness->device_seq, ==, 6);
  g_assert_cmpint (witness->how, ==, FB_SEEN_SYNC);

  /* An older page brought again does not move it back. */
  all = fb_store_get_ops (other, NULL, &error);
  older = g_ptr_array_new ();
  for (guint i = 0; i < all->len; i++)
    {
      FbOp *op = g_ptr_array_index (all, i);
      if (g_str_equal (op->device, fb_store_get_device_id (other)) && op->device_seq <= 2)
        g_ptr_array_add (older, op);
    }
  g_assert_cmpuint (older->len, ==, 2);
  g_assert_true (fb_store_apply (store, older, NULL, FB_APPLY_TRUST_CLOCKS, NULL, &error));
  g_clear_pointer (&witnesses, g_ptr_array_unref);
  witnesses = fb_store_list_witnesses (store, &error);
  for (guint i = 0; i < witnesses->len; i++)
    {
      witness = g_ptr_array_index (witnesses, i);
      if (g_str_equal (witness->device, fb_store_get_device_id (other)))
        g_assert_cmpint (witness->device_seq, ==, 6);
    }

  /* Changes made here are witnessed by no one until a server takes them. */
  g_assert_null (verify_problem (f->path));
}

static void
test_witness_sees_tail_cut_after_sync (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *theirs = device_of (f->other);
  g_autofree char *problem = NULL;

  fb_test_cut_tail (f->path, theirs, 3, FALSE);
  problem = verify_problem (f->path);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "Changes 4 to 6 of device"));
  g_assert_nonnull (strstr (problem, theirs));
  g_assert_nonnull (strstr (problem, "through sync, are missing: they were removed from the database"));
}

static void
test_witness_own_tail_after_server (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ours = device_of (f->path);
  g_autofree char *problem = NULL;

  /* Without anyone else having seen them, a careful cut of this
   * computer's newest changes and its counter leaves a whole record: the
   * limit the README states. */
  {
    g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
    fb_test_add_entries (store, f->incident, "Unsent", 2);
  }
  fb_test_cut_tail (f->path, ours, 2, TRUE);
  g_assert_null (verify_problem (f->path));

  /* Once the server confirms them, it is a witness. */
  {
    g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
    g_autoptr(GPtrArray) outbox = NULL;
    g_autoptr(GPtrArray) ids = g_ptr_array_new ();

    fb_test_add_entries (store, f->incident, "Sent", 2);
    outbox = fb_store_get_outbox (store, 0, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < outbox->len; i++)
      g_ptr_array_add (ids, ((FbOp *) g_ptr_array_index (outbox, i))->id);
    g_assert_true (fb_store_ack_outbox (store, ids, &error));
    g_assert_no_error (error);
  }
  g_assert_null (verify_problem (f->path));

  fb_test_cut_tail (f->path, ours, 2, FALSE);
  problem = verify_problem (f->path);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "This computer’s changes 5 to 6, which the war-room server confirmed on"));
}

static void
test_witness_import (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *third = fb_test_dir_file (f->dir, "third.db");
  g_autofree char *ours = device_of (f->path);
  g_autofree char *problem = NULL;
  g_autoptr(GBytes) bytes = NULL;

  {
    g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
    bytes = fb_export_incident (store, f->incident, FB_EXPORT_JSON, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(FbStore) store = fb_store_open (third, FB_STORE_OPEN_DEFAULT, &error);
    g_autoptr(GPtrArray) witnesses = NULL;
    gsize length;
    const char *data_ = g_bytes_get_data (bytes, &length);

    g_assert_true (fb_import_incident (store, data_, length, NULL, NULL, &error));
    g_assert_no_error (error);
    witnesses = fb_store_list_witnesses (store, &error);
    g_assert_cmpuint (witnesses->len, ==, 2);
    g_assert_cmpint (((FbWitness *) witnesses->pdata[0])->how, ==, FB_SEEN_IMPORT);
  }

  fb_test_cut_tail (third, ours, 1, FALSE);
  problem = verify_problem (third);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "Changes 4 to 4 of device"));
  g_assert_nonnull (strstr (problem, "in an imported file, are missing"));
}

static void
test_witness_rewritten (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *theirs = device_of (f->other);
  g_autofree char *problem = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE witnesses SET hash = '%064d' WHERE device = '%s'", 0, theirs);

  /* The place is there, with another hash than the one seen. */
  fb_test_tamper (f->path, sql);
  problem = verify_problem (f->path);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "Change 6 of device"));
  g_assert_nonnull (strstr (problem, "through sync: the history was rewritten"));
}

/* States ----------------------------------------------------------------- */

static void
test_state_digest (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbRecordState) state = fb_store_get_state (store, &error);
  g_autoptr(FbRecordState) parsed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(FbRecordState) back = NULL;
  const FbHead *first, *second;

  g_assert_no_error (error);
  g_assert_cmpuint (state->heads->len, ==, 2);
  first = g_ptr_array_index (state->heads, 0);
  second = g_ptr_array_index (state->heads, 1);
  g_assert_cmpint (strcmp (first->device, second->device), <, 0);
  g_assert_cmpint (fb_record_state_find (state, fb_store_get_device_id (store))->device_seq, ==, 4);

  /* The definition, spelled out. */
  lines = g_strdup_printf ("%s:%lld:%s\n%s:%lld:%s\n",
                           first->device, (long long) first->device_seq, first->hash,
                           second->device, (long long) second->device_seq, second->hash);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, lines, -1);
  g_assert_cmpstr (state->digest, ==, digest);

  text = fb_record_state_heads_text (state, ", ");
  parsed = fb_record_state_parse_heads (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->digest, ==, state->digest);

  node = fb_record_state_to_json_node (state);
  back = fb_record_state_from_json_node (node);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->digest, ==, state->digest);

  g_assert_null (fb_record_state_parse_heads ("nonsense", &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  json = g_strdup_printf ("%s %s", text, text);
  g_assert_null (fb_record_state_parse_heads (json, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
}

static FbStateAnswer
check_state (const char *path,
             const char *expected,
             char      **explanation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  FbStateAnswer answer;

  g_assert_no_error (error);
  g_assert_true (fb_store_check_state (store, expected, &answer, explanation, &error));
  g_assert_no_error (error);
  return answer;
}

static char *
report_digest (const char *path,
               const char *incident,
               char      **heads)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbReport) report = fb_report_new_for_incident (store, incident, &error);
  g_autofree char *markdown = NULL;
  const char *at, *end;
  GString *found = g_string_new (NULL);

  g_assert_no_error (error);
  markdown = fb_report_to_markdown (report);
  at = strstr (markdown, "State of the record (SHA-256 of its heads): ");
  g_assert_nonnull (at);
  at += strlen ("State of the record (SHA-256 of its heads): ");

  for (const char *h = strstr (markdown, "Head: "); h != NULL; h = strstr (h + 1, "Head: "))
    {
      end = strchr (h, '\n');
      g_string_append_printf (found, "%.*s ", (int) (end - h - 6), h + 6);
    }
  *heads = g_string_free (found, FALSE);

  return g_strndup (at, 64);
}

static void
test_expect_after_tail_cut (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *ours = device_of (f->path);
  g_autofree char *heads = NULL;
  g_autofree char *digest = report_digest (f->path, f->incident, &heads);
  g_autofree char *why = NULL;
  g_autofree char *unknown = g_strnfill (64, 'a');

  g_assert_cmpint (check_state (f->path, digest, &why), ==, FB_STATE_HELD);
  g_clear_pointer (&why, g_free);
  g_assert_cmpint (check_state (f->path, heads, &why), ==, FB_STATE_HELD);
  g_clear_pointer (&why, g_free);

  /* More changes since: the record still contains that state. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
    fb_test_add_entries (store, f->incident, "Later", 3);
  }
  g_assert_cmpint (check_state (f->path, digest, &why), ==, FB_STATE_HELD);
  g_clear_pointer (&why, g_free);

  g_assert_cmpint (check_state (f->path, unknown, &why), ==, FB_STATE_UNKNOWN);
  g_assert_nonnull (strstr (why, "never issued or received the state"));
  g_clear_pointer (&why, g_free);

  /* The cut goes below what the report saw. */
  fb_test_cut_tail (f->path, ours, 5, FALSE);
  g_assert_cmpint (check_state (f->path, digest, &why), ==, FB_STATE_NOT_HELD);
  g_assert_nonnull (strstr (why, "Change 4 of device"));
  g_assert_nonnull (strstr (why, "is missing from this record"));
  g_clear_pointer (&why, g_free);
  g_assert_cmpint (check_state (f->path, heads, &why), ==, FB_STATE_NOT_HELD);
  g_clear_pointer (&why, g_free);

  /* Kept heads that no longer give their digest. */
  fb_test_tamper (f->path, "UPDATE states SET heads = replace(heads, ':', ':1')");
  g_assert_cmpint (check_state (f->path, digest, &why), ==, FB_STATE_NOT_HELD);
  g_assert_nonnull (strstr (why, "was altered in the database"));
}

static void
test_expect_export_import (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *third = fb_test_dir_file (f->dir, "third.db");
  g_autofree char *why = NULL;
  const char *digest;

  {
    g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
    bytes = fb_export_incident (store, f->incident, FB_EXPORT_JSON, &error);
    g_assert_no_error (error);
  }
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  digest = json_object_get_string_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                         "state"), "digest");
  g_assert_cmpint (check_state (f->path, digest, &why), ==, FB_STATE_HELD);
  g_clear_pointer (&why, g_free);

  /* The importer keeps it as received, and holds it: the incident is all
   * this record has. */
  {
    g_autoptr(FbStore) store = fb_store_open (third, FB_STORE_OPEN_DEFAULT, &error);
    gsize length;
    const char *text = g_bytes_get_data (bytes, &length);

    g_assert_true (fb_import_incident (store, text, length, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (check_state (third, digest, &why), ==, FB_STATE_HELD);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/witness/recorded", test_witness_recorded);
  ADD ("/witness/tail-cut-after-sync", test_witness_sees_tail_cut_after_sync);
  ADD ("/witness/own-tail-after-server", test_witness_own_tail_after_server);
  ADD ("/witness/import", test_witness_import);
  ADD ("/witness/rewritten", test_witness_rewritten);
  ADD ("/state/digest", test_state_digest);
  ADD ("/state/expect-after-tail-cut", test_expect_after_tail_cut);
  ADD ("/state/expect-export-import", test_expect_export_import);

  return g_test_run ();
}
