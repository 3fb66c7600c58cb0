/* fb-sync-transport.c — the sync client's requests to its server
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request carries the bearer token and goes through one session;
 * a pinned certificate is checked before the token leaves. An answer that
 * says no, or none at all, ends the pass here; the rest reach the step
 * that asked.
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-sync-client-private.h"

typedef struct
{
  FbSyncClient    *self;
  SoupMessage     *msg;
  FbSyncReplyFunc  func;
  gboolean         raw;       /* hand over the bytes undecoded */
  gboolean         pin_failed;
} Request;

/* JSON from the network ------------------------------------------------- */

/* json-glib's getters complain (fatally, in tests) about members of the
 * wrong type; a server's answer is checked, never trusted. */
static JsonNode *
get_member (JsonNode   *node,
            const char *name)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_object_get_member (json_node_get_object (node), name);
}

JsonNode *
_fb_sync_json_object (JsonNode   *node,
                      const char *name)
{
  JsonNode *m = get_member (node, name);

  return m != NULL && JSON_NODE_HOLDS_OBJECT (m) ? m : NULL;
}

JsonArray *
_fb_sync_json_array (JsonNode   *node,
                     const char *name)
{
  JsonNode *m = get_member (node, name);

  return m != NULL && JSON_NODE_HOLDS_ARRAY (m) ? json_node_get_array (m) : NULL;
}

const char *
_fb_sync_json_string (JsonNode   *node,
                      const char *name)
{
  JsonNode *m = get_member (node, name);

  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (m);
}

/* The valid strings of a list member, or NULL when there is no such list:
 * anything else in it from a server is skipped, never trusted. */
GStrv
_fb_sync_json_strings (JsonNode   *node,
                       const char *name,
                       gboolean  (*valid) (const char *))
{
  JsonArray *array = _fb_sync_json_array (node, name);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (array == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING &&
          valid (json_node_get_string (item)))
        g_strv_builder_add (builder, json_node_get_string (item));
    }

  return g_strv_builder_end (builder);
}

gint64
_fb_sync_json_int (JsonNode   *node,
                   const char *name,
                   gint64      fallback)
{
  JsonNode *m = get_member (node, name);

  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (m);
}

gboolean
_fb_sync_json_boolean (JsonNode   *node,
                       const char *name,
                       gboolean    fallback)
{
  JsonNode *m = get_member (node, name);

  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_BOOLEAN)
    return fallback;

  return json_node_get_boolean (m);
}

const char *
_fb_sync_error_code_of (JsonNode *root)
{
  const char *code = _fb_sync_json_string (_fb_sync_json_object (root, "error"), "code");

  return code != NULL ? code : "";
}

const char *
_fb_sync_error_message_of (JsonNode *root)
{
  const char *message = _fb_sync_json_string (_fb_sync_json_object (root, "error"), "message");

  return message != NULL ? message : _("no explanation given");
}

/* Certificate pinning ---------------------------------------------------- */

char *
fb_sync_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

/* Hex with or without colons, in either case, as people copy it. */
char *
_fb_sync_normalize_pin (const char *pinned_sha256)
{
  GString *pin;

  if (pinned_sha256 == NULL || pinned_sha256[0] == '\0')
    return NULL;

  pin = g_string_new (NULL);
  for (const char *p = pinned_sha256; *p != '\0'; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (pin, g_ascii_tolower (*p));

  return g_string_free (pin, FALSE);
}

static gboolean
matches_pin (FbSyncClient    *self,
             GTlsCertificate *certificate)
{
  g_autofree char *fingerprint = NULL;

  if (self->pin == NULL || certificate == NULL)
    return FALSE;

  fingerprint = fb_sync_certificate_fingerprint (certificate);
  return g_strcmp0 (fingerprint, self->pin) == 0;
}

/* Requests --------------------------------------------------------------- */

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->msg);
  g_free (request);
}

static gboolean
is_tls_error (const GError *error)
{
  return error->domain == G_TLS_ERROR;
}

/* Called only for a certificate the system does not trust: the pin is
 * what makes a self-signed war-room certificate acceptable. */
static gboolean
on_accept_certificate_cb (SoupMessage          *msg,
                          GTlsCertificate      *certificate,
                          GTlsCertificateFlags  errors,
                          FbSyncClient         *self)
{
  return matches_pin (self, certificate);
}

/* A pin also holds against certificates the system would trust, so a
 * misissued one cannot stand in for the war-room server. The check runs
 * when the handshake is done, before the request (and its token) is sent:
 * FALSE, with the connection closed, when the certificate is not the
 * pinned one. */
gboolean
_fb_sync_check_pinned (FbSyncClient       *self,
                       GSocketClientEvent  event,
                       GIOStream          *connection)
{
  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKED || self->pin == NULL || !G_IS_TLS_CONNECTION (connection) ||
      matches_pin (self, g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (connection))))
    return TRUE;

  g_io_stream_close (connection, NULL, NULL);
  return FALSE;
}

typedef struct
{
  FbSyncClient *self;
  gboolean     *failed;
} PinWatch;

static void
on_network_event_cb (SoupMessage        *msg,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     gpointer            user_data)
{
  PinWatch *watch = user_data;

  if (!_fb_sync_check_pinned (watch->self, event, connection))
    *watch->failed = TRUE;
}

