/* fb-export-json.c — an op of the JSON export printed straight from its
 * stored columns
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON export is written as json-glib pretty-prints it (fb-export.c).
 * json-glib prints an op parsed from its columns slowly (a parser, a tree,
 * a generator: most of a long export's time), so the op is printed here
 * from the columns as they are stored, its body re-indented from the
 * canonical text the store keeps: "name" : value, two spaces a level, an
 * empty array "[]", an empty object "{", two spaces a level of its depth
 * in the op and "}".
 *
 * That is only the same as decoding and printing the op again when the
 * stored body is in the store's canonical form, so the body is read
 * against that form's grammar as it is copied: no white space, members in
 * strictly increasing order (no name twice), integers written the one way
 * (no "-0", no leading zero, at most 18 digits), in strings only the
 * escapes json-glib prints the same (\" \\ \b \f \n \r \t), no control
 * character or DEL, valid UTF-8, and nothing after the object. Anything
 * else (a body altered in the file, or written by another program) makes
 * _fb_export_append_op() return FALSE having written nothing, and the op
 * goes the slow way, which prints what json-glib reads of it or fails as
 * it always did. test-export holds the two to the same bytes for every
 * byte and escape in every place.
 */

#define G_LOG_DOMAIN "fb-export"

#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "fb-export-private.h"
#include "fb-json-private.h"

/* How deep a body may nest before the op goes the slow way: the store's
 * bodies are two or three levels. */
#define MAX_DEPTH 32

typedef struct
{
  GString *s;
  char    *w;      /* where the next byte goes */
  char    *end;    /* the last byte that may be written, kept for the NUL */
} Out;

static void
out_begin (Out     *out,
           GString *s)
{
  out->s = s;
  out->w = s->str + s->len;
  out->end = s->str + s->allocated_len - 1;
}

static void
out_finish (Out *out)
{
  out->s->len = (gsize) (out->w - out->s->str);
  *out->w = '\0';
}

static void
out_grow (Out  *out,
          gsize n)
{
  gsize len = (gsize) (out->w - out->s->str);

  out_finish (out);
  g_string_set_size (out->s, len + n + 4096);
  g_string_truncate (out->s, len);
  out_begin (out, out->s);
}

/* Room for @n more bytes, written without a call each. */
static inline void
out_room (Out  *out,
          gsize n)
{
  if ((gsize) (out->end - out->w) < n)
    out_grow (out, n);
}

static inline void
out_put (Out        *out,
         const char *bytes,
         gsize       n)
{
  out_room (out, n);
  memcpy (out->w, bytes, n);
  out->w += n;
}

/* A line break and the indent of @level. */
static inline void
out_indent (Out  *out,
            guint level)
{
  out_room (out, 2 * level + 1);
  *out->w++ = '\n';
  memset (out->w, ' ', 2 * level);
  out->w += 2 * level;
}

static inline gboolean
byte_is_special (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

/* The length of the start of the @n bytes at @p holding no control
 * character, quote, backslash or DEL, sixteen bytes at a time where the
 * processor can; *@high is set when any of them is not ASCII. */
static gsize
plain_run (const guchar *p,
           gsize         n,
           gboolean     *high)
{
  gsize i = 0;
  guint seen = 0;

#ifdef __SSE2__
  const __m128i below = _mm_set1_epi8 (0x1f);
  const __m128i quote = _mm_set1_epi8 ('"');
  const __m128i backslash = _mm_set1_epi8 ('\\');
  const __m128i del = _mm_set1_epi8 (0x7f);

  for (; i + 16 <= n; i += 16)
    {
      __m128i x = _mm_loadu_si128 ((const __m128i *) (p + i));
      /* x <= 0x1f, unsigned, where min (x, 0x1f) is x */
      __m128i special = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (_mm_min_epu8 (x, below), x),
                                                    _mm_cmpeq_epi8 (x, quote)),
                                      _mm_or_si128 (_mm_cmpeq_epi8 (x, backslash), _mm_cmpeq_epi8 (x, del)));
      guint found = (guint) _mm_movemask_epi8 (special);
      guint nonascii = (guint) _mm_movemask_epi8 (x);

      if (found != 0)
        {
          guint at = (guint) __builtin_ctz (found);

          *high = seen != 0 || (nonascii & ((1u << at) - 1)) != 0;
          return i + at;
        }
      seen |= nonascii;
    }
