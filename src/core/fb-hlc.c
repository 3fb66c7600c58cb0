/* fb-hlc.c — hybrid logical clock
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A hybrid logical clock (Kulkarni et al., 2014) stays close to the wall
 * clock but never runs backwards and always moves past every clock it has
 * seen, so "last writer" means the same on every workstation even when
 * their clocks disagree.
 */

#define G_LOG_DOMAIN "fb-hlc"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "fb-error.h"
#include "fb-hlc.h"

#define MAX_WALL_MS G_GINT64_CONSTANT (9999999999999999)
#define MAX_COUNTER 999999

gint64
fb_clock_real_ms (gpointer user_data)
{
  return g_get_real_time () / 1000;
}

char *
fb_hlc_to_string (const FbHlc *hlc)
{
  char *out;
  guint64 wall;
  guint32 counter;

  g_return_val_if_fail (hlc != NULL, NULL);

  /* Every op takes a reading; printf would be most of its cost. */
  out = g_malloc (FB_HLC_STRING_LEN + 1);
  wall = (guint64) MAX (hlc->wall_ms, 0);
  counter = hlc->counter;
  for (int i = 15; i >= 0; i--, wall /= 10)
    out[i] = (char) ('0' + wall % 10);
  out[16] = '-';
  for (int i = 22; i >= 17; i--, counter /= 10)
    out[i] = (char) ('0' + counter % 10);
  out[FB_HLC_STRING_LEN] = '\0';

  return out;
}

gboolean
fb_hlc_parse (const char *str,
              FbHlc      *hlc)
{
  gint64 wall = 0;
  guint32 counter = 0;

  if (str == NULL || strlen (str) != FB_HLC_STRING_LEN || str[16] != '-')
    return FALSE;

  for (guint i = 0; i < FB_HLC_STRING_LEN; i++)
    {
      if (i == 16)
        continue;
      if (!g_ascii_isdigit (str[i]))
        return FALSE;
      if (i < 16)
        wall = wall * 10 + (str[i] - '0');
      else
        counter = counter * 10 + (guint32) (str[i] - '0');
    }

  if (hlc != NULL)
    {
      hlc->wall_ms = wall;
      hlc->counter = counter;
    }

  return TRUE;
}

int
fb_hlc_compare (const FbHlc *a,
                const FbHlc *b)
{
  if (a->wall_ms != b->wall_ms)
    return a->wall_ms < b->wall_ms ? -1 : 1;
  if (a->counter != b->counter)
    return a->counter < b->counter ? -1 : 1;
  return 0;
}

static void
advance (FbHlc *last,
         gint64 wall_ms,
         guint32 counter)
{
  /* The counter only overflows with a million events in one millisecond;
   * borrowing a millisecond keeps the clock monotonic all the same. */
  if (counter > MAX_COUNTER)
    {
      wall_ms++;
      counter = 0;
    }

  last->wall_ms = MIN (wall_ms, MAX_WALL_MS);
  last->counter = counter;
}

FbHlc
fb_hlc_send (FbHlc *last,
             gint64 now_ms)
{
  g_return_val_if_fail (last != NULL, (FbHlc) { 0 });

  if (now_ms > last->wall_ms)
    advance (last, now_ms, 0);
  else
    advance (last, last->wall_ms, last->counter + 1);

  return *last;
}

gboolean
fb_hlc_receive (FbHlc       *last,
                const FbHlc *remote,
                gint64       now_ms,
                GError     **error)
{
  g_return_val_if_fail (last != NULL, FALSE);
  g_return_val_if_fail (remote != NULL, FALSE);

  if (remote->wall_ms > now_ms + FB_HLC_MAX_SKEW_MS)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_CLOCK_SKEW,
                   _("The change was made on a computer whose clock is %lld minutes ahead of this one. Correct that computer’s clock and send it again."),
                   (long long) ((remote->wall_ms - now_ms) / 60000));
      return FALSE;
    }

  if (fb_hlc_compare (remote, last) > 0)
    *last = *remote;

  if (now_ms > last->wall_ms)
    advance (last, now_ms, 0);

  return TRUE;
}
