/* fb-incident.h — an incident: what happened, how severe, and its clocks
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fb-enums.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_INCIDENT (fb_incident_get_type ())

G_DECLARE_FINAL_TYPE (FbIncident, fb_incident, FB, INCIDENT, GObject)

const char *    fb_incident_get_id (FbIncident *self);
const char *    fb_incident_get_title (FbIncident *self);
const char *    fb_incident_get_kind (FbIncident *self);
int              fb_incident_get_severity (FbIncident *self);
FbIncidentStatus fb_incident_get_status (FbIncident *self);
FbPhase          fb_incident_get_phase (FbIncident *self);
gint64           fb_incident_get_detected_at (FbIncident *self);
gint64           fb_incident_get_declared_at (FbIncident *self);
gint64           fb_incident_get_contained_at (FbIncident *self);
gint64           fb_incident_get_resolved_at (FbIncident *self);
int              fb_incident_get_containment_target_min (FbIncident *self);
gboolean         fb_incident_get_drill (FbIncident *self);
const char *    fb_incident_get_summary (FbIncident *self);
gint64           fb_incident_get_created_at (FbIncident *self);
int              fb_incident_get_update_interval_min (FbIncident *self);
const char *    fb_incident_get_update_audiences (FbIncident *self);
FbRecordType     fb_incident_get_record (FbIncident *self);
gboolean         fb_incident_is_review (FbIncident *self);

G_END_DECLS
