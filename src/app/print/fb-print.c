/* fb-print.c — reports, checklists and the contact sheet on paper
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws any FbReport on paper through GtkPrintOperation, and into a PDF
 * (fb-print-pdf.c) with the same drawing but without it. Pages carry the
 * document's title, the time it was printed and "page n of N"; a table
 * that runs over a page break repeats its header, and a heading never ends
 * a page alone.
 *
 * Pages are laid out as a stream: pagination reads the report's rows one
 * at a time (a timeline's from the record) and keeps only where each page
 * begins; drawing a page lays it out again from there. A timeline of a
 * million entries prints in the memory of a page.
 */

#define G_LOG_DOMAIN "fb-print"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "fb-print-private.h"

#define FONT_FAMILY "Cantarell, Noto Sans, Noto Sans CJK JP, sans-serif"
#define BODY_SIZE 9.5
#define CELL_PAD 3.0
#define BOX_SIZE 9.0
#define GAP 8.0
/* How many rows of a table read from the record its column widths are
 * measured on. */
#define MEASURED_ROWS 1000
/* Pages laid out in one go in the print dialog's turn of the main loop. */
#define PAGES_PER_STEP 20

static void
page_start_clear (FbPageStart *start)
{
  g_clear_pointer (&start->row, fb_report_place_free);
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

/* Tables with the same columns are measured together. */
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
static void
want_widths (PangoContext *pango,
             GPtrArray    *cells,
             gboolean      header,
             double       *wants,
             guint         n)
{
  for (guint c = 0; c < n && c < cells->len; c++)
    {
      const FbCell *cell = cells->pdata[c];
      g_autoptr(PangoLayout) layout = make_layout (pango, cell->text, cell_size (cell), header || cell->large, FALSE, -1);
      int w, h;

      pango_layout_get_size (layout, &w, &h);
      wants[c] = MAX (wants[c], (double) w / PANGO_SCALE + 2 * CELL_PAD + (cell->tick ? BOX_SIZE + 4 : 0));
    }
}

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
      g_autoptr(FbReportRows) rows = NULL;
      guint n_measured = 0;

      if (other->type != FB_BLOCK_TABLE)
        continue;
      other_key = header_key (other);
      if (!g_str_equal (key, other_key))
        continue;

      want_widths (pango, other->header, TRUE, wants, n);
      /* A table read from the record may be a million rows: its first
       * rows stand for the rest. A row that cannot be read here fails
       * where it is laid out. */
      rows = fb_report_rows_open (other, NULL, NULL);
      while (rows != NULL && (other->source == NULL || n_measured++ < MEASURED_ROWS))
        {
          g_autoptr(GPtrArray) row = fb_report_rows_next (rows, NULL);

          if (row == NULL)
            break;
          want_widths (pango, row, FALSE, wants, n);
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
draw_row (FbPrintJob   *job,
          PangoContext *pango,
          cairo_t      *cr,
          GPtrArray    *cells,
          gboolean      header,
          double        y,
          double        height,
          const double *widths)
{
  double x = 0;

  if (header)
    {
      cairo_set_source_rgb (cr, 0.93, 0.93, 0.92);
      cairo_rectangle (cr, 0, y, job->width, height);
      cairo_fill (cr);
    }

  for (guint c = 0; c < cells->len; c++)
    {
      const FbCell *cell = cells->pdata[c];
      double text_x = x + CELL_PAD;
      double text_width = widths[c] - 2 * CELL_PAD;
      g_autoptr(PangoLayout) layout = NULL;

      cairo_set_source_rgb (cr, 0, 0, 0);
      if (cell->tick)
        {
          draw_tick (cr, cell->tick, text_x, y + CELL_PAD + 1);
          text_x += BOX_SIZE + 4;
          text_width -= BOX_SIZE + 4;
        }

      layout = make_layout (pango, cell->text, cell_size (cell), header || cell->large,
                            cell->struck, MAX (text_width, 10));
      add_detail (layout, cell);
      if (cell->quiet || cell->struck)
        cairo_set_source_rgb (cr, 0.37, 0.36, 0.39);
      cairo_move_to (cr, text_x, y + CELL_PAD);
      pango_cairo_show_layout (cr, layout);
      x += widths[c];
    }

  cairo_set_source_rgb (cr, 0.75, 0.75, 0.74);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, y + height);
  cairo_line_to (cr, job->width, y + height);
  cairo_stroke (cr);
}

static const double *
table_widths (FbPrintJob    *job,
              PangoContext  *pango,
              const FbBlock *block)
{
  double *widths = g_hash_table_lookup (job->widths, block);

  if (widths == NULL)
    {
      widths = column_widths (pango, job->report, block, job->width);
      g_hash_table_insert (job->widths, (gpointer) block, widths);
    }

  return widths;
}

static double
text_size (const FbBlock *block)
{
  return block->type == FB_BLOCK_TITLE ? BODY_SIZE * 1.8
         : block->type == FB_BLOCK_HEADING ? BODY_SIZE * 1.3 : BODY_SIZE;
}

/* Lays out one page from @start, and draws it on @cr unless that is
 * %NULL (pagination); @next is set to where the next page begins, or past
 * the last block at the end. Pagination and drawing go through here
 * alike, so a page drawn is the page counted. */
static gboolean
lay_out_page (FbPrintJob        *job,
              PangoContext      *pango,
              cairo_t           *cr,
              const FbPageStart *start,
              FbPageStart       *next,
              FbProgress        *progress,
              GError           **error)
{
  GPtrArray *blocks = job->report->blocks;
  double y = job->body_top;

  next->row = NULL;
  for (guint i = start->block; i < blocks->len; i++)
    {
      const FbBlock *block = blocks->pdata[i];

      next->block = i;
      if (block->type == FB_BLOCK_TABLE)
        {
          const double *widths = table_widths (job, pango, block);
          double header_height = row_height (pango, block->header, widths, TRUE);
          g_autoptr(FbReportRows) rows = fb_report_rows_open (block, i == start->block ? start->row : NULL, error);
          GError *local_error = NULL;
          gboolean first = TRUE;
          GPtrArray *row;

          if (rows == NULL)
            return FALSE;

          while ((row = fb_report_rows_next (rows, &local_error)) != NULL)
            {
              double height = row_height (pango, row, widths, FALSE);

              if (first || y + height > job->body_bottom)
                {
                  if (y > job->body_top && y + header_height + height > job->body_bottom)
                    {
                      next->row = fb_report_rows_get_place (rows);
                      g_ptr_array_unref (row);
                      return TRUE;
                    }
                  if (cr != NULL)
                    draw_row (job, pango, cr, block->header, TRUE, y, header_height, widths);
                  y += header_height;
                }

              if (cr != NULL)
                draw_row (job, pango, cr, row, FALSE, y, height, widths);
              y += height;
              first = FALSE;
              g_ptr_array_unref (row);

              if (cr == NULL && !fb_progress_report (progress, ++job->done, job->total, error))
                return FALSE;
            }

          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          y += GAP;
        }
      else
        {
          g_autoptr(PangoLayout) layout = make_layout (pango, block->text, text_size (block),
                                                       block->type != FB_BLOCK_PARAGRAPH, FALSE, job->width);
          double height = layout_height (layout);
          /* A heading keeps its first line of what follows on its page. */
          double keep = block->type == FB_BLOCK_HEADING && i + 1 < blocks->len ? BODY_SIZE * 4 : 0;

          if (y + height + keep > job->body_bottom && y > job->body_top)
            return TRUE;

          if (cr != NULL)
            {
              cairo_set_source_rgb (cr, 0, 0, 0);
              cairo_move_to (cr, 0, y);
              pango_cairo_show_layout (cr, layout);
            }
          y += height + GAP * (block->type == FB_BLOCK_PARAGRAPH ? 1 : 0.6);

          if (cr == NULL && !fb_progress_report (progress, ++job->done, job->total, error))
            return FALSE;
        }
    }

  next->block = blocks->len;
  return TRUE;
}

/* Sets the page's size before pagination. */
void
_fb_print_job_begin (FbPrintJob *job,
                     double      width,
                     double      page_height)
{
  job->width = width;
  /* Room for the running header and footer. */
  job->body_top = BODY_SIZE * 3;
  job->body_bottom = page_height - BODY_SIZE * 3;
  g_clear_pointer (&job->pages, g_array_unref);
  job->pages = g_array_new (FALSE, FALSE, sizeof (FbPageStart));
  g_array_set_clear_func (job->pages, (GDestroyNotify) page_start_clear);
  g_clear_pointer (&job->widths, g_hash_table_unref);
  job->widths = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  page_start_clear (&job->next);
  job->next.block = 0;
  job->paginated = FALSE;
  job->done = 0;
  job->total = 0;

  for (guint i = 0; i < job->report->blocks->len; i++)
    {
      const FbBlock *block = job->report->blocks->pdata[i];
      job->total += block->type == FB_BLOCK_TABLE ? fb_report_table_count_rows (block) : 1;
    }
}

/* Lays out up to @max_pages more pages (0: all of them), keeping where
 * each begins; each row placed is a step of @progress. Sets
 * job->paginated once the last page is laid out. */
gboolean
_fb_print_job_paginate (FbPrintJob    *job,
                        PangoContext  *pango,
                        guint          max_pages,
                        FbProgress    *progress,
                        GError       **error)
{
  for (guint n = 0; !job->paginated && (max_pages == 0 || n < max_pages); n++)
    {
      FbPageStart start = job->next;
      FbPageStart next = { 0, NULL };

      if (!lay_out_page (job, pango, NULL, &start, &next, progress, error))
        {
          page_start_clear (&next);
          return FALSE;
        }

      /* The page's start is kept; the next one goes on from here. */
      g_array_append_val (job->pages, start);
      job->next = next;
      job->paginated = next.block >= job->report->blocks->len;
    }

  return TRUE;
}

gboolean
_fb_print_job_draw_page (FbPrintJob    *job,
                         PangoContext  *pango,
                         cairo_t       *cr,
                         int            page_nr,
                         GError       **error)
{
  const FbPageStart *start = &g_array_index (job->pages, FbPageStart, page_nr);
  FbPageStart next = { 0, NULL };
  g_autofree char *page_text = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) when = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  gboolean drawn;
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

  drawn = lay_out_page (job, pango, cr, start, &next, NULL, error);
  page_start_clear (&next);
  return drawn;
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
                   FbPrintJob        *job)
{
  _fb_print_job_begin (job, gtk_print_context_get_width (context), gtk_print_context_get_height (context));
}

