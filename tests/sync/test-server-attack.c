/* test-server-attack.c — firebreak-server against hostile clients, over raw sockets
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exact bytes no client of ours would send: lengths that lie, requests
 * libsoup cannot read, WebSocket messages that never end, clients that
 * leave at once. Every one must be answered in JSON (or closed with the
 * documented code), store nothing, and leave the server serving. The
 * server runs with warnings fatal, and a server that dies fails the test
 * at once with its last words (fb-test-server-watch.h).
 */

#include "config.h"

#include <sys/socket.h>

#include "fb-sync-test-util.h"

typedef struct
{
  FbTestDir    *dir;
  FbTestServer *server;
  char         *token;
  char         *reader;   /* a read-only token */
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->dir = fb_test_dir_new ();
  fx->server = fb_test_server_new (fx->dir, "server.db", data);
  fx->token = fb_test_server_add_user (fx->server, "alice", FALSE);
  fx->reader = fb_test_server_add_user (fx->server, "auditor", TRUE);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_pointer (&fx->server, fb_test_server_free);
  g_free (fx->token);
  g_free (fx->reader);
  fb_test_dir_free (fx->dir);
}

/* Raw sockets --------------------------------------------------------------- */

static GSocket *
connect_raw (FbTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, server->port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  /* Not a timing: the deadline after which a server that never answers
   * fails the test instead of hanging it. */
  g_socket_set_timeout (socket, FB_TEST_DEADLINE_S);
  if (!g_socket_connect (socket, address, NULL, &error))
    fb_test_server_check_alive (server);
  g_assert_no_error (error);

  return socket;
}

static void
send_text (GSocket    *socket,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  gsize len = strlen (text), sent = 0;

  while (sent < len)
    {
      gssize n = g_socket_send (socket, text + sent, len - sent, NULL, &error);
      g_assert_no_error (error);
      sent += (gsize) n;
    }
}

/* Everything the server sends until it closes (or resets) the connection. */
static GString *
read_to_end (GSocket *socket)
{
  GString *all = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (all, buffer, n);

  return all;
}

typedef struct
{
  guint     status;
  char     *head;
  char     *body;
  JsonNode *root;
} RawReply;

static void
raw_reply_free (RawReply *reply)
{
  g_clear_pointer (&reply->root, json_node_unref);
  g_free (reply->head);
  g_free (reply->body);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawReply, raw_reply_free)

static RawReply *
parse_reply (const char *text)
{
  RawReply *reply = g_new0 (RawReply, 1);
  const char *end = strstr (text, "\r\n\r\n");
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (end == NULL)
    g_error ("Not an HTTP answer: “%s”", text);
  /* libsoup answers a request it could not read as HTTP/1.0. */
  if (!g_str_has_prefix (text, "HTTP/1.1 ") && !g_str_has_prefix (text, "HTTP/1.0 "))
    g_error ("Not an HTTP/1 answer: “%s”", text);
  reply->status = (guint) g_ascii_strtoull (text + strlen ("HTTP/1.1 "), NULL, 10);
  reply->head = g_strndup (text, (gsize) (end - text));
  reply->body = g_strdup (end + 4);
  if (json_parser_load_from_data (parser, reply->body, -1, NULL) && json_parser_get_root (parser) != NULL)
    reply->root = json_node_copy (json_parser_get_root (parser));

  return reply;
}

/* One request on its own connection, the answer read to the end: by then
 * the server has also logged it. */
static RawReply *
exchange (FbTestServer *server,
          const char   *request)
{
  g_autoptr(GSocket) socket = connect_raw (server);
  g_autoptr(GString) all = NULL;

  send_text (socket, request);
  all = read_to_end (socket);
  return parse_reply (all->str);
}

