/* fb-server-db.c — the server's own database: statements, tokens, identity
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server keeps each op exactly as its author hashed it, numbered in the
 * order it was accepted. It never interprets an op beyond checking it: the
 * clients hold all the logic, and the server is only their meeting point.
 * What a push means is decided here and in fb-server-db-push.c, the same
 * for an SQLite file and for PostgreSQL; the back ends only run the
 * statements they name.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>
#include <sys/random.h>

#include "fb-server-db-private.h"

void
fb_token_info_free (FbTokenInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info);
}

/* Statements -------------------------------------------------------------- */

#define PLACE_HASH(n) \
  "coalesce ((SELECT hash FROM ops WHERE device = CAST ($1 AS TEXT) AND device_seq = " n ")," \
  " (SELECT hash FROM links WHERE device = CAST ($1 AS TEXT) AND device_seq = " n "))"

/* SQL that SQLite and PostgreSQL read alike: $1, $2 … for the values
 * (each given as text), CAST where PostgreSQL could not tell a value's
 * type from its place, "user" quoted. */
const char * const _fb_server_db_sql[FB_Q_N_QUERIES] = {
  [FB_Q_GET_META] = "SELECT value FROM meta WHERE key = $1",
  [FB_Q_SET_SERVER_ID] = "UPDATE meta SET value = $1 WHERE key = 'server_id'",
  [FB_Q_HEAD] = "SELECT coalesce (max (seq), 0) FROM ops",
  [FB_Q_COUNT_OPS] = "SELECT count(*) FROM ops",
  [FB_Q_IS_EMPTY] = "SELECT (SELECT count(*) FROM ops) + (SELECT count(*) FROM links)"
                    " + (SELECT count(*) FROM tokens) + (SELECT count(*) FROM groups)"
                    " + (SELECT count(*) FROM restrictions)",
  [FB_Q_PLACE] = "SELECT o.seq, o.id, o.hash,"
                 " (SELECT hash FROM links WHERE device = CAST ($1 AS TEXT) AND device_seq = CAST ($2 AS BIGINT)),"
                 " " PLACE_HASH ("CAST ($2 AS BIGINT) - 1") ","
                 " (SELECT coalesce (max (n), 0) FROM"
                 "  (SELECT max (device_seq) AS n FROM ops WHERE device = CAST ($1 AS TEXT)"
                 "   UNION ALL SELECT max (device_seq) FROM links WHERE device = CAST ($1 AS TEXT)) AS l),"
                 " (SELECT stamp FROM restrictions WHERE incident = CAST ($3 AS TEXT)),"
                 " (SELECT body FROM restrictions WHERE incident = CAST ($3 AS TEXT))"
                 " FROM (SELECT 1) AS one"
                 " LEFT JOIN ops o ON o.device = CAST ($1 AS TEXT) AND o.device_seq = CAST ($2 AS BIGINT)",
  /* Inside a push's transaction, which no other push shares (SQLite's
   * write lock, PostgreSQL's push lock): the next number is free. */
  [FB_Q_INSERT_OP] = "INSERT INTO ops (seq, id, device, device_seq, hash, op, \"user\", received_at, incident, prev)"
                     " VALUES ((SELECT coalesce (max (seq), 0) + 1 FROM ops), $1, $2, $3, $4, $5, $6, $7, $8, $9)"
                     " RETURNING seq",
  [FB_Q_COPY_OP] = "INSERT INTO ops (seq, id, device, device_seq, hash, op, \"user\", received_at, incident, prev)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
  [FB_Q_READ_OPS] = "SELECT seq, op, device, device_seq, incident, prev, hash, id, \"user\", received_at"
                    " FROM ops WHERE seq > CAST ($1 AS BIGINT) ORDER BY seq LIMIT CAST ($2 AS INTEGER)",
  [FB_Q_INSERT_LINK] = "INSERT INTO links (device, device_seq, prev, hash) VALUES ($1, $2, $3, $4)",
  [FB_Q_LINKS_BELOW] = "SELECT device_seq, prev, hash FROM links"
                       " WHERE device = $1 AND device_seq < CAST ($2 AS BIGINT) ORDER BY device_seq",
  [FB_Q_ALL_LINKS] = "SELECT device, device_seq, prev, hash FROM links ORDER BY device, device_seq",
  [FB_Q_HEADS] = "SELECT h.device, h.n, coalesce ((SELECT hash FROM ops WHERE device = h.device AND device_seq = h.n),"
                 " (SELECT hash FROM links WHERE device = h.device AND device_seq = h.n))"
                 " FROM (SELECT device, max (n) AS n FROM"
                 "  (SELECT device, max (device_seq) AS n FROM ops GROUP BY device"
                 "   UNION ALL SELECT device, max (device_seq) FROM links GROUP BY device) AS u"
                 "  GROUP BY device) AS h ORDER BY h.device",
  [FB_Q_GET_PLACE] = "SELECT seq, prev, hash FROM ops WHERE device = $1 AND device_seq = CAST ($2 AS BIGINT)"
                     " UNION ALL SELECT 0, prev, hash FROM links WHERE device = $1 AND device_seq = CAST ($2 AS BIGINT)"
                     " LIMIT 1",
  [FB_Q_INSERT_TOKEN] = "INSERT INTO tokens (name, digest, read_only, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5)",
  [FB_Q_LIST_TOKENS] = "SELECT name, read_only, created_at, revoked_at, digest FROM tokens ORDER BY name",
  [FB_Q_VALID_TOKENS] = "SELECT name, digest, read_only, created_at FROM tokens WHERE revoked_at = 0",
  [FB_Q_REVOKE_TOKEN] = "UPDATE tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at = 0",
  [FB_Q_USER_KNOWN] = "SELECT 1 FROM tokens WHERE name = $1",
  [FB_Q_GROUPS_OF] = "SELECT name FROM groups WHERE member = $1 ORDER BY name",
  [FB_Q_GROUP_ADD] = "INSERT INTO groups (name, member) VALUES ($1, $2) ON CONFLICT DO NOTHING",
  [FB_Q_GROUP_REMOVE] = "DELETE FROM groups WHERE name = $1 AND member = $2",
  [FB_Q_LIST_GROUPS] = "SELECT name, member FROM groups ORDER BY name, member",
  [FB_Q_SET_RESTRICTION] = "INSERT INTO restrictions (incident, stamp, body) VALUES ($1, $2, $3)"
                           " ON CONFLICT (incident) DO UPDATE SET stamp = excluded.stamp, body = excluded.body",
  [FB_Q_LIST_RESTRICTIONS] = "SELECT incident, body, stamp FROM restrictions ORDER BY incident",
};

