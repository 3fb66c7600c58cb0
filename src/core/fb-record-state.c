/* fb-record-state.c — the record's heads and digest, the states it has
 * issued and received, and whether it still holds one
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report, an export or a printout carries the state of the record it
 * came from: the newest place of each device's chain (its heads) and a
 * digest of them. Held elsewhere, on paper or in a mail, it is a witness
 * no one at this computer can change: whoever has it can ask later
 * whether the record still contains that state. The digest alone is
 * short enough to read out, but only the heads say what to look for, so
 * the store keeps the heads of each state it issues or receives, found
 * by their digest. Those rows cannot lie about a state: the digest is
 * computed again from the heads kept under it.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-store-witness-private.h"

static const char * const seen_names[] = {
  [FB_SEEN_SYNC] = "sync",
  [FB_SEEN_IMPORT] = "import",
  [FB_SEEN_SERVER] = "server",
  [FB_SEEN_REPORT] = "report",
  [FB_SEEN_EXPORT] = "export",
};

const char *
_fb_seen_through_to_string (FbSeenThrough how)
{
  g_return_val_if_fail ((guint) how < G_N_ELEMENTS (seen_names), "sync");

  return seen_names[how];
}

gboolean
_fb_seen_through_parse (const char    *text,
                        FbSeenThrough *how)
{
  for (guint i = 0; i < G_N_ELEMENTS (seen_names); i++)
    if (g_strcmp0 (text, seen_names[i]) == 0)
      {
        *how = (FbSeenThrough) i;
        return TRUE;
      }

  return FALSE;
}

/* Heads -------------------------------------------------------------------- */

FbHead *
fb_head_new (const char *device,
             gint64      device_seq,
             const char *hash)
{
  FbHead *head = g_new0 (FbHead, 1);

  head->device = g_strdup (device);
  head->device_seq = device_seq;
  head->hash = g_strdup (hash);
  return head;
}

void
fb_head_free (FbHead *head)
{
  if (head == NULL)
    return;

  g_free (head->device);
  g_free (head->hash);
  g_free (head);
}

static int
compare_heads (gconstpointer a,
               gconstpointer b)
{
  const FbHead *x = *(const FbHead * const *) a;
  const FbHead *y = *(const FbHead * const *) b;

  return strcmp (x->device, y->device);
}

/**
 * fb_record_state_new:
 * @heads: (transfer full) (element-type FbHead): one per device
 *
 * Returns: (transfer full): the state of @heads, sorted, with its digest
 */
FbRecordState *
fb_record_state_new (GPtrArray *heads)
{
  FbRecordState *state = g_new0 (FbRecordState, 1);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *text = NULL;

  g_return_val_if_fail (heads != NULL, NULL);

  g_ptr_array_sort (heads, compare_heads);
  state->heads = heads;
  text = fb_record_state_heads_text (state, "\n");
  if (heads->len > 0)
    {
      g_checksum_update (checksum, (const guchar *) text, strlen (text));
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }
  state->digest = g_strdup (g_checksum_get_string (checksum));

  return state;
}

void
fb_record_state_free (FbRecordState *state)
{
  if (state == NULL)
    return;

  g_clear_pointer (&state->heads, g_ptr_array_unref);
  g_free (state->digest);
  g_free (state);
}

/**
 * fb_record_state_heads_text:
 * @separator: what goes between two heads
 *
 * Returns: (transfer full): the heads as DEVICE:NUMBER:HASH, the form
 *   fb_record_state_parse_heads() reads
 */
char *
fb_record_state_heads_text (const FbRecordState *state,
                            const char          *separator)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < state->heads->len; i++)
    {
      const FbHead *head = g_ptr_array_index (state->heads, i);

      g_string_append_printf (out, "%s%s:%" G_GINT64_FORMAT ":%s",
                              i > 0 ? separator : "", head->device, head->device_seq, head->hash);
    }

  return g_string_free (out, FALSE);
}

