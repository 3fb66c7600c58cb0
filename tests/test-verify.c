/* test-verify.c — tampering with the database file is caught and named
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-op-kinds-private.h"
#include "fb-store-verify-private.h"
#include "fb-test-file.h"
#include "fb-test-tamper.h"
#include "fb-test-verify.h"
#include "fb-test-util.h"

typedef struct
{
  FbTestDir *dir;
  char      *path;
  char      *incident;
  char      *entries[5];
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbStore) other = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autofree char *other_path = NULL;

  f->dir = fb_test_dir_new ();
  f->path = fb_test_dir_file (f->dir, "record.db");
  other_path = fb_test_dir_file (f->dir, "other.db");

  store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->incident = fb_store_create_incident (store, "Data theft", "targeted-attack", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (f->entries); i++)
    {
      g_autofree char *text = g_strdup_printf ("Observation %u", i + 1);
      f->entries[i] = fb_store_add_entry (store, f->incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  /* A second device's ops, so that chains interleave. */
  other = fb_store_open (other_path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  theirs = fb_store_get_ops (store, NULL, &error);
  g_assert_true (fb_store_apply (other, theirs, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_true (fb_store_assign_role (other, f->incident, "commander", "Mei", NULL, &error));
  g_clear_pointer (&theirs, g_ptr_array_unref);
  theirs = fb_store_get_ops (other, NULL, &error);
  g_assert_true (fb_store_apply (store, theirs, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->entries); i++)
    g_free (f->entries[i]);
  g_free (f->incident);
  g_free (f->path);
  fb_test_dir_free (f->dir);
}

/* Changes the file behind the program's back, as someone with a SQLite
 * shell would. */
static void
tamper (Fixture    *f,
        const char *sql)
{
  sqlite3 *db;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* The check of @incident, or of the whole record. */
static FbVerification *
verify_scope (Fixture    *f,
              const char *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
  FbVerification *v;

  g_assert_no_error (error);
  v = fb_store_verify (store, incident, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);

  return v;
}

static FbVerification *
verify (Fixture *f)
{
  return verify_scope (f, f->incident);
}

static gboolean
fast_pass_proves (Fixture    *f,
                  const char *incident)
{
  return fb_test_fast_pass_proves (f->path, incident);
}

static char *
op_of_entry (Fixture    *f,
             const char *entry)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *id = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT op FROM entries WHERE id = ?", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, entry, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return id;
}

static void
test_verify_intact (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FbVerification) v = verify (f);

  g_assert_null (v->problem);
  g_assert_cmpuint (v->n_devices, ==, 2);
  g_assert_cmpuint (v->n_ops, ==, 7);
  g_assert_cmpuint (v->n_entries, ==, 6);
  g_assert_cmpuint (strlen (v->digest), ==, 64);

  /* Without applying the entries again. */
  g_assert_true (fast_pass_proves (f, f->incident));
  g_assert_true (fast_pass_proves (f, NULL));
}

/* The stored bytes of an op are only a shortcut to its hash: an op whose
 * body was stored with other spacing, but says the same, is still the op
 * that was hashed. */
static void
test_verify_respaced_op (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FbVerification) v = NULL;

  tamper (f, "UPDATE ops SET body = replace (body, '{\"kind\":', '{ \"kind\" : ') WHERE type = 'entry.add'");
  v = verify_scope (f, NULL);
  g_assert_null (v->problem);
  g_assert_cmpuint (v->n_ops, ==, 7);
}

static void
test_verify_altered_entry (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE entries SET text = 'Nothing seen' WHERE id = '%s'", f->entries[2]);
  g_autoptr(FbVerification) v = NULL;

  tamper (f, sql);
  v = verify (f);
  g_assert_nonnull (v->problem);
  g_assert_nonnull (strstr (v->problem, f->entries[2]));
  g_assert_nonnull (strstr (v->problem, "altered"));
}

