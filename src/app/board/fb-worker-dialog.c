/* fb-worker-dialog.c — someone on the worker list: status and task
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-form-private.h"
#include "fb-worker-dialog.h"

struct _FbWorkerDialog
{
  AdwMessageDialog  parent_instance;

  FbContext        *context;
  FbStore          *store;
  char             *incident;
  char             *worker;
  GPtrArray        *contact_ids;
  char             *filled_name;

  AdwEntryRow      *person_row;
  AdwComboRow      *contact_row;
  AdwComboRow      *status_row;
  AdwEntryRow      *task_row;
  GtkSwitch        *on_duty_switch;
  AdwComboRow      *pair_row;
  GPtrArray        *pair_ids;      /* "" for nobody, then the other workers */
};

G_DEFINE_FINAL_TYPE (FbWorkerDialog, fb_worker_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
selected_contact (FbWorkerDialog *self)
{
  guint i = adw_combo_row_get_selected (self->contact_row);

  if (self->contact_ids == NULL || i >= self->contact_ids->len)
    return NULL;
  return g_ptr_array_index (self->contact_ids, i);
}

static void
update_response (FbWorkerDialog *self)
{
  g_autofree char *person = _fb_form_get_text (self->person_row);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", person[0] != '\0');
}

static void
on_contact_selected_cb (FbWorkerDialog *self)
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
fb_worker_dialog_response (AdwMessageDialog *dialog,
                           const char       *response)
{
  FbWorkerDialog *self = FB_WORKER_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (g_strcmp0 (response, "remove") == 0)
    {
      if (!fb_store_remove_worker (self->store, self->incident, self->worker, &error))
        {
          GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

          _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                                _("The worker was not taken off the list"), error);
        }
      return;
    }

  if (g_strcmp0 (response, "save") != 0)
    return;

  id = fb_worker_dialog_apply (self, &error);
  if (id == NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                            _("The worker was not saved"), error);
    }
}

static void
fb_worker_dialog_finalize (GObject *object)
{
  FbWorkerDialog *self = FB_WORKER_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->incident, g_free);
  g_clear_pointer (&self->worker, g_free);
  g_clear_pointer (&self->filled_name, g_free);
  g_clear_pointer (&self->contact_ids, g_ptr_array_unref);
  g_clear_pointer (&self->pair_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_worker_dialog_parent_class)->finalize (object);
}

static void
fb_worker_dialog_class_init (FbWorkerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = fb_worker_dialog_finalize;
  dialog_class->response = fb_worker_dialog_response;
}

static void
fb_worker_dialog_init (FbWorkerDialog *self)
{
}

/* Off shift is off duty. */
static void
on_status_selected_cb (FbWorkerDialog *self)
{
  if (adw_combo_row_get_selected (self->status_row) == FB_WORKER_OFF_SHIFT)
    gtk_switch_set_active (self->on_duty_switch, FALSE);
}

/* On duty or not, and the pair: the guide asks for work in pairs, and
 * for rest before people grow too tired to work well. */
static void
add_shift_rows (FbWorkerDialog *self,
                GtkListBox     *form,
                FbWorker       *current)
{
  g_autoptr(GListModel) workers = fb_store_list_workers (self->store, self->incident);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  gboolean on_duty = current != NULL ? fb_worker_get_duty_limit_at (current, 0) > 0
                                     : TRUE;
  guint selected = 0;

  self->on_duty_switch = _fb_form_add_switch (form, _("On _Duty"),
                                              _("Since when is kept, for the limit of hours on duty"),
                                              on_duty);

  self->pair_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->pair_ids, g_strdup (""));
  g_ptr_array_add (labels, g_strdup (_("Nobody")));
  for (guint i = 0; i < g_list_model_get_n_items (workers); i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (workers, i);

      if (current != NULL && g_str_equal (fb_worker_get_id (worker), fb_worker_get_id (current)))
        continue;
      if (current != NULL && g_str_equal (fb_worker_get_pair (current), fb_worker_get_id (worker)))
        selected = self->pair_ids->len;
      g_ptr_array_add (self->pair_ids, g_strdup (fb_worker_get_id (worker)));
      g_ptr_array_add (labels, g_strdup (fb_worker_get_person (worker)));
    }
  g_ptr_array_add (labels, NULL);
  self->pair_row = _fb_form_add_combo (form, _("Works in a Pair _With"),
                                       (const char * const *) labels->pdata, selected);
}

