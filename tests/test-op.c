/* test-op.c — decoding, validating and hashing ops
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-error.h"
#include "fb-op.h"

#define DEVICE "0b7e3c36-5d8e-4a39-9f2e-6f1f3b2c1a00"
#define INCIDENT "4f1c2d3e-1111-4a2b-8c3d-5e6f7a8b9c0d"
#define ENTRY "9a8b7c6d-2222-4e5f-8a1b-2c3d4e5f6a7b"

static FbOp *
make_entry_op (void)
{
  g_autoptr(JsonObject) body = json_object_new ();
  FbOp *op;

  json_object_set_string_member (body, "kind", "fact");
  json_object_set_string_member (body, "text", "Files on the NAS renamed to *.locked");
  json_object_set_int_member (body, "occurred_at", 1764000000000);

  op = fb_op_new (FB_OP_KIND_ENTRY_ADD, INCIDENT, ENTRY, body);
  op->id = g_strdup ("11111111-2222-4333-8444-555555555555");
  op->device = g_strdup (DEVICE);
  op->device_seq = 1;
  op->hlc = g_strdup ("0001764000000000-000000");
  op->author = g_strdup ("Aiko");
  op->hash = fb_op_compute_hash (op);

  return op;
}

static void
test_op_round_trip (void)
{
  g_autoptr(FbOp) op = make_entry_op ();
  g_autoptr(FbOp) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL, *again = NULL;

  g_assert_true (fb_op_validate (op, &error));
  g_assert_no_error (error);

  json = fb_op_to_json (op, NULL);
  back = fb_op_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_true (fb_op_verify_hash (back, &error));
  g_assert_no_error (error);

  again = fb_op_to_json (back, NULL);
  g_assert_cmpstr (json, ==, again);
}

static void
test_op_canonical_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) a = NULL, b = NULL;
  g_autofree char *ca = NULL, *cb = NULL;

  a = fb_json_parse_untrusted ("{\"b\":1,\"a\":{\"y\":\"\\u00e9\",\"x\":true}}", -1, 1024, 8, &error);
  g_assert_no_error (error);
  b = fb_json_parse_untrusted ("{ \"a\" : { \"x\" : true, \"y\" : \"é\" }, \"b\" : 1 }", -1, 1024, 8, &error);
  g_assert_no_error (error);

  ca = fb_json_canonical (a, NULL);
  cb = fb_json_canonical (b, NULL);
  g_assert_cmpstr (ca, ==, cb);
  g_assert_cmpstr (ca, ==, "{\"a\":{\"x\":true,\"y\":\"é\"},\"b\":1}");
}

static void
test_op_hash_covers_everything (void)
{
  g_autoptr(FbOp) op = make_entry_op ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (op->body, "text", "Files on the NAS renamed to *.lockd");
  g_assert_false (fb_op_verify_hash (op, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CHAIN);
}

/* Each malformed case is the valid op with one thing wrong; the error must
 * name the field, so someone can fix what sent it. */
typedef struct
{
  const char *name;
  const char *find;
  const char *replace;
  int         code;
  const char *mentions;
} BadCase;

static const BadCase bad_cases[] = {
  { "missing-field", "\"author\":\"Aiko\",", "", FB_ERROR_INVALID, "“author” is missing" },
  { "missing-body-field", "\"kind\":\"fact\",", "", FB_ERROR_INVALID, "“body.kind” is missing" },
  { "wrong-type", "\"device_seq\":1", "\"device_seq\":\"1\"", FB_ERROR_INVALID, "“device_seq”" },
  { "float", "\"occurred_at\":1764000000000", "\"occurred_at\":1764000000000.5", FB_ERROR_INVALID, "“body.occurred_at”" },
  { "bad-uuid", "\"entity\":\"9a8b7c6d", "\"entity\":\"9A8B7C6D", FB_ERROR_INVALID, "“entity”" },
  { "unknown-type", "\"type\":\"entry.add\"", "\"type\":\"entry.burn\"", FB_ERROR_INVALID, "“type”" },
  { "unknown-field", "\"author\":\"Aiko\"", "\"author\":\"Aiko\",\"admin\":true", FB_ERROR_INVALID, "“admin”" },
  { "unknown-body-field", "\"kind\":\"fact\"", "\"kind\":\"fact\",\"colour\":\"red\"", FB_ERROR_INVALID, "“body.colour”" },
  { "bad-enum", "\"kind\":\"fact\"", "\"kind\":\"rumour\"", FB_ERROR_INVALID, "“body.kind”" },
  { "bad-hlc", "\"hlc\":\"0001764000000000-000000\"", "\"hlc\":\"yesterday\"", FB_ERROR_INVALID, "“hlc”" },
  { "empty-text", "\"text\":\"Files on the NAS renamed to *.locked\"", "\"text\":\"\"", FB_ERROR_INVALID, "“body.text”" },
  { "comment", "{", "{/* hi */", FB_ERROR_INVALID, "strict JSON" },
  { "not-json", "}", "", FB_ERROR_INVALID, "strict JSON" },
  { "prev-on-first", "\"prev\":\"\"", "\"prev\":\"00\"", FB_ERROR_INVALID, "“prev”" },
};

