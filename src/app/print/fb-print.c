/* fb-print.c — reports, checklists and the contact sheet on paper
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws any FbReport on paper through GtkPrintOperation, and into a PDF
 * with the same drawing but without it, so that a PDF can be made in a
 * thread. Pages carry the document's title, the time it was printed and
 * "page n of N"; a table that runs over a page break repeats its header,
 * and a heading never ends a page alone.
 */

#define G_LOG_DOMAIN "fb-print"

#include "config.h"

#include <glib/gi18n.h>

#include <cairo-pdf.h>
#include <string.h>

#include "fb-print.h"

#define FONT_FAMILY "Cantarell, Noto Sans, Noto Sans CJK JP, sans-serif"
#define BODY_SIZE 9.5
#define CELL_PAD 3.0
#define BOX_SIZE 9.0
#define GAP 8.0

typedef enum
{
  PIECE_TITLE,
  PIECE_HEADING,
  PIECE_PARAGRAPH,
  PIECE_TABLE_HEADER,
  PIECE_ROW,
} PieceType;

/* One thing placed on a page. */
typedef struct
{
  PieceType      type;
  const FbBlock *block;
  GPtrArray     *cells;   /* for header and rows: FbCell */
  double         y;
  double         height;
} Piece;

typedef struct
{
  FbReport *report;
  char     *printed_at;
  GArray   *pages;        /* GPtrArray of Piece, one per page */
  GHashTable *widths;     /* FbBlock → double[] column widths */
  double    width;
  double    body_top;
  double    body_bottom;
} PrintJob;

static void
piece_free (Piece *piece)
{
  g_free (piece);
}

static void
job_free (PrintJob *job)
{
  fb_report_free (job->report);
  g_free (job->printed_at);
  if (job->pages != NULL)
    {
      for (guint i = 0; i < job->pages->len; i++)
        g_ptr_array_unref (g_array_index (job->pages, GPtrArray *, i));
      g_array_unref (job->pages);
    }
  g_clear_pointer (&job->widths, g_hash_table_unref);
  g_free (job);
}

