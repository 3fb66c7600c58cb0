/* fb-store-verify-chain.c — the chains proven in the order the ops were
 * taken
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chains are checked device by device, in the order of each device's
 * numbers (check_chains () in fb-store-verify.c). A store takes each
 * device's ops in that order, so its log, read in the order it was
 * written, holds every chain in order too, interleaved: the one read of
 * the log that proves the timeline (fb-store-verify-entries.c) can prove
 * the chains as it goes, keeping each device's place. The links that
 * stand in for ops held elsewhere are read first and taken in their
 * places.
 *
 * This proves a record whole; it names nothing. Anything it does not
 * expect (an op whose stored bytes are not the ones hashed, a number out
 * of its place, a link that does not match) leaves the chains unproven,
 * and the ordered check then judges them and names what is wrong.
 *
 * The record's digest is taken over the hashes in the order of the
 * chains, device by device: each device's hashes are kept until the log
 * is read, 32 bytes each, then given to the digest in that order. They
 * are kept in a spool (fb-spool.c), so that the check of a long record
 * holds no more memory than that of a short one.
 *
 * Each op's stored bytes are hashed in a thread of their own, beside the
 * walk: an op whose hash is not that of its bytes leaves the chains
 * unproven as any other surprise does, once the log is read.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <string.h>

#include "fb-op-kinds-private.h"
#include "fb-spool-private.h"
#include "fb-store-verify-private.h"

typedef struct
{
  gint64  seq;
  char   *prev;
  char   *hash;
} Link;

typedef struct
{
  char       *name;
  gint64      expected;    /* the number its next op or link must have */
  GString    *prev;        /* the hash the next must link to */
  GArray     *links;       /* of Link, by number */
  guint       next_link;
  FbSpool    *hashes;      /* of its ops in the digest, 32 bytes each */
} Device;

/* The ops' stored bytes, handed to a thread that hashes them: writing
 * each op in the canonical form and hashing it is a fifth of the walk of
 * the log, which the rest of the check waits for, and needs nothing else
 * the walk keeps. Ops are handed over in batches, each op's fields after
 * their lengths; at most HASH_BATCHES are on their way, so that a thread
 * that hashes slower than the log is read holds the reading back, not
 * memory. */
#define HASH_BATCH_BYTES (256 * 1024)
#define HASH_BATCHES     4

/* An op as handed over: its rowid and device_seq, eight bytes each, then
 * each other column of FbOpRow in order, a length (NO_FIELD for a NULL)
 * and then its bytes and a NUL. */
#define NO_FIELD G_MAXUINT32

typedef struct
{
  GThread     *thread;
  GAsyncQueue *batches;    /* of GByteArray, to hash; then `last` */
  GAsyncQueue *spare;      /* of GByteArray, hashed and emptied */
  GByteArray  *last;       /* no op: tells the thread to end */
  GByteArray  *batch;      /* being filled */
  guint        made;       /* batches made so far, at most HASH_BATCHES */
  FbTableSums *sums;       /* (nullable): the log's sums for the check of the file, the thread's until joined */
  gboolean     differs;    /* an op's hash is not that of its bytes: the thread's until joined */
} Hasher;

struct _FbChainProof
{
  char       *incident;
  GHashTable *devices;     /* name → Device */
  GPtrArray  *listed;      /* the same Devices, owning them */
  Device     *last;        /* the device of the op before */
  Hasher      hasher;
  gboolean    in_order;    /* every op so far proven, in its place */
  gboolean    handed_all;  /* every op taken was handed to the hasher */
  guint       n_ops;
};

static void
link_clear (Link *link)
{
  g_free (link->prev);
  g_free (link->hash);
}

static void
device_free (Device *device)
{
  g_free (device->name);
  g_string_free (device->prev, TRUE);
  g_array_unref (device->links);
  _fb_spool_free (device->hashes);
  g_free (device);
}

static Device *
find_device (FbChainProof *self,
             const char   *name)
{
  Device *device = g_hash_table_lookup (self->devices, name);

  if (device != NULL)
    return device;

  device = g_new0 (Device, 1);
  device->name = g_strdup (name);
  device->expected = 1;
  device->prev = g_string_new (NULL);
  device->links = g_array_new (FALSE, FALSE, sizeof (Link));
  g_array_set_clear_func (device->links, (GDestroyNotify) link_clear);
  device->hashes = _fb_spool_new ();
  g_hash_table_insert (self->devices, device->name, device);
  g_ptr_array_add (self->listed, device);
  return device;
}

