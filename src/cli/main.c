/* main.c — firebreak-cli: add to and read an incident record from a script
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Meant for a SIEM alert or a cron job as much as for a person: every
 * result goes to standard output one per line, every failure to standard
 * error in words, with a non-zero exit status.
 */

#define G_LOG_DOMAIN "fb-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "firebreak-core.h"
#include "fb-cli-resolve.h"
#include "fb-export.h"
#include "fb-sync-client.h"
#include "fb-sync-compare.h"
#include "drill.h"

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,   /* the command could not be carried out */
  EXIT_USAGE = 2,    /* the command line is wrong */
  EXIT_VERIFY = 3,   /* verify found the record altered or incomplete */
};

static char *opt_database = NULL;
static char *opt_server = NULL;
static char *opt_token = NULL;
static char *opt_pin = NULL;
static char *opt_title = NULL;
static char *opt_kind = NULL;
static char *opt_playbook = NULL;
static char *opt_at = NULL;
static char *opt_author = NULL;
static char *opt_format = NULL;
static char *opt_output = NULL;
static int opt_severity = 3;
static int opt_target = G_MININT;  /* G_MININT: not given, the playbook’s */
static gboolean opt_drill = FALSE;
static char *opt_rules = NULL;
static char *opt_expect = NULL;

/* verify --server: the server the record is compared with. */
static FbSyncClient *witness = NULL;
static char *opt_users = NULL;
static char *opt_groups = NULL;
static gboolean opt_visible = FALSE;
static gboolean opt_lift = FALSE;

static const GOptionEntry entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database,
    N_("Work on this database file (default: the app’s own)"), N_("PATH") },
  { "server", 's', 0, G_OPTION_ARG_STRING, &opt_server,
    N_("Work against this firebreak-server, e.g. https://warroom.example:8765"), N_("URL") },
  { "token", 't', 0, G_OPTION_ARG_STRING, &opt_token,
    N_("The server token (or set FIREBREAK_TOKEN, which other users cannot see)"), N_("TOKEN") },
  { "pin", 0, 0, G_OPTION_ARG_STRING, &opt_pin,
    N_("Trust only the server certificate with this SHA-256 fingerprint"), N_("SHA256") },
  { "title", 0, 0, G_OPTION_ARG_STRING, &opt_title,
    N_("create: the incident’s title"), N_("TEXT") },
  { "playbook", 'p', 0, G_OPTION_ARG_STRING, &opt_playbook,
    N_("create: the playbook whose kind and checklist the incident takes (default generic)"), N_("KIND") },
  { "kind", 'k', 0, G_OPTION_ARG_STRING, &opt_kind,
    N_("create: the playbook (default generic); post: the entry kind (default fact)"), N_("KIND") },
  { "severity", 0, 0, G_OPTION_ARG_INT, &opt_severity,
    N_("create: severity from 1 (highest) to 4 (default 3)"), N_("N") },
  { "target", 0, 0, G_OPTION_ARG_INT, &opt_target,
    N_("create: minutes from detection to containment (default: the playbook’s)"), N_("MINUTES") },
  { "drill", 0, 0, G_OPTION_ARG_NONE, &opt_drill,
    N_("create: mark the incident as a drill"), NULL },
  { "rules", 0, 0, G_OPTION_ARG_STRING, &opt_rules,
    N_("create: the rules that apply, from personal-data, eu-people, nis2-entity and improper-purpose"),
    N_("LIST") },
  { "at", 0, 0, G_OPTION_ARG_STRING, &opt_at,
    N_("create: when it was detected; post: when it happened (ISO 8601, default now)"), N_("TIME") },
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    N_("export: markdown, html, json or csv (default markdown)"), N_("FORMAT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("export: write to this file instead of standard output"), N_("FILE") },
  { "expect", 0, 0, G_OPTION_ARG_STRING, &opt_expect,
    N_("verify: whether the record still contains this state: a digest from a report or export, "
       "or the heads printed beside it"), N_("DIGEST") },
  { "users", 0, 0, G_OPTION_ARG_STRING, &opt_users,
    N_("With “restrict”: the server’s users who may see the incident, separated by commas"), N_("LIST") },
  { "groups", 0, 0, G_OPTION_ARG_STRING, &opt_groups,
    N_("With “restrict”: the server’s groups who may see the incident, separated by commas"), N_("LIST") },
  { "visible", 0, 0, G_OPTION_ARG_NONE, &opt_visible,
    N_("With “restrict”: others may know that a restricted incident exists"), NULL },
  { "lift", 0, 0, G_OPTION_ARG_NONE, &opt_lift,
    N_("With “restrict”: lift the restriction"), NULL },
  { "speed", 0, 0, G_OPTION_ARG_INT, &fb_cli_drill_speed,
    N_("drill run: drill minutes per real minute (default 1)"), N_("N") },
  { "author", 0, 0, G_OPTION_ARG_STRING, &opt_author,
    N_("The name recorded as author (default: the name set in Firebreak’s Preferences, else yours)"), N_("NAME") },
  { NULL }
};

