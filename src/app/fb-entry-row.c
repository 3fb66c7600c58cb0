/* fb-entry-row.c — one timeline entry in the list
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row is recycled by the list view for whichever entry scrolls into
 * sight, so everything it shows is set in fb_entry_row_set_entry and
 * nothing is left from the entry before.
 *
 * Its line of time, kind and author and its text are FbEntryRowTexts,
 * drawn from layouts shaped once per entry and shared by the rows: the
 * list view binds a dozen rows a frame while it is flung, most of them
 * entries it had bound a moment before. While the pointer or the focus
 * is in a row, a selectable GtkLabel shows its text instead, for the
 * reader to select and copy.
 */

#define G_LOG_DOMAIN "fb-entry-row"

#include "config.h"

#include "fb-describe.h"

#include <glib/gi18n.h>

#include "fb-entry-row.h"
#include "fb-entry-row-text.h"
#include "fb-format.h"
#include "fb-wrap-bin.h"

struct _FbEntryRow
{
  GtkWidget   parent_instance;

  FbContext  *context;
  FbEntry    *entry;

  GtkWidget  *box;
  GtkImage   *kind_icon;
  GtkBox     *body;
  GtkBox     *meta_box;
  FbEntryRowText *meta_text;
  FbEntryRowText *text;
  GtkEventController *motion;
  GtkEventController *focus;

  /* Made when first needed, kept for the next entry the row shows. */
  GtkWidget  *text_bin;    /* holds text_label */
  GtkLabel   *text_label;  /* selectable, shown instead of text while live */
  GtkLabel   *amends_label;
  GtkLabel   *correction_label;
  GtkWidget  *actions_box;
  GtkWidget  *pin_button;
  GtkWidget  *amend_button;
  GtkWidget  *flags_box;
  GtkWidget  *back_dated_icon;
  GtkLabel   *recorded_label;
  GtkWidget  *before_label;
  GtkWidget  *move_button;

  gint64      detected_at;
  const char *kind_class;
  char       *tooltip;     /* of the line of the time, or NULL */
};

G_DEFINE_FINAL_TYPE (FbEntryRow, fb_entry_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ENTRY,
  PROP_DETECTED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Mid-tones of the GNOME palette, readable on light and dark alike. */
static const char * const kind_colors[] = {
  [FB_ENTRY_FACT] = "#3584e4",
  [FB_ENTRY_DECISION] = "#9141ac",
  [FB_ENTRY_ACTION] = "#26a269",
  [FB_ENTRY_ESCALATION] = "#e01b24",
  [FB_ENTRY_COMMUNICATION] = "#e66100",
  [FB_ENTRY_EVIDENCE] = "#986a44",
  [FB_ENTRY_NOTE] = "#77767b",
  [FB_ENTRY_SYSTEM] = "#77767b",
};

/* The DRILL badge's colour. */
#define INJECT_COLOR "#8250df"

static GtkLabel *
add_label (FbEntryRow *self,
           GtkWidget  *after,
           const char *css)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_widget_add_css_class (label, css);
  gtk_box_insert_child_after (self->body, label, after);
  return GTK_LABEL (label);
}

static GtkWidget *
add_button (FbEntryRow *self,
            const char *icon_name,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (button, "flat");
  /* The timeline is one Tab stop; the focused row's actions have keys and
   * a menu (fb-timeline-view.c). */
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_box_append (GTK_BOX (self->actions_box), button);
  return button;
}

static void
update_actions (FbEntryRow *self)
{
  g_autoptr(GVariant) target = NULL;
  gboolean pinned, amended;
  const char *pin_label;

  if (self->actions_box == NULL || self->entry == NULL)
    return;

  pinned = fb_entry_get_pinned (self->entry);
  amended = fb_entry_get_amended_by (self->entry) != NULL && fb_entry_get_amended_by (self->entry)[0] != '\0';

  /* System entries are the record's own notes: not amended, not pinned. */
  gtk_widget_set_visible (self->actions_box, fb_entry_get_kind (self->entry) != FB_ENTRY_SYSTEM);
  target = g_variant_ref_sink (g_variant_new_string (fb_entry_get_id (self->entry)));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->pin_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->amend_button), target);
  /* Named only once there is a target: a parameterless activation of a
   * string action would be refused. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->pin_button), "win.toggle-pin");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->amend_button), "win.amend");
  pin_label = pinned ? _("Unpin") : _("Pin as a Key Entry");
  gtk_widget_set_tooltip_text (self->pin_button, pin_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pin_button), GTK_ACCESSIBLE_PROPERTY_LABEL, pin_label, -1);
  gtk_widget_set_sensitive (self->amend_button, !amended);
}

/* The buttons appear when the pointer or the focus first reaches the row:
 * most rows scroll past without ever needing them. */
