/* test-converge.c — stores that see the same ops, in any order, agree
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-test-util.h"

#define T0 G_GINT64_CONSTANT (1764000000000)

typedef struct
{
  FbTestDir   *dir;
  FbTestClock  clocks[3];
  FbStore     *stores[3];
} Room;

static FbStore *
open_with_clock (Room        *room,
                 const char  *name,
                 FbTestClock *clock,
                 const char  *author)
{
  g_autofree char *path = fb_test_dir_file (room->dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store;

  store = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, clock, &error);
  g_assert_no_error (error);
  fb_store_set_author (store, author);

  return store;
}

static void
room_init (Room *room)
{
  const char *names[] = { "aiko.db", "kenji.db", "yuki.db" };
  const char *authors[] = { "Aiko", "Kenji", "Yuki" };

  room->dir = fb_test_dir_new ();
  for (guint i = 0; i < 3; i++)
    {
      room->clocks[i].now_ms = T0;
      room->stores[i] = open_with_clock (room, names[i], &room->clocks[i], authors[i]);
    }
}

static void
room_clear (Room *room)
{
  for (guint i = 0; i < 3; i++)
    g_assert_finalize_object (room->stores[i]);
  fb_test_dir_free (room->dir);
}

static void
tick (Room  *room,
      gint64 ms)
{
  for (guint i = 0; i < 3; i++)
    room->clocks[i].now_ms += ms;
}

static GPtrArray *
all_ops (FbStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *ops = fb_store_get_ops (store, NULL, &error);

  g_assert_no_error (error);
  return ops;
}

static void
deliver_full (FbStore     *from,
              FbStore     *to,
              FbApplyFlags flags)
{
  g_autoptr(GPtrArray) ops = all_ops (from);
  g_autoptr(GError) error = NULL;

  fb_store_apply (to, ops, NULL, flags, NULL, &error);
  g_assert_no_error (error);
}

static void
deliver (FbStore *from,
         FbStore *to)
{
  deliver_full (from, to, FB_APPLY_DEFAULT);
}

/* Everything the views can read, in one string. */
static char *
dump (FbStore *store)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GListModel) incidents = fb_store_list_incidents (store, TRUE);
  g_autoptr(GListModel) contacts = fb_store_list_contacts (store, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (incidents); i++)
    {
      g_autoptr(FbIncident) incident = g_list_model_get_item (incidents, i);
      const char *id = fb_incident_get_id (incident);
      g_autoptr(FbEntryList) entries = fb_entry_list_new (store, id);
      g_autoptr(GListModel) roles = fb_store_list_roles (store, id);
      g_autoptr(GListModel) items = fb_store_list_checklist (store, id);
      g_autoptr(GListModel) workers = fb_store_list_workers (store, id);

      g_string_append_printf (out, "incident %s|%s|%d|%d|%d|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "\n",
                              id, fb_incident_get_title (incident), fb_incident_get_severity (incident),
                              fb_incident_get_status (incident), fb_incident_get_phase (incident),
                              fb_incident_get_detected_at (incident), fb_incident_get_contained_at (incident));

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (entries)); j++)
        {
          g_autoptr(FbEntry) e = g_list_model_get_item (G_LIST_MODEL (entries), j);
          g_string_append_printf (out, "  entry %s|%d|%s|%s|%d|%s|%s\n",
                                  fb_entry_get_id (e), fb_entry_get_kind (e), fb_entry_get_author (e),
                                  fb_entry_get_text (e), fb_entry_get_pinned (e),
                                  fb_entry_get_amends (e) ? fb_entry_get_amends (e) : "-",
                                  fb_entry_get_amended_by (e) ? fb_entry_get_amended_by (e) : "-");
        }

      for (guint j = 0; j < g_list_model_get_n_items (roles); j++)
        {
          g_autoptr(FbRole) r = g_list_model_get_item (roles, j);
          g_string_append_printf (out, "  role %s|%s\n", fb_role_get_role (r), fb_role_get_person (r));
        }

      for (guint j = 0; j < g_list_model_get_n_items (items); j++)
        {
          g_autoptr(FbChecklistItem) c = g_list_model_get_item (items, j);
          g_string_append_printf (out, "  item %s|%s|%d|%s|%" G_GINT64_FORMAT "\n",
                                  fb_checklist_item_get_id (c), fb_checklist_item_get_text (c),
                                  fb_checklist_item_get_state (c), fb_checklist_item_get_done_by (c),
                                  fb_checklist_item_get_done_at (c));
        }

      for (guint j = 0; j < g_list_model_get_n_items (workers); j++)
        {
          g_autoptr(FbWorker) w = g_list_model_get_item (workers, j);
          g_string_append_printf (out, "  worker %s|%s|%d|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s\n",
                                  fb_worker_get_id (w), fb_worker_get_person (w), fb_worker_get_status (w),
                                  fb_worker_get_task (w), fb_worker_get_on_duty_since (w),
                                  fb_worker_get_off_at (w), fb_worker_get_pair (w));
        }

      {
        g_autoptr(GListModel) handovers = fb_store_list_handovers (store, id);
        g_autoptr(GListModel) periods = fb_store_list_periods (store, id);

        for (guint j = 0; j < g_list_model_get_n_items (handovers); j++)
          {
            g_autoptr(FbHandover) h = g_list_model_get_item (handovers, j);
            g_string_append_printf (out, "  handover %s|%s|%s|%d|%s|%" G_GINT64_FORMAT "|%s\n",
                                    fb_handover_get_id (h), fb_handover_get_outgoing (h),
                                    fb_handover_get_incoming (h), fb_handover_get_state (h),
                                    fb_handover_get_closed_by (h), fb_handover_get_closed_at (h),
                                    fb_handover_get_briefing (h)->situation);
          }
        for (guint j = 0; j < g_list_model_get_n_items (periods); j++)
          {
            g_autoptr(FbPeriod) p = g_list_model_get_item (periods, j);
            g_string_append_printf (out, "  period %s|%d|%" G_GINT64_FORMAT "|%s\n", fb_period_get_id (p),
                                    fb_period_get_number (p), fb_period_get_started_at (p),
                                    fb_period_get_briefing (p)->objectives);
          }
      }
    }

  for (guint i = 0; i < g_list_model_get_n_items (contacts); i++)
    {
      g_autoptr(FbContact) c = g_list_model_get_item (contacts, i);
      g_string_append_printf (out, "contact %s|%s|%s\n", fb_contact_get_id (c),
                              fb_contact_get_name (c), fb_contact_get_phone (c));
    }

  return g_string_free (out, FALSE);
}

