/* Escalation of SLA clocks. The acting user must be staff: run it from a
 * staff account (cron or a timer), so the journal says who escalated.
 *
 * A row of the escalation table is a claim on one level of one clock: the
 * run that inserts it is the only one that notifies. It says how far the
 * notification got: claimed (the intent, journalled), started (the
 * command is about to run), sent. A run killed before starting the command
 * leaves a claim that a later run takes over once it is older than any
 * live run could be; one killed after starting it leaves "started", which
 * is never run again (it may have gone out) and is journalled as of
 * unknown outcome. A notification that failed gives its row back (with a
 * journal entry), so the next run tries again. */
#include "opsdesk/escalate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/notify.h"
#include "opsdesk/staff.h"
#include "opsdesk/xalloc.h"

enum {
	NOTIFY_TIMEOUT = 30,
	/* a claim this old, not started, was left by a run that died */
	CLAIM_STALE = 2 * NOTIFY_TIMEOUT,
};

static bool reached(const rules_escalation *e, const sla_clock *c)
{
	if (c->stopped || c->paused)
		return false;
	if (strcmp(e->when.id, "breached") == 0)
		return c->standing == SLA_BREACHED;
	return c->standing == SLA_AT_RISK || c->standing == SLA_BREACHED;
}

/* One run: the people to tell are read once, not per escalation. */
typedef struct run {
	const od_ctx *ctx;
	staff_member *staff;
	size_t nstaff;
	bool dry_run;
	void (*on_event)(void *data, bool failed, const char *line);
	void *data;
	escalate_report *report;
} run;

/* The assignee and the active holders of the level's roles. */
static char *recipients(const run *rn, const incident *inc, const rules_escalation *e)
{
	strbuf to = {0};
	if (*inc->assignee)
		sb_add(&to, inc->assignee);
	for (size_t i = 0; i < rn->nstaff; i++) {
		const staff_member *m = &rn->staff[i];
		if (strcmp(m->login, inc->assignee) == 0)
			continue;
		for (size_t k = 0; k < e->notify.n; k++) {
			if (staff_has_role(m, e->notify.v[k].id)) {
				sb_addf(&to, "%s%s", to.len ? "," : "", m->login);
				break;
			}
		}
	}
	return sb_take(&to);
}

/* A statement on one level of one clock of an incident, its keys bound at
 * ?1 (incident), ?2 (clock) and ?3 (level); NULL on error. */
static sqlite3_stmt *level_stmt(const od_ctx *ctx, const char *sql, const incident *inc,
				const char *clock_name, const rules_escalation *e, od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db, sql, err);
	if (st) {
		sqlite3_bind_int64(st, 1, inc->id);
		sqlite3_bind_text(st, 2, clock_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, e->id, -1, SQLITE_STATIC);
	}
	return st;
}

/* The journal entry's data: {"clock":..,"level":..} plus extra members. */
static char *level_detail(const char *clock_name, const rules_escalation *e, const char *extra)
{
	strbuf detail = {0};
	sb_add(&detail, "{\"clock\":");
	sb_add_json(&detail, clock_name);
	sb_add(&detail, ",\"level\":");
	sb_add_json(&detail, e->id);
	sb_addf(&detail, "%s}", extra);
	return sb_take(&detail);
}

/* How far the notification of this level of this clock got: "" when it
 * was never claimed, else the row's state (a claim abandoned by a run that
 * died counts as never claimed). */
static const char *progress(od_db *db, int64_t incident_id, const char *clock_name,
			    const rules_escalation *e, time_t now)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT CASE WHEN state = 'claimed' AND at < ?4 THEN '' ELSE state END"
				   "  FROM escalation WHERE incident_id = ?1 AND clock = ?2 AND level = ?3",
				   NULL);
	if (!st)
		return "";
	sqlite3_bind_int64(st, 1, incident_id);
	sqlite3_bind_text(st, 2, clock_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)(now - CLAIM_STALE));
	static const char *const states[] = {"claimed", "started", "sent", "unknown"};
	const char *found = "";
	if (sqlite3_step(st) == SQLITE_ROW)
		for (size_t k = 0; k < sizeof states / sizeof *states; k++)
			if (strcmp(db_text(st, 0), states[k]) == 0)
				found = states[k];
	sqlite3_reset(st);
	return found;
}

