/* fb-cli-resolve.h — what a person types, turned into what the record holds
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "firebreak-core.h"

G_BEGIN_DECLS

char *fb_cli_default_author   (void);

G_END_DECLS