void
_fb_rows_clear (FbRows *rows)
{
  g_clear_pointer (&rows->cells, g_ptr_array_unref);
  rows->n_columns = 0;
  rows->changes = 0;
  rows->conflict = FALSE;
}

void
_fb_rows_add (FbRows *rows,
              char   *cell)
{
  if (rows->cells == NULL)
    rows->cells = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (rows->cells, cell);
}

guint
_fb_rows_count (const FbRows *rows)
{
  if (rows->cells == NULL || rows->n_columns == 0)
    return 0;
  return rows->cells->len / rows->n_columns;
}

const char *
_fb_rows_text (const FbRows *rows,
               guint         row,
               guint         column)
{
  g_assert (column < rows->n_columns && row < _fb_rows_count (rows));
  return g_ptr_array_index (rows->cells, row * rows->n_columns + column);
}

gint64
_fb_rows_int (const FbRows *rows,
              guint         row,
              guint         column)
{
  const char *text = _fb_rows_text (rows, row, column);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

const char *
_fb_num (char   *buf,
         gint64  value)
{
  g_snprintf (buf, 24, "%" G_GINT64_FORMAT, value);
  return buf;
}

gboolean
_fb_server_db_runv (FbServerDb         *db,
                    FbQuery             query,
                    const char * const *params,
                    guint               n_params,
                    FbRows             *rows,
                    GError            **error)
{
  g_auto(FbRows) ignored = { 0 };

  if (rows == NULL)
    rows = &ignored;
  _fb_rows_clear (rows);

  return db->backend->run (db, query, params, n_params, rows, error);
}

gboolean
_fb_server_db_run_many (FbServerDb         *db,
                        FbQuery             query,
                        const char * const *params,
                        guint               n_params,
                        guint               n,
                        FbRows             *rows,
                        GError            **error)
{
  for (guint i = 0; i < n; i++)
    _fb_rows_clear (&rows[i]);

  if (db->backend->run_many != NULL)
    return db->backend->run_many (db, query, params, n_params, n, rows, error);

  for (guint i = 0; i < n; i++)
    {
      if (!db->backend->run (db, query, params + i * n_params, n_params, &rows[i], error))
        return FALSE;
      if (rows[i].conflict)
        break;
    }
  return TRUE;
}

gboolean
_fb_server_db_finish_push (FbServerDb         *db,
                           FbQuery             query,
                           const char * const *params,
                           guint               n_params,
                           guint               n,
                           FbRows             *rows,
                           GError            **error)
{
  if (db->backend->finish != NULL)
    {
      for (guint i = 0; i < n; i++)
        _fb_rows_clear (&rows[i]);
      return db->backend->finish (db, query, params, n_params, n, rows, error);
    }

  if (!_fb_server_db_run_many (db, query, params, n_params, n, rows, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (rows[i].conflict)
      return TRUE;
  return db->backend->commit (db, error);
}

gboolean
_fb_server_db_run (FbServerDb *db,
                   FbQuery     query,
                   FbRows     *rows,
                   GError    **error,
                   guint       n_params,
                   ...)
{
  const char *params[12];
  va_list args;

  g_assert (n_params <= G_N_ELEMENTS (params));

  va_start (args, n_params);
  for (guint i = 0; i < n_params; i++)
    params[i] = va_arg (args, const char *);
  va_end (args);

  return _fb_server_db_runv (db, query, params, n_params, rows, error);
}

/* Opening ---------------------------------------------------------------- */

static gboolean
is_postgresql_uri (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

FbServerDb *
fb_server_db_open (const char *location,
                   GError    **error)
{
  g_return_val_if_fail (location != NULL, NULL);

  if (!is_postgresql_uri (location))
    return _fb_server_db_open_sqlite (location, error);

#ifdef FB_HAVE_POSTGRESQL
  return _fb_server_db_open_pg (location, error);
#else
  g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
               _("This firebreak-server was built without PostgreSQL support, so it cannot use "
                 "a postgresql:// database; build it with the meson option postgresql=enabled, "
                 "or give the path of an SQLite file."));
  return NULL;
#endif
}

void
fb_server_db_free (FbServerDb *db)
{
  if (db == NULL)
    return;

  if (db->notify_destroy != NULL)
    db->notify_destroy (db->notify_data);
  db->notify = NULL;
  db->notify_destroy = NULL;
  g_free (db->location);
  g_free (db->server_id);
  g_clear_error (&db->damage);
  db->backend->free (db);
}

gboolean
fb_server_db_is_postgresql (FbServerDb *db)
{
  g_return_val_if_fail (db != NULL, FALSE);

  return db->backend->finish != NULL;
}

const char *
fb_server_db_get_path (FbServerDb *db)
{
  return db->location;
}

const char *
fb_server_db_get_server_id (FbServerDb *db)
{
  return db->server_id;
}

gboolean
fb_server_db_read_head (FbServerDb *db,
                        gint64     *head,
                        GError    **error)
{
  g_auto(FbRows) rows = { 0 };

  g_return_val_if_fail (db != NULL, FALSE);

  if (!_fb_server_db_run (db, FB_Q_HEAD, &rows, error, 0))
    return FALSE;

  db->last_head = _fb_rows_int (&rows, 0, 0);
  *head = db->last_head;
  return TRUE;
}

gint64
fb_server_db_get_head (FbServerDb *db)
{
  gint64 head = 0;

  if (!fb_server_db_read_head (db, &head, NULL))
    return db->last_head;
  return head;
}

gint64
fb_server_db_count_ops (FbServerDb *db)
{
  g_auto(FbRows) rows = { 0 };

  if (!_fb_server_db_run (db, FB_Q_COUNT_OPS, &rows, NULL, 0))
    return 0;
  return _fb_rows_int (&rows, 0, 0);
}

void
fb_server_db_set_notify (FbServerDb       *db,
                         FbServerDbNotify  callback,
                         gpointer          user_data,
                         GDestroyNotify    destroy)
{
  g_return_if_fail (db != NULL);

  if (db->notify_destroy != NULL)
    db->notify_destroy (db->notify_data);
  db->notify = callback;
  db->notify_data = user_data;
  db->notify_destroy = destroy;

  if (db->backend->watch != NULL)
    db->backend->watch (db);
}

/* Tokens ----------------------------------------------------------------- */

static char *
digest_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Compares every byte whatever the first difference, so the time taken
 * tells an attacker nothing about how close a guess was. */
static gboolean
equal_constant_time (const char *a,
                     const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guchar diff = la != lb;

  for (gsize i = 0; i < MIN (la, lb); i++)
    diff |= (guchar) a[i] ^ (guchar) b[i];

  return diff == 0;
}

char *
fb_server_db_add_token (FbServerDb *db,
                        const char *name,
                        gboolean    read_only,
                        GError    **error)
{
  guchar raw[32];
  g_autofree char *encoded = NULL;
  g_autofree char *token = NULL;
  g_autofree char *digest = NULL;
  g_auto(FbRows) rows = { 0 };
  char now[24];

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!fb_account_name_is_valid (name))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("“%s” cannot name a user: use 1 to 64 letters, digits, “-”, “_”, “.” or “@”."),
                   name);
      return NULL;
    }

  if (getrandom (raw, sizeof raw, 0) != sizeof raw)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FAILED,
                   _("The system could not supply random bytes for a token: %s"),
                   g_strerror (errno));
      return NULL;
    }

  /* URL-safe and free of characters a shell or a header would mangle. */
  encoded = g_base64_encode (raw, sizeof raw);
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  g_strdelimit (encoded, "=", '\0');
  token = g_strconcat ("fbt_", encoded, NULL);
  digest = digest_token (token);

  if (!_fb_server_db_run (db, FB_Q_INSERT_TOKEN, &rows, error, 5, name, digest, read_only ? "1" : "0",
                          _fb_num (now, g_get_real_time () / 1000), "0"))
    return NULL;

  if (rows.conflict)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("There is already a user “%s”; revoke it first or choose another name."),
                   name);
      return NULL;
    }

  return g_steal_pointer (&token);
}

