/* test-time.c — the one syntax for typed times, and the context that
 * hands one clock to every view and to the store
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-test-util.h"

#define MIN_MS (60 * 1000)

/* 2026-11-25 14:30:00 UTC */
static const gint64 NOW = 1795617000000;

static gint64
parse_in (FbTimeMode  mode,
          const char *text,
          gint64      now)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  gint64 out = -1;

  g_assert_true (fb_time_parse (text, now, utc, mode, &out, &error));
  g_assert_no_error (error);
  return out;
}

static void
parse_fails_in (FbTimeMode  mode,
                const char *text,
                gint64      now,
                const char *fragment)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  gint64 out = -1;

  g_assert_false (fb_time_parse (text, now, utc, mode, &out, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_cmpint (out, ==, -1);
}

static gint64
parse_ok (const char *text,
          gint64      now)
{
  return parse_in (FB_TIME_PAST, text, now);
}

static void
parse_fails (const char *text,
             gint64      now,
             const char *fragment)
{
  parse_fails_in (FB_TIME_PAST, text, now, fragment);
}

static void
test_parse_clock_times (void)
{
  g_assert_cmpint (parse_ok ("14:05", NOW), ==, NOW - 25 * MIN_MS);
  g_assert_cmpint (parse_ok (" 9:30 ", NOW), ==, NOW - (5 * 60) * MIN_MS);
  g_assert_cmpint (parse_ok ("14:29:30", NOW), ==, NOW - 30000);
  /* Within the minute of grace: now. */
  g_assert_cmpint (parse_ok ("14:31", NOW), ==, NOW);

  /* Just after midnight, "23:50" is last night. */
  g_assert_cmpint (parse_ok ("23:50", NOW + (9 * 60 + 40) * MIN_MS), ==, NOW + (9 * 60 + 20) * MIN_MS);

  /* Later today, and more than half a day ago yesterday: the future. */
  parse_fails ("15:05", NOW, "future");
  parse_fails ("24:00", NOW, "not a time");
  parse_fails ("14:60", NOW, "not a time");
  parse_fails ("14:5", NOW, "not a time");
}

static void
test_parse_dates (void)
{
  g_assert_cmpint (parse_ok ("2026-11-25 14:05", NOW), ==, NOW - 25 * MIN_MS);
  g_assert_cmpint (parse_ok ("2026-11-25T14:05:00", NOW), ==, NOW - 25 * MIN_MS);
  g_assert_cmpint (parse_ok ("2026-11-24 23:50", NOW), ==, NOW - (14 * 60 + 40) * MIN_MS);
  g_assert_cmpint (parse_ok ("2026-1-5 08:00", NOW), ==, 1767600000000);

  parse_fails ("2026-11-26 09:00", NOW, "future");
  parse_fails ("2026-02-31 09:00", NOW, "not a time");
  parse_fails ("2026-13-01 09:00", NOW, "not a time");
  parse_fails ("2026-11-25", NOW, "not a time");
}

static void
test_parse_relative (void)
{
  g_assert_cmpint (parse_ok ("-15m", NOW), ==, NOW - 15 * MIN_MS);
  g_assert_cmpint (parse_ok ("-15 min", NOW), ==, NOW - 15 * MIN_MS);
  g_assert_cmpint (parse_ok ("-2h", NOW), ==, NOW - 120 * MIN_MS);
  g_assert_cmpint (parse_ok ("-1h30m", NOW), ==, NOW - 90 * MIN_MS);
  g_assert_cmpint (parse_ok ("-45s", NOW), ==, NOW - 45000);
  g_assert_cmpint (parse_ok ("-1d", NOW), ==, NOW - 24 * 60 * MIN_MS);

  parse_fails ("-", NOW, "not a time");
  parse_fails ("-15x", NOW, "not a time");
  parse_fails ("+15m", NOW, "future");
  parse_fails ("soon", NOW, "not a time");
  parse_fails ("", NOW, "not a time");
}

/* A due time: later today, or tomorrow when today's is long gone; an
 * empty field is no time at all. */
static void
test_parse_due (void)
{
  g_assert_cmpint (parse_in (FB_TIME_DUE, "16:00", NOW), ==, NOW + 90 * MIN_MS);
  g_assert_cmpint (parse_in (FB_TIME_DUE, "12:00", NOW), ==, NOW - 150 * MIN_MS);
  g_assert_cmpint (parse_in (FB_TIME_DUE, "01:00", NOW), ==, NOW + (10 * 60 + 30) * MIN_MS);
  g_assert_cmpint (parse_in (FB_TIME_DUE, "+45", NOW), ==, NOW + 45 * MIN_MS);
  g_assert_cmpint (parse_in (FB_TIME_DUE, "+1h30m", NOW), ==, NOW + 90 * MIN_MS);
  g_assert_cmpint (parse_in (FB_TIME_DUE, "-10m", NOW), ==, NOW - 10 * MIN_MS);
  g_assert_cmpint (parse_in (FB_TIME_DUE, "2026-11-27 09:00", NOW), ==, NOW + (42 * 60 + 30) * MIN_MS);
  g_assert_cmpint (parse_in (FB_TIME_DUE, "  ", NOW), ==, 0);

  parse_fails_in (FB_TIME_DUE, "tomorrow", NOW, "not a time");
  parse_fails_in (FB_TIME_DUE, "+", NOW, "not a time");

  /* The same bare-minutes form reads back in a past field too. */
  g_assert_cmpint (parse_ok ("-45", NOW), ==, NOW - 45 * MIN_MS);
}

/* Whatever the formatter writes, the parser reads back to the minute. */
static void
test_format_round_trip (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const gint64 times[] = { NOW - 25 * MIN_MS, NOW - 15 * 60 * MIN_MS, NOW - 3 * 24 * 60 * MIN_MS };
  g_autofree char *none = fb_time_format (0, NOW, utc);
  g_autofree char *today = fb_time_format (NOW - 25 * MIN_MS, NOW, utc);
  g_autofree char *yesterday = fb_time_format (NOW - 15 * 60 * MIN_MS, NOW, utc);
  g_autofree char *full = fb_time_format_full (NOW, utc);

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (today, ==, "14:05");
  g_assert_cmpstr (yesterday, ==, "2026-11-24 23:30");
  g_assert_cmpstr (full, ==, "2026-11-25 14:30");

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *text = fb_time_format (times[i], NOW, utc);

      g_assert_cmpint (parse_in (FB_TIME_PAST, text, NOW) / MIN_MS, ==, times[i] / MIN_MS);
      g_assert_cmpint (parse_in (FB_TIME_DUE, text, NOW) / MIN_MS, ==, times[i] / MIN_MS);
    }
}

