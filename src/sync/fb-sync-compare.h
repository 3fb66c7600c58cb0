/* fb-sync-compare.h — the local record beside the war-room server's
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-sync-client.h"

G_BEGIN_DECLS

typedef enum
{
  FB_COMPARE_NOT_SENT,     /* changes here the server lacks: not sent yet, which is normal */
  FB_COMPARE_NOT_FETCHED,  /* changes on the server this record has not fetched yet */
  FB_COMPARE_MISSING,      /* changes on the server this record held or fetched: removed here */
  FB_COMPARE_DIFFERENT,    /* one place, two different changes */
} FbCompareKind;

/* What differs for one device, numbers first to last. */
typedef struct
{
  FbCompareKind  kind;
  char          *device;
  gint64         first;
  gint64         last;
  char          *text;     /* in words a user can act on */
} FbCompareFinding;

typedef struct
{
  GPtrArray *findings;       /* FbCompareFinding, by device */
  char      *local_digest;   /* the record's state here */
  char      *server_digest;  /* and on the server */
  guint      n_devices;      /* devices compared */
  gboolean   intact;         /* nothing missing here, nothing different */
} FbComparison;

void          fb_comparison_free             (FbComparison        *comparison);

void          fb_sync_client_compare_async   (FbSyncClient        *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
FbComparison *fb_sync_client_compare_finish  (FbSyncClient        *self,
                                              GAsyncResult        *result,
                                              GError             **error);
FbComparison *fb_sync_client_compare         (FbSyncClient        *self,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbComparison, fb_comparison_free)

G_END_DECLS
