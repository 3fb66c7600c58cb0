/* fb-report-html.c — the report drawn as one self-contained HTML page
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include "fb-playbook.h"
#include "fb-report-private.h"

/* What g_markup_escape_text() may change: the five characters markup
 * reads, control characters, and the lead byte of C1 controls; text
 * without any (most of a timeline) is appended as it is. */
static const guint8 html_special[256] = {
  [0x01 ... 0x1f] = 1, [0x7f] = 1, [0xc2] = 1,
  ['&'] = 1, ['<'] = 1, ['>'] = 1, ['\''] = 1, ['"'] = 1,
};

static void
append_html_text (GString    *out,
                  const char *text)
{
  g_autofree char *escaped = NULL;

  if (text[_fb_span_plain (text, html_special)] == '\0')
    {
      g_string_append (out, text);
      return;
    }

  escaped = g_markup_escape_text (text, -1);
  _fb_append_lines (out, escaped, "<br>");
}

static const char html_style[] =
  "body{font-family:Cantarell,'Noto Sans','Noto Sans CJK JP',sans-serif;max-width:60em;margin:2em auto;"
  "padding:0 1em;color:#241f31;line-height:1.45}"
  "h1{font-size:1.7em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #deddda}"
  "table{border-collapse:collapse;width:100%;margin:.5em 0 1em;font-size:.92em}"
  "th,td{border:1px solid #deddda;padding:.3em .5em;text-align:left;vertical-align:top}"
  "th{background:#f6f5f4}td.quiet,small.quiet{color:#5e5c64;font-size:.9em}td.large{font-size:1.4em;font-weight:bold}del{color:#77767b}"
  "code{font-family:monospace;word-break:break-all}"
  "@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}";

static void
write_html_row (GString   *out,
                GPtrArray *row)
{
  g_string_append (out, "<tr>");
  for (guint c = 0; c < row->len; c++)
    {
      const FbCell *cell = row->pdata[c];

      g_string_append (out, cell->quiet ? "<td class=\"quiet\">" : cell->large ? "<td class=\"large\">" : "<td>");
      g_string_append (out, _fb_report_tick_mark (cell));
      if (cell->struck)
        g_string_append (out, "<del>");
      append_html_text (out, cell->text);
      if (cell->struck)
        g_string_append (out, "</del>");
      if (cell->detail != NULL)
        {
          g_string_append (out, "<br><small class=\"quiet\">");
          append_html_text (out, cell->detail);
          g_string_append (out, "</small>");
        }
      g_string_append (out, "</td>");
    }
  g_string_append (out, "</tr>\n");
}

gboolean
_fb_report_write_html (const FbReport *report,
                       FbWriter       *writer,
                       FbProgress     *progress,
                       GError        **error)
{
  GString *out = writer->out;
  g_autofree char *title = g_markup_escape_text (report->title, -1);

  /* Everything the page needs is in this one file: it is evidence, and
   * must read the same offline, years later. */
  g_string_append_printf (out,
                          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
                          fb_playbook_get_current_language (), title, html_style);

  for (guint i = 0; i < report->blocks->len; i++)
    {
      const FbBlock *block = report->blocks->pdata[i];

      switch (block->type)
        {
        case FB_BLOCK_TITLE:
          g_string_append (out, "<h1>");
          append_html_text (out, block->text);
          g_string_append (out, "</h1>\n");
          break;

        case FB_BLOCK_HEADING:
          g_string_append (out, "<h2>");
          append_html_text (out, block->text);
          g_string_append (out, "</h2>\n");
          break;

        case FB_BLOCK_PARAGRAPH:
          g_string_append (out, "<p>");
          append_html_text (out, block->text);
          g_string_append (out, "</p>\n");
          break;

        case FB_BLOCK_TABLE:
          g_string_append (out, "<table>\n<tr>");
          for (guint c = 0; c < block->header->len; c++)
            {
              g_string_append (out, "<th>");
              append_html_text (out, ((FbCell *) block->header->pdata[c])->text);
              g_string_append (out, "</th>");
            }
          g_string_append (out, "</tr>\n");
          if (!_fb_report_write_rows (block, writer, progress, write_html_row, error))
            return FALSE;
          g_string_append (out, "</table>\n");
          break;

        default:
          g_assert_not_reached ();
        }
    }

  g_string_append (out, "</body>\n</html>\n");
  return _fb_writer_spill (writer, TRUE, error);
}

/**
 * fb_report_to_html:
 *
 * Returns: (transfer full) (nullable): the report as one HTML page;
 *   %NULL only when a table read from the record could not be read
 */
char *
fb_report_to_html (const FbReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  return _fb_report_render (report, _fb_report_write_html);
}
