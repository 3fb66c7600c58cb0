/* fb-op-kinds-private.h — the registry of kinds of change
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each kind of change is one row of the table in fb-op-kinds.c: its name
 * on the wire, what its body may hold, what it changes and the functions
 * that apply it. Validation, the store and verification all read the row.
 */

#pragma once

#include "fb-store-private.h"

G_BEGIN_DECLS

/* Limits that fields of several kinds share (FB_OP_MAX_NAME, and those a
 * form checks before making an op, are public in fb-op.h). */
#define FB_OP_MAX_SHORT 500
#define FB_OP_MAX_NOTE  4000

typedef enum
{
  FB_FIELD_STRING,
  FB_FIELD_UUID,
  FB_FIELD_INT,
  FB_FIELD_TIME,     /* milliseconds since the epoch; 0 means "not set" */
  FB_FIELD_BOOL,
  FB_FIELD_ENUM,
  FB_FIELD_DATA,     /* a flat object of strings, whole numbers and lists of strings */
  FB_FIELD_ACCOUNTS, /* a list of a server's user or group names */
} FbFieldType;

typedef gboolean (*FbEnumCheck) (const char *str,
                                 gpointer    out);

typedef struct
{
  const char  *name;
  FbFieldType  type;
  gboolean     required;
  gint64       min;          /* length in bytes for strings, value for numbers */
  gint64       max;
  FbEnumCheck  check;
  gboolean     create_only;  /* what the record is: set once, never by an update */
} FbFieldSpec;

typedef enum
{
  FB_OP_SCOPE_INCIDENT_ITSELF,  /* entity is the incident */
  FB_OP_SCOPE_IN_INCIDENT,      /* entity belongs to the incident */
  FB_OP_SCOPE_GLOBAL,           /* no incident */
} FbOpScope;

typedef struct _FbOpKindInfo FbOpKindInfo;

/* One op being applied: what fb-store-apply.c hands each kind's functions. */
typedef struct
{
  const FbOp         *op;
  const FbOpKindInfo *info;
  char               *stamp;    /* hlc "/" device: the order of last-writer-wins */
  gint64              wall_ms;  /* when the op was made, by its author's clock */
} FbApplyCtx;

/* Changes the tables for one op, inside the store's transaction. */
typedef gboolean (*FbOpApplyFunc) (FbStore          *self,
                                   const FbApplyCtx *ctx,
                                   GError          **error);

/* The system entry an op adds to its incident's timeline: the data the
 * views render, and in @text its plain English; or %NULL for none. */
typedef JsonObject *(*FbOpDescribeFunc) (const FbOp *op,
                                         char      **text);

struct _FbOpKindInfo
{
  FbOpKind           kind;
  const char        *type;          /* the name on the wire and in the log */
  FbOpScope          scope;
  gboolean           needs_a_field;
  gboolean           all_optional;  /* an update: any field of the create, none required */
  const FbFieldSpec *fields;
  const char        *table;         /* the table its entity's row lives in */
  const char        *insert_sql;    /* makes that row: ?1 entity, ?2 incident, ?3 time,
                                     * ?4 body.section, ?5 body.text; or NULL */
  FbChangeFlags      changes;       /* what ::changed announces */
  FbOpApplyFunc      apply;
  FbOpDescribeFunc   describe;      /* nullable */
};

const FbOpKindInfo *_fb_op_kind_info   (FbOpKind    kind);
const FbOpKindInfo *_fb_op_kind_lookup (const char *type);
const FbOpKindInfo *_fb_op_kind_of     (const FbOp *op);

gboolean  _fb_op_validate_kind (const FbOp          *op,
                                const FbOpKindInfo **info,
                                GError             **error);

/* fb-op.c */
void      _fb_op_hash_into     (const FbOp          *op,
                                const char          *body,
                                GString             *scratch,
                                char                 hex[65]);

/* fb-store-apply.c: how each kind changes the tables. */
gboolean    _fb_apply_set_fields      (FbStore          *self,
                                       const FbApplyCtx *ctx,
                                       GError          **error);
gboolean    _fb_apply_entry_add       (FbStore          *self,
                                       const FbApplyCtx *ctx,
                                       GError          **error);
gboolean    _fb_apply_role_assign     (FbStore          *self,
                                       const FbApplyCtx *ctx,
                                       GError          **error);
gboolean    _fb_apply_role_handover   (FbStore          *self,
                                       const FbApplyCtx *ctx,
                                       GError          **error);
gboolean    _fb_apply_worker_remove   (FbStore          *self,
                                       const FbApplyCtx *ctx,
                                       GError          **error);
gboolean    _fb_apply_contact_delete  (FbStore          *self,
                                       const FbApplyCtx *ctx,
                                       GError          **error);
gboolean    _fb_apply_checklist_set   (FbStore          *self,
                                       const FbApplyCtx *ctx,
                                       GError          **error);
gboolean    _fb_apply_incident_restrict (FbStore          *self,
                                         const FbApplyCtx *ctx,
                                         GError          **error);

/* fb-store-handover.c: the handover offered, accepted or withdrawn. */
gboolean    _fb_apply_handover_offer    (FbStore          *self,
                                         const FbApplyCtx *ctx,
                                         GError          **error);
gboolean    _fb_apply_handover_accept   (FbStore          *self,
                                         const FbApplyCtx *ctx,
                                         GError          **error);
gboolean    _fb_apply_handover_withdraw (FbStore          *self,
                                         const FbApplyCtx *ctx,
                                         GError          **error);
gboolean    _fb_apply_ensure_row        (FbStore          *self,
                                         const FbApplyCtx *ctx,
                                         GError          **error);
gboolean    _fb_apply_set_role          (FbStore          *self,
                                         const FbApplyCtx *ctx,
                                         const char       *role,
                                         const char       *person,
                                         const char       *contact,
                                         GError          **error);
JsonObject *_fb_describe_handover_offer    (const FbOp  *op,
                                            char       **text);
JsonObject *_fb_describe_handover_accept   (const FbOp  *op,
                                            char       **text);
JsonObject *_fb_describe_handover_withdraw (const FbOp  *op,
                                            char       **text);
JsonObject *_fb_describe_period_start      (const FbOp  *op,
                                            char       **text);

/* fb-store-describe.c: the system entries. */
JsonObject *_fb_describe_role_assign    (const FbOp  *op,
                                         char       **text);
JsonObject *_fb_describe_role_handover  (const FbOp  *op,
                                         char       **text);
JsonObject *_fb_describe_worker_remove  (const FbOp  *op,
                                         char       **text);
JsonObject *_fb_describe_checklist_set  (const FbOp  *op,
                                         char       **text);
JsonObject *_fb_describe_incident_restrict (const FbOp  *op,
                                            char       **text);
gboolean    _fb_store_describe_entry    (const FbOpKindInfo *info,
                                         const FbOp         *op,
                                         FbDerivedEntry     *out);

G_END_DECLS
