/* fb-op-scan.c — ops read straight from checked JSON text
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The members of an op, gathered from text without a tree of the op: only
 * its body becomes a JsonObject, which FbOp holds. The checks and their
 * messages are fb_op_from_json_node ()'s own (_fb_op_from_fields ()).
 */

#define G_LOG_DOMAIN "fb-op"

#include "config.h"

#include <string.h>

#include "fb-op-scan-private.h"

/* Which of an op's members @name is, or -1. */
static int
field_of (const GString *name)
{
  for (int i = 0; i < FB_OP_N_FIELDS; i++)
    if (strcmp (name->str, _fb_op_field_names[i]) == 0)
      return name->len == strlen (_fb_op_field_names[i]) ? i : -1;
  return -1;
}

/**
 * _fb_op_read_fields:
 *
 * Gathers the members of the op at @reader, whatever its value is, and
 * moves past it.
 */
void
_fb_op_read_fields (FbJsonReader *reader,
                    FbOpFields   *fields)
{
  memset (fields, 0, sizeof *fields);

  if (_fb_json_reader_peek (reader) != FB_JSON_READ_OBJECT)
    {
      _fb_json_reader_skip (reader);
      return;
    }

  fields->is_object = TRUE;
  _fb_json_reader_enter (reader);
  while (_fb_json_reader_next_member (reader))
    {
      int field = field_of (reader->name);
      FbJsonRead type;

      if (field < 0)
        {
          if (fields->unknown == NULL)
            fields->unknown = g_strndup (reader->name->str, reader->name->len);
          _fb_json_reader_skip (reader);
          continue;
        }

      type = _fb_json_reader_peek (reader);
      switch (type)
        {
        case FB_JSON_READ_STRING:
          fields->values[field] = FB_OP_VALUE_STRING;
          g_free (fields->strings[field]);
          fields->strings[field] = _fb_json_reader_take_string (reader);
          break;

        case FB_JSON_READ_INT:
          fields->values[field] = FB_OP_VALUE_INT;
          if (field == FB_OP_FIELD_DEVICE_SEQ)
            fields->device_seq = _fb_json_reader_int (reader);
          else
            _fb_json_reader_skip (reader);
          break;

        case FB_JSON_READ_OBJECT:
          fields->values[field] = FB_OP_VALUE_OBJECT;
          if (field == FB_OP_FIELD_BODY)
            {
              g_clear_pointer (&fields->body, json_object_unref);
              fields->body = _fb_json_reader_object (reader);
            }
          else
            _fb_json_reader_skip (reader);
          break;

        case FB_JSON_READ_NULL:
          fields->values[field] = FB_OP_VALUE_NULL;
          _fb_json_reader_skip (reader);
          break;

        case FB_JSON_READ_ARRAY:
        case FB_JSON_READ_DOUBLE:
        case FB_JSON_READ_BOOL:
        case FB_JSON_READ_END:
        default:
          fields->values[field] = FB_OP_VALUE_OTHER;
          _fb_json_reader_skip (reader);
        }
    }
}

/**
 * _fb_op_read:
 *
 * The op at @reader, as fb_op_from_json_node () would make it from the
 * same value, or %NULL with its words for what is wrong.
 */
FbOp *
_fb_op_read (FbJsonReader *reader,
             GError      **error)
{
  FbOpFields fields;
  FbOp *op;

  _fb_op_read_fields (reader, &fields);
  op = _fb_op_from_fields (&fields, error);
  _fb_op_fields_clear (&fields);
  return op;
}
