/* opsdesk audit list|verify: the audit log and its hash chain. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/audit.h"
#include "opsdesk/cli.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_audit = {
	"audit",
	N_("the audit log: list it, verify its hash chain"),
	N_("usage: opsdesk audit list [--record REF] [--actor LOGIN] [--limit N] [--before ID] [--json]\n"
	   "       opsdesk audit verify\n"
	   "\n"
	   "list shows entries newest first (50 unless --limit; --before ID pages back).\n"
	   "verify recomputes the hash chain and exits 1 naming the first entry that was\n"
	   "edited, deleted, reordered or cut off, or 0 when the log is intact.\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {
	{"record", true, false}, {"actor", true, false}, {"limit", true, false}, {"before", true, false}, {0},
};

static const cli_sub subs[] = {
	{.name = "list", .takes = "record actor limit before"},
	{.name = "verify"},
	{0},
};

static bool parse_count(const char *text, long long *out)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	if (*end || v <= 0 || end == text)
		return false;
	*out = v;
	return true;
}

static int do_list(cli_env *env, const cli_args *a)
{
	long long limit = 50, before = 0;
	const char *text;
	if ((text = cli_value(opts, a, "limit")) && !parse_count(text, &limit))
		return cli_usage_error(&cmd_audit, _("--limit: '%s' is not a positive number"), text);
	if ((text = cli_value(opts, a, "before")) && !parse_count(text, &before))
		return cli_usage_error(&cmd_audit, _("--before: '%s' is not an entry id"), text);
	audit_filter f = {cli_value(opts, a, "record"), cli_value(opts, a, "actor"), before,
			  (int)(limit > 100000 ? 100000 : limit)};
	audit_entry *v;
	size_t n;
	od_error err;
	if (audit_list(env->ctx.db, &f, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	char when[40];
	if (env->g.json) {
		strbuf sb = {0};
		sb_add(&sb, "[");
		for (size_t i = 0; i < n; i++) {
			sb_addf(&sb, "%s\n{\"id\":%lld,\"at\":\"%s\",\"actor\":", i ? "," : "",
				(long long)v[i].id, clock_format_iso(v[i].at, when, sizeof when));
			sb_add_json(&sb, v[i].actor);
			sb_add(&sb, ",\"op\":");
			sb_add_json(&sb, v[i].op);
			sb_add(&sb, ",\"record\":");
			sb_add_json(&sb, v[i].record);
			/* detail is JSON written by the core; embedded as it is */
			sb_addf(&sb, ",\"detail\":%s,\"hash\":\"%s\"}", v[i].detail, v[i].hash);
		}
		sb_add(&sb, n ? "\n]\n" : "]\n");
		fputs(sb.buf, stdout);
		sb_free(&sb);
	} else {
		for (size_t i = 0; i < n; i++) {
			printf("%6lld  %s  ", (long long)v[i].id, clock_format(v[i].at, when, sizeof when));
			cli_cell(stdout, v[i].actor, 10);
			fputc(' ', stdout);
			cli_cell(stdout, v[i].op, 18);
			fputc(' ', stdout);
			cli_cell(stdout, v[i].record, 20);
			fputc(' ', stdout);
			cli_puts_safe(stdout, v[i].detail);
			fputc('\n', stdout);
		}
	}
	audit_entries_free(v, n);
	return 0;
}

static int do_verify(cli_env *env)
{
	audit_report r;
	od_error err;
	od_status s = audit_verify(env->ctx.db, &r, &err);
	if (s == OD_CONFLICT) {
		fprintf(stderr, _("opsdesk: audit log damaged: %s\n"), r.problem);
		return 1;
	}
	if (s != OD_OK)
		return cli_report(&err);
	printf(ngettext("audit log intact: %lld entry verified\n",
			"audit log intact: %lld entries verified\n", (unsigned long)r.checked),
	       (long long)r.checked);
	return 0;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_audit, opts, subs, argc, argv, &a, &rc))
		return rc;
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	return strcmp(a.sub->name, "list") == 0 ? do_list(env, &a) : do_verify(env);
}
