/* fb-worker.h — someone working an incident: their status and task
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fb-enums.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_WORKER (fb_worker_get_type ())

G_DECLARE_FINAL_TYPE (FbWorker, fb_worker, FB, WORKER, GObject)

const char *  fb_worker_get_id (FbWorker *self);
const char *  fb_worker_get_incident (FbWorker *self);
const char *  fb_worker_get_person (FbWorker *self);
FbWorkerStatus fb_worker_get_status (FbWorker *self);
const char *  fb_worker_get_task (FbWorker *self);
const char *  fb_worker_get_contact (FbWorker *self);
gint64        fb_worker_get_on_duty_since (FbWorker *self);
gint64        fb_worker_get_off_at (FbWorker *self);
const char *  fb_worker_get_pair (FbWorker *self);

G_END_DECLS
