/* The roster table and leave: reading cells, setting them, filling them
 * from a rotation, and checking coverage against the rules. */
#include "opsdesk/roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/clock.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

static int shift_rank(const rules *r, const char *id)
{
	const rules_shift *s = rules_shift_find(r, id);
	return s ? (int)(s - r->shifts.v) : (int)r->shifts.n;
}

static void entry_read(sqlite3_stmt *st, void *item)
{
	roster_entry *e = item;
	snprintf(e->day, sizeof e->day, "%s", db_text(st, 0));
	e->shift = xstrdup(db_text(st, 1));
	e->login = xstrdup(db_text(st, 2));
}

static void entry_clear(void *item)
{
	roster_entry *e = item;
	free(e->shift);
	free(e->login);
}

void roster_entries_free(roster_entry *v, size_t n)
{
	db_items_free(v, n, sizeof *v, entry_clear);
}

static int entry_cmp(const void *a, const void *b)
{
	const roster_entry *x = a, *y = b;
	int c = strcmp(x->day, y->day);
	if (!c)
		c = x->rank - y->rank;
	return c ? c : strcmp(x->login, y->login);
}

od_status roster_range(od_db *db, const rules *r, const char *first, const char *last,
		       roster_entry **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT day, shift, login FROM roster WHERE day BETWEEN ?1 AND ?2"
				   " ORDER BY day, login",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, last, -1, SQLITE_STATIC);
	od_status s = db_collect(db, st, sizeof **out, entry_read, entry_clear, (void **)out, n,
				 "reading the roster", err);
	if (s != OD_OK)
		return s;
	for (size_t i = 0; i < *n; i++)
		(*out)[i].rank = shift_rank(r, (*out)[i].shift);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, entry_cmp);
	return OD_OK;
}

static void login_read(sqlite3_stmt *st, void *item)
{
	*(char **)item = xstrdup(db_text(st, 0));
}

static void login_clear(void *item)
{
	free(*(char **)item);
}

void roster_logins_free(char **v, size_t n)
{
	db_items_free(v, n, sizeof *v, login_clear);
}

od_status roster_slot_people(od_db *db, const shift_slot *slot, char ***out, size_t *n,
			     od_error *err)
{
	sqlite3_stmt *st = db_stmt(
		db, "SELECT login FROM roster WHERE day = ?1 AND shift = ?2 ORDER BY login", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, slot->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, slot->shift->id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, login_read, login_clear, (void **)out, n,
			  "reading a shift's people", err);
}

bool roster_has(od_db *db, const char *day, const char *shift, const char *login)
{
	od_error err = {0};
	sqlite3_stmt *st = db_stmt(
		db, "SELECT 1 FROM roster WHERE day = ?1 AND shift = ?2 AND login = ?3", &err);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, shift, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, login, -1, SQLITE_STATIC);
	bool has = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return has;
}

/* The codes of a person's day in rules order, comma-joined. */
static char *cell_codes(od_db *db, const rules *r, const char *day, const char *login,
			char **set_by)
{
	od_error err = {0};
	sqlite3_stmt *st = db_stmt(
		db, "SELECT shift, set_by FROM roster WHERE day = ?1 AND login = ?2 ORDER BY set_at DESC",
		&err);
	strbuf codes = {0};
	sb_add(&codes, "");
	if (!st)
		return sb_take(&codes);
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	bool present[64] = {false};
	while (sqlite3_step(st) == SQLITE_ROW) {
		int rank = shift_rank(r, db_text(st, 0));
		if (rank < 64)
			present[rank] = true;
		if (set_by && !*set_by)
			*set_by = xstrdup(db_text(st, 1));
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < r->shifts.n && i < 64; i++)
		if (present[i])
			sb_addf(&codes, "%s%s", codes.len ? "," : "", r->shifts.v[i].id);
	return sb_take(&codes);
}

char *roster_cell(od_db *db, const rules *r, const char *day, const char *login)
{
	return cell_codes(db, r, day, login, NULL);
}

