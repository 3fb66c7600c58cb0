/* test-import.c — an exported incident read back a chunk at a time
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real exports in a temporary folder, imported into real stores: whole,
 * in chunks cut at every place, and damaged in the ways a file on a USB
 * stick can be, each of which must leave the store as it was, byte for
 * byte, with the words a check of the whole text gives.
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-import-private.h"
#include "fb-json-private.h"
#include "fb-store-private.h"
#include "fb-test-store.h"
#include "fb-test-util.h"

#define T0 G_GINT64_CONSTANT (1764000000000)
#define MIN_MS 60000

typedef struct
{
  FbTestDir   *dir;
  FbTestClock  clock;
  char        *incident;
  char        *digest;     /* the incident's, as verify gives it */
  char        *path;       /* its export, from two devices */
  char        *data;
  gsize        length;
  char        *foreign;    /* an export of another incident */
  guint        n_ops;
  guint        n_stores;
} Fixture;

static FbStore *
open_store (Fixture    *f,
            const char *name)
{
  return fb_test_store_open (f->dir, name, &f->clock, "Haruka Ito");
}

/* A store of its own for each import. */
static FbStore *
new_store (Fixture *f)
{
  g_autofree char *name = g_strdup_printf ("target-%u.db", f->n_stores++);

  return open_store (f, name);
}

static void
add_entry (Fixture    *f,
           FbStore    *store,
           const char *incident,
           const char *text)
{
  g_autoptr(GError) error = NULL;

  f->clock.now_ms += MIN_MS;
  g_free (fb_store_add_entry (store, incident, FB_ENTRY_NOTE, text, 0, NULL, NULL, &error));
  g_assert_no_error (error);
}

static char *
write_export (Fixture    *f,
              FbStore    *store,
              const char *incident,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) json = fb_export_incident (store, incident, FB_EXPORT_JSON, &error);
  char *path = fb_test_dir_file (f->dir, name);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json), &error));
  return path;
}

static char *
digest_of (FbStore    *store,
           const char *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) v = fb_store_verify (store, incident, &error);

  g_assert_no_error (error);
  if (v->problem != NULL)
    g_error ("%s", v->problem);
  return g_strdup (v->digest);
}

/* An incident recorded on one workstation, between entries of another
 * incident (so that its device's chain needs links), imported on a
 * second, which adds to it: its export holds two devices' ops. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) first = NULL;
  g_autoptr(FbStore) second = NULL;
  g_autofree char *other = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *foreign_path = NULL;
  gsize length;

  f->dir = fb_test_dir_new ();
  f->clock.now_ms = T0;
  first = open_store (f, "first.db");
  f->incident = fb_store_create_incident (first, "Ransomware, file server", "ransomware", 1, T0, 60, FALSE, &error);
  g_assert_no_error (error);
  other = fb_store_create_incident (first, "Phishing wave", "generic", 3, T0, 60, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *text = g_strdup_printf ("Host %u isolated; 隔離済み, 確認は田中さん \"quoted\"\n line two", i);

      add_entry (f, first, f->incident, text);
      add_entry (f, first, other, "Mail gateway rule added");
    }

  first_path = write_export (f, first, f->incident, "first.json");
  foreign_path = write_export (f, first, other, "foreign.json");
  g_assert_true (g_file_get_contents (foreign_path, &f->foreign, NULL, NULL));
  {
    g_autofree char *data = NULL;

    second = open_store (f, "second.db");
    g_assert_true (g_file_get_contents (first_path, &data, &length, NULL));
    g_assert_true (fb_import_incident (second, data, length, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 4; i++)
    add_entry (f, second, f->incident, "Backups checked: ✓ clean");

  f->path = write_export (f, second, f->incident, "incident.json");
  g_assert_true (g_file_get_contents (f->path, &f->data, &f->length, NULL));
  f->digest = digest_of (second, f->incident);
  {
    /* Links carry a device_seq too. */
    const char *links = strstr (f->data, "\"links\" : [");

    g_assert_nonnull (links);
    f->n_ops = fb_test_count_in (f->data, "\"body\" : ");
    g_assert_cmpuint (fb_test_count_in (links, "\"device_seq\""), >, 0);
  }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  _fb_import_set_chunk_size (0);
  g_free (f->incident);
  g_free (f->digest);
  g_free (f->path);
  g_free (f->data);
  g_free (f->foreign);
  fb_test_dir_free (f->dir);
}

/* Every row of every table of the store's file, as another program
 * reads it: what "nothing was changed" means. */
