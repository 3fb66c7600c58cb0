/* fb-store-log.c — the op log, the outbox, and links
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-store-private.h"
#include "fb-store-witness-private.h"

/* Links ---------------------------------------------------------------------- */

/* The hash (or, for the next op, the prev) at one place in a device's
 * chain, from the op or from a link standing in for it. */
char *
_fb_store_chain_value (FbStore    *self,
                       const char *device,
                       gint64      device_seq,
                       gboolean    want_prev)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  stmt = _fb_store_stmt (self, want_prev
                         ? "SELECT prev FROM ops WHERE device = ?1 AND device_seq = ?2"
                           " UNION ALL SELECT prev FROM links WHERE device = ?1 AND device_seq = ?2 LIMIT 1"
                         : "SELECT hash FROM ops WHERE device = ?1 AND device_seq = ?2"
                           " UNION ALL SELECT hash FROM links WHERE device = ?1 AND device_seq = ?2 LIMIT 1");
  sqlite3_bind_text (stmt, 1, device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, device_seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = _fb_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

void
fb_link_free (FbLink *link)
{
  if (link == NULL)
    return;

  g_free (link->device);
  g_free (link->prev);
  g_free (link->hash);
  g_free (link);
}

/**
 * fb_link_from_json_node:
 *
 * Returns: (nullable): the link @node describes, or %NULL when it is not
 *   one: {"device": UUID, "device_seq": n ≥ 1, "prev": digest or "" for
 *   the first, "hash": digest}, lower-case hex
 */
FbLink *
fb_link_from_json_node (JsonNode *node)
{
  g_autoptr(FbLink) link = NULL;
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  if (json_object_get_size (object) != 4 ||
      !json_object_has_member (object, "device_seq") ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "device_seq")) ||
      json_node_get_value_type (json_object_get_member (object, "device_seq")) != G_TYPE_INT64)
    return NULL;

  for (guint i = 0; i < 3; i++)
    {
      const char *name = (const char *[]) { "device", "prev", "hash" }[i];
      JsonNode *member = json_object_get_member (object, name);

      if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
        return NULL;
    }

  link = g_new0 (FbLink, 1);
  link->device = g_strdup (json_object_get_string_member (object, "device"));
  link->device_seq = json_object_get_int_member (object, "device_seq");
  link->prev = g_strdup (json_object_get_string_member (object, "prev"));
  link->hash = g_strdup (json_object_get_string_member (object, "hash"));

  if (!fb_uuid_is_valid (link->device) || link->device_seq < 1 || !fb_digest_is_valid (link->hash) ||
      (link->device_seq == 1 ? link->prev[0] != '\0' : !fb_digest_is_valid (link->prev)))
    return NULL;

  return g_steal_pointer (&link);
}

JsonNode *
fb_link_to_json_node (const FbLink *link)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "device", link->device);
  json_object_set_int_member (object, "device_seq", link->device_seq);
  json_object_set_string_member (object, "prev", link->prev);
  json_object_set_string_member (object, "hash", link->hash);
  json_node_take_object (node, object);
  return node;
}

gboolean
_fb_store_insert_link (FbStore      *self,
                       const FbLink *link,
                       GError      **error)
{
  g_autofree char *held = _fb_store_chain_value (self, link->device, link->device_seq, FALSE);
  sqlite3_stmt *stmt;

  if (held != NULL)
    {
      if (g_str_equal (held, link->hash))
        return TRUE;

      g_set_error (error, FB_ERROR, FB_ERROR_FORK,
                   _("Number %lld of device %s differs from the change already recorded under it: "
                     "that device’s history has forked"),
                   (long long) link->device_seq, link->device);
      return FALSE;
    }

  stmt = _fb_store_stmt (self, "INSERT INTO links (device, device_seq, prev, hash) VALUES (?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, link->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, link->device_seq);
  sqlite3_bind_text (stmt, 3, link->prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, link->hash, -1, SQLITE_STATIC);
  return _fb_store_step_done (self, stmt, error);
}

/**
 * fb_store_get_links:
 *
 * Returns: (transfer full) (element-type FbLink): the links this store
 *   holds for @device below number @below, in order; %NULL on error
 */
GPtrArray *
fb_store_get_links (FbStore    *self,
                    const char *device,
                    gint64      below,
                    GError    **error)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (device != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT device_seq, prev, hash FROM links WHERE device = ? AND device_seq < ?"
                               " ORDER BY device_seq");
  sqlite3_bind_text (stmt, 1, device, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, below);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbLink *link = g_new0 (FbLink, 1);

      link->device = g_strdup (device);
      link->device_seq = sqlite3_column_int64 (stmt, 0);
      link->prev = _fb_column_dup (stmt, 1);
      link->hash = _fb_column_dup (stmt, 2);
      g_ptr_array_add (links, link);
    }
  sqlite3_reset (stmt);

  if (!_fb_store_check (self, rc, error))
    return NULL;
  return g_steal_pointer (&links);
}

