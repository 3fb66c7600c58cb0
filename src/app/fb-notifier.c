/* fb-notifier.c — desktop notifications: reminders and others' changes
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reminders (deadlines, steps falling due, updates due) come from a small
 * schedule built again only when the store announces a change to what
 * they depend on; the context's once-a-second tick walks that schedule
 * and never queries the database. Others' decisions and handovers are
 * read on the store's "changed" from the entries that arrived since the
 * last look. Only what happens after the app started is announced, so
 * the first sync of an old record stays quiet.
 *
 * Each notification has a stable id ("deadline-soon-ID", "step-due-ID",
 * "entry-ID"): a reminder is sent once, and withdrawn when it no longer
 * applies (the deadline met or waived, the step done). Nothing here needs
 * GTK: the application says whether one of its windows is in front.
 */

#define G_LOG_DOMAIN "fb-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-checklist-item.h"
#include "fb-describe.h"
#include "fb-entry.h"
#include "fb-incident.h"
#include "fb-incident-summary.h"
#include "fb-notifier.h"
#include "fb-store-updates.h"
#include "fb-store-deadlines.h"
#include "fb-store-handover.h"

typedef struct
{
  FbNotifyKind  kind;
  char         *id;        /* the notification's id */
  char         *incident;
  gint64        at;
  char         *title;
  char         *body;
} Reminder;

struct _FbNotifier
{
  GObject              parent_instance;

  FbContext           *context;
  GApplication        *application;  /* weak */
  gint64               start_ms;
  guint                first_build_id;  /* the schedule waits for the first frame */
  GPtrArray           *schedule;     /* Reminder, not yet due */
  GHashTable          *done;         /* "id@at" of reminders whose time came */
  GHashTable          *shown;        /* ids of reminders sent, to withdraw */
  gint64               entries_cursor;
  FbNotifierFocusFunc  focus_func;
  gpointer             focus_data;
};

G_DEFINE_FINAL_TYPE (FbNotifier, fb_notifier, G_TYPE_OBJECT)

static const char * const kind_keys[FB_N_NOTIFY_KINDS] = {
  [FB_NOTIFY_DEADLINE] = "notify-deadlines",
  [FB_NOTIFY_STEP_DUE] = "notify-steps",
  [FB_NOTIFY_DECISION] = "notify-decisions",
  [FB_NOTIFY_HANDOVER] = "notify-handovers",
  [FB_NOTIFY_UPDATE_DUE] = "notify-updates",
  [FB_NOTIFY_DUTY] = "notify-duty",
};

const char *
fb_notify_kind_get_key (FbNotifyKind kind)
{
  g_return_val_if_fail (kind < FB_N_NOTIFY_KINDS, NULL);
  return kind_keys[kind];
}

static void
reminder_free (gpointer data)
{
  Reminder *reminder = data;

  g_free (reminder->id);
  g_free (reminder->incident);
  g_free (reminder->title);
  g_free (reminder->body);
  g_free (reminder);
}

static gboolean
is_enabled (FbNotifier   *self,
            FbNotifyKind  kind)
{
  GSettings *settings = fb_context_get_settings (self->context);

  return settings == NULL || g_settings_get_boolean (settings, kind_keys[kind]);
}

static void
send (FbNotifier *self,
      const char *id,
      const char *incident,
      const char *title,
      const char *body)
{
  g_autoptr(GNotification) notification = g_notification_new (title);
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);

  if (self->application == NULL)
    return;

  g_notification_set_body (notification, body);
  g_notification_set_icon (notification, icon);
  g_notification_set_default_action_and_target (notification, "app.show-incident", "s", incident);
  g_application_send_notification (self->application, id, notification);
}

static void
withdraw (FbNotifier *self,
          const char *id)
{
  if (g_hash_table_remove (self->shown, id) && self->application != NULL)
    g_application_withdraw_notification (self->application, id);
}

/* The schedule -------------------------------------------------------------- */

/* Reminders whose time came before the app started are never sent. */
static void
add_reminder (FbNotifier   *self,
              FbNotifyKind  kind,
              const char   *id,
              const char   *incident,
              gint64        at,
              char         *title,
              char         *body)
{
  Reminder *reminder = g_new0 (Reminder, 1);

  reminder->kind = kind;
  reminder->id = g_strdup (id);
  reminder->incident = g_strdup (incident);
  reminder->at = at;
  reminder->title = title;
  reminder->body = body;
  g_ptr_array_add (self->schedule, reminder);
}

