/* fb-server.h — the war-room sync server: HTTP API and live notices
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-server-db.h"

G_BEGIN_DECLS

/* Limits; docs/sync-api.md lists them for client writers. */
#define FB_SERVER_MAX_BODY              (4 * 1024 * 1024)
#define FB_SERVER_MAX_BATCH             500
#define FB_SERVER_MAX_PULL              1000
#define FB_SERVER_DEFAULT_PULL          500
/* A live client's message: a heartbeat, or a small push (bigger batches
 * go over HTTP). */
#define FB_SERVER_MAX_WS_PAYLOAD        (64 * 1024)
#define FB_SERVER_DEFAULT_MAX_CONNECTIONS 64
#define FB_SERVER_DEFAULT_HEARTBEAT_S   10
#define FB_SERVER_LISTEN_BACKLOG        1024
#define FB_SERVER_DEFAULT_PUSH_RATE     50
#define FB_SERVER_DEFAULT_PUSH_BURST    100

#define FB_TYPE_SERVER (fb_server_get_type ())

G_DECLARE_FINAL_TYPE (FbServer, fb_server, FB, SERVER, GObject)

/* A request reduced to what the API looks at, so that the same code
 * answers the network and the fuzzer. */
typedef struct
{
  const char *method;
  const char *path;
  const char *query;          /* raw, without "?"; may be NULL */
  const char *authorization;  /* the header, may be NULL */
  const char *content_type;   /* media type without parameters, may be NULL */
  const char *upgrade;        /* the Upgrade header, may be NULL */
  gint64      content_length; /* -1 when the headers do not say */
  gboolean    bad_length;     /* a Content-Length that is not one number */
  gboolean    chunked;
  const char *body;
  gsize       body_len;
} FbServerRequest;

typedef struct
{
  guint  status;
  char  *body;                /* JSON */
  char  *user;                /* the token's name, once known */
  gboolean read_only;         /* the token may not push, once known */
  gint64 new_head;            /* > 0 when the request stored new ops */
  guint  retry_after;         /* seconds, for a Retry-After header; 0 for none */
  char  *failure;             /* why a 5xx answer failed, for the request log */
  /* A streamed pull: body is its first page, and pages of stream_limit
   * follow from stream_since (-1 for none) up to stream_until. */
  gboolean stream;
  gint64 stream_since;
  gint64 stream_until;
  guint  stream_limit;
} FbServerResponse;

void       fb_server_response_clear    (FbServerResponse      *response);

FbServer  *fb_server_new               (FbServerDb            *db,
                                        GTlsCertificate       *certificate);
FbServerDb *fb_server_get_db           (FbServer              *self);
gboolean   fb_server_listen            (FbServer              *self,
                                        const char            *address,
                                        GError               **error);
char      *fb_server_get_uri           (FbServer              *self);
void       fb_server_set_max_connections (FbServer            *self,
                                        guint                  per_token);
void       fb_server_set_heartbeat     (FbServer              *self,
                                        guint                  seconds);
void       fb_server_set_push_rate     (FbServer              *self,
                                        guint                  per_second,
                                        guint                  burst);
void       fb_server_set_log_requests  (FbServer              *self,
                                        gboolean               log_requests);
void       fb_server_set_live_push     (FbServer              *self,
                                        gboolean               live_push);
void       fb_server_set_clock         (FbServer              *self,
                                        FbClockFunc            clock,
                                        gpointer               clock_data);
guint      fb_server_count_live        (FbServer              *self);

gboolean   fb_server_check_headers     (FbServer              *self,
                                        const FbServerRequest *request,
                                        FbServerResponse      *response);
void       fb_server_handle            (FbServer              *self,
                                        const FbServerRequest *request,
                                        FbServerResponse      *response);

G_END_DECLS
