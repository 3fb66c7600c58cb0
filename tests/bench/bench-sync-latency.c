/* bench-sync-latency.c — how long an entry takes from one workstation's
 * store to another's, beside a plain WebSocket echo round trip
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ten clients, each with its own database file, connected to a real
 * firebreak-server on 127.0.0.1. Entry i is posted on client 0 and timed
 * until it is in client 1 + i % 9's store; the next is posted when every
 * client has it, so each figure is one entry's journey and not a queue.
 * The floor is a libsoup WebSocket echo between a client and a server in
 * this same process, measured in the same run.
 *
 * Where the time goes: the probes (fb-probe.h) of the sending store, of
 * the watched receiving store and of the server (whose marks it writes to
 * FIREBREAK_PROBE_LOG, on the machine's monotonic clock) give each stage's
 * time after the post; their medians and 99th percentiles are printed
 * stage by stage.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "fb-bench-util.h"
#include "fb-sync-client.h"
#include "fb-test-util.h"
#include "sync/fb-test-server-watch.h"

#define N_CLIENTS 10
#define TARGET_P50_MS 5.0
#define TARGET_P99_MS 20.0

static int n_entries = 1000;

/* The stages of one entry's journey, in the order it passes them. */
typedef struct
{
  const char   *name;
  FbProbeStage  stage;
  int           whose;   /* 0 the sender, 1 the watched receiver, 2 the server */
} Stage;

static const Stage stages[] = {
  { "sender: committed, changed announced", FB_PROBE_ANNOUNCED, 0 },
  { "sender: push sent", FB_PROBE_PUSH_SENT, 0 },
  { "server: push read", FB_PROBE_SERVER_RECEIVED, 2 },
  { "server: stored (fsync)", FB_PROBE_SERVER_STORED, 2 },
  { "server: notices written", FB_PROBE_SERVER_NOTIFIED, 2 },
  { "sender: push answered", FB_PROBE_PUSH_ANSWERED, 0 },
  { "receiver: notice received", FB_PROBE_RECEIVED, 1 },
  { "receiver: pull sent", FB_PROBE_PULL_SENT, 1 },
  { "receiver: page received", FB_PROBE_PULLED, 1 },
  { "receiver: applied (fsync)", FB_PROBE_APPLIED, 1 },
  { "receiver: changed announced", FB_PROBE_ANNOUNCED, 1 },
};

#define N_JOURNEY G_N_ELEMENTS (stages)

static void
wait_for (gboolean (*check) (gpointer), gpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!check (data))
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up waiting for %s", what);
    }
}

/* The floor: WebSocket echo ------------------------------------------------ */

typedef struct
{
  SoupWebsocketConnection *client;
  SoupWebsocketConnection *server_side;
  gboolean                 got;
} Echo;

static void
on_server_message_cb (SoupWebsocketConnection *ws, int type, GBytes *message, gpointer data)
{
  soup_websocket_connection_send_message (ws, type, message);
}

static void
on_echo_ws_cb (SoupServer *server, SoupServerMessage *msg, const char *path,
               SoupWebsocketConnection *ws, gpointer data)
{
  Echo *echo = data;

  echo->server_side = g_object_ref (ws);
  g_signal_connect (ws, "message", G_CALLBACK (on_server_message_cb), NULL);
}

static void
on_client_message_cb (SoupWebsocketConnection *ws, int type, GBytes *message, Echo *echo)
{
  echo->got = TRUE;
}

static void
on_echo_connected_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Echo *echo = data;
  g_autoptr(GError) error = NULL;

  echo->client = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_signal_connect (echo->client, "message", G_CALLBACK (on_client_message_cb), echo);
}

static gboolean
echo_ready (gpointer data)
{
  Echo *echo = data;
  return echo->client != NULL && echo->server_side != NULL;
}

static gboolean
echo_got (gpointer data)
{
  return ((Echo *) data)->got;
}

static GArray *
measure_echo (int n)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *uri = NULL;
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (double));
  Echo echo = { 0 };
  GSList *uris;

  soup_server_add_websocket_handler (server, "/echo", NULL, NULL, on_echo_ws_cb, &echo, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  {
    g_autofree char *base = g_uri_to_string (uris->data);
    uri = g_strconcat (base, "echo", NULL);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  msg = soup_message_new ("GET", uri);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_echo_connected_cb, &echo);
  wait_for (echo_ready, &echo, "the echo socket");

  for (int i = 0; i < n; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      echo.got = FALSE;
      soup_websocket_connection_send_text (echo.client, "{\"head\":12345}");
      wait_for (echo_got, &echo, "the echo");
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }

  soup_websocket_connection_close (echo.client, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&echo.client);
  g_clear_object (&echo.server_side);
  return samples;
}

