/* fb-json-check.c — checking the members of a parsed file, naming lines
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Playbooks and drill scenarios are written by hand; each check here
 * refuses one thing with the file, the line and the member, so a person
 * with only a text editor can fix it.
 */

#define G_LOG_DOMAIN "fb-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "fb-error.h"
#include "fb-json-check-private.h"
#include "fb-op.h"
#include "fb-playbook-private.h"
gboolean
_fb_json_check_fail (FbJsonCheck      *check,
            const char *path,
            FbError     code,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (check->error, FB_ERROR, code, "%s:%u: %s",
               check->source, _fb_json_line_map_find (check->lines, path), message);
  return FALSE;
}

char *
_fb_json_join_path (const char *parent,
           const char *member)
{
  if (parent[0] == '\0')
    return g_strdup (member);

  return g_strconcat (parent, ".", member, NULL);
}

gboolean
_fb_json_is_identifier (const char *str)
{
  gsize len = strlen (str);

  if (len == 0 || len > FB_OP_MAX_ID || !(g_ascii_islower (str[0]) || g_ascii_isdigit (str[0])))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (str[i]) && !g_ascii_isdigit (str[i]) && str[i] != '-')
      return FALSE;

  return TRUE;
}

/* Refuses members the schema does not know: a misspelt "hnit" would
 * otherwise vanish without a word. */
gboolean
_fb_json_check_members (FbJsonCheck              *check,
               const char         *path,
               JsonObject         *object,
               const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (allowed, name))
        {
          g_autofree char *sub = _fb_json_join_path (path, name);
          if (path[0] == '\0')
            return _fb_json_check_fail (check, sub, FB_ERROR_INVALID, _("unknown member “%s”"), name);

          return _fb_json_check_fail (check, sub, FB_ERROR_INVALID, _("unknown member “%s” in “%s”"), name, path);
        }
    }

  return TRUE;
}

JsonObject *
_fb_json_get_object (FbJsonCheck      *check,
            const char *path,
            JsonNode   *node)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _fb_json_check_fail (check, path, FB_ERROR_INVALID, _("“%s” must be an object { … }"), path);
      return NULL;
    }

  return json_node_get_object (node);
}

JsonArray *
_fb_json_get_array (FbJsonCheck      *check,
           const char *path,
           JsonNode   *node)
{
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _fb_json_check_fail (check, path, FB_ERROR_INVALID, _("“%s” must be a list [ … ]"), path);
      return NULL;
    }

  return json_node_get_array (node);
}

JsonNode *
_fb_json_get_member (FbJsonCheck      *check,
            const char *path,
            JsonObject *object,
            const char *name,
            gboolean    required)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL && required)
    {
      g_autofree char *sub = _fb_json_join_path (path, name);
      _fb_json_check_fail (check, path, FB_ERROR_INVALID, _("“%s” is missing"), sub);
    }

  return node;
}

gboolean
_fb_json_take_string (FbJsonCheck       *check,
             const char  *path,
             JsonNode    *node,
             gsize        max,
             char       **out)
{
  const char *str;
  gsize len;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return _fb_json_check_fail (check, path, FB_ERROR_INVALID, _("“%s” must be text in double quotation marks"), path);

  str = json_node_get_string (node);
  len = strlen (str);
  {
    g_autofree char *copy = g_strdup (str);

    if (g_strstrip (copy)[0] == '\0')
      return _fb_json_check_fail (check, path, FB_ERROR_INVALID, _("“%s” must not be empty"), path);
  }
  if (len > max)
    return _fb_json_check_fail (check, path, FB_ERROR_TOO_LARGE,
                       _("“%s” is %u bytes long; the limit is %u"),
                       path, (guint) MIN (len, G_MAXUINT), (guint) max);

  *out = g_strdup (str);
  return TRUE;
}

gboolean
_fb_json_take_int (FbJsonCheck      *check,
          const char *path,
          JsonNode   *node,
          gint64      min,
          gint64      max,
          gint64     *out)
{
  gint64 value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return _fb_json_check_fail (check, path, FB_ERROR_INVALID, _("“%s” must be a whole number"), path);

  value = json_node_get_int (node);
  if (value < min || value > max)
    return _fb_json_check_fail (check, path, FB_ERROR_INVALID,
                       _("“%s” must be between %d and %d"),
                       path, (int) min, (int) max);

  *out = value;
  return TRUE;
}

