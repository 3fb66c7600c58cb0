/* fb-import.c — an incident exported as JSON, back into a store
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything in the file is checked before anything is stored (each op's
 * hash, each device's chain, that every op belongs to the incident); then
 * it goes in through the store's one door, in one transaction.
 */

#define G_LOG_DOMAIN "fb-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "firebreak-core.h"
#include "fb-export.h"
#include "fb-store-private.h"
#include "fb-store-witness-private.h"
#include "fb-task-private.h"

static gboolean
refuse (GError    **error,
        const char *why)
{
  g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
               _("This file cannot be imported: %s Nothing was changed."), why);
  return FALSE;
}

typedef struct
{
  gint64      seq;
  const char *prev;
  const char *hash;
} Place;

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const Place *pa = a, *pb = b;

  return pa->seq < pb->seq ? -1 : pa->seq > pb->seq;
}

/* Every device's chain, ops and links together, must run from 1 without a
 * gap, each link naming the hash before it. */
static gboolean
check_file_chains (GPtrArray *ops,
                   GPtrArray *links,
                   GError   **error)
{
  g_autoptr(GHashTable) devices = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < ops->len + links->len; i++)
    {
      Place place;
      const char *device;
      GArray *chain;

      if (i < ops->len)
        {
          const FbOp *op = ops->pdata[i];
          place = (Place) { op->device_seq, op->prev, op->hash };
          device = op->device;
        }
      else
        {
          const FbLink *link = links->pdata[i - ops->len];
          place = (Place) { link->device_seq, link->prev, link->hash };
          device = link->device;
        }

      chain = g_hash_table_lookup (devices, device);
      if (chain == NULL)
        {
          chain = g_array_new (FALSE, FALSE, sizeof (Place));
          g_hash_table_insert (devices, (gpointer) device, chain);
        }
      g_array_append_val (chain, place);
    }

  g_hash_table_iter_init (&iter, devices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *chain = value;

      g_array_sort (chain, compare_places);
      for (guint i = 0; i < chain->len; i++)
        {
          const Place *place = &g_array_index (chain, Place, i);
          const char *before = i > 0 ? g_array_index (chain, Place, i - 1).hash : "";

          if (place->seq != (gint64) i + 1 || !g_str_equal (place->prev, before))
            {
              g_autofree char *why = g_strdup_printf (_("the history of device %s is broken at number %lld "
                                                        "(a change is missing, repeated or out of order)."),
                                                      (char *) key, (long long) (i + 1));
              return refuse (error, why);
            }
        }
    }

  return TRUE;
}

/* An export read and checked, not yet applied. */
typedef struct
{
  char      *incident;
  GPtrArray *ops;
  GPtrArray *links;
  FbRecordState *state;   /* the exporter's, when the file carries it */
} Parsed;

static void
parsed_free (Parsed *parsed)
{
  g_free (parsed->incident);
  g_ptr_array_unref (parsed->ops);
  g_ptr_array_unref (parsed->links);
  g_clear_pointer (&parsed->state, fb_record_state_free);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

/* Everything is checked before anything is stored: each op's hash, each
 * device's chain, and that every op belongs to the incident. Needs no
 * store, so it runs in any thread. */
static gboolean
parse_export (const char *data,
              gsize       length,
              FbProgress *progress,
              Parsed    **out,
              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(Parsed) parsed = g_new0 (Parsed, 1);
  JsonObject *object;
  JsonArray *array;
  const char *id;

  parsed->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  parsed->links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);

  root = fb_json_parse_untrusted (data, (gssize) length, FB_EXPORT_MAX_BYTES, FB_JSON_MAX_DEPTH, &local_error);
  if (root == NULL)
    return refuse (error, local_error->message);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return refuse (error, _("it is not a Firebreak incident export."));

  object = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "format", ""), FB_EXPORT_FORMAT_NAME) != 0)
    return refuse (error, _("it is not a Firebreak incident export."));

  if (json_object_get_int_member_with_default (object, "version", 0) != FB_EXPORT_VERSION)
    return refuse (error, _("it was written by another version of Firebreak."));

  id = json_object_get_string_member_with_default (object, "incident", "");
  if (!fb_uuid_is_valid (id))
    return refuse (error, _("it does not say which incident it holds."));
  parsed->incident = g_strdup (id);

  if (!json_object_has_member (object, "ops") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "ops")))
    return refuse (error, _("it holds no changes."));

  array = json_object_get_array_member (object, "ops");
  fb_progress_stage (progress, 0.2, 0.9);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      FbOp *op;

      if (!fb_progress_report (progress, i + 1, json_array_get_length (array), error))
        return FALSE;

      op = fb_op_from_json_node (json_array_get_element (array, i), &local_error);
      if (op == NULL || !fb_op_verify_hash (op, &local_error))
        {
          g_autofree char *why = g_strdup_printf (_("change %u of %u is damaged: %s"),
                                                  i + 1, json_array_get_length (array), local_error->message);
          fb_op_free (op);
          return refuse (error, why);
        }

      g_ptr_array_add (parsed->ops, op);
      if (g_strcmp0 (op->incident, id) != 0)
        return refuse (error, _("it holds changes that belong to another incident."));
    }

  if (json_object_has_member (object, "links"))
    {
      if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "links")))
        return refuse (error, _("its list of links is damaged."));

      array = json_object_get_array_member (object, "links");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          FbLink *link = fb_link_from_json_node (json_array_get_element (array, i));

          if (link == NULL)
            return refuse (error, _("its list of links is damaged."));
          g_ptr_array_add (parsed->links, link);
        }
    }

  if (json_object_has_member (object, "state") &&
      (parsed->state = fb_record_state_from_json_node (json_object_get_member (object, "state"))) == NULL)
    return refuse (error, _("the state of the record it names is damaged."));

  if (!check_file_chains (parsed->ops, parsed->links, error))
    return FALSE;

  *out = g_steal_pointer (&parsed);
  return TRUE;
}

