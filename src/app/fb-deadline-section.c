/* fb-deadline-section.c — the incident's deadline clocks on the overview
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every deadline that applies, in the order they fall due, each with its
 * countdown, its level, and buttons to meet, waive or edit it; and the way
 * to add one by hand or to change the answers that decide which apply.
 * The countdowns follow the context's tick from the deadlines already
 * read: a tick never queries the store.
 *
 * Actions (prefix "deadlines."):
 *   meet(s)    mark a deadline met now
 *   waive(s)   waive a deadline, asking why
 *   edit(s)    change a deadline's name, basis and due time
 *   add        add a deadline by hand
 *   rules      change the answers of "Which rules apply?"
 */

#define G_LOG_DOMAIN "fb-deadline-section"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-deadline-dialogs.h"
#include "fb-deadline-section.h"

struct _FbDeadlineSection
{
  FbIncidentPage       parent_instance;

  FbIncident          *incident;
  FbLiveList          *deadlines;   /* held by FbIncidentPage */

  AdwPreferencesGroup *group;
  GtkListBox          *list;
};

G_DEFINE_FINAL_TYPE (FbDeadlineSection, fb_deadline_section, FB_TYPE_INCIDENT_PAGE)

/* Formatting ---------------------------------------------------------------- */

char *
fb_deadline_format_remaining (gint64 remaining_ms)
{
  gint64 minutes = ABS (remaining_ms) / 60000;

  if (minutes >= 24 * 60)
    /* Translators: a span of time in days and hours, as short as it can be */
    return g_strdup_printf (_("%d d %d h"), (int) (minutes / (24 * 60)), (int) (minutes / 60 % 24));
  if (minutes >= 60)
    /* Translators: a span of time in hours and minutes, as short as it can be */
    return g_strdup_printf (_("%d h %d min"), (int) (minutes / 60), (int) (minutes % 60));

  /* Translators: a span of time in minutes, as short as it can be */
  return g_strdup_printf (_("%d min"), (int) minutes);
}

/* "2 d 21 h left", "3 h 5 min overdue"; @brief leaves out "left". */
char *
fb_deadline_format_countdown (const FbDeadlineStatus *status,
                              gboolean                brief)
{
  g_autofree char *span = NULL;

  switch (status->level)
    {
    case FB_DEADLINE_LEVEL_MET:
      return g_strdup (_("Met"));
    case FB_DEADLINE_LEVEL_WAIVED:
      return g_strdup (_("Waived"));
    case FB_DEADLINE_LEVEL_NORMAL:
    case FB_DEADLINE_LEVEL_WARNING:
    case FB_DEADLINE_LEVEL_CRITICAL:
    default:
      break;
    }

  if (status->due_at == 0)
    return g_strdup (_("No due time"));

  span = fb_deadline_format_remaining (status->remaining);
  if (status->remaining < 0)
    /* Translators: %s is a span of time, e.g. "3 h 5 min" */
    return g_strdup_printf (_("%s overdue"), span);
  if (brief)
    return g_steal_pointer (&span);

  /* Translators: %s is a span of time, e.g. "2 d 21 h" */
  return g_strdup_printf (_("%s left"), span);
}

const char *
fb_deadline_level_to_css_class (FbDeadlineLevel level)
{
  switch (level)
    {
    case FB_DEADLINE_LEVEL_WARNING:
      return "warning";
    case FB_DEADLINE_LEVEL_CRITICAL:
      return "error";
    case FB_DEADLINE_LEVEL_MET:
      return "success";
    case FB_DEADLINE_LEVEL_WAIVED:
      return "dim-label";
    case FB_DEADLINE_LEVEL_NORMAL:
    default:
      return NULL;
    }
}

/* Shows on @label the countdown to the next status update at @now, in the
 * deadlines' words and colours. */
void
fb_update_clock_show (GtkWidget           *label,
                      const FbUpdateClock *clock,
                      gint64               now,
                      gboolean             brief)
{
  g_autofree char *text = NULL;
  FbDeadlineStatus status;

  if (clock->due_at == 0)
    return;

  fb_update_clock_get_status (clock, now, &status);
  text = fb_deadline_format_countdown (&status, brief);
  gtk_label_set_text (GTK_LABEL (label), text);
  fb_deadline_set_level_class (label, status.level);
}

/* Gives @widget the style class of @level, and none of the others. */
void
fb_deadline_set_level_class (GtkWidget       *widget,
                             FbDeadlineLevel  level)
{
  const char * const all[] = { "warning", "error", "success", "dim-label" };
  const char *css = fb_deadline_level_to_css_class (level);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (css, all[i]) != 0)
      gtk_widget_remove_css_class (widget, all[i]);
  if (css != NULL)
    gtk_widget_add_css_class (widget, css);
}

/* Rows ---------------------------------------------------------------------- */

static GListModel *
query_deadlines (gpointer user_data)
{
  FbIncidentPage *page = user_data;

  if (fb_incident_page_get_incident (page) == NULL)
    return NULL;

  return fb_store_list_deadlines (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));
}