/* Results wait here until the command is complete (with a server: until
 * the server has the change), so a script never reads an id that did not
 * make it. */
static GString *output;

static void
emit (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
emit (const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (output, format, args);
  va_end (args);
}

static int
complain (int         status,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static int
complain (int         status,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "firebreak-cli: %s\n", message);
  return status;
}

static gboolean
parse_time (const char *str,
            gint64     *ms)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  when = g_date_time_new_from_iso8601 (str, local);
  if (when == NULL)
    return FALSE;

  *ms = g_date_time_to_unix (when) * 1000 + g_date_time_get_microsecond (when) / 1000;
  return TRUE;
}

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

/* An incident may be named by its id or by the start of it, as long as
 * only one incident starts that way. */
static char *
find_incident (FbStore    *store,
               const char *name,
               GError    **error)
{
  return fb_store_find_incident (store, name, error);
}

/* Commands --------------------------------------------------------------- */

/* A kind the library does not know is refused with the ones it does, so
 * whoever wrote the script can pick the right one. */
static FbPlaybook *
find_playbook (FbPlaybookLibrary *library,
               const char        *kind,
               GError           **error)
{
  g_autoptr(GString) known = g_string_new (NULL);
  FbPlaybook *playbook = fb_playbook_library_lookup (library, kind);
  guint n;

  if (playbook != NULL)
    return playbook;

  n = g_list_model_get_n_items (G_LIST_MODEL (library));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbPlaybook) each = g_list_model_get_item (G_LIST_MODEL (library), i);

      g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", fb_playbook_get_id (each));
    }

  g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
               _("There is no playbook “%s”; use one of: %s."), kind, known->str);
  return NULL;
}

/* "personal-data,improper-purpose" into the answers of "Which rules apply?". */
static gboolean
parse_rules (const char      *list,
             FbDeadlineRules *answers)
{
  g_auto(GStrv) names = g_strsplit (list, ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      if (g_str_equal (name, "personal-data"))
        answers->personal_data = TRUE;
      else if (g_str_equal (name, "eu-people"))
        answers->eu_people = TRUE;
      else if (g_str_equal (name, "nis2-entity"))
        answers->nis2_entity = TRUE;
      else if (g_str_equal (name, "improper-purpose"))
        answers->improper_purpose = TRUE;
      else if (name[0] != '\0')
        return FALSE;
    }

  return TRUE;
}

