/* drill.c — firebreak-cli drill: check a scenario, run one, report on it
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scripted drill needs no facilitator at a screen: "drill run" declares
 * the drill incident and releases each inject at its drill time or on its
 * event, against a local file or a server the players sync with.
 */

#define G_LOG_DOMAIN "fb-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "drill.h"
#include "firebreak-core.h"
#include "fb-sync-client.h"

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

/* How long to wait at most between looks at the record, so that a step
 * done or a decision made by a player releases its inject promptly. */
#define POLL_MS 1000
/* Drill minutes after the last timed inject that a run waits for the
 * events the remaining injects need. */
#define GRACE_MINUTES 240

int fb_cli_drill_speed = 1;

static int
fail (int         status,
      const char *message)
{
  fprintf (stderr, "firebreak-cli: %s\n", message);
  return status;
}

/* A shipped scenario by id, or a file by path. */
static FbScenario *
load_scenario (const char *name,
               GError    **error)
{
  g_autoptr(GFile) file = NULL;

  if (!g_file_test (name, G_FILE_TEST_EXISTS) && strchr (name, '/') == NULL &&
      !g_str_has_suffix (name, ".json"))
    return fb_scenario_new_builtin (name, error);

  file = g_file_new_for_commandline_arg (name);
  return fb_scenario_new_from_file (file, error);
}

static int
cmd_check (char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbScenario) scenario = NULL;

  if (args[0] == NULL || args[1] != NULL)
    return fail (EXIT_USAGE, _("Name one scenario file: drill check FILE"));

  scenario = load_scenario (args[0], &error);
  if (scenario == NULL)
    return fail (EXIT_USAGE, error->message);

  printf (_("%s: %u injects, playbook %s\n"), args[0], fb_scenario_get_n_injects (scenario),
          fb_playbook_get_id (fb_scenario_get_playbook (scenario)));
  return EXIT_OK;
}

static gboolean
sync_now (FbSyncClient *client,
          const char   *server,
          GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (client == NULL || fb_sync_client_sync_once (client, &local_error))
    return TRUE;

  g_set_error (error, FB_ERROR, FB_ERROR_FAILED, _("Cannot sync with %s: %s"), server, local_error->message);
  return FALSE;
}

static gint64
last_timed_minute (FbScenario *scenario)
{
  gint64 last = 0;

  for (guint i = 0; i < fb_scenario_get_n_injects (scenario); i++)
    {
      const FbScenarioInject *inject = fb_scenario_get_inject (scenario, i);

      if (inject->trigger == FB_TRIGGER_AT)
        last = MAX (last, inject->minutes);
    }

  return last;
}

