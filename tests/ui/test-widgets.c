/* test-widgets.c — the timeline's row and quick entry, the header, on their own
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-entry-row.h"
#include "fb-incident-header.h"
#include "fb-incident-row.h"
#include "fb-new-incident-dialog.h"
#include "fb-overview-page.h"
#include "fb-quick-entry.h"
#include "fb-timeline-view.h"
#include "fb-ui-test-util.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static char *
make_incident (UiFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *id = fb_store_create_incident (fixture->store, "Test incident", "generic", 2,
                                       fb_store_now_ms (fixture->store) - 10 * 60000, 60, FALSE, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_entry_row (UiFixture     *fixture,
                gconstpointer  data)
{
  g_autofree char *incident = make_incident (fixture);
  g_autofree char *id = NULL;
  g_autofree char *fix = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(FbEntry) amended = NULL;
  g_autoptr(FbEntry) system = NULL;
  g_autoptr(GListModel) systems = NULL;
  GtkWidget *row;
  guint notified = 0;

  id = fb_store_add_entry (fixture->store, incident, FB_ENTRY_DECISION, "Isolate the server",
                           0, NULL, NULL, NULL);
  entry = fb_store_get_entry (fixture->store, id);

  row = g_object_ref_sink (fb_entry_row_new (fixture->context));
  g_signal_connect (row, "notify::entry", G_CALLBACK (count_notify_cb), &notified);

  fb_entry_row_set_entry (FB_ENTRY_ROW (row), entry);
  g_assert_cmpuint (notified, ==, 1);
  fb_entry_row_set_entry (FB_ENTRY_ROW (row), entry);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (fb_entry_row_get_entry (FB_ENTRY_ROW (row)) == entry);
  g_assert_cmpstr (fb_entry_row_get_text (FB_ENTRY_ROW (row)), ==, "Isolate the server");
  g_assert_true (gtk_widget_has_css_class (row, "kind-decision"));
  g_assert_false (gtk_widget_has_css_class (row, "pinned"));

  /* An amended entry keeps its text, and is marked as corrected. */
  fix = fb_store_add_entry (fixture->store, incident, FB_ENTRY_DECISION, "Isolate both servers",
                            0, id, NULL, NULL);
  g_assert_nonnull (fix);
  fb_store_set_pinned (fixture->store, id, TRUE, NULL);
  amended = fb_store_get_entry (fixture->store, id);
  fb_entry_row_set_entry (FB_ENTRY_ROW (row), amended);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (fb_entry_row_get_text (FB_ENTRY_ROW (row)), ==, "Isolate the server");
  g_assert_true (gtk_widget_has_css_class (row, "pinned"));

  /* Recycled for a system entry: the old kind's look is gone. */
  fb_store_record_containment (fixture->store, incident, 0, NULL);
  systems = fb_store_list_entries_where (fixture->store, incident, 1u << FB_ENTRY_SYSTEM, FALSE, 1);
  system = g_list_model_get_item (systems, 0);
  fb_entry_row_set_entry (FB_ENTRY_ROW (row), system);
  g_assert_true (gtk_widget_has_css_class (row, "system"));
  g_assert_true (gtk_widget_has_css_class (row, "kind-system"));
  g_assert_false (gtk_widget_has_css_class (row, "kind-decision"));
  g_assert_false (gtk_widget_has_css_class (row, "pinned"));
  g_assert_true (g_str_has_prefix (fb_entry_row_get_text (FB_ENTRY_ROW (row)), "Containment recorded, 10 min after detection"));

  fb_entry_row_set_entry (FB_ENTRY_ROW (row), NULL);
  g_assert_cmpuint (notified, ==, 4);

  g_assert_finalize_object (row);
}

static gboolean
is_entry_row_text (GtkWidget     *widget,
                   gconstpointer  data)
{
  return FB_IS_ENTRY_ROW_TEXT (widget) && fb_entry_row_text_get_wrap (FB_ENTRY_ROW_TEXT (widget));
}

/* The height a GtkLabel of the row's text would have at @width. */
static int
label_height (const char *text,
              int         width)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new (text));
  int height;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_widget_add_css_class (label, "entry-text");
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  g_object_unref (label);
  return height;
}

