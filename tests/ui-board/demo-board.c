/* demo-board.c — the board's pages on a demo database, to look at them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   demo-board DATABASE [PAGE [ACTION]]
 *
 * PAGE is summary, board, checklist or contacts; ACTION, if given, is activated on
 * that page once the window shows (board.hand-over, contacts.log::, …).
 * Not a test: a way to see what the widgets look like.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fb-board.h"

static char *incident_id;
static const char *page_name = "board";
static const char *action_name;

static void
set_item_state (FbStore    *store,
                GListModel *items,
                guint       index,
                const char *state,
                gint64      due_at)
{
  g_autoptr(FbChecklistItem) item = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();

  if (index >= g_list_model_get_n_items (items))
    return;
  item = g_list_model_get_item (items, index);
  if (state != NULL)
    json_object_set_string_member (fields, "state", state);
  if (due_at > 0)
    json_object_set_int_member (fields, "due_at", due_at);
  fb_store_set_checklist_item (store, fb_checklist_item_get_id (item), fields, NULL);
}

static char *
add_contact (FbStore    *store,
             const char *name,
             const char *organisation,
             const char *title,
             const char *category,
             int         tier,
             const char *phone,
             const char *email)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "organisation", organisation);
  json_object_set_string_member (fields, "title", title);
  json_object_set_string_member (fields, "category", category);
  json_object_set_int_member (fields, "tier", tier);
  json_object_set_string_member (fields, "phone", phone);
  json_object_set_string_member (fields, "email", email);
  return fb_store_set_contact (store, NULL, fields, NULL);
}

static void
set_worker (FbStore    *store,
            const char *person,
            const char *status,
            const char *task)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "person", person);
  json_object_set_string_member (fields, "status", status);
  json_object_set_string_member (fields, "task", task);
  id = fb_store_set_worker (store, incident_id, NULL, fields, NULL);
}

static void
fill (FbStore *store)
{
  g_autoptr(GListModel) incidents = fb_store_list_incidents (store, TRUE);
  g_autoptr(FbPlaybookLibrary) library = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autofree char *ceo = NULL;
  g_autofree char *it = NULL;
  g_autofree char *lawyer = NULL;
  g_autofree char *pending = NULL;
  const char * const options[] = { "Stop the web shop now", "Keep it running, isolate the file server", NULL };
  FbPlaybook *playbook;
  gint64 now = fb_store_now_ms (store);

  if (g_list_model_get_n_items (incidents) > 0)
    {
      g_autoptr(FbIncident) first = g_list_model_get_item (incidents, 0);
      incident_id = g_strdup (fb_incident_get_id (first));
      return;
    }

  fb_store_set_author (store, "Aiko Sato");
  fb_contacts_seed_examples (store, NULL);
  ceo = add_contact (store, "Emi Mori", "Example Corp", "CEO", "management", 1, "+81 3 0000 0001", "emi@example.com");
  it = add_contact (store, "Kenji Ito", "Example Corp", "IT manager", "it", 1, "+81 3 0000 0002", "kenji@example.com");
  lawyer = add_contact (store, "Goro Abe", "Abe Law Office", "Attorney", "legal", 2, "+81 3 0000 0003", "");
  g_free (add_contact (store, "Hana Kato", "Example Corp", "Press officer", "pr", 2, "", "press@example.com"));

  library = fb_playbook_library_new ();
  playbook = fb_playbook_library_lookup (library, "ransomware");
  if (playbook == NULL)
    playbook = fb_playbook_library_lookup (library, "generic");
  {
    FbIncidentPlan plan = {
      .title = "Ransomware on the file server", .playbook = playbook, .severity = 1,
      .detected_at = now - 40 * 60000,
    };
    incident_id = fb_store_declare_incident (store, &plan, NULL);
  }

  fb_store_hand_over_command (store, incident_id, NULL, "Aiko Sato", NULL, NULL, NULL, NULL, 0, NULL);
  fb_store_assign_role (store, incident_id, "scribe", "Yuki Tanaka", NULL, NULL);
  fb_store_assign_role (store, incident_id, "technical-lead", "Kenji Ito", it, NULL);
  fb_store_assign_role (store, incident_id, "Forensics partner", "Example DFIR Ltd.", NULL, NULL);
  set_worker (store, "Kenji Ito", "containing", "Isolate the file server from the network");
  set_worker (store, "Ren Suzuki", "investigating", "Collect firewall and VPN logs since Monday");
  set_worker (store, "Aiko Sato", "reporting", "Draft the report to management");
  set_worker (store, "Mai Ono", "off-shift", "");

  items = fb_store_list_checklist (store, incident_id);
  set_item_state (store, items, 0, "done", 0);
  set_item_state (store, items, 1, "doing", now + 20 * 60000);
  set_item_state (store, items, 2, "skipped", 0);
  set_item_state (store, items, 4, NULL, now - 5 * 60000);

  fb_store_log_contact (store, incident_id, ceo, NULL, FB_CHANNEL_PHONE, FB_PURPOSE_BOTH,
                        "File server encrypted; may we stop the web shop?", "Call back at 11:00",
                        0, NULL);
  pending = fb_store_record_decision (store, incident_id, "Stop the web shop?", options,
                                      NULL, NULL, FALSE, NULL, 0, NULL);
  fb_store_record_decision (store, incident_id, "Bring in an outside forensics firm?", NULL,
                            "Emi Mori", "Yes, Example DFIR Ltd., within budget", TRUE, NULL, 0, NULL);
}

static gboolean
activate_later_cb (gpointer data)
{
  GtkWidget *page = data;
  g_autofree char *name = NULL;
  g_autoptr(GVariant) target = NULL;

  /* "contacts.log::" style names carry a string target. */
  if (g_action_parse_detailed_name (action_name, &name, &target, NULL))
    gtk_widget_activate_action_variant (page, name, target);
  return G_SOURCE_REMOVE;
}

