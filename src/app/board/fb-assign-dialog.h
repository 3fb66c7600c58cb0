/* fb-assign-dialog.h — who holds a role: from the contacts or by name
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_ASSIGN_DIALOG (fb_assign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbAssignDialog, fb_assign_dialog, FB, ASSIGN_DIALOG, AdwMessageDialog)

/* @role NULL or "" asks for the name of a custom role. The commander is
 * not assigned here: that is a handover (FbHandoverDialog). */
FbAssignDialog *fb_assign_dialog_new        (FbContext      *context,
                                             const char     *incident,
                                             const char     *role);
void            fb_assign_dialog_set_role   (FbAssignDialog *self,
                                             const char     *role);
void            fb_assign_dialog_set_person (FbAssignDialog *self,
                                             const char     *person,
                                             const char     *contact);
gboolean        fb_assign_dialog_apply      (FbAssignDialog *self,
                                             gboolean        unassign,
                                             GError        **error);

G_END_DECLS
