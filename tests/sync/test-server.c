/* test-server.c — firebreak-server's API, limits and refusals, over HTTP
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-test-live.h"

typedef struct
{
  FbTestDir    *dir;
  FbTestServer *server;
  char         *token;
  FbStore      *store;   /* where the test's valid ops come from */
  GPtrArray    *ops;     /* an incident and entries, device order */
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  const char * const *args = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *incident = NULL;

  fx->dir = fb_test_dir_new ();
  fx->server = fb_test_server_new (fx->dir, "server.db", args);
  fx->token = fb_test_server_add_user (fx->server, "alice", FALSE);

  store_path = fb_test_dir_file (fx->dir, "client.db");
  fx->store = fb_store_open (store_path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  incident = fb_store_create_incident (fx->store, "Ransomware on the file server", "ransomware",
                                       1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *text = g_strdup_printf ("Fact number %u", i);
      g_free (fb_store_add_entry (fx->store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  fx->ops = fb_store_get_outbox (fx->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fx->ops->len, ==, 8);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_pointer (&fx->ops, g_ptr_array_unref);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->server, fb_test_server_free);
  g_free (fx->token);
  fb_test_dir_free (fx->dir);
}

static FbOp *
op_at (Fixture *fx,
       guint    i)
{
  return g_ptr_array_index (fx->ops, i);
}

static FbTestReply *
push (Fixture    *fx,
      const char *token,
      const char *body,
      gssize      len)
{
  return fb_test_http (fx->server, "POST", "/api/v1/ops", token, "application/json", body, len);
}

static FbTestReply *
push_ops (Fixture *fx,
          guint    from,
          guint    n)
{
  g_autofree char *body = fb_test_push_body ((FbOp **) fx->ops->pdata + from, n);

  return push (fx, fx->token, body, -1);
}

static void
assert_refused (FbTestReply *reply,
                guint        status,
                const char  *code)
{
  if (reply->status != status || g_strcmp0 (fb_test_reply_error_code (reply), code) != 0)
    g_error ("Expected %u %s, got %u: %s", status, code, reply->status, reply->body);
}

/* Tokens ------------------------------------------------------------------ */

static void
test_server_tokens (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *reader = fb_test_server_add_user (fx->server, "auditor", TRUE);
  g_autoptr(FbTestReply) none = NULL, bad = NULL, ro_pull = NULL, ro_push = NULL, ok = NULL;
  g_autofree char *body = fb_test_push_body ((FbOp **) fx->ops->pdata, 2);

  none = fb_test_http (fx->server, "GET", "/api/v1/info", NULL, NULL, NULL, 0);
  assert_refused (none, 401, "unauthorized");

  bad = fb_test_http (fx->server, "GET", "/api/v1/ops", "fbt_not-a-real-token", NULL, NULL, 0);
  assert_refused (bad, 401, "unauthorized");

  ro_pull = fb_test_http (fx->server, "GET", "/api/v1/ops?since=0", reader, NULL, NULL, 0);
  g_assert_cmpuint (ro_pull->status, ==, 200);

  ro_push = push (fx, reader, body, -1);
  assert_refused (ro_push, 403, "read_only");
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 0);

  {
    g_autoptr(FbTestReply) none_push = push (fx, NULL, body, -1);
    assert_refused (none_push, 401, "unauthorized");
  }
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 0);

  ok = push (fx, fx->token, body, -1);
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 2);
}

/* Push, duplicates, pull ---------------------------------------------------- */

