/* fb-new-incident-dialog.c — declaring an incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Few fields, all with sensible defaults, because an incident is declared
 * in a hurry: a title is the only thing that must be typed.
 */

#define G_LOG_DOMAIN "fb-new-incident-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-deadline-dialogs.h"
#include "fb-format.h"
#include "fb-new-incident-dialog.h"
#include "fb-window.h"

struct _FbNewIncidentDialog
{
  AdwWindow     parent_instance;

  FbContext    *context;
  FbPlaybookLibrary *playbooks;
  GPtrArray    *kind_ids;
  char         *error;

  AdwEntryRow  *title_row;
  AdwComboRow  *kind_row;
  AdwComboRow  *severity_row;
  AdwEntryRow  *detected_row;
  GtkSwitch    *drill_switch;
  GtkLabel     *error_label;
  GtkBox       *rules_slot;
  GtkWidget    *rules_list;
};

G_DEFINE_FINAL_TYPE (FbNewIncidentDialog, fb_new_incident_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
mark_error (FbNewIncidentDialog *self,
            GtkWidget           *row,
            const char          *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
}

static void
show_error (FbNewIncidentDialog *self,
            GtkWidget           *row,
            const char          *message)
{
  mark_error (self, row, message);
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

static void
clear_error (FbNewIncidentDialog *self,
             GtkWidget           *row)
{
  gtk_widget_remove_css_class (row, "error");
  if (!gtk_widget_has_css_class (GTK_WIDGET (self->title_row), "error") &&
      !gtk_widget_has_css_class (GTK_WIDGET (self->detected_row), "error"))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      g_clear_pointer (&self->error, g_free);
    }
}

/* The title as it will be stored, or NULL when it is longer than the op
 * allows: FB_OP_MAX_NAME bytes, so fewer characters in Japanese. */
static char *
dup_title (FbNewIncidentDialog *self)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));

  return strlen (title) > FB_OP_MAX_NAME ? NULL : g_steal_pointer (&title);
}

/* A title over the limit is refused as it is typed, not at Declare, so
 * nobody writes a paragraph only to lose it. */
static void
on_title_changed_cb (FbNewIncidentDialog *self)
{
  g_autofree char *title = dup_title (self);
  const char *too_long = _("The title is too long; keep the details for the timeline.");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.create", title != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_row), title != NULL ? NULL : too_long);
  if (title != NULL)
    clear_error (self, GTK_WIDGET (self->title_row));
  else
    mark_error (self, GTK_WIDGET (self->title_row), too_long);
}

static void
on_detected_changed_cb (FbNewIncidentDialog *self)
{
  clear_error (self, GTK_WIDGET (self->detected_row));
}

static void
on_row_activated_cb (FbNewIncidentDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.create", NULL);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  g_autofree char *id = fb_new_incident_dialog_create (FB_NEW_INCIDENT_DIALOG (widget));

  if (id != NULL)
    gtk_window_close (GTK_WINDOW (widget));
}

static void
on_kind_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_list_item_set_child (item, label);
}

static void
on_kind_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkStringObject *name = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (name));
}

/* The kinds on offer are the playbooks: built-in and the user's own. The
 * combo row's own label stops at twenty Latin characters' width, which
 * cuts a Japanese name such as 汎用セキュリティインシデント in half; these
 * show the whole name. */
static void
fill_kinds (FbNewIncidentDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  guint n, generic = 0;

  g_signal_connect (factory, "setup", G_CALLBACK (on_kind_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_kind_bind_cb), NULL);
  adw_combo_row_set_factory (self->kind_row, factory);

  self->playbooks = fb_playbook_library_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self->playbooks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbPlaybook) playbook = g_list_model_get_item (G_LIST_MODEL (self->playbooks), i);

      /* A standing checklist starts a readiness review, from its own dialog. */
      if (fb_playbook_get_record (playbook) != FB_RECORD_INCIDENT)
        continue;
      if (g_strcmp0 (fb_playbook_get_id (playbook), "generic") == 0)
        generic = self->kind_ids->len;
      g_ptr_array_add (self->kind_ids, g_strdup (fb_playbook_get_id (playbook)));
      gtk_string_list_append (names, fb_playbook_get_title (playbook));
    }

  if (self->kind_ids->len == 0)
    {
      g_ptr_array_add (self->kind_ids, g_strdup ("generic"));
      gtk_string_list_append (names, _("Generic"));
    }

  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->kind_row, generic);
}

