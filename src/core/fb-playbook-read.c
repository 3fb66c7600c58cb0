/* fb-playbook-read.c — what each member of a playbook file must hold
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file has passed the strict parser by the time it gets here; this
 * walks the document and refuses anything a playbook cannot be, naming the
 * file, the line and the member, for a person with only a text editor.
 */

#define G_LOG_DOMAIN "fb-playbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "fb-checklist-item.h"
#include "fb-error.h"
#include "fb-json-check-private.h"
#include "fb-op.h"
#include "fb-playbook.h"
#include "fb-playbook-private.h"

#define MAX_ID       FB_OP_MAX_ID   /* ids become an incident's kind and items' playbook_item */
#define MAX_TITLE    200
#define MAX_TEXT     1000
#define MAX_LONG     4000
#define MAX_VERSION  1000000
#define MAX_MINUTES  (366 * 24 * 60)
#define MAX_PER_SECTION 100

/* Plain data ------------------------------------------------------------- */

void
_fb_playbook_text_clear (FbPlaybookText *text)
{
  g_clear_pointer (&text->en, g_free);
  g_clear_pointer (&text->ja, g_free);
}

void
_fb_playbook_deadline_clear (gpointer data)
{
  FbPlaybookDeadline *deadline = data;

  g_free (deadline->id);
  g_free (deadline->from);
  _fb_playbook_text_clear (&deadline->title);
  _fb_playbook_text_clear (&deadline->note);
  _fb_playbook_text_clear (&deadline->basis);
}

void
_fb_playbook_item_clear (gpointer data)
{
  FbPlaybookItem *item = data;

  g_free (item->id);
  _fb_playbook_text_clear (&item->text);
  _fb_playbook_text_clear (&item->hint);
}

static gboolean
read_deadline (FbJsonCheck              *check,
               const char         *path,
               JsonNode           *node,
               FbPlaybookDeadline *deadline)
{
  static const char * const allowed[] = {
    "id", "title", "from", "minutes", "note", "basis", "applies", "improper_minutes", NULL
  };
  g_autofree char *basis_path = _fb_json_join_path (path, "basis");
  g_autofree char *applies_path = _fb_json_join_path (path, "applies");
  g_autofree char *improper_path = _fb_json_join_path (path, "improper_minutes");
  g_autofree char *applies = NULL;
  FbDeadlineFrom from;
  g_autofree char *id_path = _fb_json_join_path (path, "id");
  g_autofree char *title_path = _fb_json_join_path (path, "title");
  g_autofree char *from_path = _fb_json_join_path (path, "from");
  g_autofree char *minutes_path = _fb_json_join_path (path, "minutes");
  g_autofree char *note_path = _fb_json_join_path (path, "note");
  JsonObject *object;
  JsonNode *member;

  if ((object = _fb_json_get_object (check, path, node)) == NULL ||
      !_fb_json_check_members (check, path, object, allowed))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "id", TRUE)) == NULL ||
      !_fb_json_take_id (check, id_path, member, &deadline->id))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "title", TRUE)) == NULL ||
      !_fb_json_take_text (check, title_path, member, MAX_TITLE, &deadline->title))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "from", TRUE)) == NULL ||
      !_fb_json_take_string (check, from_path, member, MAX_ID, &deadline->from))
    return FALSE;

  /* A time typed in belongs to one incident, not to a playbook. */
  if (!fb_deadline_anchor_from_string (deadline->from, &from) || from == FB_DEADLINE_FROM_FIXED)
    return _fb_json_check_fail (check, from_path, FB_ERROR_INVALID,
                       _("“%s” must be “detected”, “aware” or “declared”"), from_path);

  if ((member = _fb_json_get_member (check, path, object, "minutes", TRUE)) == NULL ||
      !_fb_json_take_int (check, minutes_path, member, 1, MAX_MINUTES, &deadline->minutes))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "note", FALSE)) != NULL &&
      !_fb_json_take_text (check, note_path, member, MAX_LONG, &deadline->note))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "basis", FALSE)) != NULL &&
      !_fb_json_take_text (check, basis_path, member, MAX_TITLE, &deadline->basis))
    return FALSE;

  deadline->applies = FB_DEADLINE_RULE_ALWAYS;
  if ((member = _fb_json_get_member (check, path, object, "applies", FALSE)) != NULL)
    {
      if (!_fb_json_take_string (check, applies_path, member, MAX_ID, &applies))
        return FALSE;
      if (!fb_deadline_rule_from_string (applies, &deadline->applies) ||
          deadline->applies == FB_DEADLINE_RULE_ALWAYS)
        return _fb_json_check_fail (check, applies_path, FB_ERROR_INVALID,
                           _("“%s” must be “personal-data”, “eu-people” or “nis2-entity”"),
                           applies_path);
    }

  if ((member = _fb_json_get_member (check, path, object, "improper_minutes", FALSE)) != NULL &&
      !_fb_json_take_int (check, improper_path, member, 1, MAX_MINUTES, &deadline->improper_minutes))
    return FALSE;

  return TRUE;
}

