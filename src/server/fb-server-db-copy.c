/* fb-server-db-copy.c — a whole server database copied, and its digest
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For moving a server from its SQLite file to PostgreSQL (or back): the
 * copy keeps every number, time and identity, so that clients carry on
 * with their cursors as if nothing had moved, and the digest of both
 * sides says that nothing was lost on the way.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-server-db-private.h"

#define PAGE 1000

/* Runs @query for each row of @rows, its cells taken in the order @order
 * names. */
static gboolean
insert_rows (FbServerDb   *to,
             FbQuery       query,
             const FbRows *rows,
             const guint  *order,
             guint         n,
             GError      **error)
{
  for (guint r = 0; r < _fb_rows_count (rows); r++)
    {
      g_auto(FbRows) answer = { 0 };
      const char *params[12];

      for (guint i = 0; i < n; i++)
        params[i] = _fb_rows_text (rows, r, order[i]);
      if (!_fb_server_db_runv (to, query, params, n, &answer, error))
        return FALSE;
      if (answer.conflict)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_FAILED,
                       _("The database “%s” refused a copied row as a duplicate; nothing was copied."),
                       to->location);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
copy_ops (FbServerDb *from,
          FbServerDb *to,
          FbProgress *progress,
          GError    **error)
{
  /* READ_OPS: seq, op, device, device_seq, incident, prev, hash, id, user, received_at;
   * COPY_OP: seq, id, device, device_seq, hash, op, user, received_at, incident, prev. */
  static const guint order[] = { 0, 7, 2, 3, 6, 1, 8, 9, 4, 5 };
  gint64 total = fb_server_db_count_ops (from);
  gint64 since = 0, done = 0;

  for (;;)
    {
      g_auto(FbRows) rows = { 0 };
      char s[24], l[24];
      guint n;

      if (!_fb_server_db_run (from, FB_Q_READ_OPS, &rows, error, 2, _fb_num (s, since), _fb_num (l, PAGE)) ||
          !insert_rows (to, FB_Q_COPY_OP, &rows, order, G_N_ELEMENTS (order), error))
        return FALSE;

      n = _fb_rows_count (&rows);
      if (n == 0)
        return TRUE;
      since = _fb_rows_int (&rows, n - 1, 0);
      done += n;
      if (!fb_progress_report (progress, (guint64) done, (guint64) MAX (total, done), error))
        return FALSE;
    }
}

static gboolean
copy_rest (FbServerDb *from,
           FbServerDb *to,
           GError    **error)
{
  static const guint link_order[] = { 0, 1, 2, 3 };
  /* LIST_TOKENS: name, read_only, created_at, revoked_at, digest. */
  static const guint token_order[] = { 0, 4, 1, 2, 3 };
  static const guint group_order[] = { 0, 1 };
  /* LIST_RESTRICTIONS: incident, body, stamp. */
  static const guint restriction_order[] = { 0, 2, 1 };
  static const struct
  {
    FbQuery    read;
    FbQuery    write;
    const guint *order;
    guint      n;
  } tables[] = {
    { FB_Q_ALL_LINKS, FB_Q_INSERT_LINK, link_order, G_N_ELEMENTS (link_order) },
    { FB_Q_LIST_TOKENS, FB_Q_INSERT_TOKEN, token_order, G_N_ELEMENTS (token_order) },
    { FB_Q_LIST_GROUPS, FB_Q_GROUP_ADD, group_order, G_N_ELEMENTS (group_order) },
    { FB_Q_LIST_RESTRICTIONS, FB_Q_SET_RESTRICTION, restriction_order, G_N_ELEMENTS (restriction_order) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_auto(FbRows) rows = { 0 };

      if (!_fb_server_db_run (from, tables[i].read, &rows, error, 0) ||
          !insert_rows (to, tables[i].write, &rows, tables[i].order, tables[i].n, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
copy_all (FbServerDb *from,
          FbServerDb *to,
          FbProgress *progress,
          GError    **error)
{
  g_auto(FbRows) rows = { 0 };

  if (!_fb_server_db_run (to, FB_Q_IS_EMPTY, &rows, error, 0))
    return FALSE;
  if (_fb_rows_int (&rows, 0, 0) != 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("The database “%s” already holds a server’s data; copy only into a new, empty one."),
                   to->location);
      return FALSE;
    }

  return _fb_server_db_run (to, FB_Q_SET_SERVER_ID, NULL, error, 1, from->server_id) &&
         copy_ops (from, to, progress, error) &&
         copy_rest (from, to, error);
}

/**
 * fb_server_db_copy_into:
 * @progress: (nullable): told how many ops are copied
 *
 * Copies everything @from holds into @to, which must be empty, in one
 * transaction on @to (taken as a push, so no server using @to numbers
 * meanwhile) and one read of @from. @to takes @from's server id.
 */
gboolean
fb_server_db_copy_into (FbServerDb *from,
                        FbServerDb *to,
                        FbProgress *progress,
                        GError    **error)
{
  g_return_val_if_fail (from != NULL && to != NULL && from != to, FALSE);

  if (!to->backend->begin (to, FB_TX_PUSH, error))
    return FALSE;
  if (!from->backend->begin (from, FB_TX_READ, error))
    {
      to->backend->rollback (to);
      return FALSE;
    }

  if (!copy_all (from, to, progress, error))
    {
      from->backend->rollback (from);
      to->backend->rollback (to);
      return FALSE;
    }

  from->backend->rollback (from);
  if (!to->backend->commit (to, error))
    return FALSE;

  g_free (to->server_id);
  to->server_id = g_strdup (from->server_id);
  fb_server_db_read_head (to, &to->last_head, NULL);
  return TRUE;
}

/* Each row of @query as one line, its cells separated by tabs. */
static gboolean
digest_rows (FbServerDb *db,
             GChecksum  *checksum,
             const char *name,
             FbQuery     query,
             guint       n_params,
             const char *const *params,
             FbRows     *rows,
             GError    **error)
{
  if (!_fb_server_db_runv (db, query, params, n_params, rows, error))
    return FALSE;

  for (guint r = 0; r < _fb_rows_count (rows); r++)
    {
      g_checksum_update (checksum, (const guchar *) name, -1);
      for (guint c = 0; c < rows->n_columns; c++)
        {
          const char *cell = _fb_rows_text (rows, r, c);

          g_checksum_update (checksum, (const guchar *) (cell != NULL ? "\t" : "\t\\N"), -1);
          if (cell != NULL)
            g_checksum_update (checksum, (const guchar *) cell, -1);
        }
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }
  return TRUE;
}

static gboolean
digest_all (FbServerDb *db,
            GChecksum  *checksum,
            GError    **error)
{
  static const struct
  {
    const char *name;
    FbQuery     query;
  } tables[] = {
    { "link", FB_Q_ALL_LINKS },
    { "token", FB_Q_LIST_TOKENS },
    { "group", FB_Q_LIST_GROUPS },
    { "restriction", FB_Q_LIST_RESTRICTIONS },
  };
  gint64 since = 0;

  g_checksum_update (checksum, (const guchar *) "server\t", -1);
  g_checksum_update (checksum, (const guchar *) db->server_id, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);

  for (;;)
    {
      g_auto(FbRows) rows = { 0 };
      char s[24], l[24];
      const char *params[] = { _fb_num (s, since), _fb_num (l, PAGE) };
      guint n;

      if (!digest_rows (db, checksum, "op", FB_Q_READ_OPS, 2, params, &rows, error))
        return FALSE;
      n = _fb_rows_count (&rows);
      if (n == 0)
        break;
      since = _fb_rows_int (&rows, n - 1, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_auto(FbRows) rows = { 0 };

      if (!digest_rows (db, checksum, tables[i].name, tables[i].query, 0, NULL, &rows, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * fb_server_db_digest:
 * @digest_out: (out): SHA-256, hex
 *
 * A digest of everything fb_server_db_copy_into () copies, read in one
 * transaction: the server id, every op with its number, id, device and
 * place, hash, user, time and text, then links, tokens (digests),
 * groups and restrictions.
 */
gboolean
fb_server_db_digest (FbServerDb *db,
                     char      **digest_out,
                     GError    **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (db != NULL && digest_out != NULL, FALSE);

  if (!db->backend->begin (db, FB_TX_READ, error))
    return FALSE;
  if (!digest_all (db, checksum, error))
    {
      db->backend->rollback (db);
      return FALSE;
    }
  db->backend->rollback (db);

  *digest_out = g_strdup (g_checksum_get_string (checksum));
  return TRUE;
}
