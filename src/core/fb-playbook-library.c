/* fb-playbook-library.c — the playbooks on offer: built-in and the user's own
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-playbook"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-core-resources.h"
#include "fb-error.h"
#include "fb-playbook-library.h"

struct _FbPlaybookLibrary
{
  GObject    parent_instance;

  char      *user_dir;   /* NULL: built-in playbooks only */
  GPtrArray *playbooks;  /* of FbPlaybook, "generic" first, then by title */
  GPtrArray *errors;     /* of GError, one per file refused */
};

static void fb_playbook_library_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbPlaybookLibrary, fb_playbook_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      fb_playbook_library_list_model_init))

/* Helpers ---------------------------------------------------------------- */

static int
compare_playbooks (gconstpointer a,
                   gconstpointer b)
{
  FbPlaybook *pa = *(FbPlaybook **) a;
  FbPlaybook *pb = *(FbPlaybook **) b;
  gboolean ga = g_str_equal (fb_playbook_get_id (pa), "generic");
  gboolean gb = g_str_equal (fb_playbook_get_id (pb), "generic");

  /* The generic playbook is the one to reach for when nothing else fits,
   * so it leads the list. */
  if (ga != gb)
    return ga ? -1 : 1;

  return g_utf8_collate (fb_playbook_get_title (pa), fb_playbook_get_title (pb));
}

