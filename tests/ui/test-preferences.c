/* test-preferences.c — the sync settings, the status line, and the window
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "firebreak-core.h"
#include "fb-application.h"
#include "fb-preferences-window.h"
#include "fb-sync-indicator.h"
#include "fb-sync-setup.h"
#include "../fb-test-util.h"

static void
test_normalize_url (void)
{
  struct { const char *in, *out; } good[] = {
    { "warroom.example", "https://warroom.example:8765" },
    { "  https://warroom.example:9000/  ", "https://warroom.example:9000" },
    { "http://127.0.0.1:4321", "http://127.0.0.1:4321" },
    { "http://localhost", "http://localhost:8765" },
    { "", "" },
  };
  const char *bad[] = { "http://warroom.example:8765", "https://", "ht!tp://x y" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = fb_preferences_normalize_url (good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, good[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = fb_preferences_normalize_url (bad[i], &error);

      g_assert_null (url);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_normalize_pin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *bad = NULL;
  const char *colons = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                       "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

  pin = fb_preferences_normalize_pin (colons, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pin, ==, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");

  empty = fb_preferences_normalize_pin ("", &error);
  g_assert_cmpstr (empty, ==, "");

  bad = fb_preferences_normalize_pin ("abcd", &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_status_describe (void)
{
  FbSyncStatus status = { 0 };

  fb_sync_status_describe (FALSE, FB_SYNC_STATE_OFFLINE, 0, &status);
  g_assert_cmpstr (status.label, ==, "Local record");
  g_assert_null (status.css_class);
  fb_sync_status_clear (&status);

  fb_sync_status_describe (TRUE, FB_SYNC_STATE_OFFLINE, 3, &status);
  g_assert_cmpstr (status.label, ==, "Offline, 3 changes waiting");
  g_assert_cmpstr (status.css_class, ==, "warning");
  fb_sync_status_clear (&status);

  /* A server that answers but cannot serve is told apart from the
   * network gone, and what waits is still counted. */
  fb_sync_status_describe (TRUE, FB_SYNC_STATE_UNAVAILABLE, 1, &status);
  g_assert_cmpstr (status.label, ==, "Server unavailable, 1 change waiting");
  g_assert_cmpstr (status.css_class, ==, "warning");
  fb_sync_status_clear (&status);

  fb_sync_status_describe (TRUE, FB_SYNC_STATE_UNAVAILABLE, 0, &status);
  g_assert_cmpstr (status.label, ==, "Server unavailable");
  fb_sync_status_clear (&status);

  fb_sync_status_describe (TRUE, FB_SYNC_STATE_SYNCING, 12, &status);
  g_assert_cmpstr (status.label, ==, "Syncing, 12 waiting");
  fb_sync_status_clear (&status);

  fb_sync_status_describe (TRUE, FB_SYNC_STATE_UP_TO_DATE, 0, &status);
  g_assert_cmpstr (status.label, ==, "Up to date");
  fb_sync_status_clear (&status);

  fb_sync_status_describe (TRUE, FB_SYNC_STATE_REFUSED, 0, &status);
  g_assert_cmpstr (status.css_class, ==, "error");
  fb_sync_status_clear (&status);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

/* Turning sync on with an address makes a client (offline: nothing is
 * listening there), turning it off removes it, and the indicator follows. */
static void
test_setup_follows_settings (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "prefs.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FbSyncSetup) setup = NULL;
  GtkWidget *indicator;
  guint notified = 0;

  g_assert_no_error (error);
  setup = fb_sync_setup_new (store, settings);
  g_assert_null (fb_sync_setup_get_client (setup));
  indicator = g_object_ref_sink (fb_sync_indicator_new (setup));
  g_assert_cmpstr (fb_sync_indicator_get_label (FB_SYNC_INDICATOR (indicator)), ==, "Local record");

  g_signal_connect (setup, "notify::client", G_CALLBACK (count_cb), &notified);

  /* Port 9 (discard) on loopback: nobody answers. */
  g_settings_set_string (settings, "server-url", "http://127.0.0.1:9");
  fb_sync_setup_set_token (setup, "not-a-real-token");
  g_settings_set_boolean (settings, "sync-enabled", TRUE);
  g_assert_nonnull (fb_sync_setup_get_client (setup));
  g_assert_cmpuint (notified, >=, 1);
  g_assert_cmpstr (fb_sync_indicator_get_label (FB_SYNC_INDICATOR (indicator)), !=, "Local record");

  g_settings_set_boolean (settings, "sync-enabled", FALSE);
  g_assert_null (fb_sync_setup_get_client (setup));
  g_assert_cmpstr (fb_sync_indicator_get_label (FB_SYNC_INDICATOR (indicator)), ==, "Local record");

  g_object_unref (indicator);
}

