/* fb-store-duty.c — hours on duty, the incident's limit, and pairs
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Workers carry when they came on duty and when they went off
 * (worker.set's on_duty_since and off_at), and the worker they work with
 * (pair, set on both). Someone on duty longer than the incident allows
 * (incident.update's duty_limit_min, 12 hours unless set) gets a warning
 * on the board and a notification. Each change adds a system entry of its
 * own to the same batch, as fb-store-changes.c does.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-error.h"
#include "fb-handover-private.h"
#include "fb-op-kinds-private.h"
#include "fb-store-changes-private.h"
#include "fb-store-handover.h"
#include "fb-worker-private.h"

/**
 * fb_store_get_duty_limit:
 *
 * Returns: the minutes on duty @incident allows before a warning
 */
int
fb_store_get_duty_limit (FbStore    *self,
                         const char *incident)
{
  sqlite3_stmt *stmt;
  int limit = FB_DUTY_LIMIT_DEFAULT_MIN;

  g_return_val_if_fail (FB_IS_STORE (self), limit);

  stmt = _fb_store_stmt (self, "SELECT duty_limit_min FROM incidents WHERE id = ?");
  if (stmt == NULL)
    return limit;
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    limit = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return limit;
}

static JsonObject *
event_new (const char *event)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "event", event);
  return data;
}

/* Takes @data and @text. */
static void
add_entry (FbStore    *self,
           GPtrArray  *drafts,
           const char *incident,
           JsonObject *data,
           char       *text)
{
  g_ptr_array_add (drafts, _fb_system_entry_draft (incident, text, fb_store_now_ms (self), data));
  g_free (text);
}

static gboolean
apply_drafts (FbStore   *self,
              GPtrArray *drafts,
              GError   **error)
{
  return drafts->len == 0 || fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

/**
 * fb_store_set_duty_limit:
 * @limit_min: minutes on duty before a warning
 *
 * Sets the hours on duty @incident allows, and notes the change on the
 * timeline.
 */
gboolean
fb_store_set_duty_limit (FbStore    *self,
                         const char *incident,
                         int         limit_min,
                         GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(FbIncident) current = NULL;
  JsonObject *data;
  int from;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);

  current = _fb_store_find_incident (self, incident, error);
  if (current == NULL)
    return FALSE;

  if (limit_min < FB_OP_MIN_DUTY_MIN || limit_min > FB_OP_MAX_DUTY_MIN)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("Set the hours on duty between %d and %d"),
                   FB_OP_MIN_DUTY_MIN / 60, FB_OP_MAX_DUTY_MIN / 60);
      return FALSE;
    }

  from = fb_store_get_duty_limit (self, incident);
  if (from == limit_min)
    return TRUE;

  json_object_set_int_member (body, "duty_limit_min", limit_min);
  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_INCIDENT_UPDATE, incident, incident, body));
  data = event_new ("duty-limit");
  json_object_set_int_member (data, "from", from);
  json_object_set_int_member (data, "to", limit_min);
  add_entry (self, drafts, incident, data,
             g_strdup_printf ("Hours on duty before a warning: %d min → %d min", from, limit_min));
  return apply_drafts (self, drafts, error);
}

/* Someone coming on duty (@on) or going off at @at. */
static void
add_duty_drafts (FbStore    *self,
                 GPtrArray  *drafts,
                 const char *incident,
                 const char *worker,
                 const char *person,
                 gboolean    on,
                 gint64      at)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *data = event_new (on ? "duty-on" : "duty-off");

  json_object_set_int_member (body, on ? "on_duty_since" : "off_at", at);
  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_WORKER_SET, incident, worker, body));

  json_object_set_string_member (data, "worker", worker);
  json_object_set_string_member (data, "person", person);
  json_object_set_int_member (data, "at", at);
  add_entry (self, drafts, incident, data,
             g_strdup_printf (on ? "%s came on duty" : "%s went off duty", person));
}

