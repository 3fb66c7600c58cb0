/* fb-sync-client.c — keeps a store in step with a firebreak-server
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sync pass pushes the outbox, then pulls from the cursor until the
 * server's head; a live WebSocket only says when to run another pass.
 * Everything is asynchronous on the thread-default main context, and the
 * one piece of work that grows with the data, decoding a page of pulled
 * ops, runs in a worker thread, so the UI never waits for the network.
 *
 * The clients are the server's backup. If the server's identity changes,
 * or its history no longer holds the op under our cursor (a restore from
 * an older copy), every op we hold is offered again, device by device, and
 * we pull from zero. Both are idempotent, so doing it once too often costs
 * only time.
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fb-sync-client.h"

#define META_CURSOR    "sync.cursor"
#define META_CURSOR_ID "sync.cursor_id"
#define META_SERVER_ID "sync.server_id"
#define MAX_RESPONSE   (64 * 1024 * 1024)

struct _FbSyncClient
{
  GObject                  parent_instance;

  FbStore                 *store;
  char                    *base;         /* URL without trailing slash */
  char                    *token;
  char                    *pin;          /* lower-case hex, or NULL */

  SoupSession             *session;
  GCancellable            *cancellable;  /* of the current connection */
  SoupWebsocketConnection *ws;

  FbSyncState              state;
  guint                    n_waiting;
  char                    *message;

  gboolean                 running;
  gboolean                 connected;
  gboolean                 busy;
  gboolean                 again;
  gboolean                 resync;
  gboolean                 acking;
  guint                    resyncs_in_pass;
  guint                    failures;
  guint                    retry_id;
  guint                    heartbeat_id;
  gint64                   ws_last_seen;
  char                    *server_id;

  GPtrArray               *repush;       /* Batch: ops to offer, as JSON text */
  guint                    repush_next;
  char                   **offer;        /* devices of imported ops, while offered */
  char                    *refused_device; /* its ops the server would not take */
  guint                    n_stranded;

  GTask                   *once;
};

G_DEFINE_FINAL_TYPE (FbSyncClient, fb_sync_client, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (FbSyncState, fb_sync_state,
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_UP_TO_DATE, "up-to-date"),
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_REFUSED, "refused"))
G_DEFINE_QUARK (fb-sync-error-quark, fb_sync_error)

enum {
  PROP_0,
  PROP_STORE,
  PROP_STATE,
  PROP_N_WAITING,
  PROP_MESSAGE,
  PROP_N_STRANDED,
  N_PROPS
};

enum {
  PUSH_ANSWERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void run_pass       (FbSyncClient *self);
static void connect_server (FbSyncClient *self);
static void step_push      (FbSyncClient *self);
static void step_pull      (FbSyncClient *self);
static void step_repush    (FbSyncClient *self);

/* JSON from the network ------------------------------------------------- */

/* json-glib's getters complain (fatally, in tests) about members of the
 * wrong type; a server's answer is checked, never trusted. */
static JsonNode *
member (JsonNode   *node,
        const char *name)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_object_get_member (json_node_get_object (node), name);
}

static JsonNode *
object_member (JsonNode   *node,
               const char *name)
{
  JsonNode *m = member (node, name);

  return m != NULL && JSON_NODE_HOLDS_OBJECT (m) ? m : NULL;
}

static JsonArray *
array_member (JsonNode   *node,
              const char *name)
{
  JsonNode *m = member (node, name);

  return m != NULL && JSON_NODE_HOLDS_ARRAY (m) ? json_node_get_array (m) : NULL;
}

static const char *
string_member (JsonNode   *node,
               const char *name)
{
  JsonNode *m = member (node, name);

  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (m);
}

static gint64
int_member (JsonNode   *node,
            const char *name,
            gint64      fallback)
{
  JsonNode *m = member (node, name);

  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (m);
}

/* State ------------------------------------------------------------------ */

static void
set_state (FbSyncClient *self,
           FbSyncState   state,
           const char   *message)
{
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
update_n_waiting (FbSyncClient *self)
{
  guint n = fb_store_count_outbox (self->store);

  if (n == self->n_waiting)
    return;

  self->n_waiting = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
}

static gint64
get_cursor (FbSyncClient *self)
{
  g_autofree char *str = fb_store_get_meta (self->store, META_CURSOR);

  return str != NULL ? g_ascii_strtoll (str, NULL, 10) : 0;
}

static gboolean
set_cursor (FbSyncClient *self,
            gint64        cursor,
            const char   *op_id,
            GError      **error)
{
  g_autofree char *str = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);

  return fb_store_set_meta (self->store, META_CURSOR, str, error) &&
         fb_store_set_meta (self->store, META_CURSOR_ID, op_id, error);
}

