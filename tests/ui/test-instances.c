/* test-instances.c — one running Firebreak per record
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real program, started three times on a session bus of the test's
 * own: a second record runs as an instance of its own beside the first,
 * and the first record opened again (under another spelling of its path)
 * hands over to the instance that has it and exits.
 */

#include "config.h"

#include "fb-application.h"
#include "fb-test-bus.h"

#define DEADLINE_S 60

static GSubprocess *
start_firebreak (FbTestDir  *dir,
                 const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *data_home = fb_test_dir_file (dir, "data");
  GSubprocess *app;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, fb_test_die_with_parent, NULL, NULL);
  app = g_subprocess_launcher_spawn (launcher, &error, FIREBREAK_PATH, "--database", database, NULL);
  g_assert_no_error (error);

  return app;
}

static gboolean
has_owner (GDBusConnection *bus,
           const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &owned);

  return owned;
}

/* Waits, without a timer of its own, until @name is owned: the bus is
 * asked again each time round, and a deadline fails the test. */
static void
wait_for_owner (GDBusConnection *bus,
                const char      *name,
                GSubprocess     *app)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  while (!has_owner (bus, name))
    {
      if (g_subprocess_get_identifier (app) == NULL)
        g_error ("firebreak exited before it owned %s", name);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up waiting for %s on the bus", name);
    }
}

static void
test_instances_per_record (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  FbTestBus private_bus = { NULL };
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *player_db = fb_test_dir_file (dir, "player.db");
  g_autofree char *facilitator_db = fb_test_dir_file (dir, "facilitator.db");
  g_autofree char *player_again = g_build_filename (dir->path, ".", "data", "..", "player.db", NULL);
  g_autofree char *player_id = fb_application_id_for_database (player_db);
  g_autofree char *facilitator_id = fb_application_id_for_database (facilitator_db);
  g_autofree char *again_id = fb_application_id_for_database (player_again);
  g_autoptr(GSubprocess) player = NULL;
  g_autoptr(GSubprocess) facilitator = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autofree char *data_dir = fb_test_dir_file (dir, "data");

  g_assert_true (g_application_id_is_valid (player_id));
  g_assert_true (g_application_id_is_valid (facilitator_id));
  g_assert_cmpstr (player_id, !=, facilitator_id);
  g_assert_cmpstr (player_id, ==, again_id);
  g_assert_cmpstr (player_id, !=, APP_ID);
  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  fb_test_bus_up (&private_bus, dir);

  bus = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);

  player = start_firebreak (dir, player_db);
  wait_for_owner (bus, player_id, player);

  /* Another record: an instance of its own, both running. */
  facilitator = start_firebreak (dir, facilitator_db);
  wait_for_owner (bus, facilitator_id, facilitator);
  g_assert_nonnull (g_subprocess_get_identifier (player));

  /* The first record again: handed over to its instance, which stays. */
  again = start_firebreak (dir, player_again);
  g_subprocess_wait (again, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (again));
  g_assert_nonnull (g_subprocess_get_identifier (player));
  g_assert_nonnull (g_subprocess_get_identifier (facilitator));
  g_assert_true (has_owner (bus, player_id));

  g_subprocess_force_exit (player);
  g_subprocess_force_exit (facilitator);
  g_subprocess_wait (player, NULL, NULL);
  g_subprocess_wait (facilitator, NULL, NULL);
  g_dbus_connection_close_sync (bus, NULL, NULL);
  fb_test_bus_down (&private_bus);
}

/* The default record keeps the application's own id, as the desktop file
 * names it. */
static void
test_instances_default_id (void)
{
  g_autofree char *id = fb_application_id_for_database (NULL);
  g_autofree char *path = fb_store_default_path ();
  g_autofree char *default_id = fb_application_id_for_database (path);

  g_assert_cmpstr (id, ==, APP_ID);
  g_assert_cmpstr (default_id, ==, APP_ID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/instances/default-id", test_instances_default_id);
  g_test_add_func ("/instances/per-record", test_instances_per_record);

  return g_test_run ();
}
