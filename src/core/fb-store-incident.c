/* fb-store-incident.c — command handover, logged contacts, decisions
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like fb-store-commands.c: each command builds the op of one user action
 * and hands it to the one door, fb_store_apply().
 */

#define G_LOG_DOMAIN "fb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-contact.h"
#include "fb-error.h"
#include "fb-incident.h"
#include "fb-incident-summary.h"
#include "fb-op.h"
#include "fb-role.h"
#include "fb-store-incident.h"

typedef struct
{
  const char *wire;
  const char *label;
} Name;

static const Name channels[] = {
  { FB_CHANNEL_PHONE, N_("Phone") },
  { FB_CHANNEL_EMAIL, N_("Email") },
  { FB_CHANNEL_CHAT, N_("Chat") },
  { FB_CHANNEL_IN_PERSON, N_("In person") },
  { FB_CHANNEL_OTHER, N_("Other") },
};

static const Name purposes[] = {
  { FB_PURPOSE_SHARE_FACTS, N_("Share facts") },
  { FB_PURPOSE_REQUEST_DECISION, N_("Request a decision") },
  { FB_PURPOSE_BOTH, N_("Share facts and request a decision") },
};

static const Name *
lookup (const Name *names,
        guint       n_names,
        const char *wire)
{
  if (wire == NULL)
    return NULL;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i].wire, wire))
      return &names[i];

  return NULL;
}

static const char * const *
all_wires (const Name  *names,
           guint        n_names,
           const char **out)
{
  if (out[0] == NULL)
    for (guint i = 0; i < n_names; i++)
      out[i] = names[i].wire;

  return out;
}

gboolean
fb_channel_is_valid (const char *channel)
{
  return lookup (channels, G_N_ELEMENTS (channels), channel) != NULL;
}

const char *
fb_channel_get_label (const char *channel)
{
  const Name *name = lookup (channels, G_N_ELEMENTS (channels), channel);

  g_return_val_if_fail (channel != NULL, NULL);

  return name != NULL ? g_dgettext (GETTEXT_PACKAGE, name->label) : channel;
}

const char * const *
fb_channel_get_all (void)
{
  static const char *all[G_N_ELEMENTS (channels) + 1];

  return all_wires (channels, G_N_ELEMENTS (channels), all);
}

gboolean
fb_purpose_is_valid (const char *purpose)
{
  return lookup (purposes, G_N_ELEMENTS (purposes), purpose) != NULL;
}

const char *
fb_purpose_get_label (const char *purpose)
{
  const Name *name = lookup (purposes, G_N_ELEMENTS (purposes), purpose);

  g_return_val_if_fail (purpose != NULL, NULL);

  return name != NULL ? g_dgettext (GETTEXT_PACKAGE, name->label) : purpose;
}

const char * const *
fb_purpose_get_all (void)
{
  static const char *all[G_N_ELEMENTS (purposes) + 1];

  return all_wires (purposes, G_N_ELEMENTS (purposes), all);
}

static gboolean
apply_one_draft (FbStore *self,
                 FbOp    *draft,
                 GError **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_op_free);

  g_ptr_array_add (drafts, draft);
  return fb_store_apply (self, drafts, NULL, FB_APPLY_LOCAL, NULL, error);
}

static gboolean
check_incident (FbStore    *self,
                const char *incident,
                GError    **error)
{
  g_autoptr(FbIncident) current = fb_store_get_incident (self, incident);

  if (current != NULL)
    return TRUE;

  g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
               _("There is no incident “%s” in this database"), incident);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

/* Stores @text without the blanks around it, or nothing when it is blank. */
static void
set_trimmed (JsonObject *object,
             const char *member,
             const char *text)
{
  g_autofree char *copy = NULL;

  if (is_blank (text))
    return;

  copy = g_strstrip (g_strdup (text));
  json_object_set_string_member (object, member, copy);
}

static const char *
trimmed_member (JsonObject *object,
                const char *member)
{
  return json_object_get_string_member_with_default (object, member, "");
}

/* A handover is one op, role.handover: it moves the commander role and the
 * store derives the timeline entry that carries the briefing, so nobody
 * can change the commander without the record saying so. */
gboolean
fb_store_hand_over_command (FbStore    *self,
                            const char *incident,
                            const char *from,
                            const char *to,
                            const char *contact,
                            const char *situation,
                            const char *open_items,
                            const char *pending_decisions,
                            gint64      next_update_at,
                            GError    **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(FbRole) current = NULL;
  g_autofree char *to_name = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);

  if (!check_incident (self, incident, error))
    return FALSE;

  if (is_blank (to))
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("Name the incoming incident commander"));
      return FALSE;
    }

  to_name = g_strstrip (g_strdup (to));
  current = fb_store_get_role (self, incident, "commander");
  if (from == NULL && current != NULL)
    from = fb_role_get_person (current);

  if (current != NULL && fb_person_equal (fb_role_get_person (current), to_name))
    {
      g_set_error (error, FB_ERROR, FB_ERROR_INVALID,
                   _("%s is already the incident commander"), to_name);
      return FALSE;
    }

  set_trimmed (body, "from", from);
  json_object_set_string_member (body, "to", to_name);
  if (contact != NULL && contact[0] != '\0')
    json_object_set_string_member (body, "contact", contact);
  set_trimmed (body, "situation", situation);
  set_trimmed (body, "open_items", open_items);
  set_trimmed (body, "pending_decisions", pending_decisions);
  if (next_update_at > 0)
    json_object_set_int_member (body, "next_update_at", next_update_at);

  return apply_one_draft (self, fb_op_new (FB_OP_KIND_ROLE_HANDOVER, incident, incident, body), error);
}

