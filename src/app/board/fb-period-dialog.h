/* fb-period-dialog.h — starting an operational period with its briefing
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_PERIOD_DIALOG (fb_period_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbPeriodDialog, fb_period_dialog, FB, PERIOD_DIALOG, AdwMessageDialog)

FbPeriodDialog *fb_period_dialog_new            (FbContext      *context,
                                                 const char     *incident);
void            fb_period_dialog_set_objectives (FbPeriodDialog *self,
                                                 const char     *objectives,
                                                 int             planned_hours);
char           *fb_period_dialog_apply          (FbPeriodDialog *self,
                                                 GError        **error);

G_END_DECLS
