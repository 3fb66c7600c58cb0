/* fb-report-markdown.c — the report drawn as Markdown
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include "fb-report-private.h"

/* The characters Markdown reads in a cell. */
static const guint8 markdown_special[256] = {
  ['|'] = 1, ['\n'] = 1, ['\\'] = 1, ['*'] = 1, ['_'] = 1, ['`'] = 1, ['~'] = 1,
  ['['] = 1, [']'] = 1, ['<'] = 1, ['>'] = 1, ['#'] = 1,
};

static void
append_markdown_text (GString    *out,
                      const char *text)
{
  /* The text between characters Markdown reads is appended whole. */
  for (const char *p = text; *p != '\0'; p++)
    {
      gsize plain = _fb_span_plain (p, markdown_special);

      g_string_append_len (out, p, plain);
      p += plain;
      if (*p == '\0')
        break;

      if (*p == '|')
        g_string_append (out, "\\|");
      else if (*p == '\n')
        g_string_append (out, "<br>");
      else
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
    }
}

static void
append_markdown_cell (GString      *out,
                      const FbCell *cell)
{
  g_string_append (out, _fb_report_tick_mark (cell));
  if (cell->struck && cell->text[0] != '\0')
    g_string_append (out, "~~");

  append_markdown_text (out, cell->text);

  if (cell->struck && cell->text[0] != '\0')
    g_string_append (out, "~~");

  if (cell->detail != NULL)
    {
      g_string_append (out, "<br><small>");
      append_markdown_text (out, cell->detail);
      g_string_append (out, "</small>");
    }
}

static void
write_markdown_row (GString   *out,
                    GPtrArray *row)
{
  g_string_append (out, "|");
  for (guint c = 0; c < row->len; c++)
    {
      g_string_append_c (out, ' ');
      append_markdown_cell (out, row->pdata[c]);
      g_string_append (out, " |");
    }
  g_string_append_c (out, '\n');
}

gboolean
_fb_report_write_markdown (const FbReport *report,
                           FbWriter       *writer,
                           FbProgress     *progress,
                           GError        **error)
{
  GString *out = writer->out;

  for (guint i = 0; i < report->blocks->len; i++)
    {
      const FbBlock *block = report->blocks->pdata[i];

      switch (block->type)
        {
        case FB_BLOCK_TITLE:
          g_string_append_printf (out, "# %s\n\n", block->text);
          break;

        case FB_BLOCK_HEADING:
          g_string_append_printf (out, "## %s\n\n", block->text);
          break;

        case FB_BLOCK_PARAGRAPH:
          {
            FbCell cell = { block->text, FALSE, FALSE };
            append_markdown_cell (out, &cell);
            g_string_append (out, "\n\n");
          }
          break;

        case FB_BLOCK_TABLE:
          write_markdown_row (out, block->header);
          g_string_append (out, "|");
          for (guint c = 0; c < block->header->len; c++)
            g_string_append (out, " --- |");
          g_string_append_c (out, '\n');
          if (!_fb_report_write_rows (block, writer, progress, write_markdown_row, error))
            return FALSE;
          g_string_append_c (out, '\n');
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return _fb_writer_spill (writer, TRUE, error);
}

/**
 * fb_report_to_markdown:
 *
 * Returns: (transfer full) (nullable): the report in Markdown; %NULL
 *   only when a table read from the record could not be read
 */
char *
fb_report_to_markdown (const FbReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  return _fb_report_render (report, _fb_report_write_markdown);
}
