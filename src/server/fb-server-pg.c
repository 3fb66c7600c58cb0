/* fb-server-pg.c — the server's database on PostgreSQL
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several firebreak-server processes share one PostgreSQL database. A
 * push takes one transaction-level advisory lock before it numbers
 * anything and numbers from max(seq) + 1 under it, so forks are refused
 * by whichever push comes second and numbers become visible in the order
 * they were given: a pull never skips an op that is still on its way. The
 * push announces its newest number with NOTIFY, delivered at commit, and
 * each FbServerDb with a callback LISTENs on a connection of its own. A
 * push's statements go in libpq pipelines, BEGIN and the lock with its
 * lookups, its inserts with the COMMIT, so the lock is held for two round
 * trips whatever the push's size. A database out of reach is
 * FB_ERROR_UNAVAILABLE; the next call connects again.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "fb-server-db-private.h"

#define PG_SCHEMA_VERSION 1
#define PUSH_LOCK_KEY     46420001 /* any two numbers no other program on the database uses */
#define SCHEMA_LOCK_KEY   46420002
#define CHANNEL           "firebreak_ops"
#define RELISTEN_MS       500
/* Statements sent before their answers are read: the answers of so few
 * fit in the socket's buffer, so sending cannot wait on reading. */
#define PIPELINE_MAX      64
#define PUSH_LOCK_SQL     "SELECT pg_advisory_xact_lock (" G_STRINGIFY (PUSH_LOCK_KEY) ")"
/* Under the push lock the newest number is the push's own. */
#define ANNOUNCE_SQL      "SELECT pg_notify ('" CHANNEL "', CAST ((SELECT max (seq) FROM ops) AS TEXT))"

typedef struct
{
  FbServerDb    parent;
  char         *uri;
  PGconn       *conn;
  guint64       prepared;    /* one bit per statement prepared on conn */
  gboolean      in_tx;
  gboolean      push_due;    /* a push began: BEGIN and its lock go with its first statements */
  gboolean      lost;        /* the last failure was the connection's */
  char         *why;         /* libpq's words for the last one */
  GArray       *own_pids;    /* of every connection this object pushed on */
  PGconn       *listen;
  GSource      *listen_source;
  GSource      *retry_source;
  GMainContext *context;
} FbServerDbPg;

G_STATIC_ASSERT (FB_Q_N_QUERIES <= 64);

/* Each version's script takes the database from the one before it. Text
 * compares byte by byte ("C"), as in SQLite, so both sort alike. */
