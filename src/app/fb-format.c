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

