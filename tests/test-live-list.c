/* test-live-list.c — a list that follows the store and says only what changed
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "firebreak-core.h"
#include "fb-test-util.h"

typedef struct
{
  FbTestDir  *dir;
  FbStore    *store;
  FbLiveList *list;
  GString    *changes;   /* "position,removed,added;" per items-changed */
  char       *search;
} Fixture;

static GListModel *
query_contacts (gpointer user_data)
{
  Fixture *f = user_data;

  return fb_store_list_contacts (f->store, f->search);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *f)
{
  g_string_append_printf (f->changes, "%u,%u,%u;", position, removed, added);
}

static char *
set_contact (Fixture    *f,
             const char *id,
             const char *name,
             const char *title)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *result;

  json_object_set_string_member (fields, "name", name);
  if (title != NULL)
    json_object_set_string_member (fields, "title", title);
  result = fb_store_set_contact (f->store, id, fields, &error);
  g_assert_no_error (error);
  return result;
}

/* What the last refresh said, and forget it. */
static char *
take_changes (Fixture *f)
{
  char *changes = g_strdup (f->changes->str);

  g_string_truncate (f->changes, 0);
  return changes;
}

static FbContact *
item_at (Fixture *f,
         guint    position)
{
  FbContact *contact = g_list_model_get_item (G_LIST_MODEL (f->list), position);

  /* The list holds it; the test only looks. */
  g_object_unref (contact);
  return contact;
}

static char *
names (Fixture *f)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->list)); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", fb_contact_get_name (item_at (f, i)));
  return g_string_free (out, FALSE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = fb_test_dir_new ();
  path = fb_test_dir_file (f->dir, "live.db");
  f->store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->changes = g_string_new (NULL);
  f->list = fb_live_list_new (FB_TYPE_CONTACT, query_contacts, f, NULL);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (on_items_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->list);
  g_assert_finalize_object (f->store);
  g_string_free (f->changes, TRUE);
  g_free (f->search);
  fb_test_dir_free (f->dir);
}

static void
test_insert_change_remove (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *ann = set_contact (f, NULL, "Ann", NULL);
  g_autofree char *cho = set_contact (f, NULL, "Cho", NULL);
  g_autofree char *eve = set_contact (f, NULL, "Eve", NULL);
  g_autofree char *dan = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *shown = NULL;
  FbContact *first, *second, *third;

  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (f->list)), ==, FB_TYPE_CONTACT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);

  fb_live_list_refresh (f->list);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "0,0,3;");
  first = item_at (f, 0);
  second = item_at (f, 1);
  third = item_at (f, 2);

  /* Nothing changed: nothing said, nothing replaced. */
  fb_live_list_refresh (f->list);
  g_clear_pointer (&changes, g_free);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "");
  g_assert_true (item_at (f, 0) == first);

  /* An insertion in the middle. */
  dan = set_contact (f, NULL, "Dan", NULL);
  fb_live_list_refresh (f->list);
  g_clear_pointer (&changes, g_free);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "2,0,1;");
  shown = names (f);
  g_assert_cmpstr (shown, ==, "Ann Cho Dan Eve");
  g_assert_true (item_at (f, 0) == first);
  g_assert_true (item_at (f, 1) == second);
  g_assert_true (item_at (f, 3) == third);

  /* A change in the middle: that item alone, in place. */
  g_free (set_contact (f, cho, "Cho", "Counsel"));
  fb_live_list_refresh (f->list);
  g_clear_pointer (&changes, g_free);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "1,1,1;");
  g_assert_cmpstr (fb_contact_get_title (item_at (f, 1)), ==, "Counsel");
  g_assert_false (item_at (f, 1) == second);
  g_assert_true (item_at (f, 0) == first);
  g_assert_true (item_at (f, 3) == third);

  /* Two apart: each in place, not the stretch between them. */
  g_free (set_contact (f, ann, "Ann", "Auditor"));
  g_free (set_contact (f, eve, "Eve", "Engineer"));
  fb_live_list_refresh (f->list);
  g_clear_pointer (&changes, g_free);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "0,1,1;3,1,1;");

  /* A removal at the head. */
  first = item_at (f, 1);
  g_assert_true (fb_store_delete_contact (f->store, ann, NULL));
  fb_live_list_refresh (f->list);
  g_clear_pointer (&changes, g_free);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "0,1,0;");
  g_assert_true (item_at (f, 0) == first);
  g_clear_pointer (&shown, g_free);
  shown = names (f);
  g_assert_cmpstr (shown, ==, "Cho Dan Eve");
}

