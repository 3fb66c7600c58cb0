/* test-drill-sync.c — a shipped drill run across a facilitator's and a
 * player's workstation through a real server, and its report
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-describe.h"
#include "fb-sync-client.h"
#include "fb-sync-test-util.h"
#include "fb-sync-test-peer.h"
#include "fb-test-drill.h"

#define SPEED 600

static void
sync_peer (FbTestPeer *peer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_sync_client_sync_once (peer->client, &error));
  g_assert_no_error (error);
}

/* Both workstations run on one clock that the test moves in steps of five
 * drill minutes (half a real second at speed 600); each step the player
 * syncs and acts, then the facilitator syncs and releases what is due. */
static void
test_drill_lost_device (void)
{
  static const char * const options[] = { "Wipe now", "Wait a day", NULL };
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autoptr(FbTestPeer) facilitator = fb_test_peer_new (dir, "facilitator", server, token, NULL);
  g_autoptr(FbTestPeer) player = fb_test_peer_new (dir, "player", server, token, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbScenario) scenario = fb_scenario_new_builtin ("lost-device", &error);
  g_autoptr(GPtrArray) released = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *report = NULL;
  g_autofree char *facilitator_report = NULL;
  g_autofree char *text = NULL;
  /* A minute in the past: the server refuses changes from the future. */
  gint64 t0 = g_get_real_time () / 1000 - 60000;
  FbTestClock clock = { t0 };

  g_assert_no_error (error);
  fb_store_set_clock (facilitator->store, fb_test_clock_read, &clock);
  fb_store_set_clock (player->store, fb_test_clock_read, &clock);

  incident = fb_drill_start (facilitator->store, scenario, SPEED, &error);
  g_assert_no_error (error);
  sync_peer (facilitator);

  for (int minute = 0; minute <= 150; minute += 5)
    {
      g_autofree char *decision = NULL;
      gint64 next_due = 0;

      clock.now_ms = t0 + (gint64) minute * 60000 / SPEED;

      sync_peer (player);
      if (minute == 10)
        {
          fb_test_drill_do_step (player->store, incident, "ff-circumstances");
          fb_test_drill_do_step (player->store, incident, "esc-command");
        }
      if (minute == 20)
        {
          fb_test_drill_do_step (player->store, incident, "ff-protection");
          fb_test_drill_do_step (player->store, incident, "ff-data");
        }
      if (minute == 30)
        {
          fb_test_drill_do_step (player->store, incident, "ff-interviews");
          decision = fb_store_record_decision (player->store, incident, "Wipe the laptop?", options,
                                               "Commander", "Wipe now", TRUE, NULL, clock.now_ms, &error);
          g_assert_no_error (error);
        }
      if (minute == 50)
        fb_test_drill_do_step (player->store, incident, "dl-wipe");
      if (minute == 70)
        fb_test_drill_do_step (player->store, incident, "esc-share-facts");
      sync_peer (player);

      sync_peer (facilitator);
      g_assert_cmpint (fb_drill_release_due (facilitator->store, incident, scenario, SPEED, &next_due, &error),
                       >=, 0);
      g_assert_no_error (error);
      sync_peer (facilitator);
    }

  /* Every inject reached the player, marked as a drill inject in words. */
  sync_peer (player);
  released = fb_drill_list_released (player->store, incident);
  g_assert_cmpuint (released->len, ==, fb_scenario_get_n_injects (scenario));
  {
    g_autoptr(FbEntry) entry = fb_store_get_entry (player->store,
                                                   ((FbDrillRelease *) g_ptr_array_index (released, 0))->entry);
    text = fb_describe_system_text (fb_entry_get_text (entry), fb_entry_get_data (entry), NULL);
    g_assert_true (g_str_has_prefix (text, "DRILL inject — Phone call: "));
  }

  results = fb_drill_assess (player->store, incident, scenario, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fb_test_drill_result (results, "call", 0)->outcome, ==, FB_DRILL_MET);
  g_assert_cmpint (fb_test_drill_result (results, "call", 1)->outcome, ==, FB_DRILL_MET);
  g_assert_cmpint (fb_test_drill_result (results, "mdm", 0)->released_min, ==, 15);
  g_assert_cmpint (fb_test_drill_result (results, "mdm", 0)->outcome, ==, FB_DRILL_MET);
  g_assert_cmpint (fb_test_drill_result (results, "mdm", 1)->outcome, ==, FB_DRILL_MISSED);
  g_assert_cmpint (fb_test_drill_result (results, "mdm", 2)->outcome, ==, FB_DRILL_MET);
  /* customer-list came five minutes after ff-data at 20; the facts were
   * shared at 70, 45 minutes on, against 20 expected. */
  g_assert_cmpint (fb_test_drill_result (results, "customer-list", 0)->released_min, ==, 25);
  g_assert_cmpint (fb_test_drill_result (results, "customer-list", 0)->outcome, ==, FB_DRILL_LATE);
  g_assert_cmpint (fb_test_drill_result (results, "customer-list", 0)->answered_min, ==, 70);
  g_assert_cmpint (fb_test_drill_result (results, "wipe-ok", 0)->released_min, ==, 40);
  g_assert_cmpint (fb_test_drill_result (results, "wipe-ok", 0)->outcome, ==, FB_DRILL_MET);
  g_assert_cmpstr (fb_test_drill_result (results, "wipe-ok", 0)->by, ==, "player");
  g_assert_cmpint (fb_test_drill_result (results, "railway", 0)->outcome, ==, FB_DRILL_MISSED);

  /* Both workstations write the same report from the same record. */
  report = fb_drill_report (player->store, incident, scenario, FB_DRILL_REPORT_MARKDOWN, &error);
  g_assert_no_error (error);
  sync_peer (facilitator);
  facilitator_report = fb_drill_report (facilitator->store, incident, scenario, FB_DRILL_REPORT_MARKDOWN,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report, ==, facilitator_report);
  g_assert_nonnull (strstr (report, "15 expected: 6 met, 1 late, 8 missed, 0 not reached"));
  g_assert_nonnull (strstr (report, "| Late | +70 min | player |"));
  g_assert_nonnull (strstr (report, "| player | 7 |"));

  fb_test_server_assert_sound (server);
}

/* firebreak-cli drill check: a shipped scenario passes, a broken file is
 * refused with exit status 2 and its line. */
static void
test_drill_check_cli (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "broken.json");
  g_autofree char *shipped = g_build_filename (g_getenv ("FIREBREAK_SOURCE_ROOT"), "data", "scenarios",
                                               "cloud-exposure.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) broken = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  g_assert_true (g_file_get_contents (shipped, &contents, NULL, &error));
  broken = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (broken, "\"dl-secrets\"", "\"dl-secret\"", 1), ==, 1);
  g_assert_true (g_file_set_contents (path, broken->str, -1, &error));

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           FIREBREAK_CLI_PATH, "drill", "check", shipped, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_nonnull (strstr (out, "7 injects, playbook cloud-exposure"));
  g_clear_object (&proc);
  g_clear_pointer (&err, g_free);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           FIREBREAK_CLI_PATH, "drill", "check", path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
  g_assert_nonnull (strstr (err, "broken.json:"));
  g_assert_nonnull (strstr (err, ": the playbook “cloud-exposure” has no step “dl-secret”"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drill/sync/lost-device", test_drill_lost_device);
  g_test_add_func ("/drill/cli/check", test_drill_check_cli);

  return g_test_run ();
}
