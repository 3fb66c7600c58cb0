/* fb-entry-row-text.h — a timeline row's text, shaped once per entry
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_TYPE_ENTRY_ROW_TEXT (fb_entry_row_text_get_type ())

G_DECLARE_FINAL_TYPE (FbEntryRowText, fb_entry_row_text, FB, ENTRY_ROW_TEXT, GtkWidget)

GtkWidget  *fb_entry_row_text_new        (void);
void        fb_entry_row_text_set_text   (FbEntryRowText *self,
                                          const char     *text,
                                          gboolean        strikethrough);
void        fb_entry_row_text_set_markup (FbEntryRowText *self,
                                          const char     *markup);
const char *fb_entry_row_text_get_text   (FbEntryRowText *self);
gboolean    fb_entry_row_text_get_wrap   (FbEntryRowText *self);
void        fb_entry_row_text_set_wrap   (FbEntryRowText *self,
                                          gboolean        wrap);

G_END_DECLS
