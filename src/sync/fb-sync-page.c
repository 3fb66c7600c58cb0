/* fb-sync-page.c — a pulled page, or a notice's ops, decoded
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page is {"head": n, "ops": [{"seq": n, "op": {…}} or {"seq": n,
 * "link": {…}}, …], "restricted": […], "withheld": "…", "links": […]}.
 * Read into a json-glib tree, then copied into ops, a page of a thousand
 * ops cost more than applying them; it is read from its text instead,
 * once _fb_json_check_untrusted () has passed it, into ops whose bodies
 * are the only JsonObjects made. What is refused, and in which words, is
 * what the tree's decoding (kept beside it as the reference) refuses:
 * a member's type or place in the text changes nothing.
 */

#define G_LOG_DOMAIN "fb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-json-private.h"
#include "fb-op-scan-private.h"
#include "fb-sync-client-private.h"
#include "fb-sync-page-private.h"

FbSyncPage *
_fb_sync_page_new (gint64      cursor,
                   const char *cursor_id)
{
  FbSyncPage *page = g_new0 (FbSyncPage, 1);

  page->cursor = cursor;
  page->cursor_id = g_strdup (cursor_id);
  return page;
}

void
_fb_sync_page_free (FbSyncPage *page)
{
  g_clear_pointer (&page->body, g_bytes_unref);
  g_clear_pointer (&page->ops, g_ptr_array_unref);
  g_clear_pointer (&page->links, g_ptr_array_unref);
  g_strfreev (page->hidden);
  g_free (page->withheld);
  g_free (page->cursor_id);
  g_free (page->last_id);
  g_free (page);
}

static gboolean
not_a_list (GError **error)
{
  g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
               _("The server’s answer to a pull is not a list of changes."));
  return FALSE;
}

static gboolean
without_number (GError **error)
{
  g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
               _("The server sent a change without its number."));
  return FALSE;
}

static gboolean
out_of_order (GError **error)
{
  g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
               _("The server sent changes out of order."));
  return FALSE;
}

static gboolean
link_not_valid (GError **error)
{
  g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
               _("The server sent a link that is not valid."));
  return FALSE;
}

static gboolean
op_not_valid (const GError *local,
              GError      **error)
{
  g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
               _("The server sent a change that is not valid: %s"), local->message);
  return FALSE;
}

static void
start_ops (FbSyncPage *page)
{
  page->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);
  page->last_seq = page->cursor;
  g_free (page->last_id);
  page->last_id = g_strdup (page->cursor_id);
}

static void
take_link (FbSyncPage *page,
           gint64      seq,
           FbLink     *link)
{
  page->last_seq = seq;
  g_free (page->last_id);
  page->last_id = g_strdup (link->hash);
  g_ptr_array_add (page->links, link);
}

static void
take_op (FbSyncPage *page,
         gint64      seq,
         FbOp       *op)
{
  g_ptr_array_add (page->ops, op);
  page->last_seq = seq;
  g_free (page->last_id);
  page->last_id = g_strdup (op->id);
}

/* The tree ------------------------------------------------------------------ */

