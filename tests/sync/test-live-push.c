/* test-live-push.c — pushes on the live WebSocket, against a real server
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A push sent as a message on /api/v1/live must be stored and answered
 * exactly as POST /api/v1/ops would be: the same checks and refusals,
 * its answer only once the ops are on disk. Workstations use it when
 * the server offers it and HTTP otherwise; a push whose socket dies goes
 * again, and is stored once.
 */

#include "config.h"

#include <signal.h>

#include "fb-sync-client.h"
#include "fb-sync-test-util.h"
#include "fb-test-tamper.h"
#include "fb-sync-test-peer.h"

typedef struct
{
  FbTestDir    *dir;
  FbTestServer *server;
  char         *token;
  char         *reader;   /* a read-only token */
  FbStore      *store;    /* ops to push by hand */
  GPtrArray    *ops;
  FbStore      *other;    /* another device's */
  GPtrArray    *other_ops;
} Fixture;

static GPtrArray *
make_ops (FbTestDir  *dir,
          const char *name,
          guint       n_entries,
          FbStore   **store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fb_test_dir_file (dir, name);
  g_autofree char *incident = NULL;
  GPtrArray *ops;

  *store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  incident = fb_store_create_incident (*store, "Phishing wave", "phishing", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *text = g_strdup_printf ("Report number %u", i);
      g_free (fb_store_add_entry (*store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  ops = fb_store_get_outbox (*store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, n_entries + 1);
  return ops;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->dir = fb_test_dir_new ();
  fx->server = fb_test_server_new (fx->dir, "server.db", data);
  fx->token = fb_test_server_add_user (fx->server, "alice", FALSE);
  fx->reader = fb_test_server_add_user (fx->server, "auditor", TRUE);
  fx->ops = make_ops (fx->dir, "hand.db", 3, &fx->store);
  fx->other_ops = make_ops (fx->dir, "other.db", 0, &fx->other);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_pointer (&fx->ops, g_ptr_array_unref);
  g_clear_pointer (&fx->other_ops, g_ptr_array_unref);
  g_clear_object (&fx->store);
  g_clear_object (&fx->other);
  g_clear_pointer (&fx->server, fb_test_server_free);
  g_free (fx->token);
  g_free (fx->reader);
  fb_test_dir_free (fx->dir);
}

/* Request bodies, and the same tagged as a message ------------------------- */

/* {"push": TAG, …the members of @body…}; @body is an object. */
static char *
tagged (const char *tag,
        const char *body)
{
  g_assert_true (body[0] == '{');
  return g_strdup_printf ("{\"push\":%s%s%s", tag, body[1] == '}' ? "" : ",", body + 1);
}

/* A socket of ours -------------------------------------------------------- */

typedef struct
{
  SoupSession             *session;
  SoupWebsocketConnection *ws;
  GError                  *error;
  gboolean                 done;
  gboolean                 closed;
  GPtrArray               *answers;  /* JsonNode: each answer to a push */
  guint                    n_notices;
} Socket;

static void
on_message_cb (SoupWebsocketConnection *ws,
               int                      type,
               GBytes                  *message,
               Socket                  *socket)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                                             (gssize) g_bytes_get_size (message), NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (object, "push"))
    g_ptr_array_add (socket->answers, json_node_copy (json_parser_get_root (parser)));
  else
    {
      g_assert_true (json_object_has_member (object, "head"));
      socket->n_notices++;
    }
}

static void
on_closed_cb (SoupWebsocketConnection *ws,
              Socket                  *socket)
{
  socket->closed = TRUE;
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Socket *socket = user_data;

  socket->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &socket->error);
  socket->done = TRUE;
  if (socket->ws != NULL)
    {
      g_signal_connect (socket->ws, "message", G_CALLBACK (on_message_cb), socket);
      g_signal_connect (socket->ws, "closed", G_CALLBACK (on_closed_cb), socket);
    }
}

static gboolean
socket_done (gpointer data)
{
  return ((Socket *) data)->done;
}

static gboolean
has_notice (gpointer data)
{
  return ((Socket *) data)->n_notices > 0;
}

