/* Screen 8, the knowledge base: articles and emergency plans newest first,
 * a page at a time (more as the selection moves down), / searching the
 * database (Chinese substrings too), f cycling the type shown, d the
 * drills instead. Enter reads an article (its version, links, journal),
 * e edits it, h lists its versions. The same list, opened from an
 * incident (K), starts with the incident's summary in its search prompt
 * and u resolves the incident with the selected article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/drill.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/kb.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_incident.h"
#include "opsdesk/tui_kb.h"
#include "opsdesk/tui_list.h"
#include "opsdesk/tui_record.h"
#include "opsdesk/xalloc.h"

enum { PAGE = 200, NCOLS = 6 };

/* --- an article, a plan, a drill ------------------------------------------------------ */

static bool is_plan_field(const char *id)
{
	static const char *const plan[] = {"trigger", "roles_contacts", "steps", "recovery_targets",
					   "cis"};
	for (size_t i = 0; i < sizeof plan / sizeof *plan; i++)
		if (strcmp(plan[i], id) == 0)
			return true;
	return false;
}

/* The form shows a plan's fields for a plan, an article's for the rest. */
static void show_type_fields(tui_form *f, void *owner)
{
	(void)owner;
	char *type = tui_form_value(f, "type");
	bool plan = strcmp(type, kb_plan_type(f->rules)) == 0;
	free(type);
	for (size_t i = 0; i < kb_kind.nfields; i++) {
		const char *id = kb_kind.fields[i].id;
		if (!(kb_kind.fields[i].where & RW_FORM))
			continue;
		if (is_plan_field(id))
			tui_form_hide(f, id, !plan);
		else if (strcmp(id, "solution") == 0 || strcmp(id, "symptom") == 0)
			tui_form_hide(f, id, plan);
	}
}

/* A new article's author is the one writing it. */
static bool kb_form_field(tui_form *f, tui_app *app, const record_field *fd, const char *value)
{
	if (strcmp(fd->id, "author") != 0 || *value)
		return false;
	od_ctx *ctx = tui_ctx(app);
	tui_form_person(f, fd->id, fd->label, ctx->db, ctx->login, false);
	return true;
}

static void open_history(tui_app *app, int64_t id);

static void kb_sections(tui_record_view *v, tui_app *app, const record *rec)
{
	od_ctx *ctx = tui_ctx(app);
	char buf[160], at[32];
	int64_t n = kb_version_count(ctx->db, rec->id);
	kb_version ver;
	if (n && kb_version_get(ctx->db, rec->id, n, &ver, NULL) == OD_OK) {
		snprintf(buf, sizeof buf, _("%lld (%s, %s; h: every version)"), (long long)n,
			 clock_format(ver.at, at, sizeof at), ver.by);
		kb_version_clear(&ver);
		tui_record_field(v, _("Version"), buf);
	}
	if (!*record_value(rec, "reviewed_by"))
		tui_record_field(v, _("Reviewed by"), _("(not reviewed in this version)"));
}

static tui_reaction article_key(tui_record_view *v, tui_app *app, const record *rec, tui_key k)
{
	(void)v;
	if (tui_action_for("article", k) == A_KB_HISTORY) {
		open_history(app, rec->id);
		return TUI_HANDLED;
	}
	return TUI_NOT_MINE;
}

static const tui_record_kind kb_screens = {
	.kind = &kb_kind,
	.context = "kb",
	.title = N_("Knowledge base"),
	.form_field = kb_form_field,
	.on_change = show_type_fields,
	.sections = kb_sections,
	.key = article_key,
	.keys_help = N_("t action  e edit  h versions  c comment  q back"),
};

static const tui_record_kind drill_screens = {
	.kind = &drill_kind,
	.context = "kb.drills", /* its drafts are screen 8's, to be offered back there */
	.title = N_("Drill"),
};

/* --- the versions of an article ------------------------------------------------------- */

typedef struct history {
	int64_t id;
	kb_version *v;
	size_t n;
	char **cells; /* n * 4 */
	tui_list list;
} history;

static const tui_column history_columns[] = {
	{N_("Version"), 8, false, true, 0},
	{N_("Saved"), 16, false, false, 0},
	{N_("Saved by"), 10, false, false, 1},
	{N_("Title"), 60, true, false, 0},
};

static const char *history_cell(void *data, size_t row, int col)
{
	return ((history *)data)->cells[row * 4 + (size_t)col];
}

