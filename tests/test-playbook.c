/* test-playbook.c — shipped playbooks, broken playbooks, starting incidents from them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-test-util.h"

static const char * const shipped[] = {
  "generic", "ransomware", "denial-of-service", "lost-device", "cloud-exposure", "targeted-attack",
  "preparation", NULL
};

/* The playbooks for responding to an incident, as against the readiness review. */
static const char * const responses[] = {
  "generic", "ransomware", "denial-of-service", "lost-device", "cloud-exposure", "targeted-attack", NULL
};

/* A small valid playbook; the broken cases each change one line of it, and
 * the line numbers below are the ones in this text. */
static const char valid_text[] =
  "{\n"                                                                               /* 1 */
  "  \"id\": \"broken\",\n"                                                           /* 2 */
  "  \"version\": 1,\n"                                                               /* 3 */
  "  \"title\": { \"en\": \"Broken\", \"ja\": \"壊れた\" },\n"                         /* 4 */
  "  \"description\": { \"en\": \"For tests\", \"ja\": \"テスト用\" },\n"              /* 5 */
  "  \"containment_target_min\": 45,\n"                                               /* 6 */
  "  \"deadlines\": [\n"                                                              /* 7 */
  "    { \"id\": \"d1\", \"title\": { \"en\": \"D\", \"ja\": \"D\" }, \"from\": \"detected\", \"minutes\": 60 }\n" /* 8 */
  "  ],\n"                                                                            /* 9 */
  "  \"sections\": [\n"                                                               /* 10 */
  "    { \"id\": \"fact-finding\", \"items\": [\n"                                    /* 11 */
  "      { \"id\": \"a\", \"text\": { \"en\": \"A\", \"ja\": \"あ\" } }\n"             /* 12 */
  "    ] },\n"                                                                        /* 13 */
  "    { \"id\": \"escalation\", \"items\": [\n"                                      /* 14 */
  "      { \"id\": \"b\", \"text\": { \"en\": \"B\", \"ja\": \"い\" } }\n"             /* 15 */
  "    ] },\n"                                                                        /* 16 */
  "    { \"id\": \"damage-limitation\", \"items\": [\n"                               /* 17 */
  "      { \"id\": \"c\", \"text\": { \"en\": \"C\", \"ja\": \"う\" } }\n"             /* 18 */
  "    ] }\n"                                                                         /* 19 */
  "  ]\n"                                                                             /* 20 */
  "}\n";                                                                              /* 21 */

static char *
replace_once (const char *text,
              const char *old,
              const char *new)
{
  const char *at = strstr (text, old);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, new, at + strlen (old));
}

