/* Screen 7, the assets: the register as a list, and the form to add or
 * edit an item. Permission and every value are checked in the core; asking
 * for the permission before opening a form only spares the user typing
 * into a form they cannot save. */
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/asset.h"
#include "opsdesk/i18n.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_list.h"
#include "opsdesk/xalloc.h"

typedef struct assets {
	asset *v;
	size_t n;
	const rules *rules; /* for class and status names in the cells */
	tui_list list;
} assets;

/* What a form remembers of the item it edits. */
typedef struct asset_edit_state {
	char *tag;       /* NULL: a new item */
} asset_edit_state;

/* At narrow widths the IP goes first, then the location, the person. */
static const tui_column columns[] = {
    {N_("Tag"), 16, false, false, 0},   {NC_("asset", "Name"), 40, true, false, 0},
    {N_("Class"), 14, false, false, 0}, {N_("Location"), 20, false, false, 2},
    {N_("IP"), 15, false, false, 3},    {N_("Responsible"), 12, false, false, 1},
    {N_("Status"), 10, false, false, 0},
};

static const char *cell(void *data, size_t row, int col)
{
	const assets *s = data;
	const asset *a = &s->v[row];
	switch (col) {
	case 0: return a->tag;
	case 1: return a->name;
	case 2: return asset_class_name(s->rules, a->class_id);
	case 3: return a->location;
	case 4: return a->ip;
	case 5: return *a->responsible_name ? a->responsible_name : a->responsible;
	default: return asset_status_name(s->rules, a->status);
	}
}

static void assets_reload(void *self, tui_app *app)
{
	assets *s = self;
	od_ctx *ctx = tui_ctx(app);
	/* keep the same item selected across the reload */
	char *keep = NULL;
	size_t row;
	if (tui_list_current(&s->list, &row))
		keep = xstrdup(s->v[row].tag);
	asset_list_free(s->v, s->n);
	s->v = NULL;
	s->n = 0;
	od_error err;
	asset_filter all = {0};
	if (asset_list(ctx->db, &all, &s->v, &s->n, &err) != OD_OK)
		tui_status(app, true, "%s", err.msg);
	s->list.nshown = 0;
	tui_list_reset(&s->list, s->n);
	for (size_t i = 0; keep && i < s->n; i++)
		if (strcmp(s->v[i].tag, keep) == 0)
			tui_list_select(&s->list, i);
	free(keep);
}

static void *assets_open(tui_app *app)
{
	assets *s = xcalloc(1, sizeof *s);
	s->rules = tui_ctx(app)->rules;
	tui_list_init(&s->list, columns, (int)(sizeof columns / sizeof *columns), cell, s);
	assets_reload(s, app);
	return s;
}

static void assets_close(void *self)
{
	assets *s = self;
	asset_list_free(s->v, s->n);
	tui_list_free(&s->list);
	free(s);
}

static void assets_draw(void *self, tui_app *app, WINDOW *w)
{
	assets *s = self;
	tui_list_draw(&s->list, app, w, 0, getmaxy(w), getmaxx(w));
}

/* --- the item form -------------------------------------------------------- */

/* The form's field keys are the core's field names, so a refusal
 * ("ip: ...") is shown under its field. */
static const char *const form_keys[] = {"name",         "class",  "model",       "serial",
					"location",     "ip",     "responsible", "purchased",
					"warranty_end", "status", "note"};
enum { NKEYS = sizeof form_keys / sizeof *form_keys };

static od_status submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	asset_edit_state *st = owner;
	od_ctx *ctx = tui_ctx(app);
	char *v[NKEYS];
	for (size_t i = 0; i < NKEYS; i++)
		v[i] = tui_form_value(f, form_keys[i]);
	asset_fields fields = {.name = v[0],
			       .class_id = v[1],
			       .model = v[2],
			       .serial = v[3],
			       .location = v[4],
			       .ip = v[5],
			       .responsible = v[6],
			       .purchased = v[7],
			       .warranty_end = v[8],
			       .status = v[9],
			       .note = v[10]};
	char *tag = st->tag ? xstrdup(st->tag) : tui_form_value(f, "tag");
	od_status s = st->tag ? asset_edit(ctx, tag, f->version, &fields, err)
			      : asset_add(ctx, tag, &fields, err);
	if (s == OD_OK)
		tui_status(app, false, st->tag ? _("Saved %s.") : _("Added %s."), tag);
	free(tag);
	for (size_t i = 0; i < NKEYS; i++)
		free(v[i]);
	return s;
}

static void edit_state_free(void *owner)
{
	asset_edit_state *st = owner;
	free(st->tag);
	free(st);
}

