/* fb-print.h — reports, checklists and the contact sheet on paper
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-progress.h"
#include "fb-report.h"

G_BEGIN_DECLS

GtkPrintOperation *fb_print_operation_new (FbReport            *report);
gboolean           fb_print_to_pdf        (FbReport            *report,
                                           const char          *path,
                                           GError             **error);
void               fb_print_to_pdf_async  (FbReport            *report,
                                           GFile               *file,
                                           GCancellable        *cancellable,
                                           FbProgressFunc       progress,
                                           gpointer             progress_data,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean           fb_print_to_pdf_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
