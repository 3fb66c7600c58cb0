/* test-export.c — reports, exports and the offline import
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-export-private.h"
#include "fb-report.h"
#include "fb-store-private.h"
#include "fb-test-store.h"
#include "fb-test-util.h"

#define T0 G_GINT64_CONSTANT (1764000000000)
#define MIN_MS 60000

typedef struct
{
  FbTestDir   *dir;
  FbTestClock  clock;
  FbStore     *store;
  char        *incident;
  char        *other;
  char        *wrong;
} Fixture;

static FbStore *
open_store (Fixture    *f,
            const char *name)
{
  return fb_test_store_open (f->dir, name, &f->clock, "Haruka Ito");
}

static JsonObject *
data_of (const char *first,
         ...)
{
  JsonObject *data = json_object_new ();
  va_list args;

  va_start (args, first);
  for (const char *key = first; key != NULL; key = va_arg (args, const char *))
    json_object_set_string_member (data, key, va_arg (args, const char *));
  va_end (args);

  return data;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) decision = NULL;
  g_autoptr(JsonObject) escalation = NULL;
  g_autoptr(JsonObject) done = json_object_new ();
  g_autoptr(JsonObject) skipped = json_object_new ();
  g_autofree char *item1 = NULL, *item2 = NULL;
  FbStore *s;

  f->dir = fb_test_dir_new ();
  f->clock.now_ms = T0;
  f->store = s = open_store (f, "source.db");

  f->incident = fb_store_create_incident (s, "Ransomware, file server", "ransomware", 1, T0, 60, FALSE, &error);
  g_assert_no_error (error);
  /* Another incident, so that chains interleave with ops not exported. */
  f->other = fb_store_create_incident (s, "Unrelated drill", "generic", 4, T0, 60, TRUE, &error);
  g_free (fb_store_add_entry (s, f->other, FB_ENTRY_NOTE, "Secret drill note", 0, NULL, NULL, &error));

  f->clock.now_ms += MIN_MS;
  f->wrong = fb_store_add_entry (s, f->incident, FB_ENTRY_FACT, "Shares on FS01 encrypted, \"locked\" suffix", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_free (fb_store_add_entry (s, f->incident, FB_ENTRY_FACT, "Shares on FS01 and FS02 encrypted", 0, f->wrong, NULL, &error));
  g_free (fb_store_add_entry (s, f->other, FB_ENTRY_NOTE, "Another drill note", 0, NULL, NULL, &error));
  g_assert_true (fb_store_assign_role (s, f->incident, "commander", "Daichi Mori", NULL, &error));

  decision = data_of ("event", "decision", "question", "Stop the file service?", "decision", "Stop FS01 and FS02 now",
                      "decided_by", "CIO Sato", "status", "made", NULL);
  g_free (fb_store_add_entry (s, f->incident, FB_ENTRY_DECISION, "Stop FS01 and FS02 now", 0, NULL, decision, &error));
  escalation = data_of ("event", "contact-logged", "who", "Keiko Abe, legal", "channel", "phone",
                        "purpose", "request-decision", "asked", "May we notify the regulator?",
                        "outcome", "Yes, within 3 days", NULL);
  g_free (fb_store_add_entry (s, f->incident, FB_ENTRY_ESCALATION, "Keiko Abe (phone)", 0, NULL, escalation, &error));
  g_assert_no_error (error);

  item1 = fb_store_add_checklist_item (s, f->incident, FB_SECTION_DAMAGE_LIMITATION, "Isolate infected hosts", 0, NULL, &error);
  item2 = fb_store_add_checklist_item (s, f->incident, FB_SECTION_RECOVERY, "Restore from offline backup", 0, NULL, &error);
  json_object_set_string_member (done, "state", "done");
  json_object_set_string_member (skipped, "state", "skipped");
  json_object_set_string_member (skipped, "note", "Backups were encrypted too");
  g_assert_true (fb_store_set_checklist_item (s, item1, done, &error));
  g_assert_true (fb_store_set_checklist_item (s, item2, skipped, &error));

  f->clock.now_ms = T0 + 47 * MIN_MS;
  g_assert_true (fb_store_record_containment (s, f->incident, 0, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_assert_finalize_object (f->store);
  g_free (f->incident);
  g_free (f->other);
  g_free (f->wrong);
  fb_test_dir_free (f->dir);
}

static char *
export_text (FbStore       *store,
             const char    *incident,
             FbExportFormat format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fb_export_incident (store, incident, format, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);
  return g_strndup (data, len);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
test_export_markdown (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autofree char *md = export_text (f->store, f->incident, FB_EXPORT_MARKDOWN);

  assert_contains (md, "# Incident report: Ransomware, file server");
  assert_contains (md, "Time to contain: 47 min, within the target of 60 min.");
  assert_contains (md, "| Stop the file service? |");
  assert_contains (md, "CIO Sato");
  assert_contains (md, "Keiko Abe, legal");
  assert_contains (md, "Ask for a decision");
  assert_contains (md, "Yes, within 3 days");
  assert_contains (md, "Daichi Mori is now the incident commander");
  assert_contains (md, "Damage limitation: 1 of 1 done, 0 skipped");
  assert_contains (md, "Backups were encrypted too");
  /* The corrected entry is kept, struck through. */
  assert_contains (md, "~~Shares on FS01 encrypted, \"locked\" suffix~~");
  assert_contains (md, "corrects the entry of");
  assert_contains (md, "The record is intact");
  g_assert_null (strstr (md, "Secret drill note"));
}

static void
test_export_html (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autofree char *html = export_text (f->store, f->incident, FB_EXPORT_HTML);

  assert_contains (html, "<!DOCTYPE html>");
  assert_contains (html, "<del>Shares on FS01 encrypted, &quot;locked&quot; suffix</del>");
  /* Self-contained: nothing is fetched from anywhere. */
  g_assert_null (strstr (html, "http://"));
  g_assert_null (strstr (html, "https://"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "<link"));
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = export_text (f->store, f->incident, FB_EXPORT_CSV);
  g_autofree char *formula = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbf" "occurred_at,recorded_at,kind,author,text,"));
  assert_contains (csv, "\"Shares on FS01 encrypted, \"\"locked\"\" suffix\"");
  lines = g_strsplit (csv, "\r\n", -1);
  /* Header, seven entries (two facts, commander, decision, escalation,
   * two checklist items, containment) and the empty tail. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 8 + 1);

  /* A cell that a spreadsheet would run as a formula is defused. */
  g_free (fb_store_add_entry (f->store, f->incident, FB_ENTRY_NOTE, "=HYPERLINK(\"x\")", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  formula = export_text (f->store, f->incident, FB_EXPORT_CSV);
  assert_contains (formula, "\"'=HYPERLINK(\"\"x\"\")\"");
}

static char *
without_report_made (const char *md)
{
  g_auto(GStrv) lines = g_strsplit (md, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "| Report made |"))
      g_string_append_printf (out, "%s\n", lines[i]);

  return g_string_free (out, FALSE);
}

static void
test_export_import_round_trip (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) json = fb_export_incident (f->store, f->incident, FB_EXPORT_JSON, &error);
  g_autoptr(FbStore) target = open_store (f, "target.db");
  g_autoptr(FbVerification) v = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *before = NULL, *after = NULL, *a = NULL, *b = NULL;
  guint n = 0;
  gsize len;
  const char *data = g_bytes_get_data (json, &len);

  g_assert_no_error (error);
  g_assert_null (strstr (data, "Secret drill note"));

  g_assert_true (fb_import_incident (target, data, len, &imported, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (imported, ==, f->incident);
  g_assert_cmpuint (n, >, 5);

  /* The chains check end to end, thanks to the links. */
  v = fb_store_verify (target, NULL, &error);
  g_assert_no_error (error);
  if (v->problem != NULL)
    g_error ("%s", v->problem);

  a = export_text (f->store, f->incident, FB_EXPORT_MARKDOWN);
  b = export_text (target, f->incident, FB_EXPORT_MARKDOWN);
  before = without_report_made (a);
  after = without_report_made (b);
  g_assert_cmpstr (before, ==, after);

  /* With changes from two devices, the file's digest is still the check's. */
  g_free (fb_store_add_entry (target, f->incident, FB_ENTRY_NOTE, "Added on the second workstation", 0, NULL, NULL,
                              &error));
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) again = fb_export_incident (target, f->incident, FB_EXPORT_JSON, &error);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(FbVerification) check = fb_store_verify (target, f->incident, &error);

    g_assert_no_error (error);
    g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (again, NULL), (gssize) g_bytes_get_size (again),
                                               &error));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "digest"),
                     ==, check->digest);
  }

  /* Again: every op is a duplicate, nothing changes. */
  g_assert_true (fb_import_incident (target, data, len, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
}

static guint
count_ops (FbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = fb_store_get_ops (store, NULL, &error);

  g_assert_no_error (error);
  return ops->len;
}

static void
assert_import_refused (Fixture    *f,
                       const char *data,
                       const char *mentions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) target = open_store (f, "refuse.db");
  g_autofree char *before = NULL;
  guint n_before = count_ops (target);

  g_assert_false (fb_import_incident (target, data, strlen (data), NULL, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  if (strstr (error->message, mentions) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, mentions);
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  g_assert_cmpuint (count_ops (target), ==, n_before);
}

static void
test_import_broken (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = export_text (f->store, f->incident, FB_EXPORT_JSON);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *altered = NULL, *gapped = NULL;
  JsonArray *ops;

  assert_import_refused (f, "not json at all", "not strict JSON");
  assert_import_refused (f, "{\"format\":\"something-else\"}", "not a Firebreak incident export");

  /* An entry's words changed in the file: its hash no longer matches. */
  altered = g_strdup (json);
  {
    char *at = strstr (altered, "Stop FS01 and FS02 now");
    g_assert_nonnull (at);
    at[5] = 'X';
  }
  assert_import_refused (f, altered, "altered");

  /* One op taken out: the chain has a hole. */
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  ops = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "ops");
  json_array_remove_element (ops, 3);
  gapped = json_to_string (json_parser_get_root (parser), FALSE);
  assert_import_refused (f, gapped, "broken at number");
}

/* Many chunks' worth of entries, with text to escape in every format. */
static void
add_long_timeline (Fixture *f,
                   guint    n)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autofree char *entity = fb_uuid_new ();
      /* Control characters, which JSON printers escape each their own way. */
      const char *odd = i % 11 == 0 ? "\x01\x1f" : i % 13 == 0 ? "\x7f" : i % 7 == 0 ? "\t" : "";
      g_autofree char *text = g_strdup_printf ("Host %u: \"locked\" files, <b>%s</b> | 横展開の痕跡 %s\nnext line%s",
                                               i, i % 2 ? "a & b" : "*c*", i % 3 ? "," : "=SUM(A1)", odd);

      json_object_set_string_member (body, "kind", i % 5 == 0 ? "decision" : "fact");
      json_object_set_string_member (body, "text", text);
      json_object_set_int_member (body, "occurred_at", T0 + 2 * MIN_MS + i);
      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, f->incident, entity, body));
    }

  g_assert_true (fb_store_apply (f->store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error));
  g_assert_no_error (error);
}

