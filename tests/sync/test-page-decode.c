/* test-page-decode.c — a page read from its text, held to the tree's reading
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync client decodes pulled pages and live notices from their text
 * (src/sync/fb-sync-page.c). Every page of a corpus, valid, with each
 * member of each kind wrong, cut at every byte, with hostile escapes,
 * deep nesting, huge numbers, members twice, bytes that are not UTF-8 and
 * NULs, is decoded that way and through a json-glib tree as before: both
 * must give the same ops, links and cursor, or the same words for what
 * is wrong.
 */

#include "config.h"

#include <string.h>

#include "fb-op-scan-private.h"
#include "fb-test-page.h"

#define DEVICE    "0b7e3c36-5d8e-4a39-9f2e-6f1f3b2c1a00"
#define INCIDENT  "4f1c2d3e-1111-4a2b-8c3d-5e6f7a8b9c0d"
#define ENTRY     "9a8b7c6d-2222-4e5f-8a1b-2c3d4e5f6a7b"
#define CONTACT   "9a8b7c6d-3333-4e5f-8a1b-2c3d4e5f6a7b"
#define OTHER_ID  "0123abcd-4444-4e5f-8a1b-2c3d4e5f6a7b"
#define DIGEST    "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"

static guint n_checked;

static FbOp *
make_op (FbOpKind    kind,
         const char *incident,
         const char *entity,
         JsonObject *body,
         gint64      seq,
         const char *prev)
{
  FbOp *op = fb_op_new (kind, incident, entity, body);

  op->id = g_strdup_printf ("11111111-2222-4333-8444-%012" G_GINT64_MODIFIER "d", seq);
  op->device = g_strdup (DEVICE);
  op->device_seq = seq;
  g_free (op->prev);
  op->prev = g_strdup (prev);
  op->hlc = g_strdup_printf ("00017640000%05" G_GINT64_MODIFIER "d-000000", seq);
  op->author = g_strdup ("Aiko \"the\" 指揮官");
  op->hash = fb_op_compute_hash (op);
  g_assert_true (fb_op_validate (op, NULL));
  return op;
}

/* Three ops of three kinds (text with every escape, data with a list, a
 * global contact, lists of accounts), an op withheld as a link, the
 * page's own links and what it withholds. */
static JsonNode *
make_page (void)
{
  g_autoptr(JsonObject) entry = json_object_new ();
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(JsonObject) contact = json_object_new ();
  g_autoptr(JsonObject) restrict_ = json_object_new ();
  g_autoptr(JsonArray) users = json_array_new ();
  g_autoptr(JsonArray) groups = json_array_new ();
  g_autoptr(FbOp) first = NULL;
  g_autoptr(FbOp) second = NULL;
  g_autoptr(FbOp) third = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  FbLink link = { (char *) DEVICE, 4, NULL, (char *) DIGEST };

  json_array_add_string_element (list, "a\tb");
  json_array_add_string_element (list, "😀 \u2028");
  json_object_set_string_member (data, "event", "severity");
  json_object_set_int_member (data, "from", -2);
  json_object_set_boolean_member (data, "drill", TRUE);
  json_object_set_array_member (data, "tags", g_steal_pointer (&list));
  json_object_set_string_member (entry, "kind", "fact");
  json_object_set_string_member (entry, "text", "quote \" backslash \\ slash / \b\f\n\r\t \x01\x1f é 暗号化 😀");
  json_object_set_int_member (entry, "occurred_at", 1764000000000);
  json_object_set_object_member (entry, "data", g_steal_pointer (&data));
  first = make_op (FB_OP_KIND_ENTRY_ADD, INCIDENT, ENTRY, entry, 1, "");

  json_object_set_string_member (contact, "name", "Kenji");
  json_object_set_int_member (contact, "tier", 2);
  json_object_set_boolean_member (contact, "example", FALSE);
  second = make_op (FB_OP_KIND_CONTACT_SET, NULL, CONTACT, contact, 2, first->hash);

  json_array_add_string_element (users, "aiko");
  json_array_add_string_element (groups, "soc@example.org");
  json_object_set_boolean_member (restrict_, "restricted", TRUE);
  json_object_set_array_member (restrict_, "users", g_steal_pointer (&users));
  json_object_set_array_member (restrict_, "groups", g_steal_pointer (&groups));
  json_object_set_boolean_member (restrict_, "visible", TRUE);
  third = make_op (FB_OP_KIND_INCIDENT_RESTRICT, INCIDENT, INCIDENT, restrict_, 3, second->hash);

  link.prev = third->hash;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "head");
  json_builder_add_int_value (builder, 9);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  for (guint i = 0; i < 4; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, i + 1);
      json_builder_set_member_name (builder, i < 3 ? "op" : "link");
      json_builder_add_value (builder, i < 3 ? fb_op_to_json_node ((FbOp *[]) { first, second, third }[i])
                                             : fb_link_to_json_node (&link));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "restricted");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, INCIDENT);
  json_builder_add_string_value (builder, "not an id");
  json_builder_add_int_value (builder, 3);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "withheld");
  json_builder_add_string_value (builder, DIGEST);
  json_builder_set_member_name (builder, "links");
  json_builder_begin_array (builder);
  link.device_seq = 1;
  link.prev = (char *) "";
  json_builder_add_value (builder, fb_link_to_json_node (&link));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Canonical JSON (json-glib's generator leaves control characters
 * unescaped), and the same spread out with white space. */
