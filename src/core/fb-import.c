/* fb-import.c — an incident exported as JSON, back into a store
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An export may hold a million ops and more than memory allows to hold,
 * so the file is read twice, a chunk at a time (fb-import-stream.c). The
 * first pass checks what a check of the whole text always did (UTF-8,
 * strict JSON, no deeper than the limit) and keeps the root's small
 * members: a file that is not an export, or not whole, is refused before
 * the store is touched, and the ops are counted for what errors and
 * progress say. The second reads each op, checks its hash and that it
 * belongs to the incident, places it in its device's chain
 * (fb-import-chains.c) and applies it through the store's one door, in
 * batches inside one transaction that is kept only when every op, link
 * and chain of the file is checked: a file that fails anywhere, to its
 * last byte, or an import cancelled on the way, leaves the store as it
 * was. The reading of the first pass costs a small part of the applying
 * of the second, and keeps the write lock off a file that is refused.
 */

#define G_LOG_DOMAIN "fb-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-import-private.h"
#include "fb-json-private.h"
#include "fb-op-scan-private.h"
#include "fb-store-private.h"
#include "fb-store-witness-private.h"
#include "fb-task-private.h"

/* Ops applied at a time: their bodies are what the import holds. */
#define BATCH 1000

/* The most members the root may have: an export has eight. */
#define MAX_MEMBERS 4096

/* The root's members the import reads; the others are only checked. */
static const char * const kept_members[] = { "format", "version", "incident", "ops", "links", "state", NULL };

static gsize chunk_size;

void
_fb_import_set_chunk_size (gsize bytes)
{
  chunk_size = bytes;
}

static gboolean
refuse (GError    **error,
        const char *why)
{
  g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
               _("This file cannot be imported: %s Nothing was changed."), why);
  return FALSE;
}

/* What the file is, read twice: a file, or bytes in memory. */
typedef struct
{
  GFile  *file;
  GBytes *bytes;
} Source;

static FbImportStream *
source_open (Source       *source,
             GCancellable *cancellable,
             guint64      *size,
             GError      **error)
{
  g_autoptr(GInputStream) input = NULL;
  gsize chunk = chunk_size > 0 ? chunk_size : FB_IMPORT_CHUNK_BYTES;

  *size = 0;
  if (source->file != NULL)
    {
      g_autoptr(GFileInfo) info = NULL;

      input = G_INPUT_STREAM (g_file_read (source->file, cancellable, error));
      if (input == NULL)
        return NULL;
      info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (input), G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                             cancellable, NULL);
      if (info != NULL)
        *size = (guint64) g_file_info_get_size (info);
    }
  else
    {
      input = g_memory_input_stream_new_from_bytes (source->bytes);
      *size = g_bytes_get_size (source->bytes);
    }

  return _fb_import_stream_new (input, chunk, cancellable);
}

typedef struct _Import Import;

/* Called for each element of each array member of the root. */
typedef gboolean (*ElementFunc) (Import      *import,
                                 const char  *member,
                                 guint        index,
                                 const char  *text,
                                 gsize        length,
                                 GError     **error);

struct _Import
{
  Source          source;
  FbProgress     *progress;
  GCancellable   *cancellable;
  guint64         size;
  FbImportStream *stream;        /* the pass's */
  gboolean        element_failed; /* the last walk stopped at what an element held */

  /* The first pass: the root's members, each array among them as an empty
   * one, and how many ops "ops" holds. */
  gboolean        is_object;
  JsonObject     *head;
  const char     *incident;
  guint           n_ops;

  /* The second. */
  FbStore        *store;
  gboolean        announce;      /* the store is the caller's, not the thread's */
  FbApplyBatches  batches;
  FbImportChains *chains;
  GPtrArray      *ops;
  GPtrArray      *links;
  guint           n_read;
  GHashTable     *devices;       /* the ops' devices, in import->offer */
  GPtrArray      *offer;         /* an op of each, holding only its device */
  GError         *apply_error;   /* the first the store gave; later ops are only checked */
};

