/* test-notify.c — desktop notifications, received by a notification
 * server on a private session bus
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test starts a dbus-daemon of its own, with no services to start,
 * points DBUS_SESSION_BUS_ADDRESS at it, and owns
 * org.freedesktop.Notifications there with a recorder that keeps what it
 * is sent. Nobody owns org.gtk.Notifications on that bus, so GApplication
 * sends through the freedesktop.org interface, as on a desktop without
 * GNOME Shell.
 */

#include "config.h"

#include <string.h>

#include "fb-notifier.h"
#include "fb-test-bus.h"
#include "fb-ui-test-util.h"

#define MINUTE G_GINT64_CONSTANT (60000)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

/* 2026-11-25 14:30:00 UTC */
#define START  G_GINT64_CONSTANT (1795617000000)

static const char recorder_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *connection;
  GPtrArray       *received;  /* GVariant: Notify's parameters */
  GArray          *closed;    /* guint32 */
} Recorder;

static void
on_recorder_call_cb (GDBusConnection       *connection,
                     const char            *sender,
                     const char            *path,
                     const char            *interface,
                     const char            *method,
                     GVariant              *parameters,
                     GDBusMethodInvocation *invocation,
                     gpointer               user_data)
{
  Recorder *recorder = user_data;

  if (g_str_equal (method, "Notify"))
    {
      g_ptr_array_add (recorder->received, g_variant_ref (parameters));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", recorder->received->len));
    }
  else if (g_str_equal (method, "CloseNotification"))
    {
      guint32 id;

      g_variant_get (parameters, "(u)", &id);
      g_array_append_val (recorder->closed, id);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "recorder", "Firebreak", "1", "1.2"));
}

