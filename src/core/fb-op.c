/* fb-op.c — operations: validation, canonical bytes, hash and JSON out
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-op"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-hlc.h"
#include "fb-json-private.h"
#include "fb-op-kinds-private.h"
#include "fb-op-scan-private.h"
#include "fb-sha256-private.h"

#define MAX_TIME_MS G_GINT64_CONSTANT (253402300799999) /* 9999-12-31 */
#define MAX_DATA_ITEMS 32

/* UUIDs ----------------------------------------------------------------- */

/* Only the lower-case form is accepted, so that one entity never has two
 * spellings. */
gboolean
fb_uuid_is_valid (const char *str)
{
  if (str == NULL || strlen (str) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (str[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (str[i]) && !(str[i] >= 'a' && str[i] <= 'f'))
        return FALSE;
    }

  return TRUE;
}

/* Version 7 UUIDs (RFC 9562): 48 bits of milliseconds, then random bits.
 * Ids made one after another sort together, so the indexes keyed by them
 * grow at one end instead of being rewritten all over at every commit. */
char *
fb_uuid_new (void)
{
  static const char hex[] = "0123456789abcdef";
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint8 bytes[16];
  char *out = g_malloc (37);
  char *p = out;

  for (int i = 0; i < 6; i++)
    bytes[i] = (guint8) (ms >> (40 - 8 * i));
  for (int i = 6; i < 16; i += 2)
    {
      guint32 r = g_random_int ();
      bytes[i] = (guint8) r;
      bytes[i + 1] = (guint8) (r >> 8);
    }
  bytes[6] = (guint8) (0x70 | (bytes[6] & 0x0f));
  bytes[8] = (guint8) (0x80 | (bytes[8] & 0x3f));

  for (int i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[bytes[i] >> 4];
      *p++ = hex[bytes[i] & 0x0f];
    }
  *p = '\0';

  return out;
}

/* SHA-256 digests are written in lower-case hex, like UUIDs, for one
 * spelling each. */
gboolean
fb_digest_is_valid (const char *str)
{
  if (str == NULL || strlen (str) != 64)
    return FALSE;

  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isdigit (str[i]) && !(str[i] >= 'a' && str[i] <= 'f'))
      return FALSE;

  return TRUE;
}

/**
 * fb_account_name_is_valid:
 *
 * Whether @str can name a war-room server's user or group: 1 to 64
 * letters, digits, "-", "_", "." or "@", safe in a shell, a log and a
 * header alike.
 */
gboolean
fb_account_name_is_valid (const char *str)
{
  gsize len = str != NULL ? strlen (str) : 0;

  if (len == 0 || len > FB_OP_MAX_ACCOUNT)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (str[i]) && strchr ("-_.@", str[i]) == NULL)
      return FALSE;

  return TRUE;
}

/* Life cycle ------------------------------------------------------------- */

FbOp *
fb_op_new (FbOpKind    kind,
           const char *incident,
           const char *entity,
           JsonObject *body)
{
  FbOp *op;

  g_return_val_if_fail (_fb_op_kind_info (kind) != NULL, NULL);

  op = g_new0 (FbOp, 1);
  op->type = g_strdup (fb_op_kind_to_string (kind));
  op->kind = kind;
  op->incident = g_strdup (incident);
  op->entity = g_strdup (entity);
  op->body = body != NULL ? json_object_ref (body) : json_object_new ();
  op->prev = g_strdup ("");

  return op;
}

FbOp *
fb_op_copy (const FbOp *op)
{
  FbOp *copy;

  g_return_val_if_fail (op != NULL, NULL);

  copy = g_new0 (FbOp, 1);
  copy->id = g_strdup (op->id);
  copy->device = g_strdup (op->device);
  copy->device_seq = op->device_seq;
  copy->prev = g_strdup (op->prev);
  copy->hash = g_strdup (op->hash);
  copy->hlc = g_strdup (op->hlc);
  copy->author = g_strdup (op->author);
  copy->type = g_strdup (op->type);
  copy->kind = op->kind;
  copy->incident = g_strdup (op->incident);
  copy->entity = g_strdup (op->entity);

  /* Bodies are never changed once an op is made, so a copy shares it. */
  copy->body = json_object_ref (op->body);

  return copy;
}

