/* fb-sync-indicator.h — the sync state, always in view
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-sync-setup.h"

G_BEGIN_DECLS

#define FB_TYPE_SYNC_INDICATOR (fb_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (FbSyncIndicator, fb_sync_indicator, FB, SYNC_INDICATOR, GtkWidget)

GtkWidget  *fb_sync_indicator_new       (FbSyncSetup     *setup);
const char *fb_sync_indicator_get_label (FbSyncIndicator *self);
GtkWidget  *fb_sync_indicator_get_retry_button (FbSyncIndicator *self);

G_END_DECLS