/* One clock: the context's. What the store records, what the context
 * reads from typed text and what it shows all follow it. */
static void
test_context_clock (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "clock.db");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *entry_id = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(FbEntry) entry = NULL;
  FbTestClock clock = { NOW };
  FbContext *context;
  FbStore *store;
  gint64 typed = 0;

  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  context = fb_context_new (store, NULL);
  fb_context_set_clock (context, fb_test_clock_read, &clock);
  fb_context_set_time_zone (context, utc);

  g_assert_cmpint (fb_store_now_ms (store), ==, NOW);

  incident = fb_store_create_incident (store, "Clock test", "generic", 2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  clock.now_ms += 5 * MIN_MS;
  g_assert_true (fb_context_parse_time (context, "-2m", FB_TIME_PAST, &typed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (typed, ==, NOW + 3 * MIN_MS);

  entry_id = fb_store_add_entry (store, incident, FB_ENTRY_FACT, "Beacon to 203.0.113.7", typed, NULL, NULL, &error);
  g_assert_no_error (error);
  entry = fb_store_get_entry (store, entry_id);
  g_assert_cmpint (fb_entry_get_occurred_at (entry), ==, NOW + 3 * MIN_MS);
  g_assert_cmpint (fb_entry_get_recorded_at (entry), ==, NOW + 5 * MIN_MS);

  shown = fb_context_format_time (context, fb_entry_get_occurred_at (entry));
  g_assert_cmpstr (shown, ==, "14:33");

  /* Without the context the store goes back to the real clock. */
  g_assert_finalize_object (context);
  g_assert_cmpint (ABS (fb_store_now_ms (store) - g_get_real_time () / 1000), <, 60000);
  g_assert_finalize_object (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time/parse/clock", test_parse_clock_times);
  g_test_add_func ("/time/parse/dates", test_parse_dates);
  g_test_add_func ("/time/parse/relative", test_parse_relative);
  g_test_add_func ("/time/parse/due", test_parse_due);
  g_test_add_func ("/time/format/round-trip", test_format_round_trip);
  g_test_add_func ("/time/context-clock", test_context_clock);

  return g_test_run ();
}