static void
on_activate_cb (GtkApplication *app,
                FbStore        *store)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_view_switcher_title_new ();
  GtkWidget *stack = adw_view_stack_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  FbContext *context = fb_context_new (store, NULL);
  GtkWidget *board = fb_role_board_new (context);
  GtkWidget *checklist = fb_checklist_page_new (context);
  GtkWidget *contacts = fb_contacts_page_new (context);
  GtkWidget *summary = fb_board_summary_new (context);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *shown;

  /* The pages hold their own references; the window keeps the context for
   * as long as it lives. */
  g_object_set_data_full (G_OBJECT (window), "context", context, g_object_unref);
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (board), incident_id);
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (checklist), incident_id);
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (contacts), incident_id);
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (summary), incident_id);

  /* As the overview page would hold it. */
  gtk_widget_set_margin_top (summary, 24);
  gtk_widget_set_margin_bottom (summary, 24);
  gtk_widget_set_margin_start (summary, 12);
  gtk_widget_set_margin_end (summary, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), summary);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_view_stack_page_set_icon_name (adw_view_stack_add_titled (ADW_VIEW_STACK (stack), scrolled, "summary",
                                                                _("Summary")),
                                     "view-grid-symbolic");

  adw_view_stack_page_set_icon_name (adw_view_stack_add_titled (ADW_VIEW_STACK (stack), board, "board", _("Roles")),
                                     "system-users-symbolic");
  adw_view_stack_page_set_icon_name (adw_view_stack_add_titled (ADW_VIEW_STACK (stack), checklist, "checklist",
                                                                _("Checklist")),
                                     "checkbox-checked-symbolic");
  adw_view_stack_page_set_icon_name (adw_view_stack_add_titled (ADW_VIEW_STACK (stack), contacts, "contacts",
                                                                _("Contacts")),
                                     "x-office-address-book-symbolic");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), page_name);
  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (title), ADW_VIEW_STACK (stack));
  adw_view_switcher_title_set_title (ADW_VIEW_SWITCHER_TITLE (title), "Firebreak");
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);

  gtk_widget_set_vexpand (stack, TRUE);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), stack);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), overlay);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));

  shown = adw_view_stack_get_visible_child (ADW_VIEW_STACK (stack));
  if (shown == scrolled)
    shown = summary;
  if (action_name != NULL)
    g_timeout_add (500, activate_later_cb, shown);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FIREBREAK_LOCALEDIR") != NULL ? g_getenv ("FIREBREAK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      g_printerr ("usage: %s DATABASE [summary|board|checklist|contacts [ACTION]]\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    page_name = argv[2];
  if (argc > 3)
    action_name = argv[3];

  store = fb_store_open (argv[1], FB_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  fill (store);

  app = adw_application_new ("io.github.firebreak.BoardDemo", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "startup", G_CALLBACK (fb_board_init), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), store);

  return g_application_run (G_APPLICATION (app), 1, argv);
}
