/* fb-store-deadlines.c — an incident's deadline clocks: reading them, and
 * the commands that make, change, meet and waive them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A playbook's deadline carries the answer it needs ("applies"); the
 * incident carries the answers. A deadline that stops applying when an
 * answer changes is marked inapplicable rather than waived or deleted: it
 * leaves the lists but keeps its state, and comes back as it was when the
 * answer does. Its playbook_deadline id keeps the same clock from being
 * made twice.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "firebreak-core.h"
#include "fb-deadline-private.h"
#include "fb-incident-private.h"
#include "fb-playbook-private.h"
#include "fb-store-private.h"

/* Reading ------------------------------------------------------------------ */

#define DEADLINE_COLUMNS \
  "d.id, d.incident, d.name, d.basis, d.anchor, d.minutes, d.due_at, d.rule," \
  " d.playbook_deadline, d.state, d.met_at, d.reason, d.inapplicable, d.created_at"

/* The due time in SQL, as fb_deadline_get_due_at() computes it, to list
 * the clocks in the order they fall due. */
#define DEADLINE_DUE \
  "CASE d.anchor WHEN 'fixed' THEN d.due_at" \
  " WHEN 'aware' THEN (CASE WHEN i.aware_at > 0 THEN i.aware_at ELSE i.detected_at END) + d.minutes * 60000" \
  " WHEN 'declared' THEN (CASE WHEN i.declared_at > 0 THEN i.declared_at ELSE i.detected_at END) + d.minutes * 60000" \
  " ELSE i.detected_at + d.minutes * 60000 END"

static FbDeadline *
deadline_from_row (sqlite3_stmt *stmt)
{
  FbDeadline *self = _fb_deadline_new ();

  self->id = _fb_column_dup (stmt, 0);
  self->incident = _fb_column_dup (stmt, 1);
  self->name = _fb_column_dup (stmt, 2);
  self->basis = _fb_column_dup (stmt, 3);
  fb_deadline_anchor_from_string (_fb_column_text (stmt, 4), &self->from);
  self->minutes = sqlite3_column_int64 (stmt, 5);
  self->due_at = sqlite3_column_int64 (stmt, 6);
  fb_deadline_rule_from_string (_fb_column_text (stmt, 7), &self->rule);
  self->playbook_deadline = _fb_column_dup (stmt, 8);
  fb_deadline_state_from_string (_fb_column_text (stmt, 9), &self->state);
  self->met_at = sqlite3_column_int64 (stmt, 10);
  self->reason = _fb_column_dup (stmt, 11);
  self->inapplicable = sqlite3_column_int (stmt, 12) != 0;
  self->created_at = sqlite3_column_int64 (stmt, 13);

  return self;
}

static GListModel *
collect_deadlines (sqlite3_stmt *stmt)
{
  GListStore *list = g_list_store_new (FB_TYPE_DEADLINE);

  if (stmt == NULL)
    return G_LIST_MODEL (list);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(FbDeadline) deadline = deadline_from_row (stmt);
      g_list_store_append (list, deadline);
    }
  sqlite3_reset (stmt);

  return G_LIST_MODEL (list);
}

/**
 * fb_store_list_deadlines:
 * @incident: an incident's id
 *
 * The incident's deadlines that apply, in the order they fall due.
 *
 * Returns: (transfer full): a list of #FbDeadline
 */
GListModel *
fb_store_list_deadlines (FbStore    *self,
                         const char *incident)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  stmt = _fb_store_stmt (self,
                         "SELECT " DEADLINE_COLUMNS " FROM deadlines d JOIN incidents i ON i.id = d.incident"
                         " WHERE d.incident = ? AND NOT d.inapplicable"
                         " ORDER BY " DEADLINE_DUE ", d.name, d.id");
  if (stmt != NULL)
    sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);

  return collect_deadlines (stmt);
}

