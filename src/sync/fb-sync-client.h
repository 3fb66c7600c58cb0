/* fb-sync-client.h — keeps a store in step with a firebreak-server
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

typedef enum
{
  FB_SYNC_STATE_OFFLINE,     /* not connected; retrying with backoff */
  FB_SYNC_STATE_CONNECTING,
  FB_SYNC_STATE_SYNCING,     /* pushing or pulling; see n-waiting */
  FB_SYNC_STATE_UP_TO_DATE,
  FB_SYNC_STATE_REFUSED,     /* bad token, read-only token, untrusted certificate, or changes refused */
  FB_SYNC_STATE_UNAVAILABLE, /* the server answered that it cannot serve now (429, 5xx); retrying */
} FbSyncState;

#define FB_TYPE_SYNC_STATE (fb_sync_state_get_type ())
GType fb_sync_state_get_type (void);

#define FB_SYNC_ERROR (fb_sync_error_quark ())
GQuark fb_sync_error_quark (void);

typedef enum
{
  FB_SYNC_ERROR_OFFLINE,     /* the server cannot be reached */
  FB_SYNC_ERROR_REFUSED,     /* the server or its certificate said no */
  FB_SYNC_ERROR_PROTOCOL,    /* the server answered something unexpected */
  FB_SYNC_ERROR_STORE,       /* the local database failed */
  FB_SYNC_ERROR_UNAVAILABLE, /* the server is reachable but busy or failing */
} FbSyncError;

/* Reconnect backoff: from the first to the last, doubling, with jitter.
 * The cap is short so that a war-room is back within two seconds of its
 * server's return; a refusal (bad token, certificate) waits longer, since
 * only a person can mend it. */
#define FB_SYNC_BACKOFF_FIRST_MS   250
#define FB_SYNC_BACKOFF_MAX_MS     2000
#define FB_SYNC_BACKOFF_REFUSED_MS 30000
/* The longest wait a server's Retry-After may ask for. */
#define FB_SYNC_RETRY_AFTER_MAX_MS 60000
/* How long in all a sync-once (the command-line tool's) waits for a server
 * that asked it to come back later, before it gives up. */
#define FB_SYNC_ONCE_WAIT_MAX_MS   30000
#define FB_SYNC_PUSH_BATCH         200
/* Links (hash-only places of a chain) per request: some 200 bytes each. */
#define FB_SYNC_LINKS_PER_BATCH    1000
#define FB_SYNC_MAX_BATCH_BYTES    (3 * 1024 * 1024)  /* below the server's 4 MiB */
#define FB_SYNC_PULL_PAGE          500
#define FB_SYNC_HEARTBEAT_S        10

#define FB_TYPE_SYNC_CLIENT (fb_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (FbSyncClient, fb_sync_client, FB, SYNC_CLIENT, GObject)

FbSyncClient *fb_sync_client_new            (FbStore             *store,
                                             const char          *url,
                                             const char          *token,
                                             const char          *pinned_sha256);
FbStore      *fb_sync_client_get_store      (FbSyncClient        *self);
FbSyncState   fb_sync_client_get_state      (FbSyncClient        *self);
guint         fb_sync_client_get_n_waiting  (FbSyncClient        *self);
const char   *fb_sync_client_get_message    (FbSyncClient        *self);
guint         fb_sync_client_get_n_stranded (FbSyncClient        *self);
gint64        fb_sync_client_get_cursor     (FbSyncClient        *self);
const char   *fb_sync_client_get_server_id  (FbSyncClient        *self);

void          fb_sync_client_start          (FbSyncClient        *self);
void          fb_sync_client_stop           (FbSyncClient        *self);
gboolean      fb_sync_client_retry_now      (FbSyncClient        *self);
guint         fb_sync_client_get_retry_delay (FbSyncClient       *self);

/* One exchange and no live connection: push everything waiting, pull
 * everything new. For command-line use. */
void          fb_sync_client_sync_once_async  (FbSyncClient      *self,
                                               GCancellable      *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer           user_data);
gboolean      fb_sync_client_sync_once_finish (FbSyncClient      *self,
                                               GAsyncResult      *result,
                                               GError           **error);
gboolean      fb_sync_client_sync_once      (FbSyncClient        *self,
                                             GError             **error);

/* SHA-256 of the certificate's DER bytes, lower-case hex: what to pin. */
char         *fb_sync_certificate_fingerprint (GTlsCertificate   *certificate);

G_END_DECLS
