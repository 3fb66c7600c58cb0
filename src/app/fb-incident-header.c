/* fb-incident-header.c — title, severity, status, phase and the containment clock
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is editable in place, and each edit is one store
 * command. The header redraws from the store's "changed" signal, so an
 * edit made in another window or process shows up here too.
 */

#define G_LOG_DOMAIN "fb-incident-header"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-deadline-section.h"
#include "fb-incident-header.h"
#include "fb-incident-header-layout-private.h"
#include "fb-window.h"

/* The open deadlines the header shows beside the containment clock. */
#define N_HEADER_DEADLINES 2

struct _FbIncidentHeader
{
  GtkWidget       parent_instance;

  FbContext      *context;
  char           *incident_id;
  FbIncident     *incident;
  FbClockState    clock;
  gboolean        updating;

  /* The header's parts, each a child of the header. */
  GtkWidget      *title_part;
  GtkWidget      *clock_box;
  GtkWidget      *drill_label;
  GtkEditableLabel *title_label;
  GtkWidget      *title_error;
  GtkDropDown    *severity_dropdown;
  GtkDropDown    *phase_dropdown;
  GtkDropDown    *status_dropdown;
  GtkBox         *sync_slot;
  GtkLabel       *clock_label;
  GtkWidget      *record_button;
  GtkWidget      *deadlines_box;
  GPtrArray      *deadlines;     /* the next open FbDeadlines, read on a change */
  GPtrArray      *countdowns;    /* their labels, in deadlines_box */
  GtkWidget      *update_button;
  GtkWidget      *update_label;
  FbUpdateClock   update_clock;  /* read on a change; zeroed when none is due */

  /* A readiness review shows its steps in place of the clocks. */
  GtkWidget      *review_box;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;

  FbHeaderLayout  layout;

  GtkLabel       *shift_label;   /* the operational period, a handover waiting */
};

G_DEFINE_FINAL_TYPE (FbIncidentHeader, fb_incident_header, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCIDENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_clock (FbIncidentHeader *self)
{
  const char *css;

  fb_clock_state_clear (&self->clock);
  gtk_widget_remove_css_class (GTK_WIDGET (self->clock_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->clock_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->clock_label), "success");

  if (self->incident == NULL || fb_incident_is_review (self->incident))
    {
      gtk_label_set_text (self->clock_label, "");
      gtk_widget_set_visible (self->record_button, FALSE);
      return;
    }

  fb_clock_state_compute (&self->clock,
                          fb_incident_get_detected_at (self->incident),
                          fb_incident_get_contained_at (self->incident),
                          fb_incident_get_containment_target_min (self->incident),
                          fb_context_now_ms (self->context));
  gtk_label_set_text (self->clock_label, self->clock.text);

  css = fb_clock_level_to_css_class (self->clock.level);
  if (!self->clock.running && self->clock.met_target)
    css = "success";
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->clock_label), css);

  gtk_widget_set_visible (self->record_button, self->clock.running);
}

/* The next deadlines ------------------------------------------------------- */

static void
update_deadline_clocks (FbIncidentHeader *self)
{
  gint64 now = self->context != NULL ? fb_context_now_ms (self->context) : 0;

  for (guint i = 0; i < self->deadlines->len; i++)
    {
      FbDeadline *deadline = g_ptr_array_index (self->deadlines, i);
      GtkWidget *countdown = g_ptr_array_index (self->countdowns, i);
      g_autofree char *text = NULL;
      FbDeadlineStatus status;

      if (countdown == NULL || self->incident == NULL)
        continue;

      fb_deadline_get_status (deadline, self->incident, now, &status);
      text = fb_deadline_format_countdown (&status, TRUE);
      gtk_label_set_text (GTK_LABEL (countdown), text);
      fb_deadline_set_level_class (countdown, status.level);
    }
}

