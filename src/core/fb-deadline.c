/* fb-deadline.c — an incident's deadline clocks
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-deadline"

#include "config.h"

#include "fb-deadline-private.h"
#include "fb-incident-private.h"
#include "fb-playbook-library.h"

static const char * const anchors[] = { "detected", "aware", "declared", "fixed" };
static const char * const states[] = { "open", "met", "waived" };
static const char * const rules[] = { "", "personal-data", "eu-people", "nis2-entity" };

G_STATIC_ASSERT (G_N_ELEMENTS (anchors) == FB_N_DEADLINE_FROMS);
G_STATIC_ASSERT (G_N_ELEMENTS (states) == FB_N_DEADLINE_STATES);
G_STATIC_ASSERT (G_N_ELEMENTS (rules) == FB_N_DEADLINE_RULES);

static gboolean
find_name (const char * const *names,
           guint               n_names,
           const char         *str,
           int                *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i], str))
      {
        if (out != NULL)
          *out = (int) i;
        return TRUE;
      }

  return FALSE;
}

const char *
fb_deadline_anchor_to_string (FbDeadlineFrom from)
{
  g_return_val_if_fail (from < FB_N_DEADLINE_FROMS, NULL);
  return anchors[from];
}

gboolean
fb_deadline_anchor_from_string (const char     *str,
                                FbDeadlineFrom *from)
{
  return find_name (anchors, G_N_ELEMENTS (anchors), str, (int *) from);
}

const char *
fb_deadline_state_to_string (FbDeadlineState state)
{
  g_return_val_if_fail (state < FB_N_DEADLINE_STATES, NULL);
  return states[state];
}

gboolean
fb_deadline_state_from_string (const char      *str,
                               FbDeadlineState *state)
{
  return find_name (states, G_N_ELEMENTS (states), str, (int *) state);
}

const char *
fb_deadline_rule_to_string (FbDeadlineRule rule)
{
  g_return_val_if_fail (rule < FB_N_DEADLINE_RULES, NULL);
  return rules[rule];
}

gboolean
fb_deadline_rule_from_string (const char     *str,
                              FbDeadlineRule *rule)
{
  return find_name (rules, G_N_ELEMENTS (rules), str, (int *) rule);
}

/* GDPR asks for personal data as well as people in the EU. */
gboolean
fb_deadline_rules_apply (const FbDeadlineRules *answers,
                         FbDeadlineRule         rule)
{
  g_return_val_if_fail (answers != NULL, FALSE);

  switch (rule)
    {
    case FB_DEADLINE_RULE_ALWAYS:
      return TRUE;
    case FB_DEADLINE_RULE_PERSONAL_DATA:
      return answers->personal_data;
    case FB_DEADLINE_RULE_EU_PEOPLE:
      return answers->personal_data && answers->eu_people;
    case FB_DEADLINE_RULE_NIS2_ENTITY:
      return answers->nis2_entity;
    case FB_N_DEADLINE_RULES:
    default:
      g_return_val_if_reached (FALSE);
    }
}

void
fb_incident_get_rules (FbIncident      *incident,
                       FbDeadlineRules *answers)
{
  g_return_if_fail (FB_IS_INCIDENT (incident));
  g_return_if_fail (answers != NULL);

  answers->personal_data = incident->personal_data;
  answers->eu_people = incident->eu_people;
  answers->nis2_entity = incident->nis2_entity;
  answers->improper_purpose = incident->improper_purpose;
  answers->aware_at = incident->aware_at;
}

G_DEFINE_FINAL_TYPE (FbDeadline, fb_deadline, G_TYPE_OBJECT)

static void
fb_deadline_finalize (GObject *object)
{
  FbDeadline *self = (FbDeadline *) object;

  g_free (self->id);
  g_free (self->incident);
  g_free (self->name);
  g_free (self->basis);
  g_free (self->playbook_deadline);
  g_free (self->reason);

  G_OBJECT_CLASS (fb_deadline_parent_class)->finalize (object);
}

static void
fb_deadline_class_init (FbDeadlineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_deadline_finalize;
}

static void
fb_deadline_init (FbDeadline *self)
{
}

FbDeadline *
_fb_deadline_new (void)
{
  return g_object_new (FB_TYPE_DEADLINE, NULL);
}

#define GETTER(type, field) \
  type fb_deadline_get_##field (FbDeadline *self) \
  { \
    g_return_val_if_fail (FB_IS_DEADLINE (self), (type) 0); \
    return self->field; \
  }

GETTER (const char *, id)
GETTER (const char *, incident)
GETTER (const char *, name)
GETTER (const char *, basis)
GETTER (FbDeadlineFrom, from)
GETTER (gint64, minutes)
GETTER (FbDeadlineRule, rule)
GETTER (const char *, playbook_deadline)
GETTER (FbDeadlineState, state)
GETTER (gint64, met_at)
GETTER (const char *, reason)

