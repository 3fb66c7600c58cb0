/* fb-timeline-view.c — an incident's timeline, its filters and the quick entry
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list view shows an FbEntryList, which reads entries on demand, and
 * recycles a screenful of FbEntryRows: a timeline of 100,000 entries
 * costs neither 100,000 objects nor 100,000 widgets. It is given the
 * list's end through an FbTailModel, and more of the past as the reader
 * scrolls up to it, so that opening a long incident lays out a screenful
 * of rows rather than the two hundred GTK 4.8 would make.
 *
 * The newest entry is at the bottom. A reader at the bottom stays there as
 * entries arrive; one who scrolled up to read is left where they are, with
 * a button to jump back.
 */

#define G_LOG_DOMAIN "fb-timeline-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fb-entry-row.h"
#include "fb-format.h"
#include "fb-tail-model.h"
#include "fb-timeline-view.h"
#include "fb-timeline-view-private.h"

/* How close to the end, in pixels, still counts as "at the end". */
#define AT_END_SLACK 8.0

/* Opening a timeline shows enough entries of one line each to fill the
 * list (see shown_at_first); more are shown, a batch at a time, while the
 * reader is within a page of the top of those shown. */
#define ONE_LINE_ROW_HEIGHT 48
#define SHOWN_PER_BATCH 40

/* More shown than GTK makes rows for at once: a jump to the end from far
 * back shows the end alone again. */
#define MANY_SHOWN 200

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

G_DEFINE_FINAL_TYPE (FbTimelineView, fb_timeline_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCIDENT,
  PROP_KINDS,
  PROP_DETECTED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static void
update_jump_button (FbTimelineView *self)
{
  guint n = self->tail != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->tail)) : 0;

  gtk_widget_set_visible (self->jump_button, !self->stick_to_end && n > 0);
}

static void
update_empty (FbTimelineView *self)
{
  guint n = self->tail != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->tail)) : 0;
  gboolean filtered = self->kinds != FB_ENTRY_KINDS_ALL || self->pinned_only ||
                      (self->search != NULL && self->search[0] != '\0');

  if (filtered)
    {
      adw_status_page_set_title (ADW_STATUS_PAGE (self->empty_page), _("No Matching Entries"));
      adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                       _("Change the search or show more kinds of entries."));
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->empty_page), "edit-find-symbolic");
    }
  else
    {
      adw_status_page_set_title (ADW_STATUS_PAGE (self->empty_page), _("No Entries Yet"));
      adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                       _("Type what you know below and press Enter."));
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->empty_page), "view-list-symbolic");
    }
  gtk_widget_set_visible (self->empty_page, self->incident != NULL && n == 0);
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

static void
fb_timeline_view_realize (GtkWidget *widget)
{
  FbTimelineView *self = FB_TIMELINE_VIEW (widget);

  GTK_WIDGET_CLASS (fb_timeline_view_parent_class)->realize (widget);

  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->layout_id = g_signal_connect_object (self->frame_clock, "layout", G_CALLBACK (on_frame_clock_layout_cb),
                                             self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
fb_timeline_view_unrealize (GtkWidget *widget)
{
  FbTimelineView *self = FB_TIMELINE_VIEW (widget);

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->layout_id, self->frame_clock);
  g_clear_object (&self->frame_clock);

  GTK_WIDGET_CLASS (fb_timeline_view_parent_class)->unrealize (widget);
}

static guint
shown_at_first (FbTimelineView *self)
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
  update_jump_button (self);
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

  update_empty (self);
  update_jump_button (self);
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

static void
on_search_changed_cb (FbTimelineView *self,
                      GtkSearchEntry *entry)
{
  /* Setting the text empties the entry first, which a search entry
   * reports at once; only what the user types counts. */
  if (self->setting_search)
    return;
  fb_timeline_view_set_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_stop_search_cb (FbTimelineView *self,
                   GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  fb_quick_entry_focus (self->quick_entry);
}

static void
on_pinned_toggled_cb (FbTimelineView  *self,
                      GtkToggleButton *button)
{
  fb_timeline_view_set_pinned_only (self, gtk_toggle_button_get_active (button));
}

static void
on_kind_check_toggled_cb (FbTimelineView *self,
                          GtkCheckButton *check)
{
  if (!self->updating_checks)
    fb_timeline_view_set_kinds (self, _fb_timeline_filter_read (self->kind_checks));
}

static void
on_quick_entry_posted_cb (FbTimelineView *self,
                          const char     *id,
                          FbQuickEntry   *entry)
{
  /* Whoever posts wants to see what they posted. */
  fb_timeline_view_jump_to_end (self);
}

/* Rows flag the entries placed before the detection time, which can move
 * while they are shown. */
static void
update_detected_at (FbTimelineView *self)
{
  g_autoptr(FbIncident) incident = NULL;
  gint64 detected_at = 0;

  if (self->incident != NULL && self->context != NULL)
    incident = fb_store_get_incident (fb_context_get_store (self->context), self->incident);
  if (incident != NULL)
    detected_at = fb_incident_get_detected_at (incident);

  if (detected_at == self->detected_at)
    return;

  self->detected_at = detected_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETECTED_AT]);
}

