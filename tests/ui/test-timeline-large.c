/* test-timeline-large.c — a timeline too long to read at once: its rows
 * and searches read in a thread, its changes taken in where they belong
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-entry-row.h"
#include "fb-window-private.h"
#include "fb-ui-test-util.h"

/* More than a list reads at once (SMALL_LIST in fb-entry-list.c). */
#define N_ENTRIES 3000
#define BATCH     1000

/* Entry N reads "Entry N alpha" for even N, "Entry N beta" for odd. */
static char *
fill (UiFixture *fixture,
      gint64    *start)
{
  g_autoptr(GError) error = NULL;
  char *incident;

  *start = fb_store_now_ms (fixture->store) - (gint64) N_ENTRIES * 1000 - 60000;
  incident = fb_store_create_incident (fixture->store, "A long one", "generic", 1, *start, 60, FALSE, &error);
  g_assert_no_error (error);
  for (guint done = 0; done < N_ENTRIES; done += BATCH)
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

      for (guint i = done; i < done + BATCH; i++)
        {
          g_autoptr(JsonObject) body = json_object_new ();
          g_autofree char *id = fb_uuid_new ();
          g_autofree char *text = g_strdup_printf ("Entry %u %s", i, i % 2 == 0 ? "alpha" : "beta");

          json_object_set_string_member (body, "kind", "fact");
          json_object_set_string_member (body, "text", text);
          json_object_set_int_member (body, "occurred_at", *start + (gint64) i * 1000);
          g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, id, body));
        }
      g_assert_true (fb_store_apply (fixture->store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error));
      g_assert_no_error (error);
    }
  return incident;
}

/* The rows come back through the main loop, however long the thread
 * takes on a busy machine. */
static void
wait_loaded (FbEntryList *list)
{
  while (fb_entry_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

/* Every row of @list has a word of @word's in its text. */
static gboolean
all_read (GListModel *list,
          const char *word)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (list, i);

      if (strstr (fb_entry_get_text (entry), word) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The same rows in the same order as a list read at once. */
static void
assert_same_rows (FbEntryList *list,
                  FbStore     *store,
                  const char  *incident,
                  const char  *search)
{
  g_autoptr(FbEntryList) whole = fb_entry_list_new (store, incident);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  fb_entry_list_set_search (whole, search);
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (whole)));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbEntry) a = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(FbEntry) b = g_list_model_get_item (G_LIST_MODEL (whole), i);

      g_assert_cmpstr (fb_entry_get_id (a), ==, fb_entry_get_id (b));
    }
}

typedef struct
{
  guint n_items;
  guint position;
} Seen;

static void
on_items_changed_cb (GListModel *list,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Seen       *seen)
{
  seen->n_items = g_list_model_get_n_items (list);
  seen->position = position;
}

/* The list opens on its last rows and reads the rest in the thread; new
 * entries, back-dated ones and pins are taken in at once, in their
 * places, as a list read at once has them. */
