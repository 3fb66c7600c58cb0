/* fb-handover-dialog.h — offering command with a briefing
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_HANDOVER_DIALOG (fb_handover_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbHandoverDialog, fb_handover_dialog, FB, HANDOVER_DIALOG, AdwMessageDialog)

FbHandoverDialog *fb_handover_dialog_new          (FbContext        *context,
                                                   const char       *incident);
const char       *fb_handover_dialog_get_outgoing (FbHandoverDialog *self);
void              fb_handover_dialog_set_incoming (FbHandoverDialog *self,
                                                   const char       *person,
                                                   const char       *contact);
void              fb_handover_dialog_set_briefing (FbHandoverDialog *self,
                                                   const char       *situation,
                                                   const char       *open_items,
                                                   const char       *pending_decisions,
                                                   int               next_update_minutes);
FbBriefing       *fb_handover_dialog_get_briefing (FbHandoverDialog *self);
gboolean          fb_handover_dialog_apply        (FbHandoverDialog *self,
                                                   GError          **error);

G_END_DECLS
