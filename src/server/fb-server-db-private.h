/* fb-server-db-private.h — what the server database's files share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The meaning (chains, forks, links, tokens, who may see what) is written
 * once: fb-server-db.c keeps tokens, fb-server-db-push.c stores ops and
 * links, fb-server-db-pull.c answers pulls, fb-server-access.c holds the
 * groups and who may see each need-to-know incident, fb-server-db-heads.c reads the newest place of
 * each chain, fb-server-db-copy.c copies and digests a whole database.
 * They speak to a back end through the numbered statements below, whose
 * SQL (_fb_server_db_sql) both back ends read alike: fb-server-db-sqlite.c
 * (a file) and fb-server-pg.c (PostgreSQL, several servers on one
 * database). Every value goes in and comes out as text.
 */

#pragma once

#include "fb-server-db.h"

G_BEGIN_DECLS

typedef enum
{
  FB_Q_GET_META,          /* key → value */
  FB_Q_SET_SERVER_ID,     /* value */
  FB_Q_HEAD,              /* → head */
  FB_Q_COUNT_OPS,         /* → count */
  FB_Q_IS_EMPTY,          /* → rows of ops, links, tokens, groups, restrictions */
  /* device, n, incident → seq, id and hash of the op at n; hash of the
   * link at n; hash at n - 1 (op or link); the device's last number (op
   * or link); the incident's restriction's stamp and body */
  FB_Q_PLACE,
  FB_Q_INSERT_OP,         /* id, device, device_seq, hash, op, user, received_at, incident, prev → seq */
  FB_Q_COPY_OP,           /* seq, then as INSERT_OP */
  FB_Q_READ_OPS,          /* since, limit → seq, op, device, device_seq, incident, prev, hash, id, user, received_at */
  FB_Q_INSERT_LINK,       /* device, device_seq, prev, hash */
  FB_Q_LINKS_BELOW,       /* device, below → device_seq, prev, hash */
  FB_Q_ALL_LINKS,         /* → device, device_seq, prev, hash */
  FB_Q_HEADS,             /* → device, device_seq, hash, sorted by device */
  FB_Q_GET_PLACE,         /* device, device_seq → seq (0 for a link), prev, hash */
  FB_Q_INSERT_TOKEN,      /* name, digest, read_only, created_at, revoked_at */
  FB_Q_LIST_TOKENS,       /* → name, read_only, created_at, revoked_at, digest */
  FB_Q_VALID_TOKENS,      /* → name, digest, read_only, created_at */
  FB_Q_REVOKE_TOKEN,      /* revoked_at, name */
  FB_Q_USER_KNOWN,        /* name → 1 */
  FB_Q_GROUPS_OF,         /* user → group */
  FB_Q_GROUP_ADD,         /* group, user */
  FB_Q_GROUP_REMOVE,      /* group, user */
  FB_Q_LIST_GROUPS,       /* → group, member */
  FB_Q_SET_RESTRICTION,   /* incident, stamp, body */
  FB_Q_LIST_RESTRICTIONS, /* → incident, body, stamp */
  FB_Q_N_QUERIES
} FbQuery;

typedef enum
{
  FB_TX_READ,   /* one consistent view */
  FB_TX_WRITE,  /* tokens, groups, a copy */
  FB_TX_PUSH,   /* numbers ops: one at a time across every server process */
} FbTx;

/* What a statement answered: its rows, cell by cell (a NULL cell is
 * NULL), the rows it changed, and whether a unique key refused it. */
typedef struct
{
  guint      n_columns;
  GPtrArray *cells;
  gint64     changes;
  gboolean   conflict;
} FbRows;

