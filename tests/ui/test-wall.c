/* test-wall.c — the wall display: what it shows, that it follows changes
 * made by another process, that it writes nothing, and that it turns pages
 * only when they do not fit
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-wall-clocks.h"
#include "fb-wall-private.h"
#include "fb-ui-test-util.h"
#include "fb-window.h"

#define MINUTE G_GINT64_CONSTANT (60000)

/* 2026-11-25 14:30:00 UTC */
#define START  G_GINT64_CONSTANT (1795617000000)

/* What the record holds: its changes, counted and hashed. */
static FbVerification *
check_record (FbStore *store)
{
  g_autoptr(GError) error = NULL;
  FbVerification *verification = fb_store_verify (store, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (verification->problem);
  return verification;
}

/* A ransomware incident declared from its playbook, detected 42 min 10 s
 * before START, with a commander, a scribe, a pending decision, a pinned
 * fact and a later note. */
static char *
declare (FbStore *store)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new ();
  const char * const options[] = { "Yes", "No", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *fact = NULL;
  g_autofree char *decision = NULL;
  FbIncidentPlan plan = { 0 };
  char *incident;

  plan.title = "Ransomware on FS-02";
  plan.playbook = fb_playbook_library_lookup (library, "ransomware");
  plan.severity = 1;
  plan.detected_at = START - 42 * MINUTE - 10000;
  plan.rules.personal_data = TRUE;
  incident = fb_store_declare_incident (store, &plan, &error);
  g_assert_no_error (error);

  g_assert_true (fb_store_hand_over_command (store, incident, NULL, "Aiko Tanaka", NULL, NULL, NULL, NULL, 0,
                                             &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_assign_role (store, incident, "scribe", "Yuki Tanaka", NULL, &error));
  g_assert_no_error (error);
  decision = fb_store_record_decision (store, incident, "Take the web shop offline?", options,
                                       NULL, NULL, FALSE, NULL, 0, &error);
  g_assert_no_error (error);
  fact = fb_store_add_entry (store, incident, FB_ENTRY_FACT, "Backups of FS-02 are offline and clean",
                             0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_set_pinned (store, fact, TRUE, &error));
  g_assert_no_error (error);
  g_free (fb_store_add_entry (store, incident, FB_ENTRY_NOTE, "Legal is on the bridge", 0, NULL, NULL, &error));
  g_assert_no_error (error);

  return incident;
}

/* Whether the corner says page @page of as many as the board has. */
static gboolean
shows_page (FbWallWindow *wall,
            guint         page)
{
  g_autofree char *text = g_strdup_printf ("Page %u of %u", page,
                                           fb_wall_board_get_n_pages (_fb_wall_window_get_board (wall)));

  return g_strcmp0 (_fb_wall_window_get_page_text (wall), text) == 0;
}

static FbWallWindow *
open_wall (UiFixture  *fixture,
           const char *incident,
           int         width,
           int         height)
{
  FbWallWindow *wall = g_object_ref_sink (fb_wall_window_new (NULL, fixture->context, incident));

  gtk_window_set_default_size (GTK_WINDOW (wall), width, height);
  gtk_window_present (GTK_WINDOW (wall));
  ui_wait_until (gtk_widget_get_mapped (GTK_WIDGET (wall)));
  ui_spin (100);
  return wall;
}

static void
close_wall (FbWallWindow *wall)
{
  gtk_window_destroy (GTK_WINDOW (wall));
  g_assert_finalize_object (wall);
}

static void
test_wall_shows (UiFixture     *fixture,
                 gconstpointer  data)
{
  FbTestClock clock = { START };
  g_autofree char *incident = NULL;
  g_autoptr(GListModel) deadlines = NULL;
  g_autoptr(FbDeadline) first = NULL;
  g_autoptr(GListModel) steps = NULL;
  g_autoptr(FbIncident) record = NULL;
  g_autoptr(FbStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) before = NULL;
  g_autoptr(FbVerification) with_other = NULL;
  g_autoptr(FbVerification) after = NULL;
  FbWallClocks *clocks;
  FbWallWindow *wall;

  fb_context_set_clock (fixture->context, fb_test_clock_read, &clock);
  incident = declare (fixture->store);
  record = fb_store_get_incident (fixture->store, incident);
  before = check_record (fixture->store);

  wall = open_wall (fixture, incident, 1920, 1080);
  clocks = FB_WALL_CLOCKS (_fb_wall_window_get_clocks (wall));

  /* The clocks, from the context's time. */
  g_assert_cmpstr (fb_wall_clocks_get_clock_text (clocks), ==, "00:42:10 / 60 min");
  g_assert_nonnull (fb_wall_clocks_get_update_text (clocks));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Ransomware on FS-02"));

  /* The first deadline by its name, command and roles, the decision
   * waiting, the entries. */
  deadlines = fb_store_list_deadlines (fixture->store, incident);
  g_assert_cmpuint (g_list_model_get_n_items (deadlines), >, 0);
  first = g_list_model_get_item (deadlines, 0);
  g_assert_true (ui_has_label (GTK_WIDGET (wall),
                            fb_deadline_get_display_name (first, fb_incident_get_kind (record),
                                                          fb_context_get_playbooks (fixture->context), NULL)));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Aiko Tanaka"));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Command taken by Aiko Tanaka"));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Yuki Tanaka"));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Take the web shop offline?"));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Backups of FS-02 are offline and clean"));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Legal is on the bridge"));

  /* Each section's first open step, under its section's name. */
  steps = fb_store_list_checklist (fixture->store, incident);
  for (FbSection s = 0; s < FB_N_SECTIONS; s++)
    for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
      {
        g_autoptr(FbChecklistItem) item = g_list_model_get_item (steps, i);

        if (fb_checklist_item_get_section (item) != s)
          continue;
        g_assert_true (ui_has_label (GTK_WIDGET (wall), fb_section_get_label (s)));
        g_assert_true (ui_has_label (GTK_WIDGET (wall), fb_checklist_item_get_text (item)));
        break;
      }

  /* Another process on the same file, as firebreak-cli would be. */
  other = fb_store_open (fixture->path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_free (fb_store_add_entry (other, incident, FB_ENTRY_FACT, "Second file server is clean", 0, NULL, NULL,
                              &error));
  g_assert_no_error (error);
  ui_wait_until (ui_has_label (GTK_WIDGET (wall), "Second file server is clean"));
  with_other = check_record (fixture->store);
  g_assert_cmpuint (with_other->n_ops, ==, before->n_ops + 1);

  /* The minutes pass on the wall with the context's clock. */
  clock.now_ms += 20 * MINUTE;
  fb_context_tick (fixture->context);
  g_assert_cmpstr (fb_wall_clocks_get_clock_text (clocks), ==, "01:02:10 / 60 min");

  /* Turning the pages and leaving wrote nothing. */
  _fb_wall_window_turn_page (wall);
  ui_spin (50);
  gtk_widget_activate_action (GTK_WIDGET (wall), "wall.leave", NULL);
  g_assert_finalize_object (wall);
  after = check_record (fixture->store);
  g_assert_cmpuint (after->n_ops, ==, with_other->n_ops);
  g_assert_cmpstr (after->digest, ==, with_other->digest);
}

