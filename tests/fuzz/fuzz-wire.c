/* fuzz-wire.c — libFuzzer target: raw bytes on a connection to the server
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where fuzz-request.c hands the API a request already taken apart, this
 * target is a client on the other end of a socket: the bytes go through
 * libsoup's request line, headers and body framing, the server's early
 * and late handlers, the answer from the headers alone, and, once a
 * handshake has been answered 101, the frame guard and libsoup's
 * WebSocket reader, as they would from the network.
 *
 * The first byte of an input chooses what comes before the rest, so that
 * the fuzzer reaches deep parts without having to guess them:
 *
 *   0  nothing: the rest is the whole conversation
 *   1  a valid WebSocket handshake for /api/v1/live: the rest is frames
 *   2  a chunked push with its headers: the rest is the chunked body
 *   3  a push's request line, host and token: the rest is the other
 *      headers and the body
 *
 * (the byte is taken modulo 4). "TOKEN" anywhere in the rest stands for
 * a valid read-write token, "RDTOKEN" for a read-only one.
 *
 * Each input has a connection of its own: one end of a socket pair is
 * given to the server's SoupServer (soup_server_accept_iostream), the
 * input is written to the other end, and the main context runs until the
 * server has let go of its end. The client reads only when the server has
 * gone quiet, and the socket buffers are as small as the kernel allows,
 * so answers pile up unread as they would for a slow reader; once all is
 * sent and nothing more comes, the client shuts its end for writing. When nothing
 * is left to do but wait on a timer (a WebSocket close waiting for the
 * client's answer, which never comes), the client end is closed and the
 * live clients dropped, as their heartbeat would. A connection the server
 * still holds after that is a leak; one that keeps the main loop busy, or
 * blocks it, is a finding too (the latter as libFuzzer's timeout).
 *
 * The first answer must start with a status line, and not be a 500.
 *
 * The database is a real SQLite file in a temporary folder. Pushes that
 * succeed are kept, so later inputs meet a server with history; every
 * RESET_EVERY inputs the server and its database are made anew, so a
 * finding can be reproduced from its input and at most that many before
 * it (replay them in order with -runs).
 */

#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fb-server-private.h"
#include "fuzz-temp.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

/* libsoup before 3.5.2 keeps the request's path when it refuses a request
 * for how its body is sent (an unknown Transfer-Encoding, a Content-Length
 * that is not a number), before any handler of ours runs (fixed upstream
 * by "Fix memory leak in error path"). The leak is
 * told apart by where it was allocated, which takes the slow unwinder:
 * GLib is built without frame pointers. Any other leak is a finding. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:soup_headers_parse_request\n";
}

#define RESET_EVERY 5000
/* How long nothing may happen before the server counts as waiting on a
 * timer. Closing a stream can take a turn of GIO's worker threads, so
 * "nothing ready right now" is not enough. */
#define IDLE_MS     2
/* Moments, after the live clients are dropped, for their streams to be
 * closed on GIO's threads before the connection counts as held. */
#define PATIENCE    500
/* Asked of the kernel for both ends; it makes it its least. */
#define SOCKET_BUFFER 4096
/* Turns in all, past which a connection that will not end is a finding. */
#define MAX_TURNS   100000

static FbServer *server;
static char *token;
static char *read_only_token;
static guint runs;
/* The addresses libsoup is told the connection has: a socket pair has
 * none it could use in a URI. */
static GSocketAddress *local;
static GSocketAddress *remote;

static const char handshake[] =
  "GET /api/v1/live HTTP/1.1\r\n"
  "Host: localhost\r\n"
  "Authorization: Bearer TOKEN\r\n"
  "Connection: Upgrade\r\n"
  "Upgrade: websocket\r\n"
  "Sec-WebSocket-Version: 13\r\n"
  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
  "\r\n";

static const char chunked_push[] =
  "POST /api/v1/ops HTTP/1.1\r\n"
  "Host: localhost\r\n"
  "Authorization: Bearer TOKEN\r\n"
  "Content-Type: application/json\r\n"
  "Transfer-Encoding: chunked\r\n"
  "\r\n";

