/* fb-describe-shift.c — the timeline's words for handovers, operational
 * periods and hours on duty
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like fb-describe.c: the system entry's data in the reader's language.
 */

#define G_LOG_DOMAIN "fb-describe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-handover-private.h"

static const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_string_member_with_default (object, name, "");
}

static char *
describe_offer (JsonObject *object)
{
  const char *from = member (object, "from");

  if (from[0] != '\0')
    /* Translators: a timeline entry: the outgoing commander offered command to the incoming one */
    return g_strdup_printf (_("%s offered command to %s"), from, member (object, "to"));
  return g_strdup_printf (_("Command offered to %s"), member (object, "to"));
}

static char *
format_hours (gint64 minutes)
{
  if (minutes % 60 != 0)
    return g_strdup_printf ("%.1f", minutes / 60.0);
  return g_strdup_printf ("%d", (int) (minutes / 60));
}

static char *
describe_duty (const char *event,
               JsonObject *object)
{
  if (g_str_equal (event, "duty-on"))
    return g_strdup_printf (_("%s came on duty"), member (object, "person"));

  if (g_str_equal (event, "duty-off"))
    return g_strdup_printf (_("%s went off duty"), member (object, "person"));

  if (g_str_equal (event, "duty-limit"))
    {
      g_autofree char *from = format_hours (json_object_get_int_member_with_default (object, "from", 0));
      g_autofree char *to = format_hours (json_object_get_int_member_with_default (object, "to", 0));

      /* Translators: a timeline entry; hours, for example "12 h → 10 h" */
      return g_strdup_printf (_("Hours on duty before a warning: %s h → %s h"), from, to);
    }

  if (g_str_equal (event, "paired"))
    return g_strdup_printf (_("%s and %s work as a pair"), member (object, "person"), member (object, "with"));

  if (g_str_equal (event, "unpaired"))
    return g_strdup_printf (_("%s no longer works in a pair"), member (object, "person"));

  return NULL;
}

/* Returns: (transfer full) (nullable): the entry's text, or %NULL when
 * @event is none of these */
char *
_fb_describe_shift_event (const char *event,
                          JsonObject *object)
{
  if (g_str_equal (event, "handover-offered"))
    return describe_offer (object);

  if (g_str_equal (event, "handover") && json_object_has_member (object, "accepted"))
    {
      const char *from = member (object, "from");

      if (from[0] != '\0')
        return g_strdup_printf (_("%s accepted command from %s"), member (object, "to"), from);
      return g_strdup_printf (_("%s accepted command"), member (object, "to"));
    }

  if (g_str_equal (event, "handover-withdrawn"))
    {
      const char *to = member (object, "to");

      if (to[0] != '\0')
        return g_strdup_printf (_("%s withdrew the handover of command to %s"), member (object, "by"), to);
      return g_strdup_printf (_("%s withdrew the handover of command"), member (object, "by"));
    }

  if (g_str_equal (event, "handover-declined"))
    return g_strdup_printf (_("%s declined the handover of command"), member (object, "by"));

  if (g_str_equal (event, "period"))
    {
      int number = (int) json_object_get_int_member_with_default (object, "number", 0);
      const char *objectives = member (object, "objectives");

      if (objectives[0] != '\0')
        return g_strdup_printf (_("Operational period %d started\nObjectives: %s"), number, objectives);
      return g_strdup_printf (_("Operational period %d started"), number);
    }

  return describe_duty (event, object);
}
