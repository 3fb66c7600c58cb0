/* test-restrict.c — need-to-know incidents through a real server
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three workstations: the commander's, one whose user may see the
 * incident through a group, and one whose user may not. The last one's
 * raw pull pages and live frames hold no byte of the incident's text,
 * its record still verifies, and lifting the restriction brings it all.
 */

#include "config.h"

#include "fb-sync-test-peer.h"
#include "fb-test-live.h"

#define SECRET_TITLE "Payroll diversion by a named employee"
#define SECRET_ENTRY "Statement taken from the informant"
#define SECRET_LATE  "Police request reference 4471"

/* Helpers ----------------------------------------------------------------- */

static void
run_server_command (FbTestServer       *server,
                    const char * const *args,
                    gboolean            succeeds,
                    char              **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;

  g_ptr_array_add (argv, (gpointer) FIREBREAK_SERVER_PATH);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, server->db_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc) == succeeds);
}

typedef struct
{
  FbTestPeer *peer;
  const char *incident;
  guint       n_entries;
} Holding;

static gboolean
holds_entries (gpointer data)
{
  Holding *h = data;
  g_autoptr(FbIncident) incident = fb_store_get_incident (h->peer->store, h->incident);

  return incident != NULL && fb_store_count_entries (h->peer->store, h->incident) == h->n_entries &&
         fb_sync_client_get_state (h->peer->client) == FB_SYNC_STATE_UP_TO_DATE;
}

static void
wait_for_entries (FbTestPeer *peer,
                  const char *incident,
                  guint       n_entries)
{
  Holding h = { peer, incident, n_entries };

  fb_test_wait_until (holds_entries, &h, "the incident and its entries to arrive");
}

typedef struct
{
  FbTestPeer *peer;
  gint64      head;
} Caught;

static gboolean
caught_up (gpointer data)
{
  Caught *c = data;
  g_autofree char *cursor = fb_store_get_meta (c->peer->store, "sync.cursor");

  return fb_sync_client_get_state (c->peer->client) == FB_SYNC_STATE_UP_TO_DATE &&
         fb_store_count_outbox (c->peer->store) == 0 &&
         cursor != NULL && g_ascii_strtoll (cursor, NULL, 10) >= c->head;
}

static void
wait_caught_up (FbTestPeer   *peer,
                FbTestServer *server,
                const char   *token)
{
  g_autoptr(FbTestReply) info = fb_test_http (server, "GET", "/api/v1/info", token, NULL, NULL, 0);
  Caught c = { peer, json_object_get_int_member (json_node_get_object (info->root), "head") };

  fb_test_wait_until (caught_up, &c, "the workstation to pull up to the server's head");
}

static void
assert_verifies (FbTestPeer *peer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) check = fb_store_verify (peer->store, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (check->problem);
}

static void
assert_no_secret (const char *bytes,
                  const char *incident)
{
  const char *secrets[] = { SECRET_TITLE, SECRET_ENTRY, SECRET_LATE, "Payroll", "informant", "Police" };

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_null (strstr (bytes, secrets[i]));
  if (incident != NULL)
    g_assert_null (strstr (bytes, incident));
}

static void
restrict_incident (FbTestPeer         *peer,
                   const char         *incident,
                   gboolean            restricted,
                   const char * const *users,
                   const char * const *groups,
                   gboolean            visible)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRestriction) restriction = fb_restriction_new (restricted, users, groups, visible);
  g_autofree char *self = NULL;
  g_auto(GStrv) self_groups = NULL;

  self = fb_store_get_sync_user (peer->store, &self_groups);
  g_assert_cmpstr (self, ==, "cmdr");
  g_assert_true (fb_store_restrict_incident (peer->store, incident, restriction, self,
                                             (const char * const *) self_groups, &error));
  g_assert_no_error (error);
}

/* An op for @incident made on a scratch store, pushed raw with @token. */
static FbTestReply *
push_foreign_op (FbTestDir    *dir,
                 const char   *name,
                 FbTestServer *server,
                 const char   *token,
                 FbOpKind      kind,
                 const char   *incident,
                 JsonObject   *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fb_test_dir_file (dir, name);
  g_autoptr(FbStore) scratch = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autofree char *json = NULL;
  g_autofree char *request = NULL;
  FbOp *op;

  g_assert_no_error (error);
  op = fb_op_new (kind, incident, kind == FB_OP_KIND_ENTRY_ADD ? NULL : incident, body);
  if (op->entity == NULL)
    op->entity = fb_uuid_new ();
  g_ptr_array_add (drafts, op);
  g_assert_true (fb_store_apply (scratch, drafts, NULL, FB_APPLY_LOCAL, NULL, &error));
  g_assert_no_error (error);

  json = fb_op_to_json (op, NULL);
  request = g_strdup_printf ("{\"ops\":[%s]}", json);
  return fb_test_http (server, "POST", "/api/v1/ops", token, "application/json", request, -1);
}

