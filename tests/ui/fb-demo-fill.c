/* fb-demo-fill.c — fills a database with a plausible incident, for
 * screenshots and for trying the app by hand:
 *   fb-demo-fill PATH
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "firebreak-core.h"

static const struct {
  int          minutes_ago;
  FbEntryKind  kind;
  const char  *text;
} script[] = {
  { 52, FB_ENTRY_FACT, "EDR alert: mass file renames on FS-02 (\\\\fs02\\finance), extension .lockd" },
  { 50, FB_ENTRY_ACTION, "Paged on-call security; opened bridge call" },
  { 47, FB_ENTRY_FACT, "Ransom note README_RESTORE.txt found in three finance shares" },
  { 44, FB_ENTRY_ESCALATION, "Informed CIO (Sato): ransomware on finance file server, scope unknown" },
  { 41, FB_ENTRY_DECISION, "Isolate FS-02 from the network now; finance works offline until further notice. Decided by CIO." },
  { 39, FB_ENTRY_ACTION, "FS-02 switch port disabled (network team, Ito)" },
  { 35, FB_ENTRY_EVIDENCE, "Memory image of FS-02 taken before shutdown, SHA-256 9f2c…e1, stored on evidence drive #4" },
  { 31, FB_ENTRY_FACT, "First encrypted file timestamp 13:58; source account svc-backup" },
  { 28, FB_ENTRY_COMMUNICATION, "Told finance staff by phone: do not open shares, do not power off PCs" },
  { 22, FB_ENTRY_NOTE, "Backups of FS-02 from last night look intact; restore test pending" },
  { 18, FB_ENTRY_ESCALATION, "Asked legal whether the leak notice duty under APPI applies" },
  { 12, FB_ENTRY_ACTION, "svc-backup password reset and account disabled" },
  { 6, FB_ENTRY_FACT, "No further renames seen on other file servers in the last 15 minutes" },
};

/* The time the store records: each entry is written down when it
 * happened, as at a desk during the incident, but for the ones the script
 * writes late on purpose. */
static gint64 written_at;

static gint64
read_written_at (gpointer data)
{
  return written_at != 0 ? written_at : g_get_real_time () / 1000;
}

/* What the commander changed as the incident went on, and one entry
 * written down late that shows the incident began before its detection. */
