/* fb-entry-list-query.c — the timeline's queries, and a thread to run them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A timeline of a million entries takes a fifth of a second to list in
 * order, a search for a common word a second: too long for the window's
 * thread, which must draw a frame every 16 ms and take the next key. So a
 * large list runs these queries on a connection of its own in a thread,
 * where the next query's cancellable stops the one before between two of
 * SQLite's steps; and it takes in new entries by their place, found by
 * halving, not by listing all again.
 */

#define G_LOG_DOMAIN "fb-entry-list"

#include "config.h"

#include <string.h>

#include "fb-entry-list.h"
#include "fb-entry-list-private.h"
#include "fb-store-private.h"
#include "fb-task-private.h"

/* How many of SQLite's steps between two looks at the cancellable. */
#define STEPS_PER_CHECK 4096

/* Filters and their SQL ------------------------------------------------------ */

static char *
escape_like (const char *search)
{
  GString *out = g_string_new ("%");

  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');

  return g_string_free (out, FALSE);
}

/**
 * _fb_entry_filter_sql:
 * @pattern: (out): the LIKE pattern to bind as ?2, or %NULL with no search
 *
 * The query of @which rows of @filter: ?1 is the incident, ?2 the
 * pattern, ?3 the rowid or the number @which takes. The rows come with
 * their rowid first; %FB_ENTRY_ROWS_NEWER's with their key after it.
 */
static gboolean
is_searching (const FbEntryFilter *filter)
{
  return filter->search != NULL && filter->search[0] != '\0';
}

/* The trigram index answers LIKE patterns of three characters or more
 * without wildcards of the user's own; anything else (two kanji make a
 * word) scans the incident's rows instead, and so do the few new rows,
 * which are read by their rowid. */
static gboolean
uses_index (const FbEntryFilter *filter,
            FbEntryRows          which)
{
  return is_searching (filter) && which == FB_ENTRY_ROWS_ALL && g_utf8_strlen (filter->search, -1) >= 3 &&
         strpbrk (filter->search, "%_\\") == NULL;
}

char *
_fb_entry_filter_sql (const FbEntryFilter  *filter,
                      FbEntryRows           which,
                      char                **pattern)
{
  GString *sql = g_string_new (which == FB_ENTRY_ROWS_NEWER
                               ? "SELECT e.rowid, e.occurred_at, e.hlc, e.id FROM entries e WHERE "
                               : "SELECT e.rowid FROM entries e WHERE ");
  gboolean searching = is_searching (filter);
  gboolean use_fts = uses_index (filter, which);

  /* With the index, its matches lead and are sorted afterwards: left to
   * itself SQLite walks the incident's rows in time order and looks each
   * up in the matches, a million steps for a word found in a thousand. */
  g_string_append (sql, use_fts ? "+e.incident = ?1" : "e.incident = ?1");
  if (which == FB_ENTRY_ROWS_NEWER)
    g_string_append (sql, " AND e.rowid > ?3");

  if (filter->kinds != FB_ENTRY_KINDS_ALL)
    {
      g_string_append (sql, " AND e.kind IN (''");
      for (guint k = 0; k < FB_N_ENTRY_KINDS; k++)
        if (filter->kinds & (1u << k))
          g_string_append_printf (sql, ",'%s'", fb_entry_kind_to_string (k));
      g_string_append (sql, ")");
    }

  if (filter->pinned_only)
    g_string_append (sql, " AND e.pinned");

  *pattern = NULL;
  if (searching)
    {
      *pattern = escape_like (filter->search);
      if (use_fts)
        g_string_append (sql, " AND e.rowid IN (SELECT rowid FROM entries_fts WHERE entries_fts.text LIKE ?2)");
      else
        g_string_append (sql, " AND e.text LIKE ?2 ESCAPE '\\'");
    }

  if (which == FB_ENTRY_ROWS_LAST)
    g_string_append (sql, " ORDER BY e.occurred_at DESC, e.hlc DESC, e.id DESC LIMIT ?3");
  else
    g_string_append (sql, " ORDER BY e.occurred_at, e.hlc, e.id");

  return g_string_free (sql, FALSE);
}

