/* fb-server-live-push.c — pushes sent on a live client's WebSocket
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client with its socket open sends a small batch as a message,
 * {"push": ID, "ops": [ … ]}, instead of a new HTTP request with its own
 * connection. The batch goes through the very checks and store of
 * POST /api/v1/ops (fb-server-push.c), and the answer is that request's,
 * tagged: {"push": ID, "status": 200, "body": { … }}, sent once the ops
 * are stored. What the headers decide over HTTP is decided here at each
 * push: the token (revoked, the socket is closed), read-only, the push
 * bucket; the message's size limit stands for the body's.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-server-private.h"

/* The longest string a client may tag a push with. */
#define PUSH_ID_MAX 64

/* A request id: a whole number or a short string, sent back as it came. */
static gboolean
is_push_id (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return TRUE;
  return type == G_TYPE_STRING && strlen (json_node_get_string (node)) <= PUSH_ID_MAX;
}

static void
answer (SoupWebsocketConnection *conn,
        JsonNode                *id,
        const FbServerResponse  *response)
{
  g_autofree char *tag = id != NULL ? fb_json_canonical (id, NULL) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "{\"push\":%s,\"status\":%u", tag != NULL ? tag : "null", response->status);
  if (response->retry_after > 0)
    g_string_append_printf (text, ",\"retry_after\":%u", response->retry_after);
  g_string_append_printf (text, ",\"body\":%s}", response->body);

  if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (conn, text->str);
}

/* The token is looked up again for every push, as the heartbeat does for
 * every socket. FALSE once the socket is closed, its token revoked. */
static gboolean
push_as_token (FbServer                *self,
               SoupWebsocketConnection *conn,
               const char              *token,
               JsonNode                *message,
               FbServerResponse        *response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbTokenInfo) info = fb_server_db_lookup_token (self->db, token, &error);

  if (error != NULL)
    {
      _fb_server_fail_with_error (response, error, -1);
      return TRUE;
    }

  if (info == NULL)
    {
      /* What HTTP answers 401: the socket goes, as at a heartbeat. */
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "token revoked");
      return FALSE;
    }

  response->user = g_strdup (info->name);
  if (_fb_server_may_write (response, info->read_only) &&
      _fb_server_may_push_now (self, info->name, response))
    _fb_server_handle_live_push (self, message, response);

  return TRUE;
}

/* A message from a live client. An object without "push" is a heartbeat,
 * which the caller has counted; anything else is answered. */
void
_fb_server_live_take_message (FbServer                *self,
                              SoupWebsocketConnection *conn,
                              const char              *token,
                              const char              *remote,
                              GBytes                  *message)
{
  FbServerResponse response = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonNode *id = NULL;
  gint64 start = g_get_monotonic_time ();
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  root = _fb_server_parse_body (data != NULL ? data : "", len, &response);
  if (root != NULL)
    {
      id = JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "push") : NULL;

      if (JSON_NODE_HOLDS_OBJECT (root) && id == NULL)
        return;

      if (id == NULL)
        _fb_server_fail (&response, 400, "bad_request",
                         _("A message on the live connection must be an object: a heartbeat, "
                           "{\"ping\": true}, or a push, {\"push\": ID, \"ops\": [ … ]}."));
      else if (!is_push_id (id))
        {
          id = NULL;
          _fb_server_fail (&response, 400, "bad_push_id",
                           _("A push’s “push” must be a whole number or a string of at most 64 bytes, "
                             "to be sent back with its answer."));
        }
      else if (!self->live_push)
        _fb_server_fail (&response, 400, "push_over_http",
                         _("This server takes changes over HTTP only: send them with POST /api/v1/ops."));
      else if (!push_as_token (self, conn, token, root, &response))
        {
          _fb_server_log_live (self, remote, "WS", 401, 0, (g_get_monotonic_time () - start) / 1000.0, NULL,
                               " (token revoked; socket closed)");
          fb_server_response_clear (&response);
          return;
        }
    }

  /* Logged before the answer leaves, so that a client that has read it
   * finds the line written. */
  {
    g_autofree char *note = response.failure != NULL ? g_strdup_printf (" error=%s", response.failure) : NULL;

    _fb_server_log_live (self, remote, "WS", response.status, (gint64) strlen (response.body),
                         (g_get_monotonic_time () - start) / 1000.0, response.user, note);
  }
  answer (conn, id, &response);

  if (response.new_head > 0)
    _fb_server_schedule_notices (self);
  fb_server_response_clear (&response);
}
