/* fb-server.c — the war-room sync server: HTTP API and live notices
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests are answered in two steps. The headers alone decide everything
 * they can (route, token, media type, declared size) before a byte of the
 * body is read, so an oversized or unauthorised upload costs nothing. The
 * body is then decoded and every op checked before one is stored.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "fb-server.h"

typedef struct
{
  FbServer                *server;    /* not owned */
  SoupWebsocketConnection *conn;
  char                    *user;
  gint64                   last_seen; /* monotonic µs */
} LiveClient;

struct _FbServer
{
  GObject      parent_instance;

  FbServerDb  *db;
  SoupServer  *soup;
  gboolean     tls;
  GList       *live;             /* LiveClient */
  GHashTable  *live_per_user;    /* name → count */
  guint        max_per_token;
  guint        heartbeat_s;
  guint        heartbeat_id;
  guint        notice_id;
  gboolean     log_requests;
  FbClockFunc  clock;
  gpointer     clock_data;
};

G_DEFINE_FINAL_TYPE (FbServer, fb_server, G_TYPE_OBJECT)

#define API "/api/v1/"

void
fb_server_response_clear (FbServerResponse *response)
{
  g_clear_pointer (&response->body, g_free);
  g_clear_pointer (&response->user, g_free);
  response->status = 0;
  response->new_head = 0;
}

/* Answers ---------------------------------------------------------------- */

static void
append_json_string (GString    *out,
                    const char *str)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *canonical = NULL;

  json_node_set_string (node, str);
  canonical = fb_json_canonical (node, NULL);
  g_string_append (out, canonical);
}

static gboolean
fail_at (FbServerResponse *response,
         guint             status,
         const char       *code,
         int               index,
         const char       *message)
{
  GString *out = g_string_new ("{\"error\":{\"code\":");
  g_autofree char *valid = g_utf8_make_valid (message, -1);

  append_json_string (out, code);
  if (index >= 0)
    g_string_append_printf (out, ",\"index\":%d", index);
  g_string_append (out, ",\"message\":");
  append_json_string (out, valid);
  g_string_append (out, "}}");

  response->status = status;
  g_free (response->body);
  response->body = g_string_free (out, FALSE);
  return FALSE;
}

static gboolean
fail (FbServerResponse *response,
      guint             status,
      const char       *code,
      const char       *message)
{
  return fail_at (response, status, code, -1, message);
}

/* How each kind of core error reaches the wire: a stable code, and a
 * status that tells a client whether sending the same again can help. */
static gboolean
fail_with_error (FbServerResponse *response,
                 const GError     *error,
                 int               index)
{
  guint status = 400;
  const char *code = "invalid_op";

  if (error->domain == FB_ERROR)
    {
      switch ((FbError) error->code)
        {
        case FB_ERROR_TOO_LARGE:  status = 413; code = "too_large"; break;
        case FB_ERROR_TOO_DEEP:   status = 400; code = "too_deep"; break;
        case FB_ERROR_CLOCK_SKEW: status = 400; code = "clock_skew"; break;
        case FB_ERROR_FORK:       status = 409; code = "fork"; break;
        case FB_ERROR_GAP:        status = 409; code = "gap"; break;
        case FB_ERROR_CHAIN:      status = 409; code = "chain"; break;
        case FB_ERROR_INVALID:    status = 400; code = "invalid_op"; break;
        case FB_ERROR_FAILED:
        case FB_ERROR_CORRUPT:
        case FB_ERROR_NEWER_SCHEMA:
        case FB_ERROR_NOT_FOUND:
        case FB_ERROR_READ_ONLY:
        default:
          status = 500; code = "server_error"; break;
        }
    }
  else
    {
      status = 500;
      code = "server_error";
    }

  return fail_at (response, status, code, index, error->message);
}

/* Headers ---------------------------------------------------------------- */

static const char *
bearer_token (const char *authorization)
{
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;

  authorization += 7;
  while (*authorization == ' ')
    authorization++;

  return authorization;
}