static void
add_changes (FbStore    *store,
             const char *incident,
             gint64      now)
{
  g_autoptr(JsonObject) severity = json_object_new ();
  g_autoptr(JsonObject) worker = json_object_new ();
  g_autoptr(JsonObject) task = json_object_new ();
  g_autofree char *worker_id = NULL;

  written_at = now - 5 * 60000LL;
  fb_store_assign_role (store, incident, "scribe", "Yuki Tanaka", NULL, NULL);
  json_object_set_string_member (worker, "person", "Ken Ito");
  json_object_set_string_member (worker, "status", "investigating");
  worker_id = fb_store_set_worker (store, incident, NULL, worker, NULL);

  written_at = now - 4 * 60000LL;
  json_object_set_int_member (severity, "severity", 1);
  fb_store_update_incident (store, incident, severity, NULL);

  written_at = now - 3 * 60000LL;
  json_object_set_string_member (task, "status", "containing");
  json_object_set_string_member (task, "task", "Isolate FS-02");
  g_free (fb_store_set_worker (store, incident, worker_id, task, NULL));

  written_at = now - 2 * 60000LL;
  fb_store_add_entry (store, incident, FB_ENTRY_FACT,
                      "Proxy log: svc-backup signed in to FS-02 from an unknown host",
                      now - 70 * 60000LL, NULL, NULL, NULL);
  written_at = 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autofree char *main_id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *pin1 = NULL;
  g_autofree char *amended = NULL;
  gint64 now;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s PATH\n", argv[0]);
      return 2;
    }

  store = fb_store_open (argv[1], FB_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  fb_store_set_author (store, "Aiko Tanaka");
  fb_store_set_clock (store, read_written_at, NULL);
  now = fb_store_now_ms (store);

  /* Oldest first: a store's clock never runs back. A readiness review
   * begun a week ago, a few of its steps settled since. */
  written_at = now - 7 * 24 * 3600 * 1000LL;
  {
    g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new ();
    g_autoptr(GListModel) items = NULL;
    g_autofree char *review = NULL;
    const char * const states[] = { "done", "done", "skipped", "doing" };

    review = fb_store_start_review (store, "Readiness review 2026 H2",
                                    fb_playbook_library_lookup (library, "preparation"), &error);
    if (review == NULL)
      {
        fprintf (stderr, "%s\n", error->message);
        return 1;
      }
    fb_store_assign_role (store, review, "decision-maker", "Emi Sato", NULL, NULL);
    items = fb_store_list_checklist (store, review);
    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      {
        g_autoptr(FbChecklistItem) item = g_list_model_get_item (items, i);
        g_autoptr(JsonObject) fields = json_object_new ();

        written_at += 24 * 3600 * 1000LL;
        json_object_set_string_member (fields, "state", states[i]);
        fb_store_set_checklist_item (store, fb_checklist_item_get_id (item), fields, NULL);
      }
  }

  written_at = now - 3 * 24 * 3600 * 1000LL;
  closed = fb_store_create_incident (store, "Phishing mail to sales team", "generic", 3,
                                     now - 3 * 24 * 3600 * 1000LL, 60, FALSE, &error);
  written_at += 10 * 60000;
  fb_store_add_entry (store, closed, FB_ENTRY_FACT, "12 users received the mail; 2 clicked", now - 3 * 24 * 3600 * 1000LL + 600000, NULL, NULL, NULL);
  written_at += 30 * 60000;
  fb_store_record_containment (store, closed, now - 3 * 24 * 3600 * 1000LL + 40 * 60000, NULL);
  fb_store_set_incident_open (store, closed, FALSE, NULL);

  written_at = now - 200 * 60000;
  fb_store_create_incident (store, "Tabletop: DoS on the web shop", "generic", 4,
                            now - 200 * 60000, 60, TRUE, &error);

  written_at = now - 130 * 60000;
  other = fb_store_create_incident (store, "Lost laptop with customer list", "generic", 2,
                                    now - 130 * 60000, 60, FALSE, &error);
  written_at = now - 128 * 60000;
  fb_store_add_entry (store, other, FB_ENTRY_FACT, "Sales rep reports laptop left on train at 09:40", now - 128 * 60000, NULL, NULL, NULL);

  written_at = now - 52 * 60000LL;
  /* The main incident as the New Incident dialog makes it: from its
   * playbook, checklist and all, with a commander and a few steps done. */
  {
    g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new ();
    FbIncidentPlan plan = { 0 };

    plan.title = "Ransomware on finance file server";
    plan.playbook = fb_playbook_library_lookup (library, "ransomware");
    /* Raised to SEV 1 later, in add_changes (). */
    plan.severity = 2;
    plan.detected_at = now - 53 * 60000;
    /* Customer data on the server, taken by an attacker: the APPI clocks run. */
    plan.rules.personal_data = TRUE;
    plan.rules.improper_purpose = TRUE;
    main_id = fb_store_declare_incident (store, &plan, &error);
    if (main_id == NULL)
      {
        fprintf (stderr, "%s\n", error->message);
        return 1;
      }
  }
  fb_store_hand_over_command (store, main_id, NULL, "Aiko Tanaka", NULL, NULL, NULL, NULL, 0, NULL);
  fb_store_assign_role (store, main_id, "technical-lead", "Ken Ito", NULL, NULL);
  {
    g_autoptr(GListModel) items = fb_store_list_checklist (store, main_id);
    const char * const states[] = { "done", "done", "doing", "skipped" };

    for (guint i = 0; i < G_N_ELEMENTS (states) && i < g_list_model_get_n_items (items); i++)
      {
        g_autoptr(FbChecklistItem) item = g_list_model_get_item (items, i);
        g_autoptr(JsonObject) fields = json_object_new ();

        json_object_set_string_member (fields, "state", states[i]);
        fb_store_set_checklist_item (store, fb_checklist_item_get_id (item), fields, NULL);
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (script); i++)
    {
      g_autofree char *id = NULL;

      written_at = now - script[i].minutes_ago * 60000LL;
      id = fb_store_add_entry (store, main_id, script[i].kind, script[i].text,
                               now - script[i].minutes_ago * 60000LL, NULL, NULL, &error);
      if (id == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      if (i == 4)
        pin1 = g_strdup (id);
      if (i == 7)
        amended = g_strdup (id);
    }
  add_changes (store, main_id, now);
  fb_store_set_pinned (store, pin1, TRUE, NULL);
  fb_store_set_author (store, "Ken Ito");
  fb_store_add_entry (store, main_id, FB_ENTRY_FACT,
                      "First encrypted file timestamp 13:52; source account svc-backup (log clock was 6 min off)",
                      now - 31 * 60000LL, amended, NULL, NULL);

  printf ("%s\n", main_id);
  return 0;
}
