/* test-board-widgets.c — the role board, checklist and contacts pages and
 * their dialogs, driven through their actions on a real store
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-board.h"
#include "fb-test-util.h"

typedef struct
{
  FbTestDir *dir;
  FbStore   *store;
  FbContext *context;
  char      *incident;
  GtkWidget *window;
  GtkWidget *page;
} Fixture;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static FbStore *
open_store (FbTestDir  *dir,
            const char *name)
{
  g_autofree char *path = fb_test_dir_file (dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  fb_store_set_author (store, "Scribe");
  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = fb_test_dir_new ();
  f->store = open_store (f->dir, "ui.db");
  f->context = fb_context_new (f->store, NULL);
  fb_store_set_author (f->store, "Scribe");
  f->incident = fb_store_create_incident (f->store, "Laptop lost in a bar", "lost-device",
                                          2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
}

static void
show_page (Fixture   *f,
           GtkWidget *page)
{
  f->page = g_object_ref_sink (page);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (f->window), page);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Close whatever dialog a failed assertion left open. */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (window);
    }
  iterate ();

  if (f->page != NULL)
    g_assert_finalize_object (f->page);
  g_free (f->incident);
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
  fb_test_dir_free (f->dir);
}

static gpointer
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  g_assert_not_reached ();
}

static guint
count_windows (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        n++;
    }

  return n;
}

/* What a click on the button does: the response, then the dialog goes. */
static void
respond (gpointer    dialog,
         const char *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), response));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

static void
collect_rows (GtkWidget *widget,
              GString   *out)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));

      g_string_append_printf (out, "[%s|%s]\n",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                              subtitle != NULL ? subtitle : "");
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, out);
}

/* Every row on screen, as "[title|subtitle]" lines. */
static char *
shown_rows (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_rows (widget, out);
  return g_string_free (out, FALSE);
}

