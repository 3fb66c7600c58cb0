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
/* Checking a parsed file ------------------------------------------------- */

typedef struct
{
  const char *source;
  GHashTable *lines;
  GError    **error;
} Check;

static gboolean check_fail (Check      *check,
                            const char *path,
                            FbError     code,
                            const char *format,
                            ...) G_GNUC_PRINTF (4, 5);

static gboolean
check_fail (Check      *check,
            const char *path,
            FbError     code,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (check->error, FB_ERROR, code, "%s:%u: %s",
               check->source, _fb_json_line_map_find (check->lines, path), message);
  return FALSE;
}

static char *
join_path (const char *parent,
           const char *member)
{
  if (parent[0] == '\0')
    return g_strdup (member);

  return g_strconcat (parent, ".", member, NULL);
}

static gboolean
is_identifier (const char *str)
{
  gsize len = strlen (str);

  if (len == 0 || len > MAX_ID || !(g_ascii_islower (str[0]) || g_ascii_isdigit (str[0])))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (str[i]) && !g_ascii_isdigit (str[i]) && str[i] != '-')
      return FALSE;

  return TRUE;
}

/* Refuses members the schema does not know: a misspelt "hnit" would
 * otherwise vanish without a word. */
static gboolean
check_members (Check              *check,
               const char         *path,
               JsonObject         *object,
               const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (allowed, name))
        {
          g_autofree char *sub = join_path (path, name);
          if (path[0] == '\0')
            return check_fail (check, sub, FB_ERROR_INVALID, _("unknown member “%s”"), name);

          return check_fail (check, sub, FB_ERROR_INVALID, _("unknown member “%s” in “%s”"), name, path);
        }
    }

  return TRUE;
}

static JsonObject *
get_object (Check      *check,
            const char *path,
            JsonNode   *node)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      if (path[0] == '\0')
        check_fail (check, path, FB_ERROR_INVALID, _("a playbook must be an object { … }"));
      else
        check_fail (check, path, FB_ERROR_INVALID, _("“%s” must be an object { … }"), path);
      return NULL;
    }

  return json_node_get_object (node);
}

static JsonArray *
get_array (Check      *check,
           const char *path,
           JsonNode   *node)
{
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      check_fail (check, path, FB_ERROR_INVALID, _("“%s” must be a list [ … ]"), path);
      return NULL;
    }

  return json_node_get_array (node);
}

static JsonNode *
get_member (Check      *check,
            const char *path,
            JsonObject *object,
            const char *name,
            gboolean    required)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL && required)
    {
      g_autofree char *sub = join_path (path, name);
      check_fail (check, path, FB_ERROR_INVALID, _("“%s” is missing"), sub);
    }

  return node;
}

static gboolean
take_string (Check       *check,
             const char  *path,
             JsonNode    *node,
             gsize        max,
             char       **out)
{
  const char *str;
  gsize len;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return check_fail (check, path, FB_ERROR_INVALID, _("“%s” must be text in double quotation marks"), path);

  str = json_node_get_string (node);
  len = strlen (str);
  {
    g_autofree char *copy = g_strdup (str);

    if (g_strstrip (copy)[0] == '\0')
      return check_fail (check, path, FB_ERROR_INVALID, _("“%s” must not be empty"), path);
  }
  if (len > max)
    return check_fail (check, path, FB_ERROR_TOO_LARGE,
                       _("“%s” is %u bytes long; the limit is %u"),
                       path, (guint) MIN (len, G_MAXUINT), (guint) max);

  *out = g_strdup (str);
  return TRUE;
}

static gboolean
take_int (Check      *check,
          const char *path,
          JsonNode   *node,
          gint64      min,
          gint64      max,
          gint64     *out)
{
  gint64 value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return check_fail (check, path, FB_ERROR_INVALID, _("“%s” must be a whole number"), path);

  value = json_node_get_int (node);
  if (value < min || value > max)
    return check_fail (check, path, FB_ERROR_INVALID,
                       _("“%s” must be between %d and %d"),
                       path, (int) min, (int) max);

  *out = value;
  return TRUE;
}

