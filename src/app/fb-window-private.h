/* fb-window-private.h — what fb-window.c shares with its actions and the tests
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-board-summary.h"
#include "fb-checklist-page.h"
#include "fb-contacts-page.h"
#include "fb-incident-header.h"
#include "fb-role-board.h"
#include "fb-new-incident-dialog.h"
#include "fb-overview-page.h"
#include "fb-timeline-view.h"
#include "fb-window.h"

G_BEGIN_DECLS

struct _FbWindow
{
  AdwApplicationWindow  parent_instance;

  FbContext            *context;
  FbSyncSetup          *sync;     /* NULL: a local record only */
  char                 *incident;
  gboolean              filling;
  FbNewIncidentDialog  *dialog;   /* weak, while it is open */
  GCancellable         *cancellable; /* cancels when window closes */
  guint                 n_jobs;      /* exports, imports, reports running */
  gpointer              job_shown;   /* the job the notice tells of */
  AdwToast             *job_toast;   /* one notice for all the jobs */
  gint64                job_toast_shown_at;
  guint                 job_toast_dismiss_id;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkListBox           *incident_list;
  GtkListBox           *hidden_list;    /* restricted incidents the server only names */
  GtkBox               *sidebar_sync_slot;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *incident_menu_button;
  GtkRevealer          *damage_banner;
  GtkLabel             *damage_label;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  FbIncidentHeader     *header;
  AdwBin               *overview_slot;
  FbOverviewPage       *overview;
  FbTimelineView       *timeline;

  /* Pages of the role board, checklists and contacts, made with the store. */
  FbRoleBoard          *role_board;
  FbChecklistPage      *checklist_page;
  FbContactsPage       *contacts_page;
  FbBoardSummary       *board_summary;
};

void                 _fb_window_class_actions_init (GtkWidgetClass *widget_class);
void                 _fb_window_record_class_init  (GtkWidgetClass *widget_class);
void                 _fb_window_actions_update     (FbWindow *self);
void                 _fb_window_toast              (FbWindow   *self,
                                                    const char *message);

FbIncidentHeader    *_fb_window_get_header         (FbWindow *self);
FbTimelineView      *_fb_window_get_timeline       (FbWindow *self);
FbOverviewPage      *_fb_window_get_overview       (FbWindow *self);
GtkListBox          *_fb_window_get_incident_list  (FbWindow *self);
FbNewIncidentDialog *_fb_window_get_dialog         (FbWindow *self);
AdwViewStack        *_fb_window_get_view_stack     (FbWindow *self);
GtkStack            *_fb_window_get_main_stack     (FbWindow *self);

G_END_DECLS
