/* test-verify-walk.c — the one read of the log that proves the chains and
 * the timeline together comes to the verdict the ordered check does
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three workstations write to two incidents in turns and take each
 * other's changes, so that the record's log holds three chains
 * interleaved. Each change to the file is made at the start, the middle
 * and the end of each device's chain; the check must then name what the
 * full pass (the chains in their order, every change applied again)
 * names, in the same words, with the same digest and counts.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-store-verify-private.h"
#include "fb-test-tamper.h"
#include "fb-test-verify.h"
#include "fb-test-store.h"
#include "fb-test-util.h"

#define N_STORES 3
#define ROUNDS   3

/* The kept record, written once for every test. */
static FbTestDir *record_dir;
static char *record_path;
static char *devices[N_STORES];
static char *incidents[2];
static char *pinned_entry;

static void
make_record (void)
{
  g_autoptr(GError) error = NULL;
  FbStore *stores[N_STORES];

  record_dir = fb_test_dir_new ();
  record_path = fb_test_store_open_several (record_dir, stores, N_STORES);
  for (guint i = 0; i < N_STORES; i++)
    {
      devices[i] = fb_store_get_meta (stores[i], "device");
      g_assert_nonnull (devices[i]);
    }

  incidents[0] = fb_store_create_incident (stores[0], "Data theft", "targeted-attack", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  fb_test_store_exchange (stores, N_STORES);
  incidents[1] = fb_store_create_incident (stores[1], "Phishing", "generic", 3, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  /* Each round, every workstation writes to both incidents, then they
   * sync: the first store's log takes the others' chains in turns. */
  for (guint round = 0; round < ROUNDS; round++)
    {
      for (guint i = 0; i < N_STORES; i++)
        {
          g_autofree char *prefix = g_strdup_printf ("Round %u, workstation %u:", round + 1, i + 1);

          fb_test_add_entries (stores[i], incidents[0], prefix, 2);
          fb_test_add_entries (stores[i], incidents[1], prefix, 1);

          /* Rows that changes other than entry.add make, and pins set
           * after their rows, by the device that wrote them or another. */
          if (round == 1 && i == 1)
            {
              g_autofree char *entry = fb_store_add_entry (stores[i], incidents[0], FB_ENTRY_DECISION, "Isolate the host",
                                                           0, NULL, NULL, &error);

              g_assert_no_error (error);
              g_assert_true (fb_store_assign_role (stores[i], incidents[0], "commander", "Mei", NULL, &error));
              g_assert_true (fb_store_set_pinned (stores[i], entry, TRUE, &error));
              g_assert_no_error (error);
              pinned_entry = g_steal_pointer (&entry);
            }
          if (round == 2 && i == 2)
            {
              g_assert_true (fb_store_set_pinned (stores[i], pinned_entry, FALSE, &error));
              g_assert_true (fb_store_set_pinned (stores[i], pinned_entry, TRUE, &error));
              g_assert_true (fb_store_assign_role (stores[i], incidents[1], "scribe", "Ken", NULL, &error));
              g_assert_no_error (error);
            }
        }
      fb_test_store_exchange (stores, N_STORES);
    }

  for (guint i = 0; i < N_STORES; i++)
    g_object_unref (stores[i]);
}

/* The verdict of the check as it runs, and of the full pass alone, which
 * walks the chains in their order and applies every change again: they
 * must be one. */
static FbVerification *
verify_both (const char *path,
             const char *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbVerification) full = NULL;
  FbVerifySteps steps = { NULL, 0, 0 };
  FbVerification *v;
  gboolean settled;

  g_assert_no_error (error);
  v = fb_store_verify (store, incident, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);

  full = _fb_store_verify_pass (store, incident, FALSE, &steps, &settled, &error);
  g_assert_no_error (error);
  g_assert_nonnull (full);

  g_assert_cmpstr (v->problem, ==, full->problem);
  g_assert_cmpstr (v->op_id, ==, full->op_id);
  g_assert_cmpstr (v->digest, ==, full->digest);
  g_assert_cmpuint (v->n_ops, ==, full->n_ops);
  g_assert_cmpuint (v->n_devices, ==, full->n_devices);
  g_assert_cmpuint (v->n_entries, ==, full->n_entries);
  return v;
}

/* A copy of the kept record, for one test to change. */
static char *
copy_record (FbTestDir *dir)
{
  g_autoptr(GFile) from = g_file_new_for_path (record_path);
  char *path = fb_test_dir_file (dir, "record.db");
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_walk_intact (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = copy_record (dir);
  g_autofree char *sql = g_strdup_printf ("SELECT count(DISTINCT device) FROM"
                                          " (SELECT device FROM ops ORDER BY seq LIMIT 12)");

  /* The log's first changes come from every device; some rows were made
   * by changes other than entry.add, and one is pinned. */
  g_assert_cmpint (query_int (path, sql), ==, N_STORES);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM entries e JOIN ops o ON o.id = e.op"
                                    " WHERE o.type != 'entry.add'"), >=, 1);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM entries WHERE pinned"), ==, 1);

  for (guint i = 0; i < 3; i++)
    {
      const char *incident = i < 2 ? incidents[i] : NULL;
      g_autoptr(FbVerification) v = verify_both (path, incident);

      g_autofree char *count = incident == NULL ? g_strdup ("SELECT count(*) FROM ops")
                               : g_strdup_printf ("SELECT count(*) FROM ops WHERE incident = '%s'", incident);

      g_assert_null (v->problem);
      g_assert_cmpuint (v->n_devices, ==, N_STORES);
      g_assert_cmpuint (v->n_ops, ==, query_int (path, count));
      g_assert_true (fb_test_fast_pass_proves (path, incident));
    }
}

