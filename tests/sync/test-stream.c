/* test-stream.c — a long history pulled as one stream, page by page
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A server holding a history far larger than a page streams a pull from
 * cursor 0 without building the whole answer: its peak memory (VmHWM,
 * set back to the current size before each request) grows by a bound
 * well below the answer's size, whether the client reads it all or stops
 * reading at once. A new workstation takes the history in that stream,
 * in few requests, and ends with the author's record, which verifies;
 * it does so too while the main loop is never idle.
 *
 * The server object runs in this process, on 127.0.0.1, as in
 * test-server-unread.c: the raw clients are socket pairs handed to its
 * SoupServer, and the slow one's socket is full before it asks.
 */

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fb-server-private.h"
#include "fb-sync-client.h"
#include "fb-test-util.h"
#include "sync/fb-test-pair.h"

#define N_OPS        20000
#define TEXT_BYTES   3000
#define MEMORY_BOUND (16 * 1024 * 1024)

static FbTestDir *dir;
static FbServer *server;
static char *token;
static char *url;
static char *author_digest;
static guint author_n_ops;

/* Memory ------------------------------------------------------------------ */

static gint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, field);
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen (field), NULL, 10);
}

/* The peak from here on: what is freed goes back first, and the kernel
 * sets the peak to the present size. */
static gint64
reset_peak (void)
{
  FILE *clear;

  malloc_trim (0);
  clear = fopen ("/proc/self/clear_refs", "we");
  g_assert_nonnull (clear);
  g_assert_cmpint (fputs ("5", clear), >=, 0);
  g_assert_cmpint (fclose (clear), ==, 0);
  return status_kib ("VmRSS:");
}

/* The record ----------------------------------------------------------- */

/* The digest of a record's heads: equal digests, equal records (the
 * chains are hash chains). */
static char *
state_digest (FbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRecordState) state = fb_store_get_state (store, &error);

  g_assert_no_error (error);
  return g_strdup (state->digest);
}

/* An author's store of N_OPS ops of TEXT_BYTES each, pushed into the
 * server's database as the server would store them. */
static void
make_history (FbServerDb *db)
{
  g_autofree char *path = fb_test_dir_file (dir, "author.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autofree char *incident = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  incident = fb_store_create_incident (store, "Long history", "generic", 3, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  while (text->len < TEXT_BYTES)
    g_string_append (text, "lateral movement seen on the file server; ");

  for (guint done = 0; done < N_OPS;)
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

      for (; done < N_OPS && drafts->len < 2000; done++)
        {
          g_autoptr(JsonObject) body = json_object_new ();
          g_autofree char *id = fb_uuid_new ();

          json_object_set_string_member (body, "kind", "fact");
          json_object_set_string_member (body, "text", text->str);
          json_object_set_int_member (body, "occurred_at", 1764000000000 + done);
          g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, id, body));
        }
      g_assert_true (fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error));
      g_assert_no_error (error);
    }
  g_string_free (text, TRUE);

  ops = fb_store_get_ops (store, NULL, &error);
  g_assert_no_error (error);
  for (guint first = 0; first < ops->len; first += 500)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      g_autoptr(GArray) results = NULL;
      guint bad = 0;

      for (guint i = first; i < MIN (first + 500, ops->len); i++)
        g_ptr_array_add (batch, g_ptr_array_index (ops, i));
      results = fb_server_db_push (db, batch, NULL, "alice", &bad, &error);
      g_assert_no_error (error);
    }

  author_digest = state_digest (store);
  author_n_ops = ops->len;
}

/* Raw clients ------------------------------------------------------------ */

static void
send_request (int         fd,
              const char *path)
{
  g_autofree char *text = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: localhost\r\n"
                                           "Authorization: Bearer %s\r\n\r\n", path, token);

  fb_test_send_all (fd, text);
}

typedef struct
{
  gsize    bytes;
  guint    pages;
  char     tail[16];  /* the last bytes read, to find the answer's end */
  gboolean ended;
} Reading;

