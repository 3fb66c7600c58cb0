/* test-deadlines.c — deadline clocks: from the playbook and the answers, by
 * hand, in the timeline, across stores, and their levels
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-describe.h"
#include "fb-report.h"
#include "fb-test-util.h"

#define T0     G_GINT64_CONSTANT (1764000000000)
#define MINUTE G_GINT64_CONSTANT (60000)
#define DAY    (24 * 60 * MINUTE)

typedef struct
{
  FbTestDir         *dir;
  FbTestClock        clock;
  FbStore           *store;
  FbPlaybookLibrary *library;
} Fixture;

static FbStore *
open_store (Fixture     *f,
            const char  *name,
            FbTestClock *clock)
{
  g_autofree char *path = fb_test_dir_file (f->dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store;

  store = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, clock, &error);
  g_assert_no_error (error);
  fb_store_set_author (store, "Aiko");

  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = fb_test_dir_new ();
  f->clock.now_ms = T0 + 30 * MINUTE;
  f->store = open_store (f, "a.db", &f->clock);
  f->library = fb_playbook_library_new_with_user_dir (NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  g_object_unref (f->library);
  fb_test_dir_free (f->dir);
}

static char *
declare (Fixture               *f,
         const char            *playbook,
         const FbDeadlineRules *rules)
{
  g_autoptr(GError) error = NULL;
  FbIncidentPlan plan = {
    .title = "Files encrypted on the file server",
    .playbook = fb_playbook_library_lookup (f->library, playbook),
    .severity = 1,
    .detected_at = T0,
    .rules = *rules,
  };
  char *id;

  g_assert_nonnull (plan.playbook);
  id = fb_store_declare_incident (f->store, &plan, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  return id;
}

/* The open clocks, as "playbook-id=minutes" in due order. */
static char *
describe (FbStore    *store,
          const char *incident)
{
  g_autoptr(GListModel) list = fb_store_list_deadlines (store, incident);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(FbDeadline) d = g_list_model_get_item (list, i);

      g_string_append_printf (out, "%s%s=%" G_GINT64_FORMAT, i > 0 ? " " : "",
                              fb_deadline_get_playbook_deadline (d), fb_deadline_get_minutes (d));
    }

  return g_string_free (out, FALSE);
}

static FbDeadline *
find (FbStore    *store,
      const char *incident,
      const char *playbook_deadline)
{
  g_autoptr(GListModel) list = fb_store_list_deadlines (store, incident);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(FbDeadline) d = g_list_model_get_item (list, i);

      if (g_strcmp0 (fb_deadline_get_playbook_deadline (d), playbook_deadline) == 0)
        return g_steal_pointer (&d);
    }

  g_assert_not_reached ();
}

static void
assert_verifies (FbStore    *store,
                 const char *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) v = fb_store_verify (store, incident, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (v->problem, ==, NULL);
}

static void
test_deadlines_ransomware_personal_data (Fixture       *f,
                                         gconstpointer  data)
{
  FbDeadlineRules rules = { .personal_data = TRUE, .improper_purpose = TRUE };
  g_autofree char *id = declare (f, "ransomware", &rules);
  g_autofree char *got = describe (f->store, id);
  g_autoptr(FbIncident) incident = fb_store_get_incident (f->store, id);
  g_autoptr(FbDeadline) prelim = find (f->store, id, "appi-preliminary");
  FbDeadlineRules stored;

  /* APPI only; the final report gets 60 days for an attack. */
  g_assert_cmpstr (got, ==, "appi-preliminary=4320 appi-final=86400");
  fb_incident_get_rules (incident, &stored);
  g_assert_true (stored.personal_data);
  g_assert_true (stored.improper_purpose);
  g_assert_false (stored.eu_people);

  g_assert_cmpstr (fb_deadline_get_name (prelim), ==, "Japan APPI: preliminary report to the PPC");
  g_assert_cmpstr (fb_deadline_get_basis (prelim), ==, "APPI art. 26; PPC rules art. 8(1)");
  g_assert_cmpint (fb_deadline_get_from (prelim), ==, FB_DEADLINE_FROM_AWARE);
  g_assert_cmpint (fb_deadline_get_rule (prelim), ==, FB_DEADLINE_RULE_PERSONAL_DATA);
  g_assert_cmpint (fb_deadline_get_state (prelim), ==, FB_DEADLINE_OPEN);
  /* Awareness defaults to detection. */
  g_assert_cmpint (fb_deadline_get_due_at (prelim, incident), ==, T0 + 3 * DAY);

  assert_verifies (f->store, id);
}

