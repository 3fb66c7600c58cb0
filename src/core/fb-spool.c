/* fb-spool.c — bytes kept in order, beyond a bound on disk
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The check of a record keeps 32 bytes for each op until the whole log
 * is read (fb-store-verify-chain.c): a megabyte every 32,000 ops, held
 * for the length of the check, and the check runs beside the user's work
 * whenever a record is opened. A spool holds a few pages of them in
 * memory and moves the rest to a temporary file, removed from its folder
 * as soon as it is made, so that nothing is left behind if the process
 * dies; the system's page cache keeps it in memory while there is room.
 * A disk that is full or cannot be written keeps everything in memory
 * instead, as before: the check must not fail for want of scratch space.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "fb-spool-private.h"

/* What stays in memory before it goes to the file. */
#define SPOOL_BUFFER (64 * 1024)

struct _FbSpool
{
  GByteArray *buffer;
  int         fd;         /* -1 until the buffer first fills */
  guint64     spilled;    /* bytes in the file, all before the buffer's */
  gboolean    in_memory;  /* the file could not be had or written */
};

FbSpool *
_fb_spool_new (void)
{
  FbSpool *self = g_new0 (FbSpool, 1);

  self->buffer = g_byte_array_sized_new (SPOOL_BUFFER);
  self->fd = -1;
  return self;
}

void
_fb_spool_free (FbSpool *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  g_byte_array_unref (self->buffer);
  g_free (self);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}

/* Moves the buffer to the file; on any failure the spool stays in memory
 * from then on, the file keeping what it already holds. */
static void
spill (FbSpool *self)
{
  if (self->fd < 0)
    {
      g_autofree char *name = NULL;

      self->fd = g_file_open_tmp ("firebreak-check-XXXXXX", &name, NULL);
      if (self->fd < 0)
        {
          self->in_memory = TRUE;
          return;
        }
      g_unlink (name);
    }

  /* A short write leaves bytes in the file past what it is counted to
   * hold; they are never read. */
  if (!write_all (self->fd, self->buffer->data, self->buffer->len))
    {
      self->in_memory = TRUE;
      return;
    }

  self->spilled += self->buffer->len;
  g_byte_array_set_size (self->buffer, 0);
}

void
_fb_spool_append (FbSpool      *self,
                  const guint8 *data,
                  gsize         length)
{
  g_byte_array_append (self->buffer, data, (guint) length);
  if (self->buffer->len >= SPOOL_BUFFER && !self->in_memory)
    spill (self);
}

guint64
_fb_spool_get_size (FbSpool *self)
{
  return self->spilled + self->buffer->len;
}

/**
 * _fb_spool_read:
 * @func: given the bytes in the order they were appended, a piece at a
 *   time
 *
 * Returns: %FALSE when the file could not be read back: @func has then
 *   been given only a start of them
 */
gboolean
_fb_spool_read (FbSpool     *self,
                FbSpoolFunc  func,
                gpointer     user_data)
{
  g_autofree guint8 *piece = NULL;
  guint64 at = 0;

  if (self->spilled > 0)
    piece = g_malloc (SPOOL_BUFFER);

  while (at < self->spilled)
    {
      gssize n = pread (self->fd, piece, (gsize) MIN (SPOOL_BUFFER, self->spilled - at), (off_t) at);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      func (piece, (gsize) n, user_data);
      at += (guint64) n;
    }

  if (self->buffer->len > 0)
    func (self->buffer->data, self->buffer->len, user_data);
  return TRUE;
}
