/* test-cli.c — firebreak-cli as a script would use it
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <unistd.h>

#include "fb-sync-test-util.h"
#include "fb-test-file.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs the CLI with its cache in cache_dir; argv ends with NULL. */
static void
run_cli_full (const char         *cache_dir,
              Run                *run,
              gboolean            log,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) FIREBREAK_CLI_PATH);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_dir, TRUE);
  /* Only the shipped playbooks, not the ones of whoever runs the tests. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", cache_dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "FIREBREAK_TOKEN");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
  g_strstrip (run->out);
  if (log)
    g_test_message ("firebreak-cli %s → %d, out: %s, err: %s",
                  args[0], run->status, run->out, run->err);
}

#define CLI(dir, run, ...) run_cli_full ((dir), (run), TRUE, (const char *[]) { __VA_ARGS__, NULL })
/* For the many runs of one test, whose every line would flood the log. */
#define QUIET_CLI(dir, run, ...) run_cli_full ((dir), (run), FALSE, (const char *[]) { __VA_ARGS__, NULL })

static void
test_cli_server (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "siem", FALSE);
  g_autofree char *reader = fb_test_server_add_user (server, "auditor", TRUE);
  g_autofree char *cache_a = fb_test_dir_file (dir, "cache-a");
  g_autofree char *cache_b = fb_test_dir_file (dir, "cache-b");
  g_autofree char *incident = NULL;
  Run run = { 0 };
  guint n_created;

  CLI (cache_a, &run, "--server", server->url, "--token", token, "create", "--title", "Suspicious logins", "--severity", "2");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (fb_uuid_is_valid (run.out));
  incident = g_strdup (run.out);
  run_clear (&run);
  /* The incident and the generic playbook's checklist. */
  n_created = fb_test_server_count_ops (server);
  g_assert_cmpuint (n_created, >, 1);

  /* A SIEM alert, by the first eight characters of the incident. */
  {
    g_autofree char *prefix = g_strndup (incident, 8);
    CLI (cache_a, &run, "--server", server->url, "--token", token, "post", prefix, "--kind", "fact",
         "Alert 4711: 30 failed logins for admin from 203.0.113.7");
  }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (fb_uuid_is_valid (run.out));
  run_clear (&run);
  g_assert_cmpint (fb_test_server_count_ops (server), ==, n_created + 1);

  /* Another machine, another cache, reads it back. */
  CLI (cache_b, &run, "--server", server->url, "--token", reader, "entries", incident);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Alert 4711"));
  run_clear (&run);

  CLI (cache_b, &run, "--server", server->url, "--token", reader, "list");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Suspicious logins"));
  run_clear (&run);

  /* Failures: a clear word on stderr and a non-zero status, and nothing
   * sent that should not be. */
  CLI (cache_b, &run, "--server", server->url, "--token", reader, "post", incident, "Not allowed");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "firebreak-cli: "));
  g_assert_cmpstr (run.out, ==, "");
  run_clear (&run);
  g_assert_cmpint (fb_test_server_count_ops (server), ==, n_created + 1);

  CLI (cache_a, &run, "--server", server->url, "--token", "fbt_wrong", "list");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "token"));
  run_clear (&run);

  CLI (cache_a, &run, "--server", server->url, "--token", token, "post", "ffffffff", "x");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no incident"));
  run_clear (&run);

  CLI (cache_a, &run, "--server", server->url, "list");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  CLI (cache_a, &run, "--server", server->url, "--token", token, "post", incident, "--kind", "gossip", "x");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  CLI (cache_a, &run, "frobnicate");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  /* The server gone: the post fails loudly. */
  fb_test_server_kill (server);
  CLI (cache_a, &run, "--server", server->url, "--token", token, "post", incident, "Lost?");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Cannot sync"));
  run_clear (&run);
}

/* The commander restricts an incident from a script: the other user's
 * copy does not list it until the restriction is lifted. */
