/* fb-server-live.c — GET /api/v1/live: WebSocket notices and heartbeats
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A notice says where the head is. A client that asked ("ops=1") also
 * gets the ops accepted since the last notice, when they are few: the
 * page a pull from there would answer it, made by the same code, so a
 * user gets links for what is withheld from them exactly as in a pull.
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
  char                    *token;     /* checked again at every heartbeat and push */
  char                    *remote;    /* its address, for the request log */
  gint64                   last_seen; /* monotonic µs */
  GSocket                 *socket;    /* to see whether it keeps up */
  gboolean                 wants_ops;
} LiveClient;

static void
live_client_free (LiveClient *client)
{
  g_clear_object (&client->conn);
  g_clear_object (&client->socket);
  g_free (client->user);
  g_free (client->remote);
  if (client->token != NULL)
    memset (client->token, 0, strlen (client->token));
  g_free (client->token);
  g_free (client);
}

static void
send_text (LiveClient *client,
           const char *text)
{
  if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (client->conn, text);
}

static void
send_notice (LiveClient *client,
             gint64      head)
{
  g_autofree char *text = g_strdup_printf ("{\"head\":%" G_GINT64_FORMAT "}", head);

  send_text (client, text);
}

/* libsoup writes a frame at once when the socket has room and queues it
 * otherwise; a client whose socket is full is not reading, and gets the
 * head alone, so what waits for it stays a few bytes a notice. */
static gboolean
keeps_up (LiveClient *client)
{
  return client->socket != NULL && (g_socket_condition_check (client->socket, G_IO_OUT) & G_IO_OUT);
}

/* The ops after @from, as the pull from there answers @user (the op at
 * @from first, for the client to check it holds it), or NULL when there
 * are too many for a notice. */
static char *
notice_with_ops (FbServer   *self,
                 const char *user,
                 gint64      from,
                 gint64      head)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  if (head - from > FB_SERVER_NOTICE_MAX_OPS)
    return NULL;

  g_string_append_printf (json, "{\"from\":%" G_GINT64_FORMAT ",", from);
  if (!fb_server_db_pull (self->db, user, from > 0 ? from - 1 : 0, (guint) (head - from + 1), json, &error))
    {
      g_debug ("live: cannot make a notice with ops: %s", error->message);
      return NULL;
    }
  g_string_append_c (json, '}');

  if (json->len > FB_SERVER_NOTICE_MAX_BYTES)
    return NULL;
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* Notices are coalesced to one per main-loop turn, and each user's is
 * made once however many sockets it has. The turn is one at the default
 * priority: an idle one would wait for every socket's reads and writes
 * (heartbeats, pulls, other pushes) to be done first. */
static gboolean
send_notices_cb (gpointer user_data)
{
  FbServer *self = user_data;
  gint64 head = MAX (fb_server_db_get_head (self->db), self->known_head);
  gint64 from = self->notified_head;
  g_autoptr(GHashTable) made = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  self->notice_id = 0;
  self->notified_head = head;
  for (GList *l = self->live; l != NULL; l = l->next)
    {
      LiveClient *client = l->data;
      char *text = NULL;

      if (client->wants_ops && from < head && keeps_up (client))
        {
          if (!g_hash_table_lookup_extended (made, client->user, NULL, (gpointer *) &text))
            {
              text = notice_with_ops (self, client->user, from, head);
              g_hash_table_insert (made, client->user, text);
            }
        }

      if (text != NULL)
        send_text (client, text);
      else
        send_notice (client, head);
    }
  fb_probe_mark (FB_PROBE_SERVER_NOTIFIED);

  return G_SOURCE_REMOVE;
}

void
_fb_server_schedule_notices (FbServer *self)
{
  if (self->notice_id == 0)
    self->notice_id = g_idle_add_full (G_PRIORITY_DEFAULT, send_notices_cb, self, NULL);
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
  _fb_server_live_take_message (client->server, conn, client->token, client->remote, message);
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

static gboolean
asks_for_ops (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = query != NULL ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)
                                               : NULL;

  return params != NULL && g_strcmp0 (g_hash_table_lookup (params, "ops"), "1") == 0;
}

static void
add_client (FbServer                *self,
            SoupServerMessage       *msg,
            SoupWebsocketConnection *conn,
            GSocket                 *socket)
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
  client->remote = g_strdup (g_object_get_data (G_OBJECT (msg), "fb-remote"));
  client->last_seen = g_get_monotonic_time ();
  client->socket = socket != NULL ? g_object_ref (socket) : NULL;
  client->wants_ops = asks_for_ops (msg);

  count = _fb_server_live_count_for (self, client->user);
  g_hash_table_insert (self->live_per_user, g_strdup (client->user), GUINT_TO_POINTER (count + 1));
  self->live = g_list_prepend (self->live, client);

  soup_websocket_connection_set_max_incoming_payload_size (conn, FB_SERVER_MAX_WS_PAYLOAD);
  soup_websocket_connection_set_keepalive_interval (conn, self->heartbeat_s);
  g_signal_connect (conn, "message", G_CALLBACK (on_live_message_cb), client);
  g_signal_connect (conn, "closed", G_CALLBACK (on_live_closed_cb), client);

  send_notice (client, MAX (fb_server_db_get_head (self->db), self->known_head));

  {
    gint64 *start = g_object_get_data (G_OBJECT (msg), "fb-start");

    _fb_server_log_live (self, client->remote, "GET", 101, 0,
                         start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0.0, client->user, NULL);
  }
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
  g_autoptr(GSocket) socket = NULL;

  g_object_ref (msg);
  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    g_object_ref (socket);
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

  add_client (self, msg, conn, socket);
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
  self->notified_head = fb_server_db_get_head (self->db);
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