static void
test_server_push_pull (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(FbTestReply) first = NULL, again = NULL, rest = NULL, all = NULL, page = NULL;
  g_autoptr(FbTestReply) info = NULL, bad_limit = NULL, bad_since = NULL, wrong_method = NULL, nowhere = NULL;
  JsonArray *results, *ops;

  first = push_ops (fx, 0, 3);
  g_assert_cmpuint (first->status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (first->root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "accepted");
      g_assert_cmpstr (json_object_get_string_member (r, "id"), ==, op_at (fx, i)->id);
      g_assert_cmpint (json_object_get_int_member (r, "seq"), ==, i + 1);
    }

  /* The same batch again (an answer lost on the way): the same answer,
   * as duplicates, and nothing stored twice. */
  again = push_ops (fx, 0, 3);
  g_assert_cmpuint (again->status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (again->root), "results");
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "duplicate");
      g_assert_cmpint (json_object_get_int_member (r, "seq"), ==, i + 1);
    }

  /* Overlapping: old ones are duplicates, new ones accepted. */
  rest = push_ops (fx, 1, 7);
  g_assert_cmpuint (rest->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (rest->root), "head"), ==, 8);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 8);
  fb_test_server_assert_sound (fx->server);

  all = fb_test_http (fx->server, "GET", "/api/v1/ops?since=0", fx->token, NULL, NULL, 0);
  g_assert_cmpuint (all->status, ==, 200);
  ops = json_object_get_array_member (json_node_get_object (all->root), "ops");
  g_assert_cmpuint (json_array_get_length (ops), ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      JsonObject *item = json_array_get_object_element (ops, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(FbOp) op = fb_op_from_json_node (json_object_get_member (item, "op"), &error);

      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (item, "seq"), ==, i + 1);
      g_assert_cmpstr (op->id, ==, op_at (fx, i)->id);
      g_assert_true (fb_op_verify_hash (op, &error));
    }

  page = fb_test_http (fx->server, "GET", "/api/v1/ops?since=3&limit=2", fx->token, NULL, NULL, 0);
  ops = json_object_get_array_member (json_node_get_object (page->root), "ops");
  g_assert_cmpuint (json_array_get_length (ops), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (ops, 0), "seq"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (page->root), "head"), ==, 8);

  info = fb_test_http (fx->server, "GET", "/api/v1/info", fx->token, NULL, NULL, 0);
  g_assert_cmpuint (info->status, ==, 200);
  g_assert_true (fb_uuid_is_valid (json_object_get_string_member (json_node_get_object (info->root), "server_id")));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info->root), "head"), ==, 8);

  bad_limit = fb_test_http (fx->server, "GET", "/api/v1/ops?limit=0", fx->token, NULL, NULL, 0);
  assert_refused (bad_limit, 400, "bad_parameter");
  bad_since = fb_test_http (fx->server, "GET", "/api/v1/ops?since=-1", fx->token, NULL, NULL, 0);
  assert_refused (bad_since, 400, "bad_parameter");
  wrong_method = fb_test_http (fx->server, "DELETE", "/api/v1/ops", fx->token, NULL, NULL, 0);
  assert_refused (wrong_method, 405, "method_not_allowed");
  nowhere = fb_test_http (fx->server, "GET", "/api/v2/ops", fx->token, NULL, NULL, 0);
  assert_refused (nowhere, 404, "not_found");
}

/* Bad input ----------------------------------------------------------------- */

static char *
op_json_with (FbOp *op)
{
  g_free (op->hash);
  op->hash = fb_op_compute_hash (op);
  return fb_test_push_body (&op, 1);
}

static void
assert_refused_raw (Fixture    *fx,
                    const char *what,
                    const char *content_type,
                    const char *body,
                    gssize      len,
                    guint       status,
                    const char *code)
{
  gint64 before = fb_test_server_count_ops (fx->server);
  g_autoptr(FbTestReply) reply = fb_test_http (fx->server, "POST", "/api/v1/ops", fx->token,
                                               content_type, body, len);

  g_test_message ("%s: %u %s", what, reply->status, reply->body);
  assert_refused (reply, status, code);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, before);
}