static void
ensure_actions (FbEntryRow *self)
{
  if (self->actions_box != NULL)
    return;

  self->actions_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_set_valign (self->actions_box, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->actions_box, "row-actions");
  self->pin_button = add_button (self, "view-pin-symbolic", _("Pin as a Key Entry"));
  self->amend_button = add_button (self, "document-edit-symbolic", _("Amend…"));
  gtk_box_append (GTK_BOX (self->box), self->actions_box);
  update_actions (self);
}

/* The selectable text ----------------------------------------------------- */

/* The text as a GtkLabel, for the reader to select: it looks the same as
 * the drawn text, and is made only for the rows the pointer or the focus
 * reaches. */
static void
ensure_text_label (FbEntryRow *self)
{
  GtkWidget *label;

  if (self->text_label != NULL)
    return;

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "entry-text");
  self->text_label = GTK_LABEL (label);
  /* Asks the label for its width once (fb-wrap-bin.c). */
  self->text_bin = g_object_new (FB_TYPE_WRAP_BIN, "visible", FALSE, NULL);
  gtk_widget_set_parent (label, self->text_bin);
  gtk_box_insert_child_after (self->body, self->text_bin, GTK_WIDGET (self->text));
}

static void
set_label_strikethrough (GtkLabel *label,
                         gboolean  strike)
{
  if (strike)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
      gtk_label_set_attributes (label, attrs);
      pango_attr_list_unref (attrs);
    }
  else
    gtk_label_set_attributes (label, NULL);
}

/* Shows the selectable label while the pointer or the focus is in the
 * row, or text is selected in it; the drawn text otherwise. */
static void
update_live_text (FbEntryRow *self)
{
  gboolean live;
  int start, end;

  live = gtk_event_controller_motion_contains_pointer (GTK_EVENT_CONTROLLER_MOTION (self->motion)) ||
         gtk_event_controller_focus_contains_focus (GTK_EVENT_CONTROLLER_FOCUS (self->focus)) ||
         (self->text_label != NULL && gtk_widget_get_visible (self->text_bin) &&
          gtk_label_get_selection_bounds (self->text_label, &start, &end));
  if (!live && self->text_label == NULL)
    return;

  ensure_text_label (self);
  if (live)
    {
      const char *text = fb_entry_row_text_get_text (self->text);
      gboolean amended = self->entry != NULL && fb_entry_get_amended_by (self->entry) != NULL &&
                         fb_entry_get_amended_by (self->entry)[0] != '\0';

      if (g_strcmp0 (gtk_label_get_text (self->text_label), text) != 0)
        gtk_label_set_text (self->text_label, text);
      set_label_strikethrough (self->text_label, amended);
    }
  gtk_widget_set_visible (self->text_bin, live);
  gtk_widget_set_visible (GTK_WIDGET (self->text), !live);
}

static void
on_pointer_enter_cb (FbEntryRow *self)
{
  ensure_actions (self);
  update_live_text (self);
}

static void
on_pointer_leave_cb (FbEntryRow *self)
{
  update_live_text (self);
}

/* Times a reader must weigh -------------------------------------------------- */

static GtkWidget *
add_caption (GtkWidget  *box,
             const char *text,
             const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, css);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

/* The marks after the time for the few rows that need them. A list view
 * makes rows by the hundred, and a record filled in after the fact may be
 * back-dated throughout: each mark is made only when a row first needs it. */
static void
ensure_flags (FbEntryRow *self)
{
  if (self->flags_box != NULL)
    return;

  self->flags_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_add_css_class (self->flags_box, "entry-flags");
  gtk_box_append (self->meta_box, self->flags_box);
}

