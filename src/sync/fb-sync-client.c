/* fb-sync-client.c — keeps a store in step with a firebreak-server
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sync pass pushes the outbox, then pulls from the cursor until the
 * server's head; a live WebSocket only says when to run another pass.
 * Everything is asynchronous on the thread-default main context, and the
 * work that grows with the data runs in worker threads, so the UI never
 * waits for the network. This file holds the object and its API, and
 * connects, runs passes and retries; the rest is in the files
 * fb-sync-client-private.h lists.
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-sync-client-private.h"

G_DEFINE_FINAL_TYPE (FbSyncClient, fb_sync_client, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (FbSyncState, fb_sync_state,
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_UP_TO_DATE, "up-to-date"),
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_REFUSED, "refused"))
G_DEFINE_QUARK (fb-sync-error-quark, fb_sync_error)

enum {
  PROP_0,
  PROP_STORE,
  PROP_STATE,
  PROP_N_WAITING,
  PROP_MESSAGE,
  PROP_N_STRANDED,
  N_PROPS
};

enum {
  PUSH_ANSWERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_server (FbSyncClient *self);

/* State ------------------------------------------------------------------ */

static void
set_state (FbSyncClient *self,
           FbSyncState   state,
           const char   *message)
{
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_fb_sync_client_update_n_waiting (FbSyncClient *self)
{
  guint n = fb_store_count_outbox (self->store);

  if (n == self->n_waiting)
    return;

  self->n_waiting = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
}

void
_fb_sync_client_notify_n_stranded (FbSyncClient *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STRANDED]);
}

void
_fb_sync_client_push_answered (FbSyncClient *self,
                               guint         n_ops)
{
  g_signal_emit (self, signals[PUSH_ANSWERED], 0, n_ops);
}

/* Failure and retry ------------------------------------------------------ */

static gboolean
on_retry_cb (gpointer user_data)
{
  FbSyncClient *self = user_data;

  self->retry_id = 0;
  if (self->running)
    connect_server (self);

  return G_SOURCE_REMOVE;
}

static void
finish_once (FbSyncClient *self,
             const GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->once);

  if (task == NULL)
    return;

  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Every failure lands here: the state says what the user can do about it,
 * and the retry waits longer each time (with jitter, so that thirty
 * workstations do not all come back in the same millisecond). */
void
_fb_sync_fail (FbSyncClient *self,
               const GError *error)
{
  gboolean refused = g_error_matches (error, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED);
  guint delay;

  /* A request cancelled by a reconnect or a stop: whoever cancelled it
   * has set the state already. Its late answer must not mark the new
   * connection as lost, or the client would sit "connected" in the
   * server's eyes and idle in its own. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  self->again = FALSE;
  self->connected = FALSE;
  _fb_sync_drop_repush (self);

  g_debug ("sync: %s", error->message);

  if (self->once != NULL)
    {
      set_state (self, refused ? FB_SYNC_STATE_REFUSED : FB_SYNC_STATE_OFFLINE, error->message);
      finish_once (self, error);
      return;
    }

  _fb_sync_close_live (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  set_state (self, refused ? FB_SYNC_STATE_REFUSED : FB_SYNC_STATE_OFFLINE, error->message);

  if (!self->running)
    return;

  delay = FB_SYNC_BACKOFF_FIRST_MS << MIN (self->failures, 6);
  delay = MIN (delay, FB_SYNC_BACKOFF_MAX_MS);
  if (refused)
    delay = FB_SYNC_BACKOFF_MAX_MS;
  delay = delay / 2 + (guint) g_random_int_range (0, (gint32) (delay / 2 + 1));
  self->failures++;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, on_retry_cb, self);
}

void
_fb_sync_fail_with (FbSyncClient *self,
                    FbSyncError   code,
                    const char   *format,
                    ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (FB_SYNC_ERROR, code, format, args);
  va_end (args);

  _fb_sync_fail (self, error);
}

/* The pass --------------------------------------------------------------- */

void
_fb_sync_pass_done (FbSyncClient *self)
{
  self->busy = FALSE;
  self->failures = 0;
  _fb_sync_client_update_n_waiting (self);

  if (self->once != NULL)
    {
      set_state (self, FB_SYNC_STATE_UP_TO_DATE, NULL);
      finish_once (self, NULL);
      return;
    }

  if (self->again)
    {
      _fb_sync_run_pass (self);
      return;
    }

  set_state (self, self->n_waiting > 0 ? FB_SYNC_STATE_SYNCING : FB_SYNC_STATE_UP_TO_DATE, NULL);
}

void
_fb_sync_run_pass (FbSyncClient *self)
{
  if (!self->connected)
    return;

  if (self->busy)
    {
      self->again = TRUE;
      return;
    }

  self->busy = TRUE;
  self->again = FALSE;
  self->resyncs_in_pass = 0;
  _fb_sync_client_update_n_waiting (self);
  set_state (self, FB_SYNC_STATE_SYNCING, NULL);
  _fb_sync_step_send (self);
}

/* Connecting ------------------------------------------------------------- */

static void
on_info_reply (FbSyncClient *self,
               guint         status,
               GBytes       *body,
               JsonNode     *root)
{
  g_autofree char *known = NULL;
  const char *server_id;

  if (status != 200 || root == NULL)
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_PROTOCOL,
                          _("The address does not answer as a Firebreak server (HTTP %u)."), status);
      return;
    }

  server_id = _fb_sync_json_string (root, "server_id");
  if (server_id == NULL || !fb_uuid_is_valid (server_id))
    {
      _fb_sync_fail_with (self, FB_SYNC_ERROR_PROTOCOL, _("The server did not say who it is."));
      return;
    }

  g_free (self->server_id);
  self->server_id = g_strdup (server_id);

  known = fb_store_get_meta (self->store, FB_SYNC_META_SERVER_ID);
  if (g_strcmp0 (known, server_id) != 0)
    self->resync = TRUE;

  self->connected = TRUE;
  if (self->once == NULL)
    _fb_sync_open_live (self);
  _fb_sync_run_pass (self);
}

