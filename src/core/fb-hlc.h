/* fb-hlc.h — hybrid logical clock
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How far a remote clock may run ahead of ours before its ops are refused. */
#define FB_HLC_MAX_SKEW_MS (5 * 60 * 1000)

/* Length of the textual form, "WWWWWWWWWWWWWWWW-CCCCCC": 16 digits of
 * milliseconds since the epoch and 6 digits of counter, so that textual
 * order is clock order. */
#define FB_HLC_STRING_LEN 23

typedef struct
{
  gint64  wall_ms;
  guint32 counter;
} FbHlc;

/* Returns the wall clock in milliseconds since the epoch. Tests pass their
 * own to simulate skewed machines. */
typedef gint64 (*FbClockFunc) (gpointer user_data);

gint64   fb_clock_real_ms  (gpointer     user_data);

char    *fb_hlc_to_string  (const FbHlc *hlc);
gboolean fb_hlc_parse      (const char  *str,
                            FbHlc       *hlc);
int      fb_hlc_compare    (const FbHlc *a,
                            const FbHlc *b);
FbHlc    fb_hlc_send       (FbHlc       *last,
                            gint64       now_ms);
gboolean fb_hlc_receive    (FbHlc       *last,
                            const FbHlc *remote,
                            gint64       now_ms,
                            GError     **error);

G_END_DECLS
