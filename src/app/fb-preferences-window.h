/* fb-preferences-window.h — who you are, and which server the war-room uses
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-sync-setup.h"

G_BEGIN_DECLS

#define FB_TYPE_PREFERENCES_WINDOW (fb_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, FB, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *fb_preferences_window_new (GtkWindow   *parent,
                                      GSettings   *settings,
                                      FbSyncSetup *sync);

/* What the fields accept, decided without a window. */
char      *fb_preferences_normalize_url (const char *text,
                                         GError    **error);
char      *fb_preferences_normalize_pin (const char *text,
                                         GError    **error);

G_END_DECLS
