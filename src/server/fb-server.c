/* fb-server.c — the war-room sync server: HTTP API and live notices
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object, its SoupServer and the glue between libsoup's messages and
 * the plain requests that fb-server-api.c answers.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "fb-server-private.h"

G_DEFINE_FINAL_TYPE (FbServer, fb_server, G_TYPE_OBJECT)

/* HTTP glue -------------------------------------------------------------- */

/* libsoup reads "-1" and 2^64 - 1 as a length of -1, which it takes for
 * "until the client stops", and keeps the last of two Content-Length
 * headers; the raw values decide here. Digits only; one length, however
 * many times it is given. Too many digits is simply too large. */
static gboolean
parse_content_length (SoupMessageHeaders *headers,
                      gint64             *length)
{
  const char *list = soup_message_headers_get_list (headers, "Content-Length");
  g_auto(GStrv) values = NULL;

  *length = -1;
  if (list == NULL)
    return TRUE;

  values = g_strsplit (list, ",", -1);
  for (guint i = 0; values[i] != NULL; i++)
    {
      const char *value = g_strstrip (values[i]);
      guint64 parsed;

      if (*value == '\0' || value[strspn (value, "0123456789")] != '\0')
        return FALSE;
      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &parsed, NULL))
        parsed = G_MAXINT64;
      if (*length >= 0 && (gint64) parsed != *length)
        return FALSE;
      *length = (gint64) parsed;
    }

  return TRUE;
}

static void
request_from_message (SoupServerMessage *msg,
                      FbServerRequest   *request,
                      char             **content_type)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  *content_type = NULL;
  memset (request, 0, sizeof *request);
  request->method = soup_server_message_get_method (msg);
  request->path = uri != NULL ? g_uri_get_path (uri) : "";
  request->query = uri != NULL ? g_uri_get_query (uri) : NULL;
  request->authorization = soup_message_headers_get_one (headers, "Authorization");
  request->upgrade = soup_message_headers_get_one (headers, "Upgrade");
  {
    const char *type = soup_message_headers_get_content_type (headers, NULL);
    *content_type = type != NULL ? g_ascii_strdown (type, -1) : NULL;
    request->content_type = *content_type;
  }
  request->chunked = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED;
  request->bad_length = !parse_content_length (headers, &request->content_length);
  if (request->chunked)
    request->content_length = -1;
  if (body != NULL && body->data != NULL)
    {
      request->body = body->data;
      request->body_len = (gsize) body->length;
    }
  else
    request->body = "";
}

/* libsoup before 3.3 never notices that a client has closed a connection
 * it kept open between requests, and holds on to its socket for good
 * ("server: do not leak idle connections closed by the client"): with
 * those, every answer closes its connection, or the server would run out
 * of sockets. */
static gboolean
keeps_connections (void)
{
  return soup_check_version (3, 3, 0);
}

static void
send_response (SoupServerMessage *msg,
               FbServerResponse  *response)
{
  gsize len = strlen (response->body);

  if (!keeps_connections ())
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");

  if (response->user != NULL)
    g_object_set_data_full (G_OBJECT (msg), "fb-user", g_strdup (response->user), g_free);

  if (response->retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", response->retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
    }

  /* Replaces the answer set for requests libsoup refuses by itself. */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_status (msg, response->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&response->body), len);
}

static gboolean
is_http_method (const char *method)
{
  static const char * const known[] = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", NULL
  };

  return g_strv_contains (known, method);
}

/* One line per request: enough to answer "who sent what, and what did
 * they get back" without logging any token or content. The query string
 * is never written (a client may put a token there), nor a path outside
 * the API, which is whatever a stranger chose to send. */
static void
log_line (const char *remote,
          const char *method,
          const char *path,
          guint       status,
          gint64      bytes,
          double      ms,
          const char *user,
          const char *note)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  fprintf (stderr, "%s.%03dZ %s %s %s %u %" G_GINT64_FORMAT "B %.1fms user=%s%s\n",
           stamp, g_date_time_get_microsecond (now) / 1000,
           remote != NULL ? remote : "-", method, path,
           status, bytes, ms, user != NULL ? user : "-", note != NULL ? note : "");
}

static void
log_request (const char *remote,
             const char *method,
             const char *path,
             guint       status,
             gint64      bytes,
             double      ms,
             const char *user,
             const char *note)
{
  if (path == NULL || !_fb_server_is_api_path (path))
    path = "(not an API path)";
  if (method == NULL || !is_http_method (method))
    method = "(unknown method)";

  log_line (remote, method, path, status, bytes, ms, user, note);
}

/* A live socket taken over (its 101 answer, which libsoup does not
 * finish as a request), and each push on it, with "WS" for its method:
 * who sent changes, and what they got back, whichever way they came. */
