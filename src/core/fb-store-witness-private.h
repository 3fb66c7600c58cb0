/* fb-store-witness-private.h — what the store's parts share of the
 * witnesses and the record's states
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-record-state.h"
#include "fb-store-private.h"

G_BEGIN_DECLS

/* fb-store-witness.c */
gboolean    _fb_store_witness_batch    (FbStore        *self,
                                        GPtrArray      *ops,
                                        GPtrArray      *links,
                                        FbSeenThrough   how,
                                        GError        **error);
gboolean    _fb_store_witness_own      (FbStore        *self,
                                        gint64          device_seq,
                                        GError        **error);
gboolean    _fb_store_check_witnesses  (FbStore        *self,
                                        FbVerification *result,
                                        GError        **error);
gint64      _fb_store_last_held        (FbStore        *self,
                                        const char     *device);

/* fb-record-state.c */
const char *_fb_seen_through_to_string (FbSeenThrough   how);
gboolean    _fb_seen_through_parse     (const char     *text,
                                        FbSeenThrough  *how);
void        _fb_store_issue_state      (FbStore        *self,
                                        const FbRecordState *state,
                                        FbSeenThrough   how);

G_END_DECLS