/* The log read in another order than each device's: no problem, and the
 * chains are then walked in their order. */
static void
test_walk_log_order (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = copy_record (dir);
  g_autofree char *sql = g_strdup_printf ("UPDATE ops SET seq = (SELECT max(seq) + 1 FROM ops)"
                                          " WHERE device = '%s' AND device_seq = 1",
                                          devices[1]);
  g_autoptr(FbVerification) v = NULL;

  fb_test_tamper (path, sql);
  v = verify_both (path, NULL);
  g_assert_null (v->problem);
}

/* The pin a later change set, taken off the row. */
static void
test_walk_unpinned (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = copy_record (dir);
  g_autofree char *sql = g_strdup_printf ("UPDATE entries SET pinned = 0 WHERE id = '%s'", pinned_entry);

  fb_test_tamper (path, sql);
  for (guint i = 0; i < 3; i++)
    {
      const char *incident = i < 2 ? incidents[i] : NULL;
      g_autoptr(FbVerification) v = verify_both (path, incident);

      if (i != 1)
        {
          g_assert_nonnull (v->problem);
          g_assert_false (fb_test_fast_pass_proves (path, incident));
        }
    }
}

typedef enum
{
  ALTER_OP,
  REHASH_OP,
  DELETE_OP,
  SWAP_OPS,
  ALTER_ENTRY,
  FLIP_PIN,
  DELETE_ENTRY,
} Change;

typedef enum
{
  AT_START,
  AT_MIDDLE,
  AT_END,
} Place;

typedef struct
{
  Change   change;
  guint    device;
  Place    place;
} Case;

static const char * const change_names[] = { "altered-op", "rehashed-op", "deleted-op", "swapped-ops", "altered-entry",
                                             "flipped-pin", "deleted-entry" };
static const char * const place_names[] = { "start", "middle", "end" };

/* The number of the change at @place in the device's chain; of its
 * entry.adds only, for a change to the timeline. */
static gint64
number_at (const char *path,
           const Case *c)
{
  gboolean entries = c->change >= ALTER_ENTRY;
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM ops WHERE device = '%s'%s",
                                          c->place == AT_START ? "min (device_seq)"
                                          : c->place == AT_END ? "max (device_seq)"
                                          : "(min (device_seq) + max (device_seq)) / 2",
                                          devices[c->device], entries ? " AND type = 'entry.add'" : "");
  gint64 seq = query_int (path, sql);

  /* Two are swapped: the last with the one before it. */
  return c->change == SWAP_OPS && c->place == AT_END ? seq - 1 : seq;
}

/* The op's author changed, and its hash taken again, as by someone who
 * has the program: the next op no longer links to it. */
