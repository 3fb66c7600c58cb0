/* fb-quick-entry.c — the bar under the timeline where entries are typed
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built for typing at the speed of a briefing: the text field keeps the
 * focus, Enter posts, Ctrl+1 … Ctrl+7 pick the kind. Input that cannot be
 * posted is flagged where it was typed and stays in its field.
 */

#define G_LOG_DOMAIN "fb-quick-entry"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-format.h"
#include "fb-quick-entry.h"

struct _FbQuickEntry
{
  GtkWidget    parent_instance;

  FbContext   *context;
  char        *incident;
  char        *kind;       /* wire name, for the stateful menu action */
  char        *amends;
  char        *error;

  GtkRevealer *amend_revealer;
  GtkLabel    *amend_label;
  GtkWidget   *kind_button;
  GtkImage    *kind_image;
  GtkLabel    *kind_label;
  GtkEntry    *text_entry;
  GtkRevealer *at_revealer;
  GtkEntry    *at_entry;
  GtkToggleButton *at_button;
  GtkLabel    *error_label;
};

G_DEFINE_FINAL_TYPE (FbQuickEntry, fb_quick_entry, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCIDENT,
  PROP_KIND,
  PROP_AMENDS,
  N_PROPS
};

enum {
  POSTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
clear_error (FbQuickEntry *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->text_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->at_entry), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_clear_pointer (&self->error, g_free);
}

static void
show_error (FbQuickEntry *self,
            GtkEntry     *field,
            const char   *message)
{
  clear_error (self);
  self->error = g_strdup (message);
  gtk_widget_add_css_class (GTK_WIDGET (field), "error");
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (field));
}

static void
update_kind (FbQuickEntry *self)
{
  FbEntryKind kind = fb_quick_entry_get_kind (self);

  for (guint k = 0; k < FB_N_ENTRY_KINDS; k++)
    gtk_widget_remove_css_class (self->kind_button, fb_entry_kind_get_css (k));
  gtk_widget_add_css_class (self->kind_button, fb_entry_kind_get_css (kind));
  gtk_image_set_from_icon_name (self->kind_image, fb_entry_kind_get_icon (kind));
  gtk_label_set_text (self->kind_label, fb_entry_kind_get_label (kind));
}

static void
set_amends (FbQuickEntry *self,
            const char   *amends)
{
  if (g_strcmp0 (self->amends, amends) == 0)
    return;

  g_free (self->amends);
  self->amends = g_strdup (amends);
  gtk_revealer_set_reveal_child (self->amend_revealer, amends != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMENDS]);
}

static void
on_text_entry_activate_cb (FbQuickEntry *self)
{
  g_autofree char *id = fb_quick_entry_post (self);
}

static void
on_entry_changed_cb (FbQuickEntry *self)
{
  if (self->error != NULL)
    clear_error (self);
}

static void
post_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_autofree char *id = fb_quick_entry_post (FB_QUICK_ENTRY (widget));
}

static void
toggle_at_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  fb_quick_entry_toggle_at (FB_QUICK_ENTRY (widget));
}

static void
cancel_amend_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FbQuickEntry *self = FB_QUICK_ENTRY (widget);

  if (self->amends == NULL)
    return;
  set_amends (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), "");
  clear_error (self);
  fb_quick_entry_focus (self);
}

