/* fb-cli-resolve.c — what a person types, turned into what the record holds
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An incident named by the start of its id, as git names a commit, and
 * the author the app would write, so that a post from the terminal reads
 * as the same person's as one typed in the window.
 */

#define G_LOG_DOMAIN "fb-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-cli-resolve.h"

/* One candidate a line: the id, then the title to tell them apart. */
static void
append_candidate (GString    *text,
                  FbIncident *incident)
{
  g_string_append_printf (text, "\n  %s  %s", fb_incident_get_id (incident), fb_incident_get_title (incident));
}

/**
 * fb_cli_resolve_incident:
 * @name: an incident's id, or at least %FB_CLI_MIN_PREFIX characters of
 *   its start, in either case
 *
 * Returns: (transfer full) (nullable): the id of the one incident @name
 *   names; %NULL with @error saying why otherwise, listing the incidents
 *   an ambiguous prefix matches
 */
char *
fb_cli_resolve_incident (FbStore     *store,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(GListModel) incidents = fb_store_list_incidents (store, TRUE);
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *prefix = g_ascii_strdown (name, -1);
  g_autoptr(GString) text = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (incidents); i++)
    {
      g_autoptr(FbIncident) incident = g_list_model_get_item (incidents, i);
      const char *id = fb_incident_get_id (incident);

      if (g_str_equal (id, prefix))
        return g_strdup (id);

      if (prefix[0] != '\0' && g_str_has_prefix (id, prefix))
        g_ptr_array_add (matches, g_steal_pointer (&incident));
    }

  if (matches->len > 0 && strlen (prefix) < FB_CLI_MIN_PREFIX)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("“%s” is too short to name an incident; give at least %d characters of its id."),
                   name, FB_CLI_MIN_PREFIX);
      return NULL;
    }

  if (matches->len == 1)
    return g_strdup (fb_incident_get_id (g_ptr_array_index (matches, 0)));

  if (matches->len == 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no incident “%s”; “firebreak-cli list” shows them."), name);
      return NULL;
    }

  text = g_string_new (NULL);
  g_string_printf (text, _("“%s” matches several incidents; give more of the id."), name);
  for (guint i = 0; i < matches->len; i++)
    append_candidate (text, g_ptr_array_index (matches, i));
  g_set_error_literal (error, FB_ERROR, FB_ERROR_NOT_FOUND, text->str);

  return NULL;
}

/**
 * fb_cli_default_author:
 *
 * The name set in the app's Preferences, when the app's settings are
 * installed and the name is set.
 *
 * Returns: (transfer full) (nullable): the name; %NULL to write the
 *   store's own default, as the app then does (the real name, else the
 *   login name)
 */
char *
fb_cli_default_author (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *name = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, "user-name"))
    return NULL;

  settings = g_settings_new_full (schema, NULL, NULL);
  name = g_strstrip (g_settings_get_string (settings, "user-name"));

  return name[0] != '\0' ? g_steal_pointer (&name) : NULL;
}
