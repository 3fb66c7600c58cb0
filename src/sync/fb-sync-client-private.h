/* fb-sync-client-private.h — what the sync client's files share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fb-sync-client.c    the object, its properties and the public API
 * fb-sync-phase.c     the phases and the moves between them: connect,
 *                     pass, failure and backoff
 * fb-sync-transport.c requests, the bearer token, certificate pinning
 * fb-sync-repush.c    push the outbox; offer imported devices; refill a
 *                     server that lost what we sent
 * fb-sync-pull.c      pull pages from the cursor, decode and apply them
 * fb-sync-page.c      decode a page, or a notice's ops, from its text
 * fb-sync-live.c      the WebSocket that says when to run a pass, and
 *                     brings the ops of small changes; small pushes go on it
 * fb-sync-probe.c     one question to a server, apart from the client:
 *                     who it is, who the token is, which certificate
 */

#pragma once

#include <libsoup/soup.h>

#include "fb-sync-client.h"

G_BEGIN_DECLS

#define FB_SYNC_META_CURSOR    "sync.cursor"
#define FB_SYNC_META_CURSOR_ID "sync.cursor_id"
#define FB_SYNC_META_SERVER_ID "sync.server_id"
#define FB_SYNC_META_WITHHELD  "sync.withheld"   /* the server's digest of what it withholds */
#define FB_SYNC_MAX_RESPONSE   (64 * 1024 * 1024)
#define FB_SYNC_MAX_NOTICE     (256 * 1024)      /* a live notice with its ops */
#define FB_SYNC_STREAM_BEYOND  2000              /* ops behind the head that make a pull a stream */
#define FB_SYNC_STREAM_AHEAD   (8 * 1024 * 1024) /* bytes of a stream read ahead of the apply */
#define FB_SYNC_STREAM_READ    (256 * 1024)
#define FB_SYNC_STREAM_BATCH   5000              /* ops of a stream applied in one transaction */
#define FB_SYNC_STREAM_APPLY_LATE_MS 1000        /* the longest an apply waits for an idle loop */
#define FB_SYNC_LIVE_PUSH_TIMEOUT_S  30          /* as long as an HTTP request may take */

/* Where the client is. One value, so that a pass cannot run unconnected
 * or a retry wait beside a live connection. The moves between them are
 * in fb-sync-phase.c; the state the UI shows follows from the phase. */
typedef enum
{
  FB_SYNC_PHASE_STOPPED,     /* not started, stopped, or a sync-once over */
  FB_SYNC_PHASE_RETRY_DUE,   /* started; the last attempt failed; retry_id waits */
  FB_SYNC_PHASE_CONNECTING,  /* asking the server who it is */
  FB_SYNC_PHASE_IDLE,        /* connected; waiting for a notice or a change */
  FB_SYNC_PHASE_PASSING,     /* connected; a pass runs */
  FB_SYNC_PHASE_PASS_AGAIN,  /* connected; a pass runs and another is due after it */
  FB_SYNC_N_PHASES
} FbSyncPhase;

typedef void (*FbSyncReplyFunc) (FbSyncClient *self,
                                 guint         status,
                                 GBytes       *body,
                                 JsonNode     *root);

struct _FbSyncClient
{
  GObject                  parent_instance;

  FbStore                 *store;
  gulong                   store_changed_id;
  char                    *base;         /* URL without trailing slash */
  char                    *token;
  char                    *pin;          /* lower-case hex, or NULL */

  SoupSession             *session;
  GCancellable            *cancellable;  /* of the current connection */
  SoupWebsocketConnection *ws;

  FbSyncPhase              phase;
  GTask                   *once;         /* a sync-once under way, or NULL */
  guint                    once_waited;  /* ms it has waited for the server's Retry-After */
  FbSyncState              state;        /* what the UI shows; set with the phase */
  guint                    n_waiting;
  char                    *message;

  /* The server lacks what we hold and must be offered all of it. A fact
   * about the server, not the connection: it outlives a failed pass. */
  gboolean                 refill_due;
  guint                    resyncs_in_pass;
  guint                    accepted_in_pass;  /* ops the server took from us this pass */
  gint64                   head_answered;     /* its head when it last answered a push */
  guint                    failures;
  guint                    retry_id;
  guint                    retry_delay;  /* ms until retry_id fires, as drawn */
  guint                    retry_after;  /* ms the server asked to wait, for the next failure */
  gulong                   network_changed_id;
  guint                    heartbeat_id;
  gint64                   ws_last_seen;
  guint                    live_push_max;  /* bytes of a push the server takes on the socket; 0 for none */
  guint64                  live_push_serial;
  guint64                  live_push_waiting; /* the id of the push on the socket unanswered, or 0 */
  FbSyncReplyFunc          live_push_func;
  guint                    live_push_timeout_id;
  gint64                   server_head;  /* the highest head the server told */
  char                    *server_id;

