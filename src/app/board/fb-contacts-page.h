/* fb-contacts-page.h — the address book shared by all incidents
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-incident-page.h"

G_BEGIN_DECLS

#define FB_TYPE_CONTACTS_PAGE (fb_contacts_page_get_type ())

G_DECLARE_FINAL_TYPE (FbContactsPage, fb_contacts_page, FB, CONTACTS_PAGE, FbIncidentPage)

GtkWidget  *fb_contacts_page_new          (FbContext *context);
void        fb_contacts_page_set_search   (FbContactsPage *self,
                                           const char     *search);
guint       fb_contacts_page_get_n_shown  (FbContactsPage *self);
guint       fb_contacts_page_get_n_untold (FbContactsPage *self);
gboolean    fb_contacts_page_import_file  (FbContactsPage *self,
                                           GFile          *file,
                                           guint          *n_imported,
                                           GError        **error);
gboolean    fb_contacts_page_export_file  (FbContactsPage *self,
                                           GFile          *file,
                                           FbVCardVersion  version,
                                           GError        **error);

G_END_DECLS
