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
 * counted in memory, in a thread of its own: the texts are handed to it
 * as fb-store-verify-entries.c reads and proves them, in the check's read
 * transaction.
 *
 * The index's own list of words and counts is read meanwhile in a third
 * thread, on a connection of its own, whose read begins as the count
 * does: on two cores the list is read beside the timeline instead of
 * after it. Should another program write between the two reads begin,
 * the index holds words the texts do not, and the full replay, in one
 * transaction, judges.
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
 * top byte; no word is all zeros. */
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
  gboolean failed;     /* the tokenizer gave up on a text */
} Words;

/* Texts handed to the thread together: each after its length. At most
 * BATCHES of them are on their way, so that a thread that counts slower
 * than the timeline is read holds the reading back, not memory. */
#define BATCH_BYTES (256 * 1024)
#define BATCHES     4

struct _FbWordCount
{
  char           *path;      /* the file, for the index's reader */
  GThread        *reader;
  GArray         *here;      /* of Word, the index's, as read */
  gboolean        here_read; /* the index's list was read whole */
  fts5_tokenizer  tokenizer;
  Fts5Tokenizer  *instance;
  GAsyncQueue    *batches;   /* of GByteArray, to count; then `last` */
  GAsyncQueue    *spare;     /* of GByteArray, counted and emptied */
  GByteArray     *last;      /* no text: tells the thread to end */
  GByteArray     *batch;     /* being filled */
  guint           made;      /* batches made so far, at most BATCHES */
  gint            abandoned; /* the thread need count no more */
  GThread        *thread;
  Words           words;
};

/* Built in registers: bytes stored one by one and read back as a word
 * stall the processor, once for each of some hundred million words. */
static inline void
make_key (const char *word,
          gsize       len,
          guint64     key[2])
{
  guint64 low = 0, high = (guint64) len << 56;
  gsize i = 0;

  for (; i < len && i < 8; i++)
    low |= (guint64) (guchar) word[i] << (8 * i);
  for (; i < len; i++)
    high |= (guint64) (guchar) word[i] << (8 * (i - 8));

  key[0] = low;
  key[1] = high;
}

static inline Word *
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

/* Counts one word for the entry being cut. */
static inline void
count_word (Words         *self,
            const guint64  key[2])
{
  Word *slot = find_slot (self->words, self->mask, key);

  if (slot->key[1] == 0)
    {
      slot->key[0] = key[0];
      slot->key[1] = key[1];
      if (++self->used * 2 > self->mask)
        {
          slot->entries = 1;
          slot->last_entry = self->entry;
          grow (self);
          return;
        }
    }
  if (slot->last_entry != self->entry)
    {
      slot->entries++;
      slot->last_entry = self->entry;
    }
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

  if (len <= 0)
    return SQLITE_OK;
  if (len > WORD_MAX)
    {
      self->too_long = TRUE;
      return SQLITE_DONE;
    }

  make_key (token, (gsize) len, key);
  count_word (self, key);
  return SQLITE_OK;
}

/* The trigram tokenizer, for the texts whose cutting needs none of its
 * cases: it reads characters of UTF-8, folds each to lower case and gives
 * every run of three (fts5_tokenize.c, fts5TriTokenize ()). A text of
 * ASCII without NULs, and of the CJK symbols, kana and ideographs
 * (U+3000 to U+9FFF, three bytes each, which no case folding changes),
 * is cut here straight from its bytes, with A to Z lowered; any other
 * text goes to the tokenizer itself. Returns %FALSE, having counted
 * nothing, for a text it leaves to the tokenizer. */