static void
on_store_changed_cb (FbTimelineView *self,
                     guint           flags,
                     const char     *incident,
                     FbStore        *store)
{
  if (!(flags & FB_CHANGE_INCIDENTS))
    return;
  if (incident != NULL && g_strcmp0 (incident, self->incident) != 0)
    return;
  update_detected_at (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              FbTimelineView           *self)
{
  GtkWidget *row = fb_entry_row_new (self->context);

  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, row);
  g_object_bind_property (self, "detected-at", row, "detected-at", G_BINDING_SYNC_CREATE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             FbTimelineView           *self)
{
  fb_entry_row_set_entry (FB_ENTRY_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               FbTimelineView           *self)
{
  fb_entry_row_set_entry (FB_ENTRY_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
update_filter_label (FbTimelineView *self)
{
  self->updating_checks = TRUE;
  _fb_timeline_filter_show (self->filter_label, self->kind_checks, self->kinds);
  self->updating_checks = FALSE;
}

static void
jump_to_end_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  fb_timeline_view_jump_to_end (FB_TIMELINE_VIEW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  fb_timeline_view_focus_search (FB_TIMELINE_VIEW (widget));
}

static void
fb_timeline_view_dispose (GObject *object)
{
  FbTimelineView *self = (FbTimelineView *) object;
  GtkWidget *child;

  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  g_clear_handle_id (&self->show_more_id, g_source_remove);
  if (self->tail != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->tail, on_model_items_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->tail, on_model_items_changed_after_cb, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_TIMELINE_VIEW);
  /* The template's top box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->tail);
  g_clear_object (&self->model);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_timeline_view_parent_class)->dispose (object);
}

static void
fb_timeline_view_finalize (GObject *object)
{
  FbTimelineView *self = (FbTimelineView *) object;

  g_free (self->incident);
  g_free (self->search);

  G_OBJECT_CLASS (fb_timeline_view_parent_class)->finalize (object);
}

static void
fb_timeline_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FbTimelineView *self = FB_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;
    case PROP_KINDS:
      g_value_set_uint (value, self->kinds);
      break;
    case PROP_DETECTED_AT:
      g_value_set_int64 (value, self->detected_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_timeline_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FbTimelineView *self = FB_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      fb_timeline_view_set_context (self, g_value_get_object (value));
      break;
    case PROP_INCIDENT:
      fb_timeline_view_set_incident (self, g_value_get_string (value));
      break;
    case PROP_KINDS:
      fb_timeline_view_set_kinds (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_timeline_view_class_init (FbTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_timeline_view_dispose;
  widget_class->realize = fb_timeline_view_realize;
  widget_class->unrealize = fb_timeline_view_unrealize;
  object_class->finalize = fb_timeline_view_finalize;
  object_class->get_property = fb_timeline_view_get_property;
  object_class->set_property = fb_timeline_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KINDS] =
    g_param_spec_uint ("kinds", NULL, NULL, 0, FB_ENTRY_KINDS_ALL, FB_ENTRY_KINDS_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The shown incident's detection time, for the rows. */
  properties[PROP_DETECTED_AT] =
    g_param_spec_int64 ("detected-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FB_TYPE_QUICK_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-timeline-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, filter_button);
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, filter_label);
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, filter_box);
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, pinned_button);
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, scroller);
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, list_view);
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, jump_button);
  gtk_widget_class_bind_template_child (widget_class, FbTimelineView, quick_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pinned_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_quick_entry_posted_cb);

  gtk_widget_class_install_action (widget_class, "timeline.show-all-kinds", NULL,
                                   _fb_timeline_filter_show_all_action);
  gtk_widget_class_install_action (widget_class, "timeline.jump-to-end", NULL, jump_to_end_action);
  gtk_widget_class_install_action (widget_class, "timeline.search", NULL, search_action);
  _fb_timeline_view_class_keys_init (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fbtimelineview");
}

