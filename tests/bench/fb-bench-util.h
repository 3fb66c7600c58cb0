/* fb-bench-util.h — timing, and waiting for a job in a thread
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

static inline double
fb_bench_seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static inline int
fb_bench_compare_doubles (gconstpointer a,
                          gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* The @p th percentile of @samples (doubles), which it sorts. */
static inline double
fb_bench_percentile (GArray *samples,
                     double  p)
{
  g_array_sort (samples, fb_bench_compare_doubles);
  return g_array_index (samples, double, (guint) (p / 100.0 * (samples->len - 1) + 0.5));
}

/* A job in a thread: its result, and how often it told its progress. */
typedef struct
{
  GAsyncResult *result;
  guint         n_told;
  double        last;
} FbBenchJob;

static inline void
fb_bench_on_progress_cb (double   fraction,
                         gpointer user_data)
{
  FbBenchJob *job = user_data;

  job->n_told++;
  job->last = fraction;
}

static inline void
fb_bench_on_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ((FbBenchJob *) user_data)->result = g_object_ref (result);
}

static inline void
fb_bench_wait_for (FbBenchJob *job)
{
  while (job->result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

G_END_DECLS