bool leave_on(od_db *db, const char *login, const char *day)
{
	od_error err = {0};
	sqlite3_stmt *st = db_stmt(
		db, "SELECT 1 FROM leave WHERE login = ?1 AND first_day <= ?2 AND last_day >= ?2", &err);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	bool on = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return on;
}

/* An active member of staff who can be rostered on day. */
static od_status check_rosterable(const od_ctx *ctx, const char *login, const char *day,
				  od_error *err)
{
	staff_member m = {0};
	od_status s = staff_get(ctx->db, login, &m, err);
	if (s == OD_NOT_FOUND)
		return od_fail(err, OD_NOT_FOUND, _("person: no staff member '%s'"), login);
	if (s != OD_OK)
		return s;
	if (!m.active)
		s = od_fail(err, OD_INVALID, _("person: %s (%s) is deactivated and cannot be rostered"),
			    m.name, login);
	else if (leave_on(ctx->db, login, day))
		s = od_fail(err, OD_INVALID,
			    _("person: %s (%s) is on leave on %s (see 'opsdesk leave list')"), m.name,
			    login, day);
	staff_member_clear(&m);
	return s;
}

static od_status insert_cell(const od_ctx *ctx, const char *day, const char *shift,
			     const char *login, od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT OR IGNORE INTO roster(day, shift, login, set_by, set_at)"
				   " VALUES (?1, ?2, ?3, ?4, ?5)",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, shift, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)clock_now());
	return db_step_done(ctx->db, st, err);
}

static od_status delete_day(const od_ctx *ctx, const char *day, const char *login, od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db, "DELETE FROM roster WHERE day = ?1 AND login = ?2", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	return db_step_done(ctx->db, st, err);
}

/* Journals one person-day change: "roster:DAY". */
static od_status journal_cell(const od_ctx *ctx, const char *op, const char *day,
			      const char *login, const char *before, const char *after,
			      const char *reason, od_error *err)
{
	char ref[32];
	snprintf(ref, sizeof ref, "roster:%s", day);
	bool why = reason && *reason;
	const journal_line line = {why ? "roster.cell.reason" : "roster.cell",
				   {login, before, after, reason}, NULL};
	strbuf detail = {0};
	sb_add(&detail, "{\"day\":");
	sb_add_json(&detail, day);
	sb_add(&detail, ",\"login\":");
	sb_add_json(&detail, login);
	sb_add(&detail, ",\"from\":");
	sb_add_json(&detail, before);
	sb_add(&detail, ",\"to\":");
	sb_add_json(&detail, after);
	sb_add(&detail, ",\"reason\":");
	sb_add_json(&detail, reason ? reason : "");
	sb_add(&detail, "}");
	od_status s = journal_line_op(ctx, op, ref, "roster", &line, NULL, NULL, NULL, detail.buf,
				      err);
	sb_free(&detail);
	return s;
}

static od_status check_reason(const char *reason, od_error *err)
{
	if (reason && text_check("reason", reason, ROSTER_REASON_MAX, false, false, err) != OD_OK)
		return OD_INVALID;
	return OD_OK;
}

/* Sets one person-day inside a transaction; permission already checked. */
static od_status set_cell(const od_ctx *ctx, const char *op, const char *day, const char *login,
			  const char *const *codes, size_t ncodes, const char *expected,
			  const char *reason, od_error *err)
{
	char *set_by = NULL;
	char *before = cell_codes(ctx->db, ctx->rules, day, login, &set_by);
	od_status s = OD_OK;
	if (expected && strcmp(expected, before) != 0) {
		s = od_fail(err, OD_CONFLICT,
			    _("roster %s %s was changed by %s meanwhile (now: %s, you saw: %s), so your change was not applied"),
			    day, login, set_by ? set_by : "?", *before ? before : "-",
			    *expected ? expected : "-");
		goto done;
	}
	if (ncodes && (s = check_rosterable(ctx, login, day, err)) != OD_OK)
		goto done;
	if ((s = delete_day(ctx, day, login, err)) != OD_OK)
		goto done;
	for (size_t i = 0; i < ncodes && s == OD_OK; i++)
		s = insert_cell(ctx, day, codes[i], login, err);
	if (s != OD_OK)
		goto done;
	char *after = cell_codes(ctx->db, ctx->rules, day, login, NULL);
	if (strcmp(before, after) != 0)
		s = journal_cell(ctx, op, day, login, before, after, reason, err);
	free(after);
done:
	free(before);
	free(set_by);
	return s;
}

