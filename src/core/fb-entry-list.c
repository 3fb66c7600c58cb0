/* fb-entry-list.c — an incident's timeline as a list model
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model holds only the row ids of the matching entries, in display
 * order (occurred_at, hlc, id); an FbEntry is read from the database when a
 * view asks for it, and a small cache keeps the rows on screen. So a
 * timeline of 100,000 entries costs 100,000 integers, not 100,000 objects.
 *
 * A list made for a window (fb_entry_list_new_background()) of an incident
 * with more than SMALL_LIST entries reads only its last rows at first and
 * the rest in a thread, like its searches and filters (see
 * fb-entry-list-query.c); #FbEntryList:loading is set meanwhile. Other
 * lists read everything at once, as an export must.
 */

#define G_LOG_DOMAIN "fb-entry-list"

#include "config.h"

#include <string.h>

#include "fb-entry.h"
#include "fb-entry-list.h"
#include "fb-entry-list-private.h"
#include "fb-probe.h"
#include "fb-store-private.h"

#define CACHE_SIZE 256

/* A list of up to this many rows is read at once, in a millisecond or two. */
#define SMALL_LIST 2000

/* Rows whose array is freed in a thread. */
#define LARGE_ROWS 65536

struct _FbEntryList
{
  GObject     parent_instance;

  FbStore    *store;
  char       *incident;
  guint       kinds;
  char       *search;
  gboolean    pinned_only;

  GArray     *rowids;
  gint64      newest;    /* the rows account for entries up to this rowid */
  GHashTable *cache;     /* rowid → FbEntry */
  GQueue      cache_order;

  gboolean       background;  /* large lists query in a thread */
  gboolean       large;       /* the incident has more than SMALL_LIST entries */
  gboolean       loading;
  FbEntryReader *reader;
  GCancellable  *query_cancel;
  guint          load_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbEntryList, fb_entry_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_INCIDENT,
  PROP_KINDS,
  PROP_SEARCH,
  PROP_PINNED_ONLY,
  PROP_N_ITEMS,
  PROP_BACKGROUND,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Reading the rows -------------------------------------------------------------- */

static FbEntryFilter
current_filter (FbEntryList *self)
{
  return (FbEntryFilter) { self->incident, self->kinds, self->search, self->pinned_only };
}

static sqlite3_stmt *
filter_stmt (FbEntryList *self,
             FbEntryRows  which,
             char       **pattern)
{
  FbEntryFilter filter = current_filter (self);
  g_autofree char *sql = _fb_entry_filter_sql (&filter, which, pattern);
  sqlite3_stmt *stmt = _fb_store_stmt (self->store, sql);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, self->incident, -1, SQLITE_STATIC);
  if (*pattern != NULL)
    sqlite3_bind_text (stmt, 2, *pattern, -1, SQLITE_STATIC);
  return stmt;
}