static gboolean
take_id (Check       *check,
         const char  *path,
         JsonNode    *node,
         char       **out)
{
  g_autofree char *id = NULL;

  if (!take_string (check, path, node, MAX_ID, &id))
    return FALSE;

  if (!is_identifier (id))
    return check_fail (check, path, FB_ERROR_INVALID,
                       _("“%s” must be lower-case letters, digits and “-”, up to %d characters"),
                       path, MAX_ID);

  *out = g_steal_pointer (&id);
  return TRUE;
}

/* Both languages are required: a playbook that goes blank when the
 * commander's desktop is in the other language fails when it matters. */
static gboolean
take_text (Check          *check,
           const char     *path,
           JsonNode       *node,
           gsize           max,
           FbPlaybookText *out)
{
  static const char * const allowed[] = { "en", "ja", NULL };
  g_autofree char *en_path = join_path (path, "en");
  g_autofree char *ja_path = join_path (path, "ja");
  JsonObject *object;
  JsonNode *en, *ja;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return check_fail (check, path, FB_ERROR_INVALID,
                       _("“%s” must be an object with “en” and “ja” text"), path);

  object = json_node_get_object (node);
  if (!check_members (check, path, object, allowed))
    return FALSE;

  if ((en = get_member (check, path, object, "en", TRUE)) == NULL ||
      (ja = get_member (check, path, object, "ja", TRUE)) == NULL)
    return FALSE;

  return take_string (check, en_path, en, max, &out->en) &&
         take_string (check, ja_path, ja, max, &out->ja);
}

static gboolean
read_deadline (Check              *check,
               const char         *path,
               JsonNode           *node,
               FbPlaybookDeadline *deadline)
{
  static const char * const allowed[] = {
    "id", "title", "from", "minutes", "note", "basis", "applies", "improper_minutes", NULL
  };
  g_autofree char *basis_path = join_path (path, "basis");
  g_autofree char *applies_path = join_path (path, "applies");
  g_autofree char *improper_path = join_path (path, "improper_minutes");
  g_autofree char *applies = NULL;
  FbDeadlineFrom from;
  g_autofree char *id_path = join_path (path, "id");
  g_autofree char *title_path = join_path (path, "title");
  g_autofree char *from_path = join_path (path, "from");
  g_autofree char *minutes_path = join_path (path, "minutes");
  g_autofree char *note_path = join_path (path, "note");
  JsonObject *object;
  JsonNode *member;

  if ((object = get_object (check, path, node)) == NULL ||
      !check_members (check, path, object, allowed))
    return FALSE;

  if ((member = get_member (check, path, object, "id", TRUE)) == NULL ||
      !take_id (check, id_path, member, &deadline->id))
    return FALSE;

  if ((member = get_member (check, path, object, "title", TRUE)) == NULL ||
      !take_text (check, title_path, member, MAX_TITLE, &deadline->title))
    return FALSE;

  if ((member = get_member (check, path, object, "from", TRUE)) == NULL ||
      !take_string (check, from_path, member, MAX_ID, &deadline->from))
    return FALSE;

  /* A time typed in belongs to one incident, not to a playbook. */
  if (!fb_deadline_anchor_from_string (deadline->from, &from) || from == FB_DEADLINE_FROM_FIXED)
    return check_fail (check, from_path, FB_ERROR_INVALID,
                       _("“%s” must be “detected”, “aware” or “declared”"), from_path);

  if ((member = get_member (check, path, object, "minutes", TRUE)) == NULL ||
      !take_int (check, minutes_path, member, 1, MAX_MINUTES, &deadline->minutes))
    return FALSE;

  if ((member = get_member (check, path, object, "note", FALSE)) != NULL &&
      !take_text (check, note_path, member, MAX_LONG, &deadline->note))
    return FALSE;

  if ((member = get_member (check, path, object, "basis", FALSE)) != NULL &&
      !take_text (check, basis_path, member, MAX_TITLE, &deadline->basis))
    return FALSE;

  deadline->applies = FB_DEADLINE_RULE_ALWAYS;
  if ((member = get_member (check, path, object, "applies", FALSE)) != NULL)
    {
      if (!take_string (check, applies_path, member, MAX_ID, &applies))
        return FALSE;
      if (!fb_deadline_rule_from_string (applies, &deadline->applies) ||
          deadline->applies == FB_DEADLINE_RULE_ALWAYS)
        return check_fail (check, applies_path, FB_ERROR_INVALID,
                           _("“%s” must be “personal-data”, “eu-people” or “nis2-entity”"),
                           applies_path);
    }

  if ((member = get_member (check, path, object, "improper_minutes", FALSE)) != NULL &&
      !take_int (check, improper_path, member, 1, MAX_MINUTES, &deadline->improper_minutes))
    return FALSE;

  return TRUE;
}

