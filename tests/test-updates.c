/* test-updates.c — stakeholder updates on a cadence
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-describe.h"
#include "fb-test-store.h"

#define DETECTED 1764000000000
#define MINUTE   60000

typedef struct
{
  FbTestDir  *dir;
  FbTestClock clock;
  FbStore    *store;
  char       *incident;
  gint64      declared;
} Fixture;

/* A store that takes its time from the fixture's clock. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = fb_test_dir_new ();
  f->declared = DETECTED + 10 * MINUTE;
  f->clock.now_ms = f->declared;
  f->store = fb_test_store_open (f->dir, "a.db", &f->clock, "Aiko Tanaka");
  f->incident = fb_store_create_incident (f->store, "NAS encrypted", "ransomware", 2, DETECTED, 60, FALSE, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  g_free (f->incident);
  fb_test_dir_free (f->dir);
}

static gint64
next_due (FbStore    *store,
          const char *incident)
{
  gint64 due_at = 0;

  g_assert_true (fb_store_get_next_update_due (store, incident, &due_at));
  return due_at;
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

/* The rule itself: an interval after the last update, or a handover's
 * promise made since then when it is sooner. */
static void
test_updates_due_rule (void)
{
  gint64 since = DETECTED;

  g_assert_cmpint (fb_update_due_at (since, 60, 0, 0), ==, since + 60 * MINUTE);
  /* A promise sooner than the interval, made after the last update. */
  g_assert_cmpint (fb_update_due_at (since, 60, since + 5 * MINUTE, since + 30 * MINUTE), ==, since + 30 * MINUTE);
  /* A promise later than the interval does not push the update back. */
  g_assert_cmpint (fb_update_due_at (since, 60, since + 5 * MINUTE, since + 90 * MINUTE), ==, since + 60 * MINUTE);
  /* A promise made before the last update was overtaken by it. */
  g_assert_cmpint (fb_update_due_at (since, 60, since - 5 * MINUTE, since + 30 * MINUTE), ==, since + 60 * MINUTE);
}

static void
test_updates_defaults_and_levels (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(FbIncident) incident = fb_store_get_incident (f->store, f->incident);
  FbUpdateClock clock;

  g_assert_cmpint (fb_incident_get_update_interval_min (incident), ==, 60);
  g_assert_cmpstr (fb_incident_get_update_audiences (incident), ==, "management,staff");

  g_assert_true (fb_store_get_update_clock (f->store, f->incident, &clock));
  g_assert_cmpint (clock.last_update_at, ==, 0);
  g_assert_cmpint (clock.since, ==, f->declared);
  g_assert_cmpint (clock.due_at, ==, f->declared + 60 * MINUTE);
  g_assert_cmpint (fb_update_clock_level (&clock, f->declared + 44 * MINUTE), ==, FB_DEADLINE_LEVEL_NORMAL);
  g_assert_cmpint (fb_update_clock_level (&clock, f->declared + 45 * MINUTE), ==, FB_DEADLINE_LEVEL_WARNING);
  g_assert_cmpint (fb_update_clock_level (&clock, f->declared + 61 * MINUTE), ==, FB_DEADLINE_LEVEL_CRITICAL);

  /* A closed incident owes nobody an update. */
  g_assert_true (fb_store_set_incident_open (f->store, f->incident, FALSE, NULL));
  g_assert_false (fb_store_get_update_clock (f->store, f->incident, &clock));
}