/* Failure and retry ------------------------------------------------------ */

static void
close_live (FbSyncClient *self)
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

static gboolean
on_retry_cb (gpointer user_data)
{
  FbSyncClient *self = user_data;

  self->retry_id = 0;
  if (self->running)
    connect_server (self);

  return G_SOURCE_REMOVE;
}

static void
finish_once (FbSyncClient *self,
             GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->once);

  if (task == NULL)
    return;

  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Every failure lands here: the state says what the user can do about it,
 * and the retry waits longer each time (with jitter, so that thirty
 * workstations do not all come back in the same millisecond). */
static void
fail_pass (FbSyncClient *self,
           GError       *error)
{
  gboolean refused = g_error_matches (error, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED);
  guint delay;

  /* A request cancelled by a reconnect or a stop: whoever cancelled it
   * has set the state already. Its late answer must not mark the new
   * connection as lost, or the client would sit "connected" in the
   * server's eyes and idle in its own. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  self->again = FALSE;
  self->connected = FALSE;
  g_clear_pointer (&self->repush, g_ptr_array_unref);
  g_clear_pointer (&self->refused_device, g_free);

  g_debug ("sync: %s", error->message);

  if (self->once != NULL)
    {
      set_state (self, refused ? FB_SYNC_STATE_REFUSED : FB_SYNC_STATE_OFFLINE, error->message);
      finish_once (self, error);
      return;
    }

  close_live (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  set_state (self, refused ? FB_SYNC_STATE_REFUSED : FB_SYNC_STATE_OFFLINE, error->message);

  if (!self->running)
    return;

  delay = FB_SYNC_BACKOFF_FIRST_MS << MIN (self->failures, 6);
  delay = MIN (delay, FB_SYNC_BACKOFF_MAX_MS);
  if (refused)
    delay = FB_SYNC_BACKOFF_MAX_MS;
  delay = delay / 2 + (guint) g_random_int_range (0, (gint32) (delay / 2 + 1));
  self->failures++;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, on_retry_cb, self);
}

static void
fail_with (FbSyncClient *self,
           FbSyncError   code,
           const char   *format,
           ...) G_GNUC_PRINTF (3, 4);

static void
fail_with (FbSyncClient *self,
           FbSyncError   code,
           const char   *format,
           ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (FB_SYNC_ERROR, code, format, args);
  va_end (args);

  fail_pass (self, error);
}

/* Requests --------------------------------------------------------------- */

typedef void (*ReplyFunc) (FbSyncClient *self,
                           guint         status,
                           GBytes       *body,
                           JsonNode     *root);

typedef struct
{
  FbSyncClient *self;
  SoupMessage  *msg;
  ReplyFunc     func;
  gboolean      raw;       /* hand over the bytes undecoded */
  gboolean      pin_failed;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->msg);
  g_free (request);
}

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
 * when the handshake is done, before the request (and its token) is sent. */
static void
on_network_event_cb (SoupMessage        *msg,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     gpointer            user_data)
{
  Request *request = user_data;
  GTlsCertificate *peer;

  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKED || request->self->pin == NULL ||
      !G_IS_TLS_CONNECTION (connection))
    return;

  peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (connection));
  if (!matches_pin (request->self, peer))
    {
      request->pin_failed = TRUE;
      g_io_stream_close (connection, NULL, NULL);
    }
}

static SoupMessage *
new_message (FbSyncClient *self,
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

static gboolean
is_tls_error (const GError *error)
{
  return error->domain == G_TLS_ERROR;
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
      fail_with (self, FB_SYNC_ERROR_REFUSED,
                 _("The server’s certificate is not the one trusted for it (%s). Check the "
                   "pinned certificate in Preferences, or ask the server’s administrator."),
                 error != NULL ? error->message : _("its fingerprint differs from the pinned one"));
      request_free (request);
      return;
    }

  if (body == NULL)
    {
      fail_with (self, FB_SYNC_ERROR_OFFLINE, _("Cannot reach the server: %s"), error->message);
      request_free (request);
      return;
    }

  status = soup_message_get_status (request->msg);

  if (!request->raw || status != 200)
    {
      gsize len;
      const char *data = g_bytes_get_data (body, &len);

      root = fb_json_parse_untrusted (data != NULL ? data : "", (gssize) len,
                                      MAX_RESPONSE, FB_JSON_MAX_DEPTH, NULL);
    }

  if (status == 401 || status == 403)
    {
      const char *message = string_member (object_member (root, "error"), "message");

      fail_with (self, FB_SYNC_ERROR_REFUSED, "%s",
                 message != NULL ? message
                 : status == 401 ? _("The server refused the token; check it in Preferences.")
                                 : _("The token may not send changes; ask for one that may."));
      request_free (request);
      return;
    }

  if (status == 429 || status >= 500)
    {
      fail_with (self, FB_SYNC_ERROR_OFFLINE, _("The server is busy or failing (HTTP %u); trying again later."),
                 status);
      request_free (request);
      return;
    }

  request->func (self, status, body, root);
  request_free (request);
}

