/* fb-window.h — the main window: incidents on the left, the incident on the right
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"
#include "fb-sync-setup.h"

G_BEGIN_DECLS

#define FB_TYPE_WINDOW (fb_window_get_type ())

G_DECLARE_FINAL_TYPE (FbWindow, fb_window, FB, WINDOW, AdwApplicationWindow)

FbWindow   *fb_window_new             (GtkApplication *application,
                                       FbContext      *context);
FbContext  *fb_window_get_context     (FbWindow       *self);
void        fb_window_set_sync        (FbWindow       *self,
                                       FbSyncSetup    *sync);
const char *fb_window_get_incident    (FbWindow       *self);
void        fb_window_select_incident (FbWindow       *self,
                                       const char     *incident);
void        fb_window_add_page        (FbWindow       *self,
                                       GtkWidget      *page,
                                       const char     *name,
                                       const char     *title,
                                       const char     *icon_name);
void        fb_window_show_error      (GtkWidget      *widget,
                                       const char     *message);

G_END_DECLS
