/* opsdesk change new|list|show|edit|vote|calendar|conflicts|step: change
 * requests on the command line. The fields come from the kind's
 * declaration (change_kind); this file maps options to them and prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/change.h"
#include "opsdesk/cli.h"
#include "opsdesk/cli_change.h"
#include "opsdesk/cli_record.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/roster.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_change = {
	"change",
	N_("change requests: the CAB's votes, the change calendar and its conflicts"),
	N_("usage: opsdesk change new --title T --type standard|normal|emergency --ci TAG[,TAG...]\n"
	   "                          --start TIME --end TIME [--implementer LOGIN] [--plan TEXT]\n"
	   "                          [--rollback TEXT] [--content TEXT] [--purpose TEXT]\n"
	   "                          [--category C] [--services TEXT] [--impact TEXT]\n"
	   "                          [--outage yes|no] [--outage-minutes N] [--assessment IDS]\n"
	   "                          [--test-plan TEXT] [--emergency-plan TEXT]\n"
	   "                          [--requester LOGIN] [--verifier LOGIN] [--incident REF]...\n"
	   "       opsdesk change list [--state S] [--mine] [--awaiting-vote] [--week] [--all]\n"
	   "                           [--search TEXT] [--limit N] [--json]\n"
	   "       opsdesk change show REF [--json]\n"
	   "       opsdesk change edit REF [field options as for new] [--version N]\n"
	   "       opsdesk change vote REF approve|reject|abstain [--note TEXT]\n"
	   "       opsdesk change calendar --from DAY --to DAY [--all] [--json]\n"
	   "       opsdesk change conflicts REF [--json]\n"
	   "       opsdesk change step REF add TEXT\n"
	   "       opsdesk change step REF done N --started TIME --ended TIME\n"
	   "                                 [--deviation TEXT] [--result TEXT]\n"
	   "       opsdesk change incident REF [--title T] [--impact L] [--urgency L]\n"
	   "\n"
	   "new records a change in its first state and prints its reference (CHG-3); the\n"
	   "requester defaults to you. TIME is as for incident new --occurred (site time\n"
	   "\"2026-12-05 22:00\" or ISO 8601). --assessment lists the risk questions\n"
	   "answered yes (ids from changes.risk.questions); the risk level follows.\n"
	   "Take the workflow's steps with opsdesk do CHG-3 ACTION (submit, assess, ...).\n"
	   "vote: who may vote and how many votes decide come from changes.approval; the\n"
	   "vote that decides approves or rejects the change. Nobody votes on a change\n"
	   "they requested or implement, or twice in a round.\n"
	   "list: open changes, newest first (--all: closed ones too); --mine: yours to\n"
	   "implement; --awaiting-vote: those you may still vote on; --week: this week's\n"
	   "calendar. calendar: the changes whose window overlaps DAY to DAY (inclusive).\n"
	   "conflicts: the window's conflicts with other changes on its CIs, freezes,\n"
	   "the implementer's roster and leave and the maintenance windows; exits 1 when\n"
	   "there is any. incident: opens an incident linked to the change (a failed\n"
	   "change), on its first CI, and prints its reference.\n"),
	run,
	"--type=change_types --category=change_categories --state=change_states "
	"--assessment=risk_questions",
};

static const cli_opt opts[] = {
	{"title", true, false},	      {"type", true, false},
	{"ci", true, false},	      {"start", true, false},
	{"end", true, false},	      {"implementer", true, false},
	{"plan", true, false},	      {"rollback", true, false},
	{"content", true, false},     {"purpose", true, false},
	{"category", true, false},    {"services", true, false},
	{"impact", true, false},      {"outage", true, false},
	{"outage-minutes", true, false}, {"assessment", true, false},
	{"test-plan", true, false},   {"emergency-plan", true, false},
	{"requester", true, false},   {"verifier", true, false},
	{"incident", true, true},     {"state", true, false},
	{"mine", false, false},	      {"awaiting-vote", false, false},
	{"week", false, false},	      {"all", false, false},
	{"search", true, false},      {"limit", true, false},
	{"version", true, false},     {"note", true, false},
	{"from", true, false},	      {"to", true, false},
	{"started", true, false},     {"ended", true, false},
	{"deviation", true, false},   {"result", true, false},
	{"urgency", true, false},
	{0},
};

#define FIELDS                                                                                  \
	"title type ci start end implementer plan rollback content purpose category services "  \
	"impact outage outage-minutes assessment test-plan emergency-plan requester verifier"

static const cli_sub subs[] = {
	{.name = "new", .takes = FIELDS " incident", .needs = "title type start end"},
	{.name = "list", .takes = "state mine awaiting-vote week all search limit"},
	{.name = "show", .args = "REF"},
	{.name = "edit", .args = "REF", .takes = FIELDS " version"},
	{.name = "vote", .args = "REF VOTE", .takes = "note"},
	{.name = "calendar", .takes = "from to all", .needs = "from to"},
	{.name = "conflicts", .args = "REF"},
	{.name = "step", .args = "REF WHAT [TEXT|N]", .takes = "started ended deviation result"},
	{.name = "incident", .args = "REF", .takes = "title impact urgency"},
	{0},
};

static int parse_change_ref(const char *text, int64_t *id)
{
	od_error err;
	if (record_parse_ref_of(&change_kind, text, id, &err) != OD_OK)
		return cli_usage_error(&cmd_change, "%s", err.msg);
	return 0;
}

static int do_new(cli_env *env, const cli_args *a)
{
	record_set sets[32];
	char names[32][32];
	size_t n = cli_field_sets(opts, FIELDS, a, sets, names, 30);
	bool has_requester = false;
	for (size_t i = 0; i < n; i++)
		has_requester |= strcmp(sets[i].field, "requester") == 0;
	if (!has_requester)
		sets[n++] = (record_set){"requester", env->ctx.login};
	od_error err;
	/* the linked incidents must exist before anything is stored */
	int inc = cli_opt_index(opts, "incident");
	for (int i = 0; i < a->count[inc]; i++) {
		const record_kind *k;
		int64_t iid;
		if (record_parse_ref(a->values[inc][i], &k, &iid, &err) != OD_OK)
			return cli_report(&err);
		record r;
		if (!k || strcmp(k->name, "incident") != 0) {
			od_fail(&err, OD_INVALID, _("incident: '%s' is not an incident (INC-n)"),
				a->values[inc][i]);
			return cli_report(&err);
		}
		if (record_get(env->ctx.db, k, iid, &r, &err) != OD_OK)
			return cli_report(&err);
		record_clear(&r);
	}
	int64_t id;
	if (record_create(&env->ctx, &change_kind, sets, n, &id, &err) != OD_OK)
		return cli_report(&err);
	char ref[32];
	record_ref(&change_kind, id, ref, sizeof ref);
	for (int i = 0; i < a->count[inc]; i++)
		if (record_link(&env->ctx, ref, "incident", a->values[inc][i], "change", false, &err) !=
		    OD_OK)
			return cli_report(&err);
	puts(ref);
	return 0;
}

