/* fb-contacts-page.c — the address book shared by all incidents
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions (prefix "contacts."):
 *   add                  a new contact (FbContactEditor)
 *   edit(s)              edit a contact
 *   delete(s)            delete a contact, after asking (a tombstone)
 *   log(s)               log a contact with the current incident; "" for
 *                        someone not in the address book
 *   import               read a vCard 2.1, 3.0 or 4.0 file
 *   export               write every contact to a vCard file
 *   search               focus the search field
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-contact-editor.h"
#include "fb-contacts-page.h"
#include "fb-log-contact-dialog.h"

/* The last time a contact was told of the incident, and how. */
typedef struct
{
  gint64  at;
  char   *channel;   /* NULL when the entry does not say */
} Told;

static void
told_free (Told *told)
{
  g_free (told->channel);
  g_free (told);
}

struct _FbContactsPage
{
  FbIncidentPage  parent_instance;

  char           *search;
  FbLiveList     *contacts;   /* held by FbIncidentPage */
  FbToldSet      *told;        /* whom the rows are made for as told */
  FbToldSet      *shown_told;  /* whom the rows shown were made for as told */
  GHashTable     *told_when;   /* contact id → Told */
  guint           n_untold;

  GtkSearchEntry *search_entry;
  GtkListBox     *untold_list;
  GtkListBox     *contacts_list;
};

G_DEFINE_FINAL_TYPE (FbContactsPage, fb_contacts_page, FB_TYPE_INCIDENT_PAGE)

static gboolean
is_told (FbToldSet *told,
         FbContact *contact)
{
  return told != NULL && fb_told_set_contains (told, contact);
}

/* A row shows whether its contact was told of the incident. */
static gboolean
contacts_equal (gpointer old_item,
                gpointer new_item,
                gpointer user_data)
{
  FbContactsPage *self = user_data;

  return fb_live_list_items_equal (old_item, new_item, NULL) &&
         is_told (self->shown_told, old_item) == is_told (self->told, new_item);
}

static GListModel *
query_contacts (gpointer user_data)
{
  FbContactsPage *self = user_data;
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);

  return fb_store_list_contacts (fb_incident_page_get_store (page), self->search);
}