/* A row's drawn text wraps as a label does, at the width it is given
 * and at the new one when the window is made narrower. */
static void
test_entry_row_wrap (UiFixture     *fixture,
                     gconstpointer  data)
{
  static const char text[] =
    "Restore of FS-02 from last night's backup finished on the isolated segment; checksums match the "
    "catalogue for all 41,372 files and finance confirmed the month-end ledger opens. 経理部の共有フォルダで"
    "横展開の痕跡を確認、影響範囲を調査中。";
  g_autofree char *incident = make_incident (fixture);
  g_autofree char *id = NULL;
  g_autoptr(FbEntry) entry = NULL;
  GtkWidget *window, *row, *drawn;
  int wide, narrow;

  id = fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, NULL);
  entry = fb_store_get_entry (fixture->store, id);
  row = fb_entry_row_new (fixture->context);
  fb_entry_row_set_entry (FB_ENTRY_ROW (row), entry);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 300);
  gtk_window_set_child (GTK_WINDOW (window), row);
  gtk_window_present (GTK_WINDOW (window));
  drawn = ui_find_widget (row, is_entry_row_text, NULL);
  g_assert_nonnull (drawn);
  g_assert_cmpstr (ui_label_text (drawn), ==, text);

  ui_wait_until (gtk_widget_get_width (drawn) > 0 &&
                 gtk_widget_get_height (drawn) == label_height (text, gtk_widget_get_width (drawn)));
  g_assert_cmpint (gtk_widget_get_height (drawn), ==, label_height (text, gtk_widget_get_width (drawn)));
  wide = gtk_widget_get_height (drawn);

  gtk_window_set_default_size (GTK_WINDOW (window), 420, 300);
  ui_wait_until (gtk_widget_get_width (drawn) < 420 &&
                 gtk_widget_get_height (drawn) == label_height (text, gtk_widget_get_width (drawn)));
  g_assert_cmpint (gtk_widget_get_width (drawn), <, 420);
  narrow = gtk_widget_get_height (drawn);
  g_assert_cmpint (narrow, ==, label_height (text, gtk_widget_get_width (drawn)));
  g_assert_cmpint (narrow, >, wide);
  gtk_window_destroy (GTK_WINDOW (window));

  /* And in the timeline's list view, which asks its rows' heights at
   * other widths besides the one it gives them. */
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_set_child (GTK_WINDOW (window), g_object_new (FB_TYPE_TIMELINE_VIEW, "context", fixture->context,
                                                           "incident", incident, NULL));
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_until ((drawn = ui_find_widget (window, is_entry_row_text, NULL)) != NULL &&
                 gtk_widget_get_mapped (drawn) && gtk_widget_get_width (drawn) > 0 &&
                 gtk_widget_get_height (drawn) == label_height (text, gtk_widget_get_width (drawn)));
  wide = gtk_widget_get_height (drawn);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 500);
  ui_wait_until (gtk_widget_get_width (drawn) < 420 &&
                 gtk_widget_get_height (drawn) == label_height (text, gtk_widget_get_width (drawn)));
  g_assert_cmpint (gtk_widget_get_height (drawn), >, wide);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_quick_entry (UiFixture     *fixture,
                  gconstpointer  data)
{
  g_autofree char *incident = make_incident (fixture);
  g_autofree char *long_text = NULL;
  g_autoptr(FbEntry) posted = NULL;
  GtkWidget *quick;
  GtkEditable *text, *at;
  guint kind_notified = 0;
  guint posted_count = 0;
  char *id;

  quick = g_object_ref_sink (fb_quick_entry_new (fixture->context));
  text = fb_quick_entry_get_text_editable (FB_QUICK_ENTRY (quick));
  at = fb_quick_entry_get_at_editable (FB_QUICK_ENTRY (quick));
  g_signal_connect (quick, "notify::kind", G_CALLBACK (count_notify_cb), &kind_notified);
  g_signal_connect_swapped (quick, "posted", G_CALLBACK (g_atomic_int_inc), &posted_count);

  /* Nothing to post into before an incident is chosen. */
  gtk_editable_set_text (text, "Too early");
  g_assert_null (fb_quick_entry_post (FB_QUICK_ENTRY (quick)));
  fb_quick_entry_set_incident (FB_QUICK_ENTRY (quick), incident);

  /* The kind is a stateful action, as the menu and Ctrl+1 … Ctrl+7 use it. */
  g_assert_cmpint (fb_quick_entry_get_kind (FB_QUICK_ENTRY (quick)), ==, FB_ENTRY_FACT);
  gtk_widget_activate_action (quick, "quick-entry.kind", "s", "escalation");
  g_assert_cmpint (fb_quick_entry_get_kind (FB_QUICK_ENTRY (quick)), ==, FB_ENTRY_ESCALATION);
  g_assert_cmpuint (kind_notified, ==, 1);
  fb_quick_entry_set_kind (FB_QUICK_ENTRY (quick), FB_ENTRY_ESCALATION);
  g_assert_cmpuint (kind_notified, ==, 1);

  gtk_editable_set_text (text, "Told the CIO");
  gtk_widget_activate_action (quick, "quick-entry.post", NULL);
  g_assert_cmpuint (posted_count, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "");
  g_assert_cmpuint (fb_store_count_entries (fixture->store, incident), ==, 1);

  /* Empty text is flagged, not posted. */
  gtk_editable_set_text (text, "   ");
  g_assert_null (fb_quick_entry_post (FB_QUICK_ENTRY (quick)));
  g_assert_nonnull (fb_quick_entry_get_error (FB_QUICK_ENTRY (quick)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (text), "error"));

  /* A bad time is flagged in the time field; the text stays. */
  fb_quick_entry_toggle_at (FB_QUICK_ENTRY (quick));
  gtk_editable_set_text (text, "Back-dated fact");
  g_assert_null (fb_quick_entry_get_error (FB_QUICK_ENTRY (quick)));
  gtk_editable_set_text (at, "yesterday-ish");
  g_assert_null (fb_quick_entry_post (FB_QUICK_ENTRY (quick)));
  g_assert_nonnull (strstr (fb_quick_entry_get_error (FB_QUICK_ENTRY (quick)), "not a time"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (at), "error"));
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "Back-dated fact");
  g_assert_cmpstr (gtk_editable_get_text (at), ==, "yesterday-ish");

  gtk_editable_set_text (at, "-1d");
  /* Typing clears the flag. */
  g_assert_null (fb_quick_entry_get_error (FB_QUICK_ENTRY (quick)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (at), "error"));
  gtk_editable_set_text (at, "+5m");
  g_assert_null (fb_quick_entry_post (FB_QUICK_ENTRY (quick)));
  gtk_editable_set_text (at, "-20m");
  id = fb_quick_entry_post (FB_QUICK_ENTRY (quick));
  g_assert_nonnull (id);
  posted = fb_store_get_entry (fixture->store, id);
  g_assert_cmpint (fb_entry_get_occurred_at (posted), <=, fb_store_now_ms (fixture->store) - 20 * 60000 + 1000);
  g_assert_cmpint (fb_entry_get_occurred_at (posted), >=, fb_store_now_ms (fixture->store) - 20 * 60000 - 5000);
  g_assert_cmpint (fb_entry_get_kind (posted), ==, FB_ENTRY_ESCALATION);
  /* The next entry is "now" again. */
  g_assert_cmpstr (gtk_editable_get_text (at), ==, "");
  g_free (id);

  /* Over the limit: flagged, kept. */
  long_text = g_strnfill (FB_OP_MAX_TEXT + 1, 'x');
  gtk_editable_set_text (text, long_text);
  g_assert_null (fb_quick_entry_post (FB_QUICK_ENTRY (quick)));
  g_assert_nonnull (strstr (fb_quick_entry_get_error (FB_QUICK_ENTRY (quick)), "too long"));
  g_assert_cmpuint (strlen (gtk_editable_get_text (text)), ==, FB_OP_MAX_TEXT + 1);

  g_assert_cmpuint (fb_store_count_entries (fixture->store, incident), ==, 2);
  g_assert_cmpuint (posted_count, ==, 2);

  g_assert_finalize_object (quick);
}

