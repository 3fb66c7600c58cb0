/* fb-store-deadlines.h — an incident's deadline clocks in the store
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-deadline.h"
#include "fb-store.h"

G_BEGIN_DECLS

GListModel *fb_store_list_deadlines     (FbStore               *self,
                                         const char            *incident);
FbDeadline *fb_store_get_deadline       (FbStore               *self,
                                         const char            *id);

/* Commands: one user action, one call, one transaction. */
gboolean    fb_store_set_deadline_rules (FbStore               *self,
                                         const char            *incident,
                                         const FbDeadlineRules *answers,
                                         FbPlaybook            *playbook,
                                         GError               **error);
char       *fb_store_set_deadline       (FbStore               *self,
                                         const char            *incident,
                                         const char            *id,
                                         JsonObject            *fields,
                                         GError               **error);
gboolean    fb_store_meet_deadline      (FbStore               *self,
                                         const char            *id,
                                         gint64                 met_at,
                                         GError               **error);
gboolean    fb_store_waive_deadline     (FbStore               *self,
                                         const char            *id,
                                         const char            *reason,
                                         GError               **error);

G_END_DECLS