static void
ensure_back_dated_marks (FbEntryRow *self)
{
  ensure_flags (self);
  if (self->back_dated_icon != NULL)
    return;

  self->back_dated_icon = gtk_image_new_from_icon_name ("document-open-recent-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_dated_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back-dated entry"), -1);
  gtk_box_prepend (GTK_BOX (self->flags_box), self->back_dated_icon);
  self->recorded_label = GTK_LABEL (add_caption (self->flags_box, NULL, "dim-label"));
  gtk_box_reorder_child_after (GTK_BOX (self->flags_box), GTK_WIDGET (self->recorded_label),
                               self->back_dated_icon);
}

static void
ensure_before_marks (FbEntryRow *self)
{
  ensure_flags (self);
  if (self->before_label != NULL)
    return;

  self->before_label = add_caption (self->flags_box, _("Before detection"), "warning");
  gtk_widget_set_margin_start (self->before_label, 8);
  self->move_button = gtk_button_new_with_label (_("Move Detection to This Time"));
  gtk_widget_set_focusable (self->move_button, FALSE);
  gtk_widget_add_css_class (self->move_button, "caption");
  gtk_widget_set_valign (self->move_button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->flags_box), self->move_button);
}

static void
show_marks (GtkWidget *first,
            GtkWidget *second,
            gboolean   shown)
{
  if (first != NULL)
    gtk_widget_set_visible (first, shown);
  if (second != NULL)
    gtk_widget_set_visible (second, shown);
}

static gboolean
on_meta_query_tooltip_cb (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard,
                          GtkTooltip *tooltip,
                          FbEntryRow *self)
{
  if (self->tooltip == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->tooltip);
  return TRUE;
}

static void
update_flags (FbEntryRow *self)
{
  FbEntry *entry = self->entry;
  gboolean back_dated = FALSE, before = FALSE;
  g_autofree char *tooltip = NULL;

  if (entry != NULL)
    {
      back_dated = fb_entry_is_back_dated (entry);
      /* The record's own notes are placed by the program, not a person. */
      before = fb_entry_get_kind (entry) != FB_ENTRY_SYSTEM && self->detected_at > 0 &&
               fb_entry_get_occurred_at (entry) < self->detected_at;
    }

  if (back_dated)
    {
      g_autofree char *happened = fb_context_format_time_full (self->context, fb_entry_get_occurred_at (entry));
      g_autofree char *recorded = fb_context_format_time_full (self->context, fb_entry_get_recorded_at (entry));
      g_autofree char *recorded_short = fb_context_format_time (self->context, fb_entry_get_recorded_at (entry));
      g_autofree char *caption = NULL;

      ensure_back_dated_marks (self);
      /* Translators: the tooltip of a back-dated entry: when it happened, and when it was written down */
      tooltip = g_strdup_printf (_("Happened %s\nRecorded %s"), happened, recorded);
      /* Translators: beside a back-dated entry; %s is when it was written down */
      caption = g_strdup_printf (_("Recorded %s"), recorded_short);
      gtk_label_set_text (self->recorded_label, caption);
    }

  /* On the line of the time and its marks, shown over either, made when
   * asked for (on_meta_query_tooltip_cb()): a tooltip set on a shown
   * widget asks the display where the pointer is, a round trip to the X
   * server for each row bound. A screen reader has it as the line's
   * description. */
  g_free (self->tooltip);
  self->tooltip = g_steal_pointer (&tooltip);
  if (self->tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->meta_box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    self->tooltip, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->meta_box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  if (before)
    {
      g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_string (fb_entry_get_id (entry)));

      ensure_before_marks (self);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->move_button), target);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->move_button), "win.move-detection");
    }

  show_marks (self->back_dated_icon, GTK_WIDGET (self->recorded_label), back_dated);
  show_marks (self->before_label, self->move_button, before);
  if (self->flags_box != NULL)
    gtk_widget_set_visible (self->flags_box, back_dated || before);
}

