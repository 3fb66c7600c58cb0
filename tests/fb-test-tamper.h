/* fb-test-tamper.h — a record filled, and changed behind Firebreak's back
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

static inline void
fb_test_add_entries (FbStore    *store,
                     const char *incident,
                     const char *prefix,
                     guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("%s %u", prefix, i + 1);

      g_free (fb_store_add_entry (store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

/* Changes the file behind the program's back, as someone with a SQLite
 * shell would. */
static inline void
fb_test_tamper (const char *path,
                const char *sql)
{
  sqlite3 *db;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* Removes the newest @n ops of @device and the entries they made, and
 * sets the counter back when @device is the record's own, as a careful
 * hand would; with @wipe_witnesses, the record's witnesses go too, so
 * that only a witness held elsewhere can tell. */
static inline void
fb_test_cut_tail (const char *path,
                  const char *device,
                  guint       n,
                  gboolean    wipe_witnesses)
{
  g_autofree char *sql =
    g_strdup_printf ("CREATE TEMP TABLE cut AS SELECT id FROM ops WHERE device = '%s'"
                     "  ORDER BY device_seq DESC LIMIT %u;"
                     "DELETE FROM entries WHERE op IN (SELECT id FROM cut) OR id IN (SELECT id FROM cut);"
                     "INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');"
                     "DELETE FROM ops WHERE id IN (SELECT id FROM cut);"
                     "UPDATE meta SET value = (SELECT max(device_seq) FROM ops WHERE device = '%s')"
                     "  WHERE key = 'device_seq' AND (SELECT value FROM meta WHERE key = 'device') = '%s';"
                     "%s",
                     device, n, device, device, wipe_witnesses ? "DELETE FROM witnesses;" : "");

  fb_test_tamper (path, sql);
}

G_END_DECLS
