/* fb-store-verify-private.h — what the parts of the record's check share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-progress.h"
#include "fb-sha256-private.h"
#include "fb-store-private.h"

G_BEGIN_DECLS

/* How far the check has got, for a caller that shows it. */
typedef struct
{
  FbProgress *progress;
  guint64     done;
  guint64     total;
} FbVerifySteps;

typedef struct _FbChainProof FbChainProof;
typedef struct _FbReplayFeed FbReplayFeed;
typedef struct _FbFileSums FbFileSums;
typedef struct _FbTableSums FbTableSums;

/* fb-store-verify.c */
FbVerification *_fb_store_verify_pass (FbStore        *self,
                                       const char     *incident,
                                       gboolean        fast,
                                       FbVerifySteps  *steps,
                                       gboolean       *settled,
                                       GError        **error);
void      _fb_verification_report (FbVerification *result,
                                   const char     *op_id,
                                   char           *problem);
char     *_fb_verify_short_text   (const char     *text);

/* fb-store-replay.c: the record's changes applied again into a database
 * of their own, in a temporary folder, attached to @self's connection as
 * "replay" until freed. Made before the check's read transaction begins
 * (SQLite attaches only outside one). */
typedef struct _FbReplay FbReplay;

FbReplay *_fb_replay_new          (FbStore        *self,
                                   GError        **error);
void      _fb_replay_free         (FbReplay       *replay);
guint64   _fb_replay_count_steps  (FbStore        *self,
                                   const char     *incident);
gboolean  _fb_replay_check        (FbReplay       *replay,
                                   const char     *incident,
                                   FbVerification *result,
                                   FbVerifySteps  *steps,
                                   GError        **error);

gboolean  _fb_replay_check_fast   (FbReplay       *replay,
                                   const char     *incident,
                                   FbChainProof   *chain,
                                   FbFileSums     *sums,
                                   FbVerifySteps  *steps,
                                   gboolean       *intact,
                                   guint          *n_entries,
                                   GError        **error);

gboolean  _fb_replay_feed_take    (FbReplayFeed   *feed,
                                   sqlite3_stmt   *stmt,
                                   int             c,
                                   gboolean       *applied,
                                   GError        **error);
gboolean  _fb_replay_feed_finish  (FbReplayFeed   *feed,
                                   gboolean       *applied,
                                   GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbReplay, _fb_replay_free)

/* The columns of an op as the check reads them: FB_OP_COLUMNS, in order. */
enum
{
  FB_OP_COLUMN_ID, FB_OP_COLUMN_DEVICE, FB_OP_COLUMN_DEVICE_SEQ, FB_OP_COLUMN_PREV, FB_OP_COLUMN_HASH,
  FB_OP_COLUMN_HLC, FB_OP_COLUMN_AUTHOR, FB_OP_COLUMN_TYPE, FB_OP_COLUMN_INCIDENT, FB_OP_COLUMN_ENTITY,
  FB_OP_COLUMN_BODY, FB_OP_N_COLUMNS
};

/* A row of the log as the fast pass reads it, each column once: every
 * part of the pass looks at the same values, and no call to SQLite is
 * made again for one. Each text column's bytes (%NULL for SQL's NULL;
 * none for device_seq) and their length. */
typedef struct
{
  const char *text[FB_OP_N_COLUMNS];
  guint32     length[FB_OP_N_COLUMNS];
  gint64      device_seq;
  gint64      rowid;
} FbOpRow;

/* A value of a row as the fast pass reads it, once: its SQL type, and
 * its integer or its text (NUL-terminated, as SQLite gives it) and
 * length; nothing of a REAL or a BLOB, which no change writes. */
typedef struct
{
  int         type;
  guint32     length;
  gint64      integer;
  const char *text;
} FbRowValue;

/* fb-store-verify-chain.c: the chains proven as the log is read in the
 * order it was written, for the fast pass. */
gboolean      _fb_verify_stored_bytes_hold (sqlite3_stmt   *stmt,
                                            int             c,
                                            GString        *scratch);
gboolean      _fb_op_row_read              (FbOpRow        *row,
                                            sqlite3_stmt   *stmt,
                                            int             rowid_at);
FbChainProof *_fb_chain_proof_new          (FbStore        *store,
                                            const char     *incident,
                                            GError        **error);
gboolean      _fb_chain_proof_sum_ops      (FbChainProof   *self,
                                            FbTableSums    *sums);
void          _fb_chain_proof_take         (FbChainProof   *self,
                                            const FbOpRow  *op);
void          _fb_chain_proof_end_sums     (FbChainProof   *self,
                                            gboolean        every_op);
gboolean      _fb_chain_proof_finish       (FbChainProof   *self,
                                            FbSha256       *digest,
                                            FbVerification *result);
void          _fb_chain_proof_free         (FbChainProof   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbChainProof, _fb_chain_proof_free)

/* fb-store-verify-entries.c: the timeline rows against their entry.adds,
 * for the fast pass, with every op of the log handed to @chain on the
 * way and every other change of the incident to @feed, for the copy. */
typedef struct _FbWordCount FbWordCount;

gboolean  _fb_verify_entries_fast (FbStore        *self,
                                   const char     *incident,
                                   FbChainProof   *chain,
                                   FbReplayFeed   *feed,
                                   FbWordCount    *words,
                                   FbFileSums     *sums,
                                   FbVerifySteps  *steps,
                                   gboolean       *same,
                                   guint          *n_entries,
                                   GError        **error);

/* fb-store-verify-index.c: the words of the texts handed over, counted
 * in a thread, against the search index's, read in another. */
FbWordCount *_fb_word_count_new     (FbStore     *self);
void         _fb_word_count_add     (FbWordCount *self,
                                     const char  *text,
                                     gsize        length);
void         _fb_word_count_compare (FbWordCount *self,
                                     gboolean    *same);
void         _fb_word_count_free    (FbWordCount *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbWordCount, _fb_word_count_free)

/* fb-store-verify-file.c: damage to the file, as SQLite's full integrity
 * check finds it, without a search of each index for each row. The rows
 * of the tables the record's check reads whole it sums for the check of
 * the file as it reads them (FbFileSums, made before the check of the
 * file starts, and closed before it is waited for). */
gboolean     _fb_verify_file        (const char  *path,
                                     const gint  *stop,
                                     GError     **error);
gboolean     _fb_verify_file_summed (const char  *path,
                                     const gint  *stop,
                                     FbFileSums  *sums,
                                     GError     **error);

FbFileSums  *_fb_file_sums_new      (const char * const *tables);
void         _fb_file_sums_close    (FbFileSums   *self);
void         _fb_file_sums_free     (FbFileSums   *self);
FbTableSums *_fb_file_sums_begin    (FbFileSums   *self,
                                     sqlite3      *db,
                                     const char   *table,
                                     GString      *columns);
FbTableSums *_fb_table_sums_bind    (FbTableSums  *sums,
                                     sqlite3      *db,
                                     sqlite3_stmt *stmt);
void         _fb_table_sums_add     (FbTableSums  *sums,
                                     sqlite3_stmt *stmt);
void         _fb_table_sums_add_values (FbTableSums      *sums,
                                        sqlite3_stmt     *stmt,
                                        const FbRowValue *values);
gboolean     _fb_table_sums_of_ops  (FbTableSums  *sums);
void         _fb_table_sums_add_op  (FbTableSums  *sums,
                                     const FbOpRow *row);
void         _fb_table_sums_end     (FbTableSums  *sums,
                                     gboolean      every_row);

G_END_DECLS
