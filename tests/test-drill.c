/* test-drill.c — drill scenarios: checked files, injects released by the
 * drill's clock and on events, and the after-action report
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-store-deadlines.h"
#include "fb-test-drill.h"
#include "fb-test-util.h"

#define T0    G_GINT64_CONSTANT (1800000000000)
#define SPEED 600

/* Drill minute @m at SPEED, in the store's clock. */
#define AT_MINUTE(m) (T0 + (gint64) (m) * 60000 / SPEED)

static const char valid[] =
  "{\n"
  "  \"id\": \"t\",\n"
  "  \"version\": 1,\n"
  "  \"playbook\": \"ransomware\",\n"
  "  \"title\": { \"en\": \"T\", \"ja\": \"T\" },\n"
  "  \"setting\": { \"en\": \"S\", \"ja\": \"S\" },\n"
  "  \"injects\": [\n"
  "    { \"id\": \"a\", \"kind\": \"fact\", \"at\": 0, \"text\": { \"en\": \"x\", \"ja\": \"x\" },\n"
  "      \"expect\": [ { \"step\": \"ff-scope\", \"within\": 10 } ] }\n"
  "  ]\n"
  "}\n";

static char *
replace (const char *from,
         const char *to)
{
  g_autoptr(GString) text = g_string_new (valid);

  g_assert_nonnull (strstr (valid, from));
  g_string_replace (text, from, to, 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_shipped (void)
{
  g_auto(GStrv) ids = fb_scenario_list_builtin ();

  g_assert_cmpuint (g_strv_length (ids), ==, 6);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FbScenario) scenario = fb_scenario_new_builtin (ids[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (fb_scenario_get_id (scenario), ==, ids[i]);
      g_assert_cmpuint (fb_scenario_get_n_injects (scenario), >=, 6);
      g_assert_cmpuint (fb_scenario_get_n_injects (scenario), <=, 10);
      g_assert_cmpstr (fb_scenario_get_title_in (scenario, "ja"), !=,
                       fb_scenario_get_title_in (scenario, "en"));
    }
}

/* Each broken file is refused with the line a person must edit. */
static void
test_broken (void)
{
  struct { const char *from, *to, *expected; } cases[] = {
    { "\"ransomware\"", "\"nope\"", "t.json:4: there is no built-in playbook “nope”" },
    { "\"ff-scope\"", "\"ff-nope\"", "t.json:9: the playbook “ransomware” has no step “ff-nope”" },
    { "\"fact\"", "\"telegram\"", "t.json:8: unknown kind “telegram”" },
    { "\"at\": 0, ", "", "t.json:8: “injects[0]” needs either “at”" },
    { "\"en\": \"S\", \"ja\": \"S\"", "\"en\": \"S\"", "t.json:6: “setting.ja” is missing" },
    { "\"version\": 1,", "\"version\": 1,,", "t.json:3: " },
    { "\"within\": 10", "\"within\": 0", "t.json:9: “injects[0].expect[0].within” must be between 1 and" },
    { "\"id\": \"t\",", "\"id\": \"t\", \"hnit\": 1,", "t.json:2: unknown member “hnit”" },
    { "\"at\": 0,", "\"at\": 0, \"after\": { \"decision\": 1 },", "t.json:8: “injects[0]” needs either" },
    { "{ \"step\": \"ff-scope\", \"within\": 10 }", "{ \"decision\": true, \"told\": \"legal\", \"within\": 10 }",
      "t.json:9: “injects[0].expect[0]” must name one of" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FbScenario) scenario = fb_scenario_new_from_data (valid, strlen (valid), "t.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = replace (cases[i].from, cases[i].to);
      g_autoptr(FbScenario) broken = NULL;

      g_clear_error (&error);
      broken = fb_scenario_new_from_data (text, strlen (text), "t.json", &error);
      g_assert_null (broken);
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, cases[i].expected))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, cases[i].expected);
    }
}

