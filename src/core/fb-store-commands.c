/* fb-store-commands.c — one user action, one call, one transaction
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command builds the ops a user action needs and hands them to the one
 * door (fb_store_apply). None of them touches a table.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "firebreak-core.h"
#include "fb-deadline-private.h"
#include "fb-entry-private.h"
#include "fb-incident-private.h"
#include "fb-playbook-private.h"
#include "fb-store-changes-private.h"
#include "fb-store-private.h"

static gboolean
apply_one_draft (FbStore *self,
                 FbOp    *draft,
                 GError **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

  g_ptr_array_add (drafts, draft);
  return fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

/* Applies @draft (an incident.update, role.assign or worker.set) with a
 * system entry for each change it makes that the record should show. */
static gboolean
apply_with_change_entries (FbStore *self,
                           FbOp    *draft,
                           GError **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  JsonObject *body = draft->body;

  g_ptr_array_add (drafts, draft);
  if (draft->kind == FB_OP_KIND_INCIDENT_UPDATE)
    {
      g_autoptr(FbIncident) current = fb_store_get_incident (self, draft->incident);

      if (current != NULL)
        _fb_incident_change_drafts (self, current, body, drafts);
    }
  else if (draft->kind == FB_OP_KIND_ROLE_ASSIGN)
    _fb_role_change_drafts (self, draft->incident, json_object_get_string_member (body, "role"),
                            json_object_get_string_member (body, "person"), drafts);
  else if (draft->kind == FB_OP_KIND_WORKER_SET)
    {
      g_autoptr(FbWorker) current = fb_store_get_worker (self, draft->incident, draft->entity);

      _fb_worker_change_drafts (self, draft->incident, draft->entity, current, body, drafts);
    }

  return fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

typedef enum
{
  MISSING_INCIDENT,
  MISSING_ENTRY,
  MISSING_ITEM,
} Missing;

static gboolean
not_found (GError    **error,
           Missing     what,
           const char *id)
{
  switch (what)
    {
    case MISSING_INCIDENT:
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no incident “%s” in this database"), id);
      break;
    case MISSING_ENTRY:
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no timeline entry “%s” in this database"), id);
      break;
    case MISSING_ITEM:
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no checklist item “%s” in this database"), id);
      break;
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

/* The op that opens an incident; its id is the op's entity. */
static FbOp *
incident_draft (FbStore    *self,
                const char *title,
                const char *kind,
                int         severity,
                gint64      detected_at,
                int         containment_target_min,
                gboolean    drill)
{
  g_autofree char *id = fb_uuid_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  gint64 now = fb_store_now_ms (self);

  json_object_set_string_member (body, "title", title);
  json_object_set_string_member (body, "kind", kind != NULL ? kind : "generic");
  json_object_set_int_member (body, "severity", severity);
  json_object_set_string_member (body, "status", "open");
  json_object_set_string_member (body, "phase", "detection");
  json_object_set_int_member (body, "detected_at", detected_at > 0 ? detected_at : now);
  json_object_set_int_member (body, "declared_at", now);
  json_object_set_int_member (body, "containment_target_min",
                              containment_target_min != 0 ? containment_target_min : 60);
  json_object_set_boolean_member (body, "drill", drill);

  return fb_op_new (FB_OP_KIND_INCIDENT_CREATE, id, id, body);
}

/**
 * fb_store_declare_incident:
 * @plan: what the incident starts with
 *
 * Declares an incident as a person does: the incident with its playbook's
 * kind and containment target, the playbook's checklist, and its deadlines
 * that apply under the plan's answers, in one transaction, so no incident
 * ever exists without its checklist and clocks. Anything
 * outside the op's limits (a title over FB_OP_MAX_NAME bytes, a target
 * outside FB_OP_MIN_TARGET_MIN..FB_OP_MAX_TARGET_MIN) leaves the store as
 * it was.
 *
 * Returns: (transfer full): the new incident's id, or %NULL with @error set
 */
char *
fb_store_declare_incident (FbStore              *self,
                           const FbIncidentPlan *plan,
                           GError              **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autofree char *id = NULL;
  int target;
  FbOp *create;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (plan->title != NULL, NULL);
  g_return_val_if_fail (plan->playbook == NULL || FB_IS_PLAYBOOK (plan->playbook), NULL);

  if (plan->playbook != NULL && fb_playbook_get_record (plan->playbook) == FB_RECORD_READINESS)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("“%s” is a standing checklist, not an incident: start it as a readiness review"),
                   fb_playbook_get_title (plan->playbook));
      return NULL;
    }

  target = plan->containment_target_min;
  if (target == 0 && plan->playbook != NULL)
    target = fb_playbook_get_containment_target_min (plan->playbook);

  create = incident_draft (self, plan->title,
                           plan->playbook != NULL ? fb_playbook_get_id (plan->playbook) : NULL,
                           plan->severity, plan->detected_at, target, plan->drill);
  id = g_strdup (create->entity);
  g_ptr_array_add (drafts, create);
  if (plan->playbook != NULL)
    _fb_playbook_add_checklist_drafts (plan->playbook, NULL, id, drafts);
  _fb_store_set_answers (create->body, &plan->rules);
  _fb_store_add_deadline_drafts (plan->playbook, NULL, id, &plan->rules, drafts);

  if (!fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error))
    return NULL;

  return g_steal_pointer (&id);
}

