/* fb-timeline-keys.c — the timeline from the keyboard: one Tab stop
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is one Tab stop: the rows' buttons take no focus, and the row
 * the keyboard is on offers its actions through keys (Ctrl+Shift+P pins,
 * Ctrl+Shift+A corrects) and a menu (the Menu key or Shift+F10), so Tab
 * leaves the timeline at once instead of walking every row's buttons.
 */

#define G_LOG_DOMAIN "fb-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "firebreak-core.h"
#include "fb-entry-row.h"
#include "fb-timeline-view-private.h"


static FbEntryRow *
focused_row (FbTimelineView *self)
{
  GtkListView *list_view = fb_timeline_view_get_list_view (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (list_view)))
    return NULL;

  /* The focus is on a row's list item, or inside the row. */
  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (list_view); w = gtk_widget_get_parent (w))
    {
      GtkWidget *child = gtk_widget_get_first_child (w);

      if (FB_IS_ENTRY_ROW (w))
        return FB_ENTRY_ROW (w);
      if (child != NULL && FB_IS_ENTRY_ROW (child))
        return FB_ENTRY_ROW (child);
    }
  return NULL;
}

/* The focused row's entry, if it takes actions: the record's own notes
 * are neither pinned nor corrected. */
static FbEntry *
focused_entry (FbTimelineView *self,
               FbEntryRow    **row_out)
{
  FbEntryRow *row = focused_row (self);
  FbEntry *entry = row != NULL ? fb_entry_row_get_entry (row) : NULL;

  if (entry == NULL || fb_entry_get_kind (entry) == FB_ENTRY_SYSTEM)
    return NULL;
  if (row_out != NULL)
    *row_out = row;
  return entry;
}

typedef struct
{
  char     *entry;
  gboolean  pinned;   /* what the new row will say */
  guint     frames;
} Refocus;

static void
refocus_free (gpointer data)
{
  Refocus *refocus = data;

  g_free (refocus->entry);
  g_free (refocus);
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *entry)
{
  if (FB_IS_ENTRY_ROW (widget) && fb_entry_row_get_entry (FB_ENTRY_ROW (widget)) != NULL &&
      g_str_equal (fb_entry_get_id (fb_entry_row_get_entry (FB_ENTRY_ROW (widget))), entry))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, entry);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A pin draws the row anew, and the list view drops the focus with the old
 * one: put the keyboard back on the entry once its new row is there. */
static gboolean
refocus_tick_cb (GtkWidget     *list_view,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  Refocus *refocus = data;
  GtkWidget *row = find_row (list_view, refocus->entry);

  /* The new row, not the old one on its way out. */
  if (row != NULL && fb_entry_get_pinned (fb_entry_row_get_entry (FB_ENTRY_ROW (row))) == refocus->pinned)
    {
      GtkWidget *item = gtk_widget_get_parent (row);

      if (item != NULL && gtk_widget_get_mapped (item))
        {
          gtk_widget_grab_focus (item);
          return G_SOURCE_REMOVE;
        }
    }

  return ++refocus->frames < 30 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
pin_entry_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FbTimelineView *self = FB_TIMELINE_VIEW (widget);
  FbStore *store = fb_context_get_store (_fb_timeline_view_get_context (self));
  g_autoptr(FbEntry) entry = fb_store_get_entry (store, g_variant_get_string (param, NULL));
  Refocus *refocus;

  if (entry == NULL)
    return;

  refocus = g_new0 (Refocus, 1);
  refocus->entry = g_strdup (fb_entry_get_id (entry));
  refocus->pinned = !fb_entry_get_pinned (entry);
  gtk_widget_activate_action (widget, "win.toggle-pin", "s", refocus->entry);
  gtk_widget_add_tick_callback (GTK_WIDGET (fb_timeline_view_get_list_view (self)), refocus_tick_cb,
                                refocus, refocus_free);
}

static void
pin_focused_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FbEntry *entry = focused_entry (FB_TIMELINE_VIEW (widget), NULL);

  if (entry != NULL)
    gtk_widget_activate_action (widget, "timeline.pin-entry", "s", fb_entry_get_id (entry));
}

static void
amend_focused_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  FbEntry *entry = focused_entry (FB_TIMELINE_VIEW (widget), NULL);

  if (entry != NULL && (fb_entry_get_amended_by (entry) == NULL || fb_entry_get_amended_by (entry)[0] == '\0'))
    gtk_widget_activate_action (widget, "win.amend", "s", fb_entry_get_id (entry));
}

static void
add_entry_item (GMenu      *menu,
                const char *label,
                const char *action,
                FbEntry    *entry)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (fb_entry_get_id (entry)));
  g_menu_append_item (menu, item);
}

static gboolean
unparent_menu_cb (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
  return G_SOURCE_REMOVE;
}

static void
on_row_menu_closed_cb (GtkPopover *popover,
                       gpointer    user_data)
{
  /* After the chosen item's action has run. */
  g_idle_add (unparent_menu_cb, g_object_ref (popover));
}

static void
row_menu_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  FbTimelineView *self = FB_TIMELINE_VIEW (widget);
  g_autoptr(GMenu) menu = g_menu_new ();
  FbEntryRow *row = NULL;
  FbEntry *entry = focused_entry (self, &row);
  GtkWidget *popover;

  if (entry == NULL)
    return;

  add_entry_item (menu, fb_entry_get_pinned (entry) ? _("Unpin") : _("Pin as a Key Entry"),
                  "timeline.pin-entry", entry);
  if (fb_entry_get_amended_by (entry) == NULL || fb_entry_get_amended_by (entry)[0] == '\0')
    add_entry_item (menu, _("Amend…"), "win.amend", entry);
  if (_fb_timeline_view_get_detected_at (self) > 0 &&
      fb_entry_get_occurred_at (entry) < _fb_timeline_view_get_detected_at (self))
    add_entry_item (menu, _("Move Detection to This Time"), "win.move-detection", entry);

  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, GTK_WIDGET (row));
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  g_signal_connect (popover, "closed", G_CALLBACK (on_row_menu_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

void
_fb_timeline_view_class_keys_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "timeline.pin-entry", "s", pin_entry_action);
  gtk_widget_class_install_action (widget_class, "timeline.pin-focused", NULL, pin_focused_action);
  gtk_widget_class_install_action (widget_class, "timeline.amend-focused", NULL, amend_focused_action);
  gtk_widget_class_install_action (widget_class, "timeline.row-menu", NULL, row_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "timeline.row-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "timeline.row-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "timeline.pin-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "timeline.amend-focused", NULL);
}