FbWorkerDialog *
fb_worker_dialog_new (FbContext  *context,
                      const char *incident,
                      const char *worker)
{
  const char *labels[FB_N_WORKER_STATUSES + 1] = { NULL };
  g_autoptr(FbWorker) current = NULL;
  FbWorkerDialog *self;
  AdwMessageDialog *dialog;
  GtkListBox *form;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  self = g_object_new (FB_TYPE_WORKER_DIALOG, NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->context = g_object_ref (context);
  self->store = g_object_ref (fb_context_get_store (context));
  self->incident = g_strdup (incident);
  current = worker != NULL ? fb_store_get_worker (self->store, incident, worker) : NULL;
  self->worker = current != NULL ? g_strdup (worker) : NULL;

  for (guint i = 0; i < FB_N_WORKER_STATUSES; i++)
    labels[i] = fb_worker_status_get_label (i);

  adw_message_dialog_set_heading (dialog, current != NULL ? _("Edit Worker") : _("Add Worker"));
  adw_message_dialog_set_body (dialog, _("Those who do the work, with what each is doing now."));

  form = _fb_board_new_list ();
  self->person_row = _fb_form_add_entry (form, _("_Person"),
                                         current != NULL ? fb_worker_get_person (current) : NULL);
  self->contact_row = _fb_form_add_contact_combo (form, self->store, _("From _Contacts"),
                                                  current != NULL ? fb_worker_get_contact (current) : NULL,
                                                  &self->contact_ids);
  self->status_row = _fb_form_add_combo (form, _("_Status"), labels,
                                         current != NULL ? fb_worker_get_status (current)
                                                         : FB_WORKER_INVESTIGATING);
  self->task_row = _fb_form_add_entry (form, _("Current _Task"),
                                       current != NULL ? fb_worker_get_task (current) : NULL);

  add_shift_rows (self, form, current);
  g_signal_connect_object (self->status_row, "notify::selected",
                           G_CALLBACK (on_status_selected_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->person_row, "changed",
                           G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_row, "notify::selected",
                           G_CALLBACK (on_contact_selected_cb), self, G_CONNECT_SWAPPED);

  _fb_board_set_form (dialog, GTK_WIDGET (form));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  /* Off the list for good, such as someone put on it by mistake; the
   * record keeps that they were on it. Off shift is the status for a
   * break. */
  if (current != NULL)
    {
      adw_message_dialog_add_response (dialog, "remove", _("_Remove from the List"));
      adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (dialog, "save", _("_Save"));
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  update_response (self);

  return self;
}

void
fb_worker_dialog_set (FbWorkerDialog *self,
                      const char     *person,
                      FbWorkerStatus  status,
                      const char     *task)
{
  g_return_if_fail (FB_IS_WORKER_DIALOG (self));

  if (person != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->person_row), person);
  if ((guint) status < FB_N_WORKER_STATUSES)
    adw_combo_row_set_selected (self->status_row, status);
  if (task != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->task_row), task);
}

/* Returns the worker's id. */
char *
fb_worker_dialog_apply (FbWorkerDialog *self,
                        GError        **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *person = NULL;
  g_autofree char *task = NULL;
  guint status;
  guint pair;
  const char *contact;

  g_return_val_if_fail (FB_IS_WORKER_DIALOG (self), NULL);

  person = _fb_form_get_text (self->person_row);
  task = _fb_form_get_text (self->task_row);
  status = adw_combo_row_get_selected (self->status_row);
  contact = selected_contact (self);

  if (person[0] == '\0')
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID, _("Name the person"));
      return NULL;
    }

  json_object_set_string_member (fields, "person", person);
  json_object_set_string_member (fields, "status",
                                 fb_worker_status_to_string (MIN (status, FB_N_WORKER_STATUSES - 1)));
  json_object_set_string_member (fields, "task", task);
  if (contact != NULL)
    json_object_set_string_member (fields, "contact", contact);

  pair = adw_combo_row_get_selected (self->pair_row);
  return fb_store_save_worker (self->store, self->incident, self->worker, fields,
                               gtk_switch_get_active (self->on_duty_switch),
                               pair < self->pair_ids->len ? g_ptr_array_index (self->pair_ids, pair) : NULL,
                               error);
}

/* For tests: the duty switch and the pair, by the other worker's id. */
void
fb_worker_dialog_set_shift (FbWorkerDialog *self,
                            gboolean        on_duty,
                            const char     *pair)
{
  g_return_if_fail (FB_IS_WORKER_DIALOG (self));

  gtk_switch_set_active (self->on_duty_switch, on_duty);
  for (guint i = 0; i < self->pair_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->pair_ids, i), pair != NULL ? pair : "") == 0)
      adw_combo_row_set_selected (self->pair_row, i);
}
