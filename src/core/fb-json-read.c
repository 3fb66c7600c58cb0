/* fb-json-read.c — values read straight from checked JSON text
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pulled page holds thousands of ops; building a json-glib tree of it,
 * only to copy each op out of the tree and free it, cost twice what
 * applying the ops did. This reader walks text that
 * _fb_json_check_untrusted () passed (strict JSON, valid UTF-8, no NUL
 * escaped, no half surrogate pair, whole numbers within 64 bits, no
 * member twice, not too deep), so that it has nothing to refuse: it gives
 * the values as json-glib would have read them. It still checks every
 * bound, and says "broken" rather than guess if the text is not what the
 * check passed; the fuzzer holds it to never being so.
 */

#define G_LOG_DOMAIN "fb-json"

#include "config.h"

#include <string.h>

#include "fb-json-private.h"

void
_fb_json_reader_init (FbJsonReader *reader,
                      const char   *data,
                      gsize         length)
{
  reader->p = data;
  reader->end = data + length;
  reader->name = g_string_sized_new (64);
  reader->broken = FALSE;
}

void
_fb_json_reader_clear (FbJsonReader *reader)
{
  if (reader->name != NULL)
    g_string_free (reader->name, TRUE);
  reader->name = NULL;
}

static void
skip_space (FbJsonReader *reader)
{
  while (reader->p < reader->end &&
         (*reader->p == ' ' || *reader->p == '\n' || *reader->p == '\r' || *reader->p == '\t'))
    reader->p++;
}

static gboolean
broken (FbJsonReader *reader)
{
  reader->broken = TRUE;
  reader->p = reader->end;
  return FALSE;
}