static void
test_verify_altered_op (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *op = op_of_entry (f, f->entries[1]);
  g_autofree char *sql = g_strdup_printf ("UPDATE ops SET body = replace (body, 'Observation 2', 'Observation X'); "
                                          "UPDATE entries SET text = 'Observation X' WHERE id = '%s'",
                                          f->entries[1]);
  g_autoptr(FbVerification) v = NULL;

  /* Both the op and its row changed consistently: only the hash can tell. */
  tamper (f, sql);
  v = verify (f);
  g_assert_nonnull (v->problem);
  g_assert_cmpstr (v->op_id, ==, op);
  g_assert_nonnull (strstr (v->problem, op));
  g_assert_nonnull (strstr (v->problem, "altered"));
}

static void
test_verify_deleted_op (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *op = op_of_entry (f, f->entries[2]);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM entries WHERE id = '%s'; DELETE FROM ops WHERE id = '%s'",
                                          f->entries[2], op);
  g_autoptr(FbVerification) v = NULL;

  tamper (f, sql);
  v = verify (f);
  g_assert_nonnull (v->problem);
  g_assert_nonnull (strstr (v->problem, "missing"));
  /* Named by the change after the gap and by the numbers that are gone. */
  g_assert_nonnull (strstr (v->problem, "Changes 4 to 4"));
}

static void
test_verify_deleted_entry (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM entries WHERE id = '%s'", f->entries[4]);
  g_autoptr(FbVerification) v = NULL;

  tamper (f, sql);
  v = verify (f);
  g_assert_nonnull (v->problem);
  g_assert_nonnull (strstr (v->problem, f->entries[4]));
  g_assert_nonnull (strstr (v->problem, "deleted"));
}

static void
test_verify_reordered (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *a = op_of_entry (f, f->entries[0]);
  g_autofree char *b = op_of_entry (f, f->entries[1]);
  g_autofree char *sql = g_strdup_printf ("UPDATE ops SET device_seq = -device_seq WHERE id IN ('%s', '%s');"
                                          "UPDATE ops SET device_seq = CASE id WHEN '%s' THEN 3 ELSE 2 END"
                                          " WHERE id IN ('%s', '%s')",
                                          a, b, a, a, b);
  g_autoptr(FbVerification) v = NULL;

  tamper (f, sql);
  v = verify (f);
  g_assert_nonnull (v->problem);
  /* The first op out of place is the one now numbered 2. */
  g_assert_cmpstr (v->op_id, ==, b);
}

static void
test_verify_inserted_entry (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO entries (id, incident, occurred_at, recorded_at, hlc, device, author, kind, text, op)"
                                          " VALUES ('00000000-0000-4000-8000-000000000000', '%s', 1, 1,"
                                          " '0000000000000001-000000', 'x', 'Mallory', 'decision', 'Pay the ransom', 'none')",
                                          f->incident);
  g_autoptr(FbVerification) v = NULL;

  tamper (f, sql);
  v = verify (f);
  g_assert_nonnull (v->problem);
  g_assert_nonnull (strstr (v->problem, "Pay the ransom"));
  g_assert_nonnull (strstr (v->problem, "not made by any recorded change"));
}

static void
test_verify_removed_newest (Fixture       *f,
                            gconstpointer  data)
{
  /* The newest ops of this device, and their rows: no gap is left in the
   * chain, but the device counter remembers. */
  g_autofree char *op = op_of_entry (f, f->entries[4]);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM entries WHERE op = '%s';"
                                          " DELETE FROM ops WHERE id = '%s'",
                                          op, op);
  g_autoptr(FbVerification) v = NULL;

  tamper (f, sql);
  v = verify (f);
  g_assert_nonnull (v->problem);
  g_assert_nonnull (strstr (v->problem, "newest changes"));
}

/* More entries, so that each table and index fills pages of its own. */
static void
fb_test_add_entries_in (Fixture *f,
                        guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  fb_test_add_entries (store, f->incident, "A longer observation, to fill the pages of the record", n);
}

/* Every kind of row the user sees, for the checks that compare the rows
 * with the state the changes make. */
