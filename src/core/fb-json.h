/* fb-json.h — canonical JSON bytes, and JSON read from untrusted bytes
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FB_JSON_MAX_DEPTH    16

char     *fb_json_canonical       (JsonNode   *node,
                                   gsize      *length);
JsonNode *fb_json_parse_untrusted (const char *data,
                                   gssize      length,
                                   gsize       max_bytes,
                                   guint       max_depth,
                                   GError    **error);

G_END_DECLS
