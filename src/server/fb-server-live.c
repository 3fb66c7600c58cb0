/* fb-server-live.c — GET /api/v1/live: WebSocket notices and heartbeats
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <string.h>

#include "fb-server-private.h"

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
  gint64 head = MAX (fb_server_db_get_head (self->db), self->known_head);

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

/* Another server process on the same database took a push: its clients
 * were told by it, ours are told here, in the same form and coalesced
 * the same way. */
static void
on_db_notify_cb (FbServerDb *db,
                 gint64      head,
                 gpointer    user_data)
{
  FbServer *self = user_data;

  self->known_head = MAX (self->known_head, head);
  _fb_server_schedule_notices (self);
}

static void
watch_db (FbServer *self,
          gboolean  watch)
{
  if (watch)
    fb_server_db_set_notify (self->db, on_db_notify_cb, self, NULL);
  else
    fb_server_db_set_notify (self->db, NULL, NULL, NULL);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  FbServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 head = 0;
  gint64 limit = (gint64) self->heartbeat_s * 3 * G_USEC_PER_SEC;
  /* A database out of reach revokes nothing: the sockets are kept for
   * when it is back, and it is asked once a beat, not once a socket,
   * since each attempt may wait for a connection's timeout. */
  gboolean reachable = fb_server_db_read_head (self->db, &head, NULL);

  self->known_head = MAX (self->known_head, head);
  head = self->known_head;
  for (GList *l = self->live; l != NULL; l = l->next)
    {
      LiveClient *client = l->data;
      g_autoptr(FbTokenInfo) token = NULL;
      g_autoptr(GError) error = NULL;

      if (soup_websocket_connection_get_state (client->conn) != SOUP_WEBSOCKET_STATE_OPEN)
        continue;

      /* A revoked token loses its live connections too, not only its
       * next request. */
      if (reachable)
        {
          token = fb_server_db_lookup_token (self->db, client->token, &error);
          reachable = error == NULL;
        }
      if (reachable && token == NULL)
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
  g_autoptr(GError) error = NULL;
  g_autoptr(FbTokenInfo) token = fb_server_db_lookup_token (self->db, bearer, &error);
  LiveClient *client;
  guint count;

  if (error != NULL)
    {
      /* The database went out of reach since the handshake was checked:
       * the client connects again, and finds it back or is told 503. */
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, "database unavailable");
      return;
    }
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

  send_notice (client, MAX (fb_server_db_get_head (self->db), self->known_head));
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

  g_object_ref (msg);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      g_object_unref (msg);
      return;
    }

  input = _fb_server_frame_guard_new (g_io_stream_get_input_stream (stream));
  guarded = g_simple_io_stream_new (input, g_io_stream_get_output_stream (stream));
  /* The socket itself is closed when its stream goes, with the guard. */
  g_object_set_data_full (G_OBJECT (guarded), "fb-base-stream", g_object_ref (stream), g_object_unref);

  conn = soup_websocket_connection_new (guarded, soup_server_message_get_uri (msg),
                                        SOUP_WEBSOCKET_CONNECTION_SERVER,
                                        soup_message_headers_get_one (headers, "Origin"), NULL, NULL);
  _fb_server_frame_guard_set_connection (input, conn);

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
  watch_db (self, TRUE);
}

void
_fb_server_live_stop (FbServer *self)
{
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_handle_id (&self->notice_id, g_source_remove);
  if (self->db != NULL)
    watch_db (self, FALSE);

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
