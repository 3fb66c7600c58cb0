/* fb-playbook.h — playbooks: the checklists and deadlines an incident starts with
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-store.h"
#include "fb-deadline.h"
#include "fb-types.h"

G_BEGIN_DECLS

/* A playbook file is small; anything bigger is a mistake or an attack. */
#define FB_PLAYBOOK_MAX_BYTES     (256 * 1024)
#define FB_PLAYBOOK_MAX_ITEMS     200
#define FB_PLAYBOOK_MAX_DEADLINES 32
/* Below the one resource base (config.h), where fb-core.gresource.xml puts them. */
#define FB_PLAYBOOK_RESOURCE_DIR  RESOURCE_BASE "/playbooks/"

/* Text a playbook carries in both of the languages it ships in. */
typedef struct
{
  char *en;
  char *ja;
} FbPlaybookText;

typedef struct
{
  char           *id;
  FbPlaybookText  title;
  FbPlaybookText  note;     /* both NULL when the file gives none */
  char           *from;     /* what the clock counts from: "detected", "aware" or "declared" */
  gint64          minutes;
  FbPlaybookText  basis;    /* the legal basis; both NULL when the file gives none */
  FbDeadlineRule  applies;  /* the answer it needs to apply */
  gint64          improper_minutes;  /* the time allowed for an improper purpose; 0: minutes */
} FbPlaybookDeadline;

typedef struct
{
  char           *id;       /* stable within the playbook; stored as playbook_item */
  FbSection       section;
  FbPlaybookText  text;
  FbPlaybookText  hint;     /* both NULL when the file gives none */
} FbPlaybookItem;

#define FB_TYPE_PLAYBOOK (fb_playbook_get_type ())

G_DECLARE_FINAL_TYPE (FbPlaybook, fb_playbook, FB, PLAYBOOK, GObject)

const char               *fb_playbook_get_current_language (void);
const char               *fb_playbook_text_get            (const FbPlaybookText     *text,
                                                           const char               *language);

FbPlaybook               *fb_playbook_new_from_data       (const char               *data,
                                                           gsize                     length,
                                                           const char               *source,
                                                           GError                  **error);
FbPlaybook               *fb_playbook_new_from_file       (GFile                    *file,
                                                           GError                  **error);

const char               *fb_playbook_get_id              (FbPlaybook               *self);
int                       fb_playbook_get_version         (FbPlaybook               *self);
const char               *fb_playbook_get_source          (FbPlaybook               *self);
const char               *fb_playbook_get_title           (FbPlaybook               *self);
const char               *fb_playbook_get_title_in        (FbPlaybook               *self,
                                                           const char               *language);
const char               *fb_playbook_get_description     (FbPlaybook               *self);
const char               *fb_playbook_get_description_in  (FbPlaybook               *self,
                                                           const char               *language);
int                       fb_playbook_get_containment_target_min (FbPlaybook        *self);
FbRecordType              fb_playbook_get_record          (FbPlaybook               *self);

guint                     fb_playbook_get_n_deadlines     (FbPlaybook               *self);
const FbPlaybookDeadline *fb_playbook_get_deadline        (FbPlaybook               *self,
                                                           guint                     index);
gint64                    fb_playbook_deadline_get_due_at (const FbPlaybookDeadline *deadline,
                                                           gint64                    detected_at);

guint                     fb_playbook_get_n_items         (FbPlaybook               *self);
const FbPlaybookItem     *fb_playbook_get_item            (FbPlaybook               *self,
                                                           guint                     index);
const FbPlaybookItem     *fb_playbook_lookup_item         (FbPlaybook               *self,
                                                           const char               *id);

gboolean                  fb_playbook_instantiate         (FbPlaybook               *self,
                                                           FbStore                  *store,
                                                           const char               *incident,
                                                           GError                  **error);

G_END_DECLS