typedef enum
{
  ROUTE_NONE,
  ROUTE_OPS,
  ROUTE_INFO,
  ROUTE_LIVE,
} Route;

static Route
route_for (const char *path)
{
  if (g_strcmp0 (path, API "ops") == 0)
    return ROUTE_OPS;
  if (g_strcmp0 (path, API "info") == 0)
    return ROUTE_INFO;
  if (g_strcmp0 (path, API "live") == 0)
    return ROUTE_LIVE;
  return ROUTE_NONE;
}

gboolean
fb_server_check_headers (FbServer              *self,
                         const FbServerRequest *request,
                         FbServerResponse      *response)
{
  g_autoptr(FbTokenInfo) token = NULL;
  Route route;
  gboolean is_get, is_post;

  g_return_val_if_fail (FB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (request != NULL && response != NULL, FALSE);

  route = route_for (request->path);
  if (route == ROUTE_NONE)
    return fail (response, 404, "not_found",
                 _("There is nothing at this address; the API lives under /api/v1/."));

  is_get = g_strcmp0 (request->method, "GET") == 0;
  is_post = g_strcmp0 (request->method, "POST") == 0;
  if (!(is_get || (is_post && route == ROUTE_OPS)))
    return fail (response, 405, "method_not_allowed",
                 route == ROUTE_OPS ? _("Use GET to pull changes or POST to push them.")
                                    : _("Use GET here."));

  token = fb_server_db_check_token (self->db, bearer_token (request->authorization));
  if (token == NULL)
    return fail (response, 401, "unauthorized",
                 request->authorization == NULL
                 ? _("This server needs a token: send “Authorization: Bearer TOKEN”.")
                 : _("The token is not valid (mistyped, or revoked). Ask the server’s "
                     "administrator for a new one."));

  g_free (response->user);
  response->user = g_strdup (token->name);

  if (is_post)
    {
      if (token->read_only)
        return fail (response, 403, "read_only",
                     _("This token may read but not write; ask for a token that may send changes."));

      if (g_strcmp0 (request->content_type, "application/json") != 0)
        return fail (response, 415, "unsupported_media_type",
                     _("Send the changes as “Content-Type: application/json”."));

      if (request->content_length < 0 && !request->chunked)
        return fail (response, 411, "length_required",
                     _("Send a Content-Length header; chunked uploads are not accepted."));
    }

  /* Whatever the method: libsoup would read any body it is told of. */
  if (request->chunked)
    return fail (response, 411, "length_required",
                 _("Send a Content-Length header; chunked uploads are not accepted."));

  if (request->content_length > FB_SERVER_MAX_BODY)
    {
      g_autofree char *message =
        g_strdup_printf (_("The request is %lld bytes; the limit is %d. "
                           "Send fewer changes at a time."),
                         (long long) request->content_length, FB_SERVER_MAX_BODY);
      return fail (response, 413, "body_too_large", message);
    }

  if (route == ROUTE_LIVE)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->live_per_user, token->name));

      if (request->upgrade == NULL || g_ascii_strcasecmp (request->upgrade, "websocket") != 0)
        return fail (response, 400, "websocket_required",
                     _("This address speaks WebSocket only."));

      if (count >= self->max_per_token)
        {
          g_autofree char *message =
            g_strdup_printf (_("This token already has %u live connections, the most allowed; "
                               "close some or give each workstation its own token."), count);
          return fail (response, 429, "too_many_connections", message);
        }
    }

  return TRUE;
}

/* Bodies ----------------------------------------------------------------- */

static gboolean
parse_query_int (GHashTable *params,
                 const char *name,
                 gint64      min,
                 gint64      max,
                 gint64     *value,
                 FbServerResponse *response)
{
  const char *str = params != NULL ? g_hash_table_lookup (params, name) : NULL;
  guint64 parsed;

  if (str == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (str, 10, (guint64) min, (guint64) max, &parsed, NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("The parameter “%s” must be a whole number from %lld to %lld."),
                         name, (long long) min, (long long) max);
      return fail (response, 400, "bad_parameter", message);
    }

  *value = (gint64) parsed;
  return TRUE;
}

