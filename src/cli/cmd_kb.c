/* opsdesk kb new|list|search|show|edit|history and opsdesk drill
 * new|list|show|followup: the knowledge base, emergency plans and drills.
 * do and comment take KB-n and DRL-n through the record mechanism. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/change.h"
#include "opsdesk/cli.h"
#include "opsdesk/cli_kb.h"
#include "opsdesk/cli_record.h"
#include "opsdesk/clock.h"
#include "opsdesk/drill.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/kb.h"
#include "opsdesk/problem.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);
static int run_drill(cli_env *env, int argc, char **argv);

const cli_command cmd_kb = {
	"kb",
	N_("the knowledge base: articles and emergency plans"),
	N_("usage: opsdesk kb new --title T --solution TEXT [--symptom TEXT] [--cause TEXT]\n"
	   "                      [--type TYPE] [--applies-ci-classes C,...] [--applies-categories C,...]\n"
	   "                      [--keywords K] [--author LOGIN]\n"
	   "       opsdesk kb new --type plan --title T --trigger TEXT --steps TEXT\n"
	   "                      [--roles-contacts TEXT] [--recovery-targets TEXT] [--ci TAG,...]\n"
	   "       opsdesk kb list [--search TEXT] [--for INC-n] [--type TYPE] [--state S] [--all]\n"
	   "                       [--ci TAG] [--mine] [--limit N] [--before KB-n] [--json]\n"
	   "       opsdesk kb search TEXT [--limit N] [--json]\n"
	   "       opsdesk kb show KB-n [--version N] [--json]\n"
	   "       opsdesk kb edit KB-n [field options as for new] [--expect-version N]\n"
	   "       opsdesk kb history KB-n [--json]\n"
	   "\n"
	   "An article (知识文章) says how a fault shows, why it happens and how to\n"
	   "solve it; an emergency plan (应急预案, the rules' knowledge_base.plan_type)\n"
	   "says what triggers it, who does what, its steps and recovery targets, and\n"
	   "names the CIs it covers (or the CI classes it applies to): a major incident\n"
	   "on such a CI shows the plan. new prints KB-n; the author defaults to you.\n"
	   "list shows open articles newest first (--all: retired ones too), 50 unless\n"
	   "--limit; --before KB-n gives the page after that one. --search finds text\n"
	   "anywhere in an article, Chinese substrings too; --for INC-n searches with\n"
	   "the incident's summary; --ci TAG lists the plans covering that CI.\n"
	   "Every edit keeps a new version: history lists them, show --version N shows\n"
	   "one. edit --expect-version refuses a save over someone else's newer edit.\n"
	   "An incident is resolved with an article by opsdesk do INC-n resolve\n"
	   "--article KB-n (its solution and cause, and a link).\n"),
	run,
	"--type=kb_types --state=kb_states --applies-ci-classes=ci_classes "
	"--applies-categories=categories",
};

const cli_command cmd_drill = {
	"drill",
	N_("emergency drills: which plan, who, what worked, follow-ups"),
	N_("usage: opsdesk drill new --title T --date TIME --plan KB-n [--participants P]\n"
	   "                         [--scenario TEXT] [--worked TEXT] [--failed TEXT]\n"
	   "                         [--follow-ups TEXT]\n"
	   "       opsdesk drill list [--state S] [--all] [--limit N] [--before DRL-n] [--json]\n"
	   "       opsdesk drill show DRL-n [--json]\n"
	   "       opsdesk drill followup DRL-n --change|--problem --title T [--set FIELD=VALUE]...\n"
	   "\n"
	   "A drill (演练) exercises an emergency plan of the knowledge base (an article\n"
	   "of the plan type) and records when it was held, who took part, what worked,\n"
	   "what did not and the follow-up actions. new prints DRL-n and links the plan.\n"
	   "followup opens a change (CHG-n, with its fields by --set: type, start, end,\n"
	   "...) or a problem (PRB-n: description, category, assignee, ...) linked to\n"
	   "the drill, and prints its reference. The drill's workflow is\n"
	   "workflows.drill (opsdesk do DRL-n hold --set worked=... --set failed=...).\n"),
	run_drill,
	"--state=drill_states",
};

/* --- kb ---------------------------------------------------------------------------- */

