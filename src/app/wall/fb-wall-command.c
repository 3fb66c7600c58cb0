/* fb-wall-command.c — who commands, on the wall display
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command panel's lines, each concern in a function of its own called
 * in turn by _fb_wall_command_update (), in the order the room reads: the
 * commander, a handover offered and waiting to be accepted or else the last
 * handover of command as the record holds it, the other roles, and the
 * workers. A new concern of command is one more such function, called
 * there.
 *
 * The workers past the on-duty limit and the pairs (_fb_wall_duty_update ())
 * and the operational period with its objectives (_fb_wall_period_update ())
 * are panels of their own: in one panel with the rest of command they would
 * outgrow a page, and the board pages panels, not lines.
 */

#define G_LOG_DOMAIN "fb-wall"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-board-shift-private.h"
#include "fb-store-handover.h"
#include "fb-wall-private.h"

/* How far back the last handover is looked for among system entries. */
#define N_SYSTEM_SCANNED 500

#define MINUTE_MS G_GINT64_CONSTANT (60000)

/* The objectives of the period, at most this many lines of them. */
#define N_OBJECTIVE_LINES 4

static void
add_line (GtkBox     *rows,
          const char *text,
          const char *detail,
          const char *css_class)
{
  GtkWidget *row = _fb_wall_row_new (text, detail, NULL);

  if (css_class != NULL)
    gtk_widget_add_css_class (row, css_class);
  gtk_box_append (rows, row);
}

static void
add_commander (GtkBox     *rows,
               FbStore    *store,
               const char *incident)
{
  g_autoptr(FbRole) commander = fb_store_get_role (store, incident, "commander");
  const char *person = commander != NULL ? fb_role_get_person (commander) : NULL;

  if (person == NULL || person[0] == '\0')
    {
      add_line (rows, _("Nobody commands this incident"), fb_role_get_label ("commander"), "warning");
      return;
    }
  add_line (rows, person, fb_role_get_label ("commander"), "wall-commander");
}

/* Until it is accepted on the incoming commander's own workstation, the
 * room must see that command is about to change hands, and who still holds
 * it. Returns whether an offer waits. */
static gboolean
add_offered_handover (GtkBox     *rows,
                      FbContext  *context,
                      const char *incident)
{
  g_autoptr(FbHandover) offered = fb_store_get_offered_handover (fb_context_get_store (context), incident);
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *at = NULL;
  const char *outgoing;

  if (offered == NULL)
    return FALSE;

  at = fb_context_format_time (context, fb_handover_get_offered_at (offered));
  outgoing = fb_handover_get_outgoing (offered);
  /* Translators: %s is the incoming commander's name */
  text = g_strdup_printf (_("Handover offered to %s — waiting for acceptance"), fb_handover_get_incoming (offered));
  if (outgoing[0] != '\0')
    /* Translators: on the wall display: when a handover was offered, and the commander who keeps command until
     * it is accepted */
    detail = g_strdup_printf (_("Offered at %s · %s stays in command until then"), at, outgoing);
  else
    /* Translators: on the wall display: when a handover was offered */
    detail = g_strdup_printf (_("Offered at %s"), at);
  add_line (rows, text, detail, "wall-offered");
  return TRUE;
}

/* The latest handover, as recorded: who took command from whom, and when. */
static void
add_last_handover (GtkBox     *rows,
                   FbContext  *context,
                   const char *incident)
{
  g_autoptr(GListModel) entries = fb_store_list_entries_where (fb_context_get_store (context), incident,
                                                               1u << FB_ENTRY_SYSTEM, FALSE, N_SYSTEM_SCANNED);

  for (guint i = g_list_model_get_n_items (entries); i > 0; i--)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i - 1);
      g_autoptr(JsonObject) data = fb_entry_dup_data_object (entry);
      g_autofree char *text = NULL;
      g_autofree char *when = NULL;
      const char *from, *to;

      if (data == NULL || g_strcmp0 (fb_entry_data_get_string (data, "event"), "handover") != 0)
        continue;

      from = fb_entry_data_get_string (data, "from");
      to = fb_entry_data_get_string (data, "to");
      if (from != NULL && from[0] != '\0')
        text = g_strdup_printf (_("Command handed over from %s to %s"), from, to != NULL ? to : "");
      else
        text = g_strdup_printf (_("Command taken by %s"), to != NULL ? to : "");
      when = fb_context_format_time_full (context, fb_entry_get_occurred_at (entry));
      add_line (rows, text, when, "wall-handover");
      return;
    }
}

static void
add_roles (GtkBox     *rows,
           GListModel *roles)
{
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(FbRole) role = g_list_model_get_item (roles, i);

      if (g_str_equal (fb_role_get_role (role), "commander") || fb_role_get_person (role)[0] == '\0')
        continue;
      add_line (rows, fb_role_get_person (role), fb_role_get_label (fb_role_get_role (role)), NULL);
    }
}

/* A warning for each worker on duty longer than the incident allows, longest
 * first: tired people make mistakes, and the room should see it. */
static void
add_tired_workers (GtkBox     *rows,
                   FbContext  *context,
                   const char *incident,
                   gint64      now)
{
  g_autoptr(GListModel) tired = fb_store_list_tired_workers (fb_context_get_store (context), incident, now);

  for (guint i = 0; i < g_list_model_get_n_items (tired); i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (tired, i);
      gint64 minutes = (now - fb_worker_get_on_duty_since (worker)) / MINUTE_MS;
      g_autofree char *hours = NULL;
      g_autofree char *text = NULL;

      /* TRANSLATORS: a length of time in hours and minutes, for example "3 h 05 min" */
      hours = g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
      /* TRANSLATORS: a worker's name and how long they have been on duty */
      text = g_strdup_printf (_("%s has been on duty for %s"), fb_worker_get_person (worker), hours);
      add_line (rows, text, _("On duty longer than the incident allows"), "warning");
    }
}

