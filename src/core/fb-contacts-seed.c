/* fb-contacts-seed.c — the example contacts a new database starts with
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A contact list is part of preparing for an incident, and the authorities
 * are the entries people most often lack when they need them. A new
 * database therefore starts with the Japanese authorities a responder may
 * have to call, marked as examples to verify. Phone numbers are left
 * empty on purpose: a wrong number in an emergency is worse than none, and
 * the police desk differs by prefecture. The notes say where the official
 * details are.
 *
 * The examples are built-in text, like a playbook's steps: each reader
 * sees them in their own language, whoever made the database, so a
 * war-room with mixed settings reads one language each. The database
 * holds them in its creator's language; an example someone has edited
 * shows as they typed it. The official Japanese names stay in the English
 * notes so the entries can be found either way.
 */

#define G_LOG_DOMAIN "fb-contacts"

#include "config.h"

#include "fb-contact-private.h"
#include "fb-contacts-seed.h"
#include "fb-error.h"
#include "fb-op.h"
#include "fb-playbook.h"

#define EXAMPLE_TIER 3

typedef struct
{
  const char *en;
  const char *ja;
} Text;

typedef struct
{
  /* The same in every database, so that the examples two workstations
   * made are one contact each once they sync, and a reader knows them. */
  const char *id;
  Text        name;
  Text        organisation;
  Text        title;
  const char *email;
  Text        notes;
} Example;

static const Example examples[] = {
  {
    "e620b2f0-55d3-4fff-8dbe-7868e0bc40d9",
    { "Police cyber-crime consultation desk", "警察 サイバー犯罪相談窓口" },
    { "Your prefectural police", "所轄の都道府県警察" },
    { "", "" },
    "",
    { "Example to verify for your organisation. Each prefectural police force has its own "
      "cyber-crime consultation desk (都道府県警察 サイバー犯罪相談窓口): find yours in the "
      "National Police Agency's list at https://www.npa.go.jp/bureau/cyber/soudan.html and "
      "enter its number here. In an emergency call 110.",
      "組織に合わせて確認が必要な例です。サイバー犯罪相談窓口は都道府県警察ごとに設けられています。"
      "警察庁の一覧 https://www.npa.go.jp/bureau/cyber/soudan.html で該当する窓口を探し、"
      "電話番号をここに入力してください。緊急時は 110 番に通報してください。" },
  },
  {
    "c46ecd8b-754b-42db-864a-7ac0516f6106",
    { "JPCERT/CC incident reporting", "JPCERT/CC インシデント報告" },
    { "JPCERT Coordination Center", "JPCERT コーディネーションセンター" },
    { "", "" },
    "info@jpcert.or.jp",
    { "Example to verify for your organisation. Japan's national CSIRT coordination centre "
      "(JPCERT/CC). Incidents are reported through the form on its website or by email; check "
      "the current procedure and address at https://www.jpcert.or.jp/ before relying on this entry.",
      "組織に合わせて確認が必要な例です。日本の CSIRT の調整機関（JPCERT/CC）です。"
      "インシデントはウェブサイトのフォームまたはメールで報告します。この連絡先を使う前に、"
      "https://www.jpcert.or.jp/ で最新の手順と連絡先を確認してください。" },
  },
  {
    "d9d6714f-235c-4854-86b7-d627d5655d29",
    { "Personal Information Protection Commission", "個人情報保護委員会" },
    { "Government of Japan", "日本国政府" },
    { "Personal data breach reports", "漏えい等報告" },
    "",
    { "Example to verify for your organisation. The regulator under the Act on the Protection "
      "of Personal Information (個人情報保護委員会). Breach reports — a preliminary report within "
      "about 3–5 days, a final one within 30 days (60 for an attack) — are filed through the "
      "online form on its website, https://www.ppc.go.jp/.",
      "組織に合わせて確認が必要な例です。個人情報保護法の所管機関です。漏えい等報告"
      "（概ね 3〜5 日以内の速報と、30 日以内（不正アクセス等の場合は 60 日以内）の確報）は、"
      "ウェブサイト https://www.ppc.go.jp/ のオンラインフォームから提出します。" },
  },
  {
    "a39e948e-fe60-4a74-b4ed-3c277e1851c0",
    { "IPA information security consultation desk", "IPA 情報セキュリティ安心相談窓口" },
    { "Information-technology Promotion Agency, Japan (IPA)", "独立行政法人情報処理推進機構（IPA）" },
    { "", "" },
    "",
    { "Example to verify for your organisation. Advice on viruses and unauthorised access "
      "(情報セキュリティ安心相談窓口); see https://www.ipa.go.jp/security/anshin/ for how to "
      "reach it and its hours.",
      "組織に合わせて確認が必要な例です。ウイルスや不正アクセスに関する相談を受け付けています。"
      "連絡方法と受付時間は https://www.ipa.go.jp/security/anshin/ で確認してください。" },
  },
};