static PangoLayout *
make_layout (PangoContext *pango,
             const char   *text,
             double        size,
             gboolean      bold,
             gboolean      struck,
             double        width)
{
  PangoLayout *layout = pango_layout_new (pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  if (struck)
    pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
cell_size (const FbCell *cell)
{
  if (cell->large)
    return BODY_SIZE * 1.6;
  if (cell->quiet)
    return BODY_SIZE * 0.9;
  return BODY_SIZE;
}

/* A step's reason goes under it in smaller, grey type, in the same
 * layout so that measuring and drawing the row agree. */
static void
add_detail (PangoLayout  *layout,
            const FbCell *cell)
{
  g_autofree char *text = NULL;
  PangoAttrList *attrs;
  PangoAttribute *attr;
  guint start;

  if (cell->detail == NULL || cell->detail[0] == '\0')
    return;

  start = strlen (cell->text) + 1;
  text = g_strconcat (cell->text, "\n", cell->detail, NULL);
  pango_layout_set_text (layout, text, -1);

  attrs = pango_attr_list_copy (pango_layout_get_attributes (layout));
  if (attrs == NULL)
    attrs = pango_attr_list_new ();
  attr = pango_attr_size_new ((int) (BODY_SIZE * 0.8 * PANGO_SCALE));
  attr->start_index = start;
  pango_attr_list_insert (attrs, attr);
  attr = pango_attr_foreground_new (0x5e5e, 0x5c5c, 0x6464);
  attr->start_index = start;
  pango_attr_list_insert (attrs, attr);
  attr = pango_attr_strikethrough_new (FALSE);
  attr->start_index = start;
  pango_attr_list_insert (attrs, attr);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Columns share the width in proportion to what their text wants, each
 * getting at least a fair minimum, so that narrow columns (times, states)
 * stay on one line and the text column takes the rest. */
static char *
header_key (const FbBlock *block)
{
  GString *key = g_string_new (NULL);

  for (guint c = 0; c < block->header->len; c++)
    g_string_append_printf (key, "%s\x1f", ((FbCell *) block->header->pdata[c])->text);

  return g_string_free (key, FALSE);
}

/* Columns share the width in proportion to what their text wants, each
 * getting at least a fair minimum, so that narrow columns (times, states)
 * stay on one line and the text column takes the rest. Tables with the
 * same columns (a contact sheet's categories) are measured together, so
 * their columns line up down the page. */
static double *
column_widths (PangoContext  *pango,
               FbReport      *report,
               const FbBlock *block,
               double         total)
{
  g_autofree char *key = header_key (block);
  guint n = block->header->len;
  double *wants = g_new0 (double, n);
  double *widths = g_new0 (double, n);
  double sum = 0;

  for (guint b = 0; b < report->blocks->len; b++)
    {
      const FbBlock *other = report->blocks->pdata[b];
      g_autofree char *other_key = NULL;

      if (other->type != FB_BLOCK_TABLE)
        continue;
      other_key = header_key (other);
      if (!g_str_equal (key, other_key))
        continue;

      for (guint c = 0; c < n; c++)
        {
          for (int r = -1; r < (int) other->rows->len; r++)
            {
              GPtrArray *cells = r < 0 ? other->header : g_ptr_array_index (other->rows, r);
              const FbCell *cell = c < cells->len ? cells->pdata[c] : NULL;
              g_autoptr(PangoLayout) layout = NULL;
              int w, h;

              if (cell == NULL)
                continue;
              layout = make_layout (pango, cell->text, cell_size (cell), r < 0 || cell->large, FALSE, -1);
              pango_layout_get_size (layout, &w, &h);
              wants[c] = MAX (wants[c], (double) w / PANGO_SCALE + 2 * CELL_PAD + (cell->tick ? BOX_SIZE + 4 : 0));
            }
        }
    }

  for (guint c = 0; c < n; c++)
    {
      wants[c] = MIN (wants[c], total * 0.6);
      sum += wants[c];
    }

  for (guint c = 0; c < n; c++)
    widths[c] = sum <= total ? wants[c] + (total - sum) * (wants[c] / sum)
                             : MAX (total * wants[c] / sum, MIN (wants[c], total / (n * 2.0)));

  /* Renormalise after the minimums. */
  sum = 0;
  for (guint c = 0; c < n; c++)
    sum += widths[c];
  for (guint c = 0; c < n; c++)
    widths[c] *= total / sum;

  g_free (wants);
  return widths;
}

static double
row_height (PangoContext *pango,
            GPtrArray    *cells,
            const double *widths,
            gboolean      header)
{
  double height = 0;

  for (guint c = 0; c < cells->len; c++)
    {
      const FbCell *cell = cells->pdata[c];
      double text_width = widths[c] - 2 * CELL_PAD - (cell->tick ? BOX_SIZE + 4 : 0);
      g_autoptr(PangoLayout) layout = make_layout (pango, cell->text, cell_size (cell), header,
                                                   cell->struck, MAX (text_width, 10));

      add_detail (layout, cell);
      height = MAX (height, layout_height (layout));
      if (cell->tick)
        height = MAX (height, BOX_SIZE);
    }

  return height + 2 * CELL_PAD;
}

static GPtrArray *
new_page (PrintJob *job)
{
  GPtrArray *page = g_ptr_array_new_with_free_func ((GDestroyNotify) piece_free);

  g_array_append_val (job->pages, page);
  return page;
}

static void
place (GPtrArray     *page,
       PieceType      type,
       const FbBlock *block,
       GPtrArray     *cells,
       double         y,
       double         height)
{
  Piece *piece = g_new0 (Piece, 1);

  piece->type = type;
  piece->block = block;
  piece->cells = cells;
  piece->y = y;
  piece->height = height;
  g_ptr_array_add (page, piece);
}

/* Places every block on pages of @width by @page_height points. A long
 * report's rows are many: each is a step of @progress. */
static gboolean
paginate (PrintJob      *job,
          PangoContext  *pango,
          double         width,
          double         page_height,
          FbProgress    *progress,
          GError       **error)
{
  GPtrArray *page;
  guint64 done = 0, total = 0;
  double y;

  for (guint i = 0; i < job->report->blocks->len; i++)
    {
      const FbBlock *block = job->report->blocks->pdata[i];
      total += block->type == FB_BLOCK_TABLE ? block->rows->len : 1;
    }

  job->width = width;
  /* Room for the running header and footer. */
  job->body_top = BODY_SIZE * 3;
  job->body_bottom = page_height - BODY_SIZE * 3;
  job->pages = g_array_new (FALSE, FALSE, sizeof (GPtrArray *));
  job->widths = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  page = new_page (job);
  y = job->body_top;

  for (guint i = 0; i < job->report->blocks->len; i++)
    {
      const FbBlock *block = job->report->blocks->pdata[i];
      const FbBlock *next = i + 1 < job->report->blocks->len ? job->report->blocks->pdata[i + 1] : NULL;

      if (block->type == FB_BLOCK_TABLE)
        {
          double *widths = column_widths (pango, job->report, block, job->width);
          double header_height = row_height (pango, block->header, widths, TRUE);

          g_hash_table_insert (job->widths, (gpointer) block, widths);

          for (guint r = 0; r < block->rows->len; r++)
            {
              GPtrArray *row = block->rows->pdata[r];
              double height = row_height (pango, row, widths, FALSE);

              if (!fb_progress_report (progress, ++done, total, error))
                return FALSE;

              if (r == 0 || y + height > job->body_bottom)
                {
                  if (y + header_height + height > job->body_bottom)
                    {
                      page = new_page (job);
                      y = job->body_top;
                    }
                  place (page, PIECE_TABLE_HEADER, block, block->header, y, header_height);
                  y += header_height;
                }

              place (page, PIECE_ROW, block, row, y, height);
              y += height;
            }
          y += GAP;
        }
      else
        {
          double size = block->type == FB_BLOCK_TITLE ? BODY_SIZE * 1.8
                        : block->type == FB_BLOCK_HEADING ? BODY_SIZE * 1.3 : BODY_SIZE;
          g_autoptr(PangoLayout) layout = make_layout (pango, block->text, size,
                                                       block->type != FB_BLOCK_PARAGRAPH, FALSE, job->width);
          double height = layout_height (layout);
          /* A heading keeps its first line of what follows on its page. */
          double keep = block->type == FB_BLOCK_HEADING && next != NULL ? BODY_SIZE * 4 : 0;
          PieceType type = block->type == FB_BLOCK_TITLE ? PIECE_TITLE
                           : block->type == FB_BLOCK_HEADING ? PIECE_HEADING : PIECE_PARAGRAPH;

          if (y + height + keep > job->body_bottom && y > job->body_top)
            {
              page = new_page (job);
              y = job->body_top;
            }

          place (page, type, block, NULL, y, height);
          y += height + GAP * (block->type == FB_BLOCK_PARAGRAPH ? 1 : 0.6);
          if (!fb_progress_report (progress, ++done, total, error))
            return FALSE;
        }
    }

  return TRUE;
}

static void
draw_tick (cairo_t *cr,
           FbTick   tick,
           double   x,
           double   y)
{
  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, x, y, BOX_SIZE, BOX_SIZE);
  cairo_stroke (cr);

  cairo_set_line_width (cr, 1.2);
  if (tick == FB_TICK_DONE)
    {
      cairo_move_to (cr, x + 2, y + BOX_SIZE / 2);
      cairo_line_to (cr, x + BOX_SIZE / 2.5, y + BOX_SIZE - 2);
      cairo_line_to (cr, x + BOX_SIZE - 1.5, y + 1.5);
      cairo_stroke (cr);
    }
  else if (tick == FB_TICK_SKIPPED)
    {
      cairo_move_to (cr, x + 2, y + 2);
      cairo_line_to (cr, x + BOX_SIZE - 2, y + BOX_SIZE - 2);
      cairo_move_to (cr, x + BOX_SIZE - 2, y + 2);
      cairo_line_to (cr, x + 2, y + BOX_SIZE - 2);
      cairo_stroke (cr);
    }
}

static void
draw_row (PrintJob     *job,
          PangoContext *pango,
          cairo_t      *cr,
          const Piece  *piece,
          const double *widths)
{
  gboolean header = piece->type == PIECE_TABLE_HEADER;
  double x = 0;

  if (header)
    {
      cairo_set_source_rgb (cr, 0.93, 0.93, 0.92);
      cairo_rectangle (cr, 0, piece->y, job->width, piece->height);
      cairo_fill (cr);
    }

  for (guint c = 0; c < piece->cells->len; c++)
    {
      const FbCell *cell = piece->cells->pdata[c];
      double text_x = x + CELL_PAD;
      double text_width = widths[c] - 2 * CELL_PAD;
      g_autoptr(PangoLayout) layout = NULL;

      cairo_set_source_rgb (cr, 0, 0, 0);
      if (cell->tick)
        {
          draw_tick (cr, cell->tick, text_x, piece->y + CELL_PAD + 1);
          text_x += BOX_SIZE + 4;
          text_width -= BOX_SIZE + 4;
        }

      layout = make_layout (pango, cell->text, cell_size (cell), header || cell->large,
                            cell->struck, MAX (text_width, 10));
      add_detail (layout, cell);
      if (cell->quiet || cell->struck)
        cairo_set_source_rgb (cr, 0.37, 0.36, 0.39);
      cairo_move_to (cr, text_x, piece->y + CELL_PAD);
      pango_cairo_show_layout (cr, layout);
      x += widths[c];
    }

  cairo_set_source_rgb (cr, 0.75, 0.75, 0.74);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, piece->y + piece->height);
  cairo_line_to (cr, job->width, piece->y + piece->height);
  cairo_stroke (cr);
}

static void
draw_page (PrintJob     *job,
           PangoContext *pango,
           cairo_t      *cr,
           int           page_nr)
{
  GPtrArray *page = g_array_index (job->pages, GPtrArray *, page_nr);
  g_autofree char *page_text = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) when = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  int w, h;

  /* The running header: which document, and when it was printed. */
  cairo_set_source_rgb (cr, 0.37, 0.36, 0.39);
  title = make_layout (pango, job->report->title, BODY_SIZE * 0.85, FALSE, FALSE, job->width * 0.65);
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (title, -1);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, title);

  when = make_layout (pango, job->printed_at, BODY_SIZE * 0.85, FALSE, FALSE, -1);
  pango_layout_get_size (when, &w, &h);
  cairo_move_to (cr, job->width - (double) w / PANGO_SCALE, 0);
  pango_cairo_show_layout (cr, when);

  /* TRANSLATORS: the footer of every printed page */
  page_text = g_strdup_printf (_("Page %d of %d"), page_nr + 1, (int) job->pages->len);
  footer = make_layout (pango, page_text, BODY_SIZE * 0.85, FALSE, FALSE, -1);
  pango_layout_get_size (footer, &w, &h);
  cairo_move_to (cr, (job->width - (double) w / PANGO_SCALE) / 2, job->body_bottom + BODY_SIZE);
  pango_cairo_show_layout (cr, footer);

  for (guint i = 0; i < page->len; i++)
    {
      const Piece *piece = page->pdata[i];

      cairo_set_source_rgb (cr, 0, 0, 0);
      switch (piece->type)
        {
        case PIECE_TITLE:
        case PIECE_HEADING:
        case PIECE_PARAGRAPH:
          {
            double size = piece->type == PIECE_TITLE ? BODY_SIZE * 1.8
                          : piece->type == PIECE_HEADING ? BODY_SIZE * 1.3 : BODY_SIZE;
            g_autoptr(PangoLayout) layout = make_layout (pango, piece->block->text, size,
                                                         piece->type != PIECE_PARAGRAPH, FALSE, job->width);
            cairo_move_to (cr, 0, piece->y);
            pango_cairo_show_layout (cr, layout);
          }
          break;

        case PIECE_TABLE_HEADER:
        case PIECE_ROW:
          draw_row (job, pango, cr, piece, g_hash_table_lookup (job->widths, piece->block));
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* GTK's print context measures in points at 72 dpi, without hinting, so
 * that what is measured is what is drawn at any printer's resolution. */
static PangoContext *
context_for_print (GtkPrintContext *context)
{
  PangoContext *pango = gtk_print_context_create_pango_context (context);

  pango_cairo_update_context (gtk_print_context_get_cairo_context (context), pango);
  return pango;
}

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   PrintJob          *job)
{
  PangoContext *pango = context_for_print (context);

  paginate (job, pango, gtk_print_context_get_width (context), gtk_print_context_get_height (context), NULL, NULL);
  gtk_print_operation_set_n_pages (operation, (int) job->pages->len);
  g_object_unref (pango);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 PrintJob          *job)
{
  PangoContext *pango = context_for_print (context);

  draw_page (job, pango, gtk_print_context_get_cairo_context (context), page_nr);
  g_object_unref (pango);
}

static PrintJob *
print_job_new (FbReport *report)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M %:z");
  PrintJob *job = g_new0 (PrintJob, 1);

  job->report = report;
  /* TRANSLATORS: in the header of every printed page */
  job->printed_at = g_strdup_printf (_("Printed %s"), stamp);

  return job;
}