static void
fixture_setup_board (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(JsonObject) worker = json_object_new ();
  g_autoptr(JsonObject) contact = json_object_new ();
  g_autoptr(JsonObject) deadline = json_object_new ();
  g_autofree char *worker_id = NULL;
  g_autofree char *contact_id = NULL;
  g_autofree char *item = NULL;
  g_autofree char *deadline_id = NULL;

  fixture_setup (f, data);
  store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  json_object_set_string_member (worker, "person", "Ken");
  json_object_set_string_member (worker, "task", "Imaging FS-02");
  worker_id = fb_store_set_worker (store, f->incident, NULL, worker, &error);
  g_assert_no_error (error);
  json_object_set_string_member (contact, "name", "JPCERT/CC");
  json_object_set_string_member (contact, "phone", "+81 3 6271 8901");
  contact_id = fb_store_set_contact (store, NULL, contact, &error);
  g_assert_no_error (error);
  item = fb_store_add_checklist_item (store, f->incident, FB_SECTION_DAMAGE_LIMITATION, "Unplug FS-02", 0, NULL, &error);
  g_assert_no_error (error);
  json_object_set_string_member (deadline, "name", "Tell the insurer");
  json_object_set_string_member (deadline, "anchor", "fixed");
  json_object_set_int_member (deadline, "due_at", 1764000000000);
  deadline_id = fb_store_set_deadline (store, f->incident, NULL, deadline, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_set_pinned (store, f->entries[0], TRUE, &error));
  g_assert_no_error (error);

  /* An entry that amends another, and one with details. */
  {
    g_autoptr(JsonObject) details = json_object_new ();
    g_autofree char *amending = NULL;
    g_autofree char *escalation = NULL;

    amending = fb_store_add_entry (store, f->incident, FB_ENTRY_FACT, "Observation 3, \"corrected\"\n",
                                   0, f->entries[2], NULL, &error);
    g_assert_no_error (error);
    json_object_set_string_member (details, "contact", contact_id);
    json_object_set_string_member (details, "note", "Called at 09:00 — 折り返し待ち");
    escalation = fb_store_add_entry (store, f->incident, FB_ENTRY_ESCALATION, "Told JPCERT/CC",
                                     0, NULL, details, &error);
    g_assert_no_error (error);
  }
}

/* A change to the file, and what the problem must say. */
typedef struct
{
  const char *sql;
  const char *says[3];
} Tampering;

