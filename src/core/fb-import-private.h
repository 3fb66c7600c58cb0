/* fb-import-private.h — what the parts of the JSON import share
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* fb-import-stream.c: strict JSON read from a stream a value at a time.
 * Every byte is checked as UTF-8 as it comes, every value as strict JSON
 * (_fb_json_scan ()) before it is given out, with the words and the byte
 * offset the check of the whole text would give. */
typedef struct _FbImportStream FbImportStream;

FbImportStream *_fb_import_stream_new      (GInputStream   *input,
                                            gsize           chunk,
                                            GCancellable   *cancellable);
void            _fb_import_stream_free     (FbImportStream *self);
guint64         _fb_import_stream_consumed (FbImportStream *self);
gboolean        _fb_import_stream_peek     (FbImportStream *self,
                                            int            *c,
                                            GError        **error);
void            _fb_import_stream_skip     (FbImportStream *self);
gboolean        _fb_import_stream_value    (FbImportStream *self,
                                            guint           depth,
                                            const char    **text,
                                            gsize          *length,
                                            GError        **error);
gboolean        _fb_import_stream_fail     (FbImportStream *self,
                                            const char     *what,
                                            GError        **error);
gboolean        _fb_import_stream_drain    (FbImportStream *self,
                                            GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbImportStream, _fb_import_stream_free)

/* The most one value of the file (an op, a link, the record's state) may
 * take: values are held whole only one at a time. */
#define FB_IMPORT_MAX_VALUE_BYTES (16 * 1024 * 1024)

/* How much is read at a time; tests make it small. */
#define FB_IMPORT_CHUNK_BYTES (64 * 1024)

/* fb-import-chains.c: each device's chain, ops and links together, from
 * 1 without a gap, in any order, in a temporary file rather than memory. */
typedef struct _FbImportChains FbImportChains;

FbImportChains *_fb_import_chains_new    (GError        **error);
void            _fb_import_chains_free   (FbImportChains *self);
gboolean        _fb_import_chains_add    (FbImportChains *self,
                                          const char     *device,
                                          gint64          seq,
                                          const char     *prev,
                                          const char     *hash,
                                          GError        **error);
gboolean        _fb_import_chains_check  (FbImportChains *self,
                                          char          **device,
                                          gint64         *number,
                                          GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbImportChains, _fb_import_chains_free)

/* fb-import.c: the chunk size of the imports that follow, for tests; 0
 * for the default. */
void            _fb_import_set_chunk_size (gsize bytes);

G_END_DECLS
