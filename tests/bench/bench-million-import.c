/* bench-million-import.c — the export of an incident of 1,000,000
 * entries imported into a new store, against the store applying the same
 * ops
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kept record of fb-bench-million.h is exported as JSON to a file,
 * which is imported into a new store as the window does it
 * (fb_import_incident_async (): both passes in a thread), in a child
 * process of its own so that its peak memory can be read: VmHWM at the
 * end less VmRSS before it began.
 *
 * The floor, in the same run and a child too: the same ops read from the
 * record with a cursor and applied into a new store through the same door
 * (_fb_store_apply_batch ()) in batches of 1,000 inside one transaction,
 * as the import applies them. That is the work of the store, which any
 * import has to do, without the file: what the import costs beyond it is
 * reading, checking and decoding the text, and each device's chain. A
 * floor of reading the file alone would be a few seconds beside minutes
 * of applying, and would say nothing of how near the store's own cost the
 * import comes. The time of the import's first pass (reading the file
 * and checking it as strict JSON) is printed too, and the time of reading
 * the file through in chunks. No target is set.
 */

#include "config.h"

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-store-private.h"
#include "../fb-test-util.h"
#include "fb-bench-child.h"
#include "fb-bench-million.h"

#define BATCH 1000

typedef struct
{
  FbBenchJob job;
  double     first_pass;   /* processor seconds when the first pass ended */
} Watched;

static void
on_watched_progress_cb (double   fraction,
                        gpointer user_data)
{
  Watched *watched = user_data;

  fb_bench_on_progress_cb (fraction, &watched->job);
  /* The first pass reports up to 0.1 (fb-import.c). */
  if (watched->first_pass == 0 && fraction >= 0.1)
    watched->first_pass = fb_bench_cpu_seconds ();
}

static void
remove_store (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

/* The floor: the record's ops, read with a cursor, through the store's
 * door into @target in batches, in one transaction. */
static guint
apply_from_record (const char *record,
                   const char *incident,
                   FbStore    *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) source = fb_store_open (record, _FB_STORE_OPEN_CHECKED_ELSEWHERE, &error);
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  FbApplyBatches batches;
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  g_assert_no_error (error);
  g_assert_true (sqlite3_prepare_v2 (source->sql.db,
                                     "SELECT " FB_OP_COLUMNS " FROM ops o WHERE o.incident = ? ORDER BY o.seq",
                                     -1, &stmt, NULL) == SQLITE_OK);
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);
  g_assert_true (_fb_store_writable (target, &error) && _fb_store_begin_batches (target, &batches, &error));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbOp *op = _fb_store_op_from_row (stmt, 0, &error);

      g_assert_no_error (error);
      g_ptr_array_add (ops, op);
      if (ops->len == BATCH)
        {
          g_assert_true (_fb_store_apply_batch (target, &batches, ops, NULL, FB_APPLY_IMPORTED, n, 0, NULL, &error));
          n += ops->len;
          g_ptr_array_set_size (ops, 0);
        }
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_true (_fb_store_apply_batch (target, &batches, ops, NULL, FB_APPLY_IMPORTED, n, 0, NULL, &error));
  n += ops->len;
  g_assert_true (_fb_store_end_batches (target, &batches, TRUE, &error));
  g_assert_no_error (error);
  return batches.n_applied;
}

/* In the child: one job; prints "seconds wall rss-growth-kB ops
 * first-pass-seconds". */
