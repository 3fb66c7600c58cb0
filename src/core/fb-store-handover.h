/* fb-store-handover.h — handovers offered and accepted, operational
 * periods, and hours on duty
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-context.h"
#include "fb-handover.h"
#include "fb-store.h"
#include "fb-worker.h"

G_BEGIN_DECLS

/* The hours on duty an incident allows before a warning, unless set. */
#define FB_DUTY_LIMIT_DEFAULT_MIN 720

/* Handovers (fb-store-handover.c) */
char       *fb_store_offer_handover        (FbStore          *self,
                                            const char       *incident,
                                            const char       *incoming,
                                            const char       *contact,
                                            const FbBriefing *briefing,
                                            GError          **error);
gboolean    fb_store_accept_handover       (FbStore          *self,
                                            const char       *incident,
                                            const char       *handover,
                                            GError          **error);
gboolean    fb_store_withdraw_handover     (FbStore          *self,
                                            const char       *incident,
                                            const char       *handover,
                                            GError          **error);
gboolean    fb_store_decline_handover      (FbStore          *self,
                                            const char       *incident,
                                            const char       *handover,
                                            GError          **error);
GListModel *fb_store_list_handovers        (FbStore          *self,
                                            const char       *incident);
FbHandover *fb_store_get_handover          (FbStore          *self,
                                            const char       *id);
FbHandover *fb_store_get_offered_handover  (FbStore          *self,
                                            const char       *incident);

/* Operational periods and the briefing (fb-store-periods.c) */
FbBriefing *fb_briefing_build              (FbContext        *context,
                                            const char       *incident);
char       *fb_store_start_period          (FbStore          *self,
                                            const char       *incident,
                                            gint64            started_at,
                                            int               planned_min,
                                            const FbBriefing *briefing,
                                            GError          **error);
GListModel *fb_store_list_periods          (FbStore          *self,
                                            const char       *incident);
FbPeriod   *fb_store_get_current_period    (FbStore          *self,
                                            const char       *incident);

/* Hours on duty and pairs (fb-store-duty.c) */
int         fb_store_get_duty_limit        (FbStore          *self,
                                            const char       *incident);
gboolean    fb_store_set_duty_limit        (FbStore          *self,
                                            const char       *incident,
                                            int               limit_min,
                                            GError          **error);
gboolean    fb_store_set_worker_duty       (FbStore          *self,
                                            const char       *incident,
                                            const char       *worker,
                                            gint64            on_duty_since,
                                            gint64            off_at,
                                            GError          **error);
gboolean    fb_store_pair_workers          (FbStore          *self,
                                            const char       *incident,
                                            const char       *worker,
                                            const char       *pair,
                                            GError          **error);
char       *fb_store_save_worker           (FbStore          *self,
                                            const char       *incident,
                                            const char       *id,
                                            JsonObject       *fields,
                                            gboolean          on_duty,
                                            const char       *pair,
                                            GError          **error);
GListModel *fb_store_list_tired_workers    (FbStore          *self,
                                            const char       *incident,
                                            gint64            now);
gint64      fb_worker_get_duty_limit_at    (FbWorker         *worker,
                                            int               limit_min);

G_END_DECLS