void
_fb_server_log_live (FbServer   *self,
                     const char *remote,
                     const char *method,
                     guint       status,
                     gint64      bytes,
                     double      ms,
                     const char *user,
                     const char *note)
{
  if (self->log_requests)
    log_line (remote, method, FB_SERVER_API_PATH "live", status, bytes, ms, user, note);
}

/* The client's address, read once when its request starts. Asked of
 * libsoup later, for a client that has already gone, it would warn. */
static const char *
get_remote_host (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "fb-remote");
}

static const char *
get_message_path (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return uri != NULL ? g_uri_get_path (uri) : NULL;
}

/* Refusing an upload from its headers must not cost reading its body:
 * libsoup would read (and keep) it before answering, so the connection is
 * taken over, answered by hand and closed. What the client already sent
 * is read and thrown away for a moment first, because closing a socket
 * with unread data makes the kernel reset it, and the client would see
 * "connection reset" instead of our answer. The answer is written without
 * waiting: a client that has left earlier answers unread may have no room
 * for it, and must stall its own connection, not the server. Two seconds
 * bound the whole of it. */
typedef struct
{
  GIOStream    *stream;
  GSocket      *socket;        /* under a TLS stream too; may be NULL */
  GCancellable *cancellable;
  guint         timeout_id;
  char         *answer;
  gsize         answer_len;
  gsize         drained;
  char          buffer[16 * 1024];
} Refusal;

#define REFUSAL_DRAIN_MAX (8 * 1024 * 1024)

static void
refusal_free (Refusal *refusal)
{
  g_clear_handle_id (&refusal->timeout_id, g_source_remove);
  g_io_stream_close (refusal->stream, NULL, NULL);
  g_clear_object (&refusal->stream);
  g_clear_object (&refusal->socket);
  g_clear_object (&refusal->cancellable);
  g_free (refusal->answer);
  g_free (refusal);
}

static gboolean
on_refusal_timeout_cb (gpointer user_data)
{
  Refusal *refusal = user_data;

  refusal->timeout_id = 0;
  g_cancellable_cancel (refusal->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_refusal_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refusal *refusal = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (refusal->drained += (gsize) n) > REFUSAL_DRAIN_MAX)
    {
      refusal_free (refusal);
      return;
    }

  g_input_stream_read_async (G_INPUT_STREAM (source), refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_LOW, refusal->cancellable, on_refusal_read_cb, refusal);
}

static void
on_refusal_written_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Refusal *refusal = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_free (refusal);
      return;
    }

  if (refusal->socket != NULL)
    g_socket_shutdown (refusal->socket, FALSE, TRUE, NULL);

  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream),
                             refusal->buffer, sizeof refusal->buffer, G_PRIORITY_LOW,
                             refusal->cancellable, on_refusal_read_cb, refusal);
}

static void
refuse_upload (FbServer          *self,
               SoupServerMessage *msg,
               FbServerResponse  *response)
{
  GString *head = g_string_new (NULL);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *remote = g_strdup (get_remote_host (msg));
  g_autofree char *method = g_strdup (soup_server_message_get_method (msg));
  g_autofree char *path = g_strdup (get_message_path (msg));
  gint64 *start = g_object_get_data (G_OBJECT (msg), "fb-start");
  double ms = start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0.0;
  gsize len = strlen (response->body);
  Refusal *refusal;

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n"
                                "Content-Type: application/json\r\n"
                                "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                "Connection: close\r\n",
                          response->status, soup_status_get_phrase (response->status), len);
  if (response->retry_after > 0)
    g_string_append_printf (head, "Retry-After: %u\r\n", response->retry_after);
  g_string_append (head, "\r\n");
  g_string_append_len (head, response->body, (gssize) len);

  /* Logged before the answer leaves, so that a client that has read it
   * finds the line written. */
  if (self->log_requests)
    log_request (remote, method, path, response->status, (gint64) len, ms, response->user,
                 " (answered from the headers; body not read)");

  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    g_object_ref (socket);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      g_string_free (head, TRUE);
      return;
    }

  refusal = g_new0 (Refusal, 1);
  refusal->stream = g_steal_pointer (&stream);
  refusal->socket = g_steal_pointer (&socket);
  refusal->cancellable = g_cancellable_new ();
  refusal->answer_len = head->len;
  refusal->answer = g_string_free (head, FALSE);
  refusal->timeout_id = g_timeout_add_seconds (2, on_refusal_timeout_cb, refusal);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (refusal->stream),
                                   refusal->answer, refusal->answer_len, G_PRIORITY_DEFAULT,
                                   refusal->cancellable, on_refusal_written_cb, refusal);
}

