/* fb-bench-child.h — a benchmark's job in a child process of its own, for
 * its time and its peak memory
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parent runs its own executable again with "--child" and the job's
 * arguments; the child does the job and prints "processor-seconds
 * wall-seconds rss-growth-kB output-bytes", the growth being VmHWM at the
 * end less VmRSS before the job began. Processor time is what ratios are
 * taken of: on a machine doing other work it moves much less than the
 * clock.
 */

#pragma once

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>

G_BEGIN_DECLS

/* One figure from /proc/self/status, in kB. */
static inline gint64
fb_bench_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen (field) + 1, NULL, 10);
}

/* The processor time this process has taken, all its threads, in
 * seconds: on a machine doing other work, what a job costs is better
 * told by it than by the clock. */
static inline double
fb_bench_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Sets VmHWM to the memory used now, so that the job's peak is its own,
 * not that of what came before it (Linux 4.0 and later). */
static inline void
fb_bench_reset_peak (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file != NULL)
    {
      fputs ("5", file);
      fclose (file);
    }
}

/* The floor of a job that reads rows: @sql, with @incident for ?1,
 * stepped to its end, every column read as text. */
static inline void
fb_bench_read_rows (const char *path,
                    const char *incident,
                    const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gsize bytes = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      {
        sqlite3_column_text (stmt, i);
        bytes += sqlite3_column_bytes (stmt, i);
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (bytes, >, 0);
}

/* The columns the exports read of each entry, as the store does. */
#define FB_BENCH_ENTRY_SELECT \
  "SELECT e.id, e.incident, e.occurred_at, e.recorded_at, e.hlc, e.author, e.kind, e.text," \
  " e.pinned, e.amends, e.data," \
  " (SELECT a.id FROM entries a WHERE a.amends = e.id ORDER BY a.hlc DESC, a.id DESC LIMIT 1)" \
  " FROM entries e WHERE e.incident = ?"

/* The timeline, in its order. */
#define FB_BENCH_TIMELINE_SQL \
  FB_BENCH_ENTRY_SELECT " ORDER BY e.occurred_at, e.hlc, e.id"

/* The entries of one kind, as the report's decisions and escalations. */
#define FB_BENCH_ENTRIES_SQL(kind) \
  FB_BENCH_ENTRY_SELECT " AND e.kind IN ('" kind "') ORDER BY e.occurred_at, e.hlc, e.id"

typedef struct
{
  double seconds;   /* processor time */
  double wall;
  double rss_mb;
  double size_mb;
  double extra;     /* figures of the job's own, printed after the rest */
  double extra2;
} FbBenchFigure;

/* Runs this executable with "--child" and @args (NULL-terminated). */
static inline FbBenchFigure
fb_bench_child (const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *output = NULL;
  gint64 rss_kb = 0, size = 0;
  FbBenchFigure figure = { 0 };
  int status;

  g_ptr_array_add (argv, g_file_read_link ("/proc/self/exe", NULL));
  g_ptr_array_add (argv, g_strdup ("--child"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", args[0], error->message);
  if (sscanf (output, "%lf %lf %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %lf %lf",
              &figure.seconds, &figure.wall, &rss_kb, &size, &figure.extra, &figure.extra2) < 4)
    g_error ("%s: %s", args[0], output);

  figure.rss_mb = rss_kb / 1024.0;
  figure.size_mb = size / 1e6;
  return figure;
}

/* In the child, at the end of the job begun at @start, when the process
 * had taken @cpu_start of processor time and held @rss_before. */
static inline int
fb_bench_child_report (gint64 start,
                       double cpu_start,
                       gint64 rss_before,
                       gint64 size)
{
  printf ("%.3f %.3f %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", fb_bench_cpu_seconds () - cpu_start,
          (g_get_monotonic_time () - start) / 1e6, fb_bench_status_kb ("VmHWM:") - rss_before, size);
  return 0;
}

G_END_DECLS
