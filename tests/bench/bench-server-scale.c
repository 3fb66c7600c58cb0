/* bench-server-scale.c — a hundred workstations against one server, and
 * against several server processes on one PostgreSQL
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 100 clients (FB_BENCH_SCALE_CLIENTS), each a device of its own: every
 * second (FB_BENCH_SCALE_INTERVAL_MS) it writes a batch of 5 entries
 * (FB_BENCH_SCALE_BATCH), properly chained and hashed, and pushes what
 * waits whenever it has no request in flight, as the sync client does; a
 * live socket tells it the head, and it pulls from its cursor whenever
 * the head is beyond it. It runs for 12 s (FB_BENCH_SCALE_SECONDS), then
 * until every client has pushed everything and pulled to the head.
 *
 * The clients are raw HTTP and WebSocket in this one process (a store
 * each would spend the machine applying every op a hundred times), on
 * the real firebreak-server binaries on 127.0.0.1. The floor is the one
 * SQLite server, measured in the same run; beside it 1, 2 and 4 server
 * processes on one PostgreSQL, the clients split among them in turn.
 * Printed for each: the ops accepted a second while the clients wrote,
 * the 50th and 99th percentile of a push's round trip, and whether every
 * op written ended on the server once and every client's cursor at its
 * head.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fb-bench-util.h"
#include "firebreak-core.h"
#include "fb-test-util.h"
#include "sync/fb-test-server-watch.h"
#ifdef FB_HAVE_POSTGRESQL
#include "fb-test-pg.h"
#endif

#define MAX_PUSH 200

typedef struct
{
  GSubprocess *process;
  GThread     *watch;
  gint         stopping;
  char        *url;
} Process;

typedef struct _Run Run;

typedef struct
{
  Run                     *run;
  int                      index;
  const char              *url;       /* of its server process */
  SoupWebsocketConnection *ws;
  char                    *device;
  char                    *incident;
  char                    *last_hash;
  gint64                   device_seq;
  GPtrArray               *outbox;    /* FbOp, written and not yet accepted */
  guint                    in_flight; /* ops of the push on its way */
  gboolean                 busy;
  gboolean                 waiting;   /* a retry after a refusal is due */
  gint64                   cursor;
  gint64                   head_seen;
  SoupMessage             *msg;       /* the request in flight */
  gint64                   sent_at;
  guint                    batches;
} Client;

struct _Run
{
  SoupSession *session;
  Client      *clients;
  char        *token;
  GArray      *latencies;    /* ms, pushes answered while writing */
  guint64      accepted;     /* while writing */
  guint64      accepted_all;
  guint64      written;
  guint        refused;      /* 5xx, 429, or no answer: retried */
  guint        connected;
  gint64       started;
  gboolean     writing;
};

static int n_clients = 100;
static int interval_ms = 1000;
static int batch = 5;
static int seconds = 12;

static int
env_int (const char *name,
         int         fallback)
{
  const char *value = g_getenv (name);
  return value != NULL && atoi (value) > 0 ? atoi (value) : fallback;
}

static void
wait_for (gboolean  (*check) (Run *),
          Run        *run,
          const char *what,
          int         limit_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) limit_s * G_USEC_PER_SEC;

  while (!check (run))
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up waiting for %s", what);
    }
}

/* Server processes -------------------------------------------------------- */

static char *
add_user (const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) add = NULL;
  char *token = NULL;

  add = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                          FIREBREAK_SERVER_PATH, "--database", database, "user", "add", "bench", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (add, NULL, NULL, &token, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (add));
  return g_strstrip (token);
}

static void
start_process (Process    *process,
               FbTestDir  *dir,
               const char *database,
               int         number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *name = g_strdup_printf ("server-%d-%u.log", number, g_random_int ());
  g_autofree char *log = fb_test_dir_file (dir, name);
  g_autofree char *max = g_strdup_printf ("%d", n_clients + 8);
  g_autofree char *line = NULL;

  launcher = fb_test_server_launcher (log);
  process->process = g_subprocess_launcher_spawn (launcher, &error, FIREBREAK_SERVER_PATH,
                                                  "--listen", "127.0.0.1:0", "--database", database,
                                                  "--quiet", "--max-connections", max,
                                                  /* Every client shares one token: one
                                                   * user's push rate would meter them all. */
                                                  "--push-rate", "0", NULL);
  g_assert_no_error (error);
  fb_test_server_watch (process->process, log, &process->stopping, &process->watch);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process->process));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "listening on "));
  process->url = g_strdup (line + strlen ("listening on "));
}

