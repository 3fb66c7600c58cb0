/* fb-store-query.c — what the views read
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-checklist-item-private.h"
#include "fb-error.h"
#include "fb-contact-private.h"
#include "fb-entry-private.h"
#include "fb-incident-private.h"
#include "fb-role-private.h"
#include "fb-entry-list.h"
#include "fb-store-private.h"
#include "fb-worker-private.h"

/* Rows to objects ----------------------------------------------------------- */

#define INCIDENT_COLUMNS \
  "id, title, kind, severity, status, phase, detected_at, declared_at, contained_at," \
  " resolved_at, containment_target_min, drill, summary, created_at," \
  " aware_at, personal_data, eu_people, nis2_entity, improper_purpose," \
  " update_interval_min, update_audiences, record"

static FbIncident *
incident_from_row (sqlite3_stmt *stmt)
{
  FbIncident *self = _fb_incident_new ();

  self->id = _fb_column_dup (stmt, 0);
  self->title = _fb_column_dup (stmt, 1);
  self->kind = _fb_column_dup (stmt, 2);
  self->severity = sqlite3_column_int (stmt, 3);
  fb_status_from_string (_fb_column_text (stmt, 4), &self->status);
  self->phase = FB_PHASE_DETECTION;
  fb_phase_from_string (_fb_column_text (stmt, 5), &self->phase);
  self->detected_at = sqlite3_column_int64 (stmt, 6);
  self->declared_at = sqlite3_column_int64 (stmt, 7);
  self->contained_at = sqlite3_column_int64 (stmt, 8);
  self->resolved_at = sqlite3_column_int64 (stmt, 9);
  self->containment_target_min = sqlite3_column_int (stmt, 10);
  self->drill = sqlite3_column_int (stmt, 11) != 0;
  self->summary = _fb_column_dup (stmt, 12);
  self->created_at = sqlite3_column_int64 (stmt, 13);
  self->aware_at = sqlite3_column_int64 (stmt, 14);
  self->personal_data = sqlite3_column_int (stmt, 15) != 0;
  self->eu_people = sqlite3_column_int (stmt, 16) != 0;
  self->nis2_entity = sqlite3_column_int (stmt, 17) != 0;
  self->improper_purpose = sqlite3_column_int (stmt, 18) != 0;
  self->update_interval_min = sqlite3_column_int (stmt, 19);
  self->update_audiences = _fb_column_dup (stmt, 20);
  fb_record_type_from_string (_fb_column_text (stmt, 21), &self->record);

  return self;
}

#define ENTRY_COLUMNS \
  "e.id, e.incident, e.occurred_at, e.recorded_at, e.hlc, e.author, e.kind, e.text," \
  " e.pinned, e.amends, e.data," \
  " (SELECT a.id FROM entries a WHERE a.amends = e.id ORDER BY a.hlc DESC, a.id DESC LIMIT 1)"

/* Fills @self with the row, its strings its own: a long report reads a
 * million rows into one entry. */
static void
entry_fill (FbEntry      *self,
            sqlite3_stmt *stmt)
{
  g_free (self->id);
  g_free (self->incident);
  g_free (self->hlc);
  g_free (self->author);
  g_free (self->text);
  g_free (self->amends);
  g_free (self->data);
  g_free (self->amended_by);

  self->id = _fb_column_dup (stmt, 0);
  self->incident = _fb_column_dup (stmt, 1);
  self->occurred_at = sqlite3_column_int64 (stmt, 2);
  self->recorded_at = sqlite3_column_int64 (stmt, 3);
  self->hlc = _fb_column_dup (stmt, 4);
  self->author = _fb_column_dup (stmt, 5);
  self->kind = FB_ENTRY_NOTE;
  fb_entry_kind_from_string (_fb_column_text (stmt, 6), &self->kind);
  self->text = _fb_column_dup (stmt, 7);
  self->pinned = sqlite3_column_int (stmt, 8) != 0;
  self->amends = _fb_column_dup (stmt, 9);
  self->data = _fb_column_dup (stmt, 10);
  self->amended_by = _fb_column_dup (stmt, 11);
}

static FbEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  FbEntry *self = _fb_entry_new ();

  entry_fill (self, stmt);
  return self;
}

#define ROLE_COLUMNS "incident, role, person, contact, assigned_at"