/* Only pure decoding, no store access: it runs in a worker thread. */
gboolean
_fb_sync_page_decode_tree (FbSyncPage *page,
                           JsonNode   *root,
                           GError    **error)
{
  g_autoptr(GError) local = NULL;
  JsonArray *array;

  array = _fb_sync_json_array (root, "ops");
  if (array == NULL)
    return not_a_list (error);

  page->head = _fb_sync_json_int (root, "head", 0);
  start_ops (page);
  page->n_in_page = json_array_get_length (array);

  /* The page starts one before the cursor, so that we can see the server
   * still holds the op we stopped at; if not, its history is not ours. */
  if (page->cursor > 0)
    {
      JsonNode *first = page->n_in_page > 0 ? json_array_get_element (array, 0) : NULL;
      JsonNode *link = _fb_sync_json_object (first, "link");
      JsonNode *op = _fb_sync_json_object (first, "op");

      /* A place withheld is known by its hash; lifted since, its op
       * carries the same hash. */
      if (_fb_sync_json_int (first, "seq", -1) != page->cursor ||
          (g_strcmp0 (_fb_sync_json_string (link, "hash"), page->cursor_id) != 0 &&
           g_strcmp0 (_fb_sync_json_string (op, "id"), page->cursor_id) != 0 &&
           g_strcmp0 (_fb_sync_json_string (op, "hash"), page->cursor_id) != 0))
        {
          page->diverged = TRUE;
          return TRUE;
        }
    }

  page->links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  for (guint i = 0; i < page->n_in_page; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonNode *op_node = _fb_sync_json_object (node, "op");
      JsonNode *link_node = _fb_sync_json_object (node, "link");
      gint64 seq = _fb_sync_json_int (node, "seq", -1);
      FbOp *op;

      if ((op_node == NULL && link_node == NULL) || seq < 0)
        return without_number (error);

      if (seq <= page->cursor)
        continue;

      if (seq <= page->last_seq)
        return out_of_order (error);

      /* An op of an incident withheld from this user: its place only,
       * which keeps its device's chain whole here. */
      if (op_node == NULL)
        {
          FbLink *link = fb_link_from_json_node (link_node);

          if (link == NULL)
            return link_not_valid (error);
          take_link (page, seq, link);
          continue;
        }

      op = fb_op_from_json_node (op_node, &local);
      if (op == NULL)
        return op_not_valid (local, error);
      take_op (page, seq, op);
    }

  /* A server older than need-to-know incidents says nothing of them. */
  page->hidden = _fb_sync_json_strings (root, "restricted", fb_uuid_is_valid);
  page->withheld = g_strdup (_fb_sync_json_string (root, "withheld"));

  /* A server older than links sends none. */
  array = _fb_sync_json_array (root, "links");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      FbLink *link = fb_link_from_json_node (json_array_get_element (array, i));

      if (link == NULL)
        return link_not_valid (error);
      g_ptr_array_add (page->links, link);
    }

  return TRUE;
}

gboolean
_fb_sync_page_decode_with_tree (FbSyncPage *page,
                                const char *data,
                                gsize       length,
                                gsize       max_bytes,
                                GError    **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = fb_json_parse_untrusted (data, (gssize) length, max_bytes, FB_JSON_MAX_DEPTH, &local);
  if (root == NULL)
    {
      g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                   _("The server sent changes that cannot be read: %s"), local->message);
      return FALSE;
    }

  return _fb_sync_page_decode_tree (page, root, error);
}

/* The text ------------------------------------------------------------------ */

/* One element of "ops", as far as the page's checks look at it. */
typedef struct
{
  gint64      seq;        /* -1 unless a whole number */
  gboolean    has_op;     /* "op" is an object */
  FbOpFields  op;
  JsonNode   *link;       /* "link", when an object */
} Element;

static void
element_clear (Element *element)
{
  _fb_op_fields_clear (&element->op);
  g_clear_pointer (&element->link, json_node_unref);
}

static void
read_element (FbJsonReader *reader,
              Element      *element)
{
  memset (element, 0, sizeof *element);
  element->seq = -1;

  if (_fb_json_reader_peek (reader) != FB_JSON_READ_OBJECT)
    {
      _fb_json_reader_skip (reader);
      return;
    }

  _fb_json_reader_enter (reader);
  while (_fb_json_reader_next_member (reader))
    {
      const char *name = reader->name->str;
      FbJsonRead type = _fb_json_reader_peek (reader);

      if (g_str_equal (name, "seq") && type == FB_JSON_READ_INT)
        element->seq = _fb_json_reader_int (reader);
      else if (g_str_equal (name, "op") && type == FB_JSON_READ_OBJECT)
        {
          element->has_op = TRUE;
          _fb_op_read_fields (reader, &element->op);
        }
      else if (g_str_equal (name, "link") && type == FB_JSON_READ_OBJECT)
        element->link = _fb_json_reader_node (reader);
      else
        _fb_json_reader_skip (reader);
    }
}

/* The op's member @field when it is text, as _fb_sync_json_string ()
 * reads it. */
static const char *
op_string (const Element *element,
           FbOpField      field)
{
  if (!element->has_op || element->op.values[field] != FB_OP_VALUE_STRING)
    return NULL;
  return element->op.strings[field];
}

/* Whether the first element, at the cursor, is the op or the place the
 * cursor names; see _fb_sync_page_decode_tree (). */
