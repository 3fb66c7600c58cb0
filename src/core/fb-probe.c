/* fb-probe.c — when a change last passed each stage on its way to the screen
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One monotonic time per stage, written where the change passes and read
 * by the latency benchmark. Always built: a mark costs one clock read and
 * one store, so the shipped program is the one measured, and nothing is
 * logged.
 */

#define G_LOG_DOMAIN "fb-probe"

#include "config.h"

#include "fb-probe.h"

static gint64 marks[FB_PROBE_N_STAGES];

void
fb_probe_mark (FbProbeStage stage)
{
  g_return_if_fail (stage < FB_PROBE_N_STAGES);

  marks[stage] = g_get_monotonic_time ();
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
