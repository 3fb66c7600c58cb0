/* fb-sync-phase.c — the sync client's phases and the moves between them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A started client connects (asks the server who it is), then runs
 * passes: each pushes what is waiting and pulls what is new. A change
 * made during a pass makes another one due after it. Any failure ends
 * the connection, and a retry follows after a backoff; a sync-once
 * connects and runs one pass, and stops either way.
 *
 *   phase        shown                   moves to
 *   STOPPED      offline, or the outcome CONNECTING (start, sync-once)
 *                of a sync-once
 *   RETRY_DUE    offline or refused      CONNECTING (retry), STOPPED
 *   CONNECTING   connecting              PASSING, RETRY_DUE, STOPPED
 *   IDLE         up to date, or syncing  PASSING (notice or change),
 *                while some wait         RETRY_DUE, STOPPED
 *   PASSING      syncing                 IDLE, PASS_AGAIN, RETRY_DUE, STOPPED
 *   PASS_AGAIN   syncing                 PASSING, RETRY_DUE, STOPPED
 *
 * A failure of a sync-once, or one that arrives after a stop, moves to
 * STOPPED; any other to RETRY_DUE.
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-sync-client-private.h"

#define TO(phase) (1u << FB_SYNC_PHASE_##phase)

static const guint legal_moves[FB_SYNC_N_PHASES] = {
  [FB_SYNC_PHASE_STOPPED]    = TO (STOPPED) | TO (CONNECTING),
  [FB_SYNC_PHASE_RETRY_DUE]  = TO (STOPPED) | TO (RETRY_DUE) | TO (CONNECTING),
  [FB_SYNC_PHASE_CONNECTING] = TO (STOPPED) | TO (RETRY_DUE) | TO (PASSING),
  [FB_SYNC_PHASE_IDLE]       = TO (STOPPED) | TO (RETRY_DUE) | TO (PASSING),
  [FB_SYNC_PHASE_PASSING]    = TO (STOPPED) | TO (RETRY_DUE) | TO (IDLE) | TO (PASS_AGAIN),
  [FB_SYNC_PHASE_PASS_AGAIN] = TO (STOPPED) | TO (RETRY_DUE) | TO (PASSING),
};

#undef TO

static const char * const phase_names[FB_SYNC_N_PHASES] = {
  "stopped", "retry-due", "connecting", "idle", "passing", "pass-again",
};

/* Moves ------------------------------------------------------------------ */

static void
move (FbSyncClient *self,
      FbSyncPhase   phase,
      FbSyncState   shown,
      const char   *message)
{
  if (!(legal_moves[self->phase] & (1u << phase)))
    g_critical ("sync: no move from %s to %s", phase_names[self->phase], phase_names[phase]);

  self->phase = phase;
  _fb_sync_client_show (self, shown, message);
}

/* The phases of a connection show a state of their own; a stopped or
 * waiting client shows how its last attempt ended. */
static void
advance (FbSyncClient *self,
         FbSyncPhase   phase)
{
  FbSyncState shown;

  switch (phase)
    {
    case FB_SYNC_PHASE_CONNECTING:
      shown = FB_SYNC_STATE_CONNECTING;
      break;

    case FB_SYNC_PHASE_IDLE:
      shown = self->n_waiting > 0 ? FB_SYNC_STATE_SYNCING : FB_SYNC_STATE_UP_TO_DATE;
      break;

    case FB_SYNC_PHASE_PASSING:
    case FB_SYNC_PHASE_PASS_AGAIN:
      shown = FB_SYNC_STATE_SYNCING;
      break;

    case FB_SYNC_PHASE_STOPPED:
    case FB_SYNC_PHASE_RETRY_DUE:
    case FB_SYNC_N_PHASES:
    default:
      g_assert_not_reached ();
    }

  move (self, phase, shown, NULL);
}

