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

static inline char *
fb_test_check_file (const char *path,
                    const char *pragma)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *answer;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, pragma, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  answer = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return answer;
}

/* One byte changed in a leaf page of @index, found through dbstat, in a
 * file no program holds open: the last byte of its last cell, the row
 * it points to. SQLite's quick check reads the file as sound; only its
 * integrity check, which compares the index with its table, shows the
 * damage. */
static inline void
fb_test_flip_index_byte (const char *path,
                         const char *index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *quick = NULL;
  g_autofree char *full = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 page, page_size;
  gsize len;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT pageno, (SELECT page_size FROM pragma_page_size)"
                                           " FROM dbstat WHERE name = ? AND pagetype = 'leaf' LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, index, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page = sqlite3_column_int64 (stmt, 0);
  page_size = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  bytes = fb_test_read_bytes (path, &len);
  g_assert_cmpuint (len, >=, page * page_size);
  bytes[page * page_size - 1] ^= 0x40;
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);

  quick = fb_test_check_file (path, "PRAGMA quick_check");
  full = fb_test_check_file (path, "PRAGMA integrity_check");
  g_assert_cmpstr (quick, ==, "ok");
  g_assert_cmpstr (full, !=, "ok");
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
