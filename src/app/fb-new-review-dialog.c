/* fb-new-review-dialog.c — starting a readiness review
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A review is started at leisure, not in a hurry: a title, already filled
 * in with the date, and the standing checklist to take, when there is
 * more than one.
 */

#define G_LOG_DOMAIN "fb-new-review-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-error.h"
#include "fb-form-private.h"
#include "fb-new-review-dialog.h"

struct _FbNewReviewDialog
{
  AdwMessageDialog   parent_instance;

  FbContext         *context;
  FbPlaybookLibrary *playbooks;
  GPtrArray         *checklists;  /* the standing playbooks, of FbPlaybook */

  AdwEntryRow       *title_row;
  AdwComboRow       *checklist_row;
};

G_DEFINE_FINAL_TYPE (FbNewReviewDialog, fb_new_review_dialog, ADW_TYPE_MESSAGE_DIALOG)

static FbPlaybook *
get_checklist (FbNewReviewDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->checklist_row);

  if (selected >= self->checklists->len)
    return NULL;

  return g_ptr_array_index (self->checklists, selected);
}

/* Nothing to start without a title or a standing checklist; the response
 * stays off rather than failing after the dialog has closed. */
static void
update_start (FbNewReviewDialog *self)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  FbPlaybook *checklist = get_checklist (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "start",
                                           title[0] != '\0' && checklist != NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                               checklist != NULL
                               ? fb_playbook_get_description (checklist)
                               : _("None of the playbooks is a standing checklist. Add a playbook with "
                                   "“record”: “readiness” to your playbooks folder."));
}

static void
fill_checklists (FbNewReviewDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n;

  self->playbooks = fb_playbook_library_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self->playbooks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbPlaybook) playbook = g_list_model_get_item (G_LIST_MODEL (self->playbooks), i);

      if (fb_playbook_get_record (playbook) != FB_RECORD_READINESS)
        continue;
      gtk_string_list_append (names, fb_playbook_get_title (playbook));
      g_ptr_array_add (self->checklists, g_steal_pointer (&playbook));
    }

  adw_combo_row_set_model (self->checklist_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->checklist_row, 0);
  /* One checklist is no choice to offer. */
  gtk_widget_set_visible (GTK_WIDGET (self->checklist_row), self->checklists->len > 1);
}

static void
on_changed_cb (FbNewReviewDialog *self)
{
  /* Rows still report changes while the dialog is disposed. */
  if (self->checklists != NULL)
    update_start (self);
}

/* The title a review starts with: the date tells reviews apart. */
static void
set_default_title (FbNewReviewDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (fb_context_now_ms (self->context) / 1000);
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *title = NULL;

  /* Translators: the title a new readiness review starts with; %s is today's date */
  title = g_strdup_printf (_("Readiness review %s"), date);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
}

static void
fb_new_review_dialog_dispose (GObject *object)
{
  FbNewReviewDialog *self = (FbNewReviewDialog *) object;

  g_clear_pointer (&self->checklists, g_ptr_array_unref);
  g_clear_object (&self->playbooks);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_new_review_dialog_parent_class)->dispose (object);
}

static void
fb_new_review_dialog_class_init (FbNewReviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_new_review_dialog_dispose;
}

static void
fb_new_review_dialog_init (FbNewReviewDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  GtkListBox *form = _fb_board_new_list ();

  self->checklists = g_ptr_array_new_with_free_func (g_object_unref);

  adw_message_dialog_set_heading (dialog, _("New Readiness Review"));
  self->title_row = _fb_form_add_entry (form, _("Title"), NULL);
  adw_entry_row_set_activates_default (self->title_row, TRUE);
  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (on_changed_cb), self);
  self->checklist_row = _fb_form_add_combo (form, _("_Checklist"), NULL, 0);
  fill_checklists (self);
  g_signal_connect_swapped (self->checklist_row, "notify::selected", G_CALLBACK (on_changed_cb), self);
  _fb_board_set_form (dialog, GTK_WIDGET (form));

  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_add_response (dialog, "start", _("_Start Review"));
  adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "start");
  adw_message_dialog_set_close_response (dialog, "cancel");
}

FbNewReviewDialog *
fb_new_review_dialog_new (FbContext *context)
{
  FbNewReviewDialog *self;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  self = g_object_new (FB_TYPE_NEW_REVIEW_DIALOG, NULL);
  self->context = g_object_ref (context);
  set_default_title (self);
  update_start (self);

  return self;
}

void
fb_new_review_dialog_set_title (FbNewReviewDialog *self,
                                const char        *title)
{
  g_return_if_fail (FB_IS_NEW_REVIEW_DIALOG (self));
  g_return_if_fail (title != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
}

/**
 * fb_new_review_dialog_start:
 *
 * Starts the review the dialog describes: what its "start" response does.
 *
 * Returns: (transfer full): the new review's id, or %NULL with @error set
 */
char *
fb_new_review_dialog_start (FbNewReviewDialog *self,
                            GError           **error)
{
  g_autofree char *title = NULL;
  FbPlaybook *checklist;

  g_return_val_if_fail (FB_IS_NEW_REVIEW_DIALOG (self), NULL);

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  checklist = get_checklist (self);
  if (title[0] == '\0' || checklist == NULL)
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("Give the review a title and choose its checklist."));
      return NULL;
    }

  return fb_store_start_review (fb_context_get_store (self->context), title, checklist, error);
}
