/* fb-incident.c — an incident: what happened, how severe, and its clocks
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-error.h"
#include "fb-incident-private.h"

G_DEFINE_FINAL_TYPE (FbIncident, fb_incident, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_KIND,
  PROP_SEVERITY,
  PROP_STATUS,
  PROP_PHASE,
  PROP_DETECTED_AT,
  PROP_DECLARED_AT,
  PROP_CONTAINED_AT,
  PROP_RESOLVED_AT,
  PROP_CONTAINMENT_TARGET_MIN,
  PROP_DRILL,
  PROP_SUMMARY,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_incident_finalize (GObject *object)
{
  FbIncident *self = (FbIncident *) object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->kind);
  g_free (self->summary);
  g_free (self->update_audiences);

  G_OBJECT_CLASS (fb_incident_parent_class)->finalize (object);
}

static void
fb_incident_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FbIncident *self = FB_INCIDENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_SEVERITY:
      g_value_set_int (value, self->severity);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;

    case PROP_DETECTED_AT:
      g_value_set_int64 (value, self->detected_at);
      break;

    case PROP_DECLARED_AT:
      g_value_set_int64 (value, self->declared_at);
      break;

    case PROP_CONTAINED_AT:
      g_value_set_int64 (value, self->contained_at);
      break;

    case PROP_RESOLVED_AT:
      g_value_set_int64 (value, self->resolved_at);
      break;

    case PROP_CONTAINMENT_TARGET_MIN:
      g_value_set_int (value, self->containment_target_min);
      break;

    case PROP_DRILL:
      g_value_set_boolean (value, self->drill);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_incident_class_init (FbIncidentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_incident_finalize;
  object_class->get_property = fb_incident_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEVERITY] =
    g_param_spec_int ("severity", NULL, NULL, G_MININT, G_MAXINT, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, FB_TYPE_INCIDENT_STATUS, FB_STATUS_OPEN,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, FB_TYPE_PHASE, FB_PHASE_DETECTION,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DETECTED_AT] =
    g_param_spec_int64 ("detected-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DECLARED_AT] =
    g_param_spec_int64 ("declared-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONTAINED_AT] =
    g_param_spec_int64 ("contained-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_RESOLVED_AT] =
    g_param_spec_int64 ("resolved-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONTAINMENT_TARGET_MIN] =
    g_param_spec_int ("containment-target-min", NULL, NULL, G_MININT, G_MAXINT, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DRILL] =
    g_param_spec_boolean ("drill", NULL, NULL, FALSE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_incident_init (FbIncident *self)
{
}

FbIncident *
_fb_incident_new (void)
{
  return g_object_new (FB_TYPE_INCIDENT, NULL);
}

const char *
fb_incident_get_id (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), NULL);

  return self->id;
}

const char *
fb_incident_get_title (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), NULL);

  return self->title;
}

const char *
fb_incident_get_kind (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), NULL);

  return self->kind;
}

int
fb_incident_get_severity (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), 0);

  return self->severity;
}

FbIncidentStatus
fb_incident_get_status (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), 0);

  return self->status;
}

FbPhase
fb_incident_get_phase (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), 0);

  return self->phase;
}

gint64
fb_incident_get_detected_at (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), 0);

  return self->detected_at;
}

gint64
fb_incident_get_declared_at (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), 0);

  return self->declared_at;
}

gint64
fb_incident_get_contained_at (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), 0);

  return self->contained_at;
}

gint64
fb_incident_get_resolved_at (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), 0);

  return self->resolved_at;
}

int
fb_incident_get_containment_target_min (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), 0);

  return self->containment_target_min;
}

gboolean
fb_incident_get_drill (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), FALSE);

  return self->drill;
}

const char *
fb_incident_get_summary (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), NULL);

  return self->summary;
}

gint64
fb_incident_get_created_at (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), 0);

  return self->created_at;
}

/* Minutes between stakeholder updates. */
int
fb_incident_get_update_interval_min (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), 60);

  return self->update_interval_min > 0 ? self->update_interval_min : 60;
}

/* The audiences of stakeholder updates, their names joined by commas. */
const char *
fb_incident_get_update_audiences (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), NULL);

  return self->update_audiences != NULL ? self->update_audiences : "";
}

FbRecordType
fb_incident_get_record (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), FB_RECORD_INCIDENT);

  return self->record;
}

/* A readiness review keeps a checklist, a timeline and roles, and none of
 * an incident's clocks. */
gboolean
fb_incident_is_review (FbIncident *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT (self), FALSE);

  return self->record == FB_RECORD_READINESS;
}

/* For the commands that run an incident's clocks: a review has none, and
 * a containment, a deadline or a status update in it would be a record of
 * something that did not happen. */
gboolean
_fb_incident_check_clocks (FbIncident *self,
                           GError    **error)
{
  g_assert (FB_IS_INCIDENT (self));

  if (self->record != FB_RECORD_READINESS)
    return TRUE;

  g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
               _("“%s” is a readiness review: it has no containment, deadlines or status updates"),
               self->title);
  return FALSE;
}
