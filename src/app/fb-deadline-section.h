/* fb-deadline-section.h — the incident's deadline clocks on the overview
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-incident-page.h"

G_BEGIN_DECLS

#define FB_TYPE_DEADLINE_SECTION (fb_deadline_section_get_type ())

G_DECLARE_FINAL_TYPE (FbDeadlineSection, fb_deadline_section, FB, DEADLINE_SECTION, FbIncidentPage)

GtkWidget  *fb_deadline_section_new          (FbContext         *context);
guint       fb_deadline_section_get_n_shown  (FbDeadlineSection *self);

/* What a deadline's clock says, for the overview and the header. */
char       *fb_deadline_format_remaining     (gint64             remaining_ms);
char       *fb_deadline_format_countdown     (const FbDeadlineStatus *status,
                                              gboolean           brief);
const char *fb_deadline_level_to_css_class   (FbDeadlineLevel    level);
void        fb_deadline_set_level_class      (GtkWidget         *widget,
                                              FbDeadlineLevel    level);
void        fb_update_clock_show             (GtkWidget           *label,
                                              const FbUpdateClock *clock,
                                              gint64               now,
                                              gboolean             brief);

G_END_DECLS
