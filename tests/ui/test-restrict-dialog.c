/* test-restrict-dialog.c — the Who May See It dialog and the overview's note of
 * a restriction, in a real window
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-restrict-dialog.h"
#include "fb-window-private.h"
#include "fb-ui-test-util.h"

static FbRestrictDialog *
find_dialog (void)
{
  return (FbRestrictDialog *) ui_find_window (FB_TYPE_RESTRICT_DIALOG);
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return gtk_widget_get_mapped (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;

  return FALSE;
}

static guint
count_sidebar_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static void
test_restrict_dialog (UiFixture     *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *other = fb_uuid_new ();
  g_auto(GStrv) bad = NULL;
  FbRestrictDialog *dialog;
  FbWindow *window;

  incident = fb_store_create_incident (fixture->store, "Harassment complaint", "generic", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));
  fb_window_select_incident (window, incident);

  /* Names a user could not have are refused before anything is made. */
  bad = fb_restrict_parse_names ("cmdr, hr/team", &error);
  g_assert_null (bad);
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  /* Never synced: the dialog says the server decides once synced. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restrict-incident", NULL));
  ui_wait_until ((dialog = find_dialog ()) != NULL);
  g_assert_nonnull (strstr (fb_restrict_dialog_get_note (dialog), "takes effect on the server"));
  fb_restrict_dialog_set (dialog, TRUE, "cmdr, bad!name", "", FALSE);
  g_assert_false (fb_restrict_dialog_apply (dialog, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fb_store_get_restriction (fixture->store, incident));
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_wait_until (find_dialog () == NULL);

  /* Synced as "cmdr", nothing of the incident sent yet: restricting now
   * keeps it from the others altogether. */
  g_assert_true (fb_store_set_sync_user (fixture->store, "cmdr", (const char *[]) { "soc", NULL }, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restrict-incident", NULL));
  ui_wait_until ((dialog = find_dialog ()) != NULL);
  g_assert_nonnull (strstr (fb_restrict_dialog_get_note (dialog), "never reaches those left out"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_wait_until (find_dialog () == NULL);

  /* Once the server has it, the dialog says what a restriction cannot
   * take back; leaving oneself out is refused. */
  {
    g_autoptr(GPtrArray) sent = fb_store_get_outbox (fixture->store, 1000, &error);
    g_autoptr(GPtrArray) ids = g_ptr_array_new ();

    g_assert_no_error (error);
    for (guint i = 0; i < sent->len; i++)
      g_ptr_array_add (ids, ((FbOp *) g_ptr_array_index (sent, i))->id);
    g_assert_true (fb_store_ack_outbox (fixture->store, ids, &error));
    g_assert_no_error (error);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restrict-incident", NULL));
  ui_wait_until ((dialog = find_dialog ()) != NULL);
  g_assert_nonnull (strstr (fb_restrict_dialog_get_note (dialog), "Copies already synced"));
  fb_restrict_dialog_set (dialog, TRUE, "alice", "hr-team", FALSE);
  g_assert_false (fb_restrict_dialog_apply (dialog, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  fb_restrict_dialog_set (dialog, TRUE, "alice, cmdr", "hr-team", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.apply", NULL));
  ui_wait_until (find_dialog () == NULL);

  /* The overview says who may see it. */
  adw_view_stack_set_visible_child_name (_fb_window_get_view_stack (window), "overview");
  {
    FbOverviewPage *overview = _fb_window_get_overview (window);
    g_autoptr(FbRestriction) held = fb_store_get_restriction (fixture->store, incident);

    g_assert_true (held->restricted && held->visible);
    ui_wait_until (has_label (GTK_WIDGET (overview),
                                  "Restricted: only alice, cmdr and the groups hr-team may see this incident"));
  }

  /* Incidents the server withholds: one row each, nothing of them. */
  g_assert_cmpuint (count_sidebar_rows (window->hidden_list), ==, 0);
  g_assert_true (fb_store_set_hidden_incidents (fixture->store, (const char *[]) { other, NULL }, &error));
  ui_wait_until (gtk_widget_get_visible (GTK_WIDGET (window->hidden_list)));
  g_assert_cmpuint (count_sidebar_rows (window->hidden_list), ==, 1);
  ui_wait_until (has_label (GTK_WIDGET (window->hidden_list), "Restricted incident — you have no access"));

  /* One this workstation kept a copy of says so, by the title it has. */
  g_assert_true (fb_store_set_hidden_incidents (fixture->store, (const char *[]) { other, incident, NULL }, &error));
  ui_wait_until (count_sidebar_rows (window->hidden_list) == 2);
  ui_wait_until (has_label (GTK_WIDGET (window->hidden_list),
                            "“Harassment complaint” is now restricted: you have no access to what follows"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/restrict/dialog", UiFixture, NULL, ui_fixture_set_up, test_restrict_dialog,
              ui_fixture_tear_down);

  return g_test_run ();
}