static void
fb_timeline_view_init (FbTimelineView *self)
{
  GtkListItemFactory *factory;
  GtkAdjustment *adj;

  self->kinds = FB_ENTRY_KINDS_ALL;
  self->stick_to_end = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  _fb_timeline_filter_build (self->filter_box, self->kind_checks, G_CALLBACK (on_kind_check_toggled_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (on_vadjustment_value_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "changed", G_CALLBACK (on_vadjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_search_entry_set_key_capture_widget (self->search_entry, NULL);
  update_empty (self);
}

void
fb_timeline_view_set_context (FbTimelineView *self,
                              FbContext      *context)
{
  g_return_if_fail (FB_IS_TIMELINE_VIEW (self));
  g_return_if_fail (context == NULL || FB_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (fb_context_get_store (self->context), on_store_changed_cb, self);
  g_set_object (&self->context, context);

  if (context != NULL)
    g_signal_connect_object (fb_context_get_store (context), "changed",
                             G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  update_detected_at (self);
  fb_quick_entry_set_context (self->quick_entry, context);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

const char *
fb_timeline_view_get_incident (FbTimelineView *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_VIEW (self), NULL);
  return self->incident;
}

void
fb_timeline_view_set_incident (FbTimelineView *self,
                               const char     *incident)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (FB_IS_TIMELINE_VIEW (self));
  g_return_if_fail (incident == NULL || self->context != NULL);

  if (g_strcmp0 (self->incident, incident) == 0)
    return;

  g_free (self->incident);
  self->incident = g_strdup (incident);
  update_detected_at (self);

  if (self->tail != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->tail, on_model_items_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->tail, on_model_items_changed_after_cb, self);
    }
  g_clear_object (&self->tail);
  g_clear_object (&self->model);

  if (incident != NULL)
    {
      self->model = fb_entry_list_new_background (fb_context_get_store (self->context), incident);
      fb_entry_list_set_kinds (self->model, self->kinds);
      fb_entry_list_set_pinned_only (self->model, self->pinned_only);
      fb_entry_list_set_search (self->model, self->search);
      self->tail = fb_tail_model_new (G_LIST_MODEL (self->model), shown_at_first (self));
      /* Before the selection model connects, so that this handler sees
       * the scroll position from before the change. */
      g_signal_connect_object (self->tail, "items-changed",
                               G_CALLBACK (on_model_items_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->tail, "items-changed", G_CALLBACK (on_model_items_changed_after_cb),
                               self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tail)));
    }

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  fb_quick_entry_set_incident (self->quick_entry, incident);

  self->stick_to_end = TRUE;
  if (incident != NULL)
    fb_timeline_view_scroll_to_end (self);

  update_empty (self);
  update_jump_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
}

FbEntryList *
fb_timeline_view_get_model (FbTimelineView *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_VIEW (self), NULL);
  return self->model;
}

/* What the list view shows: the model's end, or more of it. */
FbTailModel *
fb_timeline_view_get_shown (FbTimelineView *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_VIEW (self), NULL);
  return self->tail;
}

FbQuickEntry *
fb_timeline_view_get_quick_entry (FbTimelineView *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_VIEW (self), NULL);
  return self->quick_entry;
}

GtkListView *
fb_timeline_view_get_list_view (FbTimelineView *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_VIEW (self), NULL);
  return self->list_view;
}

GtkScrolledWindow *
fb_timeline_view_get_scroller (FbTimelineView *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_VIEW (self), NULL);
  return self->scroller;
}

guint
fb_timeline_view_get_kinds (FbTimelineView *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_VIEW (self), FB_ENTRY_KINDS_ALL);
  return self->kinds;
}

void
fb_timeline_view_set_kinds (FbTimelineView *self,
                            guint           kinds)
{
  g_return_if_fail (FB_IS_TIMELINE_VIEW (self));

  kinds &= FB_ENTRY_KINDS_ALL;
  if (self->kinds == kinds)
    return;

  self->kinds = kinds;
  if (self->model != NULL)
    fb_entry_list_set_kinds (self->model, kinds);
  update_filter_label (self);
  update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KINDS]);
}

void
fb_timeline_view_set_search (FbTimelineView *self,
                             const char     *search)
{
  g_return_if_fail (FB_IS_TIMELINE_VIEW (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;
  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), search ? search : "") != 0)
    {
      self->setting_search = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search ? search : "");
      self->setting_search = FALSE;
    }
  if (self->model != NULL)
    fb_entry_list_set_search (self->model, search);
  update_empty (self);
}

void
fb_timeline_view_set_pinned_only (FbTimelineView *self,
                                  gboolean        pinned_only)
{
  g_return_if_fail (FB_IS_TIMELINE_VIEW (self));

  pinned_only = !!pinned_only;
  if (self->pinned_only == pinned_only)
    return;

  self->pinned_only = pinned_only;
  gtk_toggle_button_set_active (self->pinned_button, pinned_only);
  if (self->model != NULL)
    fb_entry_list_set_pinned_only (self->model, pinned_only);
  update_empty (self);
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
  update_jump_button (self);

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

void
fb_timeline_view_focus_search (FbTimelineView *self)
{
  g_return_if_fail (FB_IS_TIMELINE_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
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
  update_jump_button (self);

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

gint64
_fb_timeline_view_get_detected_at (FbTimelineView *self)
{
  return self->detected_at;
}

FbContext *
_fb_timeline_view_get_context (FbTimelineView *self)
{
  return self->context;
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
