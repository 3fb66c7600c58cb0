/* fb-types.c — wire names and labels of the core enums
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-types.h"

typedef struct
{
  const char *wire;
  const char *label;
} Name;

static const Name entry_kinds[] = {
  { "fact", N_("Fact") },
  { "decision", N_("Decision") },
  { "action", N_("Action") },
  { "escalation", N_("Escalation") },
  { "communication", N_("Communication") },
  { "evidence", N_("Evidence") },
  { "note", N_("Note") },
  { "system", N_("System") },
};

static const Name statuses[] = {
  { "open", N_("Open") },
  { "closed", N_("Closed") },
};

static const Name phases[] = {
  { "preparation", N_("Preparation") },
  { "detection", N_("Detection & analysis") },
  { "containment", N_("Containment & recovery") },
  { "post-incident", N_("Post-incident") },
};

static const Name worker_statuses[] = {
  { "investigating", N_("Investigating") },
  { "containing", N_("Containing") },
  { "reporting", N_("Reporting") },
  { "standby", N_("Standby") },
  { "off-shift", N_("Off shift") },
};

static const Name contact_categories[] = {
  { "management", N_("Management") },
  { "pr", N_("Public relations") },
  { "legal", N_("Legal") },
  { "it", N_("IT") },
  { "sales", N_("Sales") },
  { "vendor", N_("Vendor") },
  { "authority", N_("Authority") },
  { "other", N_("Other") },
};

static const Name sections[] = {
  { "fact-finding", N_("Fact-finding") },
  { "escalation", N_("Escalation") },
  { "damage-limitation", N_("Damage limitation") },
  { "recovery", N_("Eradication & recovery") },
  { "communications", N_("Communications") },
  { "post-incident", N_("Post-incident") },
};

static const Name item_states[] = {
  { "todo", N_("To do") },
  { "doing", N_("In progress") },
  { "done", N_("Done") },
  { "skipped", N_("Skipped") },
};

/* Translators: the audiences of status updates */
static const Name audiences[] = {
  { "management", N_("Management") },
  { "staff", N_("Staff") },
  { "customers", N_("Customers") },
  { "regulator", N_("Regulator") },
  { "police", N_("Police") },
};

static const Name record_types[] = {
  { "incident", N_("Incident") },
  { "readiness", N_("Readiness review") },
};

static const Name roles[] = {
  { "commander", N_("Incident commander") },
  { "deputy", N_("Deputy") },
  { "scribe", N_("Scribe") },
  { "comms-liaison", N_("Communications liaison") },
  { "technical-lead", N_("Technical lead") },
  { "legal", N_("Legal") },
  { "decision-maker", N_("Decision-maker") },
};

static gboolean
lookup (const Name *names,
        guint       n_names,
        const char *str,
        guint      *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (names[i].wire, str))
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_NAMES(prefix, Type, table)                               \
  const char *                                                          \
  prefix##_to_string (Type value)                                       \
  {                                                                     \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);  \
    return table[value].wire;                                           \
  }                                                                     \
                                                                        \
  gboolean                                                              \
  prefix##_from_string (const char *str,                                \
                        Type       *value)                              \
  {                                                                     \
    guint i;                                                            \
    if (!lookup (table, G_N_ELEMENTS (table), str, &i))                 \
      return FALSE;                                                     \
    if (value != NULL)                                                  \
      *value = (Type) i;                                                \
    return TRUE;                                                        \
  }                                                                     \
                                                                        \
  const char *                                                          \
  prefix##_get_label (Type value)                                       \
  {                                                                     \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);  \
    return g_dgettext (GETTEXT_PACKAGE, table[value].label);            \
  }

DEFINE_NAMES (fb_entry_kind, FbEntryKind, entry_kinds)
DEFINE_NAMES (fb_status, FbIncidentStatus, statuses)
DEFINE_NAMES (fb_phase, FbPhase, phases)
DEFINE_NAMES (fb_worker_status, FbWorkerStatus, worker_statuses)
DEFINE_NAMES (fb_contact_category, FbContactCategory, contact_categories)
DEFINE_NAMES (fb_section, FbSection, sections)
DEFINE_NAMES (fb_item_state, FbItemState, item_states)
DEFINE_NAMES (fb_audience, FbAudience, audiences)
DEFINE_NAMES (fb_record_type, FbRecordType, record_types)

G_STATIC_ASSERT (G_N_ELEMENTS (entry_kinds) == FB_N_ENTRY_KINDS);
G_STATIC_ASSERT (G_N_ELEMENTS (statuses) == FB_N_STATUSES);
G_STATIC_ASSERT (G_N_ELEMENTS (phases) == FB_N_PHASES);
G_STATIC_ASSERT (G_N_ELEMENTS (worker_statuses) == FB_N_WORKER_STATUSES);
G_STATIC_ASSERT (G_N_ELEMENTS (contact_categories) == FB_N_CONTACT_CATEGORIES);
G_STATIC_ASSERT (G_N_ELEMENTS (sections) == FB_N_SECTIONS);
G_STATIC_ASSERT (G_N_ELEMENTS (audiences) == FB_N_AUDIENCES);
G_STATIC_ASSERT (G_N_ELEMENTS (item_states) == FB_N_ITEM_STATES);
G_STATIC_ASSERT (G_N_ELEMENTS (record_types) == FB_N_RECORDS);

/* Custom roles are free text, shown as typed. */
const char *
fb_role_get_label (const char *role)
{
  guint i;

  g_return_val_if_fail (role != NULL, NULL);

  if (lookup (roles, G_N_ELEMENTS (roles), role, &i))
    return g_dgettext (GETTEXT_PACKAGE, roles[i].label);

  return role;
}

const char * const *
fb_role_get_standard (void)
{
  static const char *standard[G_N_ELEMENTS (roles) + 1];

  if (standard[0] == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
        standard[i] = roles[i].wire;
    }

  return standard;
}
