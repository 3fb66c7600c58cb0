/* fb-wall-clocks.h — the wall display's clocks: containment and the next update
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-incident-page.h"

G_BEGIN_DECLS

#define FB_TYPE_WALL_CLOCKS (fb_wall_clocks_get_type ())

G_DECLARE_FINAL_TYPE (FbWallClocks, fb_wall_clocks, FB, WALL_CLOCKS, FbIncidentPage)

GtkWidget  *fb_wall_clocks_new             (FbContext    *context);
const char *fb_wall_clocks_get_clock_text  (FbWallClocks *self);
const char *fb_wall_clocks_get_update_text (FbWallClocks *self);

G_END_DECLS
