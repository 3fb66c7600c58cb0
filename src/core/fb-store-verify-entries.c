/* fb-store-verify-entries.c — the timeline, checked straight against the
 * changes that wrote it
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nearly every change of a long record is an entry.add, and its whole
 * effect is one timeline row (and that row's words in the search index).
 * Applying each of them again into the check's copy costs as much as
 * writing the record did; instead, the copy gets every other change, and
 * the timeline is read once in the order its rows were written, beside the
 * entry.adds in the order they were applied: each row must be exactly the
 * one its change makes, with the fields later changes set on it (a pin) as
 * the copy's clocks say. The rows other changes made are the copy's, and
 * compared with it. The texts so proven are handed on, as they are read,
 * to be compared with the search index (fb-store-verify-index.c).
 *
 * The log is read whole for this, every op in the order it was taken,
 * and each is handed to the proof of the chains (fb-store-verify-chain.c)
 * on the way: the chains and the timeline cost one read of the log.
 *
 * Anything this pass does not recognise (a row out of place, a column it
 * does not know, a field it cannot derive) makes it give up, not pass: the
 * full replay then judges the record, and names what differs.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <string.h>

#include "fb-hlc.h"
#include "fb-json-private.h"
#include "fb-store-verify-private.h"

/* The columns of a timeline row this pass knows how to expect, in the
 * order its query reads them. A column added to the table later is not
 * here, and then the full replay compares it. */
static const char * const entry_columns[] = {
  "id", "incident", "occurred_at", "recorded_at", "hlc", "device", "author",
  "kind", "text", "pinned", "amends", "data", "op",
};

enum
{
  E_ID, E_INCIDENT, E_OCCURRED_AT, E_RECORDED_AT, E_HLC, E_DEVICE, E_AUTHOR,
  E_KIND, E_TEXT, E_PINNED, E_AMENDS, E_DATA, E_OP, N_ENTRY_COLUMNS
};

/* A timeline row as the walk reads it: each column once. */
typedef struct
{
  FbRowValue values[N_ENTRY_COLUMNS];
} Row;

/* The columns of an op, as FbOpRow holds them. */
enum
{
  O_ID = FB_OP_COLUMN_ID,
  O_HLC = FB_OP_COLUMN_HLC,
  O_DEVICE = FB_OP_COLUMN_DEVICE,
  O_AUTHOR = FB_OP_COLUMN_AUTHOR,
  O_TYPE = FB_OP_COLUMN_TYPE,
  O_INCIDENT = FB_OP_COLUMN_INCIDENT,
  O_ENTITY = FB_OP_COLUMN_ENTITY,
  O_BODY = FB_OP_COLUMN_BODY,
};

static gboolean
knows_every_column (FbStore  *self,
                    gboolean *known,
                    GError  **error)
{
  sqlite3_stmt *stmt = _fb_store_stmt (self, "SELECT name FROM pragma_table_info ('entries', 'main')");
  guint n = 0;
  int rc;

  *known = TRUE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      n++;
      *known &= g_strv_contains ((const char * const *) entry_columns, _fb_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);

  *known &= n == G_N_ELEMENTS (entry_columns);
  return _fb_store_check (self, rc, error);
}

/* The pins the copy's clocks hold, entity to value; and in @others the
 * entities whose clocks set anything else, which a row takes over when it
 * is written after them and this pass does not foresee. */
static gboolean
read_clocks (FbStore    *self,
             GHashTable *pins,
             GHashTable *others,
             GError    **error)
{
  sqlite3_stmt *stmt = _fb_store_stmt (self,
                                       "SELECT entity, field, value FROM replay.clocks"
                                       " WHERE field NOT LIKE '%:%' /* verify entries */");
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 value = -1;

      /* The clocks keep values as text; the pin column, an integer,
       * takes "0" and "1" back as the numbers. */
      if (g_str_equal (_fb_column_text (stmt, 1), "pinned") &&
          g_ascii_string_to_signed (_fb_column_text (stmt, 2), 10, 0, 1, &value, NULL))
        g_hash_table_insert (pins, _fb_column_dup (stmt, 0), GINT_TO_POINTER ((int) value));
      else
        g_hash_table_add (others, _fb_column_dup (stmt, 0));
    }
  sqlite3_reset (stmt);

  return _fb_store_check (self, rc, error);
}

/* Reads the next row of @stmt, the timeline's, into @row, summing it
 * into @sums (nullable) first. */
