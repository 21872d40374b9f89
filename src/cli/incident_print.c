/* Printing incidents for the command line. */
#include "opsdesk/cli_incident.h"
#include "opsdesk/cli_problem.h"
#include "opsdesk/cli_kb.h"
#include "opsdesk/cli_record.h"
#include "opsdesk/cli_request.h"
#include "opsdesk/rating.h"

#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"

const char *cli_sla_word(const sla_clock *c)
{
	if (c->paused && !c->stopped)
		return _("paused");
	switch (c->standing) {
	case SLA_ON_TIME: return _("on time");
	case SLA_AT_RISK: return _("AT RISK");
	case SLA_BREACHED: return _("BREACHED");
	case SLA_MET: return _("met");
	}
	return "";
}

static void json_time(strbuf *sb, const char *key, time_t t)
{
	char buf[40];
	sb_addf(sb, ",\"%s\":", key);
	if (t) {
		sb_add(sb, "\"");
		sb_add(sb, clock_format_iso(t, buf, sizeof buf));
		sb_add(sb, "\"");
	} else {
		sb_add(sb, "null");
	}
}

static void json_clock(strbuf *sb, const char *key, const sla_clock *c)
{
	static const char *const standings[] = {"on_time", "at_risk", "breached", "met"};
	sb_addf(sb, ",\"%s\":{\"target_minutes\":%lld,\"used_minutes\":%lld,\"standing\":\"%s\","
		    "\"paused\":%s",
		key, (long long)c->target, (long long)c->used, standings[c->standing],
		c->paused ? "true" : "false");
	json_time(sb, "due", c->stopped ? 0 : c->due);
	json_time(sb, "stopped", c->stopped);
	sb_add(sb, "}");
}

void cli_incident_json(strbuf *sb, const rules *r, const incident *inc, const sla_result *sla)
{
	(void)r;
	char ref[32];
	incident_ref(inc->id, ref, sizeof ref);
	sb_addf(sb, "{\"ref\":\"%s\",\"id\":%lld", ref, (long long)inc->id);
	const struct {
		const char *key, *value;
	} texts[] = {
		{"summary", inc->summary},       {"description", inc->description},
		{"reporter", inc->reporter},     {"department", inc->department},
		{"contact", inc->contact},       {"channel", inc->channel},
		{"ci", inc->ci},                 {"category", inc->category},
		{"impact", inc->impact},         {"urgency", inc->urgency},
		{"priority", inc->priority},     {"scope", inc->scope},
		{"expectation", inc->expectation}, {"state", inc->state},
		{"assignee", inc->assignee},     {"cause", inc->cause},
		{"resolution", inc->resolution}, {"recovery_test", inc->recovery_test},
		{"review", inc->review},         {"created_by", inc->created_by},
		{"updated_by", inc->updated_by},
	};
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		sb_addf(sb, ",\"%s\":", texts[k].key);
		sb_add_json(sb, texts[k].value);
	}
	sb_addf(sb, ",\"open\":%s,\"version\":%lld,\"alert_count\":%lld", inc->open ? "true" : "false",
		(long long)inc->version, (long long)inc->alert_count);
	json_time(sb, "occurred", inc->occurred);
	json_time(sb, "created", inc->created);
	json_time(sb, "updated", inc->updated);
	if (sla) {
		sb_add(sb, ",\"sla\":{\"priority\":");
		sb_add_json(sb, sla->priority);
		json_clock(sb, "response", &sla->response);
		json_clock(sb, "resolution", &sla->resolution);
		sb_add(sb, "}");
	}
	sb_add(sb, "}");
}

static const char *item_name(const rules_item *items, size_t n, const char *id)
{
	const rules_item *it = rules_item_find(items, n, id);
	return it ? it->name : id;
}

static void line(const char *label, const char *value)
{
	cli_field(stdout, label, 12, value, true);
}

static void clock_line(const char *label, const sla_clock *c)
{
	char due[32], text[160];
	if (c->stopped)
		snprintf(text, sizeof text, _("%s at %s (%lld of %lld min)"), cli_sla_word(c),
			 clock_format(c->stopped, due, sizeof due), (long long)c->used,
			 (long long)c->target);
	else if (c->paused)
		snprintf(text, sizeof text, _("%s (%lld of %lld min used)"), cli_sla_word(c),
			 (long long)c->used, (long long)c->target);
	else
		snprintf(text, sizeof text, _("%s, due %s (%lld of %lld min used)"), cli_sla_word(c),
			 clock_format(c->due, due, sizeof due), (long long)c->used,
			 (long long)c->target);
	line(label, text);
}

