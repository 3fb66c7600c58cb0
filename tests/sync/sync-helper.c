/* sync-helper.c — a workstation that dies at the worst moment
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: sync-helper DATABASE URL TOKEN N
 *
 * Records an incident and N entries, starts syncing, and kills itself with
 * SIGKILL as soon as the server has answered the first push, before the
 * outbox is cleared: the window where a crash could lose or double work.
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "fb-sync-client.h"

static void
on_push_answered_cb (FbSyncClient *client,
                     guint         n_ops,
                     gpointer      user_data)
{
  kill (getpid (), SIGKILL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbSyncClient) client = NULL;
  g_autofree char *incident = NULL;
  guint n;

  if (argc != 5)
    {
      g_printerr ("Usage: sync-helper DATABASE URL TOKEN N\n");
      return 2;
    }

  n = (guint) atoi (argv[4]);
  store = fb_store_open (argv[1], FB_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  incident = fb_store_create_incident (store, "Lost laptop", "lost-device", 2, 0, 60, FALSE, &error);
  if (incident == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("Entry %u before the crash", i);
      g_autofree char *id = fb_store_add_entry (store, incident, FB_ENTRY_FACT, text, 0, NULL, NULL, &error);
      if (id == NULL)
        g_error ("%s", error->message);
    }

  client = fb_sync_client_new (store, argv[2], argv[3], NULL);
  g_signal_connect (client, "push-answered", G_CALLBACK (on_push_answered_cb), NULL);
  fb_sync_client_start (client);

  for (;;)
    g_main_context_iteration (NULL, TRUE);
}
