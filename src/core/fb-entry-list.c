/* fb-entry-list.c — an incident's timeline as a list model
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model holds only the row ids of the matching entries, in display
 * order (occurred_at, hlc, id); an FbEntry is read from the database when a
 * view asks for it, and a small cache keeps the rows on screen. So a
 * timeline of 100,000 entries costs 100,000 integers, not 100,000 objects.
 */

#define G_LOG_DOMAIN "fb-entry-list"

#include "config.h"

#include <string.h>

#include "fb-entry.h"
#include "fb-entry-list.h"
#include "fb-probe.h"
#include "fb-store-private.h"

#define CACHE_SIZE 256

struct _FbEntryList
{
  GObject     parent_instance;

  FbStore    *store;
  char       *incident;
  guint       kinds;
  char       *search;
  gboolean    pinned_only;

  GArray     *rowids;
  GHashTable *cache;     /* rowid → FbEntry */
  GQueue      cache_order;
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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Queries ------------------------------------------------------------------ */

static char *
escape_like (const char *search)
{
  GString *out = g_string_new ("%");

  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');

  return g_string_free (out, FALSE);
}

static GArray *
query_rowids (FbEntryList *self)
{
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new ("SELECT e.rowid FROM entries e WHERE ");
  g_autofree char *pattern = NULL;
  gboolean searching = self->search != NULL && self->search[0] != '\0';
  gboolean use_fts;
  sqlite3_stmt *stmt;

  /* The trigram index answers LIKE patterns of three characters or more
   * without wildcards of the user's own; anything else (two kanji make a
   * word) scans the incident's rows instead. */
  use_fts = searching && g_utf8_strlen (self->search, -1) >= 3 && strpbrk (self->search, "%_\\") == NULL;
  /* With the index, its matches lead and are sorted afterwards: left to
   * itself SQLite walks the incident's rows in time order and looks each
   * up in the matches, a million steps for a word found in a thousand. */
  g_string_append (sql, use_fts ? "+e.incident = ?1" : "e.incident = ?1");

  if (self->kinds != FB_ENTRY_KINDS_ALL)
    {
      g_string_append (sql, " AND e.kind IN (''");
      for (guint k = 0; k < FB_N_ENTRY_KINDS; k++)
        if (self->kinds & (1u << k))
          g_string_append_printf (sql, ",'%s'", fb_entry_kind_to_string (k));
      g_string_append (sql, ")");
    }

  if (self->pinned_only)
    g_string_append (sql, " AND e.pinned");

  if (searching)
    {
      pattern = escape_like (self->search);
      if (use_fts)
        g_string_append (sql, " AND e.rowid IN (SELECT rowid FROM entries_fts WHERE entries_fts.text LIKE ?2)");
      else
        g_string_append (sql, " AND e.text LIKE ?2 ESCAPE '\\'");
    }

  g_string_append (sql, " ORDER BY e.occurred_at, e.hlc, e.id");

  stmt = _fb_store_stmt (self->store, sql->str);
  if (stmt == NULL)
    return rowids;

  sqlite3_bind_text (stmt, 1, self->incident, -1, SQLITE_STATIC);
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_STATIC);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);

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

/* The positions, in @rows from @from to @to, of rows a view has asked for
 * (only those can be on screen) whose look has changed since: a pin, an
 * amendment. A new row that amends an old one changes the old one too. */
static void
find_changed (FbEntryList *self,
              GArray      *rows,
              guint        from,
              guint        to,
              GArray      *changed)
{
  for (guint i = from; i < to; i++)
    {
      gint64 rowid = g_array_index (rows, gint64, i);
      FbEntry *cached = g_hash_table_lookup (self->cache, &rowid);
      sqlite3_stmt *stmt;

      if (cached == NULL)
        continue;

      /* Only what can change is read: this runs on every change. */
      stmt = _fb_store_stmt (self->store,
                             "SELECT e.pinned,"
                             " (SELECT a.id FROM entries a WHERE a.amends = e.id"
                             "  ORDER BY a.hlc DESC, a.id DESC LIMIT 1)"
                             " FROM entries e WHERE e.rowid = ?");
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (sqlite3_step (stmt) != SQLITE_ROW ||
          (sqlite3_column_int (stmt, 0) != 0) != fb_entry_get_pinned (cached) ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), fb_entry_get_amended_by (cached)) != 0)
        g_array_append_val (changed, i);
      sqlite3_reset (stmt);
    }
}

/* Swaps in the new rows and tells the views only what differs: a timeline
 * that grew at its end (the usual case) reports just the new rows, so a
 * view keeps its scroll position and its widgets; a row on screen that
 * changed how it looks is reported by itself. */
static void
reload (FbEntryList *self)
{
  GArray *old = self->rowids;
  GArray *new = query_rowids (self);
  guint n_old = old->len, n_new = new->len;
  guint prefix = 0, suffix = 0;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));

  while (prefix < n_old && prefix < n_new &&
         g_array_index (old, gint64, prefix) == g_array_index (new, gint64, prefix))
    prefix++;

  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         g_array_index (old, gint64, n_old - 1 - suffix) == g_array_index (new, gint64, n_new - 1 - suffix))
    suffix++;

  if (g_hash_table_size (self->cache) > 0)
    {
      find_changed (self, new, 0, prefix, changed);
      find_changed (self, new, n_new - suffix, n_new, changed);
    }

  self->rowids = new;
  g_array_unref (old);
  if (prefix < n_old || prefix < n_new || changed->len > 0)
    fb_probe_mark (FB_PROBE_MODEL);

  /* The rest of the cache stays: it is what the views hold on screen,
   * and an entry changes only by a pin or an amendment, checked above. */
  for (guint i = 0; i < changed->len; i++)
    uncache (self, g_array_index (new, gint64, g_array_index (changed, guint, i)));

  if (prefix < n_old || prefix < n_new)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                n_old - prefix - suffix, n_new - prefix - suffix);
  for (guint i = 0; i < changed->len; i++)
    g_list_model_items_changed (G_LIST_MODEL (self), g_array_index (changed, guint, i), 1, 1);

  if (n_old != n_new)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
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
  g_array_unref (self->rowids);
  self->rowids = query_rowids (self);
}

static void
fb_entry_list_finalize (GObject *object)
{
  FbEntryList *self = (FbEntryList *) object;

  clear_cache (self);
  g_hash_table_unref (self->cache);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_entry_list_class_init (FbEntryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fb_entry_list_constructed;
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
  if (self->store != NULL)
    reload (self);
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
  if (self->store != NULL)
    reload (self);
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
  if (self->store != NULL)
    reload (self);
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
