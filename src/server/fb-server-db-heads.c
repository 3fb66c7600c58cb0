/* fb-server-db-heads.c — the newest place of each chain the server holds
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What GET /api/v1/heads answers from: a workstation compares its record
 * with these, so the server is a witness of changes cut from it.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include "fb-record-state.h"
#include "fb-server-db-private.h"

/**
 * fb_server_db_get_state:
 *
 * Returns: (transfer full): the newest place of each device the server
 *   holds, as an op or a link, and their digest; %NULL on error
 */
FbRecordState *
fb_server_db_get_state (FbServerDb *db,
                        GError    **error)
{
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_head_free);
  g_auto(FbRows) rows = { 0 };

  g_return_val_if_fail (db != NULL, NULL);

  /* One statement, so that the numbers and their hashes agree. */
  if (!_fb_server_db_run (db, FB_Q_HEADS, &rows, error, 0))
    return NULL;

  for (guint i = 0; i < _fb_rows_count (&rows); i++)
    g_ptr_array_add (heads, fb_head_new (_fb_rows_text (&rows, i, 0), _fb_rows_int (&rows, i, 1),
                                         _fb_rows_text (&rows, i, 2)));

  return fb_record_state_new (g_steal_pointer (&heads));
}

/**
 * fb_server_db_get_place:
 * @seq: (out): the server's number of the op there; 0 for a link
 *
 * Returns: (transfer full) (nullable): the place @device_seq of @device's
 *   chain, from the op or the link the server holds there; %NULL, without
 *   an error, when it holds neither
 */
FbLink *
fb_server_db_get_place (FbServerDb *db,
                        const char *device,
                        gint64      device_seq,
                        gint64     *seq,
                        GError    **error)
{
  g_auto(FbRows) rows = { 0 };
  FbLink *link;
  char n[24];

  g_return_val_if_fail (db != NULL && device != NULL && seq != NULL, NULL);

  if (!_fb_server_db_run (db, FB_Q_GET_PLACE, &rows, error, 2, device, _fb_num (n, device_seq)) ||
      _fb_rows_count (&rows) == 0)
    return NULL;

  link = g_new0 (FbLink, 1);
  link->device = g_strdup (device);
  link->device_seq = device_seq;
  *seq = _fb_rows_int (&rows, 0, 0);
  link->prev = g_strdup (_fb_rows_text (&rows, 0, 1));
  link->hash = g_strdup (_fb_rows_text (&rows, 0, 2));
  return link;
}