/* The row titled @title, or NULL. */
static GtkWidget *
find_titled_row (GtkWidget  *widget,
                 const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_titled_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_label_reading (GtkWidget  *widget,
                   const char *text)
{
  if (GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label_reading (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
shows (GtkWidget  *widget,
       const char *text)
{
  g_autofree char *rows = shown_rows (widget);

  if (strstr (rows, text) != NULL)
    return TRUE;

  g_test_message ("“%s” is not among the rows shown:\n%s", text, rows);
  return FALSE;
}

static GtkCheckButton *
find_check (GtkWidget *widget)
{
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_mapped (widget))
    return GTK_CHECK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *found = find_check (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_last_button (GtkWidget *widget)
{
  GtkWidget *found = GTK_IS_BUTTON (widget) ? widget : NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *last = find_last_button (child);

      if (last != NULL)
        found = last;
    }

  return found;
}

/* Each titled row, which stays the widget it was while it lives: its
 * slot turns NULL once the row is gone. */
static void
watch_rows (GtkWidget          *page,
            const char * const *titles,
            GtkWidget         **slots)
{
  for (guint i = 0; titles[i] != NULL; i++)
    {
      slots[i] = find_row (page, titles[i]);
      g_assert_nonnull (slots[i]);
      g_object_add_weak_pointer (G_OBJECT (slots[i]), (gpointer *) &slots[i]);
    }
}

static void
unwatch_rows (GtkWidget **slots,
              guint       n)
{
  for (guint i = 0; i < n; i++)
    if (slots[i] != NULL)
      g_object_remove_weak_pointer (G_OBJECT (slots[i]), (gpointer *) &slots[i]);
}

static FbEntry *
newest_entry (FbStore    *store,
              const char *incident,
              FbEntryKind kind)
{
  g_autoptr(GListModel) entries = fb_store_list_entries_where (store, incident, 1u << kind, FALSE, 0);
  guint n = g_list_model_get_n_items (entries);

  g_assert_cmpuint (n, >, 0);
  return g_list_model_get_item (entries, n - 1);
}

static JsonObject *
entry_data (FbEntry *entry)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, fb_entry_get_data (entry), -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static char *
commander_of (Fixture *f)
{
  g_autoptr(FbRole) role = fb_store_get_role (f->store, f->incident, "commander");

  return role != NULL ? g_strdup (fb_role_get_person (role)) : NULL;
}

static void
test_role_board_handover_and_warnings (Fixture       *f,
                                       gconstpointer  data)
{
  FbRoleBoard *board;
  FbHandoverDialog *handover;
  FbWorkerDialog *worker;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *commander = NULL;
  g_autofree char *second = NULL;
  g_autoptr(FbHandover) offer = NULL;
  guint n_notify = 0;

  show_page (f, fb_role_board_new (f->context));
  board = FB_ROLE_BOARD (f->page);
  g_signal_connect (board, "notify::warnings", G_CALLBACK (on_notify_cb), &n_notify);

  /* Without an incident there is nothing to hand over. */
  gtk_widget_activate_action (f->page, "board.hand-over", NULL);
  g_assert_cmpuint (count_windows (FB_TYPE_HANDOVER_DIALOG), ==, 0);

  fb_incident_page_set_incident (FB_INCIDENT_PAGE (board), f->incident);
  iterate ();
  g_assert_cmpint (fb_role_board_get_warnings (board), ==, FB_COMMAND_WARNING_NO_COMMANDER);
  g_assert_cmpuint (n_notify, ==, 1);
  g_assert_true (shows (f->page, "[Nobody commands this incident|"));
  g_assert_true (shows (f->page, "[Incident commander|Vacant]"));

  /* Naming the first commander goes through the handover too; Aiko, at
   * her own workstation, takes command at once. */
  fb_store_set_author (f->store, "Aiko Sato");
  g_assert_true (gtk_widget_activate_action (f->page, "board.assign", "s", "commander"));
  handover = find_window (FB_TYPE_HANDOVER_DIALOG);
  g_assert_null (fb_handover_dialog_get_outgoing (handover));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (handover), "offer"));
  fb_handover_dialog_set_incoming (handover, "Aiko Sato", NULL);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (handover), "offer"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (handover), "offer"), ==,
                   "_Take Command");
  respond (handover, "offer");

  commander = commander_of (f);
  g_assert_cmpstr (commander, ==, "Aiko Sato");
  g_assert_cmpint (fb_role_board_get_warnings (board), ==, FB_COMMAND_WARNING_NONE);
  g_assert_cmpuint (n_notify, ==, 2);
  g_assert_false (shows (f->page, "Nobody commands"));
  g_assert_true (shows (f->page, "[Incident commander|Aiko Sato, since "));

  /* The commander takes a worker task: the second warning. */
  g_assert_true (gtk_widget_activate_action (f->page, "board.add-worker", NULL));
  worker = find_window (FB_TYPE_WORKER_DIALOG);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (worker), "save"));
  fb_worker_dialog_set (worker, " aiko sato", FB_WORKER_REPORTING, "Draft the report to management");
  respond (worker, "save");

  g_assert_cmpint (fb_role_board_get_warnings (board), ==, FB_COMMAND_WARNING_COMMANDER_WORKS);
  g_assert_cmpuint (n_notify, ==, 3);
  g_assert_true (shows (f->page, "[The commander also holds a worker task|Also working on: Draft the report"));
  g_assert_true (shows (f->page, "[aiko sato|Draft the report to management · on duty since "));

  /* The fix the warning offers: a handover with a briefing. */
  g_assert_true (gtk_widget_activate_action (f->page, "board.hand-over", NULL));
  handover = find_window (FB_TYPE_HANDOVER_DIALOG);
  g_assert_cmpstr (fb_handover_dialog_get_outgoing (handover), ==, "Aiko Sato");
  fb_handover_dialog_set_incoming (handover, "AIKO SATO", NULL);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (handover), "offer"));
  fb_handover_dialog_set_incoming (handover, "Kenji Ito", NULL);
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (handover), "offer"), ==,
                   "_Offer Handover");
  fb_handover_dialog_set_briefing (handover, "Laptop not found; disk encrypted",
                                   "Ask the bar for CCTV", "Whether to notify customers", 30);
  respond (handover, "offer");

  /* Offered, not taken: Aiko commands until Kenji accepts on his own
   * workstation. */
  g_free (second);
  second = commander_of (f);
  g_assert_cmpstr (second, ==, "Aiko Sato");
  g_assert_true (shows (f->page, "[Handover offered to Kenji Ito — waiting for acceptance|"));
  g_assert_true (shows (f->page, "[Aiko Sato → Kenji Ito|"));
  offer = fb_store_get_offered_handover (f->store, f->incident);
  g_assert_cmpstr (fb_handover_get_briefing (offer)->situation, ==, "Laptop not found; disk encrypted");
  g_assert_cmpstr (fb_handover_get_briefing (offer)->open_items, ==, "Ask the bar for CCTV");
  g_assert_cmpstr (fb_handover_get_briefing (offer)->pending_decisions, ==, "Whether to notify customers");
  fb_store_set_author (f->store, "Kenji Ito");
  g_assert_true (gtk_widget_activate_action (f->page, "board.accept-handover", "s", fb_handover_get_id (offer)));
  g_assert_false (shows (f->page, "waiting for acceptance"));

  g_free (second);
  second = commander_of (f);
  g_assert_cmpstr (second, ==, "Kenji Ito");
  g_assert_cmpint (fb_role_board_get_warnings (board), ==, FB_COMMAND_WARNING_NONE);
  g_assert_false (shows (f->page, "also holds a worker task"));

  entry = newest_entry (f->store, f->incident, FB_ENTRY_SYSTEM);
  object = entry_data (entry);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "handover");
  g_assert_cmpstr (json_object_get_string_member (object, "from"), ==, "Aiko Sato");
  g_assert_cmpstr (json_object_get_string_member (object, "to"), ==, "Kenji Ito");
  g_assert_cmpstr (json_object_get_string_member (object, "accepted"), ==, "yes");
  g_assert_cmpint (json_object_get_int_member (object, "next_update_at"), >,
                   fb_entry_get_occurred_at (entry) + 29 * 60000);

  /* The worker is taken off the list for good. */
  {
    g_autoptr(GListModel) workers = fb_store_list_workers (f->store, f->incident);
    g_autoptr(FbWorker) aiko = g_list_model_get_item (workers, 0);

    g_assert_true (gtk_widget_activate_action (f->page, "board.edit-worker", "s", fb_worker_get_id (aiko)));
    worker = find_window (FB_TYPE_WORKER_DIALOG);
    g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (worker), "remove"));
    respond (worker, "remove");
  }
  g_assert_false (shows (f->page, "[aiko sato|Draft the report to management · on duty since "));
  {
    g_autoptr(GListModel) workers = fb_store_list_workers (f->store, f->incident);
    g_assert_cmpuint (g_list_model_get_n_items (workers), ==, 0);
  }
}

