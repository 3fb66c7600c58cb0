/* test-server-db.c — the server's database, on an SQLite file and on PostgreSQL
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same checks run against both back ends: a real SQLite file in a
 * temporary folder, and a database of a real PostgreSQL cluster that the
 * test starts (tests/fb-test-pg.h). Then what only PostgreSQL has: two
 * FbServerDb objects on one database pushing from two threads, the
 * announcements between them, the cluster stopped and started again, and
 * the copy from a file to PostgreSQL and back.
 */

#include "config.h"

#include <string.h>

#include "fb-server-db.h"
#include "fb-test-pg.h"
#include "fb-test-util.h"

typedef enum
{
  BACKEND_SQLITE,
  BACKEND_POSTGRESQL,
} Backend;

typedef struct
{
  FbTestDir  *dir;
  Backend     backend;
  char       *location;
  FbServerDb *db;
  FbStore    *store;     /* device A: an incident and three entries */
  char       *incident;
  GPtrArray  *ops;
} Fixture;

static char *
new_location (Fixture    *fx,
              const char *name)
{
  FbTestPg *pg;

  if (fx->backend == BACKEND_SQLITE)
    return fb_test_dir_file (fx->dir, name);

  pg = fb_test_pg_get ();
  g_assert_nonnull (pg);
  return fb_test_pg_new_database (pg);
}

