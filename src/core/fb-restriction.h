/* fb-restriction.h — who may see a need-to-know incident
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fb-types.h"

G_BEGIN_DECLS

/* The body of an incident.restrict op, which the server reads too. The
 * names are the war-room server's users and groups. */
typedef struct
{
  gboolean  restricted;
  GStrv     users;    /* never NULL */
  GStrv     groups;   /* never NULL */
  gboolean  visible;  /* others may know that a restricted incident exists */
} FbRestriction;

/* The meta key under which a client keeps the restricted incidents the
 * server says exist but are not shown to it: a JSON list of ids. */
#define FB_META_HIDDEN_INCIDENTS "sync.restricted"

/* Who this workstation syncs as, from the server's /api/v1/info: the
 * user's name, and its groups as a JSON list. */
#define FB_META_SYNC_USER        "sync.user"
#define FB_META_SYNC_GROUPS      "sync.groups"

FbRestriction *fb_restriction_new          (gboolean             restricted,
                                            const char * const  *users,
                                            const char * const  *groups,
                                            gboolean             visible);
FbRestriction *fb_restriction_from_json    (JsonObject          *body);
FbRestriction *fb_restriction_parse        (const char          *json);
JsonObject    *fb_restriction_to_json      (const FbRestriction *restriction);
void           fb_restriction_free         (FbRestriction       *restriction);
gboolean       fb_restriction_allows       (const FbRestriction *restriction,
                                            const char          *user,
                                            const char * const  *user_groups);

FbRestriction *fb_store_get_restriction    (FbStore             *store,
                                            const char          *incident);
gboolean       fb_store_restrict_incident  (FbStore             *store,
                                            const char          *incident,
                                            const FbRestriction *restriction,
                                            const char          *self_user,
                                            const char * const  *self_groups,
                                            GError             **error);
GStrv          fb_store_get_hidden_incidents (FbStore           *store);
char          *fb_store_get_sync_user     (FbStore             *store,
                                           GStrv               *groups);
gboolean       fb_store_set_sync_user     (FbStore             *store,
                                           const char          *user,
                                           const char * const  *groups,
                                           GError             **error);
gboolean       fb_store_holds_hidden_places (FbStore           *store);
gboolean       fb_store_set_hidden_incidents (FbStore           *store,
                                              const char * const *incidents,
                                              GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbRestriction, fb_restriction_free)

G_END_DECLS