static void
test_role_board_assign (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRole) scribe = NULL;
  g_autoptr(FbRole) custom = NULL;
  g_autofree char *contact = NULL;
  FbAssignDialog *assign;

  json_object_set_string_member (fields, "name", "Yuki Tanaka");
  contact = fb_store_set_contact (f->store, NULL, fields, &error);
  g_assert_no_error (error);

  show_page (f, fb_role_board_new (f->context));
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (f->page), f->incident);
  iterate ();
  g_assert_true (shows (f->page, "[Scribe|Not assigned]"));

  /* From the contacts: the name comes with it. */
  g_assert_true (gtk_widget_activate_action (f->page, "board.assign", "s", "scribe"));
  assign = find_window (FB_TYPE_ASSIGN_DIALOG);
  fb_assign_dialog_set_person (assign, NULL, contact);
  respond (assign, "assign");

  scribe = fb_store_get_role (f->store, f->incident, "scribe");
  g_assert_cmpstr (fb_role_get_person (scribe), ==, "Yuki Tanaka");
  g_assert_cmpstr (fb_role_get_contact (scribe), ==, contact);
  g_assert_true (shows (f->page, "[Scribe|Yuki Tanaka]"));

  /* A custom role, by name only. */
  g_assert_true (gtk_widget_activate_action (f->page, "board.assign", "s", ""));
  assign = find_window (FB_TYPE_ASSIGN_DIALOG);
  fb_assign_dialog_set_role (assign, "Forensics partner");
  fb_assign_dialog_set_person (assign, "Example DFIR Ltd.", NULL);
  respond (assign, "assign");

  custom = fb_store_get_role (f->store, f->incident, "Forensics partner");
  g_assert_nonnull (custom);
  g_assert_true (shows (f->page, "[Forensics partner|Example DFIR Ltd.]"));

  /* The commander cannot be set here. */
  g_assert_true (gtk_widget_activate_action (f->page, "board.assign", "s", ""));
  assign = find_window (FB_TYPE_ASSIGN_DIALOG);
  fb_assign_dialog_set_role (assign, "commander");
  fb_assign_dialog_set_person (assign, "Someone", NULL);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (assign), "assign"));
  g_assert_false (fb_assign_dialog_apply (assign, FALSE, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  gtk_window_destroy (GTK_WINDOW (assign));
  iterate ();
}

static void
test_role_board_decisions (Fixture       *f,
                           gconstpointer  data)
{
  const char * const options[] = { "Notify now", "Wait for the police", NULL };
  FbDecisionDialog *dialog;
  g_autoptr(FbEntry) pending = NULL;
  g_autoptr(FbEntry) made = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *pending_id = NULL;

  show_page (f, fb_role_board_new (f->context));
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (f->page), f->incident);
  iterate ();
  g_assert_true (shows (f->page, "[No decisions recorded yet|"));

  g_assert_true (gtk_widget_activate_action (f->page, "board.record-decision", NULL));
  dialog = find_window (FB_TYPE_DECISION_DIALOG);
  fb_decision_dialog_set (dialog, "Notify the customers?", options, NULL, NULL, FALSE);
  respond (dialog, "record");

  pending = newest_entry (f->store, f->incident, FB_ENTRY_DECISION);
  pending_id = g_strdup (fb_entry_get_id (pending));
  g_assert_true (shows (f->page, "[Notify the customers?|Pending: Notify now / Wait for the police]"));

  g_assert_true (gtk_widget_activate_action (f->page, "board.decide", "s", pending_id));
  dialog = find_window (FB_TYPE_DECISION_DIALOG);
  fb_decision_dialog_set (dialog, NULL, NULL, "Emi Mori", "Notify within 24 hours", TRUE);
  respond (dialog, "record");

  made = newest_entry (f->store, f->incident, FB_ENTRY_DECISION);
  g_assert_cmpstr (fb_entry_get_amends (made), ==, pending_id);
  object = entry_data (made);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "made");
  g_assert_cmpstr (json_object_get_string_member (object, "question"), ==, "Notify the customers?");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "options")), ==, 2);
  g_assert_false (shows (f->page, "Pending:"));
  g_assert_true (shows (f->page, "[Notify the customers?|Notify within 24 hours (Emi Mori)]"));
}

static char *
add_item (Fixture    *f,
          FbSection   section,
          const char *text,
          int         position)
{
  g_autoptr(GError) error = NULL;
  char *id = fb_store_add_checklist_item (f->store, f->incident, section, text, position, NULL, &error);

  g_assert_no_error (error);
  return id;
}