static od_status check_codes(const rules *r, const char *const *codes, size_t n, od_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (rules_shift_find(r, codes[i]))
			continue;
		char *known = rules_shift_ids(r);
		od_fail(err, OD_INVALID, _("shift: '%s' is not a shift of the rules (known: %s)"),
			codes[i], known);
		free(known);
		return OD_INVALID;
	}
	return OD_OK;
}

od_status roster_set(const od_ctx *ctx, const char *day, const char *login,
		     const char *const *codes, size_t ncodes, const char *expected,
		     const char *reason, od_error *err)
{
	od_status s;
	if ((s = roster_day_valid(day, "day", err)) != OD_OK ||
	    (s = check_codes(ctx->rules, codes, ncodes, err)) != OD_OK ||
	    (s = check_reason(reason, err)) != OD_OK ||
	    (s = access_require(ctx, "roster.manage", err)) != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	s = set_cell(ctx, "roster.set", day, login, codes, ncodes, expected, reason, err);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

static od_status delete_slot_person(const od_ctx *ctx, const char *day, const char *code,
				    const char *login, od_error *err)
{
	sqlite3_stmt *st = db_stmt(
		ctx->db, "DELETE FROM roster WHERE day = ?1 AND shift = ?2 AND login = ?3", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, login, -1, SQLITE_STATIC);
	return db_step_done(ctx->db, st, err);
}

/* Adds (add) or removes code from login's day, journalled. */
static od_status change_slot_person(const od_ctx *ctx, const char *op, const char *day,
				    const char *code, const char *login, bool add,
				    const char *reason, od_error *err)
{
	char *before = cell_codes(ctx->db, ctx->rules, day, login, NULL);
	od_status s = add ? check_rosterable(ctx, login, day, err) : OD_OK;
	if (s == OD_OK)
		s = add ? insert_cell(ctx, day, code, login, err)
			: delete_slot_person(ctx, day, code, login, err);
	char *after = cell_codes(ctx->db, ctx->rules, day, login, NULL);
	if (s == OD_OK && strcmp(before, after) != 0)
		s = journal_cell(ctx, op, day, login, before, after, reason, err);
	free(before);
	free(after);
	return s;
}

od_status roster_put_slot(const od_ctx *ctx, const char *op, const char *day, const char *code,
			  const char *const *logins, size_t n, const char *reason, od_error *err)
{
	od_status s;
	if ((s = roster_day_valid(day, "day", err)) != OD_OK ||
	    (s = check_codes(ctx->rules, &code, 1, err)) != OD_OK)
		return s;
	const rules_shift *sh = rules_shift_find(ctx->rules, code);
	shift_slot slot = roster_slot(sh, day);
	char **now;
	size_t nnow;
	if ((s = roster_slot_people(ctx->db, &slot, &now, &nnow, err)) != OD_OK)
		return s;
	for (size_t i = 0; i < nnow && s == OD_OK; i++) {
		bool keep = false;
		for (size_t k = 0; k < n && !keep; k++)
			keep = strcmp(now[i], logins[k]) == 0;
		if (!keep)
			s = change_slot_person(ctx, op, day, code, now[i], false, reason, err);
	}
	for (size_t k = 0; k < n && s == OD_OK; k++)
		if (!roster_has(ctx->db, day, code, logins[k]))
			s = change_slot_person(ctx, op, day, code, logins[k], true, reason, err);
	roster_logins_free(now, nnow);
	return s;
}

od_status roster_move(const od_ctx *ctx, const char *op, const char *day, const char *code,
		      const char *from, const char *to, const char *reason, od_error *err)
{
	if (!roster_has(ctx->db, day, code, from))
		return od_fail(err, OD_CONFLICT, _("%s is no longer on shift %s of %s"), from, code, day);
	if (roster_has(ctx->db, day, code, to))
		return od_fail(err, OD_CONFLICT, _("%s is already on shift %s of %s"), to, code, day);
	od_status s = change_slot_person(ctx, op, day, code, from, false, reason, err);
	if (s == OD_OK)
		s = change_slot_person(ctx, op, day, code, to, true, reason, err);
	return s;
}

/* --- filling from a rotation ------------------------------------------- */

od_status roster_fill(const od_ctx *ctx, const char *rotation, const char *first, int days,
		      const char *const *logins, size_t nlogins, roster_entry **skipped,
		      size_t *nskipped, od_error *err)
{
	*skipped = NULL;
	*nskipped = 0;
	const rules_rotation *ro = rules_rotation_find(ctx->rules, rotation);
	if (!ro) {
		strbuf known = {0};
		for (size_t i = 0; i < ctx->rules->roster.rotations.n; i++)
			sb_addf(&known, "%s%s", i ? ", " : "", ctx->rules->roster.rotations.v[i].id);
		od_fail(err, OD_INVALID, _("rotation: '%s' is not a rotation of the rules (known: %s)"),
			rotation, known.buf ? known.buf : "none");
		sb_free(&known);
		return OD_INVALID;
	}
	od_status s;
	if ((s = roster_day_valid(first, "from", err)) != OD_OK)
		return s;
	if (days < 1 || days > 366)
		return od_fail(err, OD_INVALID, _("days: %d is not between 1 and 366"), days);
	if (nlogins == 0)
		return od_fail(err, OD_INVALID, _("people: give at least one person"));
	if ((s = access_require(ctx, "roster.manage", err)) != OD_OK)
		return s;
	for (size_t k = 0; k < nlogins; k++) {
		for (size_t j = 0; j < k; j++)
			if (strcmp(logins[j], logins[k]) == 0)
				return od_fail(err, OD_INVALID, _("people: '%s' is given twice"), logins[k]);
		if ((s = staff_require_active(ctx->db, "people", logins[k], err)) != OD_OK)
			return s;
	}
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	size_t cap = 0;
	char reason[128];
	snprintf(reason, sizeof reason, "rotation %s", ro->id);
	for (int d = 0; d < days && s == OD_OK; d++) {
		char day[ROSTER_DAY_LEN];
		roster_day_add(day, first, d);
		for (size_t k = 0; k < nlogins && s == OD_OK; k++) {
			size_t at = ((size_t)d + k * (size_t)ro->stagger) % ro->pattern.n;
			const char *code = ro->pattern.v[at].id;
			bool off = strcmp(code, "-") == 0;
			if (!off && leave_on(ctx->db, logins[k], day)) {
				if (*nskipped == cap) {
					cap = cap ? cap * 2 : 8;
					*skipped = xrealloc(*skipped, cap * sizeof **skipped);
				}
				roster_entry *sk = &(*skipped)[(*nskipped)++];
				snprintf(sk->day, sizeof sk->day, "%s", day);
				sk->shift = xstrdup(code);
				sk->login = xstrdup(logins[k]);
				off = true;
			}
			s = set_cell(ctx, "roster.fill", day, logins[k], off ? NULL : &code, !off,
				     NULL, reason, err);
		}
	}
	od_status e = db_end(ctx->db, s == OD_OK, err);
	if (s == OD_OK && e != OD_OK)
		s = e;
	if (s != OD_OK) {
		roster_entries_free(*skipped, *nskipped);
		*skipped = NULL;
		*nskipped = 0;
	}
	return s;
}

/* --- coverage ------------------------------------------------------------ */

static void gap_clear(void *item)
{
	roster_gap *g = item;
	for (size_t i = 0; i < g->nmissing; i++)
		free(g->missing_roles[i]);
	free(g->missing_roles);
	for (size_t i = 0; i < g->nabsent; i++)
		free(g->absent[i]);
	free(g->absent);
}

void roster_gaps_free(roster_gap *v, size_t n)
{
	db_items_free(v, n, sizeof *v, gap_clear);
}

static const staff_member *find_member(const staff_member *v, size_t n, const char *login)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].login, login) == 0)
			return &v[i];
	return NULL;
}

