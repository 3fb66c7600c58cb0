/* fb-sync-live.c — the sync client's live connection
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A WebSocket on which the server says where its head is. Asked for them
 * ("ops=1"), a notice also carries the few ops that made it, as a pull's
 * page from the head the server last told: a client whose cursor is there
 * applies them with no pull. Otherwise a notice only says when to run
 * another pass.
 *
 * A server that says so ("live_push" in its info) also takes small
 * pushes on the socket, {"push": ID, "ops": [ … ]}, and answers each with
 * {"push": ID, "status": …, "body": …}, the body its HTTP answer would
 * have: no new connection for each push. One is on its way at a time, as
 * over HTTP. An answer that does not come (the socket closed, or nothing
 * for as long as a request may take) fails the connection; the ops stay
 * in the outbox and go again, and the server takes them once.
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-sync-client-private.h"
#include "fb-sync-page-private.h"

/* The answer to a push on the socket. One for another push (of an
 * earlier connection, or none of ours) is not ours to take. */
static void
take_push_answer (FbSyncClient *self,
                  const char   *data,
                  gsize         len)
{
  g_autoptr(JsonNode) root = fb_json_parse_untrusted (data, (gssize) len, FB_SYNC_MAX_NOTICE,
                                                      FB_JSON_MAX_DEPTH, NULL);
  gint64 id = _fb_sync_json_int (root, "push", 0);
  gint64 status = _fb_sync_json_int (root, "status", 0);
  gint64 retry_after = _fb_sync_json_int (root, "retry_after", 0);
  JsonNode *body = _fb_sync_json_object (root, "body");
  FbSyncReplyFunc func = self->live_push_func;

  if (id <= 0 || (guint64) id != self->live_push_waiting)
    return;

  /* Answered: the next push may go, from within func too. */
  self->live_push_waiting = 0;
  self->live_push_func = NULL;
  g_clear_handle_id (&self->live_push_timeout_id, g_source_remove);

  if (body == NULL || status < 100 || status > 599)
    {
      fb_probe_mark_for (FB_PROBE_PUSH_ANSWERED, self->store);
      _fb_sync_fail_with (self, FB_SYNC_ERROR_PROTOCOL, _("The server’s answer to a push cannot be read."));
      return;
    }

  retry_after = CLAMP (retry_after, 0, FB_SYNC_RETRY_AFTER_MAX_MS / 1000) * 1000;
  if (_fb_sync_answer_refused (self, (guint) status, body, (guint) retry_after))
    return;

  func (self, (guint) status, NULL, body);
}

static gboolean
on_live_push_timeout_cb (gpointer user_data)
{
  FbSyncClient *self = user_data;

  self->live_push_timeout_id = 0;
  self->live_push_waiting = 0;
  _fb_sync_fail_with (self, FB_SYNC_ERROR_OFFLINE,
                      _("The server did not answer changes sent on the live connection."));
  return G_SOURCE_REMOVE;
}

/* Sends a push, @json as a request body would carry it, on the socket,
 * for @func to take its answer. FALSE, having sent nothing, when the
 * socket is not open, the server takes no pushes on it, or the batch is
 * too large for it: then it goes over HTTP. */
gboolean
_fb_sync_live_push (FbSyncClient    *self,
                    const char      *json,
                    gsize            len,
                    FbSyncReplyFunc  func)
{
  g_autoptr(GString) text = NULL;

  if (self->ws == NULL || self->live_push_max == 0 || self->live_push_waiting != 0 ||
      soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN ||
      len < 2 || json[0] != '{')
    return FALSE;

  text = g_string_sized_new (len + 32);
  g_string_append_printf (text, "{\"push\":%" G_GUINT64_FORMAT ",", self->live_push_serial + 1);
  g_string_append_len (text, json + 1, (gssize) len - 1);
  if (text->len > self->live_push_max)
    return FALSE;

  self->live_push_waiting = ++self->live_push_serial;
  self->live_push_func = func;
  self->live_push_timeout_id = g_timeout_add_seconds (FB_SYNC_LIVE_PUSH_TIMEOUT_S, on_live_push_timeout_cb, self);
  soup_websocket_connection_send_text (self->ws, text->str);
  return TRUE;
}

