/* fb-server-heads.c — GET /api/v1/heads: what the server holds of each
 * device's chain, for a client that compares its record with it
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record cut short at a workstation still has a whole chain; the server
 * is a witness that it once held more. Without parameters the answer is
 * the newest place of every device and their digest; with a device and a
 * number, that one place. The query is read strictly: a parameter that
 * is not one of these, or comes alone, is refused.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-server-private.h"

static char *
to_json (JsonNode *node)
{
  return fb_json_canonical (node, NULL);
}

static void
answer_state (FbServer         *self,
              FbServerResponse *response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRecordState) state = fb_server_db_get_state (self->db, &error);
  g_autoptr(JsonNode) node = NULL;

  if (state == NULL)
    {
      _fb_server_fail_with_error (response, error, -1);
      return;
    }

  node = fb_record_state_to_json_node (state);
  json_object_set_string_member (json_node_get_object (node), "server_id",
                                 fb_server_db_get_server_id (self->db));
  response->status = 200;
  response->body = to_json (node);
}

static void
answer_place (FbServer         *self,
              const char       *device,
              gint64            device_seq,
              FbServerResponse *response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLink) place = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 seq = 0;

  place = fb_server_db_get_place (self->db, device, device_seq, &seq, &error);
  if (error != NULL)
    {
      _fb_server_fail_with_error (response, error, -1);
      return;
    }
  if (place == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The server holds no change number %lld of device %s."),
                         (long long) device_seq, device);
      _fb_server_fail (response, 404, "not_found", message);
      return;
    }

  node = fb_link_to_json_node (place);
  json_object_set_int_member (json_node_get_object (node), "seq", seq);
  response->status = 200;
  response->body = to_json (node);
}

void
_fb_server_handle_heads (FbServer              *self,
                         const FbServerRequest *request,
                         FbServerResponse      *response)
{
  g_autoptr(GHashTable) params = NULL;
  GHashTableIter iter;
  gpointer key;
  const char *device;
  gint64 device_seq = 0;
  gboolean strict = TRUE;

  if (request->query == NULL)
    {
      answer_state (self, response);
      return;
    }

  params = g_uri_parse_params (request->query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    {
      _fb_server_fail (response, 400, "bad_parameter", _("The query string cannot be read."));
      return;
    }

  /* Only these two, and both. */
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    strict = strict && (g_str_equal (key, "device") || g_str_equal (key, "device_seq"));

  device = g_hash_table_lookup (params, "device");
  if (!strict || device == NULL || !g_hash_table_contains (params, "device_seq"))
    {
      _fb_server_fail (response, 400, "bad_parameter",
                       _("Ask for the heads with no parameters, or for one place with "
                         "“device” and “device_seq”."));
      return;
    }

  if (!fb_uuid_is_valid (device))
    {
      _fb_server_fail (response, 400, "bad_parameter",
                       _("The parameter “device” must be a device’s UUID, in lower case."));
      return;
    }

  if (!_fb_server_parse_query_int (params, "device_seq", 1, G_MAXINT64, &device_seq, response))
    return;

  answer_place (self, device, device_seq, response);
}
