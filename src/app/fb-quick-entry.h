/* fb-quick-entry.h — the bar under the timeline where entries are typed
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-context.h"

G_BEGIN_DECLS

#define FB_TYPE_QUICK_ENTRY (fb_quick_entry_get_type ())

G_DECLARE_FINAL_TYPE (FbQuickEntry, fb_quick_entry, FB, QUICK_ENTRY, GtkWidget)

GtkWidget   *fb_quick_entry_new          (FbContext    *context);
void         fb_quick_entry_set_context  (FbQuickEntry *self,
                                          FbContext    *context);
const char  *fb_quick_entry_get_incident (FbQuickEntry *self);
void         fb_quick_entry_set_incident (FbQuickEntry *self,
                                          const char   *incident);
FbEntryKind  fb_quick_entry_get_kind     (FbQuickEntry *self);
void         fb_quick_entry_set_kind     (FbQuickEntry *self,
                                          FbEntryKind   kind);
void         fb_quick_entry_amend        (FbQuickEntry *self,
                                          FbEntry      *original);
const char  *fb_quick_entry_get_amends   (FbQuickEntry *self);
void         fb_quick_entry_toggle_at    (FbQuickEntry *self);
char        *fb_quick_entry_post         (FbQuickEntry *self);
const char  *fb_quick_entry_get_error    (FbQuickEntry *self);
GtkEditable *fb_quick_entry_get_text_editable (FbQuickEntry *self);
GtkEditable *fb_quick_entry_get_at_editable   (FbQuickEntry *self);
void         fb_quick_entry_focus        (FbQuickEntry *self);

G_END_DECLS