static void
test_checklist_page (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *logs = add_item (f, FB_SECTION_FACT_FINDING, "Collect the logs", 0);
  g_autofree char *ask = add_item (f, FB_SECTION_FACT_FINDING, "Interview the owner", 1);
  g_autofree char *wipe = add_item (f, FB_SECTION_DAMAGE_LIMITATION, "Wipe the laptop remotely", 0);
  FbSectionProgress progress[FB_N_SECTIONS];
  FbChecklistItemDialog *dialog;
  g_autoptr(FbChecklistItem) item = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autofree char *done_row = NULL;
  gint64 before;
  gboolean found = FALSE;

  show_page (f, fb_checklist_page_new (f->context));
  gtk_widget_activate_action (f->page, "checklist.add-item", NULL);
  g_assert_cmpuint (count_windows (FB_TYPE_CHECKLIST_ITEM_DIALOG), ==, 0);
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (f->page), f->incident);
  iterate ();

  g_assert_true (shows (f->page, "[Collect the logs|]"));
  fb_checklist_page_get_progress (FB_CHECKLIST_PAGE (f->page), progress);
  g_assert_cmpuint (progress[FB_SECTION_FACT_FINDING].total, ==, 2);

  /* Finishing an item logs who and when. */
  before = fb_store_now_ms (f->store);
  g_assert_true (gtk_widget_activate_action (f->page, "checklist.set-state", "(ss)", logs, "done"));
  iterate ();

  item = fb_store_get_checklist_item (f->store, logs);
  g_assert_cmpint (fb_checklist_item_get_state (item), ==, FB_ITEM_DONE);
  g_assert_cmpstr (fb_checklist_item_get_done_by (item), ==, "Scribe");
  g_assert_cmpint (fb_checklist_item_get_done_at (item), >=, before);
  entry = newest_entry (f->store, f->incident, FB_ENTRY_SYSTEM);
  object = entry_data (entry);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "checklist");
  g_assert_cmpstr (json_object_get_string_member (object, "item"), ==, logs);
  g_assert_cmpstr (fb_entry_get_author (entry), ==, "Scribe");
  done_row = g_strdup_printf ("[Collect the logs|Scribe at ");
  g_assert_true (shows (f->page, done_row));
  fb_checklist_page_get_progress (FB_CHECKLIST_PAGE (f->page), progress);
  g_assert_cmpuint (progress[FB_SECTION_FACT_FINDING].done, ==, 1);
  g_assert_true (has_label_reading (f->page, "1 of 3 steps done"));

  /* Skipping from the item's dialog, with a note. */
  g_assert_true (gtk_widget_activate_action (f->page, "checklist.edit-item", "s", ask));
  dialog = find_window (FB_TYPE_CHECKLIST_ITEM_DIALOG);
  fb_checklist_item_dialog_set (dialog, 0, NULL, FB_ITEM_SKIPPED, "Ren", NULL, "Owner unreachable");
  respond (dialog, "save");
  g_clear_object (&item);
  item = fb_store_get_checklist_item (f->store, ask);
  g_assert_cmpint (fb_checklist_item_get_state (item), ==, FB_ITEM_SKIPPED);
  g_assert_cmpstr (fb_checklist_item_get_assignee (item), ==, "Ren");
  g_clear_object (&entry);
  entry = newest_entry (f->store, f->incident, FB_ENTRY_SYSTEM);
  g_assert_cmpstr (fb_entry_get_text (entry), ==, "Checklist item skipped: Owner unreachable");
  g_assert_true (shows (f->page, "[Interview the owner|Skipped · Ren · Scribe at "));
  /* A skipped step is not counted as done, and looks different. */
  g_assert_true (has_label_reading (f->page, "1 done, 1 skipped, of 3 steps"));
  g_assert_true (gtk_widget_has_css_class (find_titled_row (f->page, "Interview the owner"), "checklist-skipped"));
  g_assert_false (gtk_widget_has_css_class (find_titled_row (f->page, "Collect the logs"), "checklist-skipped"));

  /* A custom item, with a due time, at the end of its section. */
  g_assert_true (gtk_widget_activate_action (f->page, "checklist.add-item", NULL));
  dialog = find_window (FB_TYPE_CHECKLIST_ITEM_DIALOG);
  fb_checklist_item_dialog_set (dialog, FB_SECTION_DAMAGE_LIMITATION, "Revoke the VPN certificate",
                                0, "Kenji", "+45", NULL);
  before = fb_store_now_ms (f->store);
  respond (dialog, "save");

  all = fb_store_list_checklist (f->store, f->incident);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(FbChecklistItem) other = g_list_model_get_item (all, i);

      if (g_str_equal (fb_checklist_item_get_text (other), "Revoke the VPN certificate"))
        {
          found = TRUE;
          g_assert_cmpint (fb_checklist_item_get_section (other), ==, FB_SECTION_DAMAGE_LIMITATION);
          g_assert_cmpint (fb_checklist_item_get_position (other), ==, 1);
          g_assert_cmpstr (fb_checklist_item_get_assignee (other), ==, "Kenji");
          g_assert_cmpint (fb_checklist_item_get_due_at (other), >=, before + 45 * 60000 - 1000);
          g_assert_cmpint (fb_checklist_item_get_due_at (other), <=, fb_store_now_ms (f->store) + 45 * 60000);
        }
    }
  g_assert_true (found);
  g_assert_true (shows (f->page, "[Revoke the VPN certificate|Kenji · Due "));
  g_assert_true (shows (f->page, "[Wipe the laptop remotely|]"));
  (void) wipe;

  /* Ticking the box is the same as the action; unticking reopens. */
  {
    g_autoptr(FbChecklistItem) first = NULL;

    g_assert_true (gtk_check_button_get_active (find_check (f->page)));
    gtk_check_button_set_active (find_check (f->page), FALSE);
    iterate ();
    first = fb_store_get_checklist_item (f->store, logs);
    g_assert_cmpint (fb_checklist_item_get_state (first), ==, FB_ITEM_TODO);
    g_assert_false (gtk_check_button_get_active (find_check (f->page)));
  }

  /* A bad due time keeps the dialog from saving. */
  g_assert_true (gtk_widget_activate_action (f->page, "checklist.add-item", NULL));
  dialog = find_window (FB_TYPE_CHECKLIST_ITEM_DIALOG);
  fb_checklist_item_dialog_set (dialog, 0, "Something", 0, NULL, "half past two", NULL);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

