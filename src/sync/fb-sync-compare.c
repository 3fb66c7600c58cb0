/* fb-sync-compare.c — the local record beside the war-room server's
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server is the witness a workstation cannot change: a record whose
 * newest changes were cut away, counter and all, is still a whole chain,
 * but the server holds more of it. The comparison asks for the server's
 * heads (GET /api/v1/heads), sets them beside the record's, and, for each
 * device the server holds more of, asks for the first place this record
 * lacks: its "prev" is the hash at this record's head, so that one answer
 * tells whether both hold the same history, and its server number tells
 * whether this record had already fetched it. Nothing is written.
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-sync-client-private.h"
#include "fb-sync-compare.h"

typedef struct
{
  FbRecordState *local;
  FbRecordState *server;
  char          *server_id;
  GPtrArray     *lagging;   /* FbHead of the server's, borrowed */
  guint          next;
  FbComparison  *result;
  gboolean       pin_failed;
} Job;

typedef void (*ReplyFunc) (GTask    *task,
                           JsonNode *root);

typedef struct
{
  GTask       *task;
  SoupMessage *msg;
  ReplyFunc    func;
} Request;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->local, fb_record_state_free);
  g_clear_pointer (&job->server, fb_record_state_free);
  g_free (job->server_id);
  g_clear_pointer (&job->lagging, g_ptr_array_unref);
  g_clear_pointer (&job->result, fb_comparison_free);
  g_free (job);
}

static void
finding_free (FbCompareFinding *finding)
{
  g_free (finding->device);
  g_free (finding->text);
  g_free (finding);
}

void
fb_comparison_free (FbComparison *comparison)
{
  if (comparison == NULL)
    return;

  g_clear_pointer (&comparison->findings, g_ptr_array_unref);
  g_free (comparison->local_digest);
  g_free (comparison->server_digest);
  g_free (comparison);
}

static void
add_finding (FbComparison  *comparison,
             FbCompareKind  kind,
             const char    *device,
             gint64         first,
             gint64         last,
             char          *text)
{
  FbCompareFinding *finding = g_new0 (FbCompareFinding, 1);

  finding->kind = kind;
  finding->device = g_strdup (device);
  finding->first = first;
  finding->last = last;
  finding->text = text;
  g_ptr_array_add (comparison->findings, finding);

  if (kind == FB_COMPARE_MISSING || kind == FB_COMPARE_DIFFERENT)
    comparison->intact = FALSE;
}

static void
add_different (FbComparison *comparison,
               const char   *device,
               gint64        number)
{
  add_finding (comparison, FB_COMPARE_DIFFERENT, device, number, number,
               g_strdup_printf (_("Change %lld of device %s is not the same here as on the server: "
                                  "one of the two histories was rewritten"),
                                (long long) number, device));
}

/* Requests --------------------------------------------------------------- */

static void
on_network_event_cb (SoupMessage        *msg,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     gpointer            user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);

  if (!_fb_sync_check_pinned (g_task_get_source_object (task), event, connection))
    job->pin_failed = TRUE;
}

static void
on_reply_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GTask) task = request->task;
  g_autoptr(SoupMessage) msg = request->msg;
  ReplyFunc func = request->func;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *message, *data;
  guint status;
  gsize len;

  g_free (request);
  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (job->pin_failed || (error != NULL && error->domain == G_TLS_ERROR))
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED,
                               _("The server’s certificate is not the one trusted for it (%s). Check the "
                                 "pinned certificate in Preferences, or ask the server’s administrator."),
                               error != NULL ? error->message : _("its fingerprint differs from the pinned one"));
      return;
    }
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_OFFLINE,
                                 _("Cannot reach the server: %s"), error->message);
      return;
    }

  status = soup_message_get_status (msg);
  data = g_bytes_get_data (body, &len);
  root = fb_json_parse_untrusted (data != NULL ? data : "", (gssize) len,
                                  FB_SYNC_MAX_RESPONSE, FB_JSON_MAX_DEPTH, NULL);
  if (status != 200)
    {
      message = _fb_sync_error_message_of (root);
      g_task_return_new_error (task, FB_SYNC_ERROR,
                               status == 401 || status == 403 ? FB_SYNC_ERROR_REFUSED : FB_SYNC_ERROR_PROTOCOL,
                               _("The server did not answer the comparison (HTTP %u): %s"), status,
                               message != NULL ? message : _("it gave no reason"));
      return;
    }
  if (root == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                               _("The server’s answer to the comparison cannot be read."));
      return;
    }

  func (g_steal_pointer (&task), root);
}

