/* fb-board-util.h — small pieces the board's pages and dialogs share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

void         _fb_board_show_error      (GtkWidget          *widget,
                                        const char         *heading,
                                        const GError       *error);
void         _fb_board_present         (GtkWidget          *from,
                                        GtkWindow          *dialog);
void         _fb_board_clear_list      (GtkListBox         *list);

/* Changes a page has not shown yet, because it was off screen. */
typedef struct
{
  gboolean stale;
  guint    flags;   /* FbChangeFlags, or 0 for "everything" */
} FbDeferred;

gboolean     _fb_deferred_hold         (FbDeferred         *deferred,
                                        GtkWidget          *page,
                                        guint               flags);
gboolean     _fb_deferred_take         (FbDeferred         *deferred,
                                        guint              *flags);
GtkListBox  *_fb_board_new_list        (void);
GtkWidget   *_fb_board_new_placeholder (const char         *text);

/* Rows of a dialog's form. */
AdwEntryRow *_fb_form_add_entry        (GtkListBox         *form,
                                        const char         *title,
                                        const char         *text);
AdwComboRow *_fb_form_add_combo        (GtkListBox         *form,
                                        const char         *title,
                                        const char * const *labels,
                                        guint               selected);
GtkSpinButton *_fb_form_add_spin       (GtkListBox         *form,
                                        const char         *title,
                                        const char         *subtitle,
                                        double              lower,
                                        double              upper,
                                        double              value);
GtkSwitch   *_fb_form_add_switch       (GtkListBox         *form,
                                        const char         *title,
                                        const char         *subtitle,
                                        gboolean            active);
char        *_fb_form_get_text         (AdwEntryRow        *row);

/* The contacts as a combo: "None" first, then each contact. */
AdwComboRow *_fb_form_add_contact_combo (GtkListBox        *form,
                                         FbStore           *store,
                                         const char        *title,
                                         const char        *selected_id,
                                         GPtrArray        **ids);

G_END_DECLS

G_BEGIN_DECLS
JsonObject  *_fb_board_entry_data      (FbEntry            *entry);
const char  *_fb_json_get_string       (JsonObject         *object,
                                        const char         *member);
GtkWidget   *_fb_board_new_row         (const char         *title,
                                        const char         *subtitle);
GtkWidget   *_fb_board_add_button      (GtkWidget          *row,
                                        const char         *icon_name,
                                        const char         *tooltip,
                                        const char         *action,
                                        GVariant           *target);
G_END_DECLS

G_BEGIN_DECLS
void         _fb_board_set_form        (AdwMessageDialog   *dialog,
                                        GtkWidget          *form);
G_END_DECLS