static gboolean
read_item (Check          *check,
           const char     *path,
           JsonNode       *node,
           FbSection       section,
           FbPlaybookItem *item)
{
  static const char * const allowed[] = { "id", "text", "hint", NULL };
  g_autofree char *id_path = join_path (path, "id");
  g_autofree char *text_path = join_path (path, "text");
  g_autofree char *hint_path = join_path (path, "hint");
  JsonObject *object;
  JsonNode *member;

  item->section = section;

  if ((object = get_object (check, path, node)) == NULL ||
      !check_members (check, path, object, allowed))
    return FALSE;

  if ((member = get_member (check, path, object, "id", TRUE)) == NULL ||
      !take_id (check, id_path, member, &item->id))
    return FALSE;

  if ((member = get_member (check, path, object, "text", TRUE)) == NULL ||
      !take_text (check, text_path, member, MAX_TEXT, &item->text))
    return FALSE;

  if ((member = get_member (check, path, object, "hint", FALSE)) != NULL &&
      !take_text (check, hint_path, member, MAX_TEXT, &item->hint))
    return FALSE;

  return TRUE;
}

static gboolean
read_sections (Check      *check,
               FbPlaybook *self,
               JsonNode   *node)
{
  static const char * const allowed[] = { "id", "items", NULL };
  g_autoptr(GHashTable) item_ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *sections;
  guint n_sections;
  int previous = -1;

  if ((sections = get_array (check, "sections", node)) == NULL)
    return FALSE;

  n_sections = json_array_get_length (sections);

  for (guint i = 0; i < n_sections; i++)
    {
      g_autofree char *path = g_strdup_printf ("sections[%u]", i);
      g_autofree char *id_path = join_path (path, "id");
      g_autofree char *items_path = join_path (path, "items");
      g_autofree char *id = NULL;
      JsonObject *object;
      JsonNode *member;
      JsonArray *items;
      FbSection section;
      guint n_items;

      if ((object = get_object (check, path, json_array_get_element (sections, i))) == NULL ||
          !check_members (check, path, object, allowed))
        return FALSE;

      if ((member = get_member (check, path, object, "id", TRUE)) == NULL ||
          !take_string (check, id_path, member, MAX_ID, &id))
        return FALSE;

      if (!fb_section_from_string (id, &section))
        return check_fail (check, id_path, FB_ERROR_INVALID,
                           _("unknown section “%s”; use fact-finding, escalation, damage-limitation, "
                             "recovery, communications or post-incident"), id);

      /* The guide's first three moves open every playbook, and sections
       * keep their fixed order so every checklist reads the same way. */
      if (i < 3 && (int) section != (int) i)
        return check_fail (check, id_path, FB_ERROR_INVALID,
                           _("section %u must be “%s”: every playbook starts with fact-finding, "
                             "escalation and damage-limitation"),
                           i + 1, fb_section_to_string ((FbSection) i));

      if ((int) section <= previous)
        return check_fail (check, id_path, FB_ERROR_INVALID,
                           _("section “%s” is out of order or repeated; the order is fact-finding, "
                             "escalation, damage-limitation, recovery, communications, post-incident"),
                           id);
      previous = (int) section;

      if ((member = get_member (check, path, object, "items", TRUE)) == NULL ||
          (items = get_array (check, items_path, member)) == NULL)
        return FALSE;

      n_items = json_array_get_length (items);
      if (n_items == 0)
        return check_fail (check, items_path, FB_ERROR_INVALID, _("section “%s” has no items"), id);
      if (n_items > MAX_PER_SECTION || self->items->len + n_items > FB_PLAYBOOK_MAX_ITEMS)
        return check_fail (check, items_path, FB_ERROR_TOO_LARGE,
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
              g_autofree char *item_id_path = join_path (item_path, "id");
              return check_fail (check, item_id_path, FB_ERROR_INVALID,
                                 _("item id “%s” is used twice"), item.id);
            }
          g_hash_table_add (item_ids, item.id);
        }
    }

  if (n_sections < 3)
    return check_fail (check, "sections", FB_ERROR_INVALID,
                       _("every playbook starts with the sections fact-finding, escalation and "
                         "damage-limitation"));

  return TRUE;
}

