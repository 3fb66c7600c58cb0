/* fb-report-task.c — gathering a report in a thread
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The thread opens its own connection to the store's file
 * (fb-task-private.h) and builds the report as fb-report.c does.
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include "firebreak-core.h"
#include "fb-report-private.h"

static void
report_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FbReadJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = _fb_read_job_open (job, &error);
  FbReport *report = NULL;

  if (store != NULL)
    {
      switch (job->kind)
        {
        case FB_REPORT_INCIDENT:
          report = _fb_report_new_for_incident_full (store, job->incident, job->progress, &error);
          break;
        case FB_REPORT_CHECKLISTS:
          report = fb_report_new_checklists (store, job->incident, &error);
          break;
        case FB_REPORT_CONTACT_SHEET:
          report = fb_report_new_contact_sheet (store);
          break;
        case FB_REPORT_TIMELINE:
          report = _fb_report_new_timeline_full (store, job->incident, job->progress, &error);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (report == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fb_progress_done (job->progress);
  g_task_return_pointer (task, report, (GDestroyNotify) fb_report_free);
}

/**
 * fb_report_new_async:
 * @incident: (nullable): the incident; %NULL only for
 *   %FB_REPORT_CONTACT_SHEET
 * @progress: (nullable): told in the calling thread's main context as the
 *   report is gathered, 1.0 last, before @callback; never once
 *   @cancellable is cancelled. @progress_data must live until @callback.
 *
 * Gathers a report as the fb_report_new_*() functions do, in a thread, on
 * a connection to @store's file of its own. Finish with
 * fb_report_new_finish().
 */
void
fb_report_new_async (FbStore             *store,
                     FbReportKind         kind,
                     const char          *incident,
                     GCancellable        *cancellable,
                     FbProgressFunc       progress,
                     gpointer             progress_data,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_STORE (store));
  g_return_if_fail (kind <= FB_REPORT_TIMELINE);
  g_return_if_fail (incident != NULL || kind == FB_REPORT_CONTACT_SHEET);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = _fb_read_job_new (store, incident, cancellable, progress, progress_data,
                           fb_report_new_async, callback, user_data);
  ((FbReadJob *) g_task_get_task_data (task))->kind = kind;
  g_task_run_in_thread (task, report_thread);
}

/**
 * fb_report_new_finish:
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
FbReport *
fb_report_new_finish (FbStore       *store,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, fb_report_new_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
