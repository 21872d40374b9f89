/* Screen 2, the incident queue: open incidents most urgent first, each with
 * its resolution clock, coloured and marked by standing (a marker as well as
 * a colour, for monochrome terminals). It reads a page at a time, by key,
 * and more as the selection moves down; search goes to the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/staff.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_incident.h"
#include "opsdesk/tui_list.h"
#include "opsdesk/tui_request.h"
#include "opsdesk/xalloc.h"

enum { PAGE = 200, NCOLS = 8 };

typedef struct row {
	incident inc;
	sla_result sla;
	char *cells[NCOLS];
} row;

typedef struct queue {
	row *rows;
	size_t n, cap;
	bool more;           /* the database may have rows past the last loaded */
	incident_filter filter;
	char *search, *state, *priority, *assignee; /* owned copies for the filter */
	bool mine;
	tui_list list;
	tui_app *app;
} queue;

/* At narrow widths the CI goes first, then the age, then the assignee. */
static const tui_column columns[] = {
	{N_("ID"), 11, false, false, 0}, /* INC-9999999 */    {N_("Pri"), 4, false, false, 0},
	{N_("State"), 10, false, false, 0},  {N_("Summary"), 60, true, false, 0},
	{N_("CI"), 14, false, false, 3},     {N_("Assignee"), 10, false, false, 1},
	{N_("Age"), 5, false, true, 2},      {N_("Resolution due"), 19, false, false, 0},
};

static const char *cell(void *data, size_t r, int c)
{
	return ((queue *)data)->rows[r].cells[c];
}

/* Colour for the clock; the cell text carries a marker too. */
static tui_style row_style(void *data, size_t r)
{
	sla_standing worst = sla_worst_running(&((queue *)data)->rows[r].sla);
	if (worst == SLA_BREACHED)
		return ST_ERROR;
	if (worst == SLA_AT_RISK)
		return ST_WARN;
	return ST_NORMAL;
}

static void free_rows(queue *q)
{
	for (size_t i = 0; i < q->n; i++) {
		incident_clear(&q->rows[i].inc);
		for (int c = 0; c < NCOLS; c++)
			free(q->rows[i].cells[c]);
	}
	free(q->rows);
	q->rows = NULL;
	q->n = q->cap = 0;
}

/* The resolution due time, marked by the worse running clock: a late
 * response marks the row too. */
static char *due_cell(const sla_result *sla)
{
	const sla_clock *c = &sla->resolution;
	char due[32];
	if (c->stopped)
		return xstrdup(c->standing == SLA_BREACHED ? _("late") : _("met"));
	if (c->paused)
		return xstrdup(_("paused"));
	clock_format(c->due, due, sizeof due);
	/* the marker reads without colour: ! breached, * at risk */
	sla_standing worst = sla_worst_running(sla);
	const char *mark = worst == SLA_BREACHED ? "! " : worst == SLA_AT_RISK ? "* " : "  ";
	return xasprintf("%s%s", mark, due + 5); /* MM-DD HH:MM */
}

static void fill_cells(queue *q, row *rw, time_t now)
{
	const rules *r = tui_ctx(q->app)->rules;
	char ref[32], age[32];
	incident_ref(rw->inc.id, ref, sizeof ref);
	clock_format_age(rw->inc.created, now, age, sizeof age);
	rw->cells[0] = xstrdup(ref);
	rw->cells[1] = xstrdup(rw->inc.priority);
	rw->cells[2] = xstrdup(incident_state_name(r, rw->inc.state));
	rw->cells[3] = xstrdup(rw->inc.summary);
	rw->cells[4] = xstrdup(rw->inc.ci);
	rw->cells[5] = xstrdup(rw->inc.assignee);
	rw->cells[6] = xstrdup(age);
	rw->cells[7] = due_cell(&rw->sla);
}