static void
fb_quick_entry_dispose (GObject *object)
{
  FbQuickEntry *self = (FbQuickEntry *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_QUICK_ENTRY);
  /* The template's top box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_quick_entry_parent_class)->dispose (object);
}

static void
fb_quick_entry_finalize (GObject *object)
{
  FbQuickEntry *self = (FbQuickEntry *) object;

  g_free (self->incident);
  g_free (self->kind);
  g_free (self->amends);
  g_free (self->error);

  G_OBJECT_CLASS (fb_quick_entry_parent_class)->finalize (object);
}

static void
fb_quick_entry_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FbQuickEntry *self = FB_QUICK_ENTRY (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_AMENDS:
      g_value_set_string (value, self->amends);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_quick_entry_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FbQuickEntry *self = FB_QUICK_ENTRY (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      fb_quick_entry_set_context (self, g_value_get_object (value));
      break;
    case PROP_INCIDENT:
      fb_quick_entry_set_incident (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      {
        FbEntryKind kind;

        if (fb_entry_kind_from_string (g_value_get_string (value), &kind))
          fb_quick_entry_set_kind (self, kind);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_quick_entry_class_init (FbQuickEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_quick_entry_dispose;
  object_class->finalize = fb_quick_entry_finalize;
  object_class->get_property = fb_quick_entry_get_property;
  object_class->set_property = fb_quick_entry_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The wire name of the kind, so that it can be a stateful action. */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "fact",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_AMENDS] =
    g_param_spec_string ("amends", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbQuickEntry::posted:
   * @id: the new entry
   */
  signals[POSTED] =
    g_signal_new ("posted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-quick-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, FbQuickEntry, amend_revealer);
  gtk_widget_class_bind_template_child (widget_class, FbQuickEntry, amend_label);
  gtk_widget_class_bind_template_child (widget_class, FbQuickEntry, kind_button);
  gtk_widget_class_bind_template_child (widget_class, FbQuickEntry, kind_image);
  gtk_widget_class_bind_template_child (widget_class, FbQuickEntry, kind_label);
  gtk_widget_class_bind_template_child (widget_class, FbQuickEntry, text_entry);
  gtk_widget_class_bind_template_child (widget_class, FbQuickEntry, at_revealer);
  gtk_widget_class_bind_template_child (widget_class, FbQuickEntry, at_entry);
  gtk_widget_class_bind_template_child (widget_class, FbQuickEntry, at_button);
  gtk_widget_class_bind_template_child (widget_class, FbQuickEntry, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_text_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);

  gtk_widget_class_install_property_action (widget_class, "quick-entry.kind", "kind");
  gtk_widget_class_install_action (widget_class, "quick-entry.post", NULL, post_action);
  gtk_widget_class_install_action (widget_class, "quick-entry.toggle-at", NULL, toggle_at_action);
  gtk_widget_class_install_action (widget_class, "quick-entry.cancel-amend", NULL, cancel_amend_action);

  /* While typing here the kind keys work even without the application's
   * accelerators (in the tests, say). */
  for (guint k = 0; k < FB_ENTRY_SYSTEM; k++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + k, GDK_CONTROL_MASK,
                                         "quick-entry.kind", "s", fb_entry_kind_to_string (k));
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "quick-entry.cancel-amend", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fbquickentry");
}

static void
fb_quick_entry_init (FbQuickEntry *self)
{
  self->kind = g_strdup ("fact");

  gtk_widget_init_template (GTK_WIDGET (self));
  update_kind (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quick-entry.cancel-amend", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quick-entry.post", FALSE);
}

GtkWidget *
fb_quick_entry_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_QUICK_ENTRY, "context", context, NULL);
}