static void push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

od_status roster_check(od_db *db, const rules *r, const char *first, const char *last,
		       roster_gap **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	od_status s;
	if ((s = roster_day_valid(first, "from", err)) != OD_OK ||
	    (s = roster_day_valid(last, "to", err)) != OD_OK)
		return s;
	if (strcmp(first, last) > 0)
		return od_fail(err, OD_INVALID, _("to: %s is before from: %s"), last, first);
	roster_entry *entries;
	size_t nentries;
	if ((s = roster_range(db, r, first, last, &entries, &nentries, err)) != OD_OK)
		return s;
	staff_member *staff;
	size_t nstaff;
	if ((s = staff_list(db, true, &staff, &nstaff, err)) != OD_OK) {
		roster_entries_free(entries, nentries);
		return s;
	}
	size_t cap = 0, e = 0;
	int days = roster_day_diff(first, last) + 1;
	for (int d = 0; d < days; d++) {
		char day[ROSTER_DAY_LEN];
		roster_day_add(day, first, d);
		while (e < nentries && strcmp(entries[e].day, day) < 0)
			e++;
		for (size_t i = 0; i < r->shifts.n; i++) {
			const rules_shift *sh = &r->shifts.v[i];
			roster_gap g = {.slot = roster_slot(sh, day), .required = sh->min_people};
			bool *held = xcalloc(sh->roles.n + 1, sizeof *held);
			for (size_t k = e; k < nentries && strcmp(entries[k].day, day) == 0; k++) {
				if (strcmp(entries[k].shift, sh->id) != 0)
					continue;
				const staff_member *m = find_member(staff, nstaff, entries[k].login);
				if (!m || !m->active || leave_on(db, entries[k].login, day)) {
					push(&g.absent, &g.nabsent, entries[k].login);
					continue;
				}
				g.people++;
				for (size_t j = 0; j < sh->roles.n; j++)
					held[j] |= staff_has_role(m, sh->roles.v[j].id);
			}
			for (size_t j = 0; j < sh->roles.n; j++)
				if (!held[j])
					push(&g.missing_roles, &g.nmissing, sh->roles.v[j].id);
			free(held);
			if (g.people >= g.required && g.nmissing == 0) {
				gap_clear(&g);
				continue;
			}
			if (*n == cap) {
				cap = cap ? cap * 2 : 16;
				*out = xrealloc(*out, cap * sizeof **out);
			}
			(*out)[(*n)++] = g;
		}
	}
	roster_entries_free(entries, nentries);
	staff_list_free(staff, nstaff);
	return OD_OK;
}

