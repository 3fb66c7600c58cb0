/* fb-sync-pull.c — the sync client's pull: pages from the cursor
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pull asks for the ops after the cursor, a page at a time, until the
 * server's head. Decoding a page is the one piece of work that grows with
 * the data, so it runs in a worker thread; applying it to the store and
 * moving the cursor run back on the main thread.
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-sync-client-private.h"
#include "fb-sync-page-private.h"

static void pull_page (FbSyncClient *self);

gint64
_fb_sync_get_cursor (FbSyncClient *self)
{
  g_autofree char *str = fb_store_get_meta (self->store, FB_SYNC_META_CURSOR);

  return str != NULL ? g_ascii_strtoll (str, NULL, 10) : 0;
}

gboolean
_fb_sync_set_cursor (FbSyncClient *self,
                     gint64        cursor,
                     const char   *op_id,
                     GError      **error)
{
  g_autofree char *str = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);

  return fb_store_set_meta (self->store, FB_SYNC_META_CURSOR, str, error) &&
         fb_store_set_meta (self->store, FB_SYNC_META_CURSOR_ID, op_id, error);
}

/* A page from @cursor, which the caller has just read. */
static FbSyncPage *
page_new_at (FbSyncClient *self,
             gint64        cursor)
{
  g_autofree char *cursor_id = fb_store_get_meta (self->store, FB_SYNC_META_CURSOR_ID);

  return _fb_sync_page_new (cursor, cursor_id);
}

static FbSyncPage *
page_new (FbSyncClient *self)
{
  return page_new_at (self, _fb_sync_get_cursor (self));
}

/* Only pure decoding, no store access. */
static void
decode_page_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  FbSyncPage *page = task_data;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (page->body, &len);

  if (!_fb_sync_page_decode (page, data != NULL ? data : "", len, FB_SYNC_MAX_RESPONSE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Every op was checked as it was decoded, so that the apply on the
   * main thread need not. */
  page->validated = TRUE;
  g_task_return_boolean (task, TRUE);
}

/* A restriction lifted or widened, or a group joined, lets through ops
 * this store holds only as links. Which ones only the server knows; the
 * digest of what it withholds changing while some places here are links
 * means pulling again from the start, once. */
static gboolean
digest_known (FbSyncClient *self,
              FbSyncPage         *page)
{
  g_autofree char *known = fb_store_get_meta (self->store, FB_SYNC_META_WITHHELD);

  return g_strcmp0 (known, page->withheld) == 0;
}

/* The one place pulled ops reach the store. The server refused clocks
 * far ahead of its own when it took these; a workstation whose clock runs
 * behind must still take them. The ops and the cursor past them are one
 * transaction: one commit a page, and never one without the other. A
 * change in what the server withholds costs a second, rarer commit: the
 * cursor moves before the digest is noted, so a stop in between pulls
 * again once too often, never once too few. Returns FALSE once the
 * failure is told; *again is TRUE when the pull must start over. */
static gboolean
take_page (FbSyncClient *self,
           FbSyncPage         *page,
           gboolean     *again)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, page->last_seq);
  const char *meta[] = { FB_SYNC_META_CURSOR, last, FB_SYNC_META_CURSOR_ID, page->last_id, NULL };
  gboolean moves = page->last_seq != page->cursor;
  gboolean digest_changed = page->withheld != NULL && !digest_known (self, page);

  *again = FALSE;

  if (page->hidden != NULL &&
      !fb_store_set_hidden_incidents (self->store, (const char * const *) page->hidden, &error))
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot take in changes from the server: %s"),
                          error->message);
      return FALSE;
    }

  if ((page->ops->len > 0 || page->links->len > 0 || moves) &&
      !fb_store_apply_with_meta (self->store, page->ops, page->links,
                                 FB_APPLY_TRUST_CLOCKS | FB_APPLY_HELD_BY_SERVER |
                                 (page->validated ? FB_APPLY_VALIDATED : 0),
                                 moves ? meta : NULL, NULL, &error))
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot take in changes from the server: %s"),
                          error->message);
      return FALSE;
    }

  if (!digest_changed)
    return TRUE;

  *again = fb_store_holds_hidden_places (self->store);
  if ((*again && !_fb_sync_set_cursor (self, 0, "", &error)) ||
      !fb_store_set_meta (self->store, FB_SYNC_META_WITHHELD, page->withheld, &error))
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot record the sync position: %s"), error->message);
      return FALSE;
    }

  if (*again)
    g_debug ("sync: the server withholds more or less than before; pulling again from the start");
  return TRUE;
}

