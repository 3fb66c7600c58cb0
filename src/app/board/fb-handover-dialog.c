/* fb-handover-dialog.c — handing over command with a briefing
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ICS 201 briefing in small: who hands over to whom, the situation,
 * the open items, the pending decisions and when the next update is due.
 * Accepting it logs the handover on the timeline (role.handover).
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-form-private.h"
#include "fb-handover-dialog.h"

struct _FbHandoverDialog
{
  AdwMessageDialog  parent_instance;

  FbContext        *context;
  FbStore          *store;
  char             *incident;
  char             *outgoing;
  GPtrArray        *contact_ids;
  char             *filled_name;   /* what choosing a contact last typed */

  AdwEntryRow      *incoming_row;
  AdwComboRow      *contact_row;
  AdwEntryRow      *situation_row;
  AdwEntryRow      *open_items_row;
  AdwEntryRow      *pending_row;
  GtkSpinButton    *next_update_spin;
  GtkSwitch        *accepted_switch;
};

G_DEFINE_FINAL_TYPE (FbHandoverDialog, fb_handover_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
selected_contact (FbHandoverDialog *self)
{
  guint i = adw_combo_row_get_selected (self->contact_row);

  if (self->contact_ids == NULL || i >= self->contact_ids->len)
    return NULL;
  return g_ptr_array_index (self->contact_ids, i);
}

static void
update_response (FbHandoverDialog *self)
{
  g_autofree char *incoming = _fb_form_get_text (self->incoming_row);
  gboolean ok = incoming[0] != '\0' && !fb_person_equal (incoming, self->outgoing) &&
                gtk_switch_get_active (self->accepted_switch);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "hand-over", ok);
}

static void
on_incoming_changed_cb (FbHandoverDialog *self)
{
  update_response (self);
}

static void
on_contact_selected_cb (FbHandoverDialog *self)
{
  const char *id = selected_contact (self);
  g_autofree char *current = _fb_form_get_text (self->incoming_row);
  g_autoptr(FbContact) contact = NULL;

  if (id == NULL)
    return;

  contact = fb_store_get_contact (self->store, id);
  if (contact == NULL)
    return;

  /* Fill the name unless the user typed one of their own. */
  if (current[0] == '\0' || g_strcmp0 (current, self->filled_name) == 0)
    {
      g_free (self->filled_name);
      self->filled_name = g_strdup (fb_contact_get_name (contact));
      gtk_editable_set_text (GTK_EDITABLE (self->incoming_row), self->filled_name);
    }
}

static void
fb_handover_dialog_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  FbHandoverDialog *self = FB_HANDOVER_DIALOG (dialog);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "hand-over") != 0)
    return;

  if (!fb_handover_dialog_apply (self, &error))
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                            _("Command was not handed over"), error);
    }
}

static void
fb_handover_dialog_finalize (GObject *object)
{
  FbHandoverDialog *self = FB_HANDOVER_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->incident, g_free);
  g_clear_pointer (&self->outgoing, g_free);
  g_clear_pointer (&self->filled_name, g_free);
  g_clear_pointer (&self->contact_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_handover_dialog_parent_class)->finalize (object);
}

static void
fb_handover_dialog_class_init (FbHandoverDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = fb_handover_dialog_finalize;
  dialog_class->response = fb_handover_dialog_response;
}

static void
fb_handover_dialog_init (FbHandoverDialog *self)
{
}

