/* main.c — Firebreak's entry point
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbApplication) app = NULL;

  fb_application_set_start_time (g_get_monotonic_time ());

  setlocale (LC_ALL, "");
  /* Run from the build folder (make run), the translations are there,
   * not yet installed. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FIREBREAK_LOCALEDIR") != NULL ? g_getenv ("FIREBREAK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = fb_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