/* When a running clock reaches the level's `when`; 0 when it does not run. */
static time_t level_moment(const rules_escalation *e, const sla_clock *c)
{
	if (c->stopped || c->paused)
		return 0;
	return strcmp(e->when.id, "breached") == 0 ? c->due : c->risk;
}

od_status escalate_next(od_db *db, const rules *r, int64_t incident_id, const sla_result *sla,
			time_t *next, od_error *err)
{
	(void)err;
	*next = 0;
	const sla_clock *clocks[] = {&sla->response, &sla->resolution};
	static const char *const names[] = {"response", "resolution"};
	for (int c = 0; c < 2; c++) {
		for (size_t k = 0; k < r->escalations.n; k++) {
			const rules_escalation *e = &r->escalations.v[k];
			time_t at = level_moment(e, clocks[c]);
			if (!at || (*next && at >= *next))
				continue;
			/* a level still only claimed is pending: the notification
			 * may never start (its run died) */
			const char *done = progress(db, incident_id, names[c], e, clock_now());
			if (*done && strcmp(done, "claimed") != 0)
				continue;
			*next = at;
		}
	}
	return OD_OK;
}

/* Claims and records one escalation; *fresh is false when it was claimed
 * already (notified by an earlier run, or being notified by an overlapping
 * one). */
static od_status claim_and_record(const od_ctx *ctx, const incident *inc, const char *clock_name,
			const rules_escalation *e, const journal_line *text, bool *fresh,
			time_t *claimed_at, od_error *err)
{
	*fresh = false;
	*claimed_at = clock_now();
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = level_stmt(ctx,
				      "INSERT INTO escalation(incident_id, clock, level, at, state)"
				      " VALUES (?1, ?2, ?3, ?4, 'claimed')"
				      " ON CONFLICT(incident_id, clock, level) DO UPDATE SET at = excluded.at"
				      " WHERE state = 'claimed' AND at < ?5",
				      inc, clock_name, e, err);
	if (!st)
		s = OD_DB;
	if (s == OD_OK) {
		sqlite3_bind_int64(st, 4, (int64_t)*claimed_at);
		sqlite3_bind_int64(st, 5, (int64_t)(*claimed_at - CLAIM_STALE));
		s = db_step_done(ctx->db, st, err);
	}
	if (s == OD_OK && db_changes(ctx->db) == 1) {
		*fresh = true;
		char ref[32];
		incident_ref(inc->id, ref, sizeof ref);
		char *detail = level_detail(clock_name, e, "");
		s = journal_line_op(ctx, "incident.escalate", ref, "escalation", text, NULL, NULL,
				    NULL, detail, err);
		free(detail);
	}
	od_status end = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : end;
}

/* Moves a level this run holds on, from state `from` written at *at (to
 * "started" before its command runs, "sent" after), in its own
 * transaction; *at becomes the new moment. *held is false, and nothing
 * changes, when another run took the claim over (or the sweep gave up on
 * it) meanwhile. Once sent, the incident's next level is stored. */
static od_status mark(const od_ctx *ctx, const incident *inc, const char *clock_name,
		      const rules_escalation *e, const char *from, const char *state, time_t *at,
		      bool *held, od_error *err)
{
	*held = false;
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = level_stmt(ctx,
				      "UPDATE escalation SET state = ?4, at = ?5 WHERE incident_id = ?1"
				      " AND clock = ?2 AND level = ?3 AND state = ?6 AND at = ?7",
				      inc, clock_name, e, err);
	if (!st)
		s = OD_DB;
	time_t now = clock_now();
	if (s == OD_OK) {
		sqlite3_bind_text(st, 4, state, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, (int64_t)now);
		sqlite3_bind_text(st, 6, from, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 7, (int64_t)*at);
		s = db_step_done(ctx->db, st, err);
	}
	if (s == OD_OK)
		*held = db_changes(ctx->db) == 1;
	if (s == OD_OK && *held && strcmp(state, "sent") == 0)
		s = incident_sla_store(ctx, inc->id, err);
	od_status end = db_end(ctx->db, s == OD_OK, err);
	if (s == OD_OK && end == OD_OK)
		*at = now;
	else
		*held = false;
	return s != OD_OK ? s : end;
}