static FbServerDb *
open_db (const char *location)
{
  g_autoptr(GError) error = NULL;
  FbServerDb *db = fb_server_db_open (location, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

/* A store of its own (a device), with an incident and @n entries. */
static FbStore *
make_device (FbTestDir   *dir,
             const char  *name,
             guint        n,
             char       **incident)
{
  g_autofree char *path = fb_test_dir_file (dir, name);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  FbStore *store;

  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  id = fb_store_create_incident (store, "Phishing wave", "phishing", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("Fact number %u", i);

      g_free (fb_store_add_entry (store, id, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  if (incident != NULL)
    *incident = g_steal_pointer (&id);
  return store;
}

static GPtrArray *
outbox_of (FbStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *ops = fb_store_get_outbox (store, 0, &error);

  g_assert_no_error (error);
  return ops;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->backend = GPOINTER_TO_INT (data);
  if (fx->backend == BACKEND_POSTGRESQL && fb_test_pg_get () == NULL)
    return;

  fx->dir = fb_test_dir_new ();
  fx->location = new_location (fx, "server.db");
  fx->db = open_db (fx->location);
  fx->store = make_device (fx->dir, "a.db", 3, &fx->incident);
  fx->ops = outbox_of (fx->store);
  g_assert_cmpuint (fx->ops->len, ==, 4);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_pointer (&fx->db, fb_server_db_free);
  g_clear_pointer (&fx->ops, g_ptr_array_unref);
  g_clear_object (&fx->store);
  g_free (fx->incident);
  g_free (fx->location);
  g_clear_pointer (&fx->dir, fb_test_dir_free);
}

/* Ops @from … @from + @n - 1 of @ops as one batch. */
static GPtrArray *
slice (GPtrArray *ops,
       guint      from,
       guint      n)
{
  GPtrArray *batch = g_ptr_array_new ();

  for (guint i = from; i < from + n; i++)
    g_ptr_array_add (batch, g_ptr_array_index (ops, i));
  return batch;
}

static GArray *
push (FbServerDb *db,
      GPtrArray  *ops,
      guint       from,
      guint       n,
      const char *user)
{
  g_autoptr(GPtrArray) batch = slice (ops, from, n);
  g_autoptr(GError) error = NULL;
  guint bad = 0;
  GArray *results = fb_server_db_push (db, batch, NULL, user, &bad, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static void
push_fails (FbServerDb *db,
            GPtrArray  *batch,
            GPtrArray  *links,
            const char *user,
            FbError     code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) results = NULL;
  guint bad = 0;

  results = fb_server_db_push (db, batch, links, user, &bad, &error);
  g_assert_error (error, FB_ERROR, (int) code);
  g_assert_null (results);
}

/* Another op at the place of @op: the same device, another change. */
static FbOp *
fork_of (const FbOp *op)
{
  FbOp *other = fb_op_copy (op);

  g_free (other->id);
  other->id = fb_uuid_new ();
  g_free (other->hash);
  other->hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, other->id, -1);
  return other;
}

static FbLink *
link_of (const FbOp *op)
{
  FbLink *link = g_new0 (FbLink, 1);

  link->device = g_strdup (op->device);
  link->device_seq = op->device_seq;
  link->prev = g_strdup (op->prev);
  link->hash = g_strdup (op->hash);
  return link;
}

static JsonObject *
pull (FbServerDb *db,
      const char *user,
      gint64      since,
      guint       limit,
      JsonParser *parser)
{
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_server_db_pull (db, user, since, limit, json, &error));
  g_assert_no_error (error);
  g_string_append_c (json, '}');
  json_parser_load_from_data (parser, json->str, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* The back ends alike ---------------------------------------------------- */

static void
test_push (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(FbOp) forked = NULL;
  g_autoptr(FbOp) broken = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GPtrArray) other_ops = NULL;
  g_autoptr(FbStore) other = NULL;

  if (fx->db == NULL)
    return;

  first = push (fx->db, fx->ops, 0, 4, "alice");
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpint (g_array_index (first, FbPushResult, i).seq, ==, i + 1);
      g_assert_cmpint (g_array_index (first, FbPushResult, i).status, ==, FB_PUSH_ACCEPTED);
    }

  /* The same batch again: each op keeps its number. */
  again = push (fx->db, fx->ops, 0, 4, "alice");
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpint (g_array_index (again, FbPushResult, i).seq, ==, i + 1);
      g_assert_cmpint (g_array_index (again, FbPushResult, i).status, ==, FB_PUSH_DUPLICATE);
    }

  /* Another change at a place held: a fork, and nothing of the batch. */
  forked = fork_of (g_ptr_array_index (fx->ops, 3));
  batch = g_ptr_array_new ();
  g_ptr_array_add (batch, forked);
  push_fails (fx->db, batch, NULL, "alice", FB_ERROR_FORK);

  /* Another device, from its third change: a gap; with a wrong prev: a
   * broken chain. */
  other = make_device (fx->dir, "b.db", 2, NULL);
  other_ops = outbox_of (other);
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, g_ptr_array_index (other_ops, 2));
  push_fails (fx->db, batch, NULL, "alice", FB_ERROR_GAP);

  broken = fb_op_copy (g_ptr_array_index (other_ops, 1));
  g_free (broken->prev);
  broken->prev = g_strdup (broken->hash);
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, g_ptr_array_index (other_ops, 0));
  g_ptr_array_add (batch, broken);
  push_fails (fx->db, batch, NULL, "alice", FB_ERROR_CHAIN);

  g_assert_cmpint (fb_server_db_get_head (fx->db), ==, 4);
  g_assert_cmpint (fb_server_db_count_ops (fx->db), ==, 4);
}

/* What a push adds is seen by the rest of the same push, as if each op
 * had been stored before the next was looked at. */
static void
test_within_push (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autoptr(GArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbOp) forked = NULL;
  g_autoptr(FbOp) moved = NULL;
  g_autoptr(FbStore) big = NULL;
  g_autoptr(GPtrArray) big_ops = NULL;
  FbOp *late;
  guint bad = 0;

  if (fx->db == NULL)
    return;

  /* The same op twice, and one at another place under an id already in
   * the push: refused as a fork, naming that op; nothing is stored. */
  moved = fb_op_copy (g_ptr_array_index (fx->ops, 0));
  moved->device_seq = 3;
  g_free (moved->prev);
  moved->prev = g_strdup (((FbOp *) g_ptr_array_index (fx->ops, 1))->hash);
  g_ptr_array_add (batch, g_ptr_array_index (fx->ops, 0));
  g_ptr_array_add (batch, g_ptr_array_index (fx->ops, 1));
  g_ptr_array_add (batch, moved);
  results = fb_server_db_push (fx->db, batch, NULL, "alice", &bad, &error);
  g_assert_error (error, FB_ERROR, FB_ERROR_FORK);
  g_assert_null (results);
  g_assert_cmpuint (bad, ==, 2);
  g_assert_cmpint (fb_server_db_count_ops (fx->db), ==, 0);
  g_clear_error (&error);

  /* A fork inside one push: the second claim of a place is refused. */
  forked = fork_of (g_ptr_array_index (fx->ops, 1));
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, g_ptr_array_index (fx->ops, 0));
  g_ptr_array_add (batch, g_ptr_array_index (fx->ops, 1));
  g_ptr_array_add (batch, forked);
  results = fb_server_db_push (fx->db, batch, NULL, "alice", &bad, &error);
  g_assert_error (error, FB_ERROR, FB_ERROR_FORK);
  g_assert_cmpuint (bad, ==, 2);
  g_assert_cmpint (fb_server_db_count_ops (fx->db), ==, 0);
  g_clear_error (&error);

  /* A link, the op it stands for, an op twice: each numbered once, the
   * second sending of an op answered with the first one's number. */
  g_ptr_array_add (links, link_of (g_ptr_array_index (fx->ops, 0)));
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, g_ptr_array_index (fx->ops, 1));
  g_ptr_array_add (batch, g_ptr_array_index (fx->ops, 0));
  g_ptr_array_add (batch, g_ptr_array_index (fx->ops, 2));
  g_ptr_array_add (batch, g_ptr_array_index (fx->ops, 1));
  results = fb_server_db_push (fx->db, batch, links, "alice", &bad, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (results, FbPushResult, 0).seq, ==, 1);
  g_assert_cmpint (g_array_index (results, FbPushResult, 1).seq, ==, 2);
  g_assert_cmpint (g_array_index (results, FbPushResult, 2).seq, ==, 3);
  g_assert_cmpint (g_array_index (results, FbPushResult, 3).seq, ==, 1);
  g_assert_cmpint (g_array_index (results, FbPushResult, 3).status, ==, FB_PUSH_DUPLICATE);
  g_assert_cmpint (fb_server_db_count_ops (fx->db), ==, 3);
  g_assert_cmpint (fb_server_db_get_head (fx->db), ==, 3);

  /* More ops than PostgreSQL is sent at once, the last of them under
   * the id of the first: nothing stored; without it, all numbered in
   * order. */
  g_clear_pointer (&results, g_array_unref);
  big = make_device (fx->dir, "big.db", 69, NULL);
  big_ops = outbox_of (big);
  g_assert_cmpuint (big_ops->len, ==, 70);
  late = fb_op_copy (g_ptr_array_index (big_ops, 0));
  late->device_seq = 71;
  g_free (late->prev);
  late->prev = g_strdup (((FbOp *) g_ptr_array_index (big_ops, 69))->hash);
  g_ptr_array_add (big_ops, late);
  results = fb_server_db_push (fx->db, big_ops, NULL, "alice", &bad, &error);
  g_assert_error (error, FB_ERROR, FB_ERROR_FORK);
  g_assert_cmpuint (bad, ==, 70);
  g_assert_cmpint (fb_server_db_count_ops (fx->db), ==, 3);
  g_clear_error (&error);

  g_ptr_array_set_size (big_ops, 70);
  results = fb_server_db_push (fx->db, big_ops, NULL, "alice", &bad, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 70; i++)
    g_assert_cmpint (g_array_index (results, FbPushResult, i).seq, ==, 4 + i);
  g_assert_cmpint (fb_server_db_get_head (fx->db), ==, 73);
}