static void
write_file (const char *path,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

static FbStore *
open_store (FbTestDir *dir)
{
  g_autofree char *path = fb_test_dir_file (dir, "firebreak.db");
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* Shipped playbooks ----------------------------------------------------- */

static void
check_shipped (FbPlaybook *playbook)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const languages[] = { "en", "ja" };
  int last_section = -1;
  gboolean seen[FB_N_SECTIONS] = { FALSE };

  g_assert_cmpint (fb_playbook_get_version (playbook), >=, 1);
  g_assert_cmpint (fb_playbook_get_containment_target_min (playbook), >, 0);
  /* The readiness review is a record of its own, with no clock; every
   * other playbook starts an incident contained within the hour. */
  if (g_str_equal (fb_playbook_get_id (playbook), "preparation"))
    g_assert_cmpint (fb_playbook_get_record (playbook), ==, FB_RECORD_READINESS);
  else
    {
      g_assert_cmpint (fb_playbook_get_record (playbook), ==, FB_RECORD_INCIDENT);
      g_assert_cmpint (fb_playbook_get_containment_target_min (playbook), <=, 60);
    }

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_assert_cmpstr (fb_playbook_get_title_in (playbook, languages[l]), !=, "");
      g_assert_cmpstr (fb_playbook_get_description_in (playbook, languages[l]), !=, "");
    }
  g_assert_cmpstr (fb_playbook_get_title_in (playbook, "en"), !=, fb_playbook_get_title_in (playbook, "ja"));

  g_assert_cmpuint (fb_playbook_get_n_items (playbook), >=, 8);
  g_assert_cmpuint (fb_playbook_get_n_items (playbook), <=, 25);

  for (guint i = 0; i < fb_playbook_get_n_items (playbook); i++)
    {
      const FbPlaybookItem *item = fb_playbook_get_item (playbook, i);

      g_assert_false (g_hash_table_contains (ids, item->id));
      g_hash_table_add (ids, item->id);
      g_assert_cmpint ((int) item->section, >=, last_section);
      last_section = item->section;
      seen[item->section] = TRUE;

      g_assert_nonnull (item->text.en);
      g_assert_nonnull (item->text.ja);
      /* Every shipped step says why, in both languages: the reason is
       * what a responder under pressure needs to skip or adapt a step. */
      g_assert_nonnull (item->hint.en);
      g_assert_nonnull (item->hint.ja);
      g_assert_true (item == fb_playbook_lookup_item (playbook, item->id));
    }

  /* The guide's first three moves open every playbook, in that order. */
  g_assert_cmpint (fb_playbook_get_item (playbook, 0)->section, ==, FB_SECTION_FACT_FINDING);
  g_assert_true (seen[FB_SECTION_FACT_FINDING]);
  g_assert_true (seen[FB_SECTION_ESCALATION]);
  g_assert_true (seen[FB_SECTION_DAMAGE_LIMITATION]);
  g_assert_true (seen[FB_SECTION_POST_INCIDENT]);

  for (guint i = 0; i < fb_playbook_get_n_deadlines (playbook); i++)
    {
      const FbPlaybookDeadline *deadline = fb_playbook_get_deadline (playbook, i);

      g_assert_cmpint (deadline->minutes, >, 0);
      /* The regulators' clocks run from becoming aware, and each needs
       * an answer of "Which rules apply?". */
      g_assert_cmpstr (deadline->from, ==, "aware");
      g_assert_cmpint (deadline->applies, !=, FB_DEADLINE_RULE_ALWAYS);
      g_assert_nonnull (deadline->basis.ja);
      g_assert_nonnull (deadline->title.ja);
      g_assert_nonnull (deadline->note.en);
      g_assert_cmpint (fb_playbook_deadline_get_due_at (deadline, 1000), ==, 1000 + deadline->minutes * 60000);
    }

  /* Every response playbook carries the APPI, GDPR and NIS2 set; the
   * answers decide which run. Preparation is no incident: no regulator's
   * clock runs for it. */
  if (g_str_equal (fb_playbook_get_id (playbook), "preparation"))
    {
      g_assert_cmpuint (fb_playbook_get_n_deadlines (playbook), ==, 0);
      return;
    }
  g_assert_cmpuint (fb_playbook_get_n_deadlines (playbook), ==, 6);
  g_assert_cmpstr (fb_playbook_get_deadline (playbook, 1)->id, ==, "appi-final");
  g_assert_cmpint (fb_playbook_get_deadline (playbook, 1)->minutes, ==, 30 * 24 * 60);
  g_assert_cmpint (fb_playbook_get_deadline (playbook, 1)->improper_minutes, ==, 60 * 24 * 60);
}

static void
test_playbook_shipped (void)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  GListModel *model = G_LIST_MODEL (library);
  guint most_items = 0;
  const char *richest = NULL;

  g_assert_cmpuint (fb_playbook_library_get_errors (library)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_strv_length ((char **) shipped));
  g_assert_true (g_list_model_get_item_type (model) == FB_TYPE_PLAYBOOK);

  for (guint i = 0; shipped[i] != NULL; i++)
    {
      FbPlaybook *playbook = fb_playbook_library_lookup (library, shipped[i]);
      g_autofree char *source = g_strdup_printf ("resource://" FB_PLAYBOOK_RESOURCE_DIR "%s.json", shipped[i]);

      g_assert_nonnull (playbook);
      g_assert_cmpstr (fb_playbook_get_source (playbook), ==, source);
      check_shipped (playbook);

      if (fb_playbook_get_n_items (playbook) > most_items)
        {
          most_items = fb_playbook_get_n_items (playbook);
          richest = shipped[i];
        }
    }

  g_assert_cmpstr (richest, ==, "ransomware");

  /* Generic leads the list: it is the one to take when nothing fits. */
  {
    g_autoptr(FbPlaybook) first = g_list_model_get_item (model, 0);
    g_assert_cmpstr (fb_playbook_get_id (first), ==, "generic");
  }
}

static void
test_playbook_shipped_ransomware (void)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  FbPlaybook *playbook = fb_playbook_library_lookup (library, "ransomware");
  const FbPlaybookItem *legal;

  g_assert_nonnull (playbook);

  /* The legal check comes before any payment decision can be taken. */
  legal = fb_playbook_lookup_item (playbook, "esc-payment-legal");
  g_assert_nonnull (legal);
  g_assert_cmpint (legal->section, ==, FB_SECTION_ESCALATION);
  g_assert_nonnull (strstr (legal->text.ja, "外為法"));
  g_assert_nonnull (fb_playbook_lookup_item (playbook, "dl-backups"));
  g_assert_nonnull (fb_playbook_lookup_item (playbook, "cm-police"));
}

