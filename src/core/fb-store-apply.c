/* fb-store-apply.c — the one door: how an op changes the tables
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Local and remote ops take the same path through fb_store_apply(),
 * inside one transaction that also appends them to the log (for local ops,
 * the log is also the outbox). Applying an op twice changes nothing; per-field
 * "last writer wins" compares (hlc, device) stamps, which every store
 * computes alike, so stores that see the same ops in any order agree.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-json-private.h"
#include "fb-op-kinds-private.h"
#include "fb-probe.h"
#include "fb-store-witness-private.h"

typedef enum
{
  INSERTED,
  DUPLICATE,
  FAILED,
} InsertResult;

/* Binding values ---------------------------------------------------------- */

static void
bind_node (sqlite3_stmt *stmt,
           int           index,
           JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      break;
    case G_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
      break;
    case G_TYPE_INT64:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Last writer wins ---------------------------------------------------------
 *
 * clocks remembers, per entity and field, the stamp and value of the last
 * writer. A field set before its row exists (an update that overtook the
 * create on the network) waits there and is replayed when the row comes. */

static int
lww_set (FbStore          *self,
         const char       *table,
         const FbApplyCtx *ctx,
         const char       *entity,
         const char       *field,
         JsonNode         *value,
         GError          **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *update = NULL;
  gboolean newer = TRUE;

  stmt = _fb_store_stmt (self, "SELECT stamp FROM clocks WHERE entity = ? AND field = ?");
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    newer = strcmp (_fb_column_text (stmt, 0), ctx->stamp) < 0;
  sqlite3_reset (stmt);

  if (!newer)
    return 0;

  stmt = _fb_store_stmt (self, "INSERT OR REPLACE INTO clocks (entity, field, stamp, value) VALUES (?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, ctx->stamp, -1, SQLITE_STATIC);
  bind_node (stmt, 4, value);
  if (!_fb_store_step_done (self, stmt, error))
    return -1;

  if (table == NULL)
    return 1;

  /* Field names come from the op specification, never from the op. */
  update = g_strdup_printf ("UPDATE %s SET %s = ? WHERE id = ?", table, field);
  stmt = _fb_store_stmt (self, update);
  if (stmt == NULL)
    return _fb_store_step_done (self, NULL, error) ? 1 : -1;
  bind_node (stmt, 1, value);
  sqlite3_bind_text (stmt, 2, entity, -1, SQLITE_STATIC);
  if (!_fb_store_step_done (self, stmt, error))
    return -1;

  return 1;
}

static gboolean
lww_body (FbStore          *self,
          const char       *table,
          const FbApplyCtx *ctx,
          JsonObject       *body,
          GError          **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &node))
    if (lww_set (self, table, ctx, ctx->op->entity, name, node, error) < 0)
      return FALSE;

  return TRUE;
}