static char *
snapshot (FbStore *store)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (store->sql.path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (char *) tables->pdata[t]);

      g_checksum_update (sum, tables->pdata[t], -1);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const guchar *value = sqlite3_column_text (stmt, c);

            g_checksum_update (sum, value != NULL ? value : (const guchar *) "\1NULL", -1);
            g_checksum_update (sum, (const guchar *) "\2", 1);
          }
      sqlite3_finalize (stmt);
    }

  sqlite3_close (db);
  return g_strdup (g_checksum_get_string (sum));
}

static void
assert_imported (Fixture *f,
                 FbStore *store,
                 guint    n_applied)
{
  g_autofree char *digest = digest_of (store, f->incident);

  g_assert_cmpuint (n_applied, ==, f->n_ops);
  g_assert_cmpstr (digest, ==, f->digest);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *data,
            gsize       length)
{
  char *path = fb_test_dir_file (f->dir, name);

  g_assert_true (g_file_set_contents (path, data, (gssize) length, NULL));
  return path;
}

/* The import of @data (a file of it, and the bytes) is refused with
 * @expected, or with words that hold @mentions, and @store is as it was. */
static void
assert_refused (Fixture    *f,
                FbStore    *store,
                const char *data,
                gsize       length,
                const char *expected,
                const char *mentions)
{
  g_autofree char *before = snapshot (store);
  g_autofree char *after = NULL;
  g_autofree char *path = write_file (f, "damaged.json", data, length);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *incident = NULL;
      gboolean ok = i == 0 ? fb_import_incident_file (store, file, &incident, NULL, &error)
                           : fb_import_incident (store, data, length, &incident, NULL, &error);

      g_assert_false (ok);
      g_assert_null (incident);
      g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
      if (expected != NULL)
        g_assert_cmpstr (error->message, ==, expected);
      if (mentions != NULL && strstr (error->message, mentions) == NULL)
        g_error ("“%s” does not mention “%s”", error->message, mentions);
      g_assert_nonnull (strstr (error->message, "Nothing was changed."));
    }

  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);
}

/* What the import always said of text the check of a whole text
 * refuses. */
