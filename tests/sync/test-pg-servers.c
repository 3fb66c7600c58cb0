/* test-pg-servers.c — several firebreak-server processes on one PostgreSQL
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real server processes on a database of the PostgreSQL cluster this
 * program starts (tests/fb-test-pg.h), and workstations split among
 * them: they converge, a push to one is announced on the sockets of the
 * other, a workstation moves between them without offering its record
 * again, one of them SIGKILLed during a batch loses nothing the client
 * was told was stored, PostgreSQL stopped under load is waited out, and
 * migrate carries a server from an SQLite file to PostgreSQL and back.
 */

#include "config.h"

#include <string.h>

#include "fb-restriction.h"
#include "fb-server-db.h"
#include "fb-sync-client.h"
#include "fb-sync-test-util.h"
#include "fb-sync-test-peer.h"
#include "fb-test-live.h"
#include "fb-test-tamper.h"

/* Servers that send no heartbeat notices of their own during a test: a
 * workstation on one hears of another's push only through PostgreSQL. */
static const char * const quiet_beat[] = { "--heartbeat", "3600", NULL };

static char *
new_database (void)
{
  FbTestPg *pg = fb_test_pg_get ();

  return pg != NULL ? fb_test_pg_new_database (pg) : NULL;
}

/* Two server processes on @uri, and a token for both. */
static void
start_two (const char          *uri,
           const char * const  *extra_args,
           FbTestDir          **dir,
           FbTestServer       **one,
           FbTestServer       **two,
           char               **token)
{
  *dir = fb_test_dir_new ();
  *one = fb_test_server_new_on (*dir, "one", uri, extra_args);
  *two = fb_test_server_new_on (*dir, "two", uri, extra_args);
  *token = fb_test_server_add_user (*one, "warroom", FALSE);
}

static char *
create_incident (FbTestPeer *peer)
{
  g_autoptr(GError) error = NULL;
  char *id = fb_store_create_incident (peer->store, "Payment gateway outage", "generic", 2, 0, 60,
                                       FALSE, &error);

  g_assert_no_error (error);
  return id;
}

/* The peer talks to @server from now on, as a balancer may send it to
 * another process: a new client on the same store. */
static void
move_peer (FbTestPeer   *peer,
           FbTestServer *server,
           const char   *token)
{
  fb_sync_client_stop (peer->client);
  fb_test_assert_finalized (g_steal_pointer (&peer->client));
  peer->client = fb_sync_client_new (peer->store, server->url, token, NULL);
}

static guint
count_in_log (FbTestServer *server,
              const char   *what)
{
  g_autofree char *log = fb_test_server_read_log (server);

  return fb_test_count_in (log, what);
}

/* Two processes, workstations split ------------------------------------- */

static gboolean
live_has_head (gpointer data)
{
  gpointer *args = data;

  return ((FbTestLive *) args[0])->last_head >= GPOINTER_TO_INT (args[1]);
}

static void
test_pg_converge (void)
{
  g_autofree char *uri = new_database ();
  g_autoptr(FbTestDir) dir = NULL;
  g_autoptr(FbTestServer) one = NULL, two = NULL;
  g_autoptr(FbTestPeer) a = NULL, b = NULL, c = NULL, d = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *token = NULL, *incident = NULL;
  FbTestLive live = { 0 };
  gint64 head;

  if (uri == NULL)
    return;

  start_two (uri, quiet_beat, &dir, &one, &two, &token);

  /* One id for both: they are one server to the workstations. */
  {
    g_autoptr(FbTestReply) info_one = fb_test_http (one, "GET", "/api/v1/info", token, NULL, NULL, 0);
    g_autoptr(FbTestReply) info_two = fb_test_http (two, "GET", "/api/v1/info", token, NULL, NULL, 0);

    g_assert_cmpuint (info_two->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (info_one->root), "server_id"), ==,
                     json_object_get_string_member (json_node_get_object (info_two->root), "server_id"));
  }

  a = fb_test_peer_new (dir, "aiko", one, token, NULL);
  b = fb_test_peer_new (dir, "bram", two, token, NULL);
  c = fb_test_peer_new (dir, "chen", one, token, NULL);
  d = fb_test_peer_new (dir, "dana", two, token, NULL);

  /* A socket on the second process hears of a push to the first. */
  fb_test_live_open (session, two, token, &live);
  g_assert_nonnull (live.ws);
  incident = create_incident (a);
  fb_sync_client_sync_once (a->client, NULL);
  head = fb_test_server_count_ops (one);
  g_assert_cmpint (head, ==, 1);
  {
    gpointer args[2] = { &live, GINT_TO_POINTER ((int) head) };

    fb_test_wait_until (live_has_head, args, "the other process to announce the push");
  }
  g_assert_nonnull (strstr (live.frames->str, "{\"head\":1}"));
  fb_test_live_clear (&live);

  {
    FbTestPeer *peers[] = { a, b, c, d };

    for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
      fb_sync_client_start (peers[i]->client);
    fb_test_wait_until (fb_test_client_is_up_to_date, d->client, "the last workstation to connect");

    /* Three write at once on both processes; the fourth only reads, so
     * what it holds came through the announcements. */
    fb_test_add_entries (a->store, incident, "Aiko", 30);
    fb_test_add_entries (b->store, incident, "Bram", 30);
    fb_test_add_entries (c->store, incident, "Chen", 30);
    fb_test_assert_converge (peers, G_N_ELEMENTS (peers), incident, 90);

    for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
      fb_sync_client_stop (peers[i]->client);
  }

  g_assert_cmpint (fb_test_server_count_ops (one), ==, 91);
  fb_test_server_assert_sound (one);
}

