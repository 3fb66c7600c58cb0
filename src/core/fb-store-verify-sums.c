/* fb-store-verify-sums.c — the rows of a table summed for the check of
 * the file by another reader of them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The record's check reads the log and the timeline whole, each in the
 * order of its rowids (fb-store-verify-entries.c): the rows the check of
 * the file (fb-store-verify-file.c) would read again. It sums them as it
 * goes into the sums of their indexes' entries, with that check's key,
 * and that check reads only the indexes. Sums the other reader did not
 * finish, or made of rows of another moment or of indexes listed
 * otherwise, prove nothing: that check then reads the table's rows
 * itself, as any other table's.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <string.h>

#include "fb-store-verify-file-private.h"

struct _FbTableSums
{
  FbFileSums *owner;
  char       *name;
  GPtrArray  *indexes;    /* of Index, as the other reader's connection lists them */
  int        *at;         /* each place of a row (0 the rowid), its column in the statement */
  int        *needed;     /* the places some index holds */
  int         n_needed;
  int         rowid_at;   /* the statement's column of the rowid; each predicate's follows */
  guint64    *values;
  gint64      last;
  gboolean    begun;      /* a row was read */
  gboolean    in_order;   /* the rowids rose */
  gboolean    ended;      /* the other reader is done with the table */
  gboolean    whole;      /* every row was read, in order */
};

struct _FbFileSums
{
  guint64    key;
  GMutex     lock;
  GCond      ended;
  GPtrArray *tables;      /* of FbTableSums */
};

guint64
_fb_file_sums_key (FbFileSums *self)
{
  return self->key;
}

static void
table_sums_free (FbTableSums *sums)
{
  g_free (sums->name);
  g_clear_pointer (&sums->indexes, g_ptr_array_unref);
  g_free (sums->at);
  g_free (sums->needed);
  g_free (sums->values);
  g_free (sums);
}

/**
 * _fb_file_sums_new:
 * @tables: the tables whose rows the other reader will read whole
 *
 * Made before the check of the file begins: it waits for the sums of
 * @tables, which _fb_file_sums_close () ends if nothing else did.
 */
FbFileSums *
_fb_file_sums_new (const char * const *tables)
{
  FbFileSums *self = g_new0 (FbFileSums, 1);

  self->key = ((guint64) g_random_int () << 32) | g_random_int ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->ended);
  self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_sums_free);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      FbTableSums *sums = g_new0 (FbTableSums, 1);

      sums->owner = self;
      sums->name = g_strdup (tables[i]);
      sums->in_order = TRUE;
      g_ptr_array_add (self->tables, sums);
    }

  return self;
}

void
_fb_file_sums_free (FbFileSums *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->tables);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ended);
  g_free (self);
}

FbTableSums *
_fb_file_sums_find (FbFileSums *self,
                    const char *table)
{
  for (guint i = 0; self != NULL && i < self->tables->len; i++)
    {
      FbTableSums *sums = g_ptr_array_index (self->tables, i);

      if (g_str_equal (sums->name, table))
        return sums;
    }

  return NULL;
}

/**
 * _fb_table_sums_end:
 * @every_row: whether every row of the table was handed to
 *   _fb_table_sums_add (), and no error ended the read
 *
 * The other reader is done with the table; the sums stand for its rows
 * only when @every_row and the rowids rose.
 */
void
_fb_table_sums_end (FbTableSums *sums,
                    gboolean     every_row)
{
  if (sums == NULL)
    return;

  g_mutex_lock (&sums->owner->lock);
  if (!sums->ended)
    {
      sums->whole = every_row && sums->in_order && sums->at != NULL;
      sums->ended = TRUE;
    }
  g_cond_broadcast (&sums->owner->ended);
  g_mutex_unlock (&sums->owner->lock);
}

/* Every table not summed whole is read by the check itself. */
void
_fb_file_sums_close (FbFileSums *self)
{
  for (guint i = 0; self != NULL && i < self->tables->len; i++)
    _fb_table_sums_end (g_ptr_array_index (self->tables, i), FALSE);
}

/**
 * _fb_file_sums_begin:
 * @self: (nullable): the sums the check of the file waits for
 * @db: the other reader's connection, in its read transaction
 * @columns: the statement's columns, which the ones the sums need are
 *   appended to: the rowid, then each partial index's predicate
 *
 * Returns: (nullable): the sums of @table, for _fb_table_sums_bind (), or
 *   %NULL when the check of the file reads @table itself
 */
