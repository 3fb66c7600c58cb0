/* fb-role-private.h — fields of FbRole for the store that fills them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-role.h"

G_BEGIN_DECLS

struct _FbRole
{
  GObject parent_instance;

  char *incident;
  char *role;
  char *person;
  char *contact;
  gint64 assigned_at;
};

FbRole *_fb_role_new (void);

G_END_DECLS
