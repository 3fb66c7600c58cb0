/* fb-incident-header-layout-private.h — where the incident header puts its parts
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-flow-rows-private.h"

G_BEGIN_DECLS

/* The header's parts, each a child of the header. */
typedef struct
{
  GtkWidget *title;
  GtkWidget *severity;
  GtkWidget *phase;
  GtkWidget *status;
  GtkWidget *sync;
  GtkWidget *deadlines;
  GtkWidget *update;
  GtkWidget *clock;
  GtkWidget *review;
  GtkWidget *record;
} FbHeaderParts;

enum {
  FB_HEADER_MAIN_TITLE,
  FB_HEADER_MAIN_FIELDS,
  FB_HEADER_MAIN_DUE,
  FB_HEADER_N_MAIN_ROWS
};

enum {
  FB_HEADER_SIDE_CLOCK,
  FB_HEADER_SIDE_RECORD,
  FB_HEADER_SIDE_SYNC,
  FB_HEADER_N_SIDE_ROWS
};

enum {
  FB_HEADER_NARROW_TITLE,
  FB_HEADER_NARROW_FIELDS,
  FB_HEADER_NARROW_CLOCK,
  FB_HEADER_NARROW_DUE,
  FB_HEADER_N_NARROW_ROWS
};

/* The same parts in two arrangements: the fields beside the clock when
 * they fit, else everything in one column. */
typedef struct
{
  FbFlowRow main_rows[FB_HEADER_N_MAIN_ROWS];
  FbFlowRow side_rows[FB_HEADER_N_SIDE_ROWS];
  FbFlowRow narrow_rows[FB_HEADER_N_NARROW_ROWS];
} FbHeaderLayout;

void _fb_header_layout_arrange (FbHeaderLayout       *layout,
                                const FbHeaderParts  *parts);
void _fb_header_layout_measure (const FbHeaderLayout *layout,
                                GtkOrientation        orientation,
                                int                   for_size,
                                int                  *minimum,
                                int                  *natural);
int  _fb_header_layout_place   (const FbHeaderLayout *layout,
                                int                   width,
                                int                   height,
                                gboolean              allocate);
void _fb_header_wrap_title     (GtkEditableLabel     *title);

G_END_DECLS
