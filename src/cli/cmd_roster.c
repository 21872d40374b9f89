/* opsdesk roster show|set|fill|check|import|export: the duty roster. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/cli_roster.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/roster.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_roster = {
	"roster",
	N_("the duty roster: shifts per person and day"),
	N_("usage: opsdesk roster show [--month YYYY-MM] [--json]\n"
	   "       opsdesk roster set DAY LOGIN SHIFT[,SHIFT]|- [--reason TEXT] [--expect SHIFTS]\n"
	   "       opsdesk roster fill --rotation ID --from DAY (--days N | --to DAY)\n"
	   "                           --people LOGIN[,LOGIN...]\n"
	   "       opsdesk roster check [--from DAY] [--to DAY] [--month YYYY-MM] [--json]\n"
	   "       opsdesk roster import FILE [--encoding utf-8|gb18030]\n"
	   "       opsdesk roster export [--format csv|ics] [--from DAY] [--to DAY]\n"
	   "                             [--month YYYY-MM] [--person LOGIN] [--output FILE]\n"
	   "\n"
	   "Days are YYYY-MM-DD in the site's time zone; a shift belongs to the day it\n"
	   "starts. show prints the month (default: this one) as a grid with each\n"
	   "person's totals. set puts a person on exactly the given shifts that day ('-'\n"
	   "for none); --expect refuses the change when the cell no longer holds the\n"
	   "shifts you saw ('' for none). fill applies a rotation of the rules to the\n"
	   "people in order, replacing their cells in the period; days of leave stay\n"
	   "empty and are listed. check lists every shift short of its minimum number of\n"
	   "people or of a required role (default: from today for 31 days) and exits 1\n"
	   "when there is any, so it can run from cron. set, fill and import need the\n"
	   "roster.manage permission. Once published, shifts change hands through\n"
	   "'opsdesk swap'.\n"),
	run,
	"SHIFT=shifts --rotation=rotations",
};

static const cli_opt opts[] = {
	{"month", true, false},    {"reason", true, false}, {"expect", true, false},
	{"rotation", true, false}, {"from", true, false},   {"to", true, false},
	{"days", true, false},     {"people", true, true},  {"encoding", true, false},
	{"format", true, false},   {"person", true, false}, {"output", true, false},
	{0},
};

static const cli_sub subs[] = {
	{.name = "show", .takes = "month"},
	{.name = "set", .args = "DAY LOGIN SHIFT[,SHIFT]|-", .takes = "reason expect"},
	{.name = "fill", .takes = "rotation from days to people", .needs = "rotation from people"},
	{.name = "check", .takes = "from to month"},
	{.name = "import", .args = "FILE", .takes = "encoding"},
	{.name = "export", .takes = "format from to month person output"},
	{0},
};

/* --month YYYY-MM (or this month) into its first and last day. */
static bool month_range(const char *month, char first[ROSTER_DAY_LEN], char last[ROSTER_DAY_LEN])
{
	char today[ROSTER_DAY_LEN];
	roster_day_of(clock_now(), today);
	if (month && strlen(month) != 7)
		return false;
	snprintf(first, ROSTER_DAY_LEN, "%.7s-01", month ? month : today);
	od_error err;
	if (roster_day_valid(first, "month", &err) != OD_OK)
		return false;
	roster_day_add(last, first, civil_month_days(atoi(first), atoi(first + 5)) - 1);
	return true;
}

/* The period of --from/--to/--month, or from today for default_days. */
static int period(const cli_args *a, int default_days, char first[ROSTER_DAY_LEN],
		  char last[ROSTER_DAY_LEN])
{
	const char *month = cli_value(opts, a, "month"), *from = cli_value(opts, a, "from"),
		   *to = cli_value(opts, a, "to");
	od_error err;
	if (month) {
		if (!month_range(month, first, last))
			return cli_usage_error(&cmd_roster, _("--month: '%s' is not a month (YYYY-MM)"),
					       month);
		return 0;
	}
	if (from && roster_day_valid(from, "--from", &err) != OD_OK)
		return cli_report(&err);
	if (to && roster_day_valid(to, "--to", &err) != OD_OK)
		return cli_report(&err);
	if (from)
		snprintf(first, ROSTER_DAY_LEN, "%s", from);
	else
		roster_day_of(clock_now(), first);
	if (to)
		snprintf(last, ROSTER_DAY_LEN, "%s", to);
	else
		roster_day_add(last, first, default_days - 1);
	if (strcmp(first, last) > 0)
		return cli_usage_error(&cmd_roster, _("--to %s is before --from %s"), last, first);
	return 0;
}