/* The op log ------------------------------------------------------------- */


FbOp *
_fb_store_op_from_row (sqlite3_stmt *stmt,
                       int           c,
                       GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(FbOp) op = g_new0 (FbOp, 1);
  JsonNode *root;

  op->id = _fb_column_dup (stmt, c + 0);
  op->device = _fb_column_dup (stmt, c + 1);
  op->device_seq = sqlite3_column_int64 (stmt, c + 2);
  op->prev = _fb_column_dup (stmt, c + 3);
  op->hash = _fb_column_dup (stmt, c + 4);
  op->hlc = _fb_column_dup (stmt, c + 5);
  op->author = _fb_column_dup (stmt, c + 6);
  op->type = _fb_column_dup (stmt, c + 7);
  op->kind = fb_op_kind_from_string (op->type);
  op->incident = _fb_column_dup (stmt, c + 8);
  op->entity = _fb_column_dup (stmt, c + 9);

  if (!json_parser_load_from_data (parser, _fb_column_text (stmt, c + 10), -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                   _("The stored contents of change %s cannot be read"), op->id);
      return NULL;
    }

  op->body = json_node_dup_object (root);
  return g_steal_pointer (&op);
}

static GPtrArray *
collect_ops (FbStore      *self,
             sqlite3_stmt *stmt,
             GError      **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbOp *op = _fb_store_op_from_row (stmt, 0, error);

      if (op == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (ops, op);
    }
  sqlite3_reset (stmt);

  if (!_fb_store_check (self, rc, error))
    return NULL;

  return g_steal_pointer (&ops);
}

/* The outbox is this device's ops after the last one the server
 * acknowledged. The server takes a device's ops in order and without gaps,
 * so one number says what it holds, and making an op costs no second
 * write. */
static gint64
acked_seq (FbStore *self)
{
  g_autofree char *value = fb_store_get_meta (self, "outbox.acked");

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

GPtrArray *
fb_store_get_outbox (FbStore *self,
                     guint    limit,
                     GError **error)
{
  sqlite3_stmt *stmt;
  gint64 acked;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  /* Nothing leaves the machine before it is on this disk: a change a
   * power cut took back here would get its number again. */
  if (!_fb_store_durable_sync (self, error))
    return NULL;

  acked = acked_seq (self);
  stmt = _fb_store_stmt (self,
                         "SELECT " FB_OP_COLUMNS " FROM ops o WHERE o.device = ? AND o.device_seq > ?"
                         " ORDER BY o.device_seq LIMIT ?");
  sqlite3_bind_text (stmt, 1, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, acked);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? limit : G_MAXINT64);

  return collect_ops (self, stmt, error);
}

gboolean
fb_store_ack_outbox (FbStore   *self,
                     GPtrArray *op_ids,
                     GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 acked, highest;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (op_ids != NULL, FALSE);

  highest = acked = acked_seq (self);
  stmt = _fb_store_stmt (self, "SELECT device_seq FROM ops WHERE id = ? AND device = ?");
  for (guint i = 0; i < op_ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (op_ids, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, self->device_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        highest = MAX (highest, sqlite3_column_int64 (stmt, 0));
    }
  sqlite3_reset (stmt);

  if (highest == acked)
    return TRUE;

  {
    g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, highest);

    /* The server now holds them: it witnesses this device's chain up to
     * there, in the same transaction as the mark. A mark a power cut
     * takes back costs a push again, which the server answers as
     * duplicates, and the mark is made again: its commit need not wait
     * for the disk, on the window's thread. */
    gboolean ok = _fb_store_writable (self, error) && _fb_store_set_relaxed (self, TRUE, error) &&
                  _fb_store_exec (self, "BEGIN IMMEDIATE", error);

    if (ok && !(ok = fb_store_set_meta (self, "outbox.acked", value, error) &&
                     _fb_store_witness_own (self, highest, error) &&
                     _fb_store_exec (self, "COMMIT", error)))
      sqlite3_exec (self->sql.db, "ROLLBACK", NULL, NULL, NULL);
    _fb_store_set_relaxed (self, FALSE, NULL);
    if (!ok)
      return FALSE;
  }

  _fb_store_emit_changed (self, FB_CHANGE_OUTBOX | FB_CHANGE_SENDABLE, NULL);
  return TRUE;
}

