/* fb-status-update-dialog.c — a status update to the stakeholders
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The guide gives escalation two purposes: share the facts (what is
 * known, what is down, what is still unknown) and ask for the decisions
 * pending. The dialog opens on a draft made from the record along those
 * lines, for the commander to edit; sending logs it as one escalation
 * entry for its audiences, which restarts the update clock.
 */

#define G_LOG_DOMAIN "fb-status-update-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-status-update-dialog.h"

struct _FbStatusUpdateDialog
{
  AdwWindow      parent_instance;

  FbContext     *context;
  char          *incident;

  GtkCheckButton *audience_checks[FB_N_AUDIENCES];
  GtkSpinButton *interval_spin;
  GtkTextView   *text_view;
};

G_DEFINE_FINAL_TYPE (FbStatusUpdateDialog, fb_status_update_dialog, ADW_TYPE_WINDOW)

enum {
  SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_send_sensitive (FbStatusUpdateDialog *self)
{
  g_autofree char *text = fb_status_update_dialog_get_text (self);
  gboolean any = FALSE;

  for (guint i = 0; i < FB_N_AUDIENCES; i++)
    any |= gtk_check_button_get_active (self->audience_checks[i]);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.send", any && g_strstrip (text)[0] != '\0');
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FbStatusUpdateDialog *self = FB_STATUS_UPDATE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (fb_status_update_dialog_send (self, &error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could not log the status update"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fb_status_update_dialog_dispose (GObject *object)
{
  FbStatusUpdateDialog *self = FB_STATUS_UPDATE_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->incident, g_free);

  G_OBJECT_CLASS (fb_status_update_dialog_parent_class)->dispose (object);
}

static void
fb_status_update_dialog_class_init (FbStatusUpdateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_status_update_dialog_dispose;

  /**
   * FbStatusUpdateDialog::sent:
   * @entry: the id of the escalation entry logged
   */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "dialog.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /* Return adds a line to the text; Ctrl+Return sends. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "dialog.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "dialog.send", NULL);
}

/* Check boxes in one line: the text is what needs the room. */
static GtkWidget *
build_audiences (FbStatusUpdateDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Audiences"));
  for (guint i = 0; i < FB_N_AUDIENCES; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (fb_audience_get_label (i));

      g_signal_connect_object (check, "toggled", G_CALLBACK (update_send_sensitive), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), check);
      self->audience_checks[i] = GTK_CHECK_BUTTON (check);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);

  return group;
}

static GtkWidget *
build_interval (FbStatusUpdateDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (FB_OP_MIN_UPDATE_MIN, FB_OP_MAX_UPDATE_MIN, 5);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Next Update In (Minutes)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Sending restarts the clock"));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Minutes until the next update"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  self->interval_spin = GTK_SPIN_BUTTON (spin);

  return group;
}

static GtkWidget *
build_text (FbStatusUpdateDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Update"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Share the facts and ask for the decisions you need. "
                                           "Edit the draft before you send it."));
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Text of the status update"), -1);
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                           G_CALLBACK (update_send_sensitive), self, G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 340);
  gtk_widget_add_css_class (scrolled, "card");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), scrolled);
  self->text_view = GTK_TEXT_VIEW (view);

  return group;
}

static void
fb_status_update_dialog_init (FbStatusUpdateDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (C_("header button", "_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *send;

  gtk_window_set_title (GTK_WINDOW (self), _("Status Update"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 720);

  send = gtk_button_new_with_mnemonic (_("_Send"));
  gtk_widget_set_tooltip_text (send,
                               _("Log the update in the escalation ledger and restart the clock (Ctrl+Enter)"));
  gtk_widget_add_css_class (send, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (send), "dialog.send");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), send);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_box_append (GTK_BOX (content), build_audiences (self));
  gtk_box_append (GTK_BOX (content), build_text (self));
  gtk_box_append (GTK_BOX (content), build_interval (self));

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

static void
load (FbStatusUpdateDialog *self)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(FbIncident) incident = fb_store_get_incident (store, self->incident);
  g_autofree char *draft = NULL;
  g_auto(GStrv) chosen = NULL;

  if (incident == NULL)
    return;

  chosen = g_strsplit (fb_incident_get_update_audiences (incident), ",", -1);
  for (guint i = 0; i < FB_N_AUDIENCES; i++)
    gtk_check_button_set_active (self->audience_checks[i],
                                 g_strv_contains ((const char * const *) chosen, fb_audience_to_string (i)));
  gtk_spin_button_set_value (self->interval_spin, fb_incident_get_update_interval_min (incident));

  draft = fb_store_compose_status_update (store, self->incident);
  fb_status_update_dialog_set_text (self, draft);
}

/**
 * fb_status_update_dialog_new:
 *
 * Returns: (transfer floating): a dialog with a draft of the update, the
 *   incident's audiences ticked and its interval set
 */
GtkWidget *
fb_status_update_dialog_new (FbContext  *context,
                             const char *incident)
{
  FbStatusUpdateDialog *self;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  self = g_object_new (FB_TYPE_STATUS_UPDATE_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->incident = g_strdup (incident);
  load (self);
  update_send_sensitive (self);

  return GTK_WIDGET (self);
}

char *
fb_status_update_dialog_get_text (FbStatusUpdateDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (FB_IS_STATUS_UPDATE_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
fb_status_update_dialog_set_text (FbStatusUpdateDialog *self,
                                  const char           *text)
{
  g_return_if_fail (FB_IS_STATUS_UPDATE_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
}

void
fb_status_update_dialog_set_audience (FbStatusUpdateDialog *self,
                                      FbAudience            audience,
                                      gboolean              chosen)
{
  g_return_if_fail (FB_IS_STATUS_UPDATE_DIALOG (self));
  g_return_if_fail (audience < FB_N_AUDIENCES);

  gtk_check_button_set_active (self->audience_checks[audience], chosen);
}

/**
 * fb_status_update_dialog_send:
 *
 * Logs the update as the dialog holds it and emits ::sent; what the Send
 * button does, for tests.
 */
gboolean
fb_status_update_dialog_send (FbStatusUpdateDialog *self,
                              GError              **error)
{
  g_autoptr(GPtrArray) audiences = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autofree char *entry = NULL;

  g_return_val_if_fail (FB_IS_STATUS_UPDATE_DIALOG (self), FALSE);

  for (guint i = 0; i < FB_N_AUDIENCES; i++)
    if (gtk_check_button_get_active (self->audience_checks[i]))
      g_ptr_array_add (audiences, (gpointer) fb_audience_to_string (i));
  g_ptr_array_add (audiences, NULL);

  text = g_strstrip (fb_status_update_dialog_get_text (self));
  entry = fb_store_send_status_update (fb_context_get_store (self->context), self->incident,
                                       (const char * const *) audiences->pdata, text,
                                       gtk_spin_button_get_value_as_int (self->interval_spin), error);
  if (entry == NULL)
    return FALSE;

  g_signal_emit (self, signals[SENT], 0, entry);
  return TRUE;
}
