/* bench-sync-soak.c — many workstations writing at once through one server
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 50 clients (FB_BENCH_SOAK_CLIENTS), each posting 100 entries a second
 * (FB_BENCH_SOAK_RATE) for 30 seconds (FB_BENCH_SOAK_SECONDS), each with its
 * own database file, through one firebreak-server on 127.0.0.1. Then every
 * store must end identical to the server's record: nothing lost, nothing
 * doubled. All clients share this process's main loop, so when the machine
 * cannot keep up the posting rate achieved is printed beside the one asked.
 *
 * The floor, in the same run: the time this process takes to apply the
 * same ops to as many new stores, one after the other, without a server
 * (read from the first store, applied in batches of 10,000 as ops from
 * elsewhere). Target: the stores settle within 1.5 times that. The
 * posts are this process's work too, which the floor has not: the ratio
 * is printed as measured and again without their time, beside the CPU
 * time of the main thread and of the others (decoding) while settling,
 * to tell what bounds it.
 */

#include "config.h"

#include <sqlite3.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "fb-bench-util.h"
#include "fb-sync-client.h"
#include "fb-test-util.h"
#include "sync/fb-test-server-watch.h"

#define FLOOR_BATCH  10000
#define TARGET_RATIO 1.5

typedef struct
{
  FbStore      *store;
  FbSyncClient *client;
  char         *path;
  guint         posted;
} Peer;

static Peer *peers;
static int n_clients = 50;
static int rate = 100;
static int seconds = 30;
static char *incident;
static gint64 started;
static guint total_posted;
static gint64 posting_us;   /* the main thread's time inside the posts */
static gboolean posting = TRUE;
static guint marks[FB_PROBE_N_STAGES];   /* how often each stage was passed */

/* Counts along the path, to tell how the catching up was done: how many
 * notices, pulls and commits of pulled ops it took. */
static void
count_mark (FbProbeStage  stage,
            gconstpointer who,
            gint64        time,
            gpointer      data)
{
  marks[stage]++;
}

static void
on_look_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Looks every CHECK_MS rather than after every turn of the main loop: a
 * look counts every store's entries, and looking thousands of times a
 * second took the main thread's time from the very work being measured.
 * What it adds to a settling time is at most CHECK_MS. */
#define CHECK_MS 20

/* The next look is CHECK_MS after the last one ended: a look that takes
 * longer than CHECK_MS (fifty stores counted on a loaded machine) must
 * not leave its timer always due, which kept the loop from ever being
 * idle. */
static void
wait_for (gboolean (*check) (gpointer), gpointer data, const char *what, int limit_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) limit_s * G_USEC_PER_SEC;
  gboolean look = TRUE;

  for (;;)
    {
      if (look)
        {
          look = FALSE;
          if (check (data))
            break;
          g_timeout_add_once (CHECK_MS, on_look_cb, &look);
        }
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up waiting for %s", what);
    }
}

/* Each tick brings every client up to the count its rate asks for by now. */
static gboolean
on_post_tick_cb (gpointer data)
{
  double elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  guint due = (guint) (MIN (elapsed, seconds) * rate);

  for (int i = 0; i < n_clients; i++)
    {
      while (peers[i].posted < due)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *text = g_strdup_printf ("client %d entry %u", i, peers[i].posted);
          gint64 start = g_get_monotonic_time ();

          g_free (fb_store_add_entry (peers[i].store, incident, FB_ENTRY_FACT, text,
                                      0, NULL, NULL, &error));
          posting_us += g_get_monotonic_time () - start;
          g_assert_no_error (error);
          peers[i].posted++;
          total_posted++;
        }
    }

  if (elapsed >= seconds)
    {
      posting = FALSE;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gint64
query (const char *path,
       const char *sql,
       char      **text)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      value = sqlite3_column_int64 (stmt, 0);
      if (text != NULL)
        *text = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* SHA-256 over the sorted op ids: equal digests, equal records. */
static char *
digest_of (const char *path)
{
  g_autofree char *ids = NULL;

  query (path, "SELECT count(*), group_concat(id, ',') FROM (SELECT id FROM ops ORDER BY id)", &ids);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, ids != NULL ? ids : "", -1);
}

/* The stores still behind, with what their clients say, two minutes
 * after the posts were due to end and every five minutes after that:
 * settling that never ends must say where it stopped. */
static void
tell_behind (guint expected)
{
  static gint64 next;
  gint64 now = g_get_monotonic_time ();

  if (next == 0)
    next = started + (gint64) (seconds + 120) * G_USEC_PER_SEC;
  if (now < next)
    return;
  next = now + 300 * G_USEC_PER_SEC;
  for (int i = 0; i < n_clients; i++)
    {
      guint entries = fb_store_count_entries (peers[i].store, incident);
      guint outbox = fb_store_count_outbox (peers[i].store);

      if (entries != expected || outbox != 0)
        g_printerr ("client %d behind: %u of %u entries, %u to push, cursor %" G_GINT64_FORMAT
                    ", state %d, \"%s\"\n",
                    i, entries, expected, outbox, fb_sync_client_get_cursor (peers[i].client),
                    fb_sync_client_get_state (peers[i].client),
                    fb_sync_client_get_message (peers[i].client) ? fb_sync_client_get_message (peers[i].client) : "");
    }
}