/**
 * fb_record_state_parse_heads:
 * @text: heads as DEVICE:NUMBER:HASH, separated by spaces, commas or
 *   new lines
 *
 * Returns: (transfer full) (nullable): the state they make, or %NULL with
 *   %FB_ERROR_INVALID naming the first head that cannot be read
 */
FbRecordState *
fb_record_state_parse_heads (const char *text,
                             GError    **error)
{
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_head_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  words = g_strsplit_set (text, " \t\r\n,;", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      guint64 number = 0;
      g_autofree char *hash = NULL;

      if (words[i][0] == '\0')
        continue;

      parts = g_strsplit (words[i], ":", -1);
      if (g_strv_length (parts) == 3)
        hash = g_ascii_strdown (parts[2], -1);
      if (hash == NULL || !fb_uuid_is_valid (parts[0]) ||
          !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT64, &number, NULL) ||
          !fb_digest_is_valid (hash))
        {
          g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                       _("“%s” is not a head: write each as DEVICE:NUMBER:HASH, as a report prints them"),
                       words[i]);
          return NULL;
        }

      if (g_hash_table_contains (seen, parts[0]))
        {
          g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                       _("Device %s has two heads; a state has one for each device"), parts[0]);
          return NULL;
        }
      g_hash_table_add (seen, g_strdup (parts[0]));
      g_ptr_array_add (heads, fb_head_new (parts[0], (gint64) number, hash));
    }

  if (heads->len == 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("No heads were given: write each as DEVICE:NUMBER:HASH, as a report prints them"));
      return NULL;
    }

  return fb_record_state_new (g_steal_pointer (&heads));
}

/**
 * fb_record_state_to_json_node:
 *
 * Returns: (transfer full): {"digest": "…", "heads": [{"device": UUID,
 *   "device_seq": n, "hash": "…"}, …]}
 */
JsonNode *
fb_record_state_to_json_node (const FbRecordState *state)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < state->heads->len; i++)
    {
      const FbHead *head = g_ptr_array_index (state->heads, i);
      JsonObject *one = json_object_new ();

      json_object_set_string_member (one, "device", head->device);
      json_object_set_int_member (one, "device_seq", head->device_seq);
      json_object_set_string_member (one, "hash", head->hash);
      json_array_add_object_element (array, one);
    }

  json_object_set_string_member (object, "digest", state->digest);
  json_object_set_array_member (object, "heads", array);
  json_node_take_object (node, object);
  return node;
}

/**
 * fb_record_state_from_json_node:
 *
 * Returns: (transfer full) (nullable): the state @node describes, or %NULL
 *   when it is not one, or its digest is not that of its heads
 */
FbRecordState *
fb_record_state_from_json_node (JsonNode *node)
{
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_head_free);
  g_autoptr(FbRecordState) state = NULL;
  JsonObject *object;
  JsonNode *member;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  member = json_object_get_member (object, "heads");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member) ||
      json_object_get_member (object, "digest") == NULL ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "digest")))
    return NULL;

  array = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *one;
      const char *device, *hash;
      gint64 number;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return NULL;
      one = json_node_get_object (element);
      device = json_object_get_string_member_with_default (one, "device", NULL);
      hash = json_object_get_string_member_with_default (one, "hash", NULL);
      number = json_object_get_int_member_with_default (one, "device_seq", 0);
      if (device == NULL || hash == NULL || !fb_uuid_is_valid (device) || !fb_digest_is_valid (hash) || number < 1)
        return NULL;
      g_ptr_array_add (heads, fb_head_new (device, number, hash));
    }

  state = fb_record_state_new (g_steal_pointer (&heads));
  if (g_strcmp0 (state->digest, json_object_get_string_member (object, "digest")) != 0)
    return NULL;
  for (guint i = 1; i < state->heads->len; i++)
    if (compare_heads (&state->heads->pdata[i - 1], &state->heads->pdata[i]) == 0)
      return NULL;

  return g_steal_pointer (&state);
}

