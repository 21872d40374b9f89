/* Screen 5, inspections: the rounds due (filters: mine by role, overdue,
 * the selected round's location) and the run form, made for speed: a
 * check item is answered with one key (p pass, f fail) and the cursor
 * moves on; a number is judged against its ranges as it is typed, the
 * verdict written under it in words (not by colour alone); the remark of
 * an item appears when its reading is abnormal. The round's open issues
 * and the inspector's opinion come last. A dropped session keeps the
 * half-done round as a draft. Every check is the core's (inspect_record). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/inspect.h"
#include "opsdesk/staff.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_list.h"
#include "opsdesk/tui_report.h"
#include "opsdesk/xalloc.h"

enum { PAGE = 500, REMARK_SUFFIX_MAX = 8 };

typedef struct inspections {
	inspect_due_row *v;
	size_t n;
	bool mine, overdue;
	char *location; /* NULL: every location */
	time_t now;
	char cellbuf[40];
	tui_list list;
	/* a series: the same template on every CI of one location, one form
	 * after the other ("template\ttag" each); advance is set by a save */
	char **series;
	size_t nseries, next;
	bool advance;
} inspections;

static void open_run(tui_app *app, const char *template_id, const char *tag, inspections *series);

static void series_clear(inspections *s)
{
	for (size_t i = 0; i < s->nseries; i++)
		free(s->series[i]);
	free(s->series);
	s->series = NULL;
	s->nseries = s->next = 0;
	s->advance = false;
}

/* After a saved form of the series closed: the next CI's form. */
static void series_step(inspections *s, tui_app *app)
{
	if (!s->advance)
		return;
	s->advance = false;
	if (s->next >= s->nseries) {
		tui_status(app, false, _("All %zu CIs of the round done."), s->nseries);
		series_clear(s);
		return;
	}
	char *entry = s->series[s->next++], *tab = strchr(entry, '\t');
	*tab = '\0';
	open_run(app, entry, tab + 1, s);
	*tab = '\t';
}

static const tui_column columns[] = {
    {N_("Template"), 16, false, false, 0}, {N_("CI"), 14, false, false, 0},
    {N_("Location"), 24, true, false, 0},  {N_("Due"), 16, false, false, 1},
    {N_("Last done"), 16, false, false, 2}, {N_("Standing"), 8, false, false, 0},
};

static const char *cell(void *data, size_t row, int col)
{
	inspections *s = data;
	const inspect_due_row *d = &s->v[row];
	switch (col) {
	case 0: return d->template_id;
	case 1: return d->tag;
	case 2: return d->location;
	case 3: return clock_format(d->due, s->cellbuf, sizeof s->cellbuf);
	case 4:
		return d->last_done ? clock_format(d->last_done, s->cellbuf, sizeof s->cellbuf)
				    : _("never");
	default: return d->overdue <= s->now ? _("OVERDUE") : _("due");
	}
}

static tui_style row_style(void *data, size_t row)
{
	inspections *s = data;
	return s->v[row].overdue <= s->now ? ST_ERROR : ST_NORMAL;
}

static void append_rows(inspections *s, od_db *db, inspect_due_filter *f, od_error *err,
			tui_app *app)
{
	inspect_due_row *v;
	size_t n;
	if (inspect_due_list(db, f, &v, &n, err) != OD_OK) {
		tui_status(app, true, "%s", err->msg);
		return;
	}
	s->v = xrealloc(s->v, (s->n + n + 1) * sizeof *s->v);
	memcpy(s->v + s->n, v, n * sizeof *v);
	s->n += n;
	free(v); /* the rows' strings moved into s->v */
}

static void inspections_reload(void *self, tui_app *app)
{
	inspections *s = self;
	od_ctx *ctx = tui_ctx(app);
	inspect_due_free(s->v, s->n);
	s->v = NULL;
	s->n = 0;
	s->now = clock_now();
	od_error err;
	/* what falls due today too, so the next rounds can be started early */
	inspect_due_filter f = {.now = s->now, .until = s->now + 86400, .limit = PAGE,
				.overdue_only = s->overdue, .location = s->location};
	if (s->mine) {
		staff_member me = {0};
		if (staff_get(ctx->db, ctx->login, &me, &err) == OD_OK)
			for (size_t i = 0; i < me.nroles; i++) {
				f.role = me.roles[i];
				append_rows(s, ctx->db, &f, &err, app);
			}
		staff_member_clear(&me);
	} else {
		append_rows(s, ctx->db, &f, &err, app);
	}
	s->list.nshown = 0;
	tui_list_reset(&s->list, s->n);
	series_step(s, app);
}

