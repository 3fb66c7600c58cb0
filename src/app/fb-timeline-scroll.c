/* fb-timeline-scroll.c — where the timeline view is: its end and its past
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The newest entry is at the bottom. A reader at the bottom stays there as
 * entries arrive; one who scrolled up to read is left where they are, with
 * a button to jump back. The list view is given the list's end through an
 * FbTailModel, and more of the past as the reader scrolls up to it; a jump
 * (to an entry, Ctrl+Home, Ctrl+End from far back) shows a screenful
 * around where it lands, and the rest as the reader scrolls to it.
 */

#define G_LOG_DOMAIN "fb-timeline-view"

#include "config.h"

#include "firebreak-core.h"
#include "fb-tail-model.h"
#include "fb-timeline-view.h"
#include "fb-timeline-view-private.h"

/* How close to the end, in pixels, still counts as "at the end". */
#define AT_END_SLACK 8.0

/* Opening a timeline shows enough entries of one line each to fill the
 * list (see _fb_timeline_view_shown_at_first ()); more are shown, a batch at a time, while the
 * reader is within a page of the top of those shown. */
#define ONE_LINE_ROW_HEIGHT 48
#define SHOWN_PER_BATCH 40

/* More shown than GTK makes rows for at once: a jump to the end from far
 * back shows the end alone again. */
#define MANY_SHOWN 200

static gboolean
adjustment_at_end (GtkAdjustment *adj)
{
  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
         >= gtk_adjustment_get_upper (adj) - AT_END_SLACK;
}

/* At the end of the timeline, not of the part shown after a jump back. */
static gboolean
view_at_end (FbTimelineView *self)
{
  return adjustment_at_end (gtk_scrolled_window_get_vadjustment (self->scroller)) &&
         (self->tail == NULL || fb_tail_model_get_hidden_after (self->tail) == 0);
}

void
_fb_timeline_view_update_jump_button (FbTimelineView *self)
{
  guint n = self->tail != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->tail)) : 0;

  gtk_widget_set_visible (self->jump_button, !self->stick_to_end && n > 0);
}


/* Holds the view at the end for a few frames, until the list view has
 * measured the new rows and the adjustment knows the true end. The move
 * itself is made after each frame's layout (on_frame_clock_layout_cb()):
 * made here, before the layout, it would take the end from before the
 * new rows were measured and leave them below the fold for a frame. */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  FbTimelineView *self = FB_TIMELINE_VIEW (widget);

  if (++self->scroll_frames < 3)
    return G_SOURCE_CONTINUE;

  self->scroll_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* After the window's layout, in the frame itself: the list view has just
 * measured the new rows, so the true end is known. Moving there now makes
 * GTK lay out once more before it paints, and a row that arrived is drawn
 * in the first frame after it rather than frames later. */
static void
on_frame_clock_layout_cb (FbTimelineView *self,
                          GdkFrameClock  *clock)
{
  GtkAdjustment *adj;
  double end;

  if (self->scroll_tick_id == 0)
    return;

  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  if (gtk_adjustment_get_value (adj) >= end)
    return;

  self->autoscrolling = TRUE;
  gtk_adjustment_set_value (adj, end);
  self->autoscrolling = FALSE;
}


/* How many entries an FbTailModel shows at first. */
guint
_fb_timeline_view_shown_at_first (FbTimelineView *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->scroller));

  if (height <= 0)
    {
      /* Before the window's first layout: its height, less its header
       * bar, the incident's header, the search bar and the quick entry. */
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      int window_width = -1, window_height = -1;

      /* Both out arguments: GTK 4.8 writes to each without a check. */
      if (GTK_IS_WINDOW (root))
        gtk_window_get_default_size (GTK_WINDOW (root), &window_width, &window_height);
      height = window_height > 0 ? window_height - 260 : 800;
    }

  return CLAMP (height / ONE_LINE_ROW_HEIGHT + 1, 8, 64);
}

static gboolean
near_top (FbTimelineView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  return self->tail != NULL && fb_tail_model_get_hidden (self->tail) > 0 &&
         gtk_adjustment_get_value (adj) < gtk_adjustment_get_page_size (adj);
}

