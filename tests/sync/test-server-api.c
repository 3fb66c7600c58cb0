/* test-server-api.c — firebreak-server's answers, called without a socket
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The handlers take a plain FbServerRequest and fill a plain
 * FbServerResponse; these tests call them directly, on a real server
 * database in a temporary folder, with ops from a real client store.
 * test-server.c checks the same API over HTTP.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "fb-server.h"
#include "fb-test-file.h"
#include "fb-test-pg.h"
#include "fb-test-util.h"

/* FB_TEST_SERVER_BACKEND=postgresql: the server's database is one of a
 * PostgreSQL cluster this program starts. */
static gboolean
on_postgresql (void)
{
  return g_strcmp0 (g_getenv ("FB_TEST_SERVER_BACKEND"), "postgresql") == 0;
}

typedef struct
{
  FbTestDir *dir;
  FbServer  *server;
  char      *token;
  char      *reader;   /* a read-only token */
  FbStore   *store;
  GPtrArray *ops;      /* an incident and entries, device order */
} Fixture;

/* One answer, kept with its parsed body. */
typedef struct
{
  FbServerResponse  response;
  JsonParser       *parser;
  JsonObject       *root;
} Answer;

static void
answer_free (Answer *answer)
{
  fb_server_response_clear (&answer->response);
  g_clear_object (&answer->parser);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_path = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *incident = NULL;
  FbServerDb *db;

  fx->dir = fb_test_dir_new ();

  server_path = on_postgresql () ? fb_test_pg_new_database (fb_test_pg_get ())
                                 : fb_test_dir_file (fx->dir, "server.db");
  db = fb_server_db_open (server_path, &error);
  g_assert_no_error (error);
  fx->token = fb_server_db_add_token (db, "alice", FALSE, &error);
  g_assert_no_error (error);
  fx->reader = fb_server_db_add_token (db, "auditor", TRUE, &error);
  g_assert_no_error (error);
  fx->server = fb_server_new (db, NULL);
  fb_server_set_log_requests (fx->server, FALSE);

  store_path = fb_test_dir_file (fx->dir, "client.db");
  fx->store = fb_store_open (store_path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  incident = fb_store_create_incident (fx->store, "Phishing wave", "phishing", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("Fact number %u", i);
      g_free (fb_store_add_entry (fx->store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  fx->ops = fb_store_get_outbox (fx->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fx->ops->len, ==, 4);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_pointer (&fx->ops, g_ptr_array_unref);
  g_clear_object (&fx->store);
  g_assert_finalize_object (fx->server);
  g_free (fx->token);
  g_free (fx->reader);
  fb_test_dir_free (fx->dir);
}

static char *
batch_of (Fixture *fx,
          guint    from,
          guint    n)
{
  GString *out = g_string_new ("{\"ops\":[");

  for (guint i = from; i < from + n; i++)
    {
      g_autofree char *json = fb_op_to_json (g_ptr_array_index (fx->ops, i), NULL);
      g_string_append_printf (out, "%s%s", i > from ? "," : "", json);
    }
  g_string_append (out, "]}");

  return g_string_free (out, FALSE);
}

static Answer *
ask (Fixture    *fx,
     const char *method,
     const char *path,
     const char *query,
     const char *token,
     const char *body)
{
  g_autofree char *authorization = token != NULL ? g_strdup_printf ("Bearer %s", token) : NULL;
  FbServerRequest request = { 0 };
  Answer *answer = g_new0 (Answer, 1);
  g_autoptr(GError) error = NULL;

  request.method = method;
  request.path = path;
  request.query = query;
  request.authorization = authorization;
  request.content_type = body != NULL ? "application/json" : NULL;
  request.content_length = body != NULL ? (gint64) strlen (body) : -1;
  request.body = body != NULL ? body : "";
  request.body_len = body != NULL ? strlen (body) : 0;

  fb_server_handle (fx->server, &request, &answer->response);

  g_assert_nonnull (answer->response.body);
  answer->parser = json_parser_new ();
  json_parser_load_from_data (answer->parser, answer->response.body, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (answer->parser)));
  answer->root = json_node_get_object (json_parser_get_root (answer->parser));

  return answer;
}

static gint64
count_ops (Fixture *fx)
{
  return fb_server_db_count_ops (fb_server_get_db (fx->server));
}

/* The error answer docs/sync-api.md documents: {"error": {"code",
 * "message", and "index" when one op is at fault}}, nothing else. */
static void
assert_error (FbServerResponse *response,
              guint             status,
              const char       *code,
              int               index,
              const char       *message)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *body;

  if (response->status != status)
    g_error ("Expected %u %s, got %u: %s", status, code, response->status, response->body);

  json_parser_load_from_data (parser, response->body, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (root), ==, 1);
  body = json_object_get_object_member (root, "error");
  g_assert_nonnull (body);

  g_assert_cmpstr (json_object_get_string_member (body, "code"), ==, code);
  g_assert_true (json_object_get_string_member (body, "message")[0] != '\0');
  if (message != NULL)
    g_assert_cmpstr (json_object_get_string_member (body, "message"), ==, message);
  if (index >= 0)
    {
      g_assert_cmpuint (json_object_get_size (body), ==, 3);
      g_assert_cmpint (json_object_get_int_member (body, "index"), ==, index);
    }
  else
    {
      g_assert_cmpuint (json_object_get_size (body), ==, 2);
      g_assert_false (json_object_has_member (body, "index"));
    }
  g_assert_cmpint (response->new_head, ==, 0);
}

/* Push and pull ------------------------------------------------------------ */

static void
test_api_push_pull (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *body = batch_of (fx, 0, 3);
  g_autoptr(Answer) pushed = NULL, again = NULL, page = NULL, rest = NULL;
  JsonArray *results, *ops;

  pushed = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, body);
  g_assert_cmpuint (pushed->response.status, ==, 200);
  g_assert_cmpstr (pushed->response.user, ==, "alice");
  g_assert_cmpint (pushed->response.new_head, ==, 3);
  g_assert_cmpint (json_object_get_int_member (pushed->root, "head"), ==, 3);
  results = json_object_get_array_member (pushed->root, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      const FbOp *op = g_ptr_array_index (fx->ops, i);

      g_assert_cmpstr (json_object_get_string_member (r, "id"), ==, op->id);
      g_assert_cmpint (json_object_get_int_member (r, "seq"), ==, i + 1);
      g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "accepted");
    }
  g_assert_cmpint (count_ops (fx), ==, 3);

  /* The same batch again stores nothing and announces nothing. */
  again = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, body);
  g_assert_cmpuint (again->response.status, ==, 200);
  g_assert_cmpint (again->response.new_head, ==, 0);
  results = json_object_get_array_member (again->root, "results");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 2), "status"),
                   ==, "duplicate");
  g_assert_cmpint (count_ops (fx), ==, 3);

  page = ask (fx, "GET", "/api/v1/ops", "since=1&limit=1", fx->reader, NULL);
  g_assert_cmpuint (page->response.status, ==, 200);
  g_assert_cmpstr (page->response.user, ==, "auditor");
  g_assert_cmpint (page->response.new_head, ==, 0);
  g_assert_cmpint (json_object_get_int_member (page->root, "head"), ==, 3);
  ops = json_object_get_array_member (page->root, "ops");
  g_assert_cmpuint (json_array_get_length (ops), ==, 1);
  {
    JsonObject *item = json_array_get_object_element (ops, 0);
    g_autoptr(GError) error = NULL;
    g_autoptr(FbOp) op = fb_op_from_json_node (json_object_get_member (item, "op"), &error);

    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (item, "seq"), ==, 2);
    g_assert_cmpstr (op->id, ==, ((FbOp *) g_ptr_array_index (fx->ops, 1))->id);
    g_assert_true (fb_op_verify_hash (op, &error));
  }

  rest = ask (fx, "GET", "/api/v1/ops", NULL, fx->token, NULL);
  g_assert_cmpuint (rest->response.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rest->root, "ops")), ==, 3);
}

