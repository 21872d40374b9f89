/* The fault report (故障报告) of one incident: its fields, the timeline
 * from its journal, cause, resolution, recovery test and review, and
 * sign-off lines. */
#include "opsdesk/report_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/xalloc.h"

static const char *standing_name(sla_standing s)
{
	switch (s) {
	case SLA_ON_TIME: return _("on time");
	case SLA_AT_RISK: return _("at risk");
	case SLA_BREACHED: return _("breached");
	case SLA_MET: return _("met");
	}
	return "";
}

static void clock_line(const sla_clock *k, char *buf, size_t len)
{
	char t[40];
	if (k->stopped)
		snprintf(buf, len, _("%s: %lld of %lld min, stopped %s"), standing_name(k->standing),
			 (long long)k->used, (long long)k->target, report_time(k->stopped, t, sizeof t));
	else if (k->paused)
		snprintf(buf, len, _("paused: %lld of %lld min"), (long long)k->used,
			 (long long)k->target);
	else
		snprintf(buf, len, _("%s: %lld of %lld min, due %s"), standing_name(k->standing),
			 (long long)k->used, (long long)k->target, report_time(k->due, t, sizeof t));
}

static void text_part(report *r, const char *id, const char *title, const char *text)
{
	report_section *s = report_section_add(r, id, title);
	report_text(s, "%s", text && *text ? text : _("(not recorded)"));
}

od_status report_incident(const od_ctx *ctx, int64_t id, time_t as_of, report **out,
			  od_error *err)
{
	*out = NULL;
	incident inc;
	od_status s = incident_get(ctx->db, id, &inc, err);
	if (s != OD_OK)
		return s;
	char ref[32], t[40], buf[512];
	incident_ref(id, ref, sizeof ref);
	snprintf(buf, sizeof buf, "%s %s", ref, inc.summary);
	report *r = report_begin(ctx, "incident", _("Incident report (故障报告)"), ref, as_of, err);
	if (!r) {
		incident_clear(&inc);
		return OD_DB;
	}
	report_head(r, "ref", _("ref"), ref);
	report_head(r, "summary", _("summary"), inc.summary);
	report_head(r, "state", _("state"), incident_state_name(ctx->rules, inc.state));
	snprintf(buf, sizeof buf, "%lld:%s", (long long)r->audit_id, r->audit_hash);
	report_head(r, "audit_head", _("audit head"), buf);

	report_section *f = report_section_add(r, "fields", _("The incident"));
	char *reporter = report_person(ctx->db, inc.reporter);
	char *owner = report_person(ctx->db, inc.assignee);
	char *creator = report_person(ctx->db, inc.created_by);
	report_field(f, "reporter", _("reporter"), reporter);
	report_field(f, "department", _("department"), inc.department);
	report_field(f, "contact", _("contact"), inc.contact);
	report_field(f, "channel", _("channel"), inc.channel);
	report_field(f, "occurred", _("occurred"), report_time(inc.occurred, t, sizeof t));
	report_field(f, "created", _("recorded"), report_time(inc.created, t, sizeof t));
	report_field(f, "created_by", _("recorded by"), creator);
	report_field(f, "ci", _("CI"), inc.ci[0] ? inc.ci : "-");
	report_field(f, "category", _("category"), inc.category);
	report_field(f, "impact", _("impact"), inc.impact);
	report_field(f, "urgency", _("urgency"), inc.urgency);
	report_field(f, "priority", _("priority"), inc.priority);
	report_field(f, "assignee", _("owner"), owner);
	report_field(f, "scope", _("scope"), inc.scope);
	report_field(f, "expectation", _("expectation"), inc.expectation);
	report_field(f, "description", _("description"), inc.description);
	free(reporter);
	free(owner);
	free(creator);
	sla_result sla;
	if (incident_sla(ctx->db, ctx->rules, &inc, as_of, &sla, NULL) == OD_OK) {
		clock_line(&sla.response, buf, sizeof buf);
		report_field(f, "sla_response", _("SLA response"), buf);
		clock_line(&sla.resolution, buf, sizeof buf);
		report_field(f, "sla_resolution", _("SLA resolution"), buf);
	}

	report_section *tl = report_section_add(r, "timeline", _("Timeline"));
	journal_entry *j;
	size_t n;
	if ((s = journal_list(ctx->db, ref, &j, &n, err)) != OD_OK) {
		report_free(r);
		incident_clear(&inc);
		return s;
	}
	static const char *const keys[] = {"at", "by", "kind", "text"};
	const char *heads[] = {_("time"), _("by"), _("what"), _("entry")};
	report_block *b = report_table(tl, 4, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char *by = report_person(ctx->db, j[i].actor);
		char *entry = journal_line_render(ctx->db, ctx->rules, ref, &j[i]);
		const char *row[] = {report_time(j[i].at, t, sizeof t), by, j[i].kind, entry};
		report_row(b, row);
		free(entry);
		free(by);
	}
	journal_entries_free(j, n);
	text_part(r, "cause", _("Cause"), inc.cause);
	text_part(r, "resolution", _("Resolution"), inc.resolution);
	text_part(r, "recovery_test", _("Recovery test"), inc.recovery_test);
	text_part(r, "review", _("Review"), inc.review);
	report_section *sig = report_section_add(r, "signatures", _("Sign-off"));
	const char *labels[] = {_("处理人 (handled by)"), _("审核人 (reviewed by)"),
				_("值班长 (shift lead)")};
	report_signatures(sig, labels, 3);
	incident_clear(&inc);
	*out = r;
	return OD_OK;
}
