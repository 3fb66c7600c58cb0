/* fb-window.c — the main window: incidents on the left, the incident on the right
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each window follows one incident. Windows share the application's store,
 * so what one window posts the others show at once; another process
 * writing the same file reaches them through the store's file watch.
 */

#define G_LOG_DOMAIN "fb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-incident-row.h"
#include "fb-sync-indicator.h"
#include "fb-window-private.h"

G_DEFINE_FINAL_TYPE (FbWindow, fb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCIDENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
make_section_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "sidebar-section");
  return label;
}

/* Open incidents, then closed ones, then the readiness reviews under a
 * heading of their own: a review is never one of the incidents. */
static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  FbIncident *incident = fb_incident_row_get_incident (FB_INCIDENT_ROW (row));
  FbIncident *previous = before != NULL ? fb_incident_row_get_incident (FB_INCIDENT_ROW (before)) : NULL;
  gboolean review = fb_incident_is_review (incident);
  gboolean closed = fb_incident_get_status (incident) == FB_STATUS_CLOSED;
  gboolean before_review = previous != NULL && fb_incident_is_review (previous);
  gboolean before_closed = previous != NULL && fb_incident_get_status (previous) == FB_STATUS_CLOSED;

  if (review && !before_review)
    gtk_list_box_row_set_header (row, make_section_heading (_("Readiness Reviews")));
  else if (!review && closed && !before_closed)
    gtk_list_box_row_set_header (row, make_section_heading (_("Closed")));
  else
    gtk_list_box_row_set_header (row, NULL);
}

static GtkListBoxRow *
find_row (FbWindow   *self,
          const char *incident)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->incident_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (FB_IS_INCIDENT_ROW (child) &&
          g_strcmp0 (fb_incident_get_id (fb_incident_row_get_incident (FB_INCIDENT_ROW (child))), incident) == 0)
        return GTK_LIST_BOX_ROW (child);
    }
  return NULL;
}

/* A handful of incidents, each a small row: rebuilding them all is simpler
 * than diffing and costs nothing worth measuring. */
static void
fill_incidents (FbWindow *self)
{
  g_autoptr(GListModel) incidents = NULL;
  GtkWidget *child;
  GtkListBoxRow *selected;
  guint n;

  self->filling = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->incident_list))) != NULL)
    gtk_list_box_remove (self->incident_list, child);

  incidents = fb_store_list_incidents (fb_context_get_store (self->context), TRUE);
  n = g_list_model_get_n_items (incidents);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbIncident) incident = g_list_model_get_item (incidents, i);
      gtk_list_box_append (self->incident_list, fb_incident_row_new (self->context, incident));
    }

  selected = self->incident != NULL ? find_row (self, self->incident) : NULL;
  gtk_list_box_select_row (self->incident_list, selected);
  self->filling = FALSE;
}

/* The server may say that restricted incidents exist without showing
 * them: each is a row that says so, with nothing else of it. */
static void
fill_hidden (FbWindow *self)
{
  g_auto(GStrv) hidden = fb_store_get_hidden_incidents (fb_context_get_store (self->context));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hidden_list))) != NULL)
    gtk_list_box_remove (self->hidden_list, child);

  for (guint i = 0; hidden[i] != NULL; i++)
    {
      g_autoptr(FbIncident) held = fb_store_get_incident (fb_context_get_store (self->context), hidden[i]);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (NULL);
      g_autofree char *text = NULL;

      /* A copy kept from before the restriction: its title is already
       * here, and what follows will not come. */
      if (held != NULL)
        /* Translators: %s is the title of an incident */
        text = g_strdup_printf (_("“%s” is now restricted: you have no access to what follows"),
                                fb_incident_get_title (held));
      gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : _("Restricted incident — you have no access"));

      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("system-lock-screen-symbolic"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_list_box_append (self->hidden_list, box);
      gtk_list_box_row_set_activatable (gtk_list_box_get_row_at_index (self->hidden_list, (int) i), FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->hidden_list), hidden[0] != NULL);
}

