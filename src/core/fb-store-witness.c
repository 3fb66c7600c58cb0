/* fb-store-witness.c — witnesses: the newest place of each device this
 * store has seen, and the check that the record still reaches them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A hash chain shows an op altered, removed from the middle or moved, but
 * not its own newest ops cut off: what is left is still a whole chain.
 * This device's counter catches a cut of its own ops until it is cut too.
 * Witnesses are what else saw the chain: whenever ops or links of a device
 * arrive (a sync, an import) or the server confirms this device's ops, the
 * newest place is written down in the same transaction, and never moved
 * back. Verify then asks of each witness whether the record still holds
 * that place, with that hash.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-error.h"
#include "fb-store-witness-private.h"
#include "fb-time.h"

typedef struct
{
  gint64      device_seq;
  const char *hash;   /* borrowed from the op or link */
} Place;

static void
note_place (GHashTable *newest,
            const char *device,
            gint64      device_seq,
            const char *hash)
{
  Place *place = g_hash_table_lookup (newest, device);

  if (place == NULL)
    {
      place = g_new0 (Place, 1);
      g_hash_table_insert (newest, (gpointer) device, place);
    }
  else if (place->device_seq >= device_seq)
    return;

  place->device_seq = device_seq;
  place->hash = hash;
}

/* A witness only moves forward: a batch that brings an older place (a
 * page pulled again, a file imported twice) leaves it where it is. */
static gboolean
raise_witness (FbStore       *self,
               const char    *device,
               gint64         device_seq,
               const char    *hash,
               FbSeenThrough  how,
               GError       **error)
{
  sqlite3_stmt *stmt = _fb_store_stmt (self,
                                       "INSERT INTO witnesses (device, device_seq, hash, seen_at, how)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5)"
                                       " ON CONFLICT (device) DO UPDATE SET device_seq = excluded.device_seq,"
                                       "  hash = excluded.hash, seen_at = excluded.seen_at, how = excluded.how"
                                       " WHERE excluded.device_seq > witnesses.device_seq");

  sqlite3_bind_text (stmt, 1, device, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, device_seq);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, fb_store_now_ms (self));
  sqlite3_bind_text (stmt, 5, _fb_seen_through_to_string (how), -1, SQLITE_STATIC);
  return _fb_store_step_done (self, stmt, error);
}

/* Inside the transaction that applies @ops and @links from elsewhere. */
gboolean
_fb_store_witness_batch (FbStore       *self,
                         GPtrArray     *ops,
                         GPtrArray     *links,
                         FbSeenThrough  how,
                         GError       **error)
{
  g_autoptr(GHashTable) newest = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; ops != NULL && i < ops->len; i++)
    {
      const FbOp *op = g_ptr_array_index (ops, i);
      note_place (newest, op->device, op->device_seq, op->hash);
    }
  for (guint i = 0; links != NULL && i < links->len; i++)
    {
      const FbLink *link = g_ptr_array_index (links, i);
      note_place (newest, link->device, link->device_seq, link->hash);
    }

  g_hash_table_iter_init (&iter, newest);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Place *place = value;

      if (!raise_witness (self, key, place->device_seq, place->hash, how, error))
        return FALSE;
    }

  return TRUE;
}

/* The server confirmed this device's ops up to @device_seq. */
gboolean
_fb_store_witness_own (FbStore *self,
                       gint64   device_seq,
                       GError **error)
{
  g_autofree char *hash = _fb_store_chain_value (self, self->device_id, device_seq, FALSE);

  if (hash == NULL)
    return TRUE;

  return raise_witness (self, self->device_id, device_seq, hash, FB_SEEN_SERVER, error);
}

