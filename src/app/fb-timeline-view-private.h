/* fb-timeline-view-private.h — what the timeline view shares with its other files
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-tail-model.h"
#include "fb-timeline-view.h"

G_BEGIN_DECLS

/* Shared by fb-timeline-view.c (the widget, its filters and search) and
 * fb-timeline-scroll.c (where the view is). */
struct _FbTimelineView
{
  GtkWidget          parent_instance;

  FbContext         *context;
  char              *incident;
  gint64             detected_at;
  FbEntryList       *model;
  FbTailModel       *tail;
  guint              show_more_id;
  guint              kinds;
  gboolean           pinned_only;
  char              *search;
  GPtrArray         *rows;          /* every FbEntryRow made, held */
  GPtrArray         *spare_rows;    /* those the list view let go of */

  gboolean           updating_checks;
  gboolean           setting_search;
  gboolean           stick_to_end;
  gboolean           leaving_end;   /* showing the past on purpose */
  gboolean           autoscrolling;
  gboolean           follow_change; /* to the end, once the list view has the change */
  guint              scroll_tick_id;
  guint              scroll_frames;
  GdkFrameClock     *frame_clock;
  gulong             layout_id;

  GtkSearchEntry    *search_entry;
  GtkWidget         *filter_button;
  GtkLabel          *filter_label;
  GtkWidget         *filter_popover;
  GtkBox            *filter_box;
  GtkToggleButton   *pinned_button;
  GtkScrolledWindow *scroller;
  GtkListView       *list_view;
  GtkWidget         *empty_page;
  GtkWidget         *jump_button;
  FbQuickEntry      *quick_entry;

  GtkCheckButton    *kind_checks[FB_N_ENTRY_KINDS];
};

void    _fb_timeline_view_update_empty       (FbTimelineView *self);

/* fb-timeline-scroll.c */
void    _fb_timeline_view_scroll_init        (FbTimelineView *self);
void    _fb_timeline_view_scroll_realize     (FbTimelineView *self);
void    _fb_timeline_view_scroll_unrealize   (FbTimelineView *self);
void    _fb_timeline_view_scroll_watch       (FbTimelineView *self);
void    _fb_timeline_view_scroll_unwatch     (FbTimelineView *self);
void    _fb_timeline_view_scroll_dispose     (FbTimelineView *self);
guint   _fb_timeline_view_shown_at_first     (FbTimelineView *self);
void    _fb_timeline_view_update_jump_button (FbTimelineView *self);

void    _fb_timeline_view_class_keys_init (GtkWidgetClass *widget_class);
gint64  _fb_timeline_view_get_detected_at (FbTimelineView *self);
FbContext *_fb_timeline_view_get_context (FbTimelineView *self);

void    _fb_timeline_filter_build (GtkBox          *box,
                                   GtkCheckButton **checks,
                                   GCallback        toggled,
                                   gpointer         data);
guint   _fb_timeline_filter_read  (GtkCheckButton **checks);
void    _fb_timeline_filter_show  (GtkLabel        *label,
                                   GtkCheckButton **checks,
                                   guint            kinds);
void    _fb_timeline_filter_show_all_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *param);

G_END_DECLS