static int
cmd_create (FbStore *store,
            char   **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbPlaybookLibrary) library = NULL;
  g_autofree char *id = NULL;
  FbIncidentPlan plan = { 0 };
  const char *kind;

  if (args[0] != NULL)
    return complain (EXIT_USAGE, _("“create” takes no words, only options: create --title TEXT"));
  if (opt_title == NULL || opt_title[0] == '\0')
    return complain (EXIT_USAGE, _("Give the incident a title: create --title TEXT"));
  if (opt_severity < FB_OP_MIN_SEVERITY || opt_severity > FB_OP_MAX_SEVERITY)
    return complain (EXIT_USAGE, _("--severity must be 1, 2, 3 or 4."));
  if (opt_target != G_MININT && (opt_target < FB_OP_MIN_TARGET_MIN || opt_target > FB_OP_MAX_TARGET_MIN))
    return complain (EXIT_USAGE, _("--target must be a number of minutes from %d to %d."),
                     FB_OP_MIN_TARGET_MIN, FB_OP_MAX_TARGET_MIN);
  if (opt_playbook != NULL && opt_kind != NULL && !g_str_equal (opt_playbook, opt_kind))
    return complain (EXIT_USAGE, _("Give --playbook or --kind, not both."));
  if (opt_at != NULL && !parse_time (opt_at, &plan.detected_at))
    return complain (EXIT_USAGE, _("“%s” is not a time; use ISO 8601, e.g. 2026-03-01T14:05:00+09:00"), opt_at);

  if (opt_rules != NULL && !parse_rules (opt_rules, &plan.rules))
    return complain (EXIT_USAGE, _("--rules takes personal-data, eu-people, nis2-entity and improper-purpose, "
                                   "separated by commas."));

  /* --kind is the older name of --playbook, kept for scripts that use it. */
  kind = opt_playbook != NULL ? opt_playbook : opt_kind != NULL ? opt_kind : "generic";
  library = fb_playbook_library_new ();
  plan.playbook = find_playbook (library, kind, &error);
  if (plan.playbook == NULL)
    return complain (EXIT_USAGE, "%s", error->message);

  /* The playbook says what it starts: a standing checklist makes a
   * readiness review, which has no clock to set. */
  if (fb_playbook_get_record (plan.playbook) == FB_RECORD_READINESS)
    {
      if (opt_target != G_MININT || opt_rules != NULL || opt_drill || opt_at != NULL)
        return complain (EXIT_USAGE, _("A readiness review runs no clock: leave out --target, --rules, "
                                       "--drill and --at."));
      id = fb_store_start_review (store, opt_title, plan.playbook, &error);
      if (id == NULL)
        return complain (EXIT_FAILED, _("Cannot start the readiness review: %s"), error->message);
      emit ("%s\n", id);
      return EXIT_OK;
    }

  plan.title = opt_title;
  plan.severity = opt_severity;
  plan.containment_target_min = opt_target != G_MININT ? opt_target : 0;
  plan.drill = opt_drill;

  id = fb_store_declare_incident (store, &plan, &error);
  if (id == NULL)
    return complain (EXIT_FAILED, _("Cannot create the incident: %s"), error->message);

  emit ("%s\n", id);
  return EXIT_OK;
}

static int
cmd_post (FbStore *store,
          char   **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  FbEntryKind kind = FB_ENTRY_FACT;
  gint64 occurred = 0;

  if (args[0] == NULL || args[1] == NULL)
    return complain (EXIT_USAGE, _("Usage: post INCIDENT [--kind KIND] [--at TIME] TEXT"));

  if (opt_kind != NULL && (!fb_entry_kind_from_string (opt_kind, &kind) || kind == FB_ENTRY_SYSTEM))
    return complain (EXIT_USAGE, _("“%s” is not an entry kind; use fact, decision, action, escalation, "
                                   "communication, evidence or note."), opt_kind);
  if (opt_at != NULL && !parse_time (opt_at, &occurred))
    return complain (EXIT_USAGE, _("“%s” is not a time; use ISO 8601, e.g. 2026-03-01T14:05:00+09:00"), opt_at);

  text = g_strjoinv (" ", args + 1);
  if (!g_utf8_validate (text, -1, NULL))
    return complain (EXIT_USAGE, _("The text is not valid UTF-8."));

  incident = find_incident (store, args[0], &error);
  if (incident == NULL)
    return complain (EXIT_FAILED, "%s", error->message);

  id = fb_store_add_entry (store, incident, kind, text, occurred, NULL, NULL, &error);
  if (id == NULL)
    return complain (EXIT_FAILED, _("Cannot post the entry: %s"), error->message);

  emit ("%s\n", id);
  return EXIT_OK;
}

static GStrv
split_names (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list != NULL ? list : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_strstrip (parts[i])[0] != '\0')
      g_strv_builder_add (builder, parts[i]);

  return g_strv_builder_end (builder);
}

static int
cmd_restrict (FbStore *store,
              char   **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *self = NULL;
  g_auto(GStrv) self_groups = NULL;
  g_auto(GStrv) users = split_names (opt_users);
  g_auto(GStrv) groups = split_names (opt_groups);
  g_autoptr(FbRestriction) restriction = NULL;

  if (args[0] == NULL || args[1] != NULL || (opt_lift && (users[0] != NULL || groups[0] != NULL)))
    return complain (EXIT_USAGE, _("Usage: restrict INCIDENT --users LIST [--groups LIST] [--visible] | "
                                   "restrict INCIDENT --lift"));

  incident = find_incident (store, args[0], &error);
  if (incident == NULL)
    return complain (EXIT_FAILED, "%s", error->message);

  restriction = fb_restriction_new (!opt_lift, (const char * const *) users, (const char * const *) groups,
                                    opt_visible);
  self = fb_store_get_sync_user (store, &self_groups);
  if (!fb_store_restrict_incident (store, incident, restriction, self,
                                   (const char * const *) self_groups, &error))
    return complain (EXIT_FAILED, _("Cannot restrict the incident: %s"), error->message);

  return EXIT_OK;
}

