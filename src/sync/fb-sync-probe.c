/* fb-sync-probe.c — ask a server who it is and who the token is
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One request with the address, token and pin a person is about to use,
 * apart from the running sync client, so that a test in Preferences
 * neither disturbs nor waits for it. The certificate the server showed is
 * kept whether or not it is trusted: its fingerprint is what the person
 * compares with the one the server's administrator reads out, and what
 * they pin.
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-sync-client-private.h"
#include "fb-sync-probe.h"

typedef struct
{
  SoupSession *session;
  SoupMessage *msg;
  char        *pin;
  char        *fingerprint;  /* of the certificate the handshake showed */
  gboolean     pin_failed;
} Probe;

static FbSyncProbe *
fb_sync_probe_copy (FbSyncProbe *probe)
{
  FbSyncProbe *copy = g_new0 (FbSyncProbe, 1);

  copy->server_id = g_strdup (probe->server_id);
  copy->version = g_strdup (probe->version);
  copy->user = g_strdup (probe->user);
  copy->groups = g_strdupv (probe->groups);
  copy->read_only = probe->read_only;
  copy->fingerprint = g_strdup (probe->fingerprint);

  return copy;
}

void
fb_sync_probe_free (FbSyncProbe *probe)
{
  if (probe == NULL)
    return;

  g_free (probe->server_id);
  g_free (probe->version);
  g_free (probe->user);
  g_strfreev (probe->groups);
  g_free (probe->fingerprint);
  g_free (probe);
}

G_DEFINE_BOXED_TYPE (FbSyncProbe, fb_sync_probe, fb_sync_probe_copy, fb_sync_probe_free)

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->session);
  g_clear_object (&probe->msg);
  g_free (probe->pin);
  g_free (probe->fingerprint);
  g_free (probe);
}

static void
note_certificate (Probe           *probe,
                  GTlsCertificate *certificate)
{
  if (certificate == NULL || probe->fingerprint != NULL)
    return;

  probe->fingerprint = fb_sync_certificate_fingerprint (certificate);
}

/* Only for a certificate this computer does not trust: the pin alone can
 * make it acceptable. */
static gboolean
on_accept_certificate_cb (SoupMessage          *msg,
                          GTlsCertificate      *certificate,
                          GTlsCertificateFlags  errors,
                          Probe                *probe)
{
  note_certificate (probe, certificate);

  return probe->pin != NULL && g_strcmp0 (probe->fingerprint, probe->pin) == 0;
}

/* A pin holds against trusted certificates too: checked before the token
 * is sent, as the sync client does. */
static void
on_network_event_cb (SoupMessage        *msg,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     Probe              *probe)
{
  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKED || !G_IS_TLS_CONNECTION (connection))
    return;

  note_certificate (probe, g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (connection)));
  if (probe->pin != NULL && g_strcmp0 (probe->fingerprint, probe->pin) != 0)
    {
      probe->pin_failed = TRUE;
      g_io_stream_close (connection, NULL, NULL);
    }
}

static void
return_certificate_error (GTask *task,
                          Probe *probe)
{
  if (probe->fingerprint == NULL)
    g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED,
                             _("The server’s certificate could not be checked."));
  else if (probe->pin != NULL)
    g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED,
                             _("The server’s certificate is not the pinned one: it has the fingerprint "
                               "%s. Compare it with the one the server’s administrator gives you."),
                             probe->fingerprint);
  else
    g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED,
                             _("This computer does not trust the server’s certificate. Its fingerprint is "
                               "%s: if the server’s administrator reads out the same, pin it below."),
                             probe->fingerprint);
}

static void
on_info_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FbSyncProbe) answer = NULL;
  const char *data;
  gsize len;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (probe->pin_failed || (error != NULL && error->domain == G_TLS_ERROR))
    {
      return_certificate_error (task, probe);
      return;
    }

  if (body == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_OFFLINE,
                               _("Cannot reach the server: %s"), error->message);
      return;
    }

  status = soup_message_get_status (probe->msg);
  data = g_bytes_get_data (body, &len);
  root = fb_json_parse_untrusted (data != NULL ? data : "", (gssize) len, 64 * 1024, 8, NULL);

  if (status == 401)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED,
                               _("The server refused the token (mistyped, or revoked); ask its "
                                 "administrator for a new one."));
      return;
    }

  if (status != 200 || _fb_sync_json_string (root, "server_id") == NULL ||
      !fb_uuid_is_valid (_fb_sync_json_string (root, "server_id")))
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                               _("The address does not answer as a Firebreak server (HTTP %u)."), status);
      return;
    }

  answer = g_new0 (FbSyncProbe, 1);
  answer->server_id = g_strdup (_fb_sync_json_string (root, "server_id"));
  answer->version = g_strdup (_fb_sync_json_string (root, "version"));
  answer->user = g_strdup (_fb_sync_json_string (root, "user"));
  answer->groups = _fb_sync_json_strings (root, "groups", fb_account_name_is_valid);
  answer->read_only = _fb_sync_json_boolean (root, "read_only", FALSE);
  answer->fingerprint = g_steal_pointer (&probe->fingerprint);

  g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) fb_sync_probe_free);
}

/**
 * fb_sync_probe_async:
 * @url: the server, such as "https://warroom.example:8765"
 * @token: the bearer token to present
 * @pinned_sha256: (nullable): the certificate's fingerprint to insist on
 *
 * Asks the server who it is and who @token is, without blocking: the
 * request runs on the thread-default main context's I/O.
 */
void
fb_sync_probe_async (const char          *url,
                     const char          *token,
                     const char          *pinned_sha256,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *base = g_strdup (url != NULL ? url : "");
  g_autofree char *uri = NULL;
  g_autofree char *auth = NULL;
  Probe *probe;

  g_task_set_source_tag (task, fb_sync_probe_async);

  g_strchomp (base);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  uri = g_strconcat (base, "/api/v1/info", NULL);

  probe = g_new0 (Probe, 1);
  probe->pin = _fb_sync_normalize_pin (pinned_sha256);
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);

  probe->msg = soup_message_new ("GET", uri);
  if (probe->msg == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED,
                               _("“%s” is not a server address; use one such as "
                                 "https://warroom.example:8765"), base);
      return;
    }

  auth = g_strconcat ("Bearer ", token != NULL ? token : "", NULL);
  soup_message_headers_replace (soup_message_get_request_headers (probe->msg), "Authorization", auth);
  g_signal_connect (probe->msg, "accept-certificate", G_CALLBACK (on_accept_certificate_cb), probe);
  g_signal_connect (probe->msg, "network-event", G_CALLBACK (on_network_event_cb), probe);

  probe->session = _fb_sync_session_new ();
  soup_session_send_and_read_async (probe->session, probe->msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_info_cb, g_steal_pointer (&task));
}

/**
 * fb_sync_probe_finish:
 *
 * Returns: (transfer full) (nullable): what the server said; %NULL with
 *   @error in %FB_SYNC_ERROR: OFFLINE when it cannot be reached, REFUSED
 *   for the token or the certificate, PROTOCOL for something that is not
 *   a Firebreak server; or %G_IO_ERROR_CANCELLED
 */
FbSyncProbe *
fb_sync_probe_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