static void
test_deadlines_none_without_answers (Fixture       *f,
                                     gconstpointer  data)
{
  FbDeadlineRules rules = { 0 };
  g_autofree char *id = declare (f, "ransomware", &rules);
  g_autofree char *got = describe (f->store, id);

  g_assert_cmpstr (got, ==, "");
}

static void
test_deadlines_gdpr_nis2 (Fixture       *f,
                          gconstpointer  data)
{
  FbDeadlineRules rules = { .personal_data = TRUE, .eu_people = TRUE, .nis2_entity = TRUE };
  g_autofree char *id = declare (f, "denial-of-service", &rules);
  g_autofree char *got = describe (f->store, id);
  FbDeadlineRules eu_only = { .eu_people = TRUE };
  g_autofree char *id2 = declare (f, "generic", &eu_only);
  g_autofree char *got2 = describe (f->store, id2);

  /* In due order; ties by name. */
  g_assert_cmpstr (got, ==,
                   "nis2-early-warning=1440 gdpr-72h=4320 appi-preliminary=4320 nis2-notification=4320 "
                   "appi-final=43200 nis2-final=43200");
  /* GDPR needs personal data as well as people in the EU. */
  g_assert_cmpstr (got2, ==, "");
}

static void
test_deadlines_answers_change (Fixture       *f,
                               gconstpointer  data)
{
  FbPlaybook *playbook = fb_playbook_library_lookup (f->library, "lost-device");
  FbDeadlineRules rules = { .personal_data = TRUE };
  g_autofree char *id = declare (f, "lost-device", &rules);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbDeadline) prelim = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  g_autoptr(FbIncident) incident = NULL;
  FbDeadlineRules stored;

  a = describe (f->store, id);
  g_assert_cmpstr (a, ==, "appi-preliminary=4320 appi-final=43200");

  /* Theft is an improper purpose; the office is in the EU too. */
  prelim = find (f->store, id, "appi-preliminary");
  g_assert_true (fb_store_meet_deadline (f->store, fb_deadline_get_id (prelim), 0, &error));
  g_assert_no_error (error);
  rules.improper_purpose = TRUE;
  rules.eu_people = TRUE;
  g_assert_true (fb_store_set_deadline_rules (f->store, id, &rules, playbook, &error));
  g_assert_no_error (error);
  b = describe (f->store, id);
  g_assert_cmpstr (b, ==, "gdpr-72h=4320 appi-preliminary=4320 appi-final=86400");
  incident = fb_store_get_incident (f->store, id);
  fb_incident_get_rules (incident, &stored);
  g_assert_true (stored.eu_people);

  /* No personal data after all: every clock leaves the list... */
  rules.personal_data = FALSE;
  g_assert_true (fb_store_set_deadline_rules (f->store, id, &rules, playbook, &error));
  g_assert_no_error (error);
  c = describe (f->store, id);
  g_assert_cmpstr (c, ==, "");

  /* ...and comes back as it was, met or open, none made twice. */
  rules.personal_data = TRUE;
  g_assert_true (fb_store_set_deadline_rules (f->store, id, &rules, playbook, &error));
  g_assert_no_error (error);
  d = describe (f->store, id);
  g_assert_cmpstr (d, ==, b);
  g_clear_object (&prelim);
  prelim = find (f->store, id, "appi-preliminary");
  g_assert_cmpint (fb_deadline_get_state (prelim), ==, FB_DEADLINE_MET);

  /* Becoming aware a day after detection moves the clocks that run from
   * awareness. */
  rules.aware_at = T0 + DAY;
  g_assert_true (fb_store_set_deadline_rules (f->store, id, &rules, playbook, &error));
  g_assert_no_error (error);
  g_clear_object (&incident);
  incident = fb_store_get_incident (f->store, id);
  g_assert_cmpint (fb_deadline_get_due_at (prelim, incident), ==, T0 + 4 * DAY);
  fb_incident_get_rules (incident, &stored);
  g_assert_cmpint (stored.aware_at, ==, T0 + DAY);

  assert_verifies (f->store, id);
}