static Socket *
socket_open (FbTestServer *server,
             const char   *token)
{
  g_autofree char *uri = g_strconcat (server->url, "api/v1/live?ops=1", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  Socket *socket = g_new0 (Socket, 1);

  socket->session = soup_session_new ();
  socket->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_websocket_connect_async (socket->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_connected_cb, socket);
  fb_test_wait_until (socket_done, socket, "the WebSocket handshake");
  g_assert_no_error (socket->error);
  /* The welcome notice. */
  fb_test_wait_until (has_notice, socket, "the first notice");
  return socket;
}

static void
socket_free (Socket *socket)
{
  if (socket->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (socket->ws, socket);
      if (soup_websocket_connection_get_state (socket->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (socket->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  g_clear_object (&socket->ws);
  g_clear_object (&socket->session);
  g_clear_error (&socket->error);
  g_ptr_array_unref (socket->answers);
  g_free (socket);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Socket, socket_free)

typedef struct
{
  Socket *socket;
  guint   n;
} Wait;

static gboolean
answered (gpointer data)
{
  Wait *wait = data;

  return wait->socket->answers->len > wait->n || wait->socket->closed;
}

/* Sends @text and returns the answer (owned by @socket), or NULL when
 * the server closed the socket instead. */
static JsonNode *
socket_push (Socket     *socket,
             const char *text)
{
  Wait wait = { socket, socket->answers->len };

  soup_websocket_connection_send_text (socket->ws, text);
  fb_test_wait_until (answered, &wait, "the answer to a push");
  if (socket->answers->len == wait.n)
    return NULL;
  return g_ptr_array_index (socket->answers, socket->answers->len - 1);
}

static JsonObject *
body_of (JsonNode *answer)
{
  return json_object_get_object_member (json_node_get_object (answer), "body");
}

static guint
status_of (JsonNode *answer)
{
  return (guint) json_object_get_int_member (json_node_get_object (answer), "status");
}

static const char *
error_code_of (JsonObject *body)
{
  return json_object_get_string_member (json_object_get_object_member (body, "error"), "code");
}

static const char *
error_message_of (JsonObject *body)
{
  return json_object_get_string_member (json_object_get_object_member (body, "error"), "message");
}

/* The socket's answer to @text is HTTP's to @body, with @tag sent back. */
static void
assert_same_refusal (Fixture    *fx,
                     Socket     *socket,
                     const char *token,
                     const char *text,
                     const char *body,
                     const char *tag,
                     guint       status,
                     const char *code)
{
  JsonNode *answer = socket_push (socket, text);
  JsonNode *push;
  g_autofree char *push_text = NULL;

  g_assert_nonnull (answer);
  push = json_object_get_member (json_node_get_object (answer), "push");
  push_text = json_to_string (push, FALSE);
  g_assert_cmpstr (push_text, ==, tag);
  g_assert_cmpuint (status_of (answer), ==, status);
  g_assert_cmpstr (error_code_of (body_of (answer)), ==, code);

  if (body != NULL)
    {
      g_autoptr(FbTestReply) reply = fb_test_http (fx->server, "POST", "/api/v1/ops", token,
                                                   "application/json", body, -1);
      JsonObject *http_error = json_object_get_object_member (json_node_get_object (reply->root), "error");
      JsonObject *ws_error = json_object_get_object_member (body_of (answer), "error");

      g_assert_cmpuint (reply->status, ==, status);
      g_assert_cmpstr (fb_test_reply_error_code (reply), ==, code);
      g_assert_cmpstr (json_object_get_string_member (http_error, "message"), ==,
                       error_message_of (body_of (answer)));
      g_assert_cmpint (json_object_get_int_member_with_default (http_error, "index", -1), ==,
                       json_object_get_int_member_with_default (ws_error, "index", -1));
    }
}

static gint64
count_in_log (FbTestServer *server,
              const char   *what)
{
  g_autofree char *log = fb_test_server_read_log (server);

  return fb_test_count_in (log, what);
}

/* Stored and answered --------------------------------------------------------- */

typedef struct
{
  FbStore    *store;
  const char *incident;
  guint       n;
} Entries;

static gboolean
has_entries (gpointer data)
{
  Entries *entries = data;

  return fb_store_count_entries (entries->store, entries->incident) == entries->n;
}

static void
test_live_push_stores (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(Socket) socket = socket_open (fx->server, fx->token);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (fx->dir, "bram", fx->server, fx->token, NULL);
  g_autofree char *body = fb_test_push_body ((FbOp **) fx->ops->pdata, fx->ops->len);
  g_autofree char *text = tagged ("\"first\"", body);
  g_autofree char *again = tagged ("2", body);
  const FbOp *first = g_ptr_array_index (fx->ops, 0);
  Entries entries = { b->store, first->incident, 3 };
  JsonNode *answer;
  JsonArray *results;

  fb_sync_client_start (b->client);
  fb_test_wait_until (fb_test_client_is_up_to_date, b->client, "the second workstation to connect");

  answer = socket_push (socket, text);
  g_assert_nonnull (answer);
  /* The answer leaves once the ops are stored: by the time it is read,
   * they are in the server's database. */
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, fx->ops->len);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "push"), ==, "first");
  g_assert_cmpuint (status_of (answer), ==, 200);
  g_assert_cmpint (json_object_get_int_member (body_of (answer), "head"), ==, fx->ops->len);
  results = json_object_get_array_member (body_of (answer), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, fx->ops->len);
  for (guint i = 0; i < fx->ops->len; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const FbOp *op = g_ptr_array_index (fx->ops, i);

      g_assert_cmpstr (json_object_get_string_member (result, "id"), ==, op->id);
      g_assert_cmpint (json_object_get_int_member (result, "seq"), ==, i + 1);
      g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "accepted");
    }

  /* A second workstation takes them in. */
  fb_test_wait_until (has_entries, &entries, "the pushed entries to reach the second workstation");

  /* The same again: duplicates, nothing stored twice. */
  answer = socket_push (socket, again);
  g_assert_nonnull (answer);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "push"), ==, 2);
  g_assert_cmpuint (status_of (answer), ==, 200);
  results = json_object_get_array_member (body_of (answer), "results");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "status"), ==,
                   "duplicate");
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, fx->ops->len);

  /* Each push has its line in the request log. */
  g_assert_cmpint (count_in_log (fx->server, " WS /api/v1/live 200 "), ==, 2);

  fb_sync_client_stop (b->client);
  fb_test_server_assert_sound (fx->server);
}

