/* fb-restriction.c — who may see a need-to-know incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A restriction is an incident.restrict op: its latest one, by the same
 * (hlc, device) order as every other last-writer-wins field, says whether
 * the incident is restricted and which of the war-room server's users and
 * groups may see it. The workstation only records and shows it; the
 * server enforces it, sending everyone else hash-only links in place of
 * the incident's ops.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-json-private.h"
#include "fb-op-kinds-private.h"
#include "fb-restriction.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Sorted and without repeats, so that the same choice makes the same op
 * whatever order it was typed in. */
static GStrv
dup_names (const char * const *names)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (out, names[i], g_str_equal, NULL))
      g_ptr_array_add (out, g_strdup (names[i]));

  g_ptr_array_sort (out, compare_names);
  g_ptr_array_add (out, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

FbRestriction *
fb_restriction_new (gboolean            restricted,
                    const char * const *users,
                    const char * const *groups,
                    gboolean            visible)
{
  FbRestriction *restriction = g_new0 (FbRestriction, 1);

  restriction->restricted = restricted;
  restriction->users = dup_names (users);
  restriction->groups = dup_names (groups);
  restriction->visible = visible;

  return restriction;
}

void
fb_restriction_free (FbRestriction *restriction)
{
  if (restriction == NULL)
    return;

  g_strfreev (restriction->users);
  g_strfreev (restriction->groups);
  g_free (restriction);
}

static GStrv
names_of (JsonObject *body,
          const char *member)
{
  JsonNode *node = json_object_get_member (body, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *name = json_array_get_string_element (array, i);

          if (fb_account_name_is_valid (name))
            g_strv_builder_add (builder, name);
        }
    }

  return g_strv_builder_end (builder);
}

/**
 * fb_restriction_from_json:
 * @body: the body of an incident.restrict op, already validated
 */
FbRestriction *
fb_restriction_from_json (JsonObject *body)
{
  g_auto(GStrv) users = NULL;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  users = names_of (body, "users");
  groups = names_of (body, "groups");
  return fb_restriction_new (json_object_get_boolean_member_with_default (body, "restricted", FALSE),
                             (const char * const *) users, (const char * const *) groups,
                             json_object_get_boolean_member_with_default (body, "visible", FALSE));
}

/* Returns: (nullable): the restriction @json holds, or %NULL when it
 * holds none. */
FbRestriction *
fb_restriction_parse (const char *json)
{
  g_autoptr(JsonNode) root = NULL;

  if (json == NULL)
    return NULL;

  root = json_from_string (json, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return fb_restriction_from_json (json_node_get_object (root));
}

static JsonArray *
array_of (GStrv names)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    json_array_add_string_element (array, names[i]);

  return array;
}

JsonObject *
fb_restriction_to_json (const FbRestriction *restriction)
{
  JsonObject *body = json_object_new ();

  g_return_val_if_fail (restriction != NULL, body);

  json_object_set_boolean_member (body, "restricted", restriction->restricted);
  json_object_set_array_member (body, "users", array_of (restriction->users));
  json_object_set_array_member (body, "groups", array_of (restriction->groups));
  json_object_set_boolean_member (body, "visible", restriction->visible);

  return body;
}

/**
 * fb_restriction_allows:
 * @restriction: (nullable): none means the incident is open to all
 * @user: a server user's name
 * @user_groups: (nullable): the groups @user belongs to
 */
gboolean
fb_restriction_allows (const FbRestriction *restriction,
                       const char          *user,
                       const char * const  *user_groups)
{
  if (restriction == NULL || !restriction->restricted)
    return TRUE;

  if (user != NULL && g_strv_contains ((const char * const *) restriction->users, user))
    return TRUE;

  for (guint i = 0; user_groups != NULL && user_groups[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) restriction->groups, user_groups[i]))
      return TRUE;

  return FALSE;
}

/* The store ---------------------------------------------------------------- */

/**
 * fb_store_get_restriction:
 *
 * Returns: (nullable): the latest restriction recorded for @incident, or
 *   %NULL when it was never restricted
 */
FbRestriction *
fb_store_get_restriction (FbStore    *store,
                          const char *incident)
{
  sqlite3_stmt *stmt;
  FbRestriction *restriction = NULL;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  stmt = _fb_store_stmt (store, "SELECT restriction FROM incidents WHERE id = ?");
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    restriction = fb_restriction_parse ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return restriction;
}

/**
 * fb_store_restrict_incident:
 * @self_user: (nullable): the server user this workstation syncs as, when
 *   known: a restriction that would leave it out is refused
 * @self_groups: (nullable): that user's groups
 *
 * Records who may see @incident. Copies already synced to other
 * workstations stay there; the server withholds what comes after.
 */