static int
run_child (const char *mode,
           const char *record,
           const char *incident,
           const char *json,
           const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  gint64 before, start;
  double cpu_start, first_pass = 0;
  gint64 n = 0;

  if (g_str_equal (mode, "read"))
    {
      g_autoptr(GFile) file = g_file_new_for_path (json);
      g_autoptr(GFileInputStream) input = NULL;
      g_autofree char *buffer = g_malloc (64 * 1024);
      gssize got;

      before = fb_bench_status_kb ("VmRSS:");
      fb_bench_reset_peak ();
      start = g_get_monotonic_time ();
      cpu_start = fb_bench_cpu_seconds ();
      input = g_file_read (file, NULL, &error);
      g_assert_no_error (error);
      while ((got = g_input_stream_read (G_INPUT_STREAM (input), buffer, 64 * 1024, NULL, &error)) > 0)
        n += got;
      g_assert_no_error (error);
      fb_bench_child_report (start, cpu_start, before, n);
      printf ("0\n");
      return 0;
    }

  remove_store (out);
  store = fb_store_open (out, FB_STORE_OPEN_CHECK_FULLY, &error);
  g_assert_no_error (error);
  before = fb_bench_status_kb ("VmRSS:");
  fb_bench_reset_peak ();
  start = g_get_monotonic_time ();
  cpu_start = fb_bench_cpu_seconds ();

  if (g_str_equal (mode, "floor"))
    n = apply_from_record (record, incident, store);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (json);
      Watched watched = { { 0 } };
      guint applied = 0;

      fb_import_incident_async (store, file, NULL, on_watched_progress_cb, &watched,
                                fb_bench_on_done_cb, &watched.job);
      fb_bench_wait_for (&watched.job);
      if (!fb_import_incident_finish (store, watched.job.result, NULL, &applied, &error))
        g_error ("%s", error->message);
      g_clear_object (&watched.job.result);
      n = applied;
      first_pass = watched.first_pass - cpu_start;
    }

  fb_bench_child_report (start, cpu_start, before, n);
  printf ("%.3f\n", first_pass);
  g_clear_object (&store);
  remove_store (out);
  return 0;
}

static FbBenchFigure
measure (const char *mode,
         const char *record,
         const char *incident,
         const char *json,
         const char *out)
{
  return fb_bench_child ((const char *[]) { mode, record, incident, json, out, NULL });
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *record = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *json = NULL;
  g_autofree char *out = NULL;
  FbBenchFigure floor, import, reading;
  gint64 size;

  if (argc == 7 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], argv[3], argv[4], argv[5], argv[6]);

  dir = fb_test_dir_new ();
  json = fb_test_dir_file (dir, "incident.json");
  out = fb_test_dir_file (dir, "imported.db");
  record = fb_bench_million_path ();
  {
    g_autoptr(FbStore) store = fb_store_open (record, _FB_STORE_OPEN_CHECKED_ELSEWHERE, &error);
    g_autoptr(GFile) file = g_file_new_for_path (json);
    g_autoptr(GFileOutputStream) stream = NULL;
    g_autoptr(GFileInfo) info = NULL;

    g_assert_no_error (error);
    incident = fb_bench_million_incident (store);
    stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (fb_export_incident_to_stream (store, incident, FB_EXPORT_JSON, G_OUTPUT_STREAM (stream),
                                                 NULL, &error));
    g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
    info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
    g_assert_no_error (error);
    size = g_file_info_get_size (info);
  }
  printf ("# exported %s: %.0f MB\n", json, size / 1e6);
  printf ("%d entries; processor time of all a child's threads; peak RSS is VmHWM less VmRSS before the job\n",
          FB_BENCH_MILLION_ENTRIES);
  fflush (stdout);

  /* The file read once first, so that both read it from the page cache. */
  reading = measure ("read", record, incident, json, out);
  reading = measure ("read", record, incident, json, out);
  floor = measure ("floor", record, incident, json, out);
  import = measure ("import", record, incident, json, out);
  g_assert_cmpfloat (import.size_mb * 1e6, ==, floor.size_mb * 1e6);

  printf ("import of %.0f ops from a %.0f MB export: %.1f s of processor (%.1f s by the clock), %.2f× the floor; "
          "of it the first pass, reading the file and checking it as strict JSON, %.1f s; peak RSS +%.1f MB\n",
          import.size_mb * 1e6, size / 1e6, import.seconds, import.wall, import.seconds / floor.seconds,
          import.extra, import.rss_mb);
  printf ("floor, the same ops read from the record and applied through the store's door in batches of %d in one "
          "transaction: %.1f s of processor (%.1f s by the clock); peak RSS +%.1f MB\n",
          BATCH, floor.seconds, floor.wall, floor.rss_mb);
  printf ("reading the file through in chunks of 64 KiB: %.2f s of processor (%.2f s by the clock); "
          "peak RSS +%.1f MB\n", reading.seconds, reading.wall, reading.rss_mb);
  return 0;
}
