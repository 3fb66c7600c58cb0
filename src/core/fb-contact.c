/* fb-contact.c — someone to escalate to or inform
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-contact-private.h"

G_DEFINE_FINAL_TYPE (FbContact, fb_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ORGANISATION,
  PROP_TITLE,
  PROP_CATEGORY,
  PROP_TIER,
  PROP_PHONE,
  PROP_EMAIL,
  PROP_CHAT,
  PROP_NOTES,
  PROP_EXAMPLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_contact_finalize (GObject *object)
{
  FbContact *self = (FbContact *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->organisation);
  g_free (self->title);
  g_free (self->phone);
  g_free (self->email);
  g_free (self->chat);
  g_free (self->notes);

  G_OBJECT_CLASS (fb_contact_parent_class)->finalize (object);
}

static void
fb_contact_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  FbContact *self = FB_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ORGANISATION:
      g_value_set_string (value, self->organisation);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;

    case PROP_TIER:
      g_value_set_int (value, self->tier);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_CHAT:
      g_value_set_string (value, self->chat);
      break;

    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;

    case PROP_EXAMPLE:
      g_value_set_boolean (value, self->example);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_contact_class_init (FbContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_contact_finalize;
  object_class->get_property = fb_contact_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ORGANISATION] =
    g_param_spec_string ("organisation", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL, FB_TYPE_CONTACT_CATEGORY, FB_CONTACT_OTHER,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TIER] =
    g_param_spec_int ("tier", NULL, NULL, G_MININT, G_MAXINT, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CHAT] =
    g_param_spec_string ("chat", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_EXAMPLE] =
    g_param_spec_boolean ("example", NULL, NULL, FALSE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_contact_init (FbContact *self)
{
}

FbContact *
_fb_contact_new (void)
{
  return g_object_new (FB_TYPE_CONTACT, NULL);
}

const char *
fb_contact_get_id (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), NULL);

  return self->id;
}

const char *
fb_contact_get_name (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), NULL);

  return self->name;
}

const char *
fb_contact_get_organisation (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), NULL);

  return self->organisation;
}

const char *
fb_contact_get_title (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), NULL);

  return self->title;
}

FbContactCategory
fb_contact_get_category (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), 0);

  return self->category;
}

int
fb_contact_get_tier (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), 0);

  return self->tier;
}

const char *
fb_contact_get_phone (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), NULL);

  return self->phone;
}

const char *
fb_contact_get_email (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), NULL);

  return self->email;
}

const char *
fb_contact_get_chat (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), NULL);

  return self->chat;
}

const char *
fb_contact_get_notes (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), NULL);

  return self->notes;
}

gboolean
fb_contact_get_example (FbContact *self)
{
  g_return_val_if_fail (FB_IS_CONTACT (self), FALSE);

  return self->example;
}
