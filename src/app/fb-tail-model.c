/* fb-tail-model.c — the end of a long list, shown further back on demand
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A timeline is read from its end. GTK 4.8's list view makes a row widget
 * for each of some two hundred items around what it shows, whatever the
 * height of the window, and a row with wrapped text costs milliseconds to
 * lay out; so the view is given only the last entries, and more of the
 * past as the reader scrolls up to it (fb_tail_model_show_more).
 *
 * The items before the first shown one are hidden. A change among them is
 * taken in silently; a change that takes away the first shown item and
 * changes the length (a new filter or search replaces the list) shows the
 * end of the new list again.
 *
 * A jump far back (the first entry, or one entry) shows a screenful
 * around its item and hides the items after them too, which are shown
 * as the reader scrolls down to them (fb_tail_model_show_more_after):
 * GTK would otherwise make its two hundred rows of a long list on the
 * spot, at a few milliseconds each. A change among the hidden items at
 * the end is taken in silently as well.
 */

#define G_LOG_DOMAIN "fb-tail-model"

#include "config.h"

#include "fb-tail-model.h"

struct _FbTailModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       initial;  /* how many a fresh list shows */
  guint       start;    /* the first shown item's position in the model */
  guint       after;    /* how many items after the last shown are hidden */
  guint       n_items;  /* the model's length as last told */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbTailModel, fb_tail_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
fb_tail_model_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (FB_TAIL_MODEL (model)->model);
}

static guint
fb_tail_model_get_n_items (GListModel *model)
{
  FbTailModel *self = FB_TAIL_MODEL (model);

  return self->n_items - self->start - self->after;
}

static gpointer
fb_tail_model_get_item (GListModel *model,
                        guint       position)
{
  FbTailModel *self = FB_TAIL_MODEL (model);

  if (position >= self->n_items - self->start - self->after)
    return NULL;
  return g_list_model_get_item (self->model, self->start + position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fb_tail_model_get_item_type;
  iface->get_n_items = fb_tail_model_get_n_items;
  iface->get_item = fb_tail_model_get_item;
}

static guint
tail_start (FbTailModel *self,
            guint        n_items)
{
  return n_items > self->initial ? n_items - self->initial : 0;
}

static void
on_items_changed_cb (FbTailModel *self,
                     guint        position,
                     guint        removed,
                     guint        added,
                     GListModel  *model)
{
  guint old_shown = self->n_items - self->start - self->after;
  guint shown_end = self->n_items - self->after;

  self->n_items = self->n_items - removed + added;

  if (self->after > 0 && position >= shown_end)
    {
      /* All of it after what is shown. */
      self->after = self->after - removed + added;
      return;
    }

  if (position + removed <= self->start && position < self->start)
    {
      /* All of it before what is shown: the shown items only moved. */
      self->start = self->start - removed + added;
      return;
    }

  if ((position > self->start || (position == self->start && (removed == 0 || removed == added))) &&
      position + removed <= shown_end)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position - self->start, removed, added);
      return;
    }

  self->start = tail_start (self, self->n_items);
  self->after = 0;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_shown, self->n_items - self->start);
}

static void
fb_tail_model_dispose (GObject *object)
{
  FbTailModel *self = (FbTailModel *) object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (fb_tail_model_parent_class)->dispose (object);
}

static void
fb_tail_model_class_init (FbTailModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_tail_model_dispose;
}

static void
fb_tail_model_init (FbTailModel *self)
{
}

/**
 * fb_tail_model_new:
 * @model: the whole list
 * @initial: how many of its last items to show at first, and after a
 *   change that replaces the list
 */