/* Hostile messages ---------------------------------------------------------- */

static void
test_live_push_hostile (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(Socket) socket = socket_open (fx->server, fx->token);
  g_autoptr(Socket) reading = socket_open (fx->server, fx->reader);
  g_autofree char *good = fb_test_push_body ((FbOp **) fx->ops->pdata, fx->ops->len);
  g_autofree char *good_tagged = tagged ("5", good);
  g_autofree char *x65 = g_strnfill (65, 'x');
  g_autofree char *y65k = g_strnfill (65 * 1024, 'y');
  g_autofree char *long_tag = g_strdup_printf ("\"%s\"", x65);
  g_autofree char *long_tag_text = tagged (long_tag, good);
  g_autofree char *forged = fb_test_replace_once (good, "Report number 1", "Report number 9");
  g_autofree char *forged_tagged = tagged ("6", forged);
  FbOp *mixed_ops[] = { g_ptr_array_index (fx->ops, 0), g_ptr_array_index (fx->other_ops, 0) };
  g_autofree char *mixed = fb_test_push_body (mixed_ops, 2);
  g_autofree char *mixed_tagged = tagged ("7", mixed);
  g_autoptr(GString) many = g_string_new ("{\"ops\":[");
  g_autofree char *many_tagged = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"ops\":[");
  g_autofree char *deep_tagged = NULL;
  g_autofree char *huge = NULL;
  g_autoptr(FbTestReply) info = NULL;

  for (guint i = 0; i < 501; i++)
    g_string_append (many, i > 0 ? ",{}" : "{}");
  g_string_append (many, "]}");
  many_tagged = tagged ("8", many->str);
  for (guint i = 0; i < 20; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 20; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "]}");
  deep_tagged = tagged ("9", deep->str);

  /* Not JSON, not an object: answered untagged, as over HTTP. */
  assert_same_refusal (fx, socket, fx->token, "not json", "not json", "null", 400, "bad_json");
  assert_same_refusal (fx, socket, fx->token, "[1, 2]", NULL, "null", 400, "bad_request");
  /* A tag the answer could not carry back. */
  assert_same_refusal (fx, socket, fx->token, "{\"push\": true, \"ops\": []}", NULL, "null", 400, "bad_push_id");
  assert_same_refusal (fx, socket, fx->token, "{\"push\": 1.5, \"ops\": []}", NULL, "null", 400, "bad_push_id");
  assert_same_refusal (fx, socket, fx->token, "{\"push\": [1], \"ops\": []}", NULL, "null", 400, "bad_push_id");
  assert_same_refusal (fx, socket, fx->token, long_tag_text, NULL, "null", 400, "bad_push_id");
  /* The body's own refusals, each as HTTP gives it. */
  assert_same_refusal (fx, socket, fx->token, "{\"push\": 1, \"ops\": \"all\"}", "{\"ops\": \"all\"}",
                       "1", 400, "bad_request");
  assert_same_refusal (fx, socket, fx->token, "{\"push\": 2, \"ops\": [], \"more\": 1}",
                       "{\"ops\": [], \"more\": 1}", "2", 400, "bad_request");
  assert_same_refusal (fx, socket, fx->token, "{\"push\": 3, \"ops\": [{\"id\": 4}]}", "{\"ops\": [{\"id\": 4}]}",
                       "3", 400, "invalid_op");
  assert_same_refusal (fx, socket, fx->token, forged_tagged, forged, "6", 400, "bad_hash");
  assert_same_refusal (fx, socket, fx->token, mixed_tagged, mixed, "7", 400, "mixed_devices");
  assert_same_refusal (fx, socket, fx->token, many_tagged, many->str, "8", 413, "too_many_ops");
  /* Too deep to be read at all, its tag too. */
  assert_same_refusal (fx, socket, fx->token, deep_tagged, deep->str, "null", 400, "too_deep");
  /* A read-only token. */
  assert_same_refusal (fx, reading, fx->reader, good_tagged, good, "5", 403, "read_only");
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 0);

  /* Past the message limit: the socket closes with 1009. */
  huge = g_strdup_printf ("{\"push\": 10, \"ops\": [], \"pad\": \"%s\"}", y65k);
  g_assert_null (socket_push (socket, huge));
  g_assert_cmpuint (soup_websocket_connection_get_close_code (socket->ws), ==, SOUP_WEBSOCKET_CLOSE_TOO_BIG);

  /* Nothing stored, and others are served. */
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 0);
  info = fb_test_http (fx->server, "GET", "/api/v1/info", fx->reader, NULL, NULL, 0);
  g_assert_cmpuint (info->status, ==, 200);
  g_assert_true (json_object_has_member (json_object_get_object_member (json_node_get_object (info->root),
                                                                          "limits"), "live_push"));
  fb_test_server_assert_sound (fx->server);
}

