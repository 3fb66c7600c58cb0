/* fb-server-db.c — the server's own database: numbered ops, tokens, identity
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server keeps each op exactly as its author hashed it, numbered in the
 * order it was accepted. It never interprets an op beyond checking it: the
 * clients hold all the logic, and the server is only their meeting point.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/random.h>

#include "fb-server-db-private.h"

#define SERVER_APPLICATION_ID 0x46425331 /* "FBS1" */
#define SERVER_SCHEMA_VERSION 3

static const FbSqliteMessages server_messages = {
  N_("The server database “%s” is damaged (%s); restore it from a backup."),
  N_("The disk holding “%s” is full; nothing was stored."),
  NULL,
  N_("The server database “%s” reported an error: %s"),
};

/* 2: links, the hash-only places of a device's chain whose ops the
 * server was never sent: an incident imported from a laptop that recorded
 * others before it arrives with links for those, and clients pulling it
 * receive them too. */
#define LINKS_SQL \
  "CREATE TABLE links (" \
  "  device TEXT NOT NULL, device_seq INTEGER NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL," \
  "  PRIMARY KEY (device, device_seq)) WITHOUT ROWID;"

/* Each version's script takes the database from the one before it. */
static const char * const schema_steps[] = {
  /* 1 */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE ops ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id TEXT NOT NULL UNIQUE,"
  "  device TEXT NOT NULL,"
  "  device_seq INTEGER NOT NULL,"
  "  hash TEXT NOT NULL,"
  "  op TEXT NOT NULL,"
  "  user TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  UNIQUE (device, device_seq));"
  "CREATE TABLE tokens ("
  "  name TEXT PRIMARY KEY,"
  "  digest TEXT NOT NULL UNIQUE,"
  "  read_only INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  revoked_at INTEGER NOT NULL DEFAULT 0);",

  /* 2 */
  LINKS_SQL,

  /* 3: need-to-know incidents. Each op's incident and prev, so that a
   * pull can send a hash-only link in its place; the groups of users;
   * and per incident the body of its latest incident.restrict, with the
   * (hlc, device) stamp that orders them. */
  "ALTER TABLE ops ADD COLUMN incident TEXT;"
  "ALTER TABLE ops ADD COLUMN prev TEXT NOT NULL DEFAULT '';"
  "UPDATE ops SET incident = json_extract (op, '$.incident'), prev = json_extract (op, '$.prev');"
  "CREATE TABLE groups (name TEXT NOT NULL, member TEXT NOT NULL,"
  "  PRIMARY KEY (name, member)) WITHOUT ROWID;"
  "CREATE TABLE restrictions (incident TEXT PRIMARY KEY, stamp TEXT NOT NULL,"
  "  body TEXT NOT NULL) WITHOUT ROWID;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (schema_steps) == SERVER_SCHEMA_VERSION);

void
fb_token_info_free (FbTokenInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info);
}

/* SQLite plumbing -------------------------------------------------------- */

sqlite3_stmt *
_fb_server_db_stmt (FbServerDb *db,
                    const char *sql)
{
  sqlite3_stmt *stmt = fb_sqlite_stmt (&db->sql, sql);

  /* Every statement is written in this file: failing to prepare one means
   * the schema is not ours, which opening has already ruled out. */
  if (stmt == NULL)
    g_error ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (db->sql.db));

  return stmt;
}

static gint64
query_int (FbServerDb *db,
           const char *sql)
{
  return fb_sqlite_query_int (&db->sql, sql, 0);
}

