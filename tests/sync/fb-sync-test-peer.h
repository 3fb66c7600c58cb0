/* fb-sync-test-peer.h — a workstation for the sync tests: a store in the
 * test's folder and its client of a real server
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-sync-client.h"
#include "fb-sync-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  char         *path;
  FbStore      *store;
  FbSyncClient *client;
} FbTestPeer;

static inline FbTestPeer *
fb_test_peer_new (FbTestDir    *dir,
                  const char   *name,
                  FbTestServer *server,
                  const char   *token,
                  const char   *pin)
{
  g_autoptr(GError) error = NULL;
  FbTestPeer *peer = g_new0 (FbTestPeer, 1);

  peer->path = fb_test_dir_file (dir, name);
  peer->store = fb_store_open (peer->path, FB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fb_store_set_author (peer->store, name);
  peer->client = fb_sync_client_new (peer->store, server->url, token, pin);

  return peer;
}

static inline void
fb_test_peer_free (FbTestPeer *peer)
{
  if (peer == NULL)
    return;

  fb_test_assert_finalized (peer->client);
  g_assert_finalize_object (peer->store);
  g_free (peer->path);
  g_free (peer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbTestPeer, fb_test_peer_free)

static inline gboolean
fb_test_client_is_up_to_date (gpointer data)
{
  return fb_sync_client_get_state (data) == FB_SYNC_STATE_UP_TO_DATE;
}

static inline gboolean
fb_test_client_is_offline (gpointer data)
{
  return fb_sync_client_get_state (data) == FB_SYNC_STATE_OFFLINE;
}

static inline gboolean
fb_test_client_is_unavailable (gpointer data)
{
  return fb_sync_client_get_state (data) == FB_SYNC_STATE_UNAVAILABLE;
}

static inline gboolean
fb_test_client_is_refused (gpointer data)
{
  return fb_sync_client_get_state (data) == FB_SYNC_STATE_REFUSED;
}

typedef struct
{
  FbTestPeer  **peers;
  guint         n_peers;
  const char   *incident;
  guint         n_entries;
} FbTestConvergence;

static inline gboolean
fb_test_converged (gpointer data)
{
  FbTestConvergence *c = data;

  for (guint i = 0; i < c->n_peers; i++)
    {
      FbTestPeer *peer = c->peers[i];

      if (fb_sync_client_get_state (peer->client) != FB_SYNC_STATE_UP_TO_DATE ||
          fb_store_count_outbox (peer->store) != 0 ||
          fb_store_count_entries (peer->store, c->incident) != c->n_entries)
        return FALSE;
    }

  return TRUE;
}

/* Waits until every peer holds n_entries entries and nothing waits to be
 * sent, then checks they hold the very same record. */
static inline void
fb_test_assert_converge (FbTestPeer  **peers,
                         guint         n_peers,
                         const char   *incident,
                         guint         n_entries)
{
  FbTestConvergence c = { peers, n_peers, incident, n_entries };
  g_autofree char *first = NULL;
  guint first_n = 0;

  fb_test_wait_until (fb_test_converged, &c, "the workstations to converge");

  for (guint i = 0; i < n_peers; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FbVerification) check = NULL;
      guint n = 0;
      g_autofree char *digest = fb_test_store_digest (peers[i]->store, &n);

      if (first == NULL)
        {
          first = g_strdup (digest);
          first_n = n;
        }
      g_assert_cmpuint (n, ==, first_n);
      g_assert_cmpstr (digest, ==, first);

      check = fb_store_verify (peers[i]->store, NULL, &error);
      g_assert_no_error (error);
      g_assert_null (check->problem);
    }
}

G_END_DECLS
