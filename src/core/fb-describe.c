/* fb-describe.c — system timeline entries in the reader's language
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store keeps a system entry's text in plain English made from its op,
 * so that every store holds the same bytes; its data says what happened.
 * Views, reports and printouts describe it from the data, translated.
 */

#define G_LOG_DOMAIN "fb-describe"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fb-checklist-item.h"
#include "fb-describe.h"
#include "fb-handover-private.h"
#include "fb-playbook.h"
#include "fb-report.h"
#include "fb-scenario.h"
#include "fb-restriction.h"
#include "fb-store-updates.h"
#include "fb-time.h"
#include "fb-types.h"

/* Changes commands note in the timeline ------------------------------------- */

static const char *
data_string (JsonObject *object,
             const char *name)
{
  return json_object_get_string_member_with_default (object, name, "");
}

static const char *
phase_label (const char *name)
{
  FbPhase phase;

  return fb_phase_from_string (name, &phase) ? fb_phase_get_label (phase) : name;
}

static const char *
status_label (const char *name)
{
  FbIncidentStatus status;

  return fb_status_from_string (name, &status) ? fb_status_get_label (status) : name;
}

static const char *
worker_status_label (const char *name)
{
  FbWorkerStatus status;

  return fb_worker_status_from_string (name, &status) ? fb_worker_status_get_label (status) : name;
}

static char *
format_change_time (gint64   ms,
                    FbStore *store)
{
  return fb_time_format (ms, store != NULL ? fb_store_now_ms (store) : ms, NULL);
}

/* One short line for a change a command noted (fb-store-changes.c), or
 * %NULL for any other event. */
static char *
describe_change (JsonObject *object,
                 const char *event,
                 FbStore    *store)
{
  if (g_str_equal (event, "severity"))
    {
      int from = (int) json_object_get_int_member_with_default (object, "from", 0);
      int to = (int) json_object_get_int_member_with_default (object, "to", 0);

      /* SEV 1 is the highest */
      if (to < from)
        /* Translators: a timeline entry; %d are severity levels, 1 the highest */
        return g_strdup_printf (_("Severity raised: SEV %d → SEV %d"), from, to);
      /* Translators: a timeline entry; %d are severity levels, 1 the highest */
      return g_strdup_printf (_("Severity lowered: SEV %d → SEV %d"), from, to);
    }

  if (g_str_equal (event, "phase"))
    /* Translators: a timeline entry; the phase before and after */
    return g_strdup_printf (_("Phase: %s → %s"), phase_label (data_string (object, "from")),
                            phase_label (data_string (object, "to")));

  if (g_str_equal (event, "status"))
    /* Translators: a timeline entry; the incident's status before and after */
    return g_strdup_printf (_("Status: %s → %s"), status_label (data_string (object, "from")),
                            status_label (data_string (object, "to")));

  if (g_str_equal (event, "title"))
    /* Translators: a timeline entry; %s is the incident's new title */
    return g_strdup_printf (_("Title changed to “%s”"), data_string (object, "to"));

  if (g_str_equal (event, "summary"))
    return g_strdup (_("Summary updated"));

  if (g_str_equal (event, "containment-target"))
    /* Translators: a timeline entry; the containment target in minutes before and after */
    return g_strdup_printf (_("Containment target: %d min → %d min"),
                            (int) json_object_get_int_member_with_default (object, "from", 0),
                            (int) json_object_get_int_member_with_default (object, "to", 0));

  if (g_str_equal (event, "update-interval"))
    /* Translators: a timeline entry; the interval of status updates in minutes, after and before */
    return g_strdup_printf (_("Status updates every %d min (was %d min)"),
                            (int) json_object_get_int_member_with_default (object, "to", 0),
                            (int) json_object_get_int_member_with_default (object, "from", 0));

  if (g_str_equal (event, "update-audiences"))
    {
      g_autofree char *to = fb_audiences_describe (data_string (object, "to"));

      /* Translators: a timeline entry; %s lists audiences such as Management, Staff */
      return g_strdup_printf (_("Status updates for: %s"), to);
    }

  if (g_str_equal (event, "detected"))
    {
      g_autofree char *from = format_change_time (json_object_get_int_member_with_default (object, "from", 0), store);
      g_autofree char *to = format_change_time (json_object_get_int_member_with_default (object, "to", 0), store);

      /* Translators: a timeline entry; the detection time before and after */
      return g_strdup_printf (_("Detection time moved: %s → %s"), from, to);
    }

  if (g_str_equal (event, "role"))
    {
      const char *role = fb_role_get_label (data_string (object, "role"));
      const char *person = data_string (object, "person");

      if (person[0] == '\0')
        /* Translators: a timeline entry; %s is a role such as Scribe */
        return g_strdup_printf (_("%s: vacant"), role);
      /* Translators: a timeline entry; a role such as Scribe, and who now holds it */
      return g_strdup_printf (_("%s: %s"), role, person);
    }

  if (g_str_equal (event, "worker"))
    {
      const char *person = data_string (object, "person");
      const char *status = worker_status_label (data_string (object, "status"));
      const char *task = data_string (object, "task");
      gboolean joined = json_object_get_boolean_member_with_default (object, "joined", FALSE);

      if (joined && task[0] != '\0')
        /* Translators: a timeline entry; a worker, their status and their task */
        return g_strdup_printf (_("%s joined: %s — %s"), person, status, task);
      if (joined)
        /* Translators: a timeline entry; a worker and their status */
        return g_strdup_printf (_("%s joined: %s"), person, status);
      if (task[0] != '\0')
        /* Translators: a timeline entry; a worker, their status and their task */
        return g_strdup_printf (_("%s: %s — %s"), person, status, task);
      /* Translators: a timeline entry; a worker and their status */
      return g_strdup_printf (_("%s: %s"), person, status);
    }

  return NULL;
}

