/* fb-time-parse.c — reading the occurred-at time a person types
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accepted: "14:05", "14:05:30" (today; or yesterday when that is within
 * the last twelve hours, for incidents that run past midnight),
 * "2026-11-25 14:05[:30]" (also with a "T"), and relative times
 * "-15m", "-2h", "-1h30m", "-45s", "-1d". Times in the future are refused:
 * a timeline records what has happened.
 */

#define G_LOG_DOMAIN "fb-time-parse"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-error.h"
#include "fb-time-parse.h"

#define HALF_DAY_MS (12 * 3600 * (gint64) 1000)

static gboolean
parse_uint (const char **p,
            guint        min_digits,
            guint        max_digits,
            guint       *out)
{
  guint n = 0, value = 0;

  while (g_ascii_isdigit (**p) && n < max_digits)
    {
      value = value * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }
  if (n < min_digits || g_ascii_isdigit (**p))
    return FALSE;

  *out = value;
  return TRUE;
}

static gboolean
parse_clock (const char **p,
             guint       *hour,
             guint       *minute,
             guint       *second)
{
  *second = 0;
  if (!parse_uint (p, 1, 2, hour) || **p != ':')
    return FALSE;
  (*p)++;
  if (!parse_uint (p, 2, 2, minute))
    return FALSE;
  if (**p == ':')
    {
      (*p)++;
      if (!parse_uint (p, 2, 2, second))
        return FALSE;
    }
  return *hour < 24 && *minute < 60 && *second < 60;
}

static gboolean
parse_relative (const char *p,
                gint64     *out_ms)
{
  gint64 total = 0;
  gboolean any = FALSE;

  while (*p != '\0')
    {
      guint value;
      gint64 unit;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      if (!parse_uint (&p, 1, 6, &value))
        return FALSE;
      while (*p == ' ')
        p++;
      switch (g_ascii_tolower (*p))
        {
        case 's': unit = 1000; break;
        case 'm': unit = 60 * 1000; break;
        case 'h': unit = 3600 * 1000; break;
        case 'd': unit = 24 * 3600 * (gint64) 1000; break;
        default: return FALSE;
        }
      p++;
      /* Allow "min" as well as "m". */
      if (unit == 60 * 1000 && g_ascii_strncasecmp (p, "in", 2) == 0)
        p += 2;
      total += value * unit;
      any = TRUE;
    }

  *out_ms = total;
  return any;
}

static gint64
to_ms (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

gboolean
fb_time_parse (const char *text,
               gint64      now_ms,
               GTimeZone  *tz,
               gint64     *out_ms,
               GError    **error)
{
  g_autofree char *stripped = NULL;
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  const char *p;
  gint64 result = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_ms != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  p = stripped;

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  now = g_date_time_new_from_unix_utc (now_ms / 1000);
  {
    g_autoptr(GDateTime) utc = g_steal_pointer (&now);
    now = g_date_time_to_timezone (utc, tz);
  }

  if (*p == '-')
    {
      gint64 delta;

      if (parse_relative (p + 1, &delta))
        {
          result = now_ms - delta;
          ok = TRUE;
        }
    }
  else if (strlen (p) >= 10 && p[4] == '-')
    {
      guint year, month, day, hour, minute, second;
      const char *q = p;

      if (parse_uint (&q, 4, 4, &year) && *q++ == '-' &&
          parse_uint (&q, 1, 2, &month) && *q++ == '-' &&
          parse_uint (&q, 1, 2, &day) && (*q == ' ' || *q == 'T'))
        {
          while (*q == ' ' || *q == 'T')
            q++;
          if (parse_clock (&q, &hour, &minute, &second) && *q == '\0')
            {
              g_autoptr(GDateTime) dt = g_date_time_new (tz, (int) year, (int) month, (int) day,
                                                         (int) hour, (int) minute, second);
              /* GDateTime refuses 31 February rather than rolling over. */
              if (dt != NULL && g_date_time_get_day_of_month (dt) == (int) day)
                {
                  result = to_ms (dt);
                  ok = TRUE;
                }
            }
        }
    }
  else
    {
      guint hour, minute, second;
      const char *q = p;

      if (parse_clock (&q, &hour, &minute, &second) && *q == '\0')
        {
          g_autoptr(GDateTime) dt = g_date_time_new (tz,
                                                     g_date_time_get_year (now),
                                                     g_date_time_get_month (now),
                                                     g_date_time_get_day_of_month (now),
                                                     (int) hour, (int) minute, second);
          if (dt != NULL)
            {
              result = to_ms (dt);
              ok = TRUE;
              /* "23:50" typed at 00:10 means last night. */
              if (result > now_ms + FB_TIME_FUTURE_GRACE_MS)
                {
                  g_autoptr(GDateTime) yesterday = g_date_time_add_days (dt, -1);

                  if (now_ms - to_ms (yesterday) <= HALF_DAY_MS)
                    result = to_ms (yesterday);
                }
            }
        }
    }

  if (!ok)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   /* Translators: keep the examples as they are: they are what the parser reads */
                   _("“%s” is not a time Firebreak understands. Try 14:05, 2026-11-25 14:05 or -15m."),
                   stripped);
      return FALSE;
    }

  if (result > now_ms + FB_TIME_FUTURE_GRACE_MS)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("“%s” is in the future. The timeline records what has already happened."),
                   stripped);
      return FALSE;
    }

  *out_ms = MIN (result, now_ms);
  return TRUE;
}