static void
on_store_changed_cb (FbWindow   *self,
                     guint       flags,
                     const char *incident,
                     FbStore    *store)
{
  if (!(flags & FB_CHANGE_INCIDENTS))
    return;

  fill_incidents (self);
  fill_hidden (self);
  /* An incident can appear from another process after this window
   * opened on an empty database. */
  if (self->incident == NULL)
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->incident_list, 0);

      if (first != NULL)
        fb_window_select_incident (self, fb_incident_get_id (fb_incident_row_get_incident (FB_INCIDENT_ROW (first))));
    }
  _fb_window_actions_update (self);
}

static void
on_incident_row_selected_cb (FbWindow      *self,
                             GtkListBoxRow *row,
                             GtkListBox    *list)
{
  if (self->filling || row == NULL)
    return;

  fb_window_select_incident (self, fb_incident_get_id (fb_incident_row_get_incident (FB_INCIDENT_ROW (row))));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Clicking the incident already selected, or Enter on it, must still
 * show it: in a folded window the list is all there is until then. */
static void
on_incident_row_activated_cb (FbWindow      *self,
                              GtkListBoxRow *row,
                              GtkListBox    *list)
{
  const char *id = fb_incident_get_id (fb_incident_row_get_incident (FB_INCIDENT_ROW (row)));

  if (g_strcmp0 (id, self->incident) != 0)
    fb_window_select_incident (self, id);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static gboolean
fb_window_close_request (GtkWindow *window)
{
  FbWindow *self = FB_WINDOW (window);
  GSettings *settings = self->context != NULL ? fb_context_get_settings (self->context) : NULL;

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (fb_window_parent_class)->close_request (window);
}

/* The role board, checklists and contacts come after the timeline; the
 * overview gains their summary. */
static void
add_board_pages (FbWindow *self)
{
  self->role_board = FB_ROLE_BOARD (fb_role_board_new (self->context));
  self->checklist_page = FB_CHECKLIST_PAGE (fb_checklist_page_new (self->context));
  self->contacts_page = FB_CONTACTS_PAGE (fb_contacts_page_new (self->context));
  self->board_summary = FB_BOARD_SUMMARY (fb_board_summary_new (self->context));

  fb_window_add_page (self, GTK_WIDGET (self->role_board), "roles", _("Roles"), "system-users-symbolic");
  fb_window_add_page (self, GTK_WIDGET (self->checklist_page), "checklist", _("Checklist"), "checkbox-checked-symbolic");
  fb_window_add_page (self, GTK_WIDGET (self->contacts_page), "contacts", _("Contacts"), "x-office-address-book-symbolic");
  fb_overview_page_add_section (self->overview, GTK_WIDGET (self->board_summary));
}

static void
fill_sync_slot (FbWindow *self,
                GtkBox   *slot)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (slot))) != NULL)
    gtk_box_remove (slot, child);

  gtk_box_append (slot, fb_sync_indicator_new (self->sync));
}

/* The header's sync slot shows the war-room connection, or that this is a
 * local record; so does the foot of the list, seen alone in a folded
 * window. */
static void
show_sync_state (FbWindow *self)
{
  fill_sync_slot (self, fb_incident_header_get_sync_slot (self->header));
  fill_sync_slot (self, self->sidebar_sync_slot);
}

/* Once the record is found damaged every change is refused: said where
 * the user works, for as long as the window is open, not only in the
 * alert that tells it first. */
static void
show_damage (FbWindow *self)
{
  const GError *damage = fb_store_get_damage (fb_context_get_store (self->context));

  if (damage == NULL)
    return;

  gtk_label_set_text (self->damage_label, damage->message);
  gtk_revealer_set_reveal_child (self->damage_banner, TRUE);
}

