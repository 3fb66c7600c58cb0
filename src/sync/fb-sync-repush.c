/* fb-sync-repush.c — what the sync client sends: the outbox, imported
 * devices, and a refill of a server that lost what it held
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clients are the server's backup. If the server's identity changes,
 * or its history no longer holds the op under our cursor (a restore from
 * an older copy), every op we hold is offered again, device by device, and
 * we pull from zero. Both are idempotent, so doing it once too often costs
 * only time.
 *
 * Offer every op we hold, device by device in device order; or, for ops
 * that came in a file, every op of the devices noted (fb_store_get_offer).
 * A server takes a device's ops only after all its earlier ones, as ops or
 * as links: the links a file brought for the places below its ops go
 * first. A device whose history the server holds otherwise (a fork)
 * keeps its ops here; fb_sync_client_get_n_stranded counts them.
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-sync-client-private.h"

typedef struct
{
  char  *device;
  char  *json;
  guint  n_ops;
} Batch;

typedef struct
{
  char  *path;
  char **devices;   /* only these, or NULL for all */
} Collect;

static void step_push   (FbSyncClient *self);
static void step_repush (FbSyncClient *self);

/* Encoding --------------------------------------------------------------- */

/* Encodes ops from the first on, as many as fit in the server's body
 * limit (always at least one: a single op is far below it), and says how
 * many that was. */
static char *
batch_to_json (GPtrArray *ops,
               guint      first,
               guint      end,
               guint     *n_taken,
               gsize     *len)
{
  GString *out = g_string_new ("{\"ops\":[");
  guint i;

  for (i = first; i < end; i++)
    {
      g_autofree char *json = fb_op_to_json (g_ptr_array_index (ops, i), NULL);

      if (i > first && out->len + strlen (json) + 2 > FB_SYNC_MAX_BATCH_BYTES)
        break;
      if (i > first)
        g_string_append_c (out, ',');
      g_string_append (out, json);
    }
  g_string_append (out, "]}");

  *n_taken = i - first;
  *len = out->len;
  return g_string_free (out, FALSE);
}

/* A request of links alone: {"ops": [], "links": [ … ]}. */
static char *
links_to_json (GPtrArray *links,
               guint      first,
               guint      end)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  for (guint i = first; i < end; i++)
    json_array_add_element (array, fb_link_to_json_node (g_ptr_array_index (links, i)));
  json_object_set_array_member (object, "ops", json_array_new ());
  json_object_set_array_member (object, "links", json_array_ref (array));
  json_node_set_object (root, object);
  return json_to_string (root, FALSE);
}

/* Acknowledgements ------------------------------------------------------- */

/* Returns the ids the server now holds, or NULL if the answer is not one. */
static GPtrArray *
acknowledged_ids (JsonNode *root)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *results = _fb_sync_json_array (root, "results");

  if (results == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      const char *id = _fb_sync_json_string (node, "id");
      const char *status = _fb_sync_json_string (node, "status");

      if (id != NULL && (g_strcmp0 (status, "accepted") == 0 || g_strcmp0 (status, "duplicate") == 0))
        g_ptr_array_add (ids, g_strdup (id));
    }

  return g_steal_pointer (&ids);
}

static gboolean
ack (FbSyncClient *self,
     GPtrArray    *ids)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Our own acknowledgement changes the outbox; that is no reason to run
   * another pass. */
  g_signal_handler_block (self->store, self->store_changed_id);
  ok = fb_store_ack_outbox (self->store, ids, &error);
  g_signal_handler_unblock (self->store, self->store_changed_id);

  if (!ok)
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot record what the server received: %s"),
                          error->message);
      return FALSE;
    }

  _fb_sync_client_update_n_waiting (self);
  return TRUE;
}

void
_fb_sync_begin_resync (FbSyncClient *self)
{
  self->refill_due = TRUE;

  /* Twice in one pass means the server keeps losing what we send: stop
   * and let the backoff space out the attempts. */
  if (++self->resyncs_in_pass > 2)
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_PROTOCOL,
                          _("The server keeps losing the changes sent to it; trying again later."));
      return;
    }

  step_repush (self);
}

/* Push the outbox -------------------------------------------------------- */

static guint
count_accepted (JsonNode *root)
{
  JsonArray *results = _fb_sync_json_array (root, "results");
  guint n = 0;

  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    n += g_strcmp0 (_fb_sync_json_string (json_array_get_element (results, i), "status"), "accepted") == 0;

  return n;
}

/* After a push, the pull would bring back only our own ops when the
 * server took nothing else since our cursor. With the live socket open,
 * the notice of our push follows and brings them (checking, as a pull
 * does, that the server still holds the op at our cursor), or, from a
 * server that sends no ops in notices, its head makes another pass. */
