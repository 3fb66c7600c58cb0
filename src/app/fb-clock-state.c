/* fb-clock-state.c — what the containment clock shows, from its inputs
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-clock-state"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-clock-state.h"

char *
fb_format_duration_hm (gint64 ms)
{
  gint64 minutes = MAX (ms, 0) / 60000;

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", minutes / 60, (int) (minutes % 60));
}

char *
fb_format_duration_hms (gint64 ms)
{
  gint64 seconds = MAX (ms, 0) / 1000;

  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02d:%02d",
                          seconds / 3600, (int) (seconds / 60 % 60), (int) (seconds % 60));
}

const char *
fb_clock_level_to_css_class (FbClockLevel level)
{
  switch (level)
    {
    case FB_CLOCK_LEVEL_WARNING:
      return "warning";
    case FB_CLOCK_LEVEL_CRITICAL:
      return "error";
    case FB_CLOCK_LEVEL_NORMAL:
    default:
      return NULL;
    }
}

void
fb_clock_state_compute (FbClockState *state,
                        gint64        detected_at,
                        gint64        contained_at,
                        int           target_min,
                        gint64        now)
{
  gint64 target_ms;
  gint64 end;

  g_return_if_fail (state != NULL);

  state->text = NULL;
  if (target_min <= 0)
    target_min = 60;
  target_ms = (gint64) target_min * 60000;

  state->running = contained_at <= 0;
  end = state->running ? now : contained_at;
  /* A detection time ahead of this machine's clock counts as just now. */
  state->elapsed_ms = detected_at > 0 ? MAX (end - detected_at, 0) : 0;
  state->met_target = state->elapsed_ms <= target_ms;

  if (state->elapsed_ms >= target_ms)
    state->level = FB_CLOCK_LEVEL_CRITICAL;
  else if (state->elapsed_ms >= (gint64) (target_ms * FB_CLOCK_WARNING_FRACTION))
    state->level = FB_CLOCK_LEVEL_WARNING;
  else
    state->level = FB_CLOCK_LEVEL_NORMAL;

  if (state->running)
    {
      g_autofree char *elapsed = fb_format_duration_hms (state->elapsed_ms);

      /* Translators: the containment clock: time since detection / the target */
      state->text = g_strdup_printf (_("%s / %d min"),
                                     elapsed, target_min);
    }
  else
    {
      g_autofree char *elapsed = fb_format_duration_hm (state->elapsed_ms);

      /* Translators: %s is hours:minutes from detection to containment */
      state->text = g_strdup_printf (_("Contained in %s"), elapsed);
      /* Once stopped, the colour tells whether the target was met. */
      state->level = state->met_target ? FB_CLOCK_LEVEL_NORMAL : FB_CLOCK_LEVEL_CRITICAL;
    }
}

void
fb_clock_state_clear (FbClockState *state)
{
  g_clear_pointer (&state->text, g_free);
}