static void
send_request (FbSyncClient *self,
              const char   *method,
              const char   *path,
              char         *json,
              gsize         len,
              gboolean      raw,
              ReplyFunc     func)
{
  Request *request;
  SoupMessage *msg = new_message (self, method, path);

  if (msg == NULL)
    {
      g_free (json);
      fail_with (self, FB_SYNC_ERROR_REFUSED, _("“%s” is not a server address; use one such as "
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
  g_signal_connect (msg, "network-event", G_CALLBACK (on_network_event_cb), request);

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    self->cancellable, on_reply_cb, request);
}

static const char *
error_code_of (JsonNode *root)
{
  const char *code = string_member (object_member (root, "error"), "code");

  return code != NULL ? code : "";
}

static const char *
error_message_of (JsonNode *root)
{
  const char *message = string_member (object_member (root, "error"), "message");

  return message != NULL ? message : _("no explanation given");
}

/* The pass --------------------------------------------------------------- */

static void
pass_done (FbSyncClient *self)
{
  self->busy = FALSE;
  self->failures = 0;
  update_n_waiting (self);

  if (self->once != NULL)
    {
      set_state (self, FB_SYNC_STATE_UP_TO_DATE, NULL);
      finish_once (self, NULL);
      return;
    }

  if (self->again)
    {
      run_pass (self);
      return;
    }

  set_state (self, self->n_waiting > 0 ? FB_SYNC_STATE_SYNCING : FB_SYNC_STATE_UP_TO_DATE, NULL);
}

static void
run_pass (FbSyncClient *self)
{
  if (!self->connected)
    return;

  if (self->busy)
    {
      self->again = TRUE;
      return;
    }

  self->busy = TRUE;
  self->again = FALSE;
  self->resyncs_in_pass = 0;
  update_n_waiting (self);
  set_state (self, FB_SYNC_STATE_SYNCING, NULL);

  if (self->resync)
    {
      step_repush (self);
      return;
    }

  /* Ops imported from a file first, once per import. */
  g_clear_pointer (&self->offer, g_strfreev);
  self->offer = fb_store_get_offer (self->store);
  if (self->offer[0] != NULL)
    {
      self->n_stranded = 0;
      step_repush (self);
      return;
    }
  g_clear_pointer (&self->offer, g_strfreev);

  step_push (self);
}

/* Encodes ops from the first on, as many as fit in the server's body
 * limit (always at least one: a single op is far below it), and says how
 * many that was. */
static char *
batch_to_json (GPtrArray *ops,
               guint      first,
               guint      end,
               guint     *n_taken,
               gsize     *len)
{
  GString *out = g_string_new ("{\"ops\":[");
  guint i;

  for (i = first; i < end; i++)
    {
      g_autofree char *json = fb_op_to_json (g_ptr_array_index (ops, i), NULL);

      if (i > first && out->len + strlen (json) + 2 > FB_SYNC_MAX_BATCH_BYTES)
        break;
      if (i > first)
        g_string_append_c (out, ',');
      g_string_append (out, json);
    }
  g_string_append (out, "]}");

  *n_taken = i - first;
  *len = out->len;
  return g_string_free (out, FALSE);
}

/* Returns the ids the server now holds, or NULL if the answer is not one. */
static GPtrArray *
acknowledged_ids (JsonNode *root)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *results = array_member (root, "results");

  if (results == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      const char *id = string_member (node, "id");
      const char *status = string_member (node, "status");

      if (id != NULL && (g_strcmp0 (status, "accepted") == 0 || g_strcmp0 (status, "duplicate") == 0))
        g_ptr_array_add (ids, g_strdup (id));
    }

  return g_steal_pointer (&ids);
}

static gboolean
ack (FbSyncClient *self,
     GPtrArray    *ids)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Our own acknowledgement changes the outbox; that is no reason to run
   * another pass. */
  self->acking = TRUE;
  ok = fb_store_ack_outbox (self->store, ids, &error);
  self->acking = FALSE;

  if (!ok)
    {
      fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot record what the server received: %s"),
                 error->message);
      return FALSE;
    }

  update_n_waiting (self);
  return TRUE;
}

static void
begin_resync (FbSyncClient *self)
{
  self->resync = TRUE;

  /* Twice in one pass means the server keeps losing what we send: stop
   * and let the backoff space out the attempts. */
  if (++self->resyncs_in_pass > 2)
    {
      fail_with (self, FB_SYNC_ERROR_PROTOCOL,
                 _("The server keeps losing the changes sent to it; trying again later."));
      return;
    }

  step_repush (self);
}