void roster_totals_add(const rules *r, const roster_entry *e, roster_totals *t)
{
	const rules_shift *sh = rules_shift_find(r, e->shift);
	t->shifts++;
	if (!sh)
		return;
	t->nights += rules_shift_is_night(sh);
	t->weekend_or_holiday += roster_day_kind_of(r, e->day) != DAY_WORK;
	shift_slot slot = roster_slot(sh, e->day);
	t->minutes += (int)((slot.end - slot.start) / 60);
}

od_status roster_on_duty(od_db *db, const shift_slot *slot, roster_duty *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	char **people;
	size_t n;
	od_status s = roster_slot_people(db, slot, &people, &n, err);
	if (s != OD_OK)
		return s;
	for (size_t i = 0; i < n; i++) {
		staff_member m = {0};
		if (staff_get(db, people[i], &m, NULL) != OD_OK) {
			staff_member_clear(&m);
			m = (staff_member){.login = xstrdup(people[i]), .name = xstrdup(people[i])};
		}
		bool away = !m.active || leave_on(db, people[i], slot->day);
		staff_member **list = away ? &out->absent : &out->present;
		size_t *count = away ? &out->nabsent : &out->npresent;
		*list = xrealloc(*list, (*count + 1) * sizeof **list);
		(*list)[(*count)++] = m;
	}
	roster_logins_free(people, n);
	return OD_OK;
}

