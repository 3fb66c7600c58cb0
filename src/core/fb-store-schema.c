/* fb-store-schema.c — the store's tables, their migrations, and the look
 * at a file before it is opened
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-error.h"
#include "fb-store-private.h"

/* Each version's script takes the database from the one before it;
 * fb_sqlite_migrate() runs them. */
static const char * const schema_scripts[] = {
  /* 1 */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE ops ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  device TEXT NOT NULL,"
  "  device_seq INTEGER NOT NULL,"
  "  prev TEXT NOT NULL,"
  "  hash TEXT NOT NULL,"
  "  hlc TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  incident TEXT,"
  "  entity TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  UNIQUE (device, device_seq));"
  "CREATE TABLE clocks ("
  "  entity TEXT NOT NULL, field TEXT NOT NULL, stamp TEXT NOT NULL, value TEXT NOT NULL,"
  "  PRIMARY KEY (entity, field)) WITHOUT ROWID;"
  "CREATE TABLE incidents ("
  "  id TEXT PRIMARY KEY,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  kind TEXT NOT NULL DEFAULT 'generic',"
  "  severity INTEGER NOT NULL DEFAULT 3,"
  "  status TEXT NOT NULL DEFAULT 'open',"
  "  phase TEXT NOT NULL DEFAULT 'detection',"
  "  detected_at INTEGER NOT NULL DEFAULT 0,"
  "  declared_at INTEGER NOT NULL DEFAULT 0,"
  "  contained_at INTEGER NOT NULL DEFAULT 0,"
  "  resolved_at INTEGER NOT NULL DEFAULT 0,"
  "  containment_target_min INTEGER NOT NULL DEFAULT 60,"
  "  drill INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE entries ("
  "  id TEXT PRIMARY KEY,"
  "  incident TEXT NOT NULL,"
  "  occurred_at INTEGER NOT NULL,"
  "  recorded_at INTEGER NOT NULL,"
  "  hlc TEXT NOT NULL,"
  "  device TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  pinned INTEGER NOT NULL DEFAULT 0,"
  "  amends TEXT,"
  "  data TEXT,"
  "  op TEXT NOT NULL);"
  "CREATE INDEX entries_order ON entries (incident, occurred_at, hlc, id);"
  "CREATE INDEX entries_amends ON entries (amends) WHERE amends IS NOT NULL;"
  "CREATE TABLE roles ("
  "  incident TEXT NOT NULL, role TEXT NOT NULL, person TEXT NOT NULL, contact TEXT,"
  "  assigned_at INTEGER NOT NULL,"
  "  PRIMARY KEY (incident, role)) WITHOUT ROWID;"
  "CREATE TABLE workers ("
  "  id TEXT PRIMARY KEY,"
  "  incident TEXT NOT NULL,"
  "  person TEXT NOT NULL DEFAULT '',"
  "  status TEXT NOT NULL DEFAULT 'investigating',"
  "  task TEXT NOT NULL DEFAULT '',"
  "  contact TEXT);"
  "CREATE INDEX workers_incident ON workers (incident);"
  "CREATE TABLE contacts ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  organisation TEXT NOT NULL DEFAULT '',"
  "  title TEXT NOT NULL DEFAULT '',"
  "  category TEXT NOT NULL DEFAULT 'other',"
  "  tier INTEGER NOT NULL DEFAULT 0,"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  email TEXT NOT NULL DEFAULT '',"
  "  chat TEXT NOT NULL DEFAULT '',"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  example INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE checklist ("
  "  id TEXT PRIMARY KEY,"
  "  incident TEXT NOT NULL,"
  "  section TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  playbook_item TEXT NOT NULL DEFAULT '',"
  "  state TEXT NOT NULL DEFAULT 'todo',"
  "  assignee TEXT NOT NULL DEFAULT '',"
  "  due_at INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  done_at INTEGER NOT NULL DEFAULT 0,"
  "  done_by TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX checklist_incident ON checklist (incident, section, position);",

  /* 2: incident summaries for the report, and full-text search. The
   * trigram tokenizer finds words inside Japanese text, which has no
   * spaces for a word tokenizer to split on; searches are LIKE patterns,
   * which it answers without positions, so detail=none keeps the index
   * (and every insert) small. */
  "ALTER TABLE incidents ADD COLUMN summary TEXT NOT NULL DEFAULT '';"
  "CREATE VIRTUAL TABLE entries_fts USING fts5 ("
  "  text, content='entries', content_rowid='rowid', tokenize='trigram', detail='none');"
  "INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');",

  /* 3: links stand in for ops this store does not hold (another
   * incident's, on an imported file): device, number and hashes only, so
   * that a device's chain can be checked end to end without them. */
  "CREATE TABLE links ("
  "  device TEXT NOT NULL, device_seq INTEGER NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL,"
  "  PRIMARY KEY (device, device_seq)) WITHOUT ROWID;",

  /* 4: the overview's pinned facts, without reading the whole timeline. */
  "CREATE INDEX entries_pinned ON entries (incident, occurred_at, hlc, id) WHERE pinned;",

  /* 5: one kind of an incident's entries (the decisions, a kind filter on
   * the timeline) without reading all of them; and the escalations that
   * carry data, which are the contacts logged, for whom has been told. */
  "CREATE INDEX entries_kind ON entries (incident, kind, occurred_at, hlc, id);"
  "CREATE INDEX entries_contact_logs ON entries (incident, occurred_at, hlc, id)"
  "  WHERE kind = 'escalation' AND data IS NOT NULL;",

  /* 6: a worker taken off the board (worker.remove) stays in the record,
   * marked. */
  "ALTER TABLE workers ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;",

  /* 7: deadline clocks, and the answers that decide which rules apply.
   * aware_at 0 means "at detection". A deadline that no longer applies
   * is kept, marked, so that it can come back when the answer does. */
  "ALTER TABLE incidents ADD COLUMN aware_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE incidents ADD COLUMN personal_data INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE incidents ADD COLUMN eu_people INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE incidents ADD COLUMN nis2_entity INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE incidents ADD COLUMN improper_purpose INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE deadlines ("
  "  id TEXT PRIMARY KEY,"
  "  incident TEXT NOT NULL,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  basis TEXT NOT NULL DEFAULT '',"
  "  anchor TEXT NOT NULL DEFAULT 'detected',"
  "  minutes INTEGER NOT NULL DEFAULT 0,"
  "  due_at INTEGER NOT NULL DEFAULT 0,"
  "  rule TEXT NOT NULL DEFAULT '',"
  "  playbook_deadline TEXT NOT NULL DEFAULT '',"
  "  state TEXT NOT NULL DEFAULT 'open',"
  "  met_at INTEGER NOT NULL DEFAULT 0,"
  "  reason TEXT NOT NULL DEFAULT '',"
  "  inapplicable INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX deadlines_incident ON deadlines (incident);",

  /* 8: the cadence of stakeholder updates: every how many minutes, and to
   * which audiences (names joined by commas). */
  "ALTER TABLE incidents ADD COLUMN update_interval_min INTEGER NOT NULL DEFAULT 60;"
  "ALTER TABLE incidents ADD COLUMN update_audiences TEXT NOT NULL DEFAULT 'management,staff';",

  /* 9: what kind of record a row of incidents is ("incident" or
   * "readiness"), from its incident.create; older creates made incidents. */
  "ALTER TABLE incidents ADD COLUMN record TEXT NOT NULL DEFAULT 'incident';",

  /* 10: witnesses, the newest place of each device this store has seen
   * through sync or import (or of its own, confirmed by the server),
   * which verify checks the record still reaches; and the states (heads
   * under their digest) that reports and exports carried out of here or
   * imports brought in. */
  "CREATE TABLE witnesses ("
  "  device TEXT PRIMARY KEY, device_seq INTEGER NOT NULL, hash TEXT NOT NULL,"
  "  seen_at INTEGER NOT NULL, how TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE states ("
  "  digest TEXT PRIMARY KEY, heads TEXT NOT NULL, how TEXT NOT NULL,"
  "  recorded_at INTEGER NOT NULL) WITHOUT ROWID;",

  /* 11: who may see an incident: the body of its latest incident.restrict,
   * canonical JSON; NULL while it was never restricted. */
  "ALTER TABLE incidents ADD COLUMN restriction TEXT;",

  /* 12: handovers offered and then accepted, declined or withdrawn, with
   * the briefing; operational periods with theirs; when workers came on
   * and went off duty, whom they work with, and the hours on duty an
   * incident allows before a warning. */
  "CREATE TABLE handovers ("
  "  id TEXT PRIMARY KEY,"
  "  incident TEXT NOT NULL,"
  "  outgoing TEXT NOT NULL DEFAULT '',"
  "  incoming TEXT NOT NULL DEFAULT '',"
  "  contact TEXT,"
  "  situation TEXT NOT NULL DEFAULT '',"
  "  objectives TEXT NOT NULL DEFAULT '',"
  "  open_items TEXT NOT NULL DEFAULT '',"
  "  pending_decisions TEXT NOT NULL DEFAULT '',"
  "  deadlines TEXT NOT NULL DEFAULT '',"
  "  next_update_at INTEGER NOT NULL DEFAULT 0,"
  "  offered_at INTEGER NOT NULL DEFAULT 0,"
  "  offered_by TEXT NOT NULL DEFAULT '',"
  "  state TEXT NOT NULL DEFAULT 'offered',"
  "  closed_at INTEGER NOT NULL DEFAULT 0,"
  "  closed_by TEXT NOT NULL DEFAULT '',"
  "  closed_stamp TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX handovers_incident ON handovers (incident, offered_at);"
  "CREATE TABLE periods ("
  "  id TEXT PRIMARY KEY,"
  "  incident TEXT NOT NULL,"
  "  number INTEGER NOT NULL DEFAULT 0,"
  "  started_at INTEGER NOT NULL DEFAULT 0,"
  "  planned_min INTEGER NOT NULL DEFAULT 0,"
  "  situation TEXT NOT NULL DEFAULT '',"
  "  objectives TEXT NOT NULL DEFAULT '',"
  "  open_items TEXT NOT NULL DEFAULT '',"
  "  pending_decisions TEXT NOT NULL DEFAULT '',"
  "  deadlines TEXT NOT NULL DEFAULT '',"
  "  next_update_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX periods_incident ON periods (incident, started_at);"
  "ALTER TABLE workers ADD COLUMN on_duty_since INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE workers ADD COLUMN off_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE workers ADD COLUMN pair TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE incidents ADD COLUMN duty_limit_min INTEGER NOT NULL DEFAULT 720;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (schema_scripts) == FB_STORE_SCHEMA_VERSION);

/* The tables the user sees, which fb_store_verify() compares row by row
 * and column by column with the state the record's changes make. A table
 * a new kind of change writes is one more row here; a new column of a
 * table already here is compared without one, and named by its words
 * below once they are added. The words finish "The … of the …". */
static const FbRecordTable record_tables[] = {
  { "incidents", "id", "id", N_("incident “%s”"), "title", NULL, {
      { "title", NC_("column of the record", "title") },
      { "kind", NC_("column of the record", "kind") },
      { "severity", NC_("column of the record", "severity") },
      { "status", NC_("column of the record", "status") },
      { "phase", NC_("column of the record", "phase") },
      { "detected_at", NC_("column of the record", "time of detection") },
      { "declared_at", NC_("column of the record", "time of declaration") },
      { "contained_at", NC_("column of the record", "time of containment") },
      { "resolved_at", NC_("column of the record", "time of resolution") },
      { "containment_target_min", NC_("column of the record", "containment target") },
      { "drill", NC_("column of the record", "drill mark") },
      { "created_at", NC_("column of the record", "time of creation") },
      { "summary", NC_("column of the record", "summary") },
      { "aware_at", NC_("column of the record", "time of awareness") },
      { "personal_data", NC_("column of the record", "answer about personal data") },
      { "eu_people", NC_("column of the record", "answer about people in the EU") },
      { "nis2_entity", NC_("column of the record", "answer about NIS2") },
      { "improper_purpose", NC_("column of the record", "answer about improper purpose") },
      { "update_interval_min", NC_("column of the record", "update interval") },
      { "update_audiences", NC_("column of the record", "update audiences") },
      { "record", NC_("column of the record", "kind of record") },
      { "restriction", NC_("column of the record", "who may see it") },
      { "duty_limit_min", NC_("column of the record", "hours on duty allowed") } } },
  { "entries", "id", "incident", N_("timeline entry “%s”"), "text", NULL, {
      { "incident", NC_("column of the record", "incident") },
      { "occurred_at", NC_("column of the record", "time") },
      { "recorded_at", NC_("column of the record", "time of recording") },
      { "hlc", NC_("column of the record", "clock stamp") },
      { "device", NC_("column of the record", "device") },
      { "author", NC_("column of the record", "author") },
      { "kind", NC_("column of the record", "kind") },
      { "text", NC_("column of the record", "text") },
      { "pinned", NC_("column of the record", "pin") },
      { "amends", NC_("column of the record", "entry it amends") },
      { "data", NC_("column of the record", "details") },
      { "op", NC_("column of the record", "change") } } },
  { "roles", "incident, role", "incident", N_("role “%s”"), "role", NULL, {
      { "person", NC_("column of the record", "person") },
      { "contact", NC_("column of the record", "contact") },
      { "assigned_at", NC_("column of the record", "time of assignment") } } },
  { "workers", "id", "incident", N_("worker “%s”"), "person", NULL, {
      { "incident", NC_("column of the record", "incident") },
      { "person", NC_("column of the record", "name") },
      { "status", NC_("column of the record", "status") },
      { "task", NC_("column of the record", "task") },
      { "contact", NC_("column of the record", "contact") },
      { "removed", NC_("column of the record", "removal mark") },
      { "on_duty_since", NC_("column of the record", "time on duty since") },
      { "off_at", NC_("column of the record", "time off duty") },
      { "pair", NC_("column of the record", "pair") } } },
  { "contacts", "id", NULL, N_("contact “%s”"), "name", NULL, {
      { "name", NC_("column of the record", "name") },
      { "organisation", NC_("column of the record", "organisation") },
      { "title", NC_("column of the record", "job title") },
      { "category", NC_("column of the record", "category") },
      { "tier", NC_("column of the record", "tier") },
      { "phone", NC_("column of the record", "phone number") },
      { "email", NC_("column of the record", "email address") },
      { "chat", NC_("column of the record", "chat handle") },
      { "notes", NC_("column of the record", "notes") },
      { "example", NC_("column of the record", "example mark") },
      { "deleted", NC_("column of the record", "deletion mark") } } },
  { "checklist", "id", "incident", N_("checklist item “%s”"), "text", NULL, {
      { "incident", NC_("column of the record", "incident") },
      { "section", NC_("column of the record", "section") },
      { "text", NC_("column of the record", "text") },
      { "position", NC_("column of the record", "position") },
      { "playbook_item", NC_("column of the record", "playbook step") },
      { "state", NC_("column of the record", "state") },
      { "assignee", NC_("column of the record", "assignee") },
      { "due_at", NC_("column of the record", "due time") },
      { "note", NC_("column of the record", "note") },
      { "done_at", NC_("column of the record", "time it was finished") },
      { "done_by", NC_("column of the record", "person who finished it") } } },
  { "deadlines", "id", "incident", N_("deadline “%s”"), "name", NULL, {
      { "incident", NC_("column of the record", "incident") },
      { "name", NC_("column of the record", "name") },
      { "basis", NC_("column of the record", "legal basis") },
      { "anchor", NC_("column of the record", "starting point") },
      { "minutes", NC_("column of the record", "length") },
      { "due_at", NC_("column of the record", "due time") },
      { "rule", NC_("column of the record", "rule") },
      { "playbook_deadline", NC_("column of the record", "playbook deadline") },
      { "state", NC_("column of the record", "state") },
      { "met_at", NC_("column of the record", "time it was met") },
      { "reason", NC_("column of the record", "reason") },
      { "inapplicable", NC_("column of the record", "mark that it does not apply") },
      { "created_at", NC_("column of the record", "time of creation") } } },
  { "handovers", "id", "incident", N_("handover to “%s”"), "incoming", NULL, {
      { "incident", NC_("column of the record", "incident") },
      { "outgoing", NC_("column of the record", "outgoing commander") },
      { "incoming", NC_("column of the record", "incoming commander") },
      { "contact", NC_("column of the record", "contact") },
      { "situation", NC_("column of the record", "situation") },
      { "objectives", NC_("column of the record", "objectives") },
      { "open_items", NC_("column of the record", "open steps") },
      { "pending_decisions", NC_("column of the record", "pending decisions") },
      { "deadlines", NC_("column of the record", "deadlines") },
      { "next_update_at", NC_("column of the record", "next update") },
      { "offered_at", NC_("column of the record", "time of the offer") },
      { "offered_by", NC_("column of the record", "person who offered it") },
      { "state", NC_("column of the record", "state") },
      { "closed_at", NC_("column of the record", "time it was settled") },
      { "closed_by", NC_("column of the record", "person who settled it") } } },
  { "periods", "id", "incident", N_("operational period %s"), "number", NULL, {
      { "incident", NC_("column of the record", "incident") },
      { "number", NC_("column of the record", "number") },
      { "started_at", NC_("column of the record", "start") },
      { "planned_min", NC_("column of the record", "planned length") },
      { "situation", NC_("column of the record", "situation") },
      { "objectives", NC_("column of the record", "objectives") },
      { "open_items", NC_("column of the record", "open steps") },
      { "pending_decisions", NC_("column of the record", "pending decisions") },
      { "deadlines", NC_("column of the record", "deadlines") },
      { "next_update_at", NC_("column of the record", "next update") } } },
};

const FbRecordTable *
_fb_store_record_tables (guint *n_tables)
{
  *n_tables = G_N_ELEMENTS (record_tables);
  return record_tables;
}

const char *
_fb_store_schema_sql (guint version)
{
  g_return_val_if_fail (version >= 1 && version <= FB_STORE_SCHEMA_VERSION, NULL);

  return schema_scripts[version - 1];
}

/* What a new file needs besides its tables: the mark that it is ours, and
 * the identity of this device. */
static gboolean
create_identity (FbSqlite  *sql,
                 gpointer   data,
                 GError   **error)
{
  FbStore *self = data;
  g_autofree char *device = fb_uuid_new ();
  g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d", FB_STORE_APPLICATION_ID);

  return fb_sqlite_exec (sql, app_id, error) &&
         fb_store_set_meta (self, "device", device, error);
}

gboolean
_fb_store_migrate (FbStore *self,
                   GError **error)
{
  return fb_sqlite_migrate (&self->sql, schema_scripts, G_N_ELEMENTS (schema_scripts),
                            create_identity, self, error);
}

static gboolean
refuse (GError    **error,
        FbError     code,
        const char *path,
        const char *format,
        ...) G_GNUC_PRINTF (4, 5);

static gboolean
refuse (GError    **error,
        FbError     code,
        const char *path,
        const char *format,
        ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, FB_ERROR, code,
               _("Cannot open “%s”: %s It was left exactly as it was."),
               path, why);
  return FALSE;
}

/* Makes a new database where no file is, whole or not at all. */
gboolean
_fb_store_create (FbStore *self,
                  GError **error)
{
  return fb_sqlite_create (&self->sql, schema_scripts, G_N_ELEMENTS (schema_scripts),
                           create_identity, self, error);
}

/* Looks at an existing file without writing a byte of it, so that a
 * damaged, foreign or empty file is refused before anything could change
 * it. */
gboolean
_fb_store_probe_existing (const char *path,
                          gboolean    check_now,
                          gboolean    fully,
                          gint64     *version_out,
                          GError    **error)
{
  static const FbSqliteOwner owner = {
    FB_STORE_APPLICATION_ID,
    FB_STORE_SCHEMA_VERSION,
    N_("the file is empty and holds no record. Delete it to start a new record there, "
       "or restore the record from a backup."),
    N_("it is an SQLite database of another program, not of Firebreak."),
    N_("it was written by a newer version of Firebreak. Update Firebreak to open it."),
  };
  g_autoptr(GError) local = NULL;
  gint64 version;

  if (!fb_sqlite_probe (path, &owner, &version, &local))
    return refuse (error, local->code, path, "%s", local->message);

  /* A page damaged in the middle of the file would otherwise surface
   * later, in the middle of someone's work. A migration writes, so it
   * always waits for the full check. */
  if (version != FB_STORE_SCHEMA_VERSION)
    check_now = fully = TRUE;
  if (check_now && !fb_sqlite_check_file (path, fully, &local))
    {
      /* What a user can do about it, after SQLite's words. */
      if (g_error_matches (local, FB_ERROR, FB_ERROR_CORRUPT))
        return refuse (error, local->code, path,
                       _("%s Restore it from a backup, or sync a new database from the war-room server."),
                       local->message);
      return refuse (error, local->code, path, "%s", local->message);
    }

  *version_out = version;
  return TRUE;
}
