/* fb-test-verify.h — the record's fast check, on its own
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "firebreak-core.h"
#include "fb-store-verify-private.h"

G_BEGIN_DECLS

/* Whether the fast pass alone (no change applied again but those other
 * than entry.add) proves the record in @path intact. */
static inline gboolean
fb_test_fast_pass_proves (const char *path,
                          const char *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(FbVerification) v = NULL;
  FbVerifySteps steps = { NULL, 0, 0 };
  gboolean settled;

  g_assert_no_error (error);
  v = _fb_store_verify_pass (store, incident, TRUE, &steps, &settled, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);

  return settled && v->problem == NULL;
}

G_END_DECLS