static void
test_contacts_page (Fixture       *f,
                    gconstpointer  data)
{
  FbContactsPage *page;
  FbContactEditor *editor;
  FbLogContactDialog *log;
  AdwMessageDialog *confirm;
  g_autoptr(GListModel) contacts = NULL;
  g_autoptr(FbContact) contact = NULL;
  g_autoptr(FbContact) gone = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *id = NULL;

  show_page (f, fb_contacts_page_new (f->context));
  page = FB_CONTACTS_PAGE (f->page);
  g_assert_cmpuint (fb_contacts_page_get_n_shown (page), ==, 0);
  /* No incident: nothing to log against. */
  gtk_widget_activate_action (f->page, "contacts.log", "s", "");
  g_assert_cmpuint (count_windows (FB_TYPE_LOG_CONTACT_DIALOG), ==, 0);

  fb_incident_page_set_incident (FB_INCIDENT_PAGE (page), f->incident);
  iterate ();

  g_assert_true (gtk_widget_activate_action (f->page, "contacts.add", NULL));
  editor = find_window (FB_TYPE_CONTACT_EDITOR);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (editor), "save"));
  fb_contact_editor_set_text (editor, "name", "Emi Mori");
  fb_contact_editor_set_text (editor, "organisation", "Example Corp");
  fb_contact_editor_set_text (editor, "phone", "+81 3 0000 0001");
  fb_contact_editor_set_category (editor, FB_CONTACT_MANAGEMENT, 1);
  respond (editor, "save");

  contacts = fb_store_list_contacts (f->store, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (contacts), ==, 1);
  contact = g_list_model_get_item (contacts, 0);
  id = g_strdup (fb_contact_get_id (contact));
  g_assert_cmpint (fb_contact_get_category (contact), ==, FB_CONTACT_MANAGEMENT);
  g_assert_cmpint (fb_contact_get_tier (contact), ==, 1);
  g_assert_cmpuint (fb_contacts_page_get_n_shown (page), ==, 1);
  g_assert_cmpuint (fb_contacts_page_get_n_untold (page), ==, 1);
  g_assert_true (shows (f->page, "[Emi Mori|Example Corp · Management · Tier 1\n+81 3 0000 0001]"));
  g_assert_true (shows (f->page, "[1 contact who should hear of this incident has not been told|Emi Mori]"));

  /* Log a contact from the row. */
  g_assert_true (gtk_widget_activate_action (f->page, "contacts.log", "s", id));
  log = find_window (FB_TYPE_LOG_CONTACT_DIALOG);
  fb_log_contact_dialog_set (log, NULL, FB_CHANNEL_PHONE, FB_PURPOSE_REQUEST_DECISION,
                             "May we tell the customers?", "Yes, today");
  respond (log, "log");

  entry = newest_entry (f->store, f->incident, FB_ENTRY_ESCALATION);
  object = entry_data (entry);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "contact-logged");
  g_assert_cmpstr (json_object_get_string_member (object, "contact"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (object, "who"), ==, "Emi Mori");
  g_assert_cmpstr (json_object_get_string_member (object, "channel"), ==, "phone");
  g_assert_cmpstr (json_object_get_string_member (object, "purpose"), ==, "request-decision");
  g_assert_cmpstr (fb_entry_get_text (entry), ==, "Emi Mori (Phone): May we tell the customers? — Yes, today");
  g_assert_cmpuint (fb_contacts_page_get_n_untold (page), ==, 0);
  g_assert_false (shows (f->page, "has not been told"));
  /* The row says when and how. */
  {
    g_autofree char *at = fb_context_format_time (f->context, fb_entry_get_occurred_at (entry));
    g_autofree char *told = g_strdup_printf ("Told %s · Phone", at);

    g_assert_true (has_label_reading (f->page, told));
  }

  /* Search. */
  fb_contacts_page_set_search (page, "nobody");
  iterate ();
  g_assert_cmpuint (fb_contacts_page_get_n_shown (page), ==, 0);
  fb_contacts_page_set_search (page, "mori");
  iterate ();
  g_assert_cmpuint (fb_contacts_page_get_n_shown (page), ==, 1);
  fb_contacts_page_set_search (page, NULL);

  /* Edit, then delete after asking. */
  g_assert_true (gtk_widget_activate_action (f->page, "contacts.edit", "s", id));
  editor = find_window (FB_TYPE_CONTACT_EDITOR);
  fb_contact_editor_set_text (editor, "title", "CEO");
  respond (editor, "save");
  g_clear_object (&contact);
  contact = fb_store_get_contact (f->store, id);
  g_assert_cmpstr (fb_contact_get_title (contact), ==, "CEO");
  g_assert_true (shows (f->page, "[Emi Mori|CEO · Example Corp"));

  /* Deleting starts in the editor, not from a bin on every row. */
  g_assert_true (gtk_widget_activate_action (f->page, "contacts.edit", "s", id));
  editor = find_window (FB_TYPE_CONTACT_EDITOR);
  respond (editor, "delete");
  confirm = find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_false (FB_IS_CONTACT_EDITOR (confirm));
  respond (confirm, "delete");
  gone = fb_store_get_contact (f->store, id);
  g_assert_null (gone);
  g_assert_cmpuint (fb_contacts_page_get_n_shown (page), ==, 0);
}