static void
test_wall_pages (UiFixture     *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = declare (fixture->store);
  g_autofree char *bare = fb_store_create_incident (fixture->store, "Phishing mail", "generic", 3, 0, 60, FALSE,
                                                    &error);
  FbWallWindow *wall;
  FbWallBoard *board;
  guint n_pages;

  g_assert_no_error (error);

  /* A whole playbook's steps do not fit at 1280 × 720: the pages turn. */
  wall = open_wall (fixture, incident, 1280, 720);
  board = _fb_wall_window_get_board (wall);
  ui_wait_until (fb_wall_board_get_n_pages (board) > 1 && shows_page (wall, 1));
  n_pages = fb_wall_board_get_n_pages (board);
  g_assert_cmpuint (fb_wall_board_get_page (board), ==, 0);

  _fb_wall_window_turn_page (wall);
  g_assert_cmpuint (fb_wall_board_get_page (board), ==, 1);
  g_assert_true (shows_page (wall, 2));
  for (guint i = 1; i < n_pages; i++)
    _fb_wall_window_turn_page (wall);
  g_assert_cmpuint (fb_wall_board_get_page (board), ==, 0);
  close_wall (wall);

  /* An incident with little to show fits on one page, which stays. */
  wall = open_wall (fixture, bare, 1920, 1080);
  board = _fb_wall_window_get_board (wall);
  g_assert_cmpuint (fb_wall_board_get_n_pages (board), ==, 1);
  g_assert_null (_fb_wall_window_get_page_text (wall));
  _fb_wall_window_turn_page (wall);
  g_assert_cmpuint (fb_wall_board_get_page (board), ==, 0);
  close_wall (wall);
}

