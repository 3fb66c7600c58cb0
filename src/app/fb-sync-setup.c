/* fb-sync-setup.c — the sync client the settings ask for, kept up to date
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server address and the pinned certificate live in GSettings; the
 * token, a secret, in the keyring (libsecret), looked up without blocking.
 * Without a keyring the token is kept in a file only the user can read
 * (fb-token-file.c), and FIREBREAK_TOKEN in the environment serves when
 * neither holds one.
 * When any of them changes the client is replaced, so no window has to
 * know how sync is configured, only which client there is now.
 */

#define G_LOG_DOMAIN "fb-sync-setup"

#include "config.h"

#include <glib/gi18n.h>
#if HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "fb-sync-setup.h"
#include "fb-token-file.h"

struct _FbSyncSetup
{
  GObject       parent_instance;

  FbStore      *store;
  GSettings    *settings;
  FbSyncClient *client;
  char         *token;         /* set in this session; else from the keyring */
  char         *token_in_use;  /* the running client's, wherever it came from */
  GCancellable *lookup;
};

G_DEFINE_FINAL_TYPE (FbSyncSetup, fb_sync_setup, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#if HAVE_LIBSECRET
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".ServerToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}
#endif

void
fb_sync_status_describe (gboolean      configured,
                         FbSyncState   state,
                         guint         n_waiting,
                         FbSyncStatus *status)
{
  g_return_if_fail (status != NULL);

  status->css_class = NULL;

  if (!configured)
    {
      status->icon_name = "drive-harddisk-symbolic";
      status->label = g_strdup (_("Local record"));
      return;
    }

  switch (state)
    {
    case FB_SYNC_STATE_OFFLINE:
      status->icon_name = "network-offline-symbolic";
      status->css_class = "warning";
      status->label = n_waiting > 0
                      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline, %u change waiting",
                                                      "Offline, %u changes waiting", n_waiting), n_waiting)
                      : g_strdup (_("Offline"));
      break;

    case FB_SYNC_STATE_CONNECTING:
      status->icon_name = "network-transmit-receive-symbolic";
      status->label = g_strdup (_("Connecting…"));
      break;

    case FB_SYNC_STATE_SYNCING:
      status->icon_name = "network-transmit-receive-symbolic";
      status->label = n_waiting > 0
                      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Syncing, %u waiting",
                                                      "Syncing, %u waiting", n_waiting), n_waiting)
                      : g_strdup (_("Syncing"));
      break;

    case FB_SYNC_STATE_UP_TO_DATE:
      status->icon_name = "emblem-ok-symbolic";
      status->label = g_strdup (_("Up to date"));
      break;

    case FB_SYNC_STATE_UNAVAILABLE:
      status->icon_name = "network-error-symbolic";
      status->css_class = "warning";
      status->label = n_waiting > 0
                      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Server unavailable, %u change waiting",
                                                      "Server unavailable, %u changes waiting", n_waiting),
                                         n_waiting)
                      : g_strdup (_("Server unavailable"));
      break;

    case FB_SYNC_STATE_REFUSED:
    default:
      status->icon_name = "dialog-error-symbolic";
      status->css_class = "error";
      status->label = g_strdup (_("Refused by the server"));
      break;
    }
}

void
fb_sync_status_clear (FbSyncStatus *status)
{
  g_clear_pointer (&status->label, g_free);
}

static void
replace_client (FbSyncSetup  *self,
                FbSyncClient *client)
{
  if (self->client == client)
    return;

  if (self->client != NULL)
    fb_sync_client_stop (self->client);
  g_set_object (&self->client, client);
  if (self->client != NULL)
    fb_sync_client_start (self->client);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
start_with_token (FbSyncSetup *self,
                  const char  *token)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *pin = g_settings_get_string (self->settings, "server-certificate");
  g_autoptr(FbSyncClient) client = NULL;

  g_free (self->token_in_use);
  self->token_in_use = g_strdup (token);
  client = fb_sync_client_new (self->store, url, token != NULL ? token : "",
                               pin[0] != '\0' ? pin : NULL);
  replace_client (self, client);
}

/* What was kept for @url on this computer when the keyring has nothing:
 * the file, else the environment, as firebreak-cli takes it. */
static void
start_with_kept_token (FbSyncSetup *self,
                       const char  *url)
{
  g_autofree char *kept = fb_token_file_lookup (url);

  start_with_token (self, kept != NULL ? kept : g_getenv ("FIREBREAK_TOKEN"));
}

#if HAVE_LIBSECRET
static void
on_token_looked_up_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(FbSyncSetup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = secret_password_lookup_finish (result, &error);
  g_autofree char *url = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* No keyring (a bare session) or no token stored: connect without one;
   * the server's refusal then says what is missing. */
  if (error != NULL)
    g_debug ("Cannot read the server token from the keyring: %s", error->message);

  if (token != NULL)
    {
      start_with_token (self, token);
      return;
    }

  url = g_settings_get_string (self->settings, "server-url");
  start_with_kept_token (self, url);
}
#endif

