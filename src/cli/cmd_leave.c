/* opsdesk leave add|cancel|list: leave and unavailability, which the roster
 * respects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/roster.h"
#include "opsdesk/staff.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_leave = {
	"leave",
	N_("leave and unavailability"),
	N_("usage: opsdesk leave add LOGIN --from DAY [--to DAY] --reason TEXT\n"
	   "       opsdesk leave cancel ID [--reason TEXT]\n"
	   "       opsdesk leave list [LOGIN] [--from DAY] [--to DAY] [--json]\n"
	   "\n"
	   "Records that LOGIN is away from DAY to DAY (inclusive; default one day).\n"
	   "Anyone may record their own leave; roster.manage records anyone's. People\n"
	   "on leave are not rostered by 'roster set' or 'roster fill', do not count in\n"
	   "'roster check', and cannot take a swapped shift. Shifts already rostered in\n"
	   "the period stay and are listed, to be swapped or reassigned. cancel takes\n"
	   "leave ID (as 'leave list' numbers it) back: the person, or roster.manage.\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {
	{"from", true, false},
	{"to", true, false},
	{"reason", true, false},
	{0},
};

static const cli_sub subs[] = {
	{.name = "add", .args = "LOGIN", .takes = "from to reason", .needs = "from reason"},
	{.name = "cancel", .args = "ID", .takes = "reason"},
	{.name = "list", .args = "[LOGIN]", .takes = "from to"},
	{0},
};

/* On the staff list, deactivated or not: their old leave is still theirs. */
static bool known_login(od_db *db, const char *login, od_error *err)
{
	staff_member m;
	od_status s = staff_get(db, login, &m, err);
	if (s == OD_OK)
		staff_member_clear(&m);
	return s == OD_OK;
}

static int do_list(cli_env *env, const cli_args *a)
{
	leave_entry *v;
	size_t n;
	od_error err;
	const char *from = cli_value(opts, a, "from"), *to = cli_value(opts, a, "to");
	const char *login = a->npos > 1 ? a->pos[1] : NULL;
	if ((from && roster_day_valid(from, "--from", &err) != OD_OK) ||
	    (to && roster_day_valid(to, "--to", &err) != OD_OK))
		return cli_report(&err);
	/* someone not on the staff list is a typo, not a person without leave */
	if (login && !known_login(env->ctx.db, login, &err))
		return cli_report(&err);
	if (leave_list(env->ctx.db, login, from, to, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	strbuf sb = {0};
	if (env->g.json) {
		sb_add(&sb, "[");
		for (size_t i = 0; i < n; i++) {
			char t[40];
			sb_addf(&sb, "%s{\"id\":%lld,\"login\":", i ? ",\n" : "\n", (long long)v[i].id);
			sb_add_json(&sb, v[i].login);
			sb_add(&sb, ",\"from\":");
			sb_add_json(&sb, v[i].first);
			sb_add(&sb, ",\"to\":");
			sb_add_json(&sb, v[i].last);
			sb_add(&sb, ",\"reason\":");
			sb_add_json(&sb, v[i].reason);
			sb_add(&sb, ",\"created_by\":");
			sb_add_json(&sb, v[i].created_by);
			sb_addf(&sb, ",\"created\":\"%s\"}", clock_format_iso(v[i].created, t, sizeof t));
		}
		sb_add(&sb, n ? "\n]\n" : "]\n");
		fputs(sb.buf, stdout);
	} else {
		if (!n)
			puts(_("no leave recorded"));
		for (size_t i = 0; i < n; i++)
			sb_addf(&sb, "%-4lld %-12s %s .. %s  %s\n", (long long)v[i].id, v[i].login,
				v[i].first, v[i].last, v[i].reason);
		if (sb.buf)
			cli_puts_safe(stdout, sb.buf);
	}
	sb_free(&sb);
	leave_entries_free(v, n);
	return 0;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_leave, opts, subs, argc, argv, &a, &rc))
		return rc;
	bool adding = strcmp(a.sub->name, "add") == 0;
	bool cancelling = strcmp(a.sub->name, "cancel") == 0;
	int64_t cancel_id = 0;
	if (cancelling) {
		char *end;
		long long v = strtoll(a.pos[1], &end, 10);
		if (*end || end == a.pos[1] || v < 1)
			return cli_usage_error(&cmd_leave, _("'leave cancel': '%s' is not a leave number"),
					       a.pos[1]);
		cancel_id = v;
	}
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (cancelling) {
		od_error err;
		if (leave_cancel(&env->ctx, cancel_id, cli_value(opts, &a, "reason"), &err) != OD_OK)
			return cli_report(&err);
		printf(_("leave %lld: cancelled\n"), (long long)cancel_id);
		return 0;
	}
	if (!adding)
		return do_list(env, &a);
	const char *from = cli_value(opts, &a, "from"), *to = cli_value(opts, &a, "to");
	od_error err;
	int64_t id;
	roster_entry *clashes;
	size_t n;
	if (leave_add(&env->ctx, a.pos[1], from, to ? to : from, cli_value(opts, &a, "reason"), &id,
		      &clashes, &n, &err) != OD_OK)
		return cli_report(&err);
	printf(_("leave %lld: %s from %s to %s\n"), (long long)id, a.pos[1], from, to ? to : from);
	for (size_t i = 0; i < n; i++)
		printf(_("  still rostered: %s %s (swap or reassign it)\n"), clashes[i].day,
		       clashes[i].shift);
	roster_entries_free(clashes, n);
	return 0;
}