static char *
get_meta (FbServerDb *db,
          const char *key)
{
  sqlite3_stmt *stmt = _fb_server_db_stmt (db, "SELECT value FROM meta WHERE key = ?");
  char *value = NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

/* Opening ---------------------------------------------------------------- */

/* A new server gets a new identity, so that clients that knew another
 * one (or this file's older self) resend what it may lack. */
static gboolean
create_identity (FbSqlite  *sql,
                 gpointer   data,
                 GError   **error)
{
  g_autofree char *server_id = fb_uuid_new ();
  g_autofree char *pragma = g_strdup_printf ("PRAGMA application_id = %d", SERVER_APPLICATION_ID);
  sqlite3_stmt *stmt;
  int rc;

  if (!fb_sqlite_exec (sql, pragma, error))
    return FALSE;

  stmt = _fb_server_db_stmt (data, "INSERT INTO meta (key, value) VALUES ('server_id', ?)");
  sqlite3_bind_text (stmt, 1, server_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return fb_sqlite_check (sql, rc, error);
}

static gboolean
refuse (GError    **error,
        FbError     code,
        const char *path,
        const char *why)
{
  g_set_error (error, FB_ERROR, code,
               _("Cannot use the server database “%s”: %s It was left exactly as it was."),
               path, why);
  return FALSE;
}

/* Decides on a file before anything writes to it, not even the switch
 * to WAL, which changes its header. A damaged file is refused at start
 * rather than found in the middle of a push. */
static gboolean
probe_existing (const char *path,
                GError    **error)
{
  /* A new database would have a new identity, and every client's token
   * and cursor would be refused against it. */
  static const FbSqliteOwner owner = {
    SERVER_APPLICATION_ID,
    SERVER_SCHEMA_VERSION,
    N_("the file is empty. Delete it to start a new server database there "
       "(every client must then be given a new token), or restore it from a backup."),
    N_("it is not a Firebreak server database (perhaps a workstation’s "
       "database or another program’s)."),
    N_("it was written by a newer firebreak-server; update this one."),
  };
  g_autoptr(GError) local = NULL;
  gint64 version;

  if (!fb_sqlite_probe (path, &owner, &version, &local))
    return refuse (error, local->code, path, local->message);

  if (!fb_sqlite_check_file (path, TRUE, &local))
    return refuse (error, local->code, path, local->message);

  return TRUE;
}

FbServerDb *
fb_server_db_open (const char *path,
                   GError    **error)
{
  g_autoptr(FbServerDb) db = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  db = g_new0 (FbServerDb, 1);
  fb_sqlite_init (&db->sql, path, &server_messages);

  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      !fb_sqlite_create (&db->sql, schema_steps, G_N_ELEMENTS (schema_steps),
                         create_identity, db, error))
    return NULL;

  if (!probe_existing (path, error) ||
      !fb_sqlite_open (&db->sql, error))
    return NULL;

  /* A push that finds another process holding the lock is answered "busy,
   * come back" within a quarter of a second rather than keeping every
   * other client waiting behind it. */
  sqlite3_busy_timeout (db->sql.db, 250);

  /* An answer of "accepted" is a promise: synchronous=FULL makes the
   * commit durable before the answer leaves, even against power loss. */
  if (!fb_sqlite_exec (&db->sql, "PRAGMA journal_mode = WAL", error) ||
      !fb_sqlite_exec (&db->sql, "PRAGMA synchronous = FULL", error))
    {
      g_prefix_error (error, _("Cannot use “%s”: "), path);
      return NULL;
    }

  if (!fb_sqlite_migrate (&db->sql, schema_steps, G_N_ELEMENTS (schema_steps),
                          create_identity, db, error))
    return NULL;

  db->server_id = get_meta (db, "server_id");
  if (db->server_id == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                   _("The server database “%s” has lost its identity; restore it from a backup."),
                   path);
      return NULL;
    }

  return g_steal_pointer (&db);
}

void
fb_server_db_free (FbServerDb *db)
{
  if (db == NULL)
    return;

  fb_sqlite_clear (&db->sql);
  g_free (db->server_id);
  g_clear_error (&db->damage);
  g_free (db);
}

const char *
fb_server_db_get_path (FbServerDb *db)
{
  return db->sql.path;
}

const char *
fb_server_db_get_server_id (FbServerDb *db)
{
  return db->server_id;
}