static void
test_contacts_vcard (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fb_test_dir_file (f->dir, "contacts.vcf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  FbStore *other;
  FbContext *other_context;
  GtkWidget *other_page;
  guint n = 0;

  json_object_set_string_member (fields, "name", "Goro Abe");
  json_object_set_string_member (fields, "category", "legal");
  json_object_set_string_member (fields, "email", "goro@example.com");
  id = fb_store_set_contact (f->store, NULL, fields, &error);
  g_assert_no_error (error);

  show_page (f, fb_contacts_page_new (f->context));
  g_assert_true (fb_contacts_page_export_file (FB_CONTACTS_PAGE (f->page), file, FB_VCARD_VERSION_3_0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "BEGIN:VCARD"));
  g_assert_nonnull (strstr (text, "VERSION:3.0"));
  g_assert_nonnull (strstr (text, "Goro Abe"));

  /* Into another workstation's address book. */
  other = open_store (f->dir, "other.db");
  other_context = fb_context_new (other, NULL);
  other_page = g_object_ref_sink (fb_contacts_page_new (other_context));
  g_assert_true (fb_contacts_page_import_file (FB_CONTACTS_PAGE (other_page), file, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (fb_contacts_page_get_n_shown (FB_CONTACTS_PAGE (other_page)), ==, 1);

  /* Something that is not a vCard changes nothing. */
  g_assert_true (g_file_set_contents (path, "hello", -1, NULL));
  g_assert_false (fb_contacts_page_import_file (FB_CONTACTS_PAGE (other_page), file, &n, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (fb_contacts_page_get_n_shown (FB_CONTACTS_PAGE (other_page)), ==, 1);

  g_assert_finalize_object (other_page);
  g_assert_finalize_object (other_context);
  g_assert_finalize_object (other);
}

static char *
add_contact (Fixture    *f,
             const char *name)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (fields, "name", name);
  id = fb_store_set_contact (f->store, NULL, fields, &error);
  g_assert_no_error (error);
  return id;
}

/* A change to one contact remakes its row alone: the others keep their
 * widgets, and the keyboard focus stays where it was. */
static void
test_contacts_rows_kept (Fixture       *f,
                         gconstpointer  data)
{
  const char * const titles[] = { "Ann", "Cho", "Eve", NULL };
  g_autofree char *ann = add_contact (f, "Ann");
  g_autofree char *cho = add_contact (f, "Cho");
  g_autofree char *eve = add_contact (f, "Eve");
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *rows[3];
  GtkWidget *button;

  show_page (f, fb_contacts_page_new (f->context));
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (f->page), f->incident);
  iterate ();
  watch_rows (f->page, titles, rows);

  /* The row's last button: "Edit Contact". */
  button = find_last_button (rows[0]);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_grab_focus (button));

  json_object_set_string_member (fields, "name", "Cho");
  json_object_set_string_member (fields, "title", "Counsel");
  g_free (fb_store_set_contact (f->store, cho, fields, &error));
  g_assert_no_error (error);
  iterate ();

  g_assert_true (shows (f->page, "[Cho|Counsel"));
  g_assert_null (rows[1]);
  g_assert_nonnull (rows[0]);
  g_assert_nonnull (rows[2]);
  g_assert_true (find_row (f->page, "Ann") == rows[0]);
  /* The window's focus, whether or not the window is active: under
   * Xvfb with no window manager, activation comes and goes. */
  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (button)) == button);

  /* A new contact between them adds its row and touches no other. */
  g_free (add_contact (f, "Dan"));
  iterate ();
  g_assert_true (shows (f->page, "[Dan|"));
  g_assert_nonnull (rows[0]);
  g_assert_nonnull (rows[2]);
  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (button)) == button);

  unwatch_rows (rows, G_N_ELEMENTS (rows));
}

/* Ticking one step remakes that step's row, not its section's others. */
static void
test_checklist_rows_kept (Fixture       *f,
                          gconstpointer  data)
{
  const char * const titles[] = { "Collect the logs", "Interview the owner", "Wipe the laptop remotely", NULL };
  g_autofree char *logs = add_item (f, FB_SECTION_FACT_FINDING, titles[0], 0);
  g_autofree char *ask = add_item (f, FB_SECTION_FACT_FINDING, titles[1], 1);
  g_autofree char *wipe = add_item (f, FB_SECTION_DAMAGE_LIMITATION, titles[2], 0);
  GtkWidget *rows[3];

  show_page (f, fb_checklist_page_new (f->context));
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (f->page), f->incident);
  iterate ();
  watch_rows (f->page, titles, rows);

  g_assert_true (gtk_widget_activate_action (f->page, "checklist.set-state", "(ss)", ask, "done"));
  iterate ();

  g_assert_true (shows (f->page, "[Interview the owner|Scribe at "));
  g_assert_nonnull (rows[0]);
  g_assert_null (rows[1]);
  g_assert_nonnull (rows[2]);

  unwatch_rows (rows, G_N_ELEMENTS (rows));
}

/* A page on a tab not in front reads the store when it comes to the
 * front, with every change it missed, not at each change. */
