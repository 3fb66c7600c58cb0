/* test-cli.c — firebreak-cli as a script would use it
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <unistd.h>

#include "fb-sync-client.h"
#include "fb-sync-test-util.h"
#include "fb-test-tamper.h"
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

  /* The copy the user without access keeps holds only links in place of
   * the incident's changes, and still verifies, alone and beside the
   * server's record. */
  {
    g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, server->url, -1);
    g_autofree char *name = g_strdup_printf ("cli-%.16s.db", digest);
    g_autofree char *copy = g_build_filename (cache_b, "firebreak", name, NULL);

    CLI (cache_b, &run, "--database", copy, "verify");
    g_assert_cmpint (run.status, ==, 0);
    run_clear (&run);

    CLI (cache_b, &run, "--database", copy, "--server", server->url, "--token", other, "verify");
    g_assert_cmpint (run.status, ==, 0);
    run_clear (&run);
  }

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

/* Incidents named as git names commits, and the author the app writes ---- */

static void
test_cli_for_people (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *db = fb_test_dir_file (dir, "people.db");
  g_autofree char *config = fb_test_dir_file (dir, "config");
  g_autofree char *settings_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *prefix = NULL;
  guint shared = 0;
  g_autofree char *backend = g_strdup (g_getenv ("GSETTINGS_BACKEND"));
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  CLI (dir->path, &run, "--database", db, "create", "--title", "Phishing wave");
  g_assert_cmpint (run.status, ==, 0);
  first = g_strdup (run.out);
  run_clear (&run);
  CLI (dir->path, &run, "--database", db, "create", "--title", "Stolen badge");
  g_assert_cmpint (run.status, ==, 0);
  second = g_strdup (run.out);
  run_clear (&run);

  /* The name set in the app's Preferences, as its settings keep it. */
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  g_file_set_contents (keyfile, "[io/github/firebreak/Firebreak]\nuser-name='Aiko Tanaka'\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  /* The whole id, or its start in either case, names the incident. */
  prefix = g_ascii_strup (first, -1);
  CLI (dir->path, &run, "--database", db, "post", prefix, "Mail gateway rule added");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  CLI (dir->path, &run, "--database", db, "--author", "Bram", "post", prefix, "Users warned");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  g_setenv ("GSETTINGS_BACKEND", backend, TRUE);
  g_unsetenv ("XDG_CONFIG_HOME");

  CLI (dir->path, &run, "--database", db, "entries", first);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Aiko Tanaka\t"));
  g_assert_nonnull (strstr (run.out, "Mail gateway rule added"));
  g_assert_nonnull (strstr (run.out, "Bram\t"));
  run_clear (&run);

  /* Ids begin with their time: two incidents declared a moment apart share
   * a long start, which names neither. */
  while (first[shared] == second[shared])
    shared++;
  g_assert_cmpuint (shared, >=, 4);

  g_free (prefix);
  prefix = g_strndup (first, shared);
  CLI (dir->path, &run, "--database", db, "entries", prefix);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "matches several incidents"));
  g_assert_nonnull (strstr (run.err, first));
  g_assert_nonnull (strstr (run.err, second));
  g_assert_nonnull (strstr (run.err, "Stolen badge"));
  g_assert_cmpstr (run.out, ==, "");
  run_clear (&run);

  g_free (prefix);
  prefix = g_strndup (first, shared + 1);
  CLI (dir->path, &run, "--database", db, "entries", prefix);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Users warned"));
  run_clear (&run);

  g_free (prefix);
  prefix = g_strndup (first, 3);
  CLI (dir->path, &run, "--database", db, "entries", prefix);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "too short"));
  run_clear (&run);

  CLI (dir->path, &run, "--database", db, "export", "zzzz");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "There is no incident “zzzz”"));
  run_clear (&run);
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

/* A standing checklist from a script: a readiness review, listed as one,
 * with no clock to set. */
