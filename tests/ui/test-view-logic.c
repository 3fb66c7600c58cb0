/* test-view-logic.c — what the views decide to show, without a display
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-describe.h"

#include <string.h>

#include "fb-clock-state.h"
#include "fb-format.h"
#include "fb-tail-model.h"

#define MIN_MS (60 * 1000)

/* 2026-11-25 14:30:00 UTC */
static const gint64 NOW = 1795617000000;

static void
test_clock_running (void)
{
  FbClockState state = { 0 };

  fb_clock_state_compute (&state, NOW - 42 * MIN_MS - 10000, 0, 60, NOW);
  g_assert_true (state.running);
  g_assert_cmpint (state.level, ==, FB_CLOCK_LEVEL_NORMAL);
  g_assert_cmpstr (state.text, ==, "00:42:10 / 60 min");
  g_assert_null (fb_clock_level_to_css_class (state.level));
  fb_clock_state_clear (&state);

  /* Three quarters of the target: a warning. */
  fb_clock_state_compute (&state, NOW - 45 * MIN_MS, 0, 60, NOW);
  g_assert_cmpint (state.level, ==, FB_CLOCK_LEVEL_WARNING);
  g_assert_cmpstr (fb_clock_level_to_css_class (state.level), ==, "warning");
  fb_clock_state_clear (&state);

  fb_clock_state_compute (&state, NOW - 44 * MIN_MS - 59000, 0, 60, NOW);
  g_assert_cmpint (state.level, ==, FB_CLOCK_LEVEL_NORMAL);
  fb_clock_state_clear (&state);

  /* Past the target: critical, and the clock keeps counting. */
  fb_clock_state_compute (&state, NOW - 162 * 60 * MIN_MS, 0, 60, NOW);
  g_assert_cmpint (state.level, ==, FB_CLOCK_LEVEL_CRITICAL);
  g_assert_cmpstr (state.text, ==, "162:00:00 / 60 min");
  g_assert_cmpstr (fb_clock_level_to_css_class (state.level), ==, "error");
  fb_clock_state_clear (&state);

  /* A short target scales the thresholds. */
  fb_clock_state_compute (&state, NOW - 8 * MIN_MS, 0, 10, NOW);
  g_assert_cmpint (state.level, ==, FB_CLOCK_LEVEL_WARNING);
  fb_clock_state_clear (&state);
}

static void
test_clock_edge_cases (void)
{
  FbClockState state = { 0 };

  /* A detection time ahead of our clock reads as zero, not negative. */
  fb_clock_state_compute (&state, NOW + 5 * MIN_MS, 0, 60, NOW);
  g_assert_cmpint (state.elapsed_ms, ==, 0);
  g_assert_cmpstr (state.text, ==, "00:00:00 / 60 min");
  fb_clock_state_clear (&state);

  /* A missing target falls back to the default hour. */
  fb_clock_state_compute (&state, NOW - 50 * MIN_MS, 0, 0, NOW);
  g_assert_cmpstr (state.text, ==, "00:50:00 / 60 min");
  g_assert_cmpint (state.level, ==, FB_CLOCK_LEVEL_WARNING);
  fb_clock_state_clear (&state);
}

static void
test_clock_stopped (void)
{
  FbClockState state = { 0 };

  fb_clock_state_compute (&state, NOW - 120 * MIN_MS, NOW - 73 * MIN_MS, 60, NOW);
  g_assert_false (state.running);
  g_assert_true (state.met_target);
  g_assert_cmpint (state.elapsed_ms, ==, 47 * MIN_MS);
  g_assert_cmpstr (state.text, ==, "Contained in 0:47");
  g_assert_cmpint (state.level, ==, FB_CLOCK_LEVEL_NORMAL);
  fb_clock_state_clear (&state);

  /* The clock does not move once stopped. */
  fb_clock_state_compute (&state, NOW - 120 * MIN_MS, NOW - 73 * MIN_MS, 60, NOW + 3600000);
  g_assert_cmpstr (state.text, ==, "Contained in 0:47");
  fb_clock_state_clear (&state);

  fb_clock_state_compute (&state, NOW - 200 * MIN_MS, NOW, 60, NOW);
  g_assert_false (state.met_target);
  g_assert_cmpint (state.level, ==, FB_CLOCK_LEVEL_CRITICAL);
  g_assert_cmpstr (state.text, ==, "Contained in 3:20");
  fb_clock_state_clear (&state);
}

