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

/* Whether any of the eight bytes of @w needs escaping: is below 0x20, or
 * is '"' or '\\'. (x - 0x01…) & ~x & 0x80… is not zero exactly when a
 * byte of x is zero; with 0x20… in place of 0x01…, when a byte is below
 * 0x20. */
static inline gboolean
any_to_escape (guint64 w)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 tops = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 quote = w ^ (ones * '"');
  guint64 backslash = w ^ (ones * '\\');

  return ((((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & tops) != 0;
}

void
_fb_json_write_string (GString    *out,
                       const char *str)
{
  const guchar *p = (const guchar *) str, *run = p;
  const guchar *end = p + strlen (str);

  /* Plain bytes go out in runs, looked at eight at a time: hashing and
   * checking a long record writes every op's strings. */
  g_string_append_c (out, '"');
  while (p < end)
    {
      guint64 w;

      if (end - p >= 8)
        {
          memcpy (&w, p, sizeof w);
          if (!any_to_escape (w))
            {
              p += 8;
              continue;
            }
        }
      if (*p >= 0x20 && *p != '"' && *p != '\\')
        {
          p++;
          continue;
        }

      g_string_append_len (out, (const char *) run, p - run);
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", *p);
        }
      run = ++p;
    }
  g_string_append_len (out, (const char *) run, end - run);
  g_string_append_c (out, '"');
}

/* Whether no byte of @str needs escaping: _fb_json_write_string () then
 * writes its bytes as they are, between quotes. */
gboolean
_fb_json_string_is_plain (const char *str,
                          gsize       length)
{
  const guchar *p = (const guchar *) str, *end = p + length;
  guint64 w;

  for (; end - p >= 8; p += 8)
    {
      memcpy (&w, p, sizeof w);
      if (any_to_escape (w))
        return FALSE;
    }
  for (; p < end; p++)
    if (*p < 0x20 || *p == '"' || *p == '\\')
      return FALSE;

  return TRUE;
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

/**
 * _fb_json_check_untrusted:
 *
 * The checks fb_json_parse_untrusted() makes before any value is read:
 * size, UTF-8, strict JSON and depth. Text that passes them can be read
 * with an #FbJsonReader, which trusts them.
 */
gboolean
_fb_json_check_untrusted (const char *data,
                          gsize       len,
                          gsize       max_bytes,
                          guint       max_depth,
                          GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize offset = 0;

  if (len > max_bytes)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE,
                   _("The document is %zu bytes; the limit is %zu"),
                   len, max_bytes);
      return FALSE;
    }

  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("The document is not valid UTF-8"));
      return FALSE;
    }

  if (!_fb_json_scan (data, len, max_depth, NULL, NULL, &offset, &local_error))
    {
      if (g_error_matches (local_error, FB_ERROR, FB_ERROR_TOO_DEEP))
        g_set_error (error, FB_ERROR, FB_ERROR_TOO_DEEP,
                     _("The document is nested more than %u levels deep"), max_depth);
      else
        /* TRANSLATORS: the second %s says what is wrong, e.g. "a malformed number" */
        g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                     _("The document is not strict JSON at byte %zu: %s"), offset, local_error->message);
      return FALSE;
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

  if (!_fb_json_check_untrusted (data, len, max_bytes, max_depth, error))
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
