/* fb-sync-page-private.h — a pulled page, or a notice's ops, decoded
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fb-sync-page.c decodes a page from its text, with no tree of it;
 * _fb_sync_page_decode_tree () is the same on a json-glib tree, the
 * reference that tests/sync/test-page-decode.c and the fuzzer hold the
 * text decoder to: the same page, or the same words for what is wrong.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

typedef struct
{
  GBytes    *body;
  gint64     cursor;
  char      *cursor_id;
  gint64     head;
  GPtrArray *ops;        /* FbOp, seq > cursor */
  GPtrArray *links;      /* FbLink: places of chains the page's ops continue,
                          * and ops of incidents withheld from this user */
  GStrv      hidden;     /* restricted incidents the server says exist; NULL if it says nothing */
  char      *withheld;   /* the server's digest of all it withholds; NULL if it says nothing */
  gint64     last_seq;
  char      *last_id;
  gboolean   diverged;
  gboolean   validated;  /* every op passed fb_op_validate() where it was decoded */
  guint      n_in_page;
} FbSyncPage;

FbSyncPage *_fb_sync_page_new          (gint64       cursor,
                                        const char  *cursor_id);
void        _fb_sync_page_free         (FbSyncPage  *page);
gboolean    _fb_sync_page_decode       (FbSyncPage  *page,
                                        const char  *data,
                                        gsize        length,
                                        gsize        max_bytes,
                                        GError     **error);
gboolean    _fb_sync_page_decode_checked (FbSyncPage *page,
                                        const char  *data,
                                        gsize        length,
                                        GError     **error);
gboolean    _fb_sync_page_decode_with_tree (FbSyncPage *page,
                                        const char  *data,
                                        gsize        length,
                                        gsize        max_bytes,
                                        GError     **error);
gboolean    _fb_sync_page_decode_tree  (FbSyncPage  *page,
                                        JsonNode    *root,
                                        GError     **error);
gboolean    _fb_sync_notice_read       (const char  *data,
                                        gsize        length,
                                        gsize        max_bytes,
                                        gint64      *head,
                                        gint64      *from,
                                        gboolean    *has_ops);

G_END_DECLS
