/* fb-window-record.c — the record of an incident: export, import, print, verify
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's actions for the evidence side of the work. The documents
 * themselves come from the core (reports, exports, the import check); here
 * they meet the file chooser, the print dialog and the user.
 */

#define G_LOG_DOMAIN "fb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-export.h"
#include "fb-print.h"
#include "fb-report.h"
#include "fb-window-private.h"

typedef struct
{
  FbWindow       *window;
  FbExportFormat  format;
  gboolean        pdf;
  GBytes         *bytes;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->window);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static FbStore *
window_store (FbWindow *self)
{
  return fb_context_get_store (fb_window_get_context (self));
}

static char *
suggested_name (FbWindow   *self,
                const char *what,
                const char *extension)
{
  g_autoptr(FbIncident) incident = fb_store_get_incident (window_store (self), fb_window_get_incident (self));
  g_autofree char *title = g_strdup (incident != NULL ? fb_incident_get_title (incident) : "incident");

  /* A file name people can read, without characters file systems refuse. */
  g_strdelimit (title, "/\\:*?\"<>|", '-');
  return g_strdup_printf ("%s%s%s.%s", title, what != NULL ? " - " : "", what != NULL ? what : "", extension);
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the export: %s"), error->message);
      _fb_window_toast (self, message);
      return;
    }

  _fb_window_toast (self, _("Exported"));
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       ExportJob       *job)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (job->pdf)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_file_get_path (file);
      FbReport *report = fb_report_new_for_incident (window_store (job->window),
                                                     fb_window_get_incident (job->window), &error);

      if (report == NULL || !fb_print_to_pdf (report, path, &error))
        _fb_window_toast (job->window, error->message);
      else
        _fb_window_toast (job->window, _("Exported"));
      goto out;
    }

  g_file_replace_contents_bytes_async (file, job->bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, on_written_cb, g_object_ref (job->window));

out:
  export_job_free (job);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  const char *name = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *chooser;
  ExportJob *job;
  g_autofree char *file_name = NULL;

  if (fb_window_get_incident (self) == NULL)
    return;

  job = g_new0 (ExportJob, 1);
  job->window = g_object_ref (self);
  job->pdf = g_str_equal (name, "pdf");

  if (!job->pdf)
    {
      if (!fb_export_format_from_string (name, &job->format))
        g_return_if_reached ();

      /* Made now, so what is saved is the record as it was when asked. */
      job->bytes = fb_export_incident (window_store (self), fb_window_get_incident (self), job->format, &error);
      if (job->bytes == NULL)
        {
          _fb_window_toast (self, error->message);
          export_job_free (job);
          return;
        }
    }

  chooser = gtk_file_chooser_native_new (_("Export Incident"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  file_name = suggested_name (self, job->format == FB_EXPORT_CSV && !job->pdf ? _("timeline") : NULL,
                              job->pdf ? "pdf" : fb_export_format_extension (job->format));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_import_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *incident = NULL;
  gsize length = 0;
  guint n = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error) ||
      !fb_import_incident (window_store (self), contents, length, &incident, &n, &error))
    {
      fb_window_show_error (GTK_WIDGET (self), error->message);
      return;
    }

  {
    g_autofree char *message = n > 0
                               ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u change", "Imported %u changes", n), n)
                               : g_strdup (_("Nothing new: this database already holds everything in the file"));
    _fb_window_toast (self, message);
  }
  fb_window_select_incident (self, incident);
}

static void
on_import_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       FbWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_file_load_contents_async (file, NULL, on_import_loaded_cb, g_object_ref (self));
    }

  g_object_unref (dialog);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import an Exported Incident"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Firebreak incident (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  const char *what = g_variant_get_string (parameter, NULL);
  const char *incident = fb_window_get_incident (self);
  FbStore *store = window_store (self);
  FbReport *report = NULL;

  if (g_str_equal (what, "contacts"))
    report = fb_report_new_contact_sheet (store);
  else if (incident == NULL)
    return;
  else if (g_str_equal (what, "checklists"))
    report = fb_report_new_checklists (store, incident, &error);
  else if (g_str_equal (what, "timeline"))
    report = fb_report_new_timeline (store, incident, &error);
  else
    report = fb_report_new_for_incident (store, incident, &error);

  if (report == NULL)
    {
      _fb_window_toast (self, error->message);
      return;
    }

  operation = fb_print_operation_new (report);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    fb_window_show_error (GTK_WIDGET (self), error->message);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) result = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (fb_window_get_incident (self) == NULL)
    return;

  result = fb_store_verify (window_store (self), fb_window_get_incident (self), &error);
  if (result == NULL)
    {
      fb_window_show_error (GTK_WIDGET (self), error->message);
      return;
    }

  if (result->problem == NULL)
    body = g_strdup_printf (_("Every change of this incident, and the chain of the device that made it, matches "
                              "its hashes; every timeline entry matches the change that recorded it.\n\n"
                              "Changes: %u\nDevices: %u\nDigest: %s"),
                            result->n_ops, result->n_devices, result->digest);
  else
    body = g_strdup_printf (_("%s\n\nExport the record now and keep the file: it shows what the database holds "
                              "today."),
                            result->problem);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       result->problem == NULL ? _("The Record Is Intact")
                                                                               : _("The Record Was Altered"),
                                                       body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_body_use_markup (dialog, FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_fb_window_record_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.print", "s", print_action);
  gtk_widget_class_install_action (widget_class, "win.verify", NULL, verify_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", "s", "report");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", "s", "html");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
}
