/* fb-op-kinds.c — the registry: one row per kind of change
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The names of the kinds of change are written here and nowhere else;
 * everything else names a kind by its FbOpKind. A new kind is a row below,
 * its fields, and the functions it points to.
 */

#define G_LOG_DOMAIN "fb-op"

#include "config.h"

#include "fb-op-kinds-private.h"

#define END { NULL }
#define ENUM(fn) ((FbEnumCheck) (void (*) (void)) fn)

static const FbFieldSpec incident_fields[] = {
  { "title", FB_FIELD_STRING, TRUE, 1, FB_OP_MAX_NAME },
  { "kind", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_ID },
  { "severity", FB_FIELD_INT, FALSE, FB_OP_MIN_SEVERITY, FB_OP_MAX_SEVERITY },
  { "status", FB_FIELD_ENUM, FALSE, 0, 0, ENUM (fb_status_from_string) },
  { "phase", FB_FIELD_ENUM, FALSE, 0, 0, ENUM (fb_phase_from_string) },
  { "detected_at", FB_FIELD_TIME, TRUE },
  { "declared_at", FB_FIELD_TIME, FALSE },
  { "contained_at", FB_FIELD_TIME, FALSE },
  { "resolved_at", FB_FIELD_TIME, FALSE },
  { "containment_target_min", FB_FIELD_INT, FALSE, FB_OP_MIN_TARGET_MIN, FB_OP_MAX_TARGET_MIN },
  { "drill", FB_FIELD_BOOL, FALSE },
  { "summary", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE },
  { "aware_at", FB_FIELD_TIME, FALSE },
  { "personal_data", FB_FIELD_BOOL, FALSE },
  { "eu_people", FB_FIELD_BOOL, FALSE },
  { "nis2_entity", FB_FIELD_BOOL, FALSE },
  { "improper_purpose", FB_FIELD_BOOL, FALSE },
  { "update_interval_min", FB_FIELD_INT, FALSE, FB_OP_MIN_UPDATE_MIN, FB_OP_MAX_UPDATE_MIN },
  { "update_audiences", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_SHORT },
  { "record", FB_FIELD_ENUM, FALSE, 0, 0, ENUM (fb_record_type_from_string), TRUE },
  { "duty_limit_min", FB_FIELD_INT, FALSE, FB_OP_MIN_DUTY_MIN, FB_OP_MAX_DUTY_MIN },
  END
};

static const FbFieldSpec entry_add_fields[] = {
  { "kind", FB_FIELD_ENUM, TRUE, 0, 0, ENUM (fb_entry_kind_from_string) },
  { "text", FB_FIELD_STRING, TRUE, 1, FB_OP_MAX_TEXT },
  { "occurred_at", FB_FIELD_TIME, TRUE },
  { "amends", FB_FIELD_UUID, FALSE },
  { "data", FB_FIELD_DATA, FALSE },
  END
};

static const FbFieldSpec entry_pin_fields[] = {
  { "pinned", FB_FIELD_BOOL, TRUE },
  END
};

static const FbFieldSpec role_assign_fields[] = {
  { "role", FB_FIELD_STRING, TRUE, 1, 64 },
  { "person", FB_FIELD_STRING, TRUE, 0, FB_OP_MAX_NAME },
  { "contact", FB_FIELD_UUID, FALSE },
  END
};

static const FbFieldSpec role_handover_fields[] = {
  { "from", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "to", FB_FIELD_STRING, TRUE, 1, FB_OP_MAX_NAME },
  { "contact", FB_FIELD_UUID, FALSE },
  { "situation", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE },
  { "open_items", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE },
  { "pending_decisions", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE },
  { "next_update_at", FB_FIELD_TIME, FALSE },
  END
};

static const FbFieldSpec worker_set_fields[] = {
  { "person", FB_FIELD_STRING, FALSE, 1, FB_OP_MAX_NAME },
  { "status", FB_FIELD_ENUM, FALSE, 0, 0, ENUM (fb_worker_status_from_string) },
  { "task", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_SHORT },
  { "contact", FB_FIELD_UUID, FALSE },
  { "on_duty_since", FB_FIELD_TIME, FALSE },
  { "off_at", FB_FIELD_TIME, FALSE },
  { "pair", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_ID },
  END
};

