/* bench-change-latency.c — how long a change from elsewhere takes from
 * reaching a workstation to being drawn in its window
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two workstations, each with its own database file, sync through a real
 * firebreak-server on 127.0.0.1. The war room's machine follows the
 * server live and shows the incident in a real window (the timeline) and
 * the checklist page in a second one, under Xvfb. On the laptop one
 * change at a time is made: an entry, a checklist tick, a post of
 * firebreak-cli on its file; and a post of firebreak-cli is made on the
 * war room's own file, by another process. Each is timed through the
 * stages the app marks (fb-probe.h): the live notice received (or the
 * script's exit), the ops applied (or the other process's write noticed),
 * a list model changed, and drawn: the first frame painted after it with
 * the row wholly on screen, split at the frame's start and the end of its
 * layout (the rest is rendering); also counted in frames. Then the laptop
 * follows the server live as the app does, and an entry and a post are
 * timed the whole way, from the laptop's call or the script's exit. The
 * floor is the time from asking the same window for a frame to its being
 * painted, in the same run. The target (issue 19) is received to drawn
 * within 100 ms.
 */

#include "config.h"

#include <stdio.h>

#include "fb-bench-util.h"
#include "fb-checklist-page.h"
#include "fb-sync-client.h"
#include "fb-sync-setup.h"
#include "fb-sync-test-util.h"
#include "fb-ui-test-util.h"
#include "fb-window.h"

#define N_CHANGES 40
#define TARGET_MS 100.0

static GtkWidget *watched;   /* the window whose frames count */
static gint64 last_paint;
static gint64 frame_begun, layout_done;   /* of the watched window's last frame */
static GArray *paints;   /* gint64: when each frame since the last change was painted */

typedef enum
{
  STAGE_START,     /* the notice received, or the CLI exited */
  STAGE_APPLIED,   /* applied, or the write noticed */
  STAGE_MODEL,
  STAGE_FRAME,     /* the frame that draws it begun */
  STAGE_LAID_OUT,  /* and laid out, about to be painted */
  STAGE_DRAWN,
  N_STAGES
} Stage;

typedef struct
{
  const char *name;
  GArray     *spans[N_STAGES];  /* ms from STAGE_START to each stage */
  GArray     *frames;           /* frames painted from the model's change to drawn */
  gboolean    whole_way;        /* from the laptop: no stage between */
} Kind;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   GtkWidget     *window)
{
  if (window != watched)
    return;
  last_paint = g_get_monotonic_time ();
  g_array_append_val (paints, last_paint);
}

static void
on_before_paint_cb (GdkFrameClock *clock,
                    GtkWidget     *window)
{
  if (window == watched)
    frame_begun = g_get_monotonic_time ();
}

static void
on_layout_cb (GdkFrameClock *clock,
              GtkWidget     *window)
{
  if (window == watched)
    layout_done = g_get_monotonic_time ();
}

static void
watch_paints (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_assert_nonnull (clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), window);
  g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout_cb), window);
}

/* Until the change has been through a model and a frame painted after it
 * with @text on screen, if given; returns when that frame was painted. */
static gint64
wait_drawn (GtkWidget  *window,
            const char *text,
            gint64      since)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gint64 checked = 0;

  watched = window;
  for (;;)
    {
      /* The layout after a paint is the one that was painted. */
      if (fb_probe_get (FB_PROBE_MODEL) > since && last_paint > fb_probe_get (FB_PROBE_MODEL) &&
          last_paint != checked)
        {
          checked = last_paint;
          if (text == NULL || ui_shows_label (window, text))
            return checked;
        }
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up waiting for “%s” to be drawn", text);
    }
}

static void
record (Kind   *kind,
        gint64  start,
        gint64  applied,
        gint64  drawn)
{
  gint64 at[N_STAGES] = { start, applied, fb_probe_get (FB_PROBE_MODEL), frame_begun, layout_done, drawn };
  double frames = 0;

  for (guint i = 0; i < paints->len; i++)
    {
      gint64 painted = g_array_index (paints, gint64, i);

      if (painted > at[STAGE_MODEL] && painted <= drawn)
        frames++;
    }
  g_array_append_val (kind->frames, frames);
  g_array_set_size (paints, 0);

  for (guint s = 0; s < N_STAGES; s++)
    {
      double ms = (at[s] - start) / 1000.0;

      g_array_append_val (kind->spans[s], ms);
    }
}

/* A change made on the laptop and sent: timed from the live notice on the
 * war room's machine. */