static void
recorder_start (Recorder *recorder)
{
  static const GDBusInterfaceVTable vtable = { on_recorder_call_cb };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (recorder_xml, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  guint32 result;

  g_assert_no_error (error);
  recorder->received = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  recorder->closed = g_array_new (FALSE, FALSE, sizeof (guint32));

  /* A connection of its own, as a separate server would have. */
  recorder->connection = g_dbus_connection_new_for_address_sync (
    address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (recorder->connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, recorder, NULL, &error);
  g_assert_no_error (error);

  reply = g_dbus_connection_call_sync (recorder->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4u),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);  /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */
}

static void
recorder_stop (Recorder *recorder)
{
  g_dbus_connection_close_sync (recorder->connection, NULL, NULL);
  g_clear_object (&recorder->connection);
  g_ptr_array_unref (recorder->received);
  g_array_unref (recorder->closed);
}

static void
ping_bus (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetId", NULL, G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

/* Lets the app read the recorder's answers to what it sent, without a
 * timer: the bus keeps each connection's messages in order, so once the
 * recorder's answers are through the bus, a round trip of the app's comes
 * back behind them. */
static void
settle (Recorder     *recorder,
        GApplication *application)
{
  g_dbus_connection_flush_sync (recorder->connection, NULL, NULL);
  ping_bus (recorder->connection);
  ping_bus (g_application_get_dbus_connection (application));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static const char *
received_string (Recorder *recorder,
                 guint     n,
                 guint     field)
{
  g_autoptr(GVariant) child = g_variant_get_child_value (g_ptr_array_index (recorder->received, n), field);

  return g_variant_get_string (child, NULL);
}

static gboolean
received_has_default_action (Recorder *recorder,
                             guint     n)
{
  g_autofree const char **actions = NULL;

  g_variant_get_child (g_ptr_array_index (recorder->received, n), 5, "^a&s", &actions);
  return actions != NULL && g_strv_contains (actions, "default");
}

static char *
received_image (Recorder *recorder,
                guint     n)
{
  g_autoptr(GVariant) hints = g_variant_get_child_value (g_ptr_array_index (recorder->received, n), 6);
  char *image = NULL;

  g_variant_lookup (hints, "image-path", "s", &image);
  return image;
}

/* The incident a notification's default action asked to show. */
static void
on_show_incident_cb (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  char **shown = user_data;

  g_free (*shown);
  *shown = g_variant_dup_string (param, NULL);
}

static gboolean
is_focused_cb (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* Everything @from holds, received as a sync would deliver it. */
static void
deliver (FbStore *from,
         FbStore *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = fb_store_get_ops (from, NULL, &error);

  g_assert_no_error (error);
  fb_store_apply (to, ops, NULL, FB_APPLY_TRUST_CLOCKS, NULL, &error);
  g_assert_no_error (error);
}

static char *
set_fixed_deadline (FbStore    *store,
                    const char *incident,
                    const char *name,
                    gint64      due_at)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "anchor", "fixed");
  json_object_set_int_member (fields, "due_at", due_at);
  json_object_set_int_member (fields, "minutes", 0);
  id = fb_store_set_deadline (store, incident, NULL, fields, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_notify (UiFixture     *fixture,
             gconstpointer  data)
{
  FbTestBus bus = { NULL };
  g_autoptr(GApplication) application = NULL;
  g_autoptr(GSimpleAction) show = g_simple_action_new ("show-incident", G_VARIANT_TYPE_STRING);
  g_autoptr(FbNotifier) notifier = NULL;
  g_autoptr(FbStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = fb_test_dir_file (fixture->dir, "other.db");
  g_autofree char *incident = NULL;
  g_autofree char *old_incident = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *image = NULL;
  g_autofree char *soon_title = NULL;
  FbTestClock clock = { START };
  FbTestClock other_clock = { START - 3 * DAY };
  gboolean focused = FALSE;
  guint32 soon_id;

  fb_test_bus_up (&bus, fixture->dir);

  {
    Recorder recorder = { NULL };
    g_autoptr(JsonObject) step_fields = json_object_new ();
    g_autofree char *step = NULL;

    recorder_start (&recorder);

    application = g_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
    g_signal_connect (show, "activate", G_CALLBACK (on_show_incident_cb), &shown);
    g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (show));
    g_application_register (application, NULL, &error);
    g_assert_no_error (error);

    fb_context_set_clock (fixture->context, fb_test_clock_read, &clock);
    notifier = fb_notifier_new (fixture->context, application, START);
    fb_notifier_set_focus_func (notifier, is_focused_cb, &focused);

    /* An old record from another workstation, synced in for the first
     * time: a decision, a handover, a deadline long passed and a step due
     * yesterday. None of it is news. */
    other = fb_store_open_with_clock (other_path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, &other_clock, &error);
    g_assert_no_error (error);
    fb_store_set_author (other, "Other");
    old_incident = fb_store_create_incident (other, "Laptop stolen", "lost-device", 2, other_clock.now_ms,
                                             60, FALSE, &error);
    g_assert_no_error (error);
    g_free (fb_store_add_entry (other, old_incident, FB_ENTRY_DECISION, "Wipe the laptop remotely",
                                0, NULL, NULL, &error));
    g_assert_no_error (error);
    fb_store_hand_over_command (other, old_incident, "Aiko", "Ben", NULL, "Laptop gone", "", "", 0, &error);
    g_assert_no_error (error);
    g_free (set_fixed_deadline (other, old_incident, "Old report", START - 2 * DAY));
    step = fb_store_add_checklist_item (other, old_incident, FB_SECTION_DAMAGE_LIMITATION, "Change the passwords", 0,
                                        NULL, &error);
    g_assert_no_error (error);
    json_object_set_int_member (step_fields, "due_at", START - DAY);
    fb_store_set_checklist_item (other, step, step_fields, &error);
    g_assert_no_error (error);
    deliver (other, fixture->store);
    fb_context_tick (fixture->context);

    /* A deadline of our own, three hours away. */
    incident = fb_store_create_incident (fixture->store, "Ransomware at HQ", "ransomware", 1, START, 60,
                                         FALSE, &error);
    g_assert_no_error (error);
    deadline = set_fixed_deadline (fixture->store, incident, "Tell the regulator", START + 3 * HOUR);
    /* Status updates every ten hours: the first falls due at the end. */
    {
      g_autoptr(JsonObject) cadence = json_object_new ();

      json_object_set_int_member (cadence, "update_interval_min", 600);
      g_assert_true (fb_store_update_incident (fixture->store, incident, cadence, &error));
      g_assert_no_error (error);
    }
    fb_context_tick (fixture->context);

    /* An hour before, with no window in front: the reminder. Being the
     * first thing received, it also shows nothing came of the old record,
     * since the bus delivers one sender's messages in order. */
    clock.now_ms = START + 2 * HOUR;
    fb_context_tick (fixture->context);
    ui_wait_until (recorder.received->len >= 1);
    g_assert_cmpuint (recorder.received->len, ==, 1);
    soon_title = g_strdup (received_string (&recorder, 0, 3));
    g_assert_cmpstr (soon_title, ==, "Tell the regulator: due in 1 hour 15 minutes");
    g_assert_nonnull (strstr (received_string (&recorder, 0, 4), "Ransomware at HQ"));
    g_assert_true (received_has_default_action (&recorder, 0));
    image = received_image (&recorder, 0);
    g_assert_cmpstr (image, ==, APP_ID);
    soon_id = 1;
    settle (&recorder, application);

    /* Past it: the deadline passed, and the early reminder taken back. */
    clock.now_ms = START + 3 * HOUR + MINUTE;
    fb_context_tick (fixture->context);
    fb_context_tick (fixture->context);
    ui_wait_until (recorder.received->len >= 2 && recorder.closed->len >= 1);
    g_assert_cmpuint (recorder.received->len, ==, 2);
    g_assert_cmpstr (received_string (&recorder, 1, 3), ==, "Tell the regulator: deadline passed");
    g_assert_cmpuint (g_array_index (recorder.closed, guint32, 0), ==, soon_id);

    /* Its default action opens the incident. */
    g_dbus_connection_emit_signal (recorder.connection, NULL, "/org/freedesktop/Notifications",
                                   "org.freedesktop.Notifications", "ActionInvoked",
                                   g_variant_new ("(us)", 2u, "default"), &error);
    g_assert_no_error (error);
    ui_wait_until (shown != NULL);
    g_assert_cmpstr (shown, ==, incident);

    /* One's own reminder waits while the window is in front; another
     * workstation's decision does not. */
    focused = TRUE;
    json_object_set_int_member (step_fields, "due_at", START + 4 * HOUR);
    {
      g_autofree char *due_step = fb_store_add_checklist_item (fixture->store, incident, FB_SECTION_DAMAGE_LIMITATION,
                                                               "Isolate the file server", 0, NULL, &error);

      g_assert_no_error (error);
      fb_store_set_checklist_item (fixture->store, due_step, step_fields, &error);
      g_assert_no_error (error);
    }
    clock.now_ms = START + 4 * HOUR;
    fb_context_tick (fixture->context);
    other_clock.now_ms = START + 4 * HOUR;
    g_free (fb_store_add_entry (other, old_incident, FB_ENTRY_DECISION, "Report the theft to the police",
                                0, NULL, NULL, &error));
    g_assert_no_error (error);
    deliver (other, fixture->store);
    ui_wait_until (recorder.received->len >= 3);
    g_assert_cmpstr (received_string (&recorder, 2, 3), ==, "Decision recorded by Other");
    g_assert_nonnull (strstr (received_string (&recorder, 2, 4), "Report the theft to the police"));

    /* Its setting off, a kind is not sent; the next handover is. */
    g_settings_set_boolean (fb_context_get_settings (fixture->context), "notify-decisions", FALSE);
    g_free (fb_store_add_entry (other, old_incident, FB_ENTRY_DECISION, "Tell the staff", 0, NULL, NULL,
                                &error));
    g_assert_no_error (error);
    fb_store_hand_over_command (other, old_incident, "Ben", "Chika", NULL, "Police told", "", "", 0, &error);
    g_assert_no_error (error);
    deliver (other, fixture->store);
    ui_wait_until (recorder.received->len >= 4);
    g_assert_cmpstr (received_string (&recorder, 3, 3), ==, "Command handed over");
    g_assert_nonnull (strstr (received_string (&recorder, 3, 4), "Ben to Chika"));
    g_settings_reset (fb_context_get_settings (fixture->context), "notify-decisions");

    /* A drill's inject from the facilitator's workstation, in words. */
    {
      g_autoptr(FbScenario) scenario = fb_scenario_new_builtin ("lost-device", &error);

      g_assert_no_error (error);
      g_free (fb_drill_release (other, old_incident, scenario, fb_scenario_get_inject (scenario, 0), 60,
                                &error));
      g_assert_no_error (error);
      deliver (other, fixture->store);
      ui_wait_until (recorder.received->len >= 5);
      g_assert_cmpstr (received_string (&recorder, 4, 3), ==, "DRILL inject");
      g_assert_nonnull (strstr (received_string (&recorder, 4, 4), "DRILL inject — Phone call: The manager"));
    }

    /* The status update the incident owes, once it falls due. */
    focused = FALSE;
    clock.now_ms = START + 10 * HOUR + MINUTE;
    fb_context_tick (fixture->context);
    ui_wait_until (recorder.received->len >= 6);
    g_assert_cmpstr (received_string (&recorder, 5, 3), ==, "Status update due");
    g_assert_nonnull (strstr (received_string (&recorder, 5, 4), "Ransomware at HQ"));

    /* Command offered to the person at this workstation, by name. */
    fb_store_set_author (fixture->store, "Dana");
    g_free (fb_store_offer_handover (other, old_incident, "Dana", NULL, NULL, &error));
    g_assert_no_error (error);
    deliver (other, fixture->store);
    ui_wait_until (recorder.received->len >= 7);
    g_assert_cmpstr (received_string (&recorder, 6, 3), ==, "Command offered to you");
    g_assert_nonnull (strstr (received_string (&recorder, 6, 4), "Chika offers you command"));

    /* Twelve hours on duty: once for the stint. */
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *worker = NULL;

      json_object_set_string_member (fields, "person", "Eri");
      worker = fb_store_set_worker (fixture->store, incident, NULL, fields, &error);
      g_assert_no_error (error);
      g_assert_true (fb_store_set_worker_duty (fixture->store, incident, worker, clock.now_ms, 0, &error));
      g_assert_no_error (error);
    }
    clock.now_ms += 12 * HOUR;
    fb_context_tick (fixture->context);
    ui_wait_until (recorder.received->len >= 8);
    g_assert_cmpstr (received_string (&recorder, 7, 3), ==, "Eri has been on duty for 12 hours");
    fb_context_tick (fixture->context);

    /* GLib's backend must have its answers before the application goes. */
    settle (&recorder, application);
    g_clear_object (&notifier);
    g_clear_object (&application);
    recorder_stop (&recorder);
  }

  g_assert_finalize_object (g_steal_pointer (&other));
  fb_test_bus_down (&bus);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fb_application_register_resources ();

  g_test_add ("/notify/deadline-and-others", UiFixture, NULL, ui_fixture_set_up, test_notify,
              ui_fixture_tear_down);

  return g_test_run ();
}