FbTableSums *
_fb_file_sums_begin (FbFileSums *self,
                     sqlite3    *db,
                     const char *table,
                     GString    *columns)
{
  FbTableSums *sums = _fb_file_sums_find (self, table);
  int rc;

  if (sums == NULL || sums->indexes != NULL || sums->ended)
    return NULL;

  sums->indexes = g_ptr_array_new_with_free_func ((GDestroyNotify) _fb_verify_index_free);
  if (!_fb_verify_list_indexes (db, self->key, table, sums->indexes, &rc) || rc != SQLITE_OK)
    {
      _fb_table_sums_end (sums, FALSE);
      return NULL;
    }

  g_string_append (columns, ", rowid");
  for (guint i = 0; i < sums->indexes->len; i++)
    {
      Index *index = g_ptr_array_index (sums->indexes, i);

      if (index->predicate != NULL)
        g_string_append_printf (columns, ", CASE WHEN (%s) THEN 1 ELSE 0 END", index->predicate);
    }

  return sums;
}

/**
 * _fb_table_sums_bind:
 * @sums: (nullable): from _fb_file_sums_begin ()
 * @stmt: (nullable): the statement that reads every row of the table with
 *   the columns appended, named as the table names them
 *
 * Returns: (nullable): @sums, or %NULL (and the sums ended, unproven) when
 *   @stmt lacks a column an index holds
 */
FbTableSums *
_fb_table_sums_bind (FbTableSums  *sums,
                     sqlite3      *db,
                     sqlite3_stmt *stmt)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *needed = NULL;
  sqlite3_stmt *list = NULL;
  int n_predicates = 0, rc;

  if (sums == NULL)
    return NULL;
  if (stmt == NULL)
    goto unproven;

  /* The places of a row as the check reads it: the rowid, then every
   * column in order. */
  g_ptr_array_add (names, NULL);
  rc = sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info (?1, 'main') ORDER BY cid", -1, &list, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (list, 1, sums->name, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (list)) == SQLITE_ROW)
        g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (list, 0)));
    }
  sqlite3_finalize (list);
  if (rc != SQLITE_DONE)
    goto unproven;

  for (guint i = 0; i < sums->indexes->len; i++)
    n_predicates += ((Index *) g_ptr_array_index (sums->indexes, i))->predicate != NULL;
  sums->rowid_at = sqlite3_column_count (stmt) - 1 - n_predicates;
  if (sums->rowid_at < 0)
    goto unproven;

  sums->at = g_new (int, names->len);
  sums->at[0] = sums->rowid_at;
  for (guint p = 1; p < names->len; p++)
    {
      sums->at[p] = -1;
      for (int i = 0; i < sums->rowid_at; i++)
        if (g_strcmp0 (sqlite3_column_name (stmt, i), g_ptr_array_index (names, p)) == 0)
          sums->at[p] = i;
    }

  needed = g_new0 (gboolean, names->len);
  for (guint i = 0; i < sums->indexes->len; i++)
    {
      Index *index = g_ptr_array_index (sums->indexes, i);

      for (guint c = 0; c < index->columns->len; c++)
        {
          int place = g_array_index (index->columns, int, c);

          if (place <= 0 || (guint) place >= names->len || sums->at[place] < 0)
            goto unproven;
          needed[place] = TRUE;
        }
    }

  sums->needed = g_new (int, names->len);
  for (guint p = 1; p < names->len; p++)
    if (needed[p])
      sums->needed[sums->n_needed++] = (int) p;
  sums->values = g_new0 (guint64, names->len);
  return sums;

unproven:
  g_clear_pointer (&sums->at, g_free);
  _fb_table_sums_end (sums, FALSE);
  return NULL;
}

/* The entries of the row of @rowid, whose values are in `values`, with
 * each partial index's predicate read from @stmt (%NULL when the table
 * has none). */
static void
sum_entries (FbTableSums  *sums,
             gint64        rowid,
             sqlite3_stmt *stmt)
{
  int predicate = sums->rowid_at + 1;
  guint64 rowid_hash;

  if (sums->begun && rowid <= sums->last)
    sums->in_order = FALSE;
  sums->begun = TRUE;
  sums->last = rowid;

  rowid_hash = hash_integer (rowid, sums->owner->key);
  for (guint i = 0; i < sums->indexes->len; i++)
    {
      Index *index = g_ptr_array_index (sums->indexes, i);

      if (index->predicate != NULL && !sqlite3_column_int (stmt, predicate++))
        continue;
      index->in_table += hash_entry (index, sums->values, rowid_hash);
      index->n_table++;
    }
}

/**
 * _fb_table_sums_add:
 * @stmt: the next row of the table, in the order of its rowids, before
 *   any of its values is read otherwise (reading one as another type
 *   changes it)
 */
