/* fb-log-contact-dialog.c — who was told what, how, and what came of it
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The guide's escalation has two purposes: sharing the facts, and asking
 * those with authority to decide. Each contact becomes an escalation entry
 * on the incident's timeline, so the overview knows who has been told.
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-form-private.h"
#include "fb-log-contact-dialog.h"

struct _FbLogContactDialog
{
  AdwMessageDialog  parent_instance;

  FbContext        *context;
  FbStore          *store;
  char             *incident;
  char             *contact;

  AdwEntryRow      *who_row;
  AdwComboRow      *channel_row;
  AdwComboRow      *purpose_row;
  AdwEntryRow      *asked_row;
  AdwEntryRow      *outcome_row;
  GtkSpinButton    *ago_spin;
};

G_DEFINE_FINAL_TYPE (FbLogContactDialog, fb_log_contact_dialog, ADW_TYPE_MESSAGE_DIALOG)

static guint
index_of (const char * const *all,
          const char         *value)
{
  for (guint i = 0; value != NULL && all[i] != NULL; i++)
    if (g_str_equal (all[i], value))
      return i;
  return 0;
}

static void
update_response (FbLogContactDialog *self)
{
  g_autofree char *who = _fb_form_get_text (self->who_row);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "log", who[0] != '\0');
}

static void
fb_log_contact_dialog_response (AdwMessageDialog *dialog,
                                const char       *response)
{
  FbLogContactDialog *self = FB_LOG_CONTACT_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (g_strcmp0 (response, "log") != 0)
    return;

  id = fb_log_contact_dialog_apply (self, &error);
  if (id == NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                            _("The contact was not logged"), error);
    }
}

static void
fb_log_contact_dialog_finalize (GObject *object)
{
  FbLogContactDialog *self = FB_LOG_CONTACT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->incident, g_free);
  g_clear_pointer (&self->contact, g_free);

  G_OBJECT_CLASS (fb_log_contact_dialog_parent_class)->finalize (object);
}

static void
fb_log_contact_dialog_class_init (FbLogContactDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = fb_log_contact_dialog_finalize;
  dialog_class->response = fb_log_contact_dialog_response;
}

static void
fb_log_contact_dialog_init (FbLogContactDialog *self)
{
}

FbLogContactDialog *
fb_log_contact_dialog_new (FbContext  *context,
                           const char *incident,
                           const char *contact)
{
  const char * const *channels = fb_channel_get_all ();
  const char * const *purposes = fb_purpose_get_all ();
  g_autoptr(GPtrArray) channel_labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) purpose_labels = g_ptr_array_new ();
  g_autoptr(FbContact) known = NULL;
  FbLogContactDialog *self;
  AdwMessageDialog *dialog;
  GtkListBox *form;
  const char *channel = FB_CHANNEL_PHONE;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  self = g_object_new (FB_TYPE_LOG_CONTACT_DIALOG, NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->context = g_object_ref (context);
  self->store = g_object_ref (fb_context_get_store (context));
  self->incident = g_strdup (incident);
  if (contact != NULL && (known = fb_store_get_contact (self->store, contact)) != NULL)
    self->contact = g_strdup (contact);

  for (guint i = 0; channels[i] != NULL; i++)
    g_ptr_array_add (channel_labels, (gpointer) fb_channel_get_label (channels[i]));
  g_ptr_array_add (channel_labels, NULL);
  for (guint i = 0; purposes[i] != NULL; i++)
    g_ptr_array_add (purpose_labels, (gpointer) fb_purpose_get_label (purposes[i]));
  g_ptr_array_add (purpose_labels, NULL);

  /* Reach people the way the address book says first. */
  if (known != NULL && (fb_contact_get_phone (known) == NULL || fb_contact_get_phone (known)[0] == '\0'))
    {
      if (fb_contact_get_email (known) != NULL && fb_contact_get_email (known)[0] != '\0')
        channel = FB_CHANNEL_EMAIL;
      else if (fb_contact_get_chat (known) != NULL && fb_contact_get_chat (known)[0] != '\0')
        channel = FB_CHANNEL_CHAT;
    }

  adw_message_dialog_set_heading (dialog, _("Log a Contact"));
  adw_message_dialog_set_body (dialog, _("Record who you told or asked, how, and the outcome. "
                                         "It goes on this incident’s timeline as an escalation."));

  form = _fb_board_new_list ();
  self->who_row = _fb_form_add_entry (form, _("_Who"), known != NULL ? fb_contact_get_name (known) : NULL);
  self->channel_row = _fb_form_add_combo (form, _("_Channel"),
                                          (const char * const *) channel_labels->pdata,
                                          index_of (channels, channel));
  self->purpose_row = _fb_form_add_combo (form, _("_Purpose"),
                                          (const char * const *) purpose_labels->pdata, 0);
  self->asked_row = _fb_form_add_entry (form, _("What Was _Shared or Asked"), NULL);
  self->outcome_row = _fb_form_add_entry (form, _("_Outcome"), NULL);
  self->ago_spin = _fb_form_add_spin (form, _("_Minutes Ago"), _("0 if it happened just now"),
                                      0, 24 * 60, 0);

  g_signal_connect_object (self->who_row, "changed",
                           G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);

  _fb_board_set_form (dialog, GTK_WIDGET (form));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "log", _("_Log"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "log", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "log");
  adw_message_dialog_set_close_response (dialog, "cancel");
  update_response (self);

  return self;
}

void
fb_log_contact_dialog_set (FbLogContactDialog *self,
                           const char         *who,
                           const char         *channel,
                           const char         *purpose,
                           const char         *asked,
                           const char         *outcome)
{
  g_return_if_fail (FB_IS_LOG_CONTACT_DIALOG (self));

  if (who != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->who_row), who);
  if (channel != NULL)
    adw_combo_row_set_selected (self->channel_row, index_of (fb_channel_get_all (), channel));
  if (purpose != NULL)
    adw_combo_row_set_selected (self->purpose_row, index_of (fb_purpose_get_all (), purpose));
  if (asked != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->asked_row), asked);
  if (outcome != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->outcome_row), outcome);
}

/* Returns the new escalation entry's id. */
char *
fb_log_contact_dialog_apply (FbLogContactDialog *self,
                             GError            **error)
{
  const char * const *channels = fb_channel_get_all ();
  const char * const *purposes = fb_purpose_get_all ();
  g_autofree char *who = NULL;
  g_autofree char *asked = NULL;
  g_autofree char *outcome = NULL;
  guint channel, purpose;
  int ago;

  g_return_val_if_fail (FB_IS_LOG_CONTACT_DIALOG (self), NULL);

  who = _fb_form_get_text (self->who_row);
  asked = _fb_form_get_text (self->asked_row);
  outcome = _fb_form_get_text (self->outcome_row);
  channel = MIN (adw_combo_row_get_selected (self->channel_row), g_strv_length ((GStrv) channels) - 1);
  purpose = MIN (adw_combo_row_get_selected (self->purpose_row), g_strv_length ((GStrv) purposes) - 1);
  ago = gtk_spin_button_get_value_as_int (self->ago_spin);

  return fb_store_log_contact (self->store, self->incident, self->contact, who,
                               channels[channel], purposes[purpose], asked, outcome,
                               fb_context_now_ms (self->context) - (gint64) ago * 60000, error);
}