static void
add_deadlines (FbNotifier *self,
               FbIncident *incident)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(GListModel) deadlines = fb_store_list_deadlines (store, fb_incident_get_id (incident));
  guint n = g_list_model_get_n_items (deadlines);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbDeadline) deadline = g_list_model_get_item (deadlines, i);
      const char *name;
      g_autofree char *soon_id = NULL;
      g_autofree char *passed_id = NULL;
      g_autofree char *due = NULL;
      gint64 due_at;

      if (fb_deadline_get_state (deadline) != FB_DEADLINE_OPEN)
        continue;
      due_at = fb_deadline_get_due_at (deadline, incident);
      if (due_at <= 0)
        continue;

      name = fb_deadline_get_display_name (deadline, fb_incident_get_kind (incident),
                                           fb_context_get_playbooks (self->context), NULL);
      due = fb_context_format_time (self->context, due_at);
      soon_id = g_strconcat ("deadline-soon-", fb_deadline_get_id (deadline), NULL);
      passed_id = g_strconcat ("deadline-passed-", fb_deadline_get_id (deadline), NULL);

      add_reminder (self, FB_NOTIFY_DEADLINE, soon_id, fb_incident_get_id (incident),
                    due_at - FB_NOTIFY_DEADLINE_AHEAD_MS,
                    /* Translators: a desktop notification's title; %s is a deadline's name */
                    g_strdup_printf (_("%s: due in 1 hour 15 minutes"), name),
                    /* Translators: an incident's title, then a time */
                    g_strdup_printf (_("%s — due at %s"), fb_incident_get_title (incident), due));
      add_reminder (self, FB_NOTIFY_DEADLINE, passed_id, fb_incident_get_id (incident), due_at,
                    /* Translators: a desktop notification's title; %s is a deadline's name */
                    g_strdup_printf (_("%s: deadline passed"), name),
                    /* Translators: an incident's title, then a time */
                    g_strdup_printf (_("%s — it was due at %s"), fb_incident_get_title (incident), due));
    }
}

static void
add_steps (FbNotifier *self,
           FbIncident *incident)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(GListModel) items = fb_store_list_checklist (store, fb_incident_get_id (incident));
  guint n = g_list_model_get_n_items (items);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbChecklistItem) item = g_list_model_get_item (items, i);
      FbItemState state = fb_checklist_item_get_state (item);
      g_autofree char *id = NULL;

      if (fb_checklist_item_get_due_at (item) <= 0 || state == FB_ITEM_DONE || state == FB_ITEM_SKIPPED)
        continue;

      id = g_strconcat ("step-due-", fb_checklist_item_get_id (item), NULL);
      add_reminder (self, FB_NOTIFY_STEP_DUE, id, fb_incident_get_id (incident),
                    fb_checklist_item_get_due_at (item),
                    g_strdup (_("Checklist step due")),
                    /* Translators: an incident's title, then a checklist step */
                    g_strdup_printf (_("%s — %s"), fb_incident_get_title (incident),
                                     fb_checklist_item_get_text (item)));
    }
}

/* The next status update the incident owes its stakeholders. */
static void
add_update (FbNotifier *self,
            FbIncident *incident)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autofree char *id = g_strconcat ("update-due-", fb_incident_get_id (incident), NULL);
  gint64 due_at = 0;

  if (!fb_store_get_next_update_due (store, fb_incident_get_id (incident), &due_at) || due_at <= 0)
    return;

  add_reminder (self, FB_NOTIFY_UPDATE_DUE, id, fb_incident_get_id (incident), due_at,
                g_strdup (_("Status update due")),
                /* Translators: a desktop notification's body; %s is an incident's title */
                g_strdup_printf (_("%s — share the facts and ask for the decisions pending (Ctrl+U)"),
                                 fb_incident_get_title (incident)));
}

/* Once a stint: the id names the time they came on duty. */
static void
add_duty (FbNotifier *self,
          FbIncident *incident)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(GListModel) workers = fb_store_list_workers (store, fb_incident_get_id (incident));
  int limit = fb_store_get_duty_limit (store, fb_incident_get_id (incident));

  for (guint i = 0; i < g_list_model_get_n_items (workers); i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (workers, i);
      gint64 limit_at = fb_worker_get_duty_limit_at (worker, limit);
      g_autofree char *id = NULL;

      if (limit_at <= 0)
        continue;

      id = g_strdup_printf ("duty-limit-%s-%" G_GINT64_FORMAT, fb_worker_get_id (worker),
                            fb_worker_get_on_duty_since (worker));
      add_reminder (self, FB_NOTIFY_DUTY, id, fb_incident_get_id (incident), limit_at,
                    /* Translators: a desktop notification's title; %s is a worker, %d hours */
                    g_strdup_printf (_("%s has been on duty for %d hours"), fb_worker_get_person (worker),
                                     limit / 60),
                    /* Translators: a desktop notification's body; %s is an incident's title */
                    g_strdup_printf (_("%s — time for them to go off duty and hand their task over"),
                                     fb_incident_get_title (incident)));
    }
}

