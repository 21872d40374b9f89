/* opsdesk log add|list: the duty log (值班记录) of a shift. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/cli_roster.h"
#include "opsdesk/clock.h"
#include "opsdesk/dutylog.h"
#include "opsdesk/i18n.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_log = {
	"log",
	N_("the duty log of a shift"),
	N_("usage: opsdesk log add TEXT [--category C] [--at TIME] [--corrects N]\n"
	   "       opsdesk log list [--shift DAY/SHIFT] [--json]\n"
	   "\n"
	   "The people on duty write down what happens during a shift: calls taken,\n"
	   "checks done, visitors to the machine room, events worth noting. Each entry\n"
	   "has a category from the rules' duty_log.categories (the first by default)\n"
	   "and a time (--at, default now; never in the future), and belongs to the\n"
	   "shift that time falls in. Entries are never changed or deleted: a mistake\n"
	   "is corrected by a later entry that names it with --corrects N.\n"
	   "list shows the shift on duty now unless --shift names another.\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {
	{"category", true, false},
	{"at", true, false},
	{"corrects", true, false},
	{"shift", true, false},
	{0},
};

static const cli_sub subs[] = {
	{.name = "add", .args = "TEXT", .takes = "category at corrects"},
	{.name = "list", .takes = "shift"},
	{0},
};

static void list_json(const cli_env *env, const shift_slot *slot, const dutylog_entry *v,
		      size_t n)
{
	strbuf sb = {0};
	char t[40];
	sb_add(&sb, "{\"day\":");
	sb_add_json(&sb, slot->day);
	sb_add(&sb, ",\"shift\":");
	sb_add_json(&sb, slot->shift->id);
	sb_add(&sb, ",\"entries\":[");
	for (size_t i = 0; i < n; i++) {
		sb_addf(&sb, "%s{\"id\":%lld,\"at\":\"%s\",\"category\":", i ? ",\n" : "\n",
			(long long)v[i].id, clock_format_iso(v[i].at, t, sizeof t));
		sb_add_json(&sb, v[i].category);
		sb_add(&sb, ",\"category_name\":");
		sb_add_json(&sb, dutylog_category_name(env->rules, v[i].category));
		sb_add(&sb, ",\"text\":");
		sb_add_json(&sb, v[i].text);
		sb_add(&sb, ",\"author\":");
		sb_add_json(&sb, v[i].author);
		sb_addf(&sb, ",\"written\":\"%s\",\"corrects\":", clock_format_iso(v[i].created, t, sizeof t));
		if (v[i].corrects)
			sb_addf(&sb, "%lld}", (long long)v[i].corrects);
		else
			sb_add(&sb, "null}");
	}
	sb_add(&sb, "]}\n");
	fputs(sb.buf, stdout);
	sb_free(&sb);
}

static int do_list(cli_env *env, const shift_slot *slot)
{
	od_error err;
	dutylog_entry *v;
	size_t n;
	if (dutylog_list(env->ctx.db, slot, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	if (env->g.json) {
		list_json(env, slot, v, n);
		dutylog_entries_free(v, n);
		return 0;
	}
	char t1[40], t2[40];
	strbuf sb = {0};
	sb_addf(&sb, _("duty log of %s %s %s (%s - %s)\n"), slot->day, slot->shift->id,
		slot->shift->name, clock_format(slot->start, t1, sizeof t1),
		clock_format(slot->end, t2, sizeof t2));
	if (!n)
		sb_addf(&sb, "  %s\n", _("(no entries)"));
	for (size_t i = 0; i < n; i++) {
		char *cat = text_fit(dutylog_category_name(env->rules, v[i].category), 8, false);
		sb_addf(&sb, "%4lld  %s  %s  %s", (long long)v[i].id,
			clock_format(v[i].at, t1, sizeof t1) + 11, cat, v[i].author);
		if (v[i].corrects)
			sb_addf(&sb, _("  (corrects %lld)"), (long long)v[i].corrects);
		sb_addf(&sb, "\n      %s\n", v[i].text);
		free(cat);
	}
	cli_puts_safe(stdout, sb.buf);
	sb_free(&sb);
	dutylog_entries_free(v, n);
	return 0;
}

static int do_add(cli_env *env, const cli_args *a)
{
	od_error err;
	time_t at = 0;
	const char *at_text = cli_value(opts, a, "at");
	if (at_text && clock_parse(at_text, &at, &err) != OD_OK)
		return cli_usage_error(&cmd_log, "--at: %s", err.msg);
	int64_t corrects = 0;
	const char *c = cli_value(opts, a, "corrects");
	if (c) {
		char *end;
		errno = 0;
		long long v = strtoll(c, &end, 10);
		if (errno || *end || end == c || v <= 0)
			return cli_usage_error(&cmd_log, _("--corrects: '%s' is not an entry number"), c);
		corrects = v;
	}
	int64_t id;
	shift_slot slot;
	if (dutylog_add(&env->ctx, a->pos[1], cli_value(opts, a, "category"), at, corrects, &id,
			&slot, &err) != OD_OK)
		return cli_report(&err);
	printf(_("duty log entry %lld on %s %s\n"), (long long)id, slot.day, slot.shift->id);
	return 0;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_log, opts, subs, argc, argv, &a, &rc))
		return rc;
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (env->rules->shifts.n == 0) {
		fprintf(stderr, _("opsdesk: the rules define no shifts, so there is no duty log\n"));
		return 2;
	}
	if (strcmp(a.sub->name, "add") == 0)
		return do_add(env, &a);
	shift_slot slot;
	if ((rc = cli_pick_slot(env, cli_value(opts, &a, "shift"), false, &slot)) != 0)
		return rc;
	return do_list(env, &slot);
}
