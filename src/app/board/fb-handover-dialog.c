/* fb-handover-dialog.c — offering command with a briefing
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ICS 201 briefing: who hands over to whom, the situation, the
 * objectives, the open steps, the pending decisions, the deadlines and
 * when the next update is due, prefilled from the record. The dialog
 * offers command (handover.offer); the incoming commander accepts on
 * their own workstation, or at once when that is this one.
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-briefing-form-private.h"
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
  GtkSpinButton    *next_update_spin;
  GtkTextView      *parts[FB_BRIEFING_N_PARTS];
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
  gboolean ok = incoming[0] != '\0' && !fb_person_equal (incoming, self->outgoing);
  gboolean here = fb_person_equal (incoming, fb_store_get_author (self->store));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "offer", ok);
  /* Whoever sits at this workstation accepts by taking it. */
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "offer",
                                         here ? _("_Take Command") : _("_Offer Handover"));
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

  if (g_strcmp0 (response, "offer") != 0)
    return;

  if (!fb_handover_dialog_apply (self, &error))
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                            _("Command was not offered"), error);
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
  g_autoptr(FbBriefing) briefing = fb_briefing_build (self->context, self->incident);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  GtkWidget *outgoing_row = adw_action_row_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->outgoing = commander != NULL ? g_strdup (fb_role_get_person (commander)) : NULL;

  adw_message_dialog_set_heading (dialog, _("Hand Over Command"));
  if (self->outgoing != NULL)
    adw_message_dialog_format_body (dialog,
                                    _("%s stays in command until the incoming commander accepts "
                                      "on their own workstation. The briefing and both times are "
                                      "logged on the timeline."),
                                    self->outgoing);
  else
    adw_message_dialog_set_body (dialog,
                                 _("Nobody commands this incident yet. The incoming commander "
                                   "takes command by accepting on their own workstation, and "
                                   "the timeline records it."));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (outgoing_row), _("Outgoing Commander"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (outgoing_row),
                               self->outgoing != NULL ? self->outgoing : _("Vacant"));
  gtk_widget_add_css_class (outgoing_row, "property");
  gtk_list_box_append (form, outgoing_row);

  self->incoming_row = _fb_form_add_entry (form, _("_Incoming Commander"), NULL);
  self->contact_row = _fb_form_add_contact_combo (form, self->store, _("From _Contacts"), NULL,
                                                  &self->contact_ids);
  self->next_update_spin = _fb_form_add_spin (form, _("Next _Update Due"),
                                              _("Minutes from now; 0 for none"), 0, 24 * 60, 30);

  gtk_box_append (GTK_BOX (content), GTK_WIDGET (form));
  gtk_box_append (GTK_BOX (content), _fb_briefing_form_new (self->parts));
  _fb_briefing_form_fill (self->parts, briefing);

  g_signal_connect_object (self->incoming_row, "changed",
                           G_CALLBACK (on_incoming_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_row, "notify::selected",
                           G_CALLBACK (on_contact_selected_cb), self, G_CONNECT_SWAPPED);

  adw_message_dialog_set_extra_child (dialog, _fb_briefing_form_wrap (content));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "offer", _("_Offer Handover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "offer", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "offer");
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
  g_autoptr(FbBriefing) briefing = fb_briefing_new ();

  g_return_if_fail (FB_IS_HANDOVER_DIALOG (self));

  _fb_briefing_form_read (self->parts, briefing);
  g_free (briefing->situation);
  briefing->situation = g_strdup (situation != NULL ? situation : "");
  g_free (briefing->open_items);
  briefing->open_items = g_strdup (open_items != NULL ? open_items : "");
  g_free (briefing->pending_decisions);
  briefing->pending_decisions = g_strdup (pending_decisions != NULL ? pending_decisions : "");
  _fb_briefing_form_fill (self->parts, briefing);
  gtk_spin_button_set_value (self->next_update_spin, MAX (next_update_minutes, 0));
}

/* The briefing as the dialog holds it now. */
FbBriefing *
fb_handover_dialog_get_briefing (FbHandoverDialog *self)
{
  FbBriefing *briefing = fb_briefing_new ();
  int minutes;

  g_return_val_if_fail (FB_IS_HANDOVER_DIALOG (self), briefing);

  _fb_briefing_form_read (self->parts, briefing);
  minutes = gtk_spin_button_get_value_as_int (self->next_update_spin);
  if (minutes > 0)
    briefing->next_update_at = fb_context_now_ms (self->context) + (gint64) minutes * 60000;
  return briefing;
}

gboolean
fb_handover_dialog_apply (FbHandoverDialog *self,
                          GError          **error)
{
  g_autoptr(FbBriefing) briefing = NULL;
  g_autofree char *incoming = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (FB_IS_HANDOVER_DIALOG (self), FALSE);

  incoming = _fb_form_get_text (self->incoming_row);
  briefing = fb_handover_dialog_get_briefing (self);
  id = fb_store_offer_handover (self->store, self->incident, incoming, selected_contact (self),
                                briefing, error);
  return id != NULL;
}