static void history_drop(history *h)
{
	for (size_t i = 0; i < h->n * 4; i++)
		free(h->cells[i]);
	free(h->cells);
	kb_versions_free(h->v, h->n);
	h->cells = NULL;
	h->v = NULL;
	h->n = 0;
}

static void history_reload(void *self, tui_app *app)
{
	history *h = self;
	history_drop(h);
	od_error err;
	if (kb_history(tui_ctx(app)->db, h->id, &h->v, &h->n, &err) != OD_OK)
		tui_status(app, true, "%s", err.msg);
	h->cells = xcalloc(h->n * 4 + 1, sizeof *h->cells);
	for (size_t i = 0; i < h->n; i++) {
		char at[32];
		char **c = &h->cells[i * 4];
		c[0] = xasprintf("%lld", (long long)h->v[i].version);
		c[1] = xstrdup(clock_format(h->v[i].at, at, sizeof at));
		c[2] = xstrdup(h->v[i].by);
		c[3] = xstrdup(h->v[i].title);
	}
	h->list.nshown = 0;
	tui_list_reset(&h->list, h->n);
}

static void history_close(void *self)
{
	history *h = self;
	history_drop(h);
	tui_list_free(&h->list);
	free(h);
}

static void history_draw(void *self, tui_app *app, WINDOW *w)
{
	history *h = self;
	char line[128];
	snprintf(line, sizeof line, _("KB-%lld: %zu versions, newest first (Enter shows one)"),
		 (long long)h->id, h->n);
	tui_put(w, 0, 0, getmaxx(w), line, ST_DIM);
	tui_list_draw(&h->list, app, w, 1, getmaxy(w) - 1, getmaxx(w));
}

static od_status no_submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)f, (void)owner, (void)app;
	return od_fail(err, OD_DENIED, "%s", _("An old version is only read; e edits the article."));
}

