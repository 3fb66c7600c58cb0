/* fb-checklist-item-dialog.c — a custom checklist item, or an item's state
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-form-private.h"
#include "fb-checklist-item-dialog.h"

struct _FbChecklistItemDialog
{
  AdwMessageDialog  parent_instance;

  FbContext        *context;
  FbStore          *store;
  char             *incident;
  FbChecklistItem  *item;

  AdwComboRow      *section_row;
  AdwEntryRow      *text_row;
  AdwComboRow      *state_row;
  AdwEntryRow      *assignee_row;
  AdwEntryRow      *due_row;
  AdwEntryRow      *note_row;
  char             *due_shown;    /* the stored due time as first shown */
};

G_DEFINE_FINAL_TYPE (FbChecklistItemDialog, fb_checklist_item_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
parse_due (FbChecklistItemDialog *self,
           gint64                *due_at)
{
  g_autofree char *text = _fb_form_get_text (self->due_row);

  /* A time on another day is shown with its date, which is not typed back. */
  if (self->item != NULL && self->due_shown != NULL && g_str_equal (text, self->due_shown))
    {
      *due_at = fb_checklist_item_get_due_at (self->item);
      return TRUE;
    }

  return fb_context_parse_time (self->context, text, FB_TIME_DUE, due_at, NULL);
}

static void
update_response (FbChecklistItemDialog *self)
{
  gint64 due_at;
  gboolean due_ok = parse_due (self, &due_at);
  gboolean ok = due_ok;

  if (self->text_row != NULL)
    {
      g_autofree char *text = _fb_form_get_text (self->text_row);
      ok = ok && text[0] != '\0';
    }

  if (due_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->due_row), "error");

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", ok);
}

static void
fb_checklist_item_dialog_response (AdwMessageDialog *dialog,
                                   const char       *response)
{
  FbChecklistItemDialog *self = FB_CHECKLIST_ITEM_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;

  id = fb_checklist_item_dialog_apply (self, &error);
  if (id == NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                            _("The checklist item was not saved"), error);
    }
}

static void
fb_checklist_item_dialog_finalize (GObject *object)
{
  FbChecklistItemDialog *self = FB_CHECKLIST_ITEM_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_object (&self->item);
  g_clear_pointer (&self->incident, g_free);
  g_clear_pointer (&self->due_shown, g_free);

  G_OBJECT_CLASS (fb_checklist_item_dialog_parent_class)->finalize (object);
}

static void
fb_checklist_item_dialog_class_init (FbChecklistItemDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = fb_checklist_item_dialog_finalize;
  dialog_class->response = fb_checklist_item_dialog_response;
}

static void
fb_checklist_item_dialog_init (FbChecklistItemDialog *self)
{
}

/* The step's section, and the reason its playbook gives for it: the
 * moment of deciding whether to skip a step is when the why matters. */
static void
set_heading_and_body (FbChecklistItemDialog *self)
{
  g_autoptr(FbIncident) incident = fb_store_get_incident (self->store, self->incident);
  g_autoptr(FbPlaybookLibrary) library = NULL;
  const char *section = fb_section_get_label (fb_checklist_item_get_section (self->item));
  const char *text = fb_checklist_item_get_text (self->item);
  const char *hint = NULL;
  g_autofree char *body = NULL;

  if (incident != NULL && fb_checklist_item_get_playbook_item (self->item) != NULL)
    {
      const char *kind = fb_incident_get_kind (incident);
      const char *item = fb_checklist_item_get_playbook_item (self->item);

      library = fb_playbook_library_new ();
      hint = fb_playbook_library_get_hint (library, kind, item);
      text = fb_playbook_library_localize_item (library, kind, item, text);
    }

  /* A short heading; the step itself, which can run to three lines, is
   * the first thing in the body. */
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Edit Step"));

  body = hint != NULL ? g_strdup_printf ("%s\n\n%s\n\n%s", text, section, hint)
                      : g_strdup_printf ("%s\n\n%s", text, section);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
}