static const char *const weekday_short[] = {N_("Su"), N_("Mo"), N_("Tu"), N_("We"),
					    N_("Th"), N_("Fr"), N_("Sa")};

static void print_totals_json(strbuf *sb, const roster_totals *t)
{
	sb_addf(sb, "{\"shifts\":%d,\"nights\":%d,\"weekend_or_holiday\":%d,\"hours\":%.1f}",
		t->shifts, t->nights, t->weekend_or_holiday, t->minutes / 60.0);
}

static int show_json(const char *first, const roster_entry *e, size_t n,
		     const staff_member *staff, size_t nstaff, const roster_totals *totals)
{
	strbuf sb = {0};
	sb_add(&sb, "{\"from\":");
	sb_add_json(&sb, first);
	sb_add(&sb, ",\"entries\":[");
	for (size_t i = 0; i < n; i++) {
		sb_add(&sb, i ? ",\n{\"day\":" : "\n{\"day\":");
		sb_add_json(&sb, e[i].day);
		sb_add(&sb, ",\"shift\":");
		sb_add_json(&sb, e[i].shift);
		sb_add(&sb, ",\"login\":");
		sb_add_json(&sb, e[i].login);
		sb_add(&sb, "}");
	}
	sb_add(&sb, "],\n\"totals\":[");
	for (size_t p = 0; p < nstaff; p++) {
		sb_add(&sb, p ? ",\n{\"login\":" : "\n{\"login\":");
		sb_add_json(&sb, staff[p].login);
		sb_add(&sb, ",\"name\":");
		sb_add_json(&sb, staff[p].name);
		sb_add(&sb, ",\"totals\":");
		print_totals_json(&sb, &totals[p]);
		sb_add(&sb, "}");
	}
	sb_add(&sb, "]}\n");
	fputs(sb.buf, stdout);
	sb_free(&sb);
	return 0;
}