static gboolean
check_duty_time (FbStore *self,
                 gint64   at,
                 GError **error)
{
  if (at <= fb_store_now_ms (self))
    return TRUE;

  g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                       _("Times on and off duty cannot be in the future"));
  return FALSE;
}

static FbWorker *
find_worker (FbStore    *self,
             const char *incident,
             const char *worker,
             GError    **error)
{
  FbWorker *found = fb_store_get_worker (self, incident, worker);

  if (found == NULL)
    g_set_error_literal (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                         _("This worker is no longer on the worker list"));
  return found;
}

/**
 * fb_store_set_worker_duty:
 * @on_duty_since: when they came on duty, 0 to leave it as it is
 * @off_at: when they went off duty, 0 to leave it as it is
 *
 * Records a worker coming on or going off duty, on the timeline too.
 */
gboolean
fb_store_set_worker_duty (FbStore    *self,
                          const char *incident,
                          const char *worker,
                          gint64      on_duty_since,
                          gint64      off_at,
                          GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(FbWorker) current = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL && worker != NULL, FALSE);

  current = find_worker (self, incident, worker, error);
  if (current == NULL || !check_duty_time (self, on_duty_since, error) || !check_duty_time (self, off_at, error))
    return FALSE;

  if (on_duty_since > 0)
    add_duty_drafts (self, drafts, incident, worker, current->person, TRUE, on_duty_since);
  if (off_at > 0)
    add_duty_drafts (self, drafts, incident, worker, current->person, FALSE, off_at);
  return apply_drafts (self, drafts, error);
}

static void
add_pair_op (GPtrArray  *drafts,
             const char *incident,
             const char *worker,
             const char *pair)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "pair", pair);
  g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_WORKER_SET, incident, worker, body));
}

/* Pairs the worker @id (named @person, working with @old_pair now) with
 * @pair, or parts them when @pair is empty; nothing when it is the same. */
static gboolean
add_pair_drafts (FbStore    *self,
                 GPtrArray  *drafts,
                 const char *incident,
                 const char *id,
                 const char *person,
                 const char *old_pair,
                 const char *pair,
                 GError    **error)
{
  g_autoptr(FbWorker) two = NULL;
  JsonObject *data;

  if (pair != NULL && pair[0] != '\0')
    {
      two = find_worker (self, incident, pair, error);
      if (two == NULL)
        return FALSE;
      if (g_str_equal (id, two->id))
        {
          g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                               _("A worker cannot be paired with themselves"));
          return FALSE;
        }
    }

  if (g_strcmp0 (old_pair, two != NULL ? two->id : "") == 0)
    return TRUE;

  /* Whoever either worked with before is on their own now. */
  if (old_pair[0] != '\0')
    add_pair_op (drafts, incident, old_pair, "");
  if (two != NULL && two->pair[0] != '\0' && !g_str_equal (two->pair, id))
    add_pair_op (drafts, incident, two->pair, "");
  add_pair_op (drafts, incident, id, two != NULL ? two->id : "");
  if (two != NULL)
    add_pair_op (drafts, incident, two->id, id);

  data = event_new (two != NULL ? "paired" : "unpaired");
  json_object_set_string_member (data, "person", person);
  if (two != NULL)
    json_object_set_string_member (data, "with", two->person);
  add_entry (self, drafts, incident, data,
             two != NULL ? g_strdup_printf ("%s and %s work as a pair", person, two->person)
                         : g_strdup_printf ("%s no longer works in a pair", person));
  return TRUE;
}

/**
 * fb_store_pair_workers:
 * @pair: (nullable): the worker @worker works with, or %NULL to part them
 *
 * Pairs two workers both ways, parting each from whom they worked with
 * before.
 */
gboolean
fb_store_pair_workers (FbStore    *self,
                       const char *incident,
                       const char *worker,
                       const char *pair,
                       GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(FbWorker) one = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL && worker != NULL, FALSE);

  one = find_worker (self, incident, worker, error);
  return one != NULL &&
         add_pair_drafts (self, drafts, incident, one->id, one->person, one->pair, pair, error) &&
         apply_drafts (self, drafts, error);
}

