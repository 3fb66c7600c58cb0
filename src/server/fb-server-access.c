/* fb-server-access.c — groups of users and need-to-know incidents
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server reads one kind of op beyond checking it: incident.restrict.
 * The latest one of an incident, by the (hlc, device) order every store
 * uses, says which users and groups may see it; everyone else is sent a
 * hash-only link in place of each of its ops (so that every device's
 * chain still verifies on their workstation) and may not add to it.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-server-db-private.h"

/* Groups ------------------------------------------------------------------ */

GStrv
fb_server_db_groups_of (FbServerDb *db,
                        const char *user)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = _fb_server_db_stmt (db, "SELECT name FROM groups WHERE member = ? ORDER BY name");
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return g_strv_builder_end (builder);
}

static gboolean
check_names (const char *group,
             const char *user,
             GError    **error)
{
  const char *bad = !fb_account_name_is_valid (group) ? group : !fb_account_name_is_valid (user) ? user : NULL;

  if (bad == NULL)
    return TRUE;

  g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
               _("“%s” cannot name a user or group: use 1 to 64 letters, digits, “-”, “_”, “.” or “@”."),
               bad);
  return FALSE;
}

/* Runs @sql, which changes one membership: ?1 the group, ?2 the user. */
static gboolean
change_membership (FbServerDb *db,
                   const char *sql,
                   const char *group,
                   const char *user,
                   GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!check_names (group, user, error))
    return FALSE;

  stmt = _fb_server_db_stmt (db, sql);
  sqlite3_bind_text (stmt, 1, group, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return fb_sqlite_check (&db->sql, rc, error);
}

gboolean
fb_server_db_group_add (FbServerDb *db,
                        const char *group,
                        const char *user,
                        GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean known;

  g_return_val_if_fail (db != NULL, FALSE);

  stmt = _fb_server_db_stmt (db, "SELECT 1 FROM tokens WHERE name = ?");
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_STATIC);
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!known && fb_account_name_is_valid (user))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no user “%s”; add it first with “firebreak-server user add”."), user);
      return FALSE;
    }

  return change_membership (db, "INSERT OR IGNORE INTO groups (name, member) VALUES (?1, ?2)",
                            group, user, error);
}

gboolean
fb_server_db_group_remove (FbServerDb *db,
                           const char *group,
                           const char *user,
                           GError    **error)
{
  g_return_val_if_fail (db != NULL, FALSE);

  if (!change_membership (db, "DELETE FROM groups WHERE name = ?1 AND member = ?2", group, user, error))
    return FALSE;

  if (sqlite3_changes (db->sql.db) == 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("“%s” is not in the group “%s”; see “firebreak-server user groups”."), user, group);
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
fb_server_db_list_groups (FbServerDb *db,
                          GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = _fb_server_db_stmt (db, "SELECT name, member FROM groups ORDER BY name, member");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, g_strdup_printf ("%s\t%s", (const char *) sqlite3_column_text (stmt, 0),
                                            (const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);

  if (!fb_sqlite_check (&db->sql, rc, error))
    return NULL;

  return g_steal_pointer (&list);
}

/* Restrictions ------------------------------------------------------------- */

static FbRestriction *
read_restriction (FbServerDb *db,
                  const char *incident,
                  char      **stamp)
{
  sqlite3_stmt *stmt;
  FbRestriction *restriction = NULL;

  stmt = _fb_server_db_stmt (db, "SELECT stamp, body FROM restrictions WHERE incident = ?");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *stamp = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      restriction = fb_restriction_parse ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  return restriction;
}

gboolean
_fb_server_db_check_access (FbServerDb *db,
                            const FbOp *op,
                            const char *user,
                            GError    **error)
{
  g_autofree char *stamp = NULL;
  g_autofree char *new_stamp = NULL;
  g_autofree char *body = NULL;
  g_autoptr(FbRestriction) current = NULL;
  g_autoptr(FbRestriction) next = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(GStrv) groups = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (op->incident == NULL)
    return TRUE;

  /* Most ops are of incidents open to all: their groups are not read. */
  current = read_restriction (db, op->incident, &stamp);
  if ((current != NULL && current->restricted) || op->kind == FB_OP_KIND_INCIDENT_RESTRICT)
    groups = fb_server_db_groups_of (db, user);
  if (!fb_restriction_allows (current, user, (const char * const *) groups))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FORBIDDEN,
                   _("Incident %s is restricted, and the user “%s” is not among those who may "
                     "see it; nothing was stored. Ask its commander for access."),
                   op->incident, user);
      return FALSE;
    }

  if (op->kind != FB_OP_KIND_INCIDENT_RESTRICT)
    return TRUE;

  /* An older restriction arriving late changes nothing, as in every
   * store. */
  new_stamp = g_strconcat (op->hlc, "/", op->device, NULL);
  if (stamp != NULL && strcmp (stamp, new_stamp) >= 0)
    return TRUE;

  next = fb_restriction_from_json (op->body);
  if (!fb_restriction_allows (next, user, (const char * const *) groups))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FORBIDDEN,
                   _("This restriction of incident %s would leave out “%s”, who sends it; "
                     "nothing was stored. Add that user, or one of its groups, to those who may see it."),
                   op->incident, user);
      return FALSE;
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, op->body);
  body = fb_json_canonical (node, NULL);

  stmt = _fb_server_db_stmt (db, "INSERT OR REPLACE INTO restrictions (incident, stamp, body) VALUES (?, ?, ?)");
  sqlite3_bind_text (stmt, 1, op->incident, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, new_stamp, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, body, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return fb_sqlite_check (&db->sql, rc, error);
}

GHashTable *
_fb_server_db_hidden_for (FbServerDb *db,
                          const char *user,
                          GPtrArray  *markers,
                          GError    **error)
{
  g_autoptr(GHashTable) hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) groups = fb_server_db_groups_of (db, user);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fb_server_db_stmt (db, "SELECT incident, body FROM restrictions ORDER BY incident");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(FbRestriction) restriction = fb_restriction_parse ((const char *) sqlite3_column_text (stmt, 1));
      const char *incident = (const char *) sqlite3_column_text (stmt, 0);

      if (fb_restriction_allows (restriction, user, (const char * const *) groups))
        continue;

      g_hash_table_add (hidden, g_strdup (incident));
      if (markers != NULL && restriction->visible)
        g_ptr_array_add (markers, g_strdup (incident));
    }
  sqlite3_reset (stmt);

  if (!fb_sqlite_check (&db->sql, rc, error))
    return NULL;

  return g_steal_pointer (&hidden);
}
