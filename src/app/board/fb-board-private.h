/* fb-board-private.h — small pieces the board's pages and dialogs share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "firebreak-core.h"

G_BEGIN_DECLS

/* The time a list's rows are made for ("due 14:30" or "overdue"), and
 * the time the rows on screen were made for. */
typedef struct
{
  gint64 now_ms;
  gint64 shown_ms;
} FbRowTime;

void        _fb_board_show_error      (GtkWidget    *widget,
                                       const char   *heading,
                                       const GError *error);
void        _fb_board_present         (GtkWidget    *from,
                                       GtkWindow    *dialog);
void        _fb_board_clear_list      (GtkListBox   *list);
GtkListBox *_fb_board_new_list        (void);
GtkWidget  *_fb_board_new_placeholder (const char   *text);
char       *_fb_board_format_shifts   (GListModel   *workers);
GtkWidget  *_fb_board_new_empty_row   (const char   *title);
GtkWidget  *_fb_board_new_row         (const char   *title,
                                       const char   *subtitle);
GtkWidget  *_fb_board_add_button      (GtkWidget    *row,
                                       const char   *icon_name,
                                       const char   *tooltip,
                                       const char   *action,
                                       GVariant     *target);
const char *_fb_board_decision_question     (FbEntry    *entry,
                                             JsonObject *data);
gboolean    _fb_board_checklist_items_equal (gpointer old_item,
                                             gpointer new_item,
                                             gpointer row_time);
FbCommandWarnings _fb_board_command_warnings (FbStore    *store,
                                              const char *incident,
                                              GListModel *roles,
                                              GListModel *workers,
                                              FbWorker  **commander_worker);

G_END_DECLS