/* Refused pushes ------------------------------------------------------------ */

static void
test_api_bad_op (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *good = batch_of (fx, 0, 3);
  g_autofree char *tampered = NULL;
  g_autofree char *skipping = batch_of (fx, 2, 2);
  g_autoptr(Answer) bad_hash = NULL, gap = NULL, shape = NULL, bad_limit = NULL;

  /* Op 1 is the first entry; its text no longer matches its hash. */
  {
    g_auto(GStrv) parts = g_strsplit (good, "Fact number 0", 2);

    g_assert_nonnull (parts[1]);
    tampered = g_strjoin ("Fact number 9", parts[0], parts[1], NULL);
  }
  bad_hash = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, tampered);
  assert_error (&bad_hash->response, 400, "bad_hash", 1, NULL);
  g_assert_cmpint (count_ops (fx), ==, 0);

  /* Well-formed ops that do not continue what the server holds. */
  gap = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, skipping);
  assert_error (&gap->response, 409, "gap", 0, NULL);
  g_assert_cmpint (count_ops (fx), ==, 0);

  shape = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, "{\"ops\":[],\"also\":1}");
  assert_error (&shape->response, 400, "bad_request", -1,
                "The request must be an object with a member “ops”, a list of changes, "
                "and perhaps “links”, and nothing else.");

  /* Bodies json-glib would read otherwise than they were written: a
   * member twice, a second document, a NUL cut out of a text, a number
   * wrapped round. None is stored. */
  {
    g_autofree char *twice = g_strdup_printf ("{\"ops\":[],\"ops\":%s}", strchr (good, '['));
    g_autofree char *second = g_strdup_printf ("%s{\"ops\":[]}", good);
    g_autofree char *nul = NULL;
    g_autofree char *wrapped = NULL;
    const char *bodies[4];

    {
      g_auto(GStrv) parts = g_strsplit (good, "Fact number 0", 2);
      nul = g_strjoin ("Fact number 0\\u0000 and more", parts[0], parts[1], NULL);
    }
    {
      g_auto(GStrv) parts = g_strsplit (good, "\"device_seq\":1,", 2);
      g_assert_nonnull (parts[1]);
      wrapped = g_strjoin ("\"device_seq\":18446744073709551617,", parts[0], parts[1], NULL);
    }
    bodies[0] = twice;
    bodies[1] = second;
    bodies[2] = nul;
    bodies[3] = wrapped;

    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_autoptr(Answer) refused = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, bodies[i]);

        if (refused->response.status / 100 != 4)
          g_error ("Body %u was answered %u: %s", i, refused->response.status, refused->response.body);
        g_assert_cmpint (count_ops (fx), ==, 0);
      }
  }

  bad_limit = ask (fx, "GET", "/api/v1/ops", "limit=0", fx->token, NULL);
  assert_error (&bad_limit->response, 400, "bad_parameter", -1,
                "The parameter “limit” must be a whole number from 1 to 1000.");
}