/**
 * fb_print_operation_new:
 * @report: (transfer full): what to print
 *
 * Returns: (transfer full): an operation ready to run, for the print
 *   dialog
 */
GtkPrintOperation *
fb_print_operation_new (FbReport *report)
{
  GtkPrintOperation *operation;
  PrintJob *job;

  g_return_val_if_fail (report != NULL, NULL);

  job = print_job_new (report);
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, report->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_use_full_page (operation, FALSE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);

  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), job);
  g_object_set_data_full (G_OBJECT (operation), "fb-print-job", job, (GDestroyNotify) job_free);

  return operation;
}

/* PDF ----------------------------------------------------------------------------
 *
 * A PDF is drawn without GtkPrintOperation, by the same functions as the
 * printer's pages, on A4 with GTK's default margins: so it can be drawn in
 * a thread, with a font map of its own, beside the user's work. */

typedef struct
{
  PrintJob   *job;
  double      paper_width;
  double      paper_height;
  double      left;
  double      top;
  double      width;
  double      height;
  GFile      *file;
  FbProgress *progress;
} PdfJob;

static void
pdf_job_free (PdfJob *pdf)
{
  job_free (pdf->job);
  g_clear_object (&pdf->file);
  fb_progress_free (pdf->progress);
  g_free (pdf);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdfJob, pdf_job_free)