static void
test_page_waits_off_screen (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *front = gtk_label_new ("Front");
  GtkWidget *checklist = fb_checklist_page_new (f->context);
  FbSectionProgress progress[FB_N_SECTIONS];

  gtk_stack_add_named (GTK_STACK (stack), front, "front");
  gtk_stack_add_named (GTK_STACK (stack), checklist, "checklist");
  gtk_stack_set_visible_child (GTK_STACK (stack), front);
  show_page (f, stack);

  /* A new incident is a change like any other. */
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (checklist), f->incident);
  g_free (add_item (f, FB_SECTION_FACT_FINDING, "Collect the logs", 0));
  g_free (add_item (f, FB_SECTION_ESCALATION, "Tell the CISO", 0));
  iterate ();
  fb_checklist_page_get_progress (FB_CHECKLIST_PAGE (checklist), progress);
  g_assert_cmpuint (progress[FB_SECTION_FACT_FINDING].total, ==, 0);
  g_assert_false (shows (f->page, "[Collect the logs|"));

  gtk_stack_set_visible_child (GTK_STACK (stack), checklist);
  iterate ();
  fb_checklist_page_get_progress (FB_CHECKLIST_PAGE (checklist), progress);
  g_assert_cmpuint (progress[FB_SECTION_FACT_FINDING].total, ==, 1);
  g_assert_cmpuint (progress[FB_SECTION_ESCALATION].total, ==, 1);
  g_assert_true (shows (f->page, "[Collect the logs|]"));
  g_assert_true (shows (f->page, "[Tell the CISO|]"));

  /* On screen, it follows each change as it comes. */
  g_free (add_item (f, FB_SECTION_FACT_FINDING, "Interview the owner", 1));
  fb_checklist_page_get_progress (FB_CHECKLIST_PAGE (checklist), progress);
  g_assert_cmpuint (progress[FB_SECTION_FACT_FINDING].total, ==, 2);
}

static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) due = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *police = NULL;
  g_autofree char *item = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *logged = NULL;
  FbLogContactDialog *log;

  json_object_set_string_member (fields, "name", "Cyber-crime desk");
  json_object_set_string_member (fields, "organisation", "Prefectural police");
  json_object_set_string_member (fields, "category", "authority");
  police = fb_store_set_contact (f->store, NULL, fields, &error);
  g_assert_no_error (error);
  item = add_item (f, FB_SECTION_ESCALATION, "Report to the regulator", 0);
  json_object_set_int_member (due, "due_at", fb_store_now_ms (f->store) + 3600000);
  g_assert_true (fb_store_set_checklist_item (f->store, item, due, &error));
  g_assert_no_error (error);

  show_page (f, fb_board_summary_new (f->context));
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (f->page), f->incident);
  iterate ();

  g_assert_true (shows (f->page, "[Nobody commands this incident|"));
  g_assert_true (shows (f->page, "[Escalation|1 open of 1]"));
  g_assert_true (shows (f->page, "[Report to the regulator|Escalation]"));
  g_assert_true (shows (f->page, "[Cyber-crime desk|Prefectural police · Authority]"));
  g_assert_false (shows (f->page, "Pending"));

  /* It follows the store. */
  g_assert_true (fb_store_hand_over_command (f->store, f->incident, NULL, "Aiko", NULL,
                                             NULL, NULL, NULL, 0, &error));
  pending = fb_store_record_decision (f->store, f->incident, "Stop the service?", NULL,
                                      NULL, NULL, FALSE, NULL, 0, &error);
  g_assert_no_error (error);
  iterate ();
  g_assert_false (shows (f->page, "Nobody commands"));
  g_assert_true (shows (f->page, "[Incident commander|Aiko]"));
  g_assert_true (shows (f->page, "[Stop the service?|]"));

  /* Telling the police from the summary takes them off the list. */
  g_assert_true (gtk_widget_activate_action (f->page, "summary.log-contact", "s", police));
  log = find_window (FB_TYPE_LOG_CONTACT_DIALOG);
  fb_log_contact_dialog_set (log, NULL, FB_CHANNEL_EMAIL, FB_PURPOSE_SHARE_FACTS,
                             "Reported the theft", NULL);
  respond (log, "log");
  g_assert_false (shows (f->page, "[Cyber-crime desk|"));
}

typedef gboolean (*MatchFunc) (GtkWidget *widget, const char *text);

static GtkWidget *
find_descendant (GtkWidget  *widget,
                 MatchFunc   match,
                 const char *text)
{
  if (match (widget, text))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, match, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_expander_row_titled (GtkWidget  *widget,
                        const char *title)
{
  return ADW_IS_EXPANDER_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_label_reading (GtkWidget  *widget,
                  const char *text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* A step from the playbook folds its reason under its row and shows it in
 * its dialog; a step added by hand stays a plain row. */
static void
test_checklist_hints (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  FbPlaybook *playbook = fb_playbook_library_lookup (library, "lost-device");
  const FbPlaybookItem *step = fb_playbook_lookup_item (playbook, "ff-circumstances");
  const char *hint = fb_playbook_text_get (&step->hint, "en");
  g_autofree char *own = add_item (f, FB_SECTION_FACT_FINDING, "Call the bar", 9);
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *item_id = NULL;
  FbChecklistItemDialog *dialog;
  GtkWidget *row, *label, *revealer;

  g_assert_true (fb_playbook_instantiate (playbook, f->store, f->incident, &error));
  g_assert_no_error (error);
  items = fb_store_list_checklist (f->store, f->incident);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FbChecklistItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (fb_checklist_item_get_playbook_item (item), "ff-circumstances") == 0)
        item_id = g_strdup (fb_checklist_item_get_id (item));
    }
  g_assert_nonnull (item_id);

  show_page (f, fb_checklist_page_new (f->context));
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (f->page), f->incident);
  iterate ();

  row = find_descendant (f->page, is_expander_row_titled, fb_playbook_text_get (&step->text, "en"));
  g_assert_nonnull (row);
  label = find_descendant (row, is_label_reading, hint);
  g_assert_nonnull (label);
  revealer = gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_false (gtk_widget_get_mapped (label));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  iterate ();
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  g_assert_null (find_descendant (f->page, is_expander_row_titled, "Call the bar"));
  g_assert_true (shows (f->page, "[Call the bar|"));

  g_assert_true (gtk_widget_activate_action (f->page, "checklist.edit-item", "s", item_id));
  dialog = find_window (FB_TYPE_CHECKLIST_ITEM_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), hint));
  respond (dialog, "cancel");
}

