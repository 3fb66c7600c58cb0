/* fb-json-scan.c — strict JSON, walked before json-glib sees it
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small strict JSON walker. It builds no values. json-glib 1.6 lets
 * through comments, bare words, trailing commas, duplicate members and
 * hexadecimal numbers, has no limit on nesting, ends text at an escaped
 * NUL and wraps large numbers round: every document from outside (a push
 * from a client, an imported file, a user's playbook) is walked here
 * first. For playbooks it also maps each value's path to its line, so
 * that an error found later in the parsed tree names the line a person
 * has to fix.
 */

#define G_LOG_DOMAIN "fb-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-json-private.h"

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       line;
  guint       depth;
  guint       max_depth;
  GHashTable *lines;   /* path → line, or NULL when nobody asked */
  GString    *path;    /* the path of the value being read, with lines */
  GString    *keys;    /* the member names of the objects being read, each
                        * ended by a NUL, so that no name needs a copy */
  GError    **error;
} Scanner;

/* Past this many members an object's names go into a hash table; below
 * it, comparing with each earlier name is cheaper than hashing. */
#define FEW_MEMBERS 16

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

/* The code unit of the \\uXXXX escape whose digits start @skip bytes after
 * the current place, or -1. */
static int
escape_unit (Scanner *s,
             guint    skip)
{
  int unit = 0;

  if ((gsize) (s->end - s->p) < skip + 4)
    return -1;

  for (guint i = skip; i < skip + 4; i++)
    {
      int v = g_ascii_xdigit_value (s->p[i]);

      if (v < 0)
        return -1;
      unit = unit * 16 + v;
    }
  return unit;
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
          /* The character itself: two names that differ only in which
           * of these they hold are two names, not one given twice. */
          if (out != NULL)
            g_string_append_c (out, *s->p == 'b' ? '\b' : *s->p == 'f' ? '\f' : *s->p == 'n' ? '\n'
                                    : *s->p == 'r' ? '\r' : '\t');
          break;
        case 'u':
          {
            int unit = escape_unit (s, 1);
            gunichar u;

            if (unit < 0)
              return fail (s, FB_ERROR_INVALID, _("“\\u” must be followed by four hexadecimal digits"));
            /* json-glib would end the text at a NUL, so the value read
             * would not be the value sent (and hashed). */
            if (unit == 0)
              return fail (s, FB_ERROR_INVALID, _("a NUL character (\\u0000) inside text"));
            s->p += 4;
            u = (gunichar) unit;

            /* A surrogate must come as a pair; half of one would decode
             * to text that is not UTF-8. */
            if (unit >= 0xdc00 && unit <= 0xdfff)
              return fail (s, FB_ERROR_INVALID, _("half of a UTF-16 surrogate pair inside text"));
            if (unit >= 0xd800 && unit <= 0xdbff)
              {
                int low = s->p + 2 < s->end && s->p[1] == '\\' && s->p[2] == 'u' ? escape_unit (s, 3) : -1;

                if (low < 0xdc00 || low > 0xdfff)
                  return fail (s, FB_ERROR_INVALID, _("half of a UTF-16 surrogate pair inside text"));
                s->p += 6;
                u = 0x10000 + (((gunichar) unit - 0xd800) << 10) + ((gunichar) low - 0xdc00);
              }
            if (out != NULL)
              g_string_append_unichar (out, u);
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
  const char *begin = s->p;
  gboolean whole = TRUE;

  if (at (s, '-'))
    s->p++;

  if (at (s, '0'))
    s->p++;
  else if (!scan_digits (s))
    return fail (s, FB_ERROR_INVALID, _("a malformed number"));

  if (at (s, '.'))
    {
      whole = FALSE;
      s->p++;
      if (!scan_digits (s))
        return fail (s, FB_ERROR_INVALID, _("a malformed number"));
    }

  if (at (s, 'e') || at (s, 'E'))
    {
      whole = FALSE;
      s->p++;
      if (at (s, '+') || at (s, '-'))
        s->p++;
      if (!scan_digits (s))
        return fail (s, FB_ERROR_INVALID, _("a malformed number"));
    }

  if (s->p < s->end && (g_ascii_isalnum (*s->p) || *s->p == '.'))
    return fail (s, FB_ERROR_INVALID, _("a malformed number"));

  /* json-glib wraps a whole number past 64 bits round, so the value read
   * would not be the value sent. */
  if (whole)
    {
      gboolean negative = *begin == '-';
      const char *digits = negative ? begin + 1 : begin;
      gsize n = (gsize) (s->p - digits);
      const char *limit = negative ? "9223372036854775808" : "9223372036854775807";

      /* No leading zeros here, so the longer number is the larger. */
      if (n > 19 || (n == 19 && memcmp (digits, limit, 19) > 0))
        {
          s->p = begin;
          return fail (s, FB_ERROR_INVALID, _("a whole number too large to hold"));
        }
    }

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

typedef enum
{
  NEXT_MORE,
  NEXT_CLOSED,
  NEXT_BROKEN,
} Next;

/* After a member or an element: a comma and another, or @close. The
 * messages are untranslated until they are needed: this runs for every
 * value of every document. */
static Next
scan_next (Scanner    *s,
           char        close,
           const char *trailing_comma,
           const char *expected)
{
  guint value_end = s->line;

  skip_space (s);
  if (at (s, ','))
    {
      s->p++;
      skip_space (s);
      if (at (s, close))
        {
          fail (s, FB_ERROR_INVALID, _(trailing_comma));
          return NEXT_BROKEN;
        }
      return NEXT_MORE;
    }
  if (at (s, close))
    {
      s->p++;
      s->depth--;
      return NEXT_CLOSED;
    }

  /* Most often a comma forgotten at the end of the previous line, so
   * point there rather than at the next member. */
  s->line = value_end;
  fail (s, FB_ERROR_INVALID, _(expected));
  return NEXT_BROKEN;
}

static gboolean
scan_object (Scanner *s)
{
  g_autoptr(GHashTable) seen = NULL;
  gsize base = s->path != NULL ? s->path->len : 0;
  gsize keys_base = s->keys->len;
  guint n_members = 0;

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
      gsize key_start;
      const char *key;
      gboolean twice = FALSE;

      skip_space (s);
      if (at (s, '/'))
        return fail (s, FB_ERROR_INVALID, _("a comment (JSON has none)"));
      if (!at (s, '"'))
        return fail (s, FB_ERROR_INVALID, _("expected a member name in double quotation marks"));
      key_start = s->keys->len;
      if (!scan_string (s, s->keys))
        return FALSE;
      g_string_append_c (s->keys, '\0');
      key = s->keys->str + key_start;

      if (++n_members <= FEW_MEMBERS)
        {
          for (gsize k = keys_base; k < key_start && !twice; k += strlen (s->keys->str + k) + 1)
            twice = strcmp (s->keys->str + k, key) == 0;
        }
      else
        {
          if (seen == NULL)
            {
              seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              for (gsize k = keys_base; k < key_start; k += strlen (s->keys->str + k) + 1)
                g_hash_table_add (seen, g_strdup (s->keys->str + k));
            }
          twice = !g_hash_table_add (seen, g_strdup (key));
        }

      if (twice)
        {
          g_autofree char *message = g_strdup_printf (_("member “%s” appears twice"), key);
          return fail (s, FB_ERROR_INVALID, message);
        }

      skip_space (s);
      if (!at (s, ':'))
        return fail (s, FB_ERROR_INVALID, _("expected “:” after a member name"));
      s->p++;
      skip_space (s);

      if (s->path != NULL)
        {
          if (base > 0)
            g_string_append_c (s->path, '.');
          g_string_append (s->path, key);
        }
      if (!scan_value (s))
        return FALSE;
      if (s->path != NULL)
        g_string_truncate (s->path, base);

      switch (scan_next (s, '}', N_("a comma before “}” (remove the last comma)"), N_("expected “,” or “}”")))
        {
        case NEXT_MORE:
          continue;
        case NEXT_CLOSED:
          /* The names of a finished object are no business of its parent's. */
          g_string_truncate (s->keys, keys_base);
          return TRUE;
        case NEXT_BROKEN:
        default:
          return FALSE;
        }
    }
}

static gboolean
scan_array (Scanner *s)
{
  gsize base = s->path != NULL ? s->path->len : 0;

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
      if (s->path != NULL)
        g_string_append_printf (s->path, "[%u]", index);
      if (!scan_value (s))
        return FALSE;
      if (s->path != NULL)
        g_string_truncate (s->path, base);

      switch (scan_next (s, ']', N_("a comma before “]” (remove the last comma)"), N_("expected “,” or “]”")))
        {
        case NEXT_MORE:
          continue;
        case NEXT_CLOSED:
          return TRUE;
        case NEXT_BROKEN:
        default:
          return FALSE;
        }
    }
}