/* Gives the claim of a started notification back. */
static od_status delete_claim(const od_ctx *ctx, const incident *inc, const char *clock_name,
			      const rules_escalation *e, od_error *err)
{
	sqlite3_stmt *st = level_stmt(ctx,
				      "DELETE FROM escalation WHERE incident_id = ?1 AND clock = ?2"
				      " AND level = ?3 AND state = 'started'",
				      inc, clock_name, e, err);
	return st ? db_step_done(ctx->db, st, err) : OD_DB;
}

/* The claim given back on its own, as a last resort; errors are not
 * reported (the caller is already reporting one). */
static void give_back(const od_ctx *ctx, const incident *inc, const char *clock_name,
		      const rules_escalation *e)
{
	if (db_begin(ctx->db, NULL) != OD_OK)
		return;
	od_status s = delete_claim(ctx, inc, clock_name, e, NULL);
	db_end(ctx->db, s == OD_OK, NULL);
}

/* A notification that failed: journalled (text), and its claim given back
 * so the next run tries the level again, both in one transaction. */
static od_status note_failure(const od_ctx *ctx, const incident *inc, const char *clock_name,
			      const rules_escalation *e, const journal_line *text, od_error *err)
{
	char ref[32];
	incident_ref(inc->id, ref, sizeof ref);
	char *detail = level_detail(clock_name, e, ",\"notification\":\"failed\"");
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		goto done;
	s = delete_claim(ctx, inc, clock_name, e, err);
	if (s == OD_OK)
		s = journal_line_op(ctx, "incident.escalate", ref, "escalation", text, NULL, NULL,
				    NULL, detail, err);
	if (s == OD_OK)
		s = incident_sla_store(ctx, inc->id, err);
	od_status end = db_end(ctx->db, s == OD_OK, err);
	s = s != OD_OK ? s : end;
done:
	free(detail);
	return s;
}

/* Runs the level's command for a claimed escalation. */
static od_status notify(const run *rn, const incident *inc, const char *clock_name,
			const rules_escalation *e, const char *ref, const char *due,
			const char *to, time_t claimed_at, od_error *err)
{
	const notify_value values[] = {
		{"ref", ref},                {"summary", inc->summary},
		{"priority", inc->priority}, {"state", inc->state},
		{"assignee", inc->assignee}, {"clock", clock_name},
		{"level", e->id},            {"due", due},
		{"to", to},                  {"ci", inc->ci},
	};
	time_t at = claimed_at;
	bool held;
	od_status s = mark(rn->ctx, inc, clock_name, e, "claimed", "started", &at, &held, err);
	if (s != OD_OK || !held)
		return s; /* another run took the claim over: it notifies */
	char **argv = notify_expand(&e->command, values, sizeof values / sizeof *values);
	od_error why;
	if (notify_run(argv, NOTIFY_TIMEOUT, &why) == OD_OK) {
		s = mark(rn->ctx, inc, clock_name, e, "started", "sent", &at, &held, err);
	} else {
		rn->report->failed++;
		const journal_line failed = {"escalate.failed", {e->id, e->id, why.msg}, NULL};
		char *text = journal_line_text(rn->ctx->rules, &failed);
		if (rn->on_event) {
			char *line = xasprintf("%s %s", ref, text);
			rn->on_event(rn->data, true, line);
			free(line);
		}
		s = note_failure(rn->ctx, inc, clock_name, e, &failed, err);
		/* the journal could not be written (busy, disk full): still give
		 * the claim back, or the sweep would take a notification known to
		 * have failed for one of unknown outcome and never retry it */
		if (s != OD_OK)
			give_back(rn->ctx, inc, clock_name, e);
		free(text);
	}
	notify_free(argv);
	return s;
}