static void *inspections_open(tui_app *app)
{
	inspections *s = xcalloc(1, sizeof *s);
	tui_list_init(&s->list, columns, (int)(sizeof columns / sizeof *columns), cell, s);
	s->list.style = row_style;
	inspections_reload(s, app);
	return s;
}

static void inspections_close(void *self)
{
	inspections *s = self;
	inspect_due_free(s->v, s->n);
	free(s->location);
	series_clear(s);
	tui_list_free(&s->list);
	free(s);
}

static void inspections_draw(void *self, tui_app *app, WINDOW *w)
{
	inspections *s = self;
	char line[256];
	snprintf(line, sizeof line, _("Rounds due: %zu  [m] mine: %s  [o] overdue only: %s  [l] location: %s"),
		 s->n, s->mine ? _("yes") : _("no"), s->overdue ? _("yes") : _("no"),
		 s->location ? s->location : _("all"));
	tui_put(w, 0, 0, getmaxx(w), line, ST_DIM);
	tui_list_draw(&s->list, app, w, 1, getmaxy(w) - 1, getmaxx(w));
}

/* --- the run form ----------------------------------------------------------- */

typedef struct run_form {
	const rules_inspection *t;
	char *tag;
	time_t opened;
	/* the fields' keys and labels made here: the form points at them */
	char **strings;
	size_t nstrings;
	inspections *series; /* the screen whose series this form is part of, or NULL */
	bool saved;
} run_form;

static void run_form_free(void *owner)
{
	run_form *rf = owner;
	/* a form of a series closed without saving ends the series */
	if (rf->series && !rf->saved)
		series_clear(rf->series);
	for (size_t i = 0; i < rf->nstrings; i++)
		free(rf->strings[i]);
	free(rf->strings);
	free(rf->tag);
	free(rf);
}

static const char *keep(run_form *rf, char *s)
{
	rf->strings = xrealloc(rf->strings, (rf->nstrings + 1) * sizeof *rf->strings);
	rf->strings[rf->nstrings++] = s;
	return s;
}

static tui_field *field_named(tui_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return &f->fields[i];
	return NULL;
}

static void set_note(tui_field *fd, const char *text)
{
	free(fd->notice);
	fd->notice = text ? xstrdup(text) : NULL;
}

/* After every key: judge each reading, show the verdict under it, show
 * the remark of an abnormal one; a check answered moves on at once. */
static void run_form_changed(tui_form *f, void *owner)
{
	run_form *rf = owner;
	tui_field *focused = f->focus < f->n ? &f->fields[f->focus] : NULL;
	bool answered_check = false;
	for (size_t i = 0; i < rf->t->items.n; i++) {
		const rules_inspect_item *it = &rf->t->items.v[i];
		tui_field *fd = field_named(f, it->id);
		if (!fd)
			continue;
		char *value = tui_form_value(f, it->id);
		inspect_level level = LEVEL_NORMAL;
		od_error err;
		bool bad = false;
		if (*value && it->kind_id != INSPECT_TEXT) {
			if (inspect_judge(it, value, &level, NULL, NULL, &err) != OD_OK) {
				set_note(fd, err.msg);
			} else if (inspect_level_bad(level)) {
				/* the verdict in words, with what normal is, short enough for
				 * the field's line */
				strbuf normal = {0};
				for (size_t k = 0; k < it->normal.n; k++)
					sb_addf(&normal, "%s%s", k ? " " : "", it->normal.v[k].text);
				char *note = normal.len
						 ? xasprintf(_("%s (normal %s): a remark is required"),
							     inspect_level_name(level), normal.buf)
						 : xasprintf(_("%s: a remark is required"),
							     inspect_level_name(level));
				set_note(fd, note);
				free(note);
				sb_free(&normal);
				bad = true;
			} else {
				set_note(fd, it->kind_id == INSPECT_NUMBER ||
						     it->kind_id == INSPECT_PERCENT
						 ? _("normal")
						 : NULL);
			}
		} else {
			set_note(fd, NULL);
		}
		char key[80];
		snprintf(key, sizeof key, "%s.remark", it->id);
		tui_form_hide(f, key, !bad);
		if (fd == focused && it->kind_id == INSPECT_CHECK && fd->edit.len && *value)
			answered_check = true;
		free(value);
	}
	if (answered_check) {
		/* one key answers a check: forget the key and go to the next field */
		tui_edit_set(&focused->edit, "");
		size_t to = f->focus;
		while (to + 1 < f->n) {
			to++;
			if (!f->fields[to].hidden && !f->fields[to].readonly)
				break;
		}
		f->focus = to;
	}
}

