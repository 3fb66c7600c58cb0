/* fb-log-contact-dialog.h — who was told what, how, and what came of it
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_LOG_CONTACT_DIALOG (fb_log_contact_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbLogContactDialog, fb_log_contact_dialog, FB, LOG_CONTACT_DIALOG, AdwMessageDialog)

/* @contact NULL logs someone not in the address book, by name. */
FbLogContactDialog *fb_log_contact_dialog_new   (FbContext          *context,
                                                 const char         *incident,
                                                 const char         *contact);
void                fb_log_contact_dialog_set   (FbLogContactDialog *self,
                                                 const char         *who,
                                                 const char         *channel,
                                                 const char         *purpose,
                                                 const char         *asked,
                                                 const char         *outcome);
char               *fb_log_contact_dialog_apply (FbLogContactDialog *self,
                                                 GError            **error);

G_END_DECLS
