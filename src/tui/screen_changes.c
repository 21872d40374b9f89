/* Screen 3, changes: the list (open, mine, awaiting my vote, this week,
 * by state) and the change calendar by week or by month, which fits 80
 * columns and uses 132 when it has them. The form and the record screen
 * are the generic ones (tui_record.h) with what a change adds: the risk
 * assessment as ticks with the level shown live, and on the record the
 * approval round, the conflicts, the steps, and v to vote. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/change.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/release.h"
#include "opsdesk/roster.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_list.h"
#include "opsdesk/tui_record.h"
#include "opsdesk/xalloc.h"

enum { PAGE = 200, NCOLS = 7 };

/* --- what a change adds to the generic form and record screen ---------------- */

/* The assessment as one tick per question, and the level it gives. */
static bool change_form_field(tui_form *f, tui_app *app, const record_field *fd, const char *value)
{
	if (strcmp(fd->id, "assessment") != 0)
		return false;
	const rules *r = tui_ctx(app)->rules;
	size_t n = r->changes.risk.questions.n;
	tui_choice *c = xcalloc(n ? n : 1, sizeof *c);
	char **labels = xcalloc(n ? n : 1, sizeof *labels);
	for (size_t i = 0; i < n; i++) {
		const rules_risk_question *q = &r->changes.risk.questions.v[i];
		labels[i] = xasprintf("%s (+%d)", q->name, q->weight);
		c[i] = (tui_choice){q->id, labels[i]};
	}
	char *copy = xstrdup(value);
	const char *ticked[64];
	size_t nt = 0;
	for (char *save, *id = strtok_r(copy, ", ", &save); id && nt < 64;
	     id = strtok_r(NULL, ", ", &save))
		ticked[nt++] = id;
	/* the level above the questions, so it shows while they are ticked */
	tui_form_shown(f, "risk", N_("Risk"), "");
	tui_form_multi(f, "assessment", fd->label, c, n, ticked, nt, false);
	free(copy);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(c);
	return true;
}

static void show_risk(tui_form *f, void *owner)
{
	(void)owner;
	if (!f->rules)
		return;
	char *answers = tui_form_value(f, "assessment");
	int score = 0;
	change_risk_score(f->rules, answers, &score, NULL);
	const rules_risk_level *l = rules_risk_level_for(f->rules, score);
	char *text = l ? xasprintf("%s (%d)", l->name, score) : xstrdup("");
	tui_form_set_text(f, "risk", text);
	free(text);
	free(answers);
}

static void add_tally(tui_record_view *v, tui_app *app, const record *rec)
{
	od_ctx *ctx = tui_ctx(app);
	change_tally t;
	if (change_tally_get(ctx, rec, &t, NULL) != OD_OK)
		return;
	if (!t.round && !t.voting) {
		change_tally_clear(&t);
		return;
	}
	char buf[512], when[32];
	tui_record_line(v, ST_NORMAL, "");
	snprintf(buf, sizeof buf, _("Approval, round %d%s%s"), t.round, t.outcome[0] ? ": " : "",
		 t.outcome[0] ? _(t.outcome) : "");
	tui_record_line(v, ST_HEADER, buf);
	for (size_t i = 0; i < t.nvotes; i++) {
		char *who = staff_name_of(ctx->db, t.votes[i].voter);
		snprintf(buf, sizeof buf, "  %s  %-8s %s%s%s", clock_format(t.votes[i].at, when, sizeof when),
			 _(t.votes[i].vote), who, t.votes[i].note[0] ? ": " : "", t.votes[i].note);
		free(who);
		tui_record_line(v, strcmp(t.votes[i].vote, "reject") == 0 ? ST_WARN : ST_NORMAL, buf);
	}
	char *needs = change_tally_needs(ctx->rules, &t);
	if (t.voting && needs[0]) {
		snprintf(buf, sizeof buf, _("  still needed: %s"), needs);
		tui_record_line(v, ST_WARN, buf);
	}
	if (t.voting && t.nmay) {
		strbuf sb = {0};
		sb_add(&sb, _("  may still vote:"));
		for (size_t i = 0; i < t.nmay; i++)
			sb_addf(&sb, " %s", t.may[i]);
		tui_record_line(v, ST_DIM, sb.buf);
		sb_free(&sb);
	}
	free(needs);
	change_tally_clear(&t);
}

