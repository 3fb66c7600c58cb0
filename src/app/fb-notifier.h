/* fb-notifier.h — desktop notifications: reminders and others' changes
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-context.h"

G_BEGIN_DECLS

/* What a notification is about; each has its own setting. */
typedef enum
{
  FB_NOTIFY_DEADLINE,    /* an hour and a quarter before, and when passed */
  FB_NOTIFY_STEP_DUE,    /* a checklist step falling due */
  FB_NOTIFY_DECISION,    /* a decision recorded on another workstation */
  FB_NOTIFY_HANDOVER,    /* a handover recorded on another workstation */
  FB_NOTIFY_UPDATE_DUE,  /* a stakeholder update due */
  FB_NOTIFY_DUTY,        /* a worker passing the incident's limit of hours on duty */
  FB_N_NOTIFY_KINDS,
} FbNotifyKind;

/* How long before a deadline the first reminder comes. */
#define FB_NOTIFY_DEADLINE_AHEAD_MS ((gint64) 75 * 60 * 1000)

/* TRUE while the user looks at the app: their own reminders then wait. */
typedef gboolean (*FbNotifierFocusFunc) (gpointer user_data);

#define FB_TYPE_NOTIFIER (fb_notifier_get_type ())

G_DECLARE_FINAL_TYPE (FbNotifier, fb_notifier, FB, NOTIFIER, GObject)

FbNotifier *fb_notifier_new            (FbContext           *context,
                                        GApplication        *application,
                                        gint64               start_ms);
void        fb_notifier_set_focus_func (FbNotifier          *self,
                                        FbNotifierFocusFunc  func,
                                        gpointer             user_data);
const char *fb_notify_kind_get_key     (FbNotifyKind         kind);
void        fb_notifier_check          (FbNotifier          *self);

G_END_DECLS