/* Sets *@failed, which lives as long as @msg, when the certificate @msg
 * reached is not the pinned one. */
void
_fb_sync_watch_pin (FbSyncClient *self,
                    SoupMessage  *msg,
                    gboolean     *failed)
{
  PinWatch *watch = g_new0 (PinWatch, 1);

  watch->self = self;
  watch->failed = failed;
  g_signal_connect_data (msg, "network-event", G_CALLBACK (on_network_event_cb), watch,
                         (GClosureNotify) g_free, 0);
}

/* A Retry-After of whole seconds (the server never sends a date), in ms;
 * 0 when there is none or it cannot be read. */
static guint
read_retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  guint64 seconds;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seconds, NULL))
    return 0;

  return (guint) MIN (seconds * 1000, (guint64) FB_SYNC_RETRY_AFTER_MAX_MS);
}

/* An answer that says no (401, 403), or not now (429, 5xx), ends the
 * pass here, whether it came over HTTP or on the live socket; @root is
 * its body, @retry_after the wait it asked for, in ms. */
gboolean
_fb_sync_answer_refused (FbSyncClient *self,
                         guint         status,
                         JsonNode     *root,
                         guint         retry_after)
{
  const char *message = _fb_sync_json_string (_fb_sync_json_object (root, "error"), "message");

  if (status == 401 || status == 403)
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_REFUSED, "%s",
                          message != NULL ? message
                          : status == 401 ? _("The server refused the token; check it in Preferences.")
                                          : _("The token may not send changes; ask for one that may."));
      return TRUE;
    }

  if (status == 429 || status >= 500)
    {
      /* Heeded by the retry this failure schedules. */
      self->retry_after = retry_after;

      /* The server's own words say what the person running it must do. */
      if (status == 503 && message != NULL && retry_after > 0)
        _fb_sync_fail_with (self, FB_SYNC_ERROR_UNAVAILABLE,
                            _("The server is temporarily unavailable: %s Trying again in %u s."),
                            message, (retry_after + 999) / 1000);
      else if (message != NULL)
        _fb_sync_fail_with (self, FB_SYNC_ERROR_UNAVAILABLE,
                            _("The server is busy or failing (HTTP %u): %s Trying again later."),
                            status, message);
      else
        _fb_sync_fail_with (self, FB_SYNC_ERROR_UNAVAILABLE,
                            _("The server is busy or failing (HTTP %u); trying again later."), status);
      return TRUE;
    }

  return FALSE;
}

static void
on_reply_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Request *request = user_data;
  FbSyncClient *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !request->pin_failed)
    {
      request_free (request);
      return;
    }

  if (request->pin_failed || (error != NULL && is_tls_error (error)))
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_REFUSED,
                          _("The server’s certificate is not the one trusted for it (%s). Check the "
                            "pinned certificate in Preferences, or ask the server’s administrator."),
                          error != NULL ? error->message : _("its fingerprint differs from the pinned one"));
      request_free (request);
      return;
    }

  if (body == NULL)
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_OFFLINE, _("Cannot reach the server: %s"), error->message);
      request_free (request);
      return;
    }

  status = soup_message_get_status (request->msg);

  if (!request->raw || status != 200)
    {
      gsize len;
      const char *data = g_bytes_get_data (body, &len);

      root = fb_json_parse_untrusted (data != NULL ? data : "", (gssize) len,
                                      FB_SYNC_MAX_RESPONSE, FB_JSON_MAX_DEPTH, NULL);
    }

  if (_fb_sync_answer_refused (self, status, root, read_retry_after (request->msg)))
    {
      request_free (request);
      return;
    }

  request->func (self, status, body, root);
  request_free (request);
}

SoupSession *
_fb_sync_session_new (void)
{
  return soup_session_new_with_options ("timeout", 30,
                                        "idle-timeout", 60,
                                        "user-agent", "firebreak/" PACKAGE_VERSION,
                                        NULL);
}

SoupMessage *
_fb_sync_new_message (FbSyncClient *self,
                      const char   *method,
                      const char   *path)
{
  g_autofree char *uri = g_strconcat (self->base, path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  if (msg == NULL)
    return NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (on_accept_certificate_cb), self, 0);

  return msg;
}

/* Takes @json. A @raw reply reaches @func as bytes alone, for a caller
 * that decodes it away from the main thread. */
void
_fb_sync_send (FbSyncClient    *self,
               const char      *method,
               const char      *path,
               char            *json,
               gsize            len,
               gboolean         raw,
               FbSyncReplyFunc  func)
{
  Request *request;
  SoupMessage *msg = _fb_sync_new_message (self, method, path);

  if (msg == NULL)
    {
      g_free (json);
      _fb_sync_fail_with (self, FB_SYNC_ERROR_REFUSED, _("“%s” is not a server address; use one such as "
                                                         "https://warroom.example:8765"), self->base);
      return;
    }

  if (json != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (json, len);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->msg = msg;
  request->func = func;
  request->raw = raw;
  _fb_sync_watch_pin (self, msg, &request->pin_failed);

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    self->cancellable, on_reply_cb, request);
}
