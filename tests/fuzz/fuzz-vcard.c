/* fuzz-vcard.c — libFuzzer target: an address book file from anywhere
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A .vcf file comes from a phone or another program: folded lines,
 * quoted-printable, Shift_JIS. Beyond not crashing, it checks that the
 * parser either returns contacts or says why not, never both or neither,
 * and that every contact it returns carries a name of valid UTF-8.
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
  /* A critical from a g_return_if_fail is a finding too. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = fb_vcard_parse ((const char *) data, size, &error);

  if ((contacts == NULL) == (error == NULL))
    abort ();
  if (error != NULL && !g_utf8_validate (error->message, -1, NULL))
    abort ();

  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    {
      FbVCardContact *contact = g_ptr_array_index (contacts, i);
      const char *name = json_object_get_string_member_with_default (contact->fields, "name", NULL);

      if (name == NULL || name[0] == '\0' || !g_utf8_validate (name, -1, NULL))
        abort ();
    }

  return 0;
}
