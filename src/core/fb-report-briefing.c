/* fb-report-briefing.c — the briefing as a one-page form, and the report's
 * section for each operational period
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form of a handover or of a period follows ICS 201: who, when, the
 * situation, the objectives, the open steps, the pending decisions, the
 * deadlines and the next update, with lines to sign. It fits on one page:
 * each part is cut to a few lines, and the record keeps the rest.
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-error.h"
#include "fb-incident.h"
#include "fb-report-private.h"
#include "fb-role.h"
#include "fb-store-handover.h"

/* A part's box: printed lines, and columns of a line (a wide character
 * takes two), a little under what the paper holds. */
#define PART_MAX_LINES 7
#define PART_COLUMNS   80

/* Where @line reaches @columns on paper, a wide (Japanese) character
 * taking two; its end if sooner. */
static const char *
reach (const char *line,
       glong       columns,
       glong      *used)
{
  const char *p = line;

  *used = 0;
  while (*p != '\0')
    {
      glong width = g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

      if (*used + width > columns)
        break;
      *used += width;
      p = g_utf8_next_char (p);
    }

  return p;
}

/* @text cut to fit its box on the form: so many printed lines, a long
 * line counting for the lines it wraps to. */
static char *
clamp_part (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  GString *out = g_string_new (NULL);
  glong left = PART_MAX_LINES;
  gboolean cut = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      glong used;
      const char *end;

      if (left <= 0)
        {
          cut = TRUE;
          break;
        }

      end = reach (lines[i], left * PART_COLUMNS, &used);
      /* Not in the middle of a word, where words have spaces. */
      if (*end != '\0')
        for (const char *space = end; space > lines[i] && end - space < 20; space--)
          if (*space == ' ')
            {
              end = space;
              break;
            }
      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append_len (out, lines[i], end - lines[i]);
      left -= MAX (1, (used + PART_COLUMNS - 1) / PART_COLUMNS);
      if (*end != '\0')
        {
          cut = TRUE;
          break;
        }
    }

  if (cut)
    g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", _("… more in the record"));

  return g_string_free (out, FALSE);
}

static void
add_part (FbBlock    *form,
          const char *label,
          const char *text,
          gboolean    always)
{
  g_autofree char *clamped = NULL;

  if (!always && (text == NULL || text[0] == '\0'))
    return;

  clamped = clamp_part (text);
  _fb_report_add_form_row (form, label, clamped[0] != '\0' ? clamped : "—");
}

static void
add_briefing (FbBlock          *form,
              const FbBriefing *briefing,
              gboolean          always)
{
  g_autofree char *next = NULL;

  add_part (form, _("Situation"), briefing->situation, always);
  add_part (form, _("Objectives"), briefing->objectives, always);
  add_part (form, _("Open steps"), briefing->open_items, always);
  add_part (form, _("Pending decisions"), briefing->pending_decisions, always);
  add_part (form, _("Deadlines"), briefing->deadlines, always);
  if (briefing->next_update_at > 0)
    next = fb_report_format_time (briefing->next_update_at);
  if (always || next != NULL)
    _fb_report_add_form_row (form, _("Next update due"), next != NULL ? next : _("None promised"));
}

static char *
describe_state (FbHandover *handover)
{
  g_autofree char *at = fb_report_format_time (fb_handover_get_closed_at (handover));

  switch (fb_handover_get_state (handover))
    {
    case FB_HANDOVER_ACCEPTED:
      /* Translators: a time, then the person who accepted command */
      return g_strdup_printf (_("Accepted %s by %s"), at, fb_handover_get_closed_by (handover));
    case FB_HANDOVER_DECLINED:
      return g_strdup_printf (_("Declined %s by %s"), at, fb_handover_get_closed_by (handover));
    case FB_HANDOVER_WITHDRAWN:
      return g_strdup_printf (_("Withdrawn %s by %s"), at, fb_handover_get_closed_by (handover));
    case FB_HANDOVER_OFFERED:
    default:
      return g_strdup (_("Offered, waiting for acceptance"));
    }
}

static char *
describe_period (FbPeriod *period)
{
  g_autofree char *since = NULL;

  if (period == NULL)
    return g_strdup (_("None started"));

  since = fb_report_format_time (fb_period_get_started_at (period));
  /* Translators: the number of an operational period, and when it started */
  return g_strdup_printf (_("Period %d, since %s"), fb_period_get_number (period), since);
}

/* The period a handover falls in: the last one started before it. */
static FbPeriod *
period_at (FbStore    *store,
           const char *incident,
           gint64      at)
{
  g_autoptr(GListModel) periods = fb_store_list_periods (store, incident);
  FbPeriod *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (periods); i++)
    {
      g_autoptr(FbPeriod) period = g_list_model_get_item (periods, i);

      if (fb_period_get_started_at (period) <= at)
        g_set_object (&found, period);
    }

  return found;
}

static void
add_signatures (FbBlock    *form,
                const char *first,
                const char *second)
{
  /* Translators: lines to sign by hand on the printed form */
  g_autofree char *lines = g_strdup_printf (_("%s: ____________________    %s: ____________________"),
                                            first, second);

  _fb_report_add_form_row (form, _("Signatures"), lines);
}