static const FbPlaybookItem *
find_item_with (FbPlaybook *playbook,
                FbSection   section,
                const char *ja)
{
  for (guint i = 0; i < fb_playbook_get_n_items (playbook); i++)
    {
      const FbPlaybookItem *item = fb_playbook_get_item (playbook, i);

      if (item->section == section && strstr (item->text.ja, ja) != NULL)
        return item;
    }

  return NULL;
}

static guint
index_of (FbPlaybook *playbook,
          const char *id)
{
  for (guint i = 0; i < fb_playbook_get_n_items (playbook); i++)
    if (g_str_equal (fb_playbook_get_item (playbook, i)->id, id))
      return i;

  g_assert_not_reached ();
}

/* What the guide asks of every playbook, and of some in particular. */
static void
test_playbook_shipped_guide (void)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  FbPlaybook *playbook;
  const FbPlaybookItem *item;

  for (guint i = 0; shipped[i] != NULL; i++)
    {
      playbook = fb_playbook_library_lookup (library, shipped[i]);

      /* One Japanese name for the commander, the application's. */
      for (guint j = 0; j < fb_playbook_get_n_items (playbook); j++)
        {
          item = fb_playbook_get_item (playbook, j);
          g_assert_null (strstr (item->text.ja, "指揮者"));
          g_assert_true (item->hint.ja == NULL || strstr (item->hint.ja, "指揮者") == NULL);
        }
    }

  for (guint i = 0; responses[i] != NULL; i++)
    {
      playbook = fb_playbook_library_lookup (library, responses[i]);

      /* One commander, the workers apart from the one in control. */
      item = fb_playbook_lookup_item (playbook, "esc-command");
      g_assert_nonnull (item);
      g_assert_cmpint (item->section, ==, FB_SECTION_ESCALATION);
      g_assert_nonnull (strstr (item->text.ja, "インシデント指揮官を一人"));
      g_assert_nonnull (item->hint.en);

      /* A step against secondary damage, with its reason. */
      item = find_item_with (playbook, FB_SECTION_DAMAGE_LIMITATION, "二次被害");
      g_assert_nonnull (item);
      g_assert_nonnull (item->hint.ja);
    }

  playbook = fb_playbook_library_lookup (library, "ransomware");
  g_assert_nonnull (find_item_with (playbook, FB_SECTION_ESCALATION, "命が最優先"));
  item = fb_playbook_lookup_item (playbook, "cm-regulator");
  g_assert_nonnull (strstr (item->text.ja, "毀損"));
  g_assert_nonnull (strstr (item->text.en, "destroyed or encrypted beyond recovery"));

  playbook = fb_playbook_library_lookup (library, "lost-device");
  item = fb_playbook_lookup_item (playbook, "cm-regulator");
  g_assert_nonnull (strstr (item->text.ja, "高度な暗号化等の秘匿化"));
  g_assert_nonnull (strstr (item->text.ja, "盗"));
  g_assert_nonnull (strstr (item->text.en, "60 days"));
  g_assert_nonnull (strstr (item->text.en, "even for one person"));

  playbook = fb_playbook_library_lookup (library, "denial-of-service");
  item = fb_playbook_lookup_item (playbook, "dl-evidence");
  g_assert_nonnull (item);
  g_assert_cmpint (item->section, ==, FB_SECTION_DAMAGE_LIMITATION);

  /* Evidence first: isolating changes what the machine shows. */
  playbook = fb_playbook_library_lookup (library, "generic");
  g_assert_cmpuint (index_of (playbook, "dl-evidence"), <, index_of (playbook, "dl-isolate"));

  /* The guide's nine preparations, each with its reason. */
  playbook = fb_playbook_library_lookup (library, "preparation");
  g_assert_nonnull (playbook);
  g_assert_cmpuint (fb_playbook_get_n_deadlines (playbook), ==, 0);
  for (guint i = 0; i < fb_playbook_get_n_items (playbook); i++)
    g_assert_nonnull (fb_playbook_get_item (playbook, i)->hint.en);
  for (guint i = 0; i < 9; i++)
    {
      const char *nine[] = { "prep-logs", "prep-report-desk", "prep-process", "prep-inventory",
                             "prep-contacts", "prep-budget", "prep-team", "prep-announce",
                             "prep-approval" };
      g_assert_nonnull (fb_playbook_lookup_item (playbook, nine[i]));
    }
}

