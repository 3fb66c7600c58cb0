/* fb-board.c — registering the board's resources
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-board"

#include "config.h"

#include "fb-board.h"
#include "fb-board-resources.h"

void
fb_board_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      /* By hand: a constructor in a static library would be dropped by the
       * linker when nothing else references its object file. */
      fb_board_register_resource ();
      g_type_ensure (FB_TYPE_BOARD_SUMMARY);
      g_type_ensure (FB_TYPE_ROLE_BOARD);
      g_type_ensure (FB_TYPE_CHECKLIST_PAGE);
      g_type_ensure (FB_TYPE_CONTACTS_PAGE);
      g_once_init_leave (&initialised, 1);
    }
}
