/* fb-entry.c — one timeline entry; entries are never changed, only amended
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-entry-private.h"

G_DEFINE_FINAL_TYPE (FbEntry, fb_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_INCIDENT,
  PROP_OCCURRED_AT,
  PROP_RECORDED_AT,
  PROP_HLC,
  PROP_AUTHOR,
  PROP_KIND,
  PROP_TEXT,
  PROP_PINNED,
  PROP_AMENDS,
  PROP_AMENDED_BY,
  PROP_DATA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_entry_finalize (GObject *object)
{
  FbEntry *self = (FbEntry *) object;

  g_free (self->id);
  g_free (self->incident);
  g_free (self->hlc);
  g_free (self->author);
  g_free (self->text);
  g_free (self->amends);
  g_free (self->amended_by);
  g_free (self->data);

  G_OBJECT_CLASS (fb_entry_parent_class)->finalize (object);
}

static void
fb_entry_get_property (GObject    *object,
                   guint       prop_id,
                   GValue     *value,
                   GParamSpec *pspec)
{
  FbEntry *self = FB_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;

    case PROP_OCCURRED_AT:
      g_value_set_int64 (value, self->occurred_at);
      break;

    case PROP_RECORDED_AT:
      g_value_set_int64 (value, self->recorded_at);
      break;

    case PROP_HLC:
      g_value_set_string (value, self->hlc);
      break;

    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;

    case PROP_AMENDS:
      g_value_set_string (value, self->amends);
      break;

    case PROP_AMENDED_BY:
      g_value_set_string (value, self->amended_by);
      break;

    case PROP_DATA:
      g_value_set_string (value, self->data);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_entry_class_init (FbEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_entry_finalize;
  object_class->get_property = fb_entry_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_OCCURRED_AT] =
    g_param_spec_int64 ("occurred-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_RECORDED_AT] =
    g_param_spec_int64 ("recorded-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_HLC] =
    g_param_spec_string ("hlc", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, FB_TYPE_ENTRY_KIND, FB_ENTRY_FACT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_AMENDS] =
    g_param_spec_string ("amends", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_AMENDED_BY] =
    g_param_spec_string ("amended-by", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DATA] =
    g_param_spec_string ("data", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_entry_init (FbEntry *self)
{
}

FbEntry *
_fb_entry_new (void)
{
  return g_object_new (FB_TYPE_ENTRY, NULL);
}

const char *
fb_entry_get_id (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), NULL);

  return self->id;
}

const char *
fb_entry_get_incident (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), NULL);

  return self->incident;
}

gint64
fb_entry_get_occurred_at (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), 0);

  return self->occurred_at;
}

gint64
fb_entry_get_recorded_at (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), 0);

  return self->recorded_at;
}

/**
 * fb_entry_is_back_dated:
 *
 * Whether the entry gives a time for what happened more than
 * %FB_ENTRY_BACK_DATED_MS before it was written down, so that a reader
 * needs both times.
 */
gboolean
fb_entry_is_back_dated (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), FALSE);

  return self->recorded_at - self->occurred_at > FB_ENTRY_BACK_DATED_MS;
}

const char *
fb_entry_get_hlc (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), NULL);

  return self->hlc;
}

const char *
fb_entry_get_author (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), NULL);

  return self->author;
}

FbEntryKind
fb_entry_get_kind (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), 0);

  return self->kind;
}

const char *
fb_entry_get_text (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), NULL);

  return self->text;
}

gboolean
fb_entry_get_pinned (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), FALSE);

  return self->pinned;
}

const char *
fb_entry_get_amends (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), NULL);

  return self->amends;
}

const char *
fb_entry_get_amended_by (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), NULL);

  return self->amended_by;
}

const char *
fb_entry_get_data (FbEntry *self)
{
  g_return_val_if_fail (FB_IS_ENTRY (self), NULL);

  return self->data;
}

/**
 * fb_entry_dup_data_object:
 *
 * The entry's data parsed: an object (a decision's question and options,
 * a contact log's contact), or %NULL when there is none or it is not one.
 */
JsonObject *
fb_entry_dup_data_object (FbEntry *self)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  g_return_val_if_fail (FB_IS_ENTRY (self), NULL);

  if (self->data == NULL || self->data[0] == '\0')
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, self->data, -1, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* "" for a missing member or one that is not text, so that a view needs
 * no test before it shows it. */
const char *
fb_entry_data_get_string (JsonObject *data,
                          const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (member != NULL, "");

  if (data == NULL || (node = json_object_get_member (data, member)) == NULL)
    return "";
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}
