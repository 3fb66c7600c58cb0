/* fb-flow-rows.c — rows of widgets that wrap when the width runs short
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libadwaita 1.2 has no breakpoints, so a header that must work from a
 * wide screen down to 800 px and below places its parts itself: the same
 * code measures and allocates, so what is measured is what is shown.
 */

#define G_LOG_DOMAIN "fb-flow-rows"

#include "config.h"

#include "fb-flow-rows-private.h"

static gboolean
is_shown (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_should_layout (widget);
}

static gboolean
takes_whole_line (GtkWidget *widget)
{
  return gtk_widget_get_hexpand (widget);
}

int
_fb_flow_rows_get_min_width (const FbFlowRow *rows,
                             guint            n_rows)
{
  int width = 0;

  for (guint r = 0; r < n_rows; r++)
    for (guint i = 0; rows[r].parts[i] != NULL; i++)
      {
        int minimum = 0;

        if (!is_shown (rows[r].parts[i]))
          continue;
        gtk_widget_measure (rows[r].parts[i], GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
        width = MAX (width, minimum);
      }

  return width;
}

static int
get_row_natural_width (const FbFlowRow *row)
{
  int width = 0, n = 0;

  for (guint i = 0; row->parts[i] != NULL; i++)
    {
      int natural = 0;

      if (!is_shown (row->parts[i]))
        continue;
      gtk_widget_measure (row->parts[i], GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      width += natural + (n++ > 0 ? row->spacing : 0);
    }

  return width;
}

int
_fb_flow_rows_get_natural_width (const FbFlowRow *rows,
                                 guint            n_rows)
{
  int width = 0;

  for (guint r = 0; r < n_rows; r++)
    width = MAX (width, get_row_natural_width (&rows[r]));

  return width;
}

/* Whether every row that does not expand fits on one line of @width. */
gboolean
_fb_flow_rows_fit_on_lines (const FbFlowRow *rows,
                            guint            n_rows,
                            int              width)
{
  for (guint r = 0; r < n_rows; r++)
    {
      gboolean expands = FALSE;

      for (guint i = 0; rows[r].parts[i] != NULL; i++)
        expands |= is_shown (rows[r].parts[i]) && takes_whole_line (rows[r].parts[i]);
      if (!expands && get_row_natural_width (&rows[r]) > width)
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  GtkWidget *widget;
  int        minimum;
  int        natural;
  int        width;
  int        height;
} Placed;

/* Gives the parts of a line their widths, from what each needs at least
 * towards what it would like, and returns the line's height. */
static int
size_line (Placed *line,
           guint   n,
           int     spacing,
           int     width)
{
  GtkRequestedSize sizes[FB_FLOW_ROW_MAX];
  int extra = width - spacing * ((int) n - 1), height = 0;

  for (guint i = 0; i < n; i++)
    {
      sizes[i].data = NULL;
      sizes[i].minimum_size = line[i].minimum;
      sizes[i].natural_size = line[i].natural;
      extra -= line[i].minimum;
    }
  gtk_distribute_natural_allocation (MAX (0, extra), n, sizes);

  for (guint i = 0; i < n; i++)
    {
      line[i].width = takes_whole_line (line[i].widget) ? MAX (width, line[i].minimum) : sizes[i].minimum_size;
      gtk_widget_measure (line[i].widget, GTK_ORIENTATION_VERTICAL, line[i].width, NULL, &line[i].height, NULL, NULL);
      height = MAX (height, line[i].height);
    }

  return height;
}

/* Allocates one line of @placed, each part centred in the line's height. */
static void
allocate_line (const Placed *placed,
               guint         n,
               int           spacing,
               int           x,
               int           y,
               int           width,
               int           height,
               gboolean      to_end)
{
  int used = 0;

  for (guint i = 0; i < n; i++)
    used += placed[i].width + (i > 0 ? spacing : 0);
  if (to_end)
    x += MAX (0, width - used);

  for (guint i = 0; i < n; i++)
    {
      GtkAllocation allocation = { x, y + (height - placed[i].height) / 2, placed[i].width, placed[i].height };

      gtk_widget_size_allocate (placed[i].widget, &allocation, -1);
      x += placed[i].width + spacing;
    }
}

/* Lays @rows out from (@x, @y) in @width, one under the other, and returns
 * the height they take. With @allocate, the parts are also allocated;
 * @to_end puts each line against the right edge. A line's parts shrink
 * towards what they need at least before one moves to the next line. */
int
_fb_flow_rows_place (const FbFlowRow *rows,
                     guint            n_rows,
                     int              row_spacing,
                     int              x,
                     int              y,
                     int              width,
                     gboolean         to_end,
                     gboolean         allocate)
{
  int top = y;
  gboolean first_line = TRUE;

  for (guint r = 0; r < n_rows; r++)
    {
      Placed line[FB_FLOW_ROW_MAX];
      guint n = 0;
      int used = 0;

      for (guint i = 0; ; i++)
        {
          GtkWidget *part = rows[r].parts[i];
          int minimum = 0, natural = 0;
          gboolean ends_line;

          if (part != NULL && !is_shown (part))
            continue;

          if (part != NULL)
            {
              gtk_widget_measure (part, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
              ends_line = n > 0 && (used + rows[r].spacing + minimum > width || takes_whole_line (part) ||
                                    takes_whole_line (line[n - 1].widget));
            }
          else
            ends_line = n > 0;

          if (ends_line)
            {
              int line_height = size_line (line, n, rows[r].spacing, width);

              if (!first_line)
                y += row_spacing;
              if (allocate)
                allocate_line (line, n, rows[r].spacing, x, y, width, line_height, to_end);
              y += line_height;
              first_line = FALSE;
              n = 0;
              used = 0;
            }

          if (part == NULL)
            break;

          line[n].widget = part;
          line[n].minimum = minimum;
          line[n].natural = natural;
          used += minimum + (n > 0 ? rows[r].spacing : 0);
          n++;
        }
    }

  return y - top;
}
