/* fb-drill.c — running a scenario as a drill incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The drill's state is its incident's timeline: a "drill-started" system
 * entry and one "inject" system entry per inject released. Injects are
 * ordinary entry.add ops, so they reach every player's workstation by sync
 * and verify like any entry; whoever runs the script next (the console
 * after the CLI, or another facilitator) reads what is out from there.
 */

#define G_LOG_DOMAIN "fb-drill"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-checklist-item.h"
#include "fb-drill.h"
#include "fb-entry.h"
#include "fb-error.h"
#include "fb-scenario-private.h"

static void
release_free (gpointer data)
{
  FbDrillRelease *release = data;

  g_free (release->inject);
  g_free (release->entry);
  g_free (release);
}

static JsonObject *
parse_object (const char *data)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (data == NULL || !json_parser_load_from_data (parser, data, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The incident's system entries whose data holds @event, oldest first. */
static GPtrArray *
list_events (FbStore    *store,
             const char *incident,
             const char *event)
{
  g_autoptr(GListModel) entries = fb_store_list_entries_where (store, incident, 1u << FB_ENTRY_SYSTEM,
                                                               FALSE, 0);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i);
      g_autoptr(JsonObject) data = parse_object (fb_entry_get_data (entry));

      if (data != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (data, "event", ""), event) == 0)
        g_ptr_array_add (found, g_steal_pointer (&entry));
    }

  return found;
}

/**
 * fb_drill_start:
 * @speed: drill minutes per real minute, 1 to %FB_DRILL_MAX_SPEED
 *
 * Declares a drill incident with the scenario's playbook and notes the
 * start, with the setting, on its timeline.
 *
 * Returns: the incident's id
 */
char *
fb_drill_start (FbStore    *store,
                FbScenario *scenario,
                int         speed,
                GError    **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *incident = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *text = NULL;
  FbIncidentPlan plan = { 0 };

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (FB_IS_SCENARIO (scenario), NULL);

  if (speed < 1 || speed > FB_DRILL_MAX_SPEED)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("The drill speed must be from 1 to %d drill minutes a minute"), FB_DRILL_MAX_SPEED);
      return NULL;
    }

  plan.title = fb_scenario_get_title_in (scenario, NULL);
  plan.playbook = fb_scenario_get_playbook (scenario);
  plan.severity = 2;
  plan.drill = TRUE;
  incident = fb_store_declare_incident (store, &plan, error);
  if (incident == NULL)
    return NULL;

  json_object_set_string_member (data, "event", "drill-started");
  json_object_set_string_member (data, "scenario", fb_scenario_get_id (scenario));
  json_object_set_int_member (data, "speed", speed);
  json_object_set_string_member (data, "en", fb_scenario_get_setting_in (scenario, "en"));
  json_object_set_string_member (data, "ja", fb_scenario_get_setting_in (scenario, "ja"));
  text = g_strdup_printf ("Drill started: %s", fb_scenario_get_setting_in (scenario, "en"));
  entry = fb_store_add_entry (store, incident, FB_ENTRY_SYSTEM, text, fb_store_now_ms (store),
                              NULL, data, error);
  if (entry == NULL)
    return NULL;

  return g_steal_pointer (&incident);
}

/* What the "drill-started" entry says; FALSE for an incident that is no
 * scripted drill. */
gboolean
fb_drill_get_start (FbStore    *store,
                    const char *incident,
                    char      **scenario,
                    gint64     *started_at,
                    int        *speed)
{
  g_autoptr(GPtrArray) started = list_events (store, incident, "drill-started");
  g_autoptr(JsonObject) data = NULL;
  FbEntry *entry;

  if (started->len == 0)
    return FALSE;

  entry = g_ptr_array_index (started, 0);
  data = parse_object (fb_entry_get_data (entry));
  if (scenario != NULL)
    *scenario = g_strdup (json_object_get_string_member_with_default (data, "scenario", ""));
  if (started_at != NULL)
    *started_at = fb_entry_get_occurred_at (entry);
  if (speed != NULL)
    *speed = (int) CLAMP (json_object_get_int_member_with_default (data, "speed", 1), 1,
                          FB_DRILL_MAX_SPEED);
  return TRUE;
}

/* Returns: (element-type FbDrillRelease): the injects out, oldest first */
GPtrArray *
fb_drill_list_released (FbStore    *store,
                        const char *incident)
{
  g_autoptr(GPtrArray) entries = list_events (store, incident, "inject");
  GPtrArray *released = g_ptr_array_new_with_free_func (release_free);

  for (guint i = 0; i < entries->len; i++)
    {
      FbEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(JsonObject) data = parse_object (fb_entry_get_data (entry));
      FbDrillRelease *release = g_new0 (FbDrillRelease, 1);

      release->inject = g_strdup (json_object_get_string_member_with_default (data, "inject", ""));
      release->entry = g_strdup (fb_entry_get_id (entry));
      release->released_at = fb_entry_get_occurred_at (entry);
      release->speed = (int) CLAMP (json_object_get_int_member_with_default (data, "speed", 1), 1,
                                    FB_DRILL_MAX_SPEED);
      g_ptr_array_add (released, release);
    }

  return released;
}

