/* fb-incident-header.h — title, severity, status, phase and the containment clock
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-clock-state.h"
#include "fb-context.h"

G_BEGIN_DECLS

#define FB_TYPE_INCIDENT_HEADER (fb_incident_header_get_type ())

G_DECLARE_FINAL_TYPE (FbIncidentHeader, fb_incident_header, FB, INCIDENT_HEADER, GtkWidget)

void          fb_incident_header_set_context     (FbIncidentHeader *self,
                                                  FbContext        *context);
const char   *fb_incident_header_get_incident    (FbIncidentHeader *self);
void          fb_incident_header_set_incident    (FbIncidentHeader *self,
                                                  const char       *incident);
const char   *fb_incident_header_get_clock_text  (FbIncidentHeader *self);
FbClockLevel  fb_incident_header_get_clock_level (FbIncidentHeader *self);
guint         fb_incident_header_get_n_deadlines (FbIncidentHeader *self);
char         *fb_incident_header_get_deadline_text (FbIncidentHeader *self,
                                                    guint             index);
gboolean      fb_incident_header_rename          (FbIncidentHeader *self,
                                                  const char       *title);
const char   *fb_incident_header_get_update_text (FbIncidentHeader *self);
gint64        fb_incident_header_get_update_due_at (FbIncidentHeader *self);
GtkBox       *fb_incident_header_get_sync_slot   (FbIncidentHeader *self);
gboolean      fb_incident_header_get_review_mode (FbIncidentHeader *self);
const char   *fb_incident_header_get_progress_text (FbIncidentHeader *self);

const char   *fb_incident_header_get_shift_text (FbIncidentHeader *self);

G_END_DECLS
