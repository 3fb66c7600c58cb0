/* fb-store-verify-file-private.h — what the check of the file shares with
 * the sums of rows another reader makes for it
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "fb-store-verify-private.h"

G_BEGIN_DECLS

/* An index of a table, as the check reads it: the sums of the hashes of
 * the entries its table's rows make, and of the ones it holds. */
typedef struct
{
  char    *name;
  char    *predicate;  /* a partial index's WHERE, or %NULL */
  GArray  *columns;    /* int: each key column's place in the table's row */
  guint64  seed;
  guint64  in_table;   /* the sums of the entries' hashes */
  guint64  in_index;
  gint64   n_table;
  gint64   n_index;
} Index;

void     _fb_verify_index_free   (Index       *index);
gboolean _fb_verify_list_indexes (sqlite3     *db,
                                  guint64      key,
                                  const char  *table,
                                  GPtrArray   *indexes,
                                  int         *rc);

/* fb-store-verify-sums.c */
FbTableSums *_fb_file_sums_find  (FbFileSums  *self,
                                  const char  *table);
guint64      _fb_file_sums_key   (FbFileSums  *self);
gboolean     _fb_table_sums_take (FbTableSums *sums,
                                  GPtrArray   *indexes);

/* A hash of each value and of each index entry, with the check's key. */
static inline guint64
mix (guint64 h)
{
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

static inline guint64
hash_bytes (const guchar *p,
            gsize         n,
            guint64       h)
{
  guint64 w;

  for (; n >= 8; n -= 8, p += 8)
    {
      memcpy (&w, p, 8);
      h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
      h ^= h >> 29;
    }
  if (n > 0)
    {
      w = 0;
      memcpy (&w, p, n);
      h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
      h ^= h >> 29;
    }

  return mix (h);
}

static inline guint64
hash_integer (gint64  value,
              guint64 key)
{
  return mix (key ^ 1 ^ mix ((guint64) value));
}

static inline guint64
hash_text (const char *text,
           gsize       n,
           guint64     key)
{
  return hash_bytes ((const guchar *) text, n, key ^ 3 ^ (n << 8));
}

static inline guint64
hash_null (guint64 key)
{
  return mix (key ^ 5);
}

/* A value as its type and contents: the same in the row and in the index,
 * where SQLite may keep a whole REAL as an integer. The column's value is
 * looked at through sqlite3_value_*(), one call to SQLite each instead of
 * the column calls' trips through the connection: the connections that
 * read for the check are each one thread's (SQLITE_OPEN_NOMUTEX), which
 * is what those calls on a column's value need. */
static inline guint64
hash_value (sqlite3_stmt *stmt,
            int           i,
            guint64       key)
{
  sqlite3_value *value = sqlite3_column_value (stmt, i);
  double real;

  switch (sqlite3_value_type (value))
    {
    case SQLITE_INTEGER:
      return hash_integer (sqlite3_value_int64 (value), key);

    case SQLITE_FLOAT:
      real = sqlite3_value_double (value);
      if (real >= -9.2e18 && real <= 9.2e18 && (double) (gint64) real == real)
        return hash_integer ((gint64) real, key);
      {
        guint64 bits;

        memcpy (&bits, &real, sizeof bits);
        return mix (key ^ 2 ^ mix (bits));
      }

    case SQLITE_TEXT:
      {
        const char *text = (const char *) sqlite3_value_text (value);

        return hash_text (text, (gsize) sqlite3_value_bytes (value), key);
      }

    case SQLITE_BLOB:
      {
        const guchar *blob = sqlite3_value_blob (value);
        gsize n = (gsize) sqlite3_value_bytes (value);

        return hash_bytes (blob, n, key ^ 4 ^ (n << 8));
      }

    default:
      return hash_null (key);
    }
}

/* One index entry: its key's values in order, then the rowid. */
static inline guint64
hash_entry (const Index   *index,
            const guint64 *values,
            guint64        rowid)
{
  guint64 h = index->seed;

  /* The values are hashes already: each is only put in its place. */
  for (guint i = 0; i < index->columns->len; i++)
    {
      h = (h ^ values[g_array_index (index->columns, int, i)]) * 0x9e3779b97f4a7c15ULL;
      h ^= h >> 32;
    }

  return mix (h ^ rowid);
}

G_END_DECLS