static void
handle_pull (FbServer              *self,
             const FbServerRequest *request,
             FbServerResponse      *response)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  GString *json;
  gint64 since = 0, limit = FB_SERVER_DEFAULT_PULL;

  if (request->query != NULL)
    {
      params = g_uri_parse_params (request->query, -1, "&", G_URI_PARAMS_NONE, &error);
      if (params == NULL)
        {
          fail (response, 400, "bad_parameter", _("The query string cannot be read."));
          return;
        }
    }

  if (!parse_query_int (params, "since", 0, G_MAXINT64, &since, response) ||
      !parse_query_int (params, "limit", 1, FB_SERVER_MAX_PULL, &limit, response))
    return;

  json = g_string_new ("{");
  if (!fb_server_db_pull (self->db, since, (guint) limit, json, &error))
    {
      g_string_free (json, TRUE);
      fail_with_error (response, error, -1);
      return;
    }
  g_string_append_c (json, '}');

  response->status = 200;
  response->body = g_string_free (json, FALSE);
}

static void
handle_info (FbServer         *self,
             FbServerResponse *response)
{
  response->status = 200;
  response->body = g_strdup_printf ("{\"server_id\":\"%s\",\"version\":\"%s\",\"head\":%" G_GINT64_FORMAT
                                    ",\"limits\":{\"max_body\":%d,\"max_batch\":%d,\"max_pull\":%d}}",
                                    fb_server_db_get_server_id (self->db), PACKAGE_VERSION,
                                    fb_server_db_get_head (self->db),
                                    FB_SERVER_MAX_BODY, FB_SERVER_MAX_BATCH, FB_SERVER_MAX_PULL);
}

/* The links of a batch: the places of its device's chain below its first
 * op, in order, each one after the other. */
static GPtrArray *
decode_links (JsonNode         *node,
              const FbOp       *first,
              FbServerResponse *response)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (response, 400, "bad_links", _("“links” must be a list."));
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      FbLink *link = fb_link_from_json_node (json_array_get_element (array, i));
      const FbLink *before = i > 0 ? g_ptr_array_index (links, i - 1) : NULL;

      if (link == NULL)
        {
          fail (response, 400, "bad_links",
                _("A link must be {\"device\", \"device_seq\", \"prev\", \"hash\"}, with a UUID, "
                  "a number from 1 and lower-case SHA-256 digests."));
          return NULL;
        }
      g_ptr_array_add (links, link);

      /* A request may also carry links alone, when a device's are many. */
      if ((first != NULL && (!g_str_equal (link->device, first->device) ||
                             link->device_seq >= first->device_seq)) ||
          (before != NULL && (!g_str_equal (link->device, before->device) ||
                              link->device_seq != before->device_seq + 1)))
        {
          fail (response, 400, "bad_links",
                _("Links must belong to the device of the changes, come before them, "
                  "and follow each other in order."));
          return NULL;
        }
    }

  return g_steal_pointer (&links);
}

/* Decodes and checks every op of a batch, in memory, before the database
 * sees any of them. */
