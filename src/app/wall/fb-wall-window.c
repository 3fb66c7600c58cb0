/* fb-wall-window.c — the read-only wall display of one incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the projector or the large screen of a war room: fullscreen, dark,
 * in type read from five metres. At the top the incident and the time of
 * day, under it the clocks, and then the board of panels (deadlines,
 * command, pending decisions, each section's open steps, pinned and
 * latest entries), which turns its pages every ROTATE_S seconds when they
 * do not fit on one. Everything follows FbStore::changed, which reports
 * sync and, for a store that watches its file, other processes' commits
 * too; nothing here writes to the record.
 *
 * Type scales with the window's height: a style class per size (wall-s
 * below 900 px, wall-m, wall-l from 1300 px), the same share of the
 * screen at 720 and at 1080 lines. The wall has colours of its own
 * (style.css, window.wall), dark unless the wall-light setting asks for
 * light, whatever the rest of the app uses: AdwStyleManager is the whole
 * application's.
 *
 * Actions (prefix "wall."):
 *   leave    close the wall display (Esc, F11)
 */

#define G_LOG_DOMAIN "fb-wall"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-format.h"
#include "fb-sync-indicator.h"
#include "fb-wall-clocks.h"
#include "fb-wall-panel.h"
#include "fb-wall-private.h"

#define ROTATE_S 15

struct _FbWallWindow
{
  AdwWindow     parent_instance;

  FbContext    *context;
  char         *incident;
  GSettings    *settings;
  guint         rotate_id;
  const char   *size_class;

  FbWallClocks *clocks;
  FbWallBoard  *board;
  GPtrArray    *pages;     /* FbIncidentPage: the clocks and every panel */

  GtkLabel     *severity_label;
  GtkLabel     *drill_label;
  GtkLabel     *title_label;
  GtkLabel     *page_label;
  GtkLabel     *time_label;
  GtkBox       *sync_slot;
  GtkBox       *clocks_slot;
  GtkBox       *board_slot;
};

G_DEFINE_FINAL_TYPE (FbWallWindow, fb_wall_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCIDENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_page_number (FbWallWindow *self)
{
  guint n_pages = fb_wall_board_get_n_pages (self->board);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->page_label), n_pages > 1);
  /* Translators: which page of the wall display is showing */
  text = g_strdup_printf (_("Page %u of %u"), fb_wall_board_get_page (self->board) + 1, n_pages);
  gtk_label_set_text (self->page_label, text);
}

