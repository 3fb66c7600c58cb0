/* fb-spool-private.h — bytes kept in order, beyond a bound on disk
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FbSpool FbSpool;

typedef void (*FbSpoolFunc) (const guint8 *data,
                             gsize         length,
                             gpointer      user_data);

FbSpool  *_fb_spool_new      (void);
void      _fb_spool_free     (FbSpool      *self);
void      _fb_spool_append   (FbSpool      *self,
                              const guint8 *data,
                              gsize         length);
gboolean  _fb_spool_read     (FbSpool      *self,
                              FbSpoolFunc   func,
                              gpointer      user_data);
guint64   _fb_spool_get_size (FbSpool      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbSpool, _fb_spool_free)

G_END_DECLS
