/* fb-json-check-private.h — checks of a parsed file's members, with lines
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fb-error.h"
#include "fb-playbook.h"

G_BEGIN_DECLS

/* What a check needs: the file's name and its member-to-line map
 * (_fb_json_line_map_new ()); the first failure sets *error. */
typedef struct
{
  const char *source;
  GHashTable *lines;
  GError    **error;
} FbJsonCheck;

gboolean    _fb_json_check_fail    (FbJsonCheck        *check,
                                    const char         *path,
                                    FbError             code,
                                    const char         *format,
                                    ...) G_GNUC_PRINTF (4, 5);
char       *_fb_json_join_path     (const char         *parent,
                                    const char         *member);
gboolean    _fb_json_is_identifier (const char         *str);
gboolean    _fb_json_check_members (FbJsonCheck        *check,
                                    const char         *path,
                                    JsonObject         *object,
                                    const char * const *allowed);
JsonObject *_fb_json_get_object    (FbJsonCheck        *check,
                                    const char         *path,
                                    JsonNode           *node);
JsonArray  *_fb_json_get_array     (FbJsonCheck        *check,
                                    const char         *path,
                                    JsonNode           *node);
JsonNode   *_fb_json_get_member    (FbJsonCheck        *check,
                                    const char         *path,
                                    JsonObject         *object,
                                    const char         *name,
                                    gboolean            required);
gboolean    _fb_json_take_string   (FbJsonCheck        *check,
                                    const char         *path,
                                    JsonNode           *node,
                                    gsize               max,
                                    char              **out);
gboolean    _fb_json_take_int      (FbJsonCheck        *check,
                                    const char         *path,
                                    JsonNode           *node,
                                    gint64              min,
                                    gint64              max,
                                    gint64             *out);
gboolean    _fb_json_take_id       (FbJsonCheck        *check,
                                    const char         *path,
                                    JsonNode           *node,
                                    char              **out);
gboolean    _fb_json_take_text     (FbJsonCheck        *check,
                                    const char         *path,
                                    JsonNode           *node,
                                    gsize               max,
                                    FbPlaybookText     *out);

JsonNode   *_fb_json_check_parse     (const char         *data,
                                      gsize               length,
                                      const char         *source,
                                      gsize               max,
                                      GHashTable        **lines,
                                      GError            **error);
char       *_fb_json_check_load_file (GFile              *file,
                                      gsize               max,
                                      char              **name,
                                      gsize              *length,
                                      GError            **error);

G_END_DECLS