/* Push the outbox. */

static void
on_push_reply (FbSyncClient *self,
               guint         status,
               GBytes       *body,
               JsonNode     *root)
{
  g_autoptr(GPtrArray) ids = NULL;

  if (status == 409 && g_str_equal (error_code_of (root), "gap"))
    {
      /* The server lacks our earlier changes: it was restored or reset. */
      begin_resync (self);
      return;
    }

  if (status != 200)
    {
      fail_with (self, FB_SYNC_ERROR_REFUSED, _("The server refused changes made here (HTTP %u): %s"),
                 status, error_message_of (root));
      return;
    }

  ids = acknowledged_ids (root);
  if (ids == NULL)
    {
      fail_with (self, FB_SYNC_ERROR_PROTOCOL, _("The server’s answer to a push cannot be read."));
      return;
    }

  g_signal_emit (self, signals[PUSH_ANSWERED], 0, ids->len);

  if (!ack (self, ids))
    return;

  step_push (self);
}

static void
step_push (FbSyncClient *self)
{
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  char *json;
  guint n_taken;
  gsize len;

  ops = fb_store_get_outbox (self->store, FB_SYNC_PUSH_BATCH, &error);
  if (ops == NULL)
    {
      fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot read the changes waiting to be sent: %s"),
                 error->message);
      return;
    }

  if (ops->len == 0)
    {
      step_pull (self);
      return;
    }

  json = batch_to_json (ops, 0, ops->len, &n_taken, &len);
  send_request (self, "POST", "/api/v1/ops", json, len, FALSE, on_push_reply);
}

/* Offer every op we hold, device by device in device order; or, for ops
 * that came in a file, every op of the devices noted (fb_store_get_offer).
 * A server takes a device's ops only after all its earlier ones, as ops or
 * as links: the links a file brought for the places below its ops go
 * first. A device whose history the server holds otherwise (a fork)
 * keeps its ops here; fb_sync_client_get_n_stranded counts them. */

typedef struct
{
  char  *device;
  char  *json;
  guint  n_ops;
} Batch;

static void
batch_free (Batch *batch)
{
  g_free (batch->device);
  g_free (batch->json);
  g_free (batch);
}

typedef struct
{
  char  *path;
  char **devices;   /* only these, or NULL for all */
} Collect;

/* A request of links alone: {"ops": [], "links": [ … ]}. */
static char *
links_to_json (GPtrArray *links,
               guint      first,
               guint      end)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  for (guint i = first; i < end; i++)
    json_array_add_element (array, fb_link_to_json_node (g_ptr_array_index (links, i)));
  json_object_set_array_member (object, "ops", json_array_new ());
  json_object_set_array_member (object, "links", json_array_ref (array));
  json_node_set_object (root, object);
  return json_to_string (root, FALSE);
}

static void
collect_free (Collect *collect)
{
  g_free (collect->path);
  g_strfreev (collect->devices);
  g_free (collect);
}

static int
compare_device_order (gconstpointer a,
                      gconstpointer b)
{
  const FbOp *x = *(const FbOp **) a, *y = *(const FbOp **) b;
  int c = strcmp (x->device, y->device);

  if (c != 0)
    return c;
  return x->device_seq < y->device_seq ? -1 : x->device_seq > y->device_seq;
}

static void
on_repush_reply (FbSyncClient *self,
                 guint         status,
                 GBytes       *body,
                 JsonNode     *root)
{
  Batch *batch;

  if (self->repush == NULL)
    return;

  batch = g_ptr_array_index (self->repush, self->repush_next - 1);
  if (status == 200)
    {
      g_autoptr(GPtrArray) ids = acknowledged_ids (root);

      if (ids != NULL)
        {
          g_signal_emit (self, signals[PUSH_ANSWERED], 0, ids->len);
          if (!ack (self, ids))
            return;
        }
    }
  else if (self->offer != NULL && status == 409)
    {
      /* The server's record of this device does not take them (a gap, or
       * a fork: the device's history differs from what the server holds):
       * neither these ops nor its later ones can go. */
      g_free (self->refused_device);
      self->refused_device = g_strdup (batch->device);
      self->n_stranded += batch->n_ops;
    }
  else if (self->offer != NULL)
    {
      fail_with (self, FB_SYNC_ERROR_REFUSED, _("The server refused changes imported here (HTTP %u): %s"),
                 status, error_message_of (root));
      return;
    }
  else
    {
      /* A device whose early ops we never had cannot be refilled from
       * here; another workstation that holds them will. */
      g_debug ("sync: the server refused a refill batch (HTTP %u): %s",
               status, error_message_of (root));
    }

  step_repush (self);
}