/* Reads the next page after the last loaded row. */
static void load_page(queue *q)
{
	od_ctx *ctx = tui_ctx(q->app);
	incident_filter f = q->filter;
	f.now = clock_now();
	f.limit = PAGE;
	if (q->n)
		incident_filter_after(&f, &q->rows[q->n - 1].inc);
	incident *v;
	size_t n;
	od_error err;
	if (incident_list(ctx->db, &f, &v, &n, &err) != OD_OK) {
		tui_status(q->app, true, "%s", err.msg);
		q->more = false;
		return;
	}
	if (q->n + n > q->cap) {
		q->cap = q->n + n + PAGE;
		q->rows = xrealloc(q->rows, q->cap * sizeof *q->rows);
	}
	for (size_t i = 0; i < n; i++) {
		row *rw = &q->rows[q->n++];
		memset(rw, 0, sizeof *rw);
		rw->inc = v[i]; /* the row takes the incident's strings */
		incident_sla(ctx->db, ctx->rules, &rw->inc, f.now, &rw->sla, NULL);
		fill_cells(q, rw, f.now);
	}
	free(v);
	q->more = n == PAGE;
}

static void queue_reload(void *self, tui_app *app)
{
	queue *q = self;
	q->app = app;
	int64_t keep = 0;
	size_t sel;
	/* the list may still count rows a filter or sort just dropped */
	if (tui_list_current(&q->list, &sel) && sel < q->n)
		keep = q->rows[sel].inc.id;
	size_t had = q->n;
	free_rows(q);
	q->filter.assignee = q->mine ? tui_ctx(app)->login : q->assignee;
	/* as many rows as were loaded before, so the place is kept */
	do
		load_page(q);
	while (q->more && q->n < had);
	q->list.nshown = 0;
	tui_list_reset(&q->list, q->n);
	for (size_t i = 0; keep && i < q->n; i++)
		if (q->rows[i].inc.id == keep)
			tui_list_select(&q->list, i);
}

static void search_db(void *data, const char *text)
{
	queue *q = data;
	free(q->search);
	q->search = *text ? xstrdup(text) : NULL;
	q->filter.search = q->search;
	q->list.nshown = 0;
	free_rows(q); /* the search reads from the top */
	queue_reload(q, q->app);
	if (q->search)
		tui_status(q->app, false,
			   ngettext("%zu incident contains '%s'%s", "%zu incidents contain '%s'%s", q->n),
			   q->n, q->search,
			   q->more ? _(" (more below)") : "");
}

static void *queue_open(tui_app *app)
{
	queue *q = xcalloc(1, sizeof *q);
	q->app = app;
	tui_list_init(&q->list, columns, NCOLS, cell, q);
	q->list.style = row_style;
	q->list.search_fn = search_db;
	queue_reload(q, app);
	return q;
}

static void queue_close(void *self)
{
	queue *q = self;
	free_rows(q);
	tui_list_free(&q->list);
	free(q->search);
	free(q->state);
	free(q->priority);
	free(q->assignee);
	free(q);
}

static void queue_draw(void *self, tui_app *app, WINDOW *w)
{
	queue *q = self;
	int h = getmaxy(w), width = getmaxx(w);
	char line[256];
	static const char *const orders[] = {N_("most urgent first"), N_("newest first"),
					     N_("due soonest first")};
	snprintf(line, sizeof line, _("%zu%s incidents, %s%s%s%s%s  (s sort, f filter, / search, n new)"),
		 q->n, q->more ? "+" : "", _(orders[q->filter.sort]),
		 q->filter.include_closed ? _(", closed too") : "",
		 q->filter.breached ? _(", breached") : "", q->mine ? _(", mine") : "",
		 q->search ? _(", searched") : "");
	tui_put(w, 0, 0, width, line, ST_DIM);
	tui_list_draw(&q->list, app, w, 1, h - 1, width);
}

/* --- the filter form ----------------------------------------------------------- */

static od_status apply_filter(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)err;
	queue *q = owner;
	char *state = tui_form_value(f, "state"), *prio = tui_form_value(f, "priority"),
	     *who = tui_form_value(f, "assignee"), *shown = tui_form_value(f, "show");
	free(q->state);
	free(q->priority);
	free(q->assignee);
	q->state = *state ? state : (free(state), NULL);
	q->priority = *prio ? prio : (free(prio), NULL);
	q->mine = strcmp(who, "@mine") == 0;
	q->assignee = strcmp(who, "@unassigned") == 0 ? xstrdup("")
		      : (*who && !q->mine)		 ? xstrdup(who)
							 : NULL;
	free(who);
	q->filter.state = q->state;
	q->filter.priority = q->priority;
	q->filter.breached = strcmp(shown, "breached") == 0;
	q->filter.include_closed = strcmp(shown, "all") == 0 || q->state;
	free(shown);
	free_rows(q);
	queue_reload(q, app);
	return OD_OK;
}