static void
set_field (FbStore    *store,
           const char *incident,
           const char *name,
           const char *value)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (fields, name, value);
  g_assert_true (fb_store_update_incident (store, incident, fields, &error));
  g_assert_no_error (error);
}

static void
shuffle (GPtrArray *ops,
         GRand     *rand)
{
  for (guint i = ops->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer tmp = ops->pdata[i - 1];
      ops->pdata[i - 1] = ops->pdata[j];
      ops->pdata[j] = tmp;
    }
}

static void
test_converge_any_order (void)
{
  Room room;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) union_ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autofree char *incident = NULL, *fact = NULL, *item = NULL, *contact = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *handover = NULL;
  FbStore **s;

  room_init (&room);
  s = room.stores;

  incident = fb_store_create_incident (s[0], "Ransomware on file server", "ransomware", 1, T0, 60, FALSE, &error);
  g_assert_no_error (error);
  tick (&room, 1000);
  fact = fb_store_add_entry (s[0], incident, FB_ENTRY_FACT, "Shares encrypted on FS01", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  item = fb_store_add_checklist_item (s[0], incident, FB_SECTION_DAMAGE_LIMITATION, "Unplug FS01", 0, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(FbBriefing) briefing = fb_briefing_new ();

    g_free (briefing->situation);
    briefing->situation = g_strdup ("FS01 encrypted; backups intact");
    handover = fb_store_offer_handover (s[0], incident, "Kenji", NULL, briefing, &error);
    g_assert_no_error (error);
  }
  deliver (s[0], s[1]);
  deliver (s[0], s[2]);

  /* Now all three edit at once, before hearing from each other. */
  g_assert_true (fb_store_withdraw_handover (s[0], incident, handover, &error));
  g_assert_true (fb_store_accept_handover (s[1], incident, handover, &error));
  g_assert_no_error (error);
  {
    g_autoptr(FbBriefing) goals = fb_briefing_new ();

    g_free (goals->objectives);
    goals->objectives = g_strdup ("Contain FS01");
    g_free (fb_store_start_period (s[0], incident, 0, 12 * 60, goals, &error));
    g_free (fb_store_start_period (s[2], incident, 0, 0, NULL, &error));
    g_assert_no_error (error);
  }
  tick (&room, 1000);
  set_field (s[0], incident, "title", "Ransomware: FS01");
  set_field (s[1], incident, "title", "Ransomware on FS01 and FS02");
  set_field (s[2], incident, "phase", "containment");
  g_assert_true (fb_store_assign_role (s[1], incident, "commander", "Kenji", NULL, &error));
  g_assert_true (fb_store_assign_role (s[2], incident, "commander", "Yuki", NULL, &error));
  g_assert_true (fb_store_set_pinned (s[2], fact, TRUE, &error));
  g_free (fb_store_add_entry (s[1], incident, FB_ENTRY_FACT, "Shares encrypted on FS01 and FS02", 0, fact, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) done = json_object_new ();
    g_autoptr(JsonObject) doing = json_object_new ();

    json_object_set_string_member (done, "state", "done");
    json_object_set_string_member (doing, "state", "doing");
    g_assert_true (fb_store_set_checklist_item (s[1], item, done, &error));
    g_assert_true (fb_store_set_checklist_item (s[2], item, doing, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(JsonObject) fields = json_object_new ();
    json_object_set_string_member (fields, "name", "JPCERT/CC");
    contact = fb_store_set_contact (s[0], NULL, fields, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(JsonObject) worker = json_object_new ();
    json_object_set_string_member (worker, "person", "Aiko");
    json_object_set_string_member (worker, "status", "investigating");
    g_free (fb_store_save_worker (s[0], incident, NULL, worker, TRUE, NULL, &error));
    g_assert_no_error (error);
  }

  /* Everyone's ops, in the order of the three logs one after another. */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(GPtrArray) ops = all_ops (s[i]);

        for (guint j = 0; j < ops->len; j++)
          {
            FbOp *op = ops->pdata[j];

            if (g_hash_table_add (seen, g_strdup (op->id)))
              g_ptr_array_add (union_ops, fb_op_copy (op));
          }
      }
  }

  /* The three original stores get everything in log order... */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (fb_store_apply (s[i], union_ops, NULL, FB_APPLY_DEFAULT, NULL, &error));
      g_assert_no_error (error);
    }

  reference = dump (s[0]);
  for (guint i = 1; i < 3; i++)
    {
      g_autofree char *other = dump (s[i]);
      g_assert_cmpstr (reference, ==, other);
    }

  /* ...and fresh stores get it in random orders, one op at a time, some
   * with the amendment before its original and an item's state before the
   * item itself. */
  for (guint round = 0; round < 8; round++)
    {
      g_autofree char *name = g_strdup_printf ("fresh-%u.db", round);
      g_autofree char *path = fb_test_dir_file (room.dir, name);
      g_autoptr(FbStore) fresh = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
      g_autofree char *got = NULL;

      g_assert_no_error (error);
      if (round == 0)
        {
          /* Newest first: every update before what it updates. */
          for (guint j = 0; j < union_ops->len / 2; j++)
            {
              gpointer tmp = union_ops->pdata[j];
              union_ops->pdata[j] = union_ops->pdata[union_ops->len - 1 - j];
              union_ops->pdata[union_ops->len - 1 - j] = tmp;
            }
        }
      else
        shuffle (union_ops, rand);

      for (guint j = 0; j < union_ops->len; j++)
        {
          g_autoptr(GPtrArray) one = g_ptr_array_new ();
          g_ptr_array_add (one, union_ops->pdata[j]);
          g_assert_true (fb_store_apply (fresh, one, NULL, FB_APPLY_TRUST_CLOCKS, NULL, &error));
          g_assert_no_error (error);
        }

      got = dump (fresh);
      g_assert_cmpstr (reference, ==, got);
    }

  /* The concurrent edits resolved the same way everywhere, and to one
   * commander. */
  {
    g_autoptr(FbRole) commander = fb_store_get_role (s[0], incident, "commander");
    g_autoptr(FbIncident) merged = fb_store_get_incident (s[0], incident);

    g_assert_true (g_str_equal (fb_role_get_person (commander), "Kenji") ||
                   g_str_equal (fb_role_get_person (commander), "Yuki"));
    g_assert_cmpint (fb_incident_get_phase (merged), ==, FB_PHASE_CONTAINMENT);
    g_assert_nonnull (strstr (reference, "Shares encrypted on FS01 and FS02"));
  }

  /* The acceptance stands against the withdrawal made at the same time. */
  {
    g_autoptr(FbHandover) accepted = fb_store_get_handover (s[0], handover);

    g_assert_cmpint (fb_handover_get_state (accepted), ==, FB_HANDOVER_ACCEPTED);
    g_assert_nonnull (strstr (reference, "period "));
  }

  room_clear (&room);
}