const FbHead *
fb_record_state_find (const FbRecordState *state,
                      const char          *device)
{
  for (guint i = 0; i < state->heads->len; i++)
    {
      const FbHead *head = g_ptr_array_index (state->heads, i);

      if (g_str_equal (head->device, device))
        return head;
    }

  return NULL;
}

/* The store's state ---------------------------------------------------------- */

/**
 * fb_store_get_state:
 *
 * Returns: (transfer full): the heads of every device the record holds
 *   ops or links of, and their digest; %NULL on error
 */
FbRecordState *
fb_store_get_state (FbStore *self,
                    GError **error)
{
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_head_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  /* Each device's newest number comes from the indexes; its hash from the
   * op, or the link, at that number. */
  stmt = _fb_store_stmt (self,
                         "SELECT device, max(n) FROM"
                         " (SELECT device, max(device_seq) AS n FROM ops GROUP BY device"
                         "  UNION ALL SELECT device, max(device_seq) FROM links GROUP BY device)"
                         " GROUP BY device");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (heads, fb_head_new (_fb_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1), NULL));
  sqlite3_reset (stmt);

  if (!_fb_store_check (self, rc, error))
    return NULL;

  for (guint i = 0; i < heads->len; i++)
    {
      FbHead *head = g_ptr_array_index (heads, i);

      head->hash = _fb_store_chain_value (self, head->device, head->device_seq, FALSE);
      if (head->hash == NULL)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_FAILED,
                       _("The record changed while its state was read; try again"));
          return NULL;
        }
    }

  return fb_record_state_new (g_steal_pointer (&heads));
}

/**
 * fb_store_get_hash_at:
 *
 * Returns: (transfer full) (nullable): the hash of the change at that
 *   place of @device's chain, from the op or the link held there; %NULL
 *   when the record holds neither
 */
char *
fb_store_get_hash_at (FbStore    *self,
                      const char *device,
                      gint64      device_seq)
{
  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (device != NULL, NULL);

  return _fb_store_chain_value (self, device, device_seq, FALSE);
}

/**
 * fb_store_record_state:
 * @how: %FB_SEEN_REPORT or %FB_SEEN_EXPORT for a state issued here,
 *   %FB_SEEN_IMPORT for one received with a file
 *
 * Keeps @state's heads under its digest, so that the digest alone can be
 * checked later with fb_store_check_state(). The first time a state is
 * kept is the one remembered.
 */
gboolean
fb_store_record_state (FbStore             *self,
                       const FbRecordState *state,
                       FbSeenThrough        how,
                       GError             **error)
{
  g_autofree char *heads = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  if (!_fb_store_writable (self, error))
    return FALSE;

  heads = fb_record_state_heads_text (state, "\n");
  stmt = _fb_store_stmt (self, "INSERT OR IGNORE INTO states (digest, heads, how, recorded_at) VALUES (?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, state->digest, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, heads, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, _fb_seen_through_to_string (how), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, fb_store_now_ms (self));
  return _fb_store_step_done (self, stmt, error);
}

/* For a report or an export made from a record that may be read-only
 * (a copy on a CD, a folder we may not write): the document carries its
 * state whether or not this record can remember it. */
void
_fb_store_issue_state (FbStore             *self,
                       const FbRecordState *state,
                       FbSeenThrough        how)
{
  g_autoptr(GError) error = NULL;

  if (!fb_store_record_state (self, state, how, &error))
    g_debug ("The state %s was not kept: %s", state->digest, error->message);
}

static FbRecordState *
find_recorded (FbStore    *self,
               const char *digest,
               gboolean   *altered,
               GError    **error)
{
  sqlite3_stmt *stmt = _fb_store_stmt (self, "SELECT heads FROM states WHERE digest = ?");
  g_autofree char *heads = NULL;
  FbRecordState *state = NULL;
  int rc;

  *altered = FALSE;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    heads = _fb_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      _fb_store_check (self, rc, error);
      return NULL;
    }

  state = fb_record_state_parse_heads (heads, NULL);
  if (state == NULL || !g_str_equal (state->digest, digest))
    {
      *altered = TRUE;
      g_clear_pointer (&state, fb_record_state_free);
    }

  return state;
}