static tui_choice *item_choices(const rules_item *items, size_t n)
{
	tui_choice *c = xcalloc(n ? n : 1, sizeof *c);
	for (size_t i = 0; i < n; i++)
		c[i] = (tui_choice){items[i].id, items[i].name};
	return c;
}

/* Opens the form for a new item (a == NULL) or to edit a; to look at a
 * only for those who may not manage assets. */
static void open_form(tui_app *app, const asset *a)
{
	od_ctx *ctx = tui_ctx(app);
	od_error err;
	bool may = access_require(ctx, "asset.manage", &err) == OD_OK;
	if (!may && !a) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	const rules *r = ctx->rules;
	asset_edit_state *st = xcalloc(1, sizeof *st);
	char *title, *draft;
	if (a) {
		st->tag = xstrdup(a->tag);
		title = may ? xasprintf(_("Edit %s (%s)"), a->name, a->tag)
			    : xasprintf("%s (%s)", a->name, a->tag);
		draft = xasprintf("assets.edit:%s", a->tag);
	} else {
		title = xstrdup(_("New asset"));
		draft = xstrdup("assets.new");
	}
	tui_form *f = tui_form_new(title, draft, submit, st);
	f->version = a ? a->version : 0;
	free(title);
	free(draft);
	/* the owner record is freed with the form */
	f->owner_free = edit_state_free;
	if (!a)
		tui_form_text(f, "tag", N_("Tag"), "", ASSET_TAG_MAX, true);
	tui_form_text(f, "name", NC_("asset", "Name"), a ? a->name : "", ASSET_NAME_MAX, true);
	tui_choice *classes = item_choices(r->ci_classes.v, r->ci_classes.n);
	tui_form_choice(f, "class", N_("Class"), classes, r->ci_classes.n, a ? a->class_id : NULL,
			true);
	free(classes);
	tui_form_text(f, "model", N_("Model"), a ? a->model : "", ASSET_MODEL_MAX, false);
	tui_form_text(f, "serial", N_("Serial number"), a ? a->serial : "", ASSET_SERIAL_MAX,
		      false);
	tui_form_text(f, "location", N_("Location"), a ? a->location : "", ASSET_LOCATION_MAX,
		      false);
	tui_form_text(f, "ip", N_("IP address"), a ? a->ip : "", ASSET_IP_MAX, false);
	tui_form_person(f, "responsible", N_("Responsible"), ctx->db, a ? a->responsible : NULL,
			false);
	/* days, not times: plain text the core checks as YYYY-MM-DD */
	tui_form_text(f, "purchased", N_("Purchased"), a ? a->purchased : "", ASSET_DATE_MAX,
		      false);
	tui_form_text(f, "warranty_end", N_("Warranty end"), a ? a->warranty_end : "",
		      ASSET_DATE_MAX, false);
	tui_choice *statuses = item_choices(r->ci_statuses.v, r->ci_statuses.n);
	/* a new item starts at the rules' first status, as the core would */
	const char *status = a ? a->status : r->ci_statuses.n ? r->ci_statuses.v[0].id : NULL;
	tui_form_choice(f, "status", N_("Status"), statuses, r->ci_statuses.n, status, true);
	free(statuses);
	tui_form_multiline(f, "note", N_("Note"), a ? a->note : "", ASSET_NOTE_MAX, 4, false);
	if (!may)
		tui_form_view(f, err.msg);
	tui_form_open(app, f);
}

static tui_reaction assets_key(void *self, tui_app *app, tui_key k)
{
	assets *s = self;
	if (s->list.searching)
		return tui_list_key(&s->list, k);
	size_t row;
	bool have = tui_list_current(&s->list, &row);
	tui_action_id a = tui_action_for("record", k);
	if (a == A_NONE)
		a = tui_action_for("list", k);
	switch (a) {
	case A_NEW: open_form(app, NULL); return TUI_HANDLED;
	case A_OPEN:
	case A_EDIT:
		if (have)
			open_form(app, &s->v[row]);
		return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	default: return tui_list_key(&s->list, k);
	}
}

static void assets_resume(void *self, tui_app *app, const char *form_id)
{
	assets *s = self;
	const char *prefix = "assets.edit:";
	if (strcmp(form_id, "assets.new") == 0) {
		open_form(app, NULL);
		return;
	}
	if (strncmp(form_id, prefix, strlen(prefix)) != 0)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].tag, form_id + strlen(prefix)) == 0)
			open_form(app, &s->v[i]);
}

const tui_screen_ops screen_assets = {
    .title = N_("Assets"),
    .number = 7,
    .context = "assets",
    .open = assets_open,
    .close = assets_close,
    .reload = assets_reload,
    .draw = assets_draw,
    .key = assets_key,
    .resume = assets_resume,
};
