/* fb-server-api.c — the server's answers, from a plain request to a plain response
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests are answered in two steps. The headers alone decide everything
 * they can (route, token, media type, declared size) before a byte of the
 * body is read, so an oversized or unauthorised upload costs nothing. The
 * body is then decoded and every op checked before one is stored.
 *
 * Nothing here sees libsoup's messages: the network, the tests and the
 * fuzzer all come in through FbServerRequest.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-server-private.h"

void
fb_server_response_clear (FbServerResponse *response)
{
  g_clear_pointer (&response->body, g_free);
  g_clear_pointer (&response->user, g_free);
  g_clear_pointer (&response->failure, g_free);
  response->status = 0;
  response->new_head = 0;
  response->retry_after = 0;
  response->stream = FALSE;
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

gboolean
_fb_server_fail_at (FbServerResponse *response,
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
  g_clear_pointer (&response->failure, g_free);
  if (status >= 500)
    response->failure = g_strdup (valid);
  return FALSE;
}

gboolean
_fb_server_fail (FbServerResponse *response,
                 guint             status,
                 const char       *code,
                 const char       *message)
{
  return _fb_server_fail_at (response, status, code, -1, message);
}

/* The database is out of reach (PostgreSQL restarting or failing over):
 * nothing was done, and the same request later will do. The reason, with
 * its host names, is for the request log only. */
gboolean
_fb_server_fail_unavailable (FbServerResponse *response,
                             const GError     *error)
{
  _fb_server_fail (response, 503, "unavailable",
                   _("The server’s database cannot be reached for the moment; nothing was stored. "
                     "Send the request again after Retry-After."));
  response->retry_after = FB_SERVER_UNAVAILABLE_RETRY_S;
  if (error != NULL)
    {
      g_free (response->failure);
      response->failure = g_strdup (error->message);
    }
  return FALSE;
}

/* How each kind of core error reaches the wire: a stable code, and a
 * status that tells a client whether sending the same again can help. */
gboolean
_fb_server_fail_with_error (FbServerResponse *response,
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
        case FB_ERROR_FORBIDDEN:  status = 403; code = "restricted"; break;
        case FB_ERROR_UNAVAILABLE:
          return _fb_server_fail_unavailable (response, error);
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

  return _fb_server_fail_at (response, status, code, index, error->message);
}

/* The refusals of a push that its token decides, the same over HTTP and
 * on the live socket. */
gboolean
_fb_server_may_write (FbServerResponse *response,
                      gboolean          read_only)
{
  if (read_only)
    return _fb_server_fail (response, 403, "read_only",
                            _("This token may read but not write; ask for a token that may send changes."));
  return TRUE;
}

gboolean
_fb_server_may_push_now (FbServer         *self,
                         const char       *user,
                         FbServerResponse *response)
{
  if (!_fb_server_push_allowed (self, user, &response->retry_after))
    return _fb_server_fail (response, 429, "too_many_pushes",
                            _("This token sends changes faster than the server accepts; "
                              "wait as long as Retry-After says and send them again."));
  return TRUE;
}

/* Headers ---------------------------------------------------------------- */

const char *
_fb_server_bearer_token (const char *authorization)
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
  ROUTE_HEADS,
} Route;

static Route
route_for (const char *path)
{
  if (g_strcmp0 (path, FB_SERVER_API_PATH "ops") == 0)
    return ROUTE_OPS;
  if (g_strcmp0 (path, FB_SERVER_API_PATH "info") == 0)
    return ROUTE_INFO;
  if (g_strcmp0 (path, FB_SERVER_API_PATH "live") == 0)
    return ROUTE_LIVE;
  if (g_strcmp0 (path, FB_SERVER_API_PATH "heads") == 0)
    return ROUTE_HEADS;
  return ROUTE_NONE;
}

gboolean
_fb_server_is_api_path (const char *path)
{
  return route_for (path) != ROUTE_NONE;
}

