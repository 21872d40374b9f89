/* When rounds fall due: the frequency arithmetic in the site's time zone
 * and calendar, and the stored next-due of every template and CI
 * (inspect_due), so that "what is due" is a range walk over one index
 * instead of a computation over every CI and its runs.
 *
 * A round counts for the period it falls in; the next is due at the next
 * occurrence of the frequency after it (every N: N after it). A CI never
 * inspected is due from the start of the period it entered the register
 * in. A round is overdue grace after it is due, or without grace once the
 * next one is due. */
#include "inspect_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/civil.h"
#include "opsdesk/clock.h"
#include "opsdesk/db.h"
#include "opsdesk/i18n.h"
#include "opsdesk/roster.h"

/* How far the search for a working day goes: beyond any holiday. */
enum { SEARCH_DAYS = 400 };

static bool listed(const rules_dates *dates, const char *day)
{
	for (size_t i = 0; i < dates->n; i++)
		if (strcmp(dates->v[i], day) == 0)
			return true;
	return false;
}

static bool working(const rules_calendar *c, int64_t day)
{
	if (!c || c->always)
		return true;
	char text[CIVIL_TEXT_LEN];
	civil_format(day, text);
	if (listed(&c->holidays, text))
		return false;
	if (listed(&c->workdays, text))
		return true;
	return (c->days >> civil_weekday(day)) & 1u;
}

