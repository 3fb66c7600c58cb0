/* fb-context.h — what every view needs: the store, the settings, the clock,
 * and the one way times are typed and shown
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-hlc.h"
#include "fb-playbook-library.h"
#include "fb-store.h"
#include "fb-time.h"

G_BEGIN_DECLS

#define FB_TYPE_CONTEXT (fb_context_get_type ())

G_DECLARE_FINAL_TYPE (FbContext, fb_context, FB, CONTEXT, GObject)

FbContext *fb_context_new          (FbStore   *store,
                                    GSettings *settings);
FbStore   *fb_context_get_store    (FbContext *self);
GSettings *fb_context_get_settings (FbContext *self);
gint64     fb_context_now_ms       (FbContext *self);
void       fb_context_set_clock    (FbContext   *self,
                                    FbClockFunc  clock,
                                    gpointer     clock_data);
void       fb_context_tick         (FbContext *self);
GTimeZone *fb_context_get_time_zone (FbContext *self);
FbPlaybookLibrary *fb_context_get_playbooks (FbContext *self);
void       fb_context_set_time_zone (FbContext *self,
                                    GTimeZone *tz);
gboolean   fb_context_parse_time   (FbContext  *self,
                                    const char *text,
                                    FbTimeMode  mode,
                                    gint64     *out_ms,
                                    GError    **error);
char      *fb_context_format_time  (FbContext *self,
                                    gint64     time_ms);
char      *fb_context_format_time_full (FbContext *self,
                                        gint64     time_ms);

G_END_DECLS
