/* fb-scenario.c — a drill's script, loaded from a checked file
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario is read-only once loaded; the drill's state (which injects are
 * out, when) lives in the incident's timeline, so every workstation that
 * syncs the incident sees the same drill.
 */

#define G_LOG_DOMAIN "fb-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-core-resources.h"
#include "fb-error.h"
#include "fb-json-check-private.h"
#include "fb-playbook-private.h"
#include "fb-scenario-private.h"

struct _FbScenario
{
  GObject         parent_instance;

  char           *id;
  FbPlaybookText  title;
  FbPlaybookText  setting;
  FbPlaybook     *playbook;
  GArray         *injects;   /* of FbScenarioInject */
};

G_DEFINE_FINAL_TYPE (FbScenario, fb_scenario, G_TYPE_OBJECT)

static void
fb_scenario_finalize (GObject *object)
{
  FbScenario *self = (FbScenario *) object;

  g_free (self->id);
  _fb_playbook_text_clear (&self->title);
  _fb_playbook_text_clear (&self->setting);
  g_clear_object (&self->playbook);
  g_clear_pointer (&self->injects, g_array_unref);

  G_OBJECT_CLASS (fb_scenario_parent_class)->finalize (object);
}

static void
fb_scenario_class_init (FbScenarioClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_scenario_finalize;
}

static void
fb_scenario_init (FbScenario *self)
{
  self->injects = g_array_new (FALSE, TRUE, sizeof (FbScenarioInject));
  g_array_set_clear_func (self->injects, _fb_scenario_inject_clear);
}

/* Kinds of inject ---------------------------------------------------------- */

typedef struct
{
  const char *kind;
  const char *label;
} KindName;

static const KindName kinds[] = {
  { "fact", N_("New fact") },
  { "phone-call", N_("Phone call") },
  { "email", N_("Email") },
  { "ransom-note", N_("Ransom note") },
  { "regulator", N_("Regulator's question") },
  { "media", N_("Press enquiry") },
  { "outage", N_("System down") },
};

gboolean
fb_inject_kind_is_valid (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return TRUE;

  return FALSE;
}

const char *
fb_inject_kind_get_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return _(kinds[i].label);

  return _("Inject");
}

/* Loading ---------------------------------------------------------------- */

FbScenario *
fb_scenario_new_from_data (const char *data,
                           gsize       length,
                           const char *source,
                           GError    **error)
{
  g_autoptr(FbScenario) self = NULL;
  g_autoptr(GHashTable) lines = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  root = _fb_json_check_parse (data, length, source, FB_SCENARIO_MAX_BYTES, &lines, error);
  if (root == NULL)
    return NULL;

  self = g_object_new (FB_TYPE_SCENARIO, NULL);
  if (!_fb_scenario_read (self, source, lines, root, error))
    return NULL;

  return g_steal_pointer (&self);
}

FbScenario *
fb_scenario_new_from_file (GFile   *file,
                           GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  contents = _fb_json_check_load_file (file, FB_SCENARIO_MAX_BYTES, &name, &length, error);
  if (contents == NULL)
    return NULL;

  return fb_scenario_new_from_data (contents, length, name, error);
}

/**
 * fb_scenario_new_builtin:
 * @id: a shipped scenario's file name without “.json”
 */
