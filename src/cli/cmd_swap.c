/* opsdesk swap request|agree|decline|approve|reject|list: shift swaps that
 * need the other person's agreement and a manager's approval. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/swap.h"
#include "opsdesk/xalloc.h"
#include "opsdesk/text.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_swap = {
	"swap",
	N_("shift swaps: request, agree, approve"),
	N_("usage: opsdesk swap request DAY/SHIFT --with LOGIN [--back DAY/SHIFT] --reason TEXT\n"
	   "                          [--for LOGIN]\n"
	   "       opsdesk swap agree|decline ID [--comment TEXT]\n"
	   "       opsdesk swap approve|reject ID --comment TEXT\n"
	   "       opsdesk swap list [--all] [--json]\n"
	   "\n"
	   "Nobody swaps a shift without the operations manager's prior approval. You\n"
	   "ask to give your shift DAY/SHIFT (such as 2026-12-01/N) to --with, who may\n"
	   "give you --back one of theirs; they agree or decline; a holder of\n"
	   "roster.approve (never one of the two) approves or rejects it with a comment.\n"
	   "Only approval changes the roster, and it is refused when either shift has\n"
	   "changed hands meanwhile. A holder of roster.manage may reassign a shift on\n"
	   "someone's behalf with --for LOGIN and a reason: that applies at once. list\n"
	   "shows pending requests (--all: every request).\n"),
	run,
	"SHIFT=shifts",
};

static const cli_opt opts[] = {
	{"with", true, false},    {"back", true, false}, {"reason", true, false},
	{"for", true, false},     {"comment", true, false}, {"all", false, false},
	{0},
};

static const cli_sub subs[] = {
	{.name = "request",
	 .args = "DAY/SHIFT",
	 .takes = "with back reason for",
	 .needs = "with reason"},
	{.name = "agree", .args = "ID", .takes = "comment"},
	{.name = "decline", .args = "ID", .takes = "comment"},
	{.name = "approve", .args = "ID", .takes = "comment", .needs = "comment"},
	{.name = "reject", .args = "ID", .takes = "comment", .needs = "comment"},
	{.name = "list", .takes = "all"},
	{0},
};

static bool parse_id(const char *text, int64_t *id)
{
	return text_parse_int(text, 1, INT64_MAX, id) == TEXT_NUM_OK;
}

static void request_json(strbuf *sb, const swap_request *q)
{
	char t[40];
	sb_addf(sb, "{\"id\":%lld,\"owner\":", (long long)q->id);
	sb_add_json(sb, q->owner);
	sb_add(sb, ",\"day\":");
	sb_add_json(sb, q->day);
	sb_add(sb, ",\"shift\":");
	sb_add_json(sb, q->shift);
	sb_add(sb, ",\"with\":");
	sb_add_json(sb, q->other);
	sb_add(sb, ",\"back_day\":");
	sb_add_json(sb, q->other_day);
	sb_add(sb, ",\"back_shift\":");
	sb_add_json(sb, q->other_shift);
	sb_add(sb, ",\"reason\":");
	sb_add_json(sb, q->reason);
	sb_add(sb, ",\"state\":");
	sb_add_json(sb, q->state);
	sb_add(sb, ",\"requested_by\":");
	sb_add_json(sb, q->requested_by);
	sb_addf(sb, ",\"created\":\"%s\",\"decided_by\":", clock_format_iso(q->created, t, sizeof t));
	sb_add_json(sb, q->decided_by);
	sb_add(sb, ",\"comment\":");
	sb_add_json(sb, q->comment);
	sb_add(sb, "}");
}

static int do_list(cli_env *env, const cli_args *a)
{
	swap_request *v;
	size_t n;
	od_error err;
	if (swap_list(env->ctx.db, !cli_value(opts, a, "all"), &v, &n, &err) != OD_OK)
		return cli_report(&err);
	strbuf sb = {0};
	if (env->g.json) {
		sb_add(&sb, "[");
		for (size_t i = 0; i < n; i++) {
			sb_add(&sb, i ? ",\n" : "\n");
			request_json(&sb, &v[i]);
		}
		sb_add(&sb, n ? "\n]\n" : "]\n");
		fputs(sb.buf, stdout);
	} else {
		if (!n)
			puts(cli_value(opts, a, "all") ? _("no swap requests") : _("no pending swap requests"));
		for (size_t i = 0; i < n; i++) {
			const swap_request *q = &v[i];
			/* the state as people say it, padded by display width;
			 * --json keeps the id */
			char *state = text_fit(swap_state_text(q->state), 10, false);
			sb_addf(&sb, "%-4lld %s %s %s/%s -> %s", (long long)q->id, state, q->owner,
				q->day, q->shift, q->other);
			free(state);
			if (q->other_day[0])
				sb_addf(&sb, _(", back %s/%s"), q->other_day, q->other_shift);
			sb_addf(&sb, ": %s", q->reason);
			if (q->comment[0])
				sb_addf(&sb, " [%s: %s]", q->decided_by, q->comment);
			sb_add(&sb, "\n");
		}
		if (sb.buf)
			cli_puts_safe(stdout, sb.buf);
	}
	sb_free(&sb);
	swap_requests_free(v, n);
	return 0;
}

