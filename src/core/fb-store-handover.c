/* fb-store-handover.c — command handed over in two steps: offered, then
 * accepted by the incoming commander on their own workstation
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An offer (handover.offer) carries the briefing and changes nobody's
 * role: the outgoing commander stays in command until the incoming one
 * accepts (handover.accept), which moves the commander role. Until then
 * the outgoing commander may withdraw it, or the incoming one decline it
 * (handover.withdraw). Stores may see an acceptance and a withdrawal made
 * at the same time in either order; an accepted offer stays accepted and
 * otherwise the earlier closing wins, so every store ends alike.
 *
 * The older role.handover, one op that moved command at once, still
 * applies as it did (fb-store-incident.c).
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-error.h"
#include "fb-handover-private.h"
#include "fb-incident.h"
#include "fb-incident-summary.h"
#include "fb-op-kinds-private.h"
#include "fb-role.h"
#include "fb-store-handover.h"

static const char * const state_names[] = {
  [FB_HANDOVER_OFFERED] = "offered",
  [FB_HANDOVER_ACCEPTED] = "accepted",
  [FB_HANDOVER_DECLINED] = "declined",
  [FB_HANDOVER_WITHDRAWN] = "withdrawn",
};

static const char *
body_string (JsonObject *body,
             const char *name)
{
  return json_object_get_string_member_with_default (body, name, "");
}

/* Applying -------------------------------------------------------------------- */

gboolean
_fb_apply_handover_offer (FbStore          *self,
                          const FbApplyCtx *ctx,
                          GError          **error)
{
  sqlite3_stmt *stmt;

  if (!_fb_apply_set_fields (self, ctx, error))
    return FALSE;

  stmt = _fb_store_stmt (self, "UPDATE handovers SET offered_at = ?, offered_by = ? WHERE id = ?");
  if (stmt == NULL)
    return _fb_store_step_done (self, NULL, error);
  sqlite3_bind_int64 (stmt, 1, ctx->wall_ms);
  sqlite3_bind_text (stmt, 2, ctx->op->author, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, ctx->op->entity, -1, SQLITE_STATIC);
  return _fb_store_step_done (self, stmt, error);
}

/* Sets how the offer ended when @sql's condition lets it: the closing
 * with the smaller stamp wins, and an acceptance over any other. */
static gboolean
close_offer (FbStore          *self,
             const FbApplyCtx *ctx,
             const char       *sql,
             const char       *state,
             const char       *by,
             GError          **error)
{
  sqlite3_stmt *stmt;

  if (!_fb_apply_ensure_row (self, ctx, error))
    return FALSE;

  stmt = _fb_store_stmt (self, sql);
  if (stmt == NULL)
    return _fb_store_step_done (self, NULL, error);
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ctx->wall_ms);
  sqlite3_bind_text (stmt, 3, by, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ctx->stamp, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ctx->op->entity, -1, SQLITE_STATIC);
  return _fb_store_step_done (self, stmt, error);
}

gboolean
_fb_apply_handover_accept (FbStore          *self,
                           const FbApplyCtx *ctx,
                           GError          **error)
{
  JsonObject *body = ctx->op->body;

  return close_offer (self, ctx,
                      "UPDATE handovers SET state = ?1, closed_at = ?2, closed_by = ?3, closed_stamp = ?4"
                      " WHERE id = ?5 AND (state <> 'accepted' OR closed_stamp > ?4)",
                      "accepted", body_string (body, "incoming"), error) &&
         _fb_apply_set_role (self, ctx, "commander", body_string (body, "incoming"),
                             json_object_get_string_member_with_default (body, "contact", NULL),
                             error);
}

gboolean
_fb_apply_handover_withdraw (FbStore          *self,
                             const FbApplyCtx *ctx,
                             GError          **error)
{
  JsonObject *body = ctx->op->body;
  gboolean declined = json_object_get_boolean_member_with_default (body, "declined", FALSE);

  return close_offer (self, ctx,
                      "UPDATE handovers SET state = ?1, closed_at = ?2, closed_by = ?3, closed_stamp = ?4"
                      " WHERE id = ?5 AND state <> 'accepted' AND (state = 'offered' OR closed_stamp > ?4)",
                      declined ? "declined" : "withdrawn", body_string (body, "by"), error);
}

