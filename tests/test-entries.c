/* test-entries.c — the timeline entries that changes leave in the record
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

#define DETECTED 1764000000000

typedef struct
{
  FbTestDir  *dir;
  FbTestClock clock;
  FbStore    *store;
  char       *incident;
} Fixture;

static FbStore *
open_store (Fixture    *f,
            const char *name)
{
  g_autofree char *path = fb_test_dir_file (f->dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store;

  store = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, &f->clock, &error);
  g_assert_no_error (error);
  fb_store_set_author (store, "Aiko Tanaka");
  return store;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = fb_test_dir_new ();
  f->clock.now_ms = DETECTED + 10 * 60000;
  f->store = open_store (f, "a.db");
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

static guint
count_system (FbStore    *store,
              const char *incident)
{
  g_autoptr(GListModel) list = fb_store_list_entries_where (store, incident, 1u << FB_ENTRY_SYSTEM, FALSE, 0);

  return g_list_model_get_n_items (list);
}

/* The newest system entry's data, and its text as the reader sees it. */
static JsonObject *
last_system (FbStore    *store,
             const char *incident,
             char      **shown)
{
  g_autoptr(GListModel) list = fb_store_list_entries_where (store, incident, 1u << FB_ENTRY_SYSTEM, FALSE, 0);
  guint n = g_list_model_get_n_items (list);
  g_autoptr(FbEntry) entry = NULL;

  g_assert_cmpuint (n, >, 0);
  entry = g_list_model_get_item (list, n - 1);
  if (shown != NULL)
    *shown = fb_describe_entry (entry, store);
  return fb_entry_dup_data_object (entry);
}

static void
update (Fixture    *f,
        const char *name,
        const char *value,
        gint64      number)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;

  if (value != NULL)
    json_object_set_string_member (fields, name, value);
  else
    json_object_set_int_member (fields, name, number);
  f->clock.now_ms += 60000;
  g_assert_true (fb_store_update_incident (f->store, f->incident, fields, &error));
  g_assert_no_error (error);
}

/* Each change leaves one entry with its values; a second, identical
 * change leaves none. */
static void
check_change (Fixture    *f,
              const char *name,
              const char *value,
              gint64      number,
              const char *event,
              const char *expected_text)
{
  guint before = count_system (f->store, f->incident);
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *shown = NULL;

  update (f, name, value, number);
  g_assert_cmpuint (count_system (f->store, f->incident), ==, before + 1);
  data = last_system (f->store, f->incident, &shown);
  g_assert_cmpstr (json_object_get_string_member (data, "event"), ==, event);
  if (expected_text != NULL)
    g_assert_cmpstr (shown, ==, expected_text);
  if (value != NULL && !g_str_equal (event, "summary"))
    g_assert_cmpstr (json_object_get_string_member (data, "to"), ==, value);
  else if (value == NULL)
    g_assert_cmpint (json_object_get_int_member (data, "to"), ==, number);

  update (f, name, value, number);
  g_assert_cmpuint (count_system (f->store, f->incident), ==, before + 1);
}

static void
test_entries_incident (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) severity = NULL;
  g_autoptr(FbVerification) v = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (count_system (f->store, f->incident), ==, 0);

  check_change (f, "severity", NULL, 1, "severity", "Severity raised: SEV 2 → SEV 1");
  severity = last_system (f->store, f->incident, NULL);
  g_assert_cmpint (json_object_get_int_member (severity, "from"), ==, 2);
  check_change (f, "severity", NULL, 3, "severity", "Severity lowered: SEV 1 → SEV 3");
  check_change (f, "phase", "containment", 0, "phase", "Phase: Detection & analysis → Containment & recovery");
  check_change (f, "status", "closed", 0, "status", "Status: Open → Closed");
  check_change (f, "title", "NAS and backups encrypted", 0, "title", "Title changed to “NAS and backups encrypted”");
  check_change (f, "containment_target_min", NULL, 30, "containment-target", "Containment target: 60 min → 30 min");
  check_change (f, "summary", "Backups were offline.", 0, "summary", "Summary updated");
  check_change (f, "detected_at", NULL, DETECTED - 20 * 60000, "detected", NULL);

  v = fb_store_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (v->problem);
}

