/* fb-store-changes.c — the timeline entries that commands add for the
 * changes they make
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A command compares what it is about to change with what the store holds
 * and adds one system entry for each change a commander wants in the
 * record, in the same batch as the change. The entries are ops of their
 * own rather than entries derived from the change, so records made before
 * them verify as they did. A change to the value already held leaves no
 * entry.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include "firebreak-core.h"
#include "fb-store-changes-private.h"

/* A system entry: plain English made from @data like all stored system
 * text; views describe it from @data in the reader's language. Takes
 * @data. */
FbOp *
_fb_system_entry_draft (const char *incident,
                        const char *text,
                        gint64      occurred_at,
                        JsonObject *data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *id = fb_uuid_new ();

  json_object_set_string_member (body, "kind", "system");
  json_object_set_string_member (body, "text", text);
  json_object_set_int_member (body, "occurred_at", occurred_at);
  json_object_set_object_member (body, "data", data);

  return fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, id, body);
}

/* Takes @data and @text. */
static void
add_entry (FbStore    *self,
           const char *incident,
           GPtrArray  *drafts,
           JsonObject *data,
           char       *text)
{
  g_ptr_array_add (drafts, _fb_system_entry_draft (incident, text, fb_store_now_ms (self), data));
  g_free (text);
}

static JsonObject *
event_new (const char *event)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "event", event);
  return data;
}

static char *
format_utc (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M UTC") : g_strdup ("?");
}

static void
add_string_change (FbStore    *self,
                   FbIncident *current,
                   JsonObject *fields,
                   GPtrArray  *drafts,
                   const char *name,
                   const char *event,
                   const char *from)
{
  const char *to;
  JsonObject *data;
  char *text;

  if (!json_object_has_member (fields, name))
    return;
  to = json_object_get_string_member_with_default (fields, name, "");
  if (g_strcmp0 (from, to) == 0)
    return;

  data = event_new (event);
  json_object_set_string_member (data, "from", from != NULL ? from : "");
  if (g_str_equal (event, "summary"))
    text = g_strdup ("Summary updated");
  else if (g_str_equal (event, "update-audiences"))
    {
      json_object_set_string_member (data, "to", to);
      text = g_strdup_printf ("Status updates for: %s", to);
    }
  else
    {
      json_object_set_string_member (data, "to", to);
      if (g_str_equal (event, "title"))
        text = g_strdup_printf ("Title changed to “%s”", to);
      else
        text = g_strdup_printf ("%s: %s → %s", g_str_equal (event, "status") ? "Status" : "Phase",
                                from, to);
    }
  add_entry (self, fb_incident_get_id (current), drafts, data, text);
}

static void
add_int_change (FbStore    *self,
                FbIncident *current,
                JsonObject *fields,
                GPtrArray  *drafts,
                const char *name,
                const char *event,
                gint64      from)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  JsonObject *data;
  gint64 to;
  char *text;

  if (!json_object_has_member (fields, name))
    return;
  to = json_object_get_int_member_with_default (fields, name, from);
  if (to == from)
    return;

  data = event_new (event);
  json_object_set_int_member (data, "from", from);
  json_object_set_int_member (data, "to", to);

  if (g_str_equal (event, "severity"))
    text = g_strdup_printf ("Severity %s: SEV %d → SEV %d", to < from ? "raised" : "lowered",
                            (int) from, (int) to);
  else if (g_str_equal (event, "containment-target"))
    text = g_strdup_printf ("Containment target: %d min → %d min", (int) from, (int) to);
  else if (g_str_equal (event, "update-interval"))
    text = g_strdup_printf ("Status updates every %d min (was %d min)", (int) to, (int) from);
  else
    {
      from_text = format_utc (from);
      to_text = format_utc (to);
      text = g_strdup_printf ("Detection time moved: %s → %s", from_text, to_text);
    }
  add_entry (self, fb_incident_get_id (current), drafts, data, text);
}

/**
 * _fb_incident_change_drafts:
 * @current: the incident as the store holds it before @fields apply
 * @fields: the body of the incident.update about to be applied
 *
 * Adds to @drafts an entry for each of @fields that changes the severity,
 * phase, status, title, detection time, containment target, summary, or
 * the interval or audiences of status updates.
 */
