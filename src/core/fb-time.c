/* fb-time.c — the one syntax for times people type, and how they read back
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accepted everywhere (the quick entry, the board, every dialog):
 * "14:05", "14:05:30", "2026-11-25 14:05[:30]" (also with a "T"), and
 * times relative to now: "-15m", "-2h", "-1h30m", "-45s", "-1d" back,
 * "+45m", "+2h" ahead; a bare number after the sign counts minutes
 * ("+45"). A clock time alone is the nearest such time on the side the
 * field asks for: for what happened, today or (within twelve hours)
 * last night; for what is due, today or (when today's is over twelve hours
 * gone) tomorrow. What happened cannot be in the future: a timeline
 * records what has happened. The formatter writes only forms the parser
 * reads back.
 */

#define G_LOG_DOMAIN "fb-time"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-time.h"

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
      /* A bare number is minutes: "+45", as people say it. */
      if (*p == '\0' && !any)
        {
          *out_ms = value * (gint64) 60 * 1000;
          return TRUE;
        }
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

static GDateTime *
to_zone (gint64     time_ms,
         GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_ms / 1000);

  return utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
}

/* A clock time alone: today's, or the day next to it on the side the field
 * asks for, so that an incident that runs past midnight reads naturally. */
static gint64
nearest_clock_time (GDateTime  *now,
                    gint64      now_ms,
                    GTimeZone  *tz,
                    FbTimeMode  mode,
                    guint       hour,
                    guint       minute,
                    guint       second,
                    gboolean   *ok)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz,
                                             g_date_time_get_year (now),
                                             g_date_time_get_month (now),
                                             g_date_time_get_day_of_month (now),
                                             (int) hour, (int) minute, second);
  gint64 today;

  *ok = dt != NULL;
  if (dt == NULL)
    return 0;

  today = to_ms (dt);
  if (mode == FB_TIME_PAST && today > now_ms + FB_TIME_FUTURE_GRACE_MS)
    {
      /* "23:50" typed at 00:10 means last night. */
      g_autoptr(GDateTime) yesterday = g_date_time_add_days (dt, -1);

      if (now_ms - to_ms (yesterday) <= HALF_DAY_MS)
        return to_ms (yesterday);
    }
  else if (mode == FB_TIME_DUE && today < now_ms - HALF_DAY_MS)
    {
      /* "08:00" typed at 22:00 is due tomorrow morning. */
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (dt, 1);

      return to_ms (tomorrow);
    }

  return today;
}

/**
 * fb_time_parse:
 * @text: what the person typed
 * @now_ms: now, from the context's clock
 * @tz: (nullable): the time zone clock times are in; %NULL for local
 * @mode: whether the field records what happened or what is due
 * @out_ms: (out): the time; 0 for an empty optional field
 *
 * Returns: %TRUE if @text is a time in the one syntax every field takes
 */
gboolean
fb_time_parse (const char *text,
               gint64      now_ms,
               GTimeZone  *tz,
               FbTimeMode  mode,
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

  if (p[0] == '\0' && mode == FB_TIME_DUE)
    {
      *out_ms = 0;
      return TRUE;
    }

  if (tz == NULL)
    tz = local = fb_time_ref_local_zone ();
  now = to_zone (now_ms, tz);

  if (*p == '-' || *p == '+')
    {
      gint64 delta;

      if (parse_relative (p + 1, &delta))
        {
          result = *p == '-' ? now_ms - delta : now_ms + delta;
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
        result = nearest_clock_time (now, now_ms, tz, mode, hour, minute, second, &ok);
    }

  if (!ok)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   /* Translators: keep the examples as they are: they are what the parser reads */
                   _("“%s” is not a time Firebreak understands. Try 14:05, 2026-11-25 14:05 or -15m."),
                   stripped);
      return FALSE;
    }

  if (mode == FB_TIME_DUE)
    {
      *out_ms = result;
      return TRUE;
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

/**
 * fb_time_format:
 * @time_ms: the time; 0 or less for none
 * @now_ms: now, from the context's clock
 * @tz: (nullable): the time zone to show; %NULL for local
 *
 * "14:05" today, "2026-11-24 23:50" on any other day: ISO dates read the
 * same in every language and in the report afterwards, and the parser
 * reads both back.
 *
 * Returns: (transfer full): the time as people read and type it; "" for none
 */
char *
fb_time_format (gint64     time_ms,
                gint64     now_ms,
                GTimeZone *tz)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (time_ms <= 0)
    return g_strdup ("");

  if (tz == NULL)
    tz = local = fb_time_ref_local_zone ();
  when = to_zone (time_ms, tz);
  now = to_zone (now_ms, tz);
  if (when == NULL || now == NULL)
    return g_strdup ("");

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%H:%M");

  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

/* The whole date and time, whatever the day: for fields filled in ahead,
 * such as the detection time of a new incident. */
char *
fb_time_format_full (gint64     time_ms,
                     GTimeZone *tz)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) when = NULL;

  if (tz == NULL)
    tz = local = fb_time_ref_local_zone ();
  when = to_zone (time_ms, tz);
  return when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("");
}

/**
 * fb_time_ref_local_zone:
 *
 * The local time zone, looked up again at most once a second: looking it
 * up reads /etc/localtime (GLib keeps no copy while TZ is unset), and an
 * export of a long timeline formats two times a row, a timeline's rows
 * one as each is bound.
 *
 * Returns: (transfer full): the zone
 */
GTimeZone *
fb_time_ref_local_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static gint64 looked_up_at;
  gint64 now = g_get_monotonic_time ();
  GTimeZone *result;

  g_mutex_lock (&lock);
  if (zone == NULL || now - looked_up_at >= G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      looked_up_at = now;
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);

  return result;
}
