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

typedef struct
{
  char     *text;
  gboolean  struck;   /* a corrected entry: shown, but struck through */
  gboolean  quiet;    /* system text, shown smaller */
} FbCell;

typedef struct
{
  FbBlockType  type;
  char        *text;     /* title, heading or paragraph */
  GPtrArray   *header;   /* tables: FbCell */
  GPtrArray   *rows;     /* tables: GPtrArray of FbCell */
} FbBlock;

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

char     *fb_report_to_markdown      (const FbReport *report);
char     *fb_report_to_html          (const FbReport *report);

char     *fb_report_format_time      (gint64      ms);
char     *fb_report_format_duration  (gint64      ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbReport, fb_report_free)

G_END_DECLS