/* One version's text, read-only. */
static void show_version(tui_app *app, int64_t id, const kb_version *v)
{
	od_ctx *ctx = tui_ctx(app);
	record rec;
	od_error err;
	if (record_get(ctx->db, &kb_kind, id, &rec, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	kb_version_apply(ctx->db, v, &rec);
	char at[32];
	char *title = xasprintf(_("KB-%lld version %lld (%s, %s)"), (long long)id,
				(long long)v->version, clock_format(v->at, at, sizeof at), v->by);
	tui_form *f = tui_form_new(title, NULL, no_submit, NULL);
	free(title);
	for (size_t i = 0; i < kb_kind.nfields; i++)
		if ((kb_kind.fields[i].where & RW_SHOW) && *rec.values[i])
			tui_form_shown(f, kb_kind.fields[i].id, kb_kind.fields[i].label, rec.values[i]);
	tui_form_view(f, _("An old version is only read."));
	tui_form_open(app, f);
	record_clear(&rec);
}

static tui_reaction history_key(void *self, tui_app *app, tui_key k)
{
	history *h = self;
	size_t row;
	if (tui_action_for("list", k) == A_OPEN) {
		if (tui_list_current(&h->list, &row))
			show_version(app, h->id, &h->v[row]);
		return TUI_HANDLED;
	}
	if (!k.func && k.ch == 27)
		return TUI_CLOSE;
	return tui_list_key(&h->list, k);
}

static const tui_screen_ops history_screen = {
	.title = N_("Versions"),
	.number = -1,
	.context = "list",
	.close = history_close,
	.reload = history_reload,
	.draw = history_draw,
	.key = history_key,
};

static void open_history(tui_app *app, int64_t id)
{
	history *h = xcalloc(1, sizeof *h);
	h->id = id;
	tui_list_init(&h->list, history_columns, 4, history_cell, h);
	history_reload(h, app);
	tui_push(app, &history_screen, h);
}

/* --- the list ----------------------------------------------------------------------- */

typedef struct kb_list {
	tui_record_rows rows;
	bool more;
	bool drills;  /* the drills instead of the articles */
	size_t type;  /* 0: every type, else the (type - 1)th of kb_types */
	char *search;
	int64_t incident; /* opened from this incident to resolve it; 0: screen 8 */
	tui_list list;
	tui_app *app;
} kb_list;

static const tui_column kb_columns[] = {
	{N_("Ref"), 8, false, false, 0},   {N_("State"), 8, false, false, 0},
	{N_("Type"), 10, false, false, 2}, {N_("Title"), 60, true, false, 0},
	{N_("Author"), 10, false, false, 1}, {N_("Ver"), 4, false, true, 3},
};

static const tui_column drill_columns[] = {
	{N_("Ref"), 8, false, false, 0},   {N_("State"), 8, false, false, 0},
	{N_("Held"), 16, false, false, 2}, {N_("Title"), 60, true, false, 0},
	{NC_("drill", "Plan"), 8, false, false, 1}, {N_("Ver"), 4, false, true, 3},
};

static void free_rows(kb_list *s)
{
	tui_record_rows_clear(&s->rows);
	s->more = false;
}

static const record_kind *shown_kind(const kb_list *s)
{
	return s->drills ? &drill_kind : &kb_kind;
}

static const char *type_name(const rules *r, const char *id)
{
	size_t n;
	const rules_item *types = kb_types(r, &n);
	const rules_item *t = rules_item_find(types, n, id);
	return t ? t->name : id;
}

static void drill_cells(void *arg, const record *rec, char **c)
{
	od_ctx *ctx = arg;
	char ref[32];
	record_ref(&drill_kind, rec->id, ref, sizeof ref);
	c[0] = xstrdup(ref);
	c[1] = xstrdup(record_state_name(ctx->rules, &drill_kind, rec->state));
	c[2] = xstrdup(record_value(rec, "date"));
	c[3] = xstrdup(record_value(rec, "title"));
	c[4] = xstrdup(record_value(rec, "plan"));
	c[5] = xasprintf("%lld", (long long)rec->version);
}

static void article_cells(void *arg, const record *rec, char **c)
{
	od_ctx *ctx = arg;
	char ref[32];
	record_ref(&kb_kind, rec->id, ref, sizeof ref);
	c[0] = xstrdup(ref);
	c[1] = xstrdup(record_state_name(ctx->rules, &kb_kind, rec->state));
	c[2] = xstrdup(type_name(ctx->rules, record_value(rec, "type")));
	c[3] = xstrdup(record_value(rec, "title"));
	c[4] = xstrdup(record_value(rec, "author"));
	c[5] = xasprintf("%lld", (long long)kb_version_count(ctx->db, rec->id));
}

static void load_page(kb_list *s)
{
	od_ctx *ctx = tui_ctx(s->app);
	const record_kind *k = shown_kind(s);
	size_t nt;
	const rules_item *types = kb_types(ctx->rules, &nt);
	record_filter f = {.search = s->search, .limit = PAGE,
			   .before = s->rows.n ? s->rows.v[s->rows.n - 1].id : 0};
	if (!s->drills && s->type && s->type <= nt) {
		f.field = "type";
		f.value = types[s->type - 1].id;
	}
	record *v;
	size_t n;
	od_error err;
	if (record_list(ctx->db, k, &f, &v, &n, &err) != OD_OK) {
		tui_status(s->app, true, "%s", err.msg);
		s->more = false;
		return;
	}
	tui_record_rows_add(&s->rows, v, n, s->drills ? drill_cells : article_cells, ctx);
	free(v);
	s->more = n == PAGE;
}

static void kb_reload(void *self, tui_app *app)
{
	kb_list *s = self;
	s->app = app;
	int64_t keep = 0;
	size_t sel;
	if (tui_list_current(&s->list, &sel) && sel < s->rows.n)
		keep = s->rows.v[sel].id;
	size_t had = s->rows.n;
	free_rows(s);
	s->list.cols = s->drills ? drill_columns : kb_columns;
	do
		load_page(s);
	while (s->more && s->rows.n < had);
	s->list.nshown = 0;
	tui_list_reset(&s->list, s->rows.n);
	for (size_t i = 0; keep && i < s->rows.n; i++)
		if (s->rows.v[i].id == keep)
			tui_list_select(&s->list, i);
}

static void search_db(void *data, const char *text)
{
	kb_list *s = data;
	free(s->search);
	s->search = *text ? xstrdup(text) : NULL;
	s->list.nshown = 0;
	free_rows(s);
	kb_reload(s, s->app);
	if (s->search)
		tui_status(s->app, false, _("%zu%s found for '%s'"), s->rows.n, s->more ? "+" : "",
			   s->search);
}

static kb_list *kb_new(tui_app *app)
{
	kb_list *s = xcalloc(1, sizeof *s);
	s->app = app;
	s->rows.ncols = NCOLS;
	tui_list_init(&s->list, kb_columns, NCOLS, tui_record_rows_cell, &s->rows);
	s->list.search_fn = search_db;
	return s;
}

static void *kb_open(tui_app *app)
{
	kb_list *s = kb_new(app);
	kb_reload(s, app);
	return s;
}

static void kb_close(void *self)
{
	kb_list *s = self;
	free_rows(s);
	tui_list_free(&s->list);
	free(s->search);
	free(s);
}

static void kb_draw(void *self, tui_app *app, WINDOW *w)
{
	kb_list *s = self;
	const rules *r = tui_ctx(app)->rules;
	size_t nt;
	const rules_item *types = kb_types(r, &nt);
	char line[256];
	const char *what = s->drills ? _("drills")
			   : s->type && s->type <= nt ? types[s->type - 1].name
						      : _("articles and plans");
	if (s->incident)
		snprintf(line, sizeof line, _("For INC-%lld: %zu%s %s%s  (Enter read, u resolve with it, / search)"),
			 (long long)s->incident, s->rows.n, s->more ? "+" : "", what,
			 s->search ? _(", searched") : "");
	else
		snprintf(line, sizeof line, _("%zu%s %s, newest first%s  (f type, d drills, / search, n new)"),
			 s->rows.n, s->more ? "+" : "", what, s->search ? _(", searched") : "");
	tui_put(w, 0, 0, getmaxx(w), line, ST_DIM);
	tui_list_draw(&s->list, app, w, 1, getmaxy(w) - 1, getmaxx(w));
}

static tui_reaction kb_key(void *self, tui_app *app, tui_key k)
{
	kb_list *s = self;
	if (s->list.searching)
		return tui_list_key(&s->list, k);
	size_t row;
	bool have = tui_list_current(&s->list, &row) && row < s->rows.n;
	if (s->incident && tui_action_for("kb_pick", k) == A_KB_USE) {
		if (have)
			tui_incident_resolve_with(app, s->incident, s->rows.v[row].id);
		return TUI_HANDLED;
	}
	switch (s->incident ? A_NONE : tui_action_for("kb", k)) {
	case A_FILTER: {
		size_t nt;
		kb_types(tui_ctx(app)->rules, &nt);
		s->type = (s->type + 1) % (nt + 1);
		s->drills = false;
		free_rows(s);
		kb_reload(s, app);
		return TUI_HANDLED;
	}
	case A_KB_DRILLS:
		/* another kind of record: the search of the one before is dropped */
		s->drills = !s->drills;
		free(s->search);
		s->search = NULL;
		free(s->list.filter);
		s->list.filter = NULL;
		tui_edit_set(&s->list.search, "");
		free_rows(s);
		kb_reload(s, app);
		return TUI_HANDLED;
	default: break;
	}
	switch (tui_action_for("list", k)) {
	case A_NEW:
		tui_record_new_form(app, s->drills ? &drill_screens : &kb_screens);
		return TUI_HANDLED;
	case A_OPEN:
		if (have)
			tui_record_open(app, s->drills ? &drill_screens : &kb_screens, s->rows.v[row].id);
		return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	default: break;
	}
	if (s->incident && !k.func && k.ch == 27)
		return TUI_CLOSE;
	tui_reaction re = tui_list_key(&s->list, k);
	if (s->more && tui_list_current(&s->list, &row) && row + 1 >= s->rows.n) {
		load_page(s);
		tui_list_reset(&s->list, s->rows.n);
	}
	return re;
}

static void kb_resume(void *self, tui_app *app, const char *form_id)
{
	(void)self;
	tui_record_resume(app, strncmp(form_id, "kb.drills.", 10) == 0 ? &drill_screens : &kb_screens,
			  form_id);
}

const tui_screen_ops screen_kb = {
	.title = N_("Knowledge base"),
	.number = 8,
	.context = "kb",
	.open = kb_open,
	.close = kb_close,
	.reload = kb_reload,
	.draw = kb_draw,
	.key = kb_key,
	.resume = kb_resume,
};

static const tui_screen_ops pick_screen = {
	.title = N_("Knowledge base"),
	.number = -1,
	.context = "kb_pick",
	.close = kb_close,
	.reload = kb_reload,
	.draw = kb_draw,
	.key = kb_key,
};

void tui_kb_pick_for_incident(tui_app *app, int64_t incident_id, const char *summary)
{
	kb_list *s = kb_new(app);
	s->incident = incident_id;
	/* the part of the summary that finds articles, else the summary */
	char *term = summary && *summary ? kb_suggest_term(tui_ctx(app)->db, summary) : NULL;
	s->search = term ? term : summary && *summary ? xstrdup(summary) : NULL;
	kb_reload(s, app);
	/* the search prompt holds it, ready to be changed or run */
	s->list.searching = true;
	tui_edit_set(&s->list.search, s->search ? s->search : "");
	tui_push(app, &pick_screen, s);
}
