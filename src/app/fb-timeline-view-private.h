/* fb-timeline-view-private.h — what the timeline view shares with its keys
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-timeline-view.h"

G_BEGIN_DECLS

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
