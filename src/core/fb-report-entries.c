/* fb-report-entries.c — the report's sections made of timeline entries:
 * decisions, command history, escalations and the timeline itself
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An incident may hold a million entries, and any kind of them may be
 * many: the decisions, the escalations and the timeline are tables with a
 * source (fb-report-rows.c), their rows made here one at a time as the
 * report is drawn. The command history is the few entries that changed
 * who commands, gathered through a cursor.
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-describe.h"
#include "fb-report-private.h"
#include "fb-store-private.h"

static JsonObject *
parse_data (FbEntry *entry)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *data = fb_entry_get_data (entry);

  /* Most entries have none: no parser for them. */
  if (data == NULL)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  return json_node_dup_object (json_parser_get_root (parser));
}

/* The words the rows repeat, translated once for a table's rows. */
enum
{
  WORD_SUPERSEDED,
  WORD_PENDING,
  WORD_MADE,
  WORD_RECORDED,
  WORD_CORRECTS,
};

#define WORD(maker, slot, text) \
  ((maker)->words[slot] != NULL ? (maker)->words[slot] : ((maker)->words[slot] = _(text)))

G_STATIC_ASSERT (WORD_CORRECTS < G_N_ELEMENTS (((FbReportRowMaker *) NULL)->words));

static const char *
kind_label (FbReportRowMaker *maker,
            FbEntryKind       kind)
{
  if (maker->labels[kind] == NULL)
    maker->labels[kind] = fb_entry_kind_get_label (kind);

  return maker->labels[kind];
}

/* @format, translated, with @first and @second for its two "%s": put
 * together without a printf when they are plain. */
static char *
fill_two (const char *format,
          const char *first,
          const char *second)
{
  const char *a = strchr (format, '%');
  const char *b = a != NULL && a[1] == 's' ? strchr (a + 2, '%') : NULL;

  if (b == NULL || b[1] != 's' || strchr (b + 2, '%') != NULL)
    {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      return g_strdup_printf (format, first, second);
#pragma GCC diagnostic pop
    }

  {
    GString *out = g_string_sized_new (strlen (format) + strlen (first) + strlen (second));

    g_string_append_len (out, format, a - format);
    g_string_append (out, first);
    g_string_append_len (out, a + 2, b - a - 2);
    g_string_append (out, second);
    g_string_append (out, b + 2);
    return g_string_free (out, FALSE);
  }
}

static const char *
member (JsonObject *data,
        const char *name)
{
  return data != NULL ? json_object_get_string_member_with_default (data, name, "") : "";
}

static char *
join_list (JsonObject *data,
           const char *name)
{
  JsonArray *array;
  GString *out = g_string_new (NULL);

  if (data == NULL || !json_object_has_member (data, name) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (data, name)))
    return g_string_free (out, FALSE);

  array = json_object_get_array_member (data, name);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (i > 0)
        g_string_append (out, "; ");
      g_string_append (out, json_array_get_string_element (array, i));
    }

  return g_string_free (out, FALSE);
}

/* A section of the entries of one kind: its heading, then their table,
 * read from the record as it is drawn, or @none when there are none. */
static void
add_entries_section (FbReport           *report,
                     FbStore            *store,
                     const char         *incident,
                     FbEntryKind         kind,
                     const char         *heading,
                     const char         *none,
                     const char * const *columns,
                     FbReportRowFunc     make_row)
{
  FbReportSource *source = _fb_report_source_new (store, incident, 1u << kind, make_row);

  _fb_report_add_text (report, FB_BLOCK_HEADING, heading);
  if (_fb_report_source_is_empty (source))
    {
      _fb_report_source_free (source);
      _fb_report_add_text (report, FB_BLOCK_PARAGRAPH, none);
      return;
    }

  _fb_report_add_table (report, columns)->source = source;
}

/* Decisions ---------------------------------------------------------------------- */

