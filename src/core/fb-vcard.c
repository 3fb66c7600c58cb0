/* fb-vcard.c — contacts from vCard 3.0 and 4.0 (.vcf)
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contact list is often built from an address book and handed out as a
 * file, so both directions matter. Export writes vCard 4.0 (RFC 6350) or
 * 3.0 (RFC 2426) with Firebreak's own fields in X-FIREBREAK-* properties,
 * which other programs keep and ignore. Import reads what phones and mail
 * programs write and refuses the whole file, naming the line, at the first
 * thing it cannot trust: a half-imported address book is worse than none.
 * Writing is fb-vcard-write.c.
 */

#define G_LOG_DOMAIN "fb-vcard"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-contact.h"
#include "fb-error.h"
#include "fb-op.h"
#include "fb-vcard.h"
#include "fb-vcard-private.h"

/* The limits of contact.set (fb-op-kinds.c), checked here too so that an error
 * can name the line. */
#define MAX_NAME  200
#define MAX_NOTE  4000

/* Reading ---------------------------------------------------------------- */

void
fb_vcard_contact_free (FbVCardContact *contact)
{
  if (contact == NULL)
    return;

  g_free (contact->id);
  g_clear_pointer (&contact->fields, json_object_unref);
  g_free (contact);
}

/* One unfolded content line: [group.]NAME *(;PARAM) : VALUE */
typedef struct
{
  guint       line;
  char       *name;     /* upper case, group removed */
  GPtrArray  *params;   /* "NAME=value" with NAME upper case */
  char       *value;    /* still escaped */
} Property;

static void
property_free (Property *prop)
{
  g_free (prop->name);
  g_clear_pointer (&prop->params, g_ptr_array_unref);
  g_free (prop->value);
  g_free (prop);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Property, property_free)

static gboolean
fail_at (GError    **error,
         FbError     code,
         guint       line,
         const char *what)
{
  /* TRANSLATORS: the first is a line number in a .vcf file, the second
   * says what is wrong there. */
  g_set_error (error, FB_ERROR, code, _("Line %u: %s"), line, what);
  return FALSE;
}

static Property *
parse_property (const char *text,
                guint       line,
                GError    **error)
{
  g_autoptr(Property) prop = g_new0 (Property, 1);
  const char *colon = NULL;
  gboolean quoted = FALSE;
  g_auto(GStrv) parts = NULL;
  g_autofree char *head = NULL;
  const char *name;
  const char *dot;

  prop->line = line;
  prop->params = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ':' && !quoted)
        {
          colon = p;
          break;
        }
    }

  if (colon == NULL)
    {
      fail_at (error, FB_ERROR_INVALID, line, _("a line without “:” between name and value"));
      return NULL;
    }

  head = g_strndup (text, (gsize) (colon - text));
  prop->value = g_strdup (colon + 1);

  /* Parameters may be quoted and hold “;”, so split by hand. */
  {
    g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func (g_free);
    const char *start = head;

    quoted = FALSE;
    for (const char *p = head;; p++)
      {
        if (*p == '"')
          quoted = !quoted;
        else if ((*p == ';' && !quoted) || *p == '\0')
          {
            g_ptr_array_add (pieces, g_strndup (start, (gsize) (p - start)));
            start = p + 1;
            if (*p == '\0')
              break;
          }
      }
    g_ptr_array_add (pieces, NULL);
    parts = (GStrv) g_ptr_array_free (g_steal_pointer (&pieces), FALSE);
  }

  name = parts[0];
  dot = strrchr (name, '.');
  if (dot != NULL)
    name = dot + 1;   /* Apple's "item1.TEL" groups */

  if (name[0] == '\0')
    {
      fail_at (error, FB_ERROR_INVALID, line, _("a property without a name"));
      return NULL;
    }

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      {
        fail_at (error, FB_ERROR_INVALID, line, _("a property name with characters other than letters, digits and “-”"));
        return NULL;
      }

  prop->name = g_ascii_strup (name, -1);

  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      g_autofree char *pname = NULL;
      g_autofree char *pvalue = NULL;

      /* vCard 2.1 and some 3.0 writers put bare types: TEL;WORK;PREF: */
      if (eq == NULL)
        {
          pname = g_strdup ("TYPE");
          pvalue = g_strdup (parts[i]);
        }
      else
        {
          pname = g_ascii_strup (parts[i], eq - parts[i]);
          pvalue = g_strdup (eq + 1);
        }

      g_ptr_array_add (prop->params, g_strconcat (pname, "=", pvalue, NULL));
    }

  return g_steal_pointer (&prop);
}

