/* fb-format.h — words and times as the views show them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

char       *fb_format_since           (gint64       since_ms,
                                       gint64       now_ms);
char       *fb_format_severity        (int          severity);
const char *fb_entry_kind_get_icon    (FbEntryKind  kind);
const char *fb_entry_kind_get_css     (FbEntryKind  kind);
char       *fb_format_review_caption  (FbContext              *context,
                                       FbIncident             *review,
                                       const FbReviewProgress *progress);
char       *fb_format_contained       (FbContext  *context,
                                       FbIncident *incident,
                                       gboolean    met_target);

G_END_DECLS
