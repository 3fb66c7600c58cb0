/* fb-worker.c — someone working an incident: their status and task
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-worker-private.h"

G_DEFINE_FINAL_TYPE (FbWorker, fb_worker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_INCIDENT,
  PROP_PERSON,
  PROP_STATUS,
  PROP_TASK,
  PROP_CONTACT,
  PROP_ON_DUTY_SINCE,
  PROP_OFF_AT,
  PROP_PAIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_worker_finalize (GObject *object)
{
  FbWorker *self = (FbWorker *) object;

  g_free (self->id);
  g_free (self->incident);
  g_free (self->person);
  g_free (self->task);
  g_free (self->contact);
  g_free (self->pair);

  G_OBJECT_CLASS (fb_worker_parent_class)->finalize (object);
}

static void
fb_worker_get_property (GObject    *object,
                    guint       prop_id,
                    GValue     *value,
                    GParamSpec *pspec)
{
  FbWorker *self = FB_WORKER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;

    case PROP_PERSON:
      g_value_set_string (value, self->person);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_TASK:
      g_value_set_string (value, self->task);
      break;

    case PROP_CONTACT:
      g_value_set_string (value, self->contact);
      break;

    case PROP_ON_DUTY_SINCE:
      g_value_set_int64 (value, self->on_duty_since);
      break;

    case PROP_OFF_AT:
      g_value_set_int64 (value, self->off_at);
      break;

    case PROP_PAIR:
      g_value_set_string (value, self->pair);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_worker_class_init (FbWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_worker_finalize;
  object_class->get_property = fb_worker_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PERSON] =
    g_param_spec_string ("person", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, FB_TYPE_WORKER_STATUS, FB_WORKER_INVESTIGATING,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TASK] =
    g_param_spec_string ("task", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONTACT] =
    g_param_spec_string ("contact", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ON_DUTY_SINCE] =
    g_param_spec_int64 ("on-duty-since", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_OFF_AT] =
    g_param_spec_int64 ("off-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PAIR] =
    g_param_spec_string ("pair", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_worker_init (FbWorker *self)
{
}

FbWorker *
_fb_worker_new (void)
{
  return g_object_new (FB_TYPE_WORKER, NULL);
}

const char *
fb_worker_get_id (FbWorker *self)
{
  g_return_val_if_fail (FB_IS_WORKER (self), NULL);

  return self->id;
}

const char *
fb_worker_get_incident (FbWorker *self)
{
  g_return_val_if_fail (FB_IS_WORKER (self), NULL);

  return self->incident;
}

const char *
fb_worker_get_person (FbWorker *self)
{
  g_return_val_if_fail (FB_IS_WORKER (self), NULL);

  return self->person;
}

FbWorkerStatus
fb_worker_get_status (FbWorker *self)
{
  g_return_val_if_fail (FB_IS_WORKER (self), 0);

  return self->status;
}

const char *
fb_worker_get_task (FbWorker *self)
{
  g_return_val_if_fail (FB_IS_WORKER (self), NULL);

  return self->task;
}

const char *
fb_worker_get_contact (FbWorker *self)
{
  g_return_val_if_fail (FB_IS_WORKER (self), NULL);

  return self->contact;
}

/* When they last came on duty; 0 for never recorded. */
gint64
fb_worker_get_on_duty_since (FbWorker *self)
{
  g_return_val_if_fail (FB_IS_WORKER (self), 0);

  return self->on_duty_since;
}

/* When they last went off duty; 0 for never. Earlier than
 * fb_worker_get_on_duty_since() while they are on duty. */
gint64
fb_worker_get_off_at (FbWorker *self)
{
  g_return_val_if_fail (FB_IS_WORKER (self), 0);

  return self->off_at;
}

/* The id of the worker they work with; "" for none. */
const char *
fb_worker_get_pair (FbWorker *self)
{
  g_return_val_if_fail (FB_IS_WORKER (self), NULL);

  return self->pair;
}