static gboolean
has_param_value (Property   *prop,
                 const char *pname,
                 const char *wanted)
{
  gsize plen = strlen (pname);

  for (guint i = 0; i < prop->params->len; i++)
    {
      const char *param = prop->params->pdata[i];
      g_auto(GStrv) values = NULL;

      if (strncmp (param, pname, plen) != 0 || param[plen] != '=')
        continue;

      if (wanted == NULL)
        return TRUE;

      values = g_strsplit_set (param + plen + 1, ",\"", -1);
      for (guint j = 0; values[j] != NULL; j++)
        if (g_ascii_strcasecmp (g_strstrip (values[j]), wanted) == 0)
          return TRUE;
    }

  return FALSE;
}

static const char *
param_value (Property   *prop,
             const char *pname)
{
  gsize plen = strlen (pname);

  for (guint i = 0; i < prop->params->len; i++)
    {
      const char *param = prop->params->pdata[i];

      if (strncmp (param, pname, plen) == 0 && param[plen] == '=')
        return param + plen + 1;
    }
  return NULL;
}

/* vCard 2.1 writes ENCODING=QUOTED-PRINTABLE, or the bare word. */
static gboolean
is_quoted_printable (Property *prop)
{
  return has_param_value (prop, "ENCODING", "QUOTED-PRINTABLE") ||
         has_param_value (prop, "TYPE", "QUOTED-PRINTABLE");
}

/* Japanese phones write Shift_JIS under several names; Windows' CP932 is
 * the one that also holds the characters they add to it. */
static const char *
iconv_charset (const char *charset)
{
  if (charset == NULL || charset[0] == '\0')
    return "UTF-8";
  if (g_ascii_strcasecmp (charset, "SHIFT_JIS") == 0 || g_ascii_strcasecmp (charset, "SHIFT-JIS") == 0 ||
      g_ascii_strcasecmp (charset, "SJIS") == 0 || g_ascii_strcasecmp (charset, "X-SJIS") == 0 ||
      g_ascii_strcasecmp (charset, "CP932") == 0 || g_ascii_strcasecmp (charset, "WINDOWS-31J") == 0)
    return "CP932";
  return charset;
}

/* Decodes a quoted-printable value (its soft line breaks already joined)
 * from its CHARSET into UTF-8, in place. */
static gboolean
decode_quoted_printable (Property  *prop,
                         GError   **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *text = NULL;
  const char *charset = param_value (prop, "CHARSET");
  gsize written = 0;

  for (const char *p = prop->value; *p != '\0'; p++)
    {
      guint8 byte = (guint8) *p;

      if (*p == '=')
        {
          int hi = g_ascii_xdigit_value (p[1]);
          int lo = hi >= 0 ? g_ascii_xdigit_value (p[2]) : -1;

          if (lo < 0)
            return fail_at (error, FB_ERROR_INVALID, prop->line,
                            _("quoted-printable text with “=” not followed by two hex digits"));
          byte = (guint8) (hi << 4 | lo);
          p += 2;
        }
      g_byte_array_append (bytes, &byte, 1);
    }

  if (bytes->len == 0)
    return TRUE;

  text = g_convert ((const char *) bytes->data, (gssize) bytes->len, "UTF-8", iconv_charset (charset),
                    NULL, &written, NULL);
  if (text == NULL || !g_utf8_validate (text, (gssize) written, NULL) || strlen (text) != written)
    {
      /* TRANSLATORS: %s is a character set such as "UTF-8" or "SHIFT_JIS" */
      g_autofree char *what = g_strdup_printf (_("quoted-printable text that is not valid %s"),
                                               charset != NULL ? charset : "UTF-8");
      return fail_at (error, FB_ERROR_INVALID, prop->line, what);
    }

  g_free (prop->value);
  prop->value = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
is_preferred (Property *prop)
{
  return has_param_value (prop, "TYPE", "pref") || has_param_value (prop, "PREF", NULL);
}

/* Undoes RFC 6350 §3.4 escaping. With split, also cuts at unescaped
 * separators (“;” between components, “,” between list values). */
static GPtrArray *
unescape_split (const char *value,
                char        split)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func (g_free);
  GString *current = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          if (*p == 'n' || *p == 'N')
            g_string_append_c (current, '\n');
          else
            g_string_append_c (current, *p);
        }
      else if (split != '\0' && *p == split)
        {
          g_ptr_array_add (pieces, g_string_free (current, FALSE));
          current = g_string_new (NULL);
        }
      else
        g_string_append_c (current, *p);
    }

  g_ptr_array_add (pieces, g_string_free (current, FALSE));
  return pieces;
}

