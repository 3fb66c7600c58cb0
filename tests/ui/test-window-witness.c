/* test-window-witness.c — the window's Verify, while connected, sets the
 * record beside the war-room server's
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real firebreak-server on 127.0.0.1, a second record that syncs
 * with it, and the window's record cut short behind its back.
 */

#include "config.h"

#include "fb-sync-setup.h"
#include "fb-window-private.h"
#include "fb-ui-test-util.h"
#include "../sync/fb-sync-test-util.h"
#include "../fb-test-tamper.h"

static AdwMessageDialog *
wait_for_dialog (FbWindow *window)
{
  AdwMessageDialog *found = NULL;
  gint64 deadline = g_get_monotonic_time () + FB_TEST_DEADLINE_S * G_USEC_PER_SEC;

  while (found == NULL && g_get_monotonic_time () < deadline)
    {
      GList *toplevels = gtk_window_list_toplevels ();

      for (GList *l = toplevels; l != NULL; l = l->next)
        if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
          found = l->data;
      g_list_free (toplevels);
      g_main_context_iteration (NULL, found == NULL);
    }

  g_assert_nonnull (found);
  return found;
}

static gboolean
is_up_to_date (gpointer data)
{
  FbSyncClient *client = fb_sync_setup_get_client (data);

  return client != NULL && fb_sync_client_get_state (client) == FB_SYNC_STATE_UP_TO_DATE &&
         fb_sync_client_get_n_waiting (client) == 0;
}

/* A window of its own for each check: the toast of one check still
 * leaving as the next one's arrives is not what this test is about. */
static FbWindow *
open_window (UiFixture   *fixture,
             FbSyncSetup *setup,
             const char  *incident)
{
  FbWindow *window = g_object_ref (fb_window_new (NULL, fixture->context));

  fb_window_set_sync (window, setup);
  gtk_window_present (GTK_WINDOW (window));
  fb_window_select_incident (window, incident);
  return window;
}

static void
test_window_verify_with_server (UiFixture     *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbTestServer) server = fb_test_server_new (fixture->dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "desk", FALSE);
  g_autofree char *there_path = fb_test_dir_file (fixture->dir, "there.db");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FbSyncSetup) setup = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *theirs = NULL;
  AdwMessageDialog *dialog;
  FbWindow *window;

  incident = fb_store_create_incident (fixture->store, "Ransomware on FS-02", "generic", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  fb_test_add_entries (fixture->store, incident, "Here", 3);

  setup = fb_sync_setup_new (fixture->store, settings);
  g_settings_set_string (settings, "server-url", server->url);
  fb_sync_setup_set_token (setup, token);
  g_settings_set_boolean (settings, "sync-enabled", TRUE);
  fb_test_wait_until (is_up_to_date, setup, "the first sync");

  /* Another workstation adds to the incident; this one fetches it. */
  {
    g_autoptr(FbStore) there = fb_store_open (there_path, FB_STORE_OPEN_DEFAULT, &error);
    g_autoptr(FbSyncClient) client = fb_sync_client_new (there, server->url, token, NULL);

    g_assert_no_error (error);
    theirs = g_strdup (fb_store_get_device_id (there));
    g_assert_true (fb_sync_client_sync_once (client, &error));
    fb_test_add_entries (there, incident, "There", 4);
    g_assert_true (fb_sync_client_sync_once (client, &error));
    g_assert_no_error (error);
    fb_test_assert_finalized (g_steal_pointer (&client));
  }
  ui_wait_until (fb_store_count_entries (fixture->store, incident) == 7);
  fb_test_wait_until (is_up_to_date, setup, "the second sync");

  window = open_window (fixture, setup, incident);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.verify", NULL);
  dialog = wait_for_dialog (window);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Record Is Intact");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "The war-room server holds nothing this record lost, and no change differs."));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  /* The other workstation's newest two changes cut away here, with this
   * record's witnesses: only the server can tell. */
  fb_test_cut_tail (fixture->path, theirs, 2, TRUE);

  window = open_window (fixture, setup, incident);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.verify", NULL);
  dialog = wait_for_dialog (window);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Record Was Altered");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "which this record fetched before, but they "
                                                                  "are missing here"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_settings_set_boolean (settings, "sync-enabled", FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_clear_object (&setup);
  ui_wait_until (G_OBJECT (fixture->store)->ref_count == 2);
}

/* Verify run again and again in one window: each check's toast leaves
 * while the next one's arrives, sometimes before its own has finished
 * coming in. */
static void
test_window_verify_repeatedly (UiFixture     *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  FbWindow *window;

  incident = fb_store_create_incident (fixture->store, "Ransomware on FS-02", "generic", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  fb_test_add_entries (fixture->store, incident, "Here", 3);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));
  fb_window_select_incident (window, incident);

  for (guint i = 0; i < 8; i++)
    {
      AdwMessageDialog *dialog;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.verify", NULL);
      dialog = wait_for_dialog (window);
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Record Is Intact");
      gtk_window_destroy (GTK_WINDOW (dialog));
      /* A few frames, a different share of the toast's animations each time. */
      for (guint frame = 0; frame < i * 3; frame++)
        g_main_context_iteration (NULL, FALSE);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/window-witness/verify-with-server", UiFixture, NULL,
              ui_fixture_set_up, test_window_verify_with_server, ui_fixture_tear_down);

  g_test_add ("/window-witness/verify-repeatedly", UiFixture, NULL,
              ui_fixture_set_up, test_window_verify_repeatedly, ui_fixture_tear_down);

  return g_test_run ();
}