static void
read_row (Row          *row,
          sqlite3_stmt *stmt,
          FbTableSums  *sums)
{
  sqlite3_value *values[N_ENTRY_COLUMNS];
  gboolean plain = TRUE;

  /* Through each column's value, as hash_value () reads it: the
   * connection is this thread's alone. */
  for (int i = 0; i < N_ENTRY_COLUMNS; i++)
    {
      int type;

      values[i] = sqlite3_column_value (stmt, i);
      type = sqlite3_value_type (values[i]);
      row->values[i].type = type;
      plain &= type == SQLITE_INTEGER || type == SQLITE_TEXT || type == SQLITE_NULL;
    }

  /* A REAL or a BLOB is summed as stored, before anything reads it; it
   * is no value a change writes, and nothing else here takes it. */
  if (sums != NULL && !plain)
    _fb_table_sums_add (sums, stmt);

  for (int i = 0; i < N_ENTRY_COLUMNS; i++)
    {
      FbRowValue *value = &row->values[i];

      value->text = "";
      value->length = 0;
      value->integer = 0;
      if (value->type == SQLITE_TEXT)
        {
          value->text = (const char *) sqlite3_value_text (values[i]);
          value->length = (guint32) sqlite3_value_bytes (values[i]);
        }
      else if (value->type == SQLITE_INTEGER)
        value->integer = sqlite3_value_int64 (values[i]);
    }

  if (sums != NULL && plain)
    _fb_table_sums_add_values (sums, stmt, row->values);
}

/* Whether the row's column @i holds what the op's column @j does: both
 * SQL's NULL, or both texts of the same bytes (the op's are texts or
 * NULL, _fb_op_row_read ()). */
static gboolean
same_text (const Row     *row,
           int            i,
           const FbOpRow *op,
           int            j)
{
  const FbRowValue *value = &row->values[i];

  if (op->text[j] == NULL)
    return value->type == SQLITE_NULL;

  return value->type == SQLITE_TEXT && value->length == op->length[j] &&
         memcmp (value->text, op->text[j], op->length[j]) == 0;
}

static gboolean
is_integer (const Row *row,
            int        i,
            gint64     integer)
{
  return row->values[i].type == SQLITE_INTEGER && row->values[i].integer == integer;
}

/* A text column as a C string: %NULL for SQL's NULL, and for a value
 * that is no string or holds a NUL, which no change writes. */
static const char *
column_string (const Row *row,
               int        i,
               gboolean  *odd)
{
  const FbRowValue *value = &row->values[i];

  if (value->type == SQLITE_NULL)
    return NULL;

  if (value->type != SQLITE_TEXT || strlen (value->text) != value->length)
    {
      *odd = TRUE;
      return NULL;
    }

  return value->text;
}

/* A row with details: the op's body decoded, and its fields taken as
 * _fb_apply_entry_add () takes them. */
