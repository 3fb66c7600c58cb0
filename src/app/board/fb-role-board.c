/* fb-role-board.c — who commands, who holds which role, who works on what
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions (prefix "board."):
 *   hand-over            the handover briefing (FbHandoverDialog), an offer
 *   accept-handover(s)   accept an offer made to the person at this workstation
 *   decline-handover(s)  decline it
 *   withdraw-handover(s) take back an offer not yet accepted
 *   start-period         start the next operational period (FbPeriodDialog)
 *   set-duty-limit       the hours on duty the incident allows before a warning
 *   assign(s)            assign a role; "" asks for a custom role's name;
 *                        "commander" is a handover
 *   add-worker           put someone on the worker list
 *   edit-worker(s)       change a worker's status or task
 *   record-decision      record a decision, made or pending
 *   decide(s)            record the outcome of a pending decision entry
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-assign-dialog.h"
#include "fb-board-private.h"
#include "fb-board-shift-private.h"
#include "fb-decision-dialog.h"
#include "fb-handover-dialog.h"
#include "fb-period-dialog.h"
#include "fb-role-board.h"
#include "fb-worker-dialog.h"

struct _FbRoleBoard
{
  FbIncidentPage     parent_instance;

  FbCommandWarnings  warnings;
  FbLiveList        *roles;   /* held by FbIncidentPage */
  FbLiveList        *workers;
  FbLiveList        *decisions;
  FbLiveList        *handovers;
  gint64             next_duty_limit_at;  /* when the next worker passes the limit; 0 for none */

  GtkStack          *stack;
  GtkListBox        *warnings_list;
  GtkListBox        *command_list;
  GtkListBox        *roles_list;
  GtkListBox        *workers_list;
  GtkListBox        *decisions_list;
  GtkListBox        *handovers_list;
};

#define RECENT_DECISIONS 200
#define MADE_DECISIONS_SHOWN 10

G_DEFINE_FINAL_TYPE (FbRoleBoard, fb_role_board, FB_TYPE_INCIDENT_PAGE)

enum {
  PROP_0,
  PROP_WARNINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_warning (FbRoleBoard *self,
             const char  *title,
             const char  *subtitle,
             const char  *button_label,
             const char  *action,
             GVariant    *target)
{
  GtkWidget *row = _fb_board_new_row (title, subtitle);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *button = gtk_button_new_with_mnemonic (button_label);

  gtk_widget_add_css_class (row, "warning");
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  gtk_list_box_append (self->warnings_list, row);
}

static void
update_warnings (FbRoleBoard *self,
                 GListModel  *roles,
                 GListModel  *workers)
{
  g_autoptr(FbWorker) culprit = NULL;
  FbCommandWarnings warnings;
  guint n_tired;

  warnings = _fb_board_command_warnings (fb_incident_page_get_store (FB_INCIDENT_PAGE (self)),
                                         fb_incident_page_get_incident (FB_INCIDENT_PAGE (self)),
                                         roles, workers, &culprit);
  _fb_board_clear_list (self->warnings_list);

  if (warnings & FB_COMMAND_WARNING_NO_COMMANDER)
    add_warning (self, _("Nobody commands this incident"),
                 _("Name one incident commander, who decides and delegates."),
                 _("_Take Command…"), "board.hand-over", NULL);

  if (warnings & FB_COMMAND_WARNING_COMMANDER_WORKS)
    {
      const char *task = fb_worker_get_task (culprit);
      g_autofree char *subtitle = NULL;

      if (task != NULL && task[0] != '\0')
        /* TRANSLATORS: %s is the task the commander holds */
        subtitle = g_strdup_printf (_("Also working on: %s. Keep those who do the work apart from "
                                      "the one in control: hand the task to someone else."), task);
      else
        subtitle = g_strdup (_("Keep those who do the work apart from the one in control: "
                               "hand the work to someone else."));
      add_warning (self, _("The commander also holds a worker task"), subtitle,
                   _("_Reassign…"), "board.edit-worker",
                   g_variant_new_string (fb_worker_get_id (culprit)));
    }

  self->next_duty_limit_at =
    _fb_board_add_duty_warnings (self->warnings_list, fb_incident_page_get_context (FB_INCIDENT_PAGE (self)),
                                 fb_incident_page_get_incident (FB_INCIDENT_PAGE (self)), workers, &n_tired);

  gtk_widget_set_visible (GTK_WIDGET (self->warnings_list), warnings != FB_COMMAND_WARNING_NONE || n_tired > 0);

  if (self->warnings != warnings)
    {
      self->warnings = warnings;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNINGS]);
    }
}

