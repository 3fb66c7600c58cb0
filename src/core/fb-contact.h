/* fb-contact.h — someone to escalate to or inform
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fb-enums.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_CONTACT (fb_contact_get_type ())

G_DECLARE_FINAL_TYPE (FbContact, fb_contact, FB, CONTACT, GObject)

const char *     fb_contact_get_id (FbContact *self);
const char *     fb_contact_get_name (FbContact *self);
const char *     fb_contact_get_organisation (FbContact *self);
const char *     fb_contact_get_title (FbContact *self);
FbContactCategory fb_contact_get_category (FbContact *self);
int               fb_contact_get_tier (FbContact *self);
const char *     fb_contact_get_phone (FbContact *self);
const char *     fb_contact_get_email (FbContact *self);
const char *     fb_contact_get_chat (FbContact *self);
const char *     fb_contact_get_notes (FbContact *self);
gboolean          fb_contact_get_example (FbContact *self);

G_END_DECLS