GPtrArray *
fb_server_db_list_tokens (FbServerDb *db,
                          GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_token_info_free);
  g_auto(FbRows) rows = { 0 };

  if (!_fb_server_db_run (db, FB_Q_LIST_TOKENS, &rows, error, 0))
    return NULL;

  for (guint i = 0; i < _fb_rows_count (&rows); i++)
    {
      FbTokenInfo *info = g_new0 (FbTokenInfo, 1);

      info->name = g_strdup (_fb_rows_text (&rows, i, 0));
      info->read_only = _fb_rows_int (&rows, i, 1) != 0;
      info->created_at = _fb_rows_int (&rows, i, 2);
      info->revoked_at = _fb_rows_int (&rows, i, 3);
      g_ptr_array_add (list, info);
    }

  return g_steal_pointer (&list);
}

gboolean
fb_server_db_revoke_token (FbServerDb *db,
                           const char *name,
                           GError    **error)
{
  g_auto(FbRows) rows = { 0 };
  char now[24];

  if (!_fb_server_db_run (db, FB_Q_REVOKE_TOKEN, &rows, error, 2,
                          _fb_num (now, g_get_real_time () / 1000), name))
    return FALSE;

  if (rows.changes == 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no valid token for a user “%s”; see “firebreak-server user list”."),
                   name);
      return FALSE;
    }

  return TRUE;
}

