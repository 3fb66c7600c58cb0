/* fuzz-playbook.c — libFuzzer target: a playbook file someone wrote
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Teams add their own playbooks as JSON files. Beyond not crashing, it
 * checks that a file is loaded or refused with a reason, never both or
 * neither, and that a loaded one has an id and a title.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "firebreak-core.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbPlaybook) playbook = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);

  playbook = fb_playbook_new_from_data (text, size, "fuzz.json", &error);
  if ((playbook == NULL) == (error == NULL))
    abort ();
  if (error != NULL && !g_utf8_validate (error->message, -1, NULL))
    abort ();
  if (playbook != NULL && (fb_playbook_get_id (playbook) == NULL || fb_playbook_get_title (playbook) == NULL))
    abort ();

  return 0;
}
