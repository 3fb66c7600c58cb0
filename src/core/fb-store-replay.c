/* fb-store-replay.c — the rows the user sees, against what the record's
 * changes make of them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hash chains prove the changes; the tables the views read are only
 * what was made of them, and can be edited in the file like any other
 * bytes. So the changes are applied again, in their order and as sync
 * applies them, into a database of their own in a temporary folder, and
 * every table the user sees (the list is in fb-store-schema.c) is
 * compared with it row by row and column by column; the search index is
 * compared with the one the replay built, word by word.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fb-error.h"
#include "fb-store-verify-private.h"
#include "fb-time.h"

/* Changes applied to the copy in one transaction, as a page of sync is. */
#define BATCH 1000

struct _FbReplay
{
  FbStore *self;      /* the store checked, to whose connection the copy is attached */
  char    *dir;
  FbStore *copy;
  gboolean attached;
  gboolean indexes;   /* the word lists of both search indexes are open */
};

static void
remove_folder (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

void
_fb_replay_free (FbReplay *replay)
{
  if (replay == NULL)
    return;

  if (replay->indexes)
    sqlite3_exec (replay->self->sql.db,
                  "DROP TABLE IF EXISTS temp.fb_index_here; DROP TABLE IF EXISTS temp.fb_index_replayed",
                  NULL, NULL, NULL);
  if (replay->attached)
    sqlite3_exec (replay->self->sql.db, "DETACH DATABASE replay", NULL, NULL, NULL);
  g_clear_object (&replay->copy);
  if (replay->dir != NULL)
    remove_folder (replay->dir);
  g_free (replay->dir);
  g_free (replay);
}

FbReplay *
_fb_replay_new (FbStore *self,
                GError **error)
{
  g_autoptr(FbReplay) replay = g_new0 (FbReplay, 1);
  g_autoptr(GError) local = NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  replay->self = self;
  replay->dir = g_dir_make_tmp ("firebreak-verify-XXXXXX", &local);
  if (replay->dir == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FAILED,
                   _("Cannot make a temporary folder to check the record in: %s"), local->message);
      return NULL;
    }

  path = g_build_filename (replay->dir, "replay.db", NULL);
  replay->copy = fb_store_open (path, FB_STORE_OPEN_DEFAULT, error);
  if (replay->copy == NULL)
    return NULL;

  /* The copy is thrown away after the check: nothing of it needs to
   * outlast a crash, and a journal in memory lets the checked store's
   * connection, perhaps a read-only one, read it without a shared WAL
   * index. */
  if (!_fb_store_exec (replay->copy, "PRAGMA journal_mode = MEMORY", error) ||
      !_fb_store_exec (replay->copy, "PRAGMA synchronous = OFF", error) ||
      !_fb_store_exec (replay->copy, "PRAGMA cache_size = -16384", error))
    return NULL;

  rc = sqlite3_prepare_v2 (self->sql.db, "ATTACH DATABASE ? AS replay", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (!_fb_store_check (self, rc, error))
    return NULL;
  replay->attached = TRUE;

  /* The search index is read through its list of words and how many
   * entries hold each: the same however its segments were merged. */
  replay->indexes = TRUE;
  if (!_fb_store_exec (self,
                       "CREATE VIRTUAL TABLE temp.fb_index_here USING fts5vocab (main, entries_fts, 'row');"
                       "CREATE VIRTUAL TABLE temp.fb_index_replayed USING fts5vocab (replay, entries_fts, 'row')",
                       error))
    return NULL;

  return g_steal_pointer (&replay);
}

/* Applying the changes again --------------------------------------------- */

guint64
_fb_replay_count_steps (FbStore    *self,
                        const char *incident)
{
  sqlite3_stmt *stmt = _fb_store_stmt (self, "SELECT count(*) FROM ops WHERE ?1 IS NULL OR incident = ?1");
  guint64 total = 0;
  guint n_tables;

  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    total = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  _fb_store_record_tables (&n_tables);
  return total + n_tables + 1;
}

static GPtrArray *
read_links (FbStore *self,
            GError **error)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  sqlite3_stmt *stmt = _fb_store_stmt (self, "SELECT device, device_seq, prev, hash FROM links /* replay */");
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbLink *link = g_new0 (FbLink, 1);

      link->device = _fb_column_dup (stmt, 0);
      link->device_seq = sqlite3_column_int64 (stmt, 1);
      link->prev = _fb_column_dup (stmt, 2);
      link->hash = _fb_column_dup (stmt, 3);
      g_ptr_array_add (links, link);
    }
  sqlite3_reset (stmt);

  if (!_fb_store_check (self, rc, error))
    return NULL;
  return g_steal_pointer (&links);
}