static void
test_cli_restrict (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *cmdr = fb_test_server_add_user (server, "cmdr", FALSE);
  g_autofree char *other = fb_test_server_add_user (server, "other", FALSE);
  g_autofree char *cache_a = fb_test_dir_file (dir, "cache-a");
  g_autofree char *cache_b = fb_test_dir_file (dir, "cache-b");
  g_autofree char *incident = NULL;
  Run run = { 0 };

  CLI (cache_a, &run, "--server", server->url, "--token", cmdr, "create", "--title", "Insider case");
  g_assert_cmpint (run.status, ==, 0);
  incident = g_strdup (run.out);
  run_clear (&run);

  CLI (cache_a, &run, "--server", server->url, "--token", cmdr, "restrict", incident, "--users", "cmdr");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  CLI (cache_b, &run, "--server", server->url, "--token", other, "list");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "Insider case"));
  run_clear (&run);

  CLI (cache_b, &run, "--server", server->url, "--token", other, "verify");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* Leaving oneself out is refused; names with --lift are wrong usage. */
  CLI (cache_a, &run, "--server", server->url, "--token", cmdr, "restrict", incident, "--users", "other");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "lose sight"));
  run_clear (&run);

  CLI (cache_a, &run, "--server", server->url, "--token", cmdr, "restrict", incident, "--lift", "--users", "x");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  CLI (cache_a, &run, "--server", server->url, "--token", cmdr, "restrict", incident, "--lift");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  CLI (cache_b, &run, "--server", server->url, "--token", other, "list");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Insider case"));
  run_clear (&run);
}

static void
test_cli_local (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *db = fb_test_dir_file (dir, "local.db");
  g_autofree char *incident = NULL;
  Run run = { 0 };

  CLI (dir->path, &run, "--database", db, "create", "--title", "Lost laptop", "--drill", "--at", "2026-03-01T09:00:00Z");
  g_assert_cmpint (run.status, ==, 0);
  incident = g_strdup (run.out);
  run_clear (&run);

  CLI (dir->path, &run, "--database", db, "post", incident, "--kind", "decision", "--at", "2026-03-01T09:30:00Z",
       "Wipe it remotely");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  CLI (dir->path, &run, "--database", db, "entries", incident);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "decision"));
  g_assert_nonnull (strstr (run.out, "Wipe it remotely"));
  run_clear (&run);

  CLI (dir->path, &run, "--database", db, "verify");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  CLI (dir->path, &run, "--database", db, "post", incident, "--at", "yesterday", "x");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  /* Someone edits the file behind the program's back. */
  {
    sqlite3 *handle = NULL;
    g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "UPDATE ops SET body = replace(body, 'Wipe', 'Keep')",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (handle);
  }
  CLI (dir->path, &run, "--database", db, "verify");
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "does not hold"));
  run_clear (&run);

  {
    g_autofree char *missing = fb_test_dir_file (dir, "missing.db");
    CLI (dir->path, &run, "--database", missing, "list");
    g_assert_cmpint (run.status, ==, 1);
    run_clear (&run);
  }
}

/* Declaring from a script: the playbook's kind and checklist, the target
 * given, and the op's limits. */