FbTokenInfo *
fb_server_db_lookup_token (FbServerDb *db,
                           const char *token,
                           GError    **error)
{
  g_autofree char *digest = NULL;
  g_auto(FbRows) rows = { 0 };
  FbTokenInfo *found = NULL;

  g_return_val_if_fail (db != NULL, NULL);

  if (token == NULL || token[0] == '\0' || strlen (token) > 256)
    return NULL;

  digest = digest_token (token);

  /* Every valid token is compared, in full, so that neither the time nor
   * the order of the rows says anything about which one came close. */
  if (!_fb_server_db_run (db, FB_Q_VALID_TOKENS, &rows, error, 0))
    return NULL;

  for (guint i = 0; i < _fb_rows_count (&rows); i++)
    if (equal_constant_time (_fb_rows_text (&rows, i, 1), digest) && found == NULL)
      {
        found = g_new0 (FbTokenInfo, 1);
        found->name = g_strdup (_fb_rows_text (&rows, i, 0));
        found->read_only = _fb_rows_int (&rows, i, 2) != 0;
        found->created_at = _fb_rows_int (&rows, i, 3);
      }

  return found;
}

FbTokenInfo *
fb_server_db_check_token (FbServerDb *db,
                          const char *token)
{
  return fb_server_db_lookup_token (db, token, NULL);
}
