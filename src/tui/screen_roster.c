/* Screen 4, the duty roster: a month as a grid, people as rows and days as
 * columns, each cell the codes of that person's shifts that day. The grid
 * marks today, who is on duty now, weekends, holidays, leave and the shifts
 * short of cover, and shows each person's totals beside it so the load is
 * seen to be fair. A cell is set through roster_set with the codes the user
 * saw, so another session's change is never overwritten unseen.
 *
 * Text markers carry every meaning, so a monochrome terminal loses
 * nothing: right after a day number '!' (a shift short of cover); in the
 * gap before a weekday '*' (a holiday); before a person's cell '>' (on
 * duty now); in a cell '/' (on leave) and '.' (no shift). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/roster.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/tui_roster.h"
#include "opsdesk/xalloc.h"

enum { MAX_DAYS = 31, NAME_MIN_W = 4, NAME_MAX_W = 12, CELL_MAX_W = 8, NTOTALS = 4 };

typedef struct grid_row {
	char *login, *name;
	bool active;
	/* per day, every code comma-joined in the rules' order (NULL: none),
	 * and the same of the shifts the rules know, which roster_set compares */
	char *codes[MAX_DAYS], *expected[MAX_DAYS];
	bool leave[MAX_DAYS];
	roster_totals totals;
} grid_row;

typedef struct grid {
	int year, month, ndays;
	char first[ROSTER_DAY_LEN], last[ROSTER_DAY_LEN], today[ROSTER_DAY_LEN];
	grid_row *rows;
	size_t nrows;
	roster_gap *gaps;
	size_t ngaps;
	const roster_gap **gap_at; /* [day * nshifts + shift]; NULL: covered */
	size_t nshifts;
	shift_slot now;
	bool have_now;
	size_t row, top; /* the cursor's row and the first row shown */
	int day, left;   /* the cursor's day and the first day shown, 0-based */
	int page;        /* rows in the last drawing, for PgUp and PgDn */
	bool recenter;   /* show the days ahead of the cursor at the next drawing */
	/* the shift chooser, while open */
	bool choosing;
	size_t hover; /* a shift's index, or nshifts for "no shift" */
	bool *ticked; /* per shift */
} grid;

static const char *const weekdays[] = {N_("Su"), N_("Mo"), N_("Tu"), N_("We"),
				       N_("Th"), N_("Fr"), N_("Sa")};

static const char *const total_heads[NTOTALS] = {N_("Shifts"), N_("Nights"), N_("W/H"),
						 N_("Hours")};

/* --- data ------------------------------------------------------------------ */

static void day_string(const grid *g, int d, char out[ROSTER_DAY_LEN])
{
	roster_day_add(out, g->first, d);
}

static void row_clear(grid_row *r)
{
	free(r->login);
	free(r->name);
	for (int d = 0; d < MAX_DAYS; d++) {
		free(r->codes[d]);
		free(r->expected[d]);
	}
}

static void grid_clear(grid *g)
{
	for (size_t i = 0; i < g->nrows; i++)
		row_clear(&g->rows[i]);
	free(g->rows);
	roster_gaps_free(g->gaps, g->ngaps);
	free(g->gap_at);
	g->rows = NULL;
	g->gaps = NULL;
	g->gap_at = NULL;
	g->nrows = g->ngaps = 0;
}

static grid_row *row_find(const grid *g, const char *login)
{
	for (size_t i = 0; i < g->nrows; i++)
		if (strcmp(g->rows[i].login, login) == 0)
			return &g->rows[i];
	return NULL;
}

static grid_row *row_add(grid *g, const char *login, const char *name, bool active)
{
	g->rows = xrealloc(g->rows, (g->nrows + 1) * sizeof *g->rows);
	grid_row *r = &g->rows[g->nrows++];
	memset(r, 0, sizeof *r);
	r->login = xstrdup(login);
	r->name = xstrdup(name);
	r->active = active;
	return r;
}

static void append_code(char **list, const char *code)
{
	char *joined = *list ? xasprintf("%s,%s", *list, code) : xstrdup(code);
	free(*list);
	*list = joined;
}

static bool has_code(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, code, n) == 0)
			return true;
		p = end ? end + 1 : p + len;
	}
	return false;
}