/**
 * fb_store_reset_outbox:
 *
 * Puts every op of this device back in the outbox, for a server that lost
 * them (restored from an older backup, or replaced).
 */
gboolean
fb_store_reset_outbox (FbStore *self,
                       GError **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  if (!fb_store_set_meta (self, "outbox.acked", "0", error))
    return FALSE;

  _fb_store_emit_changed (self, FB_CHANGE_OUTBOX | FB_CHANGE_SENDABLE, NULL);
  return TRUE;
}

/* Ops that came in a file rather than from a server ---------------------
 *
 * The outbox holds this device's own ops. Another device's, imported from
 * a file, may be news to the war-room server too: their devices are noted
 * here, and the sync client offers every op of those devices to its server
 * at its next pass, then clears the note.
 */

#define META_OFFER "sync.offer"

/**
 * fb_store_offer_devices:
 * @ops: (element-type FbOp): ops that came in a file
 *
 * Notes the devices of @ops, other than this one, for the sync client.
 */
gboolean
fb_store_offer_devices (FbStore   *self,
                        GPtrArray *ops,
                        GError   **error)
{
  g_autofree char *old = NULL;
  g_autoptr(GString) value = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) known = NULL;
  gboolean added = FALSE;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (ops != NULL, FALSE);

  old = fb_store_get_meta (self, META_OFFER);
  value = g_string_new (old);
  known = g_strsplit (old != NULL ? old : "", "\n", -1);
  for (guint i = 0; known[i] != NULL; i++)
    g_hash_table_add (seen, known[i]);

  for (guint i = 0; i < ops->len; i++)
    {
      const char *device = ((FbOp *) g_ptr_array_index (ops, i))->device;

      if (g_str_equal (device, self->device_id) || g_hash_table_contains (seen, device))
        continue;
      g_hash_table_add (seen, (gpointer) device);
      if (value->len > 0)
        g_string_append_c (value, '\n');
      g_string_append (value, device);
      added = TRUE;
    }

  if (!added)
    return TRUE;
  if (!fb_store_set_meta (self, META_OFFER, value->str, error))
    return FALSE;

  _fb_store_emit_changed (self, FB_CHANGE_OUTBOX | FB_CHANGE_SENDABLE, NULL);
  return TRUE;
}

/**
 * fb_store_get_offer:
 *
 * Returns: (transfer full): the devices whose ops are to be offered to a
 *   server, possibly none
 */
char **
fb_store_get_offer (FbStore *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  value = fb_store_get_meta (self, META_OFFER);
  if (value == NULL || value[0] == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (value, "\n", -1);
}

gboolean
fb_store_clear_offer (FbStore *self,
                      GError **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  return fb_store_set_meta (self, META_OFFER, NULL, error);
}

/**
 * fb_store_incident_left_here:
 *
 * Whether some of @incident is known beyond this workstation: an op of it
 * that the server acknowledged, or one that came from elsewhere.
 */
gboolean
fb_store_incident_left_here (FbStore    *self,
                             const char *incident)
{
  sqlite3_stmt *stmt;
  gboolean left = FALSE;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);

  stmt = _fb_store_stmt (self, "SELECT 1 FROM ops WHERE incident = ?1 AND (device != ?2 OR device_seq <= ?3) LIMIT 1");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, acked_seq (self));
  left = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return left;
}

guint
fb_store_count_outbox (FbStore *self)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (FB_IS_STORE (self), 0);

  stmt = _fb_store_stmt (self, "SELECT count(*) FROM ops WHERE device = ? AND device_seq > ?");
  sqlite3_bind_text (stmt, 1, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, acked_seq (self));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

GPtrArray *
fb_store_get_ops (FbStore    *self,
                  const char *incident,
                  GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  if (incident != NULL)
    {
      stmt = _fb_store_stmt (self, "SELECT " FB_OP_COLUMNS " FROM ops o WHERE o.incident = ? ORDER BY o.seq");
      sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
    }
  else
    stmt = _fb_store_stmt (self, "SELECT " FB_OP_COLUMNS " FROM ops o ORDER BY o.seq");

  return collect_ops (self, stmt, error);
}

gboolean
fb_store_has_op (FbStore    *self,
                 const char *op_id)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  stmt = _fb_store_stmt (self, "SELECT 1 FROM ops WHERE id = ?");
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return found;
}
