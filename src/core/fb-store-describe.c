/* fb-store-describe.c — the system entries that ops add to a timeline
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stored text of a system entry is plain English made from the op
 * alone, so every store holds the same bytes; the application shows it
 * translated, rendered from data. The store applying an op and the check
 * that verifies it both describe it here.
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <string.h>

#include "fb-json-private.h"
#include "fb-op-kinds-private.h"

static const char *
body_string (JsonObject *body,
             const char *name)
{
  return json_object_get_string_member_with_default (body, name, "");
}

JsonObject *
_fb_describe_role_assign (const FbOp *op,
                          char      **text)
{
  JsonObject *body = op->body;
  const char *person = body_string (body, "person");
  JsonObject *data;

  if (!g_str_equal (body_string (body, "role"), "commander"))
    return NULL;

  data = json_object_new ();
  json_object_set_string_member (data, "event", "commander");
  json_object_set_string_member (data, "person", person);
  *text = person[0] != '\0' ? g_strdup_printf ("%s is now the incident commander", person)
                            : g_strdup ("The incident commander role is vacant");
  return data;
}

JsonObject *
_fb_describe_role_handover (const FbOp *op,
                            char      **text)
{
  const char * const fields[] = { "situation", "open_items", "pending_decisions" };
  const char * const headings[] = { "Situation", "Open items", "Pending decisions" };
  JsonObject *body = op->body;
  const char *from = body_string (body, "from");
  JsonObject *data;
  GString *out;

  data = json_object_new ();
  json_object_set_string_member (data, "event", "handover");
  json_object_set_string_member (data, "from", from);
  json_object_set_string_member (data, "to", body_string (body, "to"));

  out = g_string_new (NULL);
  if (from[0] != '\0')
    g_string_append_printf (out, "Command handed over from %s to %s", from, body_string (body, "to"));
  else
    g_string_append_printf (out, "Command taken by %s", body_string (body, "to"));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = body_string (body, fields[i]);

      json_object_set_string_member (data, fields[i], value);
      if (value[0] != '\0')
        g_string_append_printf (out, "\n%s: %s", headings[i], value);
    }

  if (json_object_has_member (body, "next_update_at"))
    json_object_set_int_member (data, "next_update_at",
                                json_object_get_int_member (body, "next_update_at"));

  *text = g_string_free (out, FALSE);
  return data;
}

JsonObject *
_fb_describe_worker_remove (const FbOp *op,
                            char      **text)
{
  const char *person = body_string (op->body, "person");
  JsonObject *data;

  data = json_object_new ();
  json_object_set_string_member (data, "event", "worker-removed");
  json_object_set_string_member (data, "worker", op->entity);
  json_object_set_string_member (data, "person", person);
  *text = person[0] != '\0' ? g_strdup_printf ("%s was taken off the worker list", person)
                            : g_strdup ("A worker was taken off the worker list");
  return data;
}

JsonObject *
_fb_describe_checklist_set (const FbOp *op,
                            char      **text)
{
  const char *state = body_string (op->body, "state");
  const char *note = body_string (op->body, "note");
  JsonObject *data;

  if (!g_str_equal (state, "done") && !g_str_equal (state, "skipped"))
    return NULL;

  data = json_object_new ();
  json_object_set_string_member (data, "event", "checklist");
  json_object_set_string_member (data, "item", op->entity);
  json_object_set_string_member (data, "state", state);
  json_object_set_string_member (data, "note", note);
  if (g_str_equal (state, "done"))
    *text = note[0] != '\0' ? g_strdup_printf ("Checklist item done: %s", note)
                            : g_strdup ("Checklist item done");
  else
    *text = note[0] != '\0' ? g_strdup_printf ("Checklist item skipped: %s", note)
                            : g_strdup ("Checklist item skipped");
  return data;
}

void
_fb_derived_entry_clear (FbDerivedEntry *entry)
{
  g_clear_pointer (&entry->text, g_free);
  g_clear_pointer (&entry->data, g_free);
}

gboolean
_fb_store_describe_entry (const FbOpKindInfo *info,
                          const FbOp         *op,
                          FbDerivedEntry     *out)
{
  g_autoptr(JsonObject) data = NULL;

  memset (out, 0, sizeof *out);

  if (info == NULL || info->describe == NULL)
    return FALSE;

  data = info->describe (op, &out->text);
  if (data == NULL)
    return FALSE;

  out->kind = "system";
  out->data = _fb_json_canonical_object (data);
  return TRUE;
}

gboolean
_fb_store_derive_entry (const FbOp     *op,
                        FbDerivedEntry *out)
{
  return _fb_store_describe_entry (_fb_op_kind_of (op), op, out);
}

static char *
join_names (JsonArray *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (names); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (names, i));

  return g_string_free (out, FALSE);
}

JsonObject *
_fb_describe_incident_restrict (const FbOp *op,
                                char      **text)
{
  JsonObject *body = op->body;
  gboolean restricted = json_object_get_boolean_member (body, "restricted");
  JsonArray *users = json_object_get_array_member (body, "users");
  JsonArray *groups = json_object_get_array_member (body, "groups");
  g_autofree char *user_list = join_names (users);
  g_autofree char *group_list = join_names (groups);
  JsonObject *data;

  data = json_object_new ();
  json_object_set_string_member (data, "event", "restricted");
  json_object_set_boolean_member (data, "restricted", restricted);
  json_object_set_array_member (data, "users", json_array_ref (users));
  json_object_set_array_member (data, "groups", json_array_ref (groups));
  json_object_set_boolean_member (data, "visible", json_object_get_boolean_member (body, "visible"));

  if (!restricted)
    *text = g_strdup ("The restriction was lifted: everyone on the war-room server may see this incident");
  else
    *text = g_strdup_printf ("Restricted to users: %s; groups: %s",
                             user_list[0] != '\0' ? user_list : "none",
                             group_list[0] != '\0' ? group_list : "none");
  return data;
}