static gboolean
read_item (FbJsonCheck          *check,
           const char     *path,
           JsonNode       *node,
           FbSection       section,
           FbPlaybookItem *item)
{
  static const char * const allowed[] = { "id", "text", "hint", NULL };
  g_autofree char *id_path = _fb_json_join_path (path, "id");
  g_autofree char *text_path = _fb_json_join_path (path, "text");
  g_autofree char *hint_path = _fb_json_join_path (path, "hint");
  JsonObject *object;
  JsonNode *member;

  item->section = section;

  if ((object = _fb_json_get_object (check, path, node)) == NULL ||
      !_fb_json_check_members (check, path, object, allowed))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "id", TRUE)) == NULL ||
      !_fb_json_take_id (check, id_path, member, &item->id))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "text", TRUE)) == NULL ||
      !_fb_json_take_text (check, text_path, member, MAX_TEXT, &item->text))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "hint", FALSE)) != NULL &&
      !_fb_json_take_text (check, hint_path, member, MAX_TEXT, &item->hint))
    return FALSE;

  return TRUE;
}

static gboolean
read_sections (FbJsonCheck      *check,
               FbPlaybook *self,
               JsonNode   *node)
{
  static const char * const allowed[] = { "id", "items", NULL };
  g_autoptr(GHashTable) item_ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *sections;
  guint n_sections;
  int previous = -1;

  if ((sections = _fb_json_get_array (check, "sections", node)) == NULL)
    return FALSE;

  n_sections = json_array_get_length (sections);

  for (guint i = 0; i < n_sections; i++)
    {
      g_autofree char *path = g_strdup_printf ("sections[%u]", i);
      g_autofree char *id_path = _fb_json_join_path (path, "id");
      g_autofree char *items_path = _fb_json_join_path (path, "items");
      g_autofree char *id = NULL;
      JsonObject *object;
      JsonNode *member;
      JsonArray *items;
      FbSection section;
      guint n_items;

      if ((object = _fb_json_get_object (check, path, json_array_get_element (sections, i))) == NULL ||
          !_fb_json_check_members (check, path, object, allowed))
        return FALSE;

      if ((member = _fb_json_get_member (check, path, object, "id", TRUE)) == NULL ||
          !_fb_json_take_string (check, id_path, member, MAX_ID, &id))
        return FALSE;

      if (!fb_section_from_string (id, &section))
        return _fb_json_check_fail (check, id_path, FB_ERROR_INVALID,
                           _("unknown section “%s”; use fact-finding, escalation, damage-limitation, "
                             "recovery, communications or post-incident"), id);

      /* The guide's first three moves open every playbook, and sections
       * keep their fixed order so every checklist reads the same way. */
      if (i < 3 && (int) section != (int) i)
        return _fb_json_check_fail (check, id_path, FB_ERROR_INVALID,
                           _("section %u must be “%s”: every playbook starts with fact-finding, "
                             "escalation and damage-limitation"),
                           i + 1, fb_section_to_string ((FbSection) i));

      if ((int) section <= previous)
        return _fb_json_check_fail (check, id_path, FB_ERROR_INVALID,
                           _("section “%s” is out of order or repeated; the order is fact-finding, "
                             "escalation, damage-limitation, recovery, communications, post-incident"),
                           id);
      previous = (int) section;

      if ((member = _fb_json_get_member (check, path, object, "items", TRUE)) == NULL ||
          (items = _fb_json_get_array (check, items_path, member)) == NULL)
        return FALSE;

      n_items = json_array_get_length (items);
      if (n_items == 0)
        return _fb_json_check_fail (check, items_path, FB_ERROR_INVALID, _("section “%s” has no items"), id);
      if (n_items > MAX_PER_SECTION || self->items->len + n_items > FB_PLAYBOOK_MAX_ITEMS)
        return _fb_json_check_fail (check, items_path, FB_ERROR_TOO_LARGE,
                           _("too many items; the limit is %d in a playbook"), FB_PLAYBOOK_MAX_ITEMS);

      for (guint j = 0; j < n_items; j++)
        {
          g_autofree char *item_path = g_strdup_printf ("%s[%u]", items_path, j);
          FbPlaybookItem item = { 0 };

          if (!read_item (check, item_path, json_array_get_element (items, j), section, &item))
            {
              _fb_playbook_item_clear (&item);
              return FALSE;
            }

          g_array_append_val (self->items, item);

          /* Ids are what a checklist row remembers of its playbook item,
           * so they must be unique across the whole playbook. */
          if (g_hash_table_contains (item_ids, item.id))
            {
              g_autofree char *item_id_path = _fb_json_join_path (item_path, "id");
              return _fb_json_check_fail (check, item_id_path, FB_ERROR_INVALID,
                                 _("item id “%s” is used twice"), item.id);
            }
          g_hash_table_add (item_ids, item.id);
        }
    }

  if (n_sections < 3)
    return _fb_json_check_fail (check, "sections", FB_ERROR_INVALID,
                       _("every playbook starts with the sections fact-finding, escalation and "
                         "damage-limitation"));

  return TRUE;
}

