/* test-async.c — the record's long jobs in a thread: export, import,
 * verify and reports, with progress and cancellation
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-report.h"
#include "fb-test-fill.h"
#include "fb-test-util.h"

#define T0 G_GINT64_CONSTANT (1764000000000)
#define N_ENTRIES 2000

typedef struct
{
  FbTestDir   *dir;
  FbTestClock  clock;
  FbStore     *store;
  char        *incident;
} Fixture;

/* What a job told and returned, in the order it came. */
typedef struct
{
  GArray       *fractions;
  GAsyncResult *result;
  guint         told_after_result;
} Outcome;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = fb_test_dir_new ();
  f->clock.now_ms = T0;
  path = fb_test_dir_file (f->dir, "record.db");
  f->store = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, &f->clock, &error);
  g_assert_no_error (error);
  fb_store_set_author (f->store, "Haruka Ito");

  f->incident = fb_store_create_incident (f->store, "Ransomware, file server", "ransomware", 1, T0, 60, FALSE, &error);
  g_assert_no_error (error);

  /* Large enough that the progress has steps between 0 and 1. */
  fb_test_add_facts (f->store, f->incident, N_ENTRIES, T0);

  f->clock.now_ms = T0 + 60 * 60000;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_assert_finalize_object (f->store);
  g_free (f->incident);
  fb_test_dir_free (f->dir);
}

static void
outcome_init (Outcome *outcome)
{
  outcome->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  outcome->result = NULL;
  outcome->told_after_result = 0;
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->fractions, g_array_unref);
  g_clear_object (&outcome->result);
}

static void
on_progress_cb (double   fraction,
                gpointer user_data)
{
  Outcome *outcome = user_data;

  if (outcome->result != NULL)
    outcome->told_after_result++;
  g_array_append_val (outcome->fractions, fraction);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = g_object_ref (result);
}

/* Runs the main loop until the job has returned, and until its thread has
 * let go of it, so that the store it holds can be finalized. */
static void
wait_for (Outcome *outcome)
{
  GWeakRef task;
  GObject *alive;

  while (outcome->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_weak_ref_init (&task, outcome->result);
  g_clear_object (&outcome->result);
  while ((alive = g_weak_ref_get (&task)) != NULL)
    {
      g_object_unref (alive);
      g_thread_yield ();
    }
  g_weak_ref_clear (&task);
}

static void
assert_progress_complete (Outcome *outcome)
{
  GArray *fractions = outcome->fractions;

  /* Told at least once between the start and the end, never backwards,
   * 1.0 last, and all of it before the result. */
  g_assert_cmpuint (fractions->len, >=, 3);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i - 1), <, g_array_index (fractions, double, i));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  g_assert_cmpuint (outcome->told_after_result, ==, 0);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static guint
count_files (FbTestDir *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir->path, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static void
test_export_matches (Fixture       *f,
                     gconstpointer  user_data)
{
  for (FbExportFormat format = FB_EXPORT_MARKDOWN; format <= FB_EXPORT_CSV; format++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) expected = fb_export_incident (f->store, f->incident, format, &error);
      g_autofree char *name = g_strdup_printf ("export.%s", fb_export_format_extension (format));
      g_autofree char *path = fb_test_dir_file (f->dir, name);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GBytes) written = NULL;
      Outcome outcome;

      g_assert_no_error (error);
      outcome_init (&outcome);
      fb_export_incident_async (f->store, f->incident, format, file, NULL,
                                on_progress_cb, &outcome, on_done_cb, &outcome);
      while (outcome.result == NULL)
        g_main_context_iteration (NULL, TRUE);

      g_assert_true (fb_export_incident_finish (f->store, outcome.result, &error));
      g_assert_no_error (error);
      assert_progress_complete (&outcome);
      wait_for (&outcome);

      written = read_file (path);
      g_assert_true (g_bytes_equal (written, expected));
      outcome_clear (&outcome);
    }
}

/* Cancelled before it could write: the file the user chose is as it was,
 * a file that did not exist is not made, and nothing is left beside them. */
static void
test_export_cancelled (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autofree char *kept_path = fb_test_dir_file (f->dir, "kept.html");
  guint n_files;

  g_assert_true (g_file_set_contents (kept_path, "what was there", -1, NULL));
  n_files = count_files (f->dir);

  for (FbExportFormat format = FB_EXPORT_MARKDOWN; format <= FB_EXPORT_CSV; format++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autofree char *new_path = fb_test_dir_file (f->dir, "new.export");
      const char *paths[] = { kept_path, new_path };

      for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GFile) file = g_file_new_for_path (paths[p]);
          g_autoptr(GBytes) kept = NULL;
          Outcome outcome;

          outcome_init (&outcome);
          g_cancellable_cancel (cancellable);
          fb_export_incident_async (f->store, f->incident, format, file, cancellable,
                                    on_progress_cb, &outcome, on_done_cb, &outcome);
          while (outcome.result == NULL)
            g_main_context_iteration (NULL, TRUE);

          g_assert_false (fb_export_incident_finish (f->store, outcome.result, &error));
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          /* A cancelled job is silent. */
          g_assert_cmpuint (outcome.fractions->len, ==, 0);
          wait_for (&outcome);
          outcome_clear (&outcome);

          g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
          kept = read_file (kept_path);
          g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "what was there", 14);
          g_assert_cmpuint (count_files (f->dir), ==, n_files);
        }
    }
}