static gboolean
cut_simple_text (Words        *self,
                 const guchar *text,
                 gsize         length,
                 GArray       *scratch)
{
  guint32 *starts;
  guchar *lowered;
  gsize n_chars = 0;
  gboolean ascii = TRUE;

  /* The characters' starts, then the text with A to Z lowered. */
  g_array_set_size (scratch, (length + 1) * sizeof (guint32) + length);
  starts = (guint32 *) (void *) scratch->data;
  lowered = (guchar *) (starts + length + 1);

  for (gsize i = 0; i < length;)
    {
      guchar c = text[i];

      starts[n_chars++] = (guint32) i;
      if (c >= 0x01 && c < 0x80)
        {
          lowered[i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
          i++;
        }
      else if (c >= 0xe3 && c <= 0xe9 && i + 2 < length &&
               (text[i + 1] & 0xc0) == 0x80 && (text[i + 2] & 0xc0) == 0x80)
        {
          lowered[i] = c;
          lowered[i + 1] = text[i + 1];
          lowered[i + 2] = text[i + 2];
          i += 3;
          ascii = FALSE;
        }
      else
        return FALSE;
    }
  starts[n_chars] = (guint32) length;

  if (n_chars < 3)
    return TRUE;

  if (ascii)
    {
      guint64 key[2] = { 0, (guint64) 3 << 56 };
      guint32 run = (guint32) lowered[0] << 8 | (guint32) lowered[1] << 16;

      for (gsize i = 2; i < length; i++)
        {
          run = run >> 8 | (guint32) lowered[i] << 16;
          key[0] = run;
          count_word (self, key);
        }
      return TRUE;
    }

  for (gsize i = 0; i + 3 <= n_chars; i++)
    {
      guint64 key[2];

      make_key ((const char *) lowered + starts[i], starts[i + 3] - starts[i], key);
      count_word (self, key);
    }
  return TRUE;
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

static gpointer
count_thread (gpointer data)
{
  FbWordCount *self = data;
  Words *words = &self->words;
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, 1);

  for (;;)
    {
      GByteArray *batch = g_async_queue_pop (self->batches);
      const char *text;
      const char *end;

      /* The last one is empty: its data may be NULL. */
      if (batch == self->last)
        {
          g_byte_array_unref (batch);
          return NULL;
        }
      text = (const char *) batch->data;
      end = text + batch->len;

      while (text < end && !words->too_long && !words->failed && !g_atomic_int_get (&self->abandoned))
        {
          guint32 length;

          memcpy (&length, text, sizeof length);
          text += sizeof length;
          words->entry++;
          if (!cut_simple_text (words, (const guchar *) text, length, scratch))
            words->failed = self->tokenizer.xTokenize (self->instance, words, FTS5_TOKENIZE_DOCUMENT,
                                                     text, (int) length, on_token_cb) != SQLITE_OK &&
                          !words->too_long;
          text += length;
        }

      g_byte_array_set_size (batch, 0);
      g_async_queue_push (self->spare, batch);
    }
}

static int
on_progress_cb (void *data)
{
  return g_atomic_int_get ((const gint *) data);
}

/* The words of the store's index and how many entries hold each, read
 * into `here`; `here_read` when every one was read and could be a word
 * counted. */
static gpointer
read_index_thread (gpointer data)
{
  FbWordCount *self = data;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean words = TRUE;
  int rc;

  /* The connection is this thread's alone: no locking around each call. */
  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      sqlite3_progress_handler (db, 1000, on_progress_cb, &self->abandoned);
      rc = sqlite3_exec (db, "CREATE VIRTUAL TABLE temp.fb_index_here USING fts5vocab (main, entries_fts, 'row')",
                         NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT term, doc FROM temp.fb_index_here /* verify index */", -1, &stmt, NULL);

  while (rc == SQLITE_OK && words && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gsize len = (gsize) sqlite3_column_bytes (stmt, 0);
      const char *term = (const char *) sqlite3_column_text (stmt, 0);
      Word word = { { 0, 0 }, (guint32) sqlite3_column_int64 (stmt, 1), 0 };

      if (word.entries == 0)
        continue;
      words = term != NULL && len > 0 && len <= WORD_MAX && sqlite3_column_int64 (stmt, 1) <= G_MAXUINT32;
      if (words)
        {
          make_key (term, len, word.key);
          g_array_append_val (self->here, word);
        }
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);

  self->here_read = words && rc == SQLITE_DONE;
  return NULL;
}

/**
 * _fb_word_count_new:
 * @self: the store checked, on whose connection the tokenizer is found
 *
 * Returns: (nullable): a count running in a thread, or %NULL when this
 *   SQLite does not offer the index's tokenizer
 */
FbWordCount *
_fb_word_count_new (FbStore *self)
{
  fts5_api *api = find_fts5 (self->sql.db);
  g_autofree FbWordCount *count = g_new0 (FbWordCount, 1);
  void *context = NULL;

  if (api == NULL ||
      api->xFindTokenizer (api, TOKENIZER, &context, &count->tokenizer) != SQLITE_OK ||
      count->tokenizer.xCreate (context, NULL, 0, &count->instance) != SQLITE_OK)
    return NULL;

  count->words.words = g_new0 (Word, 4096);
  count->words.mask = 4095;
  count->batches = g_async_queue_new_full ((GDestroyNotify) g_byte_array_unref);
  count->spare = g_async_queue_new_full ((GDestroyNotify) g_byte_array_unref);
  count->last = g_byte_array_new ();
  count->batch = g_byte_array_sized_new (BATCH_BYTES);
  count->made = 1;
  count->thread = g_thread_new ("fb-verify-words", count_thread, count);
  count->path = g_strdup (self->sql.path);
  count->here = g_array_new (FALSE, FALSE, sizeof (Word));
  count->reader = g_thread_new ("fb-verify-index", read_index_thread, count);

  return g_steal_pointer (&count);
}

/* Hands one entry's text to the count. */
void
_fb_word_count_add (FbWordCount *self,
                    const char  *text,
                    gsize        length)
{
  guint32 prefix = (guint32) length;

  g_byte_array_append (self->batch, (const guint8 *) &prefix, sizeof prefix);
  g_byte_array_append (self->batch, (const guint8 *) text, prefix);
  if (self->batch->len < BATCH_BYTES)
    return;

  g_async_queue_push (self->batches, self->batch);
  self->batch = g_async_queue_try_pop (self->spare);
  if (self->batch == NULL && self->made < BATCHES)
    {
      self->batch = g_byte_array_sized_new (BATCH_BYTES);
      self->made++;
    }
  else if (self->batch == NULL)
    self->batch = g_async_queue_pop (self->spare);
}

static void
stop (FbWordCount *self)
{
  g_async_queue_push (self->batches, g_steal_pointer (&self->batch));
  g_async_queue_push (self->batches, g_byte_array_ref (self->last));
  g_thread_join (self->thread);
  self->thread = NULL;
}

void
_fb_word_count_free (FbWordCount *self)
{
  if (self == NULL)
    return;

  if (self->thread != NULL || self->reader != NULL)
    g_atomic_int_set (&self->abandoned, TRUE);
  if (self->thread != NULL)
    stop (self);
  if (self->reader != NULL)
    g_thread_join (self->reader);
  if (self->batch != NULL)
    g_byte_array_unref (self->batch);
  g_async_queue_unref (self->batches);
  g_async_queue_unref (self->spare);
  g_byte_array_unref (self->last);
  g_clear_pointer (&self->here, g_array_unref);
  g_free (self->path);
  self->tokenizer.xDelete (self->instance);
  g_free (self->words.words);
  g_free (self);
}

/**
 * _fb_word_count_compare:
 * @same: (out): whether the store's index holds each word for as many
 *   entries as the texts handed over hold it; %FALSE when not, or when
 *   that could not be told (then the full replay reads the index again,
 *   and says why it cannot)
 *
 * Ends the count.
 */
void
_fb_word_count_compare (FbWordCount *self,
                        gboolean    *same)
{
  GArray *here = self->here;

  g_thread_join (g_steal_pointer (&self->reader));
  stop (self);

  *same = self->here_read && !self->words.too_long && !self->words.failed && here->len == self->words.used;
  for (guint i = 0; *same && i < here->len; i++)
    {
      const Word *word = &g_array_index (here, Word, i);

      *same = find_slot (self->words.words, self->words.mask, word->key)->entries == word->entries;
    }
}