static void
test_cli_playbook (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *db = fb_test_dir_file (dir, "local.db");
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GListModel) incidents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  Run run = { 0 };

  CLI (dir->path, &run, "--database", db, "create", "--title", "File server encrypted",
       "--playbook", "ransomware", "--target", "45");
  g_assert_cmpint (run.status, ==, 0);
  id = g_strdup (run.out);
  run_clear (&run);

  /* Refused before anything is written, in words that say what to use. */
  CLI (dir->path, &run, "--database", db, "create", "--title", "Typo", "--playbook", "ransomwar");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "“ransomwar”"));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr(FbPlaybook) known = g_list_model_get_item (G_LIST_MODEL (library), i);
      g_autofree char *listed = g_strdup_printf (" %s%c", fb_playbook_get_id (known),
                                                 i + 1 < g_list_model_get_n_items (G_LIST_MODEL (library)) ? ',' : '.');
      g_assert_nonnull (strstr (run.err, listed));
    }
  g_assert_cmpstr (run.out, ==, "");
  run_clear (&run);

  CLI (dir->path, &run, "--database", db, "create", "--title", "Too long", "--target", "10081");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "from 1 to 10080"));
  run_clear (&run);

  CLI (dir->path, &run, "--database", db, "create", "--title", "Too short", "--target", "0");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  store = fb_store_open (db, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  incidents = fb_store_list_incidents (store, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (incidents), ==, 1);

  incident = fb_store_get_incident (store, id);
  g_assert_nonnull (incident);
  g_assert_cmpstr (fb_incident_get_kind (incident), ==, "ransomware");
  g_assert_cmpint (fb_incident_get_containment_target_min (incident), ==, 45);
  items = fb_store_list_checklist (store, id);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==,
                    fb_playbook_get_n_items (fb_playbook_library_lookup (library, "ransomware")));
  g_assert_cmpuint (g_list_model_get_n_items (items), >, 0);
}

/* An incident carried from an offline laptop: exported there, imported
 * here, and the same report either side. */
static void
test_cli_export_import (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *laptop = fb_test_dir_file (dir, "laptop.db");
  g_autofree char *office = fb_test_dir_file (dir, "office.db");
  g_autofree char *file = fb_test_dir_file (dir, "incident.json");
  g_autofree char *incident = NULL;
  g_autofree char *report = NULL;
  Run run = { 0 };

  CLI (dir->path, &run, "--database", laptop, "create", "--title", "Phishing on the road");
  g_assert_cmpint (run.status, ==, 0);
  incident = g_strdup (run.out);
  run_clear (&run);
  CLI (dir->path, &run, "--database", laptop, "post", incident, "Clicked a link in a fake parcel mail");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  CLI (dir->path, &run, "--database", laptop, "export", incident, "--format", "json", "--output", file);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
  run_clear (&run);

  CLI (dir->path, &run, "--database", office, "import", file);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, incident));
  run_clear (&run);

  CLI (dir->path, &run, "--database", office, "export", incident);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "# Incident report: Phishing on the road"));
  g_assert_nonnull (strstr (run.out, "Clicked a link in a fake parcel mail"));
  g_assert_nonnull (strstr (run.out, "The record is intact"));
  run_clear (&run);

  CLI (dir->path, &run, "--database", office, "verify", incident);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* A damaged file is refused and says why. */
  g_assert_true (g_file_set_contents (file, "{\"format\":\"firebreak-incident\"}", -1, NULL));
  CLI (dir->path, &run, "--database", office, "import", file);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Nothing was changed"));
  run_clear (&run);

  CLI (dir->path, &run, "--database", office, "export", incident, "--format", "docx");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
}

static void
make_bare_sqlite (const char *path,
                  const char *sql)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* The CLI refuses @path for a write and a read, leaves it as it was, and
 * says @advice. */
static void
assert_cli_refuses (FbTestDir  *dir,
                    const char *path,
                    const char *advice)
{
  g_autofree char *before = NULL;
  gsize before_len, after_len;
  Run run = { 0 };

  before = fb_test_read_bytes (path, &before_len);

  CLI (dir->path, &run, "--database", path, "create", "--title", "Into the void");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, path));
  g_assert_nonnull (strstr (run.err, advice));
  run_clear (&run);

  CLI (dir->path, &run, "--database", path, "list");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, advice));
  run_clear (&run);

  {
    g_autofree char *after = fb_test_read_bytes (path, &after_len);
    g_assert_cmpmem (before, before_len, after, after_len);
  }
}