/* A token revoked while its socket is open loses the socket at its next
 * push, as at the next heartbeat; the push is not stored. */
static void
test_live_push_revoked (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *carol = fb_test_server_add_user (fx->server, "carol", FALSE);
  g_autoptr(Socket) socket = socket_open (fx->server, carol);
  g_autofree char *body = fb_test_push_body ((FbOp **) fx->ops->pdata, fx->ops->len);
  g_autofree char *text = tagged ("1", body);
  g_autoptr(GSubprocess) revoke = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbTestReply) reply = NULL;

  revoke = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, FIREBREAK_SERVER_PATH,
                             "--database", fx->server->db_path, "user", "revoke", "carol", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (revoke, NULL, &error);
  g_assert_no_error (error);

  g_assert_null (socket_push (socket, text));
  g_assert_cmpuint (soup_websocket_connection_get_close_code (socket->ws), ==,
                    SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 0);

  /* Over HTTP the same token gets 401. */
  reply = fb_test_http (fx->server, "POST", "/api/v1/ops", carol, "application/json", body, -1);
  g_assert_cmpuint (reply->status, ==, 401);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 0);
}

/* The push bucket is the user's, whichever way the pushes come. */
static const char * const slow_push_args[] = { "--push-rate", "1", "--push-burst", "3", NULL };

