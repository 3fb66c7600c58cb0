/* fb-server-push.c — POST /api/v1/ops: a batch decoded, checked and stored
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "fb-server-private.h"

/* Each user's pushes are metered by a token bucket: it holds up to
 * push_burst pushes and refills at push_rate a second, on the server's
 * clock. One busy workstation cannot keep the others waiting on the
 * database. */
typedef struct
{
  double tokens;
  gint64 updated_ms;
} PushBucket;

static PushBucket *
get_bucket (FbServer   *self,
            const char *user)
{
  PushBucket *bucket = g_hash_table_lookup (self->push_buckets, user);
  gint64 now = self->clock (self->clock_data);

  if (bucket == NULL)
    {
      bucket = g_new0 (PushBucket, 1);
      bucket->tokens = self->push_burst;
      bucket->updated_ms = now;
      g_hash_table_insert (self->push_buckets, g_strdup (user), bucket);
    }

  /* A clock set back refills nothing, and takes nothing away. */
  if (now > bucket->updated_ms)
    bucket->tokens = MIN ((double) self->push_burst,
                          bucket->tokens + (now - bucket->updated_ms) * self->push_rate / 1000.0);
  bucket->updated_ms = now;

  return bucket;
}

gboolean
_fb_server_push_allowed (FbServer   *self,
                         const char *user,
                         guint      *retry_after)
{
  PushBucket *bucket;
  double wait_s;

  if (self->push_rate == 0)
    return TRUE;

  bucket = get_bucket (self, user);
  if (bucket->tokens >= 1.0)
    return TRUE;

  /* Whole seconds, rounded up: never "0", which would invite a retry now. */
  wait_s = (1.0 - bucket->tokens) / self->push_rate;
  *retry_after = (guint) wait_s;
  if (*retry_after < wait_s || *retry_after == 0)
    *retry_after += 1;
  return FALSE;
}

static void
take_push (FbServer   *self,
           const char *user)
{
  if (self->push_rate > 0 && user != NULL)
    get_bucket (self, user)->tokens -= 1.0;
}

/* Another process holding the database (a backup, an administrator's
 * command) makes a push wait a moment, then give up: the client is told
 * to come back rather than every other client waiting behind it. */
static gboolean
is_busy (const GError *error)
{
  return g_error_matches (error, FB_ERROR, FB_ERROR_BUSY);
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
      _fb_server_fail (response, 400, "bad_links", _("“links” must be a list."));
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      FbLink *link = fb_link_from_json_node (json_array_get_element (array, i));
      const FbLink *before = i > 0 ? g_ptr_array_index (links, i - 1) : NULL;

      if (link == NULL)
        {
          _fb_server_fail (response, 400, "bad_links",
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
          _fb_server_fail (response, 400, "bad_links",
                           _("Links must belong to the device of the changes, come before them, "
                             "and follow each other in order."));
          return NULL;
        }
    }

  return g_steal_pointer (&links);
}

/* The bytes of a request, as JSON: the same checks and the same refusals
 * whether they came as an HTTP body or as a message on the live socket. */
JsonNode *
_fb_server_parse_body (const char       *body,
                       gsize             len,
                       FbServerResponse *response)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (len > FB_SERVER_MAX_BODY)
    {
      _fb_server_fail (response, 413, "body_too_large", _("The request is larger than the server accepts."));
      return NULL;
    }

  if (!g_utf8_validate (body, (gssize) len, NULL))
    {
      _fb_server_fail (response, 400, "bad_utf8", _("The request is not valid UTF-8."));
      return NULL;
    }

  root = fb_json_parse_untrusted (body, (gssize) len, FB_SERVER_MAX_BODY, FB_JSON_MAX_DEPTH, &error);
  if (root == NULL)
    {
      if (g_error_matches (error, FB_ERROR, FB_ERROR_TOO_DEEP))
        _fb_server_fail (response, 400, "too_deep", error->message);
      else if (g_error_matches (error, FB_ERROR, FB_ERROR_TOO_LARGE))
        _fb_server_fail (response, 413, "body_too_large", error->message);
      else
        _fb_server_fail (response, 400, "bad_json", error->message);
    }

  return root;
}