static void
test_quick_entry_amend (UiFixture     *fixture,
                        gconstpointer  data)
{
  g_autofree char *incident = make_incident (fixture);
  g_autofree char *original = NULL;
  g_autofree char *fix = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(FbEntry) amended = NULL;
  GtkWidget *quick;
  guint amends_notified = 0;

  original = fb_store_add_entry (fixture->store, incident, FB_ENTRY_ACTION, "Port 12 disabled", 0, NULL, NULL, NULL);
  entry = fb_store_get_entry (fixture->store, original);

  quick = g_object_ref_sink (fb_quick_entry_new (fixture->context));
  g_signal_connect (quick, "notify::amends", G_CALLBACK (count_notify_cb), &amends_notified);
  fb_quick_entry_set_incident (FB_QUICK_ENTRY (quick), incident);

  fb_quick_entry_amend (FB_QUICK_ENTRY (quick), entry);
  g_assert_cmpuint (amends_notified, ==, 1);
  g_assert_cmpstr (fb_quick_entry_get_amends (FB_QUICK_ENTRY (quick)), ==, original);
  g_assert_cmpint (fb_quick_entry_get_kind (FB_QUICK_ENTRY (quick)), ==, FB_ENTRY_ACTION);
  g_assert_cmpstr (gtk_editable_get_text (fb_quick_entry_get_text_editable (FB_QUICK_ENTRY (quick))), ==, "Port 12 disabled");

  /* Escape cancels. */
  gtk_widget_activate_action (quick, "quick-entry.cancel-amend", NULL);
  g_assert_null (fb_quick_entry_get_amends (FB_QUICK_ENTRY (quick)));
  g_assert_cmpuint (amends_notified, ==, 2);

  fb_quick_entry_amend (FB_QUICK_ENTRY (quick), entry);
  gtk_editable_set_text (fb_quick_entry_get_text_editable (FB_QUICK_ENTRY (quick)), "Port 14 disabled");
  fix = fb_quick_entry_post (FB_QUICK_ENTRY (quick));
  g_assert_nonnull (fix);
  g_assert_null (fb_quick_entry_get_amends (FB_QUICK_ENTRY (quick)));

  amended = fb_store_get_entry (fixture->store, original);
  g_assert_cmpstr (fb_entry_get_text (amended), ==, "Port 12 disabled");
  g_assert_cmpstr (fb_entry_get_amended_by (amended), ==, fix);

  g_assert_finalize_object (quick);
}

