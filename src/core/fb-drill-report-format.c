/* fb-drill-report-format.c — the after-action report as a document
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is an FbReport like the incident's, so it exports, prints
 * and carries the record's state the same way. DRILL heads it: a printed
 * page of a drill must never pass for a real incident's.
 */

#define G_LOG_DOMAIN "fb-drill"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-drill-report.h"
#include "fb-deadline.h"
#include "fb-incident.h"
#include "fb-report-private.h"
#include "fb-store-deadlines.h"
#include "fb-task-private.h"

static char *
format_minute (gint64 minute)
{
  if (minute < 0)
    return g_strdup ("—");

  /* TRANSLATORS: a time in a drill, counted in minutes from its start */
  return g_strdup_printf (_("+%d min"), (int) minute);
}

static void
write_responses (FbReport   *report,
                 FbScenario *scenario,
                 GPtrArray  *results)
{
  const char *header[] = { _("Inject"), _("Released"), _("Expected"), _("Outcome"), _("Done"), _("By"),
                           NULL };
  guint counts[FB_DRILL_NOT_RELEASED + 1] = { 0 };
  g_autofree char *summary = NULL;
  FbBlock *table;

  for (guint i = 0; i < results->len; i++)
    counts[((FbDrillResult *) g_ptr_array_index (results, i))->outcome]++;

  _fb_report_add_text (report, FB_BLOCK_HEADING, _("Expected responses"));
  summary = g_strdup_printf (_("%u expected: %u met, %u late, %u missed, %u not reached (inject not released)."),
                             results->len, counts[FB_DRILL_MET], counts[FB_DRILL_LATE],
                             counts[FB_DRILL_MISSED], counts[FB_DRILL_NOT_RELEASED]);
  _fb_report_add_text (report, FB_BLOCK_PARAGRAPH, summary);

  table = _fb_report_add_table (report, header);
  for (guint i = 0; i < results->len; i++)
    {
      FbDrillResult *result = g_ptr_array_index (results, i);
      g_autofree char *inject = g_strdup_printf ("%s (%s)", result->inject->id,
                                                 fb_inject_kind_get_label (result->inject->kind));
      g_autofree char *released = format_minute (result->released_min);
      g_autofree char *expected = fb_scenario_expect_describe (scenario, result->expect);
      g_autofree char *answered = format_minute (result->answered_min);
      const char *row[] = { inject, released, expected, fb_drill_outcome_get_label (result->outcome),
                            answered, result->by != NULL ? result->by : "—", NULL };

      _fb_report_add_row (table, row);
    }
}

/* A deadline's span counts in drill minutes, as the scenario's times do:
 * a 72-hour report is due at +4320 in the drill. */
static void
write_deadlines (FbReport   *report,
                 FbStore    *store,
                 FbIncident *incident,
                 gint64      started_at,
                 int         speed)
{
  g_autoptr(GListModel) deadlines = fb_store_list_deadlines (store, fb_incident_get_id (incident));
  FbDeadlineRules rules;

  fb_incident_get_rules (incident, &rules);
  for (guint i = 0; i < g_list_model_get_n_items (deadlines); i++)
    {
      g_autoptr(FbDeadline) deadline = g_list_model_get_item (deadlines, i);
      g_autofree char *text = NULL;
      int due = (int) fb_deadline_get_minutes (deadline);

      if (!fb_deadline_rules_apply (&rules, fb_deadline_get_rule (deadline)))
        continue;

      if (fb_deadline_get_state (deadline) == FB_DEADLINE_MET)
        {
          int met = (int) ((fb_deadline_get_met_at (deadline) - started_at) * speed / 60000);

          /* TRANSLATORS: a deadline's name, then drill minutes */
          text = g_strdup_printf (met <= due ? _("%s: due at +%d min, met at +%d min.")
                                             : _("%s: due at +%d min, met late at +%d min."),
                                  fb_deadline_get_name (deadline), due, met);
        }
      else if (fb_deadline_get_state (deadline) == FB_DEADLINE_WAIVED)
        text = g_strdup_printf (_("%s: due at +%d min, waived."), fb_deadline_get_name (deadline), due);
      else
        text = g_strdup_printf (_("%s: due at +%d min, not met."), fb_deadline_get_name (deadline), due);
      _fb_report_add_text (report, FB_BLOCK_PARAGRAPH, text);
    }
}

static void
write_clocks (FbReport   *report,
              FbStore    *store,
              FbIncident *incident,
              gint64      started_at,
              int         speed)
{
  int target = fb_incident_get_containment_target_min (incident);
  gint64 contained_at = fb_incident_get_contained_at (incident);
  g_autofree char *text = NULL;

  _fb_report_add_text (report, FB_BLOCK_HEADING, _("Clocks"));
  if (contained_at <= 0)
    text = g_strdup_printf (_("Containment: not recorded (target %d min)."), target);
  else
    {
      gint64 minutes = (contained_at - MAX (started_at, fb_incident_get_detected_at (incident))) * speed / 60000;

      text = g_strdup_printf (minutes <= target ? _("Containment: at +%d min, within the target of %d min.")
                                                : _("Containment: at +%d min, past the target of %d min."),
                              (int) minutes, target);
    }
  _fb_report_add_text (report, FB_BLOCK_PARAGRAPH, text);
  write_deadlines (report, store, incident, started_at, speed);
}

