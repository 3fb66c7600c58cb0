/* fb-restrict-dialog.c — who may see a need-to-know incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An insider case, an HR matter or a case under a police request must
 * not reach every workstation. The commander names the war-room server's
 * users and groups who may see the incident; the server withholds it
 * from everyone else. What was synced before stays where it went, and
 * the dialog says so rather than promise what it cannot do.
 */

#define G_LOG_DOMAIN "fb-restrict-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-restrict-dialog.h"

struct _FbRestrictDialog
{
  AdwWindow    parent_instance;

  FbContext   *context;
  char        *incident;
  char        *note;

  GtkSwitch   *restricted_switch;
  AdwEntryRow *users_row;
  AdwEntryRow *groups_row;
  GtkSwitch   *visible_switch;
  GtkLabel    *note_label;
};

G_DEFINE_FINAL_TYPE (FbRestrictDialog, fb_restrict_dialog, ADW_TYPE_WINDOW)

/**
 * fb_restrict_parse_names:
 * @text: names separated by commas or spaces
 *
 * Returns: (transfer full) (nullable): the names, or %NULL with @error
 *   naming the first that cannot be a server's user or group
 */
GStrv
fb_restrict_parse_names (const char *text,
                         GError    **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit_set (text != NULL ? text : "", ", \t\n", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;

      if (!fb_account_name_is_valid (parts[i]))
        {
          g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                       _("“%s” cannot name a user or group of the war-room server: use letters, "
                         "digits, “-”, “_”, “.” or “@”, and separate names with commas."), parts[i]);
          return NULL;
        }
      g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

static void
update_sensitive (FbRestrictDialog *self)
{
  gboolean restricted = gtk_switch_get_active (self->restricted_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->users_row), restricted);
  gtk_widget_set_sensitive (GTK_WIDGET (self->groups_row), restricted);
  gtk_widget_set_sensitive (GTK_WIDGET (self->visible_switch), restricted);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  FbRestrictDialog *self = FB_RESTRICT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (fb_restrict_dialog_apply (self, &error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could not change who may see the incident"),
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fb_restrict_dialog_dispose (GObject *object)
{
  FbRestrictDialog *self = FB_RESTRICT_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->incident, g_free);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (fb_restrict_dialog_parent_class)->dispose (object);
}

static void
fb_restrict_dialog_class_init (FbRestrictDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_restrict_dialog_dispose;

  gtk_widget_class_install_action (widget_class, "dialog.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "dialog.apply", NULL);
}

static GtkWidget *
add_switch_row (AdwPreferencesGroup *group,
                const char          *title,
                const char          *subtitle,
                GtkSwitch          **out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_preferences_group_add (group, row);
  *out = GTK_SWITCH (sw);

  return row;
}

static AdwEntryRow *
add_entry_row (AdwPreferencesGroup *group,
               const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_add (group, row);

  return ADW_ENTRY_ROW (row);
}

static void
fb_restrict_dialog_init (FbRestrictDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *note = gtk_label_new (NULL);

  gtk_window_set_title (GTK_WINDOW (self), _("Who May See This Incident"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, -1);

  gtk_widget_add_css_class (apply, "suggested-action");
  gtk_widget_set_tooltip_text (apply, _("Record who may see the incident (Ctrl+Enter)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (apply), "dialog.apply");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), apply);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Need to Know"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Name the war-room server’s users and groups who may see "
                                           "this incident. Every other workstation receives only "
                                           "placeholders that keep its record verifiable."));
  add_switch_row (ADW_PREFERENCES_GROUP (group), _("Restrict This Incident"),
                  _("Only the users and groups below may see it"), &self->restricted_switch);
  self->users_row = add_entry_row (ADW_PREFERENCES_GROUP (group), _("Users (separated by commas)"));
  self->groups_row = add_entry_row (ADW_PREFERENCES_GROUP (group), _("Groups (separated by commas)"));
  add_switch_row (ADW_PREFERENCES_GROUP (group), _("Others May Know It Exists"),
                  _("They see “Restricted incident — you have no access”, never its title"),
                  &self->visible_switch);
  g_signal_connect_object (self->restricted_switch, "notify::active", G_CALLBACK (update_sensitive),
                           self, G_CONNECT_SWAPPED);

  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  self->note_label = GTK_LABEL (note);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_box_append (GTK_BOX (content), group);
  gtk_box_append (GTK_BOX (content), note);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 600);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_box_append (GTK_BOX (toolbar), clamp);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
  update_sensitive (self);
}

/* What the commander should know before restricting: where it takes
 * effect, and what it cannot take back. */
static char *
compose_note (const char *self_user,
              gboolean    shared)
{
  if (self_user == NULL)
    return g_strdup (_("This workstation has not synced with a war-room server yet: the restriction "
                       "is recorded here and takes effect on the server once it is synced. Include "
                       "the server user this workstation will sync as, or the server refuses it. "
                       "Copies already given to other workstations, by file or otherwise, stay there."));

  if (!shared)
    /* Translators: %s is the user name this workstation syncs as */
    return g_strdup_printf (_("Nothing of this incident has reached the server yet: restricted now, it "
                              "never reaches those left out. You sync as “%s” and must stay among those "
                              "who may see the incident."), self_user);

  /* Translators: %s is the user name this workstation syncs as */
  return g_strdup_printf (_("Copies already synced to other workstations stay there: a restriction "
                            "withholds what comes after, it cannot take back what was sent. You sync "
                            "as “%s” and must stay among those who may see the incident."), self_user);
}

static void
load (FbRestrictDialog *self)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(FbRestriction) held = fb_store_get_restriction (store, self->incident);
  g_autofree char *self_user = fb_store_get_sync_user (store, NULL);
  g_autofree char *users = NULL;
  g_autofree char *groups = NULL;

  self->note = compose_note (self_user, fb_store_incident_left_here (store, self->incident));
  gtk_label_set_text (self->note_label, self->note);

  /* A first restriction starts from the commander alone. */
  if (held == NULL || !held->restricted)
    {
      fb_restrict_dialog_set (self, held == NULL, self_user != NULL ? self_user : "", "", FALSE);
      return;
    }

  users = g_strjoinv (", ", held->users);
  groups = g_strjoinv (", ", held->groups);
  fb_restrict_dialog_set (self, TRUE, users, groups, held->visible);
}

/**
 * fb_restrict_dialog_new:
 *
 * Returns: (transfer floating): a dialog showing who may see @incident
 */
GtkWidget *
fb_restrict_dialog_new (FbContext  *context,
                        const char *incident)
{
  FbRestrictDialog *self;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  self = g_object_new (FB_TYPE_RESTRICT_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->incident = g_strdup (incident);
  load (self);

  return GTK_WIDGET (self);
}

void
fb_restrict_dialog_set (FbRestrictDialog *self,
                        gboolean          restricted,
                        const char       *users,
                        const char       *groups,
                        gboolean          visible)
{
  g_return_if_fail (FB_IS_RESTRICT_DIALOG (self));

  gtk_switch_set_active (self->restricted_switch, restricted);
  gtk_editable_set_text (GTK_EDITABLE (self->users_row), users != NULL ? users : "");
  gtk_editable_set_text (GTK_EDITABLE (self->groups_row), groups != NULL ? groups : "");
  gtk_switch_set_active (self->visible_switch, visible);
  update_sensitive (self);
}

const char *
fb_restrict_dialog_get_note (FbRestrictDialog *self)
{
  g_return_val_if_fail (FB_IS_RESTRICT_DIALOG (self), NULL);

  return self->note;
}

/**
 * fb_restrict_dialog_apply:
 *
 * Records the restriction shown; on error nothing is recorded.
 */
gboolean
fb_restrict_dialog_apply (FbRestrictDialog *self,
                          GError          **error)
{
  FbStore *store;
  gboolean restricted;
  g_auto(GStrv) users = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) self_groups = NULL;
  g_autofree char *self_user = NULL;
  g_autoptr(FbRestriction) restriction = NULL;

  g_return_val_if_fail (FB_IS_RESTRICT_DIALOG (self), FALSE);

  store = fb_context_get_store (self->context);
  restricted = gtk_switch_get_active (self->restricted_switch);
  if (restricted)
    {
      users = fb_restrict_parse_names (gtk_editable_get_text (GTK_EDITABLE (self->users_row)), error);
      if (users == NULL)
        return FALSE;
      groups = fb_restrict_parse_names (gtk_editable_get_text (GTK_EDITABLE (self->groups_row)), error);
      if (groups == NULL)
        return FALSE;
    }

  restriction = fb_restriction_new (restricted, (const char * const *) users, (const char * const *) groups,
                                    restricted && gtk_switch_get_active (self->visible_switch));
  self_user = fb_store_get_sync_user (store, &self_groups);

  return fb_store_restrict_incident (store, self->incident, restriction, self_user,
                                     (const char * const *) self_groups, error);
}