/* The newest number of @device the record holds, as an op or a link. */
gint64
_fb_store_last_held (FbStore    *self,
                     const char *device)
{
  sqlite3_stmt *stmt = _fb_store_stmt (self,
                                       "SELECT max(n) FROM"
                                       " (SELECT max(device_seq) AS n FROM ops WHERE device = ?1"
                                       "  UNION ALL SELECT max(device_seq) FROM links WHERE device = ?1)");
  gint64 last = 0;

  sqlite3_bind_text (stmt, 1, device, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return last;
}

void
fb_witness_free (FbWitness *witness)
{
  if (witness == NULL)
    return;

  g_free (witness->device);
  g_free (witness->hash);
  g_free (witness);
}

/**
 * fb_store_list_witnesses:
 *
 * Returns: (transfer full) (element-type FbWitness): the newest place of
 *   each device this store has seen from elsewhere, by device; %NULL on
 *   error
 */
GPtrArray *
fb_store_list_witnesses (FbStore *self,
                         GError **error)
{
  g_autoptr(GPtrArray) witnesses = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_witness_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  stmt = _fb_store_stmt (self, "SELECT device, device_seq, hash, seen_at, how FROM witnesses ORDER BY device");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbWitness *witness = g_new0 (FbWitness, 1);

      witness->device = _fb_column_dup (stmt, 0);
      witness->device_seq = sqlite3_column_int64 (stmt, 1);
      witness->hash = _fb_column_dup (stmt, 2);
      witness->seen_at = sqlite3_column_int64 (stmt, 3);
      /* A way nobody writes reads as a sync: the place is checked alike. */
      if (!_fb_seen_through_parse (_fb_column_text (stmt, 4), &witness->how))
        witness->how = FB_SEEN_SYNC;
      g_ptr_array_add (witnesses, witness);
    }
  sqlite3_reset (stmt);

  if (!_fb_store_check (self, rc, error))
    return NULL;
  return g_steal_pointer (&witnesses);
}

/* Whole sentences for each way a place was seen, so that a translation
 * can put the words where its grammar wants them. */
static char *
describe_missing (const FbWitness *witness,
                  gboolean         own,
                  gint64           from,
                  const char      *when)
{
  long long first = from, last = witness->device_seq;

  if (own && witness->how == FB_SEEN_SERVER)
    return g_strdup_printf (_("This computer’s changes %lld to %lld, which the war-room server confirmed "
                              "on %s, are missing: they were removed from the database"),
                            first, last, when);
  if (witness->how == FB_SEEN_IMPORT)
    return g_strdup_printf (_("Changes %lld to %lld of device %s, which this computer saw on %s "
                              "in an imported file, are missing: they were removed from the database"),
                            first, last, witness->device, when);
  return g_strdup_printf (_("Changes %lld to %lld of device %s, which this computer saw on %s "
                            "through sync, are missing: they were removed from the database"),
                          first, last, witness->device, when);
}

static char *
describe_rewritten (const FbWitness *witness,
                    gboolean         own,
                    const char      *when)
{
  long long number = witness->device_seq;

  if (own && witness->how == FB_SEEN_SERVER)
    return g_strdup_printf (_("This computer’s change %lld is not the one the war-room server confirmed "
                              "on %s: the history was rewritten"),
                            number, when);
  if (witness->how == FB_SEEN_IMPORT)
    return g_strdup_printf (_("Change %lld of device %s is not the one this computer saw on %s "
                              "in an imported file: the history was rewritten"),
                            number, witness->device, when);
  return g_strdup_printf (_("Change %lld of device %s is not the one this computer saw on %s "
                            "through sync: the history was rewritten"),
                          number, witness->device, when);
}

/* Called by verify: sets the result's problem, unless one was found
 * before, when the record no longer reaches a witness. */
gboolean
_fb_store_check_witnesses (FbStore        *self,
                           FbVerification *result,
                           GError        **error)
{
  g_autoptr(GPtrArray) witnesses = fb_store_list_witnesses (self, error);

  if (witnesses == NULL)
    return FALSE;

  for (guint i = 0; i < witnesses->len && result->problem == NULL; i++)
    {
      const FbWitness *witness = g_ptr_array_index (witnesses, i);
      g_autofree char *held = _fb_store_chain_value (self, witness->device, witness->device_seq, FALSE);
      g_autofree char *when = NULL;
      gboolean own = g_strcmp0 (witness->device, self->device_id) == 0;

      if (held != NULL && g_str_equal (held, witness->hash))
        continue;

      when = fb_time_format_full (witness->seen_at, NULL);
      if (held == NULL)
        {
          gint64 last = _fb_store_last_held (self, witness->device);
          result->problem = describe_missing (witness, own, MIN (last + 1, witness->device_seq), when);
        }
      else
        result->problem = describe_rewritten (witness, own, when);
    }

  return TRUE;
}