/* The first head of @state the record no longer holds, in words; %NULL
 * when it holds them all. */
static char *
find_missing_head (FbStore             *self,
                   const FbRecordState *state)
{
  for (guint i = 0; i < state->heads->len; i++)
    {
      const FbHead *head = g_ptr_array_index (state->heads, i);
      g_autofree char *held = _fb_store_chain_value (self, head->device, head->device_seq, FALSE);

      if (held == NULL)
        return g_strdup_printf (_("Change %lld of device %s, which that state holds, is missing from this record: "
                                  "the record holds that device’s changes up to number %lld only"),
                                (long long) head->device_seq, head->device,
                                (long long) _fb_store_last_held (self, head->device));
      if (!g_str_equal (held, head->hash))
        return g_strdup_printf (_("Change %lld of device %s is not the one that state holds: "
                                  "the history was rewritten since"),
                                (long long) head->device_seq, head->device);
    }

  return NULL;
}

static gboolean
is_digest (const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);

  return fb_digest_is_valid (lower);
}

/**
 * fb_store_check_state:
 * @expected: a digest that a report, an export or a printout carried, or
 *   the heads printed beside it (DEVICE:NUMBER:HASH …)
 * @answer: (out): whether the record still holds that state
 * @explanation: (out) (transfer full): the answer in words, naming what
 *   is missing when it does not
 *
 * A record holds a state when it holds each of the state's heads with the
 * same hash; changes added since do not matter. A bare digest is looked
 * up among the states this record issued or received; one it never did
 * is %FB_STATE_UNKNOWN, unless it is the record's state now.
 *
 * Returns: %FALSE when @expected cannot be read or the database fails
 */
gboolean
fb_store_check_state (FbStore        *self,
                      const char     *expected,
                      FbStateAnswer  *answer,
                      char          **explanation,
                      GError        **error)
{
  g_autoptr(FbRecordState) state = NULL;
  g_autofree char *text = NULL;
  g_autofree char *missing = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (expected != NULL && answer != NULL && explanation != NULL, FALSE);

  text = g_strstrip (g_strdup (expected));
  if (is_digest (text))
    {
      g_autofree char *digest = g_ascii_strdown (text, -1);
      g_autoptr(GError) local_error = NULL;
      gboolean altered;

      state = find_recorded (self, digest, &altered, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (altered)
        {
          *answer = FB_STATE_NOT_HELD;
          *explanation = g_strdup_printf (_("The heads this record kept for the state %s no longer give that "
                                            "digest: the list of states it issued was altered in the database"),
                                          digest);
          return TRUE;
        }
      if (state == NULL)
        {
          state = fb_store_get_state (self, error);
          if (state == NULL)
            return FALSE;
          if (!g_str_equal (state->digest, digest))
            {
              *answer = FB_STATE_UNKNOWN;
              *explanation = g_strdup_printf (_("This record never issued or received the state %s, so it cannot say "
                                                "whether it still contains it. Check the heads printed beside "
                                                "the digest instead."),
                                              digest);
              return TRUE;
            }
        }
    }
  else
    {
      state = fb_record_state_parse_heads (text, error);
      if (state == NULL)
        return FALSE;
    }

  missing = find_missing_head (self, state);
  if (missing != NULL)
    {
      *answer = FB_STATE_NOT_HELD;
      *explanation = g_strdup_printf (_("This record no longer contains the state %s. %s."), state->digest, missing);
    }
  else
    {
      *answer = FB_STATE_HELD;
      *explanation = g_strdup_printf (_("This record still contains the state %s: it holds every change "
                                        "of that state, unaltered."),
                                      state->digest);
    }

  return TRUE;
}