/* Takes @task. */
static void
get_json (GTask      *task,
          const char *path,
          ReplyFunc   func)
{
  FbSyncClient *self = g_task_get_source_object (task);
  SoupMessage *msg = _fb_sync_new_message (self, "GET", path);
  Request *request;

  if (msg == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED,
                               _("“%s” is not a server address; use one such as https://warroom.example:8765"),
                               self->base);
      g_object_unref (task);
      return;
    }

  request = g_new0 (Request, 1);
  request->task = task;
  request->msg = msg;
  request->func = func;
  g_signal_connect_object (msg, "network-event", G_CALLBACK (on_network_event_cb), task, 0);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_reply_cb, request);
}

/* The comparison --------------------------------------------------------- */

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const FbCompareFinding *x = *(const FbCompareFinding * const *) a;
  const FbCompareFinding *y = *(const FbCompareFinding * const *) b;
  int by_device = g_strcmp0 (x->device, y->device);

  return by_device != 0 ? by_device : (x->first > y->first) - (x->first < y->first);
}

static void ask_next_place (GTask *task);

static gboolean
fetched_before (FbSyncClient *self,
                Job          *job,
                gint64        seq)
{
  g_autofree char *server_id = fb_store_get_meta (self->store, FB_SYNC_META_SERVER_ID);
  g_autofree char *cursor = fb_store_get_meta (self->store, FB_SYNC_META_CURSOR);

  return seq > 0 && cursor != NULL && g_strcmp0 (server_id, job->server_id) == 0 &&
         seq <= g_ascii_strtoll (cursor, NULL, 10);
}

static void
on_place_cb (GTask    *task,
             JsonNode *root)
{
  FbSyncClient *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  const FbHead *theirs = g_ptr_array_index (job->lagging, job->next);
  const FbHead *ours = fb_record_state_find (job->local, theirs->device);
  g_autoptr(FbLink) place = NULL;
  JsonNode *copy = json_node_copy (root);
  gint64 seq = 0;
  gint64 first = ours != NULL ? ours->device_seq + 1 : 1;

  /* The link reader is strict about its four members: "seq" is ours. */
  if (JSON_NODE_HOLDS_OBJECT (copy))
    {
      seq = json_object_get_int_member_with_default (json_node_get_object (copy), "seq", -1);
      json_object_remove_member (json_node_get_object (copy), "seq");
    }
  place = fb_link_from_json_node (copy);
  json_node_unref (copy);

  if (place == NULL || seq < 0 || !g_str_equal (place->device, theirs->device) || place->device_seq != first)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                               _("The server’s answer to the comparison cannot be read."));
      g_object_unref (task);
      return;
    }

  if (ours != NULL && !g_str_equal (place->prev, ours->hash))
    add_different (job->result, ours->device, ours->device_seq);
  else if (g_str_equal (theirs->device, fb_store_get_device_id (self->store)))
    add_finding (job->result, FB_COMPARE_MISSING, theirs->device, first, theirs->device_seq,
                 g_strdup_printf (_("The server holds this computer’s changes %lld to %lld, but this record "
                                    "does not: they were removed from the database"),
                                  (long long) first, (long long) theirs->device_seq));
  else if (fetched_before (self, job, seq))
    add_finding (job->result, FB_COMPARE_MISSING, theirs->device, first, theirs->device_seq,
                 g_strdup_printf (_("The server holds changes %lld to %lld of device %s, which this record "
                                    "fetched before, but they are missing here: they were removed from "
                                    "the database"),
                                  (long long) first, (long long) theirs->device_seq, theirs->device));
  else
    add_finding (job->result, FB_COMPARE_NOT_FETCHED, theirs->device, first, theirs->device_seq,
                 g_strdup_printf (_("The server holds changes %lld to %lld of device %s that this record "
                                    "has not fetched yet: sync, then verify again"),
                                  (long long) first, (long long) theirs->device_seq, theirs->device));

  job->next++;
  ask_next_place (task);
}

/* Takes @task. */
static void
ask_next_place (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  const FbHead *theirs;
  const FbHead *ours;
  g_autofree char *path = NULL;

  if (job->next >= job->lagging->len)
    {
      g_ptr_array_sort (job->result->findings, compare_findings);
      g_task_return_pointer (task, g_steal_pointer (&job->result), (GDestroyNotify) fb_comparison_free);
      g_object_unref (task);
      return;
    }

  theirs = g_ptr_array_index (job->lagging, job->next);
  ours = fb_record_state_find (job->local, theirs->device);
  path = g_strdup_printf ("/api/v1/heads?device=%s&device_seq=%" G_GINT64_FORMAT,
                          theirs->device, ours != NULL ? ours->device_seq + 1 : 1);
  get_json (task, path, on_place_cb);
}