static gboolean
decoded_body_says (const Row     *row,
                   const FbOpRow *op)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *data = NULL;
  JsonObject *body;
  JsonNode *root;
  gboolean odd = FALSE;

  if (op->text[O_BODY] == NULL || !json_parser_load_from_data (parser, op->text[O_BODY], -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  body = json_node_get_object (root);
  if (!json_object_has_member (body, "data") || json_object_get_object_member (body, "data") == NULL)
    return FALSE;
  data = _fb_json_canonical_object (json_object_get_object_member (body, "data"));

  return g_strcmp0 (column_string (row, E_KIND, &odd), json_object_get_string_member (body, "kind")) == 0 &&
         g_strcmp0 (column_string (row, E_TEXT, &odd), json_object_get_string_member (body, "text")) == 0 &&
         is_integer (row, E_OCCURRED_AT, json_object_get_int_member (body, "occurred_at")) &&
         g_strcmp0 (column_string (row, E_AMENDS, &odd),
                    json_object_get_string_member_with_default (body, "amends", NULL)) == 0 &&
         g_strcmp0 (column_string (row, E_DATA, &odd), data) == 0 &&
         !odd;
}

/* The op's body, as body_says () reads it: where it has got to, and
 * where it ends. */
typedef struct
{
  const char *at;
  const char *end;
  GString    *scratch;
} Body;

/* Whether the body goes on with @bytes; reads past them. */
static inline gboolean
goes_on_with (Body       *body,
              const char *bytes,
              gsize       length)
{
  if ((gsize) (body->end - body->at) < length || memcmp (body->at, bytes, length) != 0)
    return FALSE;

  body->at += length;
  return TRUE;
}

#define goes_on_with_literal(body, literal) goes_on_with ((body), (literal), sizeof (literal) - 1)

/* Whether the body goes on with @text as _fb_json_write_string () writes
 * it (@text holds no NUL): a text with nothing to escape is compared
 * where it is, any other written first. */
static gboolean
goes_on_with_string (Body       *body,
                     const char *text,
                     gsize       length)
{
  if (!_fb_json_string_is_plain (text, length))
    {
      g_string_truncate (body->scratch, 0);
      _fb_json_write_string (body->scratch, text);
      return goes_on_with (body, body->scratch->str, body->scratch->len);
    }

  return goes_on_with_literal (body, "\"") && goes_on_with (body, text, length) &&
         goes_on_with_literal (body, "\"");
}

static gboolean
goes_on_with_int (Body   *body,
                  gint64  value)
{
  g_string_truncate (body->scratch, 0);
  _fb_json_append_int (body->scratch, value);
  return goes_on_with (body, body->scratch->str, body->scratch->len);
}

/* Whether the op's body says what @row holds. The row's fields, written
 * in the canonical form, must be the body's stored bytes, which the
 * chain's check proved are the bytes hashed: no body is decoded. Strings
 * are escaped, so no field can pass for another. The canonical form is
 * compared with the stored bytes as it goes, not written out whole. */
static gboolean
body_says (const Row     *row,
           const FbOpRow *op,
           GString       *scratch)
{
  gboolean odd = FALSE;
  const char *kind = column_string (row, E_KIND, &odd);
  const char *text = column_string (row, E_TEXT, &odd);
  const char *amends = column_string (row, E_AMENDS, &odd);
  Body body;

  if (row->values[E_DATA].type != SQLITE_NULL)
    return decoded_body_says (row, op);
  if (odd || kind == NULL || text == NULL || row->values[E_OCCURRED_AT].type != SQLITE_INTEGER ||
      op->text[O_BODY] == NULL)
    return FALSE;

  body.at = op->text[O_BODY];
  body.end = op->text[O_BODY] + op->length[O_BODY];
  body.scratch = scratch;

  /* Its members in the order of their names; the texts hold no NUL
   * (column_string ()). */
  if (!goes_on_with_literal (&body, "{"))
    return FALSE;
  if (amends != NULL &&
      !(goes_on_with_literal (&body, "\"amends\":") &&
        goes_on_with_string (&body, amends, row->values[E_AMENDS].length) &&
        goes_on_with_literal (&body, ",")))
    return FALSE;

  return goes_on_with_literal (&body, "\"kind\":") &&
         goes_on_with_string (&body, kind, row->values[E_KIND].length) &&
         goes_on_with_literal (&body, ",\"occurred_at\":") &&
         goes_on_with_int (&body, row->values[E_OCCURRED_AT].integer) &&
         goes_on_with_literal (&body, ",\"text\":") &&
         goes_on_with_string (&body, text, row->values[E_TEXT].length) &&
         goes_on_with_literal (&body, "}") &&
         body.at == body.end;
}

/* Whether @row is the one the entry.add @op makes, as fb_store_apply()
 * writes it (_fb_apply_entry_add ()), but for its pin, which later
 * changes set: the copy's clocks tell it once the log is read. */
static gboolean
row_is_made_by (const Row     *row,
                const FbOpRow *op,
                GString       *scratch)
{
  FbHlc hlc;

  if (op->text[O_HLC] == NULL || !fb_hlc_parse (op->text[O_HLC], &hlc))
    return FALSE;

  return same_text (row, E_ID, op, O_ENTITY) &&
         same_text (row, E_INCIDENT, op, O_INCIDENT) &&
         is_integer (row, E_RECORDED_AT, hlc.wall_ms) &&
         same_text (row, E_HLC, op, O_HLC) &&
         same_text (row, E_DEVICE, op, O_DEVICE) &&
         same_text (row, E_AUTHOR, op, O_AUTHOR) &&
         row->values[E_PINNED].type == SQLITE_INTEGER &&
         same_text (row, E_OP, op, O_ID) &&
         body_says (row, op, scratch);
}

/* The rows the copy made (those of the changes other than entry.add it
 * was given, of the incident checked or of all), with every column of
 * the table: whether each is here as it is there. */
static gboolean
compare_copied_rows (FbStore    *self,
                     gboolean   *same,
                     GError    **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT 1 FROM replay.entries r LEFT JOIN main.entries m ON m.id = r.id"
                                         " WHERE ");
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_string_append (sql, "(m.id IS NULL");
  for (guint i = 0; i < G_N_ELEMENTS (entry_columns); i++)
    g_string_append_printf (sql, " OR m.\"%s\" IS NOT r.\"%s\"", entry_columns[i], entry_columns[i]);
  g_string_append (sql, ") LIMIT 1");

  rc = sqlite3_prepare_v2 (self->sql.db, sql->str, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  *same = rc == SQLITE_DONE;
  return _fb_store_check (self, rc, error);
}

/* Counts the rows the copy made and notes their ids in @copied, handing
 * their texts to @words. */
static gboolean
read_copied_rows (FbStore     *self,
                  GHashTable  *copied,
                  FbWordCount *words,
                  guint       *n_rows,
                  GError     **error)
{
  sqlite3_stmt *stmt = _fb_store_stmt (self, "SELECT r.id, r.text FROM replay.entries r /* verify entries */");
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_hash_table_add (copied, _fb_column_dup (stmt, 0));
      (*n_rows)++;
      if (words != NULL)
        _fb_word_count_add (words, _fb_column_text (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1));
    }
  sqlite3_reset (stmt);

  return _fb_store_check (self, rc, error);
}

