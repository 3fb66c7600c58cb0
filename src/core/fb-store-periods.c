/* fb-store-periods.c — operational periods, and the briefing they and
 * the handovers start from
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An operational period (period.start) has a number, a start, its
 * objectives and a briefing; the current one is the one started last.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-checklist-item.h"
#include "fb-deadline.h"
#include "fb-entry.h"
#include "fb-error.h"
#include "fb-handover-private.h"
#include "fb-incident.h"
#include "fb-incident-summary.h"
#include "fb-op-kinds-private.h"
#include "fb-store-changes-private.h"
#include "fb-store-deadlines.h"
#include "fb-store-handover.h"
#include "fb-store-updates.h"
#include "fb-worker-private.h"

JsonObject *
_fb_describe_period_start (const FbOp *op,
                           char      **text)
{
  JsonObject *body = op->body;
  gint64 number = json_object_get_int_member_with_default (body, "number", 0);
  const char *objectives = json_object_get_string_member_with_default (body, "objectives", "");
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "event", "period");
  json_object_set_string_member (data, "period", op->entity);
  json_object_set_int_member (data, "number", number);
  json_object_set_string_member (data, "objectives", objectives);

  *text = objectives[0] != '\0'
    ? g_strdup_printf ("Operational period %d started\nObjectives: %s", (int) number, objectives)
    : g_strdup_printf ("Operational period %d started", (int) number);
  return data;
}

/* The briefing ---------------------------------------------------------------- */

/* Room left for an ellipsis under the limit of a field of the op. */
#define BRIEFING_PART_MAX (FB_OP_MAX_NOTE - 8)

/* Adds a line while the part stays within what an op may carry, and
 * otherwise ends it with an ellipsis once. */
static void
append_line (GString    *out,
             const char *line)
{
  if (g_str_has_suffix (out->str, "…"))
    return;

  if (out->len + strlen (line) + 1 > BRIEFING_PART_MAX)
    {
      g_string_append (out, out->len > 0 ? "\n…" : "…");
      return;
    }

  if (out->len > 0)
    g_string_append_c (out, '\n');
  g_string_append (out, line);
}

static char *
build_situation (FbStore    *store,
                 FbIncident *incident)
{
  g_autoptr(GListModel) pinned = fb_store_list_entries_where (store, fb_incident_get_id (incident),
                                                              G_MAXUINT, TRUE, 20);
  GString *out = g_string_new (NULL);
  g_autofree char *phase = g_strdup_printf (_("Phase: %s"),
                                            fb_phase_get_label (fb_incident_get_phase (incident)));

  append_line (out, phase);
  for (guint i = 0; i < g_list_model_get_n_items (pinned); i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (pinned, i);
      g_autofree char *line = g_strdup_printf ("• %s", fb_entry_get_text (entry));

      append_line (out, line);
    }

  return g_string_free (out, FALSE);
}

static char *
build_open_items (FbStore    *store,
                  const char *incident)
{
  g_autoptr(GListModel) checklist = fb_store_list_checklist (store, incident);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (checklist); i++)
    {
      g_autoptr(FbChecklistItem) item = g_list_model_get_item (checklist, i);
      FbItemState state = fb_checklist_item_get_state (item);
      const char *assignee = fb_checklist_item_get_assignee (item);
      g_autofree char *line = NULL;

      if (state == FB_ITEM_DONE || state == FB_ITEM_SKIPPED)
        continue;

      line = assignee[0] != '\0'
        ? g_strdup_printf ("• %s (%s)", fb_checklist_item_get_text (item), assignee)
        : g_strdup_printf ("• %s", fb_checklist_item_get_text (item));
      append_line (out, line);
    }

  return g_string_free (out, FALSE);
}

static char *
build_pending (FbStore    *store,
               const char *incident)
{
  g_autoptr(GListModel) decisions = fb_store_list_entries_where (store, incident,
                                                                 1u << FB_ENTRY_DECISION, FALSE, 0);
  g_autoptr(GPtrArray) pending = fb_incident_summary_decisions (decisions, TRUE);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < pending->len; i++)
    {
      g_autofree char *line = g_strdup_printf ("• %s", fb_entry_get_text (g_ptr_array_index (pending, i)));

      append_line (out, line);
    }

  return g_string_free (out, FALSE);
}

static char *
build_deadlines (FbContext  *context,
                 FbIncident *incident)
{
  FbStore *store = fb_context_get_store (context);
  g_autoptr(GListModel) deadlines = fb_store_list_deadlines (store, fb_incident_get_id (incident));
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (deadlines); i++)
    {
      g_autoptr(FbDeadline) deadline = g_list_model_get_item (deadlines, i);
      gint64 due_at = fb_deadline_get_due_at (deadline, incident);
      g_autofree char *when = NULL;
      g_autofree char *line = NULL;

      if (fb_deadline_get_state (deadline) != FB_DEADLINE_OPEN || due_at <= 0)
        continue;

      when = fb_context_format_time_full (context, due_at);
      line = g_strdup_printf ("• %s — %s", fb_deadline_get_name (deadline), when);
      append_line (out, line);
    }

  return g_string_free (out, FALSE);
}

/**
 * fb_briefing_build:
 *
 * The briefing as the record stands: the situation from the phase and the
 * pinned facts, the current period's objectives, the open steps, the
 * pending decisions, the open deadlines and the next update due. The
 * handover and period dialogs start from it; the user edits it.
 *
 * Returns: (transfer full): the briefing
 */
