/* opsdesk request new|list|types: service requests from the catalogue.
 * show, do and comment take REQ-n through the record mechanism. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/cli_incident.h"
#include "opsdesk/cli_record.h"
#include "opsdesk/cli_request.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/request.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_request = {
	"request",
	N_("service requests from the catalogue"),
	N_("usage: opsdesk request new --type TYPE --title T [--field FIELD=VALUE]...\n"
	   "                           [--description D] [--requester R] [--contact C]\n"
	   "                           [--channel CH] [--assignee LOGIN]\n"
	   "       opsdesk request list [--state S] [--all] [--mine] [--search TEXT]\n"
	   "                            [--limit N] [--before REQ-n] [--json]\n"
	   "       opsdesk request types [--json]\n"
	   "\n"
	   "A service request (服务请求) asks for a service, not the repair of a fault:\n"
	   "an account, a permission, a password reset, a software install, a repair.\n"
	   "Its type comes from the catalogue in the rules (request types lists them\n"
	   "with their fields, approval steps and SLA targets); --field gives the type's\n"
	   "own fields, and every required one must be given. new prints REQ-n.\n"
	   "A type with approval steps is submitted (opsdesk do REQ-n submit) and each\n"
	   "step approved in order (opsdesk do REQ-n approve) before it can start.\n"
	   "list shows open requests newest first (--all: closed ones too), 50 unless\n"
	   "--limit; --before REQ-n gives the page after that one.\n"),
	run,
	"--type=request_types --state=request_states",
};

static const cli_opt opts[] = {
	{"type", true, false},     {"title", true, false},    {"field", true, true},
	{"description", true, false}, {"requester", true, false}, {"contact", true, false},
	{"channel", true, false},  {"assignee", true, false}, {"state", true, false},
	{"all", false, false},     {"mine", false, false},    {"search", true, false},
	{"limit", true, false},    {"before", true, false},   {0},
};

static const cli_sub subs[] = {
	{.name = "new",
	 .takes = "type title field description requester contact channel assignee",
	 .needs = "type title"},
	{.name = "list", .takes = "state all mine search limit before"},
	{.name = "types"},
	{0},
};

static int do_new(cli_env *env, const cli_args *a)
{
	static const char *const plain[] = {"type",    "title",   "description", "requester",
					    "contact", "channel", "assignee"};
	record_set values[8];
	size_t n = 0;
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
		const char *v = cli_value(opts, a, plain[i]);
		if (v)
			values[n++] = (record_set){plain[i], v};
	}
	int k = cli_opt_index(opts, "field");
	record_set extra[CLI_MAX_VALUES];
	char *names[CLI_MAX_VALUES];
	size_t nextra = 0;
	int rc = 0;
	for (int i = 0; i < a->count[k]; i++) {
		const char *eq = strchr(a->values[k][i], '=');
		if (!eq || eq == a->values[k][i]) {
			rc = cli_usage_error(&cmd_request, _("--field: '%s' is not FIELD=VALUE"),
					     a->values[k][i]);
			goto out;
		}
		names[nextra] = xstrndup(a->values[k][i], (size_t)(eq - a->values[k][i]));
		extra[nextra] = (record_set){names[nextra], eq + 1};
		nextra++;
	}
	int64_t id;
	od_error err;
	if (request_create(&env->ctx, values, n, extra, nextra, &id, &err) != OD_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if (env->g.json)
		printf("{\"ref\":\"REQ-%lld\"}\n", (long long)id);
	else
		printf("REQ-%lld\n", (long long)id);
out:
	for (size_t i = 0; i < nextra; i++)
		free(names[i]);
	return rc;
}

static int do_list(cli_env *env, const cli_args *a)
{
	record_filter f;
	int rc = cli_record_filter(env, &cmd_request, opts, a, &request_kind, &f);
	if (rc != 0)
		return rc;
	od_error err;
	record *v;
	size_t n;
	if (record_list(env->ctx.db, &request_kind, &f, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	time_t now = clock_now();
	strbuf json = {0};
	if (env->g.json) {
		sb_add(&json, "[");
	} else {
		cli_cell(stdout, _("REF"), 9);
		cli_cell(stdout, _(" STATE"), 9);
		cli_cell(stdout, _(" TYPE"), 17);
		cli_cell(stdout, _(" TITLE"), 29);
		cli_cell(stdout, _(" ASSIGNEE"), 11);
		puts(_(" DUE"));
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (env->g.json) {
			strbuf one = {0};
			if (record_json(&env->ctx, &v[i], &one, &err) != OD_OK) {
				rc = cli_report(&err);
			} else {
				/* the request's own members go inside the object */
				if (one.len && one.buf[one.len - 1] == '}')
					one.buf[--one.len] = '\0';
				if (request_json_extra(&env->ctx, &v[i], now, &one, &err) != OD_OK)
					rc = cli_report(&err);
				sb_add(&one, "}");
				sb_addf(&json, "%s%s", i ? ",\n" : "\n", one.buf);
			}
			sb_free(&one);
			continue;
		}
		char ref[32];
		record_ref(&request_kind, v[i].id, ref, sizeof ref);
		const rules_request_type *t =
			rules_request_type_find(env->rules, record_value(&v[i], "type"));
		char when[64] = "";
		sla_result sla;
		if (request_sla(&env->ctx, &v[i], now, &sla, &err) == OD_OK) {
			const sla_clock *c = &sla.resolution;
			char due[32];
			if (c->stopped || c->paused)
				snprintf(when, sizeof when, "%s", cli_sla_word(c));
			else
				snprintf(when, sizeof when, "%s %s", clock_format(c->due, due, sizeof due),
					 cli_sla_word(c));
		}
		cli_cell(stdout, ref, 9);
		fputc(' ', stdout);
		cli_cell(stdout, record_state_name(env->rules, &request_kind, v[i].state), 8);
		fputc(' ', stdout);
		cli_cell(stdout, t ? t->name : record_value(&v[i], "type"), 16);
		fputc(' ', stdout);
		cli_cell(stdout, record_value(&v[i], "title"), 28);
		fputc(' ', stdout);
		cli_cell(stdout, record_value(&v[i], "assignee"), 10);
		fputc(' ', stdout);
		puts(when);
	}
	if (env->g.json && rc == 0) {
		sb_add(&json, n ? "\n]\n" : "]\n");
		fputs(json.buf, stdout);
	}
	sb_free(&json);
	record_list_free(v, n);
	return rc;
}

