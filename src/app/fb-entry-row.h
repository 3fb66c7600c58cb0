/* fb-entry-row.h — one timeline entry in the list
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-context.h"

G_BEGIN_DECLS

#define FB_TYPE_ENTRY_ROW (fb_entry_row_get_type ())

G_DECLARE_FINAL_TYPE (FbEntryRow, fb_entry_row, FB, ENTRY_ROW, GtkWidget)

GtkWidget  *fb_entry_row_new        (FbContext  *context);
FbEntry    *fb_entry_row_get_entry  (FbEntryRow *self);
void        fb_entry_row_set_entry  (FbEntryRow *self,
                                     FbEntry    *entry);
const char *fb_entry_row_get_text   (FbEntryRow *self);
void        fb_entry_row_set_detected_at (FbEntryRow *self,
                                          gint64      detected_at);

G_END_DECLS