static char *
describe_due (FbDeadlineSection *self,
              FbDeadline        *deadline,
              const char        *basis,
              const FbDeadlineStatus *status)
{
  FbContext *context = fb_incident_page_get_context (FB_INCIDENT_PAGE (self));
  g_autofree char *when = NULL;

  if (fb_deadline_get_state (deadline) == FB_DEADLINE_MET)
    {
      g_autofree char *at = fb_context_format_time_full (context, fb_deadline_get_met_at (deadline));
      /* Translators: %s is a date and time */
      when = g_strdup_printf (_("met %s"), at);
    }
  else if (fb_deadline_get_state (deadline) == FB_DEADLINE_WAIVED)
    /* Translators: %s is the reason given for waiving a deadline */
    when = g_strdup_printf (_("waived: %s"), fb_deadline_get_reason (deadline));
  else if (status->due_at > 0)
    {
      g_autofree char *at = fb_context_format_time_full (context, status->due_at);
      /* Translators: %s is a date and time */
      when = g_strdup_printf (_("due %s"), at);
    }

  if (basis != NULL && basis[0] != '\0' && when != NULL)
    return g_strdup_printf ("%s · %s", basis, when);
  if (when != NULL)
    return g_steal_pointer (&when);

  return g_strdup (basis);
}

static void
update_row (FbDeadlineSection *self,
            GtkWidget         *row,
            gint64             now)
{
  FbDeadline *deadline = g_object_get_data (G_OBJECT (row), "deadline");
  GtkWidget *countdown = g_object_get_data (G_OBJECT (row), "countdown");
  FbDeadlineStatus status;
  g_autofree char *text = NULL;

  if (deadline == NULL || countdown == NULL || self->incident == NULL)
    return;

  fb_deadline_get_status (deadline, self->incident, now, &status);
  text = fb_deadline_format_countdown (&status, FALSE);
  gtk_label_set_text (GTK_LABEL (countdown), text);
  fb_deadline_set_level_class (countdown, status.level);
}

static GtkWidget *
create_deadline_row_cb (gpointer item,
                        gpointer user_data)
{
  FbDeadlineSection *self = user_data;
  FbDeadline *deadline = item;
  FbContext *context = fb_incident_page_get_context (FB_INCIDENT_PAGE (self));
  GVariant *target = g_variant_new_string (fb_deadline_get_id (deadline));
  gboolean open = fb_deadline_get_state (deadline) == FB_DEADLINE_OPEN;
  g_autofree char *subtitle = NULL;
  g_autofree char *meet = NULL, *waive = NULL, *edit = NULL;
  FbDeadlineStatus status = { 0 };
  const char *name, *basis = NULL;
  GtkWidget *row, *countdown;

  if (self->incident != NULL)
    fb_deadline_get_status (deadline, self->incident, fb_context_now_ms (context), &status);
  name = fb_deadline_get_display_name (deadline,
                                       self->incident != NULL ? fb_incident_get_kind (self->incident) : NULL,
                                       fb_context_get_playbooks (context), &basis);
  subtitle = describe_due (self, deadline, basis, &status);

  row = _fb_board_new_row (name, subtitle);
  gtk_widget_add_css_class (row, "deadline-row");

  countdown = gtk_label_new (NULL);
  gtk_widget_add_css_class (countdown, "numeric");
  gtk_widget_add_css_class (countdown, "deadline-countdown");
  gtk_widget_set_valign (countdown, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), countdown);

  g_object_set_data_full (G_OBJECT (row), "deadline", g_object_ref (deadline), g_object_unref);
  g_object_set_data (G_OBJECT (row), "countdown", countdown);

  /* Translators: a button's accessible name; %s is a deadline */
  meet = g_strdup_printf (_("Mark “%s” met"), name);
  /* Translators: a button's accessible name; %s is a deadline */
  waive = g_strdup_printf (_("Waive “%s”…"), name);
  /* Translators: a button's accessible name; %s is a deadline */
  edit = g_strdup_printf (_("Edit “%s”…"), name);

  g_variant_ref_sink (target);
  if (open)
    {
      _fb_board_add_button (row, "object-select-symbolic", meet, "deadlines.meet", target);
      _fb_board_add_button (row, "action-unavailable-symbolic", waive, "deadlines.waive", target);
    }
  _fb_board_add_button (row, "document-edit-symbolic", edit, "deadlines.edit", target);
  g_variant_unref (target);

  update_row (self, row, fb_context_now_ms (context));
  return row;
}

static void
update_countdowns (FbDeadlineSection *self)
{
  gint64 now = fb_context_now_ms (fb_incident_page_get_context (FB_INCIDENT_PAGE (self)));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      update_row (self, child, now);
}