static gboolean
replay_clocks (FbStore    *self,
               const char *table,
               const char *entity,
               GError    **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) sqlite3_value_free);

  stmt = _fb_store_stmt (self, "SELECT field, value FROM clocks WHERE entity = ?");
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *field = _fb_column_text (stmt, 0);

      /* Role fields live on the incident's id but in their own table. */
      if (strchr (field, ':') != NULL)
        continue;

      g_ptr_array_add (fields, g_strdup (field));
      g_ptr_array_add (values, sqlite3_value_dup (sqlite3_column_value (stmt, 1)));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < fields->len; i++)
    {
      g_autofree char *update = g_strdup_printf ("UPDATE %s SET %s = ? WHERE id = ?",
                                                 table, (char *) g_ptr_array_index (fields, i));

      stmt = _fb_store_stmt (self, update);
      if (stmt == NULL)
        return _fb_store_step_done (self, NULL, error);
      sqlite3_bind_value (stmt, 1, g_ptr_array_index (values, i));
      sqlite3_bind_text (stmt, 2, entity, -1, SQLITE_STATIC);
      if (!_fb_store_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Inserts the row if it is new (then replays fields that came before it);
 * an existing row is left for the fields to update. */
static gboolean
ensure_row (FbStore          *self,
            const char       *insert_sql,
            const char       *table,
            const FbApplyCtx *ctx,
            GError          **error)
{
  sqlite3_stmt *stmt = _fb_store_stmt (self, insert_sql);
  JsonObject *body = ctx->op->body;
  int rc;

  if (stmt == NULL)
    return _fb_store_step_done (self, NULL, error);

  sqlite3_bind_text (stmt, 1, ctx->op->entity, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, ctx->op->incident, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, ctx->wall_ms);
  if (sqlite3_bind_parameter_count (stmt) >= 5)
    {
      bind_node (stmt, 4, json_object_get_member (body, "section"));
      bind_node (stmt, 5, json_object_get_member (body, "text"));
    }

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (!_fb_store_check (self, rc, error))
    return FALSE;

  if (sqlite3_changes (self->sql.db) > 0)
    return replay_clocks (self, table, ctx->op->entity, error);

  return TRUE;
}

/* Timeline entries ---------------------------------------------------------- */

static gboolean
insert_entry (FbStore          *self,
              const FbApplyCtx *ctx,
              const char       *id,
              const char       *kind,
              const char       *text,
              gint64            occurred_at,
              const char       *amends,
              const char       *data,
              GError          **error)
{
  const FbOp *op = ctx->op;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fb_store_stmt (self,
                         "INSERT INTO entries (id, incident, occurred_at, recorded_at, hlc, device,"
                         " author, kind, text, amends, data, op)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT (id) DO NOTHING");
  if (stmt == NULL)
    return _fb_store_step_done (self, NULL, error);

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->incident, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, occurred_at);
  sqlite3_bind_int64 (stmt, 4, ctx->wall_ms);
  sqlite3_bind_text (stmt, 5, op->hlc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, op->device, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, op->author, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, amends, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, data, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, op->id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (!_fb_store_check (self, rc, error))
    return FALSE;

  if (sqlite3_changes (self->sql.db) == 0)
    return TRUE;

  stmt = _fb_store_stmt (self, "INSERT INTO entries_fts (rowid, text) VALUES (last_insert_rowid(), ?)");
  if (stmt == NULL)
    return _fb_store_step_done (self, NULL, error);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if (!_fb_store_step_done (self, stmt, error))
    return FALSE;

  /* A pin that arrived before its entry; an entry made here has an id
   * nobody could have pinned yet. */
  if (g_str_equal (op->device, self->device_id) && g_str_equal (id, op->entity))
    return TRUE;

  return replay_clocks (self, "entries", id, error);
}

static gboolean
log_derived_entry (FbStore          *self,
                   const FbApplyCtx *ctx,
                   GError          **error)
{
  FbDerivedEntry derived;
  gboolean ok;

  if (!_fb_store_describe_entry (ctx->info, ctx->op, &derived))
    return TRUE;

  /* The entry takes the op's id: one op, one entry, in every store. */
  ok = insert_entry (self, ctx, ctx->op->id, derived.kind, derived.text,
                     ctx->wall_ms, NULL, derived.data, error);
  _fb_derived_entry_clear (&derived);

  return ok;
}

/* Materialising each kind of op ------------------------------------------- */

gboolean
_fb_apply_entry_add (FbStore          *self,
                     const FbApplyCtx *ctx,
                     GError          **error)
{
  JsonObject *body = ctx->op->body;
  g_autofree char *data = NULL;

  if (json_object_has_member (body, "data"))
    data = _fb_json_canonical_object (json_object_get_object_member (body, "data"));

  return insert_entry (self, ctx, ctx->op->entity,
                       json_object_get_string_member (body, "kind"),
                       json_object_get_string_member (body, "text"),
                       json_object_get_int_member (body, "occurred_at"),
                       json_object_get_string_member_with_default (body, "amends", NULL),
                       data, error);
}

static gboolean
set_role (FbStore          *self,
          const FbApplyCtx *ctx,
          const char       *role,
          const char       *person,
          const char       *contact,
          GError          **error)
{
  g_autoptr(JsonNode) value = json_node_new (JSON_NODE_VALUE);
  g_autofree char *field = g_strconcat ("role:", role, NULL);
  sqlite3_stmt *stmt;
  int won;

  json_node_set_string (value, person);
  won = lww_set (self, NULL, ctx, ctx->op->incident, field, value, error);
  if (won <= 0)
    return won == 0;

  if (person[0] == '\0')
    {
      stmt = _fb_store_stmt (self, "DELETE FROM roles WHERE incident = ? AND role = ?");
      sqlite3_bind_text (stmt, 1, ctx->op->incident, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, role, -1, SQLITE_STATIC);
      return _fb_store_step_done (self, stmt, error);
    }

  stmt = _fb_store_stmt (self,
                         "INSERT OR REPLACE INTO roles (incident, role, person, contact, assigned_at)"
                         " VALUES (?, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, ctx->op->incident, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, person, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, contact, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, ctx->wall_ms);
  return _fb_store_step_done (self, stmt, error);
}

/* The kind's row, made when it is new, with no field of the body set. */
gboolean
_fb_apply_ensure_row (FbStore          *self,
                      const FbApplyCtx *ctx,
                      GError          **error)
{
  return ensure_row (self, ctx->info->insert_sql, ctx->info->table, ctx, error);
}

gboolean
_fb_apply_set_role (FbStore          *self,
                    const FbApplyCtx *ctx,
                    const char       *role,
                    const char       *person,
                    const char       *contact,
                    GError          **error)
{
  return set_role (self, ctx, role, person, contact, error);
}

gboolean
_fb_apply_checklist_set (FbStore          *self,
                         const FbApplyCtx *ctx,
                         GError          **error)
{
  JsonObject *body = ctx->op->body;

  if (!lww_body (self, "checklist", ctx, body, error))
    return FALSE;

  /* Who finished an item and when travel with its state. */
  if (json_object_has_member (body, "state"))
    {
      const char *state = json_object_get_string_member (body, "state");
      gboolean finished = g_str_equal (state, "done") || g_str_equal (state, "skipped");
      g_autoptr(JsonNode) at = json_node_new (JSON_NODE_VALUE);
      g_autoptr(JsonNode) by = json_node_new (JSON_NODE_VALUE);

      json_node_set_int (at, finished ? ctx->wall_ms : 0);
      json_node_set_string (by, finished ? ctx->op->author : "");
      if (lww_set (self, "checklist", ctx, ctx->op->entity, "done_at", at, error) < 0 ||
          lww_set (self, "checklist", ctx, ctx->op->entity, "done_by", by, error) < 0)
        return FALSE;
    }

  return TRUE;
}

/* The whole restriction is one value: who may see an incident is decided
 * at once, never a user list of one writer with the groups of another. */
gboolean
_fb_apply_incident_restrict (FbStore          *self,
                             const FbApplyCtx *ctx,
                             GError          **error)
{
  g_autoptr(JsonNode) value = json_node_new (JSON_NODE_VALUE);
  g_autofree char *json = _fb_json_canonical_object (ctx->op->body);

  json_node_set_string (value, json);
  return lww_set (self, "incidents", ctx, ctx->op->entity, "restriction", value, error) >= 0;
}

/* Fields set by last writer wins, on a row made first where the kind
 * makes one. */
gboolean
_fb_apply_set_fields (FbStore          *self,
                      const FbApplyCtx *ctx,
                      GError          **error)
{
  const FbOpKindInfo *info = ctx->info;

  if (info->insert_sql != NULL &&
      !ensure_row (self, info->insert_sql, info->table, ctx, error))
    return FALSE;

  return lww_body (self, info->table, ctx, ctx->op->body, error);
}

gboolean
_fb_apply_role_assign (FbStore          *self,
                       const FbApplyCtx *ctx,
                       GError          **error)
{
  JsonObject *body = ctx->op->body;

  return set_role (self, ctx, json_object_get_string_member_with_default (body, "role", ""),
                   json_object_get_string_member_with_default (body, "person", ""),
                   json_object_get_string_member_with_default (body, "contact", NULL), error);
}

gboolean
_fb_apply_role_handover (FbStore          *self,
                         const FbApplyCtx *ctx,
                         GError          **error)
{
  JsonObject *body = ctx->op->body;

  return set_role (self, ctx, "commander", json_object_get_string_member_with_default (body, "to", ""),
                   json_object_get_string_member_with_default (body, "contact", NULL), error);
}

static gboolean
set_tombstone (FbStore          *self,
               const FbApplyCtx *ctx,
               const char       *column,
               GError          **error)
{
  g_autoptr(JsonNode) yes = json_node_new (JSON_NODE_VALUE);

  json_node_set_boolean (yes, TRUE);
  return lww_set (self, ctx->info->table, ctx, ctx->op->entity, column, yes, error) >= 0;
}

/* A tombstone, as for contacts: no op puts the worker back (adding them
 * again makes a new row). */
gboolean
_fb_apply_worker_remove (FbStore          *self,
                         const FbApplyCtx *ctx,
                         GError          **error)
{
  return set_tombstone (self, ctx, "removed", error);
}

/* A tombstone: deleted wins over any later edit, because no op can set it
 * back. */
gboolean
_fb_apply_contact_delete (FbStore          *self,
                          const FbApplyCtx *ctx,
                          GError          **error)
{
  return set_tombstone (self, ctx, "deleted", error);
}

static gboolean
materialise (FbStore          *self,
             const FbApplyCtx *ctx,
             GError          **error)
{
  const FbOpKindInfo *info = ctx->info;

  return info->apply (self, ctx, error) &&
         (info->describe == NULL || log_derived_entry (self, ctx, error));
}

/* The log -------------------------------------------------------------------- */

static InsertResult
insert_op (FbStore    *self,
           const FbOp *op,
           const char *body,
           gboolean    local,
           GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* One device number, one op: the same op again is a duplicate, another
   * op under the same number is a forked history. Our own new ops take
   * numbers nobody has used. */
  if (local)
    goto insert;

  stmt = _fb_store_stmt (self, "SELECT id FROM ops WHERE device = ? AND device_seq = ?");
  sqlite3_bind_text (stmt, 1, op->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, op->device_seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gboolean same = g_str_equal (_fb_column_text (stmt, 0), op->id);

      sqlite3_reset (stmt);
      if (same)
        return DUPLICATE;

      g_set_error (error, FB_ERROR, FB_ERROR_FORK,
                   _("Change %s claims number %lld of device %s, which another change "
                     "already holds: that device’s history has forked (a database copied and used twice?)"),
                   op->id, (long long) op->device_seq, op->device);
      return FAILED;
    }
  sqlite3_reset (stmt);

insert:
  stmt = _fb_store_stmt (self,
                         "INSERT INTO ops (id, device, device_seq, prev, hash, hlc, author, type,"
                         " incident, entity, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, op->device_seq);
  sqlite3_bind_text (stmt, 4, op->prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, op->hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, op->hlc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, op->author, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, op->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, op->incident, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, op->entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, body, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FORK,
                   _("Change %s is already recorded under another device or number"), op->id);
      return FAILED;
    }

  if (!_fb_store_check (self, rc, error))
    return FAILED;

  return INSERTED;
}

/* A remote op must fit between the neighbours we already hold from its
 * device. A gap is allowed (the missing op may still come); verification
 * names any gap that remains. */
static gboolean
check_neighbours (FbStore    *self,
                  const FbOp *op,
                  GError    **error)
{
  g_autofree char *before = _fb_store_chain_value (self, op->device, op->device_seq - 1, FALSE);
  g_autofree char *after = _fb_store_chain_value (self, op->device, op->device_seq + 1, TRUE);
  g_autofree char *here = _fb_store_chain_value (self, op->device, op->device_seq, FALSE);

  if ((before == NULL || g_str_equal (before, op->prev)) &&
      (after == NULL || g_str_equal (after, op->hash)) &&
      (here == NULL || g_str_equal (here, op->hash)))
    return TRUE;

  g_set_error (error, FB_ERROR, FB_ERROR_CHAIN,
               _("Change %s (device %s, number %lld) does not follow the changes "
                 "already recorded from that device: its history was altered or forked"),
               op->id, op->device, (long long) op->device_seq);
  return FALSE;
}

static void
complete_local (FbStore *self,
                FbOp    *op,
                gint64   now)
{
  FbHlc hlc = fb_hlc_send (&self->hlc, now);

  g_free (op->id);
  op->id = fb_uuid_new ();
  g_free (op->device);
  op->device = g_strdup (self->device_id);
  op->device_seq = ++self->device_seq;
  g_free (op->prev);
  op->prev = g_strdup (self->last_hash);
  g_free (op->hlc);
  op->hlc = fb_hlc_to_string (&hlc);
  g_free (op->author);
  op->author = g_strdup (self->author);
  g_clear_pointer (&op->hash, g_free);
}

static gboolean
persist_counters (FbStore *self,
                  GError **error)
{
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, self->device_seq);
  g_autofree char *hlc = fb_hlc_to_string (&self->hlc);

  return fb_store_set_meta (self, "device_seq", seq, error) &&
         fb_store_set_meta (self, "hlc", hlc, error);
}

static gboolean
apply_one (FbStore     *self,
           FbOp        *op,
           gboolean     local,
           FbApplyFlags flags,
           gint64       now,
           gboolean *applied,
           GError  **error)
{
  g_autofree char *body = NULL;
  InsertResult result;
  FbApplyCtx ctx = { op };
  FbHlc hlc;
  gboolean ok;

  *applied = FALSE;

  if (local)
    complete_local (self, op, now);

  /* Checked where it was decoded, off this thread; the kind is looked up
   * again all the same, and an op without one is checked in full, which
   * says what is wrong. */
  if (!local && (flags & FB_APPLY_VALIDATED))
    ctx.info = _fb_op_kind_of (op);
  if (ctx.info == NULL && !_fb_op_validate_kind (op, &ctx.info, error))
    return FALSE;

  /* The canonical body is both hashed and stored: make it once. */
  body = fb_op_canonical_body (op);
  if (local)
    op->hash = fb_op_compute_hash_with_body (op, body);
  else
    {
      g_autofree char *expected = fb_op_compute_hash_with_body (op, body);

      if (!g_str_equal (expected, op->hash))
        return fb_op_verify_hash (op, error);
    }

  fb_hlc_parse (op->hlc, &hlc);
  if (!local && !fb_hlc_receive (&self->hlc, &hlc,
                                 (flags & FB_APPLY_TRUST_CLOCKS) ? MAX (now, hlc.wall_ms) : now,
                                 error))
    return FALSE;

  result = insert_op (self, op, body, local, error);
  if (result == FAILED)
    return FALSE;
  if (result == DUPLICATE)
    return TRUE;

  if (!local && !check_neighbours (self, op, error))
    return FALSE;

  ctx.stamp = g_strconcat (op->hlc, "/", op->device, NULL);
  ctx.wall_ms = hlc.wall_ms;
  ok = materialise (self, &ctx, error);
  g_free (ctx.stamp);

  if (ok && local)
    {
      g_free (self->last_hash);
      self->last_hash = g_strdup (op->hash);
    }

  *applied = ok;
  return ok;
}

/* Between BEGIN and COMMIT: @links, then @ops, numbered from @first + 1
 * of @total in what an error says. */
static gboolean
apply_in_transaction (FbStore      *self,
                      GPtrArray    *ops,
                      GPtrArray    *links,
                      FbApplyFlags  flags,
                      guint         first,
                      guint         total,
                      guint        *n_applied,
                      GError      **error)
{
  gboolean local = (flags & FB_APPLY_LOCAL) != 0;
  gint64 now = self->clock (self->clock_data);
  guint applied = 0;

  *n_applied = 0;

  for (guint i = 0; links != NULL && i < links->len; i++)
    if (!_fb_store_insert_link (self, g_ptr_array_index (links, i), error))
      return FALSE;

  /* Now that we hold the write lock, nobody else can extend our chain. */
  if (local)
    _fb_store_load_counters (self);

  for (guint i = 0; i < ops->len; i++)
    {
      gboolean one = FALSE;

      if (!apply_one (self, g_ptr_array_index (ops, i), local, flags, now, &one, error))
        {
          if (total > 1)
            g_prefix_error (error, _("Change %u of %u: "), first + i + 1, total);
          return FALSE;
        }

      applied += one ? 1 : 0;
    }

  if (applied > 0 && !persist_counters (self, error))
    return FALSE;

  if (!local && !_fb_store_witness_batch (self, ops, links,
                                          (flags & FB_APPLY_IMPORTED) ? FB_SEEN_IMPORT : FB_SEEN_SYNC, error))
    return FALSE;

  *n_applied = applied;
  return TRUE;
}

/**
 * _fb_store_begin_batches:
 *
 * Begins one write transaction for ops that come in batches too many to
 * hold at once (an imported file): each batch goes in with
 * _fb_store_apply_batch (), and _fb_store_end_batches () keeps all of
 * them or none. The caller asks _fb_store_writable () first, before it
 * sets how the commit waits for the disk (_fb_store_set_relaxed ()).
 */
gboolean
_fb_store_begin_batches (FbStore        *self,
                         FbApplyBatches *batches,
                         GError        **error)
{
  memset (batches, 0, sizeof *batches);
  if (!_fb_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  batches->damage_seen = fb_sqlite_damage_seen ();
  batches->saved_seq = self->device_seq;
  batches->saved_hash = g_strdup (self->last_hash);
  batches->saved_hlc = self->hlc;
  return TRUE;
}

/**
 * _fb_store_apply_batch:
 * @first: how many ops came in earlier batches
 * @total: how many come in all, for what an error says
 *
 * fb_store_apply () inside the transaction _fb_store_begin_batches ()
 * began; on failure, end it without keeping anything.
 */
gboolean
_fb_store_apply_batch (FbStore       *self,
                       FbApplyBatches *batches,
                       GPtrArray     *ops,
                       GPtrArray     *links,
                       FbApplyFlags   flags,
                       guint          first,
                       guint          total,
                       guint         *n_applied,
                       GError       **error)
{
  guint applied = 0;

  if (!apply_in_transaction (self, ops, links, flags, first, total, &applied, error))
    return FALSE;

  batches->n_applied += applied;
  if (n_applied != NULL)
    *n_applied = applied;
  return TRUE;
}

/**
 * _fb_store_end_batches:
 * @keep: whether to commit; %FALSE rolls everything back, @error holding
 *   why
 *
 * Ends what _fb_store_begin_batches () began. Damage any statement came
 * across replaces the error: a user can act on the damage. What was kept
 * is the caller's to announce (batches->n_applied ops are new).
 */
gboolean
_fb_store_end_batches (FbStore        *self,
                       FbApplyBatches *batches,
                       gboolean        keep,
                       GError        **error)
{
  if (keep &&
      fb_sqlite_damage_seen () == batches->damage_seen &&
      _fb_store_exec (self, "COMMIT", error))
    {
      g_clear_pointer (&batches->saved_hash, g_free);
      return TRUE;
    }

  sqlite3_exec (self->sql.db, "ROLLBACK", NULL, NULL, NULL);
  if (fb_sqlite_damage_seen () != batches->damage_seen ||
      (error != NULL && g_error_matches (*error, FB_ERROR, FB_ERROR_CORRUPT)))
    {
      _fb_store_mark_damaged (self);
      g_clear_error (error);
      g_propagate_error (error, g_error_copy (self->damage));
    }
  self->device_seq = batches->saved_seq;
  g_free (self->last_hash);
  self->last_hash = g_steal_pointer (&batches->saved_hash);
  self->hlc = batches->saved_hlc;
  batches->n_applied = 0;
  return FALSE;
}

/* Nothing of fb_store_apply_with_meta ()'s transaction is kept. */
static gboolean
abandon (FbStore        *self,
         FbApplyBatches *batches,
         GError        **error)
{
  _fb_store_end_batches (self, batches, FALSE, error);
  _fb_store_set_relaxed (self, FALSE, NULL);
  return FALSE;
}

/**
 * fb_store_apply_with_meta:
 * @meta: (array zero-terminated=1) (nullable): keys and values, in turn, of
 *   the meta table to set in the same transaction (a sync cursor, so that
 *   the ops and the position they bring are on disk together, with one
 *   commit)
 *
 * fb_store_apply(), with @meta written in its transaction.
 */
gboolean
fb_store_apply_with_meta (FbStore            *self,
                          GPtrArray          *ops,
                          GPtrArray          *links,
                          FbApplyFlags        flags,
                          const char * const *meta,
                          guint              *n_applied,
                          GError            **error)
{
  gboolean local = (flags & FB_APPLY_LOCAL) != 0;
  gboolean relaxed = !local && (flags & FB_APPLY_HELD_BY_SERVER) != 0;
  gboolean sync_beside = FALSE;  /* a change made here, on the disk by fb-store-durable.c */
  FbApplyBatches batches;
  guint applied = 0;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (ops != NULL, FALSE);

  if (n_applied != NULL)
    *n_applied = 0;

  if (ops->len == 0 && (links == NULL || links->len == 0) && meta == NULL)
    return TRUE;

  if (!_fb_store_writable (self, error))
    return FALSE;
  sync_beside = local && _fb_store_durable_ready (self);
  if ((relaxed || sync_beside) && !_fb_store_set_relaxed (self, TRUE, error))
    return FALSE;
  if (!_fb_store_begin_batches (self, &batches, error))
    {
      _fb_store_set_relaxed (self, FALSE, NULL);
      return FALSE;
    }

  if (!apply_in_transaction (self, ops, links, flags, 0, ops->len, &applied, error))
    return abandon (self, &batches, error);

  for (guint i = 0; meta != NULL && meta[i] != NULL && meta[i + 1] != NULL; i += 2)
    if (!fb_store_set_meta (self, meta[i], meta[i + 1], error))
      return abandon (self, &batches, error);

  /* Damage one of the statements came across, even where its answer was
   * taken for "nothing there": nothing of the batch is kept. */
  if (fb_sqlite_damage_seen () != batches.damage_seen ||
      !_fb_store_exec (self, "COMMIT", error))
    return abandon (self, &batches, error);
  g_clear_pointer (&batches.saved_hash, g_free);
  _fb_store_set_relaxed (self, FALSE, NULL);

  if (n_applied != NULL)
    *n_applied = applied;

  /* A change made here is ready to send once it is on the disk: at
   * once, or when the thread syncing it says so. */
  if (sync_beside)
    _fb_store_durable_committed (self);
  if (applied > 0)
    {
      if (!local)
        fb_probe_mark_for (FB_PROBE_APPLIED, self);
      _fb_store_announce (self, !local ? 0 : sync_beside ? FB_CHANGE_OUTBOX : FB_CHANGE_OUTBOX | FB_CHANGE_SENDABLE);
    }

  return TRUE;
}

/**
 * fb_store_apply:
 * @ops: (element-type FbOp): the ops, or with %FB_APPLY_LOCAL the drafts,
 *   which are completed in place
 * @links: (element-type FbLink) (nullable): stand-ins for ops of the same
 *   devices that are not coming, so that the chains of @ops can be checked
 *   (a war-room server passes them on for an incident imported from a
 *   device it never heard from)
 * @n_applied: (out) (optional): how many of @ops were new here
 */
gboolean
fb_store_apply (FbStore     *self,
                GPtrArray   *ops,
                GPtrArray   *links,
                FbApplyFlags flags,
                guint       *n_applied,
                GError     **error)
{
  return fb_store_apply_with_meta (self, ops, links, flags, NULL, n_applied, error);
}
