/* fb-role-board.h — who commands, who holds which role, who works on what
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-incident-page.h"

G_BEGIN_DECLS

#define FB_TYPE_ROLE_BOARD (fb_role_board_get_type ())

G_DECLARE_FINAL_TYPE (FbRoleBoard, fb_role_board, FB, ROLE_BOARD, FbIncidentPage)

GtkWidget        *fb_role_board_new          (FbContext *context);
FbCommandWarnings fb_role_board_get_warnings (FbRoleBoard *self);

G_END_DECLS
