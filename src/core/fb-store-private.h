/* fb-store-private.h — what the parts of FbStore share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "fb-sqlite.h"
#include "fb-store.h"

G_BEGIN_DECLS

#define FB_STORE_SCHEMA_VERSION 12
#define FB_STORE_APPLICATION_ID 0x46424b31 /* "FBK1" */

typedef struct _FbDurable FbDurable;

struct _FbStore
{
  GObject           parent_instance;

  FbSqlite          sql;         /* the connection, its path and statements */

  char             *device_id;
  gint64            device_seq;  /* the last one this device used */
  char             *last_hash;   /* hash of this device's last op */
  FbHlc             hlc;
  char             *author;

  FbClockFunc       clock;
  gpointer          clock_data;

  gint64            seen_seq;    /* ops up to here have been announced */
  gint64            data_version;
  GFileMonitor     *monitors[2];

  GThread          *check_thread; /* the check in the background, until joined */
  GError           *damage;       /* what it found, if the file is damaged */
  gboolean          checked_fully; /* SQLite's integrity check passed since open */
  gboolean          read_only;    /* on a read-only disk or in a folder we may not write */
  gboolean          relaxed;      /* commits do not wait for the disk (synchronous=NORMAL) */
  FbDurable        *durable;      /* the log synced beside the window (fb-store-durable.c) */
  gboolean          durable_tried; /* whether the store has a log to sync so */
};

static inline sqlite3_stmt *
_fb_store_stmt (FbStore    *self,
                const char *sql)
{
  return fb_sqlite_stmt (&self->sql, sql);
}

static inline gboolean
_fb_store_check (FbStore *self,
                 int      rc,
                 GError **error)
{
  return fb_sqlite_check (&self->sql, rc, error);
}

static inline gboolean
_fb_store_exec (FbStore    *self,
                const char *sql,
                GError    **error)
{
  return fb_sqlite_exec (&self->sql, sql, error);
}

/* For a second connection of a process whose own store checks the file
 * already (the verification in a thread): no second read of every page.
 * A file that needs a migration is still checked. */
#define _FB_STORE_OPEN_CHECKED_ELSEWHERE ((FbStoreOpenFlags) (1 << 8))

/* fb-store.c */
gboolean      _fb_store_step_done      (FbStore       *self,
                                        sqlite3_stmt  *stmt,
                                        GError       **error);
gboolean      _fb_store_writable       (FbStore       *self,
                                        GError       **error);
void          _fb_store_load_counters  (FbStore       *self);
void          _fb_store_mark_damaged   (FbStore       *self);
void          _fb_store_refuse_writes  (FbStore       *self,
                                        GError        *why);
gboolean      _fb_store_set_relaxed    (FbStore       *self,
                                        gboolean       relaxed,
                                        GError       **error);
void          _fb_store_emit_changed   (FbStore       *self,
                                        FbChangeFlags  flags,
                                        const char    *incident);
void          _fb_store_announce       (FbStore       *self,
                                        FbChangeFlags  extra);

/* fb-store-durable.c */
gboolean      _fb_store_durable_ready  (FbStore       *self);
void          _fb_store_durable_committed (FbStore    *self);
void          _fb_store_durable_foreign (FbStore      *self);
void          _fb_store_durable_check  (FbStore       *self);
gboolean      _fb_store_durable_sync   (FbStore       *self,
                                        GError       **error);
void          _fb_store_durable_failed (FbStore       *self,
                                        const char    *why);
void          _fb_store_durable_close  (FbStore       *self);

/* A table the user sees, which verification compares row by row with the
 * state the record's changes make (the list is in fb-store-schema.c). */
typedef struct
{
  const char *column;
  const char *words;         /* NC_("column of the record"): "title", for
                              * "The title of the …" */
} FbColumnWords;