/* Describing ------------------------------------------------------------------ */

/* The entry's data: which handover, from whom to whom. */
static JsonObject *
handover_event_new (const FbOp  *op,
                    const char  *event,
                    const char **outgoing,
                    const char **incoming)
{
  JsonObject *data = json_object_new ();

  *outgoing = body_string (op->body, "outgoing");
  *incoming = body_string (op->body, "incoming");
  json_object_set_string_member (data, "event", event);
  json_object_set_string_member (data, "handover", op->entity);
  json_object_set_string_member (data, "from", *outgoing);
  json_object_set_string_member (data, "to", *incoming);
  return data;
}

/* Compact: the briefing is the handover's, on the board and on paper. */
JsonObject *
_fb_describe_handover_offer (const FbOp *op,
                             char      **text)
{
  const char *outgoing, *incoming;
  JsonObject *data = handover_event_new (op, "handover-offered", &outgoing, &incoming);

  *text = outgoing[0] != '\0' ? g_strdup_printf ("%s offered command to %s", outgoing, incoming)
                              : g_strdup_printf ("Command offered to %s", incoming);
  return data;
}

/* Says "handover" as role.handover did, so that what reads handovers (the
 * update clock, the report, the notifier) reads accepted offers alike. */
JsonObject *
_fb_describe_handover_accept (const FbOp *op,
                              char      **text)
{
  JsonObject *body = op->body;
  const char *outgoing, *incoming;
  JsonObject *data = handover_event_new (op, "handover", &outgoing, &incoming);

  json_object_set_string_member (data, "accepted", "yes");
  if (json_object_has_member (body, "next_update_at"))
    json_object_set_int_member (data, "next_update_at",
                                json_object_get_int_member (body, "next_update_at"));

  *text = outgoing[0] != '\0'
    ? g_strdup_printf ("%s accepted command from %s", incoming, outgoing)
    : g_strdup_printf ("%s accepted command", incoming);
  return data;
}

JsonObject *
_fb_describe_handover_withdraw (const FbOp *op,
                                char      **text)
{
  JsonObject *body = op->body;
  gboolean declined = json_object_get_boolean_member_with_default (body, "declined", FALSE);
  const char *by = body_string (body, "by");
  const char *incoming = body_string (body, "incoming");
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "event", declined ? "handover-declined" : "handover-withdrawn");
  json_object_set_string_member (data, "handover", op->entity);
  json_object_set_string_member (data, "by", by);
  json_object_set_string_member (data, "to", incoming);

  if (declined)
    *text = g_strdup_printf ("%s declined the handover of command", by);
  else if (incoming[0] != '\0')
    *text = g_strdup_printf ("%s withdrew the handover of command to %s", by, incoming);
  else
    *text = g_strdup_printf ("%s withdrew the handover of command", by);
  return data;
}

/* Commands -------------------------------------------------------------------- */

static gboolean
apply_one (FbStore    *self,
           FbOpKind    kind,
           const char *incident,
           const char *entity,
           JsonObject *body,
           GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

  g_ptr_array_add (drafts, fb_op_new (kind, incident, entity, body));
  return fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

static void
set_nonempty (JsonObject *body,
              const char *member,
              const char *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (value != NULL ? value : ""));

  if (copy[0] != '\0')
    json_object_set_string_member (body, member, copy);
}

void
_fb_briefing_to_body (const FbBriefing *briefing,
                      JsonObject       *body)
{
  if (briefing == NULL)
    return;

  set_nonempty (body, "situation", briefing->situation);
  set_nonempty (body, "objectives", briefing->objectives);
  set_nonempty (body, "open_items", briefing->open_items);
  set_nonempty (body, "pending_decisions", briefing->pending_decisions);
  set_nonempty (body, "deadlines", briefing->deadlines);
  if (briefing->next_update_at > 0)
    json_object_set_int_member (body, "next_update_at", briefing->next_update_at);
}

