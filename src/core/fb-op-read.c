/* fb-op-read.c — an op made from JSON, checked in full
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tree from json-glib (fb_op_from_json_node ()) and the text reader of
 * fb-op-scan.c both gather an op's members into an FbOpFields, and both
 * end in _fb_op_from_fields (), which checks them in one order.
 */

#define G_LOG_DOMAIN "fb-op"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-json-private.h"
#include "fb-op-scan-private.h"

/* How many of @names @object holds. */
static guint
count_known (JsonObject         *object,
             const char * const *names)
{
  guint n = 0;

  for (guint i = 0; names[i] != NULL; i++)
    n += json_object_has_member (object, names[i]) ? 1 : 0;
  return n;
}

/* Reading ----------------------------------------------------------------- */

const char * const _fb_op_field_names[] = {
  "id", "device", "device_seq", "prev", "hash", "hlc", "author",
  "type", "incident", "entity", "body", NULL
};

void
_fb_op_fields_clear (FbOpFields *fields)
{
  g_clear_pointer (&fields->unknown, g_free);
  for (guint i = 0; i < FB_OP_N_FIELDS; i++)
    g_clear_pointer (&fields->strings[i], g_free);
  g_clear_pointer (&fields->body, json_object_unref);
}

static gboolean
take_string (FbOpFields *fields,
             FbOpField   field,
             gboolean    nullable,
             char      **out,
             GError    **error)
{
  FbOpValue value = fields->values[field];

  if (value == FB_OP_VALUE_ABSENT || (nullable && value == FB_OP_VALUE_NULL))
    {
      if (nullable)
        return TRUE;
      return _fb_op_missing (_fb_op_field_names[field], error);
    }

  if (value != FB_OP_VALUE_STRING)
    return _fb_op_wrong_value (_fb_op_field_names[field], FB_OP_VALUE_STRING, error);

  *out = g_steal_pointer (&fields->strings[field]);
  return TRUE;
}

/* The op @fields describe, checked in full; takes what it uses of them. */
FbOp *
_fb_op_from_fields (FbOpFields *fields,
                    GError    **error)
{
  g_autoptr(FbOp) op = NULL;

  if (!fields->is_object)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("A change must be a JSON object"));
      return NULL;
    }

  if (fields->unknown != NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (fields->unknown, MIN (strlen (fields->unknown), 64));
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Field “%s” is not part of a change"), shown);
      return NULL;
    }

  op = g_new0 (FbOp, 1);

  if (!take_string (fields, FB_OP_FIELD_ID, FALSE, &op->id, error) ||
      !take_string (fields, FB_OP_FIELD_DEVICE, FALSE, &op->device, error))
    return NULL;

  if (fields->values[FB_OP_FIELD_DEVICE_SEQ] == FB_OP_VALUE_ABSENT)
    return _fb_op_missing ("device_seq", error), NULL;
  if (fields->values[FB_OP_FIELD_DEVICE_SEQ] != FB_OP_VALUE_INT)
    return _fb_op_wrong_value ("device_seq", FB_OP_VALUE_INT, error), NULL;
  op->device_seq = fields->device_seq;

  if (!take_string (fields, FB_OP_FIELD_PREV, FALSE, &op->prev, error) ||
      !take_string (fields, FB_OP_FIELD_HASH, FALSE, &op->hash, error) ||
      !take_string (fields, FB_OP_FIELD_HLC, FALSE, &op->hlc, error) ||
      !take_string (fields, FB_OP_FIELD_AUTHOR, FALSE, &op->author, error) ||
      !take_string (fields, FB_OP_FIELD_TYPE, FALSE, &op->type, error) ||
      !take_string (fields, FB_OP_FIELD_INCIDENT, TRUE, &op->incident, error) ||
      !take_string (fields, FB_OP_FIELD_ENTITY, FALSE, &op->entity, error))
    return NULL;
  op->kind = fb_op_kind_from_string (op->type);

  if (fields->values[FB_OP_FIELD_BODY] == FB_OP_VALUE_ABSENT)
    return _fb_op_missing ("body", error), NULL;
  if (fields->values[FB_OP_FIELD_BODY] != FB_OP_VALUE_OBJECT)
    return _fb_op_wrong_value ("body", FB_OP_VALUE_OBJECT, error), NULL;
  op->body = g_steal_pointer (&fields->body);

  if (!fb_op_validate (op, error))
    return NULL;

  return g_steal_pointer (&op);
}

static FbOpValue
value_of (JsonNode *node)
{
  if (node == NULL)
    return FB_OP_VALUE_ABSENT;
  if (JSON_NODE_HOLDS_NULL (node))
    return FB_OP_VALUE_NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return FB_OP_VALUE_STRING;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return FB_OP_VALUE_INT;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return FB_OP_VALUE_OBJECT;
  return FB_OP_VALUE_OTHER;
}

FbOp *
fb_op_from_json_node (JsonNode *node,
                      GError  **error)
{
  FbOpFields fields = { 0 };
  JsonObject *object;
  FbOp *op;

  g_return_val_if_fail (node != NULL, NULL);

  fields.is_object = JSON_NODE_HOLDS_OBJECT (node);
  if (fields.is_object)
    {
      object = json_node_get_object (node);

      /* Counting the known members is cheaper than walking a copy of the
       * list of them; the walk, only when some member is unknown, names
       * it. */
      if (count_known (object, _fb_op_field_names) != json_object_get_size (object))
        {
          g_autoptr(GList) members = json_object_get_members (object);

          for (const GList *l = members; l != NULL && fields.unknown == NULL; l = l->next)
            if (!g_strv_contains (_fb_op_field_names, l->data))
              fields.unknown = g_strdup (l->data);
        }

      for (guint i = 0; i < FB_OP_N_FIELDS; i++)
        {
          JsonNode *member = json_object_get_member (object, _fb_op_field_names[i]);

          fields.values[i] = value_of (member);
          if (fields.values[i] == FB_OP_VALUE_STRING)
            fields.strings[i] = g_strdup (json_node_get_string (member));
          else if (fields.values[i] == FB_OP_VALUE_INT)
            fields.device_seq = i == FB_OP_FIELD_DEVICE_SEQ ? json_node_get_int (member) : fields.device_seq;
          else if (fields.values[i] == FB_OP_VALUE_OBJECT && i == FB_OP_FIELD_BODY)
            fields.body = json_node_dup_object (member);
        }
    }

  op = _fb_op_from_fields (&fields, error);
  _fb_op_fields_clear (&fields);
  return op;
}

FbOp *
fb_op_from_json (const char *data,
                 gssize      length,
                 GError    **error)
{
  g_autoptr(JsonNode) node = NULL;

  node = fb_json_parse_untrusted (data, length, FB_OP_MAX_BYTES, FB_JSON_MAX_DEPTH, error);
  if (node == NULL)
    return NULL;

  return fb_op_from_json_node (node, error);
}