static void
fb_window_constructed (GObject *object)
{
  FbWindow *self = (FbWindow *) object;
  GSettings *settings;
  g_autofree char *last = NULL;
  GtkListBoxRow *row = NULL;

  G_OBJECT_CLASS (fb_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);

  fb_incident_header_set_context (self->header, self->context);
  fb_timeline_view_set_context (self->timeline, self->context);
  self->overview = FB_OVERVIEW_PAGE (fb_overview_page_new (self->context));
  adw_bin_set_child (self->overview_slot, GTK_WIDGET (self->overview));
  add_board_pages (self);
  show_sync_state (self);

  settings = fb_context_get_settings (self->context);
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      last = g_settings_get_string (settings, "last-incident");
    }

  g_signal_connect_object (fb_context_get_store (self->context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fb_context_get_store (self->context), "damaged",
                           G_CALLBACK (show_damage), self, G_CONNECT_SWAPPED);
  show_damage (self);
  fill_incidents (self);
  fill_hidden (self);

  if (last != NULL && last[0] != '\0')
    row = find_row (self, last);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->incident_list, 0);
  /* On a narrow screen, open on the incident, or on the empty state with
   * its New Incident button, rather than on the list. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  if (row != NULL)
    {
      fb_window_select_incident (self, fb_incident_get_id (fb_incident_row_get_incident (FB_INCIDENT_ROW (row))));
      /* Ready to type the first fact. */
      gtk_window_set_focus (GTK_WINDOW (self),
                            GTK_WIDGET (fb_quick_entry_get_text_editable (fb_timeline_view_get_quick_entry (self->timeline))));
    }
  else
    fb_window_select_incident (self, NULL);

  _fb_window_actions_update (self);
}

static void
fb_window_dispose (GObject *object)
{
  FbWindow *self = (FbWindow *) object;

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }

  /* Exports, imports and reports still running have nobody to tell. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->job_toast_dismiss_id, g_source_remove);
  if (self->job_toast != NULL)
    g_signal_handlers_disconnect_by_data (self->job_toast, self);
  g_clear_object (&self->job_toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_WINDOW);
  g_clear_object (&self->sync);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_window_parent_class)->dispose (object);
}

static void
fb_window_finalize (GObject *object)
{
  FbWindow *self = (FbWindow *) object;

  g_free (self->incident);

  G_OBJECT_CLASS (fb_window_parent_class)->finalize (object);
}

static void
fb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FbWindow *self = FB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_INCIDENT:
      g_value_set_string (value, self->incident);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FbWindow *self = FB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_INCIDENT:
      fb_window_select_incident (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_window_class_init (FbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = fb_window_constructed;
  object_class->dispose = fb_window_dispose;
  object_class->finalize = fb_window_finalize;
  object_class->get_property = fb_window_get_property;
  object_class->set_property = fb_window_set_property;
  window_class->close_request = fb_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INCIDENT] =
    g_param_spec_string ("incident", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FB_TYPE_INCIDENT_HEADER);
  g_type_ensure (FB_TYPE_TIMELINE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, content);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, incident_list);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, hidden_list);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, sidebar_sync_slot);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, incident_menu_button);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, damage_banner);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, damage_label);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, header);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, overview_slot);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, timeline);
  gtk_widget_class_bind_template_callback (widget_class, on_incident_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_incident_row_activated_cb);

  _fb_window_class_actions_init (widget_class);
}

static void
fb_window_init (FbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_list_box_set_header_func (self->incident_list, header_func, NULL, NULL);
  adw_view_stack_set_visible_child_name (self->view_stack, "timeline");
}

FbWindow *
fb_window_new (GtkApplication *application,
               FbContext      *context)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (FB_IS_CONTEXT (context), NULL);

  return g_object_new (FB_TYPE_WINDOW, "application", application, "context", context, NULL);
}

/* The war-room connection is the application's, not the context's: the
 * context stays free of the network. */
void
fb_window_set_sync (FbWindow    *self,
                    FbSyncSetup *sync)
{
  g_return_if_fail (FB_IS_WINDOW (self));
  g_return_if_fail (sync == NULL || FB_IS_SYNC_SETUP (sync));

  if (!g_set_object (&self->sync, sync))
    return;

  show_sync_state (self);
}

