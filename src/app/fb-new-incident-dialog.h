/* fb-new-incident-dialog.h — declaring an incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-context.h"

G_BEGIN_DECLS

#define FB_TYPE_NEW_INCIDENT_DIALOG (fb_new_incident_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbNewIncidentDialog, fb_new_incident_dialog, FB, NEW_INCIDENT_DIALOG, AdwWindow)

FbNewIncidentDialog *fb_new_incident_dialog_new       (FbContext           *context);
void                 fb_new_incident_dialog_set_title (FbNewIncidentDialog *self,
                                                       const char          *title);
void                 fb_new_incident_dialog_set_detected (FbNewIncidentDialog *self,
                                                       const char          *detected);
void                 fb_new_incident_dialog_set_severity (FbNewIncidentDialog *self,
                                                       int                  severity);
void                 fb_new_incident_dialog_set_drill (FbNewIncidentDialog *self,
                                                       gboolean             drill);
void                 fb_new_incident_dialog_set_kind  (FbNewIncidentDialog *self,
                                                       const char          *kind);
void                 fb_new_incident_dialog_set_rules (FbNewIncidentDialog   *self,
                                                       const FbDeadlineRules *answers);
const char          *fb_new_incident_dialog_get_error (FbNewIncidentDialog *self);
char                *fb_new_incident_dialog_create    (FbNewIncidentDialog *self);

G_END_DECLS