static gint64
test_clock (gpointer data)
{
  return *(gint64 *) data;
}

static void
test_incident_header (UiFixture     *fixture,
                      gconstpointer  data)
{
  g_autofree char *incident = make_incident (fixture);
  g_autoptr(FbIncident) snapshot = fb_store_get_incident (fixture->store, incident);
  gint64 now = fb_incident_get_detected_at (snapshot) + 42 * 60000;
  GtkWidget *header;

  fb_context_set_clock (fixture->context, test_clock, &now);

  header = g_object_ref_sink (g_object_new (FB_TYPE_INCIDENT_HEADER, NULL));
  fb_incident_header_set_context (FB_INCIDENT_HEADER (header), fixture->context);
  fb_incident_header_set_incident (FB_INCIDENT_HEADER (header), incident);

  g_assert_cmpstr (fb_incident_header_get_clock_text (FB_INCIDENT_HEADER (header)), ==, "00:42:00 / 60 min");
  g_assert_cmpint (fb_incident_header_get_clock_level (FB_INCIDENT_HEADER (header)), ==, FB_CLOCK_LEVEL_NORMAL);

  /* The clock moves with the context's tick. */
  now += 4 * 60000;
  fb_context_tick (fixture->context);
  /* An unmapped header skips ticks; the rename below redraws it. */

  /* Renaming: an empty title is refused and flagged. */
  g_assert_false (fb_incident_header_rename (FB_INCIDENT_HEADER (header), "  "));
  g_clear_object (&snapshot);
  snapshot = fb_store_get_incident (fixture->store, incident);
  g_assert_cmpstr (fb_incident_get_title (snapshot), ==, "Test incident");
  g_assert_true (fb_incident_header_rename (FB_INCIDENT_HEADER (header), "Renamed"));
  g_clear_object (&snapshot);
  snapshot = fb_store_get_incident (fixture->store, incident);
  g_assert_cmpstr (fb_incident_get_title (snapshot), ==, "Renamed");
  g_assert_cmpstr (fb_incident_header_get_clock_text (FB_INCIDENT_HEADER (header)), ==, "00:46:00 / 60 min");
  g_assert_cmpint (fb_incident_header_get_clock_level (FB_INCIDENT_HEADER (header)), ==, FB_CLOCK_LEVEL_WARNING);

  /* The period, and a handover waiting for acceptance, on every
   * workstation's header. */
  g_assert_cmpstr (fb_incident_header_get_shift_text (FB_INCIDENT_HEADER (header)), ==, "");
  g_free (fb_store_start_period (fixture->store, incident, 0, 0, NULL, NULL));
  g_assert_cmpstr (fb_incident_header_get_shift_text (FB_INCIDENT_HEADER (header)), ==, "Operational period 1");
  g_free (fb_store_offer_handover (fixture->store, incident, "Ben Ortiz", NULL, NULL, NULL));
  g_assert_cmpstr (fb_incident_header_get_shift_text (FB_INCIDENT_HEADER (header)), ==,
                   "Operational period 1 · Handover offered to Ben Ortiz — waiting for acceptance");

  /* Containment stops the clock; the header hears it from the store. */
  fb_store_record_containment (fixture->store, incident, now, NULL);
  g_assert_cmpstr (fb_incident_header_get_clock_text (FB_INCIDENT_HEADER (header)), ==, "Contained in 0:46");

  fb_context_set_clock (fixture->context, NULL, NULL);
  g_assert_finalize_object (header);
}