/* The entries of the deadline clocks, or NULL for another event. */
static char *
describe_deadline_event (const char *event,
                         JsonObject *object)
{
  const char *name = json_object_get_string_member_with_default (object, "name", "");
  const char *reason = json_object_get_string_member_with_default (object, "reason", "");

  if (g_str_equal (event, "deadline-met"))
    /* Translators: a timeline entry; %s is a deadline, e.g. "GDPR: notify the supervisory authority" */
    return g_strdup_printf (_("Deadline met: %s"), name);

  if (g_str_equal (event, "deadline-waived") && reason[0] != '\0')
    /* Translators: a timeline entry; the first %s is a deadline, the second the reason given */
    return g_strdup_printf (_("Deadline waived: %s (%s)"), name, reason);

  if (g_str_equal (event, "deadline-waived"))
    return g_strdup_printf (_("Deadline waived: %s"), name);

  if (g_str_equal (event, "rules"))
    {
      const char * const fields[] = { "personal_data", "eu_people", "nis2_entity", "improper_purpose" };
      const char * const labels[] = {
        N_("personal data"), N_("people in the EU"), N_("NIS2 entity"), N_("improper purpose"),
      };
      GString *out = g_string_new (_("Rules that apply:"));

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          gboolean on = g_str_equal (json_object_get_string_member_with_default (object, fields[i], ""), "yes");

          /* Translators: one answer in "Rules that apply: personal data yes, …" */
          g_string_append_printf (out, "%s %s %s", i > 0 ? "," : "", _(labels[i]),
                                  on ? _("yes") : _("no"));
        }

      return g_string_free (out, FALSE);
    }

  return NULL;
}

static char *
join_names (GStrv names)
{
  return g_strjoinv (", ", names);
}

/**
 * fb_describe_restriction:
 *
 * Returns: who may see an incident, in a sentence
 */
