/* opsdesk audit list|verify|anchor: the audit log, its hash chain, the
 * anchors kept outside the database and the deep check of the records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "opsdesk/audit.h"
#include "opsdesk/audit_deep.h"
#include "opsdesk/cli.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/paths.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_audit = {
	"audit",
	N_("the audit log: list it, verify its hash chain, anchor its head"),
	N_("usage: opsdesk audit list [--record REF] [--actor LOGIN] [--limit N] [--before ID] [--json]\n"
	   "       opsdesk audit verify [--anchor N:HASH]... [--anchors FILE] [--deep]\n"
	   "       opsdesk audit anchor\n"
	   "\n"
	   "list shows entries newest first (50 unless --limit; --before ID pages back).\n"
	   "verify recomputes the hash chain and exits 1 naming the first entry that was\n"
	   "edited, deleted, reordered or cut off, or 0 when the log is intact.\n"
	   "--anchor N:HASH (or a FILE of them, one a line, as anchor prints them) also\n"
	   "proves the log still holds entry N with that hash, which a rewritten chain\n"
	   "does not. --deep replays each record's audited history and names every row\n"
	   "of incidents, staff, roles, roster and assets that differs from it.\n"
	   "anchor prints the head of the log (N:HASH) and writes it to the system log.\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {
	{"record", true, false}, {"actor", true, false},   {"limit", true, false},
	{"before", true, false}, {"anchor", true, true},   {"anchors", true, false},
	{"deep", false, false},  {0},
};

static const cli_sub subs[] = {
	{.name = "list", .takes = "record actor limit before"},
	{.name = "verify", .takes = "anchor anchors deep"},
	{.name = "anchor"},
	{0},
};

static bool parse_count(const cli_args *a, const char *opt, int64_t max, int64_t *out, int *rc)
{
	const char *text = cli_value(opts, a, opt);
	text_num parsed = text ? text_parse_int(text, 1, max, out) : TEXT_NUM_OK;
	if (parsed == TEXT_NUM_BAD)
		*rc = cli_usage_error(&cmd_audit, _("--%s: '%s' is not a positive number"), opt, text);
	else if (parsed == TEXT_NUM_RANGE)
		*rc = cli_usage_error(&cmd_audit, _("--%s: '%s' is out of range (1 to %lld)"), opt,
				      text, (long long)max);
	return parsed == TEXT_NUM_OK;
}

static int do_list(cli_env *env, const cli_args *a)
{
	int64_t limit = 50, before = 0;
	int rc = 0;
	if (!parse_count(a, "limit", CLI_LIMIT_MAX, &limit, &rc) ||
	    !parse_count(a, "before", INT64_MAX, &before, &rc))
		return rc;
	audit_filter f = {cli_value(opts, a, "record"), cli_value(opts, a, "actor"), before,
			  (int)limit};
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

/* The anchors of --anchor and --anchors FILE, into *out (caller frees).
 * A bad one is a usage error: the exit status is returned, 0 to go on. */
static int read_anchors(const cli_args *a, audit_anchor **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int k = cli_opt_index(opts, "anchor");
	size_t cap = (size_t)a->count[k] + 1;
	*out = xcalloc(cap, sizeof **out);
	for (int i = 0; i < a->count[k]; i++) {
		if (!audit_anchor_parse(a->values[k][i], &(*out)[*n]))
			return cli_usage_error(&cmd_audit,
					       _("--anchor: '%s' is not N:HASH (an entry number, a "
						 "colon, 64 lower-case hex digits)"),
					       a->values[k][i]);
		(*n)++;
	}
	const char *file = cli_value(opts, a, "anchors");
	if (!file)
		return 0;
	/* a file the user names is read with the user's own rights */
	od_error err;
	char *text;
	size_t len;
	if (paths_drop_group(&err) != OD_OK)
		return cli_report(&err);
	if (cli_read_file(file, 16u << 20, &text, &len, &err) != OD_OK)
		return cli_report(&err);
	int line = 0, rc = 0;
	for (char *p = text; *p && rc == 0;) {
		size_t l = strcspn(p, "\n");
		char *word = xstrndup(p, l);
		line++;
		p += l;
		if (*p == '\n')
			p++;
		/* a line as anchor prints it, or as syslog keeps it: the first
		 * N:HASH on it counts; blank lines and # comments do not */
		char *start = word + strspn(word, " \t\r");
		char *anchor = strstr(start, "anchor ");
		char *w = anchor ? anchor + 7 : start;
		w[strcspn(w, " \t\r")] = '\0';
		if (*start && *start != '#') {
			if (*n + 1 >= cap)
				*out = xrealloc(*out, (cap *= 2) * sizeof **out);
			if (!audit_anchor_parse(w, &(*out)[*n]))
				rc = cli_usage_error(&cmd_audit,
						     _("--anchors: %s:%d: '%s' is not N:HASH"), file,
						     line, w);
			else
				(*n)++;
		}
		free(word);
	}
	free(text);
	return rc;
}

