/* The asset picker: a choice field filled from the register. The form
 * widget finds a choice as the user types (choice_find in form.c) among
 * the choices it was given, so the picker loads them once, when the form
 * opens; see tui_pick.h for the limit. */
#include "opsdesk/tui_pick.h"

#include <stdlib.h>
#include <string.h>

#include "opsdesk/asset.h"
#include "opsdesk/xalloc.h"

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

	size_t total = n + (add_extra ? 1 : 0);
	tui_choice *choices = xcalloc(total ? total : 1, sizeof *choices);
	for (size_t i = 0; i < total; i++) {
		const asset *a = i < n ? &v[i] : &extra;
		/* the label holds tag and name, so typing either finds it */
		choices[i].value = a->tag;
		choices[i].label = xasprintf("%s %s", a->tag, a->name);
	}
	tui_field *fd = tui_form_choice(f, key, label, choices, total, tag, required);
	for (size_t i = 0; i < total; i++)
		free(choices[i].label);
	free(choices);
	asset_clear(&extra);
	asset_list_free(v, n);
	return fd;
}
