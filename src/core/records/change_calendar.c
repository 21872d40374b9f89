/* The change calendar: changes by window, and the conflicts of one
 * change's window with the others, the freeze periods and maintenance
 * windows of the rules, and its implementer's roster and leave.
 *
 * The calendar walks change_by_window from the first day minus the
 * longest window a change may have (changes.max_window), so a month costs
 * the changes near it, not the table. Days are the site's (roster_day_of);
 * a window's days are at most max_window long, so walking them is cheap. */
#include "opsdesk/change.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/civil.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/roster.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static const char *policy(const rules *r, const char *kind)
{
	const rules_conflicts *k = &r->changes.conflicts;
	const rules_ref *ref = strcmp(kind, "same_ci") == 0	 ? &k->same_ci
			       : strcmp(kind, "freeze") == 0	 ? &k->freeze
			       : strcmp(kind, "off_duty") == 0 ? &k->off_duty
							       : &k->outside_window;
	return ref->id ? ref->id : "block";
}

typedef struct found {
	change_conflict *v;
	size_t n, cap;
	const rules *r;
} found;

static void add(found *f, const char *kind, const char *other, char *reason)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->v = xrealloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->n++] = (change_conflict){kind, strcmp(policy(f->r, kind), "block") == 0, reason,
					 xstrdup(other ? other : "")};
}

void change_conflicts_free(change_conflict *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].reason);
		free(v[i].other);
	}
	free(v);
}

static time_t value_time(const record *rec, const char *field)
{
	time_t t = 0;
	const char *v = record_value(rec, field);
	if (v[0] && clock_parse(v, &t, NULL) != OD_OK)
		t = 0;
	return t;
}

/* A change that takes part in the calendar: open, past its first state,
 * and not sent back by a rejection. */
static bool counts(const rules *r, const record *rec)
{
	const rules_workflow *w = &r->workflows.change;
	if (!rec->open || (w->initial.id && strcmp(rec->state, w->initial.id) == 0))
		return false;
	const rules_transition *rej = NULL;
	for (size_t i = 0; r->changes.approval.rejected.id && i < w->transitions.n; i++)
		if (strcmp(w->transitions.v[i].id, r->changes.approval.rejected.id) == 0)
			rej = &w->transitions.v[i];
	return !rej || strcmp(rec->state, rej->to.id) != 0;
}

static od_status read_changes(od_db *db, sqlite3_stmt *st, record **out, size_t *n,
			      od_error *err);

od_status change_calendar(od_db *db, const rules *r, time_t from, time_t to, bool include_final,
			  int limit, record **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id FROM change WHERE window_start >= ?1 AND window_start < ?2"
				   " AND window_end > ?3 AND (?4 OR open = 1)"
				   " ORDER BY window_start, id LIMIT ?5",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)from - (int64_t)r->changes.max_window * 60);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	sqlite3_bind_int64(st, 3, (int64_t)from);
	sqlite3_bind_int(st, 4, include_final);
	sqlite3_bind_int(st, 5, limit > 0 ? limit : -1);
	return read_changes(db, st, out, n, err);
}

/* The ids the statement gives, each read as a change. */
static od_status read_changes(od_db *db, sqlite3_stmt *st, record **out, size_t *n,
			      od_error *err)
{
	int64_t *ids;
	size_t nids;
	if (db_step_ids(db, st, &ids, &nids, err) != OD_OK)
		return OD_DB;
	record *v = xcalloc(nids ? nids : 1, sizeof *v);
	od_status s = OD_OK;
	size_t got = 0;
	for (; got < nids && s == OD_OK; got++)
		s = record_get(db, &change_kind, ids[got], &v[got], err);
	free(ids);
	if (s != OD_OK) {
		record_list_free(v, got - 1);
		return s;
	}
	*out = v;
	*n = nids;
	return OD_OK;
}

int64_t change_calendar_count(od_db *db, const rules *r, time_t from, time_t to)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT count(*) FROM change WHERE window_start >= ?1"
				   " AND window_start < ?2 AND window_end > ?3",
				   NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, (int64_t)from - (int64_t)r->changes.max_window * 60);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	sqlite3_bind_int64(st, 3, (int64_t)from);
	int64_t count = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return count;
}