static FbRole *
role_from_row (sqlite3_stmt *stmt)
{
  FbRole *self = _fb_role_new ();

  self->incident = _fb_column_dup (stmt, 0);
  self->role = _fb_column_dup (stmt, 1);
  self->person = _fb_column_dup (stmt, 2);
  self->contact = _fb_column_dup (stmt, 3);
  self->assigned_at = sqlite3_column_int64 (stmt, 4);

  return self;
}

#define WORKER_COLUMNS "id, incident, person, status, task, contact, on_duty_since, off_at, pair"

static FbWorker *
worker_from_row (sqlite3_stmt *stmt)
{
  FbWorker *self = _fb_worker_new ();

  self->id = _fb_column_dup (stmt, 0);
  self->incident = _fb_column_dup (stmt, 1);
  self->person = _fb_column_dup (stmt, 2);
  fb_worker_status_from_string (_fb_column_text (stmt, 3), &self->status);
  self->task = _fb_column_dup (stmt, 4);
  self->contact = _fb_column_dup (stmt, 5);
  self->on_duty_since = sqlite3_column_int64 (stmt, 6);
  self->off_at = sqlite3_column_int64 (stmt, 7);
  self->pair = _fb_column_dup (stmt, 8);

  return self;
}

#define CONTACT_COLUMNS "id, name, organisation, title, category, tier, phone, email, chat, notes, example"

static FbContact *
contact_from_row (sqlite3_stmt *stmt)
{
  FbContact *self = _fb_contact_new ();

  self->id = _fb_column_dup (stmt, 0);
  self->name = _fb_column_dup (stmt, 1);
  self->organisation = _fb_column_dup (stmt, 2);
  self->title = _fb_column_dup (stmt, 3);
  self->category = FB_CONTACT_OTHER;
  fb_contact_category_from_string (_fb_column_text (stmt, 4), &self->category);
  self->tier = sqlite3_column_int (stmt, 5);
  self->phone = _fb_column_dup (stmt, 6);
  self->email = _fb_column_dup (stmt, 7);
  self->chat = _fb_column_dup (stmt, 8);
  self->notes = _fb_column_dup (stmt, 9);
  self->example = sqlite3_column_int (stmt, 10) != 0;
  _fb_contact_show_in_reader_language (self);

  return self;
}

#define CHECKLIST_COLUMNS \
  "id, incident, section, text, position, playbook_item, state, assignee, due_at, note, done_at, done_by"

static FbChecklistItem *
checklist_item_from_row (sqlite3_stmt *stmt)
{
  FbChecklistItem *self = _fb_checklist_item_new ();

  self->id = _fb_column_dup (stmt, 0);
  self->incident = _fb_column_dup (stmt, 1);
  fb_section_from_string (_fb_column_text (stmt, 2), &self->section);
  self->text = _fb_column_dup (stmt, 3);
  self->position = sqlite3_column_int (stmt, 4);
  self->playbook_item = _fb_column_dup (stmt, 5);
  fb_item_state_from_string (_fb_column_text (stmt, 6), &self->state);
  self->assignee = _fb_column_dup (stmt, 7);
  self->due_at = sqlite3_column_int64 (stmt, 8);
  self->note = _fb_column_dup (stmt, 9);
  self->done_at = sqlite3_column_int64 (stmt, 10);
  self->done_by = _fb_column_dup (stmt, 11);

  return self;
}

typedef gpointer (*RowFunc) (sqlite3_stmt *stmt);

static GListModel *
collect (sqlite3_stmt *stmt,
         GType         type,
         RowFunc       from_row)
{
  GListStore *store = g_list_store_new (type);

  if (stmt == NULL)
    return G_LIST_MODEL (store);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GObject) object = from_row (stmt);
      g_list_store_append (store, object);
    }
  sqlite3_reset (stmt);

  return G_LIST_MODEL (store);
}

static gpointer
collect_one (sqlite3_stmt *stmt,
             RowFunc       from_row)
{
  gpointer object = NULL;

  if (stmt == NULL)
    return NULL;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    object = from_row (stmt);
  sqlite3_reset (stmt);

  return object;
}

/* Public queries ------------------------------------------------------------ */