static void
test_playbook_languages (void)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  FbPlaybook *playbook = fb_playbook_library_lookup (library, "lost-device");
  g_autofree char *title = NULL;

  g_assert_nonnull (playbook);

  g_setenv ("LANGUAGE", "ja_JP:en", TRUE);
  g_assert_cmpstr (fb_playbook_get_current_language (), ==, "ja");
  g_assert_cmpstr (fb_playbook_get_title (playbook), ==, "端末の紛失・盗難");
  g_object_get (playbook, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "端末の紛失・盗難");

  g_setenv ("LANGUAGE", "fr:en_GB:ja", TRUE);
  g_assert_cmpstr (fb_playbook_get_current_language (), ==, "en");
  g_assert_cmpstr (fb_playbook_get_title (playbook), ==, "Lost or stolen device");

  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_cmpstr (fb_playbook_get_current_language (), ==, "en");

  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpstr (fb_playbook_get_title (playbook), ==, "Lost or stolen device");
}

/* Broken playbooks ------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *old;       /* replaced in valid_text … */
  const char *new;       /* … by this */
  guint       line;      /* 0: the error names no line */
  FbError     code;
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "missing-comma", "\"version\": 1,", "\"version\": 1", 3, FB_ERROR_INVALID },
  { "trailing-comma", "\"ja\": \"あ\" } }", "\"ja\": \"あ\" }, }", 12, FB_ERROR_INVALID },
  { "comment", "  \"containment_target_min\": 45,", "  // target\n  \"containment_target_min\": 45,", 6, FB_ERROR_INVALID },
  { "bare-word", "\"minutes\": 60", "\"minutes\": sixty", 8, FB_ERROR_INVALID },
  { "unclosed", "\"ja\": \"う\" } }", "\"ja\": \"う } }", 18, FB_ERROR_INVALID },
  { "duplicate-member", "\"version\": 1,", "\"version\": 1, \"version\": 2,", 3, FB_ERROR_INVALID },
  { "missing-title-ja", "{ \"en\": \"Broken\", \"ja\": \"壊れた\" }", "{ \"en\": \"Broken\" }", 4, FB_ERROR_INVALID },
  { "missing-id", "  \"id\": \"broken\",\n", "", 1, FB_ERROR_INVALID },
  { "missing-item-text", "{ \"id\": \"b\", \"text\": { \"en\": \"B\", \"ja\": \"い\" } }", "{ \"id\": \"b\" }", 15, FB_ERROR_INVALID },
  { "wrong-type-minutes", "\"minutes\": 60", "\"minutes\": \"60\"", 8, FB_ERROR_INVALID },
  { "non-integer-minutes", "\"minutes\": 60", "\"minutes\": 1.5", 8, FB_ERROR_INVALID },
  { "wrong-type-title", "\"title\": { \"en\": \"Broken\", \"ja\": \"壊れた\" }", "\"title\": \"Broken\"", 4, FB_ERROR_INVALID },
  { "wrong-type-version", "\"version\": 1,", "\"version\": true,", 3, FB_ERROR_INVALID },
  { "unknown-section", "\"id\": \"escalation\"", "\"id\": \"escalate\"", 14, FB_ERROR_INVALID },
  { "section-order", "\"id\": \"escalation\"", "\"id\": \"damage-limitation\"", 14, FB_ERROR_INVALID },
  { "unknown-member", "{ \"id\": \"b\", \"text\"", "{ \"id\": \"b\", \"hnit\": 1, \"text\"", 15, FB_ERROR_INVALID },
  { "duplicate-item-id", "{ \"id\": \"c\"", "{ \"id\": \"a\"", 18, FB_ERROR_INVALID },
  { "bad-item-id", "{ \"id\": \"c\"", "{ \"id\": \"C c\"", 18, FB_ERROR_INVALID },
  { "empty-text", "\"en\": \"C\"", "\"en\": \"  \"", 18, FB_ERROR_INVALID },
  { "bad-from", "\"from\": \"detected\"", "\"from\": \"fixed\"", 8, FB_ERROR_INVALID },
  { "bad-applies", "\"minutes\": 60", "\"minutes\": 60, \"applies\": \"everyone\"", 8, FB_ERROR_INVALID },
  { "bad-improper-minutes", "\"minutes\": 60", "\"minutes\": 60, \"improper_minutes\": 0", 8, FB_ERROR_INVALID },
  { "bad-record", "\"version\": 1,", "\"version\": 1, \"record\": \"standing\",", 3, FB_ERROR_INVALID },
  { "wrong-type-record", "\"version\": 1,", "\"version\": 1, \"record\": true,", 3, FB_ERROR_INVALID },
  { "readiness-with-clock", "\"version\": 1,", "\"version\": 1, \"record\": \"readiness\",", 6, FB_ERROR_INVALID },
  { "target-out-of-range", "\"containment_target_min\": 45", "\"containment_target_min\": 0", 6, FB_ERROR_INVALID },
  { "too-deep", "\"ja\": \"あ\" }", "\"ja\": \"あ\", \"x\": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]] }", 12, FB_ERROR_TOO_DEEP },
  { "non-utf8", "壊れた", "\xff\xfe", 4, FB_ERROR_INVALID },
  { "empty", NULL, "", 1, FB_ERROR_INVALID },
  { "not-an-object", NULL, "\n\n[1, 2]\n", 3, FB_ERROR_INVALID },
};

