/* fb-playbook-library.h — the playbooks on offer: built-in and the user's own
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-playbook.h"

G_BEGIN_DECLS

/* The playbooks on offer: the built-in ones, then the user's own from
 * $XDG_DATA_HOME/firebreak/playbooks, a user file replacing a built-in
 * playbook of the same id. A list model of FbPlaybook. */
#define FB_TYPE_PLAYBOOK_LIBRARY (fb_playbook_library_get_type ())

G_DECLARE_FINAL_TYPE (FbPlaybookLibrary, fb_playbook_library, FB, PLAYBOOK_LIBRARY, GObject)

FbPlaybookLibrary        *fb_playbook_library_new         (void);
FbPlaybookLibrary        *fb_playbook_library_new_with_user_dir (const char         *user_dir);
char                     *fb_playbook_library_default_user_dir (void);
void                      fb_playbook_library_reload      (FbPlaybookLibrary        *self);
FbPlaybook               *fb_playbook_library_lookup      (FbPlaybookLibrary        *self,
                                                           const char               *id);
GPtrArray                *fb_playbook_library_get_errors  (FbPlaybookLibrary        *self);
const char               *fb_playbook_library_get_hint    (FbPlaybookLibrary        *self,
                                                           const char               *kind,
                                                           const char               *playbook_item);
const char               *fb_playbook_library_localize_item (FbPlaybookLibrary      *self,
                                                            const char             *kind,
                                                            const char             *playbook_item,
                                                            const char             *stored);
const char               *fb_playbook_library_localize_deadline (FbPlaybookLibrary  *self,
                                                                const char         *kind,
                                                                const char         *deadline_id,
                                                                const char         *stored_name,
                                                                const char         *stored_basis,
                                                                const char        **basis_out);

G_END_DECLS
