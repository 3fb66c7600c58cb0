/* fb-json-private.h — the canonical writer's pieces and the strict walker
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-json.h"

G_BEGIN_DECLS

void _fb_json_write_string (GString    *out,
                            const char *str);
gboolean _fb_json_string_is_plain (const char *str,
                                   gsize       length);
void _fb_json_append_int   (GString    *out,
                            gint64      value);
char *_fb_json_canonical_object (JsonObject *object);

gboolean _fb_json_scan (const char *data,
                        gsize       length,
                        guint       max_depth,
                        GHashTable *lines,
                        guint      *error_line,
                        gsize      *error_offset,
                        GError    **error);

gboolean _fb_json_check_untrusted (const char *data,
                                   gsize       length,
                                   gsize       max_bytes,
                                   guint       max_depth,
                                   GError    **error);

/* Reading values straight from text that _fb_json_check_untrusted()
 * passed, without a tree (fb-json-read.c). */
typedef enum
{
  FB_JSON_READ_END,      /* no value here: the text is used up, or broken */
  FB_JSON_READ_OBJECT,
  FB_JSON_READ_ARRAY,
  FB_JSON_READ_STRING,
  FB_JSON_READ_INT,
  FB_JSON_READ_DOUBLE,   /* a number with a fraction or an exponent */
  FB_JSON_READ_BOOL,
  FB_JSON_READ_NULL,
} FbJsonRead;

typedef struct
{
  const char *p;
  const char *end;
  GString    *name;      /* the member name last read */
  gboolean    broken;    /* the text was not what the check passed */
} FbJsonReader;

void        _fb_json_reader_init         (FbJsonReader *reader,
                                          const char   *data,
                                          gsize         length);
void        _fb_json_reader_clear        (FbJsonReader *reader);
FbJsonRead  _fb_json_reader_peek         (FbJsonReader *reader);
gboolean    _fb_json_reader_enter        (FbJsonReader *reader);
gboolean    _fb_json_reader_next_member  (FbJsonReader *reader);
gboolean    _fb_json_reader_next_element (FbJsonReader *reader);
char       *_fb_json_reader_take_string  (FbJsonReader *reader);
gint64      _fb_json_reader_int          (FbJsonReader *reader);
gboolean    _fb_json_reader_done         (FbJsonReader *reader);
void        _fb_json_reader_skip         (FbJsonReader *reader);
JsonNode   *_fb_json_reader_node         (FbJsonReader *reader);
JsonObject *_fb_json_reader_object       (FbJsonReader *reader);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FbJsonReader, _fb_json_reader_clear)

G_END_DECLS
