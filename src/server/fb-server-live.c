/* fb-server-live.c — GET /api/v1/live: WebSocket notices and heartbeats
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include "fb-server-private.h"

typedef struct
{
  FbServer                *server;    /* not owned */
  SoupWebsocketConnection *conn;
  char                    *user;
  gint64                   last_seen; /* monotonic µs */
} LiveClient;

static void
live_client_free (LiveClient *client)
{
  g_clear_object (&client->conn);
  g_free (client->user);
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

      /* A client answers every heartbeat; three missed and the socket is
       * taken for dead (a cable pulled never sends a FIN). */
      if (now - client->last_seen > limit)
        {
          if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                             "no heartbeat");
        }
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

  if (count <= 1)
    g_hash_table_remove (self->live_per_user, client->user);
  else
    g_hash_table_insert (self->live_per_user, g_strdup (client->user), GUINT_TO_POINTER (count - 1));

  g_signal_handlers_disconnect_by_data (conn, client);
  self->live = g_list_remove (self->live, client);
  live_client_free (client);
}

static void
on_websocket_cb (SoupServer              *soup,
                 SoupServerMessage       *msg,
                 const char              *path,
                 SoupWebsocketConnection *conn,
                 gpointer                 user_data)
{
  FbServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(FbTokenInfo) token = fb_server_db_check_token (self->db, _fb_server_bearer_token (auth));
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

guint
_fb_server_live_count_for (FbServer   *self,
                           const char *user)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->live_per_user, user));
}

void
_fb_server_live_start (FbServer *self)
{
  soup_server_add_websocket_handler (self->soup, FB_SERVER_API_PATH "live", NULL, NULL,
                                     on_websocket_cb, self, NULL);
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
