/* fb-checklist-item.c — one step of an incident checklist
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-checklist-item-private.h"

G_DEFINE_FINAL_TYPE (FbChecklistItem, fb_checklist_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_INCIDENT,
  PROP_SECTION,
  PROP_TEXT,
  PROP_POSITION,
  PROP_PLAYBOOK_ITEM,
  PROP_STATE,
  PROP_ASSIGNEE,
  PROP_DUE_AT,
  PROP_NOTE,
  PROP_DONE_AT,
  PROP_DONE_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_checklist_item_finalize (GObject *object)
{
  FbChecklistItem *self = (FbChecklistItem *) object;

  g_free (self->id);
  g_free (self->incident);
  g_free (self->text);
  g_free (self->playbook_item);
  g_free (self->assignee);
  g_free (self->note);
  g_free (self->done_by);

  G_OBJECT_CLASS (fb_checklist_item_parent_class)->finalize (object);
}

static void
fb_checklist_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FbChecklistItem *self = FB_CHECKLIST_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;

    case PROP_SECTION:
      g_value_set_enum (value, self->section);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;

    case PROP_PLAYBOOK_ITEM:
      g_value_set_string (value, self->playbook_item);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ASSIGNEE:
      g_value_set_string (value, self->assignee);
      break;

    case PROP_DUE_AT:
      g_value_set_int64 (value, self->due_at);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    case PROP_DONE_AT:
      g_value_set_int64 (value, self->done_at);
      break;

    case PROP_DONE_BY:
      g_value_set_string (value, self->done_by);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_checklist_item_class_init (FbChecklistItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_checklist_item_finalize;
  object_class->get_property = fb_checklist_item_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SECTION] =
    g_param_spec_enum ("section", NULL, NULL, FB_TYPE_SECTION, FB_SECTION_FACT_FINDING,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, G_MININT, G_MAXINT, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLAYBOOK_ITEM] =
    g_param_spec_string ("playbook-item", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FB_TYPE_ITEM_STATE, FB_ITEM_TODO,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ASSIGNEE] =
    g_param_spec_string ("assignee", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DUE_AT] =
    g_param_spec_int64 ("due-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DONE_AT] =
    g_param_spec_int64 ("done-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DONE_BY] =
    g_param_spec_string ("done-by", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_checklist_item_init (FbChecklistItem *self)
{
}

FbChecklistItem *
_fb_checklist_item_new (void)
{
  return g_object_new (FB_TYPE_CHECKLIST_ITEM, NULL);
}

const char *
fb_checklist_item_get_id (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), NULL);

  return self->id;
}

const char *
fb_checklist_item_get_incident (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), NULL);

  return self->incident;
}

FbSection
fb_checklist_item_get_section (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), 0);

  return self->section;
}

const char *
fb_checklist_item_get_text (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), NULL);

  return self->text;
}

int
fb_checklist_item_get_position (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), 0);

  return self->position;
}

const char *
fb_checklist_item_get_playbook_item (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), NULL);

  return self->playbook_item;
}

FbItemState
fb_checklist_item_get_state (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), 0);

  return self->state;
}

const char *
fb_checklist_item_get_assignee (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), NULL);

  return self->assignee;
}

gint64
fb_checklist_item_get_due_at (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), 0);

  return self->due_at;
}

const char *
fb_checklist_item_get_note (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), NULL);

  return self->note;
}

gint64
fb_checklist_item_get_done_at (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), 0);

  return self->done_at;
}

const char *
fb_checklist_item_get_done_by (FbChecklistItem *self)
{
  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM (self), NULL);

  return self->done_by;
}
