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
 * incident's ops for JSON), each the fastest of three runs alternating
 * with the export's. The report carries the check of the whole record, as
 * it always did (_fb_store_verify_full(), what million-verify measures:
 * SQLite's integrity check of the file in a thread, every op's hash and
 * chain, every timeline row against its entry.add, the search index, the
 * other changes applied again): its time is read from the report's
 * progress. The report's figure is the whole export, as the user waits
 * for it, beside the floor; the part after the check is printed beside
 * the floor too, saying so. Target: at most twice the floor, memory the
 * same for any length.
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-progress.h"
#include "fb-report-private.h"
#include "fb-store-private.h"
#include "../fb-test-util.h"
#include "fb-bench-child.h"
#include "fb-bench-million.h"

#define N_RUNS 3

/* When the export's progress first reached each percent: the check of
 * the record fills a known share of it (see fb-export.c). */
typedef struct
{
  FbBenchJob job;
  double     reached[101];   /* processor seconds */
} Watched;

static void
on_watched_progress_cb (double   fraction,
                        gpointer user_data)
{
  Watched *watched = user_data;

  fb_bench_on_progress_cb (fraction, &watched->job);
  for (int i = 0; i <= 100 && i <= (int) (fraction * 100 + 1e-9); i++)
    if (watched->reached[i] == 0)
      watched->reached[i] = fb_bench_cpu_seconds ();
}

/* @n bytes written to @out as an export writes its document: through
 * fb_progress_replace_file(), in chunks of FB_WRITER_CHUNK, then closed,
 * which makes them durable before the file takes its place. */
static gint64
write_bytes (const char *out,
             gint64      n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(GOutputStream) stream = fb_progress_replace_file (NULL, file, &error);
  g_autofree char *chunk = g_malloc (FB_WRITER_CHUNK);

  g_assert_no_error (error);
  memset (chunk, 'x', FB_WRITER_CHUNK);
  for (gint64 left = n; left > 0; left -= FB_WRITER_CHUNK)
    if (!g_output_stream_write_all (stream, chunk, MIN (left, FB_WRITER_CHUNK), NULL, NULL, &error))
      g_error ("%s", error->message);
  if (!fb_progress_close_file (NULL, file, stream, TRUE, &error))
    g_error ("%s", error->message);

  return n;
}

/* In the child: one job; prints "seconds rss-growth-kB output-bytes", and
 * for the report the seconds its check of the record took and then the
 * seconds its shorter parts took. */
static int
run_child (const char *mode,
           const char *path,
           const char *incident,
           const char *out)
{
  g_autoptr(GError) error = NULL;
  gint64 before = fb_bench_status_kb ("VmRSS:");
  gint64 start = g_get_monotonic_time ();
  double cpu_start = fb_bench_cpu_seconds ();
  gint64 size = 0;
  double checking = 0, making = 0;

  if (g_str_equal (mode, "floor-entries"))
    fb_bench_read_rows (path, incident, FB_BENCH_TIMELINE_SQL);
  else if (g_str_equal (mode, "floor-report"))
    {
      /* The report reads its decisions and escalations too. */
      fb_bench_read_rows (path, incident, FB_BENCH_TIMELINE_SQL);
      fb_bench_read_rows (path, incident, FB_BENCH_ENTRIES_SQL ("decision"));
      fb_bench_read_rows (path, incident, FB_BENCH_ENTRIES_SQL ("escalation"));
    }
  else if (g_str_equal (mode, "floor-write"))
    size = write_bytes (out, g_ascii_strtoll (incident, NULL, 10));
  else if (g_str_equal (mode, "floor-ops"))
    fb_bench_read_rows (path, incident, "SELECT " FB_OP_COLUMNS " FROM ops o WHERE o.incident = ? ORDER BY o.seq");
  else
    {
      /* As the window's store is once its check in the background is
       * done: the export's first write need not check the file again. */
      g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_CHECK_FULLY, &error);
      g_autoptr(GFile) file = g_file_new_for_path (out);
      g_autoptr(GFileInfo) info = NULL;
      Watched watched = { { 0 } };
      FbExportFormat format;

      g_assert_no_error (error);
      before = fb_bench_status_kb ("VmRSS:");
      fb_bench_reset_peak ();
      g_assert_true (fb_export_format_from_string (mode, &format));
      start = g_get_monotonic_time ();
      cpu_start = fb_bench_cpu_seconds ();
      fb_export_incident_async (store, incident, format, file, NULL, on_watched_progress_cb, &watched,
                                fb_bench_on_done_cb, &watched.job);
      fb_bench_wait_for (&watched.job);
      if (!fb_export_incident_finish (store, watched.job.result, &error))
        g_error ("%s", error->message);
      g_clear_object (&watched.job.result);
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
      g_assert_no_error (error);
      size = g_file_info_get_size (info);

      /* The report checks the record first, to 0.45, then makes its
       * shorter parts, and writes from 0.5 on. */
      if (format == FB_EXPORT_MARKDOWN || format == FB_EXPORT_HTML)
        {
          checking = watched.reached[45] - cpu_start;
          making = watched.reached[50] - watched.reached[45];
        }
    }

  fb_bench_child_report (start, cpu_start, before, size);
  printf ("%.3f %.3f\n", checking, making);
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

