/* fb-test-pg.h — a real PostgreSQL for the tests, in a temporary folder
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * initdb and pg_ctl from `pg_config --bindir` make a cluster in a folder
 * of its own, listening on a Unix socket there and nowhere else, with
 * fsync on. PostgreSQL refuses to run as root, and CI runs as root: then
 * the cluster runs as nobody. One cluster per test program
 * (fb_test_pg_get ()), a database per server (fb_test_pg_new_database ()).
 * It is stopped and its folder removed when the program exits; a watcher
 * process does the same when the program dies another way (an abort),
 * since pg_ctl's server does not die with its parent.
 *
 * A build without the postgresql feature skips PostgreSQL tests; a build
 * with it fails them when initdb cannot be found, so CI really runs them.
 */

#pragma once

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fb-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir;      /* the cluster's folder, also its socket's */
  char *data;
  char *log;
  char *bindir;
  guint n_databases;
} FbTestPg;

static FbTestPg *fb_test_pg_cluster;

/* TRUE if this build has the PostgreSQL back end. */
static inline gboolean
fb_test_pg_supported (void)
{
#ifdef FB_HAVE_POSTGRESQL
  return TRUE;
#else
  return FALSE;
#endif
}

/* Runs a PostgreSQL program as the user the cluster belongs to. */
static inline gboolean
fb_test_pg_run (FbTestPg           *pg,
                const char * const *args,
                GError            **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) proc = NULL;

  if (geteuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("setpriv"));
      g_ptr_array_add (argv, g_strdup ("--reuid=nobody"));
      g_ptr_array_add (argv, g_strdup ("--regid=nogroup"));
      g_ptr_array_add (argv, g_strdup ("--clear-groups"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (pg->bindir, args[0], NULL));
  for (guint i = 1; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, error);
  if (proc == NULL || !g_subprocess_wait_check (proc, NULL, error))
    return FALSE;
  return TRUE;
}

/* Starts the cluster again after fb_test_pg_stop (), on the same socket. */
static inline void
fb_test_pg_start (FbTestPg *pg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *options = g_strdup_printf ("-c listen_addresses='' -c unix_socket_directories=%s "
                                              "-c fsync=on -c max_connections=200", pg->dir);
  const char *args[] = { "pg_ctl", "-D", pg->data, "-l", pg->log, "-w", "-t", "60",
                         "-o", options, "start", NULL };

  if (!fb_test_pg_run (pg, args, &error))
    {
      g_autofree char *log = NULL;

      g_file_get_contents (pg->log, &log, NULL, NULL);
      g_error ("Cannot start PostgreSQL in %s: %s\n%s", pg->dir, error->message, log != NULL ? log : "");
    }
}

/* The hard way, as a crash or a lost machine would: nothing is finished. */
static inline void
fb_test_pg_stop (FbTestPg *pg)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "pg_ctl", "-D", pg->data, "-m", "immediate", "-w", "stop", NULL };

  if (!fb_test_pg_run (pg, args, &error))
    g_error ("Cannot stop PostgreSQL in %s: %s", pg->dir, error->message);
}

static inline void
fb_test_pg_free (FbTestPg *pg)
{
  g_autofree char *pid_file = NULL;

  if (pg == NULL)
    return;

  pid_file = g_build_filename (pg->data, "postmaster.pid", NULL);
  if (g_file_test (pid_file, G_FILE_TEST_EXISTS))
    {
      const char *args[] = { "pg_ctl", "-D", pg->data, "-m", "immediate", "-w", "stop", NULL };

      fb_test_pg_run (pg, args, NULL);
    }
  fb_test_dir_remove (pg->dir);
  g_free (pg->dir);
  g_free (pg->data);
  g_free (pg->log);
  g_free (pg->bindir);
  g_free (pg);
}

static inline void
fb_test_pg_at_exit (void)
{
  g_clear_pointer (&fb_test_pg_cluster, fb_test_pg_free);
}

/* Stops the cluster and removes its folder when this program is gone,
 * however it went: the watcher reads its standard input, which only this
 * program holds open, until it ends. */
static inline void
fb_test_pg_watch (FbTestPg *pg)
{
  static GSubprocess *watcher;
  g_autoptr(GError) error = NULL;
  const char *script =
    "read _ignored;"
    "p=\"$1/data/postmaster.pid\";"
    "if [ -f \"$p\" ]; then kill -QUIT \"$(head -n 1 \"$p\")\" 2>/dev/null;"
    "  n=0; while [ -f \"$p\" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done; fi;"
    "rm -rf \"$1\"";

  watcher = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "setsid", "sh", "-c", script, "sh", pg->dir, NULL);
  g_assert_no_error (error);
  /* Kept open, never written: its end is this program's. */
  (void) watcher;
}

