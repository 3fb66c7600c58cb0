/* fb-sqlite.h — what the store and the server share of SQLite
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The words a database's owner uses for each failure, marked with N_()
 * and translated when used. Each takes the file's path first; damaged and
 * failed then take SQLite's own message. */
typedef struct
{
  const char *damaged;
  const char *full;
  const char *read_only;  /* or NULL: said as failed */
  const char *failed;
} FbSqliteMessages;

/* The log copied beside the committing thread (fb-sqlite-checkpoint.c). */
typedef struct _FbCheckpointer FbCheckpointer;

typedef struct
{
  sqlite3                *db;
  char                   *path;
  GHashTable             *stmts;     /* SQL text → sqlite3_stmt, prepared once */
  const FbSqliteMessages *messages;
  FbCheckpointer         *checkpointer;
} FbSqlite;

/* What a file must be for its owner to use it, and the owner's words,
 * marked with N_(), for one that is not: each the end of a sentence. */
typedef struct
{
  gint64      app_id;
  gint64      version;   /* the newest schema the owner knows */
  const char *empty;     /* no bytes, or an SQLite file with no tables */
  const char *foreign;   /* another application id */
  const char *newer;     /* a newer schema */
} FbSqliteOwner;

/* Runs inside the migration's transaction, once its steps have run, when
 * the file was new. */
typedef gboolean (*FbSqliteCreatedFunc) (FbSqlite  *sql,
                                         gpointer   data,
                                         GError   **error);

void          fb_sqlite_init          (FbSqlite               *sql,
                                       const char             *path,
                                       const FbSqliteMessages *messages);
gboolean      fb_sqlite_open          (FbSqlite               *sql,
                                       GError                **error);
void          fb_sqlite_clear         (FbSqlite               *sql);
void          fb_sqlite_copy_log_beside (FbSqlite             *sql,
                                         int                   pages);
void          fb_sqlite_wait_for_copy (FbSqlite               *sql);
void          _fb_sqlite_end_copies   (FbSqlite               *sql);
sqlite3_stmt *fb_sqlite_stmt          (FbSqlite               *sql,
                                       const char             *text);
gboolean      fb_sqlite_is_corruption (int                     rc);
guint64       fb_sqlite_damage_seen   (void);
gboolean      fb_sqlite_check         (FbSqlite               *sql,
                                       int                     rc,
                                       GError                **error);
gboolean      fb_sqlite_exec          (FbSqlite               *sql,
                                       const char             *text,
                                       GError                **error);
void          fb_sqlite_rollback      (FbSqlite               *sql);
gint64        fb_sqlite_query_int     (FbSqlite               *sql,
                                       const char             *text,
                                       gint64                  fallback);
gboolean      fb_sqlite_migrate       (FbSqlite               *sql,
                                       const char * const     *steps,
                                       guint                   n_steps,
                                       FbSqliteCreatedFunc     created,
                                       gpointer                data,
                                       GError                **error);
gboolean      fb_sqlite_create        (FbSqlite               *sql,
                                       const char * const     *steps,
                                       guint                   n_steps,
                                       FbSqliteCreatedFunc     created,
                                       gpointer                data,
                                       GError                **error);
gboolean      fb_sqlite_can_write     (const char             *path);
gboolean      fb_sqlite_open_read_only (FbSqlite              *sql,
                                       GError                **error);
gboolean      fb_sqlite_probe         (const char             *path,
                                       const FbSqliteOwner    *owner,
                                       gint64                 *version,
                                       GError                **error);
gboolean      fb_sqlite_check_file    (const char             *path,
                                       gboolean                full,
                                       GError                **error);
gboolean      fb_sqlite_check_file_until (const char          *path,
                                          gboolean             full,
                                          const gint          *stop,
                                          GError             **error);

G_END_DECLS
