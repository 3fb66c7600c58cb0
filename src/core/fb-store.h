/* fb-store.h — the local database: the op log, the tables read by the views
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fb-deadline.h"
#include "fb-hlc.h"
#include "fb-op.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_STORE (fb_store_get_type ())

G_DECLARE_FINAL_TYPE (FbStore, fb_store, FB, STORE, GObject)

typedef enum
{
  FB_CHANGE_INCIDENTS = 1 << 0,
  FB_CHANGE_ENTRIES   = 1 << 1,
  FB_CHANGE_ROLES     = 1 << 2,
  FB_CHANGE_WORKERS   = 1 << 3,
  FB_CHANGE_CONTACTS  = 1 << 4,
  FB_CHANGE_CHECKLIST = 1 << 5,
  FB_CHANGE_OUTBOX    = 1 << 6,
  FB_CHANGE_DEADLINES = 1 << 7,
  FB_CHANGE_SENDABLE  = 1 << 8,  /* changes made here are on the disk, ready to send */
} FbChangeFlags;

/* A place in a device's chain whose op is not held here: its number and
 * hashes. Export files and the war-room server carry them, so that a
 * device's chain can be checked end to end without all its ops. */
typedef struct
{
  char   *device;
  gint64  device_seq;
  char   *prev;   /* "" for a device's first change */
  char   *hash;
} FbLink;

void            fb_link_free              (FbLink           *link);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbLink, fb_link_free)
FbLink         *fb_link_from_json_node    (JsonNode         *node);
JsonNode       *fb_link_to_json_node      (const FbLink     *link);

typedef enum
{
  FB_STORE_OPEN_DEFAULT = 0,
  /* Notice commits by other processes on the same file (the app wants
   * this; a server or a one-shot command does not). */
  FB_STORE_OPEN_WATCH   = 1 << 0,
  /* Open at once and check every page of the file in a thread (the app,
   * to show its window sooner); writes wait for the check. Otherwise
   * open refuses a damaged file. */
  FB_STORE_OPEN_CHECK_IN_BACKGROUND = 1 << 1,
  /* The caller means to write (a command that adds to the record): the
   * file is checked whole with SQLite's integrity check, which also
   * compares every index with its table, when opened. Otherwise open
   * runs the quicker check of every page, and the integrity check runs
   * before the first write. */
  FB_STORE_OPEN_CHECK_FULLY = 1 << 2,
} FbStoreOpenFlags;

typedef enum
{
  FB_APPLY_DEFAULT      = 0,
  /* The ops come from a server that already refused clocks too far ahead
   * of its own; a workstation whose clock runs behind must still take
   * them (its hybrid clock then moves past them). */
  FB_APPLY_TRUST_CLOCKS = 1 << 0,
  /* The ops are drafts made here (type, incident, entity and body set):
   * they are completed in place with id, device, sequence, clock, author
   * and hash, and queued for the server. */
  FB_APPLY_LOCAL        = 1 << 1,
  /* The ops and links come from a file, not a server: the witnesses of
   * their devices say so. */
  FB_APPLY_IMPORTED     = 1 << 2,
  /* Every op already passed fb_op_validate(), in the thread that decoded
   * it (a sync client's pull): the apply, on the thread that owns the
   * store, does not check them again. Their hashes and chains still are. */
  FB_APPLY_VALIDATED    = 1 << 3,
  /* The ops are already on the disk of the server that sent them: their
   * commit is not waited for on this disk. A power cut may take the last
   * such commits back, with the sync position they moved, and the next
   * pull brings them again; anything made here commits with a wait,
   * which puts everything before it on the disk too. */
  FB_APPLY_HELD_BY_SERVER = 1 << 4,
} FbApplyFlags;

/* Result of checking the record. problem is NULL when everything holds. */
typedef struct
{
  guint  n_ops;
  guint  n_devices;
  guint  n_entries;
  char  *digest;     /* SHA-256 over the op hashes checked, in chain order */
  char  *problem;    /* what is wrong, in words, naming the op */
  char  *op_id;      /* the first op found wrong, if any */
} FbVerification;

void            fb_verification_free      (FbVerification *verification);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbVerification, fb_verification_free)

FbStore        *fb_store_open             (const char       *path,
                                           FbStoreOpenFlags  flags,
                                           GError          **error);
