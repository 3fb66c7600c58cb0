/* fb-test-store.h — a store on a clock the test moves
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "firebreak-core.h"
#include "fb-test-util.h"

G_BEGIN_DECLS

/* A store in @dir named @name, writing as @author, whose time is @clock. */
static inline FbStore *
fb_test_store_open (FbTestDir   *dir,
                    const char  *name,
                    FbTestClock *clock,
                    const char  *author)
{
  g_autofree char *path = fb_test_dir_file (dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store;

  store = fb_store_open_with_clock (path, FB_STORE_OPEN_DEFAULT, fb_test_clock_read, clock, &error);
  g_assert_no_error (error);
  fb_store_set_author (store, author);
  return store;
}

/* Gives @to every op @from holds, as a sync would. */
static inline void
fb_test_store_pass_ops (FbStore *from,
                        FbStore *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = fb_store_get_ops (from, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (fb_store_apply (to, ops, NULL, FB_APPLY_DEFAULT, NULL, &error));
  g_assert_no_error (error);
}

/* @n_stores new stores in @dir, "store-0.db" on; returns the first's
 * path. */
static inline char *
fb_test_store_open_several (FbTestDir  *dir,
                            FbStore   **stores,
                            guint       n_stores)
{
  char *first = NULL;

  for (guint i = 0; i < n_stores; i++)
    {
      g_autofree char *name = g_strdup_printf ("store-%u.db", i);
      g_autofree char *path = fb_test_dir_file (dir, name);
      g_autoptr(GError) error = NULL;

      stores[i] = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      if (i == 0)
        first = g_steal_pointer (&path);
    }

  return first;
}

/* Gives each of @n_stores stores every op the others hold. */
static inline void
fb_test_store_exchange (FbStore **stores,
                        guint     n_stores)
{
  for (guint from = 0; from < n_stores; from++)
    for (guint to = 0; to < n_stores; to++)
      if (from != to)
        fb_test_store_pass_ops (stores[from], stores[to]);
}

G_END_DECLS
