/* fb-application.c — the application: one store, any number of windows
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fb-application.h"
#include "fb-board.h"
#include "fb-drill-console.h"
#include "fb-notifier.h"
#include "fb-preferences-window.h"
#include "fb-sync-setup.h"
#include "fb-resources.h"
#include "fb-wall-window.h"
#include "fb-window-private.h"

/* Seconds from the window's first showing to the check of the record. */
#define VERIFY_DELAY_S 2

struct _FbApplication
{
  AdwApplication  parent_instance;

  char           *database;
  char           *wall;      /* the incident --wall asked for, until shown */
  char           *drill;     /* --drill: a scenario to start on activation */
  FbContext      *context;
  FbSyncSetup    *sync;      /* NULL: a local record only */
  FbNotifier     *notifier;
  guint           scroll_frames;
  guint           verify_id;
  gboolean        verify_scheduled;
};

G_DEFINE_FINAL_TYPE (FbApplication, fb_application, ADW_TYPE_APPLICATION)

static gint64 start_time_us;

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.new-window", { "<Control><Shift>n", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.new-incident", { "<Control>n", NULL } },
  { "win.new-review", { "<Control><Shift>r", NULL } },
  { "win.record-containment", { "<Control><Shift>c", NULL } },
  { "win.status-update", { "<Control>u", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.toggle-at", { "<Control>t", NULL } },
  { "win.focus-entry", { "<Control>l", NULL } },
  { "win.timeline-start", { "<Control>Home", NULL } },
  { "win.timeline-end", { "<Control>End", NULL } },
  { "win.entry-kind::fact", { "<Control>1", NULL } },
  { "win.entry-kind::decision", { "<Control>2", NULL } },
  { "win.entry-kind::action", { "<Control>3", NULL } },
  { "win.entry-kind::escalation", { "<Control>4", NULL } },
  { "win.entry-kind::communication", { "<Control>5", NULL } },
  { "win.entry-kind::evidence", { "<Control>6", NULL } },
  { "win.entry-kind::note", { "<Control>7", NULL } },
  { "win.show-page::overview", { "<Alt>1", NULL } },
  { "win.show-page::timeline", { "<Alt>2", NULL } },
  { "win.show-page::roles", { "<Alt>3", NULL } },
  { "win.show-page::checklist", { "<Alt>4", NULL } },
  { "win.show-page::contacts", { "<Alt>5", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.wall", { "F11", NULL } },
};

void
fb_application_register_resources (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      fb_register_resource ();
      /* The role board, checklist and contacts pages bring their own. */
      fb_board_init ();
      g_once_init_leave (&registered, 1);
    }
}

void
fb_application_set_start_time (gint64 monotonic_us)
{
  start_time_us = monotonic_us;
}

/* The peak resident set, for the memory benchmark. */
gint64
fb_read_peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

/* Benchmark support --------------------------------------------------------
 *
 * FIREBREAK_EXIT_AFTER_FIRST_FRAME=1 prints when the first frame of the
 * window was painted and quits; FIREBREAK_SCROLL_AND_EXIT=1 then scrolls the
 * timeline from top to bottom and prints the peak RSS. It moves
 * SCROLL_PAGES_PER_FRAME pages a frame: page by page, a 100,000-entry
 * timeline takes some 13,000 frames, too long for a benchmark under Xvfb,
 * and rows are recycled the same way either way.
 */

#define SCROLL_PAGES_PER_FRAME 10
#define SCROLL_SETTLE_FRAMES   6

static gboolean
scroll_step_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  FbApplication *self = FB_APPLICATION (user_data);
  FbWindow *window = FB_WINDOW (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
    fb_timeline_view_get_scroller (_fb_window_get_timeline (window)));
  double value = gtk_adjustment_get_value (adj);
  double page = gtk_adjustment_get_page_size (adj);
  double upper = gtk_adjustment_get_upper (adj);

  /* From the incident's first entry: a reader gets there by scrolling up
   * a batch at a time, to the same rows in the end. The view follows the
   * end while the list grows, then is taken to the top and held there
   * for a few frames while it measures what it shows. */
  if (self->scroll_frames++ == 0)
    {
      fb_tail_model_show_all (fb_timeline_view_get_shown (_fb_window_get_timeline (window)));
      return G_SOURCE_CONTINUE;
    }
  if (self->scroll_frames <= SCROLL_SETTLE_FRAMES)
    {
      gtk_adjustment_set_value (adj, 0);
      return G_SOURCE_CONTINUE;
    }

  if (value + page >= upper - 1)
    {
      printf ("FIREBREAK_SCROLL_FRAMES=%u\n", self->scroll_frames);
      printf ("FIREBREAK_ROWS=%u\n",
              g_list_model_get_n_items (G_LIST_MODEL (fb_timeline_view_get_model (_fb_window_get_timeline (window)))));
      printf ("FIREBREAK_VMHWM_KB=%" G_GINT64_FORMAT "\n", fb_read_peak_rss_kb ());
      fflush (stdout);
      g_application_quit (G_APPLICATION (self));
      return G_SOURCE_REMOVE;
    }

  gtk_adjustment_set_value (adj, value + SCROLL_PAGES_PER_FRAME * page);
  return G_SOURCE_CONTINUE;
}

static void
on_first_frame_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  FbWindow *window = FB_WINDOW (user_data);
  FbApplication *self = FB_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  gint64 now = g_get_monotonic_time ();

  g_signal_handlers_disconnect_by_func (clock, on_first_frame_cb, user_data);

  printf ("FIREBREAK_FIRST_FRAME_MONOTONIC_US=%" G_GINT64_FORMAT "\n", now);
  printf ("FIREBREAK_FIRST_FRAME_SINCE_MAIN_MS=%.1f\n", (now - start_time_us) / 1000.0);
  fflush (stdout);

  if (g_getenv ("FIREBREAK_SCROLL_AND_EXIT") != NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (window), scroll_step_cb, self, NULL);
  else
    g_application_quit (G_APPLICATION (self));
}