static void change_sections(tui_record_view *v, tui_app *app, const record *rec)
{
	od_ctx *ctx = tui_ctx(app);
	add_tally(v, app, rec);
	change_conflict *cf;
	size_t n;
	char buf[600];
	if (rec->open && change_conflicts(ctx, rec, &cf, &n, NULL) == OD_OK) {
		if (n) {
			tui_record_line(v, ST_NORMAL, "");
			tui_record_line(v, ST_HEADER, _("Conflicts"));
		}
		for (size_t i = 0; i < n; i++) {
			snprintf(buf, sizeof buf, "  %s %s", cf[i].blocks ? _("[blocks]") : _("[override]"),
				 cf[i].reason);
			tui_record_line(v, cf[i].blocks ? ST_ERROR : ST_WARN, buf);
		}
		change_conflicts_free(cf, n);
	}
	change_step *st;
	if (change_steps(ctx->db, rec->id, &st, &n, NULL) == OD_OK) {
		if (n) {
			tui_record_line(v, ST_NORMAL, "");
			tui_record_line(v, ST_HEADER, _("Steps"));
		}
		for (size_t i = 0; i < n; i++) {
			char a[32], b[32];
			if (st[i].started)
				snprintf(buf, sizeof buf, _("  %d. %s  [done %s - %s]%s%s"), st[i].seq,
					 st[i].text, clock_format(st[i].started, a, sizeof a),
					 clock_format(st[i].ended, b, sizeof b),
					 st[i].deviation[0] ? _(" deviation: ") : "", st[i].deviation);
			else
				snprintf(buf, sizeof buf, "  %d. %s", st[i].seq, st[i].text);
			tui_record_line(v, st[i].started ? ST_OK : ST_NORMAL, buf);
		}
		change_steps_free(st, n);
	}
}

/* The vote form: v on the record. */
typedef struct vote_owner {
	int64_t id;
} vote_owner;

static od_status submit_vote(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	vote_owner *o = owner;
	char *vote = tui_form_value(f, "vote"), *note = tui_form_value(f, "note");
	od_status s = change_vote_cast(tui_ctx(app), o->id, vote, note, err);
	if (s == OD_OK)
		tui_status(app, false, _("CHG-%lld: %s recorded."), (long long)o->id, _(vote));
	free(vote);
	free(note);
	return s;
}

static void open_vote(tui_app *app, const record *rec)
{
	char *title = xasprintf(_("Vote on CHG-%lld"), (long long)rec->id);
	char *draft = xasprintf("changes.vote:CHG-%lld", (long long)rec->id);
	vote_owner *o = xmalloc(sizeof *o);
	o->id = rec->id;
	tui_form *f = tui_form_new(title, draft, submit_vote, o);
	f->owner_free = free;
	const tui_choice votes[] = {
		{"approve", _("approve")}, {"reject", _("reject")}, {"abstain", _("abstain")}};
	tui_form_choice(f, "vote", N_("Vote"), votes, 3, "approve", true);
	tui_form_multiline(f, "note", N_("Note"), "", CHANGE_NOTE_MAX, 3, false);
	tui_form_open(app, f);
	free(title);
	free(draft);
}

static tui_reaction change_key(tui_record_view *v, tui_app *app, const record *rec, tui_key k)
{
	(void)v;
	if (tui_action_for("change", k) == A_VOTE) {
		open_vote(app, rec);
		return TUI_HANDLED;
	}
	return TUI_NOT_MINE;
}

static void change_resume(tui_app *app, const record *rec, const char *form_id)
{
	if (strncmp(form_id, "changes.vote:", 13) == 0)
		open_vote(app, rec);
}

static const char *const action_extra[] = {"override", NULL};

static const tui_record_kind change_screens = {
	.kind = &change_kind,
	.context = "changes",
	.title = N_("Change"),
	.form_field = change_form_field,
	.on_change = show_risk,
	.action_extra = action_extra,
	.sections = change_sections,
	.key = change_key,
	.resume = change_resume,
	.keys_help = N_("t action  v vote  c comment  e edit  q back"),
};

/* --- the list and the calendar --------------------------------------------------- */