/* The system entries of @incident whose data names @event. */
static guint
count_events (FbStore    *store,
              const char *incident,
              const char *event)
{
  g_autoptr(GListModel) entries = fb_store_list_entries_where (store, incident, 1 << FB_ENTRY_SYSTEM, FALSE, 0);
  g_autofree char *needle = g_strdup_printf ("\"event\":\"%s\"", event);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(FbEntry) e = g_list_model_get_item (entries, i);
      const char *data = fb_entry_get_data (e);

      if (data != NULL && strstr (data, needle) != NULL)
        {
          g_autofree char *shown = fb_describe_entry (e, store);

          /* Shown from its data as it was stored. */
          g_assert_cmpstr (shown, ==, fb_entry_get_text (e));
          n++;
        }
    }

  return n;
}

static void
test_deadlines_meet_waive (Fixture       *f,
                           gconstpointer  data)
{
  FbDeadlineRules rules = { .personal_data = TRUE, .improper_purpose = TRUE };
  g_autofree char *id = declare (f, "ransomware", &rules);
  g_autoptr(FbDeadline) prelim = find (f->store, id, "appi-preliminary");
  g_autoptr(FbDeadline) final = find (f->store, id, "appi-final");
  g_autoptr(FbDeadline) met = NULL, waived = NULL, added = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *own = NULL;

  g_assert_true (fb_store_meet_deadline (f->store, fb_deadline_get_id (prelim), T0 + DAY, &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_waive_deadline (f->store, fb_deadline_get_id (final),
                                          "Reported together with the preliminary report", &error));
  g_assert_no_error (error);

  met = fb_store_get_deadline (f->store, fb_deadline_get_id (prelim));
  g_assert_cmpint (fb_deadline_get_state (met), ==, FB_DEADLINE_MET);
  g_assert_cmpint (fb_deadline_get_met_at (met), ==, T0 + DAY);
  waived = fb_store_get_deadline (f->store, fb_deadline_get_id (final));
  g_assert_cmpint (fb_deadline_get_state (waived), ==, FB_DEADLINE_WAIVED);
  g_assert_cmpstr (fb_deadline_get_reason (waived), ==, "Reported together with the preliminary report");
  g_assert_cmpuint (count_events (f->store, id, "deadline-met"), ==, 1);
  g_assert_cmpuint (count_events (f->store, id, "deadline-waived"), ==, 1);

  /* By hand: a contract's clock, at a time typed in. */
  json_object_set_string_member (fields, "name", "Tell the insurer");
  json_object_set_string_member (fields, "basis", "Cyber policy §4");
  json_object_set_string_member (fields, "anchor", "fixed");
  json_object_set_int_member (fields, "due_at", T0 + 2 * DAY);
  own = fb_store_set_deadline (f->store, id, NULL, fields, &error);
  g_assert_no_error (error);
  added = fb_store_get_deadline (f->store, own);
  g_assert_cmpint (fb_deadline_get_state (added), ==, FB_DEADLINE_OPEN);
  g_assert_cmpint (fb_deadline_get_from (added), ==, FB_DEADLINE_FROM_FIXED);
  g_assert_false (fb_store_meet_deadline (f->store, "no-such-deadline", 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);

  assert_verifies (f->store, id);
}

static void
test_deadlines_converge (Fixture       *f,
                         gconstpointer  data)
{
  FbTestClock clock_b = { T0 + 31 * MINUTE };
  g_autoptr(FbStore) b = open_store (f, "b.db", &clock_b);
  g_autoptr(FbStore) c = open_store (f, "c.db", &clock_b);
  FbDeadlineRules rules = { .personal_data = TRUE };
  FbPlaybook *playbook = fb_playbook_library_lookup (f->library, "ransomware");
  g_autofree char *id = declare (f, "ransomware", &rules);
  g_autoptr(FbDeadline) prelim = find (f->store, id, "appi-preliminary");
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_a = NULL, *from_b = NULL, *from_c = NULL;
  g_autoptr(FbDeadline) on_b = NULL, on_c = NULL;

  ops = fb_store_get_ops (f->store, NULL, &error);
  g_assert_no_error (error);
  fb_store_apply (b, ops, NULL, FB_APPLY_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&ops, g_ptr_array_unref);

  /* Two workstations act at once: one meets a clock, the other changes
   * the answers. */
  f->clock.now_ms += MINUTE;
  g_assert_true (fb_store_meet_deadline (f->store, fb_deadline_get_id (prelim), 0, &error));
  g_assert_no_error (error);
  rules.improper_purpose = TRUE;
  rules.nis2_entity = TRUE;
  g_assert_true (fb_store_set_deadline_rules (b, id, &rules, playbook, &error));
  g_assert_no_error (error);

  ops = fb_store_get_ops (b, NULL, &error);
  g_assert_no_error (error);
  fb_store_apply (f->store, ops, NULL, FB_APPLY_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = fb_store_get_ops (f->store, NULL, &error);
  g_assert_no_error (error);
  fb_store_apply (b, ops, NULL, FB_APPLY_DEFAULT, NULL, &error);
  g_assert_no_error (error);

  /* A third store takes all of them backwards. */
  for (guint i = 0; i < ops->len / 2; i++)
    {
      gpointer tmp = ops->pdata[i];
      ops->pdata[i] = ops->pdata[ops->len - 1 - i];
      ops->pdata[ops->len - 1 - i] = tmp;
    }
  fb_store_apply (c, ops, NULL, FB_APPLY_DEFAULT, NULL, &error);
  g_assert_no_error (error);

  from_a = describe (f->store, id);
  from_b = describe (b, id);
  from_c = describe (c, id);
  g_assert_cmpstr (from_a, ==,
                   "nis2-early-warning=1440 appi-preliminary=4320 nis2-notification=4320 "
                   "nis2-final=43200 appi-final=86400");
  g_assert_cmpstr (from_b, ==, from_a);
  g_assert_cmpstr (from_c, ==, from_a);
  on_b = find (b, id, "appi-preliminary");
  on_c = find (c, id, "appi-preliminary");
  g_assert_cmpint (fb_deadline_get_state (on_b), ==, FB_DEADLINE_MET);
  g_assert_cmpint (fb_deadline_get_state (on_c), ==, FB_DEADLINE_MET);

  assert_verifies (b, id);
  assert_verifies (c, id);
}

static void
test_deadlines_report (Fixture       *f,
                       gconstpointer  data)
{
  FbDeadlineRules rules = { .personal_data = TRUE, .eu_people = TRUE, .improper_purpose = TRUE };
  g_autofree char *id = declare (f, "ransomware", &rules);
  g_autoptr(FbDeadline) prelim = find (f->store, id, "appi-preliminary");
  g_autoptr(FbDeadline) gdpr = find (f->store, id, "gdpr-72h");
  g_autoptr(FbReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = NULL;

  /* Met a day late; waived; still open and overdue. */
  g_assert_true (fb_store_meet_deadline (f->store, fb_deadline_get_id (prelim), T0 + 4 * DAY, &error));
  g_assert_true (fb_store_waive_deadline (f->store, fb_deadline_get_id (gdpr), "No one in the EU affected", &error));
  g_assert_no_error (error);
  f->clock.now_ms = T0 + 61 * DAY;

  report = fb_report_new_for_incident (f->store, id, &error);
  g_assert_no_error (error);
  markdown = fb_report_to_markdown (report);

  g_assert_nonnull (strstr (markdown, "Rules that apply: personal data yes, people in the EU yes, "
                                      "NIS2 entity no, improper purpose yes."));
  g_assert_nonnull (strstr (markdown, "| Deadline | Legal basis | Due | Outcome |"));
  g_assert_nonnull (strstr (markdown, "| Japan APPI: preliminary report to the PPC | APPI art. 26; PPC rules art. 8(1) |"));
  g_assert_nonnull (strstr (markdown, ", 24 h 00 min late |"));
  g_assert_nonnull (strstr (markdown, "| Waived: No one in the EU affected |"));
  g_assert_nonnull (strstr (markdown, "| Open, overdue by 24 h 00 min |"));
  /* In the order they fell due: the final report last. */
  g_assert_true (strstr (markdown, "GDPR: notify") < strstr (markdown, "final report to the PPC"));
}

static void
test_deadlines_op_checked (void)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(FbOp) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = fb_uuid_new ();
  g_autofree char *entity = fb_uuid_new ();

  json_object_set_string_member (body, "state", "done");
  op = fb_op_new (FB_OP_KIND_DEADLINE_SET, incident, entity, body);
  op->id = fb_uuid_new ();
  op->device = fb_uuid_new ();
  op->device_seq = 1;
  op->hlc = g_strdup ("0001764000000000-000000");
  op->author = g_strdup ("Aiko");
  op->hash = fb_op_compute_hash (op);
  g_assert_cmpstr (op->type, ==, "deadline.set");
  g_assert_false (fb_op_validate (op, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  json_object_set_string_member (body, "state", "waived");
  json_object_set_string_member (body, "anchor", "aware");
  json_object_set_string_member (body, "rule", "nis2-entity");
  json_object_set_int_member (body, "minutes", 1440);
  g_free (op->hash);
  op->hash = fb_op_compute_hash (op);
  g_assert_true (fb_op_validate (op, &error));
  g_assert_no_error (error);

  json_object_set_string_member (body, "anchor", "lunch");
  g_free (op->hash);
  op->hash = fb_op_compute_hash (op);
  g_assert_false (fb_op_validate (op, &error));
}

static void
test_deadlines_levels (void)
{
  gint64 start = T0, due = T0 + 4 * 60 * MINUTE;  /* four hours allowed */

  g_assert_cmpint (fb_deadline_level_at (start, due, start), ==, FB_DEADLINE_LEVEL_NORMAL);
  g_assert_cmpint (fb_deadline_level_at (start, due, due - 60 * MINUTE - 1), ==, FB_DEADLINE_LEVEL_NORMAL);
  /* A quarter left: one hour. */
  g_assert_cmpint (fb_deadline_level_at (start, due, due - 60 * MINUTE), ==, FB_DEADLINE_LEVEL_WARNING);
  g_assert_cmpint (fb_deadline_level_at (start, due, due), ==, FB_DEADLINE_LEVEL_WARNING);
  g_assert_cmpint (fb_deadline_level_at (start, due, due + 1), ==, FB_DEADLINE_LEVEL_CRITICAL);
  /* A time typed in before the clock started leaves no time to spare. */
  g_assert_cmpint (fb_deadline_level_at (due, start, start - 1), ==, FB_DEADLINE_LEVEL_WARNING);
}

static void
test_deadlines_status (Fixture       *f,
                       gconstpointer  data)
{
  FbDeadlineRules rules = { .personal_data = TRUE };
  g_autofree char *id = declare (f, "ransomware", &rules);
  g_autoptr(FbDeadline) prelim = find (f->store, id, "appi-preliminary");
  g_autoptr(FbDeadline) met = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autoptr(JsonObject) aware = json_object_new ();
  g_autoptr(GError) error = NULL;
  FbDeadlineStatus status;

  /* Awareness a day after detection moves the clock. */
  json_object_set_int_member (aware, "aware_at", T0 + DAY);
  g_assert_true (fb_store_update_incident (f->store, id, aware, &error));
  g_assert_no_error (error);
  incident = fb_store_get_incident (f->store, id);

  fb_deadline_get_status (prelim, incident, T0 + DAY, &status);
  g_assert_cmpint (status.due_at, ==, T0 + 4 * DAY);
  g_assert_cmpint (status.remaining, ==, 3 * DAY);
  g_assert_cmpint (status.level, ==, FB_DEADLINE_LEVEL_NORMAL);
  fb_deadline_get_status (prelim, incident, T0 + 4 * DAY - 18 * 60 * MINUTE, &status);
  g_assert_cmpint (status.level, ==, FB_DEADLINE_LEVEL_WARNING);
  fb_deadline_get_status (prelim, incident, T0 + 4 * DAY + 1, &status);
  g_assert_cmpint (status.level, ==, FB_DEADLINE_LEVEL_CRITICAL);
  g_assert_cmpint (status.remaining, ==, -1);

  g_assert_true (fb_store_meet_deadline (f->store, fb_deadline_get_id (prelim), 0, &error));
  met = fb_store_get_deadline (f->store, fb_deadline_get_id (prelim));
  fb_deadline_get_status (met, incident, T0 + 5 * DAY, &status);
  g_assert_cmpint (status.level, ==, FB_DEADLINE_LEVEL_MET);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/deadlines/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("ransomware-personal-data", test_deadlines_ransomware_personal_data);
  ADD ("none-without-answers", test_deadlines_none_without_answers);
  ADD ("gdpr-nis2", test_deadlines_gdpr_nis2);
  ADD ("answers-change", test_deadlines_answers_change);
  ADD ("meet-waive", test_deadlines_meet_waive);
  ADD ("converge", test_deadlines_converge);
  ADD ("status", test_deadlines_status);
  ADD ("report", test_deadlines_report);
#undef ADD
  g_test_add_func ("/deadlines/levels", test_deadlines_levels);
  g_test_add_func ("/deadlines/op-checked", test_deadlines_op_checked);

  return g_test_run ();
}