FbContext *
fb_window_get_context (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->context;
}

const char *
fb_window_get_incident (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->incident;
}

void
fb_window_select_incident (FbWindow   *self,
                           const char *incident)
{
  g_autoptr(FbIncident) snapshot = NULL;
  GtkListBoxRow *row;

  g_return_if_fail (FB_IS_WINDOW (self));

  if (self->context == NULL)
    return;

  if (incident != NULL)
    {
      snapshot = fb_store_get_incident (fb_context_get_store (self->context), incident);
      if (snapshot == NULL)
        incident = NULL;
    }

  if (g_strcmp0 (self->incident, incident) != 0)
    {
      FbIncidentPage *pages[] = {
        FB_INCIDENT_PAGE (self->overview), FB_INCIDENT_PAGE (self->role_board),
        FB_INCIDENT_PAGE (self->checklist_page), FB_INCIDENT_PAGE (self->contacts_page),
        FB_INCIDENT_PAGE (self->board_summary),
      };

      g_free (self->incident);
      self->incident = g_strdup (incident);

      fb_incident_header_set_incident (self->header, incident);
      fb_timeline_view_set_incident (self->timeline, incident);
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        fb_incident_page_set_incident (pages[i], incident);

      if (incident != NULL && fb_context_get_settings (self->context) != NULL)
        g_settings_set_string (fb_context_get_settings (self->context), "last-incident", incident);

      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
    }

  adw_view_switcher_title_set_title (self->switcher_title,
                                     snapshot != NULL ? fb_incident_get_title (snapshot) : _("Firebreak"));
  gtk_stack_set_visible_child_name (self->main_stack, incident != NULL ? "incident" : "empty");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, incident != NULL);
  gtk_widget_set_visible (self->incident_menu_button, incident != NULL);

  row = incident != NULL ? find_row (self, incident) : NULL;
  if (gtk_list_box_get_selected_row (self->incident_list) != row)
    {
      self->filling = TRUE;
      gtk_list_box_select_row (self->incident_list, row);
      self->filling = FALSE;
    }

  if (incident != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    fb_quick_entry_focus (fb_timeline_view_get_quick_entry (self->timeline));

  _fb_window_actions_update (self);
}

/* The way to add the role board, contacts and checklists as pages beside
 * the overview and the timeline. */
void
fb_window_add_page (FbWindow   *self,
                    GtkWidget  *page,
                    const char *name,
                    const char *title,
                    const char *icon_name)
{
  g_return_if_fail (FB_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  adw_view_stack_add_titled (self->view_stack, page, name, title);
  if (icon_name != NULL)
    adw_view_stack_page_set_icon_name (adw_view_stack_get_page (self->view_stack, page), icon_name);
}

/* Shows an error the user can act on as a toast in the window holding
 * @widget. */
void
fb_window_show_error (GtkWidget  *widget,
                      const char *message)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  root = gtk_widget_get_root (widget);
  if (FB_IS_WINDOW (root))
    _fb_window_toast (FB_WINDOW (root), message);
  else
    g_message ("%s", message);
}

void
_fb_window_toast (FbWindow   *self,
                  const char *message)
{
  /* Toast titles are markup in libadwaita 1.2; our messages quote user text. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

FbIncidentHeader *
_fb_window_get_header (FbWindow *self)
{
  return self->header;
}

FbTimelineView *
_fb_window_get_timeline (FbWindow *self)
{
  return self->timeline;
}

FbOverviewPage *
_fb_window_get_overview (FbWindow *self)
{
  return self->overview;
}

GtkListBox *
_fb_window_get_incident_list (FbWindow *self)
{
  return self->incident_list;
}

FbNewIncidentDialog *
_fb_window_get_dialog (FbWindow *self)
{
  return self->dialog;
}

AdwViewStack *
_fb_window_get_view_stack (FbWindow *self)
{
  return self->view_stack;
}

GtkStack *
_fb_window_get_main_stack (FbWindow *self)
{
  return self->main_stack;
}
