/* opsdesk oncall [--at TIME] [--json]: who is on duty, and the next shift. */
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

const cli_command cmd_oncall = {
	"oncall",
	N_("who is on duty now, and the next shift"),
	N_("usage: opsdesk oncall [--at TIME] [--json]\n"
	   "\n"
	   "Shows the shift on duty at TIME (default: now) with its people, their roles\n"
	   "and phones, and the next shift. TIME is a site time such as\n"
	   "'2026-11-21 08:00' or ISO 8601. A shift is on duty from its start up to, not\n"
	   "including, its end: at 08:00 the day shift that starts at 08:00 is on duty.\n"
	   "People rostered but on leave or deactivated are listed as absent.\n"),
	run,
	"SHIFT=shifts",
};

static const cli_opt opts[] = {
	{"at", true, false},
	{0},
};

/* One slot as text (headed title) or JSON (under key). */
static void print_slot(cli_env *env, const char *key, const char *title, const shift_slot *slot,
		       strbuf *sb)
{
	char start[40], end[40];
	od_error err;
	roster_duty duty;
	if (roster_on_duty(env->ctx.db, slot, &duty, &err) != OD_OK)
		memset(&duty, 0, sizeof duty);
	if (env->g.json) {
		sb_addf(sb, "\"%s\":{\"day\":", key);
		sb_add_json(sb, slot->day);
		sb_add(sb, ",\"shift\":");
		sb_add_json(sb, slot->shift->id);
		sb_add(sb, ",\"name\":");
		sb_add_json(sb, slot->shift->name);
		sb_addf(sb, ",\"start\":\"%s\",\"end\":\"%s\",\"people\":[",
			clock_format_iso(slot->start, start, sizeof start),
			clock_format_iso(slot->end, end, sizeof end));
	} else {
		sb_addf(sb, "%s: %s %s, %s - %s\n", title, slot->shift->id, slot->shift->name,
			clock_format(slot->start, start, sizeof start),
			clock_format(slot->end, end, sizeof end));
	}
	strbuf absent = {0};
	for (size_t i = 0; i < duty.nabsent; i++) {
		const staff_member *m = &duty.absent[i];
		if (env->g.json) {
			sb_add(&absent, i ? "," : "");
			sb_add_json(&absent, m->login);
		} else {
			sb_addf(&absent, "%s%s %s", i ? ", " : "", m->name, m->login);
		}
	}
	size_t shown = duty.npresent;
	for (size_t i = 0; i < duty.npresent; i++) {
		const staff_member *m = &duty.present[i];
		if (env->g.json) {
			sb_add(sb, i ? ",{\"login\":" : "{\"login\":");
			sb_add_json(sb, m->login);
			sb_add(sb, ",\"name\":");
			sb_add_json(sb, m->name);
			sb_add(sb, ",\"phone\":");
			sb_add_json(sb, m->phone);
			sb_add(sb, ",\"roles\":[");
			for (size_t k = 0; k < m->nroles; k++) {
				sb_add(sb, k ? "," : "");
				sb_add_json(sb, m->roles[k]);
			}
			sb_add(sb, "]}");
		} else {
			char *roles = staff_role_names(env->rules, m, "、");
			sb_addf(sb, "  %s\t%s\t%s\t%s\n", m->login, m->name, roles, m->phone);
			free(roles);
		}
	}
	if (env->g.json) {
		sb_addf(sb, "],\"absent\":[%s]}", absent.buf ? absent.buf : "");
	} else {
		if (!shown)
			sb_addf(sb, "  %s\n", _("(nobody on duty)"));
		if (absent.len)
			sb_addf(sb, _("  absent (leave or deactivated): %s\n"), absent.buf);
	}
	sb_free(&absent);
	roster_duty_clear(&duty);
}

/* Aligns the tab-separated people lines of text output by display width. */
static void print_aligned(const char *text)
{
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *copy = xstrndup(line, len);
		if (strchr(copy, '\t')) {
			static const int widths[] = {14, 10, 24};
			int col = 0;
			for (char *field = copy, *tab; field; field = tab ? tab + 1 : NULL, col++) {
				tab = strchr(field, '\t');
				if (tab)
					*tab = '\0';
				if (tab && col < 3 && tab[1]) {
					cli_cell(stdout, field, widths[col]);
					fputc(' ', stdout);
				} else {
					cli_puts_safe(stdout, field);
				}
			}
		} else {
			cli_puts_safe(stdout, copy);
		}
		fputc('\n', stdout);
		free(copy);
		line += len + (nl != NULL);
	}
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_oncall, opts, argc, argv, &a, &rc))
		return rc;
	if (a.npos)
		return cli_usage_error(&cmd_oncall, _("unexpected argument '%s'"), a.pos[0]);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	time_t at = clock_now();
	od_error err;
	const char *at_text = cli_value(opts, &a, "at");
	if (at_text && clock_parse(at_text, &at, &err) != OD_OK)
		return cli_usage_error(&cmd_oncall, "--at: %s", err.msg);
	if (env->rules->shifts.n == 0) {
		fprintf(stderr, _("opsdesk: the rules define no shifts, so nobody is on duty by roster\n"));
		return 2;
	}
	shift_slot now, next;
	bool on = roster_slot_at(env->rules, at, &now), has_next = roster_slot_next(env->rules, at, &next);
	char when[40];
	strbuf sb = {0};
	if (env->g.json) {
		sb_addf(&sb, "{\"at\":\"%s\"", clock_format_iso(at, when, sizeof when));
		if (on) {
			sb_add(&sb, ",");
			print_slot(env, "now", _("on duty"), &now, &sb);
		}
		if (has_next) {
			sb_add(&sb, ",");
			print_slot(env, "next", _("next"), &next, &sb);
		}
		sb_add(&sb, "}\n");
		fputs(sb.buf, stdout);
	} else {
		sb_addf(&sb, _("at %s\n"), clock_format(at, when, sizeof when));
		if (on)
			print_slot(env, "now", _("on duty"), &now, &sb);
		else
			sb_addf(&sb, "%s\n", _("on duty: no shift covers this time"));
		if (has_next)
			print_slot(env, "next", _("next"), &next, &sb);
		print_aligned(sb.buf);
	}
	sb_free(&sb);
	return 0;
}
