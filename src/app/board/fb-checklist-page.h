/* fb-checklist-page.h — an incident's checklist, section by section
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-incident-page.h"

G_BEGIN_DECLS

#define FB_TYPE_CHECKLIST_PAGE (fb_checklist_page_get_type ())

G_DECLARE_FINAL_TYPE (FbChecklistPage, fb_checklist_page, FB, CHECKLIST_PAGE, FbIncidentPage)

GtkWidget  *fb_checklist_page_new           (FbContext *context);
void        fb_checklist_page_get_progress  (FbChecklistPage *self,
                                             FbSectionProgress progress[FB_N_SECTIONS]);

G_END_DECLS
