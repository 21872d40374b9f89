/* opsdesk inspect templates|due|record|list|show|review|report: the
 * inspection checklists of the rules, the rounds due, recording a run from
 * the command line or a script, and reading runs back. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/inspect.h"
#include "opsdesk/record.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"



static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_inspect = {
	"inspect",
	N_("inspection checklists, rounds due and their runs"),
	N_("usage: opsdesk inspect templates [--json]\n"
	   "       opsdesk inspect due [--overdue] [--mine] [--role ROLE] [--location LOC]\n"
	   "                           [--within DURATION] [--limit N] [--json]\n"
	   "       opsdesk inspect record TEMPLATE --ci TAG --item ID=VALUE... [--remark ID=TEXT]...\n"
	   "                              [--issues TEXT] [--opinion TEXT]\n"
	   "       opsdesk inspect record - (the run as JSON on standard input)\n"
	   "       opsdesk inspect list [--template ID] [--ci TAG] [--limit N] [--before INS-N] [--json]\n"
	   "       opsdesk inspect show INS-N [--json]\n"
	   "       opsdesk inspect review INS-N --comment TEXT\n"
	   "       opsdesk inspect report INS-N\n"
	   "       opsdesk inspect report --from DAY --to DAY [--json]\n"
	   "\n"
	   "templates lists the checklists of the rules (inspections:) with their items,\n"
	   "kinds and ranges. due lists the rounds due now (or within DURATION), soonest\n"
	   "first, and exits 1 when one is overdue, for cron or monitoring. record stores\n"
	   "a run with one reading per item (check items: pass or fail; numbers may carry\n"
	   "their unit); every abnormal reading needs a remark and opens an incident on the\n"
	   "CI, or adds to the one it opened before while that is open. It prints the run's\n"
	   "reference and those of the incidents. From standard input:\n"
	   "  {\"template\": ID, \"ci\": TAG, \"items\": {ID: VALUE, ...},\n"
	   "   \"remarks\": {ID: TEXT, ...}, \"issues\": TEXT, \"opinion\": TEXT}\n"
	   "review takes the workflow's review transition (the manager): the run is then\n"
	   "locked. report prints a run's report at 80 columns, or the period report:\n"
	   "completion per template and location, abnormal items by CI and by item, and the\n"
	   "rounds overdue.\n"),
	run,
	"--role=roles",
};

static const cli_opt opts[] = {
	{"overdue", false, false}, {"mine", false, false},    {"role", true, false},
	{"location", true, false}, {"within", true, false},   {"limit", true, false},
	{"ci", true, false},       {"item", true, true},      {"remark", true, true},
	{"issues", true, false},   {"opinion", true, false},  {"template", true, false},
	{"before", true, false},   {"comment", true, false},  {"from", true, false},
	{"to", true, false},       {0},
};

static const cli_sub subs[] = {
	{.name = "templates"},
	{.name = "due", .takes = "overdue mine role location within limit"},
	{.name = "record", .args = "TEMPLATE", .takes = "ci item remark issues opinion"},
	{.name = "list", .takes = "template ci limit before"},
	{.name = "show", .args = "INS-N"},
	{.name = "review", .args = "INS-N", .takes = "comment", .needs = "comment"},
	{.name = "report", .args = "[INS-N]", .takes = "from to"},
	{0},
};

/* --- templates ------------------------------------------------------------------ */

static void json_refs(strbuf *sb, const char *key, const rules_refs *refs)
{
	sb_addf(sb, "\"%s\":[", key);
	for (size_t i = 0; i < refs->n; i++) {
		sb_add(sb, i ? "," : "");
		sb_add_json(sb, refs->v[i].id);
	}
	sb_add(sb, "]");
}

static void json_intervals(strbuf *sb, const char *key, const rules_intervals *l)
{
	sb_addf(sb, ",\"%s\":[", key);
	for (size_t i = 0; i < l->n; i++) {
		sb_add(sb, i ? "," : "");
		sb_add_json(sb, l->v[i].text);
	}
	sb_add(sb, "]");
}