/* The server's clock, not the sender's, decides what is too far ahead. */
static void
test_api_clock_skew (Fixture       *fx,
                     gconstpointer  data)
{
  FbTestClock clock = { .now_ms = g_get_real_time () / 1000 - 60 * 60 * 1000 };
  g_autofree char *body = batch_of (fx, 0, 1);
  g_autoptr(Answer) skewed = NULL, fine = NULL;

  fb_server_set_clock (fx->server, fb_test_clock_read, &clock);
  skewed = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, body);
  assert_error (&skewed->response, 400, "clock_skew", 0, NULL);
  g_assert_cmpint (count_ops (fx), ==, 0);

  clock.now_ms += 2 * 60 * 60 * 1000;
  fine = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, body);
  g_assert_cmpuint (fine->response.status, ==, 200);
  g_assert_cmpint (count_ops (fx), ==, 1);

  fb_server_set_clock (fx->server, NULL, NULL);
}

/* Each user's pushes are metered on the server's clock: a burst, then one
 * a second. A refused push stores nothing, says when to come back, and
 * costs no other user anything. */
static void
test_api_push_rate (Fixture       *fx,
                    gconstpointer  data)
{
  FbTestClock clock = { .now_ms = g_get_real_time () / 1000 };
  g_autofree char *first = batch_of (fx, 0, 1);
  g_autofree char *second = batch_of (fx, 1, 1);
  g_autofree char *bob = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Answer) refused = NULL, pull = NULL, other = NULL, later = NULL;

  bob = fb_server_db_add_token (fb_server_get_db (fx->server), "bob", FALSE, &error);
  g_assert_no_error (error);
  fb_server_set_clock (fx->server, fb_test_clock_read, &clock);
  fb_server_set_push_rate (fx->server, 1, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Answer) fine = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, first);
      g_assert_cmpuint (fine->response.status, ==, 200);
    }

  refused = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, second);
  assert_error (&refused->response, 429, "too_many_pushes", -1, NULL);
  g_assert_cmpuint (refused->response.retry_after, ==, 1);
  g_assert_cmpint (count_ops (fx), ==, 1);

  pull = ask (fx, "GET", "/api/v1/ops", NULL, fx->token, NULL);
  g_assert_cmpuint (pull->response.status, ==, 200);
  other = ask (fx, "POST", "/api/v1/ops", NULL, bob, second);
  g_assert_cmpuint (other->response.status, ==, 200);
  g_assert_cmpint (count_ops (fx), ==, 2);

  clock.now_ms += 1000;
  later = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, second);
  g_assert_cmpuint (later->response.status, ==, 200);

  fb_server_set_clock (fx->server, NULL, NULL);
}