static const char push_line[] =
  "POST /api/v1/ops HTTP/1.1\r\n"
  "Host: localhost\r\n"
  "Authorization: Bearer TOKEN\r\n";

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  FbServerDb *db;

  fuzz_temp_remove ();
  db = fb_server_db_open (fuzz_temp_path, &error);
  if (db == NULL)
    g_error ("%s", error->message);

  g_free (token);
  token = fb_server_db_add_token (db, "fuzzer", FALSE, &error);
  if (token == NULL)
    g_error ("%s", error->message);

  g_free (read_only_token);
  read_only_token = fb_server_db_add_token (db, "watcher", TRUE, &error);
  if (read_only_token == NULL)
    g_error ("%s", error->message);

  server = fb_server_new (db, NULL);
  fb_server_set_log_requests (server, FALSE);
  /* Thousands of pushes a second: metered, most would only meet the 429. */
  fb_server_set_push_rate (server, 0, 1);
  /* Heartbeats are the clock's doing, not the input's: far enough apart
   * that none falls inside a run. */
  fb_server_set_heartbeat (server, 24 * 60 * 60);
  /* Nothing connects here, but libsoup keeps a connection open for the
   * next request only on a server that listens, as the real one does. */
  if (!fb_server_listen (server, "127.0.0.1:0", &error))
    g_error ("%s", error->message);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  fuzz_temp_init ("fuzz-wire");
  local = g_inet_socket_address_new_from_string ("127.0.0.1", 8765);
  remote = g_inet_socket_address_new_from_string ("127.0.0.1", 40000);
  start_server ();
  return 0;
}

/* The input as the client sends it: the chosen start, then the rest with
 * the token words replaced. */
static GByteArray *
build_wire (const uint8_t *data,
            size_t         size)
{
  static const char * const starts[] = { "", handshake, chunked_push, push_line };
  GByteArray *wire = g_byte_array_new ();
  g_auto(GStrv) parts = NULL;
  g_autofree char *start = NULL;
  size_t i;

  if (size == 0)
    return wire;

  parts = g_strsplit (starts[data[0] % G_N_ELEMENTS (starts)], "TOKEN", -1);
  start = g_strjoinv (token, parts);
  g_byte_array_append (wire, (const guint8 *) start, (guint) strlen (start));

  for (i = 1; i < size;)
    {
      if (size - i >= 7 && memcmp (data + i, "RDTOKEN", 7) == 0)
        {
          g_byte_array_append (wire, (const guint8 *) read_only_token, (guint) strlen (read_only_token));
          i += 7;
        }
      else if (size - i >= 5 && memcmp (data + i, "TOKEN", 5) == 0)
        {
          g_byte_array_append (wire, (const guint8 *) token, (guint) strlen (token));
          i += 5;
        }
      else
        {
          g_byte_array_append (wire, data + i, 1);
          i++;
        }
    }

  return wire;
}

/* An answer starts with a status line; a server that writes anything
 * else has lost track of the connection. */
static void
check_answer (const GByteArray *answer)
{
  if (answer->len == 0)
    return;

  if (answer->len < 12 ||
      (memcmp (answer->data, "HTTP/1.1 ", 9) != 0 && memcmp (answer->data, "HTTP/1.0 ", 9) != 0) ||
      !g_ascii_isdigit (answer->data[9]) || !g_ascii_isdigit (answer->data[10]) ||
      !g_ascii_isdigit (answer->data[11]))
    {
      fprintf (stderr, "fuzz-wire: the answer does not start with a status line: %.*s\n",
               (int) MIN (answer->len, 64), (const char *) answer->data);
      abort ();
    }

  /* The server failing on its side; 501 and 503 are answers (an unknown
   * Transfer-Encoding, a busy database). */
  if (memcmp (answer->data + 9, "500", 3) == 0)
    {
      fprintf (stderr, "fuzz-wire: the server failed: %.*s\n",
               (int) MIN (answer->len, 200), (const char *) answer->data);
      abort ();
    }
}

/* Reads what the server has written so far, counting it in @len; FALSE
 * once it has closed. */