/* firebreak-server refuses @path before it changes a byte of it. */
static void
assert_server_refuses (const char *path,
                       const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  gsize before_len, after_len;

  before = fb_test_read_bytes (path, &before_len);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           FIREBREAK_SERVER_PATH, "--database", path, "user", "add", "intruder", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_test_message ("firebreak-server on %s: %s", path, err);
  g_assert_false (g_subprocess_get_successful (proc));
  g_assert_nonnull (strstr (err, path));
  g_assert_nonnull (strstr (err, "left exactly as it was"));
  g_assert_nonnull (strstr (err, words));

  after = fb_test_read_bytes (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* One byte changed in an index's page: SQLite's quick check reads it as
 * sound; only comparing the index with its table shows the damage. */
static void
damage_index (const char *path,
              const char *index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                          " FROM sqlite_master WHERE name = '%s'", index);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 page, page_size;
  gsize len;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page = sqlite3_column_int64 (stmt, 0);
  page_size = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* The last byte of a leaf's only cell: the row it points to. */
  bytes = fb_test_read_bytes (path, &len);
  g_assert_cmpuint (len, >=, page * page_size);
  bytes[page * page_size - 1] ^= 0x40;
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);
}

/* Files that are not, or no longer, a usable record are refused by the
 * CLI and the server alike, and left exactly as they were: never made
 * into a new record with a new identity. */
static void
test_cli_refused_files (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *empty = fb_test_dir_file (dir, "empty.db");
  g_autofree char *bare = fb_test_dir_file (dir, "bare.db");
  g_autofree char *foreign = fb_test_dir_file (dir, "foreign.db");
  g_autofree char *newer = fb_test_dir_file (dir, "newer.db");
  g_autofree char *damaged = fb_test_dir_file (dir, "damaged.db");
  g_autoptr(GError) error = NULL;

  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);
  make_bare_sqlite (bare, "CREATE TABLE t (x); DROP TABLE t");
  make_bare_sqlite (foreign, "CREATE TABLE recipes (name TEXT)");

  assert_cli_refuses (dir, empty, "Delete it to start a new record there");
  assert_cli_refuses (dir, bare, "Delete it to start a new record there");

  assert_server_refuses (empty, "Delete it to start a new server database");
  assert_server_refuses (bare, "Delete it to start a new server database");
  assert_server_refuses (foreign, "not a Firebreak server database");

  {
    g_autoptr(FbTestServer) server = fb_test_server_new (dir, "newer.db", NULL);
    g_free (fb_test_server_add_user (server, "ops", FALSE));
  }
  make_bare_sqlite (newer, "PRAGMA user_version = 99");
  assert_server_refuses (newer, "newer firebreak-server");

  {
    g_autoptr(FbTestServer) server = fb_test_server_new (dir, "damaged.db", NULL);
    g_free (fb_test_server_add_user (server, "ops", FALSE));
  }
  damage_index (damaged, "sqlite_autoindex_tokens_2");
  assert_server_refuses (damaged, "damaged");
}

typedef struct
{
  const char *cache_dir;
  const char *db;
  const char *incident;
  guint       writer;
  guint       n_posts;
  gint       *n_writing;   /* writers still at work, for the reader */
  guint       n_reads;
} BusyJob;

static gpointer
write_posts (gpointer data)
{
  BusyJob *job = data;

  for (guint i = 0; i < job->n_posts; i++)
    {
      g_autofree char *text = g_strdup_printf ("Writer %u, post %u", job->writer, i);
      Run run = { 0 };

      QUIET_CLI (job->cache_dir, &run, "--database", job->db, "post", job->incident, text);
      if (run.status != 0)
        g_error ("writer %u, post %u failed: %s", job->writer, i, run.err);
      run_clear (&run);
    }

  g_atomic_int_dec_and_test (job->n_writing);
  return NULL;
}

