/* fb-test-file.h — reading, damaging and mounting the tests' files
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

G_BEGIN_DECLS

static inline char *
fb_test_read_bytes (const char *path,
                    gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* For mount and umount, whose words the tests do not need. */
static inline gboolean
fb_test_run_quietly (const char * const *argv)
{
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* Overwrites the root page of @index in the database a running program
 * holds open: everything is first moved into the file, the page is
 * overwritten in place (a new file would not be the one it has open),
 * and a commit from here makes that program read its pages again. */
static inline void
fb_test_damage_index_under (const char *path,
                            const char *index)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rootpage, (SELECT page_size FROM pragma_page_size),"
                                          " (SELECT user_version FROM pragma_user_version)"
                                          " FROM sqlite_master WHERE name = '%s'", index);
  g_autofree char *garbage = NULL;
  g_autofree char *bump = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 page, page_size;
  FILE *file;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page = sqlite3_column_int64 (stmt, 0);
  page_size = sqlite3_column_int64 (stmt, 1);
  bump = g_strdup_printf ("PRAGMA user_version = %lld", (long long) sqlite3_column_int64 (stmt, 2));
  sqlite3_finalize (stmt);

  garbage = g_malloc (page_size);
  memset (garbage, 0x5a, page_size);
  file = fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (page - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (garbage, 1, page_size, file), ==, page_size);
  g_assert_cmpint (fclose (file), ==, 0);

  g_assert_cmpint (sqlite3_exec (db, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

G_END_DECLS
