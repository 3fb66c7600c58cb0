/* fb-report.c — the post-incident report
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is gathered once into a list of blocks (title, headings,
 * paragraphs, tables) and then drawn by each renderer: Markdown, HTML and
 * the printed page all say the same thing. This file builds the document;
 * fb-report-markdown.c and fb-report-html.c draw it.
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "firebreak-core.h"
#include "fb-describe.h"
#include "fb-playbook.h"
#include "fb-playbook-library.h"
#include "fb-report-private.h"

/* Formatting --------------------------------------------------------------- */


/* The proleptic Gregorian date of day @days since 1970-01-01 (Howard
 * Hinnant's civil_from_days). */
static void
get_date (gint64  days,
          int    *year,
          int    *month,
          int    *day)
{
  gint64 era, yoe_year;
  guint doe, yoe, doy, mp;

  days += 719468;
  era = (days >= 0 ? days : days - 146096) / 146097;
  doe = (guint) (days - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  yoe_year = (gint64) yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (yoe_year + (*month <= 2));
}

static char *
put_2 (char *p,
       int   n)
{
  *p++ = (char) ('0' + n / 10 % 10);
  *p++ = (char) ('0' + n % 10);
  return p;
}

/* Writes @ms in @zone as fb_report_format_time() does into @text, and
 * returns its length: for a reader of many rows, which looks the zone up
 * once. */
gsize
_fb_report_format_time_in (GTimeZone *zone,
                           gint64     ms,
                           char       text[FB_REPORT_TIME_SIZE])
{
  gint64 seconds, local, days;
  int offset, year, month, day, in_day;
  char *p = text;

  if (ms <= 0)
    return (gsize) g_snprintf (text, FB_REPORT_TIME_SIZE, "—");

  seconds = ms / 1000;
  offset = (int) g_time_zone_get_offset (zone, g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, seconds));
  local = seconds + offset;
  days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  in_day = (int) (local - days * 86400);
  get_date (days, &year, &month, &day);

  /* Evidence needs the offset: a reader elsewhere must know which hour.
   * Written as g_date_time_format()'s "%Y-%m-%d %H:%M:%S %:z" would be,
   * without the work of a GDateTime and a format for each of a long
   * export's times. */
  if (year < 1000 || year > 9999)
    return (gsize) g_snprintf (text, FB_REPORT_TIME_SIZE, "%d-%02d-%02d %02d:%02d:%02d %c%02d:%02d", year, month, day,
                               in_day / 3600, in_day / 60 % 60, in_day % 60, offset < 0 ? '-' : '+',
                               ABS (offset) / 3600, ABS (offset) / 60 % 60);

  p = put_2 (p, year / 100);
  p = put_2 (p, year % 100);
  *p++ = '-';
  p = put_2 (p, month);
  *p++ = '-';
  p = put_2 (p, day);
  *p++ = ' ';
  p = put_2 (p, in_day / 3600);
  *p++ = ':';
  p = put_2 (p, in_day / 60 % 60);
  *p++ = ':';
  p = put_2 (p, in_day % 60);
  *p++ = ' ';
  *p++ = offset < 0 ? '-' : '+';
  p = put_2 (p, ABS (offset) / 3600);
  *p++ = ':';
  p = put_2 (p, ABS (offset) / 60 % 60);
  *p = '\0';

  return (gsize) (p - text);
}

GTimeZone *
_fb_report_ref_local_zone (void)
{
  return fb_time_ref_local_zone ();
}

char *
fb_report_format_time (gint64 ms)
{
  g_autoptr(GTimeZone) zone = fb_time_ref_local_zone ();
  char text[FB_REPORT_TIME_SIZE];
  gsize length = _fb_report_format_time_in (zone, ms, text);

  return g_strndup (text, length);
}

char *
fb_report_format_duration (gint64 ms)
{
  gint64 minutes = MAX (ms, 0) / 60000;

  /* Targets are set in minutes ("60 min"); only longer spans read better
   * in hours. */
  if (minutes < 120)
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));

  /* TRANSLATORS: a long duration in days and hours */
  return g_strdup_printf (_("%d d %d h"), (int) (minutes / (24 * 60)), (int) (minutes / 60 % 24));
}