/* What the record itself got wrong, rather than the copy's disk. */
static gboolean
is_record_problem (const GError *error)
{
  if (error->domain != FB_ERROR)
    return FALSE;

  switch (error->code)
    {
    case FB_ERROR_INVALID:
    case FB_ERROR_TOO_LARGE:
    case FB_ERROR_TOO_DEEP:
    case FB_ERROR_CLOCK_SKEW:
    case FB_ERROR_FORK:
    case FB_ERROR_GAP:
    case FB_ERROR_CHAIN:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
apply_batch (FbReplay       *replay,
             GPtrArray      *ops,
             GPtrArray      *links,
             FbVerification *result,
             GError        **error)
{
  g_autoptr(GError) local = NULL;

  if (fb_store_apply (replay->copy, ops, links, FB_APPLY_TRUST_CLOCKS, NULL, &local))
    return TRUE;

  if (!is_record_problem (local))
    {
      g_set_error (error, FB_ERROR, local->code,
                   _("Cannot apply the record’s changes again to check it: %s"), local->message);
      return FALSE;
    }

  _fb_verification_report (result, NULL,
                           g_strdup_printf (_("The record’s changes cannot be applied again (%s): "
                                              "the record was altered in the database"),
                                            local->message));
  return TRUE;
}

static gboolean
apply_again (FbReplay       *replay,
             const char     *incident,
             gboolean        but_entry_adds,
             FbVerification *result,
             FbVerifySteps  *steps,
             GError        **error)
{
  FbStore *self = replay->self;
  g_autoptr(GPtrArray) links = read_links (self, error);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc = SQLITE_DONE;

  if (links == NULL)
    return FALSE;

  /* In the order this store took them, which is the order that made its
   * rows. The statement is this function's own. */
  stmt = _fb_store_stmt (self, "SELECT " FB_OP_COLUMNS " FROM ops o WHERE (?1 IS NULL OR o.incident = ?1)"
                               " AND NOT (?2 AND o.type = 'entry.add') ORDER BY o.seq /* replay */");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, but_entry_adds);

  while (ok && result->problem == NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbOp *op = _fb_store_op_from_row (stmt, 0, error);

      if (op == NULL)
        {
          ok = FALSE;
          break;
        }

      g_ptr_array_add (batch, op);
      if (batch->len < BATCH)
        continue;

      /* The stand-ins for ops held elsewhere go with the first batch. */
      ok = apply_batch (replay, batch, links, result, error) &&
           fb_progress_report (steps->progress, steps->done += batch->len, steps->total, error);
      g_ptr_array_set_size (batch, 0);
      g_ptr_array_set_size (links, 0);
    }
  sqlite3_reset (stmt);

  if (!ok || result->problem != NULL)
    return ok;
  if (!_fb_store_check (self, rc, error))
    return FALSE;

  steps->done += batch->len;
  return apply_batch (replay, batch, links, result, error);
}

/* The same, handed over one op at a time as the log is read
 * (fb-store-verify-entries.c), for the fast pass: the ops other than
 * entry.add, applied in the batches apply_again () makes. */
struct _FbReplayFeed
{
  FbReplay       *replay;
  FbVerification *differs;
  FbVerifySteps  *steps;
  GPtrArray      *links;
  GPtrArray      *batch;
};

static FbReplayFeed *
feed_new (FbReplay       *replay,
          FbVerification *differs,
          FbVerifySteps  *steps,
          GError        **error)
{
  g_autoptr(GPtrArray) links = read_links (replay->self, error);
  FbReplayFeed *feed;

  if (links == NULL)
    return NULL;

  feed = g_new0 (FbReplayFeed, 1);
  feed->replay = replay;
  feed->differs = differs;
  feed->steps = steps;
  feed->links = g_steal_pointer (&links);
  feed->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  return feed;
}

static void
feed_free (FbReplayFeed *feed)
{
  g_ptr_array_unref (feed->links);
  g_ptr_array_unref (feed->batch);
  g_free (feed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbReplayFeed, feed_free)

/**
 * _fb_replay_feed_take:
 * @stmt: a row of the log with FB_OP_COLUMNS from @c on
 * @applied: (out): %FALSE once the record's changes could not be applied
 *   again, which the full pass then names
 *
 * Returns: %FALSE when the op could not be read, or the copy written
 */
gboolean
_fb_replay_feed_take (FbReplayFeed  *feed,
                      sqlite3_stmt  *stmt,
                      int            c,
                      gboolean      *applied,
                      GError       **error)
{
  FbOp *op = _fb_store_op_from_row (stmt, c, error);
  gboolean ok;

  *applied = feed->differs->problem == NULL;
  if (op == NULL)
    return FALSE;

  g_ptr_array_add (feed->batch, op);
  if (feed->batch->len < BATCH)
    return TRUE;

  /* The stand-ins for ops held elsewhere go with the first batch. */
  ok = apply_batch (feed->replay, feed->batch, feed->links, feed->differs, error) &&
       fb_progress_report (feed->steps->progress, feed->steps->done += feed->batch->len, feed->steps->total, error);
  g_ptr_array_set_size (feed->batch, 0);
  g_ptr_array_set_size (feed->links, 0);
  *applied = feed->differs->problem == NULL;
  return ok;
}

/* The last batch: every op of the log was handed over. */
gboolean
_fb_replay_feed_finish (FbReplayFeed  *feed,
                        gboolean      *applied,
                        GError       **error)
{
  gboolean ok;

  feed->steps->done += feed->batch->len;
  ok = apply_batch (feed->replay, feed->batch, feed->links, feed->differs, error);
  g_ptr_array_set_size (feed->batch, 0);
  *applied = feed->differs->problem == NULL;
  return ok;
}

/* Comparing the tables ---------------------------------------------------- */

static GPtrArray *
list_columns (FbStore             *self,
              const FbRecordTable *table,
              GError             **error)
{
  g_auto(GStrv) local = g_strsplit (table->local != NULL ? table->local : "", ", ", -1);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _fb_store_stmt (self, "SELECT name FROM pragma_table_info (?1, 'main') ORDER BY cid");
  int rc;

  sqlite3_bind_text (stmt, 1, table->table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!g_strv_contains ((const char * const *) local, _fb_column_text (stmt, 0)))
      g_ptr_array_add (columns, _fb_column_dup (stmt, 0));
  sqlite3_reset (stmt);

  if (!_fb_store_check (self, rc, error))
    return NULL;
  return g_steal_pointer (&columns);
}

static const char *
column_words (const FbRecordTable *table,
              const char          *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (table->words) && table->words[i].column != NULL; i++)
    if (g_str_equal (table->words[i].column, column))
      return g_dpgettext2 (GETTEXT_PACKAGE, "column of the record", table->words[i].words);

  return column;
}

/* "m."id" = r."id" AND …": names quoted, so that a column may be
 * called by a word SQL keeps. */
static char *
join_keys (const FbRecordTable *table)
{
  g_auto(GStrv) keys = g_strsplit (table->key, ", ", -1);
  GString *join = g_string_new (NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    g_string_append_printf (join, "%sm.\"%s\" = r.\"%s\"", i > 0 ? " AND " : "", keys[i], keys[i]);

  return g_string_free (join, FALSE);
}

/* The row's words are the table's, written in this program. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

static char *
name_row (const FbRecordTable *table,
          const char          *text)
{
  g_autofree char *shown = _fb_verify_short_text (text != NULL ? text : "");

  return g_strdup_printf (_(table->row), shown);
}

#pragma GCC diagnostic pop

/* A value as the user saw it: a time as a date and time, unless both
 * values would then read alike. */
static char *
show_value (const char   *column,
            sqlite3_stmt *row,
            int           at,
            gboolean      as_time)
{
  if (as_time && g_str_has_suffix (column, "_at") &&
      sqlite3_column_type (row, at) == SQLITE_INTEGER && sqlite3_column_int64 (row, at) != 0)
    return fb_time_format_full (sqlite3_column_int64 (row, at), NULL);

  return _fb_verify_short_text (_fb_column_text (row, at));
}

/* Steps a query made for one check; *@found says whether it gave a row,
 * which @row then holds until finalized. */
static gboolean
run_query (FbStore       *self,
           const char    *sql,
           const char    *incident,
           sqlite3_stmt **row,
           gboolean      *found,
           GError       **error)
{
  int rc = sqlite3_prepare_v2 (self->sql.db, sql, -1, row, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (*row, 1, incident, -1, SQLITE_STATIC);
      rc = sqlite3_step (*row);
    }

  *found = rc == SQLITE_ROW;
  return _fb_store_check (self, rc, error);
}

/* A row here that the changes did not make, or made otherwise. */
static gboolean
find_changed_row (FbStore             *self,
                  const FbRecordTable *table,
                  GPtrArray           *columns,
                  const char          *join,
                  const char          *incident,
                  FbVerification      *result,
                  GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) differs = g_string_new (NULL);
  g_auto(GStrv) keys = g_strsplit (table->key, ", ", -1);
  sqlite3_stmt *row = NULL;
  gboolean ok, found;

  g_string_append_printf (sql, "SELECT r.\"%s\" IS NULL, m.\"%s\", r.\"%s\"", keys[0], table->row_column, table->row_column);
  g_string_append_printf (differs, "r.\"%s\" IS NULL", keys[0]);
  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);

      g_string_append_printf (sql, ", m.\"%s\" IS NOT r.\"%s\", m.\"%s\", r.\"%s\"", column, column, column, column);
      g_string_append_printf (differs, " OR m.\"%s\" IS NOT r.\"%s\"", column, column);
    }
  g_string_append_printf (sql, " FROM main.\"%s\" m LEFT JOIN replay.\"%s\" r ON %s WHERE ",
                          table->table, table->table, join);
  if (incident != NULL)
    g_string_append_printf (sql, "m.\"%s\" = ?1 AND ", table->incident);
  g_string_append_printf (sql, "(%s) LIMIT 1", differs->str);

  ok = run_query (self, sql->str, incident, &row, &found, error);
  if (found)
    {
      const char *replayed = (const char *) sqlite3_column_text (row, 2);
      g_autofree char *name = name_row (table, replayed != NULL ? replayed
                                                                : (const char *) sqlite3_column_text (row, 1));

      if (sqlite3_column_int (row, 0))
        _fb_verification_report (result, NULL,
                                 g_strdup_printf (_("The %s was not made by any recorded change: it was "
                                                    "inserted into the database behind Firebreak’s back"),
                                                  name));
      else
        for (guint i = 0; i < columns->len; i++)
          {
            const char *column = g_ptr_array_index (columns, i);
            int at = 3 + 3 * (int) i;
            g_autofree char *here = NULL;
            g_autofree char *expected = NULL;

            if (!sqlite3_column_int (row, at))
              continue;

            here = show_value (column, row, at + 1, TRUE);
            expected = show_value (column, row, at + 2, TRUE);
            if (g_str_equal (here, expected))
              {
                g_free (here);
                g_free (expected);
                here = show_value (column, row, at + 1, FALSE);
                expected = show_value (column, row, at + 2, FALSE);
              }
            _fb_verification_report (result, NULL,
                                     g_strdup_printf (_("The %s of the %s reads “%s”, but its changes say “%s”: "
                                                        "it was altered in the database"),
                                                      column_words (table, column),
                                                      name, here, expected));
            break;
          }
    }
  sqlite3_finalize (row);

  return ok;
}