/* DAY/SHIFT into its parts, checked against the rules. */
static bool split_slot(cli_env *env, const char *text, shift_slot *slot, od_error *err)
{
	return roster_slot_parse(env->rules, text, slot, err) == OD_OK;
}

static int do_request(cli_env *env, const cli_args *a)
{
	const char *with = cli_value(opts, a, "with"), *back = cli_value(opts, a, "back");
	od_error err;
	shift_slot mine, theirs;
	if (!split_slot(env, a->pos[1], &mine, &err) || (back && !split_slot(env, back, &theirs, &err)))
		return cli_report(&err);
	swap_ask ask = {
		.owner = cli_value(opts, a, "for"),
		.day = mine.day,
		.shift = mine.shift->id,
		.other = with,
		.other_day = back ? theirs.day : NULL,
		.other_shift = back ? theirs.shift->id : NULL,
		.reason = cli_value(opts, a, "reason"),
	};
	int64_t id;
	if (swap_request_new(&env->ctx, &ask, &id, &err) != OD_OK)
		return cli_report(&err);
	swap_request q;
	if (swap_get(env->ctx.db, id, &q, &err) != OD_OK)
		return cli_report(&err);
	if (strcmp(q.state, SWAP_REASSIGNED) == 0)
		printf(_("swap %lld: %s/%s reassigned from %s to %s\n"), (long long)id, q.day, q.shift,
		       q.owner, q.other);
	else
		printf(_("swap %lld: requested; waiting for %s to agree, then for a manager\n"),
		       (long long)id, q.other);
	swap_request_clear(&q);
	return 0;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_swap, opts, subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	bool answer = strcmp(sub, "agree") == 0 || strcmp(sub, "decline") == 0;
	bool decide = strcmp(sub, "approve") == 0 || strcmp(sub, "reject") == 0;
	bool listing = strcmp(sub, "list") == 0;
	int64_t id = 0;
	if ((answer || decide) && !parse_id(a.pos[1], &id))
		return cli_usage_error(&cmd_swap, _("'swap %s': '%s' is not a request number"), sub,
				       a.pos[1]);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (listing)
		return do_list(env, &a);
	if (!answer && !decide)
		return do_request(env, &a);
	od_error err;
	const char *comment = cli_value(opts, &a, "comment");
	bool yes = strcmp(sub, "agree") == 0 || strcmp(sub, "approve") == 0;
	od_status s = answer ? swap_answer(&env->ctx, id, yes, comment, &err)
			     : swap_decide(&env->ctx, id, yes, comment, &err);
	if (s != OD_OK)
		return cli_report(&err);
	swap_request q;
	if (swap_get(env->ctx.db, id, &q, &err) != OD_OK)
		return cli_report(&err);
	printf(_("swap %lld: %s\n"), (long long)id, swap_state_text(q.state));
	swap_request_clear(&q);
	return 0;
}
