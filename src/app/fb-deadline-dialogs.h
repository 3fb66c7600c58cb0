/* fb-deadline-dialogs.h — waiving, editing and adding deadlines, and the
 * answers that decide which apply
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

void       _fb_deadline_dialogs_waive (GtkWidget  *from,
                                       FbContext  *context,
                                       const char *deadline);
void       _fb_deadline_dialogs_edit  (GtkWidget  *from,
                                       FbContext  *context,
                                       FbIncident *incident,
                                       const char *deadline);
void       _fb_deadline_dialogs_rules (GtkWidget  *from,
                                       FbContext  *context,
                                       FbIncident *incident);

/* The four questions of "Which rules apply?" as a boxed list of switches,
 * for this dialog and the New Incident dialog. */
GtkWidget *_fb_deadline_rules_list_new (const FbDeadlineRules *answers);
void       _fb_deadline_rules_list_get (GtkWidget             *list,
                                        FbDeadlineRules       *answers);
void       _fb_deadline_rules_list_set (GtkWidget             *list,
                                        const FbDeadlineRules *answers);

G_END_DECLS