static gboolean
first_is_known (FbSyncPage    *page,
                const Element *first)
{
  JsonNode *hash = first->link != NULL ? json_object_get_member (json_node_get_object (first->link), "hash") : NULL;
  const char *link_hash = NULL;

  if (hash != NULL && JSON_NODE_HOLDS_VALUE (hash) && json_node_get_value_type (hash) == G_TYPE_STRING)
    link_hash = json_node_get_string (hash);

  return first->seq == page->cursor &&
         (g_strcmp0 (link_hash, page->cursor_id) == 0 ||
          g_strcmp0 (op_string (first, FB_OP_FIELD_ID), page->cursor_id) == 0 ||
          g_strcmp0 (op_string (first, FB_OP_FIELD_HASH), page->cursor_id) == 0);
}

/* One element, checked and taken as the tree's decoding does; FALSE with
 * the error that ends the page. */
static gboolean
take_element (FbSyncPage *page,
              Element    *element,
              GError    **error)
{
  g_autoptr(GError) local = NULL;
  FbOp *op;

  if ((!element->has_op && element->link == NULL) || element->seq < 0)
    return without_number (error);

  if (element->seq <= page->cursor)
    return TRUE;

  if (element->seq <= page->last_seq)
    return out_of_order (error);

  if (!element->has_op)
    {
      FbLink *link = fb_link_from_json_node (element->link);

      if (link == NULL)
        return link_not_valid (error);
      take_link (page, element->seq, link);
      return TRUE;
    }

  op = _fb_op_from_fields (&element->op, &local);
  if (op == NULL)
    return op_not_valid (local, error);
  take_op (page, element->seq, op);
  return TRUE;
}

/* "ops": every element, unless the first shows the server's history is
 * not ours. Reading goes on past an error, to the end of the list. */
static void
read_ops (FbSyncPage   *page,
          FbJsonReader *reader,
          GError      **ops_error)
{
  gboolean stop = FALSE;

  start_ops (page);
  page->links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  _fb_json_reader_enter (reader);
  while (_fb_json_reader_next_element (reader))
    {
      Element element;

      if (stop)
        {
          _fb_json_reader_skip (reader);
          page->n_in_page++;
          continue;
        }

      read_element (reader, &element);
      if (page->n_in_page++ == 0 && page->cursor > 0 && !first_is_known (page, &element))
        page->diverged = TRUE;
      stop = page->diverged || !take_element (page, &element, ops_error);
      element_clear (&element);
    }

  /* An empty list holds no op at the cursor either. */
  if (page->n_in_page == 0 && page->cursor > 0)
    page->diverged = TRUE;
}

/* "links": the places below the page's ops, kept apart until the ops'
 * own links are in. */
static void
read_links (FbJsonReader *reader,
            GPtrArray    *links,
            GError      **links_error)
{
  _fb_json_reader_enter (reader);
  while (_fb_json_reader_next_element (reader))
    {
      g_autoptr(JsonNode) node = NULL;
      FbLink *link;

      if (*links_error != NULL)
        {
          _fb_json_reader_skip (reader);
          continue;
        }

      node = _fb_json_reader_node (reader);
      link = fb_link_from_json_node (node);
      if (link == NULL)
        link_not_valid (links_error);
      else
        g_ptr_array_add (links, link);
    }
}

/* "restricted": its valid incident ids, anything else skipped. */
static GStrv
read_hidden (FbJsonReader *reader)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  _fb_json_reader_enter (reader);
  while (_fb_json_reader_next_element (reader))
    {
      if (_fb_json_reader_peek (reader) == FB_JSON_READ_STRING)
        {
          g_autofree char *id = _fb_json_reader_take_string (reader);

          if (id != NULL && fb_uuid_is_valid (id))
            g_strv_builder_add (builder, id);
        }
      else
        _fb_json_reader_skip (reader);
    }

  return g_strv_builder_end (builder);
}

/**
 * _fb_sync_page_decode_checked:
 *
 * Decodes a page, or a notice's ops, from text that
 * _fb_json_check_untrusted () passed.
 */
