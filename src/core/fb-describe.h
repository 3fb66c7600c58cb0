/* fb-describe.h — system timeline entries in the reader's language
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-entry.h"
#include "fb-restriction.h"
#include "fb-store.h"

G_BEGIN_DECLS

char *fb_describe_system_text (const char *text,
                               const char *data,
                               FbStore    *store);
char *fb_describe_entry       (FbEntry    *entry,
                               FbStore    *store);
char *fb_describe_restriction (const FbRestriction *restriction);

G_END_DECLS