/* "record": what the playbook starts. A readiness review runs no clock, so
 * a clock in its file would be a mistake that silently did nothing. */
static gboolean
read_record (Check        *check,
             JsonObject   *object,
             FbRecordType *record)
{
  static const char * const clocks[] = { "containment_target_min", "deadlines" };
  g_autofree char *value = NULL;
  JsonNode *member;

  *record = FB_RECORD_INCIDENT;
  if ((member = get_member (check, "", object, "record", FALSE)) == NULL)
    return TRUE;

  if (!take_string (check, "record", member, MAX_ID, &value))
    return FALSE;

  if (!fb_record_type_from_string (value, record))
    return check_fail (check, "record", FB_ERROR_INVALID,
                       _("“record” must be “incident” (the default) or “readiness” (a standing "
                         "checklist for a readiness review)"));

  if (*record != FB_RECORD_READINESS)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (clocks); i++)
    if (json_object_has_member (object, clocks[i]))
      return check_fail (check, clocks[i], FB_ERROR_INVALID,
                         _("a readiness review runs no clock: remove “%s” or the “record” member"),
                         clocks[i]);

  return TRUE;
}

static gboolean
read_playbook (Check      *check,
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

  if ((object = get_object (check, "", root)) == NULL)
    return FALSE;

  if (!check_members (check, "", object, allowed))
    return FALSE;

  if ((member = get_member (check, "", object, "id", TRUE)) == NULL ||
      !take_id (check, "id", member, &self->id))
    return FALSE;

  if ((member = get_member (check, "", object, "version", TRUE)) == NULL ||
      !take_int (check, "version", member, 1, MAX_VERSION, &value))
    return FALSE;
  self->version = (int) value;

  if ((member = get_member (check, "", object, "title", TRUE)) == NULL ||
      !take_text (check, "title", member, MAX_TITLE, &self->title))
    return FALSE;

  if ((member = get_member (check, "", object, "description", TRUE)) == NULL ||
      !take_text (check, "description", member, MAX_LONG, &self->description))
    return FALSE;

  if (!read_record (check, object, &self->record))
    return FALSE;

  self->containment_target_min = 60;
  if ((member = get_member (check, "", object, "containment_target_min", FALSE)) != NULL)
    {
      if (!take_int (check, "containment_target_min", member,
                     FB_OP_MIN_TARGET_MIN, FB_OP_MAX_TARGET_MIN, &value))
        return FALSE;
      self->containment_target_min = (int) value;
    }

  if ((member = get_member (check, "", object, "deadlines", FALSE)) != NULL)
    {
      guint n;

      if ((deadlines = get_array (check, "deadlines", member)) == NULL)
        return FALSE;

      n = json_array_get_length (deadlines);
      if (n > FB_PLAYBOOK_MAX_DEADLINES)
        return check_fail (check, "deadlines", FB_ERROR_TOO_LARGE,
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
              g_autofree char *id_path = join_path (path, "id");
              return check_fail (check, id_path, FB_ERROR_INVALID,
                                 _("deadline id “%s” is used twice"), deadline.id);
            }
          g_hash_table_add (deadline_ids, deadline.id);
        }
    }

  if ((member = get_member (check, "", object, "sections", TRUE)) == NULL)
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
  Check check = { source, lines, error };

  return read_playbook (&check, self, root);
}
