/* fb-sync-test-util.h — a real firebreak-server for the tests to talk to
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server is the shipped binary, started on 127.0.0.1 with a port the
 * kernel picks, on a database file in the test's own folder, or, when
 * FB_TEST_SERVER_BACKEND=postgresql, on a database of its own in the
 * PostgreSQL cluster the test program starts (fb-test-pg.h). Nothing is
 * timed: every wait iterates the main loop until a condition holds or a
 * generous deadline passes, and the deadline passing fails the test.
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sqlite3.h>
#include <string.h>

#include "fb-test-pg.h"
#include "fb-test-util.h"
#include "fb-test-server-watch.h"
#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TEST_DEADLINE_S 60

typedef struct
{
  char        *db_path;     /* a file, or a PostgreSQL URI */
  char        *log_path;    /* the server's standard error */
  char        *url;         /* "http://127.0.0.1:PORT/" */
  guint16      port;
  GSubprocess *process;
  GThread     *watch;
  gint         stopping;    /* atomic: the test is ending the server */
  gboolean     tls;
  GStrv        extra_args;
} FbTestServer;

static inline char *
fb_test_server_add_user (FbTestServer *server,
                         const char   *name,
                         gboolean      read_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           FIREBREAK_SERVER_PATH, "--database", server->db_path, "user", "add", name,
                           read_only ? "--read-only" : NULL, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));

  return g_strstrip (g_steal_pointer (&out));
}

/* A test that fails aborts; its server must not outlive it (and hold its
 * output open). */
static inline void
fb_test_server_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static inline void
fb_test_server_launch (FbTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", server->port);
  g_autofree char *line = NULL;
  const char *prefix = "listening on ";

  g_ptr_array_add (argv, g_strdup (FIREBREAK_SERVER_PATH));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup (listen));
  g_ptr_array_add (argv, g_strdup ("--database"));
  g_ptr_array_add (argv, g_strdup (server->db_path));
  for (guint i = 0; server->extra_args != NULL && server->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (server->extra_args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = fb_test_server_launcher (server->log_path);
  g_subprocess_launcher_set_child_setup (launcher, fb_test_server_child_setup, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_atomic_int_set (&server->stopping, FALSE);
  fb_test_server_watch (server->process, server->log_path, &server->stopping, &server->watch);

  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));

  g_free (server->url);
  server->url = g_strdup (line + strlen (prefix));
  {
    g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, &error);
    g_assert_no_error (error);
    server->port = (guint16) g_uri_get_port (uri);
  }
  g_assert_cmpuint (server->port, >, 0);
}

/* TRUE when the servers of this run keep their data on PostgreSQL. */
static inline gboolean
fb_test_server_on_postgresql (void)
{
  return g_strcmp0 (g_getenv ("FB_TEST_SERVER_BACKEND"), "postgresql") == 0;
}

/* For the few checks that read or rewrite the server's SQLite file
 * itself: TRUE, after a TAP skip saying why, on PostgreSQL. */
static inline gboolean
fb_test_server_skip_on_postgresql (const char *why)
{
  if (!fb_test_server_on_postgresql ())
    return FALSE;

  g_test_skip (why);
  return TRUE;
}

/* A server on @location (a file or a PostgreSQL URI; NULL for a new
 * database of its own, @name in @dir or one of the cluster's), its log
 * beside @name. Two servers on one location share their data.
 * extra_args: NULL-terminated options such as "--max-connections", "2". */
/* @str with its first @from made @to; @from must be in it. */
static inline char *
fb_test_replace_once (const char *str,
                      const char *from,
                      const char *to)
{
  g_auto(GStrv) parts = g_strsplit (str, from, 2);

  g_assert_nonnull (parts[1]);
  return g_strjoin (to, parts[0], parts[1], NULL);
}

/* {"ops": [ @ops … ]}, a push request's body. */
static inline char *
fb_test_push_body (FbOp **ops,
                   guint  n)
{
  GString *out = g_string_new ("{\"ops\":[");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = fb_op_to_json (ops[i], NULL);
      g_string_append_printf (out, "%s%s", i > 0 ? "," : "", json);
    }
  g_string_append (out, "]}");

  return g_string_free (out, FALSE);
}

static inline FbTestServer *
fb_test_server_new_on (FbTestDir          *dir,
                       const char         *name,
                       const char         *location,
                       const char * const *extra_args)
{
  FbTestServer *server = g_new0 (FbTestServer, 1);

  server->db_path = fb_test_dir_file (dir, name);
  server->log_path = g_strconcat (server->db_path, ".log", NULL);
  if (location != NULL)
    {
      g_free (server->db_path);
      server->db_path = g_strdup (location);
    }
  else if (fb_test_server_on_postgresql ())
    {
      FbTestPg *pg = fb_test_pg_get ();

      g_assert_nonnull (pg);
      g_free (server->db_path);
      server->db_path = fb_test_pg_new_database (pg);
    }
  server->extra_args = g_strdupv ((char **) extra_args);
  server->tls = extra_args != NULL && g_strv_contains (extra_args, "--tls-cert");
  fb_test_server_launch (server);

  return server;
}

