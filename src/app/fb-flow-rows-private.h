/* fb-flow-rows-private.h — rows of widgets that wrap when the width runs short
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_FLOW_ROW_MAX 6

/* Parts side by side on one line, onto more lines when they do not fit.
 * A part that expands takes a line of its own, as wide as the rows. */
typedef struct
{
  GtkWidget *parts[FB_FLOW_ROW_MAX + 1]; /* NULL after the last */
  int        spacing;                    /* between the parts of a line */
} FbFlowRow;

int  _fb_flow_rows_get_min_width     (const FbFlowRow *rows,
                                      guint            n_rows);
int  _fb_flow_rows_get_natural_width (const FbFlowRow *rows,
                                      guint            n_rows);
gboolean _fb_flow_rows_fit_on_lines  (const FbFlowRow *rows,
                                      guint            n_rows,
                                      int              width);
int  _fb_flow_rows_place             (const FbFlowRow *rows,
                                      guint            n_rows,
                                      int              row_spacing,
                                      int              x,
                                      int              y,
                                      int              width,
                                      gboolean         to_end,
                                      gboolean         allocate);

G_END_DECLS
