/* fb-playbook-private.h — playbook internals: line numbers for errors, checklist drafts
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include <json-glib/json-glib.h>

#include "fb-playbook.h"
#include "fb-types.h"

G_BEGIN_DECLS

/* Shared by loading (fb-playbook.c) and reading (fb-playbook-read.c). */
struct _FbPlaybook
{
  GObject         parent_instance;

  char           *id;
  char           *source;
  int             version;
  FbPlaybookText  title;
  FbPlaybookText  description;
  int             containment_target_min;
  FbRecordType    record;      /* a readiness review has no target and no deadlines */
  GArray         *deadlines;   /* of FbPlaybookDeadline */
  GArray         *items;       /* of FbPlaybookItem, in section order */
};

void        _fb_playbook_text_clear     (FbPlaybookText *text);
void        _fb_playbook_deadline_clear (gpointer        data);
void        _fb_playbook_item_clear     (gpointer        data);
gboolean    _fb_playbook_read           (FbPlaybook     *self,
                                         const char     *source,
                                         GHashTable     *lines,
                                         JsonNode       *root,
                                         GError        **error);

/* Walks strict JSON (RFC 8259) and maps the path of every value —
 * "", "title", "title.en", "sections[2].items[0].text" — to the line it
 * starts on (1-based). json-glib 1.6 keeps no positions, and a person
 * fixing a playbook by hand needs the line. On a syntax error, a duplicate
 * member or nesting deeper than max_depth, returns NULL with *error_line
 * set and error in FB_ERROR. */
GHashTable *_fb_json_line_map_new   (const char  *data,
                                     gsize        length,
                                     guint        max_depth,
                                     guint       *error_line,
                                     GError     **error);
guint       _fb_json_line_map_find  (GHashTable  *map,
                                     const char  *path);
guint       _fb_json_line_of_offset (const char  *data,
                                     gsize        offset);

/* Adds a checklist.add draft to @drafts for every item of the playbook
 * that @existing (the incident's checklist, or NULL for a new incident)
 * lacks, so that a command can apply them with the rest of its batch. */
void        _fb_playbook_add_checklist_drafts (FbPlaybook *self,
                                               GListModel *existing,
                                               const char *incident,
                                               GPtrArray  *drafts);

G_END_DECLS
