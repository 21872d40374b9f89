/* Escalation of SLA clocks. The acting user must be staff: run it from a
 * staff account (cron or a timer), so the journal says who escalated. */
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

/* The assignee and the active holders of the level's roles. */
static char *recipients(const od_ctx *ctx, const incident *inc, const rules_escalation *e)
{
	strbuf to = {0};
	if (*inc->assignee)
		sb_add(&to, inc->assignee);
	staff_member *v;
	size_t n;
	if (staff_list(ctx->db, false, &v, &n, NULL) == OD_OK) {
		for (size_t i = 0; i < n; i++) {
			if (strcmp(v[i].login, inc->assignee) == 0)
				continue;
			for (size_t k = 0; k < e->notify.n; k++) {
				if (staff_has_role(&v[i], e->notify.v[k].id)) {
					sb_addf(&to, "%s%s", to.len ? "," : "", v[i].login);
					break;
				}
			}
		}
		staff_list_free(v, n);
	}
	return sb_take(&to);
}

/* Records one escalation; *fresh is false when it was already recorded
 * (by an earlier or an overlapping run). */
static od_status record(const od_ctx *ctx, const incident *inc, const char *clock_name,
			const rules_escalation *e, const char *text, bool *fresh, od_error *err)
{
	*fresh = false;
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT OR IGNORE INTO escalation(incident_id, clock, level, at)"
				   " VALUES (?1, ?2, ?3, ?4)",
				   err);
	if (!st)
		s = OD_DB;
	if (s == OD_OK) {
		sqlite3_bind_int64(st, 1, inc->id);
		sqlite3_bind_text(st, 2, clock_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, e->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (int64_t)clock_now());
		s = db_step_done(ctx->db, st, err);
	}
	if (s == OD_OK && db_changes(ctx->db) == 1) {
		*fresh = true;
		char ref[32];
		incident_ref(inc->id, ref, sizeof ref);
		strbuf detail = {0};
		sb_add(&detail, "{\"clock\":");
		sb_add_json(&detail, clock_name);
		sb_add(&detail, ",\"level\":");
		sb_add_json(&detail, e->id);
		sb_add(&detail, "}");
		s = journal_record_op(ctx, "incident.escalate", ref, "escalation", text, NULL,
				      detail.buf, err);
		sb_free(&detail);
	}
	od_status end = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : end;
}

static od_status note_failure(const od_ctx *ctx, const incident *inc, const char *why,
			      od_error *err)
{
	char ref[32];
	incident_ref(inc->id, ref, sizeof ref);
	char *text = xasprintf(_("notification failed: %s"), why);
	od_status s = db_begin(ctx->db, err);
	if (s == OD_OK) {
		s = journal_record_op(ctx, "incident.escalate", ref, "escalation", text, NULL,
				      "{\"notification\":\"failed\"}", err);
		od_status e = db_end(ctx->db, s == OD_OK, err);
		s = s != OD_OK ? s : e;
	}
	free(text);
	return s;
}

static od_status escalate_clock(const od_ctx *ctx, const incident *inc, const char *clock_name,
				const sla_clock *c, bool dry_run,
				void (*on_event)(void *, const char *), void *data,
				escalate_report *rep, od_error *err)
{
	const rules *r = ctx->rules;
	for (size_t k = 0; k < r->escalations.n; k++) {
		const rules_escalation *e = &r->escalations.v[k];
		if (!reached(e, c))
			continue;
		char ref[32], due[32];
		incident_ref(inc->id, ref, sizeof ref);
		clock_format(c->due, due, sizeof due);
		char *to = recipients(ctx, inc, e);
		char *text = xasprintf(_("%s (%s): %s clock due %s; told %s"), e->name, e->id,
				       clock_name, due, *to ? to : _("nobody"));
		bool fresh = dry_run;
		od_status s = OD_OK;
		if (dry_run) {
			/* only report levels not yet recorded */
			sqlite3_stmt *st = db_stmt(ctx->db,
						   "SELECT 1 FROM escalation WHERE incident_id = ?1"
						   " AND clock = ?2 AND level = ?3",
						   err);
			if (st) {
				sqlite3_bind_int64(st, 1, inc->id);
				sqlite3_bind_text(st, 2, clock_name, -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 3, e->id, -1, SQLITE_STATIC);
				fresh = sqlite3_step(st) != SQLITE_ROW;
				sqlite3_reset(st);
			}
		} else {
			s = record(ctx, inc, clock_name, e, text, &fresh, err);
		}
		if (s == OD_OK && fresh) {
			rep->fired++;
			char *line = xasprintf("%s %s", ref, text);
			if (on_event)
				on_event(data, line);
			free(line);
			if (!dry_run) {
				const notify_value values[] = {
					{"ref", ref},           {"summary", inc->summary},
					{"priority", inc->priority}, {"state", inc->state},
					{"assignee", inc->assignee}, {"clock", clock_name},
					{"level", e->id},       {"due", due},
					{"to", to},             {"ci", inc->ci},
				};
				char **argv = notify_expand(&e->command, values,
							    sizeof values / sizeof *values);
				od_error why;
				if (notify_run(argv, NOTIFY_TIMEOUT, &why) != OD_OK) {
					rep->failed++;
					if (on_event)
						on_event(data, why.msg);
					s = note_failure(ctx, inc, why.msg, err);
				}
				notify_free(argv);
			}
		}
		free(text);
		free(to);
		if (s != OD_OK)
			return s;
	}
	return OD_OK;
}

od_status escalate_run(const od_ctx *ctx, time_t now, bool dry_run,
		       void (*on_event)(void *data, const char *line), void *data,
		       escalate_report *report, od_error *err)
{
	memset(report, 0, sizeof *report);
	od_status s = access_require_staff(ctx, err);
	if (s != OD_OK)
		return s;
	incident_filter f = {.now = now};
	incident *v;
	size_t n;
	if ((s = incident_list(ctx->db, &f, &v, &n, err)) != OD_OK)
		return s;
	for (size_t i = 0; i < n && s == OD_OK; i++) {
		report->incidents++;
		sla_result sla;
		if ((s = incident_sla(ctx->db, ctx->rules, &v[i], now, &sla, err)) != OD_OK)
			break;
		s = escalate_clock(ctx, &v[i], "response", &sla.response, dry_run, on_event, data,
				   report, err);
		if (s == OD_OK)
			s = escalate_clock(ctx, &v[i], "resolution", &sla.resolution, dry_run, on_event,
					   data, report, err);
	}
	incident_list_free(v, n);
	return s;
}
