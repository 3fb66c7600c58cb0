/* fb-task.c — what the record's jobs in a thread share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An export, an import, a report for the printer or a check of a large
 * record takes seconds; they run in a GTask's thread, beside the user's
 * work. The thread tells how far it has got through FbProgress, which
 * hands each new whole percent to the main context that started the job
 * (a hundred calls at most, however long the record), and stops the work
 * when the job is cancelled.
 */

#define G_LOG_DOMAIN "fb-task"

#include "config.h"

#include "fb-store-private.h"
#include "fb-task-private.h"

struct _FbProgress
{
  GMainContext   *context;
  GCancellable   *cancellable;
  FbProgressFunc  func;
  gpointer        user_data;

  double          from;
  double          to;
  int             told;      /* the last percent handed over, or -1 */
};

typedef struct
{
  GCancellable   *cancellable;
  FbProgressFunc  func;
  gpointer        user_data;
  double          fraction;
} Tell;

static void
tell_free (Tell *tell)
{
  g_clear_object (&tell->cancellable);
  g_free (tell);
}

static gboolean
tell_cb (gpointer user_data)
{
  Tell *tell = user_data;

  /* A cancelled job is silent: its caller may be gone already (a window
   * cancels its jobs as it closes). */
  if (tell->cancellable == NULL || !g_cancellable_is_cancelled (tell->cancellable))
    tell->func (tell->fraction, tell->user_data);

  return G_SOURCE_REMOVE;
}

static void
tell (FbProgress *self,
      double      fraction)
{
  int percent = (int) (CLAMP (fraction, 0.0, 1.0) * 100);
  Tell *tell;

  if (self->func == NULL || percent <= self->told)
    return;

  self->told = percent;
  tell = g_new0 (Tell, 1);
  tell->cancellable = self->cancellable != NULL ? g_object_ref (self->cancellable) : NULL;
  tell->func = self->func;
  tell->user_data = self->user_data;
  tell->fraction = percent / 100.0;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, tell_cb, tell, (GDestroyNotify) tell_free);
}

/* Called in the thread that starts the job: the progress is told in its
 * main context. */
FbProgress *
_fb_progress_new (GCancellable   *cancellable,
                  FbProgressFunc  func,
                  gpointer        user_data)
{
  FbProgress *self = g_new0 (FbProgress, 1);

  self->context = g_main_context_ref_thread_default ();
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->func = func;
  self->user_data = user_data;
  self->to = 1.0;
  self->told = -1;

  return self;
}

void
_fb_progress_free (FbProgress *self)
{
  if (self == NULL)
    return;

  g_main_context_unref (self->context);
  g_clear_object (&self->cancellable);
  g_free (self);
}

/* The next steps fill the share of the whole job from @from to @to. */
void
_fb_progress_stage (FbProgress *self,
                    double      from,
                    double      to)
{
  if (self == NULL)
    return;

  self->from = from;
  self->to = to;
  tell (self, from);
}

/* Returns: %FALSE, with %G_IO_ERROR_CANCELLED, when the job was cancelled
 *   and the work should stop */
gboolean
_fb_progress_report (FbProgress *self,
                     guint64     done,
                     guint64     total,
                     GError    **error)
{
  if (self == NULL)
    return TRUE;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;

  if (total > 0)
    tell (self, self->from + (self->to - self->from) * MIN (done, total) / (double) total);

  return TRUE;
}

void
_fb_progress_done (FbProgress *self)
{
  if (self == NULL)
    return;

  tell (self, 1.0);
}

/* Reading jobs ----------------------------------------------------------- */

static void
read_job_free (FbReadJob *job)
{
  g_free (job->path);
  g_free (job->author);
  g_free (job->incident);
  _fb_progress_free (job->progress);
  g_clear_object (&job->file);
  g_free (job);
}

/* Called in the store's own thread.
 *
 * Returns: (transfer full): the task, for the caller to fill in the job
 *   (g_task_get_task_data()) and run in a thread */
GTask *
_fb_read_job_new (FbStore             *store,
                  const char          *incident,
                  GCancellable        *cancellable,
                  FbProgressFunc       progress,
                  gpointer             progress_data,
                  gpointer             source_tag,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);
  FbReadJob *job = g_new0 (FbReadJob, 1);

  job->path = g_strdup (store->path);
  job->author = g_strdup (store->author);
  job->clock = store->clock;
  job->clock_data = store->clock_data;
  job->incident = g_strdup (incident);
  job->progress = _fb_progress_new (cancellable, progress, progress_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  return task;
}

/* Called in the job's thread. The file's pages are the caller's store's
 * to check. */
FbStore *
_fb_read_job_open (FbReadJob  *job,
                   GError    **error)
{
  FbStore *store = fb_store_open_with_clock (job->path, _FB_STORE_OPEN_CHECKED_ELSEWHERE,
                                             job->clock, job->clock_data, error);

  if (store != NULL)
    fb_store_set_author (store, job->author);

  return store;
}