char *
fb_store_log_contact (FbStore    *self,
                      const char *incident,
                      const char *contact,
                      const char *who,
                      const char *channel,
                      const char *purpose,
                      const char *asked,
                      const char *outcome,
                      gint64      occurred_at,
                      GError    **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(FbContact) known = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *name;
  const char *asked_text;
  const char *outcome_text;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  if (!check_incident (self, incident, error))
    return NULL;

  if (contact != NULL && contact[0] != '\0')
    {
      known = fb_store_get_contact (self, contact);
      if (known == NULL)
        {
          g_set_error (error, FB_ERROR, FB_ERROR_NOT_FOUND,
                       _("There is no contact “%s” in this database"), contact);
          return NULL;
        }
      if (is_blank (who))
        who = fb_contact_get_name (known);
    }

  if (is_blank (who))
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("Name the person you contacted"));
      return NULL;
    }

  if (channel == NULL)
    channel = FB_CHANNEL_OTHER;
  if (purpose == NULL)
    purpose = FB_PURPOSE_SHARE_FACTS;
  if (!fb_channel_is_valid (channel) || !fb_purpose_is_valid (purpose))
    {
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("Choose how you reached the contact and why"));
      return NULL;
    }

  json_object_set_string_member (data, "event", "contact-logged");
  if (known != NULL)
    json_object_set_string_member (data, "contact", fb_contact_get_id (known));
  set_trimmed (data, "who", who);
  json_object_set_string_member (data, "channel", channel);
  json_object_set_string_member (data, "purpose", purpose);
  set_trimmed (data, "asked", asked);
  set_trimmed (data, "outcome", outcome);

  name = trimmed_member (data, "who");
  asked_text = trimmed_member (data, "asked");
  outcome_text = trimmed_member (data, "outcome");

  /* Only the user's own words and the channel in the user's language, held
   * together by punctuation: no English glue in a Japanese record. */
  g_string_append_printf (text, "%s (%s)", name, fb_channel_get_label (channel));
  if (asked_text[0] != '\0')
    g_string_append_printf (text, ": %s", asked_text);
  if (outcome_text[0] != '\0')
    g_string_append_printf (text, "%s%s", asked_text[0] != '\0' ? " — " : ": ", outcome_text);

  return fb_store_add_entry (self, incident, FB_ENTRY_ESCALATION, text->str,
                             occurred_at, NULL, data, error);
}

char *
fb_store_record_decision (FbStore            *self,
                          const char         *incident,
                          const char         *question,
                          const char * const *options,
                          const char         *decided_by,
                          const char         *decision,
                          gboolean            made,
                          const char         *amends,
                          gint64              occurred_at,
                          GError            **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *list = json_array_new ();
  g_autofree char *joined = NULL;
  const char *question_text;
  const char *decision_text;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  if (!check_incident (self, incident, error))
    {
      json_array_unref (list);
      return NULL;
    }

  if (is_blank (question) && (!made || is_blank (decision)))
    {
      json_array_unref (list);
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("Write down what has to be decided"));
      return NULL;
    }
  if (made && is_blank (decision))
    {
      json_array_unref (list);
      g_set_error_literal (error, FB_ERROR, FB_ERROR_INVALID,
                           _("Write down the decision, or record it as pending"));
      return NULL;
    }

  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    if (!is_blank (options[i]))
      json_array_add_string_element (list, g_strstrip (g_strdup (options[i])));

  json_object_set_string_member (data, "event", "decision");
  set_trimmed (data, "question", question);
  json_object_set_array_member (data, "options", list);
  set_trimmed (data, "decided_by", decided_by);
  if (made)
    set_trimmed (data, "decision", decision);
  json_object_set_string_member (data, "status", made ? "made" : "pending");

  question_text = trimmed_member (data, "question");
  decision_text = trimmed_member (data, "decision");

  /* Punctuation only, as for a logged contact. */
  if (made)
    {
      if (question_text[0] != '\0')
        g_string_append_printf (text, "%s → ", question_text);
      g_string_append (text, decision_text);
      if (json_object_has_member (data, "decided_by"))
        g_string_append_printf (text, " (%s)", trimmed_member (data, "decided_by"));
    }
  else
    {
      g_string_append (text, question_text);
      if (json_array_get_length (list) > 0)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) strv = NULL;

          for (guint i = 0; i < json_array_get_length (list); i++)
            g_strv_builder_add (builder, json_array_get_string_element (list, i));
          strv = g_strv_builder_end (builder);
          joined = g_strjoinv (" / ", strv);
          g_string_append_printf (text, " [%s]", joined);
        }
    }

  return fb_store_add_entry (self, incident, FB_ENTRY_DECISION, text->str,
                             occurred_at, amends, data, error);
}
