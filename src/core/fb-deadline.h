/* fb-deadline.h — an incident's deadline clocks: what is due, by when, and how it ended
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fb-incident.h"
#include "fb-types.h"

G_BEGIN_DECLS

/* What a deadline's clock runs from. */
typedef enum
{
  FB_DEADLINE_FROM_DETECTED,
  FB_DEADLINE_FROM_AWARE,     /* the incident's aware_at; its detection when unset */
  FB_DEADLINE_FROM_DECLARED,
  FB_DEADLINE_FROM_FIXED,     /* due_at, a time typed in */
  FB_N_DEADLINE_FROMS,
} FbDeadlineFrom;

typedef enum
{
  FB_DEADLINE_OPEN,
  FB_DEADLINE_MET,
  FB_DEADLINE_WAIVED,
  FB_N_DEADLINE_STATES,
} FbDeadlineState;

/* The condition under which a playbook's deadline applies. */
typedef enum
{
  FB_DEADLINE_RULE_ALWAYS,        /* "" on the wire */
  FB_DEADLINE_RULE_PERSONAL_DATA, /* APPI */
  FB_DEADLINE_RULE_EU_PEOPLE,     /* GDPR: personal data of people in the EU */
  FB_DEADLINE_RULE_NIS2_ENTITY,   /* NIS2 */
  FB_N_DEADLINE_RULES,
} FbDeadlineRule;

typedef enum
{
  FB_DEADLINE_LEVEL_NORMAL,
  FB_DEADLINE_LEVEL_WARNING,   /* a quarter of the time allowed or less left */
  FB_DEADLINE_LEVEL_CRITICAL,  /* passed, still open */
  FB_DEADLINE_LEVEL_MET,
  FB_DEADLINE_LEVEL_WAIVED,
} FbDeadlineLevel;

/* The answers of "Which rules apply?". */
typedef struct
{
  gboolean personal_data;
  gboolean eu_people;
  gboolean nis2_entity;
  gboolean improper_purpose;  /* e.g. theft or an attack: APPI's longer final report */
  gint64   aware_at;          /* when the organisation became aware; 0: at detection */
} FbDeadlineRules;

const char *fb_deadline_anchor_to_string   (FbDeadlineFrom   from);
gboolean    fb_deadline_anchor_from_string (const char      *str,
                                            FbDeadlineFrom  *from);
const char *fb_deadline_state_to_string    (FbDeadlineState  state);
gboolean    fb_deadline_state_from_string  (const char      *str,
                                            FbDeadlineState *state);
const char *fb_deadline_rule_to_string     (FbDeadlineRule   rule);
gboolean    fb_deadline_rule_from_string   (const char      *str,
                                            FbDeadlineRule  *rule);
gboolean    fb_deadline_rules_apply        (const FbDeadlineRules *rules,
                                            FbDeadlineRule   rule);
void        fb_incident_get_rules          (FbIncident      *incident,
                                            FbDeadlineRules *rules);

#define FB_TYPE_DEADLINE (fb_deadline_get_type ())

G_DECLARE_FINAL_TYPE (FbDeadline, fb_deadline, FB, DEADLINE, GObject)

const char     *fb_deadline_get_id                (FbDeadline *self);
const char     *fb_deadline_get_incident          (FbDeadline *self);
const char     *fb_deadline_get_name              (FbDeadline *self);
const char     *fb_deadline_get_basis             (FbDeadline *self);
FbDeadlineFrom  fb_deadline_get_from              (FbDeadline *self);
gint64          fb_deadline_get_minutes           (FbDeadline *self);
FbDeadlineRule  fb_deadline_get_rule              (FbDeadline *self);
const char     *fb_deadline_get_playbook_deadline (FbDeadline *self);
const char     *fb_deadline_get_display_name      (FbDeadline         *self,
                                                   const char         *kind,
                                                   FbPlaybookLibrary  *playbooks,
                                                   const char        **basis_out);
FbDeadlineState fb_deadline_get_state             (FbDeadline *self);
gint64          fb_deadline_get_met_at            (FbDeadline *self);
const char     *fb_deadline_get_reason            (FbDeadline *self);
gboolean        fb_deadline_equal                 (gpointer    a,
                                                   gpointer    b,
                                                   gpointer    unused);

/* Where a deadline stands at a moment: pure, for views and tests. */
typedef struct
{
  gint64          due_at;     /* 0 when its anchor is not known yet */
  gint64          remaining;  /* ms; negative once passed */
  FbDeadlineLevel level;
} FbDeadlineStatus;

gint64  fb_deadline_get_due_at  (FbDeadline       *self,
                                 FbIncident       *incident);
void    fb_deadline_get_status  (FbDeadline       *self,
                                 FbIncident       *incident,
                                 gint64            now,
                                 FbDeadlineStatus *status);
FbDeadlineLevel fb_deadline_level_at (gint64 start,
                                      gint64 due_at,
                                      gint64 now);

G_END_DECLS