/* Sync -------------------------------------------------------------------- */

typedef struct
{
  FbStore      *store;
  FbSyncClient *client;
} Peer;

static Peer peers[N_CLIENTS];
static const char *watched_id;
static int watched_peer;
static gint64 seen_at;
static gint64 post_at;
static gint64 journey[N_JOURNEY];

/* The first time since the post that the sender or the watched receiver
 * passed each stage. */
static void
on_probe_cb (FbProbeStage stage, gconstpointer who, gint64 time, gpointer data)
{
  int whose = who == peers[0].store ? 0 : who == peers[watched_peer].store ? 1 : -1;

  if (post_at == 0 || whose < 0)
    return;
  for (guint i = 0; i < N_JOURNEY; i++)
    if (stages[i].stage == stage && stages[i].whose == whose && journey[i] == 0)
      journey[i] = time;
}

/* The server's marks between an entry's post and its arrival everywhere. */
static void
take_server_marks (const char *log, gint64 from, gint64 to)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (log, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[l], " ", 2);
      gint64 time;

      if (g_strv_length (parts) != 2)
        continue;
      time = g_ascii_strtoll (parts[1], NULL, 10);
      if (time < from || time > to)
        continue;
      for (guint i = 0; i < N_JOURNEY; i++)
        if (stages[i].whose == 2 && journey[i] == 0 &&
            g_str_equal (parts[0], fb_probe_stage_name (stages[i].stage)))
          journey[i] = time;
    }
}

static void
print_journey (GArray **at)
{
  g_print ("where the time goes, ms after the post (p50 / p99; a stage passed by no entry shows -):\n");
  for (guint i = 0; i < N_JOURNEY; i++)
    {
      if (at[i]->len == 0)
        g_print ("  %-40s -\n", stages[i].name);
      else
        g_print ("  %-40s %7.2f / %7.2f  (%u of the entries)\n", stages[i].name,
                 fb_bench_percentile (at[i], 50), fb_bench_percentile (at[i], 99), at[i]->len);
    }
}

static void
on_changed_cb (FbStore *store, guint flags, const char *incident, gpointer data)
{
  int i = GPOINTER_TO_INT (data);
  g_autoptr(FbEntry) entry = NULL;

  if (i != watched_peer || seen_at != 0 || watched_id == NULL || !(flags & FB_CHANGE_ENTRIES))
    return;

  entry = fb_store_get_entry (store, watched_id);
  if (entry != NULL)
    seen_at = g_get_monotonic_time ();
}