gint64
fb_server_db_get_head (FbServerDb *db)
{
  return query_int (db, "SELECT coalesce(max(seq), 0) FROM ops");
}

gint64
fb_server_db_count_ops (FbServerDb *db)
{
  return query_int (db, "SELECT count(*) FROM ops");
}

/* Ops -------------------------------------------------------------------- */

static gboolean insert_op (FbServerDb   *db,
                           const FbOp   *op,
                           const char   *user,
                           gint64        now_ms,
                           FbPushResult *result,
                           GError      **error);

/* A link fills a place of a device's chain below the ops of the request:
 * it must follow what the server holds there, as an op would. */
static gboolean
push_link (FbServerDb   *db,
           const FbLink *link,
           GError      **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *held = NULL;
  g_autofree char *before = NULL;
  gboolean have_before = FALSE;
  int rc;

  stmt = _fb_server_db_stmt (db, "SELECT hash FROM ops WHERE device = ?1 AND device_seq = ?2"
                       " UNION ALL SELECT hash FROM links WHERE device = ?1 AND device_seq = ?2 LIMIT 1");
  sqlite3_bind_text (stmt, 1, link->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, link->device_seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    held = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

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
      sqlite3_bind_text (stmt, 1, link->device, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, link->device_seq - 1);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          before = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          have_before = TRUE;
        }
      sqlite3_reset (stmt);

      if (!have_before)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_GAP,
                       _("A link is number %lld of device %s, but the server holds nothing of that "
                         "device just before it; send the links from its first change"),
                       (long long) link->device_seq, link->device);
          return FALSE;
        }
      if (!g_str_equal (before, link->prev))
        {
          g_set_error (error, FB_ERROR, FB_ERROR_CHAIN,
                       _("A link (device %s, number %lld) does not follow the change before it"),
                       link->device, (long long) link->device_seq);
          return FALSE;
        }
    }

  stmt = _fb_server_db_stmt (db, "INSERT INTO links (device, device_seq, prev, hash) VALUES (?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, link->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, link->device_seq);
  sqlite3_bind_text (stmt, 3, link->prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, link->hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return fb_sqlite_check (&db->sql, rc, error);
}

/* A read that fails (a damaged page under the lookup) fails the push: a
 * row it could not see is not a row that is absent. */
static gboolean
step_read (FbServerDb   *db,
           sqlite3_stmt *stmt,
           int          *rc,
           GError      **error)
{
  *rc = sqlite3_step (stmt);
  if (*rc == SQLITE_ROW || *rc == SQLITE_DONE)
    return TRUE;

  sqlite3_reset (stmt);
  return fb_sqlite_check (&db->sql, *rc, error);
}

static gboolean
push_one (FbServerDb   *db,
          const FbOp   *op,
          const char   *user,
          gint64        now_ms,
          FbPushResult *result,
          GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 last_seq = 0;
  g_autofree char *last_hash = NULL;
  int rc;

  result->id = op->id;

  stmt = _fb_server_db_stmt (db, "SELECT seq, id, hash FROM ops WHERE device = ? AND device_seq = ?");
  sqlite3_bind_text (stmt, 1, op->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, op->device_seq);
  if (!step_read (db, stmt, &rc, error))
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      gboolean same = g_str_equal ((const char *) sqlite3_column_text (stmt, 1), op->id) &&
                      g_str_equal ((const char *) sqlite3_column_text (stmt, 2), op->hash);

      result->seq = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      if (same)
        {
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
  sqlite3_reset (stmt);

  /* The op a link stood in for: it takes the place the link kept. */
  stmt = _fb_server_db_stmt (db, "SELECT hash FROM links WHERE device = ? AND device_seq = ?");
  sqlite3_bind_text (stmt, 1, op->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, op->device_seq);
  if (!step_read (db, stmt, &rc, error))
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      gboolean same = g_str_equal ((const char *) sqlite3_column_text (stmt, 0), op->hash);

      sqlite3_reset (stmt);
      if (!same)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_FORK,
                       _("Change %s claims number %lld of device %s, whose hash the server "
                         "already holds as another one: that device’s history has forked"),
                       op->id, (long long) op->device_seq, op->device);
          return FALSE;
        }
      return insert_op (db, op, user, now_ms, result, error);
    }
  sqlite3_reset (stmt);

  stmt = _fb_server_db_stmt (db, "SELECT device_seq, hash FROM ops WHERE device = ?1"
                       " UNION ALL SELECT device_seq, hash FROM links WHERE device = ?1"
                       " ORDER BY 1 DESC LIMIT 1");
  sqlite3_bind_text (stmt, 1, op->device, -1, SQLITE_STATIC);
  if (!step_read (db, stmt, &rc, error))
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      last_seq = sqlite3_column_int64 (stmt, 0);
      last_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  if (op->device_seq != last_seq + 1)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_GAP,
                   _("Change %s is number %lld of device %s, but the server holds "
                     "that device’s changes only up to number %lld; send the missing ones first"),
                   op->id, (long long) op->device_seq, op->device, (long long) last_seq);
      return FALSE;
    }

  if (last_seq > 0 && !g_str_equal (op->prev, last_hash))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_CHAIN,
                   _("Change %s (device %s, number %lld) does not follow the "
                     "change before it: its “prev” is not that change’s hash"),
                   op->id, op->device, (long long) op->device_seq);
      return FALSE;
    }

  return insert_op (db, op, user, now_ms, result, error);
}

