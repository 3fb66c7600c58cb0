/* fb-context.h — what every view needs: the store, the settings, the clock
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "firebreak-core.h"
#include "fb-sync-setup.h"

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
FbSyncSetup *fb_context_get_sync  (FbContext   *self);
void       fb_context_set_sync     (FbContext   *self,
                                    FbSyncSetup *sync);

G_END_DECLS
