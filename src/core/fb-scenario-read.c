/* fb-scenario-read.c — what each member of a drill scenario file must hold
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A facilitator writes scenarios by hand the evening before a drill; every
 * refusal names the file, the line and the member. Step ids are checked
 * against the scenario's playbook, so a typo cannot leave an expected
 * response that no player could ever meet.
 */

#define G_LOG_DOMAIN "fb-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-error.h"
#include "fb-json-check-private.h"
#include "fb-playbook-library.h"
#include "fb-playbook-private.h"
#include "fb-scenario-private.h"

#define MAX_TEXT     2000
#define MAX_VERSION  1000000
#define MAX_MINUTES  (14 * 24 * 60)

void
_fb_scenario_inject_clear (gpointer data)
{
  FbScenarioInject *inject = data;

  g_free (inject->id);
  g_free (inject->kind);
  g_free (inject->step);
  _fb_playbook_text_clear (&inject->text);
  g_clear_pointer (&inject->expects, g_array_unref);
}

static void
clear_expect (gpointer data)
{
  FbScenarioExpect *expect = data;

  g_free (expect->step);
}

static gboolean
take_step (FbJsonCheck *check,
           const char  *path,
           JsonNode    *node,
           FbPlaybook  *playbook,
           char       **out)
{
  if (!_fb_json_take_id (check, path, node, out))
    return FALSE;

  if (fb_playbook_lookup_item (playbook, *out) == NULL)
    return _fb_json_check_fail (check, path, FB_ERROR_INVALID,
                                _("the playbook “%s” has no step “%s”"),
                                fb_playbook_get_id (playbook), *out);
  return TRUE;
}

static gboolean
read_expect (FbJsonCheck      *check,
             const char       *path,
             JsonNode         *node,
             FbPlaybook       *playbook,
             FbScenarioExpect *expect)
{
  static const char * const allowed[] = { "step", "decision", "told", "within", NULL };
  g_autofree char *within_path = _fb_json_join_path (path, "within");
  JsonObject *object;
  JsonNode *member;
  guint n_forms = 0;

  if ((object = _fb_json_get_object (check, path, node)) == NULL ||
      !_fb_json_check_members (check, path, object, allowed))
    return FALSE;

  n_forms = json_object_has_member (object, "step") + json_object_has_member (object, "decision") +
            json_object_has_member (object, "told");
  if (n_forms != 1)
    return _fb_json_check_fail (check, path, FB_ERROR_INVALID,
                                _("“%s” must name one of “step”, “decision” or “told”"), path);

  if ((member = json_object_get_member (object, "step")) != NULL)
    {
      g_autofree char *step_path = _fb_json_join_path (path, "step");

      expect->kind = FB_EXPECT_STEP;
      if (!take_step (check, step_path, member, playbook, &expect->step))
        return FALSE;
    }
  else if ((member = json_object_get_member (object, "decision")) != NULL)
    {
      g_autofree char *decision_path = _fb_json_join_path (path, "decision");

      expect->kind = FB_EXPECT_DECISION;
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN ||
          !json_node_get_boolean (member))
        return _fb_json_check_fail (check, decision_path, FB_ERROR_INVALID,
                                    _("“%s” must be true"), decision_path);
    }
  else
    {
      g_autofree char *told_path = _fb_json_join_path (path, "told");
      g_autofree char *category = NULL;

      expect->kind = FB_EXPECT_TOLD;
      member = json_object_get_member (object, "told");
      if (!_fb_json_take_string (check, told_path, member, FB_OP_MAX_ID, &category))
        return FALSE;
      if (!fb_contact_category_from_string (category, &expect->category))
        return _fb_json_check_fail (check, told_path, FB_ERROR_INVALID,
                                    _("“%s” must be a contact category: management, pr, legal, it, "
                                      "sales, vendor, authority or other"), told_path);
    }

  if ((member = _fb_json_get_member (check, path, object, "within", TRUE)) == NULL ||
      !_fb_json_take_int (check, within_path, member, 1, MAX_MINUTES, &expect->within_min))
    return FALSE;

  return TRUE;
}