static void
watch_first_frame (FbWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  g_return_if_fail (clock != NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_frame_cb), window);
}

/* Actions ------------------------------------------------------------------ */

static GtkWindow *
new_window (FbApplication *self)
{
  FbWindow *window = fb_window_new (GTK_APPLICATION (self), self->context);

  fb_window_set_sync (window, self->sync);

  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Closing each window lets it save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
  g_application_quit (G_APPLICATION (user_data));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  FbApplication *self = FB_APPLICATION (user_data);

  if (self->context != NULL)
    new_window (self);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  FbApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *window;

  if (self->context == NULL)
    return;

  window = fb_preferences_window_new (parent, fb_context_get_settings (self->context),
                                      self->sync);
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "The Firebreak developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Firebreak"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Firebreak developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Run a security incident from one live record: the timeline, "
                                      "the clocks, who does what, and what was decided."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* A notification's default action: a window in front, on the incident. */
static void
show_incident_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  FbApplication *self = FB_APPLICATION (user_data);
  GtkWindow *window;

  /* Started by the notification itself: open as a launch would. */
  if (self->context == NULL)
    g_application_activate (G_APPLICATION (self));
  if (self->context == NULL)
    return;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL || !FB_IS_WINDOW (window))
    window = new_window (self);
  fb_window_select_incident (FB_WINDOW (window), g_variant_get_string (param, NULL));
  gtk_window_present (window);
}

static void ensure_wall (FbApplication *self, const char *incident);

/* A wall display of an incident (its full id), for `firebreak --wall`
 * handed on to the Firebreak already running. */
static void
wall_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  ensure_wall (FB_APPLICATION (user_data), g_variant_get_string (param, NULL));
}

static const GActionEntry app_entries[] = {
  { "show-incident", show_incident_action, "s" },
  { "wall", wall_action, "s" },
  { "quit", quit_action },
  { "new-window", new_window_action },
  { "about", about_action },
  { "preferences", preferences_action },
};

/* Opening ------------------------------------------------------------------ */

static void
on_error_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      FbApplication    *self)
{
  g_application_release (G_APPLICATION (self));
}

