/* fb-vcard.h — contacts to and from vCard 3.0 and 4.0 (.vcf)
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fb-store.h"

G_BEGIN_DECLS

/* An address-book export is small; these bound what one import may ask. */
#define FB_VCARD_MAX_BYTES (4 * 1024 * 1024)
#define FB_VCARD_MAX_CARDS 5000

typedef enum
{
  FB_VCARD_VERSION_4_0,   /* RFC 6350, the default */
  FB_VCARD_VERSION_3_0,   /* RFC 2426, for older address books */
} FbVCardVersion;

/* One card read from a file: the fields of a contact.set op body, and
 * the contact's id when the card carried a UUID (a Firebreak export
 * does), so that importing the same file twice updates, not doubles. */
typedef struct
{
  char       *id;      /* NULL when the card has no usable UID */
  JsonObject *fields;
  guint       line;    /* where BEGIN:VCARD is */
} FbVCardContact;

void       fb_vcard_contact_free (FbVCardContact  *contact);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbVCardContact, fb_vcard_contact_free)

char      *fb_vcard_export       (GListModel      *contacts,
                                  FbVCardVersion   version,
                                  gsize           *length);
GPtrArray *fb_vcard_parse        (const char      *data,
                                  gsize            length,
                                  GError         **error);
gboolean   fb_vcard_import       (FbStore         *store,
                                  const char      *data,
                                  gsize            length,
                                  guint           *n_imported,
                                  GError         **error);

G_END_DECLS