/* The fastest of N_RUNS, each alternating with the floor's, whose fastest
 * goes into @floor: on a machine doing other work the fastest run is the
 * one least held up by it. The most memory any run took is kept. */
static FbBenchFigure
measure_beside (const char    *mode,
                const char    *floor_mode,
                const char    *path,
                const char    *incident,
                const char    *out,
                guint          runs,
                FbBenchFigure *floor)
{
  FbBenchFigure fastest = { G_MAXDOUBLE, 0, 0, 0, 0, 0 };

  *floor = fastest;
  for (guint i = 0; i < runs; i++)
    {
      FbBenchFigure f = measure (floor_mode, path, incident, "-");
      FbBenchFigure e = mode != NULL ? measure (mode, path, incident, out) : f;
      double floor_rss = MAX (floor->rss_mb, f.rss_mb);
      double rss = MAX (fastest.rss_mb, e.rss_mb);

      if (f.seconds < floor->seconds)
        *floor = f;
      if (e.seconds < fastest.seconds)
        fastest = e;
      floor->rss_mb = floor_rss;
      fastest.rss_mb = rss;
    }

  return fastest;
}

/* The floors read the rows and write nothing; an export also writes its
 * document and makes it durable, which on some machines costs as much
 * processor time as the reading (a virtual machine whose host takes back
 * the memory freed, touched again by each write). That cost is measured
 * here, the fastest of N_RUNS writes of as many bytes, and printed beside
 * the figure: what the export does beyond reading and writing. */
static void
print_writing (const char          *path,
               const char          *out,
               double               seconds,
               const FbBenchFigure *export,
               const FbBenchFigure *floor,
               const char          *words)
{
  g_autofree char *bytes = g_strdup_printf ("%.0f", export->size_mb * 1e6);
  double fastest = G_MAXDOUBLE;

  for (guint i = 0; i < N_RUNS; i++)
    fastest = MIN (fastest, measure ("floor-write", path, bytes, out).seconds);

  printf ("       %-8s writing as many bytes alone, made durable: %.2f s; %s %.2f× reading and writing\n",
          "", fastest, words, seconds / (floor->seconds + fastest));
  fflush (stdout);
}

static void
print_figure (const char          *format,
              const char          *path,
              const char          *out,
              const FbBenchFigure *export,
              const FbBenchFigure *floor,
              const char          *floor_words)
{
  printf ("export %-8s %7.2f s of processor (%.2f s by the clock), %.2f× the floor (%s: %.2f s, %.2f s by the "
          "clock); peak RSS +%.1f MB (floor +%.1f MB); %.0f MB written\n",
          format, export->seconds, export->wall, export->seconds / floor->seconds, floor_words, floor->seconds,
          floor->wall, export->rss_mb, floor->rss_mb, export->size_mb);
  print_writing (path, out, export->seconds, export, floor, "the export");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *out = NULL;
  FbBenchFigure floor, export;
  double writing;

  if (argc == 6 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], argv[3], argv[4], argv[5]);

  dir = fb_test_dir_new ();
  out = fb_test_dir_file (dir, "export");
  path = fb_bench_million_path ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FbStore) store = fb_store_open (path, _FB_STORE_OPEN_CHECKED_ELSEWHERE, &error);

    g_assert_no_error (error);
    incident = fb_bench_million_incident (store);
  }

  /* The page cache warmed first. */
  measure ("floor-entries", path, incident, "-");
  printf ("%d entries; processor time of all a child's threads, each figure the least of %d runs "
          "alternating with its floor's\n", FB_BENCH_MILLION_ENTRIES, N_RUNS);

  export = measure_beside ("csv", "floor-entries", path, incident, out, N_RUNS, &floor);
  print_figure ("csv", path, out, &export, &floor, "reading the timeline");
  export = measure_beside ("json", "floor-ops", path, incident, out, N_RUNS, &floor);
  print_figure ("json", path, out, &export, &floor, "reading the ops");

  /* The report checks the whole record first, which takes long: one run
   * each. */
  measure_beside (NULL, "floor-report", path, incident, out, N_RUNS, &floor);
  for (guint i = 0; i < 2; i++)
    {
      const char *format = i == 0 ? "markdown" : "html";

      export = measure (format, path, incident, out);
      writing = export.seconds - export.extra - export.extra2;
      printf ("export %-8s %7.2f s of processor (%.2f s by the clock), the whole export %.2f× the floor (reading "
              "the timeline, its decisions and escalations: %.2f s, %.2f s by the clock); of it the check of the "
              "record %.2f s, the report's other parts %.2f s, then the report written in %.2f s: without the "
              "check %.2f× the floor; peak RSS +%.1f MB (floor +%.1f MB); %.0f MB written\n",
              format, export.seconds, export.wall, export.seconds / floor.seconds, floor.seconds, floor.wall,
              export.extra, export.extra2, writing, (export.seconds - export.extra) / floor.seconds,
              export.rss_mb, floor.rss_mb, export.size_mb);
      print_writing (path, out, export.seconds - export.extra, &export, &floor, "the export without the check");
    }

  return 0;
}
