/* fb-preferences-window.c — who you are, and which server the war-room uses
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-notifier.h"
#include "fb-op.h"
#include "fb-playbook-library.h"
#include "fb-preferences-window.h"
#include "fb-sync-probe.h"
#include "fb-token-file.h"

struct _FbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *name_row;
  GtkSpinButton        *target_spin;
  GtkSwitch            *sync_switch;
  GtkSwitch            *notify_switches[FB_N_NOTIFY_KINDS];
  AdwEntryRow          *url_row;
  AdwEntryRow          *token_row;
  AdwEntryRow          *pin_row;
  AdwPreferencesGroup  *playbooks_group;
  GtkListBox           *playbooks_list;
  AdwPreferencesGroup  *connection_group;
  AdwActionRow         *test_row;
  GtkButton            *test_button;
  GCancellable         *testing;     /* a connection test under way, or NULL */

  GSettings            *settings;
  FbPlaybookLibrary    *playbooks;
  FbSyncSetup          *sync;
};

G_DEFINE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Accepts what people paste: "warroom:8765", "https://warroom.example:8765/".
 * A server on the network without TLS would carry the timeline and the
 * token in clear, so only http on this machine is allowed. */
char *
fb_preferences_normalize_url (const char *text,
                              GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host;

  if (trimmed[0] == '\0')
    return g_strdup ("");

  with_scheme = strstr (trimmed, "://") != NULL ? g_strdup (trimmed) : g_strconcat ("https://", trimmed, NULL);
  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address; write it like https://warroom.example:8765"), trimmed);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_strcmp0 (scheme, "https") != 0 &&
      !(g_strcmp0 (scheme, "http") == 0 &&
        (g_str_equal (host, "localhost") || g_str_has_prefix (host, "127.") || g_str_equal (host, "::1"))))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Use an https:// address: without TLS the record and the token would cross the network readable by anyone"));
      return NULL;
    }

  return g_strdup_printf ("%s://%s%s%s%d", scheme, strchr (host, ':') ? "[" : "", host,
                          strchr (host, ':') ? "]:" : ":",
                          g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 8765);
}

/* Fingerprints come as "AB:CD:…" from openssl or "abcd…" from our server;
 * both mean the same 32 bytes. */
char *
fb_preferences_normalize_pin (const char *text,
                              GError    **error)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (hex, g_ascii_tolower (*p));
      else if (*p != ':' && *p != ' ')
        {
          g_string_set_size (hex, 1);
          break;
        }
    }

  if (hex->len != 0 && hex->len != 64)
    {
      g_string_free (hex, TRUE);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A SHA-256 fingerprint has 64 hexadecimal digits (colons allowed)"));
      return NULL;
    }

  return g_string_free (hex, FALSE);
}

static void
show_error (FbPreferencesWindow *self,
            AdwEntryRow         *row,
            const char          *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
on_name_apply_cb (FbPreferencesWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  g_settings_set_string (self->settings, "user-name", name);
}

static void
on_url_apply_cb (FbPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = fb_preferences_normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &error);

  if (url == NULL)
    {
      show_error (self, self->url_row, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  g_settings_set_string (self->settings, "server-url", url);
}

static void
on_token_apply_cb (FbPreferencesWindow *self)
{
  /* A pasted token often brings a space or a line break with it. */
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));

  if (self->sync != NULL)
    fb_sync_setup_set_token (self->sync, token);
}

static void
on_pin_apply_cb (FbPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = fb_preferences_normalize_pin (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)), &error);

  if (pin == NULL)
    {
      show_error (self, self->pin_row, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->pin_row), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), pin);
  g_settings_set_string (self->settings, "server-certificate", pin);
}

/* Connection test -------------------------------------------------------- */

static void
show_test_result (FbPreferencesWindow *self,
                  const char          *text,
                  gboolean             failed)
{
  adw_action_row_set_subtitle (self->test_row, text);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->test_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
  gtk_button_set_label (self->test_button, _("Test"));
  g_clear_object (&self->testing);
}

