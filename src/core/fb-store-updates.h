/* fb-store-updates.h — stakeholder updates on a cadence
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fb-deadline.h"
#include "fb-store.h"

G_BEGIN_DECLS

char           *fb_audiences_describe     (const char *audiences);

/* When the next stakeholder update is due. */
typedef struct
{
  gint64 since;           /* the last update sent, or the declaration */
  gint64 due_at;
  gint64 last_update_at;  /* 0 when none has been sent */
  int    interval_min;
} FbUpdateClock;

gint64          fb_update_due_at          (gint64 since,
                                           int    interval_min,
                                           gint64 handover_at,
                                           gint64 promised_at);
FbDeadlineLevel fb_update_clock_level     (const FbUpdateClock *clock,
                                           gint64               now);
void            fb_update_clock_get_status (const FbUpdateClock *clock,
                                            gint64               now,
                                            FbDeadlineStatus    *status);

gboolean        fb_store_get_update_clock     (FbStore       *self,
                                               const char    *incident,
                                               FbUpdateClock *clock);
gboolean        fb_store_get_next_update_due  (FbStore       *self,
                                               const char    *incident,
                                               gint64        *due_at);
char           *fb_store_compose_status_update (FbStore      *self,
                                                const char   *incident);
char           *fb_store_send_status_update   (FbStore            *self,
                                               const char         *incident,
                                               const char * const *audiences,
                                               const char         *text,
                                               int                 interval_min,
                                               GError            **error);

G_END_DECLS
