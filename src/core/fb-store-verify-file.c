/* fb-store-verify-file.c — damage to the file, found by reading each row
 * and each index entry once
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQLite's integrity check compares every index with its table by
 * looking up, for each row, its entry in each index: on a record of a
 * million entries that is eight million searches of the file, more than
 * the whole rest of the record's check. Here each table is read once in
 * order, and each of its indexes once in its own order, straight from the
 * index's pages; the entries an index holds and the ones its table's rows
 * make are summed, each as a hash of its values, and the sums must be
 * equal. A page that is damaged is refused by SQLite as it is read (its
 * cells are checked against the page's size as they are read); a byte
 * changed in a row changes its hash, or what the record's check compares;
 * a row missing from an index, or left in it, or read twice, changes a
 * sum. Tables without a rowid, and any whose indexes are of expressions,
 * are left to SQLite's integrity check of that table alone.
 *
 * The rows of a table that the record's check reads whole anyway (the
 * log, the timeline) are summed by it as it reads them, on its own
 * connection (fb-store-verify-sums.c); only their indexes are read here,
 * and the table's rows only when those sums do not stand for them.
 *
 * This reads every page of every table and index; what it does not look
 * at is space no table holds (the free pages) and the layout of a page
 * that changes none of its rows. A write puts data there: the store runs
 * SQLite's full check before its first write (_fb_store_writable ()), so
 * nothing is written into such a file.
 *
 * Whatever this check cannot prove whole, SQLite's full integrity check
 * then judges, and names in its own words.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-sqlite.h"
#include "fb-store-verify-file-private.h"

typedef enum
{
  FILE_WHOLE,
  FILE_DIFFERS,     /* an index does not hold its table's rows */
  FILE_NOT_PROVEN,  /* SQLite refused to read, or could not answer */
  FILE_STOPPED,
} FileVerdict;

typedef struct
{
  sqlite3     *db;
  const gint  *stop;
  guint64      key;        /* random for each check: no damage is made to order */
  FbFileSums  *sums;       /* the tables another reader sums the rows of */
  char        *differs;    /* the index that did not match, and its table */
  char        *differs_table;
  char        *answer;     /* SQLite's own words, from a table's integrity check */
} Check;

void
_fb_verify_index_free (Index *index)
{
  g_free (index->name);
  g_free (index->predicate);
  g_array_unref (index->columns);
  g_free (index);
}

static FileVerdict
verdict_of (Check *check,
            int    rc)
{
  if (rc == SQLITE_DONE || rc == SQLITE_OK)
    return FILE_WHOLE;
  if ((rc & 0xff) == SQLITE_INTERRUPT && check->stop != NULL && g_atomic_int_get (check->stop))
    return FILE_STOPPED;
  return FILE_NOT_PROVEN;
}

