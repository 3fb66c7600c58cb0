/* fb-contacts-seed.h — the example contacts a new database starts with
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-store.h"

G_BEGIN_DECLS

/* The meta key that records that a database has had its examples. */
#define FB_CONTACTS_SEEDED_KEY "contacts.seeded"

gboolean fb_contacts_seed_examples (FbStore  *store,
                                    GError  **error);

G_END_DECLS
