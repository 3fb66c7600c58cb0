/* fb-playbook.c — playbooks: loading them, reading them, starting incidents from them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Playbooks come from us (compiled into the resources) and from users (a
 * folder of JSON files they edit by hand). Either way the file is treated
 * as untrusted: size, encoding, strict syntax and nesting are checked
 * before json-glib sees it, and every error names the file and the line,
 * because the person reading it has a text editor and nothing else. What
 * each member must hold is checked in fb-playbook-read.c.
 */

#define G_LOG_DOMAIN "fb-playbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "fb-checklist-item.h"
#include "fb-error.h"
#include "fb-incident.h"
#include "fb-op.h"
#include "fb-playbook.h"
#include "fb-json-check-private.h"
#include "fb-playbook-private.h"

G_DEFINE_FINAL_TYPE (FbPlaybook, fb_playbook, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_VERSION,
  PROP_SOURCE,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_CONTAINMENT_TARGET_MIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Languages -------------------------------------------------------------- */

static gboolean
is_language (const char *name,
             const char *code)
{
  gsize len = strlen (code);

  return strncmp (name, code, len) == 0 &&
         (name[len] == '\0' || name[len] == '_' || name[len] == '.' || name[len] == '@');
}

/* Playbooks ship in English and Japanese only, so the first of those two
 * in the user's list of languages wins; anything else reads English. */
const char *
fb_playbook_get_current_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (is_language (names[i], "ja"))
        return "ja";
      if (is_language (names[i], "en") || g_str_equal (names[i], "C"))
        return "en";
    }

  return "en";
}

const char *
fb_playbook_text_get (const FbPlaybookText *text,
                      const char           *language)
{
  g_return_val_if_fail (text != NULL, NULL);

  if (language == NULL)
    language = fb_playbook_get_current_language ();

  if (g_str_equal (language, "ja") && text->ja != NULL)
    return text->ja;

  return text->en;
}

/* GObject ---------------------------------------------------------------- */

static void
fb_playbook_finalize (GObject *object)
{
  FbPlaybook *self = (FbPlaybook *) object;

  g_free (self->id);
  g_free (self->source);
  _fb_playbook_text_clear (&self->title);
  _fb_playbook_text_clear (&self->description);
  g_clear_pointer (&self->deadlines, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);

  G_OBJECT_CLASS (fb_playbook_parent_class)->finalize (object);
}

static void
fb_playbook_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FbPlaybook *self = FB_PLAYBOOK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_TITLE:
      g_value_set_string (value, fb_playbook_get_title (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, fb_playbook_get_description (self));
      break;
    case PROP_CONTAINMENT_TARGET_MIN:
      g_value_set_int (value, self->containment_target_min);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_playbook_class_init (FbPlaybookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_playbook_finalize;
  object_class->get_property = fb_playbook_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* In the current language. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTAINMENT_TARGET_MIN] =
    g_param_spec_int ("containment-target-min", NULL, NULL,
                      FB_OP_MIN_TARGET_MIN, FB_OP_MAX_TARGET_MIN, 60,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_playbook_init (FbPlaybook *self)
{
  self->containment_target_min = 60;
  self->deadlines = g_array_new (FALSE, TRUE, sizeof (FbPlaybookDeadline));
  g_array_set_clear_func (self->deadlines, _fb_playbook_deadline_clear);
  self->items = g_array_new (FALSE, TRUE, sizeof (FbPlaybookItem));
  g_array_set_clear_func (self->items, _fb_playbook_item_clear);
}

/* Loading ---------------------------------------------------------------- */

FbPlaybook *
fb_playbook_new_from_data (const char *data,
                           gsize       length,
                           const char *source,
                           GError    **error)
{
  g_autoptr(FbPlaybook) self = NULL;
  g_autoptr(GHashTable) lines = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  root = _fb_json_check_parse (data, length, source, FB_PLAYBOOK_MAX_BYTES, &lines, error);
  if (root == NULL)
    return NULL;

  self = g_object_new (FB_TYPE_PLAYBOOK, NULL);
  self->source = g_strdup (source);

  if (!_fb_playbook_read (self, source, lines, root, error))
    return NULL;

  return g_steal_pointer (&self);
}

FbPlaybook *
fb_playbook_new_from_file (GFile   *file,
                           GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  contents = _fb_json_check_load_file (file, FB_PLAYBOOK_MAX_BYTES, &name, &length, error);
  if (contents == NULL)
    return NULL;

  return fb_playbook_new_from_data (contents, length, name, error);
}

/* Reading ---------------------------------------------------------------- */

const char *
fb_playbook_get_id (FbPlaybook *self)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), NULL);

  return self->id;
}

int
fb_playbook_get_version (FbPlaybook *self)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), 0);

  return self->version;
}

