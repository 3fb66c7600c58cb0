/* test-restriction.c — incident.restrict in the store: checked, applied,
 * described, converged and verified
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-describe.h"
#include "fb-test-util.h"

static FbStore *
open_store (FbTestDir  *dir,
            const char *name)
{
  g_autofree char *path = fb_test_dir_file (dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  fb_store_set_author (store, "Aiko Tanaka");

  return store;
}

static char *
create_incident (FbStore *store)
{
  g_autoptr(GError) error = NULL;
  char *id = fb_store_create_incident (store, "Insider case", "insider", 1, 1764000000000, 60, FALSE, &error);

  g_assert_no_error (error);
  return id;
}

static void
on_changed_cb (FbStore       *store,
               FbChangeFlags  flags,
               const char    *incident,
               guint         *count)
{
  (*count)++;
}

static void
assert_verifies (FbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) check = fb_store_verify (store, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (check->problem);
}

/* The op's body: names of a server's users and groups, nothing else. */
static void
test_restriction_validate (void)
{
  const char *bodies[] = {
    "{\"restricted\":true,\"users\":[\"a b\"],\"groups\":[],\"visible\":false}",
    "{\"restricted\":true,\"users\":[\"\"],\"groups\":[],\"visible\":false}",
    "{\"restricted\":true,\"users\":[1],\"groups\":[],\"visible\":false}",
    "{\"restricted\":true,\"users\":\"cmdr\",\"groups\":[],\"visible\":false}",
    "{\"restricted\":true,\"users\":[\"cmdr\"],\"visible\":false}",
    "{\"restricted\":\"yes\",\"users\":[\"cmdr\"],\"groups\":[],\"visible\":false}",
    "{\"restricted\":true,\"users\":[\"cmdr\"],\"groups\":[],\"visible\":false,\"title\":\"x\"}",
  };
  g_autofree char *incident = fb_uuid_new ();

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (bodies[i], &error);
      g_autoptr(FbOp) op = NULL;

      g_assert_no_error (error);
      op = fb_op_new (FB_OP_KIND_INCIDENT_RESTRICT, incident, incident, json_object_ref (json_node_get_object (node)));
      op->id = fb_uuid_new ();
      op->device = fb_uuid_new ();
      op->device_seq = 1;
      op->prev = g_strdup ("");
      op->hlc = g_strdup ("0001764000000000-000000");
      op->author = g_strdup ("Aiko");
      g_assert_false (fb_op_validate (op, &error));
      g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
    }

  g_assert_true (fb_account_name_is_valid ("hr-team.tokyo@example"));
  g_assert_false (fb_account_name_is_valid ("hr team"));
  g_assert_false (fb_account_name_is_valid (""));
}