/* Another program holding the database makes a push wait a moment only,
 * then answer 503: the server's one thread must not sit behind a lock
 * while every other client waits. */
static void
test_api_busy (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *body = batch_of (fx, 0, 1);
  g_autoptr(Answer) busy = NULL, pull = NULL, fine = NULL;
  sqlite3 *other = NULL;

  if (on_postgresql ())
    {
      g_test_skip ("another program holding the SQLite file's lock");
      return;
    }

  g_assert_cmpint (sqlite3_open (fb_server_db_get_path (fb_server_get_db (fx->server)), &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  busy = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, body);
  assert_error (&busy->response, 503, "busy", -1, NULL);
  g_assert_cmpuint (busy->response.retry_after, >, 0);
  pull = ask (fx, "GET", "/api/v1/ops", NULL, fx->token, NULL);
  g_assert_cmpuint (pull->response.status, ==, 200);

  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  g_assert_cmpint (count_ops (fx), ==, 0);

  fine = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, body);
  g_assert_cmpuint (fine->response.status, ==, 200);
  g_assert_cmpint (count_ops (fx), ==, 1);
}

/* A page of the file damaged while the server runs: the push that meets
 * it is refused with a server error, and so is every push after it, and
 * nothing is written into the file. */
static void
test_api_damaged (Fixture       *fx,
                  gconstpointer  data)
{
  const char *path = fb_server_db_get_path (fb_server_get_db (fx->server));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *first = batch_of (fx, 0, 1);
  g_autofree char *second = batch_of (fx, 1, 1);
  g_autofree char *bytes = NULL;
  g_autofree char *after = NULL;
  g_autoptr(Answer) fine = NULL, met = NULL, again = NULL;
  gsize len, after_len;
  goffset wal_size;
  GStatBuf st;

  if (on_postgresql ())
    {
      g_test_skip ("damages a page of the SQLite file");
      return;
    }

  fine = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, first);
  g_assert_cmpuint (fine->response.status, ==, 200);

  fb_test_damage_index_under (path, "sqlite_autoindex_ops_2");
  bytes = fb_test_read_bytes (path, &len);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  wal_size = st.st_size;

  met = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, second);
  assert_error (&met->response, 500, "server_error", 0, NULL);
  g_assert_nonnull (strstr (met->response.body, "damaged"));

  again = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, second);
  assert_error (&again->response, 500, "server_error", 0, NULL);
  g_assert_nonnull (strstr (again->response.body, "damaged"));

  after = fb_test_read_bytes (path, &after_len);
  g_assert_cmpmem (bytes, len, after, after_len);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, wal_size);
}

/* Info ---------------------------------------------------------------------- */

