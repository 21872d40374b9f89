/* opsdesk handover note|list|ack: notes kept during a shift and the
 * incoming person's acknowledgement at shift change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/cli_roster.h"
#include "opsdesk/clock.h"
#include "opsdesk/handover.h"
#include "opsdesk/i18n.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_handover = {
	"handover",
	N_("handover notes and their acknowledgement"),
	N_("usage: opsdesk handover note TEXT [--follow-up LOGIN] [--due TIME] [--shift DAY/SHIFT]\n"
	   "       opsdesk handover list [--shift DAY/SHIFT] [--json]\n"
	   "       opsdesk handover ack [--shift DAY/SHIFT]\n"
	   "\n"
	   "During a shift the people on duty note what the next shift must know: an\n"
	   "item to follow up, who follows it up (--follow-up) and by when (--due).\n"
	   "note and list work on the shift on duty now unless --shift names another\n"
	   "(such as 2026-11-21/D). At shift change the incoming person acknowledges the\n"
	   "handover of the shift that has just ended (or --shift), which records the\n"
	   "time and the names on both sides, once. Notes are written by people on the\n"
	   "shift, acknowledgements by people on the next one; holders of roster.manage\n"
	   "may do both.\n"),
	run,
	"SHIFT=shifts",
};

static const cli_opt opts[] = {
	{"shift", true, false},
	{"follow-up", true, false},
	{"due", true, false},
	{0},
};

static const cli_sub subs[] = {
	{.name = "note", .args = "TEXT", .takes = "follow-up due shift"},
	{.name = "list", .takes = "shift"},
	{.name = "ack", .takes = "shift"},
	{0},
};

static void list_json(const shift_slot *slot, const handover_note *v, size_t n,
		      const handover_ack *ack)
{
	strbuf sb = {0};
	char t[40];
	sb_add(&sb, "{\"day\":");
	sb_add_json(&sb, slot->day);
	sb_add(&sb, ",\"shift\":");
	sb_add_json(&sb, slot->shift->id);
	sb_add(&sb, ",\"notes\":[");
	for (size_t i = 0; i < n; i++) {
		sb_addf(&sb, "%s{\"id\":%lld,\"author\":", i ? ",\n" : "\n", (long long)v[i].id);
		sb_add_json(&sb, v[i].author);
		sb_addf(&sb, ",\"at\":\"%s\",\"text\":", clock_format_iso(v[i].at, t, sizeof t));
		sb_add_json(&sb, v[i].text);
		sb_add(&sb, ",\"follow_up\":");
		sb_add_json(&sb, v[i].follow_up);
		if (v[i].due)
			sb_addf(&sb, ",\"due\":\"%s\"}", clock_format_iso(v[i].due, t, sizeof t));
		else
			sb_add(&sb, ",\"due\":null}");
	}
	sb_add(&sb, "],\"ack\":");
	if (ack->at) {
		sb_add(&sb, "{\"outgoing\":");
		sb_add_json(&sb, ack->outgoing);
		sb_add(&sb, ",\"incoming\":");
		sb_add_json(&sb, ack->incoming);
		sb_addf(&sb, ",\"at\":\"%s\"}", clock_format_iso(ack->at, t, sizeof t));
	} else {
		sb_add(&sb, "null");
	}
	sb_add(&sb, "}\n");
	fputs(sb.buf, stdout);
	sb_free(&sb);
}

static int do_list(cli_env *env, const shift_slot *slot)
{
	od_error err;
	handover_note *v;
	size_t n;
	if (handover_notes(env->ctx.db, slot, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	handover_ack ack = {0};
	handover_ack_get(env->ctx.db, slot, &ack, &err);
	if (env->g.json) {
		list_json(slot, v, n, &ack);
	} else {
		strbuf sb = {0};
		char t1[40], t2[40];
		sb_addf(&sb, _("handover of %s %s %s (%s - %s)\n"), slot->day, slot->shift->id,
			slot->shift->name, clock_format(slot->start, t1, sizeof t1),
			clock_format(slot->end, t2, sizeof t2));
		if (!n)
			sb_addf(&sb, "  %s\n", _("(no notes)"));
		for (size_t i = 0; i < n; i++) {
			sb_addf(&sb, "  %lld. %s %s: %s", (long long)v[i].id,
				clock_format(v[i].at, t1, sizeof t1), v[i].author, v[i].text);
			if (v[i].follow_up[0])
				sb_addf(&sb, _(" [follow-up: %s"), v[i].follow_up);
			if (v[i].follow_up[0] && v[i].due)
				sb_addf(&sb, _(", by %s"), clock_format(v[i].due, t2, sizeof t2));
			else if (v[i].due)
				sb_addf(&sb, _(" [by %s"), clock_format(v[i].due, t2, sizeof t2));
			sb_add(&sb, v[i].follow_up[0] || v[i].due ? "]\n" : "\n");
		}
		if (ack.at)
			sb_addf(&sb, _("acknowledged at %s by %s, handed over by %s\n"),
				clock_format(ack.at, t1, sizeof t1), ack.incoming,
				ack.outgoing[0] ? ack.outgoing : "-");
		else
			sb_addf(&sb, "%s\n", _("not acknowledged yet"));
		cli_puts_safe(stdout, sb.buf);
		sb_free(&sb);
	}
	handover_ack_clear(&ack);
	handover_notes_free(v, n);
	return 0;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_handover, opts, subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	bool noting = strcmp(sub, "note") == 0, acking = strcmp(sub, "ack") == 0;
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (env->rules->shifts.n == 0) {
		fprintf(stderr, _("opsdesk: the rules define no shifts, so there are no handovers\n"));
		return 2;
	}
	shift_slot slot;
	if ((rc = cli_pick_slot(env, cli_value(opts, &a, "shift"), acking, &slot)) != 0)
		return rc;
	od_error err;
	if (!noting && !acking)
		return do_list(env, &slot);
	if (acking) {
		if (handover_acknowledge(&env->ctx, &slot, &err) != OD_OK)
			return cli_report(&err);
		printf(_("handover of %s %s acknowledged by %s\n"), slot.day, slot.shift->id,
		       env->ctx.login);
		return 0;
	}
	time_t due = 0;
	const char *due_text = cli_value(opts, &a, "due");
	if (due_text && clock_parse(due_text, &due, &err) != OD_OK)
		return cli_usage_error(&cmd_handover, "--due: %s", err.msg);
	int64_t id;
	if (handover_note_add(&env->ctx, &slot, a.pos[1], cli_value(opts, &a, "follow-up"), due, &id,
			      &err) != OD_OK)
		return cli_report(&err);
	printf(_("handover note %lld on %s %s\n"), (long long)id, slot.day, slot.shift->id);
	return 0;
}