static gboolean
insert_op (FbServerDb   *db,
           const FbOp   *op,
           const char   *user,
           gint64        now_ms,
           FbPushResult *result,
           GError      **error)
{
  g_autofree char *json = fb_op_to_json (op, NULL);
  sqlite3_stmt *stmt;
  int rc;

  if (!_fb_server_db_check_access (db, op, user, error))
    return FALSE;

  stmt = _fb_server_db_stmt (db, "INSERT INTO ops (id, device, device_seq, hash, op, user, received_at,"
                                 " incident, prev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, op->device_seq);
  sqlite3_bind_text (stmt, 4, op->hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, user, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, now_ms);
  sqlite3_bind_text (stmt, 8, op->incident, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, op->prev, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FORK,
                   _("Change %s is already held by the server under another device or number"),
                   op->id);
      return FALSE;
    }
  if (!fb_sqlite_check (&db->sql, rc, error))
    return FALSE;

  result->seq = sqlite3_last_insert_rowid (db->sql.db);
  result->status = FB_PUSH_ACCEPTED;
  return TRUE;
}

static gboolean
store_batch (FbServerDb *db,
             GPtrArray  *ops,
             GPtrArray  *links,
             const char *user,
             GArray     *results,
             guint      *bad_index,
             GError    **error)
{
  gint64 now_ms = g_get_real_time () / 1000;

  if (!fb_sqlite_exec (&db->sql, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; links != NULL && i < links->len; i++)
    if (!push_link (db, g_ptr_array_index (links, i), error))
      return FALSE;

  for (guint i = 0; i < ops->len; i++)
    {
      FbPushResult result = { 0 };

      if (!push_one (db, g_ptr_array_index (ops, i), user, now_ms, &result, error))
        {
          *bad_index = i;
          return FALSE;
        }
      g_array_append_val (results, result);
    }

  return fb_sqlite_exec (&db->sql, "COMMIT", error);
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
  GError *local = NULL;

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

  if (!store_batch (db, ops, links, user, results, bad_index, &local))
    {
      fb_sqlite_rollback (&db->sql);
      if (g_error_matches (local, FB_ERROR, FB_ERROR_CORRUPT))
        db->damage = g_error_copy (local);
      g_propagate_error (error, local);
      return NULL;
    }

  return g_steal_pointer (&results);
}

static gboolean
append_links (FbServerDb *db,
              GHashTable *devices,
              GString    *json,
              GError    **error)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;
  int rc = SQLITE_DONE;

  g_string_append (json, ",\"links\":[");
  g_hash_table_iter_init (&iter, devices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_stmt *stmt = _fb_server_db_stmt (db, "SELECT device_seq, prev, hash FROM links"
                                         " WHERE device = ? AND device_seq < ? ORDER BY device_seq");

      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (gint64) GPOINTER_TO_SIZE (value));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          /* Checked when they came: a UUID, a number and hex digests. */
          g_string_append_printf (json, "%s{\"device\":\"%s\",\"device_seq\":%" G_GINT64_FORMAT
                                  ",\"prev\":\"%s\",\"hash\":\"%s\"}",
                                  first ? "" : ",", (const char *) key,
                                  (gint64) sqlite3_column_int64 (stmt, 0),
                                  (const char *) sqlite3_column_text (stmt, 1),
                                  (const char *) sqlite3_column_text (stmt, 2));
          first = FALSE;
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        break;
    }
  g_string_append_c (json, ']');

  return fb_sqlite_check (&db->sql, rc, error);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The incidents shown to exist, and a digest of all those withheld: it
 * changes whenever the user gains or loses sight of one (a restriction
 * made, widened or lifted, a group changed), which tells the client to
 * pull again what it holds as links, without naming what it may not see. */