static void
load_builtin (GHashTable *by_id,
              GPtrArray  *errors)
{
  GResource *resource = fb_core_get_resource ();
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  names = g_resource_enumerate_children (resource, FB_PLAYBOOK_RESOURCE_DIR,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (names == NULL)
    {
      g_critical ("No built-in playbooks: %s", error->message);
      return;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (FB_PLAYBOOK_RESOURCE_DIR, names[i], NULL);
      g_autofree char *source = g_strconcat ("resource://", path, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(FbPlaybook) playbook = NULL;
      gsize size = 0;
      const char *data;
      char *id;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;

      bytes = g_resource_lookup_data (resource, path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        {
          g_ptr_array_add (errors, g_steal_pointer (&error));
          continue;
        }

      data = g_bytes_get_data (bytes, &size);
      playbook = fb_playbook_new_from_data (data, size, source, &error);
      if (playbook == NULL)
        {
          /* We shipped it, so this is our bug; the tests catch it. */
          g_warning ("Built-in playbook refused: %s", error->message);
          g_ptr_array_add (errors, g_steal_pointer (&error));
          continue;
        }

      /* Take the key first: argument order of evaluation is unspecified. */
      id = g_strdup (fb_playbook_get_id (playbook));
      g_hash_table_replace (by_id, id, g_steal_pointer (&playbook));
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static void
load_user (const char *user_dir,
           GHashTable *by_id,
           GPtrArray  *errors)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) user_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *name;

  dir = g_dir_open (user_dir, 0, NULL);
  if (dir == NULL)
    return;   /* no folder is the usual case, not an error */

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json") && name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));

  /* A fixed order, so that which of two clashing files wins does not
   * depend on the file system. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (user_dir, names->pdata[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(FbPlaybook) playbook = NULL;
      g_autoptr(GError) error = NULL;
      const char *id, *other;
      char *key;

      playbook = fb_playbook_new_from_file (file, &error);
      if (playbook == NULL)
        {
          g_ptr_array_add (errors, g_steal_pointer (&error));
          continue;
        }

      id = fb_playbook_get_id (playbook);
      other = g_hash_table_lookup (user_ids, id);
      if (other != NULL)
        {
          g_ptr_array_add (errors,
                           g_error_new (FB_ERROR, FB_ERROR_INVALID,
                                        _("%s: playbook id “%s” is already used by %s; this file is ignored"),
                                        fb_playbook_get_source (playbook), id, other));
          continue;
        }

      g_hash_table_insert (user_ids, g_strdup (id), g_strdup (fb_playbook_get_source (playbook)));
      key = g_strdup (id);
      g_hash_table_replace (by_id, key, g_steal_pointer (&playbook));
    }
}

/* GListModel ------------------------------------------------------------- */

static GType
fb_playbook_library_get_item_type (GListModel *model)
{
  return FB_TYPE_PLAYBOOK;
}

static guint
fb_playbook_library_get_n_items (GListModel *model)
{
  return FB_PLAYBOOK_LIBRARY (model)->playbooks->len;
}

static gpointer
fb_playbook_library_get_item (GListModel *model,
                              guint       position)
{
  FbPlaybookLibrary *self = FB_PLAYBOOK_LIBRARY (model);

  if (position >= self->playbooks->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->playbooks, position));
}

static void
fb_playbook_library_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fb_playbook_library_get_item_type;
  iface->get_n_items = fb_playbook_library_get_n_items;
  iface->get_item = fb_playbook_library_get_item;
}

/* GObject ---------------------------------------------------------------- */

static void
fb_playbook_library_finalize (GObject *object)
{
  FbPlaybookLibrary *self = (FbPlaybookLibrary *) object;

  g_free (self->user_dir);
  g_clear_pointer (&self->playbooks, g_ptr_array_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_playbook_library_parent_class)->finalize (object);
}

static void
fb_playbook_library_class_init (FbPlaybookLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_playbook_library_finalize;
}

static void
fb_playbook_library_init (FbPlaybookLibrary *self)
{
  self->playbooks = g_ptr_array_new_with_free_func (g_object_unref);
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

/* Public API ------------------------------------------------------------- */

char *
fb_playbook_library_default_user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "firebreak", "playbooks", NULL);
}

FbPlaybookLibrary *
fb_playbook_library_new (void)
{
  g_autofree char *user_dir = fb_playbook_library_default_user_dir ();

  return fb_playbook_library_new_with_user_dir (user_dir);
}

FbPlaybookLibrary *
fb_playbook_library_new_with_user_dir (const char *user_dir)
{
  FbPlaybookLibrary *self = g_object_new (FB_TYPE_PLAYBOOK_LIBRARY, NULL);

  self->user_dir = g_strdup (user_dir);
  fb_playbook_library_reload (self);

  return self;
}

/* Reads everything again, for when the user has added or fixed a file.
 * Broken files never stop the others from loading; they end up in the
 * error list for the UI to show. */
void
fb_playbook_library_reload (FbPlaybookLibrary *self)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  GHashTableIter iter;
  gpointer value;
  guint removed;

  g_return_if_fail (FB_IS_PLAYBOOK_LIBRARY (self));

  g_ptr_array_set_size (self->errors, 0);

  load_builtin (by_id, self->errors);
  if (self->user_dir != NULL)
    load_user (self->user_dir, by_id, self->errors);

  removed = self->playbooks->len;
  g_ptr_array_set_size (self->playbooks, 0);

  g_hash_table_iter_init (&iter, by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (self->playbooks, g_object_ref (value));
  g_ptr_array_sort (self->playbooks, compare_playbooks);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->playbooks->len);
}

/* Returns the playbook with that id, or NULL; the library keeps it
 * (transfer none), and a reload replaces it. An incident's kind is the id
 * of the playbook it was made from. */
FbPlaybook *
fb_playbook_library_lookup (FbPlaybookLibrary *self,
                            const char        *id)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK_LIBRARY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->playbooks->len; i++)
    {
      FbPlaybook *playbook = g_ptr_array_index (self->playbooks, i);

      if (g_str_equal (fb_playbook_get_id (playbook), id))
        return playbook;
    }

  return NULL;
}

/* The files refused at the last (re)load, as GErrors in FB_ERROR whose
 * messages read "FILE:LINE: what is wrong" (no line for a file that is
 * too big or unreadable). Owned by the library. */
GPtrArray *
fb_playbook_library_get_errors (FbPlaybookLibrary *self)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK_LIBRARY (self), NULL);

  return self->errors;
}

/* The reason the playbook gives for a step of an incident of that kind
 * (the incident's kind is its playbook's id), in the reader's language;
 * NULL for a step added by hand, a playbook no longer on offer or a step
 * without one. Owned by the library until the next reload. */
