/* fb-server-db-push.c — what a push stores: ops numbered in the order accepted
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server keeps each op exactly as its author hashed it, numbered in the
 * order it was accepted, after checking that it follows its device's
 * chain. A push costs the same few round trips whatever its size: the
 * places of all its links and ops are read at once, and the ops it
 * accepts are inserted at once, with the COMMIT on PostgreSQL.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-server-db-private.h"

/* What the server holds at one place of a device's chain and below it. */
typedef struct
{
  gint64      seq;        /* of the op there, 0 if none (or not numbered yet) */
  const char *id;
  const char *hash;
  const char *link_hash;  /* of the link there */
  const char *before;     /* the hash one place below, op or link */
  gint64      last;       /* the device's newest place, op or link */
  const char *stamp;      /* of the incident's restriction, if any */
  const char *body;
} Place;

/* What a push stores, before it is stored: the places of every link and
 * op are read in one go when the push begins, and each is then seen
 * through what the links and ops before it in the same push add, as if
 * each had been read just before it was stored. */
typedef struct
{
  FbRows     *read;        /* the places as the push found them, links first */
  GHashTable *added;       /* "device\nn" → Added */
  GHashTable *last;        /* device → gint64, the newest place added */
  GHashTable *restricted;  /* incidents whose restriction may have changed */
  GPtrArray  *params;      /* of the ops to insert, 9 texts each */
  GPtrArray  *owned;       /* texts params point to */
  GArray     *inserted;    /* index in ops of each op to insert */
} Batch;

typedef struct
{
  const char *id;         /* NULL for a link */
  const char *hash;
  guint       index;      /* in ops */
} Added;

static char *
place_key (const char *device,
           gint64      device_seq)
{
  return g_strdup_printf ("%s\n%" G_GINT64_FORMAT, device, device_seq);
}

static void
read_place (const FbRows *rows,
            Place        *place)
{
  place->seq = _fb_rows_int (rows, 0, 0);
  place->id = _fb_rows_text (rows, 0, 1);
  place->hash = _fb_rows_text (rows, 0, 2);
  place->link_hash = _fb_rows_text (rows, 0, 3);
  place->before = _fb_rows_text (rows, 0, 4);
  place->last = _fb_rows_int (rows, 0, 5);
  place->stamp = _fb_rows_text (rows, 0, 6);
  place->body = _fb_rows_text (rows, 0, 7);
}

/* One statement per link and op, all sent at once: its place, and its
 * incident's restriction. */
static gboolean
read_places (FbServerDb *db,
             GPtrArray  *ops,
             GPtrArray  *links,
             Batch      *batch,
             GError    **error)
{
  guint n_links = links != NULL ? links->len : 0;
  guint n = n_links + ops->len;
  g_autofree const char **params = g_new0 (const char *, 3 * n + 1);
  g_autofree char *numbers = g_new (char, 24 * n + 1);

  for (guint i = 0; i < n; i++)
    {
      const FbLink *link = i < n_links ? g_ptr_array_index (links, i) : NULL;
      const FbOp *op = i < n_links ? NULL : g_ptr_array_index (ops, i - n_links);

      params[3 * i] = link != NULL ? link->device : op->device;
      params[3 * i + 1] = _fb_num (numbers + 24 * i, link != NULL ? link->device_seq : op->device_seq);
      params[3 * i + 2] = link != NULL ? NULL : op->incident;
    }

  batch->read = g_new0 (FbRows, n + 1);
  return _fb_server_db_run_many (db, FB_Q_PLACE, params, 3, n, batch->read, error);
}

