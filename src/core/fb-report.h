/* fb-report.h — the post-incident report, as a document any renderer can draw
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-store.h"

G_BEGIN_DECLS

typedef enum
{
  FB_BLOCK_TITLE,
  FB_BLOCK_HEADING,
  FB_BLOCK_PARAGRAPH,
  FB_BLOCK_TABLE,
} FbBlockType;

typedef enum
{
  FB_TICK_NONE,
  FB_TICK_EMPTY,      /* a box to tick by hand */
  FB_TICK_DONE,
  FB_TICK_SKIPPED,
} FbTick;

typedef struct
{
  char     *text;
  gboolean  struck;   /* a corrected entry: shown, but struck through */
  gboolean  quiet;    /* system text, shown smaller */
  gboolean  large;    /* read across a desk: phone numbers on paper */
  FbTick    tick;     /* drawn as a box before the text */
  char     *detail;   /* NULL, or smaller text under the text: a step's reason */
} FbCell;

/* Where a long table's rows come from while they are drawn: the record,
 * read with a cursor, so that a timeline of a million entries is never
 * held in memory whole. */
typedef struct _FbReportSource FbReportSource;

typedef struct
{
  FbBlockType     type;
  char           *text;     /* title, heading or paragraph */
  GPtrArray      *header;   /* tables: FbCell */
  GPtrArray      *rows;     /* tables: GPtrArray of FbCell */
  FbReportSource *source;   /* NULL, or the table's rows instead of @rows */
} FbBlock;

/* A table's rows in order, from @rows or read from its source as they
 * are asked for; and the place of a row, to start there again. */
typedef struct _FbReportRows FbReportRows;
typedef struct _FbReportPlace FbReportPlace;

/* What fb_report_new_async() makes. */
typedef enum
{
  FB_REPORT_INCIDENT,        /* fb_report_new_for_incident() */
  FB_REPORT_CHECKLISTS,      /* fb_report_new_checklists() */
  FB_REPORT_CONTACT_SHEET,   /* fb_report_new_contact_sheet() */
  FB_REPORT_TIMELINE,        /* fb_report_new_timeline() */
} FbReportKind;

typedef struct
{
  char      *title;
  GPtrArray *blocks;     /* FbBlock */
  char      *digest;
  gboolean   intact;
} FbReport;

FbReport *fb_report_new_for_incident (FbStore    *store,
                                      const char *incident,
                                      GError    **error);
void      fb_report_free             (FbReport   *report);

FbReport *fb_report_new_checklists  (FbStore    *store,
                                      const char *incident,
                                      GError    **error);
FbReport *fb_report_new_contact_sheet (FbStore   *store);
FbReport *fb_report_new_timeline     (FbStore    *store,
                                      const char *incident,
                                      GError    **error);
FbReport *fb_report_new_briefing     (FbStore    *store,
                                      const char *incident,
                                      const char *id,
                                      GError    **error);

void      fb_report_new_async        (FbStore             *store,
                                      FbReportKind         kind,
                                      const char          *incident,
                                      GCancellable        *cancellable,
                                      FbProgressFunc       progress,
                                      gpointer             progress_data,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
FbReport *fb_report_new_finish       (FbStore             *store,
                                      GAsyncResult        *result,
                                      GError             **error);

char     *fb_report_to_markdown      (const FbReport *report);
char     *fb_report_to_html          (const FbReport *report);

guint64        fb_report_table_count_rows (const FbBlock       *table);
FbReportRows  *fb_report_rows_open        (const FbBlock       *table,
                                           const FbReportPlace *from,
                                           GError             **error);
GPtrArray     *fb_report_rows_next        (FbReportRows        *rows,
                                           GError             **error);
FbReportPlace *fb_report_rows_get_place   (FbReportRows        *rows);
void           fb_report_rows_free        (FbReportRows        *rows);
FbReportPlace *fb_report_place_copy       (const FbReportPlace *place);
void           fb_report_place_free       (FbReportPlace       *place);

char     *fb_report_format_time      (gint64      ms);
char     *fb_report_format_duration  (gint64      ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbReport, fb_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbReportRows, fb_report_rows_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbReportPlace, fb_report_place_free)

G_END_DECLS
