/* fb-wall-panel.c — one panel of the wall display
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A heading and a few rows, read from across the room: the deadlines still
 * open with their countdowns, who commands, the decisions waiting, one
 * section's open steps with its progress, the pinned entries, the latest
 * entries. Each list is an FbLiveList, so a change remakes only the rows
 * it touched; nothing here writes to the record. A panel shows at most
 * N_ROWS rows and says how many more there are: the board pages panels,
 * never rows.
 */

#define G_LOG_DOMAIN "fb-wall"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-deadline-section.h"
#include "fb-describe.h"
#include "fb-format.h"
#include "fb-wall-panel.h"
#include "fb-wall-private.h"

#define N_ROWS          6
/* A section's open steps: fewer, so that more sections share a page. */
#define N_STEP_ROWS     4
/* How far back pending decisions are looked for. */
#define N_DECISIONS_SCANNED 200

struct _FbWallPanel
{
  FbIncidentPage   parent_instance;

  FbWallPanelKind  kind;
  FbSection        section;
  FbIncident      *incident;
  FbLiveList      *items;   /* held by FbIncidentPage; NULL for the panels of lines */
  guint            n_more;
  gint64           duty_due;   /* when the duty panel's lines change with time alone; 0 for never */

  GtkLabel        *title_label;
  GtkLabel        *count_label;
  GtkLevelBar     *progress;
  GtkListBox      *list;
  GtkBox          *rows;
  GtkLabel        *more_label;
};

G_DEFINE_FINAL_TYPE (FbWallPanel, fb_wall_panel, FB_TYPE_INCIDENT_PAGE)

enum {
  PROP_0,
  PROP_KIND,
  PROP_SECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows ----------------------------------------------------------------------- */

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A line of text, a smaller line under it, and a value at the end. */
GtkWidget *
_fb_wall_row_new (const char *text,
                  const char *detail,
                  GtkWidget  *value)
{
  return _fb_wall_row_new_lines (text, detail, value, 3);
}

/* The same, with @text cut to @lines lines. */
GtkWidget *
_fb_wall_row_new_lines (const char *text,
                        const char *detail,
                        GtkWidget  *value,
                        int         lines)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *words = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = new_label (text, "wall-row-text");

  gtk_label_set_lines (GTK_LABEL (label), lines);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (row, "wall-row");
  gtk_widget_set_hexpand (words, TRUE);
  gtk_box_append (GTK_BOX (words), label);
  if (detail != NULL && detail[0] != '\0')
    gtk_box_append (GTK_BOX (words), new_label (detail, "wall-row-detail"));
  gtk_box_append (GTK_BOX (row), words);

  if (value != NULL)
    {
      gtk_widget_set_valign (value, GTK_ALIGN_START);
      gtk_widget_add_css_class (value, "wall-row-value");
      gtk_box_append (GTK_BOX (row), value);
    }
  return row;
}

/* An entry: when, what it says (described as the timeline does), and who. */
GtkWidget *
_fb_wall_entry_row_new (FbContext *context,
                        FbEntry   *entry)
{
  g_autofree char *when = fb_context_format_time (context, fb_entry_get_occurred_at (entry));
  g_autofree char *text = fb_describe_entry (entry, fb_context_get_store (context));
  g_autofree char *detail = g_strdup_printf ("%s · %s", when, fb_entry_get_author (entry));
  GtkWidget *row = _fb_wall_row_new (text, detail, NULL);

  gtk_widget_add_css_class (row, "wall-entry");
  gtk_widget_add_css_class (row, fb_entry_kind_get_css (fb_entry_get_kind (entry)));
  return row;
}

