/* fb-error.c — the error domain of the core
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fb-error.h"

G_DEFINE_QUARK (fb-error-quark, fb_error)
