/* fb-incident-page.h — what every page about one incident does alike
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

#define FB_TYPE_INCIDENT_PAGE (fb_incident_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (FbIncidentPage, fb_incident_page, FB, INCIDENT_PAGE, GtkWidget)

struct _FbIncidentPageClass
{
  GtkWidgetClass parent_class;

  /* The store's changes the page shows; the others never reach refresh. */
  FbChangeFlags  changes;

  /* Show @flags' changes, or everything for 0 (a new incident). */
  void         (*refresh) (FbIncidentPage *self,
                           FbChangeFlags   flags);

  gpointer       padding[8];
};

FbContext  *fb_incident_page_get_context  (FbIncidentPage *self);
FbStore    *fb_incident_page_get_store    (FbIncidentPage *self);
const char *fb_incident_page_get_incident (FbIncidentPage *self);
void        fb_incident_page_set_incident (FbIncidentPage *self,
                                           const char     *incident);
void        fb_incident_page_refresh      (FbIncidentPage *self,
                                           FbChangeFlags   flags);
FbLiveList *fb_incident_page_add_list     (FbIncidentPage             *self,
                                           GtkListBox                 *list,
                                           GType                       item_type,
                                           FbLiveListQueryFunc         query,
                                           GtkListBoxCreateWidgetFunc  create_row);

G_END_DECLS
