/* fb-briefing-form.c — the ICS 201 briefing as editable text areas
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The handover and period dialogs show the same briefing, prefilled from
 * the record (fb_briefing_build()), one area for each part: lists of
 * steps and decisions run over several lines, which an entry row would
 * squeeze onto one.
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-briefing-form-private.h"

static const char *
heading (FbBriefingPart part)
{
  switch (part)
    {
    case FB_BRIEFING_SITUATION:
      return _("Situation");
    case FB_BRIEFING_OBJECTIVES:
      return _("Objectives");
    case FB_BRIEFING_OPEN_ITEMS:
      return _("Open Steps");
    case FB_BRIEFING_PENDING:
      return _("Pending Decisions");
    case FB_BRIEFING_DEADLINES:
      return _("Deadlines");
    case FB_BRIEFING_N_PARTS:
    default:
      g_assert_not_reached ();
    }
}

static char **
part_of (FbBriefing     *briefing,
         FbBriefingPart  part)
{
  switch (part)
    {
    case FB_BRIEFING_SITUATION:
      return &briefing->situation;
    case FB_BRIEFING_OBJECTIVES:
      return &briefing->objectives;
    case FB_BRIEFING_OPEN_ITEMS:
      return &briefing->open_items;
    case FB_BRIEFING_PENDING:
      return &briefing->pending_decisions;
    case FB_BRIEFING_DEADLINES:
      return &briefing->deadlines;
    case FB_BRIEFING_N_PARTS:
    default:
      g_assert_not_reached ();
    }
}

/* A box of headed text areas; @views receives them, in FbBriefingPart
 * order. */
GtkWidget *
_fb_briefing_form_new (GtkTextView *views[FB_BRIEFING_N_PARTS])
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  for (guint i = 0; i < FB_BRIEFING_N_PARTS; i++)
    {
      GtkWidget *label = gtk_label_new (heading (i));
      GtkWidget *frame = gtk_frame_new (NULL);
      GtkWidget *view = gtk_text_view_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_set_margin_top (label, i > 0 ? 6 : 12);
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
      gtk_widget_set_size_request (view, -1, 48);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, heading (i),
                                      -1);
      gtk_frame_set_child (GTK_FRAME (frame), view);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), frame);
      views[i] = GTK_TEXT_VIEW (view);
    }

  return box;
}

void
_fb_briefing_form_fill (GtkTextView      *views[FB_BRIEFING_N_PARTS],
                        const FbBriefing *briefing)
{
  g_autoptr(FbBriefing) copy = fb_briefing_copy (briefing);

  for (guint i = 0; i < FB_BRIEFING_N_PARTS; i++)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (views[i]), *part_of (copy, i), -1);
}

/* Sets the parts of @briefing to what the areas hold now. */
void
_fb_briefing_form_read (GtkTextView *views[FB_BRIEFING_N_PARTS],
                        FbBriefing  *briefing)
{
  for (guint i = 0; i < FB_BRIEFING_N_PARTS; i++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (views[i]);
      GtkTextIter start, end;
      char **part = part_of (briefing, i);

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      g_free (*part);
      *part = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
    }
}

/* The form in a scrolled area, so that a long briefing keeps the dialog
 * on the screen. */
GtkWidget *
_fb_briefing_form_wrap (GtkWidget *content)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 460);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_widget_set_size_request (scrolled, 460, -1);
  return scrolled;
}