/* A status update sent, or a handover's promise, moves one incident's
 * next update: only its reminder is made again, not the whole schedule. */
static void
refresh_update (FbNotifier *self,
                const char *incident_id)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(FbIncident) incident = fb_store_get_incident (store, incident_id);
  g_autofree char *id = g_strconcat ("update-due-", incident_id, NULL);

  for (guint i = 0; i < self->schedule->len; i++)
    if (g_str_equal (((Reminder *) g_ptr_array_index (self->schedule, i))->id, id))
      {
        g_ptr_array_remove_index_fast (self->schedule, i);
        break;
      }

  if (incident != NULL && fb_incident_get_status (incident) == FB_STATUS_OPEN)
    add_update (self, incident);
}

static void
rebuild_schedule (FbNotifier *self)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(GListModel) incidents = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  g_clear_handle_id (&self->first_build_id, g_source_remove);
  incidents = fb_store_list_incidents (store, FALSE);
  g_ptr_array_set_size (self->schedule, 0);
  for (guint i = 0; i < g_list_model_get_n_items (incidents); i++)
    {
      g_autoptr(FbIncident) incident = g_list_model_get_item (incidents, i);

      add_deadlines (self, incident);
      add_steps (self, incident);
      add_update (self, incident);
      add_duty (self, incident);
    }

  /* What was sent and no longer applies is taken off the screen. */
  for (guint i = 0; i < self->schedule->len; i++)
    g_hash_table_add (wanted, ((Reminder *) g_ptr_array_index (self->schedule, i))->id);
  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!g_hash_table_contains (wanted, id))
      g_ptr_array_add (stale, g_strdup (id));
  for (guint i = 0; i < stale->len; i++)
    withdraw (self, g_ptr_array_index (stale, i));
}

static gboolean
first_build_cb (gpointer data)
{
  FbNotifier *self = data;

  self->first_build_id = 0;
  rebuild_schedule (self);
  return G_SOURCE_REMOVE;
}

/* Others' changes ----------------------------------------------------------- */

static void
announce_entry (FbNotifier *self,
                FbEntry    *entry)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(FbIncident) incident = fb_store_get_incident (store, fb_entry_get_incident (entry));
  g_autofree char *id = g_strconcat ("entry-", fb_entry_get_id (entry), NULL);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  const char *incident_title = incident != NULL ? fb_incident_get_title (incident) : "";

  if (fb_entry_get_kind (entry) == FB_ENTRY_DECISION)
    {
      if (!is_enabled (self, FB_NOTIFY_DECISION))
        return;
      /* Translators: a desktop notification's title; %s is a person */
      title = g_strdup_printf (_("Decision recorded by %s"), fb_entry_get_author (entry));
      body = g_strdup_printf (_("%s — %s"), incident_title, fb_entry_get_text (entry));
    }
  else
    {
      g_autoptr(JsonObject) data = fb_entry_dup_data_object (entry);
      g_autofree char *described = NULL;
      const char *event = data != NULL ? fb_entry_data_get_string (data, "event") : "";

      if (g_strcmp0 (event, "inject") == 0)
        {
          /* No switch: an inject is what a player is in the drill to
           * answer, and it comes only in a drill they joined. */
          described = fb_describe_entry (entry, store);
          title = g_strdup (_("DRILL inject"));
          body = g_strdup_printf (_("%s — %s"), incident_title, described);
          send (self, id, fb_entry_get_incident (entry), title, body);
          return;
        }

      if (!is_enabled (self, FB_NOTIFY_HANDOVER))
        return;
      if (g_str_equal (event, "handover-offered") &&
          fb_person_equal (fb_entry_data_get_string (data, "to"), fb_store_get_author (store)))
        {
          title = g_strdup (_("Command offered to you"));
          /* Translators: an incident's title, then who offered command */
          body = g_strdup_printf (_("%s — %s offers you command. Accept or decline on the role board."),
                                  incident_title, fb_entry_data_get_string (data, "from"));
        }
      else if (g_str_equal (event, "handover"))
        {
          described = fb_describe_entry (entry, store);
          title = g_strdup (_("Command handed over"));
          body = g_strdup_printf (_("%s — %s"), incident_title, described);
        }
      else
        return;
    }

  send (self, id, fb_entry_get_incident (entry), title, body);
}

static void
read_new_entries (FbNotifier *self)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(GListModel) entries = fb_store_list_entries_from_others (store, &self->entries_cursor,
                                                                     self->start_ms);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i);

      announce_entry (self, entry);
    }
}

