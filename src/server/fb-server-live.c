/* fb-server-live.c — GET /api/v1/live: WebSocket notices and heartbeats
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <string.h>

#include "fb-server-private.h"

/* The size limit of incoming messages -------------------------------------
 *
 * libsoup bounds each frame, but joins the fragments of a message without
 * limit: a client could send one message in endless small pieces, or
 * never finish it, and the server would keep every byte. The frames a
 * client sends are read here, before libsoup sees them, and the message
 * they build is counted; past the limit the connection is closed with
 * 1009 ("too big") and nothing more is read from it. */

#define FB_TYPE_FRAME_GUARD (fb_frame_guard_get_type ())
G_DECLARE_FINAL_TYPE (FbFrameGuard, fb_frame_guard, FB, FRAME_GUARD, GFilterInputStream)

struct _FbFrameGuard
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

static void fb_frame_guard_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbFrameGuard, fb_frame_guard, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      fb_frame_guard_pollable_init))

static gboolean
close_too_big_cb (gpointer user_data)
{
  FbFrameGuard *guard = user_data;

  guard->close_id = 0;
  if (guard->conn != NULL &&
      soup_websocket_connection_get_state (guard->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (guard->conn, SOUP_WEBSOCKET_CLOSE_TOO_BIG, "message too big");

  return G_SOURCE_REMOVE;
}

/* A frame header has been read: data frames add to the message. Control
 * frames (opcode 8 and above) stand alone, and libsoup bounds them. */
static void
take_frame (FbFrameGuard *guard)
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
watch_frames (FbFrameGuard *guard,
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
pass_on (FbFrameGuard *guard,
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
get_base (FbFrameGuard *guard)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (guard));
}

static gssize
fb_frame_guard_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  FbFrameGuard *guard = FB_FRAME_GUARD (stream);
  gssize n;

  if (guard->tripped)
    return pass_on (guard, 0, buffer, error);

  n = g_input_stream_read (get_base (guard), buffer, count, cancellable, error);
  return n < 0 ? n : pass_on (guard, n, buffer, error);
}

static gboolean
fb_frame_guard_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
fb_frame_guard_is_readable (GPollableInputStream *stream)
{
  FbFrameGuard *guard = FB_FRAME_GUARD (stream);

  return !guard->tripped && g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (get_base (guard)));
}

/* Once tripped, the stream never becomes readable again: the client's
 * further bytes stay in the kernel until libsoup closes the socket. */
static GSource *
fb_frame_guard_create_source (GPollableInputStream *stream,
                              GCancellable         *cancellable)
{
  FbFrameGuard *guard = FB_FRAME_GUARD (stream);
  g_autoptr(GSource) base_source = NULL;

  if (guard->tripped)
    return g_pollable_source_new (G_OBJECT (stream));

  base_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (get_base (guard)), NULL);
  return g_pollable_source_new_full (stream, base_source, cancellable);
}

static gssize
fb_frame_guard_read_nonblocking (GPollableInputStream  *stream,
                                 void                  *buffer,
                                 gsize                  count,
                                 GError               **error)
{
  FbFrameGuard *guard = FB_FRAME_GUARD (stream);
  gssize n;

  if (guard->tripped)
    return pass_on (guard, 0, buffer, error);

  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (get_base (guard)),
                                                buffer, count, NULL, error);
  return n < 0 ? n : pass_on (guard, n, buffer, error);
}

static void
fb_frame_guard_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = fb_frame_guard_can_poll;
  iface->is_readable = fb_frame_guard_is_readable;
  iface->create_source = fb_frame_guard_create_source;
  iface->read_nonblocking = fb_frame_guard_read_nonblocking;
}

static void
fb_frame_guard_dispose (GObject *object)
{
  FbFrameGuard *guard = FB_FRAME_GUARD (object);

  g_clear_weak_pointer (&guard->conn);

  G_OBJECT_CLASS (fb_frame_guard_parent_class)->dispose (object);
}

