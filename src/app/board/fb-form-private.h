/* fb-form-private.h — the rows of a dialog's form
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

AdwEntryRow   *_fb_form_add_entry         (GtkListBox         *form,
                                           const char         *title,
                                           const char         *text);
AdwComboRow   *_fb_form_add_combo         (GtkListBox         *form,
                                           const char         *title,
                                           const char * const *labels,
                                           guint               selected);
GtkSpinButton *_fb_form_add_spin          (GtkListBox         *form,
                                           const char         *title,
                                           const char         *subtitle,
                                           double              lower,
                                           double              upper,
                                           double              value);
GtkSwitch     *_fb_form_add_switch        (GtkListBox         *form,
                                           const char         *title,
                                           const char         *subtitle,
                                           gboolean            active);
char          *_fb_form_get_text          (AdwEntryRow        *row);
/* The contacts as a combo: "None" first, then each contact. */
AdwComboRow   *_fb_form_add_contact_combo (GtkListBox         *form,
                                           FbStore            *store,
                                           const char         *title,
                                           const char         *selected_id,
                                           GPtrArray         **ids);
void           _fb_board_set_form         (AdwMessageDialog   *dialog,
                                           GtkWidget          *form);

G_END_DECLS