/* What an acceptance of the offer with @offer's body says. */
static JsonObject *
accept_body (JsonObject *offer)
{
  JsonObject *body = json_object_new ();
  const char * const copied[] = { "outgoing", "incoming", "contact", "next_update_at" };

  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    if (json_object_has_member (offer, copied[i]))
      json_object_set_member (body, copied[i], json_node_copy (json_object_get_member (offer, copied[i])));

  return body;
}

/* The incident, or %NULL with an error a user can act on. */
FbIncident *
_fb_store_find_incident (FbStore    *self,
                         const char *incident,
                         GError    **error)
{
  FbIncident *found = fb_store_get_incident (self, incident);

  if (found == NULL)
    g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                 _("There is no incident “%s” in this database"), incident);
  return found;
}

/**
 * fb_store_offer_handover:
 * @incoming: the incoming commander's name, as they set it in Firebreak on
 *   their workstation: only a workstation of that name can accept
 * @briefing: (nullable): what the outgoing commander tells them
 *
 * Offers command of @incident; the current commander keeps it until the
 * offer is accepted. An offer still open is withdrawn by this one. When
 * the incoming commander is the one this store writes as, they are at
 * their own workstation: the offer is accepted in the same change.
 *
 * Returns: (transfer full) (nullable): the handover's id
 */
char *
fb_store_offer_handover (FbStore          *self,
                         const char       *incident,
                         const char       *incoming,
                         const char       *contact,
                         const FbBriefing *briefing,
                         GError          **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(FbRole) current = NULL;
  g_autoptr(FbHandover) open = NULL;
  g_autoptr(JsonObject) acceptance = NULL;
  g_autoptr(FbIncident) subject = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  gboolean here;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  subject = _fb_store_find_incident (self, incident, error);
  if (subject == NULL)
    return NULL;

  name = g_strstrip (g_strdup (incoming != NULL ? incoming : ""));
  if (name[0] == '\0')
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("Name the incoming incident commander"));
      return NULL;
    }

  current = fb_store_get_role (self, incident, "commander");
  if (current != NULL && fb_person_equal (fb_role_get_person (current), name))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("%s is already the incident commander"), name);
      return NULL;
    }

  open = fb_store_get_offered_handover (self, incident);
  if (open != NULL)
    {
      g_autoptr(JsonObject) withdraw = json_object_new ();

      json_object_set_string_member (withdraw, "by", fb_store_get_author (self));
      json_object_set_string_member (withdraw, "incoming", open->incoming);
      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_HANDOVER_WITHDRAW, incident, open->id,
                                          withdraw));
    }

  if (current != NULL)
    json_object_set_string_member (body, "outgoing", fb_role_get_person (current));
  json_object_set_string_member (body, "incoming", name);
  if (contact != NULL && contact[0] != '\0')
    json_object_set_string_member (body, "contact", contact);
  _fb_briefing_to_body (briefing, body);

  here = fb_person_equal (fb_store_get_author (self), name);
  acceptance = here ? accept_body (body) : NULL;
  id = fb_uuid_new ();
  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_HANDOVER_OFFER, incident, id, body));
  if (here)
    g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_HANDOVER_ACCEPT, incident, id, acceptance));
  if (!fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error))
    return NULL;

  return g_steal_pointer (&id);
}

static FbHandover *
get_open_offer (FbStore    *self,
                const char *incident,
                const char *handover,
                GError    **error)
{
  g_autoptr(FbHandover) offer = fb_store_get_handover (self, handover);

  if (offer == NULL || g_strcmp0 (offer->incident, incident) != 0)
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                           _("This handover is not in the record of this incident"));
      return NULL;
    }

  if (offer->state != FB_HANDOVER_OFFERED)
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           offer->state == FB_HANDOVER_ACCEPTED
                           ? _("This handover has already been accepted")
                           : _("This handover is no longer offered"));
      return NULL;
    }

  return g_steal_pointer (&offer);
}

/**
 * fb_store_accept_handover:
 *
 * Accepts a handover offered to the person this store writes as
 * (fb_store_get_author()): the incoming commander, on their own
 * workstation. Anyone else is refused, and nothing changes.
 */