static char *
quote (const char *name)
{
  GString *quoted = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

/* SQLite's check of @table and its indexes alone. */
static FileVerdict
check_table_by_sqlite (Check      *check,
                       const char *table)
{
  g_autofree char *quoted = quote (table);
  g_autofree char *sql = g_strdup_printf ("PRAGMA main.integrity_check (%s)", quoted);
  sqlite3_stmt *stmt = NULL;
  FileVerdict verdict;
  int rc;

  rc = sqlite3_prepare_v2 (check->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *answer = (const char *) sqlite3_column_text (stmt, 0);

      verdict = g_strcmp0 (answer, "ok") == 0 ? FILE_WHOLE : FILE_DIFFERS;
      if (verdict == FILE_DIFFERS)
        check->answer = g_strdup (answer);
    }
  else
    verdict = verdict_of (check, rc);
  sqlite3_finalize (stmt);

  return verdict;
}

/* The WHERE of a partial index, from the statement that made it: what
 * follows its list of columns, which holds no parenthesis when no column
 * is an expression. */
static char *
partial_predicate (const char *sql)
{
  const char *p = sql;
  char quote_char = 0;
  int depth = 0;
  gboolean opened = FALSE;

  for (; *p != '\0'; p++)
    {
      if (quote_char != 0)
        {
          if (*p == quote_char)
            quote_char = 0;
          continue;
        }
      if (*p == '"' || *p == '\'' || *p == '`')
        quote_char = *p;
      else if (*p == '[')
        quote_char = ']';
      else if (*p == '(')
        opened = TRUE, depth++;
      else if (*p == ')' && --depth == 0 && opened)
        break;
    }
  if (*p != ')')
    return NULL;

  for (p++; g_ascii_isspace (*p); p++)
    ;
  if (g_ascii_strncasecmp (p, "WHERE", 5) != 0 || !(g_ascii_isspace (p[5]) || p[5] == '('))
    return NULL;

  return g_strdup (p + 5);
}

/* The indexes of @table, each key column by its place in a row read as
 * "rowid, every column"; %FALSE when one is not made of plain columns. */
gboolean
_fb_verify_list_indexes (sqlite3    *db,
                         guint64     key,
                         const char *table,
                         GPtrArray  *indexes,
                         int        *rc)
{
  sqlite3_stmt *list = NULL, *columns = NULL, *made = NULL;
  gboolean plain = TRUE;

  *rc = sqlite3_prepare_v2 (db, "SELECT name, partial FROM pragma_index_list (?1, 'main')", -1, &list, NULL);
  if (*rc == SQLITE_OK)
    *rc = sqlite3_prepare_v2 (db, "SELECT cid FROM pragma_index_xinfo (?1, 'main') WHERE key ORDER BY seqno",
                              -1, &columns, NULL);
  if (*rc == SQLITE_OK)
    *rc = sqlite3_prepare_v2 (db, "SELECT sql FROM main.sqlite_schema WHERE type = 'index' AND name = ?1",
                              -1, &made, NULL);
  if (*rc == SQLITE_OK)
    sqlite3_bind_text (list, 1, table, -1, SQLITE_STATIC);

  while (*rc == SQLITE_OK && plain && (*rc = sqlite3_step (list)) == SQLITE_ROW)
    {
      Index *index = g_new0 (Index, 1);

      index->name = g_strdup ((const char *) sqlite3_column_text (list, 0));
      index->columns = g_array_new (FALSE, FALSE, sizeof (int));
      index->seed = mix (key ^ (indexes->len + 1) * 0x9e3779b97f4a7c15ULL);
      g_ptr_array_add (indexes, index);

      sqlite3_bind_text (columns, 1, index->name, -1, SQLITE_STATIC);
      while ((*rc = sqlite3_step (columns)) == SQLITE_ROW)
        {
          /* A column's place: after the rowid. */
          int at = sqlite3_column_int (columns, 0) + 1;

          plain &= sqlite3_column_int (columns, 0) >= 0;
          g_array_append_val (index->columns, at);
        }
      sqlite3_reset (columns);
      if (*rc != SQLITE_DONE)
        break;
      *rc = SQLITE_OK;

      if (sqlite3_column_int (list, 1))
        {
          sqlite3_bind_text (made, 1, index->name, -1, SQLITE_STATIC);
          if ((*rc = sqlite3_step (made)) == SQLITE_ROW)
            index->predicate = partial_predicate ((const char *) sqlite3_column_text (made, 0));
          sqlite3_reset (made);
          if (*rc != SQLITE_ROW && *rc != SQLITE_DONE)
            break;
          *rc = SQLITE_OK;
          plain &= index->predicate != NULL;
        }
    }
  if (*rc == SQLITE_DONE)
    *rc = SQLITE_OK;

  sqlite3_finalize (list);
  sqlite3_finalize (columns);
  sqlite3_finalize (made);
  return plain;
}

/* Every row of @table, read whole in the order of its rowids, which
 * must rise; each made into the entries its indexes should hold. */
static FileVerdict
read_rows (Check      *check,
           const char *table,
           GPtrArray  *indexes)
{
  g_autofree char *quoted = quote (table);
  g_autoptr(GString) sql = g_string_new ("SELECT rowid");
  g_autofree guint64 *values = NULL;
  g_autofree gboolean *needed = NULL;
  sqlite3_stmt *stmt = NULL, *names = NULL;
  gint64 last = G_MININT64;
  gboolean first = TRUE;
  FileVerdict verdict = FILE_WHOLE;
  int n_columns = 1, rc;

  rc = sqlite3_prepare_v2 (check->db, "SELECT name FROM pragma_table_info (?1, 'main') ORDER BY cid", -1, &names, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (names, 1, table, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (names)) == SQLITE_ROW)
        {
          g_autofree char *column = quote ((const char *) sqlite3_column_text (names, 0));

          g_string_append_printf (sql, ", %s", column);
          n_columns++;
        }
    }
  sqlite3_finalize (names);
  if (rc != SQLITE_DONE)
    return verdict_of (check, rc);

  for (guint i = 0; i < indexes->len; i++)
    {
      Index *index = g_ptr_array_index (indexes, i);

      if (index->predicate != NULL)
        g_string_append_printf (sql, ", CASE WHEN (%s) THEN 1 ELSE 0 END", index->predicate);
    }
  g_string_append_printf (sql, " FROM main.%s NOT INDEXED", quoted);

  /* Only the values some index holds are hashed. */
  values = g_new0 (guint64, n_columns);
  needed = g_new0 (gboolean, n_columns);
  for (guint i = 0; i < indexes->len; i++)
    {
      Index *index = g_ptr_array_index (indexes, i);

      for (guint c = 0; c < index->columns->len; c++)
        {
          int at = g_array_index (index->columns, int, c);

          if (at >= n_columns)
            return FILE_NOT_PROVEN;
          needed[at] = TRUE;
        }
    }

  rc = sqlite3_prepare_v2 (check->db, sql->str, -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      guint64 rowid_hash;
      int predicate = n_columns;

      if (!first && rowid <= last)
        {
          verdict = FILE_DIFFERS;
          break;
        }
      first = FALSE;
      last = rowid;

      rowid_hash = mix (check->key ^ 1 ^ mix ((guint64) rowid));
      for (int c = 1; c < n_columns; c++)
        if (needed[c])
          values[c] = hash_value (stmt, c, check->key);

      for (guint i = 0; i < indexes->len; i++)
        {
          Index *index = g_ptr_array_index (indexes, i);

          if (index->predicate != NULL && !sqlite3_column_int (stmt, predicate++))
            continue;
          index->in_table += hash_entry (index, values, rowid_hash);
          index->n_table++;
        }
    }
  sqlite3_finalize (stmt);

  if (verdict == FILE_DIFFERS)
    {
      check->differs_table = g_strdup (table);
      return verdict;
    }
  return verdict_of (check, rc);
}

