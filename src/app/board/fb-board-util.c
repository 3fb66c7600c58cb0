/* fb-board-util.c — small pieces the board's pages and dialogs share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-util.h"

static GtkWidget *
find_toast_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toast_overlay (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* An error the user can act on: a toast when the page sits in a toast
 * overlay (the main window), a dialog otherwise. */
void
_fb_board_show_error (GtkWidget    *widget,
                      const char   *heading,
                      const GError *error)
{
  GtkWidget *overlay;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL && GTK_IS_WINDOW (widget))
    overlay = find_toast_overlay (widget);
  if (overlay != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", heading, error->message);
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
      return;
    }

  root = gtk_widget_get_root (widget);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_fb_board_present (GtkWidget *from,
                   GtkWindow *dialog)
{
  GtkRoot *root = gtk_widget_get_root (from);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_present (dialog);
}

void
_fb_board_clear_list (GtkListBox *list)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));

  /* The placeholder is a child too; only the rows go. */
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (list, child);
      child = next;
    }
}

GtkListBox *
_fb_board_new_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return GTK_LIST_BOX (list);
}

GtkWidget *
_fb_board_new_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

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

GtkSpinButton *
_fb_form_add_spin (GtkListBox *form,
                   const char *title,
                   const char *subtitle,
                   double      lower,
                   double      upper,
                   double      value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_list_box_append (form, row);

  return GTK_SPIN_BUTTON (spin);
}

GtkSwitch *
_fb_form_add_switch (GtkListBox *form,
                     const char *title,
                     const char *subtitle,
                     gboolean    active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_list_box_append (form, row);

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

JsonObject *
_fb_board_entry_data (FbEntry *entry)
{
  const char *data = fb_entry_get_data (entry);
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (data == NULL || data[0] == '\0')
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, -1, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* "" for a missing member or one that is not text. */
const char *
_fb_json_get_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return "";
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

/* Rows show text people typed: never markup. */
GtkWidget *
_fb_board_new_row (const char *title,
                   const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  return row;
}

GtkWidget *
_fb_board_add_button (GtkWidget  *row,
                      const char *icon_name,
                      const char *tooltip,
                      const char *action,
                      GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return button;
}

/* A message dialog is sized for a sentence; a form needs more room. */
void
_fb_board_set_form (AdwMessageDialog *dialog,
                    GtkWidget        *form)
{
  gtk_widget_set_size_request (form, 420, -1);
  adw_message_dialog_set_extra_child (dialog, form);
}

/* A page on a stack page that is not in front (another tab of the window)
 * reads the store when it is mapped, not at each change: opening an
 * incident then costs only what is on screen.
 *
 * _fb_deferred_hold: returns TRUE, keeping @flags for later, when @page is
 * off screen; the caller then does not update. */
gboolean
_fb_deferred_hold (FbDeferred *deferred,
                   GtkWidget  *page,
                   guint       flags)
{
  for (GtkWidget *w = page; w != NULL; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_child_visible (w))
      {
        deferred->stale = TRUE;
        deferred->flags |= flags;
        return TRUE;
      }
  return FALSE;
}

/* From the page's map: whether it has changes to show, and which. */
gboolean
_fb_deferred_take (FbDeferred *deferred,
                   guint      *flags)
{
  gboolean stale = deferred->stale;

  *flags = deferred->flags;
  deferred->stale = FALSE;
  deferred->flags = 0;
  return stale;
}
