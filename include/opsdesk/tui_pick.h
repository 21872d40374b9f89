/* Form fields that pick a record of the register by typing part of it,
 * for the forms of other screens (an incident's affected CI, a change's
 * CIs). They are ordinary choice fields of the form widget. */
#ifndef OPSDESK_TUI_PICK_H
#define OPSDESK_TUI_PICK_H

#include <stdbool.h>

#include "opsdesk/db.h"
#include "opsdesk/tui_form.h"

/* How many assets a picker offers at once. */
enum { TUI_PICK_ASSET_MAX = 1000 };

/* Adds a field choosing an asset: typing part of a tag or name searches
 * the whole register and selects the best match (asset_find's order), Left
 * and Right step through the matches. Its value (tui_form_value) is the
 * tag, or "" for none. Before anything is typed the choices are the first
 * TUI_PICK_ASSET_MAX assets in tag order, plus tag itself when it is
 * further on, so a form opened on a record always shows that record's
 * asset. */
tui_field *tui_pick_asset(tui_form *f, const char *key, const char *label, od_db *db,
			  const char *tag, bool required);

#endif
