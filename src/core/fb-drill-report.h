/* fb-drill-report.h — what a drill showed: the after-action report
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-drill.h"
#include "fb-report.h"

G_BEGIN_DECLS

typedef enum
{
  FB_DRILL_MET,           /* done within the time expected */
  FB_DRILL_LATE,          /* done, but later */
  FB_DRILL_MISSED,        /* not done */
  FB_DRILL_NOT_RELEASED,  /* its inject never came out */
} FbDrillOutcome;

/* One expected response and what happened to it. Minutes are drill
 * minutes, counted from the drill's start. */
typedef struct
{
  const FbScenarioInject *inject;
  const FbScenarioExpect *expect;
  FbDrillOutcome          outcome;
  gint64                  released_min;   /* -1: not released */
  gint64                  answered_min;   /* -1: not answered */
  char                   *by;             /* who answered, or NULL */
} FbDrillResult;

typedef enum
{
  FB_DRILL_REPORT_MARKDOWN,
  FB_DRILL_REPORT_HTML,
} FbDrillReportFormat;

GPtrArray  *fb_drill_assess          (FbStore             *store,
                                      const char          *incident,
                                      FbScenario          *scenario,
                                      GError             **error);
const char *fb_drill_outcome_get_label (FbDrillOutcome     outcome);
FbReport   *fb_drill_report_new      (FbStore             *store,
                                      const char          *incident,
                                      FbScenario          *scenario,
                                      GError             **error);
char       *fb_drill_report          (FbStore             *store,
                                      const char          *incident,
                                      FbScenario          *scenario,
                                      FbDrillReportFormat  format,
                                      GError             **error);

void        fb_drill_report_to_file_async  (FbStore             *store,
                                            const char          *incident,
                                            FbScenario          *scenario,
                                            FbDrillReportFormat  format,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    fb_drill_report_to_file_finish (FbStore             *store,
                                            GAsyncResult        *result,
                                            GError             **error);
void        fb_drill_report_new_async      (FbStore             *store,
                                            const char          *incident,
                                            FbScenario          *scenario,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
FbReport   *fb_drill_report_new_finish     (FbStore             *store,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
