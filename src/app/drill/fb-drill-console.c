/* fb-drill-console.c — the facilitator's console of a running drill
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window of its own, on the facilitator's workstation only: the script
 * with each inject's state, the drill clock, pause and speed, and a button
 * to release any inject by hand. The drill clock advances on the context's
 * tick by the context's clock, so a test moves it without sleeping; what
 * is out is read back from the incident's timeline, never kept here.
 */

#define G_LOG_DOMAIN "fb-drill"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-drill-console.h"
#include "fb-print.h"

struct _FbDrillConsole
{
  AdwWindow     parent_instance;

  FbContext    *context;
  char         *incident;
  FbScenario   *scenario;

  gint64        drill_ms;     /* drill time since the start */
  gint64        last_ms;      /* the context's clock at the last tick */
  gint64        started_at;
  int           speed;
  gboolean      paused;

  AdwWindowTitle *title;
  GtkLabel     *clock_label;
  GtkListBox   *list;
  GtkDropDown  *speed_choice;
  GtkToggleButton *pause_button;
  GPtrArray    *rows;         /* AdwActionRow per inject, script order */
  GPtrArray    *states;       /* GtkLabel per inject */
  GPtrArray    *buttons;      /* its Release button */
  gulong        tick_id;
  gulong        changed_id;
};

G_DEFINE_FINAL_TYPE (FbDrillConsole, fb_drill_console, ADW_TYPE_WINDOW)

static const int speeds[] = { 1, 2, 5, 10, 60 };

static char *
format_trigger (FbDrillConsole         *self,
                const FbScenarioInject *inject)
{
  FbPlaybook *playbook = fb_scenario_get_playbook (self->scenario);
  const FbPlaybookItem *item;

  switch (inject->trigger)
    {
    case FB_TRIGGER_AT:
      /* TRANSLATORS: when an inject is due, in drill minutes from the start */
      return g_strdup_printf (_("At +%d min"), (int) inject->minutes);
    case FB_TRIGGER_AFTER_STEP:
      item = fb_playbook_lookup_item (playbook, inject->step);
      /* TRANSLATORS: a checklist step, then minutes */
      return g_strdup_printf (_("%d min after the step “%s”"), (int) inject->minutes,
                              item != NULL ? fb_playbook_text_get (&item->text, NULL) : inject->step);
    case FB_TRIGGER_AFTER_DECISION:
    default:
      return g_strdup_printf (_("%d min after decision %d"), (int) inject->minutes, (int) inject->decision);
    }
}

/* Shows which injects are out, from the timeline. */
static void
refresh (FbDrillConsole *self)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(GPtrArray) released = fb_drill_list_released (store, self->incident);
  g_autofree char *clock = NULL;

  for (guint i = 0; i < fb_scenario_get_n_injects (self->scenario); i++)
    {
      const FbScenarioInject *inject = fb_scenario_get_inject (self->scenario, i);
      GtkLabel *state = g_ptr_array_index (self->states, i);
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      const FbDrillRelease *release = NULL;

      for (guint j = 0; j < released->len && release == NULL; j++)
        if (g_str_equal (((FbDrillRelease *) g_ptr_array_index (released, j))->inject, inject->id))
          release = g_ptr_array_index (released, j);

      if (release != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Released at +%d min"),
                                                   (int) ((release->released_at - self->started_at) *
                                                          release->speed / 60000));
          gtk_label_set_text (state, text);
          gtk_widget_add_css_class (row, "dim-label");
        }
      else
        {
          gtk_label_set_text (state, _("Waiting"));
          gtk_widget_remove_css_class (row, "dim-label");
        }
      gtk_widget_set_visible (g_ptr_array_index (self->buttons, i), release == NULL);
    }

  /* TRANSLATORS: the drill's own clock, then how fast it runs */
  clock = g_strdup_printf (self->paused ? _("Drill time +%d min · paused") : _("Drill time +%d min · %d× speed"),
                           (int) (self->drill_ms / 60000), self->speed);
  gtk_label_set_text (self->clock_label, clock);
}

static gboolean
is_released (GPtrArray  *released,
             const char *inject)
{
  for (guint i = 0; i < released->len; i++)
    if (g_str_equal (((FbDrillRelease *) g_ptr_array_index (released, i))->inject, inject))
      return TRUE;

  return FALSE;
}