static gboolean
nothing_else_to_pull (FbSyncClient *self)
{
  return self->ws != NULL && self->accepted_in_pass > 0 && self->head_answered > 0 &&
         self->head_answered == _fb_sync_get_cursor (self) + self->accepted_in_pass;
}

static void
on_push_reply (FbSyncClient *self,
               guint         status,
               GBytes       *body,
               JsonNode     *root)
{
  g_autoptr(GPtrArray) ids = NULL;

  fb_probe_mark_for (FB_PROBE_PUSH_ANSWERED, self->store);
  if (status == 409 && g_str_equal (_fb_sync_error_code_of (root), "gap"))
    {
      /* The server lacks our earlier changes: it was restored or reset. */
      _fb_sync_begin_resync (self);
      return;
    }

  if (status != 200)
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_REFUSED, _("The server refused changes made here (HTTP %u): %s"),
                          status, _fb_sync_error_message_of (root));
      return;
    }

  ids = acknowledged_ids (root);
  if (ids == NULL)
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_PROTOCOL, _("The server’s answer to a push cannot be read."));
      return;
    }

  _fb_sync_client_push_answered (self, ids->len);

  if (!ack (self, ids))
    return;

  self->accepted_in_pass += count_accepted (root);
  self->head_answered = _fb_sync_json_int (root, "head", -1);
  step_push (self);
}

static void
step_push (FbSyncClient *self)
{
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  char *json;
  guint n_taken;
  gsize len;

  ops = fb_store_get_outbox (self->store, FB_SYNC_PUSH_BATCH, &error);
  if (ops == NULL)
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot read the changes waiting to be sent: %s"),
                          error->message);
      return;
    }

  if (ops->len == 0)
    {
      if (nothing_else_to_pull (self))
        _fb_sync_pass_done (self);
      else
        _fb_sync_step_pull (self);
      return;
    }

  json = batch_to_json (ops, 0, ops->len, &n_taken, &len);
  fb_probe_mark_for (FB_PROBE_PUSH_SENT, self->store);
  /* On the live socket when it is open and the batch is small enough for
   * it: no connection of its own to make. */
  if (_fb_sync_live_push (self, json, len, on_push_reply))
    g_free (json);
  else
    _fb_sync_send (self, "POST", "/api/v1/ops", json, len, FALSE, on_push_reply);
}

/* Offer and refill ------------------------------------------------------- */

static void
batch_free (Batch *batch)
{
  g_free (batch->device);
  g_free (batch->json);
  g_free (batch);
}

static void
collect_free (Collect *collect)
{
  g_free (collect->path);
  g_strfreev (collect->devices);
  g_free (collect);
}

static int
compare_device_order (gconstpointer a,
                      gconstpointer b)
{
  const FbOp *x = *(const FbOp **) a, *y = *(const FbOp **) b;
  int c = strcmp (x->device, y->device);

  if (c != 0)
    return c;
  return x->device_seq < y->device_seq ? -1 : x->device_seq > y->device_seq;
}

static void
on_repush_reply (FbSyncClient *self,
                 guint         status,
                 GBytes       *body,
                 JsonNode     *root)
{
  Batch *batch;

  if (self->repush == NULL)
    return;

  batch = g_ptr_array_index (self->repush, self->repush_next - 1);
  if (status == 200)
    {
      g_autoptr(GPtrArray) ids = acknowledged_ids (root);

      if (ids != NULL)
        {
          _fb_sync_client_push_answered (self, ids->len);
          if (!ack (self, ids))
            return;
        }
    }
  else if (self->offer != NULL && status == 409)
    {
      /* The server's record of this device does not take them (a gap, or
       * a fork: the device's history differs from what the server holds):
       * neither these ops nor its later ones can go. */
      g_free (self->refused_device);
      self->refused_device = g_strdup (batch->device);
      self->n_stranded += batch->n_ops;
    }
  else if (self->offer != NULL)
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_REFUSED,
                          _("The server refused changes imported here (HTTP %u): %s"),
                          status, _fb_sync_error_message_of (root));
      return;
    }
  else
    {
      /* A device whose early ops we never had cannot be refilled from
       * here; another workstation that holds them will. */
      g_debug ("sync: the server refused a refill batch (HTTP %u): %s",
               status, _fb_sync_error_message_of (root));
    }

  step_repush (self);
}

/* Runs in a worker thread on a connection of its own, because reading
 * and encoding every op of a large record would stall the UI. */
