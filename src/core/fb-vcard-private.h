/* fb-vcard-private.h — what reading and writing vCards share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-contact.h"

G_BEGIN_DECLS

/* The categories other programs understand, by the word export writes in
 * CATEGORIES and import recognises. */
static const struct
{
  FbContactCategory category;
  const char       *word;      /* written in CATEGORIES, and recognised on import */
} category_words[] = {
  { FB_CONTACT_MANAGEMENT, "Management" },
  { FB_CONTACT_PR, "Public relations" },
  { FB_CONTACT_LEGAL, "Legal" },
  { FB_CONTACT_IT, "IT" },
  { FB_CONTACT_SALES, "Sales" },
  { FB_CONTACT_VENDOR, "Vendor" },
  { FB_CONTACT_AUTHORITY, "Authority" },
};

G_END_DECLS