typedef enum view_mode { VIEW_LIST, VIEW_WEEK, VIEW_MONTH } view_mode;
typedef enum show_what { SHOW_OPEN, SHOW_MINE, SHOW_VOTE, SHOW_WEEK, SHOW_ALL } show_what;

typedef struct row {
	record rec;
	char *cells[NCOLS];
} row;

typedef struct changes_screen {
	row *rows;
	size_t n, cap;
	bool more;
	show_what show;
	char *state;
	tui_list list;
	view_mode mode;
	char first[ROSTER_DAY_LEN]; /* the calendar's first day, a Monday */
	int year, month;            /* the month of the month view */
	bool by_ci;                 /* a line per CI instead of per day */
	record *cal;                /* the calendar's changes */
	size_t ncal;
	tui_app *app;
} changes_screen;

static const tui_column columns[] = {
	{N_("ID"), 8, false, false, 0},	    {N_("State"), 8, false, false, 0},
	{N_("Type"), 8, false, false, 2},   {N_("Risk"), 4, false, false, 3},
	{N_("Window"), 11, false, false, 0}, {N_("Title"), 60, true, false, 0},
	{N_("Implementer"), 11, false, false, 1},
};

static const char *cell(void *data, size_t r, int c)
{
	return ((changes_screen *)data)->rows[r].cells[c];
}

static void free_rows(changes_screen *s)
{
	for (size_t i = 0; i < s->n; i++) {
		record_clear(&s->rows[i].rec);
		for (int c = 0; c < NCOLS; c++)
			free(s->rows[i].cells[c]);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = s->cap = 0;
}

static const char *item_name(const rules_item *items, size_t n, const char *id)
{
	const rules_item *it = rules_item_find(items, n, id);
	return it ? it->name : id;
}

static void add_row(changes_screen *s, record *rec)
{
	const rules *r = tui_ctx(s->app)->rules;
	if (s->n == s->cap)
		s->rows = xrealloc(s->rows, (s->cap = s->cap ? 2 * s->cap : 64) * sizeof *s->rows);
	row *rw = &s->rows[s->n++];
	rw->rec = *rec; /* the row takes the record's strings */
	char ref[32];
	record_ref(&change_kind, rec->id, ref, sizeof ref);
	const char *start = record_value(rec, "start");
	rw->cells[0] = xstrdup(ref);
	rw->cells[1] = xstrdup(record_state_name(r, &change_kind, rec->state));
	rw->cells[2] = xstrdup(item_name(r->changes.type_items, r->changes.types.n,
					 record_value(rec, "type")));
	rw->cells[3] = xstrdup(item_name(r->changes.level_items, r->changes.risk.levels.n,
					 record_value(rec, "risk")));
	rw->cells[4] = xstrdup(strlen(start) > 5 ? start + 5 : start); /* MM-DD HH:MM */
	rw->cells[5] = xstrdup(record_value(rec, "title"));
	rw->cells[6] = xstrdup(record_value(rec, "implementer"));
}

static bool day_time(const char *day, time_t *t)
{
	char text[32];
	snprintf(text, sizeof text, "%s 00:00", day);
	return clock_parse(text, t, NULL) == OD_OK;
}

static void this_week(char monday[ROSTER_DAY_LEN])
{
	char today[ROSTER_DAY_LEN];
	roster_day_of(clock_now(), today);
	roster_day_add(monday, today, -((roster_day_weekday(today) + 6) % 7));
}

static bool may_vote(changes_screen *s, const record *rec)
{
	change_tally t;
	bool mine = false;
	if (change_tally_get(tui_ctx(s->app), rec, &t, NULL) == OD_OK) {
		for (size_t j = 0; j < t.nmay && !mine; j++)
			mine = strcmp(t.may[j], tui_ctx(s->app)->login) == 0;
		change_tally_clear(&t);
	}
	return mine;
}

/* The next page of the list after the last row loaded. */
static void load_page(changes_screen *s)
{
	od_ctx *ctx = tui_ctx(s->app);
	record *v;
	size_t n;
	od_error err;
	od_status st;
	if (s->show == SHOW_WEEK) {
		char monday[ROSTER_DAY_LEN], next[ROSTER_DAY_LEN];
		this_week(monday);
		roster_day_add(next, monday, 7);
		time_t t0, t1;
		day_time(monday, &t0);
		day_time(next, &t1);
		st = change_calendar(ctx->db, ctx->rules, t0, t1, false, 0, &v, &n, &err);
		s->more = false;
	} else {
		record_filter f = {
			.state = s->show == SHOW_VOTE ? ctx->rules->changes.approval.state.id : s->state,
			.include_closed = s->show == SHOW_ALL || s->state,
			.mine = s->show == SHOW_MINE ? ctx->login : NULL,
			.limit = PAGE,
			.before = s->n ? s->rows[s->n - 1].rec.id : 0,
		};
		st = record_list(ctx->db, &change_kind, &f, &v, &n, &err);
		s->more = st == OD_OK && n == PAGE;
	}
	if (st != OD_OK) {
		tui_status(s->app, true, "%s", err.msg);
		s->more = false;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s->show == SHOW_VOTE && !may_vote(s, &v[i]))
			record_clear(&v[i]);
		else
			add_row(s, &v[i]);
	}
	free(v);
}

