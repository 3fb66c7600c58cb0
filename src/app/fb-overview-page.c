/* fb-overview-page.c — the incident at a glance: clocks, key entries, decisions
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a commander walking into the room needs first: how long since
 * detection, whether the damage is contained, the facts someone pinned,
 * and what was decided or escalated last. Other pages (the role board,
 * the checklists) add their own summaries with
 * fb_overview_page_add_section().
 */

#define G_LOG_DOMAIN "fb-overview-page"

#include "config.h"

#include "fb-describe.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-board-shift-private.h"
#include "fb-clock-state.h"
#include "fb-deadline-section.h"
#include "fb-format.h"
#include "fb-incident-page.h"
#include "fb-overview-page.h"

#define N_PINNED    20
#define N_DECISIONS 8

struct _FbOverviewPage
{
  FbIncidentPage parent_instance;

  FbIncident *incident;
  FbLiveList *pinned;   /* held by FbIncidentPage */
  FbLiveList *decisions;

  GtkLabel   *containment_heading;
  GtkLabel   *containment_label;
  GtkLabel   *containment_caption;
  GtkLabel   *since_label;
  GtkLabel   *detected_caption;
  GtkListBox *pinned_list;
  GtkListBox *decisions_list;
  GtkBox     *slots_box;
  GtkBox     *deadlines_slot;
  FbDeadlineSection *deadlines;
  GtkFlowBox *cards_box;
  GtkWidget  *update_card;
  GtkLabel   *update_label;
  GtkLabel   *update_caption;
  GtkWidget  *access_list;
  AdwActionRow *access_row;
  GtkListBox *period_list;
  FbUpdateClock update_clock;  /* read on a change; zeroed when none is due */
};

G_DEFINE_FINAL_TYPE (FbOverviewPage, fb_overview_page, FB_TYPE_INCIDENT_PAGE)

/* The clocks sit in a flow box, which wraps each in a child of its own:
 * the child is what shows or hides. */
static void
show_card (GtkWidget *card,
           gboolean   visible)
{
  GtkWidget *child = gtk_widget_get_parent (card);

  gtk_widget_set_visible (card, visible);
  if (GTK_IS_FLOW_BOX_CHILD (child))
    gtk_widget_set_visible (child, visible);
}

static GtkWidget *
create_entry_row_cb (gpointer item,
                     gpointer user_data)
{
  FbOverviewPage *self = user_data;
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  FbEntry *entry = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (fb_entry_kind_get_icon (fb_entry_get_kind (entry)));
  GtkWidget *time, *text, *author, *show;
  g_autofree char *time_text = fb_context_format_time (fb_incident_page_get_context (page),
                                                       fb_entry_get_occurred_at (entry));
  g_autofree char *body = fb_describe_entry (entry, fb_context_get_store (fb_incident_page_get_context (page)));

  gtk_widget_add_css_class (box, fb_entry_kind_get_css (fb_entry_get_kind (entry)));
  gtk_widget_add_css_class (box, "overview-entry");
  gtk_widget_add_css_class (icon, "kind-pill");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (icon, fb_entry_kind_get_label (fb_entry_get_kind (entry)));

  time = gtk_label_new (time_text);
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_set_valign (time, GTK_ALIGN_START);

  text = gtk_label_new (body);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (text, TRUE);

  author = gtk_label_new (fb_entry_get_author (entry));
  gtk_widget_add_css_class (author, "dim-label");
  gtk_widget_add_css_class (author, "caption");
  gtk_widget_set_valign (author, GTK_ALIGN_START);

  /* To read what came before and after it. */
  show = gtk_button_new_from_icon_name ("view-list-symbolic");
  gtk_widget_add_css_class (show, "flat");
  gtk_widget_set_valign (show, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (show, _("Show in the Timeline"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (show), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show in the Timeline"), -1);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (show),
                                          g_variant_new_string (fb_entry_get_id (entry)));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (show), "win.show-entry");

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), time);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), author);
  gtk_box_append (GTK_BOX (box), show);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static GtkWidget *
make_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "overview-placeholder");
  return label;
}