static void
test_rows (UiFixture     *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbEntryList) list = NULL;
  g_autoptr(FbEntry) shown = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *late = NULL, *early = NULL, *found = NULL;
  Seen seen = { 0 };
  gint64 start;

  incident = fill (fixture, &start);
  list = fb_entry_list_new_background (fixture->store, incident);
  g_assert_true (fb_entry_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, N_ENTRIES);
  shown = g_list_model_get_item (G_LIST_MODEL (list), g_list_model_get_n_items (G_LIST_MODEL (list)) - 1);
  g_assert_cmpstr (fb_entry_get_text (shown), ==, "Entry 2999 beta");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ENTRIES);
  assert_same_rows (list, fixture->store, incident, NULL);

  /* Held on screen, then pinned: that row is told to change. */
  g_clear_object (&shown);
  shown = g_list_model_get_item (G_LIST_MODEL (list), 10);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &seen);
  g_assert_true (fb_store_set_pinned (fixture->store, fb_entry_get_id (shown), TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.position, ==, 10);
  g_clear_object (&shown);
  shown = g_list_model_get_item (G_LIST_MODEL (list), 10);
  g_assert_true (fb_entry_get_pinned (shown));

  /* A new entry at the end, and one placed early, in the same turn. */
  late = fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, "Late beta", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen.n_items, ==, N_ENTRIES + 1);
  g_assert_cmpuint (seen.position, ==, N_ENTRIES);
  early = fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, "Early beta", start + 5500, NULL, NULL,
                              &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen.n_items, ==, N_ENTRIES + 2);
  g_assert_cmpuint (seen.position, ==, 6);
  g_assert_cmpuint (fb_entry_list_find (list, early), ==, 6);
  assert_same_rows (list, fixture->store, incident, NULL);

  /* Searching: the rows come from the thread, and a new entry then
   * joins them if it matches. */
  fb_entry_list_set_search (list, "beta");
  g_assert_true (fb_entry_list_get_loading (list));
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ENTRIES / 2 + 2);
  g_free (fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, "Later alpha", 0, NULL, NULL, &error));
  g_free (fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, "Later beta", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ENTRIES / 2 + 3);
  g_assert_true (all_read (G_LIST_MODEL (list), "beta"));
  assert_same_rows (list, fixture->store, incident, "beta");
  found = g_strdup (late);
  g_assert_cmpuint (fb_entry_list_find (list, found), ==, N_ENTRIES / 2 + 1);
}

/* A search typed before the rest of the list has been read: before the
 * read began, and while it runs on its own connection. Only the search's
 * rows are shown, whichever thread ends first, and clearing the search
 * brings the whole list back. */
static void
test_search_while_loading (UiFixture     *fixture,
                           gconstpointer  data)
{
  g_autofree char *incident = NULL;
  gint64 start;

  incident = fill (fixture, &start);
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(FbEntryList) list = fb_entry_list_new_background (fixture->store, incident);

      g_assert_true (fb_entry_list_get_loading (list));
      /* The second time, the read of the rest has started. */
      if (round == 1)
        g_main_context_iteration (NULL, FALSE);
      fb_entry_list_set_search (list, "beta");
      wait_loaded (list);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ENTRIES / 2);
      g_assert_true (all_read (G_LIST_MODEL (list), "beta"));
      assert_same_rows (list, fixture->store, incident, "beta");

      fb_entry_list_set_search (list, NULL);
      wait_loaded (list);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ENTRIES);
      assert_same_rows (list, fixture->store, incident, NULL);
    }
}

typedef struct
{
  gboolean stale;   /* rows of the search typed before were shown */
} Watch;

static void
on_search_rows_cb (GListModel *list,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Watch      *watch)
{
  /* Anything but the whole timeline is a search's answer. */
  if (g_list_model_get_n_items (list) != N_ENTRIES && !all_read (list, "beta"))
    watch->stale = TRUE;
}

/* A window of the incident's timeline, once the timeline has loaded. */
static FbWindow *
open_window (UiFixture  *fixture,
             const char *incident)
{
  FbWindow *window = g_object_ref (fb_window_new (NULL, fixture->context));

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  fb_window_select_incident (window, incident);
  gtk_window_present (GTK_WINDOW (window));
  wait_loaded (fb_timeline_view_get_model (_fb_window_get_timeline (window)));
  return window;
}

/* Typing: the window never waits for a search, and a search typed while
 * the one before runs is the only one whose rows are shown. */
