/* fb-entry-row-text.c — a timeline row's text, shaped once per entry
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a text as a GtkLabel of the same style would (its node is a
 * "label", so the label's CSS applies): wrapped at word or character, at
 * least 20 characters wide, or on one line ellipsized at its end.
 *
 * GTK 4.8's list view keeps some two hundred rows bound around the place
 * it shows, and places that window by where the row at the top sits in
 * the view: as a fling moves on by a part of a row, the window slides a
 * few rows back and forth, and the same entries are unbound and bound
 * again, a dozen a frame. A GtkLabel given a text shapes it anew each
 * time, and twice more to measure and allocate it. This widget takes its
 * laid out text from a cache shared by every row, keyed by the font, the
 * width and the text, so an entry bound again costs no shaping at all,
 * and a new one is shaped once. The cache is bounded (LAYOUT_CACHE_SIZE
 * layouts, a few kilobytes each, besides those the rows hold).
 *
 * A row shows a real, selectable GtkLabel instead while the pointer or
 * the focus is in it (fb-entry-row.c).
 */

#define G_LOG_DOMAIN "fb-entry-row-text"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "fb-entry-row-text.h"

/* Layouts kept for the rows to take again: the list view's two hundred
 * rows show two each, and the rest are the entries unbound last, which it
 * is likely to bind again. */
#define LAYOUT_CACHE_SIZE 600

/* A wrapping row text is at least this wide, as a GtkLabel's width-chars:
 * measured narrower, a wrapping label would be one character a line. */
#define WIDTH_CHARS 20

struct _FbEntryRowText
{
  GtkWidget      parent_instance;

  char          *text;       /* without markup */
  char          *markup;     /* or NULL */
  PangoAttrList *attrs;      /* of the markup and the strikethrough, or NULL */
  gboolean       strike;
  gboolean       wrap;

  char          *font_key;   /* of the widget's font, or NULL until asked */
  PangoLayout   *drawn;      /* the layout allocated, or NULL */
};

G_DEFINE_FINAL_TYPE (FbEntryRowText, fb_entry_row_text, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WRAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The shared cache --------------------------------------------------------- */

/* A font as the rows' texts use it: a context of its own, which a row's
 * change of style cannot change under the layouts made with it. */
typedef struct
{
  PangoContext *context;
  int           char_pixels;     /* Pango units, as GtkLabel's width-chars */
  int           ellipsis_width;  /* Pango units */
} Font;

typedef struct
{
  char        *key;
  PangoLayout *layout;
  GList        link;
} CacheEntry;

static GHashTable *fonts;      /* font key → Font */
static GHashTable *layouts;    /* key → CacheEntry */
static GQueue      layout_order = G_QUEUE_INIT;  /* least recently used first */

/* The list view's width less a wrapping text's, at the text's last
 * allocation: the same in every row, their paddings and kind marks. */
static int         row_inset = -1;

static void
font_free (gpointer data)
{
  Font *font = data;

  g_object_unref (font->context);
  g_free (font);
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_object_unref (entry->layout);
  g_free (entry->key);
  g_free (entry);
}

static const char *
get_font_key (FbEntryRowText *self)
{
  if (self->font_key == NULL)
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
      g_autofree char *desc = pango_font_description_to_string (pango_context_get_font_description (context));
      const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);

      self->font_key = g_strdup_printf ("%s|%c|%lu|%g", desc,
                                        gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL ? 'r' : 'l',
                                        options != NULL ? cairo_font_options_hash (options) : 0,
                                        pango_cairo_context_get_resolution (context));
    }
  return self->font_key;
}

static Font *
get_font (FbEntryRowText *self)
{
  const char *key = get_font_key (self);
  Font *font;

  if (fonts == NULL)
    fonts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, font_free);

  font = g_hash_table_lookup (fonts, key);
  if (font == NULL)
    {
      PangoFontMetrics *metrics;
      PangoLayout *ellipsis;

      font = g_new0 (Font, 1);
      font->context = gtk_widget_create_pango_context (GTK_WIDGET (self));
      metrics = pango_context_get_metrics (font->context, NULL, NULL);
      font->char_pixels = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                               pango_font_metrics_get_approximate_digit_width (metrics));
      pango_font_metrics_unref (metrics);
      ellipsis = pango_layout_new (font->context);
      pango_layout_set_text (ellipsis, "…", -1);
      pango_layout_get_size (ellipsis, &font->ellipsis_width, NULL);
      g_object_unref (ellipsis);
      g_hash_table_insert (fonts, g_strdup (key), font);
    }
  return font;
}

