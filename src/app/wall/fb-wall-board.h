/* fb-wall-board.h — the wall display's panels in columns, page by page
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_TYPE_WALL_BOARD (fb_wall_board_get_type ())

G_DECLARE_FINAL_TYPE (FbWallBoard, fb_wall_board, FB, WALL_BOARD, GtkWidget)

GtkWidget *fb_wall_board_new          (void);
void       fb_wall_board_add          (FbWallBoard *self,
                                       GtkWidget   *panel);
guint      fb_wall_board_get_n_pages  (FbWallBoard *self);
guint      fb_wall_board_get_page     (FbWallBoard *self);
void       fb_wall_board_next_page    (FbWallBoard *self);
gboolean   fb_wall_board_is_shown     (FbWallBoard *self,
                                       GtkWidget   *panel);

G_END_DECLS
