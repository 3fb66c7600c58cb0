/* fb-checklist-item-dialog.h — a custom checklist item, or an item's state
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_CHECKLIST_ITEM_DIALOG (fb_checklist_item_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbChecklistItemDialog, fb_checklist_item_dialog, FB, CHECKLIST_ITEM_DIALOG, AdwMessageDialog)

/* @item NULL adds a custom item to @incident. */
FbChecklistItemDialog *fb_checklist_item_dialog_new   (FbContext             *context,
                                                       const char            *incident,
                                                       const char            *item);
void                   fb_checklist_item_dialog_set   (FbChecklistItemDialog *self,
                                                       FbSection              section,
                                                       const char            *text,
                                                       FbItemState            state,
                                                       const char            *assignee,
                                                       const char            *due,
                                                       const char            *note);
char                  *fb_checklist_item_dialog_apply (FbChecklistItemDialog *self,
                                                       GError               **error);

G_END_DECLS