/* The text laid out at @width (Pango units, or -1), from the cache or
 * shaped now. */
static PangoLayout *
get_layout (FbEntryRowText *self,
            int             width)
{
  g_autofree char *key = NULL;
  CacheEntry *entry;
  PangoLayout *layout;
  Font *font;

  if (layouts == NULL)
    layouts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, cache_entry_free);

  key = g_strdup_printf ("%s\x1f%d\x1f%c%c\x1f%s", get_font_key (self), width, self->wrap ? 'w' : 'e',
                         self->strike ? 's' : '-', self->markup != NULL ? self->markup : self->text);
  entry = g_hash_table_lookup (layouts, key);
  if (entry != NULL)
    {
      g_queue_unlink (&layout_order, &entry->link);
      g_queue_push_tail_link (&layout_order, &entry->link);
      return entry->layout;
    }

  font = get_font (self);
  layout = pango_layout_new (font->context);
  pango_layout_set_text (layout, self->text, -1);
  pango_layout_set_attributes (layout, self->attrs);
  /* As GtkLabel sets them for a left-justified label. */
  pango_layout_set_alignment (layout, gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                                      ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  if (self->wrap)
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  else
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (layout, width);

  if (g_queue_get_length (&layout_order) >= LAYOUT_CACHE_SIZE)
    {
      CacheEntry *oldest = g_queue_peek_head_link (&layout_order)->data;

      g_queue_unlink (&layout_order, &oldest->link);
      g_hash_table_remove (layouts, oldest->key);
    }
  entry = g_new0 (CacheEntry, 1);
  entry->key = g_steal_pointer (&key);
  entry->layout = layout;
  entry->link.data = entry;
  g_hash_table_insert (layouts, entry->key, entry);
  g_queue_push_tail_link (&layout_order, &entry->link);
  return layout;
}

/* Helpers ------------------------------------------------------------------ */

/* The width the list view around @self gives the rows' texts, when that
 * is known, or -1. */
static int
list_text_width (FbEntryRowText *self)
{
  GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_LIST_VIEW);

  if (list == NULL || row_inset < 0 || gtk_widget_get_width (list) - row_inset <= 0)
    return -1;
  return gtk_widget_get_width (list) - row_inset;
}

static void
forget_layout (FbEntryRowText *self)
{
  g_clear_object (&self->drawn);
}

static void
forget_font (FbEntryRowText *self)
{
  g_clear_pointer (&self->font_key, g_free);
  forget_layout (self);
}

static void
set_attrs (FbEntryRowText *self,
           PangoAttrList  *markup_attrs)
{
  g_clear_pointer (&self->attrs, pango_attr_list_unref);
  if (markup_attrs != NULL)
    self->attrs = pango_attr_list_ref (markup_attrs);
  if (self->strike)
    {
      if (self->attrs == NULL)
        self->attrs = pango_attr_list_new ();
      pango_attr_list_insert (self->attrs, pango_attr_strikethrough_new (TRUE));
    }
}