static gboolean
all_settled (gpointer data)
{
  guint expected = GPOINTER_TO_UINT (data);

  if (posting)
    return FALSE;

  tell_behind (expected);
  for (int i = 0; i < n_clients; i++)
    if (fb_store_count_outbox (peers[i].store) != 0 ||
        fb_store_count_entries (peers[i].store, incident) != expected)
      return FALSE;

  return TRUE;
}

static gboolean
all_connected (gpointer data)
{
  for (int i = 0; i < n_clients; i++)
    if (fb_sync_client_get_state (peers[i].client) != FB_SYNC_STATE_UP_TO_DATE)
      return FALSE;
  return TRUE;
}

static double cpu_seconds (clockid_t which);

/* Each store's work without the network: the same ops, read from the
 * first store, applied to @n new stores in turn; *cpu_s is the CPU time
 * that took. */
static double
measure_floor (FbTestDir *dir, const char *source, int n, double *cpu_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) from = fb_store_open (source, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) ops = NULL;
  gint64 start;

  g_assert_no_error (error);
  ops = fb_store_get_ops (from, NULL, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  *cpu_s = cpu_seconds (CLOCK_PROCESS_CPUTIME_ID);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("floor-%02d.db", i);
      g_autofree char *path = fb_test_dir_file (dir, name);
      g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

      g_assert_no_error (error);
      for (guint first = 0; first < ops->len; first += FLOOR_BATCH)
        {
          g_autoptr(GPtrArray) batch = g_ptr_array_new ();

          for (guint j = first; j < MIN (first + FLOOR_BATCH, ops->len); j++)
            g_ptr_array_add (batch, g_ptr_array_index (ops, j));
          g_assert_true (fb_store_apply (store, batch, NULL, FB_APPLY_TRUST_CLOCKS, NULL, &error));
          g_assert_no_error (error);
        }
    }
  *cpu_s = cpu_seconds (CLOCK_PROCESS_CPUTIME_ID) - *cpu_s;
  return fb_bench_seconds_since (start);
}

/* CPU seconds used so far by the calling thread (CLOCK_THREAD_CPUTIME_ID)
 * or the whole process (CLOCK_PROCESS_CPUTIME_ID). */
