/* test-server-prefs.c — the token without a keyring, and Test Connection,
 * against the real firebreak-server on 127.0.0.1
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session bus is an address nobody listens on, so libsecret fails as
 * on a computer without a keyring; the user's configuration folder is
 * the test's own.
 */

#include "config.h"

#include <adwaita.h>
#include <sys/stat.h>

#include "fb-application.h"
#include "fb-preferences-window.h"
#include "fb-sync-probe.h"
#include "fb-sync-setup.h"
#include "fb-token-file.h"
#include "../sync/fb-sync-test-util.h"

static gboolean
token_kept (gpointer data)
{
  g_autofree char *kept = fb_token_file_lookup (data);

  return kept != NULL;
}

static gboolean
setup_is_up_to_date (gpointer data)
{
  FbSyncClient *client = fb_sync_setup_get_client (data);

  return client != NULL && fb_sync_client_get_state (client) == FB_SYNC_STATE_UP_TO_DATE;
}

static guint
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* Set in Preferences, kept in a file of mode 0600, and there again when
 * the setup is made anew, as at the next start. */
static void
test_token_without_keyring (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autofree char *db = fb_test_dir_file (dir, "workstation.db");
  g_autofree char *path = fb_token_file_get_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *url = fb_preferences_normalize_url (server->url, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (db, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FbSyncSetup *setup;

  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Another user's token beside it stays as it was. */
  g_assert_true (fb_token_file_store ("https://other.example:8765", "other-token", &error));
  g_assert_no_error (error);

  g_settings_set_string (settings, "server-url", url);
  g_settings_set_boolean (settings, "sync-enabled", TRUE);
  setup = fb_sync_setup_new (store, settings);
  fb_sync_setup_set_token (setup, token);
  fb_test_wait_until (setup_is_up_to_date, setup, "the workstation to connect");

  /* The keyring's refusal comes in its own time; the file then follows. */
  fb_test_wait_until (token_kept, url, "the token in its file");
  kept = fb_token_file_lookup (url);
  g_assert_cmpstr (kept, ==, token);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  g_assert_cmpuint (mode_of (folder), ==, 0700);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "other-token"));

  /* As a restart: nothing of the first setup remains but the file. */
  fb_test_assert_finalized (setup);
  setup = fb_sync_setup_new (store, settings);
  fb_test_wait_until (setup_is_up_to_date, setup, "the workstation to connect after a restart");
  g_assert_cmpstr (fb_sync_setup_get_token (setup), ==, token);

  fb_test_assert_finalized (setup);
  g_settings_set_boolean (settings, "sync-enabled", FALSE);
  g_settings_reset (settings, "server-url");
  g_assert_true (fb_token_file_store (url, NULL, &error));
  g_assert_true (fb_token_file_store ("https://other.example:8765", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

typedef struct
{
  FbSyncProbe *probe;
  GError      *error;
  gboolean     done;
} ProbeRun;

static void
on_probe_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ProbeRun *run = user_data;

  run->probe = fb_sync_probe_finish (result, &run->error);
  run->done = TRUE;
}

static gboolean
probe_done (gpointer data)
{
  return ((ProbeRun *) data)->done;
}

static void
probe (const char   *url,
       const char   *token,
       const char   *pin,
       GCancellable *cancellable,
       ProbeRun     *run)
{
  fb_sync_probe_async (url, token, pin, cancellable, on_probe_cb, run);
  fb_test_wait_until (probe_done, run, "the server's answer");
}

static void
probe_run_clear (ProbeRun *run)
{
  g_clear_pointer (&run->probe, fb_sync_probe_free);
  g_clear_error (&run->error);
  run->done = FALSE;
}

static void
test_probe (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "aiko", FALSE);
  g_autofree char *reader = fb_test_server_add_user (server, "auditor", TRUE);
  g_autofree char *log = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ProbeRun run = { 0 };

  probe (server->url, token, NULL, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.probe->user, ==, "aiko");
  g_assert_false (run.probe->read_only);
  g_assert_null (run.probe->fingerprint);
  log = fb_test_server_read_log (server);
  g_assert_nonnull (strstr (log, run.probe->server_id));
  probe_run_clear (&run);

  probe (server->url, reader, NULL, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.probe->user, ==, "auditor");
  g_assert_true (run.probe->read_only);
  probe_run_clear (&run);

  probe (server->url, "not-the-token", NULL, NULL, &run);
  g_assert_error (run.error, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (run.error->message, "token"));
  probe_run_clear (&run);

  g_cancellable_cancel (cancellable);
  probe (server->url, token, NULL, cancellable, &run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  probe_run_clear (&run);

  fb_test_server_stop (server);
  probe (server->url, token, NULL, NULL, &run);
  g_assert_error (run.error, FB_SYNC_ERROR, FB_SYNC_ERROR_OFFLINE);
  g_assert_nonnull (strstr (run.error->message, "Cannot reach the server"));
  probe_run_clear (&run);
}

/* The fingerprint the workstation reached is the one the server prints,
 * at start and on request; a pin that differs is named a mismatch. */
static void
test_probe_certificate (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *cert = NULL, *key = NULL, *pin = NULL, *printed = NULL, *log = NULL;
  g_autoptr(FbTestServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) command = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expected = NULL;
  const char *wrong = "00000000000000000000000000000000000000000000000000000000000000ff";
  ProbeRun run = { 0 };

  fb_test_make_certificate (dir, &cert, &key);
  certificate = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  pin = fb_sync_certificate_fingerprint (certificate);

  command = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, FIREBREAK_SERVER_PATH,
                              "fingerprint", "--tls-cert", cert, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (command, NULL, NULL, &printed, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (command));
  g_assert_cmpstr (g_strstrip (printed), ==, pin);

  server = fb_test_server_new (dir, "server.db", (const char *[]) { "--tls-cert", cert, "--tls-key", key, NULL });
  token = fb_test_server_add_user (server, "aiko", FALSE);
  log = fb_test_server_read_log (server);
  expected = g_strdup_printf ("certificate fingerprint (SHA-256) %s", pin);
  g_assert_nonnull (strstr (log, expected));

  probe (server->url, token, pin, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.probe->fingerprint, ==, pin);
  g_assert_cmpstr (run.probe->user, ==, "aiko");
  probe_run_clear (&run);

  /* Not trusted here and not pinned: refused, with what to compare. */
  probe (server->url, token, NULL, NULL, &run);
  g_assert_error (run.error, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (run.error->message, pin));
  probe_run_clear (&run);

  probe (server->url, token, wrong, NULL, &run);
  g_assert_error (run.error, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (run.error->message, "not the pinned one"));
  g_assert_nonnull (strstr (run.error->message, pin));
  probe_run_clear (&run);
}

static gboolean
subtitle_settled (gpointer data)
{
  const char *subtitle = adw_action_row_get_subtitle (data);

  return subtitle != NULL && strstr (subtitle, "…") == NULL && strstr (subtitle, "Shows the") == NULL;
}

/* The first widget of @type below @widget, with @title if given. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (title == NULL || g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The window's Test Connection with what is typed, not yet applied. */
static void
test_preferences_test_connection (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "ken", TRUE);
  g_autofree char *db = fb_test_dir_file (dir, "workstation.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (db, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FbSyncSetup) setup = NULL;
  AdwActionRow *row;
  GtkWidget *window;
  GtkWidget *token_row;

  g_assert_no_error (error);
  setup = fb_sync_setup_new (store, settings);
  g_settings_set_string (settings, "server-url", server->url);
  window = fb_preferences_window_new (NULL, settings, setup);
  gtk_window_present (GTK_WINDOW (window));
  row = ADW_ACTION_ROW (find_widget (window, ADW_TYPE_ACTION_ROW, "Test Connection"));
  g_assert_nonnull (row);

  /* A token typed and not applied is the one tested. */
  token_row = find_widget (window, ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  g_assert_nonnull (token_row);
  gtk_editable_set_text (GTK_EDITABLE (token_row), token);

  g_assert_true (gtk_widget_activate_action (window, "prefs.test-connection", NULL));
  fb_test_wait_until (subtitle_settled, row, "the connection test");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "“ken”, read only"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "plain http"));

  /* The server gone: said in words, marked as an error. */
  fb_test_server_stop (server);
  g_assert_true (gtk_widget_activate_action (window, "prefs.test-connection", NULL));
  fb_test_wait_until (subtitle_settled, row, "the connection test to fail");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Cannot reach the server"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "server-url");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) home = fb_test_dir_new ();
  g_autofree char *config = fb_test_dir_file (home, "config");
  g_autofree char *data = fb_test_dir_file (home, "data");
  int status;

  /* Before anything reads them: no keyring, and folders of the test's own. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/firebreak-test-bus", TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_unsetenv ("FIREBREAK_TOKEN");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  fb_application_register_resources ();

  g_test_add_func ("/server-prefs/token-without-keyring", test_token_without_keyring);
  g_test_add_func ("/server-prefs/probe", test_probe);
  g_test_add_func ("/server-prefs/probe-certificate", test_probe_certificate);
  g_test_add_func ("/server-prefs/test-connection", test_preferences_test_connection);

  status = g_test_run ();
  return status;
}
