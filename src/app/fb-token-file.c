/* fb-token-file.c — server tokens in a file only the user can read
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where there is no keyring (a kiosk, a bare session), a token typed in
 * Preferences would last one session. It is kept here instead, one
 * "ADDRESS<TAB>TOKEN" line per server, in a folder of mode 0700 and a file
 * of mode 0600: the file is written whole beside the old one, with that
 * mode from its creation, and renamed over it, so it is never readable by
 * others, nor half written, even for a moment.
 */

#define G_LOG_DOMAIN "fb-token-file"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fb-token-file.h"

/**
 * fb_token_file_get_path:
 *
 * Returns: (transfer full): the file, in the user's configuration folder
 */
char *
fb_token_file_get_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "firebreak", "server-tokens", NULL);
}

/* The token on @line when the line is @server's, else NULL. */
static const char *
token_on_line (const char *line,
               const char *server)
{
  const char *tab = strchr (line, '\t');
  gsize len = strlen (server);

  if (tab == NULL || (gsize) (tab - line) != len || strncmp (line, server, len) != 0)
    return NULL;

  return tab + 1;
}

/* The file's lines; none when there is no file. */
static char **
read_lines (void)
{
  g_autofree char *path = fb_token_file_get_path ();
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_new0 (char *, 1);

  return g_strsplit (contents, "\n", -1);
}

/**
 * fb_token_file_lookup:
 * @server: the server's address as the settings hold it
 *
 * Returns: (transfer full) (nullable): the token kept for @server
 */
char *
fb_token_file_lookup (const char *server)
{
  g_auto(GStrv) lines = read_lines ();

  g_return_val_if_fail (server != NULL, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *token = token_on_line (lines[i], server);

      if (token != NULL && token[0] != '\0')
        return g_strdup (token);
    }

  return NULL;
}

/**
 * fb_token_file_store:
 * @server: the server's address
 * @token: (nullable): its token; %NULL or empty to forget it
 *
 * Keeps @token for @server, and the other servers' tokens as they were.
 */
gboolean
fb_token_file_store (const char  *server,
                     const char  *token,
                     GError     **error)
{
  g_autofree char *path = fb_token_file_get_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_auto(GStrv) lines = read_lines ();
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean forget = token == NULL || token[0] == '\0';

  g_return_val_if_fail (server != NULL && strpbrk (server, "\t\n") == NULL, FALSE);

  if (!forget && strpbrk (token, "\t\n\r") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A token is one line without tabs; paste it again."));
      return FALSE;
    }

  for (guint i = 0; lines[i] != NULL; i++)
    if (strchr (lines[i], '\t') != NULL && token_on_line (lines[i], server) == NULL)
      g_string_append_printf (text, "%s\n", lines[i]);

  if (!forget)
    g_string_append_printf (text, "%s\t%s\n", server, token);

  if (forget && text->len == 0)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Cannot remove “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), folder, g_strerror (saved));
      return FALSE;
    }

  return g_file_set_contents_full (path, text->str, (gssize) text->len, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}
