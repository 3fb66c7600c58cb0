/* fb-incident-header-layout.c — where the incident header puts its parts
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header is a widget of its own rather than a box so that its fields
 * can sit beside the clock when there is room and under it when there is
 * not, decided at the width it is given, without a breakpoint per
 * language: a Japanese header is narrower than an English one.
 */

#include "config.h"

#include "fb-incident-header-layout-private.h"

/* Between the header's columns, and between its rows. */
#define COLUMN_SPACING 18
#define ROW_SPACING 6

/* A long title wraps rather than widening the window: GtkEditableLabel
 * shows its text in a label of its own, which wraps once told to. */
void
_fb_header_wrap_title (GtkEditableLabel *title)
{
  GtkWidget *stack = gtk_widget_get_first_child (GTK_WIDGET (title));

  for (GtkWidget *child = stack != NULL ? gtk_widget_get_first_child (stack) : NULL;
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_LABEL (child))
        continue;
      gtk_label_set_wrap (GTK_LABEL (child), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (child), 0);
    }
}

static void
set_row (FbFlowRow *row,
         int        spacing,
         ...)
{
  va_list args;
  guint n = 0;
  GtkWidget *part;

  row->spacing = spacing;
  va_start (args, spacing);
  while ((part = va_arg (args, GtkWidget *)) != NULL)
    {
      g_assert (n < FB_FLOW_ROW_MAX);
      row->parts[n++] = part;
    }
  va_end (args);
  row->parts[n] = NULL;
}

/* One table of where each part goes: a part added to the header is one
 * more widget in the template, one more member of FbHeaderParts and one
 * more name here. */
void
_fb_header_layout_arrange (FbHeaderLayout      *layout,
                           const FbHeaderParts *p)
{
  /* Wide: the title, the fields and what falls due, with the clock, its
   * button and the sync state on the right, where the sync state, as
   * wide as its widest state, costs the fields no room. */
  set_row (&layout->main_rows[FB_HEADER_MAIN_TITLE], 0, p->title, NULL);
  set_row (&layout->main_rows[FB_HEADER_MAIN_FIELDS], 6, p->severity, p->phase, p->status, NULL);
  set_row (&layout->main_rows[FB_HEADER_MAIN_DUE], 12, p->deadlines, p->update, NULL);
  set_row (&layout->side_rows[FB_HEADER_SIDE_CLOCK], 0, p->clock, p->review, NULL);
  set_row (&layout->side_rows[FB_HEADER_SIDE_RECORD], 0, p->record, NULL);
  set_row (&layout->side_rows[FB_HEADER_SIDE_SYNC], 0, p->sync, NULL);

  /* Narrow: one column, the clock under the fields. */
  set_row (&layout->narrow_rows[FB_HEADER_NARROW_TITLE], 0, p->title, NULL);
  set_row (&layout->narrow_rows[FB_HEADER_NARROW_FIELDS], 6, p->severity, p->phase, p->status, p->sync, NULL);
  set_row (&layout->narrow_rows[FB_HEADER_NARROW_CLOCK], COLUMN_SPACING, p->clock, p->review, p->record, NULL);
  set_row (&layout->narrow_rows[FB_HEADER_NARROW_DUE], 12, p->deadlines, p->update, NULL);
}

/* The width of the right-hand column, 0 when nothing is in it. */
static int
get_side_width (const FbHeaderLayout *layout)
{
  return _fb_flow_rows_get_natural_width (layout->side_rows, FB_HEADER_N_SIDE_ROWS);
}

/* Whether the fields fit beside the clock on one line: below that width
 * the header is one column. What falls due may wrap either way. */
static gboolean
is_wide_at (const FbHeaderLayout *layout,
            int                   width)
{
  int side = get_side_width (layout);
  int main_width = side > 0 ? width - side - COLUMN_SPACING : width;

  return _fb_flow_rows_fit_on_lines (&layout->main_rows[FB_HEADER_MAIN_FIELDS], 1, main_width);
}

/* Returns the height the parts take in @width; with @allocate, places
 * them in @width × @height. */
int
_fb_header_layout_place (const FbHeaderLayout *layout,
                         int                   width,
                         int                   height,
                         gboolean              allocate)
{
  int side, main_width, main_height, side_height, total;

  if (!is_wide_at (layout, width))
    {
      total = _fb_flow_rows_place (layout->narrow_rows, FB_HEADER_N_NARROW_ROWS, ROW_SPACING,
                                   0, 0, width, FALSE, FALSE);
      if (allocate)
        _fb_flow_rows_place (layout->narrow_rows, FB_HEADER_N_NARROW_ROWS, ROW_SPACING,
                             0, MAX (0, height - total) / 2, width, FALSE, TRUE);
      return total;
    }

  side = get_side_width (layout);
  main_width = side > 0 ? width - side - COLUMN_SPACING : width;
  main_height = _fb_flow_rows_place (layout->main_rows, FB_HEADER_N_MAIN_ROWS, ROW_SPACING,
                                     0, 0, main_width, FALSE, FALSE);
  side_height = _fb_flow_rows_place (layout->side_rows, FB_HEADER_N_SIDE_ROWS, ROW_SPACING,
                                     0, 0, side, TRUE, FALSE);
  total = MAX (main_height, side_height);

  if (allocate)
    {
      height = MAX (height, total);
      _fb_flow_rows_place (layout->main_rows, FB_HEADER_N_MAIN_ROWS, ROW_SPACING,
                           0, (height - main_height) / 2, main_width, FALSE, TRUE);
      _fb_flow_rows_place (layout->side_rows, FB_HEADER_N_SIDE_ROWS, ROW_SPACING,
                           width - side, (height - side_height) / 2, side, TRUE, TRUE);
    }
  return total;
}

/* Height for width: as wide as the wide arrangement would like, as
 * narrow as the one column allows. */
void
_fb_header_layout_measure (const FbHeaderLayout *layout,
                           GtkOrientation        orientation,
                           int                   for_size,
                           int                  *minimum,
                           int                  *natural)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int side = get_side_width (layout);

      *minimum = _fb_flow_rows_get_min_width (layout->narrow_rows, FB_HEADER_N_NARROW_ROWS);
      *natural = _fb_flow_rows_get_natural_width (layout->main_rows, FB_HEADER_N_MAIN_ROWS) +
                 (side > 0 ? COLUMN_SPACING + side : 0);
      *natural = MAX (*natural, *minimum);
    }
  else
    {
      int width = for_size, ignored;

      if (width < 0)
        _fb_header_layout_measure (layout, GTK_ORIENTATION_HORIZONTAL, -1, &ignored, &width);
      *minimum = *natural = _fb_header_layout_place (layout, width, 0, FALSE);
    }
}
