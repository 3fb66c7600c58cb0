/* fb-deadline-dialogs.c — waiving, editing and adding deadlines, and the
 * answers that decide which apply
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-deadline-section"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-deadline-dialogs.h"

/* Waive ------------------------------------------------------------------- */

static void
on_reason_changed_cb (GtkEditable     *entry,
                      AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "waive", reason[0] != '\0');
}

static void
on_waive_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      FbContext        *context)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "reason");
  const char *deadline = g_object_get_data (G_OBJECT (dialog), "deadline");
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "waive"))
    return;

  reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (!fb_store_waive_deadline (fb_context_get_store (context), deadline, reason, &error))
    _fb_board_show_error (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (dialog))),
                          _("Could not waive the deadline"), error);
}

void
_fb_deadline_dialogs_waive (GtkWidget  *from,
                            FbContext  *context,
                            const char *deadline)
{
  g_autoptr(FbDeadline) current = fb_store_get_deadline (fb_context_get_store (context), deadline);
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *entry;

  if (current == NULL)
    return;

  /* Translators: %s is a deadline */
  heading = g_strdup_printf (_("Waive “%s”?"), fb_deadline_get_name (current));
  dialog = adw_message_dialog_new (NULL, heading,
                                   _("Say why this deadline does not have to be met. "
                                     "The reason goes into the record."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("e.g. no personal data was affected"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "waive", _("_Waive"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "waive",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "waive", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "waive");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data (G_OBJECT (dialog), "reason", entry);
  g_object_set_data_full (G_OBJECT (dialog), "deadline", g_strdup (deadline), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_waive_response_cb), context, 0);

  _fb_board_present (from, GTK_WINDOW (dialog));
}

/* Edit and add ------------------------------------------------------------ */

typedef struct
{
  FbContext  *context;
  char       *incident;
  char       *deadline;   /* NULL for a new one */
  char       *due_shown;  /* the due time as the form first showed it */
  GtkEditable *name;
  GtkEditable *basis;
  GtkEditable *due;
} EditForm;

static void
edit_form_free (EditForm *form)
{
  g_clear_object (&form->context);
  g_free (form->incident);
  g_free (form->deadline);
  g_free (form->due_shown);
  g_free (form);
}

static GtkEditable *
add_entry_row (GtkListBox *list,
               const char *title,
               const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_list_box_append (list, row);
  return GTK_EDITABLE (row);
}

static gboolean
save_edit_form (EditForm  *form,
                GError   **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (form->name)));
  g_autofree char *basis = g_strstrip (g_strdup (gtk_editable_get_text (form->basis)));
  const char *due = gtk_editable_get_text (form->due);
  g_autofree char *id = NULL;
  gint64 due_at = 0;

  if (name[0] == '\0')
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID, _("A deadline needs a name."));
      return FALSE;
    }

  /* A due time typed in replaces the clock's start and time allowed. */
  if (form->deadline == NULL || g_strcmp0 (due, form->due_shown) != 0)
    {
      if (!fb_context_parse_time (form->context, due, FB_TIME_DUE, &due_at, error))
        return FALSE;
      if (due_at <= 0)
        {
          g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID, _("A deadline needs a due time."));
          return FALSE;
        }
      json_object_set_string_member (fields, "anchor", "fixed");
      json_object_set_int_member (fields, "due_at", due_at);
    }

  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "basis", basis);

  id = fb_store_set_deadline (fb_context_get_store (form->context), form->incident, form->deadline,
                              fields, error);
  return id != NULL;
}

static void
on_edit_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     EditForm         *form)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "save") && !save_edit_form (form, &error))
    _fb_board_show_error (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (dialog))),
                          form->deadline != NULL ? _("Could not change the deadline")
                                                 : _("Could not add the deadline"), error);
}

void
_fb_deadline_dialogs_edit (GtkWidget  *from,
                           FbContext  *context,
                           FbIncident *incident,
                           const char *deadline)
{
  g_autoptr(FbDeadline) current = NULL;
  EditForm *form;
  GtkWidget *dialog;
  GtkListBox *list;

  g_return_if_fail (FB_IS_INCIDENT (incident));

  if (deadline != NULL)
    {
      current = fb_store_get_deadline (fb_context_get_store (context), deadline);
      if (current == NULL)
        return;
    }

  form = g_new0 (EditForm, 1);
  form->context = g_object_ref (context);
  form->incident = g_strdup (fb_incident_get_id (incident));
  form->deadline = g_strdup (deadline);
  if (current != NULL && fb_deadline_get_due_at (current, incident) > 0)
    form->due_shown = fb_context_format_time_full (context, fb_deadline_get_due_at (current, incident));
  else
    form->due_shown = g_strdup ("");

  dialog = adw_message_dialog_new (NULL, current != NULL ? _("Edit Deadline") : _("Add Deadline"),
                                   _("Type the due time as on the timeline, e.g. “2026-12-05 17:00”."));
  list = _fb_board_new_list ();
  form->name = add_entry_row (list, _("Name"), current != NULL ? fb_deadline_get_name (current) : NULL);
  form->basis = add_entry_row (list, _("Legal Basis"), current != NULL ? fb_deadline_get_basis (current) : NULL);
  form->due = add_entry_row (list, _("Due"), form->due_shown);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (list));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", current != NULL ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "form", form, (GDestroyNotify) edit_form_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_edit_response_cb), form);

  _fb_board_present (from, GTK_WINDOW (dialog));
}

/* Rules ------------------------------------------------------------------- */

typedef struct
{
  const char *title;
  const char *subtitle;
  gsize       offset;
} Question;