static void
test_converge_clock_skew (void)
{
  Room room;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ahead_ops = NULL;
  g_autofree char *incident = NULL, *before = NULL, *after = NULL;
  FbStore **s;

  room_init (&room);
  s = room.stores;

  /* Kenji's clock runs ten minutes fast, Yuki's ten minutes slow. */
  room.clocks[1].now_ms += 10 * 60 * 1000;
  room.clocks[2].now_ms -= 10 * 60 * 1000;

  incident = fb_store_create_incident (s[0], "Skewed clocks", NULL, 3, T0, 60, FALSE, &error);
  g_assert_no_error (error);

  /* A store refuses a change from a clock far ahead of its own, and keeps
   * everything it had. */
  deliver (s[0], s[1]);
  set_field (s[1], incident, "title", "From the future");
  ahead_ops = all_ops (s[1]);
  before = dump (s[0]);
  g_assert_false (fb_store_apply (s[0], ahead_ops, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CLOCK_SKEW);
  g_assert_nonnull (strstr (error->message, "minutes ahead"));
  g_clear_error (&error);
  after = dump (s[0]);
  g_assert_cmpstr (before, ==, after);

  /* The slow machine takes ops through a server (which checked them
   * against its own clock), and its later edit still wins: its hybrid
   * clock moved past what it saw. */
  {
    g_autoptr(GPtrArray) ops = all_ops (s[0]);
    g_autoptr(FbIncident) merged = NULL;

    g_assert_true (fb_store_apply (s[2], ops, NULL, FB_APPLY_TRUST_CLOCKS, NULL, &error));
    g_assert_no_error (error);
    tick (&room, 1000);
    set_field (s[0], incident, "title", "Edited first");
    tick (&room, 1000);
    /* Yuki edits after seeing Aiko's first op but before her second. */
    set_field (s[2], incident, "title", "Edited later on the slow machine");
    deliver_full (s[0], s[2], FB_APPLY_TRUST_CLOCKS);
    deliver (s[2], s[0]);

    merged = fb_store_get_incident (s[0], incident);
    /* Aiko's "Edited first" is concurrent with Yuki's edit; Yuki's clock
     * reads ten minutes earlier, so Aiko's wins on both. */
    g_assert_cmpstr (fb_incident_get_title (merged), ==, "Edited first");
    {
      g_autoptr(FbIncident) other = fb_store_get_incident (s[2], incident);
      g_assert_cmpstr (fb_incident_get_title (other), ==, "Edited first");
    }

    /* Once Yuki has seen Aiko's edit, her next edit wins despite her
     * clock. */
    set_field (s[2], incident, "title", "After seeing it");
    deliver (s[2], s[0]);
    g_clear_object (&merged);
    merged = fb_store_get_incident (s[0], incident);
    g_assert_cmpstr (fb_incident_get_title (merged), ==, "After seeing it");
  }

  room_clear (&room);
}

static void
test_converge_fork (void)
{
  Room room;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *incident = NULL;
  FbOp *forged;

  room_init (&room);

  incident = fb_store_create_incident (room.stores[0], "Fork", NULL, 3, T0, 60, FALSE, &error);
  g_assert_no_error (error);
  g_free (fb_store_add_entry (room.stores[0], incident, FB_ENTRY_NOTE, "one", 0, NULL, NULL, &error));
  deliver (room.stores[0], room.stores[1]);

  /* The same device number again, with other contents, properly hashed:
   * a copied database used twice. */
  ops = all_ops (room.stores[0]);
  forged = ops->pdata[1];
  g_free (forged->id);
  forged->id = fb_uuid_new ();
  json_object_set_string_member (forged->body, "text", "two");
  g_free (forged->hash);
  forged->hash = fb_op_compute_hash (forged);

  g_assert_false (fb_store_apply (room.stores[1], ops, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_FORK);
  g_assert_cmpuint (fb_store_count_entries (room.stores[1], incident), ==, 1);

  room_clear (&room);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/converge/any-order", test_converge_any_order);
  g_test_add_func ("/converge/clock-skew", test_converge_clock_skew);
  g_test_add_func ("/converge/fork", test_converge_fork);

  return g_test_run ();
}
