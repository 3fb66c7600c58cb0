/* fb-checklist-item-private.h — fields of FbChecklistItem for the store that fills them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-checklist-item.h"

G_BEGIN_DECLS

struct _FbChecklistItem
{
  GObject parent_instance;

  char *id;
  char *incident;
  FbSection section;
  char *text;
  int position;
  char *playbook_item;
  FbItemState state;
  char *assignee;
  gint64 due_at;
  char *note;
  gint64 done_at;
  char *done_by;
};

FbChecklistItem *_fb_checklist_item_new (void);

G_END_DECLS
