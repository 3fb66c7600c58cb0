/* fb-sha256-private.h — SHA-256 for op hashes
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*FbSha256Blocks) (guint32       state[8],
                                const guchar *data,
                                gsize         n_blocks);

typedef struct
{
  guint32        state[8];
  guint64        length;
  guchar         buffer[64];
  FbSha256Blocks compress;
} FbSha256;

void     _fb_sha256_init           (FbSha256     *self);
void     _fb_sha256_init_full      (FbSha256     *self,
                                    gboolean      portable);
void     _fb_sha256_update         (FbSha256     *self,
                                    const guchar *data,
                                    gsize         length);
void     _fb_sha256_finish_hex     (FbSha256     *self,
                                    char          hex[65]);
gboolean _fb_sha256_is_accelerated (void);

G_END_DECLS