static int64_t day_of(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return civil_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The first working day on or after day (day itself without a calendar);
 * -1 when none is near. */
static int64_t working_from(const rules_calendar *c, int64_t day)
{
	for (int k = 0; k < SEARCH_DAYS; k++)
		if (working(c, day + k))
			return day + k;
	return -1;
}

/* The k-th nominal day of a weekly or monthly frequency counted from the
 * period holding day (k may be negative), before moving off days off. */
static int64_t nominal(const rules_frequency *f, int64_t day, int k)
{
	if (f->kind == FREQ_WEEKLY) {
		int64_t back = (civil_weekday(day) - f->weekday + 7) % 7;
		return day - back + 7 * (int64_t)k;
	}
	int y, m, d;
	civil_date(day, &y, &m, &d);
	int month = (y * 12 + (m - 1)) + k;
	y = month / 12;
	m = month % 12 + 1;
	int md = civil_month_days(y, m);
	return civil_day(y, m, f->monthly < md ? f->monthly : md);
}

/* The occurrence of a daily, weekly or monthly frequency in step k from
 * the one around day. */
static time_t occurrence(const rules_frequency *f, const rules_calendar *c, int64_t day, int k)
{
	int64_t d = f->kind == FREQ_DAILY ? day + k : working_from(c, nominal(f, day, k));
	if (d < 0)
		return 0;
	return roster_local_instant((long)d, f->minute);
}

/* The first occurrence strictly after t; 0 when there is none near. */
static time_t next_after(const rules *r, const rules_inspection *t, time_t at)
{
	const rules_frequency *f = &t->frequency;
	if (f->kind == FREQ_EVERY)
		return at + (time_t)f->every * 60;
	if (f->kind == FREQ_SHIFT) {
		shift_slot s;
		return roster_slot_next(r, at, &s) ? s.start : 0;
	}
	const rules_calendar *c = f->calendar.id ? rules_calendar_find(r, f->calendar.id) : NULL;
	int64_t day = day_of(at);
	int steps = f->kind == FREQ_DAILY ? SEARCH_DAYS : 60;
	for (int k = -1; k < steps; k++) {
		if (f->kind == FREQ_DAILY && !working(c, day + k))
			continue;
		time_t o = occurrence(f, c, day, k);
		if (o > at)
			return o;
	}
	return 0;
}

/* The last occurrence at or before t (the start of the period t is in);
 * t itself when there is none near. */
static time_t at_or_before(const rules *r, const rules_inspection *t, time_t at)
{
	const rules_frequency *f = &t->frequency;
	if (f->kind == FREQ_EVERY)
		return at;
	if (f->kind == FREQ_SHIFT) {
		shift_slot s;
		return roster_slot_at(r, at, &s) ? s.start : at;
	}
	const rules_calendar *c = f->calendar.id ? rules_calendar_find(r, f->calendar.id) : NULL;
	int64_t day = day_of(at);
	int steps = f->kind == FREQ_DAILY ? SEARCH_DAYS : 60;
	for (int k = 1; k > -steps; k--) {
		if (f->kind == FREQ_DAILY && !working(c, day + k))
			continue;
		time_t o = occurrence(f, c, day, k);
		if (o && o <= at)
			return o;
	}
	return at;
}

inspect_due_times inspect_next_due(const rules *r, const rules_inspection *t, time_t last,
				   time_t since)
{
	inspect_due_times d = {0, 0};
	d.due = last ? next_after(r, t, last) : at_or_before(r, t, since);
	if (!d.due)
		return d;
	if (t->frequency.grace > 0)
		d.overdue = d.due + (time_t)t->frequency.grace * 60;
	else
		d.overdue = next_after(r, t, d.due);
	if (!d.overdue) /* no next occurrence near: overdue a day after */
		d.overdue = d.due + 86400;
	return d;
}

/* --- the stored due times --------------------------------------------------- */

static void read_row(sqlite3_stmt *st, void *item)
{
	inspect_due_row *r = item;
	r->template_id = xstrdup(db_text(st, 0));
	r->asset_id = sqlite3_column_int64(st, 1);
	r->tag = xstrdup(db_text(st, 2));
	r->location = xstrdup(db_text(st, 3));
	r->role = xstrdup(db_text(st, 4));
	r->last_done = (time_t)sqlite3_column_int64(st, 5);
	r->last_run = sqlite3_column_int64(st, 6);
	r->due = (time_t)sqlite3_column_int64(st, 7);
	r->overdue = (time_t)sqlite3_column_int64(st, 8);
}

static void clear_row(void *item)
{
	inspect_due_row *r = item;
	free(r->template_id);
	free(r->tag);
	free(r->location);
	free(r->role);
}

void inspect_due_free(inspect_due_row *v, size_t n)
{
	db_items_free(v, n, sizeof *v, clear_row);
}

#define DUE_COLUMNS \
	"SELECT template, asset_id, tag, location, role, last_done, last_run, due, overdue" \
	" FROM inspect_due"

od_status inspect_due_list(od_db *db, const inspect_due_filter *f, inspect_due_row **out,
			   size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	/* each filter walks an index led by what it fixes, in due order */
	const char *sql;
	time_t until = f->until ? f->until : f->now;
	if (f->overdue_only)
		sql = DUE_COLUMNS " INDEXED BY inspect_due_by_overdue"
				  " WHERE overdue <= ?1 AND (?2 IS NULL OR role = ?2)"
				  " AND (?3 IS NULL OR location = ?3)"
				  " AND (?4 = 0 OR (overdue, template, asset_id) > (?5, ?6, ?7))"
				  " ORDER BY overdue, template, asset_id LIMIT ?8";
	else if (f->location)
		sql = DUE_COLUMNS " INDEXED BY inspect_due_by_location"
				  " WHERE location = ?3 AND due <= ?1 AND (?2 IS NULL OR role = ?2)"
				  " AND (?4 = 0 OR (due, template, asset_id) > (?5, ?6, ?7))"
				  " ORDER BY due, template, asset_id LIMIT ?8";
	else if (f->role)
		sql = DUE_COLUMNS " INDEXED BY inspect_due_by_role"
				  " WHERE role = ?2 AND due <= ?1 AND (?3 IS NULL OR location = ?3)"
				  " AND (?4 = 0 OR (due, template, asset_id) > (?5, ?6, ?7))"
				  " ORDER BY due, template, asset_id LIMIT ?8";
	else
		sql = DUE_COLUMNS " INDEXED BY inspect_due_by_due"
				  " WHERE due <= ?1 AND (?2 IS NULL OR role = ?2)"
				  " AND (?3 IS NULL OR location = ?3)"
				  " AND (?4 = 0 OR (due, template, asset_id) > (?5, ?6, ?7))"
				  " ORDER BY due, template, asset_id LIMIT ?8";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)(f->overdue_only ? f->now : until));
	if (f->role)
		sqlite3_bind_text(st, 2, f->role, -1, SQLITE_STATIC);
	if (f->location)
		sqlite3_bind_text(st, 3, f->location, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, f->after);
	sqlite3_bind_int64(st, 5, (int64_t)f->after_due);
	sqlite3_bind_text(st, 6, f->after_template ? f->after_template : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, f->after_asset);
	sqlite3_bind_int(st, 8, f->limit > 0 ? f->limit : -1);
	return db_collect(db, st, sizeof **out, read_row, clear_row, (void **)out, n,
			  "inspect_due", err);
}