static void
test_links_and_pull (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(GArray) results = NULL;
  g_autoptr(GArray) filled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FbLink) bad = NULL;
  JsonObject *page;
  JsonArray *ops;
  guint index = 0;

  if (fx->db == NULL)
    return;

  /* The first two places as links, then the ops above them. */
  g_ptr_array_add (links, link_of (g_ptr_array_index (fx->ops, 0)));
  g_ptr_array_add (links, link_of (g_ptr_array_index (fx->ops, 1)));
  batch = slice (fx->ops, 2, 2);
  results = fb_server_db_push (fx->db, batch, links, "alice", &index, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (results, FbPushResult, 0).seq, ==, 1);
  g_assert_cmpint (g_array_index (results, FbPushResult, 1).seq, ==, 2);

  /* Links alone, already held: taken as they are; with another hash: a fork. */
  g_clear_pointer (&results, g_array_unref);
  results = fb_server_db_push (fx->db, empty, links, "alice", &index, &error);
  g_assert_no_error (error);
  bad = link_of (g_ptr_array_index (fx->ops, 1));
  g_free (bad->hash);
  bad->hash = g_strdup (bad->prev);
  g_ptr_array_add (links, g_steal_pointer (&bad));
  g_ptr_array_remove_index (links, 0);
  g_ptr_array_remove_index (links, 0);
  push_fails (fx->db, empty, links, "alice", FB_ERROR_FORK);

  page = pull (fx->db, "alice", 0, 1, parser);
  g_assert_cmpint (json_object_get_int_member (page, "head"), ==, 2);
  ops = json_object_get_array_member (page, "ops");
  g_assert_cmpuint (json_array_get_length (ops), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (ops, 0), "seq"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "links")), ==, 2);

  page = pull (fx->db, "alice", 1, 500, parser);
  ops = json_object_get_array_member (page, "ops");
  g_assert_cmpuint (json_array_get_length (ops), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (ops, 0), "seq"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "links")), ==, 2);

  /* The op a link stood for takes its place. */
  filled = push (fx->db, fx->ops, 0, 1, "alice");
  g_assert_cmpint (g_array_index (filled, FbPushResult, 0).seq, ==, 3);
  g_assert_cmpint (g_array_index (filled, FbPushResult, 0).status, ==, FB_PUSH_ACCEPTED);
}

