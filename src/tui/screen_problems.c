/* Screen 6, problems: the list of problems (open, or all) and the
 * recurrence candidates (c): groups of incidents the rules call
 * recurring that no open problem covers, each opened as a problem with
 * its incidents linked in one key. The record screen is the generic one
 * (tui_record.h) with what a problem adds: the 5-why chain (w), the
 * fishbone notes (f), its open incidents, and R to resolve them once the
 * problem is solved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/problem.h"
#include "opsdesk/recurrence.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_list.h"
#include "opsdesk/tui_record.h"
#include "opsdesk/xalloc.h"

enum { PAGE = 200, NCOLS = 5, CAND_MAX = 50, TEXT_MAX = 2000 };

/* --- the record screen ------------------------------------------------------------ */

static const char *fishbone_name(const rules *r, const char *id)
{
	const rules_item *c = rules_item_find(r->problems.fishbone.v, r->problems.fishbone.n, id);
	return c ? c->name : id;
}

static void problem_sections(tui_record_view *v, tui_app *app, const record *rec)
{
	od_ctx *ctx = tui_ctx(app);
	problem_step *st;
	size_t n;
	char buf[TEXT_MAX + 64];
	if (problem_steps(ctx->db, rec->id, &st, &n, NULL) == OD_OK) {
		int why = 0;
		for (size_t i = 0; i < n; i++) {
			if (st[i].kind != PROBLEM_WHY)
				continue;
			if (!why) {
				tui_record_line(v, ST_NORMAL, "");
				tui_record_line(v, ST_HEADER, _("5 whys"));
			}
			snprintf(buf, sizeof buf, _("  %d. why? %s"), ++why, st[i].question);
			tui_record_line(v, ST_NORMAL, buf);
			snprintf(buf, sizeof buf, _("     because %s"), st[i].answer);
			tui_record_line(v, ST_DIM, buf);
		}
		bool header = false;
		for (size_t i = 0; i < n; i++) {
			if (st[i].kind != PROBLEM_FISHBONE)
				continue;
			if (!header) {
				tui_record_line(v, ST_NORMAL, "");
				tui_record_line(v, ST_HEADER, _("Fishbone"));
				header = true;
			}
			snprintf(buf, sizeof buf, "  %s: %s", fishbone_name(ctx->rules, st[i].category),
				 st[i].answer);
			tui_record_line(v, ST_NORMAL, buf);
		}
		problem_steps_free(st, n);
	}
	int64_t *ids;
	size_t ni;
	if (problem_incidents(ctx, rec->id, true, &ids, &ni, NULL) != OD_OK)
		return;
	if (ni) {
		tui_record_line(v, ST_NORMAL, "");
		strbuf sb = {0};
		sb_addf(&sb, _("Open incidents (%zu):"), ni);
		for (size_t i = 0; i < ni; i++)
			sb_addf(&sb, " INC-%lld", (long long)ids[i]);
		tui_record_line(v, ST_HEADER, sb.buf);
		sb_free(&sb);
		/* the offer is on the status line too, once for each version of
		 * the problem: the section may be below the page */
		static struct {
			int64_t id, version;
		} offered;
		const rules_state *now = record_state_find(ctx->rules, &problem_kind, rec->state);
		if (now && now->resolved) {
			tui_record_line(v, ST_WARN,
					_("  The problem is solved: R resolves these incidents with it."));
			if (offered.id != rec->id || offered.version != rec->version)
				tui_status(app, false,
				   _("PRB-%lld is solved and has %zu open incidents: R resolves them with it."),
				   (long long)rec->id, ni);
			offered.id = rec->id;
			offered.version = rec->version;
		}
	}
	free(ids);
}

typedef struct step_owner {
	int64_t id;
	bool why;
} step_owner;

static od_status submit_step(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	step_owner *o = owner;
	od_ctx *ctx = tui_ctx(app);
	char *a = tui_form_value(f, o->why ? "why" : "category");
	char *b = tui_form_value(f, o->why ? "answer" : "note");
	od_status s = o->why ? problem_add_why(ctx, o->id, a, b, err)
			     : problem_add_fishbone(ctx, o->id, a, b, err);
	if (s == OD_OK)
		tui_status(app, false, _("PRB-%lld: saved."), (long long)o->id);
	free(a);
	free(b);
	return s;
}

