/* firebreak-core.h — everything the core offers, for its users
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-checklist-item.h"
#include "fb-contact.h"
#include "fb-contacts-seed.h"
#include "fb-context.h"
#include "fb-deadline.h"
#include "fb-entry.h"
#include "fb-entry-list.h"
#include "fb-enums.h"
#include "fb-error.h"
#include "fb-hlc.h"
#include "fb-incident.h"
#include "fb-incident-summary.h"
#include "fb-json.h"
#include "fb-live-list.h"
#include "fb-op.h"
#include "fb-playbook.h"
#include "fb-scenario.h"
#include "fb-drill.h"
#include "fb-drill-report.h"
#include "fb-playbook-library.h"
#include "fb-probe.h"
#include "fb-progress.h"
#include "fb-record-state.h"
#include "fb-restriction.h"
#include "fb-role.h"
#include "fb-store.h"
#include "fb-store-deadlines.h"
#include "fb-store-handover.h"
#include "fb-store-incident.h"
#include "fb-store-updates.h"
#include "fb-time.h"
#include "fb-types.h"
#include "fb-vcard.h"
#include "fb-worker.h"