static const char *frequency_text(const rules_inspection *t, char *buf, size_t len)
{
	static const char *const days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
	const rules_frequency *f = &t->frequency;
	switch (f->kind) {
	case FREQ_EVERY:
		if (f->every % 60)
			snprintf(buf, len, _("every %dm"), f->every);
		else
			snprintf(buf, len, _("every %dh"), f->every / 60);
		break;
	case FREQ_DAILY: snprintf(buf, len, _("daily %s"), f->daily.id); break;
	case FREQ_WEEKLY: snprintf(buf, len, _("weekly %s %s"), days[f->weekday], f->at.id); break;
	case FREQ_MONTHLY: snprintf(buf, len, _("monthly day %d %s"), f->monthly, f->at.id); break;
	case FREQ_SHIFT: snprintf(buf, len, "%s", _("every shift")); break;
	}
	if (f->calendar.id) {
		size_t used = strlen(buf);
		snprintf(buf + used, len - used, " (%s)", f->calendar.id);
	}
	return buf;
}

static int do_templates(cli_env *env)
{
	const rules *r = env->rules;
	strbuf sb = {0};
	char freq[96];
	if (env->g.json) {
		sb_add(&sb, "[");
		for (size_t i = 0; i < r->inspections.n; i++) {
			const rules_inspection *t = &r->inspections.v[i];
			sb_add(&sb, i ? ",\n{\"id\":" : "\n{\"id\":");
			sb_add_json(&sb, t->id);
			sb_add(&sb, ",\"name\":");
			sb_add_json(&sb, t->name);
			sb_add(&sb, ",\"applies\":{");
			json_refs(&sb, "classes", &t->applies.classes);
			sb_add(&sb, ",");
			json_refs(&sb, "cis", &t->applies.cis);
			sb_add(&sb, ",");
			json_refs(&sb, "locations", &t->applies.locations);
			sb_add(&sb, "},\"frequency\":");
			sb_add_json(&sb, frequency_text(t, freq, sizeof freq));
			sb_add(&sb, ",\"role\":");
			sb_add_json(&sb, t->role.id);
			sb_add(&sb, ",\"items\":[");
			for (size_t j = 0; j < t->items.n; j++) {
				const rules_inspect_item *it = &t->items.v[j];
				sb_add(&sb, j ? ",{\"id\":" : "{\"id\":");
				sb_add_json(&sb, it->id);
				sb_add(&sb, ",\"text\":");
				sb_add_json(&sb, it->text);
				sb_addf(&sb, ",\"kind\":\"%s\",\"required\":%s",
					rules_item_kinds[it->kind_id], it->required ? "true" : "false");
				if (it->unit) {
					sb_add(&sb, ",\"unit\":");
					sb_add_json(&sb, it->unit);
				}
				if (it->kind_id == INSPECT_NUMBER || it->kind_id == INSPECT_PERCENT) {
					json_intervals(&sb, "normal", &it->normal);
					json_intervals(&sb, "warning", &it->warning);
					json_intervals(&sb, "alarm", &it->alarm);
				}
				if (it->kind_id == INSPECT_CHOICE) {
					sb_add(&sb, ",");
					json_refs(&sb, "choices", &it->choices);
					sb_add(&sb, ",");
					json_refs(&sb, "abnormal", &it->abnormal);
				}
				sb_add(&sb, "}");
			}
			sb_add(&sb, "]}");
		}
		sb_add(&sb, r->inspections.n ? "\n]\n" : "]\n");
		fputs(sb.buf, stdout);
		sb_free(&sb);
		return 0;
	}
	if (!r->inspections.n)
		sb_addf(&sb, "%s\n", _("(the rules define no inspection templates)"));
	for (size_t i = 0; i < r->inspections.n; i++) {
		const rules_inspection *t = &r->inspections.v[i];
		sb_addf(&sb, "%s%s  %s  [%s] %s: %s\n", i ? "\n" : "", t->id, t->name,
			frequency_text(t, freq, sizeof freq), _("role"), t->role.id);
		for (size_t j = 0; j < t->items.n; j++) {
			const rules_inspect_item *it = &t->items.v[j];
			char *ranges = inspect_ranges_text(it);
			char *id = text_fit(it->id, 14, false), *text = text_fit(it->text, 26, false);
			sb_addf(&sb, "  %s %s %-8s %s%s\n", id, text, rules_item_kinds[it->kind_id],
				ranges, it->required ? "" : _(" (optional)"));
			free(id);
			free(text);
			free(ranges);
		}
	}
	cli_puts_safe(stdout, sb.buf);
	sb_free(&sb);
	return 0;
}