/* Newest first: the freshest decision is the one that matters now. */
static GListModel *
list_newest_first (FbOverviewPage *self,
                   guint           kinds,
                   gboolean        pinned_only,
                   guint           limit)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  const char *incident = fb_incident_page_get_incident (page);
  g_autoptr(GListModel) entries = NULL;
  GListStore *shown = g_list_store_new (FB_TYPE_ENTRY);

  if (incident == NULL)
    return G_LIST_MODEL (shown);

  entries = fb_store_list_entries_where (fb_context_get_store (fb_incident_page_get_context (page)),
                                         incident, kinds, pinned_only, limit);
  for (guint i = g_list_model_get_n_items (entries); i > 0; i--)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i - 1);
      g_list_store_append (shown, entry);
    }
  return G_LIST_MODEL (shown);
}

static GListModel *
query_pinned (gpointer user_data)
{
  return list_newest_first (user_data, FB_ENTRY_KINDS_ALL, TRUE, N_PINNED);
}

static GListModel *
query_decisions (gpointer user_data)
{
  return list_newest_first (user_data, (1u << FB_ENTRY_DECISION) | (1u << FB_ENTRY_ESCALATION),
                            FALSE, N_DECISIONS);
}

/* A readiness review runs no clock: its first card counts the steps
 * settled, and says when the review began and when a step was last done. */
static void
update_review (FbOverviewPage *self)
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
  gtk_label_set_text (self->containment_heading, _("Steps Done"));
  gtk_label_set_text (self->containment_label, text);
  if (progress.total > 0 && progress.settled == progress.total)
    gtk_widget_add_css_class (GTK_WIDGET (self->containment_label), "success");

  caption = fb_format_review_caption (context, self->incident, &progress);
  gtk_label_set_text (self->containment_caption, caption);

  show_card (gtk_widget_get_parent (GTK_WIDGET (self->since_label)), FALSE);
}

static void
update_clocks (FbOverviewPage *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  FbClockState state = { 0 };
  g_autofree char *since = NULL;
  g_autofree char *detected = NULL;
  g_autofree char *detected_text = NULL;
  g_autofree char *caption = NULL;
  gint64 now;

  gtk_widget_remove_css_class (GTK_WIDGET (self->containment_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->containment_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->containment_label), "success");

  gtk_widget_set_visible (GTK_WIDGET (self->deadlines_slot),
                          self->incident == NULL || !fb_incident_is_review (self->incident));
  if (self->incident == NULL)
    return;
  if (fb_incident_is_review (self->incident))
    {
      update_review (self);
      return;
    }

  gtk_label_set_text (self->containment_heading, _("Containment"));
  now = fb_context_now_ms (fb_incident_page_get_context (page));
  fb_clock_state_compute (&state,
                          fb_incident_get_detected_at (self->incident),
                          fb_incident_get_contained_at (self->incident),
                          fb_incident_get_containment_target_min (self->incident),
                          now);
  gtk_label_set_text (self->containment_label, state.text);
  if (!state.running)
    gtk_widget_add_css_class (GTK_WIDGET (self->containment_label), state.met_target ? "success" : "error");
  else if (fb_clock_level_to_css_class (state.level) != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->containment_label), fb_clock_level_to_css_class (state.level));

  detected = fb_context_format_time_full (fb_incident_page_get_context (page),
                                          fb_incident_get_detected_at (self->incident));
  detected_text = g_strdup_printf (_("Detected %s"), detected);

  /* Until containment the time since detection is the containment clock
   * itself, which the header shows too: one card says it, with when the
   * incident was detected. Once contained, the two part, and the time
   * since detection has a card of its own. */
  if (state.running)
    {
      g_autofree char *target = g_strdup_printf (_("Target: contained within %d min of detection"),
                                                 fb_incident_get_containment_target_min (self->incident));

      caption = g_strdup_printf ("%s · %s", target, detected_text);
    }
  else
    caption = fb_format_contained (fb_incident_page_get_context (page), self->incident, state.met_target);
  gtk_label_set_text (self->containment_caption, caption);

  since = fb_format_duration_hms (now - fb_incident_get_detected_at (self->incident));
  gtk_label_set_text (self->since_label, since);
  gtk_label_set_text (self->detected_caption, detected_text);
  show_card (gtk_widget_get_parent (GTK_WIDGET (self->since_label)), !state.running);

  fb_clock_state_clear (&state);
}

