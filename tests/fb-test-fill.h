/* fb-test-fill.h — a large record, quickly, for tests and benchmarks
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "firebreak-core.h"

G_BEGIN_DECLS

/* Adds @n facts to @incident through the store's one door, a thousand to
 * a transaction, one millisecond apart from @base. */
static inline void
fb_test_add_facts (FbStore    *store,
                   const char *incident,
                   guint       n,
                   gint64      base)
{
  for (guint done = 0; done < n;)
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
      g_autoptr(GError) error = NULL;

      for (; done < n && drafts->len < 1000; done++)
        {
          g_autoptr(JsonObject) body = json_object_new ();
          g_autofree char *entity = fb_uuid_new ();
          g_autofree char *text = g_strdup_printf ("Host %u shows files renamed to .locked", done);

          json_object_set_string_member (body, "kind", "fact");
          json_object_set_string_member (body, "text", text);
          json_object_set_int_member (body, "occurred_at", base + done);
          g_ptr_array_add (drafts, fb_op_new (FB_OP_KIND_ENTRY_ADD, incident, entity, body));
        }

      if (!fb_store_apply (store, drafts, NULL, FB_APPLY_LOCAL, NULL, &error))
        g_error ("%s", error->message);
    }
}

G_END_DECLS
