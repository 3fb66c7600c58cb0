/* main.c — firebreak-server: serve a war-room, or manage its tokens
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-server"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "fb-server.h"
#include "migrate.h"

static char *opt_listen = NULL;
static char *opt_database = NULL;
static char *opt_tls_cert = NULL;
static char *opt_tls_key = NULL;
static char *opt_from = NULL;
static char *opt_to = NULL;
static gboolean opt_read_only = FALSE;
static gboolean opt_quiet = FALSE;
static gboolean opt_no_live_push = FALSE;
static int opt_max_connections = FB_SERVER_DEFAULT_MAX_CONNECTIONS;
static int opt_heartbeat = FB_SERVER_DEFAULT_HEARTBEAT_S;
static int opt_push_rate = FB_SERVER_DEFAULT_PUSH_RATE;
static int opt_push_burst = FB_SERVER_DEFAULT_PUSH_BURST;

static const GOptionEntry entries[] = {
  { "listen", 'l', 0, G_OPTION_ARG_STRING, &opt_listen,
    N_("Address and port to listen on (default 127.0.0.1:8765; port 0 picks a free one)"), N_("ADDRESS:PORT") },
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database,
    N_("The server’s database: an SQLite file (created if missing) or a postgresql:// URI"), N_("PATH") },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_cert,
    N_("Serve HTTPS with this PEM certificate (chain)"), N_("PEM") },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_key,
    N_("The PEM private key of --tls-cert"), N_("PEM") },
  { "max-connections", 0, 0, G_OPTION_ARG_INT, &opt_max_connections,
    N_("Live connections allowed per token (default 64)"), N_("N") },
  { "heartbeat", 0, 0, G_OPTION_ARG_INT, &opt_heartbeat,
    N_("Seconds between heartbeats; a socket silent for three is closed (default 10)"), N_("SECONDS") },
  { "push-rate", 0, 0, G_OPTION_ARG_INT, &opt_push_rate,
    N_("Pushes a second each token may keep up; 0 for no limit (default 50)"), N_("N") },
  { "push-burst", 0, 0, G_OPTION_ARG_INT, &opt_push_burst,
    N_("Pushes a token may send at once after a quiet spell (default 100)"), N_("N") },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet,
    N_("Do not log each request on standard error"), NULL },
  { "no-live-push", 0, 0, G_OPTION_ARG_NONE, &opt_no_live_push,
    N_("Take changes over HTTP only, not on the live WebSocket"), NULL },
  { "read-only", 0, 0, G_OPTION_ARG_NONE, &opt_read_only,
    N_("With “user add”: the token may pull but not push"), NULL },
  { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from,
    N_("With “migrate”: the database to copy (a file or a postgresql:// URI)"), N_("DATABASE") },
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to,
    N_("With “migrate”: the new, empty database to copy into"), N_("DATABASE") },
  { NULL }
};

static char *
default_database (void)
{
  return g_build_filename (g_get_user_data_dir (), "firebreak", "server.db", NULL);
}

static int
complain (const char *message)
{
  fprintf (stderr, "firebreak-server: %s\n", message);
  return 1;
}

/* SHA-256 of the certificate's DER bytes, lower-case hex: what a
 * workstation pins, and what its Preferences show to compare with. */
static char *
certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  return der != NULL ? g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len) : NULL;
}

static int
print_fingerprint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *fingerprint = NULL;

  if (opt_tls_cert == NULL)
    return complain (_("Name the certificate: fingerprint --tls-cert PEM"));

  certificate = g_tls_certificate_new_from_file (opt_tls_cert, &error);
  if (certificate == NULL || (fingerprint = certificate_fingerprint (certificate)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the TLS certificate: %s"),
                                                  error != NULL ? error->message : opt_tls_cert);
      return complain (message);
    }

  printf ("%s\n", fingerprint);
  return 0;
}

