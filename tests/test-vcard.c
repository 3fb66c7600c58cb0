/* test-vcard.c — contacts to and from vCard 3.0 and 4.0
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "firebreak-core.h"
#include "fb-test-util.h"

static FbStore *
open_store (FbTestDir  *dir,
            const char *name)
{
  g_autofree char *path = fb_test_dir_file (dir, name);
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
add_contact (FbStore    *store,
             const char *name,
             const char *organisation,
             const char *title,
             const char *category,
             int         tier,
             const char *phone,
             const char *email,
             const char *chat,
             const char *notes,
             gboolean    example)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "organisation", organisation);
  json_object_set_string_member (fields, "title", title);
  json_object_set_string_member (fields, "category", category);
  json_object_set_int_member (fields, "tier", tier);
  json_object_set_string_member (fields, "phone", phone);
  json_object_set_string_member (fields, "email", email);
  json_object_set_string_member (fields, "chat", chat);
  json_object_set_string_member (fields, "notes", notes);
  json_object_set_boolean_member (fields, "example", example);

  id = fb_store_set_contact (store, NULL, fields, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
}

static void
fill_store (FbStore *store)
{
  add_contact (store, "山田 太郎", "株式会社サンプル", "情報システム部長", "management", 0,
               "03-1234-5678", "yamada@example.co.jp", "", "夜間は携帯へ。\n平日 9:00–18:00", FALSE);
  add_contact (store, "Counsel; Smith, Jones & Partners", "Smith, Jones & Partners LLP", "Partner", "legal", 2,
               "+44 20 7946 0000", "counsel@example.com", "xmpp:counsel@example.com",
               "Escalate only via the CISO.\nBackslash \\ stays; so do commas, and semicolons;", FALSE);
  add_contact (store, "Police cyber-crime desk", "Prefectural police", "", "authority", 5,
               "", "", "@police-liaison on the war-room chat",
               "Example entry: verify the number for your organisation. "
               "長い日本語のメモを書いて、七十五オクテットの折り返しがUTF-8の文字を途中で切らないことを確かめる。", TRUE);
  add_contact (store, "Vendor NOC", "", "", "vendor", 9, "0120-000-000", "noc@vendor.example", "", "", FALSE);
}

static void
assert_same_contacts (FbStore *a,
                      FbStore *b)
{
  g_autoptr(GListModel) la = fb_store_list_contacts (a, NULL);
  g_autoptr(GListModel) lb = fb_store_list_contacts (b, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (la), ==, g_list_model_get_n_items (lb));

  for (guint i = 0; i < g_list_model_get_n_items (la); i++)
    {
      g_autoptr(FbContact) ca = g_list_model_get_item (la, i);
      g_autoptr(FbContact) cb = g_list_model_get_item (lb, i);

      g_assert_cmpstr (fb_contact_get_id (ca), ==, fb_contact_get_id (cb));
      g_assert_cmpstr (fb_contact_get_name (ca), ==, fb_contact_get_name (cb));
      g_assert_cmpstr (fb_contact_get_organisation (ca), ==, fb_contact_get_organisation (cb));
      g_assert_cmpstr (fb_contact_get_title (ca), ==, fb_contact_get_title (cb));
      g_assert_cmpint (fb_contact_get_category (ca), ==, fb_contact_get_category (cb));
      g_assert_cmpint (fb_contact_get_tier (ca), ==, fb_contact_get_tier (cb));
      g_assert_cmpstr (fb_contact_get_phone (ca), ==, fb_contact_get_phone (cb));
      g_assert_cmpstr (fb_contact_get_email (ca), ==, fb_contact_get_email (cb));
      g_assert_cmpstr (fb_contact_get_chat (ca), ==, fb_contact_get_chat (cb));
      g_assert_cmpstr (fb_contact_get_notes (ca), ==, fb_contact_get_notes (cb));
      g_assert_cmpint (fb_contact_get_example (ca), ==, fb_contact_get_example (cb));
    }
}

/* Every line ends in CRLF and none is longer than 75 octets (RFC 6350
 * §3.2), and folding never cut a character: the text is still UTF-8. */
