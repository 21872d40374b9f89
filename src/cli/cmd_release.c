/* opsdesk release new|add|list|show: releases bundling changes. The
 * workflow (prepare, go, no_go, ...) is opsdesk do REL-n ACTION. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/change.h"
#include "opsdesk/cli.h"
#include "opsdesk/cli_record.h"
#include "opsdesk/i18n.h"
#include "opsdesk/release.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_release = {
	"release",
	N_("releases: changes that go out together"),
	N_("usage: opsdesk release new --title T [--plan TEXT] [--start TIME] [--end TIME]\n"
	   "                           [--manager LOGIN] [--change REF]...\n"
	   "       opsdesk release add REF CHANGE[,CHANGE...]\n"
	   "       opsdesk release list [--all] [--limit N] [--json]\n"
	   "       opsdesk release show REF [--json]\n"
	   "\n"
	   "new records a release and prints its reference (REL-2); add puts open\n"
	   "changes in it. The preparation checklist is edited with do --set\n"
	   "backup_done=yes (env_checked, users_notified); the go decision\n"
	   "(releases.go in the rules) needs all of it. show lists the release's\n"
	   "changes with their states.\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {
	{"title", true, false}, {"plan", true, false},  {"start", true, false},
	{"end", true, false},   {"manager", true, false}, {"change", true, true},
	{"all", false, false},  {"limit", true, false}, {0},
};

static const cli_sub subs[] = {
	{.name = "new", .takes = "title plan start end manager change", .needs = "title"},
	{.name = "add", .args = "REF CHANGE[,CHANGE...]"},
	{.name = "list", .takes = "all limit"},
	{.name = "show", .args = "REF"},
	{0},
};

static int parse_release_ref(const char *text, int64_t *id)
{
	const record_kind *k;
	od_error err;
	if (record_parse_ref(text, &k, id, &err) != OD_OK)
		return cli_usage_error(&cmd_release, "%s", err.msg);
	if (k != &release_kind)
		return cli_usage_error(&cmd_release, _("'%s' is not a release (REL-n)"), text);
	return 0;
}

static int do_new(cli_env *env, const cli_args *a)
{
	static const char *const fields[] = {"title", "plan", "start", "end", "manager"};
	record_set sets[5];
	size_t n = 0;
	for (size_t i = 0; i < 5; i++)
		if (cli_value(opts, a, fields[i]))
			sets[n++] = (record_set){fields[i], cli_value(opts, a, fields[i])};
	od_error err;
	int64_t id;
	if (record_create(&env->ctx, &release_kind, sets, n, &id, &err) != OD_OK)
		return cli_report(&err);
	int c = cli_opt_index(opts, "change");
	for (int i = 0; i < a->count[c]; i++)
		if (release_add(&env->ctx, id, a->values[c][i], &err) != OD_OK)
			return cli_report(&err);
	char ref[32];
	record_ref(&release_kind, id, ref, sizeof ref);
	puts(ref);
	return 0;
}

static int do_show(cli_env *env, int64_t id)
{
	return cli_record_show(env, &release_kind, id);
}

static int do_list(cli_env *env, const cli_args *a)
{
	const char *limit_text = cli_value(opts, a, "limit");
	int64_t limit = 50;
	if (limit_text && text_parse_int(limit_text, 1, CLI_LIMIT_MAX, &limit) != TEXT_NUM_OK)
		return cli_usage_error(&cmd_release, _("--limit: '%s' is not a number from 1 to %d"),
				       limit_text, CLI_LIMIT_MAX);
	record_filter f = {.include_closed = cli_value(opts, a, "all") != NULL, .limit = (int)limit};
	record *v;
	size_t n;
	od_error err;
	if (record_list(env->ctx.db, &release_kind, &f, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	strbuf sb = {0};
	od_status s = OD_OK;
	if (env->g.json) {
		sb_add(&sb, "[");
		for (size_t i = 0; i < n && s == OD_OK; i++) {
			sb_add(&sb, i ? ",\n" : "\n");
			s = record_json(&env->ctx, &v[i], &sb, &err);
		}
		sb_add(&sb, n ? "\n]\n" : "]\n");
		if (s == OD_OK)
			fputs(sb.buf, stdout);
	} else {
		if (!n)
			sb_addf(&sb, "%s\n", _("no releases"));
		for (size_t i = 0; i < n; i++) {
			char ref[32];
			record_ref(&release_kind, v[i].id, ref, sizeof ref);
			char *c0 = text_fit(ref, 7, false),
			     *c1 = text_fit(record_state_name(env->rules, &release_kind, v[i].state), 8, false),
			     *c2 = text_fit(record_value(&v[i], "start"), 16, false);
			sb_addf(&sb, "%s %s %s %s\n", c0, c1, c2, record_value(&v[i], "title"));
			free(c0), free(c1), free(c2);
		}
		cli_puts_safe(stdout, sb.buf);
	}
	sb_free(&sb);
	record_list_free(v, n);
	return s == OD_OK ? 0 : cli_report(&err);
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_release, opts, subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	int64_t id = 0;
	if ((strcmp(sub, "add") == 0 || strcmp(sub, "show") == 0) &&
	    (rc = parse_release_ref(a.pos[1], &id)) != 0)
		return rc;
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (strcmp(sub, "new") == 0)
		return do_new(env, &a);
	if (strcmp(sub, "list") == 0)
		return do_list(env, &a);
	if (strcmp(sub, "show") == 0)
		return do_show(env, id);
	od_error err;
	int added = 0;
	char *list = xstrdup(a.pos[2]);
	for (char *save, *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save), added++)
		if (release_add(&env->ctx, id, c, &err) != OD_OK) {
			free(list);
			return cli_report(&err);
		}
	free(list);
	printf(_("%s: %d change(s) added\n"), a.pos[1], added);
	return 0;
}
