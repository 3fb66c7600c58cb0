/* fb-json.c — canonical JSON bytes, and JSON read from untrusted bytes
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by ops (their hash covers canonical bytes), the server, sync and
 * export.
 */

#define G_LOG_DOMAIN "fb-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-json-private.h"

/* Canonical JSON ---------------------------------------------------------
 *
 * The hash covers a canonical form: object members sorted by their UTF-8
 * bytes, no insignificant white space, strings escaped only where JSON
 * requires it. Every store that holds an op computes the same bytes. */

void
_fb_json_write_string (GString    *out,
                       const char *str)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) str; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void write_node (GString *out, JsonNode *node);

/* printf is a noticeable share of hashing an op; integers are simple. */
void
_fb_json_append_int (GString *out,
                     gint64   value)
{
  char buf[24];
  guint64 magnitude = value < 0 ? (guint64) -(value + 1) + 1 : (guint64) value;
  int i = sizeof buf;

  do
    {
      buf[--i] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);

  if (value < 0)
    buf[--i] = '-';

  g_string_append_len (out, buf + i, (gssize) (sizeof buf - i));
}

static void
write_object (GString    *out,
              JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  gboolean first = TRUE;

  members = g_list_sort (members, (GCompareFunc) strcmp);

  g_string_append_c (out, '{');
  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      _fb_json_write_string (out, l->data);
      g_string_append_c (out, ':');
      write_node (out, json_object_get_member (object, l->data));
    }
  g_string_append_c (out, '}');
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      write_object (out, json_node_get_object (node));
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          _fb_json_append_int (out, json_node_get_int (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          _fb_json_write_string (out, json_node_get_string (node));
          break;
        default:
          {
            /* Ops never carry fractions (validation refuses them); this
             * keeps the writer total for other documents. */
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            g_string_append (out, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
          }
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

char *
fb_json_canonical (JsonNode *node,
                   gsize    *length)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  write_node (out, node);
  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

char *
_fb_json_canonical_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return fb_json_canonical (node, NULL);
}

/* Decoding untrusted bytes ---------------------------------------------- */

/* The code unit of a \uXXXX escape whose digits start at @at, or -1. */
static int
escape_unit (const char *data,
             gsize       length,
             gsize       at)
{
  int unit = 0;

  if (at + 4 > length)
    return -1;
  for (gsize k = at; k < at + 4; k++)
    {
      int digit = g_ascii_xdigit_value (data[k]);

      if (digit < 0)
        return -1;
      unit = unit << 4 | digit;
    }
  return unit;
}

/* json-glib 1.6 accepts comments, bare words and hexadecimal numbers and
 * has no limit on nesting, so untrusted input is scanned first: only what
 * strict JSON allows outside strings, and no deeper than max_depth. Inside
 * strings, a UTF-16 surrogate escaped without its other half would become
 * text that is not UTF-8, so it is refused too. */
static gboolean
prescan (const char *data,
         gsize       length,
         guint       max_depth,
         GError    **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      if (in_string)
        {
          if (c == '\\' && i + 1 < length && data[i + 1] == 'u')
            {
              int unit = escape_unit (data, length, i + 2);
              int low = -1;

              if (unit >= 0xd800 && unit <= 0xdbff && i + 7 < length &&
                  data[i + 6] == '\\' && data[i + 7] == 'u')
                low = escape_unit (data, length, i + 8);

              if ((unit >= 0xd800 && unit <= 0xdbff && (low < 0xdc00 || low > 0xdfff)) ||
                  (unit >= 0xdc00 && unit <= 0xdfff))
                {
                  g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                               _("The document holds half of a UTF-16 surrogate pair inside text at byte %zu"),
                               i);
                  return FALSE;
                }
              /* Past the escape, or the pair; the loop adds one. */
              i += low >= 0 ? 11 : 5;
            }
          else if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          else if (c < 0x20)
            {
              g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                           _("The document holds a control character inside text at byte %zu"),
                           i);
              return FALSE;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '{':
        case '[':
          if (++depth > max_depth)
            {
              g_set_error (error, FB_ERROR, FB_ERROR_TOO_DEEP,
                           _("The document is nested more than %u levels deep"), max_depth);
              return FALSE;
            }
          break;

        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;

        case ' ': case '\t': case '\n': case '\r':
        case ',': case ':': case '-': case '+': case '.':
        case 'e': case 'E':
        case 't': case 'r': case 'u': case 'f': case 'a': case 'l': case 's': case 'n':
          break;

        default:
          if (!g_ascii_isdigit (c))
            {
              g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                           _("The document is not strict JSON: unexpected character at byte %zu"),
                           i);
              return FALSE;
            }
        }
    }

  return TRUE;
}

JsonNode *
fb_json_parse_untrusted (const char *data,
                         gssize      length,
                         gsize       max_bytes,
                         guint       max_depth,
                         GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;

  if (len > max_bytes)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE,
                   _("The document is %zu bytes; the limit is %zu"),
                   len, max_bytes);
      return NULL;
    }

  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("The document is not valid UTF-8"));
      return NULL;
    }

  if (!prescan (data, len, max_depth, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("The document is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("The document is empty"));
      return NULL;
    }

  return json_parser_steal_root (parser);
}