static void
test_typing (UiFixture     *fixture,
             gconstpointer  data)
{
  g_autofree char *incident = NULL;
  FbTimelineView *timeline;
  FbTailModel *shown;
  GtkAdjustment *adj;
  guint hidden;
  FbEntryList *list;
  FbWindow *window;
  Watch watch = { FALSE };
  gint64 start;

  incident = fill (fixture, &start);
  window = open_window (fixture, incident);
  timeline = _fb_window_get_timeline (window);
  list = fb_timeline_view_get_model (timeline);
  ui_wait_until (ui_shows_label (GTK_WIDGET (window), "Entry 2999 beta"));

  /* The whole timeline shown, as after scrolling up through it: GTK
   * holds rows for two hundred of its entries when the search comes. */
  fb_tail_model_show_all (fb_timeline_view_get_shown (timeline));
  fb_timeline_view_scroll_to_end (timeline);
  ui_spin (200);
  ui_wait_until (ui_shows_label (GTK_WIDGET (window), "Entry 2999 beta"));

  g_signal_connect (list, "items-changed", G_CALLBACK (on_search_rows_cb), &watch);
  fb_timeline_view_set_search (timeline, "alpha");
  g_assert_true (fb_entry_list_get_loading (list));
  fb_timeline_view_set_search (timeline, "beta");
  g_assert_true (fb_entry_list_get_loading (list));
  wait_loaded (list);
  g_assert_false (watch.stale);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ENTRIES / 2);
  g_assert_true (all_read (G_LIST_MODEL (list), "beta"));
  ui_wait_until (ui_shows_label (GTK_WIDGET (window), "Entry 2999 beta"));

  /* Two searches that both find rows: only the last one's stay. */
  fb_timeline_view_set_search (timeline, "Entry 1");
  fb_timeline_view_set_search (timeline, "alpha");
  fb_timeline_view_set_search (timeline, "beta");
  g_assert_true (fb_entry_list_get_loading (list));
  wait_loaded (list);
  ui_spin (100);
  g_assert_false (watch.stale);
  g_assert_true (all_read (G_LIST_MODEL (list), "beta"));

  /* Ctrl+Home reaches the first entry while the rows are still coming. */
  fb_timeline_view_set_search (timeline, NULL);
  g_assert_true (fb_entry_list_get_loading (list));
  g_signal_handlers_disconnect_by_func (list, on_search_rows_cb, &watch);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.timeline-start", NULL);
  g_assert_false (fb_entry_list_get_loading (list));
  ui_wait_until (ui_shows_label (GTK_WIDGET (window), "Entry 0 alpha"));

  /* Shown from there are a screenful, not GTK's two hundred rows; more
   * comes as the reader scrolls down to it. */
  shown = fb_timeline_view_get_shown (timeline);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), <, 100);
  hidden = fb_tail_model_get_hidden_after (shown);
  g_assert_cmpuint (hidden, >, 0);
  adj = gtk_scrolled_window_get_vadjustment (fb_timeline_view_get_scroller (timeline));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  ui_wait_until (fb_tail_model_get_hidden_after (shown) < hidden);
  g_assert_cmpuint (fb_tail_model_get_hidden (shown), ==, 0);

  /* Ctrl+End from there shows the end alone again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.timeline-start", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.timeline-end", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), <, 100);
  ui_wait_until (ui_shows_label (GTK_WIDGET (window), "Entry 2999 beta"));
  g_assert_true (fb_timeline_view_get_at_end (timeline));

  /* The query the jump stopped ends in the thread, and lets the list and
   * the window go. */
  g_object_add_weak_pointer (G_OBJECT (list), (gpointer *) &list);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  ui_wait_until (list == NULL && window == NULL);
}

/* The texts of the timeline's rows on screen. */
static GPtrArray *
shown_rows (FbTimelineView *timeline)
{
  return ui_timeline_rows (timeline);
}

/* Whether a row on screen reads @text, and each one has @word. */
static gboolean
shows_only (FbTimelineView *timeline,
            const char     *text,
            const char     *word)
{
  g_autoptr(GPtrArray) texts = shown_rows (timeline);
  gboolean found = FALSE;

  for (guint i = 0; i < texts->len; i++)
    {
      if (word != NULL && strstr (g_ptr_array_index (texts, i), word) == NULL)
        return FALSE;
      found |= g_str_equal (g_ptr_array_index (texts, i), text);
    }
  return found;
}

static gboolean
is_search_entry (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_SEARCH_ENTRY (widget);
}