static void
on_page_decoded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  FbSyncClient *self = FB_SYNC_CLIENT (source);
  FbSyncPage *page = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean again;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _fb_sync_fail (self, error);
      return;
    }

  if (page->diverged)
    {
      g_debug ("sync: the server no longer holds op %s at %" G_GINT64_FORMAT "; refilling it",
               page->cursor_id, page->cursor);
      _fb_sync_begin_resync (self);
      return;
    }

  self->server_head = MAX (self->server_head, page->head);
  if (!take_page (self, page, &again))
    return;

  if (again || (page->last_seq < page->head && page->last_seq > page->cursor))
    _fb_sync_step_pull (self);
  else
    _fb_sync_pass_done (self);
}

/* A live notice that carries the ops after this client's cursor, as a
 * pull's page would (the server builds both alike), checked by
 * _fb_sync_notice_read (): applied at once, with no pull. Anything else
 * the notice could mean, a pass finds out. @cursor is the one the caller
 * has just read to decide, not read again. */
void
_fb_sync_take_notice (FbSyncClient *self,
                      const char   *data,
                      gsize         length,
                      gint64        cursor)
{
  g_autoptr(GError) error = NULL;
  FbSyncPage *page = page_new_at (self, cursor);
  gboolean again = FALSE;

  if (!_fb_sync_page_decode_checked (page, data, length, &error) || page->diverged)
    {
      g_debug ("sync: a notice's changes cannot be taken (%s); pulling them",
               error != NULL ? error->message : "not after the cursor");
      _fb_sync_page_free (page);
      _fb_sync_run_pass (self);
      return;
    }

  page->validated = TRUE;
  if (!take_page (self, page, &again))
    {
      _fb_sync_page_free (page);
      return;
    }

  if (again || page->last_seq < page->head)
    _fb_sync_run_pass (self);
  _fb_sync_page_free (page);
}

static void
on_pull_reply (FbSyncClient *self,
               guint         status,
               GBytes       *body,
               JsonNode     *root)
{
  g_autoptr(GTask) task = NULL;
  FbSyncPage *page;

  fb_probe_mark_for (FB_PROBE_PULLED, self->store);
  if (status != 200)
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_PROTOCOL, _("The server refused a pull (HTTP %u): %s"),
                          status, _fb_sync_error_message_of (root));
      return;
    }

  page = page_new (self);
  page->body = g_bytes_ref (body);

  task = g_task_new (self, self->cancellable, on_page_decoded_cb, NULL);
  g_task_set_task_data (task, page, (GDestroyNotify) _fb_sync_page_free);
  g_task_run_in_thread (task, decode_page_thread);
}

/* Streamed pulls ---------------------------------------------------------
 *
 * Far behind the server's head (a new workstation, a long absence), the
 * client asks for the pages as one stream ("stream=1"), a line of JSON a
 * page. Reading, decoding and applying overlap: the next lines are read
 * and decoded in a worker thread, one page after the other, while the
 * main thread applies what is decoded, all the pages waiting at once, in
 * one transaction with the cursor after them. A bounded number of bytes
 * and ops wait at any time, so memory does not grow with the history. A
 * server that does not stream answers one plain page, which is taken as
 * a stream of one. */

typedef struct
{
  FbSyncClient *self;
  SoupMessage  *msg;
  GInputStream *input;
  GCancellable *cancellable;
  GByteArray   *partial;   /* the start of a line not yet whole */
  GQueue        lines;     /* GBytes: whole pages not yet decoding */
  gsize         queued;    /* their bytes */
  GQueue        ready;     /* FbSyncPage: decoded, not yet applied */
  guint         n_ready;   /* their ops and links */
  gint64        cursor;    /* where the next page to decode starts */
  char         *cursor_id;
  gint64        first_cursor;
  gint64        last_seq;
  gint64        head;
  guint         apply_id;      /* the apply, once the loop is idle */
  guint         apply_late_id; /* or this long after, idle or not */
  gboolean      applying;
  gboolean      pin_failed;
  gboolean      reading;
  gboolean      decoding;
  gboolean      eof;
  gboolean      over;      /* failed, or handed on: nothing more is done */
} Stream;