  GPtrArray               *repush;       /* Batch: ops to offer, as JSON text */
  guint                    repush_next;
  char                   **offer;        /* devices of imported ops, while offered */
  char                    *refused_device; /* its ops the server would not take */
  guint                    n_stranded;
};

/* fb-sync-client.c */
void          _fb_sync_client_show             (FbSyncClient     *self,
                                                FbSyncState       state,
                                                const char       *message);
void          _fb_sync_client_update_n_waiting (FbSyncClient     *self);
void          _fb_sync_client_notify_n_stranded (FbSyncClient    *self);
void          _fb_sync_client_push_answered    (FbSyncClient     *self,
                                                guint             n_ops);

/* fb-sync-phase.c */
gboolean      _fb_sync_is_started              (FbSyncClient     *self);
void          _fb_sync_connect                 (FbSyncClient     *self);
void          _fb_sync_stop                    (FbSyncClient     *self);
gboolean      _fb_sync_retry_now               (FbSyncClient     *self);
void          _fb_sync_hang_up                 (FbSyncClient     *self);
void          _fb_sync_run_pass                (FbSyncClient     *self);
void          _fb_sync_pass_done               (FbSyncClient     *self);
void          _fb_sync_fail                    (FbSyncClient     *self,
                                                const GError     *error);
void          _fb_sync_fail_with               (FbSyncClient     *self,
                                                FbSyncError       code,
                                                const char       *format,
                                                ...) G_GNUC_PRINTF (3, 4);

/* fb-sync-transport.c */
SoupSession  *_fb_sync_session_new             (void);
char         *_fb_sync_normalize_pin           (const char       *pinned_sha256);
gboolean      _fb_sync_check_pinned            (FbSyncClient     *self,
                                                GSocketClientEvent event,
                                                GIOStream        *connection);
void          _fb_sync_watch_pin               (FbSyncClient     *self,
                                                SoupMessage      *msg,
                                                gboolean         *failed);
SoupMessage  *_fb_sync_new_message             (FbSyncClient     *self,
                                                const char       *method,
                                                const char       *path);
void          _fb_sync_send                    (FbSyncClient     *self,
                                                const char       *method,
                                                const char       *path,
                                                char             *json,
                                                gsize             len,
                                                gboolean          raw,
                                                FbSyncReplyFunc   func);
JsonNode     *_fb_sync_json_object             (JsonNode         *node,
                                                const char       *name);
JsonArray    *_fb_sync_json_array              (JsonNode         *node,
                                                const char       *name);
GStrv         _fb_sync_json_strings            (JsonNode         *node,
                                                const char       *name,
                                                gboolean        (*valid) (const char *));
const char   *_fb_sync_json_string             (JsonNode         *node,
                                                const char       *name);
gint64        _fb_sync_json_int                (JsonNode         *node,
                                                const char       *name,
                                                gint64            fallback);
gboolean      _fb_sync_json_boolean            (JsonNode         *node,
                                                const char       *name,
                                                gboolean          fallback);
gboolean      _fb_sync_answer_refused          (FbSyncClient     *self,
                                                guint             status,
                                                JsonNode         *root,
                                                guint             retry_after);
const char   *_fb_sync_error_code_of           (JsonNode         *root);
const char   *_fb_sync_error_message_of        (JsonNode         *root);

/* fb-sync-repush.c */
void          _fb_sync_step_send               (FbSyncClient     *self);
void          _fb_sync_begin_resync            (FbSyncClient     *self);
void          _fb_sync_drop_repush             (FbSyncClient     *self);

/* fb-sync-pull.c */
void          _fb_sync_step_pull               (FbSyncClient     *self);
void          _fb_sync_take_notice             (FbSyncClient     *self,
                                                const char       *data,
                                                gsize             length,
                                                gint64            cursor);
gint64        _fb_sync_get_cursor              (FbSyncClient     *self);
gboolean      _fb_sync_set_cursor              (FbSyncClient     *self,
                                                gint64            cursor,
                                                const char       *op_id,
                                                GError          **error);

/* fb-sync-live.c */
void          _fb_sync_open_live               (FbSyncClient     *self);
void          _fb_sync_close_live              (FbSyncClient     *self);
gboolean      _fb_sync_live_push               (FbSyncClient     *self,
                                                const char       *json,
                                                gsize             len,
                                                FbSyncReplyFunc   func);

G_END_DECLS
