/* fb-server-db-private.h — what the server database's files share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fb-server-db.c keeps ops, links and tokens; fb-server-access.c the
 * groups and who may see each need-to-know incident; fb-server-db-heads.c
 * reads the newest place of each chain.
 */

#pragma once

#include <sqlite3.h>

#include "fb-server-db.h"
#include "fb-sqlite.h"

G_BEGIN_DECLS

struct _FbServerDb
{
  FbSqlite  sql;
  char     *server_id;
  GError   *damage;     /* the first damage a statement reported */
};

sqlite3_stmt *_fb_server_db_stmt          (FbServerDb  *db,
                                           const char  *sql);

/* Inside a push's transaction, before @op is stored: refuses an op of an
 * incident @user may not see, and records a newer restriction. */
gboolean      _fb_server_db_check_access  (FbServerDb  *db,
                                           const FbOp  *op,
                                           const char  *user,
                                           GError     **error);

/* The incidents whose ops @user receives as links only (a set of ids);
 * @markers (nullable) receives those of them whose existence may be
 * shown. */
GHashTable   *_fb_server_db_hidden_for    (FbServerDb  *db,
                                           const char  *user,
                                           GPtrArray   *markers,
                                           GError     **error);

G_END_DECLS
