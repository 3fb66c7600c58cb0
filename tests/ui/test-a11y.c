/* test-a11y.c — every control a person can reach has a name a screen
 * reader can say
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens every page of the window and every dialog, walks the widget tree
 * and fails on an interactive widget that has no accessible name: no label
 * of its own text, no accessible label, nothing labelling it. GTK's test
 * accessibility backend records what the code sets, with no bus needed.
 */

#include "config.h"

#include <string.h>

#include "fb-board.h"
#include "fb-preferences-window.h"
#include "fb-window-private.h"
#include "fb-ui-test-util.h"
#include "fb-wall-window.h"

static gboolean
has_accessible_label (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Text a label child gives a button: what GTK reads as its name. */
static gboolean
has_text_child (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_label_get_text (GTK_LABEL (child))[0] != '\0')
        return TRUE;
      if (ADW_IS_BUTTON_CONTENT (child))
        {
          const char *label = adw_button_content_get_label (ADW_BUTTON_CONTENT (child));
          return label != NULL && label[0] != '\0';
        }
      if (GTK_IS_BOX (child) && has_text_child (child))
        return TRUE;
    }
  return FALSE;
}

static const char *
row_title (GtkWidget *widget)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
}

static char *
describe (GtkWidget *widget)
{
  GString *path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *name = gtk_widget_get_name (w);

      g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
      if (name != NULL && !g_str_equal (name, G_OBJECT_TYPE_NAME (w)))
        {
          g_string_insert (path, strlen (G_OBJECT_TYPE_NAME (w)), "#");
          g_string_insert (path, strlen (G_OBJECT_TYPE_NAME (w)) + 1, name);
        }
      if (gtk_widget_get_parent (w) != NULL)
        g_string_prepend (path, " > ");
    }
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_string_append_printf (path, " (tooltip “%s”)", gtk_widget_get_tooltip_text (widget));
  return g_string_free (path, FALSE);
}

/* Adds to @unnamed every interactive widget below @widget that a screen
 * reader could not name. Composite controls (a drop-down, an entry, a
 * menu button) are judged whole: their inner parts take the whole's name. */
static void
collect_unnamed (GtkWidget *widget,
                 GPtrArray *unnamed)
{
  gboolean named = TRUE, whole = FALSE;

  /* Hidden, or a page of a stack that is not the one shown. */
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  if (ADW_IS_PREFERENCES_ROW (widget) && (ADW_IS_ENTRY_ROW (widget) || ADW_IS_COMBO_ROW (widget)))
    {
      named = row_title (widget) != NULL && row_title (widget)[0] != '\0';
      whole = TRUE;
    }
  else if (GTK_IS_MENU_BUTTON (widget))
    {
      const char *label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));

      named = (label != NULL && label[0] != '\0') || has_accessible_label (widget) ||
              (gtk_menu_button_get_child (GTK_MENU_BUTTON (widget)) != NULL &&
               has_text_child (gtk_widget_get_parent (gtk_menu_button_get_child (GTK_MENU_BUTTON (widget)))));
      /* Its popover is a child: walk it, but not the inner button. */
      {
        GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget));

        if (popover != NULL)
          collect_unnamed (GTK_WIDGET (popover), unnamed);
      }
      whole = TRUE;
    }
  else if (GTK_IS_DROP_DOWN (widget) || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_EDITABLE_LABEL (widget) ||
           GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget) ||
           GTK_IS_TEXT_VIEW (widget) || GTK_IS_SWITCH (widget) || GTK_IS_SCALE (widget))
    {
      named = has_accessible_label (widget);
      whole = TRUE;
    }
  else if (GTK_IS_TEXT (widget))
    {
      /* A bare text field, outside any of the wholes above. */
      named = has_accessible_label (widget);
      whole = TRUE;
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    {
      const char *label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));

      named = (label != NULL && label[0] != '\0') || has_accessible_label (widget);
      whole = TRUE;
    }
  else if (GTK_IS_BUTTON (widget))
    {
      const char *label = gtk_button_get_label (GTK_BUTTON (widget));
      gboolean icon_only = gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL;

      named = (!icon_only && label != NULL && label[0] != '\0') || has_text_child (widget) ||
              has_accessible_label (widget);
      whole = TRUE;
    }

  if (!named)
    g_ptr_array_add (unnamed, describe (widget));

  if (whole)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, unnamed);
}