static GPtrArray *
make_decision_row (FbReportRowMaker *maker,
                   FbEntry          *entry)
{
  g_autoptr(JsonObject) data = parse_data (entry);
  gboolean superseded = fb_entry_get_amended_by (entry) != NULL;
  const char *decision = member (data, "decision");
  const char *decided_by = member (data, "decided_by");
  gboolean pending = g_str_equal (member (data, "status"), "pending");
  GPtrArray *row = _fb_report_row_new ();

  _fb_report_add_cell_take (row, _fb_report_maker_format_time (maker, fb_entry_get_occurred_at (entry)));
  _fb_report_add_cell (row, member (data, "question"));
  _fb_report_add_cell_take (row, join_list (data, "options"));
  /* A pending decision has no answer yet, and nobody who gave it. */
  _fb_report_add_cell (row, decision[0] != '\0' ? decision : pending ? "" : fb_entry_get_text (entry))->struck = superseded;
  _fb_report_add_cell (row, decided_by[0] != '\0' ? decided_by : pending ? "" : fb_entry_get_author (entry));
  _fb_report_add_cell (row, superseded ? WORD (maker, WORD_SUPERSEDED, N_("Superseded"))
                            : pending ? WORD (maker, WORD_PENDING, N_("Pending"))
                            : WORD (maker, WORD_MADE, N_("Made")));

  return row;
}

void
_fb_report_add_decisions (FbReport   *report,
                          FbStore    *store,
                          const char *incident)
{
  const char *columns[] = { _("Time"), _("Question"), _("Options"), _("Decision"), _("Decided by"), _("Status"), NULL };

  add_entries_section (report, store, incident, FB_ENTRY_DECISION, _("Decisions"), _("No decisions were recorded."),
                       columns, make_decision_row);
}

/* Command history ---------------------------------------------------------------- */

void
_fb_report_add_command_history (FbReport   *report,
                                FbStore    *store,
                                const char *incident)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _fb_store_open_entries (store, incident, 1u << FB_ENTRY_SYSTEM, FALSE, 0, NULL, NULL, &error);
  FbBlock *table = NULL;

  if (stmt == NULL)
    {
      g_warning ("Cannot read the command history: %s", error->message);
      return;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(FbEntry) entry = _fb_store_entry_from_row (stmt);
      g_autoptr(JsonObject) data = parse_data (entry);
      const char *event = member (data, "event");
      GPtrArray *row;

      if (!g_str_equal (event, "commander") && !g_str_has_prefix (event, "handover"))
        continue;

      if (table == NULL)
        {
          const char *columns[] = { _("Time"), _("What happened"), _("Recorded by"), NULL };

          _fb_report_add_text (report, FB_BLOCK_HEADING, _("Command history"));
          table = _fb_report_add_table (report, columns);
        }

      row = _fb_report_row_new ();
      _fb_report_add_cell_take (row, fb_report_format_time (fb_entry_get_occurred_at (entry)));
      _fb_report_add_cell_take (row, fb_describe_entry (entry, store));
      _fb_report_add_cell (row, fb_entry_get_author (entry));
      g_ptr_array_add (table->rows, row);
    }
  sqlite3_finalize (stmt);
}

/* Escalations -------------------------------------------------------------------- */

static const char *
purpose_label (const char *purpose)
{
  if (g_str_equal (purpose, "share-facts"))
    return _("Share the facts");
  if (g_str_equal (purpose, "request-decision"))
    return _("Ask for a decision");
  if (g_str_equal (purpose, "both"))
    return _("Share the facts and ask for a decision");
  return purpose;
}

static const char *
channel_label (const char *channel)
{
  if (g_str_equal (channel, "phone"))
    return _("Phone");
  if (g_str_equal (channel, "email"))
    return _("Email");
  if (g_str_equal (channel, "chat"))
    return _("Chat");
  if (g_str_equal (channel, "in-person"))
    return _("In person");
  if (g_str_equal (channel, "other"))
    return _("Other");
  return channel;
}

