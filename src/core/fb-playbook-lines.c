/* fb-playbook-lines.c — where each value of a JSON text sits, for errors
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small strict JSON walker. It builds no values, only a map from each
 * value's path to its line, so that an error found later in the parsed
 * tree can name the line a person has to fix. Being strict, it also
 * rejects what json-glib would let through (comments, bare words,
 * trailing commas, duplicate members), with a line.
 */

#define G_LOG_DOMAIN "fb-playbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-playbook-private.h"

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       line;
  guint       depth;
  guint       max_depth;
  GHashTable *lines;
  GString    *path;
  GError    **error;
} Scanner;

static gboolean scan_value (Scanner *s);

static gboolean
fail (Scanner    *s,
      FbError     code,
      const char *message)
{
  if (s->error != NULL && *s->error == NULL)
    g_set_error_literal (s->error, FB_ERROR, code, message);
  return FALSE;
}

static void
skip_space (Scanner *s)
{
  while (s->p < s->end)
    {
      char c = *s->p;

      if (c == '\n')
        s->line++;
      else if (c != ' ' && c != '\t' && c != '\r')
        return;
      s->p++;
    }
}

static gboolean
at (Scanner *s,
    char     c)
{
  return s->p < s->end && *s->p == c;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads a string; when out is not NULL, decodes it there (member names
 * go into paths and are checked for duplicates). */
static gboolean
scan_string (Scanner *s,
             GString *out)
{
  g_assert (at (s, '"'));
  s->p++;

  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p;

      if (c == '"')
        {
          s->p++;
          return TRUE;
        }

      if (c < 0x20)
        return fail (s, FB_ERROR_INVALID, _("a control character or line break inside text (write it as \\n)"));

      if (c != '\\')
        {
          if (out != NULL)
            g_string_append_c (out, (char) c);
          s->p++;
          continue;
        }

      s->p++;
      if (s->p >= s->end)
        break;

      switch (*s->p)
        {
        case '"': case '\\': case '/':
          if (out != NULL)
            g_string_append_c (out, *s->p);
          break;
        case 'b': case 'f': case 'n': case 'r': case 't':
          if (out != NULL)
            g_string_append_c (out, ' ');
          break;
        case 'u':
          {
            gunichar u = 0;

            for (guint i = 1; i <= 4; i++)
              {
                int v = s->p + i < s->end ? hex_value (s->p[i]) : -1;

                if (v < 0)
                  return fail (s, FB_ERROR_INVALID, _("“\\u” must be followed by four hexadecimal digits"));
                u = u * 16 + (gunichar) v;
              }
            s->p += 4;
            if (out != NULL)
              g_string_append_unichar (out, g_unichar_validate (u) ? u : 0xFFFD);
          }
          break;
        default:
          return fail (s, FB_ERROR_INVALID, _("an unknown escape sequence inside text"));
        }
      s->p++;
    }

  return fail (s, FB_ERROR_INVALID, _("text that is never closed with a quotation mark"));
}

static gboolean
scan_digits (Scanner *s)
{
  const char *begin = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;

  return s->p > begin;
}

static gboolean
scan_number (Scanner *s)
{
  if (at (s, '-'))
    s->p++;

  if (at (s, '0'))
    s->p++;
  else if (!scan_digits (s))
    return fail (s, FB_ERROR_INVALID, _("a malformed number"));

  if (at (s, '.'))
    {
      s->p++;
      if (!scan_digits (s))
        return fail (s, FB_ERROR_INVALID, _("a malformed number"));
    }

  if (at (s, 'e') || at (s, 'E'))
    {
      s->p++;
      if (at (s, '+') || at (s, '-'))
        s->p++;
      if (!scan_digits (s))
        return fail (s, FB_ERROR_INVALID, _("a malformed number"));
    }

  if (s->p < s->end && (g_ascii_isalnum (*s->p) || *s->p == '.'))
    return fail (s, FB_ERROR_INVALID, _("a malformed number"));

  return TRUE;
}

static gboolean
scan_word (Scanner    *s,
           const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return fail (s, FB_ERROR_INVALID, _("an unexpected word (text must be in double quotation marks)"));

  s->p += len;
  if (s->p < s->end && g_ascii_isalnum (*s->p))
    return fail (s, FB_ERROR_INVALID, _("an unexpected word (text must be in double quotation marks)"));

  return TRUE;
}

static gboolean
enter (Scanner *s)
{
  if (++s->depth > s->max_depth)
    {
      g_autofree char *message = g_strdup_printf (_("nesting deeper than %u levels"), s->max_depth);
      return fail (s, FB_ERROR_TOO_DEEP, message);
    }

  s->p++;
  return TRUE;
}

