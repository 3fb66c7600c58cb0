/* fb-types.h — shared enums and forward declarations of the core types
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _FbOp            FbOp;
typedef struct _FbStore         FbStore;
typedef struct _FbIncident      FbIncident;
typedef struct _FbEntry         FbEntry;
typedef struct _FbRole          FbRole;
typedef struct _FbWorker        FbWorker;
typedef struct _FbContact       FbContact;
typedef struct _FbChecklistItem FbChecklistItem;
typedef struct _FbEntryList     FbEntryList;
typedef struct _FbPlaybook      FbPlaybook;
typedef struct _FbPlaybookLibrary FbPlaybookLibrary;

/* How far a job in a thread has got, told in the main context of the
 * thread that started it: @fraction runs from 0 to 1, never backwards. */
typedef void (*FbProgressFunc) (double   fraction,
                                gpointer user_data);

/* Timeline entry kinds. The numeric order is the order of the kind selector
 * (Ctrl+1 … Ctrl+8), so keep it stable. */
typedef enum
{
  FB_ENTRY_FACT,
  FB_ENTRY_DECISION,
  FB_ENTRY_ACTION,
  FB_ENTRY_ESCALATION,
  FB_ENTRY_COMMUNICATION,
  FB_ENTRY_EVIDENCE,
  FB_ENTRY_NOTE,
  FB_ENTRY_SYSTEM,
  FB_N_ENTRY_KINDS
} FbEntryKind;

typedef enum
{
  FB_STATUS_OPEN,
  FB_STATUS_CLOSED,
  FB_N_STATUSES
} FbIncidentStatus;

/* NIST SP 800-61 phases. */
typedef enum
{
  FB_PHASE_PREPARATION,
  FB_PHASE_DETECTION,
  FB_PHASE_CONTAINMENT,
  FB_PHASE_POST_INCIDENT,
  FB_N_PHASES
} FbPhase;

typedef enum
{
  FB_WORKER_INVESTIGATING,
  FB_WORKER_CONTAINING,
  FB_WORKER_REPORTING,
  FB_WORKER_STANDBY,
  FB_WORKER_OFF_SHIFT,
  FB_N_WORKER_STATUSES
} FbWorkerStatus;

typedef enum
{
  FB_CONTACT_MANAGEMENT,
  FB_CONTACT_PR,
  FB_CONTACT_LEGAL,
  FB_CONTACT_IT,
  FB_CONTACT_SALES,
  FB_CONTACT_VENDOR,
  FB_CONTACT_AUTHORITY,
  FB_CONTACT_OTHER,
  FB_N_CONTACT_CATEGORIES
} FbContactCategory;

/* Checklist sections, in the order the guide asks for: the first three
 * moves come first. */
typedef enum
{
  FB_SECTION_FACT_FINDING,
  FB_SECTION_ESCALATION,
  FB_SECTION_DAMAGE_LIMITATION,
  FB_SECTION_RECOVERY,
  FB_SECTION_COMMUNICATIONS,
  FB_SECTION_POST_INCIDENT,
  FB_N_SECTIONS
} FbSection;

typedef enum
{
  FB_ITEM_TODO,
  FB_ITEM_DOING,
  FB_ITEM_DONE,
  FB_ITEM_SKIPPED,
  FB_N_ITEM_STATES
} FbItemState;

/* Who a status update is for. Groups, not contacts: a contact logged as
 * told is an entry of its own (fb_store_log_contact). */
typedef enum
{
  FB_AUDIENCE_MANAGEMENT,
  FB_AUDIENCE_STAFF,
  FB_AUDIENCE_CUSTOMERS,
  FB_AUDIENCE_REGULATOR,
  FB_AUDIENCE_POLICE,
  FB_N_AUDIENCES
} FbAudience;

/* What kind of record an incident row holds, fixed when it is created.
 * A readiness review is a standing checklist kept outside any incident:
 * no containment clock, no deadlines, no update cadence. */
typedef enum
{
  FB_RECORD_INCIDENT,
  FB_RECORD_READINESS,
  FB_N_RECORDS
} FbRecordType;

/* Stable wire names, used in ops, in the database and in exports. */
const char *fb_entry_kind_to_string       (FbEntryKind       kind);
gboolean    fb_entry_kind_from_string     (const char       *str,
                                           FbEntryKind      *kind);
const char *fb_status_to_string           (FbIncidentStatus  status);
gboolean    fb_status_from_string         (const char       *str,
                                           FbIncidentStatus *status);
const char *fb_phase_to_string            (FbPhase           phase);
gboolean    fb_phase_from_string          (const char       *str,
                                           FbPhase          *phase);
const char *fb_worker_status_to_string    (FbWorkerStatus    status);
gboolean    fb_worker_status_from_string  (const char       *str,
                                           FbWorkerStatus   *status);
const char *fb_contact_category_to_string (FbContactCategory category);
gboolean    fb_contact_category_from_string (const char      *str,
                                             FbContactCategory *category);
const char *fb_section_to_string          (FbSection         section);
gboolean    fb_section_from_string        (const char       *str,
                                           FbSection        *section);
const char *fb_item_state_to_string       (FbItemState       state);
gboolean    fb_item_state_from_string     (const char       *str,
                                           FbItemState      *state);
const char *fb_audience_to_string         (FbAudience        audience);
gboolean    fb_audience_from_string       (const char       *str,
                                           FbAudience       *audience);
const char *fb_record_type_to_string      (FbRecordType      record);
gboolean    fb_record_type_from_string    (const char       *str,
                                           FbRecordType     *record);

/* Human names, translated. */
const char *fb_entry_kind_get_label       (FbEntryKind       kind);
const char *fb_status_get_label           (FbIncidentStatus  status);
const char *fb_phase_get_label            (FbPhase           phase);
const char *fb_worker_status_get_label    (FbWorkerStatus    status);
const char *fb_contact_category_get_label (FbContactCategory category);
const char *fb_record_type_get_label      (FbRecordType      record);
const char *fb_section_get_label          (FbSection         section);
const char *fb_item_state_get_label       (FbItemState       state);
const char *fb_audience_get_label         (FbAudience        audience);
const char *fb_role_get_label             (const char       *role);
const char * const *fb_role_get_standard  (void);

G_END_DECLS