static void
update (FbEntryRow *self)
{
  FbEntry *entry = self->entry;
  FbStore *store = fb_context_get_store (self->context);
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *author = NULL;
  g_autofree char *pin = NULL;
  FbEntryKind kind;
  gboolean system, inject = FALSE, pinned, amended;
  const char *amends, *amended_by;

  /* An unbound row is not shown: it keeps its look until it is bound
   * again, so that the list view, which unbinds and binds a dozen rows a
   * frame in a fling, does not restyle them and set their texts twice. */
  if (entry == NULL)
    {
      update_flags (self);
      return;
    }

  kind = fb_entry_get_kind (entry);
  system = kind == FB_ENTRY_SYSTEM;
  /* A drill's inject is the record's own entry, but it is what the
   * players are there to answer: it stands out instead of receding. */
  if (system)
    {
      g_autoptr(JsonObject) data = fb_entry_dup_data_object (entry);

      inject = data != NULL && g_strcmp0 (fb_entry_data_get_string (data, "event"), "inject") == 0;
    }
  pinned = fb_entry_get_pinned (entry);
  amends = fb_entry_get_amends (entry);
  amended_by = fb_entry_get_amended_by (entry);
  amended = amended_by != NULL && amended_by[0] != '\0';

  /* A change of style class restyles the row and all inside it: only a
   * change of kind changes it. */
  if (g_strcmp0 (self->kind_class, fb_entry_kind_get_css (kind)) != 0)
    {
      if (self->kind_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self), self->kind_class);
      self->kind_class = fb_entry_kind_get_css (kind);
      gtk_widget_add_css_class (GTK_WIDGET (self), self->kind_class);
    }
  if (system && !inject)
    gtk_widget_add_css_class (GTK_WIDGET (self), "system");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "system");
  if (inject)
    gtk_widget_add_css_class (GTK_WIDGET (self), "inject");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "inject");
  if (pinned)
    gtk_widget_add_css_class (GTK_WIDGET (self), "pinned");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "pinned");

  gtk_image_set_from_icon_name (self->kind_icon, inject ? "dialog-warning-symbolic" : fb_entry_kind_get_icon (kind));

  /* Time, kind and author in one label: one widget instead of three. */
  time = fb_context_format_time (self->context, fb_entry_get_occurred_at (entry));
  author = g_markup_escape_text (fb_entry_get_author (entry), -1);
  if (pinned)
    /* Translators: marks a pinned entry in the timeline */
    pin = g_strdup_printf ("  <span foreground=\"#1c71d8\" weight=\"bold\" size=\"small\">%s</span>",
                           _("Pinned"));
  meta = g_strdup_printf ("<b>%s</b>  <span foreground=\"%s\" weight=\"bold\" size=\"small\">%s</span>"
                          "  <span alpha=\"60%%\">%s</span>%s",
                          time, inject ? INJECT_COLOR : kind_colors[MIN (kind, FB_ENTRY_SYSTEM)],
                          /* Translators: the kind shown on a drill's inject in the timeline */
                          inject ? _("Drill Inject") : fb_entry_kind_get_label (kind),
                          author, pin != NULL ? pin : "");
  fb_entry_row_text_set_markup (self->meta_text, meta);

  text = fb_describe_entry (entry, store);
  fb_entry_row_text_set_text (self->text, text, amended);
  update_live_text (self);

  /* The original keeps its text, struck through; the correction sits
   * beneath it so a reader sees both at once. */
  if (amended)
    {
      g_autoptr(FbEntry) correction = fb_store_get_entry (store, amended_by);
      g_autofree char *label = NULL;

      if (correction != NULL)
        /* Translators: shown under an amended entry: who corrected it, and the new text */
        label = g_strdup_printf (_("Corrected by %s: %s"), fb_entry_get_author (correction),
                                 fb_entry_get_text (correction));
      if (self->correction_label == NULL)
        self->correction_label = add_label (self, self->text_bin != NULL ? self->text_bin : GTK_WIDGET (self->text),
                                            "entry-correction");
      gtk_label_set_text (self->correction_label, label != NULL ? label : _("Corrected"));
    }
  if (self->correction_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->correction_label), amended);

  if (amends != NULL && amends[0] != '\0')
    {
      g_autoptr(FbEntry) original = fb_store_get_entry (store, amends);
      g_autofree char *label = NULL;

      if (original != NULL)
        {
          g_autofree char *when = fb_context_format_time (self->context, fb_entry_get_occurred_at (original));
          /* Translators: above an amendment; %s is the time of the entry it corrects */
          label = g_strdup_printf (_("Correction to the entry of %s"), when);
        }
      if (self->amends_label == NULL)
        {
          self->amends_label = add_label (self, GTK_WIDGET (self->meta_box), "caption");
          gtk_widget_add_css_class (GTK_WIDGET (self->amends_label), "dim-label");
        }
      gtk_label_set_text (self->amends_label, label != NULL ? label : _("Correction"));
      gtk_widget_set_visible (GTK_WIDGET (self->amends_label), TRUE);
    }
  else if (self->amends_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->amends_label), FALSE);

  update_flags (self);
  update_actions (self);
}

