/* fb-vcard-write.c — contacts to vCard 3.0 and 4.0 (.vcf)
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export writes vCard 4.0 (RFC 6350) or 3.0 (RFC 2426) with Firebreak's
 * own fields in X-FIREBREAK-* properties, which other programs keep and
 * ignore. Reading is fb-vcard.c.
 */

#define G_LOG_DOMAIN "fb-vcard"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-contact.h"
#include "fb-vcard.h"
#include "fb-vcard-private.h"

#define FOLD_AT   75     /* octets per line, RFC 6350 §3.2 */

static char *
escape_text (const char *str,
             gboolean    escape_comma)
{
  GString *out = g_string_sized_new (strlen (str) + 8);

  for (const char *p = str; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          break;
        case ';':
          g_string_append (out, "\\;");
          break;
        case ',':
          g_string_append (out, escape_comma ? "\\," : ",");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

/* Writes one content line, folded so that no line is longer than 75
 * octets and no UTF-8 character is cut in two. */
static void
append_line (GString    *out,
             const char *line)
{
  gsize len = strlen (line);
  gsize pos = 0;
  gsize room = FOLD_AT;

  while (len - pos > room)
    {
      gsize cut = pos + room;

      while (cut > pos && ((guchar) line[cut] & 0xC0) == 0x80)
        cut--;

      g_string_append_len (out, line + pos, (gssize) (cut - pos));
      g_string_append (out, "\r\n ");
      pos = cut;
      room = FOLD_AT - 1;
    }

  g_string_append (out, line + pos);
  g_string_append (out, "\r\n");
}

static void
append_property (GString    *out,
                 const char *name_and_params,
                 const char *value,
                 gboolean    escape_comma)
{
  g_autofree char *escaped = NULL;
  g_autofree char *line = NULL;

  if (value == NULL || value[0] == '\0')
    return;

  escaped = escape_text (value, escape_comma);
  line = g_strconcat (name_and_params, ":", escaped, NULL);
  append_line (out, line);
}

/* A chat address that is already a URI (xmpp:, sip:, https:) can go in
 * IMPP, which other programs understand; anything else ("@aiko on the
 * war-room Slack") only in our own property. */
static gboolean
looks_like_uri (const char *str)
{
  const char *colon = strchr (str, ':');

  if (colon == NULL || colon == str || !g_ascii_isalpha (str[0]))
    return FALSE;

  for (const char *p = str; p < colon; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return FALSE;

  for (const char *p = colon; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

/* FN is required, and a contact may have been saved with only a number
 * or an organisation. */
static const char *
display_name (FbContact *contact)
{
  const char * const candidates[] = {
    fb_contact_get_name (contact),
    fb_contact_get_organisation (contact),
    fb_contact_get_email (contact),
    fb_contact_get_phone (contact),
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != NULL && candidates[i][0] != '\0')
      return candidates[i];

  return _("Unnamed contact");
}

static void
append_contact (GString        *out,
                FbContact      *contact,
                FbVCardVersion  version)
{
  gboolean v4 = version == FB_VCARD_VERSION_4_0;
  FbContactCategory category = fb_contact_get_category (contact);
  const char *name = display_name (contact);
  const char *chat = fb_contact_get_chat (contact);
  g_autofree char *uid = g_strconcat ("UID:urn:uuid:", fb_contact_get_id (contact), NULL);
  g_autofree char *n = NULL;
  g_autofree char *tier = NULL;

  append_line (out, "BEGIN:VCARD");
  append_line (out, v4 ? "VERSION:4.0" : "VERSION:3.0");
  append_line (out, "PRODID:-//Firebreak//Firebreak " PACKAGE_VERSION "//EN");
  append_line (out, uid);
  append_property (out, "FN", name, TRUE);

  /* 3.0 requires N, and many 4.0 readers want it. Firebreak keeps one
   * name, so it goes whole into the family-name part rather than being
   * split by a guess that is wrong for half the world's names. */
  {
    g_autofree char *escaped = escape_text (name, TRUE);
    n = g_strconcat ("N:", escaped, ";;;;", NULL);
    append_line (out, n);
  }

  append_property (out, "ORG", fb_contact_get_organisation (contact), TRUE);
  append_property (out, "TITLE", fb_contact_get_title (contact), TRUE);
  append_property (out, v4 ? "TEL;VALUE=text;TYPE=work,voice" : "TEL;TYPE=WORK,VOICE",
                   fb_contact_get_phone (contact), TRUE);
  append_property (out, v4 ? "EMAIL;TYPE=work" : "EMAIL;TYPE=INTERNET,WORK",
                   fb_contact_get_email (contact), TRUE);

  if (chat != NULL && chat[0] != '\0')
    {
      if (looks_like_uri (chat))
        {
          g_autofree char *impp = g_strconcat ("IMPP:", chat, NULL);
          append_line (out, impp);
        }
      append_property (out, "X-FIREBREAK-CHAT", chat, TRUE);
    }

  append_property (out, "NOTE", fb_contact_get_notes (contact), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (category_words); i++)
    if (category_words[i].category == category)
      append_property (out, "CATEGORIES", category_words[i].word, TRUE);

  append_property (out, "X-FIREBREAK-CATEGORY", fb_contact_category_to_string (category), TRUE);
  tier = g_strdup_printf ("X-FIREBREAK-TIER:%d", fb_contact_get_tier (contact));
  append_line (out, tier);
  if (fb_contact_get_example (contact))
    append_line (out, "X-FIREBREAK-EXAMPLE:TRUE");

  append_line (out, "END:VCARD");
}

char *
fb_vcard_export (GListModel     *contacts,
                 FbVCardVersion  version,
                 gsize          *length)
{
  GString *out;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (contacts), NULL);
  g_return_val_if_fail (version == FB_VCARD_VERSION_4_0 || version == FB_VCARD_VERSION_3_0, NULL);

  out = g_string_new (NULL);
  n = g_list_model_get_n_items (contacts);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (contacts, i);

      if (FB_IS_CONTACT (item))
        append_contact (out, FB_CONTACT (item), version);
    }

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}