static od_status escalate_clock(const run *rn, const incident *inc, const char *clock_name,
				const sla_clock *c, od_error *err)
{
	const od_ctx *ctx = rn->ctx;
	const rules *r = ctx->rules;
	for (size_t k = 0; k < r->escalations.n; k++) {
		const rules_escalation *e = &r->escalations.v[k];
		if (!reached(e, c) || *progress(ctx->db, inc->id, clock_name, e, clock_now()))
			continue;
		char ref[32], due[32];
		incident_ref(inc->id, ref, sizeof ref);
		clock_format(c->due, due, sizeof due);
		char *to = recipients(rn, inc, e);
		const journal_line told = {"escalate.told", {e->id, e->id, clock_name, due, to}, NULL};
		char *text = journal_line_text(ctx->rules, &told);
		bool fresh = rn->dry_run;
		time_t claimed_at = 0;
		od_status s = rn->dry_run ? OD_OK
					  : claim_and_record(ctx, inc, clock_name, e, &told, &fresh, &claimed_at, err);
		if (s == OD_OK && fresh) {
			rn->report->fired++;
			char *line = xasprintf("%s %s", ref, text);
			if (rn->on_event)
				rn->on_event(rn->data, false, line);
			free(line);
			if (!rn->dry_run)
				s = notify(rn, inc, clock_name, e, ref, due, to, claimed_at, err);
		}
		free(text);
		free(to);
		if (s != OD_OK)
			return s;
	}
	return OD_OK;
}

/* The open incidents with a level due by now, a page at a time after the
 * keyset (at, id), in the order they fell due. */
static od_status due_page(const od_ctx *ctx, time_t now, time_t *at, int64_t *id, int64_t *ids,
			  size_t max, size_t *n, od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT id, escalate_at FROM incident WHERE escalate_at <= ?1"
				   " AND (escalate_at, id) > (?2, ?3) ORDER BY escalate_at, id LIMIT ?4",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)now);
	sqlite3_bind_int64(st, 2, (int64_t)*at);
	sqlite3_bind_int64(st, 3, *id);
	sqlite3_bind_int64(st, 4, (int64_t)max);
	*n = 0;
	int rc = SQLITE_DONE;
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids[(*n)++] = *id = sqlite3_column_int64(st, 0);
		*at = (time_t)sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		od_status s = db_error(ctx->db, _("reading the incidents to escalate"), err);
		sqlite3_reset(st);
		return s;
	}
	sqlite3_reset(st);
	return OD_OK;
}

/* One incident: its clocks replayed from the journal (the reference), each
 * level reached and not yet claimed escalated. */
static od_status escalate_incident(run *rn, int64_t id, time_t now, od_error *err)
{
	const od_ctx *ctx = rn->ctx;
	incident inc;
	od_status s = incident_get(ctx->db, id, &inc, err);
	if (s == OD_NOT_FOUND)
		return OD_OK;
	if (s != OD_OK)
		return s;
	rn->report->incidents++;
	sla_result sla;
	int before = rn->report->fired;
	s = incident_sla(ctx->db, ctx->rules, &inc, now, &sla, err);
	if (s == OD_OK)
		s = escalate_clock(rn, &inc, "response", &sla.response, err);
	if (s == OD_OK)
		s = escalate_clock(rn, &inc, "resolution", &sla.resolution, err);
	/* a stored moment that led to nothing (the levels were claimed some
	 * other way) is brought up to date, so the next run skips it */
	if (s == OD_OK && !rn->dry_run && rn->report->fired == before) {
		s = db_begin(ctx->db, err);
		if (s == OD_OK) {
			s = incident_sla_store(ctx, id, err);
			od_status end = db_end(ctx->db, s == OD_OK, err);
			s = s != OD_OK ? s : end;
		}
	}
	incident_clear(&inc);
	return s;
}

