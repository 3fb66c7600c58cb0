/* test-export.c — reports, exports and the offline import
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-report.h"
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
  g_autofree char *path = fb_test_dir_file (f->dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, &f->clock, &error);

  g_assert_no_error (error);
  fb_store_set_author (store, "Haruka Ito");
  return store;
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/export/markdown", test_export_markdown);
  ADD ("/export/html", test_export_html);
  ADD ("/export/csv", test_export_csv);
  ADD ("/export/import-round-trip", test_export_import_round_trip);
  ADD ("/export/import-broken", test_import_broken);
#undef ADD

  return g_test_run ();
}
