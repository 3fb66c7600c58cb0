/* test-sync-layout.c — a change of sync state leaves the window as it was
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real firebreak-server on 127.0.0.1, stopped, started again and
 * refusing a token, while someone types in the entry field: through
 * every state the window stays folded or not as it was, the header
 * neither widens nor grows, the focus stays in the field and nothing
 * typed is lost. A folded window's list says what the header would.
 */

#include "config.h"

#include <sqlite3.h>

#include "fb-sync-indicator.h"
#include "fb-sync-setup.h"
#include "fb-window-private.h"
#include "fb-ui-test-util.h"
#include "../sync/fb-sync-test-util.h"
#include "../fb-test-tamper.h"

typedef struct
{
  FbWindow    *window;
  GtkEditable *text;         /* the entry field */
  GString     *typed;
  gboolean     folded;
  int          header_min;
  int          header_height;
  int          indicator_width;
  GPtrArray   *clients;      /* every client watched, to let go of at the end */
  guint        states_seen;  /* a bit for each FbSyncState */
  guint        n_frames;
} Watch;

static int
measure (GtkWidget      *widget,
         GtkOrientation  orientation,
         int             for_size,
         gboolean        natural)
{
  int minimum = 0, nat = 0;

  gtk_widget_measure (widget, orientation, for_size, &minimum, &nat, NULL, NULL);
  return natural ? nat : minimum;
}

static GtkWidget *
get_indicator (Watch *watch)
{
  return gtk_widget_get_first_child (GTK_WIDGET (fb_incident_header_get_sync_slot (_fb_window_get_header (watch->window))));
}

static gboolean
has_focus_in_field (Watch *watch)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (watch->window));

  return focus != NULL && (focus == GTK_WIDGET (watch->text) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (watch->text)));
}

/* What holds at every moment, measured without waiting for a frame. */
static void
assert_unchanged (Watch      *watch,
                  const char *when)
{
  GtkWidget *header = GTK_WIDGET (_fb_window_get_header (watch->window));
  int width = gtk_widget_get_width (header);

  if (g_test_verbose ())
    g_printerr ("%s: header needs %d, %d high at %d; indicator %d, reads “%s”\n", when,
                measure (header, GTK_ORIENTATION_HORIZONTAL, -1, FALSE),
                measure (header, GTK_ORIENTATION_VERTICAL, width, FALSE), width,
                measure (get_indicator (watch), GTK_ORIENTATION_HORIZONTAL, -1, TRUE),
                fb_sync_indicator_get_label (FB_SYNC_INDICATOR (get_indicator (watch))));

  g_assert_cmpint (measure (header, GTK_ORIENTATION_HORIZONTAL, -1, FALSE), ==, watch->header_min);
  g_assert_cmpint (measure (header, GTK_ORIENTATION_VERTICAL, width, FALSE), ==, watch->header_height);
  g_assert_cmpint (measure (get_indicator (watch), GTK_ORIENTATION_HORIZONTAL, -1, FALSE), ==, watch->indicator_width);
  g_assert_cmpint (measure (get_indicator (watch), GTK_ORIENTATION_HORIZONTAL, -1, TRUE), ==, watch->indicator_width);
  g_assert_true (fb_timeline_view_get_quick_entry (_fb_window_get_timeline (watch->window)) != NULL);
  g_assert_true (fb_quick_entry_get_text_editable (fb_timeline_view_get_quick_entry (_fb_window_get_timeline (watch->window))) == watch->text);
  g_assert_true (has_focus_in_field (watch));
  g_assert_cmpstr (gtk_editable_get_text (watch->text), ==, watch->typed->str);
}

static void
on_client_notify_cb (GObject    *client,
                     GParamSpec *pspec,
                     Watch      *watch)
{
  watch->states_seen |= 1u << fb_sync_client_get_state (FB_SYNC_CLIENT (client));
  assert_unchanged (watch, "on a change");
}

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  ((Watch *) data)->n_frames++;
  return G_SOURCE_CONTINUE;
}

/* Two frames: one lays out what changed before it, the next draws it;
 * and again while the leaflet still moves or the header's width still
 * changes from one frame to the next. */
static void
wait_for_frames (Watch *watch)
{
  GtkWidget *header = GTK_WIDGET (_fb_window_get_header (watch->window));
  int width;

  do
    {
      guint until = watch->n_frames + 2;

      width = gtk_widget_get_width (header);
      ui_wait_until (watch->n_frames >= until);
    }
  while (width != gtk_widget_get_width (header) || adw_leaflet_get_child_transition_running (watch->window->leaflet));
}

/* Types one more letter, as a person goes on typing. */
static void
type (Watch      *watch,
      const char *letter)
{
  int position = -1;

  gtk_editable_insert_text (watch->text, letter, -1, &position);
  g_string_append (watch->typed, letter);
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget);
}

/* After each state, one frame later: laid out as before, the incident
 * in view, and the field still taking what is typed. */
