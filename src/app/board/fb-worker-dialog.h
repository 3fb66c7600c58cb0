/* fb-worker-dialog.h — someone on the worker list: status and task
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_WORKER_DIALOG (fb_worker_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbWorkerDialog, fb_worker_dialog, FB, WORKER_DIALOG, AdwMessageDialog)

/* @worker NULL adds someone. */
FbWorkerDialog *fb_worker_dialog_new    (FbContext       *context,
                                         const char      *incident,
                                         const char      *worker);
void            fb_worker_dialog_set    (FbWorkerDialog  *self,
                                         const char      *person,
                                         FbWorkerStatus   status,
                                         const char      *task);
char           *fb_worker_dialog_apply  (FbWorkerDialog  *self,
                                         GError         **error);

void            fb_worker_dialog_set_shift (FbWorkerDialog *self,
                                            gboolean        on_duty,
                                            const char     *pair);

G_END_DECLS