#define KB_FIELDS                                                                              \
	"title type symptom cause solution applies-ci-classes applies-categories keywords author " \
	"trigger roles-contacts steps recovery-targets ci"

static const cli_opt opts[] = {
	{"title", true, false},
	{"type", true, false},
	{"symptom", true, false},
	{"cause", true, false},
	{"solution", true, false},
	{"applies-ci-classes", true, false},
	{"applies-categories", true, false},
	{"keywords", true, false},
	{"author", true, false},
	{"trigger", true, false},
	{"roles-contacts", true, false},
	{"steps", true, false},
	{"recovery-targets", true, false},
	{"ci", true, false},
	{"search", true, false},
	{"for", true, false},
	{"state", true, false},
	{"all", false, false},
	{"mine", false, false},
	{"limit", true, false},
	{"before", true, false},
	{"version", true, false},
	{"expect-version", true, false},
	{0},
};

static const cli_sub subs[] = {
	{.name = "new", .takes = KB_FIELDS, .needs = "title"},
	{.name = "list", .takes = "search for type state all ci mine limit before"},
	{.name = "search", .args = "TEXT", .takes = "limit"},
	{.name = "show", .args = "REF", .takes = "version"},
	{.name = "edit", .args = "REF", .takes = KB_FIELDS " expect-version"},
	{.name = "history", .args = "REF"},
	{0},
};

static const char *type_name(const rules *r, const char *id)
{
	size_t n;
	const rules_item *types = kb_types(r, &n);
	const rules_item *t = rules_item_find(types, n, id);
	return t ? t->name : id;
}

/* One line per record, or a JSON array of record_json objects. */
static int print_list(cli_env *env, const record_kind *k, record *v, size_t n)
{
	if (env->g.json)
		return cli_record_list_json(env, v, n);
	bool kb = k == &kb_kind;
	cli_cell(stdout, _("REF"), 9);
	cli_cell(stdout, _(" STATE"), 9);
	cli_cell(stdout, kb ? _(" TYPE") : _(" HELD"), kb ? 11 : 17);
	cli_cell(stdout, _(" TITLE"), 37);
	puts(kb ? _(" AUTHOR") : _(" PLAN"));
	for (size_t i = 0; i < n; i++) {
		char ref[32];
		record_ref(k, v[i].id, ref, sizeof ref);
		cli_cell(stdout, ref, 9);
		fputc(' ', stdout);
		cli_cell(stdout, record_state_name(env->rules, k, v[i].state), 8);
		fputc(' ', stdout);
		if (kb)
			cli_cell(stdout, type_name(env->rules, record_value(&v[i], "type")), 10);
		else
			cli_cell(stdout, record_value(&v[i], "date"), 16);
		fputc(' ', stdout);
		cli_cell(stdout, record_value(&v[i], "title"), 36);
		fputc(' ', stdout);
		cli_puts_safe(stdout, record_value(&v[i], kb ? "author" : "plan"));
		fputc('\n', stdout);
	}
	return 0;
}