static void load_calendar(changes_screen *s)
{
	od_ctx *ctx = tui_ctx(s->app);
	record_list_free(s->cal, s->ncal);
	s->cal = NULL;
	s->ncal = 0;
	char last[ROSTER_DAY_LEN];
	roster_day_add(last, s->first, s->mode == VIEW_WEEK ? 7 : 42);
	time_t t0, t1;
	od_error err;
	if (!day_time(s->first, &t0) || !day_time(last, &t1) ||
	    change_calendar(ctx->db, ctx->rules, t0, t1, false, 0, &s->cal, &s->ncal, &err) != OD_OK)
		tui_status(s->app, true, "%s", _("the change calendar could not be read"));
}

static void screen_reload(void *self, tui_app *app)
{
	changes_screen *s = self;
	s->app = app;
	if (s->mode != VIEW_LIST) {
		load_calendar(s);
		return;
	}
	size_t had = s->n;
	free_rows(s);
	do
		load_page(s);
	while (s->more && s->n < had);
	s->list.nshown = 0;
	tui_list_reset(&s->list, s->n);
}

static void *screen_open(tui_app *app)
{
	changes_screen *s = xcalloc(1, sizeof *s);
	s->app = app;
	tui_list_init(&s->list, columns, NCOLS, cell, s);
	this_week(s->first);
	screen_reload(s, app);
	return s;
}

static void screen_close(void *self)
{
	changes_screen *s = self;
	free_rows(s);
	tui_list_free(&s->list);
	record_list_free(s->cal, s->ncal);
	free(s->state);
	free(s);
}

static const char *const weekdays[] = {N_("Su"), N_("Mo"), N_("Tu"), N_("We"),
				       N_("Th"), N_("Fr"), N_("Sa")};

