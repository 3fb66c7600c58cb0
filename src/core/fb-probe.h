/* fb-probe.h — when a change last passed each stage on its way to the screen
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FB_PROBE_RECEIVED,   /* a live notice from the server */
  FB_PROBE_NOTICED,    /* another process's write to our file */
  FB_PROBE_APPLIED,    /* ops from the server applied to the store */
  FB_PROBE_ANNOUNCED,  /* the store's ::changed emitted */
  FB_PROBE_MODEL,      /* a list model told its views of a change */
  FB_PROBE_N_STAGES
} FbProbeStage;

void   fb_probe_mark  (FbProbeStage stage);
gint64 fb_probe_get   (FbProbeStage stage);
void   fb_probe_reset (void);

G_END_DECLS
