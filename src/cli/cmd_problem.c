/* opsdesk problem new|list|candidates|edit|why|fishbone|resolve-incidents:
 * problem management. show, do and comment take PRB-n through the record
 * mechanism; link and unlink relate it to incidents from either side. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/cli_record.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/problem.h"
#include "opsdesk/recurrence.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_problem = {
	"problem",
	N_("problems: root causes of recurring or major incidents"),
	N_("usage: opsdesk problem new --title T [--from REF,REF...] [--description D]\n"
	   "                           [--category C] [--impact I] [--ci TAG,TAG...]\n"
	   "                           [--assignee LOGIN]\n"
	   "       opsdesk problem list [--state S] [--all] [--mine] [--search TEXT]\n"
	   "                            [--limit N] [--before PRB-n] [--json]\n"
	   "       opsdesk problem candidates [--json]\n"
	   "       opsdesk problem edit PRB-n [--version N] FIELD OPTIONS...\n"
	   "       opsdesk problem why PRB-n --why QUESTION --answer ANSWER\n"
	   "       opsdesk problem fishbone PRB-n --category ID --note TEXT\n"
	   "       opsdesk problem resolve-incidents PRB-n [--json]\n"
	   "       opsdesk problem article PRB-n [--json]\n"
	   "\n"
	   "A problem (问题) is the cause behind incidents that recur, have a major\n"
	   "impact or cannot be fixed quickly. new prints PRB-n; --from links the\n"
	   "incidents given (INC-n, comma separated) and takes their CIs and their\n"
	   "most frequent category unless --ci or --category say otherwise.\n"
	   "candidates lists the groups of incidents the rules call recurring\n"
	   "(problems.recurrence) that no open problem covers yet.\n"
	   "edit changes --title, --description, --category, --impact, --ci,\n"
	   "--assignee, --investigation, --root-cause, --workaround, --known-error\n"
	   "(yes or no), --known-error-text, --fix (a change, CHG-n: the permanent\n"
	   "fix, linked) and --verification; --version N refuses the edit when\n"
	   "someone changed the problem since version N.\n"
	   "why adds the next why of the 5-why chain with its answer; fishbone adds a\n"
	   "note under one of the rules' fishbone categories.\n"
	   "resolve-incidents resolves the problem's open incidents with its root\n"
	   "cause, fix or workaround and verification, each on its own; the ones\n"
	   "that cannot be resolved from where they stand are listed with why.\n"
	   "article writes the problem up as a knowledge-base article (root cause,\n"
	   "fix and workaround, what it applies to), linked to it, and prints KB-n.\n"
	   "Transitions: opsdesk do PRB-n investigate|cause_found|fix|verify|close ...\n"),
	run,
	"--category=categories --impact=impact --state=problem_states",
};

static const cli_opt opts[] = {
	{"title", true, false},        {"from", true, false},
	{"description", true, false},  {"category", true, false},
	{"impact", true, false},       {"ci", true, false},
	{"assignee", true, false},     {"investigation", true, false},
	{"root-cause", true, false},   {"workaround", true, false},
	{"known-error", true, false},  {"known-error-text", true, false},
	{"fix", true, false},          {"verification", true, false},
	{"version", true, false},      {"state", true, false},
	{"all", false, false},         {"mine", false, false},
	{"search", true, false},       {"limit", true, false},
	{"before", true, false},       {"why", true, false},
	{"answer", true, false},       {"note", true, false},
	{0},
};

#define NEW_FIELDS "title description category impact ci assignee"
#define EDIT_FIELDS                                                                             \
	NEW_FIELDS " investigation root-cause workaround known-error known-error-text fix "     \
		   "verification"

static const cli_sub subs[] = {
	{.name = "new", .takes = NEW_FIELDS " from", .needs = "title"},
	{.name = "list", .takes = "state all mine search limit before"},
	{.name = "candidates"},
	{.name = "edit", .args = "PRB-n", .takes = EDIT_FIELDS " version"},
	{.name = "why", .args = "PRB-n", .takes = "why answer", .needs = "why answer"},
	{.name = "fishbone", .args = "PRB-n", .takes = "category note", .needs = "category note"},
	{.name = "resolve-incidents", .args = "PRB-n"},
	{.name = "article", .args = "PRB-n"},
	{0},
};

/* "INC-1,INC-5,9" as incident ids. */
static int parse_incidents(const char *list, int64_t *ids, size_t max, size_t *n)
{
	*n = 0;
	char *copy = xstrdup(list);
	int rc = 0;
	for (char *save, *t = strtok_r(copy, ", ", &save); t && rc == 0;
	     t = strtok_r(NULL, ", ", &save)) {
		od_error err;
		if (*n == max)
			rc = cli_usage_error(&cmd_problem, _("--from: at most %zu incidents"), max);
		else if (record_parse_ref_of(&incident_kind, t, &ids[*n], &err) != OD_OK)
			rc = cli_usage_error(&cmd_problem, _("--from: %s"), err.msg);
		else
			(*n)++;
	}
	free(copy);
	if (rc == 0 && *n == 0)
		rc = cli_usage_error(&cmd_problem, _("--from: '%s' names no incident"), list);
	return rc;
}