static const Tampering tamperings[] = {
  { "UPDATE incidents SET title = 'harmless'",
    { "The title of the incident “Data theft” reads “harmless”, but its changes say “Data theft”" } },
  { "UPDATE incidents SET severity = 4",
    { "The severity of the incident “Data theft” reads “4”, but its changes say “1”" } },
  { "UPDATE incidents SET status = 'closed'",
    { "The status of the incident", "“closed”", "“open”" } },
  /* A copy of a real entry, under a new id, carrying its change's id. */
  { "INSERT INTO entries (id, incident, occurred_at, recorded_at, hlc, device, author, kind, text, op)"
    " SELECT '00000000-0000-4000-8000-000000000001', incident, occurred_at, recorded_at, hlc, device,"
    " author, kind, 'Pay the ransom', op FROM entries WHERE text = 'Observation 1'",
    { "The timeline entry “Pay the ransom” was not made by any recorded change" } },
  { "INSERT INTO entries_fts (entries_fts, rowid, text)"
    "  SELECT 'delete', rowid, text FROM entries WHERE text = 'Observation 3';"
    " INSERT INTO entries_fts (rowid, text) SELECT rowid, 'Nothing to see' FROM entries WHERE text = 'Observation 3'",
    { "The search index lists text that no timeline entry holds" } },
  { "INSERT INTO entries_fts (entries_fts, rowid, text)"
    "  SELECT 'delete', rowid, text FROM entries WHERE text = 'Observation 3'",
    { "The search index lacks text that a timeline entry holds" } },
  { "UPDATE entries SET pinned = 1 WHERE text = 'Observation 2'",
    { "The pin of the timeline entry “Observation 2” reads “1”, but its changes say “0”" } },
  { "UPDATE entries SET pinned = 0 WHERE text = 'Observation 1'",
    { "The pin of the timeline entry “Observation 1”" } },
  { "UPDATE roles SET person = 'Mallory'",
    { "The person of the role “commander” reads “Mallory”, but its changes say “Mei”" } },
  { "UPDATE workers SET task = 'Nothing'",
    { "The task of the worker “Ken” reads “Nothing”, but its changes say “Imaging FS-02”" } },
  { "UPDATE contacts SET phone = '+1 555 0100'",
    { "The phone number of the contact “JPCERT/CC” reads “+1 555 0100”" } },
  { "UPDATE checklist SET state = 'done'",
    { "The state of the checklist item “Unplug FS-02” reads “done”, but its changes say “todo”" } },
  { "UPDATE deadlines SET due_at = 1",
    { "The due time of the deadline “Tell the insurer” reads “19" } },
  /* A millisecond, which a date and time to the minute would not show. */
  { "UPDATE deadlines SET due_at = due_at + 1",
    { "The due time of the deadline “Tell the insurer” reads “1764000000001”, but its changes say “1764000000000”" } },
  { "DELETE FROM incidents",
    { "The incident “Data theft” is missing", "deleted from the database" } },
  { "DELETE FROM roles",
    { "The role “commander” is missing" } },
  { "DELETE FROM workers",
    { "The worker “Ken” is missing" } },
  { "DELETE FROM contacts",
    { "The contact “JPCERT/CC” is missing" } },
  { "DELETE FROM checklist",
    { "The checklist item “Unplug FS-02” is missing" } },
  { "DELETE FROM deadlines",
    { "The deadline “Tell the insurer” is missing" } },
  { "DELETE FROM entries WHERE text = 'Observation 4'",
    { "The timeline entry “Observation 4”", "is missing" } },
  { "INSERT INTO workers (id, incident, person) SELECT '00000000-0000-4000-8000-000000000002', id, 'Eve' FROM incidents",
    { "The worker “Eve” was not made by any recorded change" } },
  /* Columns of an old entry that only the comparison of whole rows sees. */
  { "UPDATE entries SET recorded_at = recorded_at + 1 WHERE text = 'Observation 2'",
    { "The time of recording of the timeline entry “Observation 2” reads" } },
  { "UPDATE entries SET device = 'x' WHERE text = 'Observation 2'",
    { "The device of the timeline entry “Observation 2” reads “x”" } },
  { "UPDATE entries SET data = '{}' WHERE text = 'Observation 5'",
    { "The details of the timeline entry “Observation 5” reads “{}”" } },
  { "UPDATE entries SET amends = NULL WHERE amends IS NOT NULL",
    { "no longer matches the change", "it read “Observation 3, \"corrected\"", "altered in the database" } },
  { "UPDATE entries SET data = replace (data, 'Called', 'Mailed') WHERE kind = 'escalation'",
    { "The details of the timeline entry “Told JPCERT/CC” reads" } },
  { "UPDATE entries SET text = 'Nobody' WHERE kind = 'system'",
    { "altered in the database" } },
  /* The rows of two entries traded places, each unchanged. */
  { "UPDATE entries SET text = CASE text WHEN 'Observation 1' THEN 'Observation 2' ELSE 'Observation 1' END"
    " WHERE text IN ('Observation 1', 'Observation 2')",
    { "altered in the database" } },
};

