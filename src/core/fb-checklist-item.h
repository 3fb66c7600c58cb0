/* fb-checklist-item.h — one step of an incident checklist
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fb-enums.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_CHECKLIST_ITEM (fb_checklist_item_get_type ())

G_DECLARE_FINAL_TYPE (FbChecklistItem, fb_checklist_item, FB, CHECKLIST_ITEM, GObject)

const char *fb_checklist_item_get_id (FbChecklistItem *self);
const char *fb_checklist_item_get_incident (FbChecklistItem *self);
FbSection    fb_checklist_item_get_section (FbChecklistItem *self);
const char *fb_checklist_item_get_text (FbChecklistItem *self);
int          fb_checklist_item_get_position (FbChecklistItem *self);
const char *fb_checklist_item_get_playbook_item (FbChecklistItem *self);
FbItemState  fb_checklist_item_get_state (FbChecklistItem *self);
const char *fb_checklist_item_get_assignee (FbChecklistItem *self);
gint64       fb_checklist_item_get_due_at (FbChecklistItem *self);
const char *fb_checklist_item_get_note (FbChecklistItem *self);
gint64       fb_checklist_item_get_done_at (FbChecklistItem *self);
const char *fb_checklist_item_get_done_by (FbChecklistItem *self);

G_END_DECLS
