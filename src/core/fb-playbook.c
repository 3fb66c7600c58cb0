/* fb-playbook.c — playbooks: reading them strictly, and starting incidents from them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Playbooks come from us (compiled into the resources) and from users (a
 * folder of JSON files they edit by hand). Either way the file is treated
 * as untrusted: size, encoding, strict syntax and nesting are checked
 * before json-glib sees it, and every error names the file and the line,
 * because the person reading it has a text editor and nothing else.
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
#include "fb-playbook-private.h"

#define MAX_ID       64
#define MAX_TITLE    200
#define MAX_TEXT     1000
#define MAX_LONG     4000
#define MAX_VERSION  1000000
#define MAX_MINUTES  (366 * 24 * 60)
#define MAX_TARGET   10080     /* what incident.create accepts */
#define MAX_PER_SECTION 100

struct _FbPlaybook
{
  GObject         parent_instance;

  char           *id;
  char           *source;
  int             version;
  FbPlaybookText  title;
  FbPlaybookText  description;
  int             containment_target_min;
  GArray         *deadlines;   /* of FbPlaybookDeadline */
  GArray         *items;       /* of FbPlaybookItem, in section order */
};

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

/* Plain data ------------------------------------------------------------- */

static void
text_clear (FbPlaybookText *text)
{
  g_clear_pointer (&text->en, g_free);
  g_clear_pointer (&text->ja, g_free);
}

static void
deadline_clear (gpointer data)
{
  FbPlaybookDeadline *deadline = data;

  g_free (deadline->id);
  g_free (deadline->from);
  text_clear (&deadline->title);
  text_clear (&deadline->note);
}

static void
item_clear (gpointer data)
{
  FbPlaybookItem *item = data;

  g_free (item->id);
  text_clear (&item->text);
  text_clear (&item->hint);
}

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
  static const char * const allowed[] = { "id", "title", "from", "minutes", "note", NULL };
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

  /* The clocks the guide and the regulators use run from awareness, which
   * is the incident's detected_at; other anchors can come later. */
  if (!g_str_equal (deadline->from, "detected"))
    return check_fail (check, from_path, FB_ERROR_INVALID,
                       _("“%s” must be “detected”"), from_path);

  if ((member = get_member (check, path, object, "minutes", TRUE)) == NULL ||
      !take_int (check, minutes_path, member, 1, MAX_MINUTES, &deadline->minutes))
    return FALSE;

  if ((member = get_member (check, path, object, "note", FALSE)) != NULL &&
      !take_text (check, note_path, member, MAX_LONG, &deadline->note))
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
              item_clear (&item);
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

static gboolean
read_playbook (Check      *check,
               FbPlaybook *self,
               JsonNode   *root)
{
  static const char * const allowed[] = {
    "id", "version", "title", "description", "containment_target_min", "deadlines", "sections", NULL
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

  self->containment_target_min = 60;
  if ((member = get_member (check, "", object, "containment_target_min", FALSE)) != NULL)
    {
      if (!take_int (check, "containment_target_min", member, 1, MAX_TARGET, &value))
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
              deadline_clear (&deadline);
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

/* GObject ---------------------------------------------------------------- */

static void
fb_playbook_finalize (GObject *object)
{
  FbPlaybook *self = (FbPlaybook *) object;

  g_free (self->id);
  g_free (self->source);
  text_clear (&self->title);
  text_clear (&self->description);
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
    g_param_spec_int ("containment-target-min", NULL, NULL, 1, MAX_TARGET, 60,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_playbook_init (FbPlaybook *self)
{
  self->containment_target_min = 60;
  self->deadlines = g_array_new (FALSE, TRUE, sizeof (FbPlaybookDeadline));
  g_array_set_clear_func (self->deadlines, deadline_clear);
  self->items = g_array_new (FALSE, TRUE, sizeof (FbPlaybookItem));
  g_array_set_clear_func (self->items, item_clear);
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
  g_autoptr(GError) local_error = NULL;
  const char *end = NULL;
  guint line = 0;
  Check check;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (length > FB_PLAYBOOK_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (FB_PLAYBOOK_MAX_BYTES);

      /* TRANSLATORS: a file name, then two sizes such as "300.0 kB" */
      g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE,
                   _("%s: the file is %s; a playbook may be at most %s"), source, size, limit);
      return NULL;
    }

  if (!g_utf8_validate (data, (gssize) length, &end))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("%s:%u: the file is not UTF-8 text (save it as UTF-8)"),
                   source, _fb_json_line_of_offset (data, (gsize) (end - data)));
      return NULL;
    }

  /* A byte-order mark is harmless, and some Windows editors add one. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  lines = _fb_json_line_map_new (data, length, FB_JSON_MAX_DEPTH, &line, &local_error);
  if (lines == NULL)
    {
      g_set_error (error, FB_ERROR, local_error->code, "%s:%u: %s", source, line, local_error->message);
      return NULL;
    }

  /* The walker above has already enforced what this checks; going through
   * the shared door anyway keeps one definition of "untrusted JSON". */
  root = fb_json_parse_untrusted (data, (gssize) length, FB_PLAYBOOK_MAX_BYTES, FB_JSON_MAX_DEPTH,
                                  &local_error);
  if (root == NULL)
    {
      g_set_error (error, FB_ERROR, local_error->code, "%s: %s", source, local_error->message);
      return NULL;
    }

  self = g_object_new (FB_TYPE_PLAYBOOK, NULL);
  self->source = g_strdup (source);

  check.source = source;
  check.lines = lines;
  check.error = error;
  if (!read_playbook (&check, self, root))
    return NULL;

  return g_steal_pointer (&self);
}

FbPlaybook *
fb_playbook_new_from_file (GFile   *file,
                           GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);

  /* Check the size before reading, so that a huge file or a device is
   * never pulled into memory. */
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND, "%s: %s", name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("%s: not a regular file"), name);
      return NULL;
    }

  if (g_file_info_get_size (info) > FB_PLAYBOOK_MAX_BYTES)
    {
      g_autofree char *size = g_format_size ((guint64) g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (FB_PLAYBOOK_MAX_BYTES);

      g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE,
                   _("%s: the file is %s; a playbook may be at most %s"), name, size, limit);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_FAILED, "%s: %s", name, local_error->message);
      return NULL;
    }

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
static void
add_checklist_drafts (FbPlaybook *self,
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
  add_checklist_drafts (self, existing, incident, drafts);

  if (drafts->len == 0)
    return TRUE;

  return fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

char *
fb_playbook_create_incident (FbPlaybook *self,
                             FbStore    *store,
                             const char *title,
                             int         severity,
                             gint64      detected_at,
                             gboolean    drill,
                             GError    **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autofree char *id = NULL;
  FbOp *create;

  g_return_val_if_fail (FB_IS_PLAYBOOK (self), NULL);
  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  create = fb_store_incident_draft (store, title, self->id, severity, detected_at,
                                    self->containment_target_min, drill);
  id = g_strdup (create->entity);
  g_ptr_array_add (drafts, create);
  add_checklist_drafts (self, NULL, id, drafts);

  /* One batch: an incident never exists without its checklist. */
  if (!fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, error))
    return NULL;

  return g_steal_pointer (&id);
}