static char *
text_of (JsonNode *node,
         gboolean  pretty)
{
  g_autofree char *canonical = fb_json_canonical (node, NULL);
  GString *out;
  gboolean in_text = FALSE;

  if (!pretty)
    return g_steal_pointer (&canonical);

  out = g_string_new (NULL);
  for (const char *p = canonical; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (in_text)
        {
          if (*p == '\\')
            g_string_append_c (out, *++p);
          else if (*p == '"')
            in_text = FALSE;
        }
      else if (*p == '"')
        in_text = TRUE;
      else if (*p == ',' || *p == '{' || *p == '[')
        g_string_append (out, "\n\t ");
      else if (*p == ':')
        g_string_append (out, " \r");
    }
  return g_string_free (out, FALSE);
}

/* The cursors a page is read from: none; at its first op, known by id
 * or by hash; at its link; at an op the server no longer holds. */
static void
check_page (const char *data,
            gsize       length)
{
  static const struct { gint64 cursor; const char *id; } cursors[] = {
    { 0, NULL },
    { 1, "11111111-2222-4333-8444-000000000001" },
    { 2, "11111111-2222-4333-8444-000000000002" },
    { 4, DIGEST },
    { 1, OTHER_ID },
    { 3, NULL },
  };
  g_autofree char *reader_differs = fb_test_reader_differs (data, length);

  if (reader_differs != NULL)
    g_error ("The reader and json-glib read %.*s apart: %s", (int) MIN (length, 2000), data, reader_differs);

  for (guint i = 0; i < G_N_ELEMENTS (cursors); i++)
    {
      g_autofree char *differs = fb_test_page_differs (data, length, 64 * 1024, cursors[i].cursor, cursors[i].id);

      if (differs != NULL)
        g_error ("From cursor %" G_GINT64_FORMAT ", the two decodings of %.*s differ: %s",
                 cursors[i].cursor, (int) MIN (length, 2000), data, differs);
      n_checked++;
    }
}

static void
check_node (JsonNode *root)
{
  g_autofree char *compact = text_of (root, FALSE);
  g_autofree char *pretty = text_of (root, TRUE);

  check_page (compact, strlen (compact));
  check_page (pretty, strlen (pretty));
}

