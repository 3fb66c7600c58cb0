/* fb-task.c — what the record's reading jobs in a thread share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An export, a report for the printer or a check of a large record takes
 * seconds; they run in a GTask's thread, beside the user's work, each on
 * a connection of its own to the store's file.
 */

#define G_LOG_DOMAIN "fb-task"

#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fb-store-private.h"
#include "fb-task-private.h"

/* How far a check of the whole record steps back (a nice value). */
#define BEHIND_NICE 10

/**
 * _fb_thread_step_back:
 *
 * Lets the calling thread's long check of the record give way to the
 * window: on a two-core machine the check of the file, the replay of the
 * log and the first frame otherwise share the cores evenly, and the frame
 * comes late. The thread still takes every cycle nobody else wants. On
 * Linux a nice value belongs to one thread; it cannot be taken back
 * without privilege, so a pooled thread keeps it, which only costs the
 * pool's later jobs when the machine is busy.
 */
void
_fb_thread_step_back (void)
{
#ifdef __linux__
  id_t thread = (id_t) syscall (SYS_gettid);

  errno = 0;
  if (getpriority (PRIO_PROCESS, thread) < BEHIND_NICE && errno == 0)
    setpriority (PRIO_PROCESS, thread, BEHIND_NICE);
#endif
}

/* Reading jobs ----------------------------------------------------------- */

static void
read_job_free (FbReadJob *job)
{
  g_free (job->path);
  g_free (job->author);
  g_free (job->incident);
  fb_progress_free (job->progress);
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

  job->path = g_strdup (store->sql.path);
  job->author = g_strdup (store->author);
  job->asked_at = fb_store_now_ms (store);
  job->incident = g_strdup (incident);
  job->progress = fb_progress_new (cancellable, progress, progress_data);
  job->checked = store->checked_fully;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  return task;
}

static gint64
read_asked_at (gpointer user_data)
{
  return ((FbReadJob *) user_data)->asked_at;
}

/* Called in the job's thread. The file's pages are the caller's store's
 * to check. */
FbStore *
_fb_read_job_open (FbReadJob  *job,
                   GError    **error)
{
  FbStore *store = fb_store_open_with_clock (job->path, _FB_STORE_OPEN_CHECKED_ELSEWHERE,
                                             read_asked_at, job, error);

  if (store != NULL)
    fb_store_set_author (store, job->author);

  /* The caller's connection has checked the whole file since it opened
   * it: the job's one write (the record's state, issued with a document)
   * need not check a million entries' pages again first. */
  if (store != NULL && job->checked)
    store->checked_fully = TRUE;

  return store;
}