static int cmp_tag(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether change rec's window touches day. */
static bool on_day(const record *rec, const char *day)
{
	const char *start = record_value(rec, "start"), *end = record_value(rec, "end");
	/* the values are "YYYY-MM-DD HH:MM": the day is their first ten bytes */
	return strncmp(start, day, 10) <= 0 &&
	       (strncmp(end, day, 10) > 0 || (strncmp(end, day, 10) == 0 && strcmp(end + 10, " 00:00") != 0));
}

/* One day's cell of the calendar: the day, then each change touching it:
 * its start (".." when it began the day before) and reference, and in the
 * week view its title on the next line; "+N more" when they do not fit. */
static void draw_day(changes_screen *s, WINDOW *w, int y, int x, int cw, int lines, const char *day,
		     bool month)
{
	char today[ROSTER_DAY_LEN], head[64];
	roster_day_of(clock_now(), today);
	const rules *r = tui_ctx(s->app)->rules;
	roster_day_kind dk = roster_day_kind_of(r, day);
	if (month)
		snprintf(head, sizeof head, "%s", strcmp(day + 8, "01") == 0 ? day + 5 : day + 8);
	else
		snprintf(head, sizeof head, "%s %s", _(weekdays[roster_day_weekday(day)]), day + 5);
	tui_put(w, y, x, cw, head,
		strcmp(day, today) == 0 ? ST_SELECTED : dk != DAY_WORK ? ST_DIM : ST_HEADER);
	int per = month ? 1 : 2; /* lines per change */
	int room = (lines - 1) / per, used = 0, count = 0;
	for (size_t i = 0; i < s->ncal; i++)
		count += on_day(&s->cal[i], day);
	if (count > room && room > 0)
		room--; /* a line for "+N more" */
	for (size_t i = 0; i < s->ncal && used < room; i++) {
		const record *c = &s->cal[i];
		if (!on_day(c, day))
			continue;
		const char *start = record_value(c, "start");
		char ref[32], text[300];
		record_ref(&change_kind, c->id, ref, sizeof ref);
		const char *hm = strncmp(start, day, 10) == 0 ? start + 11 : "..";
		if (cw >= text_width(hm) + 1 + text_width(ref))
			snprintf(text, sizeof text, "%s %s", hm, ref);
		else
			snprintf(text, sizeof text, "%s", ref);
		if (cw >= 16 && month)
			snprintf(text, sizeof text, "%s %s %s", hm, ref, record_value(c, "title"));
		bool emergency = strcmp(record_value(c, "type"), "emergency") == 0;
		tui_put(w, y + 1 + used * per, x, cw, text, emergency ? ST_WARN : ST_NORMAL);
		if (!month)
			tui_put(w, y + 2 + used * per, x, cw, record_value(c, "title"), ST_DIM);
		used++;
	}
	if (count > used) {
		char more[32];
		snprintf(more, sizeof more, _("+%d more"), count - used);
		tui_put(w, y + 1 + used * per, x, cw, more, ST_DIM);
	}
}

/* The calendar by CI: a line per CI of the period's changes (in tag
 * order), a column per day. The week shows the references of each day's
 * changes; the month (a column per day of the month, two cells at 80
 * columns) shows how many changes touch the CI that day. */
static void draw_by_ci(changes_screen *s, WINDOW *w, int h, int width, bool month)
{
	char **tags = NULL;
	size_t nt = 0;
	for (size_t i = 0; i < s->ncal; i++) {
		char *copy = xstrdup(record_value(&s->cal[i], "cis"));
		for (char *save, *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
			bool seen = false;
			for (size_t k = 0; k < nt && !seen; k++)
				seen = strcmp(tags[k], t) == 0;
			if (!seen) {
				tags = xrealloc(tags, (nt + 1) * sizeof *tags);
				tags[nt++] = xstrdup(t);
			}
		}
		free(copy);
	}
	qsort(tags, nt, sizeof *tags, cmp_tag);
	char day[ROSTER_DAY_LEN];
	char days[31][ROSTER_DAY_LEN];
	int ndays = 0;
	if (month)
		snprintf(day, sizeof day, "%04d-%02d-01", s->year, s->month);
	else
		snprintf(day, sizeof day, "%s", s->first);
	while (ndays < (month ? 31 : 7) && (!month || !ndays || strncmp(day, days[0], 7) == 0)) {
		memcpy(days[ndays++], day, sizeof day);
		char next[ROSTER_DAY_LEN];
		roster_day_add(next, day, 1);
		memcpy(day, next, sizeof day);
	}
	int tw = 10, cw = (width - tw) / ndays;
	tui_put(w, 1, 0, tw, _("CI"), ST_HEADER);
	for (int d = 0; d < ndays; d++) {
		char head[32];
		if (month) /* the day of the month; its last digit where there are two cells */
			snprintf(head, sizeof head, "%s", days[d] + (cw < 3 ? 9 : 8));
		else
			snprintf(head, sizeof head, "%s %s", _(weekdays[roster_day_weekday(days[d])]),
				 days[d] + 5);
		tui_put(w, 1, tw + d * cw, cw - (month ? 0 : 1), head, ST_HEADER);
	}
	for (size_t k = 0; k < nt && (int)k + 2 < h; k++) {
		tui_put(w, 2 + (int)k, 0, tw - 1, tags[k], ST_NORMAL);
		char *want = xasprintf(", %s,", tags[k]);
		for (int d = 0; d < ndays; d++) {
			strbuf refs = {0};
			int count = 0;
			for (size_t i = 0; i < s->ncal; i++) {
				char *list = xasprintf(", %s,", record_value(&s->cal[i], "cis"));
				if (strstr(list, want) && on_day(&s->cal[i], days[d])) {
					char ref[32];
					record_ref(&change_kind, s->cal[i].id, ref, sizeof ref);
					sb_addf(&refs, "%s%s", refs.buf ? " " : "", ref);
					count++;
				}
				free(list);
			}
			char n[8];
			snprintf(n, sizeof n, count > 9 ? "+" : "%d", count);
			if (count)
				tui_put(w, 2 + (int)k, tw + d * cw, cw - (month ? 0 : 1),
					month ? n : refs.buf, ST_NORMAL);
			else if (month)
				tui_put(w, 2 + (int)k, tw + d * cw, cw, ".", ST_DIM);
			sb_free(&refs);
		}
		free(want);
	}
	for (size_t k = 0; k < nt; k++)
		free(tags[k]);
	free(tags);
}

static void draw_calendar(changes_screen *s, WINDOW *w, int h, int width)
{
	int cw = (width - 1) / 7;
	char day[ROSTER_DAY_LEN], last[ROSTER_DAY_LEN];
	snprintf(day, sizeof day, "%s", s->first);
	roster_day_add(last, s->first, s->mode == VIEW_WEEK ? 6 : 41);
	char line[200];
	snprintf(line, sizeof line, _("Change calendar %s to %s: %zu changes  ([ ] move, v view, b by CI, n new)"),
		 s->first, last, s->ncal);
	tui_put(w, 0, 0, width, line, ST_DIM);
	if (s->by_ci) {
		draw_by_ci(s, w, h, width, s->mode == VIEW_MONTH);
		return;
	}
	int weeks = s->mode == VIEW_WEEK ? 1 : 6;
	int rows = (h - 1) / weeks;
	for (int wk = 0; wk < weeks; wk++)
		for (int d = 0; d < 7; d++) {
			draw_day(s, w, 1 + wk * rows, d * cw + (d ? 1 : 0), cw - 1, rows, day,
				 s->mode == VIEW_MONTH);
			char next[ROSTER_DAY_LEN];
			roster_day_add(next, day, 1);
			memcpy(day, next, sizeof day);
		}
}

static void screen_draw(void *self, tui_app *app, WINDOW *w)
{
	changes_screen *s = self;
	int h = getmaxy(w), width = getmaxx(w);
	if (s->mode != VIEW_LIST) {
		draw_calendar(s, w, h, width);
		return;
	}
	static const char *const shows[] = {N_("open"), N_("mine to implement"),
					    N_("awaiting my vote"), N_("this week"),
					    N_("all, closed too")};
	char line[256];
	snprintf(line, sizeof line, _("%zu%s changes, %s%s%s  (f filter, v calendar, R releases, n new)"), s->n,
		 s->more ? "+" : "", _(shows[s->show]), s->state ? ", " : "",
		 s->state ? record_state_name(tui_ctx(app)->rules, &change_kind, s->state) : "");
	tui_put(w, 0, 0, width, line, ST_DIM);
	tui_list_draw(&s->list, app, w, 1, h - 1, width);
}

static od_status apply_filter(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)err;
	changes_screen *s = owner;
	char *show = tui_form_value(f, "show"), *state = tui_form_value(f, "state");
	static const char *const ids[] = {"open", "mine", "vote", "week", "all"};
	for (int i = 0; i < 5; i++)
		if (strcmp(show, ids[i]) == 0)
			s->show = (show_what)i;
	free(s->state);
	s->state = state[0] ? state : (free(state), NULL);
	free(show);
	free_rows(s);
	screen_reload(s, app);
	return OD_OK;
}

