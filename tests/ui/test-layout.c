/* test-layout.c — the window at 800 × 600 and at 1200 × 800
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window must work on a small laptop screen and be comfortable on a
 * common one: what it needs at least, as GTK measures it, must fit, and
 * every page must show beside or instead of the list, never under it.
 */

#include "config.h"

#include "fb-window-private.h"
#include "fb-ui-test-util.h"

static const char * const pages[] = { "overview", "timeline", "roles", "checklist", "contacts" };

static int
get_min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

/* The right edge of the header's right-most drop-down. */
static double
get_fields_end (FbIncidentHeader *header)
{
  double end = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (header)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (GTK_IS_DROP_DOWN (child) && gtk_widget_compute_bounds (child, GTK_WIDGET (header), &bounds))
        end = MAX (end, bounds.origin.x + bounds.size.width);
    }
  return end;
}

/* The page @name shows in the incident's pane, with room for what it
 * needs, and nothing in the window asks for more than @width. */
static void
assert_page_fits (FbWindow   *window,
                  const char *name,
                  int         width)
{
  GtkWidget *page;
  GtkWidget *header = GTK_WIDGET (_fb_window_get_header (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", name);
  ui_wait_until (g_strcmp0 (adw_view_stack_get_visible_child_name (_fb_window_get_view_stack (window)), name) == 0);
  page = adw_view_stack_get_visible_child (_fb_window_get_view_stack (window));
  ui_wait_until (gtk_widget_get_mapped (page) && gtk_widget_get_width (page) > 0);

  if (g_test_verbose ())
    g_printerr ("%s at %d: window needs %d, pane %d of %d, header %d of %d\n", name, width,
                get_min_width (GTK_WIDGET (window)), get_min_width (window->content),
                gtk_widget_get_width (window->content), get_min_width (header), gtk_widget_get_width (header));

  g_assert_cmpint (get_min_width (GTK_WIDGET (window)), <=, width);
  g_assert_true (adw_leaflet_get_visible_child (window->leaflet) == window->content);
  g_assert_true (gtk_widget_get_mapped (window->content));
  g_assert_cmpint (get_min_width (window->content), <=, gtk_widget_get_width (window->content));
  g_assert_cmpint (get_min_width (page), <=, gtk_widget_get_width (page));
  g_assert_cmpint (get_min_width (header), <=, gtk_widget_get_width (header));
  g_assert_cmpint (gtk_widget_get_width (page), >=, width / 2);
}

/* At 800 × 600 the incident takes the whole window: declaring the first
 * one from the empty state shows it, and every page fits. */
static void
test_layout_small (UiFixture     *fixture,
                   gconstpointer  data)
{
  g_autofree char *incident = NULL;
  FbNewIncidentDialog *dialog;
  FbWindow *window;

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_until (gtk_widget_get_width (GTK_WIDGET (window)) > 0);

  /* The empty state, with its New Incident button, rather than an
   * empty list. */
  ui_wait_until (gtk_widget_get_mapped (window->content));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (_fb_window_get_main_stack (window)), ==, "empty");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-incident", NULL);
  ui_wait_until ((dialog = _fb_window_get_dialog (window)) != NULL);
  fb_new_incident_dialog_set_title (dialog, "Ransomware on the finance file server FS-02 in the Osaka office");
  fb_new_incident_dialog_set_kind (dialog, "ransomware");
  incident = fb_new_incident_dialog_create (dialog);
  g_assert_nonnull (incident);
  gtk_window_destroy (GTK_WINDOW (dialog));

  ui_wait_until (g_strcmp0 (fb_window_get_incident (window), incident) == 0);
  ui_wait_until (gtk_widget_get_mapped (GTK_WIDGET (_fb_window_get_header (window))));
  g_assert_true (adw_leaflet_get_folded (window->leaflet));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    assert_page_fits (window, pages[i], 800);

  /* From the list, a page's key shows the page, not the list. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  ui_wait_until (adw_leaflet_get_visible_child (window->leaflet) == window->sidebar);
  assert_page_fits (window, "roles", 800);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* At 1200 × 800 the list stays beside the incident, and the header keeps
 * its fields on one line beside the containment clock. */
static void
test_layout_common (UiFixture     *fixture,
                    gconstpointer  data)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  FbIncidentPlan plan = { 0 };
  FbIncidentHeader *header;
  GtkWidget *record;
  graphene_rect_t bounds;
  FbWindow *window;

  plan.title = "Ransomware on the finance file server FS-02 in the Osaka office";
  plan.playbook = fb_playbook_library_lookup (library, "ransomware");
  plan.severity = 1;
  incident = fb_store_declare_incident (fixture->store, &plan, &error);
  g_assert_no_error (error);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  header = _fb_window_get_header (window);
  ui_wait_until (gtk_widget_get_width (GTK_WIDGET (header)) > 0);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    assert_page_fits (window, pages[i], 1200);
  g_assert_false (adw_leaflet_get_folded (window->leaflet));
  g_assert_true (gtk_widget_get_mapped (window->sidebar));

  record = ui_find_widget (GTK_WIDGET (header), has_action, "win.record-containment");
  g_assert_nonnull (record);
  g_assert_true (gtk_widget_compute_bounds (record, GTK_WIDGET (header), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >, get_fields_end (header));

  /* Narrower than that, the clock and its button go under the fields. */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  ui_wait_until (adw_leaflet_get_folded (window->leaflet));
  ui_wait_until (gtk_widget_compute_bounds (record, GTK_WIDGET (header), &bounds) &&
                 bounds.origin.x < get_fields_end (header));
  assert_page_fits (window, "timeline", 800);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static gboolean
is_label_reading (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The New Incident dialog shows a playbook's whole name in Japanese too,
 * where twenty Latin characters' width holds half of it. */
static void
test_layout_playbook_name (UiFixture     *fixture,
                           gconstpointer  data)
{
  FbNewIncidentDialog *dialog;
  GtkWidget *label;

  g_setenv ("LANGUAGE", "ja", TRUE);
  dialog = g_object_ref (fb_new_incident_dialog_new (fixture->context));
  gtk_window_present (GTK_WINDOW (dialog));
  ui_wait_until ((label = ui_find_widget (GTK_WIDGET (dialog), is_label_reading, "汎用セキュリティインシデント")) != NULL);
  ui_wait_until (gtk_widget_get_width (label) > 0);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
  g_setenv ("LANGUAGE", "en", TRUE);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/layout/800x600", UiFixture, NULL, ui_fixture_set_up, test_layout_small, ui_fixture_tear_down);
  g_test_add ("/layout/1200x800", UiFixture, NULL, ui_fixture_set_up, test_layout_common, ui_fixture_tear_down);
  g_test_add ("/layout/playbook-name", UiFixture, NULL, ui_fixture_set_up, test_layout_playbook_name,
              ui_fixture_tear_down);

  return g_test_run ();
}