static void
test_api_info (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *body = batch_of (fx, 0, 2);
  g_autoptr(Answer) pushed = NULL, info = NULL, wrong_method = NULL;
  JsonObject *limits;

  pushed = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, body);
  g_assert_cmpuint (pushed->response.status, ==, 200);

  info = ask (fx, "GET", "/api/v1/info", NULL, fx->reader, NULL);
  g_assert_cmpuint (info->response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (info->root, "server_id"), ==,
                   fb_server_db_get_server_id (fb_server_get_db (fx->server)));
  g_assert_true (fb_uuid_is_valid (json_object_get_string_member (info->root, "server_id")));
  g_assert_cmpstr (json_object_get_string_member (info->root, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpint (json_object_get_int_member (info->root, "head"), ==, 2);
  limits = json_object_get_object_member (info->root, "limits");
  g_assert_cmpint (json_object_get_int_member (limits, "max_body"), ==, FB_SERVER_MAX_BODY);
  g_assert_cmpint (json_object_get_int_member (limits, "max_batch"), ==, FB_SERVER_MAX_BATCH);
  g_assert_cmpint (json_object_get_int_member (limits, "max_pull"), ==, FB_SERVER_MAX_PULL);

  wrong_method = ask (fx, "POST", "/api/v1/info", NULL, fx->token, "{}");
  assert_error (&wrong_method->response, 405, "method_not_allowed", -1, "Use GET here.");
}

/* Heads ----------------------------------------------------------------------- */

static void
test_api_heads (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *body = batch_of (fx, 0, 3);
  g_autofree char *query = NULL;
  g_autofree char *beyond = NULL;
  g_autoptr(Answer) pushed = NULL, heads = NULL, place = NULL, none = NULL;
  g_autoptr(Answer) anonymous = NULL, post = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_head_free);
  g_autoptr(FbRecordState) state = NULL;
  const FbOp *second = g_ptr_array_index (fx->ops, 1);
  const FbOp *third = g_ptr_array_index (fx->ops, 2);
  JsonObject *head;
  static const char * const hostile[] = {
    "device",
    "device_seq=1",
    "device=not-a-uuid&device_seq=1",
    "device=DEV&device_seq=0",
    "device=DEV&device_seq=-1",
    "device=DEV&device_seq=1x",
    "device=DEV&device_seq=99999999999999999999",
    "device=DEV&device_seq=1&since=0",
    "limit=5",
    "device=DEV&device_seq=1&device_seq=2&extra",
    "%zz",
  };

  pushed = ask (fx, "POST", "/api/v1/ops", NULL, fx->token, body);
  g_assert_cmpuint (pushed->response.status, ==, 200);

  /* A read-only token may ask: it is a read. */
  heads = ask (fx, "GET", "/api/v1/heads", NULL, fx->reader, NULL);
  g_assert_cmpuint (heads->response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (heads->root, "server_id"), ==,
                   fb_server_db_get_server_id (fb_server_get_db (fx->server)));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (heads->root, "heads")), ==, 1);
  head = json_array_get_object_element (json_object_get_array_member (heads->root, "heads"), 0);
  g_assert_cmpstr (json_object_get_string_member (head, "device"), ==, third->device);
  g_assert_cmpint (json_object_get_int_member (head, "device_seq"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (head, "hash"), ==, third->hash);
  g_ptr_array_add (expected, fb_head_new (third->device, 3, third->hash));
  state = fb_record_state_new (g_steal_pointer (&expected));
  g_assert_cmpstr (json_object_get_string_member (heads->root, "digest"), ==, state->digest);

  query = g_strdup_printf ("device=%s&device_seq=2", second->device);
  place = ask (fx, "GET", "/api/v1/heads", query, fx->token, NULL);
  g_assert_cmpuint (place->response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (place->root, "hash"), ==, second->hash);
  g_assert_cmpstr (json_object_get_string_member (place->root, "prev"), ==, second->prev);
  g_assert_cmpint (json_object_get_int_member (place->root, "seq"), ==, 2);

  beyond = g_strdup_printf ("device=%s&device_seq=4", second->device);
  none = ask (fx, "GET", "/api/v1/heads", beyond, fx->token, NULL);
  assert_error (&none->response, 404, "not_found", -1, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      GString *text = g_string_new (hostile[i]);
      g_autofree char *bad = NULL;
      g_autoptr(Answer) refused = NULL;

      g_string_replace (text, "DEV", second->device, 0);
      bad = g_string_free (text, FALSE);
      refused = ask (fx, "GET", "/api/v1/heads", bad, fx->token, NULL);

      g_test_message ("%s", bad);
      assert_error (&refused->response, 400, "bad_parameter", -1, NULL);
    }

  anonymous = ask (fx, "GET", "/api/v1/heads", NULL, NULL, NULL);
  assert_error (&anonymous->response, 401, "unauthorized", -1, NULL);
  post = ask (fx, "POST", "/api/v1/heads", NULL, fx->token, "{}");
  assert_error (&post->response, 405, "method_not_allowed", -1, "Use GET here.");
}

/* Tokens and headers ---------------------------------------------------------- */