static void
assert_after_layout (Watch      *watch,
                     const char *when)
{
  GtkWidget *label;

  wait_for_frames (watch);
  assert_unchanged (watch, when);
  g_assert_cmpint (adw_leaflet_get_folded (watch->window->leaflet), ==, watch->folded);
  g_assert_true (adw_leaflet_get_visible_child (watch->window->leaflet) == watch->window->content);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (_fb_window_get_main_stack (watch->window)), ==, "incident");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (watch->text)));
  /* The state fits, whole. */
  label = ui_find_widget (get_indicator (watch), is_label, NULL);
  g_assert_cmpint (gtk_widget_get_width (label), >, 0);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
  g_assert_cmpint (measure (GTK_WIDGET (watch->window), GTK_ORIENTATION_HORIZONTAL, -1, FALSE), <=,
                   gtk_widget_get_width (GTK_WIDGET (watch->window)));
  type (watch, "x");
}

typedef struct
{
  FbSyncSetup *setup;
  FbSyncState  state;
  guint        n_waiting;
} Expected;

static gboolean
is_in_state (gpointer data)
{
  Expected *expected = data;
  FbSyncClient *client = fb_sync_setup_get_client (expected->setup);

  return client != NULL && fb_sync_client_get_state (client) == expected->state &&
         fb_sync_client_get_n_waiting (client) == expected->n_waiting;
}

static void
wait_for_state (FbSyncSetup *setup,
                FbSyncState  state,
                guint        n_waiting)
{
  Expected expected = { setup, state, n_waiting };

  fb_test_wait_until (is_in_state, &expected, "a sync state");
}

/* Follows the client the setup has now, which a new token replaces. */
static void
on_setup_client_cb (FbSyncSetup *setup,
                    GParamSpec  *pspec,
                    Watch       *watch)
{
  FbSyncClient *client = fb_sync_setup_get_client (setup);

  if (client != NULL)
    {
      g_signal_connect (client, "notify", G_CALLBACK (on_client_notify_cb), watch);
      g_ptr_array_add (watch->clients, g_object_ref (client));
    }
  assert_unchanged (watch, "on a new client");
}

typedef struct
{
  int         width;
  const char *language;
} Size;