static int do_vote(cli_env *env, const cli_args *a, int64_t id)
{
	od_error err;
	const char *vote = a->pos[2];
	if (strcmp(vote, "approve") != 0 && strcmp(vote, "reject") != 0 &&
	    strcmp(vote, "abstain") != 0)
		return cli_usage_error(&cmd_change, _("vote: '%s' is not approve, reject or abstain"),
				       vote);
	if (change_vote_cast(&env->ctx, id, vote, cli_value(opts, a, "note"), &err) != OD_OK)
		return cli_report(&err);
	record rec;
	if (record_get(env->ctx.db, &change_kind, id, &rec, &err) != OD_OK)
		return cli_report(&err);
	change_tally t;
	if (change_tally_get(&env->ctx, &rec, &t, &err) != OD_OK) {
		record_clear(&rec);
		return cli_report(&err);
	}
	char ref[32];
	record_ref(&change_kind, id, ref, sizeof ref);
	char *needs = change_tally_needs(env->rules, &t);
	const char *state = record_state_name(env->rules, &change_kind, rec.state);
	if (t.voting && needs[0])
		printf(_("%s: %s recorded; still needed: %s\n"), ref, vote, needs);
	else
		printf(_("%s: %s recorded; the change is %s\n"), ref, vote, state);
	free(needs);
	change_tally_clear(&t);
	record_clear(&rec);
	return 0;
}

/* --- printing --------------------------------------------------------------- */

static bool state_known(const rules *r, const char *state)
{
	const rules_workflow *w = &r->workflows.change;
	for (size_t i = 0; i < w->states.n; i++)
		if (strcmp(w->states.v[i].id, state) == 0)
			return true;
	return false;
}

static int do_show(cli_env *env, int64_t id)
{
	return cli_record_show(env, &change_kind, id);
}

