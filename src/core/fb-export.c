/* fb-export.c — one incident out of the database
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON export is the incident's ops, exactly as stored, plus the links
 * of the same devices' other ops (number and hashes, no contents), so that
 * a store importing it can check every chain end to end without learning
 * anything about other incidents. Markdown and HTML are the report; CSV is
 * the timeline for a spreadsheet.
 *
 * Every format is written as it is read: rows come from the record through
 * a cursor and go to the output stream in chunks, so that an incident of a
 * million entries exports in the memory of a few. fb-import.c takes the
 * JSON back.
 */

#define G_LOG_DOMAIN "fb-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-describe.h"
#include "fb-export-private.h"
#include "fb-json-private.h"
#include "fb-export.h"
#include "fb-report-private.h"
#include "fb-sha256-private.h"
#include "fb-store-private.h"
#include "fb-store-witness-private.h"
#include "fb-task-private.h"

gboolean
fb_export_format_from_string (const char     *name,
                              FbExportFormat *format)
{
  static const struct { const char *name; FbExportFormat format; } names[] = {
    { "markdown", FB_EXPORT_MARKDOWN }, { "md", FB_EXPORT_MARKDOWN },
    { "html", FB_EXPORT_HTML },
    { "json", FB_EXPORT_JSON },
    { "csv", FB_EXPORT_CSV },
  };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (name, names[i].name) == 0)
        {
          *format = names[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
fb_export_format_extension (FbExportFormat format)
{
  switch (format)
    {
    case FB_EXPORT_MARKDOWN: return "md";
    case FB_EXPORT_HTML: return "html";
    case FB_EXPORT_JSON: return "json";
    case FB_EXPORT_CSV: return "csv";
    default: g_return_val_if_reached (NULL);
    }
}

/* JSON ------------------------------------------------------------------------ */

/* The export is written as json-glib would pretty-print it whole, a piece
 * at a time: each op is printed alone and indented to its place in the
 * "ops" array, so that the file is the same, byte for byte, as if the
 * whole tree had been built. */
static void
append_json_element (GString  *out,
                     JsonNode *node,
                     gboolean  first)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_string_append (out, first ? "\n    " : ",\n    ");
  /* Strings escape their line breaks: every newline is the printer's. */
  _fb_append_lines (out, text, "\n    ");
}

/* Ends an array of elements begun with "[". */
static void
end_json_array (GString *out,
                gboolean empty)
{
  g_string_append (out, empty ? "]" : "\n  ]");
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, TRUE);
}

/* What the ops of one device in the incident were: the links the file
 * needs come from their gaps. */
typedef struct
{
  gint64 n;
  gint64 max;
} DeviceRun;

/* What the pass over the ops learns on the way. */
typedef struct
{
  GHashTable *devices;     /* device → DeviceRun, in the order the ops name them */
  char       *device;      /* the last op's, and its run: ops come in long */
  DeviceRun  *run;         /* runs from one device */
  FbSha256    digest;      /* of their hashes, while they come in chains' order */
  gboolean    in_order;
  gint64      last_seq;
} OpsSeen;

static void
see_op (OpsSeen      *seen,
        sqlite3_stmt *stmt)
{
  const char *device = _fb_column_text (stmt, 1);
  gint64 device_seq = sqlite3_column_int64 (stmt, 2);
  DeviceRun *run = seen->run;

  if (run == NULL || !g_str_equal (device, seen->device))
    {
      run = g_hash_table_lookup (seen->devices, device);
      if (run == NULL)
        {
          run = g_new0 (DeviceRun, 1);
          g_hash_table_insert (seen->devices, g_strdup (device), run);
          /* The digest runs device by device: with a second one, the
           * query takes the order instead. */
          seen->in_order = g_hash_table_size (seen->devices) == 1;
        }
      g_free (seen->device);
      seen->device = g_strdup (device);
      seen->run = run;
    }
  run->n++;
  run->max = MAX (run->max, device_seq);

  seen->in_order = seen->in_order && device_seq > seen->last_seq;
  seen->last_seq = device_seq;
  if (seen->in_order)
    _fb_sha256_update (&seen->digest, sqlite3_column_text (stmt, 4), (gsize) sqlite3_column_bytes (stmt, 4));
}

