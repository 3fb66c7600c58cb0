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
  FB_PROBE_RECEIVED,        /* a live notice from the server */
  FB_PROBE_NOTICED,         /* another process's write to our file */
  FB_PROBE_APPLIED,         /* ops from the server applied to the store */
  FB_PROBE_ANNOUNCED,       /* the store's ::changed emitted */
  FB_PROBE_MODEL,           /* a list model told its views of a change */
  FB_PROBE_PUSH_SENT,       /* a client sent its outbox */
  FB_PROBE_PUSH_ANSWERED,   /* the server's answer to it arrived */
  FB_PROBE_PULL_SENT,       /* a client asked for a page */
  FB_PROBE_PULLED,          /* the page arrived */
  FB_PROBE_SERVER_RECEIVED, /* the server read a push */
  FB_PROBE_SERVER_STORED,   /* the server's commit of it is on disk */
  FB_PROBE_SERVER_NOTIFIED, /* the server wrote its live notices */
  FB_PROBE_N_STAGES
} FbProbeStage;

/* Told of every mark, with whose it was (a store, a client, or NULL). */
typedef void (*FbProbeHook) (FbProbeStage  stage,
                             gconstpointer who,
                             gint64        time,
                             gpointer      data);

void        fb_probe_mark      (FbProbeStage  stage);
void        fb_probe_mark_for  (FbProbeStage  stage,
                                gconstpointer who);
gint64      fb_probe_get       (FbProbeStage  stage);
void        fb_probe_reset     (void);
void        fb_probe_set_hook  (FbProbeHook   hook,
                                gpointer      data);
const char *fb_probe_stage_name (FbProbeStage stage);
gboolean    fb_probe_write_to  (const char   *path);

G_END_DECLS