char *
fb_describe_restriction (const FbRestriction *restriction)
{
  g_autofree char *users = NULL;
  g_autofree char *groups = NULL;

  g_return_val_if_fail (restriction != NULL, NULL);

  if (!restriction->restricted)
    return g_strdup (_("The restriction was lifted: everyone on the war-room server may see this incident"));

  users = join_names (restriction->users);
  groups = join_names (restriction->groups);
  if (groups[0] == '\0')
    return g_strdup_printf (_("Restricted: only %s may see this incident"), users);
  if (users[0] == '\0')
    return g_strdup_printf (_("Restricted: only the groups %s may see this incident"), groups);
  return g_strdup_printf (_("Restricted: only %s and the groups %s may see this incident"), users, groups);
}

static char *
describe_restriction (JsonObject *object)
{
  g_autoptr(FbRestriction) restriction = fb_restriction_from_json (object);

  return fb_describe_restriction (restriction);
}

/* The scripted drill's entries carry both languages, so every player
 * reads the inject in their own. */
static char *
describe_drill (JsonObject *object,
                const char *event)
{
  const char *language = fb_playbook_get_current_language ();
  const char *words = json_object_get_string_member_with_default (object, language, "");

  if (words[0] == '\0')
    words = json_object_get_string_member_with_default (object, "en", "");

  if (g_str_equal (event, "drill-started"))
    /* Translators: a timeline entry; %s is the drill's opening situation */
    return g_strdup_printf (_("DRILL started. %s"), words);

  /* Translators: a timeline entry; the first %s is a kind such as "Phone call", the second what it says */
  return g_strdup_printf (_("DRILL inject — %s: %s"),
                          fb_inject_kind_get_label (json_object_get_string_member_with_default (object, "kind", "")),
                          words);
}

/**
 * fb_describe_system_text:
 * @store: (nullable): where to look up what the entry names (the
 *   checklist item), or %NULL to describe it from its own data
 */
char *
fb_describe_system_text (const char *text,
                         const char *data,
                         FbStore    *store)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  const char *event;
  char *described;
  char *text_of_change;

  g_return_val_if_fail (text != NULL, NULL);

  if (data == NULL || data[0] == '\0')
    return g_strdup (text);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (text);

  object = json_node_get_object (json_parser_get_root (parser));
  event = json_object_get_string_member_with_default (object, "event", "");

  text_of_change = describe_change (object, event, store);
  if (text_of_change != NULL)
    return text_of_change;

  if ((described = _fb_describe_shift_event (event, object)) != NULL)
    return described;

  if (g_str_equal (event, "contained"))
    {
      gint64 minutes = json_object_get_int_member_with_default (object, "minutes", 0);
      gint64 target = json_object_get_int_member_with_default (object, "target", 60);
      g_autofree char *elapsed = fb_report_format_duration (minutes * 60000);

      return g_strdup_printf (_("Containment recorded, %s after detection (target %d min)"),
                              elapsed, (int) target);
    }

  if (g_str_equal (event, "closed"))
    return g_strdup (_("Incident closed"));

  if (g_str_equal (event, "reopened"))
    return g_strdup (_("Incident reopened"));

  if (g_str_equal (event, "commander"))
    {
      const char *person = json_object_get_string_member_with_default (object, "person", "");

      if (person[0] == '\0')
        return g_strdup (_("The incident commander role is vacant"));
      return g_strdup_printf (_("%s is now the incident commander"), person);
    }

  if (g_str_equal (event, "handover"))
    {
      const char *from = json_object_get_string_member_with_default (object, "from", "");
      const char *to = json_object_get_string_member_with_default (object, "to", "");
      const char * const fields[] = { "situation", "open_items", "pending_decisions" };
      const char * const headings[] = { N_("Situation"), N_("Open items"), N_("Pending decisions") };
      GString *out = g_string_new (NULL);

      if (from[0] != '\0')
        g_string_append_printf (out, _("Command handed over from %s to %s"), from, to);
      else
        g_string_append_printf (out, _("Command taken by %s"), to);

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          const char *value = json_object_get_string_member_with_default (object, fields[i], "");

          if (value[0] != '\0')
            g_string_append_printf (out, "\n%s: %s", _(headings[i]), value);
        }

      return g_string_free (out, FALSE);
    }

  if (g_str_equal (event, "restricted"))
    return describe_restriction (object);

  if (g_str_equal (event, "inject") || g_str_equal (event, "drill-started"))
    return describe_drill (object, event);

  if (g_str_equal (event, "worker-removed"))
    {
      const char *person = json_object_get_string_member_with_default (object, "person", "");

      if (person[0] == '\0')
        return g_strdup (_("A worker was taken off the worker list"));
      return g_strdup_printf (_("%s was taken off the worker list"), person);
    }

  if (g_str_equal (event, "checklist"))
    {
      const char *state = json_object_get_string_member_with_default (object, "state", "");
      const char *note = json_object_get_string_member_with_default (object, "note", "");
      const char *item_id = json_object_get_string_member_with_default (object, "item", "");
      g_autoptr(FbChecklistItem) item = NULL;
      gboolean done = g_str_equal (state, "done");

      /* The step's text as it reads now, which is what a reader of the
       * timeline recognises. */
      if (store != NULL && item_id[0] != '\0')
        item = fb_store_get_checklist_item (store, item_id);
      if (item != NULL && note[0] != '\0')
        /* Translators: a timeline entry; the first %s is the checklist step, the second the note given */
        return done ? g_strdup_printf (_("Checklist item “%s” done: %s"), fb_checklist_item_get_text (item), note)
                    : g_strdup_printf (_("Checklist item “%s” skipped: %s"), fb_checklist_item_get_text (item), note);
      if (item != NULL)
        return done ? g_strdup_printf (_("Checklist item “%s” done"), fb_checklist_item_get_text (item))
                    : g_strdup_printf (_("Checklist item “%s” skipped"), fb_checklist_item_get_text (item));

      if (note[0] != '\0')
        return done ? g_strdup_printf (_("Checklist item done: %s"), note)
                    : g_strdup_printf (_("Checklist item skipped: %s"), note);

      return g_strdup (done ? _("Checklist item done") : _("Checklist item skipped"));
    }

  if ((described = describe_deadline_event (event, object)) != NULL)
    return described;

  return g_strdup (text);
}