static int
cmd_list (FbStore *store,
          char   **args)
{
  g_autoptr(GListModel) incidents = NULL;

  if (args[0] != NULL)
    return complain (EXIT_USAGE, _("“list” takes no arguments."));

  incidents = fb_store_list_incidents (store, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (incidents); i++)
    {
      g_autoptr(FbIncident) incident = g_list_model_get_item (incidents, i);
      g_autofree char *detected = format_time (fb_incident_get_detected_at (incident));

      g_autofree char *severity = g_strdup_printf ("S%d", fb_incident_get_severity (incident));

      /* Scripts read these columns: wire names, not translated words. A
       * review has no severity; its record type stands in that column. */
      emit ("%s\t%s\t%s\t%s\t%s%s\n",
              fb_incident_get_id (incident), detected,
              fb_incident_is_review (incident) ? "review" : severity,
              fb_status_to_string (fb_incident_get_status (incident)),
              fb_incident_get_title (incident),
              fb_incident_get_drill (incident) ? " [drill]" : "");
    }

  return EXIT_OK;
}

static int
cmd_entries (FbStore *store,
             char   **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autofree char *incident = NULL;

  if (args[0] == NULL || args[1] != NULL)
    return complain (EXIT_USAGE, _("Usage: entries INCIDENT"));

  incident = find_incident (store, args[0], &error);
  if (incident == NULL)
    return complain (EXIT_FAILED, "%s", error->message);

  list = fb_store_list_entries_where (store, incident, (1u << FB_N_ENTRY_KINDS) - 1, FALSE, 0);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (list, i);
      g_autofree char *when = format_time (fb_entry_get_occurred_at (entry));

      emit ("%s\t%s\t%s\t%s\t%s\n", when,
              fb_entry_kind_to_string (fb_entry_get_kind (entry)),
              fb_entry_get_author (entry), fb_entry_get_id (entry),
              fb_entry_get_text (entry));
    }

  return EXIT_OK;
}

/* The server is the witness this computer cannot change. */
static int
compare_with_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbComparison) comparison = fb_sync_client_compare (witness, &error);
  int status = EXIT_OK;

  if (comparison == NULL)
    return complain (EXIT_FAILED, _("Cannot compare the record with %s: %s"), opt_server, error->message);

  for (guint i = 0; i < comparison->findings->len; i++)
    {
      const FbCompareFinding *finding = g_ptr_array_index (comparison->findings, i);

      if (finding->kind == FB_COMPARE_MISSING || finding->kind == FB_COMPARE_DIFFERENT)
        status = complain (EXIT_VERIFY, "%s", finding->text);
      else
        emit ("%s\n", finding->text);
    }

  if (comparison->intact)
    emit (_("The server %s holds nothing this record lost, and no change differs (devices: %u; "
            "state there: %s).\n"),
          opt_server, comparison->n_devices, comparison->server_digest);
  return status;
}

static int
cmd_verify (FbStore *store,
            char   **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbVerification) result = NULL;
  g_autoptr(FbRecordState) state = NULL;
  g_autofree char *incident = NULL;
  int status = EXIT_OK;

  if (args[0] != NULL && args[1] != NULL)
    return complain (EXIT_USAGE, _("Usage: verify [INCIDENT]"));

  if (args[0] != NULL && (incident = find_incident (store, args[0], &error)) == NULL)
    return complain (EXIT_FAILED, "%s", error->message);

  result = fb_store_verify (store, incident, &error);
  if (result == NULL)
    return complain (EXIT_FAILED, _("Cannot check the record: %s"), error->message);

  if (result->problem != NULL)
    status = complain (EXIT_VERIFY, _("The record does not hold: %s"), result->problem);
  else
    /* Counts as labels, so that one and many read alike in every language. */
    emit (_("The record holds. Changes: %u; devices: %u; entries: %u; digest: %s\n"),
            result->n_ops, result->n_devices, result->n_entries, result->digest);

  state = fb_store_get_state (store, &error);
  if (state == NULL)
    return complain (EXIT_FAILED, _("Cannot check the record: %s"), error->message);
  emit (_("State of the record: %s\n"), state->digest);

  if (opt_expect != NULL)
    {
      g_autofree char *explanation = NULL;
      FbStateAnswer answer;

      if (!fb_store_check_state (store, opt_expect, &answer, &explanation, &error))
        return complain (error->domain == FB_ERROR && error->code == FB_ERROR_INVALID ? EXIT_USAGE : EXIT_FAILED,
                         "%s", error->message);
      if (answer == FB_STATE_HELD)
        emit ("%s\n", explanation);
      else
        status = complain (EXIT_VERIFY, "%s", explanation);
    }

  if (witness != NULL)
    status = MAX (status, compare_with_server ());

  /* What held is worth reading beside what did not. */
  if (status != EXIT_OK)
    {
      fputs (output->str, stderr);
      g_string_truncate (output, 0);
    }

  return status;
}