/* A long export written in chunks says what the document made whole says:
 * the report as fb_report_to_markdown() draws it, the JSON as json-glib
 * prints its tree, the CSV a line per entry. */
static void
test_export_streamed (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *whole = NULL;
  g_autofree char *md = NULL;
  g_autofree char *html = NULL;
  g_autofree char *json = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_entries;

  add_long_timeline (f, 3000);
  n_entries = fb_store_count_entries (f->store, f->incident);

  md = export_text (f->store, f->incident, FB_EXPORT_MARKDOWN);
  g_assert_cmpuint (strlen (md), >, 4 * 64 * 1024);
  report = fb_report_new_for_incident (f->store, f->incident, &error);
  g_assert_no_error (error);
  whole = fb_report_to_markdown (report);
  g_assert_cmpstr (md, ==, whole);
  assert_contains (md, "Host 2999: \"locked\" files, \\<b\\>a & b\\</b\\> \\| 横展開の痕跡 ,<br>next line");

  html = export_text (f->store, f->incident, FB_EXPORT_HTML);
  assert_contains (html, "Host 0: &quot;locked&quot; files, &lt;b&gt;*c*&lt;/b&gt; | 横展開の痕跡 =SUM(A1)<br>next line");
  g_assert_true (g_str_has_suffix (html, "</body>\n</html>\n"));
  /* Control characters as g_markup_escape_text() writes them. */
  assert_contains (html, "next line&#x1;&#x1f;</td>");

  json = export_text (f->store, f->incident, FB_EXPORT_JSON);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  printed = json_to_string (json_parser_get_root (parser), TRUE);
  g_assert_cmpstr (json, ==, printed);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                         "ops")), >, 3000);
  /* The digest the file carries is the one the check of the record gives. */
  {
    g_autoptr(FbVerification) verification = fb_store_verify (f->store, f->incident, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "digest"),
                     ==, verification->digest);
  }

  csv = export_text (f->store, f->incident, FB_EXPORT_CSV);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + n_entries + 1);
  assert_contains (csv, "\"Host 3: \"\"locked\"\" files, <b>a & b</b> | 横展開の痕跡 =SUM(A1)\nnext line\"");
}

