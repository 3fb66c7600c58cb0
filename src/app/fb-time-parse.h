/* fb-time-parse.h — reading the occurred-at time a person types
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

gboolean fb_time_parse (const char *text,
                        gint64      now_ms,
                        GTimeZone  *tz,
                        gint64     *out_ms,
                        GError    **error);

G_END_DECLS