static void
check_broken_error (const GError *error,
                    const char   *source,
                    guint         line,
                    FbError       code)
{
  g_autofree char *prefix = NULL;

  g_assert_error (error, FB_ERROR, (int) code);

  if (line > 0)
    prefix = g_strdup_printf ("%s:%u: ", source, line);
  else
    prefix = g_strdup_printf ("%s: ", source);

  if (!g_str_has_prefix (error->message, prefix))
    g_error ("expected “%s…”, got “%s”", prefix, error->message);

  /* Beyond the position, the message says what is wrong. */
  g_assert_cmpuint (strlen (error->message), >, strlen (prefix) + 8);
}

static void
test_playbook_valid_base (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbPlaybook) playbook = fb_playbook_new_from_data (valid_text, strlen (valid_text), "base.json", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (fb_playbook_get_id (playbook), ==, "broken");
  g_assert_cmpint (fb_playbook_get_containment_target_min (playbook), ==, 45);
  g_assert_cmpuint (fb_playbook_get_n_items (playbook), ==, 3);
  g_assert_cmpuint (fb_playbook_get_n_deadlines (playbook), ==, 1);
  g_assert_cmpstr (fb_playbook_get_item (playbook, 2)->text.ja, ==, "う");
}

static void
test_playbook_broken (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();

  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      const BrokenCase *c = &broken_cases[i];
      g_autofree char *text = NULL;
      g_autofree char *name = g_strconcat (c->name, ".json", NULL);
      g_autofree char *path = fb_test_dir_file (dir, name);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(FbPlaybook) playbook = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case %s", c->name);

      text = c->old != NULL ? replace_once (valid_text, c->old, c->new) : g_strdup (c->new);
      write_file (path, text, -1);

      playbook = fb_playbook_new_from_file (file, &error);
      g_assert_null (playbook);
      g_test_message ("  %s", error->message);
      check_broken_error (error, path, c->line, c->code);
    }
}

static void
test_playbook_too_big (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "huge.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) text = g_string_new (valid_text);
  g_autoptr(FbPlaybook) playbook = NULL;
  g_autoptr(GError) error = NULL;

  /* Valid JSON, only too long: the size alone refuses it. */
  while (text->len <= FB_PLAYBOOK_MAX_BYTES)
    g_string_append (text, "                                                                \n");
  write_file (path, text->str, (gssize) text->len);

  playbook = fb_playbook_new_from_file (file, &error);
  g_assert_null (playbook);
  check_broken_error (error, path, 0, FB_ERROR_TOO_LARGE);

  g_clear_error (&error);
  playbook = fb_playbook_new_from_data (text->str, text->len, "huge.json", &error);
  g_assert_null (playbook);
  check_broken_error (error, "huge.json", 0, FB_ERROR_TOO_LARGE);
}

/* The path-to-line map on its own. */
static void
test_playbook_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbPlaybook) playbook = NULL;
  g_autofree char *text = replace_once (valid_text, "{ \"id\": \"c\"", "{\n\n \"id\": \"a\"");

  /* Two lines added inside the third item: its id moves to line 20. */
  playbook = fb_playbook_new_from_data (text, strlen (text), "moved.json", &error);
  g_assert_null (playbook);
  check_broken_error (error, "moved.json", 20, FB_ERROR_INVALID);
}

/* The library ------------------------------------------------------------ */