static void
test_cli_review (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *db = fb_test_dir_file (dir, "local.db");
  g_autofree char *id = NULL;
  g_autofree char *listed = NULL;
  Run run = { 0 };

  CLI (dir->path, &run, "--database", db, "create", "--title", "Spring review", "--playbook", "preparation",
       "--target", "60");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--target"));
  run_clear (&run);

  CLI (dir->path, &run, "--database", db, "create", "--title", "Spring review", "--playbook", "preparation");
  g_assert_cmpint (run.status, ==, 0);
  id = g_strdup (run.out);
  run_clear (&run);

  CLI (dir->path, &run, "--database", db, "list");
  g_assert_cmpint (run.status, ==, 0);
  listed = g_strdup_printf ("%s\t", id);
  g_assert_true (g_str_has_prefix (run.out, listed));
  g_assert_nonnull (strstr (run.out, "\treview\topen\tSpring review"));
  run_clear (&run);

  CLI (dir->path, &run, "--database", db, "export", id);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "# Readiness review: Spring review"));
  run_clear (&run);
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

/* Files that are not, or no longer, a usable record are refused by the
 * CLI and the server alike, and left exactly as they were: never made
 * into a new record with a new identity. */
static void
test_cli_refused_files (void)
{
  if (fb_test_server_skip_on_postgresql ("about files, the server's SQLite files among them"))
    return;

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
  fb_test_flip_index_byte (damaged, "sqlite_autoindex_tokens_2");
  assert_server_refuses (damaged, "damaged");
}

/* A file whose damage only SQLite's integrity check sees (one byte of an
 * index) is read, but never written into: a post is refused, naming the
 * damage and what to do, and the file stays byte for byte as it was. */
static void
test_cli_damaged_index (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "record.db");
  g_autofree char *incident = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  Run run = { 0 };

  CLI (dir->path, &run, "--database", path, "create", "--title", "Ransomware on FS-02");
  g_assert_cmpint (run.status, ==, 0);
  incident = g_strdup (run.out);
  run_clear (&run);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *text = g_strdup_printf ("Host %u shows files renamed to .locked", i);

      QUIET_CLI (dir->path, &run, "--database", path, "post", incident, text);
      g_assert_cmpint (run.status, ==, 0);
      run_clear (&run);
    }

  fb_test_flip_index_byte (path, "entries_order");
  before = fb_test_read_bytes (path, &before_len);

  CLI (dir->path, &run, "--database", path, "post", incident, "Nothing happened");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, path));
  g_assert_nonnull (strstr (run.err, "damaged"));
  g_assert_nonnull (strstr (run.err, "entries_order"));
  g_assert_nonnull (strstr (run.err, "Restore it from a backup"));
  g_assert_nonnull (strstr (run.err, "left exactly as it was"));
  run_clear (&run);

  /* What can still be read is. */
  CLI (dir->path, &run, "--database", path, "list");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Ransomware on FS-02"));
  run_clear (&run);

  after = fb_test_read_bytes (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
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
  /* Enough for the writers to meet at the lock hundreds of times; `make
   * faults` runs more. Each post is a process and a durable commit, so on
   * a disk that other work keeps busy 500 took minutes. */
  guint n_posts = posts_env != NULL ? (guint) g_ascii_strtoull (posts_env, NULL, 10) : 150;
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
  if (fb_test_server_skip_on_postgresql ("damages the server's SQLite file"))
    return;

  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "siem", FALSE);
  g_autofree char *cache = fb_test_dir_file (dir, "cache");
  g_autofree char *incident = NULL;
  g_autofree char *log = NULL;
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

  log = fb_test_server_read_log (server);
  g_test_message ("log: %s", log);
  g_assert_nonnull (strstr (log, " 500 "));
  g_assert_nonnull (strstr (log, "error=The server database"));
}

/* A script posting faster than the server takes its token's pushes: each
 * run waits as long as the server's Retry-After says and sends again, so
 * that every post arrives and none fails. */