/* --- due ---------------------------------------------------------------------------- */

static int parse_limit(const char *text, int *out)
{
	int64_t v;
	if (!text)
		return 0;
	if (text_parse_int(text, 1, CLI_LIMIT_MAX, &v) != TEXT_NUM_OK)
		return cli_usage_error(&cmd_inspect, _("--limit: '%s' is not a number from 1 to %d"),
				       text, CLI_LIMIT_MAX);
	*out = (int)v;
	return 0;
}

/* "30m", "4h", "2d" in seconds; -1 when not such. */
static long parse_span(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || v < 0 || v > 100000 || end[0] == '\0' || end[1] != '\0')
		return -1;
	switch (*end) {
	case 'm': return v * 60;
	case 'h': return v * 3600;
	case 'd': return v * 86400;
	}
	return -1;
}

static int do_due(cli_env *env, const cli_args *a)
{
	time_t now = clock_now();
	inspect_due_filter f = {.now = now, .limit = 100};
	int rc = parse_limit(cli_value(opts, a, "limit"), &f.limit);
	if (rc)
		return rc;
	const char *within = cli_value(opts, a, "within");
	if (within) {
		long span = parse_span(within);
		if (span < 0)
			return cli_usage_error(&cmd_inspect,
					       _("--within: '%s' is not a duration such as 30m, 4h or 2d"),
					       within);
		f.until = now + span;
	}
	f.overdue_only = a->count[cli_opt_index(opts, "overdue")] > 0;
	f.role = cli_value(opts, a, "role");
	f.location = cli_value(opts, a, "location");
	if (f.role && !rules_role_find(env->rules, f.role))
		return cli_usage_error(&cmd_inspect, _("--role: '%s' is not a role of the rules"),
				       f.role);
	staff_member me = {0};
	bool mine = a->count[cli_opt_index(opts, "mine")] > 0;
	od_error err;
	inspect_due_row *v = NULL;
	size_t n = 0, total = 0;
	od_status s = OD_OK;
	if (mine) {
		/* the rounds of each role I hold, role by role */
		if ((s = staff_get(env->ctx.db, env->ctx.login, &me, &err)) != OD_OK)
			return cli_report(&err);
	}
	size_t passes = mine ? me.nroles : 1;
	bool overdue_seen = false;
	strbuf sb = {0};
	if (env->g.json)
		sb_add(&sb, "[");
	else
		sb_addf(&sb, "%s\n", _("TEMPLATE        CI            LOCATION        DUE               OVERDUE FROM      LAST DONE"));
	for (size_t p = 0; p < passes && s == OD_OK; p++) {
		if (mine)
			f.role = me.roles[p];
		if ((s = inspect_due_list(env->ctx.db, &f, &v, &n, &err)) != OD_OK)
			break;
		for (size_t i = 0; i < n; i++, total++) {
			char due[40], over[40], last[40];
			bool late = v[i].overdue <= now;
			overdue_seen |= late;
			if (env->g.json) {
				sb_add(&sb, total ? ",\n{\"template\":" : "\n{\"template\":");
				sb_add_json(&sb, v[i].template_id);
				sb_add(&sb, ",\"ci\":");
				sb_add_json(&sb, v[i].tag);
				sb_add(&sb, ",\"location\":");
				sb_add_json(&sb, v[i].location);
				sb_add(&sb, ",\"role\":");
				sb_add_json(&sb, v[i].role);
				sb_addf(&sb, ",\"due\":\"%s\",\"overdue_from\":\"%s\",\"overdue\":%s",
					clock_format_iso(v[i].due, due, sizeof due),
					clock_format_iso(v[i].overdue, over, sizeof over),
					late ? "true" : "false");
				if (v[i].last_done)
					sb_addf(&sb, ",\"last_done\":\"%s\",\"last_run\":\"INS-%" PRId64 "\"}",
						clock_format_iso(v[i].last_done, last, sizeof last),
						v[i].last_run);
				else
					sb_add(&sb, ",\"last_done\":null,\"last_run\":null}");
				continue;
			}
			char *cells[3] = {text_fit(v[i].template_id, 15, false),
					  text_fit(v[i].tag, 13, false),
					  text_fit(v[i].location, 15, false)};
			sb_addf(&sb, "%s %s %s %s  %s  %s%s\n", cells[0], cells[1], cells[2],
				clock_format(v[i].due, due, sizeof due),
				clock_format(v[i].overdue, over, sizeof over),
				v[i].last_done ? clock_format(v[i].last_done, last, sizeof last)
					       : _("never"),
				late ? _("  OVERDUE") : "");
			for (int c = 0; c < 3; c++)
				free(cells[c]);
		}
		inspect_due_free(v, n);
	}
	staff_member_clear(&me);
	if (s != OD_OK) {
		sb_free(&sb);
		return cli_report(&err);
	}
	if (env->g.json)
		sb_add(&sb, total ? "\n]\n" : "]\n");
	else if (!total)
		sb_addf(&sb, "%s\n", _("(nothing due)"));
	cli_puts_safe(stdout, sb.buf);
	sb_free(&sb);
	/* overdue anywhere in what was asked for, listed or beyond the page */
	if (!overdue_seen && !f.overdue_only) {
		inspect_due_filter o = f;
		o.overdue_only = true;
		o.limit = 1;
		o.until = 0;
		for (size_t p = 0; p < passes && !overdue_seen; p++) {
			if (mine) {
				staff_member m = {0};
				if (staff_get(env->ctx.db, env->ctx.login, &m, &err) == OD_OK && p < m.nroles)
					o.role = m.roles[p];
				inspect_due_list(env->ctx.db, &o, &v, &n, &err);
				staff_member_clear(&m);
			} else {
				inspect_due_list(env->ctx.db, &o, &v, &n, &err);
			}
			overdue_seen = n > 0;
			inspect_due_free(v, n);
		}
	}
	return overdue_seen ? 1 : 0;
}