static void
test_incident_row_and_overview (UiFixture     *fixture,
                                gconstpointer  data)
{
  g_autofree char *incident = make_incident (fixture);
  g_autoptr(FbIncident) snapshot = fb_store_get_incident (fixture->store, incident);
  g_autofree char *pinned = NULL;
  g_autoptr(FbBriefing) briefing = NULL;
  GtkWidget *row, *overview;

  row = g_object_ref_sink (fb_incident_row_new (fixture->context, snapshot));
  g_assert_cmpstr (fb_incident_row_get_since (FB_INCIDENT_ROW (row)), ==, "10 min");
  g_assert_true (fb_incident_row_get_incident (FB_INCIDENT_ROW (row)) == snapshot);
  g_assert_finalize_object (row);

  overview = g_object_ref_sink (fb_overview_page_new (fixture->context));
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (overview), incident);
  g_assert_cmpuint (fb_overview_page_get_n_pinned (FB_OVERVIEW_PAGE (overview)), ==, 0);

  pinned = fb_store_add_entry (fixture->store, incident, FB_ENTRY_FACT, "Key fact", 0, NULL, NULL, NULL);
  fb_store_add_entry (fixture->store, incident, FB_ENTRY_DECISION, "Stop the shop", 0, NULL, NULL, NULL);
  fb_store_add_entry (fixture->store, incident, FB_ENTRY_ESCALATION, "Told the board", 0, NULL, NULL, NULL);
  fb_store_add_entry (fixture->store, incident, FB_ENTRY_NOTE, "Coffee", 0, NULL, NULL, NULL);
  fb_store_set_pinned (fixture->store, pinned, TRUE, NULL);

  g_assert_cmpuint (fb_overview_page_get_n_pinned (FB_OVERVIEW_PAGE (overview)), ==, 1);
  g_assert_cmpuint (fb_overview_page_get_n_decisions (FB_OVERVIEW_PAGE (overview)), ==, 2);
  g_assert_true (g_str_has_suffix (fb_overview_page_get_containment_text (FB_OVERVIEW_PAGE (overview)), "/ 60 min"));

  /* The current operational period, and what it sets out to do. */
  g_assert_false (ui_has_label (overview, "Operational Period 1"));
  briefing = fb_briefing_new ();
  g_free (briefing->objectives);
  briefing->objectives = g_strdup ("Restore the shop from clean backups");
  g_free (fb_store_start_period (fixture->store, incident, 0, 0, briefing, NULL));
  g_assert_true (ui_has_label (overview, "Operational Period 1"));
  g_assert_true (ui_has_label (overview, "Restore the shop from clean backups"));
  g_free (fb_store_start_period (fixture->store, incident, 0, 0, NULL, NULL));
  g_assert_true (ui_has_label (overview, "Operational Period 2"));
  g_assert_false (ui_has_label (overview, "Operational Period 1"));
  g_assert_false (ui_has_label (overview, "Restore the shop from clean backups"));

  fb_overview_page_add_section (FB_OVERVIEW_PAGE (overview), gtk_label_new ("Role board"));
  g_assert_finalize_object (overview);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (GTK_IS_BUTTON (child) ? g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), text) == 0
                                 : g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (child)), text) == 0))
        return child;
      if ((found = find_widget (child, type, text)) != NULL)
        return found;
    }

  return NULL;
}