static void
update_deadlines (FbIncidentHeader *self)
{
  g_autoptr(GListModel) all = NULL;
  GtkWidget *child;
  guint n;

  g_ptr_array_set_size (self->deadlines, 0);
  g_ptr_array_set_size (self->countdowns, 0);
  /* The first child is the caption. */
  while ((child = gtk_widget_get_last_child (self->deadlines_box)) != gtk_widget_get_first_child (self->deadlines_box))
    gtk_box_remove (GTK_BOX (self->deadlines_box), child);

  if (self->incident != NULL)
    all = fb_store_list_deadlines (fb_context_get_store (self->context), self->incident_id);

  n = all != NULL ? g_list_model_get_n_items (all) : 0;
  for (guint i = 0; i < n && self->deadlines->len < N_HEADER_DEADLINES; i++)
    {
      g_autoptr(FbDeadline) deadline = g_list_model_get_item (all, i);
      g_autofree char *due = NULL;
      g_autofree char *tooltip = NULL;
      GtkWidget *entry, *name, *countdown;
      FbDeadlineStatus status;
      const char *shown;

      if (fb_deadline_get_state (deadline) != FB_DEADLINE_OPEN)
        continue;

      /* The name is cut short so that the header keeps its width; the
       * tooltip has all of it. It keeps enough to be told from another,
       * and the next update moves to a line of its own before it shrinks
       * further. */
      fb_deadline_get_status (deadline, self->incident, fb_context_now_ms (self->context), &status);
      due = status.due_at > 0 ? fb_context_format_time_full (self->context, status.due_at) : g_strdup ("");
      shown = fb_deadline_get_display_name (deadline, fb_incident_get_kind (self->incident),
                                            fb_context_get_playbooks (self->context), NULL);
      tooltip = g_strdup_printf ("%s\n%s", shown, due);

      name = gtk_label_new (shown);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 16);
      gtk_label_set_width_chars (GTK_LABEL (name), 10);
      gtk_widget_add_css_class (name, "caption");
      gtk_widget_set_tooltip_text (name, tooltip);

      countdown = gtk_label_new (NULL);
      gtk_widget_add_css_class (countdown, "caption-heading");
      gtk_widget_add_css_class (countdown, "numeric");
      gtk_widget_set_tooltip_text (countdown, tooltip);

      entry = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      gtk_box_append (GTK_BOX (entry), name);
      gtk_box_append (GTK_BOX (entry), countdown);
      gtk_box_append (GTK_BOX (self->deadlines_box), entry);
      g_ptr_array_add (self->countdowns, countdown);
      g_ptr_array_add (self->deadlines, g_steal_pointer (&deadline));
    }

  gtk_widget_set_visible (self->deadlines_box, self->deadlines->len > 0);
  update_deadline_clocks (self);
}

/* The next status update ---------------------------------------------------- */

static void
show_update_countdown (FbIncidentHeader *self)
{
  fb_update_clock_show (self->update_label, &self->update_clock, fb_context_now_ms (self->context), TRUE);
}

static void
update_next_update (FbIncidentHeader *self)
{
  g_autofree char *due = NULL;
  g_autofree char *tooltip = NULL;

  if (self->incident == NULL ||
      !fb_store_get_update_clock (fb_context_get_store (self->context), self->incident_id, &self->update_clock))
    {
      memset (&self->update_clock, 0, sizeof self->update_clock);
      gtk_widget_set_visible (self->update_button, FALSE);
      return;
    }

  due = fb_context_format_time_full (self->context, self->update_clock.due_at);
  /* Translators: the tooltip of the next update's clock; %s is when it is due */
  tooltip = g_strdup_printf (_("Next status update due %s\nSend one now (Ctrl+U)"), due);
  gtk_widget_set_tooltip_text (self->update_button, tooltip);
  gtk_widget_set_visible (self->update_button, TRUE);
  show_update_countdown (self);
}