/* All of it in one transaction, through the store's one write path, or
 * none. */
static gboolean
apply_parsed (FbStore  *store,
              Parsed   *parsed,
              guint    *n_applied,
              GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  /* The file lists ops in the exporter's order, which keeps each device's
   * own order; links go in first so that every op finds its place. */
  if (!fb_store_apply (store, parsed->ops, parsed->links, FB_APPLY_IMPORTED, n_applied, &local_error))
    return refuse (error, local_error->message);

  if (parsed->state != NULL)
    _fb_store_issue_state (store, parsed->state, FB_SEEN_IMPORT);

  /* A war-room server may not have them yet. */
  if (!fb_store_offer_devices (store, parsed->ops, &local_error))
    return refuse (error, local_error->message);

  return TRUE;
}

/**
 * fb_import_incident:
 * @incident: (out) (optional): the imported incident's id
 * @n_applied: (out) (optional): how many ops were new to this store
 *
 * Takes an incident exported as JSON, from another store (an offline
 * laptop, a USB stick). Everything is checked before anything is stored:
 * each op's hash, each device's chain, and that every op belongs to the
 * incident; then all of it is applied in one transaction, or none.
 */
gboolean
fb_import_incident (FbStore    *store,
                    const char *data,
                    gsize       length,
                    char      **incident,
                    guint      *n_applied,
                    GError    **error)
{
  g_autoptr(Parsed) parsed = NULL;

  g_return_val_if_fail (FB_IS_STORE (store), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (!parse_export (data, length, NULL, &parsed, error) ||
      !apply_parsed (store, parsed, n_applied, error))
    return FALSE;

  if (incident != NULL)
    *incident = g_strdup (parsed->incident);

  return TRUE;
}

typedef struct
{
  GFile      *file;
  FbProgress *progress;
  char       *incident;
  guint       n_applied;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->file);
  fb_progress_free (job->progress);
  g_free (job->incident);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  Parsed *parsed = NULL;

  if (!g_file_load_contents (job->file, cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fb_progress_stage (job->progress, 0.1, 0.2);
  if (!parse_export (contents, length, job->progress, &parsed, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, parsed, (GDestroyNotify) parsed_free);
}

/* Back in the caller's thread, with its store: the import is one write,
 * through the same door as every other, and the store's own views and
 * signals see it at once. */
static void
on_import_parsed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(Parsed) parsed = g_task_propagate_pointer (G_TASK (result), &error);

  if (parsed == NULL ||
      g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error) ||
      !apply_parsed (g_task_get_source_object (task), parsed, &job->n_applied, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job->incident = g_strdup (parsed->incident);
  fb_progress_done (job->progress);
  g_task_return_boolean (task, TRUE);
}

/**
 * fb_import_incident_async:
 * @file: an incident exported as JSON
 * @progress: (nullable): as for fb_export_incident_async()
 *
 * Imports as fb_import_incident() does: the file is read and checked in a
 * thread, then applied to @store in the calling thread, in one
 * transaction. A cancelled import changes nothing. Finish with
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
  g_autoptr(GTask) check = NULL;
  GTask *task;
  ImportJob *job;

  g_return_if_fail (FB_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (ImportJob, 1);
  job->file = g_object_ref (file);
  job->progress = fb_progress_new (cancellable, progress, progress_data);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_import_incident_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);

  /* The check's thread sees the job, never the store. */
  check = g_task_new (NULL, cancellable, on_import_parsed_cb, task);
  g_task_set_source_tag (check, fb_import_incident_async);
  g_task_set_task_data (check, job, NULL);
  g_task_run_in_thread (check, import_thread);
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
  ImportJob *job;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, fb_import_incident_async), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  if (incident != NULL)
    *incident = g_strdup (job->incident);
  if (n_applied != NULL)
    *n_applied = job->n_applied;

  return TRUE;
}