int64_t inspect_due_count(od_db *db, time_t now, bool overdue)
{
	sqlite3_stmt *st = db_stmt(db,
				   overdue ? "SELECT count(*) FROM (SELECT 1 FROM inspect_due"
					     " WHERE overdue <= ?1 LIMIT 1000)"
					   : "SELECT count(*) FROM (SELECT 1 FROM inspect_due"
					     " WHERE due <= ?1 LIMIT 1000)",
				   NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, (int64_t)now);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return v;
}

/* The newest run of the template on the asset: (finished, id), 0 if none. */
static void last_run(od_db *db, const char *template_id, int64_t asset_id, time_t *at,
		     int64_t *id)
{
	*at = 0;
	*id = 0;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, created FROM inspection INDEXED BY inspection_by_ci"
				   " WHERE ci = ?1 AND template = ?2 ORDER BY id DESC LIMIT 1",
				   NULL);
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, asset_id);
	sqlite3_bind_text(st, 2, template_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*at = (time_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
}

/* Writes (or rewrites) the row of template t on asset a: keeps when it
 * entered the register and its last round, recomputes due and overdue. */
static od_status store_row(const od_ctx *ctx, const rules_inspection *t, const asset *a,
			   od_error *err)
{
	time_t since = clock_now(), last = 0;
	int64_t run = 0;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT since, last_done, last_run FROM inspect_due"
				   " WHERE template = ?1 AND asset_id = ?2",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->id);
	bool had = sqlite3_step(st) == SQLITE_ROW;
	if (had) {
		since = (time_t)sqlite3_column_int64(st, 0);
		last = (time_t)sqlite3_column_int64(st, 1);
		run = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (!had) {
		last_run(ctx->db, t->id, a->id, &last, &run);
		if (!last && a->created && a->created < since)
			since = a->created;
	}
	inspect_due_times d = inspect_next_due(ctx->rules, t, last, since);
	st = db_stmt(ctx->db,
		     "INSERT INTO inspect_due(template, asset_id, tag, location, role, since,"
		     "  last_done, last_run, due, overdue, stale)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)"
		     " ON CONFLICT(template, asset_id) DO UPDATE SET tag = excluded.tag,"
		     "  location = excluded.location, role = excluded.role, due = excluded.due,"
		     "  overdue = excluded.overdue, stale = 0",
		     err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->id);
	sqlite3_bind_text(st, 3, a->tag, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->location ? a->location : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, t->role.id ? t->role.id : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (int64_t)since);
	sqlite3_bind_int64(st, 7, (int64_t)last);
	sqlite3_bind_int64(st, 8, run);
	/* a frequency with no occurrence near (a calendar without working
	 * days) is never due: the largest time sorts it last */
	sqlite3_bind_int64(st, 9, d.due ? (int64_t)d.due : INT64_MAX);
	sqlite3_bind_int64(st, 10, d.overdue ? (int64_t)d.overdue : INT64_MAX);
	return db_step_done(ctx->db, st, err);
}

static od_status drop_row(const od_ctx *ctx, const char *template_id, int64_t asset_id,
			  od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "DELETE FROM inspect_due WHERE template = ?1 AND asset_id = ?2",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, template_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, asset_id);
	return db_step_done(ctx->db, st, err);
}

static od_status asset_rows(const od_ctx *ctx, const asset *a, od_error *err)
{
	od_status s = OD_OK;
	for (size_t i = 0; i < ctx->rules->inspections.n && s == OD_OK; i++) {
		const rules_inspection *t = &ctx->rules->inspections.v[i];
		s = inspect_applies(t, a) ? store_row(ctx, t, a, err) : drop_row(ctx, t->id, a->id, err);
	}
	return s;
}

od_status inspect_due_asset(const od_ctx *ctx, const char *tag, od_error *err)
{
	asset a = {0};
	od_status s = asset_get(ctx->db, tag, &a, err);
	if (s == OD_OK)
		s = asset_rows(ctx, &a, err);
	asset_clear(&a);
	return s;
}

/* What the stored times depend on, as text: each template's id, applies,
 * frequency and role, and the calendars. */