gboolean
fb_store_accept_handover (FbStore    *self,
                          const char *incident,
                          const char *handover,
                          GError    **error)
{
  g_autoptr(FbHandover) offer = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  const char *me;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL && handover != NULL, FALSE);

  offer = get_open_offer (self, incident, handover, error);
  if (offer == NULL)
    return FALSE;

  me = fb_store_get_author (self);
  if (!fb_person_equal (me, offer->incoming))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Command is offered to %s, and this workstation is set up for %s. "
                     "%s accepts on their own workstation; if that is you, set your name "
                     "in Preferences first."),
                   offer->incoming, me, offer->incoming);
      return FALSE;
    }

  if (offer->outgoing[0] != '\0')
    json_object_set_string_member (body, "outgoing", offer->outgoing);
  json_object_set_string_member (body, "incoming", offer->incoming);
  if (offer->contact != NULL)
    json_object_set_string_member (body, "contact", offer->contact);
  if (offer->briefing->next_update_at > 0)
    json_object_set_int_member (body, "next_update_at", offer->briefing->next_update_at);

  return apply_one (self, FB_OP_KIND_HANDOVER_ACCEPT, incident, handover, body, error);
}

static gboolean
close_with (FbStore    *self,
            const char *incident,
            const char *handover,
            gboolean    declined,
            GError    **error)
{
  g_autoptr(FbHandover) offer = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(FbRole) current = NULL;
  const char *me;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL && handover != NULL, FALSE);

  offer = get_open_offer (self, incident, handover, error);
  if (offer == NULL)
    return FALSE;

  me = fb_store_get_author (self);
  current = fb_store_get_role (self, incident, "commander");
  if (declined && !fb_person_equal (me, offer->incoming))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Only %s, to whom command is offered, can decline it"), offer->incoming);
      return FALSE;
    }

  /* The one who offered, or whoever commands now, may take it back. */
  if (!declined && !fb_person_equal (me, offer->outgoing) && !fb_person_equal (me, offer->offered_by) &&
      (current == NULL || !fb_person_equal (me, fb_role_get_person (current))))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Only the commander who offered this handover can withdraw it"));
      return FALSE;
    }

  json_object_set_string_member (body, "by", me);
  json_object_set_string_member (body, "incoming", offer->incoming);
  if (declined)
    json_object_set_boolean_member (body, "declined", TRUE);

  return apply_one (self, FB_OP_KIND_HANDOVER_WITHDRAW, incident, handover, body, error);
}

/**
 * fb_store_withdraw_handover:
 *
 * Takes back an offer not yet accepted: allowed to the one who offered it
 * and to the commander.
 */
gboolean
fb_store_withdraw_handover (FbStore    *self,
                            const char *incident,
                            const char *handover,
                            GError    **error)
{
  return close_with (self, incident, handover, FALSE, error);
}

/**
 * fb_store_decline_handover:
 *
 * The incoming commander says no; the outgoing one stays in command.
 */
gboolean
fb_store_decline_handover (FbStore    *self,
                           const char *incident,
                           const char *handover,
                           GError    **error)
{
  return close_with (self, incident, handover, TRUE, error);
}

/* Queries --------------------------------------------------------------------- */

#define HANDOVER_COLUMNS \
  "id, incident, outgoing, incoming, contact, situation, objectives, open_items," \
  " pending_decisions, deadlines, next_update_at, offered_at, offered_by, state, closed_at, closed_by"

/* A role.handover of an older record, from the entry it left: offered and
 * accepted at once. */
#define LEGACY_HANDOVERS \
  "SELECT id, incident, coalesce (json_extract (data, '$.from'), ''), coalesce (json_extract (data, '$.to'), '')," \
  " NULL, coalesce (json_extract (data, '$.situation'), ''), ''," \
  " coalesce (json_extract (data, '$.open_items'), ''), coalesce (json_extract (data, '$.pending_decisions'), '')," \
  " '', coalesce (json_extract (data, '$.next_update_at'), 0), occurred_at, author, 'accepted', occurred_at," \
  " coalesce (json_extract (data, '$.to'), '')" \
  " FROM entries WHERE kind = 'system' AND json_valid (data)" \
  " AND json_extract (data, '$.event') = 'handover' AND json_extract (data, '$.accepted') IS NULL"

