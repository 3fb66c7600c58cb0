/* fb-test-util.h — helpers shared by the tests
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

G_BEGIN_DECLS

/* A fresh folder per test, removed with everything in it afterwards. */
typedef struct
{
  char *path;
} FbTestDir;

static inline void
fb_test_dir_remove (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        fb_test_dir_remove (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static inline FbTestDir *
fb_test_dir_new (void)
{
  FbTestDir *dir = g_new0 (FbTestDir, 1);
  g_autoptr(GError) error = NULL;

  dir->path = g_dir_make_tmp ("firebreak-test-XXXXXX", &error);
  g_assert_no_error (error);

  return dir;
}

static inline char *
fb_test_dir_file (FbTestDir  *dir,
                  const char *name)
{
  return g_build_filename (dir->path, name, NULL);
}

static inline void
fb_test_dir_free (FbTestDir *dir)
{
  if (dir == NULL)
    return;

  fb_test_dir_remove (dir->path);
  g_free (dir->path);
  g_free (dir);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbTestDir, fb_test_dir_free)

/* A wall clock the test moves by hand, to play machines whose clocks
 * disagree. */
typedef struct
{
  gint64 now_ms;
} FbTestClock;

static inline gint64
fb_test_clock_read (gpointer user_data)
{
  return ((FbTestClock *) user_data)->now_ms;
}

/* How many times @needle stands in @text (a log, an answer). */
static inline guint
fb_test_count_in (const char *text,
                  const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (text, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

G_END_DECLS