static void
time_remote (Kind         *kind,
             FbSyncClient *laptop_client,
             GtkWidget    *window,
             const char   *text)
{
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_monotonic_time ();
  gint64 drawn;

  fb_sync_client_sync_once (laptop_client, &error);
  g_assert_no_error (error);
  drawn = wait_drawn (window, text, before);
  g_assert_cmpint (fb_probe_get (FB_PROBE_RECEIVED), >, before);
  g_assert_cmpint (fb_probe_get (FB_PROBE_APPLIED), >, before);
  record (kind, fb_probe_get (FB_PROBE_RECEIVED), fb_probe_get (FB_PROBE_APPLIED), drawn);
}

static double
time_empty_frame (GtkWidget *window)
{
  gint64 start = g_get_monotonic_time ();

  watched = window;
  gtk_widget_queue_draw (window);
  while (last_paint < start)
    g_main_context_iteration (NULL, TRUE);
  return (last_paint - start) / 1000.0;
}

static gboolean
has_incident (FbStore    *store,
              const char *incident)
{
  g_autoptr(FbIncident) found = fb_store_get_incident (store, incident);

  return found != NULL;
}

static void
print_kind (Kind *kind)
{
  static const char *names[N_STAGES] = { NULL, "to applied", "to model changed", "to frame begun",
                                                 "to laid out", "to drawn" };

  printf ("%s (%u changes):\n", kind->name, kind->spans[STAGE_DRAWN]->len);
  for (guint s = kind->whole_way ? STAGE_MODEL : STAGE_APPLIED; s < N_STAGES; s++)
    printf ("  %-18s p50 %7.1f ms  p95 %7.1f ms\n", names[s],
            fb_bench_percentile (kind->spans[s], 50), fb_bench_percentile (kind->spans[s], 95));
  printf ("  %-18s p50 %7.0f     p95 %7.0f\n", "frames to drawn",
          fb_bench_percentile (kind->frames, 50), fb_bench_percentile (kind->frames, 95));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(FbTestServer) server = NULL;
  g_autoptr(FbStore) laptop = NULL, room = NULL;
  g_autoptr(FbContext) context = NULL;
  g_autoptr(FbSyncClient) laptop_client = NULL;
  g_autoptr(FbSyncSetup) setup = NULL;
  g_autoptr(GArray) floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *token = NULL, *laptop_path = NULL, *room_path = NULL, *incident = NULL;
  g_autofree char *item = NULL;
  FbTestDir *dir;
  GtkWidget *window, *checklist_window, *checklist;
  Kind kinds[] = { { "An entry from the other workstation" },
                   { "A checklist tick from the other workstation" },
                   { "A firebreak-cli post on the other workstation" },
                   { "A firebreak-cli post on this workstation (from its exit)" },
                   { "The whole way: an entry on the other workstation (from the call)", .whole_way = TRUE },
                   { "The whole way: a firebreak-cli post on the other workstation (from its exit)",
                     .whole_way = TRUE } };
  gboolean ok = TRUE;

  ui_test_init (&argc, &argv);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      for (guint s = 0; s < N_STAGES; s++)
        kinds[k].spans[s] = g_array_new (FALSE, FALSE, sizeof (double));
      kinds[k].frames = g_array_new (FALSE, FALSE, sizeof (double));
    }
  paints = g_array_new (FALSE, FALSE, sizeof (gint64));

  dir = fb_test_dir_new ();
  server = fb_test_server_new (dir, "server.db", NULL);
  token = fb_test_server_add_user (server, "warroom", FALSE);
  laptop_path = fb_test_dir_file (dir, "laptop.db");
  room_path = fb_test_dir_file (dir, "room.db");

  laptop = fb_store_open (laptop_path, FB_STORE_OPEN_WATCH, &error);
  g_assert_no_error (error);
  fb_store_set_author (laptop, "Aiko Tanaka");
  incident = fb_store_create_incident (laptop, "Ransomware on FS-02", "ransomware", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  item = fb_store_add_checklist_item (laptop, incident, FB_SECTION_DAMAGE_LIMITATION, "Isolate FS-02", -1, NULL, &error);
  g_assert_no_error (error);
  laptop_client = fb_sync_client_new (laptop, server->url, token, NULL);
  fb_sync_client_sync_once (laptop_client, &error);
  g_assert_no_error (error);

  room = fb_store_open (room_path, FB_STORE_OPEN_WATCH, &error);
  g_assert_no_error (error);
  fb_store_set_author (room, "Ken Ito");
  settings = g_settings_new (APP_ID);
  context = fb_context_new (room, settings);
  /* As the app does it: the settings name the server, the token comes
   * from where the app looks when the keyring has none. */
  g_setenv ("FIREBREAK_TOKEN", token, TRUE);
  g_settings_set_string (settings, "server-url", server->url);
  g_settings_set_boolean (settings, "sync-enabled", TRUE);
  setup = fb_sync_setup_new (room, settings);
  while (!has_incident (room, incident))
    g_main_context_iteration (NULL, TRUE);

  window = GTK_WIDGET (fb_window_new (NULL, context));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  fb_window_set_sync (FB_WINDOW (window), setup);
  fb_window_select_incident (FB_WINDOW (window), incident);
  gtk_window_present (GTK_WINDOW (window));

  checklist = fb_checklist_page_new (context);
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (checklist), incident);
  checklist_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (checklist_window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (checklist_window), checklist);
  gtk_window_present (GTK_WINDOW (checklist_window));
  while (!ui_has_label (window, "Ransomware on FS-02") || !ui_has_label (checklist_window, "Isolate FS-02"))
    g_main_context_iteration (NULL, TRUE);
  watch_paints (window);
  watch_paints (checklist_window);

  for (guint i = 0; i < N_CHANGES; i++)
    {
      g_autofree char *entry = g_strdup_printf ("Fact %u from the laptop", i);
      g_autofree char *posted = g_strdup_printf ("Post %u from a script on the laptop", i);
      g_autofree char *local = g_strdup_printf ("Post %u from a script in the war room", i);
      g_autoptr(JsonObject) fields = json_object_new ();
      gint64 exited, drawn;

      g_free (fb_store_add_entry (laptop, incident, FB_ENTRY_FACT, entry, 0, NULL, NULL, &error));
      g_assert_no_error (error);
      time_remote (&kinds[0], laptop_client, window, entry);

      json_object_set_string_member (fields, "state", i % 2 == 0 ? "done" : "todo");
      g_assert_true (fb_store_set_checklist_item (laptop, item, fields, &error));
      g_assert_no_error (error);
      time_remote (&kinds[1], laptop_client, checklist_window, NULL);

      ui_post_with_cli (laptop_path, incident, posted);
      time_remote (&kinds[2], laptop_client, window, posted);

      ui_post_with_cli (room_path, incident, local);
      exited = g_get_monotonic_time ();
      drawn = wait_drawn (window, local, exited);
      record (&kinds[3], exited, MAX (fb_probe_get (FB_PROBE_NOTICED), exited), drawn);

      g_array_append_vals (floor, (double[]) { time_empty_frame (window) }, 1);
    }

  /* Both ends as the app runs them: the laptop follows the server live
   * and sends what its user or a script on it writes. Its own live
   * notices would be taken for the war room's, so only the whole way is
   * timed. */
  fb_sync_client_start (laptop_client);
  for (guint i = 0; i < N_CHANGES; i++)
    {
      g_autofree char *entry = g_strdup_printf ("Fact %u typed on the live laptop", i);
      g_autofree char *posted = g_strdup_printf ("Post %u from a script on the live laptop", i);
      gint64 start, drawn;

      start = g_get_monotonic_time ();
      g_free (fb_store_add_entry (laptop, incident, FB_ENTRY_FACT, entry, 0, NULL, NULL, &error));
      g_assert_no_error (error);
      drawn = wait_drawn (window, entry, start);
      record (&kinds[4], start, start, drawn);

      ui_post_with_cli (laptop_path, incident, posted);
      start = g_get_monotonic_time ();
      drawn = wait_drawn (window, posted, start);
      record (&kinds[5], start, start, drawn);
    }
  fb_sync_client_stop (laptop_client);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      print_kind (&kinds[k]);
      if (!kinds[k].whole_way)
        ok = ok && fb_bench_percentile (kinds[k].spans[STAGE_DRAWN], 95) <= TARGET_MS;
    }
  printf ("renderer: %s (GSK_RENDERER chooses another)\n",
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  printf ("floor: an empty frame of the same window  p50 %7.1f ms  p95 %7.1f ms\n",
          fb_bench_percentile (floor, 50), fb_bench_percentile (floor, 95));
  printf ("target: received to drawn p95 <= %.0f ms: %s\n", TARGET_MS, ok ? "met" : "NOT MET");

  fb_sync_client_stop (fb_sync_setup_get_client (setup));
  gtk_window_destroy (GTK_WINDOW (checklist_window));
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint s = 0; s < N_STAGES; s++)
      g_array_unref (kinds[k].spans[s]);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    g_array_unref (kinds[k].frames);
  g_array_unref (paints);
  g_clear_object (&setup);
  g_clear_object (&context);
  g_clear_pointer (&server, fb_test_server_free);
  fb_test_dir_remove (dir->path);
  g_free (dir->path);
  g_free (dir);
  return 0;
}
