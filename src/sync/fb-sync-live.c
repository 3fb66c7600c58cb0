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
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-sync-client-private.h"
#include "fb-sync-page-private.h"

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
  _fb_sync_notice_read (data, len, FB_SYNC_MAX_NOTICE, &head, &from, &has_ops);
  cursor = _fb_sync_get_cursor (self);
  self->server_head = MAX (self->server_head, head);
  if (head <= cursor && self->n_waiting == 0)
    return;

  fb_probe_mark_for (FB_PROBE_RECEIVED, self->store);

  /* Ops that follow our cursor, with nothing of ours waiting to go first
   * and no pass under way that would move the cursor meanwhile. */
  if (self->phase == FB_SYNC_PHASE_IDLE && self->n_waiting == 0 && has_ops && from == cursor)
    _fb_sync_take_notice (self, data, len);
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
  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->ws);
    }
}
