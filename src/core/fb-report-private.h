/* fb-report-private.h — what the report's model and renderers share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-report.h"
#include "fb-task-private.h"

G_BEGIN_DECLS

/* fb-report-write.c: text made in pieces and written out in chunks of
 * FB_WRITER_CHUNK bytes, so that a long document is never whole in
 * memory. Without a stream, everything stays in @out. */
#define FB_WRITER_CHUNK (64 * 1024)

typedef struct
{
  GString       *out;
  GOutputStream *stream;
  GCancellable  *cancellable;
} FbWriter;

void        _fb_writer_init                  (FbWriter       *writer,
                                              GOutputStream  *stream,
                                              GCancellable   *cancellable);
gboolean    _fb_writer_spill                 (FbWriter       *writer,
                                              gboolean        all,
                                              GError        **error);
void        _fb_writer_clear                 (FbWriter       *writer);
gsize       _fb_span_plain                   (const char     *text,
                                              const guint8    special[256]);
void        _fb_append_lines                 (GString        *out,
                                              const char     *text,
                                              const char     *newline);

typedef void (*FbRowWriteFunc) (GString   *out,
                                GPtrArray *row);

gboolean    _fb_report_write_rows            (const FbBlock  *table,
                                              FbWriter       *writer,
                                              FbProgress     *progress,
                                              FbRowWriteFunc  write_row,
                                              GError        **error);

/* fb-report-html.c, fb-report-markdown.c: the report drawn into @writer,
 * each row read from a source a step of @progress. */
gboolean    _fb_report_write_html            (const FbReport *report,
                                              FbWriter       *writer,
                                              FbProgress     *progress,
                                              GError        **error);
gboolean    _fb_report_write_markdown        (const FbReport *report,
                                              FbWriter       *writer,
                                              FbProgress     *progress,
                                              GError        **error);

typedef gboolean (*FbReportWriteFunc) (const FbReport *report,
                                       FbWriter       *writer,
                                       FbProgress     *progress,
                                       GError        **error);

char       *_fb_report_render                (const FbReport    *report,
                                              FbReportWriteFunc  write);

/* fb-report.c: a time as fb_report_format_time() writes it, in a zone
 * looked up once for many. */
#define FB_REPORT_TIME_SIZE 48

GTimeZone  *_fb_report_ref_local_zone        (void);
gsize       _fb_report_format_time_in        (GTimeZone      *zone,
                                              gint64          ms,
                                              char            text[FB_REPORT_TIME_SIZE]);

/* fb-report-rows.c: tables of entries read from the record as they are
 * drawn, a row made of each entry by an FbReportRowFunc, which is handed
 * what stays the same from row to row. */
typedef struct
{
  FbStore    *store;
  GTimeZone  *zone;
  gint64      seconds[2];                 /* of the last two times formatted */
  char        times[2][FB_REPORT_TIME_SIZE];  /* and their text */
  guint       older;
  const char *words[8];                   /* translations, looked up once */
  const char *labels[FB_N_ENTRY_KINDS];   /* the kinds', likewise */
} FbReportRowMaker;

typedef GPtrArray *(*FbReportRowFunc) (FbReportRowMaker *maker,
                                       FbEntry          *entry);

char       *_fb_report_maker_format_time     (FbReportRowMaker *maker,
                                              gint64            ms);

FbReportSource *_fb_report_source_new        (FbStore              *store,
                                              const char           *incident,
                                              guint                 kinds,
                                              FbReportRowFunc       make_row);
gboolean    _fb_report_source_is_empty       (const FbReportSource *source);
void        _fb_report_source_free           (FbReportSource       *source);

/* fb-report.c: cells and rows, for tables built elsewhere. */
FbCell     *_fb_report_cell_new              (const char     *text);
void        _fb_report_cell_free             (FbCell         *cell);
GPtrArray  *_fb_report_row_new               (void);
FbCell     *_fb_report_add_cell              (GPtrArray      *row,
                                              const char     *text);
FbCell     *_fb_report_add_cell_take         (GPtrArray      *row,
                                              char           *text);

/* fb-report-entries.c: the sections made of timeline entries. */
void        _fb_report_add_decisions         (FbReport       *report,
                                              FbStore        *store,
                                              const char     *incident);
void        _fb_report_add_command_history   (FbReport       *report,
                                              FbStore        *store,
                                              const char     *incident);
void        _fb_report_add_escalations       (FbReport       *report,
                                              FbStore        *store,
                                              const char     *incident);
void        _fb_report_add_timeline          (FbReport       *report,
                                              FbStore        *store,
                                              const char     *incident);

/* The mark drawn before a cell with a box to tick; "" for none. */
const char *_fb_report_tick_mark             (const FbCell *cell);

/* fb_report_new_for_incident(), with progress and cancellation. */
FbReport   *_fb_report_new_for_incident_full (FbStore      *store,
                                              const char   *incident,
                                              FbProgress   *progress,
                                              GError      **error);

/* fb_report_new_timeline(), with progress and cancellation. */
FbReport   *_fb_report_new_timeline_full     (FbStore      *store,
                                              const char   *incident,
                                              FbProgress   *progress,
                                              GError      **error);

/* fb-report.c: pieces for documents built elsewhere. */
FbReport   *_fb_report_new                   (const char         *title);
void        _fb_report_add_text              (FbReport           *report,
                                              FbBlockType         type,
                                              const char         *text);
FbBlock    *_fb_report_add_table             (FbReport           *report,
                                              const char * const *columns);
void        _fb_report_add_row               (FbBlock            *table,
                                              const char * const *cells);

/* fb-report-state.c: whether the record holds, and its state. */
void        _fb_report_add_integrity         (FbReport       *report,
                                              FbVerification *verification);
gboolean    _fb_report_add_state             (FbReport       *report,
                                              FbStore        *store,
                                              GError        **error);

/* fb-report-deadlines.c: the key times' deadlines. */
GPtrArray  *_fb_report_deadline_rows         (FbStore      *store,
                                              FbIncident   *incident);
char       *_fb_report_deadline_rules        (FbIncident   *incident);

/* fb-report.c: forms for the report's other files. */
FbBlock    *_fb_report_add_form              (FbReport     *report,
                                              const char   *label,
                                              const char   *entry);
FbCell     *_fb_report_add_form_row          (FbBlock      *form,
                                              const char   *label,
                                              const char   *entry);

/* fb-report-briefing.c: a section for each operational period. */
void        _fb_report_add_periods           (FbReport     *report,
                                              FbStore      *store,
                                              const char   *incident);

G_END_DECLS