void roster_duty_clear(roster_duty *d)
{
	staff_list_free(d->present, d->npresent);
	staff_list_free(d->absent, d->nabsent);
	memset(d, 0, sizeof *d);
}

char *roster_duty_assignee(od_db *db, const rules *r, const char *category, time_t t)
{
	const char *role = NULL;
	for (size_t i = 0; category && i < r->roster.assign.n; i++)
		if (strcmp(r->roster.assign.v[i].category.id, category) == 0)
			role = r->roster.assign.v[i].role.id;
	shift_slot slot;
	roster_duty duty;
	if (!role || !roster_slot_at(r, t, &slot) || roster_on_duty(db, &slot, &duty, NULL) != OD_OK)
		return NULL;
	char *found = NULL;
	for (size_t i = 0; i < duty.npresent && !found; i++)
		if (staff_has_role(&duty.present[i], role))
			found = xstrdup(duty.present[i].login);
	roster_duty_clear(&duty);
	return found;
}

/* --- leave -------------------------------------------------------------- */

static void leave_read(sqlite3_stmt *st, void *item)
{
	leave_entry *l = item;
	l->id = sqlite3_column_int64(st, 0);
	l->login = xstrdup(db_text(st, 1));
	snprintf(l->first, sizeof l->first, "%s", db_text(st, 2));
	snprintf(l->last, sizeof l->last, "%s", db_text(st, 3));
	l->reason = xstrdup(db_text(st, 4));
	l->created = (time_t)sqlite3_column_int64(st, 5);
	l->created_by = xstrdup(db_text(st, 6));
}

static void leave_clear(void *item)
{
	leave_entry *l = item;
	free(l->login);
	free(l->reason);
	free(l->created_by);
}

void leave_entries_free(leave_entry *v, size_t n)
{
	db_items_free(v, n, sizeof *v, leave_clear);
}

od_status leave_list(od_db *db, const char *login, const char *first, const char *last,
		     leave_entry **out, size_t *n, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, login, first_day, last_day, reason, created, created_by"
				   " FROM leave WHERE (?1 IS NULL OR login = ?1)"
				   " AND (?2 IS NULL OR last_day >= ?2) AND (?3 IS NULL OR first_day <= ?3)"
				   " ORDER BY first_day, login, id",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, last, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, leave_read, leave_clear, (void **)out, n,
			  "reading leave", err);
}