static gpointer
read_entries (gpointer data)
{
  BusyJob *job = data;

  while (g_atomic_int_get (job->n_writing) > 0)
    {
      Run run = { 0 };

      if (job->n_reads % 2)
        QUIET_CLI (job->cache_dir, &run, "--database", job->db, "list");
      else
        QUIET_CLI (job->cache_dir, &run, "--database", job->db, "entries", job->incident);
      if (run.status != 0)
        g_error ("read %u failed: %s", job->n_reads, run.err);
      run_clear (&run);
      job->n_reads++;
    }
  return NULL;
}

/* Scripts posting into one file at once, and one reading it: each waits
 * its turn, none is told the file is locked or damaged. */
static void
test_cli_busy (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *db = fb_test_dir_file (dir, "busy.db");
  g_autofree char *incident = NULL;
  const char *posts_env = g_getenv ("FIREBREAK_BUSY_POSTS");
  guint n_posts = posts_env != NULL ? (guint) g_ascii_strtoull (posts_env, NULL, 10) : 500;
  BusyJob jobs[5];
  GThread *threads[5];
  gint n_writing = 4;
  gint64 started = g_get_monotonic_time ();
  Run run = { 0 };

  CLI (dir->path, &run, "--database", db, "create", "--title", "Busy file");
  g_assert_cmpint (run.status, ==, 0);
  incident = g_strdup (run.out);
  run_clear (&run);

  for (guint i = 0; i < 5; i++)
    {
      jobs[i] = (BusyJob) { dir->path, db, incident, i, n_posts, &n_writing, 0 };
      threads[i] = g_thread_new ("cli", i < 4 ? write_posts : read_entries, &jobs[i]);
    }
  for (guint i = 0; i < 5; i++)
    g_thread_join (threads[i]);

  g_test_message ("4 writers × %u posts and %u reads in %.1f s", n_posts, jobs[4].n_reads,
                  (g_get_monotonic_time () - started) / 1e6);

  CLI (dir->path, &run, "--database", db, "verify");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FbStore) store = fb_store_open (db, FB_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (fb_store_count_entries (store, incident), >=, 4 * n_posts);
  }
}

/* A record on a read-only disk (root: a read-only bind mount) or in a
 * folder that may not be written (others: its permissions) is read,
 * verified and exported where it lies; a write says why it cannot be
 * made, and the file stays as it was. */
static void
test_cli_read_only (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *folder = fb_test_dir_file (dir, "records");
  g_autofree char *db = g_build_filename (folder, "r.db", NULL);
  g_autofree char *view = fb_test_dir_file (dir, "view");
  g_autofree char *seen = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  gboolean mounted = FALSE;
  Run run = { 0 };

  CLI (dir->path, &run, "--database", db, "create", "--title", "Read-only record");
  g_assert_cmpint (run.status, ==, 0);
  incident = g_strdup (run.out);
  run_clear (&run);
  CLI (dir->path, &run, "--database", db, "post", incident, "Written before");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  before = fb_test_read_bytes (db, &before_len);

  if (getuid () == 0)
    {
      g_assert_cmpint (g_mkdir (view, 0700), ==, 0);
      mounted = fb_test_run_quietly ((const char *[]) { "mount", "--bind", folder, view, NULL });
      if (mounted && !fb_test_run_quietly ((const char *[]) { "mount", "-o", "remount,bind,ro", view, NULL }))
        {
          fb_test_run_quietly ((const char *[]) { "umount", view, NULL });
          mounted = FALSE;
        }
      if (!mounted)
        {
          g_test_skip ("cannot make a read-only bind mount here");
          return;
        }
      seen = g_build_filename (view, "r.db", NULL);
    }
  else
    {
      g_assert_cmpint (g_chmod (db, 0444), ==, 0);
      g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
      seen = g_strdup (db);
    }

  CLI (dir->path, &run, "--database", seen, "list");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Read-only record"));
  run_clear (&run);
  CLI (dir->path, &run, "--database", seen, "entries", incident);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Written before"));
  run_clear (&run);
  CLI (dir->path, &run, "--database", seen, "verify");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  CLI (dir->path, &run, "--database", seen, "export", incident);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Read-only record"));
  run_clear (&run);

  CLI (dir->path, &run, "--database", seen, "post", incident, "Not here");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "read-only disk"));
  g_assert_nonnull (strstr (run.err, "Copy it somewhere writable"));
  run_clear (&run);

  if (mounted)
    g_assert_true (fb_test_run_quietly ((const char *[]) { "umount", view, NULL }));
  else
    g_chmod (folder, 0700);

  after = fb_test_read_bytes (db, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* A server whose file is damaged under it answers with its own words,
 * which the CLI shows and the request log keeps. */
static void
test_cli_server_failing (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "siem", FALSE);
  g_autofree char *cache = fb_test_dir_file (dir, "cache");
  g_autofree char *incident = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  CLI (cache, &run, "--server", server->url, "--token", token, "create", "--title", "Failing server");
  g_assert_cmpint (run.status, ==, 0);
  incident = g_strdup (run.out);
  run_clear (&run);

  fb_test_damage_index_under (server->db_path, "sqlite_autoindex_ops_2");

  CLI (cache, &run, "--server", server->url, "--token", token, "post", incident, "Into damage");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "HTTP 500"));
  g_assert_nonnull (strstr (run.err, "is damaged"));
  run_clear (&run);

  g_file_get_contents (server->log_path, &log, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("log: %s", log);
  g_assert_nonnull (strstr (log, " 500 "));
  g_assert_nonnull (strstr (log, "error=The server database"));
}

