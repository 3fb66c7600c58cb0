/* fb-entry.h — one timeline entry; entries are never changed, only amended
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "fb-enums.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_ENTRY (fb_entry_get_type ())

/* How much earlier than it was written down an entry may say it happened
 * before the record shows both times. */
#define FB_ENTRY_BACK_DATED_MS (60 * 1000)

G_DECLARE_FINAL_TYPE (FbEntry, fb_entry, FB, ENTRY, GObject)

const char *fb_entry_get_id (FbEntry *self);
const char *fb_entry_get_incident (FbEntry *self);
gint64       fb_entry_get_occurred_at (FbEntry *self);
gint64       fb_entry_get_recorded_at (FbEntry *self);
gboolean     fb_entry_is_back_dated (FbEntry *self);
const char *fb_entry_get_hlc (FbEntry *self);
const char *fb_entry_get_author (FbEntry *self);
FbEntryKind  fb_entry_get_kind (FbEntry *self);
const char *fb_entry_get_text (FbEntry *self);
gboolean     fb_entry_get_pinned (FbEntry *self);
const char *fb_entry_get_amends (FbEntry *self);
const char *fb_entry_get_amended_by (FbEntry *self);
const char *fb_entry_get_data (FbEntry *self);
JsonObject  *fb_entry_dup_data_object (FbEntry *self);
const char *fb_entry_data_get_string (JsonObject *data,
                                      const char *member);

G_END_DECLS
