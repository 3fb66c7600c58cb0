/* fb-status-update-dialog.h — a status update to the stakeholders
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_STATUS_UPDATE_DIALOG (fb_status_update_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbStatusUpdateDialog, fb_status_update_dialog, FB, STATUS_UPDATE_DIALOG, AdwWindow)

GtkWidget *fb_status_update_dialog_new       (FbContext            *context,
                                              const char           *incident);
char      *fb_status_update_dialog_get_text  (FbStatusUpdateDialog *self);
void       fb_status_update_dialog_set_text  (FbStatusUpdateDialog *self,
                                              const char           *text);
void       fb_status_update_dialog_set_audience (FbStatusUpdateDialog *self,
                                                 FbAudience            audience,
                                                 gboolean              chosen);
gboolean   fb_status_update_dialog_send      (FbStatusUpdateDialog *self,
                                              GError              **error);

G_END_DECLS
