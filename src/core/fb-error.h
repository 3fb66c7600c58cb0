/* fb-error.h — the error domain of the core
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FB_ERROR (fb_error_quark ())

typedef enum
{
  FB_ERROR_FAILED,
  FB_ERROR_INVALID,       /* a malformed op or document; the message names the field */
  FB_ERROR_TOO_LARGE,     /* over a size limit */
  FB_ERROR_TOO_DEEP,      /* JSON nesting over the limit */
  FB_ERROR_CLOCK_SKEW,    /* a clock too far ahead of ours */
  FB_ERROR_FORK,          /* one device_seq used by two different ops */
  FB_ERROR_GAP,           /* an op whose predecessor is missing */
  FB_ERROR_CHAIN,         /* a hash that does not match its op or its predecessor */
  FB_ERROR_CORRUPT,       /* the database file cannot be trusted or read */
  FB_ERROR_NEWER_SCHEMA,  /* the database was written by a newer Firebreak */
  FB_ERROR_NOT_FOUND,
  FB_ERROR_READ_ONLY,
  FB_ERROR_BUSY,          /* another process holds the database's lock */
  FB_ERROR_FORBIDDEN,     /* a need-to-know incident the user may not see or change */
  FB_ERROR_UNAVAILABLE,   /* a database server out of reach for now; try again */
} FbError;

GQuark fb_error_quark (void);

G_END_DECLS
