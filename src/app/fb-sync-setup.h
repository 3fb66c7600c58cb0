/* fb-sync-setup.h — the sync client the settings ask for, kept up to date
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "firebreak-core.h"
#include "fb-sync-client.h"

G_BEGIN_DECLS

/* What the header says about sync, decided from values alone. */
typedef struct
{
  const char *icon_name;
  char       *label;
  const char *css_class;  /* NULL, "warning" or "error" */
} FbSyncStatus;

void          fb_sync_status_describe   (gboolean      configured,
                                         FbSyncState   state,
                                         guint         n_waiting,
                                         FbSyncStatus *status);
void          fb_sync_status_clear      (FbSyncStatus *status);

#define FB_TYPE_SYNC_SETUP (fb_sync_setup_get_type ())

G_DECLARE_FINAL_TYPE (FbSyncSetup, fb_sync_setup, FB, SYNC_SETUP, GObject)

FbSyncSetup  *fb_sync_setup_new         (FbStore     *store,
                                         GSettings   *settings);
FbSyncClient *fb_sync_setup_get_client  (FbSyncSetup *self);
void          fb_sync_setup_set_token   (FbSyncSetup *self,
                                         const char  *token);
const char   *fb_sync_setup_get_token   (FbSyncSetup *self);

G_END_DECLS