static int
run_user_command (FbServerDb *db,
                  char      **args)
{
  g_autoptr(GError) error = NULL;
  const char *verb = args[0];

  if (g_strcmp0 (verb, "add") == 0 && args[1] != NULL && args[2] == NULL)
    {
      g_autofree char *token = fb_server_db_add_token (db, args[1], opt_read_only, &error);

      if (token == NULL)
        return complain (error->message);

      /* The token itself is shown once and never stored. */
      printf ("%s\n", token);
      fprintf (stderr, _("Token for “%s”%s. Keep it now: the server keeps only a digest of it.\n"),
               args[1], opt_read_only ? _(" (read-only)") : "");
      return 0;
    }

  if (g_strcmp0 (verb, "list") == 0 && args[1] == NULL)
    {
      g_autoptr(GPtrArray) list = fb_server_db_list_tokens (db, &error);

      if (list == NULL)
        return complain (error->message);

      for (guint i = 0; i < list->len; i++)
        {
          FbTokenInfo *info = g_ptr_array_index (list, i);
          g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (info->created_at / 1000);
          g_autofree char *when = g_date_time_format_iso8601 (created);

          /* Scripts read these columns: fixed words, not translated. */
          printf ("%s\t%s\t%s\t%s\n", info->name,
                  info->read_only ? "read-only" : "read-write",
                  when, info->revoked_at != 0 ? "revoked" : "valid");
        }
      return 0;
    }

  if (g_strcmp0 (verb, "revoke") == 0 && args[1] != NULL && args[2] == NULL)
    {
      if (!fb_server_db_revoke_token (db, args[1], &error))
        return complain (error->message);

      fprintf (stderr, _("The token of “%s” is revoked.\n"), args[1]);
      return 0;
    }

  if (g_strcmp0 (verb, "group-add") == 0 && args[1] != NULL && args[2] != NULL && args[3] == NULL)
    {
      if (!fb_server_db_group_add (db, args[1], args[2], &error))
        return complain (error->message);

      fprintf (stderr, _("“%s” is in the group “%s”.\n"), args[2], args[1]);
      return 0;
    }

  if (g_strcmp0 (verb, "group-remove") == 0 && args[1] != NULL && args[2] != NULL && args[3] == NULL)
    {
      if (!fb_server_db_group_remove (db, args[1], args[2], &error))
        return complain (error->message);

      fprintf (stderr, _("“%s” is no longer in the group “%s”.\n"), args[2], args[1]);
      return 0;
    }

  if (g_strcmp0 (verb, "groups") == 0 && args[1] == NULL)
    {
      g_autoptr(GPtrArray) list = fb_server_db_list_groups (db, &error);

      if (list == NULL)
        return complain (error->message);

      /* GROUP<TAB>USER, one membership a line, for scripts. */
      for (guint i = 0; i < list->len; i++)
        printf ("%s\n", (const char *) g_ptr_array_index (list, i));
      return 0;
    }

  return complain (_("Usage: firebreak-server [--database PATH] user add NAME [--read-only] | "
                     "user list | user revoke NAME | user group-add GROUP NAME | "
                     "user group-remove GROUP NAME | user groups"));
}

/* A client that connects and leaves at once (a reset, or a connection
 * given up on while it waited in the queue) can make libsoup warn that
 * it cannot read the client's address: both warnings of that file are
 * that lookup. It is the client's doing, not a fault here, so it is
 * dropped, and never fatal whatever G_DEBUG says; every other warning
 * stays as it was. */
static gboolean
is_client_gone_warning (const char     *domain,
                        GLogLevelFlags  level,
                        const char     *message)
{
  return g_strcmp0 (domain, "libsoup") == 0 && (level & G_LOG_LEVEL_WARNING) != 0 &&
         message != NULL && strstr (message, "soup-server-connection.c:") != NULL;
}

static void
on_libsoup_log_cb (const char     *domain,
                   GLogLevelFlags  level,
                   const char     *message,
                   gpointer        user_data)
{
  if (!is_client_gone_warning (domain, level, message))
    g_log_default_handler (domain, level, message, user_data);
}

static gboolean
on_fatal_log_cb (const char     *domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        user_data)
{
  return !is_client_gone_warning (domain, level, message);
}