static void
test_entries_roles (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) role = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *vacant = NULL;

  g_assert_true (fb_store_assign_role (f->store, f->incident, "scribe", "Yuki Tanaka", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_system (f->store, f->incident), ==, 1);
  role = last_system (f->store, f->incident, &shown);
  g_assert_cmpstr (json_object_get_string_member (role, "event"), ==, "role");
  g_assert_cmpstr (json_object_get_string_member (role, "role"), ==, "scribe");
  g_assert_cmpstr (json_object_get_string_member (role, "person"), ==, "Yuki Tanaka");
  g_assert_cmpstr (shown, ==, "Scribe: Yuki Tanaka");

  /* The same person again: nothing new to record. */
  g_assert_true (fb_store_assign_role (f->store, f->incident, "scribe", "Yuki Tanaka", NULL, &error));
  g_assert_cmpuint (count_system (f->store, f->incident), ==, 1);

  g_assert_true (fb_store_assign_role (f->store, f->incident, "scribe", "", NULL, &error));
  g_clear_pointer (&role, json_object_unref);
  role = last_system (f->store, f->incident, &vacant);
  g_assert_cmpstr (json_object_get_string_member (role, "from"), ==, "Yuki Tanaka");
  g_assert_cmpstr (vacant, ==, "Scribe: vacant");

  /* The commander's entry comes from the assignment itself, once. */
  g_assert_true (fb_store_assign_role (f->store, f->incident, "commander", "Kenji Ito", NULL, &error));
  g_assert_cmpuint (count_system (f->store, f->incident), ==, 3);
}

static void
test_entries_workers (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) later = json_object_new ();
  g_autoptr(JsonObject) worker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *shown = NULL;

  json_object_set_string_member (fields, "person", "Kenji Ito");
  json_object_set_string_member (fields, "status", "investigating");
  id = fb_store_set_worker (f->store, f->incident, NULL, fields, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_system (f->store, f->incident), ==, 1);
  worker = last_system (f->store, f->incident, &joined);
  g_assert_true (json_object_get_boolean_member (worker, "joined"));
  g_assert_cmpstr (json_object_get_string_member (worker, "worker"), ==, id);
  g_assert_cmpstr (joined, ==, "Kenji Ito joined: Investigating");

  json_object_set_string_member (later, "status", "containing");
  json_object_set_string_member (later, "task", "Isolate FS-02");
  g_free (fb_store_set_worker (f->store, f->incident, id, later, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_system (f->store, f->incident), ==, 2);
  g_clear_pointer (&worker, json_object_unref);
  worker = last_system (f->store, f->incident, &shown);
  g_assert_false (json_object_get_boolean_member (worker, "joined"));
  g_assert_cmpstr (json_object_get_string_member (worker, "status"), ==, "containing");
  g_assert_cmpstr (json_object_get_string_member (worker, "task"), ==, "Isolate FS-02");
  g_assert_cmpstr (shown, ==, "Kenji Ito: Containing — Isolate FS-02");

  g_free (fb_store_set_worker (f->store, f->incident, id, later, &error));
  g_assert_cmpuint (count_system (f->store, f->incident), ==, 2);
}

/* A record written before these entries existed: an update with no entry
 * beside it still verifies, and one store that has it converges with one
 * that makes new entries. */