FbStore        *fb_store_open_with_clock  (const char       *path,
                                           FbStoreOpenFlags  flags,
                                           FbClockFunc       clock,
                                           gpointer          clock_data,
                                           GError          **error);
char           *fb_store_default_path     (void);

const GError   *fb_store_get_damage       (FbStore          *self);
const char     *fb_store_get_path         (FbStore          *self);
const char     *fb_store_get_device_id    (FbStore          *self);
const char     *fb_store_get_author       (FbStore          *self);
void            fb_store_set_author       (FbStore          *self,
                                           const char       *author);
gint64          fb_store_now_ms           (FbStore          *self);
void            fb_store_set_clock        (FbStore          *self,
                                           FbClockFunc       clock,
                                           gpointer          clock_data);

/* The one door: every change, made here or received, goes through it.
 * A batch is one transaction: all of it or none of it. */
gboolean        fb_store_apply            (FbStore          *self,
                                           GPtrArray        *ops,
                                           GPtrArray        *links,
                                           FbApplyFlags      flags,
                                           guint            *n_applied,
                                           GError          **error);
gboolean        fb_store_apply_with_meta  (FbStore          *self,
                                           GPtrArray        *ops,
                                           GPtrArray        *links,
                                           FbApplyFlags      flags,
                                           const char * const *meta,
                                           guint            *n_applied,
                                           GError          **error);
GPtrArray      *fb_store_get_links        (FbStore          *self,
                                           const char       *device,
                                           gint64            below,
                                           GError          **error);

/* Reading the op log, for sync and export. */
GPtrArray      *fb_store_get_outbox       (FbStore          *self,
                                           guint             limit,
                                           GError          **error);
gboolean        fb_store_ack_outbox       (FbStore          *self,
                                           GPtrArray        *op_ids,
                                           GError          **error);
gboolean        fb_store_reset_outbox     (FbStore          *self,
                                           GError          **error);
guint           fb_store_count_outbox     (FbStore          *self);
gboolean        fb_store_flush            (FbStore          *self,
                                           GError          **error);
gboolean        fb_store_incident_left_here (FbStore        *self,
                                           const char       *incident);
gboolean        fb_store_offer_devices    (FbStore          *self,
                                           GPtrArray        *ops,
                                           GError          **error);
char          **fb_store_get_offer        (FbStore          *self);
gboolean        fb_store_clear_offer      (FbStore          *self,
                                           GError          **error);
GPtrArray      *fb_store_get_ops          (FbStore          *self,
                                           const char       *incident,
                                           GError          **error);
gboolean        fb_store_has_op           (FbStore          *self,
                                           const char       *op_id);

/* Small settings that belong to this database (sync cursor, server id). */
char           *fb_store_get_meta         (FbStore          *self,
                                           const char       *key);
gboolean        fb_store_set_meta         (FbStore          *self,
                                           const char       *key,
                                           const char       *value,
                                           GError          **error);

/* Queries for the views. */
GListModel     *fb_store_list_incidents   (FbStore          *self,
                                           gboolean          include_closed);
FbIncident     *fb_store_get_incident     (FbStore          *self,
                                           const char       *id);
char           *fb_store_find_incident    (FbStore          *self,
                                           const char       *name,
                                           GError          **error);
FbEntry        *fb_store_get_entry        (FbStore          *self,
                                           const char       *id);
guint           fb_store_count_entries    (FbStore          *self,
                                           const char       *incident);
GListModel     *fb_store_list_entries_where (FbStore        *self,
                                           const char       *incident,
                                           guint             kind_mask,
                                           gboolean          pinned_only,
                                           guint             limit);
GListModel     *fb_store_list_entries_from_others (FbStore  *self,
                                           gint64           *cursor,
                                           gint64            recorded_since);
GListModel     *fb_store_list_contact_logs (FbStore         *self,
                                           const char       *incident);
GListModel     *fb_store_list_roles       (FbStore          *self,
                                           const char       *incident);
FbRole         *fb_store_get_role         (FbStore          *self,
                                           const char       *incident,
                                           const char       *role);
GListModel     *fb_store_list_workers     (FbStore          *self,
                                           const char       *incident);
FbWorker       *fb_store_get_worker       (FbStore          *self,
                                           const char       *incident,
                                           const char       *id);
GListModel     *fb_store_list_contacts    (FbStore          *self,
                                           const char       *search);