static char *
unescape (const char *value)
{
  g_autoptr(GPtrArray) pieces = unescape_split (value, '\0');

  return g_strdup (pieces->pdata[0]);
}

static gboolean
category_from_word (const char        *word,
                    FbContactCategory *category)
{
  static const struct { const char *word; FbContactCategory category; } synonyms[] = {
    { "pr", FB_CONTACT_PR },
    { "press", FB_CONTACT_PR },
    { "communications", FB_CONTACT_PR },
    { "supplier", FB_CONTACT_VENDOR },
    { "government", FB_CONTACT_AUTHORITY },
    { "police", FB_CONTACT_AUTHORITY },
    { "regulator", FB_CONTACT_AUTHORITY },
    { "executive", FB_CONTACT_MANAGEMENT },
    { "lawyer", FB_CONTACT_LEGAL },
  };
  g_autofree char *lower = g_ascii_strdown (word, -1);

  if (fb_contact_category_from_string (lower, category))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (category_words); i++)
    if (g_ascii_strcasecmp (word, category_words[i].word) == 0)
      {
        *category = category_words[i].category;
        return TRUE;
      }

  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    if (g_str_equal (lower, synonyms[i].word))
      {
        *category = synonyms[i].category;
        return TRUE;
      }

  return FALSE;
}