/* Review mode ---------------------------------------------------------------
 *
 * A readiness review has no severity, phase or clock: the header shows how
 * many of its steps are settled in their place. */

static GtkWidget *
make_review_box (FbIncidentHeader *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *caption = gtk_label_new (_("Steps done"));

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (box, FALSE);
  /* The size of the clock it stands in for. */
  gtk_widget_add_css_class (box, "containment-clock");
  gtk_label_set_xalign (GTK_LABEL (caption), 1);
  gtk_widget_add_css_class (caption, "caption-heading");
  gtk_widget_add_css_class (caption, "dim-label");

  self->progress_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->progress_label, 1);
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "clock");

  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Steps done"), -1);

  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_bar));
  return box;
}

static void
update_review (FbIncidentHeader *self)
{
  gboolean review = self->incident != NULL && fb_incident_is_review (self->incident);
  g_autoptr(GListModel) steps = NULL;
  g_autofree char *text = NULL;
  FbReviewProgress progress;

  gtk_widget_set_visible (GTK_WIDGET (self->severity_dropdown), !review);
  gtk_widget_set_visible (GTK_WIDGET (self->phase_dropdown), !review);
  gtk_widget_set_visible (self->clock_box, !review);
  gtk_widget_set_visible (self->review_box, review);
  if (!review)
    return;

  steps = fb_store_list_checklist (fb_context_get_store (self->context), self->incident_id);
  fb_review_progress_compute (steps, &progress);
  text = fb_review_progress_format (&progress);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 progress.total > 0 ?
                                 (double) (progress.settled - progress.skipped) / progress.total : 0.0);
}

/* The current operational period, and a handover offered and not yet
 * accepted, which every workstation shows until it is. */
static void
update_shift (FbIncidentHeader *self)
{
  FbStore *store;
  g_autoptr(FbPeriod) period = NULL;
  g_autoptr(FbHandover) offered = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->incident == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->shift_label), FALSE);
      return;
    }

  store = fb_context_get_store (self->context);
  period = fb_store_get_current_period (store, self->incident_id);
  offered = fb_store_get_offered_handover (store, self->incident_id);
  if (period != NULL)
    /* Translators: %d is the number of the operational period */
    g_string_append_printf (text, _("Operational period %d"), fb_period_get_number (period));
  if (offered != NULL)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: %s is the incoming commander's name */
      g_string_append_printf (text, _("Handover offered to %s — waiting for acceptance"),
                              fb_handover_get_incoming (offered));
    }

  gtk_label_set_text (self->shift_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->shift_label), text->len > 0);
  if (offered != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->shift_label), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->shift_label), "accent");
}

static void
update (FbIncidentHeader *self)
{
  g_clear_object (&self->incident);
  if (self->incident_id != NULL && self->context != NULL)
    self->incident = fb_store_get_incident (fb_context_get_store (self->context), self->incident_id);

  self->updating = TRUE;
  if (self->incident != NULL)
    {
      if (!gtk_editable_label_get_editing (self->title_label))
        gtk_editable_set_text (GTK_EDITABLE (self->title_label), fb_incident_get_title (self->incident));
      gtk_widget_set_visible (self->drill_label, fb_incident_get_drill (self->incident));
      gtk_drop_down_set_selected (self->severity_dropdown,
                                  (guint) CLAMP (fb_incident_get_severity (self->incident), 1, 4) - 1);
      gtk_drop_down_set_selected (self->phase_dropdown, fb_incident_get_phase (self->incident));
      gtk_drop_down_set_selected (self->status_dropdown, fb_incident_get_status (self->incident));
    }
  self->updating = FALSE;

  update_clock (self);
  update_deadlines (self);
  update_next_update (self);
  update_review (self);
  update_shift (self);
}

