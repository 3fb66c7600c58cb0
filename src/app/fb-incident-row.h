/* fb-incident-row.h — one incident in the sidebar
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-context.h"

G_BEGIN_DECLS

#define FB_TYPE_INCIDENT_ROW (fb_incident_row_get_type ())

G_DECLARE_FINAL_TYPE (FbIncidentRow, fb_incident_row, FB, INCIDENT_ROW, GtkListBoxRow)

GtkWidget  *fb_incident_row_new          (FbContext     *context,
                                          FbIncident    *incident);
FbIncident *fb_incident_row_get_incident (FbIncidentRow *self);
const char *fb_incident_row_get_since    (FbIncidentRow *self);

G_END_DECLS
