/* fb-handover.c — a command handover offered, and an operational period
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read-only values the store fills from its tables. The properties are
 * what a live list compares to tell a changed row from an unchanged one.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include "fb-handover-private.h"

FbBriefing *
fb_briefing_new (void)
{
  FbBriefing *self = g_new0 (FbBriefing, 1);

  self->situation = g_strdup ("");
  self->objectives = g_strdup ("");
  self->open_items = g_strdup ("");
  self->pending_decisions = g_strdup ("");
  self->deadlines = g_strdup ("");
  return self;
}

FbBriefing *
fb_briefing_copy (const FbBriefing *briefing)
{
  FbBriefing *self;

  g_return_val_if_fail (briefing != NULL, NULL);

  self = g_new0 (FbBriefing, 1);
  self->situation = g_strdup (briefing->situation);
  self->objectives = g_strdup (briefing->objectives);
  self->open_items = g_strdup (briefing->open_items);
  self->pending_decisions = g_strdup (briefing->pending_decisions);
  self->deadlines = g_strdup (briefing->deadlines);
  self->next_update_at = briefing->next_update_at;
  return self;
}

void
fb_briefing_free (FbBriefing *briefing)
{
  if (briefing == NULL)
    return;

  g_free (briefing->situation);
  g_free (briefing->objectives);
  g_free (briefing->open_items);
  g_free (briefing->pending_decisions);
  g_free (briefing->deadlines);
  g_free (briefing);
}

/* FbHandover ---------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (FbHandover, fb_handover, G_TYPE_OBJECT)

enum {
  HANDOVER_PROP_0,
  HANDOVER_PROP_ID,
  HANDOVER_PROP_INCOMING,
  HANDOVER_PROP_OFFERED_AT,
  HANDOVER_PROP_STATE,
  HANDOVER_PROP_CLOSED_AT,
  HANDOVER_N_PROPS
};

static void
fb_handover_finalize (GObject *object)
{
  FbHandover *self = FB_HANDOVER (object);

  g_free (self->id);
  g_free (self->incident);
  g_free (self->outgoing);
  g_free (self->incoming);
  g_free (self->contact);
  fb_briefing_free (self->briefing);
  g_free (self->offered_by);
  g_free (self->closed_by);

  G_OBJECT_CLASS (fb_handover_parent_class)->finalize (object);
}

static void
fb_handover_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FbHandover *self = FB_HANDOVER (object);

  switch (prop_id)
    {
    case HANDOVER_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case HANDOVER_PROP_INCOMING:
      g_value_set_string (value, self->incoming);
      break;
    case HANDOVER_PROP_OFFERED_AT:
      g_value_set_int64 (value, self->offered_at);
      break;
    case HANDOVER_PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case HANDOVER_PROP_CLOSED_AT:
      g_value_set_int64 (value, self->closed_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_handover_class_init (FbHandoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamSpec *props[HANDOVER_N_PROPS] = { NULL, };

  object_class->finalize = fb_handover_finalize;
  object_class->get_property = fb_handover_get_property;

  props[HANDOVER_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  props[HANDOVER_PROP_INCOMING] = g_param_spec_string ("incoming", NULL, NULL, NULL, flags);
  props[HANDOVER_PROP_OFFERED_AT] = g_param_spec_int64 ("offered-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[HANDOVER_PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, FB_HANDOVER_WITHDRAWN, 0, flags);
  props[HANDOVER_PROP_CLOSED_AT] = g_param_spec_int64 ("closed-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, HANDOVER_N_PROPS, props);
}

static void
fb_handover_init (FbHandover *self)
{
}

FbHandover *
_fb_handover_new (void)
{
  return g_object_new (FB_TYPE_HANDOVER, NULL);
}

const char *
fb_handover_get_id (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), NULL);
  return self->id;
}

const char *
fb_handover_get_incident (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), NULL);
  return self->incident;
}

const char *
fb_handover_get_outgoing (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), NULL);
  return self->outgoing;
}

const char *
fb_handover_get_incoming (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), NULL);
  return self->incoming;
}

const char *
fb_handover_get_contact (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), NULL);
  return self->contact;
}

const FbBriefing *
fb_handover_get_briefing (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), NULL);
  return self->briefing;
}

gint64
fb_handover_get_offered_at (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), 0);
  return self->offered_at;
}

const char *
fb_handover_get_offered_by (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), NULL);
  return self->offered_by;
}

FbHandoverState
fb_handover_get_state (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), FB_HANDOVER_OFFERED);
  return self->state;
}

gint64
fb_handover_get_closed_at (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), 0);
  return self->closed_at;
}

const char *
fb_handover_get_closed_by (FbHandover *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER (self), NULL);
  return self->closed_by;
}

/* FbPeriod ------------------------------------------------------------------ */

