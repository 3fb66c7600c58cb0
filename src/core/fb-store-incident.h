/* fb-store-incident.h — commands of the role board, contacts and decisions
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-store.h"

G_BEGIN_DECLS

/* Wire values of an escalation entry's data ("event": "contact-logged"). */
#define FB_CHANNEL_PHONE     "phone"
#define FB_CHANNEL_EMAIL     "email"
#define FB_CHANNEL_CHAT      "chat"
#define FB_CHANNEL_IN_PERSON "in-person"
#define FB_CHANNEL_OTHER     "other"

#define FB_PURPOSE_SHARE_FACTS      "share-facts"
#define FB_PURPOSE_REQUEST_DECISION "request-decision"
#define FB_PURPOSE_BOTH             "both"

gboolean    fb_store_hand_over_command (FbStore            *self,
                                        const char         *incident,
                                        const char         *from,
                                        const char         *to,
                                        const char         *contact,
                                        const char         *situation,
                                        const char         *open_items,
                                        const char         *pending_decisions,
                                        gint64              next_update_at,
                                        GError            **error);
char       *fb_store_log_contact       (FbStore            *self,
                                        const char         *incident,
                                        const char         *contact,
                                        const char         *who,
                                        const char         *channel,
                                        const char         *purpose,
                                        const char         *asked,
                                        const char         *outcome,
                                        gint64              occurred_at,
                                        GError            **error);
char       *fb_store_record_decision   (FbStore            *self,
                                        const char         *incident,
                                        const char         *question,
                                        const char * const *options,
                                        const char         *decided_by,
                                        const char         *decision,
                                        gboolean            made,
                                        const char         *amends,
                                        gint64              occurred_at,
                                        GError            **error);

gboolean    fb_channel_is_valid        (const char         *channel);
const char *fb_channel_get_label       (const char         *channel);
const char * const *fb_channel_get_all (void);
gboolean    fb_purpose_is_valid        (const char         *purpose);
const char *fb_purpose_get_label       (const char         *purpose);
const char * const *fb_purpose_get_all (void);

G_END_DECLS