/**
 * fb_store_start_review:
 * @title: 1 to FB_OP_MAX_NAME bytes
 * @playbook: a playbook whose record is FB_RECORD_READINESS
 *
 * Starts a readiness review: a record of its own, kept beside the
 * incidents, with the playbook's checklist and no clock of an incident
 * (no containment target, deadlines, severity, phase or update cadence).
 * The record type is in its incident.create, so every store that holds
 * the op knows it is a review. One transaction, as for an incident.
 *
 * Returns: (transfer full): the new review's id, or %NULL with @error set
 */
char *
fb_store_start_review (FbStore    *self,
                       const char *title,
                       FbPlaybook *playbook,
                       GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *id = fb_uuid_new ();
  gint64 now = fb_store_now_ms (self);

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (FB_IS_PLAYBOOK (playbook), NULL);

  if (fb_playbook_get_record (playbook) != FB_RECORD_READINESS)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("“%s” is a playbook for incidents: declare it as a new incident"),
                   fb_playbook_get_title (playbook));
      return NULL;
    }

  /* detected_at is when the review began: every record needs one. */
  json_object_set_string_member (body, "title", title);
  json_object_set_string_member (body, "kind", fb_playbook_get_id (playbook));
  json_object_set_string_member (body, "record", fb_record_type_to_string (FB_RECORD_READINESS));
  json_object_set_string_member (body, "status", "open");
  json_object_set_int_member (body, "detected_at", now);
  json_object_set_int_member (body, "declared_at", now);

  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_INCIDENT_CREATE, id, id, body));
  _fb_playbook_add_checklist_drafts (playbook, NULL, id, drafts);

  if (!fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error))
    return NULL;

  return g_steal_pointer (&id);
}

/* A bare incident of @kind, without a playbook's checklist: for tests and
 * demos that set up the rest themselves. People declare incidents with
 * fb_store_declare_incident(). */
char *
fb_store_create_incident (FbStore    *self,
                          const char *title,
                          const char *kind,
                          int         severity,
                          gint64      detected_at,
                          int         containment_target_min,
                          gboolean    drill,
                          GError    **error)
{
  FbOp *draft;
  g_autofree char *id = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  draft = incident_draft (self, title, kind, severity, detected_at, containment_target_min, drill);
  id = g_strdup (draft->entity);
  if (!apply_one_draft (self, draft, error))
    return NULL;

  return g_steal_pointer (&id);
}

gboolean
fb_store_update_incident (FbStore    *self,
                          const char *incident,
                          JsonObject *fields,
                          GError    **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  return apply_with_change_entries (self, fb_op_new (FB_OP_KIND_INCIDENT_UPDATE, incident, incident, fields),
                                    error);
}

gboolean
fb_store_record_containment (FbStore    *self,
                             const char *incident,
                             gint64      contained_at,
                             GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(FbIncident) current = NULL;
  g_autofree char *text = NULL;
  JsonObject *data;
  gint64 minutes;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);

  current = fb_store_get_incident (self, incident);
  if (current == NULL)
    return not_found (error, MISSING_INCIDENT, incident);
  if (!_fb_incident_check_clocks (current, error))
    return FALSE;

  if (contained_at <= 0)
    contained_at = fb_store_now_ms (self);

  minutes = MAX (0, contained_at - current->detected_at) / 60000;

  json_object_set_int_member (fields, "contained_at", contained_at);
  json_object_set_string_member (fields, "phase", "containment");

  text = g_strdup_printf ("Containment recorded, %lld min after detection (target %d min)",
                          (long long) minutes, current->containment_target_min);
  data = json_object_new ();
  json_object_set_string_member (data, "event", "contained");
  json_object_set_int_member (data, "minutes", minutes);
  json_object_set_int_member (data, "target", current->containment_target_min);

  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_INCIDENT_UPDATE, incident, incident, fields));
  g_ptr_array_add (drafts, _fb_system_entry_draft (incident, text, contained_at, data));

  return fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

gboolean
fb_store_set_incident_open (FbStore    *self,
                            const char *incident,
                            gboolean    open,
                            GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(JsonObject) fields = json_object_new ();
  JsonObject *data = json_object_new ();
  gint64 now;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);

  now = fb_store_now_ms (self);
  json_object_set_string_member (fields, "status", open ? "open" : "closed");
  if (!open)
    json_object_set_int_member (fields, "resolved_at", now);
  json_object_set_string_member (data, "event", open ? "reopened" : "closed");

  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_INCIDENT_UPDATE, incident, incident, fields));
  g_ptr_array_add (drafts, _fb_system_entry_draft (incident, open ? "Incident reopened" : "Incident closed", now, data));

  return fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

