/* test-review.c — readiness reviews: a record of its own, with a
 * checklist and none of an incident's clocks
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-playbook-library.h"
#include "fb-report.h"
#include "fb-store-deadlines.h"
#include "fb-store-updates.h"
#include "fb-test-util.h"

typedef struct
{
  FbTestDir         *dir;
  FbStore           *store;
  FbPlaybookLibrary *library;
  char              *review;
} Fixture;

static FbStore *
open_store (Fixture    *f,
            const char *name)
{
  g_autofree char *path = fb_test_dir_file (f->dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  FbPlaybook *preparation;

  f->dir = fb_test_dir_new ();
  f->store = open_store (f, "firebreak.db");
  fb_store_set_author (f->store, "Aiko");
  f->library = fb_playbook_library_new_with_user_dir (NULL);
  preparation = fb_playbook_library_lookup (f->library, "preparation");
  g_assert_nonnull (preparation);

  f->review = fb_store_start_review (f->store, "Readiness review, spring", preparation, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->review);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_free (f->review);
  g_assert_finalize_object (f->library);
  g_assert_finalize_object (f->store);
  fb_test_dir_free (f->dir);
}

/* What makes a record a review, wherever it was read from. */
static void
assert_is_review (FbStore    *store,
                  const char *id,
                  guint       n_steps)
{
  g_autoptr(FbIncident) review = fb_store_get_incident (store, id);
  g_autoptr(GListModel) deadlines = NULL;
  g_autoptr(GListModel) steps = NULL;
  FbUpdateClock clock;

  g_assert_nonnull (review);
  g_assert_true (fb_incident_is_review (review));
  g_assert_cmpint (fb_incident_get_record (review), ==, FB_RECORD_READINESS);
  g_assert_cmpstr (fb_incident_get_kind (review), ==, "preparation");
  g_assert_cmpint (fb_incident_get_status (review), ==, FB_STATUS_OPEN);
  g_assert_cmpint (fb_incident_get_contained_at (review), ==, 0);

  deadlines = fb_store_list_deadlines (store, id);
  g_assert_cmpuint (g_list_model_get_n_items (deadlines), ==, 0);
  g_assert_false (fb_store_get_update_clock (store, id, &clock));
  g_assert_cmpint (clock.due_at, ==, 0);

  steps = fb_store_list_checklist (store, id);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, n_steps);
}

static void
assert_verifies (FbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) check = fb_store_verify (store, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (check->problem);
}

static void
test_review_start (Fixture       *f,
                   gconstpointer  user_data)
{
  FbPlaybook *preparation = fb_playbook_library_lookup (f->library, "preparation");
  g_autoptr(GListModel) steps = fb_store_list_checklist (f->store, f->review);
  g_autoptr(FbChecklistItem) first = g_list_model_get_item (steps, 0);
  g_autoptr(GListModel) records = fb_store_list_incidents (f->store, TRUE);
  g_autoptr(FbIncident) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;

  assert_is_review (f->store, f->review, fb_playbook_get_n_items (preparation));

  /* Each step keeps its playbook item, so its hint is found. */
  g_assert_cmpstr (fb_checklist_item_get_playbook_item (first), ==, "prep-logs");
  g_assert_nonnull (fb_playbook_library_get_hint (f->library, "preparation", "prep-logs"));

  /* Reviews list after the incidents, whatever their dates. */
  incident = fb_store_create_incident (f->store, "Mail server down", "generic", 2, 0, 0, FALSE, &error);
  g_assert_no_error (error);
  g_clear_object (&records);
  records = fb_store_list_incidents (f->store, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 2);
  last = g_list_model_get_item (records, 1);
  g_assert_cmpstr (fb_incident_get_id (last), ==, f->review);
  g_clear_object (&last);
  last = g_list_model_get_item (records, 0);
  g_assert_false (fb_incident_is_review (last));
  g_assert_cmpint (fb_incident_get_record (last), ==, FB_RECORD_INCIDENT);
}

/* The clocks of an incident are refused with words that say why, and the
 * record stays as it was. */
