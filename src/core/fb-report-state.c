/* fb-report-state.c — what a report says of the record it came from:
 * whether it holds, and its state, for checking later
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report leaves the computer (on paper, in a mail) and becomes a
 * witness nobody at the computer can change. It carries the record's
 * heads and their digest; `firebreak-cli verify --expect` takes either
 * back and says whether the record still contains that state.
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-report-private.h"
#include "fb-store-witness-private.h"

static void
add_paragraph_take (FbReport *report,
                    char     *text)
{
  FbBlock *block = g_new0 (FbBlock, 1);

  block->type = FB_BLOCK_PARAGRAPH;
  block->text = text;
  g_ptr_array_add (report->blocks, block);
}

/* The state the report shows is kept by the record too (when it can be
 * written), so that its digest alone can be checked later. */
gboolean
_fb_report_add_state (FbReport *report,
                      FbStore  *store,
                      GError  **error)
{
  g_autoptr(FbRecordState) state = fb_store_get_state (store, error);

  if (state == NULL)
    return FALSE;

  _fb_store_issue_state (store, state, FB_SEEN_REPORT);

  add_paragraph_take (report,
                      g_strdup_printf (_("State of the record (SHA-256 of its heads): %s. "
                                         "“firebreak-cli verify --expect” followed by this digest, or by the "
                                         "heads below, says whether the record still contains this state."),
                                       state->digest));
  for (guint i = 0; i < state->heads->len; i++)
    {
      const FbHead *head = g_ptr_array_index (state->heads, i);

      add_paragraph_take (report,
                          g_strdup_printf (_("Head: %s:%lld:%s"), head->device,
                                           (long long) head->device_seq, head->hash));
    }

  return TRUE;
}

void
_fb_report_add_integrity (FbReport       *report,
                          FbVerification *verification)
{
  FbBlock *heading = g_new0 (FbBlock, 1);

  heading->type = FB_BLOCK_HEADING;
  heading->text = g_strdup (_("Integrity of the record"));
  g_ptr_array_add (report->blocks, heading);

  if (verification->problem == NULL)
    add_paragraph_take (report,
                        g_strdup_printf (_("The record is intact: every change was checked against its device’s hash chain, "
                                           "and every timeline entry matches the change that recorded it "
                                           "(changes: %u; devices: %u)."),
                                         verification->n_ops, verification->n_devices));
  else
    add_paragraph_take (report, g_strdup_printf (_("The record is NOT intact: %s"), verification->problem));

  add_paragraph_take (report, g_strdup_printf (_("Digest of this incident’s changes (SHA-256): %s"),
                                               verification->digest));
}