od_status change_starting(od_db *db, time_t from, time_t to, int limit, record **out, size_t *n,
			  od_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id FROM change INDEXED BY change_by_window"
				   " WHERE window_start >= ?1 AND window_start < ?2"
				   " AND open = 1 ORDER BY window_start, id LIMIT ?3",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	return read_changes(db, st, out, n, err);
}

od_status change_each_in(od_db *db, const rules *r, time_t from, time_t to,
			 od_status (*fn)(const record *rec, void *arg), void *arg, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id FROM change WHERE window_start >= ?1 AND window_start < ?2"
				   " AND window_end > ?3 ORDER BY window_start, id",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)from - (int64_t)r->changes.max_window * 60);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	sqlite3_bind_int64(st, 3, (int64_t)from);
	/* the ids first: fn may read other tables through the same statements */
	int64_t *ids;
	size_t nids;
	od_status s = db_step_ids(db, st, &ids, &nids, err);
	for (size_t i = 0; i < nids && s == OD_OK; i++) {
		record rec = {0};
		if ((s = record_get(db, &change_kind, ids[i], &rec, err)) != OD_OK)
			break;
		s = fn(&rec, arg);
		record_clear(&rec);
	}
	free(ids);
	return s;
}

static bool share_ci(char **a, size_t na, char **b, size_t nb, const char **which)
{
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (strcmp(a[i], b[j]) == 0) {
				*which = a[i];
				return true;
			}
	return false;
}

static od_status same_ci(const od_ctx *ctx, const record *rec, time_t start, time_t end, found *f,
			 od_error *err)
{
	char **mine;
	size_t nmine;
	od_status s = record_cis(ctx->db, rec, "cis", &mine, &nmine, err);
	if (s != OD_OK || !nmine) {
		if (s == OD_OK)
			record_strings_free(mine, nmine);
		return s;
	}
	record *v;
	size_t n;
	if ((s = change_calendar(ctx->db, ctx->rules, start, end, false, 0, &v, &n, err)) != OD_OK) {
		record_strings_free(mine, nmine);
		return s;
	}
	for (size_t i = 0; i < n && s == OD_OK; i++) {
		if (v[i].id == rec->id || !counts(ctx->rules, &v[i]))
			continue;
		char **theirs;
		size_t ntheirs;
		if ((s = record_cis(ctx->db, &v[i], "cis", &theirs, &ntheirs, err)) != OD_OK)
			break;
		const char *tag;
		if (share_ci(mine, nmine, theirs, ntheirs, &tag)) {
			char ref[32];
			record_ref(&change_kind, v[i].id, ref, sizeof ref);
			add(f, "same_ci", ref,
			    xasprintf(_("%s (%s) works on %s from %s to %s"), ref,
				      record_value(&v[i], "title"), tag, record_value(&v[i], "start"),
				      record_value(&v[i], "end")));
		}
		record_strings_free(theirs, ntheirs);
	}
	record_list_free(v, n);
	record_strings_free(mine, nmine);
	return s;
}

static bool exempt(const rules_freeze *z, const char *type)
{
	for (size_t i = 0; i < z->exempt.n; i++)
		if (strcmp(z->exempt.v[i].id, type) == 0)
			return true;
	return false;
}

/* Whether day falls in the freeze. */
static bool frozen(const rules_freeze *z, const char *day)
{
	if (z->month_end) {
		int y = 0, m = 0, d = 0;
		sscanf(day, "%d-%d-%d", &y, &m, &d);
		return d > civil_month_days(y, m) - z->month_end;
	}
	return z->from.id && z->to.id && strcmp(day, z->from.id) >= 0 && strcmp(day, z->to.id) <= 0;
}

static void freezes(const od_ctx *ctx, const record *rec, const char *first, const char *last,
		    found *f)
{
	const rules_changes *c = &ctx->rules->changes;
	const char *type = record_value(rec, "type");
	for (size_t i = 0; i < c->freezes.n; i++) {
		const rules_freeze *z = &c->freezes.v[i];
		if (exempt(z, type))
			continue;
		char day[ROSTER_DAY_LEN];
		snprintf(day, sizeof day, "%s", first);
		for (int guard = 0; strcmp(day, last) <= 0 && guard < 400; guard++) {
			if (frozen(z, day)) {
				add(f, "freeze", NULL,
				    xasprintf(_("%s is in the freeze %s (%s)"), day, z->id, z->name));
				break;
			}
			char next[ROSTER_DAY_LEN];
			roster_day_add(next, day, 1);
			memcpy(day, next, sizeof day);
		}
	}
}