static void
release_inject (FbDrillConsole         *self,
                const FbScenarioInject *inject)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = fb_drill_release (fb_context_get_store (self->context), self->incident,
                                             self->scenario, inject, self->speed, &error);

  if (entry == NULL)
    g_warning ("Cannot release inject %s: %s", inject->id, error->message);
}

/* Releases what the drill clock, or an event seen on the timeline, has
 * made due. An event inject's delay runs at the present speed. */
static void
release_due (FbDrillConsole *self)
{
  FbStore *store = fb_context_get_store (self->context);
  g_autoptr(GPtrArray) released = fb_drill_list_released (store, self->incident);
  gint64 now = fb_context_now_ms (self->context);

  if (self->paused)
    return;

  for (guint i = 0; i < fb_scenario_get_n_injects (self->scenario); i++)
    {
      const FbScenarioInject *inject = fb_scenario_get_inject (self->scenario, i);
      gint64 due;

      if (is_released (released, inject->id))
        continue;

      if (inject->trigger == FB_TRIGGER_AT)
        {
          if (self->drill_ms >= inject->minutes * 60000)
            release_inject (self, inject);
          continue;
        }

      due = fb_drill_get_due_at (store, self->incident, self->scenario, inject, self->started_at, self->speed);
      if (due != 0 && due <= now)
        release_inject (self, inject);
    }
}

static void
on_context_tick_cb (FbContext      *context,
                    FbDrillConsole *self)
{
  gint64 now = fb_context_now_ms (context);

  if (!self->paused && now > self->last_ms)
    self->drill_ms += (now - self->last_ms) * self->speed;
  self->last_ms = now;

  release_due (self);
  refresh (self);
}

static void
on_store_changed_cb (FbStore        *store,
                     guint           flags,
                     const char     *incident,
                     FbDrillConsole *self)
{
  refresh (self);
}

/* Actions ------------------------------------------------------------------ */

static void
toggle_pause_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FbDrillConsole *self = FB_DRILL_CONSOLE (widget);

  /* Catch the clock up first, so the pause starts now. */
  on_context_tick_cb (self->context, self);
  self->paused = !self->paused;
  gtk_toggle_button_set_active (self->pause_button, self->paused);
  refresh (self);
}

static void
release_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  FbDrillConsole *self = FB_DRILL_CONSOLE (widget);
  const FbScenarioInject *inject = fb_scenario_lookup_inject (self->scenario, g_variant_get_string (param, NULL));
  g_autoptr(GPtrArray) released = NULL;

  if (inject == NULL)
    return;

  released = fb_drill_list_released (fb_context_get_store (self->context), self->incident);
  if (!is_released (released, inject->id))
    release_inject (self, inject);
  refresh (self);
}

static void
faster_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FbDrillConsole *self = FB_DRILL_CONSOLE (widget);
  guint selected = gtk_drop_down_get_selected (self->speed_choice);

  if (selected + 1 < G_N_ELEMENTS (speeds))
    gtk_drop_down_set_selected (self->speed_choice, selected + 1);
}

static void
on_speed_selected_cb (GtkDropDown    *choice,
                      GParamSpec     *pspec,
                      FbDrillConsole *self)
{
  guint selected = gtk_drop_down_get_selected (choice);

  on_context_tick_cb (self->context, self);
  if (selected < G_N_ELEMENTS (speeds))
    self->speed = speeds[selected];
  refresh (self);
}

static void
on_pause_toggled_cb (GtkToggleButton *button,
                     FbDrillConsole  *self)
{
  if (gtk_toggle_button_get_active (button) != self->paused)
    gtk_widget_activate_action (GTK_WIDGET (self), "drill.toggle-pause", NULL);
}

static void
show_error (FbDrillConsole *self,
            const char     *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The report was not saved"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_report_saved_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FbDrillConsole) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fb_drill_report_to_file_finish (FB_STORE (source), result, &error) &&
      gtk_widget_get_visible (GTK_WIDGET (self)))
    show_error (self, error->message);
}

