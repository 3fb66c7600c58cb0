/* test-migrate.c — a database from an older schema is brought up to date
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-store-private.h"
#include "fb-test-util.h"

#define DEVICE "0b7e3c36-5d8e-4a39-9f2e-6f1f3b2c1a00"
#define INCIDENT "4f1c2d3e-1111-4a2b-8c3d-5e6f7a8b9c0d"
#define ENTRY "9a8b7c6d-2222-4e5f-8a1b-2c3d4e5f6a7b"

static FbOp *
make_op (FbOpKind    kind,
         const char *entity,
         gint64      seq,
         const char *prev,
         JsonObject *body)
{
  FbOp *op = fb_op_new (kind, INCIDENT, entity, body);
  FbHlc hlc = { 1764000000000 + seq, 0 };

  op->id = fb_uuid_new ();
  op->device = g_strdup (DEVICE);
  op->device_seq = seq;
  g_free (op->prev);
  op->prev = g_strdup (prev);
  op->hlc = fb_hlc_to_string (&hlc);
  op->author = g_strdup ("Aiko");
  op->hash = fb_op_compute_hash (op);

  return op;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
insert_op (sqlite3    *db,
           const FbOp *op)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *body = NULL;
  sqlite3_stmt *stmt;

  json_node_set_object (node, op->body);
  body = fb_json_canonical (node, NULL);

  sqlite3_prepare_v2 (db, "INSERT INTO ops (id, device, device_seq, prev, hash, hlc, author, type, incident, entity, body)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, op->device_seq);
  sqlite3_bind_text (stmt, 4, op->prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, op->hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, op->hlc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, op->author, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, op->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, op->incident, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, op->entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, body, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* Writes what version 1 of Firebreak wrote: its schema, an incident and an
 * entry, with the ops that made them. */
static void
write_version_1 (const char *path)
{
  g_autoptr(JsonObject) create = json_object_new ();
  g_autoptr(JsonObject) entry = json_object_new ();
  g_autoptr(FbOp) op1 = NULL, op2 = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  json_object_set_string_member (create, "title", "Old incident");
  json_object_set_int_member (create, "detected_at", 1764000000000);
  op1 = make_op (FB_OP_KIND_INCIDENT_CREATE, INCIDENT, 1, "", create);

  json_object_set_string_member (entry, "kind", "fact");
  json_object_set_string_member (entry, "text", "Attacker used a stolen VPN account");
  json_object_set_int_member (entry, "occurred_at", 1764000000500);
  op2 = make_op (FB_OP_KIND_ENTRY_ADD, ENTRY, 2, op1->hash, entry);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec (db, "PRAGMA journal_mode = WAL");
  exec (db, _fb_store_schema_sql (1));
  exec (db, "PRAGMA user_version = 1");
  sql = g_strdup_printf ("PRAGMA application_id = %d", FB_STORE_APPLICATION_ID);
  exec (db, sql);
  exec (db, "INSERT INTO meta VALUES ('device', '" DEVICE "'), ('device_seq', '2')");
  insert_op (db, op1);
  insert_op (db, op2);
  exec (db, "INSERT INTO incidents (id, title, detected_at, created_at) VALUES"
            " ('" INCIDENT "', 'Old incident', 1764000000000, 1764000000001)");
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO entries (id, incident, occurred_at, recorded_at, hlc, device, author, kind, text, op)"
                         " VALUES ('" ENTRY "', '" INCIDENT "', 1764000000500, 1764000000002, '%s', '" DEVICE "',"
                         " 'Aiko', 'fact', 'Attacker used a stolen VPN account', '%s')",
                         op2->hlc, op2->id);
  exec (db, sql);
  sqlite3_close (db);
}

static void
test_migrate_from_1 (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "old.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbEntryList) list = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autoptr(FbVerification) v = NULL;
  g_autoptr(JsonObject) summary = json_object_new ();

  write_version_1 (path);

  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_store_get_device_id (store), ==, DEVICE);

  /* Search works over entries written before the index existed. */
  list = fb_entry_list_new (store, INCIDENT);
  fb_entry_list_set_search (list, "stolen VPN");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* The new column is there, and the old record still verifies. */
  json_object_set_string_member (summary, "summary", "Contained within the hour.");
  g_assert_true (fb_store_update_incident (store, INCIDENT, summary, &error));
  g_assert_no_error (error);
  incident = fb_store_get_incident (store, INCIDENT);
  g_assert_cmpstr (fb_incident_get_summary (incident), ==, "Contained within the hour.");

  v = fb_store_verify (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (v->problem);
  /* The two old ops, the update and its entry in the timeline. */
  g_assert_cmpuint (v->n_ops, ==, 4);

  g_clear_object (&store);
  {
    sqlite3 *db;
    sqlite3_stmt *stmt;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, FB_STORE_SCHEMA_VERSION);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrate/from-1", test_migrate_from_1);

  return g_test_run ();
}