static void
join_nonempty (GString    *out,
               const char *text)
{
  if (text == NULL || text[0] == '\0')
    return;
  if (out->len > 0)
    g_string_append (out, " · ");
  g_string_append (out, text);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  FbContactsPage *self = user_data;
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  FbContact *contact = item;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *tier = NULL;
  g_autofree char *reach = NULL;
  GtkWidget *row;
  const char *id = fb_contact_get_id (contact);

  join_nonempty (subtitle, fb_contact_get_title (contact));
  join_nonempty (subtitle, fb_contact_get_organisation (contact));
  join_nonempty (subtitle, fb_contact_category_get_label (fb_contact_get_category (contact)));
  if (fb_contact_get_tier (contact) > 0)
    {
      /* TRANSLATORS: escalation tier of a contact, "Tier 1" */
      tier = g_strdup_printf (_("Tier %d"), fb_contact_get_tier (contact));
      join_nonempty (subtitle, tier);
    }
  {
    g_autoptr(GString) ways = g_string_new (NULL);

    join_nonempty (ways, fb_contact_get_phone (contact));
    join_nonempty (ways, fb_contact_get_email (contact));
    join_nonempty (ways, fb_contact_get_chat (contact));
    if (ways->len > 0)
      {
        g_string_append_c (subtitle, '\n');
        g_string_append (subtitle, ways->str);
      }
  }

  row = _fb_board_new_row (fb_contact_get_name (contact), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  if (fb_contact_get_example (contact))
    {
      GtkWidget *tag = gtk_label_new (_("Example to verify"));

      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (tag, "caption-heading");
      gtk_widget_add_css_class (tag, "warning");
      gtk_widget_set_tooltip_text (tag, _("Check these details for your organisation before relying on them"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }

  if (fb_incident_page_get_incident (page) != NULL)
    {
      if (is_told (self->told, contact))
        {
          const Told *told = g_hash_table_lookup (self->told_when, id);
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
          GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
          g_autofree char *when = NULL;
          g_autofree char *said = NULL;

          /* When and how, for the commander who has to say so later. */
          if (told != NULL)
            {
              g_autofree char *at = fb_context_format_time (fb_incident_page_get_context (page), told->at);

              when = told->channel != NULL
                     /* TRANSLATORS: a contact told of the incident: a time, then a channel ("phone") */
                     ? g_strdup_printf (_("Told %s · %s"), at, fb_channel_get_label (told->channel))
                     /* TRANSLATORS: a contact told of the incident, and when */
                     : g_strdup_printf (_("Told %s"), at);
            }
          said = g_strdup (when != NULL ? when : _("Contacted for this incident"));
          gtk_widget_add_css_class (icon, "success");
          gtk_box_append (GTK_BOX (box), icon);
          if (when != NULL)
            {
              GtkWidget *label = gtk_label_new (when);

              gtk_widget_add_css_class (label, "caption");
              gtk_widget_add_css_class (label, "success");
              gtk_box_append (GTK_BOX (box), label);
            }
          gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (box, _("Contacted for this incident"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, said, -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
        }
      else if (fb_contact_category_should_be_told (fb_contact_get_category (contact)))
        {
          GtkWidget *tag = gtk_label_new (_("Not yet told"));

          /* A tag, not a link: nothing happens when it is clicked. */
          gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (tag, "caption-heading");
          gtk_widget_add_css_class (tag, "contact-tag");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
        }
      _fb_board_add_button (row, "call-start-symbolic", _("Log a Contact"),
                            "contacts.log", g_variant_new_string (id));
    }

  _fb_board_add_button (row, "document-edit-symbolic", _("Edit Contact"),
                        "contacts.edit", g_variant_new_string (id));

  return row;
}

static void
update_told (FbContactsPage *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GPtrArray) untold = NULL;

  g_clear_pointer (&self->told, fb_told_set_free);
  g_hash_table_remove_all (self->told_when);
  _fb_board_clear_list (self->untold_list);
  self->n_untold = 0;

  if (fb_incident_page_get_incident (page) == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->untold_list), FALSE);
      return;
    }

  entries = fb_store_list_contact_logs (fb_incident_page_get_store (page),
                                        fb_incident_page_get_incident (page));
  self->told = fb_told_set_new (entries);
  /* Oldest first: the last one told stays. */
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i);
      g_autoptr(JsonObject) data = fb_entry_dup_data_object (entry);
      const char *contact = fb_entry_data_get_string (data, "contact");
      const char *channel = fb_entry_data_get_string (data, "channel");
      Told *told;

      if (contact[0] == '\0')
        continue;
      told = g_new0 (Told, 1);
      told->at = fb_entry_get_occurred_at (entry);
      told->channel = channel[0] != '\0' ? g_strdup (channel) : NULL;
      g_hash_table_replace (self->told_when, g_strdup (contact), told);
    }

  all = fb_store_list_contacts (fb_incident_page_get_store (page), NULL);
  untold = fb_incident_summary_untold (all, self->told);
  self->n_untold = untold->len;

  if (untold->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *title = NULL;
      GtkWidget *row;
      GtkWidget *icon;

      for (guint i = 0; i < untold->len; i++)
        join_nonempty (names, fb_contact_get_name (g_ptr_array_index (untold, i)));

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u contact who should hear of this incident has not been told",
                                            "%u contacts who should hear of this incident have not been told",
                                            untold->len),
                               untold->len);
      row = _fb_board_new_row (title, names->str);
      icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
      gtk_widget_add_css_class (icon, "accent");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->untold_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->untold_list), untold->len > 0);
}

static void
fb_contacts_page_refresh (FbIncidentPage *page,
                          FbChangeFlags   flags)
{
  FbContactsPage *self = FB_CONTACTS_PAGE (page);

  self->shown_told = g_steal_pointer (&self->told);
  update_told (self);

  /* Another incident: every row's buttons and marks are another's. */
  if (flags == 0)
    fb_live_list_reload (self->contacts);
  else
    fb_live_list_refresh (self->contacts);
  g_clear_pointer (&self->shown_told, fb_told_set_free);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.log", fb_incident_page_get_incident (page) != NULL);
}

