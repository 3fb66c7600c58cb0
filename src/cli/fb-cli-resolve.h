/* fb-cli-resolve.h — what a person types, turned into what the record holds
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_CLI_MIN_PREFIX 4

char *fb_cli_resolve_incident (FbStore     *store,
                               const char  *name,
                               GError     **error);
char *fb_cli_default_author   (void);

G_END_DECLS