static void open_filter(changes_screen *s, tui_app *app)
{
	const rules_workflow *wf = &tui_ctx(app)->rules->workflows.change;
	tui_form *f = tui_form_new(_("Filter the changes"), NULL, apply_filter, s);
	const tui_choice shows[] = {{"open", _("open")},
				    {"mine", _("mine to implement")},
				    {"vote", _("awaiting my vote")},
				    {"week", _("this week")},
				    {"all", _("all, closed too")}};
	static const char *const ids[] = {"open", "mine", "vote", "week", "all"};
	tui_form_choice(f, "show", N_("Show"), shows, 5, ids[s->show], true);
	tui_choice *states = xcalloc(wf->states.n + 1, sizeof *states);
	for (size_t k = 0; k < wf->states.n; k++)
		states[k] = (tui_choice){wf->states.v[k].id, wf->states.v[k].name};
	tui_form_choice(f, "state", N_("State"), states, wf->states.n, s->state, false);
	free(states);
	tui_form_open(app, f);
}

/* --- releases: R on screen 3 -------------------------------------------------------- */

static void release_sections(tui_record_view *v, tui_app *app, const record *rec)
{
	od_ctx *ctx = tui_ctx(app);
	record *c;
	size_t n;
	if (release_changes(ctx->db, rec->id, &c, &n, NULL) != OD_OK)
		return;
	tui_record_line(v, ST_NORMAL, "");
	tui_record_line(v, ST_HEADER, _("Changes"));
	if (!n)
		tui_record_line(v, ST_DIM, _("  none yet (opsdesk release add)"));
	for (size_t i = 0; i < n; i++) {
		char ref[32];
		record_ref(&change_kind, c[i].id, ref, sizeof ref);
		char *cells[] = {text_fit(ref, 8, false),
				 text_fit(record_state_name(ctx->rules, &change_kind, c[i].state), 9, false),
				 text_fit(record_value(&c[i], "start"), 17, false)};
		char *text = xasprintf("  %s%s%s%s", cells[0], cells[1], cells[2],
				       record_value(&c[i], "title"));
		tui_record_line(v, c[i].open ? ST_NORMAL : ST_DIM, text);
		free(text);
		for (int k = 0; k < 3; k++)
			free(cells[k]);
	}
	record_list_free(c, n);
}