static gint64
drill_minutes_to_ms (gint64 minutes,
                     int    speed)
{
  return minutes * 60000 / speed;
}

/* When the step with playbook item @step was done, or 0. */
static gint64
find_step_done (FbStore    *store,
                const char *incident,
                const char *step)
{
  g_autoptr(GListModel) items = fb_store_list_checklist (store, incident);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FbChecklistItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (fb_checklist_item_get_playbook_item (item), step) == 0 &&
          fb_checklist_item_get_state (item) == FB_ITEM_DONE)
        return fb_checklist_item_get_done_at (item);
    }

  return 0;
}

/* When the @n-th decision (from 1) was recorded, or 0. */
static gint64
find_decision (FbStore    *store,
               const char *incident,
               gint64      n)
{
  g_autoptr(GListModel) decisions = fb_store_list_entries_where (store, incident,
                                                                 1u << FB_ENTRY_DECISION, FALSE, 0);
  g_autoptr(FbEntry) entry = NULL;

  if (n < 1 || n > g_list_model_get_n_items (decisions))
    return 0;

  entry = g_list_model_get_item (decisions, (guint) n - 1);
  return fb_entry_get_occurred_at (entry);
}

/**
 * fb_drill_get_due_at:
 *
 * Returns: when @inject falls due in real time, or 0 while the event it
 *   waits for has not happened
 */
gint64
fb_drill_get_due_at (FbStore                *store,
                     const char             *incident,
                     FbScenario             *scenario,
                     const FbScenarioInject *inject,
                     gint64                  started_at,
                     int                     speed)
{
  gint64 event_at = 0;

  switch (inject->trigger)
    {
    case FB_TRIGGER_AT:
      return started_at + drill_minutes_to_ms (inject->minutes, speed);
    case FB_TRIGGER_AFTER_STEP:
      event_at = find_step_done (store, incident, inject->step);
      break;
    case FB_TRIGGER_AFTER_DECISION:
    default:
      event_at = find_decision (store, incident, inject->decision);
      break;
    }

  if (event_at == 0)
    return 0;

  return MAX (event_at, started_at) + drill_minutes_to_ms (inject->minutes, speed);
}

/* Puts one inject on the timeline now, whether due or not (the console
 * releases by hand). */
char *
fb_drill_release (FbStore                *store,
                  const char             *incident,
                  FbScenario             *scenario,
                  const FbScenarioInject *inject,
                  int                     speed,
                  GError                **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (FB_IS_SCENARIO (scenario), NULL);

  json_object_set_string_member (data, "event", "inject");
  json_object_set_string_member (data, "scenario", fb_scenario_get_id (scenario));
  json_object_set_string_member (data, "inject", inject->id);
  json_object_set_string_member (data, "kind", inject->kind);
  json_object_set_int_member (data, "speed", speed);
  json_object_set_string_member (data, "en", inject->text.en);
  json_object_set_string_member (data, "ja", inject->text.ja);
  text = g_strdup_printf ("Drill inject: %s", inject->text.en);

  return fb_store_add_entry (store, incident, FB_ENTRY_SYSTEM, text, fb_store_now_ms (store),
                             NULL, data, error);
}

/**
 * fb_drill_release_due:
 * @next_due: (out): the earliest time a pending inject falls due, or 0
 *   when none has a time yet
 *
 * Releases every inject of @scenario that has fallen due by the store's
 * clock and is not yet on the timeline.
 *
 * Returns: how many were released, or -1 with @error set
 */
int
fb_drill_release_due (FbStore    *store,
                      const char *incident,
                      FbScenario *scenario,
                      int         speed,
                      gint64     *next_due,
                      GError    **error)
{
  g_autoptr(GPtrArray) released = fb_drill_list_released (store, incident);
  g_autoptr(GHashTable) out = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 started_at = 0;
  gint64 now = fb_store_now_ms (store);
  int n = 0;

  *next_due = 0;
  if (!fb_drill_get_start (store, incident, NULL, &started_at, NULL))
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("This incident was not started from a drill scenario"));
      return -1;
    }

  for (guint i = 0; i < released->len; i++)
    g_hash_table_add (out, ((FbDrillRelease *) g_ptr_array_index (released, i))->inject);

  /* In script order, so that injects due at the same minute reach the
   * timeline in the order the facilitator wrote them. */
  for (guint i = 0; i < fb_scenario_get_n_injects (scenario); i++)
    {
      const FbScenarioInject *inject = fb_scenario_get_inject (scenario, i);
      gint64 due;
      g_autofree char *entry = NULL;

      if (g_hash_table_contains (out, inject->id))
        continue;

      due = fb_drill_get_due_at (store, incident, scenario, inject, started_at, speed);
      if (due == 0)
        continue;

      if (due > now)
        {
          *next_due = *next_due == 0 ? due : MIN (*next_due, due);
          continue;
        }

      entry = fb_drill_release (store, incident, scenario, inject, speed, error);
      if (entry == NULL)
        return -1;
      n++;
    }

  return n;
}