static void duration(char *buf, size_t len, int minutes)
{
	if (minutes % 60)
		snprintf(buf, len, "%dh%dm", minutes / 60, minutes % 60);
	else
		snprintf(buf, len, "%dh", minutes / 60);
	if (minutes < 60)
		snprintf(buf, len, "%dm", minutes);
}

static void types_json(const rules *r)
{
	strbuf sb = {0};
	sb_add(&sb, "[");
	for (size_t i = 0; i < r->requests.types.n; i++) {
		const rules_request_type *t = &r->requests.types.v[i];
		sb_add(&sb, i ? ",\n{\"id\":" : "\n{\"id\":");
		sb_add_json(&sb, t->id);
		sb_add(&sb, ",\"name\":");
		sb_add_json(&sb, t->name);
		sb_addf(&sb, ",\"response_minutes\":%d,\"resolution_minutes\":%d,\"calendar\":",
			t->response, t->resolution);
		sb_add_json(&sb, t->calendar.id);
		sb_add(&sb, ",\"fields\":[");
		for (size_t j = 0; j < t->fields.n; j++) {
			const rules_request_field *f = &t->fields.v[j];
			sb_add(&sb, j ? ",{\"id\":" : "{\"id\":");
			sb_add_json(&sb, f->id);
			sb_add(&sb, ",\"name\":");
			sb_add_json(&sb, f->name);
			sb_add(&sb, ",\"type\":");
			sb_add_json(&sb, f->type.id ? f->type.id : "text");
			sb_addf(&sb, ",\"required\":%s", f->required ? "true" : "false");
			if (f->choices.n) {
				sb_add(&sb, ",\"choices\":[");
				for (size_t c = 0; c < f->choices.n; c++) {
					sb_add(&sb, c ? ",{\"id\":" : "{\"id\":");
					sb_add_json(&sb, f->choices.v[c].id);
					sb_add(&sb, ",\"name\":");
					sb_add_json(&sb, f->choices.v[c].name);
					sb_add(&sb, "}");
				}
				sb_add(&sb, "]");
			}
			sb_add(&sb, "}");
		}
		sb_add(&sb, "],\"approvals\":[");
		for (size_t j = 0; j < t->approvals.n; j++) {
			const rules_approval_step *st = &t->approvals.v[j];
			sb_add(&sb, j ? ",{\"id\":" : "{\"id\":");
			sb_add_json(&sb, st->id);
			sb_add(&sb, ",\"name\":");
			sb_add_json(&sb, st->name);
			sb_add(&sb, ",\"roles\":[");
			for (size_t k = 0; k < st->roles.n; k++) {
				sb_add(&sb, k ? "," : "");
				sb_add_json(&sb, st->roles.v[k].id);
			}
			sb_add(&sb, "]}");
		}
		sb_add(&sb, "]}");
	}
	sb_add(&sb, r->requests.types.n ? "\n]\n" : "]\n");
	fputs(sb.buf, stdout);
	sb_free(&sb);
}