FbTailModel *
fb_tail_model_new (GListModel *model,
                   guint       initial)
{
  FbTailModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (FB_TYPE_TAIL_MODEL, NULL);
  self->model = g_object_ref (model);
  self->initial = MAX (initial, 1);
  self->n_items = g_list_model_get_n_items (model);
  self->start = tail_start (self, self->n_items);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

/* How many items of the model come before the first one shown. */
guint
fb_tail_model_get_hidden (FbTailModel *self)
{
  g_return_val_if_fail (FB_IS_TAIL_MODEL (self), 0);
  return self->start;
}

/**
 * fb_tail_model_show_more:
 * @n: how many more of the hidden items to show
 *
 * Returns: how many were shown: fewer than @n near the start of the list
 */
guint
fb_tail_model_show_more (FbTailModel *self,
                         guint        n)
{
  g_return_val_if_fail (FB_IS_TAIL_MODEL (self), 0);

  n = MIN (n, self->start);
  if (n == 0)
    return 0;

  self->start -= n;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n);
  return n;
}

/* How many items of the model come after the last one shown. */
guint
fb_tail_model_get_hidden_after (FbTailModel *self)
{
  g_return_val_if_fail (FB_IS_TAIL_MODEL (self), 0);
  return self->after;
}

/**
 * fb_tail_model_show_more_after:
 * @n: how many more of the items hidden after the shown ones to show
 *
 * Returns: how many were shown: fewer than @n near the end of the list
 */
guint
fb_tail_model_show_more_after (FbTailModel *self,
                               guint        n)
{
  guint shown;

  g_return_val_if_fail (FB_IS_TAIL_MODEL (self), 0);

  n = MIN (n, self->after);
  if (n == 0)
    return 0;

  shown = self->n_items - self->start - self->after;
  self->after -= n;
  g_list_model_items_changed (G_LIST_MODEL (self), shown, 0, n);
  return n;
}

/* Shows the items from @first to @first + @n only. */
static void
show_range (FbTailModel *self,
            guint        first,
            guint        n)
{
  guint old_shown = self->n_items - self->start - self->after;

  if (self->start == first && self->after == self->n_items - first - n)
    return;

  self->start = first;
  self->after = self->n_items - first - n;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_shown, n);
}

/**
 * fb_tail_model_show_around:
 * @position: an item's position in the whole model
 *
 * Shows a fresh list's worth of items from just before that item on,
 * and hides the rest: the place a jump goes to.
 *
 * Returns: the item's position in this model
 */
guint
fb_tail_model_show_around (FbTailModel *self,
                           guint        position)
{
  guint first, n;

  g_return_val_if_fail (FB_IS_TAIL_MODEL (self), 0);
  g_return_val_if_fail (position < self->n_items, 0);

  /* A couple before it, for the reader to see where it is. */
  first = position > 2 ? position - 2 : 0;
  n = MIN (self->n_items - first, self->initial);
  show_range (self, first, n);
  return position - first;
}

/* Shows the last items only, as a fresh list does. */
void
fb_tail_model_show_end (FbTailModel *self)
{
  guint first;

  g_return_if_fail (FB_IS_TAIL_MODEL (self));

  first = tail_start (self, self->n_items);
  show_range (self, first, self->n_items - first);
}

void
fb_tail_model_show_all (FbTailModel *self)
{
  g_return_if_fail (FB_IS_TAIL_MODEL (self));

  fb_tail_model_show_more (self, self->start);
  fb_tail_model_show_more_after (self, self->after);
}

/**
 * fb_tail_model_reveal:
 * @position: an item's position in the whole model
 *
 * Shows the model back to that item, if it was hidden.
 *
 * Returns: the item's position in this model
 */
guint
fb_tail_model_reveal (FbTailModel *self,
                      guint        position)
{
  g_return_val_if_fail (FB_IS_TAIL_MODEL (self), 0);
  g_return_val_if_fail (position < self->n_items, 0);

  if (position < self->start)
    fb_tail_model_show_more (self, self->start - position);
  if (position >= self->n_items - self->after)
    fb_tail_model_show_more_after (self, position - (self->n_items - self->after) + 1);
  return position - self->start;
}