static gboolean
on_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbServerDb) db = NULL;
  g_autoptr(FbServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *uri = NULL;
  g_auto(GStrv) args = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("[user add NAME [--read-only] | user list | user revoke NAME | "
                                    "user group-add GROUP NAME | user group-remove GROUP NAME | user groups | "
                                    "fingerprint --tls-cert PEM | migrate --from DATABASE --to DATABASE]"));
  g_option_context_set_summary (context,
                                _("The Firebreak war-room sync server. Without a command it serves; "
                                  "the “user” commands manage the tokens that workstations present."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return complain (error->message);

  /* Needs the certificate only, not the database. */
  if (g_strcmp0 (args[1], "fingerprint") == 0 && args[2] == NULL)
    return print_fingerprint ();

  /* Opens two databases of its own. */
  if (g_strcmp0 (args[1], "migrate") == 0 && args[2] == NULL)
    return fb_server_migrate (opt_from, opt_to);

  if (opt_database == NULL)
    opt_database = default_database ();

  db = fb_server_db_open (opt_database, &error);
  if (db == NULL)
    return complain (error->message);

  if (args[1] != NULL)
    {
      if (g_strcmp0 (args[1], "user") != 0 || args[2] == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Unknown command “%s”; see --help."), args[1]);
          return complain (message);
        }
      return run_user_command (db, args + 2);
    }

  if ((opt_tls_cert == NULL) != (opt_tls_key == NULL))
    return complain (_("Give both --tls-cert and --tls-key, or neither."));

  if (opt_tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (opt_tls_cert, opt_tls_key, &error);
      if (certificate == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Cannot load the TLS certificate or key: %s"),
                                                      error->message);
          return complain (message);
        }
    }

  if (opt_max_connections < 1 || opt_heartbeat < 1)
    return complain (_("--max-connections and --heartbeat must be at least 1."));
  if (opt_push_rate < 0 || opt_push_burst < 1)
    return complain (_("--push-rate must be 0 or more, and --push-burst at least 1."));

  g_log_set_handler ("libsoup", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, on_libsoup_log_cb, NULL);
  g_test_log_set_fatal_handler (on_fatal_log_cb, NULL);

  /* A benchmark following a change through the server reads when it
   * passed each stage. */
  if (g_getenv ("FIREBREAK_PROBE_LOG") != NULL)
    fb_probe_write_to (g_getenv ("FIREBREAK_PROBE_LOG"));
  server = fb_server_new (g_steal_pointer (&db), certificate);
  fb_server_set_max_connections (server, (guint) opt_max_connections);
  fb_server_set_heartbeat (server, (guint) opt_heartbeat);
  fb_server_set_push_rate (server, (guint) opt_push_rate, (guint) opt_push_burst);
  fb_server_set_log_requests (server, !opt_quiet);
  fb_server_set_live_push (server, !opt_no_live_push);

  if (!fb_server_listen (server, opt_listen != NULL ? opt_listen : "127.0.0.1:8765", &error))
    return complain (error->message);

  /* The first line of standard output names the address actually bound,
   * so that whoever started us with port 0 can find it. */
  uri = fb_server_get_uri (server);
  printf ("listening on %s\n", uri);
  fflush (stdout);
  fprintf (stderr, _("firebreak-server %s: serving %s from “%s” (server id %s)\n"),
           PACKAGE_VERSION, uri, fb_server_db_get_path (fb_server_get_db (server)),
           fb_server_db_get_server_id (fb_server_get_db (server)));
  if (certificate != NULL)
    {
      g_autofree char *fingerprint = certificate_fingerprint (certificate);

      /* For the administrator to read out to the workstations, which show
       * the one they reached in Preferences, "Test Connection". */
      fprintf (stderr, _("firebreak-server: certificate fingerprint (SHA-256) %s\n"), fingerprint);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_main_loop_run (loop);

  fprintf (stderr, _("firebreak-server: stopped\n"));
  g_clear_object (&server);
  return 0;
}
