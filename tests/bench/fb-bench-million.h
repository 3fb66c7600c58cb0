/* fb-bench-million.h — a record of one incident with 1,000,000 entries,
 * generated once and kept in the build folder between benchmark runs
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The record is made through the store's one door (local ops, in batches
 * of 10,000), never shipped. Its file is named after the generator's
 * version: change anything below that changes what is generated, and bump
 * FB_BENCH_MILLION_VERSION so that no benchmark reads a stale file.
 *
 * Every entry's text mixes English and Japanese words that recur; one in
 * a thousand holds the rare English word and one in a thousand the rare
 * Japanese one, which the search benchmark looks for.
 */

#pragma once

#include <stdio.h>
#include <glib/gstdio.h>

#include "firebreak-core.h"
#include "fb-bench-util.h"

G_BEGIN_DECLS

#define FB_BENCH_MILLION_VERSION 1
#define FB_BENCH_MILLION_ENTRIES 1000000
#define FB_BENCH_MILLION_BATCH   10000
#define FB_BENCH_MILLION_RARE_EN "mimikatz"
#define FB_BENCH_MILLION_RARE_JA "横展開"

static const char * const fb_bench_million_words[] = {
  "server", "firewall", "blocked", "user", "reported", "ransom", "note", "backup",
  "isolated", "escalated", "legal", "press", "vendor", "log", "account", "disabled",
  "ファイル", "暗号化", "確認", "連絡",
};

/* The text of entry @n. */
static inline char *
fb_bench_million_text (guint n)
{
  GString *text = g_string_new (NULL);
  guint len = 6 + n % 18;

  g_string_append_printf (text, "Entry %u:", n);
  for (guint i = 0; i < len; i++)
    g_string_append_printf (text, " %s",
                            fb_bench_million_words[(n * 7 + i * 13) % G_N_ELEMENTS (fb_bench_million_words)]);
  if (n % 1000 == 7)
    g_string_append (text, " " FB_BENCH_MILLION_RARE_EN " found in memory");
  if (n % 1000 == 507)
    g_string_append (text, " " FB_BENCH_MILLION_RARE_JA "の痕跡あり");
  return g_string_free (text, FALSE);
}

/* When entry @n of the incident detected at @detected happened: one a
 * second, the last a minute before the generation. */
static inline gint64
fb_bench_million_occurred_at (gint64 detected,
                              guint  n)
{
  return detected + (gint64) n * 1000;
}

/* Adds the @n entries from @first to @incident as local ops, in batches
 * of FB_BENCH_MILLION_BATCH. */
static inline void
fb_bench_million_fill (FbStore    *store,
                       const char *incident,
                       gint64      detected,
                       guint       first,
                       guint       n)
{
  for (guint done = first; done < first + n;)
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
      g_autoptr(GError) error = NULL;

      for (; done < first + n && drafts->len < FB_BENCH_MILLION_BATCH; done++)
        {
          g_autoptr(JsonObject) body = json_object_new ();
          g_autofree char *id = fb_uuid_new ();
          g_autofree char *text = fb_bench_million_text (done);

          json_object_set_string_member (body, "kind", fb_entry_kind_to_string (done % FB_ENTRY_SYSTEM));
          json_object_set_string_member (body, "text", text);
          json_object_set_int_member (body, "occurred_at", fb_bench_million_occurred_at (detected, done));
          g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, id, body));
        }

      if (!fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error))
        g_error ("generating the record: %s", error->message);
    }
}

/* A new store at @path holding one incident, detected so that its
 * FB_BENCH_MILLION_ENTRIES entries end a minute ago; returns the
 * incident's id. */
static inline char *
fb_bench_million_generate (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  gint64 detected;
  char *incident;

  if (store == NULL)
    g_error ("%s", error->message);
  fb_store_set_author (store, "Bench");
  detected = fb_store_now_ms (store) - (gint64) FB_BENCH_MILLION_ENTRIES * 1000 - 60000;
  incident = fb_store_create_incident (store, "A million entries", "generic", 1, detected, 60, FALSE, &error);
  if (incident == NULL)
    g_error ("%s", error->message);
  fb_bench_million_fill (store, incident, detected, 0, FB_BENCH_MILLION_ENTRIES);
  return incident;
}

/* The path of the kept record, generated first if it is not there yet.
 * FB_BENCH_CACHE_DIR is the build folder's, set in meson.build. */
static inline char *
fb_bench_million_path (void)
{
  g_autofree char *name = g_strdup_printf ("million-v%d.db", FB_BENCH_MILLION_VERSION);
  char *path = g_build_filename (FB_BENCH_CACHE_DIR, name, NULL);
  g_autofree char *part = NULL;
  g_autofree char *incident = NULL;
  gint64 start;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf ("# %s: kept from an earlier run\n", path);
      return path;
    }

  /* Made under another name and renamed when whole, so that a run
   * stopped half-way leaves nothing a later run would take for it. */
  part = g_strconcat (path, ".part", NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *stale = g_strconcat (part, (const char *[]) { "", "-wal", "-shm" }[i], NULL);
      g_unlink (stale);
    }

  start = g_get_monotonic_time ();
  incident = fb_bench_million_generate (part);
  if (g_rename (part, path) != 0)
    g_error ("renaming %s: %s", part, g_strerror (errno));
  printf ("# %s: %d entries generated in %.1f s\n", path, FB_BENCH_MILLION_ENTRIES,
          fb_bench_seconds_since (start));
  fflush (stdout);
  return path;
}

/* The id of the kept record's one incident. */
static inline char *
fb_bench_million_incident (FbStore *store)
{
  g_autoptr(GListModel) incidents = fb_store_list_incidents (store, TRUE);
  g_autoptr(FbIncident) incident = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (incidents), ==, 1);
  incident = g_list_model_get_item (incidents, 0);
  return g_strdup (fb_incident_get_id (incident));
}

G_END_DECLS