static void
show_open_error (FbApplication *self,
                 const char    *message)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Cannot Open the Record"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Quit"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_application_hold (G_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_error_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The record opened, and its check then found a damaged page: the windows
 * stay open to read and export what can still be read, and every change
 * is refused. */
/* An alert about the record, over the window in front. */
static void
alert (FbApplication *self,
       const char    *heading,
       const char    *body)
{
  GtkWidget *dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
show_damage_cb (gpointer user_data)
{
  FbApplication *self = FB_APPLICATION (user_data);

  if (self->context != NULL)
    alert (self, _("The Record Is Damaged"),
           fb_store_get_damage (fb_context_get_store (self->context))->message);
  return G_SOURCE_REMOVE;
}

static void
on_store_damaged_cb (FbApplication *self,
                     FbStore       *store)
{
  /* Found by the first write, which may come before the window exists:
   * shown over the window, once it does. */
  g_idle_add_full (G_PRIORITY_DEFAULT, show_damage_cb, g_object_ref (self), g_object_unref);
}

/* The whole record is checked against its hash chains once it is open,
 * beside the user's work: a change made to the file behind Firebreak's
 * back is reported without anyone asking for it. */
static void
on_record_verified_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(FbApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) verification = fb_store_verify_finish (FB_STORE (source), result, &error);
  g_autofree char *body = NULL;

  /* A file that cannot be read, or that the store's own check found
   * damaged (it began first, when the record was opened), is the
   * damaged-record alert's to report. */
  if (verification == NULL || verification->problem == NULL ||
      fb_store_get_damage (FB_STORE (source)) != NULL)
    return;

  body = g_strdup_printf (_("%s\n\nExport the record now and keep the file: it shows what the database holds "
                            "today."),
                          verification->problem);
  alert (self, _("The Record Was Altered"), body);
}

static gboolean
verify_record_cb (gpointer user_data)
{
  FbApplication *self = FB_APPLICATION (user_data);

  self->verify_id = 0;
  if (self->context != NULL)
    fb_store_verify_in_background (fb_context_get_store (self->context), NULL,
                                   on_record_verified_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static gboolean
is_any_window_active (gpointer user_data)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (user_data)); l != NULL; l = l->next)
    if (gtk_window_is_active (l->data))
      return TRUE;
  return FALSE;
}

static gboolean
ensure_context (FbApplication *self,
                GError       **error)
{
  g_autoptr(FbStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *path = NULL;

  if (self->context != NULL)
    return TRUE;

  path = self->database != NULL ? g_strdup (self->database) : fb_store_default_path ();
  store = fb_store_open (path, FB_STORE_OPEN_WATCH | FB_STORE_OPEN_CHECK_IN_BACKGROUND, error);
  if (store == NULL)
    return FALSE;
  g_signal_connect_object (store, "damaged", G_CALLBACK (on_store_damaged_cb), self, G_CONNECT_SWAPPED);

  settings = g_settings_new (APP_ID);
  self->context = fb_context_new (store, settings);

  /* A new record starts with the authorities most incidents end up
   * calling, marked as examples to check. */
  {
    g_autoptr(GError) seed_error = NULL;

    if (!fb_contacts_seed_examples (store, &seed_error))
      g_message ("Cannot add the example contacts: %s", seed_error->message);
  }

  self->sync = fb_sync_setup_new (store, settings);

  self->notifier = fb_notifier_new (self->context, G_APPLICATION (self), fb_context_now_ms (self->context));
  fb_notifier_set_focus_func (self->notifier, is_any_window_active, self);

  return TRUE;
}

static void
ensure_wall (FbApplication *self,
             const char    *incident)
{
  g_autoptr(GError) error = NULL;
  FbWallWindow *wall;

  if (!ensure_context (self, &error))
    {
      show_open_error (self, error->message);
      return;
    }

  wall = fb_wall_window_new (GTK_APPLICATION (self), self->context, incident);
  fb_wall_window_set_sync (wall, self->sync);
  gtk_window_present (GTK_WINDOW (wall));
}

/* The incident `--wall NAME` names, by its id or the start of it, read
 * before anything opens a window, so that a name that fits none is said
 * on the command line. */
static char *
find_wall_incident (FbApplication *self,
                    const char    *name,
                    GError       **error)
{
  g_autofree char *path = self->database != NULL ? g_strdup (self->database) : fb_store_default_path ();
  g_autoptr(FbStore) store = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no record at %s; give the one to show with --database."), path);
      return NULL;
    }

  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, error);
  if (store == NULL)
    return NULL;

  return fb_store_find_incident (store, name, error);
}

