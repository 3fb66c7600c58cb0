/* fb-role.h — who holds a role in an incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fb-enums.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_ROLE (fb_role_get_type ())

G_DECLARE_FINAL_TYPE (FbRole, fb_role, FB, ROLE, GObject)

const char *fb_role_get_incident (FbRole *self);
const char *fb_role_get_role (FbRole *self);
const char *fb_role_get_person (FbRole *self);
const char *fb_role_get_contact (FbRole *self);
gint64       fb_role_get_assigned_at (FbRole *self);

G_END_DECLS