/* A readiness review runs no clock: progress and steps, nothing else. */
static void
test_wall_review (UiFixture     *fixture,
                  gconstpointer  data)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *review = fb_store_start_review (fixture->store, "Readiness review 2026 H2",
                                                   fb_playbook_library_lookup (library, "preparation"), &error);
  FbWallWindow *wall;

  g_assert_no_error (error);
  wall = open_wall (fixture, review, 1920, 1080);

  g_assert_null (fb_wall_clocks_get_update_text (FB_WALL_CLOCKS (_fb_wall_window_get_clocks (wall))));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Steps Done"));
  g_assert_false (ui_has_label (GTK_WIDGET (wall), "Containment"));
  g_assert_false (ui_has_label (GTK_WIDGET (wall), "Command"));
  g_assert_false (ui_has_label (GTK_WIDGET (wall), "Deadlines"));
  close_wall (wall);
}

static FbWallWindow *
find_wall (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (FB_IS_WALL_WINDOW (window))
        return FB_WALL_WINDOW (window);
    }
  return NULL;
}

/* The incident window's action (F11, the incident menu) opens the wall of
 * the incident shown, and only when one is. */
static void
test_wall_from_window (UiFixture     *fixture,
                       gconstpointer  data)
{
  g_autofree char *incident = declare (fixture->store);
  FbWindow *window = g_object_ref (fb_window_new (NULL, fixture->context));
  FbWallWindow *wall;

  gtk_window_present (GTK_WINDOW (window));
  fb_window_select_incident (window, NULL);
  ui_spin (50);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.wall", NULL);
  g_assert_null (find_wall ());

  fb_window_select_incident (window, incident);
  ui_spin (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.wall", NULL));
  wall = find_wall ();
  g_assert_nonnull (wall);
  g_assert_cmpstr (fb_wall_window_get_incident (wall), ==, incident);
  ui_wait_until (gtk_widget_get_mapped (GTK_WIDGET (wall)));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Ransomware on FS-02"));

  g_object_ref (wall);
  gtk_widget_activate_action (GTK_WIDGET (wall), "wall.leave", NULL);
  g_assert_finalize_object (wall);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static char *
add_worker (FbStore    *store,
            const char *incident,
            const char *person)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *worker;

  json_object_set_string_member (fields, "person", person);
  worker = fb_store_set_worker (store, incident, NULL, fields, &error);
  g_assert_no_error (error);
  return worker;
}

/* A handover offered and waiting, the operational period, a pair, and a
 * worker who passes the on-duty limit as the clock moves with no change to
 * the record; then the handover accepted. */
static void
test_wall_shift (UiFixture     *fixture,
                 gconstpointer  data)
{
  FbTestClock clock = { START };
  g_autoptr(GError) error = NULL;
  g_autoptr(FbBriefing) briefing = fb_briefing_new ();
  g_autofree char *incident = NULL;
  g_autofree char *period = NULL;
  g_autofree char *handover = NULL;
  g_autofree char *chen = NULL;
  g_autofree char *dana = NULL;
  g_autofree char *since = NULL;
  g_autofree char *offered_at = NULL;
  g_autoptr(FbVerification) before = NULL;
  g_autoptr(FbVerification) after = NULL;
  FbWallWindow *wall;

  fb_context_set_clock (fixture->context, fb_test_clock_read, &clock);
  incident = declare (fixture->store);

  g_free (briefing->objectives);
  briefing->objectives = g_strdup ("Keep FS-02 isolated and restore the shares from backup");
  period = fb_store_start_period (fixture->store, incident, 0, 12 * 60, briefing, &error);
  g_assert_no_error (error);
  handover = fb_store_offer_handover (fixture->store, incident, "Ken Ito", NULL, NULL, &error);
  g_assert_no_error (error);
  chen = add_worker (fixture->store, incident, "Chen Wei");
  dana = add_worker (fixture->store, incident, "Dana Cruz");
  g_assert_true (fb_store_pair_workers (fixture->store, incident, chen, dana, &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_set_worker_duty (fixture->store, incident, chen, START, 0, &error));
  g_assert_no_error (error);
  before = check_record (fixture->store);

  wall = open_wall (fixture, incident, 1920, 1080);
  since = fb_context_format_time (fixture->context, START);
  offered_at = g_strdup_printf ("Offered at %s · Aiko Tanaka stays in command until then", since);
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Handover offered to Ken Ito — waiting for acceptance"));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), offered_at));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Operational Period 1"));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Keep FS-02 isolated and restore the shares from backup"));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Chen Wei and Dana Cruz"));
  g_assert_false (ui_has_label (GTK_WIDGET (wall), "On duty longer than the incident allows"));

  /* Twelve hours later, with nothing written in between. */
  clock.now_ms += 12 * 60 * MINUTE - 1000;
  fb_context_tick (fixture->context);
  g_assert_false (ui_has_label (GTK_WIDGET (wall), "On duty longer than the incident allows"));
  clock.now_ms += 5 * MINUTE + 1000;
  fb_context_tick (fixture->context);
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Chen Wei has been on duty for 12 h 05 min"));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "On duty longer than the incident allows"));
  clock.now_ms += MINUTE;
  fb_context_tick (fixture->context);
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Chen Wei has been on duty for 12 h 06 min"));
  after = check_record (fixture->store);
  g_assert_cmpstr (after->digest, ==, before->digest);

  /* Accepted: the new commander, and the offer gone. */
  fb_store_set_author (fixture->store, "Ken Ito");
  g_assert_true (fb_store_accept_handover (fixture->store, incident, handover, &error));
  g_assert_no_error (error);
  ui_wait_until (!ui_has_label (GTK_WIDGET (wall), "Handover offered to Ken Ito — waiting for acceptance"));
  g_assert_true (ui_has_label (GTK_WIDGET (wall), "Ken Ito"));

  close_wall (wall);
}