static void open_step(tui_app *app, int64_t id, bool why)
{
	char *title = xasprintf(why ? _("PRB-%lld: the next why") : _("PRB-%lld: a fishbone note"),
				(long long)id);
	char *draft = xasprintf("problems.%s:PRB-%lld", why ? "why" : "fishbone", (long long)id);
	step_owner *o = xmalloc(sizeof *o);
	*o = (step_owner){id, why};
	tui_form *f = tui_form_new(title, draft, submit_step, o);
	f->owner_free = free;
	if (why) {
		tui_form_text(f, "why", N_("Why?"), "", 400, true);
		tui_form_multiline(f, "answer", N_("Because"), "", TEXT_MAX, 3, true);
	} else {
		const rules_problems *p = &tui_ctx(app)->rules->problems;
		tui_choice *c = tui_record_items(p->fishbone.v, p->fishbone.n);
		tui_form_choice(f, "category", N_("Category"), c, p->fishbone.n, NULL, true);
		free(c);
		tui_form_multiline(f, "note", N_("Note"), "", TEXT_MAX, 3, true);
	}
	tui_form_open(app, f);
	free(title);
	free(draft);
}

static tui_reaction resolve_answer(void *self, tui_app *app, bool yes)
{
	int64_t id = (int64_t)(intptr_t)self;
	if (!yes)
		return TUI_HANDLED;
	problem_resolved *r;
	size_t n;
	od_error err;
	if (problem_resolve_incidents(tui_ctx(app), id, &r, &n, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return TUI_RELOAD;
	}
	size_t done = 0;
	const char *why = NULL;
	for (size_t i = 0; i < n; i++) {
		done += r[i].status == OD_OK;
		if (r[i].status != OD_OK && !why)
			why = r[i].message;
	}
	if (why)
		tui_status(app, true, _("%zu of %zu incidents resolved; %s"), done, n, why);
	else
		tui_status(app, false, _("%zu incidents resolved."), done);
	problem_resolved_free(r, n);
	return TUI_RELOAD;
}

static tui_reaction article_answer(void *self, tui_app *app, bool yes)
{
	int64_t id = (int64_t)(intptr_t)self, kb;
	od_error err;
	if (!yes)
		return TUI_HANDLED;
	if (problem_article(tui_ctx(app), id, &kb, &err) != OD_OK)
		tui_status(app, true, "%s", err.msg);
	else
		tui_status(app, false, _("PRB-%lld is written up as KB-%lld (a draft: screen 8)."),
			   (long long)id, (long long)kb);
	return TUI_RELOAD;
}

static tui_reaction problem_key(tui_record_view *v, tui_app *app, const record *rec, tui_key k)
{
	(void)v;
	switch (tui_action_for("problem", k)) {
	case A_WHY: open_step(app, rec->id, true); return TUI_HANDLED;
	case A_ARTICLE: {
		char *q = xasprintf(_("Write PRB-%lld up as a knowledge-base article?"), (long long)rec->id);
		tui_ask(app, q, article_answer, (void *)(intptr_t)rec->id);
		free(q);
		return TUI_HANDLED;
	}
	case A_FISHBONE: open_step(app, rec->id, false); return TUI_HANDLED;
	case A_RESOLVE_INCIDENTS: {
		int64_t *ids;
		size_t n;
		if (problem_incidents(tui_ctx(app), rec->id, true, &ids, &n, NULL) != OD_OK)
			return TUI_HANDLED;
		free(ids);
		if (!n) {
			tui_status(app, false, _("PRB-%lld has no open incidents."), (long long)rec->id);
			return TUI_HANDLED;
		}
		char *q = xasprintf(_("Resolve the %zu open incidents of PRB-%lld with it?"), n,
				    (long long)rec->id);
		tui_ask(app, q, resolve_answer, (void *)(intptr_t)rec->id);
		free(q);
		return TUI_HANDLED;
	}
	default: return TUI_NOT_MINE;
	}
}

static void problem_resume(tui_app *app, const record *rec, const char *form_id)
{
	if (strncmp(form_id, "problems.why:", 13) == 0)
		open_step(app, rec->id, true);
	else if (strncmp(form_id, "problems.fishbone:", 18) == 0)
		open_step(app, rec->id, false);
}

static const tui_record_kind problem_screens = {
	.kind = &problem_kind,
	.context = "problems",
	.title = N_("Problem"),
	.sections = problem_sections,
	.key = problem_key,
	.resume = problem_resume,
	.keys_help = N_("t action  w why  f fishbone  R resolve incidents  A article  c comment  e edit  q back"),
};

/* --- a problem from a recurrence candidate ------------------------------------ */

typedef struct from_owner {
	int64_t *ids;
	size_t n;
} from_owner;

static void from_owner_free(void *p)
{
	from_owner *o = p;
	free(o->ids);
	free(o);
}

static od_status submit_from(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	from_owner *o = owner;
	static const char *const keys[] = {"title", "description", "assignee"};
	char *values[3];
	record_set sets[3];
	size_t n = 0;
	for (int i = 0; i < 3; i++) {
		values[i] = tui_form_value(f, keys[i]);
		if (*values[i])
			sets[n++] = (record_set){keys[i], values[i]};
	}
	int64_t id;
	od_status s = problem_create(tui_ctx(app), sets, n, o->ids, o->n, &id, err);
	if (s == OD_OK)
		tui_status(app, false, _("PRB-%lld opened with %zu incidents linked."), (long long)id,
			   o->n);
	for (int i = 0; i < 3; i++)
		free(values[i]);
	return s;
}

/* The form of a problem from incidents ids; its draft id names them, so a
 * dropped session comes back to the same group. */
static void open_from(tui_app *app, const int64_t *ids, size_t n, const char *title)
{
	strbuf draft = {0}, list = {0};
	sb_add(&draft, "problems.from:");
	for (size_t i = 0; i < n; i++) {
		sb_addf(&draft, "%s%lld", i ? "," : "", (long long)ids[i]);
		sb_addf(&list, "%sINC-%lld", i ? ", " : "", (long long)ids[i]);
	}
	from_owner *o = xmalloc(sizeof *o);
	o->ids = xmalloc((n ? n : 1) * sizeof *o->ids);
	memcpy(o->ids, ids, n * sizeof *ids);
	o->n = n;
	tui_form *f = tui_form_new(_("New problem from recurring incidents"), draft.buf,
				   submit_from, o);
	f->owner_free = from_owner_free;
	tui_form_shown(f, "incidents", N_("Incidents"), list.buf);
	tui_form_text(f, "title", N_("Title"), title, 200, true);
	tui_form_multiline(f, "description", N_("Description"), "", TEXT_MAX, 3, false);
	tui_form_person(f, "assignee", N_("Assignee"), tui_ctx(app)->db, NULL, false);
	tui_form_open(app, f);
	sb_free(&draft);
	sb_free(&list);
}

/* --- the lists --------------------------------------------------------------------- */

typedef struct problems_screen {
	tui_record_rows rows; /* the problems */
	bool more, all;
	recurrence_candidate *cand;
	size_t ncand;
	char **ccells;   /* ncand * NCOLS: the candidates' cells */
	bool candidates; /* the candidates are shown, not the problems */
	tui_list list, clist;
	tui_app *app;
} problems_screen;

static const tui_column columns[] = {
	{N_("ID"), 7, false, false, 0},	       {N_("State"), 10, false, false, 0},
	{N_("Category"), 12, false, false, 2}, {N_("Title"), 60, true, false, 0},
	{N_("Assignee"), 10, false, false, 1},
};

static const tui_column cand_columns[] = {
	{N_("By"), 6, false, false, 0},   {N_("Shared"), 26, false, false, 0},
	{N_("Count"), 5, false, true, 0}, {N_("Within"), 6, false, false, 2},
	{N_("Incidents"), 60, true, false, 0},
};

static const char *cand_cell(void *data, size_t r, int c)
{
	return ((problems_screen *)data)->ccells[r * NCOLS + (size_t)c];
}

static void free_data(problems_screen *s)
{
	tui_record_rows_clear(&s->rows);
	for (size_t i = 0; s->ccells && i < s->ncand * NCOLS; i++)
		free(s->ccells[i]);
	free(s->ccells);
	s->ccells = NULL;
	recurrence_candidates_free(s->cand, s->ncand);
	s->cand = NULL;
	s->ncand = 0;
}

static void problem_cells(void *arg, const record *rec, char **row)
{
	const rules *r = arg;
	char ref[32];
	record_ref(&problem_kind, rec->id, ref, sizeof ref);
	const char *cat = record_value(rec, "category");
	const rules_item *c = rules_item_find(r->categories.v, r->categories.n, cat);
	row[0] = xstrdup(ref);
	row[1] = xstrdup(record_state_name(r, &problem_kind, rec->state));
	row[2] = xstrdup(c ? c->name : cat);
	row[3] = xstrdup(record_value(rec, "title"));
	row[4] = xstrdup(record_value(rec, "assignee"));
}

static void candidate_cells(problems_screen *s)
{
	s->ccells = xcalloc(s->ncand * NCOLS + 1, sizeof *s->ccells);
	for (size_t i = 0; i < s->ncand; i++) {
		const recurrence_candidate *c = &s->cand[i];
		char **row = &s->ccells[i * NCOLS];
		bool ci = strcmp(c->rule->by.id, "ci") == 0;
		row[0] = xstrdup(ci ? _("CI") : _("category"));
		row[1] = ci ? xasprintf("%s %s", c->key, c->name) : xstrdup(c->name);
		row[2] = xasprintf("%zu", c->n);
		int m = c->rule->within;
		row[3] = m % 1440 == 0 ? xasprintf("%dd", m / 1440)
		       : m % 60 == 0   ? xasprintf("%dh", m / 60)
				       : xasprintf("%dm", m);
		strbuf sb = {0};
		for (size_t j = 0; j < c->n; j++)
			sb_addf(&sb, "%sINC-%lld", j ? " " : "", (long long)c->incidents[j]);
		row[4] = sb_take(&sb);
	}
}

/* The next page of problems after the last row loaded (the first: none). */
static void load_page(problems_screen *s)
{
	od_ctx *ctx = tui_ctx(s->app);
	record_filter f = {.include_closed = s->all,
			   .limit = PAGE,
			   .before = s->rows.n ? s->rows.v[s->rows.n - 1].id : 0};
	record *v;
	size_t n;
	od_error err;
	s->more = false;
	if (record_list(ctx->db, &problem_kind, &f, &v, &n, &err) != OD_OK) {
		tui_status(s->app, true, "%s", err.msg);
		return;
	}
	tui_record_rows_add(&s->rows, v, n, problem_cells, (void *)ctx->rules);
	free(v);
	s->more = n == PAGE;
}

static void screen_reload(void *self, tui_app *app)
{
	problems_screen *s = self;
	s->app = app;
	free_data(s);
	od_ctx *ctx = tui_ctx(app);
	od_error err;
	/* the candidates are counted on either list, for the heading */
	if (recurrence_candidates(ctx->db, ctx->rules, clock_now(), CAND_MAX, &s->cand, &s->ncand,
				  &err) != OD_OK)
		tui_status(app, true, "%s", err.msg);
	candidate_cells(s);
	tui_list_reset(&s->clist, s->ncand);
	if (!s->candidates)
		load_page(s);
	tui_list_reset(&s->list, s->rows.n);
}

static void *screen_open(tui_app *app)
{
	problems_screen *s = xcalloc(1, sizeof *s);
	s->app = app;
	s->rows.ncols = NCOLS;
	tui_list_init(&s->list, columns, NCOLS, tui_record_rows_cell, &s->rows);
	tui_list_init(&s->clist, cand_columns, NCOLS, cand_cell, s);
	screen_reload(s, app);
	return s;
}

static void screen_close(void *self)
{
	problems_screen *s = self;
	free_data(s);
	tui_list_free(&s->list);
	tui_list_free(&s->clist);
	free(s);
}

static void screen_draw(void *self, tui_app *app, WINDOW *w)
{
	problems_screen *s = self;
	int h = getmaxy(w), width = getmaxx(w);
	char line[256];
	if (s->candidates) {
		snprintf(line, sizeof line,
			 _("%zu groups of recurring incidents without a problem  (Enter: open a problem, c: the problems)"),
			 s->ncand);
		tui_put(w, 0, 0, width, line, ST_DIM);
		if (!s->ncand)
			tui_put(w, 2, 2, width - 2, _("No incidents recur beyond what the rules allow."),
				ST_NORMAL);
		else
			tui_list_draw(&s->clist, app, w, 1, h - 1, width);
		return;
	}
	snprintf(line, sizeof line, _("%zu%s problems, %s  (c recurring: %zu, a all/open, n new)"),
		 s->rows.n, s->more ? "+" : "", s->all ? _("all, closed too") : _("open"), s->ncand);
	tui_put(w, 0, 0, width, line, s->ncand ? ST_WARN : ST_DIM);
	tui_list_draw(&s->list, app, w, 1, h - 1, width);
}

static char *candidate_title(const recurrence_candidate *c)
{
	return strcmp(c->rule->by.id, "ci") == 0
		       ? xasprintf(_("Recurring incidents on %s (%s)"), c->name, c->key)
		       : xasprintf(_("Recurring incidents: %s"), c->name);
}

static tui_reaction screen_key(void *self, tui_app *app, tui_key k)
{
	problems_screen *s = self;
	tui_list *l = s->candidates ? &s->clist : &s->list;
	if (l->searching)
		return tui_list_key(l, k);
	size_t r;
	switch (tui_action_for("problems", k)) {
	case A_CANDIDATES:
		s->candidates = !s->candidates;
		return TUI_RELOAD;
	case A_SHOW_ALL:
		if (s->candidates)
			break;
		s->all = !s->all;
		return TUI_RELOAD;
	case A_NEW:
		if (!s->candidates)
			break;
		if (tui_list_current(l, &r)) {
			char *title = candidate_title(&s->cand[r]);
			open_from(app, s->cand[r].incidents, s->cand[r].n, title);
			free(title);
		}
		return TUI_HANDLED;
	default: break;
	}
	switch (tui_action_for("list", k)) {
	case A_NEW:
		tui_record_new_form(app, &problem_screens);
		return TUI_HANDLED;
	case A_OPEN:
		if (tui_list_current(l, &r))
			tui_record_open(app, &problem_screens, s->rows.v[r].id);
		return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	default: break;
	}
	tui_reaction re = tui_list_key(l, k);
	if (!s->candidates && s->more && tui_list_current(l, &r) && r + 1 >= s->rows.n) {
		load_page(s);
		tui_list_reset(&s->list, s->rows.n);
	}
	return re;
}

static void screen_resume(void *self, tui_app *app, const char *form_id)
{
	(void)self;
	if (strncmp(form_id, "problems.from:", 14) != 0) {
		tui_record_resume(app, &problem_screens, form_id);
		return;
	}
	int64_t ids[CAND_MAX * 4];
	size_t n = 0;
	for (const char *p = form_id + 14; *p && n < sizeof ids / sizeof *ids;) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p || id <= 0)
			break;
		ids[n++] = id;
		p = *end == ',' ? end + 1 : end;
	}
	open_from(app, ids, n, "");
}

const tui_screen_ops screen_problems = {
	.title = N_("Problems"),
	.number = 6,
	.context = "problems",
	.open = screen_open,
	.close = screen_close,
	.reload = screen_reload,
	.draw = screen_draw,
	.key = screen_key,
	.resume = screen_resume,
};
