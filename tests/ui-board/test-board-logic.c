/* test-board-logic.c — handover, logged contacts, decisions, and what the
 * board and the overview decide to show, without a display
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-describe.h"
#include "fb-test-store.h"

#define T0 G_GINT64_CONSTANT (1764000000000)

typedef struct
{
  FbTestDir   *dir;
  FbTestClock  clock;
  FbStore     *store;
  char        *incident;
} Fixture;

static FbStore *
open_store (FbTestDir   *dir,
            const char  *name,
            FbTestClock *clock,
            const char  *author)
{
  g_autofree char *path = fb_test_dir_file (dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store;

  store = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, clock, &error);
  g_assert_no_error (error);
  fb_store_set_author (store, author);

  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = fb_test_dir_new ();
  f->clock.now_ms = T0;
  f->store = open_store (f->dir, "board.db", &f->clock, "Scribe");
  f->incident = fb_store_create_incident (f->store, "Ransomware on file server", "ransomware",
                                          1, T0 - 600000, 60, FALSE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->incident);
  g_assert_finalize_object (f->store);
  fb_test_dir_free (f->dir);
}

static JsonObject *
parse_data (FbEntry *entry)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (fb_entry_get_data (entry));
  json_parser_load_from_data (parser, fb_entry_get_data (entry), -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The newest entry of @kind, which the caller owns. */
static FbEntry *
newest_entry (FbStore    *store,
              const char *incident,
              FbEntryKind kind)
{
  g_autoptr(GListModel) entries = fb_store_list_entries_where (store, incident, 1u << kind, FALSE, 0);

  guint n = g_list_model_get_n_items (entries);

  /* The list comes oldest first. */
  g_assert_cmpuint (n, >, 0);
  return g_list_model_get_item (entries, n - 1);
}

static guint
count_entries (FbStore    *store,
               const char *incident,
               FbEntryKind kind)
{
  g_autoptr(GListModel) entries = fb_store_list_entries_where (store, incident, 1u << kind, FALSE, 0);

  return g_list_model_get_n_items (entries);
}

static guint
count_commanders (FbStore    *store,
                  const char *incident)
{
  g_autoptr(GListModel) roles = fb_store_list_roles (store, incident);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(FbRole) role = g_list_model_get_item (roles, i);

      if (g_str_equal (fb_role_get_role (role), "commander"))
        n++;
    }

  return n;
}

static char *
commander_of (FbStore    *store,
              const char *incident)
{
  g_autoptr(FbRole) role = fb_store_get_role (store, incident, "commander");

  return role != NULL ? g_strdup (fb_role_get_person (role)) : NULL;
}

