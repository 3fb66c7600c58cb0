/* bench-million-export.c — exports of an incident of 1,000,000 entries,
 * against reading their rows
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the kept record of fb-bench-million.h, each export format is made as
 * the window makes it (fb_export_incident_async, in a thread, written to
 * a file as it goes), each in a child process of its own so that its peak
 * memory can be read: VmHWM at the end less VmRSS before it began.
 *
 * The floors, measured in the same run, each in a child too: a bare
 * SELECT stepping through the rows and columns the export reads (the
 * timeline's entries in time order for CSV; those and the decisions and
 * escalations among them for Markdown and HTML, the report; the
 * incident's ops for JSON). The report carries the check of the record,
 * as it always did (what million-verify measures): the check alone is
 * printed too, and the report's time less the check it made, read from
 * its progress. Target: at most twice the floor, memory the same for any
 * length.
 */

#include "config.h"

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-store-private.h"
#include "fb-task-private.h"
#include "../fb-test-util.h"
#include "fb-bench-child.h"
#include "fb-bench-million.h"

/* When the export's progress first reached each tenth: the check of the
 * record fills a known share of it (see fb-export.c). */
typedef struct
{
  FbBenchJob job;
  gint64     reached[11];
} Watched;

static void
on_watched_progress_cb (double   fraction,
                        gpointer user_data)
{
  Watched *watched = user_data;

  fb_bench_on_progress_cb (fraction, &watched->job);
  for (int i = 0; i <= 10 && i <= (int) (fraction * 10 + 1e-9); i++)
    if (watched->reached[i] == 0)
      watched->reached[i] = g_get_monotonic_time ();
}

/* In the child: one job; prints "seconds rss-growth-kB output-bytes", and
 * for an export that checks the record, the seconds the check took. */
static int
run_child (const char *mode,
           const char *path,
           const char *incident,
           const char *out)
{
  g_autoptr(GError) error = NULL;
  gint64 before = fb_bench_status_kb ("VmRSS:");
  gint64 start = g_get_monotonic_time ();
  gint64 size = 0;
  double checking = 0;

  if (g_str_equal (mode, "floor-entries"))
    fb_bench_read_rows (path, incident, FB_BENCH_TIMELINE_SQL);
  else if (g_str_equal (mode, "floor-report"))
    {
      /* The report reads its decisions and escalations too. */
      fb_bench_read_rows (path, incident, FB_BENCH_TIMELINE_SQL);
      fb_bench_read_rows (path, incident, FB_BENCH_ENTRIES_SQL ("decision"));
      fb_bench_read_rows (path, incident, FB_BENCH_ENTRIES_SQL ("escalation"));
    }
  else if (g_str_equal (mode, "floor-ops"))
    fb_bench_read_rows (path, incident, "SELECT " FB_OP_COLUMNS " FROM ops o WHERE o.incident = ? ORDER BY o.seq");
  else if (g_str_equal (mode, "verify"))
    {
      g_autoptr(FbStore) store = fb_store_open (path, _FB_STORE_OPEN_CHECKED_ELSEWHERE, &error);
      g_autoptr(FbVerification) verification = NULL;

      g_assert_no_error (error);
      start = g_get_monotonic_time ();
      verification = _fb_store_verify_full (store, incident, NULL, &error);
      g_assert_no_error (error);
    }
  else
    {
      g_autoptr(FbStore) store = fb_store_open (path, _FB_STORE_OPEN_CHECKED_ELSEWHERE, &error);
      g_autoptr(GFile) file = g_file_new_for_path (out);
      g_autoptr(GFileInfo) info = NULL;
      Watched watched = { { 0 } };
      FbExportFormat format;

      g_assert_no_error (error);
      g_assert_true (fb_export_format_from_string (mode, &format));
      start = g_get_monotonic_time ();
      fb_export_incident_async (store, incident, format, file, NULL, on_watched_progress_cb, &watched,
                                fb_bench_on_done_cb, &watched.job);
      fb_bench_wait_for (&watched.job);
      if (!fb_export_incident_finish (store, watched.job.result, &error))
        g_error ("%s", error->message);
      g_clear_object (&watched.job.result);
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
      g_assert_no_error (error);
      size = g_file_info_get_size (info);

      /* The report checks the record first, to 0.5. */
      if (format == FB_EXPORT_MARKDOWN || format == FB_EXPORT_HTML)
        checking = (watched.reached[5] - start) / 1e6;
    }

  fb_bench_child_report (start, before, size);
  printf ("%.3f\n", checking);
  return 0;
}

static FbBenchFigure
measure (const char *mode,
         const char *path,
         const char *incident,
         const char *out)
{
  return fb_bench_child ((const char *[]) { mode, path, incident, out, NULL });
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *incident = NULL;
  const char *formats[] = { "csv", "markdown", "html", "json" };
  FbBenchFigure entries, report, ops, verify;

  if (argc == 6 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], argv[3], argv[4], argv[5]);

  dir = fb_test_dir_new ();
  path = fb_bench_million_path ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FbStore) store = fb_store_open (path, _FB_STORE_OPEN_CHECKED_ELSEWHERE, &error);

    g_assert_no_error (error);
    incident = fb_bench_million_incident (store);
  }

  /* Once to warm the page cache, then the floors measured. */
  measure ("floor-entries", path, incident, "-");
  entries = measure ("floor-entries", path, incident, "-");
  report = measure ("floor-report", path, incident, "-");
  ops = measure ("floor-ops", path, incident, "-");
  verify = measure ("verify", path, incident, "-");
  printf ("floor: reading the timeline's %d entries: %.2f s, peak RSS +%.1f MB\n",
          FB_BENCH_MILLION_ENTRIES, entries.seconds, entries.rss_mb);
  printf ("floor: reading them, and the decisions and escalations among them: %.2f s, peak RSS +%.1f MB\n",
          report.seconds, report.rss_mb);
  printf ("floor: reading the incident's ops: %.2f s, peak RSS +%.1f MB\n", ops.seconds, ops.rss_mb);
  printf ("the check of the record the report carries: %.2f s, peak RSS +%.1f MB\n", verify.seconds, verify.rss_mb);
  fflush (stdout);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("export.%s", formats[i]);
      g_autofree char *out = fb_test_dir_file (dir, name);
      gboolean json = g_str_equal (formats[i], "json");
      gboolean checked = g_str_equal (formats[i], "markdown") || g_str_equal (formats[i], "html");
      const FbBenchFigure *floor = json ? &ops : checked ? &report : &entries;
      FbBenchFigure export = measure (formats[i], path, incident, out);

      printf ("export %-8s %7.2f s (%.2f× the floor of %.2f s), peak RSS +%.1f MB (floor +%.1f MB), %.0f MB written",
              formats[i], export.seconds, export.seconds / floor->seconds, floor->seconds,
              export.rss_mb, floor->rss_mb, export.size_mb);
      if (checked)
        printf ("; the check in it %.2f s, the export less the check %.2f s (%.2f× the floor)",
                export.extra, export.seconds - export.extra, (export.seconds - export.extra) / floor->seconds);
      printf ("\n");
      fflush (stdout);
      g_unlink (out);
    }

  return 0;
}
