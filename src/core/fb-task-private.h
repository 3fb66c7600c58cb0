/* fb-task-private.h — what the record's reading jobs in a thread share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-progress.h"
#include "fb-store.h"

G_BEGIN_DECLS

/* A job that reads the record in a thread. The thread has a connection of
 * its own to the store's file (an FbStore is used by one thread only),
 * with the same author and the caller's time when the job was asked for,
 * so that what it writes into a document matches what the caller's store
 * would. The time is taken, not the clock: the caller's clock may be its
 * context's, which lives on the caller's thread and may be gone before the
 * job ends. */
typedef struct
{
  char        *path;
  char        *author;
  gint64       asked_at;
  char        *incident;
  FbProgress  *progress;
  int          kind;     /* the export format or the kind of report */
  GFile       *file;     /* where an export goes */
  gboolean     checked;  /* the caller's store passed SQLite's full check */
} FbReadJob;

GTask          *_fb_read_job_new          (FbStore             *store,
                                           const char          *incident,
                                           GCancellable        *cancellable,
                                           FbProgressFunc       progress,
                                           gpointer             progress_data,
                                           gpointer             source_tag,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
FbStore        *_fb_read_job_open         (FbReadJob           *job,
                                           GError             **error);

void            _fb_thread_step_back      (void);

/* fb_store_verify(), with progress and cancellation. */
FbVerification *_fb_store_verify_full     (FbStore        *self,
                                           const char     *incident,
                                           FbProgress     *progress,
                                           GError        **error);

G_END_DECLS
