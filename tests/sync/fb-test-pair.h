/* fb-test-pair.h — a client's connection to a server object in this process
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A socket pair handed to the server's SoupServer, as a connection it
 * accepted: only so can the server's side be full before the request
 * comes (over TCP the kernel grows its buffers at will).
 */

#pragma once

#include <errno.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/socket.h>

G_BEGIN_DECLS

/* Returns the client's end. With @full, the server's side holds as much
 * the client has not read as the kernel lets it, as after answers the
 * client left unread. */
static inline int
fb_test_connect_pair (SoupServer *soup,
                      gboolean    full)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 1);
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), ==, 0);
  if (full)
    {
      char unread[1024];

      memset (unread, 'x', sizeof unread);
      while (send (fds[0], unread, sizeof unread, MSG_NOSIGNAL) > 0)
        ;
      g_assert_cmpint (errno, ==, EAGAIN);
    }

  socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  connection = g_socket_connection_factory_create_connection (socket);
  g_assert_true (soup_server_accept_iostream (soup, G_IO_STREAM (connection), address, address, &error));
  g_assert_no_error (error);

  return fds[1];
}

static inline void
fb_test_send_all (int         fd,
                  const char *text)
{
  gsize len = strlen (text);
  gsize sent = 0;

  while (sent < len)
    {
      ssize_t n = send (fd, text + sent, len - sent, MSG_NOSIGNAL);

      g_assert_cmpint (n, >, 0);
      sent += (gsize) n;
    }
}

G_END_DECLS
