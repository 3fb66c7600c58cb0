/* bench-sync-outage.c — how long two workstations take to agree again after
 * their server was away for a minute, beside the same exchange with the
 * server there all along
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two clients of a real firebreak-server on 127.0.0.1. The server is
 * stopped for a minute (--outage-s to change it) while each workstation
 * records entries; the clients retry on their own timers as they would in
 * a war-room, and nothing tells them when the server is back. The figure
 * runs from the server listening again to both stores holding every entry
 * with nothing waiting. The floor is the same backlog exchanged by clients
 * started while the server runs: connecting, pushing and pulling without
 * any wait, measured in the same run.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fb-bench-util.h"
#include "fb-sync-client.h"
#include "sync/fb-sync-test-util.h"
#include "sync/fb-sync-test-peer.h"

#define TARGET_S 5.0

static int outage_s = 60;
static int backlog = 100;   /* entries per workstation */

typedef struct
{
  FbTestPeer **peers;
  const char  *incident;
  guint        n_entries;
} Agreement;

static gboolean
agreed (gpointer data)
{
  Agreement *a = data;

  for (guint i = 0; i < 2; i++)
    if (fb_sync_client_get_state (a->peers[i]->client) != FB_SYNC_STATE_UP_TO_DATE ||
        fb_store_count_outbox (a->peers[i]->store) != 0 ||
        fb_store_count_entries (a->peers[i]->store, a->incident) != a->n_entries)
      return FALSE;

  return TRUE;
}

static void
add_backlog (FbTestPeer *peer,
             const char *incident,
             const char *label)
{
  for (int i = 0; i < backlog; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("%s %d", label, i);

      g_free (fb_store_add_entry (peer->store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

static gboolean
on_outage_over_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbTestServer) server = NULL;
  g_autoptr(FbTestPeer) a = NULL;
  g_autoptr(FbTestPeer) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *incident = NULL;
  FbTestPeer *peers[2];
  Agreement agreement;
  gboolean over = FALSE;
  guint max_delay = 0;
  gint64 start;
  double floor_s, outage_figure;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (g_str_equal (argv[i], "--outage-s"))
        outage_s = atoi (argv[i + 1]);
      else if (g_str_equal (argv[i], "--backlog"))
        backlog = atoi (argv[i + 1]);
    }

  server = fb_test_server_new (dir, "server.db", (const char *[]) { "--quiet", NULL });
  token = fb_test_server_add_user (server, "warroom", FALSE);
  a = fb_test_peer_new (dir, "aiko.db", server, token, NULL);
  b = fb_test_peer_new (dir, "bram.db", server, token, NULL);
  peers[0] = a;
  peers[1] = b;

  incident = fb_store_create_incident (a->store, "Outage drill", "generic", 2, 0, 60, TRUE, &error);
  g_assert_no_error (error);
  agreement = (Agreement) { peers, incident, 0 };
  fb_sync_client_start (a->client);
  fb_sync_client_start (b->client);
  fb_test_wait_until (agreed, &agreement, "the workstations to agree at first");

  /* The floor: a backlog on both sides, clients started with the server up. */
  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);
  add_backlog (a, incident, "Aiko, before");
  add_backlog (b, incident, "Bram, before");
  agreement.n_entries += 2 * backlog;
  start = g_get_monotonic_time ();
  fb_sync_client_start (a->client);
  fb_sync_client_start (b->client);
  fb_test_wait_until (agreed, &agreement, "the floor's exchange");
  floor_s = fb_bench_seconds_since (start);

  /* The outage: work goes on, the clients keep trying on their own. */
  fb_test_server_stop (server);
  add_backlog (a, incident, "Aiko, in the outage");
  add_backlog (b, incident, "Bram, in the outage");
  agreement.n_entries += 2 * backlog;
  g_timeout_add_seconds ((guint) outage_s, on_outage_over_cb, &over);
  while (!over)
    {
      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < 2; i++)
        max_delay = MAX (max_delay, fb_sync_client_get_retry_delay (peers[i]->client));
    }

  fb_test_server_restart (server);
  start = g_get_monotonic_time ();
  fb_test_wait_until (agreed, &agreement, "the workstations to agree after the outage");
  outage_figure = fb_bench_seconds_since (start);

  printf ("two workstations, %d entries each way\n", backlog);
  printf ("agree again %d s after the server went away: %.3f s from its return (target %.1f s)\n",
          outage_s, outage_figure, TARGET_S);
  printf ("  floor: the same exchange with the server up all along: %.3f s\n", floor_s);
  printf ("  longest retry wait drawn in the outage: %.3f s (cap %.3f s)\n",
          max_delay / 1000.0, FB_SYNC_BACKOFF_MAX_MS / 1000.0);

  fb_sync_client_stop (a->client);
  fb_sync_client_stop (b->client);

  return outage_figure <= TARGET_S ? 0 : 1;
}
