/* bench-million-search.c — search across 1,000,000 entries, against a bare
 * query of the search index on the same file
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the kept record of fb-bench-million.h, the timeline's list model
 * (FbEntryList, as the window's search bar drives it) is given a rare
 * English word and a rare Japanese one, each held by one entry in a
 * thousand, then a common word found in most entries; each timed until
 * its first row can be drawn. The floor, measured in the same run on the
 * same file: the bare FTS5 query for the same pattern, stepped to its last
 * row (the timeline shows its rows in time order, so its first row needs
 * them all). Target: at most twice the floor. Median
 * of five runs each, alternating.
 *
 * The same again with the list the window uses, which runs the query in
 * a thread on a connection of its own (fb_entry_list_new_background()):
 * timed from the search set to its first row, back in the main loop.
 */

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>

#include "firebreak-core.h"
#include "fb-bench-million.h"

#define N_RUNS 5

static double
bare_query (sqlite3    *db,
            const char *word,
            guint      *n_rows)
{
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", word);
  sqlite3_stmt *stmt;
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid FROM entries_fts WHERE text LIKE ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  *n_rows = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    (*n_rows)++;
  sqlite3_finalize (stmt);
  return fb_bench_seconds_since (start) * 1000;
}

static double
store_search (FbEntryList *list,
              const char  *word,
              guint       *n_rows)
{
  g_autoptr(GObject) first = NULL;
  gint64 start = g_get_monotonic_time ();

  fb_entry_list_set_search (list, word);
  while (fb_entry_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_nonnull (first);
  *n_rows = g_list_model_get_n_items (G_LIST_MODEL (list));
  return fb_bench_seconds_since (start) * 1000;
}

static void
bench_word (FbEntryList *list,
            sqlite3     *db,
            const char  *word,
            const char  *how)
{
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app = g_array_new (FALSE, FALSE, sizeof (double));
  guint bare_rows = 0, app_rows = 0;
  double bare_ms, app_ms;

  for (guint i = 0; i < N_RUNS; i++)
    {
      double ms = bare_query (db, word, &bare_rows);

      g_array_append_val (bare, ms);
      ms = store_search (list, word, &app_rows);
      g_array_append_val (app, ms);
      /* Back to the whole timeline, as between two searches. */
      fb_entry_list_set_search (list, NULL);
      while (fb_entry_list_get_loading (list))
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (app_rows, ==, bare_rows);
  bare_ms = fb_bench_percentile (bare, 50);
  app_ms = fb_bench_percentile (app, 50);

  printf ("search \"%s\" across %d entries, %s: first of %u results after %.1f ms (median of %d)\n",
          word, FB_BENCH_MILLION_ENTRIES, how, app_rows, app_ms, N_RUNS);
  printf ("floor, the bare FTS5 query on the same file, all %u rows: %.1f ms\n", bare_rows, bare_ms);
  printf ("ratio %.2f× (target ≤ 2×): %s\n", app_ms / bare_ms, app_ms <= 2 * bare_ms ? "met" : "MISSED");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = fb_bench_million_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbEntryList) list = NULL;
  g_autofree char *incident = NULL;
  sqlite3 *db;
  gint64 start;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  incident = fb_bench_million_incident (store);

  start = g_get_monotonic_time ();
  list = fb_entry_list_new (store, incident);
  printf ("# the timeline of %u entries listed in %.2f s\n",
          g_list_model_get_n_items (G_LIST_MODEL (list)), fb_bench_seconds_since (start));

  bench_word (list, db, FB_BENCH_MILLION_RARE_EN, "here");
  bench_word (list, db, FB_BENCH_MILLION_RARE_JA, "here");
  /* And a word in most entries, where sorting the matches costs most. */
  bench_word (list, db, "firewall", "here");

  /* As the window searches: in a thread. */
  g_clear_object (&list);
  list = fb_entry_list_new_background (store, incident);
  while (fb_entry_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  bench_word (list, db, FB_BENCH_MILLION_RARE_EN, "in a thread");
  bench_word (list, db, FB_BENCH_MILLION_RARE_JA, "in a thread");
  bench_word (list, db, "firewall", "in a thread");

  sqlite3_close (db);
  return 0;
}
