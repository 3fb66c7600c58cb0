/* fb-incident-row.c — one incident in the sidebar
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-incident-row"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-format.h"
#include "fb-incident-row.h"

struct _FbIncidentRow
{
  GtkListBoxRow  parent_instance;

  FbContext     *context;
  FbIncident    *incident;

  GtkLabel      *title_label;
  GtkWidget     *drill_label;
  GtkLabel      *severity_label;
  GtkLabel      *status_label;
  GtkLabel      *since_label;
};

G_DEFINE_FINAL_TYPE (FbIncidentRow, fb_incident_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCIDENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_since (FbIncidentRow *self)
{
  g_autofree char *since = NULL;
  gint64 contained = fb_incident_get_contained_at (self->incident);
  gint64 detected = fb_incident_get_detected_at (self->incident);

  /* A review runs no clock: when it began is what tells one from another. */
  if (fb_incident_is_review (self->incident))
    {
      g_autofree char *date = fb_context_format_time (self->context, detected);
      gtk_label_set_text (self->since_label, date);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->since_label), _("Started"));
      return;
    }

  if (fb_incident_get_status (self->incident) == FB_STATUS_CLOSED)
    {
      g_autofree char *date = fb_context_format_time (self->context, detected);
      gtk_label_set_text (self->since_label, date);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->since_label), _("Detected"));
      return;
    }

  if (contained > 0)
    {
      g_autofree char *took = fb_format_since (detected, contained);
      /* Translators: in the incident list: contained this long after detection */
      since = g_strdup_printf (_("contained after %s"), took);
    }
  else
    since = fb_format_since (detected, fb_context_now_ms (self->context));
  gtk_label_set_text (self->since_label, since);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->since_label), _("Time since detection"));
}

static void
update (FbIncidentRow *self)
{
  g_autofree char *severity = NULL;
  g_autofree char *status = NULL;
  int sev = fb_incident_get_severity (self->incident);

  gtk_label_set_text (self->title_label, fb_incident_get_title (self->incident));
  gtk_widget_set_visible (self->drill_label, fb_incident_get_drill (self->incident));

  severity = fb_format_severity (sev);
  gtk_label_set_text (self->severity_label, severity);
  for (int i = 1; i <= 4; i++)
    {
      g_autofree char *css = g_strdup_printf ("sev-%d", i);
      if (i == sev)
        gtk_widget_add_css_class (GTK_WIDGET (self->severity_label), css);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->severity_label), css);
    }

  /* A review has no severity or phase; its status is all there is. */
  gtk_widget_set_visible (GTK_WIDGET (self->severity_label), !fb_incident_is_review (self->incident));
  if (fb_incident_is_review (self->incident))
    status = g_strdup (fb_status_get_label (fb_incident_get_status (self->incident)));
  else if (fb_incident_get_status (self->incident) == FB_STATUS_CLOSED)
    status = g_strdup (fb_status_get_label (FB_STATUS_CLOSED));
  else
    status = g_strdup (fb_phase_get_label (fb_incident_get_phase (self->incident)));
  gtk_label_set_text (self->status_label, status);

  update_since (self);
}

static void
on_tick_cb (FbIncidentRow *self,
            FbContext     *context)
{
  /* Minutes are all the list shows; a tick a second is plenty. */
  if (self->incident != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_since (self);
}

static void
fb_incident_row_constructed (GObject *object)
{
  FbIncidentRow *self = (FbIncidentRow *) object;

  G_OBJECT_CLASS (fb_incident_row_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "tick", G_CALLBACK (on_tick_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
fb_incident_row_dispose (GObject *object)
{
  FbIncidentRow *self = (FbIncidentRow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_INCIDENT_ROW);
  g_clear_object (&self->incident);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_incident_row_parent_class)->dispose (object);
}

static void
fb_incident_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FbIncidentRow *self = FB_INCIDENT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_INCIDENT:
      g_value_set_object (value, self->incident);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_incident_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FbIncidentRow *self = FB_INCIDENT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_INCIDENT:
      self->incident = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_incident_row_class_init (FbIncidentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fb_incident_row_constructed;
  object_class->dispose = fb_incident_row_dispose;
  object_class->get_property = fb_incident_row_get_property;
  object_class->set_property = fb_incident_row_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INCIDENT] =
    g_param_spec_object ("incident", NULL, NULL, FB_TYPE_INCIDENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-incident-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FbIncidentRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentRow, drill_label);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentRow, severity_label);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentRow, since_label);
}

static void
fb_incident_row_init (FbIncidentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fb_incident_row_new (FbContext  *context,
                     FbIncident *incident)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (FB_IS_INCIDENT (incident), NULL);

  return g_object_new (FB_TYPE_INCIDENT_ROW, "context", context, "incident", incident, NULL);
}

FbIncident *
fb_incident_row_get_incident (FbIncidentRow *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_ROW (self), NULL);
  return self->incident;
}

const char *
fb_incident_row_get_since (FbIncidentRow *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_ROW (self), NULL);
  return gtk_label_get_text (self->since_label);
}