static gboolean
scan_object (Scanner *s)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gsize base = s->path->len;
  guint value_end;

  if (!enter (s))
    return FALSE;

  skip_space (s);
  if (at (s, '}'))
    {
      s->p++;
      s->depth--;
      return TRUE;
    }

  for (;;)
    {
      g_autoptr(GString) key = g_string_new (NULL);

      skip_space (s);
      if (at (s, '/'))
        return fail (s, FB_ERROR_INVALID, _("a comment (JSON has none)"));
      if (!at (s, '"'))
        return fail (s, FB_ERROR_INVALID, _("expected a member name in double quotation marks"));
      if (!scan_string (s, key))
        return FALSE;

      if (g_hash_table_contains (seen, key->str))
        {
          g_autofree char *message = g_strdup_printf (_("member “%s” appears twice"), key->str);
          return fail (s, FB_ERROR_INVALID, message);
        }
      g_hash_table_add (seen, g_strdup (key->str));

      skip_space (s);
      if (!at (s, ':'))
        return fail (s, FB_ERROR_INVALID, _("expected “:” after a member name"));
      s->p++;
      skip_space (s);

      if (base > 0)
        g_string_append_c (s->path, '.');
      g_string_append (s->path, key->str);
      if (!scan_value (s))
        return FALSE;
      g_string_truncate (s->path, base);

      value_end = s->line;
      skip_space (s);
      if (at (s, ','))
        {
          s->p++;
          skip_space (s);
          if (at (s, '}'))
            return fail (s, FB_ERROR_INVALID, _("a comma before “}” (remove the last comma)"));
          continue;
        }
      if (at (s, '}'))
        {
          s->p++;
          s->depth--;
          return TRUE;
        }
      /* Most often a comma forgotten at the end of the previous line,
       * so point there rather than at the next member. */
      s->line = value_end;
      return fail (s, FB_ERROR_INVALID, _("expected “,” or “}”"));
    }
}

static gboolean
scan_array (Scanner *s)
{
  gsize base = s->path->len;
  guint value_end;

  if (!enter (s))
    return FALSE;

  skip_space (s);
  if (at (s, ']'))
    {
      s->p++;
      s->depth--;
      return TRUE;
    }

  for (guint index = 0;; index++)
    {
      skip_space (s);
      g_string_append_printf (s->path, "[%u]", index);
      if (!scan_value (s))
        return FALSE;
      g_string_truncate (s->path, base);

      value_end = s->line;
      skip_space (s);
      if (at (s, ','))
        {
          s->p++;
          skip_space (s);
          if (at (s, ']'))
            return fail (s, FB_ERROR_INVALID, _("a comma before “]” (remove the last comma)"));
          continue;
        }
      if (at (s, ']'))
        {
          s->p++;
          s->depth--;
          return TRUE;
        }
      /* Most often a comma forgotten at the end of the previous line,
       * so point there rather than at the next member. */
      s->line = value_end;
      return fail (s, FB_ERROR_INVALID, _("expected “,” or “]”"));
    }
}

static gboolean
scan_value (Scanner *s)
{
  skip_space (s);
  if (s->p >= s->end)
    return fail (s, FB_ERROR_INVALID, _("the file ends where a value was expected"));

  g_hash_table_insert (s->lines, g_strdup (s->path->str), GUINT_TO_POINTER (s->line));

  switch (*s->p)
    {
    case '{':
      return scan_object (s);
    case '[':
      return scan_array (s);
    case '"':
      return scan_string (s, NULL);
    case 't':
      return scan_word (s, "true");
    case 'f':
      return scan_word (s, "false");
    case 'n':
      return scan_word (s, "null");
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return scan_number (s);
    case '/':
      return fail (s, FB_ERROR_INVALID, _("a comment (JSON has none)"));
    default:
      if (g_ascii_isalpha (*s->p))
        return fail (s, FB_ERROR_INVALID, _("an unexpected word (text must be in double quotation marks)"));
      return fail (s, FB_ERROR_INVALID, _("an unexpected character where a value was expected"));
    }
}

GHashTable *
_fb_json_line_map_new (const char *data,
                       gsize       length,
                       guint       max_depth,
                       guint      *error_line,
                       GError    **error)
{
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) path = g_string_new (NULL);
  Scanner s = {
    .start = data,
    .p = data,
    .end = data + length,
    .line = 1,
    .max_depth = max_depth,
    .lines = lines,
    .path = path,
    .error = error,
  };

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  skip_space (&s);
  if (s.p >= s.end)
    {
      fail (&s, FB_ERROR_INVALID, _("the file is empty"));
      goto failed;
    }

  if (!scan_value (&s))
    goto failed;

  skip_space (&s);
  if (s.p < s.end)
    {
      fail (&s, FB_ERROR_INVALID, _("more text after the end of the document"));
      goto failed;
    }

  return g_steal_pointer (&lines);

failed:
  if (error_line != NULL)
    *error_line = s.line;
  return NULL;
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
