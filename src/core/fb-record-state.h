/* fb-record-state.h — the record's heads, their digest, and the witnesses
 * that keep a record from losing its newest changes unseen
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fb-store.h"

G_BEGIN_DECLS

/* The newest place of one device's chain that a record holds, as an op or
 * a link. */
typedef struct
{
  char   *device;
  gint64  device_seq;
  char   *hash;
} FbHead;

/* The state of a record: its heads, sorted by device, and the digest of
 * them. The digest is SHA-256 (lower-case hex) of one line
 * "DEVICE:NUMBER:HASH\n" per head, in that order; an empty record's is
 * the digest of nothing. A record still holds a state when it holds the
 * op (or link) at every one of the state's heads, with the same hash:
 * the hash chains then vouch for everything below them. */
typedef struct
{
  GPtrArray *heads;   /* FbHead */
  char      *digest;
} FbRecordState;

/* How a witness or a state reached this store. */
typedef enum
{
  FB_SEEN_SYNC,      /* pulled from a war-room server */
  FB_SEEN_IMPORT,    /* imported from a file */
  FB_SEEN_SERVER,    /* this device's own changes, confirmed by the server */
  FB_SEEN_REPORT,    /* a report, on paper or in a file, made here */
  FB_SEEN_EXPORT,    /* an export made here */
} FbSeenThrough;

/* The newest place of another device (or, confirmed by a server, of this
 * one) that this store has seen. */
typedef struct
{
  char          *device;
  gint64         device_seq;
  char          *hash;
  gint64         seen_at;   /* milliseconds since the epoch */
  FbSeenThrough  how;
} FbWitness;

typedef enum
{
  FB_STATE_HELD,       /* the record still holds every head of the state */
  FB_STATE_NOT_HELD,   /* a head is missing, or has another hash */
  FB_STATE_UNKNOWN,    /* a bare digest this record never issued or received */
} FbStateAnswer;

void           fb_head_free                 (FbHead              *head);
FbHead        *fb_head_new                  (const char          *device,
                                             gint64               device_seq,
                                             const char          *hash);

FbRecordState *fb_record_state_new          (GPtrArray           *heads);
void           fb_record_state_free         (FbRecordState       *state);
FbRecordState *fb_record_state_parse_heads  (const char          *text,
                                             GError             **error);
char          *fb_record_state_heads_text   (const FbRecordState *state,
                                             const char          *separator);
JsonNode      *fb_record_state_to_json_node (const FbRecordState *state);
FbRecordState *fb_record_state_from_json_node (JsonNode          *node);
const FbHead  *fb_record_state_find         (const FbRecordState *state,
                                             const char          *device);

FbRecordState *fb_store_get_state           (FbStore             *self,
                                             GError             **error);
char          *fb_store_get_hash_at         (FbStore             *self,
                                             const char          *device,
                                             gint64               device_seq);
gboolean       fb_store_record_state        (FbStore             *self,
                                             const FbRecordState *state,
                                             FbSeenThrough        how,
                                             GError             **error);
gboolean       fb_store_check_state         (FbStore             *self,
                                             const char          *expected,
                                             FbStateAnswer       *answer,
                                             char               **explanation,
                                             GError             **error);

void           fb_witness_free              (FbWitness           *witness);
GPtrArray     *fb_store_list_witnesses      (FbStore             *self,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbHead, fb_head_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbRecordState, fb_record_state_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbWitness, fb_witness_free)

G_END_DECLS
