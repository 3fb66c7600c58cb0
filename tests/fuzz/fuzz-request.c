/* fuzz-request.c — libFuzzer target: raw requests to the server's handler
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An input is a request as text: "METHOD PATH[?QUERY]", header lines, an
 * empty line, the body. "TOKEN" in a header stands for a valid token, so
 * the fuzzer can get past authentication. The handler is the one the
 * network reaches (fb_server_handle), on a real database; every answer
 * must be a JSON object with a status the API documents.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fb-server.h"
#include "fuzz-temp.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static FbServer *server;
static char *token;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  FbServerDb *db;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  db = fb_server_db_open (fuzz_temp_init ("fuzz-request"), &error);
  if (db == NULL)
    g_error ("%s", error->message);

  token = fb_server_db_add_token (db, "fuzzer", FALSE, &error);
  if (token == NULL)
    g_error ("%s", error->message);

  server = fb_server_new (db, NULL);
  fb_server_set_log_requests (server, FALSE);
  /* Thousands of pushes a second: metered, most would only meet the 429. */
  fb_server_set_push_rate (server, 0, 1);
  return 0;
}

static gboolean
documented_status (guint status)
{
  static const guint known[] = { 200, 400, 401, 403, 404, 405, 409, 411, 413, 415, 429, 503 };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (known[i] == status)
      return TRUE;

  return FALSE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  const char *body_start = strstr (text, "\n\n");
  g_autofree char *head = g_strndup (text, body_start != NULL ? (gsize) (body_start - text) : strlen (text));
  g_auto(GStrv) lines = g_strsplit (head, "\n", 64);
  g_auto(GStrv) request_line = NULL;
  g_autofree char *path = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *upgrade = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  FbServerRequest request = { 0 };
  FbServerResponse response = { 0 };
  char *query;

  if (lines[0] == NULL)
    return 0;

  request_line = g_strsplit (lines[0], " ", 2);
  if (request_line[0] == NULL || request_line[1] == NULL)
    return 0;

  path = g_strdup (request_line[1]);
  query = strchr (path, '?');
  if (query != NULL)
    *query++ = '\0';

  request.method = request_line[0];
  request.path = path;
  request.query = query;
  request.content_length = -1;

  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');
      const char *value;

      if (colon == NULL)
        continue;
      *colon = '\0';
      value = colon + 1;
      while (*value == ' ')
        value++;

      if (g_ascii_strcasecmp (lines[i], "Authorization") == 0)
        {
          g_auto(GStrv) parts = g_strsplit (value, "TOKEN", -1);
          g_free (authorization);
          authorization = g_strjoinv (token, parts);
        }
      else if (g_ascii_strcasecmp (lines[i], "Content-Type") == 0)
        {
          g_free (content_type);
          content_type = g_strdup (value);
        }
      else if (g_ascii_strcasecmp (lines[i], "Upgrade") == 0)
        {
          g_free (upgrade);
          upgrade = g_strdup (value);
        }
      else if (g_ascii_strcasecmp (lines[i], "Transfer-Encoding") == 0)
        request.chunked = TRUE;
      else if (g_ascii_strcasecmp (lines[i], "Content-Length") == 0)
        {
          /* As the network glue reads it: one whole number, or refused. */
          guint64 parsed;

          if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &parsed, NULL))
            request.content_length = (gint64) parsed;
          else
            request.bad_length = TRUE;
        }
    }

  request.authorization = authorization;
  request.content_type = content_type;
  request.upgrade = upgrade;
  if (body_start != NULL)
    {
      /* The body is taken from the original bytes: it may hold NULs. */
      gsize offset = (gsize) (body_start - text) + 2;
      request.body = (const char *) data + offset;
      request.body_len = size - offset;
      if (request.content_length < 0 && !request.chunked)
        request.content_length = (gint64) request.body_len;
    }
  else
    request.body = "";

  fb_server_handle (server, &request, &response);

  if (!documented_status (response.status) || response.body == NULL ||
      !json_parser_load_from_data (parser, response.body, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    abort ();

  fb_server_response_clear (&response);
  return 0;
}