/* Building blocks -------------------------------------------------------------- */

void
_fb_report_cell_free (FbCell *cell)
{
  g_free (cell->text);
  g_free (cell->detail);
  g_free (cell);
}

FbCell *
_fb_report_cell_new (const char *text)
{
  FbCell *cell = g_new0 (FbCell, 1);

  cell->text = g_strdup (text != NULL ? text : "");
  return cell;
}

static void
block_free (FbBlock *block)
{
  g_free (block->text);
  g_clear_pointer (&block->header, g_ptr_array_unref);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  _fb_report_source_free (block->source);
  g_free (block);
}

static void
add_text (FbReport    *report,
          FbBlockType  type,
          const char  *text)
{
  FbBlock *block = g_new0 (FbBlock, 1);

  block->type = type;
  block->text = g_strdup (text);
  g_ptr_array_add (report->blocks, block);
}

/* Starts a table with the given column names (NULL-terminated). */
static FbBlock *
add_table (FbReport   *report,
           const char *first,
           ...)
{
  FbBlock *block = g_new0 (FbBlock, 1);
  va_list args;

  block->type = FB_BLOCK_TABLE;
  block->header = g_ptr_array_new_with_free_func ((GDestroyNotify) _fb_report_cell_free);
  block->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    g_ptr_array_add (block->header, _fb_report_cell_new (name));
  va_end (args);

  g_ptr_array_add (report->blocks, block);
  return block;
}

GPtrArray *
_fb_report_row_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) _fb_report_cell_free);
}

static GPtrArray *
add_row (FbBlock *table)
{
  GPtrArray *row = _fb_report_row_new ();

  g_ptr_array_add (table->rows, row);
  return row;
}

FbCell *
_fb_report_add_cell (GPtrArray  *row,
                     const char *text)
{
  FbCell *cell = _fb_report_cell_new (text);

  g_ptr_array_add (row, cell);
  return cell;
}

FbCell *
_fb_report_add_cell_take (GPtrArray *row,
                          char      *text)
{
  FbCell *cell = g_new0 (FbCell, 1);

  cell->text = text != NULL ? text : g_strdup ("");
  g_ptr_array_add (row, cell);
  return cell;
}

/* Sections ---------------------------------------------------------------------- */

/* One row of a two-column table of fields; takes @value. */
static void
add_field (FbBlock    *table,
           const char *label,
           char       *value)
{
  GPtrArray *row = add_row (table);

  _fb_report_add_cell (row, label);
  _fb_report_add_cell_take (row, value);
}

static void
add_overview (FbReport   *report,
              FbStore    *store,
              FbIncident *incident)
{
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new ();
  FbPlaybook *playbook = fb_playbook_library_lookup (library, fb_incident_get_kind (incident));
  g_autofree char *now = fb_report_format_time (fb_store_now_ms (store));
  const char *summary = fb_incident_get_summary (incident);
  gboolean review = fb_incident_is_review (incident);
  FbBlock *table;

  add_text (report, FB_BLOCK_HEADING, _("Summary"));
  if (summary != NULL && summary[0] != '\0')
    add_text (report, FB_BLOCK_PARAGRAPH, summary);

  table = add_table (report, _("Field"), _("Value"), NULL);
  add_field (table, _("Kind"),
             g_strdup (playbook != NULL ? fb_playbook_get_title (playbook) : fb_incident_get_kind (incident)));
  /* A review has no severity, phase or drill; when it began dates it. */
  if (review)
    add_field (table, _("Record"), g_strdup (fb_record_type_get_label (FB_RECORD_READINESS)));
  else
    add_field (table, _("Severity"), g_strdup_printf ("%d", fb_incident_get_severity (incident)));
  add_field (table, _("Status"), g_strdup (fb_status_get_label (fb_incident_get_status (incident))));
  if (review)
    {
      add_field (table, _("Started"), fb_report_format_time (fb_incident_get_detected_at (incident)));
      add_field (table, _("Closed"), fb_report_format_time (fb_incident_get_resolved_at (incident)));
    }
  else
    {
      add_field (table, _("Phase"), g_strdup (fb_phase_get_label (fb_incident_get_phase (incident))));
      add_field (table, _("Real or drill"),
                 g_strdup (fb_incident_get_drill (incident) ? _("Drill") : _("Real incident")));
    }
  add_field (table, _("Report made"), g_strdup_printf (_("%s by %s"), now, fb_store_get_author (store)));
}