static void
stop_process (Process *process)
{
  g_atomic_int_set (&process->stopping, TRUE);
  g_subprocess_send_signal (process->process, SIGTERM);
  g_subprocess_wait (process->process, NULL, NULL);
  g_thread_join (g_steal_pointer (&process->watch));
  g_clear_object (&process->process);
  g_clear_pointer (&process->url, g_free);
}

/* A client ------------------------------------------------------------------ */

static void kick (Client *client);

static void
write_batch (Client *client)
{
  for (int i = 0; i < batch; i++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      FbHlc hlc = { g_get_real_time () / 1000, (guint32) i };
      g_autofree char *text = g_strdup_printf ("Client %d, batch %u, entry %d: outbound traffic to "
                                               "203.0.113.%d on port 443 blocked at the firewall",
                                               client->index, client->batches, i, i + 1);
      FbOp *op;

      json_object_set_string_member (body, "kind", "fact");
      json_object_set_string_member (body, "text", text);
      json_object_set_int_member (body, "occurred_at", hlc.wall_ms);

      {
        g_autofree char *entity = fb_uuid_new ();
        op = fb_op_new (FB_OP_KIND_ENTRY_ADD, client->incident, entity, body);
      }
      op->id = fb_uuid_new ();
      op->device = g_strdup (client->device);
      op->device_seq = ++client->device_seq;
      g_free (op->prev);
      op->prev = g_strdup (client->last_hash);
      op->hlc = fb_hlc_to_string (&hlc);
      op->author = g_strdup_printf ("Analyst %d", client->index);
      op->hash = fb_op_compute_hash (op);
      g_free (client->last_hash);
      client->last_hash = g_strdup (op->hash);
      g_ptr_array_add (client->outbox, op);
    }

  client->batches++;
  client->run->written += (guint64) batch;
}

static gint64
number_after (const char *body,
              const char *key,
              gboolean    last)
{
  const char *at = last ? g_strrstr (body, key) : strstr (body, key);

  return at != NULL ? g_ascii_strtoll (at + strlen (key), NULL, 10) : -1;
}

static gboolean
on_retry_cb (gpointer data)
{
  Client *client = data;

  client->waiting = FALSE;
  kick (client);
  return G_SOURCE_REMOVE;
}

/* A refusal the server means as "later" (503, 429) or a connection
 * lost: the same batch again after a moment, as the sync client does. */
static void
retry_later (Client *client)
{
  client->run->refused++;
  client->waiting = TRUE;
  g_timeout_add (250, on_retry_cb, client);
}

static void
on_pushed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Client *client = data;
  Run *run = client->run;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  g_autoptr(SoupMessage) msg = g_steal_pointer (&client->msg);
  guint status = bytes != NULL ? soup_message_get_status (msg) : 0;
  double ms = (g_get_monotonic_time () - client->sent_at) / 1000.0;
  g_autofree char *body = bytes != NULL ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : NULL;

  client->busy = FALSE;
  if (bytes == NULL || status != 200)
    {
      if (status != 0 && status != 503 && status != 429 && status < 500)
        g_error ("A push was refused (%u): %s", status, body);
      client->in_flight = 0;
      retry_later (client);
      return;
    }

  {
    guint accepted = fb_test_count_in (body, "\"accepted\"");

    run->accepted_all += accepted;
    if (run->writing)
      {
        run->accepted += accepted;
        g_array_append_val (run->latencies, ms);
      }
  }
  g_ptr_array_remove_range (client->outbox, 0, client->in_flight);
  client->in_flight = 0;
  client->head_seen = MAX (client->head_seen, number_after (body, "\"head\":", FALSE));
  kick (client);
}

