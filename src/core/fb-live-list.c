/* fb-live-list.c — a list model that follows a query, changing only what changed
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store answers with snapshots: a fresh list of fresh objects at each
 * query. A view bound to snapshots would rebuild every row at every
 * change, losing the keyboard focus and the scroll position. An
 * FbLiveList keeps the items it has; on fb_live_list_refresh() it asks
 * the query again, compares the answer with what it holds, item by item
 * (the same entity by its key, the same content by its properties), and
 * tells its views only what differs: the unchanged head and tail stay,
 * an item whose content changed is replaced where it stands, and what is
 * left is one removal and insertion.
 */

#define G_LOG_DOMAIN "fb-live-list"

#include "config.h"

#include "fb-checklist-item.h"
#include "fb-contact.h"
#include "fb-deadline.h"
#include "fb-entry.h"
#include "fb-incident.h"
#include "fb-live-list.h"
#include "fb-probe.h"
#include "fb-role.h"
#include "fb-worker.h"

struct _FbLiveList
{
  GObject              parent_instance;

  GType                item_type;
  GPtrArray           *items;
  FbLiveListQueryFunc  query;
  FbLiveListKeyFunc    key;
  FbLiveListEqualFunc  equal;
  gpointer             equal_data;
  gpointer             user_data;
  GDestroyNotify       destroy;
};

static void fb_live_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbLiveList, fb_live_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, fb_live_list_model_init))

static GPtrArray *
run_query (FbLiveList *self)
{
  g_autoptr(GListModel) answer = self->query (self->user_data);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = answer != NULL ? g_list_model_get_n_items (answer) : 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (answer, i));
  return items;
}

static gboolean
is_same_entity (FbLiveList *self,
                gpointer    a,
                gpointer    b)
{
  return G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b) && g_strcmp0 (self->key (a), self->key (b)) == 0;
}

static gboolean
is_unchanged (FbLiveList *self,
              gpointer    old_item,
              gpointer    new_item)
{
  return is_same_entity (self, old_item, new_item) &&
         self->equal (old_item, new_item, self->equal_data);
}

/* Whether the two ranges name the same entities in the same order. */
static gboolean
have_same_keys (FbLiveList *self,
                GPtrArray  *next,
                guint       start,
                guint       n)
{
  for (guint k = start; k < start + n; k++)
    if (!is_same_entity (self, g_ptr_array_index (self->items, k), g_ptr_array_index (next, k)))
      return FALSE;
  return TRUE;
}

/* An unchanged item that moved stays the same object: whoever holds it
 * (a selection, an expander's state) still holds the list's item. */
static gpointer
find_kept (FbLiveList *self,
           GHashTable *removed,
           gpointer    item)
{
  gpointer old_item = g_hash_table_lookup (removed, self->key (item));

  return old_item != NULL && is_unchanged (self, old_item, item) ? old_item : item;
}

static void
replace_range (FbLiveList *self,
               GPtrArray  *next,
               guint       start,
               guint       n_removed,
               guint       n_added)
{
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint k = start; k < start + n_removed; k++)
    {
      gpointer old_item = g_ptr_array_index (self->items, k);

      g_ptr_array_add (removed, g_object_ref (old_item));
      if (self->key (old_item) != NULL)
        g_hash_table_insert (by_key, (gpointer) self->key (old_item), old_item);
    }

  g_ptr_array_remove_range (self->items, start, n_removed);
  for (guint k = 0; k < n_added; k++)
    {
      gpointer item = g_ptr_array_index (next, start + k);

      if (self->key (item) != NULL)
        item = find_kept (self, by_key, item);
      g_ptr_array_insert (self->items, start + k, g_object_ref (item));
    }
  fb_probe_mark (FB_PROBE_MODEL);
  g_list_model_items_changed (G_LIST_MODEL (self), start, n_removed, n_added);
}

static GType
fb_live_list_get_item_type (GListModel *model)
{
  return FB_LIVE_LIST (model)->item_type;
}

static guint
fb_live_list_get_n_items (GListModel *model)
{
  return FB_LIVE_LIST (model)->items->len;
}

static gpointer
fb_live_list_get_item (GListModel *model,
                       guint       position)
{
  FbLiveList *self = FB_LIVE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
fb_live_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fb_live_list_get_item_type;
  iface->get_n_items = fb_live_list_get_n_items;
  iface->get_item = fb_live_list_get_item;
}

static void
fb_live_list_finalize (GObject *object)
{
  FbLiveList *self = FB_LIVE_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  if (self->destroy != NULL)
    g_clear_pointer (&self->user_data, self->destroy);

  G_OBJECT_CLASS (fb_live_list_parent_class)->finalize (object);
}

static void
fb_live_list_class_init (FbLiveListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_live_list_finalize;
}

static void
fb_live_list_init (FbLiveList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->key = fb_live_list_get_id;
  self->equal = fb_live_list_items_equal;
}

