/* fb-briefing-form-private.h — the briefing's text areas, for the
 * handover and period dialogs
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

typedef enum
{
  FB_BRIEFING_SITUATION,
  FB_BRIEFING_OBJECTIVES,
  FB_BRIEFING_OPEN_ITEMS,
  FB_BRIEFING_PENDING,
  FB_BRIEFING_DEADLINES,
  FB_BRIEFING_N_PARTS,
} FbBriefingPart;

GtkWidget *_fb_briefing_form_new  (GtkTextView      *views[FB_BRIEFING_N_PARTS]);
void       _fb_briefing_form_fill (GtkTextView      *views[FB_BRIEFING_N_PARTS],
                                   const FbBriefing *briefing);
void       _fb_briefing_form_read (GtkTextView      *views[FB_BRIEFING_N_PARTS],
                                   FbBriefing       *briefing);
GtkWidget *_fb_briefing_form_wrap (GtkWidget        *content);

G_END_DECLS