static void
on_store_changed_cb (FbIncidentHeader *self,
                     guint             flags,
                     const char       *incident,
                     FbStore          *store)
{
  if (!(flags & (FB_CHANGE_INCIDENTS | FB_CHANGE_DEADLINES | FB_CHANGE_ENTRIES | FB_CHANGE_CHECKLIST |
                 FB_CHANGE_ROLES)))
    return;
  if (incident != NULL && g_strcmp0 (incident, self->incident_id) != 0)
    return;
  if (flags & FB_CHANGE_INCIDENTS)
    {
      update (self);
      return;
    }
  if (flags & FB_CHANGE_CHECKLIST)
    update_review (self);
  if (flags & FB_CHANGE_DEADLINES)
    update_deadlines (self);
  /* A status update or a handover moves the next update. */
  if (flags & FB_CHANGE_ENTRIES)
    update_next_update (self);
  if (flags & FB_CHANGE_ROLES)
    update_shift (self);
}

static void
on_tick_cb (FbIncidentHeader *self,
            FbContext        *context)
{
  if (self->incident != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      update_clock (self);
      update_deadline_clocks (self);
      show_update_countdown (self);
    }
}

static void
apply_field (FbIncidentHeader *self,
             JsonObject       *fields)
{
  g_autoptr(GError) error = NULL;

  if (!fb_store_update_incident (fb_context_get_store (self->context), self->incident_id, fields, &error))
    {
      fb_window_show_error (GTK_WIDGET (self), error->message);
      update (self);
    }
}

static void
on_title_editing_cb (FbIncidentHeader *self)
{
  const char *text;

  if (self->updating || self->incident == NULL || gtk_editable_label_get_editing (self->title_label))
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->title_label));
  if (!fb_incident_header_rename (self, text))
    gtk_editable_label_start_editing (self->title_label);
}

static void
on_severity_selected_cb (FbIncidentHeader *self)
{
  g_autoptr(JsonObject) fields = NULL;
  guint selected = gtk_drop_down_get_selected (self->severity_dropdown);

  if (self->updating || self->incident == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  if ((int) selected + 1 == fb_incident_get_severity (self->incident))
    return;

  fields = json_object_new ();
  json_object_set_int_member (fields, "severity", selected + 1);
  apply_field (self, fields);
}

static void
on_phase_selected_cb (FbIncidentHeader *self)
{
  g_autoptr(JsonObject) fields = NULL;
  guint selected = gtk_drop_down_get_selected (self->phase_dropdown);

  if (self->updating || self->incident == NULL || selected >= FB_N_PHASES)
    return;
  if (selected == fb_incident_get_phase (self->incident))
    return;

  fields = json_object_new ();
  json_object_set_string_member (fields, "phase", fb_phase_to_string (selected));
  apply_field (self, fields);
}

static void
on_status_selected_cb (FbIncidentHeader *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  if (self->updating || self->incident == NULL || selected >= FB_N_STATUSES)
    return;
  if (selected == fb_incident_get_status (self->incident))
    return;

  /* Closing and reopening log an entry; the window's actions do that. */
  if (fb_incident_is_review (self->incident))
    gtk_widget_activate_action (GTK_WIDGET (self),
                                selected == FB_STATUS_CLOSED ? "win.close-review" : "win.reopen-review", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self),
                                selected == FB_STATUS_CLOSED ? "win.close-incident" : "win.reopen-incident",
                                NULL);
  update (self);
}

static GtkSizeRequestMode
fb_incident_header_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
fb_incident_header_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  _fb_header_layout_measure (&FB_INCIDENT_HEADER (widget)->layout, orientation, for_size, minimum, natural);
}

static void
fb_incident_header_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  _fb_header_layout_place (&FB_INCIDENT_HEADER (widget)->layout, width, height, TRUE);
}

