/* fb-period-dialog.c — starting an operational period with its briefing
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The commander starts the next period (often every 12 hours) with its
 * objectives; the briefing starts from the record as it stands, like a
 * handover's, and is kept with the period (period.start).
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-briefing-form-private.h"
#include "fb-form-private.h"
#include "fb-period-dialog.h"

#define DEFAULT_HOURS 12

struct _FbPeriodDialog
{
  AdwMessageDialog  parent_instance;

  FbContext        *context;
  char             *incident;

  GtkSpinButton    *hours_spin;
  GtkTextView      *parts[FB_BRIEFING_N_PARTS];
};

G_DEFINE_FINAL_TYPE (FbPeriodDialog, fb_period_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
fb_period_dialog_response (AdwMessageDialog *dialog,
                           const char       *response)
{
  FbPeriodDialog *self = FB_PERIOD_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (g_strcmp0 (response, "start") != 0)
    return;

  id = fb_period_dialog_apply (self, &error);
  if (id == NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      _fb_board_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                            _("The period was not started"), error);
    }
}

static void
fb_period_dialog_finalize (GObject *object)
{
  FbPeriodDialog *self = FB_PERIOD_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->incident, g_free);

  G_OBJECT_CLASS (fb_period_dialog_parent_class)->finalize (object);
}

static void
fb_period_dialog_class_init (FbPeriodDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = fb_period_dialog_finalize;
  dialog_class->response = fb_period_dialog_response;
}

static void
fb_period_dialog_init (FbPeriodDialog *self)
{
}

FbPeriodDialog *
fb_period_dialog_new (FbContext  *context,
                      const char *incident)
{
  FbStore *store;
  g_autoptr(FbPeriod) current = NULL;
  g_autoptr(FbBriefing) briefing = NULL;
  FbPeriodDialog *self;
  AdwMessageDialog *dialog;
  GtkListBox *form;
  GtkWidget *content;
  int number;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  self = g_object_new (FB_TYPE_PERIOD_DIALOG, NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->context = g_object_ref (context);
  self->incident = g_strdup (incident);
  store = fb_context_get_store (context);
  current = fb_store_get_current_period (store, incident);
  number = current != NULL ? fb_period_get_number (current) + 1 : 1;

  /* TRANSLATORS: %d is the number of the operational period */
  adw_message_dialog_format_heading (dialog, _("Start Operational Period %d"), number);
  adw_message_dialog_set_body (dialog, _("Set what this period is to achieve. The briefing is "
                                         "kept with the period and has its own section in the report."));

  form = _fb_board_new_list ();
  self->hours_spin = _fb_form_add_spin (form, _("Planned _Length"), _("Hours; 0 for open-ended"),
                                        0, FB_OP_MAX_PERIOD_MIN / 60, DEFAULT_HOURS);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (form));
  gtk_box_append (GTK_BOX (content), _fb_briefing_form_new (self->parts));

  /* The objectives are the new period's to set, not the last one's. */
  briefing = fb_briefing_build (context, incident);
  g_free (briefing->objectives);
  briefing->objectives = g_strdup ("");
  _fb_briefing_form_fill (self->parts, briefing);

  adw_message_dialog_set_extra_child (dialog, _fb_briefing_form_wrap (content));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "start", _("_Start Period"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "start");
  adw_message_dialog_set_close_response (dialog, "cancel");

  return self;
}

void
fb_period_dialog_set_objectives (FbPeriodDialog *self,
                                 const char     *objectives,
                                 int             planned_hours)
{
  g_return_if_fail (FB_IS_PERIOD_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->parts[FB_BRIEFING_OBJECTIVES]),
                            objectives != NULL ? objectives : "", -1);
  gtk_spin_button_set_value (self->hours_spin, MAX (planned_hours, 0));
}

/* Returns the period's id. */
char *
fb_period_dialog_apply (FbPeriodDialog *self,
                        GError        **error)
{
  g_autoptr(FbBriefing) briefing = fb_briefing_new ();

  g_return_val_if_fail (FB_IS_PERIOD_DIALOG (self), NULL);

  _fb_briefing_form_read (self->parts, briefing);
  return fb_store_start_period (fb_context_get_store (self->context), self->incident, 0,
                                gtk_spin_button_get_value_as_int (self->hours_spin) * 60,
                                briefing, error);
}