/* Set once, by whoever builds the view from a template. */
void
fb_quick_entry_set_context (FbQuickEntry *self,
                            FbContext    *context)
{
  g_return_if_fail (FB_IS_QUICK_ENTRY (self));
  g_return_if_fail (context == NULL || FB_IS_CONTEXT (context));

  if (g_set_object (&self->context, context))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

const char *
fb_quick_entry_get_incident (FbQuickEntry *self)
{
  g_return_val_if_fail (FB_IS_QUICK_ENTRY (self), NULL);
  return self->incident;
}

void
fb_quick_entry_set_incident (FbQuickEntry *self,
                             const char   *incident)
{
  g_return_if_fail (FB_IS_QUICK_ENTRY (self));

  if (g_strcmp0 (self->incident, incident) == 0)
    return;

  g_free (self->incident);
  self->incident = g_strdup (incident);

  /* A correction belongs to the incident it was started in; the typed
   * text stays, in case it was meant for this one. */
  set_amends (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quick-entry.cancel-amend", FALSE);
  clear_error (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quick-entry.post", incident != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
}

FbEntryKind
fb_quick_entry_get_kind (FbQuickEntry *self)
{
  FbEntryKind kind = FB_ENTRY_FACT;

  g_return_val_if_fail (FB_IS_QUICK_ENTRY (self), FB_ENTRY_FACT);

  fb_entry_kind_from_string (self->kind, &kind);
  return kind;
}

void
fb_quick_entry_set_kind (FbQuickEntry *self,
                         FbEntryKind   kind)
{
  const char *wire;

  g_return_if_fail (FB_IS_QUICK_ENTRY (self));
  /* System entries are the record's own; nobody types them. */
  g_return_if_fail (kind < FB_ENTRY_SYSTEM);

  wire = fb_entry_kind_to_string (kind);
  if (g_strcmp0 (self->kind, wire) == 0)
    return;

  g_free (self->kind);
  self->kind = g_strdup (wire);
  update_kind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

/* Starts a correction: the original's text to edit, its kind, and a
 * banner saying what is being corrected. */
void
fb_quick_entry_amend (FbQuickEntry *self,
                      FbEntry      *original)
{
  g_autofree char *label = NULL;
  g_autofree char *when = NULL;

  g_return_if_fail (FB_IS_QUICK_ENTRY (self));
  g_return_if_fail (FB_IS_ENTRY (original));

  if (fb_entry_get_kind (original) == FB_ENTRY_SYSTEM)
    return;

  when = fb_context_format_time (self->context, fb_entry_get_occurred_at (original));
  /* Translators: banner over the quick entry; %s is a time, then the text */
  label = g_strdup_printf (_("Correcting the entry of %s: %s"), when, fb_entry_get_text (original));
  gtk_label_set_text (self->amend_label, label);

  fb_quick_entry_set_kind (self, fb_entry_get_kind (original));
  set_amends (self, fb_entry_get_id (original));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quick-entry.cancel-amend", TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), fb_entry_get_text (original));
  clear_error (self);
  fb_quick_entry_focus (self);
}

const char *
fb_quick_entry_get_amends (FbQuickEntry *self)
{
  g_return_val_if_fail (FB_IS_QUICK_ENTRY (self), NULL);
  return self->amends;
}

void
fb_quick_entry_toggle_at (FbQuickEntry *self)
{
  gboolean active;

  g_return_if_fail (FB_IS_QUICK_ENTRY (self));

  active = !gtk_toggle_button_get_active (self->at_button);
  gtk_toggle_button_set_active (self->at_button, active);
  if (active)
    gtk_widget_grab_focus (GTK_WIDGET (self->at_entry));
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->at_entry), "");
      fb_quick_entry_focus (self);
    }
}

/* Returns the new entry's id, or NULL when nothing was posted; the reason
 * is then shown beside the field and in fb_quick_entry_get_error(). */
char *
fb_quick_entry_post (FbQuickEntry *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  const char *at_text;
  gint64 occurred_at = 0;

  g_return_val_if_fail (FB_IS_QUICK_ENTRY (self), NULL);

  if (self->incident == NULL || self->context == NULL)
    return NULL;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_entry))));
  if (text[0] == '\0')
    {
      show_error (self, self->text_entry, _("Type the entry first."));
      return NULL;
    }

  if (strlen (text) > FB_OP_MAX_TEXT)
    {
      g_autofree char *limit = g_format_size (FB_OP_MAX_TEXT);
      g_autofree char *message = g_strdup_printf (_("This entry is too long to post (over %s). "
                                                    "Split it into several entries."), limit);
      show_error (self, self->text_entry, message);
      return NULL;
    }

  at_text = gtk_editable_get_text (GTK_EDITABLE (self->at_entry));
  if (gtk_toggle_button_get_active (self->at_button) && at_text[0] != '\0' &&
      !fb_context_parse_time (self->context, at_text, FB_TIME_PAST, &occurred_at, &error))
    {
      show_error (self, self->at_entry, error->message);
      return NULL;
    }
  if (occurred_at == 0)
    occurred_at = fb_context_now_ms (self->context);

  id = fb_store_add_entry (fb_context_get_store (self->context), self->incident,
                           fb_quick_entry_get_kind (self), text, occurred_at,
                           self->amends, NULL, &error);
  if (id == NULL)
    {
      show_error (self, self->text_entry, error->message);
      return NULL;
    }

  clear_error (self);
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), "");
  if (self->amends != NULL)
    {
      set_amends (self, NULL);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "quick-entry.cancel-amend", FALSE);
    }
  /* A back-dated time is for one entry; the next one is "now" again. */
  gtk_editable_set_text (GTK_EDITABLE (self->at_entry), "");
  gtk_toggle_button_set_active (self->at_button, FALSE);
  fb_quick_entry_focus (self);

  g_signal_emit (self, signals[POSTED], 0, id);

  return g_steal_pointer (&id);
}

const char *
fb_quick_entry_get_error (FbQuickEntry *self)
{
  g_return_val_if_fail (FB_IS_QUICK_ENTRY (self), NULL);
  return self->error;
}

GtkEditable *
fb_quick_entry_get_text_editable (FbQuickEntry *self)
{
  g_return_val_if_fail (FB_IS_QUICK_ENTRY (self), NULL);
  return GTK_EDITABLE (self->text_entry);
}

GtkEditable *
fb_quick_entry_get_at_editable (FbQuickEntry *self)
{
  g_return_val_if_fail (FB_IS_QUICK_ENTRY (self), NULL);
  return GTK_EDITABLE (self->at_entry);
}

void
fb_quick_entry_focus (FbQuickEntry *self)
{
  g_return_if_fail (FB_IS_QUICK_ENTRY (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_entry));
}
