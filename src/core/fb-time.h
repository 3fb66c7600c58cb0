/* fb-time.h — the one syntax for times people type, and how they read back
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How far ahead of now a typed time may be and still count as now: a
 * minute, for clocks and typing that are a little off. */
#define FB_TIME_FUTURE_GRACE_MS (60 * 1000)

typedef enum
{
  FB_TIME_PAST,  /* when something happened: never in the future */
  FB_TIME_DUE,   /* when something is due: may be empty (no time) */
} FbTimeMode;

GTimeZone *fb_time_ref_local_zone (void);

gboolean fb_time_parse       (const char *text,
                              gint64      now_ms,
                              GTimeZone  *tz,
                              FbTimeMode  mode,
                              gint64     *out_ms,
                              GError    **error);
char    *fb_time_format      (gint64      time_ms,
                              gint64      now_ms,
                              GTimeZone  *tz);
char    *fb_time_format_full (gint64      time_ms,
                              GTimeZone  *tz);

G_END_DECLS