static void
test_playbook_user_override (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbPlaybookLibrary) library = NULL;
  g_autofree char *override = fb_test_dir_file (dir, "my-ransomware.json");
  g_autofree char *extra = fb_test_dir_file (dir, "insider.json");
  g_autofree char *broken = fb_test_dir_file (dir, "broken.json");
  g_autofree char *clash = fb_test_dir_file (dir, "zz-clash.json");
  g_autofree char *ignored = fb_test_dir_file (dir, "notes.txt");
  g_autofree char *text = NULL;
  g_autofree char *broken_prefix = NULL;
  FbPlaybook *playbook;
  GPtrArray *errors;

  text = replace_once (valid_text, "\"id\": \"broken\"", "\"id\": \"ransomware\"");
  write_file (override, text, -1);
  g_free (text);
  text = replace_once (valid_text, "\"id\": \"broken\"", "\"id\": \"insider\"");
  write_file (extra, text, -1);
  write_file (clash, text, -1);
  g_free (text);
  text = replace_once (valid_text, "\"minutes\": 60", "\"minutes\": 60.5");
  write_file (broken, text, -1);
  write_file (ignored, "not a playbook", -1);

  library = fb_playbook_library_new_with_user_dir (dir->path);

  /* The broken file and the clash are refused, and nothing else. */
  errors = fb_playbook_library_get_errors (library);
  g_assert_cmpuint (errors->len, ==, 2);
  broken_prefix = g_strdup_printf ("%s:8: ", broken);
  g_assert_true (g_str_has_prefix (((GError *) errors->pdata[0])->message, broken_prefix));
  g_assert_nonnull (strstr (((GError *) errors->pdata[1])->message, "zz-clash.json"));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, g_strv_length ((char **) shipped) + 1);

  playbook = fb_playbook_library_lookup (library, "ransomware");
  g_assert_nonnull (playbook);
  g_assert_cmpstr (fb_playbook_get_source (playbook), ==, override);
  g_assert_cmpuint (fb_playbook_get_n_items (playbook), ==, 3);

  g_assert_nonnull (fb_playbook_library_lookup (library, "insider"));
  g_assert_nonnull (fb_playbook_library_lookup (library, "targeted-attack"));

  /* Fixing the file and reloading brings it in. */
  g_unlink (broken);
  g_unlink (clash);
  fb_playbook_library_reload (library);
  g_assert_cmpuint (fb_playbook_library_get_errors (library)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, g_strv_length ((char **) shipped) + 1);
}

