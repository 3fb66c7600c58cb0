/* fb-test-bus.h — a session bus of a test's own
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "../fb-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *daemon;
  char        *config;
} FbTestBus;

static const char fb_test_bus_config[] =
  "<busconfig>"
  "  <type>session</type>"
  "  <listen>unix:tmpdir=%s</listen>"
  "  <policy context='default'>"
  "    <allow send_destination='*' eavesdrop='true'/>"
  "    <allow eavesdrop='true'/>"
  "    <allow own='*'/>"
  "  </policy>"
  "</busconfig>";

/* A failed test takes its bus, and the programs it started, with it. */
static inline void
fb_test_die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* A session bus for this test alone: GApplication takes the bus from
 * DBUS_SESSION_BUS_ADDRESS when it first needs one. */
static inline void
fb_test_bus_up (FbTestBus *bus,
                FbTestDir  *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf (fb_test_bus_config, dir->path);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *address = NULL;

  bus->config = fb_test_dir_file (dir, "bus.conf");
  g_file_set_contents (bus->config, text, -1, &error);
  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, fb_test_die_with_parent, NULL, NULL);
  bus->daemon = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--nofork", "--print-address=1",
                                             "--config-file", bus->config, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus->daemon));
  address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", g_strstrip (address), TRUE);
}

static inline void
fb_test_bus_down (FbTestBus *bus)
{
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  /* The bus going away must not take the test with it. */
  g_dbus_connection_set_exit_on_close (session, FALSE);
  g_subprocess_force_exit (bus->daemon);
  g_subprocess_wait (bus->daemon, NULL, NULL);
  g_clear_object (&bus->daemon);
  g_free (bus->config);
}

G_END_DECLS