static GPtrArray *
decode_batch (FbServer              *self,
              const FbServerRequest *request,
              FbServerResponse      *response,
              GPtrArray            **links)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  gint64 now = self->clock (self->clock_data);
  guint n;

  if (request->body_len > FB_SERVER_MAX_BODY)
    {
      fail (response, 413, "body_too_large", _("The request is larger than the server accepts."));
      return NULL;
    }

  if (!g_utf8_validate (request->body, (gssize) request->body_len, NULL))
    {
      fail (response, 400, "bad_utf8", _("The request is not valid UTF-8."));
      return NULL;
    }

  root = fb_json_parse_untrusted (request->body, (gssize) request->body_len,
                                  FB_SERVER_MAX_BODY, FB_JSON_MAX_DEPTH, &error);
  if (root == NULL)
    {
      if (g_error_matches (error, FB_ERROR, FB_ERROR_TOO_DEEP))
        fail (response, 400, "too_deep", error->message);
      else if (g_error_matches (error, FB_ERROR, FB_ERROR_TOO_LARGE))
        fail (response, 413, "body_too_large", error->message);
      else
        fail (response, 400, "bad_json", error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (response, 400, "bad_request", _("The request must be an object: {\"ops\": [ … ]}."));
      return NULL;
    }

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  node = json_object_get_member (object, "ops");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      g_list_length (members) != (json_object_has_member (object, "links") ? 2u : 1u))
    {
      fail (response, 400, "bad_request",
            _("The request must be an object with a member “ops”, a list of changes, "
              "and perhaps “links”, and nothing else."));
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > FB_SERVER_MAX_BATCH)
    {
      g_autofree char *message =
        g_strdup_printf (_("The request holds %u changes; send at most %d at a time."),
                         n, FB_SERVER_MAX_BATCH);
      fail (response, 413, "too_many_ops", message);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbOp) op = fb_op_from_json_node (json_array_get_element (array, i), &error);
      g_autofree char *canonical = NULL;
      FbHlc scratch = { 0 }, hlc;
      gsize len;

      if (op == NULL || !fb_op_verify_hash (op, &error))
        {
          if (op != NULL)
            fail_at (response, 400, "bad_hash", (int) i, error->message);
          else
            fail_with_error (response, error, (int) i);
          return NULL;
        }

      canonical = fb_op_to_json (op, &len);
      if (len > FB_OP_MAX_BYTES)
        {
          g_autofree char *message =
            g_strdup_printf (_("Change %s is %zu bytes; the limit is %d."),
                             op->id, len, FB_OP_MAX_BYTES);
          fail_at (response, 413, "too_large", (int) i, message);
          return NULL;
        }

      /* The server's own clock is the judge: a write stamped far in the
       * future would win every later conflict. */
      fb_hlc_parse (op->hlc, &hlc);
      if (!fb_hlc_receive (&scratch, &hlc, now, &error))
        {
          fail_with_error (response, error, (int) i);
          return NULL;
        }

      if (i > 0)
        {
          const FbOp *first = g_ptr_array_index (ops, 0);

          if (!g_str_equal (first->device, op->device))
            {
              fail_at (response, 400, "mixed_devices", (int) i,
                       _("A request may carry the changes of one device only."));
              return NULL;
            }
          if (op->device_seq != first->device_seq + i)
            {
              fail_at (response, 400, "out_of_order", (int) i,
                       _("The changes of a request must follow each other without gaps, "
                         "in the device’s order."));
              return NULL;
            }
        }

      g_ptr_array_add (ops, g_steal_pointer (&op));
    }

  if (json_object_has_member (object, "links"))
    {
      *links = decode_links (json_object_get_member (object, "links"),
                             ops->len > 0 ? g_ptr_array_index (ops, 0) : NULL, response);
      if (*links == NULL)
        return NULL;
    }

  return g_steal_pointer (&ops);
}

static void
handle_push (FbServer              *self,
             const FbServerRequest *request,
             FbServerResponse      *response)
{
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(GError) error = NULL;
  GString *json;
  guint bad = 0;
  gboolean any_new = FALSE;
  gint64 head;

  ops = decode_batch (self, request, response, &links);
  if (ops == NULL)
    return;

  results = fb_server_db_push (self->db, ops, links, response->user, &bad, &error);
  if (results == NULL)
    {
      fail_with_error (response, error, (int) bad);
      return;
    }

  head = fb_server_db_get_head (self->db);
  json = g_string_new (NULL);
  g_string_append_printf (json, "{\"head\":%" G_GINT64_FORMAT ",\"results\":[", head);
  for (guint i = 0; i < results->len; i++)
    {
      const FbPushResult *r = &g_array_index (results, FbPushResult, i);

      g_string_append_printf (json, "%s{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"status\":\"%s\"}",
                              i > 0 ? "," : "", r->id, r->seq,
                              r->status == FB_PUSH_ACCEPTED ? "accepted" : "duplicate");
      any_new |= r->status == FB_PUSH_ACCEPTED;
    }
  g_string_append (json, "]}");

  response->status = 200;
  response->body = g_string_free (json, FALSE);
  response->new_head = any_new ? head : 0;
}