static void
assert_all_named (GtkWidget  *root,
                  const char *where)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);

  collect_unnamed (root, unnamed);
  for (guint i = 0; i < unnamed->len; i++)
    g_printerr ("%s: no accessible name: %s\n", where, (char *) g_ptr_array_index (unnamed, i));
  if (unnamed->len > 0)
    g_error ("%s: %u interactive widgets have no accessible name", where, unnamed->len);
}

static GtkWindow *
newest_dialog (GtkWindow *except)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != except && gtk_widget_get_visible (GTK_WIDGET (window)))
        found = window;
    }
  return found;
}

/* Opens a dialog through @action on @widget, checks it, closes it. */
static void
check_dialog (FbWindow   *window,
              GtkWidget  *widget,
              const char *action,
              const char *format,
              const char *arg)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (widget, action, format, arg));
  ui_wait_until ((dialog = newest_dialog (GTK_WINDOW (window))) != NULL);
  ui_spin (50);
  assert_all_named (GTK_WIDGET (dialog), action);
  gtk_window_destroy (dialog);
  ui_spin (20);
}

static void
test_a11y_window (UiFixture     *fixture,
                  gconstpointer  data)
{
  static const char * const pages[] = { "overview", "timeline", "roles", "checklist", "contacts" };
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new ();
  g_autoptr(JsonObject) contact = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *contact_id = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(FbChecklistItem) item = NULL;
  FbIncidentPlan plan = { 0 };
  FbWindow *window;

  plan.title = "Ransomware on FS-02";
  plan.playbook = fb_playbook_library_lookup (library, "ransomware");
  plan.severity = 1;
  incident = fb_store_declare_incident (fixture->store, &plan, &error);
  g_assert_no_error (error);
  entry = fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, "Ransom note on FS-02", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  json_object_set_string_member (contact, "name", "Goro Abe");
  json_object_set_string_member (contact, "category", "legal");
  contact_id = fb_store_set_contact (fixture->store, NULL, contact, &error);
  g_assert_no_error (error);
  items = fb_store_list_checklist (fixture->store, incident);
  item = g_list_model_get_item (items, 0);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  fb_window_select_incident (window, incident);
  ui_spin (100);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]);
      ui_spin (100);
      assert_all_named (GTK_WIDGET (window), pages[i]);
    }

  check_dialog (window, GTK_WIDGET (window), "win.new-incident", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window), "win.new-review", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window), "win.status-update", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window), "win.restrict-incident", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window->role_board), "board.hand-over", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window->role_board), "board.assign", "s", "scribe");
  check_dialog (window, GTK_WIDGET (window->role_board), "board.add-worker", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window->role_board), "board.record-decision", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window->role_board), "board.start-period", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window->role_board), "board.set-duty-limit", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window->checklist_page), "checklist.add-item", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window->checklist_page), "checklist.edit-item", "s",
                fb_checklist_item_get_id (item));
  check_dialog (window, GTK_WIDGET (window->contacts_page), "contacts.add", NULL, NULL);
  check_dialog (window, GTK_WIDGET (window->contacts_page), "contacts.edit", "s", contact_id);
  check_dialog (window, GTK_WIDGET (window->contacts_page), "contacts.log", "s", contact_id);

  /* A drill's console, from the menu of its incident. */
  {
    g_autoptr(FbScenario) scenario = fb_scenario_new_builtin ("ransomware", &error);
    g_autofree char *drill = NULL;

    g_assert_no_error (error);
    drill = fb_drill_start (fixture->store, scenario, 1, &error);
    g_assert_no_error (error);
    fb_window_select_incident (window, drill);
    ui_spin (100);
    check_dialog (window, GTK_WIDGET (window), "win.drill-console", NULL, NULL);
  }

  {
    GtkWidget *preferences = fb_preferences_window_new (GTK_WINDOW (window),
                                                        fb_context_get_settings (fixture->context), NULL);

    gtk_window_present (GTK_WINDOW (preferences));
    ui_spin (100);
    assert_all_named (preferences, "preferences");
    gtk_window_destroy (GTK_WINDOW (preferences));
  }

  {
    GtkWidget *wall = GTK_WIDGET (fb_wall_window_new (NULL, fixture->context, incident));

    gtk_window_present (GTK_WINDOW (wall));
    ui_spin (100);
    assert_all_named (wall, "wall");
    gtk_window_destroy (GTK_WINDOW (wall));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/a11y/every-control-named", UiFixture, NULL, ui_fixture_set_up, test_a11y_window,
              ui_fixture_tear_down);

  return g_test_run ();
}
