/* fb-role-board.c — who commands, who holds which role, who works on what
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions (prefix "board."):
 *   hand-over            the handover briefing (FbHandoverDialog)
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
#include "fb-board-util.h"
#include "fb-decision-dialog.h"
#include "fb-handover-dialog.h"
#include "fb-role-board.h"
#include "fb-worker-dialog.h"

struct _FbRoleBoard
{
  GtkWidget          parent_instance;

  FbContext         *context;
  FbStore           *store;
  char              *incident;
  FbCommandWarnings  warnings;
  FbDeferred         deferred;

  GtkStack          *stack;
  GtkListBox        *warnings_list;
  GtkListBox        *command_list;
  GtkListBox        *roles_list;
  GtkListBox        *workers_list;
  GtkListBox        *decisions_list;
};

#define RECENT_DECISIONS 200
#define MADE_DECISIONS_SHOWN 10

G_DEFINE_FINAL_TYPE (FbRoleBoard, fb_role_board, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCIDENT,
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

  warnings = fb_incident_summary_command_warnings (roles, workers, &culprit);
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

  gtk_widget_set_visible (GTK_WIDGET (self->warnings_list), warnings != FB_COMMAND_WARNING_NONE);

  if (self->warnings != warnings)
    {
      self->warnings = warnings;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNINGS]);
    }
}

static void
update_command (FbRoleBoard *self,
                GListModel  *roles)
{
  g_autoptr(FbRole) commander = fb_store_get_role (self->store, self->incident, "commander");
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *icon;

  _fb_board_clear_list (self->command_list);

  if (commander != NULL)
    {
      g_autofree char *since = fb_context_format_time (self->context, fb_role_get_assigned_at (commander));

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
}

static void
add_role_row (FbRoleBoard *self,
              const char  *role,
              FbRole      *holder)
{
  GtkWidget *row = _fb_board_new_row (fb_role_get_label (role),
                                      holder != NULL ? fb_role_get_person (holder) : _("Not assigned"));

  _fb_board_add_button (row, "document-edit-symbolic", _("Assign"),
                        "board.assign", g_variant_new_string (role));
  gtk_list_box_append (self->roles_list, row);
}

static void
update_roles (FbRoleBoard *self,
              GListModel  *roles)
{
  const char * const *standard = fb_role_get_standard ();
  guint n = g_list_model_get_n_items (roles);

  _fb_board_clear_list (self->roles_list);

  for (guint i = 0; standard[i] != NULL; i++)
    {
      g_autoptr(FbRole) holder = NULL;

      if (g_str_equal (standard[i], "commander"))
        continue;
      holder = fb_store_get_role (self->store, self->incident, standard[i]);
      add_role_row (self, standard[i], holder);
    }

  /* Custom roles, as typed. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRole) role = g_list_model_get_item (roles, i);

      if (!g_strv_contains (standard, fb_role_get_role (role)))
        add_role_row (self, fb_role_get_role (role), role);
    }
}

static void
update_workers (FbRoleBoard *self,
                GListModel  *workers)
{
  guint n = g_list_model_get_n_items (workers);

  _fb_board_clear_list (self->workers_list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (workers, i);
      const char *task = fb_worker_get_task (worker);
      const char *status = fb_worker_status_get_label (fb_worker_get_status (worker));
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *badge;

      subtitle = task != NULL && task[0] != '\0' ? g_strdup (task) : g_strdup (_("No task"));
      row = _fb_board_new_row (fb_worker_get_person (worker), subtitle);
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
      gtk_list_box_append (self->workers_list, row);
    }

  if (n == 0)
    {
      GtkWidget *row = _fb_board_new_row (_("Nobody on the worker list yet"), NULL);

      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->workers_list, row);
    }
}

static void
add_decision_row (FbRoleBoard *self,
                  FbEntry     *entry,
                  gboolean     pending)
{
  g_autoptr(JsonObject) data = _fb_board_entry_data (entry);
  const char *question = _fb_json_get_string (data, "question");
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (question[0] == '\0')
    question = fb_entry_get_text (entry);

  if (pending)
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
      subtitle = joined->len > 0 ? g_strdup_printf (_("Pending: %s"), joined->str)
                                 : g_strdup (_("Pending"));
    }
  else
    {
      const char *decision = _fb_json_get_string (data, "decision");
      const char *by = _fb_json_get_string (data, "decided_by");

      if (decision[0] == '\0')
        subtitle = g_strdup ("");
      else if (by[0] != '\0')
        subtitle = g_strdup_printf ("%s (%s)", decision, by);
      else
        subtitle = g_strdup (decision);
    }

  row = _fb_board_new_row (question, subtitle);
  if (pending)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-question-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      _fb_board_add_button (row, "object-select-symbolic", _("Record the Decision"),
                            "board.decide", g_variant_new_string (fb_entry_get_id (entry)));
    }
  else
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      gtk_widget_add_css_class (icon, "success");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  gtk_list_box_append (self->decisions_list, row);
}

static void
update_decisions (FbRoleBoard *self)
{
  /* The board is for what is open now: the recent decisions, not every
   * one of a long incident (the timeline's decision filter has them all). */
  g_autoptr(GListModel) entries = fb_store_list_entries_where (self->store, self->incident,
                                                                1u << FB_ENTRY_DECISION, FALSE,
                                                                RECENT_DECISIONS);
  g_autoptr(GPtrArray) pending = fb_incident_summary_decisions (entries, TRUE);
  g_autoptr(GPtrArray) made = fb_incident_summary_decisions (entries, FALSE);

  _fb_board_clear_list (self->decisions_list);

  for (guint i = 0; i < pending->len; i++)
    add_decision_row (self, g_ptr_array_index (pending, i), TRUE);
  /* Newest made decisions first. */
  for (guint i = made->len; i > 0 && made->len - i < MADE_DECISIONS_SHOWN; i--)
    add_decision_row (self, g_ptr_array_index (made, i - 1), FALSE);

  if (pending->len == 0 && made->len == 0)
    {
      GtkWidget *row = _fb_board_new_row (_("No decisions recorded yet"), NULL);

      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->decisions_list, row);
    }
}

