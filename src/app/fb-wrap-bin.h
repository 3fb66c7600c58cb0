/* fb-wrap-bin.h — a wrapping label's width, asked once
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_TYPE_WRAP_BIN (fb_wrap_bin_get_type ())

G_DECLARE_FINAL_TYPE (FbWrapBin, fb_wrap_bin, FB, WRAP_BIN, GtkWidget)

G_END_DECLS