static int do_list(cli_env *env, const cli_args *a, const char *search)
{
	record_filter f;
	int rc = cli_record_filter(env, &cmd_kb, opts, a, &kb_kind, &f);
	if (rc)
		return rc;
	f.search = search; /* --search, or kb search TEXT */
	od_error err;
	const char *type = cli_value(opts, a, "type");
	if (type) {
		size_t nt;
		const rules_item *types = kb_types(env->rules, &nt);
		if (!rules_item_find(types, nt, type))
			return cli_usage_error(&cmd_kb, _("--type: '%s' is not an article type"), type);
		f.field = "type";
		f.value = type;
	}
	char *summary = NULL;
	const char *inc_ref = cli_value(opts, a, "for");
	if (inc_ref) {
		int64_t iid;
		incident inc;
		if (record_parse_ref_of(&incident_kind, inc_ref, &iid, &err) != OD_OK ||
		    incident_get(env->ctx.db, iid, &inc, &err) != OD_OK)
			return cli_report(&err);
		/* the part of the summary that finds articles, not the whole phrase */
		summary = kb_suggest_term(env->ctx.db, inc.summary);
		if (summary && strcmp(summary, inc.summary) != 0 && !env->g.json)
			fprintf(stderr, _("opsdesk: searched for '%s', from the summary of %s\n"), summary,
				inc_ref);
		if (!summary)
			summary = xstrdup(inc.summary);
		incident_clear(&inc);
		f.search = summary;
	}
	record *v = NULL;
	size_t n = 0;
	const char *ci = cli_value(opts, a, "ci");
	od_status s;
	if (ci) {
		s = kb_plans_for_ci(&env->ctx, ci, f.limit, &v, &n, &err);
	} else {
		s = record_list(env->ctx.db, &kb_kind, &f, &v, &n, &err);
	}
	free(summary);
	if (s != OD_OK)
		return cli_report(&err);
	rc = print_list(env, &kb_kind, v, n);
	record_list_free(v, n);
	return rc;
}

static int parse_version(const char *opt, const char *v, int64_t *out)
{
	if (v && text_parse_int(v, 1, INT64_MAX, out) != TEXT_NUM_OK)
		return cli_usage_error(&cmd_kb, _("%s: '%s' is not a version number"), opt, v);
	return 0;
}

static int do_new(cli_env *env, const cli_args *a)
{
	record_set sets[24];
	char names[24][32];
	size_t n = cli_field_sets(opts, KB_FIELDS, a, sets, names, 24);
	int64_t id;
	od_error err;
	if (kb_create(&env->ctx, sets, n, &id, &err) != OD_OK)
		return cli_report(&err);
	if (env->g.json)
		printf("{\"ref\":\"KB-%lld\"}\n", (long long)id);
	else
		printf("KB-%lld\n", (long long)id);
	return 0;
}

static int do_edit(cli_env *env, const cli_args *a, int64_t id)
{
	record_set sets[24];
	char names[24][32];
	size_t n = cli_field_sets(opts, KB_FIELDS, a, sets, names, 24);
	if (!n)
		return cli_usage_error(&cmd_kb, _("'kb edit' needs a field to change"));
	int64_t expected = 0;
	int rc = parse_version("--expect-version", cli_value(opts, a, "expect-version"), &expected);
	if (rc)
		return rc;
	od_error err;
	if (record_edit(&env->ctx, &kb_kind, id, expected, sets, n, &err) != OD_OK)
		return cli_report(&err);
	int64_t version = kb_version_count(env->ctx.db, id);
	if (env->g.json)
		printf("{\"ref\":\"KB-%lld\",\"article_version\":%lld}\n", (long long)id,
		       (long long)version);
	else
		printf(_("KB-%lld: saved as version %lld\n"), (long long)id, (long long)version);
	return 0;
}