static void
assert_well_formed (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  guint n = g_strv_length (lines);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpstr (lines[n - 1], ==, "");

  for (guint i = 0; i + 1 < n; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
}

static void
round_trip (FbVCardVersion version)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) a = open_store (dir, "a.db");
  g_autoptr(FbStore) b = open_store (dir, "b.db");
  g_autoptr(GListModel) contacts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  gsize length = 0;
  guint n = 0;

  fill_store (a);
  contacts = fb_store_list_contacts (a, NULL);
  text = fb_vcard_export (contacts, version, &length);
  g_assert_cmpuint (length, ==, strlen (text));
  assert_well_formed (text);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCARD\r\n"));
  g_assert_nonnull (strstr (text, version == FB_VCARD_VERSION_4_0 ? "VERSION:4.0\r\n" : "VERSION:3.0\r\n"));
  g_assert_nonnull (strstr (text, "X-FIREBREAK-TIER:5\r\n"));
  g_assert_nonnull (strstr (text, "CATEGORIES:Authority\r\n"));
  g_assert_nonnull (strstr (text, "IMPP:xmpp:counsel@example.com\r\n"));
  g_assert_nonnull (strstr (text, "FN:Counsel\\; Smith\\, Jones & Partners\r\n"));

  g_assert_true (fb_vcard_import (b, text, length, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);

  assert_same_contacts (a, b);

  /* Importing the same file again updates the same contacts. */
  g_assert_true (fb_vcard_import (b, text, length, &n, &error));
  g_assert_no_error (error);
  assert_same_contacts (a, b);

  /* And what comes out of the second store is what came out of the first. */
  g_clear_object (&contacts);
  contacts = fb_store_list_contacts (b, NULL);
  again = fb_vcard_export (contacts, version, NULL);
  g_assert_cmpstr (text, ==, again);
}

static void
test_vcard_round_trip_4 (void)
{
  round_trip (FB_VCARD_VERSION_4_0);
}

static void
test_vcard_round_trip_3 (void)
{
  round_trip (FB_VCARD_VERSION_3_0);
}

/* What a phone or a desktop address book writes: LF or CRLF, groups,
 * lower-case parameters, several numbers with one preferred, folded
 * lines, escapes, and no Firebreak fields. */
static const char phone_sample[] =
  "BEGIN:VCARD\r\n"
  "VERSION:3.0\r\n"
  "PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
  "N:Tanaka;Hanako;;;\r\n"
  "FN:Hanako Tanaka\r\n"
  "ORG:Example Insurance K.K.;Cyber Claims\r\n"
  "TITLE:Claims handler\\, cyber\r\n"
  "item1.EMAIL;type=INTERNET;type=WORK:h.tanaka@insurer.example\r\n"
  "item2.EMAIL;type=INTERNET;type=HOME;type=pref:hanako@home.example\r\n"
  "TEL;type=CELL;type=VOICE:090-0000-1111\r\n"
  "TEL;type=WORK;type=VOICE;type=pref:03-0000-2222\r\n"
  "X-SKYPE:hanako.t\r\n"
  "NOTE:Policy number CY-2026-0042. Call the 24-hour hotline first\\, then ema\r\n"
  " il the claim form.\\nBring the incident timeline\\; they ask for it.\r\n"
  "CATEGORIES:Insurance,Vendor\r\n"
  "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDA\r\n"
  " sLCxkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/\r\n"
  "END:VCARD\r\n"
  "\r\n"
  "BEGIN:VCARD\n"
  "VERSION:3.0\n"
  "N:佐藤;一郎;;;\n"
  "ORG:佐藤法律事務所\n"
  "EMAIL;TYPE=INTERNET:sato@law.example\n"
  "CATEGORIES:Legal\n"
  "END:VCARD\n";

static void
test_vcard_phone_sample (void)
{
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  FbVCardContact *first, *second;

  contacts = fb_vcard_parse (phone_sample, strlen (phone_sample), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);

  first = contacts->pdata[0];
  g_assert_null (first->id);
  g_assert_cmpuint (first->line, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first->fields, "name"), ==, "Hanako Tanaka");
  g_assert_cmpstr (json_object_get_string_member (first->fields, "organisation"), ==,
                   "Example Insurance K.K., Cyber Claims");
  g_assert_cmpstr (json_object_get_string_member (first->fields, "title"), ==, "Claims handler, cyber");
  g_assert_cmpstr (json_object_get_string_member (first->fields, "phone"), ==, "03-0000-2222");
  g_assert_cmpstr (json_object_get_string_member (first->fields, "email"), ==, "hanako@home.example");
  g_assert_cmpstr (json_object_get_string_member (first->fields, "chat"), ==, "hanako.t");
  g_assert_cmpstr (json_object_get_string_member (first->fields, "notes"), ==,
                   "Policy number CY-2026-0042. Call the 24-hour hotline first, then email the claim form.\n"
                   "Bring the incident timeline; they ask for it.");
  g_assert_cmpstr (json_object_get_string_member (first->fields, "category"), ==, "vendor");
  g_assert_cmpint (json_object_get_int_member (first->fields, "tier"), ==, 0);
  g_assert_false (json_object_get_boolean_member (first->fields, "example"));

  /* No FN: the name is made from N, family name first for a Japanese name. */
  second = contacts->pdata[1];
  g_assert_cmpuint (second->line, ==, 20);
  g_assert_cmpstr (json_object_get_string_member (second->fields, "name"), ==, "佐藤 一郎");
  g_assert_cmpstr (json_object_get_string_member (second->fields, "category"), ==, "legal");
  g_assert_cmpstr (json_object_get_string_member (second->fields, "phone"), ==, "");
}