static void
fb_entry_row_dispose (GObject *object)
{
  FbEntryRow *self = (FbEntryRow *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ENTRY_ROW);
  /* The template's top box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->entry);
  g_clear_object (&self->context);
  g_clear_pointer (&self->tooltip, g_free);

  G_OBJECT_CLASS (fb_entry_row_parent_class)->dispose (object);
}

static void
fb_entry_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FbEntryRow *self = FB_ENTRY_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    case PROP_DETECTED_AT:
      g_value_set_int64 (value, self->detected_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_entry_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FbEntryRow *self = FB_ENTRY_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_ENTRY:
      fb_entry_row_set_entry (self, g_value_get_object (value));
      break;
    case PROP_DETECTED_AT:
      fb_entry_row_set_detected_at (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_entry_row_class_init (FbEntryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_entry_row_dispose;
  object_class->get_property = fb_entry_row_get_property;
  object_class->set_property = fb_entry_row_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, FB_TYPE_ENTRY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The incident's detection time, to flag the entries placed before it. */
  properties[PROP_DETECTED_AT] =
    g_param_spec_int64 ("detected-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FB_TYPE_ENTRY_ROW_TEXT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-entry-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FbEntryRow, box);
  gtk_widget_class_bind_template_child (widget_class, FbEntryRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, FbEntryRow, body);
  gtk_widget_class_bind_template_child (widget_class, FbEntryRow, meta_box);
  gtk_widget_class_bind_template_child (widget_class, FbEntryRow, meta_text);
  gtk_widget_class_bind_template_child (widget_class, FbEntryRow, text);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fbentryrow");
}

static void
fb_entry_row_init (FbEntryRow *self)
{
  GtkEventController *motion, *focus;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->meta_box), TRUE);
  g_signal_connect_object (self->meta_box, "query-tooltip", G_CALLBACK (on_meta_query_tooltip_cb), self, 0);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "enter", G_CALLBACK (on_pointer_enter_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (on_pointer_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  self->motion = motion;

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "enter", G_CALLBACK (on_pointer_enter_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (on_pointer_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  self->focus = focus;
}

GtkWidget *
fb_entry_row_new (FbContext *context)
{
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_ENTRY_ROW, "context", context, NULL);
}

FbEntry *
fb_entry_row_get_entry (FbEntryRow *self)
{
  g_return_val_if_fail (FB_IS_ENTRY_ROW (self), NULL);
  return self->entry;
}

/* Always redraws, even for the same entry id: a pin or an amendment comes
 * as a new snapshot of the same entry. */
void
fb_entry_row_set_entry (FbEntryRow *self,
                        FbEntry    *entry)
{
  g_return_if_fail (FB_IS_ENTRY_ROW (self));
  g_return_if_fail (entry == NULL || FB_IS_ENTRY (entry));

  if (self->entry == entry)
    return;

  g_set_object (&self->entry, entry);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

const char *
fb_entry_row_get_text (FbEntryRow *self)
{
  g_return_val_if_fail (FB_IS_ENTRY_ROW (self), NULL);
  return fb_entry_row_text_get_text (self->text);
}

void
fb_entry_row_set_detected_at (FbEntryRow *self,
                              gint64      detected_at)
{
  g_return_if_fail (FB_IS_ENTRY_ROW (self));

  if (self->detected_at == detected_at)
    return;

  self->detected_at = detected_at;
  update_flags (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETECTED_AT]);
}