/* The name is the one the board showed, for the record's note of it. */
static const FbFieldSpec worker_remove_fields[] = {
  { "person", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  END
};

static const FbFieldSpec contact_set_fields[] = {
  { "name", FB_FIELD_STRING, FALSE, 1, FB_OP_MAX_NAME },
  { "organisation", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "title", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "category", FB_FIELD_ENUM, FALSE, 0, 0, ENUM (fb_contact_category_from_string) },
  { "tier", FB_FIELD_INT, FALSE, 0, 9 },
  { "phone", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "email", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "chat", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "notes", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE },
  { "example", FB_FIELD_BOOL, FALSE },
  END
};

static const FbFieldSpec no_fields[] = {
  END
};

static const FbFieldSpec checklist_add_fields[] = {
  { "section", FB_FIELD_ENUM, TRUE, 0, 0, ENUM (fb_section_from_string) },
  { "text", FB_FIELD_STRING, TRUE, 1, FB_OP_MAX_NOTE },
  { "position", FB_FIELD_INT, FALSE, 0, G_MAXINT32 },
  { "playbook_item", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_ID },
  { "assignee", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "due_at", FB_FIELD_TIME, FALSE },
  END
};

static const FbFieldSpec checklist_set_fields[] = {
  { "state", FB_FIELD_ENUM, FALSE, 0, 0, ENUM (fb_item_state_from_string) },
  { "assignee", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "due_at", FB_FIELD_TIME, FALSE },
  { "note", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE },
  END
};

/* "anchor" is what the clock runs from ("from" is a word SQL keeps). */
static const FbFieldSpec deadline_set_fields[] = {
  { "name", FB_FIELD_STRING, FALSE, 1, FB_OP_MAX_NAME },
  { "basis", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_SHORT },
  { "anchor", FB_FIELD_ENUM, FALSE, 0, 0, ENUM (fb_deadline_anchor_from_string) },
  { "minutes", FB_FIELD_INT, FALSE, 0, FB_OP_MAX_DEADLINE_MIN },
  { "due_at", FB_FIELD_TIME, FALSE },
  { "rule", FB_FIELD_ENUM, FALSE, 0, 0, ENUM (fb_deadline_rule_from_string) },
  { "playbook_deadline", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_ID },
  { "state", FB_FIELD_ENUM, FALSE, 0, 0, ENUM (fb_deadline_state_from_string) },
  { "met_at", FB_FIELD_TIME, FALSE },
  { "reason", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_SHORT },
  { "inapplicable", FB_FIELD_BOOL, FALSE },
  END
};

/* Who may see an incident: the server sends everyone else hash-only
 * links in place of its ops. "visible" lets the others know that a
 * restricted incident exists, without its title. */
static const FbFieldSpec incident_restrict_fields[] = {
  { "restricted", FB_FIELD_BOOL, TRUE },
  { "users", FB_FIELD_ACCOUNTS, TRUE },
  { "groups", FB_FIELD_ACCOUNTS, TRUE },
  { "visible", FB_FIELD_BOOL, TRUE },
  END
};

/* The briefing of a handover or of an operational period; "outgoing" and
 * "incoming" because "from" and "to" are words SQL keeps. */
#define BRIEFING_FIELDS \
  { "situation", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE }, \
  { "objectives", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE }, \
  { "open_items", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE }, \
  { "pending_decisions", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE }, \
  { "deadlines", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NOTE }, \
  { "next_update_at", FB_FIELD_TIME, FALSE }

static const FbFieldSpec handover_offer_fields[] = {
  { "outgoing", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "incoming", FB_FIELD_STRING, TRUE, 1, FB_OP_MAX_NAME },
  { "contact", FB_FIELD_UUID, FALSE },
  BRIEFING_FIELDS,
  END
};

/* What the acceptance needs to move command and to say so on its own. */
static const FbFieldSpec handover_accept_fields[] = {
  { "outgoing", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "incoming", FB_FIELD_STRING, TRUE, 1, FB_OP_MAX_NAME },
  { "contact", FB_FIELD_UUID, FALSE },
  { "next_update_at", FB_FIELD_TIME, FALSE },
  END
};

static const FbFieldSpec handover_withdraw_fields[] = {
  { "by", FB_FIELD_STRING, TRUE, 1, FB_OP_MAX_NAME },
  { "incoming", FB_FIELD_STRING, FALSE, 0, FB_OP_MAX_NAME },
  { "declined", FB_FIELD_BOOL, FALSE },
  END
};

static const FbFieldSpec period_start_fields[] = {
  { "number", FB_FIELD_INT, TRUE, 1, 9999 },
  { "started_at", FB_FIELD_TIME, TRUE },
  { "planned_min", FB_FIELD_INT, FALSE, 0, FB_OP_MAX_PERIOD_MIN },
  BRIEFING_FIELDS,
  END
};

/* Indexed by FbOpKind. */
static const FbOpKindInfo kinds[FB_OP_N_KINDS] = {
  [FB_OP_KIND_INCIDENT_CREATE] = {
    FB_OP_KIND_INCIDENT_CREATE, "incident.create", FB_OP_SCOPE_INCIDENT_ITSELF, FALSE, FALSE,
    incident_fields, "incidents",
    "INSERT OR IGNORE INTO incidents (id, created_at) VALUES (?1, ?3)",
    FB_CHANGE_INCIDENTS, _fb_apply_set_fields, NULL },
  [FB_OP_KIND_INCIDENT_UPDATE] = {
    FB_OP_KIND_INCIDENT_UPDATE, "incident.update", FB_OP_SCOPE_INCIDENT_ITSELF, TRUE, TRUE,
    incident_fields, "incidents", NULL,
    FB_CHANGE_INCIDENTS, _fb_apply_set_fields, NULL },
  [FB_OP_KIND_ENTRY_ADD] = {
    FB_OP_KIND_ENTRY_ADD, "entry.add", FB_OP_SCOPE_IN_INCIDENT, FALSE, FALSE,
    entry_add_fields, "entries", NULL,
    FB_CHANGE_ENTRIES, _fb_apply_entry_add, NULL },
  [FB_OP_KIND_ENTRY_PIN] = {
    FB_OP_KIND_ENTRY_PIN, "entry.pin", FB_OP_SCOPE_IN_INCIDENT, FALSE, FALSE,
    entry_pin_fields, "entries", NULL,
    FB_CHANGE_ENTRIES, _fb_apply_set_fields, NULL },
  [FB_OP_KIND_ROLE_ASSIGN] = {
    FB_OP_KIND_ROLE_ASSIGN, "role.assign", FB_OP_SCOPE_INCIDENT_ITSELF, FALSE, FALSE,
    role_assign_fields, "roles", NULL,
    FB_CHANGE_ROLES | FB_CHANGE_ENTRIES, _fb_apply_role_assign, _fb_describe_role_assign },
  [FB_OP_KIND_ROLE_HANDOVER] = {
    FB_OP_KIND_ROLE_HANDOVER, "role.handover", FB_OP_SCOPE_INCIDENT_ITSELF, FALSE, FALSE,
    role_handover_fields, "roles", NULL,
    FB_CHANGE_ROLES | FB_CHANGE_ENTRIES, _fb_apply_role_handover, _fb_describe_role_handover },
  [FB_OP_KIND_WORKER_SET] = {
    FB_OP_KIND_WORKER_SET, "worker.set", FB_OP_SCOPE_IN_INCIDENT, TRUE, FALSE,
    worker_set_fields, "workers",
    "INSERT OR IGNORE INTO workers (id, incident) VALUES (?1, ?2)",
    FB_CHANGE_WORKERS, _fb_apply_set_fields, NULL },
  [FB_OP_KIND_WORKER_REMOVE] = {
    FB_OP_KIND_WORKER_REMOVE, "worker.remove", FB_OP_SCOPE_IN_INCIDENT, FALSE, FALSE,
    worker_remove_fields, "workers", NULL,
    FB_CHANGE_WORKERS | FB_CHANGE_ENTRIES, _fb_apply_worker_remove, _fb_describe_worker_remove },
  [FB_OP_KIND_CONTACT_SET] = {
    FB_OP_KIND_CONTACT_SET, "contact.set", FB_OP_SCOPE_GLOBAL, TRUE, FALSE,
    contact_set_fields, "contacts",
    "INSERT OR IGNORE INTO contacts (id) VALUES (?1)",
    FB_CHANGE_CONTACTS, _fb_apply_set_fields, NULL },
  [FB_OP_KIND_CONTACT_DELETE] = {
    FB_OP_KIND_CONTACT_DELETE, "contact.delete", FB_OP_SCOPE_GLOBAL, FALSE, FALSE,
    no_fields, "contacts", NULL,
    FB_CHANGE_CONTACTS, _fb_apply_contact_delete, NULL },
  [FB_OP_KIND_CHECKLIST_ADD] = {
    FB_OP_KIND_CHECKLIST_ADD, "checklist.add", FB_OP_SCOPE_IN_INCIDENT, FALSE, FALSE,
    checklist_add_fields, "checklist",
    "INSERT OR IGNORE INTO checklist (id, incident, section, text) VALUES (?1, ?2, ?4, ?5)",
    FB_CHANGE_CHECKLIST, _fb_apply_set_fields, NULL },
  [FB_OP_KIND_CHECKLIST_SET] = {
    FB_OP_KIND_CHECKLIST_SET, "checklist.set", FB_OP_SCOPE_IN_INCIDENT, TRUE, FALSE,
    checklist_set_fields, "checklist", NULL,
    FB_CHANGE_CHECKLIST | FB_CHANGE_ENTRIES, _fb_apply_checklist_set, _fb_describe_checklist_set },
  [FB_OP_KIND_DEADLINE_SET] = {
    FB_OP_KIND_DEADLINE_SET, "deadline.set", FB_OP_SCOPE_IN_INCIDENT, TRUE, FALSE,
    deadline_set_fields, "deadlines",
    "INSERT OR IGNORE INTO deadlines (id, incident, created_at) VALUES (?1, ?2, ?3)",
    FB_CHANGE_DEADLINES, _fb_apply_set_fields, NULL },
  [FB_OP_KIND_INCIDENT_RESTRICT] = {
    FB_OP_KIND_INCIDENT_RESTRICT, "incident.restrict", FB_OP_SCOPE_INCIDENT_ITSELF, FALSE, FALSE,
    incident_restrict_fields, "incidents", NULL,
    FB_CHANGE_INCIDENTS | FB_CHANGE_ENTRIES, _fb_apply_incident_restrict, _fb_describe_incident_restrict },
  [FB_OP_KIND_HANDOVER_OFFER] = {
    FB_OP_KIND_HANDOVER_OFFER, "handover.offer", FB_OP_SCOPE_IN_INCIDENT, FALSE, FALSE,
    handover_offer_fields, "handovers",
    "INSERT OR IGNORE INTO handovers (id, incident) VALUES (?1, ?2)",
    FB_CHANGE_ROLES | FB_CHANGE_ENTRIES, _fb_apply_handover_offer, _fb_describe_handover_offer },
  [FB_OP_KIND_HANDOVER_ACCEPT] = {
    FB_OP_KIND_HANDOVER_ACCEPT, "handover.accept", FB_OP_SCOPE_IN_INCIDENT, FALSE, FALSE,
    handover_accept_fields, "handovers",
    "INSERT OR IGNORE INTO handovers (id, incident) VALUES (?1, ?2)",
    FB_CHANGE_ROLES | FB_CHANGE_ENTRIES, _fb_apply_handover_accept, _fb_describe_handover_accept },
  [FB_OP_KIND_HANDOVER_WITHDRAW] = {
    FB_OP_KIND_HANDOVER_WITHDRAW, "handover.withdraw", FB_OP_SCOPE_IN_INCIDENT, FALSE, FALSE,
    handover_withdraw_fields, "handovers",
    "INSERT OR IGNORE INTO handovers (id, incident) VALUES (?1, ?2)",
    FB_CHANGE_ROLES | FB_CHANGE_ENTRIES, _fb_apply_handover_withdraw, _fb_describe_handover_withdraw },
  [FB_OP_KIND_PERIOD_START] = {
    FB_OP_KIND_PERIOD_START, "period.start", FB_OP_SCOPE_IN_INCIDENT, FALSE, FALSE,
    period_start_fields, "periods",
    "INSERT OR IGNORE INTO periods (id, incident) VALUES (?1, ?2)",
    FB_CHANGE_INCIDENTS | FB_CHANGE_ENTRIES, _fb_apply_set_fields, _fb_describe_period_start },
};

const FbOpKindInfo *
_fb_op_kind_info (FbOpKind kind)
{
  if (kind <= FB_OP_KIND_UNKNOWN || kind >= FB_OP_N_KINDS)
    return NULL;

  return &kinds[kind];
}

static gpointer
index_kinds (gpointer data)
{
  GHashTable *by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = FB_OP_KIND_UNKNOWN + 1; i < FB_OP_N_KINDS; i++)
    {
      g_assert (kinds[i].kind == i);
      g_hash_table_insert (by_name, (gpointer) kinds[i].type, (gpointer) &kinds[i]);
    }

  return by_name;
}

const FbOpKindInfo *
_fb_op_kind_lookup (const char *type)
{
  static GOnce once = G_ONCE_INIT;

  if (type == NULL)
    return NULL;

  g_once (&once, index_kinds, NULL);
  return g_hash_table_lookup (once.retval, type);
}

/* The kind an op names. The one it was made or read with, unless its type
 * was changed since. */
const FbOpKindInfo *
_fb_op_kind_of (const FbOp *op)
{
  const FbOpKindInfo *info = _fb_op_kind_info (op->kind);

  if (info != NULL && op->type != NULL && g_str_equal (info->type, op->type))
    return info;

  return _fb_op_kind_lookup (op->type);
}

const char *
fb_op_kind_to_string (FbOpKind kind)
{
  const FbOpKindInfo *info = _fb_op_kind_info (kind);

  g_return_val_if_fail (info != NULL, NULL);

  return info->type;
}

FbOpKind
fb_op_kind_from_string (const char *type)
{
  const FbOpKindInfo *info = _fb_op_kind_lookup (type);

  return info != NULL ? info->kind : FB_OP_KIND_UNKNOWN;
}
