/* fb-format.c — words and times as the views show them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-format"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-clock-state.h"
#include "fb-format.h"

static GDateTime *
to_local (gint64     time_ms,
          GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_ms / 1000);
  g_autoptr(GTimeZone) local = NULL;

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  return g_date_time_to_timezone (utc, tz);
}

/* "14:05" today, "2026-11-24 23:50" on any other day: ISO dates read the
 * same in every language and in the report afterwards. */
char *
fb_format_entry_time (gint64     time_ms,
                      gint64     now_ms,
                      GTimeZone *tz)
{
  g_autoptr(GDateTime) when = to_local (time_ms, tz);
  g_autoptr(GDateTime) now = to_local (now_ms, tz);

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%H:%M");

  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

char *
fb_format_datetime (gint64     time_ms,
                    GTimeZone *tz)
{
  g_autoptr(GDateTime) when = to_local (time_ms, tz);

  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

char *
fb_format_since (gint64 since_ms,
                 gint64 now_ms)
{
  gint64 minutes = MAX (now_ms - since_ms, 0) / 60000;

  if (minutes < 1)
    return g_strdup (_("just now"));
  if (minutes < 60)
    /* Translators: time since detection, in minutes */
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 48 * 60)
    /* Translators: time since detection, hours and minutes */
    return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));

  /* Translators: time since detection, days and hours */
  return g_strdup_printf (_("%d d %d h"), (int) (minutes / (24 * 60)), (int) (minutes / 60 % 24));
}

char *
fb_format_severity (int severity)
{
  /* Translators: severity 1 is the most severe */
  return g_strdup_printf (_("SEV %d"), CLAMP (severity, 1, 4));
}

const char *
fb_entry_kind_get_icon (FbEntryKind kind)
{
  static const char * const icons[] = {
    [FB_ENTRY_FACT] = "dialog-information-symbolic",
    [FB_ENTRY_DECISION] = "emblem-ok-symbolic",
    [FB_ENTRY_ACTION] = "system-run-symbolic",
    [FB_ENTRY_ESCALATION] = "go-up-symbolic",
    [FB_ENTRY_COMMUNICATION] = "mail-send-symbolic",
    [FB_ENTRY_EVIDENCE] = "emblem-documents-symbolic",
    [FB_ENTRY_NOTE] = "document-edit-symbolic",
    [FB_ENTRY_SYSTEM] = "emblem-system-symbolic",
  };

  return kind < FB_N_ENTRY_KINDS ? icons[kind] : icons[FB_ENTRY_NOTE];
}

const char *
fb_entry_kind_get_css (FbEntryKind kind)
{
  static const char * const classes[] = {
    [FB_ENTRY_FACT] = "kind-fact",
    [FB_ENTRY_DECISION] = "kind-decision",
    [FB_ENTRY_ACTION] = "kind-action",
    [FB_ENTRY_ESCALATION] = "kind-escalation",
    [FB_ENTRY_COMMUNICATION] = "kind-communication",
    [FB_ENTRY_EVIDENCE] = "kind-evidence",
    [FB_ENTRY_NOTE] = "kind-note",
    [FB_ENTRY_SYSTEM] = "kind-system",
  };

  return kind < FB_N_ENTRY_KINDS ? classes[kind] : classes[FB_ENTRY_NOTE];
}

/* System entries are stored in English with their facts in data; show
 * them in the reader's language when the event is one we know. */
char *
fb_format_system_text (const char *text,
                       const char *data)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  const char *event;

  if (data == NULL || data[0] == '\0')
    return g_strdup (text);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (text);

  object = json_node_get_object (json_parser_get_root (parser));
  event = json_object_get_string_member_with_default (object, "event", "");

  if (g_str_equal (event, "contained"))
    {
      gint64 minutes = json_object_get_int_member_with_default (object, "minutes", 0);
      gint64 target = json_object_get_int_member_with_default (object, "target", 60);
      g_autofree char *elapsed = fb_format_duration_hm (minutes * 60000);

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
  if (g_str_equal (event, "checklist"))
    {
      const char *state = json_object_get_string_member_with_default (object, "state", "");
      const char *note = json_object_get_string_member_with_default (object, "note", "");
      gboolean done = g_str_equal (state, "done");

      if (note[0] != '\0')
        return g_strdup_printf (done ? _("Checklist item done: %s") : _("Checklist item skipped: %s"), note);
      return g_strdup (done ? _("Checklist item done") : _("Checklist item skipped"));
    }

  return g_strdup (text);
}

char *
fb_format_entry_text (FbEntry *entry)
{
  if (fb_entry_get_kind (entry) == FB_ENTRY_SYSTEM)
    return fb_format_system_text (fb_entry_get_text (entry), fb_entry_get_data (entry));
  return g_strdup (fb_entry_get_text (entry));
}