static void
test_handover (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *commander = NULL;
  guint n_handovers = 0;
  guint n_system;

  g_assert_true (fb_store_assign_role (f->store, f->incident, "commander", "Aiko Sato", NULL, &error));
  g_assert_no_error (error);
  n_system = count_entries (f->store, f->incident, FB_ENTRY_SYSTEM);

  f->clock.now_ms += 60000;
  g_assert_true (fb_store_hand_over_command (f->store, f->incident, NULL, "  Kenji Ito ", NULL,
                                             "File server encrypted; isolated",
                                             "Backups being checked",
                                             "Whether to notify the PPC",
                                             T0 + 30 * 60000, &error));
  g_assert_no_error (error);

  commander = commander_of (f->store, f->incident);
  g_assert_cmpstr (commander, ==, "Kenji Ito");
  g_assert_cmpuint (count_commanders (f->store, f->incident), ==, 1);

  /* Logged, never silent: one system entry carrying the briefing and the time. */
  g_assert_cmpuint (count_entries (f->store, f->incident, FB_ENTRY_SYSTEM), ==, n_system + 1);
  entry = newest_entry (f->store, f->incident, FB_ENTRY_SYSTEM);
  object = parse_data (entry);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "handover");
  g_assert_cmpstr (json_object_get_string_member (object, "from"), ==, "Aiko Sato");
  g_assert_cmpstr (json_object_get_string_member (object, "to"), ==, "Kenji Ito");
  g_assert_cmpstr (json_object_get_string_member (object, "situation"), ==, "File server encrypted; isolated");
  g_assert_cmpstr (json_object_get_string_member (object, "open_items"), ==, "Backups being checked");
  g_assert_cmpstr (json_object_get_string_member (object, "pending_decisions"), ==, "Whether to notify the PPC");
  g_assert_cmpint (json_object_get_int_member (object, "next_update_at"), ==, T0 + 30 * 60000);
  g_assert_cmpint (fb_entry_get_occurred_at (entry), >=, T0 + 60000);
  g_assert_cmpstr (fb_entry_get_author (entry), ==, "Scribe");
  g_assert_nonnull (strstr (fb_entry_get_text (entry), "Kenji Ito"));

  /* One op, one transaction. */
  ops = fb_store_get_ops (f->store, f->incident, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ops->len; i++)
    if (((FbOp *) g_ptr_array_index (ops, i))->kind == FB_OP_KIND_ROLE_HANDOVER)
      n_handovers++;
  g_assert_cmpuint (n_handovers, ==, 1);

  /* Handing over to the one who already commands, or to nobody, is refused. */
  g_assert_false (fb_store_hand_over_command (f->store, f->incident, NULL, "kenji ito", NULL,
                                              NULL, NULL, NULL, 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fb_store_hand_over_command (f->store, f->incident, NULL, "  ", NULL,
                                              NULL, NULL, NULL, 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fb_store_hand_over_command (f->store, "00000000-0000-4000-8000-000000000000", NULL,
                                              "Yuki", NULL, NULL, NULL, NULL, 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (count_entries (f->store, f->incident, FB_ENTRY_SYSTEM), ==, n_system + 1);
}

static void
test_handover_first_commander (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *commander = NULL;

  g_assert_true (fb_store_hand_over_command (f->store, f->incident, NULL, "Aiko", NULL,
                                             NULL, NULL, NULL, 0, &error));
  g_assert_no_error (error);
  commander = commander_of (f->store, f->incident);
  g_assert_cmpstr (commander, ==, "Aiko");

  entry = newest_entry (f->store, f->incident, FB_ENTRY_SYSTEM);
  object = parse_data (entry);
  g_assert_cmpstr (json_object_get_string_member (object, "from"), ==, "");
  g_assert_false (json_object_has_member (object, "next_update_at"));
}

/* Two war-room machines name a commander at the same moment: after they
 * exchange their changes, both show the same single commander. */
static void
test_single_commander_concurrent (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  FbTestClock clock_a = { T0 }, clock_b = { T0 };
  g_autoptr(GError) error = NULL;
  FbStore *a = open_store (dir, "a.db", &clock_a, "Aiko");
  FbStore *b = open_store (dir, "b.db", &clock_b, "Kenji");
  g_autofree char *incident = NULL;

  incident = fb_store_create_incident (a, "DoS on the web shop", "dos", 2, T0, 60, FALSE, &error);
  g_assert_no_error (error);
  fb_test_store_pass_ops (a, b);

  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *on_a = NULL;
      g_autofree char *on_b = NULL;

      clock_a.now_ms += 1000;
      clock_b.now_ms += 1000;
      if (round == 0)
        {
          g_assert_true (fb_store_assign_role (a, incident, "commander", "Aiko", NULL, &error));
          g_assert_true (fb_store_assign_role (b, incident, "commander", "Kenji", NULL, &error));
        }
      else
        {
          /* A handover on one machine against an assignment on the other. */
          g_assert_true (fb_store_hand_over_command (a, incident, NULL, "Yuki", NULL,
                                                     "Web shop down", NULL, NULL, 0, &error));
          g_assert_true (fb_store_assign_role (b, incident, "commander", "Hana", NULL, &error));
        }
      g_assert_no_error (error);

      fb_test_store_pass_ops (a, b);
      fb_test_store_pass_ops (b, a);

      g_assert_cmpuint (count_commanders (a, incident), ==, 1);
      g_assert_cmpuint (count_commanders (b, incident), ==, 1);
      on_a = commander_of (a, incident);
      on_b = commander_of (b, incident);
      g_assert_nonnull (on_a);
      g_assert_cmpstr (on_a, ==, on_b);
    }

  /* Both changes stay on the record, whoever won. */
  g_assert_cmpuint (count_entries (a, incident, FB_ENTRY_SYSTEM), ==,
                    count_entries (b, incident, FB_ENTRY_SYSTEM));
  g_assert_cmpuint (count_entries (a, incident, FB_ENTRY_SYSTEM), >=, 4);

  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
}

static void
set_worker (Fixture    *f,
            const char *id,
            const char *person,
            const char *status,
            const char *task,
            const char *contact,
            char      **out_id)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *new_id;

  if (person != NULL)
    json_object_set_string_member (fields, "person", person);
  if (status != NULL)
    json_object_set_string_member (fields, "status", status);
  if (task != NULL)
    json_object_set_string_member (fields, "task", task);
  if (contact != NULL)
    json_object_set_string_member (fields, "contact", contact);

  new_id = fb_store_set_worker (f->store, f->incident, id, fields, &error);
  g_assert_no_error (error);
  if (out_id != NULL)
    *out_id = new_id;
  else
    g_free (new_id);
}

static FbCommandWarnings
warnings_of (Fixture *f)
{
  g_autoptr(GListModel) roles = fb_store_list_roles (f->store, f->incident);
  g_autoptr(GListModel) workers = fb_store_list_workers (f->store, f->incident);

  return fb_incident_summary_command_warnings (roles, workers, NULL);
}

static void
test_warnings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) roles = NULL;
  g_autoptr(GListModel) workers = NULL;
  g_autoptr(FbWorker) culprit = NULL;
  g_autofree char *worker_id = NULL;
  g_autofree char *contact = NULL;

  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_NO_COMMANDER);

  /* Workers without a commander still leave the role vacant. */
  set_worker (f, NULL, "Kenji", "investigating", "Read firewall logs", NULL, NULL);
  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_NO_COMMANDER);

  g_assert_true (fb_store_assign_role (f->store, f->incident, "commander", "Aiko Sato", NULL, &error));
  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_NONE);

  /* The same person, typed differently, takes a task. */
  set_worker (f, NULL, " aiko sato", "containing", "Pull the cable", NULL, &worker_id);
  roles = fb_store_list_roles (f->store, f->incident);
  workers = fb_store_list_workers (f->store, f->incident);
  g_assert_cmpint (fb_incident_summary_command_warnings (roles, workers, &culprit), ==,
                   FB_COMMAND_WARNING_COMMANDER_WORKS);
  g_assert_nonnull (culprit);
  g_assert_cmpstr (fb_worker_get_task (culprit), ==, "Pull the cable");

  /* Off shift, or on standby with nothing to do, is no work. */
  set_worker (f, worker_id, NULL, "off-shift", NULL, NULL, NULL);
  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_NONE);
  set_worker (f, worker_id, NULL, "standby", "", NULL, NULL);
  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_NONE);
  set_worker (f, worker_id, NULL, "standby", "Write the report", NULL, NULL);
  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_COMMANDER_WORKS);

  /* A handover to someone else clears it. */
  g_assert_true (fb_store_hand_over_command (f->store, f->incident, NULL, "Yuki", NULL,
                                             NULL, NULL, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_NONE);

  /* The same contact under another spelling of the name is the same person. */
  {
    g_autoptr(JsonObject) fields = json_object_new ();

    json_object_set_string_member (fields, "name", "Yuki Tanaka");
    contact = fb_store_set_contact (f->store, NULL, fields, &error);
    g_assert_no_error (error);
  }
  g_assert_true (fb_store_assign_role (f->store, f->incident, "commander", "Yuki Tanaka", contact, &error));
  set_worker (f, NULL, "Y. Tanaka", "reporting", "", contact, NULL);
  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_COMMANDER_WORKS);

  g_assert_true (fb_store_assign_role (f->store, f->incident, "commander", "", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_NO_COMMANDER);
}