/* A few pages each turn of the main loop, so that a long timeline does not
 * stop the window while its pages are counted. */
static gboolean
on_paginate_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                FbPrintJob        *job)
{
  PangoContext *pango = context_for_print (context);
  g_autoptr(GError) error = NULL;
  gboolean laid_out = _fb_print_job_paginate (job, pango, PAGES_PER_STEP, NULL, &error);

  g_object_unref (pango);
  if (!laid_out)
    {
      g_warning ("Cannot lay out the pages: %s", error->message);
      gtk_print_operation_cancel (operation);
      return TRUE;
    }

  if (!job->paginated)
    return FALSE;

  gtk_print_operation_set_n_pages (operation, (int) job->pages->len);
  return TRUE;
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 FbPrintJob        *job)
{
  PangoContext *pango = context_for_print (context);
  g_autoptr(GError) error = NULL;

  if (!_fb_print_job_draw_page (job, pango, gtk_print_context_get_cairo_context (context), page_nr, &error))
    g_warning ("Cannot draw page %d: %s", page_nr + 1, error->message);
  g_object_unref (pango);
}

FbPrintJob *
_fb_print_job_new (FbReport *report)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M %:z");
  FbPrintJob *job = g_new0 (FbPrintJob, 1);

  job->report = report;
  /* TRANSLATORS: in the header of every printed page */
  job->printed_at = g_strdup_printf (_("Printed %s"), stamp);

  return job;
}

void
_fb_print_job_free (FbPrintJob *job)
{
  fb_report_free (job->report);
  g_free (job->printed_at);
  g_clear_pointer (&job->pages, g_array_unref);
  g_clear_pointer (&job->widths, g_hash_table_unref);
  page_start_clear (&job->next);
  g_free (job);
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
  FbPrintJob *job;

  g_return_val_if_fail (report != NULL, NULL);

  job = _fb_print_job_new (report);
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, report->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_use_full_page (operation, FALSE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* A long timeline takes a while to lay out: GTK tells how far it is. */
  gtk_print_operation_set_show_progress (operation, TRUE);

  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), job);
  g_signal_connect (operation, "paginate", G_CALLBACK (on_paginate_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), job);
  g_object_set_data_full (G_OBJECT (operation), "fb-print-job", job, (GDestroyNotify) _fb_print_job_free);

  return operation;
}
