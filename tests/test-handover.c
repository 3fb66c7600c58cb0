/* test-handover.c — handovers offered and accepted, operational periods,
 * hours on duty
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-describe.h"
#include "fb-report.h"
#include "fb-test-store.h"

#define DETECTED 1764000000000
#define MINUTE   60000

typedef struct
{
  FbTestDir  *dir;
  FbTestClock clock;
  FbStore    *a;        /* Aiko, the commander */
  FbStore    *b;        /* Ben's workstation */
  char       *incident;
} Fixture;

static guint
count_ops (FbStore *store)
{
  g_autoptr(GPtrArray) ops = fb_store_get_ops (store, NULL, NULL);

  return ops->len;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = fb_test_dir_new ();
  f->clock.now_ms = DETECTED + 10 * MINUTE;
  f->a = fb_test_store_open (f->dir, "a.db", &f->clock, "Aiko Tanaka");
  f->b = fb_test_store_open (f->dir, "b.db", &f->clock, "Ben Ortiz");
  f->incident = fb_store_create_incident (f->a, "NAS encrypted", "ransomware", 2, DETECTED, 60, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_assign_role (f->a, f->incident, "commander", "Aiko Tanaka", NULL, &error));
  g_assert_no_error (error);
  fb_test_store_pass_ops (f->a, f->b);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->a);
  g_assert_finalize_object (f->b);
  g_free (f->incident);
  fb_test_dir_free (f->dir);
}

static char *
commander (FbStore    *store,
           const char *incident)
{
  g_autoptr(FbRole) role = fb_store_get_role (store, incident, "commander");

  return role != NULL ? g_strdup (fb_role_get_person (role)) : NULL;
}

static void
assert_verifies (FbStore *store)
{
  g_autoptr(FbVerification) v = NULL;
  g_autoptr(GError) error = NULL;

  v = fb_store_verify (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (v->problem);
}

/* The system entries of @incident with that event, oldest first. */
static guint
count_events (FbStore    *store,
              const char *incident,
              const char *event)
{
  g_autoptr(GListModel) entries = fb_store_list_entries_where (store, incident, 1u << FB_ENTRY_SYSTEM,
                                                               FALSE, 0);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i);
      g_autoptr(JsonObject) data = fb_entry_dup_data_object (entry);

      if (data != NULL && g_strcmp0 (json_object_get_string_member_with_default (data, "event", ""), event) == 0)
        n++;
    }

  return n;
}

