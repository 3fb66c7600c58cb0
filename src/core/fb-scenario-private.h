/* fb-scenario-private.h — what the scenario's reader and object share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fb-scenario.h"

G_BEGIN_DECLS

void        _fb_scenario_inject_clear (gpointer          data);
gboolean    _fb_scenario_read         (FbScenario       *self,
                                       const char       *source,
                                       GHashTable       *lines,
                                       JsonNode         *root,
                                       GError          **error);
FbPlaybook *_fb_scenario_get_playbook (FbScenario       *self);
void        _fb_scenario_set_playbook (FbScenario       *self,
                                       FbPlaybook       *playbook);
void        _fb_scenario_set_texts    (FbScenario       *self,
                                       const char       *id,
                                       FbPlaybookText   *title,
                                       FbPlaybookText   *setting);
void        _fb_scenario_add_inject   (FbScenario       *self,
                                       FbScenarioInject *inject);

G_END_DECLS