static void
append_withheld (GString    *json,
                 GPtrArray  *markers,
                 GHashTable *hidden)
{
  g_autofree gpointer *ids = NULL;
  g_autoptr(GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);
  guint n = 0;

  g_string_append (json, ",\"restricted\":[");
  for (guint i = 0; i < markers->len; i++)
    /* Incident ids, checked as UUIDs when their ops came. */
    g_string_append_printf (json, "%s\"%s\"", i > 0 ? "," : "", (const char *) markers->pdata[i]);
  g_string_append_c (json, ']');

  ids = g_hash_table_get_keys_as_array (hidden, &n);
  g_qsort_with_data (ids, (gint) n, sizeof (gpointer), compare_ids, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_checksum_update (digest, ids[i], -1);
      g_checksum_update (digest, (const guchar *) "\n", 1);
    }
  g_string_append_printf (json, ",\"withheld\":\"%s\"", n > 0 ? g_checksum_get_string (digest) : "");
}

gboolean
fb_server_db_pull (FbServerDb *db,
                   const char *user,
                   gint64      since,
                   guint       limit,
                   GString    *json,
                   GError    **error)
{
  g_autoptr(GHashTable) devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) hidden = NULL;
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gboolean first = TRUE;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);

  /* One read transaction, so that the head, the page and who may see
   * what agree. */
  if (!fb_sqlite_exec (&db->sql, "BEGIN", error))
    return FALSE;

  hidden = _fb_server_db_hidden_for (db, user, markers, error);
  if (hidden == NULL)
    {
      fb_sqlite_exec (&db->sql, "COMMIT", NULL);
      return FALSE;
    }

  g_string_append_printf (json, "\"head\":%" G_GINT64_FORMAT ",\"ops\":[",
                          fb_server_db_get_head (db));

  stmt = _fb_server_db_stmt (db, "SELECT seq, op, device, device_seq, incident, prev, hash"
                                 " FROM ops WHERE seq > ? ORDER BY seq LIMIT ?");
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *device = (const char *) sqlite3_column_text (stmt, 2);
      gint64 device_seq = sqlite3_column_int64 (stmt, 3);
      const char *incident = (const char *) sqlite3_column_text (stmt, 4);
      gpointer lowest;

      /* An op of an incident this user may not see: only its place in
       * its device's chain, nothing of what it says or whose it is. */
      if (incident != NULL && g_hash_table_contains (hidden, incident))
        g_string_append_printf (json, "%s{\"seq\":%" G_GINT64_FORMAT ",\"link\":{\"device\":\"%s\","
                                "\"device_seq\":%" G_GINT64_FORMAT ",\"prev\":\"%s\",\"hash\":\"%s\"}}",
                                first ? "" : ",", (gint64) sqlite3_column_int64 (stmt, 0),
                                device, device_seq, (const char *) sqlite3_column_text (stmt, 5),
                                (const char *) sqlite3_column_text (stmt, 6));
      else
        /* Stored in canonical form by this server, so spliced as it is. */
        g_string_append_printf (json, "%s{\"seq\":%" G_GINT64_FORMAT ",\"op\":%s}",
                                first ? "" : ",",
                                (gint64) sqlite3_column_int64 (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1));
      first = FALSE;

      if (!g_hash_table_lookup_extended (devices, device, NULL, &lowest) ||
          device_seq < (gint64) GPOINTER_TO_SIZE (lowest))
        g_hash_table_insert (devices, g_strdup (device), GSIZE_TO_POINTER ((gsize) device_seq));
    }
  sqlite3_reset (stmt);
  g_string_append_c (json, ']');

  /* The links below each device's first op in the page, for a device the
   * server has only a part of: the client checks the chain with them. */
  if (rc == SQLITE_DONE && !append_links (db, devices, json, error))
    {
      fb_sqlite_exec (&db->sql, "COMMIT", NULL);
      return FALSE;
    }
  append_withheld (json, markers, hidden);

  fb_sqlite_exec (&db->sql, "COMMIT", NULL);
  return fb_sqlite_check (&db->sql, rc, error);
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
  sqlite3_stmt *stmt;
  int rc;

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

  stmt = _fb_server_db_stmt (db, "INSERT INTO tokens (name, digest, read_only, created_at) VALUES (?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, digest, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, read_only ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / 1000);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("There is already a user “%s”; revoke it first or choose another name."),
                   name);
      return NULL;
    }
  if (!fb_sqlite_check (&db->sql, rc, error))
    return NULL;

  return g_steal_pointer (&token);
}