static void
test_verify_rows (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pristine = NULL;
  gsize length;

  {
    g_autoptr(FbVerification) intact = verify_scope (f, NULL);

    g_assert_null (intact->problem);
    g_assert_true (fast_pass_proves (f, NULL));
    g_assert_true (fast_pass_proves (f, f->incident));
  }

  g_assert_true (g_file_get_contents (f->path, &pristine, &length, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (tamperings); i++)
    {
      g_autoptr(FbVerification) v = NULL;
      g_autoptr(FbVerification) one = NULL;

      g_test_message ("%s", tamperings[i].sql);
      g_assert_true (g_file_set_contents (f->path, pristine, length, &error));
      g_assert_no_error (error);
      tamper (f, tamperings[i].sql);

      /* The fast pass never passes it; the full one names it. */
      g_assert_false (fast_pass_proves (f, NULL));
      v = verify_scope (f, NULL);
      g_assert_nonnull (v->problem);
      for (guint j = 0; j < G_N_ELEMENTS (tamperings[i].says) && tamperings[i].says[j] != NULL; j++)
        if (strstr (v->problem, tamperings[i].says[j]) == NULL)
          g_error ("After “%s”, “%s” does not say “%s”", tamperings[i].sql, v->problem, tamperings[i].says[j]);

      /* The check of one incident sees its own rows too. */
      if (strstr (tamperings[i].sql, "contacts") == NULL && strstr (tamperings[i].sql, "entries_fts") == NULL)
        {
          one = verify (f);
          g_assert_nonnull (one->problem);
        }
    }
}

/* The words of the search index are cut from the texts as its tokenizer
 * cuts them, in every script: texts of plain ASCII and of kana and
 * ideographs are cut without the tokenizer, any other with it, and the
 * fast pass proves the index only when each word is counted as the index
 * counts it. A text the index holds otherwise, in any of them, is never
 * proven. */
static void
test_verify_index_words (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const texts[] = {
    "MiXeD Case ASCII, with \"quotes\" and\ttabs\n",
    "ab",
    "abc",
    "ABCD",
    "暗号化されたファイルを確認、連絡済み。",
    "Server 暗号化 ENCRYPTED ファイル log",
    "「括弧」と　全角空白",
    "㈱ ㌔ ㍻ 〜 ゟ ヿ 丁 鿿",
    "Café ÉCOLE naïve",
    "ΑΒΓ αβγ Σίσυφος",
    "ＡＢＣ ｆｕｌｌ ｗｉｄｔｈ",
    "Emoji 🔥 fire",
    "한국어 텍스트",
    "x",
    "",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *pristine = NULL;
  gsize length;

  {
    g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      if (texts[i][0] != '\0')
        g_free (fb_store_add_entry (store, f->incident, FB_ENTRY_FACT, texts[i], 0, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (fast_pass_proves (f, NULL));
  g_assert_true (g_file_get_contents (f->path, &pristine, &length, &error));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      char *escaped = NULL;
      g_autofree char *sql = NULL;

      if (strlen (texts[i]) < 3)
        continue;

      /* The index holds the text with its case or its first character
       * changed, and then not at all. */
      escaped = sqlite3_mprintf ("%q", texts[i]);
      for (guint how = 0; how < 3; how++)
        {
          g_autoptr(FbVerification) v = NULL;

          g_assert_true (g_file_set_contents (f->path, pristine, length, &error));
          g_free (sql);
          if (how == 0)
            sql = g_strdup_printf ("INSERT INTO entries_fts (entries_fts, rowid, text)"
                                   "  SELECT 'delete', rowid, text FROM entries WHERE text = '%s';"
                                   "INSERT INTO entries_fts (rowid, text) SELECT rowid, upper (text) || lower (text)"
                                   "  FROM entries WHERE text = '%s'", escaped, escaped);
          else if (how == 1)
            sql = g_strdup_printf ("INSERT INTO entries_fts (entries_fts, rowid, text)"
                                   "  SELECT 'delete', rowid, text FROM entries WHERE text = '%s';"
                                   "INSERT INTO entries_fts (rowid, text) SELECT rowid, 'Z' || substr (text, 2)"
                                   "  FROM entries WHERE text = '%s'", escaped, escaped);
          else
            sql = g_strdup_printf ("INSERT INTO entries_fts (entries_fts, rowid, text)"
                                   "  SELECT 'delete', rowid, text FROM entries WHERE text = '%s'", escaped);
          tamper (f, sql);
          g_test_message ("%s", sql);
          g_assert_false (fast_pass_proves (f, NULL));
        }
      sqlite3_free (escaped);
    }
}

static gboolean
has_column (sqlite3    *db,
            const char *table,
            const char *column)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT 1 FROM pragma_table_info (?1) WHERE name = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, column, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* Every table a kind of change writes is compared, and every column the
 * list of compared tables names is one of its table's: a kind added
 * later without its row, or a column misspelt, fails here. */
static void
test_verify_tables_listed (Fixture       *f,
                           gconstpointer  data)
{
  guint n_tables;
  const FbRecordTable *tables = _fb_store_record_tables (&n_tables);
  sqlite3 *db;

  for (FbOpKind kind = FB_OP_KIND_UNKNOWN + 1; kind < FB_OP_N_KINDS; kind++)
    {
      const FbOpKindInfo *info = _fb_op_kind_info (kind);
      gboolean listed = FALSE;

      for (guint i = 0; i < n_tables; i++)
        listed |= g_str_equal (tables[i].table, info->table);
      if (!listed)
        g_error ("%s writes %s, which verify does not compare: add its row to record_tables[]",
                 info->type, info->table);
    }

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n_tables; i++)
    {
      const FbRecordTable *t = &tables[i];
      g_auto(GStrv) keys = g_strsplit (t->key, ", ", -1);

      for (guint k = 0; keys[k] != NULL; k++)
        g_assert_true (has_column (db, t->table, keys[k]));
      g_assert_true (t->incident == NULL || has_column (db, t->table, t->incident));
      g_assert_true (has_column (db, t->table, t->row_column));
      for (guint c = 0; c < G_N_ELEMENTS (t->words) && t->words[c].column != NULL; c++)
        if (!has_column (db, t->table, t->words[c].column))
          g_error ("record_tables[] names %s.%s, which the schema does not have", t->table, t->words[c].column);
    }
  sqlite3_close (db);
}

/* The check of the file that runs beside the rest stops when told: a
 * cancelled verify need not wait for it. */
static void
test_verify_file_check_stops (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint stop = FALSE;

  g_assert_true (fb_sqlite_check_file_until (f->path, TRUE, &stop, &error));
  g_assert_no_error (error);
  g_assert_true (_fb_verify_file (f->path, &stop, &error));
  g_assert_no_error (error);

  stop = TRUE;
  g_assert_false (fb_sqlite_check_file_until (f->path, TRUE, &stop, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (_fb_verify_file (f->path, &stop, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* SQLite's answer to its full check of @path. */
static char *
integrity_of (const char *path)
{
  return fb_test_check_file (path, "PRAGMA integrity_check");
}

/* Flips bit @bit of byte @offset of page @page of @path, a file no
 * program holds open. */
static void
flip_byte (const char *path,
           gint64      page,
           gint64      offset,
           guint       bit)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize length;
  gint64 page_size = 4096;

  bytes = fb_test_read_bytes (path, &length);
  g_assert_cmpuint (length, >=, page * page_size);
  bytes[(page - 1) * page_size + offset] ^= (char) (1u << bit);
  g_assert_true (g_file_set_contents (path, bytes, length, &error));
  g_assert_no_error (error);
}

/* Every page of @path and what holds it, from dbstat, with the WAL
 * folded into the file first. */
static GPtrArray *
list_pages (const char *path)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT d.pageno, d.name, s.type FROM dbstat d"
                                           " JOIN sqlite_schema s ON s.name = d.name"
                                           " WHERE d.pagetype = 'leaf' AND d.ncell > 0 ORDER BY d.pageno",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (pages, g_strdup_printf ("%lld %s %s", (long long) sqlite3_column_int64 (stmt, 0),
                                             sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return pages;
}

/* Damage SQLite's full check finds, the check of the file finds: a bit
 * flipped in the last cell of any page holding rows of any table or index
 * (each index's entries then no longer match its table's rows, or the
 * row read is not the one written), in every bit of its last byte. The
 * record's check names it, in SQLite's words, whatever else it finds. */
static void
test_verify_file_damage (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *pristine = NULL;
  gsize length;
  guint n_indexes = 0, n_found = 0;

  fb_test_add_entries_in (f, 150);
  pages = list_pages (f->path);
  pristine = fb_test_read_bytes (f->path, &length);

  for (guint i = 0; i < pages->len; i++)
    for (guint bit = 0; bit < 8; bit += 3)
      {
        g_auto(GStrv) page = g_strsplit (g_ptr_array_index (pages, i), " ", 3);
        g_autoptr(GError) error = NULL;
        g_autoptr(GError) verify_error = NULL;
        g_autofree char *answer = NULL;
        gboolean whole;

        g_assert_true (g_file_set_contents (f->path, pristine, length, &error));
        flip_byte (f->path, g_ascii_strtoll (page[0], NULL, 10), 4095, bit);
        answer = integrity_of (f->path);
        whole = _fb_verify_file (f->path, NULL, &error);

        /* Whatever SQLite's check finds, this one does, and names it as
         * SQLite does. */
        if (g_str_equal (answer, "ok") && !whole)
          g_error ("A bit flipped in page %s (%s %s) fails the check of the file (%s), but not SQLite's",
                   page[0], page[1], page[2], error->message);
        if (!g_str_equal (answer, "ok"))
          {
            g_autoptr(FbStore) store = NULL;
            g_autoptr(FbVerification) v = NULL;

            if (whole)
              g_error ("A bit flipped in page %s (%s %s) passes the check of the file, but SQLite finds: %s",
                       page[0], page[1], page[2], answer);
            g_assert_error (error, FB_ERROR, FB_ERROR_CORRUPT);
            g_assert_nonnull (strstr (error->message, answer));
            n_found++;
            n_indexes += g_str_equal (page[1], "index");

            /* The record's check, once for each page. */
            if (bit > 0)
              continue;
            store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &verify_error);
            if (store != NULL)
              v = fb_store_verify (store, NULL, &verify_error);
            if (v != NULL)
              {
                g_assert_nonnull (strstr (v->problem, answer));
                g_assert_nonnull (strstr (v->problem, "backup"));
              }
            else
              g_assert_error (verify_error, FB_ERROR, FB_ERROR_CORRUPT);
          }
      }

  /* Every index was damaged once at least. */
  g_test_message ("%u pages, %u bits flipped that SQLite finds, %u in indexes", pages->len, n_found, n_indexes);
  g_assert_cmpuint (n_indexes, >=, 3 * 8);
  g_assert_cmpuint (n_found, >=, 3 * 12);
}

/* A file cut short: never whole. */
static void
test_verify_file_truncated (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *pristine = NULL;
  gsize length;

  fb_test_add_entries_in (f, 150);
  pages = list_pages (f->path);
  pristine = fb_test_read_bytes (f->path, &length);
  g_assert_cmpuint (length, >, 16 * 4096);

  for (gsize cut = 4096; cut < length; cut += 3 * 4096 + 100)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (f->path, pristine, cut, &error));
      g_assert_false (_fb_verify_file (f->path, NULL, &error));
      g_assert_nonnull (error);
    }
}

static void
on_verified_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FbVerification **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = fb_store_verify_finish (FB_STORE (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

static FbVerification *
verify_in_background (FbStore *store)
{
  FbVerification *v = NULL;

  fb_store_verify_in_background (store, NULL, on_verified_cb, &v);
  while (v == NULL)
    g_main_context_iteration (NULL, TRUE);
  return v;
}

/* What the app does on opening a record: the same check, in a thread, of
 * the file a store has open. */
static void
test_verify_in_background (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
  g_autofree char *sql = g_strdup_printf ("UPDATE entries SET text = 'Nothing seen' WHERE id = '%s'", f->entries[3]);
  g_autoptr(FbVerification) intact = NULL;
  g_autoptr(FbVerification) altered = NULL;

  g_assert_no_error (error);
  intact = verify_in_background (store);
  g_assert_null (intact->problem);
  g_assert_cmpuint (intact->n_ops, ==, 7);

  tamper (f, sql);
  altered = verify_in_background (store);
  g_assert_nonnull (altered->problem);
  g_assert_nonnull (strstr (altered->problem, f->entries[3]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/verify/intact", test_verify_intact);
  ADD ("/verify/altered-entry", test_verify_altered_entry);
  ADD ("/verify/altered-op", test_verify_altered_op);
  ADD ("/verify/respaced-op", test_verify_respaced_op);
  ADD ("/verify/deleted-op", test_verify_deleted_op);
  ADD ("/verify/deleted-entry", test_verify_deleted_entry);
  ADD ("/verify/reordered", test_verify_reordered);
  ADD ("/verify/inserted-entry", test_verify_inserted_entry);
  ADD ("/verify/removed-newest", test_verify_removed_newest);
  ADD ("/verify/in-background", test_verify_in_background);
  ADD ("/verify/tables-listed", test_verify_tables_listed);
  ADD ("/verify/file-check-stops", test_verify_file_check_stops);
  ADD ("/verify/file-truncated", test_verify_file_truncated);
  ADD ("/verify/index-words", test_verify_index_words);
#undef ADD
  g_test_add ("/verify/rows", Fixture, NULL, fixture_setup_board, test_verify_rows, fixture_teardown);
  g_test_add ("/verify/file-damage", Fixture, NULL, fixture_setup_board, test_verify_file_damage, fixture_teardown);

  return g_test_run ();
}
