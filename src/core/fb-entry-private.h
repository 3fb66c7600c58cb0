/* fb-entry-private.h — fields of FbEntry for the store that fills them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-entry.h"

G_BEGIN_DECLS

struct _FbEntry
{
  GObject parent_instance;

  char *id;
  char *incident;
  gint64 occurred_at;
  gint64 recorded_at;
  char *hlc;
  char *author;
  FbEntryKind kind;
  char *text;
  gboolean pinned;
  char *amends;
  char *amended_by;
  char *data;
};

FbEntry *_fb_entry_new (void);

G_END_DECLS