static void print_ref(cli_env *env, int64_t id)
{
	if (env->g.json)
		printf("{\"ref\":\"PRB-%lld\"}\n", (long long)id);
	else
		printf("PRB-%lld\n", (long long)id);
}

static int do_new(cli_env *env, const cli_args *a)
{
	record_set sets[16];
	char names[16][32];
	size_t n = cli_field_sets(opts, NEW_FIELDS, a, sets, names, 16);
	int64_t incidents[CLI_MAX_VALUES];
	size_t ninc = 0;
	const char *from = cli_value(opts, a, "from");
	int rc;
	if (from && (rc = parse_incidents(from, incidents, CLI_MAX_VALUES, &ninc)) != 0)
		return rc;
	int64_t id;
	od_error err;
	if (problem_create(&env->ctx, sets, n, incidents, ninc, &id, &err) != OD_OK)
		return cli_report(&err);
	print_ref(env, id);
	return 0;
}

static int do_list(cli_env *env, const cli_args *a)
{
	record_filter f;
	int rc = cli_record_filter(env, &cmd_problem, opts, a, &problem_kind, &f);
	if (rc != 0)
		return rc;
	od_error err;
	record *v;
	size_t n;
	if (record_list(env->ctx.db, &problem_kind, &f, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	if (env->g.json) {
		rc = cli_record_list_json(env, v, n);
		record_list_free(v, n);
		return rc;
	}
	cli_cell(stdout, _("REF"), 9);
	cli_cell(stdout, _(" STATE"), 13);
	cli_cell(stdout, _(" CATEGORY"), 15);
	cli_cell(stdout, _(" TITLE"), 31);
	puts(_(" ASSIGNEE"));
	for (size_t i = 0; i < n; i++) {
		char ref[32];
		record_ref(&problem_kind, v[i].id, ref, sizeof ref);
		const char *cat = record_value(&v[i], "category");
		const rules_item *c = rules_item_find(env->rules->categories.v,
						      env->rules->categories.n, cat);
		cli_cell(stdout, ref, 9);
		fputc(' ', stdout);
		cli_cell(stdout, record_state_name(env->rules, &problem_kind, v[i].state), 12);
		fputc(' ', stdout);
		cli_cell(stdout, c ? c->name : cat, 14);
		fputc(' ', stdout);
		cli_cell(stdout, record_value(&v[i], "title"), 30);
		fputc(' ', stdout);
		cli_puts_safe(stdout, record_value(&v[i], "assignee"));
		fputc('\n', stdout);
	}
	record_list_free(v, n);
	return 0;
}

static void within_text(char *buf, size_t len, int minutes)
{
	if (minutes % (24 * 60) == 0)
		snprintf(buf, len, "%dd", minutes / (24 * 60));
	else if (minutes % 60 == 0)
		snprintf(buf, len, "%dh", minutes / 60);
	else
		snprintf(buf, len, "%dm", minutes);
}

static int do_candidates(cli_env *env)
{
	recurrence_candidate *c;
	size_t n;
	od_error err;
	if (recurrence_candidates(env->ctx.db, env->rules, clock_now(), 50, &c, &n, &err) != OD_OK)
		return cli_report(&err);
	strbuf out = {0};
	if (env->g.json)
		sb_add(&out, "[");
	else if (!n)
		sb_add(&out, _("No recurring incidents without a problem.\n"));
	for (size_t i = 0; i < n; i++) {
		char within[16];
		within_text(within, sizeof within, c[i].rule->within);
		if (env->g.json) {
			sb_add(&out, i ? ",\n{\"by\":" : "\n{\"by\":");
			sb_add_json(&out, c[i].rule->by.id);
			sb_add(&out, ",\"key\":");
			sb_add_json(&out, c[i].key);
			sb_add(&out, ",\"name\":");
			sb_add_json(&out, c[i].name);
			sb_addf(&out, ",\"count\":%zu,\"within\":\"%s\",\"incidents\":[", c[i].n, within);
			for (size_t j = 0; j < c[i].n; j++)
				sb_addf(&out, "%s\"INC-%lld\"", j ? "," : "", (long long)c[i].incidents[j]);
			sb_add(&out, "]}");
			continue;
		}
		char *line = strcmp(c[i].rule->by.id, "ci") == 0
				     ? xasprintf(_("%zu incidents on CI %s (%s) in %s:"), c[i].n, c[i].key,
						 c[i].name, within)
				     : xasprintf(_("%zu incidents in category %s (%s) in %s:"), c[i].n,
						 c[i].key, c[i].name, within);
		sb_add(&out, line);
		free(line);
		for (size_t j = 0; j < c[i].n; j++)
			sb_addf(&out, "%sINC-%lld", j ? "," : " ", (long long)c[i].incidents[j]);
		sb_add(&out, "\n");
	}
	if (env->g.json)
		sb_add(&out, n ? "\n]\n" : "]\n");
	cli_puts_safe(stdout, out.buf);
	sb_free(&out);
	recurrence_candidates_free(c, n);
	return 0;
}

static int do_resolve_incidents(cli_env *env, int64_t id)
{
	problem_resolved *r;
	size_t n;
	od_error err;
	if (problem_resolve_incidents(&env->ctx, id, &r, &n, &err) != OD_OK)
		return cli_report(&err);
	int rc = 0;
	strbuf out = {0};
	if (env->g.json)
		sb_add(&out, "[");
	else if (!n)
		sb_addf(&out, _("PRB-%lld has no open incidents\n"), (long long)id);
	for (size_t i = 0; i < n; i++) {
		if (r[i].status != OD_OK && rc == 0)
			rc = od_exit_code(r[i].status);
		if (env->g.json) {
			sb_addf(&out, "%s{\"ref\":\"INC-%lld\",\"resolved\":%s", i ? "," : "",
				(long long)r[i].incident, r[i].status == OD_OK ? "true" : "false");
			if (r[i].message) {
				sb_add(&out, ",\"reason\":");
				sb_add_json(&out, r[i].message);
			}
			sb_add(&out, "}");
		} else if (r[i].status == OD_OK) {
			sb_addf(&out, _("INC-%lld: resolved\n"), (long long)r[i].incident);
		} else {
			sb_addf(&out, _("INC-%lld: not resolved: %s\n"), (long long)r[i].incident,
				r[i].message);
		}
	}
	if (env->g.json)
		sb_add(&out, "]\n");
	cli_puts_safe(stdout, out.buf);
	sb_free(&out);
	problem_resolved_free(r, n);
	return rc;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_problem, opts, subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	int64_t id = 0;
	od_error err;
	if (a.npos > 1 && record_parse_ref_of(&problem_kind, a.pos[1], &id, &err) != OD_OK)
		return cli_usage_error(&cmd_problem, "%s", err.msg);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (strcmp(sub, "new") == 0)
		return do_new(env, &a);
	if (strcmp(sub, "list") == 0)
		return do_list(env, &a);
	if (strcmp(sub, "candidates") == 0)
		return do_candidates(env);
	if (strcmp(sub, "edit") == 0)
		return cli_record_edit(env, &cmd_problem, opts, &a, &problem_kind, EDIT_FIELDS, id);
	if (strcmp(sub, "resolve-incidents") == 0)
		return do_resolve_incidents(env, id);
	if (strcmp(sub, "article") == 0) {
		int64_t kb;
		if (problem_article(&env->ctx, id, &kb, &err) != OD_OK)
			return cli_report(&err);
		if (env->g.json)
			printf("{\"ref\":\"KB-%lld\"}\n", (long long)kb);
		else
			printf("KB-%lld\n", (long long)kb);
		return 0;
	}
	od_status s = strcmp(sub, "why") == 0
			      ? problem_add_why(&env->ctx, id, cli_value(opts, &a, "why"),
						cli_value(opts, &a, "answer"), &err)
			      : problem_add_fishbone(&env->ctx, id, cli_value(opts, &a, "category"),
						     cli_value(opts, &a, "note"), &err);
	if (s != OD_OK)
		return cli_report(&err);
	printf(_("PRB-%lld: saved\n"), (long long)id);
	return 0;
}