static const tui_record_kind release_screens = {
	.kind = &release_kind,
	.context = "releases",
	.title = N_("Release"),
	.sections = release_sections,
};

enum { RCOLS = 4 };

typedef struct releases_screen {
	tui_record_rows rows;
	tui_list list;
} releases_screen;

static const tui_column release_columns[] = {
	{N_("ID"), 8, false, false, 0},
	{N_("State"), 8, false, false, 0},
	{N_("Window"), 11, false, false, 1},
	{N_("Title"), 60, true, false, 0},
};

static void release_cells(void *arg, const record *rec, char **c)
{
	const rules *r = arg;
	char ref[32];
	record_ref(&release_kind, rec->id, ref, sizeof ref);
	const char *start = record_value(rec, "start");
	c[0] = xstrdup(ref);
	c[1] = xstrdup(record_state_name(r, &release_kind, rec->state));
	c[2] = xstrdup(strlen(start) > 5 ? start + 5 : start); /* MM-DD HH:MM */
	c[3] = xstrdup(record_value(rec, "title"));
}

static void releases_reload(void *self, tui_app *app)
{
	releases_screen *s = self;
	tui_record_rows_clear(&s->rows);
	od_ctx *ctx = tui_ctx(app);
	record_filter f = {.include_closed = true, .limit = PAGE};
	record *v;
	size_t n;
	od_error err;
	if (record_list(ctx->db, &release_kind, &f, &v, &n, &err) == OD_OK) {
		tui_record_rows_add(&s->rows, v, n, release_cells, (void *)ctx->rules);
		free(v);
	} else {
		tui_status(app, true, "%s", err.msg);
	}
	s->list.nshown = 0;
	tui_list_reset(&s->list, s->rows.n);
}

static void releases_close(void *self)
{
	releases_screen *s = self;
	tui_record_rows_clear(&s->rows);
	tui_list_free(&s->list);
	free(s);
}

static void releases_draw(void *self, tui_app *app, WINDOW *w)
{
	releases_screen *s = self;
	char line[128];
	snprintf(line, sizeof line, _("%zu releases  (Enter open, n new, q back)"), s->rows.n);
	tui_put(w, 0, 0, getmaxx(w), line, ST_DIM);
	tui_list_draw(&s->list, app, w, 1, getmaxy(w) - 1, getmaxx(w));
}