/* Decodes and checks every op of a batch, in memory, before the database
 * sees any of them. A batch sent on the live socket also carries its
 * "push" tag, and nothing else beside what a request body holds. */
static GPtrArray *
decode_batch (FbServer         *self,
              JsonNode         *root,
              gboolean          tagged,
              FbServerResponse *response,
              GPtrArray       **links)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  gint64 now = self->clock (self->clock_data);
  guint n;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      _fb_server_fail (response, 400, "bad_request", _("The request must be an object: {\"ops\": [ … ]}."));
      return NULL;
    }

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  node = json_object_get_member (object, "ops");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      g_list_length (members) != (json_object_has_member (object, "links") ? 2u : 1u) + (tagged ? 1u : 0u))
    {
      _fb_server_fail (response, 400, "bad_request",
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
      _fb_server_fail (response, 413, "too_many_ops", message);
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
            _fb_server_fail_at (response, 400, "bad_hash", (int) i, error->message);
          else
            _fb_server_fail_with_error (response, error, (int) i);
          return NULL;
        }

      canonical = fb_op_to_json (op, &len);
      if (len > FB_OP_MAX_BYTES)
        {
          g_autofree char *message =
            g_strdup_printf (_("Change %s is %zu bytes; the limit is %d."),
                             op->id, len, FB_OP_MAX_BYTES);
          _fb_server_fail_at (response, 413, "too_large", (int) i, message);
          return NULL;
        }

      /* The server's own clock is the judge: a write stamped far in the
       * future would win every later conflict. */
      fb_hlc_parse (op->hlc, &hlc);
      if (!fb_hlc_receive (&scratch, &hlc, now, &error))
        {
          _fb_server_fail_with_error (response, error, (int) i);
          return NULL;
        }

      if (i > 0)
        {
          const FbOp *first = g_ptr_array_index (ops, 0);

          if (!g_str_equal (first->device, op->device))
            {
              _fb_server_fail_at (response, 400, "mixed_devices", (int) i,
                                  _("A request may carry the changes of one device only."));
              return NULL;
            }
          if (op->device_seq != first->device_seq + i)
            {
              _fb_server_fail_at (response, 400, "out_of_order", (int) i,
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

/* Stores a decoded request's batch and answers it; the token, the
 * read-only check and the push bucket have been seen to. */
static void
store_batch (FbServer         *self,
             JsonNode         *root,
             gboolean          tagged,
             FbServerResponse *response)
{
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(GError) error = NULL;
  GString *json;
  guint bad = 0;
  gboolean any_new = FALSE;
  gint64 head;

  ops = decode_batch (self, root, tagged, response, &links);
  if (ops == NULL)
    return;

  results = fb_server_db_push (self->db, ops, links, response->user, &bad, &error);
  fb_probe_mark (FB_PROBE_SERVER_STORED);
  if (results == NULL && is_busy (error))
    {
      _fb_server_fail (response, 503, "busy",
                       _("The server’s database is held by another program for a moment; "
                         "nothing was stored. Send the changes again after Retry-After."));
      response->retry_after = 1;
      return;
    }
  if (results == NULL)
    {
      _fb_server_fail_with_error (response, error, (int) bad);
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
_fb_server_handle_push (FbServer              *self,
                        const FbServerRequest *request,
                        FbServerResponse      *response)
{
  g_autoptr(JsonNode) root = NULL;

  fb_probe_mark (FB_PROBE_SERVER_RECEIVED);
  take_push (self, response->user);

  root = _fb_server_parse_body (request->body, request->body_len, response);
  if (root != NULL)
    store_batch (self, root, FALSE, response);
}

/* A push sent on the live socket, {"push": ID, "ops": [ … ]}: the same
 * batch as a request body, tagged. */
void
_fb_server_handle_live_push (FbServer         *self,
                             JsonNode         *message,
                             FbServerResponse *response)
{
  fb_probe_mark (FB_PROBE_SERVER_RECEIVED);
  take_push (self, response->user);
  store_batch (self, message, TRUE, response);
}