/* Someone put on the list by mistake, or gone home for good, is taken off
 * it; the record keeps that they were on it and says when they left. */
static void
test_remove_worker (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) workers = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(FbWorker) left = NULL;
  g_autoptr(FbVerification) check = NULL;
  g_autofree char *kenji = NULL;
  g_autofree char *text = NULL;

  g_assert_true (fb_store_assign_role (f->store, f->incident, "commander", "Aiko Sato", NULL, &error));
  set_worker (f, NULL, "Aiko Sato", "containing", "Pull the cable", NULL, NULL);
  set_worker (f, NULL, "Kenji Ito", "investigating", "Read firewall logs", NULL, &kenji);
  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_COMMANDER_WORKS);

  f->clock.now_ms += 1000;
  g_assert_true (fb_store_remove_worker (f->store, f->incident, kenji, &error));
  g_assert_no_error (error);

  workers = fb_store_list_workers (f->store, f->incident);
  g_assert_cmpuint (g_list_model_get_n_items (workers), ==, 1);
  left = g_list_model_get_item (workers, 0);
  g_assert_cmpstr (fb_worker_get_person (left), ==, "Aiko Sato");

  entry = newest_entry (f->store, f->incident, FB_ENTRY_SYSTEM);
  text = fb_describe_entry (entry, f->store);
  g_assert_cmpstr (text, ==, "Kenji Ito was taken off the worker list");

  /* Gone is gone: not twice, and a later edit does not bring them back. */
  g_assert_false (fb_store_remove_worker (f->store, f->incident, kenji, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  set_worker (f, kenji, NULL, "containing", NULL, NULL, NULL);
  g_clear_object (&workers);
  workers = fb_store_list_workers (f->store, f->incident);
  g_assert_cmpuint (g_list_model_get_n_items (workers), ==, 1);

  /* Taking the commander's own task off the board clears the warning. */
  {
    g_autoptr(FbWorker) aiko = g_list_model_get_item (workers, 0);

    g_assert_true (fb_store_remove_worker (f->store, f->incident, fb_worker_get_id (aiko), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (warnings_of (f), ==, FB_COMMAND_WARNING_NONE);

  check = fb_store_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (check->problem);
}

/* An edit on one workstation and the removal on another: removed on both,
 * whatever order the changes arrive in. */
static void
test_remove_worker_concurrent (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  FbTestClock clock_a = { T0 }, clock_b = { T0 };
  g_autoptr(GError) error = NULL;
  FbStore *a = open_store (dir, "a.db", &clock_a, "Aiko");
  FbStore *b = open_store (dir, "b.db", &clock_b, "Kenji");
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) later = json_object_new ();
  g_autofree char *incident = NULL;
  g_autofree char *worker = NULL;

  incident = fb_store_create_incident (a, "DoS on the web shop", "dos", 2, T0, 60, FALSE, &error);
  json_object_set_string_member (fields, "person", "Hana Mori");
  worker = fb_store_set_worker (a, incident, NULL, fields, &error);
  g_assert_no_error (error);
  fb_test_store_pass_ops (a, b);

  clock_a.now_ms += 1000;
  clock_b.now_ms += 2000;
  g_assert_true (fb_store_remove_worker (a, incident, worker, &error));
  json_object_set_string_member (later, "task", "Call the ISP");
  g_free (fb_store_set_worker (b, incident, worker, later, &error));
  g_assert_no_error (error);
  fb_test_store_pass_ops (a, b);
  fb_test_store_pass_ops (b, a);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GListModel) workers = fb_store_list_workers (i == 0 ? a : b, incident);
      g_assert_cmpuint (g_list_model_get_n_items (workers), ==, 0);
    }

  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
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
set_item (Fixture    *f,
          const char *id,
          const char *state,
          gint64      due_at,
          const char *note)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;

  if (state != NULL)
    json_object_set_string_member (fields, "state", state);
  if (due_at > 0)
    json_object_set_int_member (fields, "due_at", due_at);
  if (note != NULL)
    json_object_set_string_member (fields, "note", note);
  g_assert_true (fb_store_set_checklist_item (f->store, id, fields, &error));
  g_assert_no_error (error);
}

static void
test_progress_and_deadlines (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *a = add_item (f, FB_SECTION_FACT_FINDING, "Collect logs", 0);
  g_autofree char *b = add_item (f, FB_SECTION_FACT_FINDING, "Interview the reporter", 1);
  g_autofree char *c = add_item (f, FB_SECTION_FACT_FINDING, "Check outside sources", 2);
  g_autofree char *d = add_item (f, FB_SECTION_ESCALATION, "Tell the decision-maker", 0);
  g_autofree char *e = add_item (f, FB_SECTION_POST_INCIDENT, "Lessons learned", 0);
  g_autoptr(GListModel) checklist = NULL;
  g_autoptr(GPtrArray) deadlines = NULL;
  FbSectionProgress progress[FB_N_SECTIONS];

  set_item (f, a, "done", 0, NULL);
  set_item (f, b, "skipped", 0, "Reporter on leave");
  set_item (f, c, "doing", T0 + 3600000, NULL);
  set_item (f, d, NULL, T0 + 600000, NULL);
  set_item (f, e, "done", T0 + 60000, NULL);

  checklist = fb_store_list_checklist (f->store, f->incident);
  fb_incident_summary_progress (checklist, progress);

  g_assert_cmpuint (progress[FB_SECTION_FACT_FINDING].total, ==, 3);
  g_assert_cmpuint (progress[FB_SECTION_FACT_FINDING].done, ==, 1);
  g_assert_cmpuint (progress[FB_SECTION_FACT_FINDING].skipped, ==, 1);
  g_assert_cmpuint (progress[FB_SECTION_FACT_FINDING].doing, ==, 1);
  g_assert_cmpuint (fb_section_progress_get_open (&progress[FB_SECTION_FACT_FINDING]), ==, 1);
  g_assert_cmpfloat_with_epsilon (fb_section_progress_get_fraction (&progress[FB_SECTION_FACT_FINDING]),
                                  2.0 / 3.0, 1e-9);
  g_assert_cmpuint (progress[FB_SECTION_ESCALATION].todo, ==, 1);
  g_assert_cmpuint (progress[FB_SECTION_DAMAGE_LIMITATION].total, ==, 0);
  g_assert_cmpfloat (fb_section_progress_get_fraction (&progress[FB_SECTION_DAMAGE_LIMITATION]), ==, 0.0);
  g_assert_cmpfloat (fb_section_progress_get_fraction (&progress[FB_SECTION_POST_INCIDENT]), ==, 1.0);

  /* Open items with a due time, soonest first; finished ones drop out. */
  deadlines = fb_incident_summary_next_deadlines (checklist, 5);
  g_assert_cmpuint (deadlines->len, ==, 2);
  g_assert_cmpstr (fb_checklist_item_get_id (g_ptr_array_index (deadlines, 0)), ==, d);
  g_assert_cmpstr (fb_checklist_item_get_id (g_ptr_array_index (deadlines, 1)), ==, c);
  g_clear_pointer (&deadlines, g_ptr_array_unref);
  deadlines = fb_incident_summary_next_deadlines (checklist, 1);
  g_assert_cmpuint (deadlines->len, ==, 1);
}

/* Finishing or skipping an item logs who and when. */
static void
test_checklist_logging (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *a = add_item (f, FB_SECTION_DAMAGE_LIMITATION, "Block at the firewall", 0);
  g_autoptr(FbChecklistItem) item = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint n_system = count_entries (f->store, f->incident, FB_ENTRY_SYSTEM);

  set_item (f, a, "doing", 0, NULL);
  g_assert_cmpuint (count_entries (f->store, f->incident, FB_ENTRY_SYSTEM), ==, n_system);

  f->clock.now_ms += 5000;
  set_item (f, a, "done", 0, "Blocked 203.0.113.7");
  g_assert_cmpuint (count_entries (f->store, f->incident, FB_ENTRY_SYSTEM), ==, n_system + 1);

  item = fb_store_get_checklist_item (f->store, a);
  g_assert_cmpint (fb_checklist_item_get_state (item), ==, FB_ITEM_DONE);
  g_assert_cmpstr (fb_checklist_item_get_done_by (item), ==, "Scribe");
  g_assert_cmpint (fb_checklist_item_get_done_at (item), >=, T0 + 5000);

  entry = newest_entry (f->store, f->incident, FB_ENTRY_SYSTEM);
  object = parse_data (entry);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "checklist");
  g_assert_cmpstr (json_object_get_string_member (object, "item"), ==, a);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "done");
  g_assert_cmpstr (fb_entry_get_author (entry), ==, "Scribe");
  g_assert_cmpint (fb_entry_get_occurred_at (entry), >=, T0 + 5000);

  /* The timeline names the step; without the store, the note alone. */
  {
    g_autofree char *named = fb_describe_entry (entry, f->store);
    g_autofree char *bare = fb_describe_entry (entry, NULL);

    g_assert_cmpstr (named, ==, "Checklist item “Block at the firewall” done: Blocked 203.0.113.7");
    g_assert_cmpstr (bare, ==, "Checklist item done: Blocked 203.0.113.7");
  }
}

