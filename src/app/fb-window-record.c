/* fb-window-record.c — the record of an incident: export, import, print, verify
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's actions for the evidence side of the work. The documents
 * themselves come from the core (reports, exports, the import check), made
 * in a thread while a toast tells how far they have got; here they meet
 * the file chooser, the print dialog and the user.
 */

#define G_LOG_DOMAIN "fb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-export.h"
#include "fb-print.h"
#include "fb-report.h"
#include "fb-sync-compare.h"
#include "fb-sync-setup.h"
#include "fb-window-private.h"

/* A long job on the record, while it runs: a toast tells how far it has
 * got and offers to cancel it. Each job has a cancellable of its own, for
 * the toast's button, which the window's cancels when the window closes. */
typedef enum
{
  JOB_EXPORT,
  JOB_IMPORT,
  JOB_PRINT,
  JOB_VERIFY,
} JobKind;

typedef struct
{
  GWeakRef      window;     /* the job must not keep it from closing */
  GCancellable *cancellable;
  GCancellable *window_cancellable;
  gulong        window_handler;
  JobKind       kind;
  double        from;       /* the share of the job the current step is */
  double        to;
  GFile        *file;       /* where an export goes */
} Job;

/* What to export, while the user chooses where. */
typedef struct
{
  FbWindow       *window;
  char           *incident;
  FbExportFormat  format;
  gboolean        pdf;
} Choice;

static void
on_window_cancelled_cb (GCancellable *window_cancellable,
                        GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* One notice tells of the newest job and offers to cancel it; older
 * jobs run on quietly. libadwaita 1.2 frees a notice's bookkeeping when
 * its hide animation ends, while its show animation (up to 500 ms when it
 * replaces another) may still be running and later touches what was
 * freed; and a notice pushed aside by another urgent one comes back with a
 * new show animation. So there is never more than one job notice, and it
 * stays up until its show is surely over. */
#define TOAST_SHOW_MS 600

static void
on_job_toast_button_clicked_cb (AdwToast *toast,
                                FbWindow *self)
{
  Job *job = self->job_shown;

  if (job != NULL)
    g_cancellable_cancel (job->cancellable);
}

static void
on_job_toast_dismissed_cb (AdwToast *toast,
                           FbWindow *self)
{
  if (self->job_toast != toast)
    return;

  g_signal_handlers_disconnect_by_data (toast, self);
  g_clear_object (&self->job_toast);
}

static gboolean
dismiss_job_toast_cb (gpointer data)
{
  FbWindow *self = data;

  self->job_toast_dismiss_id = 0;
  if (self->job_toast != NULL)
    adw_toast_dismiss (self->job_toast);

  return G_SOURCE_REMOVE;
}

/* Shows @title for @job, the newest: in the notice there is, or a new one. */
static void
show_job_toast (FbWindow   *self,
                Job        *job,
                const char *title)
{
  self->job_shown = job;
  g_clear_handle_id (&self->job_toast_dismiss_id, g_source_remove);

  if (self->job_toast == NULL)
    {
      self->job_toast = g_object_ref_sink (adw_toast_new (title));
      adw_toast_set_timeout (self->job_toast, 0);
      adw_toast_set_priority (self->job_toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_button_label (self->job_toast, _("_Cancel"));
      g_signal_connect (self->job_toast, "button-clicked", G_CALLBACK (on_job_toast_button_clicked_cb), self);
      g_signal_connect (self->job_toast, "dismissed", G_CALLBACK (on_job_toast_dismissed_cb), self);
      adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->job_toast));
      self->job_toast_shown_at = g_get_monotonic_time ();
    }
  else
    adw_toast_set_title (self->job_toast, title);
}