static int
cmd_export (FbStore *store,
            char   **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *incident = NULL;
  FbExportFormat format = FB_EXPORT_MARKDOWN;

  if (args[0] == NULL || args[1] != NULL)
    return complain (EXIT_USAGE, _("Usage: export INCIDENT [--format markdown|html|json|csv] [--output FILE]"));

  if (opt_format != NULL && !fb_export_format_from_string (opt_format, &format))
    return complain (EXIT_USAGE, _("Unknown format “%s”; use markdown, html, json or csv."), opt_format);

  if ((incident = find_incident (store, args[0], &error)) == NULL)
    return complain (EXIT_FAILED, "%s", error->message);

  /* Written as it is made: a long incident's export is larger than the
   * memory it may take. A file is replaced only once it is whole. */
  if (opt_output == NULL)
    {
      stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      if (!fb_export_incident_to_stream (store, incident, format, stream, NULL, &error))
        return complain (EXIT_FAILED, _("Cannot export the incident: %s"), error->message);
      return EXIT_OK;
    }

  file = g_file_new_for_commandline_arg (opt_output);
  stream = fb_progress_replace_file (NULL, file, &error);
  if (stream == NULL)
    return complain (EXIT_FAILED, _("Cannot write “%s”: %s"), opt_output, error->message);

  if (!fb_export_incident_to_stream (store, incident, format, stream, NULL, &error))
    {
      fb_progress_close_file (NULL, file, stream, FALSE, NULL);
      return complain (EXIT_FAILED, _("Cannot export the incident: %s"), error->message);
    }
  if (!fb_progress_close_file (NULL, file, stream, TRUE, &error))
    return complain (EXIT_FAILED, _("Cannot write “%s”: %s"), opt_output, error->message);

  emit ("%s\n", opt_output);
  return EXIT_OK;
}

static int
cmd_import (FbStore *store,
            char   **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *incident = NULL;
  guint n = 0;

  if (args[0] == NULL || args[1] != NULL)
    return complain (EXIT_USAGE, _("Usage: import FILE"));

  /* Read a chunk at a time: an export may be larger than memory. */
  file = g_file_new_for_commandline_arg (args[0]);
  if (!fb_import_incident_file (store, file, &incident, &n, &error))
    {
      if (error->domain == G_IO_ERROR)
        return complain (EXIT_FAILED, _("Cannot read “%s”: %s"), args[0], error->message);
      return complain (EXIT_FAILED, "%s", error->message);
    }

  emit ("%s\t%u\n", incident, n);
  return EXIT_OK;
}

typedef int (*Command) (FbStore *store, char **args);

static const struct
{
  const char *name;
  Command     run;
  gboolean    writes;
} commands[] = {
  { "create", cmd_create, TRUE },
  { "post", cmd_post, TRUE },
  { "restrict", cmd_restrict, TRUE },
  { "list", cmd_list, FALSE },
  { "entries", cmd_entries, FALSE },
  { "verify", cmd_verify, FALSE },
  { "export", cmd_export, FALSE },
  { "import", cmd_import, TRUE },
};

/* Against a server ------------------------------------------------------- */

/* Each server gets its own local copy in the cache, kept between runs so
 * that a second post does not pull the whole record again. Two scripts
 * running at once take turns on it. */
static char *
cache_path_for (const char *url)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  g_autofree char *name = g_strdup_printf ("cli-%.16s.db", digest);

  return g_build_filename (g_get_user_cache_dir (), "firebreak", name, NULL);
}

