/* test-wall-sync.c — two workstations and a real war-room server: a change
 * made on one shows on the other's wall display
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-sync-client.h"
#include "fb-sync-test-util.h"
#include "fb-wall-private.h"
#include "fb-ui-test-util.h"

typedef struct
{
  GtkWidget  *wall;
  const char *text;
} Shows;

static gboolean
wall_shows (gpointer data)
{
  Shows *shows = data;

  return ui_has_label (shows->wall, shows->text);
}

static gboolean
has_incident (gpointer data)
{
  void **args = data;
  g_autoptr(FbIncident) incident = fb_store_get_incident (args[0], args[1]);

  return incident != NULL;
}

/* The war room's machine follows the server live and shows the wall,
 * once the incident has arrived. */
static FbWallWindow *
open_room_wall (UiFixture    *fixture,
                FbSyncClient *room_client,
                const char   *incident,
                const char   *first_text)
{
  FbWallWindow *wall;
  void *args[2];
  Shows shows;

  fb_sync_client_start (room_client);
  args[0] = fixture->store;
  args[1] = (void *) incident;
  fb_test_wait_until (has_incident, args, "the incident on the war room's machine");

  wall = g_object_ref_sink (fb_wall_window_new (NULL, fixture->context, incident));
  gtk_window_set_default_size (GTK_WINDOW (wall), 1920, 1080);
  gtk_window_present (GTK_WINDOW (wall));
  shows.wall = GTK_WIDGET (wall);
  shows.text = first_text;
  fb_test_wait_until (wall_shows, &shows, first_text);
  return wall;
}

static void
close_room_wall (FbWallWindow  *wall,
                 FbSyncClient **room_client,
                 FbSyncClient **laptop_client)
{
  fb_sync_client_stop (*room_client);
  gtk_window_destroy (GTK_WINDOW (wall));
  g_assert_finalize_object (wall);
  fb_test_assert_finalized (g_steal_pointer (room_client));
  fb_test_assert_finalized (g_steal_pointer (laptop_client));
}

static void
test_wall_sync (UiFixture     *fixture,
                gconstpointer  data)
{
  g_autoptr(FbTestServer) server = fb_test_server_new (fixture->dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autofree char *laptop_path = fb_test_dir_file (fixture->dir, "laptop.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) laptop = NULL;
  g_autoptr(FbSyncClient) laptop_client = NULL;
  g_autoptr(FbSyncClient) room_client = NULL;
  g_autofree char *incident = NULL;
  FbWallWindow *wall;
  Shows shows;

  /* The commander's laptop declares the incident and sends it. */
  laptop = fb_store_open (laptop_path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fb_store_set_author (laptop, "Aiko Tanaka");
  incident = fb_store_create_incident (laptop, "Ransomware on FS-02", "ransomware", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  laptop_client = fb_sync_client_new (laptop, server->url, token, NULL);
  fb_sync_client_sync_once (laptop_client, &error);
  g_assert_no_error (error);

  /* The war room's machine follows the server live and shows the wall. */
  room_client = fb_sync_client_new (fixture->store, server->url, token, NULL);
  wall = open_room_wall (fixture, room_client, incident, "Ransomware on FS-02");
  shows.wall = GTK_WIDGET (wall);

  /* A fact and a new commander, typed on the laptop, reach the wall. */
  g_free (fb_store_add_entry (laptop, incident, FB_ENTRY_FACT, "Backups of FS-02 are clean", 0, NULL, NULL,
                              &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_hand_over_command (laptop, incident, NULL, "Ken Ito", NULL, NULL, NULL, NULL, 0,
                                             &error));
  g_assert_no_error (error);
  fb_sync_client_sync_once (laptop_client, &error);
  g_assert_no_error (error);

  shows.text = "Backups of FS-02 are clean";
  fb_test_wait_until (wall_shows, &shows, "the laptop's fact on the wall");
  shows.text = "Ken Ito";
  fb_test_wait_until (wall_shows, &shows, "the new commander on the wall");

  close_room_wall (wall, &room_client, &laptop_client);
}

static gboolean
wall_lacks (gpointer data)
{
  return !wall_shows (data);
}

/* A handover offered on the commander's laptop shows on the war room's
 * wall through the server; accepted on the war room's machine by the
 * incoming commander, the wall shows them in command and the offer gone. */
static void
test_wall_sync_handover (UiFixture     *fixture,
                         gconstpointer  data)
{
  g_autoptr(FbTestServer) server = fb_test_server_new (fixture->dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autofree char *laptop_path = fb_test_dir_file (fixture->dir, "laptop.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) laptop = NULL;
  g_autoptr(FbSyncClient) laptop_client = NULL;
  g_autoptr(FbSyncClient) room_client = NULL;
  g_autoptr(FbHandover) offered = NULL;
  g_autoptr(FbRole) commander = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *handover = NULL;
  FbWallWindow *wall;
  Shows shows;

  laptop = fb_store_open (laptop_path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fb_store_set_author (laptop, "Aiko Tanaka");
  incident = fb_store_create_incident (laptop, "Ransomware on FS-02", "ransomware", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_hand_over_command (laptop, incident, NULL, "Aiko Tanaka", NULL, NULL, NULL, NULL, 0,
                                             &error));
  g_assert_no_error (error);
  laptop_client = fb_sync_client_new (laptop, server->url, token, NULL);
  fb_sync_client_sync_once (laptop_client, &error);
  g_assert_no_error (error);

  /* The war room's machine is Ken Ito's. */
  fb_store_set_author (fixture->store, "Ken Ito");
  room_client = fb_sync_client_new (fixture->store, server->url, token, NULL);
  wall = open_room_wall (fixture, room_client, incident, "Aiko Tanaka");
  shows.wall = GTK_WIDGET (wall);

  handover = fb_store_offer_handover (laptop, incident, "Ken Ito", NULL, NULL, &error);
  g_assert_no_error (error);
  fb_sync_client_sync_once (laptop_client, &error);
  g_assert_no_error (error);
  shows.text = "Handover offered to Ken Ito — waiting for acceptance";
  fb_test_wait_until (wall_shows, &shows, "the offered handover on the wall");

  /* Accepted where the wall is. */
  offered = fb_store_get_offered_handover (fixture->store, incident);
  g_assert_nonnull (offered);
  g_assert_cmpstr (fb_handover_get_id (offered), ==, handover);
  g_assert_true (fb_store_accept_handover (fixture->store, incident, handover, &error));
  g_assert_no_error (error);
  fb_test_wait_until (wall_lacks, &shows, "the offer gone from the wall");
  shows.text = "Ken Ito";
  fb_test_wait_until (wall_shows, &shows, "the new commander on the wall");
  g_assert_false (ui_has_label (GTK_WIDGET (wall), "Aiko Tanaka"));
  commander = fb_store_get_role (fixture->store, incident, "commander");
  g_assert_cmpstr (fb_role_get_person (commander), ==, "Ken Ito");

  close_room_wall (wall, &room_client, &laptop_client);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/wall/sync/two-workstations", UiFixture, NULL, ui_fixture_set_up, test_wall_sync,
              ui_fixture_tear_down);
  g_test_add ("/wall/sync/handover", UiFixture, NULL, ui_fixture_set_up, test_wall_sync_handover,
              ui_fixture_tear_down);

  return g_test_run ();
}
