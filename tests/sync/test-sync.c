/* test-sync.c — workstations converging through a real server, and
 * surviving the server, the network and themselves going away
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "fb-export.h"
#include "fb-playbook-library.h"
#include "fb-store-deadlines.h"
#include "fb-store-handover.h"
#include "fb-sync-client.h"
#include "fb-sync-test-util.h"
#include "fb-sync-test-peer.h"

static gboolean
has_incident (gpointer data)
{
  FbTestPeer **peer_and_id = data;
  g_autoptr(FbIncident) incident = fb_store_get_incident (peer_and_id[0]->store,
                                                          (const char *) peer_and_id[1]);
  return incident != NULL;
}

static void
wait_for_incident (FbTestPeer *peer,
                   const char *incident)
{
  gpointer data[2] = { peer, (gpointer) incident };

  fb_test_wait_until (has_incident, data, "the incident to arrive");
}

static void
add_entries (FbTestPeer *peer,
             const char *incident,
             guint       n,
             const char *label)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("%s %u", label, i);
      g_free (fb_store_add_entry (peer->store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));

      g_assert_no_error (error);
    }
}

static char *
create_incident (FbTestPeer *peer)
{
  g_autoptr(GError) error = NULL;
  char *id = fb_store_create_incident (peer->store, "Public cloud bucket exposed", "cloud-exposure",
                                       2, 0, 60, FALSE, &error);
  g_assert_no_error (error);
  return id;
}

/* Both started, and an incident made on the first that the second holds. */
static char *
start_with_incident (FbTestPeer *a,
                     FbTestPeer *b)
{
  char *incident;

  fb_sync_client_start (a->client);
  fb_sync_client_start (b->client);
  incident = create_incident (a);
  wait_for_incident (b, incident);
  fb_test_wait_until (fb_test_client_is_up_to_date, a->client, "the first workstation to be up to date");

  return incident;
}

/* Three workstations editing at once ------------------------------------ */

static void
test_sync_converge (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autoptr(FbTestPeer) a = fb_test_peer_new (dir, "aiko", server, token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (dir, "bram", server, token, NULL);
  g_autoptr(FbTestPeer) c = fb_test_peer_new (dir, "chen", server, token, NULL);
  FbTestPeer *peers[] = { a, b, c };
  g_autofree char *incident = NULL;

  for (guint i = 0; i < 3; i++)
    fb_sync_client_start (peers[i]->client);

  incident = create_incident (a);
  wait_for_incident (b, incident);
  wait_for_incident (c, incident);

  /* Interleaved, without waiting for each other: every peer's writes race
   * the others' through the server. The title is a last-writer-wins field
   * that all three set. */
  for (guint round = 0; round < 30; round++)
    {
      for (guint p = 0; p < 3; p++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonObject) fields = json_object_new ();
          g_autofree char *title = g_strdup_printf ("Bucket exposed (%s, round %u)",
                                                    fb_store_get_author (peers[p]->store), round);
          g_autofree char *text = g_strdup_printf ("%s saw thing %u", fb_store_get_author (peers[p]->store), round);
          g_free (fb_store_add_entry (peers[p]->store, incident, FB_ENTRY_FACT, text,
                                      0, NULL, NULL, &error));
          g_assert_no_error (error);

          if (round % 10 == 0)
            {
              json_object_set_string_member (fields, "title", title);
              fb_store_update_incident (peers[p]->store, incident, fields, &error);
              g_assert_no_error (error);
            }
        }
      g_main_context_iteration (NULL, FALSE);
    }

  /* Each peer's facts, and an entry for each of the nine titles. */
  fb_test_assert_converge (peers, 3, incident, 90 + 9);

  {
    g_autoptr(FbIncident) ia = fb_store_get_incident (a->store, incident);
    g_autoptr(FbIncident) ib = fb_store_get_incident (b->store, incident);
    g_autoptr(FbIncident) ic = fb_store_get_incident (c->store, incident);

    g_assert_cmpstr (fb_incident_get_title (ia), ==, fb_incident_get_title (ib));
    g_assert_cmpstr (fb_incident_get_title (ia), ==, fb_incident_get_title (ic));
  }

  g_assert_cmpint (fb_test_server_count_ops (server), ==, 1 + 90 + 9 + 9);
  fb_test_server_assert_sound (server);

  for (guint i = 0; i < 3; i++)
    fb_sync_client_stop (peers[i]->client);
}

