/* Escalation of SLA clocks. The acting user must be staff: run it from a
 * staff account (cron or a timer), so the journal says who escalated.
 *
 * A row of the escalation table is a claim on one level of one clock: the
 * run that inserts it is the only one that notifies. A notification that
 * went out keeps its row, so it is never sent again; one that failed gives
 * its row back (with a journal entry), so the next run tries again. */
#include "opsdesk/escalate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/journal.h"
#include "opsdesk/notify.h"
#include "opsdesk/staff.h"
#include "opsdesk/xalloc.h"

enum { NOTIFY_TIMEOUT = 30 };

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

/* Whether this level of this clock was notified already (or is being, by
 * an overlapping run). The insert in record() decides for real; this spares
 * the work for the levels that every run after the first finds. */
static bool already_escalated(const od_ctx *ctx, const incident *inc, const char *clock_name,
			      const rules_escalation *e)
{
	sqlite3_stmt *st = level_stmt(ctx,
				      "SELECT 1 FROM escalation WHERE incident_id = ?1"
				      " AND clock = ?2 AND level = ?3",
				      inc, clock_name, e, NULL);
	if (!st)
		return false;
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* Claims and records one escalation; *fresh is false when it was claimed
 * already (notified by an earlier run, or being notified by an overlapping
 * one). */
static od_status record(const od_ctx *ctx, const incident *inc, const char *clock_name,
			const rules_escalation *e, const char *text, bool *fresh, od_error *err)
{
	*fresh = false;
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = level_stmt(ctx,
				      "INSERT OR IGNORE INTO escalation(incident_id, clock, level, at)"
				      " VALUES (?1, ?2, ?3, ?4)",
				      inc, clock_name, e, err);
	if (!st)
		s = OD_DB;
	if (s == OD_OK) {
		sqlite3_bind_int64(st, 4, (int64_t)clock_now());
		s = db_step_done(ctx->db, st, err);
	}
	if (s == OD_OK && db_changes(ctx->db) == 1) {
		*fresh = true;
		char ref[32];
		incident_ref(inc->id, ref, sizeof ref);
		char *detail = level_detail(clock_name, e, "");
		s = journal_record_op(ctx, "incident.escalate", ref, "escalation", text, NULL,
				      detail, err);
		free(detail);
	}
	od_status end = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : end;
}

/* A notification that failed: journalled (text), and its claim given back
 * so the next run tries the level again, both in one transaction. */
static od_status note_failure(const od_ctx *ctx, const incident *inc, const char *clock_name,
			      const rules_escalation *e, const char *text, od_error *err)
{
	char ref[32];
	incident_ref(inc->id, ref, sizeof ref);
	char *detail = level_detail(clock_name, e, ",\"notification\":\"failed\"");
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		goto done;
	sqlite3_stmt *st = level_stmt(ctx,
				      "DELETE FROM escalation WHERE incident_id = ?1 AND clock = ?2"
				      " AND level = ?3",
				      inc, clock_name, e, err);
	s = st ? db_step_done(ctx->db, st, err) : OD_DB;
	if (s == OD_OK)
		s = journal_record_op(ctx, "incident.escalate", ref, "escalation", text, NULL,
				      detail, err);
	od_status end = db_end(ctx->db, s == OD_OK, err);
	s = s != OD_OK ? s : end;
done:
	free(detail);
	return s;
}

/* Runs the level's command for a claimed escalation. */
static od_status notify(const run *rn, const incident *inc, const char *clock_name,
			const rules_escalation *e, const char *ref, const char *due,
			const char *to, od_error *err)
{
	const notify_value values[] = {
		{"ref", ref},                {"summary", inc->summary},
		{"priority", inc->priority}, {"state", inc->state},
		{"assignee", inc->assignee}, {"clock", clock_name},
		{"level", e->id},            {"due", due},
		{"to", to},                  {"ci", inc->ci},
	};
	char **argv = notify_expand(&e->command, values, sizeof values / sizeof *values);
	od_error why;
	od_status s = OD_OK;
	if (notify_run(argv, NOTIFY_TIMEOUT, &why) != OD_OK) {
		rn->report->failed++;
		char *text = xasprintf(_("%s (%s): notification failed, to be tried again at the "
					 "next run: %s"),
				       e->name, e->id, why.msg);
		if (rn->on_event) {
			char *line = xasprintf("%s %s", ref, text);
			rn->on_event(rn->data, true, line);
			free(line);
		}
		s = note_failure(rn->ctx, inc, clock_name, e, text, err);
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
		if (!reached(e, c) || already_escalated(ctx, inc, clock_name, e))
			continue;
		char ref[32], due[32];
		incident_ref(inc->id, ref, sizeof ref);
		clock_format(c->due, due, sizeof due);
		char *to = recipients(rn, inc, e);
		char *text = xasprintf(_("%s (%s): %s clock due %s; told %s"), e->name, e->id,
				       clock_name, due, *to ? to : _("nobody"));
		bool fresh = rn->dry_run;
		od_status s = rn->dry_run ? OD_OK : record(ctx, inc, clock_name, e, text, &fresh, err);
		if (s == OD_OK && fresh) {
			rn->report->fired++;
			char *line = xasprintf("%s %s", ref, text);
			if (rn->on_event)
				rn->on_event(rn->data, false, line);
			free(line);
			if (!rn->dry_run)
				s = notify(rn, inc, clock_name, e, ref, due, to, err);
		}
		free(text);
		free(to);
		if (s != OD_OK)
			return s;
	}
	return OD_OK;
}

od_status escalate_run(const od_ctx *ctx, time_t now, bool dry_run,
		       void (*on_event)(void *data, bool failed, const char *line), void *data,
		       escalate_report *report, od_error *err)
{
	memset(report, 0, sizeof *report);
	od_status s = access_require_staff(ctx, err);
	if (s != OD_OK)
		return s;
	run rn = {.ctx = ctx, .dry_run = dry_run, .on_event = on_event, .data = data,
		  .report = report};
	if ((s = staff_list(ctx->db, false, &rn.staff, &rn.nstaff, err)) != OD_OK)
		return s;
	incident_filter f = {.now = now};
	incident *v;
	size_t n;
	if ((s = incident_list(ctx->db, &f, &v, &n, err)) != OD_OK) {
		staff_list_free(rn.staff, rn.nstaff);
		return s;
	}
	for (size_t i = 0; i < n && s == OD_OK; i++) {
		report->incidents++;
		sla_result sla;
		if ((s = incident_sla(ctx->db, ctx->rules, &v[i], now, &sla, err)) != OD_OK)
			break;
		s = escalate_clock(&rn, &v[i], "response", &sla.response, err);
		if (s == OD_OK)
			s = escalate_clock(&rn, &v[i], "resolution", &sla.resolution, err);
	}
	incident_list_free(v, n);
	staff_list_free(rn.staff, rn.nstaff);
	return s;
}