static void stream_step (Stream *stream);

/* A stream of a connection that has ended (a stop, a failure, a
 * reconnect cancels its cancellable) must not touch the pass of the
 * next one: it frees itself and does nothing else. */
static gboolean
stream_live (Stream *stream)
{
  return !stream->over && !g_cancellable_is_cancelled (stream->cancellable);
}

static void
stream_free (Stream *stream)
{
  g_clear_object (&stream->self);
  g_clear_object (&stream->msg);
  g_clear_object (&stream->input);
  g_clear_object (&stream->cancellable);
  g_byte_array_unref (stream->partial);
  g_queue_clear_full (&stream->lines, (GDestroyNotify) g_bytes_unref);
  g_queue_clear_full (&stream->ready, (GDestroyNotify) _fb_sync_page_free);
  g_free (stream->cursor_id);
  g_free (stream);
}

/* Ends the stream's own work; whatever is still under way sees it over
 * and frees it last. */
static void
stream_end (Stream *stream)
{
  stream->over = TRUE;
  g_clear_handle_id (&stream->apply_id, g_source_remove);
  g_clear_handle_id (&stream->apply_late_id, g_source_remove);
  if (!stream->reading && !stream->decoding)
    stream_free (stream);
}

static void
queue_line (Stream *stream,
            guint8 *data,
            gsize   len)
{
  /* Blank lines are no pages. */
  if (len == 0 || (len == 1 && data[0] == '\r'))
    return;
  g_queue_push_tail (&stream->lines, g_bytes_new (data, len));
  stream->queued += len;
}

/* The pages waiting, as one: their ops and links in order, and what the
 * last one says of the server. */
static FbSyncPage *
merge_ready (Stream *stream)
{
  FbSyncPage *merged = g_queue_pop_head (&stream->ready);

  stream->n_ready -= merged->ops->len + merged->links->len;
  while (!g_queue_is_empty (&stream->ready) && merged->ops->len < FB_SYNC_STREAM_BATCH)
    {
      FbSyncPage *page = g_queue_pop_head (&stream->ready);

      stream->n_ready -= page->ops->len + page->links->len;
      merged->validated = merged->validated && page->validated;
      g_ptr_array_extend_and_steal (merged->ops, g_steal_pointer (&page->ops));
      g_ptr_array_extend_and_steal (merged->links, g_steal_pointer (&page->links));
      merged->last_seq = page->last_seq;
      g_free (merged->last_id);
      merged->last_id = g_steal_pointer (&page->last_id);
      merged->head = page->head;
      if (page->hidden != NULL)
        {
          g_strfreev (merged->hidden);
          merged->hidden = g_steal_pointer (&page->hidden);
        }
      if (page->withheld != NULL)
        {
          g_free (merged->withheld);
          merged->withheld = g_steal_pointer (&page->withheld);
        }
      _fb_sync_page_free (page);
    }

  return merged;
}

static void
free_page_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  _fb_sync_page_free (task_data);
  g_task_return_boolean (task, TRUE);
}

/* Thousands of decoded ops take a while to free: not on the thread that
 * applies the next ones. */
static void
free_page_elsewhere (FbSyncPage *page)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_task_data (task, page, NULL);
  g_task_run_in_thread (task, free_page_thread);
}

/* After the decoded pages' callbacks, so that all those waiting go in
 * one transaction. */
static void
stream_apply (Stream *stream)
{
  FbSyncClient *self = stream->self;
  FbSyncPage *page;
  gboolean again = FALSE;

  if (!stream_live (stream))
    {
      stream_end (stream);
      return;
    }
  if (g_queue_is_empty (&stream->ready))
    return;

  page = merge_ready (stream);
  stream->applying = TRUE;
  stream_step (stream);
  stream->applying = FALSE;
  if (!stream_live (stream))
    {
      _fb_sync_page_free (page);
      stream_end (stream);
      return;
    }
  if (!take_page (self, page, &again))
    {
      _fb_sync_page_free (page);
      stream_end (stream);
      return;
    }
  stream->last_seq = page->last_seq;
  stream->head = page->head;
  free_page_elsewhere (page);

  if (again)
    {
      stream_end (stream);
      _fb_sync_step_pull (self);
      return;
    }

  stream_step (stream);
}

