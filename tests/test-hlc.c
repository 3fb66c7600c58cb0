/* test-hlc.c — the hybrid logical clock
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-error.h"
#include "fb-hlc.h"

static void
test_hlc_format (void)
{
  FbHlc hlc = { 1764000000123, 42 }, parsed;
  g_autofree char *text = fb_hlc_to_string (&hlc);

  g_assert_cmpstr (text, ==, "0001764000000123-000042");
  g_assert_cmpuint (strlen (text), ==, FB_HLC_STRING_LEN);
  g_assert_true (fb_hlc_parse (text, &parsed));
  g_assert_cmpint (fb_hlc_compare (&hlc, &parsed), ==, 0);

  g_assert_false (fb_hlc_parse ("0001764000000123-00004", NULL));
  g_assert_false (fb_hlc_parse ("0001764000000123_000042", NULL));
  g_assert_false (fb_hlc_parse ("000176400000012a-000042", NULL));
  g_assert_false (fb_hlc_parse (NULL, NULL));
}

static void
test_hlc_monotonic (void)
{
  FbHlc last = { 0, 0 };
  FbHlc a, b, c;
  g_autofree char *sa = NULL, *sb = NULL, *sc = NULL;

  a = fb_hlc_send (&last, 1000);
  /* The wall clock steps back: the HLC must not. */
  b = fb_hlc_send (&last, 900);
  c = fb_hlc_send (&last, 1000);

  g_assert_cmpint (fb_hlc_compare (&a, &b), <, 0);
  g_assert_cmpint (fb_hlc_compare (&b, &c), <, 0);

  /* Text order is clock order. */
  sa = fb_hlc_to_string (&a);
  sb = fb_hlc_to_string (&b);
  sc = fb_hlc_to_string (&c);
  g_assert_cmpstr (sa, <, sb);
  g_assert_cmpstr (sb, <, sc);
}

static void
test_hlc_receive (void)
{
  g_autoptr(GError) error = NULL;
  FbHlc last = { 1000, 0 };
  FbHlc ahead = { 1000 + 4 * 60 * 1000, 7 };
  FbHlc too_far = { 1000 + 10 * 60 * 1000, 0 };
  FbHlc next;

  /* A clock a few minutes ahead is accepted, and our next reading
   * comes after it even though our wall clock has not moved. */
  g_assert_true (fb_hlc_receive (&last, &ahead, 1000, &error));
  g_assert_no_error (error);
  next = fb_hlc_send (&last, 1000);
  g_assert_cmpint (fb_hlc_compare (&next, &ahead), >, 0);

  /* Ten minutes ahead is refused and changes nothing. */
  last = (FbHlc) { 1000, 0 };
  g_assert_false (fb_hlc_receive (&last, &too_far, 1000, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_CLOCK_SKEW);
  g_assert_cmpint (last.wall_ms, ==, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hlc/format", test_hlc_format);
  g_test_add_func ("/hlc/monotonic", test_hlc_monotonic);
  g_test_add_func ("/hlc/receive", test_hlc_receive);

  return g_test_run ();
}