/* A readiness review travels as what it is: the record type is in its
 * create, which the server stores and hands on like any other op. */
static void
test_sync_review (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autoptr(FbTestPeer) a = fb_test_peer_new (dir, "aiko", server, token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (dir, "bram", server, token, NULL);
  g_autoptr(FbPlaybookLibrary) library = fb_playbook_library_new_with_user_dir (NULL);
  FbPlaybook *preparation = fb_playbook_library_lookup (library, "preparation");
  FbTestPeer *peers[] = { a, b };
  g_autoptr(GError) error = NULL;
  g_autoptr(FbIncident) review = NULL;
  g_autoptr(GListModel) steps = NULL;
  g_autoptr(GListModel) deadlines = NULL;
  g_autofree char *id = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    fb_sync_client_start (peers[i]->client);

  id = fb_store_start_review (a->store, "Readiness review", preparation, &error);
  g_assert_no_error (error);
  wait_for_incident (b, id);
  add_entries (b, id, 2, "Reviewed with management");
  fb_test_assert_converge (peers, G_N_ELEMENTS (peers), id, 2);

  review = fb_store_get_incident (b->store, id);
  g_assert_true (fb_incident_is_review (review));
  steps = fb_store_list_checklist (b->store, id);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, fb_playbook_get_n_items (preparation));
  deadlines = fb_store_list_deadlines (b->store, id);
  g_assert_cmpuint (g_list_model_get_n_items (deadlines), ==, 0);
  fb_test_server_assert_sound (server);

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    fb_sync_client_stop (peers[i]->client);
}

/* A handover offered on one workstation and accepted on the other ------- */

static gboolean
handover_offered (gpointer data)
{
  FbTestPeer *peer = ((gpointer *) data)[0];
  g_autoptr(FbHandover) offered = fb_store_get_offered_handover (peer->store, ((gpointer *) data)[1]);

  return offered != NULL;
}

static gboolean
commanded_by_bram (gpointer data)
{
  FbTestPeer *peer = ((gpointer *) data)[0];
  g_autoptr(FbRole) role = fb_store_get_role (peer->store, ((gpointer *) data)[1], "commander");

  return role != NULL && g_str_equal (fb_role_get_person (role), "bram");
}

static gboolean
period_started (gpointer data)
{
  FbTestPeer *peer = ((gpointer *) data)[0];
  g_autoptr(FbPeriod) period = fb_store_get_current_period (peer->store, ((gpointer *) data)[1]);

  return period != NULL && fb_period_get_number (period) == 1;
}