static FbHandover *
handover_from_row (sqlite3_stmt *stmt)
{
  FbHandover *self = _fb_handover_new ();
  const char *state = _fb_column_text (stmt, 13);

  self->id = _fb_column_dup (stmt, 0);
  self->incident = _fb_column_dup (stmt, 1);
  self->outgoing = _fb_column_dup (stmt, 2);
  self->incoming = _fb_column_dup (stmt, 3);
  self->contact = _fb_column_dup_nonempty (stmt, 4);
  self->briefing = fb_briefing_new ();
  g_free (self->briefing->situation);
  self->briefing->situation = _fb_column_dup (stmt, 5);
  g_free (self->briefing->objectives);
  self->briefing->objectives = _fb_column_dup (stmt, 6);
  g_free (self->briefing->open_items);
  self->briefing->open_items = _fb_column_dup (stmt, 7);
  g_free (self->briefing->pending_decisions);
  self->briefing->pending_decisions = _fb_column_dup (stmt, 8);
  g_free (self->briefing->deadlines);
  self->briefing->deadlines = _fb_column_dup (stmt, 9);
  self->briefing->next_update_at = sqlite3_column_int64 (stmt, 10);
  self->offered_at = sqlite3_column_int64 (stmt, 11);
  self->offered_by = _fb_column_dup (stmt, 12);
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (state, state_names[i]))
      self->state = i;
  self->closed_at = sqlite3_column_int64 (stmt, 14);
  self->closed_by = _fb_column_dup (stmt, 15);

  return self;
}

/**
 * fb_store_list_handovers:
 *
 * Returns: (transfer full): the handovers of @incident offered so far,
 *   oldest first, whatever became of them (#FbHandover); those of an
 *   older record's role.handover as offered and accepted at once
 */
GListModel *
fb_store_list_handovers (FbStore    *self,
                         const char *incident)
{
  GListStore *list = g_list_store_new (FB_TYPE_HANDOVER);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), G_LIST_MODEL (list));

  /* A row made by an acceptance that overtook its offer has no offer yet. */
  stmt = _fb_store_stmt (self, "SELECT * FROM (SELECT " HANDOVER_COLUMNS " FROM handovers"
                               " WHERE incident = ?1 AND incoming <> ''"
                               " UNION ALL " LEGACY_HANDOVERS " AND incident = ?1)"
                               " ORDER BY 12, 1");
  if (stmt == NULL)
    return G_LIST_MODEL (list);
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(FbHandover) handover = handover_from_row (stmt);

      g_list_store_append (list, handover);
    }
  sqlite3_reset (stmt);

  return G_LIST_MODEL (list);
}

static FbHandover *
get_one (FbStore    *self,
         const char *sql,
         const char *value)
{
  sqlite3_stmt *stmt = _fb_store_stmt (self, sql);
  FbHandover *handover = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    handover = handover_from_row (stmt);
  sqlite3_reset (stmt);

  return handover;
}

/**
 * fb_store_get_handover:
 *
 * Returns: (transfer full) (nullable): the handover offered with that id
 */
FbHandover *
fb_store_get_handover (FbStore    *self,
                       const char *id)
{
  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  return get_one (self, "SELECT " HANDOVER_COLUMNS " FROM handovers WHERE id = ?1 AND incoming <> ''"
                        " UNION ALL " LEGACY_HANDOVERS " AND id = ?1", id);
}

/**
 * fb_store_get_offered_handover:
 *
 * Returns: (transfer full) (nullable): the latest handover of @incident
 *   still waiting for acceptance
 */
FbHandover *
fb_store_get_offered_handover (FbStore    *self,
                               const char *incident)
{
  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  return get_one (self, "SELECT " HANDOVER_COLUMNS " FROM handovers"
                        " WHERE incident = ? AND incoming <> '' AND state = 'offered'"
                        " ORDER BY offered_at DESC, id DESC LIMIT 1", incident);
}