/* Every matching row, here and now. */
static GArray *
query_rowids (FbEntryList *self,
              gint64      *newest)
{
  FbEntryFilter filter = current_filter (self);
  GArray *rowids;
  int rc;

  *newest = _fb_entry_rows_newest (&self->store->sql);
  rowids = _fb_entry_rows_query_all (&self->store->sql, &filter, *newest, &rc);
  if (rowids == NULL)
    {
      g_debug ("Cannot list the timeline: %s", sqlite3_errstr (rc));
      rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  return rowids;
}

static void
clear_cache (FbEntryList *self)
{
  g_queue_clear (&self->cache_order);
  g_hash_table_remove_all (self->cache);
}

static void
uncache (FbEntryList *self,
         gint64       rowid)
{
  gpointer key;

  if (!g_hash_table_lookup_extended (self->cache, &rowid, &key, NULL))
    return;

  g_queue_remove (&self->cache_order, key);
  g_hash_table_remove (self->cache, key);
}

/* Where the cached @entry is in @rows, or G_MAXUINT. */
static guint
find_cached (FbEntryList *self,
             GArray      *rows,
             FbEntry     *entry,
             gint64       rowid)
{
  FbEntryKey key = { fb_entry_get_occurred_at (entry), (char *) fb_entry_get_hlc (entry),
                     (char *) fb_entry_get_id (entry) };
  guint position = _fb_entry_rows_place (self->store, rows, 0, &key);

  return position < rows->len && g_array_index (rows, gint64, position) == rowid ? position : G_MAXUINT;
}

/* The rowids of the cached rows (only those can be on screen) whose look
 * has changed since they were read: a pin, an amendment. A new row that
 * amends an old one changes the old one too. */
static GArray *
find_changed (FbEntryList *self)
{
  GArray *changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FbEntry *cached = value;
      sqlite3_stmt *stmt;

      /* Only what can change is read: this runs on every change. */
      stmt = _fb_store_stmt (self->store,
                             "SELECT e.pinned,"
                             " (SELECT a.id FROM entries a WHERE a.amends = e.id"
                             "  ORDER BY a.hlc DESC, a.id DESC LIMIT 1)"
                             " FROM entries e WHERE e.rowid = ?");
      sqlite3_bind_int64 (stmt, 1, *(gint64 *) key);
      if (sqlite3_step (stmt) != SQLITE_ROW ||
          (sqlite3_column_int (stmt, 0) != 0) != fb_entry_get_pinned (cached) ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), fb_entry_get_amended_by (cached)) != 0)
        g_array_append_val (changed, *(gint64 *) key);
      sqlite3_reset (stmt);
    }
  return changed;
}

/* Tells the views of the cached rows outside [@from, @to) of the rows now
 * shown whose look changed, and forgets them. */
static void
report_changed (FbEntryList *self,
                GArray      *changed,
                guint        from,
                guint        to)
{
  for (guint i = 0; i < changed->len; i++)
    {
      gint64 rowid = g_array_index (changed, gint64, i);
      FbEntry *cached = g_hash_table_lookup (self->cache, &rowid);
      guint position = cached != NULL ? find_cached (self, self->rowids, cached, rowid) : G_MAXUINT;

      uncache (self, rowid);
      if (position != G_MAXUINT && (position < from || position >= to))
        g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
}

static void
release_rows_in_thread (GTask        *task,
                        gpointer      source,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  g_array_unref (task_data);
  g_task_return_boolean (task, TRUE);
}

/* A million rows are eight megabytes, whose pages the kernel takes back
 * in a millisecond or two: the window's thread has better to do. */
static void
release_rows (GArray *rows)
{
  g_autoptr(GTask) task = NULL;

  if (rows->len < LARGE_ROWS)
    {
      g_array_unref (rows);
      return;
    }

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, release_rows);
  g_task_set_task_data (task, rows, NULL);
  g_task_run_in_thread (task, release_rows_in_thread);
}

/* Swaps in the new rows and tells the views only what differs: a timeline
 * that grew at its end (the usual case) reports just the new rows, so a
 * view keeps its scroll position and its widgets; a row on screen that
 * changed how it looks is reported by itself, when @looks says that the
 * store changed since the rows on screen were checked. */
static void
replace_rows (FbEntryList *self,
              GArray      *new,
              gboolean     looks)
{
  GArray *old = self->rowids;
  guint n_old = old->len, n_new = new->len;
  guint prefix = 0, suffix = 0;
  g_autoptr(GArray) changed = looks ? find_changed (self) : g_array_new (FALSE, FALSE, sizeof (gint64));

  while (prefix < n_old && prefix < n_new &&
         g_array_index (old, gint64, prefix) == g_array_index (new, gint64, prefix))
    prefix++;

  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         g_array_index (old, gint64, n_old - 1 - suffix) == g_array_index (new, gint64, n_new - 1 - suffix))
    suffix++;

  self->rowids = g_array_ref (new);
  release_rows (old);
  if (prefix < n_old || prefix < n_new || changed->len > 0)
    fb_probe_mark (FB_PROBE_MODEL);

  /* The rest of the cache stays: it is what the views hold on screen,
   * and an entry changes only by a pin or an amendment, checked above. */
  if (prefix < n_old || prefix < n_new)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                n_old - prefix - suffix, n_new - prefix - suffix);
  report_changed (self, changed, prefix, n_new - suffix);

  if (n_old != n_new)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Puts the rows that match and were added after @since into @rows, in
 * their places; reports each run to the views when @notify. Returns how
 * many were added. */
