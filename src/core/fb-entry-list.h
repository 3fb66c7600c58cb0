/* fb-entry-list.h — an incident's timeline as a list model
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-store.h"

G_BEGIN_DECLS

#define FB_TYPE_ENTRY_LIST (fb_entry_list_get_type ())

G_DECLARE_FINAL_TYPE (FbEntryList, fb_entry_list, FB, ENTRY_LIST, GObject)

#define FB_ENTRY_KINDS_ALL ((1u << FB_N_ENTRY_KINDS) - 1)

FbEntryList *fb_entry_list_new            (FbStore     *store,
                                           const char  *incident);
FbEntryList *fb_entry_list_new_background (FbStore     *store,
                                           const char  *incident);
gboolean     fb_entry_list_get_loading    (FbEntryList *self);
void         fb_entry_list_finish_loading (FbEntryList *self);
FbStore     *fb_entry_list_get_store      (FbEntryList *self);
const char  *fb_entry_list_get_incident   (FbEntryList *self);
guint        fb_entry_list_get_kinds      (FbEntryList *self);
void         fb_entry_list_set_kinds      (FbEntryList *self,
                                           guint        kind_mask);
const char  *fb_entry_list_get_search     (FbEntryList *self);
void         fb_entry_list_set_search     (FbEntryList *self,
                                           const char  *search);
gboolean     fb_entry_list_get_pinned_only (FbEntryList *self);
void         fb_entry_list_set_pinned_only (FbEntryList *self,
                                           gboolean     pinned_only);
guint        fb_entry_list_find           (FbEntryList *self,
                                           const char  *entry_id);

G_END_DECLS