/* The body is stored as the canonical bytes its hash was taken over, so
 * hashing the stored bytes proves an op without decoding it. The columns
 * from @c on: id, device, device_seq, prev, hash, hlc, author, type,
 * incident, entity, body. @scratch is where the op is written to be
 * hashed. */
gboolean
_fb_verify_stored_bytes_hold (sqlite3_stmt *stmt,
                              int           c,
                              GString      *scratch)
{
  char expected[65];
  FbOp op = {
    .id = (char *) sqlite3_column_text (stmt, c + 0),
    .device = (char *) sqlite3_column_text (stmt, c + 1),
    .device_seq = sqlite3_column_int64 (stmt, c + 2),
    .prev = (char *) sqlite3_column_text (stmt, c + 3),
    .hash = (char *) sqlite3_column_text (stmt, c + 4),
    .hlc = (char *) sqlite3_column_text (stmt, c + 5),
    .author = (char *) sqlite3_column_text (stmt, c + 6),
    .type = (char *) sqlite3_column_text (stmt, c + 7),
    .incident = (char *) sqlite3_column_text (stmt, c + 8),
    .entity = (char *) sqlite3_column_text (stmt, c + 9),
  };
  const char *body = (const char *) sqlite3_column_text (stmt, c + 10);

  if (op.id == NULL || op.device == NULL || op.prev == NULL || op.hash == NULL || op.hlc == NULL ||
      op.author == NULL || op.type == NULL || op.entity == NULL || body == NULL)
    return FALSE;

  _fb_op_hash_into (&op, body, scratch, expected);
  return g_str_equal (expected, op.hash);
}

/**
 * _fb_op_row_read:
 * @stmt: a row of the log, with FB_OP_COLUMNS from its first column
 * @rowid_at: the column of its rowid, or -1
 *
 * Reads each column once, as the type a change writes it (SQLite would
 * convert one of another type as it is read, and the check of the file
 * sums the rows as stored).
 *
 * Returns: %FALSE when a column is of another type: a text column neither
 *   TEXT nor NULL, or device_seq no INTEGER
 */
gboolean
_fb_op_row_read (FbOpRow      *row,
                 sqlite3_stmt *stmt,
                 int           rowid_at)
{
  /* Through the column's value, as hash_value () reads it: the
   * connection is this thread's alone. */
  for (int c = 0; c < FB_OP_N_COLUMNS; c++)
    {
      sqlite3_value *value = sqlite3_column_value (stmt, c);
      int type = sqlite3_value_type (value);

      row->text[c] = NULL;
      row->length[c] = 0;
      if (c == FB_OP_COLUMN_DEVICE_SEQ)
        {
          if (type != SQLITE_INTEGER)
            return FALSE;
          row->device_seq = sqlite3_value_int64 (value);
        }
      else if (type == SQLITE_TEXT)
        {
          row->text[c] = (const char *) sqlite3_value_text (value);
          row->length[c] = (guint32) sqlite3_value_bytes (value);
        }
      else if (type != SQLITE_NULL)
        return FALSE;
    }

  row->rowid = rowid_at >= 0 ? sqlite3_column_int64 (stmt, rowid_at) : 0;
  return TRUE;
}

static const guint8 *
read_field (const guint8  *p,
            FbOpRow       *row,
            int            c)
{
  guint32 length;

  memcpy (&length, p, sizeof length);
  p += sizeof length;
  if (length == NO_FIELD)
    {
      row->text[c] = NULL;
      row->length[c] = 0;
      return p;
    }

  row->text[c] = (const char *) p;
  row->length[c] = length;
  return p + length + 1;
}

