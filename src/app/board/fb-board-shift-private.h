/* fb-board-shift-private.h — the role board's handovers, period and hours
 * on duty
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-board-private.h"

G_BEGIN_DECLS

void       _fb_board_add_shift_rows      (GtkListBox *command_list,
                                          FbContext  *context,
                                          const char *incident);
GtkWindow *_fb_board_duty_limit_dialog_new (FbContext *context,
                                            const char *incident);
GtkWidget *_fb_board_create_handover_row (FbHandover *handover,
                                          FbContext  *context);
char      *_fb_board_describe_worker     (FbWorker   *worker,
                                          FbContext  *context,
                                          const char *incident);
void       _fb_board_mark_worker_row     (GtkWidget  *row,
                                          FbWorker   *worker,
                                          FbContext  *context,
                                          const char *incident);
char      *_fb_board_describe_period     (FbPeriod   *period,
                                          FbContext  *context,
                                          char      **since);
gint64     _fb_board_add_duty_warnings   (GtkListBox *warnings,
                                          FbContext  *context,
                                          const char *incident,
                                          GListModel *workers,
                                          guint      *n_added);

G_END_DECLS