static GPtrArray *
make_escalation_row (FbReportRowMaker *maker,
                     FbEntry          *entry)
{
  g_autoptr(JsonObject) data = parse_data (entry);
  const char *who = member (data, "who");
  const char *asked = member (data, "asked");
  GPtrArray *row = _fb_report_row_new ();

  _fb_report_add_cell_take (row, _fb_report_maker_format_time (maker, fb_entry_get_occurred_at (entry)));
  _fb_report_add_cell (row, who[0] != '\0' ? who : "—");
  _fb_report_add_cell (row, channel_label (member (data, "channel")));
  _fb_report_add_cell (row, purpose_label (member (data, "purpose")));
  _fb_report_add_cell (row, asked[0] != '\0' ? asked : fb_entry_get_text (entry))->struck =
    fb_entry_get_amended_by (entry) != NULL;
  _fb_report_add_cell (row, member (data, "outcome"));

  return row;
}

void
_fb_report_add_escalations (FbReport   *report,
                            FbStore    *store,
                            const char *incident)
{
  const char *columns[] = { _("Time"), _("Who"), _("How"), _("Purpose"), _("What was asked"), _("Outcome"), NULL };

  add_entries_section (report, store, incident, FB_ENTRY_ESCALATION, _("Escalations and notifications"),
                       _("Nobody was recorded as told."), columns, make_escalation_row);
}

/* The timeline --------------------------------------------------------------------- */

/* A back-dated entry's time shows when it was written down too: the
 * record must not let a late note pass for one made at the time. */
static char *
format_timeline_time (FbReportRowMaker *maker,
                      FbEntry          *entry)
{
  g_autofree char *occurred = _fb_report_maker_format_time (maker, fb_entry_get_occurred_at (entry));
  g_autofree char *recorded = NULL;

  if (!fb_entry_is_back_dated (entry))
    return g_steal_pointer (&occurred);

  recorded = _fb_report_maker_format_time (maker, fb_entry_get_recorded_at (entry));
  /* Translators: a back-dated entry's time in a report: when it happened,
   * and on a second line when it was written down */
  return fill_two (WORD (maker, WORD_RECORDED, N_("%s\n(recorded %s)")), occurred, recorded);
}

/* Time, kind, author and the entry; a corrected one struck through,
 * system entries quiet. */
static GPtrArray *
make_timeline_row (FbReportRowMaker *maker,
                   FbEntry          *entry)
{
  GPtrArray *row = _fb_report_row_new ();
  gboolean system = fb_entry_get_kind (entry) == FB_ENTRY_SYSTEM;
  g_autofree char *text = fb_describe_entry (entry, maker->store);
  FbCell *cell;

  _fb_report_add_cell_take (row, format_timeline_time (maker, entry));
  _fb_report_add_cell (row, kind_label (maker, fb_entry_get_kind (entry)));
  _fb_report_add_cell (row, fb_entry_get_author (entry));

  if (fb_entry_get_amends (entry) != NULL)
    {
      g_autoptr(FbEntry) original = fb_store_get_entry (maker->store, fb_entry_get_amends (entry));
      g_autofree char *when = original != NULL
                              ? fb_report_format_time (fb_entry_get_occurred_at (original))
                              : g_strdup ("—");

      cell = _fb_report_add_cell_take (row, fill_two (WORD (maker, WORD_CORRECTS, N_("%s (corrects the entry of %s)")),
                                                      text, when));
    }
  else
    cell = _fb_report_add_cell_take (row, g_steal_pointer (&text));

  cell->struck = fb_entry_get_amended_by (entry) != NULL;
  for (guint c = 0; c < row->len; c++)
    ((FbCell *) row->pdata[c])->quiet = system;

  return row;
}

/* The timeline's rows are read from the record as the report is drawn:
 * a long incident's would not fit in memory. */
void
_fb_report_add_timeline (FbReport   *report,
                         FbStore    *store,
                         const char *incident)
{
  const char *columns[] = { _("Time"), _("Kind"), _("Author"), _("Entry"), NULL };

  _fb_report_add_text (report, FB_BLOCK_HEADING, _("Timeline"));
  _fb_report_add_table (report, columns)->source =
    _fb_report_source_new (store, incident, FB_ENTRY_KINDS_ALL, make_timeline_row);
}
