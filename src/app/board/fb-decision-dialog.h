/* fb-decision-dialog.h — what was asked, the options, who decided, and what
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_DECISION_DIALOG (fb_decision_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbDecisionDialog, fb_decision_dialog, FB, DECISION_DIALOG, AdwMessageDialog)

/* @pending: a pending decision entry whose outcome this records (as a new
 * entry amending it), or NULL for a new decision. */
FbDecisionDialog *fb_decision_dialog_new      (FbContext          *context,
                                               const char         *incident,
                                               const char         *pending);
void              fb_decision_dialog_set      (FbDecisionDialog   *self,
                                               const char         *question,
                                               const char * const *options,
                                               const char         *decided_by,
                                               const char         *decision,
                                               gboolean            made);
char             *fb_decision_dialog_apply    (FbDecisionDialog   *self,
                                               GError            **error);

G_END_DECLS
