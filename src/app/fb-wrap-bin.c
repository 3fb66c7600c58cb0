/* fb-wrap-bin.c — a wrapping label's width, asked once
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A wrapping GtkLabel asked for its width lays its text out twice, at its
 * narrowest and on one line, and once more for its height at the width it
 * is given: each time shaping every character again. In a timeline row
 * that is most of what binding a new entry costs, and a list view binds
 * rows by the dozen while it is flung. The narrowest is the same for any
 * text (the label's width-chars), and the row takes all the width it is
 * given whatever the text's one line would want; so this bin asks its
 * label for its width once, gives that as both, and passes on only the
 * question of the height, which the label answers with the layout it
 * then draws.
 */

#define G_LOG_DOMAIN "fb-wrap-bin"

#include "config.h"

#include "fb-wrap-bin.h"

struct _FbWrapBin
{
  GtkWidget parent_instance;

  int       width;   /* the child's narrowest, or -1 before it is asked */
};

G_DEFINE_FINAL_TYPE (FbWrapBin, fb_wrap_bin, GTK_TYPE_WIDGET)

/* What GTK takes off a width before it asks @child's measure: its
 * margins, borders and padding across. */
static int
label_extents (GtkWidget *child)
{
  GtkStyleContext *style = gtk_widget_get_style_context (child);
  GtkBorder border, padding;

  gtk_style_context_get_border (style, &border);
  gtk_style_context_get_padding (style, &padding);
  return gtk_widget_get_margin_start (child) + gtk_widget_get_margin_end (child) +
         border.left + border.right + padding.left + padding.right;
}

static GtkSizeRequestMode
fb_wrap_bin_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
fb_wrap_bin_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  FbWrapBin *self = FB_WRAP_BIN (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child == NULL || !gtk_widget_get_visible (child))
    {
      *minimum = *natural = 0;
      return;
    }

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      /* GtkLabel measures a height on its own layout when that is laid
       * out at the width asked, and on a copy of it otherwise, which it
       * shapes anew; then its allocation lays its own out at the width
       * given, shaping once more. Laid out here at the width the label
       * will have, the text is shaped once for the measure, the
       * allocation and the drawing. */
      if (GTK_IS_LABEL (child) && for_size >= 0)
        {
          int width = for_size - label_extents (child);

          if (width > 0)
            pango_layout_set_width (gtk_label_get_layout (GTK_LABEL (child)), width * PANGO_SCALE);
        }
      gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
      return;
    }

  if (self->width < 0)
    gtk_widget_measure (child, orientation, -1, &self->width, NULL, NULL, NULL);
  *minimum = *natural = self->width;
}

static void
fb_wrap_bin_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_get_visible (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

/* A new font or size of type makes the narrowest another. */
static void
fb_wrap_bin_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  FB_WRAP_BIN (widget)->width = -1;
  GTK_WIDGET_CLASS (fb_wrap_bin_parent_class)->css_changed (widget, change);
}

static void
fb_wrap_bin_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_wrap_bin_parent_class)->dispose (object);
}

static void
fb_wrap_bin_class_init (FbWrapBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_wrap_bin_dispose;
  widget_class->get_request_mode = fb_wrap_bin_get_request_mode;
  widget_class->measure = fb_wrap_bin_measure;
  widget_class->size_allocate = fb_wrap_bin_size_allocate;
  widget_class->css_changed = fb_wrap_bin_css_changed;
}

static void
fb_wrap_bin_init (FbWrapBin *self)
{
  self->width = -1;
}