static bool rostered(const roster_entry *e, size_t n, const char *login)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].login, login) == 0)
			return true;
	return false;
}

/* Rows: the active staff and anyone rostered in the month, in the staff
 * list's order. */
static void load_rows(grid *g, od_ctx *ctx, const roster_entry *e, size_t ne, tui_app *app)
{
	staff_member *staff = NULL;
	size_t nstaff = 0;
	od_error err;
	if (staff_list(ctx->db, true, &staff, &nstaff, &err) != OD_OK)
		tui_status(app, true, "%s", err.msg);
	for (size_t i = 0; i < nstaff; i++)
		if (staff[i].active || rostered(e, ne, staff[i].login))
			row_add(g, staff[i].login, staff[i].name, staff[i].active);
	staff_list_free(staff, nstaff);
	for (size_t i = 0; i < ne; i++) {
		grid_row *r = row_find(g, e[i].login);
		if (!r)
			r = row_add(g, e[i].login, e[i].login, false);
		int d = roster_day_diff(g->first, e[i].day);
		if (d < 0 || d >= g->ndays)
			continue;
		append_code(&r->codes[d], e[i].shift);
		if ((size_t)e[i].rank < g->nshifts)
			append_code(&r->expected[d], e[i].shift);
		roster_totals_add(ctx->rules, &e[i], &r->totals);
	}
}