static od_status run_submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	run_form *rf = owner;
	od_ctx *ctx = tui_ctx(app);
	size_t n = rf->t->items.n;
	inspect_answer *answers = xcalloc(n ? n : 1, sizeof *answers);
	char **owned = xcalloc(2 * n + 2, sizeof *owned);
	size_t na = 0, no = 0;
	for (size_t i = 0; i < n; i++) {
		const rules_inspect_item *it = &rf->t->items.v[i];
		char *value = tui_form_value(f, it->id);
		owned[no++] = value;
		if (!*value)
			continue;
		char key[80];
		snprintf(key, sizeof key, "%s.remark", it->id);
		char *remark = tui_form_value(f, key);
		owned[no++] = remark;
		answers[na++] = (inspect_answer){it->id, value, remark};
	}
	char *issues = tui_form_value(f, "issues"), *opinion = tui_form_value(f, "opinion");
	inspect_input in = {rf->t->id, rf->tag, answers, na, issues, opinion, rf->opened};
	inspect_result res;
	od_status s = inspect_record(ctx, &in, &res, err);
	if (s == OD_OK) {
		rf->saved = true;
		if (rf->series)
			rf->series->advance = true;
		strbuf sb = {0};
		sb_addf(&sb, _("Saved INS-%lld."), (long long)res.run);
		for (size_t i = 0; i < res.nopened; i++)
			sb_addf(&sb, _(" Opened INC-%lld."), (long long)res.opened[i]);
		for (size_t i = 0; i < res.nappended; i++)
			sb_addf(&sb, _(" Noted on INC-%lld."), (long long)res.appended[i]);
		tui_status(app, false, "%s", sb.buf);
		sb_free(&sb);
		inspect_result_clear(&res);
	}
	free(issues);
	free(opinion);
	for (size_t i = 0; i < no; i++)
		free(owned[i]);
	free(owned);
	free(answers);
	return s;
}

static void open_run(tui_app *app, const char *template_id, const char *tag, inspections *series)
{
	od_ctx *ctx = tui_ctx(app);
	const rules_inspection *t = rules_inspection_find(ctx->rules, template_id);
	if (!t) {
		tui_status(app, true, _("template: '%s' is no longer in the rules"), template_id);
		return;
	}
	run_form *rf = xcalloc(1, sizeof *rf);
	rf->t = t;
	rf->tag = xstrdup(tag);
	rf->opened = clock_now();
	rf->series = series;
	char *title = xasprintf("%s: %s", t->name, tag);
	char *draft = xasprintf("inspect.run:%s:%s", t->id, tag);
	tui_form *f = tui_form_new(title, draft, run_submit, rf);
	free(title);
	free(draft);
	f->owner_free = run_form_free;
	f->on_change = run_form_changed;
	static const tui_choice check[] = {{"pass", N_("pass (p)")}, {"fail", N_("fail (f)")}};
	for (size_t i = 0; i < t->items.n; i++) {
		const rules_inspect_item *it = &t->items.v[i];
		const char *label = it->unit ? keep(rf, xasprintf("%s (%s)", it->text, it->unit)) : it->text;
		/* the label is shown through _(): a rules text has no translation
		 * and comes back as it is */
		if (it->kind_id == INSPECT_CHECK) {
			tui_choice c[2] = {{check[0].value, _(check[0].label)},
					   {check[1].value, _(check[1].label)}};
			tui_form_choice(f, it->id, label, c, 2, NULL, it->required);
		} else if (it->kind_id == INSPECT_CHOICE) {
			tui_choice *c = xcalloc(it->choices.n ? it->choices.n : 1, sizeof *c);
			for (size_t k = 0; k < it->choices.n; k++)
				c[k] = (tui_choice){it->choices.v[k].id, it->choices.v[k].id};
			tui_form_choice(f, it->id, label, c, it->choices.n, NULL, it->required);
			free(c);
		} else {
			tui_form_text(f, it->id, label, "", INSPECT_VALUE_MAX, it->required);
		}
		const char *key = keep(rf, xasprintf("%s.remark", it->id));
		tui_field *rm = tui_form_text(f, key, N_("Remark"), "", INSPECT_REMARK_MAX, false);
		rm->hidden = true; /* shown when the reading is abnormal */
	}
	tui_form_multiline(f, "issues", N_("Open issues"), "", INSPECT_TEXT_MAX, 2, false);
	tui_form_multiline(f, "opinion", N_("Opinion"), "", INSPECT_TEXT_MAX, 2, false);
	tui_form_open(app, f);
}