/* Lines to read out and compare, one fact each. */
static char *
describe_probe (const FbSyncProbe *probe)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("Server %s"), probe->server_id);
  g_string_append_c (text, '\n');
  if (probe->user == NULL)
    g_string_append (text, _("The server does not say who the token is."));
  else if (probe->read_only)
    g_string_append_printf (text, _("Token of “%s”, read only: it cannot send changes"), probe->user);
  else
    g_string_append_printf (text, _("Token of “%s”, may send changes"), probe->user);
  g_string_append_c (text, '\n');
  if (probe->fingerprint != NULL)
    g_string_append_printf (text, _("Certificate SHA-256 %s"), probe->fingerprint);
  else
    g_string_append (text, _("No certificate: plain http on this computer"));

  return g_string_free (text, FALSE);
}

static void
on_probe_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FbPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbSyncProbe) probe = fb_sync_probe_finish (result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (probe == NULL)
    {
      show_test_result (self, error->message, TRUE);
      return;
    }

  text = describe_probe (probe);
  show_test_result (self, text, FALSE);
}

/* With what is typed, applied or not: the point is to try it first. A
 * second press while it runs cancels it. */
static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FbPreferencesWindow *self = FB_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  const char *token = typed;

  if (self->testing != NULL)
    {
      g_cancellable_cancel (self->testing);
      show_test_result (self, _("Test cancelled"), FALSE);
      return;
    }

  url = fb_preferences_normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &error);
  if (url != NULL && url[0] == '\0')
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Enter the server’s address first."));
  if (error == NULL)
    pin = fb_preferences_normalize_pin (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)), &error);
  if (error != NULL)
    {
      show_test_result (self, error->message, TRUE);
      return;
    }

  if (token[0] == '\0' && self->sync != NULL)
    token = fb_sync_setup_get_token (self->sync);

  self->testing = g_cancellable_new ();
  adw_action_row_set_subtitle (self->test_row, _("Asking the server…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
  gtk_button_set_label (self->test_button, _("Cancel"));
  fb_sync_probe_async (url, token, pin[0] != '\0' ? pin : NULL, self->testing, on_probe_done_cb,
                       g_object_ref (self));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A playbook file the library refused would otherwise only be told on
 * standard error, which nobody reads; here each one says which file, which
 * line and what is wrong, so that it can be fixed before the incident. */
static void
show_playbook_errors (FbPreferencesWindow *self)
{
  g_autofree char *folder = fb_playbook_library_default_user_dir ();
  g_autofree char *escaped = g_markup_escape_text (folder, -1);
  g_autofree char *description = NULL;
  GPtrArray *errors = fb_playbook_library_get_errors (self->playbooks);
  GtkWidget *row;

  /* TRANSLATORS: %s is a folder, ~/.local/share/firebreak/playbooks */
  description = g_strdup_printf (_("Playbook files in %s add to the built-in playbooks or replace one of the same id."),
                                 escaped);
  adw_preferences_group_set_description (self->playbooks_group, description);

  clear_list (self->playbooks_list);
  for (guint i = 0; i < errors->len; i++)
    {
      const GError *error = g_ptr_array_index (errors, i);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      const char *message = error->message;

      /* The folder is named above; the file's name is what tells them apart. */
      if (g_str_has_prefix (message, folder) && message[strlen (folder)] == G_DIR_SEPARATOR)
        message += strlen (folder) + 1;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Refused"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->playbooks_list, row);
    }

  if (errors->len == 0)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No errors in your playbook files"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->playbooks_list, row);
    }
}

static void
on_playbooks_reload_cb (FbPreferencesWindow *self)
{
  fb_playbook_library_reload (self->playbooks);
  show_playbook_errors (self);
}

static void
fb_preferences_window_dispose (GObject *object)
{
  FbPreferencesWindow *self = (FbPreferencesWindow *) object;

  if (self->testing != NULL)
    g_cancellable_cancel (self->testing);
  g_clear_object (&self->testing);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->sync);
  g_clear_object (&self->playbooks);

  G_OBJECT_CLASS (fb_preferences_window_parent_class)->dispose (object);
}