static void
update (FbRoleBoard  *self,
        FbChangeFlags flags)
{
  g_autoptr(GListModel) roles = NULL;
  g_autoptr(GListModel) workers = NULL;
  gboolean have = self->store != NULL && self->incident != NULL;

  if (_fb_deferred_hold (&self->deferred, GTK_WIDGET (self), flags))
    return;

  gtk_stack_set_visible_child_name (self->stack, have ? "board" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.hand-over", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.assign", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.add-worker", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.edit-worker", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.record-decision", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.decide", have);

  if (!have)
    return;

  roles = fb_store_list_roles (self->store, self->incident);
  workers = fb_store_list_workers (self->store, self->incident);

  if (flags & (FB_CHANGE_ROLES | FB_CHANGE_WORKERS))
    update_warnings (self, roles, workers);
  if (flags & FB_CHANGE_ROLES)
    {
      update_command (self, roles);
      update_roles (self, roles);
    }
  if (flags & FB_CHANGE_WORKERS)
    update_workers (self, workers);
  if (flags & FB_CHANGE_ENTRIES)
    update_decisions (self);
}

static void
fb_role_board_map (GtkWidget *widget)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);
  guint flags;

  GTK_WIDGET_CLASS (fb_role_board_parent_class)->map (widget);
  if (_fb_deferred_take (&self->deferred, &flags))
    update (self, flags);
}

static void
on_store_changed_cb (FbRoleBoard *self,
                     guint        flags,
                     const char  *incident,
                     FbStore     *store)
{
  if (self->incident == NULL)
    return;
  if (incident != NULL && g_strcmp0 (incident, self->incident) != 0)
    return;

  /* Roles and workers name contacts. */
  if (flags & FB_CHANGE_CONTACTS)
    flags |= FB_CHANGE_ROLES;

  update (self, flags & (FB_CHANGE_ROLES | FB_CHANGE_WORKERS | FB_CHANGE_ENTRIES));
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

  present (self, fb_handover_dialog_new (self->context, self->incident));
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);
  const char *role = g_variant_get_string (parameter, NULL);

  /* A new commander is never a silent field change. */
  if (g_str_equal (role, "commander"))
    present (self, fb_handover_dialog_new (self->context, self->incident));
  else
    present (self, fb_assign_dialog_new (self->context, self->incident, role));
}

