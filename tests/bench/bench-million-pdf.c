/* bench-million-pdf.c — the timeline of a long incident printed to PDF,
 * against reading its rows
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slices of the record fb-bench-million.h makes (the same entries, made
 * the same way, in stores of their own) of growing length, each printed
 * to a PDF as the window does it (fb_report_new_timeline, then
 * fb_print_to_pdf_async), in a child process of its own: time and peak
 * memory (VmHWM at the end less VmRSS before). The pages are laid out as
 * a stream, so the memory should not grow with the slice. The floor, in
 * the same run: a bare SELECT of the rows and columns the timeline reads.
 * Laying out a million rows twice (to count the pages, then to draw them)
 * takes long, so the slices stop short of it; the time per entry is
 * printed to scale.
 */

#include "config.h"

#include <gtk/gtk.h>

#include "firebreak-core.h"
#include "fb-print.h"
#include "fb-store-private.h"
#include "../fb-test-util.h"
#include "fb-bench-child.h"
#include "fb-bench-million.h"

static const guint slices[] = { 10000, 50000 };

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

  if (g_str_equal (mode, "floor"))
    fb_bench_read_rows (path, incident, FB_BENCH_TIMELINE_SQL);
  else
    {
      g_autoptr(FbStore) store = fb_store_open (path, _FB_STORE_OPEN_CHECKED_ELSEWHERE, &error);
      g_autoptr(GFile) file = g_file_new_for_path (out);
      g_autoptr(GFileInfo) info = NULL;
      FbBenchJob job = { 0 };
      FbReport *report;

      g_assert_no_error (error);
      report = fb_report_new_timeline (store, incident, &error);
      g_assert_no_error (error);
      fb_print_to_pdf_async (report, file, NULL, fb_bench_on_progress_cb, &job, fb_bench_on_done_cb, &job);
      fb_bench_wait_for (&job);
      if (!fb_print_to_pdf_finish (job.result, &error))
        g_error ("%s", error->message);
      g_clear_object (&job.result);
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
      g_assert_no_error (error);
      size = g_file_info_get_size (info);
    }

  return fb_bench_child_report (start, cpu_start, before, size);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = NULL;

  if (argc == 6 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], argv[3], argv[4], argv[5]);

  dir = fb_test_dir_new ();
  for (guint i = 0; i < G_N_ELEMENTS (slices); i++)
    {
      g_autofree char *name = g_strdup_printf ("slice-%u.db", slices[i]);
      g_autofree char *path = fb_test_dir_file (dir, name);
      g_autofree char *out = fb_test_dir_file (dir, "timeline.pdf");
      g_autofree char *incident = NULL;
      g_autoptr(GError) error = NULL;
      FbBenchFigure floor, pdf;

      {
        g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
        gint64 detected;

        g_assert_no_error (error);
        fb_store_set_author (store, "Bench");
        detected = fb_store_now_ms (store) - (gint64) slices[i] * 1000 - 60000;
        incident = fb_store_create_incident (store, "A slice of a million entries", "generic", 1, detected, 60,
                                             FALSE, &error);
        g_assert_no_error (error);
        fb_bench_million_fill (store, incident, detected, 0, slices[i]);
      }

      fb_bench_child ((const char *[]) { "floor", path, incident, "-", NULL });
      floor = fb_bench_child ((const char *[]) { "floor", path, incident, "-", NULL });
      pdf = fb_bench_child ((const char *[]) { "pdf", path, incident, out, NULL });
      printf ("PDF of a timeline of %u entries: %.1f s of processor (%.1f s by the clock; %.0f µs an entry, "
              "%.0f× the floor of %.2f s), peak RSS +%.1f MB (floor +%.1f MB), %.1f MB written\n",
              slices[i], pdf.seconds, pdf.wall, pdf.seconds * 1e6 / slices[i], pdf.seconds / floor.seconds,
              floor.seconds, pdf.rss_mb, floor.rss_mb, pdf.size_mb);
      fflush (stdout);
      g_unlink (out);
    }

  return 0;
}