/* Changing the cadence leaves an entry, and none when nothing changes. */
static void
test_updates_interval_entry (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) same = json_object_new ();
  g_autoptr(GListModel) system = NULL;
  g_autoptr(FbEntry) interval = NULL;
  g_autoptr(FbEntry) audiences = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *shown_audiences = NULL;

  json_object_set_int_member (fields, "update_interval_min", 30);
  json_object_set_string_member (fields, "update_audiences", "management,regulator");
  g_assert_true (fb_store_update_incident (f->store, f->incident, fields, &error));
  g_assert_no_error (error);
  json_object_set_int_member (same, "update_interval_min", 30);
  g_assert_true (fb_store_update_incident (f->store, f->incident, same, &error));

  system = fb_store_list_entries_where (f->store, f->incident, 1u << FB_ENTRY_SYSTEM, FALSE, 0);
  g_assert_cmpuint (g_list_model_get_n_items (system), ==, 2);
  interval = g_list_model_get_item (system, 0);
  audiences = g_list_model_get_item (system, 1);
  shown = fb_describe_entry (interval, f->store);
  shown_audiences = fb_describe_entry (audiences, f->store);
  if (strstr (shown, "every") == NULL)
    {
      g_autofree char *swap = g_steal_pointer (&shown);
      shown = g_steal_pointer (&shown_audiences);
      shown_audiences = g_steal_pointer (&swap);
    }
  g_assert_cmpstr (shown, ==, "Status updates every 30 min (was 60 min)");
  g_assert_cmpstr (shown_audiences, ==, "Status updates for: Management, Regulator");

  g_assert_cmpint (next_due (f->store, f->incident), ==, f->declared + 30 * MINUTE);

  /* Outside the limits, nothing changes. */
  json_object_set_int_member (same, "update_interval_min", 1);
  g_assert_false (fb_store_update_incident (f->store, f->incident, same, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (next_due (f->store, f->incident), ==, f->declared + 30 * MINUTE);

  assert_verifies (f->store);
}

/* Sending an update is one escalation with its audiences, and restarts
 * the clock. */
static void
test_updates_send (Fixture       *f,
                   gconstpointer  data)
{
  const char * const audiences[] = { "management", "staff", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GListModel) contact_logs = NULL;
  g_autofree char *id = NULL;
  g_autofree char *shown = NULL;
  JsonArray *list;
  guint entries_before = fb_store_count_entries (f->store, f->incident);
  FbUpdateClock clock;
  gint64 sent_at;

  f->clock.now_ms = f->declared + 50 * MINUTE;
  sent_at = f->clock.now_ms;
  id = fb_store_send_status_update (f->store, f->incident, audiences, "NAS isolated; backups intact.", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_cmpuint (fb_store_count_entries (f->store, f->incident), ==, entries_before + 1);

  entry = fb_store_get_entry (f->store, id);
  g_assert_cmpint (fb_entry_get_kind (entry), ==, FB_ENTRY_ESCALATION);
  g_assert_cmpstr (fb_entry_get_text (entry), ==, "NAS isolated; backups intact.");
  object = fb_entry_dup_data_object (entry);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "status-update");
  list = json_object_get_array_member (object, "audience");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (list, 1), ==, "staff");
  shown = fb_describe_entry (entry, f->store);
  g_assert_cmpstr (shown, ==, "Status update to Management, Staff:\nNAS isolated; backups intact.");

  /* Audiences are groups: nobody in the address book counts as told. */
  contact_logs = fb_store_list_contact_logs (f->store, f->incident);
  g_assert_cmpuint (g_list_model_get_n_items (contact_logs), ==, 0);

  g_assert_true (fb_store_get_update_clock (f->store, f->incident, &clock));
  g_assert_cmpint (clock.last_update_at, ==, sent_at);
  g_assert_cmpint (clock.due_at, ==, sent_at + 60 * MINUTE);
  g_assert_cmpint (fb_update_clock_level (&clock, sent_at + MINUTE), ==, FB_DEADLINE_LEVEL_NORMAL);

  /* An audience this version does not know is refused, and nothing is
   * logged. */
  {
    const char * const unknown[] = { "press", NULL };
    guint before = fb_store_count_entries (f->store, f->incident);
    g_autofree char *refused = fb_store_send_status_update (f->store, f->incident, unknown, "Hello", 0, &error);

    g_assert_null (refused);
    g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpuint (fb_store_count_entries (f->store, f->incident), ==, before);
  }

  /* Sending to other audiences with another interval keeps both for the
   * next update, noted in the same transaction. */
  {
    const char * const staff[] = { "staff", NULL };
    g_autoptr(FbIncident) incident = NULL;
    g_autofree char *again = NULL;
    guint before = fb_store_count_entries (f->store, f->incident);

    f->clock.now_ms += 10 * MINUTE;
    again = fb_store_send_status_update (f->store, f->incident, staff, "Staff: work offline.", 30, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (fb_store_count_entries (f->store, f->incident), ==, before + 3);
    incident = fb_store_get_incident (f->store, f->incident);
    g_assert_cmpint (fb_incident_get_update_interval_min (incident), ==, 30);
    g_assert_cmpstr (fb_incident_get_update_audiences (incident), ==, "staff");
    g_assert_cmpint (next_due (f->store, f->incident), ==, f->clock.now_ms + 30 * MINUTE);
  }

  assert_verifies (f->store);
}

/* The next update a handover promises counts when it is sooner; an
 * update sent after it starts the clock again. */
static void
test_updates_handover (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 promised = f->declared + 20 * MINUTE;

  f->clock.now_ms = f->declared + 5 * MINUTE;
  g_assert_true (fb_store_hand_over_command (f->store, f->incident, "Aiko Tanaka", "Ken Sato", NULL,
                                             "NAS isolated", "", "", promised, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_due (f->store, f->incident), ==, promised);

  f->clock.now_ms = f->declared + 15 * MINUTE;
  id = fb_store_send_status_update (f->store, f->incident, NULL, "Isolated.", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (next_due (f->store, f->incident), ==, f->clock.now_ms + 60 * MINUTE);
}

/* Two stores that exchange their changes show the same clock. */
static void
test_updates_converge (Fixture       *f,
                       gconstpointer  data)
{
  const char * const audiences[] = { "staff", NULL };
  g_autoptr(FbStore) other = fb_test_store_open (f->dir, "b.db", &f->clock, "Ken Sato");
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(FbIncident) a = NULL;
  g_autoptr(FbIncident) b = NULL;

  ops = fb_store_get_ops (f->store, NULL, &error);
  g_assert_true (fb_store_apply (other, ops, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_no_error (error);

  f->clock.now_ms += 10 * MINUTE;
  json_object_set_int_member (fields, "update_interval_min", 45);
  g_assert_true (fb_store_update_incident (other, f->incident, fields, &error));
  f->clock.now_ms += 10 * MINUTE;
  id = fb_store_send_status_update (f->store, f->incident, audiences, "All staff: do not open attachments.", 0, &error);
  g_assert_no_error (error);

  back = fb_store_get_ops (other, NULL, &error);
  g_assert_true (fb_store_apply (f->store, back, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = fb_store_get_ops (f->store, NULL, &error);
  g_assert_true (fb_store_apply (other, ops, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_no_error (error);

  a = fb_store_get_incident (f->store, f->incident);
  b = fb_store_get_incident (other, f->incident);
  g_assert_cmpint (fb_incident_get_update_interval_min (a), ==, 45);
  g_assert_cmpint (fb_incident_get_update_interval_min (b), ==, 45);
  g_assert_cmpint (next_due (f->store, f->incident), ==, next_due (other, f->incident));
  g_assert_cmpint (next_due (other, f->incident), ==, f->clock.now_ms + 45 * MINUTE);

  assert_verifies (f->store);
  assert_verifies (other);
}

/* The draft shares the facts and asks for the decisions pending. */
static void
test_updates_compose (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fact = NULL;
  g_autofree char *decision = NULL;
  g_autofree char *draft = NULL;
  g_autoptr(JsonObject) pending = json_object_new ();

  fact = fb_store_add_entry (f->store, f->incident, FB_ENTRY_FACT, "FS-02 encrypted at 09:12", 0, NULL, NULL, &error);
  g_assert_true (fb_store_set_pinned (f->store, fact, TRUE, &error));
  json_object_set_string_member (pending, "status", "pending");
  decision = fb_store_add_entry (f->store, f->incident, FB_ENTRY_DECISION, "Shut down the web shop?", 0, NULL,
                                 pending, &error);
  g_assert_no_error (error);

  draft = fb_store_compose_status_update (f->store, f->incident);
  g_assert_nonnull (strstr (draft, "What we know\n- FS-02 encrypted at 09:12\n"));
  g_assert_nonnull (strstr (draft, "What is down or affected\n- The incident is not contained yet\n"));
  g_assert_nonnull (strstr (draft, "What is still unknown\n"));
  g_assert_nonnull (strstr (draft, "Decisions we need\n- Shut down the web shop?\n"));
  /* The pinned fact is listed once, though it is also among the latest. */
  g_assert_null (strstr (strstr (draft, "FS-02") + 1, "FS-02"));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/updates/due-rule", test_updates_due_rule);
  ADD ("/updates/defaults-and-levels", test_updates_defaults_and_levels);
  ADD ("/updates/interval-entry", test_updates_interval_entry);
  ADD ("/updates/send", test_updates_send);
  ADD ("/updates/handover", test_updates_handover);
  ADD ("/updates/converge", test_updates_converge);
  ADD ("/updates/compose", test_updates_compose);

  return g_test_run ();
}