/**
 * fb_store_list_incidents:
 *
 * Returns: (transfer full): the incidents, open ones first, then the most
 *   recently detected first; readiness reviews after all of them, in the
 *   same order
 */
GListModel *
fb_store_list_incidents (FbStore *self,
                         gboolean include_closed)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  if (include_closed)
    stmt = _fb_store_stmt (self, "SELECT " INCIDENT_COLUMNS " FROM incidents"
                                 " ORDER BY record = 'readiness', status = 'closed', detected_at DESC, id");
  else
    stmt = _fb_store_stmt (self, "SELECT " INCIDENT_COLUMNS " FROM incidents WHERE status = 'open'"
                                 " ORDER BY record = 'readiness', detected_at DESC, id");

  return collect (stmt, FB_TYPE_INCIDENT, (RowFunc) incident_from_row);
}

/* An id's start shorter than this names too many incidents to be meant. */
#define MIN_PREFIX 4

/* One candidate a line: the id, then the title to tell them apart. */
static void
append_candidate (GString    *text,
                  FbIncident *incident)
{
  g_string_append_printf (text, "\n  %s  %s", fb_incident_get_id (incident), fb_incident_get_title (incident));
}

/**
 * fb_store_find_incident:
 * @name: an incident's id, or the start of it (four characters or more,
 *   in either case), as git names commits
 *
 * Returns: (transfer full) (nullable): the one incident's full id; %NULL
 *   with %FB_ERROR_NOT_FOUND when none starts with @name, when @name is
 *   too short, or when several do (the message lists them)
 */
char *
fb_store_find_incident (FbStore     *self,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(GListModel) incidents = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *prefix = NULL;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  prefix = g_ascii_strdown (name, -1);
  incidents = fb_store_list_incidents (self, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (incidents); i++)
    {
      g_autoptr(FbIncident) incident = g_list_model_get_item (incidents, i);
      const char *id = fb_incident_get_id (incident);

      if (g_str_equal (id, prefix))
        return g_strdup (id);

      if (prefix[0] != '\0' && g_str_has_prefix (id, prefix))
        g_ptr_array_add (matches, g_steal_pointer (&incident));
    }

  if (matches->len > 0 && strlen (prefix) < MIN_PREFIX)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("“%s” is too short to name an incident; give at least %d characters of its id."),
                   name, MIN_PREFIX);
      return NULL;
    }

  if (matches->len == 1)
    return g_strdup (fb_incident_get_id (g_ptr_array_index (matches, 0)));

  if (matches->len == 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no incident “%s”; “firebreak-cli list” shows them."), name);
      return NULL;
    }

  text = g_string_new (NULL);
  g_string_printf (text, _("“%s” matches several incidents; give more of the id."), name);
  for (guint i = 0; i < matches->len; i++)
    append_candidate (text, g_ptr_array_index (matches, i));
  g_set_error_literal (error, FB_ERROR, FB_ERROR_NOT_FOUND, text->str);

  return NULL;
}

FbIncident *
fb_store_get_incident (FbStore    *self,
                       const char *id)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT " INCIDENT_COLUMNS " FROM incidents WHERE id = ?");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  return collect_one (stmt, (RowFunc) incident_from_row);
}

FbEntry *
fb_store_get_entry (FbStore    *self,
                    const char *id)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT " ENTRY_COLUMNS " FROM entries e WHERE e.id = ?");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  return collect_one (stmt, (RowFunc) entry_from_row);
}

FbEntry *
_fb_store_get_entry_by_rowid (FbStore *self,
                              gint64   rowid)
{
  sqlite3_stmt *stmt;

  stmt = _fb_store_stmt (self, "SELECT " ENTRY_COLUMNS " FROM entries e WHERE e.rowid = ?");
  sqlite3_bind_int64 (stmt, 1, rowid);

  return collect_one (stmt, (RowFunc) entry_from_row);
}

/* " AND e.kind IN (…)" for the kinds in @kinds, bits (1 << FbEntryKind);
 * nothing when they are all of them. */
static void
append_kinds (GString *sql,
              guint    kinds)
{
  gboolean first = TRUE;

  if (kinds == FB_ENTRY_KINDS_ALL)
    return;

  g_string_append (sql, " AND e.kind IN (");
  for (guint k = 0; k < FB_N_ENTRY_KINDS; k++)
    if (kinds & (1u << k))
      {
        g_string_append_printf (sql, "%s'%s'", first ? "" : ",", fb_entry_kind_to_string (k));
        first = FALSE;
      }
  g_string_append (sql, first ? "'')" : ")");
}

