/* fb-server-db.h — the server's own database: numbered ops, tokens, identity
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

/* One connection (PostgreSQL) or one file handle (SQLite): used from one
 * thread at a time. Several objects may share one database. */
typedef struct _FbServerDb FbServerDb;

typedef enum
{
  FB_PUSH_ACCEPTED,
  FB_PUSH_DUPLICATE,
} FbPushStatus;

typedef struct
{
  const char   *id;      /* borrowed from the op pushed */
  gint64        seq;     /* the server's number for it */
  FbPushStatus  status;
} FbPushResult;

typedef struct
{
  char     *name;
  gboolean  read_only;
  gint64    created_at;  /* milliseconds since the epoch */
  gint64    revoked_at;  /* 0 while valid */
} FbTokenInfo;

void          fb_token_info_free          (FbTokenInfo  *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbTokenInfo, fb_token_info_free)

/* Another server process on the same database numbered ops: @head is
 * its newest (see fb_server_db_set_notify ()). */
typedef void (*FbServerDbNotify) (FbServerDb *db,
                                  gint64      head,
                                  gpointer    user_data);

/* @location: a PostgreSQL URI (postgresql://… or postgres://…), else the
 * path of an SQLite file. */
FbServerDb   *fb_server_db_open           (const char   *location,
                                           GError      **error);
void          fb_server_db_free           (FbServerDb   *db);
gboolean      fb_server_db_is_postgresql  (FbServerDb   *db);
/* The file's path, or the PostgreSQL database without its password. */
const char   *fb_server_db_get_path       (FbServerDb   *db);
const char   *fb_server_db_get_server_id  (FbServerDb   *db);
/* The last head read when the database cannot be reached. */
gint64        fb_server_db_get_head       (FbServerDb   *db);
gboolean      fb_server_db_read_head      (FbServerDb   *db,
                                           gint64       *head,
                                           GError      **error);
gint64        fb_server_db_count_ops      (FbServerDb   *db);

/* PostgreSQL only: @callback runs on the thread-default main context of
 * this call whenever another FbServerDb (in this process or another) has
 * committed ops, and once after the database came back from being out of
 * reach. Never for this object's own pushes. */
void          fb_server_db_set_notify     (FbServerDb       *db,
                                           FbServerDbNotify  callback,
                                           gpointer          user_data,
                                           GDestroyNotify    destroy);

/* Copies everything of @from, verbatim (server id, ops with their numbers,
 * times and users, links, token digests, groups, restrictions), into the
 * empty @to in one transaction. */
gboolean      fb_server_db_copy_into      (FbServerDb   *from,
                                           FbServerDb   *to,
                                           FbProgress   *progress,
                                           GError      **error);
/* SHA-256 (hex) of everything fb_server_db_copy_into () copies. */
gboolean      fb_server_db_digest         (FbServerDb   *db,
                                           char        **digest_out,
                                           GError      **error);

/* Stores one device's ops, already decoded and checked one by one, in one
 * transaction: all of them or, on any error, none. Links (nullable) fill
 * the places of that device's chain below the ops, whose ops the server
 * was never sent. *bad_index names the op at fault. Returns an array of
 * FbPushResult, one per op. */
GArray       *fb_server_db_push           (FbServerDb   *db,
                                           GPtrArray    *ops,
                                           GPtrArray    *links,
                                           const char   *user,
                                           guint        *bad_index,
                                           GError      **error);

/* Appends to json the members "head", "ops", "links" and "restricted"
 * of a pull answer for @user: the ops of an incident restricted from
 * @user are links in it. */
gboolean      fb_server_db_pull           (FbServerDb   *db,
                                           const char   *user,
                                           gint64        since,
                                           guint         limit,
                                           GString      *json,
                                           GError      **error);

/* The newest place of each device's chain the server holds, and one
 * place of one device's chain, for a client that compares its record. */
FbRecordState *fb_server_db_get_state     (FbServerDb   *db,
                                           GError      **error);
FbLink       *fb_server_db_get_place      (FbServerDb   *db,
                                           const char   *device,
                                           gint64        device_seq,
                                           gint64       *seq,
                                           GError      **error);

/* Tokens: only a SHA-256 digest of each is kept. */
char         *fb_server_db_add_token      (FbServerDb   *db,
                                           const char   *name,
                                           gboolean      read_only,
                                           GError      **error);
GPtrArray    *fb_server_db_list_tokens    (FbServerDb   *db,
                                           GError      **error);
gboolean      fb_server_db_revoke_token   (FbServerDb   *db,
                                           const char   *name,
                                           GError      **error);
/* NULL for a token that is not valid, and for a database out of reach. */
FbTokenInfo  *fb_server_db_check_token    (FbServerDb   *db,
                                           const char   *token);
/* NULL without an error for a token that is not valid. */
FbTokenInfo  *fb_server_db_lookup_token   (FbServerDb   *db,
                                           const char   *token,
                                           GError      **error);

/* Groups of users, for need-to-know incidents (fb-server-access.c). */
gboolean      fb_server_db_group_add      (FbServerDb   *db,
                                           const char   *group,
                                           const char   *user,
                                           GError      **error);
gboolean      fb_server_db_group_remove   (FbServerDb   *db,
                                           const char   *group,
                                           const char   *user,
                                           GError      **error);
/* Pairs of group name and member, sorted; NULL on error. */
GPtrArray    *fb_server_db_list_groups    (FbServerDb   *db,
                                           GError      **error);
GStrv         fb_server_db_groups_of      (FbServerDb   *db,
                                           const char   *user);
GStrv         fb_server_db_read_groups_of (FbServerDb   *db,
                                           const char   *user,
                                           GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbServerDb, fb_server_db_free)

G_END_DECLS