static void
show_update_countdown (FbOverviewPage *self)
{
  fb_update_clock_show (GTK_WIDGET (self->update_label), &self->update_clock,
                        fb_context_now_ms (fb_incident_page_get_context (FB_INCIDENT_PAGE (self))), FALSE);
}

/* Reads when the next update is due: on a change, not on every tick. */
static void
update_next_update (FbOverviewPage *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autofree char *due = NULL;
  g_autofree char *audiences = NULL;
  g_autofree char *caption = NULL;

  if (self->incident == NULL ||
      !fb_store_get_update_clock (fb_incident_page_get_store (page), fb_incident_page_get_incident (page),
                                  &self->update_clock))
    {
      memset (&self->update_clock, 0, sizeof self->update_clock);
      show_card (self->update_card, FALSE);
      return;
    }

  due = fb_context_format_time_full (fb_incident_page_get_context (page), self->update_clock.due_at);
  audiences = fb_audiences_describe (fb_incident_get_update_audiences (self->incident));
  /* Translators: under the next update's clock: when it is due, the interval, and to whom */
  caption = g_strdup_printf (_("Due %s · every %d min · %s"), due, self->update_clock.interval_min,
                             audiences[0] != '\0' ? audiences : _("no audience chosen"));
  gtk_label_set_text (self->update_caption, caption);
  show_card (self->update_card, TRUE);
  show_update_countdown (self);
}

/* Who may see a restricted incident, said where the commander looks
 * first; nothing for an incident open to all. */
static void
update_access (FbOverviewPage *self,
               const char     *incident)
{
  g_autoptr(FbRestriction) restriction = NULL;
  g_autofree char *who = NULL;

  if (incident != NULL)
    restriction = fb_store_get_restriction (fb_incident_page_get_store (FB_INCIDENT_PAGE (self)), incident);

  gtk_widget_set_visible (self->access_list, restriction != NULL && restriction->restricted);
  if (restriction == NULL || !restriction->restricted)
    return;

  who = fb_describe_restriction (restriction);
  adw_action_row_set_subtitle (self->access_row, who);
}

/* The current operational period, since when, and its objectives: what
 * the people who join mid-incident read first. */
static void
update_period (FbOverviewPage *self,
               const char     *incident)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autoptr(FbPeriod) period = NULL;
  g_autofree char *title = NULL;
  g_autofree char *since = NULL;
  const char *objectives;
  GtkWidget *row;

  _fb_board_clear_list (self->period_list);
  if (incident != NULL)
    period = fb_store_get_current_period (fb_incident_page_get_store (page), incident);
  gtk_widget_set_visible (GTK_WIDGET (self->period_list), period != NULL);
  if (period == NULL)
    return;

  title = _fb_board_describe_period (period, fb_incident_page_get_context (page), &since);
  row = _fb_board_new_row (title, since);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("alarm-symbolic"));
  gtk_list_box_append (self->period_list, row);

  objectives = fb_period_get_briefing (period)->objectives;
  if (objectives[0] == '\0')
    return;
  row = _fb_board_new_row (_("Objectives"), objectives);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_append (self->period_list, row);
}

static void
fb_overview_page_refresh (FbIncidentPage *page,
                          FbChangeFlags   flags)
{
  FbOverviewPage *self = FB_OVERVIEW_PAGE (page);
  const char *incident = fb_incident_page_get_incident (page);

  if (flags == 0 || (flags & FB_CHANGE_INCIDENTS))
    {
      g_clear_object (&self->incident);
      if (incident != NULL)
        self->incident = fb_store_get_incident (fb_incident_page_get_store (page), incident);
      update_clocks (self);
      update_access (self, incident);
    }
  else if ((flags & FB_CHANGE_CHECKLIST) && self->incident != NULL && fb_incident_is_review (self->incident))
    update_clocks (self);
  if (flags == 0 && self->deadlines != NULL)
    fb_incident_page_set_incident (FB_INCIDENT_PAGE (self->deadlines), incident);
  if (flags == 0 || (flags & FB_CHANGE_ENTRIES))
    {
      fb_live_list_refresh (self->pinned);
      fb_live_list_refresh (self->decisions);
    }
  if (flags == 0 || (flags & (FB_CHANGE_INCIDENTS | FB_CHANGE_ENTRIES)))
    {
      update_next_update (self);
      update_period (self, incident);
    }
}