static const char * const schema_steps[] = {
  /* 1 */
  "CREATE TABLE ops ("
  "  seq BIGINT PRIMARY KEY,"
  "  id TEXT COLLATE \"C\" NOT NULL UNIQUE,"
  "  device TEXT COLLATE \"C\" NOT NULL,"
  "  device_seq BIGINT NOT NULL,"
  "  hash TEXT COLLATE \"C\" NOT NULL,"
  "  op TEXT NOT NULL,"
  "  \"user\" TEXT COLLATE \"C\" NOT NULL,"
  "  received_at BIGINT NOT NULL,"
  "  incident TEXT COLLATE \"C\","
  "  prev TEXT COLLATE \"C\" NOT NULL,"
  "  UNIQUE (device, device_seq));"
  "CREATE TABLE links ("
  "  device TEXT COLLATE \"C\" NOT NULL, device_seq BIGINT NOT NULL,"
  "  prev TEXT COLLATE \"C\" NOT NULL, hash TEXT COLLATE \"C\" NOT NULL,"
  "  PRIMARY KEY (device, device_seq));"
  "CREATE TABLE tokens ("
  "  name TEXT COLLATE \"C\" PRIMARY KEY,"
  "  digest TEXT COLLATE \"C\" NOT NULL UNIQUE,"
  "  read_only INTEGER NOT NULL,"
  "  created_at BIGINT NOT NULL,"
  "  revoked_at BIGINT NOT NULL DEFAULT 0);"
  "CREATE TABLE groups (name TEXT COLLATE \"C\" NOT NULL, member TEXT COLLATE \"C\" NOT NULL,"
  "  PRIMARY KEY (name, member));"
  "CREATE TABLE restrictions (incident TEXT COLLATE \"C\" PRIMARY KEY,"
  "  stamp TEXT COLLATE \"C\" NOT NULL, body TEXT NOT NULL);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (schema_steps) == PG_SCHEMA_VERSION);

/* Errors ------------------------------------------------------------------ */

static void
on_notice_cb (void       *data,
              const char *message)
{
  /* "relation already exists, skipping" and the like: nothing to tell. */
}

static char *
describe (PGconn   *conn,
          PGresult *res)
{
  const char *text = res != NULL ? PQresultErrorMessage (res) : "";

  g_auto(GStrv) words = NULL;

  if (text == NULL || text[0] == '\0')
    text = conn != NULL ? PQerrorMessage (conn) : "";
  if (text == NULL || text[0] == '\0')
    return g_strdup (_("no answer"));

  /* libpq's message spans lines; it goes in a sentence of ours. */
  words = g_strsplit_set (text, " \t\n", -1);
  for (char **w = words, **out = words; ; w++)
    {
      if (*w == NULL || **w != '\0')
        *out++ = *w;
      else
        g_free (*w);
      if (*w == NULL)
        break;
    }
  return g_strjoinv (" ", words);
}

static void
set_unavailable (FbServerDbPg *self,
                 GError      **error,
                 const char   *why)
{
  g_free (self->why);
  self->why = g_strdup (why);
  g_set_error (error, FB_ERROR, FB_ERROR_UNAVAILABLE,
               _("The server’s PostgreSQL database cannot be reached (%s); trying again."), why);
}

static void
drop_connection (FbServerDbPg *self)
{
  g_clear_pointer (&self->conn, PQfinish);
  self->prepared = 0;
  self->in_tx = FALSE;
  self->push_due = FALSE;
}

/* A lost connection (class 08), a server shutting down or starting
 * (57P01…57P03) is worth trying again; anything else is a fault. */
static gboolean
fail (FbServerDbPg *self,
      PGresult     *res,
      GError      **error)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *why = describe (self->conn, res);

  self->lost = FALSE;
  if (self->conn == NULL || PQstatus (self->conn) == CONNECTION_BAD || state == NULL ||
      g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"))
    {
      self->lost = TRUE;
      drop_connection (self);
      set_unavailable (self, error, why);
    }
  else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") || g_str_equal (state, "55P03"))
    g_set_error (error, FB_ERROR, FB_ERROR_BUSY,
                 _("The server’s PostgreSQL database is busy (%s); nothing was stored."), why);
  else
    g_set_error (error, FB_ERROR, FB_ERROR_FAILED,
                 _("The server’s PostgreSQL database reported an error: %s"), why);

  g_clear_pointer (&res, PQclear);
  return FALSE;
}

/* Connections ------------------------------------------------------------- */

/* A short connect_timeout: the main loop waits on it. The URI's own
 * settings come last, so they win. */
static PGconn *
connect_to (const char *uri)
{
  static const char * const keywords[] = {
    "connect_timeout", "application_name", "client_encoding", "dbname", NULL,
  };
  const char *values[] = { "2", "firebreak-server", "UTF8", uri, NULL };
  PGconn *conn = PQconnectdbParams (keywords, values, 1);

  if (conn != NULL)
    PQsetNoticeProcessor (conn, on_notice_cb, NULL);
  return conn;
}

static gboolean
ensure_connection (FbServerDbPg *self,
                   GError      **error)
{
  g_autofree char *why = NULL;

  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;

  /* Never in the middle of a transaction: what it did is gone. */
  if (self->in_tx)
    {
      why = describe (self->conn, NULL);
      drop_connection (self);
      set_unavailable (self, error, why);
      return FALSE;
    }

  drop_connection (self);
  self->conn = connect_to (self->uri);
  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    {
      int pid = PQbackendPID (self->conn);

      g_array_append_val (self->own_pids, pid);
      return TRUE;
    }

  why = describe (self->conn, NULL);
  drop_connection (self);
  set_unavailable (self, error, why);
  return FALSE;
}

static gboolean
exec_plain (FbServerDbPg *self,
            const char   *sql,
            GError      **error)
{
  PGresult *res;

  if (!ensure_connection (self, error))
    return FALSE;

  res = PQexec (self->conn, sql);
  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    return fail (self, res, error);
  PQclear (res);
  return TRUE;
}

/* Statements -------------------------------------------------------------- */

/* A connection lost while idle (PostgreSQL restarted since the last call)
 * is found only by using it: a statement that only reads, outside a
 * transaction, is then tried once more on a new one. One that writes is
 * not, as it may have been done before the connection went. */
static gboolean
is_read (guint query)
{
  switch (query)
    {
    case FB_Q_GET_META:
    case FB_Q_HEAD:
    case FB_Q_COUNT_OPS:
    case FB_Q_IS_EMPTY:
    case FB_Q_READ_OPS:
    case FB_Q_ALL_LINKS:
    case FB_Q_LINKS_BELOW:
    case FB_Q_HEADS:
    case FB_Q_GET_PLACE:
    case FB_Q_LIST_TOKENS:
    case FB_Q_VALID_TOKENS:
    case FB_Q_USER_KNOWN:
    case FB_Q_GROUPS_OF:
    case FB_Q_LIST_GROUPS:
    case FB_Q_LIST_RESTRICTIONS:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Prepares @query on this connection the first time; @name receives
 * its name there. */
static gboolean
prepare (FbServerDbPg *self,
         guint         query,
         char          name[16],
         GError      **error)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << query;
  PGresult *res;

  g_snprintf (name, 16, "fb%u", query);
  if ((self->prepared & bit) != 0)
    return TRUE;

  res = PQprepare (self->conn, name, _fb_server_db_sql[query], 0, NULL);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    return fail (self, res, error);
  PQclear (res);
  self->prepared |= bit;
  return TRUE;
}

static gboolean open_push (FbServerDbPg *self,
                           GError      **error);

static void
take_rows (PGresult *res,
           FbRows   *rows)
{
  rows->n_columns = (guint) PQnfields (res);
  for (int r = 0; r < PQntuples (res); r++)
    for (int c = 0; c < (int) rows->n_columns; c++)
      _fb_rows_add (rows, PQgetisnull (res, r, c) ? NULL : g_strdup (PQgetvalue (res, r, c)));
  rows->changes = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
}

/* Prepares @query on this connection the first time, and runs it: a
 * result with rows, a command's, or a unique key's refusal. */
static PGresult *
execute (FbServerDbPg       *self,
         guint               query,
         const char * const *params,
         guint               n_params,
         GError            **error)
{
  char name[16];
  PGresult *res;
  ExecStatusType status;

  if (!ensure_connection (self, error) || !prepare (self, query, name, error))
    return NULL;

  res = PQexecPrepared (self->conn, name, (int) n_params, params, NULL, NULL, 0);
  status = PQresultStatus (res);
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK ||
      (status == PGRES_FATAL_ERROR && g_strcmp0 (PQresultErrorField (res, PG_DIAG_SQLSTATE), "23505") == 0))
    return res;

  fail (self, res, error);
  return NULL;
}

static gboolean
run (FbServerDb         *db,
     FbQuery             query,
     const char * const *params,
     guint               n_params,
     FbRows             *rows,
     GError            **error)
{
  FbServerDbPg *self = (FbServerDbPg *) db;
  gboolean may_retry;
  GError *local = NULL;
  PGresult *res;

  if (self->push_due && !open_push (self, error))
    return FALSE;

  may_retry = !self->in_tx && is_read (query);
  res = execute (self, query, params, n_params, &local);
  if (res == NULL && may_retry && self->lost)
    {
      g_clear_error (&local);
      res = execute (self, query, params, n_params, &local);
    }
  if (res == NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }

  if (PQresultStatus (res) == PGRES_FATAL_ERROR)
    rows->conflict = TRUE;
  else
    take_rows (res, rows);
  PQclear (res);
  return TRUE;
}

/* Reads the answer of one statement of a pipeline, and the end of it:
 * NULL if the connection broke. */
static PGresult *
next_result (PGconn *conn)
{
  PGresult *res = PQgetResult (conn);
  PGresult *more;

  if (res == NULL || PQresultStatus (res) == PGRES_PIPELINE_SYNC)
    return res;
  while ((more = PQgetResult (conn)) != NULL)
    PQclear (more);
  return res;
}

static gboolean
has_conflict (const FbRows *rows,
              guint         n)
{
  for (guint i = 0; i < n; i++)
    if (rows[i].conflict)
      return TRUE;
  return FALSE;
}

/* Sends @n statements (after BEGIN and the push lock when a push is
 * due; before the announcement and COMMIT when @finishing) and only then
 * reads their answers: one round trip for them all. After an error
 * PostgreSQL skips the rest, COMMIT included, and the transaction is
 * left for the caller to roll back. */
static gboolean
run_pipeline (FbServerDbPg       *self,
              guint               query,
              const char * const *params,
              guint               n_params,
              guint               n,
              FbRows             *rows,
              gboolean            finishing,
              GError            **error)
{
  gboolean opening = self->push_due;
  guint skip = opening ? 2 : 0;
  guint total = skip + n + (finishing ? 2 : 0);
  gboolean committed = FALSE;
  PGresult *error_res = NULL;
  PGresult *res;
  gboolean sent;
  char name[16];

  self->push_due = FALSE;
  if (!ensure_connection (self, error) || !prepare (self, query, name, error))
    return FALSE;

  if (!PQenterPipelineMode (self->conn))
    return fail (self, NULL, error);

  sent = !opening || (PQsendQueryParams (self->conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0) &&
                      PQsendQueryParams (self->conn, PUSH_LOCK_SQL, 0, NULL, NULL, NULL, NULL, 0));
  for (guint i = 0; sent && i < n; i++)
    sent = PQsendQueryPrepared (self->conn, name, (int) n_params, params + i * n_params, NULL, NULL, 0);
  if (sent && finishing)
    sent = PQsendQueryParams (self->conn, ANNOUNCE_SQL, 0, NULL, NULL, NULL, NULL, 0) &&
           PQsendQueryParams (self->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0);
  if (!sent || !PQpipelineSync (self->conn))
    return fail (self, NULL, error);
  if (opening)
    self->in_tx = TRUE;

  for (guint r = 0; r < total; r++)
    {
      ExecStatusType status;

      res = next_result (self->conn);
      if (res == NULL)
        {
          g_clear_pointer (&error_res, PQclear);
          return fail (self, NULL, error);
        }
      status = PQresultStatus (res);
      if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        {
          if (r >= skip && r < skip + n)
            take_rows (res, &rows[r - skip]);
          /* A transaction an error had aborted answers COMMIT with ROLLBACK. */
          if (finishing && r == skip + n + 1)
            committed = g_str_equal (PQcmdStatus (res), "COMMIT");
          PQclear (res);
        }
      else if (r >= skip && r < skip + n && error_res == NULL && status == PGRES_FATAL_ERROR &&
               g_strcmp0 (PQresultErrorField (res, PG_DIAG_SQLSTATE), "23505") == 0)
        {
          rows[r - skip].conflict = TRUE;
          PQclear (res);
          break;
        }
      else if (error_res == NULL && status != PGRES_PIPELINE_ABORTED)
        error_res = res;
      else
        PQclear (res);

      /* Nothing more will come: answer at once. */
      if (PQstatus (self->conn) == CONNECTION_BAD)
        return fail (self, error_res, error);
    }

  /* What PostgreSQL skipped after an error, then the end of the pipeline. */
  while ((res = next_result (self->conn)) != NULL && PQresultStatus (res) != PGRES_PIPELINE_SYNC)
    PQclear (res);
  if (res == NULL || !PQexitPipelineMode (self->conn))
    {
      g_clear_pointer (&res, PQclear);
      return fail (self, error_res, error);
    }
  PQclear (res);

  if (error_res != NULL)
    return fail (self, error_res, error);
  if (committed)
    self->in_tx = FALSE;
  else if (finishing && !has_conflict (rows, n))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FAILED,
                   _("The server’s PostgreSQL database rolled the transaction back; nothing was stored."));
      return FALSE;
    }
  return TRUE;
}