static inline FbTestServer *
fb_test_server_new (FbTestDir          *dir,
                    const char         *name,
                    const char * const *extra_args)
{
  return fb_test_server_new_on (dir, name, NULL, extra_args);
}

static inline void
fb_test_server_wait (FbTestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_atomic_int_set (&server->stopping, TRUE);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&server->watch, g_thread_join);
  g_clear_object (&server->process);
}

/* A clean stop, as systemd would do it; it must end well. */
static inline void
fb_test_server_stop (FbTestServer *server)
{
  gboolean clean;

  if (server->process == NULL)
    return;

  g_atomic_int_set (&server->stopping, TRUE);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  clean = g_subprocess_get_if_exited (server->process) && g_subprocess_get_exit_status (server->process) == 0;
  if (!clean)
    {
      g_autofree char *tail = fb_test_read_tail (server->log_path, 4096);
      g_error ("firebreak-server did not stop cleanly; its last words:\n%s", tail);
    }
  fb_test_server_wait (server);
}

/* The hard way: no chance to finish anything. */
static inline void
fb_test_server_kill (FbTestServer *server)
{
  if (server->process == NULL)
    return;

  g_atomic_int_set (&server->stopping, TRUE);
  g_subprocess_force_exit (server->process);
  fb_test_server_wait (server);
}

/* A request that failed may have found the server dead, its watch about
 * to end the program with the server's last words: those, rather than the
 * request's own failure, say what went wrong. This waits for the watch
 * when the server has exited, and returns at once while it runs. */
static inline void
fb_test_server_check_alive (FbTestServer *server)
{
  const char *id = server->process != NULL ? g_subprocess_get_identifier (server->process) : NULL;
  g_autofree char *path = NULL;
  g_autofree char *stat = NULL;
  const char *state;

  if (server->process == NULL)
    return;
  if (id != NULL)
    {
      path = g_strdup_printf ("/proc/%s/stat", id);
      if (g_file_get_contents (path, &stat, NULL, NULL) && (state = strrchr (stat, ')')) != NULL &&
          state[1] == ' ' && state[2] != 'Z' && state[2] != 'X')
        return;
    }

  g_subprocess_wait (server->process, NULL, NULL);
  /* The watch reports the death; give it the time to. */
  g_clear_pointer (&server->watch, g_thread_join);
}