guint64
_fb_store_count_entries_of_kinds (FbStore    *self,
                                  const char *incident,
                                  guint       kinds)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM entries e WHERE e.incident = ?");
  sqlite3_stmt *stmt;
  guint64 n = 0;

  append_kinds (sql, kinds);
  stmt = _fb_store_stmt (self, sql->str);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

/* An incident's entries of @kinds in the timeline's order, from the one at
 * (@occurred_at, @hlc, @id) on when @from_place, on a statement of its own
 * that the caller steps with sqlite3_step() and ends with
 * sqlite3_finalize(): other queries may run while it is open, and it reads
 * one row at a time, however long the timeline. */
sqlite3_stmt *
_fb_store_open_entries (FbStore     *self,
                        const char  *incident,
                        guint        kinds,
                        gboolean     from_place,
                        gint64       occurred_at,
                        const char  *hlc,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " ENTRY_COLUMNS " FROM entries e WHERE e.incident = ?1");
  sqlite3_stmt *stmt = NULL;
  int rc;

  append_kinds (sql, kinds);
  if (from_place)
    g_string_append (sql, " AND (e.occurred_at, e.hlc, e.id) >= (?2, ?3, ?4)");
  g_string_append (sql, " ORDER BY e.occurred_at, e.hlc, e.id");

  rc = sqlite3_prepare_v2 (self->sql.db, sql->str, -1, &stmt, NULL);
  if (!_fb_store_check (self, rc, error))
    return NULL;

  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  if (from_place)
    {
      sqlite3_bind_int64 (stmt, 2, occurred_at);
      sqlite3_bind_text (stmt, 3, hlc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
    }

  return stmt;
}

/* The entry in the current row of _fb_store_open_entries()'s statement. */
FbEntry *
_fb_store_entry_from_row (sqlite3_stmt *stmt)
{
  return entry_from_row (stmt);
}

/* The same into @entry, which nobody else holds, for a reader of many
 * rows that wants one at a time. */
void
_fb_store_entry_refill (FbEntry      *entry,
                        sqlite3_stmt *stmt)
{
  entry_fill (entry, stmt);
}

guint
fb_store_count_entries (FbStore    *self,
                        const char *incident)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (FB_IS_STORE (self), 0);
  g_return_val_if_fail (incident != NULL, 0);

  stmt = _fb_store_stmt (self, "SELECT count(*) FROM entries WHERE incident = ?");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

/**
 * fb_store_list_entries_where:
 * @kind_mask: bits (1 << FbEntryKind) of the kinds wanted
 * @limit: the most recent this many, or 0 for all
 *
 * For the overview's short lists (pinned facts, latest decisions); the
 * timeline itself uses #FbEntryList.
 *
 * Returns: (transfer full): matching entries, oldest first
 */
GListModel *
fb_store_list_entries_where (FbStore    *self,
                             const char *incident,
                             guint       kind_mask,
                             gboolean    pinned_only,
                             guint       limit)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " ENTRY_COLUMNS " FROM entries e WHERE e.incident = ?");
  g_autoptr(GListModel) newest_first = NULL;
  sqlite3_stmt *stmt;
  GListStore *result;
  guint n;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  append_kinds (sql, kind_mask & FB_ENTRY_KINDS_ALL);
  g_string_append_printf (sql, "%s ORDER BY e.occurred_at DESC, e.hlc DESC, e.id DESC LIMIT ?",
                          pinned_only ? " AND e.pinned" : "");
  stmt = _fb_store_stmt (self, sql->str);
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  newest_first = collect (stmt, FB_TYPE_ENTRY, (RowFunc) entry_from_row);

  result = g_list_store_new (FB_TYPE_ENTRY);
  n = g_list_model_get_n_items (newest_first);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GObject) item = g_list_model_get_item (newest_first, i - 1);
      g_list_store_append (result, item);
    }

  return G_LIST_MODEL (result);
}

