/* fb-incident-summary.c — what the board and the overview show, from values
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-summary"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fb-checklist-item.h"
#include "fb-contact.h"
#include "fb-entry.h"
#include "fb-incident-summary.h"
#include "fb-role.h"
#include "fb-worker.h"

static char *
normalise_person (const char *person)
{
  g_autofree char *stripped = NULL;
  g_autofree char *normalised = NULL;

  if (person == NULL)
    return NULL;

  stripped = g_strstrip (g_strdup (person));
  if (stripped[0] == '\0')
    return NULL;

  normalised = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);
  if (normalised == NULL)
    return NULL;

  return g_utf8_casefold (normalised, -1);
}

/* Names are typed by hand on several machines: "Aiko Sato " and
 * "aiko sato" are one person. */
gboolean
fb_person_equal (const char *a,
                 const char *b)
{
  g_autofree char *na = normalise_person (a);
  g_autofree char *nb = normalise_person (b);

  return na != NULL && nb != NULL && g_str_equal (na, nb);
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return TRUE;

  copy = g_strstrip (g_strdup (text));
  return copy[0] == '\0';
}

static gboolean
worker_is_busy (FbWorker *worker)
{
  FbWorkerStatus status = fb_worker_get_status (worker);

  if (status == FB_WORKER_OFF_SHIFT)
    return FALSE;

  return !is_blank (fb_worker_get_task (worker)) || status != FB_WORKER_STANDBY;
}

static gboolean
same_person (FbRole   *role,
             FbWorker *worker)
{
  const char *role_contact = fb_role_get_contact (role);
  const char *worker_contact = fb_worker_get_contact (worker);

  if (role_contact != NULL && role_contact[0] != '\0' &&
      g_strcmp0 (role_contact, worker_contact) == 0)
    return TRUE;

  return fb_person_equal (fb_role_get_person (role), fb_worker_get_person (worker));
}

FbCommandWarnings
fb_incident_summary_command_warnings (GListModel *roles,
                                      GListModel *workers,
                                      FbWorker  **commander_worker)
{
  g_autoptr(FbRole) commander = NULL;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (roles), FB_COMMAND_WARNING_NONE);
  g_return_val_if_fail (workers == NULL || G_IS_LIST_MODEL (workers), FB_COMMAND_WARNING_NONE);

  if (commander_worker != NULL)
    *commander_worker = NULL;

  n = g_list_model_get_n_items (roles);
  for (guint i = 0; i < n && commander == NULL; i++)
    {
      g_autoptr(FbRole) role = g_list_model_get_item (roles, i);

      if (g_str_equal (fb_role_get_role (role), "commander") &&
          !is_blank (fb_role_get_person (role)))
        commander = g_steal_pointer (&role);
    }

  if (commander == NULL)
    return FB_COMMAND_WARNING_NO_COMMANDER;

  n = workers != NULL ? g_list_model_get_n_items (workers) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbWorker) worker = g_list_model_get_item (workers, i);

      if (same_person (commander, worker) && worker_is_busy (worker))
        {
          if (commander_worker != NULL)
            *commander_worker = g_steal_pointer (&worker);
          return FB_COMMAND_WARNING_COMMANDER_WORKS;
        }
    }

  return FB_COMMAND_WARNING_NONE;
}

void
fb_incident_summary_progress (GListModel        *checklist,
                              FbSectionProgress  progress[FB_N_SECTIONS])
{
  guint n;

  g_return_if_fail (G_IS_LIST_MODEL (checklist));
  g_return_if_fail (progress != NULL);

  memset (progress, 0, sizeof (FbSectionProgress) * FB_N_SECTIONS);

  n = g_list_model_get_n_items (checklist);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbChecklistItem) item = g_list_model_get_item (checklist, i);
      FbSection section = fb_checklist_item_get_section (item);
      FbSectionProgress *p;

      if ((guint) section >= FB_N_SECTIONS)
        continue;

      p = &progress[section];
      p->total++;
      switch (fb_checklist_item_get_state (item))
        {
        case FB_ITEM_TODO:
          p->todo++;
          break;
        case FB_ITEM_DOING:
          p->doing++;
          break;
        case FB_ITEM_DONE:
          p->done++;
          break;
        case FB_ITEM_SKIPPED:
          p->skipped++;
          break;
        case FB_N_ITEM_STATES:
        default:
          p->todo++;
          break;
        }
    }
}

