/* fb-wall-command.c — who commands, on the wall display
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command panel's lines, each concern in a function of its own called
 * in turn by _fb_wall_command_update (): the commander, the last handover
 * of command as the record holds it, the other roles, and the workers. A
 * new concern of command (an offered handover waiting to be accepted, the
 * operational period and its objectives, a worker past the on-duty limit)
 * is one more such function, called there in the order the room reads.
 */

#define G_LOG_DOMAIN "fb-wall"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-board-private.h"
#include "fb-wall-private.h"

/* How far back the last handover is looked for among system entries. */
#define N_SYSTEM_SCANNED 500

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
  add_last_handover (rows, context, incident);
  add_roles (rows, roles);
  add_workers (rows, workers);
}
