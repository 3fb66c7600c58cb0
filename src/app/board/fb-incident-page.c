/* fb-incident-page.c — what every page about one incident does alike
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The overview, the role board, the checklist, the contacts and the
 * board's summary each show one incident from the store. This base holds
 * the context and the incident, listens to the store once, passes on the
 * changes a page shows (FbIncidentPageClass.changes) for its incident,
 * and calls the page's refresh. A page that is off screen (another tab
 * of the window) refreshes when it is mapped, with every change it
 * missed: opening an incident then costs only what is on screen.
 *
 * The page's lists are FbLiveLists (fb_incident_page_add_list): a refresh
 * remakes the rows of what changed, and the others keep their widgets and
 * the keyboard focus.
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include "fb-incident-page.h"

/* Contacts belong to no incident: every page hears of them. */
#define SHARED_CHANGES FB_CHANGE_CONTACTS
/* "Everything", among the changes a page missed. */
#define MISSED_ALL     G_MAXUINT

typedef struct
{
  FbContext *context;
  char      *incident;
  GPtrArray *lists;
  guint      missed;
  gboolean   stale;
} FbIncidentPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FbIncidentPage, fb_incident_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCIDENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_off_screen (FbIncidentPage *self)
{
  for (GtkWidget *w = GTK_WIDGET (self); w != NULL; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_child_visible (w))
      return TRUE;
  return FALSE;
}

static void
on_store_changed_cb (FbIncidentPage *self,
                     guint           flags,
                     const char     *incident,
                     FbStore        *store)
{
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  flags &= FB_INCIDENT_PAGE_GET_CLASS (self)->changes;
  /* Of another incident's changes only the shared ones concern the page;
   * a change that names no incident may touch its own. */
  if (priv->incident == NULL || (incident != NULL && g_strcmp0 (incident, priv->incident) != 0))
    flags &= SHARED_CHANGES;

  if (flags != 0)
    fb_incident_page_refresh (self, flags);
}

static void
fb_incident_page_map (GtkWidget *widget)
{
  FbIncidentPage *self = FB_INCIDENT_PAGE (widget);
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);
  guint missed = priv->missed;

  GTK_WIDGET_CLASS (fb_incident_page_parent_class)->map (widget);

  if (!priv->stale)
    return;
  priv->stale = FALSE;
  priv->missed = 0;
  fb_incident_page_refresh (self, missed == MISSED_ALL ? 0 : missed);
}