static gboolean
scan_value (Scanner *s)
{
  skip_space (s);
  if (s->p >= s->end)
    return fail (s, FB_ERROR_INVALID, _("the file ends where a value was expected"));

  if (s->lines != NULL)
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


/**
 * _fb_json_scan:
 * @lines: (nullable): filled with the line each value's path starts on
 * @error_line: (out) (optional): the line of what is wrong
 * @error_offset: (out) (optional): the byte offset of what is wrong
 * @error: what is wrong, in a few words ("a malformed number"), for the
 *   caller to place in a sentence
 *
 * Walks strict JSON (RFC 8259): one value, no comments, no bare words, no
 * trailing commas, no duplicate member names, no leading zeros, known
 * escapes only, and nothing json-glib would read as something other than
 * what was written (a NUL inside text, half a surrogate pair, a whole
 * number past 64 bits); no deeper than @max_depth.
 */
gboolean
_fb_json_scan (const char *data,
               gsize       length,
               guint       max_depth,
               GHashTable *lines,
               guint      *error_line,
               gsize      *error_offset,
               GError    **error)
{
  g_autoptr(GString) path = lines != NULL ? g_string_new (NULL) : NULL;
  g_autoptr(GString) keys = g_string_sized_new (256);
  Scanner s = {
    .start = data,
    .p = data,
    .end = data + length,
    .line = 1,
    .max_depth = max_depth,
    .lines = lines,
    .path = path,
    .keys = keys,
    .error = error,
  };

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

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

  return TRUE;

failed:
  if (error_line != NULL)
    *error_line = s.line;
  if (error_offset != NULL)
    *error_offset = (gsize) (s.p - s.start);
  return FALSE;
}