static void
add_key_times (FbReport   *report,
               FbStore    *store,
               FbIncident *incident)
{
  gint64 detected = fb_incident_get_detected_at (incident);
  gint64 contained = fb_incident_get_contained_at (incident);
  gint64 target_ms = (gint64) fb_incident_get_containment_target_min (incident) * 60000;
  g_autofree char *target = fb_report_format_duration (target_ms);
  const struct { const char *label; gint64 at; } times[] = {
    { N_("Detected"), detected },
    { N_("Declared"), fb_incident_get_declared_at (incident) },
    { N_("Contained"), contained },
    { N_("Resolved"), fb_incident_get_resolved_at (incident) },
  };
  FbBlock *table;

  add_text (report, FB_BLOCK_HEADING, _("Key times"));
  table = add_table (report, _("Moment"), _("Time"), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      GPtrArray *row = add_row (table);

      _fb_report_add_cell (row, _(times[i].label));
      _fb_report_add_cell_take (row, fb_report_format_time (times[i].at));
    }

  if (contained > 0)
    {
      g_autofree char *took = fb_report_format_duration (contained - detected);

      if (contained - detected <= target_ms)
        {
          g_autofree char *text = g_strdup_printf (_("Time to contain: %s, within the target of %s."), took, target);
          add_text (report, FB_BLOCK_PARAGRAPH, text);
        }
      else
        {
          g_autofree char *over = fb_report_format_duration (contained - detected - target_ms);
          g_autofree char *text = g_strdup_printf (_("Time to contain: %s, over the target of %s by %s."),
                                                   took, target, over);
          add_text (report, FB_BLOCK_PARAGRAPH, text);
        }
    }
  else
    {
      g_autofree char *since = fb_report_format_duration (fb_store_now_ms (store) - detected);
      g_autofree char *text = g_strdup_printf (_("Not contained yet: %s since detection, against a target of %s."),
                                               since, target);
      add_text (report, FB_BLOCK_PARAGRAPH, text);
    }
}

/* Every deadline that applied, with its outcome, under the key times. */
static void
add_deadlines (FbReport   *report,
               FbStore    *store,
               FbIncident *incident)
{
  g_autoptr(GPtrArray) rows = _fb_report_deadline_rows (store, incident);
  FbBlock *table;
  g_autofree char *rules = _fb_report_deadline_rules (incident);

  add_text (report, FB_BLOCK_PARAGRAPH, rules);
  if (rows->len == 0)
    {
      add_text (report, FB_BLOCK_PARAGRAPH, _("No reporting deadline applied."));
      return;
    }

  table = add_table (report, _("Deadline"), _("Legal basis"), _("Due"), _("Outcome"), NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);
      GPtrArray *row = add_row (table);

      for (guint j = 0; cells[j] != NULL; j++)
        _fb_report_add_cell (row, cells[j]);
    }
}

static void
add_roles (FbReport   *report,
           FbStore    *store,
           const char *incident)
{
  g_autoptr(GListModel) roles = fb_store_list_roles (store, incident);
  FbBlock *table = NULL;

  add_text (report, FB_BLOCK_HEADING, _("Roles"));
  if (g_list_model_get_n_items (roles) == 0)
    add_text (report, FB_BLOCK_PARAGRAPH, _("No roles were assigned."));
  else
    {
      table = add_table (report, _("Role"), _("Person"), _("Since"), NULL);
      for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
        {
          g_autoptr(FbRole) role = g_list_model_get_item (roles, i);
          GPtrArray *row = add_row (table);

          _fb_report_add_cell (row, fb_role_get_label (fb_role_get_role (role)));
          _fb_report_add_cell (row, fb_role_get_person (role));
          _fb_report_add_cell_take (row, fb_report_format_time (fb_role_get_assigned_at (role)));
        }
    }

}