/* When the last job ends: the notice goes, once it has fully arrived. */
static void
hide_job_toast (FbWindow *self)
{
  gint64 shown_ms = (g_get_monotonic_time () - self->job_toast_shown_at) / 1000;

  self->job_shown = NULL;
  if (self->job_toast == NULL || self->job_toast_dismiss_id != 0)
    return;

  if (shown_ms >= TOAST_SHOW_MS)
    adw_toast_dismiss (self->job_toast);
  else
    self->job_toast_dismiss_id = g_timeout_add ((guint) (TOAST_SHOW_MS - shown_ms), dismiss_job_toast_cb, self);
}

static void
job_free (Job *job)
{
  g_autoptr(FbWindow) window = g_weak_ref_get (&job->window);

  if (window != NULL)
    {
      window->n_jobs--;
      /* An older job still running says nothing more until it is done. */
      if (window->job_shown == job)
        hide_job_toast (window);
    }
  g_cancellable_disconnect (job->window_cancellable, job->window_handler);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->window_cancellable);
  g_weak_ref_clear (&job->window);
  g_clear_object (&job->file);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
set_job_title (Job    *job,
               double  fraction)
{
  int percent = (int) (fraction * 100);
  g_autofree char *title = NULL;

  switch (job->kind)
    {
    case JOB_EXPORT:
      /* TRANSLATORS: in a notice while an incident is exported; %d %% is
       * the percent done */
      title = g_strdup_printf (_("Exporting… %d %%"), percent);
      break;
    case JOB_IMPORT:
      /* TRANSLATORS: in a notice while an incident is imported */
      title = g_strdup_printf (_("Importing… %d %%"), percent);
      break;
    case JOB_PRINT:
      /* TRANSLATORS: in a notice while a document is made ready for the
       * printer */
      title = g_strdup_printf (_("Preparing to print… %d %%"), percent);
      break;
    case JOB_VERIFY:
      /* TRANSLATORS: in a notice while the record is checked */
      title = g_strdup_printf (_("Checking the record… %d %%"), percent);
      break;
    default:
      g_assert_not_reached ();
    }

  {
    g_autoptr(FbWindow) window = g_weak_ref_get (&job->window);

    if (window != NULL && window->job_shown == job)
      show_job_toast (window, job, title);
  }
}

static void
on_job_progress_cb (double   fraction,
                    gpointer user_data)
{
  Job *job = user_data;

  set_job_title (job, job->from + (job->to - job->from) * fraction);
}

static Job *
job_new (FbWindow *self,
         JobKind   kind)
{
  Job *job = g_new0 (Job, 1);

  g_weak_ref_init (&job->window, self);
  job->cancellable = g_cancellable_new ();
  job->window_cancellable = g_object_ref (self->cancellable);
  job->window_handler = g_cancellable_connect (self->cancellable, G_CALLBACK (on_window_cancelled_cb),
                                               job->cancellable, NULL);
  job->kind = kind;
  job->to = 1.0;
  self->job_shown = job;
  set_job_title (job, 0);
  self->n_jobs++;

  return job;
}

/* The window to show the job's result in: none for a cancelled job,
 * whatever it found, nor for one whose window has closed. */
static FbWindow *
job_get_window (Job *job)
{
  if (g_cancellable_is_cancelled (job->cancellable))
    return NULL;

  return g_weak_ref_get (&job->window);
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
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(FbWindow) self = job_get_window (job);
  g_autoptr(GError) error = NULL;
  gboolean done = g_async_result_is_tagged (result, fb_print_to_pdf_async)
                  ? fb_print_to_pdf_finish (result, &error)
                  : fb_export_incident_finish (FB_STORE (source), result, &error);

  if (self == NULL)
    return;

  _fb_window_toast (self, done ? _("Exported") : error->message);
}

/* A PDF is made in two steps, both in a thread: the report, then its
 * pages, which take longer. */