/* Values of every kind, to put where another was expected. */
static JsonNode *
wrong_value (guint i)
{
  static const char * const values[] = {
    "null", "0", "-1", "1", "9223372036854775807", "-9223372036854775808", "1.5", "1e3", "-0",
    "true", "false", "\"\"", "\"x\"", "\"" DIGEST "\"", "\"" OTHER_ID "\"", "\"0001764000000000-000000\"",
    "[]", "[1]", "[\"aiko\"]", "{}", "{\"a\":1}", "\"\\u00e9\\ud83d\\ude00\"",
  };

  if (i >= G_N_ELEMENTS (values))
    return NULL;
  return json_from_string (values[i], NULL);
}

/* Each member of @object set to each kind of value in turn, removed, and
 * joined by one it does not know. */
static void
mutate_members (JsonNode   *root,
                JsonObject *object)
{
  g_autoptr(GList) names = json_object_get_members (object);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) members = NULL;

  for (const GList *l = names; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  members = g_strv_builder_end (builder);

  /* The names are copied: the object frees its own as members go. */
  for (guint m = 0; members[m] != NULL; m++)
    {
      const char *name = members[m];
      g_autoptr(JsonNode) saved = json_object_dup_member (object, name);
      JsonNode *value;

      for (guint i = 0; (value = wrong_value (i)) != NULL; i++)
        {
          json_object_set_member (object, name, value);
          check_node (root);
        }
      json_object_remove_member (object, name);
      check_node (root);
      json_object_set_member (object, name, g_steal_pointer (&saved));
    }

  json_object_set_int_member (object, "unknown", 1);
  check_node (root);
  json_object_remove_member (object, "unknown");
}

static void
test_page_valid (void)
{
  g_autoptr(JsonNode) root = make_page ();
  g_autofree char *compact = text_of (root, FALSE);
  FbSyncPage *page = _fb_sync_page_new (0, NULL);
  g_autoptr(GError) error = NULL;

  /* The page is a real one, not only one both refuse alike. */
  _fb_sync_page_decode (page, compact, strlen (compact), 64 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->ops->len, ==, 3);
  g_assert_cmpuint (page->links->len, ==, 2);
  g_assert_cmpint (page->last_seq, ==, 4);
  g_assert_cmpint (page->head, ==, 9);
  g_assert_cmpstr (page->withheld, ==, DIGEST);
  g_assert_cmpuint (g_strv_length (page->hidden), ==, 1);
  for (guint i = 0; i < page->ops->len; i++)
    g_assert_true (fb_op_verify_hash (g_ptr_array_index (page->ops, i), NULL));
  _fb_sync_page_free (page);

  check_node (root);
}

static void
test_page_wrong_types (void)
{
  g_autoptr(JsonNode) root = make_page ();
  JsonObject *object = json_node_get_object (root);
  JsonArray *ops;

  mutate_members (root, object);
  ops = json_object_get_array_member (object, "ops");
  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonObject *element = json_array_get_object_element (ops, i);
      JsonObject *op;

      /* The members come back as copies: look them up after. */
      mutate_members (root, element);
      op = json_object_has_member (element, "op") ? json_object_get_object_member (element, "op") : NULL;
      if (op != NULL)
        {
          mutate_members (root, op);
          mutate_members (root, json_object_get_object_member (op, "body"));
        }
      else
        mutate_members (root, json_object_get_object_member (element, "link"));
    }
  mutate_members (root, json_object_get_object_member (
    json_object_get_object_member (json_object_get_object_member (json_array_get_object_element (ops, 0), "op"),
                                   "body"), "data"));

  /* Elements that are no objects, in each place. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonArray) original = json_array_ref (json_object_get_array_member (object, "ops"));
      JsonNode *value;

      for (guint v = 0; (value = wrong_value (v)) != NULL; v++)
        {
          JsonArray *changed = json_array_new ();

          for (guint j = 0; j < json_array_get_length (original); j++)
            json_array_add_element (changed, j == i ? json_node_ref (value)
                                                    : json_node_copy (json_array_get_element (original, j)));
          json_node_unref (value);
          json_object_set_array_member (object, "ops", changed);
          check_node (root);
        }
      json_object_set_array_member (object, "ops", g_steal_pointer (&original));
    }
}

/* Members moved about: the text decoder reads them as they come, the
 * tree's as it looks them up. */
