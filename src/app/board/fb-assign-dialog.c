/* fb-assign-dialog.c — who holds a role: from the contacts or by name
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-assign-dialog.h"
#include "fb-board-private.h"
#include "fb-form-private.h"

struct _FbAssignDialog
{
  AdwMessageDialog  parent_instance;

  FbContext        *context;
  FbStore          *store;
  char             *incident;
  char             *role;          /* NULL for a custom role typed here */
  GPtrArray        *contact_ids;
  char             *filled_name;

  AdwEntryRow      *role_row;
  AdwEntryRow      *person_row;
  AdwComboRow      *contact_row;
};

G_DEFINE_FINAL_TYPE (FbAssignDialog, fb_assign_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
selected_contact (FbAssignDialog *self)
{
  guint i = adw_combo_row_get_selected (self->contact_row);

  if (self->contact_ids == NULL || i >= self->contact_ids->len)
    return NULL;
  return g_ptr_array_index (self->contact_ids, i);
}

static char *
role_name (FbAssignDialog *self)
{
  if (self->role != NULL)
    return g_strdup (self->role);
  return _fb_form_get_text (self->role_row);
}

static void
update_response (FbAssignDialog *self)
{
  g_autofree char *role = role_name (self);
  g_autofree char *person = _fb_form_get_text (self->person_row);
  gboolean ok = role[0] != '\0' && !g_str_equal (role, "commander") && person[0] != '\0';

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "assign", ok);
}

static void
on_contact_selected_cb (FbAssignDialog *self)
{
  const char *id = selected_contact (self);
  g_autofree char *current = _fb_form_get_text (self->person_row);
  g_autoptr(FbContact) contact = NULL;

  if (id == NULL || (contact = fb_store_get_contact (self->store, id)) == NULL)
    return;

  if (current[0] == '\0' || g_strcmp0 (current, self->filled_name) == 0)
    {
      g_free (self->filled_name);
      self->filled_name = g_strdup (fb_contact_get_name (contact));
      gtk_editable_set_text (GTK_EDITABLE (self->person_row), self->filled_name);
    }
}

static void
fb_assign_dialog_response (AdwMessageDialog *dialog,
                           const char       *response)
{
  FbAssignDialog *self = FB_ASSIGN_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  gboolean unassign = g_strcmp0 (response, "unassign") == 0;

  if (!unassign && g_strcmp0 (response, "assign") != 0)
    return;

  if (!fb_assign_dialog_apply (self, unassign, &error))
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                            _("The role was not assigned"), error);
    }
}

static void
fb_assign_dialog_finalize (GObject *object)
{
  FbAssignDialog *self = FB_ASSIGN_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->incident, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->filled_name, g_free);
  g_clear_pointer (&self->contact_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_assign_dialog_parent_class)->finalize (object);
}

static void
fb_assign_dialog_class_init (FbAssignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = fb_assign_dialog_finalize;
  dialog_class->response = fb_assign_dialog_response;
}

static void
fb_assign_dialog_init (FbAssignDialog *self)
{
}

FbAssignDialog *
fb_assign_dialog_new (FbContext  *context,
                      const char *incident,
                      const char *role)
{
  FbAssignDialog *self;
  AdwMessageDialog *dialog;
  GtkListBox *form;
  g_autoptr(FbRole) current = NULL;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  self = g_object_new (FB_TYPE_ASSIGN_DIALOG, NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->context = g_object_ref (context);
  self->store = g_object_ref (fb_context_get_store (context));
  self->incident = g_strdup (incident);
  self->role = role != NULL && role[0] != '\0' ? g_strdup (role) : NULL;

  if (self->role != NULL)
    current = fb_store_get_role (self->store, incident, self->role);

  form = _fb_board_new_list ();
  if (self->role != NULL)
    {
      /* TRANSLATORS: %s is a role, such as "Scribe" */
      adw_message_dialog_format_heading (dialog, _("Assign %s"), fb_role_get_label (self->role));
    }
  else
    {
      adw_message_dialog_set_heading (dialog, _("Add a Role"));
      self->role_row = _fb_form_add_entry (form, _("_Role"), NULL);
      g_signal_connect_object (self->role_row, "changed",
                               G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);
    }
  adw_message_dialog_set_body (dialog, _("Choose someone from the contacts, or type a name."));

  self->person_row = _fb_form_add_entry (form, _("_Person"),
                                         current != NULL ? fb_role_get_person (current) : NULL);
  self->contact_row = _fb_form_add_contact_combo (form, self->store, _("From _Contacts"),
                                                  current != NULL ? fb_role_get_contact (current) : NULL,
                                                  &self->contact_ids);
  g_signal_connect_object (self->person_row, "changed",
                           G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_row, "notify::selected",
                           G_CALLBACK (on_contact_selected_cb), self, G_CONNECT_SWAPPED);

  _fb_board_set_form (dialog, GTK_WIDGET (form));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (current != NULL)
    {
      adw_message_dialog_add_response (dialog, "unassign", _("_Unassign"));
      adw_message_dialog_set_response_appearance (dialog, "unassign", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (dialog, "assign", _("_Assign"));
  adw_message_dialog_set_response_appearance (dialog, "assign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "assign");
  adw_message_dialog_set_close_response (dialog, "cancel");
  update_response (self);

  return self;
}

void
fb_assign_dialog_set_role (FbAssignDialog *self,
                           const char     *role)
{
  g_return_if_fail (FB_IS_ASSIGN_DIALOG (self));
  g_return_if_fail (self->role_row != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->role_row), role != NULL ? role : "");
}

void
fb_assign_dialog_set_person (FbAssignDialog *self,
                             const char     *person,
                             const char     *contact)
{
  g_return_if_fail (FB_IS_ASSIGN_DIALOG (self));

  if (contact != NULL && self->contact_ids != NULL)
    for (guint i = 1; i < self->contact_ids->len; i++)
      if (g_strcmp0 (g_ptr_array_index (self->contact_ids, i), contact) == 0)
        adw_combo_row_set_selected (self->contact_row, i);
  if (person != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->person_row), person);
}

gboolean
fb_assign_dialog_apply (FbAssignDialog *self,
                        gboolean        unassign,
                        GError        **error)
{
  g_autofree char *role = NULL;
  g_autofree char *person = NULL;

  g_return_val_if_fail (FB_IS_ASSIGN_DIALOG (self), FALSE);

  role = role_name (self);
  person = _fb_form_get_text (self->person_row);

  if (role[0] == '\0' || (!unassign && person[0] == '\0'))
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID, _("Name the role and the person"));
      return FALSE;
    }
  if (g_str_equal (role, "commander"))
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("Command changes hands only by a handover"));
      return FALSE;
    }

  return fb_store_assign_role (self->store, self->incident, role,
                               unassign ? "" : person,
                               unassign ? NULL : selected_contact (self), error);
}