static int do_conflicts(cli_env *env, int64_t id)
{
	od_error err;
	record rec;
	if (record_get(env->ctx.db, &change_kind, id, &rec, &err) != OD_OK)
		return cli_report(&err);
	change_conflict *v;
	size_t n;
	od_status s = change_conflicts(&env->ctx, &rec, &v, &n, &err);
	record_clear(&rec);
	if (s != OD_OK)
		return cli_report(&err);
	strbuf sb = {0};
	if (env->g.json) {
		cli_change_conflicts_json(&sb, v, n);
		sb_add(&sb, "\n");
		fputs(sb.buf, stdout);
	} else {
		char ref[32];
		record_ref(&change_kind, id, ref, sizeof ref);
		if (!n)
			sb_addf(&sb, _("%s: no conflicts\n"), ref);
		for (size_t i = 0; i < n; i++)
			sb_addf(&sb, "%s %s %s: %s\n", ref,
				v[i].blocks ? _("[blocks]") : _("[override]"), v[i].kind, v[i].reason);
		cli_puts_safe(stdout, sb.buf);
	}
	sb_free(&sb);
	change_conflicts_free(v, n);
	return n ? 1 : 0;
}

/* One line per change: reference, window, state, type, risk, title. */
static void list_line(strbuf *sb, const cli_env *env, const record *r)
{
	char ref[32];
	record_ref(&change_kind, r->id, ref, sizeof ref);
	char *cells[] = {
		text_fit(ref, 7, false),
		text_fit(record_value(r, "start"), 16, false),
		text_fit(record_state_name(env->rules, &change_kind, r->state), 8, false),
		text_fit(record_value(r, "type"), 9, false),
		text_fit(record_value(r, "risk"), 6, false),
	};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		sb_addf(sb, "%s ", cells[i]);
		free(cells[i]);
	}
	sb_addf(sb, "%s\n", record_value(r, "title"));
}

static int print_records(cli_env *env, record *v, size_t n, const char *none)
{
	strbuf sb = {0};
	od_error err;
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
			sb_addf(&sb, "%s\n", none);
		for (size_t i = 0; i < n; i++)
			list_line(&sb, env, &v[i]);
		cli_puts_safe(stdout, sb.buf);
	}
	sb_free(&sb);
	record_list_free(v, n);
	return s == OD_OK ? 0 : cli_report(&err);
}

static bool day_start(const char *day, time_t *t, od_error *err)
{
	if (roster_day_valid(day, "day", err) != OD_OK)
		return false;
	char text[32];
	snprintf(text, sizeof text, "%s 00:00", day);
	return clock_parse(text, t, err) == OD_OK;
}

static int do_calendar(cli_env *env, const cli_args *a)
{
	const char *from = cli_value(opts, a, "from"), *to = cli_value(opts, a, "to");
	od_error err;
	time_t t0, t1;
	if (!day_start(from, &t0, &err))
		return cli_usage_error(&cmd_change, "--from: %s", err.msg);
	char after[ROSTER_DAY_LEN];
	if (roster_day_valid(to, "to", &err) != OD_OK)
		return cli_usage_error(&cmd_change, "--to: %s", err.msg);
	roster_day_add(after, to, 1);
	if (!day_start(after, &t1, &err))
		return cli_report(&err);
	if (t1 <= t0)
		return cli_usage_error(&cmd_change, _("--to: %s is before --from %s"), to, from);
	record *v;
	size_t n;
	if (change_calendar(env->ctx.db, env->rules, t0, t1, cli_value(opts, a, "all") != NULL, 0, &v,
			    &n, &err) != OD_OK)
		return cli_report(&err);
	return print_records(env, v, n, _("no changes in the period"));
}