void
_fb_table_sums_add (FbTableSums  *sums,
                    sqlite3_stmt *stmt)
{
  guint64 key = sums->owner->key;

  for (int k = 0; k < sums->n_needed; k++)
    sums->values[sums->needed[k]] = hash_value (stmt, sums->at[sums->needed[k]], key);

  sum_entries (sums, sqlite3_column_int64 (stmt, sums->rowid_at), stmt);
}

/**
 * _fb_table_sums_add_values:
 * @stmt: the next row of the table, in the order of its rowids, whose
 *   predicates and rowid are read here
 * @values: the row's values before the rowid, as read once, each an
 *   INTEGER, a TEXT or NULL
 *
 * As _fb_table_sums_add (), from values read already.
 */
void
_fb_table_sums_add_values (FbTableSums      *sums,
                           sqlite3_stmt     *stmt,
                           const FbRowValue *values)
{
  guint64 key = sums->owner->key;

  for (int k = 0; k < sums->n_needed; k++)
    {
      const FbRowValue *value = &values[sums->at[sums->needed[k]]];

      if (value->type == SQLITE_INTEGER)
        sums->values[sums->needed[k]] = hash_integer (value->integer, key);
      else if (value->type == SQLITE_TEXT)
        sums->values[sums->needed[k]] = hash_text (value->text, value->length, key);
      else
        sums->values[sums->needed[k]] = hash_null (key);
    }

  sum_entries (sums, sqlite3_column_int64 (stmt, sums->rowid_at), stmt);
}

/**
 * _fb_table_sums_of_ops:
 * @sums: the log's sums, bound to a statement whose columns are
 *   FB_OP_COLUMNS and then the rowid
 *
 * Returns: whether the rows can be summed from their values as an
 *   FbOpRow holds them (_fb_table_sums_add_op ()), read once by the walk
 *   of the log: no index of the log is partial
 */
gboolean
_fb_table_sums_of_ops (FbTableSums *sums)
{
  if (sums->rowid_at != FB_OP_N_COLUMNS)
    return FALSE;

  for (guint i = 0; i < sums->indexes->len; i++)
    if (((Index *) g_ptr_array_index (sums->indexes, i))->predicate != NULL)
      return FALSE;

  return TRUE;
}

/**
 * _fb_table_sums_add_op:
 * @row: the next row of the log, in the order of its rowids, its texts of
 *   SQL's type TEXT (or NULL) and device_seq an INTEGER, as
 *   _fb_op_row_read () takes them
 *
 * As _fb_table_sums_add (), from the values the walk of the log read, in
 * whichever thread holds @sums (_fb_table_sums_of_ops ()).
 */
void
_fb_table_sums_add_op (FbTableSums   *sums,
                       const FbOpRow *row)
{
  guint64 key = sums->owner->key;

  for (int k = 0; k < sums->n_needed; k++)
    {
      int place = sums->needed[k], c = sums->at[place];

      if (c == FB_OP_COLUMN_DEVICE_SEQ)
        sums->values[place] = hash_integer (row->device_seq, key);
      else if (row->text[c] == NULL)
        sums->values[place] = hash_null (key);
      else
        sums->values[place] = hash_text (row->text[c], row->length[c], key);
    }

  sum_entries (sums, row->rowid, NULL);
}

/* Waits for the other reader of a table; takes its sums into @indexes,
 * read here, when they stand for the same rows and hold the same entries
 * as the indexes. */
gboolean
_fb_table_sums_take (FbTableSums *sums,
                     GPtrArray   *indexes)
{
  g_mutex_lock (&sums->owner->lock);
  while (!sums->ended)
    g_cond_wait (&sums->owner->ended, &sums->owner->lock);
  g_mutex_unlock (&sums->owner->lock);

  if (!sums->whole || sums->indexes->len != indexes->len)
    return FALSE;

  for (guint i = 0; i < indexes->len; i++)
    {
      const Index *here = g_ptr_array_index (indexes, i);
      const Index *there = g_ptr_array_index (sums->indexes, i);

      if (!g_str_equal (here->name, there->name) || g_strcmp0 (here->predicate, there->predicate) != 0 ||
          here->seed != there->seed || here->columns->len != there->columns->len ||
          memcmp (here->columns->data, there->columns->data, here->columns->len * sizeof (int)) != 0 ||
          here->in_index != there->in_table || here->n_index != there->n_table)
        return FALSE;
    }

  for (guint i = 0; i < indexes->len; i++)
    {
      Index *here = g_ptr_array_index (indexes, i);
      const Index *there = g_ptr_array_index (sums->indexes, i);

      here->in_table = there->in_table;
      here->n_table = there->n_table;
    }

  return TRUE;
}

