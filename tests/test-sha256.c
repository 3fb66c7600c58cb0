/* test-sha256.c — the op hashes' SHA-256 gives SHA-256's bytes, by either
 * path
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fb-sha256-private.h"

static char *
hash_in_pieces (const guchar *data,
                gsize         length,
                gsize         piece,
                gboolean      portable)
{
  FbSha256 sha;
  char hex[65];

  _fb_sha256_init_full (&sha, portable);
  for (gsize at = 0; at < length; at += piece)
    _fb_sha256_update (&sha, data + at, MIN (piece, length - at));
  _fb_sha256_finish_hex (&sha, hex);

  return g_strdup (hex);
}

/* Every length across a few blocks, whole and in pieces that straddle
 * the blocks, beside GChecksum. */
static void
test_sha256_lengths (gconstpointer data)
{
  gboolean portable = GPOINTER_TO_INT (data);
  static const gsize pieces[] = { 1, 7, 63, 64, 65, 1000 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);
  guchar bytes[300];

  if (!portable && !_fb_sha256_is_accelerated ())
    {
      g_test_skip ("This processor has no SHA instructions");
      return;
    }

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guchar) g_rand_int (rand);

  for (gsize length = 0; length <= sizeof bytes; length++)
    {
      g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, length);

      for (guint p = 0; p < G_N_ELEMENTS (pieces); p++)
        {
          g_autofree char *got = hash_in_pieces (bytes, length, pieces[p], portable);

          g_assert_cmpstr (got, ==, expected);
        }
    }
}

/* The standard's own example. */
static void
test_sha256_known (void)
{
  g_autofree char *portable = hash_in_pieces ((const guchar *) "abc", 3, 3, TRUE);
  g_autofree char *chosen = hash_in_pieces ((const guchar *) "abc", 3, 3, FALSE);

  g_assert_cmpstr (portable, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (chosen, ==, portable);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/sha256/portable", GINT_TO_POINTER (TRUE), test_sha256_lengths);
  g_test_add_data_func ("/sha256/instructions", GINT_TO_POINTER (FALSE), test_sha256_lengths);
  g_test_add_func ("/sha256/known", test_sha256_known);

  return g_test_run ();
}