void
fb_op_free (FbOp *op)
{
  if (op == NULL)
    return;

  g_free (op->id);
  g_free (op->device);
  g_free (op->prev);
  g_free (op->hash);
  g_free (op->hlc);
  g_free (op->author);
  g_free (op->type);
  g_free (op->incident);
  g_free (op->entity);
  g_clear_pointer (&op->body, json_object_unref);
  g_free (op);
}

/* Validation ------------------------------------------------------------- */

static gboolean
check_string (const char *path,
              const char *str,
              gint64      min,
              gint64      max,
              GError    **error)
{
  gsize len = strlen (str);

  if (!g_utf8_validate (str, len, NULL))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Field “%s” is not valid UTF-8 text"), path);
      return FALSE;
    }

  if ((gint64) len < min)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Field “%s” must not be empty"), path);
      return FALSE;
    }

  if ((gint64) len > max)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE,
                   _("Field “%s” is %zu bytes long; the limit is %lld"),
                   path, len, (long long) max);
      return FALSE;
    }

  return TRUE;
}

static gboolean
node_is_int (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_bool (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

/* What a field should have held: each has a whole sentence of its own, so
 * that translators see the message they translate. */
typedef enum
{
  WANT_OBJECT,
  WANT_TEXT_LIST,
  WANT_ACCOUNT_LIST,
  WANT_DATA_VALUE,
  WANT_TEXT,
  WANT_UUID,
  WANT_INT,
  WANT_BOOL,
  WANT_SEQ,
  WANT_DIGEST,
  WANT_HLC,
} Want;

static gboolean
wrong_type (const char *path,
            Want        want,
            GError    **error)
{
  /* TRANSLATORS: %s in each is the name of a field of a change, such as "body.text" */
  switch (want)
    {
    case WANT_OBJECT:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("Field “%s” must be an object"), path);
      break;
    case WANT_TEXT_LIST:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("Field “%s” must be a list of text"), path);
      break;
    case WANT_ACCOUNT_LIST:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Field “%s” must be a list of at most 64 user or group names, each of letters, "
                     "digits, “-”, “_”, “.” or “@”"), path);
      break;
    case WANT_DATA_VALUE:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Field “%s” must be text, a whole number, true or false, or a list of text"), path);
      break;
    case WANT_TEXT:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("Field “%s” must be text"), path);
      break;
    case WANT_UUID:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("Field “%s” must be a lower-case UUID"), path);
      break;
    case WANT_INT:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("Field “%s” must be a whole number"), path);
      break;
    case WANT_BOOL:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("Field “%s” must be true or false"), path);
      break;
    case WANT_SEQ:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("Field “%s” must be a whole number from 1"), path);
      break;
    case WANT_DIGEST:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Field “%s” must be a SHA-256 digest in lower-case hex"), path);
      break;
    case WANT_HLC:
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Field “%s” must be a clock reading such as 0001764000000000-000000"), path);
      break;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
check_data (const char *path,
            JsonNode   *node,
            GError    **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (path, WANT_OBJECT, error);

  object = json_node_get_object (node);
  if (json_object_get_size (object) > MAX_DATA_ITEMS)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE,
                   _("Field “%s” has more than %d members"), path, MAX_DATA_ITEMS);
      return FALSE;
    }

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *member = json_object_get_member (object, key);
      g_autofree char *sub = g_strdup_printf ("%s.%s", path, key);

      if (!check_string (sub, key, 1, 64, error))
        return FALSE;

      if (node_is_string (member))
        {
          if (!check_string (sub, json_node_get_string (member), 0, FB_OP_MAX_NOTE, error))
            return FALSE;
        }
      else if (node_is_int (member) || node_is_bool (member))
        continue;
      else if (JSON_NODE_HOLDS_ARRAY (member))
        {
          JsonArray *array = json_node_get_array (member);
          guint n = json_array_get_length (array);

          if (n > MAX_DATA_ITEMS)
            {
              g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE,
                           _("Field “%s” has more than %d items"), sub, MAX_DATA_ITEMS);
              return FALSE;
            }

          for (guint i = 0; i < n; i++)
            {
              JsonNode *item = json_array_get_element (array, i);

              if (!node_is_string (item))
                return wrong_type (sub, WANT_TEXT_LIST, error);
              if (!check_string (sub, json_node_get_string (item), 0, FB_OP_MAX_NOTE, error))
                return FALSE;
            }
        }
      else
        return wrong_type (sub, WANT_DATA_VALUE, error);
    }

  return TRUE;
}