static inline char *
fb_test_pg_bindir (void)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync ("pg_config --bindir", &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_strstrip (g_steal_pointer (&out));
}

/* The cluster of this test program, made on first use; NULL (after a
 * TAP skip) only in a build without PostgreSQL. */
static inline FbTestPg *
fb_test_pg_get (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *initdb = NULL;
  FbTestPg *pg;

  if (fb_test_pg_cluster != NULL)
    return fb_test_pg_cluster;

  if (!fb_test_pg_supported ())
    {
      g_test_skip ("This build has no PostgreSQL support (meson option postgresql)");
      return NULL;
    }

  pg = g_new0 (FbTestPg, 1);
  pg->bindir = fb_test_pg_bindir ();
  if (pg->bindir == NULL)
    g_error ("pg_config is missing: install postgresql and libpq-dev (build-aux/install-deps), "
             "or build with -Dpostgresql=disabled");
  initdb = g_build_filename (pg->bindir, "initdb", NULL);
  if (!g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is missing: install postgresql (build-aux/install-deps), "
             "or build with -Dpostgresql=disabled", initdb);

  /* Short: a socket's path has a limit of about 100 bytes. */
  pg->dir = g_dir_make_tmp ("fbpg-XXXXXX", &error);
  g_assert_no_error (error);
  pg->data = g_build_filename (pg->dir, "data", NULL);
  pg->log = g_build_filename (pg->dir, "log", NULL);
  if (geteuid () == 0)
    g_assert_cmpint (chown (pg->dir, 65534, 65534), ==, 0);

  fb_test_pg_cluster = pg;
  atexit (fb_test_pg_at_exit);
  fb_test_pg_watch (pg);

  {
    const char *args[] = { "initdb", "-D", pg->data, "-A", "trust", "-U", "firebreak", "-E", "UTF8",
                           "--locale=C", "--no-sync", "--no-instructions", NULL };

    if (!fb_test_pg_run (pg, args, &error))
      g_error ("initdb failed in %s: %s", pg->dir, error->message);
  }
  fb_test_pg_start (pg);

  return pg;
}

/* A libpq URI for database @name of @pg. */
static inline char *
fb_test_pg_uri (FbTestPg   *pg,
                const char *name)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&user=firebreak", name, pg->dir);
}

/* Runs @sql on the database @uri names, as an administrator would with
 * psql; returns what it printed, unaligned, without headers. */
static inline char *
fb_test_pg_query_text (FbTestPg   *pg,
                       const char *uri,
                       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *psql = g_build_filename (pg->bindir, "psql", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", sql, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("psql %s: %s", sql, err);

  return g_strstrip (g_steal_pointer (&out));
}

/* The same, for one number: the first column of the first row (-1 if
 * none). */
static inline gint64
fb_test_pg_query (FbTestPg   *pg,
                  const char *uri,
                  const char *sql)
{
  g_autofree char *out = fb_test_pg_query_text (pg, uri, sql);

  return out[0] != '\0' ? g_ascii_strtoll (out, NULL, 10) : -1;
}

/* Runs @sql on the cluster's maintenance database. */
static inline void
fb_test_pg_exec (FbTestPg   *pg,
                 const char *sql)
{
  g_autofree char *uri = fb_test_pg_uri (pg, "postgres");

  fb_test_pg_query (pg, uri, sql);
}

/* The backup of the database @uri names into @file, as pg_dump makes it. */
static inline void
fb_test_pg_backup (FbTestPg   *pg,
                   const char *uri,
                   const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pg_dump = g_build_filename (pg->bindir, "pg_dump", NULL);
  g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, pg_dump,
                                                  "-Fc", "-f", file, "-d", uri, NULL);

  g_assert_no_error (error);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);
}

/* The database @uri names replaced by the backup in @file: dropped, made
 * again and filled by pg_restore. */
static inline void
fb_test_pg_restore (FbTestPg   *pg,
                    const char *uri,
                    const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pg_restore = g_build_filename (pg->bindir, "pg_restore", NULL);
  g_autofree char *name = g_strndup (uri + strlen ("postgresql:///"), strcspn (uri + strlen ("postgresql:///"), "?"));
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", name);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  g_autoptr(GSubprocess) proc = NULL;

  g_assert_true (g_str_has_prefix (uri, "postgresql:///"));
  fb_test_pg_exec (pg, drop);
  fb_test_pg_exec (pg, create);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, pg_restore, "-d", uri, file, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);
}

/* A new, empty database in the test program's cluster: its URI. */
static inline char *
fb_test_pg_new_database (FbTestPg *pg)
{
  g_autofree char *name = g_strdup_printf ("fb%u", ++pg->n_databases);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);

  fb_test_pg_exec (pg, sql);
  return fb_test_pg_uri (pg, name);
}

G_END_DECLS
