/* fb-sha256.c — SHA-256 for op hashes, with the processor's own
 * instructions where it has them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every op is hashed when it is made or received and again whenever the
 * record is checked: the check of a long record hashes half a gigabyte.
 * GChecksum's portable code does about 150 MB/s; the SHA extensions of
 * x86 processors (since 2016 in Intel's Goldmont and AMD's Zen) do about
 * ten times that. The bytes out are SHA-256's, whichever path computes
 * them (tests/test-sha256.c holds both to GChecksum).
 */

#define G_LOG_DOMAIN "fb-sha256"

#include "config.h"

#include <string.h>

#include "fb-sha256-private.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const guint32 K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
compress_portable (guint32       state[8],
                   const guchar *data,
                   gsize         n_blocks)
{
  for (; n_blocks > 0; n_blocks--, data += 64)
    {
      guint32 w[64], a, b, c, d, e, f, g, h;

      for (guint t = 0; t < 16; t++)
        w[t] = (guint32) data[4 * t] << 24 | (guint32) data[4 * t + 1] << 16 |
               (guint32) data[4 * t + 2] << 8 | (guint32) data[4 * t + 3];
      for (guint t = 16; t < 64; t++)
        {
          guint32 s0 = ROTR (w[t - 15], 7) ^ ROTR (w[t - 15], 18) ^ (w[t - 15] >> 3);
          guint32 s1 = ROTR (w[t - 2], 17) ^ ROTR (w[t - 2], 19) ^ (w[t - 2] >> 10);

          w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

      a = state[0]; b = state[1]; c = state[2]; d = state[3];
      e = state[4]; f = state[5]; g = state[6]; h = state[7];
      for (guint t = 0; t < 64; t++)
        {
          guint32 t1 = h + (ROTR (e, 6) ^ ROTR (e, 11) ^ ROTR (e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
          guint32 t2 = (ROTR (a, 2) ^ ROTR (a, 13) ^ ROTR (a, 22)) + ((a & b) ^ (a & c) ^ (b & c));

          h = g; g = f; f = e; e = d + t1;
          d = c; c = b; b = a; a = t1 + t2;
        }
      state[0] += a; state[1] += b; state[2] += c; state[3] += d;
      state[4] += e; state[5] += f; state[6] += g; state[7] += h;
    }
}

#ifdef HAVE_SHA_NI

/* Four rounds at a time; each group of four message words is made from the
 * four before it as the standard's schedule says (sha256msg1 adds
 * W[t-16] and σ0(W[t-15]), the shifted pair adds W[t-7], sha256msg2 adds
 * σ1(W[t-2])). */
__attribute__((target ("sha,sse4.1")))
static void
compress_sha_ni (guint32       state[8],
                 const guchar *data,
                 gsize         n_blocks)
{
  const __m128i swap = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i abef, cdgh, tmp;

  tmp = _mm_shuffle_epi32 (_mm_loadu_si128 ((const __m128i *) &state[0]), 0xB1);  /* CDAB */
  cdgh = _mm_shuffle_epi32 (_mm_loadu_si128 ((const __m128i *) &state[4]), 0x1B); /* EFGH */
  abef = _mm_alignr_epi8 (tmp, cdgh, 8);                                          /* ABEF */
  cdgh = _mm_blend_epi16 (cdgh, tmp, 0xF0);                                       /* CDGH */

  for (; n_blocks > 0; n_blocks--, data += 64)
    {
      __m128i abef_before = abef, cdgh_before = cdgh;
      __m128i w[16];

      for (guint i = 0; i < 16; i++)
        {
          __m128i msg;

          if (i < 4)
            w[i] = _mm_shuffle_epi8 (_mm_loadu_si128 ((const __m128i *) (data + 16 * i)), swap);
          else
            w[i] = _mm_sha256msg2_epu32 (_mm_add_epi32 (_mm_sha256msg1_epu32 (w[i - 4], w[i - 3]),
                                                        _mm_alignr_epi8 (w[i - 1], w[i - 2], 4)),
                                         w[i - 1]);

          msg = _mm_add_epi32 (w[i], _mm_loadu_si128 ((const __m128i *) &K[4 * i]));
          cdgh = _mm_sha256rnds2_epu32 (cdgh, abef, msg);
          abef = _mm_sha256rnds2_epu32 (abef, cdgh, _mm_shuffle_epi32 (msg, 0x0E));
        }

      abef = _mm_add_epi32 (abef, abef_before);
      cdgh = _mm_add_epi32 (cdgh, cdgh_before);
    }

  tmp = _mm_shuffle_epi32 (abef, 0x1B);  /* FEBA */
  cdgh = _mm_shuffle_epi32 (cdgh, 0xB1); /* DCHG */
  _mm_storeu_si128 ((__m128i *) &state[0], _mm_blend_epi16 (tmp, cdgh, 0xF0)); /* DCBA */
  _mm_storeu_si128 ((__m128i *) &state[4], _mm_alignr_epi8 (cdgh, tmp, 8));    /* HGFE */
}

#endif

static gboolean
has_sha_instructions (void)
{
  static gsize answer = 0;

  if (g_once_init_enter (&answer))
    {
      gsize found = 1;

#ifdef HAVE_SHA_NI
      guint a, b, c, d;

      /* cpuid itself: clang before 16 does not know
       * __builtin_cpu_supports ("sha"), and the fuzzers build with clang. */
      if (__get_cpuid (1, &a, &b, &c, &d) && (c & bit_SSE4_1) != 0 &&
          __get_cpuid_count (7, 0, &a, &b, &c, &d) && (b & bit_SHA) != 0)
        found = 2;
#endif
      g_once_init_leave (&answer, found);
    }

  return answer == 2;
}

/* Whether the processor's instructions compute the hashes here. */
gboolean
_fb_sha256_is_accelerated (void)
{
  return has_sha_instructions ();
}

void
_fb_sha256_init (FbSha256 *self)
{
  _fb_sha256_init_full (self, FALSE);
}

/* With @portable, never the processor's instructions: for the test that
 * holds both paths to the same bytes. */
void
_fb_sha256_init_full (FbSha256 *self,
                      gboolean  portable)
{
  static const guint32 initial[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  };

  memcpy (self->state, initial, sizeof initial);
  self->length = 0;
  self->compress = compress_portable;
#ifdef HAVE_SHA_NI
  if (!portable && has_sha_instructions ())
    self->compress = compress_sha_ni;
#endif
}

void
_fb_sha256_update (FbSha256     *self,
                   const guchar *data,
                   gsize         length)
{
  FbSha256Blocks compress = self->compress;
  gsize held = self->length % 64;

  self->length += length;

  if (held > 0)
    {
      gsize take = MIN (64 - held, length);

      memcpy (self->buffer + held, data, take);
      data += take;
      length -= take;
      if (held + take < 64)
        return;
      compress (self->state, self->buffer, 1);
    }

  if (length >= 64)
    {
      compress (self->state, data, length / 64);
      data += length - length % 64;
      length %= 64;
    }

  memcpy (self->buffer, data, length);
}

/* Ends the hash and writes it as 64 lower-case hex digits and a NUL. */
void
_fb_sha256_finish_hex (FbSha256 *self,
                       char      hex[65])
{
  static const char digits[] = "0123456789abcdef";
  guint64 bits = self->length * 8;
  guchar tail[72] = { 0x80 };
  gsize pad = (self->length % 64 < 56 ? 56 : 120) - self->length % 64;

  for (guint i = 0; i < 8; i++)
    tail[pad + i] = (guchar) (bits >> (56 - 8 * i));
  _fb_sha256_update (self, tail, pad + 8);

  for (guint i = 0; i < 32; i++)
    {
      guchar byte = (guchar) (self->state[i / 4] >> (24 - 8 * (i % 4)));

      hex[2 * i] = digits[byte >> 4];
      hex[2 * i + 1] = digits[byte & 0xf];
    }
  hex[64] = '\0';
}