static int do_types(cli_env *env)
{
	const rules *r = env->rules;
	if (env->g.json) {
		types_json(r);
		return 0;
	}
	if (!r->requests.types.n)
		puts(_("(the rules have no request catalogue)"));
	for (size_t i = 0; i < r->requests.types.n; i++) {
		const rules_request_type *t = &r->requests.types.v[i];
		char a[16], b[16];
		duration(a, sizeof a, t->response);
		duration(b, sizeof b, t->resolution);
		cli_cell(stdout, t->id, 16);
		fputc(' ', stdout);
		cli_puts_safe(stdout, t->name);
		printf(_("\n  SLA: response %s, fulfilment %s (%s)\n"), a, b, t->calendar.id);
		for (size_t j = 0; j < t->fields.n; j++) {
			const rules_request_field *f = &t->fields.v[j];
			printf("  --field ");
			cli_cell(stdout, f->id, 17);
			cli_cell(stdout, f->type.id ? f->type.id : "text", 7);
			cli_puts_safe(stdout, f->name);
			if (f->required)
				fputs(_(" (required)"), stdout);
			if (f->choices.n) {
				fputs(": ", stdout);
				for (size_t c = 0; c < f->choices.n; c++) {
					printf("%s%s=", c ? ", " : "", f->choices.v[c].id);
					cli_puts_safe(stdout, f->choices.v[c].name);
				}
			}
			fputc('\n', stdout);
		}
		for (size_t j = 0; j < t->approvals.n; j++) {
			printf(_("  approval %zu: "), j + 1);
			cli_puts_safe(stdout, t->approvals.v[j].name);
			fputs(" (", stdout);
			for (size_t k = 0; k < t->approvals.v[j].roles.n; k++)
				printf("%s%s", k ? ", " : "", t->approvals.v[j].roles.v[k].id);
			puts(")");
		}
	}
	return 0;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_request, opts, subs, argc, argv, &a, &rc))
		return rc;
	bool types = strcmp(a.sub->name, "types") == 0;
	if ((rc = cli_setup(env, !types, false)) != 0)
		return rc;
	if (types)
		return do_types(env);
	return strcmp(a.sub->name, "new") == 0 ? do_new(env, &a) : do_list(env, &a);
}