static char *
replace_once (const char *text,
              const char *find,
              const char *replace)
{
  const char *at = strstr (text, find);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, replace, at + strlen (find));
}

static void
test_op_malformed (gconstpointer data)
{
  const BadCase *bad = data;
  g_autoptr(FbOp) op = make_entry_op ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbOp) decoded = NULL;
  g_autofree char *json = fb_op_to_json (op, NULL);
  g_autofree char *broken = NULL;

  broken = replace_once (json, bad->find, bad->replace);
  decoded = fb_op_from_json (broken, -1, &error);
  g_assert_null (decoded);
  g_assert_error (error, FB_ERROR, bad->code);
  if (strstr (error->message, bad->mentions) == NULL)
    g_error ("“%s” does not mention %s", error->message, bad->mentions);
}

static void
test_op_text_over_limit (void)
{
  g_autoptr(FbOp) op = make_entry_op ();
  g_autoptr(GError) error = NULL;
  g_autofree char *long_text = g_strnfill (FB_OP_MAX_TEXT + 1, 'x');

  json_object_set_string_member (op->body, "text", long_text);
  g_assert_false (fb_op_validate (op, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "body.text"));
}

static void
test_op_too_deep (void)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbOp) op = NULL;

  /* Far deeper than the limit: refused before json-glib sees it. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, ']');

  op = fb_op_from_json (json->str, json->len, &error);
  g_assert_null (op);
  /* Over the size limit too; either refusal is right, both come first. */
  g_assert_true (g_error_matches (error, FB_ERROR, FB_ERROR_TOO_DEEP) ||
                 g_error_matches (error, FB_ERROR, FB_ERROR_TOO_LARGE));

  g_clear_error (&error);
  g_string_truncate (json, 0);
  for (guint i = 0; i < FB_JSON_MAX_DEPTH + 1; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < FB_JSON_MAX_DEPTH + 1; i++)
    g_string_append_c (json, ']');
  op = fb_op_from_json (json->str, json->len, &error);
  g_assert_null (op);
  g_assert_error (error, FB_ERROR, FB_ERROR_TOO_DEEP);
}

static void
test_op_invalid_utf8 (void)
{
  g_autoptr(FbOp) op = make_entry_op ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbOp) decoded = NULL;
  g_autofree char *json = fb_op_to_json (op, NULL);
  char *at = strstr (json, "NAS");

  at[0] = (char) 0xff;
  decoded = fb_op_from_json (json, -1, &error);
  g_assert_null (decoded);
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

/* Everything RFC 8259 refuses, and everything json-glib would read as
 * something other than what was sent, is refused before it is parsed. */