static char *
add_contact (Fixture    *f,
             const char *name,
             const char *category)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "category", category);
  id = fb_store_set_contact (f->store, NULL, fields, &error);
  g_assert_no_error (error);
  return id;
}

static GPtrArray *
untold (Fixture *f)
{
  g_autoptr(GListModel) contacts = fb_store_list_contacts (f->store, NULL);
  g_autoptr(GListModel) logs = fb_store_list_contact_logs (f->store, f->incident);

  return fb_incident_summary_untold_contacts (contacts, logs);
}

static gboolean
holds_contact (GPtrArray  *contacts,
               const char *id)
{
  for (guint i = 0; i < contacts->len; i++)
    if (g_str_equal (fb_contact_get_id (g_ptr_array_index (contacts, i)), id))
      return TRUE;
  return FALSE;
}

static void
test_log_contact (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *ceo = add_contact (f, "Emi Mori", "management");
  g_autofree char *police = add_contact (f, "Cyber-crime desk", "authority");
  g_autofree char *lawyer = add_contact (f, "Goro Abe", "legal");
  g_autofree char *vendor = add_contact (f, "Backup vendor", "vendor");
  g_autoptr(GPtrArray) before = untold (f);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *id = NULL;
  g_autofree char *by_name = NULL;

  g_assert_cmpuint (before->len, ==, 3);
  g_assert_false (holds_contact (before, vendor));

  f->clock.now_ms += 1000;
  id = fb_store_log_contact (f->store, f->incident, ceo, NULL, FB_CHANNEL_PHONE,
                             FB_PURPOSE_REQUEST_DECISION, "May we stop the web shop?",
                             "Yes, stop it until noon", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  entry = fb_store_get_entry (f->store, id);
  g_assert_cmpint (fb_entry_get_kind (entry), ==, FB_ENTRY_ESCALATION);
  g_assert_cmpint (fb_entry_get_occurred_at (entry), ==, T0 + 1000);
  g_assert_cmpstr (fb_entry_get_text (entry), ==, "Emi Mori (Phone): May we stop the web shop? — Yes, stop it until noon");
  object = parse_data (entry);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "contact-logged");
  g_assert_cmpstr (json_object_get_string_member (object, "contact"), ==, ceo);
  g_assert_cmpstr (json_object_get_string_member (object, "who"), ==, "Emi Mori");
  g_assert_cmpstr (json_object_get_string_member (object, "channel"), ==, "phone");
  g_assert_cmpstr (json_object_get_string_member (object, "purpose"), ==, "request-decision");
  g_assert_cmpstr (json_object_get_string_member (object, "asked"), ==, "May we stop the web shop?");
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "Yes, stop it until noon");

  after = untold (f);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_false (holds_contact (after, ceo));
  g_assert_true (holds_contact (after, police));

  /* Logged by hand, by name only: still counts as told. */
  by_name = fb_store_log_contact (f->store, f->incident, NULL, "goro abe", FB_CHANNEL_EMAIL,
                                  FB_PURPOSE_SHARE_FACTS, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  later = untold (f);
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_false (holds_contact (later, lawyer));

  /* Refusals change nothing. */
  g_assert_null (fb_store_log_contact (f->store, f->incident, NULL, " ", FB_CHANNEL_EMAIL,
                                       FB_PURPOSE_SHARE_FACTS, NULL, NULL, 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fb_store_log_contact (f->store, f->incident, NULL, "Someone", "pigeon",
                                       FB_PURPOSE_SHARE_FACTS, NULL, NULL, 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fb_store_log_contact (f->store, f->incident, "00000000-0000-4000-8000-000000000000",
                                       NULL, FB_CHANNEL_EMAIL, FB_PURPOSE_SHARE_FACTS, NULL, NULL, 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (f->store, f->incident, FB_ENTRY_ESCALATION), ==, 2);

  /* An escalation typed in the timeline tells nobody in particular: the
   * contacts logged are the two above, oldest first. */
  g_free (fb_store_add_entry (f->store, f->incident, FB_ENTRY_ESCALATION, "Told the police", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) logs = fb_store_list_contact_logs (f->store, f->incident);
    g_autoptr(FbEntry) first = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (logs), ==, 2);
    first = g_list_model_get_item (logs, 0);
    g_assert_cmpstr (fb_entry_get_id (first), ==, id);
  }
  {
    g_autoptr(GPtrArray) still = untold (f);
    g_assert_cmpuint (still->len, ==, 1);
  }
}

static void
test_decisions (Fixture       *f,
                gconstpointer  data)
{
  const char * const options[] = { "Stop the web shop", " ", "Keep it running", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *pending_id = NULL;
  g_autofree char *made_id = NULL;
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonArray *list;

  pending_id = fb_store_record_decision (f->store, f->incident, "Stop the web shop?", options,
                                         NULL, NULL, FALSE, NULL, 0, &error);
  g_assert_no_error (error);

  entries = fb_store_list_entries_where (f->store, f->incident, 1u << FB_ENTRY_DECISION, FALSE, 0);
  pending = fb_incident_summary_decisions (entries, TRUE);
  made = fb_incident_summary_decisions (entries, FALSE);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpuint (made->len, ==, 0);

  entry = fb_store_get_entry (f->store, pending_id);
  g_assert_cmpstr (fb_entry_get_text (entry), ==, "Stop the web shop? [Stop the web shop / Keep it running]");
  object = parse_data (entry);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "decision");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "pending");
  list = json_object_get_array_member (object, "options");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_clear_object (&entry);
  g_clear_pointer (&object, json_object_unref);

  made_id = fb_store_record_decision (f->store, f->incident, "Stop the web shop?", options,
                                      "Emi Mori", "Stop it until noon", TRUE, pending_id, 0, &error);
  g_assert_no_error (error);

  entry = fb_store_get_entry (f->store, made_id);
  g_assert_cmpstr (fb_entry_get_amends (entry), ==, pending_id);
  g_assert_cmpstr (fb_entry_get_text (entry), ==, "Stop the web shop? → Stop it until noon (Emi Mori)");
  object = parse_data (entry);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "made");
  g_assert_cmpstr (json_object_get_string_member (object, "decided_by"), ==, "Emi Mori");
  g_assert_cmpstr (json_object_get_string_member (object, "decision"), ==, "Stop it until noon");

  g_clear_object (&entries);
  g_clear_pointer (&pending, g_ptr_array_unref);
  g_clear_pointer (&made, g_ptr_array_unref);
  entries = fb_store_list_entries_where (f->store, f->incident, 1u << FB_ENTRY_DECISION, FALSE, 0);
  pending = fb_incident_summary_decisions (entries, TRUE);
  made = fb_incident_summary_decisions (entries, FALSE);
  g_assert_cmpuint (pending->len, ==, 0);
  g_assert_cmpuint (made->len, ==, 1);
  g_assert_cmpstr (fb_entry_get_id (g_ptr_array_index (made, 0)), ==, made_id);

  /* A decision needs a question, and a made one its answer. */
  g_assert_null (fb_store_record_decision (f->store, f->incident, "", NULL, NULL, NULL, FALSE,
                                           NULL, 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fb_store_record_decision (f->store, f->incident, "Pay?", NULL, "Board", " ", TRUE,
                                           NULL, 0, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
}

static void
test_channel_names (void)
{
  const char * const *channels = fb_channel_get_all ();
  const char * const *purposes = fb_purpose_get_all ();

  g_assert_cmpuint (g_strv_length ((GStrv) channels), ==, 5);
  g_assert_cmpstr (channels[3], ==, "in-person");
  g_assert_cmpuint (g_strv_length ((GStrv) purposes), ==, 3);
  g_assert_true (fb_purpose_is_valid ("both"));
  g_assert_false (fb_channel_is_valid (NULL));
  g_assert_true (fb_person_equal ("Aiko  ", "AIKO"));
  g_assert_false (fb_person_equal ("", ""));
  g_assert_true (fb_contact_category_should_be_told (FB_CONTACT_AUTHORITY));
  g_assert_false (fb_contact_category_should_be_told (FB_CONTACT_VENDOR));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ((path), Fixture, NULL, fixture_set_up, (fn), fixture_tear_down)
  ADD ("/board/handover", test_handover);
  ADD ("/board/handover/first-commander", test_handover_first_commander);
  g_test_add_func ("/board/single-commander/concurrent", test_single_commander_concurrent);
  ADD ("/board/warnings", test_warnings);
  ADD ("/board/workers/remove", test_remove_worker);
  g_test_add_func ("/board/workers/remove/concurrent", test_remove_worker_concurrent);
  ADD ("/board/checklist/progress", test_progress_and_deadlines);
  ADD ("/board/checklist/logging", test_checklist_logging);
  ADD ("/board/contacts/log", test_log_contact);
  ADD ("/board/decisions", test_decisions);
  g_test_add_func ("/board/names", test_channel_names);
#undef ADD

  return g_test_run ();
}