static void
update_command (FbRoleBoard *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autoptr(FbRole) commander = fb_store_get_role (fb_incident_page_get_store (page),
                                                   fb_incident_page_get_incident (page), "commander");
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *icon;

  _fb_board_clear_list (self->command_list);

  if (commander != NULL)
    {
      g_autofree char *since = fb_context_format_time (fb_incident_page_get_context (page),
                                                       fb_role_get_assigned_at (commander));

      /* TRANSLATORS: the person in command, and since when (a time) */
      subtitle = g_strdup_printf (_("%s, since %s"), fb_role_get_person (commander), since);
    }

  row = _fb_board_new_row (fb_role_get_label ("commander"),
                           subtitle != NULL ? subtitle : _("Vacant"));
  gtk_widget_add_css_class (row, "property");
  icon = gtk_image_new_from_icon_name ("starred-symbolic");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  _fb_board_add_button (row, "system-switch-user-symbolic", _("Hand Over Command"),
                        "board.hand-over", NULL);
  gtk_list_box_append (self->command_list, row);
  _fb_board_add_shift_rows (self->command_list, fb_incident_page_get_context (page),
                            fb_incident_page_get_incident (page));
}

/* A standard role nobody holds is its name; a held one, its FbRole. */
static const char *
get_role_key (gpointer item)
{
  return FB_IS_ROLE (item) ? fb_role_get_role (item) : gtk_string_object_get_string (item);
}

static GListModel *
query_roles (gpointer user_data)
{
  FbIncidentPage *page = user_data;
  const char * const *standard = fb_role_get_standard ();
  g_autoptr(GListModel) roles = NULL;
  GListStore *slots = g_list_store_new (G_TYPE_OBJECT);

  for (guint i = 0; standard[i] != NULL; i++)
    {
      g_autoptr(FbRole) holder = NULL;
      g_autoptr(GtkStringObject) vacant = NULL;

      if (g_str_equal (standard[i], "commander"))
        continue;
      holder = fb_store_get_role (fb_incident_page_get_store (page),
                                  fb_incident_page_get_incident (page), standard[i]);
      if (holder == NULL)
        vacant = gtk_string_object_new (standard[i]);
      g_list_store_append (slots, holder != NULL ? (gpointer) holder : (gpointer) vacant);
    }

  /* Custom roles, as typed. */
  roles = fb_store_list_roles (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(FbRole) role = g_list_model_get_item (roles, i);

      if (!g_strv_contains (standard, fb_role_get_role (role)))
        g_list_store_append (slots, role);
    }
  return G_LIST_MODEL (slots);
}

static GtkWidget *
create_role_row_cb (gpointer item,
                    gpointer user_data)
{
  const char *role = get_role_key (item);
  GtkWidget *row = _fb_board_new_row (fb_role_get_label (role),
                                      FB_IS_ROLE (item) ? fb_role_get_person (item) : _("Not assigned"));

  _fb_board_add_button (row, "document-edit-symbolic", _("Assign"),
                        "board.assign", g_variant_new_string (role));
  return row;
}

static GListModel *
query_workers (gpointer user_data)
{
  FbIncidentPage *page = user_data;

  return fb_store_list_workers (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));
}

static GtkWidget *
create_worker_row_cb (gpointer item,
                      gpointer user_data)
{
  FbIncidentPage *page = user_data;
  FbWorker *worker = item;
  const char *status = fb_worker_status_get_label (fb_worker_get_status (worker));
  g_autofree char *subtitle = _fb_board_describe_worker (worker, fb_incident_page_get_context (page),
                                                         fb_incident_page_get_incident (page));
  GtkWidget *row;
  GtkWidget *badge;

  row = _fb_board_new_row (fb_worker_get_person (worker), subtitle);
  _fb_board_mark_worker_row (row, worker, fb_incident_page_get_context (page),
                             fb_incident_page_get_incident (page));
  if (fb_worker_get_status (worker) == FB_WORKER_OFF_SHIFT)
    gtk_widget_add_css_class (row, "dim-label");

  badge = gtk_label_new (status);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "caption-heading");
  gtk_widget_add_css_class (badge, fb_worker_get_status (worker) == FB_WORKER_CONTAINING
                                   ? "accent" : "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  _fb_board_add_button (row, "document-edit-symbolic", _("Edit Worker"),
                        "board.edit-worker", g_variant_new_string (fb_worker_get_id (worker)));
  return row;
}