/* One difference the deep check found, on standard error. */
static void print_difference(const audit_difference *d)
{
	char *cur = text_sanitize(d->current ? d->current : "", false);
	char *rec = text_sanitize(d->recorded ? d->recorded : "", false);
	char *line;
	if (!d->recorded)
		line = xasprintf(_("%s: not in the audit log: the row was added around opsdesk"),
				 d->record);
	else if (!d->current)
		line = xasprintf(_("%s: the audit log records it, but the row is gone"), d->record);
	else
		line = xasprintf(_("%s: %s: is '%s', its audited history says '%s'"), d->record,
				 d->field ? d->field : "", cur, rec);
	fputs("opsdesk: ", stderr);
	cli_puts_safe(stderr, line);
	fputc('\n', stderr);
	free(line);
	free(cur);
	free(rec);
}

static int do_verify(cli_env *env, const cli_args *a)
{
	audit_anchor *anchors;
	size_t nanchors;
	int rc = read_anchors(a, &anchors, &nanchors);
	if (rc != 0) {
		free(anchors);
		return rc;
	}
	audit_report r;
	od_error err;
	od_status s = audit_verify_anchors(env->ctx.db, anchors, nanchors, &r, &err);
	free(anchors);
	if (s == OD_CONFLICT) {
		fprintf(stderr, _("opsdesk: audit log damaged: %s\n"), r.problem);
		return 1;
	}
	if (s != OD_OK)
		return cli_report(&err);
	printf(ngettext("audit log intact: %lld entry verified\n",
			"audit log intact: %lld entries verified\n", (unsigned long)r.checked),
	       (long long)r.checked);
	if (nanchors)
		printf(ngettext("anchor held: the log still holds %lld anchored entry\n",
				"anchors held: the log still holds %lld anchored entries\n",
				(unsigned long)r.anchors),
		       (long long)r.anchors);
	if (!cli_value(opts, a, "deep"))
		return 0;
	audit_difference *v;
	size_t n;
	if (audit_deep(env->ctx.db, env->rules, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	for (size_t i = 0; i < n; i++)
		print_difference(&v[i]);
	audit_differences_free(v, n);
	if (n) {
		fprintf(stderr,
			ngettext("opsdesk: deep check: %zu difference between the records and their "
				 "audited history: changed around opsdesk\n",
				 "opsdesk: deep check: %zu differences between the records and their "
				 "audited history: changed around opsdesk\n",
				 n),
			n);
		return 1;
	}
	puts(_("deep check: every incident, member of staff, role, roster day and asset matches "
	       "its audited history"));
	return 0;
}

/* Writes the head to the system log, where cron and a remote syslog keep
 * it beyond the reach of whoever can write the database. */
static int do_anchor(cli_env *env)
{
	audit_report r;
	od_error err;
	od_status s = audit_verify(env->ctx.db, &r, &err);
	if (s == OD_CONFLICT) {
		fprintf(stderr, _("opsdesk: audit log damaged, not anchored: %s\n"), r.problem);
		return 1;
	}
	if (s != OD_OK)
		return cli_report(&err);
	int64_t id;
	char hash[65];
	if (audit_head(env->ctx.db, &id, hash, &err) != OD_OK)
		return cli_report(&err);
	openlog("opsdesk", LOG_PID, LOG_AUTH);
	/* the path is the user's to choose only outside a shared install,
	 * and is shown, not interpreted */
	char *where = text_sanitize(env->db_path, false);
	syslog(LOG_NOTICE, "audit anchor %lld:%s database %s", (long long)id, hash, where);
	closelog();
	free(where);
	printf("%lld:%s\n", (long long)id, hash);
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
	if (strcmp(a.sub->name, "list") == 0)
		return do_list(env, &a);
	if (strcmp(a.sub->name, "anchor") == 0)
		return do_anchor(env);
	return do_verify(env, &a);
}
