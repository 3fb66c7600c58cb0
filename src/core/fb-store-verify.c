/* fb-store-verify.c — checking that the record is what was written
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every op carries the hash of its device's previous op, so each device's
 * ops form a chain. Walking the chains finds an op altered in the file (its
 * hash no longer matches), a missing op (a gap in the numbers) and a
 * forked or reordered history (a link that does not match). The timeline
 * is then compared with the ops that made it, which finds an entry edited,
 * removed or slipped in behind the program's back, and every other row the
 * user sees with the state the ops make (fb-store-replay.c). Damage to the
 * file itself, which SQLite's integrity check finds, comes first.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-sha256-private.h"
#include "fb-store-private.h"
#include "fb-store-witness-private.h"
#include "fb-store-verify-private.h"
#include "fb-task-private.h"

typedef FbVerifySteps Steps;

/* Keeps the first problem found. */
void
_fb_verification_report (FbVerification *result,
                         const char     *op_id,
                         char           *problem)
{
  if (result->problem != NULL)
    {
      g_free (problem);
      return;
    }

  result->problem = problem;
  result->op_id = g_strdup (op_id);
}

char *
_fb_verify_short_text (const char *text)
{
  if (g_utf8_strlen (text, -1) <= 40)
    return g_strdup (text);

  return g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (text, 40) - text), text);
}