void
fb_server_handle (FbServer              *self,
                  const FbServerRequest *request,
                  FbServerResponse      *response)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_return_if_fail (request != NULL && response != NULL);

  if (!fb_server_check_headers (self, request, response))
    return;

  switch (route_for (request->path))
    {
    case ROUTE_OPS:
      if (g_str_equal (request->method, "POST"))
        handle_push (self, request, response);
      else
        handle_pull (self, request, response);
      break;

    case ROUTE_INFO:
      handle_info (self, response);
      break;

    case ROUTE_LIVE:
    case ROUTE_NONE:
    default:
      /* The WebSocket handshake is libsoup's; reaching here means the
       * request asked for an upgrade libsoup would not make. */
      fail (response, 400, "websocket_required", _("This address speaks WebSocket only."));
      break;
    }
}

/* Live notices ----------------------------------------------------------- */

static void
live_client_free (LiveClient *client)
{
  g_clear_object (&client->conn);
  g_free (client->user);
  g_free (client);
}

static void
send_notice (LiveClient *client,
             gint64      head)
{
  g_autofree char *text = NULL;

  if (soup_websocket_connection_get_state (client->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  text = g_strdup_printf ("{\"head\":%" G_GINT64_FORMAT "}", head);
  soup_websocket_connection_send_text (client->conn, text);
}

/* Notices are coalesced to one per main-loop turn and carry only the head,
 * so a burst of pushes or a slow reader never builds a queue of them. */
static gboolean
send_notices_cb (gpointer user_data)
{
  FbServer *self = user_data;
  gint64 head = fb_server_db_get_head (self->db);

  self->notice_id = 0;
  for (GList *l = self->live; l != NULL; l = l->next)
    send_notice (l->data, head);

  return G_SOURCE_REMOVE;
}

static void
schedule_notices (FbServer *self)
{
  if (self->notice_id == 0)
    self->notice_id = g_idle_add (send_notices_cb, self);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  FbServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 head = fb_server_db_get_head (self->db);
  gint64 limit = (gint64) self->heartbeat_s * 3 * G_USEC_PER_SEC;

  for (GList *l = self->live; l != NULL; l = l->next)
    {
      LiveClient *client = l->data;

      /* A client answers every heartbeat; three missed and the socket is
       * taken for dead (a cable pulled never sends a FIN). */
      if (now - client->last_seen > limit)
        {
          if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                             "no heartbeat");
        }
      else
        send_notice (client, head);
    }

  return G_SOURCE_CONTINUE;
}

static void
on_live_message_cb (SoupWebsocketConnection *conn,
                    int                      type,
                    GBytes                  *message,
                    LiveClient              *client)
{
  client->last_seen = g_get_monotonic_time ();
}

static void
on_live_closed_cb (SoupWebsocketConnection *conn,
                   LiveClient              *client)
{
  FbServer *self = client->server;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->live_per_user, client->user));

  if (count <= 1)
    g_hash_table_remove (self->live_per_user, client->user);
  else
    g_hash_table_insert (self->live_per_user, g_strdup (client->user), GUINT_TO_POINTER (count - 1));

  g_signal_handlers_disconnect_by_data (conn, client);
  self->live = g_list_remove (self->live, client);
  live_client_free (client);
}