static void
fb_new_incident_dialog_constructed (GObject *object)
{
  FbNewIncidentDialog *self = (FbNewIncidentDialog *) object;
  g_autofree char *now = NULL;

  G_OBJECT_CLASS (fb_new_incident_dialog_parent_class)->constructed (object);

  now = fb_context_format_time_full (self->context, fb_context_now_ms (self->context));
  gtk_editable_set_text (GTK_EDITABLE (self->detected_row), now);
}

static void
fb_new_incident_dialog_dispose (GObject *object)
{
  FbNewIncidentDialog *self = (FbNewIncidentDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_NEW_INCIDENT_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_new_incident_dialog_parent_class)->dispose (object);
}

static void
fb_new_incident_dialog_finalize (GObject *object)
{
  FbNewIncidentDialog *self = (FbNewIncidentDialog *) object;

  g_ptr_array_unref (self->kind_ids);
  g_clear_object (&self->playbooks);
  g_free (self->error);

  G_OBJECT_CLASS (fb_new_incident_dialog_parent_class)->finalize (object);
}

static void
fb_new_incident_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FbNewIncidentDialog *self = FB_NEW_INCIDENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_new_incident_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  FbNewIncidentDialog *self = FB_NEW_INCIDENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_new_incident_dialog_class_init (FbNewIncidentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fb_new_incident_dialog_constructed;
  object_class->dispose = fb_new_incident_dialog_dispose;
  object_class->finalize = fb_new_incident_dialog_finalize;
  object_class->get_property = fb_new_incident_dialog_get_property;
  object_class->set_property = fb_new_incident_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbNewIncidentDialog::created:
   * @id: the new incident
   */
  signals[CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-new-incident-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FbNewIncidentDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, FbNewIncidentDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, FbNewIncidentDialog, severity_row);
  gtk_widget_class_bind_template_child (widget_class, FbNewIncidentDialog, detected_row);
  gtk_widget_class_bind_template_child (widget_class, FbNewIncidentDialog, drill_switch);
  gtk_widget_class_bind_template_child (widget_class, FbNewIncidentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FbNewIncidentDialog, rules_slot);
  gtk_widget_class_bind_template_callback (widget_class, on_title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detected_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fb_new_incident_dialog_init (FbNewIncidentDialog *self)
{
  FbDeadlineRules none = { 0 };

  self->kind_ids = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rules_list = _fb_deadline_rules_list_new (&none);
  gtk_box_append (self->rules_slot, self->rules_list);
  fill_kinds (self);
  /* Set here: the template sets the model after the selection. */
  adw_combo_row_set_selected (self->severity_row, 2);
  /* The title is what a person types first; without this the focus would
   * start on Cancel. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->title_row));
}

FbNewIncidentDialog *
fb_new_incident_dialog_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_NEW_INCIDENT_DIALOG, "context", context, NULL);
}

void
fb_new_incident_dialog_set_title (FbNewIncidentDialog *self,
                                  const char          *title)
{
  g_return_if_fail (FB_IS_NEW_INCIDENT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
}

void
fb_new_incident_dialog_set_detected (FbNewIncidentDialog *self,
                                     const char          *detected)
{
  g_return_if_fail (FB_IS_NEW_INCIDENT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->detected_row), detected);
}

void
fb_new_incident_dialog_set_severity (FbNewIncidentDialog *self,
                                     int                  severity)
{
  g_return_if_fail (FB_IS_NEW_INCIDENT_DIALOG (self));
  g_return_if_fail (severity >= FB_OP_MIN_SEVERITY && severity <= FB_OP_MAX_SEVERITY);
  adw_combo_row_set_selected (self->severity_row, (guint) (severity - FB_OP_MIN_SEVERITY));
}

void
fb_new_incident_dialog_set_drill (FbNewIncidentDialog *self,
                                  gboolean             drill)
{
  g_return_if_fail (FB_IS_NEW_INCIDENT_DIALOG (self));
  gtk_switch_set_active (self->drill_switch, drill);
}

/* Chooses the playbook by its id; an unknown id leaves the choice as it was. */
void
fb_new_incident_dialog_set_kind (FbNewIncidentDialog *self,
                                 const char          *kind)
{
  g_return_if_fail (FB_IS_NEW_INCIDENT_DIALOG (self));
  g_return_if_fail (kind != NULL);

  for (guint i = 0; i < self->kind_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->kind_ids, i), kind))
      adw_combo_row_set_selected (self->kind_row, i);
}

void
fb_new_incident_dialog_set_rules (FbNewIncidentDialog   *self,
                                  const FbDeadlineRules *answers)
{
  g_return_if_fail (FB_IS_NEW_INCIDENT_DIALOG (self));
  g_return_if_fail (answers != NULL);

  _fb_deadline_rules_list_set (self->rules_list, answers);
}

const char *
fb_new_incident_dialog_get_error (FbNewIncidentDialog *self)
{
  g_return_val_if_fail (FB_IS_NEW_INCIDENT_DIALOG (self), NULL);
  return self->error;
}

/* Returns the new incident's id, or NULL with the reason shown beside the
 * field it concerns; nothing typed is cleared. */
char *
fb_new_incident_dialog_create (FbNewIncidentDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;
  FbIncidentPlan plan = { 0 };
  const char *detected_text;
  const char *kind_id;
  guint kind;

  g_return_val_if_fail (FB_IS_NEW_INCIDENT_DIALOG (self), NULL);

  title = dup_title (self);
  if (title == NULL)
    {
      show_error (self, GTK_WIDGET (self->title_row), _("The title is too long; keep the details for the timeline."));
      return NULL;
    }
  if (title[0] == '\0')
    {
      show_error (self, GTK_WIDGET (self->title_row),
                  _("Give the incident a title, such as “Laptop with customer data lost”."));
      return NULL;
    }

  plan.title = title;

  detected_text = gtk_editable_get_text (GTK_EDITABLE (self->detected_row));
  if (detected_text[0] != '\0' &&
      !fb_context_parse_time (self->context, detected_text, FB_TIME_PAST, &plan.detected_at, &error))
    {
      show_error (self, GTK_WIDGET (self->detected_row), error->message);
      return NULL;
    }

  kind = adw_combo_row_get_selected (self->kind_row);
  kind_id = kind < self->kind_ids->len ? g_ptr_array_index (self->kind_ids, kind) : "generic";
  /* The playbook brings its own target; the preference is for an incident
   * without one. */
  plan.playbook = fb_playbook_library_lookup (self->playbooks, kind_id);
  if (plan.playbook == NULL && fb_context_get_settings (self->context) != NULL)
    plan.containment_target_min = g_settings_get_int (fb_context_get_settings (self->context), "containment-target");

  plan.severity = (int) adw_combo_row_get_selected (self->severity_row) + FB_OP_MIN_SEVERITY;
  plan.drill = gtk_switch_get_active (self->drill_switch);
  _fb_deadline_rules_list_get (self->rules_list, &plan.rules);

  id = fb_store_declare_incident (fb_context_get_store (self->context), &plan, &error);
  if (id == NULL)
    {
      show_error (self, NULL, error->message);
      return NULL;
    }

  g_signal_emit (self, signals[CREATED], 0, id);
  return g_steal_pointer (&id);
}
