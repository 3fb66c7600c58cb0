/* fb-live-list.h — a list model that follows a query, changing only what changed
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FB_TYPE_LIVE_LIST (fb_live_list_get_type ())

G_DECLARE_FINAL_TYPE (FbLiveList, fb_live_list, FB, LIVE_LIST, GObject)

/* A fresh snapshot of the list (transfer full), or NULL for an empty one. */
typedef GListModel *(*FbLiveListQueryFunc) (gpointer user_data);
/* What an item is, whatever it says: the entity's id. */
typedef const char *(*FbLiveListKeyFunc)   (gpointer item);
/* Whether @new_item says what @old_item said (same key assumed). */
typedef gboolean    (*FbLiveListEqualFunc) (gpointer old_item,
                                            gpointer new_item,
                                            gpointer equal_data);

FbLiveList *fb_live_list_new            (GType                item_type,
                                         FbLiveListQueryFunc  query,
                                         gpointer             user_data,
                                         GDestroyNotify       destroy);
void        fb_live_list_set_key_func   (FbLiveList          *self,
                                         FbLiveListKeyFunc    key);
void        fb_live_list_set_equal_func (FbLiveList          *self,
                                         FbLiveListEqualFunc  equal,
                                         gpointer             equal_data);
void        fb_live_list_refresh        (FbLiveList          *self);
void        fb_live_list_reload         (FbLiveList          *self);
void        fb_live_list_clear          (FbLiveList          *self);

const char *fb_live_list_get_id         (gpointer             item);
gboolean    fb_live_list_items_equal    (gpointer             old_item,
                                         gpointer             new_item,
                                         gpointer             equal_data);

G_END_DECLS