static void
test_server_bad_input (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(FbTestReply) base = push_ops (fx, 0, 2);
  const char *json = "application/json";
  FbOp *third = op_at (fx, 2);

  g_assert_cmpuint (base->status, ==, 200);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 2);

  assert_refused_raw (fx, "malformed JSON", json, "{\"ops\":[", -1, 400, "bad_json");
  assert_refused_raw (fx, "empty body", json, "", 0, 400, "bad_json");
  assert_refused_raw (fx, "JSON with a comment", json, "{\"ops\":[] /* hi */}", -1, 400, "bad_json");
  assert_refused_raw (fx, "a bare word", json, "{\"ops\":[nan]}", -1, 400, "bad_json");
  assert_refused_raw (fx, "not an object", json, "[1,2]", -1, 400, "bad_request");
  assert_refused_raw (fx, "an extra member", json, "{\"ops\":[],\"also\":1}", -1, 400, "bad_request");
  assert_refused_raw (fx, "invalid UTF-8", json, "{\"ops\":[{\"id\":\"\xff\xfe\"}]}", -1, 400, "bad_utf8");
  assert_refused_raw (fx, "wrong media type", "text/plain", "{\"ops\":[]}", -1, 415, "unsupported_media_type");

  {
    GString *deep = g_string_new ("{\"ops\":");
    for (guint i = 0; i < 5000; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 5000; i++)
      g_string_append_c (deep, ']');
    g_string_append_c (deep, '}');
    assert_refused_raw (fx, "deep nesting", json, deep->str, -1, 400, "too_deep");
    g_string_free (deep, TRUE);
  }

  {
    GString *many = g_string_new ("{\"ops\":[");
    for (guint i = 0; i < 501; i++)
      g_string_append (many, i > 0 ? ",{}" : "{}");
    g_string_append (many, "]}");
    assert_refused_raw (fx, "too many ops", json, many->str, -1, 413, "too_many_ops");
    g_string_free (many, TRUE);
  }

  {
    g_autofree char *good = fb_test_push_body (&third, 1);
    g_autofree char *wrong_type = fb_test_replace_once (good, "\"device_seq\":3", "\"device_seq\":\"3\"");
    g_autofree char *fraction = fb_test_replace_once (good, "\"device_seq\":3", "\"device_seq\":3.0");
    g_autofree char *no_body = fb_test_replace_once (good, "\"body\":{", "\"bogus\":{");
    assert_refused_raw (fx, "a string for a number", json, wrong_type, -1, 400, "invalid_op");
    assert_refused_raw (fx, "a fraction for a number", json, fraction, -1, 400, "invalid_op");
    assert_refused_raw (fx, "an unknown field", json, no_body, -1, 400, "invalid_op");
  }

  {
    g_autoptr(FbOp) op = fb_op_copy (third);
    g_autofree char *body = NULL;
    g_free (op->type);
    op->type = g_strdup ("incident.explode");
    body = op_json_with (op);
    assert_refused_raw (fx, "an unknown op type", json, body, -1, 400, "invalid_op");
  }

  {
    g_autoptr(FbOp) op = fb_op_copy (third);
    g_autoptr(JsonObject) body = json_object_new ();
    g_autofree char *batch = NULL;
    GString *text = g_string_new (NULL);
    for (guint i = 0; i < FB_OP_MAX_TEXT + 1; i++)
      g_string_append_c (text, 'x');
    json_object_set_string_member (body, "kind", "fact");
    json_object_set_string_member (body, "text", text->str);
    json_object_set_int_member (body, "occurred_at", 1764000000000);
    g_string_free (text, TRUE);
    json_object_unref (op->body);
    op->body = json_object_ref (body);
    batch = op_json_with (op);
    assert_refused_raw (fx, "text over the limit", json, batch, -1, 413, "too_large");
  }

  {
    /* Contents altered, hash left as it was. */
    g_autofree char *good = fb_test_push_body (&third, 1);
    g_autofree char *altered = fb_test_replace_once (good, "Fact number", "Fiction number");
    assert_refused_raw (fx, "a hash that does not match", json, altered, -1, 400, "bad_hash");
  }

  {
    g_autoptr(FbOp) op = fb_op_copy (third);
    g_autofree char *body = NULL;
    g_free (op->prev);
    op->prev = g_strnfill (64, 'a');
    body = op_json_with (op);
    assert_refused_raw (fx, "a forged chain", json, body, -1, 409, "chain");
  }

  {
    g_autofree char *body = fb_test_push_body ((FbOp **) fx->ops->pdata + 3, 1);
    assert_refused_raw (fx, "a gap", json, body, -1, 409, "gap");
  }

  {
    /* Number 2 again, as another op: a copied database used twice. */
    g_autoptr(FbOp) op = fb_op_copy (op_at (fx, 1));
    g_autofree char *body = NULL;
    g_free (op->id);
    op->id = fb_uuid_new ();
    body = op_json_with (op);
    assert_refused_raw (fx, "a fork", json, body, -1, 409, "fork");
  }

  {
    g_autoptr(FbOp) op = fb_op_copy (third);
    g_autofree char *body = NULL;
    FbHlc hlc = { g_get_real_time () / 1000 + 60 * 60 * 1000, 0 };
    g_free (op->hlc);
    op->hlc = fb_hlc_to_string (&hlc);
    body = op_json_with (op);
    assert_refused_raw (fx, "a clock an hour ahead", json, body, -1, 400, "clock_skew");
  }

  {
    /* One bad op in the middle: the whole batch is refused, the answer
     * names it, and the good ones before it are not stored either. */
    g_autoptr(FbOp) bad = fb_op_copy (op_at (fx, 3));
    FbOp *batch[3] = { third, bad, op_at (fx, 4) };
    g_autofree char *body = NULL;
    g_autoptr(FbTestReply) reply = NULL;
    JsonObject *error;

    g_free (bad->author);
    bad->author = g_strdup ("Mallory");
    body = fb_test_push_body (batch, 3);
    reply = push (fx, fx->token, body, -1);
    assert_refused (reply, 400, "bad_hash");
    error = json_object_get_object_member (json_node_get_object (reply->root), "error");
    g_assert_cmpint (json_object_get_int_member (error, "index"), ==, 1);
    g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 2);
  }

  {
    /* Two devices in one batch. */
    g_autoptr(FbOp) other = fb_op_copy (op_at (fx, 3));
    FbOp *batch[2] = { third, other };
    g_autofree char *body = NULL;
    g_free (other->device);
    other->device = fb_uuid_new ();
    g_free (other->hash);
    other->hash = fb_op_compute_hash (other);
    body = fb_test_push_body (batch, 2);
    assert_refused_raw (fx, "two devices in a batch", json, body, -1, 400, "mixed_devices");
  }

  /* Links: hash-only places of the chain below a request's ops. */
  {
    g_autofree char *a64 = g_strnfill (64, 'a');
    g_autofree char *b64 = g_strnfill (64, 'b');
    const char *device = third->device;
    g_autofree char *skipping =
      g_strdup_printf ("{\"ops\":[],\"links\":["
                       "{\"device\":\"%s\",\"device_seq\":3,\"prev\":\"%s\",\"hash\":\"%s\"},"
                       "{\"device\":\"%s\",\"device_seq\":5,\"prev\":\"%s\",\"hash\":\"%s\"}]}",
                       device, third->prev, a64, device, a64, b64);
    g_autofree char *far =
      g_strdup_printf ("{\"ops\":[],\"links\":[{\"device\":\"%s\",\"device_seq\":9,"
                       "\"prev\":\"%s\",\"hash\":\"%s\"}]}", device, a64, b64);
    g_autofree char *forged =
      g_strdup_printf ("{\"ops\":[],\"links\":[{\"device\":\"%s\",\"device_seq\":3,"
                       "\"prev\":\"%s\",\"hash\":\"%s\"}]}", device, a64, b64);

    assert_refused_raw (fx, "links that are not a list", json, "{\"ops\":[],\"links\":1}", -1, 400, "bad_links");
    assert_refused_raw (fx, "a link without its hashes", json, "{\"ops\":[],\"links\":[{\"device_seq\":1}]}", -1,
                        400, "bad_links");
    assert_refused_raw (fx, "links that skip a number", json, skipping, -1, 400, "bad_links");
    assert_refused_raw (fx, "a link past the chain's end", json, far, -1, 409, "gap");
    assert_refused_raw (fx, "a link that does not follow", json, forged, -1, 409, "chain");
    g_assert_cmpint (fb_test_server_query (fx->server, "SELECT count(*) FROM links"), ==, 0);
  }

  /* After all that, the server still serves, and the next op fits. */
  {
    g_autoptr(FbTestReply) next = push_ops (fx, 2, 6);
    g_assert_cmpuint (next->status, ==, 200);
    g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 8);
    fb_test_server_assert_sound (fx->server);
  }
}

