/* fb-progress.h — how far a job in a thread has got, told where it started
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-types.h"

G_BEGIN_DECLS

/* Progress and cancellation, as the job's thread sees them. The functions
 * after fb_progress_new() take %NULL, for synchronous callers: then
 * nothing is told and nothing is cancelled. */
typedef struct _FbProgress FbProgress;

FbProgress *fb_progress_new    (GCancellable   *cancellable,
                                FbProgressFunc  func,
                                gpointer        user_data);
void        fb_progress_free   (FbProgress     *self);
void        fb_progress_stage  (FbProgress     *self,
                                double          from,
                                double          to);
gboolean    fb_progress_report (FbProgress     *self,
                                guint64         done,
                                guint64         total,
                                GError        **error);
void        fb_progress_done   (FbProgress     *self);
gboolean    fb_progress_write_file (FbProgress  *self,
                                    GFile       *file,
                                    GBytes      *bytes,
                                    GError     **error);

GOutputStream *fb_progress_replace_file (FbProgress    *self,
                                         GFile         *file,
                                         GError       **error);
gboolean    fb_progress_close_file (FbProgress    *self,
                                    GFile         *file,
                                    GOutputStream *stream,
                                    gboolean       complete,
                                    GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbProgress, fb_progress_free)

G_END_DECLS
