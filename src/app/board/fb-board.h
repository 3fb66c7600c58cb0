/* fb-board.h — the role board, contacts and checklist pages and dialogs
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-assign-dialog.h"
#include "fb-board-summary.h"
#include "fb-checklist-item-dialog.h"
#include "fb-checklist-page.h"
#include "fb-contact-editor.h"
#include "fb-contacts-page.h"
#include "fb-decision-dialog.h"
#include "fb-handover-dialog.h"
#include "fb-log-contact-dialog.h"
#include "fb-period-dialog.h"
#include "fb-role-board.h"
#include "fb-worker-dialog.h"

G_BEGIN_DECLS

/* Registers the board's templates; call once before making any of its
 * widgets (after gtk_init/adw_init). */
void fb_board_init (void);

G_END_DECLS
