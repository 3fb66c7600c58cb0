/* fb-server-db-pull.c — a page of numbered ops for one user
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <string.h>

#include "fb-server-db-private.h"

static gboolean
append_links (FbServerDb *db,
              GHashTable *devices,
              GString    *json,
              GError    **error)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  g_string_append (json, ",\"links\":[");
  g_hash_table_iter_init (&iter, devices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(FbRows) rows = { 0 };
      char below[24];

      if (!_fb_server_db_run (db, FB_Q_LINKS_BELOW, &rows, error, 2, (const char *) key,
                              _fb_num (below, (gint64) GPOINTER_TO_SIZE (value))))
        return FALSE;

      for (guint i = 0; i < _fb_rows_count (&rows); i++)
        {
          /* Checked when they came: a UUID, a number and hex digests. */
          g_string_append_printf (json, "%s{\"device\":\"%s\",\"device_seq\":%" G_GINT64_FORMAT
                                  ",\"prev\":\"%s\",\"hash\":\"%s\"}",
                                  first ? "" : ",", (const char *) key,
                                  _fb_rows_int (&rows, i, 0), _fb_rows_text (&rows, i, 1),
                                  _fb_rows_text (&rows, i, 2));
          first = FALSE;
        }
    }
  g_string_append_c (json, ']');

  return TRUE;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The incidents shown to exist, and a digest of all those withheld: it
 * changes whenever the user gains or loses sight of one (a restriction
 * made, widened or lifted, a group changed), which tells the client to
 * pull again what it holds as links, without naming what it may not see. */
static void
append_withheld (GString    *json,
                 GPtrArray  *markers,
                 GHashTable *hidden)
{
  g_autofree gpointer *ids = NULL;
  g_autoptr(GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);
  guint n = 0;

  g_string_append (json, ",\"restricted\":[");
  for (guint i = 0; i < markers->len; i++)
    /* Incident ids, checked as UUIDs when their ops came. */
    g_string_append_printf (json, "%s\"%s\"", i > 0 ? "," : "", (const char *) markers->pdata[i]);
  g_string_append_c (json, ']');

  ids = g_hash_table_get_keys_as_array (hidden, &n);
  g_qsort_with_data (ids, (gint) n, sizeof (gpointer), compare_ids, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_checksum_update (digest, ids[i], -1);
      g_checksum_update (digest, (const guchar *) "\n", 1);
    }
  g_string_append_printf (json, ",\"withheld\":\"%s\"", n > 0 ? g_checksum_get_string (digest) : "");
}

static gboolean
append_page (FbServerDb *db,
             const char *user,
             gint64      since,
             guint       limit,
             GString    *json,
             GError    **error)
{
  g_autoptr(GHashTable) devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) hidden = NULL;
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func (g_free);
  g_auto(FbRows) head = { 0 };
  g_auto(FbRows) rows = { 0 };
  char s[24], l[24];

  hidden = _fb_server_db_hidden_for (db, user, markers, error);
  if (hidden == NULL ||
      !_fb_server_db_run (db, FB_Q_HEAD, &head, error, 0) ||
      !_fb_server_db_run (db, FB_Q_READ_OPS, &rows, error, 2, _fb_num (s, since), _fb_num (l, limit)))
    return FALSE;

  db->last_head = _fb_rows_int (&head, 0, 0);
  g_string_append_printf (json, "\"head\":%" G_GINT64_FORMAT ",\"ops\":[", db->last_head);

  for (guint i = 0; i < _fb_rows_count (&rows); i++)
    {
      gint64 seq = _fb_rows_int (&rows, i, 0);
      const char *device = _fb_rows_text (&rows, i, 2);
      gint64 device_seq = _fb_rows_int (&rows, i, 3);
      const char *incident = _fb_rows_text (&rows, i, 4);
      gpointer lowest;

      /* An op of an incident this user may not see: only its place in
       * its device's chain, nothing of what it says or whose it is. */
      if (incident != NULL && g_hash_table_contains (hidden, incident))
        g_string_append_printf (json, "%s{\"seq\":%" G_GINT64_FORMAT ",\"link\":{\"device\":\"%s\","
                                "\"device_seq\":%" G_GINT64_FORMAT ",\"prev\":\"%s\",\"hash\":\"%s\"}}",
                                i > 0 ? "," : "", seq, device, device_seq,
                                _fb_rows_text (&rows, i, 5), _fb_rows_text (&rows, i, 6));
      else
        /* Stored in canonical form by this server, so spliced as it is. */
        g_string_append_printf (json, "%s{\"seq\":%" G_GINT64_FORMAT ",\"op\":%s}",
                                i > 0 ? "," : "", seq, _fb_rows_text (&rows, i, 1));

      if (!g_hash_table_lookup_extended (devices, device, NULL, &lowest) ||
          device_seq < (gint64) GPOINTER_TO_SIZE (lowest))
        g_hash_table_insert (devices, g_strdup (device), GSIZE_TO_POINTER ((gsize) device_seq));
    }
  g_string_append_c (json, ']');

  /* The links below each device's first op in the page, for a device the
   * server has only a part of: the client checks the chain with them. */
  if (!append_links (db, devices, json, error))
    return FALSE;
  append_withheld (json, markers, hidden);

  return TRUE;
}

gboolean
fb_server_db_pull (FbServerDb *db,
                   const char *user,
                   gint64      since,
                   guint       limit,
                   GString    *json,
                   GError    **error)
{
  gboolean ok;

  g_return_val_if_fail (db != NULL, FALSE);

  /* One read transaction, so that the head, the page and who may see
   * what agree. */
  if (!db->backend->begin (db, FB_TX_READ, error))
    return FALSE;

  ok = append_page (db, user, since, limit, json, error);
  if (!ok)
    {
      db->backend->rollback (db);
      return FALSE;
    }

  return db->backend->commit (db, error);
}
