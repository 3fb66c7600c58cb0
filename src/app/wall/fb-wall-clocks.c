/* fb-wall-clocks.c — the wall display's clocks: containment and the next update
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The two numbers the room asks for most, in the largest type on the
 * wall: how long since detection against the containment target, and when
 * the next stakeholder update is due. The clocks follow the context's
 * tick from what was last read; the store is read only on a change. A
 * readiness review runs no clock: its card counts the steps settled.
 */

#define G_LOG_DOMAIN "fb-wall"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-clock-state.h"
#include "fb-deadline-section.h"
#include "fb-format.h"
#include "fb-wall-clocks.h"

struct _FbWallClocks
{
  FbIncidentPage  parent_instance;

  FbIncident     *incident;
  FbUpdateClock   update_clock;  /* zeroed when no update is due */

  GtkLabel       *heading_label;
  GtkLabel       *clock_label;
  GtkLabel       *caption_label;
  GtkWidget      *update_card;
  GtkLabel       *update_label;
  GtkLabel       *update_caption;
};

G_DEFINE_FINAL_TYPE (FbWallClocks, fb_wall_clocks, FB_TYPE_INCIDENT_PAGE)

static void
set_level (GtkWidget  *label,
           const char *css_class)
{
  const char * const all[] = { "warning", "error", "success" };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    gtk_widget_remove_css_class (label, all[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
}

static void
show_review (FbWallClocks *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  FbContext *context = fb_incident_page_get_context (page);
  g_autoptr(GListModel) steps = fb_store_list_checklist (fb_incident_page_get_store (page),
                                                         fb_incident_page_get_incident (page));
  g_autofree char *text = NULL;
  g_autofree char *caption = NULL;
  FbReviewProgress progress;

  fb_review_progress_compute (steps, &progress);
  text = fb_review_progress_format (&progress);
  gtk_label_set_text (self->heading_label, _("Steps Done"));
  gtk_label_set_text (self->clock_label, text);
  set_level (GTK_WIDGET (self->clock_label),
             progress.total > 0 && progress.settled == progress.total ? "success" : NULL);

  caption = fb_format_review_caption (context, self->incident, &progress);
  gtk_label_set_text (self->caption_label, caption);
}

static void
show_containment (FbWallClocks *self)
{
  FbContext *context = fb_incident_page_get_context (FB_INCIDENT_PAGE (self));
  FbClockState state = { 0 };
  g_autofree char *caption = NULL;

  fb_clock_state_compute (&state,
                          fb_incident_get_detected_at (self->incident),
                          fb_incident_get_contained_at (self->incident),
                          fb_incident_get_containment_target_min (self->incident),
                          fb_context_now_ms (context));
  gtk_label_set_text (self->heading_label, _("Containment"));
  gtk_label_set_text (self->clock_label, state.text);
  if (!state.running)
    set_level (GTK_WIDGET (self->clock_label), state.met_target ? "success" : "error");
  else
    set_level (GTK_WIDGET (self->clock_label), fb_clock_level_to_css_class (state.level));

  if (state.running)
    caption = g_strdup_printf (_("Target: contained within %d min of detection"),
                               fb_incident_get_containment_target_min (self->incident));
  else
    caption = fb_format_contained (context, self->incident, state.met_target);
  gtk_label_set_text (self->caption_label, caption);
  fb_clock_state_clear (&state);
}

static void
show_clocks (FbWallClocks *self)
{
  if (self->incident == NULL)
    return;

  if (fb_incident_is_review (self->incident))
    show_review (self);
  else
    show_containment (self);

  if (self->update_clock.due_at > 0)
    fb_update_clock_show (GTK_WIDGET (self->update_label), &self->update_clock,
                          fb_context_now_ms (fb_incident_page_get_context (FB_INCIDENT_PAGE (self))), FALSE);
}

/* When the next update is due, read on a change. */
static void
read_update_clock (FbWallClocks *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autofree char *due = NULL;
  g_autofree char *caption = NULL;

  if (self->incident == NULL || fb_incident_is_review (self->incident) ||
      !fb_store_get_update_clock (fb_incident_page_get_store (page), fb_incident_page_get_incident (page),
                                  &self->update_clock))
    {
      memset (&self->update_clock, 0, sizeof self->update_clock);
      gtk_widget_set_visible (self->update_card, FALSE);
      return;
    }

  due = fb_context_format_time_full (fb_incident_page_get_context (page), self->update_clock.due_at);
  /* Translators: %s is a date and time */
  caption = g_strdup_printf (_("due %s"), due);
  gtk_label_set_text (self->update_caption, caption);
  gtk_widget_set_visible (self->update_card, TRUE);
}

static void
fb_wall_clocks_refresh (FbIncidentPage *page,
                        FbChangeFlags   flags)
{
  FbWallClocks *self = FB_WALL_CLOCKS (page);
  const char *incident = fb_incident_page_get_incident (page);

  if (flags == 0 || (flags & FB_CHANGE_INCIDENTS))
    {
      g_clear_object (&self->incident);
      if (incident != NULL)
        self->incident = fb_store_get_incident (fb_incident_page_get_store (page), incident);
    }
  if (flags == 0 || (flags & (FB_CHANGE_INCIDENTS | FB_CHANGE_ENTRIES)))
    read_update_clock (self);
  show_clocks (self);
}

static void
on_tick_cb (FbWallClocks *self,
            FbContext    *context)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->incident != NULL &&
      !fb_incident_is_review (self->incident))
    show_clocks (self);
}

