/* opsdesk incident new|list: intake on the command line, and the queue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/cli_incident.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_incident = {
	"incident",
	N_("record incidents and list the queue"),
	N_("usage: opsdesk incident new --title SUMMARY [--description D] [--impact L] [--urgency L]\n"
	   "                            [--ci TAG] [--category C] [--reporter R] [--department D]\n"
	   "                            [--contact C] [--channel C] [--occurred TIME]\n"
	   "                            [--scope S] [--expectation E]\n"
	   "       opsdesk incident list [--state S] [--priority P] [--mine | --assignee LOGIN |\n"
	   "                             --unassigned] [--breached] [--all] [--search TEXT]\n"
	   "                             [--sort queue|newest|due] [--limit N] [--json]\n"
	   "\n"
	   "new records an incident and prints its reference (INC-12). Only the summary is\n"
	   "required: the reporter defaults to you, the time to now, impact, urgency,\n"
	   "category and channel to the rules' defaults; the priority comes from the rules'\n"
	   "matrix. Levels, categories and channels are ids from the rules.\n"
	   "list shows open incidents, most urgent first (--sort newest: newest first; due:\n"
	   "resolution due soonest first), --all adds closed ones, 50 unless --limit.\n"
	   "--breached: open incidents past their response or resolution due time.\n"
	   "--search finds text in summaries, descriptions and journals, Chinese included.\n"
	   "--state and --priority take ids from the rules; an unknown id, or an --assignee\n"
	   "who is not on the staff list, is refused rather than listing nothing.\n"),
	run,
	"--impact=impact --urgency=urgency --category=categories --channel=channels --state=states --priority=priorities",
};

static const cli_opt opts[] = {
	{"title", true, false},     {"description", true, false}, {"impact", true, false},
	{"urgency", true, false},   {"ci", true, false},          {"category", true, false},
	{"reporter", true, false},  {"department", true, false},  {"contact", true, false},
	{"channel", true, false},   {"occurred", true, false},    {"scope", true, false},
	{"expectation", true, false}, {"state", true, false},     {"priority", true, false},
	{"mine", false, false},     {"assignee", true, false},    {"unassigned", false, false},
	{"breached", false, false}, {"all", false, false},        {"search", true, false},
	{"limit", true, false},     {"sort", true, false},        {0},
};

static const cli_sub subs[] = {
	{.name = "new",
	 .takes = "title description impact urgency ci category reporter department contact "
		  "channel occurred scope expectation",
	 .needs = "title"},
	{.name = "list",
	 .takes = "state priority mine assignee unassigned breached all search limit sort"},
	{0},
};

static int do_new(cli_env *env, const cli_args *a)
{
#define V(name) cli_value(opts, a, name)
	incident_fields f = {
		.summary = V("title"),       .description = V("description"),
		.reporter = V("reporter"),   .department = V("department"),
		.contact = V("contact"),     .channel = V("channel"),
		.occurred = V("occurred"),   .ci = V("ci"),
		.category = V("category"),   .impact = V("impact"),
		.urgency = V("urgency"),     .scope = V("scope"),
		.expectation = V("expectation"),
	};
#undef V
	int64_t id;
	od_error err;
	if (incident_create(&env->ctx, &f, &id, &err) != OD_OK)
		return cli_report(&err);
	char ref[32];
	incident_ref(id, ref, sizeof ref);
	puts(ref);
	return 0;
}

/* Refuses id, naming the field and what the rules know (ids in known,
 * which is freed). */
static od_status unknown_id(const char *field, const char *id, const char *kind, strbuf *known,
			    od_error *err)
{
	char *ids = sb_take(known);
	od_fail(err, OD_INVALID, _("%s: '%s' is not one of the %s in the rules (known: %s)"), field,
		id, kind, ids);
	free(ids);
	return OD_INVALID;
}

static od_status check_priority(const rules *r, const char *id, od_error *err)
{
	strbuf known = {0};
	for (size_t i = 0; i < r->priorities.n; i++) {
		if (strcmp(r->priorities.v[i].id, id) == 0) {
			sb_free(&known);
			return OD_OK;
		}
		sb_addf(&known, "%s%s", i ? ", " : "", r->priorities.v[i].id);
	}
	return unknown_id("priority", id, _("priorities"), &known, err);
}

static od_status check_state(const rules *r, const char *id, od_error *err)
{
	const rules_workflow *w = &r->workflows.incident;
	strbuf known = {0};
	for (size_t i = 0; i < w->states.n; i++) {
		if (strcmp(w->states.v[i].id, id) == 0) {
			sb_free(&known);
			return OD_OK;
		}
		sb_addf(&known, "%s%s", i ? ", " : "", w->states.v[i].id);
	}
	return unknown_id("state", id, _("incident states"), &known, err);
}

/* Anyone who is or was on the staff list: a deactivated person's old
 * incidents are still theirs. */
static od_status check_assignee(od_db *db, const char *login, od_error *err)
{
	if (!*login)
		return od_fail(
		    err, OD_INVALID,
		    _("assignee: give a login (--unassigned lists incidents without one)"));
	staff_member m;
	od_status s = staff_get(db, login, &m, err);
	if (s == OD_NOT_FOUND)
		return od_fail(err, OD_INVALID, _("assignee: no staff member with login '%s'"),
			       login);
	if (s == OD_OK)
		staff_member_clear(&m);
	return s;
}

/* An unknown priority, state or person is a mistake, not an empty queue.
 * assignee: --assignee as given (--mine is the acting user, whoever that
 * is). */