static gboolean
everyone_has (gpointer data)
{
  for (int i = 0; i < N_CLIENTS; i++)
    {
      g_autoptr(FbEntry) entry = fb_store_get_entry (peers[i].store, data);
      if (entry == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
everyone_idle (gpointer data)
{
  for (int i = 0; i < N_CLIENTS; i++)
    if (fb_sync_client_get_state (peers[i].client) != FB_SYNC_STATE_UP_TO_DATE)
      return FALSE;
  return TRUE;
}

static gboolean
seen (gpointer data)
{
  return seen_at != 0;
}

static gint server_stopping;
static GThread *server_watch;

static char *
start_server (FbTestDir *dir, GSubprocess **process, char **token, const char *probes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = fb_test_dir_file (dir, "server.db");
  g_autofree char *log = fb_test_dir_file (dir, "server.log");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) add = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *line = NULL;

  add = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                          FIREBREAK_SERVER_PATH, "--database", db, "user", "add", "bench", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (add, NULL, NULL, token, NULL, &error);
  g_assert_no_error (error);
  g_strstrip (*token);

  launcher = fb_test_server_launcher (log);
  g_subprocess_launcher_setenv (launcher, "FIREBREAK_PROBE_LOG", probes, TRUE);
  *process = g_subprocess_launcher_spawn (launcher, &error, FIREBREAK_SERVER_PATH,
                                          "--listen", "127.0.0.1:0", "--database", db, "--quiet", NULL);
  g_assert_no_error (error);
  fb_test_server_watch (*process, log, &server_stopping, &server_watch);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (*process));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "listening on "));

  return g_strdup (line + strlen ("listening on "));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GArray) echo = NULL;
  g_autoptr(GArray) sync = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *at[N_JOURNEY];
  g_autofree char *url = NULL, *token = NULL, *incident = NULL, *probes = NULL;
  g_autoptr(GError) error = NULL;
  double sync_p50, sync_p99, echo_p50, echo_p99;

  if (g_getenv ("FB_BENCH_ENTRIES") != NULL)
    n_entries = MAX (10, atoi (g_getenv ("FB_BENCH_ENTRIES")));

  dir = fb_test_dir_new ();
  probes = fb_test_dir_file (dir, "probes.log");
  url = start_server (dir, &server, &token, probes);
  for (guint i = 0; i < N_JOURNEY; i++)
    at[i] = g_array_new (FALSE, FALSE, sizeof (double));
  fb_probe_set_hook (on_probe_cb, NULL);

  for (int i = 0; i < N_CLIENTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("client-%d.db", i);
      g_autofree char *path = fb_test_dir_file (dir, name);

      peers[i].store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      peers[i].client = fb_sync_client_new (peers[i].store, url, token, NULL);
      g_signal_connect (peers[i].store, "changed", G_CALLBACK (on_changed_cb), GINT_TO_POINTER (i));
      fb_sync_client_start (peers[i].client);
    }

  incident = fb_store_create_incident (peers[0].store, "Latency drill", "generic", 3, 0, 60, TRUE, &error);
  g_assert_no_error (error);
  wait_for (everyone_idle, NULL, "the clients to connect");

  for (int i = 0; i < n_entries; i++)
    {
      g_autofree char *text = g_strdup_printf ("Entry %d", i);
      g_autofree char *id = NULL;
      gint64 start;
      double ms;

      watched_peer = 1 + i % (N_CLIENTS - 1);
      seen_at = 0;
      memset (journey, 0, sizeof journey);
      start = post_at = g_get_monotonic_time ();
      id = fb_store_add_entry (peers[0].store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error);
      g_assert_no_error (error);
      watched_id = id;

      wait_for (seen, NULL, "the entry to arrive");
      ms = (seen_at - start) / 1000.0;
      g_array_append_val (sync, ms);

      wait_for (everyone_has, id, "every client to have the entry");
      wait_for (everyone_idle, NULL, "the clients to settle");
      watched_id = NULL;
      post_at = 0;

      take_server_marks (probes, start, g_get_monotonic_time ());
      for (guint s = 0; s < N_JOURNEY; s++)
        if (journey[s] != 0)
          {
            double stage_ms = (journey[s] - start) / 1000.0;
            g_array_append_val (at[s], stage_ms);
          }
    }
  fb_probe_set_hook (NULL, NULL);

  echo = measure_echo (n_entries);

  sync_p50 = fb_bench_percentile (sync, 50);
  sync_p99 = fb_bench_percentile (sync, 99);
  echo_p50 = fb_bench_percentile (echo, 50);
  echo_p99 = fb_bench_percentile (echo, 99);

  g_print ("sync latency over %d entries, %d clients: p50 %.2f ms p99 %.2f ms; "
           "websocket echo p50 %.3f ms p99 %.3f ms; ratio p50 %.1fx p99 %.1fx; "
           "target p50 <= %.0f ms and p99 <= %.0f ms: %s\n",
           n_entries, N_CLIENTS, sync_p50, sync_p99, echo_p50, echo_p99,
           sync_p50 / echo_p50, sync_p99 / echo_p99, TARGET_P50_MS, TARGET_P99_MS,
           sync_p50 <= TARGET_P50_MS && sync_p99 <= TARGET_P99_MS ? "met" : "MISSED");
  print_journey (at);
  for (guint i = 0; i < N_JOURNEY; i++)
    g_array_unref (at[i]);

  for (int i = 0; i < N_CLIENTS; i++)
    {
      fb_sync_client_stop (peers[i].client);
      g_clear_object (&peers[i].client);
      g_clear_object (&peers[i].store);
    }
  g_atomic_int_set (&server_stopping, TRUE);
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_thread_join (server_watch);

  return sync_p50 <= TARGET_P50_MS && sync_p99 <= TARGET_P99_MS ? 0 : 1;
}
