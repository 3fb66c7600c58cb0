/* fb-op-scan-private.h — an op's members as found, from a tree or from text
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fb_op_from_json_node () and the text reader (fb-op-scan.c) both gather
 * an op's members into an FbOpFields, and both make the op, or say what
 * is wrong with it, with _fb_op_from_fields (): one set of checks in one
 * order, whichever way the op was read.
 */

#pragma once

#include "fb-json-private.h"
#include "fb-op.h"

G_BEGIN_DECLS

/* In the order fb_op_from_json_node () has always checked them. */
typedef enum
{
  FB_OP_FIELD_ID,
  FB_OP_FIELD_DEVICE,
  FB_OP_FIELD_DEVICE_SEQ,
  FB_OP_FIELD_PREV,
  FB_OP_FIELD_HASH,
  FB_OP_FIELD_HLC,
  FB_OP_FIELD_AUTHOR,
  FB_OP_FIELD_TYPE,
  FB_OP_FIELD_INCIDENT,
  FB_OP_FIELD_ENTITY,
  FB_OP_FIELD_BODY,
  FB_OP_N_FIELDS
} FbOpField;

/* What a member held, as far as the checks care. */
typedef enum
{
  FB_OP_VALUE_ABSENT = 0,
  FB_OP_VALUE_NULL,
  FB_OP_VALUE_STRING,
  FB_OP_VALUE_INT,
  FB_OP_VALUE_OBJECT,
  FB_OP_VALUE_OTHER,
} FbOpValue;

typedef struct
{
  gboolean    is_object;
  char       *unknown;                   /* the first member not part of a change */
  FbOpValue   values[FB_OP_N_FIELDS];
  char       *strings[FB_OP_N_FIELDS];   /* for the members that hold text */
  gint64      device_seq;
  JsonObject *body;
} FbOpFields;

extern const char * const _fb_op_field_names[];

void      _fb_op_fields_clear (FbOpFields   *fields);
FbOp     *_fb_op_from_fields  (FbOpFields   *fields,
                               GError      **error);
void      _fb_op_read_fields  (FbJsonReader *reader,
                               FbOpFields   *fields);
FbOp     *_fb_op_read         (FbJsonReader *reader,
                               GError      **error);

gboolean  _fb_op_missing      (const char   *field,
                               GError      **error);
gboolean  _fb_op_wrong_value  (const char   *field,
                               FbOpValue     expected,
                               GError      **error);

G_END_DECLS
