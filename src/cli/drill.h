/* drill.h — firebreak-cli drill: check and run drill scenarios
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

extern int fb_cli_drill_speed;

int fb_cli_drill (char      **args,
                  const char *database,
                  const char *server,
                  const char *token,
                  const char *pin,
                  const char *author,
                  const char *format);

G_END_DECLS
