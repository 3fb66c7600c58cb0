/* fb-print.h — reports, checklists and the contact sheet on paper
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-report.h"

G_BEGIN_DECLS

GtkPrintOperation *fb_print_operation_new (FbReport    *report);
gboolean           fb_print_to_pdf        (FbReport    *report,
                                           const char  *path,
                                           GError     **error);

G_END_DECLS