od_status leave_add(const od_ctx *ctx, const char *login, const char *first, const char *last,
		    const char *reason, int64_t *id, roster_entry **clashes, size_t *nclashes,
		    od_error *err)
{
	*clashes = NULL;
	*nclashes = 0;
	od_status s;
	if ((s = roster_day_valid(first, "from", err)) != OD_OK ||
	    (s = roster_day_valid(last, "to", err)) != OD_OK)
		return s;
	if (strcmp(first, last) > 0)
		return od_fail(err, OD_INVALID, _("to: %s is before from: %s"), last, first);
	if (!reason || !*reason)
		return od_fail(err, OD_INVALID, _("reason: say why (annual leave, training, sick, ...)"));
	if ((s = check_reason(reason, err)) != OD_OK)
		return s;
	s = strcmp(login, ctx->login) == 0 ? access_require_staff(ctx, err)
					   : access_require(ctx, "roster.manage", err);
	if (s != OD_OK)
		return s;
	if ((s = staff_require_active(ctx->db, "person", login, err)) != OD_OK ||
	    (s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	/* inside the transaction, so two overlapping requests cannot both pass */
	sqlite3_stmt *overlap = db_stmt(ctx->db,
					"SELECT id, first_day, last_day FROM leave"
					" WHERE login = ?1 AND first_day <= ?3 AND last_day >= ?2"
					" ORDER BY first_day LIMIT 1",
					err);
	if (!overlap) {
		s = OD_DB;
		goto done;
	}
	sqlite3_bind_text(overlap, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(overlap, 2, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(overlap, 3, last, -1, SQLITE_STATIC);
	if (sqlite3_step(overlap) == SQLITE_ROW)
		s = od_fail(err, OD_CONFLICT,
			    _("%s already has leave %lld from %s to %s, which overlaps %s to %s: "
			      "nothing was recorded"),
			    login, (long long)sqlite3_column_int64(overlap, 0), db_text(overlap, 1),
			    db_text(overlap, 2), first, last);
	sqlite3_reset(overlap);
	if (s != OD_OK)
		goto done;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO leave(login, first_day, last_day, reason, created, created_by)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				   err);
	if (!st) {
		s = OD_DB;
		goto done;
	}
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, last, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)clock_now());
	sqlite3_bind_text(st, 6, ctx->login, -1, SQLITE_STATIC);
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK)
		goto done;
	*id = db_last_rowid(ctx->db);
	char ref[64];
	staff_record_ref(login, ref, sizeof ref);
	const journal_line line = {"leave.add", {first, last, reason}, NULL};
	strbuf detail = {0};
	sb_addf(&detail, "{\"leave\":%lld,\"login\":", (long long)*id);
	sb_add_json(&detail, login);
	sb_add(&detail, ",\"from\":");
	sb_add_json(&detail, first);
	sb_add(&detail, ",\"to\":");
	sb_add_json(&detail, last);
	sb_add(&detail, ",\"reason\":");
	sb_add_json(&detail, reason);
	sb_add(&detail, "}");
	s = journal_line_op(ctx, "leave.add", ref, "leave", &line, NULL, NULL, NULL, detail.buf, err);
	sb_free(&detail);
done:;
	od_status e = db_end(ctx->db, s == OD_OK, err);
	if (s == OD_OK && e != OD_OK)
		s = e;
	if (s != OD_OK)
		return s;
	/* the cells the leave leaves uncovered */
	roster_entry *all;
	size_t nall;
	if (roster_range(ctx->db, ctx->rules, first, last, &all, &nall, err) != OD_OK)
		return OD_OK;
	for (size_t i = 0; i < nall; i++) {
		if (strcmp(all[i].login, login) != 0)
			continue;
		*clashes = xrealloc(*clashes, (*nclashes + 1) * sizeof **clashes);
		roster_entry *c = &(*clashes)[(*nclashes)++];
		*c = all[i];
		all[i].shift = all[i].login = NULL;
	}
	roster_entries_free(all, nall);
	return OD_OK;
}

static od_status leave_get(od_db *db, int64_t id, leave_entry *out, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, login, first_day, last_day, reason, created, created_by"
				   " FROM leave WHERE id = ?1",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		leave_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("leave %lld: no such leave (see 'opsdesk leave list')"),
			       (long long)id);
	return db_error(db, _("reading leave"), err);
}