static void
test_page_member_order (void)
{
  static const char * const pages[] = {
    "{\"links\":[{\"device\":\"" DEVICE "\",\"device_seq\":0,\"prev\":\"\",\"hash\":\"" DIGEST "\"}],\"ops\":[{\"op\":{},\"seq\":2}]}",
    "{\"links\":[{}],\"ops\":[{\"seq\":2,\"link\":{}}]}",
    "{\"links\":[{}],\"ops\":[]}",
    "{\"links\":[{}],\"ops\":[{\"seq\":1,\"op\":{\"id\":\"" OTHER_ID "\"}}]}",
    "{\"restricted\":[\"" INCIDENT "\"],\"withheld\":\"x\",\"head\":3,\"ops\":[{\"link\":{\"hash\":\"" DIGEST "\"},\"seq\":4},{\"seq\":5}]}",
    "{\"ops\":[{\"op\":{\"hash\":\"" DIGEST "\",\"id\":1},\"seq\":4},{\"seq\":4,\"op\":{}}]}",
    "{\"ops\":[{\"seq\":4,\"op\":{\"hash\":\"" DIGEST "\",\"id\":1}},{\"seq\":3,\"op\":{}}]}",
    "{\"ops\":[{\"seq\":4,\"link\":{\"hash\":\"" DIGEST "\"}},{\"seq\":5,\"op\":[],\"link\":{}}]}",
    "{\"ops\":[{\"seq\":4,\"link\":{\"hash\":\"" DIGEST "\"}},{\"seq\":5,\"op\":{\"x\":1},\"link\":{}}]}",
    "{\"ops\":[{\"seq\":1,\"op\":{\"id\":\"11111111-2222-4333-8444-000000000001\",\"body\":[]}}]}",
    "{\"ops\":[{\"seq\":1,\"op\":{\"id\":\"11111111-2222-4333-8444-000000000001\",\"body\":[]}},{\"seq\":-1}]}",
    "{\"ops\":[],\"head\":1.0}",
    "{\"ops\":[],\"head\":-5,\"head2\":{\"ops\":1}}",
    "[]",
    "\"ops\"",
    "{\"ops\":{}}",
    "{\"ops\":null}",
    "{\"opz\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    check_page (pages[i], strlen (pages[i]));
}

static void
test_page_truncated (void)
{
  g_autoptr(JsonNode) root = make_page ();
  g_autofree char *compact = text_of (root, FALSE);
  g_autofree char *pretty = text_of (root, TRUE);
  gsize len = strlen (compact);

  for (gsize cut = 0; cut <= len; cut++)
    check_page (compact, cut);
  /* The same bytes, with no NUL after them to run on to. */
  for (gsize cut = 0; cut <= strlen (pretty); cut += 7)
    {
      g_autofree char *copy = g_memdup2 (pretty, cut);

      check_page (copy != NULL ? copy : "", cut);
    }
}

/* Each byte of a page replaced by each of a few that change its meaning. */
static void
test_page_bytes (void)
{
  static const char replacements[] = { '"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'e', ' ', '\0', '\x7f',
                                       '\xff', '\xc3', '\x80' };
  g_autoptr(JsonNode) root = make_page ();
  g_autofree char *compact = text_of (root, FALSE);
  gsize len = strlen (compact);

  for (gsize at = 0; at < len; at++)
    for (guint r = 0; r < G_N_ELEMENTS (replacements); r++)
      {
        g_autofree char *copy = g_memdup2 (compact, len);

        copy[at] = replacements[r];
        check_page (copy, len);
      }
}

/* What a hostile server could write in place of an op's text, a member's
 * name or a number. */
static void
test_page_hostile (void)
{
  static const char * const texts[] = {
    "\\u0000", "a\\u0000b", "\\ud800", "\\udc00", "\\ud800\\u0041", "\\ud83d\\ude00", "\\uD83D\\uDE00",
    "\\ud83d", "\\ud83d\\", "\\ud83d\\u", "\\ud83d\\udbff", "\\u00e9\\u00E9", "\\u12", "\\u12g4", "\\x41",
    "\\'", "\\/\\\"\\\\\\b\\f\\n\\r\\t", "\\u001f\\u007f", "\\uffff\\ufffe", "\\u2028\\u2029",
    "\xc3", "\xc3\x28", "\xe2\x82", "\xf0\x9f\x98", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "\xff",
    "\x7f", "\t", "\n", "\x01", "é😀",
  };
  static const char * const numbers[] = {
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "99999999999999999999999", "1e400", "-1e-400", "1E5", "1.0", "0.5e+1", "01", "-01", "00", "-", "1.",
    ".5", "+1", "0x10", "1e", "1e+", "Infinity", "NaN", "-0", "0", "2", "1 2",
  };
  g_autoptr(JsonNode) root = make_page ();
  g_autofree char *compact = text_of (root, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      /* In an op's text, an author, a member's name of the body and of
       * the op, a link's hash and a data list. */
      static const char * const places[] = { "Kenji", "aiko\"", "\"tier\"", "\"prev\"", "\"hash\"", "a\\tb" };

      for (guint p = 0; p < G_N_ELEMENTS (places); p++)
        {
          const char *where = strstr (compact, places[p]);
          g_autofree char *page = NULL;

          g_assert_nonnull (where);
          page = g_strdup_printf ("%.*s%s%s", (int) (where - compact + (places[p][0] == '"' ? 1 : 0)), compact,
                                  texts[i], where + (places[p][0] == '"' ? 1 : 0));
          check_page (page, strlen (page));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      static const char * const places[] = { "\"seq\":2", "\"device_seq\":2", "\"tier\":2", "\"head\":9",
                                              "\"from\":-2", "\"occurred_at\":1764000000000" };

      for (guint p = 0; p < G_N_ELEMENTS (places); p++)
        {
          const char *where = strstr (compact, places[p]);
          const char *colon = strchr (where, ':');
          const char *after = colon + 1;
          g_autofree char *page = NULL;

          while (*after == '-' || g_ascii_isdigit (*after))
            after++;
          page = g_strdup_printf ("%.*s%s%s", (int) (colon + 1 - compact), compact, numbers[i], after);
          check_page (page, strlen (page));
        }
    }
}

static void
test_page_structure (void)
{
  g_autoptr(JsonNode) root = make_page ();
  g_autofree char *compact = text_of (root, FALSE);
  g_autoptr(GString) deep = g_string_new (NULL);
  static const char * const pages[] = {
    "", " ", "{", "}", "{}", "{\"ops\":[]}", "{\"ops\":[],}", "{\"ops\":[,]}", "{\"ops\":[]} x",
    "{\"ops\":[]}\n", "\xef\xbb\xbf{\"ops\":[]}", "{\"ops\":[]/* c */}", "{'ops':[]}", "{ops:[]}",
    "{\"ops\":[],\"ops\":[]}", "{\"ops\":[{\"seq\":1,\"seq\":1}]}", "{\"ops\":[{\"seq\":2,\"op\":{\"id\":\"a\",\"id\":\"b\"}}]}",
    "{\"ops\":[{\"seq\":2,\"op\":{\"body\":{\"text\":\"a\",\"text\":\"b\"}}}]}",
    "{\"ops\":[{\"seq\":2,\"op\":{\"body\":{\"data\":{\"a\":1,\"a\":2}}}}]}",
    "{\"ops\":[{\"seq\":2,\"op\":{\"\\u0069d\":\"a\",\"id\":\"b\"}}]}",
    "{\"ops\":[{\"seq\":2,\"op\":{\"a\\nb\":1,\"a\\tb\":2}}]}",
    "{\"\\u006fps\":[],\"head\":1}", "{\"ops\":[]}\0{}", "{\"ops\":[\0]}", "{\"ops\":[\"\0\"]}",
    "{\"ops\":[]\t\r\n }", "{\"ops\":[true,false,null]}", "{\"ops\":[tru]}", "{\"ops\":[nul]}", "{\"ops\":[truex]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    check_page (pages[i], strlen (pages[i]));
  /* With the NULs in them counted. */
  check_page ("{\"ops\":[]}\0{}", 13);
  check_page ("{\"ops\":[\0]}", 11);
  check_page ("{\"ops\":[\"\0\"]}", 13);

  /* Nesting to the limit and past it, in a body's data and at the top. */
  for (guint depth = 10; depth <= 20; depth++)
    {
      const char *where = strstr (compact, "\"drill\":true");
      g_autofree char *page = NULL;

      g_string_truncate (deep, 0);
      for (guint i = 0; i < depth; i++)
        g_string_append_c (deep, '[');
      for (guint i = 0; i < depth; i++)
        g_string_append_c (deep, ']');
      page = g_strdup_printf ("%.*s\"drill\":%s%s", (int) (where - compact), compact, deep->str,
                              where + strlen ("\"drill\":true"));
      check_page (page, strlen (page));
      g_free (page);
      page = g_strdup_printf ("{\"x\":%s,\"ops\":[]}", deep->str);
      check_page (page, strlen (page));
    }

  /* Past the size limit, and at it. */
  {
    g_autofree char *big = g_strnfill (64 * 1024 - strlen ("{\"ops\":[],\"x\":\"\"}"), 'a');
    g_autofree char *page = g_strdup_printf ("{\"ops\":[],\"x\":\"%s\"}", big);

    check_page (page, strlen (page));
    g_free (page);
    page = g_strdup_printf ("{\"ops\":[],\"x\":\"%sa\"}", big);
    check_page (page, strlen (page));
  }
}

/* A whole op read from text, as fb_op_from_json () reads it. */
static void
test_op_read (void)
{
  g_autoptr(JsonNode) root = make_page ();
  JsonArray *ops = json_object_get_array_member (json_node_get_object (root), "ops");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = text_of (json_object_get_member (json_array_get_object_element (ops, i), "op"), TRUE);
      g_auto(FbJsonReader) reader = { 0 };
      g_autoptr(FbOp) read = NULL;
      g_autoptr(FbOp) parsed = NULL;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_assert_true (_fb_json_check_untrusted (text, strlen (text), FB_OP_MAX_BYTES, FB_JSON_MAX_DEPTH, NULL));
      _fb_json_reader_init (&reader, text, strlen (text));
      read = _fb_op_read (&reader, NULL);
      parsed = fb_op_from_json (text, -1, NULL);
      g_assert_nonnull (read);
      g_assert_nonnull (parsed);
      g_assert_true (_fb_json_reader_done (&reader));
      a = fb_test_op_text (read);
      b = fb_test_op_text (parsed);
      g_assert_cmpstr (a, ==, b);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/page-decode/valid", test_page_valid);
  g_test_add_func ("/page-decode/op", test_op_read);
  g_test_add_func ("/page-decode/wrong-types", test_page_wrong_types);
  g_test_add_func ("/page-decode/member-order", test_page_member_order);
  g_test_add_func ("/page-decode/truncated", test_page_truncated);
  g_test_add_func ("/page-decode/bytes", test_page_bytes);
  g_test_add_func ("/page-decode/hostile", test_page_hostile);
  g_test_add_func ("/page-decode/structure", test_page_structure);

  return g_test_run ();
}