static void
test_review_no_clocks (Fixture       *f,
                       gconstpointer  user_data)
{
  FbPlaybook *preparation = fb_playbook_library_lookup (f->library, "preparation");
  FbPlaybook *generic = fb_playbook_library_lookup (f->library, "generic");
  g_autoptr(JsonObject) deadline = json_object_new ();
  g_autoptr(GError) error = NULL;
  FbDeadlineRules answers = { .personal_data = TRUE, .eu_people = TRUE };
  FbIncidentPlan plan = { .title = "Review", .playbook = preparation, .severity = 3 };
  const char * const audiences[] = { "management", NULL };
  guint n_ops;

  {
    g_autoptr(GPtrArray) ops = fb_store_get_ops (f->store, NULL, &error);
    g_assert_no_error (error);
    n_ops = ops->len;
  }

  g_assert_false (fb_store_record_containment (f->store, f->review, 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "readiness review"));
  g_clear_error (&error);

  g_assert_false (fb_store_set_deadline_rules (f->store, f->review, &answers, preparation, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  json_object_set_string_member (deadline, "name", "Report");
  json_object_set_int_member (deadline, "due_at", 1);
  g_assert_null (fb_store_set_deadline (f->store, f->review, NULL, deadline, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (fb_store_send_status_update (f->store, f->review, audiences, "All well", 60, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  /* A standing checklist is no incident, and an incident's playbook
   * starts no review. */
  g_assert_null (fb_store_declare_incident (f->store, &plan, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "readiness review"));
  g_clear_error (&error);
  g_assert_null (fb_store_start_review (f->store, "Review", generic, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autoptr(GPtrArray) ops = fb_store_get_ops (f->store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ops->len, ==, n_ops);
  }
  assert_is_review (f->store, f->review, fb_playbook_get_n_items (preparation));
}

/* What a record is was fixed by its create: an update may not turn an
 * incident into a review or back. */
static void
test_review_type_fixed (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbIncident) review = NULL;

  json_object_set_string_member (fields, "record", "incident");
  g_assert_false (fb_store_update_incident (f->store, f->review, fields, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "body.record"));
  g_clear_error (&error);

  review = fb_store_get_incident (f->store, f->review);
  g_assert_true (fb_incident_is_review (review));

  /* Closing and reopening is what a review has of a status. */
  g_assert_true (fb_store_set_incident_open (f->store, f->review, FALSE, &error));
  g_assert_no_error (error);
  g_clear_object (&review);
  review = fb_store_get_incident (f->store, f->review);
  g_assert_cmpint (fb_incident_get_status (review), ==, FB_STATUS_CLOSED);
}

/* Exported and imported, or delivered op by op as a server would, the
 * record arrives as a review, and it verifies. */
static void
test_review_travels (Fixture       *f,
                     gconstpointer  user_data)
{
  FbPlaybook *preparation = fb_playbook_library_lookup (f->library, "preparation");
  guint n_steps = fb_playbook_get_n_items (preparation);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) json = fb_export_incident (f->store, f->review, FB_EXPORT_JSON, &error);
  g_autoptr(FbStore) imported = open_store (f, "imported.db");
  g_autoptr(FbStore) synced = open_store (f, "synced.db");
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *id = NULL;
  gsize length;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (json, &length);
  g_assert_true (fb_import_incident (imported, data, length, &id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, f->review);
  assert_is_review (imported, f->review, n_steps);
  assert_verifies (imported);

  ops = fb_store_get_ops (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_apply (synced, ops, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  assert_is_review (synced, f->review, n_steps);
  assert_verifies (synced);
}

/* The report says what the record is, lists the steps with their
 * outcomes, and has none of an incident's key times. */
static void
test_review_report (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GListModel) steps = fb_store_list_checklist (f->store, f->review);
  g_autoptr(FbChecklistItem) first = g_list_model_get_item (steps, 0);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) markdown = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (fields, "state", "done");
  g_assert_true (fb_store_set_checklist_item (f->store, fb_checklist_item_get_id (first), fields, &error));
  g_assert_no_error (error);

  /* What the header and the overview count. */
  {
    g_autoptr(GListModel) now = fb_store_list_checklist (f->store, f->review);
    g_autofree char *shown = NULL;
    g_autoptr(FbChecklistItem) second = g_list_model_get_item (now, 1);
    g_autoptr(JsonObject) skip = json_object_new ();
    FbReviewProgress progress;

    fb_review_progress_compute (now, &progress);
    g_assert_cmpuint (progress.settled, ==, 1);
    g_assert_cmpuint (progress.total, ==, g_list_model_get_n_items (now));
    g_assert_cmpint (progress.last_done_at, >, 0);
    shown = fb_review_progress_format (&progress);
    g_assert_true (g_str_has_prefix (shown, "1 of "));

    /* A skipped step is settled, but not done: the count says so. */
    json_object_set_string_member (skip, "state", "skipped");
    g_assert_true (fb_store_set_checklist_item (f->store, fb_checklist_item_get_id (second), skip, &error));
    g_assert_no_error (error);
    g_clear_object (&now);
    now = fb_store_list_checklist (f->store, f->review);
    fb_review_progress_compute (now, &progress);
    g_assert_cmpuint (progress.settled, ==, 2);
    g_assert_cmpuint (progress.skipped, ==, 1);
    g_clear_pointer (&shown, g_free);
    shown = fb_review_progress_format (&progress);
    g_assert_true (g_str_has_prefix (shown, "1 of "));
  }

  markdown = fb_export_incident (f->store, f->review, FB_EXPORT_MARKDOWN, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (markdown, NULL), g_bytes_get_size (markdown));

  g_assert_true (g_str_has_prefix (text, "# Readiness review: Readiness review, spring"));
  g_assert_nonnull (strstr (text, "Checklists"));
  g_assert_nonnull (strstr (text, fb_checklist_item_get_text (first)));
  g_assert_nonnull (strstr (text, "| Done |"));
  g_assert_null (strstr (text, "Key times"));
  g_assert_null (strstr (text, "Contained"));
  g_assert_null (strstr (text, "Severity"));
  g_assert_null (strstr (text, "Incident report"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/review/start", test_review_start);
  ADD ("/review/no-clocks", test_review_no_clocks);
  ADD ("/review/type-fixed", test_review_type_fixed);
  ADD ("/review/travels", test_review_travels);
  ADD ("/review/report", test_review_report);

#undef ADD

  return g_test_run ();
}
