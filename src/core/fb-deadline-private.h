/* fb-deadline-private.h — the fields of a deadline, for the store
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fb-deadline.h"
#include "fb-op.h"
#include "fb-playbook.h"

#include "fb-store-changes-private.h"

G_BEGIN_DECLS

struct _FbDeadline
{
  GObject parent_instance;

  char *id;
  char *incident;
  char *name;
  char *basis;
  FbDeadlineFrom from;
  gint64 minutes;
  gint64 due_at;      /* for FB_DEADLINE_FROM_FIXED */
  FbDeadlineRule rule;
  char *playbook_deadline;
  FbDeadlineState state;
  gint64 met_at;
  char *reason;
  gboolean inapplicable;
  gint64 created_at;
};

FbDeadline *_fb_deadline_new (void);

/* fb-store-deadlines.c: what declaring an incident needs. */
void   _fb_store_add_deadline_drafts (FbPlaybook            *playbook,
                                      GListModel            *existing,
                                      const char            *incident,
                                      const FbDeadlineRules *answers,
                                      GPtrArray             *drafts);
void   _fb_store_set_answers         (JsonObject            *body,
                                      const FbDeadlineRules *answers);

G_END_DECLS