/**
 * fb_store_list_entries_from_others:
 * @cursor: (inout): the last entry's rowid already seen; a negative one
 *   starts from the newest entry now held, returning nothing
 * @recorded_since: only entries recorded at or after this time
 *
 * The decisions and system entries that other workstations recorded and
 * that reached this file since @cursor, for telling the user about them.
 * An old record synced in for the first time yields nothing newer than
 * @recorded_since.
 *
 * Returns: (transfer full): those entries, in the order they arrived
 */
GListModel *
fb_store_list_entries_from_others (FbStore *self,
                                   gint64  *cursor,
                                   gint64   recorded_since)
{
  sqlite3_stmt *stmt;
  GListModel *result;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (cursor != NULL, NULL);

  if (*cursor < 0)
    {
      stmt = _fb_store_stmt (self, "SELECT coalesce(max(rowid), 0) FROM entries");
      if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        *cursor = sqlite3_column_int64 (stmt, 0);
      if (stmt != NULL)
        sqlite3_reset (stmt);
      return G_LIST_MODEL (g_list_store_new (FB_TYPE_ENTRY));
    }

  stmt = _fb_store_stmt (self, "SELECT coalesce(max(rowid), ?1) FROM entries");
  if (stmt == NULL)
    return G_LIST_MODEL (g_list_store_new (FB_TYPE_ENTRY));
  sqlite3_bind_int64 (stmt, 1, *cursor);
  {
    gint64 newest = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : *cursor;

    sqlite3_reset (stmt);
    stmt = _fb_store_stmt (self, "SELECT " ENTRY_COLUMNS " FROM entries e"
                           " WHERE e.rowid > ?1 AND e.rowid <= ?2 AND e.recorded_at >= ?3"
                           " AND e.device <> ?4 AND e.kind IN ('decision', 'system')"
                           " ORDER BY e.rowid");
    if (stmt == NULL)
      return G_LIST_MODEL (g_list_store_new (FB_TYPE_ENTRY));
    sqlite3_bind_int64 (stmt, 1, *cursor);
    sqlite3_bind_int64 (stmt, 2, newest);
    sqlite3_bind_int64 (stmt, 3, recorded_since);
    sqlite3_bind_text (stmt, 4, fb_store_get_device_id (self), -1, SQLITE_TRANSIENT);
    result = collect (stmt, FB_TYPE_ENTRY, (RowFunc) entry_from_row);
    *cursor = newest;
  }

  return result;
}

/**
 * fb_store_list_contact_logs:
 *
 * The escalation entries that log a contact (see fb_store_log_contact),
 * for knowing whom an incident has told without reading its timeline.
 *
 * Returns: (transfer full): those entries, oldest first
 */
GListModel *
fb_store_list_contact_logs (FbStore    *self,
                            const char *incident)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  /* Named, since the planner would rather read every escalation through
   * the index of kinds. */
  stmt = _fb_store_stmt (self, "SELECT " ENTRY_COLUMNS " FROM entries e INDEXED BY entries_contact_logs"
                               " WHERE e.incident = ? AND e.kind = 'escalation' AND e.data IS NOT NULL"
                               " AND json_valid (e.data) AND json_extract (e.data, '$.event') = 'contact-logged'"
                               " ORDER BY e.occurred_at, e.hlc, e.id");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  return collect (stmt, FB_TYPE_ENTRY, (RowFunc) entry_from_row);
}

GListModel *
fb_store_list_roles (FbStore    *self,
                     const char *incident)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  /* The standard roles in their usual order, then custom ones by name. */
  stmt = _fb_store_stmt (self,
                         "SELECT " ROLE_COLUMNS " FROM roles WHERE incident = ? ORDER BY"
                         " CASE role WHEN 'commander' THEN 0 WHEN 'deputy' THEN 1 WHEN 'scribe' THEN 2"
                         " WHEN 'comms-liaison' THEN 3 WHEN 'technical-lead' THEN 4 WHEN 'legal' THEN 5"
                         " WHEN 'decision-maker' THEN 6 ELSE 7 END, role");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);

  return collect (stmt, FB_TYPE_ROLE, (RowFunc) role_from_row);
}

FbRole *
fb_store_get_role (FbStore    *self,
                   const char *incident,
                   const char *role)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);
  g_return_val_if_fail (role != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT " ROLE_COLUMNS " FROM roles WHERE incident = ? AND role = ?");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, role, -1, SQLITE_TRANSIENT);

  return collect_one (stmt, (RowFunc) role_from_row);
}

