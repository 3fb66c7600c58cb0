/* fuzz-import.c — libFuzzer target: an incident export file from anywhere
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An export file travels on USB sticks and by mail before it is imported.
 * Beyond not crashing, it checks the promise of the import: a file is
 * taken whole or refused with a reason, and a record that took one still
 * verifies.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-import-private.h"
#include "fuzz-temp.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  /* The store makes its file whole, with a rename, and looks at it before
   * use: a real file in a folder, not SQLite's ":memory:". */
  fuzz_temp_init ("fuzz-import");
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbVerification) check = NULL;
  g_autofree char *incident = NULL;
  guint n_applied = 0;
  gboolean ok;

  /* A fresh record each time: nothing carries over. */
  fuzz_temp_remove ();
  store = fb_store_open (fuzz_temp_path, FB_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    abort ();

  /* Read in chunks of a size of the input's own, so that values are
   * cut everywhere. */
  _fb_import_set_chunk_size (size == 0 ? 1 : 1 + (data[size / 2] + size) % 97);
  ok = fb_import_incident (store, (const char *) data, size, &incident, &n_applied, &error);
  if (ok == (error != NULL) || (ok && incident == NULL))
    abort ();
  if (!ok)
    {
      g_autoptr(GListModel) incidents = fb_store_list_incidents (store, TRUE);

      if (g_list_model_get_n_items (incidents) != 0)
        abort ();
      return 0;
    }

  check = fb_store_verify (store, NULL, &error);
  if (check == NULL || check->problem != NULL)
    abort ();

  return 0;
}