static void
add_worker_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);

  present (self, fb_worker_dialog_new (self->context, self->incident, NULL));
}

static void
edit_worker_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);

  present (self, fb_worker_dialog_new (self->context, self->incident,
                                       g_variant_get_string (parameter, NULL)));
}

static void
record_decision_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);

  present (self, fb_decision_dialog_new (self->context, self->incident, NULL));
}

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbRoleBoard *self = FB_ROLE_BOARD (widget);

  present (self, fb_decision_dialog_new (self->context, self->incident,
                                         g_variant_get_string (parameter, NULL)));
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
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;
    case PROP_WARNINGS:
      g_value_set_uint (value, self->warnings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_role_board_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FbRoleBoard *self = FB_ROLE_BOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_assert (self->context == NULL);
      self->context = g_value_dup_object (value);
      self->store = self->context != NULL ? g_object_ref (fb_context_get_store (self->context)) : NULL;
      if (self->store != NULL)
        g_signal_connect_object (self->store, "changed",
                                 G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
      break;
    case PROP_INCIDENT:
      fb_role_board_set_incident (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_role_board_dispose (GObject *object)
{
  FbRoleBoard *self = FB_ROLE_BOARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ROLE_BOARD);
  /* dispose_template() unparents only the children it binds. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_role_board_parent_class)->dispose (object);
}

static void
fb_role_board_finalize (GObject *object)
{
  FbRoleBoard *self = FB_ROLE_BOARD (object);

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->incident, g_free);

  G_OBJECT_CLASS (fb_role_board_parent_class)->finalize (object);
}

static void
fb_role_board_class_init (FbRoleBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fb_role_board_get_property;
  object_class->set_property = fb_role_board_set_property;
  object_class->dispose = fb_role_board_dispose;
  widget_class->map = fb_role_board_map;
  object_class->finalize = fb_role_board_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WARNINGS] =
    g_param_spec_uint ("warnings", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/firebreak/Firebreak/board/fb-role-board.ui");
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, stack);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, command_list);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, roles_list);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, workers_list);
  gtk_widget_class_bind_template_child (widget_class, FbRoleBoard, decisions_list);

  gtk_widget_class_install_action (widget_class, "board.hand-over", NULL, hand_over_action);
  gtk_widget_class_install_action (widget_class, "board.assign", "s", assign_action);
  gtk_widget_class_install_action (widget_class, "board.add-worker", NULL, add_worker_action);
  gtk_widget_class_install_action (widget_class, "board.edit-worker", "s", edit_worker_action);
  gtk_widget_class_install_action (widget_class, "board.record-decision", NULL, record_decision_action);
  gtk_widget_class_install_action (widget_class, "board.decide", "s", decide_action);

  gtk_widget_class_set_css_name (widget_class, "fb-role-board");
}

static void
fb_role_board_init (FbRoleBoard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self, 0);
}

GtkWidget *
fb_role_board_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_ROLE_BOARD, "context", context, NULL);
}

FbStore *
fb_role_board_get_store (FbRoleBoard *self)
{
  g_return_val_if_fail (FB_IS_ROLE_BOARD (self), NULL);
  return self->store;
}

const char *
fb_role_board_get_incident (FbRoleBoard *self)
{
  g_return_val_if_fail (FB_IS_ROLE_BOARD (self), NULL);
  return self->incident;
}

void
fb_role_board_set_incident (FbRoleBoard *self,
                            const char  *incident_id)
{
  g_return_if_fail (FB_IS_ROLE_BOARD (self));

  if (g_strcmp0 (self->incident, incident_id) == 0)
    return;

  g_free (self->incident);
  self->incident = g_strdup (incident_id);
  update (self, FB_CHANGE_ROLES | FB_CHANGE_WORKERS | FB_CHANGE_ENTRIES);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
}

FbCommandWarnings
fb_role_board_get_warnings (FbRoleBoard *self)
{
  g_return_val_if_fail (FB_IS_ROLE_BOARD (self), FB_COMMAND_WARNING_NONE);
  return self->warnings;
}