static void
test_sync_layout (UiFixture     *fixture,
                  gconstpointer  data)
{
  const Size *size = data;
  int width = size->width;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbTestServer) server = fb_test_server_new (fixture->dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "desk", FALSE);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FbSyncSetup) setup = NULL;
  g_autofree char *incident = NULL;
  GtkWidget *sidebar_indicator;
  Watch watch = { 0 };
  guint tick;

  g_setenv ("LANGUAGE", size->language, TRUE);
  incident = fb_store_create_incident (fixture->store, "Ransomware on the finance file server FS-02", "ransomware",
                                       1, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  setup = fb_sync_setup_new (fixture->store, settings);
  g_settings_set_string (settings, "server-url", server->url);
  fb_sync_setup_set_token (setup, token);
  g_settings_set_boolean (settings, "sync-enabled", TRUE);
  wait_for_state (setup, FB_SYNC_STATE_UP_TO_DATE, 0);

  watch.window = g_object_ref (fb_window_new (NULL, fixture->context));
  watch.typed = g_string_new (NULL);
  fb_window_set_sync (watch.window, setup);
  gtk_window_set_default_size (GTK_WINDOW (watch.window), width, 700);
  gtk_window_present (GTK_WINDOW (watch.window));
  fb_window_select_incident (watch.window, incident);
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (watch.window), on_tick_cb, &watch, NULL);
  ui_wait_until (gtk_widget_get_width (GTK_WIDGET (watch.window)) > 0);
  ui_wait_until (gtk_widget_get_mapped (GTK_WIDGET (_fb_window_get_header (watch.window))));
  wait_for_frames (&watch);

  watch.text = fb_quick_entry_get_text_editable (fb_timeline_view_get_quick_entry (_fb_window_get_timeline (watch.window)));
  ui_wait_until (has_focus_in_field (&watch));
  type (&watch, "Backups intact");
  watch.folded = adw_leaflet_get_folded (watch.window->leaflet);
  g_assert_cmpint (watch.folded, ==, width < 850);
  watch.header_min = measure (GTK_WIDGET (_fb_window_get_header (watch.window)), GTK_ORIENTATION_HORIZONTAL, -1, FALSE);
  watch.header_height = measure (GTK_WIDGET (_fb_window_get_header (watch.window)), GTK_ORIENTATION_VERTICAL,
                                 gtk_widget_get_width (GTK_WIDGET (_fb_window_get_header (watch.window))), FALSE);
  watch.indicator_width = measure (get_indicator (&watch), GTK_ORIENTATION_HORIZONTAL, -1, TRUE);
  watch.clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (setup, "notify::client", G_CALLBACK (on_setup_client_cb), &watch);
  on_setup_client_cb (setup, NULL, &watch);
  assert_after_layout (&watch, "up to date");

  /* The server goes away: offline, then a change made here waits. */
  fb_test_server_stop (server);
  wait_for_state (setup, FB_SYNC_STATE_OFFLINE, 0);
  assert_after_layout (&watch, "offline");
  fb_test_add_entries (fixture->store, incident, "Offline", 1);
  wait_for_state (setup, FB_SYNC_STATE_OFFLINE, 1);
  assert_after_layout (&watch, "offline, 1 waiting");

  /* The list, seen alone, tells the same. */
  sidebar_indicator = gtk_widget_get_first_child (GTK_WIDGET (watch.window->sidebar_sync_slot));
  g_assert_true (FB_IS_SYNC_INDICATOR (sidebar_indicator));
  g_assert_cmpstr (fb_sync_indicator_get_label (FB_SYNC_INDICATOR (sidebar_indicator)), ==,
                   fb_sync_indicator_get_label (FB_SYNC_INDICATOR (get_indicator (&watch))));
  g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (watch.window->sidebar_sync_slot)), ==, watch.folded);
  if (watch.folded)
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (_fb_window_get_incident_list (watch.window));

      /* From the list, the incident it shows comes back with the field
       * as it was, ready for the next letter. */
      gtk_widget_activate_action (GTK_WIDGET (watch.window), "win.show-sidebar", NULL);
      ui_wait_until (adw_leaflet_get_visible_child (watch.window->leaflet) == watch.window->sidebar);
      ui_wait_until (gtk_widget_get_mapped (sidebar_indicator));
      g_assert_nonnull (row);
      gtk_widget_activate (GTK_WIDGET (row));
      ui_wait_until (adw_leaflet_get_visible_child (watch.window->leaflet) == watch.window->content);
      ui_wait_until (has_focus_in_field (&watch));
      assert_after_layout (&watch, "back from the list");
    }

  fb_test_add_entries (fixture->store, incident, "Offline again", 11);
  wait_for_state (setup, FB_SYNC_STATE_OFFLINE, 12);
  assert_after_layout (&watch, "offline, 12 waiting");

  /* Back: connecting, syncing what waits, up to date. */
  fb_test_server_restart (server);
  wait_for_state (setup, FB_SYNC_STATE_UP_TO_DATE, 0);
  assert_after_layout (&watch, "up to date again");
  g_assert_true (watch.states_seen & (1u << FB_SYNC_STATE_CONNECTING));
  g_assert_true (watch.states_seen & (1u << FB_SYNC_STATE_SYNCING));

  /* The server answers but cannot serve (its file held by another
   * program): told apart from the network gone, with what waits. */
  {
    sqlite3 *holder = NULL;

    g_assert_cmpint (sqlite3_open (server->db_path, &holder), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
    fb_test_add_entries (fixture->store, incident, "Server busy", 1);
    wait_for_state (setup, FB_SYNC_STATE_UNAVAILABLE, 1);
    assert_after_layout (&watch, "server unavailable, 1 waiting");
    sqlite3_exec (holder, "COMMIT", NULL, NULL, NULL);
    sqlite3_close (holder);
    gtk_widget_activate_action (get_indicator (&watch), "sync.retry", NULL);
    wait_for_state (setup, FB_SYNC_STATE_UP_TO_DATE, 0);
    assert_after_layout (&watch, "up to date after the server's wait");
  }

  /* A token the server does not know. */
  fb_sync_setup_set_token (setup, "not-a-token");
  wait_for_state (setup, FB_SYNC_STATE_REFUSED, 0);
  assert_after_layout (&watch, "refused");

  /* No server at all: a local record. */
  g_settings_set_boolean (settings, "sync-enabled", FALSE);
  ui_wait_until (fb_sync_setup_get_client (setup) == NULL);
  assert_after_layout (&watch, "local record");

  gtk_widget_remove_tick_callback (GTK_WIDGET (watch.window), tick);
  g_signal_handlers_disconnect_by_data (setup, &watch);
  for (guint i = 0; i < watch.clients->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (watch.clients, i), &watch);
  g_ptr_array_unref (watch.clients);
  gtk_window_destroy (GTK_WINDOW (watch.window));
  g_assert_finalize_object (watch.window);
  g_string_free (watch.typed, TRUE);
  g_clear_object (&setup);
  g_setenv ("LANGUAGE", "en", TRUE);
  ui_wait_until (G_OBJECT (fixture->store)->ref_count == 2);
}

int
main (int   argc,
      char *argv[])
{
  /* Wide, beside the list; narrower, still beside it; folded. */
  static const Size sizes[] = { { 1270, "en" }, { 900, "en" }, { 800, "en" }, { 800, "ja" } };

  ui_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync-layout/%d-%s", sizes[i].width, sizes[i].language);

      g_test_add (path, UiFixture, &sizes[i], ui_fixture_set_up, test_sync_layout, ui_fixture_tear_down);
    }

  return g_test_run ();
}