static GListModel *
query_handovers (gpointer user_data)
{
  FbIncidentPage *page = user_data;

  return fb_store_list_handovers (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));
}

static GtkWidget *
create_handover_row_cb (gpointer item,
                        gpointer user_data)
{
  return _fb_board_create_handover_row (item, fb_incident_page_get_context (user_data));
}

/* The pending decisions first, then the newest made ones. */
static GListModel *
query_decisions (gpointer user_data)
{
  FbIncidentPage *page = user_data;
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) made = NULL;
  GListStore *shown;

  /* The board is for what is open now: the recent decisions, not every
   * one of a long incident (the timeline's decision filter has them all). */
  entries = fb_store_list_entries_where (fb_incident_page_get_store (page),
                                         fb_incident_page_get_incident (page),
                                         1u << FB_ENTRY_DECISION, FALSE, RECENT_DECISIONS);
  pending = fb_incident_summary_decisions (entries, TRUE);
  made = fb_incident_summary_decisions (entries, FALSE);

  shown = g_list_store_new (FB_TYPE_ENTRY);
  g_list_store_splice (shown, 0, 0, pending->pdata, pending->len);
  for (guint i = made->len; i > 0 && made->len - i < MADE_DECISIONS_SHOWN; i--)
    g_list_store_append (shown, g_ptr_array_index (made, i - 1));
  return G_LIST_MODEL (shown);
}

static char *
describe_options (JsonObject *data)
{
  JsonArray *options = data != NULL && json_object_has_member (data, "options")
                       ? json_object_get_array_member (data, "options") : NULL;
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
    {
      JsonNode *node = json_array_get_element (options, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_string_append_printf (joined, "%s%s", joined->len > 0 ? " / " : "",
                                json_node_get_string (node));
    }
  /* TRANSLATORS: a decision not made yet; %s lists the options */
  return joined->len > 0 ? g_strdup_printf (_("Pending: %s"), joined->str)
                         : g_strdup (_("Pending"));
}

static GtkWidget *
create_decision_row_cb (gpointer item,
                        gpointer user_data)
{
  FbEntry *entry = item;
  g_autoptr(JsonObject) data = fb_entry_dup_data_object (entry);
  gboolean pending = g_str_equal (fb_entry_data_get_string (data, "status"), "pending");
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *icon;

  if (pending)
    subtitle = describe_options (data);
  else
    {
      const char *decision = fb_entry_data_get_string (data, "decision");
      const char *by = fb_entry_data_get_string (data, "decided_by");

      if (decision[0] != '\0' && by[0] != '\0')
        subtitle = g_strdup_printf ("%s (%s)", decision, by);
      else
        subtitle = g_strdup (decision);
    }

  row = _fb_board_new_row (_fb_board_decision_question (entry, data), subtitle);
  icon = gtk_image_new_from_icon_name (pending ? "dialog-question-symbolic" : "emblem-ok-symbolic");
  gtk_widget_add_css_class (icon, pending ? "warning" : "success");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (pending)
    _fb_board_add_button (row, "object-select-symbolic", _("Record the Decision"),
                          "board.decide", g_variant_new_string (fb_entry_get_id (entry)));
  return row;
}

static void
fb_role_board_refresh (FbIncidentPage *page,
                       FbChangeFlags   flags)
{
  FbRoleBoard *self = FB_ROLE_BOARD (page);
  g_autoptr(GListModel) roles = NULL;
  g_autoptr(GListModel) workers = NULL;
  gboolean have = fb_incident_page_get_incident (page) != NULL;

  gtk_stack_set_visible_child_name (self->stack, have ? "board" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.hand-over", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.assign", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.add-worker", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.edit-worker", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.record-decision", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.decide", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.accept-handover", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.decline-handover", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.withdraw-handover", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.start-period", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.set-duty-limit", have);

  if (!have)
    return;

  if (flags == 0)
    flags = FB_CHANGE_ROLES | FB_CHANGE_WORKERS | FB_CHANGE_ENTRIES;
  /* A period starting, and the incident's limit of hours on duty. */
  if (flags & FB_CHANGE_INCIDENTS)
    flags |= FB_CHANGE_ROLES | FB_CHANGE_WORKERS;
  /* Roles and workers name contacts. */
  if (flags & FB_CHANGE_CONTACTS)
    flags |= FB_CHANGE_ROLES;

  roles = fb_store_list_roles (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));
  workers = fb_store_list_workers (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));

  if (flags & (FB_CHANGE_ROLES | FB_CHANGE_WORKERS))
    update_warnings (self, roles, workers);
  if (flags & FB_CHANGE_ROLES)
    {
      update_command (self);
      fb_live_list_refresh (self->roles);
      fb_live_list_refresh (self->handovers);
    }
  if (flags & FB_CHANGE_WORKERS)
    fb_live_list_refresh (self->workers);
  if (flags & FB_CHANGE_ENTRIES)
    fb_live_list_refresh (self->decisions);
}