static char *
offer (Fixture *f,
       gint64   next_update_at)
{
  g_autoptr(FbBriefing) briefing = fb_briefing_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  g_free (briefing->situation);
  briefing->situation = g_strdup ("NAS isolated; backups intact");
  briefing->next_update_at = next_update_at;
  id = fb_store_offer_handover (f->a, f->incident, "Ben Ortiz", NULL, briefing, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* Offered on one workstation, accepted on the other: command moves only
 * then, and both records say when. */
static void
test_handover_offer_accept (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after_a = NULL;
  g_autofree char *after_b = NULL;
  g_autoptr(FbHandover) offered = NULL;
  g_autoptr(FbHandover) accepted = NULL;
  gint64 due_at = 0;

  id = offer (f, f->clock.now_ms + 20 * MINUTE);
  before = commander (f->a, f->incident);
  g_assert_cmpstr (before, ==, "Aiko Tanaka");
  offered = fb_store_get_offered_handover (f->a, f->incident);
  g_assert_nonnull (offered);
  g_assert_cmpint (fb_handover_get_state (offered), ==, FB_HANDOVER_OFFERED);
  g_assert_cmpstr (fb_handover_get_outgoing (offered), ==, "Aiko Tanaka");
  g_assert_cmpint (fb_handover_get_offered_at (offered), ==, f->clock.now_ms);
  g_assert_cmpstr (fb_handover_get_briefing (offered)->situation, ==, "NAS isolated; backups intact");
  g_assert_cmpuint (count_events (f->a, f->incident, "handover-offered"), ==, 1);

  /* Aiko's workstation cannot accept for Ben. */
  g_assert_false (fb_store_accept_handover (f->a, f->incident, id, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Ben Ortiz"));
  g_clear_error (&error);
  g_assert_false (fb_store_decline_handover (f->a, f->incident, id, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  fb_test_store_pass_ops (f->a, f->b);
  f->clock.now_ms += 5 * MINUTE;
  g_assert_true (fb_store_accept_handover (f->b, f->incident, id, &error));
  g_assert_no_error (error);
  after_b = commander (f->b, f->incident);
  g_assert_cmpstr (after_b, ==, "Ben Ortiz");

  fb_test_store_pass_ops (f->b, f->a);
  after_a = commander (f->a, f->incident);
  g_assert_cmpstr (after_a, ==, "Ben Ortiz");
  accepted = fb_store_get_handover (f->a, id);
  g_assert_cmpint (fb_handover_get_state (accepted), ==, FB_HANDOVER_ACCEPTED);
  g_assert_cmpint (fb_handover_get_closed_at (accepted), ==, f->clock.now_ms);
  g_assert_cmpstr (fb_handover_get_closed_by (accepted), ==, "Ben Ortiz");
  g_assert_null (fb_store_get_offered_handover (f->a, f->incident));
  g_assert_cmpuint (count_events (f->a, f->incident, "handover"), ==, 1);
  {
    g_autoptr(GListModel) latest = fb_store_list_entries_where (f->a, f->incident, 1u << FB_ENTRY_SYSTEM,
                                                                FALSE, 1);
    g_autoptr(FbEntry) entry = g_list_model_get_item (latest, 0);
    g_autofree char *text = fb_describe_entry (entry, f->a);

    g_assert_cmpstr (text, ==, "Ben Ortiz accepted command from Aiko Tanaka");
  }

  /* The update promised in the briefing is the one due. */
  g_assert_true (fb_store_get_next_update_due (f->a, f->incident, &due_at));
  g_assert_cmpint (due_at, ==, DETECTED + 30 * MINUTE);

  /* The report's command history has the offer and the acceptance. */
  {
    g_autoptr(FbReport) report = fb_report_new_for_incident (f->a, f->incident, &error);
    g_autofree char *markdown = NULL;

    g_assert_no_error (error);
    markdown = fb_report_to_markdown (report);
    g_assert_nonnull (strstr (markdown, "Aiko Tanaka offered command to Ben Ortiz"));
    g_assert_nonnull (strstr (markdown, "Ben Ortiz accepted command from Aiko Tanaka"));
  }

  /* Accepted once is accepted. */
  g_assert_false (fb_store_accept_handover (f->b, f->incident, id, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);

  assert_verifies (f->a);
  assert_verifies (f->b);
}

static void
test_handover_withdraw_decline (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *still = NULL;
  g_autoptr(FbHandover) withdrawn = NULL;
  g_autoptr(FbHandover) declined = NULL;
  g_autoptr(GListModel) history = NULL;

  first = offer (f, 0);
  fb_test_store_pass_ops (f->a, f->b);

  /* Ben may decline but not withdraw what Aiko offered. */
  g_assert_false (fb_store_withdraw_handover (f->b, f->incident, first, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fb_store_withdraw_handover (f->a, f->incident, first, &error));
  g_assert_no_error (error);
  withdrawn = fb_store_get_handover (f->a, first);
  g_assert_cmpint (fb_handover_get_state (withdrawn), ==, FB_HANDOVER_WITHDRAWN);
  fb_test_store_pass_ops (f->a, f->b);
  g_assert_false (fb_store_accept_handover (f->b, f->incident, first, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  second = offer (f, 0);
  fb_test_store_pass_ops (f->a, f->b);
  g_assert_true (fb_store_decline_handover (f->b, f->incident, second, &error));
  g_assert_no_error (error);
  fb_test_store_pass_ops (f->b, f->a);
  declined = fb_store_get_handover (f->a, second);
  g_assert_cmpint (fb_handover_get_state (declined), ==, FB_HANDOVER_DECLINED);
  still = commander (f->a, f->incident);
  g_assert_cmpstr (still, ==, "Aiko Tanaka");

  /* A new offer replaces one still open. */
  third = offer (f, 0);
  g_clear_pointer (&third, g_free);
  third = offer (f, 0);
  history = fb_store_list_handovers (f->a, f->incident);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 4);
  g_assert_cmpuint (count_events (f->a, f->incident, "handover-withdrawn"), ==, 2);
  g_assert_cmpuint (count_events (f->a, f->incident, "handover-declined"), ==, 1);

  assert_verifies (f->a);
  assert_verifies (f->b);
}

/* Accepted on one workstation and withdrawn on another at the same time:
 * every store ends with the acceptance, whatever order it sees them in. */
static void
test_handover_converge (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) c = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) from_a = NULL;
  g_autoptr(GPtrArray) from_b = NULL;
  g_autoptr(FbHandover) at_a = NULL;
  g_autoptr(FbHandover) at_b = NULL;
  g_autoptr(FbHandover) at_c = NULL;
  g_autofree char *ca = NULL, *cb = NULL, *cc = NULL;

  id = offer (f, 0);
  fb_test_store_pass_ops (f->a, f->b);
  c = fb_test_store_open (f->dir, "c.db", &f->clock, "Carla");
  fb_test_store_pass_ops (f->a, c);

  f->clock.now_ms += MINUTE;
  g_assert_true (fb_store_withdraw_handover (f->a, f->incident, id, &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_accept_handover (f->b, f->incident, id, &error));
  g_assert_no_error (error);

  from_a = fb_store_get_ops (f->a, NULL, &error);
  from_b = fb_store_get_ops (f->b, NULL, &error);
  g_assert_true (fb_store_apply (c, from_b, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_true (fb_store_apply (c, from_a, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_true (fb_store_apply (f->a, from_b, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_true (fb_store_apply (f->b, from_a, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_no_error (error);

  at_a = fb_store_get_handover (f->a, id);
  at_b = fb_store_get_handover (f->b, id);
  at_c = fb_store_get_handover (c, id);
  g_assert_cmpint (fb_handover_get_state (at_a), ==, FB_HANDOVER_ACCEPTED);
  g_assert_cmpint (fb_handover_get_state (at_b), ==, FB_HANDOVER_ACCEPTED);
  g_assert_cmpint (fb_handover_get_state (at_c), ==, FB_HANDOVER_ACCEPTED);
  ca = commander (f->a, f->incident);
  cb = commander (f->b, f->incident);
  cc = commander (c, f->incident);
  g_assert_cmpstr (ca, ==, "Ben Ortiz");
  g_assert_cmpstr (cb, ==, "Ben Ortiz");
  g_assert_cmpstr (cc, ==, "Ben Ortiz");
  assert_verifies (c);
  g_assert_finalize_object (g_steal_pointer (&c));
}

static FbOp *
stamped (FbOp *op)
{
  op->id = g_strdup ("11111111-2222-4333-8444-555555555555");
  op->device = g_strdup ("dddddddd-2222-4333-8444-555555555555");
  op->device_seq = 1;
  op->prev = g_strdup ("");
  op->hlc = g_strdup ("0001764000000000-000000");
  op->author = g_strdup ("Aiko");
  op->hash = fb_op_compute_hash (op);
  return op;
}

static void
test_handover_validate (void)
{
  const char *incident = "aaaaaaaa-2222-4333-8444-555555555555";
  const char *entity = "bbbbbbbb-2222-4333-8444-555555555555";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) no_incoming = json_object_new ();
  g_autoptr(JsonObject) good = json_object_new ();
  g_autoptr(JsonObject) zero = json_object_new ();
  g_autoptr(JsonObject) no_by = json_object_new ();
  g_autoptr(FbOp) bad_offer = NULL;
  g_autoptr(FbOp) good_offer = NULL;
  g_autoptr(FbOp) bad_period = NULL;
  g_autoptr(FbOp) bad_withdraw = NULL;

  json_object_set_string_member (no_incoming, "situation", "calm");
  bad_offer = stamped (fb_op_new (FB_OP_KIND_HANDOVER_OFFER, incident, entity, no_incoming));
  g_assert_false (fb_op_validate (bad_offer, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  json_object_set_string_member (good, "incoming", "Ben");
  json_object_set_int_member (good, "next_update_at", DETECTED);
  good_offer = stamped (fb_op_new (FB_OP_KIND_HANDOVER_OFFER, incident, entity, good));
  g_assert_true (fb_op_validate (good_offer, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fb_op_kind_to_string (FB_OP_KIND_HANDOVER_OFFER), ==, "handover.offer");
  g_assert_cmpint (fb_op_kind_from_string ("period.start"), ==, FB_OP_KIND_PERIOD_START);

  json_object_set_int_member (zero, "number", 0);
  json_object_set_int_member (zero, "started_at", DETECTED);
  bad_period = stamped (fb_op_new (FB_OP_KIND_PERIOD_START, incident, entity, zero));
  g_assert_false (fb_op_validate (bad_period, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  json_object_set_boolean_member (no_by, "declined", TRUE);
  bad_withdraw = stamped (fb_op_new (FB_OP_KIND_HANDOVER_WITHDRAW, incident, entity, no_by));
  g_assert_false (fb_op_validate (bad_withdraw, &error));
  g_assert_nonnull (error);
}

/* Periods start one after another, numbered, and show on the other
 * workstation; the briefing comes from the record. */
static void
test_handover_periods (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbContext) context = fb_context_new (f->a, NULL);
  g_autoptr(FbBriefing) briefing = NULL;
  g_autoptr(FbPeriod) current = NULL;
  g_autoptr(FbPeriod) at_b = NULL;
  g_autoptr(GListModel) periods = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *pinned = NULL;

  fb_context_set_clock (context, fb_test_clock_read, &f->clock);
  g_assert_null (fb_store_get_current_period (f->a, f->incident));
  pinned = fb_store_add_entry (f->a, f->incident, FB_ENTRY_FACT, "Backups are intact", f->clock.now_ms,
                               NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_set_pinned (f->a, pinned, TRUE, &error));
  g_free (fb_store_add_checklist_item (f->a, f->incident, FB_SECTION_DAMAGE_LIMITATION, "Isolate the NAS", 0, NULL, &error));
  g_assert_no_error (error);

  briefing = fb_briefing_build (context, f->incident);
  g_assert_nonnull (strstr (briefing->situation, "Backups are intact"));
  g_assert_nonnull (strstr (briefing->open_items, "Isolate the NAS"));
  g_assert_cmpint (briefing->next_update_at, >, 0);
  g_free (briefing->objectives);
  briefing->objectives = g_strdup ("Contain the NAS");

  first = fb_store_start_period (f->a, f->incident, 0, 12 * 60, briefing, &error);
  g_assert_no_error (error);
  f->clock.now_ms += 12 * 60 * MINUTE;
  second = fb_store_start_period (f->a, f->incident, 0, 0, NULL, &error);
  g_assert_no_error (error);

  /* Not before the period before it. */
  g_assert_null (fb_store_start_period (f->a, f->incident, DETECTED, 0, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  current = fb_store_get_current_period (f->a, f->incident);
  g_assert_cmpint (fb_period_get_number (current), ==, 2);
  periods = fb_store_list_periods (f->a, f->incident);
  g_assert_cmpuint (g_list_model_get_n_items (periods), ==, 2);
  g_assert_cmpuint (count_events (f->a, f->incident, "period"), ==, 2);

  {
    g_autoptr(FbPeriod) one = g_list_model_get_item (periods, 0);

    g_assert_cmpint (fb_period_get_planned_min (one), ==, 12 * 60);
    g_assert_cmpstr (fb_period_get_briefing (one)->objectives, ==, "Contain the NAS");
  }

  /* Each period a section of the report, with its objectives. */
  {
    g_autoptr(FbReport) report = fb_report_new_for_incident (f->a, f->incident, &error);
    g_autofree char *markdown = NULL;

    g_assert_no_error (error);
    markdown = fb_report_to_markdown (report);
    g_assert_nonnull (strstr (markdown, "Operational period 1"));
    g_assert_nonnull (strstr (markdown, "Operational period 2"));
    g_assert_nonnull (strstr (markdown, "Contain the NAS"));
  }

  fb_test_store_pass_ops (f->a, f->b);
  at_b = fb_store_get_current_period (f->b, f->incident);
  g_assert_cmpstr (fb_period_get_id (at_b), ==, second);
  assert_verifies (f->a);
  assert_verifies (f->b);
}

static char *
add_worker (Fixture    *f,
            const char *person)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (fields, "person", person);
  id = fb_store_set_worker (f->a, f->incident, NULL, fields, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_handover_duty (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *chen = add_worker (f, "Chen");
  g_autofree char *dana = add_worker (f, "Dana");
  g_autofree char *eli = add_worker (f, "Eli");
  g_autoptr(FbWorker) on = NULL;
  g_autoptr(FbWorker) off = NULL;
  g_autoptr(FbWorker) c = NULL;
  FbWorker *d, *e;
  gint64 since = f->clock.now_ms;

  g_assert_cmpint (fb_store_get_duty_limit (f->a, f->incident), ==, FB_DUTY_LIMIT_DEFAULT_MIN);
  g_assert_false (fb_store_set_duty_limit (f->a, f->incident, 10, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fb_store_set_duty_limit (f->a, f->incident, 8 * 60, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fb_store_get_duty_limit (f->a, f->incident), ==, 8 * 60);
  g_assert_cmpuint (count_events (f->a, f->incident, "duty-limit"), ==, 1);

  g_assert_true (fb_store_set_worker_duty (f->a, f->incident, chen, since, 0, &error));
  g_assert_no_error (error);
  on = fb_store_get_worker (f->a, f->incident, chen);
  g_assert_cmpint (fb_worker_get_duty_limit_at (on, 8 * 60), ==, since + 8 * 60 * MINUTE);

  /* Nobody comes on duty in the future. */
  g_assert_false (fb_store_set_worker_duty (f->a, f->incident, chen, since + MINUTE, 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  f->clock.now_ms += 60 * MINUTE;
  g_assert_true (fb_store_set_worker_duty (f->a, f->incident, chen, 0, f->clock.now_ms, &error));
  off = fb_store_get_worker (f->a, f->incident, chen);
  g_assert_cmpint (fb_worker_get_duty_limit_at (off, 8 * 60), ==, 0);
  g_assert_cmpuint (count_events (f->a, f->incident, "duty-on"), ==, 1);
  g_assert_cmpuint (count_events (f->a, f->incident, "duty-off"), ==, 1);

  /* Pairs go both ways; a new pair parts the old one. */
  g_assert_true (fb_store_pair_workers (f->a, f->incident, chen, dana, &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_pair_workers (f->a, f->incident, eli, dana, &error));
  g_assert_no_error (error);
  c = fb_store_get_worker (f->a, f->incident, chen);
  d = fb_store_get_worker (f->a, f->incident, dana);
  e = fb_store_get_worker (f->a, f->incident, eli);
  g_assert_cmpstr (fb_worker_get_pair (c), ==, "");
  g_assert_cmpstr (fb_worker_get_pair (d), ==, eli);
  g_assert_cmpstr (fb_worker_get_pair (e), ==, dana);
  g_assert_false (fb_store_pair_workers (f->a, f->incident, eli, eli, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_events (f->a, f->incident, "paired"), ==, 2);

  /* Someone new, on duty and in a pair, in one change. */
  {
    g_autoptr(JsonObject) fields = json_object_new ();
    g_autofree char *fay = NULL;
    g_autoptr(FbWorker) saved = NULL;
    g_autoptr(FbWorker) partner = NULL;
    g_autoptr(GListModel) tired = NULL;
    g_autoptr(JsonObject) nothing = json_object_new ();
    guint ops_before = count_ops (f->a);

    json_object_set_string_member (fields, "person", "Fay");
    fay = fb_store_save_worker (f->a, f->incident, NULL, fields, TRUE, chen, &error);
    g_assert_no_error (error);
    saved = fb_store_get_worker (f->a, f->incident, fay);
    partner = fb_store_get_worker (f->a, f->incident, chen);
    g_assert_cmpstr (fb_worker_get_pair (saved), ==, chen);
    g_assert_cmpstr (fb_worker_get_pair (partner), ==, fay);
    g_assert_cmpint (fb_worker_get_on_duty_since (saved), ==, f->clock.now_ms);
    /* The worker, its entry, on duty and its entry, both pair ops and theirs. */
    g_assert_cmpuint (count_ops (f->a), ==, ops_before + 7);

    f->clock.now_ms += 8 * 60 * MINUTE;
    tired = fb_store_list_tired_workers (f->a, f->incident, f->clock.now_ms);
    g_assert_cmpuint (g_list_model_get_n_items (tired), ==, 1);
    /* Off duty, still paired: nothing but that changes. */
    ops_before = count_ops (f->a);
    g_free (fb_store_save_worker (f->a, f->incident, fay, nothing, FALSE, chen, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_ops (f->a), ==, ops_before + 2);
    g_clear_object (&tired);
    tired = fb_store_list_tired_workers (f->a, f->incident, f->clock.now_ms);
    g_assert_cmpuint (g_list_model_get_n_items (tired), ==, 0);
  }

  fb_test_store_pass_ops (f->a, f->b);
  {
    g_autoptr(FbWorker) at_b = fb_store_get_worker (f->b, f->incident, dana);

    g_assert_cmpstr (fb_worker_get_pair (at_b), ==, eli);
    g_assert_cmpint (fb_store_get_duty_limit (f->b, f->incident), ==, 8 * 60);
  }
  assert_verifies (f->a);
  assert_verifies (f->b);
  g_object_unref (d);
  g_object_unref (e);
}

/* A handover of an older record, one role.handover, reads as offered and
 * accepted at once, and its briefing prints. */
static void
test_handover_legacy (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(FbHandover) old = NULL;
  g_autoptr(FbHandover) again = NULL;
  g_autoptr(FbReport) form = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *now_commanding = NULL;

  g_assert_true (fb_store_hand_over_command (f->a, f->incident, NULL, "Ken Sato", NULL, "Laptop gone",
                                             "", "", 0, &error));
  g_assert_no_error (error);
  now_commanding = commander (f->a, f->incident);
  g_assert_cmpstr (now_commanding, ==, "Ken Sato");

  history = fb_store_list_handovers (f->a, f->incident);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
  old = g_list_model_get_item (history, 0);
  g_assert_cmpint (fb_handover_get_state (old), ==, FB_HANDOVER_ACCEPTED);
  g_assert_cmpstr (fb_handover_get_outgoing (old), ==, "Aiko Tanaka");
  g_assert_cmpstr (fb_handover_get_incoming (old), ==, "Ken Sato");
  g_assert_cmpstr (fb_handover_get_briefing (old)->situation, ==, "Laptop gone");
  g_assert_null (fb_store_get_offered_handover (f->a, f->incident));

  again = fb_store_get_handover (f->a, fb_handover_get_id (old));
  g_assert_nonnull (again);
  form = fb_report_new_briefing (f->a, f->incident, fb_handover_get_id (old), &error);
  g_assert_no_error (error);
  markdown = fb_report_to_markdown (form);
  g_assert_nonnull (strstr (markdown, "Laptop gone"));
  g_assert_nonnull (strstr (markdown, "Accepted"));
  assert_verifies (f->a);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handover/validate", test_handover_validate);
  g_test_add ("/handover/offer-accept", Fixture, NULL, fixture_setup, test_handover_offer_accept, fixture_teardown);
  g_test_add ("/handover/withdraw-decline", Fixture, NULL, fixture_setup, test_handover_withdraw_decline, fixture_teardown);
  g_test_add ("/handover/converge", Fixture, NULL, fixture_setup, test_handover_converge, fixture_teardown);
  g_test_add ("/handover/periods", Fixture, NULL, fixture_setup, test_handover_periods, fixture_teardown);
  g_test_add ("/handover/legacy", Fixture, NULL, fixture_setup, test_handover_legacy, fixture_teardown);
  g_test_add ("/handover/duty", Fixture, NULL, fixture_setup, test_handover_duty, fixture_teardown);

  return g_test_run ();
}