/* The documented error answer: {"error": {"code", "message"}}. */
static void
assert_json_error (RawReply   *reply,
                   guint       min_status,
                   guint       max_status,
                   const char *code,
                   const char *request)
{
  JsonObject *error;

  if (reply->status < min_status || reply->status > max_status || reply->root == NULL ||
      !JSON_NODE_HOLDS_OBJECT (reply->root) ||
      !json_object_has_member (json_node_get_object (reply->root), "error"))
    g_error ("Expected a JSON error %u–%u for “%s”, got:\n%s\n\n%s",
             min_status, max_status, request, reply->head, reply->body);

  error = json_object_get_object_member (json_node_get_object (reply->root), "error");
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  if (code != NULL)
    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_true (strstr (reply->head, "Content-Type: application/json") != NULL);
}

static void
assert_serving (Fixture *fx)
{
  g_autoptr(FbTestReply) info = fb_test_http (fx->server, "GET", "/api/v1/info", fx->token, NULL, NULL, 0);

  g_assert_cmpuint (info->status, ==, 200);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 0);
}

/* The server's resident memory, from the kernel. */
static gint64
server_rss_kib (FbTestServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (server->process));
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return (gint64) g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

/* Lengths -------------------------------------------------------------------- */

/* Every Content-Length that is not one plain number, or is over the
 * limit, is refused from the headers, token or not, whatever libsoup
 * would have made of it. */
static void
test_attack_lengths (Fixture       *fx,
                     gconstpointer  data)
{
  static const char * const lengths[] = {
    "Content-Length: -1\r\n",
    "Content-Length: 18446744073709551615\r\n",
    "Content-Length: 99999999999999999999999999\r\n",
    "Content-Length: +12\r\n",
    "Content-Length: 12abc\r\n",
    "Content-Length: 0x10\r\n",
    "Content-Length: 5\r\nContent-Length: 7\r\n",
    "Content-Length: 5, 7\r\n",
    "Content-Length: abc\r\nContent-Length: 5\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    for (guint with_token = 0; with_token < 2; with_token++)
      {
        g_autofree char *auth = with_token ? g_strdup_printf ("Authorization: Bearer %s\r\n", fx->token)
                                           : g_strdup ("");
        g_autofree char *request = g_strdup_printf ("POST /api/v1/ops HTTP/1.1\r\nHost: 127.0.0.1\r\n%s"
                                                    "Content-Type: application/json\r\n%s\r\n{\"ops\":",
                                                    auth, lengths[i]);
        g_autoptr(RawReply) reply = exchange (fx->server, request);

        /* 400 for a length that is not one; 401 or 413 for one too large. */
        assert_json_error (reply, 400, 413, NULL, request);
      }

  /* Two that agree are one length. */
  {
    g_autofree char *request = g_strdup_printf ("POST /api/v1/ops HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                "Authorization: Bearer %s\r\nConnection: close\r\n"
                                                "Content-Type: application/json\r\n"
                                                "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", fx->token);
    g_autoptr(RawReply) reply = exchange (fx->server, request);

    assert_json_error (reply, 400, 400, "bad_request", request);
  }

  assert_serving (fx);
}

/* A length that lies, then 32 MiB: the server answers from the headers and
 * keeps none of it. */
static void
test_attack_unbounded_body (Fixture       *fx,
                            gconstpointer  data)
{
  static const char * const lengths[] = { "-1", "18446744073709551615" };
  const gsize total = 32 * 1024 * 1024;

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(GSocket) socket = connect_raw (fx->server);
      g_autofree char *request = g_strdup_printf ("POST /api/v1/ops HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                  "Content-Type: application/json\r\n"
                                                  "Content-Length: %s\r\n\r\n", lengths[i]);
      g_autofree char *chunk = g_strnfill (64 * 1024, 'x');
      g_autoptr(GString) answer = NULL;
      g_autoptr(RawReply) reply = NULL;
      gint64 before = server_rss_kib (fx->server), after;
      gsize sent = 0;

      send_text (socket, request);
      answer = read_to_end (socket);
      reply = parse_reply (answer->str);
      assert_json_error (reply, 400, 413, NULL, request);

      /* The server has closed its side; whatever it still reads is thrown
       * away, until it closes the connection. */
      while (sent < total)
        {
          gssize n = g_socket_send (socket, chunk, 64 * 1024, NULL, NULL);
          if (n <= 0)
            break;
          sent += (gsize) n;
        }

      after = server_rss_kib (fx->server);
      g_test_message ("Content-Length: %s, %zu bytes sent after the answer: server VmRSS %" G_GINT64_FORMAT
                      " KiB before, %" G_GINT64_FORMAT " KiB after", lengths[i], sent, before, after);
      g_assert_cmpint (after - before, <, 8 * 1024);
    }

  assert_serving (fx);
}