static void
connect_server (FbSyncClient *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  _fb_sync_close_live (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->connected = FALSE;
  self->busy = FALSE;
  _fb_sync_drop_repush (self);

  set_state (self, FB_SYNC_STATE_CONNECTING, NULL);
  _fb_sync_send (self, "GET", "/api/v1/info", NULL, 0, FALSE, on_info_reply);
}

static void
on_store_changed_cb (FbStore      *store,
                     guint         flags,
                     const char   *incident,
                     FbSyncClient *self)
{
  if (!(flags & FB_CHANGE_OUTBOX) || self->acking)
    return;

  _fb_sync_client_update_n_waiting (self);
  if (self->running && self->connected)
    _fb_sync_run_pass (self);
}

/* GObject ---------------------------------------------------------------- */

static void
fb_sync_client_dispose (GObject *object)
{
  FbSyncClient *self = (FbSyncClient *) object;

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  _fb_sync_close_live (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _fb_sync_drop_repush (self);
  g_clear_pointer (&self->offer, g_strfreev);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fb_sync_client_parent_class)->dispose (object);
}

static void
fb_sync_client_finalize (GObject *object)
{
  FbSyncClient *self = (FbSyncClient *) object;

  g_free (self->base);
  g_free (self->token);
  g_free (self->pin);
  g_free (self->message);
  g_free (self->server_id);

  G_OBJECT_CLASS (fb_sync_client_parent_class)->finalize (object);
}

static void
fb_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FbSyncClient *self = FB_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_N_STRANDED:
      g_value_set_uint (value, self->n_stranded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_sync_client_class_init (FbSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_sync_client_dispose;
  object_class->finalize = fb_sync_client_finalize;
  object_class->get_property = fb_sync_client_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FB_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FB_TYPE_SYNC_STATE, FB_SYNC_STATE_OFFLINE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * FbSyncClient:n-stranded:
   *
   * How many ops imported from a file the server would not take at the
   * last offer, because it holds another history of their device. They
   * stay in this store.
   */
  properties[PROP_N_STRANDED] =
    g_param_spec_uint ("n-stranded", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbSyncClient::push-answered:
   * @n_ops: how many ops the server now holds from the batch
   *
   * Emitted when the server has answered a push, before the outbox is
   * cleared of the ops it acknowledged.
   */
  signals[PUSH_ANSWERED] =
    g_signal_new ("push-answered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
fb_sync_client_init (FbSyncClient *self)
{
  self->state = FB_SYNC_STATE_OFFLINE;
  self->session = _fb_sync_session_new ();
}

/* Public API ------------------------------------------------------------- */

/**
 * fb_sync_client_new:
 * @store: the store to keep in step
 * @url: the server, such as "https://warroom.example:8765"
 * @token: the bearer token the server's administrator issued
 * @pinned_sha256: (nullable): SHA-256 of the server certificate's DER bytes,
 *   hex, with or without colons; trusts that certificate whatever the
 *   system thinks of it, and only that one
 */
FbSyncClient *
fb_sync_client_new (FbStore    *store,
                    const char *url,
                    const char *token,
                    const char *pinned_sha256)
{
  FbSyncClient *self;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (FB_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  self->base = g_strdup (url);
  while (g_str_has_suffix (self->base, "/"))
    self->base[strlen (self->base) - 1] = '\0';
  self->token = g_strdup (token);
  self->pin = _fb_sync_normalize_pin (pinned_sha256);

  self->n_waiting = fb_store_count_outbox (store);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);

  return self;
}

FbStore *
fb_sync_client_get_store (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), NULL);

  return self->store;
}

FbSyncState
fb_sync_client_get_state (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), FB_SYNC_STATE_OFFLINE);

  return self->state;
}

guint
fb_sync_client_get_n_waiting (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), 0);

  return self->n_waiting;
}

guint
fb_sync_client_get_n_stranded (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), 0);
  return self->n_stranded;
}

const char *
fb_sync_client_get_message (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), NULL);

  return self->message;
}

gint64
fb_sync_client_get_cursor (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), 0);

  return _fb_sync_get_cursor (self);
}

void
fb_sync_client_start (FbSyncClient *self)
{
  g_return_if_fail (FB_IS_SYNC_CLIENT (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->failures = 0;
  connect_server (self);
}

void
fb_sync_client_stop (FbSyncClient *self)
{
  g_return_if_fail (FB_IS_SYNC_CLIENT (self));

  self->running = FALSE;
  self->connected = FALSE;
  self->busy = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  _fb_sync_close_live (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_state (self, FB_SYNC_STATE_OFFLINE, NULL);
}

void
fb_sync_client_sync_once_async (FbSyncClient        *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_sync_client_sync_once_async);

  if (self->running || self->once != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("This sync client is already running."));
      return;
    }

  self->once = g_steal_pointer (&task);
  connect_server (self);
}

gboolean
fb_sync_client_sync_once_finish (FbSyncClient  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_once_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * fb_sync_client_sync_once:
 *
 * The blocking form of fb_sync_client_sync_once_async(), for programs
 * without a user interface: it iterates the thread-default main context
 * until the exchange is over.
 */
gboolean
fb_sync_client_sync_once (FbSyncClient *self,
                          GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), FALSE);

  fb_sync_client_sync_once_async (self, NULL, on_once_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);

  return fb_sync_client_sync_once_finish (self, result, error);
}