static gboolean
is_number_char (char c)
{
  return g_ascii_isdigit (c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* The end of the number that starts here, and whether it is whole. */
static const char *
number_end (FbJsonReader *reader,
            gboolean     *whole)
{
  const char *q = reader->p;

  *whole = TRUE;
  while (q < reader->end && is_number_char (*q))
    {
      if (*q == '.' || *q == 'e' || *q == 'E')
        *whole = FALSE;
      q++;
    }
  return q;
}

FbJsonRead
_fb_json_reader_peek (FbJsonReader *reader)
{
  gboolean whole;

  skip_space (reader);
  if (reader->p >= reader->end)
    return FB_JSON_READ_END;

  switch (*reader->p)
    {
    case '{': return FB_JSON_READ_OBJECT;
    case '[': return FB_JSON_READ_ARRAY;
    case '"': return FB_JSON_READ_STRING;
    case 't': case 'f': return FB_JSON_READ_BOOL;
    case 'n': return FB_JSON_READ_NULL;
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      number_end (reader, &whole);
      return whole ? FB_JSON_READ_INT : FB_JSON_READ_DOUBLE;
    default:
      return FB_JSON_READ_END;
    }
}

/* Into an object or an array, at its first member or element. */
gboolean
_fb_json_reader_enter (FbJsonReader *reader)
{
  skip_space (reader);
  if (reader->p >= reader->end || (*reader->p != '{' && *reader->p != '['))
    return broken (reader);
  reader->p++;
  return TRUE;
}

/* The code unit of the four hexadecimal digits at @p, or -1. */
static int
escape_unit (FbJsonReader *reader,
             const char   *p)
{
  int unit = 0;

  if (reader->end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int v = g_ascii_xdigit_value (p[i]);

      if (v < 0)
        return -1;
      unit = unit * 16 + v;
    }
  return unit;
}

/* Decodes the text at the opening quotation mark into @out, as json-glib
 * does: escapes to the characters they name, a surrogate pair to its one
 * character. */
static gboolean
read_string (FbJsonReader *reader,
             GString      *out)
{
  const char *p = reader->p + 1;
  const char *run = p;

  for (;;)
    {
      while (p < reader->end && *p != '"' && *p != '\\')
        p++;
      if (p >= reader->end)
        return broken (reader);

      g_string_append_len (out, run, p - run);
      if (*p == '"')
        {
          reader->p = p + 1;
          return TRUE;
        }

      if (++p >= reader->end)
        return broken (reader);
      switch (*p)
        {
        case '"': case '\\': case '/': g_string_append_c (out, *p); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            int unit = escape_unit (reader, p + 1);
            gunichar u = (gunichar) unit;

            if (unit <= 0 || (unit >= 0xdc00 && unit <= 0xdfff))
              return broken (reader);
            p += 4;
            if (unit >= 0xd800 && unit <= 0xdbff)
              {
                int low = reader->end - p > 2 && p[1] == '\\' && p[2] == 'u' ? escape_unit (reader, p + 3) : -1;

                if (low < 0xdc00 || low > 0xdfff)
                  return broken (reader);
                p += 6;
                u = 0x10000 + (((gunichar) unit - 0xd800) << 10) + ((gunichar) low - 0xdc00);
              }
            g_string_append_unichar (out, u);
          }
          break;
        default:
          return broken (reader);
        }
      run = ++p;
    }
}

/* After an opening bracket or a value inside: past the comma, if any,
 * to what follows; FALSE past @close, or at the end of broken text. */
static gboolean
next_item (FbJsonReader *reader,
           char          close)
{
  skip_space (reader);
  if (reader->p < reader->end && *reader->p == ',')
    {
      reader->p++;
      skip_space (reader);
    }
  if (reader->p >= reader->end)
    return broken (reader);
  if (*reader->p == close)
    {
      reader->p++;
      return FALSE;
    }
  return TRUE;
}

/* After an object's "{" or a value in it: the next member's name, read
 * into reader->name, and the reader at its value; FALSE past the "}". */
gboolean
_fb_json_reader_next_member (FbJsonReader *reader)
{
  if (!next_item (reader, '}'))
    return FALSE;
  if (*reader->p != '"')
    return broken (reader);

  g_string_truncate (reader->name, 0);
  if (!read_string (reader, reader->name))
    return FALSE;
  skip_space (reader);
  if (reader->p >= reader->end || *reader->p != ':')
    return broken (reader);
  reader->p++;
  return TRUE;
}

/* After an array's "[" or a value in it: whether another value follows;
 * FALSE past the "]". */
gboolean
_fb_json_reader_next_element (FbJsonReader *reader)
{
  return next_item (reader, ']');
}

/* The text here, decoded; most text has no escape and is copied whole. */
char *
_fb_json_reader_take_string (FbJsonReader *reader)
{
  const char *p;
  GString *out;

  skip_space (reader);
  if (reader->p >= reader->end || *reader->p != '"')
    return broken (reader), NULL;

  for (p = reader->p + 1; p < reader->end && *p != '"' && *p != '\\'; p++)
    ;
  if (p < reader->end && *p == '"')
    {
      char *str = g_strndup (reader->p + 1, (gsize) (p - reader->p - 1));

      reader->p = p + 1;
      return str;
    }

  out = g_string_sized_new ((gsize) (p - reader->p) + 16);
  if (!read_string (reader, out))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The whole number here, which the check holds within 64 bits. */
gint64
_fb_json_reader_int (FbJsonReader *reader)
{
  gboolean negative, whole;
  const char *q, *end;
  guint64 magnitude = 0;

  skip_space (reader);
  end = number_end (reader, &whole);
  q = reader->p;
  negative = q < end && *q == '-';
  if (negative)
    q++;
  if (!whole || q >= end)
    return broken (reader), 0;

  for (; q < end; q++)
    {
      guint digit = (guint) (*q - '0');

      if (digit > 9 || magnitude > (G_MAXUINT64 - digit) / 10)
        return broken (reader), 0;
      magnitude = magnitude * 10 + digit;
    }
  if (magnitude > (guint64) G_MAXINT64 + (negative ? 1 : 0))
    return broken (reader), 0;

  reader->p = end;
  if (negative)
    return magnitude == 0 ? 0 : -(gint64) (magnitude - 1) - 1;
  return (gint64) magnitude;
}

static gboolean
read_word (FbJsonReader *reader,
           const char   *word)
{
  gsize len = strlen (word);

  if ((gsize) (reader->end - reader->p) < len || memcmp (reader->p, word, len) != 0)
    return broken (reader);
  reader->p += len;
  return TRUE;
}

/* Past the value here, whatever it is. */
void
_fb_json_reader_skip (FbJsonReader *reader)
{
  gboolean whole;

  switch (_fb_json_reader_peek (reader))
    {
    case FB_JSON_READ_OBJECT:
      _fb_json_reader_enter (reader);
      while (_fb_json_reader_next_member (reader))
        _fb_json_reader_skip (reader);
      break;

    case FB_JSON_READ_ARRAY:
      _fb_json_reader_enter (reader);
      while (_fb_json_reader_next_element (reader))
        _fb_json_reader_skip (reader);
      break;

    case FB_JSON_READ_STRING:
      {
        const char *p = reader->p + 1;

        while (p < reader->end && *p != '"')
          p += *p == '\\' && reader->end - p > 1 ? 2 : 1;
        if (p >= reader->end)
          broken (reader);
        else
          reader->p = p + 1;
      }
      break;

    case FB_JSON_READ_INT:
    case FB_JSON_READ_DOUBLE:
      reader->p = number_end (reader, &whole);
      break;

    case FB_JSON_READ_BOOL:
      read_word (reader, *reader->p == 't' ? "true" : "false");
      break;

    case FB_JSON_READ_NULL:
      read_word (reader, "null");
      break;

    case FB_JSON_READ_END:
    default:
      broken (reader);
    }
}

/* Whether the reader is at the end of the text, with nothing broken. */
gboolean
_fb_json_reader_done (FbJsonReader *reader)
{
  skip_space (reader);
  return !reader->broken && reader->p == reader->end;
}

JsonObject *
_fb_json_reader_object (FbJsonReader *reader)
{
  JsonObject *object = json_object_new ();

  if (!_fb_json_reader_enter (reader))
    return object;

  while (_fb_json_reader_next_member (reader))
    {
      FbJsonRead type = _fb_json_reader_peek (reader);

      /* A member's value is read after its name, and may hold names of
       * its own. */
      if (type == FB_JSON_READ_OBJECT || type == FB_JSON_READ_ARRAY)
        {
          g_autofree char *name = g_strndup (reader->name->str, reader->name->len);

          json_object_set_member (object, name, _fb_json_reader_node (reader));
        }
      else
        {
          JsonNode *node = _fb_json_reader_node (reader);

          json_object_set_member (object, reader->name->str, node);
        }
    }

  return object;
}

/* The value here as json-glib's parser would have made it. */
JsonNode *
_fb_json_reader_node (FbJsonReader *reader)
{
  JsonNode *node = json_node_alloc ();
  gboolean whole;

  switch (_fb_json_reader_peek (reader))
    {
    case FB_JSON_READ_OBJECT:
      json_node_init_object (node, NULL);
      json_node_take_object (node, _fb_json_reader_object (reader));
      break;

    case FB_JSON_READ_ARRAY:
      {
        JsonArray *array = json_array_new ();

        json_node_init_array (node, NULL);
        _fb_json_reader_enter (reader);
        while (_fb_json_reader_next_element (reader))
          json_array_add_element (array, _fb_json_reader_node (reader));
        json_node_take_array (node, array);
      }
      break;

    case FB_JSON_READ_STRING:
      {
        g_autofree char *str = _fb_json_reader_take_string (reader);

        json_node_init_string (node, str != NULL ? str : "");
      }
      break;

    case FB_JSON_READ_INT:
      json_node_init_int (node, _fb_json_reader_int (reader));
      break;

    case FB_JSON_READ_DOUBLE:
      {
        const char *end = number_end (reader, &whole);
        g_autofree char *token = g_strndup (reader->p, (gsize) (end - reader->p));

        json_node_init_double (node, g_ascii_strtod (token, NULL));
        reader->p = end;
      }
      break;

    case FB_JSON_READ_BOOL:
      json_node_init_boolean (node, *reader->p == 't');
      read_word (reader, *reader->p == 't' ? "true" : "false");
      break;

    case FB_JSON_READ_NULL:
      json_node_init_null (node);
      read_word (reader, "null");
      break;

    case FB_JSON_READ_END:
    default:
      json_node_init_null (node);
      broken (reader);
    }

  return node;
}