/* Whether an op's column holds @text, as SQL's = compares them. */
static gboolean
column_is (const FbOpRow *op,
           int            i,
           const char    *text)
{
  gsize length = strlen (text);

  return op->text[i] != NULL && op->length[i] == length && memcmp (op->text[i], text, length) == 0;
}

/* What the walk leaves for the copy's clocks and rows to settle, once
 * every change is applied to it. */
typedef struct
{
  GHashTable *skipped;  /* ids of the rows no entry.add made, as read */
  GHashTable *pinned;   /* id → pin, of the rows made whose pin is not 0 */
  guint       others;   /* changes other than entry.add handed to the copy */
} Pending;

/* Pairs the entry.add @op with the next row it makes. The rows between
 * are the copy's to make (a change other than entry.add writes its row
 * when it is applied, before the entry.adds after it), or out of place:
 * no more of them than changes the copy was handed so far. */
static gboolean
pair_row (sqlite3_stmt  *rows,
          const FbOpRow *op,
          Row           *row,
          Pending       *pending,
          FbTableSums   *sums,
          GString       *scratch,
          int           *rc)
{
  while ((*rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      read_row (row, rows, sums);
      if (row_is_made_by (row, op, scratch))
        {
          gint64 pin = row->values[E_PINNED].integer;

          if (pin != 0)
            g_hash_table_insert (pending->pinned, _fb_column_dup (rows, E_ID),
                                 GINT_TO_POINTER (pin == 1 ? 1 : 2));
          return TRUE;
        }
      if (g_hash_table_size (pending->skipped) >= pending->others)
        return FALSE;
      g_hash_table_add (pending->skipped, _fb_column_dup (rows, E_ID));
    }

  return FALSE;
}

/* "@columns @rest", with the columns the check of the file's sums of
 * @table need between (the predicates of its partial indexes, which a
 * schema made elsewhere could write so that they do not read here): when
 * they cannot be read, the statement is made without them, and the file's
 * check reads @table itself. */
static sqlite3_stmt *
summed_stmt (FbStore      *self,
             FbFileSums   *sums,
             const char   *table,
             const char   *columns,
             const char   *rest,
             FbTableSums **table_sums)
{
  g_autoptr(GString) sql = g_string_new (columns);
  sqlite3_stmt *stmt, *probe = NULL;

  *table_sums = _fb_file_sums_begin (sums, self->sql.db, table, sql);
  g_string_append (sql, rest);
  if (*table_sums != NULL && sqlite3_prepare_v2 (self->sql.db, sql->str, -1, &probe, NULL) != SQLITE_OK)
    {
      _fb_table_sums_end (*table_sums, FALSE);
      *table_sums = NULL;
      g_string_assign (sql, columns);
      g_string_append (sql, rest);
    }
  sqlite3_finalize (probe);

  stmt = _fb_store_stmt (self, sql->str);
  *table_sums = _fb_table_sums_bind (*table_sums, self->sql.db, stmt);
  return stmt;
}

/* The whole log, once, in the order it was taken: each op handed to the
 * chain's proof; each entry.add (of @incident, or of all) paired with
 * the row it makes, and every other change handed to the copy. The rows
 * of the log and the timeline are summed for the check of the file
 * (@sums) as they are read, before anything else reads them. */
static gboolean
walk_rows (FbStore       *self,
           const char    *incident,
           FbChainProof  *chain,
           FbReplayFeed  *feed,
           Pending       *pending,
           FbWordCount   *words,
           FbFileSums    *sums,
           FbVerifySteps *steps,
           gboolean      *same,
           guint         *n_entries,
           GError       **error)
{
  g_autoptr(GString) scratch = g_string_sized_new (1024);
  FbTableSums *op_sums, *row_sums;
  sqlite3_stmt *ops, *rows;
  int ops_rc, rows_rc = SQLITE_DONE, rowid_at;
  guint64 n_read = 0;
  gboolean ok = TRUE, applied = TRUE, rows_read = FALSE;

  /* The statements are this function's own: nothing in the loop resets
   * them. The op's columns are FB_OP_COLUMNS, for the copy. Each table is
   * read from its own pages, not through an index, which the check of
   * the file compares with them. */
  ops = summed_stmt (self, sums, "ops", "SELECT " FB_OP_COLUMNS,
                     " FROM ops o NOT INDEXED ORDER BY o.seq /* verify entries */", &op_sums);
  rows = summed_stmt (self, incident == NULL ? sums : NULL, "entries",
                      "SELECT m.id, m.incident, m.occurred_at, m.recorded_at, m.hlc, m.device, m.author,"
                      " m.kind, m.text, m.pinned, m.amends, m.data, m.op",
                      " FROM main.entries m NOT INDEXED WHERE (?1 IS NULL OR m.incident = ?1)"
                      " ORDER BY m.rowid /* verify entries */", &row_sums);
  sqlite3_bind_text (rows, 1, incident, -1, SQLITE_TRANSIENT);

  /* The log's sums are made in the chain's hashing thread, beside this
   * one, from the values read here, when they can be. */
  rowid_at = op_sums != NULL ? FB_OP_N_COLUMNS : -1;
  if (op_sums != NULL && _fb_chain_proof_sum_ops (chain, op_sums))
    op_sums = NULL;

  *same = TRUE;
  while ((ops_rc = sqlite3_step (ops)) == SQLITE_ROW)
    {
      FbOpRow op;
      Row row;

      if (op_sums != NULL)
        _fb_table_sums_add (op_sums, ops);

      /* An op stored as no change writes it goes to the full pass. */
      if (!_fb_op_row_read (&op, ops, rowid_at))
        {
          *same = FALSE;
          break;
        }
      _fb_chain_proof_take (chain, &op);
      steps->done++;

      if (incident != NULL && !column_is (&op, O_INCIDENT, incident))
        ;
      else if (column_is (&op, O_TYPE, "entry.add"))
        {
          if (!pair_row (rows, &op, &row, pending, row_sums, scratch, &rows_rc))
            {
              rows_read = rows_rc == SQLITE_DONE;
              *same = FALSE;
              break;
            }
          if (words != NULL)
            _fb_word_count_add (words, row.values[E_TEXT].text, row.values[E_TEXT].length);
          ++*n_entries;
          steps->done++;
        }
      else
        {
          pending->others++;
          if (!(ok = _fb_replay_feed_take (feed, ops, 0, &applied, error)) || !applied)
            break;
        }

      if ((++n_read & 0x3ff) == 0 && !(ok = fb_progress_report (steps->progress, steps->done, steps->total, error)))
        break;
    }

  /* The rows left over are the copy's to make, or no change's. */
  if (ok && applied && *same)
    {
      ok = _fb_store_check (self, ops_rc, error);
      while (ok && *same && (rows_rc = sqlite3_step (rows)) == SQLITE_ROW)
        {
          if (row_sums != NULL)
            _fb_table_sums_add (row_sums, rows);
          *same = g_hash_table_size (pending->skipped) < pending->others;
          g_hash_table_add (pending->skipped, _fb_column_dup (rows, E_ID));
        }
      rows_read = ok && rows_rc == SQLITE_DONE;
      if (ok && *same)
        ok = _fb_replay_feed_finish (feed, &applied, error);
    }
  if (rows_rc != SQLITE_ROW)
    ok = ok && _fb_store_check (self, rows_rc, error);
  _fb_chain_proof_end_sums (chain, ops_rc == SQLITE_DONE);
  _fb_table_sums_end (op_sums, ops_rc == SQLITE_DONE);
  _fb_table_sums_end (row_sums, rows_read);
  sqlite3_reset (ops);
  sqlite3_reset (rows);

  *same &= applied;
  return ok;
}

/* Whether a row made by an entry.add, in the walk, has @id. */
static gboolean
made_by_entry_add (FbStore       *self,
                   const char    *incident,
                   const Pending *pending,
                   const char    *id,
                   gboolean      *made,
                   GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *made = FALSE;
  if (g_hash_table_contains (pending->skipped, id))
    return TRUE;

  stmt = _fb_store_stmt (self, "SELECT 1 FROM main.entries WHERE id = ?1 AND (?2 IS NULL OR incident = ?2)"
                               " /* verify entries */");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, incident, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *made = rc == SQLITE_ROW;
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW || _fb_store_check (self, rc, error);
}

/* The walk's rows against the copy: the rows skipped are exactly the
 * ones the copy made; every row an entry.add made is pinned as the
 * clocks say, and no other clock set anything on it. */
static gboolean
settle (FbStore       *self,
        const char    *incident,
        const Pending *pending,
        GHashTable    *copied,
        GHashTable    *pins,
        GHashTable    *others,
        gboolean      *same,
        GError       **error)
{
  GHashTableIter iter;
  gpointer key, value;

  *same = g_hash_table_size (pending->skipped) == g_hash_table_size (copied);
  g_hash_table_iter_init (&iter, pending->skipped);
  while (*same && g_hash_table_iter_next (&iter, &key, NULL))
    *same = g_hash_table_contains (copied, key);

  /* The pins the rows hold, as the clocks say. */
  g_hash_table_iter_init (&iter, pending->pinned);
  while (*same && g_hash_table_iter_next (&iter, &key, &value))
    *same = GPOINTER_TO_INT (g_hash_table_lookup (pins, key)) == GPOINTER_TO_INT (value);

  /* A pin the clocks hold that a row does not, and any other field set
   * on a row. */
  g_hash_table_iter_init (&iter, pins);
  while (*same && g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_INT (value) != 0 && !g_hash_table_contains (pending->pinned, key))
      {
        gboolean made;

        if (!made_by_entry_add (self, incident, pending, key, &made, error))
          return FALSE;
        *same = !made;
      }

  g_hash_table_iter_init (&iter, others);
  while (*same && g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean made;

      if (!made_by_entry_add (self, incident, pending, key, &made, error))
        return FALSE;
      *same = !made;
    }

  return TRUE;
}

/**
 * _fb_verify_entries_fast:
 * @self: the store checked, with the copy attached as "replay", empty
 * @chain: given every op of the log, in order, when the rows are walked
 * @feed: given every change of @incident (or of all) but the entry.adds,
 *   to apply to the copy; every other check here reads the copy after
 * @same: (out): whether every timeline row is proven to be as its changes
 *   make it; %FALSE when a difference was seen or the pass could not tell
 * @words: (nullable): given the text of every row proven
 * @sums: (nullable): given the rows of the log, and of the timeline when
 *   @incident is %NULL, for the check of the file
 * @n_entries: (out): the changes that made a row, when @same
 *
 * Returns: %FALSE only when the database could not be read
 */
gboolean
_fb_verify_entries_fast (FbStore       *self,
                         const char    *incident,
                         FbChainProof  *chain,
                         FbReplayFeed  *feed,
                         FbWordCount   *words,
                         FbFileSums    *sums,
                         FbVerifySteps *steps,
                         gboolean      *same,
                         guint         *n_entries,
                         GError       **error)
{
  g_autoptr(GHashTable) pins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) others = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) copied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) pinned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Pending pending = { skipped, pinned, 0 };
  gboolean ok;

  *n_entries = 0;

  ok = knows_every_column (self, same, error);
  if (ok && *same)
    ok = walk_rows (self, incident, chain, feed, &pending, words, sums, steps, same, n_entries, error);
  if (ok && *same)
    ok = read_clocks (self, pins, others, error) &&
         compare_copied_rows (self, same, error);
  if (ok && *same)
    ok = read_copied_rows (self, copied, words, n_entries, error);
  if (ok && *same)
    ok = settle (self, incident, &pending, copied, pins, others, same, error);

  return ok;
}
