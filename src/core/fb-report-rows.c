/* fb-report-rows.c — a report's table rows, from memory or read from the
 * record as they are drawn
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Most tables of a report are short and built whole. The timeline may be
 * a million entries (and its decisions or escalations many): such a table
 * has a source instead (fb-report-entries.c makes them), and each renderer
 * (Markdown, HTML, the printed page) reads its rows one at a time through
 * FbReportRows, so that only the row being drawn is in memory. A place
 * (the row's number and its key in the timeline's order) lets the printer
 * start again at any page.
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include "firebreak-core.h"
#include "fb-entry-private.h"
#include "fb-report-private.h"
#include "fb-store-private.h"

struct _FbReportSource
{
  char           *path;
  char           *author;
  gint64          now_ms;     /* the time the report was asked for */
  char           *incident;
  guint           kinds;      /* of entries: bits (1 << FbEntryKind) */
  FbReportRowFunc make_row;
  guint64         n_rows;
  FbStore        *store;      /* a connection of its own, opened when first read */
};

struct _FbReportPlace
{
  guint64  index;
  gint64   occurred_at;
  char    *hlc;
  char    *id;
};

struct _FbReportRows
{
  const FbBlock   *table;
  guint64          index;    /* of the next row */
  sqlite3_stmt    *stmt;     /* reading the source */
  FbReportPlace    last;     /* of the row last returned */
  FbEntry         *entry;    /* each row read into it in turn */
  FbReportRowMaker maker;
};

static gint64
read_now (gpointer user_data)
{
  return ((FbReportSource *) user_data)->now_ms;
}

/* A table of @incident's entries of @kinds, in the timeline's order, a
 * row of it made of each by @make_row. The rows are read when the report
 * is drawn, maybe in another thread and after @store is gone: the source
 * keeps what it needs to open the file again, with the time the report
 * was made. */
FbReportSource *
_fb_report_source_new (FbStore         *store,
                       const char      *incident,
                       guint            kinds,
                       FbReportRowFunc  make_row)
{
  FbReportSource *source = g_new0 (FbReportSource, 1);

  source->path = g_strdup (fb_store_get_path (store));
  source->author = g_strdup (fb_store_get_author (store));
  source->now_ms = fb_store_now_ms (store);
  source->incident = g_strdup (incident);
  source->kinds = kinds;
  source->make_row = make_row;
  source->n_rows = _fb_store_count_entries_of_kinds (store, incident, kinds);

  return source;
}

gboolean
_fb_report_source_is_empty (const FbReportSource *source)
{
  return source->n_rows == 0;
}

void
_fb_report_source_free (FbReportSource *source)
{
  if (source == NULL)
    return;

  g_free (source->path);
  g_free (source->author);
  g_free (source->incident);
  g_clear_object (&source->store);
  g_free (source);
}

static FbStore *
source_get_store (FbReportSource  *source,
                  GError         **error)
{
  if (source->store == NULL)
    {
      source->store = fb_store_open_with_clock (source->path, _FB_STORE_OPEN_CHECKED_ELSEWHERE,
                                                read_now, source, error);
      if (source->store != NULL)
        fb_store_set_author (source->store, source->author);
    }

  return source->store;
}

/* A time as fb_report_format_time() writes it, in the zone of the rows'
 * reading, formatted once for the rows of the same second: a row shows
 * two times, when it happened and when it was written down, and the
 * second of each changes seldom from row to row. */
char *
_fb_report_maker_format_time (FbReportRowMaker *maker,
                              gint64            ms)
{
  gint64 second = ms > 0 ? ms / 1000 : -1;
  guint slot;

  if (second == maker->seconds[0])
    slot = 0;
  else if (second == maker->seconds[1])
    slot = 1;
  else
    {
      slot = maker->older;
      _fb_report_format_time_in (maker->zone, ms, maker->times[slot]);
      maker->seconds[slot] = second;
    }
  /* The other one is now the one used longer ago. */
  maker->older = 1 - slot;

  return g_strdup (maker->times[slot]);
}

/* Public API ------------------------------------------------------------------- */

/**
 * fb_report_table_count_rows:
 *
 * Returns: how many rows @table has, read from its source or not
 */
guint64
fb_report_table_count_rows (const FbBlock *table)
{
  g_return_val_if_fail (table != NULL && table->type == FB_BLOCK_TABLE, 0);

  return table->source != NULL ? table->source->n_rows : table->rows->len;
}