static void
test_format (void)
{
  g_autofree char *since1 = fb_format_since (NOW - 30000, NOW);
  g_autofree char *since2 = fb_format_since (NOW - 42 * MIN_MS, NOW);
  g_autofree char *since3 = fb_format_since (NOW - 125 * MIN_MS, NOW);
  g_autofree char *since4 = fb_format_since (NOW - 162 * 60 * MIN_MS, NOW);
  g_autofree char *sev = fb_format_severity (2);

  g_assert_cmpstr (since1, ==, "just now");
  g_assert_cmpstr (since2, ==, "42 min");
  g_assert_cmpstr (since3, ==, "2 h 05 min");
  g_assert_cmpstr (since4, ==, "6 d 18 h");
  g_assert_cmpstr (sev, ==, "SEV 2");

  for (guint k = 0; k < FB_N_ENTRY_KINDS; k++)
    {
      g_assert_nonnull (fb_entry_kind_get_icon (k));
      g_assert_true (g_str_has_prefix (fb_entry_kind_get_css (k), "kind-"));
    }
}

static void
test_system_text (void)
{
  struct {
    const char *text;
    const char *data;
    const char *expected;
  } cases[] = {
    { "Containment recorded, 47 min after detection (target 60 min)",
      "{\"event\":\"contained\",\"minutes\":47,\"target\":60}",
      "Containment recorded, 47 min after detection (target 60 min)" },
    { "Incident closed", "{\"event\":\"closed\"}", "Incident closed" },
    { "Incident reopened", "{\"event\":\"reopened\"}", "Incident reopened" },
    { "x", "{\"event\":\"commander\",\"person\":\"Aiko\"}", "Aiko is now the incident commander" },
    { "x", "{\"event\":\"commander\",\"person\":\"\"}", "The incident commander role is vacant" },
    { "x", "{\"event\":\"handover\",\"from\":\"A\",\"to\":\"B\",\"situation\":\"Calm\"}",
      "Command handed over from A to B\nSituation: Calm" },
    { "x", "{\"event\":\"checklist\",\"state\":\"done\",\"note\":\"ok\"}", "Checklist item done: ok" },
    { "x", "{\"event\":\"checklist\",\"state\":\"skipped\",\"note\":\"\"}", "Checklist item skipped" },
    /* Unknown events and broken data fall back to the stored text. */
    { "Something new", "{\"event\":\"later\"}", "Something new" },
    { "Plain", "not json", "Plain" },
    { "Plain", NULL, "Plain" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fb_describe_system_text (cases[i].text, cases[i].data, NULL);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* The tail model ------------------------------------------------------------ */

typedef struct
{
  guint position, removed, added, count;
} Change;

static void
on_tail_changed_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
}

static GObject *
numbered (guint n)
{
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (object, "n", GUINT_TO_POINTER (n));
  return object;
}

static guint
number_at (GListModel *model,
           guint       position)
{
  g_autoptr(GObject) object = g_list_model_get_item (model, position);

  g_assert_nonnull (object);
  return GPOINTER_TO_UINT (g_object_get_data (object, "n"));
}

static void
test_tail_model (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(FbTailModel) tail = NULL;
  GListModel *shown;
  Change change = { 0 };

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GObject) object = numbered (i);
      g_list_store_append (store, object);
    }

  tail = fb_tail_model_new (G_LIST_MODEL (store), 10);
  shown = G_LIST_MODEL (tail);
  g_signal_connect (tail, "items-changed", G_CALLBACK (on_tail_changed_cb), &change);

  /* The last ten. */
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 10);
  g_assert_cmpuint (fb_tail_model_get_hidden (tail), ==, 90);
  g_assert_cmpuint (number_at (shown, 0), ==, 90);
  g_assert_cmpuint (number_at (shown, 9), ==, 99);
  g_assert_null (g_list_model_get_item (shown, 10));

  /* A new item at the end is shown, where it is. */
  {
    g_autoptr(GObject) object = numbered (100);
    g_list_store_append (store, object);
  }
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.position, ==, 10);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpuint (number_at (shown, 10), ==, 100);

  /* One among the hidden: nothing shown changes. */
  {
    g_autoptr(GObject) object = numbered (1000);
    g_list_store_insert (store, 5, object);
  }
  g_list_store_remove (store, 0);
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (fb_tail_model_get_hidden (tail), ==, 90);
  g_assert_cmpuint (number_at (shown, 0), ==, 90);

  /* A shown one removed. */
  g_list_store_remove (store, 95);
  g_assert_cmpuint (change.count, ==, 2);
  g_assert_cmpuint (change.position, ==, 5);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 10);

  /* Scrolling up: more of the past, above. */
  g_assert_cmpuint (fb_tail_model_show_more (tail, 30), ==, 30);
  g_assert_cmpuint (change.count, ==, 3);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.added, ==, 30);
  g_assert_cmpuint (fb_tail_model_get_hidden (tail), ==, 60);
  g_assert_cmpuint (number_at (shown, 30), ==, 90);

  /* Revealing an item shows back to it, and says where it now is. */
  g_assert_cmpuint (fb_tail_model_reveal (tail, 70), ==, 10);
  g_assert_cmpuint (fb_tail_model_reveal (tail, 55), ==, 0);
  g_assert_cmpuint (fb_tail_model_get_hidden (tail), ==, 55);

  /* No further back than the start. */
  g_assert_cmpuint (fb_tail_model_show_more (tail, 1000), ==, 55);
  g_assert_cmpuint (fb_tail_model_show_more (tail, 1), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 100);
  g_assert_cmpuint (number_at (shown, 0), ==, 1);

  /* A change across the first shown item (a new filter) shows the end of
   * the new list again. */
  {
    g_autoptr(GPtrArray) filtered = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < 50; i++)
      g_ptr_array_add (filtered, numbered (i));
    g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                         filtered->pdata, filtered->len);
  }
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 100);
  g_assert_cmpuint (change.added, ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 10);
  g_assert_cmpuint (number_at (shown, 0), ==, 40);
  g_assert_cmpuint (fb_tail_model_get_hidden (tail), ==, 40);

  /* A shown item replaced in place (an entry pinned) stays in place. */
  {
    g_autoptr(GObject) object = numbered (4000);
    g_list_store_splice (store, 40, 1, (gpointer *) &object, 1);
  }
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpuint (number_at (shown, 0), ==, 4000);
  g_assert_cmpuint (fb_tail_model_get_hidden (tail), ==, 40);

  {
    g_autoptr(GListStore) few = g_list_store_new (G_TYPE_OBJECT);
    g_autoptr(FbTailModel) all = NULL;

    for (guint i = 0; i < 4; i++)
      {
        g_autoptr(GObject) object = numbered (i);
        g_list_store_append (few, object);
      }
    all = fb_tail_model_new (G_LIST_MODEL (few), 10);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 4);
    g_assert_cmpuint (fb_tail_model_get_hidden (all), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/view-logic/clock/running", test_clock_running);
  g_test_add_func ("/view-logic/clock/edge-cases", test_clock_edge_cases);
  g_test_add_func ("/view-logic/clock/stopped", test_clock_stopped);
  g_test_add_func ("/view-logic/format", test_format);
  g_test_add_func ("/view-logic/system-text", test_system_text);
  g_test_add_func ("/view-logic/tail-model", test_tail_model);

  return g_test_run ();
}