/* The text to show for any entry: the user's own words, or for system
 * entries a translated description, naming what they are about when
 * @store (nullable) has it. */
char *
fb_describe_entry (FbEntry *entry,
                   FbStore *store)
{
  g_return_val_if_fail (FB_IS_ENTRY (entry), NULL);
  g_return_val_if_fail (store == NULL || FB_IS_STORE (store), NULL);

  if (fb_entry_get_kind (entry) == FB_ENTRY_SYSTEM)
    return fb_describe_system_text (fb_entry_get_text (entry), fb_entry_get_data (entry), store);

  if (fb_entry_get_kind (entry) == FB_ENTRY_ESCALATION)
    {
      g_autoptr(JsonObject) data = fb_entry_dup_data_object (entry);

      if (data != NULL &&
          g_str_equal (json_object_get_string_member_with_default (data, "event", ""), "status-update") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (data, "audience")))
        {
          g_autoptr(GString) names = g_string_new (NULL);
          g_autofree char *audiences = NULL;
          JsonArray *list = json_object_get_array_member (data, "audience");

          for (guint i = 0; i < json_array_get_length (list); i++)
            g_string_append_printf (names, "%s%s", i > 0 ? "," : "",
                                    json_node_get_string (json_array_get_element (list, i)) ?: "");
          audiences = fb_audiences_describe (names->str);
          if (audiences[0] == '\0')
            /* Translators: heads a status update in the timeline */
            return g_strdup_printf (_("Status update:\n%s"), fb_entry_get_text (entry));
          /* Translators: heads a status update in the timeline; %s lists its audiences */
          return g_strdup_printf (_("Status update to %s:\n%s"), audiences, fb_entry_get_text (entry));
        }
    }

  return g_strdup (fb_entry_get_text (entry));
}