FbContact      *fb_store_get_contact      (FbStore          *self,
                                           const char       *id);
GListModel     *fb_store_list_checklist   (FbStore          *self,
                                           const char       *incident);
FbChecklistItem *fb_store_get_checklist_item (FbStore       *self,
                                           const char       *id);

FbVerification *fb_store_verify           (FbStore          *self,
                                           const char       *incident,
                                           GError          **error);
void            fb_store_verify_in_background (FbStore             *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void            fb_store_verify_async     (FbStore             *self,
                                           const char          *incident,
                                           GCancellable        *cancellable,
                                           FbProgressFunc       progress,
                                           gpointer             progress_data,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
FbVerification *fb_store_verify_finish    (FbStore          *self,
                                           GAsyncResult     *result,
                                           GError          **error);

/* What a new incident starts with, for fb_store_declare_incident(). The
 * limits are the op's, from fb-op.h. */
typedef struct
{
  const char *title;                  /* 1 to FB_OP_MAX_NAME bytes */
  FbPlaybook *playbook;               /* kind, target and checklist; NULL: generic, no checklist */
  int         severity;               /* FB_OP_MIN_SEVERITY (highest) to FB_OP_MAX_SEVERITY */
  gint64      detected_at;            /* 0: now */
  int         containment_target_min; /* FB_OP_MIN_TARGET_MIN to FB_OP_MAX_TARGET_MIN;
                                       * 0: the playbook's, or 60 without one */
  gboolean    drill;
  FbDeadlineRules rules;              /* which of the playbook's deadlines apply */
} FbIncidentPlan;

/* Commands: one user action, one call, one transaction. Each returns the
 * new entity's id where it makes one. */
char           *fb_store_declare_incident (FbStore          *self,
                                           const FbIncidentPlan *plan,
                                           GError          **error);
char           *fb_store_start_review     (FbStore          *self,
                                           const char       *title,
                                           FbPlaybook       *playbook,
                                           GError          **error);
/* A bare incident, without a checklist, for tests and demos. */
char           *fb_store_create_incident  (FbStore          *self,
                                           const char       *title,
                                           const char       *kind,
                                           int               severity,
                                           gint64            detected_at,
                                           int               containment_target_min,
                                           gboolean          drill,
                                           GError          **error);
gboolean        fb_store_update_incident  (FbStore          *self,
                                           const char       *incident,
                                           JsonObject       *fields,
                                           GError          **error);
gboolean        fb_store_record_containment (FbStore        *self,
                                           const char       *incident,
                                           gint64            contained_at,
                                           GError          **error);
gboolean        fb_store_set_incident_open (FbStore         *self,
                                           const char       *incident,
                                           gboolean          open,
                                           GError          **error);
char           *fb_store_add_entry        (FbStore          *self,
                                           const char       *incident,
                                           FbEntryKind       kind,
                                           const char       *text,
                                           gint64            occurred_at,
                                           const char       *amends,
                                           JsonObject       *data,
                                           GError          **error);
gboolean        fb_store_set_pinned       (FbStore          *self,
                                           const char       *entry,
                                           gboolean          pinned,
                                           GError          **error);
gboolean        fb_store_assign_role      (FbStore          *self,
                                           const char       *incident,
                                           const char       *role,
                                           const char       *person,
                                           const char       *contact,
                                           GError          **error);
char           *fb_store_set_contact      (FbStore          *self,
                                           const char       *id,
                                           JsonObject       *fields,
                                           GError          **error);
gboolean        fb_store_delete_contact   (FbStore          *self,
                                           const char       *id,
                                           GError          **error);
char           *fb_store_set_worker       (FbStore          *self,
                                           const char       *incident,
                                           const char       *id,
                                           JsonObject       *fields,
                                           GError          **error);
gboolean        fb_store_remove_worker    (FbStore          *self,
                                           const char       *incident,
                                           const char       *id,
                                           GError          **error);
char           *fb_store_add_checklist_item (FbStore        *self,
                                           const char       *incident,
                                           FbSection         section,
                                           const char       *text,
                                           int               position,
                                           const char       *playbook_item,
                                           GError          **error);
gboolean        fb_store_set_checklist_item (FbStore        *self,
                                           const char       *item,
                                           JsonObject       *fields,
                                           GError          **error);

G_END_DECLS
