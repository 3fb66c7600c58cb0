/* fb-handover-private.h — fields of FbHandover and FbPeriod for the store
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fb-handover.h"
#include "fb-incident.h"
#include "fb-store.h"

G_BEGIN_DECLS

struct _FbHandover
{
  GObject parent_instance;

  char *id;
  char *incident;
  char *outgoing;
  char *incoming;
  char *contact;
  FbBriefing *briefing;
  gint64 offered_at;
  char *offered_by;
  FbHandoverState state;
  gint64 closed_at;
  char *closed_by;
};

struct _FbPeriod
{
  GObject parent_instance;

  char *id;
  char *incident;
  int number;
  gint64 started_at;
  int planned_min;
  FbBriefing *briefing;
};

FbHandover *_fb_handover_new (void);
FbPeriod   *_fb_period_new   (void);

/* Sets the briefing's fields that say something on an op's body. */
void        _fb_briefing_to_body (const FbBriefing *briefing,
                                  JsonObject       *body);

/* fb-store-handover.c */
FbIncident *_fb_store_find_incident (FbStore    *self,
                                     const char *incident,
                                     GError    **error);

/* fb-describe-shift.c */
char       *_fb_describe_shift_event (const char *event,
                                      JsonObject *object);

G_END_DECLS