static void
test_playbook_default_user_dir (void)
{
  g_autofree char *dir = fb_playbook_library_default_user_dir ();

  g_assert_true (g_str_has_prefix (dir, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (dir, "firebreak" G_DIR_SEPARATOR_S "playbooks"));
}

/* Starting incidents ----------------------------------------------------- */

typedef struct
{
  guint n_commits;
  char *incident;
} Counter;

static void
on_store_changed_cb (FbStore    *store,
                     guint       flags,
                     const char *incident,
                     Counter    *counter)
{
  if (g_strcmp0 (incident, counter->incident) == 0 && (flags & FB_CHANGE_CHECKLIST) != 0)
    counter->n_commits++;
}

static void
test_playbook_instantiate (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir);
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  FbPlaybook *playbook = fb_playbook_library_lookup (library, "ransomware");
  Counter counter = { 0 };
  gulong handler;

  g_setenv ("LANGUAGE", "en", TRUE);

  incident = fb_store_create_incident (store, "NAS encrypted", "ransomware", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  counter.incident = incident;
  handler = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), &counter);

  g_assert_true (fb_playbook_instantiate (playbook, store, incident, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counter.n_commits, ==, 1);

  items = fb_store_list_checklist (store, incident);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, fb_playbook_get_n_items (playbook));

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FbChecklistItem) row = g_list_model_get_item (items, i);
      const FbPlaybookItem *item = fb_playbook_get_item (playbook, i);

      g_assert_cmpstr (fb_checklist_item_get_playbook_item (row), ==, item->id);
      g_assert_cmpint (fb_checklist_item_get_section (row), ==, item->section);
      g_assert_cmpstr (fb_checklist_item_get_text (row), ==, item->text.en);
      g_assert_cmpint (fb_checklist_item_get_state (row), ==, FB_ITEM_TODO);
    }

  /* Again: nothing is doubled, and nothing is written. */
  g_assert_true (fb_playbook_instantiate (playbook, store, incident, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counter.n_commits, ==, 1);
  g_clear_object (&items);
  items = fb_store_list_checklist (store, incident);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, fb_playbook_get_n_items (playbook));

  /* A second playbook adds its items after those already there. */
  g_assert_true (fb_playbook_instantiate (fb_playbook_library_lookup (library, "targeted-attack"),
                                          store, incident, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counter.n_commits, ==, 2);

  g_signal_handler_disconnect (store, handler);

  g_assert_false (fb_playbook_instantiate (playbook, store, "00000000-0000-4000-8000-000000000000", &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);
}

static gint64
count_rows (FbStore    *store,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open (fb_store_get_path (store), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
exec_sql (FbStore    *store,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fb_store_get_path (store), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_playbook_create_incident (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir);
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  g_autoptr(FbIncident) incident = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  FbPlaybook *playbook = fb_playbook_library_lookup (library, "cloud-exposure");
  FbIncidentPlan plan = {
    .title = "公開バケット",
    .playbook = playbook,
    .severity = 2,
    .detected_at = 1764000000000,
    .drill = TRUE,
  };

  g_setenv ("LANGUAGE", "ja", TRUE);

  id = fb_store_declare_incident (store, &plan, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  incident = fb_store_get_incident (store, id);
  g_assert_nonnull (incident);
  g_assert_cmpstr (fb_incident_get_kind (incident), ==, "cloud-exposure");
  g_assert_cmpint (fb_incident_get_severity (incident), ==, 2);
  g_assert_cmpint (fb_incident_get_detected_at (incident), ==, plan.detected_at);
  g_assert_cmpint (fb_incident_get_containment_target_min (incident), ==, 30);
  g_assert_true (fb_incident_get_drill (incident));
  g_assert_cmpint (fb_incident_get_phase (incident), ==, FB_PHASE_DETECTION);

  items = fb_store_list_checklist (store, id);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, fb_playbook_get_n_items (playbook));
  {
    g_autoptr(FbChecklistItem) first = g_list_model_get_item (items, 0);
    g_assert_cmpstr (fb_checklist_item_get_text (first), ==, fb_playbook_get_item (playbook, 0)->text.ja);
  }

  /* One op for the incident and one per item, all in one batch. */
  ops = fb_store_get_ops (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 1 + fb_playbook_get_n_items (playbook));

  /* A target of its own replaces the playbook's. */
  g_clear_pointer (&id, g_free);
  g_clear_object (&incident);
  plan.containment_target_min = 45;
  id = fb_store_declare_incident (store, &plan, &error);
  g_assert_no_error (error);
  incident = fb_store_get_incident (store, id);
  g_assert_cmpint (fb_incident_get_containment_target_min (incident), ==, 45);

  /* Without a playbook: a generic incident with no checklist. */
  g_clear_pointer (&id, g_free);
  g_clear_object (&incident);
  g_clear_object (&items);
  plan.playbook = NULL;
  plan.containment_target_min = 0;
  id = fb_store_declare_incident (store, &plan, &error);
  g_assert_no_error (error);
  incident = fb_store_get_incident (store, id);
  g_assert_cmpstr (fb_incident_get_kind (incident), ==, "generic");
  g_assert_cmpint (fb_incident_get_containment_target_min (incident), ==, 60);
  items = fb_store_list_checklist (store, id);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);

  g_setenv ("LANGUAGE", "en", TRUE);
}

/* The op's limits, byte for byte, and a batch that fails anywhere leaves
 * the store as it was. */
static void
test_playbook_create_incident_refused (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir);
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  g_autoptr(FbVerification) verification = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  FbPlaybook *playbook = fb_playbook_library_lookup (library, "ransomware");
  FbIncidentPlan plan = { .playbook = playbook, .severity = 1 };
  guint n_items = fb_playbook_get_n_items (playbook);
  gint64 n_ops;

  g_assert_cmpuint (n_items, >, 3);

  /* 66 Japanese characters of three bytes each, and two of one. */
  for (guint i = 0; i < 66; i++)
    g_string_append (title, "暗");
  g_string_append (title, "ab");
  g_assert_cmpuint (title->len, ==, FB_OP_MAX_NAME);

  g_string_append_c (title, 'c');
  plan.title = title->str;
  g_assert_null (fb_store_declare_incident (store, &plan, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "ops"), ==, 0);
  g_assert_cmpint (count_rows (store, "incidents"), ==, 0);
  g_assert_cmpint (count_rows (store, "checklist"), ==, 0);

  g_string_truncate (title, FB_OP_MAX_NAME);
  plan.containment_target_min = FB_OP_MAX_TARGET_MIN + 1;
  g_assert_null (fb_store_declare_incident (store, &plan, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  plan.containment_target_min = -1;
  g_assert_null (fb_store_declare_incident (store, &plan, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "ops"), ==, 0);

  plan.containment_target_min = FB_OP_MAX_TARGET_MIN;
  id = fb_store_declare_incident (store, &plan, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "incidents"), ==, 1);
  g_assert_cmpint (count_rows (store, "checklist"), ==, n_items);
  n_ops = count_rows (store, "ops");
  g_assert_cmpint (n_ops, ==, 1 + n_items);

  /* The fourth checklist item fails after the incident and three items
   * went in: none of them stays. */
  {
    g_autofree char *sql = g_strdup_printf ("CREATE TRIGGER refuse_item BEFORE INSERT ON checklist "
                                            "WHEN (SELECT count(*) FROM checklist) = %u "
                                            "BEGIN SELECT RAISE(ABORT, 'disk full'); END;", n_items + 3);
    exec_sql (store, sql);
  }
  g_clear_pointer (&id, g_free);
  id = fb_store_declare_incident (store, &plan, &error);
  g_assert_null (id);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "ops"), ==, n_ops);
  g_assert_cmpint (count_rows (store, "incidents"), ==, 1);
  g_assert_cmpint (count_rows (store, "checklist"), ==, n_items);

  /* Nothing of the refused batch lingers either: the next one chains on
   * from the last that went in. */
  exec_sql (store, "DROP TRIGGER refuse_item");
  id = fb_store_declare_incident (store, &plan, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "ops"), ==, 2 * (1 + n_items));
  verification = fb_store_verify (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (verification->problem);
}

