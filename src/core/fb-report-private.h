/* fb-report-private.h — what the report's model and renderers share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-report.h"
#include "fb-task-private.h"

G_BEGIN_DECLS

/* The mark drawn before a cell with a box to tick; "" for none. */
const char *_fb_report_tick_mark             (const FbCell *cell);

/* fb_report_new_for_incident(), with progress and cancellation. */
FbReport   *_fb_report_new_for_incident_full (FbStore      *store,
                                              const char   *incident,
                                              FbProgress   *progress,
                                              GError      **error);

/* fb_report_new_timeline(), with progress and cancellation. */
FbReport   *_fb_report_new_timeline_full     (FbStore      *store,
                                              const char   *incident,
                                              FbProgress   *progress,
                                              GError      **error);

/* fb-report.c: pieces for documents built elsewhere. */
FbReport   *_fb_report_new                   (const char         *title);
void        _fb_report_add_text              (FbReport           *report,
                                              FbBlockType         type,
                                              const char         *text);
FbBlock    *_fb_report_add_table             (FbReport           *report,
                                              const char * const *columns);
void        _fb_report_add_row               (FbBlock            *table,
                                              const char * const *cells);

/* fb-report-state.c: whether the record holds, and its state. */
void        _fb_report_add_integrity         (FbReport       *report,
                                              FbVerification *verification);
gboolean    _fb_report_add_state             (FbReport       *report,
                                              FbStore        *store,
                                              GError        **error);

/* fb-report-deadlines.c: the key times' deadlines. */
GPtrArray  *_fb_report_deadline_rows         (FbStore      *store,
                                              FbIncident   *incident);
char       *_fb_report_deadline_rules        (FbIncident   *incident);

/* fb-report.c: forms for the report's other files. */
FbBlock    *_fb_report_add_form              (FbReport     *report,
                                              const char   *label,
                                              const char   *entry);
FbCell     *_fb_report_add_form_row          (FbBlock      *form,
                                              const char   *label,
                                              const char   *entry);

/* fb-report-briefing.c: a section for each operational period. */
void        _fb_report_add_periods           (FbReport     *report,
                                              FbStore      *store,
                                              const char   *incident);

G_END_DECLS