/* The place as this push left it so far. */
static gboolean
see_place (FbServerDb *db,
           Batch      *batch,
           guint       read_index,
           const char *device,
           gint64      device_seq,
           const char *incident,
           FbRows     *reread,
           Place      *place,
           GError    **error)
{
  g_autofree char *here = place_key (device, device_seq);
  g_autofree char *below = place_key (device, device_seq - 1);
  const Added *added;
  gpointer last;

  read_place (&batch->read[read_index], place);

  added = g_hash_table_lookup (batch->added, here);
  if (added != NULL && added->id != NULL)
    {
      place->seq = 0;
      place->id = added->id;
      place->hash = added->hash;
    }
  else if (added != NULL)
    place->link_hash = added->hash;

  added = g_hash_table_lookup (batch->added, below);
  if (added != NULL)
    place->before = added->hash;

  if (g_hash_table_lookup_extended (batch->last, device, NULL, &last))
    place->last = MAX (place->last, (gint64) GPOINTER_TO_SIZE (last));

  /* A restriction this push changed is read again, after the change. */
  if (incident != NULL && g_hash_table_contains (batch->restricted, incident))
    {
      Place now;
      char n[24];

      if (!_fb_server_db_run (db, FB_Q_PLACE, reread, error, 3, device, _fb_num (n, device_seq), incident))
        return FALSE;
      read_place (reread, &now);
      place->stamp = now.stamp;
      place->body = now.body;
    }
  return TRUE;
}

static void
add_place (Batch      *batch,
           const char *device,
           gint64      device_seq,
           const char *id,
           const char *hash,
           guint       index)
{
  Added *added = g_new (Added, 1);
  gpointer last;

  added->id = id;
  added->hash = hash;
  added->index = index;
  g_hash_table_replace (batch->added, place_key (device, device_seq), added);

  if (!g_hash_table_lookup_extended (batch->last, device, NULL, &last) ||
      device_seq > (gint64) GPOINTER_TO_SIZE (last))
    g_hash_table_replace (batch->last, (gpointer) device, GSIZE_TO_POINTER ((gsize) device_seq));
}

/* A link fills a place of a device's chain below the ops of the request:
 * it must follow what the server holds there, as an op would. */
static gboolean
push_link (FbServerDb   *db,
           Batch        *batch,
           guint         index,
           const FbLink *link,
           gboolean     *stored,
           GError      **error)
{
  g_auto(FbRows) reread = { 0 };
  Place place;
  const char *held;
  char n[24];

  if (!see_place (db, batch, index, link->device, link->device_seq, NULL, &reread, &place, error))
    return FALSE;

  held = place.hash != NULL ? place.hash : place.link_hash;
  if (held != NULL)
    {
      if (g_str_equal (held, link->hash))
        return TRUE;
      g_set_error (error, FB_ERROR, FB_ERROR_FORK,
                   _("A link claims number %lld of device %s, which the server already holds "
                     "with another hash: that device’s history has forked"),
                   (long long) link->device_seq, link->device);
      return FALSE;
    }

  if (link->device_seq > 1)
    {
      if (place.before == NULL)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_GAP,
                       _("A link is number %lld of device %s, but the server holds nothing of that "
                         "device just before it; send the links from its first change"),
                       (long long) link->device_seq, link->device);
          return FALSE;
        }
      if (!g_str_equal (place.before, link->prev))
        {
          g_set_error (error, FB_ERROR, FB_ERROR_CHAIN,
                       _("A link (device %s, number %lld) does not follow the change before it"),
                       link->device, (long long) link->device_seq);
          return FALSE;
        }
    }

  *stored = TRUE;
  add_place (batch, link->device, link->device_seq, NULL, link->hash, 0);
  return _fb_server_db_run (db, FB_Q_INSERT_LINK, NULL, error, 4, link->device,
                            _fb_num (n, link->device_seq), link->prev, link->hash);
}

/* Checks who may send @op and queues it; the ops are inserted together
 * once all are checked. */
static gboolean
accept_op (FbServerDb   *db,
           Batch        *batch,
           guint         index,
           const FbOp   *op,
           const Place  *place,
           const char   *user,
           const char   *now,
           GError      **error)
{
  char *json, *n;
  const char *values[9];

  if (!_fb_server_db_check_access (db, op, user, place->stamp, place->body, error))
    return FALSE;
  if (op->kind == FB_OP_KIND_INCIDENT_RESTRICT && op->incident != NULL)
    g_hash_table_add (batch->restricted, (gpointer) op->incident);

  json = fb_op_to_json (op, NULL);
  n = g_strdup_printf ("%" G_GINT64_FORMAT, op->device_seq);
  g_ptr_array_add (batch->owned, json);
  g_ptr_array_add (batch->owned, n);
  values[0] = op->id;
  values[1] = op->device;
  values[2] = n;
  values[3] = op->hash;
  values[4] = json;
  values[5] = user;
  values[6] = now;
  values[7] = op->incident;
  values[8] = op->prev;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_ptr_array_add (batch->params, (gpointer) values[i]);
  g_array_append_val (batch->inserted, index);
  add_place (batch, op->device, op->device_seq, op->id, op->hash, index);
  return TRUE;
}