void
_fb_wall_clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* The rows are read, never used: no focus, no activation. */
static GtkWidget *
wrap_row (GtkWidget *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static GtkWidget *
create_entry_row_cb (gpointer item,
                     gpointer user_data)
{
  return wrap_row (_fb_wall_entry_row_new (fb_incident_page_get_context (user_data), item));
}

static void
show_countdown (FbWallPanel *self,
                GtkWidget   *row,
                gint64       now)
{
  FbDeadline *deadline = g_object_get_data (G_OBJECT (row), "deadline");
  GtkWidget *countdown = g_object_get_data (G_OBJECT (row), "countdown");
  g_autofree char *text = NULL;
  FbDeadlineStatus status;

  if (deadline == NULL || countdown == NULL || self->incident == NULL)
    return;

  fb_deadline_get_status (deadline, self->incident, now, &status);
  text = fb_deadline_format_countdown (&status, TRUE);
  gtk_label_set_text (GTK_LABEL (countdown), text);
  fb_deadline_set_level_class (countdown, status.level);
}

static GtkWidget *
create_deadline_row_cb (gpointer item,
                        gpointer user_data)
{
  FbWallPanel *self = user_data;
  FbContext *context = fb_incident_page_get_context (user_data);
  FbDeadline *deadline = item;
  const char *basis = NULL;
  const char *name;
  g_autofree char *detail = NULL;
  GtkWidget *countdown = gtk_label_new (NULL);
  GtkWidget *row;
  gint64 due_at = self->incident != NULL ? fb_deadline_get_due_at (deadline, self->incident) : 0;

  name = fb_deadline_get_display_name (deadline,
                                       self->incident != NULL ? fb_incident_get_kind (self->incident) : NULL,
                                       fb_context_get_playbooks (context), &basis);
  if (due_at > 0)
    {
      g_autofree char *at = fb_context_format_time_full (context, due_at);
      /* Translators: %s is a date and time */
      detail = g_strdup_printf (_("due %s"), at);
    }

  gtk_widget_add_css_class (countdown, "numeric");
  row = wrap_row (_fb_wall_row_new (name, detail, countdown));
  g_object_set_data_full (G_OBJECT (row), "deadline", g_object_ref (deadline), g_object_unref);
  g_object_set_data (G_OBJECT (row), "countdown", countdown);
  show_countdown (self, row, fb_context_now_ms (context));
  return row;
}

static GtkWidget *
create_decision_row_cb (gpointer item,
                        gpointer user_data)
{
  FbContext *context = fb_incident_page_get_context (user_data);
  FbEntry *entry = item;
  g_autoptr(JsonObject) data = fb_entry_dup_data_object (entry);
  g_autofree char *when = fb_context_format_time (context, fb_entry_get_occurred_at (entry));
  /* Translators: under a pending decision: when it was asked, and by whom */
  g_autofree char *detail = g_strdup_printf (_("asked %s · %s"), when, fb_entry_get_author (entry));
  GtkWidget *row = _fb_wall_row_new (_fb_board_decision_question (entry, data), detail, NULL);

  gtk_widget_add_css_class (row, "wall-pending");
  return wrap_row (row);
}

static GtkWidget *
create_step_row_cb (gpointer item_,
                    gpointer user_data)
{
  FbContext *context = fb_incident_page_get_context (user_data);
  FbChecklistItem *item = item_;
  const char *assignee = fb_checklist_item_get_assignee (item);
  gint64 due_at = fb_checklist_item_get_due_at (item);
  g_autoptr(GString) detail = g_string_new (NULL);
  GtkWidget *row;

  if (fb_checklist_item_get_state (item) == FB_ITEM_DOING)
    g_string_append (detail, _("In progress"));
  if (assignee != NULL && assignee[0] != '\0')
    g_string_append_printf (detail, "%s%s", detail->len > 0 ? " · " : "", assignee);
  if (due_at > 0)
    {
      g_autofree char *at = fb_context_format_time (context, due_at);

      g_string_append (detail, detail->len > 0 ? " · " : "");
      /* Translators: %s is a date and time */
      g_string_append_printf (detail, _("due %s"), at);
    }

  row = _fb_wall_row_new_lines (fb_checklist_item_get_text (item), detail->str, NULL, 2);
  if (due_at > 0 && due_at < fb_context_now_ms (context))
    gtk_widget_add_css_class (row, "overdue");
  return wrap_row (row);
}

/* Queries ---------------------------------------------------------------------- */

static GListModel *
keep_first (FbWallPanel *self,
            GListStore  *all)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (all));
  guint max = self->kind == FB_WALL_PANEL_STEPS ? N_STEP_ROWS : N_ROWS;

  self->n_more = n > max ? n - max : 0;
  if (n > max)
    g_list_store_splice (all, max, n - max, NULL, 0);
  return G_LIST_MODEL (all);
}

/* The items of @all that @keep keeps, the first few of them. */
static GListModel *
keep_first_where (FbWallPanel  *self,
                  GListModel   *all,
                  gboolean    (*keep) (FbWallPanel *self, gpointer item))
{
  GListStore *kept = g_list_store_new (g_list_model_get_item_type (all));

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (all, i);

      if (keep (self, item))
        g_list_store_append (kept, item);
    }
  return keep_first (self, kept);
}

