/* fb-import-stream.c — strict JSON read from a stream, a value at a time
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An export may be larger than memory allows to hold, so the import reads
 * it in chunks and holds one value at a time: the root object's members
 * and the elements of its arrays, found by their brackets and quotation
 * marks. Each value is walked by the strict scanner (_fb_json_scan ())
 * before anyone reads it, and the white space, commas and brackets around
 * them here, with the same words and byte offsets as a walk of the whole
 * text: a value is cut where the scanner would stop reading it, so the
 * scanner sees the same bytes up to the first thing wrong. Every byte is
 * checked as UTF-8 as it is read.
 */

#define G_LOG_DOMAIN "fb-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-import-private.h"
#include "fb-json-private.h"

struct _FbImportStream
{
  GInputStream *input;
  GCancellable *cancellable;
  gsize         chunk;
  guint8       *buf;
  gsize         size;     /* allocated */
  gsize         start;    /* the place reached */
  gsize         end;      /* the bytes read */
  gsize         valid;    /* the bytes checked as UTF-8 */
  guint64       base;     /* the offset in the file of buf[0] */
  gboolean      eof;
};

FbImportStream *
_fb_import_stream_new (GInputStream *input,
                       gsize         chunk,
                       GCancellable *cancellable)
{
  FbImportStream *self = g_new0 (FbImportStream, 1);

  self->input = g_object_ref (input);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->chunk = MAX (chunk, 1);
  self->size = self->chunk + 1;
  self->buf = g_malloc (self->size);
  return self;
}

void
_fb_import_stream_free (FbImportStream *self)
{
  g_object_unref (self->input);
  g_clear_object (&self->cancellable);
  g_free (self->buf);
  g_free (self);
}

/* How many bytes of the file have been read past. */
guint64
_fb_import_stream_consumed (FbImportStream *self)
{
  return self->base + self->start;
}

static gboolean
check_utf8 (FbImportStream *self,
            GError        **error)
{
  const char *stop;

  if (g_utf8_validate_len ((const char *) self->buf + self->valid, self->end - self->valid, &stop))
    {
      self->valid = self->end;
      return TRUE;
    }

  self->valid = (gsize) ((const guint8 *) stop - self->buf);
  /* A character cut in two by the chunk: the rest comes with the next. */
  if (!self->eof && self->end - self->valid < 4)
    return TRUE;

  g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("The document is not valid UTF-8"));
  return FALSE;
}