/* Every device of the record, beside the server's. */
static void
compare_heads (FbSyncClient *self,
               Job          *job)
{
  FbComparison *result = job->result;
  const char *own = fb_store_get_device_id (self->store);

  for (guint i = 0; i < job->local->heads->len; i++)
    {
      const FbHead *ours = g_ptr_array_index (job->local->heads, i);
      const FbHead *theirs = fb_record_state_find (job->server, ours->device);
      gint64 sent = theirs != NULL ? theirs->device_seq : 0;
      g_autofree char *hash_here = NULL;

      if (theirs != NULL && theirs->device_seq > ours->device_seq)
        continue;   /* the server holds more: asked below */

      /* Where the server's head is, this record holds a change too. */
      if (theirs != NULL)
        {
          hash_here = fb_store_get_hash_at (self->store, theirs->device, theirs->device_seq);
          if (g_strcmp0 (hash_here, theirs->hash) != 0)
            {
              add_different (result, theirs->device, theirs->device_seq);
              continue;
            }
        }

      if (sent == ours->device_seq)
        continue;

      add_finding (result, FB_COMPARE_NOT_SENT, ours->device, sent + 1, ours->device_seq,
                   g_str_equal (ours->device, own)
                   ? g_strdup_printf (_("This computer’s changes %lld to %lld are not on the server yet: "
                                        "that is normal, they go with the next sync"),
                                      (long long) sent + 1, (long long) ours->device_seq)
                   : g_strdup_printf (_("Changes %lld to %lld of device %s are in this record but not on "
                                        "the server: that is normal for an imported file, they go with "
                                        "the next sync"),
                                      (long long) sent + 1, (long long) ours->device_seq, ours->device));
    }

  for (guint i = 0; i < job->server->heads->len; i++)
    {
      FbHead *theirs = g_ptr_array_index (job->server->heads, i);
      const FbHead *ours = fb_record_state_find (job->local, theirs->device);

      result->n_devices++;
      if (ours == NULL || ours->device_seq < theirs->device_seq)
        g_ptr_array_add (job->lagging, theirs);
    }
  for (guint i = 0; i < job->local->heads->len; i++)
    if (fb_record_state_find (job->server, ((FbHead *) job->local->heads->pdata[i])->device) == NULL)
      result->n_devices++;
}

static void
on_heads_cb (GTask    *task,
             JsonNode *root)
{
  FbSyncClient *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  const char *server_id = _fb_sync_json_string (root, "server_id");

  job->server = fb_record_state_from_json_node (root);
  if (job->server == NULL || server_id == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                               _("The server’s answer to the comparison cannot be read."));
      g_object_unref (task);
      return;
    }

  job->server_id = g_strdup (server_id);
  job->result->server_digest = g_strdup (job->server->digest);
  compare_heads (self, job);
  ask_next_place (task);
}

/**
 * fb_sync_client_compare_async:
 *
 * Compares the client's store with the server's record: what the server
 * holds that the store lacks (removed here, or not fetched yet), what the
 * store holds that it never sent, and any place where both hold a change
 * but not the same. Needs no connection of the client's; writes nothing.
 */
void
fb_sync_client_compare_async (FbSyncClient        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Job *job;
  GError *error = NULL;

  g_return_if_fail (FB_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_sync_client_compare_async);
  job = g_new0 (Job, 1);
  job->lagging = g_ptr_array_new ();
  job->result = g_new0 (FbComparison, 1);
  job->result->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
  job->result->intact = TRUE;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  job->local = fb_store_get_state (self->store, &error);
  if (job->local == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_STORE, "%s", error->message);
      g_error_free (error);
      g_object_unref (task);
      return;
    }
  job->result->local_digest = g_strdup (job->local->digest);

  get_json (task, "/api/v1/heads", on_heads_cb);
}

FbComparison *
fb_sync_client_compare_finish (FbSyncClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_compared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * fb_sync_client_compare:
 *
 * The blocking form of fb_sync_client_compare_async(), for programs
 * without a user interface.
 */
FbComparison *
fb_sync_client_compare (FbSyncClient *self,
                        GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), NULL);

  fb_sync_client_compare_async (self, NULL, on_compared_cb, &result);
  while (result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);

  return fb_sync_client_compare_finish (self, result, error);
}