/* --- record ----------------------------------------------------------------------- */

static int print_result(const inspect_result *res)
{
	printf("INS-%" PRId64 "\n", res->run);
	for (size_t i = 0; i < res->nopened; i++)
		printf(_("INC-%" PRId64 " opened\n"), res->opened[i]);
	for (size_t i = 0; i < res->nappended; i++)
		printf(_("INC-%" PRId64 " (still open) noted again\n"), res->appended[i]);
	return 0;
}

static int do_record(cli_env *env, const cli_args *a)
{
	od_error err;
	inspect_result res;
	const char *template_id = a->pos[1];
	if (strcmp(template_id, "-") == 0) {
		if (a->count[cli_opt_index(opts, "item")] || cli_value(opts, a, "ci"))
			return cli_usage_error(&cmd_inspect,
					       _("a run from standard input takes no --ci or --item"));
		strbuf in = {0};
		char buf[8192];
		size_t got;
		while ((got = fread(buf, 1, sizeof buf, stdin)) > 0) {
			sb_addn(&in, buf, got);
			if (in.len > 1024 * 1024) {
				sb_free(&in);
				od_fail(&err, OD_INVALID, _("standard input: more than 1 MiB"));
				return cli_report(&err);
			}
		}
		sb_add(&in, "");
		inspect_owned o;
		od_status s = inspect_input_json(env->ctx.db, in.buf, &o, &err);
		sb_free(&in);
		if (s != OD_OK)
			return cli_report(&err);
		inspect_input input = {o.template_id, o.tag, o.answers, o.n, o.issues, o.opinion, 0};
		s = inspect_record(&env->ctx, &input, &res, &err);
		inspect_owned_clear(&o);
		if (s != OD_OK)
			return cli_report(&err);
		print_result(&res);
		inspect_result_clear(&res);
		return 0;
	}
	const char *tag = cli_value(opts, a, "ci");
	if (!tag)
		return cli_usage_error(&cmd_inspect, _("'inspect record' needs --ci"));
	int ni = cli_opt_index(opts, "item"), nr = cli_opt_index(opts, "remark");
	inspect_answer answers[CLI_MAX_VALUES];
	size_t n = 0;
	for (int i = 0; i < a->count[ni]; i++) {
		const char *v = a->values[ni][i], *eq = strchr(v, '=');
		if (!eq || eq == v)
			return cli_usage_error(&cmd_inspect, _("--item: '%s' is not ID=VALUE"), v);
		answers[n++] = (inspect_answer){xstrndup(v, (size_t)(eq - v)), eq + 1, NULL};
	}
	int rc = 0;
	for (int i = 0; i < a->count[nr] && !rc; i++) {
		const char *v = a->values[nr][i], *eq = strchr(v, '=');
		size_t k = 0;
		while (eq && k < n && (strlen(answers[k].item) != (size_t)(eq - v) ||
				       strncmp(answers[k].item, v, (size_t)(eq - v)) != 0))
			k++;
		if (!eq || eq == v)
			rc = cli_usage_error(&cmd_inspect, _("--remark: '%s' is not ID=TEXT"), v);
		else if (k == n)
			rc = cli_usage_error(&cmd_inspect, _("--remark: no --item gives '%.*s'"),
					     (int)(eq - v), v);
		else
			answers[k].remark = eq + 1;
	}
	if (!rc) {
		inspect_input in = {template_id, tag, answers, n, cli_value(opts, a, "issues"),
				    cli_value(opts, a, "opinion"), 0};
		if (inspect_record(&env->ctx, &in, &res, &err) != OD_OK) {
			rc = cli_report(&err);
		} else {
			print_result(&res);
			inspect_result_clear(&res);
		}
	}
	for (size_t k = 0; k < n; k++)
		free((char *)answers[k].item);
	return rc;
}