/* A workstation moved to the other process goes on from its cursor ------- */

static void
test_pg_move (void)
{
  g_autofree char *uri = new_database ();
  g_autoptr(FbTestDir) dir = NULL;
  g_autoptr(FbTestServer) one = NULL, two = NULL;
  g_autoptr(FbTestPeer) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL, *incident = NULL, *server_id = NULL, *moved_id = NULL;

  if (uri == NULL)
    return;

  start_two (uri, NULL, &dir, &one, &two, &token);
  a = fb_test_peer_new (dir, "aiko", one, token, NULL);

  incident = create_incident (a);
  fb_test_add_entries (a->store, incident, "Before the move", 20);
  g_assert_true (fb_sync_client_sync_once (a->client, &error));
  g_assert_no_error (error);
  server_id = fb_store_get_meta (a->store, "sync.server_id");

  move_peer (a, two, token);
  g_assert_true (fb_sync_client_sync_once (a->client, &error));
  g_assert_no_error (error);
  moved_id = fb_store_get_meta (a->store, "sync.server_id");
  g_assert_cmpstr (moved_id, ==, server_id);
  /* Nothing offered again: the second process never saw a push. */
  g_assert_cmpuint (count_in_log (two, " POST /api/v1/ops "), ==, 0);
  g_assert_cmpuint (count_in_log (two, " GET /api/v1/ops "), >, 0);

  fb_test_add_entries (a->store, incident, "After the move", 1);
  g_assert_true (fb_sync_client_sync_once (a->client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_in_log (two, " POST /api/v1/ops "), ==, 1);
  g_assert_cmpint (fb_test_server_count_ops (two), ==, 22);
  fb_test_server_assert_sound (two);
}

/* One process SIGKILLed during a batch ------------------------------------ */

static gboolean
server_has_some (gpointer data)
{
  return fb_test_server_count_ops (data) > 0;
}

static void
test_pg_killed_mid_batch (void)
{
  const char * const quiet[] = { "--quiet", NULL };
  g_autofree char *uri = new_database ();
  g_autoptr(FbTestDir) dir = NULL;
  g_autoptr(FbTestServer) one = NULL, two = NULL;
  g_autoptr(FbTestPeer) a = NULL, b = NULL;
  g_autofree char *token = NULL, *incident = NULL;
  gint64 acknowledged;

  if (uri == NULL)
    return;

  start_two (uri, quiet, &dir, &one, &two, &token);
  a = fb_test_peer_new (dir, "aiko", one, token, NULL);
  b = fb_test_peer_new (dir, "bram", two, token, NULL);
  incident = create_incident (a);

  /* Eight batches' worth, written before the first push. */
  fb_test_add_entries (a->store, incident, "Queued entry", 1500);
  fb_sync_client_start (a->client);
  fb_test_wait_until (server_has_some, one, "the first batch to land");
  fb_test_server_kill (one);

  /* What the client was told is stored is stored. */
  acknowledged = 1501 - (gint64) fb_store_count_outbox (a->store);
  g_test_message ("killed with %" G_GINT64_FORMAT " ops stored, %" G_GINT64_FORMAT " acknowledged",
                  fb_test_server_count_ops (two), acknowledged);
  g_assert_cmpint (fb_test_server_count_ops (two), >=, acknowledged);
  fb_test_server_assert_sound (two);

  /* The balancer sends the workstation to the process still up. */
  move_peer (a, two, token);
  fb_sync_client_start (a->client);
  fb_sync_client_start (b->client);
  {
    FbTestPeer *peers[] = { a, b };

    fb_test_assert_converge (peers, 2, incident, 1500);
  }
  g_assert_cmpint (fb_test_server_count_ops (two), ==, 1501);
  fb_test_server_assert_sound (two);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
}

/* PostgreSQL stopped and started under load ------------------------------- */

typedef struct
{
  FbTestPeer *peer;
  const char *incident;
  guint       posted;
  guint       total;
  guint       stop_at;
  gboolean    stopped;
} Stream;

static gboolean
on_stream_tick_cb (gpointer data)
{
  Stream *s = data;

  if (s->posted == s->stop_at && !s->stopped)
    return G_SOURCE_CONTINUE;

  fb_test_add_entries (s->peer->store, s->incident, "Streamed entry", 1);
  s->posted++;
  return s->posted < s->total ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
stream_at_stop (gpointer data)
{
  Stream *s = data;

  return s->posted == s->stop_at && fb_store_count_outbox (s->peer->store) == 0;
}

static void
test_pg_restart (void)
{
  g_autofree char *uri = new_database ();
  g_autoptr(FbTestDir) dir = NULL;
  g_autoptr(FbTestServer) one = NULL, two = NULL;
  g_autoptr(FbTestPeer) a = NULL, b = NULL;
  g_autofree char *token = NULL, *incident = NULL;
  Stream stream = { 0 };

  if (uri == NULL)
    return;

  start_two (uri, NULL, &dir, &one, &two, &token);
  a = fb_test_peer_new (dir, "aiko", one, token, NULL);
  b = fb_test_peer_new (dir, "bram", two, token, NULL);

  fb_sync_client_start (a->client);
  fb_sync_client_start (b->client);
  incident = create_incident (a);
  stream = (Stream) { a, incident, 0, 200, 60, FALSE };
  g_timeout_add (2, on_stream_tick_cb, &stream);

  /* Under way, everything so far stored: PostgreSQL goes, hard. */
  fb_test_wait_until (stream_at_stop, &stream, "the first entries to be stored");
  fb_test_pg_stop (fb_test_pg_get ());
  stream.stopped = TRUE;

  /* Each process answers for itself, and says when to come back. */
  {
    FbTestServer *servers[] = { one, two };

    for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
      {
        g_autoptr(FbTestReply) push = fb_test_http (servers[i], "POST", "api/v1/ops", token,
                                                    "application/json", "{\"ops\":[]}", -1);
        g_autoptr(FbTestReply) pull = fb_test_http (servers[i], "GET", "api/v1/ops?since=0", token,
                                                    NULL, NULL, 0);

        g_assert_cmpuint (push->status, ==, 503);
        g_assert_cmpstr (fb_test_reply_error_code (push), ==, "unavailable");
        g_assert_cmpuint (push->retry_after, >, 0);
        g_assert_cmpuint (pull->status, ==, 503);
        g_assert_cmpstr (fb_test_reply_error_code (pull), ==, "unavailable");
        g_assert_cmpuint (pull->retry_after, >, 0);
      }
  }
  fb_test_wait_until (fb_test_client_is_unavailable, a->client, "the writing workstation to wait");
  g_assert_nonnull (strstr (fb_sync_client_get_message (a->client), "temporarily unavailable"));
  g_assert_cmpuint (fb_sync_client_get_retry_delay (a->client), >=, 1000);
  g_assert_cmpint (fb_store_count_outbox (a->store), >, 0);

  fb_test_pg_start (fb_test_pg_get ());
  {
    FbTestPeer *peers[] = { a, b };

    fb_test_assert_converge (peers, 2, incident, 200);
  }
  g_assert_cmpint (fb_test_server_count_ops (one), ==, 201);
  fb_test_server_assert_sound (one);
  /* Neither process ever stopped: the watch would have ended the test. */
  fb_test_server_check_alive (one);
  fb_test_server_check_alive (two);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
}

/* migrate: an SQLite server to PostgreSQL and back ------------------------ */

static int
migrate (const char *from,
         const char *to,
         char      **out,
         char      **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           FIREBREAK_SERVER_PATH, "migrate", "--from", from, "--to", to, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static char *
digest_of (const char *location)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbServerDb) db = fb_server_db_open (location, &error);
  char *digest = NULL;

  g_assert_no_error (error);
  g_assert_true (fb_server_db_digest (db, &digest, &error));
  g_assert_no_error (error);
  return digest;
}

static void
test_pg_migrate (void)
{
  g_autofree char *uri = new_database ();
  g_autoptr(FbTestDir) dir = NULL;
  g_autoptr(FbTestServer) file = NULL, pg = NULL;
  g_autoptr(FbTestPeer) cmdr = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRestriction) restriction = NULL;
  g_autofree char *path = NULL, *back = NULL, *token = NULL, *incident = NULL, *server_id = NULL;
  g_autofree char *out = NULL, *err = NULL, *again_out = NULL, *again_err = NULL;
  g_autofree char *back_out = NULL, *back_err = NULL;
  g_autofree char *digest_file = NULL, *digest_pg = NULL, *digest_back = NULL, *moved_line = NULL;
  g_autofree char *changes_line = NULL;
  const char * const users[] = { "cmdr", NULL };
  const char * const groups[] = { "hr", NULL };
  guint pushes;

  if (uri == NULL)
    return;

  dir = fb_test_dir_new ();
  path = fb_test_dir_file (dir, "server.db");
  back = fb_test_dir_file (dir, "back.db");
  file = fb_test_server_new_on (dir, "file", path, NULL);
  token = fb_test_server_add_user (file, "cmdr", FALSE);
  g_free (fb_test_server_add_user (file, "auditor", TRUE));
  {
    g_autoptr(GSubprocess) add = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, FIREBREAK_SERVER_PATH,
                                                   "--database", path, "user", "group-add", "hr", "cmdr", NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (add, NULL, &error));
  }

  cmdr = fb_test_peer_new (dir, "cmdr", file, token, NULL);
  incident = create_incident (cmdr);
  fb_test_add_entries (cmdr->store, incident, "Before the move", 40);
  g_assert_true (fb_sync_client_sync_once (cmdr->client, &error));
  restriction = fb_restriction_new (TRUE, users, groups, FALSE);
  g_assert_true (fb_store_restrict_incident (cmdr->store, incident, restriction, "cmdr", groups, &error));
  g_assert_true (fb_sync_client_sync_once (cmdr->client, &error));
  g_assert_no_error (error);
  server_id = fb_store_get_meta (cmdr->store, "sync.server_id");
  fb_test_server_stop (file);

  {
    g_autoptr(GPtrArray) ops = fb_store_get_ops (cmdr->store, NULL, &error);

    g_assert_no_error (error);
    changes_line = g_strdup_printf ("  %u changes, with their numbers\n", ops->len);
  }
  g_assert_cmpint (migrate (path, uri, &out, &err), ==, 0);
  moved_line = g_strdup_printf ("Moved server %s from", server_id);
  g_assert_nonnull (strstr (out, moved_line));
  g_assert_nonnull (strstr (out, changes_line));
  g_assert_nonnull (strstr (out, "  0 links"));
  g_assert_nonnull (strstr (out, "  2 tokens (their digests)\n"));
  g_assert_nonnull (strstr (out, "  1 membership of a group\n"));
  g_assert_nonnull (strstr (out, "  1 restriction of an incident\n"));
  g_assert_nonnull (strstr (out, "Both hold the same record"));
  /* Its progress, on standard error: a line a tenth, not a terminal. */
  g_assert_nonnull (strstr (err, "Copying… 100 %\n"));

  /* Into a database that holds something: refused, and said why. */
  g_assert_cmpint (migrate (path, uri, &again_out, &again_err), ==, 1);
  g_assert_nonnull (strstr (again_err, "already holds a server’s data"));

  /* The workstation goes on from its cursor on PostgreSQL. */
  pg = fb_test_server_new_on (dir, "pg", uri, NULL);
  move_peer (cmdr, pg, token);
  g_assert_true (fb_sync_client_sync_once (cmdr->client, &error));
  g_assert_no_error (error);
  pushes = count_in_log (pg, " POST /api/v1/ops ");
  g_assert_cmpuint (pushes, ==, 0);
  fb_test_server_stop (pg);

  g_assert_cmpint (migrate (uri, back, &back_out, &back_err), ==, 0);
  digest_file = digest_of (path);
  digest_pg = digest_of (uri);
  digest_back = digest_of (back);
  g_assert_cmpstr (digest_pg, ==, digest_file);
  g_assert_cmpstr (digest_back, ==, digest_file);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pg-servers/converge", test_pg_converge);
  g_test_add_func ("/pg-servers/move", test_pg_move);
  g_test_add_func ("/pg-servers/killed-mid-batch", test_pg_killed_mid_batch);
  g_test_add_func ("/pg-servers/postgresql-restart", test_pg_restart);
  g_test_add_func ("/pg-servers/migrate", test_pg_migrate);

  return g_test_run ();
}