/* Inside a push, the statements that look up every op's place, then
 * those that insert them with the COMMIT, each go in as few round trips
 * as can be. */
static gboolean
run_chunks (FbServerDbPg       *self,
            FbQuery             query,
            const char * const *params,
            guint               n_params,
            guint               n,
            FbRows             *rows,
            gboolean            finishing,
            GError            **error)
{
  for (guint from = 0; from < n; from += PIPELINE_MAX)
    {
      guint count = MIN (n - from, PIPELINE_MAX);
      gboolean last = from + count == n;
      gboolean opening = self->push_due;
      GError *local = NULL;

      /* A connection lost while idle is found here: try once more. */
      if (!run_pipeline (self, query, params + from * n_params, n_params, count, rows + from,
                         finishing && last, &local) &&
          (!opening || !self->lost || self->in_tx ||
           (g_clear_error (&local), self->push_due = TRUE,
            !run_pipeline (self, query, params + from * n_params, n_params, count, rows + from,
                           finishing && last, &local))))
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (has_conflict (rows + from, count))
        return TRUE;
    }
  return TRUE;
}

static gboolean
run_many (FbServerDb         *db,
          FbQuery             query,
          const char * const *params,
          guint               n_params,
          guint               n,
          FbRows             *rows,
          GError            **error)
{
  return run_chunks ((FbServerDbPg *) db, query, params, n_params, n, rows, FALSE, error);
}

