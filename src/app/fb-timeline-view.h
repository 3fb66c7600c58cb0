/* fb-timeline-view.h — an incident's timeline, its filters and the quick entry
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-context.h"
#include "fb-quick-entry.h"
#include "fb-tail-model.h"

G_BEGIN_DECLS

#define FB_TYPE_TIMELINE_VIEW (fb_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (FbTimelineView, fb_timeline_view, FB, TIMELINE_VIEW, GtkWidget)

void          fb_timeline_view_set_context     (FbTimelineView *self,
                                                FbContext      *context);
const char   *fb_timeline_view_get_incident    (FbTimelineView *self);
void          fb_timeline_view_set_incident    (FbTimelineView *self,
                                                const char     *incident);
FbEntryList  *fb_timeline_view_get_model       (FbTimelineView *self);
FbTailModel  *fb_timeline_view_get_shown       (FbTimelineView *self);
gboolean      fb_timeline_view_show_entry      (FbTimelineView *self,
                                                const char     *entry_id);
void          fb_timeline_view_scroll_to_start (FbTimelineView *self);
FbQuickEntry *fb_timeline_view_get_quick_entry (FbTimelineView *self);
GtkListView  *fb_timeline_view_get_list_view   (FbTimelineView *self);
GtkScrolledWindow *fb_timeline_view_get_scroller (FbTimelineView *self);
guint         fb_timeline_view_get_kinds       (FbTimelineView *self);
void          fb_timeline_view_set_kinds       (FbTimelineView *self,
                                                guint           kinds);
void          fb_timeline_view_set_search      (FbTimelineView *self,
                                                const char     *search);
void          fb_timeline_view_set_pinned_only (FbTimelineView *self,
                                                gboolean        pinned_only);
void          fb_timeline_view_focus_search    (FbTimelineView *self);
gboolean      fb_timeline_view_get_at_end      (FbTimelineView *self);
void          fb_timeline_view_scroll_to_end   (FbTimelineView *self);
void          fb_timeline_view_jump_to_end     (FbTimelineView *self);

G_END_DECLS