typedef struct
{
  FbTestDir *dir;
  FbStore   *store;
  FbTestClock clock;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = fb_test_dir_new ();
  path = fb_test_dir_file (f->dir, "drill.db");
  f->clock.now_ms = T0;
  f->store = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, &f->clock, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  fb_test_dir_free (f->dir);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The shipped ransomware drill at speed 600, driven by the store's clock:
 * timed injects come out at their minute, event injects after their
 * event, and the report counts what the players did against the script. */
static void
test_run (Fixture       *f,
          gconstpointer  data)
{
  static const char * const options[] = { "Pay", "Do not pay", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FbScenario) scenario = fb_scenario_new_builtin ("ransomware", &error);
  g_autoptr(GPtrArray) released = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonObject) legal = json_object_new ();
  g_autofree char *incident = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *report = NULL;
  g_autoptr(FbIncident) row = NULL;

  g_assert_no_error (error);
  json_object_set_string_member (legal, "name", "Counsel");
  json_object_set_string_member (legal, "category", "legal");
  contact = fb_store_set_contact (f->store, NULL, legal, &error);
  g_assert_no_error (error);

  incident = fb_drill_start (f->store, scenario, SPEED, &error);
  g_assert_no_error (error);
  row = fb_store_get_incident (f->store, incident);
  g_assert_true (fb_incident_get_drill (row));
  {
    FbDeadlineRules rules = { .personal_data = TRUE };

    g_assert_true (fb_store_set_deadline_rules (f->store, incident, &rules, fb_scenario_get_playbook (scenario),
                                                &error));
    g_assert_no_error (error);
  }

  for (int minute = 0; minute <= 130; minute += 5)
    {
      g_autofree char *id = NULL;
      gint64 next_due = 0;

      f->clock.now_ms = AT_MINUTE (minute);
      fb_store_set_author (f->store, "Alice");
      if (minute == 15)
        {
          fb_test_drill_do_step (f->store, incident, "ff-scope");
          fb_test_drill_do_step (f->store, incident, "esc-command");
        }
      if (minute == 20)
        fb_test_drill_do_step (f->store, incident, "ff-exfil");
      if (minute == 40)
        fb_test_drill_do_step (f->store, incident, "dl-isolate");
      fb_store_set_author (f->store, "Bob");
      if (minute == 50)
        {
          id = fb_store_record_decision (f->store, incident, "Pay the ransom?", options, "CEO", "Do not pay",
                                         TRUE, NULL, f->clock.now_ms, &error);
          g_assert_no_error (error);
        }
      if (minute == 100)
        {
          g_autoptr(GListModel) deadlines = fb_store_list_deadlines (f->store, incident);

          for (guint i = 0; i < g_list_model_get_n_items (deadlines); i++)
            {
              g_autoptr(FbDeadline) deadline = g_list_model_get_item (deadlines, i);

              if (g_strcmp0 (fb_deadline_get_playbook_deadline (deadline), "appi-preliminary") == 0)
                g_assert_true (fb_store_meet_deadline (f->store, fb_deadline_get_id (deadline), f->clock.now_ms,
                                                       &error));
            }
          g_assert_no_error (error);
        }
      if (minute == 55)
        {
          id = fb_store_log_contact (f->store, incident, contact, NULL, NULL, NULL, "Payment", NULL,
                                     f->clock.now_ms, &error);
          g_assert_no_error (error);
        }

      g_assert_cmpint (fb_drill_release_due (f->store, incident, scenario, SPEED, &next_due, &error), >=, 0);
      g_assert_no_error (error);
    }

  released = fb_drill_list_released (f->store, incident);
  g_assert_cmpuint (released->len, ==, fb_scenario_get_n_injects (scenario));

  results = fb_drill_assess (f->store, incident, scenario, &error);
  g_assert_no_error (error);

  /* first-report: scope at 15 (within 20), isolate at 40 (30 expected),
   * commander at 15. */
  g_assert_cmpint (fb_test_drill_result (results, "first-report", 0)->outcome, ==, FB_DRILL_MET);
  g_assert_cmpint (fb_test_drill_result (results, "first-report", 0)->answered_min, ==, 15);
  g_assert_cmpstr (fb_test_drill_result (results, "first-report", 0)->by, ==, "Alice");
  g_assert_cmpint (fb_test_drill_result (results, "first-report", 1)->outcome, ==, FB_DRILL_LATE);
  g_assert_cmpint (fb_test_drill_result (results, "first-report", 1)->answered_min, ==, 40);
  g_assert_cmpint (fb_test_drill_result (results, "first-report", 2)->outcome, ==, FB_DRILL_MET);
  /* backups-hit came 5 minutes after the isolation. */
  g_assert_cmpint (fb_test_drill_result (results, "backups-hit", 0)->released_min, ==, 45);
  g_assert_cmpint (fb_test_drill_result (results, "backups-hit", 0)->outcome, ==, FB_DRILL_MISSED);
  g_assert_cmpint (fb_test_drill_result (results, "backups-hit", 1)->outcome, ==, FB_DRILL_MET);
  g_assert_cmpstr (fb_test_drill_result (results, "backups-hit", 1)->by, ==, "Bob");
  /* ceo-call at 25: legal told at 55, within 60. */
  g_assert_cmpint (fb_test_drill_result (results, "ceo-call", 1)->outcome, ==, FB_DRILL_MET);
  g_assert_cmpint (fb_test_drill_result (results, "ceo-call", 1)->answered_min, ==, 55);
  /* insurer: 10 minutes after the first decision. */
  g_assert_cmpint (fb_test_drill_result (results, "insurer", 0)->released_min, ==, 60);
  g_assert_cmpint (fb_test_drill_result (results, "erp-down", 1)->outcome, ==, FB_DRILL_MISSED);

  report = fb_drill_report (f->store, incident, scenario, FB_DRILL_REPORT_MARKDOWN, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (report, "# DRILL — after-action report: "));
  g_assert_nonnull (strstr (report, "| first-report (Phone call) | +0 min | Step done: Isolate infected hosts"));
  g_assert_nonnull (strstr (report, "| Late | +40 min | Alice |"));
  g_assert_nonnull (strstr (report, "Containment: not recorded (target 60 min)."));
  g_assert_nonnull (strstr (report, "preliminary report to the PPC: due at +4320 min, met at +100 min."));
  g_assert_nonnull (strstr (report, "final report to the PPC: due at +43200 min, not met."));
  g_assert_nonnull (strstr (report, "| Alice | 4 |"));

  /* Saved in a thread, the HTML is the same as made here. */
  {
    g_autofree char *html = fb_drill_report (f->store, incident, scenario, FB_DRILL_REPORT_HTML, &error);
    g_autofree char *path = fb_test_dir_file (f->dir, "report.html");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *saved = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (strstr (html, "<h1>DRILL — after-action report: "));
    fb_drill_report_to_file_async (f->store, incident, scenario, FB_DRILL_REPORT_HTML, file, NULL,
                                   store_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (fb_drill_report_to_file_finish (f->store, result, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &saved, NULL, &error));
    g_assert_cmpstr (saved, ==, html);
  }

  /* For paper, the same document, made in a thread. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(FbReport) document = NULL;

    fb_drill_report_new_async (f->store, incident, scenario, NULL, store_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    document = fb_drill_report_new_finish (f->store, result, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (document->title, "DRILL — after-action report: "));
  }

  /* The incident's own export leads with DRILL too. */
  {
    g_autoptr(GBytes) exported = fb_export_incident (f->store, incident, FB_EXPORT_MARKDOWN, &error);

    g_assert_no_error (error);
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (exported, NULL), g_bytes_get_size (exported),
                                    "# DRILL — Incident report: File servers encrypted"));
  }

  /* The record made by the drill verifies like any other. */
  {
    g_autoptr(FbVerification) verified = fb_store_verify (f->store, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (verified->problem);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drill/shipped", test_shipped);
  g_test_add_func ("/drill/broken", test_broken);
  g_test_add ("/drill/run", Fixture, NULL, fixture_set_up, test_run, fixture_tear_down);

  return g_test_run ();
}