static gboolean
check_field (const FbFieldSpec *spec,
             JsonNode          *node,
             GError           **error)
{
  /* Made for every field of every op a store takes; field names are
   * short and known, so no allocation. */
  char path[80] = "body.";

  g_strlcat (path, spec->name, sizeof path);

  switch (spec->type)
    {
    case FB_FIELD_STRING:
      if (!node_is_string (node))
        return wrong_type (path, WANT_TEXT, error);
      return check_string (path, json_node_get_string (node), spec->min, spec->max, error);

    case FB_FIELD_UUID:
      if (!node_is_string (node) || !fb_uuid_is_valid (json_node_get_string (node)))
        return wrong_type (path, WANT_UUID, error);
      return TRUE;

    case FB_FIELD_INT:
    case FB_FIELD_TIME:
      {
        gint64 min = spec->type == FB_FIELD_TIME ? 0 : spec->min;
        gint64 max = spec->type == FB_FIELD_TIME ? MAX_TIME_MS : spec->max;
        gint64 value;

        if (!node_is_int (node))
          return wrong_type (path, WANT_INT, error);

        value = json_node_get_int (node);
        if (value < min || value > max)
          {
            g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                         _("Field “%s” is %lld; it must be between %lld and %lld"),
                         path, (long long) value, (long long) min, (long long) max);
            return FALSE;
          }
        return TRUE;
      }

    case FB_FIELD_BOOL:
      if (!node_is_bool (node))
        return wrong_type (path, WANT_BOOL, error);
      return TRUE;

    case FB_FIELD_ENUM:
      if (!node_is_string (node) || !spec->check (json_node_get_string (node), NULL))
        {
          g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                       _("Field “%s” has a value this version does not know"), path);
          return FALSE;
        }
      return TRUE;

    case FB_FIELD_DATA:
      return check_data (path, node, error);

    case FB_FIELD_ACCOUNTS:
      {
        JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

        if (array == NULL || json_array_get_length (array) > FB_OP_MAX_ACCOUNTS)
          return wrong_type (path, WANT_ACCOUNT_LIST, error);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *item = json_array_get_element (array, i);

            if (!node_is_string (item) || !fb_account_name_is_valid (json_node_get_string (item)))
              return wrong_type (path, WANT_ACCOUNT_LIST, error);
          }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_body (const FbOpKindInfo *spec,
            JsonObject         *body,
            GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (body);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const FbFieldSpec *field = NULL;

      for (const FbFieldSpec *f = spec->fields; f->name != NULL; f++)
        if (g_str_equal (f->name, name))
          field = f;

      if (field == NULL)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                       _("Field “body.%s” is not part of a “%s” change"),
                       name, spec->type);
          return FALSE;
        }

      if (spec->all_optional && field->create_only)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                       _("Field “body.%s” is set when the record is made and cannot be changed by a “%s” change"),
                       name, spec->type);
          return FALSE;
        }

      if (!check_field (field, json_object_get_member (body, name), error))
        return FALSE;
    }

  for (const FbFieldSpec *f = spec->fields; f->name != NULL; f++)
    {
      if (f->required && !spec->all_optional && !json_object_has_member (body, f->name))
        {
          g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                       _("Field “body.%s” is missing"), f->name);
          return FALSE;
        }
    }

  if (spec->needs_a_field && json_object_get_size (body) == 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Field “body” is empty; a “%s” change must set at least one field"),
                   spec->type);
      return FALSE;
    }

  return TRUE;
}

static gboolean
missing (const char *field,
         GError    **error)
{
  g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("Field “%s” is missing"), field);
  return FALSE;
}

/* For the readers of fb-op-read.c and fb-op-scan.c, in the same words. */
gboolean
_fb_op_missing (const char *field,
                GError    **error)
{
  return missing (field, error);
}