static char *fingerprint(const rules *r)
{
	strbuf sb = {0};
	for (size_t i = 0; i < r->inspections.n; i++) {
		const rules_inspection *t = &r->inspections.v[i];
		const rules_frequency *f = &t->frequency;
		sb_addf(&sb, "%s|%d/%d/%d/%d/%d/%d/%s|%s|", t->id, f->kind, f->every, f->minute,
			f->weekday, f->monthly, f->grace, f->calendar.id ? f->calendar.id : "",
			t->role.id ? t->role.id : "");
		const rules_refs *lists[] = {&t->applies.classes, &t->applies.cis,
					     &t->applies.locations};
		for (int k = 0; k < 3; k++) {
			for (size_t j = 0; j < lists[k]->n; j++)
				sb_addf(&sb, "%s,", lists[k]->v[j].id);
			sb_add(&sb, ";");
		}
	}
	for (size_t i = 0; i < r->calendars.n; i++) {
		const rules_calendar *c = &r->calendars.v[i];
		sb_addf(&sb, "#%s:%d:%u:", c->id, c->always, c->days);
		for (size_t j = 0; j < c->holidays.n; j++)
			sb_addf(&sb, "%s,", c->holidays.v[j]);
		for (size_t j = 0; j < c->workdays.n; j++)
			sb_addf(&sb, "+%s,", c->workdays.v[j]);
	}
	for (size_t i = 0; i < r->shifts.n; i++)
		sb_addf(&sb, "@%d-%d", r->shifts.v[i].time.start, r->shifts.v[i].time.end);
	sb_add(&sb, "");
	return sb_take(&sb);
}

static bool current(od_db *db, const char *want)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key = 'inspect_rules'", NULL);
	bool same = st && sqlite3_step(st) == SQLITE_ROW && strcmp(db_text(st, 0), want) == 0;
	if (st)
		sqlite3_reset(st);
	return same;
}

/* Every asset, a page at a time in tag order, against every template. */
static od_status rebuild(const od_ctx *ctx, const char *want, od_error *err)
{
	od_status s = db_exec(ctx->db, "UPDATE inspect_due SET stale = 1", err);
	char *after = NULL;
	while (s == OD_OK) {
		asset_filter f = {.after_tag = after, .limit = 500};
		asset *v = NULL;
		size_t n = 0;
		if ((s = asset_list(ctx->db, &f, &v, &n, err)) != OD_OK)
			break;
		for (size_t i = 0; i < n && s == OD_OK; i++)
			s = asset_rows(ctx, &v[i], err);
		free(after);
		after = n ? xstrdup(v[n - 1].tag) : NULL;
		asset_list_free(v, n);
		if (n < 500)
			break;
	}
	free(after);
	if (s == OD_OK)
		s = db_exec(ctx->db, "DELETE FROM inspect_due WHERE stale = 1", err);
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO meta(key, value) VALUES ('inspect_rules', ?1)"
				   " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, want, -1, SQLITE_STATIC);
	return db_step_done(ctx->db, st, err);
}

od_status inspect_due_refresh(const od_ctx *ctx, bool *refreshed, od_error *err)
{
	if (refreshed)
		*refreshed = false;
	char *want = fingerprint(ctx->rules);
	od_status s = OD_OK;
	if (!current(ctx->db, want)) {
		if ((s = db_begin(ctx->db, err)) == OD_OK) {
			s = rebuild(ctx, want, err);
			od_status e = db_end(ctx->db, s == OD_OK, err);
			if (s == OD_OK)
				s = e;
		}
		if (s == OD_OK && refreshed)
			*refreshed = true;
	}
	free(want);
	return s;
}

od_status inspect_due_done(const od_ctx *ctx, const rules_inspection *t, int64_t asset_id,
			   int64_t run, time_t at, od_error *err)
{
	inspect_due_times d = inspect_next_due(ctx->rules, t, at, at);
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "UPDATE inspect_due SET last_done = ?3, last_run = ?4, due = ?5,"
				   "  overdue = ?6 WHERE template = ?1 AND asset_id = ?2",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, asset_id);
	sqlite3_bind_int64(st, 3, (int64_t)at);
	sqlite3_bind_int64(st, 4, run);
	sqlite3_bind_int64(st, 5, d.due ? (int64_t)d.due : INT64_MAX);
	sqlite3_bind_int64(st, 6, d.overdue ? (int64_t)d.overdue : INT64_MAX);
	return db_step_done(ctx->db, st, err);
}
