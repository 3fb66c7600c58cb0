/* fb-token-file.h — server tokens in a file only the user can read
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *fb_token_file_get_path (void);
char     *fb_token_file_lookup   (const char  *server);
gboolean  fb_token_file_store    (const char  *server,
                                  const char  *token,
                                  GError     **error);

G_END_DECLS
