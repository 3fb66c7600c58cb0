/* test-verify-server.c — the war-room server as the witness of a record
 * cut short, and states checked with firebreak-cli verify --expect
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real records in a temporary folder, synced with the real server on
 * 127.0.0.1, and the real firebreak-cli run on them.
 */

#include "config.h"

#include <sqlite3.h>

#include "fb-sync-client.h"
#include "fb-sync-compare.h"
#include "fb-sync-test-util.h"

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

static void
run_cli (FbTestDir          *dir,
         Run                *run,
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
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", dir->path, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir->path, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "FIREBREAK_TOKEN");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
  g_test_message ("firebreak-cli %s → %d, out: %s, err: %s", args[2], run->status, run->out, run->err);
}

#define CLI(dir, run, ...) run_cli ((dir), (run), (const char *[]) { __VA_ARGS__, NULL })

static void
add_entries (FbStore    *store,
             const char *incident,
             const char *prefix,
             guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("%s %u", prefix, i + 1);
      g_autofree char *id = fb_store_add_entry (store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error);

      g_assert_no_error (error);
    }
}

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
tamper (const char *path,
        const char *sql)
{
  sqlite3 *db;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* The newest @n ops of @device gone, with their entries, its counter set
 * back, and the record's own witnesses wiped: only the server is left to
 * tell. */
static void
cut_tail (const char *path,
          const char *device,
          guint       n)
{
  g_autofree char *sql =
    g_strdup_printf ("CREATE TEMP TABLE cut AS SELECT id FROM ops WHERE device = '%s'"
                     "  ORDER BY device_seq DESC LIMIT %u;"
                     "DELETE FROM entries WHERE op IN (SELECT id FROM cut) OR id IN (SELECT id FROM cut);"
                     "INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');"
                     "DELETE FROM ops WHERE id IN (SELECT id FROM cut);"
                     "UPDATE meta SET value = (SELECT max(device_seq) FROM ops WHERE device = '%s')"
                     "  WHERE key = 'device_seq' AND (SELECT value FROM meta WHERE key = 'device') = '%s';"
                     "DELETE FROM witnesses;",
                     device, n, device, device);

  tamper (path, sql);
}

static void
test_verify_server (void)
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
    add_entries (here, incident, "Here", 4);
    sync_record (here, server, token);
    sync_record (there, server, token);
    add_entries (there, incident, "There", 5);
    sync_record (there, server, token);
    sync_record (here, server, token);
    /* Two more here, not sent. */
    add_entries (here, incident, "Unsent", 2);
  }

  CLI (dir, &run, "--database", path, "verify", "--server", server->url, "--token", token);
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
  CLI (dir, &run, "--database", fresh_path, "verify", "--server", server->url, "--token", token);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "that this record has not fetched yet: sync, then verify again"));
  run_clear (&run);

  /* Another device's newest changes, fetched here, cut away with the
   * record's witnesses: the record alone holds, the server tells. */
  cut_tail (path, theirs, 2);
  CLI (dir, &run, "--database", path, "verify");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  CLI (dir, &run, "--database", path, "verify", "--server", server->url, "--token", token);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "The server holds changes 4 to 5 of device"));
  g_assert_nonnull (strstr (run.err, "which this record fetched before, but they are missing here"));
  run_clear (&run);

  /* This computer's own, sent and unsent, and its counter. */
  cut_tail (path, ours, 4);
  CLI (dir, &run, "--database", path, "verify");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  CLI (dir, &run, "--database", path, "verify", "--server", server->url, "--token", token);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "The server holds this computer’s changes 4 to 5, but this record does not: "
                                     "they were removed from the database"));
  run_clear (&run);

  /* Usage and failures in words. */
  CLI (dir, &run, "--database", path, "verify", "--server", server->url);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  CLI (dir, &run, "--database", path, "verify", "--server", server->url, "--token", "fbt_wrong");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Cannot compare the record with"));
  run_clear (&run);
}

static char *
digest_in (const char *text)
{
  const char *at = strstr (text, "State of the record (SHA-256 of its heads): ");

  g_assert_nonnull (at);
  return g_strndup (at + strlen ("State of the record (SHA-256 of its heads): "), 64);
}

static void
test_verify_expect (void)
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
    add_entries (here, incident, "Fact", 5);
  }

  /* The report as a script would make it. */
  CLI (dir, &run, "--database", path, "export", incident, "--format", "markdown");
  g_assert_cmpint (run.status, ==, 0);
  digest = digest_in (run.out);
  run_clear (&run);

  CLI (dir, &run, "--database", path, "verify", "--expect", digest);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "This record still contains the state"));
  run_clear (&run);

  /* More changes: the state is still contained. */
  {
    g_autoptr(FbStore) here = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
    add_entries (here, incident, "Later", 2);
  }
  CLI (dir, &run, "--database", path, "verify", "--expect", digest);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  CLI (dir, &run, "--database", path, "verify", "--expect", unknown);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "never issued or received the state"));
  run_clear (&run);

  CLI (dir, &run, "--database", path, "verify", "--expect", "not-a-digest");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "is not a head"));
  run_clear (&run);

  CLI (dir, &run, "--database", path, "list", "--expect", digest);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  /* Cut below what the report saw: the record alone still holds, but no
   * longer contains the state the report carried. */
  cut_tail (path, ours, 4);
  CLI (dir, &run, "--database", path, "verify");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  CLI (dir, &run, "--database", path, "verify", "--expect", digest);
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

  g_test_add_func ("/verify-server/compare", test_verify_server);
  g_test_add_func ("/verify-server/expect", test_verify_expect);

  return g_test_run ();
}