static void
on_websocket_cb (SoupServer              *soup,
                 SoupServerMessage       *msg,
                 const char              *path,
                 SoupWebsocketConnection *conn,
                 gpointer                 user_data)
{
  FbServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(FbTokenInfo) token = fb_server_db_check_token (self->db, bearer_token (auth));
  LiveClient *client;
  guint count;

  if (token == NULL)
    {
      /* The early handler let it through; a token revoked in between. */
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "unauthorized");
      return;
    }

  client = g_new0 (LiveClient, 1);
  client->server = self;
  client->conn = g_object_ref (conn);
  client->user = g_strdup (token->name);
  client->last_seen = g_get_monotonic_time ();

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->live_per_user, client->user));
  g_hash_table_insert (self->live_per_user, g_strdup (client->user), GUINT_TO_POINTER (count + 1));
  self->live = g_list_prepend (self->live, client);

  soup_websocket_connection_set_max_incoming_payload_size (conn, FB_SERVER_MAX_WS_PAYLOAD);
  soup_websocket_connection_set_keepalive_interval (conn, self->heartbeat_s);
  g_signal_connect (conn, "message", G_CALLBACK (on_live_message_cb), client);
  g_signal_connect (conn, "closed", G_CALLBACK (on_live_closed_cb), client);

  send_notice (client, fb_server_db_get_head (self->db));
}

/* HTTP glue -------------------------------------------------------------- */

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
  request->path = g_uri_get_path (uri);
  request->query = g_uri_get_query (uri);
  request->authorization = soup_message_headers_get_one (headers, "Authorization");
  request->upgrade = soup_message_headers_get_one (headers, "Upgrade");
  {
    const char *type = soup_message_headers_get_content_type (headers, NULL);
    *content_type = type != NULL ? g_ascii_strdown (type, -1) : NULL;
    request->content_type = *content_type;
  }
  request->chunked = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED;
  request->content_length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                            ? soup_message_headers_get_content_length (headers) : -1;
  if (body != NULL && body->data != NULL)
    {
      request->body = body->data;
      request->body_len = (gsize) body->length;
    }
  else
    request->body = "";
}

static void
send_response (SoupServerMessage *msg,
               FbServerResponse  *response)
{
  gsize len = strlen (response->body);

  if (response->user != NULL)
    g_object_set_data_full (G_OBJECT (msg), "fb-user", g_strdup (response->user), g_free);

  soup_server_message_set_status (msg, response->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&response->body), len);
}

/* One line per request: enough to answer "who sent what, and what did
 * they get back" without logging any token or content. */
static void
log_request (const char *remote,
             const char *method,
             GUri       *uri,
             guint       status,
             gint64      bytes,
             double      ms,
             const char *user,
             const char *note)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  const char *query = g_uri_get_query (uri);

  fprintf (stderr, "%s.%03dZ %s %s %s%s%s %u %" G_GINT64_FORMAT "B %.1fms user=%s%s\n",
           stamp, g_date_time_get_microsecond (now) / 1000,
           remote != NULL ? remote : "-", method, g_uri_get_path (uri),
           query != NULL ? "?" : "", query != NULL ? query : "",
           status, bytes, ms, user != NULL ? user : "-", note != NULL ? note : "");
}

/* Refusing an upload from its headers must not cost reading its body:
 * libsoup would read (and keep) it before answering, so the connection is
 * taken over, answered by hand and closed. What the client already sent
 * is read and thrown away for a moment first, because closing a socket
 * with unread data makes the kernel reset it, and the client would see
 * "connection reset" instead of our answer. */
