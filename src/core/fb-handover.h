/* fb-handover.h — a command handover offered, and an operational period
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A briefing in the manner of ICS 201: what a handover offers and what an
 * operational period starts with. Every string is non-NULL. */
typedef struct
{
  char   *situation;
  char   *objectives;
  char   *open_items;
  char   *pending_decisions;
  char   *deadlines;
  gint64  next_update_at;   /* 0 for none */
} FbBriefing;

FbBriefing *fb_briefing_new  (void);
FbBriefing *fb_briefing_copy (const FbBriefing *briefing);
void        fb_briefing_free (FbBriefing       *briefing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbBriefing, fb_briefing_free)

typedef enum
{
  FB_HANDOVER_OFFERED,
  FB_HANDOVER_ACCEPTED,
  FB_HANDOVER_DECLINED,
  FB_HANDOVER_WITHDRAWN,
} FbHandoverState;

#define FB_TYPE_HANDOVER (fb_handover_get_type ())

G_DECLARE_FINAL_TYPE (FbHandover, fb_handover, FB, HANDOVER, GObject)

const char       *fb_handover_get_id          (FbHandover *self);
const char       *fb_handover_get_incident    (FbHandover *self);
const char       *fb_handover_get_outgoing    (FbHandover *self);
const char       *fb_handover_get_incoming    (FbHandover *self);
const char       *fb_handover_get_contact     (FbHandover *self);
const FbBriefing *fb_handover_get_briefing    (FbHandover *self);
gint64            fb_handover_get_offered_at  (FbHandover *self);
const char       *fb_handover_get_offered_by  (FbHandover *self);
FbHandoverState   fb_handover_get_state       (FbHandover *self);
gint64            fb_handover_get_closed_at   (FbHandover *self);
const char       *fb_handover_get_closed_by   (FbHandover *self);

#define FB_TYPE_PERIOD (fb_period_get_type ())

G_DECLARE_FINAL_TYPE (FbPeriod, fb_period, FB, PERIOD, GObject)

const char       *fb_period_get_id          (FbPeriod *self);
const char       *fb_period_get_incident    (FbPeriod *self);
int               fb_period_get_number      (FbPeriod *self);
gint64            fb_period_get_started_at  (FbPeriod *self);
int               fb_period_get_planned_min (FbPeriod *self);
const FbBriefing *fb_period_get_briefing    (FbPeriod *self);

G_END_DECLS