static void
on_ws_message_cb (SoupWebsocketConnection *ws,
                  int                      type,
                  GBytes                  *message,
                  FbSyncClient            *self)
{
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  gint64 head, from, cursor;
  gboolean has_ops;

  self->ws_last_seen = g_get_monotonic_time ();

  if (data == NULL)
    data = "";
  /* The server writes an answer to a push with its tag first; a notice
   * never starts so. */
  if (len > 8 && memcmp (data, "{\"push\":", 8) == 0)
    {
      take_push_answer (self, data, len);
      return;
    }

  _fb_sync_notice_read (data, len, FB_SYNC_MAX_NOTICE, &head, &from, &has_ops);
  cursor = _fb_sync_get_cursor (self);
  self->server_head = MAX (self->server_head, head);
  if (head <= cursor && self->n_waiting == 0)
    return;

  fb_probe_mark_for (FB_PROBE_RECEIVED, self->store);

  /* Ops that follow our cursor, with nothing of ours waiting to go first
   * and no pass under way that would move the cursor meanwhile. */
  if (self->phase == FB_SYNC_PHASE_IDLE && self->n_waiting == 0 && has_ops && from == cursor)
    _fb_sync_take_notice (self, data, len, cursor);
  else
    _fb_sync_run_pass (self);
}

static void
on_ws_closed_cb (SoupWebsocketConnection *ws,
                 FbSyncClient            *self)
{
  _fb_sync_fail_with (self, FB_SYNC_ERROR_OFFLINE, _("The live connection to the server was lost."));
}

static gboolean
on_heartbeat_cb (gpointer user_data)
{
  FbSyncClient *self = user_data;

  if (self->ws == NULL)
    return G_SOURCE_CONTINUE;

  /* The server sends a notice every heartbeat; three missed and the link
   * is taken for dead even if TCP has not noticed. */
  if (g_get_monotonic_time () - self->ws_last_seen > 3 * FB_SYNC_HEARTBEAT_S * G_USEC_PER_SEC)
    {
      self->heartbeat_id = 0;
      _fb_sync_fail_with (self, FB_SYNC_ERROR_OFFLINE, _("The server stopped answering."));
      return G_SOURCE_REMOVE;
    }

  if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (self->ws, "{\"ping\":true}");

  return G_SOURCE_CONTINUE;
}

static void
on_ws_connected_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FbSyncClient) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (ws == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _fb_sync_fail_with (self, FB_SYNC_ERROR_OFFLINE, _("Cannot open the live connection: %s"),
                            error->message);
      return;
    }

  _fb_sync_close_live (self);
  self->ws = ws;
  self->ws_last_seen = g_get_monotonic_time ();
  soup_websocket_connection_set_max_incoming_payload_size (ws, FB_SYNC_MAX_NOTICE);
  soup_websocket_connection_set_keepalive_interval (ws, FB_SYNC_HEARTBEAT_S);
  g_signal_connect (ws, "message", G_CALLBACK (on_ws_message_cb), self);
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed_cb), self);
  self->heartbeat_id = g_timeout_add_seconds (FB_SYNC_HEARTBEAT_S, on_heartbeat_cb, self);

  /* Anything that happened between our pull and this socket opening. */
  _fb_sync_run_pass (self);
}

void
_fb_sync_open_live (FbSyncClient *self)
{
  g_autoptr(SoupMessage) msg = _fb_sync_new_message (self, "GET", "/api/v1/live?ops=1");

  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, on_ws_connected_cb, g_object_ref (self));
}

void
_fb_sync_close_live (FbSyncClient *self)
{
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  /* A push unanswered is lost with its socket; its ops wait in the outbox. */
  g_clear_handle_id (&self->live_push_timeout_id, g_source_remove);
  self->live_push_waiting = 0;
  self->live_push_func = NULL;
  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->ws);
    }
}