static void
test_entries_old_record_and_converge (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(FbStore) other = open_store (f, "b.db");
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(FbVerification) v = NULL;
  g_autoptr(FbVerification) w = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbIncident) a = NULL;
  g_autoptr(FbIncident) b = NULL;

  json_object_set_int_member (fields, "severity", 1);
  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_INCIDENT_UPDATE, f->incident, f->incident, fields));
  g_assert_true (fb_store_apply (f->store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_system (f->store, f->incident), ==, 0);

  v = fb_store_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (v->problem);

  ops = fb_store_get_ops (f->store, NULL, &error);
  g_assert_true (fb_store_apply (other, ops, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_no_error (error);

  f->clock.now_ms += 60000;
  {
    g_autoptr(JsonObject) phase = json_object_new ();

    json_object_set_string_member (phase, "phase", "containment");
    g_assert_true (fb_store_update_incident (other, f->incident, phase, &error));
  }
  back = fb_store_get_ops (other, NULL, &error);
  g_assert_true (fb_store_apply (f->store, back, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_system (f->store, f->incident), ==, 1);
  g_assert_cmpuint (count_system (other, f->incident), ==, 1);
  g_assert_cmpuint (fb_store_count_entries (f->store, f->incident), ==,
                    fb_store_count_entries (other, f->incident));
  a = fb_store_get_incident (f->store, f->incident);
  b = fb_store_get_incident (other, f->incident);
  g_assert_cmpint (fb_incident_get_phase (a), ==, fb_incident_get_phase (b));
  g_assert_cmpint (fb_incident_get_severity (a), ==, fb_incident_get_severity (b));

  w = fb_store_verify (other, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (w->problem);
}

/* A back-dated entry shows both times in the report; one written at the
 * time shows one. */
static void
test_entries_back_dated_report (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbReport) report = NULL;
  g_autoptr(FbEntry) late = NULL;
  g_autoptr(FbEntry) prompt = NULL;
  g_autofree char *late_id = NULL;
  g_autofree char *prompt_id = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *happened = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *both = NULL;
  gint64 now = f->clock.now_ms;

  late_id = fb_store_add_entry (f->store, f->incident, FB_ENTRY_FACT, "Ransom note found on FS-02",
                                now - 30 * 60000, NULL, NULL, &error);
  g_assert_no_error (error);
  prompt_id = fb_store_add_entry (f->store, f->incident, FB_ENTRY_FACT, "FS-02 unplugged",
                                  now - 30000, NULL, NULL, &error);
  g_assert_no_error (error);

  late = fb_store_get_entry (f->store, late_id);
  prompt = fb_store_get_entry (f->store, prompt_id);
  g_assert_true (fb_entry_is_back_dated (late));
  g_assert_false (fb_entry_is_back_dated (prompt));

  report = fb_report_new_for_incident (f->store, f->incident, &error);
  g_assert_no_error (error);
  markdown = fb_report_to_markdown (report);

  happened = fb_report_format_time (now - 30 * 60000);
  recorded = fb_report_format_time (now);
  both = g_strdup_printf ("%s<br>(recorded %s)", happened, recorded);
  /* Only the back-dated entry carries the second time. */
  g_assert_nonnull (strstr (markdown, both));
  g_assert_true (strstr (markdown, "(recorded ") > strstr (markdown, both));
  g_assert_null (strstr (strstr (markdown, both) + strlen (both), "(recorded "));
}

/* What reached this file from other workstations since the last look:
 * their decisions and system entries recorded since a time, never one's
 * own, and nothing before the cursor first placed. */
static void
test_entries_from_others (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FbStore) other = open_store (f, "b.db");
  g_autoptr(GListModel) first = NULL, later = NULL, again = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbEntry) entry = NULL;
  gint64 cursor = -1;
  gint64 since;

  g_free (fb_store_add_entry (f->store, f->incident, FB_ENTRY_DECISION, "Before the look", 0, NULL, NULL,
                              &error));
  g_assert_no_error (error);
  first = fb_store_list_entries_from_others (f->store, &cursor, 0);
  g_assert_cmpuint (g_list_model_get_n_items (first), ==, 0);
  g_assert_cmpint (cursor, >, 0);

  /* An old decision and a new one from the other workstation, a note and
   * a decision of our own. */
  ops = fb_store_get_ops (f->store, NULL, &error);
  g_assert_no_error (error);
  fb_store_apply (other, ops, NULL, FB_APPLY_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_free (fb_store_add_entry (other, f->incident, FB_ENTRY_DECISION, "Old", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  f->clock.now_ms += 60000;
  since = f->clock.now_ms;
  g_free (fb_store_add_entry (other, f->incident, FB_ENTRY_NOTE, "A note", 0, NULL, NULL, &error));
  g_free (fb_store_add_entry (other, f->incident, FB_ENTRY_DECISION, "New", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  g_free (fb_store_add_entry (f->store, f->incident, FB_ENTRY_DECISION, "Ours", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = fb_store_get_ops (other, NULL, &error);
  g_assert_no_error (error);
  fb_store_apply (f->store, ops, NULL, FB_APPLY_DEFAULT, NULL, &error);
  g_assert_no_error (error);

  later = fb_store_list_entries_from_others (f->store, &cursor, since);
  g_assert_cmpuint (g_list_model_get_n_items (later), ==, 1);
  entry = g_list_model_get_item (later, 0);
  g_assert_cmpstr (fb_entry_get_text (entry), ==, "New");

  /* Each arrives once. */
  again = fb_store_list_entries_from_others (f->store, &cursor, since);
  g_assert_cmpuint (g_list_model_get_n_items (again), ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/entries/incident", test_entries_incident);
  ADD ("/entries/roles", test_entries_roles);
  ADD ("/entries/workers", test_entries_workers);
  ADD ("/entries/old-record-and-converge", test_entries_old_record_and_converge);
  ADD ("/entries/back-dated-report", test_entries_back_dated_report);
  ADD ("/entries/from-others", test_entries_from_others);

  return g_test_run ();
}