static char *
rehash_op (const char *path,
           const char *device,
           gint64      seq)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) ops = fb_store_get_ops (store, NULL, &error);
  char *sql = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < ops->len; i++)
    {
      FbOp *op = g_ptr_array_index (ops, i);
      g_autofree char *hash = NULL;
      char *quoted;

      if (!g_str_equal (op->device, device) || op->device_seq != seq)
        continue;

      g_free (op->author);
      op->author = g_strdup ("Mallory");
      hash = fb_op_compute_hash (op);
      quoted = sqlite3_mprintf ("UPDATE ops SET author = 'Mallory', hash = %Q WHERE id = %Q", hash, op->id);
      sql = g_strdup (quoted);
      sqlite3_free (quoted);
    }

  g_assert_nonnull (sql);
  return sql;
}

static void
test_walk_change (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = copy_record (dir);
  gint64 seq = number_at (path, c);
  g_autofree char *op = g_strdup_printf ("(SELECT id FROM ops WHERE device = '%s' AND device_seq = %" G_GINT64_FORMAT ")",
                                         devices[c->device], seq);
  g_autofree char *sql = NULL;

  switch (c->change)
    {
    case ALTER_OP:
      sql = g_strdup_printf ("UPDATE ops SET author = author || ' (edited)' WHERE id = %s", op);
      break;
    case REHASH_OP:
      sql = rehash_op (path, devices[c->device], seq);
      break;
    case DELETE_OP:
      sql = g_strdup_printf ("DELETE FROM entries WHERE op = %s; DELETE FROM ops WHERE id = %s", op, op);
      break;
    case SWAP_OPS:
      sql = g_strdup_printf ("UPDATE ops SET device_seq = -device_seq"
                             " WHERE device = '%s' AND device_seq IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ");"
                             "UPDATE ops SET device_seq = %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT " + 1 + device_seq"
                             " WHERE device = '%s' AND device_seq < 0",
                             devices[c->device], seq, seq + 1, seq, seq, devices[c->device]);
      break;
    case ALTER_ENTRY:
      sql = g_strdup_printf ("UPDATE entries SET text = text || ' (edited)' WHERE op = %s", op);
      break;
    case FLIP_PIN:
      sql = g_strdup_printf ("UPDATE entries SET pinned = 1 - pinned WHERE op = %s", op);
      break;
    case DELETE_ENTRY:
      sql = g_strdup_printf ("DELETE FROM entries WHERE op = %s;"
                             "INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')", op);
      break;
    default:
      g_assert_not_reached ();
    }

  g_autofree char *of_op = g_strdup_printf ("SELECT incident = '%s' FROM ops WHERE device = '%s'"
                                           " AND device_seq = %" G_GINT64_FORMAT,
                                           incidents[1], devices[c->device], seq);
  const char *its_incident = incidents[query_int (path, of_op) ? 1 : 0];

  fb_test_tamper (path, sql);

  /* The whole record, and the incident of the change. */
  for (guint i = 0; i < 2; i++)
    {
      const char *incident = i == 0 ? NULL : its_incident;
      g_autoptr(FbVerification) v = verify_both (path, incident);

      /* Found in either, but the newest op of another device taken away
       * with its row: the chain has no gap then, and only the search
       * index, which the whole record's check compares, still holds the
       * row's words. */
      if (incident == NULL || c->change != DELETE_OP || c->place != AT_END)
        g_assert_nonnull (v->problem);
    }
  g_assert_false (fb_test_fast_pass_proves (path, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_test_init (&argc, &argv, NULL);
  make_record ();

  g_test_add_func ("/verify/walk/intact", test_walk_intact);
  g_test_add_func ("/verify/walk/log-order", test_walk_log_order);
  g_test_add_func ("/verify/walk/unpinned", test_walk_unpinned);
  for (Change change = ALTER_OP; change <= DELETE_ENTRY; change++)
    for (guint device = 0; device < N_STORES; device++)
      for (Place place = AT_START; place <= AT_END; place++)
        {
          Case *c = g_new (Case, 1);
          g_autofree char *name = g_strdup_printf ("/verify/walk/%s/device-%u/%s", change_names[change],
                                                   device + 1, place_names[place]);

          *c = (Case) { change, device, place };
          g_ptr_array_add (cases, c);
          g_test_add_data_func (name, c, test_walk_change);
        }

  status = g_test_run ();

  for (guint i = 0; i < N_STORES; i++)
    g_free (devices[i]);
  g_free (incidents[0]);
  g_free (incidents[1]);
  g_free (pinned_entry);
  g_free (record_path);
  fb_test_dir_free (record_dir);
  return status;
}
