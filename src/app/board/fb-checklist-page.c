/* fb-checklist-page.c — an incident's checklist, section by section
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first three moves come first: fact-finding, escalation, damage
 * limitation; then recovery, communications and the review.
 *
 * Actions (prefix "checklist."):
 *   add-item               add a custom step (FbChecklistItemDialog)
 *   edit-item(s)           state, assignee, due time and note of an item
 *   set-state((ss))        (item id, "todo"|"doing"|"done"|"skipped")
 *   add-from-playbook      add the incident playbook's steps it lacks
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-board-private.h"
#include "fb-checklist-item-dialog.h"
#include "fb-checklist-page.h"

typedef struct
{
  AdwPreferencesGroup *group;
  GtkListBox          *list;
  GtkLabel            *count;
  GtkLevelBar         *bar;
} Section;

struct _FbChecklistPage
{
  FbIncidentPage     parent_instance;

  FbSectionProgress  progress[FB_N_SECTIONS];
  FbLiveList        *items;   /* held by FbIncidentPage */
  FbRowTime          time;
  Section            sections[FB_N_SECTIONS];

  /* Where the steps' reasons come from: the incident's playbook. */
  FbPlaybookLibrary *library;
  char              *kind_incident;
  char              *kind;

  GtkStack          *stack;
  GtkBox            *sections_box;
  GtkLabel          *summary_label;
};

G_DEFINE_FINAL_TYPE (FbChecklistPage, fb_checklist_page, FB_TYPE_INCIDENT_PAGE)

static void
on_check_toggled_cb (GtkCheckButton  *check,
                     FbChecklistPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "fb-item");

  gtk_widget_activate_action (GTK_WIDGET (self), "checklist.set-state", "(ss)", id,
                              gtk_check_button_get_active (check) ? "done" : "todo");
}

static char *
describe_item (FbContext       *context,
               FbChecklistItem *item,
               gint64           now_ms)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  FbItemState state = fb_checklist_item_get_state (item);
  const char *assignee = fb_checklist_item_get_assignee (item);
  const char *note = fb_checklist_item_get_note (item);
  gint64 due_at = fb_checklist_item_get_due_at (item);

  if (state == FB_ITEM_DOING || state == FB_ITEM_SKIPPED)
    g_ptr_array_add (parts, g_strdup (fb_item_state_get_label (state)));

  if (assignee != NULL && assignee[0] != '\0')
    g_ptr_array_add (parts, g_strdup (assignee));

  if (due_at > 0 && (state == FB_ITEM_TODO || state == FB_ITEM_DOING))
    {
      g_autofree char *when = fb_context_format_time (context, due_at);

      if (due_at < now_ms)
        /* TRANSLATORS: %s is a time, "14:30" */
        g_ptr_array_add (parts, g_strdup_printf (_("Overdue since %s"), when));
      else
        /* TRANSLATORS: %s is a time, "14:30" */
        g_ptr_array_add (parts, g_strdup_printf (_("Due %s"), when));
    }

  if (state == FB_ITEM_DONE || state == FB_ITEM_SKIPPED)
    {
      g_autofree char *when = fb_context_format_time (context, fb_checklist_item_get_done_at (item));
      const char *by = fb_checklist_item_get_done_by (item);

      if (by != NULL && by[0] != '\0')
        /* TRANSLATORS: who finished a checklist item, and when */
        g_ptr_array_add (parts, g_strdup_printf (_("%s at %s"), by, when));
      else
        g_ptr_array_add (parts, g_strdup (when));
    }

  if (note != NULL && note[0] != '\0')
    g_ptr_array_add (parts, g_strdup (note));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static GListModel *
query_items (gpointer user_data)
{
  FbIncidentPage *page = user_data;

  return fb_store_list_checklist (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));
}

static gboolean
is_in_section (gpointer item,
               gpointer user_data)
{
  return (guint) fb_checklist_item_get_section (item) == GPOINTER_TO_UINT (user_data);
}