/* Levels whose command was started by a run that never recorded how it
 * ended: not run again (it may have gone out), journalled as of unknown
 * outcome, each in its own transaction. */
static od_status sweep_interrupted(const run *rn, od_error *err)
{
	const od_ctx *ctx = rn->ctx;
	for (;;) {
		sqlite3_stmt *st = db_stmt(ctx->db,
					   "SELECT incident_id, clock, level FROM escalation"
					   " WHERE state IN ('claimed', 'started') AND state = 'started'"
					   " AND at < ?1 LIMIT 1",
					   err);
		if (!st)
			return OD_DB;
		sqlite3_bind_int64(st, 1, (int64_t)(clock_now() - CLAIM_STALE));
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			return OD_OK;
		}
		incident inc = {.id = sqlite3_column_int64(st, 0)};
		char *clock_name = xstrdup(db_text(st, 1));
		char *level = xstrdup(db_text(st, 2));
		sqlite3_reset(st);
		rules_escalation gone = {.id = level, .name = level};
		const rules_escalation *e = &gone;
		for (size_t k = 0; k < ctx->rules->escalations.n; k++)
			if (strcmp(ctx->rules->escalations.v[k].id, level) == 0)
				e = &ctx->rules->escalations.v[k];
		char ref[32];
		incident_ref(inc.id, ref, sizeof ref);
		const journal_line unknown = {"escalate.unknown", {e->id, e->id, clock_name}, NULL};
		char *text = journal_line_text(ctx->rules, &unknown);
		char *detail = level_detail(clock_name, e, ",\"notification\":\"unknown\"");
		od_status s = db_begin(ctx->db, err);
		if (s == OD_OK) {
			sqlite3_stmt *up = level_stmt(ctx,
						      "UPDATE escalation SET state = 'unknown'"
						      " WHERE incident_id = ?1 AND clock = ?2 AND level = ?3",
						      &inc, clock_name, e, err);
			s = up ? db_step_done(ctx->db, up, err) : OD_DB;
			if (s == OD_OK)
				s = journal_line_op(ctx, "incident.escalate", ref, "escalation", &unknown,
						    NULL, NULL, detail, detail, err);
			od_status end = db_end(ctx->db, s == OD_OK, err);
			s = s != OD_OK ? s : end;
		}
		if (s == OD_OK)
			rn->report->failed++;
		if (s == OD_OK && rn->on_event) {
			char *line = xasprintf("%s %s", ref, text);
			rn->on_event(rn->data, true, line);
			free(line);
		}
		free(text);
		free(detail);
		free(clock_name);
		free(level);
		if (s != OD_OK)
			return s;
	}
}

od_status escalate_run(const od_ctx *ctx, time_t now, bool dry_run,
		       void (*on_event)(void *data, bool failed, const char *line), void *data,
		       escalate_report *report, od_error *err)
{
	memset(report, 0, sizeof *report);
	od_status s = access_require_staff(ctx, err);
	if (s != OD_OK)
		return s;
	/* run every minute, this is where changed rules reach the stored
	 * standing first */
	if (!dry_run && (s = incident_sla_refresh(ctx, NULL, err)) != OD_OK)
		return s;
	run rn = {.ctx = ctx, .dry_run = dry_run, .on_event = on_event, .data = data,
		  .report = report};
	if (!dry_run && (s = sweep_interrupted(&rn, err)) != OD_OK)
		return s;
	if ((s = staff_list(ctx->db, false, &rn.staff, &rn.nstaff, err)) != OD_OK)
		return s;
	enum { PAGE = 100 };
	int64_t ids[PAGE], last_id = 0;
	time_t last_at = (time_t)INT64_MIN;
	size_t n = PAGE;
	while (s == OD_OK && n == PAGE) {
		s = due_page(ctx, now, &last_at, &last_id, ids, PAGE, &n, err);
		for (size_t i = 0; i < n && s == OD_OK; i++)
			s = escalate_incident(&rn, ids[i], now, err);
	}
	staff_list_free(rn.staff, rn.nstaff);
	return s;
}