static gboolean
read_answer (int         fd,
             GByteArray *answer,
             gsize      *len)
{
  for (;;)
    {
      guint8 buffer[4096];
      ssize_t n = read (fd, buffer, sizeof buffer);

      if (n > 0)
        {
          *len += (gsize) n;
          /* The first answer is enough to check; the rest is drained. */
          if (answer->len < 256)
            g_byte_array_append (answer, buffer, (guint) MIN ((size_t) n, 256 - answer->len));
          continue;
        }
      if (n == 0)
        return FALSE;
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return TRUE;
      /* ECONNRESET: the server closed with our bytes unread. */
      return FALSE;
    }
}

static gboolean
on_moment_cb (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for the next thing the main context does; TRUE when nothing did
 * within IDLE_MS. */
static gboolean
wait_a_moment (void)
{
  gboolean passed = FALSE;
  guint id = g_timeout_add (IDLE_MS, on_moment_cb, &passed);

  g_main_context_iteration (NULL, TRUE);
  if (!passed)
    g_source_remove (id);

  return passed;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) wire = build_wire (data, size);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GSocket) socket = NULL;
  GIOStream *stream;
  GIOStream *watch = NULL;
  gsize written = 0;
  gsize answer_len = 0;
  gboolean open = TRUE;
  gboolean client_closed = FALSE;
  gboolean dropped_live = FALSE;
  guint patience = 0;
  int fds[2];

  if (runs++ > 0 && runs % RESET_EVERY == 0)
    {
      g_clear_object (&server);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      start_server ();
    }

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
    g_error ("socketpair: %s", g_strerror (errno));

  /* The least the kernel allows: a few answers the client leaves unread
   * fill the server's side. */
  setsockopt (fds[0], SOL_SOCKET, SO_SNDBUF, &(int) { SOCKET_BUFFER }, sizeof (int));
  setsockopt (fds[1], SOL_SOCKET, SO_SNDBUF, &(int) { SOCKET_BUFFER }, sizeof (int));

  socket = g_socket_new_from_fd (fds[0], &error);
  if (socket == NULL)
    g_error ("%s", error->message);
  stream = G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
  if (!soup_server_accept_iostream (server->soup, stream, local, remote, &error))
    g_error ("%s", error->message);
  g_set_weak_pointer (&watch, stream);
  g_object_unref (stream);
  g_clear_object (&socket);

  for (guint turn = 0; watch != NULL; turn++)
    {
      if (turn > MAX_TURNS)
        {
          fprintf (stderr, "fuzz-wire: the server keeps busy with one connection\n");
          abort ();
        }

      /* The client writes as fast as the socket takes it; a server that
       * has closed must not cost a SIGPIPE. */
      while (!client_closed && written < wire->len)
        {
          ssize_t n = send (fds[1], wire->data + written, wire->len - written, MSG_NOSIGNAL);

          if (n > 0)
            written += (gsize) n;
          else if (n < 0 && errno == EINTR)
            continue;
          else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
          else
            {
              /* The server has closed: the rest will never be read. */
              written = wire->len;
              break;
            }
        }

      if (g_main_context_iteration (NULL, FALSE) || !wait_a_moment ())
        continue;

      /* The server has gone quiet: only now does the client read, so
       * that what the server writes fills the socket first, as with a
       * client that reads slowly or not at all. */
      if (!client_closed)
        {
          gsize seen = answer_len;

          if (!read_answer (fds[1], answer, &answer_len))
            {
              close (fds[1]);
              client_closed = TRUE;
              continue;
            }
          if (answer_len > seen)
            continue;
          /* All sent, all answered: the client says it is done. */
          if (open && written == wire->len)
            {
              shutdown (fds[1], SHUT_WR);
              open = FALSE;
              continue;
            }
        }

      /* Nothing came within a moment: the server waits on a timer. The
       * client gives up, then the server drops its live clients, as their
       * heartbeat would once it failed. */
      if (!client_closed)
        {
          close (fds[1]);
          client_closed = TRUE;
        }
      else if (!dropped_live)
        {
          _fb_server_live_stop (server);
          _fb_server_live_start (server);
          dropped_live = TRUE;
        }
      else if (++patience > PATIENCE)
        {
          fprintf (stderr, "fuzz-wire: the server holds a connection the client has left\n");
          abort ();
        }
    }

  if (!client_closed)
    {
      read_answer (fds[1], answer, &answer_len);
      close (fds[1]);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;

  check_answer (answer);
  return 0;
}