static gboolean
write_json_ops (FbStore     *store,
                const char  *incident,
                FbWriter    *writer,
                FbProgress  *progress,
                OpsSeen     *seen,
                GError     **error)
{
  sqlite3_stmt *stmt = _fb_store_stmt (store, "SELECT max(seq) FROM ops");
  guint64 last = 0, done = 0;
  int rc;

  /* The ops come in the order of the log: how far along it they are is
   * the progress, without counting them first. */
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  rc = sqlite3_prepare_v2 (store->sql.db,
                           "SELECT " FB_OP_COLUMNS ", o.seq FROM ops o WHERE o.incident = ? ORDER BY o.seq",
                           -1, &stmt, NULL);
  if (!_fb_store_check (store, rc, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);

  g_string_append (writer->out, ",\n  \"ops\" : [");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!_fb_export_append_op (writer->out, stmt, done == 0))
        {
          g_autoptr(JsonNode) node = NULL;
          FbOp *op = _fb_store_op_from_row (stmt, 0, error);

          if (op == NULL)
            break;
          node = fb_op_to_json_node (op);
          fb_op_free (op);
          append_json_element (writer->out, node, done == 0);
        }
      see_op (seen, stmt);
      done++;

      if (!fb_progress_report (progress, (guint64) sqlite3_column_int64 (stmt, 11), last, error) ||
          !_fb_writer_spill (writer, FALSE, error))
        break;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && !_fb_store_check (store, rc, error))
    return FALSE;
  if (rc == SQLITE_ROW)
    return FALSE;

  end_json_array (writer->out, done == 0);
  return TRUE;
}

/* The links of the incident's devices: every other op of theirs, and every
 * link the store holds for them, up to the incident's last op from each,
 * in the order of devices as the incident's ops first name them. A device
 * whose every number up to its last is the incident's has none. */
static gboolean
write_json_links (FbStore     *store,
                  const char  *incident,
                  FbWriter    *writer,
                  OpsSeen     *seen,
                  GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean empty = TRUE;
  sqlite3_stmt *stmt;
  int rc;

  g_string_append (writer->out, ",\n  \"links\" : [");
  g_hash_table_iter_init (&iter, seen->devices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const DeviceRun *run = value;

      if (run->n == run->max)
        continue;

      stmt = _fb_store_stmt (store,
                             "SELECT device_seq, prev, hash FROM ops"
                             " WHERE device = ?1 AND device_seq <= ?2 AND incident IS NOT ?3"
                             " UNION SELECT device_seq, prev, hash FROM links l"
                             " WHERE device = ?1 AND device_seq <= ?2 AND NOT EXISTS"
                             " (SELECT 1 FROM ops h WHERE h.device = ?1 AND h.device_seq = l.device_seq"
                             "  AND h.incident = ?3)"
                             " ORDER BY 1");
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, run->max);
      sqlite3_bind_text (stmt, 3, incident, -1, SQLITE_STATIC);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          JsonObject *link = json_object_new ();

          json_object_set_string_member (link, "device", key);
          json_object_set_int_member (link, "device_seq", sqlite3_column_int64 (stmt, 0));
          json_object_set_string_member (link, "prev", _fb_column_text (stmt, 1));
          json_object_set_string_member (link, "hash", _fb_column_text (stmt, 2));
          json_node_take_object (node, link);
          append_json_element (writer->out, node, empty);
          empty = FALSE;
          if (!_fb_writer_spill (writer, FALSE, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
        }
      sqlite3_reset (stmt);

      if (!_fb_store_check (store, rc, error))
        return FALSE;
    }

  end_json_array (writer->out, empty);
  return TRUE;
}