/* For FbLiveList: whether a list row needs redrawing. */
gboolean
fb_deadline_equal (gpointer a,
                   gpointer b,
                   gpointer unused)
{
  FbDeadline *x = a, *y = b;

  return g_strcmp0 (x->name, y->name) == 0 &&
         g_strcmp0 (x->basis, y->basis) == 0 &&
         x->from == y->from && x->minutes == y->minutes && x->due_at == y->due_at &&
         x->rule == y->rule && x->state == y->state && x->met_at == y->met_at &&
         g_strcmp0 (x->reason, y->reason) == 0 && x->inapplicable == y->inapplicable;
}

static gint64
get_start (FbDeadline *self,
           FbIncident *incident)
{
  switch (self->from)
    {
    case FB_DEADLINE_FROM_DETECTED:
      return incident->detected_at;
    case FB_DEADLINE_FROM_AWARE:
      return incident->aware_at > 0 ? incident->aware_at : incident->detected_at;
    case FB_DEADLINE_FROM_DECLARED:
      return incident->declared_at > 0 ? incident->declared_at : incident->detected_at;
    case FB_DEADLINE_FROM_FIXED:
      return self->created_at;
    case FB_N_DEADLINE_FROMS:
    default:
      g_return_val_if_reached (0);
    }
}

gint64
fb_deadline_get_due_at (FbDeadline *self,
                        FbIncident *incident)
{
  gint64 start;

  g_return_val_if_fail (FB_IS_DEADLINE (self), 0);
  g_return_val_if_fail (FB_IS_INCIDENT (incident), 0);

  if (self->from == FB_DEADLINE_FROM_FIXED)
    return self->due_at;

  start = get_start (self, incident);
  return start > 0 ? start + self->minutes * 60 * 1000 : 0;
}

/**
 * fb_deadline_level_at:
 * @start: when the clock started
 * @due_at: when it is due
 * @now: the moment asked about
 *
 * The level of an open clock: a warning once a quarter of the time allowed
 * or less is left, critical once it has passed.
 */
FbDeadlineLevel
fb_deadline_level_at (gint64 start,
                      gint64 due_at,
                      gint64 now)
{
  gint64 allowed = due_at - start;

  if (now > due_at)
    return FB_DEADLINE_LEVEL_CRITICAL;
  if (allowed <= 0 || (due_at - now) * 4 <= allowed)
    return FB_DEADLINE_LEVEL_WARNING;

  return FB_DEADLINE_LEVEL_NORMAL;
}

void
fb_deadline_get_status (FbDeadline       *self,
                        FbIncident       *incident,
                        gint64            now,
                        FbDeadlineStatus *status)
{
  g_return_if_fail (FB_IS_DEADLINE (self));
  g_return_if_fail (FB_IS_INCIDENT (incident));
  g_return_if_fail (status != NULL);

  status->due_at = fb_deadline_get_due_at (self, incident);
  status->remaining = status->due_at > 0 ? status->due_at - now : 0;

  if (self->state == FB_DEADLINE_MET)
    status->level = FB_DEADLINE_LEVEL_MET;
  else if (self->state == FB_DEADLINE_WAIVED)
    status->level = FB_DEADLINE_LEVEL_WAIVED;
  else if (status->due_at == 0)
    status->level = FB_DEADLINE_LEVEL_NORMAL;
  else
    status->level = fb_deadline_level_at (get_start (self, incident), status->due_at, now);
}

/**
 * fb_deadline_get_display_name:
 * @kind: (nullable): the incident's playbook
 * @playbooks: (nullable): where to find it
 * @basis_out: (out) (optional) (transfer none): the legal basis to show
 *
 * A deadline made from a playbook is stored in the language of whoever
 * declared the incident; each reader sees its name and basis in their own,
 * unless someone changed them by hand.
 *
 * Returns: (transfer none): the name to show
 */
const char *
fb_deadline_get_display_name (FbDeadline         *self,
                              const char         *kind,
                              FbPlaybookLibrary  *playbooks,
                              const char        **basis_out)
{
  g_return_val_if_fail (FB_IS_DEADLINE (self), NULL);

  if (playbooks == NULL)
    {
      if (basis_out != NULL)
        *basis_out = fb_deadline_get_basis (self);
      return fb_deadline_get_name (self);
    }

  return fb_playbook_library_localize_deadline (playbooks, kind, fb_deadline_get_playbook_deadline (self),
                                                fb_deadline_get_name (self), fb_deadline_get_basis (self),
                                                basis_out);
}
