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
fb_server_db_read_groups_of (FbServerDb *db,
                             const char *user,
                             GError    **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(FbRows) rows = { 0 };

  g_return_val_if_fail (db != NULL, NULL);

  if (!_fb_server_db_run (db, FB_Q_GROUPS_OF, &rows, error, 1, user))
    return NULL;

  for (guint i = 0; i < _fb_rows_count (&rows); i++)
    g_strv_builder_add (builder, _fb_rows_text (&rows, i, 0));

  return g_strv_builder_end (builder);
}

GStrv
fb_server_db_groups_of (FbServerDb *db,
                        const char *user)
{
  GStrv groups = fb_server_db_read_groups_of (db, user, NULL);

  return groups != NULL ? groups : g_new0 (char *, 1);
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

gboolean
fb_server_db_group_add (FbServerDb *db,
                        const char *group,
                        const char *user,
                        GError    **error)
{
  g_auto(FbRows) rows = { 0 };

  g_return_val_if_fail (db != NULL, FALSE);

  if (!_fb_server_db_run (db, FB_Q_USER_KNOWN, &rows, error, 1, user))
    return FALSE;
  if (_fb_rows_count (&rows) == 0 && fb_account_name_is_valid (user))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no user “%s”; add it first with “firebreak-server user add”."), user);
      return FALSE;
    }

  return check_names (group, user, error) &&
         _fb_server_db_run (db, FB_Q_GROUP_ADD, NULL, error, 2, group, user);
}

gboolean
fb_server_db_group_remove (FbServerDb *db,
                           const char *group,
                           const char *user,
                           GError    **error)
{
  g_auto(FbRows) rows = { 0 };

  g_return_val_if_fail (db != NULL, FALSE);

  if (!check_names (group, user, error) ||
      !_fb_server_db_run (db, FB_Q_GROUP_REMOVE, &rows, error, 2, group, user))
    return FALSE;

  if (rows.changes == 0)
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
  g_auto(FbRows) rows = { 0 };

  g_return_val_if_fail (db != NULL, NULL);

  if (!_fb_server_db_run (db, FB_Q_LIST_GROUPS, &rows, error, 0))
    return NULL;

  for (guint i = 0; i < _fb_rows_count (&rows); i++)
    g_ptr_array_add (list, g_strdup_printf ("%s\t%s", _fb_rows_text (&rows, i, 0),
                                            _fb_rows_text (&rows, i, 1)));

  return g_steal_pointer (&list);
}

/* Restrictions ------------------------------------------------------------- */

gboolean
_fb_server_db_check_access (FbServerDb *db,
                            const FbOp *op,
                            const char *user,
                            const char *stamp,
                            const char *body,
                            GError    **error)
{
  g_autofree char *new_stamp = NULL;
  g_autofree char *new_body = NULL;
  g_autoptr(FbRestriction) current = NULL;
  g_autoptr(FbRestriction) next = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(GStrv) groups = NULL;

  if (op->incident == NULL)
    return TRUE;

  if (body != NULL)
    current = fb_restriction_parse (body);

  /* Most ops are of incidents open to all: their groups are not read. */
  if ((current != NULL && current->restricted) || op->kind == FB_OP_KIND_INCIDENT_RESTRICT)
    {
      groups = fb_server_db_read_groups_of (db, user, error);
      if (groups == NULL)
        return FALSE;
    }
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
  new_body = fb_json_canonical (node, NULL);

  return _fb_server_db_run (db, FB_Q_SET_RESTRICTION, NULL, error, 3, op->incident, new_stamp, new_body);
}

GHashTable *
_fb_server_db_hidden_for (FbServerDb *db,
                          const char *user,
                          GPtrArray  *markers,
                          GError    **error)
{
  g_autoptr(GHashTable) hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) groups = NULL;
  g_auto(FbRows) rows = { 0 };

  if (!_fb_server_db_run (db, FB_Q_LIST_RESTRICTIONS, &rows, error, 0))
    return NULL;
  if (_fb_rows_count (&rows) == 0)
    return g_steal_pointer (&hidden);

  groups = fb_server_db_read_groups_of (db, user, error);
  if (groups == NULL)
    return NULL;

  for (guint i = 0; i < _fb_rows_count (&rows); i++)
    {
      g_autoptr(FbRestriction) restriction = fb_restriction_parse (_fb_rows_text (&rows, i, 1));
      const char *incident = _fb_rows_text (&rows, i, 0);

      if (fb_restriction_allows (restriction, user, (const char * const *) groups))
        continue;

      g_hash_table_add (hidden, g_strdup (incident));
      if (markers != NULL && restriction->visible)
        g_ptr_array_add (markers, g_strdup (incident));
    }

  return g_steal_pointer (&hidden);
}
