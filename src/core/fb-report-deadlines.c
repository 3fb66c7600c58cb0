/* fb-report-deadlines.c — the incident's deadlines and their outcomes, for
 * the report's key times
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-report-private.h"
#include "fb-store-deadlines.h"

static char *
describe_outcome (FbDeadline *deadline,
                  gint64      due_at,
                  gint64      now)
{
  g_autofree char *span = NULL;
  g_autofree char *at = NULL;

  switch (fb_deadline_get_state (deadline))
    {
    case FB_DEADLINE_MET:
      at = fb_report_format_time (fb_deadline_get_met_at (deadline));
      if (due_at == 0 || fb_deadline_get_met_at (deadline) <= due_at)
        /* Translators: %s is a date and time */
        return g_strdup_printf (_("Met %s, on time"), at);
      span = fb_report_format_duration (fb_deadline_get_met_at (deadline) - due_at);
      /* Translators: the first %s is a date and time, the second a span of time */
      return g_strdup_printf (_("Met %s, %s late"), at, span);

    case FB_DEADLINE_WAIVED:
      /* Translators: %s is the reason given */
      return g_strdup_printf (_("Waived: %s"), fb_deadline_get_reason (deadline));

    case FB_DEADLINE_OPEN:
    case FB_N_DEADLINE_STATES:
    default:
      break;
    }

  if (due_at == 0)
    return g_strdup (C_("deadline", "Open"));

  span = fb_report_format_duration (ABS (due_at - now));
  /* Translators: %s is a span of time */
  return due_at < now ? g_strdup_printf (_("Open, overdue by %s"), span)
                      : g_strdup_printf (_("Open, %s left"), span);
}

/* Each deadline that applies as the row (name, legal basis, due, outcome),
 * in the order they fall due. Returns: (transfer full): GStrv rows */
GPtrArray *
_fb_report_deadline_rows (FbStore    *store,
                          FbIncident *incident)
{
  g_autoptr(GListModel) deadlines = fb_store_list_deadlines (store, fb_incident_get_id (incident));
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gint64 now = fb_store_now_ms (store);

  for (guint i = 0; i < g_list_model_get_n_items (deadlines); i++)
    {
      g_autoptr(FbDeadline) deadline = g_list_model_get_item (deadlines, i);
      gint64 due_at = fb_deadline_get_due_at (deadline, incident);
      char **row = g_new0 (char *, 5);

      row[0] = g_strdup (fb_deadline_get_name (deadline));
      row[1] = g_strdup (fb_deadline_get_basis (deadline));
      row[2] = fb_report_format_time (due_at);
      row[3] = describe_outcome (deadline, due_at, now);
      g_ptr_array_add (rows, row);
    }

  return rows;
}

/* The answers of "Which rules apply?", as a sentence for the report. */
char *
_fb_report_deadline_rules (FbIncident *incident)
{
  FbDeadlineRules answers;
  const char *yes = _("yes"), *no = _("no");

  fb_incident_get_rules (incident, &answers);
  /* Translators: the answers that decide which deadlines apply; each %s is "yes" or "no" */
  return g_strdup_printf (_("Rules that apply: personal data %s, people in the EU %s, NIS2 entity %s, "
                            "improper purpose %s."),
                          answers.personal_data ? yes : no, answers.eu_people ? yes : no,
                          answers.nis2_entity ? yes : no, answers.improper_purpose ? yes : no);
}