/* Every deadline of @incident, those that no longer apply too. */
static GListModel *
list_all_deadlines (FbStore    *self,
                    const char *incident)
{
  sqlite3_stmt *stmt;

  stmt = _fb_store_stmt (self, "SELECT " DEADLINE_COLUMNS " FROM deadlines d WHERE d.incident = ?"
                               " ORDER BY d.created_at, d.id");
  if (stmt != NULL)
    sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);

  return collect_deadlines (stmt);
}

FbDeadline *
fb_store_get_deadline (FbStore    *self,
                       const char *id)
{
  g_autoptr(GListModel) list = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT " DEADLINE_COLUMNS " FROM deadlines d WHERE d.id = ?");
  if (stmt != NULL)
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  list = collect_deadlines (stmt);
  return g_list_model_get_item (list, 0);
}

/* Drafts ------------------------------------------------------------------- */

/* Takes @body. */
static FbOp *
deadline_draft (const char *incident,
                const char *id,
                JsonObject *body)
{
  g_autofree char *entity = id != NULL ? g_strdup (id) : fb_uuid_new ();
  FbOp *op = fb_op_new (FB_OP_KIND_DEADLINE_SET, incident, entity, body);

  json_object_unref (body);
  return op;
}

static gint64
allowed_minutes (const FbPlaybookDeadline *deadline,
                 const FbDeadlineRules    *answers)
{
  if (answers->improper_purpose && deadline->improper_minutes > 0)
    return deadline->improper_minutes;

  return deadline->minutes;
}

static FbOp *
playbook_deadline_draft (const FbPlaybookDeadline *deadline,
                         const char               *incident,
                         const FbDeadlineRules    *answers)
{
  const char *language = fb_playbook_get_current_language ();
  g_autoptr(JsonObject) body = json_object_new ();
  const char *basis = fb_playbook_text_get (&deadline->basis, language);

  json_object_set_string_member (body, "name", fb_playbook_text_get (&deadline->title, language));
  if (basis != NULL)
    json_object_set_string_member (body, "basis", basis);
  json_object_set_string_member (body, "anchor", deadline->from);
  json_object_set_int_member (body, "minutes", allowed_minutes (deadline, answers));
  json_object_set_string_member (body, "rule", fb_deadline_rule_to_string (deadline->applies));
  json_object_set_string_member (body, "playbook_deadline", deadline->id);
  json_object_set_string_member (body, "state", "open");

  return deadline_draft (incident, NULL, g_steal_pointer (&body));
}

static FbDeadline *
find_from_playbook (GListModel *existing,
                    const char *playbook_deadline)
{
  guint n = existing != NULL ? g_list_model_get_n_items (existing) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbDeadline) row = g_list_model_get_item (existing, i);

      if (g_strcmp0 (row->playbook_deadline, playbook_deadline) == 0)
        return g_steal_pointer (&row);
    }

  return NULL;
}

/* The playbook's deadlines that apply under @answers and are not in
 * @existing yet; for those in it, what changes with the answers. */
void
_fb_store_add_deadline_drafts (FbPlaybook            *playbook,
                               GListModel            *existing,
                               const char            *incident,
                               const FbDeadlineRules *answers,
                               GPtrArray             *drafts)
{
  guint n = playbook != NULL ? fb_playbook_get_n_deadlines (playbook) : 0;

  for (guint i = 0; i < n; i++)
    {
      const FbPlaybookDeadline *deadline = fb_playbook_get_deadline (playbook, i);
      g_autoptr(FbDeadline) row = find_from_playbook (existing, deadline->id);
      gint64 minutes = allowed_minutes (deadline, answers);
      g_autoptr(JsonObject) body = NULL;

      if (row == NULL)
        {
          if (fb_deadline_rules_apply (answers, deadline->applies))
            g_ptr_array_add (drafts, playbook_deadline_draft (deadline, incident, answers));
          continue;
        }

      /* The improper-purpose answer changes the time allowed, unless
       * someone has set it by hand or the clock is over. */
      if (deadline->improper_minutes > 0 && row->state == FB_DEADLINE_OPEN &&
          row->minutes != minutes &&
          (row->minutes == deadline->minutes || row->minutes == deadline->improper_minutes))
        {
          body = json_object_new ();
          json_object_set_int_member (body, "minutes", minutes);
          g_ptr_array_add (drafts, deadline_draft (incident, row->id, g_steal_pointer (&body)));
        }
    }

  /* Hand-made deadlines carry a rule too, if their maker gave one. */
  n = existing != NULL ? g_list_model_get_n_items (existing) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbDeadline) row = g_list_model_get_item (existing, i);
      gboolean applies = fb_deadline_rules_apply (answers, row->rule);
      g_autoptr(JsonObject) body = NULL;

      if (applies != row->inapplicable)
        continue;

      body = json_object_new ();
      json_object_set_boolean_member (body, "inapplicable", !applies);
      g_ptr_array_add (drafts, deadline_draft (incident, row->id, g_steal_pointer (&body)));
    }
}