/* `firebreak --wall` with a name that fits no incident says so and ends. */
static void
test_wall_command_line (UiFixture     *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = declare (fixture->store);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           FIREBREAK_PATH, "--database", fixture->path, "--wall", "nope-nope", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_nonnull (strstr (err, "There is no incident “nope-nope”"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  ui_test_init (&argc, &argv);

  /* The wall's type sizes are in the app's style sheet, which an
   * AdwApplication loads; these windows have none. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/wall/shows-and-follows", UiFixture, NULL, ui_fixture_set_up, test_wall_shows,
              ui_fixture_tear_down);
  g_test_add ("/wall/pages", UiFixture, NULL, ui_fixture_set_up, test_wall_pages, ui_fixture_tear_down);
  g_test_add ("/wall/from-window", UiFixture, NULL, ui_fixture_set_up, test_wall_from_window,
              ui_fixture_tear_down);
  g_test_add ("/wall/shift", UiFixture, NULL, ui_fixture_set_up, test_wall_shift, ui_fixture_tear_down);
  g_test_add ("/wall/review", UiFixture, NULL, ui_fixture_set_up, test_wall_review, ui_fixture_tear_down);
  g_test_add ("/wall/command-line", UiFixture, NULL, ui_fixture_set_up, test_wall_command_line,
              ui_fixture_tear_down);

  return g_test_run ();
}