static gboolean commit (FbServerDb *db,
                        GError    **error);

static gboolean
finish (FbServerDb         *db,
        FbQuery             query,
        const char * const *params,
        guint               n_params,
        guint               n,
        FbRows             *rows,
        GError            **error)
{
  if (n == 0)
    return commit (db, error);
  return run_chunks ((FbServerDbPg *) db, query, params, n_params, n, rows, TRUE, error);
}

static void
rollback (FbServerDb *db)
{
  FbServerDbPg *self = (FbServerDbPg *) db;

  if (self->in_tx && self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    PQclear (PQexec (self->conn, "ROLLBACK"));
  self->in_tx = FALSE;
  self->push_due = FALSE;
}

/* One statement each, one round trip. The push lock is released by the
 * commit, after its rows are visible: the next push numbers from there. */
static gboolean
open_tx (FbServerDbPg *self,
         const char   *sql,
         GError      **error)
{
  GError *local = NULL;

  /* A connection lost while idle is found here: try once more. */
  if (!exec_plain (self, sql, &local) &&
      (!self->lost || (g_clear_error (&local), !exec_plain (self, sql, &local))))
    {
      if (self->conn != NULL)
        PQclear (PQexec (self->conn, "ROLLBACK"));
      g_propagate_error (error, local);
      return FALSE;
    }
  self->in_tx = TRUE;
  return TRUE;
}

static gboolean
open_push (FbServerDbPg *self,
           GError      **error)
{
  self->push_due = FALSE;
  return open_tx (self, "BEGIN; " PUSH_LOCK_SQL, error);
}

static gboolean
begin (FbServerDb *db,
       FbTx        tx,
       GError    **error)
{
  FbServerDbPg *self = (FbServerDbPg *) db;

  if (self->in_tx || self->push_due)
    rollback (db);

  switch (tx)
    {
    case FB_TX_READ:
      return open_tx (self, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", error);
    case FB_TX_PUSH:
      /* Sent with the push's first statements (run_pipeline ()). */
      self->push_due = TRUE;
      return TRUE;
    case FB_TX_WRITE:
    default:
      return open_tx (self, "BEGIN", error);
    }
}

/* An answer of "accepted" waits for this: a COMMIT whose outcome is
 * unknown (the connection lost during it) is reported unavailable, and
 * the client's retry finds its ops there as duplicates, or not at all. */
static gboolean
commit (FbServerDb *db,
        GError    **error)
{
  FbServerDbPg *self = (FbServerDbPg *) db;
  PGresult *res;

  /* A push that ran no statement has nothing to commit. */
  if (self->push_due && !self->in_tx)
    {
      self->push_due = FALSE;
      return TRUE;
    }

  /* Never on a new connection, where COMMIT would find no transaction
   * and answer as if it had committed one. */
  if (!self->in_tx || self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *why = describe (self->conn, NULL);

      drop_connection (self);
      set_unavailable (self, error, why);
      return FALSE;
    }

  res = PQexec (self->conn, "COMMIT");
  self->in_tx = FALSE;
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    return fail (self, res, error);
  /* A transaction an error had aborted answers COMMIT with ROLLBACK. */
  if (!g_str_equal (PQcmdStatus (res), "COMMIT"))
    {
      PQclear (res);
      g_set_error (error, FB_ERROR, FB_ERROR_FAILED,
                   _("The server’s PostgreSQL database rolled the transaction back; nothing was stored."));
      return FALSE;
    }
  PQclear (res);
  return TRUE;
}

/* Listening --------------------------------------------------------------- */

static void start_listening (FbServerDbPg *self,
                             gboolean      after_loss);

static void
stop_listening (FbServerDbPg *self)
{
  if (self->listen_source != NULL)
    g_source_destroy (self->listen_source);
  g_clear_pointer (&self->listen_source, g_source_unref);
  if (self->retry_source != NULL)
    g_source_destroy (self->retry_source);
  g_clear_pointer (&self->retry_source, g_source_unref);
  g_clear_pointer (&self->listen, PQfinish);
}

static void
tell (FbServerDbPg *self,
      gint64        head)
{
  FbServerDb *db = &self->parent;

  if (db->notify != NULL)
    db->notify (db, head, db->notify_data);
}

static gboolean
on_retry_cb (gpointer data)
{
  FbServerDbPg *self = data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  start_listening (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
listen_later (FbServerDbPg *self)
{
  g_clear_pointer (&self->listen, PQfinish);
  if (self->listen_source != NULL)
    g_source_destroy (self->listen_source);
  g_clear_pointer (&self->listen_source, g_source_unref);

  self->retry_source = g_timeout_source_new (RELISTEN_MS);
  g_source_set_callback (self->retry_source, on_retry_cb, self, NULL);
  g_source_attach (self->retry_source, self->context);
}

/* A notice of this object's own push may be read after it connected
 * again, from the connection it had before. */
static gboolean
is_own (FbServerDbPg *self,
        int           pid)
{
  for (guint i = 0; i < self->own_pids->len; i++)
    if (g_array_index (self->own_pids, int, i) == pid)
      return TRUE;
  return FALSE;
}

static gboolean
on_listen_ready_cb (int          fd,
                    GIOCondition condition,
                    gpointer     data)
{
  FbServerDbPg *self = data;
  gint64 newest = -1;
  PGnotify *note;

  if (!PQconsumeInput (self->listen) || PQstatus (self->listen) == CONNECTION_BAD)
    {
      listen_later (self);
      return G_SOURCE_REMOVE;
    }

  while ((note = PQnotifies (self->listen)) != NULL)
    {
      if (!is_own (self, note->be_pid))
        newest = MAX (newest, g_ascii_strtoll (note->extra, NULL, 10));
      PQfreemem (note);
    }

  if (newest >= 0)
    tell (self, newest);
  return G_SOURCE_CONTINUE;
}

static void
start_listening (FbServerDbPg *self,
                 gboolean      after_loss)
{
  PGresult *res;

  self->listen = connect_to (self->uri);
  if (self->listen == NULL || PQstatus (self->listen) != CONNECTION_OK)
    {
      listen_later (self);
      return;
    }

  res = PQexec (self->listen, "LISTEN " CHANNEL "; SELECT coalesce(max(seq), 0) FROM ops");
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      PQclear (res);
      listen_later (self);
      return;
    }

  /* Older connections' notices went with the old listening one. */
  g_array_set_size (self->own_pids, 0);
  if (self->conn != NULL)
    {
      int pid = PQbackendPID (self->conn);

      g_array_append_val (self->own_pids, pid);
    }

  self->listen_source = g_unix_fd_source_new (PQsocket (self->listen), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->listen_source, G_SOURCE_FUNC (on_listen_ready_cb), self, NULL);
  g_source_attach (self->listen_source, self->context);

  /* Whatever was announced while no one listened: the layer above reads
   * the head again. */
  if (after_loss)
    tell (self, g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10));
  PQclear (res);
}

static void
watch (FbServerDb *db)
{
  FbServerDbPg *self = (FbServerDbPg *) db;

  stop_listening (self);
  g_clear_pointer (&self->context, g_main_context_unref);
  if (db->notify == NULL)
    return;

  self->context = g_main_context_ref_thread_default ();
  start_listening (self, FALSE);
}

static void
free_pg (FbServerDb *db)
{
  FbServerDbPg *self = (FbServerDbPg *) db;

  stop_listening (self);
  g_clear_pointer (&self->context, g_main_context_unref);
  drop_connection (self);
  g_array_unref (self->own_pids);
  g_free (self->why);
  g_free (self->uri);
  g_free (self);
}

static const FbServerDbBackend pg_backend = {
  free_pg, run, begin, commit, rollback, watch, run_many, finish,
};

/* Opening ----------------------------------------------------------------- */

/* What the log and the user may read: never a password. */
static char *
describe_location (const char *uri)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  const char *user = NULL, *host = NULL, *port = NULL, *dbname = NULL;
  GString *text = g_string_new ("postgresql://");

  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    {
      if (o->val == NULL || o->val[0] == '\0')
        continue;
      if (g_str_equal (o->keyword, "user"))
        user = o->val;
      else if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = o->val;
    }

  if (user != NULL)
    g_string_append_printf (text, "%s@", user);
  if (host != NULL && host[0] != '/')
    g_string_append (text, host);
  if (port != NULL)
    g_string_append_printf (text, ":%s", port);
  g_string_append_printf (text, "/%s", dbname != NULL ? dbname : "");
  if (host != NULL && host[0] == '/')
    g_string_append_printf (text, "?host=%s", host);

  PQconninfoFree (options);
  return g_string_free (text, FALSE);
}

static gboolean
refuse (FbServerDbPg *self,
        GError      **error,
        FbError       code,
        const char   *why)
{
  rollback (&self->parent);
  g_set_error (error, FB_ERROR, code,
               _("Cannot use the server database “%s”: %s It was left exactly as it was."),
               self->parent.location, why);
  return FALSE;
}

static gint64
read_version (FbServerDbPg *self,
              GError      **error)
{
  g_auto(FbRows) rows = { 0 };

  if (!_fb_server_db_run (&self->parent, FB_Q_GET_META, &rows, error, 1, "schema_version"))
    return -1;
  return _fb_rows_count (&rows) > 0 ? _fb_rows_int (&rows, 0, 0) : 0;
}

/* Under a lock of its own, so that servers started together on a new
 * database make its tables and its one identity once. */
static gboolean
prepare_schema (FbServerDbPg *self,
                GError      **error)
{
  g_autofree char *server_id = fb_uuid_new ();
  g_autofree char *set = NULL;
  gint64 version;

  if (!begin (&self->parent, FB_TX_WRITE, error) ||
      !exec_plain (self, "SELECT pg_advisory_xact_lock (" G_STRINGIFY (SCHEMA_LOCK_KEY) ");"
                   "CREATE TABLE IF NOT EXISTS meta (key TEXT COLLATE \"C\" PRIMARY KEY, value TEXT NOT NULL)",
                   error))
    return FALSE;

  version = read_version (self, error);
  if (version < 0)
    return FALSE;
  if (version > PG_SCHEMA_VERSION)
    return refuse (self, error, FB_ERROR_NEWER_SCHEMA,
                   _("it was written by a newer firebreak-server; update this one."));

  for (gint64 v = version; v < PG_SCHEMA_VERSION; v++)
    if (!exec_plain (self, schema_steps[v], error))
      return FALSE;

  /* Nothing is written when nothing changes: opening writes no WAL. */
  set = g_strdup_printf ("%sINSERT INTO meta (key, value) VALUES ('server_id', '%s') ON CONFLICT DO NOTHING",
                         version < PG_SCHEMA_VERSION
                           ? "INSERT INTO meta (key, value) VALUES ('schema_version', '" G_STRINGIFY (PG_SCHEMA_VERSION) "')"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
                           : "",
                         server_id);
  return exec_plain (self, set, error) && commit (&self->parent, error);
}

FbServerDb *
_fb_server_db_open_pg (const char *uri,
                       GError    **error)
{
  FbServerDbPg *self = g_new0 (FbServerDbPg, 1);
  g_autoptr(FbServerDb) db = (FbServerDb *) self;
  g_auto(FbRows) rows = { 0 };
  g_autoptr(GError) local = NULL;

  db->backend = &pg_backend;
  db->location = describe_location (uri);
  self->uri = g_strdup (uri);
  self->own_pids = g_array_new (FALSE, FALSE, sizeof (int));

  if (!prepare_schema (self, &local) ||
      !_fb_server_db_run (db, FB_Q_GET_META, &rows, &local, 1, "server_id") ||
      !fb_server_db_read_head (db, &db->last_head, &local))
    {
      /* Starting, a server that cannot reach its database stops: say
       * what to check rather than that it tries again. */
      if (g_error_matches (local, FB_ERROR, FB_ERROR_UNAVAILABLE))
        g_set_error (error, FB_ERROR, FB_ERROR_UNAVAILABLE,
                     _("Cannot open the PostgreSQL database “%s” (%s). Check that PostgreSQL runs there, "
                       "that the database exists and that the URI’s user may use it."),
                     db->location, self->why);
      else if (!g_error_matches (local, FB_ERROR, FB_ERROR_NEWER_SCHEMA))
        g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                    _("Cannot use the server database “%s”: "), db->location);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      rollback (db);
      return NULL;
    }

  db->server_id = g_strdup (_fb_rows_text (&rows, 0, 0));
  return g_steal_pointer (&db);
}
