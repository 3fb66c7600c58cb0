/* fb-op.h — operations: the one unit of change, its wire form and its hash
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fb-json.h"
#include "fb-types.h"

G_BEGIN_DECLS

/* Limits that hold for every op, local or remote. */
#define FB_OP_MAX_BYTES      (64 * 1024)
#define FB_OP_MAX_TEXT       (16 * 1024)

/* Limits of single fields, for forms and commands that check what they
 * are given before they make an op. Lengths are in bytes, not characters:
 * a Japanese character takes three. */
#define FB_OP_MAX_NAME       200     /* an incident's title, a person's name */
#define FB_OP_MAX_ID         64      /* an incident's kind, a checklist item's playbook item */
#define FB_OP_MIN_SEVERITY   1       /* the highest */
#define FB_OP_MAX_SEVERITY   4
#define FB_OP_MIN_TARGET_MIN 1       /* containment target, in minutes */
#define FB_OP_MAX_TARGET_MIN 10080   /* a week */
#define FB_OP_MAX_DEADLINE_MIN 527040 /* a deadline's time allowed: 366 days */
#define FB_OP_MIN_UPDATE_MIN 5       /* minutes between stakeholder updates */
#define FB_OP_MAX_UPDATE_MIN 10080   /* a week */
#define FB_OP_MAX_ACCOUNT    64      /* a server's user or group name */
#define FB_OP_MAX_ACCOUNTS   64      /* names in one list of who may see an incident */
#define FB_OP_MIN_DUTY_MIN   60      /* hours on duty before a warning, in minutes */
#define FB_OP_MAX_DUTY_MIN   2880    /* two days */
#define FB_OP_MAX_PERIOD_MIN 10080   /* an operational period's planned length: a week */

/* The kinds of change. Their names on the wire are in the registry
 * (fb-op-kinds.c), and only there. */
typedef enum
{
  FB_OP_KIND_UNKNOWN = 0,
  FB_OP_KIND_INCIDENT_CREATE,
  FB_OP_KIND_INCIDENT_UPDATE,
  FB_OP_KIND_ENTRY_ADD,
  FB_OP_KIND_ENTRY_PIN,
  FB_OP_KIND_ROLE_ASSIGN,
  FB_OP_KIND_ROLE_HANDOVER,
  FB_OP_KIND_WORKER_SET,
  FB_OP_KIND_WORKER_REMOVE,
  FB_OP_KIND_CONTACT_SET,
  FB_OP_KIND_CONTACT_DELETE,
  FB_OP_KIND_CHECKLIST_ADD,
  FB_OP_KIND_CHECKLIST_SET,
  FB_OP_KIND_DEADLINE_SET,
  FB_OP_KIND_INCIDENT_RESTRICT,
  FB_OP_KIND_HANDOVER_OFFER,
  FB_OP_KIND_HANDOVER_ACCEPT,
  FB_OP_KIND_HANDOVER_WITHDRAW,
  FB_OP_KIND_PERIOD_START,
  FB_OP_N_KINDS,
} FbOpKind;

struct _FbOp
{
  char       *id;
  char       *device;
  gint64      device_seq;
  char       *prev;      /* hash of the device's previous op; "" for its first */
  char       *hash;
  char       *hlc;
  char       *author;
  char       *type;
  FbOpKind    kind;      /* what type names; FB_OP_KIND_UNKNOWN for a name this version lacks */
  char       *incident;  /* NULL for ops outside any incident (contacts) */
  char       *entity;
  JsonObject *body;
};

const char *fb_op_kind_to_string   (FbOpKind      kind);
FbOpKind    fb_op_kind_from_string (const char   *type);

FbOp     *fb_op_new             (FbOpKind      kind,
                                 const char   *incident,
                                 const char   *entity,
                                 JsonObject   *body);
FbOp     *fb_op_copy            (const FbOp   *op);
void      fb_op_free            (FbOp         *op);

gboolean  fb_op_validate        (const FbOp   *op,
                                 GError      **error);
char     *fb_op_compute_hash    (const FbOp   *op);
char     *fb_op_canonical_body  (const FbOp   *op);
char     *fb_op_compute_hash_with_body (const FbOp *op,
                                 const char   *body);
gboolean  fb_op_verify_hash     (const FbOp   *op,
                                 GError      **error);

char     *fb_op_to_json         (const FbOp   *op,
                                 gsize        *length);
JsonNode *fb_op_to_json_node    (const FbOp   *op);
FbOp     *fb_op_from_json       (const char   *data,
                                 gssize        length,
                                 GError      **error);
FbOp     *fb_op_from_json_node  (JsonNode     *node,
                                 GError      **error);

gboolean  fb_uuid_is_valid      (const char   *str);
gboolean  fb_digest_is_valid    (const char   *str);
gboolean  fb_account_name_is_valid (const char *str);
char     *fb_uuid_new           (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbOp, fb_op_free)

G_END_DECLS
