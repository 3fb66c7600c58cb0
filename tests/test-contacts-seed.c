/* test-contacts-seed.c — the example contacts a new database starts with
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-test-util.h"

static FbStore *
open_store (FbTestDir *dir)
{
  g_autofree char *path = fb_test_dir_file (dir, "firebreak.db");
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static guint
count_contacts (FbStore *store)
{
  g_autoptr(GListModel) contacts = fb_store_list_contacts (store, NULL);

  return g_list_model_get_n_items (contacts);
}

static void
test_seed_once (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir);
  g_autoptr(GListModel) contacts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seeded = NULL;
  gboolean police = FALSE, jpcert = FALSE, ppc = FALSE;
  guint n;

  g_assert_true (fb_contacts_seed_examples (store, &error));
  g_assert_no_error (error);

  seeded = fb_store_get_meta (store, FB_CONTACTS_SEEDED_KEY);
  g_assert_nonnull (seeded);

  contacts = fb_store_list_contacts (store, NULL);
  n = g_list_model_get_n_items (contacts);
  g_assert_cmpuint (n, >=, 3);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbContact) contact = g_list_model_get_item (contacts, i);
      const char *notes = fb_contact_get_notes (contact);

      /* Examples to verify, never a number we might have wrong. */
      g_assert_true (fb_contact_get_example (contact));
      g_assert_cmpint (fb_contact_get_category (contact), ==, FB_CONTACT_AUTHORITY);
      g_assert_cmpstr (fb_contact_get_phone (contact), ==, "");
      g_assert_nonnull (strstr (notes, "verify"));
      g_assert_nonnull (strstr (notes, "https://"));

      police |= strstr (notes, "npa.go.jp") != NULL;
      jpcert |= strstr (notes, "jpcert.or.jp") != NULL;
      ppc |= strstr (notes, "ppc.go.jp") != NULL;
    }

  g_assert_true (police);
  g_assert_true (jpcert);
  g_assert_true (ppc);

  /* Again, and again after the user deleted one: nothing comes back. */
  g_assert_true (fb_contacts_seed_examples (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_contacts (store), ==, n);

  {
    g_autoptr(FbContact) first = g_list_model_get_item (contacts, 0);
    g_assert_true (fb_store_delete_contact (store, fb_contact_get_id (first), &error));
    g_assert_no_error (error);
  }
  g_assert_true (fb_contacts_seed_examples (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_contacts (store), ==, n - 1);
}

static void
test_seed_survives_reopen (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(GError) error = NULL;
  guint n;

  {
    g_autoptr(FbStore) store = open_store (dir);
    g_assert_true (fb_contacts_seed_examples (store, &error));
    g_assert_no_error (error);
    n = count_contacts (store);
  }

  {
    g_autoptr(FbStore) store = open_store (dir);
    g_assert_true (fb_contacts_seed_examples (store, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_contacts (store), ==, n);
  }
}

/* A database that already has contacts (imported, or pulled from a sync
 * server) is not given examples, and is marked so it never will be. */
static void
test_seed_skips_existing (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *seeded = NULL;

  json_object_set_string_member (fields, "name", "Aiko (CISO)");
  id = fb_store_set_contact (store, NULL, fields, &error);
  g_assert_no_error (error);

  g_assert_true (fb_contacts_seed_examples (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_contacts (store), ==, 1);

  seeded = fb_store_get_meta (store, FB_CONTACTS_SEEDED_KEY);
  g_assert_nonnull (seeded);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/contacts-seed/once", test_seed_once);
  g_test_add_func ("/contacts-seed/reopen", test_seed_survives_reopen);
  g_test_add_func ("/contacts-seed/existing", test_seed_skips_existing);

  return g_test_run ();
}