/* A step with a reason from the playbook folds it away under the row, so
 * that the list stays short and the reason is one keypress away. */
static GtkWidget *
new_hint_row (const char *title,
              const char *subtitle,
              const char *hint)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *label = gtk_label_new (hint);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint, -1);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "fb-step-hint");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 10);
  gtk_widget_set_margin_bottom (label, 10);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);

  return row;
}

static void
add_row_prefix (GtkWidget *row,
                GtkWidget *widget)
{
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), widget);
  else
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), widget);
}

static const char *
find_hint (FbChecklistPage *self,
           FbChecklistItem *item)
{
  if (self->library == NULL)
    return NULL;

  return fb_playbook_library_get_hint (self->library, self->kind,
                                       fb_checklist_item_get_playbook_item (item));
}

static GtkWidget *
create_item_row_cb (gpointer item_,
                    gpointer user_data)
{
  FbChecklistPage *self = user_data;
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  FbChecklistItem *item = item_;
  FbItemState state = fb_checklist_item_get_state (item);
  g_autofree char *subtitle = describe_item (fb_incident_page_get_context (page), item, self->time.now_ms);
  const char *hint = find_hint (self, item);
  /* A playbook's step in the reader's language, whoever made it. */
  const char *text = self->library != NULL
                     ? fb_playbook_library_localize_item (self->library, self->kind,
                                                          fb_checklist_item_get_playbook_item (item),
                                                          fb_checklist_item_get_text (item))
                     : fb_checklist_item_get_text (item);
  GtkWidget *row = hint != NULL
                   ? new_hint_row (text, subtitle, hint)
                   : _fb_board_new_row (text, subtitle);
  GtkWidget *check = gtk_check_button_new ();

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), state == FB_ITEM_DONE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Done"));
  g_object_set_data_full (G_OBJECT (check), "fb-item",
                          g_strdup (fb_checklist_item_get_id (item)), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  add_row_prefix (row, check);
  if (ADW_IS_ACTION_ROW (row))
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  /* Both are settled, but a skipped step was not done: it is struck
   * through, so a glance down the list tells the two apart. */
  if (state == FB_ITEM_DONE || state == FB_ITEM_SKIPPED)
    gtk_widget_add_css_class (row, "dim-label");
  if (state == FB_ITEM_SKIPPED)
    gtk_widget_add_css_class (row, "checklist-skipped");
  if (state == FB_ITEM_DOING)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("media-playback-start-symbolic");

      gtk_widget_set_tooltip_text (icon, fb_item_state_get_label (state));
      gtk_widget_add_css_class (icon, "accent");
      if (ADW_IS_EXPANDER_ROW (row))
        adw_expander_row_add_action (ADW_EXPANDER_ROW (row), icon);
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }

  _fb_board_add_button (row, "document-edit-symbolic", _("Edit Step"),
                        "checklist.edit-item", g_variant_new_string (fb_checklist_item_get_id (item)));
  return row;
}

static void
update_progress (FbChecklistPage *self)
{
  guint total = 0, done = 0, skipped = 0;

  fb_incident_summary_progress (G_LIST_MODEL (self->items), self->progress);
  for (guint s = 0; s < FB_N_SECTIONS; s++)
    {
      const FbSectionProgress *p = &self->progress[s];
      Section *section = &self->sections[s];
      g_autofree char *count = NULL;

      /* TRANSLATORS: checklist progress: items settled (done or skipped) of all */
      count = g_strdup_printf (_("%u of %u"), p->done + p->skipped, p->total);
      gtk_label_set_text (section->count, count);
      gtk_level_bar_set_value (section->bar, fb_section_progress_get_fraction (p));
      gtk_widget_set_visible (GTK_WIDGET (section->bar), p->total > 0);
      gtk_widget_set_visible (GTK_WIDGET (section->count), p->total > 0);
      total += p->total;
      done += p->done;
      skipped += p->skipped;
    }

  if (total == 0)
    gtk_label_set_text (self->summary_label, _("No steps yet"));
  else if (skipped == 0)
    {
      /* TRANSLATORS: the whole checklist's progress */
      g_autofree char *summary = g_strdup_printf (_("%u of %u steps done"), done, total);
      gtk_label_set_text (self->summary_label, summary);
    }
  else
    {
      /* TRANSLATORS: the whole checklist's progress, when some steps were
       * skipped: steps done, steps skipped, all steps */
      g_autofree char *summary = g_strdup_printf (_("%u done, %u skipped, of %u steps"), done, skipped, total);
      gtk_label_set_text (self->summary_label, summary);
    }
}