/* A change kept in the cache of one address of the server goes out on
 * the next run that names the same server another way. */
static void
test_cli_kept_by_server (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "siem", FALSE);
  g_autofree char *cache = fb_test_dir_file (dir, "cache");
  g_autofree char *numeric = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  g_autofree char *named = g_strdup_printf ("http://localhost:%u/", server->port);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, numeric, -1);
  g_autofree char *name = g_strdup_printf ("cli-%.16s.db", digest);
  g_autofree char *numeric_cache = g_build_filename (cache, "firebreak", name, NULL);
  g_autofree char *incident = NULL;
  g_autoptr(GError) error = NULL;
  guint n_ops;
  Run run = { 0 };

  CLI (cache, &run, "--server", numeric, "--token", token, "create", "--title", "Kept changes");
  g_assert_cmpint (run.status, ==, 0);
  incident = g_strdup (run.out);
  run_clear (&run);
  n_ops = fb_test_server_count_ops (server);

  /* What a post whose sync afterwards failed leaves: a change in the
   * cache's outbox, not yet on the server. */
  {
    g_autoptr(FbStore) store = fb_store_open (numeric_cache, FB_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_free (fb_store_add_entry (store, incident, FB_ENTRY_FACT, "Kept for later", 0, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fb_store_count_outbox (store), ==, 1);
  }

  CLI (cache, &run, "--server", named, "--token", token, "entries", incident);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Kept for later"));
  run_clear (&run);
  g_assert_cmpuint (fb_test_server_count_ops (server), ==, n_ops + 1);

  {
    g_autoptr(FbStore) store = fb_store_open (numeric_cache, FB_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (fb_store_count_outbox (store), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/export-import", test_cli_export_import);
  g_test_add_func ("/cli/server", test_cli_server);
  g_test_add_func ("/cli/local", test_cli_local);
  g_test_add_func ("/cli/restrict", test_cli_restrict);
  g_test_add_func ("/cli/playbook", test_cli_playbook);
  g_test_add_func ("/cli/refused-files", test_cli_refused_files);
  g_test_add_func ("/cli/kept-by-server", test_cli_kept_by_server);
  g_test_add_func ("/cli/read-only", test_cli_read_only);
  g_test_add_func ("/cli/server-failing", test_cli_server_failing);
  g_test_add_func ("/cli/busy", test_cli_busy);

  return g_test_run ();
}