static void
changed (FbEntryRowText *self)
{
  forget_layout (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->text, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* vfuncs -------------------------------------------------------------------- */

static GtkSizeRequestMode
fb_entry_row_text_get_request_mode (GtkWidget *widget)
{
  return FB_ENTRY_ROW_TEXT (widget)->wrap ? GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

/* As GtkLabel measures, without its copies of the layout. */
static void
fb_entry_row_text_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  FbEntryRowText *self = FB_ENTRY_ROW_TEXT (widget);
  PangoLayout *layout;
  int width, height;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      Font *font = get_font (self);

      if (self->wrap)
        {
          /* The narrowest, and the natural too: the row takes all the
           * width it is given whatever the text's one line would want,
           * and asking the text for that would shape it. */
          *minimum = *natural = PANGO_PIXELS_CEIL (font->char_pixels * WIDTH_CHARS);
          return;
        }
      pango_layout_get_size (get_layout (self, -1), &width, NULL);
      *natural = PANGO_PIXELS_CEIL (width);
      /* Ellipsized to its mark alone: never the row's narrowest, which
       * its wrapping text sets. */
      *minimum = MIN (PANGO_PIXELS_CEIL (font->ellipsis_width), *natural);
      return;
    }

  /* In a list view, the height for the width the list gives its rows'
   * texts now. Each time a row is bound, GTK 4.8 measures the list view,
   * and so every new row, at a handful of other widths (none, the
   * narrowest, its ancestors' tries), for sizes its scrolled window does
   * not take from it; each would shape the text anew. */
  if (self->wrap)
    {
      int given = list_text_width (self);

      if (given > 0)
        for_size = given;
    }

  layout = get_layout (self, self->wrap && for_size >= 0 ? for_size * PANGO_SCALE : -1);
  pango_layout_get_size (layout, NULL, &height);
  *minimum = *natural = PANGO_PIXELS_CEIL (height);
  *minimum_baseline = *natural_baseline = PANGO_PIXELS_CEIL (pango_layout_get_baseline (layout));
}

static void
fb_entry_row_text_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  FbEntryRowText *self = FB_ENTRY_ROW_TEXT (widget);
  PangoLayout *layout;

  if (self->wrap)
    {
      GtkWidget *list = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW);

      if (list != NULL)
        row_inset = gtk_widget_get_width (list) - width;
      layout = get_layout (self, width * PANGO_SCALE);
    }
  else
    {
      int one_line;

      /* Laid out at a width it fits in, a line is drawn as on its own. */
      layout = get_layout (self, -1);
      pango_layout_get_size (layout, &one_line, NULL);
      if (one_line > width * PANGO_SCALE)
        layout = get_layout (self, width * PANGO_SCALE);
    }
  g_set_object (&self->drawn, layout);
}

static void
fb_entry_row_text_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  FbEntryRowText *self = FB_ENTRY_ROW_TEXT (widget);
  PangoRectangle logical;
  double xalign = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? 1.0 : 0.0;
  int baseline = gtk_widget_get_allocated_baseline (widget);
  double x, y;

  if (self->text == NULL || self->text[0] == '\0')
    return;
  if (self->drawn == NULL)
    fb_entry_row_text_size_allocate (widget, gtk_widget_get_width (widget), gtk_widget_get_height (widget), -1);

  /* Where GtkLabel puts its text, with its yalign of 0.5. */
  pango_layout_get_pixel_extents (self->drawn, NULL, &logical);
  x = floor (xalign * (gtk_widget_get_width (widget) - logical.width) - logical.x);
  if (baseline != -1)
    y = baseline - pango_layout_get_baseline (self->drawn) / PANGO_SCALE;
  else
    y = floor ((gtk_widget_get_height (widget) - logical.height) * 0.5);
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), x, y, self->drawn);
}

static void
fb_entry_row_text_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  FbEntryRowText *self = FB_ENTRY_ROW_TEXT (widget);
  g_autofree char *before = g_steal_pointer (&self->font_key);

  /* The parent's takes the new font into the widget's Pango context. */
  GTK_WIDGET_CLASS (fb_entry_row_text_parent_class)->css_changed (widget, change);

  if (before == NULL || g_strcmp0 (before, get_font_key (self)) != 0)
    {
      forget_layout (self);
      gtk_widget_queue_resize (widget);
    }
}

static void
fb_entry_row_text_direction_changed (GtkWidget        *widget,
                                     GtkTextDirection  previous)
{
  forget_font (FB_ENTRY_ROW_TEXT (widget));
  gtk_widget_queue_resize (widget);
}