static gboolean
push_one (FbServerDb   *db,
          Batch        *batch,
          guint         read_index,
          guint         index,
          const FbOp   *op,
          const char   *user,
          const char   *now,
          FbPushResult *result,
          guint        *same_as,
          GError      **error)
{
  g_auto(FbRows) reread = { 0 };
  Place place;

  result->id = op->id;

  if (!see_place (db, batch, read_index, op->device, op->device_seq, op->incident, &reread, &place, error))
    return FALSE;

  if (place.id != NULL)
    {
      const Added *added = NULL;

      result->seq = place.seq;
      if (g_str_equal (place.id, op->id) && g_str_equal (place.hash, op->hash))
        {
          g_autofree char *key = place_key (op->device, op->device_seq);

          /* Sent twice in one push: numbered once the first is. */
          if (place.seq == 0 && (added = g_hash_table_lookup (batch->added, key)) != NULL)
            *same_as = added->index;
          result->status = FB_PUSH_DUPLICATE;
          return TRUE;
        }

      g_set_error (error, FB_ERROR, FB_ERROR_FORK,
                   _("Change %s claims number %lld of device %s, which the server "
                     "already holds as another change: that device’s history has forked "
                     "(was its database copied and used in two places?)"),
                   op->id, (long long) op->device_seq, op->device);
      return FALSE;
    }

  /* The op a link stood in for: it takes the place the link kept. */
  if (place.link_hash != NULL)
    {
      if (!g_str_equal (place.link_hash, op->hash))
        {
          g_set_error (error, FB_ERROR, FB_ERROR_FORK,
                       _("Change %s claims number %lld of device %s, whose hash the server "
                         "already holds as another one: that device’s history has forked"),
                       op->id, (long long) op->device_seq, op->device);
          return FALSE;
        }
      result->status = FB_PUSH_ACCEPTED;
      return accept_op (db, batch, index, op, &place, user, now, error);
    }

  if (op->device_seq != place.last + 1)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_GAP,
                   _("Change %s is number %lld of device %s, but the server holds "
                     "that device’s changes only up to number %lld; send the missing ones first"),
                   op->id, (long long) op->device_seq, op->device, (long long) place.last);
      return FALSE;
    }

  if (place.last > 0 && g_strcmp0 (op->prev, place.before) != 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_CHAIN,
                   _("Change %s (device %s, number %lld) does not follow the "
                     "change before it: its “prev” is not that change’s hash"),
                   op->id, op->device, (long long) op->device_seq);
      return FALSE;
    }

  result->status = FB_PUSH_ACCEPTED;
  return accept_op (db, batch, index, op, &place, user, now, error);
}

/* The ops accepted, numbered in their order by one statement each, all
 * sent at once with the COMMIT. */
static gboolean
insert_ops (FbServerDb *db,
            GPtrArray  *ops,
            Batch      *batch,
            GArray     *results,
            const guint *same_as,
            gint64     *newest,
            guint      *bad_index,
            GError    **error)
{
  guint n = batch->inserted->len;
  g_autofree FbRows *rows = g_new0 (FbRows, n + 1);
  gboolean ok;

  ok = _fb_server_db_finish_push (db, FB_Q_INSERT_OP, (const char * const *) batch->params->pdata, 9, n, rows, error);
  for (guint k = 0; ok && k < n; k++)
    {
      guint i = g_array_index (batch->inserted, guint, k);
      const FbOp *op = g_ptr_array_index (ops, i);

      if (rows[k].conflict)
        {
          *bad_index = i;
          g_set_error (error, FB_ERROR, FB_ERROR_FORK,
                       _("Change %s is already held by the server under another device or number"),
                       op->id);
          ok = FALSE;
          break;
        }
      g_array_index (results, FbPushResult, i).seq = _fb_rows_int (&rows[k], 0, 0);
      *newest = MAX (*newest, g_array_index (results, FbPushResult, i).seq);
    }

  for (guint k = 0; k < n; k++)
    _fb_rows_clear (&rows[k]);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < results->len; i++)
    if (same_as[i] != G_MAXUINT)
      g_array_index (results, FbPushResult, i).seq = g_array_index (results, FbPushResult, same_as[i]).seq;
  return TRUE;
}