gboolean
_fb_sync_page_decode_checked (FbSyncPage *page,
                              const char *data,
                              gsize       length,
                              GError    **error)
{
  g_auto(FbJsonReader) reader = { 0 };
  g_autoptr(GPtrArray) root_links = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_link_free);
  g_autoptr(GError) ops_error = NULL;
  g_autoptr(GError) links_error = NULL;
  g_auto(GStrv) hidden = NULL;
  g_autofree char *withheld = NULL;
  gboolean has_ops = FALSE;
  gint64 head = 0;

  _fb_json_reader_init (&reader, data, length);
  if (_fb_json_reader_peek (&reader) != FB_JSON_READ_OBJECT)
    return not_a_list (error);

  _fb_json_reader_enter (&reader);
  while (_fb_json_reader_next_member (&reader))
    {
      const char *name = reader.name->str;
      FbJsonRead type = _fb_json_reader_peek (&reader);

      if (g_str_equal (name, "ops") && type == FB_JSON_READ_ARRAY)
        {
          has_ops = TRUE;
          read_ops (page, &reader, &ops_error);
        }
      else if (g_str_equal (name, "head") && type == FB_JSON_READ_INT)
        head = _fb_json_reader_int (&reader);
      else if (g_str_equal (name, "restricted") && type == FB_JSON_READ_ARRAY)
        hidden = read_hidden (&reader);
      else if (g_str_equal (name, "withheld") && type == FB_JSON_READ_STRING)
        withheld = _fb_json_reader_take_string (&reader);
      else if (g_str_equal (name, "links") && type == FB_JSON_READ_ARRAY)
        read_links (&reader, root_links, &links_error);
      else
        _fb_json_reader_skip (&reader);
    }

  /* Never so for text the check passed; the tree then says what is
   * wrong, in its words. */
  if (!_fb_json_reader_done (&reader))
    {
      g_autoptr(JsonNode) root = fb_json_parse_untrusted (data, (gssize) length, G_MAXSIZE, FB_JSON_MAX_DEPTH, NULL);

      g_clear_pointer (&page->ops, g_ptr_array_unref);
      g_clear_pointer (&page->links, g_ptr_array_unref);
      page->diverged = FALSE;
      page->n_in_page = 0;
      if (root == NULL)
        return not_a_list (error);
      return _fb_sync_page_decode_tree (page, root, error);
    }

  /* In the order the tree's decoding finds them. */
  if (!has_ops)
    return not_a_list (error);
  page->head = head;
  if (page->diverged)
    {
      g_clear_pointer (&page->links, g_ptr_array_unref);
      return TRUE;
    }
  if (ops_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ops_error));
      return FALSE;
    }
  page->hidden = g_steal_pointer (&hidden);
  page->withheld = g_steal_pointer (&withheld);
  if (links_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&links_error));
      return FALSE;
    }
  g_ptr_array_extend_and_steal (page->links, g_steal_pointer (&root_links));

  return TRUE;
}

gboolean
_fb_sync_page_decode (FbSyncPage *page,
                      const char *data,
                      gsize       length,
                      gsize       max_bytes,
                      GError    **error)
{
  g_autoptr(GError) local = NULL;

  if (!_fb_json_check_untrusted (data, length, max_bytes, FB_JSON_MAX_DEPTH, &local))
    {
      g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                   _("The server sent changes that cannot be read: %s"), local->message);
      return FALSE;
    }

  return _fb_sync_page_decode_checked (page, data, length, error);
}

/**
 * _fb_sync_notice_read:
 * @head: (out): the server's head, or -1 when the notice does not say
 * @from: (out): where the ops it carries start, or -1
 * @has_ops: (out): whether it carries a list of ops
 *
 * Checks a live notice and reads what decides whether its ops are taken.
 * Returns: whether it is strict JSON within @max_bytes
 */
gboolean
_fb_sync_notice_read (const char *data,
                      gsize       length,
                      gsize       max_bytes,
                      gint64     *head,
                      gint64     *from,
                      gboolean   *has_ops)
{
  g_auto(FbJsonReader) reader = { 0 };

  *head = *from = -1;
  *has_ops = FALSE;
  if (!_fb_json_check_untrusted (data, length, max_bytes, FB_JSON_MAX_DEPTH, NULL))
    return FALSE;

  _fb_json_reader_init (&reader, data, length);
  if (_fb_json_reader_peek (&reader) != FB_JSON_READ_OBJECT)
    return TRUE;

  _fb_json_reader_enter (&reader);
  while (_fb_json_reader_next_member (&reader))
    {
      const char *name = reader.name->str;
      FbJsonRead type = _fb_json_reader_peek (&reader);

      if (g_str_equal (name, "head") && type == FB_JSON_READ_INT)
        *head = _fb_json_reader_int (&reader);
      else if (g_str_equal (name, "from") && type == FB_JSON_READ_INT)
        *from = _fb_json_reader_int (&reader);
      else
        {
          *has_ops = *has_ops || (g_str_equal (name, "ops") && type == FB_JSON_READ_ARRAY);
          _fb_json_reader_skip (&reader);
        }
    }

  return TRUE;
}
