/* fuzz-page-decode.c — libFuzzer target: a server's page, read two ways
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync client reads a pulled page, or a live notice's ops, from its
 * text (src/sync/fb-sync-page.c), not from a json-glib tree. Beyond not
 * crashing, it must take what the tree's decoding takes and refuse what
 * it refuses, in the same words: any difference aborts. The first byte
 * picks the cursor the page is read from; the rest is the page.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sync/fb-test-page.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Ids a page of the seeds starts from. */
static const char * const cursor_ids[] = {
  NULL,
  "018f0000-0000-7000-8000-000000000001",
  "0000000000000000000000000000000000000000000000000000000000000001",
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical from a g_return_if_fail is a finding too. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *differs = NULL;
  g_autofree char *reader_differs = NULL;
  gint64 cursor;
  const char *cursor_id;

  if (size == 0)
    return 0;

  cursor = data[0] % 4;
  cursor_id = cursor_ids[(data[0] / 4) % G_N_ELEMENTS (cursor_ids)];
  data++;
  size--;

  reader_differs = fb_test_reader_differs ((const char *) data, size);
  if (reader_differs != NULL)
    {
      fprintf (stderr, "reader: %s\n", reader_differs);
      abort ();
    }

  differs = fb_test_page_differs ((const char *) data, size, 1024 * 1024, cursor, cursor_id);
  if (differs != NULL)
    {
      fprintf (stderr, "page: %s\n", differs);
      abort ();
    }

  return 0;
}