static void implementer(const od_ctx *ctx, const record *rec, time_t start, const char *first,
			const char *last, found *f)
{
	const char *login = record_value(rec, "implementer");
	if (!login[0])
		return;
	char day[ROSTER_DAY_LEN];
	snprintf(day, sizeof day, "%s", first);
	for (int guard = 0; strcmp(day, last) <= 0 && guard < 400; guard++) {
		if (leave_on(ctx->db, login, day)) {
			add(f, "off_duty", NULL,
			    xasprintf(_("the implementer %s is on leave on %s"), login, day));
			return;
		}
		char next[ROSTER_DAY_LEN];
		roster_day_add(next, day, 1);
		memcpy(day, next, sizeof day);
	}
	if (!roster_available(ctx->db, ctx->rules, login, start)) {
		char t[32];
		add(f, "off_duty", NULL,
		    xasprintf(_("the implementer %s is not on duty or on call at %s"), login,
			      clock_format(start, t, sizeof t)));
	}
}

/* Whether [start, end) lies inside one opening of window w: an opening
 * belongs to the day it starts, so the day before start is looked at too. */
static bool inside(const rules_window *w, time_t start, time_t end)
{
	char day[ROSTER_DAY_LEN], before[ROSTER_DAY_LEN];
	roster_day_of(start, day);
	roster_day_add(before, day, -1);
	const char *days[] = {before, day};
	rules_shift as_shift = {.time = w->hours};
	for (int k = 0; k < 2; k++) {
		if (!(w->days & (1u << roster_day_weekday(days[k]))))
			continue;
		shift_slot slot = roster_slot(&as_shift, days[k]);
		if (slot.start <= start && end <= slot.end)
			return true;
	}
	return false;
}

static void windows(const od_ctx *ctx, const record *rec, time_t start, time_t end, found *f)
{
	const rules_change_type *type = rules_change_type_find(ctx->rules, record_value(rec, "type"));
	if (!type || !type->windows.n)
		return;
	strbuf names = {0};
	for (size_t i = 0; i < type->windows.n; i++) {
		const rules_window *w = NULL;
		for (size_t j = 0; j < ctx->rules->changes.windows.n && !w; j++)
			if (strcmp(ctx->rules->changes.windows.v[j].id, type->windows.v[i].id) == 0)
				w = &ctx->rules->changes.windows.v[j];
		if (w && inside(w, start, end)) {
			sb_free(&names);
			return;
		}
		if (w)
			sb_addf(&names, "%s%s (%s)", names.buf ? ", " : "", w->id, w->name);
	}
	add(f, "outside_window", NULL,
	    xasprintf(_("the window %s to %s is outside the maintenance windows of type %s: %s"),
		      record_value(rec, "start"), record_value(rec, "end"), type->id,
		      names.buf ? names.buf : ""));
	sb_free(&names);
}

od_status change_conflicts(const od_ctx *ctx, const record *rec, change_conflict **out, size_t *n,
			   od_error *err)
{
	found f = {.r = ctx->rules};
	*out = NULL;
	*n = 0;
	time_t start = value_time(rec, "start"), end = value_time(rec, "end");
	if (!start || !end || end <= start)
		return OD_OK; /* validate refuses such a window before it is stored */
	char first[ROSTER_DAY_LEN], last[ROSTER_DAY_LEN];
	roster_day_of(start, first);
	roster_day_of(end - 1, last);
	od_status s = same_ci(ctx, rec, start, end, &f, err);
	if (s != OD_OK) {
		change_conflicts_free(f.v, f.n);
		return s;
	}
	freezes(ctx, rec, first, last, &f);
	implementer(ctx, rec, start, first, last, &f);
	windows(ctx, rec, start, end, &f);
	*out = f.v;
	*n = f.n;
	return OD_OK;
}