static gboolean
near_bottom (FbTimelineView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  return self->tail != NULL && fb_tail_model_get_hidden_after (self->tail) > 0 &&
         gtk_adjustment_get_value (adj) + 2 * gtk_adjustment_get_page_size (adj) > gtk_adjustment_get_upper (adj);
}

static gboolean
show_more_cb (gpointer user_data)
{
  FbTimelineView *self = FB_TIMELINE_VIEW (user_data);

  self->show_more_id = 0;
  if (near_top (self))
    fb_tail_model_show_more (self->tail, SHOWN_PER_BATCH);
  if (near_bottom (self))
    fb_tail_model_show_more_after (self->tail, SHOWN_PER_BATCH);
  return G_SOURCE_REMOVE;
}

/* Not from inside the adjustment's signals, which the list view emits
 * while it lays itself out: the batch is added when that is done, and
 * the next one once the view has measured it. */
static void
queue_show_more (FbTimelineView *self)
{
  if (self->show_more_id == 0 && (near_top (self) || near_bottom (self)))
    self->show_more_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, show_more_cb, self, NULL);
}

static void
on_vadjustment_changed_cb (FbTimelineView *self,
                           GtkAdjustment  *adj)
{
  queue_show_more (self);

  /* The end moved, not the reader: rows measured anew, more of the
   * timeline shown above, the pane's height changed. A view held at the
   * end follows it for the next few frames. */
  if (self->stick_to_end && !self->leaving_end && self->scroll_tick_id == 0 && !adjustment_at_end (adj))
    {
      self->scroll_frames = 0;
      self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, NULL, NULL);
    }
}

static void
on_vadjustment_value_changed_cb (FbTimelineView *self,
                                 GtkAdjustment  *adj)
{
  queue_show_more (self);

  if (self->autoscrolling)
    return;

  /* While the view is being held at the end, the list view's own
   * adjustments (rows measured, the end estimated anew) move the value a
   * little; a jump of more than a page away from the end is the reader. */
  if (self->scroll_tick_id != 0)
    {
      double from_end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)
                        - gtk_adjustment_get_value (adj);

      if (from_end <= gtk_adjustment_get_page_size (adj))
        return;

      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }

  self->stick_to_end = view_at_end (self);
  _fb_timeline_view_update_jump_button (self);
}

static void
on_model_items_changed_cb (FbTimelineView *self,
                           guint           position,
                           guint           removed,
                           guint           added,
                           GListModel     *model)
{
  /* Decided before the list view sees the change, while the adjustment
   * still shows where the reader was; the view moves once the list view
   * has taken the change in (on_model_items_changed_after_cb()), since
   * before it would scroll to rows it does not know yet. */
  if (!self->leaving_end && (self->stick_to_end || view_at_end (self)))
    {
      self->stick_to_end = TRUE;
      self->follow_change |= added > 0;
    }

  _fb_timeline_view_update_empty (self);
  _fb_timeline_view_update_jump_button (self);
}

static void
on_model_items_changed_after_cb (FbTimelineView *self,
                                 guint           position,
                                 guint           removed,
                                 guint           added,
                                 GListModel     *model)
{
  if (!self->follow_change)
    return;
  self->follow_change = FALSE;
  fb_timeline_view_scroll_to_end (self);
}