void
_fb_entry_filter_copy (FbEntryFilter       *dest,
                       const FbEntryFilter *src)
{
  dest->incident = g_strdup (src->incident);
  dest->kinds = src->kinds;
  dest->search = g_strdup (src->search);
  dest->pinned_only = src->pinned_only;
}

void
_fb_entry_filter_clear (FbEntryFilter *filter)
{
  g_clear_pointer (&filter->incident, g_free);
  g_clear_pointer (&filter->search, g_free);
}

/* Whether @rowid is in @sorted, ascending rowids. */
static gboolean
among (const GArray *sorted,
       gint64        rowid)
{
  guint low = 0, high = sorted->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      gint64 at = g_array_index (sorted, gint64, mid);

      if (at == rowid)
        return TRUE;
      if (at < rowid)
        low = mid + 1;
      else
        high = mid;
    }
  return FALSE;
}

/* Steps @stmt to its end, keeping the rowid of each row (only those in
 * @only, sorted, when it is given), then resets it and lets go of its
 * bindings: the statement stays in the cache, its pattern does not.
 * *@rc is SQLITE_DONE, or SQLite's code where it stopped. */
static GArray *
step_rowids (sqlite3_stmt *stmt,
             const GArray *only,
             int          *rc)
{
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));

  while ((*rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      if (only == NULL || among (only, rowid))
        g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rowids;
}

/* Steps @stmt to its end and resets it: what it read before any failure. */
GArray *
_fb_entry_rows_read (sqlite3_stmt *stmt)
{
  int rc;

  if (stmt == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));
  return step_rowids (stmt, NULL, &rc);
}

/* As step_rowids (), %NULL when SQLite failed. */
static GArray *
step_all_rowids (sqlite3_stmt *stmt,
                 const GArray *only,
                 int          *rc)
{
  GArray *rowids = step_rowids (stmt, only, rc);

  if (*rc != SQLITE_DONE)
    g_clear_pointer (&rowids, g_array_unref);
  return rowids;
}

/* Every row of @filter, by the search index's matches -------------------------
 *
 * A word in most entries ("firewall" in seven of ten) has its matches
 * looked up one by one in the entries' table and sorted there: twice
 * what finding them took. The incident's rows are in display order in
 * the index entries_order already, which holds their rowids too: walked
 * whole, each kept when it is among the matches, they cost a fraction of
 * that. A rare word keeps its matches' lookups, far fewer than the walk.
 */

/* Walk the incident's rows when more than one row in this many matches. */
#define WALK_SHARE 8

