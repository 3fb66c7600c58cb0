/* fb-print.c — reports, checklists and the contact sheet on paper
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws any FbReport through GtkPrintOperation, so that printing and
 * "Export to PDF" share one path. Pages carry the document's title, the
 * time it was printed and "page n of N"; a table that runs over a page
 * break repeats its header, and a heading never ends a page alone.
 */

#define G_LOG_DOMAIN "fb-print"

#include "config.h"

#include <glib/gi18n.h>

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
make_layout (GtkPrintContext *context,
             const char      *text,
             double           size,
             gboolean         bold,
             gboolean         struck,
             double           width)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
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
column_widths (GtkPrintContext *context,
               FbReport        *report,
               const FbBlock   *block,
               double           total)
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
              layout = make_layout (context, cell->text, cell_size (cell), r < 0 || cell->large, FALSE, -1);
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
row_height (GtkPrintContext *context,
            GPtrArray       *cells,
            const double    *widths,
            gboolean         header)
{
  double height = 0;

  for (guint c = 0; c < cells->len; c++)
    {
      const FbCell *cell = cells->pdata[c];
      double text_width = widths[c] - 2 * CELL_PAD - (cell->tick ? BOX_SIZE + 4 : 0);
      g_autoptr(PangoLayout) layout = make_layout (context, cell->text, cell_size (cell), header,
                                                   cell->struck, MAX (text_width, 10));

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

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   PrintJob          *job)
{
  double page_height = gtk_print_context_get_height (context);
  GPtrArray *page;
  double y;

  job->width = gtk_print_context_get_width (context);
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
          double *widths = column_widths (context, job->report, block, job->width);
          double header_height = row_height (context, block->header, widths, TRUE);

          g_hash_table_insert (job->widths, (gpointer) block, widths);

          for (guint r = 0; r < block->rows->len; r++)
            {
              GPtrArray *row = block->rows->pdata[r];
              double height = row_height (context, row, widths, FALSE);

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
          g_autoptr(PangoLayout) layout = make_layout (context, block->text, size,
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
        }
    }

  gtk_print_operation_set_n_pages (operation, (int) job->pages->len);
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
draw_row (GtkPrintContext *context,
          cairo_t         *cr,
          const Piece     *piece,
          const double    *widths)
{
  gboolean header = piece->type == PIECE_TABLE_HEADER;
  double x = 0;

  if (header)
    {
      cairo_set_source_rgb (cr, 0.93, 0.93, 0.92);
      cairo_rectangle (cr, 0, piece->y, gtk_print_context_get_width (context), piece->height);
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

      layout = make_layout (context, cell->text, cell_size (cell), header || cell->large,
                            cell->struck, MAX (text_width, 10));
      if (cell->quiet || cell->struck)
        cairo_set_source_rgb (cr, 0.37, 0.36, 0.39);
      cairo_move_to (cr, text_x, piece->y + CELL_PAD);
      pango_cairo_show_layout (cr, layout);
      x += widths[c];
    }

  cairo_set_source_rgb (cr, 0.75, 0.75, 0.74);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, piece->y + piece->height);
  cairo_line_to (cr, gtk_print_context_get_width (context), piece->y + piece->height);
  cairo_stroke (cr);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  GPtrArray *page = g_array_index (job->pages, GPtrArray *, page_nr);
  g_autofree char *page_text = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) when = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  int w, h;

  /* The running header: which document, and when it was printed. */
  cairo_set_source_rgb (cr, 0.37, 0.36, 0.39);
  title = make_layout (context, job->report->title, BODY_SIZE * 0.85, FALSE, FALSE, job->width * 0.65);
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (title, -1);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, title);

  when = make_layout (context, job->printed_at, BODY_SIZE * 0.85, FALSE, FALSE, -1);
  pango_layout_get_size (when, &w, &h);
  cairo_move_to (cr, job->width - (double) w / PANGO_SCALE, 0);
  pango_cairo_show_layout (cr, when);

  /* TRANSLATORS: the footer of every printed page */
  page_text = g_strdup_printf (_("Page %d of %d"), page_nr + 1, (int) job->pages->len);
  footer = make_layout (context, page_text, BODY_SIZE * 0.85, FALSE, FALSE, -1);
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
            g_autoptr(PangoLayout) layout = make_layout (context, piece->block->text, size,
                                                         piece->type != PIECE_PARAGRAPH, FALSE, job->width);
            cairo_move_to (cr, 0, piece->y);
            pango_cairo_show_layout (cr, layout);
          }
          break;

        case PIECE_TABLE_HEADER:
        case PIECE_ROW:
          draw_row (context, cr, piece, g_hash_table_lookup (job->widths, piece->block));
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * fb_print_operation_new:
 * @report: (transfer full): what to print
 *
 * Returns: (transfer full): an operation ready to run, for the print
 *   dialog or for exporting to PDF
 */
GtkPrintOperation *
fb_print_operation_new (FbReport *report)
{
  GtkPrintOperation *operation;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M %:z");
  PrintJob *job;

  g_return_val_if_fail (report != NULL, NULL);

  job = g_new0 (PrintJob, 1);
  job->report = report;
  /* TRANSLATORS: in the header of every printed page */
  job->printed_at = g_strdup_printf (_("Printed %s"), stamp);

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
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPrintOperationResult result;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  operation = fb_print_operation_new (report);
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_export_filename (operation, path);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
