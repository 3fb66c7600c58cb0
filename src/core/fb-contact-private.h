/* fb-contact-private.h — fields of FbContact for the store that fills them
 *
 * Copyright 2026 The Firebreak developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-contact.h"

G_BEGIN_DECLS

struct _FbContact
{
  GObject parent_instance;

  char *id;
  char *name;
  char *organisation;
  char *title;
  FbContactCategory category;
  int tier;
  char *phone;
  char *email;
  char *chat;
  char *notes;
  gboolean example;
};

FbContact *_fb_contact_new                     (void);
/* In fb-contacts-seed.c, which holds the examples' text. */
void       _fb_contact_show_in_reader_language (FbContact *contact);

G_END_DECLS
