/* fb-print-pdf.c — the printer's pages drawn into a PDF file
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A PDF is drawn without GtkPrintOperation, by the same functions as the
 * printer's pages, on A4 with GTK's default margins: so it can be drawn in
 * a thread, with a font map of its own, beside the user's work. Pages are
 * laid out as a stream (fb-print.c) and the PDF goes to its file as each
 * page is finished, so a timeline of a million entries needs the memory
 * of a page, not of the document.
 */

#define G_LOG_DOMAIN "fb-print"

#include "config.h"

#include <cairo-pdf.h>

#include "fb-print-private.h"

typedef struct
{
  FbPrintJob *job;
  double      paper_width;
  double      paper_height;
  double      left;
  double      top;
  double      width;
  double      height;
  GFile      *file;
  FbProgress *progress;
} PdfJob;

/* Where cairo's output goes: the file's stream, and the first error. */
typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

static void
pdf_job_free (PdfJob *pdf)
{
  _fb_print_job_free (pdf->job);
  g_clear_object (&pdf->file);
  fb_progress_free (pdf->progress);
  g_free (pdf);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdfJob, pdf_job_free)

/* Called in the caller's thread: the paper is GTK's to describe. */
static PdfJob *
pdf_job_new (FbReport *report,
             GFile    *file)
{
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PdfJob *pdf = g_new0 (PdfJob, 1);

  pdf->job = _fb_print_job_new (report);
  pdf->file = g_object_ref (file);
  pdf->paper_width = gtk_paper_size_get_width (a4, GTK_UNIT_POINTS);
  pdf->paper_height = gtk_paper_size_get_height (a4, GTK_UNIT_POINTS);
  pdf->left = gtk_paper_size_get_default_left_margin (a4, GTK_UNIT_POINTS);
  pdf->top = gtk_paper_size_get_default_top_margin (a4, GTK_UNIT_POINTS);
  pdf->width = pdf->paper_width - pdf->left - gtk_paper_size_get_default_right_margin (a4, GTK_UNIT_POINTS);
  pdf->height = pdf->paper_height - pdf->top - gtk_paper_size_get_default_bottom_margin (a4, GTK_UNIT_POINTS);

  return pdf;
}

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;

  if (!g_output_stream_write_all (sink->stream, data, length, NULL, sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

/* Runs in any thread; nothing in it is shared with another. Counts the
 * pages (half the progress), then draws them into @stream one by one. */
static gboolean
draw_pdf (PdfJob         *pdf,
          GOutputStream  *stream,
          GCancellable   *cancellable,
          GError        **error)
{
  PangoFontMap *fonts = pango_cairo_font_map_new ();
  PangoContext *pango = pango_font_map_create_context (fonts);
  cairo_font_options_t *options = cairo_font_options_create ();
  Sink sink = { stream, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  gboolean drawn;

  surface = cairo_pdf_surface_create_for_stream (write_cb, &sink, pdf->paper_width, pdf->paper_height);
  cr = cairo_create (surface);
  cairo_translate (cr, pdf->left, pdf->top);

  /* As GTK's print context: points at 72 dpi, metrics not hinted. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (pango, 72);
  pango_cairo_update_context (cr, pango);

  _fb_print_job_begin (pdf->job, pdf->width, pdf->height);
  fb_progress_stage (pdf->progress, 0.0, 0.5);
  drawn = _fb_print_job_paginate (pdf->job, pango, 0, pdf->progress, error);

  fb_progress_stage (pdf->progress, 0.5, 1.0);
  for (guint i = 0; drawn && i < pdf->job->pages->len; i++)
    {
      drawn = fb_progress_report (pdf->progress, i + 1, pdf->job->pages->len, error) &&
              _fb_print_job_draw_page (pdf->job, pango, cr, (int) i, error);
      if (drawn)
        cairo_show_page (cr);
      /* A failed write is told at once, not at the end. */
      if (drawn && sink.error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&sink.error));
          drawn = FALSE;
        }
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  g_object_unref (pango);
  g_object_unref (fonts);

  if (!drawn)
    {
      g_clear_error (&sink.error);
      return FALSE;
    }

  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

/* The file is replaced only by a whole PDF. */
static gboolean
draw_pdf_file (PdfJob        *pdf,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GOutputStream) stream = fb_progress_replace_file (pdf->progress, pdf->file, error);
  gboolean drawn;

  if (stream == NULL)
    return FALSE;

  drawn = draw_pdf (pdf, stream, cancellable, error);
  return fb_progress_close_file (pdf->progress, pdf->file, stream, drawn, drawn ? error : NULL) && drawn;
}

/**
 * fb_print_to_pdf:
 * @report: (transfer full): what to print
 *
 * Writes the pages to a PDF file, through the same drawing as the printer.
 */
gboolean
fb_print_to_pdf (FbReport   *report,
                 const char *path,
                 GError    **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(PdfJob) pdf = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  pdf = pdf_job_new (report, file);
  return draw_pdf_file (pdf, NULL, error);
}

static void
pdf_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!draw_pdf_file (task_data, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * fb_print_to_pdf_async:
 * @report: (transfer full): what to print
 * @progress: (nullable): told in the calling thread's main context as the
 *   pages are laid out and drawn, 1.0 last, before @callback; never once
 *   @cancellable is cancelled. @progress_data must live until @callback.
 *
 * As fb_print_to_pdf(), in a thread. A cancelled or failed job leaves
 * @file as it was. Finish with fb_print_to_pdf_finish().
 */
void
fb_print_to_pdf_async (FbReport            *report,
                       GFile               *file,
                       GCancellable        *cancellable,
                       FbProgressFunc       progress,
                       gpointer             progress_data,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PdfJob *pdf;

  g_return_if_fail (report != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  pdf = pdf_job_new (report, file);
  pdf->progress = fb_progress_new (cancellable, progress, progress_data);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_print_to_pdf_async);
  g_task_set_task_data (task, pdf, (GDestroyNotify) pdf_job_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, pdf_thread);
}

gboolean
fb_print_to_pdf_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, fb_print_to_pdf_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