GListModel *
fb_store_list_workers (FbStore    *self,
                       const char *incident)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT " WORKER_COLUMNS " FROM workers WHERE incident = ? AND NOT removed"
                               " ORDER BY person COLLATE NOCASE, id");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);

  return collect (stmt, FB_TYPE_WORKER, (RowFunc) worker_from_row);
}

/**
 * fb_store_get_worker:
 *
 * Returns: (transfer full) (nullable): the worker of @incident with that
 *   id, unless taken off the list
 */
FbWorker *
fb_store_get_worker (FbStore    *self,
                     const char *incident,
                     const char *id)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT " WORKER_COLUMNS " FROM workers"
                               " WHERE id = ? AND incident = ? AND NOT removed");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, incident, -1, SQLITE_TRANSIENT);

  return collect_one (stmt, (RowFunc) worker_from_row);
}

static gboolean
contains_folded (const char *text,
                 const char *folded_search)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return strstr (folded, folded_search) != NULL;
}

/* Whether the contact as shown holds @folded_search: an example reads in
 * the reader's language, which need not be the one the database holds. */
static gboolean
shows_text (FbContact  *contact,
            const char *folded_search)
{
  return contains_folded (contact->name, folded_search) ||
         contains_folded (contact->organisation, folded_search) ||
         contains_folded (contact->title, folded_search) ||
         contains_folded (contact->notes, folded_search);
}

GListModel *
fb_store_list_contacts (FbStore    *self,
                        const char *search)
{
  g_autofree char *pattern = NULL;
  g_autofree char *folded = NULL;
  GListStore *contacts;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  if (search == NULL || search[0] == '\0')
    {
      stmt = _fb_store_stmt (self, "SELECT " CONTACT_COLUMNS " FROM contacts WHERE NOT deleted"
                                   " ORDER BY tier, name COLLATE NOCASE, id");
      return collect (stmt, FB_TYPE_CONTACT, (RowFunc) contact_from_row);
    }

  pattern = g_strdup_printf ("%%%s%%", search);
  folded = g_utf8_casefold (search, -1);
  contacts = g_list_store_new (FB_TYPE_CONTACT);
  stmt = _fb_store_stmt (self,
                         "SELECT " CONTACT_COLUMNS ","
                         " (name LIKE ?1 OR organisation LIKE ?1 OR title LIKE ?1 OR notes LIKE ?1"
                         "  OR phone LIKE ?1 OR email LIKE ?1)"
                         " FROM contacts WHERE NOT deleted"
                         " ORDER BY tier, name COLLATE NOCASE, id");
  if (stmt == NULL)
    return G_LIST_MODEL (contacts);

  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(FbContact) contact = contact_from_row (stmt);

      if (sqlite3_column_int (stmt, 11) != 0 || shows_text (contact, folded))
        g_list_store_append (contacts, contact);
    }
  sqlite3_reset (stmt);

  return G_LIST_MODEL (contacts);
}

FbContact *
fb_store_get_contact (FbStore    *self,
                      const char *id)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT " CONTACT_COLUMNS " FROM contacts WHERE id = ? AND NOT deleted");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  return collect_one (stmt, (RowFunc) contact_from_row);
}

GListModel *
fb_store_list_checklist (FbStore    *self,
                         const char *incident)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  stmt = _fb_store_stmt (self,
                         "SELECT " CHECKLIST_COLUMNS " FROM checklist WHERE incident = ? ORDER BY"
                         " CASE section WHEN 'fact-finding' THEN 0 WHEN 'escalation' THEN 1"
                         " WHEN 'damage-limitation' THEN 2 WHEN 'recovery' THEN 3"
                         " WHEN 'communications' THEN 4 ELSE 5 END, position, id");
  sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_TRANSIENT);

  return collect (stmt, FB_TYPE_CHECKLIST_ITEM, (RowFunc) checklist_item_from_row);
}

FbChecklistItem *
fb_store_get_checklist_item (FbStore    *self,
                             const char *id)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _fb_store_stmt (self, "SELECT " CHECKLIST_COLUMNS " FROM checklist WHERE id = ?");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  return collect_one (stmt, (RowFunc) checklist_item_from_row);
}
