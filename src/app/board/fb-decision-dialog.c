/* fb-decision-dialog.c — what was asked, the options, who decided, and what
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Escalation asks management to decide (stop a service, add people,
 * outsource, speak to the public). The question can be recorded while it
 * waits; its answer is a new entry amending it, since entries never change.
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-form-private.h"
#include "fb-decision-dialog.h"

struct _FbDecisionDialog
{
  AdwMessageDialog  parent_instance;

  FbContext        *context;
  FbStore          *store;
  char             *incident;
  char             *pending;

  AdwEntryRow      *question_row;
  GtkTextView      *options_view;
  AdwEntryRow      *decided_by_row;
  AdwEntryRow      *decision_row;
  GtkSwitch        *made_switch;
};

G_DEFINE_FINAL_TYPE (FbDecisionDialog, fb_decision_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
update_response (FbDecisionDialog *self)
{
  g_autofree char *question = _fb_form_get_text (self->question_row);
  g_autofree char *decision = _fb_form_get_text (self->decision_row);
  gboolean made = gtk_switch_get_active (self->made_switch);
  gboolean ok = made ? decision[0] != '\0' : question[0] != '\0';

  gtk_widget_set_sensitive (GTK_WIDGET (self->decided_by_row), made);
  gtk_widget_set_sensitive (GTK_WIDGET (self->decision_row), made);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "record", ok);
}

static void
fb_decision_dialog_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  FbDecisionDialog *self = FB_DECISION_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (g_strcmp0 (response, "record") != 0)
    return;

  id = fb_decision_dialog_apply (self, &error);
  if (id == NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                            _("The decision was not recorded"), error);
    }
}

static void
fb_decision_dialog_finalize (GObject *object)
{
  FbDecisionDialog *self = FB_DECISION_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->incident, g_free);
  g_clear_pointer (&self->pending, g_free);

  G_OBJECT_CLASS (fb_decision_dialog_parent_class)->finalize (object);
}

static void
fb_decision_dialog_class_init (FbDecisionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = fb_decision_dialog_finalize;
  dialog_class->response = fb_decision_dialog_response;
}

static void
fb_decision_dialog_init (FbDecisionDialog *self)
{
}

static void
set_options (FbDecisionDialog   *self,
             const char * const *options)
{
  g_autofree char *text = options != NULL ? g_strjoinv ("\n", (char **) options) : g_strdup ("");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->options_view), text, -1);
}

FbDecisionDialog *
fb_decision_dialog_new (FbContext  *context,
                        const char *incident,
                        const char *pending)
{
  FbDecisionDialog *self;
  AdwMessageDialog *dialog;
  GtkListBox *form;
  GtkListBox *outcome;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *frame;
  g_autoptr(FbEntry) entry = NULL;
  g_autoptr(JsonObject) data = NULL;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  self = g_object_new (FB_TYPE_DECISION_DIALOG, NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->context = g_object_ref (context);
  self->store = g_object_ref (fb_context_get_store (context));
  self->incident = g_strdup (incident);

  if (pending != NULL && (entry = fb_store_get_entry (self->store, pending)) != NULL)
    {
      self->pending = g_strdup (pending);
      data = fb_entry_dup_data_object (entry);
    }

  adw_message_dialog_set_heading (dialog, self->pending != NULL ? _("Record the Decision")
                                                                : _("Record a Decision"));
  adw_message_dialog_set_body (dialog, _("What was asked, the options weighed, who decided and "
                                         "what. Leave it pending while you wait for an answer."));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  form = _fb_board_new_list ();
  self->question_row = _fb_form_add_entry (form, _("_Question"), fb_entry_data_get_string (data, "question"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form));

  label = gtk_label_new_with_mnemonic (_("_Options, one per line"));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  self->options_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->options_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->options_view, 8);
  gtk_text_view_set_bottom_margin (self->options_view, 8);
  gtk_text_view_set_left_margin (self->options_view, 8);
  gtk_text_view_set_right_margin (self->options_view, 8);
  gtk_widget_set_size_request (GTK_WIDGET (self->options_view), -1, 72);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->options_view));
  /* GTK 4.8 does not name a widget after its mnemonic label: the label's
   * words, without the underscore, name it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->options_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (GTK_LABEL (label)),
                                  -1);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->options_view));
  gtk_box_append (GTK_BOX (box), frame);

  if (data != NULL && json_object_has_member (data, "options"))
    {
      JsonArray *options = json_object_get_array_member (data, "options");
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
        {
          JsonNode *node = json_array_get_element (options, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (node));
        }
      strv = g_strv_builder_end (builder);
      set_options (self, (const char * const *) strv);
    }

  outcome = _fb_board_new_list ();
  self->made_switch = _fb_form_add_switch (outcome, _("Decision _Made"),
                                           _("Off while the question waits for an answer"),
                                           self->pending != NULL);
  self->decided_by_row = _fb_form_add_entry (outcome, _("Decided _By"), NULL);
  self->decision_row = _fb_form_add_entry (outcome, _("_Decision"), NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (outcome));

  g_signal_connect_object (self->question_row, "changed",
                           G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->decision_row, "changed",
                           G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->made_switch, "notify::active",
                           G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);

  _fb_board_set_form (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "record", _("_Record"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "record");
  adw_message_dialog_set_close_response (dialog, "cancel");
  update_response (self);

  return self;
}

void
fb_decision_dialog_set (FbDecisionDialog   *self,
                        const char         *question,
                        const char * const *options,
                        const char         *decided_by,
                        const char         *decision,
                        gboolean            made)
{
  g_return_if_fail (FB_IS_DECISION_DIALOG (self));

  if (question != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->question_row), question);
  if (options != NULL)
    set_options (self, options);
  if (decided_by != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->decided_by_row), decided_by);
  if (decision != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->decision_row), decision);
  gtk_switch_set_active (self->made_switch, made);
}

/* Returns the new decision entry's id. */
char *
fb_decision_dialog_apply (FbDecisionDialog *self,
                          GError          **error)
{
  g_autofree char *question = NULL;
  g_autofree char *decided_by = NULL;
  g_autofree char *decision = NULL;
  g_autofree char *options_text = NULL;
  g_auto(GStrv) options = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  gboolean made;

  g_return_val_if_fail (FB_IS_DECISION_DIALOG (self), NULL);

  question = _fb_form_get_text (self->question_row);
  decided_by = _fb_form_get_text (self->decided_by_row);
  decision = _fb_form_get_text (self->decision_row);
  made = gtk_switch_get_active (self->made_switch);

  buffer = gtk_text_view_get_buffer (self->options_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  options_text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  options = g_strsplit (options_text, "\n", -1);

  return fb_store_record_decision (self->store, self->incident, question,
                                   (const char * const *) options,
                                   made ? decided_by : NULL, made ? decision : NULL, made,
                                   self->pending, 0, error);
}