/* Driving ------------------------------------------------------------------- */

/**
 * fb_notifier_check:
 *
 * Sends the reminders whose time came. The context's tick calls it; tests
 * call it after moving the clock.
 */
void
fb_notifier_check (FbNotifier *self)
{
  gint64 now;
  gboolean focused;

  g_return_if_fail (FB_IS_NOTIFIER (self));

  /* A tick before the first build waits for nothing. */
  if (self->first_build_id != 0)
    rebuild_schedule (self);

  now = fb_context_now_ms (self->context);
  focused = self->focus_func != NULL && self->focus_func (self->focus_data);

  for (guint i = 0; i < self->schedule->len; i++)
    {
      Reminder *reminder = g_ptr_array_index (self->schedule, i);
      g_autofree char *key = NULL;

      if (reminder->at > now)
        continue;
      key = g_strdup_printf ("%s@%" G_GINT64_FORMAT, reminder->id, reminder->at);
      if (g_hash_table_contains (self->done, key))
        continue;
      g_hash_table_add (self->done, g_steal_pointer (&key));

      /* A reminder missed while the user was looking is not sent later:
       * the window already shows the clock. */
      if (reminder->at < self->start_ms || focused || !is_enabled (self, reminder->kind))
        continue;

      if (g_str_has_prefix (reminder->id, "deadline-passed-"))
        {
          g_autofree char *soon = g_strconcat ("deadline-soon-",
                                               reminder->id + strlen ("deadline-passed-"), NULL);
          withdraw (self, soon);
        }
      send (self, reminder->id, reminder->incident, reminder->title, reminder->body);
      g_hash_table_add (self->shown, g_strdup (reminder->id));
    }
}

static void
on_context_tick_cb (FbNotifier *self)
{
  fb_notifier_check (self);
}

static void
on_store_changed_cb (FbNotifier    *self,
                     FbChangeFlags  flags,
                     const char    *incident)
{
  if (flags & (FB_CHANGE_INCIDENTS | FB_CHANGE_DEADLINES | FB_CHANGE_CHECKLIST | FB_CHANGE_WORKERS))
    rebuild_schedule (self);
  else if ((flags & FB_CHANGE_ENTRIES) && incident != NULL)
    refresh_update (self, incident);
  if (flags & FB_CHANGE_ENTRIES)
    read_new_entries (self);
}

static void
fb_notifier_dispose (GObject *object)
{
  FbNotifier *self = (FbNotifier *) object;

  g_clear_handle_id (&self->first_build_id, g_source_remove);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_notifier_parent_class)->dispose (object);
}

static void
fb_notifier_finalize (GObject *object)
{
  FbNotifier *self = (FbNotifier *) object;

  g_ptr_array_unref (self->schedule);
  g_hash_table_unref (self->done);
  g_hash_table_unref (self->shown);

  G_OBJECT_CLASS (fb_notifier_parent_class)->finalize (object);
}

static void
fb_notifier_class_init (FbNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_notifier_dispose;
  object_class->finalize = fb_notifier_finalize;
}

static void
fb_notifier_init (FbNotifier *self)
{
  self->schedule = g_ptr_array_new_with_free_func (reminder_free);
  self->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->entries_cursor = -1;
}

/**
 * fb_notifier_new:
 * @start_ms: when the app started, by the context's clock: nothing that
 *   happened before it is announced
 *
 * Returns: (transfer full): a notifier that follows @context's store and
 *   clock until it is unreferenced
 */
FbNotifier *
fb_notifier_new (FbContext    *context,
                 GApplication *application,
                 gint64        start_ms)
{
  FbNotifier *self;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  self = g_object_new (FB_TYPE_NOTIFIER, NULL);
  self->context = g_object_ref (context);
  g_set_weak_pointer (&self->application, application);
  self->start_ms = start_ms;

  g_signal_connect_object (context, "tick", G_CALLBACK (on_context_tick_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fb_context_get_store (context), "changed", G_CALLBACK (on_store_changed_cb),
                           self, G_CONNECT_SWAPPED);

  read_new_entries (self);
  /* Reading every open incident's deadlines, steps and updates is no
   * business of the first frame: the first tick comes a second later. */
  self->first_build_id = g_idle_add_full (G_PRIORITY_LOW, first_build_cb, self, NULL);
  return self;
}

void
fb_notifier_set_focus_func (FbNotifier          *self,
                            FbNotifierFocusFunc  func,
                            gpointer             user_data)
{
  g_return_if_fail (FB_IS_NOTIFIER (self));

  self->focus_func = func;
  self->focus_data = user_data;
}