const char *
fb_playbook_get_source (FbPlaybook *self)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), NULL);

  return self->source;
}

const char *
fb_playbook_get_title (FbPlaybook *self)
{
  return fb_playbook_get_title_in (self, NULL);
}

const char *
fb_playbook_get_title_in (FbPlaybook *self,
                          const char *language)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), NULL);

  return fb_playbook_text_get (&self->title, language);
}

const char *
fb_playbook_get_description (FbPlaybook *self)
{
  return fb_playbook_get_description_in (self, NULL);
}

const char *
fb_playbook_get_description_in (FbPlaybook *self,
                                const char *language)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), NULL);

  return fb_playbook_text_get (&self->description, language);
}

int
fb_playbook_get_containment_target_min (FbPlaybook *self)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), 60);

  return self->containment_target_min;
}

/* What the playbook starts: an incident, or a readiness review (a standing
 * checklist kept outside any incident). */
FbRecordType
fb_playbook_get_record (FbPlaybook *self)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), FB_RECORD_INCIDENT);

  return self->record;
}

guint
fb_playbook_get_n_deadlines (FbPlaybook *self)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), 0);

  return self->deadlines->len;
}

const FbPlaybookDeadline *
fb_playbook_get_deadline (FbPlaybook *self,
                          guint       index)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), NULL);
  g_return_val_if_fail (index < self->deadlines->len, NULL);

  return &g_array_index (self->deadlines, FbPlaybookDeadline, index);
}

gint64
fb_playbook_deadline_get_due_at (const FbPlaybookDeadline *deadline,
                                 gint64                    detected_at)
{
  g_return_val_if_fail (deadline != NULL, 0);

  return detected_at + deadline->minutes * 60 * 1000;
}

guint
fb_playbook_get_n_items (FbPlaybook *self)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), 0);

  return self->items->len;
}

const FbPlaybookItem *
fb_playbook_get_item (FbPlaybook *self,
                      guint       index)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return &g_array_index (self->items, FbPlaybookItem, index);
}

const FbPlaybookItem *
fb_playbook_lookup_item (FbPlaybook *self,
                         const char *id)
{
  g_return_val_if_fail (FB_IS_PLAYBOOK (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      const FbPlaybookItem *item = &g_array_index (self->items, FbPlaybookItem, i);

      if (g_str_equal (item->id, id))
        return item;
    }

  return NULL;
}

/* Starting incidents ----------------------------------------------------- */

/* Adds checklist.add drafts for every item the incident lacks. Items
 * already taken from this playbook are skipped, so instantiating twice
 * does not double the checklist, and new ones go after what each section
 * already holds. */
void
_fb_playbook_add_checklist_drafts (FbPlaybook *self,
                                   GListModel *existing,
                                   const char *incident,
                                   GPtrArray  *drafts)
{
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *language = fb_playbook_get_current_language ();
  int next[FB_N_SECTIONS] = { 0 };

  if (existing != NULL)
    {
      guint n = g_list_model_get_n_items (existing);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FbChecklistItem) row = g_list_model_get_item (existing, i);
          const char *from = fb_checklist_item_get_playbook_item (row);
          FbSection section = fb_checklist_item_get_section (row);

          if (from != NULL && from[0] != '\0')
            g_hash_table_add (present, g_strdup (from));
          if (section < FB_N_SECTIONS)
            next[section] = MAX (next[section], fb_checklist_item_get_position (row) + 1);
        }
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      const FbPlaybookItem *item = &g_array_index (self->items, FbPlaybookItem, i);
      g_autoptr(JsonObject) body = NULL;
      g_autofree char *entity = NULL;

      if (g_hash_table_contains (present, item->id))
        continue;

      body = json_object_new ();
      json_object_set_string_member (body, "section", fb_section_to_string (item->section));
      json_object_set_string_member (body, "text", fb_playbook_text_get (&item->text, language));
      json_object_set_int_member (body, "position", next[item->section]++);
      json_object_set_string_member (body, "playbook_item", item->id);

      entity = fb_uuid_new ();
      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_CHECKLIST_ADD, incident, entity, body));
    }
}

gboolean
fb_playbook_instantiate (FbPlaybook *self,
                         FbStore    *store,
                         const char *incident,
                         GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autoptr(FbIncident) current = NULL;
  g_autoptr(GListModel) existing = NULL;

  g_return_val_if_fail (FB_IS_PLAYBOOK (self), FALSE);
  g_return_val_if_fail (FB_IS_STORE (store), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);

  current = fb_store_get_incident (store, incident);
  if (current == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                   _("There is no incident “%s” in this database"), incident);
      return FALSE;
    }

  existing = fb_store_list_checklist (store, incident);
  _fb_playbook_add_checklist_drafts (self, existing, incident, drafts);

  if (drafts->len == 0)
    return TRUE;

  return fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}
