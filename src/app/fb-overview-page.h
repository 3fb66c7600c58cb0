/* fb-overview-page.h — the incident at a glance: clocks, key entries, decisions
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-deadline-section.h"
#include "fb-incident-page.h"

G_BEGIN_DECLS

#define FB_TYPE_OVERVIEW_PAGE (fb_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (FbOverviewPage, fb_overview_page, FB, OVERVIEW_PAGE, FbIncidentPage)

GtkWidget  *fb_overview_page_new           (FbContext      *context);
void        fb_overview_page_add_section   (FbOverviewPage *self,
                                            GtkWidget      *section);
guint       fb_overview_page_get_n_pinned  (FbOverviewPage *self);
guint       fb_overview_page_get_n_decisions (FbOverviewPage *self);
const char *fb_overview_page_get_containment_text (FbOverviewPage *self);
const char *fb_overview_page_get_update_text (FbOverviewPage *self);
FbDeadlineSection *fb_overview_page_get_deadlines (FbOverviewPage *self);

G_END_DECLS