/* The same file however it is named: through links, "..", or a relative
 * path. A file not made yet is named as it will be. */
static char *
canonical_path (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  char *real = realpath (absolute, NULL);

  if (real == NULL)
    return g_steal_pointer (&absolute);

  {
    char *copy = g_strdup (real);
    free (real);
    return copy;
  }
}

/**
 * fb_application_id_for_database:
 * @path: (nullable): the record to open; %NULL for the default one
 *
 * One running Firebreak per record: the default record has the
 * application's own id, so launching it again raises its window, and
 * every other file an id of its own made from its path, so a second
 * record (a drill facilitator beside a player) runs as its own instance
 * and opening that same record again finds it.
 *
 * Returns: (transfer full): the application id for @path
 */
char *
fb_application_id_for_database (const char *path)
{
  g_autofree char *wanted = NULL;
  g_autofree char *fallback = fb_store_default_path ();
  g_autofree char *default_path = canonical_path (fallback);
  g_autofree char *digest = NULL;

  if (path == NULL)
    return g_strdup (APP_ID);

  wanted = canonical_path (path);
  if (g_strcmp0 (wanted, default_path) == 0)
    return g_strdup (APP_ID);

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, wanted, -1);
  digest[16] = '\0';
  return g_strdup_printf ("%s.Record_%s", APP_ID, digest);
}

/* A shipped scenario by id, or a file by path. */
static FbScenario *
load_scenario (const char *name,
               GError    **error)
{
  g_autoptr(GFile) file = NULL;

  if (!g_file_test (name, G_FILE_TEST_EXISTS) && strchr (name, '/') == NULL)
    return fb_scenario_new_builtin (name, error);

  file = g_file_new_for_commandline_arg (name);
  return fb_scenario_new_from_file (file, error);
}

/* firebreak --drill SCENARIO: the drill incident, declared now, in the
 * main window for the players at this desk and in the console. */
static void
start_drill (FbApplication *self,
             GtkWindow     *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbScenario) scenario = load_scenario (self->drill, &error);
  g_autofree char *incident = NULL;
  FbDrillConsole *console;

  g_clear_pointer (&self->drill, g_free);
  if (scenario != NULL)
    incident = fb_drill_start (fb_context_get_store (self->context), scenario, 1, &error);
  if (incident == NULL)
    {
      show_open_error (self, error->message);
      return;
    }

  fb_window_select_incident (FB_WINDOW (window), incident);
  console = fb_drill_console_new (GTK_APPLICATION (self), self->context, incident, scenario);
  gtk_window_present (GTK_WINDOW (console));
}

static int
fb_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  FbApplication *self = FB_APPLICATION (application);
  const char *database = NULL;
  const char *wall = NULL;

  if (g_variant_dict_lookup (options, "database", "^&ay", &database))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (database);

      g_autofree char *id = NULL;

      g_free (self->database);
      self->database = g_file_get_path (file);

      /* Not registered yet: the id decides whom this launch hands over to. */
      id = fb_application_id_for_database (self->database);
      g_application_set_application_id (application, id);
    }

  if (g_variant_dict_lookup (options, "wall", "&s", &wall))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *incident = find_wall_incident (self, wall, &error);

      if (incident == NULL)
        {
          g_printerr ("firebreak: %s\n", error->message);
          return 1;
        }
      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("firebreak: %s\n", error->message);
          return 1;
        }
      /* A Firebreak already running shows it; this one then ends. */
      if (g_application_get_is_remote (application))
        {
          g_action_group_activate_action (G_ACTION_GROUP (application), "wall", g_variant_new_string (incident));
          return 0;
        }
      g_free (self->wall);
      self->wall = g_steal_pointer (&incident);
    }

  g_clear_pointer (&self->drill, g_free);
  if (g_variant_dict_lookup (options, "drill", "s", &self->drill))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FbScenario) scenario = load_scenario (self->drill, &error);

      /* Refused here, with the line, before any window opens. */
      if (scenario == NULL)
        {
          fprintf (stderr, "firebreak: %s\n", error->message);
          return 2;
        }
    }

  return G_APPLICATION_CLASS (fb_application_parent_class)->handle_local_options (application, options);
}

