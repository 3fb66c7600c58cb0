/* fb-print-private.h — what the printer's pages and the PDF share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-print.h"

G_BEGIN_DECLS

/* Where a page begins: a block, and in a table the row it begins with
 * (the table's header comes again above it). Pages are kept as these
 * places only; each is laid out again when it is drawn, so a report of a
 * million rows is never laid out in memory whole. */
typedef struct
{
  guint          block;
  FbReportPlace *row;
} FbPageStart;

typedef struct
{
  FbReport    *report;
  char        *printed_at;
  GArray      *pages;       /* FbPageStart, one per page laid out so far */
  GHashTable  *widths;      /* FbBlock → double[] column widths */
  double       width;
  double       body_top;
  double       body_bottom;
  FbPageStart  next;        /* where the next page begins */
  gboolean     paginated;   /* every page is in @pages */
  guint64      done;        /* rows and blocks placed, of @total */
  guint64      total;
} FbPrintJob;

FbPrintJob *_fb_print_job_new       (FbReport      *report);
void        _fb_print_job_free      (FbPrintJob    *job);
void        _fb_print_job_begin     (FbPrintJob    *job,
                                     double         width,
                                     double         page_height);
gboolean    _fb_print_job_paginate  (FbPrintJob    *job,
                                     PangoContext  *pango,
                                     guint          max_pages,
                                     FbProgress    *progress,
                                     GError       **error);
gboolean    _fb_print_job_draw_page (FbPrintJob    *job,
                                     PangoContext  *pango,
                                     cairo_t       *cr,
                                     int            page_nr,
                                     GError       **error);

G_END_DECLS