/**
 * fb_store_save_worker:
 * @id: (nullable): the worker, or %NULL for someone new
 * @fields: the body of their worker.set (person, status, task, contact)
 * @on_duty: whether they are on duty now
 * @pair: (nullable): the worker they work with, "" or %NULL for nobody
 *
 * What the worker dialog saves, in one change: the worker, coming on or
 * going off duty now when that changes, and the pair.
 *
 * Returns: (transfer full) (nullable): the worker's id
 */
char *
fb_store_save_worker (FbStore    *self,
                      const char *incident,
                      const char *id,
                      JsonObject *fields,
                      gboolean    on_duty,
                      const char *pair,
                      GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(FbWorker) current = NULL;
  g_autoptr(FbIncident) subject = NULL;
  g_autofree char *entity = NULL;
  const char *person;
  gboolean was_on;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL && fields != NULL, NULL);

  subject = _fb_store_find_incident (self, incident, error);
  if (subject == NULL)
    return NULL;
  if (id != NULL && (current = find_worker (self, incident, id, error)) == NULL)
    return NULL;

  entity = id != NULL ? g_strdup (id) : fb_uuid_new ();
  person = json_object_get_string_member_with_default (fields, "person",
                                                       current != NULL ? current->person : "");
  if (current == NULL || json_object_get_size (fields) > 0)
    {
      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_WORKER_SET, incident, entity, fields));
      _fb_worker_change_drafts (self, incident, entity, current, fields, drafts);
    }

  was_on = current != NULL && fb_worker_get_duty_limit_at (current, 0) > 0;
  if (on_duty != was_on && (on_duty || current != NULL))
    add_duty_drafts (self, drafts, incident, entity, person, on_duty, fb_store_now_ms (self));

  if (!add_pair_drafts (self, drafts, incident, entity, person, current != NULL ? current->pair : "",
                        pair, error) ||
      !apply_drafts (self, drafts, error))
    return NULL;

  return g_steal_pointer (&entity);
}

/**
 * fb_worker_get_duty_limit_at:
 * @limit_min: the incident's limit (fb_store_get_duty_limit())
 *
 * Returns: when @worker reaches the limit of hours on duty, or 0 when
 *   they are not on duty
 */
gint64
fb_worker_get_duty_limit_at (FbWorker *worker,
                             int       limit_min)
{
  g_return_val_if_fail (FB_IS_WORKER (worker), 0);

  if (worker->on_duty_since <= 0 || worker->off_at >= worker->on_duty_since)
    return 0;

  return worker->on_duty_since + (gint64) limit_min * 60000;
}

static int
compare_since (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  gint64 one = fb_worker_get_on_duty_since ((FbWorker *) a);
  gint64 two = fb_worker_get_on_duty_since ((FbWorker *) b);

  return one < two ? -1 : one > two;
}

/**
 * fb_store_list_tired_workers:
 * @now: the time to judge at (fb_context_now_ms())
 *
 * For the board and the wall display.
 *
 * Returns: (transfer full): the workers of @incident on duty longer than
 *   it allows at @now (#FbWorker), longest first
 */
GListModel *
fb_store_list_tired_workers (FbStore    *self,
                             const char *incident,
                             gint64      now)
{
  g_autoptr(GListModel) workers = NULL;
  GListStore *tired = g_list_store_new (FB_TYPE_WORKER);
  int limit;

  g_return_val_if_fail (FB_IS_STORE (self), G_LIST_MODEL (tired));

  workers = fb_store_list_workers (self, incident);
  limit = fb_store_get_duty_limit (self, incident);
  for (guint i = 0; i < g_list_model_get_n_items (workers); i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (workers, i);
      gint64 limit_at = fb_worker_get_duty_limit_at (worker, limit);

      if (limit_at > 0 && limit_at <= now)
        g_list_store_insert_sorted (tired, worker, compare_since, NULL);
    }

  return G_LIST_MODEL (tired);
}