static void
import_clear (Import *import)
{
  g_clear_pointer (&import->head, json_object_unref);
  g_clear_pointer (&import->chains, _fb_import_chains_free);
  g_clear_pointer (&import->ops, g_ptr_array_unref);
  g_clear_pointer (&import->links, g_ptr_array_unref);
  g_clear_pointer (&import->devices, g_hash_table_unref);
  g_clear_pointer (&import->offer, g_ptr_array_unref);
  g_clear_error (&import->apply_error);
}

static char *
decode_string (const char *text,
               gsize       length)
{
  g_auto(FbJsonReader) reader = { 0 };

  _fb_json_reader_init (&reader, text, length);
  return _fb_json_reader_take_string (&reader);
}

static JsonNode *
decode_node (const char *text,
             gsize       length)
{
  g_auto(FbJsonReader) reader = { 0 };

  _fb_json_reader_init (&reader, text, length);
  return _fb_json_reader_node (&reader);
}

/* Reading the file ------------------------------------------------------- */

/* After a value in an array or object that @close ends: a comma, and
 * *more is set; or @close, taken, and *more is cleared. Anything else is
 * refused where it stands, in the strict scanner's words. */
static gboolean
after_item (FbImportStream *stream,
            char            close,
            gboolean       *more,
            GError        **error)
{
  int c;

  if (!_fb_import_stream_peek (stream, &c, error))
    return FALSE;
  if (c == ',')
    {
      _fb_import_stream_skip (stream);
      if (!_fb_import_stream_peek (stream, &c, error))
        return FALSE;
      if (c == close)
        return _fb_import_stream_fail (stream,
                                       close == ']' ? _("a comma before “]” (remove the last comma)")
                                                    : _("a comma before “}” (remove the last comma)"),
                                       error);
      *more = TRUE;
      return TRUE;
    }
  if (c != close)
    return _fb_import_stream_fail (stream, close == ']' ? _("expected “,” or “]”") : _("expected “,” or “}”"),
                                   error);
  _fb_import_stream_skip (stream);
  *more = FALSE;
  return TRUE;
}

static gboolean
walk_array (Import         *import,
            FbImportStream *stream,
            const char     *member,
            ElementFunc     element,
            GError        **error)
{
  gboolean more;
  int c;

  _fb_import_stream_skip (stream);
  if (!_fb_import_stream_peek (stream, &c, error))
    return FALSE;
  if (c == ']')
    {
      _fb_import_stream_skip (stream);
      return TRUE;
    }

  for (guint index = 0;; index++)
    {
      const char *text;
      gsize length;

      if (!_fb_import_stream_value (stream, 2, &text, &length, error))
        return FALSE;
      if (!element (import, member, index, text, length, error))
        {
          import->element_failed = TRUE;
          return FALSE;
        }
      if (!after_item (stream, ']', &more, error))
        return FALSE;
      if (!more)
        return TRUE;
    }
}

/* Reads the whole file as _fb_json_check_untrusted () checks a text:
 * each element of the root's arrays goes to @element, and on the first
 * pass (@keep) the other members into import->head. */