static void
fb_wall_clocks_constructed (GObject *object)
{
  FbWallClocks *self = FB_WALL_CLOCKS (object);

  G_OBJECT_CLASS (fb_wall_clocks_parent_class)->constructed (object);

  g_signal_connect_object (fb_incident_page_get_context (FB_INCIDENT_PAGE (self)), "tick",
                           G_CALLBACK (on_tick_cb), self, G_CONNECT_SWAPPED);
}

static void
fb_wall_clocks_dispose (GObject *object)
{
  FbWallClocks *self = FB_WALL_CLOCKS (object);

  g_clear_object (&self->incident);

  G_OBJECT_CLASS (fb_wall_clocks_parent_class)->dispose (object);
}

static void
fb_wall_clocks_class_init (FbWallClocksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FbIncidentPageClass *page_class = FB_INCIDENT_PAGE_CLASS (klass);

  object_class->constructed = fb_wall_clocks_constructed;
  object_class->dispose = fb_wall_clocks_dispose;
  page_class->refresh = fb_wall_clocks_refresh;
  page_class->changes = FB_CHANGE_INCIDENTS | FB_CHANGE_ENTRIES | FB_CHANGE_CHECKLIST;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-wall-clocks.ui");
  gtk_widget_class_bind_template_child (widget_class, FbWallClocks, heading_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallClocks, clock_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallClocks, caption_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallClocks, update_card);
  gtk_widget_class_bind_template_child (widget_class, FbWallClocks, update_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallClocks, update_caption);
  gtk_widget_class_set_css_name (widget_class, "fbwallclocks");
}

static void
fb_wall_clocks_init (FbWallClocks *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fb_wall_clocks_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_WALL_CLOCKS, "context", context, NULL);
}

const char *
fb_wall_clocks_get_clock_text (FbWallClocks *self)
{
  g_return_val_if_fail (FB_IS_WALL_CLOCKS (self), NULL);
  return gtk_label_get_text (self->clock_label);
}

/* The next update's countdown, or %NULL when none is due. */
const char *
fb_wall_clocks_get_update_text (FbWallClocks *self)
{
  g_return_val_if_fail (FB_IS_WALL_CLOCKS (self), NULL);

  if (!gtk_widget_get_visible (self->update_card))
    return NULL;
  return gtk_label_get_text (self->update_label);
}
