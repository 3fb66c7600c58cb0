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

/* The contact with @name among those listed, or NULL. */
static FbContact *
find_named (GListModel *contacts,
            const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (contacts); i++)
    {
      g_autoptr(FbContact) contact = g_list_model_get_item (contacts, i);

      if (g_str_equal (fb_contact_get_name (contact), name))
        return g_steal_pointer (&contact);
    }
  return NULL;
}

/* Made by a Japanese reader, read by an English one and back: each sees
 * the examples in their own language; an edit stays as typed. */
static void
test_seed_reader_language (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir);
  g_autoptr(GListModel) contacts = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(FbContact) police = NULL;
  g_autoptr(FbContact) ppc = NULL;
  g_autoptr(FbContact) edited = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *police_id = NULL;

  g_setenv ("LANGUAGE", "ja", TRUE);
  g_assert_true (fb_contacts_seed_examples (store, &error));
  g_assert_no_error (error);
  contacts = fb_store_list_contacts (store, NULL);
  police = find_named (contacts, "警察 サイバー犯罪相談窓口");
  g_assert_nonnull (police);
  g_assert_cmpstr (fb_contact_get_organisation (police), ==, "所轄の都道府県警察");
  police_id = g_strdup (fb_contact_get_id (police));
  g_clear_object (&police);
  g_clear_object (&contacts);

  g_setenv ("LANGUAGE", "en", TRUE);
  contacts = fb_store_list_contacts (store, NULL);
  police = find_named (contacts, "Police cyber-crime consultation desk");
  g_assert_nonnull (police);
  g_assert_cmpstr (fb_contact_get_organisation (police), ==, "Your prefectural police");
  g_assert_nonnull (strstr (fb_contact_get_notes (police), "Example to verify"));
  ppc = find_named (contacts, "Personal Information Protection Commission");
  g_assert_nonnull (ppc);
  g_assert_cmpstr (fb_contact_get_title (ppc), ==, "Personal data breach reports");

  /* An English reader finds it by the English words the record lacks. */
  found = fb_store_list_contacts (store, "cyber-crime");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_clear_object (&found);
  found = fb_store_list_contacts (store, "nothing like this");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  g_clear_object (&found);

  /* The English reader renames it; the notes are still the built-in
   * ones, so they keep following the reader. */
  json_object_set_string_member (fields, "name", "Osaka police cyber desk");
  json_object_set_string_member (fields, "phone", "06-0000-0000");
  g_free (fb_store_set_contact (store, police_id, fields, &error));
  g_assert_no_error (error);

  g_setenv ("LANGUAGE", "ja", TRUE);
  edited = fb_store_get_contact (store, police_id);
  g_assert_cmpstr (fb_contact_get_name (edited), ==, "Osaka police cyber desk");
  g_assert_cmpstr (fb_contact_get_organisation (edited), ==, "所轄の都道府県警察");
  g_assert_true (g_str_has_prefix (fb_contact_get_notes (edited), "組織に合わせて確認が必要な例です"));
  g_setenv ("LANGUAGE", "en", TRUE);
}

/* Two workstations seed the same examples, so a war-room holds one copy
 * of each once they sync. */
static void
test_seed_same_ids (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestDir) other_dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir);
  g_autoptr(FbStore) other = open_store (other_dir);
  g_autoptr(GListModel) contacts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_contacts_seed_examples (store, &error));
  g_assert_no_error (error);
  g_assert_true (fb_contacts_seed_examples (other, &error));
  g_assert_no_error (error);

  contacts = fb_store_list_contacts (store, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (contacts); i++)
    {
      g_autoptr(FbContact) contact = g_list_model_get_item (contacts, i);
      g_autoptr(FbContact) same = fb_store_get_contact (other, fb_contact_get_id (contact));

      g_assert_nonnull (same);
      g_assert_cmpstr (fb_contact_get_name (same), ==, fb_contact_get_name (contact));
    }
}

/* A database seeded before the examples had fixed ids: an example that
 * still reads as built follows the reader too. */
static void
test_seed_older_database (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(FbContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "name", "JPCERT/CC インシデント報告");
  json_object_set_string_member (fields, "organisation", "JPCERT コーディネーションセンター");
  json_object_set_string_member (fields, "notes", "Our contact there is Ms Sato.");
  json_object_set_boolean_member (fields, "example", TRUE);
  id = fb_store_set_contact (store, NULL, fields, &error);
  g_assert_no_error (error);

  contact = fb_store_get_contact (store, id);
  g_assert_cmpstr (fb_contact_get_name (contact), ==, "JPCERT/CC incident reporting");
  g_assert_cmpstr (fb_contact_get_organisation (contact), ==, "JPCERT Coordination Center");
  g_assert_cmpstr (fb_contact_get_notes (contact), ==, "Our contact there is Ms Sato.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/contacts-seed/once", test_seed_once);
  g_test_add_func ("/contacts-seed/reopen", test_seed_survives_reopen);
  g_test_add_func ("/contacts-seed/existing", test_seed_skips_existing);
  g_test_add_func ("/contacts-seed/reader-language", test_seed_reader_language);
  g_test_add_func ("/contacts-seed/same-ids", test_seed_same_ids);
  g_test_add_func ("/contacts-seed/older-database", test_seed_older_database);

  return g_test_run ();
}