static char *
words_for_text (const char *data,
                gsize       length)
{
  g_autoptr(GError) error = NULL;

  if (_fb_json_check_untrusted (data, length, G_MAXSIZE, FB_JSON_MAX_DEPTH, &error))
    return NULL;
  return g_strdup_printf ("This file cannot be imported: %s Nothing was changed.", error->message);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(FbStore) target = new_store (f);
  g_autoptr(FbStore) again = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *exported = NULL;
  guint n = 0;

  g_assert_true (fb_import_incident_file (target, file, &incident, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (incident, ==, f->incident);
  assert_imported (f, target, n);

  /* Everything again is nothing new. */
  g_assert_true (fb_import_incident_file (target, file, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);

  /* What came in goes out the same, byte for byte but for when and by
   * whom it was exported. */
  exported = write_export (f, target, f->incident, "again.json");
  again = new_store (f);
  {
    g_autoptr(GFile) round = g_file_new_for_path (exported);

    g_assert_true (fb_import_incident_file (again, round, NULL, &n, &error));
    g_assert_no_error (error);
    assert_imported (f, again, n);
  }
}

/* Chunks of every size up to a few hundred bytes cut the file at every
 * place: inside names, strings, escapes, numbers, Japanese characters and
 * the white space between them. */
static void
test_chunks (Fixture       *f,
             gconstpointer  user_data)
{
  static const gsize sizes[] = { 1, 2, 3, 4, 5, 7, 11, 64, 127, 509, 4096 };
  g_autoptr(GFile) file = g_file_new_for_path (f->path);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(FbStore) target = new_store (f);
      g_autoptr(GError) error = NULL;
      guint n = 0;

      _fb_import_set_chunk_size (sizes[i]);
      g_assert_true (fb_import_incident_file (target, file, NULL, &n, &error));
      g_assert_no_error (error);
      assert_imported (f, target, n);
    }
}

/* A file cut short anywhere, to its last byte, is refused as the check of
 * the whole text refuses it. */
static void
test_truncated (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(FbStore) target = new_store (f);
  g_autofree char *before = snapshot (target);
  g_autofree char *after = NULL;
  gsize end = f->length;

  while (end > 0 && g_ascii_isspace (f->data[end - 1]))
    end--;

  _fb_import_set_chunk_size (61);
  for (gsize length = 0; length < end; length++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = words_for_text (f->data, length);

      /* Every byte near the ends; a stride between them, which still
       * stops in every kind of place. */
      if (length > 3000 && length + 3000 < end && length % 7 != 0)
        continue;

      g_assert_nonnull (expected);
      g_assert_false (fb_import_incident (target, f->data, length, NULL, NULL, &error));
      g_assert_cmpstr (error->message, ==, expected);
    }

  after = snapshot (target);
  g_assert_cmpstr (after, ==, before);
}

/* The text between @from and the end of the op it is in, the op's
 * ",\n    {" or "[\n    {" kept before it. */
static void
find_op (const char *data,
         guint       nth,
         gsize      *start,
         gsize      *end)
{
  const char *ops = strstr (data, "\"ops\" : [");
  const char *p = ops;

  for (guint i = 0; i <= nth; i++)
    {
      p = strstr (p + 1, "\n    {");
      g_assert_nonnull (p);
    }
  *start = (gsize) (p - data);
  p = strstr (p, "\n    }");
  g_assert_nonnull (p);
  *end = (gsize) (p - data) + strlen ("\n    }");
}

/* The file with the bytes from @start to @end replaced by @with. */
static char *
spliced (Fixture    *f,
         gsize       start,
         gsize       end,
         const char *with,
         gsize      *length)
{
  GString *out = g_string_new_len (f->data, (gssize) start);

  g_string_append (out, with);
  g_string_append_len (out, f->data + end, (gssize) (f->length - end));
  *length = out->len;
  return g_string_free (out, FALSE);
}

static void
test_damaged (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(FbStore) target = new_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_strdup (f->data);
  gsize start, end, length;
  guint n = 0;

  _fb_import_set_chunk_size (97);

  /* A byte changed in the first op and in the last: its hash. */
  for (guint i = 0; i < 2; i++)
    {
      guint nth = i == 0 ? 0 : f->n_ops - 1;
      g_autofree char *expected = g_strdup_printf ("change %u of %u is damaged", nth + 1, f->n_ops);
      char *author;

      find_op (f->data, nth, &start, &end);
      author = strstr (copy + start, "\"author\" : \"") + strlen ("\"author\" : \"");
      g_assert_true (author < copy + end);
      *author = *author == 'X' ? 'Y' : 'X';
      assert_refused (f, target, copy, f->length, NULL, expected);
      memcpy (copy, f->data, f->length);
    }

  /* Text that is not UTF-8 in the last op, and the last byte changed. */
  find_op (f->data, f->n_ops - 1, &start, &end);
  copy[end - 10] = (char) 0xff;
  assert_refused (f, target, copy, f->length, NULL, "not valid UTF-8");
  memcpy (copy, f->data, f->length);
  end = f->length;
  while (g_ascii_isspace (copy[end - 1]))
    end--;
  copy[end - 1] = ']';
  {
    g_autofree char *expected = words_for_text (copy, f->length);

    assert_refused (f, target, copy, f->length, expected, NULL);
  }
  memcpy (copy, f->data, f->length);

  /* An op removed from inside a device's chain. */
  for (guint nth = 0; nth < 2; nth++)
    {
      g_autofree char *without = NULL;

      find_op (f->data, nth, &start, &end);
      if (nth == 0)
        {
          /* The first op's place, the next one's comma. */
          gsize next_start, next_end;

          find_op (f->data, 1, &next_start, &next_end);
          without = spliced (f, start, next_start + 1, "", &length);
        }
      else
        without = spliced (f, start - 1, end, "", &length);
      assert_refused (f, target, without, length, NULL, "is broken at number");
    }

  /* An op repeated. */
  {
    g_autofree char *op = NULL;
    g_autofree char *twice = NULL;

    find_op (f->data, 3, &start, &end);
    op = g_strndup (f->data + start - 1, end - start + 1);
    twice = spliced (f, end, end, op, &length);
    assert_refused (f, target, twice, length, NULL, "is broken at number");
  }

  /* An op of another incident among them. */
  {
    gsize foreign_start, foreign_end;
    g_autofree char *op = NULL;
    g_autofree char *mixed = NULL;

    find_op (f->foreign, 2, &foreign_start, &foreign_end);
    op = g_strndup (f->foreign + foreign_start - 1, foreign_end - foreign_start + 1);
    find_op (f->data, f->n_ops - 1, &start, &end);
    mixed = spliced (f, end, end, op, &length);
    assert_refused (f, target, mixed, length, NULL, "belong to another incident");
  }

  /* A root of more members than an export has, each held to find one
   * given twice. */
  {
    GString *many = g_string_new ("{");
    g_autofree char *text = NULL;

    for (guint i = 0; i < 5000; i++)
      g_string_append_printf (many, "\"m%u\": %u, ", i, i);
    g_string_append (many, f->data + 1);
    length = many->len;
    text = g_string_free (many, FALSE);
    assert_refused (f, target, text, length, NULL, "more than 4096 members");
  }

  /* After all that, the file itself goes in whole. */
  g_assert_true (fb_import_incident (target, f->data, f->length, NULL, &n, &error));
  g_assert_no_error (error);
  assert_imported (f, target, n);
}

/* A store's log may hold a device's ops out of their chain's order (one
 * that was withheld came later), and its export lists them so: they go
 * in all the same, the chain checked in its own order. */
static void
test_out_of_order (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(FbStore) target = new_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *swapped = NULL;
  gsize start1, end1, start2, end2;
  GString *out;
  guint n = 0;

  /* Two entries of the first device, swapped. */
  find_op (f->data, 4, &start1, &end1);
  find_op (f->data, 5, &start2, &end2);
  first = g_strndup (f->data + start1, end1 - start1);
  second = g_strndup (f->data + start2, end2 - start2);
  out = g_string_new_len (f->data, (gssize) start1);
  g_string_append (out, second);
  g_string_append_len (out, f->data + end1, (gssize) (start2 - end1));
  g_string_append (out, first);
  g_string_append (out, f->data + end2);
  swapped = g_string_free (out, FALSE);
  g_assert_cmpstr (swapped, !=, f->data);

  g_assert_true (fb_import_incident (target, swapped, strlen (swapped), NULL, &n, &error));
  g_assert_no_error (error);
  assert_imported (f, target, n);
}

/* A record of more ops than one batch holds, whose last op the store
 * refuses (its clock is too far ahead of the target's): the batches
 * applied before it are not kept. Then the same file, cancelled on the
 * way: nothing is kept either. */
typedef struct
{
  GCancellable *cancellable;
  double        cancel_at;
  GAsyncResult *result;
} Cancelling;

static void
on_progress_cb (double   fraction,
                gpointer user_data)
{
  Cancelling *c = user_data;

  if (fraction >= c->cancel_at)
    g_cancellable_cancel (c->cancellable);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ((Cancelling *) user_data)->result = g_object_ref (result);
}

static void
test_long (Fixture       *f,
           gconstpointer  user_data)
{
  g_autoptr(FbStore) source = new_store (f);
  g_autoptr(FbStore) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 recorded;
  gsize length;
  guint n = 0;

  incident = fb_store_create_incident (source, "Long night", "generic", 2, T0, 60, FALSE, &error);
  g_assert_no_error (error);
  recorded = f->clock.now_ms;
  for (guint done = 0; done < 2500;)
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

      for (; done < 2500 && drafts->len < 500; done++)
        {
          g_autoptr(JsonObject) body = json_object_new ();
          g_autofree char *id = fb_uuid_new ();
          g_autofree char *text = g_strdup_printf ("Log line %u: 接続を遮断", done);

          json_object_set_string_member (body, "kind", "fact");
          json_object_set_string_member (body, "text", text);
          json_object_set_int_member (body, "occurred_at", T0 + done);
          g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, id, body));
        }
      g_assert_true (fb_store_apply (source, drafts, NULL, FB_APPLY_LOCAL, NULL, &error));
      g_assert_no_error (error);
    }
  /* The last an hour on. */
  f->clock.now_ms += 60 * MIN_MS;
  add_entry (f, source, incident, "Handed over");
  path = write_export (f, source, incident, "long.json");
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  file = g_file_new_for_path (path);

  /* The target's clock where the file's others were made. */
  f->clock.now_ms = recorded;
  target = new_store (f);
  _fb_import_set_chunk_size (4093);
  assert_refused (f, target, data, length, NULL, "Change 2502 of 2502: ");

  /* Cancelled in the second pass, which applies. */
  f->clock.now_ms += 60 * MIN_MS;
  before = snapshot (target);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Cancelling c = { cancellable, i == 0 ? 0.05 : 0.5, NULL };

      fb_import_incident_async (target, file, cancellable, on_progress_cb, &c, on_done_cb, &c);
      while (c.result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_false (fb_import_incident_finish (target, c.result, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_clear_object (&c.result);
      after = snapshot (target);
      g_assert_cmpstr (after, ==, before);
      g_clear_pointer (&after, g_free);
    }

  /* And whole. */
  g_assert_true (fb_import_incident_file (target, file, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2502);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/import/round-trip", test_round_trip);
  ADD ("/import/chunks", test_chunks);
  ADD ("/import/truncated", test_truncated);
  ADD ("/import/damaged", test_damaged);
  ADD ("/import/out-of-order", test_out_of_order);
  ADD ("/import/long", test_long);
#undef ADD

  return g_test_run ();
}
