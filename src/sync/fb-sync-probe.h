/* fb-sync-probe.h — ask a server who it is and who the token is
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What one GET /api/v1/info told, for a person to compare. */
typedef struct
{
  char     *server_id;
  char     *version;
  char     *user;
  GStrv     groups;
  gboolean  read_only;
  char     *fingerprint;   /* SHA-256 of the certificate reached, hex; NULL over http */
} FbSyncProbe;

#define FB_TYPE_SYNC_PROBE (fb_sync_probe_get_type ())
GType        fb_sync_probe_get_type (void);
void         fb_sync_probe_free     (FbSyncProbe         *probe);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbSyncProbe, fb_sync_probe_free)

void         fb_sync_probe_async    (const char          *url,
                                     const char          *token,
                                     const char          *pinned_sha256,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
FbSyncProbe *fb_sync_probe_finish   (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
