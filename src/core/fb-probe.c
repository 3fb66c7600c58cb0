/* fb-probe.c — when a change last passed each stage on its way to the screen
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One monotonic time per stage, written where the change passes and read
 * by the latency benchmarks. Always built: a mark costs one clock read and
 * one store, so the shipped program is the one measured, and nothing is
 * logged. A benchmark that follows one store among several in a process
 * sets a hook, which hears every mark with whose it was; a benchmark
 * following a change through other processes has each of them write its
 * marks to a file (fb_probe_write_to()).
 */

#define G_LOG_DOMAIN "fb-probe"

#include "config.h"

#include "fb-probe.h"

#include <stdio.h>

static gint64 marks[FB_PROBE_N_STAGES];
static FbProbeHook hook;
static gpointer hook_data;

static const char * const stage_names[FB_PROBE_N_STAGES] = {
  "received", "noticed", "applied", "announced", "model",
  "push-sent", "push-answered", "pull-sent", "pulled",
  "server-received", "server-stored", "server-notified",
};

void
fb_probe_mark_for (FbProbeStage  stage,
                   gconstpointer who)
{
  g_return_if_fail (stage < FB_PROBE_N_STAGES);

  marks[stage] = g_get_monotonic_time ();
  if (hook != NULL)
    hook (stage, who, marks[stage], hook_data);
}

void
fb_probe_mark (FbProbeStage stage)
{
  fb_probe_mark_for (stage, NULL);
}

/* The last time @stage was passed, in g_get_monotonic_time() units; 0 if
 * not since fb_probe_reset(). */
gint64
fb_probe_get (FbProbeStage stage)
{
  g_return_val_if_fail (stage < FB_PROBE_N_STAGES, 0);

  return marks[stage];
}

void
fb_probe_reset (void)
{
  for (guint i = 0; i < FB_PROBE_N_STAGES; i++)
    marks[i] = 0;
}

/* One hook per process, set by a benchmark on its main thread before
 * anything is marked; NULL removes it. */
void
fb_probe_set_hook (FbProbeHook hook_func,
                   gpointer    data)
{
  hook = hook_func;
  hook_data = data;
}

const char *
fb_probe_stage_name (FbProbeStage stage)
{
  g_return_val_if_fail (stage < FB_PROBE_N_STAGES, NULL);

  return stage_names[stage];
}

static void
on_probe_write_cb (FbProbeStage  stage,
                   gconstpointer who,
                   gint64        time,
                   gpointer      data)
{
  fprintf (data, "%s %" G_GINT64_FORMAT "\n", stage_names[stage], time);
  fflush (data);
}

/* Sets a hook that appends every mark to @path, one "stage time" line
 * each, for a benchmark in another process to read: the clock is the
 * machine's monotonic one, which every process on it shares. Returns
 * FALSE, setting nothing, when @path cannot be opened. */
gboolean
fb_probe_write_to (const char *path)
{
  FILE *file;

  g_return_val_if_fail (path != NULL, FALSE);

  file = fopen (path, "ae");
  if (file == NULL)
    return FALSE;

  fb_probe_set_hook (on_probe_write_cb, file);
  return TRUE;
}