static void
fb_frame_guard_class_init (FbFrameGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->dispose = fb_frame_guard_dispose;
  stream_class->read_fn = fb_frame_guard_read;
}

static void
fb_frame_guard_init (FbFrameGuard *guard)
{
  guard->header_need = 2;
}

/* Live clients ------------------------------------------------------------ */

typedef struct
{
  FbServer                *server;    /* not owned */
  SoupWebsocketConnection *conn;
  char                    *user;
  char                    *token;     /* checked again at every heartbeat */
  gint64                   last_seen; /* monotonic µs */
} LiveClient;

static void
live_client_free (LiveClient *client)
{
  g_clear_object (&client->conn);
  g_free (client->user);
  if (client->token != NULL)
    memset (client->token, 0, strlen (client->token));
  g_free (client->token);
  g_free (client);
}

static void
send_notice (LiveClient *client,
             gint64      head)
{
  g_autofree char *text = NULL;

  if (soup_websocket_connection_get_state (client->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  text = g_strdup_printf ("{\"head\":%" G_GINT64_FORMAT "}", head);
  soup_websocket_connection_send_text (client->conn, text);
}

/* Notices are coalesced to one per main-loop turn and carry only the head,
 * so a burst of pushes or a slow reader never builds a queue of them. */
static gboolean
send_notices_cb (gpointer user_data)
{
  FbServer *self = user_data;
  gint64 head = fb_server_db_get_head (self->db);

  self->notice_id = 0;
  for (GList *l = self->live; l != NULL; l = l->next)
    send_notice (l->data, head);

  return G_SOURCE_REMOVE;
}

void
_fb_server_schedule_notices (FbServer *self)
{
  if (self->notice_id == 0)
    self->notice_id = g_idle_add (send_notices_cb, self);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  FbServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 head = fb_server_db_get_head (self->db);
  gint64 limit = (gint64) self->heartbeat_s * 3 * G_USEC_PER_SEC;

  for (GList *l = self->live; l != NULL; l = l->next)
    {
      LiveClient *client = l->data;
      g_autoptr(FbTokenInfo) token = NULL;

      if (soup_websocket_connection_get_state (client->conn) != SOUP_WEBSOCKET_STATE_OPEN)
        continue;

      /* A revoked token loses its live connections too, not only its
       * next request. */
      token = fb_server_db_check_token (self->db, client->token);
      if (token == NULL)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                         "token revoked");
      /* A client answers every heartbeat; three missed and the socket is
       * taken for dead (a cable pulled never sends a FIN). */
      else if (now - client->last_seen > limit)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "no heartbeat");
      else
        send_notice (client, head);
    }

  return G_SOURCE_CONTINUE;
}

static void
on_live_message_cb (SoupWebsocketConnection *conn,
                    int                      type,
                    GBytes                  *message,
                    LiveClient              *client)
{
  client->last_seen = g_get_monotonic_time ();
}

static void
on_live_closed_cb (SoupWebsocketConnection *conn,
                   LiveClient              *client)
{
  FbServer *self = client->server;
  guint count = _fb_server_live_count_for (self, client->user);
  GIOStream *base = g_object_get_data (G_OBJECT (soup_websocket_connection_get_io_stream (conn)),
                                       "fb-base-stream");

  /* libsoup closed the guarded streams; the socket under them is ours
   * to close. */
  if (base != NULL)
    g_io_stream_close (base, NULL, NULL);

  if (count <= 1)
    g_hash_table_remove (self->live_per_user, client->user);
  else
    g_hash_table_insert (self->live_per_user, g_strdup (client->user), GUINT_TO_POINTER (count - 1));

  g_signal_handlers_disconnect_by_data (conn, client);
  self->live = g_list_remove (self->live, client);
  live_client_free (client);
}