const char *
fb_playbook_library_get_hint (FbPlaybookLibrary *self,
                              const char        *kind,
                              const char        *playbook_item)
{
  const FbPlaybookItem *item;
  FbPlaybook *playbook;

  g_return_val_if_fail (FB_IS_PLAYBOOK_LIBRARY (self), NULL);

  if (kind == NULL || playbook_item == NULL || playbook_item[0] == '\0')
    return NULL;

  playbook = fb_playbook_library_lookup (self, kind);
  if (playbook == NULL)
    return NULL;

  item = fb_playbook_lookup_item (playbook, playbook_item);
  if (item == NULL || item->hint.en == NULL)
    return NULL;

  return fb_playbook_text_get (&item->hint, fb_playbook_get_current_language ());
}

/* What was stored is the playbook's own text, in either language, rather
 * than a person's edit of it. */
static const char *
in_reader_language (const FbPlaybookText *text,
                    const char           *stored)
{
  if (stored == NULL || text->en == NULL)
    return stored;

  if (g_strcmp0 (stored, text->en) != 0 && g_strcmp0 (stored, text->ja) != 0)
    return stored;

  return fb_playbook_text_get (text, fb_playbook_get_current_language ());
}

/**
 * fb_playbook_library_localize_item:
 * @stored: the step's text as the record holds it
 *
 * A step made from a playbook is stored in the language of whoever made
 * it; each reader sees it in their own. A step someone has reworded stays
 * as they typed it.
 *
 * Returns: (transfer none): the text to show
 */
const char *
fb_playbook_library_localize_item (FbPlaybookLibrary *self,
                                   const char        *kind,
                                   const char        *playbook_item,
                                   const char        *stored)
{
  const FbPlaybookItem *item;
  FbPlaybook *playbook;

  g_return_val_if_fail (FB_IS_PLAYBOOK_LIBRARY (self), stored);

  if (kind == NULL || playbook_item == NULL || playbook_item[0] == '\0' ||
      (playbook = fb_playbook_library_lookup (self, kind)) == NULL ||
      (item = fb_playbook_lookup_item (playbook, playbook_item)) == NULL)
    return stored;

  return in_reader_language (&item->text, stored);
}

static const FbPlaybookDeadline *
lookup_deadline (FbPlaybookLibrary *self,
                 const char        *kind,
                 const char        *deadline_id)
{
  FbPlaybook *playbook;

  if (kind == NULL || deadline_id == NULL || deadline_id[0] == '\0' ||
      (playbook = fb_playbook_library_lookup (self, kind)) == NULL)
    return NULL;

  for (guint i = 0; i < fb_playbook_get_n_deadlines (playbook); i++)
    if (g_str_equal (fb_playbook_get_deadline (playbook, i)->id, deadline_id))
      return fb_playbook_get_deadline (playbook, i);

  return NULL;
}

/**
 * fb_playbook_library_localize_deadline:
 * @stored_name: the deadline's name as the record holds it
 * @stored_basis: (nullable): its legal basis, or %NULL
 * @basis_out: (out) (optional) (transfer none): the basis to show
 *
 * As fb_playbook_library_localize_item(), for a deadline made from a
 * playbook: its name and legal basis in the reader's language unless
 * someone changed them.
 *
 * Returns: (transfer none): the name to show
 */
const char *
fb_playbook_library_localize_deadline (FbPlaybookLibrary  *self,
                                       const char         *kind,
                                       const char         *deadline_id,
                                       const char         *stored_name,
                                       const char         *stored_basis,
                                       const char        **basis_out)
{
  const FbPlaybookDeadline *deadline;

  g_return_val_if_fail (FB_IS_PLAYBOOK_LIBRARY (self), stored_name);

  deadline = lookup_deadline (self, kind, deadline_id);
  if (basis_out != NULL)
    *basis_out = deadline != NULL ? in_reader_language (&deadline->basis, stored_basis) : stored_basis;

  return deadline != NULL ? in_reader_language (&deadline->title, stored_name) : stored_name;
}
