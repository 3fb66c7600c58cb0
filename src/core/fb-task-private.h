/* fb-task-private.h — what the record's jobs in a thread share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-store.h"

G_BEGIN_DECLS

/* Progress and cancellation, as the thread sees them. Every function takes
 * %NULL, for the synchronous callers: then nothing is told and nothing is
 * cancelled. */
typedef struct _FbProgress FbProgress;

FbProgress     *_fb_progress_new          (GCancellable   *cancellable,
                                           FbProgressFunc  func,
                                           gpointer        user_data);
void            _fb_progress_free         (FbProgress     *self);
void            _fb_progress_stage        (FbProgress     *self,
                                           double          from,
                                           double          to);
gboolean        _fb_progress_report       (FbProgress     *self,
                                           guint64         done,
                                           guint64         total,
                                           GError        **error);
void            _fb_progress_done         (FbProgress     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbProgress, _fb_progress_free)

/* A second connection to a store's file, for a thread: an FbStore is used
 * by one thread only. The copy reads; it has the same clock and author, so
 * that what it writes into a document matches the caller's store. */
typedef struct _FbReaderSpec FbReaderSpec;

FbReaderSpec   *_fb_reader_spec_new       (FbStore        *store);
void            _fb_reader_spec_free      (FbReaderSpec   *spec);
FbStore        *_fb_reader_spec_open      (FbReaderSpec   *spec,
                                           GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbReaderSpec, _fb_reader_spec_free)

/* fb_store_verify(), with progress and cancellation. */
FbVerification *_fb_store_verify_full     (FbStore        *self,
                                           const char     *incident,
                                           FbProgress     *progress,
                                           GError        **error);

G_END_DECLS