#endif

  for (; i < n && !byte_is_special (p[i]); i++)
    seen |= p[i] & 0x80;

  *high = seen != 0;
  return i;
}

/* Appends the stored column @text of @n bytes as a JSON string, as
 * json-glib prints it, unless it holds a control character or DEL, which
 * json-glib escapes its own way. */
static gboolean
put_column_string (Out        *out,
                   const char *text,
                   gsize       n)
{
  gboolean high;
  gsize plain = plain_run ((const guchar *) text, n, &high);

  if (plain == n)
    {
      out_room (out, n + 2);
      *out->w++ = '"';
      memcpy (out->w, text, n);
      out->w += n;
      *out->w++ = '"';
      return TRUE;
    }

  for (const guchar *p = (const guchar *) text + plain; *p != '\0'; p++)
    if ((*p < 0x20 && *p != '\b' && *p != '\f' && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
      return FALSE;

  out_finish (out);
  _fb_json_write_string (out->s, text);
  out_begin (out, out->s);
  return TRUE;
}

typedef struct
{
  const char *p;
  const char *end;
  Out        *out;
} Body;

/* A string of the body, copied as it stands: the quotes, plain bytes and
 * the escapes json-glib prints alike. Sets *@name to its contents and
 * *@escaped when it holds an escape. */
static gboolean
copy_string (Body        *body,
             const char **name,
             gsize       *name_len,
             gboolean    *escaped)
{
  const char *start = body->p;
  const char *p = start + 1;

  *escaped = FALSE;
  for (;;)
    {
      gboolean high;
      gsize plain = plain_run ((const guchar *) p, (gsize) (body->end - p), &high);

      if (high && !g_utf8_validate_len (p, plain, NULL))
        return FALSE;
      p += plain;
      if (p == body->end)
        return FALSE;
      if (*p == '"')
        break;
      if (*p != '\\' || p + 1 == body->end || strchr ("\"\\bfnrt", p[1]) == NULL || p[1] == '\0')
        return FALSE;
      *escaped = TRUE;
      p += 2;
    }

  *name = start + 1;
  *name_len = (gsize) (p - start - 1);
  out_put (body->out, start, (gsize) (p - start + 1));
  body->p = p + 1;
  return TRUE;
}

static gboolean
copy_literal (Body *body)
{
  static const char * const literals[] = { "true", "false", "null" };
  const char *p = body->p;
  gsize n;

  if (*p == '-' || g_ascii_isdigit (*p))
    {
      const char *digits = p + (*p == '-');

      for (n = 0; digits + n < body->end && g_ascii_isdigit (digits[n]); n++)
        ;
      /* One way to write each integer, within what json-glib reads as
       * one: a fraction, an exponent or "-0" is read as something else. */
      if (n == 0 || n > 18 || (digits[0] == '0' && (n > 1 || digits != p)))
        return FALSE;
      n += (gsize) (digits - p);
    }
  else
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (literals); i++)
        {
          n = strlen (literals[i]);
          if ((gsize) (body->end - p) >= n && memcmp (p, literals[i], n) == 0)
            break;
        }
      if (i == G_N_ELEMENTS (literals))
        return FALSE;
    }

  out_put (body->out, p, n);
  body->p = p + n;
  return TRUE;
}

static gboolean copy_value (Body  *body,
                            guint  level);

