/* fb-restrict-dialog.h — who may see a need-to-know incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_RESTRICT_DIALOG (fb_restrict_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbRestrictDialog, fb_restrict_dialog, FB, RESTRICT_DIALOG, AdwWindow)

GtkWidget *fb_restrict_dialog_new          (FbContext         *context,
                                            const char        *incident);
void       fb_restrict_dialog_set          (FbRestrictDialog  *self,
                                            gboolean           restricted,
                                            const char        *users,
                                            const char        *groups,
                                            gboolean           visible);
gboolean   fb_restrict_dialog_apply        (FbRestrictDialog  *self,
                                            GError           **error);
const char *fb_restrict_dialog_get_note    (FbRestrictDialog  *self);

GStrv      fb_restrict_parse_names         (const char        *text,
                                            GError           **error);

G_END_DECLS