/* The playbooks are read once a page, and the incident's kind once an
 * incident: the kind never changes. */
static void
update_kind (FbChecklistPage *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  const char *incident = fb_incident_page_get_incident (page);
  g_autoptr(FbIncident) subject = NULL;

  if (g_strcmp0 (incident, self->kind_incident) == 0)
    return;

  subject = fb_store_get_incident (fb_incident_page_get_store (page), incident);
  g_free (self->kind_incident);
  self->kind_incident = g_strdup (incident);
  g_free (self->kind);
  self->kind = subject != NULL ? g_strdup (fb_incident_get_kind (subject)) : NULL;
  if (self->library == NULL)
    self->library = fb_playbook_library_new ();
  /* Rows made before the kind was known lack their reasons. */
  fb_live_list_reload (self->items);
}

static void
fb_checklist_page_refresh (FbIncidentPage *page,
                           FbChangeFlags   flags)
{
  FbChecklistPage *self = FB_CHECKLIST_PAGE (page);
  gboolean have = fb_incident_page_get_incident (page) != NULL;

  gtk_stack_set_visible_child_name (self->stack, have ? "checklist" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.add-item", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.edit-item", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.set-state", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.add-from-playbook", have);

  if (!have)
    return;

  update_kind (self);
  self->time.now_ms = fb_context_now_ms (fb_incident_page_get_context (page));
  fb_live_list_refresh (self->items);
  self->time.shown_ms = self->time.now_ms;
  update_progress (self);
}

static void
add_item_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);

  _fb_board_present (widget, GTK_WINDOW (fb_checklist_item_dialog_new (fb_incident_page_get_context (page),
                                                                       fb_incident_page_get_incident (page), NULL)));
}

static void
edit_item_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);

  _fb_board_present (widget, GTK_WINDOW (fb_checklist_item_dialog_new (fb_incident_page_get_context (page),
                                                                       fb_incident_page_get_incident (page),
                                                                       g_variant_get_string (parameter, NULL))));
}

static void
set_state_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FbChecklistPage *self = FB_CHECKLIST_PAGE (widget);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *id, *state;

  g_variant_get (parameter, "(&s&s)", &id, &state);
  if (!fb_item_state_from_string (state, NULL))
    {
      g_warning ("Unknown checklist state “%s”", state);
      return;
    }

  json_object_set_string_member (fields, "state", state);
  if (!fb_store_set_checklist_item (fb_incident_page_get_store (page), id, fields, &error))
    {
      _fb_board_show_error (widget, _("The checklist was not updated"), error);
      /* The box the click ticked shows the item's state again. */
      fb_live_list_reload (self->items);
    }
}

static void
add_from_playbook_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);
  g_autoptr(FbIncident) incident = fb_store_get_incident (fb_incident_page_get_store (page),
                                                          fb_incident_page_get_incident (page));
  g_autoptr(FbPlaybookLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  FbPlaybook *playbook;

  if (incident == NULL)
    return;

  library = fb_playbook_library_new ();
  playbook = fb_playbook_library_lookup (library, fb_incident_get_kind (incident));
  if (playbook == NULL)
    playbook = fb_playbook_library_lookup (library, "generic");
  if (playbook == NULL)
    return;

  if (!fb_playbook_instantiate (playbook, fb_incident_page_get_store (page),
                                fb_incident_page_get_incident (page), &error))
    _fb_board_show_error (widget, _("The playbook’s steps were not added"), error);
}

