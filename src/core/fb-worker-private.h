/* fb-worker-private.h — fields of FbWorker for the store that fills them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-worker.h"

G_BEGIN_DECLS

struct _FbWorker
{
  GObject parent_instance;

  char *id;
  char *incident;
  char *person;
  FbWorkerStatus status;
  char *task;
  char *contact;
  gint64 on_duty_since;
  gint64 off_at;
  char *pair;
};

FbWorker *_fb_worker_new (void);

G_END_DECLS
