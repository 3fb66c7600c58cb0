/* fb-sync-client.c — keeps a store in step with a firebreak-server
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sync pass pushes the outbox, then pulls from the cursor until the
 * server's head; a live WebSocket only says when to run another pass.
 * Everything is asynchronous on the thread-default main context, and the
 * work that grows with the data runs in worker threads, so the UI never
 * waits for the network. This file holds the object and its API; the
 * rest is in the files fb-sync-client-private.h lists.
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
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_REFUSED, "refused"),
                    G_DEFINE_ENUM_VALUE (FB_SYNC_STATE_UNAVAILABLE, "unavailable"))
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

/* What the UI sees --------------------------------------------------------- */

/* Only the phase moves in fb-sync-phase.c call this. */
void
_fb_sync_client_show (FbSyncClient *self,
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

static void
on_store_changed_cb (FbStore      *store,
                     guint         flags,
                     const char   *incident,
                     FbSyncClient *self)
{
  if (flags & FB_CHANGE_OUTBOX)
    _fb_sync_client_update_n_waiting (self);
  if ((flags & FB_CHANGE_SENDABLE) && _fb_sync_is_started (self))
    _fb_sync_run_pass (self);
}

/* A new route, an interface up, a VPN back: whatever failed may work now.
 * A connection that is up is left alone; the heartbeat finds a dead one. */
static void
on_network_changed_cb (GNetworkMonitor *monitor,
                       gboolean         available,
                       FbSyncClient    *self)
{
  if (available)
    _fb_sync_retry_now (self);
}

/* GObject ---------------------------------------------------------------- */

static void
fb_sync_client_dispose (GObject *object)
{
  FbSyncClient *self = (FbSyncClient *) object;

  if (self->network_changed_id != 0)
    g_clear_signal_handler (&self->network_changed_id, g_network_monitor_get_default ());
  _fb_sync_hang_up (self);
  _fb_sync_drop_repush (self);
  g_clear_pointer (&self->offer, g_strfreev);
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
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
  self->phase = FB_SYNC_PHASE_STOPPED;
  self->state = FB_SYNC_STATE_OFFLINE;
  self->session = _fb_sync_session_new ();
  self->network_changed_id = g_signal_connect (g_network_monitor_get_default (), "network-changed",
                                               G_CALLBACK (on_network_changed_cb), self);
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
  self->store_changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);

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

/**
 * fb_sync_client_get_server_id:
 *
 * Returns: (nullable): the identity the server gave when last connected,
 *   the same whatever address reached it
 */
const char *
fb_sync_client_get_server_id (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), NULL);

  return self->server_id;
}

void
fb_sync_client_start (FbSyncClient *self)
{
  g_return_if_fail (FB_IS_SYNC_CLIENT (self));

  /* A sync-once under way is an exchange of its own; it ends stopped. */
  if (_fb_sync_is_started (self) || self->once != NULL)
    return;

  self->failures = 0;
  _fb_sync_connect (self);
}

void
fb_sync_client_stop (FbSyncClient *self)
{
  g_return_if_fail (FB_IS_SYNC_CLIENT (self));

  _fb_sync_stop (self);
}

/**
 * fb_sync_client_retry_now:
 *
 * Ends the wait before the next attempt to connect and tries at once, as
 * "Try now" does, and as a change of the network does by itself.
 *
 * Returns: %TRUE if an attempt began; %FALSE if the client was not
 *   waiting to retry (stopped, connected, or connecting already)
 */
gboolean
fb_sync_client_retry_now (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), FALSE);

  return _fb_sync_retry_now (self);
}

/**
 * fb_sync_client_get_retry_delay:
 *
 * Returns: how many milliseconds the client waits, from its last failure,
 *   before it tries again; 0 when no retry waits
 */
guint
fb_sync_client_get_retry_delay (FbSyncClient *self)
{
  g_return_val_if_fail (FB_IS_SYNC_CLIENT (self), 0);

  return self->retry_delay;
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

  if (_fb_sync_is_started (self) || self->once != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("This sync client is already running."));
      return;
    }

  self->once = g_steal_pointer (&task);
  self->once_waited = 0;
  _fb_sync_connect (self);
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
