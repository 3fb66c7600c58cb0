/* fb-server-frame-guard.c — the size limit of a live client's messages
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup bounds each frame, but joins the fragments of a message without
 * limit: a client could send one message in endless small pieces, or
 * never finish it, and the server would keep every byte. The frames a
 * client sends are read here, before libsoup sees them, and the message
 * they build is counted; past the limit the connection is closed with
 * 1009 ("too big") and nothing more is read from it.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include "fb-server-private.h"

struct _FbServerFrameGuard
{
  GFilterInputStream       parent_instance;

  SoupWebsocketConnection *conn;        /* weak */
  guint8                   header[14];
  guint                    header_len;
  guint                    header_need;
  guint64                  payload_left;
  guint64                  message_len;
  gboolean                 tripped;
  guint                    close_id;
};

static void fb_server_frame_guard_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbServerFrameGuard, fb_server_frame_guard, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      fb_server_frame_guard_pollable_init))

static gboolean
close_too_big_cb (gpointer user_data)
{
  FbServerFrameGuard *guard = user_data;

  guard->close_id = 0;
  if (guard->conn != NULL &&
      soup_websocket_connection_get_state (guard->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (guard->conn, SOUP_WEBSOCKET_CLOSE_TOO_BIG, "message too big");

  return G_SOURCE_REMOVE;
}

/* A frame header has been read: data frames add to the message. Control
 * frames (opcode 8 and above) stand alone, and libsoup bounds them. */
static void
take_frame (FbServerFrameGuard *guard)
{
  const guint8 *h = guard->header;
  guint len7 = h[1] & 0x7f;
  guint opcode = h[0] & 0x0f;
  gboolean fin = (h[0] & 0x80) != 0;
  guint64 len = len7;

  if (len7 == 126)
    len = ((guint64) h[2] << 8) | h[3];
  else if (len7 == 127)
    {
      len = 0;
      for (guint i = 2; i < 10; i++)
        len = (len << 8) | h[i];
    }

  guard->payload_left = len;
  guard->header_len = 0;
  guard->header_need = 2;

  if (opcode >= 8)
    return;

  if (opcode != 0)
    guard->message_len = 0;
  if (len > FB_SERVER_MAX_WS_PAYLOAD || guard->message_len + len > FB_SERVER_MAX_WS_PAYLOAD)
    {
      guard->tripped = TRUE;
      if (guard->close_id == 0)
        guard->close_id = g_idle_add_full (G_PRIORITY_DEFAULT, close_too_big_cb,
                                           g_object_ref (guard), g_object_unref);
      return;
    }

  guard->message_len = fin ? 0 : guard->message_len + len;
}

/* Returns how many of the bytes may reach libsoup: all of them, or those
 * before the header of a frame past the limit, which it never sees. */
static gsize
watch_frames (FbServerFrameGuard *guard,
              const guint8 *data,
              gsize         len)
{
  gsize pos = 0;
  gsize header_start = 0;

  while (pos < len && !guard->tripped)
    {
      if (guard->payload_left > 0)
        {
          gsize take = (gsize) MIN (guard->payload_left, (guint64) (len - pos));

          guard->payload_left -= take;
          pos += take;
          continue;
        }

      if (guard->header_len == 0)
        header_start = pos;
      guard->header[guard->header_len++] = data[pos++];
      if (guard->header_len == 2)
        {
          guint len7 = guard->header[1] & 0x7f;

          guard->header_need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) +
                               ((guard->header[1] & 0x80) != 0 ? 4 : 0);
        }
      if (guard->header_len >= 2 && guard->header_len == guard->header_need)
        take_frame (guard);
    }

  return guard->tripped ? header_start : len;
}

/* What a read hands on: bytes, or "nothing yet" once the guard has
 * tripped (never an end of stream, which libsoup would take for the
 * client's going). */
static gssize
pass_on (FbServerFrameGuard *guard,
         gssize        n,
         const void   *buffer,
         GError      **error)
{
  if (n > 0)
    n = (gssize) watch_frames (guard, buffer, (gsize) n);
  if (n == 0 && guard->tripped)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "message too big");
      return -1;
    }
  return n;
}

static GInputStream *
get_base (FbServerFrameGuard *guard)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (guard));
}

static gssize
fb_server_frame_guard_read (GInputStream  *stream,
                            void          *buffer,
                            gsize          count,
                            GCancellable  *cancellable,
                            GError       **error)
{
  FbServerFrameGuard *guard = FB_SERVER_FRAME_GUARD (stream);
  gssize n;

  if (guard->tripped)
    return pass_on (guard, 0, buffer, error);

  n = g_input_stream_read (get_base (guard), buffer, count, cancellable, error);
  return n < 0 ? n : pass_on (guard, n, buffer, error);
}

static gboolean
fb_server_frame_guard_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
fb_server_frame_guard_is_readable (GPollableInputStream *stream)
{
  FbServerFrameGuard *guard = FB_SERVER_FRAME_GUARD (stream);

  return !guard->tripped && g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (get_base (guard)));
}

/* Once tripped, the stream never becomes readable again: the client's
 * further bytes stay in the kernel until libsoup closes the socket. */
static GSource *
fb_server_frame_guard_create_source (GPollableInputStream *stream,
                                     GCancellable         *cancellable)
{
  FbServerFrameGuard *guard = FB_SERVER_FRAME_GUARD (stream);
  g_autoptr(GSource) base_source = NULL;

  if (guard->tripped)
    return g_pollable_source_new (G_OBJECT (stream));

  base_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (get_base (guard)), NULL);
  return g_pollable_source_new_full (stream, base_source, cancellable);
}

static gssize
fb_server_frame_guard_read_nonblocking (GPollableInputStream  *stream,
                                        void                  *buffer,
                                        gsize                  count,
                                        GError               **error)
{
  FbServerFrameGuard *guard = FB_SERVER_FRAME_GUARD (stream);
  gssize n;

  if (guard->tripped)
    return pass_on (guard, 0, buffer, error);

  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (get_base (guard)),
                                                buffer, count, NULL, error);
  return n < 0 ? n : pass_on (guard, n, buffer, error);
}

static void
fb_server_frame_guard_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = fb_server_frame_guard_can_poll;
  iface->is_readable = fb_server_frame_guard_is_readable;
  iface->create_source = fb_server_frame_guard_create_source;
  iface->read_nonblocking = fb_server_frame_guard_read_nonblocking;
}

static void
fb_server_frame_guard_dispose (GObject *object)
{
  FbServerFrameGuard *guard = FB_SERVER_FRAME_GUARD (object);

  g_clear_weak_pointer (&guard->conn);

  G_OBJECT_CLASS (fb_server_frame_guard_parent_class)->dispose (object);
}

static void
fb_server_frame_guard_class_init (FbServerFrameGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->dispose = fb_server_frame_guard_dispose;
  stream_class->read_fn = fb_server_frame_guard_read;
}

static void
fb_server_frame_guard_init (FbServerFrameGuard *guard)
{
  guard->header_need = 2;
}

/* Private API ------------------------------------------------------------ */

GInputStream *
_fb_server_frame_guard_new (GInputStream *base)
{
  return g_object_new (FB_TYPE_SERVER_FRAME_GUARD,
                       "base-stream", base,
                       "close-base-stream", TRUE,
                       NULL);
}

/* The connection reading through @guard, to close when it trips. */
void
_fb_server_frame_guard_set_connection (GInputStream            *guard,
                                       SoupWebsocketConnection *conn)
{
  g_set_weak_pointer (&FB_SERVER_FRAME_GUARD (guard)->conn, conn);
}