static double
cpu_seconds (clockid_t which)
{
  struct timespec ts;

  clock_gettime (which, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
env_int (const char *name, int fallback)
{
  const char *value = g_getenv (name);
  return value != NULL && atoi (value) > 0 ? atoi (value) : fallback;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GSubprocess) add = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *db = fb_test_dir_file (dir, "server.db");
  g_autofree char *log = fb_test_dir_file (dir, "server.log");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GThread) server_watch = NULL;
  gint server_stopping = FALSE;
  g_autofree char *token = NULL, *line = NULL, *url = NULL, *max = NULL;
  g_autofree char *server_digest = NULL;
  gint64 server_ops, server_distinct;
  double post_s, settle_s, floor_s, floor_cpu, main_cpu, all_cpu;
  guint identical = 0;
  gboolean ok = TRUE;

  n_clients = env_int ("FB_BENCH_SOAK_CLIENTS", n_clients);
  rate = env_int ("FB_BENCH_SOAK_RATE", rate);
  seconds = env_int ("FB_BENCH_SOAK_SECONDS", seconds);

  add = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                          FIREBREAK_SERVER_PATH, "--database", db, "user", "add", "bench", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (add, NULL, NULL, &token, NULL, &error);
  g_assert_no_error (error);
  g_strstrip (token);

  max = g_strdup_printf ("%d", n_clients + 8);
  launcher = fb_test_server_launcher (log);
  server = g_subprocess_launcher_spawn (launcher, &error, FIREBREAK_SERVER_PATH,
                                        "--listen", "127.0.0.1:0", "--database", db, "--quiet",
                                        "--max-connections", max,
                                        /* Every client here shares one token, so
                                         * one user's push rate would meter them all. */
                                        "--push-rate", "0", NULL);
  g_assert_no_error (error);
  fb_test_server_watch (server, log, &server_stopping, &server_watch);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  url = g_strdup (line + strlen ("listening on "));

  peers = g_new0 (Peer, n_clients);
  for (int i = 0; i < n_clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("client-%02d.db", i);

      peers[i].path = fb_test_dir_file (dir, name);
      peers[i].store = fb_store_open (peers[i].path, FB_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      peers[i].client = fb_sync_client_new (peers[i].store, url, token, NULL);
      fb_sync_client_start (peers[i].client);
    }

  incident = fb_store_create_incident (peers[0].store, "Soak", "generic", 3, 0, 60, TRUE, &error);
  g_assert_no_error (error);
  wait_for (all_connected, NULL, "the clients to connect", 300);

  fb_probe_set_hook (count_mark, NULL);
  main_cpu = cpu_seconds (CLOCK_THREAD_CPUTIME_ID);
  all_cpu = cpu_seconds (CLOCK_PROCESS_CPUTIME_ID);
  started = g_get_monotonic_time ();
  g_timeout_add (10, on_post_tick_cb, NULL);
  wait_for (all_settled, GUINT_TO_POINTER ((guint) n_clients * rate * seconds), "the stores to settle", 3600);
  settle_s = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  main_cpu = cpu_seconds (CLOCK_THREAD_CPUTIME_ID) - main_cpu;
  all_cpu = cpu_seconds (CLOCK_PROCESS_CPUTIME_ID) - all_cpu;
  post_s = seconds;

  /* The server's record, and every store's, compared by their op ids. */
  server_ops = query (db, "SELECT count(*), NULL FROM ops", NULL);
  server_distinct = query (db, "SELECT count(DISTINCT id), NULL FROM ops", NULL);
  server_digest = digest_of (db);

  for (int i = 0; i < n_clients; i++)
    {
      g_autofree char *digest = digest_of (peers[i].path);
      gint64 count = query (peers[i].path, "SELECT count(*), NULL FROM ops", NULL);

      if (count == server_ops && g_strcmp0 (digest, server_digest) == 0)
        identical++;
    }

  ok = server_ops == total_posted + 1 && server_distinct == server_ops && identical == (guint) n_clients;

  fb_probe_set_hook (NULL, NULL);
  for (int i = 0; i < n_clients; i++)
    fb_sync_client_stop (peers[i].client);
  floor_s = measure_floor (dir, peers[0].path, n_clients, &floor_cpu);

  g_print ("soak: %d clients x %d entries/s x %d s asked = %d entries; posted %u "
           "(%.0f/s achieved); server holds %" G_GINT64_FORMAT " ops (%" G_GINT64_FORMAT " distinct, "
           "expected %u); %u of %d stores identical to the server; all settled %.1f s after the start; %s\n",
           n_clients, rate, seconds, n_clients * rate * seconds, total_posted, total_posted / post_s,
           server_ops, server_distinct, total_posted + 1, identical, n_clients, settle_s,
           ok ? "nothing lost or doubled" : "MISMATCH");
  g_print ("floor, the same %" G_GINT64_FORMAT " ops applied to %d new stores without a server, in batches "
           "of %d: %.1f s (%.0f applied ops/s); settling took %.2fx the floor (%.0f applied ops/s; "
           "target <= %.1fx): %s\n",
           server_ops, n_clients, FLOOR_BATCH, floor_s, server_ops * n_clients / floor_s, settle_s / floor_s,
           server_ops * n_clients / settle_s, TARGET_RATIO, settle_s / floor_s <= TARGET_RATIO ? "met" : "MISSED");
  /* Each post is a commit of its own (its sync is another thread's), on
   * the same main thread as every store's sync: work the floor has not. */
  g_print ("of the settling time, the %u posts themselves (each its own commit, synced in a thread before "
           "it is pushed) took %.1f s of this process's main thread; without them, settling took %.2fx the floor\n",
           total_posted, posting_us / (double) G_USEC_PER_SEC,
           (settle_s - posting_us / (double) G_USEC_PER_SEC) / floor_s);
  /* Which bounds the settling: the main thread busy all along, or the
   * decoding threads, or waits (commits reaching the disk, the server). */
  /* On a shared machine the wall times wait for the others; CPU time
   * does not: settling's beside the floor's, posts included. */
  g_print ("while settling, this process's main thread was on a CPU %.1f s, its other threads %.1f s; "
           "the floor %.1f s, so settling took %.2fx the floor's CPU time\n",
           main_cpu, all_cpu - main_cpu, floor_cpu, all_cpu / floor_cpu);
  g_print ("on the way: %u live notices received, %u pulls sent, %u pushes sent, %u commits of pulled ops "
           "(%.1f pulled ops a commit; the floor: %d)\n",
           marks[FB_PROBE_RECEIVED], marks[FB_PROBE_PULL_SENT], marks[FB_PROBE_PUSH_SENT],
           marks[FB_PROBE_APPLIED],
           marks[FB_PROBE_APPLIED] > 0 ? (double) total_posted * (n_clients - 1) / marks[FB_PROBE_APPLIED] : 0.0,
           FLOOR_BATCH);

  for (int i = 0; i < n_clients; i++)
    {
      fb_sync_client_stop (peers[i].client);
      g_clear_object (&peers[i].client);
      g_clear_object (&peers[i].store);
      g_free (peers[i].path);
    }
  g_free (peers);
  g_atomic_int_set (&server_stopping, TRUE);
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_thread_join (g_steal_pointer (&server_watch));

  return ok ? 0 : 1;
}