/* Runs in a worker thread on a connection of its own, because reading
 * and encoding every op of a large record would stall the UI. */
static void
collect_batches_thread (GTask        *task,
                        gpointer      source,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Collect *collect = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_free);
  guint start = 0;

  store = fb_store_open (collect->path, FB_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    ops = fb_store_get_ops (store, NULL, &error);
  if (ops == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_STORE,
                               _("Cannot read the local changes: %s"), error->message);
      return;
    }

  g_ptr_array_sort (ops, compare_device_order);

  /* Each batch holds one device's ops in order, as the server requires. */
  while (start < ops->len)
    {
      const char *device = ((FbOp *) g_ptr_array_index (ops, start))->device;
      guint end = start, n_taken;
      gsize len;
      Batch *batch;

      while (end < ops->len && end - start < FB_SYNC_PUSH_BATCH &&
             g_str_equal (((FbOp *) g_ptr_array_index (ops, end))->device, device))
        end++;

      if (collect->devices != NULL && !g_strv_contains ((const char * const *) collect->devices, device))
        {
          start = end;
          continue;
        }

      /* A device whose first ops this store holds only as links (an
       * incident imported from it): the links go first, so that the
       * server can check the chain the ops continue. */
      if (start == 0 || !g_str_equal (((FbOp *) g_ptr_array_index (ops, start - 1))->device, device))
        {
          g_autoptr(GPtrArray) links =
            fb_store_get_links (store, device, ((FbOp *) g_ptr_array_index (ops, start))->device_seq, &error);

          if (links == NULL)
            {
              g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_STORE,
                                       _("Cannot read the local changes: %s"), error->message);
              return;
            }
          for (guint i = 0; i < links->len; i += FB_SYNC_LINKS_PER_BATCH)
            {
              batch = g_new0 (Batch, 1);
              batch->device = g_strdup (device);
              batch->json = links_to_json (links, i, MIN (links->len, i + FB_SYNC_LINKS_PER_BATCH));
              g_ptr_array_add (batches, batch);
            }
        }

      batch = g_new0 (Batch, 1);
      batch->device = g_strdup (device);
      batch->json = batch_to_json (ops, start, end, &n_taken, &len);
      batch->n_ops = n_taken;
      g_ptr_array_add (batches, batch);
      start += n_taken;
    }

  g_task_return_pointer (task, g_steal_pointer (&batches), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_batches_collected_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  FbSyncClient *self = FB_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  GPtrArray *batches = g_task_propagate_pointer (G_TASK (result), &error);

  if (batches == NULL)
    {
      fail_pass (self, error);
      return;
    }

  g_clear_pointer (&self->repush, g_ptr_array_unref);
  self->repush = batches;
  self->repush_next = 0;
  step_repush (self);
}

static void
step_repush (FbSyncClient *self)
{
  g_autoptr(GError) error = NULL;

  if (self->repush == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_batches_collected_cb, NULL);
      Collect *collect = g_new0 (Collect, 1);

      collect->path = g_strdup (fb_store_get_path (self->store));
      /* A resync offers everything, imported devices included. */
      collect->devices = self->resync ? NULL : g_strdupv (self->offer);
      g_task_set_task_data (task, collect, (GDestroyNotify) collect_free);
      g_task_run_in_thread (task, collect_batches_thread);
      return;
    }

  while (self->repush_next < self->repush->len)
    {
      Batch *batch = g_ptr_array_index (self->repush, self->repush_next++);

      if (g_strcmp0 (batch->device, self->refused_device) == 0)
        {
          self->n_stranded += batch->n_ops;
          continue;
        }

      send_request (self, "POST", "/api/v1/ops", g_strdup (batch->json), strlen (batch->json), FALSE,
                    on_repush_reply);
      return;
    }

  g_clear_pointer (&self->repush, g_ptr_array_unref);
  g_clear_pointer (&self->refused_device, g_free);

  if (!self->resync)
    {
      /* The imported devices' ops are on the server, or cannot go. */
      g_clear_pointer (&self->offer, g_strfreev);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STRANDED]);
      if (!fb_store_clear_offer (self->store, &error))
        {
          fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot record the sync position: %s"), error->message);
          return;
        }
      step_push (self);
      return;
    }

  /* All offered: from now on this server is the one we follow. */
  if (!set_cursor (self, 0, NULL, &error) ||
      !fb_store_set_meta (self->store, META_SERVER_ID, self->server_id, &error))
    {
      fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot record the sync position: %s"), error->message);
      return;
    }

  self->resync = FALSE;
  step_push (self);
}

/* Pull from the cursor. */