static void
add_checklists (FbReport   *report,
                FbStore    *store,
                const char *incident)
{
  g_autoptr(GListModel) items = fb_store_list_checklist (store, incident);
  guint n = g_list_model_get_n_items (items);

  add_text (report, FB_BLOCK_HEADING, _("Checklists"));
  if (n == 0)
    {
      add_text (report, FB_BLOCK_PARAGRAPH, _("The incident had no checklist."));
      return;
    }

  for (FbSection section = 0; section < FB_N_SECTIONS; section++)
    {
      guint total = 0, done = 0, skipped = 0;
      FbBlock *table = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FbChecklistItem) item = g_list_model_get_item (items, i);

          if (fb_checklist_item_get_section (item) != section)
            continue;
          total++;
          done += fb_checklist_item_get_state (item) == FB_ITEM_DONE;
          skipped += fb_checklist_item_get_state (item) == FB_ITEM_SKIPPED;
        }

      if (total == 0)
        continue;

      {
        /* TRANSLATORS: a checklist section, then its progress */
        g_autofree char *line = g_strdup_printf (_("%s: %u of %u done, %u skipped"),
                                                 fb_section_get_label (section), done, total, skipped);
        add_text (report, FB_BLOCK_PARAGRAPH, line);
      }

      table = add_table (report, _("State"), _("Item"), _("Finished by"), _("When"), _("Note or reason"), NULL);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FbChecklistItem) item = g_list_model_get_item (items, i);
          GPtrArray *row;

          if (fb_checklist_item_get_section (item) != section)
            continue;

          row = add_row (table);
          _fb_report_add_cell (row, fb_item_state_get_label (fb_checklist_item_get_state (item)));
          _fb_report_add_cell (row, fb_checklist_item_get_text (item));
          _fb_report_add_cell (row, fb_checklist_item_get_done_by (item));
          _fb_report_add_cell_take (row, fb_checklist_item_get_done_at (item) > 0
                              ? fb_report_format_time (fb_checklist_item_get_done_at (item))
                              : g_strdup (""));
          _fb_report_add_cell (row, fb_checklist_item_get_note (item));
        }
    }
}

static FbReport *
report_new (const char *title)
{
  FbReport *report = g_new0 (FbReport, 1);

  report->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  report->title = g_strdup (title);
  report->intact = TRUE;
  add_text (report, FB_BLOCK_TITLE, title);

  return report;
}

/* A table of two columns, each row a label and its entry: a form. */
FbBlock *
_fb_report_add_form (FbReport   *report,
                     const char *label,
                     const char *entry)
{
  return add_table (report, label, entry, NULL);
}

FbCell *
_fb_report_add_form_row (FbBlock    *form,
                         const char *label,
                         const char *entry)
{
  GPtrArray *row = add_row (form);

  _fb_report_add_cell (row, label);
  return _fb_report_add_cell (row, entry);
}

static FbIncident *
find_incident (FbStore    *store,
               const char *incident,
               GError    **error)
{
  FbIncident *subject = fb_store_get_incident (store, incident);

  if (subject == NULL)
    g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                 _("There is no incident “%s” in this database"), incident);

  return subject;
}

const char *
_fb_report_tick_mark (const FbCell *cell)
{
  switch (cell->tick)
    {
    case FB_TICK_EMPTY: return "☐ ";
    case FB_TICK_DONE: return "☑ ";
    case FB_TICK_SKIPPED: return "☒ ";
    case FB_TICK_NONE:
    default: return "";
    }
}

/* Public API ------------------------------------------------------------------- */

/* The check of the record is what takes time here; the timeline is read
 * when the report is drawn. */
