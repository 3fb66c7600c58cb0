/* fb-sync-indicator.c — the sync state, always in view
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offline, connecting, syncing with N waiting, up to date, refused: a
 * coordinator must see at a glance whether the war-room sees what they
 * type. The tooltip carries the client's own words about why.
 */

#define G_LOG_DOMAIN "fb-sync-indicator"

#include "config.h"

#include "fb-sync-indicator.h"

struct _FbSyncIndicator
{
  GtkWidget     parent_instance;

  GtkImage     *icon;
  GtkLabel     *label;
  FbSyncSetup  *setup;
  FbSyncClient *client;       /* the one whose signals we hold */
};

G_DEFINE_FINAL_TYPE (FbSyncIndicator, fb_sync_indicator, GTK_TYPE_WIDGET)

static void
update (FbSyncIndicator *self)
{
  FbSyncClient *client = self->setup != NULL ? fb_sync_setup_get_client (self->setup) : NULL;
  FbSyncStatus status = { 0 };
  const char *message = client != NULL ? fb_sync_client_get_message (client) : NULL;
  guint n_stranded = client != NULL ? fb_sync_client_get_n_stranded (client) : 0;
  g_autofree char *tooltip = NULL;

  fb_sync_status_describe (client != NULL,
                           client != NULL ? fb_sync_client_get_state (client) : FB_SYNC_STATE_OFFLINE,
                           client != NULL ? fb_sync_client_get_n_waiting (client) : 0,
                           &status);

  gtk_image_set_from_icon_name (self->icon, status.icon_name);
  gtk_label_set_label (self->label, status.label);
  tooltip = g_strdup (message != NULL && message[0] != '\0' ? message : status.label);
  if (n_stranded > 0)
    {
      g_autofree char *stranded =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u imported change stays on this workstation: the server holds "
                                      "another history of the device that made it.",
                                      "%u imported changes stay on this workstation: the server holds "
                                      "another history of the device that made them.", n_stranded),
                         n_stranded);
      char *both = g_strconcat (tooltip, "\n\n", stranded, NULL);

      g_free (tooltip);
      tooltip = both;
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  if (status.css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), status.css_class);
  else if (n_stranded > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");

  fb_sync_status_clear (&status);
}

static void
on_client_notify_cb (GObject         *client,
                     GParamSpec      *pspec,
                     FbSyncIndicator *self)
{
  update (self);
}

static void
watch_client (FbSyncIndicator *self)
{
  FbSyncClient *client = fb_sync_setup_get_client (self->setup);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, on_client_notify_cb, self);
  g_set_object (&self->client, client);
  if (self->client != NULL)
    g_signal_connect_object (self->client, "notify", G_CALLBACK (on_client_notify_cb), self, 0);

  update (self);
}

static void
on_setup_client_cb (FbSyncSetup     *setup,
                    GParamSpec      *pspec,
                    FbSyncIndicator *self)
{
  watch_client (self);
}

static void
fb_sync_indicator_dispose (GObject *object)
{
  FbSyncIndicator *self = (FbSyncIndicator *) object;
  GtkWidget *child;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, on_client_notify_cb, self);
  g_clear_object (&self->client);
  g_clear_object (&self->setup);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_sync_indicator_parent_class)->dispose (object);
}

static void
fb_sync_indicator_class_init (FbSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_sync_indicator_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
fb_sync_indicator_init (FbSyncIndicator *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->icon = GTK_IMAGE (gtk_image_new ());
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "caption");
  gtk_widget_set_parent (GTK_WIDGET (self->icon), GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
}

GtkWidget *
fb_sync_indicator_new (FbSyncSetup *setup)
{
  FbSyncIndicator *self;

  g_return_val_if_fail (setup == NULL || FB_IS_SYNC_SETUP (setup), NULL);

  self = g_object_new (FB_TYPE_SYNC_INDICATOR, NULL);
  if (setup != NULL)
    {
      self->setup = g_object_ref (setup);
      g_signal_connect_object (setup, "notify::client", G_CALLBACK (on_setup_client_cb), self, 0);
      watch_client (self);
    }
  else
    update (self);

  return GTK_WIDGET (self);
}

const char *
fb_sync_indicator_get_label (FbSyncIndicator *self)
{
  g_return_val_if_fail (FB_IS_SYNC_INDICATOR (self), NULL);

  return gtk_label_get_label (self->label);
}
