/* bench-apply.c — how fast the one door takes ops, against plain inserts
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Applies 100,000 local timeline entries in batches of 1,000 through
 * FbStore (validation, clock, hash chain, op log, outbox, timeline and its
 * search index), then inserts the same rows into the same entries table
 * with plain prepared statements in the same batches: the floor, measured
 * in the same run because these machines are noisy. Then decodes 10,000
 * remote ops from JSON and applies them as one batch.
 */

#include "config.h"

#include <stdio.h>

#include "firebreak-core.h"
#include "../fb-test-util.h"
#include "fb-bench-floor.h"

#define N_OPS 100000
#define BATCH 1000
#define N_REMOTE 10000

static char *
entry_text (guint i)
{
  switch (i % 4)
    {
    case 0: return g_strdup_printf ("Host %u shows files renamed to .locked", i);
    case 1: return g_strdup_printf ("Firewall blocked outbound SMB from host %u", i);
    case 2: return g_strdup_printf ("User at desk %u reports a ransom note on screen", i);
    default: return g_strdup_printf ("EDR quarantined a loader on host %u", i);
    }
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static double
bench_store (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autofree char *incident = NULL;
  gint64 start, base = 1764000000000;

  g_assert_no_error (error);
  incident = fb_store_create_incident (store, "Benchmark", NULL, 2, base, 60, TRUE, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint b = 0; b < N_OPS / BATCH; b++)
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

      for (guint i = 0; i < BATCH; i++)
        {
          guint n = b * BATCH + i;
          g_autoptr(JsonObject) body = json_object_new ();
          g_autofree char *entity = fb_uuid_new ();

          json_object_set_string_member (body, "kind", "fact");
          g_autofree char *text = entry_text (n);

          json_object_set_string_member (body, "text", text);
          json_object_set_int_member (body, "occurred_at", base + n);
          g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, entity, body));
        }

      if (!fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error))
        g_error ("%s", error->message);
    }

  return seconds_since (start);
}

static double
bench_floor (const char *dir,
             gboolean    with_search)
{
  g_autofree char *path = g_build_filename (dir, with_search ? "floor-search.db" : "floor.db", NULL);
  FbBenchFloor *rows = fb_bench_floor_open (path, with_search);
  gint64 start, base = 1764000000000;

  start = g_get_monotonic_time ();
  for (guint b = 0; b < N_OPS / BATCH; b++)
    {
      sqlite3_exec (rows->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      for (guint i = 0; i < BATCH; i++)
        {
          guint n = b * BATCH + i;
          g_autofree char *text = entry_text (n);

          fb_bench_floor_insert (rows, base + n, "fact", text);
        }
      sqlite3_exec (rows->db, "COMMIT", NULL, NULL, NULL);
    }

  fb_bench_floor_close (rows);
  return seconds_since (start);
}

static void
bench_remote (const char *dir,
              double     *decode_s,
              double     *apply_s)
{
  g_autofree char *source_path = g_build_filename (dir, "source.db", NULL);
  g_autofree char *target_path = g_build_filename (dir, "target.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) source = fb_store_open (source_path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbStore) target = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GPtrArray) json = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) decoded = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *incident = NULL;
  guint applied = 0;
  gint64 start;

  g_assert_no_error (error);
  incident = fb_store_create_incident (source, "Remote", NULL, 2, 0, 60, TRUE, &error);
  for (guint n = 1; n < N_REMOTE; n++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autofree char *entity = fb_uuid_new ();

      json_object_set_string_member (body, "kind", "fact");
      g_autofree char *text = entry_text (n);

      json_object_set_string_member (body, "text", text);
      json_object_set_int_member (body, "occurred_at", 1764000000000 + n);
      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, entity, body));
    }
  if (!fb_store_apply (source, drafts, NULL, FB_APPLY_LOCAL, NULL, &error))
    g_error ("%s", error->message);

  ops = fb_store_get_ops (source, NULL, &error);
  g_assert_cmpuint (ops->len, ==, N_REMOTE);
  for (guint i = 0; i < ops->len; i++)
    g_ptr_array_add (json, fb_op_to_json (ops->pdata[i], NULL));

  target = fb_store_open (target_path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < json->len; i++)
    {
      FbOp *op = fb_op_from_json (json->pdata[i], -1, &error);
      if (op == NULL)
        g_error ("%s", error->message);
      g_ptr_array_add (decoded, op);
    }
  *decode_s = seconds_since (start);

  start = g_get_monotonic_time ();
  if (!fb_store_apply (target, decoded, NULL, FB_APPLY_DEFAULT, &applied, &error))
    g_error ("%s", error->message);
  *apply_s = seconds_since (start);
  g_assert_cmpuint (applied, ==, N_REMOTE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  double store_s, floor_s, bare_s, decode_s, apply_s;

  /* Both floors run before and the store after; each sees the same disk
   * and an equally warm cache. */
  bare_s = bench_floor (dir->path, FALSE);
  floor_s = bench_floor (dir->path, TRUE);
  store_s = bench_store (dir->path);
  bench_remote (dir->path, &decode_s, &apply_s);

  printf ("apply %d local entry ops in batches of %d: %.2f s, %.0f ops/s\n",
          N_OPS, BATCH, store_s, N_OPS / store_s);
  printf ("floor, plain prepared inserts of the same rows into the same timeline table"
          " and its search index: %.2f s, %.0f rows/s\n", floor_s, N_OPS / floor_s);
  printf ("  (the same without the search index: %.2f s, %.0f rows/s; ratio to that %.2f)\n",
          bare_s, N_OPS / bare_s, bare_s / store_s);
  printf ("ratio %.2f of the floor's rate (target >= 0.33): %s\n",
          floor_s / store_s, floor_s / store_s >= 0.33 ? "met" : "NOT MET");
  printf ("remote batch of %d ops: decode from JSON %.3f s, apply in one transaction %.3f s (%.0f ops/s)\n",
          N_REMOTE, decode_s, apply_s, N_REMOTE / (decode_s + apply_s));

  return 0;
}