/* Started and not stopped: a sync-once is not. */
gboolean
_fb_sync_is_started (FbSyncClient *self)
{
  return self->once == NULL && self->phase != FB_SYNC_PHASE_STOPPED;
}

/* Failure and retry ------------------------------------------------------ */

static gboolean
on_retry_cb (gpointer user_data)
{
  FbSyncClient *self = user_data;

  self->retry_id = 0;
  self->retry_delay = 0;
  if (self->phase == FB_SYNC_PHASE_RETRY_DUE)
    _fb_sync_connect (self);

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

/* Ends the connection: no retry, no live socket, no request in flight. */
void
_fb_sync_hang_up (FbSyncClient *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_delay = 0;
  _fb_sync_close_live (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* Ends the connection and tries again after @delay ms. */
static void
retry_after_delay (FbSyncClient *self,
                   guint         delay,
                   FbSyncState   shown,
                   const char   *message)
{
  _fb_sync_hang_up (self);
  /* Before the state is told, so that whoever hears it sees the wait. */
  self->retry_delay = delay;
  self->retry_id = g_timeout_add (delay, on_retry_cb, self);
  move (self, FB_SYNC_PHASE_RETRY_DUE, shown, message);
}

/* Every failure lands here: the state says what the user can do about it,
 * and the retry waits longer each time (with jitter, so that thirty
 * workstations do not all come back in the same millisecond). */
void
_fb_sync_fail (FbSyncClient *self,
               const GError *error)
{
  gboolean refused = g_error_matches (error, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED);
  /* A server that answers but cannot serve is not the network gone: the
   * person to call is whoever runs the server, not the one with the cable. */
  FbSyncState shown = refused ? FB_SYNC_STATE_REFUSED
                      : g_error_matches (error, FB_SYNC_ERROR, FB_SYNC_ERROR_UNAVAILABLE) ? FB_SYNC_STATE_UNAVAILABLE
                      : FB_SYNC_STATE_OFFLINE;
  guint retry_after = self->retry_after;
  guint delay;

  self->retry_after = 0;

  /* A request cancelled by a reconnect or a stop: whoever cancelled it
   * has set the state already. Its late answer must not mark the new
   * connection as lost, or the client would sit "connected" in the
   * server's eyes and idle in its own. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _fb_sync_drop_repush (self);

  g_debug ("sync: %s", error->message);

  if (self->once != NULL)
    {
      /* A server that said when to come back (too many pushes from this
       * token, or down for a moment) is waited for, as long as a script
       * may wait: giving up would leave the change here until the
       * script's next run, and the script's retry sooner than asked. */
      if (!refused && retry_after > 0 && self->once_waited + retry_after <= FB_SYNC_ONCE_WAIT_MAX_MS)
        {
          self->once_waited += retry_after;
          retry_after_delay (self, retry_after, shown, error->message);
          return;
        }

      move (self, FB_SYNC_PHASE_STOPPED, shown, error->message);
      finish_once (self, error);
      return;
    }

  if (!_fb_sync_is_started (self))
    {
      _fb_sync_hang_up (self);
      move (self, FB_SYNC_PHASE_STOPPED, shown, error->message);
      return;
    }

  delay = FB_SYNC_BACKOFF_FIRST_MS << MIN (self->failures, 6);
  delay = MIN (delay, FB_SYNC_BACKOFF_MAX_MS);
  if (refused)
    delay = FB_SYNC_BACKOFF_REFUSED_MS;
  delay = delay / 2 + (guint) g_random_int_range (0, (gint32) (delay / 2 + 1));
  /* A server that said when to come back (429, 503) is not asked sooner;
   * the jitter goes on top, so its clients do not return all at once. */
  if (!refused && retry_after > 0)
    delay = retry_after + (guint) g_random_int_range (0, (gint32) (retry_after / 4 + 1));
  self->failures++;
  retry_after_delay (self, delay, shown, error->message);
}

/* The user asked, or the network changed: the wait is for a server that
 * may be back, so end it. The count of failures stays, and with it the
 * next wait should this attempt fail too. */
gboolean
_fb_sync_retry_now (FbSyncClient *self)
{
  if (self->once != NULL || self->phase != FB_SYNC_PHASE_RETRY_DUE)
    return FALSE;

  _fb_sync_connect (self);
  return TRUE;
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

/* Passes ----------------------------------------------------------------- */

static void
start_pass (FbSyncClient *self)
{
  self->resyncs_in_pass = 0;
  _fb_sync_client_update_n_waiting (self);
  advance (self, FB_SYNC_PHASE_PASSING);
  _fb_sync_step_send (self);
}

/* Asks for a pass: now if the client is idle, after the current one if
 * one runs, and not at all before it is connected, since connecting
 * starts one. */
void
_fb_sync_run_pass (FbSyncClient *self)
{
  switch (self->phase)
    {
    case FB_SYNC_PHASE_IDLE:
      start_pass (self);
      break;

    case FB_SYNC_PHASE_PASSING:
      advance (self, FB_SYNC_PHASE_PASS_AGAIN);
      break;

    case FB_SYNC_PHASE_STOPPED:
    case FB_SYNC_PHASE_RETRY_DUE:
    case FB_SYNC_PHASE_CONNECTING:
    case FB_SYNC_PHASE_PASS_AGAIN:
    case FB_SYNC_N_PHASES:
    default:
      break;
    }
}

void
_fb_sync_pass_done (FbSyncClient *self)
{
  self->failures = 0;
  _fb_sync_client_update_n_waiting (self);

  if (self->once != NULL)
    {
      move (self, FB_SYNC_PHASE_STOPPED, FB_SYNC_STATE_UP_TO_DATE, NULL);
      finish_once (self, NULL);
      return;
    }

  if (self->phase == FB_SYNC_PHASE_PASS_AGAIN)
    start_pass (self);
  else
    advance (self, FB_SYNC_PHASE_IDLE);
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
  self->server_head = _fb_sync_json_int (root, "head", 0);
  /* A server that takes pushes on the live socket says how large; an
   * older one does not, and gets every push over HTTP. */
  self->live_push_max = (guint) CLAMP (_fb_sync_json_int (_fb_sync_json_object (root, "limits"), "live_push", 0),
                                       0, FB_SYNC_MAX_BATCH_BYTES);

  /* Who this token is, for a restriction that must not leave its author
   * out; a server older than restrictions does not say. */
  {
    g_auto(GStrv) groups = _fb_sync_json_strings (root, "groups", fb_account_name_is_valid);
    g_autoptr(GError) error = NULL;

    if (!fb_store_set_sync_user (self->store, _fb_sync_json_string (root, "user"),
                                 (const char * const *) groups, &error))
      g_debug ("sync: cannot note the server's user: %s", error->message);
  }

  known = fb_store_get_meta (self->store, FB_SYNC_META_SERVER_ID);
  if (g_strcmp0 (known, server_id) != 0)
    self->refill_due = TRUE;

  if (self->once == NULL)
    _fb_sync_open_live (self);
  start_pass (self);
}

void
_fb_sync_connect (FbSyncClient *self)
{
  _fb_sync_hang_up (self);
  self->cancellable = g_cancellable_new ();
  _fb_sync_drop_repush (self);

  advance (self, FB_SYNC_PHASE_CONNECTING);
  _fb_sync_send (self, "GET", "/api/v1/info", NULL, 0, FALSE, on_info_reply);
}

void
_fb_sync_stop (FbSyncClient *self)
{
  _fb_sync_hang_up (self);
  move (self, FB_SYNC_PHASE_STOPPED, FB_SYNC_STATE_OFFLINE, NULL);

  /* A sync-once stopped while it waits ends, or its caller would wait on. */
  if (self->once != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The sync was stopped."));

      finish_once (self, error);
    }
}
