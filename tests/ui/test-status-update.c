/* test-status-update.c — the Status Update dialog and the next update's
 * clock, in a real window
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-overview-page.h"
#include "fb-status-update-dialog.h"
#include "fb-window-private.h"
#include "fb-ui-test-util.h"

#define MINUTE (60 * 1000)

static FbStatusUpdateDialog *
find_dialog (void)
{
  return (FbStatusUpdateDialog *) ui_find_window (FB_TYPE_STATUS_UPDATE_DIALOG);
}

static guint
count_status_updates (FbStore    *store,
                      const char *incident)
{
  g_autoptr(GListModel) escalations = fb_store_list_entries_where (store, incident, 1u << FB_ENTRY_ESCALATION,
                                                                   FALSE, 0);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (escalations); i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (escalations, i);
      g_autoptr(JsonObject) data = fb_entry_dup_data_object (entry);

      if (data != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (data, "event", ""), "status-update") == 0)
        n++;
    }

  return n;
}

static void
test_status_update_dialog (UiFixture     *fixture,
                           gconstpointer  data)
{
  /* 2026-11-25 14:30:00 UTC */
  const gint64 start = 1795617000000;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(JsonObject) pending = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *fact = NULL;
  g_autofree char *decision = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *before = NULL;
  g_autofree char *edited = NULL;
  FbTestClock clock = { start };
  FbStatusUpdateDialog *dialog;
  FbIncidentHeader *header;
  FbWindow *window;

  fb_context_set_clock (fixture->context, fb_test_clock_read, &clock);
  fb_context_set_time_zone (fixture->context, utc);

  incident = fb_store_create_incident (fixture->store, "Web shop defaced", "generic", 2,
                                       start - 10 * MINUTE, 60, FALSE, &error);
  g_assert_no_error (error);
  fact = fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, "Home page replaced at 14:12", 0,
                             NULL, NULL, &error);
  g_assert_true (fb_store_set_pinned (fixture->store, fact, TRUE, &error));
  json_object_set_string_member (pending, "status", "pending");
  decision = fb_store_add_entry (fixture->store, incident, FB_ENTRY_DECISION, "Take the shop offline?", 0,
                                 NULL, pending, &error);
  g_assert_no_error (error);

  window = g_object_ref (fb_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));
  fb_window_select_incident (window, incident);
  header = _fb_window_get_header (window);

  /* Declared at the start: the first update is due an hour later. */
  ui_wait_until (fb_incident_header_get_update_due_at (header) == start + 60 * MINUTE);
  clock.now_ms = start + 50 * MINUTE;
  ui_wait_until (g_strcmp0 (fb_incident_header_get_update_text (header), "10 min") == 0);
  before = g_strdup (fb_incident_header_get_update_text (header));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.status-update", NULL));
  ui_wait_until ((dialog = find_dialog ()) != NULL);

  /* Prefilled from the record: the pinned fact, the decision pending. */
  draft = fb_status_update_dialog_get_text (dialog);
  g_assert_nonnull (strstr (draft, "What we know\n- Home page replaced at 14:12\n"));
  g_assert_nonnull (strstr (draft, "Decisions we need\n- Take the shop offline?\n"));

  /* Edited, and sent to the regulator as well. */
  edited = g_strconcat (draft, "\nNext update at 16:20.", NULL);
  fb_status_update_dialog_set_text (dialog, edited);
  fb_status_update_dialog_set_audience (dialog, FB_AUDIENCE_REGULATOR, TRUE);
  /* Ctrl+Enter or the Send button: logs it and closes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.send", NULL));
  ui_wait_until (find_dialog () == NULL);

  /* It lands in the ledger as an escalation... */
  g_assert_cmpuint (count_status_updates (fixture->store, incident), ==, 1);
  {
    g_autoptr(FbIncident) stored = fb_store_get_incident (fixture->store, incident);

    g_assert_cmpstr (fb_incident_get_update_audiences (stored), ==, "management,staff,regulator");
  }

  /* ...and the header's clock starts again from now. */
  ui_wait_until (fb_incident_header_get_update_due_at (header) == start + 110 * MINUTE);
  ui_wait_until (g_strcmp0 (fb_incident_header_get_update_text (header), before) != 0);

  /* The overview shows the same clock. */
  adw_view_stack_set_visible_child_name (_fb_window_get_view_stack (window), "overview");
  ui_wait_until (fb_overview_page_get_update_text (_fb_window_get_overview (window)) != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/status-update/dialog", UiFixture, NULL, ui_fixture_set_up, test_status_update_dialog,
              ui_fixture_tear_down);

  return g_test_run ();
}