/* Requests libsoup cannot read ------------------------------------------------ */

static void
test_attack_unreadable (Fixture       *fx,
                        gconstpointer  data)
{
  static const char * const requests[] = {
    "POST /api/v1/ops HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
    "POST /api/v1/ops HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n",
    "POST /api/v1/ops HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
    "GET http://[::1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /api/v1/info HTTP/1.1\r\nHost: a/b\r\nConnection: close\r\n\r\n",
    "GET /api/v1/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    "GET /api/v1/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    "GET /api/v1/info HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    "GET /api/v1/info\r\nHost: 127.0.0.1\r\n\r\n",
    "HELLO\r\n\r\n",
    "GET https://127.0.0.1/api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
  };
  g_autofree char *log = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(RawReply) reply = exchange (fx->server, requests[i]);

      assert_json_error (reply, 400, 599, NULL, requests[i]);
    }

  assert_serving (fx);
  log = fb_test_server_read_log (fx->server);
  g_assert_null (strstr (log, "(null)"));
  g_assert_null (strstr (log, "CRITICAL"));
  g_assert_null (strstr (log, "WARNING"));
}

/* The log ---------------------------------------------------------------------- */

static void
test_attack_log_secrets (Fixture       *fx,
                         gconstpointer  data)
{
  static const char * const secret = "SECRETtokenNOTtoLOG";
  g_autofree char *log = NULL;
  char *requests[] = {
    g_strdup_printf ("GET /api/v1/ops?access_token=%s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                     secret),
    g_strdup_printf ("GET /api/v1/ops?since=0&access_token=%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Authorization: Bearer %s\r\nConnection: close\r\n\r\n", secret, fx->token),
    g_strdup_printf ("GET /api/v1/%s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", secret),
    g_strdup_printf ("GET /%s?x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", secret),
    g_strdup_printf ("%s /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", secret),
    g_strdup_printf ("POST /api/v1/ops?access_token=%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Length: 100000000\r\n\r\n", secret),
  };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(RawReply) reply = exchange (fx->server, requests[i]);

      g_assert_cmpuint (reply->status, >=, 200);
      g_free (requests[i]);
    }

  log = fb_test_server_read_log (fx->server);
  g_assert_null (strstr (log, secret));
  /* The requests were logged, without what they carried. */
  g_assert_nonnull (strstr (log, "GET /api/v1/ops 401"));
  g_assert_nonnull (strstr (log, "GET /api/v1/ops 200"));
  g_assert_nonnull (strstr (log, "POST /api/v1/ops 401"));
}

/* Clients that leave ------------------------------------------------------------ */

/* Closing with SO_LINGER 0 sends a reset instead of a goodbye. */
static void
reset_socket (GSocket *socket)
{
  struct linger linger = { .l_onoff = 1, .l_linger = 0 };

  g_assert_cmpint (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger), ==, 0);
  g_socket_close (socket, NULL);
}

static void
test_attack_early_leavers (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *get = g_strdup_printf ("GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                          "Authorization: Bearer %s\r\n\r\n", fx->token);
  g_autofree char *post = g_strdup_printf ("POST /api/v1/ops HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                           "Content-Length: 100000000\r\n\r\n", fx->token);
  g_autofree char *live = g_strdup_printf ("GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Authorization: Bearer %s\r\nUpgrade: websocket\r\n"
                                           "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", fx->token);
  const char *what[] = { NULL, get, post, live, "GARBAGE\r\n\r\n" };

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GSocket) socket = connect_raw (fx->server);
      const char *text = what[i % G_N_ELEMENTS (what)];

      if (text != NULL)
        send_text (socket, text);
      reset_socket (socket);
    }

  assert_serving (fx);
}