static void
test_api_unauthenticated (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *body = batch_of (fx, 0, 2);
  g_autoptr(Answer) none = NULL, wrong = NULL, none_push = NULL, reader_push = NULL, nowhere = NULL;

  none = ask (fx, "GET", "/api/v1/info", NULL, NULL, NULL);
  assert_error (&none->response, 401, "unauthorized", -1,
                "This server needs a token: send “Authorization: Bearer TOKEN”.");
  g_assert_null (none->response.user);

  wrong = ask (fx, "GET", "/api/v1/ops", NULL, "fbt_not-a-real-token", NULL);
  assert_error (&wrong->response, 401, "unauthorized", -1,
                "The token is not valid (mistyped, or revoked). Ask the server’s "
                "administrator for a new one.");
  g_assert_null (wrong->response.user);

  none_push = ask (fx, "POST", "/api/v1/ops", NULL, NULL, body);
  assert_error (&none_push->response, 401, "unauthorized", -1, NULL);

  reader_push = ask (fx, "POST", "/api/v1/ops", NULL, fx->reader, body);
  assert_error (&reader_push->response, 403, "read_only", -1,
                "This token may read but not write; ask for a token that may send changes.");
  g_assert_cmpstr (reader_push->response.user, ==, "auditor");

  g_assert_cmpint (count_ops (fx), ==, 0);

  /* The route is judged before the token. */
  nowhere = ask (fx, "GET", "/api/v2/ops", NULL, NULL, NULL);
  assert_error (&nowhere->response, 404, "not_found", -1, NULL);
}

/* What the headers alone decide, before a byte of the body is read. */
static void
test_api_headers (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", fx->token);
  FbServerRequest request = {
    .method = "POST",
    .path = "/api/v1/ops",
    .authorization = authorization,
    .content_type = "application/json",
    .content_length = FB_SERVER_MAX_BODY + 1,
  };
  FbServerResponse response = { 0 };

  g_assert_false (fb_server_check_headers (fx->server, &request, &response));
  assert_error (&response, 413, "body_too_large", -1, NULL);
  fb_server_response_clear (&response);

  request.content_length = -1;
  g_assert_false (fb_server_check_headers (fx->server, &request, &response));
  assert_error (&response, 411, "length_required", -1, NULL);
  fb_server_response_clear (&response);

  request.content_length = 12;
  request.content_type = "text/plain";
  g_assert_false (fb_server_check_headers (fx->server, &request, &response));
  assert_error (&response, 415, "unsupported_media_type", -1, NULL);
  fb_server_response_clear (&response);

  request.content_type = "application/json";
  g_assert_true (fb_server_check_headers (fx->server, &request, &response));
  g_assert_cmpstr (response.user, ==, "alice");
  fb_server_response_clear (&response);

  /* The live endpoint: an upgrade, and a cap on connections per token. */
  request.method = "GET";
  request.path = "/api/v1/live";
  request.content_length = -1;
  request.content_type = NULL;
  g_assert_false (fb_server_check_headers (fx->server, &request, &response));
  assert_error (&response, 400, "websocket_required", -1, "This address speaks WebSocket only.");
  fb_server_response_clear (&response);

  request.upgrade = "websocket";
  g_assert_true (fb_server_check_headers (fx->server, &request, &response));
  fb_server_response_clear (&response);

  fb_server_set_max_connections (fx->server, 0);
  g_assert_false (fb_server_check_headers (fx->server, &request, &response));
  assert_error (&response, 429, "too_many_connections", -1,
                "This token already has 0 live connections, the most allowed; "
                "close some or give each workstation its own token.");
  fb_server_response_clear (&response);
  g_assert_cmpuint (fb_server_count_live (fx->server), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server-api/push-pull", Fixture, NULL, fixture_set_up, test_api_push_pull, fixture_tear_down);
  g_test_add ("/server-api/bad-op", Fixture, NULL, fixture_set_up, test_api_bad_op, fixture_tear_down);
  g_test_add ("/server-api/clock-skew", Fixture, NULL, fixture_set_up, test_api_clock_skew, fixture_tear_down);
  g_test_add ("/server-api/push-rate", Fixture, NULL, fixture_set_up, test_api_push_rate, fixture_tear_down);
  g_test_add ("/server-api/busy", Fixture, NULL, fixture_set_up, test_api_busy, fixture_tear_down);
  g_test_add ("/server-api/damaged", Fixture, NULL, fixture_set_up, test_api_damaged, fixture_tear_down);
  g_test_add ("/server-api/info", Fixture, NULL, fixture_set_up, test_api_info, fixture_tear_down);
  g_test_add ("/server-api/heads", Fixture, NULL, fixture_set_up, test_api_heads, fixture_tear_down);
  g_test_add ("/server-api/unauthenticated", Fixture, NULL, fixture_set_up, test_api_unauthenticated,
              fixture_tear_down);
  g_test_add ("/server-api/headers", Fixture, NULL, fixture_set_up, test_api_headers, fixture_tear_down);

  return g_test_run ();
}
