/* fb-incident-private.h — fields of FbIncident for the store that fills them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-incident.h"

G_BEGIN_DECLS

struct _FbIncident
{
  GObject parent_instance;

  char *id;
  char *title;
  char *kind;
  int severity;
  FbIncidentStatus status;
  FbPhase phase;
  gint64 detected_at;
  gint64 declared_at;
  gint64 contained_at;
  gint64 resolved_at;
  int containment_target_min;
  gboolean drill;
  char *summary;
  gint64 created_at;
  gint64 aware_at;      /* 0: at detection */
  gboolean personal_data;
  gboolean eu_people;
  gboolean nis2_entity;
  gboolean improper_purpose;
  int update_interval_min;
  char *update_audiences;   /* audience names joined by commas */
  FbRecordType record;
};

FbIncident *_fb_incident_new (void);
gboolean    _fb_incident_check_clocks (FbIncident *self,
                                       GError    **error);

G_END_DECLS