/* The sockets the server has open, from the kernel. */
static guint
server_open_files (FbTestServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (server->process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;

  return count;
}

/* A client that goes between two requests (every client does, in the
 * end) is let go: the server closes its side, and its socket, instead of
 * keeping it for a next request that never comes. */
static void
test_attack_idle_leavers (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *get = g_strdup_printf ("GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                          "Authorization: Bearer %s\r\n\r\n", fx->token);
  guint before = server_open_files (fx->server);

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GSocket) socket = connect_raw (fx->server);
      g_autoptr(GString) all = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RawReply) reply = NULL;
      char buffer[4096];
      gssize n;

      send_text (socket, get);
      g_assert_true (g_socket_shutdown (socket, FALSE, TRUE, &error));
      g_assert_no_error (error);
      /* Until the server closes: a server that keeps the socket leaves
       * this waiting out the socket's deadline, and fails. */
      while ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error)) > 0)
        g_string_append_len (all, buffer, n);
      g_assert_no_error (error);
      g_assert_cmpint (n, ==, 0);

      reply = parse_reply (all->str);
      g_assert_cmpuint (reply->status, ==, 200);
    }

  g_assert_cmpuint (server_open_files (fx->server), ==, before);
  assert_serving (fx);
}

/* Fifty workstations reconnecting at once, while the server is busy (here:
 * stopped): the kernel queues them all, and they are all served. */
static gboolean
all_connected (gpointer data)
{
  GPtrArray *sockets = data;

  for (guint i = 0; i < sockets->len; i++)
    if (!g_socket_condition_check (g_ptr_array_index (sockets, i), G_IO_OUT))
      return FALSE;
  return TRUE;
}

static void
test_attack_crowd (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, fx->server->port);
  g_autofree char *get = g_strdup_printf ("GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                          "Authorization: Bearer %s\r\nConnection: close\r\n\r\n", fx->token);

  g_subprocess_send_signal (fx->server->process, SIGSTOP);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GError) error = NULL;
      GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

      g_assert_no_error (error);
      g_socket_set_blocking (socket, FALSE);
      if (!g_socket_connect (socket, address, NULL, &error))
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
      g_ptr_array_add (sockets, socket);
    }
  fb_test_wait_until (all_connected, sockets, "the kernel to queue every connection");
  g_subprocess_send_signal (fx->server->process, SIGCONT);

  for (guint i = 0; i < sockets->len; i++)
    {
      GSocket *socket = g_ptr_array_index (sockets, i);
      g_autoptr(GString) all = NULL;
      g_autoptr(RawReply) reply = NULL;

      g_assert_true (g_socket_check_connect_result (socket, NULL));
      g_socket_set_blocking (socket, TRUE);
      g_socket_set_timeout (socket, FB_TEST_DEADLINE_S);
      send_text (socket, get);
      all = read_to_end (socket);
      reply = parse_reply (all->str);
      g_assert_cmpuint (reply->status, ==, 200);
    }
}

/* WebSocket ----------------------------------------------------------------------- */

static GSocket *
open_raw_live (Fixture    *fx,
               const char *token)
{
  GSocket *socket = connect_raw (fx->server);
  g_autofree char *request = g_strdup_printf ("GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\nUpgrade: websocket\r\n"
                                              "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", token);
  g_autoptr(GString) head = g_string_new (NULL);
  char c;

  send_text (socket, request);
  /* The 101 answer, byte by byte so as not to eat the first frame. */
  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      g_assert_cmpint (g_socket_receive (socket, &c, 1, NULL, NULL), ==, 1);
      g_string_append_c (head, c);
    }
  g_assert_true (g_str_has_prefix (head->str, "HTTP/1.1 101"));

  return socket;
}