/**
 * fb_live_list_new:
 * @item_type: the type of the items, a subtype of GObject
 * @query: returns the list as it is now
 * @user_data: for @query
 * @destroy: (nullable): frees @user_data with the list
 *
 * An empty list; fb_live_list_refresh() fills it.
 */
FbLiveList *
fb_live_list_new (GType                item_type,
                  FbLiveListQueryFunc  query,
                  gpointer             user_data,
                  GDestroyNotify       destroy)
{
  FbLiveList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_object_new (FB_TYPE_LIVE_LIST, NULL);
  self->item_type = item_type;
  self->query = query;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

/* For items whose identity is not their id (a role is its name). */
void
fb_live_list_set_key_func (FbLiveList        *self,
                           FbLiveListKeyFunc  key)
{
  g_return_if_fail (FB_IS_LIVE_LIST (self));
  g_return_if_fail (key != NULL);

  self->key = key;
}

/* For rows that show more than the item: a row that says "overdue"
 * changes when the time passes, not only when the item does. */
void
fb_live_list_set_equal_func (FbLiveList          *self,
                             FbLiveListEqualFunc  equal,
                             gpointer             equal_data)
{
  g_return_if_fail (FB_IS_LIVE_LIST (self));
  g_return_if_fail (equal != NULL);

  self->equal = equal;
  self->equal_data = equal_data;
}

void
fb_live_list_refresh (FbLiveList *self)
{
  g_autoptr(GPtrArray) next = NULL;
  guint n_old, n_new, head = 0, tail = 0;

  g_return_if_fail (FB_IS_LIVE_LIST (self));

  next = run_query (self);
  n_old = self->items->len;
  n_new = next->len;

  while (head < n_old && head < n_new &&
         is_unchanged (self, g_ptr_array_index (self->items, head), g_ptr_array_index (next, head)))
    head++;
  while (tail < n_old - head && tail < n_new - head &&
         is_unchanged (self, g_ptr_array_index (self->items, n_old - 1 - tail),
                       g_ptr_array_index (next, n_new - 1 - tail)))
    tail++;

  if (n_old == n_new && have_same_keys (self, next, head, n_old - head - tail))
    {
      /* The same entities in the same order: each changed one in place,
       * so that the rows around it stay as they are. */
      for (guint k = head; k < n_old - tail; k++)
        if (!self->equal (g_ptr_array_index (self->items, k), g_ptr_array_index (next, k), self->equal_data))
          replace_range (self, next, k, 1, 1);
      return;
    }

  /* The changed ranges are counted in the old list; the new items take
   * the same place. */
  replace_range (self, next, head, n_old - head - tail, n_new - head - tail);
}

/* Every item anew: for a change the items do not show (another incident). */
void
fb_live_list_reload (FbLiveList *self)
{
  g_autoptr(GPtrArray) next = NULL;
  guint n_old;

  g_return_if_fail (FB_IS_LIVE_LIST (self));

  next = run_query (self);
  n_old = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  for (guint k = 0; k < next->len; k++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (next, k)));
  if (n_old > 0 || next->len > 0)
    {
      fb_probe_mark (FB_PROBE_MODEL);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n_old, next->len);
    }
}

void
fb_live_list_clear (FbLiveList *self)
{
  guint n_old;

  g_return_if_fail (FB_IS_LIVE_LIST (self));

  n_old = self->items->len;
  if (n_old == 0)
    return;
  g_ptr_array_set_size (self->items, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n_old, 0);
}

/* The default key: an entry's, contact's, worker's, checklist item's or
 * incident's id; a role's name. */
const char *
fb_live_list_get_id (gpointer item)
{
  if (FB_IS_ENTRY (item))
    return fb_entry_get_id (item);
  if (FB_IS_CONTACT (item))
    return fb_contact_get_id (item);
  if (FB_IS_WORKER (item))
    return fb_worker_get_id (item);
  if (FB_IS_DEADLINE (item))
    return fb_deadline_get_id (item);
  if (FB_IS_CHECKLIST_ITEM (item))
    return fb_checklist_item_get_id (item);
  if (FB_IS_ROLE (item))
    return fb_role_get_role (item);
  if (FB_IS_INCIDENT (item))
    return fb_incident_get_id (item);
  return NULL;
}

/* The default comparison: the same type, and every readable property
 * the same. The model objects hold nothing their properties do not say. */
gboolean
fb_live_list_items_equal (gpointer old_item,
                          gpointer new_item,
                          gpointer user_data)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  if (G_OBJECT_TYPE (old_item) != G_OBJECT_TYPE (new_item))
    return FALSE;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (old_item), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) a = G_VALUE_INIT;
      g_auto(GValue) b = G_VALUE_INIT;

      if (!(pspecs[i]->flags & G_PARAM_READABLE))
        continue;
      g_value_init (&a, pspecs[i]->value_type);
      g_value_init (&b, pspecs[i]->value_type);
      g_object_get_property (old_item, pspecs[i]->name, &a);
      g_object_get_property (new_item, pspecs[i]->name, &b);
      if (g_param_values_cmp (pspecs[i], &a, &b) != 0)
        return FALSE;
    }
  return TRUE;
}