/* Every entry of @index, from its own pages. */
static FileVerdict
read_index (Check      *check,
            const char *table,
            Index      *index)
{
  g_autofree char *quoted_table = quote (table);
  g_autofree char *quoted_index = quote (index->name);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autofree guint64 *values = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = (int) index->columns->len, rc;
  Index as_read = *index;

  {
    sqlite3_stmt *names = NULL;

    rc = sqlite3_prepare_v2 (check->db, "SELECT name FROM pragma_index_xinfo (?1, 'main') WHERE key ORDER BY seqno",
                             -1, &names, NULL);
    if (rc == SQLITE_OK)
      {
        sqlite3_bind_text (names, 1, index->name, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step (names)) == SQLITE_ROW)
          {
            g_autofree char *column = quote ((const char *) sqlite3_column_text (names, 0));

            g_string_append_printf (sql, "%s, ", column);
          }
      }
    sqlite3_finalize (names);
    if (rc != SQLITE_DONE)
      return verdict_of (check, rc);
  }
  g_string_append_printf (sql, "rowid FROM main.%s INDEXED BY %s", quoted_table, quoted_index);
  if (index->predicate != NULL)
    g_string_append_printf (sql, " WHERE %s", index->predicate);

  /* The hash of an entry takes the key's values by their places in the
   * table's row: here they are 0 to n - 1. */
  as_read.columns = g_array_sized_new (FALSE, FALSE, sizeof (int), n);
  for (int c = 0; c < n; c++)
    g_array_append_val (as_read.columns, c);
  values = g_new0 (guint64, n);

  rc = sqlite3_prepare_v2 (check->db, sql->str, -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint64 rowid_hash = mix (check->key ^ 1 ^ mix ((guint64) sqlite3_column_int64 (stmt, n)));

      for (int c = 0; c < n; c++)
        values[c] = hash_value (stmt, c, check->key);
      index->in_index += hash_entry (&as_read, values, rowid_hash);
      index->n_index++;
    }
  sqlite3_finalize (stmt);
  g_array_unref (as_read.columns);

  return verdict_of (check, rc);
}