static void
fb_incident_page_constructed (GObject *object)
{
  FbIncidentPage *self = FB_INCIDENT_PAGE (object);
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  G_OBJECT_CLASS (fb_incident_page_parent_class)->constructed (object);

  g_assert (FB_IS_CONTEXT (priv->context));
  g_signal_connect_object (fb_context_get_store (priv->context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  fb_incident_page_refresh (self, 0);
}

static void
fb_incident_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FbIncidentPage *self = FB_INCIDENT_PAGE (object);
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, priv->context);
      break;
    case PROP_INCIDENT:
      g_value_set_string (value, priv->incident);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_incident_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FbIncidentPage *self = FB_INCIDENT_PAGE (object);
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_assert (priv->context == NULL);
      priv->context = g_value_dup_object (value);
      break;
    case PROP_INCIDENT:
      fb_incident_page_set_incident (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_incident_page_dispose (GObject *object)
{
  FbIncidentPage *self = FB_INCIDENT_PAGE (object);
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);
  GtkWidget *child;

  /* Each page is a final type with a template. */
  gtk_widget_dispose_template (GTK_WIDGET (self), G_OBJECT_TYPE (self));
  /* dispose_template() unparents only the children it binds. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&priv->lists, g_ptr_array_unref);
  g_clear_object (&priv->context);

  G_OBJECT_CLASS (fb_incident_page_parent_class)->dispose (object);
}

static void
fb_incident_page_finalize (GObject *object)
{
  FbIncidentPage *self = FB_INCIDENT_PAGE (object);
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  g_clear_pointer (&priv->incident, g_free);

  G_OBJECT_CLASS (fb_incident_page_parent_class)->finalize (object);
}

static void
fb_incident_page_class_init (FbIncidentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fb_incident_page_constructed;
  object_class->get_property = fb_incident_page_get_property;
  object_class->set_property = fb_incident_page_set_property;
  object_class->dispose = fb_incident_page_dispose;
  object_class->finalize = fb_incident_page_finalize;
  widget_class->map = fb_incident_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_incident_page_init (FbIncidentPage *self)
{
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  priv->lists = g_ptr_array_new_with_free_func (g_object_unref);
}

FbContext *
fb_incident_page_get_context (FbIncidentPage *self)
{
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  g_return_val_if_fail (FB_IS_INCIDENT_PAGE (self), NULL);
  return priv->context;
}

/* NULL once the page is disposed. */
FbStore *
fb_incident_page_get_store (FbIncidentPage *self)
{
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  g_return_val_if_fail (FB_IS_INCIDENT_PAGE (self), NULL);
  return priv->context != NULL ? fb_context_get_store (priv->context) : NULL;
}

const char *
fb_incident_page_get_incident (FbIncidentPage *self)
{
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  g_return_val_if_fail (FB_IS_INCIDENT_PAGE (self), NULL);
  return priv->incident;
}

void
fb_incident_page_set_incident (FbIncidentPage *self,
                               const char     *incident)
{
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  g_return_if_fail (FB_IS_INCIDENT_PAGE (self));

  if (g_strcmp0 (priv->incident, incident) == 0)
    return;

  g_free (priv->incident);
  priv->incident = g_strdup (incident);
  fb_incident_page_refresh (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
}

/**
 * fb_incident_page_refresh:
 * @flags: the changes to show, or 0 for everything
 *
 * Calls the page's refresh now, or when it is mapped if it is off screen.
 * For the page's own reasons to refresh (a search typed); the store's
 * changes reach it without this.
 */
void
fb_incident_page_refresh (FbIncidentPage *self,
                          FbChangeFlags   flags)
{
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);

  g_return_if_fail (FB_IS_INCIDENT_PAGE (self));

  if (priv->context == NULL)
    return;

  if (is_off_screen (self))
    {
      priv->stale = TRUE;
      priv->missed |= flags == 0 ? MISSED_ALL : flags;
      return;
    }

  if (FB_INCIDENT_PAGE_GET_CLASS (self)->refresh != NULL)
    FB_INCIDENT_PAGE_GET_CLASS (self)->refresh (self, flags);
}

/**
 * fb_incident_page_add_list:
 * @list: (nullable): the list box to show it, a row per item
 * @item_type: the type of the items @query lists
 * @query: lists the items now; called with the page
 * @create_row: (nullable): makes an item's row; called with the page
 *
 * A list the page holds until it is disposed; the page's refresh calls
 * fb_live_list_refresh() on it.
 *
 * Returns: (transfer none): the list
 */
FbLiveList *
fb_incident_page_add_list (FbIncidentPage             *self,
                           GtkListBox                 *list,
                           GType                       item_type,
                           FbLiveListQueryFunc         query,
                           GtkListBoxCreateWidgetFunc  create_row)
{
  FbIncidentPagePrivate *priv = fb_incident_page_get_instance_private (self);
  FbLiveList *live;

  g_return_val_if_fail (FB_IS_INCIDENT_PAGE (self), NULL);
  g_return_val_if_fail (list == NULL || GTK_IS_LIST_BOX (list), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  live = fb_live_list_new (item_type, query, self, NULL);
  g_ptr_array_add (priv->lists, live);
  if (list != NULL)
    gtk_list_box_bind_model (list, G_LIST_MODEL (live), create_row, self, NULL);
  return live;
}
