/* fb-report-private.h — what the report's model and renderers share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-report.h"

G_BEGIN_DECLS

/* The mark drawn before a cell with a box to tick; "" for none. */
const char *_fb_report_tick_mark (const FbCell *cell);

G_END_DECLS