static void
on_search_changed_cb (FbContactsPage *self,
                      GtkSearchEntry *entry)
{
  fb_contacts_page_set_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);

  _fb_board_present (widget, GTK_WINDOW (fb_contact_editor_new (fb_incident_page_get_context (page), NULL)));
}

static void
on_editor_delete_cb (AdwMessageDialog *editor,
                     const char       *response,
                     FbContactsPage   *self)
{
  const char *id = g_object_get_data (G_OBJECT (editor), "fb-contact");

  gtk_widget_activate_action (GTK_WIDGET (self), "contacts.delete", "s", id);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  FbContactEditor *editor = fb_contact_editor_new (fb_incident_page_get_context (page), id);

  g_object_set_data_full (G_OBJECT (editor), "fb-contact", g_strdup (id), g_free);
  g_signal_connect_object (editor, "response::delete", G_CALLBACK (on_editor_delete_cb), widget, 0);
  _fb_board_present (widget, GTK_WINDOW (editor));
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       FbContactsPage   *self)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  const char *id = g_object_get_data (G_OBJECT (dialog), "fb-contact");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (!fb_store_delete_contact (fb_incident_page_get_store (page), id, &error))
    _fb_board_show_error (GTK_WIDGET (self), _("The contact was not deleted"), error);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbContactsPage *self = FB_CONTACTS_PAGE (widget);
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(FbContact) contact = fb_store_get_contact (fb_incident_page_get_store (page), id);
  GtkWidget *dialog;

  if (contact == NULL)
    return;

  dialog = adw_message_dialog_new (NULL, NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete %s?"),
                                     fb_contact_get_name (contact));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The contact disappears from every incident’s address book, on "
                                 "every workstation. Timeline entries that name it stay as they are."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "fb-contact", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  _fb_board_present (widget, GTK_WINDOW (dialog));
}

static void
log_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (fb_incident_page_get_incident (page) == NULL)
    return;

  _fb_board_present (widget, GTK_WINDOW (fb_log_contact_dialog_new (fb_incident_page_get_context (page),
                                                                    fb_incident_page_get_incident (page),
                                                                   id[0] != '\0' ? id : NULL)));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbContactsPage *self = FB_CONTACTS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static GtkFileFilter *
vcard_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("vCard Files"));
  gtk_file_filter_add_mime_type (filter, "text/vcard");
  gtk_file_filter_add_mime_type (filter, "text/x-vcard");
  gtk_file_filter_add_suffix (filter, "vcf");
  return filter;
}

static void
on_import_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       FbContactsPage  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL && !fb_contacts_page_import_file (self, file, &n, &error))
        _fb_board_show_error (GTK_WIDGET (self), _("The contacts were not imported"), error);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = vcard_filter ();

  chooser = gtk_file_chooser_native_new (_("Import Contacts"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       FbContactsPage  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "version");
      FbVCardVersion version = g_strcmp0 (choice, "3.0") == 0 ? FB_VCARD_VERSION_3_0
                                                              : FB_VCARD_VERSION_4_0;

      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL && !fb_contacts_page_export_file (self, file, version, &error))
        _fb_board_show_error (GTK_WIDGET (self), _("The contacts were not exported"), error);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  const char *versions[] = { "4.0", "3.0", NULL };
  const char *labels[] = { N_("vCard 4.0"), N_("vCard 3.0 (older address books)"), NULL };
  const char *translated[] = { _(labels[0]), _(labels[1]), NULL };
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = vcard_filter ();

  chooser = gtk_file_chooser_native_new (_("Export Contacts"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* TRANSLATORS: file name suggested for exported contacts; keep .vcf */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("contacts.vcf"));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "version", _("Format"),
                               versions, translated);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "version", "4.0");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
