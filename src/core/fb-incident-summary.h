/* fb-incident-summary.h — what the board and the overview show, from values
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain functions from the store's list models to what to show, so that
 * the rules are tested without a display.
 */

#pragma once

#include <gio/gio.h>

#include "fb-types.h"

G_BEGIN_DECLS

typedef enum
{
  FB_COMMAND_WARNING_NONE            = 0,
  /* Nobody holds the commander role. */
  FB_COMMAND_WARNING_NO_COMMANDER    = 1 << 0,
  /* The commander is also on the worker list with work to do: the guide
   * asks that those who work and the one who controls be different. */
  FB_COMMAND_WARNING_COMMANDER_WORKS = 1 << 1,
} FbCommandWarnings;

typedef struct
{
  guint total;
  guint todo;
  guint doing;
  guint done;
  guint skipped;
} FbSectionProgress;

gboolean          fb_person_equal                     (const char        *a,
                                                       const char        *b);

FbCommandWarnings fb_incident_summary_command_warnings (GListModel       *roles,
                                                       GListModel        *workers,
                                                       FbWorker         **commander_worker);

void              fb_incident_summary_progress        (GListModel        *checklist,
                                                       FbSectionProgress  progress[FB_N_SECTIONS]);
guint             fb_section_progress_get_open        (const FbSectionProgress *progress);
double            fb_section_progress_get_fraction    (const FbSectionProgress *progress);

/* A readiness review at a glance: the steps settled (done, or skipped as
 * not applying) of all, how many of those were skipped, and when a step
 * was last finished (0: none yet). */
typedef struct
{
  guint  total;
  guint  settled;
  guint  skipped;
  gint64 last_done_at;
} FbReviewProgress;

void              fb_review_progress_compute          (GListModel        *checklist,
                                                       FbReviewProgress  *progress);
char             *fb_review_progress_format           (const FbReviewProgress *progress);

GPtrArray        *fb_incident_summary_next_deadlines  (GListModel        *checklist,
                                                       guint              max);

gboolean          fb_contact_category_should_be_told  (FbContactCategory  category);
gboolean          fb_entry_is_contact_logged          (FbEntry           *entry,
                                                       char             **contact,
                                                       char             **who);
/* Who has been told of an incident, from its escalation entries: by
 * contact id, and by name for people not in the address book. */
typedef struct _FbToldSet FbToldSet;

FbToldSet        *fb_told_set_new                     (GListModel        *entries);
gboolean          fb_told_set_contains                (FbToldSet         *told,
                                                       FbContact         *contact);
void              fb_told_set_free                    (FbToldSet         *told);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbToldSet, fb_told_set_free)

GPtrArray        *fb_incident_summary_untold          (GListModel        *contacts,
                                                       FbToldSet         *told);
GPtrArray        *fb_incident_summary_untold_contacts (GListModel        *contacts,
                                                       GListModel        *entries);

GPtrArray        *fb_incident_summary_decisions       (GListModel        *entries,
                                                       gboolean           pending);

G_END_DECLS
