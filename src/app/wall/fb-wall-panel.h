/* fb-wall-panel.h — one panel of the wall display
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-incident-page.h"

G_BEGIN_DECLS

typedef enum
{
  FB_WALL_PANEL_DEADLINES,
  FB_WALL_PANEL_COMMAND,
  FB_WALL_PANEL_DECISIONS,
  FB_WALL_PANEL_STEPS,      /* the open steps of one section */
  FB_WALL_PANEL_PINNED,
  FB_WALL_PANEL_ENTRIES,
  FB_WALL_PANEL_PERIOD,     /* the current operational period; hidden without one */
  FB_WALL_PANEL_DUTY,       /* workers past the on-duty limit, and pairs; hidden without any */
} FbWallPanelKind;

#define FB_TYPE_WALL_PANEL (fb_wall_panel_get_type ())

G_DECLARE_FINAL_TYPE (FbWallPanel, fb_wall_panel, FB, WALL_PANEL, FbIncidentPage)

GtkWidget       *fb_wall_panel_new        (FbContext       *context,
                                           FbWallPanelKind  kind,
                                           FbSection        section);
FbWallPanelKind  fb_wall_panel_get_kind   (FbWallPanel     *self);
FbSection        fb_wall_panel_get_section (FbWallPanel    *self);
guint            fb_wall_panel_get_n_rows (FbWallPanel     *self);

G_END_DECLS
