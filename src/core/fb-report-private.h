/* fb-report-private.h — what the report's model and renderers share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-report.h"
#include "fb-task-private.h"

G_BEGIN_DECLS

/* The mark drawn before a cell with a box to tick; "" for none. */
const char *_fb_report_tick_mark             (const FbCell *cell);

/* fb_report_new_for_incident(), with progress and cancellation. */
FbReport   *_fb_report_new_for_incident_full (FbStore      *store,
                                              const char   *incident,
                                              FbProgress   *progress,
                                              GError      **error);

G_END_DECLS