static int
compare_rowids (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The matches' rowids, ascending; %NULL with *@rc set on failure. */
static GArray *
read_matches (FbSqlite   *sql,
              const char *pattern,
              int        *rc)
{
  sqlite3_stmt *stmt = fb_sqlite_stmt (sql, "SELECT rowid FROM entries_fts WHERE entries_fts.text LIKE ?1");
  GArray *matches;

  if (stmt == NULL)
    {
      *rc = sqlite3_errcode (sql->db);
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  matches = step_all_rowids (stmt, NULL, rc);
  /* The index gives them in rowid order; nothing promises it. */
  if (matches != NULL)
    for (guint i = 1; i < matches->len; i++)
      if (g_array_index (matches, gint64, i - 1) >= g_array_index (matches, gint64, i))
        {
          g_array_sort (matches, compare_rowids);
          break;
        }
  return matches;
}

/* The matches among the incident's rows, in display order: the index
 * walked, or each match looked up and the few sorted. */
static GArray *
order_matches (FbSqlite   *sql,
               const char *incident,
               GArray     *matches,
               gint64      newest,
               int        *rc)
{
  sqlite3_stmt *stmt;
  g_autoptr(GString) list = NULL;
  gboolean walk = (gint64) matches->len * WALK_SHARE > newest;

  if (matches->len == 0)
    {
      *rc = SQLITE_DONE;
      return g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  if (walk)
    stmt = fb_sqlite_stmt (sql, "SELECT rowid FROM entries WHERE incident = ?1 ORDER BY occurred_at, hlc, id");
  else
    {
      list = g_string_new ("[");
      for (guint i = 0; i < matches->len; i++)
        g_string_append_printf (list, i == 0 ? "%" G_GINT64_FORMAT : ",%" G_GINT64_FORMAT,
                                g_array_index (matches, gint64, i));
      g_string_append_c (list, ']');
      stmt = fb_sqlite_stmt (sql,
                             "SELECT e.rowid FROM entries e WHERE +e.incident = ?1"
                             " AND e.rowid IN (SELECT value FROM json_each(?2))"
                             " ORDER BY e.occurred_at, e.hlc, e.id");
    }
  if (stmt == NULL)
    {
      *rc = sqlite3_errcode (sql->db);
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);
  if (list != NULL)
    sqlite3_bind_text (stmt, 2, list->str, (int) list->len, SQLITE_STATIC);
  return step_all_rowids (stmt, walk ? matches : NULL, rc);
}

/**
 * _fb_entry_rows_query_all:
 * @sql: inside a read transaction, so that @newest and the rows are of
 *   one snapshot
 * @newest: the largest rowid of any entry (_fb_entry_rows_newest ())
 * @rc: (out): SQLITE_DONE, or SQLite's code when it failed
 *
 * Returns: (transfer full) (nullable): the rowids of every row of
 *   @filter, in display order; %NULL when SQLite failed
 */
GArray *
_fb_entry_rows_query_all (FbSqlite            *sql,
                          const FbEntryFilter *filter,
                          gint64               newest,
                          int                 *rc)
{
  g_autofree char *pattern = NULL;
  g_autofree char *text = _fb_entry_filter_sql (filter, FB_ENTRY_ROWS_ALL, &pattern);
  g_autoptr(GArray) matches = NULL;
  sqlite3_stmt *stmt;

  /* Only a search of the whole timeline through the index: other
   * filters keep their one query. */
  if (uses_index (filter, FB_ENTRY_ROWS_ALL) && filter->kinds == FB_ENTRY_KINDS_ALL && !filter->pinned_only)
    {
      matches = read_matches (sql, pattern, rc);
      return matches != NULL ? order_matches (sql, filter->incident, matches, newest, rc) : NULL;
    }

  stmt = fb_sqlite_stmt (sql, text);
  if (stmt == NULL)
    {
      *rc = sqlite3_errcode (sql->db);
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, filter->incident, -1, SQLITE_STATIC);
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_STATIC);
  return step_all_rowids (stmt, NULL, rc);
}

/* The largest rowid of any entry: a list that has read up to it learns of
 * later ones by asking for rowids above it. */
gint64
_fb_entry_rows_newest (FbSqlite *sql)
{
  return fb_sqlite_query_int (sql, "SELECT coalesce(max(rowid), 0) FROM entries", 0);
}

/* Places in display order ------------------------------------------------------ */

void
_fb_entry_key_clear (FbEntryKey *key)
{
  g_clear_pointer (&key->hlc, g_free);
  g_clear_pointer (&key->id, g_free);
}

gboolean
_fb_entry_key_read (FbStore    *store,
                    gint64      rowid,
                    FbEntryKey *key)
{
  sqlite3_stmt *stmt = _fb_store_stmt (store, "SELECT occurred_at, hlc, id FROM entries WHERE rowid = ?");
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      key->occurred_at = sqlite3_column_int64 (stmt, 0);
      key->hlc = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      key->id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/* As ORDER BY occurred_at, hlc, id orders them: text by its bytes. */
static int
compare_keys (const FbEntryKey *a,
              const FbEntryKey *b)
{
  int c;

  if (a->occurred_at != b->occurred_at)
    return a->occurred_at < b->occurred_at ? -1 : 1;
  c = strcmp (a->hlc != NULL ? a->hlc : "", b->hlc != NULL ? b->hlc : "");
  if (c != 0)
    return c;
  return strcmp (a->id != NULL ? a->id : "", b->id != NULL ? b->id : "");
}

/* How @key compares with the row at @position of @rowids. */
static int
compare_with_row (FbStore          *store,
                  GArray           *rowids,
                  guint             position,
                  const FbEntryKey *key)
{
  FbEntryKey row = { 0 };
  int c;

  /* A row gone from under the list sorts first; it is never placed. */
  if (!_fb_entry_key_read (store, g_array_index (rowids, gint64, position), &row))
    return 1;
  c = compare_keys (key, &row);
  _fb_entry_key_clear (&row);
  return c;
}

/**
 * _fb_entry_rows_place:
 * @from: no place before this one
 *
 * Returns: the first position from @from on of @rowids, in display order,
 *   whose row comes at or after @key: where a row with that key goes
 */
guint
_fb_entry_rows_place (FbStore          *store,
                      GArray           *rowids,
                      guint             from,
                      const FbEntryKey *key)
{
  guint lo = from, hi = rowids->len;

  /* New entries mostly come last: one look settles that. */
  if (hi > lo && compare_with_row (store, rowids, hi - 1, key) > 0)
    return hi;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_with_row (store, rowids, mid, key) > 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The reader ------------------------------------------------------------------ */

struct _FbEntryReader
{
  gint      ref_count;
  GMutex    lock;       /* one query on the connection at a time */
  FbSqlite  sql;
  gboolean  opened;
};

typedef struct
{
  FbEntryReader *reader;
  FbEntryFilter  filter;
  gint64         newest;
} QueryJob;

FbEntryReader *
_fb_entry_reader_new (const char             *path,
                      const FbSqliteMessages *messages)
{
  FbEntryReader *reader = g_new0 (FbEntryReader, 1);

  reader->ref_count = 1;
  g_mutex_init (&reader->lock);
  fb_sqlite_init (&reader->sql, path, messages);
  return reader;
}

static FbEntryReader *
reader_ref (FbEntryReader *reader)
{
  g_atomic_int_inc (&reader->ref_count);
  return reader;
}

void
_fb_entry_reader_unref (FbEntryReader *reader)
{
  if (reader == NULL || !g_atomic_int_dec_and_test (&reader->ref_count))
    return;

  fb_sqlite_clear (&reader->sql);
  g_mutex_clear (&reader->lock);
  g_free (reader);
}

static void
query_job_free (QueryJob *job)
{
  _fb_entry_reader_unref (job->reader);
  _fb_entry_filter_clear (&job->filter);
  g_free (job);
}

static int
on_progress_cb (void *data)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (data));
}

static void
free_rowids (gpointer data)
{
  g_array_unref (data);
}

/* Lists @job's rows on @sql, opened read-only first if @opened is not
 * set, in one snapshot of the file. Returns %NULL with @error set, or
 * with nothing set when cancelled. */
static GArray *
list_rows (FbSqlite     *sql,
           gboolean     *opened,
           QueryJob     *job,
           GCancellable *cancellable,
           GError      **error)
{
  GArray *rowids = NULL;
  int rc = SQLITE_OK;

  if (g_cancellable_is_cancelled (cancellable))
    return NULL;
  if (!*opened)
    {
      /* The store's page cache (fb-store.c): a search looks up each of a
       * rare word's matches in the entries' table to sort them, and
       * walks the timeline's index for a common one. */
      if (!fb_sqlite_open_read_only (sql, error) ||
          !fb_sqlite_exec (sql, "PRAGMA cache_size = -4096", error))
        return NULL;
      *opened = TRUE;
    }

  sqlite3_progress_handler (sql->db, STEPS_PER_CHECK, on_progress_cb, cancellable);
  if (!fb_sqlite_exec (sql, "BEGIN", error))
    goto out;
  job->newest = _fb_entry_rows_newest (sql);
  rowids = _fb_entry_rows_query_all (sql, &job->filter, job->newest, &rc);
  if (rowids == NULL && !g_cancellable_is_cancelled (cancellable))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errstr (rc));
  fb_sqlite_rollback (sql);

out:
  if (sql->db != NULL)
    sqlite3_progress_handler (sql->db, 0, NULL, NULL);
  return rowids;
}

static void
return_rows (GTask        *task,
             GArray       *rowids,
             GError       *error,
             GCancellable *cancellable)
{
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_pointer (&rowids, g_array_unref);
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
    }
  else if (rowids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rowids, free_rowids);
}