od_status leave_cancel(const od_ctx *ctx, int64_t id, const char *reason, od_error *err)
{
	od_status s;
	if (reason && *reason && (s = check_reason(reason, err)) != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	leave_entry l = {0};
	if ((s = leave_get(ctx->db, id, &l, err)) != OD_OK)
		goto done;
	/* the same people who may record it may take it back */
	s = strcmp(l.login, ctx->login) == 0 ? access_require_staff(ctx, err)
					     : access_require(ctx, "roster.manage", err);
	if (s != OD_OK)
		goto done;
	sqlite3_stmt *st = db_stmt(ctx->db, "DELETE FROM leave WHERE id = ?1", err);
	if (!st) {
		s = OD_DB;
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK)
		goto done;
	char ref[64];
	staff_record_ref(l.login, ref, sizeof ref);
	const journal_line line = {reason && *reason ? "leave.cancel.reason" : "leave.cancel",
				   {l.first, l.last, reason}, NULL};
	strbuf detail = {0};
	sb_addf(&detail, "{\"leave\":%lld,\"login\":", (long long)id);
	sb_add_json(&detail, l.login);
	sb_add(&detail, ",\"from\":");
	sb_add_json(&detail, l.first);
	sb_add(&detail, ",\"to\":");
	sb_add_json(&detail, l.last);
	sb_add(&detail, ",\"reason\":");
	sb_add_json(&detail, reason ? reason : "");
	sb_add(&detail, "}");
	s = journal_line_op(ctx, "leave.cancel", ref, "leave", &line, NULL, NULL, NULL, detail.buf,
			    err);
	sb_free(&detail);
done:;
	od_status e = db_end(ctx->db, s == OD_OK, err);
	leave_clear(&l);
	return s != OD_OK ? s : e;
}

/* --- rest between shifts --------------------------------------------------- */

typedef struct worked {
	const char *login;
	shift_slot slot;
} worked;

static int worked_cmp(const void *a, const void *b)
{
	const worked *x = a, *y = b;
	int c = strcmp(x->login, y->login);
	if (c)
		return c;
	return x->slot.start < y->slot.start ? -1 : x->slot.start > y->slot.start;
}

void roster_rests_free(roster_rest *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].login);
	free(v);
}

od_status roster_rest_check(od_db *db, const rules *r, const char *first, const char *last,
			    roster_rest **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	if (r->roster.min_rest <= 0)
		return OD_OK;
	/* the day before counts: its night shift ends on the first day */
	char from[ROSTER_DAY_LEN];
	roster_day_add(from, first, -1);
	roster_entry *e;
	size_t ne;
	od_status s = roster_range(db, r, from, last, &e, &ne, err);
	if (s != OD_OK)
		return s;
	worked *w = xcalloc(ne ? ne : 1, sizeof *w);
	size_t nw = 0;
	for (size_t i = 0; i < ne; i++) {
		const rules_shift *sh = rules_shift_find(r, e[i].shift);
		/* a shift on leave is not worked (roster check reports it short) */
		if (sh && !leave_on(db, e[i].login, e[i].day))
			w[nw++] = (worked){e[i].login, roster_slot(sh, e[i].day)};
	}
	qsort(w, nw, sizeof *w, worked_cmp);
	size_t cap = 0;
	for (size_t i = 1; i < nw; i++) {
		const worked *a = &w[i - 1], *b = &w[i];
		if (strcmp(a->login, b->login) != 0 || strcmp(b->slot.day, first) < 0)
			continue;
		long rest = (long)(b->slot.start - a->slot.end) / 60;
		if (rest >= r->roster.min_rest)
			continue;
		if (*n == cap)
			*out = xrealloc(*out, (cap = cap ? cap * 2 : 8) * sizeof **out);
		(*out)[(*n)++] = (roster_rest){xstrdup(b->login), a->slot, b->slot, (int)rest};
	}
	free(w);
	roster_entries_free(e, ne);
	return OD_OK;
}

bool roster_available(od_db *db, const rules *r, const char *login, time_t t)
{
	if (r->shifts.n == 0)
		return true; /* no roster to be off it */
	shift_slot now, next;
	if (roster_slot_at(r, t, &now) && roster_has(db, now.day, now.shift->id, login) &&
	    !leave_on(db, login, now.day))
		return true;
	return roster_slot_next(r, t, &next) && roster_has(db, next.day, next.shift->id, login) &&
	       !leave_on(db, login, next.day);
}