G_DEFINE_FINAL_TYPE (FbPeriod, fb_period, G_TYPE_OBJECT)

enum {
  PERIOD_PROP_0,
  PERIOD_PROP_ID,
  PERIOD_PROP_NUMBER,
  PERIOD_PROP_STARTED_AT,
  PERIOD_PROP_OBJECTIVES,
  PERIOD_N_PROPS
};

static void
fb_period_finalize (GObject *object)
{
  FbPeriod *self = FB_PERIOD (object);

  g_free (self->id);
  g_free (self->incident);
  fb_briefing_free (self->briefing);

  G_OBJECT_CLASS (fb_period_parent_class)->finalize (object);
}

static void
fb_period_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FbPeriod *self = FB_PERIOD (object);

  switch (prop_id)
    {
    case PERIOD_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PERIOD_PROP_NUMBER:
      g_value_set_int (value, self->number);
      break;
    case PERIOD_PROP_STARTED_AT:
      g_value_set_int64 (value, self->started_at);
      break;
    case PERIOD_PROP_OBJECTIVES:
      g_value_set_string (value, self->briefing != NULL ? self->briefing->objectives : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_period_class_init (FbPeriodClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamSpec *props[PERIOD_N_PROPS] = { NULL, };

  object_class->finalize = fb_period_finalize;
  object_class->get_property = fb_period_get_property;

  props[PERIOD_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  props[PERIOD_PROP_NUMBER] = g_param_spec_int ("number", NULL, NULL, 0, G_MAXINT, 0, flags);
  props[PERIOD_PROP_STARTED_AT] = g_param_spec_int64 ("started-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PERIOD_PROP_OBJECTIVES] = g_param_spec_string ("objectives", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, PERIOD_N_PROPS, props);
}

static void
fb_period_init (FbPeriod *self)
{
}

FbPeriod *
_fb_period_new (void)
{
  return g_object_new (FB_TYPE_PERIOD, NULL);
}

const char *
fb_period_get_id (FbPeriod *self)
{
  g_return_val_if_fail (FB_IS_PERIOD (self), NULL);
  return self->id;
}

const char *
fb_period_get_incident (FbPeriod *self)
{
  g_return_val_if_fail (FB_IS_PERIOD (self), NULL);
  return self->incident;
}

int
fb_period_get_number (FbPeriod *self)
{
  g_return_val_if_fail (FB_IS_PERIOD (self), 0);
  return self->number;
}

gint64
fb_period_get_started_at (FbPeriod *self)
{
  g_return_val_if_fail (FB_IS_PERIOD (self), 0);
  return self->started_at;
}

int
fb_period_get_planned_min (FbPeriod *self)
{
  g_return_val_if_fail (FB_IS_PERIOD (self), 0);
  return self->planned_min;
}

const FbBriefing *
fb_period_get_briefing (FbPeriod *self)
{
  g_return_val_if_fail (FB_IS_PERIOD (self), NULL);
  return self->briefing;
}
