/* fb-context.c — what every view needs: the store, the settings, the clock,
 * and the one way times are typed and shown
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One per application, handed to every page and dialog, so that tests can
 * build a view over a temporary database and a fixed clock (model: GNOME
 * Calendar's GcalContext). The store takes its time from the context too,
 * so a fixed clock holds for what is recorded as well as what is shown.
 * The "tick" fires once a second; it drives the clocks on screen, never a
 * query of the database. Nothing here needs GTK.
 */

#define G_LOG_DOMAIN "fb-context"

#include "config.h"

#include "fb-context.h"

struct _FbContext
{
  GObject      parent_instance;

  FbStore     *store;
  GSettings   *settings;
  FbClockFunc  clock;
  gpointer     clock_data;
  GTimeZone   *tz;           /* NULL: the local zone, looked up when used */
  FbPlaybookLibrary *playbooks;  /* read when first asked for */
  guint        tick_id;
};

G_DEFINE_FINAL_TYPE (FbContext, fb_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  N_PROPS
};

enum {
  TICK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
apply_author (FbContext *self)
{
  g_autofree char *name = NULL;

  if (self->settings != NULL)
    name = g_settings_get_string (self->settings, "user-name");
  if (name == NULL || name[0] == '\0')
    {
      const char *real = g_get_real_name ();

      g_free (name);
      name = g_strdup (real != NULL && !g_str_equal (real, "Unknown") ? real : g_get_user_name ());
    }
  fb_store_set_author (self->store, name);
}

/* The store's clock: whatever the context's is at the time. */
static gint64
read_clock (gpointer user_data)
{
  return fb_context_now_ms (FB_CONTEXT (user_data));
}

static gboolean
on_tick_cb (gpointer user_data)
{
  fb_context_tick (FB_CONTEXT (user_data));
  return G_SOURCE_CONTINUE;
}

static void
on_user_name_changed_cb (GSettings  *settings,
                         const char *key,
                         FbContext  *self)
{
  apply_author (self);
}

static void
fb_context_constructed (GObject *object)
{
  FbContext *self = (FbContext *) object;

  G_OBJECT_CLASS (fb_context_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::user-name",
                             G_CALLBACK (on_user_name_changed_cb), self, 0);
  apply_author (self);
  fb_store_set_clock (self->store, read_clock, self);

  self->tick_id = g_timeout_add_seconds (1, on_tick_cb, self);
}

static void
fb_context_dispose (GObject *object)
{
  FbContext *self = (FbContext *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  /* The store may outlive us (a page still holds it): it goes back to the
   * real clock rather than calling into a dead context. */
  if (self->store != NULL)
    fb_store_set_clock (self->store, NULL, NULL);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_object (&self->playbooks);

  G_OBJECT_CLASS (fb_context_parent_class)->dispose (object);
}

static void
fb_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FbContext *self = FB_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FbContext *self = FB_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_context_class_init (FbContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fb_context_constructed;
  object_class->dispose = fb_context_dispose;
  object_class->get_property = fb_context_get_property;
  object_class->set_property = fb_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FB_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbContext::tick:
   *
   * Once a second, for the clocks on screen.
   */
  signals[TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fb_context_init (FbContext *self)
{
  self->clock = fb_clock_real_ms;
}

FbContext *
fb_context_new (FbStore   *store,
                GSettings *settings)
{
  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (FB_TYPE_CONTEXT, "store", store, "settings", settings, NULL);
}

FbStore *
fb_context_get_store (FbContext *self)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
fb_context_get_settings (FbContext *self)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);
  return self->settings;
}

gint64
fb_context_now_ms (FbContext *self)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), 0);
  return self->clock (self->clock_data);
}

/* Tests fix the clock to check what the clocks show. */
void
fb_context_set_clock (FbContext   *self,
                      FbClockFunc  clock,
                      gpointer     clock_data)
{
  g_return_if_fail (FB_IS_CONTEXT (self));

  self->clock = clock != NULL ? clock : fb_clock_real_ms;
  self->clock_data = clock_data;
}

void
fb_context_tick (FbContext *self)
{
  g_return_if_fail (FB_IS_CONTEXT (self));
  g_signal_emit (self, signals[TICK], 0);
}

/**
 * fb_context_get_time_zone:
 *
 * Returns: (transfer full): the zone times are typed and shown in
 */
GTimeZone *
fb_context_get_time_zone (FbContext *self)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);

  return self->tz != NULL ? g_time_zone_ref (self->tz) : fb_time_ref_local_zone ();
}

/**
 * fb_context_get_playbooks:
 *
 * Returns: (transfer none): the playbooks, shipped and the user's, read
 *   once for every page that shows a step's reason or a playbook's text
 */
FbPlaybookLibrary *
fb_context_get_playbooks (FbContext *self)
{
  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);

  if (self->playbooks == NULL)
    self->playbooks = fb_playbook_library_new ();
  return self->playbooks;
}

/* Tests fix the zone with the clock, so that "14:05" means one instant. */
void
fb_context_set_time_zone (FbContext *self,
                          GTimeZone *tz)
{
  g_return_if_fail (FB_IS_CONTEXT (self));

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_object (&self->playbooks);
  self->tz = tz != NULL ? g_time_zone_ref (tz) : NULL;
}

/**
 * fb_context_parse_time:
 * @mode: %FB_TIME_PAST for when something happened, %FB_TIME_DUE for when
 *   something is due (empty means no time)
 * @out_ms: (out): the time
 *
 * Reads a time typed in any field, against the context's clock and zone.
 */
gboolean
fb_context_parse_time (FbContext  *self,
                       const char *text,
                       FbTimeMode  mode,
                       gint64     *out_ms,
                       GError    **error)
{
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (FB_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  tz = fb_context_get_time_zone (self);
  return fb_time_parse (text, fb_context_now_ms (self), tz, mode, out_ms, error);
}

/**
 * fb_context_format_time:
 *
 * Returns: (transfer full): @time_ms as the views show it and as it can be
 *   typed back; "" for no time (0 or less)
 */
char *
fb_context_format_time (FbContext *self,
                        gint64     time_ms)
{
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);

  tz = fb_context_get_time_zone (self);
  return fb_time_format (time_ms, fb_context_now_ms (self), tz);
}

/**
 * fb_context_format_time_full:
 *
 * Returns: (transfer full): @time_ms with its date, whatever the day, in a
 *   form that can be typed back
 */
char *
fb_context_format_time_full (FbContext *self,
                             gint64     time_ms)
{
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (FB_IS_CONTEXT (self), NULL);

  tz = fb_context_get_time_zone (self);
  return fb_time_format_full (time_ms, tz);
}