static int do_show(cli_env *env, const cli_args *a)
{
	char first[ROSTER_DAY_LEN], last[ROSTER_DAY_LEN];
	if (!month_range(cli_value(opts, a, "month"), first, last))
		return cli_usage_error(&cmd_roster, _("--month: '%s' is not a month (YYYY-MM)"),
				       cli_value(opts, a, "month"));
	od_error err;
	roster_entry *e;
	size_t n;
	staff_member *staff;
	size_t nstaff;
	if (roster_range(env->ctx.db, env->rules, first, last, &e, &n, &err) != OD_OK)
		return cli_report(&err);
	if (staff_list(env->ctx.db, true, &staff, &nstaff, &err) != OD_OK) {
		roster_entries_free(e, n);
		return cli_report(&err);
	}
	int days = roster_day_diff(first, last) + 1;
	roster_totals *totals = xcalloc(nstaff + 1, sizeof *totals);
	bool *rostered = xcalloc(nstaff + 1, sizeof *rostered);
	/* each person's day as shown: up to two codes, "~" on leave, "." */
	char (*cells)[3] = xcalloc((nstaff + 1) * (size_t)days, sizeof *cells);
	for (size_t i = 0; i < n; i++)
		for (size_t p = 0; p < nstaff; p++)
			if (strcmp(staff[p].login, e[i].login) == 0) {
				roster_totals_add(env->rules, &e[i], &totals[p]);
				rostered[p] = true;
				char *cell = cells[p * (size_t)days + (size_t)roster_day_diff(first, e[i].day)];
				strncat(cell, e[i].shift, 2 - strlen(cell));
			}
	leave_entry *leave;
	size_t nleave;
	if (leave_list(env->ctx.db, NULL, first, last, &leave, &nleave, &err) != OD_OK)
		nleave = 0, leave = NULL;
	for (size_t i = 0; i < nleave; i++)
		for (size_t p = 0; p < nstaff; p++)
			for (int d = 0; strcmp(staff[p].login, leave[i].login) == 0 && d < days; d++) {
				char day[ROSTER_DAY_LEN];
				roster_day_add(day, first, d);
				char *cell = cells[p * (size_t)days + (size_t)d];
				if (!*cell && strcmp(day, leave[i].first) >= 0 && strcmp(day, leave[i].last) <= 0)
					strcpy(cell, "~");
			}
	leave_entries_free(leave, nleave);
	int rc = 0;
	if (env->g.json) {
		rc = show_json(first, e, n, staff, nstaff, totals);
		goto done;
	}
	/* header: day numbers, then weekdays with weekends and holidays marked */
	printf("%.7s\n", first);
	cli_cell(stdout, "", 16);
	for (int d = 0; d < days; d++)
		printf(" %2d", d + 1);
	printf("  %s\n", _("SHIFTS NIGHTS WKND/HOL HOURS"));
	cli_cell(stdout, "", 16);
	for (int d = 0; d < days; d++) {
		char day[ROSTER_DAY_LEN];
		roster_day_add(day, first, d);
		roster_day_kind kind = roster_day_kind_of(env->rules, day);
		printf("%c%s", kind == DAY_HOLIDAY ? '*' : kind == DAY_WEEKEND ? '+' : ' ',
		       _(weekday_short[roster_day_weekday(day)]));
	}
	putchar('\n');
	for (size_t p = 0; p < nstaff; p++) {
		if (!staff[p].active && !rostered[p])
			continue;
		char label[160];
		snprintf(label, sizeof label, "%s %s", staff[p].name, staff[p].login);
		cli_cell(stdout, label, 16);
		for (int d = 0; d < days; d++) {
			const char *cell = cells[p * (size_t)days + (size_t)d];
			fputc(' ', stdout);
			cli_cell(stdout, *cell ? cell : ".", 2);
		}
		printf("  %6d %6d %8d %5.1f\n", totals[p].shifts, totals[p].nights,
		       totals[p].weekend_or_holiday, totals[p].minutes / 60.0);
	}
	puts(_("(. no shift, ~ on leave; + weekend, * holiday; two shifts on a day show both codes)"));
done:
	free(cells);
	free(totals);
	free(rostered);
	staff_list_free(staff, nstaff);
	roster_entries_free(e, n);
	return rc;
}

/* "D,N" (or "-" / "" for none) into codes; the array points into buf. */
static size_t split_list(char *buf, const char **codes, size_t max)
{
	size_t n = 0;
	for (char *tok = strtok(buf, ", "); tok && n < max; tok = strtok(NULL, ", "))
		if (strcmp(tok, "-") != 0)
			codes[n++] = tok;
	return n;
}

static int do_set(cli_env *env, const cli_args *a)
{
	char *buf = xstrdup(a->pos[3]);
	const char *codes[16];
	size_t n = split_list(buf, codes, 16);
	od_error err;
	od_status s = roster_set(&env->ctx, a->pos[1], a->pos[2], codes, n,
				 cli_value(opts, a, "expect"), cli_value(opts, a, "reason"), &err);
	free(buf);
	if (s != OD_OK)
		return cli_report(&err);
	char *now = roster_cell(env->ctx.db, env->rules, a->pos[1], a->pos[2]);
	printf(_("roster %s %s: %s\n"), a->pos[1], a->pos[2], *now ? now : "-");
	free(now);
	return 0;
}