static int do_history(cli_env *env, int64_t id)
{
	record rec;
	od_error err;
	if (record_get(env->ctx.db, &kb_kind, id, &rec, &err) != OD_OK)
		return cli_report(&err);
	record_clear(&rec);
	kb_version *v;
	size_t n;
	if (kb_history(env->ctx.db, id, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	char at[40];
	if (env->g.json) {
		strbuf sb = {0};
		sb_add(&sb, "[");
		for (size_t i = 0; i < n; i++) {
			sb_addf(&sb, "%s{\"version\":%lld,\"by\":", i ? ",\n" : "\n",
				(long long)v[i].version);
			sb_add_json(&sb, v[i].by);
			sb_add(&sb, ",\"at\":");
			sb_add_json(&sb, clock_format_iso(v[i].at, at, sizeof at));
			sb_addf(&sb, ",\"fields\":%s}", v[i].fields);
		}
		sb_add(&sb, n ? "\n]\n" : "]\n");
		fputs(sb.buf, stdout);
		sb_free(&sb);
	} else {
		puts(_("VERSION  AT                BY         TITLE"));
		for (size_t i = 0; i < n; i++) {
			printf("%-8lld ", (long long)v[i].version);
			cli_cell(stdout, clock_format(v[i].at, at, sizeof at), 17);
			fputc(' ', stdout);
			cli_cell(stdout, v[i].by, 10);
			fputc(' ', stdout);
			cli_puts_safe(stdout, v[i].title);
			fputc('\n', stdout);
		}
	}
	kb_versions_free(v, n);
	return 0;
}

static int do_show(cli_env *env, const cli_args *a, int64_t id)
{
	int64_t version = 0;
	int rc = parse_version("--version", cli_value(opts, a, "version"), &version);
	if (rc)
		return rc;
	if (!version)
		return cli_record_show(env, &kb_kind, id);
	record rec;
	od_error err;
	if (record_get(env->ctx.db, &kb_kind, id, &rec, &err) != OD_OK)
		return cli_report(&err);
	kb_version v;
	if (kb_version_get(env->ctx.db, id, version, &v, &err) != OD_OK) {
		record_clear(&rec);
		return cli_report(&err);
	}
	kb_version_apply(env->ctx.db, &v, &rec);
	rc = cli_kb_show_version(env, &rec, &v);
	kb_version_clear(&v);
	record_clear(&rec);
	return rc;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_kb, opts, subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	int64_t id = 0;
	od_error err;
	bool by_ref = strcmp(sub, "show") == 0 || strcmp(sub, "edit") == 0 ||
		      strcmp(sub, "history") == 0;
	if (by_ref && (a.npos < 2 || record_parse_ref_of(&kb_kind, a.pos[1], &id, &err) != OD_OK))
		return cli_usage_error(&cmd_kb, "%s", a.npos < 2 ? _("give KB-n") : err.msg);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (strcmp(sub, "new") == 0)
		return do_new(env, &a);
	if (strcmp(sub, "list") == 0)
		return do_list(env, &a, cli_value(opts, &a, "search"));
	if (strcmp(sub, "search") == 0)
		return do_list(env, &a, a.pos[1]);
	if (strcmp(sub, "show") == 0)
		return do_show(env, &a, id);
	if (strcmp(sub, "edit") == 0)
		return do_edit(env, &a, id);
	return do_history(env, id);
}

/* --- drill -------------------------------------------------------------------------- */

#define DRILL_FIELDS "title date plan participants scenario worked failed follow-ups"

static const cli_opt drill_opts[] = {
	{"title", true, false},   {"date", true, false},      {"plan", true, false},
	{"participants", true, false}, {"scenario", true, false}, {"worked", true, false},
	{"failed", true, false},  {"follow-ups", true, false}, {"state", true, false},
	{"all", false, false},    {"limit", true, false},     {"before", true, false},
	{"change", false, false}, {"problem", false, false},  {"set", true, true},
	{0},
};

static const cli_sub drill_subs[] = {
	{.name = "new", .takes = DRILL_FIELDS, .needs = "title date plan"},
	{.name = "list", .takes = "state all limit before"},
	{.name = "show", .args = "REF"},
	{.name = "followup", .args = "REF", .takes = "change problem title set", .needs = "title"},
	{0},
};

static int drill_new(cli_env *env, const cli_args *a)
{
	record_set sets[12];
	char names[12][32];
	size_t n = cli_field_sets(drill_opts, DRILL_FIELDS, a, sets, names, 12);
	int64_t id;
	od_error err;
	if (drill_create(&env->ctx, sets, n, &id, &err) != OD_OK)
		return cli_report(&err);
	if (env->g.json)
		printf("{\"ref\":\"DRL-%lld\"}\n", (long long)id);
	else
		printf("DRL-%lld\n", (long long)id);
	return 0;
}

static int drill_list(cli_env *env, const cli_args *a)
{
	record_filter f;
	int rc = cli_record_filter(env, &cmd_drill, drill_opts, a, &drill_kind, &f);
	if (rc)
		return rc;
	od_error err;
	record *v;
	size_t n;
	if (record_list(env->ctx.db, &drill_kind, &f, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	rc = print_list(env, &drill_kind, v, n);
	record_list_free(v, n);
	return rc;
}

/* The follow-up's kind: one of the kind options. */
static const struct {
	const char *option;
	const record_kind *kind;
} followup_kinds[] = {
	{"change", &change_kind},
	{"problem", &problem_kind},
};

static int drill_followup_cmd(cli_env *env, const cli_args *a, int64_t id)
{
	const record_kind *kind = NULL;
	for (size_t i = 0; i < sizeof followup_kinds / sizeof *followup_kinds; i++)
		if (a->count[cli_opt_index(drill_opts, followup_kinds[i].option)])
			kind = followup_kinds[i].kind;
	if (!kind)
		return cli_usage_error(&cmd_drill, _("'drill followup' needs the kind to open: --change or --problem"));
	int k = cli_opt_index(drill_opts, "set");
	record_set sets[CLI_MAX_VALUES + 2];
	char *fields[CLI_MAX_VALUES];
	size_t nsets = 0, nf = 0;
	int rc = 0;
	sets[nsets++] = (record_set){"title", cli_value(drill_opts, a, "title")};
	for (int i = 0; i < a->count[k]; i++) {
		const char *eq = strchr(a->values[k][i], '=');
		if (!eq || eq == a->values[k][i]) {
			rc = cli_usage_error(&cmd_drill, _("--set: '%s' is not FIELD=VALUE"),
					     a->values[k][i]);
			goto out;
		}
		fields[nf] = xstrndup(a->values[k][i], (size_t)(eq - a->values[k][i]));
		sets[nsets++] = (record_set){fields[nf++], eq + 1};
	}
	if (kind == &change_kind) {
		bool has = false;
		for (size_t i = 0; i < nsets; i++)
			has |= strcmp(sets[i].field, "requester") == 0;
		if (!has)
			sets[nsets++] = (record_set){"requester", env->ctx.login};
	}
	int64_t nid;
	od_error err;
	if (drill_followup(&env->ctx, id, kind, sets, nsets, &nid, &err) != OD_OK) {
		rc = cli_report(&err);
		goto out;
	}
	char ref[32];
	record_ref(kind, nid, ref, sizeof ref);
	if (env->g.json)
		printf("{\"ref\":\"%s\"}\n", ref);
	else
		puts(ref);
out:
	for (size_t i = 0; i < nf; i++)
		free(fields[i]);
	return rc;
}

static int run_drill(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_drill, drill_opts, drill_subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	int64_t id = 0;
	od_error err;
	bool by_ref = strcmp(sub, "show") == 0 || strcmp(sub, "followup") == 0;
	if (by_ref && (a.npos < 2 || record_parse_ref_of(&drill_kind, a.pos[1], &id, &err) != OD_OK))
		return cli_usage_error(&cmd_drill, "%s", a.npos < 2 ? _("give DRL-n") : err.msg);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (strcmp(sub, "new") == 0)
		return drill_new(env, &a);
	if (strcmp(sub, "list") == 0)
		return drill_list(env, &a);
	if (strcmp(sub, "show") == 0)
		return cli_record_show(env, &drill_kind, id);
	return drill_followup_cmd(env, &a, id);
}