static void
copy_members (JsonObject *from,
              JsonObject *to)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, from);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (to, name, json_node_copy (node));
}

void
_fb_store_set_answers (JsonObject            *body,
                       const FbDeadlineRules *answers)
{
  json_object_set_boolean_member (body, "personal_data", answers->personal_data);
  json_object_set_boolean_member (body, "eu_people", answers->eu_people);
  json_object_set_boolean_member (body, "nis2_entity", answers->nis2_entity);
  json_object_set_boolean_member (body, "improper_purpose", answers->improper_purpose);
  json_object_set_int_member (body, "aware_at", MAX (answers->aware_at, 0));
}

/* Commands ----------------------------------------------------------------- */

static gboolean
apply_drafts (FbStore   *self,
              GPtrArray *drafts,
              GError   **error)
{
  if (drafts->len == 0)
    return TRUE;

  return fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

static gboolean
no_deadline (GError    **error,
             const char *id)
{
  g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
               _("There is no deadline “%s” in this database"), id);
  return FALSE;
}

/* The system entry's data for new answers; its plain English into @text. */
static JsonObject *
describe_answers (const FbDeadlineRules *answers,
                  GString               *text)
{
  const struct { const char *field; const char *label; gboolean on; } parts[] = {
    { "personal_data", "personal data", answers->personal_data },
    { "eu_people", "people in the EU", answers->eu_people },
    { "nis2_entity", "NIS2 entity", answers->nis2_entity },
    { "improper_purpose", "improper purpose", answers->improper_purpose },
  };
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "event", "rules");
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      json_object_set_string_member (data, parts[i].field, parts[i].on ? "yes" : "no");
      g_string_append_printf (text, "%s %s %s", i > 0 ? "," : "", parts[i].label,
                              parts[i].on ? "yes" : "no");
    }

  return data;
}

/**
 * fb_store_set_deadline_rules:
 * @incident: an incident's id
 * @answers: the answers to "Which rules apply?"
 * @playbook: (nullable): the incident's playbook, whose deadlines that
 *   now apply are added
 *
 * Changes the answers, and the clocks with them, in one transaction:
 * deadlines that now apply are added (or come back), those that no longer
 * do leave the lists, and APPI's final report gets the time allowed for
 * the purpose. A system entry notes the new answers.
 */
gboolean
fb_store_set_deadline_rules (FbStore               *self,
                             const char            *incident,
                             const FbDeadlineRules *answers,
                             FbPlaybook            *playbook,
                             GError               **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(FbIncident) current = NULL;
  g_autoptr(GListModel) existing = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GString) text = g_string_new ("Rules that apply:");
  JsonObject *data;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  current = fb_store_get_incident (self, incident);
  if (current == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no incident “%s” in this database"), incident);
      return FALSE;
    }
  if (!_fb_incident_check_clocks (current, error))
    return FALSE;

  _fb_store_set_answers (fields, answers);
  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_INCIDENT_UPDATE, incident, incident, fields));

  existing = list_all_deadlines (self, incident);
  _fb_store_add_deadline_drafts (playbook, existing, incident, answers, drafts);

  data = describe_answers (answers, text);
  g_ptr_array_add (drafts, _fb_system_entry_draft (incident, text->str, fb_store_now_ms (self), data));

  return apply_drafts (self, drafts, error);
}