FbReport *
_fb_report_new_for_incident_full (FbStore    *store,
                                  const char *incident,
                                  FbProgress *progress,
                                  GError    **error)
{
  g_autoptr(FbIncident) subject = NULL;
  g_autoptr(FbVerification) verification = NULL;
  g_autoptr(FbReport) report = NULL;

  subject = find_incident (store, incident, error);
  if (subject == NULL)
    return NULL;

  verification = _fb_store_verify_full (store, incident, progress, error);
  if (verification == NULL)
    return NULL;

  {
    g_autofree char *title = NULL;

    if (fb_incident_is_review (subject))
      title = g_strdup_printf (_("Readiness review: %s"), fb_incident_get_title (subject));
    else if (fb_incident_get_drill (subject))
      title = g_strdup_printf (_("DRILL — Incident report: %s"), fb_incident_get_title (subject));
    else
      title = g_strdup_printf (_("Incident report: %s"), fb_incident_get_title (subject));
    report = report_new (title);
  }
  report->digest = g_strdup (verification->digest);
  report->intact = verification->problem == NULL;

  add_overview (report, store, subject);
  /* A review runs no clock: no key times, no deadlines. */
  if (!fb_incident_is_review (subject))
    {
      add_key_times (report, store, subject);
      add_deadlines (report, store, subject);
    }
  _fb_report_add_decisions (report, store, incident);
  add_roles (report, store, incident);
  _fb_report_add_command_history (report, store, incident);
  _fb_report_add_periods (report, store, incident);
  _fb_report_add_escalations (report, store, incident);
  add_checklists (report, store, incident);
  _fb_report_add_timeline (report, store, incident);
  _fb_report_add_integrity (report, verification);
  if (!_fb_report_add_state (report, store, error))
    return NULL;

  return g_steal_pointer (&report);
}

/**
 * fb_report_new_for_incident:
 *
 * Gathers everything a post-incident review needs from the store.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
FbReport *
fb_report_new_for_incident (FbStore    *store,
                            const char *incident,
                            GError    **error)
{
  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  return _fb_report_new_for_incident_full (store, incident, NULL, error);
}

/**
 * fb_report_new_checklists:
 *
 * The incident's checklists on paper: a box to tick by hand before each
 * item, and room to write who and when.
 */
FbReport *
fb_report_new_checklists (FbStore    *store,
                          const char *incident,
                          GError    **error)
{
  g_autoptr(FbIncident) subject = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(FbPlaybookLibrary) library = NULL;
  g_autofree char *title = NULL;
  FbReport *report;
  guint n;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  subject = find_incident (store, incident, error);
  if (subject == NULL)
    return NULL;

  library = fb_playbook_library_new ();
  title = g_strdup_printf (_("Checklists: %s"), fb_incident_get_title (subject));
  report = report_new (title);
  items = fb_store_list_checklist (store, incident);
  n = g_list_model_get_n_items (items);

  for (FbSection section = 0; section < FB_N_SECTIONS; section++)
    {
      FbBlock *table = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FbChecklistItem) item = g_list_model_get_item (items, i);
          FbItemState state = fb_checklist_item_get_state (item);
          GPtrArray *row;
          FbCell *cell;

          if (fb_checklist_item_get_section (item) != section)
            continue;

          if (table == NULL)
            {
              add_text (report, FB_BLOCK_HEADING, fb_section_get_label (section));
              table = add_table (report, _("Step"), _("Who"), _("When"), _("Note"), NULL);
            }

          row = add_row (table);
          cell = _fb_report_add_cell (row, fb_checklist_item_get_text (item));
          /* The step's reason, in small type under it: paper is what is
           * left when the screens are down. */
          cell->detail = g_strdup (fb_playbook_library_get_hint (library, fb_incident_get_kind (subject),
                                                                 fb_checklist_item_get_playbook_item (item)));
          cell->tick = state == FB_ITEM_DONE ? FB_TICK_DONE
                       : state == FB_ITEM_SKIPPED ? FB_TICK_SKIPPED
                       : FB_TICK_EMPTY;
          _fb_report_add_cell (row, state == FB_ITEM_DONE || state == FB_ITEM_SKIPPED
                         ? fb_checklist_item_get_done_by (item) : fb_checklist_item_get_assignee (item));
          _fb_report_add_cell_take (row, fb_checklist_item_get_done_at (item) > 0
                              ? fb_report_format_time (fb_checklist_item_get_done_at (item))
                              : g_strdup (""));
          _fb_report_add_cell (row, fb_checklist_item_get_note (item));
        }
    }

  if (n == 0)
    add_text (report, FB_BLOCK_PARAGRAPH, _("The incident has no checklist."));

  return report;
}

/**
 * fb_report_new_contact_sheet:
 *
 * Everyone to call, grouped by category, phone numbers large enough to
 * read across a desk: for the wall of the war-room, and for when screens
 * and networks are down.
 */
