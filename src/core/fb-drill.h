/* fb-drill.h — running a scenario as a drill incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-scenario.h"
#include "fb-store.h"

G_BEGIN_DECLS

#define FB_DRILL_MAX_SPEED 6000

/* An inject already on the incident's timeline. */
typedef struct
{
  char   *inject;       /* the scenario's inject id */
  char   *entry;        /* the timeline entry */
  gint64  released_at;  /* the entry's time */
  int     speed;        /* drill minutes per real minute when released */
} FbDrillRelease;

char       *fb_drill_start          (FbStore                *store,
                                     FbScenario             *scenario,
                                     int                     speed,
                                     GError                **error);
gboolean    fb_drill_get_start      (FbStore                *store,
                                     const char             *incident,
                                     char                  **scenario,
                                     gint64                 *started_at,
                                     int                    *speed);
GPtrArray  *fb_drill_list_released  (FbStore                *store,
                                     const char             *incident);
gint64      fb_drill_get_due_at     (FbStore                *store,
                                     const char             *incident,
                                     FbScenario             *scenario,
                                     const FbScenarioInject *inject,
                                     gint64                  started_at,
                                     int                     speed);
char       *fb_drill_release        (FbStore                *store,
                                     const char             *incident,
                                     FbScenario             *scenario,
                                     const FbScenarioInject *inject,
                                     int                     speed,
                                     GError                **error);
int         fb_drill_release_due    (FbStore                *store,
                                     const char             *incident,
                                     FbScenario             *scenario,
                                     int                     speed,
                                     gint64                 *next_due,
                                     GError                **error);

G_END_DECLS