static int do_fill(cli_env *env, const cli_args *a)
{
	const char *rotation = cli_value(opts, a, "rotation"), *from = cli_value(opts, a, "from"),
		   *to = cli_value(opts, a, "to"), *days_text = cli_value(opts, a, "days");
	if (!to && !days_text)
		return cli_usage_error(&cmd_roster, _("'roster fill' needs --days or --to"));
	if (to && days_text)
		return cli_usage_error(&cmd_roster, _("'roster fill' takes --days or --to, not both"));
	od_error err;
	if (roster_day_valid(from, "--from", &err) != OD_OK)
		return cli_report(&err);
	int days;
	if (to) {
		if (roster_day_valid(to, "--to", &err) != OD_OK)
			return cli_report(&err);
		days = roster_day_diff(from, to) + 1;
	} else {
		int64_t v;
		if (text_parse_int(days_text, 1, 366, &v) != TEXT_NUM_OK)
			return cli_usage_error(&cmd_roster, _("--days: '%s' is not a number of days (1-366)"),
					       days_text);
		days = (int)v;
	}
	int k = cli_opt_index(opts, "people");
	strbuf all = {0};
	for (int i = 0; i < a->count[k]; i++)
		sb_addf(&all, "%s%s", i ? "," : "", a->values[k][i]);
	const char *people[64];
	size_t npeople = split_list(all.buf, people, 64);
	roster_entry *skipped;
	size_t nskipped;
	od_status s = roster_fill(&env->ctx, rotation, from, days, people, npeople, &skipped,
				  &nskipped, &err);
	if (s != OD_OK) {
		sb_free(&all);
		return cli_report(&err);
	}
	char last[ROSTER_DAY_LEN];
	roster_day_add(last, from, days - 1);
	printf(_("roster filled from %s to %s with rotation %s for %zu people\n"), from, last,
	       rotation, npeople);
	for (size_t i = 0; i < nskipped; i++)
		printf(_("  left empty: %s %s %s (on leave)\n"), skipped[i].day, skipped[i].shift,
		       skipped[i].login);
	roster_entries_free(skipped, nskipped);
	sb_free(&all);
	return 0;
}

static char *role_names(const rules *r, char **ids, size_t n)
{
	strbuf sb = {0};
	sb_add(&sb, "");
	for (size_t i = 0; i < n; i++) {
		const rules_role *role = rules_role_find(r, ids[i]);
		sb_addf(&sb, "%s%s", i ? "、" : "", role ? role->name : ids[i]);
	}
	return sb_take(&sb);
}