static void
build_sections (FbChecklistPage *self)
{
  for (guint s = 0; s < FB_N_SECTIONS; s++)
    {
      Section *section = &self->sections[s];
      GtkWidget *suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autoptr(GtkFilterListModel) shown = NULL;
      GtkCustomFilter *filter;
      g_autofree char *title = g_markup_escape_text (fb_section_get_label (s), -1);

      /* The group's title is markup; "Eradication & recovery" is not. */
      section->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (section->group, title);

      section->count = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (section->count), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (section->count), "numeric");
      section->bar = GTK_LEVEL_BAR (gtk_level_bar_new_for_interval (0.0, 1.0));
      gtk_level_bar_set_mode (section->bar, GTK_LEVEL_BAR_MODE_CONTINUOUS);
      gtk_widget_set_size_request (GTK_WIDGET (section->bar), 120, -1);
      gtk_widget_set_valign (GTK_WIDGET (section->bar), GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, fb_section_get_label (s), -1);
      gtk_box_append (GTK_BOX (suffix), GTK_WIDGET (section->count));
      gtk_box_append (GTK_BOX (suffix), GTK_WIDGET (section->bar));
      adw_preferences_group_set_header_suffix (section->group, suffix);

      section->list = _fb_board_new_list ();
      filter = gtk_custom_filter_new (is_in_section, GUINT_TO_POINTER (s), NULL);
      shown = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->items)), GTK_FILTER (filter));
      gtk_list_box_bind_model (section->list, G_LIST_MODEL (shown), create_item_row_cb, self, NULL);
      gtk_list_box_set_placeholder (section->list, _fb_board_new_placeholder (_("No steps in this section")));
      adw_preferences_group_add (section->group, GTK_WIDGET (section->list));

      gtk_box_append (self->sections_box, GTK_WIDGET (section->group));
    }
}

static void
fb_checklist_page_finalize (GObject *object)
{
  FbChecklistPage *self = FB_CHECKLIST_PAGE (object);

  g_clear_object (&self->library);
  g_free (self->kind_incident);
  g_free (self->kind);

  G_OBJECT_CLASS (fb_checklist_page_parent_class)->finalize (object);
}

static void
fb_checklist_page_class_init (FbChecklistPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FbIncidentPageClass *page_class = FB_INCIDENT_PAGE_CLASS (klass);

  object_class->finalize = fb_checklist_page_finalize;

  page_class->refresh = fb_checklist_page_refresh;
  page_class->changes = FB_CHANGE_CHECKLIST;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/board/fb-checklist-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbChecklistPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FbChecklistPage, sections_box);
  gtk_widget_class_bind_template_child (widget_class, FbChecklistPage, summary_label);

  gtk_widget_class_install_action (widget_class, "checklist.add-item", NULL, add_item_action);
  gtk_widget_class_install_action (widget_class, "checklist.edit-item", "s", edit_item_action);
  gtk_widget_class_install_action (widget_class, "checklist.set-state", "(ss)", set_state_action);
  gtk_widget_class_install_action (widget_class, "checklist.add-from-playbook", NULL,
                                   add_from_playbook_action);

  gtk_widget_class_set_css_name (widget_class, "fb-checklist-page");
}

static void
fb_checklist_page_init (FbChecklistPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* One list, shown a section in each list box. */
  self->items = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), NULL, FB_TYPE_CHECKLIST_ITEM,
                                           query_items, NULL);
  fb_live_list_set_equal_func (self->items, _fb_board_checklist_items_equal, &self->time);
  build_sections (self);
}

GtkWidget *
fb_checklist_page_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_CHECKLIST_PAGE, "context", context, NULL);
}

void
fb_checklist_page_get_progress (FbChecklistPage   *self,
                                FbSectionProgress  progress[FB_N_SECTIONS])
{
  g_return_if_fail (FB_IS_CHECKLIST_PAGE (self));

  memcpy (progress, self->progress, sizeof self->progress);
}