static void
on_early_cb (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FbServer *self = user_data;
  FbServerRequest request;
  FbServerResponse response = { 0 };
  g_autofree char *content_type = NULL;

  request_from_message (msg, &request, &content_type);
  request.body = NULL;
  request.body_len = 0;

  /* Setting a status here makes libsoup answer without reading the body. */
  if (!fb_server_check_headers (self, &request, &response))
    {
      /* A body is coming, or may be: its length is not one we can trust. */
      if (request.chunked || request.content_length > 0 || request.bad_length)
        refuse_upload (self, msg, &response);
      else
        send_response (msg, &response);
    }
  else if (response.user != NULL)
    g_object_set_data_full (G_OBJECT (msg), "fb-user", g_strdup (response.user), g_free);

  fb_server_response_clear (&response);
}

static void
on_request_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FbServer *self = user_data;
  FbServerRequest request;
  FbServerResponse response = { 0 };
  g_autofree char *content_type = NULL;

  request_from_message (msg, &request, &content_type);

  /* The early handler has checked the token and the count; a valid
   * handshake is answered 101 and the connection handed to the live
   * clients. Anything else gets the API's answer. */
  if (g_strcmp0 (request.path, FB_SERVER_API_PATH "live") == 0 &&
      soup_server_message_get_status (msg) == 0 &&
      _fb_server_live_upgrade (self, msg))
    return;

  fb_server_handle (self, &request, &response);

  /* What went wrong on our side is for whoever runs the server to read,
   * and is logged before the answer leaves: a client that gave up on the
   * connection must not take the line with it. */
  if (response.failure != NULL && self->log_requests)
    {
      g_autofree char *note = g_strdup_printf (" error=%s", response.failure);
      gint64 *start = g_object_get_data (G_OBJECT (msg), "fb-start");

      log_request (get_remote_host (msg), request.method, request.path, response.status,
                   (gint64) strlen (response.body),
                   start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0.0,
                   response.user, note);
      g_object_set_data (G_OBJECT (msg), "fb-logged", GINT_TO_POINTER (TRUE));
    }

  if (response.stream && response.status == 200)
    {
      if (!keeps_connections ())
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      g_object_set_data_full (G_OBJECT (msg), "fb-user", g_strdup (response.user), g_free);
      _fb_server_stream_pull (self, msg, &response);
    }
  else
    send_response (msg, &response);

  if (response.new_head > 0)
    _fb_server_schedule_notices (self);

  fb_server_response_clear (&response);
}

/* Every request starts with an answer in our format, for those libsoup
 * refuses itself before any handler sees them (a request line or
 * headers it cannot read, an unknown Transfer-Encoding); a handler
 * replaces it. */
static void
on_request_started_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       FbServer          *self)
{
  FbServerResponse response = { 0 };
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autoptr(GSocketAddress) address = NULL;
  gint64 *start = g_new (gint64, 1);
  gsize len;

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "fb-start", start, g_free);

  address = socket != NULL ? g_socket_get_remote_address (socket, NULL) : NULL;
  if (G_IS_INET_SOCKET_ADDRESS (address))
    g_object_set_data_full (G_OBJECT (msg), "fb-remote",
                            g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address))),
                            g_free);

  _fb_server_fail (&response, 400, "bad_request",
                   _("The request cannot be read as HTTP/1.1 (its request line, a header, or how its "
                     "body is sent); see the API documentation."));
  len = strlen (response.body);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&response.body), len);
  fb_server_response_clear (&response);
}

static void
on_request_finished_cb (SoupServer        *soup,
                        SoupServerMessage *msg,
                        FbServer          *self)
{
  gint64 *start = g_object_get_data (G_OBJECT (msg), "fb-start");
  const char *user = g_object_get_data (G_OBJECT (msg), "fb-user");
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (!self->log_requests || g_object_get_data (G_OBJECT (msg), "fb-logged") != NULL)
    return;

  log_request (get_remote_host (msg), soup_server_message_get_method (msg),
               get_message_path (msg), soup_server_message_get_status (msg),
               body != NULL ? body->length : 0,
               start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0.0,
               user, NULL);
}

/* GObject ---------------------------------------------------------------- */

static void
fb_server_dispose (GObject *object)
{
  FbServer *self = (FbServer *) object;

  _fb_server_live_stop (self);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (fb_server_parent_class)->dispose (object);
}

static void
fb_server_finalize (GObject *object)
{
  FbServer *self = (FbServer *) object;

  g_clear_pointer (&self->live_per_user, g_hash_table_unref);
  g_clear_pointer (&self->push_buckets, g_hash_table_unref);
  g_clear_pointer (&self->db, fb_server_db_free);

  G_OBJECT_CLASS (fb_server_parent_class)->finalize (object);
}

static void
fb_server_class_init (FbServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_server_dispose;
  object_class->finalize = fb_server_finalize;
}