/* The apply waits for the loop to be idle, so that the window draws and
 * takes input first; but not for ever: a loop that is never idle (a
 * busy window, many stores in one process) would hold the pages, the
 * stream and the pass with them, however long the server waits. The
 * wait is long enough for the pages decoded meanwhile to make a full
 * transaction (a tenth of a second made the soak's commits three times
 * as many, and its main thread a third busier). Either source may fire;
 * both go, the one firing included (removing a source while it is
 * dispatched is allowed). */
static gboolean
on_stream_apply_cb (gpointer user_data)
{
  Stream *stream = user_data;

  g_clear_handle_id (&stream->apply_id, g_source_remove);
  g_clear_handle_id (&stream->apply_late_id, g_source_remove);
  stream_apply (stream);
  return G_SOURCE_REMOVE;
}

/* The page is the callback's own (the task keeps no hold on it). */
static void
on_stream_decoded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Stream *stream = user_data;
  FbSyncClient *self = stream->self;
  FbSyncPage *page = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  stream->decoding = FALSE;
  if (!stream_live (stream))
    {
      _fb_sync_page_free (page);
      stream_end (stream);
      return;
    }

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _fb_sync_page_free (page);
      stream_end (stream);
      _fb_sync_fail (self, error);
      return;
    }

  if (page->diverged)
    {
      _fb_sync_page_free (page);
      stream_end (stream);
      _fb_sync_begin_resync (self);
      return;
    }

  stream->cursor = page->last_seq;
  g_free (stream->cursor_id);
  stream->cursor_id = g_strdup (page->last_id);
  self->server_head = MAX (self->server_head, page->head);
  g_queue_push_tail (&stream->ready, page);
  stream->n_ready += page->ops->len + page->links->len;
  stream_step (stream);
}

static void
on_stream_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Stream *stream = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize len, start = 0;
  const guint8 *data;

  stream->reading = FALSE;
  if (!stream_live (stream) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      stream_end (stream);
      return;
    }

  if (bytes == NULL)
    {
      FbSyncClient *self = stream->self;

      stream_end (stream);
      _fb_sync_fail_with (self, FB_SYNC_ERROR_OFFLINE, _("Cannot reach the server: %s"), error->message);
      return;
    }

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      stream->eof = TRUE;
      queue_line (stream, stream->partial->data, stream->partial->len);
      g_byte_array_set_size (stream->partial, 0);
    }
  for (gsize i = 0; i < len; i++)
    if (data[i] == '\n')
      {
        g_byte_array_append (stream->partial, data + start, (guint) (i - start));
        queue_line (stream, stream->partial->data, stream->partial->len);
        g_byte_array_set_size (stream->partial, 0);
        start = i + 1;
      }
  g_byte_array_append (stream->partial, data + start, (guint) (len - start));

  if (stream->partial->len > FB_SYNC_MAX_RESPONSE)
    {
      FbSyncClient *self = stream->self;

      stream_end (stream);
      _fb_sync_fail_with (self, FB_SYNC_ERROR_PROTOCOL, "%s",
                          _("The server’s answer to a pull is not a list of changes."));
      return;
    }

  stream_step (stream);
}

/* Reads ahead and decodes ahead while few pages wait, and ends the pull
 * when all is read and applied. */