static void
on_report_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       FbDrillConsole  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->context != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      name = g_file_get_basename (file);
      /* The name says the format: Markdown for .md, HTML otherwise. */
      fb_drill_report_to_file_async (fb_context_get_store (self->context), self->incident, self->scenario,
                                     g_str_has_suffix (name, ".md") ? FB_DRILL_REPORT_MARKDOWN
                                                                    : FB_DRILL_REPORT_HTML,
                                     file, NULL, on_report_saved_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FbDrillConsole *self = FB_DRILL_CONSOLE (widget);
  GtkFileChooserNative *chooser;
  /* TRANSLATORS: the file name suggested for a drill's report; keep .html */
  g_autofree char *name = g_strdup_printf (_("drill-%s-after-action.html"), fb_scenario_get_id (self->scenario));

  chooser = gtk_file_chooser_native_new (_("Save the After-Action Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_report_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_print_report_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FbDrillConsole) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbReport) report = fb_drill_report_new_finish (FB_STORE (source), result, &error);
  g_autoptr(GtkPrintOperation) operation = NULL;

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  if (report == NULL)
    {
      show_error (self, error->message);
      return;
    }

  operation = fb_print_operation_new (report);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, error->message);
}

static void
print_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FbDrillConsole *self = FB_DRILL_CONSOLE (widget);

  fb_drill_report_new_async (fb_context_get_store (self->context), self->incident, self->scenario, NULL,
                             on_print_report_cb, g_object_ref (self));
}

/* Building ----------------------------------------------------------------- */

static GtkWidget *
build_row (FbDrillConsole         *self,
           const FbScenarioInject *inject)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new_with_label (_("Release"));
  g_autofree char *trigger = format_trigger (self, inject);
  g_autofree char *title = g_strdup_printf ("%s · %s", trigger, fb_inject_kind_get_label (inject->kind));
  g_autofree char *escaped = g_markup_escape_text (fb_playbook_text_get (&inject->text, NULL), -1);
  g_autofree char *name = g_strdup_printf (_("Release inject %s now"), inject->id);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "drill.release");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", inject->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  g_ptr_array_add (self->rows, row);
  g_ptr_array_add (self->states, state);
  g_ptr_array_add (self->buttons, button);
  return row;
}

static void
build (FbDrillConsole *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *banner = gtk_label_new (_("DRILL — not a real incident"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *setting = gtk_label_new (fb_scenario_get_setting_in (self->scenario, NULL));
  GtkWidget *script = gtk_label_new (_("Script"));
  GtkWidget *report;
  GtkWidget *print;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("DRILL — Facilitator’s Console"),
                                                        fb_scenario_get_title_in (self->scenario, NULL)));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  self->pause_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (self->pause_button), "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button), _("Pause the drill clock (Ctrl+P)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pause the drill clock"), -1);
  g_signal_connect (self->pause_button, "toggled", G_CALLBACK (on_pause_toggled_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->pause_button));

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    {
      /* TRANSLATORS: the drill clock's speed, such as "10× speed" */
      g_autofree char *label = g_strdup_printf (_("%d× speed"), speeds[i]);
      gtk_string_list_append (labels, label);
    }
  self->speed_choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->speed_choice), _("Drill minutes per real minute (Ctrl+Up for faster)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->speed_choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Drill clock speed"), -1);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->speed_choice));

  report = gtk_button_new_from_icon_name ("document-save-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (report), "drill.save-report");
  gtk_widget_set_tooltip_text (report, _("Save the after-action report (Ctrl+S)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (report), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Save the after-action report"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), report);

  print = gtk_button_new_from_icon_name ("printer-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (print), "drill.print-report");
  gtk_widget_set_tooltip_text (print, _("Print the after-action report"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (print), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Print the after-action report"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), print);
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_add_css_class (banner, "title-2");
  gtk_widget_add_css_class (banner, "error");
  gtk_widget_set_margin_top (banner, 6);
  gtk_widget_set_margin_bottom (banner, 6);
  gtk_box_append (GTK_BOX (box), banner);

  self->clock_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->clock_label), "title-3");
  gtk_widget_add_css_class (GTK_WIDGET (self->clock_label), "numeric");
  gtk_label_set_xalign (self->clock_label, 0);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->clock_label));

  gtk_label_set_wrap (GTK_LABEL (setting), TRUE);
  gtk_label_set_xalign (GTK_LABEL (setting), 0);
  gtk_box_append (GTK_BOX (content), setting);

  gtk_widget_add_css_class (script, "heading");
  gtk_label_set_xalign (GTK_LABEL (script), 0);
  gtk_box_append (GTK_BOX (content), script);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Script"), -1);
  for (guint i = 0; i < fb_scenario_get_n_injects (self->scenario); i++)
    gtk_list_box_append (self->list, build_row (self, fb_scenario_get_inject (self->scenario, i)));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->list));

  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 820, 720);
}

