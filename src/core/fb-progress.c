/* fb-progress.c — how far a job in a thread has got, told where it started
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

#define G_LOG_DOMAIN "fb-progress"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-progress.h"

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
fb_progress_new (GCancellable   *cancellable,
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
fb_progress_free (FbProgress *self)
{
  if (self == NULL)
    return;

  g_main_context_unref (self->context);
  g_clear_object (&self->cancellable);
  g_free (self);
}

/* The next steps fill the share of the whole job from @from to @to. */
void
fb_progress_stage (FbProgress *self,
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
fb_progress_report (FbProgress *self,
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
fb_progress_done (FbProgress *self)
{
  if (self == NULL)
    return;

  tell (self, 1.0);
}

static void
explain_save_error (GError **error,
                    GError  *local_error)
{
  g_set_error (error, local_error->domain, local_error->code,
               _("Could not save the export: %s"), local_error->message);
}

/**
 * fb_progress_write_file:
 * @self: (nullable): the job's progress
 *
 * Ends a job that made a document: writes @bytes to @file, replacing it
 * whole or not at all, unless the job was cancelled first, and tells the
 * progress to its end. Once the file is being written, a cancel comes too
 * late: the file is written whole.
 */
gboolean
fb_progress_write_file (FbProgress  *self,
                        GFile       *file,
                        GBytes      *bytes,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (self != NULL && g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;

  if (!g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &local_error))
    {
      explain_save_error (error, local_error);
      return FALSE;
    }

  fb_progress_done (self);
  return TRUE;
}

/**
 * fb_progress_replace_file:
 * @self: (nullable): the job's progress
 *
 * Begins a document written as it is made, too long to hold in memory:
 * the stream goes to a file beside @file that takes its place only when
 * fb_progress_close_file() is told the document is complete.
 *
 * Returns: (transfer full): the stream, or %NULL with @error set
 */
GOutputStream *
fb_progress_replace_file (FbProgress  *self,
                          GFile       *file,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean existed = g_file_query_exists (file, NULL);
  GFileOutputStream *stream;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (self != NULL && g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &local_error);
  if (stream == NULL)
    {
      explain_save_error (error, local_error);
      return NULL;
    }

  /* A file that was not there before is written in place: it must go
   * again if the document is not completed. */
  g_object_set_data (G_OBJECT (stream), "fb-progress-new-file", GINT_TO_POINTER (!existed));
  return G_OUTPUT_STREAM (stream);
}

/**
 * fb_progress_close_file:
 * @self: (nullable): the job's progress
 * @complete: whether the whole document was written
 *
 * Ends what fb_progress_replace_file() began: a complete document takes
 * the place of @file, and the progress is told to its end; anything else
 * leaves @file as it was.
 */
gboolean
fb_progress_close_file (FbProgress     *self,
                        GFile          *file,
                        GOutputStream  *stream,
                        gboolean        complete,
                        GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!complete)
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* A cancelled close leaves the file it would have replaced. */
      g_cancellable_cancel (abandon);
      g_output_stream_close (stream, abandon, NULL);
      if (g_object_get_data (G_OBJECT (stream), "fb-progress-new-file") != NULL)
        g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  if (!g_output_stream_close (stream, NULL, &local_error))
    {
      explain_save_error (error, local_error);
      if (g_object_get_data (G_OBJECT (stream), "fb-progress-new-file") != NULL)
        g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  fb_progress_done (self);
  return TRUE;
}