fb_contacts_page_finalize (GObject *object)
{
  FbContactsPage *self = FB_CONTACTS_PAGE (object);

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->told, fb_told_set_free);
  g_clear_pointer (&self->told_when, g_hash_table_unref);

  G_OBJECT_CLASS (fb_contacts_page_parent_class)->finalize (object);
}

static void
fb_contacts_page_class_init (FbContactsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FbIncidentPageClass *page_class = FB_INCIDENT_PAGE_CLASS (klass);

  object_class->finalize = fb_contacts_page_finalize;
  page_class->refresh = fb_contacts_page_refresh;
  page_class->changes = FB_CHANGE_CONTACTS | FB_CHANGE_ENTRIES;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/board/fb-contacts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbContactsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FbContactsPage, untold_list);
  gtk_widget_class_bind_template_child (widget_class, FbContactsPage, contacts_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);

  gtk_widget_class_install_action (widget_class, "contacts.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "contacts.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "contacts.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "contacts.log", "s", log_action);
  gtk_widget_class_install_action (widget_class, "contacts.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "contacts.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "contacts.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "contacts.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "contacts.add", NULL);

  gtk_widget_class_set_css_name (widget_class, "fb-contacts-page");
}

static void
fb_contacts_page_init (FbContactsPage *self)
{
  self->told_when = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) told_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->contacts = fb_incident_page_add_list (FB_INCIDENT_PAGE (self), self->contacts_list, FB_TYPE_CONTACT,
                                              query_contacts, create_row_cb);
  fb_live_list_set_equal_func (self->contacts, contacts_equal, self);
  gtk_list_box_set_placeholder (self->contacts_list,
                                _fb_board_new_placeholder (_("No contacts. Add the people to "
                                                             "escalate to before you need them.")));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.log", FALSE);
}

GtkWidget *
fb_contacts_page_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_CONTACTS_PAGE, "context", context, NULL);
}

void
fb_contacts_page_set_search (FbContactsPage *self,
                             const char     *search)
{
  g_return_if_fail (FB_IS_CONTACTS_PAGE (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;
  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  fb_incident_page_refresh (FB_INCIDENT_PAGE (self), FB_CHANGE_CONTACTS);
}

guint
fb_contacts_page_get_n_shown (FbContactsPage *self)
{
  g_return_val_if_fail (FB_IS_CONTACTS_PAGE (self), 0);
  return self->contacts != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->contacts)) : 0;
}

guint
fb_contacts_page_get_n_untold (FbContactsPage *self)
{
  g_return_val_if_fail (FB_IS_CONTACTS_PAGE (self), 0);
  return self->n_untold;
}

/* An address-book file is small (FB_VCARD_MAX_BYTES); it is read at once. */
gboolean
fb_contacts_page_import_file (FbContactsPage *self,
                              GFile          *file,
                              guint          *n_imported,
                              GError        **error)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autofree char *data = NULL;
  g_autoptr(GFileInfo) info = NULL;
  gsize length;
  guint n = 0;

  g_return_val_if_fail (FB_IS_CONTACTS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_size (info) > FB_VCARD_MAX_BYTES)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE,
                   _("The file is larger than %d MB; an address book export is smaller"),
                   FB_VCARD_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error))
    return FALSE;

  if (!fb_vcard_import (fb_incident_page_get_store (page), data, length, &n, error))
    return FALSE;

  if (n_imported != NULL)
    *n_imported = n;

  {
    GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

    if (overlay != NULL)
      {
        g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "Imported %u contact",
                                                              "Imported %u contacts", n), n);
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
      }
  }

  return TRUE;
}

gboolean
fb_contacts_page_export_file (FbContactsPage *self,
                              GFile          *file,
                              FbVCardVersion  version,
                              GError        **error)
{
  FbIncidentPage *page = FB_INCIDENT_PAGE (self);
  g_autoptr(GListModel) all = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (FB_IS_CONTACTS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  all = fb_store_list_contacts (fb_incident_page_get_store (page), NULL);
  data = fb_vcard_export (all, version, &length);

  return g_file_replace_contents (file, data, length, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}
