/* fb-drill-report-format.c — the after-action report as Markdown or HTML
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is built once as headings, paragraphs and tables, then
 * written in the format asked for, so both say the same. DRILL heads it:
 * a printed page of a drill must never pass for a real incident's.
 */

#define G_LOG_DOMAIN "fb-drill"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-drill-report.h"
#include "fb-deadline.h"
#include "fb-incident.h"
#include "fb-store-deadlines.h"
#include "fb-task-private.h"

typedef struct
{
  FbDrillReportFormat format;
  GString            *out;
} Writer;

static void
write_heading (Writer     *writer,
               int         level,
               const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (writer->format == FB_DRILL_REPORT_MARKDOWN)
    g_string_append_printf (writer->out, "%.*s %s\n\n", level, "###", text);
  else
    g_string_append_printf (writer->out, "<h%d>%s</h%d>\n", level, escaped, level);
}

static void
write_paragraph (Writer     *writer,
                 const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (writer->format == FB_DRILL_REPORT_MARKDOWN)
    g_string_append_printf (writer->out, "%s\n\n", text);
  else
    g_string_append_printf (writer->out, "<p>%s</p>\n", escaped);
}

/* Cells that would break a Markdown table lose their bars and newlines. */
static void
write_row (Writer             *writer,
           gboolean            header,
           const char * const *cells)
{
  guint n = g_strv_length ((char **) cells);

  if (writer->format == FB_DRILL_REPORT_HTML)
    {
      g_string_append (writer->out, "<tr>");
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *escaped = g_markup_escape_text (cells[i], -1);
          g_string_append_printf (writer->out, header ? "<th>%s</th>" : "<td>%s</td>", escaped);
        }
      g_string_append (writer->out, "</tr>\n");
      return;
    }

  g_string_append (writer->out, "|");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *cell = g_strdup (cells[i]);

      g_strdelimit (cell, "|\n\r", ' ');
      g_string_append_printf (writer->out, " %s |", cell);
    }
  g_string_append (writer->out, "\n");

  if (header)
    {
      g_string_append (writer->out, "|");
      for (guint i = 0; i < n; i++)
        g_string_append (writer->out, " --- |");
      g_string_append (writer->out, "\n");
    }
}

static void
begin_table (Writer *writer)
{
  if (writer->format == FB_DRILL_REPORT_HTML)
    g_string_append (writer->out, "<table>\n");
}

static void
end_table (Writer *writer)
{
  g_string_append (writer->out, writer->format == FB_DRILL_REPORT_HTML ? "</table>\n" : "\n");
}

static char *
format_minute (gint64 minute)
{
  if (minute < 0)
    return g_strdup ("—");

  /* TRANSLATORS: a time in a drill, counted in minutes from its start */
  return g_strdup_printf (_("+%d min"), (int) minute);
}

static void
write_responses (Writer     *writer,
                 FbScenario *scenario,
                 GPtrArray  *results)
{
  const char *header[] = { _("Inject"), _("Released"), _("Expected"), _("Outcome"), _("Done"), _("By"),
                           NULL };
  guint counts[FB_DRILL_NOT_RELEASED + 1] = { 0 };
  g_autofree char *summary = NULL;

  for (guint i = 0; i < results->len; i++)
    counts[((FbDrillResult *) g_ptr_array_index (results, i))->outcome]++;

  write_heading (writer, 2, _("Expected responses"));
  summary = g_strdup_printf (_("%u expected: %u met, %u late, %u missed, %u not reached (inject not released)."),
                             results->len, counts[FB_DRILL_MET], counts[FB_DRILL_LATE],
                             counts[FB_DRILL_MISSED], counts[FB_DRILL_NOT_RELEASED]);
  write_paragraph (writer, summary);

  begin_table (writer);
  write_row (writer, TRUE, header);
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

      write_row (writer, FALSE, row);
    }
  end_table (writer);
}

/* A deadline's span counts in drill minutes, as the scenario's times do:
 * a 72-hour report is due at +4320 in the drill. */
static void
write_deadlines (Writer     *writer,
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
      write_paragraph (writer, text);
    }
}

static void
write_clocks (Writer     *writer,
              FbStore    *store,
              FbIncident *incident,
              gint64      started_at,
              int         speed)
{
  int target = fb_incident_get_containment_target_min (incident);
  gint64 contained_at = fb_incident_get_contained_at (incident);
  g_autofree char *text = NULL;

  write_heading (writer, 2, _("Clocks"));
  if (contained_at <= 0)
    text = g_strdup_printf (_("Containment: not recorded (target %d min)."), target);
  else
    {
      gint64 minutes = (contained_at - MAX (started_at, fb_incident_get_detected_at (incident))) * speed / 60000;

      text = g_strdup_printf (minutes <= target ? _("Containment: at +%d min, within the target of %d min.")
                                                : _("Containment: at +%d min, past the target of %d min."),
                              (int) minutes, target);
    }
  write_paragraph (writer, text);
  write_deadlines (writer, store, incident, started_at, speed);
}

static void
write_people (Writer    *writer,
              GPtrArray *results)
{
  g_autoptr(GHashTable) by_person = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) people = NULL;
  const char *header[] = { _("Person"), _("Responses done"), NULL };

  for (guint i = 0; i < results->len; i++)
    {
      FbDrillResult *result = g_ptr_array_index (results, i);

      if (result->by != NULL)
        g_hash_table_insert (by_person, result->by,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (by_person, result->by)) + 1));
    }

  write_heading (writer, 2, _("Who did what"));
  people = g_list_sort (g_hash_table_get_keys (by_person), (GCompareFunc) g_utf8_collate);
  begin_table (writer);
  write_row (writer, TRUE, header);
  for (const GList *l = people; l != NULL; l = l->next)
    {
      g_autofree char *count = g_strdup_printf ("%u", GPOINTER_TO_UINT (g_hash_table_lookup (by_person, l->data)));
      const char *row[] = { l->data, count, NULL };

      write_row (writer, FALSE, row);
    }
  end_table (writer);
}

/**
 * fb_drill_report:
 *
 * Returns: the after-action report of @incident, a drill of @scenario
 */
char *
fb_drill_report (FbStore             *store,
                 const char          *incident_id,
                 FbScenario          *scenario,
                 FbDrillReportFormat  format,
                 GError             **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autofree char *title = NULL;
  Writer writer = { format, NULL };
  gint64 started_at = 0;
  int speed = 1;

  results = fb_drill_assess (store, incident_id, scenario, error);
  if (results == NULL)
    return NULL;

  incident = fb_store_get_incident (store, incident_id);
  fb_drill_get_start (store, incident_id, NULL, &started_at, &speed);

  writer.out = g_string_new (NULL);
  if (format == FB_DRILL_REPORT_HTML)
    g_string_append (writer.out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");

  /* TRANSLATORS: the heading of a drill's report; %s is the scenario's title */
  title = g_strdup_printf (_("DRILL — after-action report: %s"), fb_scenario_get_title_in (scenario, NULL));
  write_heading (&writer, 1, title);
  write_paragraph (&writer, fb_scenario_get_setting_in (scenario, NULL));

  write_responses (&writer, scenario, results);
  if (incident != NULL)
    write_clocks (&writer, store, incident, started_at, speed);
  write_people (&writer, results);

  if (format == FB_DRILL_REPORT_HTML)
    g_string_append (writer.out, "</body></html>\n");

  return g_string_free (writer.out, FALSE);
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
