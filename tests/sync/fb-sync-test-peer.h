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

G_END_DECLS
