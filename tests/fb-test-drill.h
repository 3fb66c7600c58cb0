/* fb-test-drill.h — what the drill tests share: a player doing a step,
 * and one expected response's result
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "firebreak-core.h"

G_BEGIN_DECLS

/* Marks done the checklist step that came from playbook item @step. */
static inline void
fb_test_drill_do_step (FbStore    *store,
                       const char *incident,
                       const char *step)
{
  g_autoptr(GListModel) items = fb_store_list_checklist (store, incident);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (fields, "state", "done");
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FbChecklistItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (fb_checklist_item_get_playbook_item (item), step) == 0)
        {
          g_assert_true (fb_store_set_checklist_item (store, fb_checklist_item_get_id (item), fields, &error));
          g_assert_no_error (error);
          return;
        }
    }
  g_assert_not_reached ();
}

/* The @nth (from 0) expected response of @inject. */
static inline const FbDrillResult *
fb_test_drill_result (GPtrArray  *results,
                      const char *inject,
                      guint       nth)
{
  for (guint i = 0; i < results->len; i++)
    {
      const FbDrillResult *result = g_ptr_array_index (results, i);

      if (g_str_equal (result->inject->id, inject) && nth-- == 0)
        return result;
    }
  g_assert_not_reached ();
}

G_END_DECLS