static FileVerdict
check_table (Check      *check,
             const char *table)
{
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func ((GDestroyNotify) _fb_verify_index_free);
  FileVerdict verdict;
  int rc;

  if (!_fb_verify_list_indexes (check->db, check->key, table, indexes, &rc))
    return rc == SQLITE_OK ? check_table_by_sqlite (check, table) : verdict_of (check, rc);
  if (rc != SQLITE_OK)
    return verdict_of (check, rc);

  verdict = read_rows (check, table, indexes);

  for (guint i = 0; i < indexes->len && verdict == FILE_WHOLE; i++)
    {
      Index *index = g_ptr_array_index (indexes, i);

      verdict = read_index (check, table, index);
      if (verdict == FILE_WHOLE && (index->in_index != index->in_table || index->n_index != index->n_table))
        {
          check->differs = g_strdup (index->name);
          check->differs_table = g_strdup (table);
          verdict = FILE_DIFFERS;
        }
    }

  return verdict;
}

/* The indexes of a table whose rows the other reader sums: each read
 * here while it reads the rows. *@indexes is %NULL when SQLite's check
 * judged the table instead. */
static FileVerdict
read_indexes (Check      *check,
              const char *table,
              GPtrArray **indexes)
{
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func ((GDestroyNotify) _fb_verify_index_free);
  FileVerdict verdict = FILE_WHOLE;
  int rc;

  *indexes = NULL;
  if (!_fb_verify_list_indexes (check->db, check->key, table, listed, &rc))
    return rc == SQLITE_OK ? check_table_by_sqlite (check, table) : verdict_of (check, rc);
  if (rc != SQLITE_OK)
    return verdict_of (check, rc);

  for (guint i = 0; i < listed->len && verdict == FILE_WHOLE; i++)
    verdict = read_index (check, table, g_ptr_array_index (listed, i));

  *indexes = g_steal_pointer (&listed);
  return verdict;
}

/* Then its rows, as the other reader summed them or, when they do not
 * stand for the rows the indexes hold, as read here. */
static FileVerdict
compare_summed (Check       *check,
                const char  *table,
                GPtrArray   *indexes,
                FbTableSums *sums)
{
  FileVerdict verdict = FILE_WHOLE;

  if (!_fb_table_sums_take (sums, indexes))
    verdict = read_rows (check, table, indexes);

  for (guint i = 0; i < indexes->len && verdict == FILE_WHOLE; i++)
    {
      Index *index = g_ptr_array_index (indexes, i);

      if (index->in_index != index->in_table || index->n_index != index->n_table)
        {
          check->differs = g_strdup (index->name);
          check->differs_table = g_strdup (table);
          verdict = FILE_DIFFERS;
        }
    }

  return verdict;
}

typedef struct
{
  char        *table;
  FbTableSums *sums;
  GPtrArray   *indexes;
} Summed;

static void
summed_free (Summed *summed)
{
  g_free (summed->table);
  g_clear_pointer (&summed->indexes, g_ptr_array_unref);
  g_free (summed);
}

static int
on_progress_cb (void *data)
{
  return g_atomic_int_get ((const gint *) data);
}

