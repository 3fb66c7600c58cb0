/* migrate.h — firebreak-server migrate
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Copies the server database @from into the empty @to (each a file or a
 * PostgreSQL URI), checks the copy and prints what it moved; returns the
 * exit status. */
int fb_server_migrate (const char *from,
                       const char *to);

G_END_DECLS
