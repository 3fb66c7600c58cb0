/* fb-store-updates.c — stakeholder updates on a cadence
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Management and staff should hear from the response before they have to
 * ask. An incident has an update interval and audiences; a status update
 * is an escalation entry with data {"event":"status-update","audience":[…]}
 * and restarts the clock. The clock is read from the record, so every
 * store that holds the same entries shows the same time due.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "firebreak-core.h"
#include "fb-incident-private.h"
#include "fb-store-changes-private.h"
#include "fb-store-private.h"
#include "fb-store-updates.h"

/**
 * fb_audiences_describe:
 * @audiences: audience names joined by commas
 *
 * Returns: (transfer full): their labels joined for reading; names this
 *   version does not know are shown as they are
 */
char *
fb_audiences_describe (const char *audiences)
{
  g_auto(GStrv) names = g_strsplit (audiences != NULL ? audiences : "", ",", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      FbAudience audience;

      if (names[i][0] == '\0')
        continue;
      if (out->len > 0)
        /* Translators: what joins the names of audiences in a list */
        g_string_append (out, _(", "));
      g_string_append (out, fb_audience_from_string (names[i], &audience) ? fb_audience_get_label (audience)
                                                                          : names[i]);
    }

  return g_string_free (out, FALSE);
}

/**
 * fb_update_due_at:
 * @since: when the last update was sent, or the incident declared
 * @interval_min: minutes between updates
 * @handover_at: when command was last handed over, 0 for never
 * @promised_at: the next update that handover promised, 0 for none
 *
 * The next update is due one interval after @since, or earlier when a
 * handover made since then promised one sooner: the earliest of the two.
 * A promise made before @since was kept or overtaken by that update.
 */
gint64
fb_update_due_at (gint64 since,
                  int    interval_min,
                  gint64 handover_at,
                  gint64 promised_at)
{
  gint64 due_at = since + (gint64) MAX (interval_min, 1) * 60000;

  if (promised_at > 0 && handover_at >= since)
    due_at = MIN (due_at, promised_at);

  return due_at;
}

/* The same levels as the deadlines: a warning with a quarter of the
 * interval left, critical once passed. */
FbDeadlineLevel
fb_update_clock_level (const FbUpdateClock *clock,
                       gint64               now)
{
  g_return_val_if_fail (clock != NULL, FB_DEADLINE_LEVEL_NORMAL);

  return fb_deadline_level_at (clock->since, clock->due_at, now);
}

/* Where the clock stands at @now, in the deadlines' terms, for views that
 * show both alike. */
void
fb_update_clock_get_status (const FbUpdateClock *clock,
                            gint64               now,
                            FbDeadlineStatus    *status)
{
  g_return_if_fail (clock != NULL);
  g_return_if_fail (status != NULL);

  status->due_at = clock->due_at;
  status->remaining = clock->due_at - now;
  status->level = fb_update_clock_level (clock, now);
}

static gint64
get_last_update_at (FbStore    *self,
                    const char *incident)
{
  sqlite3_stmt *stmt;
  gint64 at = 0;

  stmt = _fb_store_stmt (self, "SELECT e.occurred_at FROM entries e INDEXED BY entries_contact_logs"
                               " WHERE e.incident = ? AND e.kind = 'escalation' AND e.data IS NOT NULL"
                               " AND json_valid (e.data) AND json_extract (e.data, '$.event') = 'status-update'"
                               " ORDER BY e.occurred_at DESC LIMIT 1");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    at = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return at;
}

/* The latest handover's time and the next update it promised. */
static void
get_last_handover (FbStore    *self,
                   const char *incident,
                   gint64     *handover_at,
                   gint64     *promised_at)
{
  sqlite3_stmt *stmt;

  *handover_at = 0;
  *promised_at = 0;
  stmt = _fb_store_stmt (self, "SELECT e.occurred_at, json_extract (e.data, '$.next_update_at') FROM entries e"
                               " WHERE e.incident = ? AND e.kind = 'system' AND e.data IS NOT NULL"
                               " AND json_valid (e.data) AND json_extract (e.data, '$.event') = 'handover'"
                               " ORDER BY e.occurred_at DESC, e.hlc DESC LIMIT 1");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *handover_at = sqlite3_column_int64 (stmt, 0);
      *promised_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
}

