/* fb-role.c — who holds a role in an incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-role-private.h"

G_DEFINE_FINAL_TYPE (FbRole, fb_role, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INCIDENT,
  PROP_ROLE,
  PROP_PERSON,
  PROP_CONTACT,
  PROP_ASSIGNED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_role_finalize (GObject *object)
{
  FbRole *self = (FbRole *) object;

  g_free (self->incident);
  g_free (self->role);
  g_free (self->person);
  g_free (self->contact);

  G_OBJECT_CLASS (fb_role_parent_class)->finalize (object);
}

static void
fb_role_get_property (GObject    *object,
                  guint       prop_id,
                  GValue     *value,
                  GParamSpec *pspec)
{
  FbRole *self = FB_ROLE (object);

  switch (prop_id)
    {
    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;

    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    case PROP_PERSON:
      g_value_set_string (value, self->person);
      break;

    case PROP_CONTACT:
      g_value_set_string (value, self->contact);
      break;

    case PROP_ASSIGNED_AT:
      g_value_set_int64 (value, self->assigned_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_role_class_init (FbRoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_role_finalize;
  object_class->get_property = fb_role_get_property;

  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PERSON] =
    g_param_spec_string ("person", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONTACT] =
    g_param_spec_string ("contact", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ASSIGNED_AT] =
    g_param_spec_int64 ("assigned-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_role_init (FbRole *self)
{
}

FbRole *
_fb_role_new (void)
{
  return g_object_new (FB_TYPE_ROLE, NULL);
}

const char *
fb_role_get_incident (FbRole *self)
{
  g_return_val_if_fail (FB_IS_ROLE (self), NULL);

  return self->incident;
}

const char *
fb_role_get_role (FbRole *self)
{
  g_return_val_if_fail (FB_IS_ROLE (self), NULL);

  return self->role;
}

const char *
fb_role_get_person (FbRole *self)
{
  g_return_val_if_fail (FB_IS_ROLE (self), NULL);

  return self->person;
}

const char *
fb_role_get_contact (FbRole *self)
{
  g_return_val_if_fail (FB_IS_ROLE (self), NULL);

  return self->contact;
}

gint64
fb_role_get_assigned_at (FbRole *self)
{
  g_return_val_if_fail (FB_IS_ROLE (self), 0);

  return self->assigned_at;
}