/* Each pair once, whichever of the two the record names the other from. */
static void
add_pairs (GtkBox      *rows,
           FbStore     *store,
           const char  *incident,
           GListModel  *workers)
{
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < g_list_model_get_n_items (workers); i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (workers, i);
      const char *pair = fb_worker_get_pair (worker);
      g_autoptr(FbWorker) other = NULL;
      g_autofree char *text = NULL;

      if (pair == NULL || pair[0] == '\0' || g_hash_table_contains (shown, fb_worker_get_id (worker)))
        continue;
      other = fb_store_get_worker (store, incident, pair);
      if (other == NULL)
        continue;
      g_hash_table_add (shown, (char *) fb_worker_get_id (worker));
      g_hash_table_add (shown, (char *) pair);
      /* Translators: on the wall display: two workers who work as a pair */
      text = g_strdup_printf (C_("pair of workers", "%s and %s"), fb_worker_get_person (worker),
                              fb_worker_get_person (other));
      add_line (rows, text, _("Pair"), NULL);
    }
}

/* When the lines change with time alone: the next worker to pass the
 * on-duty limit, or the next minute of a warning's count; 0 for never. */
static gint64
get_next_change (FbStore    *store,
                 const char *incident,
                 GListModel *workers,
                 gint64      now)
{
  int limit = fb_store_get_duty_limit (store, incident);
  gint64 next = 0;

  for (guint i = 0; i < g_list_model_get_n_items (workers); i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (workers, i);
      gint64 limit_at = fb_worker_get_duty_limit_at (worker, limit);
      gint64 at;

      if (limit_at <= 0)
        continue;
      if (limit_at > now)
        at = limit_at;
      else
        at = now + MINUTE_MS - (now - fb_worker_get_on_duty_since (worker)) % MINUTE_MS;
      next = next == 0 ? at : MIN (next, at);
    }
  return next;
}

static void
add_workers (GtkBox     *rows,
             GListModel *workers)
{
  g_autofree char *shifts = _fb_board_format_shifts (workers);

  if (shifts != NULL)
    add_line (rows, shifts, _("Workers"), NULL);
}

void
_fb_wall_command_update (FbIncidentPage *page,
                         GtkBox         *rows)
{
  FbContext *context = fb_incident_page_get_context (page);
  FbStore *store = fb_context_get_store (context);
  const char *incident = fb_incident_page_get_incident (page);
  g_autoptr(GListModel) roles = NULL;
  g_autoptr(GListModel) workers = NULL;

  _fb_wall_clear_box (rows);
  if (incident == NULL)
    return;

  roles = fb_store_list_roles (store, incident);
  workers = fb_store_list_workers (store, incident);

  add_commander (rows, store, incident);
  /* While an offer waits, it is the news about command, not the last one. */
  if (!add_offered_handover (rows, context, incident))
    add_last_handover (rows, context, incident);
  add_roles (rows, roles);
  add_workers (rows, workers);
}

/**
 * _fb_wall_duty_update:
 *
 * Fills @rows with the workers past the on-duty limit and the pairs; the
 * panel shows only when there are some.
 *
 * Returns: the time the lines change without a change to the record (a
 *   worker passes the on-duty limit), 0 for none, for the panel to look
 *   again then
 */
gint64
_fb_wall_duty_update (FbIncidentPage *page,
                      GtkBox         *rows)
{
  FbContext *context = fb_incident_page_get_context (page);
  FbStore *store = fb_context_get_store (context);
  const char *incident = fb_incident_page_get_incident (page);
  g_autoptr(GListModel) workers = NULL;
  gint64 now = fb_context_now_ms (context);

  _fb_wall_clear_box (rows);
  if (incident == NULL)
    return 0;

  workers = fb_store_list_workers (store, incident);
  add_tired_workers (rows, context, incident, now);
  add_pairs (rows, store, incident, workers);

  return get_next_change (store, incident, workers, now);
}

/**
 * _fb_wall_period_update:
 * @title: the panel's title, which names the period
 *
 * Fills @rows with the current operational period: what it sets out to do,
 * since when and for how long.
 *
 * Returns: whether the incident has a period to show
 */
gboolean
_fb_wall_period_update (FbIncidentPage *page,
                        GtkBox         *rows,
                        GtkLabel       *title)
{
  FbContext *context = fb_incident_page_get_context (page);
  const char *incident = fb_incident_page_get_incident (page);
  g_autoptr(FbPeriod) period = NULL;
  g_autofree char *name = NULL;
  g_autofree char *since = NULL;
  const char *objectives;
  GtkWidget *row;

  _fb_wall_clear_box (rows);
  if (incident != NULL)
    period = fb_store_get_current_period (fb_context_get_store (context), incident);
  if (period == NULL)
    return FALSE;

  name = _fb_board_describe_period (period, context, &since);
  gtk_label_set_text (title, name);
  objectives = fb_period_get_briefing (period)->objectives;
  if (objectives[0] == '\0')
    {
      add_line (rows, since, NULL, NULL);
      return TRUE;
    }
  row = _fb_wall_row_new_lines (objectives, since, NULL, N_OBJECTIVE_LINES);
  gtk_widget_add_css_class (row, "wall-objectives");
  gtk_box_append (rows, row);
  return TRUE;
}
