/* fb-form.c — the rows of a dialog's form
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-form-private.h"

AdwEntryRow *
_fb_form_add_entry (GtkListBox *form,
                    const char *title,
                    const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_list_box_append (form, row);

  return ADW_ENTRY_ROW (row);
}

AdwComboRow *
_fb_form_add_combo (GtkListBox         *form,
                    const char         *title,
                    const char * const *labels,
                    guint               selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  gtk_list_box_append (form, row);

  return ADW_COMBO_ROW (row);
}

/* A row with a control at its end, which a click on the row works. */
static void
add_control_row (GtkListBox *form,
                 const char *title,
                 const char *subtitle,
                 GtkWidget  *control)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), control);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), control);
  gtk_list_box_append (form, row);
}

GtkSpinButton *
_fb_form_add_spin (GtkListBox *form,
                   const char *title,
                   const char *subtitle,
                   double      lower,
                   double      upper,
                   double      value)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  add_control_row (form, title, subtitle, spin);
  return GTK_SPIN_BUTTON (spin);
}

GtkSwitch *
_fb_form_add_switch (GtkListBox *form,
                     const char *title,
                     const char *subtitle,
                     gboolean    active)
{
  GtkWidget *toggle = gtk_switch_new ();

  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  add_control_row (form, title, subtitle, toggle);
  return GTK_SWITCH (toggle);
}

char *
_fb_form_get_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

AdwComboRow *
_fb_form_add_contact_combo (GtkListBox  *form,
                            FbStore     *store,
                            const char  *title,
                            const char  *selected_id,
                            GPtrArray  **ids)
{
  g_autoptr(GListModel) contacts = fb_store_list_contacts (store, NULL);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (contacts);
  guint selected = 0;
  AdwComboRow *row;

  *ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (labels, g_strdup (C_("contact", "None")));
  g_ptr_array_add (*ids, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbContact) contact = g_list_model_get_item (contacts, i);
      const char *organisation = fb_contact_get_organisation (contact);

      if (g_strcmp0 (fb_contact_get_id (contact), selected_id) == 0)
        selected = i + 1;
      g_ptr_array_add (*ids, g_strdup (fb_contact_get_id (contact)));
      if (organisation != NULL && organisation[0] != '\0')
        g_ptr_array_add (labels, g_strdup_printf ("%s (%s)", fb_contact_get_name (contact), organisation));
      else
        g_ptr_array_add (labels, g_strdup (fb_contact_get_name (contact)));
    }
  g_ptr_array_add (labels, NULL);

  row = _fb_form_add_combo (form, title, (const char * const *) labels->pdata, selected);
  adw_combo_row_set_use_subtitle (row, FALSE);
  return row;
}

/* A message dialog is sized for a sentence; a form needs more room. */
void
_fb_board_set_form (AdwMessageDialog *dialog,
                    GtkWidget        *form)
{
  gtk_widget_set_size_request (form, 420, -1);
  adw_message_dialog_set_extra_child (dialog, form);
}