static od_status check_filter(const cli_env *env, const incident_filter *f, const char *assignee,
			      od_error *err)
{
	od_status s = OD_OK;
	if (f->priority)
		s = check_priority(env->rules, f->priority, err);
	if (s == OD_OK && f->state)
		s = check_state(env->rules, f->state, err);
	if (s == OD_OK && assignee)
		s = check_assignee(env->ctx.db, assignee, err);
	return s;
}

static int do_list(cli_env *env, const cli_args *a)
{
	const char *limit_text = cli_value(opts, a, "limit");
	int64_t limit = 50;
	text_num parsed = limit_text ? text_parse_int(limit_text, 1, CLI_LIMIT_MAX, &limit) : TEXT_NUM_OK;
	if (parsed == TEXT_NUM_BAD)
		return cli_usage_error(&cmd_incident, _("--limit: '%s' is not a positive number"),
				       limit_text);
	if (parsed == TEXT_NUM_RANGE)
		return cli_usage_error(&cmd_incident, _("--limit: '%s' is out of range (1 to %d)"),
				       limit_text, CLI_LIMIT_MAX);
	int who = !!cli_value(opts, a, "mine") + !!cli_value(opts, a, "assignee") +
		  !!cli_value(opts, a, "unassigned");
	if (who > 1)
		return cli_usage_error(&cmd_incident, _("give one of --mine, --assignee, --unassigned"));
	const char *search = cli_value(opts, a, "search");
	od_error err;
	if (search && text_check("search", search, 200, false, true, &err) != OD_OK)
		return cli_report(&err);
	const char *sort = cli_value(opts, a, "sort");
	incident_sort order = INCIDENT_BY_QUEUE;
	if (sort && strcmp(sort, "newest") == 0)
		order = INCIDENT_BY_NEWEST;
	else if (sort && strcmp(sort, "due") == 0)
		order = INCIDENT_BY_DUE;
	else if (sort && strcmp(sort, "queue") != 0)
		return cli_usage_error(&cmd_incident, _("--sort: '%s' is not queue, newest or due"), sort);
	time_t now = clock_now();
	incident_filter f = {
		.sort = order,
		.state = cli_value(opts, a, "state"),
		.priority = cli_value(opts, a, "priority"),
		.assignee = cli_value(opts, a, "mine")         ? env->ctx.login
			    : cli_value(opts, a, "unassigned") ? ""
							       : cli_value(opts, a, "assignee"),
		.include_closed = cli_value(opts, a, "all") != NULL || cli_value(opts, a, "state"),
		.breached = cli_value(opts, a, "breached") != NULL,
		.search = search,
		.now = now,
		.limit = (int)limit,
	};
	if (check_filter(env, &f, cli_value(opts, a, "assignee"), &err) != OD_OK)
		return cli_report(&err);
	incident *v;
	size_t n;
	if (incident_list(env->ctx.db, &f, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	/* as wide as the longest reference: INC-7 and INC-200000 both whole */
	int id_width = 8;
	for (size_t k = 0; k < n; k++) {
		char ref[32];
		incident_ref(v[k].id, ref, sizeof ref);
		int w = (int)strlen(ref);
		if (w > id_width)
			id_width = w;
	}
	strbuf json = {0};
	if (env->g.json)
		sb_add(&json, "[");
	else {
		cli_cell(stdout, _("ID"), id_width);
		cli_cell(stdout, _(" PRI"), 5);
		cli_cell(stdout, _(" STATE"), 11);
		cli_cell(stdout, _(" SUMMARY"), 33);
		cli_cell(stdout, _(" CI"), 13);
		cli_cell(stdout, _(" ASSIGNEE"), 11);
		cli_cell(stdout, _(" AGE"), 6);
		puts(_(" RESOLUTION DUE"));
	}
	int rc = 0;
	for (size_t k = 0; k < n; k++) {
		sla_result sla;
		if (incident_sla(env->ctx.db, env->rules, &v[k], now, &sla, &err) != OD_OK) {
			rc = cli_report(&err);
			break;
		}
		if (env->g.json) {
			sb_add(&json, k ? ",\n" : "\n");
			cli_incident_json(&json, env->rules, &v[k], &sla);
			continue;
		}
		char ref[32], ago[32], due[32], when[40];
		incident_ref(v[k].id, ref, sizeof ref);
		clock_format_age(v[k].created, now, ago, sizeof ago);
		const sla_clock *c = &sla.resolution;
		if (c->stopped || c->paused)
			snprintf(when, sizeof when, "%s", cli_sla_word(c));
		else
			snprintf(when, sizeof when, "%s %s", clock_format(c->due, due, sizeof due),
				 cli_sla_word(c));
		cli_cell(stdout, ref, id_width);
		fputc(' ', stdout);
		cli_cell(stdout, v[k].priority, 4);
		fputc(' ', stdout);
		cli_cell(stdout, incident_state_name(env->rules, v[k].state), 10);
		fputc(' ', stdout);
		cli_cell(stdout, v[k].summary, 32);
		fputc(' ', stdout);
		cli_cell(stdout, v[k].ci, 12);
		fputc(' ', stdout);
		cli_cell(stdout, v[k].assignee, 10);
		fputc(' ', stdout);
		cli_cell(stdout, ago, 5);
		fputc(' ', stdout);
		puts(when);
	}
	if (env->g.json && rc == 0) {
		sb_add(&json, n ? "\n]\n" : "]\n");
		fputs(json.buf, stdout);
	}
	sb_free(&json);
	incident_list_free(v, n);
	return rc;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_incident, opts, subs, argc, argv, &a, &rc))
		return rc;
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	return strcmp(a.sub->name, "new") == 0 ? do_new(env, &a) : do_list(env, &a);
}