static void
fb_deadline_section_refresh (FbIncidentPage *page,
                             FbChangeFlags   flags)
{
  FbDeadlineSection *self = FB_DEADLINE_SECTION (page);
  const char *incident = fb_incident_page_get_incident (page);

  if (flags == 0 || (flags & FB_CHANGE_INCIDENTS))
    {
      g_clear_object (&self->incident);
      if (incident != NULL)
        self->incident = fb_store_get_incident (fb_incident_page_get_store (page), incident);
    }

  /* The due times in the rows follow the incident's times too. */
  if (flags == 0 || (flags & FB_CHANGE_INCIDENTS))
    fb_live_list_reload (self->deadlines);
  else if (flags & FB_CHANGE_DEADLINES)
    fb_live_list_refresh (self->deadlines);

  update_countdowns (self);
}

static void
on_tick_cb (FbDeadlineSection *self,
            FbContext         *context)
{
  if (self->incident != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_countdowns (self);
}

/* Actions -------------------------------------------------------------------- */

static void
meet_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FbDeadlineSection *self = FB_DEADLINE_SECTION (widget);
  g_autoptr(GError) error = NULL;

  if (!fb_store_meet_deadline (fb_incident_page_get_store (FB_INCIDENT_PAGE (self)),
                               g_variant_get_string (parameter, NULL), 0, &error))
    _fb_board_show_error (widget, _("Could not mark the deadline met"), error);
}

static void
waive_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FbDeadlineSection *self = FB_DEADLINE_SECTION (widget);

  _fb_deadline_dialogs_waive (widget, fb_incident_page_get_context (FB_INCIDENT_PAGE (self)),
                              g_variant_get_string (parameter, NULL));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FbDeadlineSection *self = FB_DEADLINE_SECTION (widget);

  _fb_deadline_dialogs_edit (widget, fb_incident_page_get_context (FB_INCIDENT_PAGE (self)),
                             self->incident, g_variant_get_string (parameter, NULL));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FbDeadlineSection *self = FB_DEADLINE_SECTION (widget);

  if (self->incident != NULL)
    _fb_deadline_dialogs_edit (widget, fb_incident_page_get_context (FB_INCIDENT_PAGE (self)),
                               self->incident, NULL);
}

static void
rules_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FbDeadlineSection *self = FB_DEADLINE_SECTION (widget);

  if (self->incident != NULL)
    _fb_deadline_dialogs_rules (widget, fb_incident_page_get_context (FB_INCIDENT_PAGE (self)),
                                self->incident);
}

/* The class ------------------------------------------------------------------ */

static void
fb_deadline_section_constructed (GObject *object)
{
  FbDeadlineSection *self = FB_DEADLINE_SECTION (object);

  G_OBJECT_CLASS (fb_deadline_section_parent_class)->constructed (object);

  g_signal_connect_object (fb_incident_page_get_context (FB_INCIDENT_PAGE (self)),
                           "tick", G_CALLBACK (on_tick_cb), self, G_CONNECT_SWAPPED);
}

static void
fb_deadline_section_dispose (GObject *object)
{
  FbDeadlineSection *self = FB_DEADLINE_SECTION (object);

  g_clear_object (&self->incident);

  G_OBJECT_CLASS (fb_deadline_section_parent_class)->dispose (object);
}

static void
fb_deadline_section_class_init (FbDeadlineSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FbIncidentPageClass *page_class = FB_INCIDENT_PAGE_CLASS (klass);

  object_class->constructed = fb_deadline_section_constructed;
  object_class->dispose = fb_deadline_section_dispose;
  page_class->refresh = fb_deadline_section_refresh;
  page_class->changes = FB_CHANGE_INCIDENTS | FB_CHANGE_DEADLINES;

  gtk_widget_class_install_action (widget_class, "deadlines.meet", "s", meet_action);
  gtk_widget_class_install_action (widget_class, "deadlines.waive", "s", waive_action);
  gtk_widget_class_install_action (widget_class, "deadlines.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "deadlines.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "deadlines.rules", NULL, rules_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-deadline-section.ui");
  gtk_widget_class_bind_template_child (widget_class, FbDeadlineSection, group);
  gtk_widget_class_bind_template_child (widget_class, FbDeadlineSection, list);
  gtk_widget_class_set_css_name (widget_class, "fbdeadlinesection");
}

static void
fb_deadline_section_init (FbDeadlineSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->list,
                                _fb_board_new_placeholder (_("No deadline applies. Answer “Which rules apply?” "
                                                             "under Rules, or add a deadline by hand.")));
  self->deadlines = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->list, FB_TYPE_DEADLINE,
                                               query_deadlines, create_deadline_row_cb);
  fb_live_list_set_equal_func (self->deadlines, fb_deadline_equal, NULL);
}

GtkWidget *
fb_deadline_section_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_DEADLINE_SECTION, "context", context, NULL);
}

guint
fb_deadline_section_get_n_shown (FbDeadlineSection *self)
{
  g_return_val_if_fail (FB_IS_DEADLINE_SECTION (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->deadlines));
}
