/* fb-board-summary.h — the board, the checklist and the contacts at a glance
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-incident-page.h"

G_BEGIN_DECLS

#define FB_TYPE_BOARD_SUMMARY (fb_board_summary_get_type ())

G_DECLARE_FINAL_TYPE (FbBoardSummary, fb_board_summary, FB, BOARD_SUMMARY, FbIncidentPage)

GtkWidget  *fb_board_summary_new          (FbContext *context);

G_END_DECLS