static void
fb_server_init (FbServer *self)
{
  self->live_per_user = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->max_per_token = FB_SERVER_DEFAULT_MAX_CONNECTIONS;
  self->heartbeat_s = FB_SERVER_DEFAULT_HEARTBEAT_S;
  self->push_buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->push_rate = FB_SERVER_DEFAULT_PUSH_RATE;
  self->push_burst = FB_SERVER_DEFAULT_PUSH_BURST;
  self->log_requests = TRUE;
  self->live_push = TRUE;
  self->clock = fb_clock_real_ms;
}

/* Public API ------------------------------------------------------------- */

/**
 * fb_server_new:
 * @db: (transfer full): the server's database
 * @certificate: (nullable): a certificate with its private key, to serve TLS
 */
FbServer *
fb_server_new (FbServerDb      *db,
               GTlsCertificate *certificate)
{
  FbServer *self;

  g_return_val_if_fail (db != NULL, NULL);

  self = g_object_new (FB_TYPE_SERVER, NULL);
  self->db = db;
  self->tls = certificate != NULL;
  self->soup = soup_server_new ("server-header", "firebreak-server/" PACKAGE_VERSION,
                                "tls-certificate", certificate,
                                NULL);

  soup_server_add_early_handler (self->soup, NULL, on_early_cb, self, NULL);
  soup_server_add_early_handler (self->soup, FB_SERVER_API_PATH "live", on_early_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  soup_server_add_handler (self->soup, FB_SERVER_API_PATH "live", on_request_cb, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (on_request_started_cb), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (on_request_finished_cb), self, 0);
  _fb_server_live_start (self);

  return self;
}

FbServerDb *
fb_server_get_db (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), NULL);

  return self->db;
}

/* GSocket's own backlog is 10: fifty workstations reconnecting at once
 * after a restart would find the queue full and wait for their SYNs to
 * be sent again. The kernel caps it at net.core.somaxconn. */
static gboolean
listen_on (FbServer       *self,
           GSocketAddress *address,
           GError        **error)
{
  GSocketFamily family = g_socket_address_get_family (address);
  g_autoptr(GSocket) socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);

  if (socket == NULL)
    return FALSE;

  if (family == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);
  g_socket_set_listen_backlog (socket, FB_SERVER_LISTEN_BACKLOG);

  return g_socket_bind (socket, address, TRUE, error) &&
         g_socket_listen (socket, error) &&
         soup_server_listen_socket (self->soup, socket, self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

gboolean
fb_server_listen (FbServer   *self,
                  const char *address,
                  GError    **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;

  g_return_val_if_fail (FB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  connectable = g_network_address_parse (address, 8765, error);
  if (connectable == NULL)
    {
      g_prefix_error (error, _("“%s” is not an address to listen on (use ADDRESS:PORT): "), address);
      return FALSE;
    }

  host = g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable)));
  port = g_network_address_get_port (G_NETWORK_ADDRESS (connectable));
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("“%s” is not an IP address; give one such as 127.0.0.1, 0.0.0.0 or [::]."),
                   host);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (inet, port);
  if (!listen_on (self, socket_address, error))
    {
      g_prefix_error (error, _("Cannot listen on %s: "), address);
      return FALSE;
    }

  return TRUE;
}

char *
fb_server_get_uri (FbServer *self)
{
  GSList *uris;
  char *str = NULL;

  g_return_val_if_fail (FB_IS_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    str = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return str;
}

/**
 * fb_server_set_push_rate:
 * @per_second: pushes a second each user may keep up; 0 for no limit
 * @burst: pushes a user may send at once after a quiet spell (at least 1)
 */
void
fb_server_set_push_rate (FbServer *self,
                         guint     per_second,
                         guint     burst)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_return_if_fail (burst > 0);

  self->push_rate = per_second;
  self->push_burst = burst;
  g_hash_table_remove_all (self->push_buckets);
}

void
fb_server_set_log_requests (FbServer *self,
                            gboolean  log_requests)
{
  g_return_if_fail (FB_IS_SERVER (self));

  self->log_requests = log_requests;
}

/* Off, the server takes pushes over HTTP only and does not offer the
 * live socket for them: a fallback should the socket's path misbehave. */
void
fb_server_set_live_push (FbServer *self,
                         gboolean  live_push)
{
  g_return_if_fail (FB_IS_SERVER (self));

  self->live_push = live_push;
}

void
fb_server_set_clock (FbServer    *self,
                     FbClockFunc  clock,
                     gpointer     clock_data)
{
  g_return_if_fail (FB_IS_SERVER (self));

  self->clock = clock != NULL ? clock : fb_clock_real_ms;
  self->clock_data = clock_data;
}