/**
 * fb_store_set_deadline:
 * @incident: an incident's id
 * @id: (nullable): the deadline to change, or %NULL for a new one
 * @fields: the fields of a deadline.set op (name, basis, anchor, minutes,
 *   due_at, rule, state, met_at, reason)
 *
 * Adds or edits a deadline by hand.
 *
 * Returns: (transfer full): the deadline's id, or %NULL with @error set
 */
char *
fb_store_set_deadline (FbStore    *self,
                       const char *incident,
                       const char *id,
                       JsonObject *fields,
                       GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *entity = NULL;
  FbOp *draft;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  if (id == NULL)
    {
      g_autoptr(FbIncident) current = fb_store_get_incident (self, incident);

      if (current != NULL && !_fb_incident_check_clocks (current, error))
        return NULL;
    }

  body = json_object_new ();
  if (id == NULL && !json_object_has_member (fields, "state"))
    json_object_set_string_member (body, "state", "open");
  copy_members (fields, body);

  draft = deadline_draft (incident, id, g_steal_pointer (&body));
  entity = g_strdup (draft->entity);
  g_ptr_array_add (drafts, draft);
  if (!apply_drafts (self, drafts, error))
    return NULL;

  return g_steal_pointer (&entity);
}

static gboolean
close_deadline (FbStore         *self,
                const char      *id,
                FbDeadlineState  state,
                gint64           at,
                const char      *reason,
                GError         **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(FbDeadline) current = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *text = NULL;
  JsonObject *data = json_object_new ();

  current = fb_store_get_deadline (self, id);
  if (current == NULL)
    {
      json_object_unref (data);
      return no_deadline (error, id);
    }

  json_object_set_string_member (body, "state", fb_deadline_state_to_string (state));
  json_object_set_string_member (data, "deadline", id);
  json_object_set_string_member (data, "name", current->name);

  if (state == FB_DEADLINE_MET)
    {
      json_object_set_int_member (body, "met_at", at);
      json_object_set_string_member (data, "event", "deadline-met");
      text = g_strdup_printf ("Deadline met: %s", current->name);
    }
  else
    {
      json_object_set_string_member (body, "reason", reason);
      json_object_set_string_member (data, "event", "deadline-waived");
      json_object_set_string_member (data, "reason", reason);
      text = reason[0] != '\0' ? g_strdup_printf ("Deadline waived: %s (%s)", current->name, reason)
                               : g_strdup_printf ("Deadline waived: %s", current->name);
    }

  g_ptr_array_add (drafts, deadline_draft (current->incident, id, g_steal_pointer (&body)));
  g_ptr_array_add (drafts, _fb_system_entry_draft (current->incident, text, at, data));

  return apply_drafts (self, drafts, error);
}

/**
 * fb_store_meet_deadline:
 * @id: a deadline
 * @met_at: when it was met; 0 for now
 *
 * Marks a deadline met and notes it in the timeline, in one transaction.
 */
gboolean
fb_store_meet_deadline (FbStore    *self,
                        const char *id,
                        gint64      met_at,
                        GError    **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return close_deadline (self, id, FB_DEADLINE_MET, met_at > 0 ? met_at : fb_store_now_ms (self),
                         NULL, error);
}

/**
 * fb_store_waive_deadline:
 * @id: a deadline
 * @reason: why it does not have to be met
 *
 * Waives a deadline and notes it, with the reason, in the timeline.
 */
gboolean
fb_store_waive_deadline (FbStore    *self,
                         const char *id,
                         const char *reason,
                         GError    **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return close_deadline (self, id, FB_DEADLINE_WAIVED, fb_store_now_ms (self),
                         reason != NULL ? reason : "", error);
}
