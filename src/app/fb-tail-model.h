/* fb-tail-model.h — the end of a long list, shown further back on demand
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FB_TYPE_TAIL_MODEL (fb_tail_model_get_type ())

G_DECLARE_FINAL_TYPE (FbTailModel, fb_tail_model, FB, TAIL_MODEL, GObject)

FbTailModel *fb_tail_model_new          (GListModel  *model,
                                         guint        initial);
guint        fb_tail_model_get_hidden   (FbTailModel *self);
guint        fb_tail_model_show_more    (FbTailModel *self,
                                         guint        n);
void         fb_tail_model_show_all     (FbTailModel *self);
guint        fb_tail_model_get_hidden_after (FbTailModel *self);
guint        fb_tail_model_show_more_after (FbTailModel *self,
                                         guint        n);
guint        fb_tail_model_show_around  (FbTailModel *self,
                                         guint        position);
void         fb_tail_model_show_end     (FbTailModel *self);
guint        fb_tail_model_reveal       (FbTailModel *self,
                                         guint        position);

G_END_DECLS
