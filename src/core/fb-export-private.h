/* fb-export-private.h — what the JSON export's parts share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

/* fb-export-json.c: an op of the "ops" array printed from its columns. */
gboolean _fb_export_append_op (GString      *out,
                               sqlite3_stmt *stmt,
                               gboolean      first);

G_END_DECLS