/* A row the changes made that is not here. */
static gboolean
find_missing_row (FbStore             *self,
                  const FbRecordTable *table,
                  const char          *join,
                  const char          *incident,
                  FbVerification      *result,
                  GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *row = NULL;
  gboolean ok, found;

  g_string_append_printf (sql, "SELECT r.\"%s\" FROM replay.\"%s\" r WHERE ", table->row_column, table->table);
  if (incident != NULL)
    g_string_append_printf (sql, "r.\"%s\" = ?1 AND ", table->incident);
  g_string_append_printf (sql, "NOT EXISTS (SELECT 1 FROM main.\"%s\" m WHERE %s) LIMIT 1", table->table, join);

  ok = run_query (self, sql->str, incident, &row, &found, error);
  if (found)
    {
      g_autofree char *name = name_row (table, (const char *) sqlite3_column_text (row, 0));

      _fb_verification_report (result, NULL,
                               g_strdup_printf (_("The %s is missing, though the record’s changes made it: "
                                                  "it was deleted from the database"),
                                                name));
    }
  sqlite3_finalize (row);

  return ok;
}

static gboolean
compare_table (FbStore             *self,
               const FbRecordTable *table,
               const char          *incident,
               FbVerification      *result,
               GError             **error)
{
  g_autoptr(GPtrArray) columns = list_columns (self, table, error);
  g_autofree char *join = join_keys (table);

  return columns != NULL &&
         find_changed_row (self, table, columns, join, incident, result, error) &&
         (result->problem != NULL ||
          find_missing_row (self, table, join, incident, result, error));
}