char *
fb_store_add_entry (FbStore     *self,
                    const char  *incident,
                    FbEntryKind  kind,
                    const char  *text,
                    gint64       occurred_at,
                    const char  *amends,
                    JsonObject  *data,
                    GError     **error)
{
  g_autofree char *id = fb_uuid_new ();
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (kind < FB_N_ENTRY_KINDS, NULL);

  json_object_set_string_member (body, "kind", fb_entry_kind_to_string (kind));
  json_object_set_string_member (body, "text", text);
  json_object_set_int_member (body, "occurred_at", occurred_at > 0 ? occurred_at : fb_store_now_ms (self));
  if (amends != NULL)
    json_object_set_string_member (body, "amends", amends);
  if (data != NULL)
    json_object_set_object_member (body, "data", json_object_ref (data));

  if (!apply_one_draft (self, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, id, body), error))
    return NULL;

  return g_steal_pointer (&id);
}

gboolean
fb_store_set_pinned (FbStore    *self,
                     const char *entry,
                     gboolean    pinned,
                     GError    **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(FbEntry) current = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  current = fb_store_get_entry (self, entry);
  if (current == NULL)
    return not_found (error, MISSING_ENTRY, entry);

  json_object_set_boolean_member (body, "pinned", pinned);

  return apply_one_draft (self, fb_op_new (FB_OP_KIND_ENTRY_PIN, current->incident, entry, body), error);
}

gboolean
fb_store_assign_role (FbStore    *self,
                      const char *incident,
                      const char *role,
                      const char *person,
                      const char *contact,
                      GError    **error)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  json_object_set_string_member (body, "role", role);
  json_object_set_string_member (body, "person", person != NULL ? person : "");
  if (contact != NULL)
    json_object_set_string_member (body, "contact", contact);

  return apply_with_change_entries (self, fb_op_new (FB_OP_KIND_ROLE_ASSIGN, incident, incident, body), error);
}

char *
fb_store_set_contact (FbStore    *self,
                      const char *id,
                      JsonObject *fields,
                      GError    **error)
{
  g_autofree char *entity = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  entity = id != NULL ? g_strdup (id) : fb_uuid_new ();
  if (!apply_one_draft (self, fb_op_new (FB_OP_KIND_CONTACT_SET, NULL, entity, fields), error))
    return NULL;

  return g_steal_pointer (&entity);
}

gboolean
fb_store_delete_contact (FbStore    *self,
                         const char *id,
                         GError    **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return apply_one_draft (self, fb_op_new (FB_OP_KIND_CONTACT_DELETE, NULL, id, NULL), error);
}

char *
fb_store_set_worker (FbStore    *self,
                     const char *incident,
                     const char *id,
                     JsonObject *fields,
                     GError    **error)
{
  g_autofree char *entity = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  entity = id != NULL ? g_strdup (id) : fb_uuid_new ();
  if (!apply_with_change_entries (self, fb_op_new (FB_OP_KIND_WORKER_SET, incident, entity, fields), error))
    return NULL;

  return g_steal_pointer (&entity);
}

/**
 * fb_store_remove_worker:
 * @id: a worker of @incident
 *
 * Takes someone off the worker list. The record keeps that they were on
 * it, and notes in the timeline when they were taken off.
 */
gboolean
fb_store_remove_worker (FbStore    *self,
                        const char *incident,
                        const char *id,
                        GError    **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(FbWorker) worker = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  worker = fb_store_get_worker (self, incident, id);
  if (worker == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND, _("This incident has no such worker"));
      return FALSE;
    }

  json_object_set_string_member (body, "person", fb_worker_get_person (worker));
  return apply_one_draft (self, fb_op_new (FB_OP_KIND_WORKER_REMOVE, incident, id, body), error);
}

char *
fb_store_add_checklist_item (FbStore    *self,
                             const char *incident,
                             FbSection   section,
                             const char *text,
                             int         position,
                             const char *playbook_item,
                             GError    **error)
{
  g_autofree char *id = fb_uuid_new ();
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (section < FB_N_SECTIONS, NULL);

  json_object_set_string_member (body, "section", fb_section_to_string (section));
  json_object_set_string_member (body, "text", text);
  json_object_set_int_member (body, "position", MAX (position, 0));
  if (playbook_item != NULL)
    json_object_set_string_member (body, "playbook_item", playbook_item);

  if (!apply_one_draft (self, fb_op_new (FB_OP_KIND_CHECKLIST_ADD, incident, id, body), error))
    return NULL;

  return g_steal_pointer (&id);
}

gboolean
fb_store_set_checklist_item (FbStore    *self,
                             const char *item,
                             JsonObject *fields,
                             GError    **error)
{
  g_autoptr(FbChecklistItem) current = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  current = fb_store_get_checklist_item (self, item);
  if (current == NULL)
    return not_found (error, MISSING_ITEM, item);

  return apply_one_draft (self,
                          fb_op_new (FB_OP_KIND_CHECKLIST_SET, fb_checklist_item_get_incident (current), item, fields),
                          error);
}