/**
 * fb_report_new_briefing:
 * @id: a handover's or an operational period's id
 *
 * The briefing of a handover or of a period as a form that prints on one
 * page.
 *
 * Returns: (transfer full): the form, or %NULL with @error set
 */
FbReport *
fb_report_new_briefing (FbStore    *store,
                        const char *incident,
                        const char *id,
                        GError    **error)
{
  g_autoptr(FbIncident) subject = NULL;
  g_autoptr(FbHandover) handover = NULL;
  g_autoptr(FbPeriod) period = NULL;
  g_autofree char *title = NULL;
  g_autofree char *prepared = NULL;
  g_autofree char *period_text = NULL;
  FbReport *report;
  FbBlock *form;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (incident != NULL && id != NULL, NULL);

  subject = fb_store_get_incident (store, incident);
  handover = subject != NULL ? fb_store_get_handover (store, id) : NULL;
  if (subject != NULL && handover == NULL)
    {
      g_autoptr(GListModel) periods = fb_store_list_periods (store, incident);

      for (guint i = 0; i < g_list_model_get_n_items (periods) && period == NULL; i++)
        {
          g_autoptr(FbPeriod) one = g_list_model_get_item (periods, i);

          if (g_str_equal (fb_period_get_id (one), id))
            period = g_steal_pointer (&one);
        }
    }

  if (subject == NULL || (handover == NULL && period == NULL))
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                           _("This briefing is not in the record of this incident"));
      return NULL;
    }

  prepared = fb_report_format_time (fb_store_now_ms (store));
  if (handover != NULL)
    {
      g_autoptr(FbPeriod) during = period_at (store, incident, fb_handover_get_offered_at (handover));
      g_autofree char *offered = fb_report_format_time (fb_handover_get_offered_at (handover));
      g_autofree char *state = describe_state (handover);
      const char *outgoing = fb_handover_get_outgoing (handover);

      /* Translators: the title of the printed handover form; %s is the incident's title */
      title = g_strdup_printf (_("Incident Briefing (ICS 201): %s"), fb_incident_get_title (subject));
      report = _fb_report_new (title);
      form = _fb_report_add_form (report, _("Item"), _("Entry"));
      _fb_report_add_form_row (form, _("Incident"), fb_incident_get_title (subject));
      _fb_report_add_form_row (form, _("Prepared"), prepared);
      period_text = describe_period (during);
      _fb_report_add_form_row (form, _("Operational period"), period_text);
      _fb_report_add_form_row (form, _("Outgoing commander"), outgoing[0] != '\0' ? outgoing : _("Vacant"));
      _fb_report_add_form_row (form, _("Incoming commander"), fb_handover_get_incoming (handover));
      _fb_report_add_form_row (form, _("Offered"), offered);
      _fb_report_add_form_row (form, _("Status"), state);
      add_briefing (form, fb_handover_get_briefing (handover), TRUE);
      add_signatures (form, _("Outgoing"), _("Incoming"));
    }
  else
    {
      g_autoptr(FbRole) commander = fb_store_get_role (store, incident, "commander");
      int planned = fb_period_get_planned_min (period);
      g_autofree char *length = planned > 0 ? fb_report_format_duration ((gint64) planned * 60000)
                                            : g_strdup (_("Open-ended"));

      /* Translators: the title of a printed period briefing; %d is its number, %s the incident's title */
      title = g_strdup_printf (_("Operational Period %d Briefing: %s"), fb_period_get_number (period),
                               fb_incident_get_title (subject));
      report = _fb_report_new (title);
      form = _fb_report_add_form (report, _("Item"), _("Entry"));
      _fb_report_add_form_row (form, _("Incident"), fb_incident_get_title (subject));
      _fb_report_add_form_row (form, _("Prepared"), prepared);
      period_text = describe_period (period);
      _fb_report_add_form_row (form, _("Operational period"), period_text);
      _fb_report_add_form_row (form, _("Planned length"), length);
      _fb_report_add_form_row (form, _("Commander"),
                               commander != NULL ? fb_role_get_person (commander) : _("Vacant"));
      add_briefing (form, fb_period_get_briefing (period), TRUE);
      add_signatures (form, _("Commander"), _("Briefed"));
    }

  return report;
}

/* A section for each operational period: when, for how long, and its
 * briefing. */
void
_fb_report_add_periods (FbReport   *report,
                        FbStore    *store,
                        const char *incident)
{
  g_autoptr(GListModel) periods = fb_store_list_periods (store, incident);

  for (guint i = 0; i < g_list_model_get_n_items (periods); i++)
    {
      g_autoptr(FbPeriod) period = g_list_model_get_item (periods, i);
      g_autofree char *heading = g_strdup_printf (_("Operational period %d"), fb_period_get_number (period));
      g_autofree char *started = fb_report_format_time (fb_period_get_started_at (period));
      int planned = fb_period_get_planned_min (period);
      FbBlock *form;

      _fb_report_add_text (report, FB_BLOCK_HEADING, heading);
      form = _fb_report_add_form (report, _("Item"), _("Entry"));
      _fb_report_add_form_row (form, _("Started"), started);
      if (planned > 0)
        {
          g_autofree char *length = fb_report_format_duration ((gint64) planned * 60000);

          _fb_report_add_form_row (form, _("Planned length"), length);
        }
      add_briefing (form, fb_period_get_briefing (period), FALSE);
    }
}