guint
fb_section_progress_get_open (const FbSectionProgress *progress)
{
  g_return_val_if_fail (progress != NULL, 0);
  return progress->todo + progress->doing;
}

/* A skipped item is settled too: someone decided it does not apply. */
double
fb_section_progress_get_fraction (const FbSectionProgress *progress)
{
  g_return_val_if_fail (progress != NULL, 0.0);

  if (progress->total == 0)
    return 0.0;

  return (double) (progress->done + progress->skipped) / (double) progress->total;
}

void
fb_review_progress_compute (GListModel       *checklist,
                            FbReviewProgress *progress)
{
  guint n;

  g_return_if_fail (G_IS_LIST_MODEL (checklist));
  g_return_if_fail (progress != NULL);

  memset (progress, 0, sizeof *progress);
  n = g_list_model_get_n_items (checklist);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbChecklistItem) item = g_list_model_get_item (checklist, i);
      FbItemState state = fb_checklist_item_get_state (item);

      progress->total++;
      if (state == FB_ITEM_DONE || state == FB_ITEM_SKIPPED)
        progress->settled++;
      if (state == FB_ITEM_SKIPPED)
        progress->skipped++;
      progress->last_done_at = MAX (progress->last_done_at, fb_checklist_item_get_done_at (item));
    }
}

/* The count the header and the overview show, e.g. "3 of 12": the steps
 * done, as the checklist counts them; a skipped step was not done. */
char *
fb_review_progress_format (const FbReviewProgress *progress)
{
  g_return_val_if_fail (progress != NULL, NULL);

  /* Translators: a readiness review's steps done of all of them */
  return g_strdup_printf (_("%u of %u"), progress->settled - progress->skipped, progress->total);
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  FbChecklistItem *ia = *(FbChecklistItem **) a;
  FbChecklistItem *ib = *(FbChecklistItem **) b;
  gint64 da = fb_checklist_item_get_due_at (ia);
  gint64 db = fb_checklist_item_get_due_at (ib);

  if (da != db)
    return da < db ? -1 : 1;
  if (fb_checklist_item_get_section (ia) != fb_checklist_item_get_section (ib))
    return (int) fb_checklist_item_get_section (ia) - (int) fb_checklist_item_get_section (ib);
  return fb_checklist_item_get_position (ia) - fb_checklist_item_get_position (ib);
}

/* The open items that have a due time, soonest first (overdue ones too). */
GPtrArray *
fb_incident_summary_next_deadlines (GListModel *checklist,
                                    guint       max)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (checklist), items);

  n = g_list_model_get_n_items (checklist);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbChecklistItem) item = g_list_model_get_item (checklist, i);
      FbItemState state = fb_checklist_item_get_state (item);

      if (fb_checklist_item_get_due_at (item) > 0 &&
          (state == FB_ITEM_TODO || state == FB_ITEM_DOING))
        g_ptr_array_add (items, g_steal_pointer (&item));
    }

  g_ptr_array_sort (items, compare_due);
  if (max > 0 && items->len > max)
    g_ptr_array_set_size (items, max);

  return items;
}

/* Those who hold authority or speak for the organisation: the guide's
 * escalation is to them. */
gboolean
fb_contact_category_should_be_told (FbContactCategory category)
{
  switch (category)
    {
    case FB_CONTACT_MANAGEMENT:
    case FB_CONTACT_PR:
    case FB_CONTACT_LEGAL:
    case FB_CONTACT_AUTHORITY:
      return TRUE;
    case FB_CONTACT_IT:
    case FB_CONTACT_SALES:
    case FB_CONTACT_VENDOR:
    case FB_CONTACT_OTHER:
    case FB_N_CONTACT_CATEGORIES:
    default:
      return FALSE;
    }
}

static char *
dup_string_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

