/* fb-ui-test-util.h — a temporary record and a context for widget tests
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <string.h>

#include "fb-application.h"
#include "fb-entry-row.h"
#include "fb-entry-row-text.h"
#include "fb-timeline-view.h"
#include "firebreak-core.h"
#include "../fb-test-util.h"

typedef struct
{
  FbTestDir *dir;
  char      *path;
  FbStore   *store;
  FbContext *context;
} UiFixture;

static inline void
ui_fixture_set_up (UiFixture     *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  fixture->dir = fb_test_dir_new ();
  fixture->path = fb_test_dir_file (fixture->dir, "record.db");
  fixture->store = fb_store_open (fixture->path, FB_STORE_OPEN_WATCH, &error);
  g_assert_no_error (error);
  fb_store_set_author (fixture->store, "Tester");
  g_settings_set_string (settings, "user-name", "Tester");
  g_settings_set_string (settings, "last-incident", "");
  fixture->context = fb_context_new (fixture->store, settings);
}

static inline void
ui_fixture_tear_down (UiFixture     *fixture,
                      gconstpointer  data)
{
  g_assert_finalize_object (fixture->context);
  g_assert_finalize_object (fixture->store);
  fb_test_dir_remove (fixture->dir->path);
  g_free (fixture->dir->path);
  g_free (fixture->dir);
  g_free (fixture->path);
}

typedef gboolean (*UiMatchFunc) (GtkWidget     *widget,
                                 gconstpointer  data);

/* The first widget at or below @widget, depth first, that @match takes. */
static inline GtkWidget *
ui_find_widget (GtkWidget     *widget,
                UiMatchFunc    match,
                gconstpointer  data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What a label reads: a GtkLabel, or the text of a timeline row, which
 * draws it as one would (fb-entry-row-text.c); NULL for other widgets. */
static inline const char *
ui_label_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (FB_IS_ENTRY_ROW_TEXT (widget))
    return fb_entry_row_text_get_text (FB_ENTRY_ROW_TEXT (widget));
  return NULL;
}

/* Whether a label under @widget reads exactly @text, shown or not. */
static inline gboolean
ui_has_label (GtkWidget  *widget,
              const char *text)
{
  if (g_strcmp0 (ui_label_text (widget), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ui_has_label (child, text))
      return TRUE;

  return FALSE;
}

static inline gboolean
ui_is_label_reading (GtkWidget     *widget,
                     gconstpointer  text)
{
  return ui_label_text (widget) != NULL && g_strcmp0 (ui_label_text (widget), text) == 0;
}

/* Whether a label under @widget reading @text is on screen: mapped, and
 * wholly inside the part of its scrolled list that shows. */
static inline gboolean
ui_shows_label (GtkWidget  *widget,
                const char *text)
{
  GtkWidget *label = ui_find_widget (widget, ui_is_label_reading, text);
  GtkWidget *scroller;
  graphene_rect_t bounds;

  if (label == NULL || !gtk_widget_get_mapped (label))
    return FALSE;
  scroller = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller == NULL)
    return TRUE;
  if (!gtk_widget_compute_bounds (label, scroller, &bounds))
    return FALSE;
  return bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller);
}

#ifdef FIREBREAK_CLI_PATH
/* A post of firebreak-cli on @path, in a process of its own; returns when
 * it has exited. */
static inline void
ui_post_with_cli (const char *path,
                  const char *incident,
                  const char *text)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { FIREBREAK_CLI_PATH, "--database", path, "post", incident, text, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}
#endif

/* Runs the main loop until @cond holds or five seconds pass. */
#define ui_wait_until(cond)                                             \
  G_STMT_START {                                                        \
    gint64 _deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;    \
    while (!(cond) && g_get_monotonic_time () < _deadline)              \
      g_main_context_iteration (NULL, FALSE);                           \
    g_assert_true (cond);                                               \
  } G_STMT_END

/* The visible toplevel of @type, such as a dialog an action opened, or
 * NULL. */
static inline GtkWindow *
ui_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }

  return NULL;
}

static inline void
ui_spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

/* GTK 4.8's list view can snapshot a recycled row before its first
 * allocation when rows change while it lays out (fixed in later GTK); the
 * frame after it is right. That one warning is dropped; everything else
 * goes to GLib's writer, where warnings stay fatal. GTK logs structured
 * messages, which only a writer sees. */
static inline GLogWriterOutput
ui_log_writer_cb (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) != 0 && g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
      g_str_has_prefix (message, "Trying to snapshot GtkListItemWidget") &&
      strstr (message, "without a current allocation") != NULL)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static inline void
ui_test_init (int    *argc,
              char ***argv)
{
  /* GTK 4 reads GTK_A11Y, not NO_AT_BRIDGE: without a session bus under
   * Xvfb the AT-SPI backend would warn, and warnings are fatal here. The
   * test backend needs no bus and keeps what the code tells the screen
   * reader, for the accessibility test to read. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_log_set_writer_func (ui_log_writer_cb, NULL, NULL);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  fb_application_register_resources ();
}

static inline void
ui_collect_rows (GtkWidget *widget,
                 GPtrArray *texts)
{
  if (FB_IS_ENTRY_ROW (widget) && fb_entry_row_get_entry (FB_ENTRY_ROW (widget)) != NULL &&
      gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, g_strdup (fb_entry_row_get_text (FB_ENTRY_ROW (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ui_collect_rows (child, texts);
}

/* The texts of a timeline's rows on screen. */
static inline GPtrArray *
ui_timeline_rows (FbTimelineView *timeline)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  ui_collect_rows (GTK_WIDGET (fb_timeline_view_get_list_view (timeline)), texts);
  return texts;
}