static void
on_progress_cancel_cb (double   fraction,
                       gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

/* Cancelled while it runs: either the cancel came in time, and nothing
 * was written, or it came once the file was being written, and the whole
 * file is there. Never a part of it. */
static void
test_export_cancelled_running (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = fb_export_incident (f->store, f->incident, FB_EXPORT_HTML, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = fb_test_dir_file (f->dir, "running.html");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint n_files = count_files (f->dir);
  Outcome outcome;

  g_assert_no_error (error);
  outcome_init (&outcome);
  fb_export_incident_async (f->store, f->incident, FB_EXPORT_HTML, file, cancellable,
                            on_progress_cancel_cb, cancellable, on_done_cb, &outcome);
  while (outcome.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (fb_export_incident_finish (f->store, outcome.result, &error))
    {
      g_autoptr(GBytes) written = read_file (path);
      g_assert_true (g_bytes_equal (written, expected));
    }
  else
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (count_files (f->dir), ==, n_files);
    }
  wait_for (&outcome);
  outcome_clear (&outcome);
}

static void
test_export_missing_incident (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fb_test_dir_file (f->dir, "none.md");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *nobody = fb_uuid_new ();
  Outcome outcome;

  outcome_init (&outcome);
  fb_export_incident_async (f->store, nobody, FB_EXPORT_MARKDOWN, file, NULL, NULL, NULL, on_done_cb, &outcome);
  while (outcome.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (fb_export_incident_finish (f->store, outcome.result, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);
  wait_for (&outcome);
  outcome_clear (&outcome);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* A file that cannot be written is said so, in words that name it. */
static void
test_export_unwritable (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fb_test_dir_file (f->dir, "no such folder/export.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Outcome outcome;

  outcome_init (&outcome);
  fb_export_incident_async (f->store, f->incident, FB_EXPORT_CSV, file, NULL, NULL, NULL, on_done_cb, &outcome);
  while (outcome.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (fb_export_incident_finish (f->store, outcome.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "Could not save the export: "));
  wait_for (&outcome);
  outcome_clear (&outcome);
}

static void
test_verify_matches (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) expected = fb_store_verify (f->store, f->incident, &error);
  g_autoptr(FbVerification) result = NULL;
  Outcome outcome;

  g_assert_no_error (error);
  outcome_init (&outcome);
  fb_store_verify_async (f->store, f->incident, NULL, on_progress_cb, &outcome, on_done_cb, &outcome);
  while (outcome.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  result = fb_store_verify_finish (f->store, outcome.result, &error);
  g_assert_no_error (error);
  assert_progress_complete (&outcome);
  wait_for (&outcome);
  outcome_clear (&outcome);

  g_assert_null (result->problem);
  g_assert_cmpstr (result->digest, ==, expected->digest);
  g_assert_cmpuint (result->n_ops, ==, expected->n_ops);
  g_assert_cmpuint (result->n_devices, ==, expected->n_devices);
  g_assert_cmpuint (result->n_entries, ==, expected->n_entries);
  g_assert_cmpuint (result->n_ops, >, N_ENTRIES);
}

static void
test_verify_cancelled (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome;

  outcome_init (&outcome);
  g_cancellable_cancel (cancellable);
  fb_store_verify_async (f->store, NULL, cancellable, on_progress_cb, &outcome, on_done_cb, &outcome);
  while (outcome.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (fb_store_verify_finish (f->store, outcome.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (outcome.fractions->len, ==, 0);
  wait_for (&outcome);
  outcome_clear (&outcome);
}

static void
test_report_matches (Fixture       *f,
                     gconstpointer  user_data)
{
  const FbReportKind kinds[] = { FB_REPORT_INCIDENT, FB_REPORT_CHECKLISTS, FB_REPORT_CONTACT_SHEET, FB_REPORT_TIMELINE };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FbReport) expected = NULL;
      g_autoptr(FbReport) report = NULL;
      g_autofree char *expected_text = NULL;
      g_autofree char *text = NULL;
      Outcome outcome;

      switch (kinds[k])
        {
        case FB_REPORT_INCIDENT: expected = fb_report_new_for_incident (f->store, f->incident, &error); break;
        case FB_REPORT_CHECKLISTS: expected = fb_report_new_checklists (f->store, f->incident, &error); break;
        case FB_REPORT_CONTACT_SHEET: expected = fb_report_new_contact_sheet (f->store); break;
        case FB_REPORT_TIMELINE: expected = fb_report_new_timeline (f->store, f->incident, &error); break;
        default: g_assert_not_reached ();
        }
      g_assert_no_error (error);

      outcome_init (&outcome);
      fb_report_new_async (f->store, kinds[k], kinds[k] == FB_REPORT_CONTACT_SHEET ? NULL : f->incident, NULL,
                           on_progress_cb, &outcome, on_done_cb, &outcome);
      while (outcome.result == NULL)
        g_main_context_iteration (NULL, TRUE);

      report = fb_report_new_finish (f->store, outcome.result, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (g_array_index (outcome.fractions, double, outcome.fractions->len - 1), ==, 1.0);
      /* The check of the record takes the time; a timeline's rows are
       * read from the record when the report is drawn. */
      if (kinds[k] == FB_REPORT_INCIDENT)
        assert_progress_complete (&outcome);
      wait_for (&outcome);
      outcome_clear (&outcome);

      expected_text = fb_report_to_markdown (expected);
      text = fb_report_to_markdown (report);
      g_assert_cmpstr (text, ==, expected_text);
    }
}

static FbStore *
open_other (Fixture    *f,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fb_test_dir_file (f->dir, name);
  FbStore *store = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, &f->clock, &error);

  g_assert_no_error (error);
  return store;
}

static void
test_import (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) exported = fb_export_incident (f->store, f->incident, FB_EXPORT_JSON, &error);
  g_autofree char *path = fb_test_dir_file (f->dir, "incident.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FbIncident) missing = NULL;
  g_autoptr(FbIncident) imported = NULL;
  g_autofree char *incident = NULL;
  FbStore *target = open_other (f, "target.db");
  guint n_applied = 0;
  Outcome outcome;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (exported, NULL), g_bytes_get_size (exported), NULL));

  /* Cancelled: nothing changes. */
  outcome_init (&outcome);
  g_cancellable_cancel (cancellable);
  fb_import_incident_async (target, file, cancellable, on_progress_cb, &outcome, on_done_cb, &outcome);
  while (outcome.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fb_import_incident_finish (target, outcome.result, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (outcome.fractions->len, ==, 0);
  wait_for (&outcome);
  outcome_clear (&outcome);
  missing = fb_store_get_incident (target, f->incident);
  g_assert_null (missing);

  outcome_init (&outcome);
  fb_import_incident_async (target, file, NULL, on_progress_cb, &outcome, on_done_cb, &outcome);
  while (outcome.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fb_import_incident_finish (target, outcome.result, &incident, &n_applied, &error));
  g_assert_no_error (error);
  assert_progress_complete (&outcome);
  wait_for (&outcome);
  outcome_clear (&outcome);

  g_assert_cmpstr (incident, ==, f->incident);
  g_assert_cmpuint (n_applied, ==, N_ENTRIES + 1);
  imported = fb_store_get_incident (target, incident);
  g_assert_nonnull (imported);
  g_assert_cmpstr (fb_incident_get_title (imported), ==, "Ransomware, file server");
  g_clear_object (&imported);
  g_assert_finalize_object (target);
}

static void
test_import_refused (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expected = NULL;
  g_autofree char *path = fb_test_dir_file (f->dir, "not-an-export.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *text = "{\"format\": \"something else\"}";
  FbStore *target = open_other (f, "target.db");
  Outcome outcome;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_false (fb_import_incident (target, text, strlen (text), NULL, NULL, &expected));

  outcome_init (&outcome);
  fb_import_incident_async (target, file, NULL, NULL, NULL, on_done_cb, &outcome);
  while (outcome.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fb_import_incident_finish (target, outcome.result, NULL, NULL, &error));
  g_assert_error (error, expected->domain, expected->code);
  g_assert_cmpstr (error->message, ==, expected->message);
  wait_for (&outcome);
  outcome_clear (&outcome);
  g_assert_finalize_object (target);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/async/export/matches", test_export_matches);
  ADD ("/async/export/cancelled", test_export_cancelled);
  ADD ("/async/export/cancelled-running", test_export_cancelled_running);
  ADD ("/async/export/unwritable", test_export_unwritable);
  ADD ("/async/export/missing-incident", test_export_missing_incident);
  ADD ("/async/verify/matches", test_verify_matches);
  ADD ("/async/verify/cancelled", test_verify_cancelled);
  ADD ("/async/report/matches", test_report_matches);
  ADD ("/async/import", test_import);
  ADD ("/async/import/refused", test_import_refused);
#undef ADD

  return g_test_run ();
}