FbReport *
fb_report_new_contact_sheet (FbStore *store)
{
  g_autoptr(GListModel) contacts = NULL;
  FbReport *report;
  guint n;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);

  report = report_new (_("Contact sheet"));
  contacts = fb_store_list_contacts (store, NULL);
  n = g_list_model_get_n_items (contacts);

  for (FbContactCategory category = 0; category < FB_N_CONTACT_CATEGORIES; category++)
    {
      FbBlock *table = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FbContact) contact = g_list_model_get_item (contacts, i);
          g_autofree char *who = NULL;
          GPtrArray *row;
          GString *reach;

          if (fb_contact_get_category (contact) != category)
            continue;

          if (table == NULL)
            {
              add_text (report, FB_BLOCK_HEADING, fb_contact_category_get_label (category));
              table = add_table (report, _("Name"), _("Phone"), _("Other ways to reach"), _("Tier"), NULL);
            }

          who = g_strjoinv ("\n", (char *[]) {
            (char *) fb_contact_get_name (contact),
            (char *) (fb_contact_get_title (contact)[0] ? fb_contact_get_title (contact) : fb_contact_get_organisation (contact)),
            NULL });
          reach = g_string_new (fb_contact_get_email (contact));
          if (fb_contact_get_chat (contact)[0] != '\0')
            g_string_append_printf (reach, "%s%s", reach->len ? "\n" : "", fb_contact_get_chat (contact));
          if (fb_contact_get_example (contact))
            g_string_append_printf (reach, "%s%s", reach->len ? "\n" : "", _("Example: verify before use"));

          row = add_row (table);
          _fb_report_add_cell (row, g_strstrip (who));
          _fb_report_add_cell (row, fb_contact_get_phone (contact))->large = TRUE;
          _fb_report_add_cell_take (row, g_string_free (reach, FALSE));
          _fb_report_add_cell_take (row, g_strdup_printf ("%d", fb_contact_get_tier (contact)));
        }
    }

  if (n == 0)
    add_text (report, FB_BLOCK_PARAGRAPH, _("The address book is empty."));

  return report;
}

FbReport *
_fb_report_new_timeline_full (FbStore    *store,
                              const char *incident,
                              FbProgress *progress,
                              GError    **error)
{
  g_autoptr(FbIncident) subject = NULL;
  g_autoptr(FbReport) report = NULL;
  g_autofree char *title = NULL;

  subject = find_incident (store, incident, error);
  if (subject == NULL)
    return NULL;

  title = g_strdup_printf (_("Timeline: %s"), fb_incident_get_title (subject));
  report = report_new (title);
  _fb_report_add_timeline (report, store, incident);
  if (!_fb_report_add_state (report, store, error))
    return NULL;

  return g_steal_pointer (&report);
}

/**
 * fb_report_new_timeline:
 *
 * The incident's timeline alone, as kept so far.
 */
FbReport *
fb_report_new_timeline (FbStore    *store,
                        const char *incident,
                        GError    **error)
{
  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  return _fb_report_new_timeline_full (store, incident, NULL, error);
}

void
fb_report_free (FbReport *report)
{
  if (report == NULL)
    return;

  g_free (report->title);
  g_free (report->digest);
  g_ptr_array_unref (report->blocks);
  g_free (report);
}

/* For documents built outside this file, such as a drill's after-action
 * report or a briefing, so that they print and export as the incident
 * report does. */
FbReport *
_fb_report_new (const char *title)
{
  return report_new (title);
}

void
_fb_report_add_text (FbReport    *report,
                     FbBlockType  type,
                     const char  *text)
{
  add_text (report, type, text);
}

FbBlock *
_fb_report_add_table (FbReport           *report,
                      const char * const *columns)
{
  FbBlock *table = add_table (report, NULL);

  for (guint i = 0; columns[i] != NULL; i++)
    g_ptr_array_add (table->header, _fb_report_cell_new (columns[i]));
  return table;
}

void
_fb_report_add_row (FbBlock            *table,
                    const char * const *cells)
{
  GPtrArray *row = add_row (table);

  for (guint i = 0; cells[i] != NULL; i++)
    _fb_report_add_cell (row, cells[i]);
}