/* With @wait FALSE, -1 when another process holds the cache. */
static int
lock_cache (const char *path,
            gboolean    wait)
{
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  g_mkdir_with_parents (dir, 0700);
  fd = g_open (lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0 && flock (fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      fd = -1;
    }

  return fd;
}

/* Which server each cache follows, by its identity: the address a script
 * writes may change (a trailing slash, localhost for 127.0.0.1) while the
 * server stays the same. */
static char *
servers_file (void)
{
  return g_build_filename (g_get_user_cache_dir (), "firebreak", "cli-servers.ini", NULL);
}

static void
remember_server (const char *cache,
                 const char *server_id)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = servers_file ();
  g_autofree char *name = g_path_get_basename (cache);
  g_autofree char *known = NULL;

  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL);
  known = g_key_file_get_string (file, "caches", name, NULL);
  if (g_strcmp0 (known, server_id) == 0)
    return;

  g_key_file_set_string (file, "caches", name, server_id);
  /* Lost to another process writing at the same moment, it is written
   * again on the next run. */
  g_key_file_save_to_file (file, path, NULL);
}

/* Sends what the caches of other addresses of the same server kept for
 * later, which would otherwise wait for a script to write the address
 * exactly as before. */
static int
send_kept_elsewhere (const char *cache,
                     const char *server_id,
                     const char *token,
                     guint      *n_sent)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = servers_file ();
  g_autofree char *own = g_path_get_basename (cache);
  g_autofree char *dir = g_path_get_dirname (cache);
  g_auto(GStrv) names = NULL;
  int status = EXIT_OK;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return EXIT_OK;
  names = g_key_file_get_keys (file, "caches", NULL, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *id = g_key_file_get_string (file, "caches", names[i], NULL);
      g_autofree char *other = g_build_filename (dir, names[i], NULL);
      g_autoptr(FbStore) store = NULL;
      g_autoptr(FbSyncClient) client = NULL;
      g_autoptr(GError) error = NULL;
      int lock_fd;

      if (g_str_equal (names[i], own) || g_strcmp0 (id, server_id) != 0 ||
          !g_file_test (other, G_FILE_TEST_EXISTS))
        continue;

      /* One that another run holds is sent by that run; waiting for it
       * could wait for a run that waits for ours. */
      lock_fd = lock_cache (other, FALSE);
      if (lock_fd < 0)
        continue;

      store = fb_store_open (other, FB_STORE_OPEN_DEFAULT, &error);
      if (store != NULL && fb_store_count_outbox (store) > 0)
        {
          client = fb_sync_client_new (store, opt_server, token, opt_pin);
          if (fb_sync_client_sync_once (client, &error))
            (*n_sent)++;
        }
      if (error != NULL)
        status = complain (EXIT_FAILED,
                           _("Cannot send the changes kept for this server in “%s”: %s"),
                           other, error->message);
      g_clear_object (&client);
      g_clear_object (&store);
      close (lock_fd);
    }

  return status;
}