static GtkSpinButton *
find_spin (gpointer widget)
{
  if (GTK_IS_SPIN_BUTTON (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSpinButton *found = find_spin (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Hours on duty, pairs and operational periods on the board. */
static void
test_role_board_shifts (Fixture       *f,
                        gconstpointer  data)
{
  FbTestClock clock = { 1764000000000 };
  FbWorkerDialog *worker;
  FbPeriodDialog *period;
  g_autoptr(GListModel) workers = NULL;
  g_autoptr(FbWorker) chen = NULL;

  fb_context_set_clock (f->context, fb_test_clock_read, &clock);
  show_page (f, fb_role_board_new (f->context));
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (f->page), f->incident);
  iterate ();
  g_assert_true (shows (f->page, "[Operational Period|No period started yet]"));

  g_assert_true (gtk_widget_activate_action (f->page, "board.add-worker", NULL));
  worker = find_window (FB_TYPE_WORKER_DIALOG);
  fb_worker_dialog_set (worker, "Chen", FB_WORKER_INVESTIGATING, "");
  respond (worker, "save");
  workers = fb_store_list_workers (f->store, f->incident);
  chen = g_list_model_get_item (workers, 0);

  g_assert_true (gtk_widget_activate_action (f->page, "board.add-worker", NULL));
  worker = find_window (FB_TYPE_WORKER_DIALOG);
  fb_worker_dialog_set (worker, "Dana", FB_WORKER_INVESTIGATING, "Image the laptop");
  fb_worker_dialog_set_shift (worker, TRUE, fb_worker_get_id (chen));
  respond (worker, "save");
  g_assert_true (shows (f->page, "[Chen|No task · on duty since "));
  g_assert_true (shows (f->page, "[Dana|Image the laptop · on duty since "));
  g_assert_true (shows (f->page, " · pair with Chen]"));
  g_assert_true (shows (f->page, " · pair with Dana]"));
  g_assert_false (shows (f->page, "has been on duty"));

  /* Thirteen hours later, with nothing changed in the record. */
  clock.now_ms += 13 * 60 * 60000;
  fb_context_tick (f->context);
  iterate ();
  g_assert_true (shows (f->page, "[Chen has been on duty for 13 h 00 min|Longer than the 12 hours"));

  /* The incident allows ten hours now, which the warning says. */
  g_assert_true (shows (f->page, "[Hours on Duty Before a Warning|12 hours]"));
  g_assert_true (gtk_widget_activate_action (f->page, "board.set-duty-limit", NULL));
  {
    gpointer limit = find_window (ADW_TYPE_MESSAGE_DIALOG);

    gtk_spin_button_set_value (find_spin (limit), 10);
    respond (limit, "set");
  }
  g_assert_cmpint (fb_store_get_duty_limit (f->store, f->incident), ==, 600);
  g_assert_true (shows (f->page, "[Hours on Duty Before a Warning|10 hours]"));
  g_assert_true (shows (f->page, "[Chen has been on duty for 13 h 00 min|Longer than the 10 hours"));

  /* Off shift is off duty, and the warning goes. */
  g_assert_true (gtk_widget_activate_action (f->page, "board.edit-worker", "s", fb_worker_get_id (chen)));
  worker = find_window (FB_TYPE_WORKER_DIALOG);
  fb_worker_dialog_set (worker, NULL, FB_WORKER_OFF_SHIFT, NULL);
  respond (worker, "save");
  g_assert_false (shows (f->page, "[Chen has been on duty"));
  g_assert_true (shows (f->page, "[Chen|No task · pair with Dana]"));

  g_assert_true (gtk_widget_activate_action (f->page, "board.start-period", NULL));
  period = find_window (FB_TYPE_PERIOD_DIALOG);
  fb_period_dialog_set_objectives (period, "Find the laptop; reset its accounts", 12);
  respond (period, "start");
  g_assert_true (shows (f->page, "[Operational Period 1|Since "));
}

int
main (int   argc,
      char *argv[])
{
  /* No session bus under Xvfb: without this the accessibility layer's
   * warning about it would be fatal. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  fb_board_init ();

#define ADD(path, fn) g_test_add ((path), Fixture, NULL, fixture_set_up, (fn), fixture_tear_down)
  ADD ("/board-ui/role-board/handover-and-warnings", test_role_board_handover_and_warnings);
  ADD ("/board-ui/role-board/assign", test_role_board_assign);
  ADD ("/board-ui/role-board/decisions", test_role_board_decisions);
  ADD ("/board-ui/role-board/shifts", test_role_board_shifts);
  ADD ("/board-ui/checklist", test_checklist_page);
  ADD ("/board-ui/contacts", test_contacts_page);
  ADD ("/board-ui/contacts/vcard", test_contacts_vcard);
  ADD ("/board-ui/contacts/rows-kept", test_contacts_rows_kept);
  ADD ("/board-ui/checklist/rows-kept", test_checklist_rows_kept);
  ADD ("/board-ui/checklist/hints", test_checklist_hints);
  ADD ("/board-ui/page-waits-off-screen", test_page_waits_off_screen);
  ADD ("/board-ui/summary", test_summary);
#undef ADD

  return g_test_run ();
}