static gboolean
walk_file (Import         *import,
           FbImportStream *stream,
           gboolean        keep,
           ElementFunc     element,
           GError        **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *text;
  gsize length;
  gboolean more;
  int c;

  if (!_fb_import_stream_peek (stream, &c, error))
    return FALSE;
  if (c < 0)
    return _fb_import_stream_fail (stream, _("the file is empty"), error);

  import->is_object = c == '{';
  if (!import->is_object)
    {
      /* JSON, perhaps, but no export: held whole, as one value. */
      if (!_fb_import_stream_value (stream, 0, &text, &length, error))
        return FALSE;
    }
  else
    {
      _fb_import_stream_skip (stream);
      if (!_fb_import_stream_peek (stream, &c, error))
        return FALSE;
      more = c != '}';
      if (!more)
        _fb_import_stream_skip (stream);

      while (more)
        {
          g_autofree char *name = NULL;

          if (!_fb_import_stream_peek (stream, &c, error))
            return FALSE;
          if (c == '/')
            return _fb_import_stream_fail (stream, _("a comment (JSON has none)"), error);
          if (c != '"')
            return _fb_import_stream_fail (stream, _("expected a member name in double quotation marks"), error);
          if (!_fb_import_stream_value (stream, 1, &text, &length, error))
            return FALSE;
          name = decode_string (text, length);
          if (!g_hash_table_add (names, g_strdup (name)))
            {
              g_autofree char *message = g_strdup_printf (_("member “%s” appears twice"), name);
              return _fb_import_stream_fail (stream, message, error);
            }
          /* Their names are held to find one given twice. */
          if (g_hash_table_size (names) > MAX_MEMBERS)
            {
              g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE,
                           _("The document holds more than %u members in one object"), MAX_MEMBERS);
              return FALSE;
            }

          if (!_fb_import_stream_peek (stream, &c, error))
            return FALSE;
          if (c != ':')
            return _fb_import_stream_fail (stream, _("expected “:” after a member name"), error);
          _fb_import_stream_skip (stream);

          if (!_fb_import_stream_peek (stream, &c, error))
            return FALSE;
          if (c == '[')
            {
              if (!walk_array (import, stream, name, element, error))
                return FALSE;
              if (keep && g_strv_contains (kept_members, name))
                json_object_set_array_member (import->head, name, json_array_new ());
            }
          else
            {
              if (!_fb_import_stream_value (stream, 1, &text, &length, error))
                return FALSE;
              if (keep && g_strv_contains (kept_members, name))
                json_object_set_member (import->head, name, decode_node (text, length));
            }

          if (!after_item (stream, '}', &more, error))
            return FALSE;
        }
    }

  if (!_fb_import_stream_peek (stream, &c, error))
    return FALSE;
  if (c >= 0)
    return _fb_import_stream_fail (stream, _("more text after the end of the document"), error);

  return TRUE;
}

/* The first pass ---------------------------------------------------------- */

static gboolean
count_element (Import      *import,
               const char  *member,
               guint        index,
               const char  *text,
               gsize        length,
               GError     **error)
{
  if (g_str_equal (member, "ops"))
    import->n_ops = index + 1;

  return fb_progress_report (import->progress, _fb_import_stream_consumed (import->stream), import->size, error);
}

/* Checks what a check of the whole text did, and what the file says it
 * is, in the same order and words. */
static gboolean
check_file (Import  *import,
            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FbImportStream) stream = NULL;
  const char *id;

  stream = source_open (&import->source, import->cancellable, &import->size, error);
  if (stream == NULL)
    return FALSE;
  import->stream = stream;

  import->head = json_object_new ();
  if (!walk_file (import, stream, TRUE, count_element, &local_error))
    {
      if (!g_error_matches (local_error, FB_ERROR, FB_ERROR_INVALID) &&
          !g_error_matches (local_error, FB_ERROR, FB_ERROR_TOO_DEEP) &&
          !g_error_matches (local_error, FB_ERROR, FB_ERROR_TOO_LARGE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Text that is not UTF-8 is named first, wherever it is. */
      {
        g_autoptr(GError) utf8_error = NULL;

        if (!_fb_import_stream_drain (stream, &utf8_error))
          return refuse (error, utf8_error->message);
      }
      return refuse (error, local_error->message);
    }

  if (!import->is_object)
    return refuse (error, _("it is not a Firebreak incident export."));

  if (g_strcmp0 (json_object_get_string_member_with_default (import->head, "format", ""), FB_EXPORT_FORMAT_NAME) != 0)
    return refuse (error, _("it is not a Firebreak incident export."));

  if (json_object_get_int_member_with_default (import->head, "version", 0) != FB_EXPORT_VERSION)
    return refuse (error, _("it was written by another version of Firebreak."));

  id = json_object_get_string_member_with_default (import->head, "incident", "");
  if (!fb_uuid_is_valid (id))
    return refuse (error, _("it does not say which incident it holds."));
  import->incident = id;

  if (!json_object_has_member (import->head, "ops") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (import->head, "ops")))
    return refuse (error, _("it holds no changes."));

  return TRUE;
}

/* The second pass --------------------------------------------------------- */

/* The ops and links read since the last batch, through the store's door;
 * once the store refuses one, the rest are only checked. */