/* Searches and filters share the reader's connection, one at a time: the
 * next query's cancellable stops the one before within a few thousand of
 * SQLite's steps. */
static void
run_query (GTask        *task,
           gpointer      source,
           gpointer      task_data,
           GCancellable *cancellable)
{
  QueryJob *job = task_data;
  FbEntryReader *reader = job->reader;
  GError *error = NULL;
  GArray *rowids;

  g_mutex_lock (&reader->lock);
  rowids = list_rows (&reader->sql, &reader->opened, job, cancellable, &error);
  g_mutex_unlock (&reader->lock);
  return_rows (task, rowids, error, cancellable);
}

/* A thread of its own that gives way to the window: a nice value cannot
 * be taken back, and a pooled thread would keep it for later searches.
 * It reads on a connection of its own too. On a busy machine a thread
 * that gives way may not run for a long while, even to see that it was
 * cancelled; a search typed meanwhile must not wait for it to let go of
 * the reader's connection. */
static gpointer
run_behind (gpointer data)
{
  g_autoptr(GTask) task = data;
  QueryJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  FbSqlite sql;
  gboolean opened = FALSE;
  GError *error = NULL;
  GArray *rowids;

  _fb_thread_step_back ();
  /* The path and messages never change after the reader is made. */
  fb_sqlite_init (&sql, job->reader->sql.path, job->reader->sql.messages);
  rowids = list_rows (&sql, &opened, job, cancellable, &error);
  fb_sqlite_clear (&sql);
  return_rows (task, rowids, error, cancellable);
  return NULL;
}

