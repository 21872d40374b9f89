/* The asset picker: a choice field filled from the register. It opens
 * with the first items in tag order; as the user types, the register is
 * searched again (asset_find), so an item further on is found too. */
#include "opsdesk/tui_pick.h"

#include <stdlib.h>
#include <string.h>

#include "opsdesk/asset.h"
#include "opsdesk/xalloc.h"

static tui_choice *choices_of(const asset *v, size_t n)
{
	tui_choice *choices = xcalloc(n ? n : 1, sizeof *choices);
	for (size_t i = 0; i < n; i++) {
		/* the label holds tag and name, so typing either finds it */
		choices[i].value = v[i].tag;
		choices[i].label = xasprintf("%s %s", v[i].tag, v[i].name);
	}
	return choices;
}

static void free_labels(tui_choice *choices, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(choices[i].label);
	free(choices);
}

/* The items matching what was typed; when none do, the choices stay. */
static void refill(tui_field *fd, const char *typed, void *data)
{
	asset *v = NULL;
	size_t n = 0;
	if (asset_find(data, typed, TUI_PICK_ASSET_MAX, &v, &n, NULL) == OD_OK && n > 0) {
		tui_choice *choices = choices_of(v, n);
		tui_field_replace_choices(fd, choices, n);
		free_labels(choices, n);
	}
	asset_list_free(v, n);
}

tui_field *tui_pick_asset(tui_form *f, const char *key, const char *label, od_db *db,
			  const char *tag, bool required)
{
	asset *v = NULL, extra = {0};
	size_t n = 0;
	/* a failed read leaves the picker empty: the form still opens, and the
	 * field then offers only "(none)" */
	asset_find(db, "", TUI_PICK_ASSET_MAX, &v, &n, NULL);
	bool have_tag = !tag || !*tag;
	for (size_t i = 0; !have_tag && i < n; i++)
		have_tag = strcmp(v[i].tag, tag) == 0;
	bool add_extra = !have_tag && asset_get(db, tag, &extra, NULL) == OD_OK;

	if (add_extra) {
		v = xrealloc(v, (n + 1) * sizeof *v);
		v[n++] = extra; /* owned by v from here */
	}
	tui_choice *choices = choices_of(v, n);
	tui_field *fd = tui_form_choice(f, key, label, choices, n, tag, required);
	free_labels(choices, n);
	fd->refill = refill;
	fd->refill_data = db;
	asset_list_free(v, n);
	return fd;
}