static gboolean
on_readable_cb (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  Reading *reading = user_data;
  char buffer[65536 + 16];
  gsize kept = strlen (reading->tail);
  ssize_t n;

  memcpy (buffer, reading->tail, kept);
  n = recv (fd, buffer + kept, 65536, 0);
  if (n <= 0)
    {
      reading->ended = TRUE;
      return G_SOURCE_REMOVE;
    }
  reading->bytes += (gsize) n;
  buffer[kept + (gsize) n] = '\0';

  /* Every page is a line that starts with its head. */
  for (const char *p = buffer; (p = strstr (p, "{\"head\":")) != NULL; p++)
    if (p >= buffer + kept)
      reading->pages++;

  /* The chunk of length 0 that ends a chunked answer. */
  if (g_str_has_suffix (buffer, "\r\n0\r\n\r\n"))
    reading->ended = TRUE;

  g_strlcpy (reading->tail, buffer + kept + (gsize) n - MIN ((gsize) n, 8), sizeof reading->tail);
  return reading->ended ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* Tests ------------------------------------------------------------------ */

static void
test_stream_memory (void)
{
  Reading reading = { 0 };
  gint64 before = reset_peak ();
  gint64 grown;
  int fd = fb_test_connect_pair (server->soup, FALSE);

  send_request (fd, "/api/v1/ops?since=0&stream=1");
  g_unix_fd_add (fd, G_IO_IN, on_readable_cb, &reading);
  while (!reading.ended)
    g_main_context_iteration (NULL, TRUE);
  grown = (status_kib ("VmHWM:") - before) * 1024;
  close (fd);

  g_test_message ("streamed %zu bytes in %u pages; peak memory grew %" G_GINT64_FORMAT " bytes",
                  reading.bytes, reading.pages, grown);
  /* Pages of 1,000, each after the first repeating the op before it. */
  g_assert_cmpuint (reading.pages, ==, 1 + (author_n_ops - 1000 + 998) / 999);
  g_assert_cmpuint (reading.bytes, >, (gsize) N_OPS * TEXT_BYTES);
  g_assert_cmpint (grown, <, MEMORY_BOUND);
}

static gboolean
on_answer_cb (int          fd,
              GIOCondition condition,
              gpointer     user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_stream_slow_reader (void)
{
  gint64 before = reset_peak ();
  gboolean answered = FALSE;
  char buffer[13];
  int slow, other;
  gint64 grown;

  /* A stream asked for on a connection with no room, never read. */
  slow = fb_test_connect_pair (server->soup, TRUE);
  send_request (slow, "/api/v1/ops?since=0&stream=1");

  /* Served after it, so the server has made all the pages it will. */
  other = fb_test_connect_pair (server->soup, FALSE);
  send_request (other, "/api/v1/info");
  g_unix_fd_add (other, G_IO_IN, on_answer_cb, &answered);
  while (!answered)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (recv (other, buffer, sizeof buffer, 0), ==, sizeof buffer);
  g_assert_true (memcmp (buffer, "HTTP/1.1 200 ", sizeof buffer) == 0);

  grown = (status_kib ("VmHWM:") - before) * 1024;
  g_test_message ("a reader that reads nothing: peak memory grew %" G_GINT64_FORMAT " bytes", grown);
  g_assert_cmpint (grown, <, MEMORY_BOUND);

  close (other);
  close (slow);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static guint n_pulls;

static void
on_probe_cb (FbProbeStage stage, gconstpointer who, gint64 time, gpointer data)
{
  if (stage == FB_PROBE_PULL_SENT)
    n_pulls++;
}

static void
test_stream_new_workstation (void)
{
  g_autofree char *path = fb_test_dir_file (dir, "new.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbSyncClient) client = NULL;
  g_autoptr(FbVerification) verification = NULL;
  g_autofree char *digest = NULL;

  g_assert_no_error (error);
  client = fb_sync_client_new (store, url, token, NULL);
  fb_probe_set_hook (on_probe_cb, NULL);
  g_assert_true (fb_sync_client_sync_once (client, &error));
  g_assert_no_error (error);
  fb_probe_set_hook (NULL, NULL);

  /* One stream, where pages of 500 would take 40 requests. */
  g_assert_cmpuint (n_pulls, <=, 2);
  digest = state_digest (store);
  g_assert_cmpstr (digest, ==, author_digest);
  verification = fb_store_verify (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (verification->problem);
  g_assert_cmpuint (verification->n_ops, ==, author_n_ops);
}

/* Always ready at the default priority, as a loop kept busy is: the
 * pulled pages must go in all the same. */
static gboolean
on_busy_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_stream_busy_loop (void)
{
  g_autofree char *path = fb_test_dir_file (dir, "busy.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbSyncClient) client = NULL;
  g_autofree char *digest = NULL;
  guint turns = 0;
  guint busy_id;

  g_assert_no_error (error);
  client = fb_sync_client_new (store, url, token, NULL);
  busy_id = g_idle_add_full (G_PRIORITY_DEFAULT, on_busy_cb, &turns, NULL);
  g_assert_true (fb_sync_client_sync_once (client, &error));
  g_assert_no_error (error);
  g_source_remove (busy_id);

  g_assert_cmpuint (turns, >, 0);
  digest = state_digest (store);
  g_assert_cmpstr (digest, ==, author_digest);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  FbServerDb *db;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = fb_test_dir_new ();
  path = fb_test_dir_file (dir, "server.db");
  db = fb_server_db_open (path, &error);
  g_assert_no_error (error);
  token = fb_server_db_add_token (db, "alice", FALSE, &error);
  g_assert_no_error (error);
  make_history (db);
  server = fb_server_new (db, NULL);
  fb_server_set_log_requests (server, FALSE);
  g_assert_true (fb_server_listen (server, "127.0.0.1:0", &error));
  g_assert_no_error (error);
  url = fb_server_get_uri (server);

  g_test_add_func ("/stream/memory", test_stream_memory);
  g_test_add_func ("/stream/slow-reader", test_stream_slow_reader);
  g_test_add_func ("/stream/new-workstation", test_stream_new_workstation);
  g_test_add_func ("/stream/busy-loop", test_stream_busy_loop);
  status = g_test_run ();

  g_clear_object (&server);
  g_free (token);
  g_free (url);
  g_free (author_digest);
  fb_test_dir_free (dir);
  return status;
}