/**
 * _fb_entry_reader_query_async:
 * @behind: in a thread that gives way to the window, for reading what
 *   nobody waits for yet
 *
 * Lists the rowids of @filter's entries in display order, in a thread.
 * Cancelling @cancellable stops the query within a few thousand steps.
 */
void
_fb_entry_reader_query_async (FbEntryReader       *reader,
                              const FbEntryFilter *filter,
                              gboolean             behind,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  QueryJob *job = g_new0 (QueryJob, 1);

  job->reader = reader_ref (reader);
  _fb_entry_filter_copy (&job->filter, filter);
  g_task_set_source_tag (task, _fb_entry_reader_query_async);
  g_task_set_task_data (task, job, (GDestroyNotify) query_job_free);
  if (behind)
    g_thread_unref (g_thread_new ("fb-entry-list", run_behind, g_object_ref (task)));
  else
    g_task_run_in_thread (task, run_query);
}

/**
 * _fb_entry_reader_query_finish:
 * @newest: (out): the largest rowid of any entry when the rows were read
 *
 * Returns: (transfer full): the rowids, or %NULL with @error set
 */
GArray *
_fb_entry_reader_query_finish (GAsyncResult  *result,
                               gint64        *newest,
                               GError       **error)
{
  QueryJob *job = g_task_get_task_data (G_TASK (result));

  *newest = job->newest;
  return g_task_propagate_pointer (G_TASK (result), error);
}
