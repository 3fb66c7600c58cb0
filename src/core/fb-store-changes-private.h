/* fb-store-changes-private.h — the timeline entries that commands add for
 * the changes they make
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fb-incident.h"
#include "fb-op.h"
#include "fb-store.h"
#include "fb-worker.h"

G_BEGIN_DECLS

FbOp *_fb_system_entry_draft        (const char *incident,
                                     const char *text,
                                     gint64      occurred_at,
                                     JsonObject *data);
void  _fb_incident_change_drafts    (FbStore    *self,
                                     FbIncident *current,
                                     JsonObject *fields,
                                     GPtrArray  *drafts);
void  _fb_role_change_drafts        (FbStore    *self,
                                     const char *incident,
                                     const char *role,
                                     const char *person,
                                     GPtrArray  *drafts);
void  _fb_worker_change_drafts      (FbStore    *self,
                                     const char *incident,
                                     const char *worker,
                                     FbWorker   *current,
                                     JsonObject *fields,
                                     GPtrArray  *drafts);

G_END_DECLS