gboolean
fb_entry_is_contact_logged (FbEntry  *entry,
                            char    **contact,
                            char    **who)
{
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *event = NULL;

  g_return_val_if_fail (FB_IS_ENTRY (entry), FALSE);

  if (fb_entry_get_kind (entry) != FB_ENTRY_ESCALATION)
    return FALSE;

  data = fb_entry_dup_data_object (entry);
  if (data == NULL)
    return FALSE;

  event = dup_string_member (data, "event");
  if (g_strcmp0 (event, "contact-logged") != 0)
    return FALSE;

  if (contact != NULL)
    *contact = dup_string_member (data, "contact");
  if (who != NULL)
    *who = dup_string_member (data, "who");

  return TRUE;
}

struct _FbToldSet
{
  GHashTable *ids;
  GPtrArray  *names;
};

FbToldSet *
fb_told_set_new (GListModel *entries)
{
  FbToldSet *told = g_new0 (FbToldSet, 1);
  guint n;

  g_return_val_if_fail (entries == NULL || G_IS_LIST_MODEL (entries), told);

  told->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  told->names = g_ptr_array_new_with_free_func (g_free);

  n = entries != NULL ? g_list_model_get_n_items (entries) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *contact = NULL;
      g_autofree char *who = NULL;

      if (!fb_entry_is_contact_logged (entry, &contact, &who))
        continue;
      if (contact != NULL)
        g_hash_table_add (told->ids, g_steal_pointer (&contact));
      if (who != NULL)
        g_ptr_array_add (told->names, g_steal_pointer (&who));
    }

  return told;
}

gboolean
fb_told_set_contains (FbToldSet *told,
                      FbContact *contact)
{
  g_return_val_if_fail (told != NULL, FALSE);
  g_return_val_if_fail (FB_IS_CONTACT (contact), FALSE);

  if (g_hash_table_contains (told->ids, fb_contact_get_id (contact)))
    return TRUE;

  for (guint i = 0; i < told->names->len; i++)
    if (fb_person_equal (g_ptr_array_index (told->names, i), fb_contact_get_name (contact)))
      return TRUE;

  return FALSE;
}

void
fb_told_set_free (FbToldSet *told)
{
  if (told == NULL)
    return;

  g_hash_table_unref (told->ids);
  g_ptr_array_unref (told->names);
  g_free (told);
}

/* Contacts of the categories that must hear about an incident, less those
 * a logged contact names (by id, or by name when it was logged by hand). */
GPtrArray *
fb_incident_summary_untold (GListModel *contacts,
                            FbToldSet  *told)
{
  GPtrArray *untold = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (contacts), untold);
  g_return_val_if_fail (told != NULL, untold);

  n = g_list_model_get_n_items (contacts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbContact) contact = g_list_model_get_item (contacts, i);

      if (fb_contact_category_should_be_told (fb_contact_get_category (contact)) &&
          !fb_told_set_contains (told, contact))
        g_ptr_array_add (untold, g_steal_pointer (&contact));
    }

  return untold;
}

GPtrArray *
fb_incident_summary_untold_contacts (GListModel *contacts,
                                     GListModel *entries)
{
  g_autoptr(FbToldSet) told = fb_told_set_new (entries);

  return fb_incident_summary_untold (contacts, told);
}

/* The decisions as they stand: an entry that another decision amends has
 * been replaced (a pending one made, or a decision corrected). A decision
 * typed as a plain entry carries no status and counts as made. */
GPtrArray *
fb_incident_summary_decisions (GListModel *entries,
                               gboolean    pending)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) replaced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (entries), result);

  n = g_list_model_get_n_items (entries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i);
      const char *amends = fb_entry_get_amends (entry);

      if (fb_entry_get_kind (entry) == FB_ENTRY_DECISION && amends != NULL && amends[0] != '\0')
        g_hash_table_add (replaced, g_strdup (amends));
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbEntry) entry = g_list_model_get_item (entries, i);
      g_autoptr(JsonObject) data = NULL;
      g_autofree char *status = NULL;
      gboolean is_pending;

      if (fb_entry_get_kind (entry) != FB_ENTRY_DECISION ||
          g_hash_table_contains (replaced, fb_entry_get_id (entry)))
        continue;

      data = fb_entry_dup_data_object (entry);
      if (data != NULL)
        status = dup_string_member (data, "status");
      is_pending = g_strcmp0 (status, "pending") == 0;

      if (is_pending == !!pending)
        g_ptr_array_add (result, g_steal_pointer (&entry));
    }

  return result;
}