static void
show_incident (FbWallWindow *self)
{
  g_autoptr(FbIncident) incident = fb_store_get_incident (fb_context_get_store (self->context), self->incident);
  g_autofree char *severity = NULL;
  g_autofree char *css = NULL;
  g_autofree char *title = NULL;
  gboolean review;

  if (incident == NULL)
    return;

  review = fb_incident_is_review (incident);
  severity = fb_format_severity (fb_incident_get_severity (incident));
  for (int i = 1; i <= 4; i++)
    {
      g_autofree char *each = g_strdup_printf ("sev-%d", i);
      gtk_widget_remove_css_class (GTK_WIDGET (self->severity_label), each);
    }
  css = g_strdup_printf ("sev-%d", CLAMP (fb_incident_get_severity (incident), 1, 4));
  gtk_widget_add_css_class (GTK_WIDGET (self->severity_label), css);
  gtk_label_set_text (self->severity_label, severity);
  gtk_widget_set_visible (GTK_WIDGET (self->severity_label), !review);
  gtk_widget_set_visible (GTK_WIDGET (self->drill_label), fb_incident_get_drill (incident));
  gtk_label_set_text (self->title_label, fb_incident_get_title (incident));

  /* Translators: the wall display's window title; %s is the incident */
  title = g_strdup_printf (_("Wall Display: %s"), fb_incident_get_title (incident));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
show_time (FbWallWindow *self)
{
  g_autofree char *now = fb_context_format_time (self->context, fb_context_now_ms (self->context));

  gtk_label_set_text (self->time_label, now);
}

static void
on_store_changed_cb (FbWallWindow *self,
                     guint         flags,
                     const char   *incident,
                     FbStore      *store)
{
  if ((flags & FB_CHANGE_INCIDENTS) && (incident == NULL || g_strcmp0 (incident, self->incident) == 0))
    show_incident (self);
}

static void
on_tick_cb (FbWallWindow *self,
            FbContext    *context)
{
  show_time (self);
}

static void
on_board_pages_cb (FbWallWindow *self,
                   GParamSpec   *pspec,
                   FbWallBoard  *board)
{
  show_page_number (self);
}

static gboolean
rotate_cb (gpointer user_data)
{
  _fb_wall_window_turn_page (FB_WALL_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
on_light_changed_cb (FbWallWindow *self,
                     const char   *key,
                     GSettings    *settings)
{
  if (g_settings_get_boolean (settings, "wall-light"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "light");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "light");
}

static void
add_page (FbWallWindow *self,
          GtkWidget    *page)
{
  g_ptr_array_add (self->pages, page);
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (page), self->incident);
}

static void
add_panel (FbWallWindow    *self,
           FbWallPanelKind  kind,
           FbSection        section)
{
  GtkWidget *panel = fb_wall_panel_new (self->context, kind, section);

  fb_wall_board_add (self->board, panel);
  add_page (self, panel);
}

/* A readiness review shows its progress and its steps, nothing else. */
static void
build_board (FbWallWindow *self)
{
  g_autoptr(FbIncident) incident = fb_store_get_incident (fb_context_get_store (self->context), self->incident);
  gboolean review = incident != NULL && fb_incident_is_review (incident);

  /* What changes by the minute first, so that the first page holds it;
   * the checklist's sections after. */
  if (!review)
    {
      add_panel (self, FB_WALL_PANEL_DEADLINES, 0);
      add_panel (self, FB_WALL_PANEL_COMMAND, 0);
      add_panel (self, FB_WALL_PANEL_DUTY, 0);
      add_panel (self, FB_WALL_PANEL_PERIOD, 0);
      add_panel (self, FB_WALL_PANEL_DECISIONS, 0);
      add_panel (self, FB_WALL_PANEL_PINNED, 0);
      add_panel (self, FB_WALL_PANEL_ENTRIES, 0);
    }
  for (FbSection s = 0; s < FB_N_SECTIONS; s++)
    add_panel (self, FB_WALL_PANEL_STEPS, s);
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static const char *
size_class_for (int height)
{
  if (height < 900)
    return "wall-s";
  if (height < 1300)
    return "wall-m";
  return "wall-l";
}

static void
set_size_class (FbWallWindow *self,
                int           height)
{
  const char *size_class = size_class_for (height);

  if (size_class == self->size_class)
    return;
  if (self->size_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->size_class);
  gtk_widget_add_css_class (GTK_WIDGET (self), size_class);
  self->size_class = size_class;
}

static void
fb_wall_window_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  /* A new size of type lays the window out again on the next frame. */
  set_size_class (FB_WALL_WINDOW (widget), height);

  GTK_WIDGET_CLASS (fb_wall_window_parent_class)->size_allocate (widget, width, height, baseline);
}

static void
fb_wall_window_constructed (GObject *object)
{
  FbWallWindow *self = FB_WALL_WINDOW (object);

  G_OBJECT_CLASS (fb_wall_window_parent_class)->constructed (object);

  g_assert (FB_IS_CONTEXT (self->context));

  self->clocks = FB_WALL_CLOCKS (fb_wall_clocks_new (self->context));
  gtk_box_append (self->clocks_slot, GTK_WIDGET (self->clocks));
  add_page (self, GTK_WIDGET (self->clocks));

  self->board = FB_WALL_BOARD (fb_wall_board_new ());
  gtk_box_append (self->board_slot, GTK_WIDGET (self->board));
  build_board (self);
  g_signal_connect_object (self->board, "notify::n-pages", G_CALLBACK (on_board_pages_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->board, "notify::page", G_CALLBACK (on_board_pages_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (fb_context_get_store (self->context), "changed", G_CALLBACK (on_store_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "tick", G_CALLBACK (on_tick_cb), self, G_CONNECT_SWAPPED);

  self->settings = g_object_ref (fb_context_get_settings (self->context));
  g_signal_connect_object (self->settings, "changed::wall-light", G_CALLBACK (on_light_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_light_changed_cb (self, "wall-light", self->settings);

  show_incident (self);
  show_time (self);
  show_page_number (self);
  self->rotate_id = g_timeout_add_seconds (ROTATE_S, rotate_cb, self);
}

static void
fb_wall_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FbWallWindow *self = FB_WALL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_wall_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FbWallWindow *self = FB_WALL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_INCIDENT:
      self->incident = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_wall_window_dispose (GObject *object)
{
  FbWallWindow *self = FB_WALL_WINDOW (object);

  g_clear_handle_id (&self->rotate_id, g_source_remove);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_WALL_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_wall_window_parent_class)->dispose (object);
}

static void
fb_wall_window_finalize (GObject *object)
{
  FbWallWindow *self = FB_WALL_WINDOW (object);

  g_free (self->incident);

  G_OBJECT_CLASS (fb_wall_window_parent_class)->finalize (object);
}

static void
fb_wall_window_class_init (FbWallWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fb_wall_window_constructed;
  object_class->get_property = fb_wall_window_get_property;
  object_class->set_property = fb_wall_window_set_property;
  object_class->dispose = fb_wall_window_dispose;
  object_class->finalize = fb_wall_window_finalize;
  widget_class->size_allocate = fb_wall_window_size_allocate;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "wall.leave", NULL, leave_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wall.leave", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "wall.leave", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-wall-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FbWallWindow, severity_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallWindow, drill_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallWindow, page_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallWindow, time_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallWindow, sync_slot);
  gtk_widget_class_bind_template_child (widget_class, FbWallWindow, clocks_slot);
  gtk_widget_class_bind_template_child (widget_class, FbWallWindow, board_slot);
}

static void
fb_wall_window_init (FbWallWindow *self)
{
  self->pages = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The size of the whole screen, for a kiosk with no window manager to
 * make it fullscreen, and the type for it from the start: type too large
 * for the screen would widen the window past it before it is mapped. */
static void
size_to_monitor (FbWallWindow *self)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle geometry;

  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &geometry);
  gtk_window_set_default_size (GTK_WINDOW (self), geometry.width, geometry.height);
  set_size_class (self, geometry.height);
}

/**
 * fb_wall_window_new:
 * @incident: the incident's full id
 *
 * A wall display of @incident, fullscreen once presented.
 */
FbWallWindow *
fb_wall_window_new (GtkApplication *application,
                    FbContext      *context,
                    const char     *incident)
{
  FbWallWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  self = g_object_new (FB_TYPE_WALL_WINDOW, "application", application, "context", context,
                       "incident", incident, NULL);
  size_to_monitor (self);
  gtk_window_fullscreen (GTK_WINDOW (self));
  return self;
}

const char *
fb_wall_window_get_incident (FbWallWindow *self)
{
  g_return_val_if_fail (FB_IS_WALL_WINDOW (self), NULL);
  return self->incident;
}

/* Whether the war-room server is reached, in the corner: a wall that has
 * lost it shows an old picture, and the room should know. */
void
fb_wall_window_set_sync (FbWallWindow *self,
                         FbSyncSetup  *sync)
{
  GtkWidget *child;

  g_return_if_fail (FB_IS_WALL_WINDOW (self));
  g_return_if_fail (sync == NULL || FB_IS_SYNC_SETUP (sync));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sync_slot))) != NULL)
    gtk_box_remove (self->sync_slot, child);
  if (sync != NULL)
    gtk_box_append (self->sync_slot, fb_sync_indicator_new (sync));
}

FbWallBoard *
_fb_wall_window_get_board (FbWallWindow *self)
{
  g_return_val_if_fail (FB_IS_WALL_WINDOW (self), NULL);
  return self->board;
}

GtkWidget *
_fb_wall_window_get_clocks (FbWallWindow *self)
{
  g_return_val_if_fail (FB_IS_WALL_WINDOW (self), NULL);
  return GTK_WIDGET (self->clocks);
}

/* What the rotation timer does every ROTATE_S seconds. */
void
_fb_wall_window_turn_page (FbWallWindow *self)
{
  g_return_if_fail (FB_IS_WALL_WINDOW (self));
  fb_wall_board_next_page (self->board);
}

/* "Page 1 of 2", or %NULL when one page holds everything. */
const char *
_fb_wall_window_get_page_text (FbWallWindow *self)
{
  g_return_val_if_fail (FB_IS_WALL_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->page_label)))
    return NULL;
  return gtk_label_get_text (self->page_label);
}