/* Every row the check reads, counted only when someone is told. */
static guint64
count_steps (FbStore    *self,
             const char *incident)
{
  sqlite3_stmt *stmt;
  guint64 total = 0;

  /* The whole record's are counted from an index's pages, not read. */
  if (incident == NULL)
    stmt = _fb_store_stmt (self, "SELECT 2 * (SELECT count(*) FROM ops) + (SELECT count(*) FROM links)");
  else
    {
      stmt = _fb_store_stmt (self,
                             "SELECT (SELECT count(*) FROM ops) + (SELECT count(*) FROM links)"
                             " + (SELECT count(*) FROM ops WHERE incident = ?1)");
      sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    total = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return total;
}

/* Our own counter lives beside the log: removing our newest ops leaves
 * no gap in the chain, but the counter still remembers them. */
static void
check_counter (FbStore        *self,
               FbVerification *result)
{
  g_autofree char *counter = fb_store_get_meta (self, "device_seq");
  sqlite3_stmt *stmt;
  gint64 last = 0;

  stmt = _fb_store_stmt (self, "SELECT coalesce(max(device_seq), 0) FROM ops WHERE device = ?");
  sqlite3_bind_text (stmt, 1, self->device_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (counter != NULL && g_ascii_strtoll (counter, NULL, 10) > last)
    _fb_verification_report (result, NULL,
                             g_strdup_printf (_("This computer’s newest changes, after number %lld, are missing: they were removed from the database"),
                                              (long long) last));
}

static gboolean
check_chains (FbStore        *self,
              const char     *incident,
              FbSha256       *digest,
              FbVerification *result,
              Steps          *steps,
              GError        **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *device = NULL;
  g_autoptr(GString) prev = g_string_new (NULL);
  g_autoptr(GString) scratch = g_string_new (NULL);
  gint64 expected = 1;
  int rc;

  /* Links stand in for ops held elsewhere: their place in the chain is
   * checked, their contents cannot be. */
  stmt = _fb_store_stmt (self,
                         "SELECT 0, id, device, device_seq, prev, hash, hlc, author, type, incident, entity, body"
                         " FROM ops"
                         " UNION ALL"
                         " SELECT 1, NULL, device, device_seq, prev, hash, NULL, NULL, NULL, NULL, NULL, '{}'"
                         " FROM links l WHERE NOT EXISTS"
                         "  (SELECT 1 FROM ops o WHERE o.device = l.device AND o.device_seq = l.device_seq)"
                         " ORDER BY 3, 4");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(FbOp) decoded = NULL;
      g_autofree char *link_name = NULL;
      gboolean is_link = sqlite3_column_int (stmt, 0) != 0;
      gboolean proven = !is_link && _fb_verify_stored_bytes_hold (stmt, 1, scratch);
      const char *id = _fb_column_text (stmt, 1);
      const char *op_device = _fb_column_text (stmt, 2);
      gint64 op_seq = sqlite3_column_int64 (stmt, 3);
      const char *op_prev = _fb_column_text (stmt, 4);
      const char *op_hash = _fb_column_text (stmt, 5);
      const char *op_incident = (const char *) sqlite3_column_text (stmt, 9);
      const char *name = id;

      if ((++steps->done & 0x3ff) == 0 && !fb_progress_report (steps->progress, steps->done, steps->total, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }

      /* An op whose stored bytes are not the ones hashed is read as it
       * was written, to say what is wrong with it. */
      if (!is_link && !proven)
        {
          decoded = _fb_store_op_from_row (stmt, 1, &local_error);
          if (decoded == NULL)
            {
              _fb_verification_report (result, id, g_strdup (local_error->message));
              continue;
            }
        }

      /* A link has no id of its own: name it by its place. */
      if (is_link)
        name = link_name = g_strdup_printf (_("(held elsewhere, number %lld)"), (long long) op_seq);

      if (g_strcmp0 (device, op_device) != 0)
        {
          g_free (device);
          device = g_strdup (op_device);
          g_string_truncate (prev, 0);
          expected = 1;
          result->n_devices++;
        }

      if (op_seq != expected)
        _fb_verification_report (result, name,
                                 g_strdup_printf (_("Changes %lld to %lld of device %s are missing "
                                                    "before change %s: they were removed from the database"),
                                                  (long long) expected, (long long) (op_seq - 1), op_device, name));
      else if (decoded != NULL && !fb_op_verify_hash (decoded, &local_error))
        _fb_verification_report (result, name, g_strdup (local_error->message));
      else if (!g_str_equal (op_prev, prev->str))
        _fb_verification_report (result, name,
                                 g_strdup_printf (_("Change %s (device %s, number %lld) does not link to the change "
                                                    "before it: the history was reordered or forked"),
                                                  name, op_device, (long long) op_seq));

      if (!is_link && (incident == NULL || g_strcmp0 (op_incident, incident) == 0))
        {
          _fb_sha256_update (digest, (const guchar *) op_hash, strlen (op_hash));
          result->n_ops++;
        }

      g_string_assign (prev, op_hash);
      expected = op_seq + 1;
    }
  sqlite3_reset (stmt);

  if (!_fb_store_check (self, rc, error))
    return FALSE;

  check_counter (self, result);
  return TRUE;
}

/* Damage first: every row and every index entry read once, each index
 * compared with its table (fb-store-verify-file.c), on a connection of
 * its own. It runs in a thread of its own beside the rest, on the other
 * core. The rows of the log and of the timeline, which the rest reads
 * whole, it does not read again: the rest sums them for it (@sums). */
typedef struct
{
  char       *path;
  GThread    *thread;
  FbFileSums *sums;
  gint        stop;    /* the check was cancelled: no need to finish */
  GError     *error;
} FileCheck;

static gpointer
check_file_thread (gpointer data)
{
  FileCheck *check = data;

  _fb_verify_file_summed (check->path, &check->stop, check->sums, &check->error);
  return NULL;
}

static FileCheck *
start_file_check (FbStore    *self,
                  const char *incident)
{
  static const char * const whole_record[] = { "ops", "entries", NULL };
  static const char * const one_incident[] = { "ops", NULL };
  FileCheck *check = g_new0 (FileCheck, 1);

  /* One incident's check reads the whole log, but only its own rows of
   * the timeline. */
  check->path = g_strdup (self->sql.path);
  check->sums = _fb_file_sums_new (incident == NULL ? whole_record : one_incident);
  check->thread = g_thread_new ("fb-verify-file", check_file_thread, check);
  return check;
}

/* Waits for the check. Damage goes before any other problem, and before
 * an error of the rest of the check, which it may have caused. */
static gboolean
finish_file_check (FileCheck      *check,
                   FbVerification *result,
                   gboolean        ok,
                   GError        **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *path = check->path;

  /* A cancelled check ends at once; any other failure may have come
   * from damage, which the file's check then names. */
  if (!ok && error != NULL && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_atomic_int_set (&check->stop, TRUE);
  _fb_file_sums_close (check->sums);
  g_thread_join (check->thread);
  local = check->error;
  _fb_file_sums_free (check->sums);
  g_free (check);

  if (local == NULL)
    return ok;

  if (!g_error_matches (local, FB_ERROR, FB_ERROR_CORRUPT))
    {
      if (ok)
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (!ok && error != NULL)
    g_clear_error (error);
  g_clear_pointer (&result->problem, g_free);
  g_clear_pointer (&result->op_id, g_free);
  _fb_verification_report (result, NULL,
                           g_strdup_printf (_("The database file “%s”: %s Restore it from a backup, "
                                              "or sync a new database from the war-room server."),
                                            path, local->message));
  return TRUE;
}

static gboolean
entry_matches (sqlite3_stmt *row,
               const FbOp   *op,
               const char   *kind,
               const char   *text,
               gint64        occurred_at,
               const char   *amends)
{
  return g_str_equal (_fb_column_text (row, 0), op->incident) &&
         g_str_equal (_fb_column_text (row, 1), kind) &&
         g_str_equal (_fb_column_text (row, 2), text) &&
         sqlite3_column_int64 (row, 3) == occurred_at &&
         g_str_equal (_fb_column_text (row, 4), op->author) &&
         g_str_equal (_fb_column_text (row, 5), op->hlc) &&
         g_strcmp0 ((const char *) sqlite3_column_text (row, 6), amends) == 0 &&
         g_str_equal (_fb_column_text (row, 7), op->id);
}

static gboolean
check_entries (FbStore        *self,
               const char     *incident,
               FbVerification *result,
               Steps          *steps,
               GError        **error)
{
  sqlite3_stmt *ops_stmt, *stmt;
  int rc = SQLITE_DONE;

  /* One op at a time: a record of 100,000 ops is read without holding
   * them all. The statement is this function's own (the text differs from
   * fb_store_get_ops'), so nothing in the loop can reset it. */
  if (incident != NULL)
    {
      ops_stmt = _fb_store_stmt (self, "SELECT " FB_OP_COLUMNS " FROM ops o WHERE o.incident = ?"
                                       " ORDER BY o.seq /* verify */");
      sqlite3_bind_text (ops_stmt, 1, incident, -1, SQLITE_TRANSIENT);
    }
  else
    ops_stmt = _fb_store_stmt (self, "SELECT " FB_OP_COLUMNS " FROM ops o ORDER BY o.seq /* verify */");

  while (result->problem == NULL && (rc = sqlite3_step (ops_stmt)) == SQLITE_ROW)
    {
      g_autoptr(FbOp) op = _fb_store_op_from_row (ops_stmt, 0, error);
      FbDerivedEntry derived = { 0 };
      const char *entry_id, *kind, *text, *amends = NULL;
      gint64 occurred_at;
      gboolean found, matches = FALSE;
      FbHlc hlc;

      if (op == NULL || !fb_progress_report (steps->progress, ++steps->done, steps->total, error))
        {
          sqlite3_reset (ops_stmt);
          return FALSE;
        }

      if (op->kind == FB_OP_KIND_ENTRY_ADD)
        {
          entry_id = op->entity;
          kind = json_object_get_string_member (op->body, "kind");
          text = json_object_get_string_member (op->body, "text");
          occurred_at = json_object_get_int_member (op->body, "occurred_at");
          amends = json_object_get_string_member_with_default (op->body, "amends", NULL);
        }
      else if (_fb_store_derive_entry (op, &derived))
        {
          entry_id = op->id;
          kind = derived.kind;
          text = derived.text;
          fb_hlc_parse (op->hlc, &hlc);
          occurred_at = hlc.wall_ms;
        }
      else
        continue;

      stmt = _fb_store_stmt (self,
                             "SELECT incident, kind, text, occurred_at, author, hlc, amends, op"
                             " FROM entries WHERE id = ?");
      sqlite3_bind_text (stmt, 1, entry_id, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      if (found)
        matches = entry_matches (stmt, op, kind, text, occurred_at, amends);
      sqlite3_reset (stmt);

      if (!found)
        {
          g_autofree char *shown = _fb_verify_short_text (text);
          _fb_verification_report (result, op->id,
                                   g_strdup_printf (_("The timeline entry “%s” (%s), recorded by change %s, is missing: "
                                                      "it was deleted from the database"),
                                                    shown, entry_id, op->id));
        }
      else if (!matches)
        {
          g_autofree char *shown = _fb_verify_short_text (text);
          _fb_verification_report (result, op->id,
                                   g_strdup_printf (_("The timeline entry %s no longer matches the change %s that recorded it "
                                                      "(it read “%s”): it was altered in the database"),
                                                    entry_id, op->id, shown));
        }

      result->n_entries++;
      _fb_derived_entry_clear (&derived);
    }
  sqlite3_reset (ops_stmt);

  if (result->problem != NULL)
    return TRUE;
  if (!_fb_store_check (self, rc, error))
    return FALSE;

  if (incident != NULL)
    {
      stmt = _fb_store_stmt (self,
                             "SELECT e.id, e.text FROM entries e WHERE e.incident = ?"
                             " AND NOT EXISTS (SELECT 1 FROM ops o WHERE o.id = e.op) LIMIT 1");
      sqlite3_bind_text (stmt, 1, incident, -1, SQLITE_STATIC);
    }
  else
    stmt = _fb_store_stmt (self,
                           "SELECT e.id, e.text FROM entries e"
                           " WHERE NOT EXISTS (SELECT 1 FROM ops o WHERE o.id = e.op) LIMIT 1");

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *shown = _fb_verify_short_text (_fb_column_text (stmt, 1));
      _fb_verification_report (result, NULL,
                               g_strdup_printf (_("The timeline entry “%s” (%s) was not made by any recorded change: "
                                                  "it was inserted into the database behind Firebreak’s back"),
                                                shown, _fb_column_text (stmt, 0)));
    }
  sqlite3_reset (stmt);

  return TRUE;
}

/* The fast pass: the log read once, in the order it was taken, proves
 * the chains and the timeline together (fb-store-verify-chain.c,
 * fb-store-verify-entries.c). Only a record proven whole is settled here
 * without the ordered walk of the chains; anything else is walked as
 * check_chains () walks it, which names the first problem as it always
 * has, and what it does not find the full pass judges. */
static gboolean
check_fast (FbStore        *self,
            FbReplay       *replay,
            const char     *incident,
            FbFileSums     *sums,
            FbSha256       *digest,
            FbVerification *result,
            Steps          *steps,
            gboolean       *settled,
            GError        **error)
{
  g_autoptr(FbChainProof) chain = _fb_chain_proof_new (self, incident, error);
  g_autoptr(GError) local = NULL;
  gboolean intact = FALSE;
  guint n_entries = 0;

  if (chain == NULL)
    return FALSE;

  /* What could not be read, the ordered walk and the full pass read
   * again, and name when it is the record's fault. */
  if (!_fb_replay_check_fast (replay, incident, chain, sums, steps, &intact, &n_entries, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      intact = FALSE;
    }

  if (intact && _fb_chain_proof_finish (chain, digest, result))
    check_counter (self, result);
  else if (!check_chains (self, incident, digest, result, steps, error))
    return FALSE;

  if (!_fb_store_check_witnesses (self, result, error))
    return FALSE;

  if (result->problem == NULL)
    result->n_entries = n_entries;
  *settled = result->problem != NULL || intact;
  return TRUE;
}

/**
 * fb_store_verify:
 * @incident: (nullable): limit the timeline check and the digest to one
 *   incident; the chains are always checked whole, since an incident's ops
 *   are links in them
 *
 * Returns: (transfer full): the result, whose problem is %NULL when the
 *   record is intact; %NULL only when the database cannot be read
 */
FbVerification *
fb_store_verify (FbStore    *self,
                 const char *incident,
                 GError    **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  return _fb_store_verify_full (self, incident, NULL, error);
}

/* One pass of the check. The fast one proves an intact record without
 * applying its entry.adds again; when it cannot, *@settled is %FALSE and
 * the full pass must judge and name the difference. */
FbVerification *
_fb_store_verify_pass (FbStore    *self,
                       const char *incident,
                       gboolean    fast,
                       Steps      *steps,
                       gboolean   *settled,
                       GError    **error)
{
  g_autoptr(FbVerification) result = g_new0 (FbVerification, 1);
  g_autoptr(FbReplay) replay = _fb_replay_new (self, error);
  FileCheck *file_check = NULL;
  FbSha256 digest;
  char digest_hex[65];
  gboolean ok, checked_cells = FALSE;

  *settled = TRUE;
  if (replay == NULL)
    return NULL;
  _fb_sha256_init (&digest);

  /* The rows this connection sums for the check of the file are read as
   * that check reads them: every page from the file, not as this
   * connection kept it from an earlier read, and its cells checked as it
   * is read. */
  if (fast)
    {
      checked_cells = fb_sqlite_query_int (&self->sql, "PRAGMA cell_size_check", 0) != 0;
      sqlite3_db_release_memory (self->sql.db);
      if (!_fb_store_exec (self, "PRAGMA cell_size_check = ON", error))
        return NULL;
    }

  /* One read transaction: the changes and the rows made of them are read
   * as of one moment, whatever another program writes meanwhile. */
  if (!_fb_store_exec (self, "BEGIN", error))
    return NULL;

  if (fast)
    {
      file_check = start_file_check (self, incident);
      ok = check_fast (self, replay, incident, file_check->sums, &digest, result, steps, settled, error);
    }
  else
    {
      ok = check_chains (self, incident, &digest, result, steps, error) &&
           _fb_store_check_witnesses (self, result, error);
      if (ok && result->problem == NULL)
        ok = check_entries (self, incident, result, steps, error) &&
             (result->problem != NULL ||
              _fb_replay_check (replay, incident, result, steps, error));
    }
  sqlite3_exec (self->sql.db, "COMMIT", NULL, NULL, NULL);
  if (fast && !checked_cells)
    sqlite3_exec (self->sql.db, "PRAGMA cell_size_check = OFF", NULL, NULL, NULL);

  if (file_check != NULL)
    {
      ok = finish_file_check (file_check, result, ok, error);
      *settled |= result->problem != NULL;
    }
  if (!ok)
    return NULL;

  _fb_sha256_finish_hex (&digest, digest_hex);
  result->digest = g_strdup (digest_hex);
  return g_steal_pointer (&result);
}

/* As fb_store_verify(), telling @progress as it goes; %NULL with
 * %G_IO_ERROR_CANCELLED when its job is cancelled. */
FbVerification *
_fb_store_verify_full (FbStore    *self,
                       const char *incident,
                       FbProgress *progress,
                       GError    **error)
{
  Steps steps = { progress, 0, 0 };
  FbVerification *result;
  gboolean settled;

  /* The fast pass reads each op once more, beside its row or to apply it
   * again, and compares each table once. */
  if (progress != NULL)
    {
      guint n_tables;

      _fb_store_record_tables (&n_tables);
      steps.total = count_steps (self, incident) + n_tables + 1;
    }

  result = _fb_store_verify_pass (self, incident, TRUE, &steps, &settled, error);
  if (result == NULL || settled)
    return result;

  /* Something differs: the full replay finds and names it. The file was
   * found whole a moment ago. */
  fb_verification_free (result);
  if (progress != NULL)
    steps.total += count_steps (self, incident) + _fb_replay_count_steps (self, incident);
  return _fb_store_verify_pass (self, incident, FALSE, &steps, &settled, error);
}

/* In a worker thread ------------------------------------------------------
 *
 * The app checks the whole record when it opens it, beside the user's
 * work, so that a change made to the file behind its back is reported
 * without anyone asking. The thread has a connection of its own, with a
 * small page cache: it reads each op once. The pages themselves are the
 * calling store's to check (a damaged one fails this read too).
 */

static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FbReadJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  FbVerification *result;

  _fb_thread_step_back ();
  store = _fb_read_job_open (job, &error);

  if (store == NULL || !_fb_store_exec (store, "PRAGMA cache_size = -1024", &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = _fb_store_verify_full (store, job->incident, job->progress, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      fb_progress_done (job->progress);
      g_task_return_pointer (task, result, (GDestroyNotify) fb_verification_free);
    }
}

/**
 * fb_store_verify_in_background:
 *
 * Verifies the whole record, as fb_store_verify() does, in a thread.
 */
void
fb_store_verify_in_background (FbStore             *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_STORE (self));

  task = _fb_read_job_new (self, NULL, cancellable, NULL, NULL, fb_store_verify_in_background, callback, user_data);
  g_task_run_in_thread (task, verify_thread);
}

/**
 * fb_store_verify_async:
 * @incident: (nullable): as for fb_store_verify()
 * @progress: (nullable): told in the calling thread's main context as the
 *   check goes on, 1.0 last, before @callback; never once @cancellable is
 *   cancelled. @progress_data must live until @callback.
 *
 * Verifies the record as fb_store_verify() does, in a thread, on a
 * connection of its own. Finish with fb_store_verify_finish().
 */
void
fb_store_verify_async (FbStore             *self,
                       const char          *incident,
                       GCancellable        *cancellable,
                       FbProgressFunc       progress,
                       gpointer             progress_data,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = _fb_read_job_new (self, incident, cancellable, progress, progress_data,
                           fb_store_verify_async, callback, user_data);
  g_task_run_in_thread (task, verify_thread);
}

/**
 * fb_store_verify_finish:
 *
 * Returns: (transfer full): as fb_store_verify()
 */
FbVerification *
fb_store_verify_finish (FbStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fb_verification_free (FbVerification *verification)
{
  if (verification == NULL)
    return;

  g_free (verification->digest);
  g_free (verification->problem);
  g_free (verification->op_id);
  g_free (verification);
}