FbBriefing *
fb_briefing_build (FbContext  *context,
                   const char *incident)
{
  FbStore *store;
  g_autoptr(FbIncident) current = NULL;
  g_autoptr(FbPeriod) period = NULL;
  FbBriefing *briefing = fb_briefing_new ();
  gint64 due_at;

  g_return_val_if_fail (FB_IS_CONTEXT (context), briefing);
  g_return_val_if_fail (incident != NULL, briefing);

  store = fb_context_get_store (context);
  current = fb_store_get_incident (store, incident);
  if (current == NULL)
    return briefing;

  g_free (briefing->situation);
  briefing->situation = build_situation (store, current);
  period = fb_store_get_current_period (store, incident);
  if (period != NULL)
    {
      g_free (briefing->objectives);
      briefing->objectives = g_strdup (period->briefing->objectives);
    }
  g_free (briefing->open_items);
  briefing->open_items = build_open_items (store, incident);
  g_free (briefing->pending_decisions);
  briefing->pending_decisions = build_pending (store, incident);
  g_free (briefing->deadlines);
  briefing->deadlines = build_deadlines (context, current);
  if (fb_store_get_next_update_due (store, incident, &due_at) && due_at > fb_context_now_ms (context))
    briefing->next_update_at = due_at;

  return briefing;
}

/* Periods --------------------------------------------------------------------- */

#define PERIOD_COLUMNS \
  "id, incident, number, started_at, planned_min, situation, objectives, open_items," \
  " pending_decisions, deadlines, next_update_at"

static FbPeriod *
period_from_row (sqlite3_stmt *stmt)
{
  FbPeriod *self = _fb_period_new ();
  FbBriefing *briefing = g_new0 (FbBriefing, 1);

  self->id = _fb_column_dup (stmt, 0);
  self->incident = _fb_column_dup (stmt, 1);
  self->number = sqlite3_column_int (stmt, 2);
  self->started_at = sqlite3_column_int64 (stmt, 3);
  self->planned_min = sqlite3_column_int (stmt, 4);
  briefing->situation = _fb_column_dup (stmt, 5);
  briefing->objectives = _fb_column_dup (stmt, 6);
  briefing->open_items = _fb_column_dup (stmt, 7);
  briefing->pending_decisions = _fb_column_dup (stmt, 8);
  briefing->deadlines = _fb_column_dup (stmt, 9);
  briefing->next_update_at = sqlite3_column_int64 (stmt, 10);
  self->briefing = briefing;

  return self;
}

/**
 * fb_store_list_periods:
 *
 * Returns: (transfer full): the operational periods of @incident in the
 *   order they started (#FbPeriod)
 */
GListModel *
fb_store_list_periods (FbStore    *self,
                       const char *incident)
{
  GListStore *list = g_list_store_new (FB_TYPE_PERIOD);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), G_LIST_MODEL (list));

  stmt = _fb_store_stmt (self, "SELECT " PERIOD_COLUMNS " FROM periods WHERE incident = ?"
                               " ORDER BY started_at, number, id");
  if (stmt == NULL)
    return G_LIST_MODEL (list);
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(FbPeriod) period = period_from_row (stmt);

      g_list_store_append (list, period);
    }
  sqlite3_reset (stmt);

  return G_LIST_MODEL (list);
}

/**
 * fb_store_get_current_period:
 *
 * Returns: (transfer full) (nullable): the period of @incident started
 *   last, or %NULL before the first
 */
FbPeriod *
fb_store_get_current_period (FbStore    *self,
                             const char *incident)
{
  sqlite3_stmt *stmt;
  FbPeriod *period = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  stmt = _fb_store_stmt (self, "SELECT " PERIOD_COLUMNS " FROM periods WHERE incident = ?"
                               " ORDER BY started_at DESC, number DESC, id DESC LIMIT 1");
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    period = period_from_row (stmt);
  sqlite3_reset (stmt);

  return period;
}

static gboolean
apply_drafts (FbStore   *self,
              GPtrArray *drafts,
              GError   **error)
{
  return fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

/**
 * fb_store_start_period:
 * @started_at: when it starts, 0 for now
 * @planned_min: how long it is planned to last, 0 for open-ended
 * @briefing: (nullable): its objectives and briefing
 *
 * Starts the next operational period of @incident, numbered after the
 * last one.
 *
 * Returns: (transfer full) (nullable): the period's id
 */
char *
fb_store_start_period (FbStore          *self,
                       const char       *incident,
                       gint64            started_at,
                       int               planned_min,
                       const FbBriefing *briefing,
                       GError          **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(FbIncident) current = NULL;
  g_autoptr(FbPeriod) last = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *id = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  current = _fb_store_find_incident (self, incident, error);
  if (current == NULL)
    return NULL;

  if (planned_min < 0 || planned_min > FB_OP_MAX_PERIOD_MIN)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("A period is planned for at most %d hours"), FB_OP_MAX_PERIOD_MIN / 60);
      return NULL;
    }

  if (started_at <= 0)
    started_at = fb_store_now_ms (self);

  last = fb_store_get_current_period (self, incident);
  if (last != NULL && started_at < last->started_at)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("A new period cannot start before period %d, which started earlier"),
                   last->number);
      return NULL;
    }

  json_object_set_int_member (body, "number", last != NULL ? last->number + 1 : 1);
  json_object_set_int_member (body, "started_at", started_at);
  if (planned_min > 0)
    json_object_set_int_member (body, "planned_min", planned_min);
  _fb_briefing_to_body (briefing, body);

  id = fb_uuid_new ();
  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_PERIOD_START, incident, id, body));
  if (!apply_drafts (self, drafts, error))
    return NULL;

  return g_steal_pointer (&id);
}