static void
test_restriction_apply (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "a.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = create_incident (store);
  g_autoptr(FbRestriction) wanted = fb_restriction_new (TRUE, (const char *[]) { "cmdr", "alice", "cmdr", NULL },
                                                        (const char *[]) { "hr-team", NULL }, TRUE);
  g_autoptr(FbRestriction) none = fb_restriction_new (TRUE, NULL, NULL, FALSE);
  g_autoptr(FbRestriction) held = NULL;
  g_autoptr(FbRestriction) lifted = NULL;
  g_autoptr(GListModel) system = NULL;
  g_autofree char *missing = fb_uuid_new ();

  g_assert_null (fb_store_get_restriction (store, id));

  /* Refused, and nothing recorded. */
  g_assert_false (fb_store_restrict_incident (store, id, none, NULL, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fb_store_restrict_incident (store, id, wanted, "bob", (const char *[]) { "it", NULL }, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fb_store_restrict_incident (store, missing, wanted, NULL, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (fb_store_get_restriction (store, id));

  /* Lifting what was never restricted records nothing. */
  {
    g_autoptr(FbRestriction) open_already = fb_restriction_new (FALSE, NULL, NULL, FALSE);

    g_assert_true (fb_store_restrict_incident (store, id, open_already, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_null (fb_store_get_restriction (store, id));
  }

  /* Through a group of one's own is enough; the same again records
   * nothing more. */
  g_assert_true (fb_store_restrict_incident (store, id, wanted, "bob", (const char *[]) { "hr-team", NULL }, &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_restrict_incident (store, id, wanted, "bob", (const char *[]) { "hr-team", NULL }, &error));
  g_assert_no_error (error);
  held = fb_store_get_restriction (store, id);
  g_assert_true (held->restricted);
  g_assert_true (held->visible);
  g_assert_cmpstrv (held->users, ((const char *[]) { "alice", "cmdr", NULL }));
  g_assert_cmpstrv (held->groups, ((const char *[]) { "hr-team", NULL }));
  g_assert_true (fb_restriction_allows (held, "alice", NULL));
  g_assert_true (fb_restriction_allows (held, "bob", (const char *[]) { "hr-team", NULL }));
  g_assert_false (fb_restriction_allows (held, "bob", (const char *[]) { "it", NULL }));

  {
    g_autoptr(FbRestriction) lift = fb_restriction_new (FALSE, NULL, NULL, FALSE);

    g_assert_true (fb_store_restrict_incident (store, id, lift, "bob", NULL, &error));
    g_assert_no_error (error);
  }
  lifted = fb_store_get_restriction (store, id);
  g_assert_false (lifted->restricted);
  g_assert_true (fb_restriction_allows (lifted, "anyone", NULL));

  /* Each change leaves a system entry, described from its data. */
  system = fb_store_list_entries_where (store, id, 1u << FB_ENTRY_SYSTEM, FALSE, 0);
  g_assert_cmpuint (g_list_model_get_n_items (system), ==, 2);
  {
    g_autoptr(FbEntry) first = g_list_model_get_item (system, 0);
    g_autoptr(FbEntry) second = g_list_model_get_item (system, 1);
    g_autofree char *shown = fb_describe_system_text (fb_entry_get_text (first), fb_entry_get_data (first), NULL);
    g_autofree char *shown_lift = fb_describe_system_text (fb_entry_get_text (second), fb_entry_get_data (second), NULL);

    g_assert_nonnull (strstr (fb_entry_get_text (first), "alice, cmdr"));
    g_assert_cmpstr (shown, ==, "Restricted: only alice, cmdr and the groups hr-team may see this incident");
    g_assert_nonnull (strstr (shown_lift, "lifted"));
  }

  assert_verifies (store);
}

/* Two restrictions made apart: every store keeps the later one, whatever
 * order they arrive in. */
static void
test_restriction_converge (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) a = open_store (dir, "a.db");
  g_autoptr(FbStore) b = open_store (dir, "b.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = create_incident (a);
  g_autoptr(FbRestriction) first = fb_restriction_new (TRUE, (const char *[]) { "cmdr", NULL }, NULL, FALSE);
  g_autoptr(FbRestriction) second = fb_restriction_new (TRUE, (const char *[]) { "cmdr", NULL },
                                                        (const char *[]) { "legal", NULL }, TRUE);
  g_autoptr(GPtrArray) from_a = NULL;
  g_autoptr(GPtrArray) from_b = NULL;
  g_autoptr(FbRestriction) in_a = NULL;
  g_autoptr(FbRestriction) in_b = NULL;

  /* Only here, until another store holds it from here. */
  g_assert_false (fb_store_incident_left_here (a, id));
  from_a = fb_store_get_ops (a, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_apply (b, from_a, NULL, 0, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&from_a, g_ptr_array_unref);
  g_assert_true (fb_store_incident_left_here (b, id));

  g_assert_true (fb_store_restrict_incident (a, id, first, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_restrict_incident (b, id, second, NULL, NULL, &error));
  g_assert_no_error (error);

  from_a = fb_store_get_ops (a, NULL, &error);
  from_b = fb_store_get_ops (b, NULL, &error);
  g_assert_true (fb_store_apply (b, from_a, NULL, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_apply (a, from_b, NULL, 0, NULL, &error));
  g_assert_no_error (error);

  in_a = fb_store_get_restriction (a, id);
  in_b = fb_store_get_restriction (b, id);
  g_assert_cmpstrv (in_a->groups, in_b->groups);
  g_assert_cmpstrv (in_a->groups, ((const char *[]) { "legal", NULL }));
  g_assert_true (in_a->visible && in_b->visible);
  assert_verifies (a);
  assert_verifies (b);
}

/* What the server says of incidents withheld from this workstation is
 * kept outside the op log, ids only. */
static void
test_restriction_hidden (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "a.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *one = fb_uuid_new ();
  g_auto(GStrv) held = NULL;
  g_auto(GStrv) cleared = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) groups = NULL;
  guint changes = 0;

  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &changes);
  g_assert_true (fb_store_set_hidden_incidents (store, (const char *[]) { one, "not an id", NULL }, &error));
  g_assert_no_error (error);
  held = fb_store_get_hidden_incidents (store);
  g_assert_cmpstrv (held, ((const char *[]) { one, NULL }));
  g_assert_cmpuint (changes, ==, 1);

  /* The same again announces nothing. */
  g_assert_true (fb_store_set_hidden_incidents (store, (const char *[]) { one, "not an id", NULL }, &error));
  g_assert_cmpuint (changes, ==, 1);

  g_assert_true (fb_store_set_hidden_incidents (store, NULL, &error));
  cleared = fb_store_get_hidden_incidents (store);
  g_assert_cmpstrv (cleared, ((const char *[]) { NULL }));
  g_assert_cmpuint (changes, ==, 2);

  g_assert_null (fb_store_get_sync_user (store, NULL));
  g_assert_true (fb_store_set_sync_user (store, "cmdr", (const char *[]) { "hr-team", NULL }, &error));
  user = fb_store_get_sync_user (store, &groups);
  g_assert_cmpstr (user, ==, "cmdr");
  g_assert_cmpstrv (groups, ((const char *[]) { "hr-team", NULL }));
  assert_verifies (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/restriction/validate", test_restriction_validate);
  g_test_add_func ("/restriction/apply", test_restriction_apply);
  g_test_add_func ("/restriction/converge", test_restriction_converge);
  g_test_add_func ("/restriction/hidden", test_restriction_hidden);

  return g_test_run ();
}
