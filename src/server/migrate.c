/* migrate.c — firebreak-server migrate: a server's data moved between an
 * SQLite file and PostgreSQL, checked, and told
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The copy is the database's own (fb_server_db_copy_into (), one
 * transaction, numbers and server id as they were); here it runs in a
 * thread while the main thread writes its progress, and then both sides
 * are digested and counted, so that what is printed is what the
 * destination holds, not what was meant to be copied.
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "fb-server-db-private.h"
#include "migrate.h"

typedef struct
{
  gint64 ops;
  gint64 links;
  gint64 tokens;
  gint64 memberships;
  gint64 restrictions;
} Counts;

static gboolean
count_rows (FbServerDb *db,
            FbQuery     query,
            gint64     *count,
            GError    **error)
{
  g_auto(FbRows) rows = { 0 };

  if (!_fb_server_db_run (db, query, &rows, error, 0))
    return FALSE;

  *count = _fb_rows_count (&rows);
  return TRUE;
}

static gboolean
count_all (FbServerDb *db,
           Counts     *counts,
           GError    **error)
{
  counts->ops = fb_server_db_count_ops (db);
  return count_rows (db, FB_Q_ALL_LINKS, &counts->links, error) &&
         count_rows (db, FB_Q_LIST_TOKENS, &counts->tokens, error) &&
         count_rows (db, FB_Q_LIST_GROUPS, &counts->memberships, error) &&
         count_rows (db, FB_Q_LIST_RESTRICTIONS, &counts->restrictions, error);
}

/* The copy, in a thread of its own: the main thread tells its progress. */
typedef struct
{
  FbServerDb *from;
  FbServerDb *to;
  FbProgress *progress;
  GError     *error;
  gboolean    ok;
  gboolean    done;
  int         shown;    /* the last tenth of the way told, -1 for none */
  gboolean    tty;
} Copy;

static gpointer
copy_thread (gpointer data)
{
  Copy *copy = data;

  copy->ok = fb_server_db_copy_into (copy->from, copy->to, copy->progress, &copy->error);
  g_atomic_int_set (&copy->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* On a terminal, one line rewritten; in a log, a line every tenth. */
static void
on_progress_cb (double   fraction,
                gpointer user_data)
{
  Copy *copy = user_data;
  int percent = (int) (fraction * 100);

  if (copy->tty)
    {
      copy->shown = percent / 10;
      fputc ('\r', stderr);
      fprintf (stderr, _("Copying… %d %%"), percent);
    }
  else if (percent / 10 > copy->shown)
    {
      copy->shown = percent / 10;
      fprintf (stderr, _("Copying… %d %%"), percent);
      fputc ('\n', stderr);
    }
  fflush (stderr);
}

static int
fail (const char   *message,
      const GError *error)
{
  if (error != NULL)
    fprintf (stderr, "firebreak-server: %s %s\n", message, error->message);
  else
    fprintf (stderr, "firebreak-server: %s\n", message);
  return 1;
}

static gboolean
is_postgresql (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

/* One line of what was moved; takes @text. */
static void
print_line (char *text)
{
  printf ("  %s\n", text);
  g_free (text);
}

/* What the destination holds, in sentences; the numbers are counted
 * there, after the check. */
static void
print_moved (FbServerDb   *source,
             FbServerDb   *destination,
             const Counts *n,
             const char   *digest)
{
  printf (_("Moved server %s from “%s” to “%s”:\n"), fb_server_db_get_server_id (destination),
          fb_server_db_get_path (source), fb_server_db_get_path (destination));
  print_line (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld change, with its number",
                                            "%lld changes, with their numbers", (gulong) n->ops),
                               (long long) n->ops));
  print_line (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld link (a place of a chain held without its change)",
                                            "%lld links (places of chains held without their changes)",
                                            (gulong) n->links),
                               (long long) n->links));
  print_line (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld token (its digest)",
                                            "%lld tokens (their digests)", (gulong) n->tokens),
                               (long long) n->tokens));
  print_line (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld membership of a group",
                                            "%lld memberships of groups", (gulong) n->memberships),
                               (long long) n->memberships));
  print_line (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld restriction of an incident",
                                            "%lld restrictions of incidents", (gulong) n->restrictions),
                               (long long) n->restrictions));
  printf (_("Both hold the same record (digest %s). Workstations go on from where they were: "
            "the server id is the same.\n"), digest);
}

int
fb_server_migrate (const char *from,
                   const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbServerDb) source = NULL;
  g_autoptr(FbServerDb) destination = NULL;
  g_autofree char *digest_from = NULL, *digest_to = NULL;
  g_autoptr(GThread) thread = NULL;
  Copy copy = { 0 };
  Counts moved = { 0 };

  if (from == NULL || to == NULL)
    return fail (_("Name both databases: migrate --from DATABASE --to DATABASE."), NULL);

  /* Opening a file that is not there would make an empty server of it. */
  if (!is_postgresql (from) && !g_file_test (from, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf (_("There is no server database at “%s”."), from);
      return fail (message, NULL);
    }

  source = fb_server_db_open (from, &error);
  if (source == NULL)
    return fail (_("Cannot open the database to move from:"), error);

  destination = fb_server_db_open (to, &error);
  if (destination == NULL)
    return fail (_("Cannot open the database to move to:"), error);

  copy.from = source;
  copy.to = destination;
  copy.shown = -1;
  copy.tty = isatty (fileno (stderr));
  copy.progress = fb_progress_new (NULL, on_progress_cb, &copy);
  thread = g_thread_new ("migrate", copy_thread, &copy);
  while (!g_atomic_int_get (&copy.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (g_steal_pointer (&thread));
  /* Progress told late still reaches the terminal before the result. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  fb_progress_free (copy.progress);
  if (copy.tty && copy.shown >= 0)
    fputc ('\n', stderr);

  if (!copy.ok)
    {
      g_autoptr(GError) copy_error = copy.error;
      g_autofree char *message = g_strdup_printf (_("Nothing was moved to “%s”:"),
                                                  fb_server_db_get_path (destination));
      return fail (message, copy_error);
    }

  if (!fb_server_db_digest (source, &digest_from, &error) ||
      !fb_server_db_digest (destination, &digest_to, &error))
    return fail (_("The copy was made, but cannot be checked:"), error);

  if (g_strcmp0 (digest_from, digest_to) != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The copy in “%s” differs from “%s” (digests %s and %s); do not serve it."),
                         fb_server_db_get_path (destination), fb_server_db_get_path (source),
                         digest_to, digest_from);
      return fail (message, NULL);
    }

  if (!count_all (destination, &moved, &error))
    return fail (_("The copy was made and checked, but cannot be counted:"), error);

  print_moved (source, destination, &moved, digest_to);
  return 0;
}