static FileVerdict
check_tables (Check *check)
{
  g_autoptr(GPtrArray) summed = g_ptr_array_new_with_free_func ((GDestroyNotify) summed_free);
  sqlite3_stmt *tables = NULL;
  FileVerdict verdict = FILE_WHOLE;
  int rc;

  rc = sqlite3_exec (check->db, "PRAGMA cell_size_check = ON; BEGIN", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (check->db,
                             "SELECT name, wr FROM pragma_table_list WHERE schema = 'main'"
                             " AND type IN ('table', 'shadow') AND name NOT IN ('sqlite_schema', 'sqlite_master')",
                             -1, &tables, NULL);

  while (rc == SQLITE_OK && verdict == FILE_WHOLE && (rc = sqlite3_step (tables)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      FbTableSums *sums = _fb_file_sums_find (check->sums, name);

      /* SQLite asks every thousand steps; a small table takes fewer. */
      if (check->stop != NULL && g_atomic_int_get (check->stop))
        verdict = FILE_STOPPED;
      else if (sqlite3_column_int (tables, 1))
        verdict = check_table_by_sqlite (check, name);
      else if (sums != NULL)
        {
          /* Last: the other reader is still reading its rows. */
          Summed *later = g_new0 (Summed, 1);

          later->table = g_strdup (name);
          later->sums = sums;
          g_ptr_array_add (summed, later);
        }
      else
        {
          g_autofree char *table = g_strdup (name);

          verdict = check_table (check, table);
        }
      rc = SQLITE_OK;
    }
  sqlite3_finalize (tables);

  /* Every index first, then the sums each waits for. */
  for (guint i = 0; i < summed->len && verdict == FILE_WHOLE && rc == SQLITE_DONE; i++)
    {
      Summed *later = g_ptr_array_index (summed, i);

      verdict = read_indexes (check, later->table, &later->indexes);
    }
  for (guint i = 0; i < summed->len && verdict == FILE_WHOLE && rc == SQLITE_DONE; i++)
    {
      Summed *later = g_ptr_array_index (summed, i);

      if (later->indexes != NULL)
        verdict = compare_summed (check, later->table, later->indexes, later->sums);
    }
  sqlite3_exec (check->db, "COMMIT", NULL, NULL, NULL);

  if (verdict != FILE_WHOLE)
    return verdict;
  return verdict_of (check, rc);
}

/**
 * _fb_verify_file:
 * @stop: (nullable): set, from another thread, to end the check early
 *
 * As fb_sqlite_check_file_until() with its full check: %FALSE, with
 * %FB_ERROR_CORRUPT and the end of a sentence naming the damage, when the
 * file is damaged; with %G_IO_ERROR_CANCELLED when stopped; with another
 * code when it could not be read.
 */
gboolean
_fb_verify_file (const char  *path,
                 const gint  *stop,
                 GError     **error)
{
  return _fb_verify_file_summed (path, stop, NULL, error);
}

/**
 * _fb_verify_file_summed:
 * @sums: (nullable): the rows of the tables another reader sums, which
 *   are then not read here but for a difference
 *
 * As _fb_verify_file(). Whoever made @sums ends them (_fb_file_sums_close ()):
 * until then the check waits for them.
 */
gboolean
_fb_verify_file_summed (const char  *path,
                        const gint  *stop,
                        FbFileSums  *sums,
                        GError     **error)
{
  Check check = { NULL, stop, 0, sums, NULL, NULL, NULL };
  FileVerdict verdict;
  gboolean whole;

  /* The connection is this thread's alone: no locking around each call. */
  if (sqlite3_open_v2 (path, &check.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      sqlite3_close_v2 (check.db);
      return fb_sqlite_check_file_until (path, TRUE, stop, error);
    }
  sqlite3_busy_timeout (check.db, 5000);
  sqlite3_extended_result_codes (check.db, TRUE);
  if (stop != NULL)
    sqlite3_progress_handler (check.db, 1000, on_progress_cb, (void *) stop);
  check.key = sums != NULL ? _fb_file_sums_key (sums) : ((guint64) g_random_int () << 32) | g_random_int ();

  verdict = check_tables (&check);
  sqlite3_close_v2 (check.db);

  switch (verdict)
    {
    case FILE_WHOLE:
      whole = TRUE;
      break;

    case FILE_STOPPED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The check of the file was stopped."));
      whole = FALSE;
      break;

    case FILE_DIFFERS:
    case FILE_NOT_PROVEN:
    default:
      /* SQLite's full check judges, and names what it finds. */
      whole = fb_sqlite_check_file_until (path, TRUE, stop, error);
      if (whole && verdict == FILE_DIFFERS)
        {
          whole = FALSE;
          if (check.answer != NULL)
            g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                         _("the file is damaged (SQLite’s check found: %s)."), check.answer);
          else if (check.differs != NULL)
            g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                         _("the file is damaged (its index %s does not hold the rows of its table %s)."),
                         check.differs, check.differs_table);
          else
            g_set_error (error, FB_ERROR, FB_ERROR_CORRUPT,
                         _("the file is damaged (the rows of its table %s are out of order)."),
                         check.differs_table);
        }
      break;
    }

  g_free (check.differs);
  g_free (check.differs_table);
  g_free (check.answer);
  return whole;
}