typedef struct
{
  GBytes    *body;
  gint64     cursor;
  char      *cursor_id;
  gint64     head;
  GPtrArray *ops;        /* FbOp, seq > cursor */
  GPtrArray *links;      /* FbLink: places of chains the page's ops continue */
  gint64     last_seq;
  char      *last_id;
  gboolean   diverged;
  guint      n_in_page;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->body, g_bytes_unref);
  g_clear_pointer (&page->ops, g_ptr_array_unref);
  g_clear_pointer (&page->links, g_ptr_array_unref);
  g_free (page->cursor_id);
  g_free (page->last_id);
  g_free (page);
}

/* Runs in a worker thread: only pure decoding, no store access. */
static void
decode_page_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Page *page = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  gsize len;
  const char *data = g_bytes_get_data (page->body, &len);

  root = fb_json_parse_untrusted (data != NULL ? data : "", (gssize) len, MAX_RESPONSE,
                                  FB_JSON_MAX_DEPTH, &error);
  if (root == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                               _("The server sent changes that cannot be read: %s"), error->message);
      return;
    }

  array = array_member (root, "ops");
  if (array == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                               _("The server’s answer to a pull is not a list of changes."));
      return;
    }

  page->head = int_member (root, "head", 0);
  page->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  page->last_seq = page->cursor;
  page->last_id = g_strdup (page->cursor_id);
  page->n_in_page = json_array_get_length (array);

  /* The page starts one before the cursor, so that we can see the server
   * still holds the op we stopped at; if not, its history is not ours. */
  if (page->cursor > 0)
    {
      JsonNode *first = page->n_in_page > 0 ? json_array_get_element (array, 0) : NULL;

      if (int_member (first, "seq", -1) != page->cursor ||
          g_strcmp0 (string_member (object_member (first, "op"), "id"), page->cursor_id) != 0)
        {
          page->diverged = TRUE;
          g_task_return_boolean (task, TRUE);
          return;
        }
    }

  for (guint i = 0; i < page->n_in_page; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonNode *op_node = object_member (node, "op");
      gint64 seq = int_member (node, "seq", -1);
      FbOp *op;

      if (op_node == NULL || seq < 0)
        {
          g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                                   _("The server sent a change without its number."));
          return;
        }

      if (seq <= page->cursor)
        continue;

      if (seq <= page->last_seq)
        {
          g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                                   _("The server sent changes out of order."));
          return;
        }

      op = fb_op_from_json_node (op_node, &error);
      if (op == NULL)
        {
          g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                                   _("The server sent a change that is not valid: %s"), error->message);
          return;
        }

      g_ptr_array_add (page->ops, op);
      page->last_seq = seq;
      g_free (page->last_id);
      page->last_id = g_strdup (op->id);
    }

  /* A server older than links sends none. */
  page->links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  array = array_member (root, "links");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      FbLink *link = fb_link_from_json_node (json_array_get_element (array, i));

      if (link == NULL)
        {
          g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                                   _("The server sent a link that is not valid."));
          return;
        }
      g_ptr_array_add (page->links, link);
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_page_decoded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  FbSyncClient *self = FB_SYNC_CLIENT (source);
  Page *page = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint n_applied = 0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      fail_pass (self, error);
      return;
    }

  if (page->diverged)
    {
      g_debug ("sync: the server no longer holds op %s at %" G_GINT64_FORMAT "; refilling it",
               page->cursor_id, page->cursor);
      begin_resync (self);
      return;
    }

  /* The server refused clocks far ahead of its own when it took these; a
   * workstation whose clock runs behind must still take them. */
  if (page->ops->len > 0 &&
      !fb_store_apply_remote_linked (self->store, page->ops, page->links, FB_APPLY_TRUST_CLOCKS,
                                     &n_applied, &error))
    {
      fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot take in changes from the server: %s"), error->message);
      return;
    }

  if (page->last_seq != page->cursor &&
      !set_cursor (self, page->last_seq, page->last_id, &error))
    {
      fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot record the sync position: %s"), error->message);
      return;
    }

  if (page->last_seq < page->head && page->ops->len > 0)
    step_pull (self);
  else
    pass_done (self);
}

static void
on_pull_reply (FbSyncClient *self,
               guint         status,
               GBytes       *body,
               JsonNode     *root)
{
  g_autoptr(GTask) task = NULL;
  Page *page;

  if (status != 200)
    {
      fail_with (self, FB_SYNC_ERROR_PROTOCOL, _("The server refused a pull (HTTP %u): %s"),
                 status, error_message_of (root));
      return;
    }

  page = g_new0 (Page, 1);
  page->body = g_bytes_ref (body);
  page->cursor = get_cursor (self);
  page->cursor_id = fb_store_get_meta (self->store, META_CURSOR_ID);

  task = g_task_new (self, self->cancellable, on_page_decoded_cb, NULL);
  g_task_set_task_data (task, page, (GDestroyNotify) page_free);
  g_task_run_in_thread (task, decode_page_thread);
}

