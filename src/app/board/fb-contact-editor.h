/* fb-contact-editor.h — one entry of the shared address book
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_CONTACT_EDITOR (fb_contact_editor_get_type ())

G_DECLARE_FINAL_TYPE (FbContactEditor, fb_contact_editor, FB, CONTACT_EDITOR, AdwMessageDialog)

/* @contact NULL adds a contact. */
FbContactEditor *fb_contact_editor_new      (FbContext       *context,
                                             const char      *contact);
void             fb_contact_editor_set_text (FbContactEditor *self,
                                             const char      *field,
                                             const char      *text);
void             fb_contact_editor_set_category (FbContactEditor  *self,
                                             FbContactCategory category,
                                             int               tier);
char            *fb_contact_editor_apply    (FbContactEditor *self,
                                             GError         **error);

G_END_DECLS