static gboolean
read_trigger (FbJsonCheck      *check,
              const char       *path,
              JsonObject       *object,
              FbPlaybook       *playbook,
              FbScenarioInject *inject)
{
  static const char * const allowed[] = { "step", "decision", NULL };
  g_autofree char *at_path = _fb_json_join_path (path, "at");
  g_autofree char *after_path = _fb_json_join_path (path, "after");
  g_autofree char *delay_path = _fb_json_join_path (path, "delay");
  JsonNode *at = json_object_get_member (object, "at");
  JsonNode *after = json_object_get_member (object, "after");
  JsonNode *delay = json_object_get_member (object, "delay");
  JsonObject *event;
  JsonNode *member;

  if ((at == NULL) == (after == NULL))
    return _fb_json_check_fail (check, path, FB_ERROR_INVALID,
                                _("“%s” needs either “at” (a drill minute) or “after” (an event)"),
                                path);

  if (at != NULL)
    {
      inject->trigger = FB_TRIGGER_AT;
      if (delay != NULL)
        return _fb_json_check_fail (check, delay_path, FB_ERROR_INVALID,
                                    _("“delay” goes with “after”, not with “at”"));
      return _fb_json_take_int (check, at_path, at, 0, MAX_MINUTES, &inject->minutes);
    }

  if ((event = _fb_json_get_object (check, after_path, after)) == NULL ||
      !_fb_json_check_members (check, after_path, event, allowed))
    return FALSE;

  if ((member = json_object_get_member (event, "step")) != NULL &&
      !json_object_has_member (event, "decision"))
    {
      g_autofree char *step_path = _fb_json_join_path (after_path, "step");

      inject->trigger = FB_TRIGGER_AFTER_STEP;
      if (!take_step (check, step_path, member, playbook, &inject->step))
        return FALSE;
    }
  else if ((member = json_object_get_member (event, "decision")) != NULL &&
           !json_object_has_member (event, "step"))
    {
      g_autofree char *decision_path = _fb_json_join_path (after_path, "decision");

      inject->trigger = FB_TRIGGER_AFTER_DECISION;
      if (!_fb_json_take_int (check, decision_path, member, 1, FB_SCENARIO_MAX_INJECTS,
                              &inject->decision))
        return FALSE;
    }
  else
    return _fb_json_check_fail (check, after_path, FB_ERROR_INVALID,
                                _("“%s” must name one event: a “step” done or the n-th “decision”"),
                                after_path);

  inject->minutes = 0;
  if (delay != NULL && !_fb_json_take_int (check, delay_path, delay, 0, MAX_MINUTES, &inject->minutes))
    return FALSE;

  return TRUE;
}

static gboolean
read_inject (FbJsonCheck      *check,
             const char       *path,
             JsonNode         *node,
             FbPlaybook       *playbook,
             FbScenarioInject *inject)
{
  static const char * const allowed[] = {
    "id", "kind", "at", "after", "delay", "text", "expect", NULL
  };
  g_autofree char *id_path = _fb_json_join_path (path, "id");
  g_autofree char *kind_path = _fb_json_join_path (path, "kind");
  g_autofree char *text_path = _fb_json_join_path (path, "text");
  g_autofree char *expect_path = _fb_json_join_path (path, "expect");
  JsonObject *object;
  JsonNode *member;
  JsonArray *expects;
  guint n;

  inject->expects = g_array_new (FALSE, TRUE, sizeof (FbScenarioExpect));
  g_array_set_clear_func (inject->expects, clear_expect);

  if ((object = _fb_json_get_object (check, path, node)) == NULL ||
      !_fb_json_check_members (check, path, object, allowed))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "id", TRUE)) == NULL ||
      !_fb_json_take_id (check, id_path, member, &inject->id))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "kind", TRUE)) == NULL ||
      !_fb_json_take_string (check, kind_path, member, FB_OP_MAX_ID, &inject->kind))
    return FALSE;
  if (!fb_inject_kind_is_valid (inject->kind))
    return _fb_json_check_fail (check, kind_path, FB_ERROR_INVALID,
                                _("unknown kind “%s”; use fact, phone-call, email, ransom-note, "
                                  "regulator, media or outage"), inject->kind);

  if (!read_trigger (check, path, object, playbook, inject))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "text", TRUE)) == NULL ||
      !_fb_json_take_text (check, text_path, member, MAX_TEXT, &inject->text))
    return FALSE;

  if ((member = _fb_json_get_member (check, path, object, "expect", FALSE)) == NULL)
    return TRUE;

  if ((expects = _fb_json_get_array (check, expect_path, member)) == NULL)
    return FALSE;

  n = json_array_get_length (expects);
  if (n > FB_SCENARIO_MAX_EXPECTS)
    return _fb_json_check_fail (check, expect_path, FB_ERROR_TOO_LARGE,
                                _("too many expected responses; the limit is %d an inject"),
                                FB_SCENARIO_MAX_EXPECTS);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s[%u]", expect_path, i);
      FbScenarioExpect expect = { 0 };

      if (!read_expect (check, sub, json_array_get_element (expects, i), playbook, &expect))
        {
          clear_expect (&expect);
          return FALSE;
        }
      g_array_append_val (inject->expects, expect);
    }

  return TRUE;
}