static void
step_pull (FbSyncClient *self)
{
  gint64 cursor = get_cursor (self);
  g_autofree char *path = g_strdup_printf ("/api/v1/ops?since=%" G_GINT64_FORMAT "&limit=%d",
                                           cursor > 0 ? cursor - 1 : 0, FB_SYNC_PULL_PAGE);

  send_request (self, "GET", path, NULL, 0, TRUE, on_pull_reply);
}

/* Live notices ----------------------------------------------------------- */

static void
on_ws_message_cb (SoupWebsocketConnection *ws,
                  int                      type,
                  GBytes                  *message,
                  FbSyncClient            *self)
{
  g_autoptr(JsonNode) root = NULL;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  gint64 head;

  self->ws_last_seen = g_get_monotonic_time ();

  root = fb_json_parse_untrusted (data != NULL ? data : "", (gssize) len, 1024, 4, NULL);
  head = int_member (root, "head", -1);
  if (head > get_cursor (self) || self->n_waiting > 0)
    run_pass (self);
}

static void
on_ws_closed_cb (SoupWebsocketConnection *ws,
                 FbSyncClient            *self)
{
  fail_with (self, FB_SYNC_ERROR_OFFLINE, _("The live connection to the server was lost."));
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
      fail_with (self, FB_SYNC_ERROR_OFFLINE, _("The server stopped answering."));
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
        fail_with (self, FB_SYNC_ERROR_OFFLINE, _("Cannot open the live connection: %s"), error->message);
      return;
    }

  close_live (self);
  self->ws = ws;
  self->ws_last_seen = g_get_monotonic_time ();
  soup_websocket_connection_set_max_incoming_payload_size (ws, 4096);
  soup_websocket_connection_set_keepalive_interval (ws, FB_SYNC_HEARTBEAT_S);
  g_signal_connect (ws, "message", G_CALLBACK (on_ws_message_cb), self);
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed_cb), self);
  self->heartbeat_id = g_timeout_add_seconds (FB_SYNC_HEARTBEAT_S, on_heartbeat_cb, self);

  /* Anything that happened between our pull and this socket opening. */
  run_pass (self);
}

static void
open_live (FbSyncClient *self)
{
  g_autoptr(SoupMessage) msg = new_message (self, "GET", "/api/v1/live");

  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, on_ws_connected_cb, g_object_ref (self));
}

/* Connecting ------------------------------------------------------------- */

static void
on_info_reply (FbSyncClient *self,
               guint         status,
               GBytes       *body,
               JsonNode     *root)
{
  g_autofree char *known = NULL;
  const char *server_id;

  if (status != 200 || root == NULL)
    {
      fail_with (self, FB_SYNC_ERROR_PROTOCOL, _("The address does not answer as a Firebreak server (HTTP %u)."),
                 status);
      return;
    }

  server_id = string_member (root, "server_id");
  if (server_id == NULL || !fb_uuid_is_valid (server_id))
    {
      fail_with (self, FB_SYNC_ERROR_PROTOCOL, _("The server did not say who it is."));
      return;
    }

  g_free (self->server_id);
  self->server_id = g_strdup (server_id);

  known = fb_store_get_meta (self->store, META_SERVER_ID);
  if (g_strcmp0 (known, server_id) != 0)
    self->resync = TRUE;

  self->connected = TRUE;
  if (self->once == NULL)
    open_live (self);
  run_pass (self);
}

static void
connect_server (FbSyncClient *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  close_live (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->connected = FALSE;
  self->busy = FALSE;
  g_clear_pointer (&self->repush, g_ptr_array_unref);
  g_clear_pointer (&self->refused_device, g_free);

  set_state (self, FB_SYNC_STATE_CONNECTING, NULL);
  send_request (self, "GET", "/api/v1/info", NULL, 0, FALSE, on_info_reply);
}

static void
on_store_changed_cb (FbStore      *store,
                     guint         flags,
                     const char   *incident,
                     FbSyncClient *self)
{
  if (!(flags & FB_CHANGE_OUTBOX) || self->acking)
    return;

  update_n_waiting (self);
  if (self->running && self->connected)
    run_pass (self);
}

/* GObject ---------------------------------------------------------------- */

static void
fb_sync_client_dispose (GObject *object)
{
  FbSyncClient *self = (FbSyncClient *) object;

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  close_live (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->repush, g_ptr_array_unref);
  g_clear_pointer (&self->offer, g_strfreev);
  g_clear_pointer (&self->refused_device, g_free);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fb_sync_client_parent_class)->dispose (object);
}