/* The digest of the incident's changes that fb_store_verify() gives (the
 * SHA-256 of their hashes, device by device, each in its chain's order),
 * taken here from the hashes alone: the file carries it for a reader to
 * compare with their own check, and the check itself (a replay of the
 * whole record) would take many times the export. The pass over the ops
 * takes it on the way when they come from one device, in order; else
 * this. test-export holds both to the check's digest. */
static char *
digest_changes (FbStore     *store,
                const char  *incident,
                GError     **error)
{
  sqlite3_stmt *stmt = _fb_store_stmt (store, "SELECT hash FROM ops WHERE incident = ? ORDER BY device, device_seq");
  FbSha256 digest;
  char hex[65];
  int rc;

  _fb_sha256_init (&digest);
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _fb_sha256_update (&digest, sqlite3_column_text (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);

  if (!_fb_store_check (store, rc, error))
    return NULL;

  _fb_sha256_finish_hex (&digest, hex);
  return g_strdup (hex);
}

static gboolean
write_json (FbStore     *store,
            const char  *incident,
            FbWriter    *writer,
            FbProgress  *progress,
            GError     **error)
{
  g_autoptr(FbRecordState) state = NULL;
  g_autoptr(JsonObject) head = json_object_new ();
  g_autoptr(JsonObject) tail = json_object_new ();
  g_autofree char *head_text = NULL;
  g_autofree char *tail_text = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(GHashTable) devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  OpsSeen seen = { devices, NULL, NULL, { { 0 } }, TRUE, 0 };
  gboolean ok;

  json_object_set_string_member (head, "format", FB_EXPORT_FORMAT_NAME);
  json_object_set_int_member (head, "version", FB_EXPORT_VERSION);
  json_object_set_string_member (head, "incident", incident);
  json_object_set_int_member (head, "exported_at", fb_store_now_ms (store));
  json_object_set_string_member (head, "exported_by", fb_store_get_author (store));
  head_text = object_to_string (head);
  /* Without its closing "\n}": the ops and links follow. */
  g_string_append_len (writer->out, head_text, (gssize) strlen (head_text) - 2);

  _fb_sha256_init (&seen.digest);
  fb_progress_stage (progress, 0.0, 0.95);
  ok = write_json_ops (store, incident, writer, progress, &seen, error) &&
       write_json_links (store, incident, writer, &seen, error);
  g_free (seen.device);
  if (!ok)
    return FALSE;

  if (seen.in_order)
    {
      char hex[65];

      _fb_sha256_finish_hex (&seen.digest, hex);
      digest = g_strdup (hex);
    }
  else
    digest = digest_changes (store, incident, error);
  if (digest == NULL)
    return FALSE;
  json_object_set_string_member (tail, "digest", digest);

  /* The whole record's state, which the importer keeps as received and
   * this record as issued. */
  state = fb_store_get_state (store, error);
  if (state == NULL)
    return FALSE;
  _fb_store_issue_state (store, state, FB_SEEN_EXPORT);
  json_object_set_member (tail, "state", fb_record_state_to_json_node (state));
  tail_text = object_to_string (tail);
  /* Without its opening "{": the members go on the root's. */
  g_string_append_c (writer->out, ',');
  g_string_append (writer->out, tail_text + 1);

  return _fb_writer_spill (writer, TRUE, error);
}

/* CSV ------------------------------------------------------------------------ */

/* RFC 4180, with two habits of spreadsheet programs in mind: a byte order
 * mark so that they read UTF-8 (Japanese text) as UTF-8, and a leading
 * apostrophe on cells that would otherwise run as formulas. */
static void
append_csv_field (GString    *out,
                  const char *text,
                  gboolean    last)
{
  gboolean formula = text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@';
  gboolean quote = formula || strpbrk (text, ",\"\r\n") != NULL;

  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');

  /* Each quote doubled; the text between them appended whole. */
  for (const char *p = text, *q; *p != '\0'; p = q + 1)
    {
      q = strchr (p, '"');
      if (q == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, q - p + 1);
      g_string_append_c (out, '"');
    }

  if (quote)
    g_string_append_c (out, '"');

  g_string_append (out, last ? "\r\n" : ",");
}

static void
append_csv_row (GString          *out,
                FbReportRowMaker *maker,
                FbEntry          *entry)
{
  g_autofree char *occurred = _fb_report_maker_format_time (maker, fb_entry_get_occurred_at (entry));
  g_autofree char *recorded = _fb_report_maker_format_time (maker, fb_entry_get_recorded_at (entry));
  g_autofree char *text = fb_describe_entry (entry, maker->store);
  const char *amends = fb_entry_get_amends (entry);
  const char *amended_by = fb_entry_get_amended_by (entry);

  append_csv_field (out, occurred, FALSE);
  append_csv_field (out, recorded, FALSE);
  append_csv_field (out, fb_entry_kind_to_string (fb_entry_get_kind (entry)), FALSE);
  append_csv_field (out, fb_entry_get_author (entry), FALSE);
  append_csv_field (out, text, FALSE);
  append_csv_field (out, fb_entry_get_pinned (entry) ? "yes" : "no", FALSE);
  append_csv_field (out, amends != NULL ? amends : "", FALSE);
  append_csv_field (out, amended_by != NULL ? amended_by : "", FALSE);
  append_csv_field (out, fb_entry_get_id (entry), TRUE);
}

static gboolean
write_csv (FbStore     *store,
           const char  *incident,
           FbWriter    *writer,
           FbProgress  *progress,
           GError     **error)
{
  guint64 total = fb_store_count_entries (store, incident);
  guint64 done = 0;
  sqlite3_stmt *stmt = _fb_store_open_entries (store, incident, FB_ENTRY_KINDS_ALL, FALSE, 0, NULL, NULL, error);
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(FbEntry) entry = NULL;
  FbReportRowMaker maker = { store, NULL, { G_MININT64, G_MININT64 }, { "", "" }, 0, { NULL }, { NULL } };
  int rc;

  if (stmt == NULL)
    return FALSE;
  maker.zone = zone = _fb_report_ref_local_zone ();

  /* The column names stay English: scripts read them. */
  g_string_append (writer->out, "\xef\xbb\xbf" "occurred_at,recorded_at,kind,author,text,pinned,amends,amended_by,id\r\n");

  fb_progress_stage (progress, 0.0, 0.95);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* One entry for all the rows. */
      if (entry == NULL)
        entry = _fb_store_entry_from_row (stmt);
      else
        _fb_store_entry_refill (entry, stmt);

      append_csv_row (writer->out, &maker, entry);
      if (!fb_progress_report (progress, ++done, total, error) ||
          !_fb_writer_spill (writer, FALSE, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);

  return _fb_store_check (store, rc, error) && _fb_writer_spill (writer, TRUE, error);
}

/* The report drawn from the record: the check of the record (about half
 * the time), the report's shorter parts, then its pages, the timeline and
 * the other long tables read as they are written. */
static gboolean
write_report (FbStore     *store,
              const char  *incident,
              gboolean     html,
              FbWriter    *writer,
              FbProgress  *progress,
              GError     **error)
{
  g_autoptr(FbReport) report = NULL;

  fb_progress_stage (progress, 0.0, 0.45);
  report = _fb_report_new_for_incident_full (store, incident, progress, error);
  if (report == NULL)
    return FALSE;

  fb_progress_stage (progress, 0.5, 0.95);
  return html ? _fb_report_write_html (report, writer, progress, error)
              : _fb_report_write_markdown (report, writer, progress, error);
}

static gboolean
export_incident (FbStore        *store,
                 const char     *incident,
                 FbExportFormat  format,
                 GOutputStream  *stream,
                 FbProgress     *progress,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(FbIncident) subject = NULL;
  FbWriter writer;
  gboolean done;

  subject = fb_store_get_incident (store, incident);
  if (subject == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no incident “%s” in this database"), incident);
      return FALSE;
    }

  _fb_writer_init (&writer, stream, cancellable);
  switch (format)
    {
    case FB_EXPORT_JSON:
      done = write_json (store, incident, &writer, progress, error);
      break;

    case FB_EXPORT_CSV:
      done = write_csv (store, incident, &writer, progress, error);
      break;

    case FB_EXPORT_MARKDOWN:
    case FB_EXPORT_HTML:
      done = write_report (store, incident, format == FB_EXPORT_HTML, &writer, progress, error);
      break;

    default:
      g_assert_not_reached ();
    }
  _fb_writer_clear (&writer);

  return done;
}

/**
 * fb_export_incident_to_stream:
 * @stream: where the export goes, written in chunks as it is made
 * @cancellable: (nullable): stops the export; what was written stays
 *
 * Exports as fb_export_incident() does, without holding the document in
 * memory: for a long incident, and for a file or a pipe.
 */
gboolean
fb_export_incident_to_stream (FbStore         *store,
                              const char      *incident,
                              FbExportFormat   format,
                              GOutputStream   *stream,
                              GCancellable    *cancellable,
                              GError         **error)
{
  g_autoptr(FbProgress) progress = NULL;

  g_return_val_if_fail (FB_IS_STORE (store), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (format <= FB_EXPORT_CSV, FALSE);

  progress = fb_progress_new (cancellable, NULL, NULL);
  return export_incident (store, incident, format, stream, progress, cancellable, error);
}

/**
 * fb_export_incident:
 *
 * Returns: (transfer full): the incident in the chosen format
 */
GBytes *
fb_export_incident (FbStore        *store,
                    const char     *incident,
                    FbExportFormat  format,
                    GError        **error)
{
  g_autoptr(GOutputStream) stream = NULL;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  stream = g_memory_output_stream_new_resizable ();
  if (!export_incident (store, incident, format, stream, NULL, NULL, error) ||
      !g_output_stream_close (stream, NULL, error))
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FbReadJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = _fb_read_job_open (job, &error);
  g_autoptr(GOutputStream) stream = NULL;
  gboolean written = FALSE;

  if (store != NULL)
    stream = fb_progress_replace_file (job->progress, job->file, &error);
  if (stream != NULL)
    written = export_incident (store, job->incident, (FbExportFormat) job->kind, stream, job->progress,
                               cancellable, &error);

  if (stream == NULL || !fb_progress_close_file (job->progress, job->file, stream, written, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * fb_export_incident_async:
 * @file: where to write the export; replaced only once all of it is made
 * @progress: (nullable): told in the calling thread's main context as the
 *   export goes on, 1.0 last, before @callback; never once @cancellable is
 *   cancelled. @progress_data must live until @callback.
 *
 * Exports as fb_export_incident() does, in a thread, on a connection to
 * @store's file of its own, and writes @file as the export is made, in
 * chunks: memory stays the same however long the incident. A cancelled or
 * failed export leaves @file as it was. Finish with
 * fb_export_incident_finish().
 */
void
fb_export_incident_async (FbStore             *store,
                          const char          *incident,
                          FbExportFormat       format,
                          GFile               *file,
                          GCancellable        *cancellable,
                          FbProgressFunc       progress,
                          gpointer             progress_data,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FbReadJob *job;

  g_return_if_fail (FB_IS_STORE (store));
  g_return_if_fail (incident != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = _fb_read_job_new (store, incident, cancellable, progress, progress_data,
                           fb_export_incident_async, callback, user_data);
  job = g_task_get_task_data (task);
  job->kind = format;
  job->file = g_object_ref (file);
  /* The thread decides: a file written whole is a success, even if the
   * cancel came while it was being written. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, export_thread);
}

gboolean
fb_export_incident_finish (FbStore       *store,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, fb_export_incident_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