FbChecklistItemDialog *
fb_checklist_item_dialog_new (FbContext  *context,
                              const char *incident,
                              const char *item)
{
  const char *sections[FB_N_SECTIONS + 1] = { NULL };
  const char *states[FB_N_ITEM_STATES + 1] = { NULL };
  FbChecklistItemDialog *self;
  AdwMessageDialog *dialog;
  GtkListBox *form;
  g_autofree char *due = NULL;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  self = g_object_new (FB_TYPE_CHECKLIST_ITEM_DIALOG, NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->context = g_object_ref (context);
  self->store = g_object_ref (fb_context_get_store (context));
  self->incident = g_strdup (incident);
  if (item != NULL)
    self->item = fb_store_get_checklist_item (self->store, item);

  for (guint i = 0; i < FB_N_SECTIONS; i++)
    sections[i] = fb_section_get_label (i);
  for (guint i = 0; i < FB_N_ITEM_STATES; i++)
    states[i] = fb_item_state_get_label (i);

  form = _fb_board_new_list ();
  if (self->item == NULL)
    {
      adw_message_dialog_set_heading (dialog, _("Add a Checklist Item"));
      self->section_row = _fb_form_add_combo (form, _("_Section"), sections, 0);
      self->text_row = _fb_form_add_entry (form, _("_Step"), NULL);
      g_signal_connect_object (self->text_row, "changed",
                               G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);
    }
  else
    {
      set_heading_and_body (self);
      self->state_row = _fb_form_add_combo (form, _("S_tate"), states,
                                            fb_checklist_item_get_state (self->item));
      due = fb_context_format_time (self->context, fb_checklist_item_get_due_at (self->item));
      self->due_shown = g_strdup (due);
    }

  self->assignee_row = _fb_form_add_entry (form, _("_Assignee"),
                                           self->item != NULL ? fb_checklist_item_get_assignee (self->item) : NULL);
  self->due_row = _fb_form_add_entry (form, _("_Due (14:30, or +30 for minutes from now)"), due);
  g_signal_connect_object (self->due_row, "changed",
                           G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);
  if (self->item != NULL)
    self->note_row = _fb_form_add_entry (form, _("_Note"), fb_checklist_item_get_note (self->item));

  _fb_board_set_form (dialog, GTK_WIDGET (form));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "save", self->item != NULL ? _("_Save") : _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  update_response (self);

  return self;
}

void
fb_checklist_item_dialog_set (FbChecklistItemDialog *self,
                              FbSection              section,
                              const char            *text,
                              FbItemState            state,
                              const char            *assignee,
                              const char            *due,
                              const char            *note)
{
  g_return_if_fail (FB_IS_CHECKLIST_ITEM_DIALOG (self));

  if (self->section_row != NULL && (guint) section < FB_N_SECTIONS)
    adw_combo_row_set_selected (self->section_row, section);
  if (self->text_row != NULL && text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->text_row), text);
  if (self->state_row != NULL && (guint) state < FB_N_ITEM_STATES)
    adw_combo_row_set_selected (self->state_row, state);
  if (assignee != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->assignee_row), assignee);
  if (due != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->due_row), due);
  if (self->note_row != NULL && note != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->note_row), note);
}

static char *
add_item (FbChecklistItemDialog *self,
          gint64                 due_at,
          const char            *assignee,
          GError               **error)
{
  g_autoptr(GListModel) existing = fb_store_list_checklist (self->store, self->incident);
  g_autofree char *text = _fb_form_get_text (self->text_row);
  FbSection section = MIN (adw_combo_row_get_selected (self->section_row), FB_N_SECTIONS - 1);
  g_autofree char *id = NULL;
  int position = 0;

  /* At the end of its section. */
  for (guint i = 0; i < g_list_model_get_n_items (existing); i++)
    {
      g_autoptr(FbChecklistItem) other = g_list_model_get_item (existing, i);

      if (fb_checklist_item_get_section (other) == section)
        position = MAX (position, fb_checklist_item_get_position (other) + 1);
    }

  id = fb_store_add_checklist_item (self->store, self->incident, section, text, position, NULL, error);
  if (id == NULL)
    return NULL;

  if (assignee[0] != '\0' || due_at > 0)
    {
      g_autoptr(JsonObject) fields = json_object_new ();

      if (assignee[0] != '\0')
        json_object_set_string_member (fields, "assignee", assignee);
      if (due_at > 0)
        json_object_set_int_member (fields, "due_at", due_at);
      if (!fb_store_set_checklist_item (self->store, id, fields, error))
        return NULL;
    }

  return g_steal_pointer (&id);
}

/* Returns the item's id. Only what changed is written, so that two people
 * editing different fields of one item do not undo each other. */
char *
fb_checklist_item_dialog_apply (FbChecklistItemDialog *self,
                                GError               **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *assignee = NULL;
  g_autofree char *note = NULL;
  gint64 due_at;
  FbItemState state;

  g_return_val_if_fail (FB_IS_CHECKLIST_ITEM_DIALOG (self), NULL);

  if (!parse_due (self, &due_at))
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("Write the due time as 14:30, or +30 for minutes from now"));
      return NULL;
    }

  assignee = _fb_form_get_text (self->assignee_row);
  if (self->item == NULL)
    return add_item (self, due_at, assignee, error);

  note = _fb_form_get_text (self->note_row);
  state = MIN (adw_combo_row_get_selected (self->state_row), FB_N_ITEM_STATES - 1);

  if (state != fb_checklist_item_get_state (self->item))
    json_object_set_string_member (fields, "state", fb_item_state_to_string (state));
  if (g_strcmp0 (assignee, fb_checklist_item_get_assignee (self->item)) != 0)
    json_object_set_string_member (fields, "assignee", assignee);
  if (g_strcmp0 (note, fb_checklist_item_get_note (self->item)) != 0)
    json_object_set_string_member (fields, "note", note);
  /* The field shows minutes only: keep the stored time unless the minute changed. */
  if (due_at / 60000 != fb_checklist_item_get_due_at (self->item) / 60000)
    json_object_set_int_member (fields, "due_at", due_at);

  if (json_object_get_size (fields) > 0 &&
      !fb_store_set_checklist_item (self->store, fb_checklist_item_get_id (self->item), fields, error))
    return NULL;

  return g_strdup (fb_checklist_item_get_id (self->item));
}