typedef struct
{
  void     (*free)     (FbServerDb  *db);
  gboolean (*run)      (FbServerDb  *db,
                        FbQuery      query,
                        const char  *const *params,
                        guint        n_params,
                        FbRows      *rows,
                        GError     **error);
  gboolean (*begin)    (FbServerDb  *db,
                        FbTx         tx,
                        GError     **error);
  gboolean (*commit)   (FbServerDb  *db,
                        GError     **error);
  void     (*rollback) (FbServerDb  *db);
  /* A callback was set or cleared (nullable). */
  void     (*watch)    (FbServerDb  *db);
  /* Runs @query @n times in turn, as _fb_server_db_run_many () says
   * (nullable: one run after the other). */
  gboolean (*run_many) (FbServerDb  *db,
                        FbQuery      query,
                        const char  *const *params,
                        guint        n_params,
                        guint        n,
                        FbRows      *rows,
                        GError     **error);
  /* Ends a push as _fb_server_db_finish_push () says, announcing the
   * newest number to the other server processes (nullable: run_many,
   * then commit; nothing to announce to). */
  gboolean (*finish)   (FbServerDb  *db,
                        FbQuery      query,
                        const char  *const *params,
                        guint        n_params,
                        guint        n,
                        FbRows      *rows,
                        GError     **error);
} FbServerDbBackend;

struct _FbServerDb
{
  const FbServerDbBackend *backend;
  char                    *location;   /* what to show: never a password */
  char                    *server_id;
  gint64                   last_head;  /* for fb_server_db_get_head () when unavailable */
  GError                  *damage;     /* the first damage a push reported */
  FbServerDbNotify         notify;
  gpointer                 notify_data;
  GDestroyNotify           notify_destroy;
};

extern const char * const _fb_server_db_sql[FB_Q_N_QUERIES];

FbServerDb   *_fb_server_db_open_sqlite   (const char   *path,
                                           GError      **error);
FbServerDb   *_fb_server_db_open_pg       (const char   *uri,
                                           GError      **error);

/* Runs @query with @n_params texts (each may be NULL); @rows (nullable)
 * receives the answer and must be cleared with _fb_rows_clear (). */
gboolean      _fb_server_db_run           (FbServerDb   *db,
                                           FbQuery       query,
                                           FbRows       *rows,
                                           GError      **error,
                                           guint         n_params,
                                           ...);
gboolean      _fb_server_db_runv          (FbServerDb   *db,
                                           FbQuery       query,
                                           const char   *const *params,
                                           guint         n_params,
                                           FbRows       *rows,
                                           GError      **error);
/* Runs @query @n times, the i-th with the @n_params texts from
 * params[i * n_params], and @rows[i] receives its answer. It stops at
 * the first statement a unique key refuses: that one's rows say
 * conflict, those after it are left empty. */
gboolean      _fb_server_db_run_many      (FbServerDb   *db,
                                           FbQuery       query,
                                           const char   *const *params,
                                           guint         n_params,
                                           guint         n,
                                           FbRows       *rows,
                                           GError      **error);
/* Ends a push: runs @query as _fb_server_db_run_many () does, then,
 * unless a unique key refused one of them, commits. After a refusal the
 * transaction is left for the caller to roll back. */
gboolean      _fb_server_db_finish_push   (FbServerDb   *db,
                                           FbQuery       query,
                                           const char   *const *params,
                                           guint         n_params,
                                           guint         n,
                                           FbRows       *rows,
                                           GError      **error);

void          _fb_rows_clear              (FbRows       *rows);
void          _fb_rows_add                (FbRows       *rows,
                                           char         *cell);
guint         _fb_rows_count              (const FbRows *rows);
const char   *_fb_rows_text               (const FbRows *rows,
                                           guint         row,
                                           guint         column);
gint64        _fb_rows_int                (const FbRows *rows,
                                           guint         row,
                                           guint         column);

/* A number as the text a statement takes; @buf holds at least 24 bytes. */
const char   *_fb_num                     (char         *buf,
                                           gint64        value);

/* Inside a push's transaction, before @op is stored: refuses an op of an
 * incident @user may not see, and records a newer restriction. @stamp
 * and @body are those of the incident's restriction, NULL if none. */
gboolean      _fb_server_db_check_access  (FbServerDb   *db,
                                           const FbOp   *op,
                                           const char   *user,
                                           const char   *stamp,
                                           const char   *body,
                                           GError      **error);

/* The incidents whose ops @user receives as links only (a set of ids);
 * @markers (nullable) receives those of them whose existence may be
 * shown. */
GHashTable   *_fb_server_db_hidden_for    (FbServerDb   *db,
                                           const char   *user,
                                           GPtrArray    *markers,
                                           GError      **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FbRows, _fb_rows_clear)

G_END_DECLS