static int
cmd_run (char      **args,
         const char *database,
         const char *server,
         const char *token,
         const char *pin,
         const char *author)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbScenario) scenario = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbSyncClient) client = NULL;
  g_autofree char *path = NULL;
  g_autofree char *incident = NULL;
  gint64 started_at, give_up_at;
  guint n_out = 0;
  guint n_injects;

  if (args[0] == NULL || args[1] != NULL)
    return fail (EXIT_USAGE, _("Name one scenario: drill run SCENARIO [--speed N]"));
  if (fb_cli_drill_speed < 1 || fb_cli_drill_speed > FB_DRILL_MAX_SPEED)
    return fail (EXIT_USAGE, _("--speed must be from 1 to 6000 drill minutes a minute."));

  if (server != NULL && (token == NULL || token[0] == '\0'))
    return fail (EXIT_USAGE, _("--server needs a token: --token TOKEN or FIREBREAK_TOKEN."));

  scenario = load_scenario (args[0], &error);
  if (scenario == NULL)
    return fail (EXIT_USAGE, error->message);

  if (server != NULL)
    {
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, server, -1);
      g_autofree char *name = g_strdup_printf ("drill-%.16s.db", digest);
      g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "firebreak", NULL);

      g_mkdir_with_parents (dir, 0700);
      path = g_build_filename (dir, name, NULL);
    }
  else
    path = database != NULL ? g_strdup (database) : fb_store_default_path ();

  store = fb_store_open (path, FB_STORE_OPEN_CHECK_FULLY, &error);
  if (store == NULL)
    return fail (EXIT_FAILED, error->message);
  if (author != NULL)
    fb_store_set_author (store, author);

  if (server != NULL)
    client = fb_sync_client_new (store, server, token, pin);
  if (!sync_now (client, server, &error))
    return fail (EXIT_FAILED, error->message);

  incident = fb_drill_start (store, scenario, fb_cli_drill_speed, &error);
  if (incident == NULL || !sync_now (client, server, &error))
    return fail (EXIT_FAILED, error->message);

  printf ("%s\n", incident);
  fflush (stdout);

  fb_drill_get_start (store, incident, NULL, &started_at, NULL);
  give_up_at = started_at + (last_timed_minute (scenario) + GRACE_MINUTES) * 60000 / fb_cli_drill_speed;
  n_injects = fb_scenario_get_n_injects (scenario);

  while (n_out < n_injects)
    {
      gint64 next_due = 0, now, wait_ms;
      int n;

      n = fb_drill_release_due (store, incident, scenario, fb_cli_drill_speed, &next_due, &error);
      if (n < 0 || (n > 0 && !sync_now (client, server, &error)))
        return fail (EXIT_FAILED, error->message);

      if (n > 0)
        {
          g_autoptr(GPtrArray) released = fb_drill_list_released (store, incident);

          for (guint i = n_out; i < released->len; i++)
            {
              FbDrillRelease *release = g_ptr_array_index (released, i);

              printf (_("inject %s released at drill minute %d\n"), release->inject,
                      (int) ((release->released_at - started_at) * fb_cli_drill_speed / 60000));
            }
          n_out = released->len;
          fflush (stdout);
          continue;
        }

      now = fb_store_now_ms (store);
      if (now >= give_up_at)
        {
          fprintf (stderr, _("firebreak-cli: the drill ended with %u of %u injects released; "
                             "the others wait for events that did not happen\n"),
                   n_out, n_injects);
          break;
        }

      wait_ms = next_due > 0 ? MIN (next_due - now, POLL_MS) : POLL_MS;
      g_usleep ((gulong) MAX (wait_ms, 10) * 1000);
      if (!sync_now (client, server, &error))
        return fail (EXIT_FAILED, error->message);
    }

  return EXIT_OK;
}

static int
cmd_report (char      **args,
            const char *database,
            const char *format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbScenario) scenario = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autofree char *path = database != NULL ? g_strdup (database) : fb_store_default_path ();
  g_autofree char *scenario_id = NULL;
  g_autofree char *report = NULL;
  FbDrillReportFormat report_format;

  if (args[0] == NULL || (args[1] != NULL && args[2] != NULL))
    return fail (EXIT_USAGE, _("Name the drill incident: drill report INCIDENT [SCENARIO-FILE]"));
  if (format == NULL || g_str_equal (format, "markdown"))
    report_format = FB_DRILL_REPORT_MARKDOWN;
  else if (g_str_equal (format, "html"))
    report_format = FB_DRILL_REPORT_HTML;
  else
    return fail (EXIT_USAGE, _("A drill report is markdown or html."));

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return fail (EXIT_FAILED, _("There is no database there."));
  store = fb_store_open (path, FB_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail (EXIT_FAILED, error->message);

  if (!fb_drill_get_start (store, args[0], &scenario_id, NULL, NULL))
    return fail (EXIT_USAGE, _("That incident was not started from a drill scenario; "
                               "“firebreak-cli list” shows the incidents."));

  /* A scenario of one's own is named again; a shipped one is known by id. */
  scenario = args[1] != NULL ? load_scenario (args[1], &error) : fb_scenario_new_builtin (scenario_id, &error);
  if (scenario == NULL)
    return fail (EXIT_USAGE, error->message);

  report = fb_drill_report (store, args[0], scenario, report_format, &error);
  if (report == NULL)
    return fail (EXIT_FAILED, error->message);

  fputs (report, stdout);
  return EXIT_OK;
}

int
fb_cli_drill (char      **args,
              const char *database,
              const char *server,
              const char *token,
              const char *pin,
              const char *author,
              const char *format)
{
  if (args[0] != NULL && g_str_equal (args[0], "check"))
    return cmd_check (args + 1);
  if (args[0] != NULL && g_str_equal (args[0], "run"))
    return cmd_run (args + 1, database, server, token, pin, author);
  if (args[0] != NULL && g_str_equal (args[0], "report"))
    return cmd_report (args + 1, database, format);

  return fail (EXIT_USAGE, _("Use drill check FILE, drill run SCENARIO [--speed N] or drill report INCIDENT."));
}