gboolean
fb_server_check_headers (FbServer              *self,
                         const FbServerRequest *request,
                         FbServerResponse      *response)
{
  g_autoptr(FbTokenInfo) token = NULL;
  g_autoptr(GError) error = NULL;
  Route route;
  gboolean is_get, is_post;

  g_return_val_if_fail (FB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (request != NULL && response != NULL, FALSE);

  /* Where the body ends is unknown, so nothing after it can be read. */
  if (request->bad_length)
    return _fb_server_fail (response, 400, "bad_length",
                            _("The Content-Length header must be one whole number of bytes."));

  route = route_for (request->path);
  if (route == ROUTE_NONE)
    return _fb_server_fail (response, 404, "not_found",
                            _("There is nothing at this address; the API lives under /api/v1/."));

  is_get = g_strcmp0 (request->method, "GET") == 0;
  is_post = g_strcmp0 (request->method, "POST") == 0;
  if (!(is_get || (is_post && route == ROUTE_OPS)))
    return _fb_server_fail (response, 405, "method_not_allowed",
                            route == ROUTE_OPS ? _("Use GET to pull changes or POST to push them.")
                                               : _("Use GET here."));

  token = fb_server_db_lookup_token (self->db, _fb_server_bearer_token (request->authorization), &error);
  if (error != NULL)
    return _fb_server_fail_with_error (response, error, -1);
  if (token == NULL)
    return _fb_server_fail (response, 401, "unauthorized",
                            request->authorization == NULL
                            ? _("This server needs a token: send “Authorization: Bearer TOKEN”.")
                            : _("The token is not valid (mistyped, or revoked). Ask the server’s "
                                "administrator for a new one."));

  g_free (response->user);
  response->user = g_strdup (token->name);
  response->read_only = token->read_only;

  if (is_post)
    {
      if (!_fb_server_may_write (response, token->read_only))
        return FALSE;

      if (g_strcmp0 (request->content_type, "application/json") != 0)
        return _fb_server_fail (response, 415, "unsupported_media_type",
                                _("Send the changes as “Content-Type: application/json”."));

      if (request->content_length < 0 && !request->chunked)
        return _fb_server_fail (response, 411, "length_required",
                                _("Send a Content-Length header; chunked uploads are not accepted."));

      if (!_fb_server_may_push_now (self, token->name, response))
        return FALSE;
    }

  /* Whatever the method: libsoup would read any body it is told of. */
  if (request->chunked)
    return _fb_server_fail (response, 411, "length_required",
                            _("Send a Content-Length header; chunked uploads are not accepted."));

  if (request->content_length > FB_SERVER_MAX_BODY)
    {
      g_autofree char *message =
        g_strdup_printf (_("The request is %lld bytes; the limit is %d. "
                           "Send fewer changes at a time."),
                         (long long) request->content_length, FB_SERVER_MAX_BODY);
      return _fb_server_fail (response, 413, "body_too_large", message);
    }

  if (route == ROUTE_LIVE)
    {
      guint count = _fb_server_live_count_for (self, token->name);

      if (request->upgrade == NULL || g_ascii_strcasecmp (request->upgrade, "websocket") != 0)
        return _fb_server_fail (response, 400, "websocket_required",
                                _("This address speaks WebSocket only."));

      if (count >= self->max_per_token)
        {
          g_autofree char *message =
            g_strdup_printf (_("This token already has %u live connections, the most allowed; "
                               "close some or give each workstation its own token."), count);
          return _fb_server_fail (response, 429, "too_many_connections", message);
        }
    }

  return TRUE;
}

/* Bodies ----------------------------------------------------------------- */

gboolean
_fb_server_parse_query_int (GHashTable *params,
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
      return _fb_server_fail (response, 400, "bad_parameter", message);
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
  gint64 since = 0, limit = FB_SERVER_DEFAULT_PULL, stream = 0, head, last_seq;

  if (request->query != NULL)
    {
      params = g_uri_parse_params (request->query, -1, "&", G_URI_PARAMS_NONE, &error);
      if (params == NULL)
        {
          _fb_server_fail (response, 400, "bad_parameter", _("The query string cannot be read."));
          return;
        }
    }

  if (!_fb_server_parse_query_int (params, "since", 0, G_MAXINT64, &since, response) ||
      !_fb_server_parse_query_int (params, "stream", 0, 1, &stream, response))
    return;
  /* A stream's pages are as large as a pull may ask, unless it asks
   * for smaller ones. */
  if (stream)
    limit = FB_SERVER_MAX_PULL;
  if (!_fb_server_parse_query_int (params, "limit", 1, FB_SERVER_MAX_PULL, &limit, response))
    return;
  /* Each page of a stream repeats the last op of the one before. */
  if (stream)
    limit = MAX (limit, 2);

  head = fb_server_db_get_head (self->db);
  json = g_string_new (NULL);
  if (!_fb_server_pull_page (self, response->user, since, (guint) limit, json, &last_seq, &error))
    {
      g_string_free (json, TRUE);
      _fb_server_fail_with_error (response, error, -1);
      return;
    }

  response->status = 200;
  response->body = g_string_free (json, FALSE);
  if (stream)
    {
      /* The rest follow once this page is written (fb-server-stream.c). */
      response->stream = TRUE;
      response->stream_since = last_seq > since && last_seq < head ? last_seq : -1;
      response->stream_until = head;
      response->stream_limit = (guint) limit;
    }
}

/* Who the token is, so that a workstation restricting an incident can
 * tell whether it would leave itself out, and whether it may write, for
 * the person checking their settings. */
static void
handle_info (FbServer         *self,
             FbServerResponse *response)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  GString *json;
  gint64 head = 0;

  if (!fb_server_db_read_head (self->db, &head, &error) ||
      (groups = fb_server_db_read_groups_of (self->db, response->user, &error)) == NULL)
    {
      _fb_server_fail_with_error (response, error, -1);
      return;
    }

  json = g_string_new (NULL);
  g_string_append_printf (json, "{\"server_id\":\"%s\",\"version\":\"%s\",\"head\":%" G_GINT64_FORMAT
                          ",\"limits\":{\"max_body\":%d,\"max_batch\":%d,\"max_pull\":%d",
                          fb_server_db_get_server_id (self->db), PACKAGE_VERSION, head,
                          FB_SERVER_MAX_BODY, FB_SERVER_MAX_BATCH, FB_SERVER_MAX_PULL);
  /* The capability: pushes of up to this many bytes go on the live socket. */
  if (self->live_push)
    g_string_append_printf (json, ",\"live_push\":%d", FB_SERVER_MAX_WS_PAYLOAD);
  g_string_append (json, "},\"user\":");
  append_json_string (json, response->user);
  g_string_append (json, ",\"groups\":[");
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      append_json_string (json, groups[i]);
    }
  g_string_append_printf (json, "],\"read_only\":%s}", response->read_only ? "true" : "false");

  response->status = 200;
  response->body = g_string_free (json, FALSE);
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
        _fb_server_handle_push (self, request, response);
      else
        handle_pull (self, request, response);
      break;

    case ROUTE_INFO:
      handle_info (self, response);
      break;

    case ROUTE_HEADS:
      _fb_server_handle_heads (self, request, response);
      break;

    case ROUTE_LIVE:
    case ROUTE_NONE:
    default:
      /* The WebSocket handshake is libsoup's; reaching here means the
       * request asked for an upgrade libsoup would not make. */
      _fb_server_fail (response, 400, "websocket_required", _("This address speaks WebSocket only."));
      break;
    }
}
