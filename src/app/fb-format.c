/* fb-format.c — words and times as the views show them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-format"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-clock-state.h"
#include "fb-format.h"

char *
fb_format_since (gint64 since_ms,
                 gint64 now_ms)
{
  gint64 minutes = MAX (now_ms - since_ms, 0) / 60000;

  if (minutes < 1)
    return g_strdup (_("just now"));
  if (minutes < 60)
    /* Translators: time since detection, in minutes */
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 48 * 60)
    /* Translators: time since detection, hours and minutes */
    return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));

  /* Translators: time since detection, days and hours */
  return g_strdup_printf (_("%d d %d h"), (int) (minutes / (24 * 60)), (int) (minutes / 60 % 24));
}

char *
fb_format_severity (int severity)
{
  /* Translators: severity 1 is the most severe */
  return g_strdup_printf (_("SEV %d"), CLAMP (severity, 1, 4));
}

const char *
fb_entry_kind_get_icon (FbEntryKind kind)
{
  static const char * const icons[] = {
    [FB_ENTRY_FACT] = "dialog-information-symbolic",
    [FB_ENTRY_DECISION] = "emblem-ok-symbolic",
    [FB_ENTRY_ACTION] = "system-run-symbolic",
    [FB_ENTRY_ESCALATION] = "go-up-symbolic",
    [FB_ENTRY_COMMUNICATION] = "mail-send-symbolic",
    [FB_ENTRY_EVIDENCE] = "emblem-documents-symbolic",
    [FB_ENTRY_NOTE] = "document-edit-symbolic",
    [FB_ENTRY_SYSTEM] = "emblem-system-symbolic",
  };

  return kind < FB_N_ENTRY_KINDS ? icons[kind] : icons[FB_ENTRY_NOTE];
}

const char *
fb_entry_kind_get_css (FbEntryKind kind)
{
  static const char * const classes[] = {
    [FB_ENTRY_FACT] = "kind-fact",
    [FB_ENTRY_DECISION] = "kind-decision",
    [FB_ENTRY_ACTION] = "kind-action",
    [FB_ENTRY_ESCALATION] = "kind-escalation",
    [FB_ENTRY_COMMUNICATION] = "kind-communication",
    [FB_ENTRY_EVIDENCE] = "kind-evidence",
    [FB_ENTRY_NOTE] = "kind-note",
    [FB_ENTRY_SYSTEM] = "kind-system",
  };

  return kind < FB_N_ENTRY_KINDS ? classes[kind] : classes[FB_ENTRY_NOTE];
}


/* Under a readiness review's count of steps: when it began, and when a
 * step was last done. */
char *
fb_format_review_caption (FbContext              *context,
                          FbIncident             *review,
                          const FbReviewProgress *progress)
{
  g_autofree char *started = fb_context_format_time_full (context, fb_incident_get_detected_at (review));
  g_autofree char *caption = NULL;

  if (progress->last_done_at > 0)
    {
      g_autofree char *last = fb_context_format_time_full (context, progress->last_done_at);
      /* Translators: under a readiness review's steps; each %s is a date and time */
      caption = g_strdup_printf (_("Started %s · last step done %s"), started, last);
    }
  else
    /* Translators: under a readiness review's steps; %s is a date and time */
    caption = g_strdup_printf (_("Started %s · no step done yet"), started);

  /* The count above it is of steps done: the skipped ones are named here. */
  if (progress->skipped == 0)
    return g_steal_pointer (&caption);

  /* Translators: after a readiness review's caption (%s); %u steps were
   * skipped as not applying */
  return g_strdup_printf (ngettext ("%s · %u step skipped", "%s · %u steps skipped", progress->skipped),
                          caption, progress->skipped);
}

/* Under a stopped containment clock: when, and whether within the target. */
char *
fb_format_contained (FbContext  *context,
                     FbIncident *incident,
                     gboolean    met_target)
{
  g_autofree char *at = fb_context_format_time_full (context, fb_incident_get_contained_at (incident));

  return g_strdup_printf (met_target ? _("Contained at %s, within the target")
                                     : _("Contained at %s, after the target"), at);
}