/* Every shipped playbook, in both languages, makes a valid record: its
 * text fits what a checklist op accepts. */
static void
test_playbook_shipped_instantiate (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir);
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  const char * const languages[] = { "en", "ja" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_setenv ("LANGUAGE", languages[l], TRUE);

      for (guint i = 0; shipped[i] != NULL; i++)
        {
          FbPlaybook *playbook = fb_playbook_library_lookup (library, shipped[i]);
          g_autoptr(GListModel) items = NULL;
          g_autoptr(FbChecklistItem) last = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *id = NULL;
          guint n;

          FbIncidentPlan plan = {
            .title = fb_playbook_get_title (playbook), .playbook = playbook, .severity = 1, .drill = TRUE,
          };

          if (fb_playbook_get_record (playbook) == FB_RECORD_READINESS)
            id = fb_store_start_review (store, plan.title, playbook, &error);
          else
            id = fb_store_declare_incident (store, &plan, &error);
          g_assert_no_error (error);

          items = fb_store_list_checklist (store, id);
          n = g_list_model_get_n_items (items);
          g_assert_cmpuint (n, ==, fb_playbook_get_n_items (playbook));
          last = g_list_model_get_item (items, n - 1);
          g_assert_cmpstr (fb_checklist_item_get_text (last), ==,
                           fb_playbook_text_get (&fb_playbook_get_item (playbook, n - 1)->text, languages[l]));
        }
    }

  g_setenv ("LANGUAGE", "en", TRUE);
}

/* A step or a deadline made from a playbook reads in each reader's
 * language, whoever made it; one a person reworded stays as typed. */
static void
test_playbook_localize (void)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  FbPlaybook *playbook = fb_playbook_library_lookup (library, "ransomware");
  const FbPlaybookItem *item = fb_playbook_get_item (playbook, 0);
  const FbPlaybookDeadline *deadline = fb_playbook_get_deadline (playbook, 0);
  const char *basis = NULL;

  g_setenv ("LANGUAGE", "ja", TRUE);
  g_assert_cmpstr (fb_playbook_get_current_language (), ==, "ja");
  g_assert_cmpstr (fb_playbook_library_localize_item (library, "ransomware", item->id, item->text.en), ==,
                   item->text.ja);
  g_assert_cmpstr (fb_playbook_library_localize_item (library, "ransomware", item->id, "Our own wording"), ==,
                   "Our own wording");
  g_assert_cmpstr (fb_playbook_library_localize_item (library, "ransomware", NULL, item->text.en), ==,
                   item->text.en);
  g_assert_cmpstr (fb_playbook_library_localize_deadline (library, "ransomware", deadline->id,
                                                          deadline->title.en, deadline->basis.en, &basis), ==,
                   deadline->title.ja);
  g_assert_cmpstr (basis, ==, deadline->basis.ja);

  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpstr (fb_playbook_get_current_language (), ==, "en");
  g_assert_cmpstr (fb_playbook_library_localize_item (library, "ransomware", item->id, item->text.ja), ==,
                   item->text.en);
  g_assert_cmpstr (fb_playbook_library_localize_deadline (library, "ransomware", "no-such-deadline",
                                                          "Board briefing", NULL, &basis), ==,
                   "Board briefing");
  g_assert_null (basis);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/playbook/shipped", test_playbook_shipped);
  g_test_add_func ("/playbook/shipped/ransomware", test_playbook_shipped_ransomware);
  g_test_add_func ("/playbook/shipped/instantiate", test_playbook_shipped_instantiate);
  g_test_add_func ("/playbook/shipped/guide", test_playbook_shipped_guide);
  g_test_add_func ("/playbook/languages", test_playbook_languages);
  g_test_add_func ("/playbook/valid-base", test_playbook_valid_base);
  g_test_add_func ("/playbook/broken", test_playbook_broken);
  g_test_add_func ("/playbook/too-big", test_playbook_too_big);
  g_test_add_func ("/playbook/lines", test_playbook_lines);
  g_test_add_func ("/playbook/library/user-override", test_playbook_user_override);
  g_test_add_func ("/playbook/library/default-user-dir", test_playbook_default_user_dir);
  g_test_add_func ("/playbook/instantiate", test_playbook_instantiate);
  g_test_add_func ("/playbook/create-incident", test_playbook_create_incident);
  g_test_add_func ("/playbook/create-incident/refused", test_playbook_create_incident_refused);
  g_test_add_func ("/playbook/localize", test_playbook_localize);

  return g_test_run ();
}
