/* fb-wall-board.c — the wall display's panels in columns, page by page
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panels go in their order into the first column with room for them;
 * when no column of a page has room, a new page starts. Where they go is
 * decided from their measured height at each allocation, so a wall that
 * gains a decision, or a smaller screen, gets another page, and one where
 * everything fits has a single page that never turns. Every panel is
 * allocated and kept up to date; only the current page's are drawn.
 */

#define G_LOG_DOMAIN "fb-wall"

#include "config.h"

#include <string.h>

#include "fb-wall-board.h"

/* A column no narrower than this many times the screen's height. */
#define MIN_COLUMN_FRACTION 0.45
#define MAX_COLUMNS         3

struct _FbWallBoard
{
  GtkWidget  parent_instance;

  GPtrArray *panels;    /* GtkWidget, in the order they are placed */
  GArray    *page_of;   /* guint, one per panel; G_MAXUINT: hidden */
  guint      n_pages;
  guint      page;
  guint      notify_id;
};

G_DEFINE_FINAL_TYPE (FbWallBoard, fb_wall_board, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_PAGES,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
count_columns (int width,
               int height)
{
  int n = (int) (width / (MIN_COLUMN_FRACTION * MAX (height, 1)));

  return CLAMP (n, 1, MAX_COLUMNS);
}

static int
get_spacing (int height)
{
  return MAX (12, height / 40);
}

/* The page count is known during allocation; whoever shows it hears of it
 * after, not in the middle of laying out. */
static gboolean
notify_pages_cb (gpointer user_data)
{
  FbWallBoard *self = FB_WALL_BOARD (user_data);

  self->notify_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  return G_SOURCE_REMOVE;
}

static void
fb_wall_board_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  /* The board takes whatever room the window leaves it and pages the
   * rest: it asks for none. */
  *minimum = 0;
  *natural = 0;
}

static void
fb_wall_board_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  FbWallBoard *self = FB_WALL_BOARD (widget);
  int n_columns = count_columns (width, height);
  int spacing = get_spacing (height);
  int column_width = MAX (1, (width - (n_columns - 1) * spacing) / n_columns);
  int filled[MAX_COLUMNS] = { 0 };
  guint page = 0;
  guint n_pages;

  /* First fit: each panel in the first column of the page with room for
   * it, so a short panel fills the gap under another; a panel too tall
   * for any starts a page, at the top of its first column. */
  for (guint i = 0; i < self->panels->len; i++)
    {
      GtkWidget *panel = g_ptr_array_index (self->panels, i);
      GtkAllocation rect;
      int min_height, nat_height;
      int column = -1;

      if (!gtk_widget_get_visible (panel))
        {
          g_array_index (self->page_of, guint, i) = G_MAXUINT;
          continue;
        }

      gtk_widget_measure (panel, GTK_ORIENTATION_VERTICAL, column_width,
                          &min_height, &nat_height, NULL, NULL);
      for (int c = 0; c < n_columns && column < 0; c++)
        if (filled[c] == 0 || filled[c] + nat_height <= height)
          column = c;
      if (column < 0)
        {
          page++;
          memset (filled, 0, sizeof filled);
          column = 0;
        }

      rect.x = column * (column_width + spacing);
      rect.y = filled[column];
      rect.width = column_width;
      rect.height = nat_height;
      gtk_widget_size_allocate (panel, &rect, -1);
      g_array_index (self->page_of, guint, i) = page;
      filled[column] += nat_height + spacing;
    }

  n_pages = page + 1;
  if (n_pages != self->n_pages || self->page >= n_pages)
    {
      self->n_pages = n_pages;
      if (self->page >= n_pages)
        self->page = 0;
      if (self->notify_id == 0)
        self->notify_id = g_idle_add (notify_pages_cb, self);
    }
}

static void
fb_wall_board_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  FbWallBoard *self = FB_WALL_BOARD (widget);

  for (guint i = 0; i < self->panels->len; i++)
    if (g_array_index (self->page_of, guint, i) == self->page)
      gtk_widget_snapshot_child (widget, g_ptr_array_index (self->panels, i), snapshot);
}

static void
fb_wall_board_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FbWallBoard *self = FB_WALL_BOARD (object);

  switch (prop_id)
    {
    case PROP_N_PAGES:
      g_value_set_uint (value, self->n_pages);
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_wall_board_dispose (GObject *object)
{
  FbWallBoard *self = FB_WALL_BOARD (object);

  g_clear_handle_id (&self->notify_id, g_source_remove);
  for (guint i = 0; i < self->panels->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->panels, i));
  g_ptr_array_set_size (self->panels, 0);
  g_array_set_size (self->page_of, 0);

  G_OBJECT_CLASS (fb_wall_board_parent_class)->dispose (object);
}

static void
fb_wall_board_finalize (GObject *object)
{
  FbWallBoard *self = FB_WALL_BOARD (object);

  g_ptr_array_unref (self->panels);
  g_array_unref (self->page_of);

  G_OBJECT_CLASS (fb_wall_board_parent_class)->finalize (object);
}

static void
fb_wall_board_class_init (FbWallBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fb_wall_board_get_property;
  object_class->dispose = fb_wall_board_dispose;
  object_class->finalize = fb_wall_board_finalize;
  widget_class->measure = fb_wall_board_measure;
  widget_class->size_allocate = fb_wall_board_size_allocate;
  widget_class->snapshot = fb_wall_board_snapshot;

  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "fbwallboard");
}

static void
fb_wall_board_init (FbWallBoard *self)
{
  self->panels = g_ptr_array_new ();
  self->page_of = g_array_new (FALSE, TRUE, sizeof (guint));
  self->n_pages = 1;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
fb_wall_board_new (void)
{
  return g_object_new (FB_TYPE_WALL_BOARD, NULL);
}

void
fb_wall_board_add (FbWallBoard *self,
                   GtkWidget   *panel)
{
  guint none = G_MAXUINT;

  g_return_if_fail (FB_IS_WALL_BOARD (self));
  g_return_if_fail (GTK_IS_WIDGET (panel));

  g_ptr_array_add (self->panels, panel);
  g_array_append_val (self->page_of, none);
  gtk_widget_set_parent (panel, GTK_WIDGET (self));
}

guint
fb_wall_board_get_n_pages (FbWallBoard *self)
{
  g_return_val_if_fail (FB_IS_WALL_BOARD (self), 1);
  return self->n_pages;
}

guint
fb_wall_board_get_page (FbWallBoard *self)
{
  g_return_val_if_fail (FB_IS_WALL_BOARD (self), 0);
  return self->page;
}

/* Turns to the next page, or back to the first; nothing when one page holds
 * everything. */
void
fb_wall_board_next_page (FbWallBoard *self)
{
  g_return_if_fail (FB_IS_WALL_BOARD (self));

  if (self->n_pages <= 1)
    return;

  self->page = (self->page + 1) % self->n_pages;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* Whether @panel is on the page showing. */
gboolean
fb_wall_board_is_shown (FbWallBoard *self,
                        GtkWidget   *panel)
{
  guint index;

  g_return_val_if_fail (FB_IS_WALL_BOARD (self), FALSE);

  if (!g_ptr_array_find (self->panels, panel, &index))
    return FALSE;
  return g_array_index (self->page_of, guint, index) == self->page;
}
