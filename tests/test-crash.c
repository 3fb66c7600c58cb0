/* test-crash.c — a writer killed at any moment loses nothing it committed
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-test-util.h"

/* The child: posts entries one transaction at a time and says so on
 * stdout after each commit returns, until it is killed. */
static int
run_writer (const char *path,
            const char *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  for (guint i = 0; ; i++)
    {
      g_autofree char *text = g_strdup_printf ("Entry %u", i);
      g_autofree char *id = fb_store_add_entry (store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error);

      if (id == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      printf ("%s\n", id);
      fflush (stdout);
    }

  return 0;
}

/* The child for /crash/second-process: a few entries, then a clean exit,
 * which closes its connection like firebreak-cli does. */
static int
run_poster (const char *path,
            const char *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  for (guint i = 0; store != NULL && i < 5; i++)
    g_free (fb_store_add_entry (store, incident, FB_ENTRY_FACT, "from the other process", 0, NULL, NULL, &error));

  if (error != NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  return 0;
}

/* The child for /crash/sigkill-create: makes one new database after
 * another and says so after each, until it is killed. */
static int
run_creator (const char *dir,
             const char *round)
{
  for (guint i = 0; ; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("r%s-%u.db", round, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

      if (store == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      printf ("%s\n", name);
      fflush (stdout);
    }

  return 0;
}

static const char *self_path;

/* A program that opens the same file twice (the app's window and its sync
 * worker) must keep its locks on it: had either let go, another program
 * closing its connection would take itself for the last one and delete
 * the journal under our feet. */
static void
test_crash_second_process (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "shared.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) mine = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *incident = NULL;

  mine = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  incident = fb_store_create_incident (mine, "Shared", NULL, 3, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  /* A second connection in this process, opened and closed. */
  g_clear_object (&(FbStore *) { fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error) });
  g_assert_no_error (error);

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--poster", path, incident, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (child, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (fb_store_count_entries (mine, incident), ==, 5);

  /* And our next write lands in the same journal the other process used. */
  g_free (fb_store_add_entry (mine, incident, FB_ENTRY_NOTE, "mine", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&mine);
  mine = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fb_store_count_entries (mine, incident), ==, 6);
}

static void
test_crash_sigkill (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *path = fb_test_dir_file (dir, "crash.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autoptr(GPtrArray) acknowledged = g_ptr_array_new_with_free_func (g_free);

  {
    g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    incident = fb_store_create_incident (store, "Crash", NULL, 3, 0, 60, TRUE, &error);
    g_assert_no_error (error);
  }

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      guint seen = 0;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                self_path, "--writer", path, incident, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      /* Let it commit a varying number of entries, then kill it wherever
       * it is: between commits or in the middle of one. */
      while (seen < 20 + round * 37)
        {
          g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_nonnull (line);
          g_ptr_array_add (acknowledged, g_steal_pointer (&line));
          seen++;
        }
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
    }

  {
    g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
    g_autoptr(FbVerification) v = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < acknowledged->len; i++)
      {
        g_autoptr(FbEntry) entry = fb_store_get_entry (store, acknowledged->pdata[i]);
        g_assert_nonnull (entry);
      }

    g_assert_cmpuint (fb_store_count_entries (store, incident), >=, acknowledged->len);
    v = fb_store_verify (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (v->problem);
  }
}

static gboolean
is_side_file (const char *name)
{
  return g_str_has_suffix (name, "-wal") || g_str_has_suffix (name, "-shm") ||
         g_str_has_suffix (name, "-journal");
}

/* A creation killed at any moment leaves either no database or one that
 * opens, with its identity; never a file that is then refused. */
static void
test_crash_sigkill_create (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  g_autoptr(GPtrArray) stale_targets = g_ptr_array_new_with_free_func (g_free);
  const char *rounds_env = g_getenv ("FIREBREAK_KILL_ROUNDS");
  guint n_rounds = rounds_env != NULL ? (guint) g_ascii_strtoull (rounds_env, NULL, 10) : 40;
  guint n_opened = 0, n_acknowledged = 0;

  for (guint round = 0; round < n_rounds; round++)
    {
      g_autofree char *round_text = g_strdup_printf ("%u", round);
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) lines = NULL;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                self_path, "--creator", dir->path, round_text, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      /* Kill it after a varying number of databases: at once, while it
       * loads, or in the middle of the next creation. */
      for (guint seen = 0; seen < round % 4; seen++, n_acknowledged++)
        {
          g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_nonnull (line);
        }
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
    }

  listing = g_dir_open (dir->path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir->path, name, NULL);

      if (g_str_has_prefix (name, "."))
        {
          g_autofree char *target = g_strndup (name + 1, strstr (name, ".new-") - name - 1);

          if (!g_ptr_array_find_with_equal_func (stale_targets, target, g_str_equal, NULL))
            g_ptr_array_add (stale_targets, g_steal_pointer (&target));
          continue;
        }
      if (is_side_file (name))
        continue;

      g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_true (fb_uuid_is_valid (fb_store_get_device_id (store)));
      n_opened++;
    }
  g_test_message ("%u kill rounds: %u creations acknowledged, %u databases present and whole, "
                  "%u creations caught half-way", n_rounds, n_acknowledged, n_opened, stale_targets->len);
  g_assert_cmpuint (n_opened, >=, n_acknowledged);

  /* Making each of those databases again clears what the killed
   * creation left of it. */
  for (guint i = 0; i < stale_targets->len; i++)
    {
      g_autofree char *path = g_build_filename (dir->path, stale_targets->pdata[i], NULL);
      g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

      g_assert_no_error (error);
    }
  g_clear_pointer (&listing, g_dir_close);
  listing = g_dir_open (dir->path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (g_str_has_prefix (name, "."));
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "--creator"))
    return run_creator (argv[2], argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "--poster"))
    return run_poster (argv[2], argv[3]);

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/sigkill", test_crash_sigkill);
  g_test_add_func ("/crash/second-process", test_crash_second_process);
  g_test_add_func ("/crash/sigkill-create", test_crash_sigkill_create);

  return g_test_run ();
}