static void
fb_preferences_window_class_init (FbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, target_spin);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, sync_switch);
  gtk_widget_class_bind_template_child_full (widget_class, "deadlines_switch", FALSE,
                                             G_STRUCT_OFFSET (FbPreferencesWindow, notify_switches[FB_NOTIFY_DEADLINE]));
  gtk_widget_class_bind_template_child_full (widget_class, "steps_switch", FALSE,
                                             G_STRUCT_OFFSET (FbPreferencesWindow, notify_switches[FB_NOTIFY_STEP_DUE]));
  gtk_widget_class_bind_template_child_full (widget_class, "decisions_switch", FALSE,
                                             G_STRUCT_OFFSET (FbPreferencesWindow, notify_switches[FB_NOTIFY_DECISION]));
  gtk_widget_class_bind_template_child_full (widget_class, "handovers_switch", FALSE,
                                             G_STRUCT_OFFSET (FbPreferencesWindow, notify_switches[FB_NOTIFY_HANDOVER]));
  gtk_widget_class_bind_template_child_full (widget_class, "updates_switch", FALSE,
                                             G_STRUCT_OFFSET (FbPreferencesWindow, notify_switches[FB_NOTIFY_UPDATE_DUE]));
  gtk_widget_class_bind_template_child_full (widget_class, "duty_switch", FALSE,
                                             G_STRUCT_OFFSET (FbPreferencesWindow, notify_switches[FB_NOTIFY_DUTY]));
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, pin_row);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, playbooks_group);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, playbooks_list);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, connection_group);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, test_button);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_token_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_playbooks_reload_cb);

  gtk_widget_class_install_action (widget_class, "prefs.test-connection", NULL, test_connection_action);
}

static void
fb_preferences_window_init (FbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Only targets an incident.create op accepts. */
  gtk_spin_button_set_range (self->target_spin, FB_OP_MIN_TARGET_MIN, FB_OP_MAX_TARGET_MIN);
  self->playbooks = fb_playbook_library_new ();
  show_playbook_errors (self);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->test_row), FALSE);

  {
    g_autofree char *path = fb_token_file_get_path ();
    g_autofree char *escaped = g_markup_escape_text (path, -1);
    g_autofree char *description = NULL;

    /* TRANSLATORS: %s is a file, ~/.config/firebreak/server-tokens */
    description = g_strdup_printf (_("The token is kept in your keyring; on a computer without one, in %s, "
                                     "which only you can read."), escaped);
    adw_preferences_group_set_description (self->connection_group, description);
  }
}

GtkWidget *
fb_preferences_window_new (GtkWindow   *parent,
                           GSettings   *settings,
                           FbSyncSetup *sync)
{
  FbPreferencesWindow *self;
  g_autofree char *name = NULL, *url = NULL, *pin = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FB_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  self->sync = sync != NULL ? g_object_ref (sync) : NULL;

  name = g_settings_get_string (settings, "user-name");
  url = g_settings_get_string (settings, "server-url");
  pin = g_settings_get_string (settings, "server-certificate");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), pin);

  /* Switches and spin buttons take effect at once; text takes effect when
   * applied, so a half-typed address never reconnects anything. */
  g_settings_bind (settings, "containment-target", self->target_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "sync-enabled", self->sync_switch, "active", G_SETTINGS_BIND_DEFAULT);
  for (guint i = 0; i < FB_N_NOTIFY_KINDS; i++)
    g_settings_bind (settings, fb_notify_kind_get_key (i), self->notify_switches[i], "active",
                     G_SETTINGS_BIND_DEFAULT);

  /* Without sync built in there is nothing to configure. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_switch), sync != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.test-connection", sync != NULL);

  return GTK_WIDGET (self);
}