/* A client frame: masked, as RFC 6455 requires (with a mask of zeros). */
static GBytes *
client_frame (guint  opcode,
              guint  len,
              gboolean fin)
{
  GByteArray *frame = g_byte_array_new ();
  guint8 head[8] = { (fin ? 0x80 : 0) | opcode, 0x80 | 126, (len >> 8) & 0xff, len & 0xff, 0, 0, 0, 0 };
  g_autofree guint8 *payload = (guint8 *) g_strnfill (len, 'y');

  g_assert_cmpuint (len, >=, 126);
  g_assert_cmpuint (len, <, 65536);
  g_byte_array_append (frame, head, sizeof head);
  g_byte_array_append (frame, payload, len);
  return g_byte_array_free_to_bytes (frame);
}

/* Reads the server's frames until a close frame; returns its code. */
static guint
read_close_code (GSocket *socket)
{
  g_autoptr(GString) all = g_string_new (NULL);
  gsize pos = 0;

  for (;;)
    {
      char buffer[256];
      gssize n;

      while (pos + 2 <= all->len && pos + 2 + (all->str[pos + 1] & 0x7f) <= all->len)
        {
          guint8 opcode = all->str[pos] & 0x0f;
          gsize len = all->str[pos + 1] & 0x7f;

          g_assert_cmpuint (len, <, 126);
          if (opcode == 8)
            {
              g_assert_cmpuint (len, >=, 2);
              return ((guint) (guint8) all->str[pos + 2] << 8) | (guint8) all->str[pos + 3];
            }
          pos += 2 + len;
        }

      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);
      if (n <= 0)
        return 0;
      g_string_append_len (all, buffer, n);
    }
}

/* One message sent in endless fragments, never finished: the server
 * counts the message, not the frames, and closes with 1009 when it passes
 * the limit; it keeps none of what follows. Any token will do, a
 * read-only one too. */
static void
test_attack_fragments (Fixture       *fx,
                       gconstpointer  data)
{
  const char *tokens[] = { fx->reader, fx->token };

  for (guint t = 0; t < G_N_ELEMENTS (tokens); t++)
    {
      g_autoptr(GSocket) socket = open_raw_live (fx, tokens[t]);
      g_autoptr(GBytes) first = client_frame (1, 1000, FALSE);
      g_autoptr(GBytes) more = client_frame (0, 1000, FALSE);
      gint64 before = server_rss_kib (fx->server), after;
      gsize sent = 0;
      gssize n;

      n = g_socket_send (socket, g_bytes_get_data (first, NULL), g_bytes_get_size (first), NULL, NULL);
      g_assert_cmpint (n, ==, (gssize) g_bytes_get_size (first));
      for (guint i = 0; i < 65536 / 1000; i++)
        {
          n = g_socket_send (socket, g_bytes_get_data (more, NULL), g_bytes_get_size (more), NULL, NULL);
          g_assert_cmpint (n, ==, (gssize) g_bytes_get_size (more));
        }
      /* One message of a thousand bytes more than the limit of 64 KiB. */
      g_assert_cmpuint (read_close_code (socket), ==, SOUP_WEBSOCKET_CLOSE_TOO_BIG);

      /* More of the same, until the server closes the connection. */
      while (sent < 32 * 1024 * 1024 &&
             (n = g_socket_send (socket, g_bytes_get_data (more, NULL), g_bytes_get_size (more), NULL, NULL)) > 0)
        sent += (gsize) n;

      after = server_rss_kib (fx->server);
      g_test_message ("WebSocket fragments: %zu bytes sent after the close; server VmRSS %" G_GINT64_FORMAT
                      " KiB before, %" G_GINT64_FORMAT " KiB after", sent, before, after);
      g_assert_cmpint (after - before, <, 8 * 1024);
    }

  assert_serving (fx);
}

/* A revoked token loses its live connection within a heartbeat. */
typedef struct
{
  SoupWebsocketConnection *ws;
  gboolean                 done;
  gboolean                 closed;
} Live;

static void
on_live_connected_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Live *live = user_data;
  g_autoptr(GError) error = NULL;

  live->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  live->done = TRUE;
}

