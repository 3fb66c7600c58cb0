/* fb-contact-editor.c — one entry of the shared address book
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-form-private.h"
#include "fb-contact-editor.h"

/* The text fields of a contact.set body, in the order shown. */
static const struct
{
  const char *field;
  const char *title;
} text_fields[] = {
  { "name", N_("_Name") },
  { "organisation", N_("_Organisation") },
  { "title", N_("_Title") },
  { "phone", N_("_Phone") },
  { "email", N_("_Email") },
  { "chat", N_("C_hat") },
  { "notes", N_("No_tes") },
};

struct _FbContactEditor
{
  AdwMessageDialog  parent_instance;

  FbContext        *context;
  FbStore          *store;
  FbContact        *contact;

  AdwEntryRow      *rows[G_N_ELEMENTS (text_fields)];
  AdwComboRow      *category_row;
  GtkSpinButton    *tier_spin;
  GtkSwitch        *example_switch;
};

G_DEFINE_FINAL_TYPE (FbContactEditor, fb_contact_editor, ADW_TYPE_MESSAGE_DIALOG)

static const char *
current_text (FbContact  *contact,
              const char *field)
{
  if (contact == NULL)
    return NULL;
  if (g_str_equal (field, "name"))
    return fb_contact_get_name (contact);
  if (g_str_equal (field, "organisation"))
    return fb_contact_get_organisation (contact);
  if (g_str_equal (field, "title"))
    return fb_contact_get_title (contact);
  if (g_str_equal (field, "phone"))
    return fb_contact_get_phone (contact);
  if (g_str_equal (field, "email"))
    return fb_contact_get_email (contact);
  if (g_str_equal (field, "chat"))
    return fb_contact_get_chat (contact);
  if (g_str_equal (field, "notes"))
    return fb_contact_get_notes (contact);
  g_assert_not_reached ();
}

static void
update_response (FbContactEditor *self)
{
  g_autofree char *name = _fb_form_get_text (self->rows[0]);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", name[0] != '\0');
}

static void
fb_contact_editor_response (AdwMessageDialog *dialog,
                            const char       *response)
{
  FbContactEditor *self = FB_CONTACT_EDITOR (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;

  id = fb_contact_editor_apply (self, &error);
  if (id == NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                            _("The contact was not saved"), error);
    }
}

static void
fb_contact_editor_finalize (GObject *object)
{
  FbContactEditor *self = FB_CONTACT_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_object (&self->contact);

  G_OBJECT_CLASS (fb_contact_editor_parent_class)->finalize (object);
}

static void
fb_contact_editor_class_init (FbContactEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = fb_contact_editor_finalize;
  dialog_class->response = fb_contact_editor_response;
}

static void
fb_contact_editor_init (FbContactEditor *self)
{
}

FbContactEditor *
fb_contact_editor_new (FbContext  *context,
                       const char *contact)
{
  const char *categories[FB_N_CONTACT_CATEGORIES + 1] = { NULL };
  FbContactEditor *self;
  AdwMessageDialog *dialog;
  GtkListBox *form;
  GtkWidget *scrolled;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  self = g_object_new (FB_TYPE_CONTACT_EDITOR, NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->context = g_object_ref (context);
  self->store = g_object_ref (fb_context_get_store (context));
  if (contact != NULL)
    self->contact = fb_store_get_contact (self->store, contact);

  for (guint i = 0; i < FB_N_CONTACT_CATEGORIES; i++)
    categories[i] = fb_contact_category_get_label (i);

  adw_message_dialog_set_heading (dialog, self->contact != NULL ? _("Edit Contact") : _("New Contact"));
  adw_message_dialog_set_body (dialog, _("One address book, shared by every incident."));

  form = _fb_board_new_list ();
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      self->rows[i] = _fb_form_add_entry (form, _(text_fields[i].title),
                                          current_text (self->contact, text_fields[i].field));
      if (i == 2)
        {
          self->category_row = _fb_form_add_combo (form, _("_Category"), categories,
                                                   self->contact != NULL
                                                   ? fb_contact_get_category (self->contact)
                                                   : FB_CONTACT_OTHER);
          self->tier_spin = _fb_form_add_spin (form, _("Escalation _Tier"),
                                               _("Who to reach first: 1 before 2"), 0, 9,
                                               self->contact != NULL ? fb_contact_get_tier (self->contact) : 1);
        }
    }
  if (self->contact != NULL && fb_contact_get_example (self->contact))
    self->example_switch = _fb_form_add_switch (form, _("_Example to Verify"),
                                                _("Turn off once you have checked these details"), TRUE);

  g_signal_connect_object (self->rows[0], "changed",
                           G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (form));

  _fb_board_set_form (dialog, scrolled);
  /* Deleting lives here, once, rather than as a bin on every row; the
   * page asks again before anything goes. */
  if (self->contact != NULL)
    {
      adw_message_dialog_add_response (dialog, "delete", _("_Delete"));
      adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  update_response (self);

  return self;
}

void
fb_contact_editor_set_text (FbContactEditor *self,
                            const char      *field,
                            const char      *text)
{
  g_return_if_fail (FB_IS_CONTACT_EDITOR (self));

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_str_equal (text_fields[i].field, field))
      gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), text != NULL ? text : "");
}

void
fb_contact_editor_set_category (FbContactEditor  *self,
                                FbContactCategory category,
                                int               tier)
{
  g_return_if_fail (FB_IS_CONTACT_EDITOR (self));

  adw_combo_row_set_selected (self->category_row, category);
  gtk_spin_button_set_value (self->tier_spin, tier);
}

/* Returns the contact's id. Only changed fields are written. */
char *
fb_contact_editor_apply (FbContactEditor *self,
                         GError         **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  FbContactCategory category;
  int tier;

  g_return_val_if_fail (FB_IS_CONTACT_EDITOR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      g_autofree char *text = _fb_form_get_text (self->rows[i]);

      if (i == 0 && text[0] == '\0')
        {
          g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID, _("A contact needs a name"));
          return NULL;
        }
      if (g_strcmp0 (text, current_text (self->contact, text_fields[i].field)) != 0 &&
          (self->contact != NULL || text[0] != '\0'))
        json_object_set_string_member (fields, text_fields[i].field, text);
    }

  category = MIN (adw_combo_row_get_selected (self->category_row), FB_N_CONTACT_CATEGORIES - 1);
  tier = gtk_spin_button_get_value_as_int (self->tier_spin);
  if (self->contact == NULL || category != fb_contact_get_category (self->contact))
    json_object_set_string_member (fields, "category", fb_contact_category_to_string (category));
  if (self->contact == NULL || tier != fb_contact_get_tier (self->contact))
    json_object_set_int_member (fields, "tier", tier);
  if (self->example_switch != NULL && !gtk_switch_get_active (self->example_switch))
    json_object_set_boolean_member (fields, "example", FALSE);

  if (self->contact != NULL && json_object_get_size (fields) == 0)
    return g_strdup (fb_contact_get_id (self->contact));

  return fb_store_set_contact (self->store,
                               self->contact != NULL ? fb_contact_get_id (self->contact) : NULL,
                               fields, error);
}