/* Reads another chunk, keeping the bytes from the place reached on. */
static gboolean
fill (FbImportStream *self,
      GError        **error)
{
  gssize n;

  if (self->eof)
    return TRUE;

  if (self->start > 0)
    {
      memmove (self->buf, self->buf + self->start, self->end - self->start);
      self->base += self->start;
      self->end -= self->start;
      self->valid -= self->start;
      self->start = 0;
    }
  if (self->size - self->end < self->chunk)
    {
      self->size = MAX (self->size * 2, self->end + self->chunk);
      self->buf = g_realloc (self->buf, self->size);
    }

  n = g_input_stream_read (self->input, self->buf + self->end, self->chunk, self->cancellable, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    self->eof = TRUE;
  self->end += (gsize) n;

  return check_utf8 (self, error);
}

static inline gboolean
is_space (guint8 c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/**
 * _fb_import_stream_peek:
 * @c: (out): the next byte that is not white space, or -1 at the end
 *
 * Returns: %FALSE if the file could not be read or is not UTF-8
 */
gboolean
_fb_import_stream_peek (FbImportStream *self,
                        int            *c,
                        GError        **error)
{
  for (;;)
    {
      while (self->start < self->valid && is_space (self->buf[self->start]))
        self->start++;
      if (self->start < self->valid)
        {
          *c = self->buf[self->start];
          return TRUE;
        }
      if (self->eof)
        {
          *c = -1;
          return TRUE;
        }
      if (!fill (self, error))
        return FALSE;
    }
}

/* Past the byte _fb_import_stream_peek () gave. */
void
_fb_import_stream_skip (FbImportStream *self)
{
  g_return_if_fail (self->start < self->valid);
  self->start++;
}

/**
 * _fb_import_stream_fail:
 * @what: what is wrong at the place reached, in the scanner's words
 *
 * Says so as the check of untrusted text does (_fb_json_check_untrusted ()).
 */
gboolean
_fb_import_stream_fail (FbImportStream *self,
                        const char     *what,
                        GError        **error)
{
  /* TRANSLATORS: the second %s says what is wrong, e.g. "a malformed number" */
  g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("The document is not strict JSON at byte %zu: %s"),
               (gsize) _fb_import_stream_consumed (self), what);
  return FALSE;
}

typedef struct
{
  char     kind;      /* '{' for an object or an array, '"' for text, else '0' */
  guint    nest;
  gboolean in_text;
  gboolean escaped;
} Cut;

static inline gboolean
continues_word (guint8 c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '+' || c == '.';
}

/* Whether the value ends before (a word or a number) or with (the others)
 * byte @c, the @i-th of the value. */
static gboolean
cut_step (Cut    *cut,
          gsize   i,
          guint8  c,
          gsize  *length)
{
  if (i == 0)
    {
      cut->kind = c == '{' || c == '[' ? '{' : c == '"' ? '"' : '0';
      cut->nest = 1;
      cut->in_text = c == '"';
      /* Whatever it is, the scanner reads its first byte. */
      *length = 1;
      return FALSE;
    }

  if (cut->kind == '0')
    {
      if (!continues_word (c))
        return TRUE;
      *length = i + 1;
      return FALSE;
    }

  *length = i + 1;
  if (cut->in_text)
    {
      if (cut->escaped)
        cut->escaped = FALSE;
      else if (c == '\\')
        cut->escaped = TRUE;
      else if (c == '"')
        {
          cut->in_text = FALSE;
          return cut->kind == '"';
        }
      return FALSE;
    }

  if (c == '"')
    cut->in_text = TRUE;
  else if (c == '{' || c == '[')
    cut->nest++;
  else if (c == '}' || c == ']')
    return --cut->nest == 0;
  return FALSE;
}

/**
 * _fb_import_stream_value:
 * @depth: how many objects and arrays the value is in
 * @text: (out) (transfer none): the value, valid until the next call
 *
 * The value at the place reached, whole, walked by the strict scanner,
 * and the place moved past it.
 */
gboolean
_fb_import_stream_value (FbImportStream *self,
                         guint           depth,
                         const char    **text,
                         gsize          *length,
                         GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  Cut cut = { 0 };
  gsize i = 0, n = 0, offset = 0;
  int c;

  if (!_fb_import_stream_peek (self, &c, error))
    return FALSE;
  if (c < 0)
    return _fb_import_stream_fail (self, _("the file ends where a value was expected"), error);

  for (;;)
    {
      gboolean whole = FALSE;

      for (; self->start + i < self->valid; i++)
        if (cut_step (&cut, i, self->buf[self->start + i], &n))
          {
            whole = TRUE;
            break;
          }

      if (whole || self->eof)
        break;
      if (i > FB_IMPORT_MAX_VALUE_BYTES)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE, _("The document holds a value longer than %zu bytes"),
                       (gsize) FB_IMPORT_MAX_VALUE_BYTES);
          return FALSE;
        }
      if (!fill (self, error))
        return FALSE;
    }

  if (!_fb_json_scan ((const char *) self->buf + self->start, n, FB_JSON_MAX_DEPTH - depth,
                      NULL, NULL, &offset, &local_error))
    {
      if (g_error_matches (local_error, FB_ERROR, FB_ERROR_TOO_DEEP))
        g_set_error (error, FB_ERROR, FB_ERROR_TOO_DEEP,
                     _("The document is nested more than %u levels deep"), FB_JSON_MAX_DEPTH);
      else
        /* TRANSLATORS: the second %s says what is wrong, e.g. "a malformed number" */
        g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("The document is not strict JSON at byte %zu: %s"),
                     (gsize) (self->base + self->start + offset), local_error->message);
      return FALSE;
    }

  *text = (const char *) self->buf + self->start;
  *length = n;
  self->start += n;
  return TRUE;
}

/**
 * _fb_import_stream_drain:
 *
 * Reads the rest of the file, checking it as UTF-8 only: text that is not
 * UTF-8 is what a file is refused for first, wherever it is.
 *
 * Returns: %FALSE, with the error, if the rest is not UTF-8
 */
gboolean
_fb_import_stream_drain (FbImportStream *self,
                         GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  while (!self->eof)
    {
      self->start = self->valid;
      if (!fill (self, &local_error))
        {
          if (g_error_matches (local_error, FB_ERROR, FB_ERROR_INVALID))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          return TRUE;
        }
    }

  return TRUE;
}