static gboolean
is_open_deadline (FbWallPanel *self,
                  gpointer     item)
{
  return fb_deadline_get_state (item) == FB_DEADLINE_OPEN;
}

static GListModel *
query_deadlines (gpointer user_data)
{
  FbIncidentPage *page = user_data;
  g_autoptr(GListModel) all = fb_store_list_deadlines (fb_incident_page_get_store (page),
                                                       fb_incident_page_get_incident (page));

  return keep_first_where (user_data, all, is_open_deadline);
}

static GListModel *
query_decisions (gpointer user_data)
{
  FbIncidentPage *page = user_data;
  g_autoptr(GListModel) decisions = fb_store_list_entries_where (fb_incident_page_get_store (page),
                                                                 fb_incident_page_get_incident (page),
                                                                 1u << FB_ENTRY_DECISION, FALSE,
                                                                 N_DECISIONS_SCANNED);
  g_autoptr(GPtrArray) pending = fb_incident_summary_decisions (decisions, TRUE);
  GListStore *shown = g_list_store_new (FB_TYPE_ENTRY);

  g_list_store_splice (shown, 0, 0, pending->pdata, pending->len);
  return keep_first (user_data, shown);
}

static gboolean
is_open_step (FbWallPanel *self,
              gpointer     item)
{
  FbItemState state = fb_checklist_item_get_state (item);

  return fb_checklist_item_get_section (item) == self->section &&
         (state == FB_ITEM_TODO || state == FB_ITEM_DOING);
}

static GListModel *
query_steps (gpointer user_data)
{
  FbIncidentPage *page = user_data;
  g_autoptr(GListModel) all = fb_store_list_checklist (fb_incident_page_get_store (page),
                                                       fb_incident_page_get_incident (page));

  return keep_first_where (user_data, all, is_open_step);
}

/* Newest first: what just happened is what the room looks for. */
static GListModel *
list_newest (FbWallPanel *self,
             gboolean     pinned_only)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autoptr(GListModel) entries = fb_store_list_entries_where (fb_incident_page_get_store (page),
                                                               fb_incident_page_get_incident (page),
                                                               FB_ENTRY_KINDS_ALL, pinned_only, N_ROWS);
  GListStore *shown = g_list_store_new (FB_TYPE_ENTRY);

  for (guint i = g_list_model_get_n_items (entries); i > 0; i--)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i - 1);
      g_list_store_append (shown, entry);
    }
  self->n_more = 0;
  return G_LIST_MODEL (shown);
}

static GListModel *
query_pinned (gpointer user_data)
{
  return list_newest (user_data, TRUE);
}

static GListModel *
query_entries (gpointer user_data)
{
  return list_newest (user_data, FALSE);
}

/* Refresh ---------------------------------------------------------------------- */

static void
show_progress (FbWallPanel *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autoptr(GListModel) items = fb_store_list_checklist (fb_incident_page_get_store (page),
                                                         fb_incident_page_get_incident (page));
  FbSectionProgress progress[FB_N_SECTIONS];
  const FbSectionProgress *p;
  g_autofree char *count = NULL;

  fb_incident_summary_progress (items, progress);
  p = &progress[self->section];
  /* A section without steps has nothing to show. */
  gtk_widget_set_visible (GTK_WIDGET (self), p->total > 0);

  /* Translators: open checklist steps in a section, of all its steps */
  count = g_strdup_printf (_("%u open of %u"), fb_section_progress_get_open (p), p->total);
  gtk_label_set_text (self->count_label, count);
  gtk_level_bar_set_value (self->progress, fb_section_progress_get_fraction (p));
}

static void
show_more (FbWallPanel *self)
{
  g_autofree char *more = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->more_label), self->n_more > 0);
  if (self->n_more == 0)
    return;

  /* Translators: under a list on the wall display cut short */
  more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", self->n_more),
                          self->n_more);
  gtk_label_set_text (self->more_label, more);
}

static void
show_duty (FbWallPanel *self)
{
  self->duty_due = _fb_wall_duty_update (FB_INCIDENT_PAGE (self), self->rows);
  gtk_widget_set_visible (GTK_WIDGET (self), gtk_widget_get_first_child (GTK_WIDGET (self->rows)) != NULL);
}