/* Scrolls the whole list shown to its top, or to its bottom. */
static void
scroll_all_the_way (FbTimelineView *timeline,
                    gboolean        down)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (fb_timeline_view_get_scroller (timeline));

  /* GTK 4.8's list view cannot be moved before it has laid out new
   * items; it learns the true height as it measures the rows. */
  fb_tail_model_show_all (fb_timeline_view_get_shown (timeline));
  ui_spin (100);
  for (guint i = 0; i < 40; i++)
    {
      gtk_adjustment_set_value (adj, down ? gtk_adjustment_get_upper (adj) : 0);
      ui_spin (20);
    }
}

/* A search that finds thousands of entries, answered while the list view
 * holds rows for two hundred entries of the timeline: its rows, and only
 * its rows, are shown from its end, the reader scrolls through them to
 * its first and back to its last, and clearing it brings the timeline
 * back at its end. */
static void
test_many_results (UiFixture     *fixture,
                   gconstpointer  data)
{
  g_autofree char *incident = NULL;
  FbTimelineView *timeline;
  GtkEditable *entry;
  FbEntryList *list;
  FbWindow *window;
  gint64 start;

  incident = fill (fixture, &start);
  window = open_window (fixture, incident);
  timeline = _fb_window_get_timeline (window);
  list = fb_timeline_view_get_model (timeline);
  ui_wait_until (shows_only (timeline, "Entry 2999 beta", NULL));

  /* The reader went through the timeline to its start and back. */
  scroll_all_the_way (timeline, FALSE);
  ui_wait_until (shows_only (timeline, "Entry 0 alpha", NULL));
  scroll_all_the_way (timeline, TRUE);
  ui_wait_until (shows_only (timeline, "Entry 2999 beta", NULL));
  g_assert_true (fb_timeline_view_get_at_end (timeline));

  /* Typed into the search field, as the reader does. */
  entry = GTK_EDITABLE (ui_find_widget (GTK_WIDGET (timeline), is_search_entry, NULL));
  gtk_editable_set_text (entry, "beta");
  ui_wait_until (g_strcmp0 (fb_entry_list_get_search (list), "beta") == 0);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ENTRIES / 2);
  assert_same_rows (list, fixture->store, incident, "beta");
  ui_wait_until (shows_only (timeline, "Entry 2999 beta", "beta"));
  g_assert_true (fb_timeline_view_get_at_end (timeline));

  /* Through every one of them to the first, and back to the last. */
  scroll_all_the_way (timeline, FALSE);
  ui_wait_until (shows_only (timeline, "Entry 1 beta", "beta"));
  g_assert_false (fb_timeline_view_get_at_end (timeline));
  scroll_all_the_way (timeline, TRUE);
  ui_wait_until (shows_only (timeline, "Entry 2999 beta", "beta"));
  ui_wait_until (fb_timeline_view_get_at_end (timeline));

  /* Cleared: the whole timeline again, at its end. */
  gtk_editable_set_text (entry, "");
  ui_wait_until (fb_entry_list_get_search (list) == NULL);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ENTRIES);
  assert_same_rows (list, fixture->store, incident, NULL);
  ui_wait_until (shows_only (timeline, "Entry 2999 beta", NULL) && shows_only (timeline, "Entry 2998 alpha", NULL));
  g_assert_true (fb_timeline_view_get_at_end (timeline));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/timeline-large/rows", UiFixture, NULL, ui_fixture_set_up, test_rows, ui_fixture_tear_down);
  g_test_add ("/timeline-large/search-while-loading", UiFixture, NULL, ui_fixture_set_up,
              test_search_while_loading, ui_fixture_tear_down);
  g_test_add ("/timeline-large/typing", UiFixture, NULL, ui_fixture_set_up, test_typing, ui_fixture_tear_down);
  g_test_add ("/timeline-large/many-results", UiFixture, NULL, ui_fixture_set_up, test_many_results,
              ui_fixture_tear_down);

  return g_test_run ();
}