static const Question questions[] = {
  { N_("Personal data involved"),
    N_("Data about identifiable people leaked, lost, destroyed or encrypted: Japan’s APPI reports"),
    G_STRUCT_OFFSET (FbDeadlineRules, personal_data) },
  { N_("People in the EU"),
    N_("Among those affected are people in the EU: the GDPR’s 72-hour notification"),
    G_STRUCT_OFFSET (FbDeadlineRules, eu_people) },
  { N_("An NIS2 entity"),
    N_("The organisation falls under the EU’s NIS2 directive: 24 h, 72 h and one month"),
    G_STRUCT_OFFSET (FbDeadlineRules, nis2_entity) },
  { N_("Improper purpose"),
    N_("Theft, an attack or other wrongdoing: reportable for one person, 60 days for APPI’s final report"),
    G_STRUCT_OFFSET (FbDeadlineRules, improper_purpose) },
};

GtkWidget *
_fb_deadline_rules_list_new (const FbDeadlineRules *answers)
{
  GtkListBox *list = _fb_board_new_list ();

  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      GtkWidget *row = _fb_board_new_row (_(questions[i].title), _(questions[i].subtitle));
      GtkWidget *toggle = gtk_switch_new ();

      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(questions[i].title), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      g_object_set_data (G_OBJECT (list), questions[i].title, toggle);
      gtk_list_box_append (list, row);
    }

  _fb_deadline_rules_list_set (GTK_WIDGET (list), answers);
  return GTK_WIDGET (list);
}

void
_fb_deadline_rules_list_get (GtkWidget       *list,
                             FbDeadlineRules *answers)
{
  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      GtkSwitch *toggle = g_object_get_data (G_OBJECT (list), questions[i].title);

      G_STRUCT_MEMBER (gboolean, answers, questions[i].offset) = gtk_switch_get_active (toggle);
    }
}

void
_fb_deadline_rules_list_set (GtkWidget             *list,
                             const FbDeadlineRules *answers)
{
  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      GtkSwitch *toggle = g_object_get_data (G_OBJECT (list), questions[i].title);

      gtk_switch_set_active (toggle, G_STRUCT_MEMBER (gboolean, answers, questions[i].offset));
    }
}

static void
on_rules_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      FbContext        *context)
{
  GtkWidget *list = g_object_get_data (G_OBJECT (dialog), "rules");
  GtkEditable *aware = g_object_get_data (G_OBJECT (dialog), "aware");
  const char *aware_shown = g_object_get_data (G_OBJECT (dialog), "aware-shown");
  gint64 *aware_at = g_object_get_data (G_OBJECT (dialog), "aware-at");
  const char *incident = g_object_get_data (G_OBJECT (dialog), "incident");
  const char *kind = g_object_get_data (G_OBJECT (dialog), "kind");
  g_autoptr(FbPlaybookLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  FbDeadlineRules answers = { 0 };

  if (!g_str_equal (response, "apply"))
    return;

  _fb_deadline_rules_list_get (list, &answers);
  answers.aware_at = *aware_at;
  /* Awareness moves only when someone typed another time; empty is "at
   * detection". */
  if (gtk_editable_get_text (aware)[0] == '\0')
    answers.aware_at = 0;
  else if (g_strcmp0 (gtk_editable_get_text (aware), aware_shown) != 0 &&
           !fb_context_parse_time (context, gtk_editable_get_text (aware), FB_TIME_PAST, &answers.aware_at, &error))
    {
      _fb_board_show_error (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (dialog))),
                            _("Could not change the rules"), error);
      return;
    }

  library = fb_playbook_library_new ();
  if (!fb_store_set_deadline_rules (fb_context_get_store (context), incident, &answers,
                                    fb_playbook_library_lookup (library, kind), &error))
    _fb_board_show_error (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (dialog))),
                          _("Could not change the rules"), error);
}

void
_fb_deadline_dialogs_rules (GtkWidget  *from,
                            FbContext  *context,
                            FbIncident *incident)
{
  FbDeadlineRules answers;
  GtkWidget *dialog, *box, *list, *aware;
  GtkListBox *aware_list;
  char *aware_shown;

  g_return_if_fail (FB_IS_INCIDENT (incident));

  fb_incident_get_rules (incident, &answers);
  aware_shown = answers.aware_at > 0 ? fb_context_format_time_full (context, answers.aware_at) : g_strdup ("");
  dialog = adw_message_dialog_new (NULL, _("Which Rules Apply?"),
                                   _("The answers decide which of the playbook’s deadlines run. "
                                     "Deadlines that no longer apply leave the list and come back, "
                                     "as they were, if the answer changes again."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = _fb_deadline_rules_list_new (&answers);
  aware_list = _fb_board_new_list ();
  /* The APPI and GDPR clocks run from awareness, which can come after
   * detection (a report that turned out to be real). */
  aware = GTK_WIDGET (add_entry_row (aware_list, _("Aware Since (empty: at detection)"), aware_shown));
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (aware_list));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", _("_Apply"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data (G_OBJECT (dialog), "rules", list);
  g_object_set_data (G_OBJECT (dialog), "aware", aware);
  g_object_set_data_full (G_OBJECT (dialog), "aware-shown", aware_shown, g_free);
  g_object_set_data_full (G_OBJECT (dialog), "aware-at", g_memdup2 (&answers.aware_at, sizeof (gint64)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "incident", g_strdup (fb_incident_get_id (incident)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "kind", g_strdup (fb_incident_get_kind (incident)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rules_response_cb), context, 0);

  _fb_board_present (from, GTK_WINDOW (dialog));
}