static void
collect_batches_thread (GTask        *task,
                        gpointer      source,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Collect *collect = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_free);
  guint start = 0;

  store = fb_store_open (collect->path, FB_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    ops = fb_store_get_ops (store, NULL, &error);
  if (ops == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_STORE,
                               _("Cannot read the local changes: %s"), error->message);
      return;
    }

  g_ptr_array_sort (ops, compare_device_order);

  /* Each batch holds one device's ops in order, as the server requires. */
  while (start < ops->len)
    {
      const char *device = ((FbOp *) g_ptr_array_index (ops, start))->device;
      guint end = start, n_taken;
      gsize len;
      Batch *batch;

      while (end < ops->len && end - start < FB_SYNC_PUSH_BATCH &&
             g_str_equal (((FbOp *) g_ptr_array_index (ops, end))->device, device))
        end++;

      if (collect->devices != NULL && !g_strv_contains ((const char * const *) collect->devices, device))
        {
          start = end;
          continue;
        }

      /* A device whose first ops this store holds only as links (an
       * incident imported from it): the links go first, so that the
       * server can check the chain the ops continue. */
      if (start == 0 || !g_str_equal (((FbOp *) g_ptr_array_index (ops, start - 1))->device, device))
        {
          g_autoptr(GPtrArray) links =
            fb_store_get_links (store, device, ((FbOp *) g_ptr_array_index (ops, start))->device_seq, &error);

          if (links == NULL)
            {
              g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_STORE,
                                       _("Cannot read the local changes: %s"), error->message);
              return;
            }
          for (guint i = 0; i < links->len; i += FB_SYNC_LINKS_PER_BATCH)
            {
              batch = g_new0 (Batch, 1);
              batch->device = g_strdup (device);
              batch->json = links_to_json (links, i, MIN (links->len, i + FB_SYNC_LINKS_PER_BATCH));
              g_ptr_array_add (batches, batch);
            }
        }

      batch = g_new0 (Batch, 1);
      batch->device = g_strdup (device);
      batch->json = batch_to_json (ops, start, end, &n_taken, &len);
      batch->n_ops = n_taken;
      g_ptr_array_add (batches, batch);
      start += n_taken;
    }

  g_task_return_pointer (task, g_steal_pointer (&batches), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_batches_collected_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  FbSyncClient *self = FB_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  GPtrArray *batches = g_task_propagate_pointer (G_TASK (result), &error);

  if (batches == NULL)
    {
      _fb_sync_fail (self, error);
      return;
    }

  g_clear_pointer (&self->repush, g_ptr_array_unref);
  self->repush = batches;
  self->repush_next = 0;
  step_repush (self);
}

static void
step_repush (FbSyncClient *self)
{
  g_autoptr(GError) error = NULL;

  if (self->repush == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_batches_collected_cb, NULL);
      Collect *collect = g_new0 (Collect, 1);

      collect->path = g_strdup (fb_store_get_path (self->store));
      /* A refill offers everything, imported devices included. */
      collect->devices = self->refill_due ? NULL : g_strdupv (self->offer);
      g_task_set_task_data (task, collect, (GDestroyNotify) collect_free);
      g_task_run_in_thread (task, collect_batches_thread);
      return;
    }

  while (self->repush_next < self->repush->len)
    {
      Batch *batch = g_ptr_array_index (self->repush, self->repush_next++);

      if (g_strcmp0 (batch->device, self->refused_device) == 0)
        {
          self->n_stranded += batch->n_ops;
          continue;
        }

      _fb_sync_send (self, "POST", "/api/v1/ops", g_strdup (batch->json), strlen (batch->json), FALSE,
                     on_repush_reply);
      return;
    }

  _fb_sync_drop_repush (self);

  if (!self->refill_due)
    {
      /* The imported devices' ops are on the server, or cannot go. */
      g_clear_pointer (&self->offer, g_strfreev);
      _fb_sync_client_notify_n_stranded (self);
      if (!fb_store_clear_offer (self->store, &error))
        {
          _fb_sync_fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot record the sync position: %s"),
                              error->message);
          return;
        }
      step_push (self);
      return;
    }

  /* All offered: from now on this server is the one we follow. */
  if (!_fb_sync_set_cursor (self, 0, NULL, &error) ||
      !fb_store_set_meta (self->store, FB_SYNC_META_SERVER_ID, self->server_id, &error))
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_STORE, _("Cannot record the sync position: %s"), error->message);
      return;
    }

  self->refill_due = FALSE;
  step_push (self);
}

/* The sending half of a pass: a refill if the server needs one, else ops
 * imported from a file (once per import), then the outbox; the pull
 * follows. */
void
_fb_sync_step_send (FbSyncClient *self)
{
  self->accepted_in_pass = 0;
  self->head_answered = 0;

  if (self->refill_due)
    {
      step_repush (self);
      return;
    }

  g_clear_pointer (&self->offer, g_strfreev);
  self->offer = fb_store_get_offer (self->store);
  if (self->offer[0] != NULL)
    {
      self->n_stranded = 0;
      step_repush (self);
      return;
    }
  g_clear_pointer (&self->offer, g_strfreev);

  step_push (self);
}

/* Forgets a refill or offer under way; the next pass collects anew. */
void
_fb_sync_drop_repush (FbSyncClient *self)
{
  g_clear_pointer (&self->repush, g_ptr_array_unref);
  g_clear_pointer (&self->refused_device, g_free);
}
