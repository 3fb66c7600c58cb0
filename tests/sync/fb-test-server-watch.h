/* fb-test-server-watch.h — a firebreak-server that dies fails the test at once
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the sync tests and the sync benchmarks: every server they
 * start runs with warnings fatal, writes its standard error to a file,
 * and is watched by a thread that ends the whole program, with the
 * server's last words, if the server exits while nobody asked it to.
 */

#pragma once

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

G_BEGIN_DECLS

/* The last lines a server wrote, to say why it died. */
static inline char *
fb_test_read_tail (const char *path,
                   gsize       max)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("(no output)");

  return g_strdup (len > max ? contents + len - max : contents);
}

typedef struct
{
  GSubprocess *process;
  char        *log_path;
  gint        *stopping;
} FbTestServerWatch;

/* A server that dies while a test talks to it fails the test at once,
 * with its last words, rather than leaving the test to wait for
 * answers that will never come. */
static inline gpointer
fb_test_server_watch_thread (gpointer data)
{
  FbTestServerWatch *watch = data;

  g_subprocess_wait (watch->process, NULL, NULL);
  if (!g_atomic_int_get (watch->stopping))
    {
      g_autofree char *tail = fb_test_read_tail (watch->log_path, 4096);

      g_printerr ("firebreak-server died (%s %d); its last words:\n%s\n",
                  g_subprocess_get_if_signaled (watch->process) ? "signal" : "exit status",
                  g_subprocess_get_if_signaled (watch->process) ? g_subprocess_get_term_sig (watch->process)
                                                                : g_subprocess_get_exit_status (watch->process),
                  tail);
      abort ();
    }

  g_object_unref (watch->process);
  g_free (watch->log_path);
  g_free (watch);
  return NULL;
}

static inline void
fb_test_server_watch (GSubprocess *process,
                      const char  *log_path,
                      gint        *stopping,
                      GThread    **thread)
{
  FbTestServerWatch *watch = g_new0 (FbTestServerWatch, 1);

  watch->process = g_object_ref (process);
  watch->log_path = g_strdup (log_path);
  watch->stopping = stopping;
  *thread = g_thread_new ("server-watch", fb_test_server_watch_thread, watch);
}

/* Every server a test or benchmark starts runs with warnings fatal, and
 * writes its standard error to @log_path. */
static inline GSubprocessLauncher *
fb_test_server_launcher (const char *log_path)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-warnings", TRUE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  return launcher;
}

/* The address a server started with port 0 bound: the first line of its
 * standard output says it. */
static inline char *
fb_test_server_read_url (GSubprocess *process)
{
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  return g_strdup (line + strlen ("listening on "));
}

G_END_DECLS