static void
build_form (FbHandoverDialog *self)
{
  GtkListBox *form = _fb_board_new_list ();
  g_autoptr(FbRole) commander = fb_store_get_role (self->store, self->incident, "commander");
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  GtkWidget *outgoing_row = adw_action_row_new ();

  self->outgoing = commander != NULL ? g_strdup (fb_role_get_person (commander)) : NULL;

  adw_message_dialog_set_heading (dialog, _("Hand Over Command"));
  if (self->outgoing != NULL)
    adw_message_dialog_format_body (dialog,
                                    _("%s hands command to the incoming commander. The briefing "
                                      "is logged on the timeline with the time of the handover."),
                                    self->outgoing);
  else
    adw_message_dialog_set_body (dialog,
                                 _("Nobody commands this incident yet. The incoming commander "
                                   "takes command, and the timeline records it."));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (outgoing_row), _("Outgoing Commander"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (outgoing_row),
                               self->outgoing != NULL ? self->outgoing : _("Vacant"));
  gtk_widget_add_css_class (outgoing_row, "property");
  gtk_list_box_append (form, outgoing_row);

  self->incoming_row = _fb_form_add_entry (form, _("_Incoming Commander"), NULL);
  self->contact_row = _fb_form_add_contact_combo (form, self->store, _("From _Contacts"), NULL,
                                                  &self->contact_ids);
  self->situation_row = _fb_form_add_entry (form, _("_Situation"), NULL);
  self->open_items_row = _fb_form_add_entry (form, _("_Open Items"), NULL);
  self->pending_row = _fb_form_add_entry (form, _("_Pending Decisions"), NULL);
  self->next_update_spin = _fb_form_add_spin (form, _("Next _Update Due"),
                                              _("Minutes from now; 0 for none"), 0, 24 * 60, 30);

  /* ICS 201: command passes when the incoming commander has heard the
   * briefing and accepts it, not when someone edits a field. */
  self->accepted_switch = _fb_form_add_switch (form, _("Briefed and _Accepted"),
                                               _("The incoming commander has heard this briefing "
                                                 "and accepts command"), FALSE);

  g_signal_connect_object (self->incoming_row, "changed",
                           G_CALLBACK (on_incoming_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->accepted_switch, "notify::active",
                           G_CALLBACK (on_incoming_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_row, "notify::selected",
                           G_CALLBACK (on_contact_selected_cb), self, G_CONNECT_SWAPPED);

  _fb_board_set_form (dialog, GTK_WIDGET (form));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "hand-over", _("_Hand Over"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "hand-over", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "hand-over");
  adw_message_dialog_set_close_response (dialog, "cancel");
  update_response (self);
}

FbHandoverDialog *
fb_handover_dialog_new (FbContext  *context,
                        const char *incident)
{
  FbHandoverDialog *self;
  gint64 due_at;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  self = g_object_new (FB_TYPE_HANDOVER_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->store = g_object_ref (fb_context_get_store (context));
  self->incident = g_strdup (incident);
  build_form (self);

  /* The briefing names the update the stakeholders already expect; the
   * incoming commander may promise one sooner. */
  if (fb_store_get_next_update_due (self->store, incident, &due_at) && due_at > fb_context_now_ms (context))
    gtk_spin_button_set_value (self->next_update_spin,
                               MIN ((due_at - fb_context_now_ms (context) + 59999) / 60000, 24 * 60));

  return self;
}

const char *
fb_handover_dialog_get_outgoing (FbHandoverDialog *self)
{
  g_return_val_if_fail (FB_IS_HANDOVER_DIALOG (self), NULL);
  return self->outgoing;
}

void
fb_handover_dialog_set_incoming (FbHandoverDialog *self,
                                 const char       *person,
                                 const char       *contact)
{
  g_return_if_fail (FB_IS_HANDOVER_DIALOG (self));

  if (contact != NULL && self->contact_ids != NULL)
    {
      for (guint i = 1; i < self->contact_ids->len; i++)
        if (g_strcmp0 (g_ptr_array_index (self->contact_ids, i), contact) == 0)
          adw_combo_row_set_selected (self->contact_row, i);
    }
  if (person != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->incoming_row), person);
}

void
fb_handover_dialog_set_briefing (FbHandoverDialog *self,
                                 const char       *situation,
                                 const char       *open_items,
                                 const char       *pending_decisions,
                                 int               next_update_minutes)
{
  g_return_if_fail (FB_IS_HANDOVER_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->situation_row), situation != NULL ? situation : "");
  gtk_editable_set_text (GTK_EDITABLE (self->open_items_row), open_items != NULL ? open_items : "");
  gtk_editable_set_text (GTK_EDITABLE (self->pending_row), pending_decisions != NULL ? pending_decisions : "");
  gtk_spin_button_set_value (self->next_update_spin, MAX (next_update_minutes, 0));
}

void
fb_handover_dialog_set_accepted (FbHandoverDialog *self,
                                 gboolean          accepted)
{
  g_return_if_fail (FB_IS_HANDOVER_DIALOG (self));

  gtk_switch_set_active (self->accepted_switch, accepted);
}

gboolean
fb_handover_dialog_apply (FbHandoverDialog *self,
                          GError          **error)
{
  g_autofree char *incoming = NULL;
  g_autofree char *situation = NULL;
  g_autofree char *open_items = NULL;
  g_autofree char *pending = NULL;
  int minutes;
  gint64 next_update_at = 0;

  g_return_val_if_fail (FB_IS_HANDOVER_DIALOG (self), FALSE);

  if (!gtk_switch_get_active (self->accepted_switch))
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("The incoming commander has not accepted command yet"));
      return FALSE;
    }

  incoming = _fb_form_get_text (self->incoming_row);
  situation = _fb_form_get_text (self->situation_row);
  open_items = _fb_form_get_text (self->open_items_row);
  pending = _fb_form_get_text (self->pending_row);
  minutes = gtk_spin_button_get_value_as_int (self->next_update_spin);
  if (minutes > 0)
    next_update_at = fb_context_now_ms (self->context) + (gint64) minutes * 60000;

  return fb_store_hand_over_command (self->store, self->incident, self->outgoing, incoming,
                                     selected_contact (self), situation, open_items, pending,
                                     next_update_at, error);
}