static void
test_live_push_flood (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(Socket) socket = socket_open (fx->server, fx->token);
  g_autofree char *bob = fb_test_server_add_user (fx->server, "bob", FALSE);
  g_autofree char *bobs = fb_test_push_body ((FbOp **) fx->other_ops->pdata, fx->other_ops->len);
  g_autoptr(FbTestReply) bob_reply = NULL;
  JsonNode *answer = NULL;
  guint i;

  for (i = 1; i < 100; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"push\": %u}", i);

      answer = socket_push (socket, text);
      g_assert_nonnull (answer);
      if (status_of (answer) == 429)
        break;
      g_assert_cmpuint (status_of (answer), ==, 400);
      g_assert_cmpstr (error_code_of (body_of (answer)), ==, "bad_request");
    }
  g_assert_cmpuint (i, <, 100);
  g_assert_cmpstr (error_code_of (body_of (answer)), ==, "too_many_pushes");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "retry_after"), >=, 1);

  /* HTTP says the same now, for the same user: one bucket. */
  {
    g_autoptr(FbTestReply) reply = fb_test_http (fx->server, "POST", "/api/v1/ops", fx->token,
                                                 "application/json", "{}", -1);

    g_assert_cmpuint (reply->status, ==, 429);
    g_assert_cmpstr (fb_test_reply_error_code (reply), ==, "too_many_pushes");
    g_assert_cmpuint (reply->retry_after, >=, 1);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (reply->root),
                                                                                   "error"), "message"), ==,
                     error_message_of (body_of (answer)));
  }

  /* Another user is served. */
  bob_reply = fb_test_http (fx->server, "POST", "/api/v1/ops", bob, "application/json", bobs, -1);
  g_assert_cmpuint (bob_reply->status, ==, 200);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, fx->other_ops->len);
}

/* Workstations ---------------------------------------------------------------- */

static gboolean
live_sockets_open (gpointer data)
{
  return count_in_log (data, " GET /api/v1/live 101 ") >= 2;
}

static char *
start_pair (Fixture     *fx,
            FbTestPeer  *a,
            FbTestPeer  *b)
{
  g_autoptr(GError) error = NULL;
  char *incident;

  fb_sync_client_start (a->client);
  fb_sync_client_start (b->client);
  fb_test_wait_until (live_sockets_open, fx->server, "both live sockets to open");
  fb_test_wait_until (fb_test_client_is_up_to_date, a->client, "the first workstation to connect");
  fb_test_wait_until (fb_test_client_is_up_to_date, b->client, "the second workstation to connect");

  incident = fb_store_create_incident (a->store, "Leaked keys", "credential-leak", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  fb_test_add_entries (a->store, incident, "Rotated", 5);
  fb_test_add_entries (b->store, incident, "Checked", 5);
  return incident;
}

/* Workstations push on their sockets, and converge. */
static void
test_live_push_workstations (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(FbTestPeer) a = fb_test_peer_new (fx->dir, "aiko", fx->server, fx->token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (fx->dir, "bram", fx->server, fx->token, NULL);
  FbTestPeer *peers[] = { a, b };
  g_autofree char *incident = start_pair (fx, a, b);

  fb_test_assert_converge (peers, 2, incident, 10);
  g_assert_cmpint (count_in_log (fx->server, " WS /api/v1/live 200 "), >=, 2);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 11);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
  fb_test_server_assert_sound (fx->server);
}

static gboolean
two_posts_logged (gpointer data)
{
  return count_in_log (data, " POST /api/v1/ops 200 ") >= 2;
}

/* A server that does not offer it gets every push over HTTP, and one on
 * the socket anyway is refused. */
static const char * const http_only_args[] = { "--no-live-push", NULL };

static void
test_live_push_http_only (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(FbTestPeer) a = fb_test_peer_new (fx->dir, "aiko", fx->server, fx->token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (fx->dir, "bram", fx->server, fx->token, NULL);
  FbTestPeer *peers[] = { a, b };
  g_autofree char *incident = start_pair (fx, a, b);
  g_autoptr(FbTestReply) info = fb_test_http (fx->server, "GET", "/api/v1/info", fx->token, NULL, NULL, 0);

  fb_test_assert_converge (peers, 2, incident, 10);
  /* libsoup logs a request once its answer is written, maybe after the
   * client has read it. */
  fb_test_wait_until (two_posts_logged, fx->server, "the pushes' lines in the log");
  g_assert_cmpint (count_in_log (fx->server, " WS /api/v1/live "), ==, 0);
  g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (info->root),
                                                                           "limits"), "live_push"));
  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);

  {
    g_autoptr(Socket) socket = socket_open (fx->server, fx->token);
    g_autofree char *body = fb_test_push_body ((FbOp **) fx->ops->pdata, fx->ops->len);
    g_autofree char *text = tagged ("1", body);
    JsonNode *answer = socket_push (socket, text);

    g_assert_nonnull (answer);
    g_assert_cmpuint (status_of (answer), ==, 400);
    g_assert_cmpstr (error_code_of (body_of (answer)), ==, "push_over_http");
  }
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 11);
}