/* The op of row @stmt as the slow way prints it into the export: decoded
 * by the store, printed by json-glib, indented to its place; NULL when
 * the store cannot decode it. */
static char *
print_op_slowly (sqlite3_stmt *stmt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbOp) op = _fb_store_op_from_row (stmt, 0, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (op == NULL)
    return NULL;
  node = fb_op_to_json_node (op);
  text = json_to_string (node, TRUE);
  lines = g_strsplit (text, "\n", -1);
  return g_strconcat ("\n    ", g_strjoinv ("\n    ", lines), NULL);
}

typedef struct
{
  guint printed;    /* the fast way */
  guint declined;   /* left to the slow way */
} Ways;

/* The op @id with @column (0 for the body, else the number of the
 * column in FB_OP_COLUMNS) stored as the @length bytes of @stored. */
static void
check_op_stored_as (FbStore    *store,
                    const char *id,
                    int         column,
                    const char *stored,
                    gsize       length,
                    Ways       *ways)
{
  static const char * const columns[] = {
    "o.id", "o.device", "o.device_seq", "o.prev", "o.hash", "o.hlc", "o.author", "o.type", "o.incident", "o.entity", "o.body",
  };
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GString) fast = g_string_new (NULL);
  g_autofree char *slow = NULL;
  sqlite3_stmt *stmt;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    g_string_append_printf (sql, "%s%s", c > 0 ? ", " : "", (int) c == (column == 0 ? 10 : column) ? "?2" : columns[c]);
  g_string_append (sql, " FROM ops o WHERE o.id = ?1");
  g_assert_cmpint (sqlite3_prepare_v2 (store->sql.db, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, stored, (int) length, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  slow = print_op_slowly (stmt);
  if (!_fb_export_append_op (fast, stmt, TRUE))
    {
      /* Nothing half-written. */
      g_assert_cmpuint (fast->len, ==, 0);
      ways->declined++;
    }
  else
    {
      g_autofree char *shown = g_strescape (g_strndup (stored, length), NULL);

      if (slow == NULL)
        g_error ("stored as “%s”, the op cannot be decoded, but was printed as:%s", shown, fast->str);
      if (!g_str_equal (fast->str, slow))
        g_error ("stored as “%s”, the op was printed as:%s\ninstead of:%s", shown, fast->str, slow);
      ways->printed++;
    }
  sqlite3_finalize (stmt);
}

static void
check_body_with (FbStore    *store,
                 const char *id,
                 const char *body,
                 gsize       at,
                 gsize       removed,
                 const char *inserted,
                 gsize       inserted_length,
                 Ways       *ways)
{
  g_autoptr(GString) stored = g_string_new_len (body, (gssize) at);

  g_string_append_len (stored, inserted, (gssize) inserted_length);
  g_string_append (stored, body + at + removed);
  check_op_stored_as (store, id, 0, stored->str, stored->len, ways);
}

/* The JSON export prints an op from its stored bytes only where that is
 * what decoding and printing it would give. Its body is changed here in
 * every way of a class (every byte inserted at every place, every byte
 * removed, every byte and escape inside a string, the ways to write a
 * number, names twice or out of order, deep nesting), and each other
 * column by every byte: each time the op is printed exactly as the slow
 * way prints it, or left to the slow way, which prints what json-glib
 * reads or fails as it always did. */
static void
test_export_json_stored_bytes (Fixture       *f,
                               gconstpointer  user_data)
{
  static const char * const sequences[] = {
    "\xc3\xa9", "\xe3\x83\x95", "\xf0\x9f\x94\xa5", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",      /* valid */
    "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf", /* overlong, surrogate */
    "\xf0\x80\x80\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff", "\x80", "\xe3\x83", "\xf0\x9f\x94",
    "\\u0041", "\\u00e9", "\\u001f", "\\ud83d\\udd25", "\\/", "\\\"", "\\\\", "\\b", "\\f", "\\n", "\\r", "\\t",
  };
  static const char * const values[] = {
    "0", "-0", "00", "01", "-01", "7", "-7", "1.0", "1.5", "1e3", "1E3", "1e-3", "-", "+1", ".5",
    "123456789012345678", "-123456789012345678", "1234567890123456789", "9223372036854775807",
    "-9223372036854775808", "9223372036854775808", "99999999999999999999", "true", "false", "null",
    "tru", "nul", "falsey", "True", "[]", "{}", "[1,2]", "[1,[2,[]]]", "{\"a\":1}", "{\"b\":1,\"a\":2}",
    "{\"a\":1,\"a\":2}", "{\"a\":{}}", "\"s\"", "\"\"", "[\"a\",\"\\u0041\"]", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}",
    "{1:2}", "[1 ]", "[\"a\":1]", "{\"a\":1]", "[1}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = fb_store_get_ops (f->store, f->incident, &error);
  g_autofree char *nested = NULL;
  const FbOp *op = NULL;
  g_autofree char *body = NULL;
  const char *text;
  gsize length, in_text, number;
  Ways ways = { 0, 0 };

  g_assert_no_error (error);
  /* The first entry, whose text holds escapes. */
  for (guint i = 0; i < ops->len && op == NULL; i++)
    if (((FbOp *) ops->pdata[i])->kind == FB_OP_KIND_ENTRY_ADD &&
        g_str_equal (((FbOp *) ops->pdata[i])->entity, f->wrong))
      op = ops->pdata[i];
  g_assert_nonnull (op);
  body = fb_op_canonical_body (op);
  length = strlen (body);
  text = strstr (body, "\"text\":\"");
  g_assert_nonnull (text);
  in_text = (gsize) (text - body) + 8;
  number = (gsize) (strstr (body, "\"occurred_at\":") - body) + 14;

  /* As stored, it is printed the fast way. */
  check_op_stored_as (f->store, op->id, 0, body, length, &ways);
  g_assert_cmpuint (ways.printed, ==, 1);

  for (gsize at = 0; at <= length; at++)
    {
      for (guint b = 0; b < 256; b++)
        {
          char byte = (char) b;

          check_body_with (f->store, op->id, body, at, 0, &byte, 1, &ways);
        }
      if (at < length)
        check_body_with (f->store, op->id, body, at, 1, "", 0, &ways);
    }

  for (guint b = 0; b < 256; b++)
    {
      char escape[2] = { '\\', (char) b };

      check_body_with (f->store, op->id, body, in_text, 0, escape, 2, &ways);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sequences); i++)
    {
      check_body_with (f->store, op->id, body, in_text, 0, sequences[i], strlen (sequences[i]), &ways);
      /* In a name too. */
      check_body_with (f->store, op->id, body, 2, 0, sequences[i], strlen (sequences[i]), &ways);
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    check_body_with (f->store, op->id, body, number, strspn (body + number, "0123456789"), values[i],
                     strlen (values[i]), &ways);

  /* Names: the same twice, out of order, the empty one. */
  check_body_with (f->store, op->id, body, 1, 0, "\"kind\":\"fact\",", 14, &ways);
  check_body_with (f->store, op->id, body, 1, 0, "\"zz\":1,", 7, &ways);
  check_body_with (f->store, op->id, body, 1, 0, "\"\":1,", 5, &ways);
  check_body_with (f->store, op->id, body, length - 1, 0, ",\"a\":1", 6, &ways);
  check_body_with (f->store, op->id, body, length - 1, 0, ",\"zz\":1", 7, &ways);

  /* Deeper than the fast way goes, and just within it. */
  for (guint depth = 28; depth <= 36; depth += 4)
    {
      g_autoptr(GString) value = g_string_new (",\"zz\":");

      for (guint i = 0; i < depth; i++)
        g_string_append_c (value, '[');
      g_string_append_c (value, '1');
      for (guint i = 0; i < depth; i++)
        g_string_append_c (value, ']');
      check_body_with (f->store, op->id, body, length - 1, 0, value->str, value->len, &ways);
    }

  /* Every other column, by every byte. */
  for (int column = 1; column <= 9; column++)
    {
      const char *stored[] = { NULL, op->device, NULL, op->prev, op->hash, op->hlc, op->author, op->type, op->incident, op->entity };

      if (column == 2)
        continue;
      for (guint b = 1; b < 256; b++)
        {
          g_autofree char *value = g_strdup_printf ("%s%c", stored[column], (char) b);

          check_op_stored_as (f->store, op->id, column, value, strlen (value), &ways);
        }
    }

  /* Both ways were taken, many times. */
  g_assert_cmpuint (ways.printed, >, 1000);
  g_assert_cmpuint (ways.declined, >, 1000);
}

/* Through the whole export: an op stored in other bytes is printed as it
 * is read, and one that cannot be read fails the export as before. */
static void
test_export_json_odd_op (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(GBytes) failed = NULL;
  sqlite3 *db = f->store->sql.db;

  g_assert_cmpint (sqlite3_exec (db, "UPDATE ops SET body = replace (body, ',\"text\":', ' , \"text\" : ')"
                                     " WHERE type = 'entry.add'", NULL, NULL, NULL), ==, SQLITE_OK);
  json = export_text (f->store, f->incident, FB_EXPORT_JSON);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  printed = json_to_string (json_parser_get_root (parser), TRUE);
  g_assert_cmpstr (json, ==, printed);
  assert_contains (json, "\"text\" : \"Shares on FS01 encrypted, \\\"locked\\\" suffix\"");

  g_assert_cmpint (sqlite3_exec (db, "UPDATE ops SET body = body || '}' WHERE type = 'entry.add'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  failed = fb_export_incident (f->store, f->incident, FB_EXPORT_JSON, &error);
  g_assert_error (error, FB_ERROR, FB_ERROR_CORRUPT);
  g_assert_null (failed);
}

/* Written to a stream the caller gives, as the command line does; a
 * cancelled export stops. */
static void
test_export_to_stream (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  for (FbExportFormat format = FB_EXPORT_MARKDOWN; format <= FB_EXPORT_CSV; format++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) expected = fb_export_incident (f->store, f->incident, format, &error);
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) streamed = NULL;

      g_assert_no_error (error);
      g_assert_true (fb_export_incident_to_stream (f->store, f->incident, format, stream, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_output_stream_close (stream, NULL, &error));
      streamed = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
      g_assert_true (g_bytes_equal (streamed, expected));
    }

  add_long_timeline (f, 3000);
  g_cancellable_cancel (cancellable);
  for (FbExportFormat format = FB_EXPORT_MARKDOWN; format <= FB_EXPORT_CSV; format++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

      g_assert_false (fb_export_incident_to_stream (f->store, f->incident, format, stream, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
}

/* Times in reports read as g_date_time_format()'s "%Y-%m-%d %H:%M:%S %:z"
 * would write them, here in a zone half an hour off the hour that keeps
 * summer time (main() sets it), either side of its changes. */
static void
test_export_time_format (void)
{
  const gint64 times[] = {
    G_GINT64_CONSTANT (1), G_GINT64_CONSTANT (999), G_GINT64_CONSTANT (86399999),
    G_GINT64_CONSTANT (1710050340000), G_GINT64_CONSTANT (1710050400000),  /* March 2024 */
    G_GINT64_CONSTANT (1730604540000), G_GINT64_CONSTANT (1730610000000),  /* November 2024 */
    T0, G_GINT64_CONSTANT (4102444800000),
    G_GINT64_CONSTANT (951782400000), G_GINT64_CONSTANT (1704067199000),      /* 29 February, New Year */
    G_GINT64_CONSTANT (253402300799000),                                      /* the end of 9999 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (times[i] / 1000);
      g_autofree char *expected = g_date_time_format (time, "%Y-%m-%d %H:%M:%S %:z");
      g_autofree char *formatted = fb_report_format_time (times[i]);

      g_assert_cmpstr (formatted, ==, expected);
    }
  {
    g_autofree char *none = fb_report_format_time (0);
    g_assert_cmpstr (none, ==, "—");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "America/St_Johns", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/time-format", test_export_time_format);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/export/markdown", test_export_markdown);
  ADD ("/export/html", test_export_html);
  ADD ("/export/csv", test_export_csv);
  ADD ("/export/streamed", test_export_streamed);
  ADD ("/export/to-stream", test_export_to_stream);
  ADD ("/export/json-stored-bytes", test_export_json_stored_bytes);
  ADD ("/export/json-odd-op", test_export_json_odd_op);
  ADD ("/export/import-round-trip", test_export_import_round_trip);
  ADD ("/export/import-broken", test_import_broken);
#undef ADD

  return g_test_run ();
}