static void
on_pulled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Client *client = data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  g_autoptr(SoupMessage) msg = g_steal_pointer (&client->msg);
  g_autofree char *body = bytes != NULL ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : NULL;
  gint64 head, last;

  client->busy = FALSE;
  if (bytes == NULL || soup_message_get_status (msg) != 200)
    {
      retry_later (client);
      return;
    }

  /* The entries' texts hold no "seq": the last one is the page's last op. */
  head = number_after (body, "\"head\":", FALSE);
  last = number_after (body, "{\"seq\":", TRUE);
  client->head_seen = MAX (client->head_seen, head);
  client->cursor = last > client->cursor ? last : MAX (client->cursor, head);
  kick (client);
}

static void
send_request (Client              *client,
              const char          *method,
              const char          *path,
              char                *json,
              GAsyncReadyCallback  callback)
{
  g_autofree char *uri = g_strconcat (client->url, path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", client->run->token, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (json != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (json, strlen (json));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  client->busy = TRUE;
  client->msg = msg;
  client->sent_at = g_get_monotonic_time ();
  soup_session_send_and_read_async (client->run->session, msg, G_PRIORITY_DEFAULT, NULL, callback, client);
}

static void
kick (Client *client)
{
  if (client->busy || client->waiting)
    return;

  if (client->outbox->len > 0)
    {
      GString *json = g_string_new ("{\"ops\":[");

      client->in_flight = MIN (client->outbox->len, MAX_PUSH);
      for (guint i = 0; i < client->in_flight; i++)
        {
          g_autofree char *op = fb_op_to_json (g_ptr_array_index (client->outbox, i), NULL);
          g_string_append_printf (json, "%s%s", i > 0 ? "," : "", op);
        }
      g_string_append (json, "]}");
      send_request (client, "POST", "api/v1/ops", g_string_free (json, FALSE), on_pushed_cb);
    }
  else if (client->head_seen > client->cursor)
    {
      g_autofree char *path = g_strdup_printf ("api/v1/ops?since=%" G_GINT64_FORMAT "&limit=1000",
                                               client->cursor);
      send_request (client, "GET", path, NULL, on_pulled_cb);
    }
}

static void
on_live_message_cb (SoupWebsocketConnection *ws,
                    int                      type,
                    GBytes                  *message,
                    Client                  *client)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));

  client->head_seen = MAX (client->head_seen, number_after (text, "\"head\":", FALSE));
  kick (client);
}

static void
on_live_connected_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  Client *client = data;
  g_autoptr(GError) error = NULL;

  client->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_signal_connect (client->ws, "message", G_CALLBACK (on_live_message_cb), client);
  client->run->connected++;
}