static void
test_op_strict_json (void)
{
  static const struct {
    const char *text;
    const char *mentions;
  } refused[] = {
    { "{\"a\":01}", "malformed number" },
    { "{\"a\":-01}", "malformed number" },
    { "{\"a\":00}", "malformed number" },
    { "{\"a\":1.}", "malformed number" },
    { "{\"a\":0x10}", "malformed number" },
    { "{\"a\":1}{\"b\":2}", "after the end" },
    { "{\"a\":1} []", "after the end" },
    { "{\"a\":1}]", "after the end" },
    { "{\"a\":\"\\x41\"}", "unknown escape" },
    { "{\"a\":\"\\'\"}", "unknown escape" },
    { "{\"a\":\"\\u12\"}", "four hexadecimal digits" },
    { "{\"a\":1,\"a\":2}", "appears twice" },
    { "{\"o\":{\"k\":true,\"k\":true}}", "appears twice" },
    { "{\"a\":1,\"\\u0061\":2}", "appears twice" },
    { "{\"a\\nb\":1,\"a\\u000ab\":2}", "appears twice" },
    { "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"j\":10,"
      "\"k\":11,\"l\":12,\"m\":13,\"n\":14,\"o\":15,\"p\":16,\"q\":17,\"r\":18,\"b\":19}", "appears twice" },
    { "{\"a\":\"x\\u0000y\"}", "NUL" },
    { "{\"\\u0000\":1}", "NUL" },
    { "{\"a\":9223372036854775808}", "too large" },
    { "{\"a\":-9223372036854775809}", "too large" },
    { "{\"a\":18446744073709551616}", "too large" },
    { "{\"a\":1,}", "comma" },
    { "{'a':1}", "member name" },
    { "{\"a\":tru}", "unexpected word" },
  };
  static const char * const taken[] = {
    "{\"a\":0}",
    "{\"a\":-0}",
    "{\"a\":9223372036854775807}",
    "{\"a\":-9223372036854775808}",
    "{\"a\":\"\\u0001\\/\\b\"}",
    " [1, 2.5e3, true, null] ",
    /* Names that differ only in the control character they hold. */
    "{\"a\\nb\":1,\"a\\tb\":2,\"a\\bb\":3,\"a\\fb\":4,\"a\\rb\":5,\"a b\":6}",
    /* The same name in an object and in the object inside it. */
    "{\"k\":{\"k\":{\"k\":1}},\"j\":{\"k\":2}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = fb_json_parse_untrusted (refused[i].text, -1, 1024, 8, &error);

      if (node != NULL)
        g_error ("“%s” was taken", refused[i].text);
      g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
      if (strstr (error->message, refused[i].mentions) == NULL)
        g_error ("“%s”: “%s” does not mention %s", refused[i].text, error->message, refused[i].mentions);
    }

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = fb_json_parse_untrusted (taken[i], -1, 1024, 8, &error);

      g_assert_no_error (error);
      g_assert_nonnull (node);
    }

  /* The largest whole numbers come through as they were written. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = fb_json_parse_untrusted ("[9223372036854775807,-9223372036854775808]",
                                                        -1, 1024, 8, &error);
    JsonArray *array = json_node_get_array (node);

    g_assert_no_error (error);
    g_assert_cmpint (json_array_get_int_element (array, 0), ==, G_MAXINT64);
    g_assert_cmpint (json_array_get_int_element (array, 1), ==, G_MININT64);
  }
}

/* An escaped surrogate without its other half would decode to text that
 * is not UTF-8; a pair is one character. */
static void
test_op_lone_surrogate (void)
{
  static const char * const refused[] = {
    "{\"t\":\"\\ud800\"}",
    "{\"t\":\"\\udc00 after\"}",
    "{\"t\":\"\\ud83d\\u0041\"}",
    "{\"\\ud83d\":1}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) pair = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) node = fb_json_parse_untrusted (refused[i], -1, 1024, 8, &error);

      g_assert_null (node);
      g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "surrogate"));
      g_clear_error (&error);
    }

  pair = fb_json_parse_untrusted ("{\"t\":\"\\ud83d\\udd25 \\u00e9\"}", -1, 1024, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (pair), "t"), ==, "🔥 é");
}

static void
test_op_scope (void)
{
  g_autoptr(FbOp) op = make_entry_op ();
  g_autoptr(GError) error = NULL;

  g_free (op->type);
  op->type = g_strdup (fb_op_kind_to_string (FB_OP_KIND_CONTACT_DELETE));
  json_object_remove_member (op->body, "kind");
  json_object_remove_member (op->body, "text");
  json_object_remove_member (op->body, "occurred_at");

  /* Contacts belong to no incident. */
  g_assert_false (fb_op_validate (op, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“incident”"));

  g_clear_pointer (&op->incident, g_free);
  g_clear_error (&error);
  g_assert_true (fb_op_validate (op, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/op/round-trip", test_op_round_trip);
  g_test_add_func ("/op/canonical-order", test_op_canonical_order);
  g_test_add_func ("/op/hash-covers-everything", test_op_hash_covers_everything);
  g_test_add_func ("/op/text-over-limit", test_op_text_over_limit);
  g_test_add_func ("/op/too-deep", test_op_too_deep);
  g_test_add_func ("/op/invalid-utf8", test_op_invalid_utf8);
  g_test_add_func ("/op/scope", test_op_scope);
  g_test_add_func ("/op/lone-surrogate", test_op_lone_surrogate);
  g_test_add_func ("/op/strict-json", test_op_strict_json);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/op/malformed/%s", bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_op_malformed);
    }

  return g_test_run ();
}