static void
on_tick_cb (FbOverviewPage *self,
            FbContext      *context)
{
  if (self->incident != NULL && !fb_incident_is_review (self->incident) &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      update_clocks (self);
      show_update_countdown (self);
    }
}

static void
fb_overview_page_constructed (GObject *object)
{
  FbOverviewPage *self = FB_OVERVIEW_PAGE (object);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);

  G_OBJECT_CLASS (fb_overview_page_parent_class)->constructed (object);

  g_signal_connect_object (fb_incident_page_get_context (page),
                           "tick", G_CALLBACK (on_tick_cb), self, G_CONNECT_SWAPPED);

  /* The clocks the law sets, under the containment clock. */
  self->deadlines = FB_DEADLINE_SECTION (fb_deadline_section_new (fb_incident_page_get_context (page)));
  gtk_box_append (self->deadlines_slot, GTK_WIDGET (self->deadlines));
  fb_incident_page_set_incident (FB_INCIDENT_PAGE (self->deadlines), fb_incident_page_get_incident (page));
}

static void
fb_overview_page_dispose (GObject *object)
{
  FbOverviewPage *self = FB_OVERVIEW_PAGE (object);

  g_clear_object (&self->incident);

  G_OBJECT_CLASS (fb_overview_page_parent_class)->dispose (object);
}

static void
fb_overview_page_class_init (FbOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FbIncidentPageClass *page_class = FB_INCIDENT_PAGE_CLASS (klass);

  object_class->constructed = fb_overview_page_constructed;
  object_class->dispose = fb_overview_page_dispose;
  page_class->refresh = fb_overview_page_refresh;
  page_class->changes = FB_CHANGE_INCIDENTS | FB_CHANGE_ENTRIES | FB_CHANGE_CHECKLIST;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, containment_heading);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, containment_label);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, containment_caption);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, since_label);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, detected_caption);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, pinned_list);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, decisions_list);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, slots_box);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, deadlines_slot);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, update_card);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, update_label);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, update_caption);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, access_list);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, access_row);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, period_list);

  gtk_widget_class_set_css_name (widget_class, "fboverviewpage");
}

static void
fb_overview_page_init (FbOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The clocks are read, not chosen: no Tab stop for each card. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  self->pinned = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->pinned_list, FB_TYPE_ENTRY,
                                            query_pinned, create_entry_row_cb);
  self->decisions = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->decisions_list, FB_TYPE_ENTRY,
                                               query_decisions, create_entry_row_cb);
  gtk_list_box_set_placeholder (self->pinned_list,
                                make_placeholder (_("Pin the entries that matter in the timeline to keep them here.")));
  gtk_list_box_set_placeholder (self->decisions_list,
                                make_placeholder (_("No decisions or escalations recorded yet.")));
}

GtkWidget *
fb_overview_page_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_OVERVIEW_PAGE, "context", context, NULL);
}

/* For the pages that come later: each adds a summary of its own (who holds
 * which role, the open checklist items) under the key entries. */
void
fb_overview_page_add_section (FbOverviewPage *self,
                              GtkWidget      *section)
{
  g_return_if_fail (FB_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (section));

  gtk_box_append (self->slots_box, section);
}

guint
fb_overview_page_get_n_pinned (FbOverviewPage *self)
{
  g_return_val_if_fail (FB_IS_OVERVIEW_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->pinned));
}

guint
fb_overview_page_get_n_decisions (FbOverviewPage *self)
{
  g_return_val_if_fail (FB_IS_OVERVIEW_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->decisions));
}

/* The next update's countdown as shown, or %NULL when none is due. */
const char *
fb_overview_page_get_update_text (FbOverviewPage *self)
{
  g_return_val_if_fail (FB_IS_OVERVIEW_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->update_card))
    return NULL;
  return gtk_label_get_text (self->update_label);
}

FbDeadlineSection *
fb_overview_page_get_deadlines (FbOverviewPage *self)
{
  g_return_val_if_fail (FB_IS_OVERVIEW_PAGE (self), NULL);
  return self->deadlines;
}

const char *
fb_overview_page_get_containment_text (FbOverviewPage *self)
{
  g_return_val_if_fail (FB_IS_OVERVIEW_PAGE (self), NULL);
  return gtk_label_get_text (self->containment_label);
}