gboolean
_fb_op_wrong_value (const char *field,
                    FbOpValue   expected,
                    GError    **error)
{
  switch (expected)
    {
    case FB_OP_VALUE_STRING:
      return wrong_type (field, WANT_TEXT, error);
    case FB_OP_VALUE_INT:
      return wrong_type (field, WANT_INT, error);
    case FB_OP_VALUE_OBJECT:
      return wrong_type (field, WANT_OBJECT, error);
    case FB_OP_VALUE_ABSENT:
    case FB_OP_VALUE_NULL:
    case FB_OP_VALUE_OTHER:
    default:
      g_assert_not_reached ();
    }
}

/* Checks @op and finds the row of its kind, which the store then uses. */
gboolean
_fb_op_validate_kind (const FbOp          *op,
                      const FbOpKindInfo **info,
                      GError             **error)
{
  const FbOpKindInfo *spec;

  if (op->id == NULL)
    return missing ("id", error);
  if (!fb_uuid_is_valid (op->id))
    return wrong_type ("id", WANT_UUID, error);
  if (op->device == NULL)
    return missing ("device", error);
  if (!fb_uuid_is_valid (op->device))
    return wrong_type ("device", WANT_UUID, error);
  if (op->device_seq < 1)
    return wrong_type ("device_seq", WANT_SEQ, error);
  if (op->prev == NULL)
    return missing ("prev", error);
  if ((op->device_seq == 1) != (op->prev[0] == '\0'))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Field “prev” must be empty for a device’s first change and a SHA-256 digest after it"));
      return FALSE;
    }
  if (op->prev[0] != '\0' && !fb_digest_is_valid (op->prev))
    return wrong_type ("prev", WANT_DIGEST, error);
  if (op->hash != NULL && !fb_digest_is_valid (op->hash))
    return wrong_type ("hash", WANT_DIGEST, error);
  if (op->hlc == NULL)
    return missing ("hlc", error);
  if (!fb_hlc_parse (op->hlc, NULL))
    return wrong_type ("hlc", WANT_HLC, error);
  if (op->author == NULL)
    return missing ("author", error);
  if (!check_string ("author", op->author, 0, FB_OP_MAX_NAME, error))
    return FALSE;
  if (op->type == NULL)
    return missing ("type", error);

  spec = _fb_op_kind_of (op);
  if (spec == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (op->type, MIN (strlen (op->type), 64));
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Field “type” names an unknown kind of change, “%s”"), shown);
      return FALSE;
    }

  if (op->entity == NULL)
    return missing ("entity", error);
  if (!fb_uuid_is_valid (op->entity))
    return wrong_type ("entity", WANT_UUID, error);

  switch (spec->scope)
    {
    case FB_OP_SCOPE_INCIDENT_ITSELF:
    case FB_OP_SCOPE_IN_INCIDENT:
      if (op->incident == NULL)
        return missing ("incident", error);
      if (!fb_uuid_is_valid (op->incident))
        return wrong_type ("incident", WANT_UUID, error);
      if (spec->scope == FB_OP_SCOPE_INCIDENT_ITSELF && !g_str_equal (op->incident, op->entity))
        {
          g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                       _("Field “entity” must equal “incident” in a “%s” change"), spec->type);
          return FALSE;
        }
      break;

    case FB_OP_SCOPE_GLOBAL:
      if (op->incident != NULL)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                       _("Field “incident” must be absent in a “%s” change"), spec->type);
          return FALSE;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (op->body == NULL)
    return missing ("body", error);

  if (!check_body (spec, op->body, error))
    return FALSE;

  if (info != NULL)
    *info = spec;
  return TRUE;
}

gboolean
fb_op_validate (const FbOp *op,
                GError    **error)
{
  g_return_val_if_fail (op != NULL, FALSE);

  return _fb_op_validate_kind (op, NULL, error);
}

/* Writing ----------------------------------------------------------------- */

static JsonNode *
op_to_node (const FbOp *op)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, op->id);
  json_builder_set_member_name (builder, "device");
  json_builder_add_string_value (builder, op->device);
  json_builder_set_member_name (builder, "device_seq");
  json_builder_add_int_value (builder, op->device_seq);
  json_builder_set_member_name (builder, "prev");
  json_builder_add_string_value (builder, op->prev);
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, op->hash);
  json_builder_set_member_name (builder, "hlc");
  json_builder_add_string_value (builder, op->hlc);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, op->author);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, op->type);
  if (op->incident != NULL)
    {
      json_builder_set_member_name (builder, "incident");
      json_builder_add_string_value (builder, op->incident);
    }
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, op->entity);
  json_builder_set_member_name (builder, "body");
  {
    JsonNode *body = json_node_new (JSON_NODE_OBJECT);
    json_node_set_object (body, op->body);
    json_builder_add_value (builder, body);
  }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The canonical form of an op written straight from its fields, members
 * in sorted order, without building a JSON tree first: this runs for every
 * op a store takes. The names are plain ASCII, written as the quoted
 * strings they always make, with no look for characters to escape. */