static void
fb_entry_row_text_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FbEntryRowText *self = FB_ENTRY_ROW_TEXT (object);

  switch (prop_id)
    {
    case PROP_WRAP:
      g_value_set_boolean (value, self->wrap);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_entry_row_text_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FbEntryRowText *self = FB_ENTRY_ROW_TEXT (object);

  switch (prop_id)
    {
    case PROP_WRAP:
      fb_entry_row_text_set_wrap (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_entry_row_text_finalize (GObject *object)
{
  FbEntryRowText *self = FB_ENTRY_ROW_TEXT (object);

  g_free (self->text);
  g_free (self->markup);
  g_clear_pointer (&self->attrs, pango_attr_list_unref);
  forget_font (self);

  G_OBJECT_CLASS (fb_entry_row_text_parent_class)->finalize (object);
}

static void
fb_entry_row_text_class_init (FbEntryRowTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = fb_entry_row_text_finalize;
  object_class->get_property = fb_entry_row_text_get_property;
  object_class->set_property = fb_entry_row_text_set_property;
  widget_class->get_request_mode = fb_entry_row_text_get_request_mode;
  widget_class->measure = fb_entry_row_text_measure;
  widget_class->size_allocate = fb_entry_row_text_size_allocate;
  widget_class->snapshot = fb_entry_row_text_snapshot;
  widget_class->css_changed = fb_entry_row_text_css_changed;
  widget_class->direction_changed = fb_entry_row_text_direction_changed;

  /* Wraps (the entry's text), or ellipsizes at the end (its line of
   * time, kind and author). */
  properties[PROP_WRAP] =
    g_param_spec_boolean ("wrap", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
fb_entry_row_text_init (FbEntryRowText *self)
{
  self->text = g_strdup ("");
}

GtkWidget *
fb_entry_row_text_new (void)
{
  return g_object_new (FB_TYPE_ENTRY_ROW_TEXT, NULL);
}

/* @text is plain; struck through when @strikethrough. */
void
fb_entry_row_text_set_text (FbEntryRowText *self,
                            const char     *text,
                            gboolean        strikethrough)
{
  g_return_if_fail (FB_IS_ENTRY_ROW_TEXT (self));

  if (text == NULL)
    text = "";
  strikethrough = !!strikethrough;
  if (self->markup == NULL && self->strike == strikethrough && g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->markup, g_free);
  self->strike = strikethrough;
  set_attrs (self, NULL);
  changed (self);
}

/* @markup is Pango markup, as gtk_label_set_markup() takes. */
void
fb_entry_row_text_set_markup (FbEntryRowText *self,
                              const char     *markup)
{
  g_autoptr(GError) error = NULL;
  PangoAttrList *attrs = NULL;
  char *text = NULL;

  g_return_if_fail (FB_IS_ENTRY_ROW_TEXT (self));
  g_return_if_fail (markup != NULL);

  if (g_strcmp0 (self->markup, markup) == 0)
    return;

  if (!pango_parse_markup (markup, -1, 0, &attrs, &text, NULL, &error))
    {
      g_warning ("Failed to set text '%s' from markup due to error parsing markup: %s", markup, error->message);
      return;
    }
  g_free (self->text);
  self->text = text;
  g_free (self->markup);
  self->markup = g_strdup (markup);
  self->strike = FALSE;
  set_attrs (self, attrs);
  pango_attr_list_unref (attrs);
  changed (self);
}

/* The text shown, without markup. */
const char *
fb_entry_row_text_get_text (FbEntryRowText *self)
{
  g_return_val_if_fail (FB_IS_ENTRY_ROW_TEXT (self), NULL);
  return self->text;
}

gboolean
fb_entry_row_text_get_wrap (FbEntryRowText *self)
{
  g_return_val_if_fail (FB_IS_ENTRY_ROW_TEXT (self), FALSE);
  return self->wrap;
}

void
fb_entry_row_text_set_wrap (FbEntryRowText *self,
                            gboolean        wrap)
{
  g_return_if_fail (FB_IS_ENTRY_ROW_TEXT (self));

  wrap = !!wrap;
  if (self->wrap == wrap)
    return;

  self->wrap = wrap;
  forget_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRAP]);
}
