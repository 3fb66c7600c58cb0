/* fb-scenario.h — a drill's script: the setting and the injects
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-playbook.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_SCENARIO_MAX_BYTES    (256 * 1024)
#define FB_SCENARIO_MAX_INJECTS  50
#define FB_SCENARIO_MAX_EXPECTS  10
#define FB_SCENARIO_RESOURCE_DIR RESOURCE_BASE "/scenarios/"

/* When an inject is released. */
typedef enum
{
  FB_TRIGGER_AT,              /* at a drill minute */
  FB_TRIGGER_AFTER_STEP,      /* minutes after a checklist step is done */
  FB_TRIGGER_AFTER_DECISION,  /* minutes after the n-th decision is recorded */
} FbTrigger;

/* What the players are expected to do after an inject. */
typedef enum
{
  FB_EXPECT_STEP,      /* a checklist step done, by playbook item id */
  FB_EXPECT_DECISION,  /* a decision recorded */
  FB_EXPECT_TOLD,      /* a contact of a category logged as told */
} FbExpectKind;

typedef struct
{
  FbExpectKind      kind;
  char             *step;        /* FB_EXPECT_STEP: the playbook item's id */
  FbContactCategory category;    /* FB_EXPECT_TOLD */
  gint64            within_min;  /* counted from the inject's release */
} FbScenarioExpect;

typedef struct
{
  char           *id;
  char           *kind;      /* fb_inject_kind_get_label () names it */
  FbTrigger       trigger;
  gint64          minutes;   /* AT: the drill minute; otherwise the delay after the event */
  char           *step;      /* FB_TRIGGER_AFTER_STEP */
  gint64          decision;  /* FB_TRIGGER_AFTER_DECISION: 1 for the first */
  FbPlaybookText  text;
  GArray         *expects;   /* of FbScenarioExpect */
} FbScenarioInject;

#define FB_TYPE_SCENARIO (fb_scenario_get_type ())

G_DECLARE_FINAL_TYPE (FbScenario, fb_scenario, FB, SCENARIO, GObject)

FbScenario             *fb_scenario_new_from_data    (const char  *data,
                                                      gsize        length,
                                                      const char  *source,
                                                      GError     **error);
FbScenario             *fb_scenario_new_from_file    (GFile       *file,
                                                      GError     **error);
FbScenario             *fb_scenario_new_builtin      (const char  *id,
                                                      GError     **error);
char                  **fb_scenario_list_builtin     (void);

const char             *fb_scenario_get_id           (FbScenario  *self);
const char             *fb_scenario_get_title_in     (FbScenario  *self,
                                                      const char  *language);
const char             *fb_scenario_get_setting_in   (FbScenario  *self,
                                                      const char  *language);
FbPlaybook             *fb_scenario_get_playbook     (FbScenario  *self);
guint                   fb_scenario_get_n_injects    (FbScenario  *self);
const FbScenarioInject *fb_scenario_get_inject       (FbScenario  *self,
                                                      guint        index);
const FbScenarioInject *fb_scenario_lookup_inject    (FbScenario  *self,
                                                      const char  *id);

gboolean                fb_inject_kind_is_valid      (const char  *kind);
const char             *fb_inject_kind_get_label     (const char  *kind);
char                   *fb_scenario_expect_describe  (FbScenario             *self,
                                                      const FbScenarioExpect *expect);

G_END_DECLS