static const char *
get_text (const Text *text,
          const char *language)
{
  return g_str_equal (language, "ja") ? text->ja : text->en;
}

/* Whether @stored is the built-in text, in either language, rather than
 * someone's edit of it. */
static gboolean
is_builtin (const Text *text,
            const char *stored)
{
  return stored != NULL && (g_str_equal (stored, text->en) || g_str_equal (stored, text->ja));
}

static const Example *
find_example (FbContact *contact)
{
  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    if (g_strcmp0 (contact->id, examples[i].id) == 0)
      return &examples[i];

  /* Databases seeded before the examples had ids of their own: an
   * example still named or described as built. */
  if (!contact->example)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    if (is_builtin (&examples[i].name, contact->name) || is_builtin (&examples[i].notes, contact->notes))
      return &examples[i];

  return NULL;
}

static void
show_builtin (char       **field,
              const Text  *text,
              const char  *language)
{
  if (!is_builtin (text, *field))
    return;
  g_free (*field);
  *field = g_strdup (get_text (text, language));
}

/* Shows an example's built-in text in the reader's language; what
 * someone typed over it stays as typed. */
void
_fb_contact_show_in_reader_language (FbContact *contact)
{
  const char *language = fb_playbook_get_current_language ();
  const Example *example = find_example (contact);

  if (example == NULL)
    return;

  show_builtin (&contact->name, &example->name, language);
  show_builtin (&contact->organisation, &example->organisation, language);
  show_builtin (&contact->title, &example->title, language);
  show_builtin (&contact->notes, &example->notes, language);
}

static gboolean
has_contacts (FbStore *store)
{
  g_autoptr(GListModel) contacts = fb_store_list_contacts (store, NULL);

  return g_list_model_get_n_items (contacts) > 0;
}

/* Adds the examples once per database. A database that already has
 * contacts — imported, typed in, or pulled from a sync server — gets
 * none: they would be clutter there, and on a shared server every
 * workstation would add its own copy. Checking for contacts also makes a
 * crash between adding them and recording it harmless. */
gboolean
fb_contacts_seed_examples (FbStore  *store,
                           GError  **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  g_autofree char *seeded = NULL;
  const char *language = fb_playbook_get_current_language ();

  g_return_val_if_fail (FB_IS_STORE (store), FALSE);

  seeded = fb_store_get_meta (store, FB_CONTACTS_SEEDED_KEY);
  if (seeded != NULL)
    return TRUE;

  if (!has_contacts (store))
    {
      for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
        {
          const Example *example = &examples[i];
          g_autoptr(JsonObject) body = json_object_new ();

          json_object_set_string_member (body, "name", get_text (&example->name, language));
          json_object_set_string_member (body, "organisation", get_text (&example->organisation, language));
          json_object_set_string_member (body, "title", get_text (&example->title, language));
          json_object_set_string_member (body, "category", fb_contact_category_to_string (FB_CONTACT_AUTHORITY));
          json_object_set_int_member (body, "tier", EXAMPLE_TIER);
          json_object_set_string_member (body, "phone", "");
          json_object_set_string_member (body, "email", example->email);
          json_object_set_string_member (body, "chat", "");
          json_object_set_string_member (body, "notes", get_text (&example->notes, language));
          json_object_set_boolean_member (body, "example", TRUE);

          g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_CONTACT_SET, NULL, example->id, body));
        }

      if (!fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, error))
        return FALSE;
    }

  return fb_store_set_meta (store, FB_CONTACTS_SEEDED_KEY, "1", error);
}
