/* bench-verify.c — the check of a record of 100,000 entries
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills one incident with 100,000 timeline entries in batches of 1,000,
 * then times the check of the whole record, of the one incident, and of
 * the whole record in a thread as the window runs it. Beside them, two
 * floors measured in the same run: reading the op log once (every op
 * decoded), which any check must do, and applying those ops to an empty
 * store, which is what a new workstation joining the war room does.
 */

#include "config.h"

#include <stdio.h>

#include "firebreak-core.h"
#include "../fb-test-fill.h"
#include "../fb-test-util.h"
#include "fb-bench-util.h"

#define N_ENTRIES 100000

static void
verify (FbStore    *store,
        const char *incident,
        const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) result = NULL;
  gint64 start = g_get_monotonic_time ();

  result = fb_store_verify (store, incident, &error);
  g_assert_no_error (error);
  g_assert_null (result->problem);
  printf ("verify %s: %.2f s\n", what, fb_bench_seconds_since (start));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "store.db");
  g_autofree char *empty_path = fb_test_dir_file (dir, "empty.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *incident = NULL;
  gint64 start, base = 1764000000000;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  incident = fb_store_create_incident (store, "Benchmark", NULL, 2, base, 60, TRUE, &error);
  g_assert_no_error (error);
  fb_test_add_facts (store, incident, N_ENTRIES, base);
  printf ("fill %d entries: %.2f s\n", N_ENTRIES, fb_bench_seconds_since (start));

  start = g_get_monotonic_time ();
  ops = fb_store_get_ops (store, NULL, &error);
  g_assert_no_error (error);
  printf ("floor: read the op log once (%u ops): %.2f s\n", ops->len, fb_bench_seconds_since (start));

  {
    g_autoptr(FbStore) empty = fb_store_open (empty_path, FB_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    start = g_get_monotonic_time ();
    for (guint i = 0; i < ops->len; i += 1000)
      {
        g_autoptr(GPtrArray) page = g_ptr_array_new ();

        for (guint j = i; j < MIN (i + 1000, ops->len); j++)
          g_ptr_array_add (page, g_ptr_array_index (ops, j));
        if (!fb_store_apply (empty, page, NULL, FB_APPLY_TRUST_CLOCKS, NULL, &error))
          g_error ("%s", error->message);
      }
    printf ("floor: apply them to an empty store, as a new workstation does: %.2f s\n", fb_bench_seconds_since (start));
  }

  verify (store, NULL, "the whole record");
  verify (store, incident, "one incident");

  {
    g_autoptr(FbVerification) result = NULL;
    FbBenchJob job = { 0 };

    start = g_get_monotonic_time ();
    fb_store_verify_async (store, NULL, NULL, fb_bench_on_progress_cb, &job, fb_bench_on_done_cb, &job);
    fb_bench_wait_for (&job);
    result = fb_store_verify_finish (store, job.result, &error);
    g_assert_no_error (error);
    g_assert_null (result->problem);
    printf ("verify the whole record in a thread: %.2f s (progress told %u times, last %.2f)\n",
            fb_bench_seconds_since (start), job.n_told, job.last);
    g_clear_object (&job.result);
  }

  return 0;
}