/* An object or an array, its members one a line at @level + 1. */
static gboolean
copy_container (Body  *body,
                guint  level)
{
  gboolean object = *body->p == '{';
  char close = object ? '}' : ']';
  const char *last_name = NULL;
  gsize last_len = 0;

  if (level >= MAX_DEPTH)
    return FALSE;

  body->p++;
  if (body->p < body->end && *body->p == close)
    {
      /* json-glib prints an empty object with the indent of its depth in
       * the op, which is printed alone at level 2 of the export. */
      if (object)
        {
          out_room (body->out, 2 * level);
          *body->out->w++ = '{';
          memset (body->out->w, ' ', 2 * (level - 2));
          body->out->w += 2 * (level - 2);
          *body->out->w++ = '}';
        }
      else
        out_put (body->out, "[]", 2);
      body->p++;
      return TRUE;
    }

  out_put (body->out, object ? "{" : "[", 1);
  for (;;)
    {
      out_indent (body->out, level + 1);
      if (object)
        {
          const char *name;
          gsize len;
          gboolean escaped;
          int order;

          if (body->p == body->end || *body->p != '"' || !copy_string (body, &name, &len, &escaped) || escaped)
            return FALSE;
          /* Strictly increasing, as the store sorts them: no name twice,
           * which json-glib would read as one. */
          order = last_name == NULL ? 1 : memcmp (name, last_name, MIN (len, last_len));
          if (order < 0 || (order == 0 && len <= last_len))
            return FALSE;
          last_name = name;
          last_len = len;

          if (body->p == body->end || *body->p != ':')
            return FALSE;
          out_put (body->out, " : ", 3);
          body->p++;
        }

      if (!copy_value (body, level + 1) || body->p == body->end)
        return FALSE;
      if (*body->p == close)
        break;
      if (*body->p != ',')
        return FALSE;
      out_put (body->out, ",", 1);
      body->p++;
    }

  out_indent (body->out, level);
  out_put (body->out, &close, 1);
  body->p++;
  return TRUE;
}

static gboolean
copy_value (Body  *body,
            guint  level)
{
  const char *name;
  gsize len;
  gboolean escaped;

  if (body->p == body->end)
    return FALSE;

  switch (*body->p)
    {
    case '{':
    case '[':
      return copy_container (body, level);

    case '"':
      return copy_string (body, &name, &len, &escaped);

    default:
      return copy_literal (body);
    }
}

/* Appends the op in the current row of @stmt (FB_OP_COLUMNS) as the
 * element of the export's "ops" array json-glib would print, after a
 * comma unless it is the @first; or returns FALSE having appended
 * nothing. */
gboolean
_fb_export_append_op (GString      *s,
                      sqlite3_stmt *stmt,
                      gboolean      first)
{
  /* What comes before each column's value, in the order of FB_OP_COLUMNS. */
  static const struct { const char *text; gsize len; } before[] = {
#define B(text) { text, sizeof text - 1 }
    B ("{\n      \"id\" : "), B (",\n      \"device\" : "), B (",\n      \"device_seq\" : "),
    B (",\n      \"prev\" : "), B (",\n      \"hash\" : "), B (",\n      \"hlc\" : "), B (",\n      \"author\" : "),
    B (",\n      \"type\" : "), B (",\n      \"incident\" : "), B (",\n      \"entity\" : "),
    B (",\n      \"body\" : "),
#undef B
  };
  gsize start = s->len;
  Out out;
  Body body;

  out_begin (&out, s);
  if (first)
    out_put (&out, "\n    ", 5);
  else
    out_put (&out, ",\n    ", 6);

  for (guint c = 0; c < G_N_ELEMENTS (before) - 1; c++)
    {
      const char *text;

      if (c == 2)
        {
          out_put (&out, before[c].text, before[c].len);
          out_finish (&out);
          _fb_json_append_int (s, sqlite3_column_int64 (stmt, (int) c));
          out_begin (&out, s);
          continue;
        }

      text = (const char *) sqlite3_column_text (stmt, (int) c);
      /* An op about no incident has none to print. */
      if (text == NULL && c == 8)
        continue;
      if (text == NULL)
        goto slow;
      out_put (&out, before[c].text, before[c].len);
      if (!put_column_string (&out, text, (gsize) sqlite3_column_bytes (stmt, (int) c)))
        goto slow;
    }

  out_put (&out, before[G_N_ELEMENTS (before) - 1].text, before[G_N_ELEMENTS (before) - 1].len);
  body.p = (const char *) sqlite3_column_text (stmt, 10);
  if (body.p == NULL)
    goto slow;
  body.end = body.p + sqlite3_column_bytes (stmt, 10);
  body.out = &out;
  if (*body.p != '{' || !copy_container (&body, 3) || body.p != body.end)
    goto slow;

  out_put (&out, "\n    }", 6);
  out_finish (&out);
  return TRUE;

slow:
  out_finish (&out);
  g_string_truncate (s, start);
  return FALSE;
}
