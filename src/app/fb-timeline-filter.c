/* fb-timeline-filter.c — the timeline's choice of kinds of entries
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A check button a kind in the filter's popover, and the label of the
 * button that opens it, for FbTimelineView.
 */

#define G_LOG_DOMAIN "fb-timeline-view"

#include "config.h"

#include <glib/gi18n.h>

#include "firebreak-core.h"
#include "fb-format.h"
#include "fb-timeline-view-private.h"

/* Fills @box with a check button for each kind, all on, into @checks;
 * @toggled is called with @data when one is toggled. */
void
_fb_timeline_filter_build (GtkBox          *box,
                           GtkCheckButton **checks,
                           GCallback        toggled,
                           gpointer         data)
{
  for (guint k = 0; k < FB_N_ENTRY_KINDS; k++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *check = gtk_check_button_new ();

      gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name (fb_entry_kind_get_icon (k)));
      gtk_box_append (GTK_BOX (row), gtk_label_new (fb_entry_kind_get_label (k)));
      gtk_widget_add_css_class (row, fb_entry_kind_get_css (k));
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), row);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_signal_connect_object (check, "toggled", toggled, data, G_CONNECT_SWAPPED);
      gtk_box_insert_child_after (box, check, k > 0 ? GTK_WIDGET (checks[k - 1]) : NULL);
      checks[k] = GTK_CHECK_BUTTON (check);
    }
}

/* The kinds whose check buttons are on. */
guint
_fb_timeline_filter_read (GtkCheckButton **checks)
{
  guint kinds = 0;

  for (guint k = 0; k < FB_N_ENTRY_KINDS; k++)
    if (gtk_check_button_get_active (checks[k]))
      kinds |= 1u << k;
  return kinds;
}

/* Shows @kinds on the button's @label and the check buttons. */
void
_fb_timeline_filter_show (GtkLabel        *label,
                          GtkCheckButton **checks,
                          guint            kinds)
{
  guint n = 0;
  int only = -1;

  for (guint k = 0; k < FB_N_ENTRY_KINDS; k++)
    if (kinds & (1u << k))
      {
        n++;
        only = (int) k;
      }

  if (kinds == FB_ENTRY_KINDS_ALL)
    gtk_label_set_text (label, _("All Kinds"));
  else if (n == 1)
    gtk_label_set_text (label, fb_entry_kind_get_label ((FbEntryKind) only));
  else
    {
      /* Translators: the timeline filter shows this many kinds of entries */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Kind", "%u Kinds", n), n);
      gtk_label_set_text (label, text);
    }

  for (guint k = 0; k < FB_N_ENTRY_KINDS; k++)
    gtk_check_button_set_active (checks[k], (kinds & (1u << k)) != 0);
}

/* timeline.show-all-kinds */
void
_fb_timeline_filter_show_all_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  fb_timeline_view_set_kinds (FB_TIMELINE_VIEW (widget), FB_ENTRY_KINDS_ALL);
}