static guint
merge_newer (FbEntryList *self,
             GArray      *rows,
             gint64       since,
             gboolean     notify)
{
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt = filter_stmt (self, FB_ENTRY_ROWS_NEWER, &pattern);
  guint place = 0, run_start = 0, run_length = 0, added = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 3, since);

  /* Rows come in display order, so each goes after the one before; a run
   * of them in one place is one change for the views. */
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      FbEntryKey key = { sqlite3_column_int64 (stmt, 1), (char *) sqlite3_column_text (stmt, 2),
                         (char *) sqlite3_column_text (stmt, 3) };

      place = _fb_entry_rows_place (self->store, rows, place, &key);
      /* Read already, by a query that began after @since. */
      if (place < rows->len && g_array_index (rows, gint64, place) == rowid)
        continue;

      if (notify && run_length > 0 && place != run_start + run_length)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), run_start, 0, run_length);
          run_length = 0;
        }
      if (run_length == 0)
        run_start = place;
      g_array_insert_val (rows, place, rowid);
      run_length++;
      place++;
      added++;
    }
  sqlite3_reset (stmt);

  if (notify && run_length > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), run_start, 0, run_length);
  return added;
}

static void
set_loading (FbEntryList *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Stops the query running in the thread, whose rows are no longer wanted. */
static void
drop_query (FbEntryList *self)
{
  g_clear_handle_id (&self->load_id, g_source_remove);
  if (self->query_cancel != NULL)
    g_cancellable_cancel (self->query_cancel);
  g_clear_object (&self->query_cancel);
}

/* Reads every row again here and now. */
static void
reload (FbEntryList *self)
{
  g_autoptr(GArray) new = query_rowids (self, &self->newest);

  drop_query (self);
  replace_rows (self, new, TRUE);
  set_loading (self, FALSE);
}

/* A large list takes in a change from what changed: the rows added since
 * it last looked, and the looks of the rows it holds. Rows leave a list
 * only by a pin taken away, which a list of pinned entries reads anew. */
static void
update (FbEntryList *self)
{
  gint64 newest = _fb_entry_rows_newest (&self->store->sql);
  guint n_old = self->rowids->len;
  g_autoptr(GArray) changed = NULL;

  if (self->pinned_only)
    {
      reload (self);
      return;
    }

  changed = find_changed (self);
  if (newest > self->newest)
    {
      gint64 since = self->newest;

      self->newest = newest;
      if (merge_newer (self, self->rowids, since, TRUE) > 0)
        fb_probe_mark (FB_PROBE_MODEL);
    }
  if (changed->len > 0)
    fb_probe_mark (FB_PROBE_MODEL);
  report_changed (self, changed, 0, 0);

  if (n_old != self->rowids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
on_query_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FbEntryList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  gint64 newest = 0;

  rows = _fb_entry_reader_query_finish (result, &newest, &error);
  /* Another query took its place, or the list was let go. */
  if (self->query_cancel == NULL || g_task_get_cancellable (G_TASK (result)) != self->query_cancel)
    return;
  g_clear_object (&self->query_cancel);

  if (rows == NULL)
    {
      /* Not a reason to show nothing: read here instead. */
      g_warning ("Listing the timeline in the background: %s", error->message);
      reload (self);
      return;
    }

  /* Rows added since the thread read the file are here already, or in
   * the next change: bring the new rows to what the old ones hold. */
  if (newest < self->newest)
    merge_newer (self, rows, newest, FALSE);
  else
    self->newest = newest;

  /* Each change while the thread ran has been checked by update(). */
  replace_rows (self, rows, FALSE);
  set_loading (self, FALSE);
}

/* Lists the rows in the thread; the rows shown stay until the new ones
 * come back, and a query started since takes the place of this one. The
 * rest of a list just opened is read @behind the window's first frames. */
static void
start_query (FbEntryList *self,
             gboolean     behind)
{
  FbEntryFilter filter = current_filter (self);

  drop_query (self);
  self->query_cancel = g_cancellable_new ();
  set_loading (self, TRUE);
  _fb_entry_reader_query_async (self->reader, &filter, behind, self->query_cancel, on_query_done_cb,
                                g_object_ref (self));
}

static gboolean
load_cb (gpointer user_data)
{
  FbEntryList *self = FB_ENTRY_LIST (user_data);

  self->load_id = 0;
  start_query (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* Whether the list's queries run in the thread. */
static gboolean
in_thread (FbEntryList *self)
{
  return self->reader != NULL && self->large;
}

/* Reads the rows of the filter just set: in the thread for a large list,
 * so that typing a search never waits for it. */
static void
refilter (FbEntryList *self)
{
  if (self->store == NULL || self->rowids == NULL)
    return;
  if (in_thread (self))
    start_query (self, FALSE);
  else
    reload (self);
}

/* Opening a large list reads its last rows only, enough for any window,
 * and the rest in the thread when the main loop is next idle, after the
 * frame GTK is making; the views see the rest arrive before the first of
 * those rows. */
static void
load_first (FbEntryList *self)
{
  g_autofree char *pattern = NULL;
  g_autoptr(GArray) last = NULL;
  sqlite3_stmt *stmt;

  self->newest = _fb_entry_rows_newest (&self->store->sql);
  stmt = filter_stmt (self, FB_ENTRY_ROWS_LAST, &pattern);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 3, SMALL_LIST + 1);
  last = _fb_entry_rows_read (stmt);

  g_array_set_size (self->rowids, last->len);
  for (guint i = 0; i < last->len; i++)
    g_array_index (self->rowids, gint64, i) = g_array_index (last, gint64, last->len - 1 - i);

  self->large = last->len > SMALL_LIST;
  if (self->large)
    {
      self->loading = TRUE;
      self->load_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, load_cb, self, NULL);
    }
}

static void
on_store_changed_cb (FbStore     *store,
                     guint        flags,
                     const char  *incident,
                     FbEntryList *self)
{
  if (!(flags & FB_CHANGE_ENTRIES))
    return;
  if (incident != NULL && g_strcmp0 (incident, self->incident) != 0)
    return;

  if (in_thread (self))
    update (self);
  else
    reload (self);
}

/* GListModel --------------------------------------------------------------- */

static GType
fb_entry_list_get_item_type (GListModel *model)
{
  return FB_TYPE_ENTRY;
}

static guint
fb_entry_list_get_n_items (GListModel *model)
{
  return FB_ENTRY_LIST (model)->rowids->len;
}

static gpointer
fb_entry_list_get_item (GListModel *model,
                        guint       position)
{
  FbEntryList *self = FB_ENTRY_LIST (model);
  gint64 rowid;
  FbEntry *entry;

  if (position >= self->rowids->len)
    return NULL;

  rowid = g_array_index (self->rowids, gint64, position);
  entry = g_hash_table_lookup (self->cache, &rowid);
  if (entry != NULL)
    return g_object_ref (entry);

  entry = _fb_store_get_entry_by_rowid (self->store, rowid);
  if (entry == NULL)
    return NULL;

  if (g_queue_get_length (&self->cache_order) >= CACHE_SIZE)
    {
      gint64 *oldest = g_queue_pop_head (&self->cache_order);
      g_hash_table_remove (self->cache, oldest);
    }

  {
    gint64 *key = g_new (gint64, 1);
    *key = rowid;
    g_hash_table_insert (self->cache, key, g_object_ref (entry));
    g_queue_push_tail (&self->cache_order, key);
  }

  return entry;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fb_entry_list_get_item_type;
  iface->get_n_items = fb_entry_list_get_n_items;
  iface->get_item = fb_entry_list_get_item;
}

/* GObject ------------------------------------------------------------------- */

static void
fb_entry_list_constructed (GObject *object)
{
  FbEntryList *self = (FbEntryList *) object;

  G_OBJECT_CLASS (fb_entry_list_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);

  /* A file's own connection: not an in-memory database's. */
  if (self->background && self->store->sql.path != NULL && g_path_is_absolute (self->store->sql.path))
    {
      self->reader = _fb_entry_reader_new (self->store->sql.path, self->store->sql.messages);
      load_first (self);
    }
  else
    {
      g_array_unref (self->rowids);
      self->rowids = query_rowids (self, &self->newest);
    }
}

static void
fb_entry_list_dispose (GObject *object)
{
  FbEntryList *self = (FbEntryList *) object;

  drop_query (self);

  G_OBJECT_CLASS (fb_entry_list_parent_class)->dispose (object);
}

static void
fb_entry_list_finalize (GObject *object)
{
  FbEntryList *self = (FbEntryList *) object;

  clear_cache (self);
  g_hash_table_unref (self->cache);
  g_clear_pointer (&self->reader, _fb_entry_reader_unref);
  g_array_unref (self->rowids);
  g_clear_object (&self->store);
  g_free (self->incident);
  g_free (self->search);

  G_OBJECT_CLASS (fb_entry_list_parent_class)->finalize (object);
}

static void
fb_entry_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FbEntryList *self = FB_ENTRY_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;
    case PROP_KINDS:
      g_value_set_uint (value, self->kinds);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_PINNED_ONLY:
      g_value_set_boolean (value, self->pinned_only);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->rowids->len);
      break;
    case PROP_BACKGROUND:
      g_value_set_boolean (value, self->background);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_entry_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FbEntryList *self = FB_ENTRY_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_INCIDENT:
      self->incident = g_value_dup_string (value);
      break;
    case PROP_KINDS:
      fb_entry_list_set_kinds (self, g_value_get_uint (value));
      break;
    case PROP_SEARCH:
      fb_entry_list_set_search (self, g_value_get_string (value));
      break;
    case PROP_PINNED_ONLY:
      fb_entry_list_set_pinned_only (self, g_value_get_boolean (value));
      break;
    case PROP_BACKGROUND:
      self->background = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_entry_list_class_init (FbEntryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fb_entry_list_constructed;
  object_class->dispose = fb_entry_list_dispose;
  object_class->finalize = fb_entry_list_finalize;
  object_class->get_property = fb_entry_list_get_property;
  object_class->set_property = fb_entry_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FB_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KINDS] =
    g_param_spec_uint ("kinds", NULL, NULL, 0, FB_ENTRY_KINDS_ALL, FB_ENTRY_KINDS_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PINNED_ONLY] =
    g_param_spec_boolean ("pinned-only", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Whether a large list reads its rows in a thread. */
  properties[PROP_BACKGROUND] =
    g_param_spec_boolean ("background", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* Whether rows are being read in the thread: the rows shown are the
   * last ones, or those of the filter before. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_entry_list_init (FbEntryList *self)
{
  self->kinds = FB_ENTRY_KINDS_ALL;
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* The table owns the keys; the queue only orders them. */
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_queue_init (&self->cache_order);
}

/* Public API ----------------------------------------------------------------- */

FbEntryList *
fb_entry_list_new (FbStore    *store,
                   const char *incident)
{
  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  return g_object_new (FB_TYPE_ENTRY_LIST, "store", store, "incident", incident, NULL);
}

/**
 * fb_entry_list_new_background:
 *
 * A list for a window: when the incident has more entries than can be
 * read in a millisecond or two, it holds its last rows at first and reads
 * the rest, and the rows of each new filter or search, in a thread (see
 * #FbEntryList:loading). Run the main loop, or call
 * fb_entry_list_finish_loading(), to have them.
 */
FbEntryList *
fb_entry_list_new_background (FbStore    *store,
                              const char *incident)
{
  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  return g_object_new (FB_TYPE_ENTRY_LIST, "store", store, "incident", incident, "background", TRUE, NULL);
}

gboolean
fb_entry_list_get_loading (FbEntryList *self)
{
  g_return_val_if_fail (FB_IS_ENTRY_LIST (self), FALSE);

  return self->loading;
}

/**
 * fb_entry_list_finish_loading:
 *
 * Reads here and now the rows being read in the thread, for a caller that
 * needs every row at once: a jump to the first entry, or to one entry.
 */
void
fb_entry_list_finish_loading (FbEntryList *self)
{
  g_return_if_fail (FB_IS_ENTRY_LIST (self));

  if (self->loading)
    reload (self);
}

FbStore *
fb_entry_list_get_store (FbEntryList *self)
{
  g_return_val_if_fail (FB_IS_ENTRY_LIST (self), NULL);

  return self->store;
}

const char *
fb_entry_list_get_incident (FbEntryList *self)
{
  g_return_val_if_fail (FB_IS_ENTRY_LIST (self), NULL);

  return self->incident;
}

guint
fb_entry_list_get_kinds (FbEntryList *self)
{
  g_return_val_if_fail (FB_IS_ENTRY_LIST (self), 0);

  return self->kinds;
}

void
fb_entry_list_set_kinds (FbEntryList *self,
                         guint        kind_mask)
{
  g_return_if_fail (FB_IS_ENTRY_LIST (self));

  kind_mask &= FB_ENTRY_KINDS_ALL;
  if (self->kinds == kind_mask)
    return;

  self->kinds = kind_mask;
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KINDS]);
}

const char *
fb_entry_list_get_search (FbEntryList *self)
{
  g_return_val_if_fail (FB_IS_ENTRY_LIST (self), NULL);

  return self->search;
}

void
fb_entry_list_set_search (FbEntryList *self,
                          const char  *search)
{
  g_return_if_fail (FB_IS_ENTRY_LIST (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

gboolean
fb_entry_list_get_pinned_only (FbEntryList *self)
{
  g_return_val_if_fail (FB_IS_ENTRY_LIST (self), FALSE);

  return self->pinned_only;
}

void
fb_entry_list_set_pinned_only (FbEntryList *self,
                               gboolean     pinned_only)
{
  g_return_if_fail (FB_IS_ENTRY_LIST (self));

  pinned_only = !!pinned_only;
  if (self->pinned_only == pinned_only)
    return;

  self->pinned_only = pinned_only;
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_ONLY]);
}

/**
 * fb_entry_list_find:
 *
 * Returns: the position of the entry, or %G_MAXUINT when it is not shown
 */
guint
fb_entry_list_find (FbEntryList *self,
                    const char  *entry_id)
{
  sqlite3_stmt *stmt;
  gint64 rowid = -1;

  g_return_val_if_fail (FB_IS_ENTRY_LIST (self), G_MAXUINT);
  g_return_val_if_fail (entry_id != NULL, G_MAXUINT);

  fb_entry_list_finish_loading (self);
  stmt = _fb_store_stmt (self->store, "SELECT rowid FROM entries WHERE id = ?");
  sqlite3_bind_text (stmt, 1, entry_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  for (guint i = self->rowids->len; i > 0; i--)
    if (g_array_index (self->rowids, gint64, i - 1) == rowid)
      return i - 1;

  return G_MAXUINT;
}