static gpointer
hash_thread (gpointer data)
{
  Hasher *self = data;
  g_autoptr(GString) scratch = g_string_sized_new (1024);
  GByteArray *batch;

  while ((batch = g_async_queue_pop (self->batches)) != self->last)
    {
      const guint8 *p = batch->data, *end = batch->data + batch->len;

      while (p < end && !self->differs)
        {
          FbOpRow row;
          char expected[65];
          FbOp op = { 0 };

          memcpy (&row.rowid, p, sizeof row.rowid);
          p += sizeof row.rowid;
          memcpy (&row.device_seq, p, sizeof row.device_seq);
          p += sizeof row.device_seq;
          for (int c = 0; c < FB_OP_N_COLUMNS; c++)
            if (c != FB_OP_COLUMN_DEVICE_SEQ)
              p = read_field (p, &row, c);
          row.text[FB_OP_COLUMN_DEVICE_SEQ] = NULL;

          /* The sums come first, of every row handed over, while the
           * hash of each holds: the check of the file uses them only
           * when every one held. */
          if (self->sums != NULL)
            _fb_table_sums_add_op (self->sums, &row);

          op.id = (char *) row.text[FB_OP_COLUMN_ID];
          op.device = (char *) row.text[FB_OP_COLUMN_DEVICE];
          op.device_seq = row.device_seq;
          op.prev = (char *) row.text[FB_OP_COLUMN_PREV];
          op.hash = (char *) row.text[FB_OP_COLUMN_HASH];
          op.hlc = (char *) row.text[FB_OP_COLUMN_HLC];
          op.author = (char *) row.text[FB_OP_COLUMN_AUTHOR];
          op.type = (char *) row.text[FB_OP_COLUMN_TYPE];
          op.incident = (char *) row.text[FB_OP_COLUMN_INCIDENT];
          op.entity = (char *) row.text[FB_OP_COLUMN_ENTITY];
          _fb_op_hash_into (&op, row.text[FB_OP_COLUMN_BODY], scratch, expected);
          self->differs = !g_str_equal (expected, op.hash);
        }

      g_byte_array_set_size (batch, 0);
      g_async_queue_push (self->spare, batch);
    }

  return NULL;
}

static void
hasher_start (Hasher *self)
{
  self->batches = g_async_queue_new_full ((GDestroyNotify) g_byte_array_unref);
  self->spare = g_async_queue_new_full ((GDestroyNotify) g_byte_array_unref);
  self->last = g_byte_array_new ();
  self->batch = g_byte_array_sized_new (HASH_BATCH_BYTES);
  self->made = 1;
  self->thread = g_thread_new ("fb-verify-hash", hash_thread, self);
}

/* Waits for every op handed over to be hashed. Returns: whether every
 * one's hash is that of its bytes */
static gboolean
hasher_finish (Hasher *self)
{
  if (self->thread != NULL)
    {
      g_async_queue_push (self->batches, self->batch);
      g_async_queue_push (self->batches, self->last);
      g_thread_join (self->thread);
      self->thread = NULL;
      self->batch = NULL;
    }

  return !self->differs;
}

/* Hands the op over to be hashed, as _fb_verify_stored_bytes_hold ()
 * hashes it; %FALSE when a field it needs is missing, which proves
 * nothing. */
static gboolean
hasher_take (Hasher        *self,
             const FbOpRow *op)
{
  gsize size = 2 * sizeof (gint64), at = self->batch->len;
  guint8 *p;

  for (int c = 0; c < FB_OP_N_COLUMNS; c++)
    {
      if (c == FB_OP_COLUMN_DEVICE_SEQ)
        continue;
      if (op->text[c] == NULL && c != FB_OP_COLUMN_INCIDENT)
        return FALSE;
      size += sizeof (guint32) + (op->text[c] != NULL ? op->length[c] + 1 : 0);
    }

  g_byte_array_set_size (self->batch, at + size);
  p = self->batch->data + at;
  memcpy (p, &op->rowid, sizeof op->rowid);
  p += sizeof op->rowid;
  memcpy (p, &op->device_seq, sizeof op->device_seq);
  p += sizeof op->device_seq;
  for (int c = 0; c < FB_OP_N_COLUMNS; c++)
    {
      guint32 length = op->text[c] != NULL ? op->length[c] : NO_FIELD;

      if (c == FB_OP_COLUMN_DEVICE_SEQ)
        continue;
      memcpy (p, &length, sizeof length);
      p += sizeof length;
      if (op->text[c] == NULL)
        continue;
      memcpy (p, op->text[c], length);
      p[length] = '\0';
      p += length + 1;
    }

  if (self->batch->len < HASH_BATCH_BYTES)
    return TRUE;

  g_async_queue_push (self->batches, self->batch);
  self->batch = g_async_queue_try_pop (self->spare);
  if (self->batch == NULL && self->made < HASH_BATCHES)
    {
      self->batch = g_byte_array_sized_new (HASH_BATCH_BYTES);
      self->made++;
    }
  else if (self->batch == NULL)
    self->batch = g_async_queue_pop (self->spare);
  return TRUE;
}

/**
 * _fb_chain_proof_new:
 * @incident: (nullable): the incident whose ops the digest takes, or all
 *
 * Reads the links. Returns: %NULL when the database could not be read
 */
