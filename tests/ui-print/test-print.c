/* test-print.c — printing to a PDF file and reading its text back
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-print.h"
#include "fb-report.h"
#include "../fb-test-util.h"

typedef struct
{
  FbTestDir *dir;
  FbStore   *store;
  char      *incident;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const struct { const char *name, *title, *category, *phone; } people[] = {
    { "Sato Kenji", "Chief information officer", "management", "+81 3 1234 5678" },
    { "Abe Keiko", "Counsel", "legal", "+81 3 2345 6789" },
    { "Mori Daichi", "Press office", "pr", "+81 3 3456 7890" },
  };

  f->dir = fb_test_dir_new ();
  path = fb_test_dir_file (f->dir, "print.db");
  f->store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fb_store_set_author (f->store, "Ito Haruka");

  f->incident = fb_store_create_incident (f->store, "Ransomware on file servers", "ransomware", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);

  /* Enough entries for the timeline to run over several pages. */
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *text = g_strdup_printf ("Observation %03u: host FS%02u shows encrypted shares", i, i % 40);
      g_free (fb_store_add_entry (f->store, f->incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  g_free (fb_store_add_checklist_item (f->store, f->incident, FB_SECTION_FACT_FINDING, "Collect firewall logs", 0, NULL, &error));
  g_free (fb_store_add_checklist_item (f->store, f->incident, FB_SECTION_DAMAGE_LIMITATION, "Isolate infected hosts", 0, NULL, &error));
  g_assert_no_error (error);
  g_free (fb_store_add_checklist_item (f->store, f->incident, FB_SECTION_ESCALATION, "Get a legal check before paying",
                                       0, "esc-payment-legal", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();

      json_object_set_string_member (fields, "name", people[i].name);
      json_object_set_string_member (fields, "title", people[i].title);
      json_object_set_string_member (fields, "category", people[i].category);
      json_object_set_string_member (fields, "phone", people[i].phone);
      g_free (fb_store_set_contact (f->store, NULL, fields, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  g_free (f->incident);
  fb_test_dir_free (f->dir);
}

static char *
pdf_text (Fixture    *f,
          FbReport   *report,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = fb_test_dir_file (f->dir, name);
  g_autofree char *out = NULL;
  const char *pdftotext = g_getenv ("PDFTOTEXT");
  int status = 0;

  g_assert_true (fb_print_to_pdf (report, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));

  /* For looking at the pages: FIREBREAK_KEEP_PDF=/some/folder */
  if (g_getenv ("FIREBREAK_KEEP_PDF") != NULL)
    {
      g_autofree char *keep = g_build_filename (g_getenv ("FIREBREAK_KEEP_PDF"), name, NULL);
      g_autoptr(GFile) from = g_file_new_for_path (pdf);
      g_autoptr(GFile) to = g_file_new_for_path (keep);

      g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
    }

  g_spawn_sync (NULL, (char *[]) { (char *) (pdftotext ? pdftotext : "pdftotext"), "-layout", pdf, "-", NULL },
                NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  return g_steal_pointer (&out);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not found in the printed text:\n%s", needle, text);
}

static void
test_print_timeline (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FbReport *report = fb_report_new_timeline (f->store, f->incident, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = pdf_text (f, report, "timeline.pdf");

  assert_contains (text, "Timeline: Ransomware on file servers");
  assert_contains (text, "Observation 000");
  assert_contains (text, "Observation 149");
  assert_contains (text, "Printed ");
  assert_contains (text, "Page 1 of");
  assert_contains (text, "Page 3 of");
  /* The table's header comes again after each page break. */
  g_assert_nonnull (strstr (strstr (text, "Page 1 of"), "Author"));
}

static void
test_print_checklists (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FbReport *report = fb_report_new_checklists (f->store, f->incident, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = pdf_text (f, report, "checklists.pdf");

  assert_contains (text, "Checklists: Ransomware on file servers");
  assert_contains (text, "Fact-finding");
  assert_contains (text, "Collect firewall logs");
  assert_contains (text, "Damage limitation");
  assert_contains (text, "Isolate infected hosts");
  assert_contains (text, "Page 1 of 1");

  /* A step from the playbook carries its reason under it; a step added by
   * hand has none. */
  assert_contains (text, "Get a legal check before paying");
  {
    const char *step = strstr (text, "Get a legal check before paying");
    const char *reason = strstr (text, "Payments to sanctioned");
    const char *next = strstr (text, "Isolate infected hosts");

    g_assert_nonnull (reason);
    g_assert_true (step < reason && reason < next);
    g_assert_null (strstr (reason + 1, "Payments to sanctioned"));
  }
}

static void
test_print_contact_sheet (Fixture       *f,
                          gconstpointer  data)
{
  FbReport *report = fb_report_new_contact_sheet (f->store);
  g_autofree char *text = pdf_text (f, report, "contacts.pdf");
  const char *management, *legal, *pr;

  assert_contains (text, "Contact sheet");
  assert_contains (text, "+81 3 1234 5678");
  assert_contains (text, "Chief information officer");

  /* Grouped by category, in the fixed category order. */
  management = strstr (text, "Management");
  pr = strstr (text, "Public relations");
  legal = strstr (text, "Legal");
  g_assert_nonnull (management);
  g_assert_nonnull (pr);
  g_assert_nonnull (legal);
  g_assert_true (management < pr && pr < legal);
}

typedef struct
{
  GArray       *fractions;
  GAsyncResult *result;
} Outcome;

static void
on_progress_cb (double   fraction,
                gpointer user_data)
{
  g_array_append_val (((Outcome *) user_data)->fractions, fraction);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ((Outcome *) user_data)->result = g_object_ref (result);
}

static char *
read_pdf_text (const char *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *pdftotext = g_getenv ("PDFTOTEXT");
  int status = 0;

  g_spawn_sync (NULL, (char *[]) { (char *) (pdftotext ? pdftotext : "pdftotext"), "-layout", (char *) pdf, "-", NULL },
                NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  return g_steal_pointer (&out);
}

/* The text but for the minute it was printed. */
static char *
without_stamp (const char *text)
{
  g_autoptr(GRegex) stamp = g_regex_new ("Printed \\S+ \\S+ \\S+", 0, 0, NULL);

  return g_regex_replace_literal (stamp, text, -1, 0, "Printed", 0, NULL);
}

/* The same pages, drawn in a thread, the progress told up to the end; a
 * cancelled one writes nothing. */
static void
test_print_pdf_in_thread (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *plain_expected = NULL;
  g_autofree char *pdf = fb_test_dir_file (f->dir, "timeline-thread.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome = { g_array_new (FALSE, FALSE, sizeof (double)), NULL };
  FbReport *report;

  report = fb_report_new_timeline (f->store, f->incident, &error);
  g_assert_no_error (error);
  expected = pdf_text (f, report, "timeline.pdf");

  report = fb_report_new_timeline (f->store, f->incident, &error);
  fb_print_to_pdf_async (report, file, NULL, on_progress_cb, &outcome, on_done_cb, &outcome);
  while (outcome.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fb_print_to_pdf_finish (outcome.result, &error));
  g_assert_no_error (error);
  g_clear_object (&outcome.result);

  g_assert_cmpuint (outcome.fractions->len, >=, 3);
  for (guint i = 1; i < outcome.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (outcome.fractions, double, i - 1), <, g_array_index (outcome.fractions, double, i));
  g_assert_cmpfloat (g_array_index (outcome.fractions, double, outcome.fractions->len - 1), ==, 1.0);

  /* The same text at the same places. */
  text = read_pdf_text (pdf);
  plain = without_stamp (text);
  plain_expected = without_stamp (expected);
  g_assert_cmpstr (plain, ==, plain_expected);
  assert_contains (text, "Observation 149");
  g_assert_true (g_unlink (pdf) == 0);

  g_array_set_size (outcome.fractions, 0);
  g_cancellable_cancel (cancellable);
  report = fb_report_new_timeline (f->store, f->incident, &error);
  fb_print_to_pdf_async (report, file, cancellable, on_progress_cb, &outcome, on_done_cb, &outcome);
  while (outcome.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fb_print_to_pdf_finish (outcome.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (outcome.fractions->len, ==, 0);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_object (&outcome.result);
  g_array_unref (outcome.fractions);
}

typedef struct
{
  const char *path;
  gboolean    drawing_seen;
  gint64      size_while_drawing;
} Watch;

static void
on_long_progress_cb (double   fraction,
                     gpointer user_data)
{
  Watch *watch = user_data;
  g_autoptr(GFile) file = g_file_new_for_path (watch->path);
  g_autoptr(GFileInfo) info = NULL;

  /* Past the counting of pages, before the last is drawn. */
  if (fraction < 0.75 || fraction >= 1.0 || watch->drawing_seen)
    return;

  watch->drawing_seen = TRUE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  if (info != NULL)
    watch->size_while_drawing = g_file_info_get_size (info);
}

static void
on_long_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static guint
pdf_pages (const char *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *pdfinfo = g_getenv ("PDFINFO");
  const char *pages;
  int status = 0;

  g_spawn_sync (NULL, (char *[]) { (char *) (pdfinfo ? pdfinfo : "pdfinfo"), (char *) pdf, NULL },
                NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  pages = strstr (out, "Pages:");
  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

/* A long timeline is never held whole: the report keeps no rows of it
 * (they are read from the record as the pages are laid out and drawn),
 * and the PDF reaches its file page by page, while later pages are still
 * being drawn. Entries added after the report was made are in it too: its
 * rows are read when it is printed. */
static void
test_print_long_timeline (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autofree char *pdf = fb_test_dir_file (f->dir, "long.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *text = NULL;
  g_autofree char *last_page = NULL;
  Watch watch = { pdf, FALSE, 0 };
  FbReport *report;
  const FbBlock *timeline = NULL;
  guint n_pages;

  for (guint i = 0; i < 2500; i++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autofree char *entity = fb_uuid_new ();
      g_autofree char *entry = g_strdup_printf ("Sweep %04u: host WS%03u clean, 暗号化なし", i, i % 500);

      json_object_set_string_member (body, "kind", "fact");
      json_object_set_string_member (body, "text", entry);
      json_object_set_int_member (body, "occurred_at", fb_store_now_ms (f->store) - 10000 + i);
      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, f->incident, entity, body));
    }
  fb_store_apply (f->store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error);
  g_assert_no_error (error);

  report = fb_report_new_timeline (f->store, f->incident, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->blocks->len; i++)
    {
      const FbBlock *block = report->blocks->pdata[i];

      if (block->type == FB_BLOCK_TABLE)
        timeline = block;
    }
  g_assert_nonnull (timeline);
  g_assert_cmpuint (timeline->rows->len, ==, 0);
  g_assert_cmpuint (fb_report_table_count_rows (timeline), ==, 2650);

  g_free (fb_store_add_entry (f->store, f->incident, FB_ENTRY_NOTE, "Written after the report was made",
                              0, NULL, NULL, &error));
  g_assert_no_error (error);

  fb_print_to_pdf_async (report, file, NULL, on_long_progress_cb, &watch, on_long_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fb_print_to_pdf_finish (result, &error));
  g_assert_no_error (error);

  g_assert_true (watch.drawing_seen);
  g_assert_cmpint (watch.size_while_drawing, >, 0);

  n_pages = pdf_pages (pdf);
  g_assert_cmpuint (n_pages, >=, 50);
  text = read_pdf_text (pdf);
  assert_contains (text, "Sweep 0000: host WS000 clean, 暗号化なし");
  assert_contains (text, "Sweep 2499: host WS499 clean, 暗号化なし");
  assert_contains (text, "Written after the report was made");
  last_page = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
  assert_contains (text, last_page);

  /* Through GTK's print operation too, which counts the pages a few at a
   * time between turns of the main loop. */
  {
    g_autoptr(GtkPrintOperation) operation = NULL;
    g_autofree char *exported = fb_test_dir_file (f->dir, "operation.pdf");
    g_autofree char *exported_text = NULL;
    g_autofree char *exported_last = NULL;
    guint n_exported;

    report = fb_report_new_timeline (f->store, f->incident, &error);
    g_assert_no_error (error);
    operation = fb_print_operation_new (report);
    gtk_print_operation_set_export_filename (operation, exported);
    g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error),
                     ==, GTK_PRINT_OPERATION_RESULT_APPLY);
    g_assert_no_error (error);

    n_exported = pdf_pages (exported);
    g_assert_cmpuint (n_exported, >=, 50);
    exported_text = read_pdf_text (exported);
    assert_contains (exported_text, "Sweep 0000: host WS000 clean, 暗号化なし");
    assert_contains (exported_text, "Sweep 2499: host WS499 clean, 暗号化なし");
    exported_last = g_strdup_printf ("Page %u of %u", n_exported, n_exported);
    assert_contains (exported_text, exported_last);
  }
}

/* A briefing as long as the record allows still prints on one page, as a
 * form; a period's too. */
static void
test_print_briefing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbContext) context = fb_context_new (f->store, NULL);
  g_autoptr(FbBriefing) briefing = NULL;
  g_autoptr(GString) long_part = g_string_new (NULL);
  g_autofree char *handover = NULL;
  g_autofree char *period = NULL;
  g_autofree char *text = NULL;
  g_autofree char *period_text = NULL;
  FbReport *report;

  /* More open steps than an op's field holds. */
  for (guint i = 0; i < 90; i++)
    {
      g_autofree char *step = g_strdup_printf ("Restore share %02u from the offline backup and check it", i);

      g_free (fb_store_add_checklist_item (f->store, f->incident, FB_SECTION_RECOVERY, step, 0, NULL, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (long_part, "Fact %02u: the attackers used a stolen VPN account over the weekend. ", i);

  briefing = fb_briefing_build (context, f->incident);
  g_free (briefing->situation);
  briefing->situation = g_strdup (long_part->str);
  g_free (briefing->objectives);
  briefing->objectives = g_strdup ("Keep the file servers isolated\nRestore payroll shares first");
  /* Every other part as full as the first, Japanese in one. */
  g_free (briefing->pending_decisions);
  briefing->pending_decisions = g_strdup (long_part->str);
  g_free (briefing->deadlines);
  briefing->deadlines = g_strdup (briefing->open_items);
  g_string_truncate (long_part, 0);
  for (guint i = 0; i < 90; i++)
    g_string_append (long_part, "暗号化された共有を復旧する。");
  g_free (briefing->situation);
  briefing->situation = g_strdup (long_part->str);
  g_assert_nonnull (strstr (briefing->open_items, "Restore share 59"));
  g_assert_cmpuint (strlen (briefing->open_items), <=, 4000);
  g_assert_true (g_str_has_suffix (briefing->open_items, "…"));

  handover = fb_store_offer_handover (f->store, f->incident, "Sato Kenji", NULL, briefing, &error);
  g_assert_no_error (error);
  report = fb_report_new_briefing (f->store, f->incident, handover, &error);
  g_assert_no_error (error);
  text = pdf_text (f, report, "briefing.pdf");
  assert_contains (text, "Incident Briefing (ICS 201): Ransomware on file servers");
  assert_contains (text, "Incoming commander");
  assert_contains (text, "Sato Kenji");
  assert_contains (text, "Offered, waiting for acceptance");
  assert_contains (text, "Restore payroll shares first");
  assert_contains (text, "暗号化された共有");
  assert_contains (text, "more in the record");
  assert_contains (text, "Signatures");
  assert_contains (text, "Page 1 of 1");

  period = fb_store_start_period (f->store, f->incident, 0, 12 * 60, briefing, &error);
  g_assert_no_error (error);
  report = fb_report_new_briefing (f->store, f->incident, period, &error);
  g_assert_no_error (error);
  period_text = pdf_text (f, report, "period.pdf");
  assert_contains (period_text, "Operational Period 1 Briefing");
  assert_contains (period_text, "Page 1 of 1");

  g_assert_null (fb_report_new_briefing (f->store, f->incident, f->incident, &error));
  g_assert_error (error, FB_ERROR, FB_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/print/timeline", test_print_timeline);
  ADD ("/print/checklists", test_print_checklists);
  ADD ("/print/contact-sheet", test_print_contact_sheet);
  ADD ("/print/pdf-in-thread", test_print_pdf_in_thread);
  ADD ("/print/briefing", test_print_briefing);
  ADD ("/print/long-timeline", test_print_long_timeline);
#undef ADD

  return g_test_run ();
}