static int
sync_with_server (FbSyncClient *client,
                  gboolean      after)
{
  g_autoptr(GError) error = NULL;

  if (fb_sync_client_sync_once (client, &error))
    return EXIT_OK;

  if (after)
    return complain (EXIT_FAILED,
                     _("Cannot sync with %s after the command (the change is kept here and sent again next time): %s"),
                     opt_server, error->message);
  return complain (EXIT_FAILED, _("Cannot sync with %s before the command: %s"), opt_server, error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbSyncClient) client = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *path = NULL;
  const char *token;
  Command run = NULL;
  gboolean writes = FALSE;
  gboolean compare;
  int status;
  int lock_fd = -1;
  guint n_sent = 0;

  setlocale (LC_ALL, "");
  /* Run from the build folder, the translations are there. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FIREBREAK_LOCALEDIR") != NULL ? g_getenv ("FIREBREAK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARGUMENTS]"));
  g_option_context_set_summary (context,
                                _("Add to and read Firebreak incident records from scripts.\n\n"
                                  "Commands:\n"
                                  "  create --title TEXT [--playbook KIND] [--target MINUTES] [--rules LIST] [--severity N] [--drill] [--at TIME]\n"
                                  "  post INCIDENT [--kind KIND] [--at TIME] TEXT\n"
                                  "  list\n"
                                  "  entries INCIDENT\n"
                                  "  verify [INCIDENT] [--expect DIGEST|HEADS] [--server URL]\n"
                                  "  restrict INCIDENT --users LIST [--groups LIST] [--visible] | restrict INCIDENT --lift\n"
                                  "  export INCIDENT [--format markdown|html|json|csv] [--output FILE]\n"
                                  "  import FILE"));
  g_option_context_set_description (context,
                                    _("A playbook that is a standing checklist, such as “preparation”, "
                                      "starts a readiness review instead of an incident; list shows "
                                      "“review” where an incident’s severity is.\n\n"
                                      "Exit status: 0 done, 1 failed, 2 wrong usage, 3 the record "
                                      "does not verify."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return complain (EXIT_USAGE, "%s", error->message);

  if (args[1] == NULL)
    return complain (EXIT_USAGE, _("Name a command: create, post, list, entries, verify, restrict, export or import (see --help)."));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (args[1], commands[i].name))
      {
        run = commands[i].run;
        writes = commands[i].writes;
      }

  if (run == NULL && !g_str_equal (args[1], "drill"))
    return complain (EXIT_USAGE, _("Unknown command “%s”; use create, post, list, entries, verify, restrict, export or import."), args[1]);

  token = opt_token != NULL ? opt_token : g_getenv ("FIREBREAK_TOKEN");
  if (g_str_equal (args[1], "drill"))
    return fb_cli_drill (args + 2, opt_database, opt_server, token, opt_pin, opt_author, opt_format);

  /* verify --server compares this computer's record with the server's;
   * every other command works in a copy of the server's. */
  compare = run == cmd_verify && opt_server != NULL;
  if (opt_expect != NULL && run != cmd_verify)
    return complain (EXIT_USAGE, _("--expect goes with verify only."));
  if (opt_server != NULL && opt_database != NULL && !compare)
    return complain (EXIT_USAGE, _("Give --database or --server, not both."));
  if (opt_server != NULL && (token == NULL || token[0] == '\0'))
    return complain (EXIT_USAGE, _("--server needs a token: --token TOKEN or FIREBREAK_TOKEN."));
  if (opt_server != NULL && !g_str_has_prefix (opt_server, "http://") && !g_str_has_prefix (opt_server, "https://"))
    return complain (EXIT_USAGE, _("“%s” is not a server address; use one such as https://warroom.example:8765"),
                     opt_server);

  if (opt_server != NULL && !compare)
    {
      path = cache_path_for (opt_server);
      lock_fd = lock_cache (path, TRUE);
    }
  else
    path = opt_database != NULL ? g_strdup (opt_database) : fb_store_default_path ();

  if (!writes && (opt_server == NULL || compare) && !g_file_test (path, G_FILE_TEST_EXISTS))
    return complain (EXIT_FAILED, _("There is no database at “%s”."), path);

  /* A command that writes reads the file whole once, with the check that
   * also compares every index with its table: nothing is written into a
   * damaged file. One that only reads takes the quicker check of every
   * page. */
  store = fb_store_open (path, writes ? FB_STORE_OPEN_CHECK_FULLY : FB_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return complain (EXIT_FAILED, "%s", error->message);

  output = g_string_new (NULL);

  {
    g_autofree char *author = opt_author != NULL ? g_strdup (opt_author) : fb_cli_default_author ();

    if (author != NULL)
      fb_store_set_author (store, author);
  }

  if (compare)
    witness = fb_sync_client_new (store, opt_server, token, opt_pin);
  else if (opt_server != NULL)
    {
      client = fb_sync_client_new (store, opt_server, token, opt_pin);
      status = sync_with_server (client, FALSE);
      if (status != EXIT_OK)
        goto out;

      remember_server (path, fb_sync_client_get_server_id (client));
      status = send_kept_elsewhere (path, fb_sync_client_get_server_id (client), token, &n_sent);
      /* The command reads what was just sent from the other caches. */
      if (status == EXIT_OK && n_sent > 0)
        status = sync_with_server (client, FALSE);
      if (status != EXIT_OK)
        goto out;
    }

  status = run (store, args + 2);

  /* Not done until the server has it: a script must not believe a fact
   * was recorded for everyone when it sits only in our cache. */
  if (status == EXIT_OK && client != NULL && writes)
    status = sync_with_server (client, TRUE);

out:
  if (status == EXIT_OK)
    fputs (output->str, stdout);
  g_string_free (output, TRUE);
  g_clear_object (&client);
  g_clear_object (&witness);
  g_clear_object (&store);
  if (lock_fd >= 0)
    close (lock_fd);

  return status;
}