static int do_list(cli_env *env, const cli_args *a)
{
	const char *limit_text = cli_value(opts, a, "limit");
	int64_t limit = 50;
	if (limit_text && text_parse_int(limit_text, 1, CLI_LIMIT_MAX, &limit) != TEXT_NUM_OK)
		return cli_usage_error(&cmd_change, _("--limit: '%s' is not a number from 1 to %d"),
				       limit_text, CLI_LIMIT_MAX);
	od_error err;
	record *v;
	size_t n;
	if (cli_value(opts, a, "week")) {
		char today[ROSTER_DAY_LEN], monday[ROSTER_DAY_LEN], next[ROSTER_DAY_LEN];
		roster_day_of(clock_now(), today);
		roster_day_add(monday, today, -((roster_day_weekday(today) + 6) % 7));
		roster_day_add(next, monday, 7);
		time_t t0, t1;
		if (!day_start(monday, &t0, &err) || !day_start(next, &t1, &err))
			return cli_report(&err);
		if (change_calendar(env->ctx.db, env->rules, t0, t1, false, (int)limit, &v, &n, &err) !=
		    OD_OK)
			return cli_report(&err);
		return print_records(env, v, n, _("no changes this week"));
	}
	const char *state = cli_value(opts, a, "state");
	if (state && !state_known(env->rules, state)) {
		od_fail(&err, OD_INVALID, _("state: '%s' is not a state of workflows.change"), state);
		return cli_report(&err);
	}
	bool awaiting = cli_value(opts, a, "awaiting-vote") != NULL;
	record_filter f = {
		.state = awaiting ? env->rules->changes.approval.state.id : state,
		.include_closed = cli_value(opts, a, "all") != NULL || state,
		.mine = cli_value(opts, a, "mine") ? env->ctx.login : NULL,
		.search = cli_value(opts, a, "search"),
		.limit = (int)limit,
	};
	if (f.search && text_check("search", f.search, 200, false, true, &err) != OD_OK)
		return cli_report(&err);
	if (record_list(env->ctx.db, &change_kind, &f, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	if (awaiting) {
		/* those in the approval state the acting user may still vote on */
		size_t kept = 0;
		for (size_t i = 0; i < n; i++) {
			change_tally t;
			bool mine = false;
			if (change_tally_get(&env->ctx, &v[i], &t, NULL) == OD_OK) {
				for (size_t j = 0; j < t.nmay && !mine; j++)
					mine = strcmp(t.may[j], env->ctx.login) == 0;
				change_tally_clear(&t);
			}
			if (mine)
				v[kept++] = v[i];
			else
				record_clear(&v[i]);
		}
		n = kept;
	}
	return print_records(env, v, n, _("no changes"));
}

static int do_step(cli_env *env, const cli_args *a, int64_t id)
{
	od_error err;
	const char *what = a->pos[2];
	if (strcmp(what, "add") == 0) {
		if (a->npos != 4)
			return cli_usage_error(&cmd_change, _("'change step REF add' needs the step's TEXT"));
		int seq;
		if (change_step_add(&env->ctx, id, a->pos[3], &seq, &err) != OD_OK)
			return cli_report(&err);
		printf(_("step %d added\n"), seq);
		return 0;
	}
	if (strcmp(what, "done") != 0)
		return cli_usage_error(&cmd_change, _("step: '%s' is not add or done"), what);
	int64_t seq;
	if (a->npos != 4 || text_parse_int(a->pos[3], 1, 10000, &seq) != TEXT_NUM_OK)
		return cli_usage_error(&cmd_change, _("'change step REF done' needs the step's number N"));
	const char *st = cli_value(opts, a, "started"), *en = cli_value(opts, a, "ended");
	if (!st || !en)
		return cli_usage_error(&cmd_change, _("'change step REF done' needs --started and --ended"));
	time_t t0, t1;
	if (clock_parse(st, &t0, &err) != OD_OK)
		return cli_usage_error(&cmd_change, "--started: %s", err.msg);
	if (clock_parse(en, &t1, &err) != OD_OK)
		return cli_usage_error(&cmd_change, "--ended: %s", err.msg);
	if (change_step_done(&env->ctx, id, (int)seq, t0, t1, cli_value(opts, a, "deviation"),
			     cli_value(opts, a, "result"), &err) != OD_OK)
		return cli_report(&err);
	printf(_("step %d done\n"), (int)seq);
	return 0;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_change, opts, subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	int64_t id = 0;
	bool by_ref = a.npos > 1 && strcmp(sub, "new") != 0 && strcmp(sub, "list") != 0 &&
		      strcmp(sub, "calendar") != 0;
	if (by_ref && (rc = parse_change_ref(a.pos[1], &id)) != 0)
		return rc;
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (strcmp(sub, "new") == 0)
		return do_new(env, &a);
	if (strcmp(sub, "list") == 0)
		return do_list(env, &a);
	if (strcmp(sub, "calendar") == 0)
		return do_calendar(env, &a);
	if (strcmp(sub, "show") == 0)
		return do_show(env, id);
	if (strcmp(sub, "edit") == 0)
		return cli_record_edit(env, &cmd_change, opts, &a, &change_kind, FIELDS, id);
	if (strcmp(sub, "vote") == 0)
		return do_vote(env, &a, id);
	if (strcmp(sub, "conflicts") == 0)
		return do_conflicts(env, id);
	if (strcmp(sub, "incident") == 0) {
		od_error err;
		int64_t inc;
		if (change_open_incident(&env->ctx, id, cli_value(opts, &a, "title"),
					 cli_value(opts, &a, "impact"), cli_value(opts, &a, "urgency"),
					 &inc, &err) != OD_OK)
			return cli_report(&err);
		printf("INC-%lld\n", (long long)inc);
		return 0;
	}
	return do_step(env, &a, id);
}