/* What the server has written on its standard error so far. */
static inline char *
fb_test_server_read_log (FbTestServer *server)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (server->log_path, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

/* Back on the same port, so that clients find it where it was. */
static inline void
fb_test_server_restart (FbTestServer *server)
{
  g_assert_null (server->process);
  fb_test_server_launch (server);
}

/* Stops the server, runs @sql on its SQLite file as another program
 * would, and starts it again. */
static inline void
fb_test_server_rewrite (FbTestServer *server,
                        const char   *sql)
{
  sqlite3 *db;

  g_assert_false (fb_test_server_on_postgresql ());
  fb_test_server_stop (server);
  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  fb_test_server_restart (server);
}

/* A self-signed certificate for 127.0.0.1, as a war-room server has. */
static inline void
fb_test_make_certificate (FbTestDir *dir,
                          char     **cert,
                          char     **key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = NULL;

  *cert = fb_test_dir_file (dir, "cert.pem");
  *key = fb_test_dir_file (dir, "key.pem");
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                              "-days", "1", "-keyout", *key, "-out", *cert, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (openssl, NULL, &error);
  g_assert_no_error (error);
}

static inline void
fb_test_server_free (FbTestServer *server)
{
  if (server == NULL)
    return;

  fb_test_server_kill (server);
  g_free (server->db_path);
  g_free (server->log_path);
  g_free (server->url);
  g_strfreev (server->extra_args);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbTestServer, fb_test_server_free)

/* Reads the server's own database, read-only, while it runs: SQL that
 * SQLite and PostgreSQL read alike. */
static inline gint64
fb_test_server_query (FbTestServer *server,
                      const char   *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (fb_test_server_on_postgresql ())
    return fb_test_pg_query (fb_test_pg_get (), server->db_path, sql);

  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static inline gint64
fb_test_server_count_ops (FbTestServer *server)
{
  return fb_test_server_query (server, "SELECT count(*) FROM ops");
}

/* Every device's ops held once each, and its chain numbered without gaps
 * from 1: by ops, or below them by links (an incident imported from a
 * device that recorded others before it). */
static inline void
fb_test_server_assert_sound (FbTestServer *server)
{
  g_assert_cmpint (fb_test_server_query (server, "SELECT count(DISTINCT id) FROM ops"), ==,
                   fb_test_server_count_ops (server));
  g_assert_cmpint (fb_test_server_query (server,
                                         "SELECT count(*) FROM (SELECT device FROM"
                                         " (SELECT device, device_seq FROM ops UNION SELECT device, device_seq FROM links) AS p"
                                         " GROUP BY device HAVING max(device_seq) != count(*) OR min(device_seq) != 1) AS d"),
                   ==, 0);
}

/* Iterates the main context until check() holds; fails the test after the
 * deadline. */
typedef gboolean (*FbTestCheck) (gpointer data);

/* Lets the main loop run for one turn per call while polling something
 * outside it (a file another process writes). */
static inline gboolean
fb_test_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static inline gboolean
fb_test_on_deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static inline void
fb_test_wait_until (FbTestCheck check,
                    gpointer    data,
                    const char *what)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (FB_TEST_DEADLINE_S, fb_test_on_deadline_cb, &expired);
  /* Some conditions are about files other processes write; a tick makes
   * sure they are looked at even when nothing else happens here. */
  guint tick = g_timeout_add (20, fb_test_tick_cb, NULL);

  while (!check (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (expired)
    g_error ("Gave up waiting for %s", what);

  g_source_remove (id);
  g_source_remove (tick);
}

/* Drops the last reference the test holds and waits for the object to
 * go: a worker thread that has just finished for it may hold a reference
 * for a moment longer. */
static inline gboolean
fb_test_pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static inline void
fb_test_assert_finalized (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  fb_test_wait_until (fb_test_pointer_is_null, &weak, "an object to be finalized");
}

/* Raw HTTP, for what a client of ours would never send. */
typedef struct
{
  guint     status;
  guint     retry_after;  /* seconds, 0 without the header */
  JsonNode *root;
  char     *body;
} FbTestReply;

static inline void
fb_test_reply_free (FbTestReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->root, json_node_unref);
  g_free (reply->body);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbTestReply, fb_test_reply_free)

static inline FbTestReply *
fb_test_http (FbTestServer *server,
              const char   *method,
              const char   *path,
              const char   *token,
              const char   *content_type,
              const char   *body,
              gssize        len)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (server->url, path[0] == '/' ? path + 1 : path, NULL);
  FbTestReply *reply = g_new0 (FbTestReply, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();

  msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, len < 0 ? strlen (body) : (gsize) len);
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  reply_body = soup_session_send_and_read (session, msg, NULL, &error);
  if (error != NULL)
    fb_test_server_check_alive (server);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  {
    const char *after = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");

    reply->retry_after = after != NULL ? (guint) g_ascii_strtoull (after, NULL, 10) : 0;
  }
  reply->body = g_strndup (g_bytes_get_data (reply_body, NULL), g_bytes_get_size (reply_body));
  if (json_parser_load_from_data (parser, reply->body, -1, NULL) && json_parser_get_root (parser) != NULL)
    reply->root = json_node_copy (json_parser_get_root (parser));

  return reply;
}

static inline const char *
fb_test_reply_error_code (FbTestReply *reply)
{
  JsonObject *object, *error;

  if (reply->root == NULL || !JSON_NODE_HOLDS_OBJECT (reply->root))
    return NULL;
  object = json_node_get_object (reply->root);
  if (!json_object_has_member (object, "error"))
    return NULL;
  error = json_object_get_object_member (object, "error");
  g_assert_true (json_object_has_member (error, "message"));
  return json_object_get_string_member (error, "code");
}

static inline int
fb_test_compare_strings (gconstpointer a,
                         gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A fingerprint of everything a store holds: the ids of its ops. Two
 * stores with the same fingerprint hold the same record. */
static inline char *
fb_test_store_digest (FbStore *store,
                      guint   *n_ops)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = fb_store_get_ops (store, NULL, &error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_assert_no_error (error);
  for (guint i = 0; i < ops->len; i++)
    g_ptr_array_add (ids, ((FbOp *) g_ptr_array_index (ops, i))->id);
  g_ptr_array_sort (ids, fb_test_compare_strings);
  for (guint i = 0; i < ids->len; i++)
    g_checksum_update (checksum, g_ptr_array_index (ids, i), -1);

  if (n_ops != NULL)
    *n_ops = ops->len;
  return g_strdup (g_checksum_get_string (checksum));
}

G_END_DECLS
