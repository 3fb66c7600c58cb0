/* fb-server-private.h — what the server's files share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fb-server.c holds the object and its libsoup glue, fb-server-api.c and
 * fb-server-push.c answer plain requests, fb-server-live.c keeps the
 * WebSocket clients, fb-server-live-push.c takes pushes they send on it
 * and fb-server-frame-guard.c bounds what they send;
 * fb-server-stream.c writes a streamed pull page by page.
 */

#pragma once

#include <libsoup/soup.h>

#include "fb-server.h"

G_BEGIN_DECLS

#define FB_SERVER_API_PATH "/api/v1/"

/* Seconds a client is asked to wait while the database is out of reach:
 * long enough not to hammer a database being failed over, short enough
 * that a workstation is back soon after it. */
#define FB_SERVER_UNAVAILABLE_RETRY_S 2
/* A notice carries the ops that made it when there are at most this
 * many, in at most this many bytes; otherwise its head alone. */
#define FB_SERVER_NOTICE_MAX_OPS   100
#define FB_SERVER_NOTICE_MAX_BYTES (64 * 1024)

struct _FbServer
{
  GObject      parent_instance;

  FbServerDb  *db;
  SoupServer  *soup;
  gboolean     tls;
  GList       *live;             /* LiveClient */
  GHashTable  *live_per_user;    /* name → count */
  guint        max_per_token;
  guint        heartbeat_s;
  guint        heartbeat_id;
  guint        notice_id;
  gint64       known_head;       /* the newest head read, or told of by another process */
  gint64       notified_head;    /* the head the last notice told */
  GHashTable  *push_buckets;     /* name → PushBucket */
  guint        push_rate;        /* pushes a second per user; 0 for no limit */
  guint        push_burst;
  gboolean     log_requests;
  gboolean     live_push;        /* pushes are taken on the live socket */
  FbClockFunc  clock;
  gpointer     clock_data;
};

/* fb-server-api.c */
gboolean    _fb_server_is_api_path       (const char            *path);
const char *_fb_server_bearer_token      (const char            *authorization);
gboolean    _fb_server_fail_at           (FbServerResponse      *response,
                                          guint                  status,
                                          const char            *code,
                                          int                    index,
                                          const char            *message);
gboolean    _fb_server_fail              (FbServerResponse      *response,
                                          guint                  status,
                                          const char            *code,
                                          const char            *message);
gboolean    _fb_server_fail_with_error   (FbServerResponse      *response,
                                          const GError          *error,
                                          int                    index);
gboolean    _fb_server_fail_unavailable  (FbServerResponse      *response,
                                          const GError          *error);

gboolean    _fb_server_parse_query_int   (GHashTable            *params,
                                          const char            *name,
                                          gint64                 min,
                                          gint64                 max,
                                          gint64                *value,
                                          FbServerResponse      *response);

gboolean    _fb_server_may_write         (FbServerResponse      *response,
                                          gboolean               read_only);
gboolean    _fb_server_may_push_now      (FbServer              *self,
                                          const char            *user,
                                          FbServerResponse      *response);

/* fb-server.c */
void        _fb_server_log_live          (FbServer              *self,
                                          const char            *remote,
                                          const char            *method,
                                          guint                  status,
                                          gint64                 bytes,
                                          double                 ms,
                                          const char            *user,
                                          const char            *note);

/* fb-server-heads.c */
void        _fb_server_handle_heads      (FbServer              *self,
                                          const FbServerRequest *request,
                                          FbServerResponse      *response);

/* fb-server-push.c */
gboolean    _fb_server_push_allowed      (FbServer              *self,
                                          const char            *user,
                                          guint                 *retry_after);
JsonNode   *_fb_server_parse_body        (const char            *body,
                                          gsize                  len,
                                          FbServerResponse      *response);
void        _fb_server_handle_push       (FbServer              *self,
                                          const FbServerRequest *request,
                                          FbServerResponse      *response);
void        _fb_server_handle_live_push  (FbServer              *self,
                                          JsonNode              *message,
                                          FbServerResponse      *response);

/* fb-server-frame-guard.c */
#define FB_TYPE_SERVER_FRAME_GUARD (fb_server_frame_guard_get_type ())
G_DECLARE_FINAL_TYPE (FbServerFrameGuard, fb_server_frame_guard, FB, SERVER_FRAME_GUARD, GFilterInputStream)

GInputStream *_fb_server_frame_guard_new            (GInputStream            *base);
void          _fb_server_frame_guard_set_connection (GInputStream            *guard,
                                                     SoupWebsocketConnection *conn);

/* fb-server-live.c */
void        _fb_server_live_start        (FbServer              *self);
void        _fb_server_live_stop         (FbServer              *self);
gboolean    _fb_server_live_upgrade      (FbServer              *self,
                                          SoupServerMessage     *msg);
guint       _fb_server_live_count_for    (FbServer              *self,
                                          const char            *user);
void        _fb_server_schedule_notices  (FbServer              *self);

/* fb-server-live-push.c */
void        _fb_server_live_take_message (FbServer                *self,
                                          SoupWebsocketConnection *conn,
                                          const char              *token,
                                          const char              *remote,
                                          GBytes                  *message);

/* fb-server-stream.c */
gboolean    _fb_server_pull_page         (FbServer              *self,
                                          const char            *user,
                                          gint64                 since,
                                          guint                  limit,
                                          GString               *json,
                                          gint64                *last_seq,
                                          GError               **error);
void        _fb_server_stream_pull       (FbServer              *self,
                                          SoupServerMessage     *msg,
                                          FbServerResponse      *response);

G_END_DECLS