static void
stream_step (Stream *stream)
{
  FbSyncClient *self = stream->self;

  /* Every caller ends with this call, except the apply in the midst of
   * its work, which ends it itself. */
  if (!stream_live (stream))
    {
      if (!stream->over && !stream->applying)
        stream_end (stream);
      return;
    }

  if (!stream->decoding && !g_queue_is_empty (&stream->lines) && stream->n_ready < 2 * FB_SYNC_STREAM_BATCH)
    {
      g_autoptr(GTask) task = NULL;
      FbSyncPage *page = _fb_sync_page_new (stream->cursor, stream->cursor_id);

      page->body = g_queue_pop_head (&stream->lines);
      stream->queued -= g_bytes_get_size (page->body);
      stream->decoding = TRUE;
      task = g_task_new (self, stream->cancellable, on_stream_decoded_cb, stream);
      g_task_set_task_data (task, page, NULL);
      g_task_run_in_thread (task, decode_page_thread);
    }

  /* Pages left after an apply took its fill go in the next one. */
  if (!stream->applying && stream->apply_id == 0 && !g_queue_is_empty (&stream->ready))
    {
      stream->apply_id = g_idle_add (on_stream_apply_cb, stream);
      stream->apply_late_id = g_timeout_add (FB_SYNC_STREAM_APPLY_LATE_MS, on_stream_apply_cb, stream);
    }

  if (!stream->reading && !stream->eof && stream->queued < FB_SYNC_STREAM_AHEAD)
    {
      stream->reading = TRUE;
      g_input_stream_read_bytes_async (stream->input, FB_SYNC_STREAM_READ, G_PRIORITY_DEFAULT,
                                       stream->cancellable, on_stream_read_cb, stream);
    }

  if (stream->eof && !stream->decoding && !stream->applying && stream->apply_id == 0 &&
      g_queue_is_empty (&stream->lines) && g_queue_is_empty (&stream->ready))
    {
      gboolean more = stream->last_seq < stream->head && stream->last_seq > stream->first_cursor;

      stream_end (stream);
      if (more)
        _fb_sync_step_pull (self);
      else
        _fb_sync_pass_done (self);
    }
}

static void
on_stream_sent_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Stream *stream = user_data;
  FbSyncClient *self = stream->self;
  g_autoptr(GError) error = NULL;

  stream->input = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  stream->reading = FALSE;
  if ((g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !stream->pin_failed) ||
      !stream_live (stream))
    {
      stream_end (stream);
      return;
    }

  /* Anything but a stream (a refusal, a failure, a certificate that is
   * not the pinned one) goes the plain way, which tells it in words. */
  if (stream->input == NULL || soup_message_get_status (stream->msg) != 200)
    {
      g_debug ("sync: no streamed pull (%s); pulling a page",
               error != NULL ? error->message : soup_message_get_reason_phrase (stream->msg));
      stream_end (stream);
      pull_page (self);
      return;
    }

  fb_probe_mark_for (FB_PROBE_PULLED, self->store);
  stream_step (stream);
}

static void
pull_stream (FbSyncClient *self)
{
  gint64 cursor = _fb_sync_get_cursor (self);
  g_autofree char *path = g_strdup_printf ("/api/v1/ops?since=%" G_GINT64_FORMAT "&stream=1",
                                           cursor > 0 ? cursor - 1 : 0);
  Stream *stream;

  stream = g_new0 (Stream, 1);
  stream->self = g_object_ref (self);
  stream->msg = _fb_sync_new_message (self, "GET", path);
  if (stream->msg == NULL)
    {
      stream_free (stream);
      pull_page (self);
      return;
    }
  stream->cancellable = g_object_ref (self->cancellable);
  stream->partial = g_byte_array_new ();
  g_queue_init (&stream->lines);
  g_queue_init (&stream->ready);
  stream->cursor = cursor;
  stream->cursor_id = fb_store_get_meta (self->store, FB_SYNC_META_CURSOR_ID);
  stream->last_seq = stream->first_cursor = cursor;
  stream->reading = TRUE;
  _fb_sync_watch_pin (self, stream->msg, &stream->pin_failed);

  fb_probe_mark_for (FB_PROBE_PULL_SENT, self->store);
  soup_session_send_async (self->session, stream->msg, G_PRIORITY_DEFAULT, self->cancellable,
                           on_stream_sent_cb, stream);
}

static void
pull_page (FbSyncClient *self)
{
  gint64 cursor = _fb_sync_get_cursor (self);
  g_autofree char *path = g_strdup_printf ("/api/v1/ops?since=%" G_GINT64_FORMAT "&limit=%d",
                                           cursor > 0 ? cursor - 1 : 0, FB_SYNC_PULL_PAGE);

  fb_probe_mark_for (FB_PROBE_PULL_SENT, self->store);
  _fb_sync_send (self, "GET", path, NULL, 0, TRUE, on_pull_reply);
}

/* Pages one at a time when the head is near; a stream when it is far. */
void
_fb_sync_step_pull (FbSyncClient *self)
{
  if (self->server_head - _fb_sync_get_cursor (self) > FB_SYNC_STREAM_BEYOND && self->cancellable != NULL)
    pull_stream (self);
  else
    pull_page (self);
}