void
_fb_timeline_view_scroll_init (FbTimelineView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  g_signal_connect_object (adj, "value-changed", G_CALLBACK (on_vadjustment_value_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "changed", G_CALLBACK (on_vadjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

void
_fb_timeline_view_scroll_realize (FbTimelineView *self)
{
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  self->layout_id = g_signal_connect_object (self->frame_clock, "layout", G_CALLBACK (on_frame_clock_layout_cb),
                                             self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

void
_fb_timeline_view_scroll_unrealize (FbTimelineView *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->layout_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

/* The view's own handlers of the shown model's changes: connected before
 * the list view's, so that they see the scroll position from before. */
void
_fb_timeline_view_scroll_watch (FbTimelineView *self)
{
  g_signal_connect_object (self->tail, "items-changed",
                           G_CALLBACK (on_model_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tail, "items-changed", G_CALLBACK (on_model_items_changed_after_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

void
_fb_timeline_view_scroll_unwatch (FbTimelineView *self)
{
  if (self->tail == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->tail, on_model_items_changed_cb, self);
  g_signal_handlers_disconnect_by_func (self->tail, on_model_items_changed_after_cb, self);
}

void
_fb_timeline_view_scroll_dispose (FbTimelineView *self)
{
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  g_clear_handle_id (&self->show_more_id, g_source_remove);
  _fb_timeline_view_scroll_unwatch (self);
}

/**
 * fb_timeline_view_show_entry:
 *
 * Scrolls to an entry of the incident: the entries back to it are shown,
 * and a filter or search that hides it is cleared.
 *
 * Returns: %FALSE when the incident has no such entry
 */
/* Scrolls to the entry at @position of the whole list, showing the
 * entries back to it: the reader is going back in time, so the view stops
 * holding (and then following) the end. */
static void
scroll_back_to (FbTimelineView *self,
                guint           position,
                gboolean        jump)
{
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  self->stick_to_end = FALSE;
  _fb_timeline_view_update_jump_button (self);

  self->leaving_end = TRUE;
  if (jump)
    position = fb_tail_model_show_around (self->tail, position);
  else
    position = fb_tail_model_reveal (self->tail, position);
  self->leaving_end = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

gboolean
fb_timeline_view_show_entry (FbTimelineView *self,
                             const char     *entry_id)
{
  guint position;

  g_return_val_if_fail (FB_IS_TIMELINE_VIEW (self), FALSE);
  g_return_val_if_fail (entry_id != NULL, FALSE);

  if (self->model == NULL)
    return FALSE;

  position = fb_entry_list_find (self->model, entry_id);
  if (position == G_MAXUINT)
    {
      fb_timeline_view_set_kinds (self, FB_ENTRY_KINDS_ALL);
      fb_timeline_view_set_pinned_only (self, FALSE);
      fb_timeline_view_set_search (self, NULL);
      position = fb_entry_list_find (self->model, entry_id);
      if (position == G_MAXUINT)
        return FALSE;
    }

  scroll_back_to (self, position, TRUE);
  return TRUE;
}


/* The incident's first entry: every entry is shown (the list view makes
 * rows for those in sight only), and the view leaves the end. */
void
fb_timeline_view_scroll_to_start (FbTimelineView *self)
{
  g_return_if_fail (FB_IS_TIMELINE_VIEW (self));

  /* The first entry, not the first of those read so far. */
  if (self->model != NULL)
    fb_entry_list_finish_loading (self->model);
  if (self->tail != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->tail)) > 0)
    scroll_back_to (self, 0, TRUE);
}

gboolean
fb_timeline_view_get_at_end (FbTimelineView *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_VIEW (self), FALSE);
  return self->stick_to_end;
}

void
fb_timeline_view_scroll_to_end (FbTimelineView *self)
{
  guint n;

  g_return_if_fail (FB_IS_TIMELINE_VIEW (self));

  self->stick_to_end = TRUE;
  _fb_timeline_view_update_jump_button (self);

  /* After a jump back, the end is not among the items shown. */
  if (self->tail != NULL && fb_tail_model_get_hidden_after (self->tail) > 0)
    {
      self->leaving_end = TRUE;
      fb_tail_model_show_end (self->tail);
      self->leaving_end = FALSE;
    }

  n = self->tail != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->tail)) : 0;
  if (n == 0)
    return;

  self->autoscrolling = TRUE;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
  self->autoscrolling = FALSE;

  self->scroll_frames = 0;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, NULL, NULL);
}

/**
 * fb_timeline_view_jump_to_end:
 *
 * The reader's own way to the newest entry (Ctrl+End, the button, a
 * post): far back in a long timeline, only the end is kept shown, so
 * that the list makes the rows of a screenful there rather than GTK's
 * two hundred.
 */
void
fb_timeline_view_jump_to_end (FbTimelineView *self)
{
  g_return_if_fail (FB_IS_TIMELINE_VIEW (self));

  if (self->tail != NULL && !view_at_end (self) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->tail)) > MANY_SHOWN)
    {
      self->leaving_end = TRUE;
      fb_tail_model_show_end (self->tail);
      self->leaving_end = FALSE;
    }
  fb_timeline_view_scroll_to_end (self);
}