static tui_reaction inspections_key(void *self, tui_app *app, tui_key k)
{
	inspections *s = self;
	if (s->list.searching)
		return tui_list_key(&s->list, k);
	size_t row;
	bool have = tui_list_current(&s->list, &row);
	tui_action_id own = tui_action_for("inspect", k);
	if (own == A_INSPECT_MINE || own == A_INSPECT_OVERDUE) {
		bool *flag = own == A_INSPECT_MINE ? &s->mine : &s->overdue;
		*flag = !*flag;
		return TUI_RELOAD;
	}
	if (own == A_REPORT || own == A_INSPECT_PERIOD) {
		od_ctx *ctx = tui_ctx(app);
		od_error err;
		report *r = NULL;
		od_status st;
		time_t now = clock_now();
		if (own == A_REPORT) {
			if (!have || !s->v[row].last_run) {
				tui_status(app, true, "%s", _("This round has no run yet."));
				return TUI_HANDLED;
			}
			st = inspect_report_run(ctx, s->v[row].last_run, now, &r, &err);
		} else {
			/* this month so far, from its first day in the site's zone */
			struct tm tm;
			localtime_r(&now, &tm);
			tm.tm_mday = 1;
			tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
			tm.tm_isdst = -1;
			st = inspect_report_period(ctx, mktime(&tm), now + 1, now, &r, &err);
		}
		if (st != OD_OK)
			tui_status(app, true, "%s", err.msg);
		else
			tui_report_preview(app, r);
		return TUI_HANDLED;
	}
	if (own == A_INSPECT_SERIES) {
		if (!have)
			return TUI_HANDLED;
		series_clear(s);
		const inspect_due_row *sel = &s->v[row];
		for (size_t i = 0; i < s->list.nshown; i++) {
			const inspect_due_row *d = &s->v[s->list.shown[i]];
			if (strcmp(d->template_id, sel->template_id) != 0 ||
			    strcmp(d->location, sel->location) != 0)
				continue;
			s->series = xrealloc(s->series, (s->nseries + 1) * sizeof *s->series);
			s->series[s->nseries++] = xasprintf("%s\t%s", d->template_id, d->tag);
		}
		s->advance = true;
		series_step(s, app);
		return TUI_HANDLED;
	}
	if (own == A_INSPECT_LOCATION) {
		char *loc = have && !s->location ? xstrdup(s->v[row].location) : NULL;
		free(s->location);
		s->location = loc && *loc ? loc : NULL;
		if (loc && !*loc)
			free(loc);
		return TUI_RELOAD;
	}
	tui_action_id a = tui_action_for("list", k);
	switch (a) {
	case A_OPEN:
	case A_NEW:
		if (have)
			open_run(app, s->v[row].template_id, s->v[row].tag, NULL);
		return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	default: return tui_list_key(&s->list, k);
	}
}

static void inspections_resume(void *self, tui_app *app, const char *form_id)
{
	(void)self;
	const char *prefix = "inspect.run:";
	if (strncmp(form_id, prefix, strlen(prefix)) != 0)
		return;
	const char *rest = form_id + strlen(prefix), *colon = strchr(rest, ':');
	if (!colon)
		return;
	char *template_id = xstrndup(rest, (size_t)(colon - rest));
	open_run(app, template_id, colon + 1, NULL);
	free(template_id);
}

const tui_screen_ops screen_inspections = {
    .title = N_("Inspections"),
    .number = 5,
    .context = "inspect",
    .open = inspections_open,
    .close = inspections_close,
    .reload = inspections_reload,
    .draw = inspections_draw,
    .key = inspections_key,
    .resume = inspections_resume,
};
