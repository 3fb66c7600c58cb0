/* fuzz-temp.h — a database file in a temporary folder for a fuzz target
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store and the server database are real SQLite files, made whole
 * with a rename: a target keeps one in a folder of its own, removes it
 * to start afresh, and leaves nothing behind when it exits.
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>

static char *fuzz_temp_dir;
static char *fuzz_temp_path;

/* Removes the file and what SQLite keeps beside it. */
static inline void
fuzz_temp_remove (void)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fuzz_temp_path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static inline void
fuzz_temp_on_exit_cb (void)
{
  fuzz_temp_remove ();
  g_rmdir (fuzz_temp_dir);
}

/* The file's path, in a new folder named after @target; once. */
static inline const char *
fuzz_temp_init (const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = g_strdup_printf ("firebreak-%s-XXXXXX", target);

  fuzz_temp_dir = g_dir_make_tmp (pattern, &error);
  if (fuzz_temp_dir == NULL)
    g_error ("%s", error->message);
  fuzz_temp_path = g_build_filename (fuzz_temp_dir, "fuzz.db", NULL);
  atexit (fuzz_temp_on_exit_cb);

  return fuzz_temp_path;
}