static char *
links_json (Fixture *fx,
            guint    n)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s{\"device\":\"%s\",\"device_seq\":%u,\"prev\":\"%s\",\"hash\":\"%s\"}",
                            i > 0 ? "," : "", op_at (fx, i)->device, i + 1, op_at (fx, i)->prev, op_at (fx, i)->hash);
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* A device's ops from the middle of its chain, with links for the places
 * before them (an incident imported from a laptop that recorded others
 * first): taken, passed on in pulls, and filled in when the laptop sends
 * its own ops later. */
static void
test_server_links (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *links = links_json (fx, 3);
  g_autofree char *ops = fb_test_push_body ((FbOp **) fx->ops->pdata + 3, 5);
  g_autofree char *body = NULL;
  g_autoptr(FbTestReply) pushed = NULL, pulled = NULL, filled = NULL;
  JsonArray *held;

  /* A server file from before links: opened, it gains them. (A
   * PostgreSQL database had them from its start.) */
  if (!fb_test_server_on_postgresql ())
    fb_test_server_rewrite (fx->server, "DROP TABLE links; DROP TABLE groups; DROP TABLE restrictions;"
                                        "ALTER TABLE ops DROP COLUMN incident; ALTER TABLE ops DROP COLUMN prev;"
                                        "PRAGMA user_version = 1;");

  /* Without the links, a gap. */
  assert_refused_raw (fx, "ops from the middle", "application/json", ops, -1, 409, "gap");

  body = g_strdup_printf ("{\"ops\":%.*s,\"links\":%s}", (int) (strlen (ops) - strlen ("{\"ops\":") - 1),
                          ops + strlen ("{\"ops\":"), links);
  pushed = push (fx, fx->token, body, -1);
  g_assert_cmpuint (pushed->status, ==, 200);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 5);
  fb_test_server_assert_sound (fx->server);

  pulled = fb_test_http (fx->server, "GET", "/api/v1/ops?since=0", fx->token, NULL, NULL, 0);
  g_assert_cmpuint (pulled->status, ==, 200);
  held = json_object_get_array_member (json_node_get_object (pulled->root), "links");
  g_assert_cmpuint (json_array_get_length (held), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(FbLink) link = fb_link_from_json_node (json_array_get_element (held, i));

      g_assert_nonnull (link);
      g_assert_cmpint (link->device_seq, ==, i + 1);
      g_assert_cmpstr (link->hash, ==, op_at (fx, i)->hash);
    }

  /* The laptop's own ops for those places, later. */
  filled = push_ops (fx, 0, 3);
  g_assert_cmpuint (filled->status, ==, 200);
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 8);
  fb_test_server_assert_sound (fx->server);
  if (!fb_test_server_on_postgresql ())
    g_assert_cmpint (fb_test_server_query (fx->server, "PRAGMA user_version"), ==, 3);
}