FbChainProof *
_fb_chain_proof_new (FbStore    *store,
                     const char *incident,
                     GError    **error)
{
  g_autoptr(FbChainProof) self = g_new0 (FbChainProof, 1);
  sqlite3_stmt *stmt;
  int rc;

  self->incident = g_strdup (incident);
  self->devices = g_hash_table_new (g_str_hash, g_str_equal);
  self->listed = g_ptr_array_new_with_free_func ((GDestroyNotify) device_free);
  self->in_order = TRUE;
  self->handed_all = TRUE;
  hasher_start (&self->hasher);

  /* A link that an op holds too is the op's place: it is skipped as the
   * op is taken. */
  stmt = _fb_store_stmt (store, "SELECT device, device_seq, prev, hash FROM links ORDER BY device, device_seq"
                                " /* verify chain */");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Device *device = find_device (self, _fb_column_text (stmt, 0));
      Link link = {
        sqlite3_column_int64 (stmt, 1),
        _fb_column_dup (stmt, 2),
        _fb_column_dup (stmt, 3),
      };

      g_array_append_val (device->links, link);
    }
  sqlite3_reset (stmt);

  if (!_fb_store_check (store, rc, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
_fb_chain_proof_free (FbChainProof *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->devices);
  g_ptr_array_unref (self->listed);
  hasher_finish (&self->hasher);
  _fb_table_sums_end (self->hasher.sums, FALSE);
  g_async_queue_unref (self->hasher.batches);
  g_async_queue_unref (self->hasher.spare);
  g_byte_array_unref (self->hasher.last);
  g_free (self->incident);
  g_free (self);
}

/**
 * _fb_chain_proof_sum_ops:
 * @sums: the log's sums for the check of the file, from the statement
 *   whose rows are taken
 *
 * Has the rows taken summed in the hashing thread, beside the walk of
 * the log, when they can be summed from their values as taken
 * (_fb_table_sums_of_ops ()); _fb_chain_proof_end_sums () then ends the
 * sums.
 *
 * Returns: whether the sums are the proof's to make
 */
gboolean
_fb_chain_proof_sum_ops (FbChainProof *self,
                         FbTableSums  *sums)
{
  if (self->hasher.thread == NULL || !_fb_table_sums_of_ops (sums))
    return FALSE;

  self->hasher.sums = sums;
  return TRUE;
}

/**
 * _fb_chain_proof_end_sums:
 * @every_op: whether every row of the log was taken, and no error ended
 *   the read
 *
 * Once the last op is taken: waits for the hashing thread, and ends the
 * log's sums it made (if any), which stand for the log's rows only when
 * every one was handed to it and hashed.
 */
void
_fb_chain_proof_end_sums (FbChainProof *self,
                          gboolean      every_op)
{
  gboolean held;

  if (self->hasher.sums == NULL)
    return;

  held = hasher_finish (&self->hasher);
  _fb_table_sums_end (g_steal_pointer (&self->hasher.sums), every_op && self->handed_all && held);
}

/* The next link or op of @device, numbered @seq. */
static gboolean
follows (Device     *device,
         gint64      seq,
         const char *prev,
         const char *hash)
{
  if (seq != device->expected || !g_str_equal (prev, device->prev->str))
    return FALSE;

  g_string_assign (device->prev, hash);
  device->expected = seq + 1;
  return TRUE;
}

/* The links of @device numbered below @seq, in their places. */
static gboolean
take_links_before (Device *device,
                   gint64  seq)
{
  for (; device->next_link < device->links->len; device->next_link++)
    {
      const Link *link = &g_array_index (device->links, Link, device->next_link);

      if (link->seq >= seq)
        break;
      if (!follows (device, link->seq, link->prev, link->hash))
        return FALSE;
    }

  return TRUE;
}

/* Each byte's value as a lower-case hexadecimal digit, plus one; 0 for
 * any other byte. Looked up, since which of the two ranges a digit of a
 * hash falls in cannot be foreseen, and a branch on it would be
 * mispredicted once in three. */
static const guint8 digit_values[256] = {
  ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
  ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
  ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

/* A lower-case hexadecimal digit's value, or -1. */
static inline int
digit_value (char c)
{
  return (int) digit_values[(guchar) c] - 1;
}

/* A hash as the 32 bytes its 64 lower-case hexadecimal digits spell,
 * which give back the same text. */
static gboolean
append_hash (FbSpool    *hashes,
             const char *hash,
             gsize       length)
{
  guint8 bytes[32];
  int bad = 0;

  if (length != 64)
    return FALSE;

  for (guint i = 0; i < 32; i++)
    {
      int high = digit_value (hash[2 * i]), low = digit_value (hash[2 * i + 1]);

      bad |= high | low;
      bytes[i] = (guint8) ((guint) high << 4 | (guint) low);
    }
  if (bad < 0)
    return FALSE;

  _fb_spool_append (hashes, bytes, sizeof bytes);
  return TRUE;
}

/**
 * _fb_chain_proof_take:
 * @op: a row of the log, read in the order of its seq
 *
 * Takes the next op of the log into its chain.
 */
void
_fb_chain_proof_take (FbChainProof  *self,
                      const FbOpRow *op)
{
  const char *name = op->text[FB_OP_COLUMN_DEVICE];
  const char *incident = op->text[FB_OP_COLUMN_INCIDENT];
  const char *hash = op->text[FB_OP_COLUMN_HASH];
  Device *device = self->last;
  gint64 seq = op->device_seq;

  if (!self->in_order)
    {
      self->handed_all = FALSE;
      return;
    }

  /* A name holding a NUL would be ordered otherwise by the ordered
   * check; device_seq is an integer (_fb_op_row_read ()). */
  if (!hasher_take (&self->hasher, op))
    {
      self->in_order = self->handed_all = FALSE;
      return;
    }
  if (strlen (name) != op->length[FB_OP_COLUMN_DEVICE])
    {
      self->in_order = FALSE;
      return;
    }

  if (device == NULL || !g_str_equal (device->name, name))
    device = self->last = find_device (self, name);

  if (!take_links_before (device, seq))
    {
      self->in_order = FALSE;
      return;
    }
  while (device->next_link < device->links->len &&
         g_array_index (device->links, Link, device->next_link).seq == seq)
    device->next_link++;

  if (!follows (device, seq, op->text[FB_OP_COLUMN_PREV], hash))
    {
      self->in_order = FALSE;
      return;
    }

  if (self->incident == NULL || g_strcmp0 (incident, self->incident) == 0)
    {
      self->in_order = append_hash (device->hashes, hash, op->length[FB_OP_COLUMN_HASH]);
      self->n_ops++;
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const Device *x = *(Device * const *) a, *y = *(Device * const *) b;

  return strcmp (x->name, y->name);
}

/* The hashes as the ordered check gives them to the digest: in their
 * lower-case hexadecimal digits, one byte at a time. */
static void
digest_hashes_cb (const guint8 *data,
                  gsize         length,
                  gpointer      user_data)
{
  static const char digits[] = "0123456789abcdef";
  FbSha256 *digest = user_data;
  char hex[2 * 1024];

  while (length > 0)
    {
      gsize n = MIN (length, sizeof hex / 2);

      for (gsize b = 0; b < n; b++)
        {
          hex[2 * b] = digits[data[b] >> 4];
          hex[2 * b + 1] = digits[data[b] & 0xf];
        }
      _fb_sha256_update (digest, (const guchar *) hex, 2 * n);
      data += n;
      length -= n;
    }
}

/**
 * _fb_chain_proof_finish:
 * @digest: given every hash of the ops the proof's incident holds, as the
 *   ordered check gives them, when proven
 * @result: its counts of devices and ops set, when proven
 *
 * Called once every op of the log was taken. Returns: whether every chain
 * is proven whole
 */
gboolean
_fb_chain_proof_finish (FbChainProof   *self,
                        FbSha256       *digest,
                        FbVerification *result)
{
  GPtrArray *devices = self->listed;

  self->in_order &= hasher_finish (&self->hasher);
  for (guint i = 0; i < devices->len && self->in_order; i++)
    {
      Device *device = g_ptr_array_index (devices, i);

      self->in_order = take_links_before (device, G_MAXINT64);
    }
  if (!self->in_order)
    return FALSE;

  /* In the order SQLite sorts the names: their bytes, which hold no NUL. */
  g_ptr_array_sort (devices, compare_names);
  /* A spool whose file cannot be read back leaves the chains to the
   * ordered check, which takes the digest again from its start as it
   * walks them. */
  for (guint i = 0; i < devices->len; i++)
    {
      const Device *device = g_ptr_array_index (devices, i);

      if (!_fb_spool_read (device->hashes, digest_hashes_cb, digest))
        {
          _fb_sha256_init (digest);
          return FALSE;
        }
    }

  result->n_devices = devices->len;
  result->n_ops = self->n_ops;
  return TRUE;
}