static void
flush (Import *import)
{
  guint first = import->n_read - import->ops->len;

  if (import->apply_error == NULL && (import->ops->len > 0 || import->links->len > 0))
    {
      _fb_store_apply_batch (import->store, &import->batches, import->ops, import->links, FB_APPLY_IMPORTED,
                             first, import->n_ops, NULL, &import->apply_error);
    }

  g_ptr_array_set_size (import->ops, 0);
  g_ptr_array_set_size (import->links, 0);
}

static gboolean
apply_element (Import      *import,
               const char  *member,
               guint        index,
               const char  *text,
               gsize        length,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_str_equal (member, "ops"))
    {
      g_auto(FbJsonReader) reader = { 0 };
      FbOp *op;

      import->n_read = index + 1;
      if (!fb_progress_report (import->progress, import->n_read, import->n_ops, error))
        return FALSE;
      if (import->n_read > import->n_ops)
        return refuse (error, _("the file changed while it was being read."));

      _fb_json_reader_init (&reader, text, length);
      op = _fb_op_read (&reader, &local_error);
      if (op == NULL || !fb_op_verify_hash (op, &local_error))
        {
          g_autofree char *why = g_strdup_printf (_("change %u of %u is damaged: %s"),
                                                  import->n_read, import->n_ops, local_error->message);
          fb_op_free (op);
          return refuse (error, why);
        }

      g_ptr_array_add (import->ops, op);
      if (g_strcmp0 (op->incident, import->incident) != 0)
        return refuse (error, _("it holds changes that belong to another incident."));

      if (!g_hash_table_contains (import->devices, op->device))
        {
          FbOp *one = g_new0 (FbOp, 1);

          one->device = g_strdup (op->device);
          g_hash_table_add (import->devices, one->device);
          g_ptr_array_add (import->offer, one);
        }

      if (!_fb_import_chains_add (import->chains, op->device, op->device_seq, op->prev, op->hash, error))
        return FALSE;
    }
  else if (g_str_equal (member, "links"))
    {
      g_autoptr(JsonNode) node = decode_node (text, length);
      FbLink *link = fb_link_from_json_node (node);

      if (link == NULL)
        return refuse (error, _("its list of links is damaged."));
      g_ptr_array_add (import->links, link);

      if (!_fb_import_chains_add (import->chains, link->device, link->device_seq, link->prev, link->hash, error))
        return FALSE;
    }
  else
    return TRUE;

  if (import->ops->len >= BATCH || import->links->len >= BATCH)
    flush (import);

  return TRUE;
}

/* Everything checked that the store's door does not check: the links'
 * list, the state and the chains, in the order the import always
 * checked them. */
static gboolean
check_rest (Import         *import,
            FbRecordState **state,
            GError        **error)
{
  g_autofree char *device = NULL;
  gint64 number;

  if (import->n_read != import->n_ops)
    return refuse (error, _("the file changed while it was being read."));

  if (json_object_has_member (import->head, "links") &&
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (import->head, "links")))
    return refuse (error, _("its list of links is damaged."));

  if (json_object_has_member (import->head, "state") &&
      (*state = fb_record_state_from_json_node (json_object_get_member (import->head, "state"))) == NULL)
    return refuse (error, _("the state of the record it names is damaged."));

  if (!_fb_import_chains_check (import->chains, &device, &number, error))
    return FALSE;
  if (device != NULL)
    {
      g_autofree char *why = g_strdup_printf (_("the history of device %s is broken at number %lld "
                                                "(a change is missing, repeated or out of order)."),
                                              device, (long long) number);
      return refuse (error, why);
    }

  if (import->apply_error != NULL)
    return refuse (error, import->apply_error->message);

  return TRUE;
}