/* Called in the caller's thread: the paper is GTK's to describe. */
static PdfJob *
pdf_job_new (FbReport *report)
{
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PdfJob *pdf = g_new0 (PdfJob, 1);

  pdf->job = print_job_new (report);
  pdf->paper_width = gtk_paper_size_get_width (a4, GTK_UNIT_POINTS);
  pdf->paper_height = gtk_paper_size_get_height (a4, GTK_UNIT_POINTS);
  pdf->left = gtk_paper_size_get_default_left_margin (a4, GTK_UNIT_POINTS);
  pdf->top = gtk_paper_size_get_default_top_margin (a4, GTK_UNIT_POINTS);
  pdf->width = pdf->paper_width - pdf->left - gtk_paper_size_get_default_right_margin (a4, GTK_UNIT_POINTS);
  pdf->height = pdf->paper_height - pdf->top - gtk_paper_size_get_default_bottom_margin (a4, GTK_UNIT_POINTS);

  return pdf;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Runs in any thread; nothing in it is shared with another. */
static GBytes *
draw_pdf (PdfJob  *pdf,
          GError **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  PangoFontMap *fonts = pango_cairo_font_map_new ();
  PangoContext *pango = pango_font_map_create_context (fonts);
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  gboolean drawn = TRUE;

  surface = cairo_pdf_surface_create_for_stream (append_cb, out, pdf->paper_width, pdf->paper_height);
  cr = cairo_create (surface);
  cairo_translate (cr, pdf->left, pdf->top);

  /* As GTK's print context: points at 72 dpi, metrics not hinted. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (pango, 72);
  pango_cairo_update_context (cr, pango);

  fb_progress_stage (pdf->progress, 0.0, 0.5);
  if (!paginate (pdf->job, pango, pdf->width, pdf->height, pdf->progress, error))
    drawn = FALSE;

  fb_progress_stage (pdf->progress, 0.5, 1.0);
  for (guint i = 0; drawn && i < pdf->job->pages->len; i++)
    {
      if (!fb_progress_report (pdf->progress, i + 1, pdf->job->pages->len, error))
        drawn = FALSE;
      else
        {
          draw_page (pdf->job, pango, cr, (int) i);
          cairo_show_page (cr);
        }
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  g_object_unref (pango);
  g_object_unref (fonts);

  if (!drawn)
    return NULL;

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
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
  g_autoptr(PdfJob) pdf = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  pdf = pdf_job_new (report);
  bytes = draw_pdf (pdf, error);

  return bytes != NULL &&
         g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), error);
}

static void
pdf_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  PdfJob *pdf = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = draw_pdf (pdf, &error);

  if (bytes == NULL || !fb_progress_write_file (pdf->progress, pdf->file, bytes, &error))
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
 * As fb_print_to_pdf(), in a thread. A cancelled job leaves @file as it
 * was; once the file is being written, it is written whole. Finish with
 * fb_print_to_pdf_finish().
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

  pdf = pdf_job_new (report);
  pdf->file = g_object_ref (file);
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
