/* fb-wall-private.h — what the wall display's files share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-incident-page.h"
#include "fb-wall-board.h"
#include "fb-wall-window.h"

G_BEGIN_DECLS

GtkWidget   *_fb_wall_row_new          (const char     *text,
                                        const char     *detail,
                                        GtkWidget      *value);
GtkWidget   *_fb_wall_row_new_lines    (const char     *text,
                                        const char     *detail,
                                        GtkWidget      *value,
                                        int             lines);
GtkWidget   *_fb_wall_entry_row_new    (FbContext      *context,
                                        FbEntry        *entry);
void         _fb_wall_clear_box        (GtkBox         *box);
void         _fb_wall_command_update   (FbIncidentPage *page,
                                        GtkBox         *rows);
gint64       _fb_wall_duty_update      (FbIncidentPage *page,
                                        GtkBox         *rows);
gboolean     _fb_wall_period_update    (FbIncidentPage *page,
                                        GtkBox         *rows,
                                        GtkLabel       *title);

/* For the tests: the board, and a turn of the pages as the timer does. */
FbWallBoard *_fb_wall_window_get_board (FbWallWindow   *self);
GtkWidget   *_fb_wall_window_get_clocks (FbWallWindow  *self);
void         _fb_wall_window_turn_page (FbWallWindow   *self);
const char  *_fb_wall_window_get_page_text (FbWallWindow *self);

G_END_DECLS