static int do_check(cli_env *env, const cli_args *a)
{
	char first[ROSTER_DAY_LEN], last[ROSTER_DAY_LEN];
	int rc = period(a, 31, first, last);
	if (rc)
		return rc;
	if (env->rules->shifts.n == 0) {
		fprintf(stderr, _("opsdesk: the rules define no shifts, so there is no roster to check\n"));
		return 2;
	}
	od_error err;
	roster_gap *g;
	size_t n;
	if (roster_check(env->ctx.db, env->rules, first, last, &g, &n, &err) != OD_OK)
		return cli_report(&err);
	roster_rest *rest;
	size_t nrest;
	if (roster_rest_check(env->ctx.db, env->rules, first, last, &rest, &nrest, &err) != OD_OK) {
		roster_gaps_free(g, n);
		return cli_report(&err);
	}
	strbuf sb = {0};
	if (env->g.json)
		sb_add(&sb, "[");
	for (size_t i = 0; i < n; i++) {
		const shift_slot *sl = &g[i].slot;
		char *missing = role_names(env->rules, g[i].missing_roles, g[i].nmissing);
		if (env->g.json) {
			sb_add(&sb, i ? ",\n{\"day\":" : "\n{\"day\":");
			sb_add_json(&sb, sl->day);
			sb_add(&sb, ",\"shift\":");
			sb_add_json(&sb, sl->shift->id);
			sb_addf(&sb, ",\"people\":%d,\"required\":%d,\"missing_roles\":[", g[i].people,
				g[i].required);
			for (size_t k = 0; k < g[i].nmissing; k++) {
				sb_add(&sb, k ? "," : "");
				sb_add_json(&sb, g[i].missing_roles[k]);
			}
			sb_add(&sb, "],\"absent\":[");
			for (size_t k = 0; k < g[i].nabsent; k++) {
				sb_add(&sb, k ? "," : "");
				sb_add_json(&sb, g[i].absent[k]);
			}
			sb_add(&sb, "]}");
		} else {
			sb_addf(&sb, _("%s %s %s: %d of %d people"), sl->day, sl->shift->id,
				sl->shift->name, g[i].people, g[i].required);
			if (g[i].nmissing)
				sb_addf(&sb, _("; no %s"), missing);
			for (size_t k = 0; k < g[i].nabsent; k++)
				sb_addf(&sb, _("; %s is on leave or inactive"), g[i].absent[k]);
			sb_add(&sb, "\n");
		}
		free(missing);
	}
	for (size_t i = 0; i < nrest; i++) {
		const roster_rest *x = &rest[i];
		if (env->g.json) {
			sb_add(&sb, n + i ? ",\n{\"problem\":\"rest\",\"login\":" : "\n{\"problem\":\"rest\",\"login\":");
			sb_add_json(&sb, x->login);
			sb_add(&sb, ",\"day\":");
			sb_add_json(&sb, x->after.day);
			sb_add(&sb, ",\"shift\":");
			sb_add_json(&sb, x->after.shift->id);
			sb_add(&sb, ",\"after_day\":");
			sb_add_json(&sb, x->before.day);
			sb_add(&sb, ",\"after_shift\":");
			sb_add_json(&sb, x->before.shift->id);
			sb_addf(&sb, ",\"rest_minutes\":%d,\"min_rest_minutes\":%d}", x->rest_minutes,
				env->rules->roster.min_rest);
		} else {
			sb_addf(&sb, _("%s %s %s: %s has %d h %02d min off after %s %s, less than %d h %02d min\n"),
				x->after.day, x->after.shift->id, x->after.shift->name, x->login,
				x->rest_minutes / 60, abs(x->rest_minutes) % 60, x->before.day,
				x->before.shift->id, env->rules->roster.min_rest / 60,
				env->rules->roster.min_rest % 60);
		}
	}
	if (env->g.json)
		sb_add(&sb, n + nrest ? "\n]\n" : "]\n");
	else {
		if (n)
			sb_addf(&sb,
				ngettext("%zu shift short from %s to %s\n", "%zu shifts short from %s to %s\n", n),
				n, first, last);
		else
			sb_addf(&sb, _("every shift covered from %s to %s\n"), first, last);
		if (nrest)
			sb_addf(&sb,
				ngettext("%zu shift too soon after the one before, from %s to %s\n",
					 "%zu shifts too soon after the one before, from %s to %s\n", nrest),
				nrest, first, last);
	}
	cli_puts_safe(stdout, sb.buf);
	sb_free(&sb);
	roster_gaps_free(g, n);
	roster_rests_free(rest, nrest);
	return n || nrest ? 1 : 0;
}

static int do_export(cli_env *env, const cli_args *a)
{
	char first[ROSTER_DAY_LEN], last[ROSTER_DAY_LEN];
	int rc;
	if (!cli_value(opts, a, "from") && !cli_value(opts, a, "to") && !cli_value(opts, a, "month")) {
		if (!month_range(NULL, first, last))
			return 2;
	} else if ((rc = period(a, 31, first, last)) != 0) {
		return rc;
	}
	const char *format = cli_value(opts, a, "format");
	if (format && strcmp(format, "csv") != 0 && strcmp(format, "ics") != 0)
		return cli_usage_error(&cmd_roster, _("--format: '%s' is not csv or ics"), format);
	/* without --format the output file's extension decides */
	return cli_roster_export(env, format, first, last, cli_value(opts, a, "person"),
				 cli_value(opts, a, "output"));
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_roster, opts, subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (strcmp(sub, "show") == 0)
		return do_show(env, &a);
	if (strcmp(sub, "set") == 0)
		return do_set(env, &a);
	if (strcmp(sub, "fill") == 0)
		return do_fill(env, &a);
	if (strcmp(sub, "check") == 0)
		return do_check(env, &a);
	if (strcmp(sub, "import") == 0)
		return cli_roster_import(env, a.pos[1], cli_value(opts, &a, "encoding"));
	return do_export(env, &a);
}