static void
fb_sync_client_finalize (GObject *object)
{
  FbSyncClient *self = (FbSyncClient *) object;

  g_free (self->base);
  g_free (self->token);
  g_free (self->pin);
  g_free (self->message);
  g_free (self->server_id);

  G_OBJECT_CLASS (fb_sync_client_parent_class)->finalize (object);
}

static void
fb_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FbSyncClient *self = FB_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_N_STRANDED:
      g_value_set_uint (value, self->n_stranded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_sync_client_class_init (FbSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_sync_client_dispose;
  object_class->finalize = fb_sync_client_finalize;
  object_class->get_property = fb_sync_client_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FB_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FB_TYPE_SYNC_STATE, FB_SYNC_STATE_OFFLINE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * FbSyncClient:n-stranded:
   *
   * How many ops imported from a file the server would not take at the
   * last offer, because it holds another history of their device. They
   * stay in this store.
   */
  properties[PROP_N_STRANDED] =
    g_param_spec_uint ("n-stranded", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbSyncClient::push-answered:
   * @n_ops: how many ops the server now holds from the batch
   *
   * Emitted when the server has answered a push, before the outbox is
   * cleared of the ops it acknowledged.
   */
  signals[PUSH_ANSWERED] =
    g_signal_new ("push-answered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
fb_sync_client_init (FbSyncClient *self)
{
  self->state = FB_SYNC_STATE_OFFLINE;
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "idle-timeout", 60,
                                                 "user-agent", "firebreak/" PACKAGE_VERSION,
                                                 NULL);
}

/* Public API ------------------------------------------------------------- */

/**
 * fb_sync_client_new:
 * @store: the store to keep in step
 * @url: the server, such as "https://warroom.example:8765"
 * @token: the bearer token the server's administrator issued
 * @pinned_sha256: (nullable): SHA-256 of the server certificate's DER bytes,
 *   hex, with or without colons; trusts that certificate whatever the
 *   system thinks of it, and only that one
 */
FbSyncClient *
fb_sync_client_new (FbStore    *store,
                    const char *url,
                    const char *token,
                    const char *pinned_sha256)
{
  FbSyncClient *self;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (FB_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  self->base = g_strdup (url);
  while (g_str_has_suffix (self->base, "/"))
    self->base[strlen (self->base) - 1] = '\0';
  self->token = g_strdup (token);

  if (pinned_sha256 != NULL && pinned_sha256[0] != '\0')
    {
      GString *pin = g_string_new (NULL);

      for (const char *p = pinned_sha256; *p != '\0'; p++)
        if (g_ascii_isxdigit (*p))
          g_string_append_c (pin, g_ascii_tolower (*p));
      self->pin = g_string_free (pin, FALSE);
    }

  self->n_waiting = fb_store_count_outbox (store);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);

  return self;
}

FbStore *
fb_sync_client_get_store (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), NULL);

  return self->store;
}

FbSyncState
fb_sync_client_get_state (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), FB_SYNC_STATE_OFFLINE);

  return self->state;
}

guint
fb_sync_client_get_n_waiting (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), 0);

  return self->n_waiting;
}

guint
fb_sync_client_get_n_stranded (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), 0);
  return self->n_stranded;
}

const char *
fb_sync_client_get_message (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), NULL);

  return self->message;
}

gint64
fb_sync_client_get_cursor (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), 0);

  return get_cursor (self);
}

void
fb_sync_client_start (FbSyncClient *self)
{
  g_return_if_fail (FB_IS_SYNC_CLIENT (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->failures = 0;
  connect_server (self);
}

void
fb_sync_client_stop (FbSyncClient *self)
{
  g_return_if_fail (FB_IS_SYNC_CLIENT (self));

  self->running = FALSE;
  self->connected = FALSE;
  self->busy = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  close_live (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_state (self, FB_SYNC_STATE_OFFLINE, NULL);
}

void
fb_sync_client_sync_once_async (FbSyncClient        *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_sync_client_sync_once_async);

  if (self->running || self->once != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("This sync client is already running."));
      return;
    }

  self->once = g_steal_pointer (&task);
  connect_server (self);
}

gboolean
fb_sync_client_sync_once_finish (FbSyncClient  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_once_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * fb_sync_client_sync_once:
 *
 * The blocking form of fb_sync_client_sync_once_async(), for programs
 * without a user interface: it iterates the thread-default main context
 * until the exchange is over.
 */
gboolean
fb_sync_client_sync_once (FbSyncClient *self,
                          GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), FALSE);

  fb_sync_client_sync_once_async (self, NULL, on_once_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);

  return fb_sync_client_sync_once_finish (self, result, error);
}