FbScenario *
fb_scenario_new_builtin (const char *id,
                         GError    **error)
{
  g_autofree char *path = g_strconcat (FB_SCENARIO_RESOURCE_DIR, id, ".json", NULL);
  g_autofree char *source = g_strconcat ("resource://", path, NULL);
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize size = 0;

  bytes = g_resource_lookup_data (fb_core_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND, _("There is no built-in scenario “%s”"), id);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &size);
  return fb_scenario_new_from_data (data, size, source, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The shipped scenarios' ids, sorted. */
char **
fb_scenario_list_builtin (void)
{
  g_auto(GStrv) names = g_resource_enumerate_children (fb_core_get_resource (),
                                                       FB_SCENARIO_RESOURCE_DIR,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".json"))
      g_ptr_array_add (ids, g_strndup (names[i], strlen (names[i]) - 5));

  g_ptr_array_sort (ids, compare_names);
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

/* Private setters, for the reader ---------------------------------------- */

FbPlaybook *
_fb_scenario_get_playbook (FbScenario *self)
{
  return self->playbook;
}

void
_fb_scenario_set_playbook (FbScenario *self,
                           FbPlaybook *playbook)
{
  g_set_object (&self->playbook, playbook);
}

void
_fb_scenario_set_texts (FbScenario     *self,
                        const char     *id,
                        FbPlaybookText *title,
                        FbPlaybookText *setting)
{
  g_free (self->id);
  self->id = g_strdup (id);
  self->title = *title;
  self->setting = *setting;
  *title = (FbPlaybookText) { 0 };
  *setting = (FbPlaybookText) { 0 };
}

void
_fb_scenario_add_inject (FbScenario       *self,
                         FbScenarioInject *inject)
{
  g_array_append_val (self->injects, *inject);
}

/* Reading ---------------------------------------------------------------- */

const char *
fb_scenario_get_id (FbScenario *self)
{
  g_return_val_if_fail (FB_IS_SCENARIO (self), NULL);

  return self->id;
}

const char *
fb_scenario_get_title_in (FbScenario *self,
                          const char *language)
{
  g_return_val_if_fail (FB_IS_SCENARIO (self), NULL);

  return fb_playbook_text_get (&self->title, language);
}

const char *
fb_scenario_get_setting_in (FbScenario *self,
                            const char *language)
{
  g_return_val_if_fail (FB_IS_SCENARIO (self), NULL);

  return fb_playbook_text_get (&self->setting, language);
}

FbPlaybook *
fb_scenario_get_playbook (FbScenario *self)
{
  g_return_val_if_fail (FB_IS_SCENARIO (self), NULL);

  return self->playbook;
}

guint
fb_scenario_get_n_injects (FbScenario *self)
{
  g_return_val_if_fail (FB_IS_SCENARIO (self), 0);

  return self->injects->len;
}

const FbScenarioInject *
fb_scenario_get_inject (FbScenario *self,
                        guint       index)
{
  g_return_val_if_fail (FB_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->injects->len, NULL);

  return &g_array_index (self->injects, FbScenarioInject, index);
}

const FbScenarioInject *
fb_scenario_lookup_inject (FbScenario *self,
                           const char *id)
{
  g_return_val_if_fail (FB_IS_SCENARIO (self), NULL);

  for (guint i = 0; i < self->injects->len; i++)
    {
      const FbScenarioInject *inject = &g_array_index (self->injects, FbScenarioInject, i);

      if (g_strcmp0 (inject->id, id) == 0)
        return inject;
    }

  return NULL;
}

/* One expected response in the reader's words, for the console and the
 * after-action report. */
char *
fb_scenario_expect_describe (FbScenario             *self,
                             const FbScenarioExpect *expect)
{
  const FbPlaybookItem *item;

  g_return_val_if_fail (FB_IS_SCENARIO (self), NULL);

  switch (expect->kind)
    {
    case FB_EXPECT_STEP:
      item = fb_playbook_lookup_item (self->playbook, expect->step);
      /* TRANSLATORS: a checklist step, then a number of minutes */
      return g_strdup_printf (_("Step done: %s (within %d min)"),
                              item != NULL ? fb_playbook_text_get (&item->text, NULL) : expect->step,
                              (int) expect->within_min);
    case FB_EXPECT_DECISION:
      return g_strdup_printf (_("A decision recorded (within %d min)"), (int) expect->within_min);
    case FB_EXPECT_TOLD:
    default:
      /* TRANSLATORS: a contact category such as "Legal", then minutes */
      return g_strdup_printf (_("%s told (within %d min)"),
                              fb_contact_category_get_label (expect->category),
                              (int) expect->within_min);
    }
}