static gboolean
read_injects (FbJsonCheck *check,
              FbScenario  *self,
              JsonNode    *node)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *injects;
  guint n;

  if ((injects = _fb_json_get_array (check, "injects", node)) == NULL)
    return FALSE;

  n = json_array_get_length (injects);
  if (n == 0)
    return _fb_json_check_fail (check, "injects", FB_ERROR_INVALID,
                                _("a scenario needs at least one inject"));
  if (n > FB_SCENARIO_MAX_INJECTS)
    return _fb_json_check_fail (check, "injects", FB_ERROR_TOO_LARGE,
                                _("too many injects; the limit is %d"), FB_SCENARIO_MAX_INJECTS);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("injects[%u]", i);
      FbScenarioInject inject = { 0 };

      if (!read_inject (check, path, json_array_get_element (injects, i),
                        _fb_scenario_get_playbook (self), &inject))
        {
          _fb_scenario_inject_clear (&inject);
          return FALSE;
        }

      _fb_scenario_add_inject (self, &inject);

      /* The id is what the timeline entry remembers of its inject. */
      if (!g_hash_table_add (ids, (gpointer) fb_scenario_get_inject (self, i)->id))
        {
          g_autofree char *id_path = _fb_json_join_path (path, "id");
          return _fb_json_check_fail (check, id_path, FB_ERROR_INVALID,
                                      _("inject id “%s” is used twice"),
                                      fb_scenario_get_inject (self, i)->id);
        }
    }

  return TRUE;
}

static gboolean
read_scenario (FbJsonCheck *check,
               FbScenario  *self,
               JsonNode    *root)
{
  static const char * const allowed[] = {
    "id", "version", "title", "playbook", "setting", "injects", NULL
  };
  g_autoptr(FbPlaybookLibrary) library = NULL;
  g_autofree char *id = NULL;
  g_autofree char *playbook_id = NULL;
  FbPlaybookText title = { 0 }, setting = { 0 };
  FbPlaybook *playbook;
  JsonObject *object;
  JsonNode *member;
  gint64 version;
  gboolean ok;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _fb_json_check_fail (check, "", FB_ERROR_INVALID, _("a scenario must be an object { … }"));
  object = json_node_get_object (root);

  if (!_fb_json_check_members (check, "", object, allowed))
    return FALSE;

  if ((member = _fb_json_get_member (check, "", object, "id", TRUE)) == NULL ||
      !_fb_json_take_id (check, "id", member, &id))
    return FALSE;

  if ((member = _fb_json_get_member (check, "", object, "version", TRUE)) == NULL ||
      !_fb_json_take_int (check, "version", member, 1, MAX_VERSION, &version))
    return FALSE;

  if ((member = _fb_json_get_member (check, "", object, "playbook", TRUE)) == NULL ||
      !_fb_json_take_id (check, "playbook", member, &playbook_id))
    return FALSE;

  /* Only the built-in playbooks: every workstation in the drill has them,
   * so every step id means the same everywhere. */
  library = fb_playbook_library_new_with_user_dir (NULL);
  playbook = fb_playbook_library_lookup (library, playbook_id);
  if (playbook == NULL)
    return _fb_json_check_fail (check, "playbook", FB_ERROR_INVALID,
                                _("there is no built-in playbook “%s”"), playbook_id);
  _fb_scenario_set_playbook (self, playbook);

  ok = (member = _fb_json_get_member (check, "", object, "title", TRUE)) != NULL &&
       _fb_json_take_text (check, "title", member, FB_OP_MAX_NAME, &title) &&
       (member = _fb_json_get_member (check, "", object, "setting", TRUE)) != NULL &&
       _fb_json_take_text (check, "setting", member, MAX_TEXT, &setting);
  _fb_scenario_set_texts (self, id, &title, &setting);
  if (!ok)
    return FALSE;

  if ((member = _fb_json_get_member (check, "", object, "injects", TRUE)) == NULL)
    return FALSE;

  return read_injects (check, self, member);
}

gboolean
_fb_scenario_read (FbScenario *self,
                   const char *source,
                   GHashTable *lines,
                   JsonNode   *root,
                   GError    **error)
{
  FbJsonCheck check = { source, lines, error };

  return read_scenario (&check, self, root);
}
