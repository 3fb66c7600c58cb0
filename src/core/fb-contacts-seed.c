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
 * The text is written in the language of the person who creates the
 * database, like anything else they would type; the official Japanese
 * names stay in the notes so the entries can be found either way.
 */

#define G_LOG_DOMAIN "fb-contacts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-contact.h"
#include "fb-contacts-seed.h"
#include "fb-error.h"
#include "fb-op.h"

#define EXAMPLE_TIER 3

typedef struct
{
  const char *name;
  const char *organisation;
  const char *title;
  const char *email;
  const char *notes;
} Example;

static const Example examples[] = {
  {
    N_("Police cyber-crime consultation desk"),
    N_("Your prefectural police"),
    "",
    "",
    N_("Example to verify for your organisation. Each prefectural police force has its own "
       "cyber-crime consultation desk (都道府県警察 サイバー犯罪相談窓口): find yours in the "
       "National Police Agency's list at https://www.npa.go.jp/bureau/cyber/soudan.html and "
       "enter its number here. In an emergency call 110."),
  },
  {
    N_("JPCERT/CC incident reporting"),
    N_("JPCERT Coordination Center"),
    "",
    "info@jpcert.or.jp",
    N_("Example to verify for your organisation. Japan's national CSIRT coordination centre "
       "(JPCERT/CC). Incidents are reported through the form on its website or by email; check "
       "the current procedure and address at https://www.jpcert.or.jp/ before relying on this entry."),
  },
  {
    N_("Personal Information Protection Commission"),
    N_("Government of Japan"),
    N_("Personal data breach reports"),
    "",
    N_("Example to verify for your organisation. The regulator under the Act on the Protection "
       "of Personal Information (個人情報保護委員会). Breach reports — a preliminary report within "
       "about 3–5 days, a final one within 30 days (60 for an attack) — are filed through the "
       "online form on its website, https://www.ppc.go.jp/."),
  },
  {
    N_("IPA information security consultation desk"),
    N_("Information-technology Promotion Agency, Japan (IPA)"),
    "",
    "",
    N_("Example to verify for your organisation. Advice on viruses and unauthorised access "
       "(情報セキュリティ安心相談窓口); see https://www.ipa.go.jp/security/anshin/ for how to "
       "reach it and its hours."),
  },
};

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
          g_autofree char *id = fb_uuid_new ();

          json_object_set_string_member (body, "name", _(example->name));
          json_object_set_string_member (body, "organisation", _(example->organisation));
          json_object_set_string_member (body, "title", example->title[0] != '\0' ? _(example->title) : "");
          json_object_set_string_member (body, "category", fb_contact_category_to_string (FB_CONTACT_AUTHORITY));
          json_object_set_int_member (body, "tier", EXAMPLE_TIER);
          json_object_set_string_member (body, "phone", "");
          json_object_set_string_member (body, "email", example->email);
          json_object_set_string_member (body, "chat", "");
          json_object_set_string_member (body, "notes", _(example->notes));
          json_object_set_boolean_member (body, "example", TRUE);

          g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_CONTACT_SET, NULL, id, body));
        }

      if (!fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, error))
        return FALSE;
    }

  return fb_store_set_meta (store, FB_CONTACTS_SEEDED_KEY, "1", error);
}