typedef struct
{
  GIOStream    *stream;
  GCancellable *cancellable;
  guint         timeout_id;
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
  g_clear_object (&refusal->cancellable);
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
refuse_upload (FbServer          *self,
               SoupServerMessage *msg,
               FbServerResponse  *response)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GIOStream) stream = NULL;
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autofree char *remote = g_strdup (soup_server_message_get_remote_host (msg));
  g_autofree char *method = g_strdup (soup_server_message_get_method (msg));
  g_autoptr(GUri) uri = g_uri_ref (soup_server_message_get_uri (msg));
  gint64 *start = g_object_get_data (G_OBJECT (msg), "fb-start");
  double ms = start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0.0;
  gsize len = strlen (response->body);
  Refusal *refusal;

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n"
                                "Content-Type: application/json\r\n"
                                "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                "Connection: close\r\n\r\n",
                          response->status, soup_status_get_phrase (response->status), len);
  g_string_append_len (head, response->body, (gssize) len);

  if (socket != NULL)
    g_object_ref (socket);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      g_clear_object (&socket);
      return;
    }

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), head->str, head->len,
                             NULL, NULL, NULL);
  g_output_stream_flush (g_io_stream_get_output_stream (stream), NULL, NULL);
  if (socket != NULL)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_clear_object (&socket);

  if (self->log_requests)
    log_request (remote, method, uri, response->status, (gint64) len, ms, response->user,
                 " (answered from the headers; body not read)");

  refusal = g_new0 (Refusal, 1);
  refusal->stream = g_steal_pointer (&stream);
  refusal->cancellable = g_cancellable_new ();
  refusal->timeout_id = g_timeout_add_seconds (2, on_refusal_timeout_cb, refusal);
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream),
                             refusal->buffer, sizeof refusal->buffer, G_PRIORITY_LOW,
                             refusal->cancellable, on_refusal_read_cb, refusal);
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
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "fb-start", start, g_free);

  request_from_message (msg, &request, &content_type);
  request.body = NULL;
  request.body_len = 0;

  /* Setting a status here makes libsoup answer without reading the body. */
  if (!fb_server_check_headers (self, &request, &response))
    {
      if (request.chunked || request.content_length > 0)
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
  fb_server_handle (self, &request, &response);
  send_response (msg, &response);

  if (response.new_head > 0)
    schedule_notices (self);

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

  if (!self->log_requests)
    return;

  log_request (soup_server_message_get_remote_host (msg), soup_server_message_get_method (msg),
               soup_server_message_get_uri (msg), soup_server_message_get_status (msg),
               body != NULL ? body->length : 0,
               start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0.0,
               user, NULL);
}

/* GObject ---------------------------------------------------------------- */

static void
fb_server_dispose (GObject *object)
{
  FbServer *self = (FbServer *) object;

  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_handle_id (&self->notice_id, g_source_remove);

  while (self->live != NULL)
    {
      LiveClient *client = self->live->data;

      g_signal_handlers_disconnect_by_data (client->conn, client);
      self->live = g_list_delete_link (self->live, self->live);
      live_client_free (client);
    }

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
  self->log_requests = TRUE;
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
  soup_server_add_early_handler (self->soup, API "live", on_early_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, API "live", NULL, NULL, on_websocket_cb, self, NULL);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (on_request_finished_cb), self, 0);

  self->heartbeat_id = g_timeout_add_seconds (self->heartbeat_s, heartbeat_cb, self);

  return self;
}

FbServerDb *
fb_server_get_db (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), NULL);

  return self->db;
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
  if (!soup_server_listen (self->soup, socket_address,
                           self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
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

void
fb_server_set_max_connections (FbServer *self,
                               guint     per_token)
{
  g_return_if_fail (FB_IS_SERVER (self));

  self->max_per_token = per_token;
}

void
fb_server_set_heartbeat (FbServer *self,
                         guint     seconds)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  self->heartbeat_s = seconds;
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  self->heartbeat_id = g_timeout_add_seconds (seconds, heartbeat_cb, self);
}

void
fb_server_set_log_requests (FbServer *self,
                            gboolean  log_requests)
{
  g_return_if_fail (FB_IS_SERVER (self));

  self->log_requests = log_requests;
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

guint
fb_server_count_live (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), 0);

  return g_list_length (self->live);
}