static void open_filter(queue *q, tui_app *app)
{
	od_ctx *ctx = tui_ctx(app);
	const rules *r = ctx->rules;
	tui_form *f = tui_form_new(_("Filter the incidents"), NULL, apply_filter, q);
	const rules_workflow *w = &r->workflows.incident;
	tui_choice *states = xcalloc(w->states.n + 1, sizeof *states);
	for (size_t k = 0; k < w->states.n; k++)
		states[k] = (tui_choice){w->states.v[k].id, w->states.v[k].name};
	tui_form_choice(f, "state", N_("State"), states, w->states.n, q->state, false);
	free(states);
	tui_choice *prios = xcalloc(r->priorities.n + 1, sizeof *prios);
	for (size_t k = 0; k < r->priorities.n; k++)
		prios[k] = (tui_choice){r->priorities.v[k].id, r->priorities.v[k].name};
	tui_form_choice(f, "priority", N_("Priority"), prios, r->priorities.n, q->priority, false);
	free(prios);
	/* "mine" and "unassigned" come before the people */
	staff_member *people = NULL;
	size_t np = 0;
	staff_list(ctx->db, false, &people, &np, NULL);
	tui_choice *who = xcalloc(np + 2, sizeof *who);
	char **labels = xcalloc(np + 1, sizeof *labels);
	who[0] = (tui_choice){"@mine", _("mine")};
	who[1] = (tui_choice){"@unassigned", _("unassigned")};
	for (size_t k = 0; k < np; k++) {
		labels[k] = xasprintf("%s (%s)", people[k].name, people[k].login);
		who[k + 2] = (tui_choice){people[k].login, labels[k]};
	}
	const char *current = q->mine			   ? "@mine"
			      : q->assignee && !*q->assignee ? "@unassigned"
							     : q->assignee;
	tui_form_choice(f, "assignee", N_("Assignee"), who, np + 2, current, false);
	for (size_t k = 0; k < np; k++)
		free(labels[k]);
	free(labels);
	free(who);
	staff_list_free(people, np);
	const tui_choice show[] = {{"open", _("open")}, {"breached", _("breached (open, past due)")},
				   {"all", _("all, closed too")}};
	tui_form_choice(f, "show", N_("Show"), show, 3,
			q->filter.breached ? "breached" : q->filter.include_closed ? "all" : "open", true);
	tui_form_open(app, f);
}

static tui_reaction queue_key(void *self, tui_app *app, tui_key k)
{
	queue *q = self;
	if (q->list.searching)
		return tui_list_key(&q->list, k);
	size_t r;
	bool have = tui_list_current(&q->list, &r);
	switch (tui_action_for("incidents", k)) {
	case A_FILTER: open_filter(q, app); return TUI_HANDLED;
	case A_REQUEST_NEW: tui_request_intake(app); return TUI_HANDLED;
	case A_REQUESTS: tui_request_list(app); return TUI_HANDLED;
	case A_SORT:
		q->filter.sort = (q->filter.sort + 1) % 3;
		free_rows(q);
		queue_reload(q, app);
		return TUI_HANDLED;
	default: break;
	}
	switch (tui_action_for("list", k)) {
	case A_NEW: tui_incident_intake(app); return TUI_HANDLED;
	case A_OPEN:
		if (have)
			tui_incident_open(app, q->rows[r].inc.id);
		return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	default: break;
	}
	tui_reaction re = tui_list_key(&q->list, k);
	/* reaching the last loaded row reads the next page */
	if (q->more && tui_list_current(&q->list, &r) && r + 1 >= q->n) {
		load_page(q);
		tui_list_reset(&q->list, q->n);
	}
	return re;
}

static void queue_resume(void *self, tui_app *app, const char *form_id)
{
	(void)self;
	if (strncmp(form_id, "incidents.request.", 18) == 0)
		tui_request_resume(app, form_id);
	else
		tui_incident_resume(app, form_id);
}

const tui_screen_ops screen_incidents = {
	.title = N_("Incidents"),
	.number = 2,
	.context = "incidents",
	.open = queue_open,
	.close = queue_close,
	.reload = queue_reload,
	.draw = queue_draw,
	.key = queue_key,
	.resume = queue_resume,
};
