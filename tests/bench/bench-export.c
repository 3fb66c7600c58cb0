/* bench-export.c — export and verify of a record of 100,000 entries
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills one incident with 100,000 timeline entries in batches of 1,000,
 * then times the check of the record and each export format, first
 * directly and then as a job in a thread writing its file, which is what
 * the window does. The job also counts how often it told its progress.
 */

#include "config.h"

#include <stdio.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "../fb-test-fill.h"
#include "../fb-test-util.h"
#include "fb-bench-util.h"

#define N_OPS 100000

static char *
fill (FbStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 base = 1764000000000;
  char *incident = fb_store_create_incident (store, "Benchmark", NULL, 2, base, 60, TRUE, &error);

  g_assert_no_error (error);
  fb_test_add_facts (store, incident, N_OPS, base);
  return incident;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "store.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autofree char *incident = NULL;
  gint64 start;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  incident = fill (store);
  printf ("fill %d entries: %.2f s\n", N_OPS, fb_bench_seconds_since (start));

  {
    g_autoptr(FbVerification) result = NULL;
    FbBenchJob job = { 0 };

    start = g_get_monotonic_time ();
    result = fb_store_verify (store, incident, &error);
    g_assert_no_error (error);
    printf ("verify: %.2f s\n", fb_bench_seconds_since (start));
    g_clear_pointer (&result, fb_verification_free);

    start = g_get_monotonic_time ();
    fb_store_verify_async (store, incident, NULL, fb_bench_on_progress_cb, &job, fb_bench_on_done_cb, &job);
    fb_bench_wait_for (&job);
    result = fb_store_verify_finish (store, job.result, &error);
    g_assert_no_error (error);
    printf ("verify in a thread: %.2f s (progress told %u times, last %.2f)\n",
            fb_bench_seconds_since (start), job.n_told, job.last);
    g_clear_object (&job.result);
  }

  for (FbExportFormat format = FB_EXPORT_MARKDOWN; format <= FB_EXPORT_CSV; format++)
    {
      g_autofree char *name = g_strdup_printf ("export.%s", fb_export_format_extension (format));
      g_autofree char *out = fb_test_dir_file (dir, name);
      g_autoptr(GFile) file = g_file_new_for_path (out);
      g_autoptr(GBytes) bytes = NULL;
      FbBenchJob job = { 0 };

      start = g_get_monotonic_time ();
      bytes = fb_export_incident (store, incident, format, &error);
      g_assert_no_error (error);
      printf ("export %s: %.2f s, %.1f MB\n", fb_export_format_extension (format), fb_bench_seconds_since (start),
              g_bytes_get_size (bytes) / 1e6);

      start = g_get_monotonic_time ();
      fb_export_incident_async (store, incident, format, file, NULL, fb_bench_on_progress_cb, &job, fb_bench_on_done_cb, &job);
      fb_bench_wait_for (&job);
      if (!fb_export_incident_finish (store, job.result, &error))
        g_error ("%s", error->message);
      printf ("export %s in a thread, to a file: %.2f s (progress told %u times, last %.2f)\n",
              fb_export_format_extension (format), fb_bench_seconds_since (start), job.n_told, job.last);
      g_clear_object (&job.result);
    }

  return 0;
}