/* Words the index here holds for more entries than the replay's, and then
 * for fewer. */
static gboolean
compare_index (FbStore        *self,
               FbVerification *result,
               GError        **error)
{
  static const struct {
    const char *sql;
    const char *problem;
  } checks[] = {
    { "SELECT 1 FROM temp.fb_index_here h"
      " WHERE h.doc > coalesce ((SELECT r.doc FROM temp.fb_index_replayed r WHERE r.term = h.term), 0)"
      " LIMIT 1",
      N_("The search index lists text that no timeline entry holds: it was altered in the database") },
    { "SELECT 1 FROM temp.fb_index_replayed r"
      " WHERE r.doc > coalesce ((SELECT h.doc FROM temp.fb_index_here h WHERE h.term = r.term), 0)"
      " LIMIT 1",
      N_("The search index lacks text that a timeline entry holds: it was altered in the database") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks) && result->problem == NULL; i++)
    {
      sqlite3_stmt *row = NULL;
      gboolean found;
      gboolean ok = run_query (self, checks[i].sql, NULL, &row, &found, error);

      if (found)
        _fb_verification_report (result, NULL, g_strdup (_(checks[i].problem)));
      sqlite3_finalize (row);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/**
 * _fb_replay_check:
 * @incident: (nullable): only this incident's changes and rows; the
 *   search index, which holds every incident's entries, is then left to
 *   the check of the whole record
 *
 * Applies the record's changes again and compares the rows the user sees
 * with them, reporting the first difference in @result. Runs inside the
 * check's read transaction, so that the changes and the rows are read as
 * of one moment.
 */
gboolean
_fb_replay_check (FbReplay       *replay,
                  const char     *incident,
                  FbVerification *result,
                  FbVerifySteps  *steps,
                  GError        **error)
{
  FbStore *self = replay->self;
  const FbRecordTable *tables;
  guint n_tables;

  if (!apply_again (replay, incident, FALSE, result, steps, error))
    return FALSE;

  tables = _fb_store_record_tables (&n_tables);
  for (guint i = 0; i < n_tables && result->problem == NULL; i++)
    {
      if ((incident == NULL || tables[i].incident != NULL) &&
          !compare_table (self, &tables[i], incident, result, error))
        return FALSE;
      if (!fb_progress_report (steps->progress, ++steps->done, steps->total, error))
        return FALSE;
    }

  if (result->problem == NULL && incident == NULL && !compare_index (self, result, error))
    return FALSE;

  return fb_progress_report (steps->progress, ++steps->done, steps->total, error);
}

/**
 * _fb_replay_check_fast:
 * @intact: (out): whether the rows the user sees are proven to be what the
 *   changes make; %FALSE when anything differs or the pass cannot tell,
 *   and then _fb_replay_check() on a new copy must judge and name it
 *
 * As _fb_replay_check(), with the copy given every change but the
 * entry.adds, whose rows fb-store-verify-entries.c checks against them
 * straight, handing every op of the log to @chain as it reads it, and
 * the rows of the log and the timeline to @sums (nullable) for the check
 * of the file. Made for the check of a long record; it reports nothing in
 * words.
 */
gboolean
_fb_replay_check_fast (FbReplay       *replay,
                       const char     *incident,
                       FbChainProof   *chain,
                       FbFileSums     *sums,
                       FbVerifySteps  *steps,
                       gboolean       *intact,
                       guint          *n_entries,
                       GError        **error)
{
  g_autoptr(FbVerification) differs = g_new0 (FbVerification, 1);
  g_autoptr(FbWordCount) words = NULL;
  g_autoptr(FbReplayFeed) feed = NULL;
  FbStore *self = replay->self;
  const FbRecordTable *tables;
  guint n_tables;
  gboolean same;

  *intact = FALSE;

  /* The search index holds every incident's entries: the whole record's
   * check compares it. Its count begins first, so that the index is read
   * beside the rest, as near the moment the check reads as can be. */
  if (incident == NULL && (words = _fb_word_count_new (self)) == NULL)
    return TRUE;

  /* Everything the copy's connection writes comes first: once this
   * connection has read the copy, it holds it until the check ends. The
   * ops other than entry.add are applied as the log is read, once, for
   * the timeline and the chains (fb-store-verify-entries.c). */
  feed = feed_new (replay, differs, steps, error);
  if (feed == NULL ||
      !_fb_verify_entries_fast (self, incident, chain, feed, words, sums, steps, &same, n_entries, error))
    return FALSE;
  if (!same || differs->problem != NULL)
    return TRUE;

  tables = _fb_store_record_tables (&n_tables);
  for (guint i = 0; i < n_tables && differs->problem == NULL; i++)
    {
      if ((incident == NULL || tables[i].incident != NULL) && !g_str_equal (tables[i].table, "entries") &&
          !compare_table (self, &tables[i], incident, differs, error))
        return FALSE;
      if (!fb_progress_report (steps->progress, ++steps->done, steps->total, error))
        return FALSE;
    }
  if (differs->problem != NULL)
    return TRUE;

  if (words != NULL)
    {
      _fb_word_count_compare (words, &same);
      if (!same)
        return TRUE;
    }

  *intact = differs->problem == NULL;
  return fb_progress_report (steps->progress, ++steps->done, steps->total, error);
}
