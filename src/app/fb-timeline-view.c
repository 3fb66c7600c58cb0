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
 * Where the view is, and follows the end or shows more of the past, is
 * fb-timeline-scroll.c's; the keyboard's ways are fb-timeline-keys.c's
 * and the kinds filter fb-timeline-filter.c's.
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

void
_fb_timeline_view_update_empty (FbTimelineView *self)
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

static void
fb_timeline_view_realize (GtkWidget *widget)
{
  FbTimelineView *self = FB_TIMELINE_VIEW (widget);

  GTK_WIDGET_CLASS (fb_timeline_view_parent_class)->realize (widget);

  _fb_timeline_view_scroll_realize (self);
}

static void
fb_timeline_view_unrealize (GtkWidget *widget)
{
  FbTimelineView *self = FB_TIMELINE_VIEW (widget);

  _fb_timeline_view_scroll_unrealize (self);

  GTK_WIDGET_CLASS (fb_timeline_view_parent_class)->unrealize (widget);
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

/* GTK 4.8's list view destroys the rows of the items a change takes out
 * and makes new ones for the items it brings, and tears a list item down
 * only after its row has gone: a search's answer that replaces the two
 * hundred rows the list view holds after the reader scrolled would cost
 * the window two hundred rows destroyed in one frame. So the view keeps
 * a reference to each row it makes: a row the list view lets go of is
 * only taken off the screen, and is given to the next item. There are
 * never more rows than the list view held at once. */
static void
on_row_parent_cb (GtkWidget      *row,
                  GParamSpec     *pspec,
                  FbTimelineView *self)
{
  if (gtk_widget_get_parent (row) == NULL && self->spare_rows != NULL)
    g_ptr_array_add (self->spare_rows, row);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              FbTimelineView           *self)
{
  GtkWidget *row;

  gtk_list_item_set_activatable (item, FALSE);
  if (self->spare_rows != NULL && self->spare_rows->len > 0)
    {
      row = g_ptr_array_steal_index_fast (self->spare_rows, self->spare_rows->len - 1);
      gtk_list_item_set_child (item, row);
      return;
    }

  row = fb_entry_row_new (self->context);
  if (self->rows != NULL)
    g_ptr_array_add (self->rows, g_object_ref_sink (row));
  g_object_bind_property (self, "detected-at", row, "detected-at", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, row);
  g_signal_connect_object (row, "notify::parent", G_CALLBACK (on_row_parent_cb), self, 0);
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

  _fb_timeline_view_scroll_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_TIMELINE_VIEW);
  /* The template's top box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->spare_rows, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
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

  self->kinds = FB_ENTRY_KINDS_ALL;
  self->stick_to_end = TRUE;
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->spare_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  _fb_timeline_filter_build (self->filter_box, self->kind_checks, G_CALLBACK (on_kind_check_toggled_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  _fb_timeline_view_scroll_init (self);

  gtk_search_entry_set_key_capture_widget (self->search_entry, NULL);
  _fb_timeline_view_update_empty (self);
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

  _fb_timeline_view_scroll_unwatch (self);
  g_clear_object (&self->tail);
  g_clear_object (&self->model);

  if (incident != NULL)
    {
      self->model = fb_entry_list_new_background (fb_context_get_store (self->context), incident);
      fb_entry_list_set_kinds (self->model, self->kinds);
      fb_entry_list_set_pinned_only (self->model, self->pinned_only);
      fb_entry_list_set_search (self->model, self->search);
      self->tail = fb_tail_model_new (G_LIST_MODEL (self->model), _fb_timeline_view_shown_at_first (self));
      /* Before the selection model connects, so that the view sees the
       * scroll position from before a change. */
      _fb_timeline_view_scroll_watch (self);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tail)));
    }

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  fb_quick_entry_set_incident (self->quick_entry, incident);

  self->stick_to_end = TRUE;
  if (incident != NULL)
    fb_timeline_view_scroll_to_end (self);

  _fb_timeline_view_update_empty (self);
  _fb_timeline_view_update_jump_button (self);
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
  _fb_timeline_view_update_empty (self);
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
  _fb_timeline_view_update_empty (self);
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
  _fb_timeline_view_update_empty (self);
}

void
fb_timeline_view_focus_search (FbTimelineView *self)
{
  g_return_if_fail (FB_IS_TIMELINE_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
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