static gboolean
contains_non_ascii (const char *str)
{
  for (const char *p = str; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return TRUE;
  return FALSE;
}

/* A card being read. Values the card may give more than once keep the
 * first, or the first marked preferred. */
typedef struct
{
  guint    line;
  char    *id;
  char    *fn;
  char    *n_name;
  char    *org;
  char    *title;
  char    *phone;
  gboolean phone_pref;
  char    *email;
  gboolean email_pref;
  char    *chat;
  int      chat_rank;     /* 3: ours, 2: preferred IMPP, 1: IMPP, 0: another program's */
  GString *notes;
  int      category;      /* -1 until known */
  int      tier;
  gboolean example;
  guint    lines[8];      /* where each checked field came from, for errors */
} Card;

enum { L_NAME, L_ORG, L_TITLE, L_PHONE, L_EMAIL, L_CHAT, L_NOTES };

static void
card_clear (Card *card)
{
  g_free (card->id);
  g_free (card->fn);
  g_free (card->n_name);
  g_free (card->org);
  g_free (card->title);
  g_free (card->phone);
  g_free (card->email);
  g_free (card->chat);
  if (card->notes != NULL)
    g_string_free (card->notes, TRUE);
  memset (card, 0, sizeof *card);
}

static void
take_candidate (char     **slot,
                gboolean  *slot_pref,
                guint     *slot_line,
                char      *value,
                gboolean   pref,
                guint      line)
{
  if (value[0] == '\0' || (*slot != NULL && (*slot_pref || !pref)))
    {
      g_free (value);
      return;
    }

  g_free (*slot);
  *slot = value;
  *slot_pref = pref;
  *slot_line = line;
}

static char *
strip_prefix (char       *value,
              const char *prefix)
{
  gsize len = strlen (prefix);

  if (g_ascii_strncasecmp (value, prefix, len) == 0)
    memmove (value, value + len, strlen (value + len) + 1);

  return g_strstrip (value);
}

static gboolean
card_add (Card      *card,
          Property  *prop,
          GError   **error)
{
  const char *name = prop->name;

  if (is_quoted_printable (prop) && !decode_quoted_printable (prop, error))
    return FALSE;

  if (g_str_equal (name, "VERSION"))
    {
      g_autofree char *version = g_strstrip (g_strdup (prop->value));

      if (!g_str_equal (version, "2.1") && !g_str_equal (version, "3.0") && !g_str_equal (version, "4.0"))
        {
          g_autofree char *what = g_strdup_printf (_("vCard version “%s” is not supported; use 2.1, 3.0 or 4.0"), version);
          return fail_at (error, FB_ERROR_INVALID, prop->line, what);
        }
    }
  else if (g_str_equal (name, "FN"))
    {
      if (card->fn == NULL)
        {
          card->fn = g_strstrip (unescape (prop->value));
          card->lines[L_NAME] = prop->line;
        }
    }
  else if (g_str_equal (name, "N"))
    {
      g_autoptr(GPtrArray) parts = unescape_split (prop->value, ';');
      const char *family = g_strstrip ((char *) parts->pdata[0]);
      const char *given = parts->len > 1 ? g_strstrip ((char *) parts->pdata[1]) : "";

      /* Only used when there is no FN. Japanese names put the family
       * name first; Western ones, the given name. */
      g_free (card->n_name);
      if (given[0] == '\0' || family[0] == '\0')
        card->n_name = g_strconcat (family, given, NULL);
      else if (contains_non_ascii (family) || contains_non_ascii (given))
        card->n_name = g_strconcat (family, " ", given, NULL);
      else
        card->n_name = g_strconcat (given, " ", family, NULL);
      if (card->lines[L_NAME] == 0)
        card->lines[L_NAME] = prop->line;
    }
  else if (g_str_equal (name, "ORG"))
    {
      if (card->org == NULL)
        {
          g_autoptr(GPtrArray) parts = unescape_split (prop->value, ';');
          g_autoptr(GPtrArray) kept = g_ptr_array_new ();

          for (guint i = 0; i < parts->len; i++)
            if (g_strstrip ((char *) parts->pdata[i])[0] != '\0')
              g_ptr_array_add (kept, parts->pdata[i]);
          g_ptr_array_add (kept, NULL);

          card->org = g_strjoinv (", ", (char **) kept->pdata);
          card->lines[L_ORG] = prop->line;
        }
    }
  else if (g_str_equal (name, "TITLE"))
    {
      if (card->title == NULL)
        {
          card->title = g_strstrip (unescape (prop->value));
          card->lines[L_TITLE] = prop->line;
        }
    }
  else if (g_str_equal (name, "TEL"))
    take_candidate (&card->phone, &card->phone_pref, &card->lines[L_PHONE],
                    strip_prefix (unescape (prop->value), "tel:"), is_preferred (prop), prop->line);
  else if (g_str_equal (name, "EMAIL"))
    take_candidate (&card->email, &card->email_pref, &card->lines[L_EMAIL],
                    strip_prefix (unescape (prop->value), "mailto:"), is_preferred (prop), prop->line);
  else if (g_str_equal (name, "IMPP") || g_str_equal (name, "X-FIREBREAK-CHAT") ||
           g_str_equal (name, "X-JABBER") || g_str_equal (name, "X-SKYPE") ||
           g_str_equal (name, "X-SKYPE-USERNAME") || g_str_equal (name, "X-GOOGLE-TALK") ||
           g_str_equal (name, "X-MSN") || g_str_equal (name, "X-AIM") || g_str_equal (name, "X-ICQ"))
    {
      int rank = g_str_equal (name, "X-FIREBREAK-CHAT") ? 3 :
                 g_str_equal (name, "IMPP") ? (is_preferred (prop) ? 2 : 1) : 0;
      g_autofree char *value = g_strstrip (unescape (prop->value));

      if (value[0] != '\0' && (card->chat == NULL || rank > card->chat_rank))
        {
          g_free (card->chat);
          card->chat = g_steal_pointer (&value);
          card->chat_rank = rank;
          card->lines[L_CHAT] = prop->line;
        }
    }
  else if (g_str_equal (name, "NOTE"))
    {
      g_autofree char *note = unescape (prop->value);

      if (note[0] != '\0')
        {
          if (card->notes == NULL)
            card->notes = g_string_new (NULL);
          else
            g_string_append (card->notes, "\n\n");
          g_string_append (card->notes, note);
          card->lines[L_NOTES] = prop->line;
        }
    }
  else if (g_str_equal (name, "CATEGORIES"))
    {
      g_autoptr(GPtrArray) words = unescape_split (prop->value, ',');

      for (guint i = 0; i < words->len && card->category < 0; i++)
        {
          FbContactCategory category;

          if (category_from_word (g_strstrip ((char *) words->pdata[i]), &category))
            card->category = (int) category;
        }
    }
  else if (g_str_equal (name, "X-FIREBREAK-CATEGORY"))
    {
      g_autofree char *value = g_strstrip (unescape (prop->value));
      FbContactCategory category;

      if (!fb_contact_category_from_string (value, &category))
        {
          g_autofree char *what = g_strdup_printf (_("unknown category “%s”"), value);
          return fail_at (error, FB_ERROR_INVALID, prop->line, what);
        }
      card->category = (int) category;
    }
  else if (g_str_equal (name, "X-FIREBREAK-TIER"))
    {
      g_autofree char *value = g_strstrip (g_strdup (prop->value));
      guint64 tier;

      if (!g_ascii_string_to_unsigned (value, 10, 0, 9, &tier, NULL))
        return fail_at (error, FB_ERROR_INVALID, prop->line, _("the tier must be a whole number from 0 to 9"));
      card->tier = (int) tier;
    }
  else if (g_str_equal (name, "X-FIREBREAK-EXAMPLE"))
    card->example = g_ascii_strcasecmp (g_strstrip (prop->value), "TRUE") == 0;
  else if (g_str_equal (name, "UID"))
    {
      g_autofree char *value = g_ascii_strdown (g_strstrip (prop->value), -1);
      const char *uuid = g_str_has_prefix (value, "urn:uuid:") ? value + 9 : value;

      /* Another program's UID that is not a UUID cannot name one of our
       * contacts; such a card becomes a new contact. */
      if (card->id == NULL && fb_uuid_is_valid (uuid))
        card->id = g_strdup (uuid);
    }

  return TRUE;
}

/* @field: one of L_NAME … L_NOTES, which also says where it was read */
static gboolean
check_length (Card        *card,
              const char  *value,
              int          field,
              gsize        max,
              GError     **error)
{
  g_autofree char *message = NULL;
  guint n = (guint) max;

  if (value == NULL || strlen (value) <= max)
    return TRUE;

  switch (field)
    {
    case L_NAME: message = g_strdup_printf (_("the name is longer than %u bytes"), n); break;
    case L_ORG: message = g_strdup_printf (_("the organisation is longer than %u bytes"), n); break;
    case L_TITLE: message = g_strdup_printf (_("the title is longer than %u bytes"), n); break;
    case L_PHONE: message = g_strdup_printf (_("the phone number is longer than %u bytes"), n); break;
    case L_EMAIL: message = g_strdup_printf (_("the email address is longer than %u bytes"), n); break;
    case L_CHAT: message = g_strdup_printf (_("the chat address is longer than %u bytes"), n); break;
    case L_NOTES: message = g_strdup_printf (_("the note is longer than %u bytes"), n); break;
    default: g_assert_not_reached ();
    }
  return fail_at (error, FB_ERROR_TOO_LARGE, card->lines[field], message);
}

static FbVCardContact *
card_finish (Card    *card,
             GError **error)
{
  g_autoptr(FbVCardContact) contact = g_new0 (FbVCardContact, 1);
  const char *name = card->fn != NULL && card->fn[0] != '\0' ? card->fn : card->n_name;
  const char *notes = card->notes != NULL ? card->notes->str : NULL;

  if (name == NULL || name[0] == '\0')
    {
      fail_at (error, FB_ERROR_INVALID, card->line, _("the card has no name (FN or N)"));
      return NULL;
    }

  if (!check_length (card, name, L_NAME, MAX_NAME, error) ||
      !check_length (card, card->org, L_ORG, MAX_NAME, error) ||
      !check_length (card, card->title, L_TITLE, MAX_NAME, error) ||
      !check_length (card, card->phone, L_PHONE, MAX_NAME, error) ||
      !check_length (card, card->email, L_EMAIL, MAX_NAME, error) ||
      !check_length (card, card->chat, L_CHAT, MAX_NAME, error) ||
      !check_length (card, notes, L_NOTES, MAX_NOTE, error))
    return NULL;

  contact->line = card->line;
  contact->id = g_steal_pointer (&card->id);
  contact->fields = json_object_new ();
  json_object_set_string_member (contact->fields, "name", name);
  json_object_set_string_member (contact->fields, "organisation", card->org != NULL ? card->org : "");
  json_object_set_string_member (contact->fields, "title", card->title != NULL ? card->title : "");
  json_object_set_string_member (contact->fields, "category",
                                 fb_contact_category_to_string (card->category >= 0 ?
                                                                (FbContactCategory) card->category :
                                                                FB_CONTACT_OTHER));
  json_object_set_int_member (contact->fields, "tier", card->tier);
  json_object_set_string_member (contact->fields, "phone", card->phone != NULL ? card->phone : "");
  json_object_set_string_member (contact->fields, "email", card->email != NULL ? card->email : "");
  json_object_set_string_member (contact->fields, "chat", card->chat != NULL ? card->chat : "");
  json_object_set_string_member (contact->fields, "notes", notes != NULL ? notes : "");
  json_object_set_boolean_member (contact->fields, "example", card->example);

  return g_steal_pointer (&contact);
}

/* Whether a logical line's parameters say its value is quoted-printable. */
static gboolean
quoted_printable_line (const char *text)
{
  const char *colon = strchr (text, ':');
  g_autofree char *head = g_ascii_strup (text, colon != NULL ? colon - text : -1);

  return strstr (head, "QUOTED-PRINTABLE") != NULL;
}

GPtrArray *
fb_vcard_parse (const char *data,
                gsize       length,
                GError    **error)
{
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_vcard_contact_free);
  g_autoptr(GString) logical = g_string_new (NULL);
  g_autofree char *converted = NULL;
  const char *end = NULL;
  const char *p;
  guint line = 0;
  guint logical_line = 0;
  gboolean have_logical = FALSE;
  gboolean in_card = FALSE;
  gboolean ok = TRUE;
  Card card = { 0 };

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > FB_VCARD_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (FB_VCARD_MAX_BYTES);

      /* TRANSLATORS: two sizes such as "5.2 MB" */
      g_set_error (error, FB_ERROR, FB_ERROR_TOO_LARGE, _("The file is %s; the limit is %s"), size, limit);
      return NULL;
    }

  if (!g_utf8_validate (data, (gssize) length, &end))
    {
      gsize converted_length = 0;
      guint bad_line = 1;

      /* Japanese phones export vCard 2.1 in Shift_JIS. */
      converted = g_convert (data, (gssize) length, "UTF-8", "CP932", NULL, &converted_length, NULL);
      if (converted == NULL || strlen (converted) != converted_length)
        {
          for (const char *q = data; q < end; q++)
            if (*q == '\n')
              bad_line++;
          fail_at (error, FB_ERROR_INVALID, bad_line,
                   _("the text is neither UTF-8 nor Shift_JIS; export the address book as UTF-8"));
          return NULL;
        }
      data = converted;
      length = converted_length;
    }

  p = data;
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  /* Physical lines, unfolded into logical ones (RFC 6350 §3.2): a line
   * that starts with a space or a tab continues the previous one. One
   * extra round at the end flushes the last logical line. */
  for (;;)
    {
      const char *eol = p;
      gsize len = 0;
      gboolean at_end = p >= data + length;
      gboolean continuation = FALSE;

      if (!at_end)
        {
          eol = memchr (p, '\n', (gsize) (data + length - p));
          if (eol == NULL)
            eol = data + length;
          len = (gsize) (eol - p);
          if (len > 0 && p[len - 1] == '\r')
            len--;
          line++;
          continuation = len > 0 && (p[0] == ' ' || p[0] == '\t');

          /* A quoted-printable value that ends in “=” goes on at the
           * start of the next line (vCard 2.1's soft line break). */
          if (have_logical && logical->len > 0 && logical->str[logical->len - 1] == '=' &&
              quoted_printable_line (logical->str))
            {
              g_string_truncate (logical, logical->len - 1);
              g_string_append_len (logical, p, (gssize) len);
              p = eol < data + length ? eol + 1 : eol;
              continue;
            }

          if (continuation)
            {
              if (!have_logical)
                {
                  ok = fail_at (error, FB_ERROR_INVALID, line, _("a continuation line with nothing before it"));
                  break;
                }
              g_string_append_len (logical, p + 1, (gssize) (len - 1));
              p = eol < data + length ? eol + 1 : eol;
              continue;
            }
        }

      if (have_logical)
        {
          g_autoptr(Property) prop = NULL;

          prop = parse_property (logical->str, logical_line, error);
          if (prop == NULL)
            {
              ok = FALSE;
              break;
            }

          if (g_str_equal (prop->name, "BEGIN"))
            {
              if (g_ascii_strcasecmp (g_strstrip (prop->value), "VCARD") != 0 || in_card)
                {
                  ok = fail_at (error, FB_ERROR_INVALID, prop->line,
                                in_card ? _("a card begins inside another card (END:VCARD missing?)")
                                        : _("expected BEGIN:VCARD"));
                  break;
                }
              if (contacts->len >= FB_VCARD_MAX_CARDS)
                {
                  g_autofree char *what = g_strdup_printf (_("more than %d cards in one file"), FB_VCARD_MAX_CARDS);
                  ok = fail_at (error, FB_ERROR_TOO_LARGE, prop->line, what);
                  break;
                }
              in_card = TRUE;
              card_clear (&card);
              card.line = prop->line;
              card.category = -1;
            }
          else if (!in_card)
            {
              ok = fail_at (error, FB_ERROR_INVALID, prop->line, _("expected BEGIN:VCARD"));
              break;
            }
          else if (g_str_equal (prop->name, "END"))
            {
              FbVCardContact *contact;

              if (g_ascii_strcasecmp (g_strstrip (prop->value), "VCARD") != 0)
                {
                  ok = fail_at (error, FB_ERROR_INVALID, prop->line, _("expected END:VCARD"));
                  break;
                }
              contact = card_finish (&card, error);
              if (contact == NULL)
                {
                  ok = FALSE;
                  break;
                }
              g_ptr_array_add (contacts, contact);
              in_card = FALSE;
            }
          else if (!card_add (&card, prop, error))
            {
              ok = FALSE;
              break;
            }

          have_logical = FALSE;
          g_string_truncate (logical, 0);
        }

      if (at_end)
        break;

      /* Blank lines between cards are common and harmless. */
      if (len > 0)
        {
          g_string_append_len (logical, p, (gssize) len);
          logical_line = line;
          have_logical = TRUE;
        }
      p = eol < data + length ? eol + 1 : eol;
    }

  if (ok && in_card)
    ok = fail_at (error, FB_ERROR_INVALID, card.line,
                  _("the card that begins here is never closed with END:VCARD"));

  card_clear (&card);

  if (!ok)
    return NULL;

  if (contacts->len == 0)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID, _("The file holds no contacts (no BEGIN:VCARD)"));
      return NULL;
    }

  return g_steal_pointer (&contacts);
}

gboolean
fb_vcard_import (FbStore    *store,
                 const char *data,
                 gsize       length,
                 guint      *n_imported,
                 GError    **error)
{
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

  g_return_val_if_fail (FB_IS_STORE (store), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (n_imported != NULL)
    *n_imported = 0;

  contacts = fb_vcard_parse (data, length, error);
  if (contacts == NULL)
    return FALSE;

  for (guint i = 0; i < contacts->len; i++)
    {
      FbVCardContact *contact = contacts->pdata[i];
      g_autofree char *entity = contact->id != NULL ? g_strdup (contact->id) : fb_uuid_new ();

      g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_CONTACT_SET, NULL, entity, contact->fields));
    }

  /* One batch: the whole file or nothing. */
  if (!fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, error))
    return FALSE;

  if (n_imported != NULL)
    *n_imported = contacts->len;

  return TRUE;
}