static void
on_pdf_report_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(FbWindow) self = job_get_window (job);
  g_autoptr(GError) error = NULL;
  FbReport *report = fb_report_new_finish (FB_STORE (source), result, &error);

  if (self == NULL)
    {
      fb_report_free (report);
      job_free (job);
      return;
    }

  if (report == NULL)
    {
      _fb_window_toast (self, error->message);
      job_free (job);
      return;
    }

  job->from = job->to;
  job->to = 1.0;
  fb_print_to_pdf_async (report, job->file, job->cancellable, on_job_progress_cb, job, on_exported_cb, job);
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       Choice          *choice)
{
  FbWindow *self = choice->window;
  const char *incident = choice->incident;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      Job *job = job_new (self, JOB_EXPORT);

      job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (choice->pdf)
        {
          job->to = 0.3;
          fb_report_new_async (window_store (self), FB_REPORT_INCIDENT, incident, job->cancellable,
                               on_job_progress_cb, job, on_pdf_report_cb, job);
        }
      else
        fb_export_incident_async (window_store (self), incident, choice->format, job->file, job->cancellable,
                                  on_job_progress_cb, job, on_exported_cb, job);
    }

  g_object_unref (choice->window);
  g_free (choice->incident);
  g_free (choice);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *chooser;
  g_autofree char *file_name = NULL;
  FbExportFormat format = FB_EXPORT_MARKDOWN;
  gboolean pdf = g_str_equal (name, "pdf");
  Choice *choice;

  if (fb_window_get_incident (self) == NULL)
    return;

  if (!pdf && !fb_export_format_from_string (name, &format))
    g_return_if_reached ();

  /* The export is made once the file is chosen, in a thread. */
  choice = g_new0 (Choice, 1);
  choice->window = g_object_ref (self);
  choice->incident = g_strdup (fb_window_get_incident (self));
  choice->format = format;
  choice->pdf = pdf;

  chooser = gtk_file_chooser_native_new (_("Export Incident"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  file_name = suggested_name (self, format == FB_EXPORT_CSV && !pdf ? _("timeline") : NULL,
                              pdf ? "pdf" : fb_export_format_extension (format));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_imported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(FbWindow) self = job_get_window (job);
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  guint n = 0;
  gboolean done = fb_import_incident_finish (FB_STORE (source), result, &incident, &n, &error);

  if (self == NULL)
    return;

  if (!done)
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
      Job *job = job_new (self, JOB_IMPORT);

      fb_import_incident_async (window_store (self), file, job->cancellable,
                                on_job_progress_cb, job, on_imported_cb, job);
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
on_print_report_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(FbWindow) self = job_get_window (job);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  FbReport *report = fb_report_new_finish (FB_STORE (source), result, &error);

  if (self == NULL)
    {
      fb_report_free (report);
      return;
    }

  if (report == NULL)
    {
      _fb_window_toast (self, error->message);
      return;
    }

  /* The document is ready; the dialog and the printing are GTK's, here. */
  operation = fb_print_operation_new (report);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    fb_window_show_error (GTK_WIDGET (self), error->message);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  const char *what = g_variant_get_string (parameter, NULL);
  const char *incident = fb_window_get_incident (self);
  FbReportKind kind;
  Job *job;

  if (g_str_equal (what, "contacts"))
    kind = FB_REPORT_CONTACT_SHEET;
  else if (incident == NULL)
    return;
  else if (g_str_equal (what, "checklists"))
    kind = FB_REPORT_CHECKLISTS;
  else if (g_str_equal (what, "timeline"))
    kind = FB_REPORT_TIMELINE;
  else
    kind = FB_REPORT_INCIDENT;

  job = job_new (self, JOB_PRINT);
  fb_report_new_async (window_store (self), kind, kind == FB_REPORT_CONTACT_SHEET ? NULL : incident,
                       job->cancellable, on_job_progress_cb, job, on_print_report_cb, job);
}

/* The verdict, with what the server said beside it when it was asked. */
static void
show_verification (FbWindow             *self,
                   const FbVerification *verification,
                   const FbComparison   *comparison,
                   const GError         *compare_error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean intact = verification->problem == NULL && (comparison == NULL || comparison->intact);
  AdwMessageDialog *dialog;

  if (verification->problem == NULL)
    g_string_append_printf (body, _("Every change of this incident, and the chain of the device that made it, matches "
                                    "its hashes; every timeline entry matches the change that recorded it.\n\n"
                                    "Changes: %u\nDevices: %u\nDigest: %s"),
                            verification->n_ops, verification->n_devices, verification->digest);
  else
    g_string_append (body, verification->problem);

  /* The server is the witness this computer cannot change. */
  if (comparison != NULL)
    {
      for (guint i = 0; i < comparison->findings->len; i++)
        g_string_append_printf (body, "\n\n%s",
                                ((FbCompareFinding *) g_ptr_array_index (comparison->findings, i))->text);
      if (comparison->intact)
        g_string_append_printf (body, "\n\n%s",
                                _("The war-room server holds nothing this record lost, and no change differs."));
    }
  else if (compare_error != NULL)
    g_string_append_printf (body, "\n\n%s",
                            _("The record could not be compared with the war-room server’s this time."));

  if (!intact)
    g_string_append_printf (body, "\n\n%s",
                            _("Export the record now and keep the file: it shows what the database holds today."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       intact ? _("The Record Is Intact")
                                                              : _("The Record Was Altered"),
                                                       body->str));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_body_use_markup (dialog, FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GWeakRef        window;
  FbVerification *verification;
} Comparing;

static void
on_compared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Comparing *comparing = user_data;
  g_autoptr(FbWindow) self = g_weak_ref_get (&comparing->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbComparison) comparison = fb_sync_client_compare_finish (FB_SYNC_CLIENT (source), result, &error);

  if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_verification (self, comparing->verification, comparison, error);

  g_weak_ref_clear (&comparing->window);
  fb_verification_free (comparing->verification);
  g_free (comparing);
}

/* A handover's or a period's briefing: one page, made at once. */
static void
print_briefing_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  const char *incident = fb_window_get_incident (self);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  FbReport *report;

  if (incident == NULL)
    return;

  report = fb_report_new_briefing (window_store (self), incident, g_variant_get_string (parameter, NULL), &error);
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
on_verified_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(FbWindow) self = job_get_window (job);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) verification = fb_store_verify_finish (FB_STORE (source), result, &error);
  FbSyncClient *client;
  FbSyncState state;
  Comparing *comparing;

  if (self == NULL)
    return;

  if (verification == NULL)
    {
      fb_window_show_error (GTK_WIDGET (self), error->message);
      return;
    }

  client = self->sync != NULL ? fb_sync_setup_get_client (self->sync) : NULL;
  state = client != NULL ? fb_sync_client_get_state (client) : FB_SYNC_STATE_OFFLINE;
  if (state != FB_SYNC_STATE_UP_TO_DATE && state != FB_SYNC_STATE_SYNCING)
    {
      show_verification (self, verification, NULL, NULL);
      return;
    }

  /* While connected, the server's record is set beside this one. */
  comparing = g_new0 (Comparing, 1);
  g_weak_ref_init (&comparing->window, self);
  comparing->verification = g_steal_pointer (&verification);
  fb_sync_client_compare_async (client, self->cancellable, on_compared_cb, comparing);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  Job *job;

  if (fb_window_get_incident (self) == NULL)
    return;

  job = job_new (self, JOB_VERIFY);
  fb_store_verify_async (window_store (self), fb_window_get_incident (self), job->cancellable,
                         on_job_progress_cb, job, on_verified_cb, job);
}

void
_fb_window_record_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.print", "s", print_action);
  gtk_widget_class_install_action (widget_class, "win.print-briefing", "s", print_briefing_action);
  gtk_widget_class_install_action (widget_class, "win.verify", NULL, verify_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", "s", "report");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", "s", "html");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
}