static void load_leave(grid *g, od_ctx *ctx, tui_app *app)
{
	leave_entry *v;
	size_t n;
	od_error err;
	if (leave_list(ctx->db, NULL, g->first, g->last, &v, &n, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		grid_row *r = row_find(g, v[i].login);
		if (!r)
			continue;
		int from = roster_day_diff(g->first, v[i].first),
		    to = roster_day_diff(g->first, v[i].last);
		for (int d = from < 0 ? 0 : from; d <= to && d < g->ndays; d++)
			r->leave[d] = true;
	}
	leave_entries_free(v, n);
}

static void load_gaps(grid *g, od_ctx *ctx, tui_app *app)
{
	od_error err;
	g->gap_at = xcalloc((size_t)g->ndays * (g->nshifts ? g->nshifts : 1), sizeof *g->gap_at);
	if (!g->nshifts)
		return;
	if (roster_check(ctx->db, ctx->rules, g->first, g->last, &g->gaps, &g->ngaps, &err) !=
	    OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < g->ngaps; i++) {
		int d = roster_day_diff(g->first, g->gaps[i].slot.day);
		size_t s = (size_t)(g->gaps[i].slot.shift - ctx->rules->shifts.v);
		if (d >= 0 && d < g->ndays && s < g->nshifts)
			g->gap_at[(size_t)d * g->nshifts + s] = &g->gaps[i];
	}
}

static void grid_reload(void *self, tui_app *app)
{
	grid *g = self;
	od_ctx *ctx = tui_ctx(app);
	/* the cursor stays on the same person across the reload */
	char *keep = g->row < g->nrows ? xstrdup(g->rows[g->row].login) : NULL;
	grid_clear(g);
	g->nshifts = ctx->rules->shifts.n;
	g->ndays = civil_month_days(g->year, g->month);
	snprintf(g->first, sizeof g->first, "%04u-%02u-01", (unsigned)g->year % 10000u,
		 (unsigned)g->month % 100u);
	roster_day_add(g->last, g->first, g->ndays - 1);
	time_t now = clock_now();
	roster_day_of(now, g->today);
	g->have_now = roster_slot_at(ctx->rules, now, &g->now);

	roster_entry *e = NULL;
	size_t ne = 0;
	od_error err;
	if (roster_range(ctx->db, ctx->rules, g->first, g->last, &e, &ne, &err) != OD_OK)
		tui_status(app, true, "%s", err.msg);
	load_rows(g, ctx, e, ne, app);
	roster_entries_free(e, ne);
	load_leave(g, ctx, app);
	load_gaps(g, ctx, app);

	for (size_t i = 0; keep && i < g->nrows; i++)
		if (strcmp(g->rows[i].login, keep) == 0)
			g->row = i;
	free(keep);
	if (g->row >= g->nrows)
		g->row = g->nrows ? g->nrows - 1 : 0;
	if (g->day >= g->ndays)
		g->day = g->ndays - 1;
}

static void go_today(grid *g)
{
	char today[ROSTER_DAY_LEN];
	roster_day_of(clock_now(), today);
	g->year = atoi(today);
	g->month = atoi(today + 5);
	g->day = atoi(today + 8) - 1;
	g->recenter = true;
}

static void go_month(grid *g, int delta)
{
	int m = g->year * 12 + (g->month - 1) + delta;
	g->year = m / 12;
	g->month = m % 12 + 1;
}

static void *grid_open(tui_app *app)
{
	grid *g = xcalloc(1, sizeof *g);
	/* the rules stay as loaded for the session, so the chooser's ticks
	 * (one per shift) survive reloads while it is open */
	g->ticked = xcalloc(tui_ctx(app)->rules->shifts.n + 1, sizeof *g->ticked);
	go_today(g);
	grid_reload(g, app);
	return g;
}

static void grid_close(void *self)
{
	grid *g = self;
	grid_clear(g);
	free(g->ticked);
	free(g);
}

/* --- what cells say ------------------------------------------------------- */

/* A person's cell: the codes (joined with '+' when one is longer than a
 * letter), '/' on a day of leave, '.' for nothing. Caller frees. */
static char *cell_text(const grid_row *r, int d)
{
	const char *c = r->codes[d] ? r->codes[d] : "";
	bool letters = true;
	for (const char *p = c; *p; p++)
		if (*p != ',' && p[1] && p[1] != ',')
			letters = false;
	strbuf sb = {0};
	sb_add(&sb, "");
	for (const char *p = c; *p; p++) {
		if (*p != ',')
			sb_addn(&sb, p, 1);
		else if (!letters)
			sb_add(&sb, "+");
	}
	if (r->leave[d])
		sb_add(&sb, "/");
	if (!sb.len)
		sb_add(&sb, ".");
	return sb_take(&sb);
}

/* The coverage of shift s on day d: the people counted and '!' when the
 * shift is short of people or of a role; "" when covered. Caller frees. */
static char *coverage_text(const grid *g, int d, size_t s)
{
	const roster_gap *gap = g->gap_at[(size_t)d * g->nshifts + s];
	return gap ? xasprintf("%d!", gap->people) : xstrdup("");
}

static bool day_has_gap(const grid *g, int d)
{
	for (size_t s = 0; s < g->nshifts; s++)
		if (g->gap_at[(size_t)d * g->nshifts + s])
			return true;
	return false;
}

static bool on_duty(const grid *g, const grid_row *r, int d)
{
	if (!g->have_now || !r->active || r->leave[d] || !r->codes[d])
		return false;
	char day[ROSTER_DAY_LEN];
	day_string(g, d, day);
	return strcmp(day, g->now.day) == 0 && has_code(r->codes[d], g->now.shift->id);
}

static void span_text(const rules_span *t, char *buf, size_t len)
{
	snprintf(buf, len, "%02d:%02d-%02d:%02d", t->start / 60 % 100, t->start % 60,
		 t->end / 60 % 100, t->end % 60);
}

static char *total_text(const roster_totals *t, int i)
{
	switch (i) {
	case 0: return xasprintf("%d", t->shifts);
	case 1: return xasprintf("%d", t->nights);
	case 2: return xasprintf("%d", t->weekend_or_holiday);
	default:
		if (t->minutes % 60 == 0)
			return xasprintf("%d", t->minutes / 60);
		return xasprintf("%d.%d", t->minutes / 60, t->minutes % 60 * 10 / 60);
	}
}

/* --- drawing -------------------------------------------------------------- */

typedef struct layout {
	int width;
	int name_w; /* the name column */
	int cw;     /* a day's cell, after its one-cell marker gap */
	int dx;     /* where the first day shown starts (its marker gap) */
	int vis;    /* days shown */
	int tx;     /* where the totals start (each after a space) */
	int tw[NTOTALS];
} layout;

/* Draws text in cells [x, x + w), clipped to the window's width. */
static void put(const layout *l, WINDOW *w, int y, int x, int cells, const char *text, tui_style st,
		bool right)
{
	if (x >= l->width || cells <= 0)
		return;
	if (x + cells > l->width)
		cells = l->width - x;
	if (right)
		tui_put_right(w, y, x, cells, text, st);
	else
		tui_put(w, y, x, cells, text, st);
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static void lay_out(grid *g, const rules *r, int width, layout *l)
{
	memset(l, 0, sizeof *l);
	l->width = width;
	l->name_w = NAME_MIN_W;
	l->cw = 2;
	for (size_t i = 0; i < g->nrows; i++) {
		const grid_row *row = &g->rows[i];
		l->name_w = max_int(l->name_w, text_width(row->name));
		for (int d = 0; d < g->ndays; d++) {
			char *c = cell_text(row, d);
			l->cw = max_int(l->cw, text_width(c));
			free(c);
		}
		for (int t = 0; t < NTOTALS; t++) {
			char *v = total_text(&row->totals, t);
			l->tw[t] = max_int(l->tw[t], text_width(v));
			free(v);
		}
	}
	for (size_t s = 0; s < g->nshifts; s++) {
		l->name_w = max_int(l->name_w, text_width(r->shifts.v[s].id) + 1 +
						   text_width(r->shifts.v[s].name));
		for (int d = 0; d < g->ndays; d++) {
			char *c = coverage_text(g, d, s);
			l->cw = max_int(l->cw, text_width(c));
			free(c);
		}
	}
	if (l->name_w > NAME_MAX_W)
		l->name_w = NAME_MAX_W;
	if (l->cw > CELL_MAX_W)
		l->cw = CELL_MAX_W;
	int totals_w = 0;
	for (int t = 0; t < NTOTALS; t++) {
		l->tw[t] = max_int(l->tw[t], text_width(_(total_heads[t])));
		totals_w += l->tw[t] + 1;
	}
	l->dx = l->name_w + 1;
	/* the days get what the name column, the scroll marks and the totals
	 * leave; the cursor's day is always among them */
	l->vis = (width - l->dx - 1 - totals_w) / (l->cw + 1);
	if (l->vis < 1)
		l->vis = 1;
	if (l->vis > g->ndays)
		l->vis = g->ndays;
	/* after a jump to today the days ahead matter more than those past */
	if (g->recenter)
		g->left = g->day - l->vis / 4;
	g->recenter = false;
	if (g->day < g->left)
		g->left = g->day;
	if (g->day >= g->left + l->vis)
		g->left = g->day - l->vis + 1;
	if (g->left > g->ndays - l->vis)
		g->left = g->ndays - l->vis;
	if (g->left < 0)
		g->left = 0;
	l->tx = l->dx + l->vis * (l->cw + 1) + 1;
}

static int day_x(const grid *g, const layout *l, int d)
{
	return l->dx + (d - g->left) * (l->cw + 1);
}

static void draw_header(grid *g, const rules *r, const layout *l, WINDOW *w, int y)
{
	char title[64];
	snprintf(title, sizeof title, "%04d-%02d", g->year % 10000, g->month % 100);
	put(l, w, y, 0, text_width(title), title, ST_TITLE, false);
	char *hint =
	    xasprintf(_("[ ] month  t today  Enter set  x clear  w swap  p pending  v leave  "
			"n handover  ? all keys  %s"),
		      g->left > 0 || g->left + l->vis < g->ndays ? _("(days scroll)") : "");
	/* after the month, however narrow the name column */
	int hx = max_int(l->dx, text_width(title) + 2);
	put(l, w, y, hx, l->width - hx, hint, ST_DIM, false);
	free(hint);

	if (g->left > 0)
		put(l, w, y + 1, l->dx - 1, 1, "<", ST_TITLE, false);
	/* after the last day's own mark */
	if (g->left + l->vis < g->ndays)
		put(l, w, y + 1, l->tx, 1, ">", ST_TITLE, false);
	for (int d = g->left; d < g->left + l->vis; d++) {
		char day[ROSTER_DAY_LEN], num[12];
		day_string(g, d, day);
		snprintf(num, sizeof num, "%d", d + 1);
		roster_day_kind kind = roster_day_kind_of(r, day);
		bool today = strcmp(day, g->today) == 0, gap = day_has_gap(g, d);
		int x = day_x(g, l, d);
		/* after the number, so it reads as this day's mark, not the
		 * day before's */
		if (gap)
			put(l, w, y + 1, x + 1 + l->cw, 1, "!", ST_WARN, false);
		if (kind == DAY_HOLIDAY)
			put(l, w, y + 2, x, 1, "*", ST_TITLE, false);
		tui_style st = today              ? ST_SELECTED
			       : gap              ? ST_WARN
			       : kind != DAY_WORK ? ST_TITLE
						  : ST_HEADER;
		put(l, w, y + 1, x + 1, l->cw, num, st, true);
		st = today ? ST_SELECTED : kind != DAY_WORK ? ST_TITLE : ST_HEADER;
		put(l, w, y + 2, x + 1, l->cw, _(weekdays[roster_day_weekday(day)]), st, true);
	}
	int x = l->tx + 1;
	for (int t = 0; t < NTOTALS; t++) {
		put(l, w, y + 1, x, l->tw[t], _(total_heads[t]), ST_HEADER, true);
		x += l->tw[t] + 1;
	}
}

static void draw_row(grid *g, const layout *l, WINDOW *w, int y, size_t i, tui_app *app)
{
	const grid_row *r = &g->rows[i];
	bool cur_row = i == g->row;
	put(l, w, y, 0, l->name_w, r->name,
	    cur_row     ? ST_TITLE
	    : r->active ? ST_NORMAL
			: ST_DIM,
	    false);
	for (int d = g->left; d < g->left + l->vis; d++) {
		int x = day_x(g, l, d);
		bool duty = on_duty(g, r, d), cursor = cur_row && d == g->day;
		if (duty)
			put(l, w, y, x, 1, ">", ST_OK, false);
		char *c = cell_text(r, d);
		tui_style st = cursor                       ? ST_SELECTED
			       : duty                       ? ST_OK
			       : r->leave[d] && r->codes[d] ? ST_WARN
			       : !r->codes[d] || !r->active ? ST_DIM
							    : ST_NORMAL;
		put(l, w, y, x + 1, l->cw, c, st, false);
		free(c);
		if (cursor && !g->choosing && x + 1 < l->width)
			tui_cursor(app, y, x + 1);
	}
	int x = l->tx + 1;
	for (int t = 0; t < NTOTALS; t++) {
		char *v = total_text(&r->totals, t);
		put(l, w, y, x, l->tw[t], v, r->active ? ST_NORMAL : ST_DIM, true);
		free(v);
		x += l->tw[t] + 1;
	}
}

static void draw_coverage(grid *g, const rules *r, const layout *l, WINDOW *w, int y, size_t s)
{
	const rules_shift *sh = &r->shifts.v[s];
	char *label = xasprintf("%s %s", sh->id, sh->name);
	put(l, w, y, 0, l->name_w, label, ST_HEADER, false);
	free(label);
	for (int d = g->left; d < g->left + l->vis; d++) {
		char *c = coverage_text(g, d, s);
		put(l, w, y, day_x(g, l, d) + 1, l->cw, c, ST_WARN, false);
		free(c);
	}
	char *need = xasprintf(_("needs %d"), sh->min_people);
	put(l, w, y, l->tx + 1, l->width - l->tx - 1, need, ST_DIM, false);
	free(need);
}

/* The shifts of a cell spelled out: "D 白班 08:00-20:00, N ...". */
static char *codes_spelled(const rules *r, const char *codes)
{
	strbuf sb = {0};
	sb_add(&sb, "");
	for (const char *p = codes; p && *p;) {
		const char *end = strchr(p, ',');
		char *code = end ? xstrndup(p, (size_t)(end - p)) : xstrdup(p);
		const rules_shift *sh = rules_shift_find(r, code);
		char span[16] = "";
		if (sh)
			span_text(&sh->time, span, sizeof span);
		sb_addf(&sb, "%s%s%s%s%s%s", sb.len ? _(", ") : "", code, sh ? " " : "",
			sh ? sh->name : "", sh ? " " : "", span);
		free(code);
		p = end ? end + 1 : p + strlen(p);
	}
	return sb_take(&sb);
}

/* Two lines about the cursor's cell and its day's cover. */
static void draw_info(grid *g, const rules *r, const layout *l, WINDOW *w, int y)
{
	if (g->row >= g->nrows)
		return;
	const grid_row *row = &g->rows[g->row];
	char day[ROSTER_DAY_LEN];
	day_string(g, g->day, day);
	roster_day_kind kind = roster_day_kind_of(r, day);
	char *shifts =
	    row->codes[g->day] ? codes_spelled(r, row->codes[g->day]) : xstrdup(_("no shift"));
	/* TRANSLATORS: weekday, day, " holiday", name (login): shifts, "; on leave", "; on duty now" */
	char *line = xasprintf(_("%s %s%s  %s (%s): %s%s%s"), _(weekdays[roster_day_weekday(day)]),
			       day, kind == DAY_HOLIDAY ? _(" holiday") : "", row->name, row->login,
			       shifts, row->leave[g->day] ? _("; on leave") : "",
			       on_duty(g, row, g->day) ? _("; on duty now") : "");
	put(l, w, y, 0, l->width, line, ST_NORMAL, false);
	free(line);
	free(shifts);

	strbuf sb = {0};
	for (size_t s = 0; s < g->nshifts; s++) {
		const roster_gap *gap = g->gap_at[(size_t)g->day * g->nshifts + s];
		if (!gap)
			continue;
		const rules_shift *sh = &r->shifts.v[s];
		sb_addf(&sb, _("%s%s %s has %d of %d"), sb.len ? "; " : "", sh->id, sh->name,
			gap->people, gap->required);
		for (size_t k = 0; k < gap->nmissing; k++) {
			const rules_role *role = rules_role_find(r, gap->missing_roles[k]);
			sb_addf(&sb, _(", no %s"), role ? role->name : gap->missing_roles[k]);
		}
		for (size_t k = 0; k < gap->nabsent; k++)
			sb_addf(&sb, _(", %s not counted (leave or deactivated)"), gap->absent[k]);
	}
	if (sb.len) {
		char *gaps = xasprintf(_("! Short on %s: %s"), day + 5, sb.buf);
		put(l, w, y + 1, 0, l->width, gaps, ST_WARN, false);
		free(gaps);
	} else if (g->nshifts) {
		char *ok = xasprintf(_("Every shift of %s is covered."), day + 5);
		put(l, w, y + 1, 0, l->width, ok, ST_DIM, false);
		free(ok);
	}
	sb_free(&sb);
}

static void draw_chooser(grid *g, const rules *r, const layout *l, WINDOW *w, int y, tui_app *app)
{
	const grid_row *row = &g->rows[g->row];
	char day[ROSTER_DAY_LEN];
	day_string(g, g->day, day);
	const char *now = row->expected[g->day] ? row->expected[g->day] : "-";
	char *title = xasprintf(_("Shift of %s (%s) on %s %s, now %s:"), row->name, row->login,
				_(weekdays[roster_day_weekday(day)]), day, now);
	put(l, w, y++, 0, l->width, title, ST_TITLE, false);
	free(title);
	for (size_t s = 0; s <= g->nshifts; s++, y++) {
		char *line;
		if (s < g->nshifts) {
			const rules_shift *sh = &r->shifts.v[s];
			char span[16];
			span_text(&sh->time, span, sizeof span);
			line = xasprintf("  [%c] %-3s %s %s", g->ticked[s] ? 'x' : ' ', sh->id,
					 sh->name, span);
		} else {
			line = xasprintf("      %-3s %s", "-", _("no shift (a day off)"));
		}
		put(l, w, y, 0, l->width, line, s == g->hover ? ST_SELECTED : ST_NORMAL, false);
		free(line);
		if (s == g->hover)
			tui_cursor(app, y, 0);
	}
	put(l, w, y, 0, l->width,
	    _("Enter: set the shift under the cursor, or the ticked ones   Space: tick   Esc: "
	      "cancel"),
	    ST_DIM, false);
}

static void grid_draw(void *self, tui_app *app, WINDOW *w)
{
	grid *g = self;
	const rules *r = tui_ctx(app)->rules;
	int height = getmaxy(w), width = getmaxx(w);
	if (!g->nshifts) {
		tui_put(
		    w, 0, 0, width,
		    _("The rules define no shifts, so there is no roster (see opsdesk-rules(5))."),
		    ST_DIM);
		return;
	}
	layout l;
	lay_out(g, r, width, &l);
	draw_header(g, r, &l, w, 0);

	int below = (int)g->nshifts + (g->choosing ? (int)g->nshifts + 3 : 2);
	int rows = height - 3 - below;
	if (rows < 1)
		rows = 1;
	g->page = rows;
	if (g->row < g->top)
		g->top = g->row;
	if (g->row >= g->top + (size_t)rows)
		g->top = g->row - (size_t)rows + 1;
	/* no empty lines below the last person while some above are hidden */
	if (g->top + (size_t)rows > g->nrows)
		g->top = g->nrows > (size_t)rows ? g->nrows - (size_t)rows : 0;
	int y = 3;
	for (size_t i = g->top; i < g->nrows && y < 3 + rows; i++)
		draw_row(g, &l, w, y++, i, app);
	if (!g->nrows)
		put(&l, w, y++, 0, width, _("Nobody on the staff list yet (screen 0)."), ST_DIM,
		    false);
	for (size_t s = 0; s < g->nshifts; s++)
		draw_coverage(g, r, &l, w, y++, s);
	if (g->choosing && g->row < g->nrows) {
		draw_chooser(g, r, &l, w, y, app);
		return;
	}
	draw_info(g, r, &l, w, y);
	y += 2;
	if (y < height)
		put(&l, w, y, 0, width,
		    _("! short of cover   * holiday   > on duty now   / on leave   . no shift"),
		    ST_DIM, false);
}

/* --- keys ----------------------------------------------------------------- */

/* Sets the cursor's cell to exactly codes, comparing with what the grid
 * showed. A refusal goes to the status line. */
static bool set_cell(grid *g, tui_app *app, const char *const *codes, size_t n)
{
	if (g->row >= g->nrows)
		return false;
	const grid_row *r = &g->rows[g->row];
	char day[ROSTER_DAY_LEN];
	day_string(g, g->day, day);
	od_error err;
	const char *seen = r->expected[g->day] ? r->expected[g->day] : "";
	if (roster_set(tui_ctx(app), day, r->login, codes, n, seen, NULL, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return false;
	}
	strbuf sb = {0};
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i ? "," : "", codes[i]);
	if (n)
		tui_status(app, false, _("%s %s (%s): %s."), day, r->name, r->login, sb.buf);
	else
		tui_status(app, false, _("%s %s (%s): no shift."), day, r->name, r->login);
	sb_free(&sb);
	return true;
}

static tui_reaction choose(grid *g, tui_app *app)
{
	const rules *r = tui_ctx(app)->rules;
	const char **codes = xcalloc(g->nshifts + 1, sizeof *codes);
	size_t n = 0;
	for (size_t s = 0; s < g->nshifts; s++)
		if (g->ticked[s])
			codes[n++] = r->shifts.v[s].id;
	if (!n && g->hover < g->nshifts)
		codes[n++] = r->shifts.v[g->hover].id;
	/* a refusal keeps the chooser open with its ticks, over the reloaded
	 * grid, so the user sees why and what is there now */
	if (set_cell(g, app, codes, n))
		g->choosing = false;
	free(codes);
	return TUI_RELOAD;
}

static tui_reaction chooser_key(grid *g, tui_app *app, tui_key k)
{
	if (tui_action_for("roster", k) == A_CELL_SET)
		return choose(g, app);
	switch (tui_action_for("list", k)) {
	case A_UP:
		if (g->hover > 0)
			g->hover--;
		return TUI_HANDLED;
	case A_DOWN:
		if (g->hover < g->nshifts)
			g->hover++;
		return TUI_HANDLED;
	case A_FIRST: g->hover = 0; return TUI_HANDLED;
	case A_LAST: g->hover = g->nshifts; return TUI_HANDLED;
	default: break;
	}
	switch (tui_action_for("form", k)) {
	case A_TOGGLE:
		if (g->hover < g->nshifts)
			g->ticked[g->hover] = !g->ticked[g->hover];
		return TUI_HANDLED;
	case A_CANCEL: g->choosing = false; return TUI_HANDLED;
	default: break;
	}
	switch (tui_action_for("global", k)) {
	case A_BACK: g->choosing = false; return TUI_HANDLED;
	case A_HELP:
	case A_REDRAW: return TUI_NOT_MINE;
	default: return TUI_HANDLED; /* the chooser has the keyboard */
	}
}

static void open_chooser(grid *g, tui_app *app)
{
	od_error err;
	if (g->row >= g->nrows)
		return;
	if (access_require(tui_ctx(app), "roster.manage", &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	const grid_row *r = &g->rows[g->row];
	const rules *rl = tui_ctx(app)->rules;
	memset(g->ticked, 0, g->nshifts * sizeof *g->ticked);
	/* the cursor starts on the cell's first shift, or on the first shift */
	g->hover = 0;
	for (size_t s = 0; s < g->nshifts; s++)
		if (r->expected[g->day] && has_code(r->expected[g->day], rl->shifts.v[s].id)) {
			g->hover = s;
			break;
		}
	g->choosing = true;
}

/* The roster's processes, on the selected person and day. */
static tui_reaction process_key(grid *g, tui_app *app, tui_action_id a)
{
	const char *login = g->row < g->nrows ? g->rows[g->row].login : NULL;
	char day[ROSTER_DAY_LEN];
	day_string(g, g->day, day);
	switch (a) {
	case A_SWAP_REQUEST: tui_roster_swap_request(app, day); return TUI_HANDLED;
	case A_SWAPS_PENDING: tui_roster_swaps_pending(app); return TUI_HANDLED;
	case A_LEAVE_ADD: tui_roster_leave_add(app, login, day); return TUI_HANDLED;
	case A_LEAVE_CANCEL: tui_roster_leave_cancel(app, login); return TUI_HANDLED;
	case A_REASSIGN:
		if (login)
			tui_roster_reassign(app, login, day);
		return TUI_HANDLED;
	case A_HANDOVER_NOTE: tui_roster_handover_note(app); return TUI_HANDLED;
	case A_HANDOVER_ACK: tui_roster_handover_ack(app); return TUI_HANDLED;
	default: return TUI_NOT_MINE;
	}
}

static tui_reaction grid_key(void *self, tui_app *app, tui_key k)
{
	grid *g = self;
	if (g->choosing)
		return chooser_key(g, app, k);
	if (!g->nshifts)
		return TUI_NOT_MINE;
	size_t page = (size_t)(g->page > 1 ? g->page - 1 : 1);
	size_t last = g->nrows ? g->nrows - 1 : 0;
	tui_action_id a = tui_action_for("roster", k);
	if (a == A_NONE)
		a = tui_action_for("list", k);
	switch (a) {
	case A_DAY_PREV:
		if (g->day > 0) {
			g->day--;
			return TUI_HANDLED;
		}
		/* across the month's edge into the one before */
		go_month(g, -1);
		g->day = civil_month_days(g->year, g->month) - 1;
		return TUI_RELOAD;
	case A_DAY_NEXT:
		if (g->day < g->ndays - 1) {
			g->day++;
			return TUI_HANDLED;
		}
		go_month(g, 1);
		g->day = 0;
		return TUI_RELOAD;
	case A_UP:
		if (g->row > 0)
			g->row--;
		return TUI_HANDLED;
	case A_DOWN:
		if (g->row < last)
			g->row++;
		return TUI_HANDLED;
	case A_PAGE_UP: g->row = g->row > page ? g->row - page : 0; return TUI_HANDLED;
	case A_PAGE_DOWN: g->row = g->row + page < last ? g->row + page : last; return TUI_HANDLED;
	case A_FIRST: g->row = 0; return TUI_HANDLED;
	case A_LAST: g->row = last; return TUI_HANDLED;
	case A_MONTH_PREV: go_month(g, -1); return TUI_RELOAD;
	case A_MONTH_NEXT: go_month(g, 1); return TUI_RELOAD;
	case A_TODAY: go_today(g); return TUI_RELOAD;
	case A_CELL_SET: open_chooser(g, app); return TUI_HANDLED;
	case A_CELL_CLEAR: set_cell(g, app, NULL, 0); return TUI_RELOAD;
	case A_REFRESH: return TUI_RELOAD;
	default: break;
	}
	return process_key(g, app, a);
}

const tui_screen_ops screen_roster = {
    .title = N_("Roster"),
    .number = 4,
    .context = "roster",
    .open = grid_open,
    .close = grid_close,
    .reload = grid_reload,
    .draw = grid_draw,
    .key = grid_key,
};