/**
 * fb_store_get_update_clock:
 * @clock: (out caller-allocates): where the clock stands
 *
 * Returns: %FALSE, with @clock zeroed, when no update is due: the incident
 *   is closed or not in this store
 */
gboolean
fb_store_get_update_clock (FbStore       *self,
                           const char    *incident,
                           FbUpdateClock *clock)
{
  g_autoptr(FbIncident) current = NULL;
  gint64 handover_at, promised_at;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);
  g_return_val_if_fail (clock != NULL, FALSE);

  memset (clock, 0, sizeof *clock);
  current = fb_store_get_incident (self, incident);
  if (current == NULL || fb_incident_get_status (current) == FB_STATUS_CLOSED ||
      fb_incident_is_review (current))
    return FALSE;

  clock->interval_min = fb_incident_get_update_interval_min (current);
  clock->last_update_at = get_last_update_at (self, incident);
  clock->since = clock->last_update_at;
  if (clock->since <= 0)
    clock->since = fb_incident_get_declared_at (current) > 0 ? fb_incident_get_declared_at (current)
                                                             : fb_incident_get_detected_at (current);
  get_last_handover (self, incident, &handover_at, &promised_at);
  clock->due_at = fb_update_due_at (clock->since, clock->interval_min, handover_at, promised_at);

  return TRUE;
}

/**
 * fb_store_get_next_update_due:
 * @due_at: (out): when the next stakeholder update is due
 *
 * For notifications and views: reads the record, so call it when the
 * store changes, not on every tick.
 *
 * Returns: %FALSE when no update is due (the incident is closed)
 */
gboolean
fb_store_get_next_update_due (FbStore    *self,
                              const char *incident,
                              gint64     *due_at)
{
  FbUpdateClock clock;
  gboolean due = fb_store_get_update_clock (self, incident, &clock);

  if (due_at != NULL)
    *due_at = clock.due_at;
  return due;
}

static void
append_entries (GString    *out,
                GListModel *entries,
                GHashTable *seen)
{
  guint n = g_list_model_get_n_items (entries);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i);
      const char *amended_by = fb_entry_get_amended_by (entry);

      if ((amended_by != NULL && amended_by[0] != '\0') ||
          !g_hash_table_add (seen, g_strdup (fb_entry_get_id (entry))))
        continue;
      g_string_append_printf (out, "- %s\n", fb_entry_get_text (entry));
    }
}

/**
 * fb_store_compose_status_update:
 *
 * A first draft of a status update from the record, along the two
 * purposes of escalation: share the facts (what is known, what is down,
 * what is still unknown) and ask for the decisions pending. The person
 * sending it edits it.
 *
 * Returns: (transfer full): the draft, or %NULL if there is no such incident
 */