/* "record": what the playbook starts. A readiness review runs no clock, so
 * a clock in its file would be a mistake that silently did nothing. */
static gboolean
read_record (FbJsonCheck        *check,
             JsonObject   *object,
             FbRecordType *record)
{
  static const char * const clocks[] = { "containment_target_min", "deadlines" };
  g_autofree char *value = NULL;
  JsonNode *member;

  *record = FB_RECORD_INCIDENT;
  if ((member = _fb_json_get_member (check, "", object, "record", FALSE)) == NULL)
    return TRUE;

  if (!_fb_json_take_string (check, "record", member, MAX_ID, &value))
    return FALSE;

  if (!fb_record_type_from_string (value, record))
    return _fb_json_check_fail (check, "record", FB_ERROR_INVALID,
                       _("“record” must be “incident” (the default) or “readiness” (a standing "
                         "checklist for a readiness review)"));

  if (*record != FB_RECORD_READINESS)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (clocks); i++)
    if (json_object_has_member (object, clocks[i]))
      return _fb_json_check_fail (check, clocks[i], FB_ERROR_INVALID,
                         _("a readiness review runs no clock: remove “%s” or the “record” member"),
                         clocks[i]);

  return TRUE;
}

static gboolean
read_playbook (FbJsonCheck      *check,
               FbPlaybook *self,
               JsonNode   *root)
{
  static const char * const allowed[] = {
    "id", "version", "title", "description", "record", "containment_target_min", "deadlines",
    "sections", NULL
  };
  g_autoptr(GHashTable) deadline_ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object;
  JsonNode *member;
  JsonArray *deadlines;
  gint64 value;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _fb_json_check_fail (check, "", FB_ERROR_INVALID, _("a playbook must be an object { … }"));
  object = json_node_get_object (root);

  if (!_fb_json_check_members (check, "", object, allowed))
    return FALSE;

  if ((member = _fb_json_get_member (check, "", object, "id", TRUE)) == NULL ||
      !_fb_json_take_id (check, "id", member, &self->id))
    return FALSE;

  if ((member = _fb_json_get_member (check, "", object, "version", TRUE)) == NULL ||
      !_fb_json_take_int (check, "version", member, 1, MAX_VERSION, &value))
    return FALSE;
  self->version = (int) value;

  if ((member = _fb_json_get_member (check, "", object, "title", TRUE)) == NULL ||
      !_fb_json_take_text (check, "title", member, MAX_TITLE, &self->title))
    return FALSE;

  if ((member = _fb_json_get_member (check, "", object, "description", TRUE)) == NULL ||
      !_fb_json_take_text (check, "description", member, MAX_LONG, &self->description))
    return FALSE;

  if (!read_record (check, object, &self->record))
    return FALSE;

  self->containment_target_min = 60;
  if ((member = _fb_json_get_member (check, "", object, "containment_target_min", FALSE)) != NULL)
    {
      if (!_fb_json_take_int (check, "containment_target_min", member,
                     FB_OP_MIN_TARGET_MIN, FB_OP_MAX_TARGET_MIN, &value))
        return FALSE;
      self->containment_target_min = (int) value;
    }

  if ((member = _fb_json_get_member (check, "", object, "deadlines", FALSE)) != NULL)
    {
      guint n;

      if ((deadlines = _fb_json_get_array (check, "deadlines", member)) == NULL)
        return FALSE;

      n = json_array_get_length (deadlines);
      if (n > FB_PLAYBOOK_MAX_DEADLINES)
        return _fb_json_check_fail (check, "deadlines", FB_ERROR_TOO_LARGE,
                           _("too many deadlines; the limit is %d"), FB_PLAYBOOK_MAX_DEADLINES);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *path = g_strdup_printf ("deadlines[%u]", i);
          FbPlaybookDeadline deadline = { 0 };

          if (!read_deadline (check, path, json_array_get_element (deadlines, i), &deadline))
            {
              _fb_playbook_deadline_clear (&deadline);
              return FALSE;
            }

          g_array_append_val (self->deadlines, deadline);

          if (g_hash_table_contains (deadline_ids, deadline.id))
            {
              g_autofree char *id_path = _fb_json_join_path (path, "id");
              return _fb_json_check_fail (check, id_path, FB_ERROR_INVALID,
                                 _("deadline id “%s” is used twice"), deadline.id);
            }
          g_hash_table_add (deadline_ids, deadline.id);
        }
    }

  if ((member = _fb_json_get_member (check, "", object, "sections", TRUE)) == NULL)
    return FALSE;

  return read_sections (check, self, member);
}

/* Fills @self from @root, a document already parsed strictly; every
 * error names @source and the line @lines holds for the member. */
gboolean
_fb_playbook_read (FbPlaybook *self,
                   const char *source,
                   GHashTable *lines,
                   JsonNode   *root,
                   GError    **error)
{
  FbJsonCheck check = { source, lines, error };

  return read_playbook (&check, self, root);
}
