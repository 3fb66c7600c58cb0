/* fb-server-stream.c — GET /api/v1/ops?stream=1: a long pull, page by page
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A workstation that is far behind (a new one, a million ops) asks for a
 * stream: the pages a pull would answer one after the other, each a line
 * of JSON, in one chunked answer. Each page is made only once the one
 * before has been written to the socket, and nothing written is kept, so
 * the server holds one page whatever the history's size, and a client
 * that stops reading stops the pages being made.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <string.h>

#include "fb-server-private.h"

typedef struct
{
  FbServer *server;
  char     *user;
  gint64    since;
  gint64    until;   /* the head when the stream began */
  guint     limit;
  gboolean  done;
} Stream;

static void
stream_free (Stream *stream)
{
  g_clear_object (&stream->server);
  g_free (stream->user);
  g_free (stream);
}

/* The number of the last op of a page: the largest "seq" member of an
 * element of its "ops", found by walking the text once, strings skipped,
 * since an op's own text may hold anything. */
static gint64
last_seq_of (const char *json,
             gsize       len)
{
  gint64 last = -1;
  int depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = json[i];

      if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        depth--;
      else if (c == '"')
        {
          gsize start = ++i;

          while (i < len && json[i] != '"')
            i += json[i] == '\\' ? 2 : 1;
          /* The page, its list of ops, an element of it. */
          if (depth == 3 && i - start == 3 && memcmp (json + start, "seq", 3) == 0 &&
              i + 1 < len && json[i + 1] == ':')
            last = MAX (last, g_ascii_strtoll (json + i + 2, NULL, 10));
        }
    }

  return last;
}

/* One page as a pull answers it, for @user, from @since; *last_seq is its
 * last op's number, or -1 for a page without ops. */
gboolean
_fb_server_pull_page (FbServer    *self,
                      const char  *user,
                      gint64       since,
                      guint        limit,
                      GString     *json,
                      gint64      *last_seq,
                      GError     **error)
{
  gsize start = json->len;

  g_string_append_c (json, '{');
  if (!fb_server_db_pull (self->db, user, since, limit, json, error))
    return FALSE;
  g_string_append_c (json, '}');

  *last_seq = last_seq_of (json->str + start, json->len - start);
  return TRUE;
}

/* Moves the stream past a page, and says whether it was the last. Each
 * page starts with the op the one before ended on, as a pull from a
 * client's cursor does, so that a client checks every page alike. */
static void
advance (Stream *stream,
         gint64  last_seq)
{
  if (last_seq <= stream->since + 1 || last_seq >= stream->until)
    stream->done = TRUE;
  else
    stream->since = last_seq - 1;
}

static void
on_wrote_chunk_cb (SoupServerMessage *msg,
                   Stream            *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GError) error = NULL;
  GString *json;
  gint64 last_seq;

  if (stream->done)
    return;

  json = g_string_new (NULL);
  if (!_fb_server_pull_page (stream->server, stream->user, stream->since, stream->limit, json,
                             &last_seq, &error))
    {
      /* The status has left with the first page: a client sees the
       * answer end short, and pulls again from where it got to. */
      g_message ("A streamed pull stopped: %s", error->message);
      g_string_free (json, TRUE);
      stream->done = TRUE;
      soup_message_body_complete (body);
      return;
    }

  advance (stream, last_seq);
  g_string_append_c (json, '\n');
  {
    gsize len = json->len;

    soup_message_body_append (body, SOUP_MEMORY_TAKE, g_string_free (json, FALSE), len);
  }
  if (stream->done)
    soup_message_body_complete (body);
}

/* The first page is the API's answer; the rest follow it as the socket
 * takes them. */
void
_fb_server_stream_pull (FbServer          *self,
                        SoupServerMessage *msg,
                        FbServerResponse  *response)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  Stream *stream = g_new0 (Stream, 1);
  g_autofree char *body_text = g_steal_pointer (&response->body);
  char *first = g_strconcat (body_text, "\n", NULL);

  stream->server = g_object_ref (self);
  stream->user = g_strdup (response->user);
  stream->since = response->stream_since - 1;
  stream->until = response->stream_until;
  stream->limit = response->stream_limit;
  stream->done = response->stream_since < 0;

  soup_message_body_truncate (body);
  soup_message_body_set_accumulate (body, FALSE);
  soup_server_message_set_status (msg, response->status, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/x-ndjson", NULL);

  soup_message_body_append (body, SOUP_MEMORY_TAKE, first, strlen (first));
  if (stream->done)
    soup_message_body_complete (body);

  g_signal_connect_data (msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk_cb), stream,
                         (GClosureNotify) stream_free, 0);
}