/* An Android phone's export: vCard 2.1, UTF-8 in quoted-printable, bare
 * types, and a soft line break inside the note. */
static const char android_sample[] =
  "BEGIN:VCARD\r\n"
  "VERSION:2.1\r\n"
  "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=B1=B1=E7=94=B0;=E5=A4=AA=E9=83=8E;;;\r\n"
  "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=B1=B1=E7=94=B0=20=E5=A4=AA=E9=83=8E\r\n"
  "TEL;CELL;PREF:090-0000-1234\r\n"
  "TEL;WORK:03-0000-5678\r\n"
  "TITLE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:\r\n"
  "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=A4=9C=E9=96=93=E3=82=82=E9=9B=BB=E8=A9=B1=\r\n"
  "=E5=8F=AF\r\n"
  "END:VCARD\r\n";

static void
test_vcard_v21 (void)
{
  g_autoptr(GPtrArray) android = NULL;
  g_autoptr(GPtrArray) phone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sjis = NULL;
  gsize sjis_length = 0;
  FbVCardContact *contact;

  android = fb_vcard_parse (android_sample, strlen (android_sample), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (android->len, ==, 1);
  contact = android->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (contact->fields, "name"), ==, "山田 太郎");
  g_assert_cmpstr (json_object_get_string_member (contact->fields, "phone"), ==, "090-0000-1234");
  g_assert_cmpstr (json_object_get_string_member (contact->fields, "notes"), ==, "夜間も電話可");

  /* A Japanese feature phone's: the whole file in Shift_JIS, and a
   * quoted-printable value in it too. */
  sjis = g_convert ("BEGIN:VCARD\r\n"
                    "VERSION:2.1\r\n"
                    "N;CHARSET=SHIFT_JIS:佐藤;花子;;;\r\n"
                    "TEL;HOME:03-0000-9999\r\n"
                    "ORG;CHARSET=SHIFT_JIS;QUOTED-PRINTABLE:=96=7B=8E=D0=82=CC=91=8D=96=B1\r\n"
                    "END:VCARD\r\n", -1, "CP932", "UTF-8", NULL, &sjis_length, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (sjis, (gssize) sjis_length, NULL));

  phone = fb_vcard_parse (sjis, sjis_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (phone->len, ==, 1);
  contact = phone->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (contact->fields, "name"), ==, "佐藤 花子");
  g_assert_cmpstr (json_object_get_string_member (contact->fields, "phone"), ==, "03-0000-9999");
  g_assert_cmpstr (json_object_get_string_member (contact->fields, "organisation"), ==, "本社の総務");
}

static const char v4_sample[] =
  "BEGIN:VCARD\r\n"
  "VERSION:4.0\r\n"
  "UID:urn:uuid:4E6A6F2B-1C3D-4E5F-8A9B-0C1D2E3F4A5B\r\n"
  "FN:JPCERT Coordination Center\r\n"
  "TEL;VALUE=uri;TYPE=\"work,voice\":tel:+81-3-0000-0000\r\n"
  "TEL;VALUE=uri;PREF=1;TYPE=work:tel:+81-3-0000-0001\r\n"
  "EMAIL:info@example.jp\r\n"
  "IMPP;PREF=1:xmpp:desk@example.jp\r\n"
  "CATEGORIES:government\r\n"
  "END:VCARD\r\n";

