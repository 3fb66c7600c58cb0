/* fb-playbook-lines.c — where each value of a JSON text sits, for errors
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The strict walker (fb-json-scan.c) maps each value's path to its line,
 * so that an error found later in the parsed tree can name the line a
 * person has to fix.
 */

#define G_LOG_DOMAIN "fb-playbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-json-private.h"
#include "fb-playbook-private.h"

GHashTable *
_fb_json_line_map_new (const char *data,
                       gsize       length,
                       guint       max_depth,
                       guint      *error_line,
                       GError    **error)
{
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!_fb_json_scan (data, length, max_depth, lines, error_line, NULL, error))
    return NULL;

  return g_steal_pointer (&lines);
}

/* An error about a value the file lacks is reported at its parent, so
 * walk up the path until something is there. */
guint
_fb_json_line_map_find (GHashTable *map,
                        const char *path)
{
  g_autofree char *copy = g_strdup (path);

  g_return_val_if_fail (map != NULL, 0);

  for (;;)
    {
      gpointer line;
      char *dot, *bracket, *cut;

      if (g_hash_table_lookup_extended (map, copy, NULL, &line))
        return GPOINTER_TO_UINT (line);

      if (copy[0] == '\0')
        return 0;

      dot = strrchr (copy, '.');
      bracket = strrchr (copy, '[');
      if (dot == NULL)
        cut = bracket;
      else if (bracket == NULL)
        cut = dot;
      else
        cut = MAX (dot, bracket);
      if (cut == NULL)
        cut = copy;
      *cut = '\0';
    }
}

guint
_fb_json_line_of_offset (const char *data,
                         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      line++;

  return line;
}