static void
test_tokens (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *reader = NULL;
  g_autofree char *none = NULL;
  g_autoptr(FbTokenInfo) info = NULL;
  g_autoptr(FbTokenInfo) gone = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (fx->db == NULL)
    return;

  token = fb_server_db_add_token (fx->db, "alice", FALSE, &error);
  g_assert_no_error (error);
  reader = fb_server_db_add_token (fx->db, "auditor", TRUE, &error);
  g_assert_no_error (error);
  none = fb_server_db_add_token (fx->db, "alice", FALSE, &error);
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_assert_null (none);
  g_clear_error (&error);

  info = fb_server_db_lookup_token (fx->db, token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->name, ==, "alice");
  g_assert_false (info->read_only);
  g_assert_null (fb_server_db_lookup_token (fx->db, "fbt_not-a-token", &error));
  g_assert_no_error (error);

  list = fb_server_db_list_tokens (fx->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((FbTokenInfo *) list->pdata[1])->name, ==, "auditor");
  g_assert_true (((FbTokenInfo *) list->pdata[1])->read_only);

  g_assert_true (fb_server_db_revoke_token (fx->db, "alice", &error));
  g_assert_no_error (error);
  gone = fb_server_db_check_token (fx->db, token);
  g_assert_null (gone);
  g_assert_false (fb_server_db_revoke_token (fx->db, "alice", &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);
}

static void
test_restrict (Fixture       *fx,
               gconstpointer  data)
{
  const char *users[] = { "alice", NULL };
  const char *groups[] = { "hr", NULL };
  g_autoptr(FbRestriction) restriction = fb_restriction_new (TRUE, users, groups, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) of_carol = NULL;
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL;
  JsonObject *page;
  JsonArray *ops;

  if (fx->db == NULL)
    return;

  t1 = fb_server_db_add_token (fx->db, "alice", FALSE, &error);
  t2 = fb_server_db_add_token (fx->db, "bob", FALSE, &error);
  t3 = fb_server_db_add_token (fx->db, "carol", FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (fb_server_db_group_add (fx->db, "hr", "nobody-here", &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (fb_server_db_group_add (fx->db, "hr", "carol", &error));
  g_assert_true (fb_server_db_group_add (fx->db, "hr", "carol", &error));
  g_assert_no_error (error);
  list = fb_server_db_list_groups (fx->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (list->pdata[0], ==, "hr\tcarol");
  of_carol = fb_server_db_groups_of (fx->db, "carol");
  g_assert_cmpstrv (of_carol, groups);

  g_assert_true (fb_store_restrict_incident (fx->store, fx->incident, restriction, "alice", NULL, &error));
  g_assert_no_error (error);
  all = outbox_of (fx->store);
  g_assert_cmpuint (all->len, ==, 5);
  results = push (fx->db, all, 0, 5, "alice");

  /* Bob receives links, and the incident's id only. */
  page = pull (fx->db, "bob", 0, 500, parser);
  ops = json_object_get_array_member (page, "ops");
  g_assert_cmpuint (json_array_get_length (ops), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_true (json_object_has_member (json_array_get_object_element (ops, i), "link"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (page, "restricted"), 0),
                   ==, fx->incident);
  g_assert_cmpstr (json_object_get_string_member (page, "withheld"), !=, "");

  /* Carol, through her group, receives the ops. */
  page = pull (fx->db, "carol", 0, 500, parser);
  ops = json_object_get_array_member (page, "ops");
  g_assert_true (json_object_has_member (json_array_get_object_element (ops, 4), "op"));

  /* Bob may not add to it; an op held already is still a duplicate. */
  {
    g_autoptr(GPtrArray) more = NULL;
    g_autoptr(GPtrArray) batch = NULL;
    g_autoptr(GArray) dup = NULL;

    g_free (fb_store_add_entry (fx->store, fx->incident, FB_ENTRY_FACT, "Later", 0, NULL, NULL, &error));
    g_assert_no_error (error);
    more = outbox_of (fx->store);
    batch = slice (more, 5, 1);
    push_fails (fx->db, batch, NULL, "bob", FB_ERROR_FORBIDDEN);
    dup = push (fx->db, more, 0, 1, "bob");
    g_assert_cmpint (g_array_index (dup, FbPushResult, 0).status, ==, FB_PUSH_DUPLICATE);
  }

  g_assert_true (fb_server_db_group_remove (fx->db, "hr", "carol", &error));
  g_assert_false (fb_server_db_group_remove (fx->db, "hr", "carol", &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);
}

static void
test_state (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GArray) results = NULL;
  g_autoptr(FbRecordState) state = NULL;
  g_autoptr(FbLink) place = NULL;
  g_autoptr(FbLink) nowhere = NULL;
  g_autoptr(GError) error = NULL;
  const FbOp *last = g_ptr_array_index (fx->ops, 3);
  FbHead *head;
  gint64 seq = -1;

  if (fx->db == NULL)
    return;

  results = push (fx->db, fx->ops, 0, 4, "alice");
  state = fb_server_db_get_state (fx->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (state->heads->len, ==, 1);
  head = g_ptr_array_index (state->heads, 0);
  g_assert_cmpstr (head->device, ==, last->device);
  g_assert_cmpint (head->device_seq, ==, 4);
  g_assert_cmpstr (head->hash, ==, last->hash);

  place = fb_server_db_get_place (fx->db, last->device, 4, &seq, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq, ==, 4);
  g_assert_cmpstr (place->prev, ==, last->prev);
  g_assert_cmpstr (place->hash, ==, last->hash);
  nowhere = fb_server_db_get_place (fx->db, last->device, 5, &seq, &error);
  g_assert_no_error (error);
  g_assert_null (nowhere);
}

static void
test_reopen (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(GError) error = NULL;
  FbServerDb *again;

  if (fx->db == NULL)
    return;

  id = g_strdup (fb_server_db_get_server_id (fx->db));
  g_assert_true (fb_uuid_is_valid (id));
  results = push (fx->db, fx->ops, 0, 2, "alice");
  g_assert_cmpint (fb_server_db_is_postgresql (fx->db), ==, fx->backend == BACKEND_POSTGRESQL);

  /* A second object on the same database: the same identity and head. */
  again = open_db (fx->location);
  g_assert_cmpstr (fb_server_db_get_server_id (again), ==, id);
  g_assert_cmpint (fb_server_db_get_head (again), ==, 2);
  fb_server_db_free (again);

  g_clear_pointer (&fx->db, fb_server_db_free);
  fx->db = open_db (fx->location);
  g_assert_cmpstr (fb_server_db_get_server_id (fx->db), ==, id);
  g_assert_cmpint (fb_server_db_get_head (fx->db), ==, 2);
}

/* PostgreSQL only ---------------------------------------------------------- */

static void
test_pg_location (void)
{
  g_autoptr(GError) error = NULL;
  FbTestPg *pg = fb_test_pg_get ();
  g_autofree char *uri = NULL;
  g_autofree char *secret = NULL;
  FbServerDb *db;

  if (pg == NULL)
    return;

  /* What is shown of a URI never holds its password. */
  uri = fb_test_pg_new_database (pg);
  secret = g_strconcat (uri, "&password=hunter2", NULL);
  db = open_db (secret);
  g_assert_null (strstr (fb_server_db_get_path (db), "hunter2"));
  g_assert_true (g_str_has_prefix (fb_server_db_get_path (db), "postgresql://firebreak@/fb"));
  fb_server_db_free (db);

  /* A database a newer server wrote is refused, and left as it was. */
  fb_test_pg_query (pg, uri, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
  db = fb_server_db_open (uri, &error);
  g_assert_null (db);
  g_assert_error (error, FB_ERROR, FB_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer firebreak-server"));
  g_clear_error (&error);

  /* A database that does not exist: what to check. */
  {
    g_autofree char *missing = fb_test_pg_uri (pg, "nothing_here");

    db = fb_server_db_open (missing, &error);
    g_assert_null (db);
    g_assert_error (error, FB_ERROR, FB_ERROR_UNAVAILABLE);
    g_assert_nonnull (strstr (error->message, "nothing_here"));
    g_assert_nonnull (strstr (error->message, "that the database exists"));
  }
}

/* Two servers, two threads ------------------------------------------------- */

typedef struct
{
  FbServerDb *db;
  GPtrArray  *ops;      /* this thread's device */
  GPtrArray  *forks;    /* one op per round, the other thread's at the same place */
  guint       forks_won;
} Pusher;

static gpointer
run_pusher (gpointer data)
{
  Pusher *p = data;

  for (guint i = 0; i < p->ops->len; i++)
    {
      g_autoptr(GArray) results = push (p->db, p->ops, i, 1, "alice");
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      g_autoptr(GArray) fork_results = NULL;
      g_autoptr(GError) error = NULL;
      guint bad = 0;

      g_assert_cmpint (g_array_index (results, FbPushResult, 0).status, ==, FB_PUSH_ACCEPTED);
      g_ptr_array_add (batch, g_ptr_array_index (p->forks, i));
      fork_results = fb_server_db_push (p->db, batch, NULL, "alice", &bad, &error);
      if (fork_results != NULL)
        p->forks_won++;
      else
        g_assert_error (error, FB_ERROR, FB_ERROR_FORK);
    }
  return NULL;
}

typedef struct
{
  FbServerDb    *db;
  gint          *stop;
  guint          pages;
} Puller;

/* A pull sees numbers without a hole, whatever is being committed. */
static gpointer
run_puller (gpointer data)
{
  Puller *p = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 since = 0;

  while (!g_atomic_int_get (p->stop) || since < fb_server_db_get_head (p->db))
    {
      JsonObject *page = pull (p->db, "alice", since, 7, parser);
      JsonArray *ops = json_object_get_array_member (page, "ops");

      for (guint i = 0; i < json_array_get_length (ops); i++)
        {
          gint64 seq = json_object_get_int_member (json_array_get_object_element (ops, i), "seq");

          g_assert_cmpint (seq, ==, since + 1);
          since = seq;
        }
      p->pages++;
    }
  return NULL;
}

static void
test_pg_two_servers (void)
{
  FbTestPg *pg = fb_test_pg_get ();
  g_autoptr(FbTestDir) dir = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GPtrArray) forks_a = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GPtrArray) forks_b = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(GPtrArray) ops_a = NULL, ops_b = NULL;
  g_autoptr(FbStore) a = NULL, b = NULL;
  Pusher pa = { 0 }, pb = { 0 };
  Puller reader = { 0 };
  gint stop = FALSE;
  GThread *ta, *tb, *tr;
  FbServerDb *check;

  if (pg == NULL)
    return;

  dir = fb_test_dir_new ();
  uri = fb_test_pg_new_database (pg);
  a = make_device (dir, "a.db", 29, NULL);
  b = make_device (dir, "b.db", 29, NULL);
  ops_a = outbox_of (a);
  ops_b = outbox_of (b);

  /* Each round both threads offer a different first change of one more
   * device: exactly one of them may have it. */
  for (guint i = 0; i < 30; i++)
    {
      FbOp *first = fb_op_copy (g_ptr_array_index (ops_a, 0));

      g_free (first->device);
      first->device = fb_uuid_new ();
      g_ptr_array_add (forks_a, fork_of (first));
      g_ptr_array_add (forks_b, fork_of (first));
      fb_op_free (first);
    }

  pa.db = open_db (uri);
  pb.db = open_db (uri);
  reader.db = open_db (uri);
  reader.stop = &stop;
  pa.ops = ops_a;
  pa.forks = forks_a;
  pb.ops = ops_b;
  pb.forks = forks_b;

  tr = g_thread_new ("puller", run_puller, &reader);
  ta = g_thread_new ("pusher-a", run_pusher, &pa);
  tb = g_thread_new ("pusher-b", run_pusher, &pb);
  g_thread_join (ta);
  g_thread_join (tb);
  g_atomic_int_set (&stop, TRUE);
  g_thread_join (tr);

  g_assert_cmpuint (pa.forks_won + pb.forks_won, ==, 30);
  check = open_db (uri);
  g_assert_cmpint (fb_server_db_get_head (check), ==, 90);
  g_assert_cmpint (fb_server_db_count_ops (check), ==, fb_server_db_get_head (check));
  g_assert_cmpuint (reader.pages, >, 0);

  fb_server_db_free (check);
  fb_server_db_free (pa.db);
  fb_server_db_free (pb.db);
  fb_server_db_free (reader.db);
}

/* Announcements, and a database that goes away ---------------------------- */

typedef struct
{
  guint  calls;
  gint64 head;
} Heard;

static void
on_notify_cb (FbServerDb *db,
              gint64      head,
              gpointer    data)
{
  Heard *heard = data;

  heard->calls++;
  heard->head = head;
}

static gboolean
on_deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @heard counts @calls. */
static void
wait_for_calls (Heard *heard,
                guint  calls)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (60, on_deadline_cb, &expired);

  while (heard->calls < calls && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (id);
}

static void
test_pg_notify (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GArray) mine = NULL;
  g_autoptr(GArray) theirs = NULL;
  Heard heard = { 0 };
  FbServerDb *other;

  if (fx->db == NULL)
    return;

  other = open_db (fx->location);
  fb_server_db_set_notify (fx->db, on_notify_cb, &heard, NULL);

  /* Its own push is not announced to it; the other's is, after commit,
   * and in commit order, so nothing of its own can come later. */
  mine = push (fx->db, fx->ops, 0, 1, "alice");
  theirs = push (other, fx->ops, 1, 2, "alice");
  wait_for_calls (&heard, 1);
  g_assert_cmpuint (heard.calls, ==, 1);
  g_assert_cmpint (heard.head, ==, 3);

  fb_server_db_set_notify (fx->db, NULL, NULL, NULL);
  fb_server_db_free (other);
}

static void
test_pg_unavailable (Fixture       *fx,
                     gconstpointer  data)
{
  FbTestPg *pg = fb_test_pg_get ();
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(FbTokenInfo) info = NULL;
  Heard heard = { 0 };
  gint64 head = 0;
  guint bad = 0;

  if (fx->db == NULL)
    return;

  token = fb_server_db_add_token (fx->db, "alice", FALSE, &error);
  g_assert_no_error (error);
  fb_server_db_set_notify (fx->db, on_notify_cb, &heard, NULL);
  first = push (fx->db, fx->ops, 0, 2, "alice");

  fb_test_pg_stop (pg);

  batch = slice (fx->ops, 2, 2);
  g_assert_null (fb_server_db_push (fx->db, batch, NULL, "alice", &bad, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "cannot be reached"));
  g_clear_error (&error);
  g_assert_null (fb_server_db_lookup_token (fx->db, token, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_false (fb_server_db_read_head (fx->db, &head, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_cmpint (fb_server_db_get_head (fx->db), ==, 2);

  fb_test_pg_start (pg);

  /* What was acknowledged is there; sent again, it is a duplicate. */
  after = push (fx->db, fx->ops, 0, 4, "alice");
  g_assert_cmpint (g_array_index (after, FbPushResult, 1).status, ==, FB_PUSH_DUPLICATE);
  g_assert_cmpint (g_array_index (after, FbPushResult, 1).seq, ==, 2);
  g_assert_cmpint (g_array_index (after, FbPushResult, 3).status, ==, FB_PUSH_ACCEPTED);
  g_assert_cmpint (g_array_index (after, FbPushResult, 3).seq, ==, 4);
  info = fb_server_db_lookup_token (fx->db, token, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);

  /* Listening again, it announces the head once. */
  wait_for_calls (&heard, 1);
  g_assert_cmpint (heard.head, ==, 4);
  fb_server_db_set_notify (fx->db, NULL, NULL, NULL);
}

/* A COMMIT whose outcome the server cannot know: PostgreSQL committed, and
 * the connection was lost before it said so. The cluster is made to wait
 * at every commit for a standby that does not exist, and the push's
 * backend is ended while it waits, as a failover would. */
typedef struct
{
  FbServerDb *db;
  GPtrArray  *ops;
  GError     *error;
} Committer;

static gpointer
run_committer (gpointer data)
{
  Committer *c = data;
  g_autoptr(GPtrArray) batch = slice (c->ops, 0, 2);
  GArray *results;
  guint bad = 0;

  results = fb_server_db_push (c->db, batch, NULL, "alice", &bad, &c->error);
  g_assert_null (results);
  return NULL;
}

static void
set_standby_names (FbTestPg   *pg,
                   const char *names)
{
  g_autofree char *set = g_strdup_printf ("ALTER SYSTEM SET synchronous_standby_names = '%s'", names);
  g_autofree char *check = g_strdup_printf ("SELECT count(*) FROM pg_settings"
                                            " WHERE name = 'synchronous_standby_names' AND setting = '%s'", names);
  g_autofree char *uri = fb_test_pg_uri (pg, "postgres");
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  fb_test_pg_exec (pg, set);
  fb_test_pg_exec (pg, "SELECT pg_reload_conf ()");
  /* New connections take it once the postmaster has read it again. */
  while (fb_test_pg_query (pg, uri, check) != 1)
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

static void
test_pg_commit_unknown (Fixture       *fx,
                        gconstpointer  data)
{
  FbTestPg *pg = fb_test_pg_get ();
  g_autofree char *uri = NULL;
  g_autoptr(GArray) again = NULL;
  Committer c = { 0 };
  GThread *thread;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  if (fx->db == NULL)
    return;

  uri = fb_test_pg_uri (pg, "postgres");
  c.db = open_db (fx->location);
  c.ops = fx->ops;
  set_standby_names (pg, "nowhere");
  thread = g_thread_new ("committer", run_committer, &c);

  while (fb_test_pg_query (pg, uri, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'") != 1)
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
  fb_test_pg_query (pg, uri, "SELECT count(pg_terminate_backend (pid)) FROM pg_stat_activity"
                             " WHERE wait_event = 'SyncRep'");
  g_thread_join (thread);
  set_standby_names (pg, "");

  g_assert_error (c.error, FB_ERROR, FB_ERROR_UNAVAILABLE);
  g_clear_error (&c.error);

  /* It was committed: the client's retry is answered as duplicates,
   * with the numbers they were given. */
  again = push (c.db, fx->ops, 0, 4, "alice");
  g_assert_cmpint (g_array_index (again, FbPushResult, 0).status, ==, FB_PUSH_DUPLICATE);
  g_assert_cmpint (g_array_index (again, FbPushResult, 1).status, ==, FB_PUSH_DUPLICATE);
  g_assert_cmpint (g_array_index (again, FbPushResult, 1).seq, ==, 2);
  g_assert_cmpint (g_array_index (again, FbPushResult, 3).status, ==, FB_PUSH_ACCEPTED);
  g_assert_cmpint (g_array_index (again, FbPushResult, 3).seq, ==, 4);
  fb_server_db_free (c.db);
}

/* A file to PostgreSQL and back ---------------------------------------------- */

static char *
digest_of (FbServerDb *db)
{
  g_autoptr(GError) error = NULL;
  char *digest = NULL;

  g_assert_true (fb_server_db_digest (db, &digest, &error));
  g_assert_no_error (error);
  return digest;
}

static char *
pull_text (FbServerDb *db,
           const char *user)
{
  g_autoptr(GError) error = NULL;
  GString *json = g_string_new (NULL);

  g_assert_true (fb_server_db_pull (db, user, 0, 1000, json, &error));
  g_assert_no_error (error);
  return g_string_free (json, FALSE);
}

static void
test_copy (void)
{
  const char *users[] = { "alice", NULL };
  FbTestPg *pg = fb_test_pg_get ();
  g_autoptr(FbTestDir) dir = NULL;
  g_autoptr(FbRestriction) restriction = fb_restriction_new (TRUE, users, NULL, FALSE);
  g_autoptr(FbStore) a = NULL, b = NULL;
  g_autoptr(GPtrArray) ops_a = NULL, ops_b = NULL, links = NULL, batch = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *path = NULL, *back_path = NULL, *uri = NULL;
  g_autofree char *d1 = NULL, *d2 = NULL, *d3 = NULL, *p1 = NULL, *p2 = NULL, *p3 = NULL;
  g_autofree char *t1 = NULL, *t2 = NULL;
  FbServerDb *file, *server, *back;
  guint bad = 0;

  if (pg == NULL)
    return;

  dir = fb_test_dir_new ();
  path = fb_test_dir_file (dir, "server.db");
  file = open_db (path);
  t1 = fb_server_db_add_token (file, "alice", FALSE, &error);
  t2 = fb_server_db_add_token (file, "bob", TRUE, &error);
  g_assert_true (fb_server_db_revoke_token (file, "bob", &error));
  g_assert_true (fb_server_db_group_add (file, "hr", "alice", &error));
  g_assert_no_error (error);

  a = make_device (dir, "a.db", 3, &incident);
  g_assert_true (fb_store_restrict_incident (a, incident, restriction, "alice", NULL, &error));
  g_assert_no_error (error);
  ops_a = outbox_of (a);
  g_clear_pointer (&results, g_array_unref);
  results = push (file, ops_a, 0, ops_a->len, "alice");
  b = make_device (dir, "b.db", 3, NULL);
  ops_b = outbox_of (b);
  links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  g_ptr_array_add (links, link_of (g_ptr_array_index (ops_b, 0)));
  batch = slice (ops_b, 1, 3);
  g_clear_pointer (&results, g_array_unref);
  results = fb_server_db_push (file, batch, links, "bob", &bad, &error);
  g_assert_no_error (error);

  uri = fb_test_pg_new_database (pg);
  server = open_db (uri);
  g_assert_cmpstr (fb_server_db_get_server_id (server), !=, fb_server_db_get_server_id (file));
  g_assert_true (fb_server_db_copy_into (file, server, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fb_server_db_get_server_id (server), ==, fb_server_db_get_server_id (file));
  g_assert_cmpint (fb_server_db_get_head (server), ==, 8);

  /* Into a database that holds anything: refused, and nothing changed. */
  d2 = digest_of (server);
  g_assert_false (fb_server_db_copy_into (file, server, NULL, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_clear_error (&error);

  back_path = fb_test_dir_file (dir, "back.db");
  back = open_db (back_path);
  g_assert_true (fb_server_db_copy_into (server, back, NULL, &error));
  g_assert_no_error (error);

  d1 = digest_of (file);
  d3 = digest_of (back);
  g_assert_cmpstr (d1, ==, d2);
  g_assert_cmpstr (d1, ==, d3);
  p1 = pull_text (file, "bob");
  p2 = pull_text (server, "bob");
  p3 = pull_text (back, "bob");
  g_assert_cmpstr (p1, ==, p2);
  g_assert_cmpstr (p1, ==, p3);
  {
    g_autoptr(FbTokenInfo) info = fb_server_db_check_token (server, t1);

    g_assert_cmpstr (info->name, ==, "alice");
    g_assert_null (fb_server_db_check_token (server, t2));
  }

  /* Numbering goes on from where the copy ended, on both. */
  {
    g_autoptr(GPtrArray) ops = NULL;
    g_autoptr(GArray) r1 = NULL;
    g_autoptr(GArray) r2 = NULL;

    g_free (fb_store_add_entry (a, incident, FB_ENTRY_FACT, "After the move", 0, NULL, NULL, &error));
    g_assert_no_error (error);
    ops = outbox_of (a);
    r1 = push (server, ops, ops->len - 1, 1, "alice");
    r2 = push (back, ops, ops->len - 1, 1, "alice");
    g_assert_cmpint (g_array_index (r1, FbPushResult, 0).seq, ==, 9);
    g_assert_cmpint (g_array_index (r2, FbPushResult, 0).seq, ==, 9);
  }

  fb_server_db_free (file);
  fb_server_db_free (server);
  fb_server_db_free (back);
}

static void
add_both (const char *name,
          void (*func) (Fixture *, gconstpointer))
{
  g_autofree char *sqlite = g_strdup_printf ("/server-db/sqlite/%s", name);
  g_autofree char *postgresql = g_strdup_printf ("/server-db/postgresql/%s", name);

  g_test_add (sqlite, Fixture, GINT_TO_POINTER (BACKEND_SQLITE), fixture_set_up, func, fixture_tear_down);
  g_test_add (postgresql, Fixture, GINT_TO_POINTER (BACKEND_POSTGRESQL), fixture_set_up, func,
              fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_both ("push", test_push);
  add_both ("within-push", test_within_push);
  add_both ("links-and-pull", test_links_and_pull);
  add_both ("tokens", test_tokens);
  add_both ("restrict", test_restrict);
  add_both ("state", test_state);
  add_both ("reopen", test_reopen);
  g_test_add_func ("/server-db/postgresql/location", test_pg_location);
  g_test_add_func ("/server-db/postgresql/two-servers", test_pg_two_servers);
  g_test_add ("/server-db/postgresql/notify", Fixture, GINT_TO_POINTER (BACKEND_POSTGRESQL),
              fixture_set_up, test_pg_notify, fixture_tear_down);
  g_test_add ("/server-db/postgresql/unavailable", Fixture, GINT_TO_POINTER (BACKEND_POSTGRESQL),
              fixture_set_up, test_pg_unavailable, fixture_tear_down);
  g_test_add ("/server-db/postgresql/commit-unknown", Fixture, GINT_TO_POINTER (BACKEND_POSTGRESQL),
              fixture_set_up, test_pg_commit_unknown, fixture_tear_down);
  g_test_add_func ("/server-db/copy", test_copy);

  return g_test_run ();
}