static tui_reaction releases_key(void *self, tui_app *app, tui_key k)
{
	releases_screen *s = self;
	if (s->list.searching)
		return tui_list_key(&s->list, k);
	size_t r;
	switch (tui_action_for("list", k)) {
	case A_NEW: tui_record_new_form(app, &release_screens); return TUI_HANDLED;
	case A_OPEN:
		if (tui_list_current(&s->list, &r))
			tui_record_open(app, &release_screens, s->rows.v[r].id);
		return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	default: break;
	}
	if (!k.func && k.ch == 27)
		return TUI_CLOSE;
	return tui_list_key(&s->list, k);
}

static const tui_screen_ops releases_ops = {
	.title = N_("Releases"),
	.number = -1,
	.context = "list",
	.close = releases_close,
	.reload = releases_reload,
	.draw = releases_draw,
	.key = releases_key,
};

static void open_releases(tui_app *app)
{
	releases_screen *s = xcalloc(1, sizeof *s);
	s->rows.ncols = RCOLS;
	tui_list_init(&s->list, release_columns, RCOLS, tui_record_rows_cell, &s->rows);
	releases_reload(s, app);
	tui_push(app, &releases_ops, s);
}

/* The month view of the month dir months from the one shown (0: this
 * month): its grid starts on the Monday on or before the 1st. */
static void month_start(changes_screen *s, int dir)
{
	if (dir == 0) {
		char today[ROSTER_DAY_LEN];
		roster_day_of(clock_now(), today);
		sscanf(today, "%d-%d", &s->year, &s->month);
	} else {
		s->month += dir;
		if (s->month < 1)
			s->month = 12, s->year--;
		if (s->month > 12)
			s->month = 1, s->year++;
	}
	char one[ROSTER_DAY_LEN];
	snprintf(one, sizeof one, "%04d-%02d-01", s->year, s->month);
	roster_day_add(s->first, one, -((roster_day_weekday(one) + 6) % 7));
}

static tui_reaction screen_key(void *self, tui_app *app, tui_key k)
{
	changes_screen *s = self;
	if (s->list.searching)
		return tui_list_key(&s->list, k);
	switch (tui_action_for("changes", k)) {
	case A_VIEW:
		s->mode = (s->mode + 1) % 3;
		if (s->mode == VIEW_MONTH)
			month_start(s, 0);
		else if (s->mode == VIEW_WEEK)
			this_week(s->first);
		return TUI_RELOAD;
	case A_MONTH_PREV:
	case A_MONTH_NEXT: {
		int dir = tui_action_for("changes", k) == A_MONTH_PREV ? -1 : 1;
		if (s->mode == VIEW_LIST)
			return TUI_HANDLED;
		if (s->mode == VIEW_MONTH) {
			month_start(s, dir);
		} else {
			char moved[ROSTER_DAY_LEN];
			roster_day_add(moved, s->first, 7 * dir);
			memcpy(s->first, moved, sizeof moved);
		}
		return TUI_RELOAD;
	}
	case A_FILTER: open_filter(s, app); return TUI_HANDLED;
	case A_RELEASES: open_releases(app); return TUI_HANDLED;
	case A_BY_CI:
		s->by_ci = !s->by_ci;
		return TUI_HANDLED;
	default: break;
	}
	size_t r;
	bool have = tui_list_current(&s->list, &r);
	switch (tui_action_for("list", k)) {
	case A_NEW: tui_record_new_form(app, &change_screens); return TUI_HANDLED;
	case A_OPEN:
		if (s->mode == VIEW_LIST && have)
			tui_record_open(app, &change_screens, s->rows[r].rec.id);
		return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	default: break;
	}
	if (s->mode != VIEW_LIST)
		return TUI_NOT_MINE;
	tui_reaction re = tui_list_key(&s->list, k);
	if (s->more && tui_list_current(&s->list, &r) && r + 1 >= s->n) {
		load_page(s);
		tui_list_reset(&s->list, s->n);
	}
	return re;
}

static void screen_resume(void *self, tui_app *app, const char *form_id)
{
	(void)self;
	if (strncmp(form_id, "releases.", 9) == 0)
		tui_record_resume(app, &release_screens, form_id);
	else
		tui_record_resume(app, &change_screens, form_id);
}

const tui_screen_ops screen_changes = {
	.title = N_("Changes"),
	.number = 3,
	.context = "changes",
	.open = screen_open,
	.close = screen_close,
	.reload = screen_reload,
	.draw = screen_draw,
	.key = screen_key,
	.resume = screen_resume,
};