static void
test_cli_push_rate (void)
{
  static const char * const slow_push_args[] = { "--push-rate", "1", "--push-burst", "2", NULL };
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", slow_push_args);
  g_autofree char *token = fb_test_server_add_user (server, "siem", FALSE);
  g_autofree char *cache = fb_test_dir_file (dir, "cache");
  g_autofree char *incident = NULL;
  g_autofree char *log = NULL;
  Run run = { 0 };
  guint n_created;

  CLI (cache, &run, "--server", server->url, "--token", token, "create", "--title", "Alert storm");
  g_assert_cmpint (run.status, ==, 0);
  incident = g_strdup (run.out);
  run_clear (&run);
  n_created = fb_test_server_count_ops (server);

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("Alert %u: beaconing from 10.0.0.%u", i, i + 10);

      CLI (cache, &run, "--server", server->url, "--token", token, "post", incident, text);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (fb_uuid_is_valid (run.out));
      run_clear (&run);
    }
  g_assert_cmpint (fb_test_server_count_ops (server), ==, n_created + 4);

  /* The server did say no, and was heeded. */
  log = fb_test_server_read_log (server);
  g_assert_nonnull (strstr (log, " 429 "));
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

/* The war-room server as the witness of a record cut short, and states
 * checked with verify --expect, on records synced in this process. */

static void
sync_record (FbStore      *store,
             FbTestServer *server,
             const char   *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbSyncClient) client = fb_sync_client_new (store, server->url, token, NULL);

  g_assert_true (fb_sync_client_sync_once (client, &error));
  g_assert_no_error (error);
  fb_test_assert_finalized (g_steal_pointer (&client));
}

static void
test_cli_verify_server (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "desk", FALSE);
  g_autofree char *path = fb_test_dir_file (dir, "here.db");
  g_autofree char *other_path = fb_test_dir_file (dir, "there.db");
  g_autofree char *fresh_path = fb_test_dir_file (dir, "fresh.db");
  g_autofree char *incident = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  {
    g_autoptr(FbStore) here = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
    g_autoptr(FbStore) there = fb_store_open (other_path, FB_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    ours = g_strdup (fb_store_get_device_id (here));
    theirs = g_strdup (fb_store_get_device_id (there));
    incident = fb_store_create_incident (here, "Ransomware on FS-02", "ransomware", 1, 0, 60, FALSE, &error);
    fb_test_add_entries (here, incident, "Here", 4);
    sync_record (here, server, token);
    sync_record (there, server, token);
    fb_test_add_entries (there, incident, "There", 5);
    sync_record (there, server, token);
    sync_record (here, server, token);
    /* Two more here, not sent. */
    fb_test_add_entries (here, incident, "Unsent", 2);
  }

  CLI (dir->path, &run, "--database", path, "verify", "--server", server->url, "--token", token);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "The record holds."));
  g_assert_nonnull (strstr (run.out, "This computer’s changes 6 to 7 are not on the server yet"));
  g_assert_nonnull (strstr (run.out, "holds nothing this record lost"));
  run_clear (&run);

  /* A record that never fetched: nothing is lost, much is not fetched. */
  {
    g_autoptr(FbStore) fresh = fb_store_open (fresh_path, FB_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
  }
  CLI (dir->path, &run, "--database", fresh_path, "verify", "--server", server->url, "--token", token);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "that this record has not fetched yet: sync, then verify again"));
  run_clear (&run);

  /* Another device's newest changes, fetched here, cut away with the
   * record's witnesses: the record alone holds, the server tells. */
  fb_test_cut_tail (path, theirs, 2, TRUE);
  CLI (dir->path, &run, "--database", path, "verify");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  CLI (dir->path, &run, "--database", path, "verify", "--server", server->url, "--token", token);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "The server holds changes 4 to 5 of device"));
  g_assert_nonnull (strstr (run.err, "which this record fetched before, but they are missing here"));
  run_clear (&run);

  /* This computer's own, sent and unsent, and its counter. */
  fb_test_cut_tail (path, ours, 4, TRUE);
  CLI (dir->path, &run, "--database", path, "verify");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  CLI (dir->path, &run, "--database", path, "verify", "--server", server->url, "--token", token);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "The server holds this computer’s changes 4 to 5, but this record does not: "
                                     "they were removed from the database"));
  run_clear (&run);

  /* Usage and failures in words. */
  CLI (dir->path, &run, "--database", path, "verify", "--server", server->url);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  CLI (dir->path, &run, "--database", path, "verify", "--server", server->url, "--token", "fbt_wrong");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Cannot compare the record with"));
  run_clear (&run);
}