gboolean
fb_store_restrict_incident (FbStore             *store,
                            const char          *incident,
                            const FbRestriction *restriction,
                            const char          *self_user,
                            const char * const  *self_groups,
                            GError             **error)
{
  g_autoptr(FbIncident) current = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

  g_return_val_if_fail (FB_IS_STORE (store), FALSE);
  g_return_val_if_fail (incident != NULL && restriction != NULL, FALSE);

  current = fb_store_get_incident (store, incident);
  if (current == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no incident “%s” in this record."), incident);
      return FALSE;
    }

  if (restriction->restricted && restriction->users[0] == NULL && restriction->groups[0] == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Name at least one user or group who may see the incident."));
      return FALSE;
    }

  if (self_user != NULL && !fb_restriction_allows (restriction, self_user, self_groups))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("You would lose sight of this incident yourself: add your own server "
                     "name “%s”, or a group of yours, to those who may see it."), self_user);
      return FALSE;
    }

  /* A choice that changes nothing leaves no op and no entry. */
  {
    g_autoptr(FbRestriction) held = fb_store_get_restriction (store, incident);
    gboolean open_now = held == NULL || !held->restricted;

    if ((open_now && !restriction->restricted) ||
        (held != NULL && held->restricted && restriction->restricted &&
         held->visible == restriction->visible &&
         g_strv_equal ((const char * const *) held->users, (const char * const *) restriction->users) &&
         g_strv_equal ((const char * const *) held->groups, (const char * const *) restriction->groups)))
      return TRUE;
  }

  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_INCIDENT_RESTRICT, incident, incident,
                                      fb_restriction_to_json (restriction)));
  return fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

static GStrv
read_id_list (FbStore    *store,
              const char *key,
              gboolean  (*valid) (const char *))
{
  g_autofree char *json = fb_store_get_meta (store, key);
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *id = json_array_get_string_element (array, i);

          if (valid (id))
            g_strv_builder_add (builder, id);
        }
    }

  return g_strv_builder_end (builder);
}

/**
 * fb_store_get_sync_user:
 * @groups: (out) (optional): the user's groups
 *
 * Returns: (nullable): the war-room server's name for this workstation's
 *   token, as the server last said, or %NULL before it said
 */
char *
fb_store_get_sync_user (FbStore *store,
                        GStrv   *groups)
{
  g_autofree char *user = NULL;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);

  user = fb_store_get_meta (store, FB_META_SYNC_USER);
  if (!fb_account_name_is_valid (user))
    g_clear_pointer (&user, g_free);

  if (groups != NULL)
    *groups = read_id_list (store, FB_META_SYNC_GROUPS, fb_account_name_is_valid);

  return g_steal_pointer (&user);
}

static char *
names_to_json (const char * const *names,
               gboolean          (*valid) (const char *))
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (valid (names[i]))
      json_array_add_string_element (array, names[i]);
  json_node_set_array (node, array);

  return json_to_string (node, FALSE);
}

gboolean
fb_store_set_sync_user (FbStore            *store,
                        const char         *user,
                        const char * const *groups,
                        GError            **error)
{
  g_autofree char *json = names_to_json (groups, fb_account_name_is_valid);

  g_return_val_if_fail (FB_IS_STORE (store), FALSE);

  if (!fb_account_name_is_valid (user))
    return TRUE;

  return fb_store_set_meta (store, FB_META_SYNC_USER, user, error) &&
         fb_store_set_meta (store, FB_META_SYNC_GROUPS, json, error);
}

/**
 * fb_store_holds_hidden_places:
 *
 * Whether some places of the chains here are held as links only: ops the
 * server withheld (or a file never brought), which a lifted restriction
 * may now let through.
 */
gboolean
fb_store_holds_hidden_places (FbStore *store)
{
  sqlite3_stmt *stmt;
  gboolean any = FALSE;

  g_return_val_if_fail (FB_IS_STORE (store), FALSE);

  stmt = _fb_store_stmt (store, "SELECT 1 FROM links l WHERE NOT EXISTS"
                                " (SELECT 1 FROM ops o WHERE o.device = l.device AND o.device_seq = l.device_seq)"
                                " LIMIT 1");
  if (stmt == NULL)
    return FALSE;
  any = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return any;
}

/**
 * fb_store_get_hidden_incidents:
 *
 * Returns: (transfer full): the ids of restricted incidents that the
 *   server says exist but does not show this workstation
 */
GStrv
fb_store_get_hidden_incidents (FbStore *store)
{
  g_return_val_if_fail (FB_IS_STORE (store), NULL);

  /* Only what an id can be: nothing else of them is shown. */
  return read_id_list (store, FB_META_HIDDEN_INCIDENTS, fb_uuid_is_valid);
}

/* Kept outside the op log: they are the server's word about the present,
 * not a change anyone made. */
gboolean
fb_store_set_hidden_incidents (FbStore            *store,
                               const char * const *incidents,
                               GError            **error)
{
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) given = NULL;
  g_auto(GStrv) sorted = NULL;
  g_autoptr(GStrvBuilder) valid = g_strv_builder_new ();
  g_autofree char *json = NULL;

  g_return_val_if_fail (FB_IS_STORE (store), FALSE);

  for (guint i = 0; incidents != NULL && incidents[i] != NULL; i++)
    if (fb_uuid_is_valid (incidents[i]))
      g_strv_builder_add (valid, incidents[i]);
  given = g_strv_builder_end (valid);
  sorted = dup_names ((const char * const *) given);

  before = fb_store_get_hidden_incidents (store);
  if (g_strv_equal ((const char * const *) before, (const char * const *) sorted))
    return TRUE;

  json = names_to_json ((const char * const *) sorted, fb_uuid_is_valid);

  if (!fb_store_set_meta (store, FB_META_HIDDEN_INCIDENTS, json, error))
    return FALSE;

  g_signal_emit_by_name (store, "changed", FB_CHANGE_INCIDENTS, NULL);
  return TRUE;
}
