/* fb-new-review-dialog.h — starting a readiness review
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-context.h"

G_BEGIN_DECLS

#define FB_TYPE_NEW_REVIEW_DIALOG (fb_new_review_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FbNewReviewDialog, fb_new_review_dialog, FB, NEW_REVIEW_DIALOG, AdwMessageDialog)

FbNewReviewDialog *fb_new_review_dialog_new       (FbContext         *context);
void               fb_new_review_dialog_set_title (FbNewReviewDialog *self,
                                                   const char        *title);
char              *fb_new_review_dialog_start     (FbNewReviewDialog *self,
                                                   GError           **error);

G_END_DECLS