/* Declares a body far over the limit and sends none of it: the answer
 * must come from the headers alone. */
static void
test_server_oversized_body (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *request = NULL;
  g_autofree char *status_line = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  char *line;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", fx->server->port, NULL, &error);
  g_assert_no_error (error);

  request = g_strdup_printf ("POST /api/v1/ops HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n"
                             "Authorization: Bearer %s\r\n"
                             "Content-Type: application/json\r\n"
                             "Content-Length: 100000000\r\n\r\n", fx->token);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (conn)));
  status_line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status_line);
  g_assert_true (g_str_has_prefix (status_line, "HTTP/1.1 413"));

  while ((line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL)) != NULL)
    {
      g_string_append (all, line);
      g_free (line);
    }
  g_assert_nonnull (strstr (all->str, "\"body_too_large\""));
  g_assert_cmpint (fb_test_server_count_ops (fx->server), ==, 0);

  /* A chunked upload has no length to check, so it is refused too. */
  {
    g_autoptr(GSocketConnection) conn2 = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                                          fx->server->port, NULL, &error);
    g_autoptr(GDataInputStream) in2 = NULL;
    g_autofree char *request2 = g_strdup_printf ("POST /api/v1/ops HTTP/1.1\r\n"
                                                 "Host: 127.0.0.1\r\n"
                                                 "Authorization: Bearer %s\r\n"
                                                 "Content-Type: application/json\r\n"
                                                 "Transfer-Encoding: chunked\r\n\r\n", fx->token);
    g_autofree char *status2 = NULL;

    g_assert_no_error (error);
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn2)),
                               request2, strlen (request2), NULL, NULL, &error);
    g_assert_no_error (error);
    in2 = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (conn2)));
    status2 = g_data_input_stream_read_line_utf8 (in2, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (status2, "HTTP/1.1 411"));
  }

  /* Nor may any other method slip a body past the limit. */
  {
    g_autoptr(GSocketConnection) conn3 = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                                          fx->server->port, NULL, &error);
    g_autoptr(GDataInputStream) in3 = NULL;
    g_autofree char *request3 = g_strdup_printf ("GET /api/v1/ops HTTP/1.1\r\n"
                                                 "Host: 127.0.0.1\r\n"
                                                 "Authorization: Bearer %s\r\n"
                                                 "Content-Length: 100000000\r\n\r\n", fx->token);
    g_autofree char *status3 = NULL;

    g_assert_no_error (error);
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn3)),
                               request3, strlen (request3), NULL, NULL, &error);
    g_assert_no_error (error);
    in3 = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (conn3)));
    status3 = g_data_input_stream_read_line_utf8 (in3, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (status3, "HTTP/1.1 413"));
  }

  /* And everyone else is still served. */
  {
    g_autoptr(FbTestReply) info = fb_test_http (fx->server, "GET", "/api/v1/info", fx->token, NULL, NULL, 0);
    g_assert_cmpuint (info->status, ==, 200);
  }
}

