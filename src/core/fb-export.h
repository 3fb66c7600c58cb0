/* fb-export.h — one incident out of the database, and back in
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-store.h"

G_BEGIN_DECLS

typedef enum
{
  FB_EXPORT_MARKDOWN,
  FB_EXPORT_HTML,
  FB_EXPORT_JSON,
  FB_EXPORT_CSV,
} FbExportFormat;

/* What the JSON export says it is, which an import checks. */
#define FB_EXPORT_FORMAT_NAME "firebreak-incident"
#define FB_EXPORT_VERSION     1

gboolean    fb_export_format_from_string (const char     *name,
                                          FbExportFormat *format);
const char *fb_export_format_extension   (FbExportFormat  format);
GBytes     *fb_export_incident           (FbStore        *store,
                                          const char     *incident,
                                          FbExportFormat  format,
                                          GError        **error);
gboolean    fb_export_incident_to_stream (FbStore        *store,
                                          const char     *incident,
                                          FbExportFormat  format,
                                          GOutputStream  *stream,
                                          GCancellable   *cancellable,
                                          GError        **error);
gboolean    fb_import_incident           (FbStore        *store,
                                          const char     *data,
                                          gsize           length,
                                          char          **incident,
                                          guint          *n_applied,
                                          GError        **error);
gboolean    fb_import_incident_file      (FbStore        *store,
                                          GFile          *file,
                                          char          **incident,
                                          guint          *n_applied,
                                          GError        **error);

void        fb_export_incident_async     (FbStore             *store,
                                          const char          *incident,
                                          FbExportFormat       format,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          FbProgressFunc       progress,
                                          gpointer             progress_data,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    fb_export_incident_finish    (FbStore             *store,
                                          GAsyncResult        *result,
                                          GError             **error);
void        fb_import_incident_async     (FbStore             *store,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          FbProgressFunc       progress,
                                          gpointer             progress_data,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    fb_import_incident_finish    (FbStore             *store,
                                          GAsyncResult        *result,
                                          char               **incident,
                                          guint               *n_applied,
                                          GError             **error);

G_END_DECLS
