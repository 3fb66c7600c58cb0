/* fb-application.h — the application: one store, any number of windows
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-context.h"

G_BEGIN_DECLS

#define FB_TYPE_APPLICATION (fb_application_get_type ())

G_DECLARE_FINAL_TYPE (FbApplication, fb_application, FB, APPLICATION, AdwApplication)

FbApplication *fb_application_new                (void);
FbContext     *fb_application_get_context        (FbApplication *self);
void           fb_application_register_resources (void);
void           fb_application_set_start_time     (gint64         monotonic_us);
gint64         fb_read_peak_rss_kb               (void);
char          *fb_application_id_for_database    (const char    *path);

G_END_DECLS
