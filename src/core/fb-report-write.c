/* fb-report-write.c — a document written out in chunks as it is made
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renderers append small pieces of text to a GString, which is cheap; the
 * writer hands the string to the output stream whenever it holds a chunk,
 * so that an export of a million entries needs the memory of one chunk,
 * not of the whole file, and the stream sees few, large writes.
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include <string.h>

#include "fb-report-private.h"

void
_fb_writer_init (FbWriter      *writer,
                 GOutputStream *stream,
                 GCancellable  *cancellable)
{
  writer->out = g_string_sized_new (stream != NULL ? FB_WRITER_CHUNK + FB_WRITER_CHUNK / 4 : 1024);
  writer->stream = stream;
  writer->cancellable = cancellable;
}

/* Writes what is held once it makes a chunk, or all of it with @all.
 * Without a stream, it keeps everything. */
gboolean
_fb_writer_spill (FbWriter  *writer,
                  gboolean   all,
                  GError   **error)
{
  if (writer->stream == NULL || writer->out->len == 0 || (!all && writer->out->len < FB_WRITER_CHUNK))
    return TRUE;

  if (!g_output_stream_write_all (writer->stream, writer->out->str, writer->out->len, NULL,
                                  writer->cancellable, error))
    return FALSE;

  g_string_truncate (writer->out, 0);
  return TRUE;
}

/* The length of the start of @text holding no byte marked in @special:
 * strcspn() with a table, which stays fast for sets of more than 16
 * bytes. */
gsize
_fb_span_plain (const char   *text,
                const guint8  special[256])
{
  const guchar *p = (const guchar *) text;

  while (*p != '\0' && !special[*p])
    p++;

  return (gsize) (p - (const guchar *) text);
}

/* Appends @text with each line break written as @newline. */
void
_fb_append_lines (GString    *out,
                  const char *text,
                  const char *newline)
{
  for (const char *p = text, *q; ; p = q + 1)
    {
      q = strchr (p, '\n');
      if (q == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, q - p);
      g_string_append (out, newline);
    }
}

void
_fb_writer_clear (FbWriter *writer)
{
  if (writer->out != NULL)
    g_string_free (writer->out, TRUE);
  writer->out = NULL;
}

/* Each row of @table through @write_row, spilling as the text grows; a
 * table read from the record is the long part of a document, and each of
 * its rows is a step of @progress, which may stop the work. */
gboolean
_fb_report_write_rows (const FbBlock    *table,
                       FbWriter         *writer,
                       FbProgress       *progress,
                       FbRowWriteFunc    write_row,
                       GError          **error)
{
  g_autoptr(FbReportRows) rows = fb_report_rows_open (table, NULL, error);
  guint64 total = fb_report_table_count_rows (table);
  guint64 done = 0;
  GError *local_error = NULL;
  GPtrArray *row;

  if (rows == NULL)
    return FALSE;

  while ((row = fb_report_rows_next (rows, &local_error)) != NULL)
    {
      write_row (writer->out, row);
      g_ptr_array_unref (row);

      if ((table->source != NULL && !fb_progress_report (progress, ++done, total, error)) ||
          !_fb_writer_spill (writer, FALSE, error))
        return FALSE;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* The whole document in memory, for callers that want it as a string:
 * %NULL, with a warning, only when a table's source could not be read. */
char *
_fb_report_render (const FbReport    *report,
                   FbReportWriteFunc  write)
{
  g_autoptr(GError) error = NULL;
  FbWriter writer;

  _fb_writer_init (&writer, NULL, NULL);
  if (!write (report, &writer, NULL, &error))
    {
      g_warning ("Cannot draw the report: %s", error->message);
      _fb_writer_clear (&writer);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&writer.out), FALSE);
}
