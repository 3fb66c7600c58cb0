/* fb-entry-list-private.h — what the timeline's list model shares with its queries
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "fb-entry.h"
#include "fb-sqlite.h"
#include "fb-store.h"

G_BEGIN_DECLS

/* Which entries a list shows. */
typedef struct
{
  char     *incident;
  guint     kinds;
  char     *search;
  gboolean  pinned_only;
} FbEntryFilter;

typedef enum
{
  FB_ENTRY_ROWS_ALL,     /* every match, in display order */
  FB_ENTRY_ROWS_NEWER,   /* matches whose rowid is above ?3, with their keys */
  FB_ENTRY_ROWS_LAST,    /* the last ?3 matches, the newest first */
} FbEntryRows;

/* An entry's place in display order. */
typedef struct
{
  gint64  occurred_at;
  char   *hlc;
  char   *id;
} FbEntryKey;

char          *_fb_entry_filter_sql        (const FbEntryFilter *filter,
                                            FbEntryRows          which,
                                            char               **pattern);
void           _fb_entry_filter_copy       (FbEntryFilter       *dest,
                                            const FbEntryFilter *src);
void           _fb_entry_filter_clear      (FbEntryFilter       *filter);
GArray        *_fb_entry_rows_read         (sqlite3_stmt        *stmt);
GArray        *_fb_entry_rows_query_all    (FbSqlite            *sql,
                                            const FbEntryFilter *filter,
                                            gint64               newest,
                                            int                 *rc);
gint64         _fb_entry_rows_newest       (FbSqlite            *sql);

void           _fb_entry_key_clear         (FbEntryKey          *key);
gboolean       _fb_entry_key_read          (FbStore             *store,
                                            gint64               rowid,
                                            FbEntryKey          *key);
guint          _fb_entry_rows_place        (FbStore             *store,
                                            GArray              *rowids,
                                            guint                from,
                                            const FbEntryKey    *key);

/* A connection of the list's own to the store's file, for the queries
 * run in a thread. */
typedef struct _FbEntryReader FbEntryReader;

FbEntryReader *_fb_entry_reader_new        (const char          *path,
                                            const FbSqliteMessages *messages);
void           _fb_entry_reader_unref      (FbEntryReader       *reader);
void           _fb_entry_reader_query_async (FbEntryReader      *reader,
                                            const FbEntryFilter *filter,
                                            gboolean             behind,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GArray        *_fb_entry_reader_query_finish (GAsyncResult      *result,
                                            gint64              *newest,
                                            GError             **error);

G_END_DECLS