static inline void
write_member_quoted (GString    *out,
                     const char *quoted,
                     gsize       length,
                     const char *value)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  g_string_append_len (out, quoted, (gssize) length);
  if (value != NULL)
    _fb_json_write_string (out, value);
}
#define write_member(out, name, value) \
  write_member_quoted ((out), "\"" name "\":", sizeof ("\"" name "\":") - 1, (value))

static void
write_op (GString    *out,
          const FbOp *op,
          const char *body,
          gboolean    with_hash)
{
  g_string_append_c (out, '{');
  write_member (out, "author", op->author);
  write_member (out, "body", NULL);
  g_string_append (out, body);
  write_member (out, "device", op->device);
  write_member (out, "device_seq", NULL);
  _fb_json_append_int (out, op->device_seq);
  write_member (out, "entity", op->entity);
  if (with_hash)
    write_member (out, "hash", op->hash);
  write_member (out, "hlc", op->hlc);
  write_member (out, "id", op->id);
  if (op->incident != NULL)
    write_member (out, "incident", op->incident);
  write_member (out, "prev", op->prev);
  write_member (out, "type", op->type);
  g_string_append_c (out, '}');
}

char *
fb_op_canonical_body (const FbOp *op)
{
  g_return_val_if_fail (op != NULL, NULL);

  return _fb_json_canonical_object (op->body);
}

/* As fb_op_compute_hash_with_body (), into @hex, writing the op into
 * @scratch, which a caller that hashes many keeps: no allocation each. */
void
_fb_op_hash_into (const FbOp *op,
                  const char *body,
                  GString    *scratch,
                  char        hex[65])
{
  static const guchar domain = 0x00;
  FbSha256 sha;

  g_string_truncate (scratch, 0);
  write_op (scratch, op, body, FALSE);

  /* The leading byte separates op hashes from any other digest we may
   * take of the same bytes later (a chain digest, an export). */
  _fb_sha256_init (&sha);
  _fb_sha256_update (&sha, &domain, 1);
  _fb_sha256_update (&sha, (const guchar *) op->prev, strlen (op->prev));
  _fb_sha256_update (&sha, (const guchar *) scratch->str, scratch->len);
  _fb_sha256_finish_hex (&sha, hex);
}

char *
fb_op_compute_hash_with_body (const FbOp *op,
                              const char *body)
{
  g_autoptr(GString) canonical = g_string_sized_new (512);
  char hex[65];

  g_return_val_if_fail (op != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  _fb_op_hash_into (op, body, canonical, hex);
  return g_strdup (hex);
}

char *
fb_op_compute_hash (const FbOp *op)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (op != NULL, NULL);

  body = fb_op_canonical_body (op);
  return fb_op_compute_hash_with_body (op, body);
}

gboolean
fb_op_verify_hash (const FbOp *op,
                   GError    **error)
{
  g_autofree char *expected = NULL;

  g_return_val_if_fail (op != NULL, FALSE);

  if (op->hash == NULL)
    return missing ("hash", error);

  expected = fb_op_compute_hash (op);
  if (!g_str_equal (expected, op->hash))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_CHAIN,
                   _("Change %s (device %s, number %lld) does not match its hash: "
                     "its contents were altered after it was made"),
                   op->id, op->device, (long long) op->device_seq);
      return FALSE;
    }

  return TRUE;
}

JsonNode *
fb_op_to_json_node (const FbOp *op)
{
  g_return_val_if_fail (op != NULL, NULL);

  return op_to_node (op);
}

char *
fb_op_to_json (const FbOp *op,
               gsize      *length)
{
  g_autofree char *body = NULL;
  GString *out;

  g_return_val_if_fail (op != NULL, NULL);

  body = fb_op_canonical_body (op);
  out = g_string_sized_new (320 + strlen (body));
  write_op (out, op, body, TRUE);
  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}