static void
fb_application_startup (GApplication *application)
{
  FbApplication *self = FB_APPLICATION (application);

  G_APPLICATION_CLASS (fb_application_parent_class)->startup (application);

  /* A record of its own has an id of its own; its windows keep the icon. */
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}

static void
fb_application_activate (GApplication *application)
{
  FbApplication *self = FB_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  /* `firebreak --wall`: the wall display alone, no main window. */
  if (self->wall != NULL)
    {
      g_autofree char *wall = g_steal_pointer (&self->wall);

      ensure_wall (self, wall);
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL && FB_IS_WINDOW (window))
    {
      gtk_window_present (window);
      return;
    }

  if (!ensure_context (self, &error))
    {
      show_open_error (self, error->message);
      return;
    }

  window = new_window (self);
  if (g_getenv ("FIREBREAK_EXIT_AFTER_FIRST_FRAME") != NULL)
    watch_first_frame (FB_WINDOW (window));
  if (self->drill != NULL)
    start_drill (self, window);

  /* Once per run, when the window is up and the file's own check done. */
  if (!self->verify_scheduled)
    {
      self->verify_scheduled = TRUE;
      self->verify_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, VERIFY_DELAY_S, verify_record_cb, self, NULL);
    }
}

/* A change's commit returns before its sync ends (fb-store-durable.c):
 * what the window showed as recorded is on the disk before the program
 * ends. */
static void
fb_application_shutdown (GApplication *application)
{
  FbApplication *self = FB_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  /* A failure was told in the window already, as the store refused to
   * write from then on. */
  if (self->context != NULL && !fb_store_flush (fb_context_get_store (self->context), &error))
    g_debug ("Changes may not be on the disk: %s", error->message);

  G_APPLICATION_CLASS (fb_application_parent_class)->shutdown (application);
}

static void
fb_application_dispose (GObject *object)
{
  FbApplication *self = (FbApplication *) object;

  g_clear_handle_id (&self->verify_id, g_source_remove);
  g_clear_object (&self->notifier);
  g_clear_object (&self->sync);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_application_parent_class)->dispose (object);
}

static void
fb_application_finalize (GObject *object)
{
  FbApplication *self = (FbApplication *) object;

  g_free (self->database);
  g_free (self->wall);
  g_free (self->drill);

  G_OBJECT_CLASS (fb_application_parent_class)->finalize (object);
}

static void
fb_application_class_init (FbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fb_application_dispose;
  object_class->finalize = fb_application_finalize;
  app_class->handle_local_options = fb_application_handle_local_options;
  app_class->startup = fb_application_startup;
  app_class->activate = fb_application_activate;
  app_class->shutdown = fb_application_shutdown;
}

static void
fb_application_init (FbApplication *self)
{
  static const GOptionEntry options[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("The record to open, instead of the default one"), N_("PATH") },
    { "wall", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show only the wall display of an incident, by its id or the start of it"), N_("INCIDENT") },
    { "drill", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Start a drill from this scenario (a shipped one’s id or a file) and open its console"),
      N_("SCENARIO") },
    { NULL }
  };

  fb_application_register_resources ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

FbApplication *
fb_application_new (void)
{
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;

  /* A benchmark run must start its own process, not hand over to a
   * Firebreak that is already running. */
  if (g_getenv ("FIREBREAK_EXIT_AFTER_FIRST_FRAME") != NULL)
    flags |= G_APPLICATION_NON_UNIQUE;

  return g_object_new (FB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

FbContext *
fb_application_get_context (FbApplication *self)
{
  g_return_val_if_fail (FB_IS_APPLICATION (self), NULL);
  return self->context;
}