static void
fb_wall_panel_refresh (FbIncidentPage *page,
                       FbChangeFlags   flags)
{
  FbWallPanel *self = FB_WALL_PANEL (page);
  const char *incident = fb_incident_page_get_incident (page);
  FbChangeFlags mine = 0;

  if (flags == 0 || (flags & FB_CHANGE_INCIDENTS))
    {
      g_clear_object (&self->incident);
      if (incident != NULL)
        self->incident = fb_store_get_incident (fb_incident_page_get_store (page), incident);
    }
  if (incident == NULL)
    {
      if (self->items != NULL)
        fb_live_list_clear (self->items);
      if (self->kind == FB_WALL_PANEL_PERIOD || self->kind == FB_WALL_PANEL_DUTY)
        gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  switch (self->kind)
    {
    case FB_WALL_PANEL_DEADLINES:
      mine = FB_CHANGE_INCIDENTS | FB_CHANGE_DEADLINES;
      break;
    case FB_WALL_PANEL_COMMAND:
      /* Handovers follow roles and entries. */
      if (flags == 0 || (flags & (FB_CHANGE_ROLES | FB_CHANGE_WORKERS | FB_CHANGE_ENTRIES)))
        _fb_wall_command_update (page, self->rows);
      return;
    case FB_WALL_PANEL_DUTY:
      /* The limit of hours on duty is the incident's. */
      if (flags == 0 || (flags & (FB_CHANGE_INCIDENTS | FB_CHANGE_WORKERS)))
        show_duty (self);
      return;
    case FB_WALL_PANEL_PERIOD:
      if (flags == 0 || (flags & (FB_CHANGE_INCIDENTS | FB_CHANGE_ENTRIES)))
        gtk_widget_set_visible (GTK_WIDGET (self), _fb_wall_period_update (page, self->rows, self->title_label));
      return;
    case FB_WALL_PANEL_STEPS:
      mine = FB_CHANGE_CHECKLIST;
      if (flags == 0 || (flags & mine))
        show_progress (self);
      break;
    case FB_WALL_PANEL_DECISIONS:
    case FB_WALL_PANEL_PINNED:
    case FB_WALL_PANEL_ENTRIES:
    default:
      mine = FB_CHANGE_ENTRIES;
      break;
    }

  if (flags != 0 && (flags & mine) == 0)
    return;
  /* The deadlines' due times follow the incident's own times. */
  if (self->kind == FB_WALL_PANEL_DEADLINES && (flags == 0 || (flags & FB_CHANGE_INCIDENTS)))
    fb_live_list_reload (self->items);
  else
    fb_live_list_refresh (self->items);
  show_more (self);
}

static void
on_tick_cb (FbWallPanel *self,
            FbContext   *context)
{
  gint64 now = fb_context_now_ms (context);

  /* A worker passes the on-duty limit with no change to the record. */
  if (self->kind == FB_WALL_PANEL_DUTY && self->duty_due > 0 && self->duty_due <= now)
    {
      show_duty (self);
      return;
    }
  if (self->kind != FB_WALL_PANEL_DEADLINES || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    show_countdown (self, row, now);
}

/* The class ---------------------------------------------------------------------- */

static const struct {
  const char                 *title;
  const char                 *placeholder;
  FbLiveListQueryFunc         query;
  GtkListBoxCreateWidgetFunc  create_row;
} kinds[] = {
  [FB_WALL_PANEL_DEADLINES] = { N_("Deadlines"), N_("No deadline is open."), query_deadlines, create_deadline_row_cb },
  [FB_WALL_PANEL_COMMAND] = { N_("Command"), NULL, NULL, NULL },
  [FB_WALL_PANEL_DECISIONS] = { N_("Pending Decisions"), N_("No decision is waiting."),
                                query_decisions, create_decision_row_cb },
  [FB_WALL_PANEL_STEPS] = { NULL, N_("Every step in this section is settled."), query_steps, create_step_row_cb },
  [FB_WALL_PANEL_PINNED] = { N_("Pinned"), N_("Nothing is pinned yet."), query_pinned, create_entry_row_cb },
  [FB_WALL_PANEL_ENTRIES] = { N_("Latest Entries"), N_("Nothing recorded yet."), query_entries, create_entry_row_cb },
  [FB_WALL_PANEL_PERIOD] = { N_("Operational Period"), NULL, NULL, NULL },
  [FB_WALL_PANEL_DUTY] = { N_("On Duty"), NULL, NULL, NULL },
};

static void
fb_wall_panel_constructed (GObject *object)
{
  FbWallPanel *self = FB_WALL_PANEL (object);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  GtkWidget *placeholder;

  gtk_label_set_text (self->title_label, self->kind == FB_WALL_PANEL_STEPS ? fb_section_get_label (self->section)
                                                                            : _(kinds[self->kind].title));
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), self->kind == FB_WALL_PANEL_STEPS);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->kind == FB_WALL_PANEL_STEPS);
  gtk_widget_set_visible (GTK_WIDGET (self->list), kinds[self->kind].query != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->rows), kinds[self->kind].query == NULL);

  if (kinds[self->kind].query != NULL)
    {
      self->items = fb_incident_page_add_list (page, self->list, G_TYPE_OBJECT,
                                               kinds[self->kind].query, kinds[self->kind].create_row);
      if (self->kind == FB_WALL_PANEL_DEADLINES)
        fb_live_list_set_equal_func (self->items, fb_deadline_equal, NULL);
      placeholder = new_label (_(kinds[self->kind].placeholder), "wall-placeholder");
      gtk_list_box_set_placeholder (self->list, placeholder);
    }

  /* The base refreshes once constructed, when the lists exist. */
  G_OBJECT_CLASS (fb_wall_panel_parent_class)->constructed (object);

  g_signal_connect_object (fb_incident_page_get_context (page), "tick", G_CALLBACK (on_tick_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
fb_wall_panel_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FbWallPanel *self = FB_WALL_PANEL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    case PROP_SECTION:
      self->section = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_wall_panel_dispose (GObject *object)
{
  FbWallPanel *self = FB_WALL_PANEL (object);

  g_clear_object (&self->incident);

  G_OBJECT_CLASS (fb_wall_panel_parent_class)->dispose (object);
}

static void
fb_wall_panel_class_init (FbWallPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FbIncidentPageClass *page_class = FB_INCIDENT_PAGE_CLASS (klass);

  object_class->constructed = fb_wall_panel_constructed;
  object_class->set_property = fb_wall_panel_set_property;
  object_class->dispose = fb_wall_panel_dispose;
  page_class->refresh = fb_wall_panel_refresh;
  page_class->changes = FB_CHANGE_INCIDENTS | FB_CHANGE_ENTRIES | FB_CHANGE_ROLES | FB_CHANGE_WORKERS |
                        FB_CHANGE_CHECKLIST | FB_CHANGE_DEADLINES;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, FB_WALL_PANEL_DEADLINES, FB_WALL_PANEL_DUTY, FB_WALL_PANEL_ENTRIES,
                      G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION] =
    g_param_spec_int ("section", NULL, NULL, 0, FB_N_SECTIONS - 1, 0,
                      G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-wall-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FbWallPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallPanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, FbWallPanel, progress);
  gtk_widget_class_bind_template_child (widget_class, FbWallPanel, list);
  gtk_widget_class_bind_template_child (widget_class, FbWallPanel, rows);
  gtk_widget_class_bind_template_child (widget_class, FbWallPanel, more_label);
  gtk_widget_class_set_css_name (widget_class, "fbwallpanel");
}

static void
fb_wall_panel_init (FbWallPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @section: the checklist's section, for FB_WALL_PANEL_STEPS */
GtkWidget *
fb_wall_panel_new (FbContext       *context,
                   FbWallPanelKind  kind,
                   FbSection        section)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_WALL_PANEL, "context", context, "kind", kind, "section", section, NULL);
}

FbWallPanelKind
fb_wall_panel_get_kind (FbWallPanel *self)
{
  g_return_val_if_fail (FB_IS_WALL_PANEL (self), FB_WALL_PANEL_ENTRIES);
  return self->kind;
}

FbSection
fb_wall_panel_get_section (FbWallPanel *self)
{
  g_return_val_if_fail (FB_IS_WALL_PANEL (self), 0);
  return self->section;
}

/* The rows shown, or for the command, duty and period panels their lines. */
guint
fb_wall_panel_get_n_rows (FbWallPanel *self)
{
  guint n = 0;

  g_return_val_if_fail (FB_IS_WALL_PANEL (self), 0);

  if (self->items != NULL)
    return g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->rows)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}