GPtrArray *
fb_server_db_list_tokens (FbServerDb *db,
                          GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_token_info_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fb_server_db_stmt (db, "SELECT name, read_only, created_at, revoked_at FROM tokens ORDER BY name");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbTokenInfo *info = g_new0 (FbTokenInfo, 1);

      info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      info->read_only = sqlite3_column_int (stmt, 1) != 0;
      info->created_at = sqlite3_column_int64 (stmt, 2);
      info->revoked_at = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (list, info);
    }
  sqlite3_reset (stmt);

  if (!fb_sqlite_check (&db->sql, rc, error))
    return NULL;

  return g_steal_pointer (&list);
}

gboolean
fb_server_db_revoke_token (FbServerDb *db,
                           const char *name,
                           GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fb_server_db_stmt (db, "UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at = 0");
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / 1000);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (!fb_sqlite_check (&db->sql, rc, error))
    return FALSE;

  if (sqlite3_changes (db->sql.db) == 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no valid token for a user “%s”; see “firebreak-server user list”."),
                   name);
      return FALSE;
    }

  return TRUE;
}

FbTokenInfo *
fb_server_db_check_token (FbServerDb *db,
                          const char *token)
{
  g_autofree char *digest = NULL;
  FbTokenInfo *found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (db != NULL, NULL);

  if (token == NULL || token[0] == '\0' || strlen (token) > 256)
    return NULL;

  digest = digest_token (token);

  /* Every valid token is compared, in full, so that neither the time nor
   * the order of the rows says anything about which one came close. */
  stmt = _fb_server_db_stmt (db, "SELECT name, digest, read_only, created_at FROM tokens WHERE revoked_at = 0");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (equal_constant_time ((const char *) sqlite3_column_text (stmt, 1), digest) && found == NULL)
        {
          found = g_new0 (FbTokenInfo, 1);
          found->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          found->read_only = sqlite3_column_int (stmt, 2) != 0;
          found->created_at = sqlite3_column_int64 (stmt, 3);
        }
    }
  sqlite3_reset (stmt);

  return found;
}