/* The digest a report carries. */
static char *
digest_in (const char *text)
{
  const char *at = strstr (text, "State of the record (SHA-256 of its heads): ");

  g_assert_nonnull (at);
  return g_strndup (at + strlen ("State of the record (SHA-256 of its heads): "), 64);
}

static void
test_cli_verify_expect (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "here.db");
  g_autofree char *incident = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *unknown = g_strnfill (64, 'a');
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  {
    g_autoptr(FbStore) here = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    ours = g_strdup (fb_store_get_device_id (here));
    incident = fb_store_create_incident (here, "Lost laptop", "generic", 2, 0, 60, FALSE, &error);
    fb_test_add_entries (here, incident, "Fact", 5);
  }

  /* The report as a script would make it. */
  CLI (dir->path, &run, "--database", path, "export", incident, "--format", "markdown");
  g_assert_cmpint (run.status, ==, 0);
  digest = digest_in (run.out);
  run_clear (&run);

  CLI (dir->path, &run, "--database", path, "verify", "--expect", digest);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "This record still contains the state"));
  run_clear (&run);

  /* More changes: the state is still contained. */
  {
    g_autoptr(FbStore) here = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
    fb_test_add_entries (here, incident, "Later", 2);
  }
  CLI (dir->path, &run, "--database", path, "verify", "--expect", digest);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  CLI (dir->path, &run, "--database", path, "verify", "--expect", unknown);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "never issued or received the state"));
  run_clear (&run);

  CLI (dir->path, &run, "--database", path, "verify", "--expect", "not-a-digest");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "is not a head"));
  run_clear (&run);

  CLI (dir->path, &run, "--database", path, "list", "--expect", digest);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  /* Cut below what the report saw: the record alone still holds, but no
   * longer contains the state the report carried. */
  fb_test_cut_tail (path, ours, 4, TRUE);
  CLI (dir->path, &run, "--database", path, "verify");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  CLI (dir->path, &run, "--database", path, "verify", "--expect", digest);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "This record no longer contains the state"));
  g_assert_nonnull (strstr (run.err, "Change 6 of device"));
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/export-import", test_cli_export_import);
  g_test_add_func ("/cli/server", test_cli_server);
  g_test_add_func ("/cli/local", test_cli_local);
  g_test_add_func ("/cli/for-people", test_cli_for_people);
  g_test_add_func ("/cli/restrict", test_cli_restrict);
  g_test_add_func ("/cli/playbook", test_cli_playbook);
  g_test_add_func ("/cli/review", test_cli_review);
  g_test_add_func ("/cli/refused-files", test_cli_refused_files);
  g_test_add_func ("/cli/damaged-index", test_cli_damaged_index);
  g_test_add_func ("/cli/kept-by-server", test_cli_kept_by_server);
  g_test_add_func ("/cli/read-only", test_cli_read_only);
  g_test_add_func ("/cli/server-failing", test_cli_server_failing);
  g_test_add_func ("/cli/busy", test_cli_busy);
  g_test_add_func ("/cli/push-rate", test_cli_push_rate);
  g_test_add_func ("/cli/verify-server", test_cli_verify_server);
  g_test_add_func ("/cli/verify-expect", test_cli_verify_expect);

  return g_test_run ();
}
