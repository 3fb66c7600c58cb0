/* fb-test-live.h — a WebSocket on a test server's live notices
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-sync-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  SoupWebsocketConnection *ws;
  GError                  *error;
  guint                    status;
  gboolean                 done;
  gint64                   last_head;
  guint                    n_messages;
  gboolean                 closed;
  GString                 *frames;    /* every message received, one a line */
} FbTestLive;

static inline void
fb_test_on_live_message_cb (SoupWebsocketConnection *ws,
                            int                      type,
                            GBytes                  *message,
                            FbTestLive              *live)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_string_append_len (live->frames, g_bytes_get_data (message, NULL), (gssize) g_bytes_get_size (message));
  g_string_append_c (live->frames, '\n');
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                                             (gssize) g_bytes_get_size (message), NULL));
  live->last_head = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "head");
  live->n_messages++;
}

static inline void
fb_test_on_live_closed_cb (SoupWebsocketConnection *ws,
                           FbTestLive              *live)
{
  live->closed = TRUE;
}

static inline void
fb_test_on_live_connected_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  FbTestLive *live = user_data;

  live->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &live->error);
  live->done = TRUE;
  if (live->ws != NULL)
    {
      g_signal_connect (live->ws, "message", G_CALLBACK (fb_test_on_live_message_cb), live);
      g_signal_connect (live->ws, "closed", G_CALLBACK (fb_test_on_live_closed_cb), live);
    }
}

static inline gboolean
fb_test_live_done (gpointer data)
{
  return ((FbTestLive *) data)->done;
}

/* Opens @live with @token (or none) and @query (or none: the notices of
 * a client that asks for no ops) and waits for the handshake's end. */
static inline void
fb_test_live_open_with (SoupSession  *session,
                        FbTestServer *server,
                        const char   *token,
                        const char   *query,
                        FbTestLive   *live)
{
  g_autofree char *uri = g_strconcat (server->url, "api/v1/live", query != NULL ? "?" : "", query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }

  live->frames = g_string_new (NULL);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        fb_test_on_live_connected_cb, live);
  fb_test_wait_until (fb_test_live_done, live, "the WebSocket handshake");
  live->status = soup_message_get_status (msg);
}

static inline void
fb_test_live_open (SoupSession  *session,
                   FbTestServer *server,
                   const char   *token,
                   FbTestLive   *live)
{
  fb_test_live_open_with (session, server, token, NULL, live);
}

static inline void
fb_test_live_clear (FbTestLive *live)
{
  if (live->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (live->ws, live);
      if (soup_websocket_connection_get_state (live->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (live->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  g_clear_object (&live->ws);
  g_clear_error (&live->error);
  if (live->frames != NULL)
    g_string_free (g_steal_pointer (&live->frames), TRUE);
}

G_END_DECLS
