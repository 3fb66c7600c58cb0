/* test-search.c — a search of the timeline lists its matches in the
 * timeline's order, whichever way the matches are put in order
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A word in most entries has the incident's rows walked in display order
 * and kept when they match; a rare one has its matches looked up and
 * sorted; a search with a kind or pin filter, or of two characters, is
 * one query. Each must list exactly what a plain scan of the table in
 * display order lists, with entries written out of time order (several
 * in the same millisecond) and another incident holding the same words.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-test-util.h"

#define N_ENTRIES 240

typedef struct
{
  FbTestDir *dir;
  char      *path;
  FbStore   *store;
  char      *incident;
  char      *other;
} Fixture;

static void
add_entries (FbStore    *store,
             const char *incident,
             guint       n,
             guint       seed)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autofree char *id = fb_uuid_new ();
      g_autofree char *text = NULL;
      /* Written out of time order: every seventh in the past, and three
       * at a time in the same millisecond. */
      gint64 at = 1700000000000 + (gint64) ((i * 37 + seed) % n) / 3 * 1000;

      text = g_strdup_printf ("%s%s host %u, ticket %u",
                              i % 10 < 7 ? "Beacon seen from " : "Quiet on ",
                              i % 60 == 0 ? "exfil staging " : "", i, seed);
      json_object_set_string_member (body, "kind", i % 2 == 0 ? "fact" : "action");
      json_object_set_string_member (body, "text", text);
      json_object_set_int_member (body, "occurred_at", at);
      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, id, body));
    }

  g_assert_true (fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = fb_test_dir_new ();
  f->path = fb_test_dir_file (f->dir, "record.db");
  f->store = fb_store_open (f->path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->incident = fb_store_create_incident (f->store, "Beaconing from the DMZ", "targeted-attack", 1, 0, 60,
                                          FALSE, &error);
  g_assert_no_error (error);
  f->other = fb_store_create_incident (f->store, "Phishing", "generic", 3, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  add_entries (f->store, f->incident, N_ENTRIES / 2, 1);
  add_entries (f->store, f->other, N_ENTRIES / 4, 2);
  add_entries (f->store, f->incident, N_ENTRIES / 2, 3);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->incident);
  g_free (f->other);
  g_free (f->path);
  fb_test_dir_free (f->dir);
}

/* The ids a plain scan of the incident's rows finds, in display order. */
static GPtrArray *
scan (Fixture    *f,
      const char *word,
      const char *kind)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", word);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT id FROM entries NOT INDEXED WHERE incident = ?1 AND text LIKE ?2"
                                       " AND (?3 IS NULL OR kind = ?3) ORDER BY occurred_at, hlc, id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, f->incident, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return ids;
}

static void
assert_lists (FbEntryList *list,
              GPtrArray   *expected)
{
  GListModel *model = G_LIST_MODEL (list);

  while (fb_entry_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (model, i);

      g_assert_cmpstr (fb_entry_get_id (entry), ==, expected->pdata[i]);
    }
}

static void
check_word (Fixture     *f,
            FbEntryList *list,
            const char  *word,
            gboolean     facts_only)
{
  g_autoptr(GPtrArray) expected = scan (f, word, facts_only ? "fact" : NULL);

  fb_entry_list_set_kinds (list, facts_only ? 1u << FB_ENTRY_FACT : FB_ENTRY_KINDS_ALL);
  fb_entry_list_set_search (list, word);
  assert_lists (list, expected);
}

static void
check_words (Fixture     *f,
             FbEntryList *list)
{
  /* Most entries: the walk. A few: the lookups. Two characters, no
   * match, a filter of kinds: one query each. */
  const char * const words[] = { "beacon", "exfil staging", "ho", "lateral", "ticket 3", NULL };

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_test_message ("searching for “%s”", words[i]);
      check_word (f, list, words[i], FALSE);
      check_word (f, list, words[i], TRUE);
    }

  /* Each search found something, or nothing when it should. */
  check_word (f, list, "beacon", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, N_ENTRIES / 2);
  check_word (f, list, "exfil staging", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
}

static void
test_search_here (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FbEntryList) list = fb_entry_list_new (f->store, f->incident);

  check_words (f, list);
}

static void
test_search_in_thread (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FbEntryList) list = fb_entry_list_new_background (f->store, f->incident);

  check_words (f, list);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/search/here", Fixture, NULL, fixture_set_up, test_search_here, fixture_tear_down);
  g_test_add ("/search/in-thread", Fixture, NULL, fixture_set_up, test_search_in_thread, fixture_tear_down);

  return g_test_run ();
}