char *
fb_store_compose_status_update (FbStore    *self,
                                const char *incident)
{
  g_autoptr(FbIncident) current = NULL;
  g_autoptr(GListModel) pinned = NULL;
  g_autoptr(GListModel) facts = NULL;
  g_autoptr(GListModel) decisions = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *summary;
  GString *out;
  gsize before;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  current = fb_store_get_incident (self, incident);
  if (current == NULL)
    return NULL;

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s — SEV %d, %s\n\n", fb_incident_get_title (current),
                          fb_incident_get_severity (current),
                          fb_phase_get_label (fb_incident_get_phase (current)));

  g_string_append_printf (out, "%s\n", _("What we know"));
  before = out->len;
  pinned = fb_store_list_entries_where (self, incident, 1u << FB_ENTRY_FACT, TRUE, 10);
  facts = fb_store_list_entries_where (self, incident, 1u << FB_ENTRY_FACT, FALSE, 5);
  append_entries (out, pinned, seen);
  append_entries (out, facts, seen);
  if (out->len == before)
    g_string_append_printf (out, "- %s\n", _("Nothing confirmed yet"));

  g_string_append_printf (out, "\n%s\n", _("What is down or affected"));
  summary = fb_incident_get_summary (current);
  if (summary != NULL && summary[0] != '\0')
    g_string_append_printf (out, "- %s\n", summary);
  if (fb_incident_get_contained_at (current) > 0)
    g_string_append_printf (out, "- %s\n", _("The incident is contained"));
  else
    g_string_append_printf (out, "- %s\n", _("The incident is not contained yet"));

  g_string_append_printf (out, "\n%s\n- \n", _("What is still unknown"));

  g_string_append_printf (out, "\n%s\n", _("Decisions we need"));
  decisions = fb_store_list_entries_where (self, incident, 1u << FB_ENTRY_DECISION, FALSE, 200);
  pending = fb_incident_summary_decisions (decisions, TRUE);
  for (guint i = 0; i < pending->len; i++)
    g_string_append_printf (out, "- %s\n", fb_entry_get_text (g_ptr_array_index (pending, i)));
  if (pending->len == 0)
    g_string_append_printf (out, "- %s\n", _("None pending"));

  return g_string_free (out, FALSE);
}

/**
 * fb_store_send_status_update:
 * @audiences: (array zero-terminated=1) (nullable): audience names
 *   (fb_audience_to_string)
 * @text: the update as sent
 * @interval_min: minutes until the next one, or 0 to keep the interval
 *
 * Logs a status update as one escalation entry for its audiences, which
 * restarts the update clock. The audiences, and the interval when given,
 * become the incident's for the next update; a change to them is noted in
 * the timeline in the same transaction.
 *
 * Returns: (transfer full): the entry's id, or %NULL with @error set
 */
char *
fb_store_send_status_update (FbStore            *self,
                             const char         *incident,
                             const char * const *audiences,
                             const char         *text,
                             int                 interval_min,
                             GError            **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(FbIncident) current = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *joined = NULL;
  g_autofree char *id = fb_uuid_new ();
  JsonObject *data;
  JsonArray *list;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  current = fb_store_get_incident (self, incident);
  if (current == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no incident “%s” in this database"), incident);
      return NULL;
    }
  if (!_fb_incident_check_clocks (current, error))
    return NULL;
  for (guint i = 0; audiences != NULL && audiences[i] != NULL; i++)
    if (!fb_audience_from_string (audiences[i], NULL))
      {
        g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("“%s” is not an audience of status updates"),
                     audiences[i]);
        return NULL;
      }

  data = json_object_new ();
  list = json_array_new ();

  for (guint i = 0; audiences != NULL && audiences[i] != NULL; i++)
    json_array_add_string_element (list, audiences[i]);
  json_object_set_string_member (data, "event", "status-update");
  json_object_set_array_member (data, "audience", list);

  joined = audiences != NULL ? g_strjoinv (",", (char **) audiences) : g_strdup ("");
  if (audiences != NULL && g_strcmp0 (joined, fb_incident_get_update_audiences (current)) != 0)
    json_object_set_string_member (fields, "update_audiences", joined);
  if (interval_min > 0 && interval_min != fb_incident_get_update_interval_min (current))
    json_object_set_int_member (fields, "update_interval_min", interval_min);
  if (json_object_get_size (fields) > 0)
    {
      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_INCIDENT_UPDATE, incident, incident, fields));
      _fb_incident_change_drafts (self, current, fields, drafts);
    }

  json_object_set_string_member (body, "kind", fb_entry_kind_to_string (FB_ENTRY_ESCALATION));
  json_object_set_string_member (body, "text", text);
  json_object_set_int_member (body, "occurred_at", fb_store_now_ms (self));
  json_object_set_object_member (body, "data", data);
  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, id, body));

  if (!fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error))
    return NULL;

  return g_steal_pointer (&id);
}