static void
present (FbRoleBoard *self,
         gpointer     dialog)
{
  _fb_board_present (GTK_WIDGET (self), GTK_WINDOW (dialog));
}

static void
hand_over_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);

  present (self, fb_handover_dialog_new (fb_incident_page_get_context (page),
                                         fb_incident_page_get_incident (page)));
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  const char *role = g_variant_get_string (parameter, NULL);

  /* A new commander is never a silent field change. */
  if (g_str_equal (role, "commander"))
    present (self, fb_handover_dialog_new (fb_incident_page_get_context (page),
                                           fb_incident_page_get_incident (page)));
  else
    present (self, fb_assign_dialog_new (fb_incident_page_get_context (page),
                                         fb_incident_page_get_incident (page), role));
}

static void
add_worker_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);

  present (self, fb_worker_dialog_new (fb_incident_page_get_context (page),
                                       fb_incident_page_get_incident (page), NULL));
}

static void
edit_worker_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);

  present (self, fb_worker_dialog_new (fb_incident_page_get_context (page),
                                       fb_incident_page_get_incident (page),
                                       g_variant_get_string (parameter, NULL)));
}

static void
record_decision_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);

  present (self, fb_decision_dialog_new (fb_incident_page_get_context (page),
                                         fb_incident_page_get_incident (page), NULL));
}

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);

  present (self, fb_decision_dialog_new (fb_incident_page_get_context (page),
                                         fb_incident_page_get_incident (page),
                                         g_variant_get_string (parameter, NULL)));
}

/* Accept, decline or withdraw the offer the parameter names. */
static void
close_handover_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);
  FbStore *store = fb_incident_page_get_store (page);
  const char *incident = fb_incident_page_get_incident (page);
  const char *handover = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (action_name, "board.accept-handover"))
    {
      if (!fb_store_accept_handover (store, incident, handover, &error))
        _fb_board_show_error (widget, _("Command was not accepted"), error);
    }
  else if (g_str_equal (action_name, "board.decline-handover"))
    {
      if (!fb_store_decline_handover (store, incident, handover, &error))
        _fb_board_show_error (widget, _("The handover was not declined"), error);
    }
  else if (!fb_store_withdraw_handover (store, incident, handover, &error))
    _fb_board_show_error (widget, _("The handover was not withdrawn"), error);
}

static void
start_period_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);

  present (self, fb_period_dialog_new (fb_incident_page_get_context (page),
                                       fb_incident_page_get_incident (page)));
}

static void
set_duty_limit_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);

  present (FB_ROLE_BOARD (widget),
           _fb_board_duty_limit_dialog_new (fb_incident_page_get_context (page),
                                            fb_incident_page_get_incident (page)));
}

/* Someone passing the limit of hours on duty changes no record: the
 * board looks again when the time comes. */
static void
on_tick_cb (FbRoleBoard *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autoptr(GListModel) roles = NULL;
  g_autoptr(GListModel) workers = NULL;

  if (self->next_duty_limit_at == 0 || fb_incident_page_get_incident (page) == NULL ||
      fb_context_now_ms (fb_incident_page_get_context (page)) < self->next_duty_limit_at)
    return;

  roles = fb_store_list_roles (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));
  workers = fb_store_list_workers (fb_incident_page_get_store (page), fb_incident_page_get_incident (page));
  update_warnings (self, roles, workers);
  fb_live_list_reload (self->workers);
}

