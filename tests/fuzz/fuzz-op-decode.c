/* fuzz-op-decode.c — libFuzzer target: untrusted bytes to an op and back
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Beyond not crashing, it checks a property: whatever decodes must encode
 * to bytes that decode again to the same bytes, and keep its hash. A
 * decoder and encoder that disagree would let two stores see one op two
 * ways.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "firebreak-core.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

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
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(FbOp) op = NULL;
  g_autoptr(FbOp) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  gboolean hash_ok;

  node = fb_json_parse_untrusted ((const char *) data, (gssize) size,
                                  FB_OP_MAX_BYTES, FB_JSON_MAX_DEPTH, NULL);
  if (node == NULL)
    return 0;

  g_free (fb_json_canonical (node, NULL));

  op = fb_op_from_json_node (node, NULL);
  if (op == NULL)
    return 0;

  hash_ok = fb_op_verify_hash (op, NULL);

  json = fb_op_to_json (op, NULL);
  again = fb_op_from_json (json, -1, NULL);
  if (again == NULL)
    abort ();

  json_again = fb_op_to_json (again, NULL);
  if (strcmp (json, json_again) != 0)
    abort ();

  if (fb_op_verify_hash (again, NULL) != hash_ok)
    abort ();

  return 0;
}