/* The test ---------------------------------------------------------------- */

static void
test_restrict_need_to_know (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *cmdr_token = fb_test_server_add_user (server, "cmdr", FALSE);
  g_autofree char *hr_token = fb_test_server_add_user (server, "hr", FALSE);
  g_autofree char *other_token = fb_test_server_add_user (server, "other", FALSE);
  g_autoptr(FbTestPeer) cmdr = NULL;
  g_autoptr(FbTestPeer) hr = NULL;
  g_autoptr(FbTestPeer) other = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *groups_out = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *open_incident = NULL;
  g_auto(GStrv) hidden = NULL;
  const char *only_cmdr[] = { "cmdr", NULL };
  const char *hr_team[] = { "hr-team", NULL };
  const char *none[] = { NULL };
  guint n_secret_entries;
  FbTestLive live = { 0 };
  FbTestLive live_ops = { 0 };

  run_server_command (server, (const char *[]) { "user", "group-add", "hr-team", "hr", NULL }, TRUE, NULL);
  run_server_command (server, (const char *[]) { "user", "group-add", "hr-team", "nobody", NULL }, FALSE, NULL);
  run_server_command (server, (const char *[]) { "user", "group-add", "hr team", "hr", NULL }, FALSE, NULL);
  run_server_command (server, (const char *[]) { "user", "group-remove", "hr-team", "other", NULL }, FALSE, NULL);
  run_server_command (server, (const char *[]) { "user", "groups", NULL }, TRUE, &groups_out);
  g_assert_cmpstr (groups_out, ==, "hr-team\thr\n");

  /* A token learns who it is, and its groups. */
  {
    g_autoptr(FbTestReply) info = fb_test_http (server, "GET", "/api/v1/info", hr_token, NULL, NULL, 0);

    g_assert_nonnull (strstr (info->body, "\"user\":\"hr\",\"groups\":[\"hr-team\"]"));
  }

  cmdr = fb_test_peer_new (dir, "cmdr.db", server, cmdr_token, NULL);
  hr = fb_test_peer_new (dir, "hr.db", server, hr_token, NULL);
  other = fb_test_peer_new (dir, "other.db", server, other_token, NULL);
  fb_test_live_open (session, server, other_token, &live);
  g_assert_no_error (live.error);
  fb_test_live_open_with (session, server, other_token, "ops=1", &live_ops);
  g_assert_no_error (live_ops.error);

  /* The commander learns who it is from the server first. */
  fb_sync_client_start (cmdr->client);
  wait_caught_up (cmdr, server, cmdr_token);

  /* Restricted before anything of it left this workstation: its create,
   * its entries and the restriction are sent together. A public
   * incident after it puts ops of the same device behind its links. */
  fb_sync_client_stop (cmdr->client);
  secret = fb_store_create_incident (cmdr->store, SECRET_TITLE, "insider", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  g_free (fb_store_add_entry (cmdr->store, secret, FB_ENTRY_FACT, SECRET_ENTRY, 0, NULL, NULL, &error));
  g_assert_no_error (error);
  restrict_incident (cmdr, secret, TRUE, only_cmdr, hr_team, FALSE);
  open_incident = fb_store_create_incident (cmdr->store, "Phishing wave", "phishing", 3, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  n_secret_entries = fb_store_count_entries (cmdr->store, secret);

  /* Leaving oneself out is refused before anything is recorded. */
  {
    g_autoptr(FbRestriction) lockout = fb_restriction_new (TRUE, (const char *[]) { "hr", NULL }, none, FALSE);

    g_assert_false (fb_store_restrict_incident (cmdr->store, secret, lockout, "cmdr", NULL, &error));
    g_assert_error (error, FB_ERROR, FB_ERROR_INVALID);
    g_clear_error (&error);
  }

  fb_sync_client_start (cmdr->client);
  fb_sync_client_start (hr->client);
  fb_sync_client_start (other->client);
  wait_caught_up (cmdr, server, cmdr_token);

  /* Through the group: everything. */
  wait_for_entries (hr, secret, n_secret_entries);
  wait_for_entries (hr, open_incident, fb_store_count_entries (cmdr->store, open_incident));
  assert_verifies (hr);

  /* Without access: the public incident, nothing of the other, and a
   * record that verifies. */
  wait_for_entries (other, open_incident, fb_store_count_entries (cmdr->store, open_incident));
  wait_caught_up (other, server, other_token);
  {
    g_autoptr(FbIncident) none_here = fb_store_get_incident (other->store, secret);
    g_autoptr(FbTestReply) page = fb_test_http (server, "GET", "/api/v1/ops?since=0", other_token, NULL, NULL, 0);

    g_assert_null (none_here);
    assert_verifies (other);
    g_assert_true (fb_store_holds_hidden_places (other->store));
    g_assert_cmpuint (page->status, ==, 200);
    assert_no_secret (page->body, secret);
    g_assert_nonnull (strstr (page->body, "\"link\":"));
    g_assert_nonnull (strstr (page->body, "\"restricted\":[]"));
    g_assert_cmpuint (live.n_messages, >, 0);
    assert_no_secret (live.frames->str, secret);
  }

  /* A page of one op at a time, starting on a hidden one, as a client
   * resuming there asks. */
  for (guint since = 0; since < 6; since++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/ops?since=%u&limit=1", since);
      g_autoptr(FbTestReply) page = fb_test_http (server, "GET", path, other_token, NULL, NULL, 0);

      g_assert_cmpuint (page->status, ==, 200);
      assert_no_secret (page->body, secret);
    }

  /* A push into it from the user without access is refused, and so is
   * a restriction that leaves out whoever sends it. */
  {
    JsonObject *body = json_object_new ();
    g_autoptr(FbTestReply) refused = NULL;
    g_autoptr(FbTestReply) lockout = NULL;
    g_autoptr(FbRestriction) only_hr = fb_restriction_new (TRUE, (const char *[]) { "hr", NULL }, none, FALSE);

    json_object_set_string_member (body, "kind", "fact");
    json_object_set_string_member (body, "text", "Slipped in");
    json_object_set_int_member (body, "occurred_at", 1764000000000);
    refused = push_foreign_op (dir, "scratch-1.db", server, other_token, FB_OP_KIND_ENTRY_ADD, secret, body);
    g_assert_cmpuint (refused->status, ==, 403);
    g_assert_cmpstr (fb_test_reply_error_code (refused), ==, "restricted");

    lockout = push_foreign_op (dir, "scratch-2.db", server, other_token, FB_OP_KIND_INCIDENT_RESTRICT, open_incident,
                               fb_restriction_to_json (only_hr));
    g_assert_cmpuint (lockout->status, ==, 403);
    g_assert_cmpstr (fb_test_reply_error_code (lockout), ==, "restricted");
  }

  /* The others may be told that it exists: its id, nothing more. */
  restrict_incident (cmdr, secret, TRUE, only_cmdr, hr_team, TRUE);
  g_free (fb_store_add_entry (cmdr->store, secret, FB_ENTRY_FACT, SECRET_LATE, 0, NULL, NULL, &error));
  g_assert_no_error (error);
  n_secret_entries = fb_store_count_entries (cmdr->store, secret);
  wait_caught_up (cmdr, server, cmdr_token);
  wait_caught_up (other, server, other_token);
  hidden = fb_store_get_hidden_incidents (other->store);
  g_assert_cmpstrv (hidden, ((const char *[]) { secret, NULL }));
  {
    g_autoptr(FbTestReply) page = fb_test_http (server, "GET", "/api/v1/ops?since=0", other_token, NULL, NULL, 0);

    assert_no_secret (page->body, NULL);
    assert_no_secret (live.frames->str, secret);
    /* Notices with their ops build the pull's page: the late entry came
     * to the user without access as its place alone. A socket that asked
     * for no ops got the head alone, as before. */
    g_assert_nonnull (strstr (live_ops.frames->str, "\"ops\":[{\"seq\""));
    g_assert_nonnull (strstr (live_ops.frames->str, "\"link\":"));
    assert_no_secret (live_ops.frames->str, NULL);
    g_assert_null (strstr (live.frames->str, "\"ops\""));
  }
  assert_verifies (other);
  wait_for_entries (hr, secret, n_secret_entries);

  /* Lifted: the ops replace the links they stood in for. */
  restrict_incident (cmdr, secret, FALSE, none, none, FALSE);
  n_secret_entries = fb_store_count_entries (cmdr->store, secret);
  wait_caught_up (cmdr, server, cmdr_token);
  wait_for_entries (other, secret, n_secret_entries);
  {
    g_autoptr(FbIncident) arrived = fb_store_get_incident (other->store, secret);
    g_auto(GStrv) gone = fb_store_get_hidden_incidents (other->store);

    g_assert_cmpstr (fb_incident_get_title (arrived), ==, SECRET_TITLE);
    g_assert_cmpstrv (gone, none);
    g_assert_false (fb_store_holds_hidden_places (other->store));
  }
  assert_verifies (other);

  /* Taken out of the group: what comes after is withheld from them too,
   * what they hold stays. */
  restrict_incident (cmdr, secret, TRUE, only_cmdr, hr_team, FALSE);
  wait_caught_up (cmdr, server, cmdr_token);
  wait_for_entries (hr, secret, fb_store_count_entries (cmdr->store, secret));
  run_server_command (server, (const char *[]) { "user", "group-remove", "hr-team", "hr", NULL }, TRUE, NULL);
  g_free (fb_store_add_entry (cmdr->store, secret, FB_ENTRY_FACT, "Final Payroll note", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  wait_caught_up (cmdr, server, cmdr_token);
  wait_caught_up (hr, server, hr_token);
  {
    g_autoptr(FbTestReply) page = fb_test_http (server, "GET", "/api/v1/ops?since=0", hr_token, NULL, NULL, 0);

    g_assert_null (strstr (page->body, "Final Payroll note"));
    g_assert_cmpuint (fb_store_count_entries (hr->store, secret), ==, fb_store_count_entries (cmdr->store, secret) - 1);
    assert_verifies (hr);
  }

  /* Back in the group: the next change anyone makes brings them what
   * they missed, in place of its links. */
  run_server_command (server, (const char *[]) { "user", "group-add", "hr-team", "hr", NULL }, TRUE, NULL);
  g_free (fb_store_add_entry (cmdr->store, open_incident, FB_ENTRY_FACT, "Filter rule updated", 0, NULL, NULL,
                              &error));
  g_assert_no_error (error);
  wait_caught_up (cmdr, server, cmdr_token);
  wait_for_entries (hr, secret, fb_store_count_entries (cmdr->store, secret));
  assert_verifies (hr);

  fb_test_live_clear (&live);
  fb_test_live_clear (&live_ops);
  fb_sync_client_stop (cmdr->client);
  fb_sync_client_stop (hr->client);
  fb_sync_client_stop (other->client);
}

/* Incidents recorded before the server knew restrictions: its upgrade
 * notes each op's incident, so restricting one later withholds all of
 * it. */
static void
test_restrict_after_upgrade (void)
{
  if (fb_test_server_skip_on_postgresql ("an upgrade of the SQLite file; a PostgreSQL database has every column from its start"))
    return;

  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *cmdr_token = fb_test_server_add_user (server, "cmdr", FALSE);
  g_autofree char *other_token = fb_test_server_add_user (server, "other", FALSE);
  g_autoptr(FbTestPeer) cmdr = fb_test_peer_new (dir, "cmdr.db", server, cmdr_token, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  const char *only_cmdr[] = { "cmdr", NULL };

  secret = fb_store_create_incident (cmdr->store, SECRET_TITLE, "insider", 1, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  g_free (fb_store_add_entry (cmdr->store, secret, FB_ENTRY_FACT, SECRET_ENTRY, 0, NULL, NULL, &error));
  g_assert_no_error (error);
  fb_sync_client_start (cmdr->client);
  wait_caught_up (cmdr, server, cmdr_token);
  fb_sync_client_stop (cmdr->client);

  /* Back to the database as a server of version 2 left it. */
  fb_test_server_rewrite (server, "DROP TABLE groups; DROP TABLE restrictions;"
                                  "ALTER TABLE ops DROP COLUMN incident; ALTER TABLE ops DROP COLUMN prev;"
                                  "PRAGMA user_version = 2;");
  g_assert_cmpint (fb_test_server_query (server, "PRAGMA user_version"), ==, 3);
  g_assert_cmpint (fb_test_server_query (server, "SELECT count(*) FROM ops WHERE incident IS NOT json_extract (op, '$.incident')"
                                                 " OR prev IS NOT json_extract (op, '$.prev')"), ==, 0);

  fb_sync_client_start (cmdr->client);
  wait_caught_up (cmdr, server, cmdr_token);
  restrict_incident (cmdr, secret, TRUE, only_cmdr, NULL, FALSE);
  wait_caught_up (cmdr, server, cmdr_token);
  {
    g_autoptr(FbTestReply) page = fb_test_http (server, "GET", "/api/v1/ops?since=0", other_token, NULL, NULL, 0);

    g_assert_cmpuint (page->status, ==, 200);
    assert_no_secret (page->body, secret);
  }
  fb_sync_client_stop (cmdr->client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/restrict/need-to-know", test_restrict_need_to_know);
  g_test_add_func ("/restrict/after-upgrade", test_restrict_after_upgrade);

  return g_test_run ();
}