static void
test_vcard_v4_sample (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "store.db");
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(FbContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  FbVCardContact *card;
  guint n = 0;

  contacts = fb_vcard_parse (v4_sample, strlen (v4_sample), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);

  card = contacts->pdata[0];
  g_assert_cmpstr (card->id, ==, "4e6a6f2b-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
  g_assert_cmpstr (json_object_get_string_member (card->fields, "phone"), ==, "+81-3-0000-0001");
  g_assert_cmpstr (json_object_get_string_member (card->fields, "chat"), ==, "xmpp:desk@example.jp");
  g_assert_cmpstr (json_object_get_string_member (card->fields, "category"), ==, "authority");

  g_assert_true (fb_vcard_import (store, v4_sample, strlen (v4_sample), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);

  contact = fb_store_get_contact (store, "4e6a6f2b-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
  g_assert_nonnull (contact);
  g_assert_cmpstr (fb_contact_get_name (contact), ==, "JPCERT Coordination Center");
  g_assert_cmpint (fb_contact_get_category (contact), ==, FB_CONTACT_AUTHORITY);
}

/* Malformed files ------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *text;
  guint       line;    /* 0: the error names no line */
  FbError     code;
} BadCase;

#define GOOD_CARD "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Good\r\nEND:VCARD\r\n"

static const BadCase bad_cases[] = {
  { "empty", "", 0, FB_ERROR_INVALID },
  { "blank", "\r\n\r\n", 0, FB_ERROR_INVALID },
  { "no-begin", "VERSION:4.0\r\nFN:Alice\r\nEND:VCARD\r\n", 1, FB_ERROR_INVALID },
  { "not-vcard", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", 1, FB_ERROR_INVALID },
  { "unterminated", GOOD_CARD "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Alice\r\n", 5, FB_ERROR_INVALID },
  { "nested", "BEGIN:VCARD\r\nFN:A\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\nEND:VCARD\r\n", 3, FB_ERROR_INVALID },
  { "no-name", GOOD_CARD "BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:x@example.com\r\nEND:VCARD\r\n", 5, FB_ERROR_INVALID },
  { "empty-name", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:  \r\nN:;;;;\r\nEND:VCARD\r\n", 1, FB_ERROR_INVALID },
  { "no-colon", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN Alice\r\nEND:VCARD\r\n", 3, FB_ERROR_INVALID },
  { "bad-name", "BEGIN:VCARD\r\nVERSION:4.0\r\nF N:Alice\r\nEND:VCARD\r\n", 3, FB_ERROR_INVALID },
  { "version-5", "BEGIN:VCARD\r\nVERSION:5.0\r\nFN:Alice\r\nEND:VCARD\r\n", 2, FB_ERROR_INVALID },
  { "bad-quoted-printable", "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nNOTE;ENCODING=QUOTED-PRINTABLE:=E3=8Z\r\nEND:VCARD\r\n", 4, FB_ERROR_INVALID },
  { "quoted-printable-not-utf8", "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nNOTE;CHARSET=UTF-8;QUOTED-PRINTABLE:=E3=81\r\nEND:VCARD\r\n", 4, FB_ERROR_INVALID },
  { "bad-tier", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nX-FIREBREAK-TIER:12\r\nEND:VCARD\r\n", 4, FB_ERROR_INVALID },
  { "bad-category", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nX-FIREBREAK-CATEGORY:friends\r\nEND:VCARD\r\n", 4, FB_ERROR_INVALID },
  { "leading-fold", " FN:Alice\r\nBEGIN:VCARD\r\n", 1, FB_ERROR_INVALID },
  { "invalid-utf8", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Alice\r\nNOTE:caf\xe9\r\nEND:VCARD\r\n", 4, FB_ERROR_INVALID },
  { "after-end", GOOD_CARD "FN:stray\r\n", 5, FB_ERROR_INVALID },
};

static void
assert_bad (const GError *error,
            guint         line,
            FbError       code)
{
  g_assert_error (error, FB_ERROR, (int) code);

  if (line > 0)
    {
      g_autofree char *prefix = g_strdup_printf ("Line %u: ", line);

      if (!g_str_has_prefix (error->message, prefix))
        g_error ("expected “%s…”, got “%s”", prefix, error->message);
    }
  else
    g_assert_false (g_str_has_prefix (error->message, "Line "));
}

static guint
count_contacts (FbStore *store)
{
  g_autoptr(GListModel) contacts = fb_store_list_contacts (store, NULL);

  return g_list_model_get_n_items (contacts);
}

static void
test_vcard_malformed (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "store.db");

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr(GPtrArray) contacts = NULL;
      g_autoptr(GError) error = NULL;
      guint n = 42;

      g_test_message ("case %s", c->name);

      contacts = fb_vcard_parse (c->text, strlen (c->text), &error);
      g_assert_null (contacts);
      g_test_message ("  %s", error->message);
      assert_bad (error, c->line, c->code);
      g_clear_error (&error);

      /* Nothing at all is imported, not even the good cards before. */
      g_assert_false (fb_vcard_import (store, c->text, strlen (c->text), &n, &error));
      assert_bad (error, c->line, c->code);
      g_assert_cmpuint (n, ==, 0);
      g_assert_cmpuint (count_contacts (store), ==, 0);
    }
}

static void
test_vcard_too_big (void)
{
  g_autoptr(GString) text = g_string_new (GOOD_CARD "BEGIN:VCARD\r\nFN:Big\r\nNOTE:");
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;

  while (text->len <= FB_VCARD_MAX_BYTES)
    g_string_append (text, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_string_append (text, "\r\nEND:VCARD\r\n");

  contacts = fb_vcard_parse (text->str, text->len, &error);
  g_assert_null (contacts);
  assert_bad (error, 0, FB_ERROR_TOO_LARGE);
}

static void
test_vcard_long_field (void)
{
  g_autoptr(GString) text = g_string_new ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:");
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 30; i++)
    g_string_append (text, "0123456789");
  g_string_append (text, "\r\nEND:VCARD\r\n");

  contacts = fb_vcard_parse (text->str, text->len, &error);
  g_assert_null (contacts);
  assert_bad (error, 3, FB_ERROR_TOO_LARGE);
}

static void
test_vcard_too_many (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < FB_VCARD_MAX_CARDS + 1; i++)
    g_string_append_printf (text, "BEGIN:VCARD\nFN:Person %u\nEND:VCARD\n", i);

  contacts = fb_vcard_parse (text->str, text->len, &error);
  g_assert_null (contacts);
  assert_bad (error, FB_VCARD_MAX_CARDS * 3 + 1, FB_ERROR_TOO_LARGE);

  /* Exactly the limit is fine. */
  g_clear_error (&error);
  g_string_truncate (text, strstr (text->str, "BEGIN:VCARD\nFN:Person 5000\n") - text->str);
  contacts = fb_vcard_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, FB_VCARD_MAX_CARDS);
}

/* A contact saved without a name still exports as a card others can read
 * and we can read back. */
static void
test_vcard_nameless (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "store.db");
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GListModel) contacts = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (fields, "phone", "03-0000-9999");
  id = fb_store_set_contact (store, NULL, fields, &error);
  g_assert_no_error (error);

  contacts = fb_store_list_contacts (store, NULL);
  text = fb_vcard_export (contacts, FB_VCARD_VERSION_4_0, NULL);
  g_assert_nonnull (strstr (text, "\r\nFN:03-0000-9999\r\n"));

  cards = fb_vcard_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 1);
}

static void
on_changed_cb (FbStore    *store,
               guint       flags,
               const char *incident,
               guint      *n_commits)
{
  if ((flags & FB_CHANGE_CONTACTS) != 0)
    (*n_commits)++;
}

static void
test_vcard_one_batch (void)
{
  g_autoptr(FbTestDir) dir = fb_test_dir_new ();
  g_autoptr(FbStore) store = open_store (dir, "store.db");
  g_autoptr(GError) error = NULL;
  guint n_commits = 0;
  guint n = 0;

  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &n_commits);

  g_assert_true (fb_vcard_import (store, phone_sample, strlen (phone_sample), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (n_commits, ==, 1);
  g_assert_cmpuint (count_contacts (store), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vcard/round-trip/4.0", test_vcard_round_trip_4);
  g_test_add_func ("/vcard/round-trip/3.0", test_vcard_round_trip_3);
  g_test_add_func ("/vcard/phone-sample", test_vcard_phone_sample);
  g_test_add_func ("/vcard/v4-sample", test_vcard_v4_sample);
  g_test_add_func ("/vcard/2.1", test_vcard_v21);
  g_test_add_func ("/vcard/malformed", test_vcard_malformed);
  g_test_add_func ("/vcard/too-big", test_vcard_too_big);
  g_test_add_func ("/vcard/long-field", test_vcard_long_field);
  g_test_add_func ("/vcard/too-many", test_vcard_too_many);
  g_test_add_func ("/vcard/one-batch", test_vcard_one_batch);
  g_test_add_func ("/vcard/nameless", test_vcard_nameless);

  return g_test_run ();
}