gboolean
_fb_json_take_id (FbJsonCheck       *check,
         const char  *path,
         JsonNode    *node,
         char       **out)
{
  g_autofree char *id = NULL;

  if (!_fb_json_take_string (check, path, node, FB_OP_MAX_ID, &id))
    return FALSE;

  if (!_fb_json_is_identifier (id))
    return _fb_json_check_fail (check, path, FB_ERROR_INVALID,
                       _("“%s” must be lower-case letters, digits and “-”, up to %d characters"),
                       path, FB_OP_MAX_ID);

  *out = g_steal_pointer (&id);
  return TRUE;
}

/* Both languages are required: a playbook that goes blank when the
 * commander's desktop is in the other language fails when it matters. */
gboolean
_fb_json_take_text (FbJsonCheck          *check,
           const char     *path,
           JsonNode       *node,
           gsize           max,
           FbPlaybookText *out)
{
  static const char * const allowed[] = { "en", "ja", NULL };
  g_autofree char *en_path = _fb_json_join_path (path, "en");
  g_autofree char *ja_path = _fb_json_join_path (path, "ja");
  JsonObject *object;
  JsonNode *en, *ja;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _fb_json_check_fail (check, path, FB_ERROR_INVALID,
                       _("“%s” must be an object with “en” and “ja” text"), path);

  object = json_node_get_object (node);
  if (!_fb_json_check_members (check, path, object, allowed))
    return FALSE;

  if ((en = _fb_json_get_member (check, path, object, "en", TRUE)) == NULL ||
      (ja = _fb_json_get_member (check, path, object, "ja", TRUE)) == NULL)
    return FALSE;

  return _fb_json_take_string (check, en_path, en, max, &out->en) &&
         _fb_json_take_string (check, ja_path, ja, max, &out->ja);
}
/* Loading a hand-written file ---------------------------------------------- */

static void
set_too_large (GError    **error,
               const char *source,
               guint64     size,
               gsize       max)
{
  g_autofree char *size_text = g_format_size (size);
  g_autofree char *limit = g_format_size (max);

  /* TRANSLATORS: a file name, then two sizes such as "300.0 kB" */
  g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE,
               _("%s: the file is %s; it may be at most %s"), source, size_text, limit);
}

/* Parses @data strictly; returns the root and, in *lines, the map from each
 * member's path to its line, or NULL with an error naming @source and the
 * line. */
JsonNode *
_fb_json_check_parse (const char  *data,
                      gsize        length,
                      const char  *source,
                      gsize        max,
                      GHashTable **lines,
                      GError     **error)
{
  g_autoptr(GHashTable) map = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  const char *end = NULL;
  guint line = 0;

  if (length > max)
    {
      set_too_large (error, source, length, max);
      return NULL;
    }

  if (!g_utf8_validate (data, (gssize) length, &end))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("%s:%u: the file is not UTF-8 text (save it as UTF-8)"),
                   source, _fb_json_line_of_offset (data, (gsize) (end - data)));
      return NULL;
    }

  /* A byte-order mark is harmless, and some Windows editors add one. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  map = _fb_json_line_map_new (data, length, FB_JSON_MAX_DEPTH, &line, &local_error);
  if (map == NULL)
    {
      g_set_error (error, FB_ERROR, local_error->code, "%s:%u: %s", source, line, local_error->message);
      return NULL;
    }

  /* The walker above has already enforced what this checks; going through
   * the shared door anyway keeps one definition of "untrusted JSON". */
  root = fb_json_parse_untrusted (data, (gssize) length, max, FB_JSON_MAX_DEPTH, &local_error);
  if (root == NULL)
    {
      g_set_error (error, FB_ERROR, local_error->code, "%s: %s", source, local_error->message);
      return NULL;
    }

  *lines = g_steal_pointer (&map);
  return root;
}

/* Reads @file whole after checking its size, so that a huge file or a
 * device is never pulled into memory; *name is the name errors use. */
char *
_fb_json_check_load_file (GFile   *file,
                          gsize    max,
                          char   **name,
                          gsize   *length,
                          GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;

  *name = g_file_get_parse_name (file);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND, "%s: %s", *name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("%s: not a regular file"), *name);
      return NULL;
    }

  if (g_file_info_get_size (info) > (goffset) max)
    {
      set_too_large (error, *name, (guint64) g_file_info_get_size (info), max);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, length, NULL, &local_error))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FAILED, "%s: %s", *name, local_error->message);
      return NULL;
    }

  return contents;
}