/* Live notices ----------------------------------------------------------- */

static gboolean
live_has_notice (gpointer data)
{
  return ((FbTestLive *) data)->n_messages > 0;
}

static gboolean
live_closed (gpointer data)
{
  return ((FbTestLive *) data)->closed;
}

static gboolean
live_head_is_8 (gpointer data)
{
  return ((FbTestLive *) data)->last_head == 8;
}

/* Past the server's limit of a message, 64 KiB. */
#define FB_TEST_WS_BIG (65 * 1024)

static const char * const live_args[] = { "--max-connections", "2", "--heartbeat", "1", NULL };

static void
test_server_live (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  FbTestLive a = { 0 }, b = { 0 }, c = { 0 }, anon = { 0 };

  fb_test_live_open (session, fx->server, NULL, &anon);
  g_assert_null (anon.ws);
  g_assert_cmpuint (anon.status, ==, 401);

  fb_test_live_open (session, fx->server, fx->token, &a);
  g_assert_no_error (a.error);
  fb_test_wait_until (live_has_notice, &a, "the first notice");
  g_assert_cmpint (a.last_head, ==, 0);

  /* A push is announced with the new head. */
  {
    g_autoptr(FbTestReply) reply = push_ops (fx, 0, 8);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  fb_test_wait_until (live_head_is_8, &a, "the notice of the push");

  /* Two live connections per token here; the third is refused. */
  fb_test_live_open (session, fx->server, fx->token, &b);
  g_assert_no_error (b.error);
  fb_test_live_open (session, fx->server, fx->token, &c);
  g_assert_null (c.ws);
  g_assert_cmpuint (c.status, ==, 429);

  /* These sockets never answer the heartbeat, so the server closes them
   * (after three missed beats of one second here). */
  fb_test_wait_until (live_closed, &a, "the server to close a silent socket");
  fb_test_wait_until (live_closed, &b, "the server to close a silent socket");

  g_assert_cmpuint (soup_websocket_connection_get_close_code (a.ws), ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);

  /* A message over the size limit closes the socket with 1009 "too big",
   * not the heartbeat's 1001. */
  {
    FbTestLive d = { 0 };
    g_autofree char *big = g_strnfill (FB_TEST_WS_BIG, 'x');

    fb_test_live_open (session, fx->server, fx->token, &d);
    g_assert_no_error (d.error);
    soup_websocket_connection_send_text (d.ws, big);
    fb_test_wait_until (live_closed, &d, "the server to close a socket sending too much");
    g_assert_cmpuint (soup_websocket_connection_get_close_code (d.ws), ==, SOUP_WEBSOCKET_CLOSE_TOO_BIG);
    fb_test_live_clear (&d);
  }

  fb_test_live_clear (&a);
  fb_test_live_clear (&b);
  fb_test_live_clear (&c);
  fb_test_live_clear (&anon);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/tokens", Fixture, NULL, fixture_set_up, test_server_tokens, fixture_tear_down);
  g_test_add ("/server/push-pull", Fixture, NULL, fixture_set_up, test_server_push_pull, fixture_tear_down);
  g_test_add ("/server/bad-input", Fixture, NULL, fixture_set_up, test_server_bad_input, fixture_tear_down);
  g_test_add ("/server/links", Fixture, NULL, fixture_set_up, test_server_links, fixture_tear_down);
  g_test_add ("/server/oversized-body", Fixture, NULL, fixture_set_up, test_server_oversized_body,
              fixture_tear_down);
  g_test_add ("/server/live", Fixture, live_args, fixture_set_up, test_server_live, fixture_tear_down);

  return g_test_run ();
}