/* --- list and show ---------------------------------------------------------------- */

static int parse_run_ref(const char *text, int64_t *id)
{
	const record_kind *k;
	od_error err;
	if (record_parse_ref(text, &k, id, &err) != OD_OK || k != &record_kind_inspection)
		return cli_usage_error(&cmd_inspect, _("'%s' is not an inspection run (INS-7)"), text);
	return 0;
}

static int do_list(cli_env *env, const cli_args *a)
{
	inspect_run_filter f = {.template_id = cli_value(opts, a, "template"),
				.tag = cli_value(opts, a, "ci"),
				.limit = 50};
	int rc = parse_limit(cli_value(opts, a, "limit"), &f.limit);
	const char *before = cli_value(opts, a, "before");
	if (!rc && before)
		rc = parse_run_ref(before, &f.before);
	if (rc)
		return rc;
	inspect_run *v;
	size_t n;
	od_error err;
	if (inspect_run_list(env->ctx.db, &f, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	strbuf sb = {0};
	char t[40];
	if (env->g.json)
		sb_add(&sb, "[");
	else
		sb_addf(&sb, "%s\n", _("RUN      TEMPLATE        CI            DONE              BY         ABNORMAL  STATE"));
	for (size_t i = 0; i < n; i++) {
		const inspect_run *r = &v[i];
		if (env->g.json) {
			sb_addf(&sb, "%s{\"ref\":\"INS-%" PRId64 "\",\"template\":", i ? ",\n" : "\n",
				r->id);
			sb_add_json(&sb, r->template_id);
			sb_add(&sb, ",\"ci\":");
			sb_add_json(&sb, r->tag);
			sb_add(&sb, ",\"location\":");
			sb_add_json(&sb, r->location);
			sb_addf(&sb, ",\"done\":\"%s\",\"by\":", clock_format_iso(r->finished, t, sizeof t));
			sb_add_json(&sb, r->by);
			sb_addf(&sb, ",\"abnormal\":%" PRId64 ",\"state\":", r->abnormal);
			sb_add_json(&sb, r->state);
			sb_add(&sb, "}");
			continue;
		}
		char ref[32];
		snprintf(ref, sizeof ref, "INS-%" PRId64, r->id);
		char *cells[4] = {text_fit(ref, 8, false), text_fit(r->template_id, 15, false),
				  text_fit(r->tag, 13, false), text_fit(r->by, 10, false)};
		sb_addf(&sb, "%s %s %s %s %s %8" PRId64 "  %s\n", cells[0], cells[1], cells[2],
			clock_format(r->finished, t, sizeof t), cells[3], r->abnormal,
			record_state_name(env->rules, &record_kind_inspection, r->state));
		for (int c = 0; c < 4; c++)
			free(cells[c]);
	}
	if (env->g.json)
		sb_add(&sb, n ? "\n]\n" : "]\n");
	else if (!n)
		sb_addf(&sb, "%s\n", _("(no runs)"));
	cli_puts_safe(stdout, sb.buf);
	sb_free(&sb);
	inspect_run_list_free(v, n);
	return 0;
}

static int do_show(cli_env *env, int64_t id)
{
	inspect_run r;
	od_error err;
	if (inspect_run_get(env->ctx.db, id, &r, &err) != OD_OK)
		return cli_report(&err);
	if (env->g.json) {
		strbuf sb = {0};
		od_status s = inspect_run_json(&env->ctx, &r, &sb, &err);
		inspect_run_clear(&r);
		if (s != OD_OK) {
			sb_free(&sb);
			return cli_report(&err);
		}
		sb_add(&sb, "\n");
		fputs(sb.buf, stdout);
		sb_free(&sb);
		return 0;
	}
	inspect_run_clear(&r);
	report *rep;
	if (inspect_report_run(&env->ctx, id, clock_now(), &rep, &err) != OD_OK)
		return cli_report(&err);
	char *text = report_render_plain(rep, 80);
	fputs(text, stdout);
	free(text);
	report_free(rep);
	return 0;
}

/* A day given as YYYY-MM-DD: its first instant in the site's zone. */
static int parse_day(const char *opt, const char *text, time_t *out)
{
	od_error err;
	char buf[40];
	snprintf(buf, sizeof buf, "%.10s 00:00", text);
	if (strlen(text) != 10 || clock_parse(buf, out, &err) != OD_OK)
		return cli_usage_error(&cmd_inspect, _("--%s: '%s' is not a day (YYYY-MM-DD)"), opt,
				       text);
	return 0;
}

static int do_report(cli_env *env, int64_t id, const cli_args *a)
{
	od_error err;
	report *rep = NULL;
	time_t now = clock_now();
	const char *from = cli_value(opts, a, "from"), *to = cli_value(opts, a, "to");
	if (id && (from || to))
		return cli_usage_error(&cmd_inspect, _("a run's report takes no --from or --to"));
	if (id) {
		if (inspect_report_run(&env->ctx, id, now, &rep, &err) != OD_OK)
			return cli_report(&err);
	} else {
		if (!from || !to)
			return cli_usage_error(&cmd_inspect,
					       _("'inspect report' needs INS-N, or --from and --to"));
		time_t f, t;
		int rc = parse_day("from", from, &f);
		if (!rc)
			rc = parse_day("to", to, &t);
		if (rc)
			return rc;
		t += 86400; /* --to names the last day of the period */
		if (t <= f)
			return cli_usage_error(&cmd_inspect, _("--to is before --from"));
		if (inspect_report_period(&env->ctx, f, t, now, &rep, &err) != OD_OK)
			return cli_report(&err);
	}
	char *text = env->g.json ? report_render_json(rep)
				 : report_render_text(rep, 80, env->rules->site.page_lines);
	fputs(text, stdout);
	free(text);
	report_free(rep);
	return 0;
}

/* --- run ---------------------------------------------------------------------------- */

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_inspect, opts, subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	bool templates = strcmp(sub, "templates") == 0;
	int64_t id = 0;
	if ((strcmp(sub, "show") == 0 || strcmp(sub, "review") == 0 ||
	     (strcmp(sub, "report") == 0 && a.npos > 1)) &&
	    (rc = parse_run_ref(a.pos[1], &id)) != 0)
		return rc;
	if ((rc = cli_setup(env, !templates, false)) != 0)
		return rc;
	if (templates)
		return do_templates(env);
	if (strcmp(sub, "due") == 0)
		return do_due(env, &a);
	if (strcmp(sub, "record") == 0)
		return do_record(env, &a);
	if (strcmp(sub, "list") == 0)
		return do_list(env, &a);
	if (strcmp(sub, "show") == 0)
		return do_show(env, id);
	od_error err;
	if (strcmp(sub, "review") == 0) {
		if (inspect_review(&env->ctx, id, cli_value(opts, &a, "comment"), &err) != OD_OK)
			return cli_report(&err);
		printf(_("INS-%" PRId64 " reviewed\n"), id);
		return 0;
	}
	return do_report(env, id, &a);
}
