/* fb-cli-resolve.c — what a person types, turned into what the record holds
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The author the app would write, so that a post from the terminal reads
 * as the same person's as one typed in the window. An incident named by
 * the start of its id is the store's to find (fb_store_find_incident ()).
 */

#define G_LOG_DOMAIN "fb-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-cli-resolve.h"

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