void
_fb_incident_change_drafts (FbStore    *self,
                            FbIncident *current,
                            JsonObject *fields,
                            GPtrArray  *drafts)
{
  g_assert (FB_IS_INCIDENT (current));

  add_string_change (self, current, fields, drafts, "title", "title", fb_incident_get_title (current));
  add_int_change (self, current, fields, drafts, "severity", "severity", fb_incident_get_severity (current));
  add_string_change (self, current, fields, drafts, "status", "status",
                     fb_status_to_string (fb_incident_get_status (current)));
  add_string_change (self, current, fields, drafts, "phase", "phase",
                     fb_phase_to_string (fb_incident_get_phase (current)));
  add_int_change (self, current, fields, drafts, "detected_at", "detected",
                  fb_incident_get_detected_at (current));
  add_int_change (self, current, fields, drafts, "containment_target_min", "containment-target",
                  fb_incident_get_containment_target_min (current));
  add_string_change (self, current, fields, drafts, "summary", "summary", fb_incident_get_summary (current));
  add_int_change (self, current, fields, drafts, "update_interval_min", "update-interval",
                  fb_incident_get_update_interval_min (current));
  add_string_change (self, current, fields, drafts, "update_audiences", "update-audiences",
                     fb_incident_get_update_audiences (current));
}

/* The commander's assignment already notes itself in the timeline (a
 * described kind of change), so only the other roles get an entry here. */
void
_fb_role_change_drafts (FbStore    *self,
                        const char *incident,
                        const char *role,
                        const char *person,
                        GPtrArray  *drafts)
{
  g_autoptr(FbRole) current = NULL;
  const char *from = "";
  JsonObject *data;

  if (g_str_equal (role, "commander"))
    return;

  current = fb_store_get_role (self, incident, role);
  if (current != NULL)
    from = fb_role_get_person (current);
  if (g_strcmp0 (from, person) == 0)
    return;

  data = event_new ("role");
  json_object_set_string_member (data, "role", role);
  json_object_set_string_member (data, "from", from != NULL ? from : "");
  json_object_set_string_member (data, "person", person);
  add_entry (self, incident, drafts, data,
             person[0] != '\0' ? g_strdup_printf ("%s: %s", role, person)
                               : g_strdup_printf ("%s: vacant", role));
}

/**
 * _fb_worker_change_drafts:
 * @current: (nullable): the worker as held now, %NULL for a new one
 *
 * A worker's entry names them with their status and task as they are
 * after the change, so one line reads on its own.
 */
void
_fb_worker_change_drafts (FbStore    *self,
                          const char *incident,
                          const char *worker,
                          FbWorker   *current,
                          JsonObject *fields,
                          GPtrArray  *drafts)
{
  const char *person, *status, *task;
  gboolean joined = current == NULL;
  JsonObject *data;
  char *text;

  person = current != NULL ? fb_worker_get_person (current) : "";
  status = current != NULL ? fb_worker_status_to_string (fb_worker_get_status (current)) : "investigating";
  task = current != NULL ? fb_worker_get_task (current) : "";

  if (!joined &&
      g_strcmp0 (json_object_get_string_member_with_default (fields, "person", person), person) == 0 &&
      g_strcmp0 (json_object_get_string_member_with_default (fields, "status", status), status) == 0 &&
      g_strcmp0 (json_object_get_string_member_with_default (fields, "task", task), task) == 0)
    return;

  person = json_object_get_string_member_with_default (fields, "person", person);
  status = json_object_get_string_member_with_default (fields, "status", status);
  task = json_object_get_string_member_with_default (fields, "task", task);

  data = event_new ("worker");
  json_object_set_string_member (data, "worker", worker);
  json_object_set_string_member (data, "person", person);
  json_object_set_string_member (data, "status", status);
  json_object_set_string_member (data, "task", task);
  json_object_set_boolean_member (data, "joined", joined);

  if (task[0] != '\0')
    text = g_strdup_printf (joined ? "%s joined: %s — %s" : "%s: %s — %s", person, status, task);
  else
    text = g_strdup_printf (joined ? "%s joined: %s" : "%s: %s", person, status);
  add_entry (self, incident, drafts, data, text);
}
