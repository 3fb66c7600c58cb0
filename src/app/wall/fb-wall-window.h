/* fb-wall-window.h — the read-only wall display of one incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"
#include "fb-sync-setup.h"

G_BEGIN_DECLS

#define FB_TYPE_WALL_WINDOW (fb_wall_window_get_type ())

G_DECLARE_FINAL_TYPE (FbWallWindow, fb_wall_window, FB, WALL_WINDOW, AdwWindow)

FbWallWindow *fb_wall_window_new          (GtkApplication *application,
                                           FbContext      *context,
                                           const char     *incident);
const char   *fb_wall_window_get_incident (FbWallWindow   *self);
void          fb_wall_window_set_sync     (FbWallWindow   *self,
                                           FbSyncSetup    *sync);

G_END_DECLS