static void
connect_live (Client *client)
{
  g_autofree char *uri = g_strconcat (client->url, "api/v1/live", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", client->run->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_websocket_connect_async (client->run->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, on_live_connected_cb, client);
}

/* The run --------------------------------------------------------------- */

/* Each client writes its batches on its own beat, the beats spread over
 * the interval so that a hundred do not arrive in the same millisecond. */
static gboolean
on_write_tick_cb (gpointer data)
{
  Run *run = data;
  gint64 elapsed_ms = (g_get_monotonic_time () - run->started) / 1000;

  if (elapsed_ms >= (gint64) seconds * 1000)
    {
      run->writing = FALSE;
      return G_SOURCE_REMOVE;
    }

  for (int i = 0; i < n_clients; i++)
    {
      Client *client = &run->clients[i];
      gint64 offset = (gint64) i * interval_ms / n_clients;
      guint due = elapsed_ms >= offset ? (guint) ((elapsed_ms - offset) / interval_ms) + 1 : 0;

      if (client->batches < due)
        {
          while (client->batches < due)
            write_batch (client);
          kick (client);
        }
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
all_connected (Run *run)
{
  return run->connected == (guint) n_clients;
}

/* Everything written is on the server, and every client has pulled to
 * the head the server last gave it. */
static gboolean
all_settled (Run *run)
{
  if (run->writing)
    return FALSE;

  for (int i = 0; i < n_clients; i++)
    {
      Client *client = &run->clients[i];

      if (client->busy || client->outbox->len > 0 || client->cursor < client->head_seen)
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_at (Run *run)
{
  for (int i = 0; i < n_clients; i++)
    if (run->clients[i].cursor < (gint64) run->written)
      return FALSE;
  return TRUE;
}

/* Serves @database from @n_processes server processes and runs the
 * clients against them; prints one line headed @label. */
static gboolean
run_against (FbTestDir  *dir,
             const char *label,
             const char *database,
             int         n_processes)
{
  g_autofree Process *processes = g_new0 (Process, n_processes);
  Run run = { 0 };
  double p50, p99, settle_s;
  gboolean ok;

  run.token = add_user (database);
  for (int p = 0; p < n_processes; p++)
    start_process (&processes[p], dir, database, p);

  run.session = soup_session_new_with_options ("max-conns", 4 * n_clients,
                                               "max-conns-per-host", 2 * n_clients,
                                               "timeout", 60, NULL);
  run.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  run.clients = g_new0 (Client, n_clients);
  for (int i = 0; i < n_clients; i++)
    {
      Client *client = &run.clients[i];

      client->run = &run;
      client->index = i;
      client->url = processes[i % n_processes].url;
      client->device = fb_uuid_new ();
      client->incident = fb_uuid_new ();
      client->last_hash = g_strdup ("");
      client->outbox = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
      connect_live (client);
    }
  wait_for (all_connected, &run, "the clients' live sockets", 120);

  run.started = g_get_monotonic_time ();
  run.writing = TRUE;
  g_timeout_add (10, on_write_tick_cb, &run);
  wait_for (all_settled, &run, "every client to push all it wrote and pull to the head", 600);
  /* A client may have seen its last head before the others' last pushes. */
  for (int i = 0; i < n_clients; i++)
    run.clients[i].head_seen = (gint64) run.written;
  for (int i = 0; i < n_clients; i++)
    kick (&run.clients[i]);
  wait_for (all_at, &run, "every client to pull everything", 600);
  settle_s = fb_bench_seconds_since (run.started);

  p50 = run.latencies->len > 0 ? fb_bench_percentile (run.latencies, 50) : 0;
  p99 = run.latencies->len > 0 ? fb_bench_percentile (run.latencies, 99) : 0;
  ok = run.accepted_all == run.written;
  g_print ("server-scale: %-22s %7.0f ops/s accepted (%6.0f written/s asked); push p50 %6.1f ms, "
           "p99 %7.1f ms over %u pushes; %u retried; settled %.1f s after the start; %s\n",
           label, run.accepted / (double) seconds, n_clients * batch * 1000.0 / interval_ms,
           p50, p99, run.latencies->len, run.refused, settle_s,
           ok ? "every op accepted once, every client at the head" : "MISMATCH");

  for (int i = 0; i < n_clients; i++)
    {
      Client *client = &run.clients[i];

      if (client->ws != NULL)
        soup_websocket_connection_close (client->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&client->ws);
      g_ptr_array_unref (client->outbox);
      g_free (client->device);
      g_free (client->incident);
      g_free (client->last_hash);
    }
  g_free (run.clients);
  g_array_unref (run.latencies);
  g_free (run.token);
  for (int p = 0; p < n_processes; p++)
    stop_process (&processes[p]);
  g_object_unref (run.session);

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *sqlite = fb_test_dir_file (dir, "server.db");
  gboolean ok = TRUE;

  n_clients = env_int ("FB_BENCH_SCALE_CLIENTS", n_clients);
  interval_ms = env_int ("FB_BENCH_SCALE_INTERVAL_MS", interval_ms);
  batch = env_int ("FB_BENCH_SCALE_BATCH", batch);
  seconds = env_int ("FB_BENCH_SCALE_SECONDS", seconds);

  g_print ("server-scale: %d clients, each writing %d entries every %d ms for %d s\n",
           n_clients, batch, interval_ms, seconds);
  ok &= run_against (dir, "SQLite, 1 process", sqlite, 1);

#ifdef FB_HAVE_POSTGRESQL
  {
    /* One cluster, a new database for each line (fb-test-pg.h). */
    FbTestPg *pg = fb_test_pg_get ();

    for (int n = 1; n <= 4; n *= 2)
      {
        g_autofree char *uri = fb_test_pg_new_database (pg);
        g_autofree char *label = g_strdup_printf ("PostgreSQL, %d process%s", n, n > 1 ? "es" : "");

        ok &= run_against (dir, label, uri, n);
      }
  }
#else
  g_print ("server-scale: PostgreSQL, 1, 2 and 4 processes: not built (meson -Dpostgresql=disabled)\n");
#endif

  return ok ? 0 : 1;
}