/**
 * fb_report_rows_open:
 * @from: (nullable): the place of the first row wanted; %NULL for the
 *   first row of the table
 *
 * Reads @table's rows in order, one at a time. A table with a source
 * reads the record, on a connection of the source's own: one thread at a
 * time may read a report's rows.
 *
 * Returns: (transfer full): the rows, or %NULL with @error set
 */
FbReportRows *
fb_report_rows_open (const FbBlock       *table,
                     const FbReportPlace *from,
                     GError             **error)
{
  g_autoptr(FbReportRows) rows = NULL;

  g_return_val_if_fail (table != NULL && table->type == FB_BLOCK_TABLE, NULL);

  rows = g_new0 (FbReportRows, 1);
  rows->table = table;
  rows->index = from != NULL ? from->index : 0;

  if (table->source != NULL)
    {
      FbStore *store = source_get_store (table->source, error);

      if (store == NULL)
        return NULL;

      rows->stmt = _fb_store_open_entries (store, table->source->incident, table->source->kinds, from != NULL,
                                           from != NULL ? from->occurred_at : 0,
                                           from != NULL ? from->hlc : NULL,
                                           from != NULL ? from->id : NULL, error);
      if (rows->stmt == NULL)
        return NULL;
    }

  rows->maker.store = table->source != NULL ? table->source->store : NULL;
  rows->maker.zone = _fb_report_ref_local_zone ();
  rows->maker.seconds[0] = rows->maker.seconds[1] = G_MININT64;

  return g_steal_pointer (&rows);
}

/**
 * fb_report_rows_next:
 *
 * Returns: (transfer full) (nullable): the next row, a #GPtrArray of
 *   #FbCell; %NULL after the last, or with @error set when the record
 *   could not be read
 */
GPtrArray *
fb_report_rows_next (FbReportRows  *rows,
                     GError       **error)
{
  FbReportSource *source;
  FbEntry *entry;
  int rc;

  g_return_val_if_fail (rows != NULL, NULL);

  source = rows->table->source;
  if (source == NULL)
    {
      if (rows->index >= rows->table->rows->len)
        return NULL;
      rows->last.index = rows->index;
      return g_ptr_array_ref (rows->table->rows->pdata[rows->index++]);
    }

  rc = sqlite3_step (rows->stmt);
  if (rc != SQLITE_ROW)
    {
      _fb_store_check (source->store, rc, error);
      return NULL;
    }

  /* One entry for all the rows, unless a row function kept one. */
  if (rows->entry == NULL || g_atomic_int_get (&G_OBJECT (rows->entry)->ref_count) != 1)
    {
      g_clear_object (&rows->entry);
      rows->entry = _fb_store_entry_from_row (rows->stmt);
    }
  else
    _fb_store_entry_refill (rows->entry, rows->stmt);
  entry = rows->entry;

  rows->last.index = rows->index++;
  rows->last.occurred_at = entry->occurred_at;
  g_free (rows->last.hlc);
  rows->last.hlc = g_strdup (entry->hlc);
  g_free (rows->last.id);
  rows->last.id = g_strdup (entry->id);

  return source->make_row (&rows->maker, entry);
}

/**
 * fb_report_rows_get_place:
 *
 * Returns: (transfer full): the place of the row fb_report_rows_next()
 *   returned last, for fb_report_rows_open() to start there
 */
FbReportPlace *
fb_report_rows_get_place (FbReportRows *rows)
{
  g_return_val_if_fail (rows != NULL, NULL);

  return fb_report_place_copy (&rows->last);
}

void
fb_report_rows_free (FbReportRows *rows)
{
  if (rows == NULL)
    return;

  sqlite3_finalize (rows->stmt);
  g_clear_object (&rows->entry);
  g_clear_pointer (&rows->maker.zone, g_time_zone_unref);
  g_free (rows->last.hlc);
  g_free (rows->last.id);
  g_free (rows);
}

FbReportPlace *
fb_report_place_copy (const FbReportPlace *place)
{
  FbReportPlace *copy;

  g_return_val_if_fail (place != NULL, NULL);

  copy = g_new0 (FbReportPlace, 1);
  copy->index = place->index;
  copy->occurred_at = place->occurred_at;
  copy->hlc = g_strdup (place->hlc);
  copy->id = g_strdup (place->id);
  return copy;
}

void
fb_report_place_free (FbReportPlace *place)
{
  if (place == NULL)
    return;

  g_free (place->hlc);
  g_free (place->id);
  g_free (place);
}
