/* fb-store-verify-index.c — the search index, against the words of the
 * timeline it should hold
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The index is compared as the full replay compares it: for each word,
 * how many timeline entries hold it. Instead of building a second index
 * (which writes every word of every entry into pages again), each
 * entry's text is cut into words by the index's own tokenizer, found
 * through SQLite's FTS5 interface, and the entries holding each word are
 * counted in memory. The texts are those of the check's read transaction,
 * which fb-store-verify-entries.c proves against the changes.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <string.h>

#include "fb-store-verify-private.h"

/* The store's index: entries_fts in fb-store-schema.c. */
#define TOKENIZER "trigram"

/* A word of at most this many bytes (a trigram is at most twelve). */
#define WORD_MAX 15

/* A word as two integers: its bytes, then zeros, and its length in the
 * last byte; no word is all zeros. */
typedef struct
{
  guint64 key[2];
  guint32 entries;     /* how many entries hold it */
  guint32 last_entry;  /* the last entry counted, so that each counts once */
} Word;

typedef struct
{
  Word    *words;
  gsize    mask;       /* slots - 1; the slots are a power of two */
  gsize    used;
  guint32  entry;      /* the entry being cut, from 1 */
  gboolean too_long;   /* a word longer than WORD_MAX was met */
} Words;

static void
make_key (const char *word,
          gsize       len,
          guint64     key[2])
{
  key[0] = key[1] = 0;
  memcpy (key, word, len);
  ((guchar *) key)[15] = (guchar) len;
}

static Word *
find_slot (Word          *words,
           gsize          mask,
           const guint64  key[2])
{
  guint64 h = (key[0] ^ (key[1] * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;

  for (gsize i = (h ^ (h >> 31)) & mask;; i = (i + 1) & mask)
    if (words[i].key[1] == 0 || (words[i].key[0] == key[0] && words[i].key[1] == key[1]))
      return &words[i];
}

static void
grow (Words *self)
{
  gsize slots = (self->mask + 1) * 2;
  Word *bigger = g_new0 (Word, slots);

  for (gsize i = 0; i <= self->mask; i++)
    if (self->words[i].key[1] != 0)
      *find_slot (bigger, slots - 1, self->words[i].key) = self->words[i];

  g_free (self->words);
  self->words = bigger;
  self->mask = slots - 1;
}

static int
on_token_cb (void       *data,
             int         flags,
             const char *token,
             int         len,
             int         start,
             int         end)
{
  Words *self = data;
  guint64 key[2];
  Word *slot;

  if (len <= 0)
    return SQLITE_OK;
  if (len > WORD_MAX)
    {
      self->too_long = TRUE;
      return SQLITE_DONE;
    }

  make_key (token, (gsize) len, key);
  slot = find_slot (self->words, self->mask, key);
  if (slot->key[1] == 0)
    {
      slot->key[0] = key[0];
      slot->key[1] = key[1];
      if (++self->used * 2 > self->mask)
        {
          slot->entries = 1;
          slot->last_entry = self->entry;
          grow (self);
          return SQLITE_OK;
        }
    }
  if (slot->last_entry != self->entry)
    {
      slot->entries++;
      slot->last_entry = self->entry;
    }

  return SQLITE_OK;
}

static fts5_api *
find_fts5 (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  return api != NULL && api->iVersion >= 2 ? api : NULL;
}

/* Cuts every entry's text into words, counting the entries that hold
 * each. %FALSE with @error set when the database cannot be read; with
 * *@cut %FALSE when the words could not be counted here. */
static gboolean
count_words (FbStore       *self,
             Words         *words,
             FbVerifySteps *steps,
             gboolean      *cut,
             GError       **error)
{
  fts5_api *api = find_fts5 (self->sql.db);
  fts5_tokenizer tokenizer;
  Fts5Tokenizer *instance = NULL;
  void *context = NULL;
  sqlite3_stmt *rows;
  int rc = SQLITE_DONE;

  *cut = FALSE;
  if (api == NULL ||
      api->xFindTokenizer (api, TOKENIZER, &context, &tokenizer) != SQLITE_OK ||
      tokenizer.xCreate (context, NULL, 0, &instance) != SQLITE_OK)
    return TRUE;

  rows = _fb_store_stmt (self, "SELECT text FROM main.entries /* verify index */");
  while (!words->too_long && (rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (rows, 0);

      words->entry++;
      if (text != NULL &&
          tokenizer.xTokenize (instance, words, FTS5_TOKENIZE_DOCUMENT, text,
                               sqlite3_column_bytes (rows, 0), on_token_cb) != SQLITE_OK &&
          !words->too_long)
        break;

      if ((words->entry & 0x3ff) == 0 &&
          !fb_progress_report (steps->progress, steps->done += 0x400, steps->total, error))
        {
          sqlite3_reset (rows);
          tokenizer.xDelete (instance);
          return FALSE;
        }
    }
  sqlite3_reset (rows);
  tokenizer.xDelete (instance);
  steps->done += words->entry & 0x3ff;

  *cut = rc == SQLITE_DONE && !words->too_long;
  return _fb_store_check (self, rc, error);
}

/**
 * _fb_verify_index_fast:
 * @self: the store checked, whose "temp.fb_index_here" lists the words of
 *   its search index
 * @same: (out): whether the index holds each word for as many entries as
 *   the entries' texts do; %FALSE when not, or when that could not be told
 *
 * Returns: %FALSE only when the database could not be read
 */
gboolean
_fb_verify_index_fast (FbStore       *self,
                       FbVerifySteps *steps,
                       gboolean      *same,
                       GError       **error)
{
  Words words = { g_new0 (Word, 4096), 4095, 0, 0, FALSE };
  sqlite3_stmt *stmt;
  gboolean cut;
  gsize n_here = 0;
  int rc = SQLITE_DONE;

  *same = FALSE;
  if (!count_words (self, &words, steps, &cut, error) || !cut)
    {
      g_free (words.words);
      return cut || error == NULL || *error == NULL;
    }

  *same = TRUE;
  stmt = _fb_store_stmt (self, "SELECT term, doc FROM temp.fb_index_here /* verify index */");
  while (*same && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *term = (const char *) sqlite3_column_text (stmt, 0);
      gsize len = (gsize) sqlite3_column_bytes (stmt, 0);
      gint64 doc = sqlite3_column_int64 (stmt, 1);
      guint64 key[2];
      Word *slot;

      if (doc == 0)
        continue;
      if (term == NULL || len == 0 || len > WORD_MAX)
        {
          *same = FALSE;
          break;
        }

      make_key (term, len, key);
      slot = find_slot (words.words, words.mask, key);
      *same = slot->key[1] != 0 && slot->entries == doc;
      n_here++;
    }
  sqlite3_reset (stmt);
  g_free (words.words);

  /* No word the texts hold that the index lacks. */
  *same = *same && n_here == words.used;
  return *same ? _fb_store_check (self, rc, error) : TRUE;
}