/* Reads the file again and applies it to @store, in one transaction. */
static gboolean
apply_file (Import         *import,
            FbStore        *store,
            guint          *n_applied,
            GError        **error)
{
  g_autoptr(FbImportStream) stream = NULL;
  g_autoptr(FbRecordState) state = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 size;
  gboolean ok;

  import->chains = _fb_import_chains_new (error);
  if (import->chains == NULL)
    return FALSE;
  stream = source_open (&import->source, import->cancellable, &size, error);
  if (stream == NULL)
    return FALSE;
  import->stream = stream;
  import->element_failed = FALSE;

  import->store = store;
  import->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  import->links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  import->devices = g_hash_table_new (g_str_hash, g_str_equal);
  import->offer = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

  if (!_fb_store_writable (store, &local_error) ||
      !_fb_store_begin_batches (store, &import->batches, &local_error))
    return refuse (error, local_error->message);

  ok = walk_file (import, stream, FALSE, apply_element, &local_error);
  if (ok)
    {
      flush (import);
      ok = check_rest (import, &state, &local_error) &&
           fb_progress_report (import->progress, 1, 1, &local_error);
    }
  else if (!import->element_failed && local_error->domain == FB_ERROR)
    {
      /* Not what the first pass read whole. */
      g_clear_error (&local_error);
      refuse (&local_error, _("the file changed while it was being read."));
    }

  if (!ok)
    {
      /* Damage the store came across replaces the error, in a sentence
       * that says nothing was changed. */
      if (!_fb_store_end_batches (store, &import->batches, FALSE, &local_error) &&
          g_error_matches (local_error, FB_ERROR, FB_ERROR_CORRUPT))
        {
          g_autofree char *why = g_strdup (local_error->message);

          g_clear_error (&local_error);
          refuse (&local_error, why);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!_fb_store_end_batches (store, &import->batches, TRUE, &local_error))
    return refuse (error, local_error->message);

  *n_applied = import->batches.n_applied;
  if (import->announce && *n_applied > 0)
    _fb_store_announce (store, 0);
  if (state != NULL)
    _fb_store_issue_state (store, state, FB_SEEN_IMPORT);

  /* A war-room server may not have them yet. */
  if (!fb_store_offer_devices (store, import->offer, &local_error))
    return refuse (error, local_error->message);

  return TRUE;
}

/* Both passes; the store, if none is given, opened for @job after the
 * first. */
static gboolean
import_source (Source        *source,
               FbStore       *store,
               FbReadJob     *job,
               FbProgress    *progress,
               GCancellable  *cancellable,
               char         **incident,
               guint         *n_applied,
               GError       **error)
{
  g_autoptr(FbStore) own = NULL;
  Import import = { 0 };
  guint applied = 0;
  gboolean ok;

  import.source = *source;
  import.progress = progress;
  import.cancellable = cancellable;

  fb_progress_stage (progress, 0.0, 0.1);
  import.announce = store != NULL;
  ok = check_file (&import, error);
  if (ok && store == NULL)
    {
      own = _fb_read_job_open (job, error);
      store = own;
      ok = store != NULL;
    }
  if (ok)
    {
      fb_progress_stage (progress, 0.1, 1.0);
      ok = apply_file (&import, store, &applied, error);
    }

  if (ok)
    {
      if (incident != NULL)
        *incident = g_strdup (import.incident);
      if (n_applied != NULL)
        *n_applied = applied;
    }

  import_clear (&import);
  return ok;
}

/**
 * fb_import_incident:
 * @incident: (out) (optional): the imported incident's id
 * @n_applied: (out) (optional): how many ops were new to this store
 *
 * Takes an incident exported as JSON, from another store (an offline
 * laptop, a USB stick). Everything is checked before anything is kept:
 * each op's hash, each device's chain, and that every op belongs to the
 * incident; all of it is applied in one transaction, or none.
 */
gboolean
fb_import_incident (FbStore    *store,
                    const char *data,
                    gsize       length,
                    char      **incident,
                    guint      *n_applied,
                    GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  Source source = { NULL, NULL };
  g_return_val_if_fail (FB_IS_STORE (store), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  bytes = g_bytes_new_static (data != NULL ? data : "", length);
  source.bytes = bytes;
  return import_source (&source, store, NULL, NULL, NULL, incident, n_applied, error);
}

/**
 * fb_import_incident_file:
 *
 * fb_import_incident() of a file of any size, read twice a chunk at a
 * time (the command line's import). An error reading it is a #GIOError.
 */
gboolean
fb_import_incident_file (FbStore  *store,
                         GFile    *file,
                         char    **incident,
                         guint    *n_applied,
                         GError  **error)
{
  Source source = { file, NULL };
  g_return_val_if_fail (FB_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return import_source (&source, store, NULL, NULL, NULL, incident, n_applied, error);
}

/* In a thread ------------------------------------------------------------- */

typedef struct
{
  char  *incident;
  guint  n_applied;
} Imported;

static void
imported_free (Imported *imported)
{
  g_free (imported->incident);
  g_free (imported);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FbReadJob *job = task_data;
  g_autoptr(GError) error = NULL;
  Imported *imported = g_new0 (Imported, 1);
  Source source = { job->file, NULL };

  if (!import_source (&source, NULL, job, job->progress, cancellable, &imported->incident, &imported->n_applied,
                      &error))
    {
      imported_free (imported);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, imported, (GDestroyNotify) imported_free);
}

static void
import_job_free (FbReadJob *job)
{
  g_free (job->path);
  g_free (job->author);
  fb_progress_free (job->progress);
  g_clear_object (&job->file);
  g_free (job);
}

/* Back in the caller's thread: its store sees what the thread's
 * connection wrote at once, rather than when the file's monitor says so,
 * and takes in the clock the import moved on. */
static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbStore *store = g_task_get_source_object (task);
  FbReadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Imported *imported = g_task_propagate_pointer (G_TASK (result), &error);

  if (imported == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (imported->n_applied > 0)
    {
      store->data_version = fb_sqlite_query_int (&store->sql, "PRAGMA data_version", store->data_version);
      _fb_store_load_counters (store);
      /* The thread's connection offered the file's devices to a
       * war-room server, as another program's write would. */
      _fb_store_announce (store, FB_CHANGE_OUTBOX | FB_CHANGE_SENDABLE);
    }
  fb_progress_done (job->progress);
  g_task_return_pointer (task, imported, (GDestroyNotify) imported_free);
}

/**
 * fb_import_incident_async:
 * @file: an incident exported as JSON
 * @progress: (nullable): as for fb_export_incident_async()
 *
 * Imports as fb_import_incident() does, in a thread, on a connection of
 * its own to the store's file: checked, then applied in one transaction.
 * A cancelled import changes nothing. Finish with
 * fb_import_incident_finish().
 */
void
fb_import_incident_async (FbStore             *store,
                          GFile               *file,
                          GCancellable        *cancellable,
                          FbProgressFunc       progress,
                          gpointer             progress_data,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) job_task = NULL;
  FbReadJob *job;
  GTask *task;

  g_return_if_fail (FB_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_import_incident_async);
  /* Once kept, an import is done, whenever the cancel came. */
  g_task_set_check_cancellable (task, FALSE);

  /* The thread's task has no source: it sees the job, never the store,
   * and lets go of nothing of the caller's in its own time. */
  job = g_new0 (FbReadJob, 1);
  job->path = g_strdup (store->sql.path);
  job->author = g_strdup (store->author);
  job->asked_at = fb_store_now_ms (store);
  job->progress = fb_progress_new (cancellable, progress, progress_data);
  job->file = g_object_ref (file);
  job->checked = store->checked_fully;

  job_task = g_task_new (NULL, cancellable, on_import_done_cb, task);
  g_task_set_source_tag (job_task, fb_import_incident_async);
  g_task_set_task_data (job_task, job, (GDestroyNotify) import_job_free);
  g_task_set_check_cancellable (job_task, FALSE);
  g_task_run_in_thread (job_task, import_thread);
}

/**
 * fb_import_incident_finish:
 * @incident: (out) (optional): as for fb_import_incident()
 * @n_applied: (out) (optional): as for fb_import_incident()
 */
gboolean
fb_import_incident_finish (FbStore       *store,
                           GAsyncResult  *result,
                           char         **incident,
                           guint         *n_applied,
                           GError       **error)
{
  Imported *imported;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, fb_import_incident_async), FALSE);

  imported = g_task_propagate_pointer (G_TASK (result), error);
  if (imported == NULL)
    return FALSE;

  if (incident != NULL)
    *incident = g_strdup (imported->incident);
  if (n_applied != NULL)
    *n_applied = imported->n_applied;
  imported_free (imported);
  return TRUE;
}