/* The title holds what incident.create holds: FB_OP_MAX_NAME bytes, which
 * is 66 Japanese characters and two more letters. */
static void
test_new_incident_title_limit (UiFixture     *fixture,
                               gconstpointer  data)
{
  FbNewIncidentDialog *dialog = fb_new_incident_dialog_new (fixture->context);
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GListModel) incidents = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(FbIncident) incident = NULL;
  g_autofree char *id = NULL;
  GtkWidget *button;
  GtkWidget *row;

  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  button = find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "dialog.create");
  g_assert_nonnull (button);
  /* It opens ready for the title, not on Cancel. */
  row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "");
  g_assert_nonnull (row);
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

    g_assert_nonnull (focus);
    g_assert_true (focus == row || gtk_widget_is_ancestor (focus, row));
  }

  for (guint i = 0; i < 66; i++)
    g_string_append (title, "暗");
  g_string_append (title, "ab");
  g_assert_cmpuint (title->len, ==, FB_OP_MAX_NAME);

  g_string_append_c (title, 'c');
  fb_new_incident_dialog_set_title (dialog, title->str);
  row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, title->str);
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (row));
  g_assert_nonnull (strstr (fb_new_incident_dialog_get_error (dialog), "too long"));
  g_assert_null (fb_new_incident_dialog_create (dialog));
  incidents = fb_store_list_incidents (fixture->store, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (incidents), ==, 0);
  g_clear_object (&incidents);

  g_string_truncate (title, FB_OP_MAX_NAME);
  fb_new_incident_dialog_set_title (dialog, title->str);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_null (gtk_widget_get_tooltip_text (row));
  g_assert_null (fb_new_incident_dialog_get_error (dialog));

  id = fb_new_incident_dialog_create (dialog);
  g_assert_nonnull (id);
  incident = fb_store_get_incident (fixture->store, id);
  g_assert_cmpstr (fb_incident_get_title (incident), ==, title->str);
  /* The checklist came with it, in the same call. */
  items = fb_store_list_checklist (fixture->store, id);
  g_assert_cmpuint (g_list_model_get_n_items (items), >, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/widgets/new-incident-title-limit", UiFixture, NULL, ui_fixture_set_up, test_new_incident_title_limit,
              ui_fixture_tear_down);
  g_test_add ("/widgets/entry-row", UiFixture, NULL, ui_fixture_set_up, test_entry_row, ui_fixture_tear_down);
  g_test_add ("/widgets/entry-row-wrap", UiFixture, NULL, ui_fixture_set_up, test_entry_row_wrap, ui_fixture_tear_down);
  g_test_add ("/widgets/quick-entry", UiFixture, NULL, ui_fixture_set_up, test_quick_entry, ui_fixture_tear_down);
  g_test_add ("/widgets/quick-entry-amend", UiFixture, NULL, ui_fixture_set_up, test_quick_entry_amend, ui_fixture_tear_down);
  g_test_add ("/widgets/incident-header", UiFixture, NULL, ui_fixture_set_up, test_incident_header, ui_fixture_tear_down);
  g_test_add ("/widgets/incident-row-and-overview", UiFixture, NULL, ui_fixture_set_up,
              test_incident_row_and_overview, ui_fixture_tear_down);

  return g_test_run ();
}
