/* test-server-unread.c — a client that never reads its answers
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client may send requests and read none of the answers. Its own
 * connection may stall, but not the server: every other client is still
 * answered. An upload refused from its headers is answered by the server
 * itself, outside libsoup, and that answer once waited for room in the
 * client's socket with the whole server stopped.
 *
 * The server object runs in this process, listening on 127.0.0.1 as the
 * program does; the clients' connections are socket pairs handed to its
 * SoupServer. Only so can the server's side of a connection be full
 * before the request comes: the answers the client has left unread are
 * written into it before the server is given it (over TCP the kernel
 * grows its buffers at will, and which answer fills them is chance).
 */

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fb-server-private.h"
#include "fb-test-util.h"
#include "sync/fb-test-pair.h"

/* As long as the other sync tests give a server that never answers. */
#define DEADLINE_S 60

typedef struct
{
  FbTestDir      *dir;
  FbServer       *server;
  char           *token;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  FbServerDb *db;

  fx->dir = fb_test_dir_new ();
  path = fb_test_dir_file (fx->dir, "server.db");
  db = fb_server_db_open (path, &error);
  g_assert_no_error (error);
  fx->token = fb_server_db_add_token (db, "alice", FALSE, &error);
  g_assert_no_error (error);
  fx->server = fb_server_new (db, NULL);
  fb_server_set_log_requests (fx->server, g_getenv ("DEBUG_UNREAD") != NULL);
  /* libsoup keeps a connection open for its next request only on a
   * server that listens. */
  g_assert_true (fb_server_listen (fx->server, "127.0.0.1:0", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->server);
  g_free (fx->token);
  fb_test_dir_free (fx->dir);
}

static gboolean
on_answer_cb (int          fd,
              GIOCondition condition,
              gpointer     user_data)
{
  gboolean *answered = user_data;

  *answered = TRUE;
  return G_SOURCE_REMOVE;
}

/* Not a timing: a server stopped in a write never gives the test back its
 * main loop, so only a signal can end it with a word on why. */
static void
on_alarm (int signum)
{
  static const char message[] = "the server stopped serving while a client left its answers unread\n";

  if (write (STDERR_FILENO, message, sizeof message - 1) < 0)
    _exit (2);
  _exit (1);
}

static void
test_unread_refusal (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *request = g_strdup_printf ("GET /api/v1/info HTTP/1.1\r\nHost: localhost\r\n"
                                              "Authorization: Bearer %s\r\n\r\n", fx->token);
  g_autofree char *refused = g_strdup_printf ("POST /api/v1/ops HTTP/1.1\r\nHost: localhost\r\n"
                                              "Authorization: Bearer %s\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: 99999999\r\n\r\n", fx->token);
  gboolean answered = FALSE;
  char buffer[13];
  int slow, other;

  /* Refused from its headers, on a connection with no room left. */
  slow = fb_test_connect_pair (fx->server->soup, TRUE);
  fb_test_send_all (slow, refused);

  other = fb_test_connect_pair (fx->server->soup, FALSE);
  fb_test_send_all (other, request);
  g_unix_fd_add (other, G_IO_IN, on_answer_cb, &answered);

  signal (SIGALRM, on_alarm);
  alarm (DEADLINE_S);
  while (!answered)
    g_main_context_iteration (NULL, TRUE);
  alarm (0);

  g_assert_cmpint (recv (other, buffer, sizeof buffer, 0), ==, sizeof buffer);
  g_assert_true (memcmp (buffer, "HTTP/1.1 200 ", sizeof buffer) == 0);

  /* The slow client gone, the server lets go of its connection. */
  close (other);
  close (slow);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server-unread/refusal", Fixture, NULL, fixture_set_up, test_unread_refusal,
              fixture_tear_down);

  return g_test_run ();
}