static void
test_sync_handover (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autoptr(FbTestPeer) a = fb_test_peer_new (dir, "aiko", server, token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (dir, "bram", server, token, NULL);
  g_autoptr(FbBriefing) briefing = fb_briefing_new ();
  FbTestPeer *peers[] = { a, b };
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *handover = NULL;
  g_autofree char *period = NULL;
  g_autoptr(FbHandover) at_a = NULL;
  gpointer on_a[2], on_b[2];

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    fb_sync_client_start (peers[i]->client);

  incident = create_incident (a);
  g_assert_true (fb_store_assign_role (a->store, incident, "commander", "aiko", NULL, &error));
  g_assert_no_error (error);
  wait_for_incident (b, incident);
  on_a[0] = a;
  on_a[1] = incident;
  on_b[0] = b;
  on_b[1] = incident;

  g_free (briefing->situation);
  briefing->situation = g_strdup ("Bucket made private; logs pulled");
  handover = fb_store_offer_handover (a->store, incident, "bram", NULL, briefing, &error);
  g_assert_no_error (error);
  fb_test_wait_until (handover_offered, on_b, "the offer to reach bram");
  g_assert_false (commanded_by_bram (on_b));

  g_assert_true (fb_store_accept_handover (b->store, incident, handover, &error));
  g_assert_no_error (error);
  fb_test_wait_until (commanded_by_bram, on_a, "the acceptance to reach aiko");
  at_a = fb_store_get_handover (a->store, handover);
  g_assert_cmpint (fb_handover_get_state (at_a), ==, FB_HANDOVER_ACCEPTED);
  g_assert_cmpstr (fb_handover_get_closed_by (at_a), ==, "bram");

  period = fb_store_start_period (b->store, incident, 0, 12 * 60, NULL, &error);
  g_assert_no_error (error);
  fb_test_wait_until (period_started, on_a, "the period to reach aiko");

  /* The commander, the offer, the acceptance and the period. */
  fb_test_assert_converge (peers, G_N_ELEMENTS (peers), incident, 4);
  fb_test_server_assert_sound (server);

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    fb_sync_client_stop (peers[i]->client);
}

/* Offline work, and the server going away ----------------------------------- */

static void
test_sync_offline (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autoptr(FbTestPeer) a = fb_test_peer_new (dir, "aiko", server, token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (dir, "bram", server, token, NULL);
  FbTestPeer *peers[] = { a, b };
  g_autofree char *incident = NULL;
  gint64 before;

  incident = start_with_incident (a, b);

  /* Aiko's laptop leaves the network and keeps working. */
  fb_sync_client_stop (a->client);
  before = fb_test_server_count_ops (server);
  add_entries (a, incident, 10, "Offline note");
  g_assert_cmpuint (fb_sync_client_get_n_waiting (a->client), ==, 10);
  g_assert_cmpint (fb_test_server_count_ops (server), ==, before);
  /* Bram's may reach the server at once, on his live socket. */
  add_entries (b, incident, 5, "Online note");

  fb_sync_client_start (a->client);
  fb_test_assert_converge (peers, 2, incident, 15);

  /* Now the server goes down hard while both keep working. */
  fb_test_server_kill (server);
  add_entries (a, incident, 5, "Written while the server was down");
  add_entries (b, incident, 5, "Also written while the server was down");
  fb_test_wait_until (fb_test_client_is_offline, a->client, "aiko to notice the server is gone");
  fb_test_wait_until (fb_test_client_is_offline, b->client, "bram to notice the server is gone");
  g_assert_cmpuint (fb_sync_client_get_n_waiting (a->client), ==, 5);

  fb_test_server_restart (server);
  fb_test_assert_converge (peers, 2, incident, 25);
  fb_test_server_assert_sound (server);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
}

/* A long outage with work on both sides ------------------------------------ */

static gboolean
client_waits_to_retry (gpointer data)
{
  return fb_sync_client_get_state (data) == FB_SYNC_STATE_OFFLINE &&
         fb_sync_client_get_retry_delay (data) > 0;
}

/* The outage's minute of failed attempts is driven with "Try now" rather
 * than waited for: each attempt fails at once against the closed port, and
 * the wait drawn after it never passes the cap, however many came before.
 * When the server is back, the network monitor's change starts the next
 * attempt there and then, without the timer. */
static void
test_sync_outage (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autoptr(FbTestPeer) a = fb_test_peer_new (dir, "aiko", server, token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (dir, "bram", server, token, NULL);
  FbTestPeer *peers[] = { a, b };
  g_autofree char *incident = NULL;

  incident = start_with_incident (a, b);
  g_assert_false (fb_sync_client_retry_now (a->client));

  fb_test_server_stop (server);
  add_entries (a, incident, 30, "Written in the outage on aiko");
  add_entries (b, incident, 20, "Written in the outage on bram");

  for (guint i = 0; i < 12; i++)
    for (guint p = 0; p < G_N_ELEMENTS (peers); p++)
      {
        FbSyncClient *client = peers[p]->client;

        fb_test_wait_until (client_waits_to_retry, client, "a failed attempt to connect");
        g_assert_cmpuint (fb_sync_client_get_retry_delay (client), <=, FB_SYNC_BACKOFF_MAX_MS);
        if (fb_sync_client_retry_now (client))
          g_assert_cmpint (fb_sync_client_get_state (client), ==, FB_SYNC_STATE_CONNECTING);
      }
  fb_test_wait_until (client_waits_to_retry, a->client, "aiko to wait to retry");
  fb_test_wait_until (client_waits_to_retry, b->client, "bram to wait to retry");
  g_assert_cmpuint (fb_sync_client_get_n_waiting (a->client), ==, 30);
  g_assert_cmpuint (fb_sync_client_get_n_waiting (b->client), ==, 20);

  /* Nothing iterates the main loop from here to the signal: no timer can
   * have fired in between. */
  fb_test_server_restart (server);
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  g_assert_cmpint (fb_sync_client_get_state (a->client), ==, FB_SYNC_STATE_CONNECTING);
  g_assert_cmpint (fb_sync_client_get_state (b->client), ==, FB_SYNC_STATE_CONNECTING);
  g_assert_cmpuint (fb_sync_client_get_retry_delay (a->client), ==, 0);

  fb_test_assert_converge (peers, 2, incident, 50);
  fb_test_server_assert_sound (server);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
}

/* The server restarted while entries stream in ------------------------------ */

typedef struct
{
  FbTestPeer   *peer;
  const char   *incident;
  guint         posted;
  guint         total;
  guint         restart_at;
  FbTestServer *server;
  gboolean      hard;
} Stream;

static gboolean
on_stream_tick_cb (gpointer data)
{
  Stream *s = data;

  add_entries (s->peer, s->incident, 1, "Streamed entry");
  s->posted++;

  if (s->posted == s->restart_at)
    {
      if (s->hard)
        fb_test_server_kill (s->server);
      else
        fb_test_server_stop (s->server);
      fb_test_server_restart (s->server);
    }

  return s->posted < s->total ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
test_sync_server_restart (gconstpointer data)
{
  gboolean hard = GPOINTER_TO_INT (data);
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autoptr(FbTestPeer) a = fb_test_peer_new (dir, "aiko", server, token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (dir, "bram", server, token, NULL);
  FbTestPeer *peers[] = { a, b };
  g_autofree char *incident = NULL;
  Stream stream = { a, NULL, 0, 200, 80, server, hard };

  fb_sync_client_start (a->client);
  fb_sync_client_start (b->client);
  incident = create_incident (a);
  stream.incident = incident;
  wait_for_incident (b, incident);

  g_timeout_add (2, on_stream_tick_cb, &stream);
  fb_test_assert_converge (peers, 2, incident, 200);

  g_assert_cmpint (fb_test_server_count_ops (server), ==, 201);
  fb_test_server_assert_sound (server);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
}

/* The server killed during a batch --------------------------------------- */

static gboolean
server_has_some (gpointer data)
{
  return fb_test_server_count_ops (data) > 0;
}

static void
test_sync_server_killed_mid_batch (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", (const char *[]) { "--quiet", NULL });
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autoptr(FbTestPeer) a = fb_test_peer_new (dir, "aiko", server, token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (dir, "bram", server, token, NULL);
  FbTestPeer *peers[] = { a, b };
  g_autofree char *incident = create_incident (a);

  /* Eight batches' worth, written before the first push. */
  add_entries (a, incident, 1500, "Queued entry");
  fb_sync_client_start (a->client);

  fb_test_wait_until (server_has_some, server, "the first batch to land");
  fb_test_server_kill (server);
  g_test_message ("server killed holding %" G_GINT64_FORMAT " of 1501 ops", fb_test_server_count_ops (server));
  fb_test_server_assert_sound (server);

  fb_test_server_restart (server);
  fb_sync_client_start (b->client);
  fb_test_assert_converge (peers, 2, incident, 1500);
  g_assert_cmpint (fb_test_server_count_ops (server), ==, 1501);
  fb_test_server_assert_sound (server);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
}

/* A workstation killed before its push is acknowledged --------------------- */

static void
test_sync_client_killed_before_ack (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autofree char *path = fb_test_dir_file (dir, "laptop.db");
  g_autoptr(GSubprocess) helper = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbSyncClient) client = NULL;

  helper = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                             SYNC_HELPER_PATH, path, server->url, token, "20", NULL);
  g_assert_no_error (error);
  g_subprocess_wait (helper, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (helper));
  g_assert_cmpint (g_subprocess_get_term_sig (helper), ==, SIGKILL);

  /* The server has the ops; the laptop does not know it. */
  g_assert_cmpint (fb_test_server_count_ops (server), ==, 21);
  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fb_store_count_outbox (store), ==, 21);

  /* Back up: it sends them again, and the server keeps each once. */
  client = fb_sync_client_new (store, server->url, token, NULL);
  fb_sync_client_sync_once (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fb_store_count_outbox (store), ==, 0);
  g_assert_cmpint (fb_test_server_count_ops (server), ==, 21);
  fb_test_server_assert_sound (server);

  fb_test_assert_finalized (g_steal_pointer (&client));
}

/* A server restored from an older backup ------------------------------------- */

static gboolean
server_holds (gpointer data)
{
  gpointer *args = data;

  return fb_test_server_count_ops (args[0]) == GPOINTER_TO_INT (args[1]);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_sync_restore_backup (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autofree char *backup = fb_test_dir_file (dir, "backup.db");
  g_autoptr(FbTestPeer) a = fb_test_peer_new (dir, "aiko", server, token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (dir, "bram", server, token, NULL);
  FbTestPeer *peers[] = { a, b };
  g_autofree char *incident = NULL;
  guint n_ops = 0;

  fb_sync_client_start (a->client);
  fb_sync_client_start (b->client);
  incident = create_incident (a);
  add_entries (a, incident, 10, "Before the backup");
  fb_test_assert_converge (peers, 2, incident, 10);

  /* Last night's backup, taken with the server stopped: a copy of its
   * file, or pg_dump of its PostgreSQL database. */
  fb_test_server_stop (server);
  if (fb_test_server_on_postgresql ())
    fb_test_pg_backup (fb_test_pg_get (), server->db_path, backup);
  else
    copy_file (server->db_path, backup);
  fb_test_server_restart (server);

  add_entries (a, incident, 10, "After the backup, from aiko");
  add_entries (b, incident, 10, "After the backup, from bram");
  fb_test_assert_converge (peers, 2, incident, 30);

  /* The disk dies; the backup goes back in place, without today's work. */
  fb_test_server_stop (server);
  if (fb_test_server_on_postgresql ())
    fb_test_pg_restore (fb_test_pg_get (), server->db_path, backup);
  else
    {
      g_autofree char *wal = g_strconcat (server->db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (server->db_path, "-shm", NULL);
      g_unlink (wal);
      g_unlink (shm);
      copy_file (backup, server->db_path);
    }
  fb_test_server_restart (server);
  g_assert_cmpint (fb_test_server_count_ops (server), ==, 11);

  /* The workstations notice and refill it. */
  g_free (fb_test_store_digest (a->store, &n_ops));
  {
    gpointer args[2] = { server, GINT_TO_POINTER (n_ops) };
    fb_test_wait_until (server_holds, args, "the server to be refilled");
  }
  fb_test_server_assert_sound (server);

  /* And live sync goes on. */
  add_entries (b, incident, 1, "After the restore");
  fb_test_assert_converge (peers, 2, incident, 31);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
}

/* A new server (a new id) at the same address ------------------------------- */

static void
test_sync_new_server (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autofree char *old_tokens = fb_test_dir_file (dir, "old.db");
  g_autoptr(FbTestPeer) a = fb_test_peer_new (dir, "aiko", server, token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (dir, "bram", server, token, NULL);
  FbTestPeer *peers[] = { a, b };
  g_autofree char *incident = NULL;
  g_autofree char *first_id = NULL;
  guint n_ops = 0;

  fb_sync_client_start (a->client);
  fb_sync_client_start (b->client);
  incident = create_incident (a);
  add_entries (a, incident, 5, "On the old server");
  add_entries (b, incident, 5, "Also on the old server");
  fb_test_assert_converge (peers, 2, incident, 10);
  first_id = fb_store_get_meta (a->store, "sync.server_id");

  /* The server is replaced by an empty one that accepts the same token. */
  fb_test_server_stop (server);
  if (fb_test_server_on_postgresql ())
    {
      FbTestPg *pg = fb_test_pg_get ();
      g_autofree char *old = g_steal_pointer (&server->db_path);
      g_autofree char *row = fb_test_pg_query_text (pg, old, "SELECT format ('INSERT INTO tokens VALUES"
                                                             " (%L, %L, %s, %s, %s)', name, digest, read_only,"
                                                             " created_at, revoked_at) FROM tokens"
                                                             " WHERE name = 'warroom'");

      server->db_path = fb_test_pg_new_database (pg);
      g_free (fb_test_server_add_user (server, "placeholder", FALSE));
      fb_test_pg_query (pg, server->db_path, row);
    }
  else
    {
      g_autofree char *wal = g_strconcat (server->db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (server->db_path, "-shm", NULL);
      g_autoptr(GFile) src = g_file_new_for_path (server->db_path);
      g_autoptr(GFile) dst = g_file_new_for_path (old_tokens);
      g_autoptr(GError) error = NULL;
      sqlite3 *db = NULL;
      g_autofree char *sql = NULL;

      g_file_move (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_unlink (wal);
      g_unlink (shm);
      /* Creating a user creates the new database, with a new id. */
      g_free (fb_test_server_add_user (server, "placeholder", FALSE));

      g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
      sql = g_strdup_printf ("ATTACH '%s' AS old; INSERT INTO tokens SELECT * FROM old.tokens WHERE name = 'warroom';",
                             old_tokens);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
  fb_test_server_restart (server);
  g_assert_cmpint (fb_test_server_count_ops (server), ==, 0);

  g_free (fb_test_store_digest (a->store, &n_ops));
  {
    gpointer args[2] = { server, GINT_TO_POINTER (n_ops) };
    fb_test_wait_until (server_holds, args, "the new server to be filled");
  }
  fb_test_server_assert_sound (server);

  add_entries (b, incident, 1, "On the new server");
  fb_test_assert_converge (peers, 2, incident, 11);
  {
    g_autofree char *second_id = fb_store_get_meta (a->store, "sync.server_id");
    g_assert_nonnull (second_id);
    g_assert_cmpstr (first_id, !=, second_id);
  }

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
}

/* Changes imported from a file ------------------------------------------- */

static FbStore *
laptop_with_incident (FbTestDir   *dir,
                      const char  *name,
                      guint        n_incidents,
                      char       **last)
{
  g_autofree char *path = fb_test_dir_file (dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *laptop = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  fb_store_set_author (laptop, name);
  for (guint i = 0; i < n_incidents; i++)
    {
      g_free (*last);
      *last = fb_store_create_incident (laptop, "Laptop left on a train", "lost-device", 3, 0, 60, FALSE, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < 3; j++)
        g_free (fb_store_add_entry (laptop, *last, FB_ENTRY_FACT, "Noted offline", 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  return laptop;
}

static void
import_from (FbTestPeer *peer,
             FbStore    *laptop,
             const char *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fb_export_incident (laptop, incident, FB_EXPORT_JSON, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);
  g_assert_true (fb_import_incident (peer->store, data, len, NULL, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
has_stranded (gpointer data)
{
  return fb_sync_client_get_n_stranded (data) > 0;
}

static gboolean
offered (gpointer data)
{
  FbTestPeer *peer = data;
  g_auto(GStrv) offer = fb_store_get_offer (peer->store);

  return offer[0] == NULL && fb_sync_client_get_state (peer->client) == FB_SYNC_STATE_UP_TO_DATE;
}

/* An incident recorded offline on a laptop and imported at one workstation
 * reaches the others through the server: also the second incident of a
 * laptop whose first one never left it, whose file carries hash-only
 * links for the changes before it; those links go to the server and from
 * there to the other workstations, whose record then still verifies. */
static void
test_sync_imported (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *token = fb_test_server_add_user (server, "warroom", FALSE);
  g_autoptr(FbTestPeer) a = fb_test_peer_new (dir, "aiko", server, token, NULL);
  g_autoptr(FbTestPeer) b = fb_test_peer_new (dir, "bram", server, token, NULL);
  FbTestPeer *peers[] = { a, b };
  g_autofree char *whole = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(GError) error = NULL;
  FbStore *laptop;
  gint64 n_on_server;
  guint n_whole;

  fb_sync_client_start (a->client);
  fb_sync_client_start (b->client);
  fb_test_wait_until (fb_test_client_is_up_to_date, a->client, "the first workstation to connect");

  laptop = laptop_with_incident (dir, "laptop.db", 1, &whole);
  import_from (a, laptop, whole);
  wait_for_incident (b, whole);
  n_whole = fb_store_count_entries (laptop, whole);
  fb_test_assert_converge (peers, 2, whole, n_whole);
  g_assert_cmpuint (fb_sync_client_get_n_stranded (a->client), ==, 0);
  g_assert_finalize_object (laptop);

  /* The second incident of a laptop whose first one never left it. */
  laptop = laptop_with_incident (dir, "other-laptop.db", 2, &partial);
  n_on_server = fb_test_server_count_ops (server);
  import_from (a, laptop, partial);
  fb_test_wait_until (offered, a, "the imported changes to be offered");
  g_assert_cmpuint (fb_sync_client_get_n_stranded (a->client), ==, 0);
  wait_for_incident (b, partial);
  fb_test_assert_converge (peers, 2, partial, fb_store_count_entries (laptop, partial));
  {
    g_autoptr(GPtrArray) ops = fb_store_get_ops (laptop, partial, &error);

    g_assert_no_error (error);
    g_assert_cmpint (fb_test_server_count_ops (server), ==, n_on_server + (gint64) ops->len);
  }
  fb_test_server_assert_sound (server);

  /* Offered once: later passes do not send it again. */
  n_on_server = fb_test_server_count_ops (server);
  add_entries (a, whole, 1, "After the import");
  fb_test_assert_converge (peers, 2, whole, n_whole + 1);
  g_assert_cmpint (fb_test_server_count_ops (server), ==, n_on_server + 1);

  /* A copy of that laptop's database, used as well: the same device with
   * another history. A workstation that holds the first history refuses
   * the file; one that does not takes it, and the server refuses it from
   * there, which that workstation then counts. Nothing of it reaches the
   * server. */
  {
    g_autofree char *path = g_strdup (fb_store_get_path (laptop));
    g_autofree char *copy_path = fb_test_dir_file (dir, "copied-laptop.db");
    g_autoptr(GFile) source = g_file_new_for_path (path);
    g_autoptr(GFile) target = g_file_new_for_path (copy_path);
    g_autoptr(FbStore) copy = NULL;

    g_assert_finalize_object (laptop);
    g_assert_true (g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    copy = fb_store_open (copy_path, FB_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    g_free (fb_store_add_entry (copy, partial, FB_ENTRY_FACT, "Written on the copy", 0, NULL, NULL, &error));
    g_assert_no_error (error);

    laptop = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    g_free (fb_store_add_entry (laptop, partial, FB_ENTRY_FACT, "Written on the laptop", 0, NULL, NULL, &error));
    g_assert_no_error (error);

    import_from (a, laptop, partial);
    fb_test_wait_until (offered, a, "the laptop's later change to be offered");
    /* The other workstation must hold it before it can see the fork. */
    fb_test_assert_converge (peers, 2, partial, fb_store_count_entries (laptop, partial));
    n_on_server = fb_test_server_count_ops (server);

    {
      g_autoptr(GBytes) bytes = fb_export_incident (copy, partial, FB_EXPORT_JSON, &error);
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);
      g_autoptr(FbTestPeer) c = fb_test_peer_new (dir, "chie", server, token, NULL);

      g_assert_no_error (error);
      g_assert_false (fb_import_incident (b->store, data, len, NULL, NULL, &error));
      g_assert_nonnull (strstr (error->message, "forked"));
      g_clear_error (&error);

      g_assert_true (fb_import_incident (c->store, data, len, NULL, NULL, &error));
      g_assert_no_error (error);
      fb_sync_client_start (c->client);
      fb_test_wait_until (has_stranded, c->client, "the copy's change to be refused");
      fb_sync_client_stop (c->client);
    }
    g_assert_cmpint (fb_test_server_count_ops (server), ==, n_on_server);
    fb_test_server_assert_sound (server);
  }
  g_assert_finalize_object (laptop);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
}

/* A server that answers 503 with Retry-After is waited for, as long as it
 * asked, and shown as temporarily unavailable, not as refusing. Here the
 * server's file is held by another program (a backup), which makes each
 * push wait a moment and then be answered so. */
static void
test_sync_server_busy (void)
{
  g_autoptr(FbTestDir) dir = NULL;
  g_autoptr(FbTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autoptr(FbTestPeer) peer = NULL;
  g_autofree char *incident = NULL;
  sqlite3 *holder = NULL;

  if (fb_test_server_skip_on_postgresql ("Holds the server's SQLite file; the PostgreSQL outage is in test-pg-servers"))
    return;

  dir = fb_test_dir_new ();
  server = fb_test_server_new (dir, "server.db", NULL);
  token = fb_test_server_add_user (server, "alice", FALSE);
  peer = fb_test_peer_new (dir, "alice", server, token, NULL);

  fb_sync_client_start (peer->client);
  incident = create_incident (peer);
  fb_test_wait_until (fb_test_client_is_up_to_date, peer->client, "the client to sync");
  g_assert_cmpint (fb_test_server_count_ops (server), ==, 1);

  g_assert_cmpint (sqlite3_open (server->db_path, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  add_entries (peer, incident, 1, "Written while the server's file is held");
  fb_test_wait_until (fb_test_client_is_unavailable, peer->client, "the push to be answered 503");
  g_assert_nonnull (strstr (fb_sync_client_get_message (peer->client), "temporarily unavailable"));
  g_assert_cmpuint (fb_sync_client_get_retry_delay (peer->client), >=, 1000);
  g_assert_cmpint (fb_store_count_outbox (peer->store), ==, 1);

  sqlite3_exec (holder, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (holder);

  fb_test_wait_until (fb_test_client_is_up_to_date, peer->client, "the client to sync after the wait");
  g_assert_cmpint (fb_store_count_outbox (peer->store), ==, 0);
  g_assert_cmpint (fb_test_server_count_ops (server), ==, 2);
  fb_sync_client_stop (peer->client);
}

/* Tokens and certificates the client must refuse or be refused ------------ */

static void
test_sync_refused (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = fb_test_server_new (dir, "server.db", NULL);
  g_autofree char *reader = fb_test_server_add_user (server, "auditor", TRUE);
  g_autoptr(FbTestPeer) bad = fb_test_peer_new (dir, "bad", server, "fbt_wrong", NULL);
  g_autoptr(FbTestPeer) ro = fb_test_peer_new (dir, "ro", server, reader, NULL);
  g_autoptr(GError) error = NULL;

  fb_sync_client_start (bad->client);
  fb_test_wait_until (fb_test_client_is_refused, bad->client, "a bad token to be refused");
  g_assert_nonnull (fb_sync_client_get_message (bad->client));
  fb_sync_client_stop (bad->client);

  /* A read-only token may pull, not push. */
  g_free (create_incident (ro));
  fb_sync_client_sync_once (ro->client, &error);
  g_assert_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED);
  g_assert_cmpint (fb_sync_client_get_state (ro->client), ==, FB_SYNC_STATE_REFUSED);
  g_assert_cmpint (fb_test_server_count_ops (server), ==, 0);
}

static void
test_sync_tls (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autofree char *cert = NULL, *key = NULL, *pin = NULL;
  g_autoptr(FbTestServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *incident = NULL;

  fb_test_make_certificate (dir, &cert, &key);
  certificate = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  pin = fb_sync_certificate_fingerprint (certificate);

  server = fb_test_server_new (dir, "server.db",
                               (const char *[]) { "--tls-cert", cert, "--tls-key", key, NULL });
  g_assert_true (g_str_has_prefix (server->url, "https://"));
  token = fb_test_server_add_user (server, "warroom", FALSE);

  {
    g_autoptr(FbTestPeer) pinned = fb_test_peer_new (dir, "pinned", server, token, pin);
    g_autoptr(FbTestPeer) other = fb_test_peer_new (dir, "other", server, token, pin);
    FbTestPeer *peers[] = { pinned, other };

    incident = create_incident (pinned);
    add_entries (pinned, incident, 3, "Over TLS");
    fb_sync_client_start (pinned->client);
    fb_sync_client_start (other->client);
    fb_test_assert_converge (peers, 2, incident, 3);
    fb_sync_client_stop (pinned->client);
    fb_sync_client_stop (other->client);
  }

  /* Self-signed and not pinned: not trusted, and the token is not sent. */
  {
    g_autoptr(FbTestPeer) unpinned = fb_test_peer_new (dir, "unpinned", server, token, NULL);
    fb_sync_client_sync_once (unpinned->client, &error);
    g_assert_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED);
    g_assert_cmpint (fb_sync_client_get_state (unpinned->client), ==, FB_SYNC_STATE_REFUSED);
    g_clear_error (&error);
  }

  {
    g_autoptr(FbTestPeer) wrong = fb_test_peer_new (dir, "wrong", server, token,
                                      "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:"
                                      "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff");
    fb_sync_client_sync_once (wrong->client, &error);
    g_assert_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_REFUSED);
    g_clear_error (&error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/converge", test_sync_converge);
  g_test_add_func ("/sync/review", test_sync_review);
  g_test_add_func ("/sync/handover", test_sync_handover);
  g_test_add_func ("/sync/offline", test_sync_offline);
  g_test_add_func ("/sync/outage", test_sync_outage);
  g_test_add_data_func ("/sync/server-restart", GINT_TO_POINTER (FALSE), test_sync_server_restart);
  g_test_add_data_func ("/sync/server-sigkill-restart", GINT_TO_POINTER (TRUE), test_sync_server_restart);
  g_test_add_func ("/sync/server-killed-mid-batch", test_sync_server_killed_mid_batch);
  g_test_add_func ("/sync/client-killed-before-ack", test_sync_client_killed_before_ack);
  g_test_add_func ("/sync/restore-backup", test_sync_restore_backup);
  g_test_add_func ("/sync/new-server", test_sync_new_server);
  g_test_add_func ("/sync/imported", test_sync_imported);
  g_test_add_func ("/sync/server-busy", test_sync_server_busy);
  g_test_add_func ("/sync/refused", test_sync_refused);
  g_test_add_func ("/sync/tls", test_sync_tls);

  return g_test_run ();
}
