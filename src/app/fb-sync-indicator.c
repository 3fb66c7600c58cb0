/* fb-sync-indicator.c — the sync state, always in view
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offline, connecting, syncing with N waiting, up to date, refused, server
 * unavailable: a coordinator must see at a glance whether the war-room
 * sees what they type. The tooltip carries the client's own words about
 * why. While the client waits to retry, "Try now" (sync.retry) ends the
 * wait; its button keeps its place in every state, so no state moves the
 * header.
 *
 * The label always takes the width of the widest state it can show, in
 * the language and font of the moment: a change of state must not move
 * the header's parts, fold the window or take the focus from the entry.
 */

#define G_LOG_DOMAIN "fb-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-sync-indicator.h"

struct _FbSyncIndicator
{
  GtkWidget     parent_instance;

  GtkImage     *icon;
  GtkLabel     *label;
  GtkWidget    *retry;
  FbSyncSetup  *setup;
  FbSyncClient *client;       /* the one whose signals we hold */

  int           widest;       /* of every state's label, in ... */
  guint         widest_serial; /* ... the label's Pango context of this serial */
};

#define SPACING 6

G_DEFINE_FINAL_TYPE (FbSyncIndicator, fb_sync_indicator, GTK_TYPE_WIDGET)

static void
update (FbSyncIndicator *self)
{
  FbSyncClient *client = self->setup != NULL ? fb_sync_setup_get_client (self->setup) : NULL;
  FbSyncStatus status = { 0 };
  const char *message = client != NULL ? fb_sync_client_get_message (client) : NULL;
  guint n_stranded = client != NULL ? fb_sync_client_get_n_stranded (client) : 0;
  g_autofree char *tooltip = NULL;
  gboolean can_retry;

  fb_sync_status_describe (client != NULL,
                           client != NULL ? fb_sync_client_get_state (client) : FB_SYNC_STATE_OFFLINE,
                           client != NULL ? fb_sync_client_get_n_waiting (client) : 0,
                           &status);

  gtk_image_set_from_icon_name (self->icon, status.icon_name);
  gtk_label_set_label (self->label, status.label);
  /* The label first: it may be cut short. */
  tooltip = message != NULL && message[0] != '\0' && g_strcmp0 (message, status.label) != 0
            ? g_strconcat (status.label, "\n", message, NULL)
            : g_strdup (status.label);
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
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  if (status.css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), status.css_class);
  else if (n_stranded > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");

  can_retry = client != NULL && fb_sync_client_get_retry_delay (client) > 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.retry", can_retry);
  gtk_widget_set_opacity (self->retry, can_retry ? 1.0 : 0.0);

  fb_sync_status_clear (&status);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FbSyncIndicator *self = FB_SYNC_INDICATOR (widget);

  if (self->client != NULL)
    fb_sync_client_retry_now (self->client);
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

/* Room for three digits of changes waiting: more are cut short, and the
 * tooltip and the accessible description have them. */
#define SAMPLE_N_WAITING 888

static int
get_widest_label (FbSyncIndicator *self)
{
  static const FbSyncState states[] = {
    FB_SYNC_STATE_OFFLINE, FB_SYNC_STATE_CONNECTING, FB_SYNC_STATE_SYNCING,
    FB_SYNC_STATE_UP_TO_DATE, FB_SYNC_STATE_REFUSED, FB_SYNC_STATE_UNAVAILABLE,
  };
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->label));
  guint serial = pango_context_get_serial (context);

  if (self->widest > 0 && self->widest_serial == serial)
    return self->widest;

  self->widest = 0;
  for (guint i = 0; i <= G_N_ELEMENTS (states); i++)
    for (guint n = 0; n <= SAMPLE_N_WAITING; n += SAMPLE_N_WAITING)
      {
        FbSyncStatus status = { 0 };
        g_autoptr(PangoLayout) layout = NULL;
        gboolean configured = i < G_N_ELEMENTS (states);
        int width = 0;

        /* One past the states: no server at all. */
        fb_sync_status_describe (configured, configured ? states[i] : FB_SYNC_STATE_OFFLINE, n, &status);
        layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->label), status.label);
        pango_layout_get_pixel_size (layout, &width, NULL);
        self->widest = MAX (self->widest, width);
        fb_sync_status_clear (&status);
      }
  self->widest_serial = serial;
  return self->widest;
}

/* A row of the children, as a box would place them, but with the label
 * as wide as its widest state. */
static void
fb_sync_indicator_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  FbSyncIndicator *self = FB_SYNC_INDICATOR (widget);
  int n = 0;

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL && child == GTK_WIDGET (self->label))
        child_min = child_nat = MAX (child_min, get_widest_label (self));
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum += child_min + (n > 0 ? SPACING : 0);
          *natural += child_nat + (n > 0 ? SPACING : 0);
        }
      else
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      n++;
    }
}

static void
fb_sync_indicator_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  FbSyncIndicator *self = FB_SYNC_INDICATOR (widget);
  int x = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      /* The label takes what the others leave. */
      if (child == GTK_WIDGET (self->label))
        {
          int others = 0;

          for (GtkWidget *after = gtk_widget_get_next_sibling (child); after != NULL;
               after = gtk_widget_get_next_sibling (after))
            if (gtk_widget_should_layout (after))
              {
                int after_width = 0;

                gtk_widget_measure (after, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &after_width, NULL, NULL);
                others += SPACING + after_width;
              }
          child_width = MAX (0, width - x - others);
        }
      gtk_widget_size_allocate (child, &(GtkAllocation) { x, 0, child_width, height }, -1);
      x += child_width + SPACING;
    }
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

  widget_class->measure = fb_sync_indicator_measure;
  widget_class->size_allocate = fb_sync_indicator_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);

  gtk_widget_class_install_action (widget_class, "sync.retry", NULL, retry_action);
}

static void
fb_sync_indicator_init (FbSyncIndicator *self)
{
  self->icon = GTK_IMAGE (gtk_image_new ());
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "caption");
  gtk_widget_set_parent (GTK_WIDGET (self->icon), GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));

  self->retry = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  gtk_widget_add_css_class (self->retry, "flat");
  gtk_widget_set_valign (self->retry, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry), "sync.retry");
  gtk_widget_set_tooltip_text (self->retry, _("Try now"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Try to reach the server now"), -1);
  gtk_widget_set_parent (self->retry, GTK_WIDGET (self));
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

/* The "Try now" button, for the tests. */
GtkWidget *
fb_sync_indicator_get_retry_button (FbSyncIndicator *self)
{
  g_return_val_if_fail (FB_IS_SYNC_INDICATOR (self), NULL);

  return self->retry;
}
