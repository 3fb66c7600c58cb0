/* fb-drill-report.c — what a drill showed: the after-action report
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected response of every inject is looked for in the record the
 * players made (checklist steps, decisions, contacts logged), so the report
 * needs nobody to have kept score. Times are drill minutes, which is what
 * the scenario's "within" counts in, whatever the drill's speed.
 */

#define G_LOG_DOMAIN "fb-drill"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-checklist-item.h"
#include "fb-contact.h"
#include "fb-drill-report.h"
#include "fb-entry.h"
#include "fb-error.h"
#include "fb-incident.h"

static void
result_free (gpointer data)
{
  FbDrillResult *result = data;

  g_free (result->by);
  g_free (result);
}

const char *
fb_drill_outcome_get_label (FbDrillOutcome outcome)
{
  switch (outcome)
    {
    case FB_DRILL_MET:
      return _("Met");
    case FB_DRILL_LATE:
      return _("Late");
    case FB_DRILL_MISSED:
      return _("Missed");
    case FB_DRILL_NOT_RELEASED:
    default:
      return _("Inject not released");
    }
}

typedef struct
{
  FbStore    *store;
  const char *incident;
  gint64      started_at;
  int         speed;
  GListModel *checklist;
  GListModel *decisions;
  GListModel *contact_logs;
} Record;

static gint64
to_drill_minutes (const Record *record,
                  gint64        time)
{
  return (time - record->started_at) * record->speed / 60000;
}

static FbContactCategory
category_of_log (FbStore *store,
                 FbEntry *entry,
                 gboolean *known)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(FbContact) contact = NULL;
  const char *id;

  *known = FALSE;
  if (!json_parser_load_from_data (parser, fb_entry_get_data (entry), -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FB_CONTACT_OTHER;

  id = json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                   "contact", "");
  contact = id[0] != '\0' ? fb_store_get_contact (store, id) : NULL;
  if (contact == NULL)
    return FB_CONTACT_OTHER;

  *known = TRUE;
  return fb_contact_get_category (contact);
}

/* The first answer to @expect at or after @since: its time and author. */
static gboolean
find_answer (const Record           *record,
             const FbScenarioExpect *expect,
             gint64                  since,
             gint64                 *at,
             char                  **by)
{
  GListModel *list;

  if (expect->kind == FB_EXPECT_STEP)
    {
      for (guint i = 0; i < g_list_model_get_n_items (record->checklist); i++)
        {
          g_autoptr(FbChecklistItem) item = g_list_model_get_item (record->checklist, i);

          if (g_strcmp0 (fb_checklist_item_get_playbook_item (item), expect->step) == 0 &&
              fb_checklist_item_get_state (item) == FB_ITEM_DONE)
            {
              /* Done before the inject asked for it counts, at once. */
              *at = MAX (fb_checklist_item_get_done_at (item), since);
              *by = g_strdup (fb_checklist_item_get_done_by (item));
              return TRUE;
            }
        }
      return FALSE;
    }

  list = expect->kind == FB_EXPECT_DECISION ? record->decisions : record->contact_logs;
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (list, i);
      gboolean known;

      if (fb_entry_get_occurred_at (entry) < since)
        continue;
      if (expect->kind == FB_EXPECT_TOLD &&
          (category_of_log (record->store, entry, &known) != expect->category || !known))
        continue;

      *at = fb_entry_get_occurred_at (entry);
      *by = g_strdup (fb_entry_get_author (entry));
      return TRUE;
    }

  return FALSE;
}

/**
 * fb_drill_assess:
 *
 * Returns: (element-type FbDrillResult): one result per expected response,
 *   in script order
 */
GPtrArray *
fb_drill_assess (FbStore    *store,
                 const char *incident,
                 FbScenario *scenario,
                 GError    **error)
{
  g_autoptr(GPtrArray) released = NULL;
  g_autoptr(GListModel) checklist = NULL, decisions = NULL, contact_logs = NULL;
  GPtrArray *results;
  Record record = { store, incident, 0, 1, NULL, NULL, NULL };

  if (!fb_drill_get_start (store, incident, NULL, &record.started_at, &record.speed))
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("This incident was not started from a drill scenario"));
      return NULL;
    }

  released = fb_drill_list_released (store, incident);
  record.checklist = checklist = fb_store_list_checklist (store, incident);
  record.decisions = decisions = fb_store_list_entries_where (store, incident, 1u << FB_ENTRY_DECISION,
                                                              FALSE, 0);
  record.contact_logs = contact_logs = fb_store_list_contact_logs (store, incident);
  results = g_ptr_array_new_with_free_func (result_free);

  for (guint i = 0; i < fb_scenario_get_n_injects (scenario); i++)
    {
      const FbScenarioInject *inject = fb_scenario_get_inject (scenario, i);
      const FbDrillRelease *release = NULL;

      for (guint j = 0; j < released->len && release == NULL; j++)
        if (g_str_equal (((FbDrillRelease *) g_ptr_array_index (released, j))->inject, inject->id))
          release = g_ptr_array_index (released, j);

      for (guint k = 0; k < inject->expects->len; k++)
        {
          FbDrillResult *result = g_new0 (FbDrillResult, 1);
          gint64 at = 0;

          result->inject = inject;
          result->expect = &g_array_index (inject->expects, FbScenarioExpect, k);
          result->released_min = release != NULL ? to_drill_minutes (&record, release->released_at) : -1;
          result->answered_min = -1;

          if (release == NULL)
            result->outcome = FB_DRILL_NOT_RELEASED;
          else if (!find_answer (&record, result->expect, release->released_at, &at, &result->by))
            result->outcome = FB_DRILL_MISSED;
          else
            {
              result->answered_min = to_drill_minutes (&record, at);
              result->outcome = result->answered_min - result->released_min <= result->expect->within_min
                                ? FB_DRILL_MET : FB_DRILL_LATE;
            }

          g_ptr_array_add (results, result);
        }
    }

  return results;
}