static void
on_live_closed_cb (SoupWebsocketConnection *ws,
                   Live                    *live)
{
  live->closed = TRUE;
}

static gboolean
live_done (gpointer data)
{
  return ((Live *) data)->done;
}

static gboolean
live_closed (gpointer data)
{
  return ((Live *) data)->closed;
}

/* A beat of five seconds: the revocation is seen at the next beat, long
 * before the silent socket would be closed (after three). */
static const char * const slow_heartbeat_args[] = { "--heartbeat", "5", NULL };

static void
test_attack_revoked_live (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (fx->server->url, "api/v1/live", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", fx->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GSubprocess) revoke = NULL;
  g_autoptr(GError) error = NULL;
  Live live = { 0 };

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_live_connected_cb, &live);
  fb_test_wait_until (live_done, &live, "the WebSocket handshake");
  g_signal_connect (live.ws, "closed", G_CALLBACK (on_live_closed_cb), &live);

  revoke = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, FIREBREAK_SERVER_PATH,
                             "--database", fx->server->db_path, "user", "revoke", "alice", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (revoke, NULL, &error);
  g_assert_no_error (error);

  fb_test_wait_until (live_closed, &live, "the server to close a revoked token's socket");
  g_assert_cmpuint (soup_websocket_connection_get_close_code (live.ws), ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);

  g_signal_handlers_disconnect_by_data (live.ws, &live);
  g_clear_object (&live.ws);
}

/* Push rate -------------------------------------------------------------------------- */

static const char * const slow_push_args[] = { "--push-rate", "1", "--push-burst", "3", NULL };

static void
test_attack_push_rate (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *request = g_strdup_printf ("POST /api/v1/ops HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\nConnection: close\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: 2\r\n\r\n{}", fx->token);
  gboolean limited = FALSE;

  /* One a second, after three: sent as fast as they are answered, some
   * are refused. */
  for (guint i = 0; i < 100 && !limited; i++)
    {
      g_autoptr(RawReply) reply = exchange (fx->server, request);

      if (reply->status == 429)
        {
          const char *retry = strstr (reply->head, "\r\nRetry-After: ");

          assert_json_error (reply, 429, 429, "too_many_pushes", request);
          g_assert_nonnull (retry);
          g_assert_cmpuint (g_ascii_strtoull (retry + strlen ("\r\nRetry-After: "), NULL, 10), >=, 1);
          limited = TRUE;
        }
      else
        assert_json_error (reply, 400, 400, "bad_request", request);
    }
  g_assert_true (limited);

  /* Reading is not limited. */
  assert_serving (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/attack/lengths", Fixture, NULL, fixture_set_up, test_attack_lengths, fixture_tear_down);
  g_test_add ("/attack/unbounded-body", Fixture, NULL, fixture_set_up, test_attack_unbounded_body,
              fixture_tear_down);
  g_test_add ("/attack/unreadable", Fixture, NULL, fixture_set_up, test_attack_unreadable, fixture_tear_down);
  g_test_add ("/attack/log-secrets", Fixture, NULL, fixture_set_up, test_attack_log_secrets, fixture_tear_down);
  g_test_add ("/attack/early-leavers", Fixture, NULL, fixture_set_up, test_attack_early_leavers,
              fixture_tear_down);
  g_test_add ("/attack/idle-leavers", Fixture, NULL, fixture_set_up, test_attack_idle_leavers,
              fixture_tear_down);
  g_test_add ("/attack/crowd", Fixture, NULL, fixture_set_up, test_attack_crowd, fixture_tear_down);
  g_test_add ("/attack/fragments", Fixture, NULL, fixture_set_up, test_attack_fragments, fixture_tear_down);
  g_test_add ("/attack/revoked-live", Fixture, slow_heartbeat_args, fixture_set_up, test_attack_revoked_live,
              fixture_tear_down);
  g_test_add ("/attack/push-rate", Fixture, slow_push_args, fixture_set_up, test_attack_push_rate,
              fixture_tear_down);

  return g_test_run ();
}
