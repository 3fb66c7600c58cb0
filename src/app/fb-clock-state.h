/* fb-clock-state.h — what the containment clock shows, from its inputs
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FB_CLOCK_LEVEL_NORMAL,
  FB_CLOCK_LEVEL_WARNING,   /* three quarters of the target gone */
  FB_CLOCK_LEVEL_CRITICAL,  /* the target has passed */
} FbClockLevel;

/* The fraction of the target after which the clock turns to a warning. */
#define FB_CLOCK_WARNING_FRACTION 0.75

typedef struct
{
  gboolean      running;     /* FALSE once containment is recorded */
  gint64        elapsed_ms;  /* detection to now, or to containment */
  FbClockLevel  level;
  gboolean      met_target;  /* contained within the target */
  char         *text;        /* "00:42:10 / 60 min", "Contained in 0:47" */
} FbClockState;

void  fb_clock_state_compute  (FbClockState *state,
                               gint64        detected_at,
                               gint64        contained_at,
                               int           target_min,
                               gint64        now);
void  fb_clock_state_clear    (FbClockState *state);

char *fb_format_duration_hm   (gint64        ms);
char *fb_format_duration_hms  (gint64        ms);

const char *fb_clock_level_to_css_class (FbClockLevel level);

G_END_DECLS
