/* fb-drill-console.h — the facilitator's console of a running drill
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_DRILL_CONSOLE (fb_drill_console_get_type ())

G_DECLARE_FINAL_TYPE (FbDrillConsole, fb_drill_console, FB, DRILL_CONSOLE, AdwWindow)

FbDrillConsole *fb_drill_console_new            (GtkApplication *application,
                                                 FbContext      *context,
                                                 const char     *incident,
                                                 FbScenario     *scenario);
gint64          fb_drill_console_get_drill_ms   (FbDrillConsole *self);
int             fb_drill_console_get_speed      (FbDrillConsole *self);
gboolean        fb_drill_console_get_paused     (FbDrillConsole *self);

G_END_DECLS