static gboolean
more_notices (gpointer data)
{
  gpointer *args = data;

  return ((Socket *) args[0])->n_notices > GPOINTER_TO_UINT (args[1]);
}

/* A client of before: heartbeats are not answered, its pushes over HTTP
 * are taken, and it gets their notices. */
static void
test_live_push_old_client (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(Socket) socket = socket_open (fx->server, fx->token);
  g_autofree char *body = fb_test_push_body ((FbOp **) fx->ops->pdata, fx->ops->len);
  g_autoptr(FbTestReply) reply = NULL;
  gpointer args[2] = { socket, GUINT_TO_POINTER (socket->n_notices) };

  soup_websocket_connection_send_text (socket->ws, "{\"ping\":true}");
  reply = fb_test_http (fx->server, "POST", "/api/v1/ops", fx->token, "application/json", body, -1);
  g_assert_cmpuint (reply->status, ==, 200);
  fb_test_wait_until (more_notices, args, "the notice of the push");
  /* The notice came after the heartbeat, and nothing answered it. */
  g_assert_cmpuint (socket->answers->len, ==, 0);
  g_assert_false (socket->closed);
}

/* A socket that dies mid-push ------------------------------------------------ */

static gboolean
server_has (gpointer data)
{
  gpointer *args = data;

  return fb_test_server_count_ops (args[0]) == GPOINTER_TO_INT (args[1]);
}

static void
test_live_push_dies (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(FbTestPeer) a = fb_test_peer_new (fx->dir, "aiko", fx->server, fx->token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (fx->dir, "bram", fx->server, fx->token, NULL);
  FbTestPeer *peers[] = { a, b };
  g_autofree char *incident = start_pair (fx, a, b);
  gpointer all[2] = { fx->server, GINT_TO_POINTER (12) };

  fb_test_assert_converge (peers, 2, incident, 10);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 11);

  /* The server stops reading; the push goes on the socket and waits
   * there, unanswered, when the workstation's socket goes. */
  g_subprocess_send_signal (fx->server->process, SIGSTOP);
  fb_test_add_entries (a->store, incident, "Sent as the link failed", 1);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  fb_sync_client_stop (a->client);
  g_assert_cmpuint (fb_sync_client_get_n_waiting (a->client), ==, 1);
  g_subprocess_send_signal (fx->server->process, SIGCONT);

  /* Back: the op goes again, and is stored once. */
  fb_sync_client_start (a->client);
  fb_test_assert_converge (peers, 2, incident, 11);
  fb_test_wait_until (server_has, all, "the server to hold the op");
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 12);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
  fb_test_server_assert_sound (fx->server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/live-push/stores", Fixture, NULL, fixture_set_up, test_live_push_stores, fixture_tear_down);
  g_test_add ("/live-push/hostile", Fixture, NULL, fixture_set_up, test_live_push_hostile, fixture_tear_down);
  g_test_add ("/live-push/revoked", Fixture, NULL, fixture_set_up, test_live_push_revoked, fixture_tear_down);
  g_test_add ("/live-push/flood", Fixture, slow_push_args, fixture_set_up, test_live_push_flood,
              fixture_tear_down);
  g_test_add ("/live-push/workstations", Fixture, NULL, fixture_set_up, test_live_push_workstations,
              fixture_tear_down);
  g_test_add ("/live-push/http-only", Fixture, http_only_args, fixture_set_up, test_live_push_http_only,
              fixture_tear_down);
  g_test_add ("/live-push/old-client", Fixture, NULL, fixture_set_up, test_live_push_old_client,
              fixture_tear_down);
  g_test_add ("/live-push/socket-dies", Fixture, NULL, fixture_set_up, test_live_push_dies, fixture_tear_down);

  return g_test_run ();
}