/* Whether this workstation may accept an offer follows the name set on it. */
static void
on_user_name_changed_cb (FbRoleBoard *self)
{
  if (fb_incident_page_get_incident (FB_INCIDENT_PAGE (self)) != NULL)
    update_command (self);
}

static void
fb_role_board_constructed (GObject *object)
{
  FbRoleBoard *self = FB_ROLE_BOARD (object);
  FbContext *context;

  G_OBJECT_CLASS (fb_role_board_parent_class)->constructed (object);

  context = fb_incident_page_get_context (FB_INCIDENT_PAGE (self));
  g_signal_connect_object (context, "tick", G_CALLBACK (on_tick_cb), self, G_CONNECT_SWAPPED);
  if (fb_context_get_settings (context) != NULL)
    g_signal_connect_object (fb_context_get_settings (context), "changed::user-name",
                             G_CALLBACK (on_user_name_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
fb_role_board_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FbRoleBoard *self = FB_ROLE_BOARD (object);

  switch (prop_id)
    {
    case PROP_WARNINGS:
      g_value_set_uint (value, self->warnings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_role_board_class_init (FbRoleBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FbIncidentPageClass *page_class = FB_INCIDENT_PAGE_CLASS (klass);

  object_class->constructed = fb_role_board_constructed;
  object_class->get_property = fb_role_board_get_property;
  page_class->refresh = fb_role_board_refresh;
  page_class->changes = FB_CHANGE_ROLES | FB_CHANGE_WORKERS | FB_CHANGE_ENTRIES | FB_CHANGE_CONTACTS |
                        FB_CHANGE_INCIDENTS;

  properties[PROP_WARNINGS] =
    g_param_spec_uint ("warnings", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/board/fb-role-board.ui");
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, stack);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, command_list);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, roles_list);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, workers_list);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, decisions_list);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, handovers_list);

  gtk_widget_class_install_action (widget_class, "board.hand-over", NULL, hand_over_action);
  gtk_widget_class_install_action (widget_class, "board.assign", "s", assign_action);
  gtk_widget_class_install_action (widget_class, "board.add-worker", NULL, add_worker_action);
  gtk_widget_class_install_action (widget_class, "board.edit-worker", "s", edit_worker_action);
  gtk_widget_class_install_action (widget_class, "board.record-decision", NULL, record_decision_action);
  gtk_widget_class_install_action (widget_class, "board.decide", "s", decide_action);
  gtk_widget_class_install_action (widget_class, "board.accept-handover", "s", close_handover_action);
  gtk_widget_class_install_action (widget_class, "board.decline-handover", "s", close_handover_action);
  gtk_widget_class_install_action (widget_class, "board.withdraw-handover", "s", close_handover_action);
  gtk_widget_class_install_action (widget_class, "board.start-period", NULL, start_period_action);
  gtk_widget_class_install_action (widget_class, "board.set-duty-limit", NULL, set_duty_limit_action);

  gtk_widget_class_set_css_name (widget_class, "fb-role-board");
}

static void
fb_role_board_init (FbRoleBoard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->roles = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->roles_list, G_TYPE_OBJECT,
                                           query_roles, create_role_row_cb);
  fb_live_list_set_key_func (self->roles, get_role_key);
  self->workers = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->workers_list, FB_TYPE_WORKER,
                                             query_workers, create_worker_row_cb);
  gtk_list_box_set_placeholder (self->workers_list, _fb_board_new_empty_row (_("Nobody on the worker list yet")));

  self->decisions = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->decisions_list, FB_TYPE_ENTRY,
                                               query_decisions, create_decision_row_cb);
  gtk_list_box_set_placeholder (self->decisions_list, _fb_board_new_empty_row (_("No decisions recorded yet")));

  self->handovers = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->handovers_list, FB_TYPE_HANDOVER,
                                               query_handovers, create_handover_row_cb);
  gtk_list_box_set_placeholder (self->handovers_list, _fb_board_new_empty_row (_("No handover offered yet")));
}

GtkWidget *
fb_role_board_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_ROLE_BOARD, "context", context, NULL);
}

FbCommandWarnings
fb_role_board_get_warnings (FbRoleBoard *self)
{
  g_return_val_if_fail (FB_IS_ROLE_BOARD (self), FB_COMMAND_WARNING_NONE);
  return self->warnings;
}