/* GObject ------------------------------------------------------------------ */

static void
fb_drill_console_dispose (GObject *object)
{
  FbDrillConsole *self = (FbDrillConsole *) object;

  if (self->context != NULL)
    {
      g_clear_signal_handler (&self->tick_id, self->context);
      g_clear_signal_handler (&self->changed_id, fb_context_get_store (self->context));
    }
  g_clear_object (&self->context);
  g_clear_object (&self->scenario);
  g_clear_pointer (&self->incident, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->states, g_ptr_array_unref);
  g_clear_pointer (&self->buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_drill_console_parent_class)->dispose (object);
}

static void
fb_drill_console_class_init (FbDrillConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_drill_console_dispose;

  gtk_widget_class_install_action (widget_class, "drill.toggle-pause", NULL, toggle_pause_action);
  gtk_widget_class_install_action (widget_class, "drill.release", "s", release_action);
  gtk_widget_class_install_action (widget_class, "drill.faster", NULL, faster_action);
  gtk_widget_class_install_action (widget_class, "drill.save-report", NULL, save_report_action);
  gtk_widget_class_install_action (widget_class, "drill.print-report", NULL, print_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "drill.save-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "drill.toggle-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_CONTROL_MASK, "drill.faster", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
fb_drill_console_init (FbDrillConsole *self)
{
  self->rows = g_ptr_array_new ();
  self->states = g_ptr_array_new ();
  self->buttons = g_ptr_array_new ();
}

/**
 * fb_drill_console_new:
 * @incident: a drill incident started from @scenario (fb_drill_start ())
 */
FbDrillConsole *
fb_drill_console_new (GtkApplication *application,
                      FbContext      *context,
                      const char     *incident,
                      FbScenario     *scenario)
{
  FbDrillConsole *self;
  FbStore *store;

  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (FB_IS_SCENARIO (scenario), NULL);

  self = g_object_new (FB_TYPE_DRILL_CONSOLE, "application", application, NULL);
  self->context = g_object_ref (context);
  self->incident = g_strdup (incident);
  self->scenario = g_object_ref (scenario);
  store = fb_context_get_store (context);

  self->speed = 1;
  if (!fb_drill_get_start (store, incident, NULL, &self->started_at, &self->speed))
    self->started_at = fb_context_now_ms (context);
  self->last_ms = fb_context_now_ms (context);
  self->drill_ms = MAX (0, self->last_ms - self->started_at) * self->speed;

  build (self);
  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i] == self->speed)
      gtk_drop_down_set_selected (self->speed_choice, i);
  if (speeds[gtk_drop_down_get_selected (self->speed_choice)] != self->speed)
    self->speed = speeds[gtk_drop_down_get_selected (self->speed_choice)];
  g_signal_connect (self->speed_choice, "notify::selected", G_CALLBACK (on_speed_selected_cb), self);

  self->tick_id = g_signal_connect (context, "tick", G_CALLBACK (on_context_tick_cb), self);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);

  release_due (self);
  refresh (self);
  return self;
}

gint64
fb_drill_console_get_drill_ms (FbDrillConsole *self)
{
  g_return_val_if_fail (FB_IS_DRILL_CONSOLE (self), 0);

  return self->drill_ms;
}

int
fb_drill_console_get_speed (FbDrillConsole *self)
{
  g_return_val_if_fail (FB_IS_DRILL_CONSOLE (self), 1);

  return self->speed;
}

gboolean
fb_drill_console_get_paused (FbDrillConsole *self)
{
  g_return_val_if_fail (FB_IS_DRILL_CONSOLE (self), FALSE);

  return self->paused;
}
