/* fb-json-private.h — the canonical writer's pieces and the strict walker
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-json.h"

G_BEGIN_DECLS

void _fb_json_write_string (GString    *out,
                            const char *str);
void _fb_json_append_int   (GString    *out,
                            gint64      value);
char *_fb_json_canonical_object (JsonObject *object);

gboolean _fb_json_scan (const char *data,
                        gsize       length,
                        guint       max_depth,
                        GHashTable *lines,
                        guint      *error_line,
                        gsize      *error_offset,
                        GError    **error);

G_END_DECLS