int cli_incident_show(cli_env *env, int64_t id)
{
	incident inc;
	od_error err;
	if (incident_get(env->ctx.db, id, &inc, &err) != OD_OK)
		return cli_report(&err);
	sla_result sla;
	od_status s = incident_sla(env->ctx.db, env->rules, &inc, clock_now(), &sla, &err);
	if (s != OD_OK) {
		incident_clear(&inc);
		return cli_report(&err);
	}
	char ref[32];
	incident_ref(id, ref, sizeof ref);
	journal_entry *j = NULL;
	size_t nj = 0;
	journal_list(env->ctx.db, ref, &j, &nj, NULL);
	const rules *r = env->rules;
	if (env->g.json) {
		strbuf sb = {0};
		cli_incident_json(&sb, r, &inc, &sla);
		sb.len--; /* reopen the object to add the journal */
		sb.buf[sb.len] = '\0';
		record_links_json(env->ctx.db, ref, &sb, NULL);
		cli_problem_of_incident_json(env, id, &sb);
		rating_json(env->ctx.db, ref, &sb, NULL);
		cli_kb_incident_plans_json(env, id, &sb);
		sb_add(&sb, ",\"journal\":[");
		char at[40];
		for (size_t k = 0; k < nj; k++) {
			sb_addf(&sb, "%s{\"at\":\"%s\",\"actor\":", k ? "," : "",
				clock_format_iso(j[k].at, at, sizeof at));
			sb_add_json(&sb, j[k].actor);
			sb_add(&sb, ",\"kind\":");
			sb_add_json(&sb, j[k].kind);
			sb_add(&sb, ",\"text\":");
			sb_add_json(&sb, j[k].text);
			sb_add(&sb, "}");
		}
		sb_add(&sb, "]}\n");
		fputs(sb.buf, stdout);
		sb_free(&sb);
	} else {
		char when[32], buf[256];
		const rules_priority *p = NULL;
		for (size_t k = 0; k < r->priorities.n; k++)
			if (strcmp(r->priorities.v[k].id, inc.priority) == 0)
				p = &r->priorities.v[k];
		printf("%s  ", ref);
		cli_puts_safe(stdout, inc.summary);
		fputc('\n', stdout);
		snprintf(buf, sizeof buf, "%s (%s)", incident_state_name(r, inc.state), inc.state);
		line(_("state"), buf);
		snprintf(buf, sizeof buf, "%s %s  %s %s / %s %s", inc.priority, p ? p->name : "",
			 _("impact"), item_name(r->impact.v, r->impact.n, inc.impact), _("urgency"),
			 item_name(r->urgency.v, r->urgency.n, inc.urgency));
		line(_("priority"), buf);
		line(_("category"), item_name(r->categories.v, r->categories.n, inc.category));
		line(_("ci"), inc.ci);
		line(_("assignee"), *inc.assignee ? inc.assignee : _("(nobody)"));
		snprintf(buf, sizeof buf, "%s  %s  %s  (%s)", inc.reporter, inc.department, inc.contact,
			 item_name(r->channels.v, r->channels.n, inc.channel));
		line(_("reporter"), buf);
		line(_("occurred"), clock_format(inc.occurred, when, sizeof when));
		snprintf(buf, sizeof buf, _("%s by %s"), clock_format(inc.created, when, sizeof when),
			 inc.created_by);
		line(_("recorded"), buf);
		clock_line(_("response"), &sla.response);
		clock_line(_("resolution"), &sla.resolution);
		line(_("description"), inc.description);
		line(_("scope"), inc.scope);
		line(_("expectation"), inc.expectation);
		line(_("cause"), inc.cause);
		line(_("resolution"), inc.resolution);
		line(_("recovery"), inc.recovery_test);
		line(_("review"), inc.review);
		snprintf(buf, sizeof buf, "%lld", (long long)inc.version);
		line(_("version"), buf);
		char *links = cli_record_links_line(env, ref);
		line(_("links"), links);
		free(links);
		cli_problem_of_incident(env, id);
		cli_kb_incident_plans(env, id);
		cli_rating_show(env, ref);
		const rules_transition *acts[32];
		size_t na = incident_actions(&env->ctx, &inc, acts, 32);
		strbuf actions = {0};
		for (size_t k = 0; k < na; k++)
			sb_addf(&actions, "%s%s (%s)", k ? ", " : "", acts[k]->id, acts[k]->name);
		line(_("actions"), na ? actions.buf : _("(none for you)"));
		sb_free(&actions);
		puts(_("journal"));
		for (size_t k = 0; k < nj; k++) {
			printf("  %s  ", clock_format(j[k].at, when, sizeof when));
			cli_cell(stdout, j[k].actor, 10);
			fputc(' ', stdout);
			/* in the reader's language, from the entry's data */
			char *shown = journal_line_render(env->ctx.db, r, ref, &j[k]);
			line("", shown);
			free(shown);
		}
	}
	journal_entries_free(j, nj);
	incident_clear(&inc);
	return 0;
}