static void
clear_batch (Batch *batch,
             guint  n_read)
{
  for (guint i = 0; batch->read != NULL && i < n_read; i++)
    _fb_rows_clear (&batch->read[i]);
  g_clear_pointer (&batch->read, g_free);
  g_clear_pointer (&batch->added, g_hash_table_unref);
  g_clear_pointer (&batch->last, g_hash_table_unref);
  g_clear_pointer (&batch->restricted, g_hash_table_unref);
  g_clear_pointer (&batch->params, g_ptr_array_unref);
  g_clear_pointer (&batch->owned, g_ptr_array_unref);
  g_clear_pointer (&batch->inserted, g_array_unref);
}

/* On PostgreSQL the transaction first takes the one lock every server
 * process's pushes share, so ops are numbered one batch at a time and
 * become visible in the order of their numbers (docs/sync-api.md). */
static gboolean
store_batch (FbServerDb *db,
             GPtrArray  *ops,
             GPtrArray  *links,
             const char *user,
             GArray     *results,
             Batch      *batch,
             guint      *bad_index,
             GError    **error)
{
  guint n_links = links != NULL ? links->len : 0;
  g_autofree guint *same_as = g_new (guint, ops->len + 1);
  gint64 newest = 0;
  gboolean stored = FALSE;
  char now[24];

  _fb_num (now, g_get_real_time () / 1000);
  batch->added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  batch->last = g_hash_table_new (g_str_hash, g_str_equal);
  batch->restricted = g_hash_table_new (g_str_hash, g_str_equal);
  batch->params = g_ptr_array_new ();
  batch->owned = g_ptr_array_new_with_free_func (g_free);
  batch->inserted = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!db->backend->begin (db, FB_TX_PUSH, error) ||
      !read_places (db, ops, links, batch, error))
    return FALSE;

  for (guint i = 0; i < n_links; i++)
    if (!push_link (db, batch, i, g_ptr_array_index (links, i), &stored, error))
      return FALSE;

  for (guint i = 0; i < ops->len; i++)
    {
      FbPushResult result = { 0 };

      same_as[i] = G_MAXUINT;
      if (!push_one (db, batch, n_links + i, i, g_ptr_array_index (ops, i), user, now,
                     &result, &same_as[i], error))
        {
          *bad_index = i;
          return FALSE;
        }
      g_array_append_val (results, result);
    }

  if (!insert_ops (db, ops, batch, results, same_as, &newest, bad_index, error))
    return FALSE;

  if (newest > 0)
    db->last_head = MAX (db->last_head, newest);
  return TRUE;
}

GArray *
fb_server_db_push (FbServerDb *db,
                   GPtrArray  *ops,
                   GPtrArray  *links,
                   const char *user,
                   guint      *bad_index,
                   GError    **error)
{
  g_autoptr(GArray) results = g_array_sized_new (FALSE, TRUE, sizeof (FbPushResult), ops->len);
  Batch batch = { 0 };
  GError *local = NULL;
  gboolean ok;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (ops != NULL, NULL);

  *bad_index = 0;

  /* Damage seen once is not written around: the file stays as it was
   * for whoever restores it. */
  if (db->damage != NULL)
    {
      g_propagate_error (error, g_error_copy (db->damage));
      return NULL;
    }

  ok = store_batch (db, ops, links, user, results, &batch, bad_index, &local);
  clear_batch (&batch, (links != NULL ? links->len : 0) + ops->len);
  if (!ok)
    {
      db->backend->rollback (db);
      if (g_error_matches (local, FB_ERROR, FB_ERROR_CORRUPT))
        db->damage = g_error_copy (local);
      g_propagate_error (error, local);
      return NULL;
    }

  return g_steal_pointer (&results);
}
