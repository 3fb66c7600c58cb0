/* bench-million-verify.c — the check of a record of 1,000,000 entries in
 * the background, against hashing its ops' bytes
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Verifies the kept record of fb-bench-million.h whole, in a thread with
 * progress as the window runs it (fb_store_verify_async). The floor,
 * measured in the same run: `sha256sum` of every op's stored bytes,
 * written to one file beforehand. Target: at most three times the floor.
 * Beside the times, the processor time each took (all the check's
 * threads; the floor's one process), which a machine busy with other
 * work does not inflate as it does the wall clock's.
 */

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <sys/resource.h>

#include "firebreak-core.h"
#include "../fb-test-util.h"
#include "fb-bench-million.h"

/* Writes every op's columns, as stored, to @out; returns the bytes. */
static gint64
write_op_bytes (const char *database,
                const char *out)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  FILE *file = fopen (out, "wb");
  gint64 n = 0;

  g_assert_nonnull (file);
  g_assert_cmpint (sqlite3_open_v2 (database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT * FROM ops ORDER BY seq", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      {
        const void *bytes = sqlite3_column_blob (stmt, i);
        int len = sqlite3_column_bytes (stmt, i);

        if (len > 0)
          fwrite (bytes, 1, len, file);
        fputc ('\n', file);
        n += len + 1;
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  fclose (file);
  return n;
}

/* Processor time, user and system, of this process's threads or of its
 * children that were waited for. */
static double
cpu_seconds (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double
time_sha256sum (const char *file,
                double     *cpu)
{
  double cpu_before = cpu_seconds (RUSAGE_CHILDREN);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sha256sum", file, NULL };
  g_autofree char *out = NULL;
  gint64 start = g_get_monotonic_time ();
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("sha256sum: %s", error->message);
  *cpu = cpu_seconds (RUSAGE_CHILDREN) - cpu_before;
  return fb_bench_seconds_since (start);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_bench_million_path ();
  g_autofree char *bytes_path = fb_test_dir_file (dir, "ops.bin");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbVerification) result = NULL;
  FbBenchJob job = { 0 };
  double floor_s, verify_s, floor_cpu, verify_cpu;
  gint64 n_bytes, start;

  n_bytes = write_op_bytes (path, bytes_path);
  /* Once to warm the cache as the store's file is warm, then timed. */
  time_sha256sum (bytes_path, &floor_cpu);
  floor_s = time_sha256sum (bytes_path, &floor_cpu);

  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  verify_cpu = cpu_seconds (RUSAGE_SELF);
  fb_store_verify_async (store, NULL, NULL, fb_bench_on_progress_cb, &job, fb_bench_on_done_cb, &job);
  fb_bench_wait_for (&job);
  result = fb_store_verify_finish (store, job.result, &error);
  verify_s = fb_bench_seconds_since (start);
  verify_cpu = cpu_seconds (RUSAGE_SELF) - verify_cpu;
  g_assert_no_error (error);
  if (result->problem != NULL)
    g_error ("the kept record does not verify: %s", result->problem);
  g_clear_object (&job.result);

  printf ("verify %d entries in the background: %.1f s, %.1f s of processor time"
          " (progress told %u times, last %.2f)\n",
          FB_BENCH_MILLION_ENTRIES, verify_s, verify_cpu, job.n_told, job.last);
  printf ("floor, sha256sum of the ops' bytes (%.0f MB): %.2f s, %.2f s of processor time\n",
          n_bytes / 1e6, floor_s, floor_cpu);
  printf ("ratio %.1f× (target ≤ 3×): %s; of processor time %.1f×\n",
          verify_s / floor_s, verify_s <= 3 * floor_s ? "met" : "MISSED", verify_cpu / floor_cpu);
  return 0;
}