static void
add_client (FbServer                *self,
            SoupServerMessage       *msg,
            SoupWebsocketConnection *conn)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *bearer = _fb_server_bearer_token (soup_message_headers_get_one (headers, "Authorization"));
  g_autoptr(FbTokenInfo) token = fb_server_db_check_token (self->db, bearer);
  LiveClient *client;
  guint count;

  if (token == NULL)
    {
      /* The early handler let it through; a token revoked in between. */
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "unauthorized");
      return;
    }

  client = g_new0 (LiveClient, 1);
  client->server = self;
  client->conn = g_object_ref (conn);
  client->user = g_strdup (token->name);
  client->token = g_strdup (bearer);
  client->last_seen = g_get_monotonic_time ();

  count = _fb_server_live_count_for (self, client->user);
  g_hash_table_insert (self->live_per_user, g_strdup (client->user), GUINT_TO_POINTER (count + 1));
  self->live = g_list_prepend (self->live, client);

  soup_websocket_connection_set_max_incoming_payload_size (conn, FB_SERVER_MAX_WS_PAYLOAD);
  soup_websocket_connection_set_keepalive_interval (conn, self->heartbeat_s);
  g_signal_connect (conn, "message", G_CALLBACK (on_live_message_cb), client);
  g_signal_connect (conn, "closed", G_CALLBACK (on_live_closed_cb), client);

  send_notice (client, fb_server_db_get_head (self->db));
}

/* The 101 answer has left: the connection is ours. It is read through a
 * frame guard, and without compression (the notices are a few bytes, and
 * a compressed frame could inflate far past the limit). */
static void
on_live_upgraded_cb (SoupServerMessage *msg,
                     FbServer          *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GIOStream) guarded = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  FbFrameGuard *guard;

  g_object_ref (msg);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      g_object_unref (msg);
      return;
    }

  input = g_object_new (FB_TYPE_FRAME_GUARD,
                        "base-stream", g_io_stream_get_input_stream (stream),
                        "close-base-stream", TRUE,
                        NULL);
  guarded = g_simple_io_stream_new (input, g_io_stream_get_output_stream (stream));
  /* The socket itself is closed when its stream goes, with the guard. */
  g_object_set_data_full (G_OBJECT (guarded), "fb-base-stream", g_object_ref (stream), g_object_unref);

  conn = soup_websocket_connection_new (guarded, soup_server_message_get_uri (msg),
                                        SOUP_WEBSOCKET_CONNECTION_SERVER,
                                        soup_message_headers_get_one (headers, "Origin"), NULL, NULL);
  guard = FB_FRAME_GUARD (input);
  g_set_weak_pointer (&guard->conn, conn);

  add_client (self, msg, conn);
  g_object_unref (msg);
}

gboolean
_fb_server_live_upgrade (FbServer          *self,
                         SoupServerMessage *msg)
{
  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, NULL) ||
      !soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL))
    return FALSE;

  /* No body with a 101: the answer set for unreadable requests goes. */
  soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
  g_signal_connect_object (msg, "wrote-informational", G_CALLBACK (on_live_upgraded_cb), self, 0);
  return TRUE;
}

guint
_fb_server_live_count_for (FbServer   *self,
                           const char *user)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->live_per_user, user));
}

void
_fb_server_live_start (FbServer *self)
{
  self->heartbeat_id = g_timeout_add_seconds (self->heartbeat_s, heartbeat_cb, self);
}

void
_fb_server_live_stop (FbServer *self)
{
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_handle_id (&self->notice_id, g_source_remove);

  while (self->live != NULL)
    {
      LiveClient *client = self->live->data;

      g_signal_handlers_disconnect_by_data (client->conn, client);
      self->live = g_list_delete_link (self->live, self->live);
      live_client_free (client);
    }
}

/* Public API ------------------------------------------------------------- */

void
fb_server_set_max_connections (FbServer *self,
                               guint     per_token)
{
  g_return_if_fail (FB_IS_SERVER (self));

  self->max_per_token = per_token;
}

void
fb_server_set_heartbeat (FbServer *self,
                         guint     seconds)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  self->heartbeat_s = seconds;
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  self->heartbeat_id = g_timeout_add_seconds (seconds, heartbeat_cb, self);
}

guint
fb_server_count_live (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), 0);

  return g_list_length (self->live);
}