static void
write_people (FbReport  *report,
              GPtrArray *results)
{
  g_autoptr(GHashTable) by_person = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) people = NULL;
  const char *header[] = { _("Person"), _("Responses done"), NULL };
  FbBlock *table;

  for (guint i = 0; i < results->len; i++)
    {
      FbDrillResult *result = g_ptr_array_index (results, i);

      if (result->by != NULL)
        g_hash_table_insert (by_person, result->by,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (by_person, result->by)) + 1));
    }

  _fb_report_add_text (report, FB_BLOCK_HEADING, _("Who did what"));
  people = g_list_sort (g_hash_table_get_keys (by_person), (GCompareFunc) g_utf8_collate);
  table = _fb_report_add_table (report, header);
  for (const GList *l = people; l != NULL; l = l->next)
    {
      g_autofree char *count = g_strdup_printf ("%u", GPOINTER_TO_UINT (g_hash_table_lookup (by_person, l->data)));
      const char *row[] = { l->data, count, NULL };

      _fb_report_add_row (table, row);
    }
}

/**
 * fb_drill_report_new:
 *
 * Returns: (transfer full): the after-action report of @incident, a drill
 *   of @scenario, as a document to export or print
 */
FbReport *
fb_drill_report_new (FbStore     *store,
                     const char  *incident_id,
                     FbScenario  *scenario,
                     GError     **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autoptr(FbReport) report = NULL;
  g_autofree char *title = NULL;
  gint64 started_at = 0;
  int speed = 1;

  results = fb_drill_assess (store, incident_id, scenario, error);
  if (results == NULL)
    return NULL;

  incident = fb_store_get_incident (store, incident_id);
  fb_drill_get_start (store, incident_id, NULL, &started_at, &speed);

  /* TRANSLATORS: the heading of a drill's report; %s is the scenario's title */
  title = g_strdup_printf (_("DRILL — after-action report: %s"), fb_scenario_get_title_in (scenario, NULL));
  report = _fb_report_new (title);
  _fb_report_add_text (report, FB_BLOCK_PARAGRAPH, fb_scenario_get_setting_in (scenario, NULL));

  write_responses (report, scenario, results);
  if (incident != NULL)
    write_clocks (report, store, incident, started_at, speed);
  write_people (report, results);

  if (!_fb_report_add_state (report, store, error))
    return NULL;

  return g_steal_pointer (&report);
}

/**
 * fb_drill_report:
 *
 * Returns: the after-action report of @incident as Markdown or HTML
 */
char *
fb_drill_report (FbStore             *store,
                 const char          *incident,
                 FbScenario          *scenario,
                 FbDrillReportFormat  format,
                 GError             **error)
{
  g_autoptr(FbReport) report = fb_drill_report_new (store, incident, scenario, error);

  if (report == NULL)
    return NULL;

  return format == FB_DRILL_REPORT_HTML ? fb_report_to_html (report) : fb_report_to_markdown (report);
}

static void
report_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FbReadJob *job = task_data;
  FbScenario *scenario = g_object_get_data (G_OBJECT (task), "scenario");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = _fb_read_job_open (job, &error);
  g_autoptr(GBytes) bytes = NULL;
  char *report = NULL;

  /* Without a file, the document itself is the result: for paper. */
  if (job->file == NULL)
    {
      FbReport *document = store != NULL ? fb_drill_report_new (store, job->incident, scenario, &error) : NULL;

      if (document == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, document, (GDestroyNotify) fb_report_free);
      return;
    }

  if (store != NULL)
    report = fb_drill_report (store, job->incident, scenario, (FbDrillReportFormat) job->kind, &error);
  if (report != NULL)
    bytes = g_bytes_new_take (report, strlen (report));

  if (bytes == NULL || !fb_progress_write_file (job->progress, job->file, bytes, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * fb_drill_report_to_file_async:
 *
 * Writes the after-action report to @file in a thread, on a connection of
 * its own, as the incident's exports are. Finish with
 * fb_drill_report_to_file_finish().
 */
void
fb_drill_report_to_file_async (FbStore             *store,
                               const char          *incident,
                               FbScenario          *scenario,
                               FbDrillReportFormat  format,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FbReadJob *job;

  g_return_if_fail (FB_IS_STORE (store));
  g_return_if_fail (FB_IS_SCENARIO (scenario));
  g_return_if_fail (G_IS_FILE (file));

  task = _fb_read_job_new (store, incident, cancellable, NULL, NULL, fb_drill_report_to_file_async,
                           callback, user_data);
  job = g_task_get_task_data (task);
  job->kind = format;
  job->file = g_object_ref (file);
  /* A scenario is never changed once read, so the thread may share it. */
  g_object_set_data_full (G_OBJECT (task), "scenario", g_object_ref (scenario), g_object_unref);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, report_thread);
}

gboolean
fb_drill_report_to_file_finish (FbStore       *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, fb_drill_report_to_file_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * fb_drill_report_new_async:
 *
 * Makes the after-action report as fb_drill_report_new () does, in a
 * thread, for printing. Finish with fb_drill_report_new_finish ().
 */
void
fb_drill_report_new_async (FbStore             *store,
                           const char          *incident,
                           FbScenario          *scenario,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_STORE (store));
  g_return_if_fail (FB_IS_SCENARIO (scenario));

  task = _fb_read_job_new (store, incident, cancellable, NULL, NULL, fb_drill_report_new_async,
                           callback, user_data);
  g_object_set_data_full (G_OBJECT (task), "scenario", g_object_ref (scenario), g_object_unref);
  g_task_run_in_thread (task, report_thread);
}

/* Returns: (transfer full): the report, or %NULL with @error set */
FbReport *
fb_drill_report_new_finish (FbStore       *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, fb_drill_report_new_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