typedef struct
{
  const char    *table;
  const char    *key;          /* its key columns, joined by ", " */
  const char    *incident;     /* the column naming its incident; NULL outside incidents */
  const char    *row;          /* N_(): one row in words, %s the text of row_column */
  const char    *row_column;
  const char    *local;        /* columns kept for this copy only, not compared,
                                * joined by ", "; or NULL */
  FbColumnWords  words[24];    /* a column not listed is named as it is */
} FbRecordTable;

/* fb-store-schema.c */
const FbRecordTable *_fb_store_record_tables (guint *n_tables);
const char   *_fb_store_schema_sql     (guint          version);
gboolean      _fb_store_migrate        (FbStore       *self,
                                        GError       **error);
gboolean      _fb_store_create         (FbStore       *self,
                                        GError       **error);
gboolean      _fb_store_probe_existing (const char    *path,
                                        gboolean       check_now,
                                        gboolean       fully,
                                        gint64        *version_out,
                                        GError       **error);

/* fb-store-log.c */
/* The columns _fb_store_op_from_row reads, from "ops o". */
#define FB_OP_COLUMNS \
  "o.id, o.device, o.device_seq, o.prev, o.hash, o.hlc, o.author, o.type, o.incident, o.entity, o.body"

FbOp         *_fb_store_op_from_row    (sqlite3_stmt  *stmt,
                                        int            first_column,
                                        GError       **error);
char         *_fb_store_chain_value    (FbStore       *self,
                                        const char    *device,
                                        gint64         device_seq,
                                        gboolean       want_prev);
gboolean      _fb_store_insert_link    (FbStore       *self,
                                        const FbLink  *link,
                                        GError       **error);

/* fb-store-apply.c: one transaction for ops that come in batches. */
typedef struct
{
  guint64  damage_seen;
  gint64   saved_seq;
  char    *saved_hash;
  FbHlc    saved_hlc;
  guint    n_applied;
} FbApplyBatches;

gboolean      _fb_store_begin_batches  (FbStore        *self,
                                        FbApplyBatches *batches,
                                        GError        **error);
gboolean      _fb_store_apply_batch    (FbStore        *self,
                                        FbApplyBatches *batches,
                                        GPtrArray      *ops,
                                        GPtrArray      *links,
                                        FbApplyFlags    flags,
                                        guint           first,
                                        guint           total,
                                        guint          *n_applied,
                                        GError        **error);
gboolean      _fb_store_end_batches    (FbStore        *self,
                                        FbApplyBatches *batches,
                                        gboolean        keep,
                                        GError        **error);

/* fb-store-query.c */
FbEntry      *_fb_store_get_entry_by_rowid (FbStore *self,
                                            gint64   rowid);
guint64       _fb_store_count_entries_of_kinds (FbStore    *self,
                                                const char *incident,
                                                guint       kinds);
sqlite3_stmt *_fb_store_open_entries      (FbStore     *self,
                                           const char  *incident,
                                           guint        kinds,
                                           gboolean     from_place,
                                           gint64       occurred_at,
                                           const char  *hlc,
                                           const char  *id,
                                           GError     **error);
FbEntry      *_fb_store_entry_from_row    (sqlite3_stmt *stmt);
void          _fb_store_entry_refill      (FbEntry      *entry,
                                          sqlite3_stmt *stmt);

/* What an op adds to the timeline besides its own entry, so that the
 * store applying it and the check that verifies it agree. */
typedef struct
{
  const char *kind;
  char       *text;
  char       *data;
} FbDerivedEntry;

/* fb-store-describe.c */
gboolean      _fb_store_derive_entry   (const FbOp     *op,
                                        FbDerivedEntry *out);
void          _fb_derived_entry_clear  (FbDerivedEntry *entry);

static inline const char *
_fb_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text != NULL ? (const char *) text : "";
}

static inline char *
_fb_column_dup (sqlite3_stmt *stmt,
                int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static inline char *
_fb_column_dup_nonempty (sqlite3_stmt *stmt,
                         int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text != NULL && text[0] != '\0' ? g_strdup ((const char *) text) : NULL;
}

G_END_DECLS