static void
rebuild (FbSyncSetup *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);

  if (!g_settings_get_boolean (self->settings, "sync-enabled") || url[0] == '\0')
    {
      replace_client (self, NULL);
      return;
    }

  if (self->token != NULL)
    {
      start_with_token (self, self->token);
      return;
    }

#if HAVE_LIBSECRET
  self->lookup = g_cancellable_new ();
  secret_password_lookup (token_schema (), self->lookup, on_token_looked_up_cb, g_object_ref (self),
                          "server", url, NULL);
#else
  start_with_kept_token (self, url);
#endif
}

static void
on_settings_changed_cb (GSettings   *settings,
                        const char  *key,
                        FbSyncSetup *self)
{
  if (g_str_equal (key, "server-url") || g_str_equal (key, "server-certificate") ||
      g_str_equal (key, "sync-enabled"))
    rebuild (self);
}

static void
fb_sync_setup_dispose (GObject *object)
{
  FbSyncSetup *self = (FbSyncSetup *) object;

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  if (self->client != NULL)
    fb_sync_client_stop (self->client);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fb_sync_setup_parent_class)->dispose (object);
}

static void
fb_sync_setup_finalize (GObject *object)
{
  FbSyncSetup *self = (FbSyncSetup *) object;

  g_free (self->token);
  g_free (self->token_in_use);

  G_OBJECT_CLASS (fb_sync_setup_parent_class)->finalize (object);
}

static void
fb_sync_setup_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FbSyncSetup *self = FB_SYNC_SETUP (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_sync_setup_class_init (FbSyncSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_sync_setup_dispose;
  object_class->finalize = fb_sync_setup_finalize;
  object_class->get_property = fb_sync_setup_get_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, FB_TYPE_SYNC_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_sync_setup_init (FbSyncSetup *self)
{
}

FbSyncSetup *
fb_sync_setup_new (FbStore   *store,
                   GSettings *settings)
{
  FbSyncSetup *self;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FB_TYPE_SYNC_SETUP, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed_cb), self, 0);
  rebuild (self);

  return self;
}

/**
 * fb_sync_setup_get_client:
 *
 * Returns: (transfer none) (nullable): the running client, or %NULL when
 *   this workstation keeps a local record only
 */
FbSyncClient *
fb_sync_setup_get_client (FbSyncSetup *self)
{
  g_return_val_if_fail (FB_IS_SYNC_SETUP (self), NULL);

  return self->client;
}

/* Where the keyring could not take the token: the file, so that it is
 * still there after a restart. */
static void
keep_in_file (const char *url,
              const char *token)
{
  g_autoptr(GError) error = NULL;

  if (!fb_token_file_store (url, token, &error))
    g_message ("Cannot keep the server token in a file: %s", error->message);
}

#if HAVE_LIBSECRET
typedef struct
{
  char *url;
  char *token;
} Kept;

static void
kept_free (Kept *kept)
{
  g_free (kept->url);
  g_free (kept->token);
  g_free (kept);
}

static void
on_token_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Kept *kept = user_data;
  g_autoptr(GError) error = NULL;

  /* In the keyring, the file need not hold a copy. */
  if (secret_password_store_finish (result, &error))
    keep_in_file (kept->url, NULL);
  else
    {
      g_debug ("Cannot keep the server token in the keyring: %s", error->message);
      keep_in_file (kept->url, kept->token);
    }

  kept_free (kept);
}
#endif

/**
 * fb_sync_setup_set_token:
 *
 * Uses @token from now on and keeps it for the server now configured: in
 * the keyring, or where there is none in the file
 * fb_token_file_get_path() names, which only the user can read.
 */
void
fb_sync_setup_set_token (FbSyncSetup *self,
                         const char  *token)
{
  g_autofree char *url = NULL;

  g_return_if_fail (FB_IS_SYNC_SETUP (self));

  g_free (self->token);
  self->token = g_strdup (token);
  url = g_settings_get_string (self->settings, "server-url");

  if (token != NULL && token[0] != '\0' && url[0] != '\0')
    {
#if HAVE_LIBSECRET
      g_autofree char *label = g_strdup_printf (_("Firebreak server token for %s"), url);
      Kept *kept = g_new0 (Kept, 1);

      kept->url = g_strdup (url);
      kept->token = g_strdup (token);
      secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                             NULL, on_token_stored_cb, kept, "server", url, NULL);
#else
      keep_in_file (url, token);
#endif
    }

  rebuild (self);
}

/**
 * fb_sync_setup_get_token:
 *
 * Returns: (nullable): the token the running client presents, whether
 *   typed in this session, from the keyring, the file or the environment
 */
const char *
fb_sync_setup_get_token (FbSyncSetup *self)
{
  g_return_val_if_fail (FB_IS_SYNC_SETUP (self), NULL);

  return self->client != NULL ? self->token_in_use : NULL;
}