static void
fb_incident_header_dispose (GObject *object)
{
  FbIncidentHeader *self = (FbIncidentHeader *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_INCIDENT_HEADER);
  /* Parts without an id are left by dispose_template. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->incident);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_incident_header_parent_class)->dispose (object);
}

static void
fb_incident_header_finalize (GObject *object)
{
  FbIncidentHeader *self = (FbIncidentHeader *) object;

  fb_clock_state_clear (&self->clock);
  g_clear_pointer (&self->deadlines, g_ptr_array_unref);
  g_clear_pointer (&self->countdowns, g_ptr_array_unref);
  g_free (self->incident_id);

  G_OBJECT_CLASS (fb_incident_header_parent_class)->finalize (object);
}

static void
fb_incident_header_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FbIncidentHeader *self = FB_INCIDENT_HEADER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_INCIDENT:
      g_value_set_string (value, self->incident_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_incident_header_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FbIncidentHeader *self = FB_INCIDENT_HEADER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      fb_incident_header_set_context (self, g_value_get_object (value));
      break;
    case PROP_INCIDENT:
      fb_incident_header_set_incident (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_incident_header_class_init (FbIncidentHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_incident_header_dispose;
  object_class->finalize = fb_incident_header_finalize;
  object_class->get_property = fb_incident_header_get_property;
  object_class->set_property = fb_incident_header_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-incident-header.ui");
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, title_part);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, clock_box);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, drill_label);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, title_label);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, title_error);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, severity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, phase_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, sync_slot);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, clock_label);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, deadlines_box);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, update_button);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, update_label);
  gtk_widget_class_bind_template_child (widget_class, FbIncidentHeader, record_button);
  gtk_widget_class_bind_template_callback (widget_class, on_title_editing_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_severity_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_phase_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected_cb);

  widget_class->get_request_mode = fb_incident_header_get_request_mode;
  widget_class->measure = fb_incident_header_measure;
  widget_class->size_allocate = fb_incident_header_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "fbincidentheader");
}

static void
fb_incident_header_init (FbIncidentHeader *self)
{
  g_autoptr(GtkStringList) phases = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Under the title and the fields: a line of its own. */
  self->shift_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->shift_label, 0);
  gtk_label_set_wrap (self->shift_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->shift_label), "caption-heading");
  gtk_widget_set_visible (GTK_WIDGET (self->shift_label), FALSE);
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (gtk_widget_get_parent (self->drill_label))),
                  GTK_WIDGET (self->shift_label));
  self->review_box = make_review_box (self);
  gtk_widget_set_parent (self->review_box, GTK_WIDGET (self));
  _fb_header_layout_arrange (&self->layout, &(FbHeaderParts) {
                               .title = self->title_part,
                               .severity = GTK_WIDGET (self->severity_dropdown),
                               .phase = GTK_WIDGET (self->phase_dropdown),
                               .status = GTK_WIDGET (self->status_dropdown),
                               .sync = GTK_WIDGET (self->sync_slot),
                               .deadlines = self->deadlines_box,
                               .update = self->update_button,
                               .clock = self->clock_box,
                               .review = self->review_box,
                               .record = self->record_button,
                             });
  _fb_header_wrap_title (self->title_label);
  self->deadlines = g_ptr_array_new_with_free_func (g_object_unref);
  self->countdowns = g_ptr_array_new ();

  self->updating = TRUE;
  for (guint i = 0; i < FB_N_PHASES; i++)
    gtk_string_list_append (phases, fb_phase_get_label (i));
  gtk_drop_down_set_model (self->phase_dropdown, G_LIST_MODEL (phases));
  for (guint i = 0; i < FB_N_STATUSES; i++)
    gtk_string_list_append (statuses, fb_status_get_label (i));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));
  self->updating = FALSE;
}

void
fb_incident_header_set_context (FbIncidentHeader *self,
                                FbContext        *context)
{
  g_return_if_fail (FB_IS_INCIDENT_HEADER (self));
  g_return_if_fail (context == NULL || FB_IS_CONTEXT (context));

  if (self->context == context)
    return;

  g_set_object (&self->context, context);
  if (context != NULL)
    {
      g_signal_connect_object (fb_context_get_store (context), "changed",
                               G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "tick", G_CALLBACK (on_tick_cb), self, G_CONNECT_SWAPPED);
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

const char *
fb_incident_header_get_incident (FbIncidentHeader *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), NULL);
  return self->incident_id;
}