static void
test_move_keeps_items (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *cho = set_contact (f, NULL, "Cho", NULL);
  g_autofree char *dan = set_contact (f, NULL, "Dan", NULL);
  g_autofree char *eve = set_contact (f, NULL, "Eve", NULL);
  g_autofree char *changes = NULL;
  g_autofree char *shown = NULL;
  FbContact *kept_cho, *kept_dan;

  fb_live_list_refresh (f->list);
  kept_cho = item_at (f, 0);
  kept_dan = item_at (f, 1);
  g_string_truncate (f->changes, 0);

  /* Renamed to the front: the others move, but stay the same objects. */
  g_free (set_contact (f, eve, "Bea", NULL));
  fb_live_list_refresh (f->list);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "0,3,3;");
  shown = names (f);
  g_assert_cmpstr (shown, ==, "Bea Cho Dan");
  g_assert_true (item_at (f, 1) == kept_cho);
  g_assert_true (item_at (f, 2) == kept_dan);
}

static void
test_query_reload_clear (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *ann = set_contact (f, NULL, "Ann", NULL);
  g_autofree char *bob = set_contact (f, NULL, "Bob", NULL);
  g_autofree char *changes = NULL;
  FbContact *first;

  fb_live_list_refresh (f->list);
  g_string_truncate (f->changes, 0);
  first = item_at (f, 0);

  /* The query decides what is in the list: a search narrows it. */
  f->search = g_strdup ("bob");
  fb_live_list_refresh (f->list);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "0,1,0;");

  g_clear_pointer (&f->search, g_free);
  fb_live_list_refresh (f->list);
  g_clear_pointer (&changes, g_free);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "0,0,1;");

  /* Reload replaces every item, changed or not. */
  first = item_at (f, 0);
  fb_live_list_reload (f->list);
  g_clear_pointer (&changes, g_free);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "0,2,2;");
  g_assert_false (item_at (f, 0) == first);

  fb_live_list_clear (f->list);
  g_clear_pointer (&changes, g_free);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "0,2,0;");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 0));

  fb_live_list_clear (f->list);
  g_clear_pointer (&changes, g_free);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "");
}

static gboolean
same_name (gpointer old_item,
           gpointer new_item,
           gpointer equal_data)
{
  guint *n_calls = equal_data;

  (*n_calls)++;
  return g_strcmp0 (fb_contact_get_name (old_item), fb_contact_get_name (new_item)) == 0;
}

/* A view that shows less than the item says which changes it sees. */
static void
test_equal_func (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *ann = set_contact (f, NULL, "Ann", NULL);
  g_autofree char *changes = NULL;
  guint n_calls = 0;

  fb_live_list_set_equal_func (f->list, same_name, &n_calls);
  fb_live_list_refresh (f->list);
  g_string_truncate (f->changes, 0);

  g_free (set_contact (f, ann, "Ann", "Auditor"));
  fb_live_list_refresh (f->list);
  changes = take_changes (f);
  g_assert_cmpstr (changes, ==, "");
  g_assert_cmpuint (n_calls, >, 0);
  /* The list kept the item it had, without the title. */
  g_assert_cmpstr (fb_contact_get_title (item_at (f, 0)), !=, "Auditor");

  g_assert_true (fb_live_list_items_equal (item_at (f, 0), item_at (f, 0), NULL));
  g_assert_cmpstr (fb_live_list_get_id (item_at (f, 0)), ==, ann);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ((path), Fixture, NULL, fixture_set_up, (fn), fixture_tear_down)
  ADD ("/live-list/insert-change-remove", test_insert_change_remove);
  ADD ("/live-list/move-keeps-items", test_move_keeps_items);
  ADD ("/live-list/query-reload-clear", test_query_reload_clear);
  ADD ("/live-list/equal-func", test_equal_func);
#undef ADD

  return g_test_run ();
}