static gboolean
on_deadline_cb (gpointer data)
{
  g_error ("Gave up waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* "Try now" keeps its place in every state; it can be pressed only while
 * a retry waits, and pressing it tries at once. */
static void
test_indicator_try_now (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "try-now.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FbSyncSetup) setup = NULL;
  FbSyncClient *client;
  GtkWidget *indicator;
  GtkWidget *button;
  guint deadline;

  g_assert_no_error (error);
  setup = fb_sync_setup_new (store, settings);
  indicator = g_object_ref_sink (fb_sync_indicator_new (setup));
  button = fb_sync_indicator_get_retry_button (FB_SYNC_INDICATOR (indicator));
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_sensitive (button));

  /* Port 9 (discard) on loopback: nobody answers. */
  g_settings_set_string (settings, "server-url", "http://127.0.0.1:9");
  fb_sync_setup_set_token (setup, "not-a-real-token");
  g_settings_set_boolean (settings, "sync-enabled", TRUE);
  client = fb_sync_setup_get_client (setup);
  g_assert_nonnull (client);

  deadline = g_timeout_add_seconds (60, on_deadline_cb, (gpointer) "the first attempt to fail");
  while (fb_sync_client_get_retry_delay (client) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);
  g_assert_cmpuint (fb_sync_client_get_retry_delay (client), <=, FB_SYNC_BACKOFF_MAX_MS);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_sensitive (button));

  g_assert_true (gtk_widget_activate_action (indicator, "sync.retry", NULL));
  g_assert_cmpint (fb_sync_client_get_state (client), ==, FB_SYNC_STATE_CONNECTING);
  g_assert_cmpuint (fb_sync_client_get_retry_delay (client), ==, 0);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_sensitive (button));

  g_settings_set_boolean (settings, "sync-enabled", FALSE);
  g_settings_reset (settings, "server-url");
  g_object_unref (indicator);
}

static GtkWidget *
find_spin_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_SPIN_BUTTON (child))
        return child;
      if ((found = find_spin_button (child)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_preferences_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  GtkWidget *window;
  GtkWidget *spin;
  double lower, upper;
  int min, max;

  g_settings_set_string (settings, "user-name", "Aiko Tanaka");
  window = fb_preferences_window_new (NULL, settings, NULL);
  gtk_window_present (GTK_WINDOW (window));

  /* The containment target, in the window and in the schema, is what
   * incident.create accepts. */
  spin = find_spin_button (window);
  g_assert_nonnull (spin);
  gtk_spin_button_get_range (GTK_SPIN_BUTTON (spin), &lower, &upper);
  g_assert_cmpfloat (lower, ==, FB_OP_MIN_TARGET_MIN);
  g_assert_cmpfloat (upper, ==, FB_OP_MAX_TARGET_MIN);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==,
                   g_settings_get_int (settings, "containment-target"));

  g_object_get (settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "containment-target");
  range = g_settings_schema_key_get_range (key);
  g_variant_get (range, "(sv)", NULL, &limits);
  g_variant_get (limits, "(ii)", &min, &max);
  g_assert_cmpint (min, ==, FB_OP_MIN_TARGET_MIN);
  g_assert_cmpint (max, ==, FB_OP_MAX_TARGET_MIN);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
find_row_titled (GtkWidget  *widget,
                 const char *prefix)
{
  if (ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), prefix))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_row_titled (child, prefix))
      return TRUE;

  return FALSE;
}

/* A broken file among the user's playbooks is named in Preferences with
 * its line and what is wrong, and the good playbooks still load. */
static void
test_preferences_playbook_errors (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *folder = fb_playbook_library_default_user_dir ();
  g_autofree char *broken = g_build_filename (folder, "broken.json", NULL);
  g_autoptr(FbPlaybookLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  window = fb_preferences_window_new (NULL, settings, NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (find_row_titled (window, "No errors in your playbook files"));
  gtk_window_destroy (GTK_WINDOW (window));

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (broken, "{\n  \"id\": \"broken\",,\n}\n", -1, &error);
  g_assert_no_error (error);

  library = fb_playbook_library_new ();
  g_assert_nonnull (fb_playbook_library_lookup (library, "ransomware"));
  g_assert_nonnull (fb_playbook_library_lookup (library, "generic"));

  window = fb_preferences_window_new (NULL, settings, NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (find_row_titled (window, "broken.json:2: "));
  g_assert_false (find_row_titled (window, "No errors in your playbook files"));
  gtk_window_destroy (GTK_WINDOW (window));

  g_unlink (broken);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) data_home = fb_test_dir_new ();
  int status;

  /* Before anything reads it: the user's playbooks live here. */
  g_setenv ("XDG_DATA_HOME", data_home->path, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  fb_application_register_resources ();

  g_test_add_func ("/preferences/normalize-url", test_normalize_url);
  g_test_add_func ("/preferences/normalize-pin", test_normalize_pin);
  g_test_add_func ("/preferences/status-describe", test_status_describe);
  g_test_add_func ("/preferences/setup-follows-settings", test_setup_follows_settings);
  g_test_add_func ("/preferences/indicator-try-now", test_indicator_try_now);
  g_test_add_func ("/preferences/window", test_preferences_window);
  g_test_add_func ("/preferences/playbook-errors", test_preferences_playbook_errors);

  status = g_test_run ();
  return status;
}
