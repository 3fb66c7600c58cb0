/* fb-test-page.h — a page decoded both ways, and their first difference
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by tests/sync/test-page-decode.c and tests/fuzz/fuzz-page-decode.c:
 * the text decoder must give what the json-glib tree's decoding gives,
 * the same page or the same words for what is wrong.
 */

#pragma once

#include <string.h>

#include "fb-json-private.h"
#include "fb-sync-page-private.h"

static inline char *
fb_test_page_json_of (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* The value json-glib's parser makes of checked @data, beside the one
 * the reader makes: NULL when they are one, else both as text. */
static inline char *
fb_test_reader_differs (const char *data,
                        gsize       length)
{
  g_autoptr(JsonNode) tree = fb_json_parse_untrusted (data, (gssize) length, G_MAXSIZE, FB_JSON_MAX_DEPTH, NULL);
  g_autoptr(JsonNode) read = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_auto(FbJsonReader) reader = { 0 };

  if (tree == NULL)
    return NULL;

  _fb_json_reader_init (&reader, data, length);
  read = _fb_json_reader_node (&reader);
  if (!_fb_json_reader_done (&reader))
    return g_strdup ("the reader broke on text the check passed");

  /* The generator writes members in their order and doubles as json-glib
   * holds them: equal text, equal trees. */
  a = fb_test_page_json_of (tree);
  b = fb_test_page_json_of (read);
  if (!json_node_equal (tree, read) || g_strcmp0 (a, b) != 0)
    return g_strdup_printf ("tree %s, reader %s", a, b);
  return NULL;
}

static inline char *
fb_test_op_text (const FbOp *op)
{
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *json = fb_op_to_json (op, NULL);
  g_autofree char *order = NULL;

  json_node_set_object (body, op->body);
  order = fb_test_page_json_of (body);
  return g_strdup_printf ("%s kind %d body %s", json, op->kind, order);
}

static inline char *
fb_test_link_text (const FbLink *link)
{
  return g_strdup_printf ("%s/%" G_GINT64_FORMAT "/%s/%s", link->device, link->device_seq, link->prev, link->hash);
}

/* NULL when both decodings of @data, from @cursor, agree. */
static inline char *
fb_test_page_differs (const char *data,
                      gsize       length,
                      gsize       max_bytes,
                      gint64      cursor,
                      const char *cursor_id)
{
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GError) text_error = NULL;
  FbSyncPage *tree = _fb_sync_page_new (cursor, cursor_id);
  FbSyncPage *text = _fb_sync_page_new (cursor, cursor_id);
  gboolean tree_ok = _fb_sync_page_decode_with_tree (tree, data, length, max_bytes, &tree_error);
  gboolean text_ok = _fb_sync_page_decode (text, data, length, max_bytes, &text_error);
  char *differs = NULL;

  if (tree_ok != text_ok)
    differs = g_strdup_printf ("tree %s, text %s", tree_ok ? "took it" : tree_error->message,
                               text_ok ? "took it" : text_error->message);
  else if (!tree_ok)
    {
      if (!g_error_matches (text_error, tree_error->domain, tree_error->code) ||
          g_strcmp0 (tree_error->message, text_error->message) != 0)
        differs = g_strdup_printf ("tree: %s; text: %s", tree_error->message, text_error->message);
    }
  else if (tree->diverged != text->diverged || tree->head != text->head || tree->n_in_page != text->n_in_page)
    differs = g_strdup_printf ("diverged %d/%d, head %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ", %u/%u in the page",
                               tree->diverged, text->diverged, tree->head, text->head,
                               tree->n_in_page, text->n_in_page);
  else if (!tree->diverged)
    {
      if (tree->last_seq != text->last_seq || g_strcmp0 (tree->last_id, text->last_id) != 0)
        differs = g_strdup_printf ("last %" G_GINT64_FORMAT " %s / %" G_GINT64_FORMAT " %s",
                                   tree->last_seq, tree->last_id, text->last_seq, text->last_id);
      else if (g_strcmp0 (tree->withheld, text->withheld) != 0 ||
               (tree->hidden == NULL) != (text->hidden == NULL) ||
               (tree->hidden != NULL && !g_strv_equal ((const char * const *) tree->hidden,
                                                       (const char * const *) text->hidden)))
        differs = g_strdup ("what is withheld");
      else if (tree->ops->len != text->ops->len || tree->links->len != text->links->len)
        differs = g_strdup_printf ("%u/%u ops, %u/%u links", tree->ops->len, text->ops->len,
                                   tree->links->len, text->links->len);
      for (guint i = 0; differs == NULL && i < tree->ops->len; i++)
        {
          g_autofree char *a = fb_test_op_text (g_ptr_array_index (tree->ops, i));
          g_autofree char *b = fb_test_op_text (g_ptr_array_index (text->ops, i));

          if (strcmp (a, b) != 0)
            differs = g_strdup_printf ("op %u: %s / %s", i, a, b);
        }
      for (guint i = 0; differs == NULL && i < tree->links->len; i++)
        {
          g_autofree char *a = fb_test_link_text (g_ptr_array_index (tree->links, i));
          g_autofree char *b = fb_test_link_text (g_ptr_array_index (text->links, i));

          if (strcmp (a, b) != 0)
            differs = g_strdup_printf ("link %u: %s / %s", i, a, b);
        }
    }

  _fb_sync_page_free (tree);
  _fb_sync_page_free (text);
  return differs;
}