void
fb_incident_header_set_incident (FbIncidentHeader *self,
                                 const char       *incident)
{
  g_return_if_fail (FB_IS_INCIDENT_HEADER (self));

  if (g_strcmp0 (self->incident_id, incident) == 0)
    return;

  g_free (self->incident_id);
  self->incident_id = g_strdup (incident);
  gtk_widget_set_visible (self->title_error, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "error");
  if (gtk_editable_label_get_editing (self->title_label))
    {
      self->updating = TRUE;
      gtk_editable_label_stop_editing (self->title_label, FALSE);
      self->updating = FALSE;
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
}

const char *
fb_incident_header_get_clock_text (FbIncidentHeader *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), NULL);
  return gtk_label_get_text (self->clock_label);
}

FbClockLevel
fb_incident_header_get_clock_level (FbIncidentHeader *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), FB_CLOCK_LEVEL_NORMAL);
  return self->clock.level;
}

guint
fb_incident_header_get_n_deadlines (FbIncidentHeader *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), 0);
  return self->deadlines->len;
}

/* The deadline's name and countdown as shown, e.g. "GDPR: notify… 2 d 21 h". */
char *
fb_incident_header_get_deadline_text (FbIncidentHeader *self,
                                      guint             index)
{
  GtkWidget *countdown;

  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), NULL);
  g_return_val_if_fail (index < self->deadlines->len, NULL);

  countdown = g_ptr_array_index (self->countdowns, index);
  return g_strdup_printf ("%s %s", fb_deadline_get_name (g_ptr_array_index (self->deadlines, index)),
                          gtk_label_get_text (GTK_LABEL (countdown)));
}

/* Returns FALSE, and flags the title, when it cannot be used. */
gboolean
fb_incident_header_rename (FbIncidentHeader *self,
                           const char       *title)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);

  if (self->incident == NULL)
    return FALSE;

  stripped = g_strstrip (g_strdup (title));
  if (stripped[0] == '\0')
    {
      gtk_widget_set_visible (self->title_error, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "error");
      return FALSE;
    }

  gtk_widget_set_visible (self->title_error, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "error");
  if (g_str_equal (stripped, fb_incident_get_title (self->incident)))
    return TRUE;

  fields = json_object_new ();
  json_object_set_string_member (fields, "title", stripped);
  apply_field (self, fields);
  return TRUE;
}

/* The next update's countdown as shown, or %NULL when none is due. */
const char *
fb_incident_header_get_update_text (FbIncidentHeader *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), NULL);

  if (!gtk_widget_get_visible (self->update_button))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->update_label));
}

/* When the next update is due as the header holds it, 0 when none is. */
gint64
fb_incident_header_get_update_due_at (FbIncidentHeader *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), 0);

  return self->update_clock.due_at;
}

GtkBox *
fb_incident_header_get_sync_slot (FbIncidentHeader *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), NULL);
  return self->sync_slot;
}

/* Whether the header shows a review's steps in place of the clocks. */
gboolean
fb_incident_header_get_review_mode (FbIncidentHeader *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), FALSE);
  return gtk_widget_get_visible (self->review_box);
}

/* The review's steps as shown, e.g. "3 of 12". */
const char *
fb_incident_header_get_progress_text (FbIncidentHeader *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), NULL);
  return gtk_label_get_text (self->progress_label);
}

/* The operational period and a handover waiting, as shown; "" for none. */
const char *
fb_incident_header_get_shift_text (FbIncidentHeader *self)
{
  g_return_val_if_fail (FB_IS_INCIDENT_HEADER (self), NULL);

  return gtk_label_get_text (self->shift_label);
}
